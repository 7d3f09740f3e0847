"""Section B claims: proved with the true values, refuted or unknown with wrong ones."""

# The true values of every claim are checked once, in test_proofs_registry.py.

import numpy as np
import pytest
import sympy as sp
from hypothesis import given

from derive.activations import ACTIVATIONS
from derive.proof import PROVED, REFUTED, UNKNOWN
from derive.proofs import activations as A
from tests import strategies as S

NOT_PROVED = (REFUTED, UNKNOWN)
R = sp.Rational


def test_sigmoid_max_true_values_proved_with_the_square_certificate():
    p = A.sigmoid_max()
    assert p.verdict == PROVED
    assert "certificate" in p.method and "solve" in p.method
    assert any("SymPy's maximum over the reals: 1/4" in e for e in p.evidence)


@pytest.mark.parametrize("kw", [dict(max_value=R(1, 3)), dict(max_value=R(1, 5)),
                                dict(argmax=1), dict(strict=True)])
def test_sigmoid_max_wrong_claims_refuted(kw):
    assert A.sigmoid_max(**kw).verdict == REFUTED


def test_sigmoid_max_one_fifth_fails_at_a_rational_point():
    bound = A.sigmoid_max(max_value=R(1, 5)).steps[1]
    assert bound.verdict == REFUTED and "z = " in bound.reason


@pytest.mark.parametrize("kw", [dict(prime=lambda s: s * (1 + s)),
                                dict(sech_coefficient=R(1, 2)), dict(half_angle=1)])
def test_sigmoid_derivative_wrong_forms_refuted(kw):
    assert A.sigmoid_derivative(**kw).verdict == REFUTED


@pytest.mark.parametrize("kw", [dict(max_value=R(1, 2)), dict(max_value=2), dict(argmax=1),
                                dict(prime=lambda T: 1 + T ** 2)])
def test_tanh_max_wrong_claims_not_proved(kw):
    assert A.tanh_max(**kw).verdict in NOT_PROVED


@pytest.mark.parametrize("kw", [dict(right=2), dict(left=1), dict(at_zero=1),
                                dict(left=1, right=1)])
def test_relu_wrong_claims_refuted(kw):
    assert A.relu_derivative(**kw).verdict in NOT_PROVED


@pytest.mark.parametrize("kw", [dict(bound=R(1, 2)), dict(bound=2), dict(prime=sp.tanh)])
def test_softplus_wrong_claims_refuted(kw):
    assert A.softplus_derivative(**kw).verdict == REFUTED


@pytest.mark.parametrize("change", [{"sigmoid": R(1, 3)}, {"sigmoid": R(1, 5)}, {"tanh": R(1, 2)},
                                    {"softplus": 2}, {"relu": R(1, 2)}])
def test_gamma_wrong_values_refuted(change):
    assert A.activation_gamma({**A.GAMMAS, **change}).verdict == REFUTED


def test_gamma_missing_book_activation_is_unknown():
    partial = {k: v for k, v in A.GAMMAS.items() if k != "tanh"}
    assert A.activation_gamma(partial).verdict == UNKNOWN


@given(S.pre_activations)
def test_float_sigma_prime_never_exceeds_the_proved_max(z):
    assert ACTIVATIONS["sigmoid"].numpy_prime(np.array(z)) <= 0.25


@given(S.pre_activations)
def test_float_derivatives_never_exceed_gamma(z):
    for name in A.BOOK:
        assert abs(ACTIVATIONS[name].numpy_prime(np.array(z))) <= float(A.GAMMAS[name])


# ----------------------------------------------------------------- gamma from the formula alone

@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "softplus", "identity", "gelu",
                                  "softsign", "elu", "leaky_relu"])
def test_gamma_of_every_activation_proved_from_its_formula(name):
    p = A.gamma_proof(name)
    assert p.verdict == PROVED, [s.reason for s in p.steps if s.verdict != PROVED]


def test_gelu_gamma_is_exact_at_sqrt2_by_the_mean_value_theorem():
    p = A.gamma_proof("gelu")
    assert r"z = \sqrt{2}" in p.statement
    assert "mean value theorem" in p.rules


@pytest.mark.parametrize("name, wrong", [("sigmoid", R(1, 5)), ("sigmoid", R(1, 3)),
                                         ("tanh", R(9, 10)), ("gelu", R(11, 10)),
                                         ("gelu", R(6, 5)), ("softsign", R(1, 2)),
                                         ("elu", R(1, 2)), ("leaky_relu", R(1, 100))])
def test_gamma_wrong_value_refuted(name, wrong):
    assert A.gamma_proof(name, wrong).verdict == REFUTED


def test_gamma_wrong_argmax_refuted():
    assert A.gamma_proof("sigmoid", R(1, 4), argmax=1).verdict == REFUTED


@pytest.mark.slow  # ~22 s; the quick run proves the same bound for a user's swish (test_api)
def test_swish_gamma_statement_and_attained_step():
    p = A.gamma_proof("swish")
    assert r"\le 1.0999 \text{ for all }" in p.statement and "2.399357" in p.statement
    reached = p.steps[1]
    assert reached.verdict == PROVED and reached.method == "interval"
    # |swish'| <= 1.0999 everywhere by the real-analysis prover (its tails z -> +-oo through
    # the common denominator of swish'' with e^z divided out)
    assert p.verdict == PROVED, [s.reason for s in p.steps if s.verdict != PROVED]
    assert "change of variable" in p.rules


@pytest.mark.parametrize("wrong", ["1.09", "1.2", "1.0997"])
def test_swish_gamma_wrong_decimal_refuted(wrong):
    assert A.gamma_proof("swish", wrong).verdict == REFUTED


def test_every_registered_activation_has_a_gamma_claim_on_demand():
    from derive.proofs import get

    for name in ACTIVATIONS:
        assert A.gamma_claim(name) is get(f"gamma.{name}")
    assert A.gamma_claim("silu").summary == get("gamma.swish").summary

"""derive.proofs.matrix: the claims matrix.bp1..bp4, delta_product, spectral_bound; wrong claimed
values are refuted (or unknown), never proved."""

from __future__ import annotations

import pytest
import sympy as sp

from derive import matrix
from derive.proof import EVIDENCE, PROVED, REFUTED, UNKNOWN
from derive.proofs import get
from derive.proofs import matrix as pm

SMALL = [(2, 1), (1, 2, 2), (2, 2, 1, 2)]


@pytest.mark.parametrize("equation", matrix.EQUATIONS)
def test_matrix_claims_proved_on_a_subset(equation):
    p = getattr(pm, equation)(networks=SMALL)
    assert p.verdict == PROVED, p.steps
    assert p.id == f"matrix.{equation}"
    assert any("evidence, not proof" in e and "agree" in e for e in p.evidence)


@pytest.mark.parametrize("equation,wrong", [
    ("bp1", lambda net: net.grad_a),
    ("bp2", lambda net, l, d: net.sigma_prime(net.z(l)) * net.w(l + 1) * d),
    ("bp3", lambda net, l, d: d * 2),
    ("bp4", lambda net, l, d: d * net.a_composed(l).T),
    ("delta_product", lambda net, l: net.sigma_prime(net.z(l)) * net.grad_a[:1, :]),
])
def test_wrong_equations_rejected(equation, wrong):
    p = getattr(pm, equation)(networks=[(2, 2, 2)], rhs=wrong)
    assert p.verdict in (REFUTED, UNKNOWN) and p.verdict != PROVED


def test_registered_in_the_claim_registry():
    for eq in matrix.EQUATIONS + ("spectral_bound",):
        assert get(f"matrix.{eq}").id == f"matrix.{eq}"


def test_spectral_bound_proved_with_evidence():
    p = pm.spectral_bound()
    assert p.verdict == PROVED, [(s.claim, s.verdict, s.reason) for s in p.steps]
    text = " ".join(p.evidence)
    assert "tight" in text and "1.000000000000" in text
    assert "necessary, not sufficient" in text
    worst = float(p.evidence[0].split("= ")[1].split(" ")[0])
    assert worst <= 1.0


@pytest.mark.parametrize("kw", [
    {"power_offset": 2},  # gamma^{L-l+2}: too small, fails at L = 1, z = 0
    {"gamma": sp.Rational(1, 5)},  # below sup sigma' = 1/4
    {"activation": "tanh", "gamma": sp.Rational(1, 2)},
])
def test_spectral_bound_wrong_constants_refuted(kw):
    p = pm.spectral_bound(**kw)
    assert p.verdict == REFUTED


def test_spectral_bound_other_activations():
    for act in ("tanh", "relu", "softplus"):
        assert pm.spectral_bound(activation=act).verdict == PROVED
    assert pm.spectral_bound().verdict not in (EVIDENCE, UNKNOWN)


@pytest.mark.parametrize("activation", ["softsign", "gelu"])
def test_spectral_bound_for_any_registered_activation(activation):
    # |f'| <= gamma comes from the activation registry's one proof (abs_prime_bound)
    assert pm.spectral_bound(activation=activation).verdict == PROVED
    assert pm.spectral_bound(activation=activation, gamma=sp.Rational(9, 10)).verdict == REFUTED

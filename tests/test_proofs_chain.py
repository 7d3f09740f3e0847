"""Section A claims: the product form and the ratio, with wrong factors and constants."""

import numpy as np
import pytest
from hypothesis import given

from derive import chain
from derive.activations import ACTIVATIONS
from derive.proof import PROVED, REFUTED
from derive.proofs.chain import product_form, ratio
from tests import strategies as S

SIG = ACTIVATIONS["sigmoid"]
z1, z2, w2, w3 = (chain.sym(n, j) for n, j in (("z", 1), ("z", 2), ("w", 2), ("w", 3)))


def test_product_form_with_a_dropped_factor_is_refuted():
    good = chain.gradient(4).factors
    dropped = good[:2] + good[3:]  # sigma'(z_2) left out
    assert product_form().verdict == PROVED
    assert product_form(factors=dropped).verdict == REFUTED


def test_ratio_proved_and_its_certificate_is_explicit():
    p = ratio()
    assert p.verdict == PROVED
    assert any("certificate" in s.reason for s in p.steps)
    assert "induction" in p.rules and "every depth" in p.statement


@pytest.mark.parametrize("factors", [
    (SIG.prime(z1), w2, w3),  # dropped sigma'(z_2)
    (SIG.prime(z1), w2, SIG.prime(z2)),  # dropped w_3
    (SIG.prime(z1), w3, SIG.prime(z2), w3),  # wrong weight
])
def test_ratio_with_wrong_factors_refuted(factors):
    assert ratio(factors=factors).verdict == REFUTED


@pytest.mark.parametrize("constant", [20, 17, 32])
def test_ratio_with_too_large_a_constant_refuted(constant):
    assert ratio(constant=constant).verdict == REFUTED


def test_ratio_weaker_true_constant_still_proved():
    assert ratio(constant=8).verdict == PROVED  # |r| <= |w_2 w_3|/16 <= |w_2 w_3|/8


@given(S.pre_activations, S.pre_activations, S.weights, S.weights)
def test_float_ratio_never_exceeds_the_proved_bound(a, b, u, v):
    r = abs(SIG.numpy_prime(np.array(a)) * u * SIG.numpy_prime(np.array(b)) * v)
    assert r <= abs(u * v) / 16

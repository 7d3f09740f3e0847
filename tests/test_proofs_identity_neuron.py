"""Claim identity_neuron (Problem 2): the bound |R| <= w_1^2/96 and wrong constants."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given

from derive.activations import ACTIVATIONS
from derive.proof import PROVED, REFUTED
from derive.proofs.identity_neuron import identity_neuron
from tests import strategies as S

R = sp.Rational


def test_true_values_proved():
    p = identity_neuron()
    assert p.verdict == PROVED
    assert any("sharp" in s.claim for s in p.steps)


@pytest.mark.parametrize("kw", [dict(coefficient=R(1, 100)), dict(coefficient=R(1, 97)),
                                dict(weight=lambda w: 2 / w), dict(bias=lambda w: -w),
                                dict(constant=lambda w: 1 / w)])
def test_wrong_values_refuted(kw):
    assert identity_neuron(**kw).verdict == REFUTED


def test_weaker_constant_is_still_true():
    assert identity_neuron(coefficient=R(1, 90)).verdict == PROVED


@given(S.small_weights, S.unit_inputs, S.signs)
def test_float_remainder_never_exceeds_the_proved_bound(w1, x, sign):
    w1 *= sign
    r = 4 / w1 * ACTIVATIONS["sigmoid"].numpy(w1 * x - w1 / 2) - 2 / w1 - (x - 0.5)
    rounding = 8 * np.finfo(float).eps * 4 / abs(w1)  # a few ulps of the largest term
    assert abs(r) <= w1 * w1 / 96 + rounding

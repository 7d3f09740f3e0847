"""Section D claims: construction, necessity, the window and its maximum; wrong values fail."""

# The true values of every claim are checked once, in test_proofs_registry.py.

import numpy as np
import pytest
import sympy as sp
from hypothesis import given

from derive.activations import ACTIVATIONS
from derive.errors import InputError
from derive.proof import PROVED, REFUTED, UNKNOWN
from derive.proofs import exploding as X
from derive.proofs._claimed import decimal_box
from tests import strategies as S

NOT_PROVED = (REFUTED, UNKNOWN)
R = sp.Rational


@pytest.mark.parametrize("kw", [dict(factor=20), dict(grad_first=3906), dict(grad_last=R(1, 2)),
                                dict(ratio=625), dict(general_factor=lambda w: w / 2),
                                dict(weight=80)])
def test_construction_wrong_values_refuted(kw):
    assert X.construction(**kw).verdict == REFUTED


def test_construction_other_weight_with_matching_values_proved():
    p = X.construction(weight=8, factor=2, grad_first=2, grad_last=R(1, 4), ratio=8)
    assert p.verdict == PROVED


@pytest.mark.parametrize("kw", [dict(threshold=5), dict(point=lambda w, b: b / w)])
def test_necessary_wrong_claims_refuted(kw):
    assert X.necessary(**kw).verdict == REFUTED


def test_necessary_weaker_threshold_not_proved():
    assert X.necessary(threshold=3).verdict in NOT_PROVED


@pytest.mark.parametrize("width", [
    lambda w: 1 / w * sp.log(w * (1 + sp.sqrt(1 - 4 / w)) / 2 - 1),  # 1/|w| for 2/|w|
    lambda w: 2 / w * sp.log(w * (1 + sp.sqrt(1 - 4 / w)) / 2),  # the "- 1" dropped
    lambda w: 2 / w * sp.log(w * (1 - sp.sqrt(1 - 4 / w)) / 2 - 1),  # wrong sign
])
def test_window_wrong_formulas_refuted(width):
    assert X.window(width=width).verdict == REFUTED


@pytest.mark.parametrize("kw", [dict(argmax=7), dict(max_width="0.5"), dict(argmax="7.0"),
                                dict(max_width="0.45..."), dict(argmax="6.894151033..."),
                                dict(max_width="0.4477432046")])
def test_window_max_wrong_values_refuted(kw):
    assert X.window_max(**kw).verdict == REFUTED


@pytest.mark.parametrize("kw", [dict(argmax="6.9", max_width="0.45"),  # the book's figures
                                dict(max_width="0.4477432047"),  # rounded, not truncated
                                dict(argmax="6.89415103227...")])
def test_window_max_other_correct_readings_proved(kw):
    assert X.window_max(**kw).verdict == PROVED


def test_window_max_proof_shows_uniqueness_and_limits():
    p = X.window_max()
    claims = " ".join(s.claim for s in p.steps)
    assert "strictly decreasing" in claims and r"\to 4^+" in claims
    assert any("TypeError" in e or "maximum" in e for e in p.evidence)


def test_decimal_box_readings():
    assert decimal_box("6.334e-5")[:2] == (R(63335, 10 ** 9), R(63345, 10 ** 9))
    assert decimal_box("0.45...")[:2] == (R(45, 100), R(46, 100))
    assert decimal_box("-1.5...")[:2] == (R(-16, 10), R(-15, 10))
    assert decimal_box(7)[:2] == (7, 7)
    with pytest.raises(InputError):
        decimal_box("six")


def _measured_width(w: float, b: float, n: int = 200_001) -> tuple[float, float]:
    c = -b / w
    a = np.linspace(c - 1, c + 1, n)
    ok = np.abs(w * ACTIVATIONS["sigmoid"].numpy_prime(w * a + b)) >= 1
    return ok.sum() * (a[1] - a[0]), 2 * (a[1] - a[0])


@given(S.big_weights, S.biases)
def test_float_window_matches_the_proved_width(w, b):
    measured, resolution = _measured_width(w, b)
    exact = float(X.book_width(sp.Float(w)))
    assert abs(measured - exact) <= resolution
    assert measured <= 0.4477432047 + resolution  # never above the proved maximum


def test_sympy_maximum_on_the_window_width_fails_or_agrees():
    """Evidence, not proof: SymPy 1.14's ``maximum`` raises on this function (a ConditionSet);
    if a later SymPy answers, its answer must agree with the proved enclosure."""
    from sympy.calculus.util import maximum

    wv = sp.Symbol("w", positive=True)
    try:
        found = maximum(X.book_width(wv), wv, sp.Interval(4, sp.oo))
    except (TypeError, NotImplementedError, ValueError):
        return
    lo, hi, _ = decimal_box("0.4477432046...")
    assert lo <= float(found) <= hi

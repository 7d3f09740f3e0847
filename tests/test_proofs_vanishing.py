"""Section C claims: the 4^-L bound and the Gaussian-weight figures, wrong values rejected."""

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from mpmath import iv

from derive import chain, intervals
from derive.numerics import LOG10_ATOL
from derive.proof import PROVED, REFUTED, UNKNOWN
from derive.proofs import vanishing as V
from tests import strategies as S

NOT_PROVED = (REFUTED, UNKNOWN)


def test_bound_proved_and_wrong_base_refuted():
    assert V.bound().verdict == PROVED
    assert V.bound(base=5).verdict == REFUTED
    assert V.bound(base=3).verdict in NOT_PROVED + (PROVED,)  # weaker, true: never refuted
    assert V.bound(base=3).verdict != REFUTED


def test_gaussian_proved():
    p = V.gaussian()
    assert p.verdict == PROVED and "interval" in p.method


@pytest.mark.parametrize("kw", [
    dict(mean_abs=1 / sp.sqrt(sp.pi)),
    dict(mean_bound=1 / sp.sqrt(2 * sp.pi)),
    dict(mean_decimal="0.19948..."),
    dict(p_small=sp.erf(sp.Rational(1, 2))),
    dict(p_small_decimal="0.683..."),
    dict(p_big_decimal="6.4e-5"),
    dict(p_big_decimal="6.334e-6"),
    dict(threshold=5),
    dict(threshold=3),
])
def test_gaussian_wrong_values_refuted(kw):
    assert V.gaussian(**kw).verdict in NOT_PROVED


def test_rounded_and_truncated_readings_of_the_same_number():
    assert V.gaussian(mean_decimal="0.1995").verdict == PROVED  # rounded to 4 digits
    assert V.gaussian(mean_decimal="0.1995...").verdict == REFUTED  # truncation would be 0.1994


@given(S.erf_arguments)
def test_erf_enclosure_contains_mpmath_erf(x):
    with intervals.precision(120):
        enc = V.erf_enclosure(iv.mpf(x))
    with mpmath.workdps(60):  # 200 bits: far below the enclosure's width
        ref = mpmath.erf(mpmath.mpf(x))
        assert enc.a <= ref <= enc.b


def test_erf_enclosure_is_tight_and_refuses_negative_arguments():
    with intervals.precision(200):
        enc = 1 - V.erf_enclosure(2 * iv.sqrt(iv.mpf(2)))
        assert enc.b - enc.a < iv.mpf(2) ** -130  # 200-bit arithmetic, ~70 bits lost
        with pytest.raises(intervals.NotEnclosable):
            V.erf_enclosure(iv.mpf(-1))


@given(S.chain_params(S.shallow_depths))
def test_float_backprop_never_exceeds_the_proved_bound(params):
    lg = chain.backprop(params)
    if lg.sign_b[0] == 0:
        return
    _, a = chain.forward(params)
    cgrad = abs(a[-1] - params.y)
    if cgrad == 0 or np.any(params.w[1:] == 0):
        return
    rhs = (-params.depth * np.log10(4) + np.sum(np.log10(np.abs(params.w[1:])))
           + np.log10(cgrad))
    assert lg.log10_b[0] <= rhs + LOG10_ATOL

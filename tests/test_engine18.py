"""heldout12's erf, Gaussian-tail and high-order Taylor unknowns (engine18): exact constants in
Taylor models (derive.surd: ``2/\\sqrt\\pi - \\sqrt{4/\\pi}`` is exactly 0), models of erf,
erfc and ``x^c`` (``c`` irrational) against mpmath, the order raised by a polynomial's degree
(Sollya's sinc remainder), and monotone Gaussian tails (derive.gausstail.monotone_tail:
Mills', Chu's and Polya's bounds); each proof made, and a wrong variant (a constant moved by
a tiny margin) not proved."""

import mpmath
import pytest
import sympy as sp
from flint import fmpq
from hypothesis import given
from hypothesis import strategies as st

from derive import gausstail, intervals, taylor
from derive.proof import PROVED
from derive.realprove import build_problem, decide
from derive.surd import Surd, from_sympy
from tests.test_taylor import _contains

x = sp.Symbol("x", real=True)
R = sp.Rational
PI = sp.pi

# numbers built from rationals, pi and square roots: exact Surds
CONSTANTS = [2 / sp.sqrt(PI), sp.sqrt(4 / PI), 1 / sp.sqrt(2 * PI), sp.sqrt(2) / 2,
             4 / PI, sp.sqrt(8) * sp.sqrt(3), PI ** 2 / 3, (1 + sp.sqrt(2)) ** 3,
             sp.sqrt(R(3, 7)) - PI ** R(-3, 2), sp.sqrt(2) * sp.sqrt(PI) / PI]

def _value_in(got, c) -> bool:
    """Whether the Surd (or rational) ``got`` encloses the SymPy number ``c`` (50 digits)."""
    ball = got.ball() if isinstance(got, Surd) else intervals.arb(got)
    with mpmath.workdps(50):
        return _contains(intervals.Iv.of(ball), mpmath.mpf(str(sp.N(c, 50))))


@pytest.mark.parametrize("c", CONSTANTS)
def test_surds_are_exact_and_evaluate_to_their_value(c):
    s = from_sympy(c)
    assert s is not None and _value_in(s, c)


def test_surds_cancel_exactly():
    a, b = from_sympy(2 / sp.sqrt(PI)), from_sympy(4 / PI).sqrt()
    assert a - b == 0 and isinstance(a - b, fmpq)
    assert from_sympy(sp.sqrt(2) * sp.sqrt(6)) - from_sympy(2 * sp.sqrt(3)) == 0
    assert from_sympy(1 / sp.sqrt(2 * PI)) * from_sympy(sp.sqrt(2 * PI)) == 1
    assert from_sympy(sp.E) is None and from_sympy(sp.sqrt(PI + 1)) is None  # not Surds


@given(st.sampled_from(range(len(CONSTANTS))), st.sampled_from(range(len(CONSTANTS))),
       st.integers(-5, 5))
def test_surd_arithmetic_is_that_of_the_reals(i, j, k):
    a, b = from_sympy(CONSTANTS[i]), from_sympy(CONSTANTS[j])
    exact = CONSTANTS[i] * CONSTANTS[j] + k * CONSTANTS[i] - CONSTANTS[j]
    assert _value_in(a * b + k * a - b, exact)


def test_polya_touches_to_third_order_with_exact_coefficients():
    # sqrt(1 - e^{-4x^2/pi}) - erf x = (2/sqrt(pi)) (1/3 - 1/pi) x^3 + ...: the x terms
    # (2/sqrt(pi) both) cancel exactly
    m = taylor.model(sp.sqrt(1 - sp.exp(-4 * x ** 2 / PI)) - sp.erf(x), x, 0, 0, R(1, 4))
    assert m.v == 3
    unit, sign = m.side(1)
    assert unit.lo > 0 and sign == 1


def test_the_order_follows_the_polynomial_degree():
    p = x ** 10 / 39916800 - x ** 8 / 362880 + x ** 6 / 5040 - x ** 4 / 120 + x ** 2 / 6 - 1
    assert taylor.order_for(p + sp.sin(x) / x, x) == 14
    assert taylor.order_for(sp.exp(x) - 1 - x, x) == taylor.ORDER
    m = taylor.model(p + sp.sin(x) / x, x, 0, 0, 1)
    assert m.v == 12  # sin x / x - p = -x^12/13! + ...


SINC = sp.Abs(x ** 10 / 39916800 - x ** 8 / 362880 + x ** 6 / 5040 - x ** 4 / 120 + x ** 2 / 6
              - 1 + sp.sin(x) / x)
SINC_DOMAIN = [x >= -1, x <= 1, sp.Ne(x, 0)]


def test_sollya_taylorform_sinc_is_proved():
    got = decide(R(81, 500000000000) - SINC, False, SINC_DOMAIN, "sinc", seconds=8)
    assert got.verdict == PROVED


def test_sollya_sinc_with_a_bound_below_the_error_is_not_proved():
    # the error reaches 1.598e-10 at x = +-1
    got = decide(R(159, 10 ** 12) - SINC, False, SINC_DOMAIN, "wrong", seconds=8)
    assert got.verdict != PROVED


MILLS = (sp.erfc(sp.sqrt(2) * x / 2) / 2
         - sp.sqrt(2) * x * sp.exp(-x ** 2 / 2) / (2 * sp.sqrt(PI) * (x ** 2 + 1)))
CHU = sp.erf(x) - sp.sqrt(1 - sp.exp(-x ** 2))
POLYA = sp.sqrt(1 - sp.exp(-4 * x ** 2 / PI)) - sp.erf(x)


def monotone(slack, domain, strict=False, seconds=6.0):
    return gausstail.monotone_tail(build_problem(slack, strict, domain), "claim", seconds)


@pytest.mark.parametrize("slack, strict, domain", [
    (MILLS, True, [x > 0]), (CHU, False, [x >= 0]), (POLYA, False, [x >= 0])])
def test_gaussian_bounds_by_a_monotone_tail(slack, strict, domain):
    got = monotone(slack, domain, strict)
    assert got is not None and got.verdict == PROVED
    assert "case split" in got.rules and "monotone towards the limit" in got.reason


@pytest.mark.parametrize("slack, strict, domain", [
    (MILLS, True, [x > 0]), (CHU, False, [x >= 0]), (POLYA, False, [x >= 0])])
def test_gaussian_bounds_are_decided_by_the_engine(slack, strict, domain):
    assert decide(slack, strict, domain, "claim", seconds=8).verdict == PROVED


@pytest.mark.parametrize("slack, strict, domain", [
    # Mills with x^2 + 1 - 1/100: false far out (1/x - 0.99/x^3 > the tail's 1/x - 1/x^3)
    (sp.erfc(sp.sqrt(2) * x / 2) / 2 - sp.sqrt(2) * x * sp.exp(-x ** 2 / 2)
     / (2 * sp.sqrt(PI) * (x ** 2 + R(99, 100))), True, [x > 0]),
    (CHU - R(1, 10 ** 6), False, [x >= 0]),  # false at 0
    (POLYA - R(1, 10 ** 6), False, [x >= 0]),  # false at 0
    # Polya with 4/pi moved down: false near 0 (sqrt(a) < 2/sqrt(pi))
    (sp.sqrt(1 - sp.exp(-4 * x ** 2 * (1 - R(1, 10 ** 4)) / PI)) - sp.erf(x), False,
     [x >= 0]),
])
def test_wrong_gaussian_bounds_are_not_proved(slack, strict, domain):
    got = monotone(slack, domain, strict)
    assert got is None or got.verdict != PROVED
    assert decide(slack, strict, domain, "wrong", seconds=8).verdict != PROVED

"""Powers and logarithms at an end of the domain (engine17, issue #11's unknowns).

``u^v`` whose base's enclosure rounding carried below 0 (``cos x`` next to ``pi/2``) keeps a
bound (``derive.intervals._negative_base``), checked against mpmath at random points and at
the edges ``u = 0``, ``v = 0``; and ``derive.powerbound``: ``b^e`` bounded by ``b^n`` at a bound
``n`` of the exponent (``sin^{cos x} x + cos^{sin x} x > 1``), each proof made and a wrong
variant (a constant moved by a tiny margin) not proved."""

import mpmath
import sympy as sp
from hypothesis import example, given
from hypothesis import strategies as st

from derive import intervals, powerbound
from derive.proof import PROVED
from derive.realprove import build_problem, decide

x, y = sp.symbols("x y", real=True)
Q = sp.Rational
HALF_PI = [x > 0, x < sp.pi / 2]
SIN_COS = sp.sin(x) ** sp.cos(x) + sp.cos(x) ** sp.sin(x) - 1


def _iv(lo, hi):
    return intervals.from_interval(intervals.interval(lo, hi))


def _mp(q):
    return mpmath.mpf(q.p) / q.q


def _power_value(a, t):
    """``a^t`` as SymPy reads it (0^0 = 1, a < 0 only at an integer t), or None."""
    if a == 0:
        return None if t < 0 else (mpmath.mpf(1) if t == 0 else mpmath.mpf(0))
    if a < 0:
        return mpmath.power(a, int(t)) if t == int(t) else None
    return mpmath.power(a, t)


rationals = st.fractions(min_value=-3, max_value=3, max_denominator=64).map(
    lambda f: Q(f.numerator, f.denominator))


@given(rationals, rationals, rationals, rationals, st.integers(0, 8))
@example(Q(-1, 10 ** 20), Q(1, 2), Q(9, 10), Q(1), 0)  # cos x next to pi/2, t = sin x
@example(Q(0), Q(0), Q(0), Q(0), 0)  # 0^0
@example(Q(-1, 2), Q(0), Q(-2), Q(2), 3)
@example(Q(0), Q(1, 3), Q(0), Q(1), 5)
def test_variable_power_encloses_its_values(a0, a1, t0, t1, k):
    """x^y on a box of the base (possibly a little below 0) and of the exponent contains the
    value at every defined point (a grid of the box, its corners and the integers of t),
    in the textbook reading and, where that succeeds, the strict one."""
    mpmath.mp.dps = 40
    (a0, a1), (t0, t1) = sorted((a0, a1)), sorted((t0, t1))
    f = intervals.compile_expr(x ** y, (x, y))
    box = [_iv(a0, a1), _iv(t0, t1)]
    loose = f(box, defined=False)
    try:
        tight = f(box, defined=True)
    except intervals.NotEnclosable:
        tight = None
    ts = {t0, t1, t0 + (t1 - t0) * Q(k, 8)} | {Q(n) for n in range(-3, 4) if t0 <= n <= t1}
    az = {a0, a1, a0 + (a1 - a0) * Q(k, 8)} | ({Q(0)} if a0 <= 0 <= a1 else set())
    tol = mpmath.mpf(10) ** -30
    for a in az:
        for t in ts:
            v = _power_value(_mp(a), _mp(t))
            if v is None:
                assert tight is None
                continue
            assert loose is not None
            for got in (loose, tight) if tight is not None else (loose,):
                lo, hi = intervals._to_mpf(got.lo), intervals._to_mpf(got.hi)
                assert lo - tol * (1 + abs(v)) <= v <= hi + tol * (1 + abs(v)), (a, t, v, got)


def test_a_base_rounded_below_zero_keeps_its_bound():
    """cos x on a box ending at an enclosure of pi/2 dips below 0; with the exponent
    sin x near 1 the power was [-oo, oo], now within [-10^-15, 1/10]."""
    f = intervals.compile_expr(sp.cos(x) ** sp.sin(x), (x,))
    half_pi = intervals.from_interval(intervals.interval(sp.pi / 2))
    got = f([intervals.Iv(intervals.from_interval(intervals.interval(Q(31, 20))).lo,
                          half_pi.hi)])
    assert got.is_finite()
    assert got.lo > intervals.arb("-1e-15") and got.hi < intervals.arb("0.1")


def test_zero_base_is_defined_for_a_positive_exponent():
    """0^t = 0 for t > 0: the strict reading succeeds on a base box [0, b]; at t = 0 (0^0 is
    not continuous there) it still says no."""
    f = intervals.compile_expr(x ** y, (x, y))
    got = f([_iv(0, 2), _iv(Q(1, 2), 1)], defined=True)
    assert got.lo == 0 and got.hi >= 2 and got.hi < 2 + Q(1, 10 ** 9)
    try:
        f([_iv(0, 2), _iv(0, 1)], defined=True)
        raise AssertionError("0^0 read as defined and continuous")
    except intervals.NotEnclosable:
        pass


def _bound(slack, domain, strict, seconds=6.0):
    return powerbound.power_bound(build_problem(slack, strict, domain), "claim", seconds)


def test_sin_cos_power_sum_by_power_bounds():
    got = _bound(SIN_COS, HALF_PI, True)
    assert got is not None and got.verdict == PROVED
    assert "logarithm of both sides" in got.rules and "sum of inequalities" in got.rules


def test_sin_cos_power_sum_decided_by_the_engine():
    assert decide(SIN_COS, True, HALF_PI, "sin-cos power sum", seconds=8).verdict == PROVED


def test_sin_cos_power_sum_with_a_larger_bound_is_not_proved():
    wrong = SIN_COS - Q(1, 10 ** 6)
    assert _bound(wrong, HALF_PI, True) is None
    assert decide(wrong, True, HALF_PI, "wrong", seconds=4).verdict != PROVED


def test_a_base_above_one_at_the_exponent_lower_bound():
    """(1 + x)^{1 + x} >= 1 + x on [0, 1]: the base >= 1, the exponent >= 1."""
    slack = (1 + x) ** (1 + x) - 1 - x
    got = _bound(slack, [x >= 0, x <= 1], False)
    assert got is not None and got.verdict == PROVED
    assert _bound(slack - Q(1, 10 ** 6), [x >= 0, x <= 1], False) is None


def test_an_upper_bound_where_the_coefficient_is_negative():
    """x^x <= 1 on (0, 1): the base <= 1, x^x <= x^0 (the exponent's lower bound 0)."""
    slack = 1 - x ** x
    got = _bound(slack, [x > 0, x < 1], False)
    assert got is not None and got.verdict == PROVED
    assert _bound(slack - Q(1, 10 ** 6), [x > 0, x < 1], False) is None


# ---- a zero like t^p at an excluded end (derive.endzero), the quotient R x^{-p} enclosed

TOPSOE = 2 * sp.log(2) * sp.sqrt(x * (1 - x)) + x * sp.log(x) + (1 - x) * sp.log(1 - x)
UNIT = [x > 0, x < 1]


@given(st.fractions(min_value=0, max_value=1, max_denominator=1000), st.integers(1, 12))
@example(Q(0), 1)
@example(Q(1), 12)
def test_vanishing_quotient_encloses_its_values(frac, k):
    """ln(1 - x)/sqrt(x), sin(x)/x^{2/3}, (1 - x) ln(1 - x)/x^{1/3} on [0, h] (the mean value form
    at x = 0) contain their values at points of the box (mpmath, 40 digits), and are finite."""
    mpmath.mp.dps = 40
    h = Q(k, 16)
    point = h * Q(frac.numerator, frac.denominator)
    for e, fn in ((sp.log(1 - x) / sp.sqrt(x), lambda v: mpmath.log(1 - v) / mpmath.sqrt(v)),
                  (sp.sin(x) * x ** Q(-2, 3), lambda v: mpmath.sin(v) / mpmath.cbrt(v) ** 2),
                  ((1 - x) * sp.log(1 - x) * x ** Q(-1, 3),
                   lambda v: (1 - v) * mpmath.log(1 - v) / mpmath.cbrt(v))):
        got = intervals.compile_expr(e, (x,))([_iv(0, h)])
        assert got.is_finite()
        if point == 0:
            continue
        v = fn(_mp(point))
        lo, hi = intervals._to_mpf(got.lo), intervals._to_mpf(got.hi)
        assert lo - mpmath.mpf(10) ** -30 <= v <= hi + mpmath.mpf(10) ** -30, (e, point, got)


def test_vanishing_quotient_is_not_used_where_the_rest_does_not_vanish():
    """cos(x)/sqrt(x) on [0, 1]: the rest is 1 at 0, the quotient is unbounded (no mean
    value form); the strict reading of sin(x)/sqrt(x) still says no at x = 0."""
    f = intervals.compile_expr(sp.cos(x) / sp.sqrt(x), (x,))
    assert not f([_iv(0, 1)]).is_finite()
    try:
        intervals.compile_expr(sp.sin(x) / sp.sqrt(x), (x,))([_iv(0, 1)], defined=True)
        raise AssertionError("sin(x)/sqrt(x) read as defined at 0")
    except intervals.NotEnclosable:
        pass


def _end_zero(slack, domain, strict=False, seconds=6.0):
    from derive import endzero

    return endzero.end_zero(build_problem(slack, strict, domain), "claim", seconds)


def test_topsoe_by_the_zeros_at_both_ends():
    got = _end_zero(TOPSOE, UNIT)
    assert got is not None and got.verdict == PROVED
    assert {"case split", "product of signs", "change of variable"} <= set(got.rules)


def test_topsoe_decided_by_the_engine():
    assert decide(TOPSOE, False, UNIT, "Topsoe", seconds=8).verdict == PROVED


def test_topsoe_with_a_smaller_constant_is_not_proved():
    """2 ln 2 -> 1.38 (the slack < 0 at x = 1/2) and the slack less 10^-6 (< 0 at the
    ends): neither proved."""
    smaller = TOPSOE - (2 * sp.log(2) - Q(138, 100)) * sp.sqrt(x * (1 - x))
    assert _end_zero(smaller, UNIT) is None
    assert _end_zero(TOPSOE - Q(1, 10 ** 6), UNIT) is None
    assert decide(smaller, False, UNIT, "wrong", seconds=4).verdict != PROVED

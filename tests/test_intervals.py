"""derive.intervals on arb: every enclosure contains the true value (checked against mpmath
at 50 digits), the endpoint form stays tight where balls lose, the public API of the mpmath
version is kept, and unknown or undefined things are NotEnclosable."""

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from derive import intervals
from derive.intervals import NotEnclosable, enclose, interval

x = sp.Symbol("x", real=True)
w = sp.Symbol("w", real=True)

# ---- input domains of this file
rationals = st.builds(lambda p, q: sp.Rational(p, q), st.integers(-400, 400),
                      st.integers(1, 60))
UNARY = [sp.exp, sp.tanh, sp.atan, sp.erf, sp.sinh, sp.cosh, sp.sin, sp.cos, sp.Abs,
         lambda e: sp.log(1 + e ** 2), lambda e: sp.sqrt(1 + e ** 2), lambda e: e ** 3,
         lambda e: 1 / (2 + sp.sin(e)), lambda e: sp.atanh(sp.tanh(e) / 2)]


@st.composite
def expressions(draw, depth=2):
    """A random expression in ``x`` from UNARY, +, * and rational constants."""
    if depth == 0 or draw(st.booleans()):
        return x if draw(st.booleans()) else x * draw(rationals) + draw(rationals)
    kind = draw(st.sampled_from(["unary", "add", "mul"]))
    a = draw(expressions(depth=depth - 1))
    if kind == "unary":
        return draw(st.sampled_from(UNARY))(a)
    b = draw(expressions(depth=depth - 1))
    return a + b if kind == "add" else a * b


def _ends(enc) -> tuple[sp.Rational, sp.Rational]:
    """The exact ends of an interval (mpmath raw mpf tuples)."""
    out = []
    for sign, man, exp, _ in enc._mpi_:
        v = sp.Integer(man) * sp.Integer(2) ** exp
        out.append(-v if sign else v)
    return out[0], out[1]


def _true(expr, point):
    mpmath.mp.dps = 50
    return sp.N(expr.subs(x, point), 50)


@settings(max_examples=40)
@given(expressions(), rationals)
def test_point_enclosures_contain_the_value(expr, point):
    try:
        enc = enclose(expr, {x: interval(point)}, finite=True)
    except NotEnclosable:
        return
    true = _true(expr, point)
    if not true.is_real or abs(true) > 10 ** 12:
        return
    value = sp.Rational(str(true)) if true != 0 else sp.Integer(0)
    # the 50-digit value is within 1e-40 relative of the truth
    slop = abs(value) * sp.Rational(1, 10 ** 40) + sp.Rational(1, 10 ** 45)
    lo, hi = _ends(enc)
    assert lo - slop <= value <= hi + slop


@settings(max_examples=25)
@given(expressions(), rationals, st.integers(1, 200))
def test_box_enclosures_contain_every_sampled_value(expr, lo, width):
    hi = lo + sp.Rational(width, 50)
    try:
        enc = enclose(expr, {x: interval(lo, hi)})
    except NotEnclosable:
        return
    for k in range(5):
        p = lo + (hi - lo) * sp.Rational(k, 4)
        try:
            enclose(expr, {x: interval(p)}, finite=True)
        except NotEnclosable:
            continue  # undefined there: not covered by the enclosure
        true = _true(expr, p)
        if true.is_real and abs(true) < 10 ** 12:
            v = sp.Rational(str(true))
            slop = abs(v) * sp.Rational(1, 10 ** 40) + sp.Rational(1, 10 ** 45)
            a, b = _ends(enc)
            assert a - slop <= v <= b + slop


def test_exact_inputs():
    lo, hi = _ends(interval(sp.Rational(1, 3)))
    assert lo < sp.Rational(1, 3) < hi
    lo, hi = _ends(interval("0.45"))
    assert lo <= sp.Rational(9, 20) <= hi
    assert interval(2).a == interval(2).b == 2
    assert isinstance(interval(1, 2), intervals.Interval)


def test_endpoint_form_at_the_window_edge():
    """sqrt(w^2 - 16) and the window width at |w| = 4: a ball would dip below 0 there."""
    enc = enclose(sp.sqrt(w ** 2 - 16), {w: interval(4, "4.1")}, finite=True)
    assert enc.a == 0 and 0.8 < enc.b < 0.95
    width = 2 / w * sp.log(w * (1 + sp.sqrt(1 - 4 / w)) / 2 - 1)
    e = enclose(width, {w: interval(4, sp.Rational(41, 10))}, finite=True)
    assert e.a >= -0.01 and e.b < 0.2


def test_monotone_functions_stay_tight_on_wide_boxes():
    e = enclose(sp.exp(x), {x: interval(0, 10)})
    assert e.a == 1 and 22026 < e.b < 22027
    t = enclose(sp.tanh(x) + sp.erf(x), {x: interval(-100, 100)})
    assert -2.0001 < t.a and t.b < 2.0001


def test_erf_where_mpmath_did_not_converge():
    e = enclose(sp.erf(1 / sp.sqrt(2)), {}, finite=True)
    assert 0.6826894 < e.a <= e.b < 0.6826895


def test_two_readings_of_undefined_points():
    with pytest.raises(NotEnclosable):
        enclose(sp.log(x), {x: interval(0)}, finite=True)
    with pytest.raises(NotEnclosable):
        enclose(sp.tanh(4 / x), {x: interval(0)}, finite=True)
    with pytest.raises(NotEnclosable):
        enclose(sp.sqrt(x), {x: interval(-2, 1)}, finite=True)
    # the textbook reading: values at the points where it is defined
    e = enclose(sp.log(x), {x: interval(-1, 4)})
    assert e.a == -mpmath.inf and 1.38 < e.b < 1.39
    r = enclose(1 / x, {x: interval(0, 2)})
    assert r.a == 0.5 and r.b == mpmath.inf


@pytest.mark.parametrize("r", [sp.Rational(-1, 3), sp.Rational(-1, 2), sp.Rational(-3, 2),
                               sp.Rational(-2, 3), sp.Rational(1, 3), sp.Rational(5, 2)])
def test_fractional_powers_at_the_end_zero_of_their_domain(r):
    """x^r on [0, 1] (and on [-1, 1], real only for x > 0): the values near 0 (+oo for
    r < 0) are inside the enclosure; once it was [1, 0] for r < 0 (0^r taken as 0), which
    "proved" x^(-1/3) <= 10^6 on [0, 1]."""
    for box in (interval(0, 1), interval(-1, 1)):
        e = enclose(x ** r, {x: box})
        for p in (sp.Rational(1, 10 ** 30), sp.Rational(1, 7), sp.Integer(1)):
            v = sp.N(p ** r, 30)
            assert e.a <= v <= e.b, (r, box, p, e)


def test_unknown_functions_are_not_enclosable():
    with pytest.raises(NotEnclosable):
        enclose(sp.gamma(x), {x: interval(1)})
    with pytest.raises(NotEnclosable):
        enclose(x, {})


def test_precision_context_sets_the_working_precision():
    with intervals.precision(200):
        e = enclose(sp.pi, {}, finite=True)
    assert e.b - e.a < mpmath.mpf(2) ** -190
    e = enclose(sp.pi, {}, finite=True)
    assert e.b - e.a > mpmath.mpf(2) ** -100


def test_interval_mixes_with_mpmath_iv_and_a_wrong_value_is_rejected():
    from derive.proof import REFUTED, certify_enclosure

    e = enclose(sp.exp(1), {}, finite=True) + mpmath.iv.mpf(1)
    assert 3.718 < e.a < e.b < 3.719
    step = certify_enclosure(enclose(sp.E, {}, finite=True), "2.71", "2.715", "e", "test")
    assert step.verdict == REFUTED
    assert intervals.contains_zero(interval(-1, 1)) and not intervals.contains_zero(
        interval(1, 2))


def test_compiled_boxes_with_infinite_ends():
    f = intervals.compile_expr(1 - sp.Abs(sp.tanh(x)), (x,))
    box = [intervals.Iv(intervals.arb(3), intervals.POS_INF)]
    got = f(box, defined=True)
    assert got.lo >= 0 and got.hi < intervals.arb("0.01")


y = sp.Symbol("y", real=True)


def test_variable_powers_of_a_negative_base_at_integer_exponents():
    """a^t with a < 0 is real at integer t ((-1)^1 = -1, (-2)^2 = 4); the enclosure once
    covered only a > 0 (exp(t log a)), so x^y >= 0 on [-1, 1] x [0, 3] and -(-2)^y >= 0 on
    [1, 3] were "proved"."""
    from derive.proof import PROVED
    from derive.realprove import decide

    f = intervals.compile_expr(x ** y, (x, y))
    box = [intervals.from_interval(interval(-1, 1)), intervals.from_interval(interval(0, 3))]
    got = f(box)
    assert got.lo <= -1 and got.hi >= 1
    g = intervals.compile_expr(sp.Pow(-2, y), (y,))
    got = g([intervals.from_interval(interval(1, 3))])
    assert got is not None and got.lo <= -8 and got.hi >= 4
    # no integer exponent in the box: a < 0 gives no real value, as before
    got = g([intervals.from_interval(interval(sp.Rational(11, 10), sp.Rational(19, 10)))])
    assert got is None
    # a > 0 stays tight
    got = f([intervals.from_interval(interval(1, 2)), intervals.from_interval(interval(0, 3))])
    assert got.lo >= 1 and got.hi <= 8 + sp.Rational(1, 10 ** 6)
    assert decide(-sp.Pow(-2, y), False, [y >= 1, y <= 3], "c", seconds=2).verdict != PROVED
    assert decide(x ** y, False, [x >= -2, x <= -1, y >= 1, y <= 3], "c",
                  seconds=2).verdict != PROVED

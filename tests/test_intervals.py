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


# ---- a sweep at the edges of every function's domain, against mpmath at 50 digits

class _Undefined(Exception):
    pass


_MP = {sp.exp: "exp", sp.log: "log", sp.tanh: "tanh", sp.sinh: "sinh", sp.cosh: "cosh",
       sp.asinh: "asinh", sp.atan: "atan", sp.erf: "erf", sp.erfc: "erfc", sp.atanh: "atanh",
       sp.asin: "asin", sp.acos: "acos", sp.acosh: "acosh", sp.sin: "sin", sp.cos: "cos",
       sp.tan: "tan", sp.cot: "cot", sp.sec: "sec", sp.csc: "csc", sp.sech: "sech",
       sp.csch: "csch", sp.coth: "coth", sp.Abs: "fabs", sp.sign: "sign"}


def _real(v):
    """``v`` if it is a finite real number, else the point is not in the domain."""
    if isinstance(v, mpmath.mpc):
        if v.imag != 0:
            raise _Undefined
        v = v.real
    if not mpmath.isfinite(v):
        raise _Undefined
    return v


def _value(e, point):
    """The value of ``e`` at ``x = point`` (or at the point ``{symbol: value}``; mpmath, 50
    digits), every subexpression real and defined (SymPy's conventions: principal roots,
    0^0 = 1, sign(0) = 0), else ``_Undefined``."""
    if e.is_Symbol:
        return point[e] if isinstance(point, dict) else point
    if e.is_Rational:
        return mpmath.mpf(e.p) / e.q
    if e is sp.pi:
        return +mpmath.pi
    args = [_value(a, point) for a in e.args]
    try:
        if e.is_Add:
            return _real(mpmath.fsum(args))
        if e.is_Mul:
            return _real(mpmath.fprod(args))
        if e.is_Pow:
            a, t = args
            if a == 0:
                if t < 0:
                    raise _Undefined
                return mpmath.mpf(1) if t == 0 else mpmath.mpf(0)
            if a < 0 and not (e.args[1].is_integer or (not e.args[1].is_Number
                                                         and t == int(t))):
                raise _Undefined
            return _real(mpmath.power(a, int(t) if a < 0 else t))
        if isinstance(e, sp.Heaviside):
            return mpmath.mpf(1) if args[0] > 0 else mpmath.mpf(0)
        if isinstance(e, sp.Max):
            return max(args)
        if isinstance(e, sp.Min):
            return min(args)
        return _real(getattr(mpmath, _MP[e.func])(*args))
    except (ZeroDivisionError, ValueError):
        raise _Undefined from None


def _points(lo, hi):
    """Exact points of ``[lo, hi]`` (ends may be None: infinite): the ends, 10^-30 inside
    each end, an even grid; large ones on an infinite side."""
    tiny = sp.Rational(1, 10 ** 30)
    if lo is None and hi is None:
        return [sp.Integer(s * 10 ** k) for s in (-1, 1) for k in range(0, 31, 3)]
    if lo is None:
        return [hi, hi - tiny] + [hi - sp.Rational(10) ** k for k in range(-3, 31, 3)]
    if hi is None:
        return [lo, lo + tiny] + [lo + sp.Rational(10) ** k for k in range(-3, 31, 3)]
    out = [lo, lo + tiny, hi - tiny, hi] if hi - lo > 2 * tiny else [lo, hi]
    return out + [lo + (hi - lo) * k / 12 for k in range(1, 12)]


HALF_PI = sp.Rational(355, 226)  # within 1e-7 of pi/2
EDGES = [sp.Integer(0), sp.Integer(1), sp.Integer(-1), HALF_PI, -HALF_PI, 2 * HALF_PI]


def _both_readings(f, box, where):
    """The textbook reading (``defined=False``) and the strict one (None where a point of the
    box is undefined) on ``box``, neither inverted (lo <= hi)."""
    loose = f(box, defined=False)
    try:
        tight = f(box, defined=True)
    except NotEnclosable:
        tight = None
    for got in (loose, tight):
        assert got is None or got.lo <= got.hi, (where, got)
    return loose, tight


def _boxes():
    tiny = sp.Rational(1, 10 ** 30)
    half = sp.Rational(1, 2)
    for c in EDGES:
        yield from [(c, c), (c, c + half), (c - half, c), (c - half, c + half),
                    (c - tiny, c + tiny), (c, c + tiny), (c, None), (None, c)]
    yield (None, None)


def _iv(lo, hi):
    a = intervals.NEG_INF if lo is None else intervals.from_interval(interval(lo)).lo
    b = intervals.POS_INF if hi is None else intervals.from_interval(interval(hi)).hi
    return intervals.Iv(a, b)


SWEEP = {name: f for name, f in [
    *((g.__name__, g) for g in _MP if g is not sp.sign),
    ("sign", sp.sign), ("Heaviside", lambda e: sp.Heaviside(e, 0)),
    ("Max", lambda e: sp.Max(e, 0)), ("Min", lambda e: sp.Min(e, 1)),
    ("sqrt", sp.sqrt), ("cbrt", lambda e: sp.sign(e) * sp.Abs(e) ** sp.Rational(1, 3)),
    *((f"pow{r}", lambda e, r=r: e ** r) for r in (
        -1, -2, 3, sp.Rational(1, 3), sp.Rational(-1, 3), sp.Rational(-1, 2),
        sp.Rational(5, 2), sp.Rational(-3, 2))),
    ("2^x", lambda e: sp.Pow(2, e)), ("x^x", lambda e: sp.Pow(e, e)),
]}
COMPOSE = {"f(x)": lambda f: f(x), "f(1/x)": lambda f: f(1 / x),
           "f(x^(-1/3))": lambda f: f(x ** sp.Rational(-1, 3)), "1/f(x)": lambda f: 1 / f(x),
           "f(x)^(1/3)": lambda f: f(x) ** sp.Rational(1, 3),
           "f(x)^(-1/2)": lambda f: f(x) ** sp.Rational(-1, 2)}


@pytest.mark.parametrize("name", sorted(SWEEP))
def test_enclosures_at_the_edges_of_every_domain(name):
    """Every function the compiler handles, alone and composed (f(1/x), f(x^(-1/3)), 1/f,
    f^(1/3), f^(-1/2)), on boxes at, across, inside and beyond each edge (0, +-1, near
    +-pi/2 and pi, infinite ends): both readings contain the value at every sampled point
    where every subexpression is real and defined, and are never inverted."""
    mpmath.mp.dps = 50
    tol = mpmath.mpf(10) ** -40
    for label, comp in COMPOSE.items():
        expr = comp(SWEEP[name])
        try:
            f = intervals.compile_expr(expr, (x,))
        except NotEnclosable:
            continue
        for lo, hi in _boxes():
            loose, tight = _both_readings(f, [_iv(lo, hi)], (label, expr, lo, hi))
            for p in _points(lo, hi):
                try:
                    v = _value(expr, mpmath.mpf(p.p) / p.q)
                except _Undefined:
                    assert tight is None, ("defined=True but undefined at", expr, p)
                    continue
                assert loose is not None, ("no defined point, but", expr, p, v)
                for got in (loose, tight) if tight is not None else (loose,):
                    a, b = intervals._to_mpf(got.lo), intervals._to_mpf(got.hi)
                    assert a - tol * (1 + abs(v)) <= v <= b + tol * (1 + abs(v)), (
                        label, expr, (lo, hi), p, v, got)


def test_variable_powers_of_a_zero_base():
    """0^t is 0 for t > 0 and 1 for t = 0 (SymPy); the enclosure on a base box [a, 0] said
    "no defined point", so 1/2 - 0^y >= 0 on [0, 1] and x^y - 1 > 0 on [-1, 0] x [1/3, 1/2]
    were proved (vacuously)."""
    from derive.proof import PROVED
    from derive.realprove import decide

    f = intervals.compile_expr(x ** y, (x, y))
    t = [intervals.from_interval(interval(0, 1)), intervals.from_interval(interval(-1, 0))]
    for base in (interval(0), interval(-1, 0)):
        got = f([intervals.from_interval(base), t[0]])
        assert got.lo <= 0 and got.hi >= 1
        got = f([intervals.from_interval(base), t[1]])
        assert got.lo <= 1 <= got.hi
    third = intervals.from_interval(interval(sp.Rational(1, 3), sp.Rational(1, 2)))
    got = f([intervals.from_interval(interval(-1, 0)), third])
    assert got.lo <= 0 <= got.hi
    assert f([intervals.from_interval(interval(-1, 0)), -third]) is None
    assert decide(sp.Rational(1, 2) - sp.Pow(0, y), False, [y >= 0, y <= 1], "c",
                  seconds=2).verdict != PROVED
    assert decide(x ** y - 1, True, [x >= -1, x <= 0, y >= sp.Rational(1, 3),
                                     y <= sp.Rational(1, 2)], "c", seconds=2).verdict != PROVED


@pytest.mark.parametrize("expr", [x ** y, x ** (-y), (x - 1) ** y, (1 / x) ** y,
                                  sp.Abs(x) ** y, x ** (y / 2), sp.exp(y * sp.log(x))],
                         ids=str)
def test_variable_powers_at_the_edges(expr):
    """a^t on boxes of the base at, across and beyond 0 and -1 and of the exponent around
    integers and 0: the textbook reading contains every defined value (negative bases at
    integer exponents, 0^t for t >= 0), defined=True only where all points are defined."""
    mpmath.mp.dps = 50
    tol = mpmath.mpf(10) ** -40
    f = intervals.compile_expr(expr, (x, y))
    q = sp.Rational
    bases = [(0, 0), (-1, 0), (0, 1), (-1, 1), (-2, -1), (q(-1, 2), q(-1, 2)), (q(1, 2), 2)]
    exps = [(0, 0), (0, 1), (-1, 0), (1, 3), (q(1, 3), q(1, 2)), (q(-1, 2), q(-1, 3)),
            (-3, -1), (2, 2)]
    for bx in bases:
        for by in exps:
            loose, tight = _both_readings(f, [_iv(*bx), _iv(*by)], (bx, by))
            for px in _points(sp.sympify(bx[0]), sp.sympify(bx[1]))[::2]:
                for py in _points(sp.sympify(by[0]), sp.sympify(by[1]))[::2]:
                    try:
                        v = _value(expr, {x: mpmath.mpf(px.p) / px.q,
                                          y: mpmath.mpf(py.p) / py.q})
                    except _Undefined:
                        assert tight is None, ("defined=True but undefined at", px, py)
                        continue
                    assert loose is not None, ("no defined point, but", bx, by, px, py, v)
                    for got in (loose, tight) if tight is not None else (loose,):
                        a, b = intervals._to_mpf(got.lo), intervals._to_mpf(got.hi)
                        assert a - tol * (1 + abs(v)) <= v <= b + tol * (1 + abs(v)), (
                            bx, by, px, py, v, got)


R = sp.Rational
NEAR_AN_END = [(x ** R(-1, 3), [x >= 0, x <= 1]), (1 / x, [x >= 0, x <= 1]),
               (-sp.log(x), [x >= 0, x <= 1]), (sp.atanh(x), [x >= 0, x <= 1]),
               (x ** R(-1, 2), [x >= 0, x <= 1]), (sp.coth(x), [x >= 0, x <= 1]),
               (sp.csc(x), [x >= 0, x <= 1]), (sp.tan(x), [x >= 0, x <= R(8, 5)]),
               (sp.sec(x), [x >= 1, x <= 2]), (-sp.cot(x), [x >= -1, x <= 0]),
               (x ** -2, [x >= -1, x <= 1]), (sp.exp(1 / x), [x >= 0, x <= 1]),
               (-sp.log(1 - x ** 2), [x >= -1, x <= 1]), (sp.acosh(1 / x), [x >= 0, x <= 1])]


@pytest.mark.parametrize(("f", "domain"), NEAR_AN_END, ids=[str(f) for f, _ in NEAR_AN_END])
def test_false_only_near_a_domain_end_is_never_proved(f, domain):
    """10^6 - f >= 0 is false only near an end of f's domain (f unbounded there): the
    real-analysis engine on these enclosures refutes it or says unknown, never proved."""
    from derive.proof import PROVED
    from derive.realprove import decide

    assert decide(10 ** 6 - f, False, domain, "c", seconds=2).verdict != PROVED


def test_true_bounds_near_a_domain_end_are_still_proved():
    from derive.proof import PROVED
    from derive.realprove import decide

    assert decide(2 - x ** R(-1, 3), False, [x >= R(1, 8), x <= 1], "c").verdict == PROVED
    assert decide(x ** y, False, [x >= 0, x <= 1, y >= 1, y <= 2], "c").verdict == PROVED
    # cot -> -oo at 0 from the left: 10^6 - cot x is true on [-1, 0] (unbounded above there)
    assert decide(10 ** 6 - sp.cot(x), False, [x >= -1, x <= 0], "c").verdict == PROVED

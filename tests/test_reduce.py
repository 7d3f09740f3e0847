"""derive.reduce: claims in two or three variables reduced to claims in fewer by trusted rules.

Each reduction proves its true instance (through ``derive.realprove.decide``, the path of
``derive check``, and through ``derive.reduce.reduce`` alone, naming its rule), and a false
twin (a constant moved by 1e-6, a margin removed, a convexity premise false, a critical point
outside the domain, a Lipschitz constant too small) is never proved. A sampling oracle checks
that no statement a reduction proves fails at a point."""

from itertools import product

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from derive import clock
from derive import reduce as rd
from derive.proof import PROVED, REFUTED, RULES
from derive.realprove import build_problem, decide

x, y, z = sp.symbols("x y z", real=True)
R = sp.Rational
EPS = R(1, 10 ** 6)


def cbrt(u):
    """The engine's real cube root of ``u >= 0``."""
    return u ** R(1, 3)



# (name, slack, strict, domain, the rule that proves it)
TRUE = [
    ("young", x ** 3 / 3 + R(2, 3) * y ** R(3, 2) - x * y, False, [x >= 0, y >= 0],
     "convex minimum"),
    ("fenchel-exp", R(1, 5) + x * sp.log(x) + sp.exp(y - 1) - x * y, False, [x > 0, x < 12],
     "convex minimum"),
    ("lipschitz-sin", sp.Abs(x - y) - sp.Abs(sp.sin(x) - sp.sin(y)), False, [],
     "mean value theorem"),
    ("jensen-exp-2", (sp.exp(x) + sp.exp(y)) / 2 - sp.exp((x + y) / 2), False,
     [x >= 0, x <= 1, y >= 0, y <= 1], "Jensen's inequality"),
    ("jensen-exp-3", (sp.exp(x) + sp.exp(y) + sp.exp(z)) / 3 - sp.exp((x + y + z) / 3), False,
     [], "Jensen's inequality"),
    ("power-mean-3", (x ** 3 + y ** 3 + z ** 3) / 3 - ((x + y + z) / 3) ** 3, False,
     [x >= 0, y >= 0, z >= 0], "Jensen's inequality"),
    ("exp-outer", sp.exp(x) - sp.exp(x * y / (x + y)), True, [x > 0, y > 0],
     "mean value theorem"),
    ("cbrt-subadditive-3", cbrt(x) + cbrt(y) + cbrt(z) - cbrt(x + y + z), True,
     [x > 0, y > 0, z > 0], "subadditivity of concave functions"),
    ("jensen-exp weighted", (sp.exp(x) + 2 * sp.exp(y)) / 3 - sp.exp((x + 2 * y) / 3), False,
     [], "Jensen's inequality"),
    ("jensen-sqrt, where sqrt is defined", sp.sqrt((x + y) / 2) - (sp.sqrt(x) + sp.sqrt(y)) / 2,
     False, [], "Jensen's inequality"),
    ("weighted am-gm on a box", x / 3 + 2 * y / 3 - cbrt(x) * y ** R(2, 3), False,
     [x >= 0, x <= 1, y >= 0, y <= 1], "case split"),
    ("am-gm-3", (x + y + z) / 3 - cbrt(x * y * z), False, [x >= 0, y >= 0, z >= 0],
     "convex minimum"),
    ("separable", 12 * y ** 2 + 2 * z ** 2 * sp.log(z) + sp.sin(z) / 2 - 1 / (2 * sp.sin(z)),
     False, [z > R(6, 5), z < R(77, 25)], "sum of inequalities"),
    ("mastellone2c", x ** 2 * sp.sin(z) - x * y * sp.cos(z) + y ** 4
     + y ** 2 * z ** 2 * sp.log(z), False, [z > R(6, 5), z < R(77, 25)], "convex minimum"),
]

# false twins: (name, slack, strict, domain)
FALSE = [
    ("young minus 1e-6", x ** 3 / 3 + R(2, 3) * y ** R(3, 2) - x * y - EPS, False,
     [x >= 0, y >= 0]),
    ("fenchel-exp margin removed", -EPS + x * sp.log(x) + sp.exp(y - 1) - x * y, False,
     [x > 0, x < 12]),
    ("lipschitz 1 - 1e-6", (1 - EPS) * sp.Abs(x - y) - sp.Abs(sp.sin(x) - sp.sin(y)), False,
     []),
    ("lipschitz of sin 2x", sp.Abs(x - y) - sp.Abs(sp.sin(2 * x) - sp.sin(2 * y)), False, []),
    ("jensen for sin on [0, 3]", (sp.sin(x) + sp.sin(y)) / 2 - sp.sin((x + y) / 2), False,
     [x >= 0, x <= 3, y >= 0, y <= 3]),
    ("jensen-exp minus 1e-6", (sp.exp(x) + sp.exp(y)) / 2 - sp.exp((x + y) / 2) - EPS, False,
     [x >= 0, x <= 1, y >= 0, y <= 1]),
    ("jensen-exp-3 strict", (sp.exp(x) + sp.exp(y) + sp.exp(z)) / 3 - sp.exp((x + y + z) / 3),
     True, []),
    ("jensen-exp, weights not those of the mean", (sp.exp(x) + 2 * sp.exp(y)) / 3
     - sp.exp((2 * x + y) / 3), False, []),
    ("weighted am-gm, weights swapped", 2 * x / 3 + y / 3 - cbrt(x) * y ** R(2, 3), False,
     [x >= 0, x <= 1, y >= 0, y <= 1]),
    ("am-gm-3 minus 1e-6", (x + y + z) / 3 - cbrt(x * y * z) - EPS, False,
     [x >= 0, y >= 0, z >= 0]),
    ("jensen-sqrt reversed", (sp.sqrt(x) + sp.sqrt(y)) / 2 - sp.sqrt((x + y) / 2), False, []),
    ("power mean of all reals", (x ** 3 + y ** 3) / 2 - ((x + y) / 2) ** 3, False, []),
    ("exp outer, the inner claim false", sp.exp(x / 2) - sp.exp(x * y / (x + y)), True,
     [x > 0, y > 0]),
    ("decreasing outer, wrong way", (y + z) ** R(-2, 3) - y ** R(-2, 3), False,
     [y > 0, z > 0]),
    ("cbrt subadditive plus 1e-6", cbrt(x) + cbrt(y) - cbrt(x + y) - EPS, False,
     [x >= 0, y >= 0]),
    # strict, but 0 on the faces x = 0 and y = 0, which the domain includes
    ("cbrt subadditive strict on closed ends", cbrt(x) + cbrt(y) - cbrt(x + y), True,
     [x >= 0, y >= 0]),
    # y = x^2 solves sqrt(y) = x only for x >= 0; for x < 0 the claim fails
    ("young for every real x", x ** 3 / 3 + R(2, 3) * y ** R(3, 2) - x * y, False, [y >= 0]),
    ("separable, one part negative somewhere", x ** 2 + sp.sin(z), False, [z >= 0, z <= 4]),
    ("separable strict, both parts 0 somewhere", x ** 2 + (z - 1) ** 2, True, []),
    ("mastellone2c on a longer range", x ** 2 * sp.sin(z) - x * y * sp.cos(z) + y ** 4
     + y ** 2 * z ** 2 * sp.log(z), False, [z > R(6, 5), z < R(33, 10)]),
    # convex in y on [0, 1/2] with a critical point y = -1 outside it, where the slack is 3
    ("critical point outside the domain", y ** 3 - 3 * y + 1 + x ** 2, False,
     [x >= 0, x <= 1, y >= 0, y <= R(1, 2)]),
]


@pytest.mark.parametrize("name,slack,strict,domain,rule", TRUE, ids=[t[0] for t in TRUE])
def test_each_reduction_proves_its_true_instance(name, slack, strict, domain, rule):
    step = rd.reduce(build_problem(slack, strict, domain), name, 30.0)
    assert step is not None and step.verdict == PROVED
    assert rule in step.rules and set(step.rules) <= set(RULES)
    again = decide(slack, strict, domain, name, seconds=30.0)  # the engine's hook
    assert again.verdict == PROVED, again.reason


@pytest.mark.parametrize("name,slack,strict,domain", FALSE, ids=[f[0] for f in FALSE])
def test_a_false_twin_is_never_proved(name, slack, strict, domain):
    assert rd.reduce(build_problem(slack, strict, domain), name, 10.0) is None
    step = decide(slack, strict, domain, name, seconds=10.0)
    assert step.verdict != PROVED
    assert step.verdict == REFUTED, step.reason  # each fails at a point the engine finds


def test_convexity_needs_the_second_derivative_defined_inside():
    # -|t|^(1/2) has a positive second derivative wherever it is defined, yet is not convex
    # on [-1, 1]: the premise that its formula is defined inside the interval fails there
    t = sp.Symbol("t", real=True)
    ctx = rd._Context(float("inf"))
    with pytest.raises(rd._GiveUp):
        rd._convex_on(-(t ** 2) ** R(1, 4), t, R(-1), R(1), ctx, "t")
    assert len(rd._convex_on(-(t ** 2) ** R(1, 4), t, R(0), R(1), ctx, "t")) >= 2


def test_the_interval_of_a_variable_stops_where_the_slack_is_defined():
    # y ln y - xy + e^(x-1) >= 0 (Fenchel) with no premise: y > 0 where it is defined
    slack = y * sp.log(y) - x * y + sp.exp(x - 1)
    problem = build_problem(slack, False, [])
    assert rd._span(problem, 1, problem.variables[1]) == (0, None, True, False)
    assert rd._span(problem, 0, problem.variables[0]) == (None, None, False, False)
    step = rd.reduce(problem, "fenchel", 30.0)
    assert step is not None and "convex minimum" in step.rules
    twin = build_problem(slack - EPS, False, [])
    assert rd.reduce(twin, "fenchel - 1e-6", 10.0) is None
    assert decide(slack - EPS, False, [], "fenchel - 1e-6", seconds=10.0).verdict != PROVED


def test_what_is_not_smooth_is_not_reduced():
    assert not rd.smooth(sp.Abs(x) + y)
    assert not rd.smooth(sp.Max(x, y))
    # a variable exponent: b^y = exp(y ln b), defined where b > 0 (the engine's semantics:
    # ``definedness`` and the enclosures say so), smooth there
    assert rd.smooth(x ** y) and rd.smooth((1 + x) ** (y / 2))
    assert rd.smooth(sp.exp(x) * sp.log(y) + (x + y) ** R(3, 2) + 2 ** x)
    # Jensen needs f smooth: |t| is convex, but the calculus premise is not for it
    slack = (sp.Abs(x) + sp.Abs(y)) / 2 - sp.Abs((x + y) / 2)
    assert rd.reduce(build_problem(slack, False, []), "jensen |t|", 5.0) is None


def test_derive_check_proves_the_targets_from_latex():
    from derive.check import check_text

    displays = (
        r"$$ x \ge 0, y \ge 0 \implies xy \le \frac{x^3}{3} + \frac{2}{3} y^{3/2} $$",
        r"$$ |\sin x - \sin y| \le |x - y| $$",
        r"$$ e^{(x+y+z)/3} \le \frac{e^x + e^y + e^z}{3} $$",
        (r"$$ x > 0, y > 0, z > 0 \implies \sqrt[3]{x+y+z} < \sqrt[3]{x} + \sqrt[3]{y} + "
         r"\sqrt[3]{z} $$"),
        r"$$ |\sin x - \sin y| \le 0.999999 |x - y| $$",
    )
    text = "\n\n".join(displays)
    verdicts = [r.verdict for r in check_text(text, budget=1e9)]
    assert verdicts == ["proved"] * 4 + ["refuted"]


def test_derive_check_proves_the_new_targets_from_latex():
    from derive.check import check_text

    displays = (
        r"$$ |\sin(x + y + z)| \le |\sin x| + |\sin y| + |\sin z| $$",
        r"$$ |\sin(x + y)| \le |\sin x| + |\sin y| $$",
        (r"$$ 0.01 < x < 30, \; 0.01 < y < 30 \implies \sqrt[3]{x+y} \le \sqrt[3]{x} + "
         r"\sqrt[3]{y} $$"),
        r"$$ 0 < x < y < \frac{\pi}{2} \implies \frac{x}{y} \le \frac{\sin x}{\sin y} $$",
        r"$$ |\sin(x + y + z)| \le |\sin x| + |\sin y| + |\sin z| - 0.000001 $$",
        r"$$ |\cos(x + y)| \le |\cos x| + |\cos y| $$",
        r"$$ 0 < x < y < 4 \implies \frac{x}{y} \le \frac{\sin x}{\sin y} $$",
    )
    results = check_text("\n\n".join(displays), budget=1e9)
    assert [r.verdict for r in results] == ["proved"] * 4 + ["refuted"] * 3, [
        (r.verdict, r.reason) for r in results]


# ------------------------------------------------------------------ a sampling oracle

FUNCS = [sp.exp(x), x ** 2, x ** 3, x ** 4 - x ** 2, sp.sin(x), sp.cos(x), -sp.log(x),
         sp.sqrt(x), sp.atan(x), x * sp.log(x), sp.cosh(x)]
ENDS = [R(-2), R(-1), R(0), R(1, 2), R(1), R(3)]


@settings(max_examples=30)
@given(st.sampled_from(FUNCS), st.sampled_from(ENDS), st.sampled_from(ENDS),
       st.sampled_from([R(0), EPS, -EPS, R(-1, 10)]), st.sampled_from([R(1, 2), R(1, 3)]))
def test_property_jensen_never_proves_a_statement_false_at_a_point(f, a, b, c, w):
    """Random two-point Jensen statements (weights w, 1 - w): whatever is proved holds at a
    grid of points (checked at 50 digits)."""
    lo, hi = min(a, b), max(a, b)
    slack = w * f + (1 - w) * f.xreplace({x: y}) - f.xreplace({x: w * x + (1 - w) * y}) + c
    domain = [x >= lo, x <= hi, y >= lo, y <= hi] if lo < hi else [x >= lo, y >= lo]
    problem = build_problem(slack, False, domain)
    step = rd.reduce(problem, "jensen", 5.0)
    if step is None:
        return
    assert step.verdict == PROVED
    fn = sp.lambdify((x, y), slack, "mpmath")
    top = hi if lo < hi else lo + 5
    grid = [lo + (top - lo) * R(k, 6) for k in range(7)]
    with mpmath.workdps(50):
        for p in grid:
            for q in grid:
                try:
                    v = fn(mpmath.mpf(p.p) / p.q, mpmath.mpf(q.p) / q.q)
                except (ValueError, ZeroDivisionError):
                    continue  # undefined there: the statement says nothing
                if isinstance(v, mpmath.mpc) or not mpmath.isfinite(v):
                    continue
                assert v >= -mpmath.mpf(10) ** -40, (f, lo, hi, c, p, q, v)


EXPONENTS = [R(2), R(3), R(3, 2), R(4), R(4, 3), R(5, 2)]


@settings(max_examples=20)
@given(st.sampled_from(EXPONENTS), st.sampled_from(EXPONENTS),
       st.sampled_from([R(0), EPS, -EPS]))
def test_property_young_is_proved_only_for_conjugate_exponents(p, q, c):
    """x^p/p + y^q/q >= xy - c on x, y >= 0 holds iff 1/p + 1/q = 1 and c >= 0 (at the
    origin, or along a ray, it fails otherwise): a proof never says more."""
    slack = x ** p / p + y ** q / q - x * y + c
    step = rd.reduce(build_problem(slack, False, [x >= 0, y >= 0]), "young", 5.0)
    true = 1 / p + 1 / q == 1 and c >= 0
    if step is not None:
        assert step.verdict == PROVED and true, (p, q, c)


@pytest.mark.parametrize("p,q", [(R(2), R(2)), (R(3), R(3, 2)), (R(4, 3), R(4))])
def test_young_for_conjugate_exponents_is_proved(p, q):
    slack = x ** p / p + y ** q / q - x * y
    step = rd.reduce(build_problem(slack, False, [x >= 0, y >= 0]), "young", 30.0)
    assert step is not None and step.verdict == PROVED
    assert "convex minimum" in step.rules


def _holds_on_grid(slack, points):
    """Whether ``slack >= 0`` (to 40 digits) at every point of ``points`` where it is
    defined and real (evaluated at 50 digits)."""
    fn = sp.lambdify((x, y), slack, "mpmath")
    with mpmath.workdps(50):
        for p, q in points:
            try:
                v = fn(mpmath.mpf(p.p) / p.q, mpmath.mpf(q.p) / q.q)
            except (ValueError, ZeroDivisionError):
                continue
            if isinstance(v, mpmath.mpc) or not mpmath.isfinite(v):
                continue
            if v < -mpmath.mpf(10) ** -40:
                return False
    return True


@settings(max_examples=25)
@given(st.sampled_from(FUNCS), st.sampled_from([R(1, 2), R(1), R(2), R(3)]),
       st.sampled_from([(R(-3), R(3)), (R(0), R(1)), (R(1, 2), R(2)), (None, None)]))
def test_property_lipschitz_never_proves_a_statement_false_at_a_point(f, lip, box):
    """Random Lipschitz statements |f(x) - f(y)| <= L |x - y|: whatever is proved holds at a
    grid of point pairs (close pairs included: the constant is a bound on f')."""
    lo, hi = box
    slack = lip * sp.Abs(x - y) - sp.Abs(f - f.xreplace({x: y}))
    domain = [] if lo is None else [x >= lo, x <= hi, y >= lo, y <= hi]
    step = rd.reduce(build_problem(slack, False, domain), "lipschitz", 5.0)
    if step is None:
        return
    assert step.verdict == PROVED and "mean value theorem" in step.rules
    a, b = (R(-4), R(4)) if lo is None else (lo, hi)
    grid = [a + (b - a) * R(k, 8) for k in range(9)]
    close = [(p, p + R(1, 1000)) for p in grid[:-1]]
    assert _holds_on_grid(slack, [(p, q) for p in grid for q in grid] + close), (f, lip, box)


# ------------------------------------------------------------------ subadditivity, sine and
# cosine as variables, concave on a box (issue #11: |sin(x + y + z)| <= |sin x| + ...)

A = sp.Abs
S3 = A(sp.sin(x)) + A(sp.sin(y)) + A(sp.sin(z)) - A(sp.sin(x + y + z))
S2 = A(sp.sin(x)) + A(sp.sin(y)) - A(sp.sin(x + y))
BOX = [x >= -1, x <= 1, y >= -1, y <= 1]

TRUE_SUB = [
    ("sin subadditive 3", S3, False, [], "subadditivity"),
    ("sin subadditive 2", S2, False, [], "substitution instance"),
    ("log1p subadditive 3", sp.log(1 + x) + sp.log(1 + y) + sp.log(1 + z)
     - sp.log(1 + x + y + z), False, [x >= 0, y >= 0, z >= 0], "subadditivity"),
    ("sin subadditive 3 with a margin, strict", S3 + EPS, True, [], "subadditivity"),
    ("cbrt subadditive 2 on a box", cbrt(x) + cbrt(y) - cbrt(x + y), False,
     [x > R(1, 100), x < 30, y > R(1, 100), y < 30], "subadditivity of concave functions"),
    ("atan subadditive 2", sp.atan(x) + sp.atan(y) - sp.atan(x + y), False, [x >= 0, y >= 0],
     "subadditivity of concave functions"),
    ("sqrt subadditive 3 strict", sp.sqrt(x) + sp.sqrt(y) + sp.sqrt(z) - sp.sqrt(x + y + z),
     True, [x > 0, y > 0, z > 0], "subadditivity of concave functions"),
    # (ratios on ordered domains, x/y <= sin x / sin y: derive.ordered, tests/test_ordered.py)
    # |x + y| + |x - y| = 2 max(|x|, |y|)
    ("concave on a box", 2 - A(x + y) - A(x - y), False, BOX, "concave minimum at vertices"),
]

FALSE_SUB = [
    ("sin subadditive 3 minus 1e-6", S3 - EPS, False, []),
    ("sin subadditive 2 minus 1e-6", S2 - EPS, False, []),
    ("sin subadditive 3 strict", S3, True, []),
    # no |.|: F(a) + F(b) - F(a + b) fails for sin on [0, oo) (a = b = 4), so does the claim
    ("sin without |.| on x, y, z >= 0", sp.sin(x) + sp.sin(y) + sp.sin(z)
     - sp.sin(x + y + z), False, [x >= 0, y >= 0, z >= 0]),
    # log(1 + t) is subadditive on [0, oo) only: at x = y = z = -1/2 the claim fails
    ("log1p on (-1, oo)", sp.log(1 + x) + sp.log(1 + y) + sp.log(1 + z)
     - sp.log(1 + x + y + z), False, [x > -1, y > -1, z > -1]),
    # subadditivity of concave functions: F convex, F(0) < 0, J not in [0, oo)
    ("exp - 1 is not subadditive", sp.exp(x) + sp.exp(y) - sp.exp(x + y) - 1, False,
     [x >= 0, y >= 0]),
    ("sqrt - 1/10: F(0) < 0", sp.sqrt(x) + sp.sqrt(y) - sp.sqrt(x + y) - R(1, 10), False,
     [x >= 0, y >= 0]),
    ("atan subadditive on all reals", sp.atan(x) + sp.atan(y) - sp.atan(x + y), False, []),
    ("cbrt subadditive 2 minus 1e-6 near 0", cbrt(x) + cbrt(y) - cbrt(x + y) - EPS, False,
     [x >= 0, y >= 0]),
    ("log1p strict, 0 at the origin", sp.log(1 + x) + sp.log(1 + y) + sp.log(1 + z)
     - sp.log(1 + x + y + z), True, [x >= 0, y >= 0, z >= 0]),
    ("a ratio, reversed", x / y - sp.sin(x) / sp.sin(y), False, [x > 0, x < y, y < sp.pi / 2]),
    ("a ratio, sin not positive on (0, 4)", sp.sin(x) / sp.sin(y) - x / y, False,
     [x > 0, x < y, y < 4]),
    ("a ratio minus 1e-6", sp.sin(x) / sp.sin(y) - x / y - EPS, False,
     [x > 0, x < y, y < sp.pi / 2]),
    ("a ratio on (0, sqrt 6) minus 1e-6", sp.sin(y) / sp.sin(x)
     - (y - y ** 3 / 6) / (x - x ** 3 / 6) - EPS, False, [x > 0, x < y, y ** 2 < 6]),
    ("a ratio on (0, 4): t - t^3/6 < 0 beyond sqrt 6", sp.sin(y) / sp.sin(x)
     - (y - y ** 3 / 6) / (x - x ** 3 / 6), False, [x > 0, x < y, y < 4]),
    # convex, not concave, in y: least inside the box (at the origin), 0 at every vertex
    ("convex on a box", A(x + y) + A(x - y) - 2, False, BOX),
    ("concave on a box minus 1e-6", 2 - A(x + y) - A(x - y) - EPS, False, BOX),
]


@pytest.mark.parametrize("name,slack,strict,domain,rule", TRUE_SUB,
                         ids=[t[0] for t in TRUE_SUB])
def test_subadditivity_and_vertices_prove_their_true_instances(name, slack, strict, domain,
                                                               rule):
    step = rd.reduce(build_problem(slack, strict, domain), name, 30.0)
    assert step is not None and step.verdict == PROVED
    assert rule in step.rules and set(step.rules) <= set(RULES)
    again = decide(slack, strict, domain, name, seconds=30.0)
    assert again.verdict == PROVED, again.reason


@pytest.mark.parametrize("name,slack,strict,domain", FALSE_SUB, ids=[f[0] for f in FALSE_SUB])
def test_subadditivity_and_vertices_never_prove_a_false_twin(name, slack, strict, domain):
    assert rd.reduce(build_problem(slack, strict, domain), name, 10.0) is None
    step = decide(slack, strict, domain, name, seconds=10.0)
    assert step.verdict != PROVED
    assert step.verdict == REFUTED, step.reason


def test_the_subadditive_lemma_is_a_premise():
    # F(x) + F(y) + F(z) - F(x + y + z) with the lemma false: cos is not subadditive
    # (a = b = pi/2), and the claim is not proved (whatever else decides it)
    slack = A(sp.cos(x)) + A(sp.cos(y)) + A(sp.cos(z)) - A(sp.cos(x + y + z))
    ctx = rd._Context(clock.now() + 10)
    problem = build_problem(slack, False, [])
    with pytest.raises(rd._GiveUp):  # the lemma is refuted, so not a premise
        rd._subadditive(problem, "cos", ctx)
    assert rd.reduce(problem, "cos", 10.0) is None
    # a form that is not F(x) + F(y) + F(z) - F(x + y + z) is not this rule's
    other = build_problem(2 * A(sp.sin(x)) + A(sp.sin(y)) + A(sp.sin(z)) - A(sp.sin(x + y + z)),
                          False, [])
    assert rd._subadditive(other, "not F", ctx) is None


def test_sine_and_cosine_as_variables_need_every_occurrence_inside_them():
    ctx = rd._Context(clock.now() + 10)
    # x outside sin/cos: not decoupled
    assert rd._decouple(build_problem(A(sp.sin(x)) + x ** 2 - A(sp.sin(x + y)) + A(sp.sin(y)),
                                      False, []), "x", ctx) is None
    # a division: G would not be defined on the whole box
    assert rd._decouple(build_problem(1 / (2 + sp.sin(x + y)), True, []), "1/", ctx) is None
    # |s| + |c| >= 1 needs s^2 + c^2 = 1, which the box [-1, 1]^2 loses: not proved this way
    slack = A(sp.sin(x)) + A(sp.cos(x)) + A(sp.sin(y)) + A(sp.cos(y)) - 2
    assert rd._decouple(build_problem(slack, False, []), "|s| + |c|", ctx) is None
    # in a polynomial, cos^2 = 1 - sin^2 keeps it: sin^2 x - sin^2 y = sin(x + y) sin(x - y)
    slack = sp.sin(x + y) * sp.sin(x - y) - sp.sin(x) ** 2 + sp.sin(y) ** 2
    step = rd._decouple(build_problem(slack, False, []), "sin^2", ctx)
    assert step.verdict == PROVED and "substitution instance" in step.rules
    assert rd._decouple(build_problem(slack - EPS, False, []), "sin^2 - 1e-6", ctx) is None


@settings(max_examples=25, deadline=None)
@given(st.integers(-2, 2), st.integers(-2, 2), st.integers(-2, 2), st.integers(1, 2),
       st.integers(-1, 1), st.integers(-1, 1), st.integers(-1, 1))
def test_property_vertices_never_prove_a_statement_false_at_a_point(a, b, c, k, p, q, r):
    # a + b x + c y - k |p x + q y + r| on [-1, 1] x [0, 2]: proved only if >= 0 at points
    slack = a + b * x + c * y - k * A(p * x + q * y + r)
    dom = [x >= -1, x <= 1, y >= 0, y <= 2]
    problem = build_problem(slack, False, dom)
    try:
        step = rd._vertices(problem, "oracle", rd._Context(clock.now() + 5))
    except rd._GiveUp:
        step = None
    if step is None or step.verdict != PROVED:
        return
    for i in range(9):
        for j in range(9):
            at = {x: R(-1) + R(i, 4), y: R(j, 4)}
            assert slack.xreplace(at) >= 0, at


SUB_FUNCS = [sp.sqrt(x), cbrt(x), sp.log(1 + x), sp.atan(x), sp.exp(x) - 1, x ** 2, -x ** 2,
             A(sp.sin(x)), A(sp.cos(x)), sp.sin(x), 1 - sp.exp(-x), x / (1 + x), sp.tanh(x)]


def test_subadditivity_never_proves_a_statement_false_at_a_point():
    # F(x) + F(y) - F(x + y) + c for every F, domain, c and strictness of the grid: proved
    # only if it holds at sample points of the domain (and some are proved)
    proved = 0
    for f, dom, c, strict in product(SUB_FUNCS, [[], [x >= 0, y >= 0], [x > 0, y > 0]],
                                     [R(0), R(1, 10), R(-1, 10)], [False, True]):
        slack = f + f.xreplace({x: y}) - f.xreplace({x: x + y}) + c
        try:
            step = rd._subadditive(build_problem(slack, strict, dom), "oracle",
                                   rd._Context(clock.now() + 3))
        except rd._GiveUp:
            step = None
        if step is None or step.verdict != PROVED:
            continue
        proved += 1
        for a, b in product((R(0), R(1, 7), R(1), R(3), R(-1, 3), R(-2)),
                            (R(0), R(1, 5), R(2), R(5), R(-1, 2))):
            at = {x: a, y: b}
            if not all(bool(r.xreplace(at)) for r in dom):
                continue
            value = slack.xreplace(at)
            if value.has(sp.zoo, sp.nan, sp.I) or not value.is_real:
                continue
            v = sp.N(value, 30)
            assert (v > 0) if strict else (v >= -sp.Float("1e-25")), (f, dom, c, at, value)
    assert proved >= 30


# ------------------------------------------------------------------ monotone up to another
# variable, max of three, Jensen on [0, pi], Bernoulli, a critical point leaving the interval
# (issue #11: ln(e^x + e^y + e^z) <= max(x, y, z) + ln 3, ...)

LSE3 = sp.Max(x, y, z) + sp.log(3) - sp.log(sp.exp(x) + sp.exp(y) + sp.exp(z))
a = sp.Symbol("a", real=True)
METI = 1 + a * sp.exp(sp.log(x) / a) / sp.E - sp.log(x)  # log-fun-ineq-f, 0 < x < 4
PI_BOX = [x >= 0, x <= sp.pi, y >= 0, y <= sp.pi]

TRUE_MORE = [
    ("log-sum-exp, the case x >= y", x + sp.log(2) - sp.log(sp.exp(x) + sp.exp(y)), False,
     [x - y >= 0], "mean value theorem"),
    ("log-sum-exp of three", LSE3, False, [], "substitution instance"),
    ("jensen for sin on [0, pi]", sp.sin((x + y) / 2) - (sp.sin(x) + sp.sin(y)) / 2, False,
     PI_BOX, "Jensen's inequality"),
    ("bernoulli, a real exponent", (1 + x) ** y - 1 - x * y, False, [x > -1, y >= 1],
     ("mean value theorem", "convex minimum")),  # (monotone in y from y = 1, or convex in x)
    ("metitarski log-fun-ineq-f", METI, False, [a > 0, x > 0, x < 4], "case split"),
    ("a term >= 0 dropped", a * sp.exp(x * a) + 1 - sp.log(x), False, [a > 0, x > 0, x < 2],
     "sum of inequalities"),
    ("minkowski in the plane", sp.sqrt(x ** 2 + 1) + sp.sqrt(y ** 2 + 1)
     - sp.sqrt((x + y) ** 2 + 4), False, [], "Jensen's inequality"),
    ("harmonic addition", sp.sqrt(y ** 2 + z ** 2) - y * sp.sin(x) - z * sp.cos(x), False,
     [], "harmonic addition"),
    ("harmonic addition, a margin", 2 + y / 2 - sp.sin(x) * y - sp.cos(x), True,
     [y >= 0, y <= 1], "harmonic addition"),
    ("harmonic <= geometric mean", cbrt(x * y * z) - 3 / (1 / x + 1 / y + 1 / z), False,
     [x > 0, y > 0, z > 0], "change of variable"),
]

FALSE_MORE = [
    ("log-sum-exp of three, ln 3 - 1e-6", LSE3 - EPS, False, []),
    # the case y >= x: the slack falls in y towards the end it is not bounded at
    ("log-sum-exp, the wrong case", x + sp.log(2) - sp.log(sp.exp(x) + sp.exp(y)), False,
     [y - x >= 0]),
    ("log-sum-exp, ln 2 - 1e-6", x + sp.log(2) - EPS - sp.log(sp.exp(x) + sp.exp(y)), False,
     [x - y >= 0]),
    # sin is convex on [pi, 4]: concavity fails inside
    ("jensen for sin on [0, 4]", sp.sin((x + y) / 2) - (sp.sin(x) + sp.sin(y)) / 2, False,
     [x >= 0, x <= 4, y >= 0, y <= 4]),
    ("jensen for sin on [0, pi], 1e-6", sp.sin((x + y) / 2) - (sp.sin(x) + sp.sin(y)) / 2
     - EPS, False, PI_BOX),
    # y >= 1/2: the partial derivative in y is negative at y = 1/2 for x > 0
    ("bernoulli for y >= 1/2", (1 + x) ** y - 1 - x * y, False, [x > -1, y >= R(1, 2)]),
    ("bernoulli minus 1e-6", (1 + x) ** y - 1 - x * y - EPS, False, [x > -1, y >= 1]),
    ("metitarski log-fun-ineq-f, the margin removed", METI - 1 - EPS, False,
     [a > 0, x > 0, x < 4]),
    ("minkowski in the plane, 4 + 1e-6", sp.sqrt(x ** 2 + 1) + sp.sqrt(y ** 2 + 1)
     - sp.sqrt((x + y) ** 2 + 4 + EPS), False, []),
    ("minkowski, not the mean", sp.sqrt(x ** 2 + 1) + sp.sqrt(y ** 2 + 1)
     - sp.sqrt((x + 2 * y) ** 2 + 4), False, []),
    ("harmonic addition minus 1e-6", sp.sqrt(y ** 2 + z ** 2) - y * sp.sin(x)
     - z * sp.cos(x) - EPS, False, []),
    ("harmonic addition, 2y", sp.sqrt(y ** 2 + z ** 2) - 2 * y * sp.sin(x) - z * sp.cos(x),
     False, []),
    # at y = 1: 5/2 - sqrt(2) > 0 but at y = 0 the bound is 1 >= 1 (not > 1): sin x + cos x
    # reaches sqrt(2) only where y = 0 and cos x = 1: the margin is removed
    ("harmonic addition, the margin removed", 1 + y - sp.sin(x) * y - sp.cos(x), True,
     [y >= 0, y <= 1]),
    ("harmonic <= geometric mean minus 1e-6", cbrt(x * y * z) - 3 / (1 / x + 1 / y + 1 / z)
     - EPS, False, [x > 0, y > 0, z > 0]),
    ("harmonic >= geometric mean", 3 / (1 / x + 1 / y + 1 / z) - cbrt(x * y * z), False,
     [x > 0, y > 0, z > 0]),
    ("a term >= 0 dropped, the rest negative", a * sp.exp(x * a) + R(1, 2) - sp.log(x), False,
     [a > 0, x > 0, x < 2]),
]


@pytest.mark.parametrize("name,slack,strict,domain,rule", TRUE_MORE,
                         ids=[t[0] for t in TRUE_MORE])
def test_the_new_reductions_prove_their_true_instances(name, slack, strict, domain, rule):
    step = rd.reduce(build_problem(slack, strict, domain), name, 30.0)
    assert step is not None and step.verdict == PROVED
    rules = (rule,) if isinstance(rule, str) else rule
    assert set(rules) & set(step.rules) and set(step.rules) <= set(RULES)
    again = decide(slack, strict, domain, name, seconds=30.0)
    assert again.verdict == PROVED, again.reason


@pytest.mark.parametrize("name,slack,strict,domain", FALSE_MORE, ids=[f[0] for f in FALSE_MORE])
def test_the_new_reductions_never_prove_a_false_twin(name, slack, strict, domain):
    assert rd.reduce(build_problem(slack, strict, domain), name, 10.0) is None
    step = decide(slack, strict, domain, name, seconds=10.0)
    assert step.verdict == REFUTED, step.reason


def test_a_domain_condition_bounds_a_variable_by_another():
    problem = build_problem(x - y, False, [x - y >= 0, 2 * y - x - 1 > 0, x >= 0])
    assert rd._linear_ends(problem, y, up=False) == [(x, False)]
    assert rd._linear_ends(problem, y, up=True) == [(x / 2 + R(1, 2), True)]
    assert rd._linear_ends(problem, x, up=True) == [(y, False)]


def test_symmetric_cases_are_instances_only_of_a_proved_case():
    # the cases of max(x, y, z) are images of each other under an exchange of two variables
    # only when the rest of the domain is unchanged by it
    rels = [x >= 0, y >= 0, z >= 0]
    case0 = (LSE3.xreplace({LSE3.atoms(sp.Max).pop(): x}), [sp.Ge(x - y, 0), sp.Ge(x - z, 0)])
    case1 = (LSE3.xreplace({LSE3.atoms(sp.Max).pop(): y}), [sp.Ge(-x + y, 0), sp.Ge(y - z, 0)])
    assert rd._swap_of((x, y, z), rels, [case0], *case1) == (0, x, y)
    assert rd._swap_of((x, y, z), [x >= 0, y >= 1, z >= 0], [case0], *case1) is None
    # a case whose proof failed gives no instance: the rule needs every premise proved
    problem = build_problem(LSE3, False, rels)
    ctx = rd._Context(clock.now() + 10)
    failed = decide(case0[0] - 1, False, rels + case0[1], "false", seconds=2.0)
    assert failed.verdict != PROVED
    step = rd._by_symmetry(problem, rels, *case1, [(case0[0] - 1, case0[1], failed)], "c", ctx)
    assert step is None or step.verdict != PROVED
    got = rd._by_symmetry(problem, rels, *case1, [(*case0, failed)], "c", ctx)
    assert got is not None and got.verdict != PROVED


@settings(max_examples=12, deadline=None)
@given(st.sampled_from([R(1), R(3, 2), R(2), R(5, 2), R(3), R(4)]),
       st.sampled_from([R(-1), R(0), R(1, 2), R(1)]))
def test_property_monotone_up_to_another_variable_is_proved_only_when_true(k, d):
    """x + ln k >= ln(e^x + e^y) where y <= x + d: the slack falls in y, least at y = x + d,
    where it is ln k - ln(1 + e^d): proved only if that is >= 0."""
    slack = x + sp.log(k) - sp.log(sp.exp(x) + sp.exp(y))
    step = rd.reduce(build_problem(slack, False, [x + d - y >= 0]), "lse", 5.0)
    if step is not None:
        assert step.verdict == PROVED
        assert mpmath.log(mpmath.mpf(k.p) / k.q) >= mpmath.log(1 + mpmath.exp(
            mpmath.mpf(d.p) / d.q)), (k, d)


def test_derive_check_proves_the_multivariate_targets_from_latex():
    from derive.check import check_text

    displays = (
        r"$$ \ln\left(e^x + e^y + e^z\right) \le \max(x, y, z) + \ln 3 $$",
        r"$$ \ln\left(e^x + e^y\right) \le \max(x, y) + \ln 2 $$",
        r"For $x, y \in [0, \pi]$: $$ \frac{\sin x + \sin y}{2} \le \sin\frac{x+y}{2} $$",
        r"$$ x > -1, y \ge 1 \implies (1+x)^y \ge 1 + xy $$",
        r"$$ a > 0, 0 < x < 4 \implies \ln x \le 1 + \frac{a e^{\ln(x)/a}}{e} $$",
        r"$$ \ln\left(e^x + e^y + e^z\right) \le \max(x, y, z) + 1.098612 $$",
        r"$$ x > -1, y \ge 0.5 \implies (1+x)^y \ge 1 + xy $$",
    )
    results = [r for r in check_text("\n\n".join(displays), budget=1e9)
               if r.verdict != "condition"]
    assert [r.verdict for r in results] == ["proved"] * 5 + ["refuted"] * 2, [
        (r.verdict, r.reason) for r in results]


def test_reciprocals_need_the_new_slack_defined_on_the_whole_domain():
    # sqrt(1/x + 1/y - 1/2) >= 0 wherever it is defined; with x = 1/x, y = 1/y the slack
    # sqrt(x + y - 1/2) is not defined for x + y < 1/2: points would be lost, no proof
    slack = sp.sqrt(1 / x + 1 / y - R(1, 2))
    problem = build_problem(slack, False, [x > 0, y > 0])
    ctx = rd._Context(clock.now() + 10)
    assert rd.attempt(rd._reciprocal, problem, "recip", ctx) is None
    good = build_problem(sp.sqrt(x * y) - 2 / (1 / x + 1 / y), False, [x > 0, y > 0])
    step = rd.attempt(rd._reciprocal, good, "recip", rd._Context(clock.now() + 20))
    assert step is not None and "change of variable" in step.rules


def test_a_variable_exponent_needs_its_base_shown_positive():
    # x^y (1 + y) > 0 fails at x = 0 (0^y = 0 is defined): the rules, which take x^y as
    # defined for x > 0 only, are not used unless the base is shown > 0 on the domain
    domain = [x >= 0, x <= 1, y >= R(1, 3), y <= R(1, 2)]
    problem = build_problem(x ** y * (1 + y), True, domain)
    assert not rd._Context(clock.now() + 5)._bases_positive(problem.slack, domain)
    assert rd.reduce(problem, "0^y", 5.0) is None
    assert decide(x ** y * (1 + y), True, domain, "0^y", seconds=5.0).verdict != PROVED
    bernoulli = build_problem((1 + x) ** y - 1 - x * y, False, [x > -1, y >= 1])
    assert rd._Context(clock.now() + 5)._bases_positive(
        bernoulli.slack, rd._relations(bernoulli))


def test_harmonic_addition_needs_x_only_in_sin_x_and_cos_x():
    ctx = rd._Context(clock.now() + 10)
    for slack in (sp.sqrt(y ** 2 + 1) - y * sp.sin(2 * x) - sp.cos(x),  # true, sin 2x apart
                  2 - sp.sin(x) * sp.cos(x) - y * sp.cos(x),
                  sp.sqrt(y ** 2 + 1) - y * sp.sin(x) - sp.cos(x) + x ** 2):
        problem = build_problem(slack, False, [y >= 0, y <= 1])
        assert rd.attempt(rd._harmonic, problem, "h", ctx) is None


@settings(max_examples=15, deadline=None)
@given(st.integers(-2, 2), st.integers(-2, 2), st.sampled_from([R(0), R(1), R(2), R(5, 2), R(3)]),
       st.booleans())
def test_property_harmonic_addition_is_proved_only_when_true(p, q, c, strict):
    """c + p y sin x + q cos x >= 0 (> 0) for all x and y in [0, 1] iff c >= sqrt(p^2 + q^2)
    (> for a strict claim): its least value, at y = 1."""
    slack = c + p * y * sp.sin(x) + q * sp.cos(x)
    step = rd.reduce(build_problem(slack, strict, [y >= 0, y <= 1]), "harmonic", 5.0)
    if step is not None:
        assert step.verdict == PROVED
        assert c ** 2 > p ** 2 + q ** 2 if strict else c ** 2 >= p ** 2 + q ** 2, (p, q, c)


def test_one_variable_is_left_to_the_engine():
    # sin x + cos x <= sqrt 2 in one variable is derive.touch's (periodicity)
    for slack in (sp.sqrt(2) - sp.sin(x) - sp.cos(x), 5 - 3 * sp.sin(x) - 4 * sp.cos(x),
                  sp.sqrt(2) - sp.sin(2 * x) - sp.cos(2 * x)):
        assert rd.reduce(build_problem(slack, False, []), "one variable", 5.0) is None
        step = decide(slack, False, [], "harmonic", seconds=10.0)
        assert step.verdict == PROVED and "harmonic addition" not in step.rules, step.reason
    for slack, strict in ((sp.sqrt(2) - sp.sin(x) - sp.cos(x) - EPS, False),
                          (R(14142, 10000) - sp.sin(x) - sp.cos(x), False),
                          (sp.sqrt(2) - sp.sin(2 * x) - sp.cos(x), False),
                          (5 - 3 * sp.sin(x) - 4 * sp.cos(x), True)):
        assert rd.reduce(build_problem(slack, strict, []), "false", 5.0) is None
        assert decide(slack, strict, [], "false", seconds=3.0).verdict != PROVED

r"""A hostile soundness audit of the last session's engine additions (helper audit10): every
wrong verdict found, as a bad statement and a good twin, and the hostile cases that held.

Audited: derive/check/given.py (an equation as a premise), derive/diagonal.py (slack 0 on
``x = y``), derive/singular.py's poles at open ends, derive/realprove.py's positive
homogeneity, derive/orthant.py and derive/ordered.py. Each "false" statement here was checked
false by hand (a witness named beside it), each "true" one by hand. Statements a budget may
leave unknown are only asserted "not proved" (or "not refuted").

Checked and found right (verdicts against exact reasoning or mpmath at 30 digits): check.given
about 330 hostile statements by hand and 6,500 random premise/conclusion pairs (polynomial
premises with exact real roots, radicals, logarithms, exponentials, sigma, tanh, arctan);
diagonal 83 by hand and 394 random mean value bounds and sum-to-product domains (each proof
checked on a grid and next to the diagonal); singular's pole ends 25; homogeneity 46 by hand
and 122 random homogeneous forms (63 proved, each checked on rays from 10^-4 to 10^3);
orthant 31; ordered 36 (tan, cot, sec, csc). Wrong verdicts found: two false statements proved
(fixed below), one reader misreading (reported below)."""


import pytest
import sympy as sp

from derive import clock, singular
from derive.check import check_equation, check_text
from derive.proof import PROVED, REFUTED, UNKNOWN
from derive.realprove import build_problem, decide

R = sp.Rational
x, y = sp.symbols("x y", real=True)
A = sp.Abs


# ---------------------------------------------------------------- singular: poles at the ends
# The piece next to a pole, [c, 1), was checked on the domain's conditions, x != 7/10 among
# them: a hole in the piece. 1/(1 - x) - 1/(x - 7/10) is increasing on each side of 7/10 and 7
# at c = 1/2, so "monotone from an end" proved it >= 0 on [1/2, 1) - false at x = 3/4 (-16);
# with 10^{-30}/(x - 7/10) the whole engine proved it too (false at x = 7/10 + 10^{-32}), and
# so did derive check. The piece is now the interval of the box, no other condition on it.
POLE_HOLE = [
    (1 / (1 - x) - 1 / (x - R(7, 10)), [x > 0, x < 1, sp.Ne(x, R(7, 10))]),
    # a nonlinear condition: the domain is (0, 3/5] u [4/5, 1), the pole in the gap (x = 5/6)
    (1 / (1 - x) - 1 / (x - R(7, 10)), [x > 0, x < 1, (x - R(3, 5)) * (x - R(4, 5)) >= 0]),
    (1 / (1 - x) - R(1, 10**30) / (x - R(7, 10)), [x > 0, x < 1, sp.Ne(x, R(7, 10))]),
]


@pytest.mark.parametrize("slack, domain", POLE_HOLE)
def test_pole_piece_with_a_hole_is_not_monotone(slack, domain):
    got = singular.singular(build_problem(slack, False, domain), "c", 3)
    assert got is None or got.verdict != PROVED, got.reason


def test_pole_piece_with_a_hole_in_derive_check():
    r = check_equation(r"\frac{10^{-30}}{x - \frac{7}{10}} \le \frac{1}{1 - x}",
                       premise="0 < x < 1", written="before", seconds=4)
    assert r.verdict != PROVED, r.reason


def test_pole_piece_twin_without_a_hole_is_proved():
    # x/(1 - x^2) - artanh x >= 0 on (0, 1): a pole at 1 only, the piece [c, 1) an interval
    got = singular.singular(build_problem(x / (1 - x**2) - sp.atanh(x), False, [x > 0, x < 1]),
                            "c", 20)
    assert got is not None and got.verdict == PROVED, got
    # its false twin is not
    got = singular.singular(build_problem(sp.atanh(x) - x / (1 - x**2), False,
                                          [x > 0, x < 1]), "c", 5)
    assert got is None or got.verdict != PROVED


# ---------------------------------------------------------------- realprove: positive homogeneity
# The scaling identity f(t p) = t^2 f(p) holds where f is defined, and the domain x >= 0,
# y >= 0 is a cone, but f is defined only where x >= 2: no point of the unit cube's boundary,
# so every face held vacuously and "positive homogeneity" proved f >= 0 on the cone. False at
# y = 2, x = 2 sqrt 2 (x >= 2): f = (x - sqrt 2 y)^2 - 10^{-20} y^2 = -4 10^{-20}. The
# conditions where the slack is defined must now be homogeneous too (a cone).
S2 = sp.sqrt(2)
OFF_FACES = (x - S2 * y) ** 2 - R(1, 10**20) * y**2 + y**2 * (sp.sqrt(x - 2) + 1) \
    - y**2 * sp.sqrt(x - 2) - y**2


@pytest.mark.parametrize("slack, domain", [
    (OFF_FACES, [x >= 0, y >= 0]),
    (OFF_FACES, []),
    (x * (sp.sqrt(x - 2) + 1) - x * sp.sqrt(x - 2) - y, [x >= 0, y >= 0]),  # x - y; (3, 4)
])
def test_homogeneity_needs_a_cone_where_the_slack_is_defined(slack, domain):
    from derive.realprove import _homogeneous

    got = _homogeneous(build_problem(slack, False, domain), "c", clock.now() + 3)
    assert got is None or got.verdict != PROVED, got.reason
    assert decide(slack, False, domain, "c", 3).verdict != PROVED


@pytest.mark.parametrize("slack, domain", [
    # defined on a cone (x > 0, y > 0): its twin is proved, and moved by 10^-6 it is not
    (sp.log((x + y) / 2) - sp.log(x) / 2 - sp.log(y) / 2, [x > 0, y > 0]),
    # asin(x/(x + y)) is defined where |x/(x + y)| <= 1: a condition of degree 0, a cone
    (sp.asin(x / (x + y)) - x / (x + y), [x > 0, y > 0]),
])
def test_homogeneity_twins_defined_on_a_cone(slack, domain):
    from derive.realprove import _homogeneous

    got = _homogeneous(build_problem(slack, False, domain), "c", clock.now() + 20)
    assert got is not None and got.verdict == PROVED, got
    bad = _homogeneous(build_problem(slack - R(1, 10**6), False, domain), "c",
                       clock.now() + 3)
    assert bad is None or bad.verdict != PROVED


# ---------------------------------------------------------------- check.given: cases that held
# An equation as a premise: spurious roots (sqrt, a logarithm's domain), periodic premises with
# infinitely many solutions (never solved: unknown), premises that never hold (never refuted),
# conclusions undefined at the premise's points, derivatives, two equations, indexed names.
@pytest.mark.parametrize("claim, verdict", [
    # sqrt(x) = x - 2: x = 4 only (x = 1 is spurious)
    (r"\sqrt{x} = x - 2 \implies x = 4", (UNKNOWN, PROVED)),
    (r"\sqrt{x} = x - 2 \implies x = 1", (UNKNOWN, REFUTED)),
    (r"\sqrt{x^2} = 2 \implies x = 2", (REFUTED,)),  # x = -2
    (r"|x| = 2 \implies x \ge -2", (PROVED,)),
    (r"|x| = 2 \implies x > -2", (REFUTED,)),
    # x^{2/3} is defined for x >= 0 only: solveset's -8 is outside
    (r"x^{2/3} = 4 \implies x > 0", (PROVED,)),
    (r"\ln(x^2) = 0 \implies x = 1", (REFUTED,)),  # x = -1
    (r"2 \ln x = 0 \implies x = 1", (PROVED,)),
    (r"x \ln x = 0 \implies x = 1", (PROVED,)),  # x = 0 is not in the domain
    (r"x \ln x = 0 \implies x = 0", (REFUTED,)),
    # periodic premises: infinitely many solutions, never a case split
    (r"\tan x = 1 \implies x = \frac{\pi}{4}", (UNKNOWN,)),
    (r"\sin x = 0 \implies x < 4", (UNKNOWN,)),
    (r"\cos x = 1 \implies x = 0", (UNKNOWN,)),
    (r"\sin x = \frac12 \implies \cos x = \frac{\sqrt3}{2}", (UNKNOWN,)),
    (r"x^x = 1 \implies x > 2", (UNKNOWN,)),
    # premises that never hold: vacuously true, never refuted
    (r"\sqrt{x} = -2 \implies x = 5", (UNKNOWN, PROVED)),
    (r"(\sqrt{x})^2 = -1 \implies x = 5", (UNKNOWN, PROVED)),
    (r"e^{\ln x} = -1 \implies x = 5", (UNKNOWN, PROVED)),
    (r"\frac{x^2 - 1}{x - 1} = 2 \implies x = 5", (UNKNOWN, PROVED)),
    (r"\arcsin x = 2 \implies x = 7", (UNKNOWN, PROVED)),
    # the conclusion undefined where the premise holds: vacuous, never refuted
    (r"x = 0 \implies \frac{x^2}{x} = 5", (UNKNOWN, PROVED)),
    (r"x = -1 \implies \sqrt{x} = 5", (UNKNOWN, PROVED)),
    (r"x = 2 \implies \frac{\sin(x - 2)}{x - 2} = 3", (UNKNOWN, PROVED)),
    (r"x^2 = 4 \implies \frac{x}{x^2 - 4} = 0", (UNKNOWN, PROVED)),
    # derivatives: taken before a value is put in
    (r"x^2 = 1 \implies \frac{d}{dx} x^3 = 3", (PROVED,)),
    (r"x^2 = 1 \implies \frac{d}{dx} x^2 = 2", (REFUTED,)),  # -2 at x = -1
    (r"\sigma'(z) = \frac14 \implies \sigma''(z) = 0", (PROVED,)),
    (r"\sigma'(z) = \frac{3}{16} \implies \sigma(z) = \frac34", (REFUTED,)),  # 1/4 too
    (r"x = 2 \implies \int_0^x t \, dt = 3", (UNKNOWN,)),  # x bound in the conclusion
    # two equations
    (r"x^2 = 4 \land x y = 6 \implies y = 3", (REFUTED,)),  # x = -2, y = -3
    (r"x^2 = 1 \land y^2 = 1 \implies x + y \ne 0", (REFUTED,)),
    (r"x + y = 2 \land x - y = 0 \implies x = 2", (REFUTED,)),
    (r"x = 2 \land x = 3 \implies 1 = 2", (UNKNOWN, PROVED)),
    # indexed names: a value for w_j says nothing of w_{j+1} here, never refuted through it
    (r"w_j = 2 \implies w_{j+1} = 3", (UNKNOWN,)),
    (r"w_j^2 = 4 \implies w_j = 2", (REFUTED,)),
    (r"x_1 = 2 \implies x_1 + x_2 = 4", (UNKNOWN,)),
    # exact decimals at the premise's points
    (r"(x-1)^2 = 10^{-20} \implies x \ne 1", (PROVED,)),
    (r"(x-1)^2 = 10^{-20} \implies x > 0.9999999999", (REFUTED,)),  # x = 1 - 10^-10
    (r"e^{x} + e^{-x} = 3 \implies |x| < 0.97", (PROVED,)),
    (r"e^{x} + e^{-x} = 3 \implies |x| < 0.96", (REFUTED,)),  # |x| = 0.9624...
])
def test_equation_premise_hostile_cases_that_held(claim, verdict):
    r = check_equation(claim, seconds=4)
    assert r.verdict in verdict, r.reason

# Variables on both sides of a premise equation were "unknown" at once; their difference is
# now set to 0 (substitution of equals, the case split, the counterexample search), and a
# negative value is among those tried for the other variables.
@pytest.mark.parametrize("claim, verdict", [
    (r"\sqrt{x} = x \implies x \le 1", PROVED),  # x = 0 or x = 1
    (r"\sqrt{x} = x \implies x = 1", REFUTED),  # x = 0
    (r"\sqrt{x} = x \implies x < 1", REFUTED),  # x = 1
    (r"e^{x} = y \implies y > 1", REFUTED),  # (0, 1)
    (r"\ln x = y \implies y < x - 1", REFUTED),  # (1, 0)
    (r"x y = 1 \implies x + y \ge 2", REFUTED),  # (-1, -1)
    (r"x + y = 1 \implies x y < \frac14", REFUTED),  # (1/2, 1/2)
    (r"x = y \implies x - y = 0", PROVED),
    (r"x = y \implies x = 1", REFUTED),  # (0, 0)
    (r"x = y \implies x^2 = y^2", PROVED),  # true: x replaced by y (reader11)
    (r"x = y \implies x^2 = 2 y^2", REFUTED),  # (1, 1)
    (r"x^2 + y^2 = 1 \implies x y \le \frac12", UNKNOWN),  # true, not solved
])
def test_equation_premise_with_variables_on_both_sides(claim, verdict):
    r = check_equation(claim, seconds=4)
    assert r.verdict == verdict, r.reason



# ---------------------------------------------------------------- diagonal: cases that held
# Mean value bounds with L(min(x, y)) or L(max(x, y)) whose monotonicity goes the wrong way or
# whose domain is widened past where |f'| stays under L; sum-to-product forms across a pole;
# margins of 10^-9 along the diagonal. Each false one has its witness beside it.
PI = sp.pi
MEAN_VALUE_CASES = [
    # (x + y) >= 2 min(x, y) everywhere (min < 0: the bound is negative): true on R^2
    (A(x**2 - y**2) - 2 * sp.Min(x, y) * A(x - y), False, [], PROVED),
    (A(x**2 - y**2) - 2 * sp.Max(x, y) * A(x - y), False, [x >= 0, y >= 0], REFUTED),  # (1, 0)
    (2 * sp.Max(x, y) * A(x - y) - A(x**2 - y**2), False, [], REFUTED),  # (-3, -2)
    (3 * sp.Max(x, y)**2 * A(x - y) - A(x**3 - y**3), False, [], REFUTED),  # (-2, -1)
    (A(x - y) / (2 * sp.sqrt(sp.Max(x, y))) - A(sp.sqrt(x) - sp.sqrt(y)), False,
     [x > 0, y > 0], REFUTED),  # a lower bound written as an upper one
    (A(sp.log(x) - sp.log(y)) - A(x - y) / sp.Min(x, y), False, [x > 0, y > 0], REFUTED),
    (A(sp.tan(x) - sp.tan(y)) - A(x - y), False,
     [x > -PI / 2, x < PI / 2, y > -PI / 2, y < PI / 2], PROVED),
    (A(sp.asin(x) - sp.asin(y)) - R(101, 100) * A(x - y), False,
     [x >= -1, x <= 1, y >= -1, y <= 1], REFUTED),  # near 0
    # sums to products across a pole, margins along the diagonal
    (sp.tan(x) - sp.tan(y), True, [x > -2, x < 2, y > -2, y < 2, y < x], REFUTED),  # (1.6, 1.5)
    ((x - y) * (sp.tan(x) - sp.tan(y)), False, [x > -2, x < 2, y > -2, y < 2], REFUTED),
    (sp.sinh(x) - sp.sinh(y) - R(1, 10**9), True, [y < x], None),  # y -> x
    (sp.exp(2 * x) - sp.exp(x + y), True, [y < x + R(1, 10**9)], None),  # x = y
    (sp.cosh(x) - sp.cosh(y), False, [y < x, x + y >= -R(1, 10**6)], None),  # x + y < 0
]


@pytest.mark.parametrize("slack, strict, domain, verdict", MEAN_VALUE_CASES)
def test_diagonal_hostile_cases_that_held(slack, strict, domain, verdict):
    from derive.diagonal import near_diagonal

    got = near_diagonal(build_problem(slack, strict, domain), "c", 8 if verdict else 3)
    if verdict is None:
        assert got is None or got.verdict != PROVED, got.reason
    else:
        assert got is not None and got.verdict == verdict, got


# ---------------------------------------------------------------- ordered: tan and cot held
@pytest.mark.parametrize("slack, strict, domain, proved", [
    (sp.tan(y) - y - sp.tan(x) + x, True, [0 < x, x < y, y < PI / 2], True),
    (sp.tan(y) - y - sp.tan(x) + x, True, [0 < x, x <= y, y < PI / 2], False),  # x = y
    (sp.tan(y) - y - sp.tan(x) + x - R(1, 10**9), False, [0 < x, x < y, y < PI / 2], False),
    (sp.cot(x) - sp.cot(y), True, [0 < x, x < y, y < PI, sp.Ne(x, 1)], True),
    (sp.cot(x) - sp.cot(y), True, [-1 < x, x < y, y < 1], False),  # (-1/2, 1/2): the pole
    (x * sp.cot(x) - y * sp.cot(y), True, [-PI < x, x < y, y < 0], False),  # even: reversed
    (y * sp.cot(y) - x * sp.cot(x), True, [-PI < x, x < y, y < 0], True),
    (sp.sec(x) - sp.sec(y), True, [-PI / 2 < x, x < y, y < 0], True),
    (1 / sp.cos(x) - 1 / sp.cos(y), True, [-PI / 2 < x, x < y, y < R(1, 10**6)], False),
])
def test_ordered_tan_cot_hostile_cases_that_held(slack, strict, domain, proved):
    from derive.ordered import ordered_pair

    got = ordered_pair(build_problem(slack, strict, domain), "c", 10 if proved else 3)
    assert (got is not None and got.verdict == PROVED) == proved, got


# ---------------------------------------------------------------- orthant: cyclic sums held
CYCLIC = x / (x + y) + y / (y + sp.Symbol("z", real=True)) + sp.Symbol("z", real=True) / (
    sp.Symbol("z", real=True) + x)
Z = sp.Symbol("z", real=True)


@pytest.mark.parametrize("slack, strict, domain, proved", [
    (2 - CYCLIC, True, [x > 0, y > 0, Z > 0], True),
    (2 - CYCLIC - R(1, 10**9), True, [x > 0, y > 0, Z > 0], False),  # sup 2
    (CYCLIC - 1, True, [x >= 0, y > 0, Z > 0], True),  # x = 0: 1 + y/(y + z) > 1
    (CYCLIC - 1 - R(1, 10**9), True, [x > 0, y > 0, Z > 0], False),  # inf 1
    (x / (x + y) - R(1, 2), True, [x >= y, y > 0], False),  # x = y
    (x / (x + y) - R(1, 2), True, [x > y, y >= 0], True),
    (x / (x + y) - R(1, 2), False, [x > y, y > -R(1, 10**6)], False),  # (0, -10^-7)
    ((x * y - 1) / (x + y), False, [x >= 1, y >= R(999, 1000)], False),  # (1, 0.999)
])
def test_orthant_hostile_cases_that_held(slack, strict, domain, proved):
    from derive.orthant import orthant

    got = orthant(build_problem(slack, strict, domain), "c", 10)
    assert (got is not None and got.verdict == PROVED) == proved, got


# ---------------------------------------------------------------- homogeneity: the guess is a guess
Z3 = sp.Symbol("z", real=True)
VARIABLE_DEGREE = (x - y) * (x**Z3 - y**Z3)  # homogeneous in (x, y) of degree z + 1


def test_a_wrong_degree_guess_proves_nothing(monkeypatch):
    from derive import realprove

    # true statements, each proved with the right degree, and with a wrong one never
    # x/(2x + y) + y/(x + 2y) <= 2/3 for x, y > 0 (equality at x = y)
    mean = x / (y + 2 * x) + y / (x + 2 * y) - R(2, 3)
    cone = [x > 0, y > 0]
    assert realprove._homogeneous(build_problem(-mean, False, cone), "c",
                                  clock.now() + 20).verdict == PROVED
    signs = [x > 0, y > 0, Z3 >= 0, Z3 <= 1]
    assert realprove._homogeneous(build_problem(VARIABLE_DEGREE, False, signs), "c",
                                  clock.now() + 20).verdict == PROVED
    guess = realprove._degree_guess
    monkeypatch.setattr(realprove, "_degree_guess", lambda f, vs: (
        None if guess(f, vs) is None else guess(f, vs) + R(1, 2)))
    assert realprove._homogeneous(build_problem(-mean, False, cone), "c",
                                  clock.now() + 3) is None
    monkeypatch.setattr(realprove, "_degree_in", lambda f, scaled, rest: Z3 + 2)
    assert realprove._homogeneous(build_problem(VARIABLE_DEGREE, False, signs), "c",
                                  clock.now() + 3) is None


@pytest.mark.parametrize("slack, domain", [
    # degree z + 1 changes sign at z = -1: the scaling t^(z + 1) > 0 keeps signs either way
    (VARIABLE_DEGREE, [x > 0, y > 0, Z3 >= -1, Z3 <= 1]),  # false for z < 0
    (-VARIABLE_DEGREE, [x > 0, y > 0, Z3 >= -2, Z3 <= R(1, 100)]),  # false for z > 0
    (VARIABLE_DEGREE - R(1, 10**9), [x > 0, y > 0, Z3 >= 0, Z3 <= 1]),  # not homogeneous
    ((x + y)**Z3 - x**Z3 - y**Z3 + R(1, 10**9), [x > 0, y > 0, Z3 >= 1]),  # look-alike
    ((x * y - 1) / (x + y), [x >= 1, y >= 1]),  # true, but not a cone: not this rule
])
def test_homogeneity_look_alikes_and_sign_changing_degrees(slack, domain):
    from derive.realprove import _homogeneous

    got = _homogeneous(build_problem(slack, False, domain), "c", clock.now() + 3)
    assert got is None or got.verdict != PROVED, got.reason


# ---------------------------------------------------------------- the reader: reported here
# derive/check/run.py (not this audit's file): an equation giving a function defined earlier a
# value, written as a hypothesis ("if", "when", "suppose"), was read as a claim about the
# function (``_equation_condition`` took every ``f(x) = ...`` for a definition), and the
# conclusion was then judged alone: two true statements refuted. Fixed by reader11 (the
# functions defined before each equation, ``Span.functions``); the wrong values are in
# tests/test_reader11.py.
@pytest.mark.parametrize("text", [
    r"Let $f(x) = x^2 - 1$. If $f(x) = 0$ then $x^2 = 1$.",
    r"Let $g(z) = \sigma(z)$. If $g(z) = \frac12$ then $\sigma'(z) = \frac14$.",
])
def test_a_hypothesis_about_a_defined_function_is_a_premise(text):
    assert all(r.verdict != REFUTED for r in check_text(text + "\n"))

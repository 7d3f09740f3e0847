"""derive.diagonal: two-variable statements whose slack is 0 along the diagonal ``x = y``.

Each method proves true statements of its kind through ``derive.realprove.decide`` (the path
of ``derive check``), naming its rules, and never proves a false twin: a constant moved, the
domain widened past where a factor changes sign, the direction reversed. The kernel rejects
the new rule from a premise that is not proved."""

import pytest
import sympy as sp

from derive import diagonal
from derive.proof import PROVED, REFUTED, RULES, UNKNOWN, Step, apply_rule
from derive.realprove import build_problem, decide

x, y = sp.symbols("x y", real=True)
u, v = sp.symbols("u v", real=True)
t = sp.Symbol("t", real=True)
R = sp.Rational
pi = sp.pi
A = sp.Abs
SIN_GT = [-pi / 2 <= y, y <= pi / 2, y < x, x < pi - y]  # pvslib's sin_gt


def _decided(slack, strict, domain, verdict, seconds=20.0):
    step = decide(slack, strict, domain, "c", seconds)
    assert step.verdict == verdict, step.reason
    return step


def test_the_rule_is_in_the_trusted_base():
    assert "intermediate value theorem" in RULES
    assert apply_rule("intermediate value theorem", [], "c").verdict == UNKNOWN
    bad = Step("sin t != 0", "solve", UNKNOWN, "not decided")
    assert apply_rule("intermediate value theorem", [bad], "c").verdict == UNKNOWN


def test_fast_examples():
    # one proof and one false twin of each method, quickly (the slow tests below have more)
    step = _decided(2 * A(sp.sin((x - y) / 2)) - A(sp.sin(x) - sp.sin(y)), False, [], PROVED)
    assert "change of variable" in step.rules
    _decided(R(9, 5) * A(sp.sin((x - y) / 2)) - A(sp.sin(x) - sp.sin(y)), False, [], REFUTED)
    step = _decided(A(sp.sinh(x) - sp.sinh(y)) - A(x - y), False, [], PROVED)
    assert "mean value theorem" in step.rules
    _decided(A(sp.sinh(x) - sp.sinh(y)) - R(11, 10) * A(x - y), False, [], REFUTED)


@pytest.mark.slow
def test_sum_to_product_with_factor_signs():
    # sin x - sin y = 2 cos u sin v: cos u > 0 on (-pi/2, pi/2), sin v > 0 on (0, pi)
    step = _decided(sp.sin(x) - sp.sin(y), True, SIN_GT, PROVED)
    assert {"change of variable", "product of signs", "intermediate value theorem"} <= set(
        step.rules)
    # cos y > cos x on 0 <= y < x <= pi: 2 sin u sin v
    step = _decided(sp.cos(y) - sp.cos(x), True, [0 <= y, y < x, x <= pi], PROVED)
    # false twins: the direction reversed, a margin, the domain widened past pi
    _decided(sp.sin(y) - sp.sin(x), False, SIN_GT, REFUTED)
    _decided(sp.sin(x) - sp.sin(y) - R(1, 100), True, SIN_GT, REFUTED)
    _decided(sp.cos(y) - sp.cos(x), True, [0 <= y, y < x, x <= 4], REFUTED)
    _decided(sp.sin(x) - sp.sin(y), True, [-pi / 2 <= y, y <= pi / 2, y < x, x < pi + 1 - y],
             REFUTED)


@pytest.mark.slow
def test_sum_to_product_then_the_engine():
    # |sin x - sin y| <= 2 |sin((x - y)/2)|: 2 |sin v| (1 - |cos u|) >= 0
    step = _decided(2 * A(sp.sin((x - y) / 2)) - A(sp.sin(x) - sp.sin(y)), False, [], PROVED)
    assert "change of variable" in step.rules and "equal functions" in step.rules
    _decided(R(9, 5) * A(sp.sin((x - y) / 2)) - A(sp.sin(x) - sp.sin(y)), False, [], REFUTED)
    # |sin x + sin y| <= 2 |cos((x - y)/2)|: not 0 on x = y, a product 2 |cos v| (1 - |sin u|)
    _decided(2 * A(sp.cos((x - y) / 2)) - A(sp.sin(x) + sp.sin(y)), False, [], PROVED)
    _decided(2 * A(sp.cos((x - y) / 2)) - A(sp.sin(x) + sp.sin(y)) - R(1, 100), False, [],
             REFUTED)
    # |x - y| e^min(x, y) <= |e^x - e^y| (min(a, b) = (a + b - |a - b|)/2)
    mvt = A(sp.exp(x) - sp.exp(y)) - A(x - y) * sp.exp(sp.Min(x, y))
    _decided(mvt, False, [], PROVED)
    _decided(mvt - R(1, 100), False, [], REFUTED)
    _decided(A(sp.exp(x) - sp.exp(y)) - A(x - y) * sp.exp(sp.Max(x, y)) * R(1, 2), False, [],
             REFUTED)


@pytest.mark.slow
def test_mean_value_bounds():
    # |sinh x - sinh y| >= |x - y|: |cosh t| >= 1
    step = _decided(A(sp.sinh(x) - sp.sinh(y)) - A(x - y), False, [], PROVED)
    assert "mean value theorem" in step.rules
    _decided(A(sp.sinh(x) - sp.sinh(y)) - R(11, 10) * A(x - y), False, [], REFUTED)
    # |tan x - tan y| >= |x - y| on (-pi/2, pi/2): tan defined (cos t != 0) on J
    box = [x > -pi / 2, x < pi / 2, y > -pi / 2, y < pi / 2]
    step = _decided(A(sp.tan(x) - sp.tan(y)) - A(x - y), False, box, PROVED)
    assert "mean value theorem" in step.rules
    _decided(A(sp.tan(x) - sp.tan(y)) - R(11, 10) * A(x - y), False, box, REFUTED)
    # an upper bound with an irrational constant: |e^x - e^y| <= e |x - y| on [0, 1]
    unit = [x >= 0, x <= 1, y >= 0, y <= 1]
    step = _decided(sp.E * A(x - y) - A(sp.exp(x) - sp.exp(y)), False, unit, PROVED)
    assert "mean value theorem" in step.rules
    _decided(R(27, 10) * A(x - y) - A(sp.exp(x) - sp.exp(y)), False, unit, REFUTED)


@pytest.mark.slow
def test_mean_value_bounds_at_the_min_or_the_max():
    # |f'| at min(x, y) or max(x, y), |f'| monotone on J
    sq = sp.sqrt
    pos = [x > 0, y > 0]
    step = _decided(A(x - y) / (2 * sq(sp.Min(x, y))) - A(sq(x) - sq(y)), False, pos, PROVED)
    assert "mean value theorem" in step.rules
    _decided(A(sq(x) - sq(y)) - A(x - y) / (2 * sq(sp.Max(x, y))), False, pos, PROVED)
    _decided(A(sp.log(x) - sp.log(y)) - A(x - y) / sp.Max(x, y), False, pos, PROVED)
    half = [x >= 0, y >= 0]
    _decided(A(sp.atan(x) - sp.atan(y)) - A(x - y) / (1 + sp.Max(x, y) ** 2), False, half,
             PROVED)
    # |f'(t)| <= L(t) decided (not an identity): 2 e^max(x, y) on [0, 3/2]
    box = [x >= 0, x <= R(3, 2), y >= 0, y <= R(3, 2)]
    _decided(2 * sp.exp(sp.Max(x, y)) * A(x - y) - A(sp.exp(x) - sp.exp(y)), False, box, PROVED)
    # false twins: the other end, a constant moved
    _decided(A(x - y) / (2 * sq(sp.Max(x, y))) - A(sq(x) - sq(y)), False, pos, REFUTED)
    _decided(A(sp.atan(x) - sp.atan(y)) - A(x - y) / (1 + sp.Min(x, y) ** 2), False, half,
             REFUTED)
    _decided(A(x - y) / (2 * sp.Min(x, y)) - A(sp.log(x) - sp.log(y)), False, pos, REFUTED)


@pytest.mark.slow
def test_lipschitz_and_logarithm_kinds():
    # upper bounds (derive.reduce's Lipschitz reduction) and ln x - ln y < (x - y)/y
    _decided(A(x - y) - A(sp.cos(x) - sp.cos(y)), False, [], PROVED)
    _decided(A(x - y) - A(sp.atan(x) - sp.atan(y)), False, [], PROVED)
    _decided(R(99, 100) * A(x - y) - A(sp.atan(x) - sp.atan(y)), False, [], REFUTED)
    _decided((x - y) / y - (sp.log(x) - sp.log(y)), True, [0 < y, y < x], PROVED)
    _decided((x - y) / x - (sp.log(x) - sp.log(y)), True, [0 < y, y < x], REFUTED)


@pytest.mark.slow
def test_tan_increasing_and_its_thin_false_twin():
    dom = [-pi / 2 < y, y < x, x < pi / 2]
    step = _decided(sp.tan(x) - sp.tan(y), True, dom, PROVED)
    assert "monotone function" in step.rules
    # fails only where x - y < 0.01: a point near the diagonal
    step = _decided(sp.tan(x) - sp.tan(y) - R(1, 100), True, dom, REFUTED)
    _decided(sp.tan(x) - sp.tan(y), True, [-pi / 2 < y, y < x, x < 2], REFUTED)  # past pi/2


def test_projection_and_intermediate_value_pieces():
    cons = diagonal._mapped(build_problem(sp.sin(x) - sp.sin(y), True, SIN_GT),
                            {x: u + v, y: u - v})
    (lo, lo_open, _), (hi, hi_open, _) = diagonal._project(cons, u, v)
    assert (lo, lo_open, hi, hi_open) == (-pi / 2, True, pi / 2, True)
    (lo, lo_open, _), (hi, hi_open, _) = diagonal._project(cons, v, u)
    assert (lo, lo_open, hi, hi_open) == (0, True, pi, True)
    # sin t > 0 on (0, pi), not on (0, 4) (a zero at pi) nor on (-1, 1); cos t > 0 on
    # (-pi/2, pi/2), -cos t not
    assert diagonal._no_zero(sp.sin(t), t, (sp.Integer(0), True, pi, True)).verdict == PROVED
    assert diagonal._no_zero(sp.sin(t), t, (sp.Integer(0), True, sp.Integer(4), True)) is None
    assert diagonal._no_zero(sp.sin(t), t, (sp.Integer(-1), True, sp.Integer(1), True)) is None
    assert diagonal._no_zero(sp.cos(t), t, (-pi / 2, True, pi / 2, True)).verdict == PROVED
    assert diagonal._no_zero(-sp.cos(t), t, (-pi / 2, True, pi / 2, True)) is None
    # a closed end where the factor is 0
    assert diagonal._no_zero(sp.sin(t), t, (sp.Integer(0), False, sp.Integer(1), True)) is None


@pytest.mark.slow
def test_monotone_function_without_joining_terms():
    # derive.ordered: tan x - x > tan y - y on 0 < y < x < pi/2 (g(t) = t - tan t)
    step = _decided(sp.tan(x) - x - sp.tan(y) + y, True, [0 < y, y < x, x < pi / 2], PROVED)
    assert "monotone function" in step.rules
    _decided(sp.sin(x) - x - sp.sin(y) + y, True, [0 < y, y < x, x < pi / 2], REFUTED)
    # cot, sec with sin, cos: unbounded at the open ends of (0, pi), [0, pi/2)
    step = _decided(sp.cot(y) - sp.cot(x), True, [0 < y, y < x, x < pi], PROVED)
    assert "monotone function" in step.rules
    _decided(sp.cot(y) - sp.cot(x), True, [0 < y, y < x, x < 4], REFUTED)
    _decided(sp.sec(x) - sp.sec(y), True, [0 <= y, y < x, x < pi / 2], PROVED)
    _decided(sp.sec(x) - sp.sec(y), True, [-1 <= y, y < x, x < pi / 2], REFUTED)


def _random_statement(rng):
    """A statement of the kinds above with random functions, constants and domains (true or
    false)."""
    f = rng.choice([sp.sin, sp.cos, sp.exp, sp.atan, sp.tanh, sp.sinh, lambda s: s ** 3])
    c = R(rng.choice([1, 2, 9, 10, 11, 19, 20, 21]), 10)
    lo = R(rng.choice([-3, -2, -1, 0, 1]), 2)
    hi = lo + R(rng.choice([1, 2, 3, 6]), 2)
    box = [x >= lo, x <= hi, y >= lo, y <= hi]
    kind = rng.randrange(5)
    if kind == 0:
        return c * A(x - y) - A(f(x) - f(y)), False, rng.choice([[], box])
    if kind == 1:
        return A(f(x) - f(y)) - c * A(x - y), False, box
    if kind == 2:
        return f(x) - f(y), rng.random() < 0.5, [y >= lo, y < x, x <= hi]
    if kind == 3:
        g = rng.choice([sp.sin, sp.cos])
        return c * A(g((x - y) / 2)) - A(g(x) + rng.choice([1, -1]) * g(y)), False, box
    e = rng.choice([sp.Min(x, y), sp.Max(x, y)])
    return c * A(x - y) * sp.exp(e) - A(sp.exp(x) - sp.exp(y)), False, rng.choice([[], box])


@pytest.mark.slow
def test_oracle_nothing_proved_fails_at_a_point():
    # proved statements hold at many points near and off the diagonal (mpmath, 30 digits)
    import random

    import mpmath

    rng = random.Random(2)
    mpmath.mp.dps = 30
    near = [(mpmath.mpf(a) / 7 + mpmath.mpf(b) / 1000, mpmath.mpf(a) / 7)
            for a in range(-25, 26) for b in (-300, -30, -3, 3, 30, 300)]
    grid = [(mpmath.mpf(a) / 5, mpmath.mpf(b) / 5) for a in range(-20, 21)
            for b in range(-20, 21)]
    proved = 0
    for _ in range(12):
        slack, strict, domain = _random_statement(rng)
        step = decide(slack, strict, domain, "c", 4.0)
        if step.verdict != PROVED:
            continue
        proved += 1
        f = sp.lambdify((x, y), slack, "mpmath")
        inside = sp.lambdify((x, y), sp.And(*domain) if domain else sp.true, "mpmath")
        for p in near + grid:
            if inside(*p):
                assert f(*p) >= -mpmath.mpf(10) ** -20, (slack, domain, p)
    assert proved >= 3  # (the oracle checks something)


@pytest.mark.slow
def test_the_two_orders():
    # Chebyshev's kind: (x - y)(f(x) - f(y)) >= 0 for f increasing, cases x >= y and y >= x
    step = _decided((x - y) * (sp.atan(x) - sp.atan(y)), False, [], PROVED)
    assert "case split" in step.rules
    box = [-pi / 2 <= x, x <= pi / 2, -pi / 2 <= y, y <= pi / 2]
    _decided((x - y) * (sp.sin(x) - sp.sin(y)), False, box, PROVED)
    # false twins: past pi/2, f decreasing
    _decided((x - y) * (sp.sin(x) - sp.sin(y)), False,
             [-pi / 2 <= x, x <= 2, -pi / 2 <= y, y <= 2], REFUTED)
    _decided((x - y) * (sp.cos(x) - sp.cos(y)), False, [0 <= x, x <= 3, 0 <= y, y <= 3],
             REFUTED)

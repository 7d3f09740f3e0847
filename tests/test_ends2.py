"""Helper "ends2" (issue #11): poles where both sides blow up (derive.singular's pole ends),
rational slacks on an open cone (derive.orthant with t > 0), powers whose degree is another
variable (derive.realprove's homogeneity). Each method proves true statements of its kind and
refuses their false twins."""

import pytest
import sympy as sp

from derive.orthant import orthant
from derive.proof import PROVED, REFUTED
from derive.realprove import build_problem, decide

x, y, z = sp.symbols("x y z", real=True)
SECONDS = 60.0  # (wall-clock budgets: a loaded machine must not change a verdict)
half = sp.Rational(1, 2)


def verdict(slack, domain, strict=False, seconds=SECONDS):
    return decide(slack, strict, domain, "claim", seconds)


# ------------------------------------------------------------------ poles at both sides

@pytest.mark.parametrize("slack, domain", [
    # artanh x <= x/(1 - x^2): both sides tend to +oo at 1
    (x / (1 - x**2) - sp.atanh(x), [x >= 0, x < 1]),
    # ln(1/(1 - x)) <= x/(1 - x)
    (x / (1 - x) - sp.log(1 / (1 - x)), [x >= 0, x < 1]),
    # poles at both ends, no symmetry: -ln(1 - x) - 2 ln(1 + x) <= 1/(1 - x) + 2/(1 + x)
    (1 / (1 - x) + 2 / (1 + x) + sp.log(1 - x) + 2 * sp.log(1 + x), [x > -1, x < 1]),
    # |x - artanh x| <= ((1 + x)^3 + (1 - x)^3)/(6 (1 - x^2)^3) on (-1, 1) (PVS)
    pytest.param(((1 + x)**3 + (1 - x)**3) / (6 * (1 - x**2)**3) - sp.Abs(x - sp.atanh(x)),
                 [x > -1, x < 1], marks=pytest.mark.slow),
    # tan x >= x + x^3/3 on [0, pi/2)
    (sp.tan(x) - x - x**3 / 3, [x >= 0, x < sp.pi / 2]),
])
def test_poles_where_both_sides_blow_up(slack, domain):
    step = verdict(slack, domain)
    assert step.verdict == PROVED, step.reason


def test_the_pole_piece_is_a_monotone_piece_and_a_case_split():
    step = verdict(x / (1 - x**2) - sp.atanh(x), [x >= 0, x < 1])
    assert step.verdict == PROVED
    assert {"monotone from an end", "case split"} <= set(step.rules)


@pytest.mark.parametrize("slack, domain", [
    # the pole's coefficient wrong: -x^3/(100 (1 - x)^2) wins at 1 (fails only for x > 0.98)
    (x / (1 - x**2) - sp.atanh(x) - x**3 / (100 * (1 - x)**2), [x >= 0, x < 1]),
    # a constant moved: artanh x + 1/100 <= x/(1 - x^2) fails at 0
    (x / (1 - x**2) - sp.atanh(x) - sp.Rational(1, 100), [x >= 0, x < 1]),
    # the domain widened: the slack is odd, negative for x < 0
    (x / (1 - x**2) - sp.atanh(x), [x > -1, x < 1]),
    # the pole's coefficient too small: (1 - x)^{-1}/3 loses to -ln(1 - x) ... near 0 too
    (x / (3 * (1 - x)) - sp.log(1 / (1 - x)), [x >= 0, x < 1]),
    # both poles, one coefficient wrong: 2/(1 + x) -> 1/(10 (1 + x)) loses to 2 ln(1 + x)
    (1 / (1 - x) + 1 / (10 * (1 + x)) + sp.log(1 - x) + 2 * sp.log(1 + x), [x > -1, x < 1]),
])
def test_false_twins_at_a_pole_are_refuted(slack, domain):
    step = verdict(slack, domain)
    assert step.verdict == REFUTED, step.reason


# ------------------------------------------------------------------ rational slacks, open cone

def test_cyclic_sum_on_the_open_orthant():
    # x/(x + y) + y/(y + z) + z/(z + x) < 2: the denominator has no constant term
    slack = 2 - (x / (x + y) + y / (y + z) + z / (z + x))
    step = orthant(build_problem(slack, True, [x > 0, y > 0, z > 0]), "claim", SECONDS)
    assert step is not None and step.verdict == PROVED
    assert "t_{1} > 0" in step.reason or "t_1 > 0" in step.reason


@pytest.mark.parametrize("slack, strict", [
    (x / (x + y) + y / (y + z) + z / (z + x) - 1, True),  # > 1
    (2 - (x / (x + y) + y / (y + z) + z / (z + x)), True),  # < 2
    (x / (y + z) + y / (z + x) - x / (x + y + z) - y / (x + y + z), True),
])
def test_rational_slacks_with_positive_coefficients_are_proved(slack, strict):
    step = verdict(slack, [x > 0, y > 0, z > 0], strict)
    assert step.verdict == PROVED, step.reason


@pytest.mark.parametrize("slack, domain", [
    (sp.Rational(9, 5) - (x / (x + y) + y / (y + z) + z / (z + x)), [x > 0, y > 0, z > 0]),
    (x / (x + y) + y / (y + z) + z / (z + x) - 2, [x > 0, y > 0, z > 0]),  # reversed
    # two terms only: x/(x + y) + y/(y + z) > 1 is false (x = 1, y = 1, z = 100)
    (x / (x + y) + y / (y + z) - 1, [x > 0, y > 0, z > 0]),
    # the domain widened: x + y may vanish (-1 < x) and the slack changes sign
    (2 - (x / (x + y) + y / (y + z) + z / (z + x)), [x > -1, y > 0, z > 0]),
])
def test_false_rational_twins_are_refuted(slack, domain):
    step = verdict(slack, domain, True)
    assert step.verdict == REFUTED, step.reason


def test_a_closed_cone_needs_a_positive_denominator():
    # x/(x + y) >= 0 where defined on x, y >= 0: q = t_1 + t_2 may vanish, so the open-cone
    # certificate does not apply (the engine decides it otherwise)
    problem = build_problem(x / (x + y) - half, False, [x >= 0, y >= 0])
    assert orthant(problem, "claim", SECONDS) is None


# ------------------------------------------------------------------ a degree that is a variable

R = (x + y)**z - x**z - y**z  # homogeneous in (x, y) of degree z


@pytest.mark.slow  # (each about 1 s at 8 s, 6 s of CPU at the 60 s budget)
@pytest.mark.parametrize("slack, domain", [
    (-R, [x > 0, y > 0, z > 0, z <= 1]),  # (x + y)^z <= x^z + y^z (mathlib)
    (-R, [x >= 0, y >= 0, z > 0, z <= 1]),  # with the faces x = 0, y = 0 (0^z = 0)
    (R, [x >= 0, y >= 0, z >= 1]),  # (x + y)^z >= x^z + y^z for z >= 1
])
def test_homogeneous_of_a_degree_given_by_another_variable(slack, domain):
    step = verdict(slack, domain)
    assert step.verdict == PROVED, step.reason
    assert "positive homogeneity in some variables" in step.rules


@pytest.mark.parametrize("slack, domain", [
    (-R, [x >= 0, y >= 0, z > 0, z <= 2]),  # the domain widened: fails for z > 1
    (-R - sp.Rational(1, 100), [x >= 0, y >= 0, z > 0, z <= 1]),  # a constant moved
    (R, [x >= 0, y >= 0, z > 0, z <= 1]),  # reversed
    pytest.param(R - sp.Rational(1, 100), [x >= 0, y >= 0, z >= 1],  # a constant moved
                 marks=pytest.mark.slow),
])
def test_false_twins_of_a_variable_degree_are_refuted(slack, domain):
    step = verdict(slack, domain)
    assert step.verdict == REFUTED, step.reason


def test_the_degree_is_found_and_checked_exactly():
    from derive.realprove import _degree_in

    assert _degree_in(R, (x, y), [z]) == z
    assert _degree_in(x**(2 * z + 1) * y - x * y**(2 * z + 1), (x, y), [z]) == 2 * z + 2
    assert _degree_in(x**z + y, (x, y), [z]) is None  # not homogeneous


# ------------------------------------------------------------------ time shared by the parts

@pytest.mark.slow
def test_two_irrational_ends():
    # the part moved next to pi/2 is quick; the rest (with the end -pi/2) gets what is left
    t = sp.Symbol("t", real=True)
    domain = [t > -sp.pi / 2, t < sp.pi / 2]
    assert verdict(sp.cos(t)**2, domain, strict=True).verdict == PROVED
    # a false twin: cos^2 t > 1/100 fails next to both ends
    step = verdict(sp.cos(t)**2 - sp.Rational(1, 100), domain, strict=True)
    assert step.verdict == REFUTED, step.reason


@pytest.mark.slow
def test_a_case_split_passes_the_time_a_quick_case_leaves():
    # |x| cases: x >= 0 makes the slack exactly 0 at once, x <= 0 needs the rest (MetiTarski
    # abs-problem-15, Bullen)
    a = sp.Abs
    slack = a((a(x) / 2 + 1)**2 - sp.exp(a(x))) - a((x / 2 + 1)**2 - sp.exp(x))
    step = verdict(slack, [])
    assert step.verdict == PROVED, step.reason
    twin = a((a(x) / 2 + 1)**2 - sp.exp(a(x))) - a((x / 3 + 1)**2 - sp.exp(x))
    assert verdict(twin, []).verdict == REFUTED


# ------------------------------------------------------------------ the methods alone

def test_the_pole_method_alone_refuses_a_wrong_pole_coefficient():
    from derive.singular import singular

    good = build_problem(x / (1 - x**2) - sp.atanh(x), False, [x >= 0, x < 1])
    step = singular(good, "claim", SECONDS)
    assert step is not None and step.verdict == PROVED
    assert "monotone from an end" in step.rules
    # -x^3/(100 (1 - x)^2) wins at 1: the slope is negative next to the pole, no piece
    bad = build_problem(x / (1 - x**2) - sp.atanh(x) - x**3 / (100 * (1 - x)**2), False,
                        [x >= 0, x < 1])
    got = singular(bad, "claim", SECONDS)
    assert got is None or got.verdict != PROVED


def test_the_open_cone_alone_refuses_false_rational_slacks():
    cyc = x / (x + y) + y / (y + z) + z / (z + x)
    cone = [x > 0, y > 0, z > 0]
    for slack in (sp.Rational(9, 5) - cyc, cyc - 2, x / (x + y) + y / (y + z) - 1):
        got = orthant(build_problem(slack, True, cone), "claim", SECONDS)
        assert got is None or got.verdict != PROVED

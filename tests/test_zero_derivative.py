"""The rule *zero derivative* (a slack constant on an interval that SymPy does not simplify),
two irrational ends of one interval, and the enclosures of cot and 1/tan at pi/2."""

import pytest
import sympy as sp

from derive import intervals
from derive.proof import PROVED, REFUTED
from derive.realprove import _zero_derivative, build_problem, decide

x = sp.Symbol("x", real=True)
SECONDS = 20.0


@pytest.mark.parametrize("slack, domain", [
    (sp.atan(2 * x / (1 - x**2)) - 2 * sp.atan(x), [sp.Abs(x) < 1]),  # an identity stated <=
    (sp.atan(x) + sp.atan(1 / x) - sp.pi / 2, [x > 0]),
    (sp.asin(x) + sp.acos(x) - sp.pi / 2, [x >= -1, x <= 1]),
])
def test_a_slack_with_zero_derivative_is_its_value_at_a_point(slack, domain):
    step = _zero_derivative(build_problem(slack, False, domain), "claim", SECONDS)
    assert step is not None and step.verdict == PROVED and "zero derivative" in step.rules
    assert decide(slack, False, domain, "claim", SECONDS).verdict == PROVED


@pytest.mark.parametrize("slack, strict, domain", [
    (sp.atan(2 * x / (1 - x**2)) - 2 * sp.atan(x), True, [sp.Abs(x) < 1]),  # 0 > 0 fails
    (sp.atan(2 * x / (1 - x**2)) - 2 * sp.atan(x), False, [sp.Abs(x) < 2]),  # pi apart
    (sp.atan(x) + sp.atan(1 / x) - sp.pi / 2, False, [x > -sp.Rational(1, 10), x < 1]),
])
def test_false_twins_are_refuted(slack, strict, domain):
    assert decide(slack, strict, domain, "claim", SECONDS).verdict == REFUTED


def test_a_hole_inside_the_interval_stops_the_rule():
    # atan x + atan(1/x) is pi/2 for x > 0 and -pi/2 for x < 0: constant on each piece only.
    # The claim (>= -pi/2) is true, but "constant on the interval" is not: the rule must not
    # apply, even where every sample point lies on one side of the hole.
    for c in (sp.pi / 2, -sp.pi / 2 + sp.Rational(1, 10**6)):
        problem = build_problem(sp.atan(x) + sp.atan(1 / x) + c, False,
                                [x > -sp.Rational(1, 10), x < 1])
        assert _zero_derivative(problem, "claim", SECONDS) is None


def test_a_jump_stops_the_rule():
    problem = build_problem(sp.sign(x) + 1, False, [x > -1, x < 1])  # derivative 0 where it exists
    assert _zero_derivative(problem, "claim", SECONDS) is None


def test_two_irrational_ends_of_one_interval():
    domain = [x > -sp.pi / 2, x < sp.pi / 2]
    assert decide(sp.sec(x) - 1 - x**2 / 2, False, domain, "c", SECONDS).verdict == PROVED
    assert decide(sp.sec(x) - 1 - x**2 / 2 - sp.Rational(1, 1000), False, domain, "c",
                  SECONDS).verdict == REFUTED


def test_cot_is_enclosed_across_pi_over_2():
    box = intervals.interval(sp.Rational(157, 100), sp.Rational(1571, 1000))
    e = intervals.enclose(sp.cot(x), {x: box})
    assert e.a <= sp.cot(sp.Rational(1571, 1000)) and sp.cot(sp.Rational(157, 100)) <= e.b
    assert -1 < e.a and e.b < 1  # finite: cot is 0 at pi/2, where tan has its pole
    domain = [x > 0, x < sp.pi]
    assert decide(1 / x - x / 3 - sp.cot(x), False, domain, "c", SECONDS).verdict == PROVED
    assert decide(1 / x - x / 3 - sp.cot(x) - sp.Rational(1, 1000), False, domain, "c",
                  SECONDS).verdict == REFUTED


def test_one_over_tan_is_enclosed_across_pi_over_2():
    box = intervals.interval(sp.Rational(157, 100), sp.Rational(1571, 1000))
    e = intervals.enclose(1 / sp.tan(x), {x: box})  # where it is defined: finite, near 0
    assert -1 < e.a and e.b < 1
    with pytest.raises(intervals.NotEnclosable):  # every point defined: not at pi/2
        intervals.enclose(1 / sp.tan(x), {x: box}, finite=True)
    domain = [x > 0, x < sp.pi]
    assert decide(1 / x - x / 3 - 1 / sp.tan(x), False, domain, "c", SECONDS).verdict == PROVED
    assert decide(1 / sp.tan(x) - 1 / x + x / 3, False, domain, "c", SECONDS).verdict == REFUTED

"""derive.orthant: rational slacks with no negative coefficient on a cone of the domain's
affine conditions (rule *change of variable*; |u| of a proved sign, *equal functions*)."""

import pytest
import sympy as sp

from derive.orthant import orthant
from derive.proof import PROVED, REFUTED
from derive.realprove import build_problem, decide

x, y = sp.symbols("x y", real=True)
F = lambda t: t / (1 + t)  # noqa: E731 -- the bounded metric's map
SECONDS = 20.0


@pytest.mark.parametrize("slack, domain", [
    (F(x) + F(y) - F(x + y), [x >= 0, y >= 0]),
    (F(x) + F(-y) - F(x + y), [x >= 0, y <= 0, x + y >= 0]),  # the cone x = a + b, y = -b
    (F(x) + F(-y) - F(-x - y), [x >= 0, y <= 0, x + y <= 0]),
    (F(sp.Abs(x)) + F(sp.Abs(y)) - F(sp.Abs(x + y)), [x >= 0, y >= 0]),  # |u| of one sign
    (x * y**2 - 2 * x * y + x - y + 2, [x >= 1, y >= 2]),
])
def test_coefficients_of_one_sign_on_a_cone(slack, domain):
    step = orthant(build_problem(slack, False, domain), "claim", SECONDS)
    assert step is not None and step.verdict == PROVED
    assert "change of variable" in step.rules


@pytest.mark.parametrize("slack, domain", [
    (x**2 - x * y + y**2, [x >= 0, y >= 0]),  # true, but a negative coefficient: not this rule
    (F(x) + F(y) - F(x + y) - sp.Rational(1, 1000), [x >= 0, y >= 0]),  # false at 0
    (F(x) + F(y) - F(x + y), [x >= -1, y >= 0]),  # false: x = -1/2, y = 1 (and a pole)
    (F(sp.Abs(x)) + F(sp.Abs(y)) - F(sp.Abs(x + y)), []),  # no cone, |x| of no sign
])
def test_the_rule_does_not_apply(slack, domain):
    assert orthant(build_problem(slack, False, domain), "claim", SECONDS) is None


def test_strict_needs_a_positive_constant_term():
    problem = build_problem(F(x) + F(y) - F(x + y), True, [x >= 0, y >= 0])  # 0 at the origin
    assert orthant(problem, "claim", SECONDS) is None
    problem = build_problem(F(x) + F(y) - F(x + y) + 1, True, [x >= 0, y >= 0])
    assert orthant(problem, "claim", SECONDS).verdict == PROVED


def test_the_bounded_metric_everywhere_and_its_false_twins():
    slack = F(sp.Abs(x)) + F(sp.Abs(y)) - F(sp.Abs(x + y))
    assert decide(slack, False, [], "d", SECONDS).verdict == PROVED
    assert decide(slack - sp.Rational(1, 1000), False, [], "d", SECONDS).verdict == REFUTED
    twin = F(sp.Abs(x)) + sp.Abs(y) / (2 + sp.Abs(y)) - F(sp.Abs(x + y))
    assert decide(twin, False, [], "d", SECONDS).verdict == REFUTED

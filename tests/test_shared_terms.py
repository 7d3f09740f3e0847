"""derive.reduce's shared terms: non-polynomial terms in overlapping sets of variables, each
polynomial term shared equally by the groups that contain its variables (*sum of
inequalities*); and the diagonal y = x as a guessed critical point (*convex minimum*)."""


import pytest
import sympy as sp

from derive import clock
from derive import reduce as reductions
from derive.proof import PROVED, REFUTED
from derive.realprove import build_problem, decide

x, y, z = sp.symbols("x y z", real=True)
S = sp.sqrt
PAIRS = S(x**2 + y**2) + S(y**2 + z**2) + S(z**2 + x**2)


def _shared(slack, domain=()):
    ctx = reductions._Context(clock.now() + 30.0)
    try:
        return reductions._shared(build_problem(slack, False, list(domain)), "claim", ctx)
    except reductions._GiveUp:
        return None


@pytest.mark.parametrize("slack, domain", [
    (PAIRS - S(2) * (x + y + z), []),  # each sqrt(x^2 + y^2) >= (x + y)/sqrt 2
    (sp.cosh(x - y) + sp.cosh(y - z) + sp.cosh(z - x) - 3, []),  # each cosh u >= 1
])
def test_parts_that_add_up_to_the_slack(slack, domain):
    step = _shared(slack, domain)
    assert step is not None and step.verdict == PROVED and "sum of inequalities" in step.rules


@pytest.mark.parametrize("slack", [
    PAIRS - S(2) * (x + y + z) - sp.Rational(1, 1000),  # false at 0
    PAIRS - sp.Rational(143, 100) * (x + y + z),  # false: 3 sqrt 2 < 4.29 at x = y = z
])
def test_false_twins_are_refuted(slack):
    assert _shared(slack) is None
    assert decide(slack, False, [], "claim", 20.0).verdict == REFUTED


def test_an_uneven_split_is_not_guessed():
    # true (each part is not: sqrt(x^2 + y^2) >= 2x - y/2 fails at y = 0), so the rule
    # does not apply; the engine may still decide the claim otherwise
    slack = S(x**2 + y**2) + S(y**2 + z**2) - 2 * x + y / 2 - z
    assert _shared(slack) is None


def test_the_diagonal_as_a_critical_point():
    """Pinsker's inequality for two points: convex in x, its x-derivative 0 at x = y, which
    SymPy's solve does not find among transcendental roots; the constant 2 is sharp."""
    kl = x * sp.log(x / y) + (1 - x) * sp.log((1 - x) / (1 - y))
    box = [x > 0, x < 1, y > 0, y < 1]
    step = decide(kl - 2 * (x - y)**2, False, box, "claim", 20.0)
    assert step.verdict == PROVED and "convex minimum" in step.rules
    twin = kl - sp.Rational(201, 100) * (x - y)**2
    assert decide(twin, False, box, "claim", 20.0).verdict == REFUTED

"""Exponential tails by a proved polynomial lower bound of e^{ax} (derive.expbound, issue #11):
each target is proved by the rule *monotone substitution*; false twins (a constant moved by
1e-6 relative, a margin removed, the monotonicity the wrong way) and a wrong bound are not."""


import pytest
import sympy as sp

from derive import clock, expbound, realprove
from derive.proof import PROVED, REFUTED

x = sp.Symbol("x", real=True)
EPS = sp.Rational(1, 10**6)
SECONDS = 60  # generous: a budget only ever turns a verdict into "unknown"

TARGETS = {
    "tanh": (sp.tanh(x) - x / sp.sqrt(1 + x**2), False, [x >= 0]),
    "x e^(x/2)": (sp.exp(x) - 1 - x * sp.exp(x / 2), True, [x > 0]),
    "Wilker": ((sp.sinh(x) / x) ** 2 + sp.tanh(x) / x - 2, True, [x > 0]),
    "Lazarevic": ((sp.sinh(x) / x) ** 3 - sp.cosh(x), True, [x > 0]),
    "sqrt 4": (sp.exp(x) - (2 + x**2 + x * sp.sqrt(4 + x**2)) / 2, False, [x >= 0]),
    "sqrt 9": (sp.exp(x) - (6 + 6 * x + x**3 + x**2 * sp.sqrt(9 + x**2)) / 6, False, [x >= 0]),
}

FALSE_TWINS = {
    # false for large x (the tail) and near 0: tanh x - x/sqrt(1 + x^2) ~ 1/(2x^2)
    "tanh, constant moved": (sp.tanh(x) - (1 + EPS) * x / sp.sqrt(1 + x**2), False, [x >= 0]),
    # the leading term x^3/24 of the slack, taken away with 1e-6 to spare (false for x < 2e-6)
    "x e^(x/2), margin removed": (sp.exp(x) - 1 - x * sp.exp(x / 2) - (1 + EPS) * x**3 / 24,
                                  True, [x > 0]),
    "Lazarevic, constant moved": ((sp.sinh(x) / x) ** 3 - (1 + EPS) * sp.cosh(x), True, [x > 0]),
    "sqrt 4, constant moved": (sp.exp(x) - (1 + EPS) * (2 + x**2 + x * sp.sqrt(4 + x**2)) / 2,
                               False, [x >= 0]),
    # the slack decreases in E = e^x: no lower bound of e^x helps (and it is false at the tail)
    "wrong monotonicity": (1 + x + x**2 + x**3 - sp.exp(x), False, [x >= 0]),
    "Wilker, on the whole line with 2 + 1e-6": ((sp.sinh(x) / x) ** 2 + sp.tanh(x) / x
                                                - 2 - 2 * EPS, True, [sp.Ne(x, 0)]),
}


def _tail(slack, strict, domain, seconds=SECONDS):
    return expbound.exp_tail(realprove.build_problem(slack, strict, domain), "claim", seconds)


@pytest.mark.parametrize("name", list(TARGETS))
def test_target_proved_by_monotone_substitution(name):
    slack, strict, domain = TARGETS[name]
    step = _tail(slack, strict, domain)
    assert step is not None and step.verdict == PROVED, name
    assert "monotone substitution" in step.rules


@pytest.mark.parametrize("name", list(FALSE_TWINS))
def test_false_twin_never_proved(name):
    slack, strict, domain = FALSE_TWINS[name]
    step = _tail(slack, strict, domain, seconds=8)
    assert step is None or step.verdict != PROVED
    assert realprove.decide(slack, strict, domain, "claim", seconds=6).verdict != PROVED


def test_whole_line_by_the_mirrored_tail():
    # Wilker's slack is even: true wherever it is defined (x != 0), both tails by the rule
    slack, strict, _ = TARGETS["Wilker"]
    step = _tail(slack, strict, [sp.Ne(x, 0)])
    assert step is not None and step.verdict == PROVED
    assert {"monotone substitution", "change of variable", "case split"} <= set(step.rules)


def test_hook_in_the_engine():
    slack, strict, domain = TARGETS["x e^(x/2)"]
    step = realprove.decide(slack, strict, domain, "claim", seconds=SECONDS)
    assert step.verdict == PROVED


def test_taylor_polynomial_is_the_series():
    for b in (sp.Integer(1), sp.Rational(1, 2), sp.Integer(3)):
        for n in expbound.ORDERS:
            series = sp.series(sp.exp(b * x), x, 0, n + 1).removeO()
            assert sp.expand(expbound.taylor(b, x, n) - series) == 0


def test_wrong_bound_rejected():
    # e^x >= 1 + x + x^2 is false (x = 1): refuted, and a tail proof resting on it is not made
    wrong = 1 + x + x**2
    assert realprove.decide(sp.exp(x) - wrong, False, [x >= 0], "claim").verdict == REFUTED
    slack, strict, domain = TARGETS["sqrt 4"]
    problem = realprove.build_problem(slack, strict, domain)
    form = expbound._exp_form(problem.slack, problem.variables[0])
    assert form is not None
    deadline = clock.now() + SECONDS
    assert expbound.prove_tail(problem, "claim", deadline, form, wrong, sp.Integer(1)) is None
    # the right bound, the same form: proved (the test can fail both ways)
    right = expbound.taylor(sp.Integer(1), x, 4)
    step = expbound.prove_tail(problem, "claim", deadline, form, right, sp.Integer(1))
    assert step is not None and step.verdict == PROVED


def test_not_applicable():
    # no exponential, or no infinite end: the method stays out
    assert _tail(x**2 + 1, True, [x >= 0]) is None
    assert _tail(sp.exp(x) - 1 - x, False, [x >= 0, x <= 3]) is None
    # e^{x^2} is not e^{bx}: no exp form
    assert _tail(sp.exp(x**2) - 1 - x**2, False, [x >= 0]) is None

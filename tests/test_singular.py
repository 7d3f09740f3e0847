"""Slacks singular at an end of the domain (derive.singular, issue #11): each method proves its
true instances through the whole engine (``realprove.decide``) with its rule on record, and
never proves a false twin (a constant moved by 1e-6 relative, e^{-1/e} replaced by a decimal
just above it, the domain widened); forged premises and floats are rejected."""


import pytest
import sympy as sp

from derive import clock, realprove, singular
from derive.proof import PROVED, REFUTED, UNKNOWN, Step, apply_rule

x = sp.Symbol("x", real=True)
y = sp.Symbol("y", real=True)
R = sp.Rational
EPS = R(1, 10**6)
SECONDS = 60  # generous: a budget only ever turns a verdict into "unknown"


def _cbrt(u):  # the real cube root as the reader builds it
    return sp.Abs(u) ** R(1, 3) * sp.sign(u)


def _lnrecip(c=1):
    rhs = (12 * x**2 + 12 * x + 1) / (12 * x**3 + 18 * x**2 + 6 * x)
    return c * rhs - sp.log(1 + 1 / x)


# name: (slack, strict, domain, the rule the method records)
TARGETS = {
    "x^x >= e^(-1/e)": (x**x - sp.exp(-1 / sp.E), False, [x > 0], "logarithm of both sides"),
    "x^x >= 0.6922": (x**x - R(6922, 10**4), False, [x > 0], "logarithm of both sides"),
    "x^x >= x on (0, 1)": (x**x - x, False, [x > 0, x < 1], "logarithm of both sides"),
    "(1 + 1/x)^x < e": (sp.E - (1 + 1 / x) ** x, True, [x > 0], "logarithm of both sides"),
    "e^(1/cbrt(x-1)) >= e^(1/cbrt x)": (2 * sp.exp(1 / _cbrt(x - 1)) - 2 * sp.exp(1 / _cbrt(x)),
                                        False, [x > 1], "logarithm of both sides"),
    # (the module alone goes by the even-flat change of variable; the whole engine may prove
    # it before, by the logarithm of both sides since x^2 ln x is enclosed as one function)
    "e^(-1/x^2) < 5 x^8": (5 * x**8 - sp.exp(-1 / x**2), True, [sp.Ne(x, 0)],
                           "change of variable"),
    "ln(1 + 1/x) <= Pade": (_lnrecip(), False, [x > 0], "monotone from an end"),
    "ln(1 + 1/x) < 1/sqrt(x^2 + x)": (1 / sp.sqrt(x**2 + x) - sp.log(1 + 1 / x), True,
                                      [x > R(3, 10**4)], "monotone from an end"),
    "ln x/(x - 1) <= 1/sqrt x": (1 / sp.sqrt(x) - sp.log(x) / (x - 1), False,
                                 [x > 0, sp.Ne(x, 1)], "case split"),
}

FALSE_TWINS = {
    # e^{-1/e} = 0.692200627...: 0.69221 is above the minimum of x^x at 1/e
    "x^x >= 0.69221": (x**x - R(69221, 10**5), False, [x > 0]),
    "x^x >= e^(-1/e) (1 + 1e-6)": (x**x - (1 + EPS) * sp.exp(-1 / sp.E), False, [x > 0]),
    "x^x >= x (1 + 1e-6)": (x**x - (1 + EPS) * x, False, [x > 0, x < 1]),
    "(1 + 1/x)^x < e (1 - 1e-6)": ((1 - EPS) * sp.E - (1 + 1 / x) ** x, True, [x > 0]),
    "e^(1/cbrt(x-1)) >= (1 + 1e-6) e^(1/cbrt x)": (
        sp.exp(1 / _cbrt(x - 1)) - (1 + EPS) * sp.exp(1 / _cbrt(x)), False, [x > 1]),
    # max of u^4 e^{-u} is 256/e^4 = 4.6888...
    "e^(-1/x^2) < 4.688 x^8": (R(4688, 1000) * x**8 - sp.exp(-1 / x**2), True, [sp.Ne(x, 0)]),
    "ln(1 + 1/x) <= (1 - 1e-6) Pade": (_lnrecip(1 - EPS), False, [x > 0]),
    # widened: false at x = -2 (where ln(1 + 1/x) is defined)
    "ln(1 + 1/x) <= Pade on x != 0": (_lnrecip(), False, [sp.Ne(x, 0)]),
    "ln(1 + 1/x) < (1 - 1e-6)/sqrt(x^2 + x)": ((1 - EPS) / sp.sqrt(x**2 + x)
                                               - sp.log(1 + 1 / x), True, [x > R(3, 10**4)]),
    "ln x/(x - 1) <= (1 - 1e-6)/sqrt x": ((1 - EPS) / sp.sqrt(x) - sp.log(x) / (x - 1), False,
                                          [x > 0, sp.Ne(x, 1)]),
}


@pytest.mark.parametrize("name", list(TARGETS))
def test_target_proved(name):
    slack, strict, domain, rule = TARGETS[name]
    step = realprove.decide(slack, strict, domain, "claim", seconds=SECONDS)
    assert step.verdict == PROVED, (name, step.reason)
    # the module alone too (the engine's first slice of the plain search may prove some)
    own = singular.singular(realprove.build_problem(slack, strict, domain), "claim", SECONDS)
    assert own is not None and own.verdict == PROVED and rule in own.rules, name


def test_even_flat_alone():
    problem = realprove.build_problem(5 * x**8 - sp.exp(-1 / x**2), True, [sp.Ne(x, 0)])
    step = singular._even_flat(problem, "claim", clock.now() + SECONDS)
    assert step is not None and step.verdict == PROVED and "change of variable" in step.rules


@pytest.mark.parametrize("name", list(FALSE_TWINS))
def test_false_twin_never_proved(name):
    slack, strict, domain = FALSE_TWINS[name]
    problem = realprove.build_problem(slack, strict, domain)
    step = singular.singular(problem, "claim", 8)
    assert step is None or step.verdict != PROVED
    assert realprove.decide(slack, strict, domain, "claim", seconds=8).verdict != PROVED


def test_false_twins_refuted_with_a_point():
    slack, strict, domain = FALSE_TWINS["x^x >= 0.69221"]
    step = realprove.decide(slack, strict, domain, "claim", seconds=8)
    assert step.verdict == REFUTED and "x = " in step.reason


def test_methods_keep_away_from_other_forms():
    # polynomials, sums of more than two terms, two variables: None (the engine's business)
    for slack, domain in ((x**2 + 1, [x > 0]), (sp.exp(x) - 1 - x, [x > 0]),
                          (x**y - x, [x > 0, y > 0])):
        assert singular.singular(realprove.build_problem(slack, False, domain), "c", 8) is None


def test_a_side_not_positive_gives_up():
    # x^x >= x - 1: ln of both sides needs x - 1 > 0, false on (0, 1): the method gives up
    # (a premise not proved never refutes, and never proves)
    problem = realprove.build_problem(x**x - (x - 1), False, [x > 0])
    try:
        step = singular._log_sides(problem, "claim", clock.now() + 8)
    except singular._GiveUp:
        step = None
    assert step is None


def test_forged_premises_rejected():
    forged = Step("x \\ln x \\ge -1/e", "interval", UNKNOWN, "not decided")
    for rule in ("logarithm of both sides", "monotone from an end"):
        assert apply_rule(rule, [forged], "x^x \\ge e^{-1/e}").verdict != PROVED
        assert apply_rule(rule, [], "x^x \\ge e^{-1/e}").verdict != PROVED
    refuted = Step("g(0) \\ge 0", "counterexample", REFUTED, "at 0")
    assert apply_rule("monotone from an end", [refuted], "g \\ge 0").verdict != PROVED


def test_floats_never_decide():
    step = realprove.decide(x**x - sp.Float("0.6922"), False, [x > 0], "claim", seconds=8)
    assert step.verdict != PROVED


@pytest.mark.slow
def test_from_latex_through_derive_check():
    from derive.check import check_text

    text = r"""For $x > 0$,
$$ e^{-1/e} \le x^x $$

$$ x > 1 \implies e^{1/\sqrt[3]{x-1}} - 2e^{1/\sqrt[3]{x}} + e^{1/\sqrt[3]{x-1}} \ge 0 $$

$$ x \neq 0 \implies e^{-1/x^2} < 4.688x^8 $$
"""
    verdicts = [r.verdict for r in check_text(text, budget=1e9) if r.verdict != "condition"]
    assert verdicts == ["proved", "proved", "refuted"]

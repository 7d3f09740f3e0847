"""derive.touch: periodic slacks (rule *periodicity*) and irrational touching points (rule
*case split*), each method proving true claims and never a perturbed false twin."""

import sympy as sp

from derive import realprove, touch
from derive.check import check_equation
from derive.proof import PROVED, REFUTED

x = sp.Symbol("x", real=True)
R = sp.Rational
SECONDS = 60.0  # a budget only turns a verdict into unknown: generous, for a busy machine


def _decide(slack, domain=(), strict=False):
    return realprove.decide(slack, strict, list(domain), "claim", seconds=SECONDS)


def _problem(slack, domain=()):
    return realprove.build_problem(slack, False, list(domain))


# ------------------------------------------------------------------------ periodicity

def test_period_is_read_from_rational_multiples_only():
    assert touch.period(sp.sin(x) + sp.cos(x), x) == 2
    assert touch.period(sp.tan(x) + sp.cot(x), x) == 1
    assert touch.period(sp.sin(2 * x) + sp.cos(x / 3), x) == 6  # 2 pi / 2 and 6 pi
    assert touch.period(sp.Abs(sp.sin(x + 1)) + sp.sqrt(2), x) == 2
    assert touch.period(sp.sin(sp.sin(x)), x) == 2
    assert touch.period(sp.sin(x) + sp.cos(sp.sqrt(2) * x), x) is None  # not periodic
    assert touch.period(sp.cos(x) - 1 + x ** 2 / 2, x) is None  # a polynomial term
    assert touch.period(sp.sin(x ** 2), x) is None


def test_periodic_claims_on_every_real_are_proved():
    for slack in (sp.sqrt(2) - sp.sin(x) - sp.cos(x),
                  5 - 3 * sp.sin(x) - 4 * sp.cos(x),
                  R(1, 2) - sp.sin(x) * sp.cos(x)):
        step = _decide(slack)
        assert step.verdict == PROVED, (slack, step.reason)
        assert "periodicity" in step.rules and "case split" in step.rules


def test_perturbed_periodic_claims_are_refuted_in_the_window():
    # sqrt 2 -> 1.41421356, 5 -> 4.9999: false near the touching point, refuted there
    for slack in (R(141421356, 10 ** 8) - sp.sin(x) - sp.cos(x),
                  R(49999, 10 ** 4) - 3 * sp.sin(x) - 4 * sp.cos(x)):
        step = _decide(slack)
        assert step.verdict == REFUTED, (slack, step.reason)


def test_a_wrong_period_is_rejected_by_the_identity(monkeypatch):
    # pi is no period of sin x + cos x: the kernel's identity check refuses the shift
    monkeypatch.setattr(touch, "period", lambda e, v: sp.Integer(0) if v not in e.free_symbols
                        else sp.Integer(1))
    problem = _problem(sp.sqrt(2) - sp.sin(x) - sp.cos(x))
    assert touch.periodic(problem, "claim", SECONDS) is None


def test_no_period_no_rule():
    problem = _problem(2 - sp.sin(x) - sp.cos(sp.sqrt(2) * x))
    assert touch.periodic(problem, "claim", SECONDS) is None
    bounded = _problem(sp.sqrt(2) - sp.sin(x) - sp.cos(x), [x >= 0])  # not periodic: x >= 0
    assert touch.periodic(bounded, "claim", SECONDS) is None


def test_floats_never_decide():
    step = _decide(sp.Float("1.41421356237") - sp.sin(x) - sp.cos(x))
    assert step.verdict != PROVED


# ------------------------------------------------------------------------ touching points

def test_a_touching_point_is_checked_exactly():
    problem = _problem(sp.sqrt(2) - sp.sin(x) - sp.cos(x), [x >= 0, x <= 2])
    assert touch.touching_point(problem, sp.pi / 4, "c") is not None
    for wrong in (sp.pi / 4 + R(1, 10 ** 30), R(7, 9), sp.pi / 3, sp.atan(R(1000001, 1000000))):
        assert touch.touching_point(problem, wrong, "c") is None, wrong


def test_touching_points_are_named_exactly():
    problem = _problem(5 - 3 * sp.sin(x) - 4 * sp.cos(x), [x >= 0, x <= 2])
    step = touch.touching(problem, "claim", SECONDS)
    assert step is not None and step.verdict == PROVED
    assert "atan" in step.reason or "acos" in step.reason  # atan(3/4) = acos(4/5)


def test_touching_claims_on_domains_are_proved():
    cases = [
        (sp.exp(x) - x ** sp.E, [x > 0]),  # x^e <= e^x, touching at e
        (sp.tan(x) + sp.cot(x) - 2, [x > 0, x < sp.pi / 2]),  # touching at pi/4
        (x - sp.E * sp.log(x), [x > 0]),
    ]
    for slack, domain in cases:
        step = _decide(slack, domain)
        assert step.verdict == PROVED, (slack, step.reason)


def test_perturbed_touching_claims_are_never_proved():
    cases = [
        (R(2718, 1000) ** x - x ** sp.E, [x > 0]),  # e -> 2.718 in e^x: false at x = e
        (sp.tan(x) + sp.cot(x) - R(20001, 10000), [x > 0, x < sp.pi / 2]),
        (x * sp.log(x) + R(3678, 10000), [x > 0]),  # -1/e -> -0.3678
    ]
    for slack, domain in cases:
        step = _decide(slack, domain)
        assert step.verdict == REFUTED, (slack, step.reason)


def test_a_shifted_touching_point_is_named_where_it_is():
    # sin(x - d) + cos(x - d) <= sqrt 2 touches at pi/4 + d, not at pi/4: pi/4 fails the
    # exact check, the exact root pi/4 + d (SymPy's solve) passes it
    d = R(1, 10 ** 20)
    problem = _problem(sp.sqrt(2) - sp.sin(x - d) - sp.cos(x - d), [x >= 0, x <= 2])
    assert touch.touching_point(problem, sp.pi / 4, "c") is None
    assert touch.touching_point(problem, sp.pi / 4 + d, "c") is not None
    step = touch.touching(problem, "claim", SECONDS)
    assert step is not None and step.verdict == PROVED, step


def test_a_touching_point_moved_off_the_claim_is_not_proved():
    # sin(x + d) + cos x reaches sqrt(2 + 2 sin d) > sqrt 2 near pi/4: false
    d = R(1, 10 ** 6)
    slack = sp.sqrt(2) - sp.sin(x + d) - sp.cos(x)
    problem = _problem(slack, [x >= 0, x <= 2])
    assert touch.touching(problem, "claim", 5.0) is None
    assert _decide(slack, [x >= 0, x <= 2]).verdict == REFUTED


# ------------------------------------------------------------------------ end to end

def test_derive_check_proves_the_examples():
    for latex in (r"\sin x + \cos x \leq \sqrt{2}",
                  r"x > 0 \implies x^{e} \le e^{x}",
                  r"|\sin x| + |\cos x| \ge 1"):
        step = check_equation(latex, seconds=SECONDS)
        assert step.verdict == PROVED, (latex, step.reason)
    step = check_equation(r"\sin x + \cos x \leq 1.41421356", seconds=SECONDS)
    assert step.verdict == REFUTED, step.reason

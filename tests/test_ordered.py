"""derive.ordered: claims on domains with an order ``x < y`` between two variables.

Each method proves its true instances (through ``derive.realprove.decide``, the path of
``derive check``, naming its rule) and never proves a false twin: the interval widened past
where ``g'`` changes sign, the order reversed, a margin made negative, a non-strict order under
a strict claim. The kernel rejects the rule from a premise that is not proved."""

import sympy as sp

from derive import ordered
from derive.proof import PROVED, RULES, UNKNOWN, Step, apply_rule
from derive.realprove import build_problem, decide

x, y = sp.symbols("x y", real=True)
R = sp.Rational
SINC = sp.sin(x) / x - sp.sin(y) / y  # sin y / y < sin x / x


def _proved(slack, strict, domain, seconds=20.0):
    step = decide(slack, strict, domain, "c", seconds)
    assert step.verdict == PROVED, step.reason
    return step


def test_the_rule_is_in_the_trusted_base():
    assert "monotone function" in RULES
    # a premise that is not proved (or none at all) proves nothing
    assert apply_rule("monotone function", [], "c").verdict == UNKNOWN
    bad = Step("g' <= 0", "interval", UNKNOWN, "not decided")
    assert apply_rule("monotone function", [bad], "c").verdict == UNKNOWN


def test_monotone_quotients():
    # sin x / x decreasing on (0, pi) (and up to 4: its first critical point is 4.4934...)
    step = _proved(SINC, True, [x > 0, x < y, y < sp.pi])
    assert "monotone function" in step.rules
    _proved(SINC, True, [x > 0, x < y, y < 4])
    # ln(1 + x)/x decreasing on (0, oo); tan x / x increasing on (0, 1)
    _proved(sp.log(1 + x) / x - sp.log(1 + y) / y, True, [x > 0, x < y])
    step = _proved(sp.tan(y) / y - sp.tan(x) / x, True, [x > 0, x < y, y < 1])
    assert "monotone function" in step.rules
    # a chain with closed ends: a <= x <= y <= b and a non-strict claim
    _proved(SINC, False, [x >= 1, x <= y, y <= 3])


def test_metitarski_ratios_with_margins():
    # sin-problem-7-weak: x/y <= 1/2000 + sin x / sin y on 0 < x < y < pi/2
    step = _proved(sp.sin(x) / sp.sin(y) - x / y + R(1, 2000), False,
                   [x > 0, x < y, y < sp.pi / 2])
    assert "monotone function" in step.rules
    # sin-3425a, sin-3425b-weak: 0 < x < y, y^2 < 6 (the interval's end sqrt 6 from y^2 < 6)
    def p(t):
        return t - t ** 3 / 6
    def q(t):
        return t - t ** 3 / 6 + t ** 5 / 120
    dom = [x > 0, x < y, y ** 2 < 6]
    step = _proved(R(1, 10 ** 4) + sp.sin(y) / sp.sin(x) - p(y) / p(x), False, dom)
    assert "monotone function" in step.rules
    _proved(R(1, 100) + q(y) / q(x) - sp.sin(y) / sp.sin(x), False, dom)


def test_false_twins_are_not_proved():
    seconds = 6.0
    # sin x / x rises again after 4.4934: on (0, 5) the claim fails
    assert decide(SINC, True, [x > 0, x < y, y < 5], "c", seconds).verdict != PROVED
    # x sin x is not increasing on (0, 5)
    assert decide(y * sp.sin(y) - x * sp.sin(x), True, [x > 0, x < y, y < 5], "c",
                  seconds).verdict != PROVED
    # the order reversed
    assert decide(-SINC, True, [x > 0, x < y, y < sp.pi], "c", seconds).verdict != PROVED
    assert decide(sp.tan(x) / x - sp.tan(y) / y, True, [x > 0, x < y, y < 1], "c",
                  seconds).verdict != PROVED
    # a margin made negative (the slack tends to it as x -> y)
    assert decide(sp.sin(x) / sp.sin(y) - x / y - R(1, 2000), False,
                  [x > 0, x < y, y < sp.pi / 2], "c", seconds).verdict != PROVED
    def p(t):
        return t - t ** 3 / 6
    assert decide(-R(1, 10 ** 4) + sp.sin(y) / sp.sin(x) - p(y) / p(x), False,
                  [x > 0, x < y, y ** 2 < 6], "c", seconds).verdict != PROVED
    # a strict claim where x = y is allowed: the slack is 0 there
    assert decide(SINC, True, [x > 0, x <= y, y < sp.pi], "c", seconds).verdict != PROVED


def test_the_method_alone_rejects_a_wrong_sign():
    for slack, dom in ((SINC, [x > 0, x < y, y < 5]), (-SINC, [x > 0, x < y, y < 3]),
                       (SINC, [x > 0, x <= y, y < 3])):
        problem = build_problem(slack, True, dom)
        got = ordered.ordered_pair(problem, "c", 4.0)
        assert got is None or got.verdict != PROVED


def test_order_read_from_the_constraints():
    problem = build_problem(SINC, True, [x > 0, y > x])
    assert ordered.order_of(problem) == (x, y, True)
    problem = build_problem(SINC, True, [x > 0, y >= x])
    assert ordered.order_of(problem) == (x, y, False)
    problem = build_problem(SINC, True, [x > 0, y > 0])
    assert ordered.order_of(problem) is None


def test_shift_keeps_the_quotients():
    # e^y - e^x >= y - x on 0 <= x < y: with y = x + t, e^x (e^t - 1) - t >= 0
    slack = sp.exp(y) - sp.exp(x) - (y - x)
    problem = build_problem(slack, False, [x >= 0, x < y])
    step = ordered._shift(problem, "c", x, y, True, 10.0)
    assert step is not None and step.verdict == PROVED and "change of variable" in step.rules
    # false for x < 0 (e^xi < 1 there)
    problem = build_problem(slack, False, [x >= -1, x < y])
    step = ordered._shift(problem, "c", x, y, True, 4.0)
    assert step is None or step.verdict != PROVED


def test_powers_with_variable_exponents():
    # e <= x < y: x^y > y^x (y ln x > x ln y: ln t / t decreasing on [e, oo))
    step = _proved(x ** y - y ** x, True, [x >= sp.E, x < y])
    assert "monotone function" in step.rules and "mean value theorem" in step.rules
    # false from 1 on: 2^3 < 3^2
    assert decide(x ** y - y ** x, True, [x > 1, x < y], "c", 6.0).verdict != PROVED


def test_separated_by_a_constant():
    # sin-problem-8-weak: sin x / sin y <= (pi/2) x / y on 0 < x < y < pi/2 - 1/2000:
    # sin x / x <= 1 <= (pi/2) sin y / y
    dom = [x > 0, x < y, y < sp.pi / 2 - R(1, 2000)]
    step = _proved(sp.pi * x / (2 * y) - sp.sin(x) / sp.sin(y), False, dom)
    assert "sum of inequalities" in step.rules, step.reason
    # 157/100 in place of pi/2: fails near x = 0, y = pi/2 - 1/2000
    bad = R(157, 100) * x / y - sp.sin(x) / sp.sin(y)
    assert decide(bad, False, dom, "c", 4.0).verdict != PROVED


def test_oracle_nothing_proved_fails_at_a_point():
    # g(x) >= g(y) (and <=) for x < y on intervals where g is monotone, or not: whatever the
    # method proves holds at every sampled pair (mpmath at 30 digits)
    import mpmath

    t = sp.Symbol("t", real=True)
    funcs = [sp.sin(t) / t, t * sp.sin(t), sp.cos(t), t * sp.exp(-t), sp.log(1 + t) / t]
    spans = [(R(1, 10), R(2)), (R(1), R(5)), (R(1, 2), R(7))]
    proved = 0
    for g in funcs:
        for lo, hi in spans:
            for sign in (1, -1):
                slack = sign * (g.subs(t, x) - g.subs(t, y))
                problem = build_problem(slack, True, [x > lo, x < y, y < hi])
                got = ordered.ordered_pair(problem, "c", 2.0)
                if got is None or got.verdict != PROVED:
                    continue
                proved += 1
                f = sp.lambdify((x, y), slack, "mpmath")
                with mpmath.workdps(30):
                    for i in range(1, 12):
                        for j in range(i + 1, 13):
                            a = lo + (hi - lo) * R(i, 13)
                            b = lo + (hi - lo) * R(j, 13)
                            assert f(mpmath.mpf(a.p) / a.q, mpmath.mpf(b.p) / b.q) > 0, \
                                (slack, lo, hi, a, b)
    assert proved >= 4  # the monotone cases (sin t / t on (1/10, 2), ...) are proved

"""derive.edge: slacks that are 0 on a set of the domain (rules *even function*, *convex near a
critical point*, *concave between ends*) and reduce's Jensen on the variables' hull. Each
method is called directly (the test does not depend on which method the engine tries
first): it proves the true claims, never a perturbed false twin (a constant moved by 1/1000,
the domain widened, the direction reversed), and the kernel rejects a wrong premise."""


import sympy as sp

from derive import clock, edge, realprove, reduce
from derive.proof import PROVED, REFUTED, apply_rule, certify_identity

x, y, z = sp.symbols("x y z", real=True)
R = sp.Rational
SECONDS = 60.0  # a budget only turns a verdict into unknown: generous, for a busy machine


def _problem(slack, domain, strict=False):
    return realprove.build_problem(slack, strict, list(domain))


def _proved(step):
    return step is not None and step.verdict == PROVED


# ------------------------------------------------------------------------ even function

COSH = (sp.cosh(y) - sp.cosh(x), [sp.Abs(x) <= sp.Abs(y)])
COS = (1 - 2 * x ** 2 / sp.pi ** 2 - sp.cos(x), [sp.Abs(x) <= sp.pi])


def test_even_slacks_are_decided_on_one_half():
    for slack, domain in (COSH, COS):
        step = edge.even(_problem(slack, domain), "claim", SECONDS)
        assert _proved(step), (slack, step and step.reason)
        assert "even function" in step.rules


def test_even_rule_proves_no_false_twin():
    twins = [
        (COSH[0] - R(1, 1000), COSH[1]),  # a constant moved
        (COSH[0], [sp.Abs(x) <= sp.Abs(y) + R(1, 100)]),  # the domain widened
        (-COSH[0], COSH[1]),  # the direction reversed
        (COS[0] - R(1, 1000), COS[1]),
        (COS[0], [sp.Abs(x) <= sp.pi + R(1, 100)]),
    ]
    for slack, domain in twins:
        assert not _proved(edge.even(_problem(slack, domain), "claim", 20.0)), slack


def test_even_rule_needs_an_even_slack_and_domain():
    # x^3 + 1 on [-1, 1] is not even; x^2 on [-1, 2] has a domain that is not symmetric
    assert edge.even(_problem(x ** 3 + 1, [x >= -1, x <= 1]), "claim", 5.0) is None
    assert edge.even(_problem(x ** 2, [x >= -1, x <= 2]), "claim", 5.0) is None
    # the kernel refuses an identity f(-x) = f(x) that is false, and the rule with it
    odd = certify_identity(sp.sinh(-x) + 2, sp.sinh(x) + 2, "even?")
    assert odd.verdict == REFUTED
    assert apply_rule("even function", [odd], "claim").verdict != PROVED


# ------------------------------------------------------------------------ isolated minimum

TRIANGLE = (3 * sp.sqrt(3) / 2 - sp.sin(x) - sp.sin(y) - sp.sin(x + y),
            [x > 0, y > 0, x + y < sp.pi])


def test_an_isolated_touching_point_is_named_and_proved():
    problem = _problem(*TRIANGLE)
    points = list(edge._touching_points(problem, clock.now() + 10))
    assert [sp.pi / 3, sp.pi / 3] in points
    step = edge.isolated(problem, "claim", SECONDS)
    assert _proved(step), step and step.reason
    assert {"convex near a critical point", "case split"} <= set(step.rules)


def test_isolated_rule_proves_no_false_twin():
    slack, domain = TRIANGLE
    for twin, dom in ((slack - R(1, 1000), domain),  # a constant moved: negative at the point
                      (-slack, domain)):  # reversed
        assert not _proved(edge.isolated(_problem(twin, dom), "claim", 20.0)), twin


def test_a_wrong_touching_point_is_rejected_by_the_kernel():
    problem = _problem(*TRIANGLE)
    box = [(R(6, 7), R(5, 4))] * 2
    near = edge.convex_about(problem, [sp.pi / 3, sp.pi / 3], box, "K", 20.0)
    assert near.verdict == PROVED
    wrong = [sp.pi / 3 + R(1, 1000), sp.pi / 3]  # not exactly critical
    assert any(s.verdict != PROVED for s in edge.critical_point(problem, wrong))
    assert edge.convex_about(problem, wrong, box, "K", 20.0).verdict != PROVED


def test_a_saddle_is_not_a_minimum():
    # x^2 - y^2: value and gradient 0 at the origin, but the Hessian is indefinite
    problem = _problem(x ** 2 - y ** 2, [x >= -1, x <= 1, y >= -1, y <= 1])
    assert all(s.verdict == PROVED for s in edge.critical_point(problem, [0, 0]))
    box = [(R(-1, 8), R(1, 8))] * 2
    assert edge.convex_about(problem, [0, 0], box, "K", 10.0).verdict != PROVED


# ------------------------------------------------------------------------ chord

AMGM = (z * x + (1 - z) * y - x ** z * y ** (1 - z), [x > 0, y > 0, z > 0, z < 1])
BERNOULLI = (1 + x * y - (1 + x) ** y, [x > -1, y > 0, y <= 1])


def test_concave_between_proved_ends():
    for slack, domain in (AMGM, BERNOULLI):
        step = edge.chord(_problem(slack, domain), "claim", SECONDS)
        assert _proved(step), (slack, step and step.reason)
        assert "concave between ends" in step.rules


def test_chord_rule_proves_no_false_twin():
    twins = [
        (AMGM[0] - R(1, 1000), AMGM[1]),  # a constant moved: the faces fail
        (AMGM[0], [x > 0, y > 0, z > 0, z < R(11, 10)]),  # the domain widened past z = 1
        (-AMGM[0], AMGM[1]),  # reversed: convex, not concave
        (BERNOULLI[0], [x > -1, y > 0, y <= R(6, 5)]),
        (BERNOULLI[0] - R(1, 1000), BERNOULLI[1]),
    ]
    for slack, domain in twins:
        assert not _proved(edge.chord(_problem(slack, domain), "claim", 20.0)), slack


def test_a_wrong_second_derivative_sign_is_rejected():
    # x y + x^2 is convex in x: the premise "d^2/dx^2 <= 0" is refuted, the rule not applied
    wrong = realprove.decide(-sp.diff(x * y + x ** 2, x, 2), False, [x >= 0, x <= 1],
                             "d2 <= 0", 10.0)
    assert wrong.verdict == REFUTED
    assert apply_rule("concave between ends", [wrong], "claim").verdict != PROVED
    # and the method does not prove a false claim whose faces x = 0, x = 1 hold but which
    # is convex in x (and concave in y, where the face y = 0 fails at x = 1/2)
    slack = (x - R(1, 2)) ** 2 + y * (1 - y) - R(1, 8)
    problem = _problem(slack, [x >= 0, x <= 1, y >= 0, y <= 1])
    assert not _proved(edge.chord(problem, "claim", 10.0))


# ------------------------------------------------------------------------ diagonal

EXP_MEAN = ((sp.exp(x) + sp.exp(y)) / 2 - (sp.exp(x) - sp.exp(y)) / (x - y), [sp.Ne(x, y)])
LOG_MEAN = ((x - y) / (sp.log(x) - sp.log(y)) - sp.sqrt(x * y), [x > 0, y > 0, sp.Ne(x, y)])


def test_a_slack_undefined_on_the_diagonal_is_separated():
    for slack, domain in (EXP_MEAN, LOG_MEAN):
        step = edge.diagonal(_problem(slack, domain), "claim", SECONDS)
        assert _proved(step), (slack, step and step.reason)
        assert {"change of variable", "product of signs"} <= set(step.rules)


def test_diagonal_proves_no_false_twin():
    twins = [
        (EXP_MEAN[0] - R(1, 1000), EXP_MEAN[1]),  # a constant moved
        (-EXP_MEAN[0], EXP_MEAN[1]),  # reversed
        (LOG_MEAN[0] - R(1, 1000) * sp.sqrt(x * y), LOG_MEAN[1]),
        (-LOG_MEAN[0], LOG_MEAN[1]),
        (LOG_MEAN[0], [x > -1, y > 0, sp.Ne(x, y)]),  # widened: no longer x, y > 0
    ]
    for slack, domain in twins:
        assert not _proved(edge.diagonal(_problem(slack, domain), "claim", 20.0)), slack


def test_a_wrong_product_form_is_rejected_by_the_kernel():
    t = sp.Symbol("t", real=True)
    moved = EXP_MEAN[0].xreplace({y: x + t})
    wrong = sp.exp(x) * ((1 + sp.exp(t)) / 2 - (sp.exp(t) - 1) / (2 * t))  # a factor 1/2 off
    ident = certify_identity(moved, wrong, "product form")
    assert ident.verdict == REFUTED
    assert apply_rule("product of signs", [ident], "claim").verdict != PROVED


# ------------------------------------------------------------------------ Jensen on the hull

def test_jensen_for_tan_on_the_hull():
    domain = [x >= 0, x < sp.pi / 2, y >= 0, y < sp.pi / 2]
    slack = (sp.tan(x) + sp.tan(y)) / 2 - sp.tan((x + y) / 2)
    ctx = reduce._Context(clock.now() + SECONDS)
    step = reduce._jensen(_problem(slack, domain), "claim", ctx)
    assert _proved(step), step and step.reason
    # reversed, and tan on a hull where it is not defined throughout: not proved
    for twin, dom in ((-slack, domain),
                      (slack, [x >= 0, x <= 2, y >= 0, y <= 2])):
        ctx = reduce._Context(clock.now() + 20)
        got = reduce.attempt(reduce._jensen, _problem(twin, dom), "claim", ctx)
        assert not _proved(got), twin


# ------------------------------------------------------------------------ through the engine

def test_the_engine_proves_the_edge_examples_and_refutes_their_twins():
    for slack, domain in (COSH, COS, TRIANGLE):
        step = realprove.decide(slack, False, domain, "claim", seconds=SECONDS)
        assert step.verdict == PROVED, (slack, step.reason)
        twin = realprove.decide(slack - R(1, 1000), False, domain, "claim", seconds=SECONDS)
        assert twin.verdict == REFUTED, (slack, twin.reason)


def test_derive_check_reads_and_proves_the_examples():
    from derive.check import check_equation

    for latex in (r"|x| \le |y| \implies \cosh x \le \cosh y",
                  r"|x| \le \pi \implies \cos x \le 1 - \frac{2x^2}{\pi^2}",
                  (r"0 \le x < \frac{\pi}{2} \land 0 \le y < \frac{\pi}{2} \implies "
                   r"\frac{\tan x + \tan y}{2} \ge \tan\frac{x+y}{2}"),
                  (r"x > 0 \land y > 0 \land x + y < \pi \implies "
                   r"\sin x + \sin y + \sin(x+y) \le \frac{3\sqrt3}{2}"),
                  r"x \ge 0 \land y \ge 0 \land 0 < z < 1 \implies x^z y^{1-z} \le z x + (1-z) y",
                  (r"x > 0 \land y > 0 \land x \ne y \implies "
                   r"\sqrt{xy} \le \frac{x-y}{\ln x - \ln y}")):
        assert check_equation(latex, seconds=SECONDS).verdict == "proved", latex
    # a constant moved: refuted with a point
    twin = (r"x > 0 \land y > 0 \land x + y < \pi \implies "
            r"\sin x + \sin y + \sin(x+y) \le \frac{3\sqrt3}{2} - \frac{1}{1000}")
    assert check_equation(twin, seconds=SECONDS).verdict == "refuted"

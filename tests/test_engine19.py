"""Bounds tight inside the domain (engine19): a slack symmetric in ``\\sin x`` and ``\\cos x``
decided in ``t = \\sin x + \\cos x`` (derive.sincos: Putnam 2003 A3, whose minimum ``2\\sqrt 2
- 1`` is at an irrational ``x``), and the identric mean as read from LaTeX,
``(y^y / x^x)^{1/(y - x)}``, which the homogeneity rule takes once its powers are written as
exponentials and its definedness condition ``x^{-x} y^y > 0`` is shown on the whole cone;
each proof made, and a wrong variant (a constant moved by a tiny margin) not proved."""

import pytest
import sympy as sp

from derive import logtangent, sincos
from derive.proof import PROVED
from derive.realprove import _holds_on_domain, build_problem, decide

x, y = sp.symbols("x y", real=True)
t = sp.Symbol("t", real=True)
PUTNAM = sp.Abs(sp.sin(x) + sp.cos(x) + sp.tan(x) + 1 / sp.tan(x) + 1 / sp.cos(x)
                + 1 / sp.sin(x))
SECOND_QUADRANT = [sp.pi / 2 < x, x < sp.pi]
IDENTRIC = (y ** y / x ** x) ** (1 / (y - x)) / sp.E  # as derive's LaTeX reader builds it
ORDERED = [0 < x, x < y]


def symmetric_sum(slack, domain, seconds=6.0):
    return sincos.symmetric_sum(build_problem(slack, False, domain), "claim", seconds)


def test_putnam_2003_a3_in_the_sum_of_sine_and_cosine():
    got = symmetric_sum(PUTNAM - (2 * sp.sqrt(2) - 1), SECOND_QUADRANT)
    assert got is not None and got.verdict == PROVED
    assert "substitution instance" in got.rules
    assert "\\sin x + \\cos x" in got.reason


def test_putnam_2003_a3_decided_by_the_engine():
    got = decide(PUTNAM - (2 * sp.sqrt(2) - 1), False, SECOND_QUADRANT, "Putnam 2003 A3",
                 seconds=8)
    assert got.verdict == PROVED


def test_putnam_2003_a3_with_a_larger_bound_is_not_proved():
    wrong = PUTNAM - (2 * sp.sqrt(2) - 1 + sp.Rational(1, 10 ** 9))
    assert symmetric_sum(wrong, SECOND_QUADRANT) is None


def test_the_form_in_t_is_exact():
    g, checks = sincos.as_sum(PUTNAM, x, t)
    assert sp.simplify(g - sp.Abs(t + 2 / (t - 1))) == 0
    assert len(checks) == 2  # the argument of |.|, then the whole slack with |.| as w_1
    point = {x: sp.Rational(5, 2)}
    assert abs(sp.N(PUTNAM.xreplace(point) - g.xreplace({t: sp.sin(x) + sp.cos(x)})
                    .xreplace(point), 30)) < sp.Float("1e-25")


@pytest.mark.parametrize("slack", [
    sp.sin(x) - sp.cos(x),  # antisymmetric
    sp.sin(2 * x) + sp.cos(x),  # an argument other than x
    sp.sin(x) ** x,  # a variable exponent
])
def test_not_a_function_of_the_sum(slack):
    with pytest.raises(sincos._NotSymmetric):
        sincos.as_sum(slack, x, t)


def test_sum_of_sine_and_cosine_bounded_on_a_quadrant():
    # sin x cos x + sin x + cos x >= 1 - 0 on [0, pi/2]: t^2/2 + t - 1/2 >= 1 for t in [1, sqrt 2]
    slack = sp.sin(x) * sp.cos(x) + sp.sin(x) + sp.cos(x) - 1
    got = symmetric_sum(slack, [x >= 0, x <= sp.pi / 2])
    assert got is not None and got.verdict == PROVED
    assert "[1, \\sqrt{2}]" in got.reason  # the image of the quadrant, not [-sqrt 2, sqrt 2]
    wrong = slack - sp.Rational(1, 10 ** 9)  # 0 at both ends: false there
    assert symmetric_sum(wrong, [x >= 0, x <= sp.pi / 2]) is None


def test_identric_mean_from_latex_against_a_mixed_mean():
    # Sandor: I > (2/3) A + (1/3) G for 0 < x < y
    slack = IDENTRIC - sp.Rational(2, 3) * (x + y) / 2 - sp.sqrt(x * y) / 3
    got = decide(slack, True, ORDERED, "I > 2A/3 + G/3", seconds=8)
    assert got.verdict == PROVED
    assert "equal functions" in got.rules and "positive homogeneity" in got.rules


def test_identric_mean_from_latex_with_a_larger_bound_is_not_proved():
    slack = IDENTRIC - (1 + sp.Rational(1, 10 ** 9)) * (
        sp.Rational(2, 3) * (x + y) / 2 + sp.sqrt(x * y) / 3)
    assert decide(slack, True, ORDERED, "wrong", seconds=8).verdict != PROVED


def test_definedness_on_the_whole_cone():
    cond = sp.Gt(y ** y / x ** x, 0)
    step = _holds_on_domain(cond, [x > 0, y > 0])
    assert step is not None and step.verdict == PROVED
    # (x^x is defined only where x > 0: the condition holds wherever it is defined)
    assert _holds_on_domain(sp.Ne(y ** y / x ** x, 0), []) is not None
    assert _holds_on_domain(sp.Gt(x - y, 0), [x > 0, y > 0]) is None


KL = x * sp.log(x / y) + (1 - x) * sp.log((1 - x) / (1 - y))  # two Bernoulli laws
CHI2 = (x - y) ** 2 / (y * (1 - y))
UNIT_SQUARE = [0 < x, x < 1, 0 < y, y < 1]


def tangent_logs(slack, domain, seconds=6.0):
    return logtangent.tangent_logs(build_problem(slack, False, domain), "claim", seconds)


def test_kl_below_chi_square_by_the_tangent_of_the_logarithm():
    got = tangent_logs(CHI2 - KL, UNIT_SQUARE)
    assert got is not None and got.verdict == PROVED
    assert {"product of signs", "sum of inequalities", "equal functions"} <= set(got.rules)


def test_kl_below_chi_square_decided_by_the_engine():
    assert decide(CHI2 - KL, False, UNIT_SQUARE, "KL <= chi^2", seconds=8).verdict == PROVED


@pytest.mark.parametrize("wrong", [
    CHI2 - KL - sp.Rational(1, 10 ** 9),  # 0 on the diagonal: false there
    CHI2 / 2 - KL,  # KL is about chi^2/2 near the diagonal, above it elsewhere
])
def test_kl_below_a_smaller_bound_is_not_proved(wrong):
    assert tangent_logs(wrong, UNIT_SQUARE) is None


def test_the_logarithm_bounds_themselves():
    z = sp.Symbol("z", positive=True)
    for k in logtangent.KS:
        assert sp.limit(logtangent.bound(z, k, 1) - sp.log(z), z, 1) == 0
        assert logtangent.bound(z, k, 1).subs(z, 4) >= sp.log(4)
        assert logtangent.bound(z, k, -1).subs(z, 4) <= sp.log(4)


def hellinger(c):
    return c - 2 * sp.sqrt(x * y) - 2 * sp.sqrt((1 - x) * (1 - y))  # 2 H^2 at c = 2


def test_kl_above_twice_the_squared_hellinger_distance():
    got = tangent_logs(KL - hellinger(2), UNIT_SQUARE)
    assert got is not None and got.verdict == PROVED
    assert "substitution instance" in got.rules  # the rest in positive atoms x, 1 - x, ...


def test_kl_above_a_larger_hellinger_bound_is_not_proved():
    assert tangent_logs(KL - hellinger(2 + sp.Rational(1, 10 ** 9)), UNIT_SQUARE) is None

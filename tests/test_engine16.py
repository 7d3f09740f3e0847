"""heldout12's unknowns (engine16): a slack in one trigonometric function per variable
(derive.trigpoly: ``\\cos x + \\cos 2x \\ge -9/8`` as ``2c^2 + c + 1/8 \\ge 0`` on ``[-1, 1]``)
and Gaussian tails by Mills' bound (derive.gausstail: the GELU's minimum); each proof made,
and a wrong variant (a constant moved by a tiny margin) not proved."""

import pytest
import sympy as sp

from derive import gausstail, trigpoly
from derive.proof import PROVED, REFUTED
from derive.realprove import build_problem, decide

x, y = sp.symbols("x y", real=True)
COS_COS2 = sp.cos(x) + sp.cos(2 * x)  # min -9/8 where cos x = -1/4
GELU = x * (1 + sp.erf(x / sp.sqrt(2))) / 2  # min -0.1699712 at x = -0.7518


def one_trig(slack, domain=(), strict=False, seconds=6.0):
    return trigpoly.one_trig(build_problem(slack, strict, list(domain)), "claim", seconds)


def test_cos_plus_cos_2x_by_its_cosine():
    got = one_trig(COS_COS2 + sp.Rational(9, 8))
    assert got is not None and got.verdict == PROVED
    assert "substitution instance" in got.rules
    assert "c_x =" in got.reason


def test_cos_plus_cos_2x_decided_by_the_engine():
    got = decide(COS_COS2 + sp.Rational(9, 8), False, [], "cos x + cos 2x >= -9/8", seconds=8)
    assert got.verdict == PROVED


def test_cos_plus_cos_2x_with_a_larger_bound_is_not_proved():
    wrong = COS_COS2 + sp.Rational(9, 8) - sp.Rational(1, 10 ** 6)
    assert one_trig(wrong) is None
    assert decide(wrong, False, [], "wrong", seconds=8).verdict == REFUTED


def test_strict_at_the_minimum_is_not_proved():
    # 2c^2 + c + 1/8 is 0 at c = -1/4: > is false there
    got = one_trig(COS_COS2 + sp.Rational(9, 8), strict=True)
    assert got is None


@pytest.mark.parametrize("slack, kept", [
    (sp.sin(3 * x) + 1, "s_x ="),  # -4s^3 + 3s + 1 >= 0 on [-1, 1]
    (sp.sin(x) ** 2 + sp.cos(x) + 1, "c_x ="),  # -c^2 + c + 2
    (sp.cos(x) + sp.cos(2 * y) + 3, "c_y ="),  # two variables, one cosine each
])
def test_one_trigonometric_function_per_variable(slack, kept):
    got = one_trig(slack)
    assert got is not None and got.verdict == PROVED and kept in got.reason


@pytest.mark.parametrize("slack", [
    sp.sin(3 * x) + 1 - sp.Rational(1, 10 ** 6),  # 0 at s = 1: false just past it
    sp.sin(x) ** 2 + sp.cos(x) + 1 - sp.Rational(1, 10 ** 6),  # 0 at c = -1
])
def test_one_trigonometric_function_wrong_constants_not_proved(slack):
    assert one_trig(slack) is None


@pytest.mark.parametrize("slack", [
    sp.sqrt(2) - sp.sin(x) - sp.cos(x),  # both sin x and cos x stay: decouple's form
    sp.cos(x) + x ** 2 + 1,  # x outside the trigonometric functions
    1 / (2 + sp.cos(x)),  # G would not be defined everywhere
])
def test_other_forms_are_left_to_other_methods(slack):
    assert one_trig(slack) is None


def gauss_tail(slack, domain=(), strict=False, seconds=8.0):
    return gausstail.gauss_tail(build_problem(slack, strict, list(domain)), "claim", seconds)


def test_gelu_minimum_by_mills_bound_on_the_left_tail():
    got = gauss_tail(GELU + sp.Rational(17, 100))
    assert got is not None and got.verdict == PROVED
    assert {"case split", "sum of inequalities", "product of signs"} <= set(got.rules)
    assert "x \\leq -" in got.reason


@pytest.mark.parametrize("bound", [sp.Rational(16997, 100000), sp.Rational(1699, 10000)])
def test_gelu_minimum_above_the_true_one_is_not_proved(bound):
    # the minimum is -0.16997120...: -0.16997 and -0.1699 are false near x = -0.7518
    assert gauss_tail(GELU + bound, seconds=4.0) is None


def test_mills_form_needs_a_nonpositive_coefficient():
    # erfc(x) (x + 1) >= 0 on x >= 0: B = x + 1 > 0 on the tail, where Mills' upper bound
    # points the wrong way: left to the engine
    assert gauss_tail(sp.erfc(x) * (x + 1), [x >= 0]) is None

"""derive.premises: a slack as a nonnegative combination of premises and facts about its terms
(the Polya prover's examples, heldout10), and wrong variants left unproved."""

from fractions import Fraction

import pytest
import sympy as sp

from derive import premises
from derive.proof import PROVED
from derive.realprove import build_problem

x, y, z = sp.symbols("x y z", real=True)
F = Fraction


def combine(slack, strict, domain, seconds=6.0):
    problem = build_problem(slack, strict, domain)
    got = premises.combine(problem, "claim", seconds)
    return None if got is None else got


def proved(slack, strict, domain) -> bool:
    got = combine(slack, strict, domain)
    return got is not None and got.verdict == PROVED


LOG_ABC = [x > 1, sp.Ne(y, 0), z > 0, sp.log(y**2) > 4, sp.log(z) > 1]


def test_log_of_a_product_from_premises():
    # ln(x y^2 z^3) = ln x + ln y^2 + 3 ln z > 0 + 4 + 3: premises, and ln x > 0 from x > 1
    got = combine(sp.log(x * y**2 * z**3) - 7, True, LOG_ABC)
    assert got is not None and got.verdict == PROVED
    assert {"sum of inequalities", "equal functions"} <= set(got.rules)


@pytest.mark.parametrize("slack, domain", [
    (sp.log(x * y**2 * z**3) - 7 - sp.Rational(1, 1000), LOG_ABC),  # the constant moved
    (sp.log(x * y**2 * z**3) - 7, [x > 0, *LOG_ABC[1:]]),  # x > 1 weakened to x > 0
    (sp.log(x * y**2 * z**3) - 7, LOG_ABC[:3] + LOG_ABC[4:]),  # ln y^2 > 4 dropped
    (sp.log(x * y**2 * z**3) - 7, LOG_ABC[:4] + [sp.log(z) > sp.Rational(99, 100)]),
])
def test_log_of_a_product_wrong_variants_unproved(slack, domain):
    assert not proved(slack, True, domain)


def test_ln_of_both_sides_from_a_premise_on_ln():
    # x > 1 from ln x > 2y + z with y, z > 0: ln x > 0 (logarithm of both sides)
    got = combine(x - 1, True, [y > 0, z > 0, x > 0, sp.log(x) > 2 * y + z])
    assert got is not None and got.verdict == PROVED
    assert "logarithm of both sides" in got.rules


@pytest.mark.parametrize("slack, domain", [
    (x - 1 - sp.Rational(1, 1000), [y > 0, z > 0, x > 0, sp.log(x) > 2 * y + z]),
    (x - 1, [y > -sp.Rational(1, 100), z > 0, x > 0, sp.log(x) > 2 * y + z]),
    (x - 1, [z > 0, x > 0, sp.log(x) > 2 * y + z]),
])
def test_ln_of_both_sides_wrong_variants_unproved(slack, domain):
    assert not proved(slack, True, domain)


def test_monotone_exp_of_a_bounded_term():
    # 2y + e^10 <= 2z + e^{1 + x^2} for x > 3, y < z: e^{1 + x^2} >= e^10 on x > 3
    slack = 2 * z + sp.exp(1 + x**2) - 2 * y - sp.exp(10)
    assert proved(slack, False, [x > 3, y < z])
    assert not proved(slack, False, [x > sp.Rational(299, 100), y < z])
    assert not proved(slack - sp.Rational(1, 1000), False, [x > 3, sp.Le(y, z)])


def test_cube_root_by_logarithms():
    slack = sp.cbrt(x**9 * y**4) - x**3 * y
    assert proved(slack, True, [x > 0, y > 1])
    assert not proved(slack, True, [x > 0, y > sp.Rational(99, 100)])
    assert not proved(slack - sp.Rational(1, 1000), True, [x > 0, y > 1])


def test_exp_of_a_combination_of_premises():
    # e^{4y - 3x} > e^6: 4y - 3x - 6 = 3 (y - 2) + (y - 3x)
    slack = sp.exp(4 * y - 3 * x) - sp.exp(6)
    assert proved(slack, True, [x > 0, y > 2, y > 3 * x])
    assert not proved(slack, True, [x > 0, y > 2, y > 4 * x - 1])
    assert not proved(sp.exp(4 * y - 3 * x) - sp.exp(6 + sp.Rational(1, 1000)), True,
                      [x > 0, y > 2, y > 3 * x])


def test_no_premise_no_term_fact_leaves_it():
    assert combine(x**2 - x * y + y**2, False, []) is None


def test_simplex_exact():
    # x1 + x2 = 1, x1 - x2 = 0 -> (1/2, 1/2), exact
    assert premises._feasible([[F(1), F(1)], [F(1), F(-1)]], [F(1), F(0)],
                              [F(0), F(0)]) == [F(1, 2), F(1, 2)]
    # x1 + x2 = -1 has no point x >= 0
    assert premises._feasible([[F(1), F(1)]], [F(-1)], [F(0), F(0)]) is None
    # x1 - x2 = 0, maximise x1: unbounded, one step along the ray gives x1 > 0
    got = premises._feasible([[F(1), F(-1)]], [F(0)], [F(1), F(0)])
    assert got is not None and got[0] > 0 and got[0] == got[1]


def test_a_wrong_combination_is_rejected_by_the_kernel():
    # the kernel checks the identity: a combination that does not add up is not proved
    problem = build_problem(sp.log(x * y**2 * z**3) - 7, True, LOG_ABC)
    facts = premises._facts(problem, problem.slack)
    ln_z = next(f for f in facts if f.expr == sp.log(z) - 1)
    ln_y = next(f for f in facts if f.expr == sp.log(y**2) - 4)
    wrong = [(F(1), ln_y), (F(4), ln_z)]  # 4 (ln z - 1) where the slack has 3 ln z
    got = premises._prove(problem, problem.slack, True, "claim", wrong, F(0),
                          10.0 ** 9)
    assert got is None


ATAN = [x > 0, y > 0, x * y < 1]


def test_monotone_to_the_premise_boundary():
    # arctan x + arctan y < pi/2 where xy < 1: falling in y up to y = 1/x, where it is 0
    got = combine(sp.pi / 2 - sp.atan(x) - sp.atan(y), True, ATAN)
    assert got is not None and got.verdict == PROVED
    assert "mean value theorem" in got.rules


@pytest.mark.parametrize("slack, strict, domain", [
    (sp.atan(x) + sp.atan(y) - sp.pi / 2, False, ATAN),  # the other direction
    (9 * sp.pi / 20 - sp.atan(x) - sp.atan(y), True, ATAN),  # the constant moved
    (sp.pi / 2 - sp.atan(x) - sp.atan(y), True, [x > 0, y > 0, x * y <= 1]),  # y = 1/x allowed
    (sp.pi / 2 - sp.atan(x) - sp.atan(y), False,
     [x > 0, y > 0, x * y < sp.Rational(101, 100)]),  # the premise weakened
    (sp.pi / 2 - sp.atan(x) - sp.atan(y), False, [x > 0, y > 0, x * y > 1]),  # reversed
])
def test_boundary_wrong_variants_unproved(slack, strict, domain):
    assert not proved(slack, strict, domain)


def test_ln_of_a_premise():
    # the case e^{2x} >= e^{3x} of ln max(e^{2x}, e^{3x}) >= 3x: -x >= 0 by ln of the premise
    got = combine(-x, False, [sp.exp(2 * x) - sp.exp(3 * x) >= 0])
    assert got is not None and got.verdict == PROVED
    assert "monotone function" in got.rules
    assert not proved(-x - sp.Rational(1, 100), False, [sp.exp(2 * x) - sp.exp(3 * x) >= 0])
    assert not proved(-x, True, [sp.exp(2 * x) - sp.exp(3 * x) >= 0])
    assert not proved(-x, False, [sp.exp(2 * x) - sp.exp(3 * x) >= -sp.Rational(1, 100)])


def test_a_positive_constant_left_over():
    # ln(x y^2 z^3) > 6: the same premises with the constant 1 > 0 left over
    got = combine(sp.log(x * y**2 * z**3) - 6, True, LOG_ABC)
    assert got is not None and got.verdict == PROVED
    assert not proved(sp.log(x * y**2 * z**3) - 6, True, [x > 0, *LOG_ABC[1:3],
                                                          sp.log(z) > 1])


def test_min_below_an_argument():
    # u + min(x + 2u, y + 2v) <= x + 3v where x < y, u <= v (Polya): min <= x + 2u
    slack = x + 3 * z - y - sp.Min(x + 2 * y, x + 2 * z)
    assert proved(slack, False, [sp.Le(y, z)])
    assert not proved(slack - sp.Rational(1, 100), False, [sp.Le(y, z)])


u, v = sp.symbols("u v", real=True)
JAR = [0 < u, u < v, v < 1, 2 <= x, x <= y]


def test_multiplicative_with_signs_from_premises():
    # 2 u^2 x < v y^2 (Avigad, Lewis, Roux 2014): v > u > 0 and y >= x >= 2 give the signs,
    # then ln: ln 2 + 2 ln u + ln x < ln v + 2 ln y
    got = combine(v * y**2 - 2 * u**2 * x, True, JAR)
    assert got is not None and got.verdict == PROVED
    assert "logarithm of both sides" in got.rules


@pytest.mark.parametrize("slack, domain", [
    (v * y**2 - 2 * u**2 * x, [0 < u, u < v, v < 2, 2 <= x, x <= y]),  # v < 1 weakened
    (v * y**2 - 2 * u**2 * x, [0 < u, v < 1, 2 <= x, x <= y]),  # u < v dropped
    (v * y**2 - 2 * u**2 * x, [0 < u, u < v, v < 1, 1 <= x, x <= y]),  # x >= 2 weakened
    (v * y**2 - 3 * u**2 * x, JAR),  # the constant moved
])
def test_multiplicative_wrong_variants_unproved(slack, domain):
    assert not proved(slack, True, domain)


def test_max_in_a_premise():
    # e^{4y - 3x} > e^6 where y > max(2, 3x) (as the notes write it): max >= each argument
    # by cases, then 4y - 3x - 6 = 4 (y - max) + 3 (max - 2) + (max - 3x)
    dom = [x > 0, y > sp.Max(2, 3 * x)]
    got = combine(sp.exp(4 * y - 3 * x) - sp.exp(6), True, dom)
    assert got is not None and got.verdict == PROVED
    assert "case split" in got.rules
    assert not proved(sp.exp(4 * y - 3 * x) - sp.exp(7), True, dom)
    assert not proved(sp.exp(4 * y - 3 * x) - sp.exp(6), True, [x > 0, y > sp.Min(2, 3 * x)])

"""Helper engine11's classes (issue #11): slacks recast for the box search (``derive.recast``):
the logarithm of both sides of a power with a variable exponent, products of hyperbolic
functions linearised, a denominator vanishing at an end cleared. Each proof is made, and a
twin with a constant moved by a little is never proved (a budget only turns a verdict into
unknown: the budgets are generous, for a busy machine)."""

import sympy as sp

from derive import realprove, recast
from derive.proof import PROVED

x = sp.Symbol("x", real=True)
R = sp.Rational
SECONDS = 30.0
UNIT = [x > 0, x <= 1]


def _recast(slack, domain, strict=False, seconds=SECONDS):
    return recast.recast(realprove.build_problem(slack, strict, list(domain)), "claim", seconds)


def _proved(step):
    return step is not None and step.verdict == PROVED


def _decided(slack, domain, strict=False):
    return realprove.decide(slack, strict, list(domain), "claim", seconds=SECONDS)


# ------------------------------------------------------------------------ ln of both sides

def _compound(c):
    """``(1 + x)^{1/x} - e (1 - c x)``: > 0 on (0, 1] for c = 1/2 (Yang 2001), not for
    c < 1/2 (the slack is e (c - 1/2) x + O(x^2) at 0)."""
    return (1 + x) ** (1 / x) - sp.E * (1 - c * x)


def test_power_with_a_variable_exponent_by_the_logarithm_of_both_sides():
    step = _recast(_compound(R(1, 2)), UNIT, strict=True)
    assert _proved(step), step and step.reason
    assert "logarithm of both sides" in step.rules
    for c in (R(1, 2) - R(1, 10 ** 4), R(49, 100)):  # false near 0
        assert not _proved(_recast(_compound(c), UNIT, strict=True))
        assert _decided(_compound(c), UNIT, strict=True).verdict != PROVED


def test_compound_upper_bound_and_a_moved_coefficient():
    def upper(k):
        return sp.E * (1 - x / 2 + k * x ** 2) - (1 + x) ** (1 / x)

    step = _recast(upper(R(11, 24)), UNIT, strict=True)
    assert _proved(step), step and step.reason
    # 11/24 is sharp at 0: the slack is e (k - 11/24) x^2 + O(x^3)
    assert not _proved(_recast(upper(R(11, 24) - R(1, 1000)), UNIT, strict=True))


def test_logarithm_needs_positive_sides():
    # (x^x - (x - 1/2)): the right side changes sign on (0, 1], ln of it is not taken
    step = _recast(x ** x - (x - R(1, 2)), UNIT)
    assert step is None or "logarithm of both sides" not in step.rules


# ------------------------------------------------------------------------ hyperbolic powers

def test_linear_hyperbolic_is_an_identity():
    for e in (sp.cosh(x / 3) ** 3, sp.sinh(x) * sp.cosh(2 * x), sp.sinh(x) ** 4 / x):
        form = recast.linear_hyperbolic(e)
        assert not recast._hyperbolic_products(form)
        assert sp.simplify((form - e).rewrite(sp.exp)) == 0


def _klen(k):
    """``cosh^3(x/3) k - sinh(x)/x``: >= 0 for x > 0 when k = 1 (Klen, Visuri, Vuorinen 2010),
    not for k < 1 (its value at 0 is k - 1)."""
    return k * sp.cosh(x / 3) ** 3 - sp.sinh(x) / x


def test_hyperbolic_powers_linearised():
    step = _recast(_klen(1), [x > 0])
    assert _proved(step), step and step.reason
    assert "equal functions" in step.rules
    wrong = _klen(1 - R(1, 10 ** 6))
    assert not _proved(_recast(wrong, [x > 0]))
    assert _decided(wrong, [x > 0]).verdict != PROVED


def test_klen_through_the_engine():
    step = _decided(_klen(1), [x > 0])
    assert _proved(step), step.reason


# ------------------------------------------------------------------------ a cleared end

def test_denominator_vanishing_at_an_end_is_cleared():
    slack = x * sp.cosh(x / 3) ** 3 / x ** 2 - sp.sinh(x) / x ** 2
    problem = realprove.build_problem(slack, False, [x > 0])
    step = recast._cleared_end(problem, "claim", realprove.clock.now() + SECONDS)
    assert _proved(step), step and step.reason
    assert "product of signs" in step.rules
    wrong = realprove.build_problem(slack - R(1, 10 ** 6) / x, False, [x > 0])
    try:
        bad = recast._cleared_end(wrong, "claim", realprove.clock.now() + SECONDS)
    except recast._GiveUp:
        bad = None
    assert not _proved(bad)


def test_cleared_end_needs_a_value_at_the_end():
    # e^{1/x} - 1/x: times x^k still no value at 0 (nor 1/x^4 beyond MAX_ORDER): left to
    # the other methods
    for slack in (sp.exp(1 / x) - 1 / x, 1 / x ** 4 - 1 / x):
        problem = realprove.build_problem(slack, False, UNIT)
        assert recast._cleared_end(problem, "claim", realprove.clock.now() + SECONDS) is None


# ------------------------------------------------------------------------ sines as variables

def test_multiple_angle_in_one_variable_by_sines_as_variables():
    def triple(k):
        return k * sp.Abs(sp.sin(x)) - sp.Abs(sp.sin(3 * x))

    step = _recast(triple(3), [])
    assert _proved(step), step and step.reason
    assert "substitution instance" in step.rules
    wrong = triple(3 - R(1, 1000))  # fails near 0, where |sin 3x| / |sin x| -> 3
    assert not _proved(_recast(wrong, []))
    assert _decided(wrong, []).verdict != PROVED


# ------------------------------------------------------------------------ e^ of both sides

def test_logarithm_against_the_rest_by_the_exponential_of_both_sides():
    def log_cosh(c):
        return sp.log(sp.cosh(x)) - sp.Abs(x) + sp.log(2) - c  # c > 0: false for large |x|

    step = _decided(log_cosh(0), [])
    assert _proved(step), step.reason
    assert "monotone function" in step.rules
    on_half = realprove.build_problem(log_cosh(0), False, [x >= 0])
    got = recast._exp_sides(on_half, "claim", realprove.clock.now() + SECONDS)
    assert _proved(got), got and got.reason
    for c in (R(1, 10 ** 6), sp.log(R(10, 9))):  # a margin; ln 2 -> ln(9/5)
        wrong = realprove.build_problem(log_cosh(c), False, [x >= 0])
        try:
            bad = recast._exp_sides(wrong, "claim", realprove.clock.now() + SECONDS)
        except recast._GiveUp:
            bad = None
        assert not _proved(bad)
        assert _decided(log_cosh(c), []).verdict != PROVED


def test_exponential_of_both_sides_reversed_direction():
    def softplus(c):  # ln(1 + e^x) <= |x| + ln 2 - c: k = -1, 1 + e^x <= 2 e^{|x|} e^{-c}
        return sp.Abs(x) + sp.log(2) - c - sp.log(1 + sp.exp(x))

    step = recast._exp_sides(realprove.build_problem(softplus(0), False, []), "claim",
                             realprove.clock.now() + SECONDS)
    assert _proved(step), step and step.reason
    try:  # false at x = 0
        bad = recast._exp_sides(realprove.build_problem(softplus(R(1, 10 ** 6)), False, []),
                                "claim", realprove.clock.now() + SECONDS)
    except recast._GiveUp:
        bad = None
    assert not _proved(bad)


def test_logarithm_of_an_algebraic_argument_is_left_to_the_engine():
    assert recast._log_pair(sp.log(1 + x) - x) is None


def test_two_logarithms_compared_by_their_arguments():
    def two(c):
        return sp.log(2 * x) - sp.log(x + sp.sqrt(x ** 2 - 1) + c)

    step = recast._exp_sides(realprove.build_problem(two(0), False, [x >= 1]), "claim",
                             realprove.clock.now() + SECONDS)
    assert _proved(step), step and step.reason
    try:
        bad = recast._exp_sides(realprove.build_problem(two(R(1, 10 ** 6)), False, [x >= 1]),
                                "claim", realprove.clock.now() + SECONDS)
    except recast._GiveUp:
        bad = None
    assert not _proved(bad)  # false at x = 1


# ------------------------------------------------------------------------ a tail at 1/u

def test_slack_tending_to_zero_at_infinity_by_a_reciprocal_tail():
    def shafer_fink(k):
        """``k pi x / (1 + 2 sqrt(1 + x^2)) - arctan x``, both sides -> pi/2 (k = 1: Zhu
        2005); k < 1 is false for large x."""
        return k * sp.pi * x / (1 + 2 * sp.sqrt(1 + x ** 2)) - sp.atan(x)

    problem = realprove.build_problem(shafer_fink(1), False, [x >= 0])
    step = recast._reciprocal_tail(problem, "claim", realprove.clock.now() + SECONDS)
    assert _proved(step), step and step.reason
    assert {"change of variable", "case split"} <= set(step.rules)
    wrong = shafer_fink(1 - R(1, 10 ** 6))
    try:
        bad = recast._reciprocal_tail(realprove.build_problem(wrong, False, [x >= 0]), "claim",
                                      realprove.clock.now() + SECONDS)
    except recast._GiveUp:
        bad = None
    assert not _proved(bad)
    assert _decided(wrong, [x >= 0]).verdict != PROVED


def test_at_zero_writes_arctan_of_a_reciprocal():
    u = sp.Symbol("u", positive=True)
    assert recast._at_zero(sp.atan(1 / u), u) == sp.pi / 2 - sp.atan(u)
    assert recast._at_zero(sp.atan(-1 / u), u) == sp.atan(u) - sp.pi / 2  # (odd)
    assert recast._at_zero(sp.atan(u), u) == sp.atan(u)


def test_tail_with_a_pole_at_u_0_and_arctan_of_a_reciprocal():
    def arccot_bound(c):  # x (pi/2 - arctan x) < c: -> 1 at +oo, so c = 1 is sharp
        return c - x * (sp.pi / 2 - sp.atan(x))

    problem = realprove.build_problem(arccot_bound(1), True, [x > 0])
    step = recast._reciprocal_tail(problem, "claim", realprove.clock.now() + SECONDS)
    assert _proved(step), step and step.reason
    assert "zero derivative" in step.rules
    wrong = arccot_bound(1 - R(1, 10 ** 6))
    try:
        bad = recast._reciprocal_tail(realprove.build_problem(wrong, True, [x > 0]), "claim",
                                      realprove.clock.now() + SECONDS)
    except recast._GiveUp:
        bad = None
    assert not _proved(bad)
    assert _decided(wrong, [x > 0], strict=True).verdict != PROVED

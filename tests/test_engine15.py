"""Helper engine15's classes (issue #11, the engine's one-variable unknowns of heldout9-11):
a term with a variable power against the rest of the slack by the logarithm of both sides, a
zero at an excluded end with an unbounded slope divided out, ``e^{p(x)}`` (degree >= 2) by
the logarithm of both sides with ``ln(sinh x/x)`` kept whole, a reciprocal tail whose
logarithms cancel once split into factors. Each proof is made, and a twin with a constant
moved by a little is never proved (budgets are generous, for a busy machine: a budget only
turns a verdict into unknown)."""

import sympy as sp

from derive import realprove, recast
from derive.proof import PROVED

x = sp.Symbol("x", real=True)
R = sp.Rational
SECONDS = 30.0
OPEN_UNIT = [x > 0, x < 1]


def _decided(slack, domain, strict=False):
    return realprove.decide(slack, strict, list(domain), "claim", seconds=SECONDS)


def _recast(slack, domain, strict=False):
    return recast.recast(realprove.build_problem(slack, strict, list(domain)), "claim",
                         SECONDS)


def _proved(step):
    return step is not None and step.verdict == PROVED


# ------------------------------------------------------------ x^x <= x^2 - x + 1 on (0, 1)

def test_power_against_the_rest_of_the_slack():
    # the sides are x^x and x^2 - x + 1: both tend to 1 at 0 (x^x with a slope -> -oo) and
    # touch to order 3 at 1
    step = _decided(x ** 2 - x + 1 - x ** x, OPEN_UNIT)
    assert step.verdict == PROVED, step.reason
    assert "logarithm of both sides" in step.rules
    assert recast._power_sides(x ** 2 - x + 1 - x ** x) == (x ** 2 - x + 1, x ** x)


def test_power_against_the_rest_with_a_moved_coefficient_is_not_proved():
    # x^2 - (1 + 1/1000) x + 1 - x^x is -1/1000 at x = 1 (and < 0 just below it)
    for wrong in (x ** 2 - (1 + R(1, 1000)) * x + 1 - x ** x,
                  x ** 2 - x + 1 - R(1, 10 ** 4) - x ** x):
        assert _decided(wrong, OPEN_UNIT).verdict != PROVED


def test_zero_at_an_end_with_an_unbounded_slope_divided_out():
    slack = sp.log(x ** 2 - x + 1) - x * sp.log(x)  # -> 0 at 0, slope -ln x - 1 -> +oo
    step = _recast(slack, OPEN_UNIT)
    assert _proved(step), step and step.reason
    assert "product of signs" in step.rules
    # - x/1000: about -1/1000 near 1, where the slack itself is (1 - x)^3/2 + ...
    assert not _proved(_recast(slack - x / 1000, OPEN_UNIT))
    assert _decided(slack - x / 1000, OPEN_UNIT).verdict != PROVED


def test_steep_zero_needs_an_infinite_slope():
    assert recast._steep_zero(sp.log(x ** 2 - x + 1) - x * sp.log(x), x, 0, 1, 5.0)
    # sinh x / x - 1 -> 0 at 0 with a removable 0/0 slope (its limit 0): not this method's
    assert not recast._steep_zero(sp.sinh(x) / x - 1, x, 0, 1, 5.0)
    # x ln x - 1 tends to -1, not 0
    assert not recast._steep_zero(x * sp.log(x) - 1, x, 0, 1, 5.0)


# ------------------------------------------------------------ (1 + 1/x)^x > 2 e x / (2x + 1)

def _polya(k):
    """``(1 + 1/x)^x - k e x / (2x + 1)`` on ``x > 0``: ``> 0`` for ``k = 2`` (Polya-Szego
    I.170); for ``k > 2`` it tends to ``e (1 - k/2) < 0`` at ``+oo``."""
    return (1 + 1 / x) ** x - k * sp.E * x / (2 * x + 1)


def test_compound_e_against_a_rational_function_on_a_half_line():
    step = _decided(_polya(2), [x > 0], strict=True)
    assert step.verdict == PROVED, step.reason
    assert _decided(_polya(2 + R(1, 10 ** 4)), [x > 0], strict=True).verdict != PROVED


def test_tail_logarithms_split_into_factors():
    u = sp.Symbol("u", positive=True)
    got = recast._at_zero(sp.log(u) + sp.log(1 + 2 / u) + sp.log(1 + u) / u, u)
    assert sp.simplify(got - (sp.log(u + 2) + sp.log(u + 1) / u)) == 0
    assert not got.has(sp.log(u))  # a value at u = 0 (after u times it, the tail's test)


def test_reciprocal_tail_of_the_logarithmic_form():
    # ln of both sides of compound-e-polya: tends to 0 at +oo like 5/(24 x^2)
    slack = x * sp.log(1 + 1 / x) - sp.log(x) + sp.log(2 * x + 1) - 1 - sp.log(2)
    step = _recast(slack, [x >= R(1, 2)], strict=True)
    assert _proved(step), step and step.reason
    assert "change of variable" in step.rules
    assert not _proved(_recast(slack - R(1, 10 ** 4), [x >= R(1, 2)], strict=True))


# ------------------------------------------------------------ sinh x / x <= e^{x^2/6}

def test_gaussian_against_sinhc_by_the_logarithm_of_both_sides():
    step = _decided(sp.exp(x ** 2 / 6) - sp.sinh(x) / x, [sp.Ne(x, 0)])
    assert step.verdict == PROVED, step.reason
    assert "logarithm of both sides" in step.rules
    # 1/6 is sharp at 0: e^{c x^2} - sinh x / x = (c - 1/6) x^2 + O(x^4)
    wrong = sp.exp((R(1, 6) - R(1, 1000)) * x ** 2) - sp.sinh(x) / x
    assert _decided(wrong, [sp.Ne(x, 0)]).verdict != PROVED


def test_log_of_a_side_kept_whole_where_its_factors_vanish_together():
    ends = [(0, 1), (1, -1)]
    assert recast._log_of(sp.sinh(x) / x, ends) == sp.log(sp.sinh(x) / x)
    assert recast._log_of(sp.E * (1 - x / 2), ends) == 1 + sp.log(1 - x / 2)
    assert recast._log_of(x ** x, ends) == x * sp.log(x)


# ------------------------------------------------------------ powers of a positive base

def _proof():
    from derive import clock, singular

    return singular._Proof(clock.now() + SECONDS)


def test_power_of_a_positive_base_is_positive():
    from derive import singular

    power = sp.sin(x) ** sp.sin(x)  # its enclosures near sin x = 0 are lost
    step = _proof().positive(power, [x > 0, x < sp.pi / 2])
    assert step.verdict == PROVED and "substitution instance" in step.rules
    # where the base changes sign the premise sin x > 0 fails: no step
    try:
        _proof().positive(power, [x > -1, x < 1])
    except singular._GiveUp:
        pass
    else:
        raise AssertionError("sin(x)^sin(x) > 0 accepted where sin x < 0")


def test_identity_through_positive_bases():
    from derive import singular

    power = sp.sin(x) ** sp.sin(x)
    step = _proof().identity(sp.log(power), sp.sin(x) * sp.log(sp.sin(x)),
                             [x > 0, x < sp.pi / 2], "ln identity")
    assert step.verdict == PROVED and "substitution instance" in step.rules
    for wrong in (sp.sin(x) * sp.log(sp.cos(x)), 2 * sp.sin(x) * sp.log(sp.sin(x))):
        try:
            _proof().identity(sp.log(power), wrong, [x > 0, x < sp.pi / 2], "wrong")
        except singular._GiveUp:
            continue
        raise AssertionError(f"ln(sin^sin) = {wrong} accepted")

r"""A hostile soundness audit of the last session's engine additions (helper audit10): every
wrong verdict found, as a bad statement and a good twin, and the hostile cases that held.

Audited: derive/check/given.py (an equation as a premise), derive/diagonal.py (slack 0 on
``x = y``), derive/singular.py's poles at open ends, derive/realprove.py's positive
homogeneity, derive/orthant.py and derive/ordered.py. Each "false" statement here was checked
false by hand (a witness named beside it), each "true" one by hand. Statements a budget may
leave unknown are only asserted "not proved" (or "not refuted")."""

import time

import pytest
import sympy as sp

from derive import singular
from derive.check import check_equation
from derive.proof import PROVED
from derive.realprove import build_problem, decide

R = sp.Rational
x, y = sp.symbols("x y", real=True)
A = sp.Abs


# ---------------------------------------------------------------- singular: poles at the ends
# The piece next to a pole, [c, 1), was checked on the domain's conditions, x != 7/10 among
# them: a hole in the piece. 1/(1 - x) - 1/(x - 7/10) is increasing on each side of 7/10 and 7
# at c = 1/2, so "monotone from an end" proved it >= 0 on [1/2, 1) - false at x = 3/4 (-16);
# with 10^{-30}/(x - 7/10) the whole engine proved it too (false at x = 7/10 + 10^{-32}), and
# so did derive check. The piece is now the interval of the box, no other condition on it.
POLE_HOLE = [
    (1 / (1 - x) - 1 / (x - R(7, 10)), [x > 0, x < 1, sp.Ne(x, R(7, 10))]),
    # a nonlinear condition: the domain is (0, 3/5] u [4/5, 1), the pole in the gap (x = 5/6)
    (1 / (1 - x) - 1 / (x - R(7, 10)), [x > 0, x < 1, (x - R(3, 5)) * (x - R(4, 5)) >= 0]),
    (1 / (1 - x) - R(1, 10**30) / (x - R(7, 10)), [x > 0, x < 1, sp.Ne(x, R(7, 10))]),
]


@pytest.mark.parametrize("slack, domain", POLE_HOLE)
def test_pole_piece_with_a_hole_is_not_monotone(slack, domain):
    got = singular.singular(build_problem(slack, False, domain), "c", 3)
    assert got is None or got.verdict != PROVED, got.reason


def test_pole_piece_with_a_hole_in_derive_check():
    r = check_equation(r"\frac{10^{-30}}{x - \frac{7}{10}} \le \frac{1}{1 - x}",
                       premise="0 < x < 1", written="before", seconds=4)
    assert r.verdict != PROVED, r.reason


def test_pole_piece_twin_without_a_hole_is_proved():
    # x/(1 - x^2) - artanh x >= 0 on (0, 1): a pole at 1 only, the piece [c, 1) an interval
    got = singular.singular(build_problem(x / (1 - x**2) - sp.atanh(x), False, [x > 0, x < 1]),
                            "c", 20)
    assert got is not None and got.verdict == PROVED, got
    # its false twin is not
    got = singular.singular(build_problem(sp.atanh(x) - x / (1 - x**2), False,
                                          [x > 0, x < 1]), "c", 5)
    assert got is None or got.verdict != PROVED


# ---------------------------------------------------------------- realprove: positive homogeneity
# The scaling identity f(t p) = t^2 f(p) holds where f is defined, and the domain x >= 0,
# y >= 0 is a cone, but f is defined only where x >= 2: no point of the unit cube's boundary,
# so every face held vacuously and "positive homogeneity" proved f >= 0 on the cone. False at
# y = 2, x = 2 sqrt 2 (x >= 2): f = (x - sqrt 2 y)^2 - 10^{-20} y^2 = -4 10^{-20}. The
# conditions where the slack is defined must now be homogeneous too (a cone).
S2 = sp.sqrt(2)
OFF_FACES = (x - S2 * y) ** 2 - R(1, 10**20) * y**2 + y**2 * (sp.sqrt(x - 2) + 1) \
    - y**2 * sp.sqrt(x - 2) - y**2


@pytest.mark.parametrize("slack, domain", [
    (OFF_FACES, [x >= 0, y >= 0]),
    (OFF_FACES, []),
    (x * (sp.sqrt(x - 2) + 1) - x * sp.sqrt(x - 2) - y, [x >= 0, y >= 0]),  # x - y; (3, 4)
])
def test_homogeneity_needs_a_cone_where_the_slack_is_defined(slack, domain):
    from derive.realprove import _homogeneous

    got = _homogeneous(build_problem(slack, False, domain), "c", time.monotonic() + 3)
    assert got is None or got.verdict != PROVED, got.reason
    assert decide(slack, False, domain, "c", 3).verdict != PROVED


@pytest.mark.parametrize("slack, domain", [
    # defined on a cone (x > 0, y > 0): its twin is proved, and moved by 10^-6 it is not
    (sp.log((x + y) / 2) - sp.log(x) / 2 - sp.log(y) / 2, [x > 0, y > 0]),
    # asin(x/(x + y)) is defined where |x/(x + y)| <= 1: a condition of degree 0, a cone
    (sp.asin(x / (x + y)) - x / (x + y), [x > 0, y > 0]),
])
def test_homogeneity_twins_defined_on_a_cone(slack, domain):
    from derive.realprove import _homogeneous

    got = _homogeneous(build_problem(slack, False, domain), "c", time.monotonic() + 20)
    assert got is not None and got.verdict == PROVED, got
    bad = _homogeneous(build_problem(slack - R(1, 10**6), False, domain), "c",
                       time.monotonic() + 3)
    assert bad is None or bad.verdict != PROVED

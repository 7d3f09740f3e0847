"""derive.meanlog: two-variable means with the identric mean (heldout11), compared through the
logarithms of both sides once the homogeneity rule meets ``e^u`` (``u(t p) = u(p) + ln t``);
wrong variants (a constant moved by a tiny margin) left unproved."""

import pytest
import sympy as sp

from derive import meanlog
from derive.proof import PROVED, REFUTED
from derive.realprove import build_problem, decide

x, y = sp.symbols("x y", real=True)
ORDERED = [x > 0, x < y]
IDENTRIC = sp.exp((y * sp.log(y) - x * sp.log(x)) / (y - x) - 1)
MEAN_2AG = (x + y) / 3 + sp.sqrt(x * y) / 3  # (2A + G)/3


def log_sides(slack, strict=True, seconds=8.0):
    from derive import clock

    problem = build_problem(slack, strict, ORDERED)
    return meanlog.log_sides(problem, "claim", clock.now() + seconds)


def test_sandor_identric_above_2a_plus_g_by_logarithms():
    # Sandor (1990): I > (2A + G)/3 on 0 < x < y; ln I = u is of degree 0 after ln t
    got = log_sides(IDENTRIC - MEAN_2AG)
    assert got is not None and got.verdict == PROVED
    assert {"logarithm of both sides", "positive homogeneity",
            "change of variable"} <= set(got.rules)


def test_sandor_decided_by_the_engine():
    got = decide(IDENTRIC - MEAN_2AG, True, ORDERED, "I > (2A + G)/3", seconds=8.0)
    assert got.verdict == PROVED


@pytest.mark.parametrize("factor", [sp.Rational(1001, 1000), sp.Rational(100001, 100000)])
def test_sandor_with_a_larger_constant_is_not_proved(factor):
    # I/((2A + G)/3) -> 1 at x = y: any larger factor is false near the diagonal
    slack = IDENTRIC - factor * MEAN_2AG
    got = log_sides(slack, seconds=4.0)
    assert got is None or got.verdict != PROVED
    assert decide(slack, True, ORDERED, "wrong", seconds=4.0).verdict != PROVED


def test_exponential_of_a_mean_positive_after_y_equals_x_plus_d():
    # e^u > 0 needs u real, i.e. y - x != 0: shown with y = x + d, d > 0
    problem = build_problem(IDENTRIC - MEAN_2AG, True, ORDERED)
    where = [x > 0, y - x > 0, y > 0]
    got = meanlog._positive(IDENTRIC, problem, where)
    assert got is not None and got.verdict == PROVED
    assert "change of variable" in got.rules
    # a side that is not positive is not shown positive
    assert meanlog._positive(IDENTRIC - 2 * y, problem, where) is None


def test_identity_of_the_logarithm_after_y_equals_x_plus_d():
    problem = build_problem(IDENTRIC - MEAN_2AG, True, ORDERED)
    where = [x > 0, y - x > 0, y > 0]
    u = (y * sp.log(y) - x * sp.log(x)) / (y - x) - 1
    got = meanlog._identity(sp.log(IDENTRIC), u, problem, where)
    assert got is not None and got.verdict == PROVED
    assert meanlog._identity(sp.log(IDENTRIC), u + sp.Rational(1, 1000), problem,
                             where) is None


def test_false_mean_inequality_is_refuted_or_unknown():
    # I < (2A + G)/3 is false everywhere on 0 < x < y: never proved
    got = decide(MEAN_2AG - IDENTRIC, True, ORDERED, "I < (2A + G)/3", seconds=4.0)
    assert got.verdict == REFUTED


def test_split_takes_signs_of_terms():
    assert meanlog._split(IDENTRIC - MEAN_2AG) == (IDENTRIC, MEAN_2AG)
    assert meanlog._split(IDENTRIC + x) is None

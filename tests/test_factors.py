"""A slack that is a product of factors of one sign (derive.factors): the chapter's
``|w \\sigma'(z)| \\le |w|/4`` and its relatives are proved through the whole engine with the
rule *product of signs* on record; false twins (a constant moved, a strict claim that fails
on a line, a factor of no sign) are never proved."""

import pytest
import sympy as sp

from derive import factors, realprove
from derive.check import check_text
from derive.proof import PROVED, REFUTED

w = sp.Symbol("w", real=True)
z = sp.Symbol("z", real=True)
x = sp.Symbol("x", real=True)
y = sp.Symbol("y", real=True)
R = sp.Rational
SECONDS = 60  # generous: a budget only ever turns a verdict into "unknown"
SIG = sp.exp(-z) / (1 + sp.exp(-z)) ** 2  # sigma'(z)


def _rules(step):
    return set(step.rules)


@pytest.mark.parametrize("slack, strict, domain", [
    (sp.Abs(w) / 4 - sp.Abs(w * SIG), False, []),
    (w**2 / 4 - w**2 * SIG, False, []),
    (x**2 * (1 - sp.cos(y)), False, []),
    ((sp.exp(x) - 1 - x) * (y**2 + 1), False, []),
    ((sp.exp(x) - 1 - x) * sp.log(y), False, [y >= 1]),
    (x * (sp.exp(y) - y), True, [x > 0]),
    ((1 - x) * (1 - sp.exp(y)), False, [x >= 1, y >= 0]),  # two factors <= 0
], ids=["|w sigma'| <= |w|/4", "w^2 sigma' <= w^2/4", "x^2 (1 - cos y)", "(e^x-1-x)(y^2+1)",
        "(e^x-1-x) ln y, y >= 1", "x (e^y - y) > 0, x > 0", "(1-x)(1-e^y), x >= 1, y >= 0"])
def test_products_of_signed_factors_are_proved(slack, strict, domain):
    step = realprove.decide(slack, strict, domain, "claim", seconds=SECONDS)
    assert step.verdict == PROVED, step.reason
    # the module alone too (the engine may prove some by another method first)
    own = factors.product_signs(realprove.build_problem(slack, strict, domain), "claim",
                                SECONDS, realprove._decide)
    assert own is not None and own.verdict == PROVED and "product of signs" in _rules(own)


@pytest.mark.parametrize("slack, strict, domain", [
    (sp.Abs(w) * R(100, 401) - sp.Abs(w * SIG), False, []),  # |w|/4.01: fails at z = 0
    (sp.Abs(w) / 4 - sp.Abs(w * SIG), True, []),  # strict: 0 at w = 0
    (x**2 * (1 - sp.cos(y)), True, []),  # strict: 0 at x = 0
    ((sp.exp(x) - 1 - x) * sp.log(y), False, [y >= R(1, 2)]),  # ln y < 0 on [1/2, 1)
    ((sp.exp(x) - 1 - x) * (y**2 - R(1, 10**6)), False, []),
    ((1 - x) * (sp.exp(y) - 1), False, [x >= 1, y >= 0]),  # one factor <= 0: product <= 0
])
def test_false_twins_are_refuted(slack, strict, domain):
    step = realprove.decide(slack, strict, domain, "claim", seconds=SECONDS)
    assert step.verdict == REFUTED, step.reason


def test_the_split_and_its_guards():
    product, parts = factors.split(sp.Abs(w) / 4 - sp.Abs(w * SIG))
    assert sp.Abs(w) in parts and len(parts) == 2
    assert factors.split(x + y) is None  # no common factor
    assert factors.split(-x**2 * sp.exp(y)) is None  # a negative constant: no sign rule here
    assert factors.split(3 * x) is None  # one factor with variables: nothing to split


def test_a_product_less_defined_than_the_slack_is_refused(monkeypatch):
    # a factored form with a logarithm the slack does not have would claim less than asked
    monkeypatch.setattr(factors.sp, "factor_terms", lambda e: x * y * sp.sqrt(y + 1))
    assert factors.split(x * y) is None


def test_the_chapter_bound_from_notes():
    rs = check_text(r"For every weight and input, $|w\sigma'(z)| \le \frac{|w|}{4}$." "\n"
                    r"$$|w\sigma'(z)| \le \frac{|w|}{4.01}$$" "\n")
    assert [str(r.verdict) for r in rs] == [PROVED, REFUTED]
    assert "product" in rs[0].reason

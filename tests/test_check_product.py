r"""A product of like factors against a power (derive.check.product): the chapter's
vanishing-gradient bound for every depth, and its false twins."""

import pytest

from derive.check.run import check_text
from derive.proof import PROVED, REFUTED, RULES, UNKNOWN


def _claim(text):
    return next(r for r in check_text(text + "\n") if r"\prod" in r.source)


@pytest.mark.parametrize("text", [
    r"If $|w_j| \le 1$ for all $j$, then $\prod_{j=1}^{L} |w_j \sigma'(z_j)| \le "
    r"\left(\frac14\right)^L$.",
    r"$$ |w_j| \le 1 \implies \prod_{j=1}^{L} |w_j \sigma'(z_j)| \le 4^{-L} $$",
    r"$$ \prod_{j=1}^{3} |w_j \sigma'(z_j)| \le \frac{1}{64} \quad (|w_j| \le 1) $$",
    r"$$ |w_j| < 1 \implies \prod_{j=2}^{L} |w_j \sigma'(z_j)| < \left(\frac14\right)^{L-1} $$",
    r"$$ |w_j| \ge 8 \implies \prod_{j=1}^{L} |w_j| \ge 8^L $$",
])
def test_a_product_of_bounded_factors_is_proved_for_every_depth(text):
    r = _claim(text)
    assert r.verdict == PROVED, r.reason
    assert "product of bounds" in RULES and "such factors" in r.reason


@pytest.mark.parametrize("text, where", [
    # a weight a little over 1: one factor |1.1 sigma'(0)| = 0.275 > 1/4
    (r"$$ |w_j| \le 1.1 \implies \prod_{j=1}^{L} |w_j \sigma'(z_j)| \le 4^{-L} $$", "L = 1"),
    (r"$$ |w_j| \le 1 \implies \prod_{j=1}^{L} |w_j \sigma'(z_j)| \le 5^{-L} $$", "L = 1"),
    # strict at the bound: |1 sigma'(0)| = 1/4 exactly
    (r"$$ |w_j| \le 1 \implies \prod_{j=1}^{L} |w_j \sigma'(z_j)| < 4^{-L} $$", "L = 1"),
])
def test_a_wrong_bound_is_refuted_with_one_factor(text, where):
    r = _claim(text)
    assert r.verdict == REFUTED and where in r.reason, r.reason


@pytest.mark.parametrize("text", [
    # the factor depends on the depth: a counterexample at real L < 1/2 is no instance
    r"$$ \prod_{j=1}^{L} \left(1 + \frac{1}{L}\right) \le 3^L $$",
    # true for every L >= 2 only as written: the premise on L makes L = 1 no instance
    r"$$ L \ge 2 \implies \prod_{j=1}^{L} \frac{1}{2} \le \frac{1}{4} \cdot 2^{2-L} $$",
])
def test_no_verdict_from_a_factor_that_is_no_instance(text):
    # both true: never refuted
    assert _claim(text).verdict != REFUTED


def test_the_notes_definitions_are_used_in_the_factor():
    # the exploding case: w_j = 100, z_j = 0 make every factor 25
    rs = check_text(r"With $w_j = 100$ and $z_j = 0$, $\prod_{j=1}^{L} w_j \sigma'(z_j) = 25^L$."
                    "\n\n" r"With $w_j = 100$ and $z_j = 0$, $\prod_{j=1}^{L} w_j \sigma'(z_j) "
                    r"\le 25^L$." "\n\n"
                    r"With $w_j = 100$ and $z_j = 0$, $\prod_{j=1}^{L} w_j \sigma'(z_j) = 24^L$."
                    "\n")
    verdicts = [r.verdict for r in rs if r"\prod" in r.source]
    assert verdicts == [PROVED, PROVED, REFUTED]
    # a depth fixed by the notes (false at L = 3): never proved "for every L"
    r = _claim(r"Let $L = 3$." "\n\n"
               r"$$ \prod_{j=1}^{L} |w_j \sigma'(z_j)| \le 5^{-L} $$")
    assert r.verdict != PROVED and "every" not in r.reason

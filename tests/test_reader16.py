"""Fixes of the reader's wrong verdicts pinned by audit13 (tests/test_audit13.py): each with a
near variant, the same form true with a right value, still proved or at least not refuted, and
a wrong value not proved."""

import pytest

from derive.check import check_text
from derive.proof import PROVED, REFUTED


def _last(text: str, claim: str) -> str:
    got = [str(r.verdict) for r in check_text(text + "\n") if r.source == claim]
    assert got, [(r.source, str(r.verdict)) for r in check_text(text + "\n")]
    return got[-1]


# \approx 10^k (1 x 10^k to one significant digit): [0.95, 1.5) x 10^k; a mantissa 1 with
# decimals alike, to its last digit (995 is 1.0 x 10^3 to two digits, 990 is not)
@pytest.mark.parametrize("claim, truth", [
    ("960 \\approx 10^{3}", True), ("e^{-7} \\approx 9 \\times 10^{-4}", True),
    ("-960 \\approx -10^{3}", True), ("-1400 \\approx -10^{3}", True),
    ("-900 \\approx -10^{3}", False), ("996 \\approx 1.0 \\times 10^{3}", True),
    ("990 \\approx 1.0 \\times 10^{3}", False), ("1040 \\approx 1.0 \\times 10^{3}", True),
    ("0.96 \\approx 1", True), ("0.6 \\approx 1", True), ("0.4 \\approx 1", False),
])
def test_a_mantissa_1_has_the_decade_below(claim, truth):
    got = _last(f"${claim}$.", claim)
    assert got == PROVED if truth else got != PROVED


# "\quad x > 0" after a bare argument separates a condition (no product): the claim alone reads
# it as its condition; "\," still ends the argument (a product)
@pytest.mark.parametrize("claim, truth", [
    ("x - 1 \\ge \\ln x \\quad x > 0", True), ("x - 2 \\ge \\ln x \\quad x > 0", False),
    ("\\sin x \\, x \\le x^2", None), ("\\sin x \\, x \\le 2", False),
])
def test_a_wide_space_separates_a_condition(claim, truth):
    got = _last(f"${claim}$.", claim)
    assert got == PROVED if truth else got != (REFUTED if truth is None else PROVED)


def test_a_thin_space_still_ends_the_argument():
    import sympy as sp

    from derive.parse import parse

    x = sp.Symbol("x", real=True)
    assert parse("\\ln x \\, x").expr == x * sp.log(x)


# \overset{!}{=} (a requirement) is not read; a justification over a relation still is
@pytest.mark.parametrize("claim, verdict", [
    ("2x \\overset{!}{=} 1", None), ("x^2 + 1 \\overset{\\text{AM-GM}}{\\ge} 2x", PROVED),
    ("x^2 + 1 \\overset{\\text{AM-GM}}{\\ge} 3x", REFUTED),
])
def test_a_requirement_is_unread_a_justification_read(claim, verdict):
    got = _last(f"${claim}$.", claim)
    assert got == verdict if verdict else got not in (PROVED, REFUTED)


# \delta_{12}^2 (a Kronecker delta's power) refused; a letter with two indices and a power is
# still a variable
@pytest.mark.parametrize("claim, verdict", [
    ("\\delta_{12}^2 = 0", None), ("\\delta_{12}^{3} \\ge 1", None),
    ("a_{12}^2 + 1 \\ge 2 a_{12}", PROVED), ("a_{12}^2 + 1 \\ge 3 a_{12}", REFUTED),
])
def test_a_kronecker_power_refused_a_variable_read(claim, verdict):
    got = _last(f"${claim}$.", claim)
    assert got == verdict if verdict else got not in (PROVED, REFUTED)


# a plain Var( / Cov( is refused like \mathrm{Var}; letters v a r are still a product
@pytest.mark.parametrize("claim, verdict", [
    ("Var(2w) = 4 Var(w)", None), ("Cov(w, w) \\ge 0", None),
    ("x \\in [0, 1] \\implies Var(x) \\ge 0", None),
    ("v^2 a^2 r^2 \\ge 0", PROVED), ("v a r + 1 \\ge 2 v a r", REFUTED),
])
def test_a_plain_variance_refused_a_product_read(claim, verdict):
    got = _last(f"${claim}$.", claim)
    assert got == verdict if verdict else got not in (PROVED, REFUTED)


# "$P$ iff $Q$ or $R$" is not cut to P iff Q (left unread); "$P$ iff $Q$, and $R$" still
# joins P iff Q and reads R as its own claim
@pytest.mark.parametrize("text, claim, verdict", [
    ("$x^2 > 1$ if and only if $x > 1$ or $x < -1$.", "x^2 > 1 \\iff x > 1", None),
    ("$x^3 > 0$ iff $x > 0$, and $x^2 \\ge 0$.", "x^3 > 0 \\iff x > 0", PROVED),
    ("$x^3 > 0$ iff $x > 1$, and $x^2 \\ge 0$.", "x^3 > 0 \\iff x > 1", REFUTED),
    ("$x^3 > 0$ iff $x > 0$, and $x^2 \\ge 0$.", "x^2 \\ge 0", PROVED),
    ("$x^3 > 0$ iff $x > 0$.", "x^3 > 0 \\iff x > 0", PROVED),
])
def test_an_iff_whose_side_goes_on(text, claim, verdict):
    got = _last(text, claim)
    assert got == verdict if verdict else got not in (PROVED, REFUTED)


# "and conversely" / "vice versa" after a claim with its condition: the converse is not read,
# so the claim is not proved; "Conversely," opening the next sentence leaves it alone
@pytest.mark.parametrize("text, claim, verdict", [
    ("$x^3 > 0$ if $x > 0$, and conversely.", "x^3 > 0", None),
    ("$x^2 > 1$ if $x > 1$. Conversely, $x^2 \\ge 0$.", "x^2 > 1", PROVED),
    ("$x^2 > 1$ if $x > 1$. Conversely, $x^2 \\ge 0$.", "x^2 \\ge 0", PROVED),
    ("$x^2 > 4$ if $x > 1$, and vice versa.", "x^2 > 4", REFUTED),
])
def test_the_converse_in_words(text, claim, verdict):
    got = _last(text, claim)
    assert got == verdict if verdict else got not in (PROVED, REFUTED)


# a later claim with its own condition in a sentence opened by "For $x \ge 0$" has the two
# readings too (with the opening condition, and alone): unknown where they differ, decided
# where they agree
@pytest.mark.parametrize("text, claim, verdict", [
    ("For $x \\ge 0$: $x^3 \\ge 0$ if $x \\le 2$, and $x^5 \\ge 0$ if $x \\le 3$.",
     "x^5 \\ge 0", None),
    ("For $x \\ge 0$: $x^3 \\ge 0$ if $x \\le 2$, and $x^4 \\ge 0$ if $x \\le 3$.",
     "x^4 \\ge 0", PROVED),
    ("For $x \\ge 0$: $x^3 \\ge 0$ if $x \\le 2$, and $x^5 \\ge 1$ if $x \\le 3$.",
     "x^5 \\ge 1", REFUTED),
    ("For $x \\ge 0$: $x^3 \\ge 0$ if $x \\le 2$, and $x^5 \\ge 0$ for all $x \\le 3$.",
     "x^5 \\ge 0", REFUTED),
])
def test_every_later_claim_has_two_readings(text, claim, verdict):
    got = _last(text, claim)
    assert got == verdict if verdict else got not in (PROVED, REFUTED)


# a chain whose a_j is no registered activation of z_j (tanh(2 z_j), z_j, mixed layers) is
# not the book's: its gradient claims are unknown; a_j = tanh(z_j) still decides them
_CHAIN_OF = "Let $z_j = w_j a_{{j-1}} + b_j$ and $a_j = {act}$.\n\n"
_B1 = ("\\frac{\\partial C}{\\partial b_1} = {f}'(z_1) w_2 {f}'(z_2) \\frac{\\partial C}"
       "{\\partial a_2}")


@pytest.mark.parametrize("act, f, verdict", [
    ("\\tanh(2 z_j)", "\\tanh", None), ("z_j", "\\sigma", None),
    ("\\tanh(z_j)", "\\tanh", PROVED), ("\\tanh(z_j)", "\\sigma", REFUTED),
    ("\\sigma(z_j)", "\\sigma", PROVED),
])
def test_a_chain_of_another_activation_is_unread(act, f, verdict):
    claim = _B1.replace("{f}", f)
    got = _last(_CHAIN_OF.format(act=act) + f"${claim}$", claim)
    assert got == verdict if verdict else got not in (PROVED, REFUTED)


def test_a_wrong_product_in_a_tanh_chain_is_not_proved():
    claim = ("\\frac{\\partial C}{\\partial b_1} = \\tanh'(z_1) w_2 \\frac{\\partial C}"
             "{\\partial a_2}")
    assert _last(_CHAIN_OF.format(act="\\tanh(z_j)") + f"${claim}$", claim) != PROVED



# after "Let $a = 3$", "Take any $a \ge 1$" (let, fix, assume, ...) chooses a afresh: a later
# claim about a has two readings (unknown where it is decided with a = 3 alone); the claim
# right after, and a claim about another name, are still decided
@pytest.mark.parametrize("words, claim, verdict", [
    ("Take any $a \\ge 1$. Then $a^2 \\ge 1$. Hence", "a^2 \\ge 9", None),
    ("Take any $a \\ge 1$. Then", "a^2 \\ge 1", PROVED),
    ("Take any $a \\ge 1$. Then", "a^2 \\ge 9", REFUTED),
    ("Take any $b \\ge 1$. Then $b^2 \\ge 1$. Hence", "a^2 \\ge 9", PROVED),
    ("Take any $b \\ge 1$. Then $b^2 \\ge 1$. Hence", "a^2 \\ge 10", REFUTED),
    ("Let $a = 5$. Then $a \\ge 4$. Hence", "a^2 \\ge 16", PROVED),
    ("For all $a > 0$, $a^2 > 0$. Also", "a^2 = 9", PROVED),  # one sentence's quantifier
])
def test_a_name_chosen_afresh_has_two_readings_later(words, claim, verdict):
    got = _last(f"Let $a = 3$.\n\n{words} ${claim}$.", claim)
    assert got == verdict if verdict else got not in (PROVED, REFUTED)

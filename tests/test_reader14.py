"""Reader faults pinned by the soundness audit (tests/test_audit12.py), fixed at the root:
the right twins of its wrong verdicts decided, the wrong ones never proved."""

import pytest
import sympy as sp

from derive.check import check_text
from derive.check.run import check_equation
from derive.parse import NotUnderstood, parse
from derive.proof import PROVED, REFUTED, UNKNOWN


def _last(text: str, claim: str) -> str:
    got = [str(r.verdict) for r in check_text(text + "\n") if r.source == claim]
    assert got
    return got[-1]


# a condition written after a claim, on the sentence's variables, replaces the opening one
@pytest.mark.parametrize("text, claim, verdict", [
    ("For $x \\ge 0$ we have $x^3 \\ge 0$, and $x^4 \\ge 0$ for all $x \\ge -1$.",
     "x^4 \\ge 0", PROVED),
    ("For $x \\ge 0$ we have $x^3 \\ge 0$, and $x^5 \\le 0$ for all $x \\le 0$.",
     "x^5 \\le 0", PROVED),
    ("For $x \\ge 0$ we have $x^3 \\ge 0$, and $x^5 \\ge 0$ for all $x \\le 0$.",
     "x^5 \\ge 0", REFUTED),
    # "if" (not "for all"): the opening x >= 0 may still hold; the readings disagree
    ("For $x \\ge 0$ we have $x^3 \\ge 0$, and $x^3 \\ge 0$ if $x \\le 0$.",
     "x^3 \\ge 0", UNKNOWN),
    ("For $x \\ge 0$ we have $x^2 \\ge 0$, and $x^3 \\ge 0$ if $x \\le 2$.",
     "x^3 \\ge 0", UNKNOWN),  # true on [0, 2], the natural reading: never refuted
    ("For $x \\ge 0$ we have $x^2 \\ge 0$, and $x^3 \\le 8$ if $x \\le 2$.",
     "x^3 \\le 8", PROVED),  # both readings agree
    ("For $x \\ge 0$ we have $x^2 \\ge 0$, and $x^3 \\ge 1$ if $x \\le 2$.",
     "x^3 \\ge 1", REFUTED),  # false in both readings (x = 0)
])
def test_a_claims_own_condition_replaces_the_opening_one(text, claim, verdict):
    assert _last(text, claim) == verdict


# words choosing a value freely make the condition the next claim's premise: the notes-wide
# "Let $a = 3$" is shadowed there
@pytest.mark.parametrize("words", [
    "Take any $a \\ge 1$. Then", "Pick $a \\ge 1$. Then", "Fix $a \\ge 1$. Then",
    "Let $a \\ge 1$ be given. Then", "Now let $a \\ge 1$ be arbitrary. Then",
    "For arbitrary $a \\ge 1$,",
])
def test_a_value_chosen_freely_is_the_next_claims_premise(words):
    text = f"Let $a = 3$.\n\n{words} $a^2 \\ge 1$ and $a^2 \\ge 9$."
    assert _last(text, "a^2 \\ge 1") == PROVED
    assert _last(text, "a^2 \\ge 9") == REFUTED


# a premise on w_j bounds every numbered weight w_1, w_2 (its index given the number)
@pytest.mark.parametrize("src, verdict", [
    (r"|w_j| \le 1 \implies w_1 + w_2 \le 2", PROVED),
    (r"|w_j| \le 1 \implies w_1 + w_2 \le 1", REFUTED),  # w_1 = w_2 = 1
    (r"w_j \ge j \implies \prod_{j=1}^{3} w_j \ge 6", PROVED),
    (r"w_j \ge j \implies \prod_{j=1}^{3} w_j \ge 7", REFUTED),  # w_j = j
    (r"|w_j| \le 1 \implies |w_j| + w_1 \le 2", PROVED),  # w_j itself keeps its premise
    (r"|w_j| \le 1 \implies |w_j| + w_1 \le 1", REFUTED),
    (r"w_j \le w_{j+1} \implies w_1 w_2 \ge 0", UNKNOWN),  # another index of w
])
def test_a_premise_on_w_j_is_read_for_every_instance(src, verdict):
    assert check_equation(src).verdict == verdict


# an equation joined by "and" to a premise equation on its name stays part of the premise
@pytest.mark.parametrize("text, claim, verdict", [
    ("Suppose $z = x^2$ and $z = 1$. Then $|x| = 1$.", "|x| = 1", PROVED),
    ("If $z = x^2$ and $z = 1$, then $|x| = 2$.", "|x| = 2", REFUTED),  # x = 1
    ("Suppose $z = x^2$ and $z = 4$. Then $x^2 = 5$.", "x^2 = 5", REFUTED),
])
def test_a_second_premise_equation_stays_in_the_premise(text, claim, verdict):
    assert _last(text, claim) == verdict


# a name given two values on one line: its claims are not judged; one value decides them
@pytest.mark.parametrize("text, claim, verdict", [
    ("With $w = 100$, $z = 0$ and $w = 50$, $w + z = 50$.", "w + z = 50", UNKNOWN),
    ("With $w = 100$ and $w = 50$, $w + 1 = 51$.", "w + 1 = 51", UNKNOWN),
    ("With $w = 50$, $z = 0$, $w + z = 50$.", "w + z = 50", PROVED),
    ("With $w = 50$, $z = 0$, $w + z = 49$.", "w + z = 49", REFUTED),
])
def test_a_name_given_two_values_on_a_line(text, claim, verdict):
    assert _last(text, claim) == verdict


# an explicit space after a function's bare argument ends it; without one it stays refused
def test_an_explicit_space_ends_a_bare_argument():
    x = sp.Symbol("x", real=True)
    for space in (r"\,", r"\;", r"\:", r"\quad"):
        got = parse(rf"\cos^2 x {space} (\pi^2 - 4x^2)^2 \ge 0").relations[0].lhs
        assert sp.simplify(got - sp.cos(x) ** 2 * (sp.pi ** 2 - 4 * x ** 2) ** 2) == 0
    with pytest.raises(NotUnderstood, match="without parentheses"):
        parse(r"\ln x \sqrt{x} \le x")
    assert parse(r"\int_0^1 \sin x \, dx \ge 0").relations[0].lhs.has(sp.Integral)


@pytest.mark.parametrize("src, verdict", [
    (r"\sin x \, (1 + x^2) = (1 + x^2) \sin x", PROVED),
    (r"\sin x \, (1 + x^2) = (2 + x^2) \sin x", REFUTED),
    # bare bars inside an explicit \left| ... \right| pair are paired among themselves
    (r"\left| x - 0.5|x| \right| \le \frac{3}{2} |x|", PROVED),
    (r"\left| x - 0.5|x| \right| \le |x|", REFUTED),  # x = -1
])
def test_spaced_arguments_and_bars_inside_left_right(src, verdict):
    assert check_equation(src).verdict == verdict

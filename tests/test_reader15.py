r"""derive check on notes it has never seen (helper reader15): two sets of notes written as
different students write them (``tests/data/notes13/``: a Markdown revision sheet with ``\(
\)`` / ``\[ \]`` delimiters and bullet lists of claims, "Claim:", "Exercise: ...? Answer:"; a
LaTeX handout with ``lemma``/``theorem``/``claim`` environments, ``\dfrac``, ``\tfrac``,
``\left( \right)``, ``\operatorname{softplus}``, ``\mathrm{ReLU}``, ``\label``/``\eqref``), the
truth of each statement in ``truth.txt``; and the reading rules they and the known gaps
needed. Every rule is shown with a wrong value refuted (or left unknown)."""

import pytest

from derive.check import check_text
from derive.check.extract import extract
from derive.proof import PROVED, REFUTED, UNKNOWN
from tests.reading import last, verdicts


# ------------------------------------------------------------------- empty delimiters

def test_empty_math_is_no_span_and_does_not_crash():
    text = "I write \\( \\) and \\[ \\] for math. So $x^2 \\ge 0$ and $2^{-3} > 0.2$.\n"
    assert [s.source for s in extract(text)] == ["x^2 \\ge 0", "2^{-3} > 0.2"]
    assert verdicts(text) == [("x^2 \\ge 0", PROVED), ("2^{-3} > 0.2", REFUTED)]


def test_empty_math_leaves_the_prose_of_the_span_before():
    spans = extract("$x^2 \\ge 0$ for all $x$ and $ $ then.\n")
    assert spans[0].after == " for all "


# --------------------------------------------------------------------------- questions

@pytest.mark.parametrize("text, claim", [
    ("Exercise: can $|w\\sigma'(z)| \\ge 1$ when $|w| < 4$? Answer: no.", "|w\\sigma'(z)| \\ge 1"),
    ("Is $x^2 \\ge 1$?", "x^2 \\ge 1"),
    ("Is $x^2 \\ge 0$ for all $x$?", "x^2 \\ge 0"),
])
def test_a_question_is_not_a_claim(text, claim):
    assert last(text, claim) == UNKNOWN


@pytest.mark.parametrize("text, claim, verdict", [
    ("Can it exceed one? Answer: no, $|w| < 4 \\implies |w \\sigma'(z)| < 1$.",
     "|w| < 4 \\implies |w \\sigma'(z)| < 1", PROVED),
    ("Can it exceed one? Answer: yes, $|w| < 4 \\implies |w \\sigma'(z)| < \\frac12$.",
     "|w| < 4 \\implies |w \\sigma'(z)| < \\frac12", REFUTED),
    ("Is it? Yes: $x^2 \\ge 0$.", "x^2 \\ge 0", PROVED),
    ("We have $x^2 \\ge 1$ for all $x$, e.g. $9 \\ge 1$. Is that all?", "x^2 \\ge 1",
     REFUTED),
])
def test_the_answer_after_a_question_is_judged(text, claim, verdict):
    assert last(text, claim) == verdict

"""Helper reader12's fixes of the reader faults pinned by tests/test_audit11.py: the wrong
twins (a false value never proved) and the readings next to them that must stay as they are."""

import pytest

from derive.check import check_text
from derive.proof import PROVED, REFUTED, UNKNOWN


def _verdicts(text: str) -> list[tuple[str, str]]:
    return [(r.source, str(r.verdict)) for r in check_text(text + "\n")]


def _last(text: str, claim: str) -> str:
    got = [v for s, v in _verdicts(text) if s == claim]
    assert got, _verdicts(text)
    return got[-1]


# a notes-wide number is shadowed by a premise on its name, for that claim only
@pytest.mark.parametrize("later, claim, verdict", [
    ("For all $a > 0$, $a^2 > 0$.", "a^2 > 0", PROVED),
    ("For all $a > 0$, $a^2 \\ge 1$.", "a^2 \\ge 1", REFUTED),  # a = 1/2
    ("For all $a > 0$, $a^2 > 0$. Also $a^2 = 9$.", "a^2 = 9", PROVED),  # a = 3 again
    ("Let $a$ be any real number. Then $a^2 = 9$.", "a^2 = 9", (UNKNOWN, REFUTED)),
])
def test_a_premise_shadows_a_notes_wide_number(later, claim, verdict):
    got = _last(f"Let $a = 3$. Then $a^2 = 9$.\n\n{later}", claim)
    assert got in (verdict if isinstance(verdict, tuple) else (verdict,))


def test_a_premise_on_a_defined_expression_keeps_its_definition():
    text = "Let $a = x^2$. If $a > 0$ then $a \\ge 0$."  # a condition on x, not a anew
    assert _last(text, "a \\ge 0") == PROVED


# \forall j, |w_j| <= 1: every weight bounded
@pytest.mark.parametrize("src, verdict", [
    (r"\forall j,\ |w_j| \le 1: \quad |w_1 w_2| \le 1", PROVED),
    (r"\forall j,\ |w_j| \le 1: \quad |w_1 w_2| \le \frac12", REFUTED),  # w = 1
    (r"\forall j,\ |w_j| \le 1: \quad |w_j w_{j+1}| \le \frac{99}{100}", REFUTED),
    (r"\forall j,\ |w_j| \le 1: \quad \sum_{j=1}^{3} w_j^2 \le 2", UNKNOWN),
    (r"\forall j,\ |w_j z_j| \le 1: \quad |w_1 z_1| \le 1", UNKNOWN),
])
def test_forall_j_bounds_every_instance(src, verdict):
    assert [v for _, v in _verdicts(f"\\[ {src} \\]")] == [verdict]

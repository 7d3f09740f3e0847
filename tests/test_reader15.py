r"""derive check on notes it has never seen (helper reader15): two sets of notes written as
different students write them (``tests/data/notes13/``: a Markdown revision sheet with ``\(
\)`` / ``\[ \]`` delimiters and bullet lists of claims, "Claim:", "Exercise: ...? Answer:"; a
LaTeX handout with ``lemma``/``theorem``/``claim`` environments, ``\dfrac``, ``\tfrac``,
``\left( \right)``, ``\operatorname{softplus}``, ``\mathrm{ReLU}``, ``\label``/``\eqref``), the
truth of each statement in ``truth.txt``; and the reading rules they and the known gaps
needed. Every rule is shown with a wrong value refuted (or left unknown)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from derive.check import check_text
from derive.check.extract import extract
from derive.proof import PROVED, REFUTED, UNKNOWN
from tests.reading import last, verdicts

NOTES = Path(__file__).parent / "data" / "notes13"


# ------------------------------------------------------------------------- the notes

def test_the_notes_refute_no_true_statement_and_prove_no_false_one():
    """Through the command, with 4 s (CPU) an equation: a smaller budget can leave more
    unknown, never refute a true statement or prove a false one; every statement of the
    truth file is read, and a question, a condition or a definition is never decided."""
    truth = {}
    for line in (NOTES / "truth.txt").read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            name, place, t, source = line.split("\t")
            truth[(name, place, source)] = t
    env = {**os.environ, "DERIVE_EQUATION_SECONDS": "4", "DERIVE_CLOCK": "cpu"}
    out = subprocess.run([sys.executable, "-m", "derive.cli", "check", "--format", "json",
                          str(NOTES / "ch5-revision.md"), str(NOTES / "dl-handout.tex")],
                         capture_output=True, text=True, env=env, timeout=900)
    seen, wrong = set(), []
    for r in json.loads(out.stdout)["results"]:
        key = (Path(r["file"]).name, str(r["line"]), r["source"])
        seen.add(key)
        t = truth.get(key)
        if (t == "T" and r["verdict"] == "refuted") or (t == "F" and r["verdict"] == "proved") or (
                t == "-" and r["verdict"] in ("proved", "refuted")):
            wrong.append((key, r["verdict"], r["reason"]))
    assert not wrong, wrong
    claims = {k for k, t in truth.items() if t in "TF"}
    assert claims <= seen, sorted(claims - seen)
    assert sum(t == "F" for t in truth.values()) >= 15  # (about 1 in 4 of the claims is false)

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
    ("We have $x^2 \\ge 0$ (why?).", "x^2 \\ge 0", PROVED),  # an aside, the claim said
    ("We have $2^{-3} > 0.2$ (why?).", "2^{-3} > 0.2", REFUTED),
    ("We have $x^2 \\ge 1$ for all $x$, e.g. $9 \\ge 1$. Is that all?", "x^2 \\ge 1",
     REFUTED),
])
def test_the_answer_after_a_question_is_judged(text, claim, verdict):
    assert last(text, claim) == verdict


# ------------------------------------- a premise sentence, then "Then" in a new paragraph

@pytest.mark.parametrize("text, claim, verdict", [
    ("Fix $t \\ge 0$.\n\nThen $e^t \\ge 1 + t + \\tfrac{t^2}{2}$.",
     "e^t \\ge 1 + t + \\tfrac{t^2}{2}", PROVED),
    ("Fix $t \\ge 0$.\n\nThen $e^t \\ge 1 + t + t^2$.", "e^t \\ge 1 + t + t^2", REFUTED),
    ("- Take any $a \\ge 1$.\n\n  Then $a^2 \\ge a$.", "a^2 \\ge a", PROVED),
    ("- Take any $a \\ge 1$.\n\n  Then $a^2 \\ge 2a$.", "a^2 \\ge 2a", REFUTED),  # a = 1
    ("Assume $x > 0$.\n\nWe have $x^3 > 0$.", "x^3 > 0", PROVED),
])
def test_a_premise_alone_holds_for_a_paragraph_opening_with_then(text, claim, verdict):
    assert last(text, claim) == verdict


def test_the_premise_sentence_is_a_condition_and_reaches_no_other_paragraph():
    got = verdicts("Fix $t \\ge 0$.\n\nThen $t^3 \\ge 0$.\n\nLater, $t^5 \\ge 0$ for all $t$.")
    assert got == [("t \\ge 0", "condition"), ("t^3 \\ge 0", PROVED), ("t^5 \\ge 0", REFUTED),
                   ("t", "condition")]


# ----------------------------------------------------- two "with" values on one line

@pytest.mark.parametrize("claim, verdict", [
    ("w \\sigma'(b) = \\frac12", PROVED), ("w \\sigma'(b) = \\frac14", REFUTED)])
def test_two_with_values_on_one_line(claim, verdict):
    assert last(f"With $w = 2$ and $b = 0$, we get ${claim}$.", claim) == verdict


# ------------------------------------------------------------ a strict bound on \max

@pytest.mark.parametrize("claim, verdict", [
    ("\\max_z \\sigma'(z) < 0.3", PROVED),
    ("\\max_z \\sigma'(z) < 0.25", REFUTED),  # attained: 1/4
    ("\\max_z \\sigma'(z) < 0.2", REFUTED),
    ("\\min_{x > 0} \\left(x + \\frac{1}{x}\\right) > 1.9", PROVED),
    ("\\min_{x > 0} \\left(x + \\frac{1}{x}\\right) > 2", REFUTED),
    ("\\max_{x \\in [0, 1]} x(1 - x) < \\frac13", PROVED),
    ("\\max_{x \\in [0, 1]} x(1 - x) < \\frac14", REFUTED),
    ("\\max_z \\sigma(z) < 1", UNKNOWN),  # no maximum: the supremum 1 is not attained
])
def test_a_strict_bound_on_an_extremum(claim, verdict):
    assert last(f"${claim}$", claim) == verdict


# -------------------------------------------------------------------------- \lim

def test_a_limit_is_refused_by_name():
    r = check_text("$\\lim_{z \\to \\infty} \\sigma(z) = 1$\n")[0]
    assert r.verdict == UNKNOWN and r.reason == "not understood: unexpected LaTeX command 'lim'"


# ------------------------------------------------------------------- an index range

@pytest.mark.parametrize("text", [
    "Layers $j = 1, \\dots, 4$.", "Four layers, $j = 1, \\ldots, L$, and no claim."])
def test_an_index_range_alone_is_no_claim(text):
    assert [v for _, v in verdicts(text)] == ["expression"]


def test_a_claim_beside_an_index_range_is_still_judged():
    text = "For layers $j = 1, \\dots, 4$ we have $|w_j \\sigma'(z_j)| \\le \\frac18$."
    assert last(text, "|w_j \\sigma'(z_j)| \\le \\frac18") == UNKNOWN  # ("for": not read)
    text = text.replace("\\frac18", "\\frac14 |w_j|")
    assert last(text, "|w_j \\sigma'(z_j)| \\le \\frac14 |w_j|") == PROVED


# ------------------------------------------------------------------------ fails at

@pytest.mark.parametrize("text, claim, verdict", [
    ("The strict bound $\\sigma'(z) < \\tfrac14$ fails at $z = 0$.", "\\sigma'(z) < \\tfrac14",
     REFUTED),
    ("Note that $\\tanh x \\le x$ is false for $x = -1$.", "\\tanh x \\le x", REFUTED),
    # the words are false: the claim holds at the point named; the point's row says so
    ("The bound $x^2 > 0$ fails at $x = 1$.", "x = 1", REFUTED),
    ("Note that $\\tanh x \\le x$ is false for $x = 1$.", "x = 1", REFUTED),
])
def test_a_claim_said_to_fail_at_a_point(text, claim, verdict):
    assert last(text, claim) == verdict


def test_the_point_where_a_claim_fails_is_its_condition():
    got = verdicts("The bound $x^2 \\ge 1$ fails at $x = 0$.")
    assert got == [("x^2 \\ge 1", REFUTED), ("x = 0", "condition")]


# ------------------------------------------------------- premises that are equations

@pytest.mark.parametrize("claim, verdict", [
    ("|x| = x \\implies x \\ge 0", PROVED),
    ("|x| = x \\implies x \\ge 1", UNKNOWN),  # (never proved; refuted only at points
    ("|x| = -x \\implies x \\le 0", PROVED),  # where the equations hold exactly, found by
    ("|x| = -x \\implies x \\le -1", UNKNOWN),  # solving them: test_given keeps the rest
    ("\\max(0, z) = z \\implies z \\ge 0", PROVED),  # unknown)
    ("\\max(0, z) = 0 \\implies z > 0", UNKNOWN),
    ("x^2 = 4 \\implies |x| \\le 2", PROVED),
    ("x^2 = 4 \\implies x \\le 1", REFUTED),
])
def test_a_premise_equation_read_as_two_inequalities(claim, verdict):
    assert last(f"${claim}$", claim) == verdict


# --------------------------------------------- a claim about a defined name, stated as one

_P1 = "Let $p_1 = \\dfrac{e^{z_1}}{e^{z_1} + e^{z_2}}$.\n\n"


@pytest.mark.parametrize("text, claim, verdict", [
    (_P1 + "Claim: $p_1 = \\sigma(z_1 - z_2)$.", "p_1 = \\sigma(z_1 - z_2)", PROVED),
    (_P1 + "Claim: $p_1 = \\sigma(z_2 - z_1)$.", "p_1 = \\sigma(z_2 - z_1)", REFUTED),
    (_P1 + "\\begin{claim}\nIt is a sigmoid: $p_1 = \\sigma(z_1 - z_2)$.\n\\end{claim}",
     "p_1 = \\sigma(z_1 - z_2)", PROVED),
    (_P1 + "\\begin{lemma}\n$p_1 = \\sigma(z_2 - z_1)$.\n\\end{lemma}",
     "p_1 = \\sigma(z_2 - z_1)", REFUTED),
    (_P1 + "Now $p_1 = \\sigma(z_2 - z_1)$.", "p_1 = \\sigma(z_2 - z_1)", UNKNOWN),  # anew?
])
def test_a_claim_about_a_defined_name_stated_as_a_claim(text, claim, verdict):
    assert last(text, claim) == verdict


# ----------------------------------- a premise that never holds: vacuous, never refuted

@pytest.mark.parametrize("claim, verdict", [
    ("\\sigma'(z) \\ge 1 \\implies 3 = 4", UNKNOWN),  # sigma' <= 1/4: no point, vacuous
    ("\\sigma'(z) \\ge 1 \\implies 1 > 2", UNKNOWN),
    ("x^2 + y^2 \\le 0 \\land x \\ge 1 \\implies 3 = 4", UNKNOWN),
    ("x \\ge 1 \\implies 3 = 4", REFUTED),  # the premise holds at x = 1
    ("\\sigma'(z) \\ge \\frac15 \\implies 1 > 2", REFUTED),  # and this one at z = 0
])
def test_a_false_constant_conclusion_needs_a_point_of_the_premise(claim, verdict):
    assert last(f"${claim}$", claim) == verdict


# ------------------------------------------------------ cases and matrices: refused by name

@pytest.mark.parametrize("body", [
    "\\sigma(z) = \\begin{cases} 0 & z < -100 \\\\ 1 & z = 0 \\\\ 1 & z > 100 \\end{cases}",
    "\\sigma'(z) = \\begin{cases} \\tfrac14 & z = 0 \\\\ \\sigma(z)(1 - \\sigma(z)) & "
    "\\text{otherwise} \\end{cases}",
    "\\begin{pmatrix} 1 & 0 \\\\ 0 & 1 \\end{pmatrix} = I",
])
def test_no_row_of_a_case_or_a_matrix_is_read_as_a_claim(body):
    got = check_text(f"\\begin{{equation}}\n{body}\n\\end{{equation}}\n")
    assert got and all(r.verdict == UNKNOWN and "environment" in r.reason for r in got)


def test_a_single_line_of_cases_is_refused_by_name():
    r = check_text("$|x| = \\begin{cases} x & x \\ge 0 \\end{cases}$\n")[0]
    assert r.verdict == UNKNOWN and "cases environment" in r.reason


# ----------------------------------------- "since $P$, each term $Q$": a subject alone

@pytest.mark.parametrize("text, claim, verdict", [
    ("Since $|w_j| < 1$, each term $|w_j \\sigma'(z_j)| < \\frac14$.",
     "|w_j \\sigma'(z_j)| < \\frac14", PROVED),
    ("Since $|w_j| < 1$, each term $|w_j \\sigma'(z_j)| < \\frac15$.",
     "|w_j \\sigma'(z_j)| < \\frac15", REFUTED),
    ("If $|w_j| \\le 2$, every factor $|w_j \\sigma'(z_j)| \\le \\frac12$.",
     "|w_j \\sigma'(z_j)| \\le \\frac12", PROVED),
    ("If $|w_j| \\le 2$, every factor $|w_j \\sigma'(z_j)| \\le \\frac13$.",
     "|w_j \\sigma'(z_j)| \\le \\frac13", REFUTED),
])
def test_a_premise_then_a_subject_in_words(text, claim, verdict):
    assert last(text, claim) == verdict


# ---------------------------------------------- "if $P$ then $Q$, otherwise $R$": R if not P

@pytest.mark.parametrize("text, claim, verdict", [
    ("If $x \\ge 0$ then $\\mathrm{ReLU}(x) = x$, otherwise $\\mathrm{ReLU}(x) = 0$.",
     "\\mathrm{ReLU}(x) = 0", PROVED),
    ("If $x \\ge 0$ then $\\mathrm{ReLU}(x) = x$, otherwise $\\mathrm{ReLU}(x) = -x$.",
     "\\mathrm{ReLU}(x) = -x", REFUTED),
    # a value fixed by the condition: the other case is where it is not (these two were
    # refuted at z = 0, and the first claim at z = 1: "otherwise" after the full stop
    # expired the value for the claim before it)
    ("When $z = 0$, $\\sigma'(z) = \\frac14$. Otherwise $\\sigma'(z) < \\frac14$.",
     "\\sigma'(z) = \\frac14", PROVED),
    ("When $z = 0$, $\\sigma'(z) = \\frac14$. Otherwise $\\sigma'(z) < \\frac14$.",
     "\\sigma'(z) < \\frac14", PROVED),
    ("When $z = 0$, $\\sigma'(z) = \\frac14$. Otherwise $\\sigma'(z) < \\frac15$.",
     "\\sigma'(z) < \\frac15", REFUTED),
    ("If $z = 0$ then $\\sigma'(z) = \\frac14$,\notherwise $\\sigma'(z) < \\frac14$.",
     "\\sigma'(z) < \\frac14", PROVED),
    ("At $z = 0$ we have $\\sigma'(z) = \\frac14$, and elsewhere $\\sigma'(z) < \\frac14$.",
     "\\sigma'(z) < \\frac14", PROVED),
    ("At $z = 0$ we have $\\sigma'(z) = \\frac14$, and elsewhere $\\sigma'(z) > \\frac14$.",
     "\\sigma'(z) > \\frac14", REFUTED),
])
def test_otherwise_is_the_negated_condition(text, claim, verdict):
    assert last(text, claim) == verdict


# ---------------------------------------- values fixed in a chain: "if $w_1 = w_2 = 8$"

@pytest.mark.parametrize("words", ["Suppose", "If"])
@pytest.mark.parametrize("value, verdict", [("4", PROVED), ("5", REFUTED)])
def test_values_fixed_in_a_chain_among_the_conditions(words, value, verdict):
    claim = f"w_1 \\sigma'(z_1) w_2 \\sigma'(z_2) = {value}"
    text = (f"{words} $w_1 = w_2 = 8$ and $z_1 = z_2 = 0$"
            f"{'. Then' if words == 'Suppose' else ', then'} ${claim}$.")
    got = verdicts(text)
    assert got[:2] == [("w_1 = w_2 = 8", "definition"), ("z_1 = z_2 = 0", "definition")]
    assert last(text, claim) == verdict


# ----------------------- a value chosen alone ("Fix $a \ge 1$."): later claims, two readings

@pytest.mark.parametrize("text, claim, verdict", [
    ("Take any $a \\ge 1$.\n\nClearly $a^2 \\ge a$.", "a^2 \\ge a", UNKNOWN),  # was refuted
    ("Take any $a \\ge 1$.\n\nClearly $a^2 \\ge 2a$.", "a^2 \\ge 2a", REFUTED),  # a = 1 too
    ("Fix $t \\ge 0$.\n\nSo far so good.\n\n$$e^t \\ge 1 + t$$", "e^t \\ge 1 + t", PROVED),
    ("Fix $t \\ge 0$.\n\nSo far so good.\n\n$$t^3 \\ge 0$$", "t^3 \\ge 0", UNKNOWN),
    ("Fix $t \\ge 0$.\n\nSo far so good.\n\nClearly $t^3 \\ge t$.", "t^3 \\ge t", REFUTED),
])
def test_a_value_chosen_alone_is_a_reading_of_later_claims(text, claim, verdict):
    assert last(text, claim) == verdict

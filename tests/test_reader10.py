r"""derive check on notes it has never seen (helper reader10): three sets of notes written as
different students write them (``tests/data/notes10/``: terse Markdown on chapter 5, a LaTeX
article, a Jupyter notebook of deep-learning derivations) with the truth of each statement in
``truth.txt``; and the reading rules they needed: "take ... so that $z_j = 0$; then" followed
by a display, "with $q = z/2$ and $q \in I$," then a display, "if P then Q, so R", "Since P
and Q, R", the letter ``e`` used as a variable, "define $s(u) = ...$", "which gives $p =
...$" after a definition of ``p``, and the run cache keyed with the definition words."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from derive.check import check_text
from derive.check.cache import Cache
from derive.proof import PROVED, REFUTED, UNKNOWN

NOTES = Path(__file__).parent / "data" / "notes10"


def _verdicts(text: str, cache: Cache | None = None) -> dict[str, str]:
    return {r.source: r.verdict for r in check_text(text, cache=cache)}


# ------------------------------------------------- definitions carried to the sentence's claim

@pytest.mark.parametrize("text, claim, verdict", [
    # the display after "; then" sees the line's "take" definitions (was refuted at w_j = 0)
    ("take $w_j = 100$ and choose $b_j$ so that $z_j = 0$; then\n$$w_j \\sigma'(z_j) = 25$$",
     "w_j \\sigma'(z_j) = 25", PROVED),
    ("take $w_j = 100$ and choose $b_j$ so that $z_j = 0$; then\n$$w_j \\sigma'(z_j) = 24$$",
     "w_j \\sigma'(z_j) = 24", REFUTED),
    ("Put $w = 8$ and $z = 0$. Then\n$$w \\sigma'(z) = 2$$", "w \\sigma'(z) = 2", PROVED),
    ("Put $w = 8$ and $z = 0$. Then\n$$w \\sigma'(z) = 3$$", "w \\sigma'(z) = 3", REFUTED),
    # a blank line or a full stop alone ends the sentence: the definitions are gone
    ("Put $w = 8$ and $z = 0$.\n\n$$w \\sigma'(z) = 2$$", "w \\sigma'(z) = 2", REFUTED),
])
def test_take_then_display(text, claim, verdict):
    assert _verdicts(text)[claim] == verdict


def test_choose_so_that_defines_for_the_line():
    v = _verdicts("with $w_j = 100$, choose $b_j$ so that $z_j = 0$: "
                  "$\\frac{\\partial C}{\\partial b_1} = 25^3 \\cdot \\frac14 "
                  "\\frac{\\partial C}{\\partial a_4}$")
    assert v["z_j = 0"] == "definition"
    assert v["\\frac{\\partial C}{\\partial b_1} = 25^3 \\cdot \\frac14 "
             "\\frac{\\partial C}{\\partial a_4}"] == PROVED


@pytest.mark.parametrize("bound, verdict", [("3", PROVED), ("4", REFUTED)])
def test_definition_then_condition_before_a_display(bound, verdict):
    text = ("With $q = z/2$ and $q \\in [0, \\tfrac12]$,\n"
            f"\\[ q - \\tanh q \\le \\frac{{q^3}}{{{bound}}}. \\]")
    v = _verdicts(text)
    assert v["q \\in [0, \\tfrac12]"] == "condition"
    assert v[f"q - \\tanh q \\le \\frac{{q^3}}{{{bound}}}."] == verdict


def test_fixed_chain_parameters_decide_the_gradient_at_their_values():
    """w_1 ... w_4 fixed one by one, z_j = 0: the gradient relation is decided at those values
    (reader11; it was unknown before): the true value proved, a wrong one refuted."""
    for value, verdict in (("\\frac{25^3}{4}", PROVED), ("25^4", REFUTED)):
        text = ("Put $w_1 = w_2 = w_3 = w_4 = 100$ and choose the biases so that $z_j = 0$. "
                "Then\n\\begin{equation}\n\\frac{\\partial C}{\\partial b_1} = "
                f"{value}\\,\\frac{{\\partial C}}{{\\partial a_4}}\n\\end{{equation}}")
        got = [r.verdict for r in check_text(text) if "partial" in r.source]
        assert got == [verdict], (value, got)


def test_cache_keeps_definition_words_apart():
    r"""The same ``$z_j = 0$`` is a condition on one line and a definition after "with" on
    another: a cached "not understood" must not hide the definition (the claim after it was
    left unknown)."""
    text = ("take $w_j = 100$ and note that $z_j = 0$ here\n\n"
            "with $w_j = 100$ and $z_j = 0$, $w_j \\sigma'(z_j) = 25$\n\n"
            "with $w_j = 100$ and $z_j = 0$, $w_j \\sigma'(z_j) = 26$\n")
    for cache in (None, Cache()):
        v = _verdicts(text, cache)
        assert v["w_j \\sigma'(z_j) = 25"] == PROVED
        assert v["w_j \\sigma'(z_j) = 26"] == REFUTED


# ---------------------------------------------------------------- premises in words

@pytest.mark.parametrize("text, claim, verdict", [
    ("If $x > 1$ then $x^2 > 1$, so $x^3 > 1$.", "x^3 > 1", PROVED),
    ("If $x > 1$ then $x^2 > 1$, so $x^3 > 2$.", "x^3 > 2", REFUTED),
    ("if $|w| < 1$ then $|w \\sigma'(z)| < \\frac14$, hence $|w \\sigma'(z)|^2 < \\frac{1}{16}$",
     "|w \\sigma'(z)|^2 < \\frac{1}{16}", PROVED),
    ("Since $a \\ge 0$ and $b \\ge 0$, $\\sqrt{a + b} \\le \\sqrt{a} + \\sqrt{b}$.",
     "\\sqrt{a + b} \\le \\sqrt{a} + \\sqrt{b}", PROVED),
    ("Since $a > 0$ and $b > 0$, $\\sqrt{a + b} \\ge \\sqrt{a} + \\sqrt{b}$.",
     "\\sqrt{a + b} \\ge \\sqrt{a} + \\sqrt{b}", REFUTED),
    ("Because $x \\ge 1$, $\\ln x \\ge 0$.", "\\ln x \\ge 0", PROVED),
    ("Because $x \\ge 1$, $\\ln x \\ge 1$.", "\\ln x \\ge 1", REFUTED),
])
def test_premise_words(text, claim, verdict):
    assert _verdicts(text)[claim] == verdict


def test_since_conditions_are_premises():
    v = _verdicts("Since $x > 1$, $x^2 > 1$.")
    assert v["x > 1"] == "condition" and v["x^2 > 1"] == PROVED


# ------------------------------------------------------------------ the letter e

def test_e_as_a_variable_is_not_understood():
    r"""After "for $B - n = e \ge 0$" the letter e is a variable: ``e \le e^2`` (false for e
    in (0, 1)) was proved as a statement about Euler's number; now every statement with the
    letter e from there on is "not understood"; ``\mathrm{e}`` and ``\exp`` still read."""
    text = ("$e > 2$ and $e^{-z} > 0$\n\n"
            "for $B - n = e \\ge 0$ we get $e^2 + 2e \\ge 0$.\n\n"
            "also $e \\le e^2$, $\\mathrm{e}^x \\ge 1 + x$ and $\\exp(1) < 2$\n")
    results = check_text(text)
    v = {r.source: r for r in results}
    assert v["e > 2"].verdict == PROVED and v["e^{-z} > 0"].verdict == PROVED
    for claim in ("B - n = e \\ge 0", "e^2 + 2e \\ge 0", "e \\le e^2"):
        assert v[claim].verdict == UNKNOWN
        assert v[claim].reason.startswith("not understood: $e$")
    assert v["\\mathrm{e}^x \\ge 1 + x"].verdict == PROVED
    assert v["\\exp(1) < 2"].verdict == REFUTED


@pytest.mark.parametrize("text", [
    "Let $e = y - a$. Then $e^2 \\ge 0$.",
    "where $e \\ne 0$ we have $e^2 > 0$",
])
def test_e_declared_in_other_ways(text):
    assert all(r.verdict in (UNKNOWN, "condition") for r in check_text(text))


@pytest.mark.parametrize("text, verdict", [
    ("$\\ln x = 1 \\implies x = e$", PROVED),  # Euler's number: no variable e in sight
    ("$\\ln x = 1 \\implies x = 2e$", REFUTED),
    ("$e \\approx 2.718$", PROVED),
    ("$e \\approx 2.719$", REFUTED),
])
def test_e_is_eulers_number_otherwise(text, verdict):
    assert [r.verdict for r in check_text(text)] == [verdict]


# ------------------------------------------------------- names defined, then claims about them

@pytest.mark.parametrize("claim, verdict", [
    ("s(u) = \\sigma(u)", PROVED), ("s'(u) = s(u)(1 - s(u))", PROVED),
    ("s(u) = \\sigma(2u)", REFUTED), ("s'(u) = s(u)^2", REFUTED),
])
def test_letter_defined_as_a_function(claim, verdict):
    v = _verdicts(f"Define $s(u) = \\frac{{e^{{u}}}}{{e^{{u}} + 1}}$. Then ${claim}$.")
    assert v["s(u) = \\frac{e^{u}}{e^{u} + 1}"] == "definition"
    assert v[claim] == verdict


def test_without_the_words_a_letter_is_no_function():
    assert _verdicts("$s(u) = su$")["s(u) = su"] == PROVED  # s times u, as before


@pytest.mark.parametrize("rhs, verdicts", [
    ("\\sigma(z_1 - z_2)", {PROVED}), ("\\sigma(z_1 + z_2)", {UNKNOWN, REFUTED}),
])
def test_which_gives_a_claim_about_a_defined_name(rhs, verdicts):
    text = ("For two classes the softmax is $p = \\frac{e^{z_1}}{e^{z_1} + e^{z_2}}$, which "
            f"gives $p = {rhs}$.")
    assert _verdicts(text)[f"p = {rhs}"] in verdicts


# ------------------------------------------------------------------ the three notes files

def _truth() -> dict[tuple[str, str, str], bool | None]:
    out = {}
    for row in (NOTES / "truth.txt").read_text(encoding="utf-8").splitlines():
        if row and not row.startswith("#"):
            name, place, mark, source = row.split("\t", 3)
            out[(name, place, source)] = {"T": True, "F": False, "-": None}[mark]
    return out


def test_notes_no_true_statement_refuted_no_false_one_proved():
    """Every statement of the three notes files: a true one never refuted, a false one never
    proved, a statement that is not a claim never decided; each one is read (none missing).
    Small budgets (a budget only turns a verdict into unknown, so soundness does not depend
    on it)."""
    files = sorted(str(p) for p in NOTES.iterdir() if p.suffix in (".md", ".tex", ".ipynb"))
    env = dict(os.environ, DERIVE_EQUATION_SECONDS="3")
    run = subprocess.run([sys.executable, "-m", "derive.cli", "check", *files, "--format",
                          "json"], capture_output=True, text=True, env=env, timeout=900)
    results = json.loads(run.stdout)["results"]
    truth = _truth()
    seen, wrong = set(), []
    for r in results:
        place = f"{r['cell']}:{r['line']}" if "cell" in r else str(r["line"])
        key = (Path(r["file"]).name, place, r["source"])
        if key not in truth:
            if r["verdict"] in (PROVED, REFUTED):
                wrong.append((key, r["verdict"], "not in the truth file"))
            continue
        seen.add(key)
        want = truth[key]
        bad = {True: (REFUTED,), False: (PROVED,), None: (PROVED, REFUTED)}[want]
        if r["verdict"] in bad:
            wrong.append((key, r["verdict"], r["reason"]))
    assert not wrong
    assert set(truth) - seen == set()
    assert sum(t is not None for t in truth.values()) >= 120  # ~40 statements a file


# ------------------------------------------------------------------ align rows

@pytest.mark.parametrize("row, verdict", [
    ("\\left(\\tfrac12\\right)^2 &= \\tfrac14", PROVED),
    ("\\left(\\tfrac12\\right)^3 &= \\tfrac16", REFUTED),
    ("\\left|-\\tfrac12\\right| &\\leq \\tfrac12", PROVED),
])
def test_align_row_starting_with_left_is_its_own_statement(row, verdict):
    r"""A row starting with ``\left(`` has its own left side (``\left`` begins with ``\le``:
    the row was read as the step from the row before, ``x \cdot x \left(\tfrac12\right)^2 =
    \tfrac14``, and a true row refuted)."""
    text = f"\\begin{{align*}}\nx^2 &= x \\cdot x \\\\\n{row}\n\\end{{align*}}\n"
    results = check_text(text)
    assert [(r.source, r.verdict) for r in results][1:] == [(row, verdict)]


@pytest.mark.parametrize("claim, verdict", [
    ("\\ell'(z) = \\sigma(z) - 1", PROVED), ("\\ell'(z) = 1 - \\sigma(z)", REFUTED),
])
def test_ell_names_a_loss_function(claim, verdict):
    r"""``\ell`` before a parenthesis is a function (a loss), as ``\phi``: defined by
    ``\ell(z) = ...``, then its derivative is read (was "not understood: \ell")."""
    v = _verdicts(f"The loss $\\ell(z) = -\\ln\\sigma(z)$ has ${claim}$.")
    assert v["\\ell(z) = -\\ln\\sigma(z)"] == "definition" and v[claim] == verdict


@pytest.mark.parametrize("claim, verdict", [
    ("\\sigma(z) = \\frac{1}{1 + t}", PROVED), ("\\sigma'(z) = \\frac{t}{(1+t)^2}", PROVED),
    ("\\sigma(z) = \\frac{1}{1 - t}", REFUTED), ("\\sigma'(z) = \\frac{t}{(1+t)^3}", REFUTED),
])
def test_definition_making_a_domain_condition_true(claim, verdict):
    r"""``t = e^{-z}`` turns the condition ``1 + t \ne 0`` into SymPy's ``True`` (was "gave
    up: SymPy raised ValueError")."""
    assert _verdicts(f"Let $t = e^{{-z}}$. Then ${claim}$.")[claim] == verdict


@pytest.mark.parametrize("src, verdict", [
    ("\\forall j,\\ |w_j| \\le 1: \\quad \\left|\\frac{\\partial C}{\\partial b_1}\\right| \\le "
     "\\left(\\tfrac14\\right)^{L-1}\\left|\\frac{\\partial C}{\\partial a_L}\\right|", PROVED),
    ("\\forall j,\\ |w_j| \\le 1: \\quad \\left|\\frac{\\partial C}{\\partial b_1}\\right| \\le "
     "\\left(\\tfrac15\\right)^{L-1}\\left|\\frac{\\partial C}{\\partial a_L}\\right|", REFUTED),
    ("\\forall k, |x_k| < 1: x_k^2 < 1", PROVED),
    ("\\forall k, |x_k| < 1: x_k^2 < \\frac12", REFUTED),
    ("\\forall j, |x| < 1: x^2 < 1", UNKNOWN),  # j names nothing written: refused, as before
])
def test_forall_over_an_index(src, verdict):
    r"""``\forall j, |w_j| \le 1: Q``: j is the index of the condition (on every w_j), not a
    variable without a condition (was "not understood")."""
    assert [r.verdict for r in check_text(f"\\[ {src} \\]")] == [verdict]


@pytest.mark.parametrize("text, verdict", [
    ("Put $w = 8$ and $z = 0$. Then\n$$w \\sigma'(z) = 2$$", PROVED),
    # "with" qualifies its own sentence: after the full stop w, z are free again, but a
    # refutation for every value may miss what was meant (unknown)
    ("with $w = 8$ and $z = 0$, $w > 0$. Then\n$$w \\sigma'(z) = 2$$", UNKNOWN),
    ("with $w = 8$ and $z = 0$, then\n$$w \\sigma'(z) = 2$$", PROVED),
])
def test_only_an_imperative_sentence_goes_on_after_a_full_stop(text, verdict):
    assert _verdicts(text)["w \\sigma'(z) = 2"] == verdict


@pytest.mark.parametrize("second, verdict", [
    ("\\left| \\frac{w}{2} \\right| \\le 2", PROVED),
    ("\\left| \\frac{w}{4} \\right| < 1", REFUTED),
])
def test_two_claims_each_with_its_condition(second, verdict):
    r"""``Q \quad\text{for } P,\qquad R \quad\text{for } S``: Q if P, and R if S (was "not
    understood: more than one \forall")."""
    src = (f"\\left| \\frac{{w}}{{4}} \\right| \\le 1 \\quad\\text{{for }} |w| \\le 4,\\qquad "
           f"{second} \\quad\\text{{for }} |w| \\le 4.")
    assert [r.verdict for r in check_text(f"\\[ {src} \\]")] == [verdict]


def test_fixed_chain_parameters_of_an_earlier_line_never_a_wrong_verdict():
    r"""The chain's parameters given values on an earlier line of the paragraph (an
    imperative after ``\paragraph{..}``: decided at those values since reader11; or "with" ...
    then "So" on the next line: the gradient identity refuted for every value is unknown, not
    refuted), the true value and a wrong one."""
    for value, verdicts in (("\\frac{25^3}{4}", [PROVED, UNKNOWN]),
                            ("25^4", [REFUTED, UNKNOWN])):
        texts = ("\\paragraph{Step 4.} Put $w_1 = w_2 = w_3 = w_4 = 100$ and choose the biases "
                 "so that $z_j = 0$. Then\n\\[ \\frac{\\partial C}{\\partial b_1} = "
                 f"{value}\\,\\frac{{\\partial C}}{{\\partial a_4}} \\]\n",
                 "with $w_1 = w_2 = w_3 = w_4 = 100$ and $z_j = 0$, $w_1 > 0$.\n"
                 f"So $\\frac{{\\partial C}}{{\\partial b_1}} = {value}\\,"
                 "\\frac{\\partial C}{\\partial a_4}$.\n")
        got = [r.verdict for text in texts for r in check_text(text) if "partial" in r.source]
        assert got == verdicts, (value, got)


@pytest.mark.parametrize("later, verdict", [("a^2 = 9", PROVED), ("a^2 = 8", REFUTED)])
def test_let_then_defines_for_the_notes(later, verdict):
    r""""Let $a = 3$. Then $Q$" defines a for the rest of the notes, as "Let $a = 3$." alone
    does (a was given for its line only, and a later true statement refuted)."""
    rs = check_text(f"Let $a = 3$. Then $a^2 = 9$.\n\n${later}$\n")
    assert [str(r.verdict) for r in rs] == ["definition", PROVED, verdict]


@pytest.mark.parametrize("src, verdict", [
    ("\\sigma^{-1}(y) = \\ln\\frac{y}{1-y}", UNKNOWN),  # the logit, or 1/sigma? refused
    ("\\sigma^{-1}(y) = \\frac{1}{\\sigma(y)}", UNKNOWN),
    ("\\sigma^2(z) \\le \\frac{1}{1 + e^{-2z}} + 1", PROVED),  # a positive power: the value's
    ("\\sigma^2(z) \\le \\frac14", REFUTED),
])
def test_activation_to_a_negative_power_is_refused(src, verdict):
    r"""``\sigma^{-1}(y)``: the inverse function (logit) in some books, ``1/\sigma(y)`` in
    others, as ``\sin^{-1}``; read as the power, the true ``\sigma^{-1}(y) = \ln(y/(1-y))``
    was refuted."""
    r = check_text(f"${src}$")[0]
    assert r.verdict == verdict
    if verdict == UNKNOWN:
        assert r.reason.startswith("not understood")


def test_a_condition_in_another_paragraph_is_not_shared():
    r""""$A$ and $B$ for $P$" may give P to A too; a blank line between them does not (A was
    weakened to unknown by a condition of the next paragraph)."""
    rs = check_text("$x^2 \\le x$\n\n$x^3 \\le x^2$ for $0 \\le x \\le 1$\n")
    assert [str(r.verdict) for r in rs] == [REFUTED, PROVED, "condition"]


@pytest.mark.parametrize("fact, verdict", [("\\ln(1+e^x) \\ge 0", PROVED),
                                           ("\\ln(1+e^x) \\ge 1", REFUTED)])
def test_a_reason_after_since_is_asserted(fact, verdict):
    """"$Q$ since $P$": P is a reason the notes assert, judged as a claim (only "Since $P$,
    $Q$" makes P the premise of Q)."""
    rs = check_text(f"$x^2 \\ge 0$ since ${fact}$.")
    assert [str(r.verdict) for r in rs] == [PROVED, verdict]


@pytest.mark.parametrize("words", ["With weights", "With the weights", "For all weights"])
def test_a_hypothesis_whose_variables_are_named_by_a_noun(words):
    # "With weights $w_j = 100$ and $\sigma'(z_j) = \frac14$, ...": the noun between "with"
    # and the math hid the hypothesis, and the true factor 25 was refuted (found in review)
    text = (words + r" $w_j = 100$ and $\sigma'(z_j) = \frac14$, each factor is "
            r"$w_j \sigma'(z_j) = 25$.")
    got = [(r.source, r.verdict) for r in check_text(text + "\n")]
    assert got[-1] == (r"w_j \sigma'(z_j) = 25", PROVED), got
    assert all(v != REFUTED for _, v in got), got
    wrong = [r.verdict for r in check_text(text.replace("= 25", "= 20") + "\n")]
    assert wrong[-1] == REFUTED

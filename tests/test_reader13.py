r"""derive check on notes it has never seen (helper reader13): two sets of notes written as
different students write them (``tests/data/notes12/``: a Jupyter notebook of chapter 5 and
deep-learning derivations in Markdown cells, with bold claims, bullet and numbered lists; a
LaTeX report with ``proposition``/``proof``, ``align`` rows with conditions in a second column,
``\leqslant``, ``\eqref``), the truth of each statement in ``truth.txt``; and the reading rules
they and the known gaps needed: "unless", equivalences (``\iff``, "iff", "if and only if"),
``\approx 10^{-3}``, subscripts in a font (``n_{\text{in}}``), a defined name under a condition
that may quantify it anew, the book's own chain definitions, a statement about numbers only,
``\geqslant`` in an align row, "pick". Every rule is shown with a wrong value refuted."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from derive.check import check_text
from derive.parse import parse
from derive.proof import PROVED, REFUTED, UNKNOWN

NOTES = Path(__file__).parent / "data" / "notes12"


def _verdicts(text: str) -> dict[str, str]:
    return {r.source: str(r.verdict) for r in check_text(text)}


# ------------------------------------------------------------------------- the notes

def _truth() -> dict[tuple[str, str, str], str]:
    out = {}
    for line in (NOTES / "truth.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        name, place, truth, source = line.split("\t")
        out[(name, place, source)] = truth
    return out


def test_the_notes_refute_no_true_statement_and_prove_no_false_one():
    """Through the command, with 4 s (CPU) an equation: a smaller budget can leave more
    unknown, never refute a true statement or prove a false one."""
    truth = _truth()
    seen, wrong = set(), []
    env = {**os.environ, "DERIVE_EQUATION_SECONDS": "4", "DERIVE_CLOCK": "cpu"}
    names = ("ch5-notebook.ipynb", "ch5-report.tex")
    out = subprocess.run([sys.executable, "-m", "derive.cli", "check", "--format", "json",
                          *(str(NOTES / n) for n in names)], capture_output=True, text=True,
                         env=env, timeout=900)
    for r in json.loads(out.stdout)["results"]:
        place = f"{r['cell']}:{r['line']}" if "cell" in r else str(r["line"])
        key = (Path(r["file"]).name, place, r["source"])
        seen.add(key)
        t = truth.get(key)
        if (t == "T" and r["verdict"] == "refuted") or (t == "F" and r["verdict"] == "proved") or (
                t == "-" and r["verdict"] in ("proved", "refuted")):  # not a claim: not decided
            wrong.append((key, r["verdict"], r["reason"]))
    assert not wrong, wrong
    claims = {k for k, t in truth.items() if t in "TF"}
    assert claims <= seen, sorted(claims - seen)  # every statement of the truth file is read
    assert sum(t == "F" for t in truth.values()) >= 20  # (1 in 4 of the claims is false)


# ------------------------------------------------------------------------------ unless

@pytest.mark.parametrize("text, claim, verdict", [
    ("Unless $x = 0$, $x^2 > 0$.", "x^2 > 0", PROVED),
    ("Unless $x = 0$, $x^2 > 1$.", "x^2 > 1", REFUTED),
    ("$|x| > 0$ unless $x = 0$.", "|x| > 0", PROVED),
    ("$x^2 > 1$ unless $x = 0$.", "x^2 > 1", REFUTED),
    ("Unless $x < 1$, $x^2 \\ge 1$.", "x^2 \\ge 1", PROVED),
    ("Unless $x < 1$, $x^2 \\ge 2$.", "x^2 \\ge 2", REFUTED),
    ("$\\sigma'(z) < \\frac14$ unless $z = 0$.", "\\sigma'(z) < \\frac14", PROVED),
    ("$\\sigma'(z) < \\frac15$ unless $z = 0$.", "\\sigma'(z) < \\frac15", REFUTED),
])
def test_unless_is_the_negated_condition(text, claim, verdict):
    v = _verdicts(text)
    assert v[claim] == verdict
    assert "condition" in v.values()  # the negated condition is the claim's premise


def test_unless_with_a_condition_of_several_relations_is_not_read_as_a_premise():
    v = _verdicts("Unless $0 < x < 1$, $x^2 \\ge x$.")
    assert v["x^2 \\ge x"] != REFUTED  # (not negated: it stays nobody's premise)


@pytest.mark.parametrize("text, claim", [
    ("$x^2 + y^2 > 0$ unless $x = 0$ and $y = 0$.", "x^2 + y^2 > 0"),
    ("$x + y > 0$ unless $x \\le 0$ or $y \\le 0$.", "x + y > 0"),
])
def test_unless_two_conditions_is_not_the_negation_of_the_first(text, claim):
    """"unless P and Q" is "if not P or not Q": never "if not P and Q" (both claims true,
    refuted at x = y = 0 if read so)."""
    assert _verdicts(text)[claim] == UNKNOWN


# -------------------------------------------------------------------------- equivalences

@pytest.mark.parametrize("text, claim, verdict", [
    ("$x^3 \\ge 8 \\iff x \\ge 2$", "x^3 \\ge 8 \\iff x \\ge 2", PROVED),
    ("$x^2 \\ge 4 \\iff x \\ge 2$", "x^2 \\ge 4 \\iff x \\ge 2", REFUTED),
    ("$x \\ge 3 \\Leftrightarrow x^3 \\ge 8$", "x \\ge 3 \\Leftrightarrow x^3 \\ge 8", REFUTED),
    ("$x > 0$ iff $x^3 > 0$.", "x > 0 \\iff x^3 > 0", PROVED),
    ("$x > 0$ iff $x^2 > 0$.", "x > 0 \\iff x^2 > 0", REFUTED),
    ("$x \\ge 2$ if and only if $x^3 \\ge 8$.", "x \\ge 2 \\iff x^3 \\ge 8", PROVED),
    ("$x \\ge 2$ if and only if $x^3 \\ge 9$.", "x \\ge 2 \\iff x^3 \\ge 9", REFUTED),
])
def test_an_equivalence_is_both_implications(text, claim, verdict):
    assert _verdicts(text)[claim] == verdict


@pytest.mark.parametrize("text, verdict", [
    ("For $x > 0$, $x^2 \\ge 4 \\iff x \\ge 2$.", PROVED),
    ("For $x > 0$, $x^2 \\ge 9 \\iff x \\ge 2$.", REFUTED),
    ("$x^2 \\ge 4 \\iff x \\ge 2$", REFUTED),  # x = -2: the premise x > 0 counted above
])
def test_an_equivalence_under_a_premise(text, verdict):
    assert _verdicts(text)[next(s for s in _verdicts(text) if "iff" in s)] == verdict


def test_with_equality_iff_is_not_an_equivalence_of_two_claims():
    v = _verdicts("$\\sigma'(z) \\le \\frac14$, with equality iff $z = 0$.")
    assert v["\\sigma'(z) \\le \\frac14"] == PROVED
    assert not any("iff" in s for s in v)


# ----------------------------------------------------------------- \approx a power of ten

@pytest.mark.parametrize("claim, verdict", [
    ("2^{-10} \\approx 10^{-3}", PROVED),  # 0.000977 within [0.95, 1.5] 10^{-3}
    ("2^{-12} \\approx 10^{-3}", REFUTED),  # 0.000244
    ("e^{-7} \\approx 10^{-3}", REFUTED),  # 0.000912 is 9 x 10^{-4} to one digit (audit13)
    ("\\pi \\approx 10^1", REFUTED),
    ("\\left(\\tfrac14\\right)^{4} \\approx 3.9 \\times 10^{-3}", PROVED),
    ("\\left(\\tfrac14\\right)^{4} \\approx 3.8 \\times 10^{-3}", REFUTED),
])
def test_approx_a_power_of_ten_is_one_significant_digit(claim, verdict):
    assert _verdicts(f"${claim}$")[claim] == verdict


# ------------------------------------------------------------- subscripts in a font

def test_a_subscript_in_a_font_is_the_label():
    for written in ("n_{\\text{in}}", "n_{\\mathrm{in}}", "n_{\\rm in}", "n_{\\textrm{in}}"):
        assert parse(f"{written} = 3") == parse("n_{in} = 3")


@pytest.mark.parametrize("value, verdict", [("0.00246", PROVED), ("0.00256", REFUTED)])
def test_xavier_with_fan_in_and_fan_out_named_in_text(value, verdict):
    text = (f"With $n_{{\\text{{in}}}} = 784$ and $n_{{\\text{{out}}}} = 30$: "
            f"$\\frac{{2}}{{n_{{\\text{{in}}}} + n_{{\\text{{out}}}}}} \\approx {value}$.")
    v = _verdicts(text)
    assert v[f"\\frac{{2}}{{n_{{\\text{{in}}}} + n_{{\\text{{out}}}}}} \\approx {value}"] == verdict


# ----------------------------------------------- a defined name under a later condition

@pytest.mark.parametrize("text, claim, verdict", [
    # a = 3 as defined: 9 = 9; a claim for every a > 0: false. The words do not say which
    ("Let $a = 3$. Then $a^2 = 9$ for $a > 0$.", "a^2 = 9", UNKNOWN),
    ("Let $a = 3$. Then $a^2 = 10$ for $a > 0$.", "a^2 = 10", REFUTED),  # false either way
    ("Let $b = 3$. Then $b^2 = 9$ for all $b > 0$.", "b^2 = 9", REFUTED),  # every b: said
    ("Let $c = 3$. For all $c > 0$, $c^2 = 9$.", "c^2 = 9", REFUTED),
    ("Let $d = 3$. Then $d^2 \\ge 0$ for $d > 0$.", "d^2 \\ge 0", PROVED),
])
def test_a_defined_name_under_a_condition_after_it(text, claim, verdict):
    assert _verdicts(text)[claim] == verdict


# -------------------------------------------------- the book's chain definitions fix nothing

_CHAIN = "Let $z_j = w_j a_{j-1} + b_j$ and $a_j = \\sigma(z_j)$.\n\n"


@pytest.mark.parametrize("claim, verdict", [
    ("\\frac{\\partial C}{\\partial b_2} = \\sigma'(z_2) w_3 \\frac{\\partial C}{\\partial b_3}",
     PROVED),
    ("\\frac{\\partial C}{\\partial b_2} = w_2 \\sigma'(z_2) \\frac{\\partial C}{\\partial b_3}",
     REFUTED),
])
def test_the_chain_defined_as_in_the_book_still_refutes_a_wrong_gradient(claim, verdict):
    assert _verdicts(f"{_CHAIN}${claim}$\n")[claim] == verdict


def test_a_chain_value_fixed_by_the_notes_still_keeps_the_refutation_unknown():
    claim = ("\\frac{\\partial C}{\\partial b_2} = w_2 \\sigma'(z_2) "
             "\\frac{\\partial C}{\\partial b_3}")
    assert _verdicts(f"Let $z_2 = 0$.\n\n${claim}$\n")[claim] == UNKNOWN


# ------------------------------------------------- a statement about numbers only

@pytest.mark.parametrize("claim, verdict", [("\\frac{1}{\\sqrt{300}} > 0.06", REFUTED),
                                            ("\\frac{1}{\\sqrt{300}} > 0.05", PROVED)])
def test_words_before_a_statement_about_numbers_do_not_restrict_it(claim, verdict):
    assert _verdicts(f"For a fan-in of $300$, ${claim}$.")[claim] == verdict


def test_words_before_a_statement_with_a_variable_still_may_restrict_it():
    v = _verdicts("$x^2 \\le x$ for $x$ between $0$ and $1$.")
    assert v["x^2 \\le x"] == UNKNOWN


# --------------------------------------------------- \geqslant in align rows, "pick"

@pytest.mark.parametrize("row, verdict", [
    ("e^{-x} &\\leqslant 1 - x + \\frac{x^2}{2}, && x \\geqslant 0,", PROVED),
    ("e^{-x} &\\geqslant 1 - x + x^2, && x \\geqslant 0,", REFUTED),
])
def test_a_slanted_condition_in_the_second_column(row, verdict):
    text = f"\\begin{{align}}\n{row} \\\\\n\\ln x &\\leqslant x - 1, && x > 0.\n\\end{{align}}\n"
    assert _verdicts(text)[row] == verdict


@pytest.mark.parametrize("bound, verdict", [("0", PROVED), ("1", REFUTED)])
def test_a_continued_row_starting_with_geqslant(bound, verdict):
    text = ("\\begin{align*}\n\\frac14 - s(1 - s) &= \\left(s - \\frac12\\right)^2 \\\\\n"
            f"&\\geqslant {bound} .\n\\end{{align*}}\n")
    assert _verdicts(text)[f"\\left(s - \\frac12\\right)^2 &\\geqslant {bound} ."] == verdict


@pytest.mark.parametrize("value, verdict", [("25", PROVED), ("20", REFUTED)])
def test_pick_gives_values_for_the_line(value, verdict):
    text = (f"Pick $w_j = 100$ and $b_j = -100 a_{{j-1}}$ so that $z_j = 0$; then each factor "
            f"is $w_j\\sigma'(z_j) = {value}$.")
    v = _verdicts(text)
    assert v["w_j = 100"] == "definition"
    assert v[f"w_j\\sigma'(z_j) = {value}"] == verdict


# ------------------------------------------------------------- the Kronecker delta

_SOFTMAX = "Let $p_1 = \\frac{e^{z_1}}{e^{z_1}+e^{z_2}}$.\n\n"


def test_delta_with_two_indices_is_refused_never_a_variable():
    """``\\delta_{11}`` read as a variable refuted the true softmax Jacobian entry."""
    claim = "\\frac{\\partial p_1}{\\partial z_1} = p_1(\\delta_{11} - p_1)"
    r = next(r for r in check_text(f"{_SOFTMAX}${claim}$\n") if r.source == claim)
    assert r.verdict == UNKNOWN and "Kronecker" in r.reason
    for written in ("\\delta_{ij} = \\delta_{ji}", "\\delta_{12} = 0", "\\delta_{i,j} = 1"):
        assert "Kronecker" in check_text(f"${written}$")[0].reason


@pytest.mark.parametrize("value, verdict", [("1", PROVED), ("2", REFUTED)])
def test_the_kronecker_value_written_out_is_decided(value, verdict):
    claim = f"\\frac{{\\partial p_1}}{{\\partial z_1}} = p_1({value} - p_1)"
    assert _verdicts(f"{_SOFTMAX}${claim}$\n")[claim] == verdict


def test_the_books_error_delta_is_still_read():
    claim = "\\delta^l_j = \\sum_k w^{l+1}_{kj}\\delta^{l+1}_k \\sigma'(z^l_j)"
    assert _verdicts(f"${claim}$")[claim] == PROVED


# ------------------------------------------------------- variance and expectation

def test_variance_is_never_defined_as_a_function_of_a_number():
    """``\\mathrm{Var}(w) = 1`` was read as the definition of a constant function, and then
    the true ``\\mathrm{Var}(2w) = 4`` was refuted."""
    results = check_text("He: $\\mathrm{Var}(w) = 1$.\n\nThen $\\mathrm{Var}(2w) = 4$.\n")
    assert [r.verdict for r in results] == [UNKNOWN, UNKNOWN]
    assert all("random variables" in r.reason for r in results)
    for written in ("\\mathbb{E}[w^2] = 1", "\\operatorname{Cov}(x, y) = 0", "\\Pr(x) = 1"):
        assert "random variables" in check_text(f"${written}$")[0].reason


@pytest.mark.parametrize("value, verdict", [("4", PROVED), ("5", REFUTED)])
def test_a_plain_capital_letter_still_names_a_function(value, verdict):
    v = _verdicts(f"Define $E(x) = x^2$. Then $E(2) = {value}$.")
    assert v["E(x) = x^2"] == "definition"
    assert v[f"E(2) = {value}"] == verdict


# ------------------------------------------------------- an index range between Q and P

@pytest.mark.parametrize("bound, verdict", [("\\frac14", PROVED), ("\\frac15", REFUTED)])
def test_an_index_range_does_not_take_the_condition_after_it(bound, verdict):
    claim = f"|w_j \\sigma'(z_j)| \\le {bound}"
    v = _verdicts(f"${claim}$ for $j = 1, \\dots, 4$ when $|w_j| \\le 1$.")
    assert v[claim] == verdict
    assert v["|w_j| \\le 1"] == "condition"


# ------------------------------------------------------------------ \therefore, \because

@pytest.mark.parametrize("claim, verdict", [
    ("\\sigma'(0) = \\tfrac14 \\quad\\therefore\\quad 4\\sigma'(0) = 1", PROVED),
    ("\\sigma'(0) = \\tfrac14 \\therefore 4\\sigma'(0) = 2", REFUTED),
    ("4\\sigma'(0) = 1 \\because \\sigma'(0) = \\tfrac14", PROVED),
    ("4\\sigma'(0) = 1 \\because \\sigma'(0) = \\tfrac13", REFUTED),
])
def test_therefore_and_because_join_two_claims(claim, verdict):
    assert _verdicts(f"$${claim}$$")[claim] == verdict


def test_a_bound_after_therefore_is_a_claim_not_the_domain():
    """``e^x > 1 \\therefore x > 0``: never ``x > 0 \\implies e^x > 1``, the converse."""
    r = check_text("$e^x > 1 \\therefore x > 0$")[0]
    assert r.verdict == UNKNOWN and "implies" not in r.reason


# ------------------------------------------------- the activation the notes give the chain

_TANH_CHAIN = "Let $z_j = w_j a_{j-1} + b_j$ and $a_j = \\tanh(z_j)$.\n\n"
_B1 = "\\frac{\\partial C}{\\partial b_1}"


@pytest.mark.parametrize("act, verdict", [("\\tanh", PROVED), ("\\sigma", REFUTED)])
def test_a_chain_defined_with_tanh_is_a_tanh_chain(act, verdict):
    """The product of sigma' factors was proved although the notes' chain is tanh."""
    claim = f"{_B1} = {act}'(z_1) w_2 {act}'(z_2) \\frac{{\\partial C}}{{\\partial a_2}}"
    assert _verdicts(f"{_TANH_CHAIN}${claim}$\n")[claim] == verdict


@pytest.mark.parametrize("chain, factor, verdict", [
    (_TANH_CHAIN, "\\left(\\frac14\\right)^{L-1}", REFUTED),  # tanh' reaches 1
    (_CHAIN, "\\left(\\frac14\\right)^{L-1}", PROVED),
    (_TANH_CHAIN, "1", PROVED),
    (_TANH_CHAIN, "\\frac12", REFUTED),
])
def test_gradient_bounds_in_the_chain_the_notes_define(chain, factor, verdict):
    claim = (f"|w_k| \\le 1 \\implies \\left|{_B1}\\right| \\le {factor} \\left|"
             "\\frac{\\partial C}{\\partial a_L}\\right|")
    assert _verdicts(f"{chain}${claim}$\n")[claim] == verdict


def test_another_activations_bound_in_a_tanh_chain_is_not_judged():
    claim = (f"|w_k| \\le 1 \\implies \\left|{_B1}\\right| \\le \\sigma'(0) \\left|"
             "\\frac{\\partial C}{\\partial b_2}\\right|")
    r = next(r for r in check_text(f"{_TANH_CHAIN}${claim}$\n") if r.source == claim)
    assert r.verdict != PROVED


# ------------------------------------------------- a cost the notes define in other variables

_SOFTMAX_COST = "Let $C = -\\ln \\frac{e^{z_1}}{e^{z_1} + e^{z_2}}$.\n\n"


@pytest.mark.parametrize("rhs, verdict", [
    ("\\frac{e^{z_1}}{e^{z_1} + e^{z_2}} - 1", PROVED),
    ("1 - \\frac{e^{z_1}}{e^{z_1} + e^{z_2}}", REFUTED),
])
def test_the_partial_of_a_cost_defined_in_the_logits_is_its_derivative(rhs, verdict):
    """It was read as the width-1 chain's dC/dz_1 and the true statement refuted."""
    claim = f"\\frac{{\\partial C}}{{\\partial z_1}} = {rhs}"
    assert _verdicts(f"{_SOFTMAX_COST}Then ${claim}$.\n")[claim] == verdict


@pytest.mark.parametrize("rhs, verdict", [("p_1 - 1", PROVED), ("p_1", REFUTED)])
def test_a_cost_defined_through_another_definition(rhs, verdict):
    text = ("With $C = -\\ln p_1$ and $p_1 = \\frac{e^{z_1}}{e^{z_1} + e^{z_2}}$, "
            f"$\\frac{{\\partial C}}{{\\partial z_1}} = {rhs}$.")
    assert _verdicts(text)[f"\\frac{{\\partial C}}{{\\partial z_1}} = {rhs}"] == verdict


def test_a_variable_the_defined_cost_does_not_contain_is_not_judged():
    claim = "\\frac{\\partial C}{\\partial b_1} = 0"
    r = next(r for r in check_text(f"{_SOFTMAX_COST}${claim}$\n") if r.source == claim)
    assert r.verdict == UNKNOWN and "does not contain" in r.reason


# ------------------------------------------- "as long as", "assuming", "for nonzero $x$"

@pytest.mark.parametrize("text, claim, verdict", [
    ("$\\ln(1+x) \\le x$ as long as $x > -1$.", "\\ln(1+x) \\le x", PROVED),
    ("$\\ln(1+x) \\ge x$ as long as $x > -1$.", "\\ln(1+x) \\ge x", REFUTED),
    ("Assuming $x > 0$, $\\ln x < x$.", "\\ln x < x", PROVED),
    ("Assuming $x > 0$, $\\ln x < x - 2$.", "\\ln x < x - 2", REFUTED),
    ("$\\ln x \\le x - 1$, assuming $x > 0$.", "\\ln x \\le x - 1", PROVED),
    ("$x^2 > 0$ for nonzero $x$.", "x^2 > 0", PROVED),
    ("$x^2 > 1$ for nonzero $x$.", "x^2 > 1", REFUTED),
    ("$x^2 > 0$ for every non-zero $x$.", "x^2 > 0", PROVED),
])
def test_more_words_for_a_premise(text, claim, verdict):
    v = _verdicts(text)
    assert v[claim] == verdict
    assert "condition" in v.values()


# ----------------------------------------- justifications in a proof: columns, \overset

@pytest.mark.parametrize("last, verdict", [("\\frac14", PROVED), ("\\frac15", REFUTED)])
def test_a_justification_column_is_not_part_of_the_step(last, verdict):
    text = ("\\begin{align*}\n\\sigma'(z) &= \\frac{e^{-z}}{(1+e^{-z})^2} && "
            "\\text{(quotient rule)} \\\\\n&= \\sigma(z)\\,(1-\\sigma(z)) && \\text{by "
            f"definition of }} \\sigma \\\\\n&\\le {last} && \\text{{(AM--GM)}}\n\\end{{align*}}\n")
    results = check_text(text)
    assert [str(r.verdict) for r in results[:2]] == [PROVED, PROVED]
    assert results[2].source == f"\\sigma(z)\\,(1-\\sigma(z)) &\\le {last}"
    assert results[2].verdict == verdict


def test_a_condition_column_stays_a_condition():
    row = "\\sqrt{1+x} &\\le 1 + \\frac{x}{4} && \\text{for $x \\ge 0$}"
    assert _verdicts(f"\\begin{{align*}}\n{row}\n\\end{{align*}}\n")[row] == REFUTED
    row = "\\sqrt{x} &\\le 1 && x \\in [0, 1]"  # (dropped, the claim would be refuted)
    assert _verdicts(f"\\begin{{align*}}\n{row}\n\\end{{align*}}\n")[row] == PROVED


@pytest.mark.parametrize("right, verdict", [("\\frac14", PROVED), ("\\frac15", REFUTED)])
def test_a_relation_with_its_reason_over_it(right, verdict):
    claim = (f"\\sigma(z)\\bigl(1-\\sigma(z)\\bigr) \\overset{{\\text{{AM-GM}}}}{{\\le}} "
             f"{right}")
    assert _verdicts(f"$${claim}$$")[claim] == verdict


def test_a_question_over_a_relation_is_not_read():
    claim = "\\sigma'(0) \\overset{?}{=} \\frac14"
    assert _verdicts(f"$${claim}$$")[claim] == UNKNOWN


@pytest.mark.parametrize("bound, verdict", [("1", PROVED), ("\\frac12", REFUTED)])
def test_intertext_between_rows_is_prose(bound, verdict):
    text = ("\\begin{align*}\n\\tanh'(x) &= 1 - \\tanh^2 x \\\\\n\\intertext{and therefore}\n"
            f"|\\tanh'(x)| &\\le {bound}\n\\end{{align*}}\n")
    assert _verdicts(text)[f"|\\tanh'(x)| &\\le {bound}"] == verdict


@pytest.mark.parametrize("factor, verdict", [("1", PROVED), ("\\left(\\frac14\\right)^{L-1}",
                                                              REFUTED)])
def test_the_chain_activation_said_anew_without_let(factor, verdict):
    """``a_j = \\tanh(z_j)`` after ``a_j = \\sigma(z_j)``: the chain's activation anew (was "not
    understood", and the sigmoid's bound proved in what the notes call a tanh network)."""
    claim = (f"|w_k| \\le 1 \\implies \\left|{_B1}\\right| \\le {factor} \\left|"
             "\\frac{\\partial C}{\\partial a_L}\\right|")
    text = f"{_CHAIN}Now a tanh network, $a_j = \\tanh(z_j)$:\n\n${claim}$\n"
    v = _verdicts(text)
    assert v["a_j = \\tanh(z_j)"] == "definition"
    assert v[claim] == verdict


def test_a_cost_defined_in_the_logits_is_no_chain_cost_for_a_bound():
    claim = (f"|w_k| \\le 1 \\implies \\left|{_B1}\\right| \\le \\left|"
             "\\frac{\\partial C}{\\partial a_L}\\right|")
    r = next(r for r in check_text(f"{_SOFTMAX_COST}${claim}$\n") if r.source == claim)
    assert r.verdict == UNKNOWN

r"""derive check on notes it has never seen (helper reader11): two sets of notes written as
different students write them (``tests/data/notes11/``: a Markdown study journal of chapter 5,
a LaTeX list of deep-learning lemmas) with the truth of each statement in ``truth.txt``; and
the reading rules they and the known faults needed: a hypothesis about a function the notes
defined (``If $f(x) = 0$``), chain weights fixed one by one, a product of like factors over its
bound, premise equations giving a variable an expression (``y = x^2``), Unicode Greek letters,
"Then" before a display about a defined name, "for all $x$" after a claim, and a subject of
several words before "satisfies". Every rule is shown with a wrong value refuted."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from derive.check import check_text
from derive.check.run import check_equation
from derive.proof import PROVED, REFUTED

NOTES = Path(__file__).parent / "data" / "notes11"


def _verdicts(text: str) -> dict[str, str]:
    return {r.source: str(r.verdict) for r in check_text(text)}


# ------------------------------------------------------------------------- the notes

def _truth() -> dict[tuple[str, int, str], str]:
    out = {}
    for line in (NOTES / "truth.txt").read_text().splitlines():
        if line.startswith("#"):
            continue
        name, place, truth, source = line.split("\t")
        out[(name, int(place), source)] = truth
    return out


def test_the_notes_refute_no_true_statement_and_prove_no_false_one():
    """Through the command, with 4 s (CPU) an equation: a smaller budget can leave more
    unknown, never refute a true statement or prove a false one (about 20 s in all)."""
    truth = _truth()
    seen, wrong = set(), []
    env = {**os.environ, "DERIVE_EQUATION_SECONDS": "4", "DERIVE_CLOCK": "cpu"}
    names = ("ch5-journal.md", "dl-lemmas.tex")
    out = subprocess.run([sys.executable, "-m", "derive.cli", "check", "--format", "json",
                          *(str(NOTES / n) for n in names)], capture_output=True, text=True,
                         env=env, timeout=600)
    for r in json.loads(out.stdout)["results"]:
        key = (Path(r["file"]).name, r["line"], r["source"])
        seen.add(key)
        t = truth.get(key)
        if (t == "T" and r["verdict"] == "refuted") or (t == "F" and r["verdict"] == "proved") or (
                t == "-" and r["verdict"] in ("proved", "refuted")):  # not a claim: not decided
            wrong.append((key, r["verdict"], r["reason"]))
    assert not wrong, wrong
    claims = {k for k, t in truth.items() if t in "TF"}
    assert claims <= seen, sorted(claims - seen)  # every statement of the truth file is read
    assert sum(t == "F" for t in truth.values()) >= 20  # (1 in 4 of the claims is false)


# ------------------------------------------------- a hypothesis about a defined function

@pytest.mark.parametrize("claim, verdict", [("x^2 = 1", PROVED), ("x^2 = 2", REFUTED)])
def test_a_defined_function_given_a_value_is_a_premise(claim, verdict):
    v = _verdicts(f"Let $f(x) = x^2 - 1$. If $f(x) = 0$ then ${claim}$.\n")
    assert v["f(x) = 0"] == "condition"
    assert v[claim] == verdict


@pytest.mark.parametrize("claim, verdict", [("z^2 = 0", PROVED), ("z^2 = 1", REFUTED)])
def test_a_defined_function_of_the_sigmoid_given_a_value(claim, verdict):
    v = _verdicts(f"Let $g(z) = \\sigma'(z)$. If $g(z) = \\frac14$ then ${claim}$.\n")
    assert v[claim] == verdict


def test_an_inequality_on_a_defined_function_is_a_premise_not_a_claim():
    v = _verdicts("Let $g(z) = \\sigma(z)$. If $g(z) > \\frac12$ then $z > -1$.\n")
    assert v["g(z) > \\frac12"] == "condition"  # (it was refuted as a claim)


# ----------------------------------------------------- chain weights fixed one by one

DB1 = r"\frac{\partial C}{\partial b_1}"


@pytest.mark.parametrize("fixed", [r"$w_1 = w_2 = w_3 = w_4 = 100$",
                                   r"$w_1 = 100, w_2 = 100, w_3 = 100, w_4 = 100$"])
@pytest.mark.parametrize("factor, verdict", [(r"25^3 \cdot \frac14", PROVED),
                                             (r"25^4 \cdot \frac14", REFUTED),
                                             ("25^3", REFUTED)])
def test_weights_fixed_one_by_one_decide_the_chain(fixed, factor, verdict):
    claim = rf"{DB1} = {factor} \frac{{\partial C}}{{\partial a_4}}"
    v = _verdicts(f"With {fixed} and $z_j = 0$, ${claim}$.\n")
    assert v[claim] == verdict


@pytest.mark.parametrize("claim, verdict", [
    (rf"\left|{DB1}\right| \ge 600 \left|\frac{{\partial C}}{{\partial b_3}}\right|", PROVED),
    (rf"\left|{DB1}\right| \ge 700 \left|\frac{{\partial C}}{{\partial b_3}}\right|", REFUTED),
    (rf"{DB1} \ge 600 \frac{{\partial C}}{{\partial b_3}}", REFUTED),  # at dC/db_3 = -1
    (rf"{DB1} = \frac{{25}}{{2}} \frac{{\partial C}}{{\partial b_3}}", REFUTED),
])
def test_weights_fixed_one_by_one_between_two_layers(claim, verdict):
    v = _verdicts(f"With $w_2 = w_3 = 100$ and $z_j = 0$, ${claim}$.\n")
    assert v[claim] == verdict


def test_a_weight_of_the_product_left_free_is_not_decided():
    claim = rf"{DB1} = 625 \frac{{\partial C}}{{\partial b_3}}"
    v = _verdicts(f"With $w_2 = 100$ and $z_j = 0$, ${claim}$.\n")
    assert v[claim] == "unknown"  # w_3 is free


def test_a_list_of_definitions_after_with():
    v = _verdicts("With $w_1 = 100, w_2 = 2$, $w_1 w_2 = 200$ and $w_1 + w_2 = 103$.\n")
    assert v["w_1 = 100, w_2 = 2"] == "definition"
    assert v["w_1 w_2 = 200"] == PROVED and v["w_1 + w_2 = 103"] == REFUTED


# --------------------------------------------- a product of like factors over its bound

@pytest.mark.parametrize("bound, verdict", [(r"\frac{1}{256}", PROVED),
                                            (r"\frac{1}{300}", REFUTED)])
def test_a_product_of_four_like_factors(bound, verdict):
    claim = rf"\prod_{{j=1}}^{{4}} |w_j \sigma'(z_j)| \le {bound}"
    assert _verdicts(f"If $|w_j| \\le 1$ then ${claim}$.\n")[claim] == verdict


def test_factors_sharing_a_name_are_not_taken_alike():
    r = check_equation(r"|w_j| \le 1 \implies \prod_{j=1}^3 |w_j w_{j+1}| \le \frac{1}{100}")
    assert r.verdict == REFUTED and "alike" not in r.reason  # (by the expansion, w_2 shared)


# ------------------------------------- premise equations giving a variable an expression

@pytest.mark.parametrize("claim, verdict", [
    (r"y = x^2 \implies y + 1 \ge 2x", PROVED),
    (r"y = x^2 \implies y \ge 2x", REFUTED),
    (r"z = wa + b \implies z - b = wa", PROVED),
    (r"z = wa + b \implies z - b = 2wa", REFUTED),
    (r"y = x^2 \land x \ge 1 \implies y \ge x", PROVED),
    (r"y = x^2 \land x \ge 1 \implies y \ge 2x", REFUTED),
    (r"y = \ln x \implies e^{y} = x", PROVED),  # x > 0: the premise's own domain
    (r"y = \ln x \implies e^{y} = x + 1", REFUTED),
    (r"x = y \implies x^2 = y^2", PROVED),
    (r"x = y \implies x = 1", REFUTED),
])
def test_a_variable_given_an_expression_is_substituted(claim, verdict):
    r = check_equation(claim)
    assert r.verdict == verdict, r.reason


def test_a_letter_indexed_variable_eliminated_does_not_refute_its_instances():
    r = check_equation(r"w_j = x \implies w_2 \ge x")  # w_j may speak of w_2 too
    assert r.verdict != REFUTED, r.reason


@pytest.mark.parametrize("claim, verdict", [("y + 1 \\ge 2x", PROVED), ("y \\ge 2x", REFUTED)])
def test_if_a_variable_equals_an_expression_is_a_premise(claim, verdict):
    v = _verdicts(f"If $y = x^2$ then ${claim}$.\n")
    assert v["y = x^2"] == "condition" and v[claim] == verdict


def test_if_a_variable_equals_an_expression_defines_nothing_after():
    rs = check_text("If $y = x^2$ then $y \\ge 0$.\n\nLater, $y + 1 > 0$.\n")
    assert str(rs[-1].verdict) == REFUTED  # y is any real here (it was x^2 for the notes)


@pytest.mark.parametrize("claim, verdict", [(r"\frac{\partial z}{\partial b} = 1", PROVED),
                                            (r"\frac{\partial z}{\partial b} = 2", REFUTED)])
def test_if_a_variable_equals_an_expression_then_a_derivative_defines_it(claim, verdict):
    assert _verdicts(f"If $z = wa + b$ then ${claim}$.\n")[claim] == verdict


# ------------------------------------------------------------------ more reading rules

@pytest.mark.parametrize("claim, verdict", [("σ′(z) ≤ 1/4", PROVED), ("σ'(z) ≤ 1/5", REFUTED),
                                            ("x² ≥ 0", PROVED), ("α(1-α) ≤ 1/5", REFUTED)])
def test_unicode_greek_primes_and_squares(claim, verdict):
    assert _verdicts(f"${claim}$\n")[claim] == verdict


@pytest.mark.parametrize("arg, verdict", [("x_1 - x_2", PROVED), ("x_2 - x_1", REFUTED)])
def test_then_a_display_about_a_defined_name(arg, verdict):
    v = _verdicts("Let $s = \\frac{e^{x_1}}{e^{x_1} + e^{x_2}}$. Then\n"
                  f"\\[ s = \\sigma({arg}). \\]\n")
    assert v[f"s = \\sigma({arg})."] == verdict


@pytest.mark.parametrize("claim, verdict", [(r"|\tanh x| \le |x|", PROVED),
                                            (r"\tanh x \le x", REFUTED)])
def test_for_all_after_a_claim_overrides_the_sentences_condition(claim, verdict):
    rs = check_text(f"For $x \\ge 0$ we have $\\tanh x \\le x$, and ${claim}$ for all $x$.\n")
    assert str(rs[2].verdict) == verdict, rs[2].reason


@pytest.mark.parametrize("bound, verdict", [(r"\ln 2", PROVED), ("0.69", REFUTED)])
def test_a_subject_of_several_words_before_satisfies(bound, verdict):
    v = _verdicts("Provided $0 < p < 1$, the binary entropy satisfies\n"
                  f"\\[ -p\\ln p - (1-p)\\ln(1-p) \\le {bound} . \\]\n")
    assert v["0 < p < 1"] == "condition"
    assert v[f"-p\\ln p - (1-p)\\ln(1-p) \\le {bound} ."] == verdict


@pytest.mark.parametrize("bound, verdict", [(r"\frac14", PROVED), (r"\frac15", REFUTED)])
def test_suppose_a_variable_equals_an_expression_then_a_prime(bound, verdict):
    """``\\sigma'(u)`` differentiates nothing by ``u``: the equation stays a premise (proved
    for every ``u``, so for ``u = wa + b`` too; refuted at a point of the premise)."""
    claim = f"|w\\sigma'(u)| \\le {bound}"
    v = _verdicts(f"Suppose that $u = wa + b$ and $|w| \\le 1$, then ${claim}$.\n")
    assert v["u = wa + b"] == "condition" and v[claim] == verdict


@pytest.mark.parametrize("bound, verdict", [("1", PROVED), (r"\frac12", REFUTED)])
def test_a_list_of_absolute_values_with_one_bound(bound, verdict):
    r = check_equation(rf"|w_2|, |w_3| \le 1 \implies |w_2 w_3| \le {bound}")
    assert r.verdict == verdict, r.reason
    v = _verdicts(f"$|w_2 w_3| \\le {bound}$ if $|w_2|, |w_3| \\le 1$.\n")
    assert v[f"|w_2 w_3| \\le {bound}"] == verdict


def test_a_weight_fixed_for_every_layer_and_for_one_is_not_guessed():
    claim = rf"{DB1} = 75 \frac{{\partial C}}{{\partial b_2}}"
    v = _verdicts(f"With $w_j = 100$ and $w_2 = 3$ and $z_j = 0$, ${claim}$.\n")
    assert v[claim] == "unknown"


@pytest.mark.parametrize("claim, verdict", [(r"\tanh x \le x + y^2", PROVED),
                                            (r"\tanh x \le x - y^2", REFUTED)])
def test_for_all_of_another_variable_keeps_the_sentences_condition(claim, verdict):
    rs = check_text(f"For $x \\ge 0$ we have $\\tanh x \\le x$, and ${claim}$ for all $y$.\n")
    assert str(rs[2].verdict) == verdict, rs[2].reason
    assert "x \\ge 0" in rs[2].reason or "x ≥ 0" in rs[2].reason


@pytest.mark.parametrize("claim", [
    r"z_1 = 2x \implies \frac{\partial C}{\partial b_1} = \sigma'(2x) "
    r"\frac{\partial C}{\partial a_1}",
    r"a_1 = 2x \implies \frac{\partial C}{\partial w_2} = 2x \frac{\partial C}{\partial b_2}",
])
def test_a_chain_name_given_an_expression_beside_gradients_is_not_substituted(claim):
    """True (the premise ties the chain's own z_1 or a_1 to x): never refuted at a point of
    the chain where the premise fails, as substituting it would."""
    assert check_equation(claim).verdict != REFUTED


@pytest.mark.parametrize("src", [r"\forall j, |x| < 1: x^2 < 1",
                                 r"x, |y| \le 1 \implies x y \le 1"])
def test_a_mixed_list_of_a_variable_and_an_absolute_value_is_refused(src):
    """``j, |x| < 1`` is no list of two bounded names (j may be a quantifier's variable):
    never read as ``j < 1``."""
    assert "not understood" in check_equation(src).reason

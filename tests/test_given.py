r"""Premises that give an expression a value (derive.check.given) and the reader's hypotheses
written as equations: "with $w_j = 100$ and $\sigma'(z_j) = \frac14$, $w_j \sigma'(z_j) = 25$"
(the chapter's exploding-gradient example)."""

import pytest

from derive.check import check_equation, check_text
from derive.proof import RULES


def _verdicts(text):
    return [(r.source, str(r.verdict)) for r in check_text(text)]


@pytest.mark.parametrize("claim, verdict", [
    (r"\sigma'(z) = \frac14 \implies 100 \sigma'(z) = 25", "proved"),
    (r"\sigma'(z) = \frac14 \implies 100 \sigma'(z) = 20", "refuted"),  # at z = 0
    (r"x = 2 \implies 3x = 6", "proved"),
    (r"x = 2 \implies 3x = 7", "refuted"),
    (r"y^2 = 4 \implies 3 y^2 = 12", "proved"),
    (r"y^2 = 4 \implies y = 2", "refuted"),  # at y = -2: the premise holds, the claim fails
    (r"\sigma'(z) = \frac14 \land w > 0 \implies w \sigma'(z) > 0", "proved"),
    # w is left free at z = 0: a refutation there would need w unrelated to the premise
    (r"\sigma'(z) = \frac14 \land w > 0 \implies w \sigma'(z) > 1", "unknown"),
    (r"\ln(x) = 1 \implies x > 3", "refuted"),  # at x = e
    (r"\ln(x) = 1 \implies x < 3", "proved"),  # the premise holds only at x = e
    (r"\ln(x) = 1 \implies x = e", "proved"),
    (r"y^2 = 4 \implies y \le 2", "proved"),  # at y = -2 and at y = 2: the only solutions
    (r"y^2 = 4 \implies y < 2", "refuted"),  # at y = 2
    (r"\tanh(x) = 0 \implies \cosh(x) = 1", "proved"),
    (r"\tanh(x) = 0 \implies \cosh(x) = 2", "refuted"),
    (r"x^2 + y^2 = 1 \implies x \le 1", "unknown"),  # true; two variables: not solved
    (r"x = 2 \implies \frac{d}{dx} x^2 = 4", "proved"),  # differentiated before x = 2 is put in
    (r"\sigma(z) = \frac12 \implies \frac{d}{dz}\sigma(z) = 0", "refuted"),  # 1/4 at z = 0
])
def test_an_equation_premise_gives_its_expression_a_value(claim, verdict):
    r = check_equation(claim)
    assert str(r.verdict) == verdict, r.reason


def test_the_proof_names_its_rule_and_a_refutation_its_point():
    r = check_equation(r"\sigma'(z) = \frac14 \implies 100 \sigma'(z) = 25")
    assert "substitution of equals" in RULES and r"\sigma'(z) = \frac{1}{4}" in r.reason
    bad = check_equation(r"y^2 = 4 \implies y = 2")
    assert "y = -2" in bad.reason and "premise" in bad.reason


def test_a_premise_that_never_holds_is_not_a_counterexample():
    # sigma' is never 1, e^x is never 0: vacuously true, never refuted (and not judged)
    assert str(check_equation(r"\sigma'(z) = 1 \implies 3 = 4").verdict) == "unknown"
    assert str(check_equation(r"e^{x} = 0 \implies x = 1").verdict) == "unknown"
    # the solution lies outside the statement's domain: no case is left
    assert str(check_equation(r"x^2 = 1 \land x > 2 \implies x = 5").verdict) == "unknown"


def test_cases_name_every_solution_of_the_premise():
    r = check_equation(r"y^2 = 4 \implies y \le 2")
    assert "case split" in RULES and "-2, 2" in r.reason


def test_the_chapters_exploding_example_in_prose():
    text = (r"With $w_j = 100$ and $\sigma'(z_j) = \frac14$, each factor is "
            r"$w_j \sigma'(z_j) = 25$." "\n")
    assert _verdicts(text) == [("w_j = 100", "definition"),
                               (r"\sigma'(z_j) = \frac14", "condition"),
                               (r"w_j \sigma'(z_j) = 25", "proved")]
    wrong = text.replace("= 25", "= 20")
    assert _verdicts(wrong)[-1] == (r"w_j \sigma'(z_j) = 20", "refuted")


@pytest.mark.parametrize("text", [
    r"If $\sigma'(z) = \frac14$ then $100 \sigma'(z) = 25$.",
    r"With $w = 100$ and $\sigma'(z) = \frac14$ each factor is $w \sigma'(z) = 25$.",
    r"Taking $w = 100$ and $\sigma'(z) = 1/4$ gives $w \sigma'(z) = 25$.",
    r"$100\sigma'(z) = 25$ when $\sigma'(z) = \frac14$.",
    r"Given $x = 3$ and $y^2 = 4$, $x y^2 = 12$.",
])
def test_an_equation_written_as_a_hypothesis_is_a_premise_not_a_claim(text):
    rs = _verdicts(text + "\n")
    verdicts = [v for _, v in rs]
    assert verdicts.count("proved") == 1 and "condition" in verdicts
    assert "refuted" not in verdicts and "unknown" not in verdicts


def test_a_hypothesis_equation_no_claim_follows_is_not_judged():
    assert _verdicts(r"Suppose $\sigma'(z) = \frac14$." "\n") == [
        (r"\sigma'(z) = \frac14", "unknown")]


def test_definitions_and_claims_stay_as_they_were():
    assert _verdicts(r"Let $f(x) = x^2 + 1$. Then $f(2) = 5$." "\n") == [
        ("f(x) = x^2 + 1", "definition"), ("f(2) = 5", "proved")]
    assert _verdicts(r"Let $a = \sigma(z)$. Then $\sigma'(z) = a(1 - a)$." "\n") == [
        (r"a = \sigma(z)", "definition"), (r"\sigma'(z) = a(1 - a)", "proved")]
    # a claim after a value for the line is still a claim, false or true
    assert _verdicts(r"At $z = 0$, $\sigma'(z) = \frac15$." "\n")[-1] == (
        r"\sigma'(z) = \frac15", "refuted")


def test_when_all_after_a_claim_is_its_premise():
    text = (r"So $\left|\frac{\partial C}{\partial b_1}\right| \le \frac{1}{256}"
            r"\left|\frac{\partial C}{\partial b_5}\right|$ when all $|w_j| \le 1$." "\n")
    rs = _verdicts(text)
    assert [v for _, v in rs] == ["proved", "condition"]
    assert [v for _, v in _verdicts(text.replace("256", "300"))] == ["refuted", "condition"]


def test_a_value_for_an_indexed_letter_refutes_nothing_about_other_indices():
    # "where w_j = 100, z_j = 0": every weight (j = 1, 2, ...); the claim speaks of w_2, w_3:
    # true for the family, never refuted with w_2 left free (derive's own notes print it)
    r = check_equation(r"\frac{\partial C}{\partial b_1} = \frac{15625}{4} "
                       r"\frac{\partial C}{\partial a_4} \text{ where } w_j = 100,\ z_j = 0")
    assert str(r.verdict) != "refuted", r.reason

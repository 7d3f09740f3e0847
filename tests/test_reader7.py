r"""derive check reads inequalities as a careful stranger types them (issue 11, helper reader7):
conditions on the line after a display, quantifiers over variable lists, disjunctive premises,
``\max\{..\}``, the sets ``\mathbb{R}_{>0}``, ``\mathbb{R}^+`` (read both ways), words such as
"for all positive $x$", "$Q$ on $[0, 1]$"; words that may restrict a claim but were not read
keep its refutation ``unknown``. Each form: its parsed statement, or the verdicts on a true and
a false twin; each refused form named."""

import re
from pathlib import Path

import pytest
import sympy as sp

from derive.check import check_file, check_text
from derive.check.extract import split_statements
from derive.latex import rich_text
from derive.parse import NotUnderstood, parse
from derive.proof import PROVED, REFUTED, UNKNOWN

x, y = sp.symbols("x y", real=True)
NOTES = Path(__file__).parent / "data" / "notes"


def _rels(st):
    return [(r.lhs, r.op, r.rhs) for r in st.relations]


# ---------------------------------------------------------------- the parser

@pytest.mark.parametrize("src, want", [
    (r"\max\{x, y\} \ge \frac{x + y}{2}", [(sp.Max(x, y), ">=", (x + y) / 2)]),
    (r"\min\left\{x, y\right\} \le x", [(sp.Min(x, y), "<=", x)]),
    (r"\left\lvert x \right\rvert \le 1", [(sp.Abs(x), "<=", 1)]),
    (r"\left. \frac{1}{2} x \right. \le x", [(x / 2, "<=", x)]),
    (r"\frac{2}{\pi} \le \frac{\sin x}{x} . \tag{J}", [(2 / sp.pi, "<=", sp.sin(x) / x)]),
    (r"\forall x \, y \, . \; x^2 - xy + y^2 \ge 0", [(x**2 - x * y + y**2, ">=", 0)]),
    (r"\forall x \, y \; |\sin(x) - \sin(y)| \le |x - y|",
     [(sp.Abs(sp.sin(x) - sp.sin(y)), "<=", sp.Abs(x - y))]),
    (r"\forall x \, \forall y \; e^{x + y} \ge 1 + x + y", [(sp.exp(x + y), ">=", x + y + 1)]),
    (r"\forall x . \cosh(x) \ge 1", [(sp.cosh(x), ">=", 1)]),
    (r"e^x \geq 1+x \text{ for all } x \in \mathbb{R}.", [(sp.exp(x), ">=", 1 + x)]),
])
def test_forms_read_as_the_statement(src, want):
    st = parse(src)
    assert st.premise is None
    assert [(sp.simplify(a - c) == 0, op, sp.simplify(b - d) == 0)
            for (a, op, b), (c, _, d) in zip(_rels(st), want)] == [(True, w[1], True)
                                                                   for w in want]


@pytest.mark.parametrize("src, premise", [
    (r"\forall x \, \left( 0 \le x \wedge x \le \pi/2 \Rightarrow \cos x \le 1 \right)",
     [(0, "<=", x), (x, "<=", sp.pi / 2)]),
    (r"x \in \mathbb{R}_{>0} \implies \ln x \le x", [(x, ">", 0)]),
    (r"x \in \mathbb{R}_{\geq 0} \implies \sqrt{x} \ge 0", [(x, ">=", 0)]),
    (r"x \in \mathbb{R} \setminus \{0\} \implies x^2 > 0", [(x, "!=", 0)]),
    (r"\forall x \in \mathbb{R}_{>0} : \ln x \le x - 1", [(x, ">", 0)]),
    (r"x \in \mathbb{R}_+^* \implies \ln x \le x", [(x, ">", 0)]),  # French
    (r"x \in \mathbb{R}^{*}_{+} \implies \ln x \le x", [(x, ">", 0)]),
    (r"x \in \mathbb{R}_0^+ \implies \sqrt{x} \ge 0", [(x, ">=", 0)]),  # German
    (r"x \in ]0, 1[ \implies x^2 < x", [(0, "<", x), (x, "<", 1)]),
    (r"x \in [0, 1[ \implies x^2 \le x", [(0, "<=", x), (x, "<", 1)]),
])
def test_premises_read(src, premise):
    st = parse(src)
    assert _rels(st.premise) == premise


@pytest.mark.parametrize("src, named", [
    (r"n \in \mathbb{N} \implies n \ge 0", r"\mathbb{N}"),
    (r"k \in \mathbb{Z} \implies \cos(2 \pi k) = 1", r"\mathbb{Z}"),
    (r"x \in \mathbb{R}^+ \implies x \ge 0", r"\mathbb{R}^+"),  # check reads it both ways
    (r"x \in \mathbb{R}_{-}^{*} \implies x < 0", r"\mathbb{R}_{-}"),
    (r"x < 0 \lor x > 1", r"\lor"),  # a disjunction that is not a premise's cases
    (r"\exists x, x > 0", r"\exists"),
    (r"|e^x - 1| \le 1e-6", "1e-6"),  # 10^{-6}, or e times 1 minus 6?
    (r"x \le 2.5E3", "2.5E3"),
    (r"10\,000 \ge 9999", "10 000"),  # digits grouped (true) or 10 times 0 (false)?
    (r"1/2x \le 1", "a/bc"),  # 1/(2x) or (1/2)x?
    (r"x/2y \le 1", "a/bc"),
])
def test_refused_with_the_construct_named(src, named):
    with pytest.raises(NotUnderstood, match=re.escape(named)):
        parse(src)


@pytest.mark.parametrize("src, parts", [
    (r"x < 0 \lor x > 0 \Rightarrow x^2 > 0", [r"x < 0 \Rightarrow x^2 > 0",
                                                r"x > 0 \Rightarrow x^2 > 0"]),
    (r"(x < 0) \vee (0 < x \wedge x < 1) \implies Q", [r"x < 0 \implies Q",
                                                       r"0 < x \wedge x < 1 \implies Q"]),
    # \land and \lor mixed without brackets: left whole, for the parser to refuse
    (r"x < 0 \lor x > 1 \land y > 0 \implies Q", [r"x < 0 \lor x > 1 \land y > 0 \implies Q"]),
    (r"a \le b \tag{3} \label{eq:x}", [r"a \le b"]),
    (r"\sqrt{1+x} &\le 1 + \frac{x}{2} && (x \ge 0)", [r"x \ge 0 \implies \sqrt{1+x} &\le 1 + "
                                                        r"\frac{x}{2}"]),
    (r"\sin x \leq x, \; x \geq 0", [r"x \geq 0 \implies \sin x \leq x"]),
    (r"x^2 \le x \quad \text{on } [0, 1]", [r"x \in [0, 1] \implies x^2 \le x"]),
    (r"x^2 \le x \quad \text{on } (0, 1)", [r"x \in (0, 1) \implies x^2 \le x"]),
])
def test_split_into_claims(src, parts):
    assert [" ".join(p.split()) for p in split_statements(src)] == parts


# ---------------------------------------------------------------- verdicts: true and false twins

def _claims(text):
    return [(r.source, r.verdict) for r in check_text(text)
            if r.verdict in (PROVED, REFUTED, UNKNOWN)]


@pytest.mark.parametrize("text, verdict", [
    # a condition on the line after a display is its premise
    ("$$ \\tan x > x $$\nwhere $x \\in (0, \\frac{\\pi}{2})$.\n", PROVED),
    ("$$ \\tan x > x $$\nwhere $x \\in (-\\frac{\\pi}{2}, \\frac{\\pi}{2})$.\n", REFUTED),
    ("$$ \\frac{1}{1-x} \\ge 1 + x $$\nvalid for $|x| < 1$.\n", PROVED),
    ("$$ \\frac{1}{1-x} \\ge 1 + x $$\nvalid for $|x| < 2$.\n", REFUTED),
    ("$$\n\\tanh x \\le x\n$$\nfor all $x \\ge 0$.\n", PROVED),
    ("$$\n\\tanh x \\le x\n$$\nfor all $x \\ge -1$.\n", REFUTED),
    ("The inequality\n$$ \\sin x \\ge \\frac{2x}{\\pi} $$\nis valid on $0 \\le x \\le \\pi/2$.\n",
     PROVED),
    ("The inequality\n$$ \\sin x \\ge \\frac{2x}{\\pi} $$\nis valid on $0 \\le x \\le \\pi$.\n",
     REFUTED),
    # words for a sign or an interval
    ("$$ \\ln(1+x) \\ge x - \\frac{x^2}{2} $$ for all positive $x$.\n", PROVED),
    ("$$ \\ln(1+x) \\ge x - \\frac{x^2}{3} $$ for all positive $x$.\n", REFUTED),
    ("For nonnegative $x$, $\\sin x \\le x$.\n", PROVED),
    ("For negative $x$, $\\sin x \\le x$.\n", REFUTED),
    ("$x^2 \\le x$ for $x$ in $[0, 1]$.\n", PROVED),
    ("$\\sin x \\le x$ for $x$ positive.\n", PROVED),
    ("$\\sin x \\ge x$ for $x$ positive.\n", REFUTED),
    ("$$ \\tanh x \\le x $$ where $x$ is nonnegative.\n", PROVED),
    ("$x^2 \\le x$ for $x$ in $[-1, 1]$.\n", REFUTED),
    ("$$ \\ln x \\le x - 1 $$ on $(0, \\infty)$.\n", PROVED),
    ("$$ \\ln x \\le x - 1.01 $$ on $(0, \\infty)$.\n", REFUTED),
    ("$$ x^2 \\le x \\quad \\text{on } [0, 1] $$\n", PROVED),
    ("$$ x^2 \\le x \\quad \\text{on } [-1, 1] $$\n", REFUTED),
    # \mathbb{R}^+: proved when proved for x >= 0, refuted when refuted for x > 0
    ("$$ x + \\frac{1}{x} \\ge 2 $$\nfor $x \\in \\mathbb{R}^+$.\n", PROVED),
    ("$$ x + \\frac{1}{x} \\ge 2.5 $$\nfor $x \\in \\mathbb{R}^+$.\n", REFUTED),
    ("$$ x \\in \\mathbb{R}^+ \\implies x > 0 $$\n", UNKNOWN),  # true for one reading only
    ("$$ x \\ge 0 \\implies x \\in \\mathbb{R}^+ $$\n", UNKNOWN),  # in the claim: the same
    ("$$ x \\in \\mathbb{R}_{>0} \\implies x > 0 $$\n", PROVED),
    ("$$ x \\in \\mathbb{R}_{\\ge 0} \\implies x > 0 $$\n", REFUTED),
    # quantifiers over lists of variables, disjunctive premises, \max\{..\}
    ("$$ \\forall x \\, y \\; |\\sin(x) - \\sin(y)| \\le |x - y| $$\n", PROVED),
    ("$$ \\forall x \\, y \\; |\\sin(x) - \\sin(y)| \\le 0.9|x - y| $$\n", REFUTED),
    ("$$ x < 0 \\lor x > 0 \\Rightarrow x^2 > 0 $$\n", PROVED),
    ("$$ x < 0 \\lor x > -1 \\Rightarrow x^2 > 0 $$\n", REFUTED),
    ("$$ \\max\\{x, y\\} \\ge \\frac{x+y}{2} $$\n", PROVED),
    ("$$ \\max\\{x, y\\} \\ge \\frac{x+y}{2} + 1 $$\n", REFUTED),
    ("$$ \\forall x \\in (0, 1) \\; x^2 < x $$\n", PROVED),
    ("$$ \\forall x \\in (0, 2) \\; x^2 < x $$\n", REFUTED),
    ("$$ \\forall x \\in [0,1], \\forall y \\in [0,1] : xy \\le 1 $$\n", PROVED),
    ("$$ \\forall x \\in [0,1], \\forall y \\in [0,2] : xy \\le 1 $$\n", REFUTED),
    ("$$ (\\forall x \\in (0, 1)) \\; x^2 < x $$\n", PROVED),
    ("$$ \\forall x \\in (0, 1) \\,\\forall y \\in (0,1) \\; xy < 1 $$\n", PROVED),
    ("$$ \\forall x > 0 \\; \\forall y > -1 \\; x + y > 0 $$\n", REFUTED),
    ("$$ x^2 < x \\quad (\\forall x \\in (0, 2)) $$\n", REFUTED),
    ("$$ \\left(\\forall x > 0\\right) \\ln x \\le x - 1 $$\n", PROVED),
    ("$$ x^2 \\le 0{,}25 \\quad (|x| \\le 0{,}5) $$\n", PROVED),  # a decimal comma
    ("$$ x^2 \\le 0{,}2 \\quad (|x| \\le 0{,}5) $$\n", REFUTED),
    # ASCII and Unicode for the commands
    ("$$ x > 0 => \\ln x <= x - 1 $$\n", PROVED),
    ("$$ x != 0 \\implies x^2 >= 0.01 $$\n", REFUTED),
    ("$$ 0 < x < π/2 ⇒ \\sin x < x $$\n", PROVED),
    ("$$ ∀x ∈ ℝ, e^x ≥ 1 + 1.01x $$\n", REFUTED),
    ("$$ \\ln x \\le x - 1, \\quad x >= 0.5 $$\n", PROVED),
    # arrows and connectives in words
    ("$$ x > 0 \\to \\ln x \\le x - 1 $$\n", PROVED),
    ("$$ x > 0 \\rightarrow \\ln x \\le x - 1.1 $$\n", REFUTED),
    ("$$ x < 0 \\text{ or } x > 0 \\implies x^2 > 0 $$\n", PROVED),
    ("$$ x \\ge 0 \\text{ and } y \\ge 0 \\implies \\sqrt{xy} \\le \\frac{x+y}{2} $$\n", PROVED),
    ("$$ x \\ge 0 \\text{ and } y \\ge 0 \\implies \\sqrt{xy} \\le \\frac{x+y}{3} $$\n", REFUTED),
    ("$$ \\sin x \\le 1 \\quad\\text{and}\\quad \\cos x \\le 1 $$\n", PROVED),
    ("$$ \\sin x \\le 1 \\quad\\text{and}\\quad \\cos x \\le 0.5 $$\n", REFUTED),
    ("$$ \\sin x \\le 0.5 \\quad\\text{or}\\quad \\cos x \\le 0.5 $$\n", UNKNOWN),
    # hypotheses before "show that", a sign in words, a condition in brackets
    ("Assume $x > 0$. Prove that\n$$ \\ln x \\le x - 1. $$\n", PROVED),
    ("If $0 < x < 1$, show that\n$$ x^2 < x $$\n", PROVED),
    ("If $0 < x < 2$, show that\n$$ x^2 < x $$\n", REFUTED),
    ("Let $x$ be a positive real number. Then $\\ln(1+x) \\ge x - \\frac{x^2}{2}$.\n", PROVED),
    ("Let $x$ be a negative real number. Then $\\ln(1+x) \\ge x - \\frac{x^2}{2}$.\n", REFUTED),
    ("$\\ln(1+x) \\le x$ ($x > -1$).\n", PROVED),
    ("$\\ln(1+x) \\le 0.99x$ $(x > -1)$.\n", REFUTED),
    ("$$ \\frac{\\sin x}{x} < 1 \\qquad (x > -1,\\ x \\neq 0) $$\n", PROVED),
    ("$$ \\frac{\\sin x}{x} < 0.99 \\qquad (x > -1,\\ x \\neq 0) $$\n", REFUTED),
    ("$$ \\frac{\\sin x}{x} < 1, \\quad x > -1, x \\neq 0 $$\n", PROVED),
    # several bounds after a claim, joined by "and" or commas
    ("$$ \\ln(xy) \\le x + y - 2 $$ for $x > 0$ and $y > 0$.\n", PROVED),
    ("$$ \\ln(xy) \\le x + y - 2 $$\nfor $x > 0$, $y > 0$.\n", PROVED),
    ("$$ x^y \\le 1 $$ for $0 < x \\le 1$ and $y \\ge 0$.\n", PROVED),
    ("$$ x^y \\le 1 $$ for $0 < x \\le 1$ and $y \\ge -1$.\n", REFUTED),
    # a bound after a claim, separated by a comma or a table's bar
    ("- $\\ln(1+x) \\le x$, $x > -1$\n", PROVED),
    ("- $\\ln(1+x) \\le 0.99 x$, $x > -1$\n", REFUTED),
    ("| inequality | domain |\n|---|---|\n| $\\tanh x \\le x$ | $x \\ge 0$ |\n", PROVED),
    ("| inequality | domain |\n|---|---|\n| $\\tanh x \\le x$ | $x \\ge -1$ |\n", REFUTED),
    ("$$ \\ln x \\le x - 1 \\quad \\text{(for } x > 0\\text{)} $$\n", PROVED),
    # math inside \\text inside math
    ("\\[ \\ln(1+x) \\le x \\qquad \\text{(for $x > -1$)} \\]\n", PROVED),
    ("\\[ \\ln(1+x) \\le 0.99 x \\qquad \\text{if $x > -1$.} \\]\n", REFUTED),
    # more environments
    ("\\begin{displaymath}\nx - \\frac{x^2}{2} \\le \\ln(1+x), \\quad x \\ge 0\n"
     "\\end{displaymath}\n", PROVED),
    ("\\begin{eqnarray}\n\\sin x & \\le & x \\quad (x \\ge -1)\n\\end{eqnarray}\n", REFUTED),
    ("\\begin{alignat*}{2}\n\\sin x &\\le x, &\\quad x &\\ge 0\n\\end{alignat*}\n", PROVED),
    ("\\begin{align*}\n\\sin x &\\le x, & x &\\ge 0,\n\\end{align*}\n", PROVED),
    ("\\begin{align*}\n\\sin x &\\le x, & x &\\ge -1,\n\\end{align*}\n", REFUTED),
    # align rows with the condition in a second column
    ("\\begin{align}\n\\sqrt{1+x} &\\le 1 + \\frac{x}{2} && (x \\ge 0) \\label{a}\n"
     "\\end{align}\n", PROVED),
    ("\\begin{align}\n\\sqrt{1+x} &\\le 1 + \\frac{x}{2.1} && (x \\ge 0) \\label{a}\n"
     "\\end{align}\n", REFUTED),
])
def test_true_and_false_twins(text, verdict):
    rs = [r for r in check_text(text) if r.verdict in (PROVED, REFUTED, UNKNOWN)]
    assert len(rs) == 1 and rs[0].verdict == verdict, rs


@pytest.mark.parametrize("text", [
    # words that may restrict the claim but are not read: never refuted
    "$\\tan x > x$ for all $x$ between $0$ and $\\pi/2$.\n",
    "$$ \\tan x > x $$\nfor $x$ between $0$ and $\\pi/2$.\n",
    "For $x$ between $0$ and $1$, $x^2 \\le x$.\n",
    "For small $x$, $\\cos x \\ge 0.9$.\n",
    "$$ x y \\le x $$ on $[0, 1]$.\n",  # two variables: which one is in the interval?
    "$$ \\ln(1+x) \\ge x - \\frac{x^2}{2} $$ for all sufficiently small positive $x$ and $y$.\n",
    # a display ending its sentence: the condition after it is nobody's premise
    "$$ \\tanh x \\le x. $$\nfor $x \\ge 0$.\n",
])
def test_unread_restrictions_keep_a_refutation_unknown(text):
    verdicts = [v for _, v in _claims(text)]
    assert REFUTED not in verdicts and PROVED not in verdicts, verdicts


def test_a_condition_after_two_joined_claims():
    # "$$A$$ and $$B$$ for ...": A is refuted only if refuted under B's condition too
    rs = _claims("$$ \\sin x \\le x $$\nand\n$$ \\tan x \\ge x $$\nfor $0 \\le x < \\pi/2$.\n\n"
                 "$$ \\sin x \\le 0.5 $$\nand\n$$ \\tan x \\ge x $$\nfor $0 \\le x < \\pi/2$.\n")
    assert [v for _, v in rs] == [UNKNOWN, PROVED, REFUTED, PROVED]


def test_a_false_claim_with_its_conditions_read_stays_refuted():
    text = "$$ \\sin x \\le x $$\nfor all $x \\ge -1$, and\n$$ \\cos x \\le 0.9 $$\n"
    assert [v for _, v in _claims(text)] == [REFUTED, REFUTED]


def test_a_condition_that_leads_on_to_the_next_display_is_its_premise():
    rs = check_text("$$ \\sin x \\le 1 $$\nfor $x > 0$ we have\n$$ \\ln x \\le x - 1.5 $$\n"
                    "and also\n$$ \\sin x \\le 2 $$\nfor $x \\ge 0$, show that\n"
                    "$$ \\tanh x \\le x $$\n")
    assert [(r.source, r.verdict) for r in rs] == [
        (r"\sin x \le 1", PROVED), ("x > 0", "condition"), (r"\ln x \le x - 1.5", REFUTED),
        (r"\sin x \le 2", PROVED), (r"x \ge 0", "condition"), (r"\tanh x \le x", PROVED)]
    assert "on x > 0" in rich_text(rs[2].reason)


def test_a_claim_after_a_condition_is_not_taken_as_a_bound():
    # "for $x > 0$, $x^2 > 0$": the second is a claim (not a bound on a variable)
    rs = check_text("$$ \\sin x \\le x $$ for $x > 0$, $x^2 + 1 > 0$.\n")
    assert [r.verdict for r in rs][0] != PROVED or "x² + 1" not in rs[0].reason


def test_a_condition_for_the_claim_after_it_is_not_taken_by_the_display_before():
    text = "$$ \\sin x \\le x $$\nFor $x \\ge 0$, $\\tanh x \\le x$.\n"
    rs = check_text(text)
    assert [(r.source, r.verdict) for r in rs][1:] == [(r"x \ge 0", "condition"),
                                                       (r"\tanh x \le x", PROVED)]
    assert rs[0].verdict != PROVED or "x ≥ 0" not in rs[0].reason


# ---------------------------------------------------------------- the notes files

def _verdicts(name):
    return [r for r in check_file(str(NOTES / name)) if r.verdict in (PROVED, REFUTED, UNKNOWN)]


@pytest.mark.parametrize("name, claims", [
    ("reader7-textbook.md", 44),
    pytest.param("reader7-metitarski.md", 40, marks=pytest.mark.slow),
    pytest.param("reader7-article.tex", 39, marks=pytest.mark.slow),  # Jordan's is one chain
    pytest.param("reader7-prose.md", 45, marks=pytest.mark.slow),
])
def test_true_notes_never_refuted_and_all_read(name, claims):
    rs = _verdicts(name)
    assert len(rs) == claims
    assert [r for r in rs if r.verdict == REFUTED] == []
    assert [r for r in rs if "not understood" in r.reason] == []


def test_false_notes_never_proved():
    rs = _verdicts("reader7-false.md")
    assert len(rs) == 41
    assert [r for r in rs if r.verdict == PROVED] == []
    assert [r for r in rs if "not understood" in r.reason] == []

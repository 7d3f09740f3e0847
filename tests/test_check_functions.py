r"""derive check reads the elementary functions and the premises of published inequalities:
every ``latex`` field of the inequality corpora parses to the row's own statement; a
student's spellings get their verdicts; ambiguous forms (``\sin^{-1} x``, ``\sin x y``) are
refused with the construct named."""

import json
from pathlib import Path

import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from derive import activations
from derive.check import check_equation, check_text
from derive.check.domain import implied, slack_of
from derive.latex import rich_text
from derive.parse import ELEMENTARY, ELEMENTARY_ALIASES, NotUnderstood, parse
from derive.proof import PROVED, REFUTED, UNKNOWN

DATA = Path(__file__).parent / "data" / "inequalities"
x, y = sp.symbols("x y", real=True)


def _rows() -> list[dict]:
    rows = []
    for name in ("corpus.jsonl", "heldout.jsonl"):
        rows += [json.loads(line) for line in (DATA / name).read_text().splitlines() if line]
    return rows


def _explicit(e: sp.Expr) -> sp.Expr:
    for act in activations.ACTIVATIONS.values():
        e = act.to_explicit(e)
    return e


def _same(a: sp.Expr, b: sp.Expr) -> bool:
    d = _explicit(a) - _explicit(b)
    return sp.expand(d) == 0 or sp.simplify(d) == 0


def _same_condition(a: sp.Basic, b: sp.Basic) -> bool:
    (da, ka), (db, kb) = slack_of(a), slack_of(b)
    if ka != kb:
        return False
    return _same(da, db) or (ka == "!=" and _same(da, -db))


def _read(row: dict):
    """The row's statement as the reader reads its ``latex``: (lhs, op, rhs, premises)."""
    st = parse(row["latex"])
    premises: tuple = ()
    if st.premise is not None:
        premises = tuple(r.relational() for r in st.premise.relations)
        st = st.conclusion
    (rel,) = st.relations
    return rel.lhs, rel.op, rel.rhs, premises


# test data written by tests/data/inequalities/build.py (SymPy's srepr), not user input
ROWS = _rows()


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_every_corpus_row_reads_as_its_statement(row):
    lhs, op, rhs, premises = _read(row)
    assert op == row["rel"]
    assert _same(lhs, sp.sympify(row["lhs"])) and _same(rhs, sp.sympify(row["rhs"]))
    want = [sp.sympify(d) for d in row["domain"]]
    assert len(premises) == len(want)
    assert all(any(_same_condition(p, w) for p in premises) for w in want)


FALSE_ROWS = [r for r in ROWS if not r["truth"]]


@pytest.mark.parametrize("row", FALSE_ROWS, ids=[r["id"] for r in FALSE_ROWS])
def test_every_false_row_is_refuted_from_its_latex(row):
    r = check_equation(row["latex"])
    assert r.verdict == REFUTED, r.reason


@pytest.mark.slow
def test_true_rows_from_their_latex_never_refuted():
    """The experiment of issue 11 (before this reader: 41 of 130 not understood; the count
    proved depends on time, README gives it): every true row read, none refuted."""
    # 5 s a row: every row proved at all is proved in under 3 s on an idle machine; two
    # (log-mean-gm, lazarevic) are unknown at 10 s as at 5 s (budget: unknown, never refuted)
    results = [check_equation(r["latex"], seconds=5) for r in ROWS if r["truth"]]
    assert not [r.source for r in results if r.verdict == REFUTED]
    assert not [r.source for r in results if r.reason.startswith("not understood")]


def test_the_corpus_uses_the_functions_and_forms_it_should():
    """The test above would be weak if the corpus had no trigonometric, inverse or SymPy
    brace-argument forms."""
    text = " ".join(r["latex"] for r in ROWS)
    for form in (r"\sin{\left(", r"\cos{\left(", r"\tan{\left(", r"\operatorname{atan}{",
                 r"\operatorname{erf}{", r"\operatorname{asinh}{", r"\sin^{2}{\left(",
                 r"\tanh{\left(", r"\implies", r"\land", r"\pi"):
        assert form in text, form


# ---------------------------------------------------------------- the registry

t = sp.Symbol("t", real=True)


@pytest.mark.parametrize("src, want, domain", [
    (r"\sin x", sp.sin(x), set()),
    (r"\cos(x)", sp.cos(x), set()),
    (r"\tan x", sp.tan(x), {sp.Ne(sp.cos(x), 0)}),
    (r"\cot x", sp.cot(x), {sp.Ne(sp.sin(x), 0)}),
    (r"\sec x", sp.sec(x), {sp.Ne(sp.cos(x), 0)}),
    (r"\csc x", sp.csc(x), {sp.Ne(sp.sin(x), 0)}),
    (r"\arcsin x", sp.asin(x), {sp.Ge(x, -1), sp.Le(x, 1)}),
    (r"\operatorname{acos}(x)", sp.acos(x), {sp.Ge(x, -1), sp.Le(x, 1)}),
    (r"\arctan x", sp.atan(x), set()),
    (r"\operatorname{atan}{\left(x \right)}", sp.atan(x), set()),
    (r"\mathrm{arctan}(x)", sp.atan(x), set()),
    (r"\sinh x", sp.sinh(x), set()),
    (r"\cosh^{2}{\left(x \right)}", sp.cosh(x) ** 2, set()),
    (r"\coth x", sp.coth(x), {sp.Ne(x, 0)}),
    (r"\operatorname{csch}(x)", sp.csch(x), {sp.Ne(x, 0)}),
    (r"\operatorname{arsinh} x", sp.asinh(x), set()),
    (r"\operatorname{asinh}{\left(x \right)}", sp.asinh(x), set()),
    (r"\operatorname{arcosh}(x)", sp.acosh(x), {sp.Ge(x, 1)}),
    (r"\operatorname{artanh} x", sp.atanh(x), {sp.Gt(x, -1), sp.Lt(x, 1)}),
    (r"\operatorname{erf}(x)", sp.erf(x), set()),
    (r"\operatorname{erfc}{\left(x \right)}", sp.erfc(x), set()),
    (r"\operatorname{cbrt}(x)", sp.sign(x) * sp.root(sp.Abs(x), 3), set()),
    (r"\log_{2} x", sp.log(x) / sp.log(2), {sp.Gt(x, 0)}),
    (r"\log_{10}(x)", sp.log(x) / sp.log(10), {sp.Gt(x, 0)}),
    (r"\log_e x", sp.log(x), {sp.Gt(x, 0)}),
    (r"\ln x", sp.log(x), {sp.Gt(x, 0)}),
    (r"\exp x", sp.exp(x), set()),
    (r"\mathrm{e}^{x}", sp.exp(x), set()),
    (r"sin(x)", sp.sin(x), set()),  # a plain word before a parenthesis
    (r"cos^2 x + arccos(x)", sp.cos(x) ** 2 + sp.acos(x), {sp.Ge(x, -1), sp.Le(x, 1)}),
    (r"e^{sin x}", sp.exp(sp.sin(x)), set()),
    (r"x_{sec}", sp.Symbol("x_sec", real=True), set()),  # a subscript is a name
    (r"\sin^2 x + \cos^{2}(x)", sp.sin(x) ** 2 + sp.cos(x) ** 2, set()),
    (r"\sin^{2}{\left(x \right)}", sp.sin(x) ** 2, set()),
    (r"\sin{x}", sp.sin(x), set()),
    (r"\sin\left(x\right)", sp.sin(x), set()),
    (r"\sin x^2", sp.sin(x ** 2), set()),  # as \ln x^2 = \ln(x^2)
    (r"\sin(x)^2", sp.sin(x) ** 2, set()),  # the parenthesis binds, as \ln(x)^2
    (r"\log{\left(x \right)}^{2}", sp.log(x) ** 2, {sp.Gt(x, 0)}),  # SymPy's (log x)^2
    (r"\sin x \cos x", sp.sin(x) * sp.cos(x), set()),
    (r"2 \sin x \cos x", 2 * sp.sin(x) * sp.cos(x), set()),
    (r"\sin 2", sp.sin(2), set()),
    (r"\tanh^{\frac{3}{2}}{\left(x \right)}", sp.tanh(x) ** sp.Rational(3, 2),
     {sp.Ge(sp.tanh(x), 0)}),
    (r"x^{1/3}", x ** sp.Rational(1, 3), {sp.Ge(x, 0)}),  # principal power: x >= 0 only
    (r"\sqrt[3]{x}", sp.sign(x) * sp.root(sp.Abs(x), 3), set()),  # the real cube root
])
def test_functions_and_their_domains(src, want, domain):
    s = parse(src)
    assert _same(s.expr, want), s.expr
    got = {c.xreplace({a: sp.tanh(a.args[0]) for a in c.atoms(sp.Function)
                       if a.func == activations.ACTIVATIONS["tanh"].func}) for c in s.domain}
    assert got == domain


SPELLINGS = [r"\{f}{p}({a})", r"\{f}{p}{{{a}}}", r"\{f}{p}\left({a}\right)",
             r"\{f}{p}{{\left({a} \right)}}", r"\operatorname{{{f}}}{p}({a})",
             r"\mathrm{{{f}}}{p}({a})", r"{f}{p}({a})", r"\{f}{p} {a}"]


@given(st.sampled_from(sorted(ELEMENTARY)), st.sampled_from(["", "^2", "^{3}", "^{\\frac{3}{2}}"]),
       st.sampled_from(["x", "y", "2", "\\frac{1}{3}"]), st.data())
def test_spellings_read_the_same(f, p, a, data):
    """Every way of writing ``f^p(a)`` reads as the same expression and domain."""
    one, two = (data.draw(st.sampled_from(SPELLINGS)).format(f=f, p=p, a=a) for _ in "ab")
    try:
        first = parse(one)
    except NotUnderstood:  # a number outside the domain (\operatorname{arcosh}(2) is fine)
        with pytest.raises(NotUnderstood):
            parse(two)
        return
    second = parse(two)
    assert first.expr == second.expr and set(first.domain) == set(second.domain), (one, two)


def test_tanh_is_the_registered_activation():
    """``\\tanh`` keeps reading as the activation (its derivative ``\\tanh'`` is one)."""
    tanh = activations.ACTIVATIONS["tanh"]
    assert parse(r"\tanh x").expr == tanh.func(x)
    assert parse(r"\tanh^2 x").expr == tanh.func(x) ** 2
    assert parse(r"\tanh'(x)").expr == tanh.prime(x)
    assert parse(r"\tanh^{\prime}(x)").expr == tanh.prime(x)


def test_every_registered_name_reads():
    for name in [*ELEMENTARY, *ELEMENTARY_ALIASES]:
        assert parse(rf"\operatorname{{{name}}}(\frac{{1}}{{2}} + x^2)").expr is not None, name


@pytest.mark.parametrize("src, value", [
    (r"\sin 2x", sp.sin(2 * x)),  # every textbook: sin 2x = 2 sin x cos x
    (r"\sin 2 x", sp.sin(2 * x)),
    (r"\ln 2x", sp.log(2 * x)),
    (r"\sin \pi x", sp.sin(sp.pi * x)),
    (r"\cos 2\pi x", sp.cos(2 * sp.pi * x)),
    (r"\sin 2\pi x \cos x", sp.sin(2 * sp.pi * x) * sp.cos(x)),
    (r"\sin 2x \cdot x", x * sp.sin(2 * x)),  # an explicit product ends the argument
    (r"\sin 2x + 1", sp.sin(2 * x) + 1),
    (r"\sin \frac{x}{2}", sp.sin(x / 2)),
])
def test_coefficient_times_a_letter_is_the_argument(src, value):
    assert sp.simplify(parse(src).expr - value) == 0


def test_double_angle_as_printed():
    assert check_equation(r"\sin 2x = 2 \sin x \cos x").verdict == PROVED
    assert check_equation(r"\sin 2x = \sin x \cos x").verdict == REFUTED


@pytest.mark.parametrize("src, named", [
    (r"\sin^{-1} x", r"\sin^{-1}"),  # arcsin in some books, 1/sin in others
    (r"\tan^{-1}(x)", r"\tan^{-1}"),
    (r"\sin x y", r"\sin x y"),  # sin(xy) or sin(x) y
    (r"\sin 2x y", r"\sin 2 x"),
    (r"\sin 2x^2", r"\sin 2 x^{2}"),
    (r"\sin \pi x (1 - x)", r"\sin \pi x"),
    (r"\sin 2\pi x \alpha", r"\sin 2 \pi"),
    (r"\sin{x} y", r"\sin x y"),
    (r"e^{sinx}", r"sinx (a function name run into its argument?)"),  # not s i n x
    (r"lnx \le x", r"write $\ln x$"),
    (r"\ln x (1 + x)", r"\ln x"),
    (r"\sin{x}^2", r"a power after $\sin{x}$"),  # sin(x^2) or (sin x)^2
    (r"\log_{b} x", "log with the subscript b"),
    (r"\log_{1} x", "log with the subscript 1"),
    (r"\sin_{2} x", "sin with the subscript 2"),
    (r"\lg x", r"\lg"),
    (r"\operatorname{Log}(x)", r"\operatorname{Log}"),
    (r"\operatorname{arccot}(x)", r"\operatorname{arccot}"),
    (r"\sin^{x} y", r"\sin^{x}"),
    (r"\sin' x", r"\sin'"),
    (r"\operatorname{foo}(x) \le 1", r"\operatorname{foo}"),
    (r"0 < x, y < 1 \implies x y < 1", "0 < x, y < 1"),
    (r"\ln(-1) < 0", "logarithm"),
    (r"\arcsin 2 = 0", r"\arcsin at 2"),
    (r"\tan \frac{\pi}{2} = 0", r"\tan at pi/2"),
])
def test_refused_with_the_construct_named(src, named):
    with pytest.raises(NotUnderstood) as err:
        parse(src)
    assert named in str(err.value)
    r = check_equation(src)
    assert r.verdict == UNKNOWN and r.reason.startswith("not understood")
    assert "\\" not in rich_text(r.reason), rich_text(r.reason)  # text output: no LaTeX


# ---------------------------------------------------------------- premises

@pytest.mark.parametrize("src, premises", [
    (r"0 < x < 1 \implies \ln x < 0", {sp.Gt(x, 0), sp.Lt(x, 1)}),
    (r"0 < x \le \pi/2 \implies \sin x \le x", {sp.Gt(x, 0), sp.Le(x, sp.pi / 2)}),
    (r"x \in (0, \pi/2) \implies \sin x < x", {sp.Gt(x, 0), sp.Lt(x, sp.pi / 2)}),
    (r"x \in [0, \frac{\pi}{2}) \implies \cos x \le 1", {sp.Ge(x, 0), sp.Lt(x, sp.pi / 2)}),
    (r"\forall x \in \mathbb{R}, \cos x \le 1", set()),
    (r"\forall x \in \mathbb{R}: \cos x \le 1", set()),
    (r"x \in \mathbb{R} \implies \cos x \le 1", set()),
    (r"\cos x \le 1 \quad \text{for all real } x", set()),
    (r"x, y > 0 \implies x y > 0", {sp.Gt(x, 0), sp.Gt(y, 0)}),
    (r"\forall x, y > 0, x + y > 0", {sp.Gt(x, 0), sp.Gt(y, 0)}),
    (r"x, y \in [0, 1] \implies x y \le 1",
     {sp.Ge(x, 0), sp.Le(x, 1), sp.Ge(y, 0), sp.Le(y, 1)}),
    (r"|x| < 1 \implies \operatorname{artanh} x \ge x", {sp.Lt(sp.Abs(x), 1)}),
    (r"-1 < x < 1 \implies x^2 < 1", {sp.Gt(x, -1), sp.Lt(x, 1)}),
    (r"x \ne 0 \implies x^2 > 0", {sp.Ne(x, 0)}),
    (r"\forall x > 0: \ln x < x", {sp.Gt(x, 0)}),
    (r"x > a, y > 0 \implies x y > 0", {sp.Gt(x, sp.Symbol("a", real=True)), sp.Gt(y, 0)}),
])
def test_premise_forms(src, premises):
    st = parse(src)
    got = set() if st.premise is None else {r.relational() for r in st.premise.relations}
    assert len(got) == len(premises)
    assert all(any(_same_condition(g, w) for g in got) for w in premises), got


# ---------------------------------------------------------------- a student's notes

STUDENT = [
    # (source, verdict): true ones proved, a perturbed false one refuted per family
    (r"\sin x \le x \quad \text{for } x \ge 0", PROVED),
    (r"x \ge 0 \implies \sin x \le 0.99 x", REFUTED),
    (r"1 - \frac{x^2}{2} \le \cos x", PROVED),
    (r"1 - \frac{x^2}{2.1} \le \cos x", REFUTED),
    (r"|\sin x| \le |x|", PROVED),
    (r"\sin^2 x + \cos^2 x \le 0.999", REFUTED),
    # read exactly; the engine's box needs rational ends (pi/2 is kept as a constraint)
    (r"0 < x < \frac{\pi}{2} \implies \sin x < x < \tan x", UNKNOWN),
    (r"0 < x < \frac{\pi}{2} \implies \tan x < x", REFUTED),
    (r"0 < x < 1.5 \implies x < \tan x", PROVED),
    (r"0 < x < 1.5 \implies \tan x < x + \frac{x^3}{3}", REFUTED),
    (r"x \in [0, \frac{\pi}{2}] \implies \cos x \ge 1 - \frac{2x}{\pi}", UNKNOWN),  # as above
    (r"x \in [0, 1.5] \implies \cos x \ge 1 - \frac{2x}{\pi}", PROVED),
    (r"x \in [0, 1.5] \implies \cos x \ge 1 - \frac{x}{2}", REFUTED),
    (r"x \in (0, 1) \implies \frac{2x}{\pi} \le \sin x", PROVED),
    (r"\arctan x \ge \frac{x}{1+x^2} \text{ for } x \ge 0", PROVED),
    (r"\forall x \ge 0, \arctan x \le x", PROVED),
    (r"\forall x \ge 0, \arctan x \ge x", REFUTED),
    (r"\operatorname{atan}(x) < \frac{\pi}{2}", PROVED),
    (r"\tanh^2 x < 1", PROVED),
    (r"|\tanh x| \le |x|", PROVED),
    (r"\tanh x \ge x \text{ for } x \ge 0", REFUTED),
    (r"\cosh x \ge 1 + \frac{x^2}{2}", PROVED),
    (r"\cosh x \ge 1 + \frac{x^2}{1.9}", REFUTED),
    (r"\sinh x \ge x \quad \forall x \ge 0", PROVED),
    (r"\operatorname{arsinh} x \le x \text{ for } x \ge 0", PROVED),
    (r"\operatorname{asinh}(x) \ge x \text{ for } x > 0", REFUTED),
    (r"|x| < 1 \implies \operatorname{artanh} x \cdot x \ge x^2", PROVED),
    (r"0 < x < 1 \implies \operatorname{artanh}(x) < x", REFUTED),
    (r"x \ge 1 \implies \operatorname{arcosh} x \le x", PROVED),
    (r"x \in [0, 1] \implies \arcsin x \ge x", PROVED),
    (r"x \in [0, 1] \implies \arcsin x \le x", REFUTED),
    (r"e^{-x} \le \frac{1}{1+x} \text{ for } x > -1", PROVED),
    (r"e^{-x} \le \frac{1}{1+x} \text{ for } x > -2", REFUTED),  # at x = -19/10
    (r"1 + x \le e^x", PROVED),
    (r"x > -1 \implies \ln(1+x) \le x", PROVED),
    (r"x > 0 \implies \log_2 x \le x", PROVED),
    (r"x > 0 \implies \log_2 x \le \ln x", REFUTED),
    (r"\operatorname{erf}(x) < 1", PROVED),
    (r"\operatorname{erf}(x) \le 0.99", REFUTED),
    (r"x, y > 0 \implies \frac{x}{y} + \frac{y}{x} \ge 2", PROVED),
    (r"x, y \ge 0 \implies 2\sqrt{x y} \le x + y", PROVED),  # x y >= 0 implied, dropped
    (r"x, y \ge 0 \implies 2.01\sqrt{x y} \le x + y", REFUTED),
    (r"x, y \in [0, 1] \implies x y \le \sin 1 + x", UNKNOWN),
    (r"\forall x \in \mathbb{R}, \cos x \ge -1", PROVED),
    (r"\cos x \le 1 \quad \text{for all real } x", PROVED),
]


@pytest.mark.parametrize("src, verdict", STUDENT)
def test_student_spellings(src, verdict):
    r = check_equation(src)
    assert r.verdict == verdict or (verdict == UNKNOWN and r.verdict != REFUTED), (src, r.reason)


def test_implied_conditions_are_shown_by_the_kernel():
    a = sp.Symbol("a", real=True)
    dom = [sp.Ge(x, 0), sp.Ge(y, 0), sp.Ge(x * y, 0), sp.Ne(x + 1, 0), sp.Ge(x - y, 0),
           sp.Ge(a * x, 0), sp.Gt(x * y, 0)]
    assert implied(dom) == [sp.Ge(x * y, 0), sp.Ne(x + 1, 0)]  # not x - y, a x, x y > 0
    assert implied([sp.Ge(x * y, 0)]) == []  # no bounds: nothing implied


# periodic functions on the whole line: the engine gives up (its whole budget); what
# matters is that it is never wrong. cos x > -1 fails only at irrational points (x = pi):
# no exact rational counterexample exists, so it must stay unknown, never proved.
PERIODIC = [
    (r"\sin^2 x + \cos^2 x \le 1", True),
    (r"\sin x \cos x \le \frac12", True),
    (r"\cos x > -1 \quad \text{for all real } x", False),
]


@pytest.mark.slow
@pytest.mark.parametrize("src, true", PERIODIC)
def test_periodic_on_the_line_never_wrong(src, true):
    # the false one is unknown for any budget (no rational counterexample): 4 s, not 10
    r = check_equation(src, seconds=10 if true else 4)
    assert r.verdict != (REFUTED if true else PROVED), r.reason


def test_prose_qualifiers_in_a_file():
    text = ("For $0 < x < \\pi/2$, $\\sin x < x$.\n\n"
            "$\\cos x \\le 1$ for all real $x$.\n\n"
            "If $x, y > 0$ then $\\frac{x}{y} + \\frac{y}{x} \\ge 2$.\n\n"
            "For $x \\ge 0$, $\\tanh x \\le 0.999 x$.\n")
    rs = [(r.source, r.verdict) for r in check_text(text)]
    assert rs == [(r"0 < x < \pi/2", "condition"), (r"\sin x < x", PROVED),
                  (r"\cos x \le 1", PROVED), ("x", "condition"),
                  ("x, y > 0", "condition"), (r"\frac{x}{y} + \frac{y}{x} \ge 2", PROVED),
                  (r"x \ge 0", "condition"), (r"\tanh x \le 0.999 x", REFUTED)]


@pytest.mark.parametrize("src, verdict", [
    (r"x^2 \ge 1", UNKNOWN),  # read as a condition on x^2, not a claim
    (r"\forall x, x^2 \ge 1", REFUTED),  # "for all" written: a claim
    (r"x^2 \ge 1 \quad \forall x \in \mathbb{R}", REFUTED),
    (r"x^2 \ge 1 \text{ for all } x", REFUTED),
    (r"\forall x \in \mathbb{R}, x^2 + 1 \ge 1", PROVED),
])
def test_written_for_all_is_a_claim(src, verdict):
    assert check_equation(src).verdict == verdict


def test_for_all_real_in_the_prose():
    text = ("$x^2 \\ge 1$ for all real $x$.\n\n"
            "$x y \\le 1$ for every real number $x, y$.\n\n"
            "$x^2 \\ge 2x - 1$ for all $x \\in \\mathbb{R}$.\n\n"
            "$|w_j| < 1$ for each $j$.\n")  # j is an index: a condition on every w_j
    rs = [(r.source, r.verdict) for r in check_text(text)]
    assert rs == [("x^2 \\ge 1", REFUTED), ("x", "condition"), ("x y \\le 1", REFUTED),
                  ("x, y", "condition"), ("x^2 \\ge 2x - 1", PROVED),
                  (r"x \in \mathbb{R}", "condition"), ("|w_j| < 1", UNKNOWN),
                  ("j", "expression")]


@pytest.mark.parametrize("src, verdict", [
    # three variables under a premise go to the engine (once only two did)
    (r"x, y, z > 0 \implies (x + y + z)\left(\frac{1}{x} + \frac{1}{y} + \frac{1}{z}\right)"
     r" \ge 9", PROVED),
    (r"x, y, z > 0 \implies (x + y + z)\left(\frac{1}{x} + \frac{1}{y} + \frac{1}{z}\right)"
     r" \ge 9.01", REFUTED),
    (r"x, y, z \ge 0 \implies \left(\frac{x + y + z}{3}\right)^3 \le \frac{x^3 + y^3 + z^3}{3}",
     PROVED),
    # |x| > 0 is x != 0: the engine cuts the point out
    (r"0 < |x| < 1 \implies |e^x - 1| < \frac{7}{4}|x|", PROVED),
    (r"0 < |x| < 1 \implies |e^x - 1| < \frac{3}{2}|x|", REFUTED),
])
def test_premises_on_three_variables_and_nonzero_absolute_values(src, verdict):
    r = check_equation(src)
    assert r.verdict == verdict, r.reason


@pytest.mark.parametrize("src, verdict", [
    # the reader's real odd root sign(u)|u|^(1/3) is u^(1/3) where the domain shows u >= 0
    (r"x \ge 0 \implies \sqrt[3]{x} \le \frac{x + 2}{3}", PROVED),
    (r"x \ge 0 \implies \sqrt[3]{x} \le \frac{x + 1.9}{3}", REFUTED),
    (r"0 < x < 72 \implies \sqrt[3]{x + 1} < \sqrt[3]{x} + 1", PROVED),
    # and its reciprocal sign(u)^-1 |u|^(-1/3) is u^(-1/3) there (both undefined at u = 0)
    (r"x \ge 1 \implies e^{1/\sqrt[3]{x}} \le e", PROVED),
    (r"x \ge 1 \implies e^{1/\sqrt[3]{x}} \le 2.718", REFUTED),
    # u >= 0 shown by the engine when the bounds are not rational (cos x on (0, pi/2))
    (r"0 < x < \frac{\pi}{2} \implies \sqrt[3]{\cos x} \ge \cos x - 10^{-3}", PROVED),
    (r"0 < x < \frac{\pi}{2} \implies \sqrt[3]{\cos x} \ge \cos x + 10^{-3}", REFUTED),
    # u < 0 is in the domain: no rewriting, the negative side refutes it
    (r"-1 \le x \le 1 \implies \sqrt[3]{x} \ge x^3", REFUTED),
])
def test_odd_roots_on_a_nonnegative_domain(src, verdict):
    r = check_equation(src)
    assert r.verdict == verdict, r.reason
    if verdict == PROVED and "implies" in src and "x^3" not in src:
        assert "odd root" in r.reason, r.reason

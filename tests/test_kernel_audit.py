"""The kernel audit of issue 10: each way found to get ``proved`` for a false statement (or
``refuted`` for a true one) through the public API is a regression test with the honest
verdict, plus property tests feeding Floats, parameters, assumptions and decimals one unit
past the last digit to every ``certify_*``."""

import ast
import dataclasses
import pickle
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from derive import intervals
from derive.errors import InputError
from derive.proof import (
    PROVED, REFUTED, RULES, UNKNOWN, InexactNumber, KernelError, Proof, Step, apply_rule,
    certify_all, certify_differ, certify_enclosure, certify_identity, certify_nonnegative,
    certify_same, certify_sign, certify_solve, definedness, dyadic, endpoints, exact,
    find_counterexample, in_domain, induction,
)
from derive.proof import _sample_points
from derive.proofs._claimed import decimal_box

ROOT = Path(__file__).resolve().parent.parent
NOT_PROVED = (REFUTED, UNKNOWN)
x, y = sp.symbols("x y", real=True)
p = sp.Symbol("p", positive=True)
R = sp.Rational


# ---------------------------------------------------------------- 1. claimed decimals

def test_truncated_decimal_box_is_exact():
    lo, hi, _ = decimal_box("6.894151032272927...")
    assert (lo, hi) == (R(6894151032272927, 10**15), R(6894151032272928, 10**15))
    lo, hi, _ = decimal_box("6.334e-5")
    assert (lo, hi) == (R(63335, 10**9), R(63345, 10**9))  # within half a unit
    assert decimal_box("-0.0...")[:2] == (R(-1, 10), 0)  # a truncated negative number
    assert decimal_box(Fraction(1, 3))[:2] == (R(1, 3), R(1, 3))


def test_decimal_box_refuses_floats_and_non_numbers():
    for bad in (0.1, 1 / 96, sp.Float("0.5"), "0.1.2", "nan", "six", "1/0"):
        with pytest.raises(InputError):
            decimal_box(bad)


def test_window_max_one_digit_past_the_truth_is_not_proved():
    from derive.proofs import exploding

    # the true |w*| is 6.89415103227292801...: the truncated box [..927, ..928] misses it
    assert exploding.window_max(argmax="6.894151032272927...").verdict in NOT_PROVED


def test_init_variance_one_unit_past_the_last_digit_is_not_proved():
    from derive.proofs import init

    # sqrt(501) = 22.38302928559939136...: "...390" rounds to [..3895, ..3905], which misses it
    assert init.variance(decimal_standard="22.383029285599390", samples=1000).verdict in NOT_PROVED
    assert init.variance(decimal_standard="22.383029285599391", samples=1000).verdict == PROVED


def test_enclosure_compared_exactly_with_the_claimed_box():
    with intervals.precision(120):
        enc = intervals.enclose(sp.sqrt(501), {})
    # 53-bit rounding of these bounds would make the boxes touch the enclosure
    assert certify_enclosure(enc, "22.3830292855993905", "22.3830292855993915", "c",
                             "h").verdict == PROVED
    assert certify_enclosure(enc, "22.3830292855993895", "22.3830292855993905", "c",
                             "h").verdict == REFUTED
    assert certify_enclosure(enc, "22.38302928559939136", "22.38302928559939137", "c",
                             "h").verdict == PROVED
    assert certify_enclosure(enc, "22.38302928559939137", "22.38302928559939138", "c",
                             "h").verdict == REFUTED
    # irrational bounds are enclosed rigorously, not rounded
    two = intervals.enclose(sp.Integer(2), {})
    assert certify_enclosure(two, sp.sqrt(2), sp.sqrt(5), "c", "h").verdict == PROVED
    assert certify_enclosure(two, sp.sqrt(5), 3, "c", "h").verdict == REFUTED


def test_endpoints_are_the_exact_dyadic_rationals():
    with intervals.precision(60):
        third = intervals.interval(R(1, 3))
    a, b = endpoints(third)
    assert a < R(1, 3) < b and a.q & (a.q - 1) == 0  # a power-of-two denominator
    assert dyadic(third.a) == a
    assert endpoints(intervals.interval(R(1, 4))) == (R(1, 4), R(1, 4))


# ---------------------------------------------------------------- 2. no Float decides

def test_floats_never_decide():
    assert certify_identity(1 + sp.Float("1e-30"), 1, "c").verdict == UNKNOWN
    same_number = certify_identity(sp.exp(x * sp.Float(1 / 3)), sp.exp(x * R(1, 3)), "c")
    assert same_number.verdict == UNKNOWN and "not exact" in same_number.reason
    assert certify_nonnegative(sp.Float("0.5") + x**2, x**2 + R(1, 2), "c").verdict == UNKNOWN
    assert certify_solve(x - sp.Float("0.5"), x, sp.S.Reals, [R(1, 2)], "c").verdict == UNKNOWN
    assert certify_sign(sp.Float("0.5"), "c").verdict == UNKNOWN
    assert certify_same(sp.Float("0.5") * x, sp.Float("0.5") * x, "c", "h").verdict == UNKNOWN
    one = intervals.interval(1)
    assert certify_enclosure(one, 0.1, 2, "c", "h").verdict == UNKNOWN
    assert certify_identity(x, x, "c", domain=[x > sp.Float("0.5")]).verdict == UNKNOWN
    import symengine as se  # chain.py's exact fast expressions: a RealDouble is a float too

    X = se.Symbol("x")
    assert certify_same(X * se.RealDouble(0.5), X * se.RealDouble(0.5), "c", "h").verdict \
        == UNKNOWN
    assert certify_same(X * se.Rational(1, 2), X / 2, "c", "h").verdict == PROVED


def test_a_float_is_refused_before_sympy_rounds_it_away():
    # Float(1/96) - Rational(1, 96) is Integer 0 in SymPy: no Float is left for the kernel to
    # see, so a claimed value must go through exact() before any arithmetic
    assert sp.Float(1 / 96) - R(1, 96) == 0 and sp.Rational(1 / 96) < R(1, 96)
    with pytest.raises(InexactNumber):
        exact(1 / 96)


def test_identity_neuron_with_a_float_coefficient_is_not_proved():
    from derive.proofs.identity_neuron import identity_neuron

    try:  # refused, or read as its exact binary value, just below the sharp 1/96
        verdict = identity_neuron(coefficient=1 / 96).verdict
    except InexactNumber:
        return
    assert verdict in NOT_PROVED


def test_exact_reads_exact_numbers_only():
    assert exact(3) == 3 and exact(Fraction(1, 3)) == R(1, 3) and exact(R(2, 7)) == R(2, 7)
    assert exact("0.1") == R(1, 10) and exact("6.334e-5") == R(6334, 10**8)
    assert exact(" -1/96 ") == R(-1, 96) and exact(Decimal("0.25")) == R(1, 4)
    assert exact(sp.sqrt(2) + x) == sp.sqrt(2) + x
    # a float is read only when its binary value is the decimal it shows
    assert exact(0.5) == R(1, 2) and exact(7.0) == 7 and exact(-6.875) == R(-55, 8)
    for bad in (0.1, 1e-30, float("inf"), float("nan"), sp.Float(2), x + sp.Float("0.5"),
                True, "x + 1",
                "__import__('os').system('true')", "1/0", "inf", None, [1]):
        with pytest.raises(InexactNumber):
            exact(bad)


# ---------------------------------------------------------------- 3. solve with parameters

def test_solve_with_a_parameter_is_proved_only_for_every_value():
    y_plain = sp.Symbol("y")
    # false at y = 0, where every x solves: refuted with that witness
    step = certify_solve(y_plain * x - y_plain, x, sp.S.Reals, [1], "c")
    assert step.verdict == REFUTED and "y = 0" in step.reason
    assert certify_solve(y * x - y, x, sp.S.Reals, [1], "c").verdict == REFUTED
    nz = sp.Symbol("y", real=True, nonzero=True)
    assert certify_solve(nz * x - nz, x, sp.S.Reals, [1], "c").verdict == PROVED
    # undecided (a degree-2 factor left) and no witness: unknown, never proved
    assert certify_solve((x - 1) * (x**2 + y**2 + 1), x, sp.S.Reals, [1], "c").verdict \
        == UNKNOWN
    q = sp.Symbol("q", positive=True)
    assert certify_solve(q * x - q, x, sp.S.Reals, [1], "c").verdict == PROVED
    assert certify_solve(q * x - q, x, sp.S.Reals, [2], "c").verdict == REFUTED
    # a root left out: x^2 = q^2 has two solutions (witness: q = 1, x = -1)
    assert certify_solve(x**2 - q**2, x, sp.S.Reals, [q], "c").verdict == REFUTED
    assert certify_solve(x**2 - q**2, x, sp.S.Reals, [q, -q], "c").verdict == PROVED
    # roots that coincide for some parameter value are still the solution set ({0} at y = 0)
    assert certify_solve(x**2 - y**2, x, sp.S.Reals, [y, -y], "c").verdict == PROVED
    # in e^x: sigma(x) = q/(1 + q) iff x = ln q, for every q > 0
    sig = 1 / (1 + sp.exp(-x))
    assert certify_solve(sig - q / (1 + q), x, sp.S.Reals, [sp.log(q)], "c").verdict == PROVED
    assert certify_solve(sig - q / (1 + q), x, sp.S.Reals, [sp.log(2 * q)], "c").verdict \
        == REFUTED


def test_solve_without_parameters_refutes_only_with_a_witness():
    assert certify_solve(x**2 - 2, x, sp.S.Reals, [sp.sqrt(2), -sp.sqrt(2)], "c").verdict \
        == PROVED
    assert certify_solve(x**2 - 2, x, sp.S.Reals, [sp.sqrt(2)], "c").verdict == REFUTED
    assert certify_solve(x**2 - 2, x, sp.S.Reals, [sp.sqrt(2), 2], "c").verdict == REFUTED
    # a claimed value written twice is one claimed value, not a missing solution
    assert certify_solve(x - 1, x, sp.S.Reals, [1, 1], "c").verdict == PROVED
    assert certify_solve(x - 1, x, sp.S.Reals, [1, sp.sqrt(1)], "c").verdict == PROVED


# ---------------------------------------------------------------- 4. assumptions

def test_points_respect_assumptions():
    assert certify_identity(sp.sqrt(p**2 + 2 * p + 1), p + 1, "c").verdict != REFUTED
    # an explicit point that violates p > 0 is not tried
    assert certify_identity(sp.sqrt(p**2 + 2 * p + 1), p + 1, "c",
                            points=[{p: R(-3, 2)}]).verdict != REFUTED
    n = sp.Symbol("n", integer=True, positive=True)
    e = sp.Symbol("e", even=True)
    neg = sp.Symbol("m", negative=True)
    for point in _sample_points([n, e, neg, p]):
        assert point[n].is_integer and point[n] > 0 and point[e].is_even and point[neg] < 0
        assert point[p] > 0
    assert len(list(_sample_points([n, p]))) >= 8
    # false for a positive p: still refuted at an admissible point
    assert certify_identity(sp.sqrt(p**2 + 2 * p + 1), p + 2, "c").verdict == REFUTED


def test_false_for_some_integers_is_refuted_at_an_integer():
    n = sp.Symbol("n", integer=True)
    assert certify_identity(n**2, n, "c").verdict == REFUTED
    point, _ = find_counterexample(n**2 - n, lambda enc: None if intervals.contains_zero(enc)
                                   else False)
    assert point[n].is_integer and point[n] not in (0, 1)


# ---------------------------------------------------------------- 5. the domain convention

def test_definedness_of_an_unevaluated_tree():
    X = sp.Symbol("x")
    assert definedness(sp.Pow(sp.sqrt(X), 2, evaluate=False)) == [X >= 0]
    assert definedness(sp.exp(sp.log(X), evaluate=False)) == [X > 0]
    assert set(definedness(1 / (X - 1) + sp.log(y) + X ** R(1, 3))) == {
        sp.Ne(X - 1, 0), y > 0, X >= 0}
    assert set(definedness(sp.asin(y))) == {y >= -1, y <= 1}
    assert definedness(X ** y) == [X > 0]
    assert definedness(sp.exp(y) + y**2 + sp.Abs(y)) == []
    assert definedness(sp.log(-1 - y**2)) == [sp.false]  # nowhere real


def test_rewritten_domains_are_not_refuted_outside_them():
    X = sp.Symbol("x")
    for built in (sp.exp(sp.log(X), evaluate=False), sp.Pow(sp.sqrt(X), 2, evaluate=False)):
        lhs = built.doit()  # SymPy's rewrite: x
        assert lhs == X
        assert certify_identity(lhs, sp.Abs(X), "c", points=[{X: -1}]).verdict == REFUTED
        step = certify_identity(lhs, sp.Abs(X), "c", points=[{X: -1}],
                                domain=definedness(built))
        assert step.verdict != REFUTED
        assert certify_identity(lhs, sp.Abs(X), "c", domain=definedness(built)).verdict == PROVED
    # the domain restricts: a statement false on it is still refuted
    assert certify_identity(x, -x, "c", domain=[x > 0]).verdict == REFUTED
    assert certify_nonnegative(x, x, "c", domain=[x >= 0]).verdict == PROVED
    assert certify_nonnegative(x, x, "c").verdict == REFUTED
    assert certify_nonnegative(-x, -x, "c", domain=[x >= 0]).verdict == REFUTED


def test_counterexamples_lie_where_the_expression_is_defined():
    X = sp.Symbol("x")
    # sqrt(x) is not real at x < 0: no counterexample there, one at x = 4
    found = find_counterexample(sp.sqrt(X) - 1, lambda enc: False if enc.a > 0 else None,
                                [{X: -4}, {X: 4}])
    assert found is not None and found[0] == {X: 4}
    assert find_counterexample(x, lambda enc: False, [{x: -1}], domain=[x > 0]) is None
    assert not in_domain({x: -1}, [x > 0]) and in_domain({x: 1}, [x > 0])
    assert not in_domain({x: sp.Float(1)}, []) and not in_domain({p: -1}, [])


# ---------------------------------------------------------------- 6. one kernel boundary

def test_only_the_kernel_makes_a_proved_step():
    with pytest.raises(KernelError):
        Step("c", "identity", PROVED, "trust me")
    with pytest.raises(KernelError):
        Step("c", "identity", "proved", "trust me")
    with pytest.raises(ValueError):
        Step("c", "identity", "sure", "not a verdict")
    real = certify_identity(x, x, "x = x")
    assert real.verdict == PROVED
    with pytest.raises(KernelError):
        dataclasses.replace(real, claim="1 = 2")
    assert Step("c", "identity", "unknown", "r").verdict is UNKNOWN

    @dataclasses.dataclass(frozen=True)
    class Forged(Step):
        note: str = ""

    with pytest.raises(KernelError):
        Forged("c", "identity", PROVED, "a subclass is built here, not in the kernel")
    # worker processes send proofs back pickled: the kernel's step survives unchanged
    assert pickle.loads(pickle.dumps(real)) == real


def _builds_proved_step(node: ast.Call) -> bool:
    name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
    if name != "Step":
        return False
    args = list(node.args[2:3]) + [k.value for k in node.keywords if k.arg == "verdict"]
    return any((isinstance(a, ast.Name) and a.id == "PROVED")
               or (isinstance(a, ast.Attribute) and a.attr == "PROVED")
               or (isinstance(a, ast.Constant) and a.value == "proved") for a in args)


def test_no_module_but_the_kernel_builds_a_proved_step():
    offenders = []
    for path in sorted([*(ROOT / "derive").glob("*.py"), *(ROOT / "proofs").glob("*.py")]):
        if path == ROOT / "derive" / "proof.py":
            continue
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _builds_proved_step(node):
                offenders.append(f"{path.name}:{node.lineno} Step(..., PROVED)")
            if isinstance(node, ast.ImportFrom) and node.module == "derive.proof":
                offenders += [f"{path.name}:{node.lineno} imports {a.name}" for a in node.names
                              if a.name.startswith("_")]
            if isinstance(node, ast.Attribute) and node.attr in ("_proved", "__new__") and \
                    "Step" in ast.unparse(node):
                offenders.append(f"{path.name}:{node.lineno} {ast.unparse(node)}")
            if isinstance(node, ast.Name) and node.id == "_proved":
                offenders.append(f"{path.name}:{node.lineno} _proved")
    assert offenders == []


# ---------------------------------------------------------------- 7. the trusted base

def test_rules_apply_only_to_checked_premises():
    ok = certify_identity(x, x, "base")
    bad = certify_identity(x, x + 1, "step", points=[{x: 0}])
    assert bad.verdict == REFUTED
    with pytest.raises(KeyError):
        apply_rule("because I say so", [ok], "c")
    with pytest.raises(TypeError):
        apply_rule("chain rule", ["a proved premise"], "c")
    assert apply_rule("chain rule", [], "c").verdict == UNKNOWN
    proved = apply_rule("chain rule", [ok], "c")
    assert proved.verdict == PROVED and proved.rules == ("chain rule",)
    # a broken derivation does not refute its conclusion
    assert apply_rule("chain rule", [ok, bad], "c").verdict == UNKNOWN
    unknown = Step("u", "identity", UNKNOWN, "undecided")
    assert apply_rule("mean value theorem", [ok, unknown], "c").verdict == UNKNOWN


def test_induction_takes_a_base_and_a_step():
    base, step = certify_identity(x, x, "P(1)"), certify_identity(y, y, "P(n) => P(n+1)")
    assert apply_rule("induction", [base], "for all n").verdict == UNKNOWN  # no step
    every = induction(base, step, "for all n")
    assert every.verdict == PROVED and every.rules == ("induction",)
    assert induction(base, [step, step], "for all n").verdict == PROVED  # a step in parts
    wrong = certify_identity(x, x + 1, "P(1)", points=[{x: 0}])
    assert wrong.verdict == REFUTED
    # a failed premise leaves the conclusion unknown: only a counterexample refutes it
    assert induction(wrong, step, "for all n").verdict == UNKNOWN
    assert induction(base, wrong, "for all n").verdict == UNKNOWN
    # rules are kept through combinations and listed by the proof
    outer = apply_rule("chain rule", [certify_all("both", "rule", [every, base], "r")], "c")
    assert outer.rules == ("induction", "chain rule")
    proof = Proof("t", "s", [outer])
    assert proof.rules == ["induction", "chain rule"]
    assert proof.to_dict()["rules"] == ["induction", "chain rule"]
    assert set(outer.rules) <= set(RULES)


def test_certify_all_of_nothing_is_not_proved():
    assert certify_all("c", "identity", [], "r").verdict == UNKNOWN


def test_readme_lists_the_trusted_base():
    text = (ROOT / "README.md").read_text()
    section = text.split("## What `proved` rests on", 1)[1].split("\n## ", 1)[0]
    for rule in RULES:
        assert rule in section, rule
    for library in ("simplify", "solveset", "interval"):
        assert library in section, library


# ---------------------------------------------------------------- 8. properties

# SymPy drops a Float 0 at construction (x + 0.0 is x): nonzero floats only
floats = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6,
                   max_value=1e6).filter(bool)


@given(floats)
def test_property_a_float_never_proves_or_refutes(f):
    F, Q = sp.Float(f), sp.Rational(f)  # Q: the float's exact binary value
    assert certify_identity(x + F, x + Q, "c").verdict == UNKNOWN
    assert certify_nonnegative(x**2 + F, x**2 + F, "c").verdict == UNKNOWN
    assert certify_solve(x - F, x, sp.S.Reals, [Q], "c").verdict == UNKNOWN
    assert certify_sign(F, "c").verdict == UNKNOWN
    assert certify_same(x * F, x * F, "c", "h").verdict == UNKNOWN
    shown = Fraction(f) == Fraction(repr(f))  # 0.5: the float is exactly the decimal shown
    assert certify_enclosure(intervals.interval(Q), f, f, "c", "h").verdict == (
        PROVED if shown else UNKNOWN)


@st.composite
def truncations(draw):
    """``(n, k, digits)``: sqrt(n) (n not a square) and its first k decimals, truncated."""
    n = draw(st.integers(2, 10**6).filter(lambda m: sp.sqrt(m).is_Rational is False))
    k = draw(st.integers(0, 25))
    d = sp.floor(sp.sqrt(n) * 10**k)
    return n, k, d


@given(truncations(), st.sampled_from([-1, 1]))
def test_property_one_unit_past_the_last_digit_is_refuted(case, shift):
    n, k, d = case
    with intervals.precision(200):
        enc = intervals.enclose(sp.sqrt(n), {})
    text = str(Decimal(int(d)).scaleb(-k))
    lo, hi, _ = decimal_box(text + "...")
    assert certify_enclosure(enc, lo, hi, "c", "h").verdict == PROVED
    wrong = str(Decimal(int(d + shift)).scaleb(-k))
    lo, hi, _ = decimal_box(wrong + "...")
    assert certify_enclosure(enc, lo, hi, "c", "h").verdict == REFUTED
    # rounded readings: the correct rounding is proved, one unit off is refuted
    r = sp.floor(sp.sqrt(n) * 10**k + R(1, 2))
    lo, hi, _ = decimal_box(str(Decimal(int(r)).scaleb(-k)))
    assert certify_enclosure(enc, lo, hi, "c", "h").verdict == PROVED
    lo, hi, _ = decimal_box(str(Decimal(int(r + shift)).scaleb(-k)))
    assert certify_enclosure(enc, lo, hi, "c", "h").verdict == REFUTED
    # the same digits as a sign: sqrt(n) - d/10^k > 0 and sqrt(n) - (d + 1)/10^k < 0
    assert certify_sign(sp.sqrt(n) - exact(text), "c", strict=True).verdict == PROVED
    above = str(Decimal(int(d + 1)).scaleb(-k))
    assert certify_sign(sp.sqrt(n) - exact(above), "c").verdict == REFUTED


@settings(max_examples=20)  # each example runs simplify: keep the suite fast
@given(st.integers(-20, 20), st.integers(-20, 20).filter(lambda v: v != 0),
       st.sampled_from([dict(), dict(positive=True), dict(negative=True), dict(real=True)]))
def test_property_parameters_decide_solve_only_for_every_value(c, k, assumptions):
    a = sp.Symbol("a", **assumptions)
    step = certify_solve(a * (x - c), x, sp.S.Reals, [c], "c")
    assert step.verdict == (PROVED if a.is_zero is False else REFUTED)  # a = 0: every x
    assert certify_solve(a * (x - c), x, sp.S.Reals, [c + k], "c").verdict != PROVED
    both = certify_solve((x - c) * (x - a), x, sp.S.Reals, [c, a], "c")
    assert both.verdict == (PROVED if a.is_real else UNKNOWN)
    assert certify_solve((x - c) * (x - a), x, sp.S.Reals, [c], "c").verdict != PROVED


@settings(max_examples=20)  # each example runs simplify: keep the suite fast
@given(st.integers(1, 50), st.sampled_from(["positive", "nonnegative", "integer"]))
def test_property_true_under_assumptions_is_never_refuted(k, kind):
    q = sp.Symbol("q", **{kind: True}) if kind != "integer" else sp.Symbol("q", integer=True,
                                                                           nonnegative=True)
    # sqrt((q + k)^2) = q + k holds for q >= 0; false (refuted) when q + k may be negative
    assert certify_identity(sp.sqrt(q**2 + 2 * k * q + k**2), q + k, "c").verdict != REFUTED
    assert certify_nonnegative(q + k, q + k, "c", strict=True).verdict == PROVED
    free = sp.Symbol("q", real=True)
    if k < 9:  # a sample point q = -9 has q + k < 0
        assert certify_identity(sp.sqrt(free**2 + 2 * k * free + k**2), free + k,
                                "c").verdict == REFUTED


@settings(max_examples=20)  # each example runs simplify: keep the suite fast
@given(st.fractions(min_value=-100, max_value=100, max_denominator=50),
       st.fractions(min_value=-100, max_value=100, max_denominator=50).filter(bool))
def test_property_identities_with_exact_coefficients(q, e):
    Q, E = sp.Rational(q.numerator, q.denominator), sp.Rational(e.numerator, e.denominator)
    assert certify_identity((x + Q) ** 2, x**2 + 2 * Q * x + Q**2, "c").verdict == PROVED
    assert certify_identity((x + Q) ** 2, x**2 + 2 * Q * x + Q**2 + E, "c").verdict == REFUTED
    assert certify_sign(Q - E, "c").verdict == (PROVED if q >= e else REFUTED)
    assert certify_differ(intervals.interval(E), "c", "p").verdict == REFUTED


def test_split_children_cannot_open_the_cut():
    """A split's children meet at the cut, inside the parent's box: a child may not claim its
    face there open (excluded) because the parent's face on that side is (engine14 built two
    leaves open at 1/2 that 'proved' the false (x - 1/2)^2 > 0 on (0, 1))."""
    from derive import realprove
    from derive.proof import BoxNode, certify_on_boxes

    x = sp.Symbol("x", real=True)
    half = sp.Rational(1, 2)
    p = realprove.build_problem((x - half) ** 2, True, [x > 0, x < 1])

    def root(left_opens, right_opens):
        kids = (BoxNode("tm", (), ((0, half),), 1, True, left_opens, cut=half),
                BoxNode("tm", (), ((half, 1),), 1, True, right_opens, cut=half))
        return BoxNode("split", (), p.bounds, 1, True, p.opens, var=0, cut=half,
                       children=kids)

    forged = certify_on_boxes(p, root(p.opens, p.opens), "(x - 1/2)^2 > 0 on (0, 1)")
    assert forged.verdict != PROVED and "split children" in forged.reason
    # the honest faces: the cut closed in both children (the leaves then fail on their own)
    honest = root(frozenset({(0, "lo")}), frozenset({(0, "hi")}))
    assert certify_on_boxes(p, honest, "(x - 1/2)^2 > 0 on (0, 1)").verdict != PROVED

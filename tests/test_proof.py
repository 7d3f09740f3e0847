"""The proof kernel: every certify_* function proves what is true and never what is false."""

import sympy as sp

from derive import intervals
from derive.proof import (
    EVIDENCE, PROVED, REFUTED, UNKNOWN, Proof, certify_all, certify_differ, certify_enclosure,
    certify_identity, certify_nonnegative, certify_same, certify_sign, certify_solve, evidence,
)

s, z, x = sp.symbols("s z x", real=True)


def test_identity_proved_and_refuted_with_an_interval_counterexample():
    sig = 1 / (1 + sp.exp(-z))
    assert certify_identity(sp.diff(sig, z), sig * (1 - sig), "d").verdict == PROVED
    wrong = certify_identity(sp.diff(sig, z), sig * (1 - sig) / 2, "d")
    assert wrong.verdict == REFUTED and "excludes 0" in wrong.reason


def test_identity_undecided_is_unknown_not_proved():
    # equal nowhere tested: no real value at the sample points (log of negatives), no proof
    step = certify_identity(sp.log(-x - 100) * 0 + sp.log(-x - 100), sp.Integer(1), "c",
                            points=[{x: sp.Integer(1)}])
    assert step.verdict == UNKNOWN


def test_nonnegative_needs_a_true_certificate():
    assert certify_nonnegative(sp.Rational(1, 4) - s * (1 - s), (s - sp.Rational(1, 2)) ** 2,
                               "c").verdict == PROVED
    # a certificate that is not equal to the expression proves nothing
    assert certify_nonnegative(sp.Rational(1, 3) - s * (1 - s), (s - sp.Rational(1, 2)) ** 2,
                               "c").verdict != PROVED
    # a false bound is refuted at a point
    assert certify_nonnegative(sp.Rational(1, 5) - s * (1 - s), (s - sp.Rational(1, 2)) ** 2,
                               "c", points=[{s: sp.Rational(1, 2)}]).verdict == REFUTED


def test_solve_exact_sets_only():
    interval = sp.Interval(0, 1)
    eq = s * (1 - s) - sp.Rational(1, 4)
    assert certify_solve(eq, s, interval, [sp.Rational(1, 2)], "c").verdict == PROVED
    assert certify_solve(eq, s, interval, [sp.Rational(1, 3)], "c").verdict == REFUTED
    assert certify_solve(eq, s, interval, [], "c").verdict == REFUTED


def test_enclosure_inside_disjoint_or_overlapping():
    enc = intervals.enclose(sp.sqrt(2), {})
    assert certify_enclosure(enc, "1.41421", "1.41422", "c", "sqrt").verdict == PROVED
    assert certify_enclosure(enc, "1.5", "1.6", "c", "sqrt").verdict == REFUTED
    assert certify_enclosure(intervals.interval(1, 2), "1.5", "3", "c", "wide").verdict == UNKNOWN


def test_same_is_structural_and_differ_needs_an_excluding_enclosure():
    a, b = sp.symbols("a b")
    assert certify_same(a * b, b * a, "c", "built").verdict == PROVED
    assert certify_same(a * b, a * b * 2, "c", "built").verdict == UNKNOWN
    assert certify_differ(intervals.interval(1, 2), "c", "p").verdict == REFUTED
    assert certify_differ(intervals.interval(-1, 2), "c", "p").verdict == UNKNOWN


def test_sign_of_constants():
    assert certify_sign(sp.pi - 3, "c", strict=True).verdict == PROVED
    assert certify_sign(3 - sp.pi, "c").verdict == REFUTED


def test_verdict_aggregation():
    p = Proof("t", "x")
    assert p.verdict == UNKNOWN  # no steps: nothing shown
    p.add(certify_identity(x, x, "c"))
    assert p.verdict == PROVED
    p.add(evidence("e", "floats"))
    assert p.verdict == EVIDENCE
    p.add(certify_identity(x, x + 1, "c", points=[{x: sp.Integer(0)}]))
    assert p.verdict == REFUTED
    steps = [certify_identity(x, x, "a"), certify_identity(x, 2 * x, "b",
                                                           points=[{x: sp.Integer(1)}])]
    assert certify_all("both", "identity", steps, "r").verdict == REFUTED


def test_intervals_are_rigorous_for_rationals_and_decimals():
    third = intervals.interval(sp.Rational(1, 3))
    assert third.a < sp.Rational(1, 3) < third.b or third.a == third.b
    assert intervals.contains_zero(intervals.enclose(3 * x - 1, {x: third}))
    tenth = intervals.interval("0.1")
    assert tenth.a <= sp.Rational(1, 10) <= tenth.b

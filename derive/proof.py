r"""The proof kernel: the one place that decides ``proved``.

A ``Proof`` is a list of ``Step``s; each step is made by one of the ``certify_*`` functions
below, and only they may give a step the verdict ``proved``:

* ``certify_identity``: ``simplify(lhs - rhs)`` is exactly ``0``;
* ``certify_nonnegative``: ``expr - certificate`` simplifies to exactly ``0`` and the
  certificate (e.g. a square) is nonnegative by SymPy's structural assumptions;
* ``certify_solve``: ``solveset`` returns a finite set equal, exactly, to the claimed one;
* ``certify_enclosure``: a rigorous interval enclosure lies inside the claimed interval.

``refuted`` needs a counterexample checked exactly or with intervals; everything else
(SymPy answered ``None``, a ``ConditionSet``, an exception, a timeout) is ``unknown``.
Statistical runs are recorded with ``evidence`` and never count as proof.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import mpmath
import sympy as sp

from derive import intervals
from derive.latex import claim_rich, interval_math, math, number_math, point_math

class Verdict(str, Enum):
    """The four verdicts; a ``str`` Enum, so it prints and serialises as its value."""

    PROVED = "proved"
    REFUTED = "refuted"
    UNKNOWN = "unknown"
    EVIDENCE = "evidence"

    def __str__(self) -> str:
        return self.value


PROVED, REFUTED, UNKNOWN, EVIDENCE = Verdict.PROVED, Verdict.REFUTED, Verdict.UNKNOWN, Verdict.EVIDENCE
VERDICTS = tuple(Verdict)

# The trusted base: inference rules the kernel takes on trust, applied (``apply_rule``) only
# to premises that are themselves checked steps. Name -> the rule, in words.
RULES: dict[str, str] = {
    "chain rule": "the multivariable chain rule for differentiable functions",
    "induction": "mathematical induction: a proved base case and a proved step give every n",
    "mean value theorem": "f(b) - f(a) = f'(c)(b - a) for some c in (a, b), f differentiable",
    "operator norm": "||A u|| <= ||A||_2 ||u|| for the spectral norm ||A||_2",
    "Stein's lemma": "E[g(Z) Z] = E[g'(Z)] for Z ~ N(0, 1) and g absolutely continuous",
}
STEP_SECONDS = 20.0  # SymPy gets this long per step before the step is "unknown"


@dataclass(frozen=True)
class Step:
    """One checked step: what it claims (LaTeX), how it was decided, and the verdict."""

    claim: str
    method: str  # identity | certificate | solve | interval | induction | counterexample | evidence
    verdict: Verdict
    reason: str
    rules: tuple[str, ...] = ()  # names in RULES this step relied on (with its premises')

    def to_dict(self) -> dict[str, Any]:
        return {"claim": self.claim, "method": self.method, "verdict": str(self.verdict),
                "reason": self.reason, "rules": list(self.rules)}


@dataclass
class Proof:
    """A claim (``statement`` in LaTeX) with the steps that decide it."""

    id: str
    statement: str
    steps: list[Step] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)  # not proof: sweeps, floats, MC
    seconds: float = 0.0

    @property
    def verdict(self) -> str:
        """``refuted`` if any step is; ``proved`` if every step is; ``evidence`` if the
        steps are proved or evidence and at least one is evidence; else ``unknown``."""
        verdicts = {s.verdict for s in self.steps}
        if not verdicts:
            return UNKNOWN
        if REFUTED in verdicts:
            return REFUTED
        if verdicts == {PROVED}:
            return PROVED
        if verdicts <= {PROVED, EVIDENCE}:
            return EVIDENCE
        return UNKNOWN

    @property
    def rules(self) -> list[str]:
        """The trusted rules (``RULES``) the proof relied on, in order of first use."""
        return list(dict.fromkeys(r for s in self.steps for r in s.rules))

    @property
    def method(self) -> str:
        """The step methods, in order of first use, joined by ``+``."""
        return " + ".join(dict.fromkeys(s.method for s in self.steps))

    def add(self, step: Step) -> Step:
        self.steps.append(step)
        return step

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "statement": self.statement, "verdict": str(self.verdict),
                "method": self.method, "rules": self.rules, "steps": [s.to_dict() for s in self.steps],
                "evidence": list(self.evidence), "seconds": round(self.seconds, 4)}

    def _repr_latex_(self) -> str:
        """One display of pure math: renders in Jupyter (MathJax) and compiles in LaTeX."""
        from derive.latex import proof_math

        return proof_math(self)

    def __str__(self) -> str:
        from derive.latex import proof_text

        return proof_text(self)


@contextmanager
def timed(proof: Proof) -> Iterator[Proof]:
    """Record the wall-clock seconds of the ``with`` body in ``proof.seconds``."""
    t0 = time.perf_counter()
    try:
        yield proof
    finally:
        proof.seconds += time.perf_counter() - t0


class StepTimeout(Exception):
    """A SymPy call ran past ``STEP_SECONDS``."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise StepTimeout after ``seconds`` (main thread only; elsewhere no limit).

    May be nested: the inner limit is cut to what is left of the outer one, and the
    outer timer is restored (less the time spent) when the inner block ends."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def _raise(signum, frame):
        raise StepTimeout

    # Nesting: an enclosing limit that expires sooner wins, and is re-armed on exit.
    outer, _ = signal.getitimer(signal.ITIMER_REAL)
    t0 = time.monotonic()
    old = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, min(seconds, outer) if outer > 0 else seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        if outer > 0:
            left = outer - (time.monotonic() - t0)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3))


def _attempt(fn: Callable[[], Any], seconds: float = STEP_SECONDS) -> tuple[Any, str]:
    """Run ``fn``; return (value, "") or (None, why it failed)."""
    try:
        with time_limit(seconds):
            return fn(), ""
    except StepTimeout:
        return None, f"timed out after {seconds:g} s"
    except RecursionError:
        return None, "SymPy ran out of recursion depth"
    except Exception as err:  # SymPy raises many types; any of them means "undecided"
        return None, f"SymPy raised {type(err).__name__}"


def is_zero(expr: sp.Expr, seconds: float = STEP_SECONDS) -> tuple[bool, str]:
    """Whether ``expr`` is exactly zero: it is ``0`` as built, or ``simplify`` makes it
    so. ``expand`` alone is not trusted (it leaves equal transcendental forms apart)."""
    if expr == 0:
        return True, "identical after SymPy's canonical form"
    value, why = _attempt(lambda: sp.simplify(expr), seconds)
    if value is None:
        return False, why
    return value == 0, "simplify gives 0" if value == 0 else "simplify leaves a nonzero form"


def _sample_points(symbols: Sequence[sp.Symbol]) -> Iterator[dict[sp.Symbol, sp.Rational]]:
    values = [sp.Rational(v) for v in ("1/3", "-3/2", "7/2", "-1/5", "5", "-9", "1/17", "13/10")]
    for i in range(len(values)):
        yield {s: values[(i + 3 * k) % len(values)] for k, s in enumerate(symbols)}


def find_counterexample(
    expr: sp.Expr,
    holds: Callable[[intervals.Interval], bool | None],
    points: Iterable[Mapping[sp.Symbol, sp.Expr]] | None = None,
) -> tuple[dict[sp.Symbol, sp.Expr], intervals.Interval] | None:
    """A point where ``holds(enclosure of expr)`` is rigorously ``False``, or None.

    ``holds`` gets the interval enclosure and answers True/False/None (None: the
    interval is too wide to tell); only a definite False makes a counterexample.
    """
    syms = sorted(expr.free_symbols, key=lambda s: s.name)
    for point in points if points is not None else _sample_points(syms):
        env = {s: intervals.interval(v) for s, v in point.items()}
        try:
            with intervals.precision(200):
                enc = intervals.enclose(expr, env, finite=True)
        except intervals.NotEnclosable:
            continue
        if not _finite(enc):
            continue  # e.g. ln 0: the expression has no real value here, so no counterexample
        if holds(enc) is False:
            return dict(point), enc
    return None


def _finite(enc: intervals.Interval) -> bool:
    """Both ends finite: an infinite or NaN end means "no real value" (``ln 0``, ``1/0``)."""
    return bool(mpmath.isfinite(enc.a) and mpmath.isfinite(enc.b))


_GT0, _GE0, _LE0, _LT0 = "$> 0$", r"$\ge 0$", r"$\le 0$", "$< 0$"  # reason fragments


def _point_str(point: Mapping[sp.Symbol, sp.Expr]) -> str:
    return point_math(point)


def certify_identity(
    lhs: sp.Expr,
    rhs: sp.Expr,
    claim: str,
    points: Iterable[Mapping[sp.Symbol, sp.Expr]] | None = None,
) -> Step:
    """Prove ``lhs = rhs`` by ``simplify(lhs - rhs) == 0``; refute it at a point where an
    interval enclosure of ``lhs - rhs`` excludes 0; otherwise ``unknown``."""
    diff = sp.sympify(lhs) - sp.sympify(rhs)
    zero, why = is_zero(diff)
    if zero:
        return Step(claim, "identity", PROVED, why)
    found = find_counterexample(diff, lambda enc: None if intervals.contains_zero(enc) else False,
                                points)
    if found:
        point, enc = found
        where = f"at {_point_str(point)} " if point else ""
        return Step(claim, "counterexample", REFUTED,
                    f"{where}the difference lies in {interval_math(enc)}, which excludes 0")
    return Step(claim, "identity", UNKNOWN, f"not shown equal: {why}")


def certify_nonnegative(
    expr: sp.Expr,
    certificate: sp.Expr,
    claim: str,
    strict: bool = False,
    points: Iterable[Mapping[sp.Symbol, sp.Expr]] | None = None,
) -> Step:
    r"""Prove ``expr >= 0`` (``> 0`` if ``strict``) from an explicit certificate.

    Two checks, both exact: ``simplify(expr - certificate) == 0``, and SymPy's
    assumptions decide the certificate nonnegative (positive) from its structure, e.g.
    ``(s - 1/2)^2`` for real ``s``. A point where ``expr`` is rigorously negative refutes.
    """
    equal, why = is_zero(sp.sympify(expr) - sp.sympify(certificate))
    sign = certificate.is_positive if strict else certificate.is_nonnegative
    if equal and sign is True:
        return Step(claim, "certificate", PROVED,
                    f"{_GT0 if strict else _GE0} by the certificate {math(certificate)}")
    bad = (lambda enc: False if enc.b <= 0 else None) if strict else (
        lambda enc: False if enc.b < 0 else None)
    found = find_counterexample(sp.sympify(expr), bad, points)
    if found:
        point, enc = found
        where = f"at {_point_str(point)} " if point else ""
        return Step(claim, "counterexample", REFUTED,
                    f"{where}the expression lies in {interval_math(enc)}")
    reason = why if not equal else "the certificate's sign is not decided by its structure"
    return Step(claim, "certificate", UNKNOWN, f"certificate not accepted: {reason}")


def certify_solve(
    equation: sp.Expr,
    var: sp.Symbol,
    domain: sp.Set,
    expected: Iterable[sp.Expr],
    claim: str,
) -> Step:
    """Prove that the solutions of ``equation = 0`` for ``var`` in ``domain`` are exactly
    ``expected``; a finite solution set that differs refutes; anything else is unknown."""
    sols, why = _attempt(lambda: sp.solveset(equation, var, domain))
    if sols is None:
        return Step(claim, "solve", UNKNOWN, f"solveset failed: {why}")
    if not isinstance(sols, sp.FiniteSet):
        return Step(claim, "solve", UNKNOWN, f"solveset returned {type(sols).__name__}")
    want = list(expected)
    got = list(sols)
    unmatched = list(want)
    for s in got:
        match = next((e for e in unmatched if is_zero(s - e)[0]), None)
        if match is None:
            return Step(claim, "solve", REFUTED, f"solveset finds the solution {math(s)}, "
                        "not among those claimed")
        unmatched.remove(match)
    if unmatched:
        return Step(claim, "solve", REFUTED,
                    f"claimed solution {math(unmatched[0])} is not a solution")
    return Step(claim, "solve", PROVED, f"solveset gives exactly {math(sols)}")


def certify_enclosure(
    enclosure: intervals.Interval,
    lo: sp.Expr | str,
    hi: sp.Expr | str,
    claim: str,
    how: str,
) -> Step:
    """Prove ``value in [lo, hi]`` from a rigorous ``enclosure`` of the value; refute if
    the enclosure is disjoint from ``[lo, hi]``; unknown if they only overlap."""
    box = intervals.interval(lo, hi)
    enc, shown = interval_math(enclosure), f"$[{number_math(lo)}, {number_math(hi)}]$"
    if not _finite(enclosure):
        return Step(claim, "interval", UNKNOWN, f"{how}: enclosure {enc} is not finite")
    if box.a <= enclosure.a and enclosure.b <= box.b:
        return Step(claim, "interval", PROVED, f"{how}: enclosure {enc} lies in {shown}")
    if enclosure.b < box.a or box.b < enclosure.a:
        return Step(claim, "interval", REFUTED,
                    f"{how}: enclosure {enc} is disjoint from {shown}")
    return Step(claim, "interval", UNKNOWN, f"{how}: enclosure {enc} overlaps {shown}")


def certify_sign(expr: sp.Expr, claim: str, strict: bool = False) -> Step:
    """Prove the constant ``expr >= 0`` (``> 0`` if ``strict``) from a rigorous interval
    enclosure at 60, 200 and 1000 bits: proved when the enclosure lies in ``[0, oo)``
    (``(0, oo)``), refuted when it lies in ``(-oo, 0)`` (``(-oo, 0]``), else unknown.
    Only for expressions without free symbols."""
    e = sp.sympify(expr)
    if e.free_symbols:
        return Step(claim, "interval", UNKNOWN, "not a constant: certify_sign needs no variables")
    enc = None
    for bits in (60, 200, 1000):
        try:
            with intervals.precision(bits):
                enc = intervals.enclose(e, {}, finite=True)
        except intervals.NotEnclosable as err:
            return Step(claim, "interval", UNKNOWN, f"no enclosure: {err}")
        if not _finite(enc):
            return Step(claim, "interval", UNKNOWN, f"enclosure {interval_math(enc)} is not finite")
        if (enc.a > 0) if strict else (enc.a >= 0):
            return Step(claim, "interval", PROVED, f"enclosure {interval_math(enc)} at {bits} "
                        f"bits is {_GT0 if strict else _GE0}")
        if (enc.b <= 0) if strict else (enc.b < 0):
            return Step(claim, "interval", REFUTED, f"enclosure {interval_math(enc)} at {bits} "
                        f"bits is {_LE0 if strict else _LT0}")
    return Step(claim, "interval", UNKNOWN,
                f"enclosure {interval_math(enc)} contains 0 at 1000 bits")


def certify_same(derived: sp.Expr, claimed: sp.Expr, claim: str, how: str) -> Step:
    """Prove ``derived = claimed`` when SymPy builds both to the same canonical expression
    (structural equality, no simplification: cheap for products of thousands of factors).
    Anything else is ``unknown`` here; a caller may still refute with ``certify_differ``."""
    if derived == claimed:
        return Step(claim, "identity", PROVED, f"{how} gives the same expression")
    return Step(claim, "identity", UNKNOWN, f"{how} gives a different expression")


def certify_differ(enclosure: intervals.Interval, claim: str, where: str) -> Step:
    """Refute ``lhs = rhs`` from a rigorous enclosure of ``lhs - rhs`` at a point (``where``)
    that is finite and excludes 0; otherwise ``unknown``."""
    if _finite(enclosure) and not intervals.contains_zero(enclosure):
        return Step(claim, "counterexample", REFUTED,
                    f"at {where} the difference lies in {interval_math(enclosure)}, which "
                    "excludes 0")
    return Step(claim, "counterexample", UNKNOWN, f"at {where} the difference "
                f"{interval_math(enclosure)} may be 0")


def certify_all(claim: str, method: str, steps: Sequence[Step], reason: str) -> Step:
    """Combine sub-steps into one: proved iff all are, refuted if one is."""
    verdicts = {s.verdict for s in steps}
    if REFUTED in verdicts:
        bad = next(s for s in steps if s.verdict == REFUTED)
        return Step(claim, method, REFUTED, f"{claim_rich(bad.claim)}: {bad.reason}")
    if verdicts == {PROVED}:
        return Step(claim, method, PROVED, reason)
    bad = next(s for s in steps if s.verdict != PROVED)
    return Step(claim, method, UNKNOWN, f"{claim_rich(bad.claim)}: {bad.reason}")


def evidence(claim: str, reason: str) -> Step:
    """A step that records evidence (sampling, floats, Monte Carlo): never proof."""
    return Step(claim, "evidence", EVIDENCE, reason)


def apply_rule(rule: str, premises: Sequence[Step], claim: str, reason: str = "") -> Step:
    """Conclude ``claim`` by the trusted rule ``rule`` (a key of ``RULES``) from checked
    ``premises``: proved iff every premise is proved; refuted if a premise is refuted;
    otherwise unknown. The step records ``rule`` and every rule its premises used."""
    if rule not in RULES:
        raise KeyError(f"{rule!r} is not a rule of the trusted base (derive.proof.RULES)")
    used = tuple(dict.fromkeys([r for p in premises for r in p.rules] + [rule]))
    why = reason or f"by the {rule} from {len(premises)} checked premise(s)"
    if not premises:
        return Step(claim, "rule", UNKNOWN, f"the {rule} needs checked premises", used)
    bad = next((p for p in premises if p.verdict == REFUTED), None)
    if bad is not None:
        return Step(claim, "rule", REFUTED,
                    f"premise refuted: {claim_rich(bad.claim)}: {bad.reason}", used)
    bad = next((p for p in premises if p.verdict != PROVED), None)
    if bad is not None:
        return Step(claim, "rule", UNKNOWN,
                    f"premise not proved: {claim_rich(bad.claim)}: {bad.reason}", used)
    return Step(claim, "rule", PROVED, why, used)

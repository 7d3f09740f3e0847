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


def _point_str(point: Mapping[sp.Symbol, sp.Expr]) -> str:
    return ", ".join(f"{s} = {v}" for s, v in point.items())


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
        return Step(claim, "counterexample", REFUTED,
                    f"at {_point_str(point)} the difference lies in {enc}, which excludes 0")
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
                    f"{'>' if strict else '>='} 0 by the certificate {sp.sstr(certificate)}")
    bad = (lambda enc: False if enc.b <= 0 else None) if strict else (
        lambda enc: False if enc.b < 0 else None)
    found = find_counterexample(sp.sympify(expr), bad, points)
    if found:
        point, enc = found
        return Step(claim, "counterexample", REFUTED,
                    f"at {_point_str(point)} the expression lies in {enc}")
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
            return Step(claim, "solve", REFUTED, f"solveset finds the solution {sp.sstr(s)}, "
                        "not among those claimed")
        unmatched.remove(match)
    if unmatched:
        return Step(claim, "solve", REFUTED,
                    f"claimed solution {sp.sstr(unmatched[0])} is not a solution")
    return Step(claim, "solve", PROVED, f"solveset gives exactly {sp.sstr(sols)}")


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
    if not _finite(enclosure):
        return Step(claim, "interval", UNKNOWN, f"{how}: enclosure {enclosure} is not finite")
    if box.a <= enclosure.a and enclosure.b <= box.b:
        return Step(claim, "interval", PROVED, f"{how}: enclosure {enclosure} lies in {box}")
    if enclosure.b < box.a or box.b < enclosure.a:
        return Step(claim, "interval", REFUTED,
                    f"{how}: enclosure {enclosure} is disjoint from {box}")
    return Step(claim, "interval", UNKNOWN, f"{how}: enclosure {enclosure} overlaps {box}")


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
            return Step(claim, "interval", UNKNOWN, f"enclosure {enc} is not finite")
        if (enc.a > 0) if strict else (enc.a >= 0):
            return Step(claim, "interval", PROVED, f"enclosure {enc} at {bits} bits is "
                        f"{'> 0' if strict else '>= 0'}")
        if (enc.b <= 0) if strict else (enc.b < 0):
            return Step(claim, "interval", REFUTED, f"enclosure {enc} at {bits} bits is "
                        f"{'<= 0' if strict else '< 0'}")
    return Step(claim, "interval", UNKNOWN, f"enclosure {enc} contains 0 at 1000 bits")


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
                    f"at {where} the difference lies in {enclosure}, which excludes 0")
    return Step(claim, "counterexample", UNKNOWN, f"at {where} the difference {enclosure} "
                "may be 0")


def certify_all(claim: str, method: str, steps: Sequence[Step], reason: str) -> Step:
    """Combine sub-steps into one: proved iff all are, refuted if one is."""
    verdicts = {s.verdict for s in steps}
    if REFUTED in verdicts:
        bad = next(s for s in steps if s.verdict == REFUTED)
        return Step(claim, method, REFUTED, f"{bad.claim}: {bad.reason}")
    if verdicts == {PROVED}:
        return Step(claim, method, PROVED, reason)
    bad = next(s for s in steps if s.verdict != PROVED)
    return Step(claim, method, UNKNOWN, f"{bad.claim}: {bad.reason}")


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
        return Step(claim, "rule", REFUTED, f"premise refuted: {bad.claim}: {bad.reason}", used)
    bad = next((p for p in premises if p.verdict != PROVED), None)
    if bad is not None:
        return Step(claim, "rule", UNKNOWN, f"premise not proved: {bad.claim}: {bad.reason}",
                    used)
    return Step(claim, "rule", PROVED, why, used)


# ============================================================================ box certificates
# Appended by the real-analysis prover (issue 11): ``certify_on_boxes`` re-checks a
# certificate tree built by ``derive.realprove`` (interval branch-and-bound) and is the only
# place that turns it into ``proved``; ``refute_at`` checks a counterexample point.

RULES["identity theorem"] = ("a real-analytic function on an interval that vanishes on a "
                             "subinterval vanishes on the whole interval")
RULES["positive homogeneity"] = ("if f(t p) = t^k f(p) for all t > 0 and f >= 0 on the "
                                 "boundary of the unit square, then f >= 0 on the cone")

Bound = tuple  # (lo, hi): exact sp.Rational ends, None for -oo / +oo


@dataclass(frozen=True)
class BoxProblem:
    """``slack >= 0`` (``> 0`` if ``strict``) at every point of the box ``bounds`` (ends open
    as listed in ``opens``) that satisfies every constraint ``(g, kind)`` (``g >= 0``,
    ``g > 0`` or ``g != 0`` for kind ``ge``, ``gt``, ``ne``) and where every subexpression of
    ``slack`` is real and defined."""

    slack: sp.Expr
    strict: bool
    variables: tuple[sp.Symbol, ...]
    bounds: tuple[Bound, ...]
    opens: frozenset  # {(variable index, "lo" | "hi")}: domain ends that are excluded
    constraints: tuple[tuple[sp.Expr, str], ...] = ()

    def derivative(self, deriv: tuple[int, ...]) -> sp.Expr:
        """The partial derivative of ``slack`` along the variable indices ``deriv``."""
        return _derivative(self.slack, self.variables, deriv)


def _derivative(slack: sp.Expr, variables: tuple, deriv: tuple[int, ...]) -> sp.Expr:
    key = (slack, variables, deriv)
    got = _DERIVATIVES.get(key)
    if got is None:
        got = slack if not deriv else sp.diff(_derivative(slack, variables, deriv[:-1]),
                                              variables[deriv[-1]])
        if len(_DERIVATIVES) > 2048:
            _DERIVATIVES.clear()
        _DERIVATIVES[key] = got
    return got


_DERIVATIVES: dict = {}


@dataclass(frozen=True)
class BoxNode:
    """One claim of a box certificate: ``sign * d^deriv slack`` is ``>= 0`` on ``box``
    (``> 0`` off the faces in ``opens`` if ``strict``), justified by ``kind``:

    * ``enc``: a rigorous enclosure on the box has the sign (for ``deriv == ()``, over the
      points where the slack is defined; for derivatives, defined on the whole box);
    * ``mvf``: the mean-value form ``g(c) + sum_v g_v(box) (box_v - c_v)`` has the sign;
    * ``excluded``: a domain constraint fails on the whole box (``deriv == ()`` only);
    * ``zero``: the box is a point where SymPy simplifies ``g`` to exactly 0 (not strict);
    * ``mono``: along ``var`` the function moves in direction ``dir`` (children: the sign of
      the derivative on the box, then the claim on the face it starts from);
    * ``limit``: the box is ``[c, +oo)`` in one variable, ``g`` decreases on it (child) and
      SymPy's exact limit at ``+oo`` has the sign;
    * ``split``: the two children cover the box, cut at ``cut`` along ``var``;
    * ``unabs``: the child proves the claim for ``unabs(slack, box)``, the slack with every
      ``|u|`` whose argument has a sign on the box replaced by ``u`` or ``-u``;
    * ``scaled``: ``cut`` is a factor ``P > 0`` on the box (enclosure) and the child proves
      the claim for ``expr = slack * P`` (the product simplifies to it exactly, with each
      variable's sign on the box as a SymPy assumption: ``|x| = x`` where ``x >= 0``).
    """

    kind: str
    deriv: tuple[int, ...]
    box: tuple[Bound, ...]
    sign: int
    strict: bool
    opens: frozenset = frozenset()
    var: int = -1
    dir: int = 0
    cut: Any = None
    children: tuple = ()
    expr: Any = None  # set on the child of a ``scaled`` node: the new function (inherited)


def _box_env(box: Sequence[Bound]) -> list:
    from flint import fmpq

    out = []
    for lo, hi in box:
        a = intervals.NEG_INF if lo is None else intervals.arb(fmpq(int(lo.p), int(lo.q)))
        b = intervals.POS_INF if hi is None else intervals.arb(fmpq(int(hi.p), int(hi.q)))
        out.append(intervals.Iv(intervals._dn(a), intervals._up(b)))
    return out


def box_enclosure(problem: BoxProblem, deriv: tuple[int, ...], box: Sequence[Bound],
                  defined: bool) -> intervals.Iv | None:
    """The enclosure of ``d^deriv slack`` on ``box`` (``intervals.Compiled``; None: the
    slack is nowhere defined on the box; ``NotEnclosable`` propagates)."""
    f = intervals.compile_expr(problem.derivative(deriv), problem.variables)
    return f(_box_env(box), defined=defined)


def _signed_ok(enc: intervals.Iv | None, sign: int, strict: bool) -> bool:
    if enc is None:
        return False
    lo = enc.lo if sign > 0 else -enc.hi
    return bool(lo > 0) if strict else bool(lo >= 0)


def _face(box: Sequence[Bound], var: int, side: str) -> tuple[Bound, ...]:
    lo, hi = box[var]
    end = lo if side == "lo" else hi
    return tuple((end, end) if i == var else b for i, b in enumerate(box))


def _inside(inner: Sequence[Bound], outer: Sequence[Bound]) -> bool:
    for (a, b), (c, d) in zip(inner, outer):
        if c is not None and (a is None or a < c):
            return False
        if d is not None and (b is None or b > d):
            return False
    return True


def _node_ok(problem: BoxProblem, node: BoxNode, deadline: float,
             rewritten: bool = False) -> tuple[bool, str]:
    """Re-check ``node`` and its children; (holds, why not). Only the child of a
    ``scaled`` or ``unabs`` node (``rewritten``) may carry its own function ``expr``."""
    if time.monotonic() > deadline:
        return False, "time budget spent re-checking the certificate"
    if node.expr is not None and not rewritten:
        return False, "a function replaced outside a scaled or unabs node"
    if node.expr is not None:
        problem = BoxProblem(node.expr, problem.strict, problem.variables, problem.bounds,
                             problem.opens, problem.constraints)
    g, box, s, strict = node.deriv, node.box, node.sign, node.strict
    try:
        with intervals.precision(64):
            if node.kind == "enc":
                enc = box_enclosure(problem, g, box, defined=bool(g))
                if enc is None and not g:
                    return True, ""  # the slack is defined nowhere on the box
                return _signed_ok(enc, s, strict), f"enclosure {enc} on {box}"
            if node.kind == "excluded":
                if g:
                    return False, "a derivative claim cannot use the domain"
                for c, kind in problem.constraints:
                    enc = intervals.compile_expr(c, problem.variables)(_box_env(box))
                    if enc is None:
                        return True, ""
                    if kind == "ge" and enc.hi < 0 or kind == "gt" and enc.hi <= 0:
                        return True, ""
                    if kind == "ne" and enc.lo.is_zero() and enc.hi.is_zero():
                        return True, ""
                return False, f"no constraint fails on {box}"
            if node.kind == "zero":
                if strict or any(lo is None or lo != hi for lo, hi in box):
                    return False, "zero needs a point and a non-strict claim"
                box_enclosure(problem, g, box, defined=True)  # defined there
                point = {v: lo for v, (lo, _) in zip(problem.variables, box)}
                zero, why = is_zero(problem.derivative(g).xreplace(point), 2.0)
                return zero, why
            if node.kind == "mvf":
                c = node.cut
                if any(lo is None or hi is None or not lo <= ci <= hi
                       for (lo, hi), ci in zip(box, c)):
                    return False, "mean-value form needs a finite box around its centre"
                box_enclosure(problem, g, box, defined=True)  # differentiable premise
                at = box_enclosure(problem, g, [(ci, ci) for ci in c], defined=True)
                env = _box_env(box)
                centre = _box_env([(ci, ci) for ci in c])
                total = at
                for v in range(len(box)):
                    dv = box_enclosure(problem, g + (v,), box, defined=True)
                    total = total + dv * (env[v] - centre[v])
                return _signed_ok(total, s, strict), f"mean-value form {total} on {box}"
        if node.kind == "split":
            v, cut = node.var, node.cut
            lo, hi = box[v]
            if cut is None or (lo is not None and not lo < cut) or (hi is not None and
                                                                   not cut < hi):
                return False, "split point outside the box"
            want = (tuple((lo, cut) if i == v else b for i, b in enumerate(box)),
                    tuple((cut, hi) if i == v else b for i, b in enumerate(box)))
            if len(node.children) != 2:
                return False, "a split has two children"
            for child, part in zip(node.children, want):
                if (child.box != part or child.deriv != g or child.sign != s
                        or child.strict != strict or not child.opens <= node.opens):
                    return False, "split children do not cover the box with the same claim"
                ok, why = _node_ok(problem, child, deadline)
                if not ok:
                    return False, why
            return True, ""
        if node.kind in ("mono", "limit"):
            return _mono_ok(problem, node, deadline)
        if node.kind == "unabs":
            (child,) = node.children
            if (g or child.deriv != () or child.box != box or child.sign != s
                    or child.strict != strict or not child.opens <= node.opens):
                return False, "malformed unabs node"
            if child.expr is None or child.expr != unabs(problem.slack, problem.variables, box):
                return False, "the child is not the slack with its |u| resolved on the box"
            return _node_ok(problem, child, deadline, rewritten=True)
        if node.kind == "scaled":
            (child,) = node.children
            if (g or child.expr is None or child.deriv != () or child.box != box
                    or child.sign != s or child.strict != strict
                    or not child.opens <= node.opens):
                return False, "malformed scaled node"
            # the identity may use the sign of each variable on the box
            signs = {}
            for v, (lo, hi) in zip(problem.variables, box):
                if lo is not None and lo >= 0:
                    signs[v] = sp.Symbol(v.name, nonnegative=True)
                elif hi is not None and hi <= 0:
                    signs[v] = sp.Symbol(v.name, nonpositive=True)
            back = {b: a for a, b in signs.items()}
            with intervals.precision(64):
                factor = intervals.compile_expr(node.cut, problem.variables)(
                    _box_env(box), defined=True)
            if not factor.lo > 0:
                return False, f"the factor {node.cut} is not shown > 0 on {box}"
            if child.expr in _rescalings(problem.slack, node.cut, signs, back):
                # built from the slack's own subterms (expand / powsimp / together): defined
                # wherever the slack is
                return _node_ok(problem, child, deadline, rewritten=True)
            with intervals.precision(64):
                # otherwise the new function must be defined on the whole box, so that it
                # covers every point where the slack is defined
                intervals.compile_expr(child.expr, problem.variables)(_box_env(box), True)
            same, why = is_zero((problem.slack * node.cut - child.expr).xreplace(signs), 5.0)
            if not same:
                return False, f"slack * {node.cut} is not shown equal to {child.expr}: {why}"
            return _node_ok(problem, child, deadline, rewritten=True)
    except intervals.NotEnclosable as err:
        return False, f"no enclosure: {err}"
    return False, f"unknown certificate kind {node.kind!r}"


def _mono_ok(problem: BoxProblem, node: BoxNode, deadline: float) -> tuple[bool, str]:
    """``mono``/``limit``: the mean value theorem along ``node.var``."""
    g, box, s, v, d = node.deriv, node.box, node.sign, node.var, node.dir
    if len(node.children) != 2 or d not in (1, -1) or not 0 <= v < len(box):
        return False, "malformed monotone node"
    slope, start = node.children
    # the function and its derivative along v are defined on the whole box (MVT premises)
    with intervals.precision(64):
        box_enclosure(problem, g, box, defined=True)
        box_enclosure(problem, g + (v,), box, defined=True)
    if (slope.deriv != g + (v,) or slope.box != box or slope.sign != s * d
            or not slope.opens <= node.opens | {(v, "lo"), (v, "hi")}):
        return False, "the slope child does not match"
    side = "lo" if d == 1 else "hi"
    if node.kind == "limit":
        # d = -1 on [c, +oo): decreasing to its limit at +oo; d = +1 on (-oo, c]: increasing
        # from its limit at -oo; either way s*g >= the limit
        end = box[v][1] if d == -1 else box[v][0]
        if end is not None or len(box) != 1 or start is not None:
            return False, "a limit node is monotone towards an infinite end"
        ok, why = _node_ok(problem, slope, deadline)
        if not ok:
            return False, why
        at = sp.oo if d == -1 else -sp.oo
        lim, why = _attempt(lambda: sp.limit(problem.derivative(g), problem.variables[v], at),
                            5.0)
        if lim is None or not lim.is_real or not lim.is_finite:
            return False, f"no finite limit at {at} ({why or lim})"
        need = node.strict and not slope.strict
        step = certify_sign(s * lim, "limit", strict=need)
        if step.verdict == PROVED or not need or node.cut != "analytic":
            return step.verdict == PROVED, step.reason
        # strict from a limit 0: s*g is real-analytic on the box (no |.|, max, steps; g'
        # defined on it), > 0 at the finite end and monotone, so a zero would make it
        # vanish on a whole tail, hence everywhere (identity theorem): contradiction
        if certify_sign(s * lim, "limit", strict=False).verdict != PROVED:
            return False, step.reason
        expr = problem.derivative(g)
        if expr.has(sp.Abs, sp.sign, sp.Max, sp.Min, sp.Heaviside, sp.Piecewise, sp.floor,
                    sp.ceiling):
            return False, "not real-analytic"
        finite = box[v][0] if d == -1 else box[v][1]
        with intervals.precision(64):
            e = box_enclosure(problem, g, [(finite, finite)], defined=True)
        if not _signed_ok(e, s, True):
            return False, "not > 0 at the finite end"
        return True, ""
    if box[v][0 if side == "lo" else 1] is None:
        return False, "monotone from an infinite end"
    if start.box != _face(box, v, side) or start.deriv != g or start.sign != s:
        return False, "the start face does not match"
    if not start.opens <= node.opens:
        return False, "the start face excludes more than the box"
    if node.strict and not start.strict:
        if not (slope.strict and (v, side) in node.opens):
            return False, "strict needs a strict start or a strictly monotone open start"
    for child in (slope, start):
        ok, why = _node_ok(problem, child, deadline)
        if not ok:
            return False, why
    return True, ""


def certify_on_boxes(problem: BoxProblem, root: BoxNode, claim: str,
                     seconds: float = 30.0) -> Step:
    """Prove the ``problem``'s claim from a box certificate: the root covers the domain's
    box with the claim's sign and strictness, and every node re-checks (``BoxNode``); the
    monotone nodes use the mean value theorem. Anything short of that is ``unknown``."""
    if (root.deriv != () or root.box != problem.bounds or root.sign != 1
            or root.strict != problem.strict or not root.opens <= problem.opens):
        return Step(claim, "interval", UNKNOWN, "the certificate does not cover the domain")
    for i, (v, (lo, hi)) in enumerate(zip(problem.variables, problem.bounds)):
        # every finite end of the box is one of the problem's constraints, as strict as it
        for end, g, side in ((lo, v - lo if lo is not None else None, "lo"),
                             (hi, hi - v if hi is not None else None, "hi")):
            if end is None:
                continue
            kinds = {k for c, k in problem.constraints if sp.expand(c - g) == 0}
            if not kinds & ({"gt"} if (i, side) in problem.opens else {"ge", "gt"}):
                return Step(claim, "interval", UNKNOWN, f"the box end {v} {side} {end} is "
                            "not a constraint of the problem")
    ok, why = _node_ok(problem, root, time.monotonic() + seconds)
    if not ok:
        return Step(claim, "interval", UNKNOWN, f"certificate rejected: {why}")
    count = _count_nodes(root)
    uses_mvt = any(n.kind in ("mono", "mvf", "limit") for n in _walk(root))
    rules = ("mean value theorem",) if uses_mvt else ()
    if any(n.kind == "limit" and n.cut == "analytic" for n in _walk(root)):
        rules += ("identity theorem",)
    return Step(claim, "interval", PROVED,
                f"interval branch-and-bound: {count['leaves']} boxes re-checked"
                + (f", {count['mono']} monotone pieces" if count["mono"] else "")
                + (f", {count['zero']} exact touching points" if count["zero"] else ""),
                rules)


def _walk(node: BoxNode) -> Iterator[BoxNode]:
    yield node
    for c in node.children:
        if c is not None:
            yield from _walk(c)


def _count_nodes(root: BoxNode) -> dict[str, int]:
    out = {"leaves": 0, "mono": 0, "zero": 0}
    for n in _walk(root):
        if n.kind in ("enc", "excluded", "mvf", "zero"):
            out["leaves"] += 1
        if n.kind in ("mono", "limit"):
            out["mono"] += 1
        if n.kind == "zero":
            out["zero"] += 1
    return out


def refute_at(problem: BoxProblem, point: Sequence[sp.Rational], claim: str) -> Step:
    """Refute the ``problem``'s claim at the exact rational ``point``: it lies in the box
    (off its open ends), every constraint holds there and the slack is defined there, by
    rigorous enclosures at 64 then 200 bits (or an exact SymPy zero for a strict claim);
    and the slack is ``< 0`` (``<= 0`` if strict). Otherwise ``unknown``."""
    where = ", ".join(f"{v} = {p}" for v, p in zip(problem.variables, point))
    for i, ((lo, hi), p) in enumerate(zip(problem.bounds, point)):
        if (lo is not None and (p < lo or (p == lo and (i, "lo") in problem.opens))) or \
           (hi is not None and (p > hi or (p == hi and (i, "hi") in problem.opens))):
            return Step(claim, "counterexample", UNKNOWN, f"{where} is outside the domain")
    pbox = [(p, p) for p in point]
    ok, enc = False, None
    for bits in (64, 200, 1000):
        try:
            with intervals.precision(bits):
                ok = True
                for c, kind in problem.constraints:
                    enc = intervals.compile_expr(c, problem.variables)(_box_env(pbox), True)
                    ok &= bool(enc.lo >= 0 if kind == "ge" else enc.lo > 0 if kind == "gt"
                               else (enc.lo > 0 or enc.hi < 0))
                if not ok:
                    continue
                enc = box_enclosure(problem, (), pbox, defined=True)
        except intervals.NotEnclosable as err:
            return Step(claim, "counterexample", UNKNOWN, f"at {where}: {err}")
        if (enc.hi <= 0) if problem.strict else (enc.hi < 0):
            shown = intervals.to_interval(enc)
            return Step(claim, "counterexample", REFUTED,
                        f"at {where} (in the domain) the slack lies in {shown}, "
                        f"{'<= 0' if problem.strict else '< 0'}")
        if enc.lo > 0 or (enc.lo >= 0 and not problem.strict):
            break  # the statement holds at this point
    if problem.strict and ok and enc is not None and enc.lo <= 0 <= enc.hi:
        zero, _ = is_zero(problem.slack.xreplace(dict(zip(problem.variables, point))), 2.0)
        if zero:
            return Step(claim, "counterexample", REFUTED,
                        f"at {where} (in the domain) the slack is exactly 0, not > 0")
    return Step(claim, "counterexample", UNKNOWN, f"at {where} the slack is not shown negative")


def unabs(expr: sp.Expr, variables: Sequence[sp.Symbol], box: Sequence[Bound]) -> sp.Expr:
    """``expr`` with each ``|u|`` (innermost first) whose argument's enclosure on ``box`` is
    ``>= 0`` replaced by ``u``, ``<= 0`` by ``-u`` (equal to ``expr`` on the box)."""
    env = _box_env(box)
    for _ in range(8):
        swap = {}
        for a in expr.atoms(sp.Abs):
            u = a.args[0]
            if u.has(sp.Abs):
                continue
            try:
                with intervals.precision(64):
                    e = intervals.compile_expr(u, tuple(variables))(env, defined=True)
            except intervals.NotEnclosable:
                continue
            if e.lo >= 0:
                swap[a] = u
            elif e.hi <= 0:
                swap[a] = -u
        if not swap:
            return expr
        expr = expr.xreplace(swap)
    return expr


def _rescalings(slack: sp.Expr, factor: sp.Expr, signs: dict, back: dict) -> list[sp.Expr]:
    """The forms of ``slack * factor`` the engine builds, recomputed: ``expand`` (after
    ``powsimp``) with the variables' signs, and the numerator of ``together(slack)`` when
    ``factor`` is its denominator (up to sign)."""
    out = []
    try:
        if factor == 1:
            out.append(sp.expand(slack.xreplace(signs)).xreplace(back))
        out.append(sp.expand(sp.powsimp((slack * factor).xreplace(signs))).xreplace(back))
        num, den = sp.fraction(sp.together(slack))
        if factor == den:
            out += [num, sp.expand(num)]
        if factor == -den:
            out += [-num, sp.expand(-num), -sp.expand(num)]
    except Exception:  # SymPy failing here only means no structural match
        pass
    return out

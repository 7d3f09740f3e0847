r"""The proof kernel: the one place that decides ``proved``.

A ``Proof`` is a list of ``Step``s; each step is made by one of the ``certify_*`` functions
(or ``apply_rule`` / ``certify_all``) below, and only code in this module can give a step
the verdict ``proved`` (``Step(..., PROVED, ...)`` anywhere else raises ``KernelError``):

* ``certify_identity``: ``simplify(lhs - rhs)`` is exactly ``0`` (on the domain, see below);
* ``certify_nonnegative``: ``expr - certificate`` simplifies to exactly ``0`` and the
  certificate (e.g. a square) is nonnegative by SymPy's structural assumptions;
* ``certify_solve``: the solutions of ``equation = 0`` are exactly the claimed ones: by
  ``solveset`` when there are no parameters; with parameters, by an exact factorisation
  ``numerator = c (v - e_1) ... (v - e_k)`` whose constant ``c`` is nonzero for every
  parameter value (by the parameters' assumptions);
* ``certify_enclosure``: a rigorous interval enclosure lies inside the claimed box, the two
  compared as exact rationals (the enclosure's endpoints are dyadic rationals);
* ``certify_sign``, ``certify_same``: the sign of a constant by intervals; structural equality.

Exactness: decisions see exact numbers only (``exact``): ints, ``Fraction``s, SymPy
rationals and decimal strings (read exactly, ``"0.1"`` is ``1/10``). A SymPy ``Float`` or a
Python ``float`` anywhere in what a ``certify_*`` function is given makes the step
``unknown`` ("not exact: ..."), never ``proved`` or ``refuted``; ``exact`` itself raises
``InexactNumber`` (an ``InputError``, so the CLI prints one line and exits 2).

Domain convention: a statement is asserted wherever every subexpression is real and
defined. ``definedness(expr)`` lists those conditions for an expression as built; the kernel
adds them for what it is given, and callers pass ``domain=`` for the conditions of what the
user wrote (SymPy rewrites ``sqrt(x)**2`` to ``x`` at construction, dropping ``x >= 0``).
Counterexample points satisfy the symbols' assumptions and the domain (checked with rigorous
intervals); symbol conditions of the domain (``x > 0``) are also used as assumptions when
simplifying.

``refuted`` needs a counterexample checked exactly or with intervals; everything else
(SymPy answered ``None``, a ``ConditionSet``, an exception, a timeout) is ``unknown``.
Statistical runs are recorded with ``evidence`` and never count as proof.
"""

from __future__ import annotations

import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from numbers import Rational as _PyRational
from typing import Any

import mpmath
import sympy as sp
from mpmath import libmp

from derive import clock, intervals, polygens, symdiff  # noqa: F401 (polygens: caps SymPy)
from derive.errors import InputError
from derive.latex import claim_rich, interval_math, point_math
from derive.latex import math as tex_math  # not the standard library's math


class Verdict(str, Enum):
    """The four verdicts; a ``str`` Enum, so it prints and serialises as its value."""

    PROVED = "proved"
    REFUTED = "refuted"
    UNKNOWN = "unknown"
    EVIDENCE = "evidence"

    def __str__(self) -> str:
        return self.value


PROVED, REFUTED, UNKNOWN, EVIDENCE = (Verdict.PROVED, Verdict.REFUTED, Verdict.UNKNOWN,
                                     Verdict.EVIDENCE)
VERDICTS = tuple(Verdict)

# The trusted base: inference rules the kernel takes on trust, applied (``apply_rule``) only
# to premises that are themselves checked steps. Name -> the rule, in words.
RULES: dict[str, str] = {
    "chain rule": "the multivariable chain rule for differentiable functions",
    "induction": "mathematical induction: a proved base case and a proved step give every n",
    "mean value theorem": "f(b) - f(a) = f'(c)(b - a) for some c in (a, b), f differentiable",
    "operator norm": "||A u|| <= ||A||_2 ||u|| for the spectral norm ||A||_2",
    "Stein's lemma": "E[g(Z) Z] = E[g'(Z)] for Z ~ N(0, 1) and g absolutely continuous",
    "binary logarithm": "ceil(log2 m) = k for integers m, k with 2^(k-1) < m <= 2^k",
    "fundamental theorem of calculus": "int_a^b f = F(b) - F(a) (limits at infinity) when F' = f",
}
# Rules whose premises have named roles: ``apply_rule`` needs at least these (an induction's
# step may come as several checked parts).
RULE_PREMISES: dict[str, tuple[str, ...]] = {"induction": ("base case", "induction step")}
STEP_SECONDS = 20.0  # SymPy gets this long per step before the step is "unknown"
POINT_BITS = 200  # working precision of the intervals that check points and counterexamples


class KernelError(RuntimeError):
    """A program (not a user) tried to bypass the kernel, e.g. build a proved Step itself."""


class InexactNumber(InputError):
    """A float where the kernel needs an exact number (int, Fraction, Rational, decimal str)."""


# ============================================================================ exact numbers

def exact(value: Any) -> sp.Expr:
    """``value`` as an exact SymPy expression, or ``InexactNumber``.

    ints, ``fractions.Fraction`` and SymPy rationals are themselves; a string is read as an
    exact decimal or fraction (``"0.1"`` is ``1/10``, ``"6.334e-5"``, ``"1/96"``; never
    parsed as an expression); a SymPy (or symengine) expression is returned when it holds no
    ``Float``. A Python ``float`` is read only when its binary value is exactly the decimal
    it prints as (``0.5``, ``7.0``; not ``0.1`` or ``1/96``); a SymPy ``Float`` inside an
    expression is always refused (arithmetic already rounded it: ``1 + Float("1e-30")`` is
    ``Float(1)``). No decision rests on a rounded number.
    """
    if isinstance(value, bool):
        raise InexactNumber(f"{value!r} is a truth value, not a number")
    if isinstance(value, int):
        return sp.Integer(value)
    if isinstance(value, float):
        try:  # inf and nan have no exact value
            shown = Fraction(value) == Fraction(repr(value))
        except (OverflowError, ValueError):
            shown = False
        if shown:
            return sp.Rational(repr(value))  # 0.5, 7.0: the binary value is the decimal shown
        raise InexactNumber(f"{value!r} is a floating-point number whose binary value is not "
                            f"the decimal it shows; give it exactly as an int, a Fraction, a "
                            f"Rational or a decimal string such as '{value!r}'")
    if isinstance(value, str):
        text = value.strip()
        try:
            frac = Fraction(text)
        except (ValueError, ZeroDivisionError):
            raise InexactNumber(f"not an exact decimal or fraction: {value!r}") from None
        return sp.Rational(frac.numerator, frac.denominator)
    if isinstance(value, _PyRational) and not isinstance(value, sp.Basic):
        return sp.Rational(int(value.numerator), int(value.denominator))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InexactNumber(f"not a finite number: {value}")
        frac = Fraction(value)
        return sp.Rational(frac.numerator, frac.denominator)
    if isinstance(value, sp.Basic):
        floats = value.atoms(sp.Float)
        if floats:
            raise InexactNumber(f"the floating-point number {sorted(map(str, floats))[0]} in "
                                f"{sp.sstr(value)[:80]}; write it as a Rational or a decimal "
                                "string")
        return value
    if _is_symengine(value):  # the chain engine's exact C++ expressions (derive/chain.py)
        import symengine as se

        floats = value.atoms(se.RealNumber)
        if floats:
            raise InexactNumber(f"the floating-point number {sorted(map(str, floats))[0]} in a "
                                "symengine expression; write it as a Rational")
        return value
    raise InexactNumber(f"{str(value)[:80]} ({type(value).__name__}) is not an exact number")


def _is_symengine(value: Any) -> bool:
    return type(value).__module__.startswith("symengine")


def _raw_rational(raw: tuple) -> sp.Rational:
    if raw in (libmp.finf, libmp.fninf, libmp.fnan):
        raise ValueError("an endpoint is not finite")
    p, q = libmp.to_rational(raw)
    return sp.Rational(int(p), int(q))


def dyadic(x: Any) -> sp.Rational:
    """A binary floating-point number (an mpmath ``mpf``, or a one-point mpmath interval
    such as ``Interval.a``: a dyadic rational ``man * 2^exp``) as the exact SymPy Rational it
    is; ``ValueError`` for an infinite or NaN value."""
    if hasattr(x, "_mpi_"):
        return _raw_rational(x._mpi_[0])
    if hasattr(x, "_mpf_"):
        return _raw_rational(x._mpf_)
    raise TypeError(f"not a binary floating-point number: {x!r}")


def endpoints(enc: intervals.Interval) -> tuple[sp.Rational, sp.Rational]:
    """The endpoints of an interval as exact rationals; ``ValueError`` if one is infinite."""
    if hasattr(enc, "_mpi_"):
        lo, hi = enc._mpi_
        return _raw_rational(lo), _raw_rational(hi)
    return dyadic(enc.a), dyadic(enc.b)


def exact_text(r: sp.Rational) -> str:
    """An exact rational as its exact decimal when it terminates (``6.894151032272928``),
    else ``p/q``; never rounded."""
    q = int(r.q)
    for prime in (2, 5):
        while q % prime == 0:
            q //= prime
    if q != 1:
        return sp.sstr(r)
    frac = Fraction(int(r.p), int(r.q))
    digits = 0
    while frac.denominator != 1:  # terminating: multiply by 10 until an integer
        frac *= 10
        digits += 1
    text = str(abs(frac.numerator)).rjust(digits + 1, "0")
    body = text if digits == 0 else f"{text[:-digits]}.{text[-digits:]}"
    return ("-" if r < 0 else "") + body


# ============================================================================ steps

@dataclass(frozen=True)
class Step:
    """One checked step: what it claims (LaTeX), how it was decided, and the verdict.

    Only code in this module (the kernel) makes a step whose verdict is ``proved``: the
    constructor called from anywhere else, also through ``dataclasses.replace``, raises
    ``KernelError``."""

    claim: str
    method: str  # identity | certificate | solve | interval | induction | counterexample | evidence
    verdict: Verdict
    reason: str
    rules: tuple[str, ...] = ()  # names in RULES this step relied on (with its premises')

    def __post_init__(self) -> None:
        verdict = Verdict(self.verdict)
        object.__setattr__(self, "verdict", verdict)
        object.__setattr__(self, "rules", tuple(self.rules))
        if verdict is PROVED and not _called_from_kernel():
            raise KernelError("only derive.proof (certify_*, certify_all, apply_rule) makes a "
                              f"proved step; refused: {self.claim!r}")

    def to_dict(self) -> dict[str, Any]:
        return {"claim": self.claim, "method": self.method, "verdict": str(self.verdict),
                "reason": self.reason, "rules": list(self.rules)}


def _called_from_kernel() -> bool:
    """Whether the code constructing a Step (the caller of its ``__init__``) is this module."""
    frame = sys._getframe(2)  # 0: here, 1: Step.__post_init__, 2: Step.__init__
    if frame.f_code.co_name == "__init__":
        frame = frame.f_back
    return frame is not None and frame.f_globals.get("__name__") == __name__


def _proved(claim: str, method: str, reason: str, rules: Iterable[str] = ()) -> Step:
    """A proved step (kernel-private: every caller is in this module)."""
    return Step(claim, method, PROVED, reason, tuple(rules))


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
                "method": self.method, "rules": self.rules,
                "steps": [s.to_dict() for s in self.steps],
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


# A timer that fired while Python could not raise (inside a garbage-collector callback, a
# ``__del__``, or an ``except Exception`` in library code) is lost: the exception is printed
# as "ignored" and the work runs on unbounded. So the timer repeats every RETRY_SECONDS
# until the ``with`` block is left.
RETRY_SECONDS = 0.05


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise StepTimeout after ``seconds`` (on ``derive.clock``'s clock), and again every
    ``RETRY_SECONDS`` until the block is left (main thread only; elsewhere no limit). Catch
    it outside the block.

    May be nested: the inner limit is cut to what is left of the outer one, and the
    outer timer is restored (less the time spent) when the inner block ends. An infinite
    ``seconds`` alone sets no timer."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    live = [True]

    def _raise(signum, frame):
        if live[0]:  # (a signal pending while the block is left does nothing)
            raise StepTimeout

    # Where Python cannot raise, it prints the exception as "ignored" on stderr: for our own
    # timer that is noise (it fires again), so only other exceptions reach the usual hook.
    hook = sys.unraisablehook

    def _quiet(unraisable):
        if not isinstance(unraisable.exc_value, StepTimeout):
            hook(unraisable)

    # The working precisions are restored on exit: the timer may fire inside a precision
    # block's own restoring (mpmath's workdps, intervals.precision) and leave it changed.
    precisions = intervals.working_precisions()
    # Nesting: an enclosing limit that expires sooner wins, and is re-armed on exit.
    timer, alarm = clock.TIMER, clock.SIGNAL  # (the wall's, or the CPU's: derive.clock)
    outer, outer_retry = signal.getitimer(timer)
    t0 = clock.now()
    old = signal.signal(alarm, _raise)
    sys.unraisablehook = _quiet
    delay = min(seconds, outer) if outer > 0 else seconds
    if delay < float("inf"):  # (no limit at all: no timer; setitimer(inf) overflows)
        signal.setitimer(timer, delay, RETRY_SECONDS)
    try:
        yield
    finally:
        while True:  # a timer firing while the block is left must not skip the clean-up
            try:
                live[0] = False
                signal.setitimer(timer, 0)
                signal.signal(alarm, old)
                sys.unraisablehook = hook
                intervals.set_working_precisions(precisions)
                break
            except StepTimeout:
                continue
        if outer > 0:
            left = outer - (clock.now() - t0)
            signal.setitimer(timer, max(left, 1e-3), outer_retry)


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
    so, or (exact, with exponentials, logarithms or real powers) its exponential normal form
    ``_exp_normal`` is ``0``. ``expand`` alone is not trusted (it leaves equal
    transcendental forms apart)."""
    if expr == 0:
        return True, "identical after SymPy's canonical form"
    start = clock.now()
    value, why = _attempt(lambda: sp.simplify(expr), seconds)
    if value is None:
        return False, why
    if value == 0:
        return True, "simplify gives 0"
    left = seconds - (clock.now() - start)
    if left > 0 and not expr.has(sp.Float) and (expr.has(sp.exp, sp.log) or any(
            not p.exp.is_integer for p in expr.atoms(sp.Pow))):
        normal, _ = _attempt(lambda: _exp_normal(expr), left)
        if normal == 0:
            return True, "its exponential normal form is 0"
    return False, "simplify leaves a nonzero form"


def _exp_normal(expr: sp.Expr) -> sp.Expr:
    r"""A form of ``expr`` equal to it wherever ``expr`` is real and defined; what needs a
    positive base is done only when SymPy's assumptions on the symbols decide it positive
    (never ``force``d): ``b^c = e^{c \ln b}`` for a variable exponent; ``\ln(a b) = \ln a +
    \ln b``, ``\ln a^c = c \ln a`` (``expand_log``); ``(a b)^c = a^c b^c`` after a power's
    base has its common factor taken out (``factor_terms``, ``expand_power_base``); each
    ``e^u`` written ``\prod_m e^{c_m m} e^r`` (``u = \sum_m c_m m + r``, ``m`` the monomials
    in the logarithms of ``u``'s reduced numerator, ``c_m``, ``r`` reduced rational functions),
    so ``e^{c \ln t} = t^c`` comes out; then products expanded (``expand`` with no rewrite of
    powers or logarithms). So ``e^a - t e^b`` is ``0`` when ``a = b + \ln t`` exactly."""

    def parts(u: sp.Expr) -> sp.Expr:
        num, den = sp.fraction(sp.cancel(sp.together(u)))
        logs = sorted(num.atoms(sp.log), key=sp.default_sort_key)
        if not logs:
            return sp.exp(num / den)
        poly = sp.Poly(sp.expand(num), *logs)
        return sp.Mul(*[sp.exp(sp.cancel(c / den) * sp.Mul(*[g ** k for g, k in zip(logs, m)]))
                        for m, c in poly.terms()])

    e = expr.replace(lambda p: isinstance(p, sp.Pow) and bool(p.exp.free_symbols)
                     and p.base.is_positive is True, lambda p: sp.exp(p.exp * sp.log(p.base)))
    e = sp.expand_log(e, deep=True)
    e = e.replace(lambda p: isinstance(p, sp.Pow) and not p.exp.is_integer,
                  lambda p: sp.expand_power_base(sp.Pow(sp.factor_terms(p.base), p.exp)))
    e = e.replace(lambda p: isinstance(p, sp.exp), lambda p: parts(p.args[0]))
    return sp.expand(e, power_base=False, power_exp=False, log=False)


# ============================================================================ domains

Domain = Sequence[sp.Basic]  # relationals (x >= 0, x > 0, x != 0, ...) that all hold

_FUNC_CONDITIONS: dict[type, Callable[[sp.Expr], list[sp.Basic]]] = {
    sp.log: lambda a: [sp.Gt(a, 0)],
    sp.tan: lambda a: [sp.Ne(sp.cos(a), 0)],
    sp.sec: lambda a: [sp.Ne(sp.cos(a), 0)],
    sp.cot: lambda a: [sp.Ne(sp.sin(a), 0)],
    sp.csc: lambda a: [sp.Ne(sp.sin(a), 0)],
    sp.coth: lambda a: [sp.Ne(a, 0)],
    sp.csch: lambda a: [sp.Ne(a, 0)],
    sp.asin: lambda a: [sp.Ge(a, -1), sp.Le(a, 1)],
    sp.acos: lambda a: [sp.Ge(a, -1), sp.Le(a, 1)],
    sp.atanh: lambda a: [sp.Gt(a, -1), sp.Lt(a, 1)],
    sp.acosh: lambda a: [sp.Ge(a, 1)],
    sp.acoth: lambda a: [sp.Gt(a ** 2, 1)],
}


def _pow_conditions(base: sp.Expr, ex: sp.Expr) -> list[sp.Basic]:
    """Where ``base**ex`` is real and defined: integer ``ex < 0`` needs ``base != 0``; a
    rational non-integer ``ex`` (SymPy's principal root: ``(-8)**(1/3)`` is not real) needs
    ``base >= 0`` (``> 0`` if ``ex < 0``); any other exponent needs ``base > 0`` (``>= 0`` if
    ``ex > 0``)."""
    if ex.is_integer:
        return [] if ex.is_nonnegative else [sp.Ne(base, 0)]
    if ex.is_positive:
        return [sp.Ge(base, 0)]
    return [sp.Gt(base, 0)]


def definedness(expr: sp.Expr) -> list[sp.Basic]:
    r"""The conditions under which every subexpression of ``expr`` (as built: call it on an
    unevaluated tree to keep ``\sqrt{x}^2`` or ``e^{\ln x}``) is real and defined:
    ``log a``: ``a > 0``; ``b^e``: see ``_pow_conditions`` (``1/b``: ``b != 0``, ``\sqrt b``:
    ``b >= 0``); ``tan``, ``sec``: ``cos != 0``; ``cot``, ``csc``: ``sin != 0``; ``asin``,
    ``acos``: ``|a| <= 1``; ``atanh``: ``|a| < 1``; ``acosh``: ``a >= 1``. Conditions that
    SymPy decides true are dropped; one decided false is kept (the domain is empty).
    Conditions on variables bound inside (sums, integrals) and branches of ``Piecewise`` are
    not collected."""
    if not isinstance(expr, sp.Basic):
        expr = exact(expr)  # a number; a string is read as a number only, never parsed
    out: dict[sp.Basic, None] = {}
    free = expr.free_symbols

    def walk(e: sp.Basic) -> None:
        if isinstance(e, sp.Piecewise):
            return
        for a in e.args:
            if isinstance(a, sp.Basic):
                walk(a)
        conds: list[sp.Basic] = []
        if isinstance(e, sp.Pow):
            conds = _pow_conditions(*e.args)
        elif type(e) in _FUNC_CONDITIONS and len(e.args) == 1:
            conds = _FUNC_CONDITIONS[type(e)](e.args[0])
        for c in conds:
            if c is sp.true or (c is not sp.false and not c.free_symbols <= free):
                continue
            out[c] = None

    walk(expr)
    return list(out)


def _domain(domain: Iterable[sp.Basic] | None, *exprs: sp.Expr) -> list[sp.Basic]:
    """The given domain plus the definedness conditions of ``exprs``; each a relational."""
    conds: dict[sp.Basic, None] = {}
    for c in list(domain or []) + [c for e in exprs for c in definedness(e)]:
        if isinstance(c, bool):
            c = sp.true if c else sp.false
        if c is sp.true:
            continue
        if not (c is sp.false or isinstance(c, sp.core.relational.Relational)):
            raise TypeError(f"a domain is a list of relationals (x >= 0, ...), not {c!r}")
        exact(c)
        conds[c] = None
    return list(conds)


def _admissible(sym: sp.Symbol, value: sp.Expr) -> bool:
    """Whether ``value`` satisfies every assumption of ``sym`` (positive, integer, ...),
    each decided (``None`` counts as not satisfied)."""
    for key, want in sym.assumptions0.items():
        if getattr(value, f"is_{key}", None) is not want:
            return False
    return True


def _holds_at(cond: sp.Basic, env: Mapping[sp.Symbol, Any]) -> bool:
    """Whether the relational ``cond`` rigorously holds on the point ``env`` (intervals at
    ``POINT_BITS`` bits); undecided counts as not holding."""
    if cond is sp.true:
        return True
    if cond is sp.false:
        return False
    d = cond.lhs - cond.rhs
    if not d.free_symbols <= set(env):
        return False
    try:
        with intervals.precision(POINT_BITS):
            enc = intervals.enclose(d, env, finite=True)
        a, b = endpoints(enc)
    except (intervals.NotEnclosable, ValueError, TypeError, ZeroDivisionError):
        return False
    if isinstance(cond, sp.Ge):
        return a >= 0
    if isinstance(cond, sp.Gt):
        return a > 0
    if isinstance(cond, sp.Le):
        return b <= 0
    if isinstance(cond, sp.Lt):
        return b < 0
    if isinstance(cond, sp.Ne):
        return a > 0 or b < 0
    if isinstance(cond, sp.Eq):
        return a == 0 and b == 0
    return False


def in_domain(point: Mapping[sp.Symbol, Any], domain: Domain = ()) -> bool:
    """Whether ``point`` (exact values) satisfies each symbol's assumptions and, rigorously,
    every condition of ``domain``."""
    try:
        values = {s: exact(v) for s, v in point.items()}
    except InexactNumber:
        return False
    if not all(v.is_number and v.is_real and _admissible(s, v) for s, v in values.items()):
        return False
    env = {s: intervals.interval(v) for s, v in values.items()}
    return all(_holds_at(c, env) for c in domain)


_SAMPLES = [sp.Rational(v) for v in ("1/3", "-3/2", "7/2", "-1/5", "5", "-9", "1/17", "13/10",
                                      "0", "2", "-2", "3", "1", "-1", "4", "7", "-4", "9")]
SAMPLE_POINTS = 12


def _sample_points(symbols: Sequence[sp.Symbol]) -> Iterator[dict[sp.Symbol, sp.Rational]]:
    """Up to ``SAMPLE_POINTS`` points, each value allowed by its symbol's assumptions (a
    positive symbol gets positive values, an integer symbol integers); none when some symbol
    admits no sample value."""
    allowed = [[v for v in _SAMPLES if _admissible(s, v)] for s in symbols]
    if any(not a for a in allowed):
        return
    seen = set()
    for i in range(SAMPLE_POINTS):
        point = {s: a[(i + 3 * k) % len(a)] for k, (s, a) in enumerate(zip(symbols, allowed))}
        key = tuple(point.values())
        if key not in seen:
            seen.add(key)
            yield point


def find_counterexample(
    expr: sp.Expr,
    holds: Callable[[intervals.Interval], bool | None],
    points: Iterable[Mapping[sp.Symbol, sp.Expr]] | None = None,
    domain: Domain | None = None,
) -> tuple[dict[sp.Symbol, sp.Expr], intervals.Interval] | None:
    """A point where ``holds(enclosure of expr)`` is rigorously ``False``, or None.

    ``holds`` gets the interval enclosure and answers True/False/None (None: the
    interval is too wide to tell); only a definite False makes a counterexample. Only points
    with exact values that satisfy the symbols' assumptions, ``domain`` and the definedness
    conditions of ``expr`` are tried (``in_domain``).
    """
    try:
        expr = exact(expr)
        conds = _domain(domain, expr)
    except (InexactNumber, TypeError):
        return None
    syms = sorted(expr.free_symbols, key=lambda s: s.name)
    for point in points if points is not None else _sample_points(syms):
        if not set(syms) <= set(point) or not in_domain(point, conds):
            continue
        env = {s: intervals.interval(exact(v)) for s, v in point.items()}
        try:
            with intervals.precision(POINT_BITS):
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
    """A point as mathematics for a reason (``derive.latex.point_math``)."""
    return point_math(point)


_SIGN_ASSUMPTION = {sp.Ge: "nonnegative", sp.Gt: "positive", sp.Ne: "nonzero",
                    sp.Le: "nonpositive", sp.Lt: "negative"}
_FLIP = {sp.Ge: sp.Le, sp.Gt: sp.Lt, sp.Le: sp.Ge, sp.Lt: sp.Gt, sp.Ne: sp.Ne}


def _refine(exprs: Sequence[sp.Expr], domain: Domain) -> list[sp.Expr] | None:
    """``exprs`` with each symbol ``x`` that the domain restricts by ``x >= 0``, ``x > 0``,
    ``x != 0``, ``x <= 0`` or ``x < 0`` replaced by a symbol carrying that assumption (an
    identity for all such symbols holds on the domain); None when the domain has no such
    condition or the assumptions contradict each other."""
    extra: dict[sp.Symbol, dict[str, bool]] = {}
    for c in domain:
        if type(c) not in _SIGN_ASSUMPTION:
            continue
        kind, lhs, rhs = type(c), c.lhs, c.rhs
        if rhs.is_Symbol and lhs == 0:
            kind, lhs, rhs = _FLIP[kind], rhs, lhs
        if lhs.is_Symbol and rhs == 0:
            extra.setdefault(lhs, {})[_SIGN_ASSUMPTION[kind]] = True
    if not extra:
        return None
    try:
        subs = {s: sp.Dummy(s.name, **{**s._assumptions_orig, **a}) for s, a in extra.items()}
    except Exception:  # InconsistentAssumptions: the domain is empty for this symbol
        return None
    return [sp.sympify(e).xreplace(subs) for e in exprs]


def _unexact(claim: str, method: str, err: Exception) -> Step:
    """The step for input the kernel refuses: a float (not exact) or a malformed domain."""
    why = "not exact" if isinstance(err, InexactNumber) else "not understood"
    return Step(claim, method, UNKNOWN, f"{why}: {err}")


# ============================================================================ certify_*

def certify_identity(
    lhs: sp.Expr,
    rhs: sp.Expr,
    claim: str,
    points: Iterable[Mapping[sp.Symbol, sp.Expr]] | None = None,
    domain: Domain | None = None,
) -> Step:
    """Prove ``lhs = rhs`` on the domain (``domain`` and where every subexpression is real
    and defined) by ``simplify(lhs - rhs) == 0``, if need be with the domain's sign
    conditions on symbols as assumptions; refute it at a point of the domain where an
    interval enclosure of ``lhs - rhs`` excludes 0; otherwise ``unknown``."""
    try:
        diff = exact(lhs) - exact(rhs)
        given = list(domain or [])
        _domain(given)
    except (InexactNumber, TypeError) as err:
        return _unexact(claim, "identity", err)
    zero, why = is_zero(diff)
    if zero:
        return _proved(claim, "identity", why)
    conds = _domain(given, exact(lhs), exact(rhs))
    refined = _refine([diff], conds) if conds else None
    if refined is not None:
        zero, why_on = is_zero(refined[0])
        if zero:
            return _proved(claim, "identity", f"{why_on} on the domain "
                           f"{', '.join(map(tex_math, conds))}")
    found = find_counterexample(diff, lambda enc: None if intervals.contains_zero(enc) else False,
                                points, conds)
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
    domain: Domain | None = None,
) -> Step:
    r"""Prove ``expr >= 0`` (``> 0`` if ``strict``) on the domain from an explicit certificate.

    Two checks, both exact: ``simplify(expr - certificate) == 0``, and SymPy's
    assumptions decide the certificate nonnegative (positive) from its structure, e.g.
    ``(s - 1/2)^2`` for real ``s`` (both may use the domain's sign conditions on symbols).
    A point of the domain where ``expr`` is rigorously negative refutes.
    """
    try:
        e, cert = exact(expr), exact(certificate)
        conds = _domain(domain, e)
    except (InexactNumber, TypeError) as err:
        return _unexact(claim, "certificate", err)

    def sign_of(c: sp.Expr) -> bool | None:
        return c.is_positive if strict else c.is_nonnegative

    equal, why = is_zero(e - cert)
    sign = sign_of(cert)
    if not (equal and sign is True):
        refined = _refine([e - cert, cert], conds) if conds else None
        if refined is not None:
            eq_on, _ = is_zero(refined[0]) if not equal else (True, "")
            if eq_on and sign_of(refined[1]) is True:
                return _proved(claim, "certificate",
                               f"{_GT0 if strict else _GE0} by the certificate "
                               f"{tex_math(cert)} on the domain {', '.join(map(tex_math, conds))}")
    if equal and sign is True:
        return _proved(claim, "certificate",
                       f"{_GT0 if strict else _GE0} by the certificate {tex_math(cert)}")
    bad = (lambda enc: False if enc.b <= 0 else None) if strict else (
        lambda enc: False if enc.b < 0 else None)
    found = find_counterexample(e, bad, points, conds)
    if found:
        point, enc = found
        where = f"at {_point_str(point)} " if point else ""
        return Step(claim, "counterexample", REFUTED,
                    f"{where}the expression lies in {interval_math(enc)}")
    reason = why if not equal else "the certificate's sign is not decided by its structure"
    return Step(claim, "certificate", UNKNOWN, f"certificate not accepted: {reason}")


def _differs(a: sp.Expr, b: sp.Expr) -> bool:
    """Whether the constants ``a`` and ``b`` differ, by an enclosure of ``a - b`` that
    excludes 0 (False when that is not shown)."""
    d = a - b
    if d.free_symbols:
        return False
    try:
        with intervals.precision(POINT_BITS):
            enc = intervals.enclose(d, {}, finite=True)
    except (intervals.NotEnclosable, TypeError):
        return False
    return _finite(enc) and not intervals.contains_zero(enc)


def _outside(value: sp.Expr, domain: sp.Set) -> bool:
    """Whether the constant ``value`` lies rigorously outside ``domain`` (an interval or the
    reals); False when that is not shown."""
    if value.free_symbols:
        return False
    if value.is_real is False:
        return True
    if not isinstance(domain, sp.Interval):
        return False
    conds = []
    if domain.inf.is_finite:
        conds.append(sp.Le(value, domain.inf) if domain.left_open else sp.Lt(value, domain.inf))
    if domain.sup.is_finite:
        conds.append(sp.Ge(value, domain.sup) if domain.right_open else sp.Gt(value, domain.sup))
    return any(c is sp.true or (c is not sp.false and _holds_at(c, {})) for c in conds)


def _not_a_solution(equation: sp.Expr, var: sp.Symbol, value: sp.Expr, domain: sp.Set) -> bool:
    """Whether the constant ``value`` is rigorously not a solution: outside ``domain``, or
    the equation's value there excludes 0 (a point where it is undefined is not shown)."""
    return _outside(value, domain) or _differs(equation.subs(var, value), sp.Integer(0))


def certify_solve(
    equation: sp.Expr,
    var: sp.Symbol,
    domain: sp.Set,
    expected: Iterable[sp.Expr],
    claim: str,
) -> Step:
    """Prove that the solutions of ``equation = 0`` for ``var`` in ``domain`` are exactly
    ``expected``, for every value of any other symbol (a parameter).

    Without parameters: ``solveset`` gives a finite set equal, element by element
    (``simplify``), to the claimed one; refuted only by a checked witness (a solution
    ``solveset`` finds that differs from every claimed value by intervals and substitutes to
    0, or a claimed value that rigorously is not a solution). With parameters: the
    numerator of the equation is ``c (v - e_1)^{m_1} ... (v - e_k)^{m_k}`` exactly, with ``c``
    nonzero for every parameter value by the parameters' assumptions, every ``e_i`` in the
    domain and the denominator nonzero there; a claimed value that fails the equation at an
    admissible parameter point refutes, and so does a sample value that solves it exactly
    there and differs from every claimed one; anything else is unknown.
    """
    try:
        eq = exact(equation)
        want = list(dict.fromkeys(exact(e) for e in expected))
        exact(domain)
    except InexactNumber as err:
        return _unexact(claim, "solve", err)
    params = (eq.free_symbols | domain.free_symbols
              | set().union(*(e.free_symbols for e in want))) - {var}
    if params:
        return _solve_with_parameters(eq, var, domain, want, claim, params)
    sols, why = _attempt(lambda: sp.solveset(eq, var, domain))
    if sols is None:
        return Step(claim, "solve", UNKNOWN, f"solveset failed: {why}")
    if not isinstance(sols, sp.FiniteSet) and sols is not sp.S.EmptySet:
        return Step(claim, "solve", UNKNOWN, f"solveset returned {type(sols).__name__}")
    unmatched = list(want)
    for s in sols:
        match = next((e for e in unmatched if is_zero(s - e)[0]), None)
        if match is not None:
            unmatched.remove(match)
            continue
        if all(_differs(s, e) for e in want) and is_zero(eq.subs(var, s))[0]:
            return Step(claim, "solve", REFUTED, f"{tex_math(s)} is a solution (it substitutes "
                        "to 0) and differs from every claimed value (intervals)")
        return Step(claim, "solve", UNKNOWN,
                    f"solveset finds {tex_math(s)}, not shown equal to a claimed value")
    if unmatched:
        e = unmatched[0]
        if _not_a_solution(eq, var, e, domain):
            return Step(claim, "solve", REFUTED,
                        f"claimed solution {tex_math(e)} is not a solution (intervals)")
        return Step(claim, "solve", UNKNOWN,
                    f"claimed solution {tex_math(e)} is not among solveset's {tex_math(sols)}")
    return _proved(claim, "solve", f"solveset gives exactly {tex_math(sols)}")


def _divide_root(coeffs: list[sp.Expr], root: sp.Expr) -> list[sp.Expr] | None:
    """The quotient's coefficients when ``(v - root)`` divides the polynomial ``coeffs``
    (highest first) exactly, the remainder simplifying to 0; else None (synthetic division)."""
    out = [coeffs[0]]
    for c in coeffs[1:]:
        out.append(sp.expand(c + root * out[-1]))
    remainder = out.pop()
    return out if is_zero(remainder)[0] else None


def _solve_with_parameters(eq: sp.Expr, var: sp.Symbol, domain: sp.Set, want: list[sp.Expr],
                           claim: str, params: set[sp.Symbol]) -> Step:
    """The parameter case of ``certify_solve``: the exact factorisation, and when it is not
    reached, a search for a solution the claim misses (``_missing_solution``)."""
    step = _factorised(eq, var, domain, want, claim, params)
    if step.verdict is UNKNOWN:
        found = _missing_solution(eq, var, domain, want, params)
        if found is not None:
            point, v0 = found
            return Step(claim, "solve", REFUTED, f"at {_point_str(point)}, {var} = {v0} is a "
                        "solution (it substitutes to exactly 0) and differs from every claimed "
                        "value")
    return step


def _missing_solution(eq: sp.Expr, var: sp.Symbol, domain: sp.Set, want: list[sp.Expr],
                      params: set[sp.Symbol]) -> tuple[dict, sp.Rational] | None:
    """A parameter point (allowed by the assumptions) and a sample value ``v0`` in the
    domain where the equation is exactly 0 and ``v0`` differs from every claimed solution
    there (intervals): e.g. ``y = 0, x = 1/3`` for ``y x - y = 0`` claimed ``{1}``."""
    values = [v for v in _SAMPLES[:8] if _admissible(var, v) and domain.contains(v) is sp.true]
    for point in _sample_points(sorted(params, key=lambda s: s.name)):
        at = eq.xreplace(point)
        claimed = [e.xreplace(point) for e in want]
        for v0 in values:
            if at.xreplace({var: v0}) == 0 and all(_differs(v0, c) for c in claimed):
                return point, v0
    return None


def _factorised(eq: sp.Expr, var: sp.Symbol, domain: sp.Set, want: list[sp.Expr], claim: str,
                params: set[sp.Symbol]) -> Step:
    names = ", ".join(sorted(s.name for s in params))
    for e in want:  # a claimed value that fails at an admissible parameter point refutes
        found = find_counterexample(eq.subs(var, e), lambda enc: None
                                    if intervals.contains_zero(enc) else False)
        if found:
            point, enc = found
            return Step(claim, "solve", REFUTED, f"at {_point_str(point)} the claimed solution "
                        f"{tex_math(e)} gives {interval_math(enc)}, which excludes 0")
    gen, roots, how = var, list(want), ""
    num, den = sp.fraction(sp.together(eq))
    try:
        coeffs = sp.Poly(num, var).all_coeffs()
    except (sp.PolynomialError, sp.GeneratorsNeeded):
        form = _exp_form(eq, var) if domain.is_subset(sp.S.Reals) is True else None
        if form is None:
            return Step(claim, "solve", UNKNOWN, f"parameters {names}: not a polynomial in "
                        f"{var} or in e^{var}, so the solution set is not decided for every "
                        "parameter value")
        gen, eq_u = form
        roots = [sp.exp(e) for e in want]
        how = f" in u = e^{var} (a bijection of the reals onto u > 0)"
        num, den = sp.fraction(sp.together(eq_u))
        try:
            coeffs = sp.Poly(num, gen).all_coeffs()
        except (sp.PolynomialError, sp.GeneratorsNeeded):
            return Step(claim, "solve", UNKNOWN, f"parameters {names}: not a polynomial in "
                        f"e^{var}")
    if len(coeffs) < 2:
        return Step(claim, "solve", UNKNOWN, f"{var} does not occur in the numerator")
    used: list[sp.Expr] = []
    progress = True
    while len(coeffs) > 1 and progress:
        progress = False
        for r in roots:
            quotient = _divide_root(coeffs, r)
            if quotient is not None:
                coeffs, progress = quotient, True
                used.append(r)
                if len(coeffs) == 1:
                    break
    missing = [e for e, r in zip(want, roots) if r not in used]
    if missing:
        return Step(claim, "solve", UNKNOWN, f"claimed solution {tex_math(missing[0])} not shown "
                    f"to be a root for every value of {names}{how}")
    if len(coeffs) > 1:
        return Step(claim, "solve", UNKNOWN, f"a factor of degree {len(coeffs) - 1} is left "
                    f"after the claimed roots{how}: other solutions not excluded")
    c = sp.simplify(coeffs[0])
    if c.is_zero is not False:
        return Step(claim, "solve", UNKNOWN, f"the factor {tex_math(c)} may vanish for some value "
                    f"of {names} (then every {var} solves): not decided by their assumptions")
    for e, r in zip(want, roots):
        if domain.contains(e) is not sp.true:
            return Step(claim, "solve", UNKNOWN, f"{tex_math(e)} in {tex_math(domain)} is not "
                        f"decided for every value of {names}")
        if sp.simplify(den.subs(gen, r)).is_zero is not False:
            return Step(claim, "solve", UNKNOWN, f"the denominator may vanish at {tex_math(e)}")
    return _proved(claim, "solve", f"numerator{how} = {tex_math(c)} * prod of (root factors) "
                   f"over {tex_math(used)}, with {tex_math(c)} != 0 for every value of {names}")


def _exp_form(eq: sp.Expr, var: sp.Symbol) -> tuple[sp.Symbol, sp.Expr] | None:
    """``(u, eq')`` with every ``e^{k var}`` (integer ``k``) of ``eq`` written ``u^k``, when
    ``var`` occurs only so; else None."""
    u = sp.Dummy("u", positive=True)
    bad = []

    def power(e: sp.Expr) -> sp.Expr:
        k = sp.cancel(e.args[0] / var)
        if not (k.is_Integer and k != 0):
            bad.append(e)
            return e
        return u ** k

    new = eq.replace(lambda e: isinstance(e, sp.exp) and e.has(var), power)
    return None if bad or new.has(var) else (u, new)


def _bound_box(value: Any) -> tuple[sp.Rational, sp.Rational]:
    """``(lower, upper)`` exact rationals around a claimed bound: the bound itself when it
    is rational, else the endpoints of a rigorous enclosure of the constant."""
    v = exact(value)
    if v.is_Rational:
        return v, v
    if v.free_symbols:
        raise InexactNumber(f"the bound {tex_math(v)} is not a constant")
    with intervals.precision(POINT_BITS):
        enc = intervals.enclose(v, {}, finite=True)
    return endpoints(enc)


def certify_enclosure(
    enclosure: intervals.Interval,
    lo: sp.Expr | str,
    hi: sp.Expr | str,
    claim: str,
    how: str,
) -> Step:
    """Prove ``value in [lo, hi]`` from a rigorous ``enclosure`` of the value; refute if
    the enclosure is disjoint from ``[lo, hi]``; unknown if they only overlap. The
    enclosure's endpoints and the bounds are compared as exact rationals."""
    if not _finite(enclosure):
        return Step(claim, "interval", UNKNOWN,
                    f"{how}: enclosure {interval_math(enclosure)} is not finite")
    try:
        (lo_a, lo_b), (hi_a, hi_b) = _bound_box(lo), _bound_box(hi)
    except (InexactNumber, intervals.NotEnclosable) as err:
        return _unexact(claim, "interval", err)
    a, b = endpoints(enclosure)
    box = f"$[{exact_text(lo_a) if lo_a == lo_b else tex_math(exact(lo))[1:-1]}, " \
          f"{exact_text(hi_a) if hi_a == hi_b else tex_math(exact(hi))[1:-1]}]$"
    if lo_b <= a and b <= hi_a:
        return _proved(claim, "interval",
                       f"{how}: enclosure {interval_math(enclosure)} lies in {box} "
                       "(exact "
                       "comparison)")
    if b < lo_a or hi_b < a:
        return Step(claim, "interval", REFUTED,
                    f"{how}: enclosure {interval_math(enclosure)} is disjoint from {box} "
                    "(exact comparison)")
    return Step(claim, "interval", UNKNOWN,
                f"{how}: enclosure {interval_math(enclosure)} overlaps {box}")


def certify_sign(expr: sp.Expr, claim: str, strict: bool = False) -> Step:
    """Prove the constant ``expr >= 0`` (``> 0`` if ``strict``) from a rigorous interval
    enclosure at 60, 200 and 1000 bits: proved when the enclosure lies in ``[0, oo)``
    (``(0, oo)``), refuted when it lies in ``(-oo, 0)`` (``(-oo, 0]``), else unknown.
    Only for expressions without free symbols."""
    try:
        e = exact(expr)
    except InexactNumber as err:
        return _unexact(claim, "interval", err)
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
        a, b = endpoints(enc)
        if (a > 0) if strict else (a >= 0):
            return _proved(claim, "interval", f"enclosure {interval_math(enc)} at {bits} bits is "
                           f"{_GT0 if strict else _GE0}")
        if (b <= 0) if strict else (b < 0):
            return Step(claim, "interval", REFUTED, f"enclosure {interval_math(enc)} at {bits} "
                        f"bits is {_LE0 if strict else _LT0}")
    return Step(claim, "interval", UNKNOWN,
                f"enclosure {interval_math(enc)} contains 0 at 1000 bits")


def certify_same(derived: sp.Expr, claimed: sp.Expr, claim: str, how: str) -> Step:
    """Prove ``derived = claimed`` when SymPy builds both to the same canonical expression
    (structural equality, no simplification: cheap for products of thousands of factors).
    Anything else is ``unknown`` here; a caller may still refute with ``certify_differ``."""
    try:
        same = exact(derived) == exact(claimed)
    except InexactNumber as err:
        return _unexact(claim, "identity", err)
    if same:
        return _proved(claim, "identity", f"{how} gives the same expression")
    return Step(claim, "identity", UNKNOWN, f"{how} gives a different expression")


def certify_differ(enclosure: intervals.Interval, claim: str, where: str) -> Step:
    """Refute ``lhs = rhs`` from a rigorous enclosure of ``lhs - rhs`` at a point (``where``)
    that is finite and excludes 0; otherwise ``unknown``."""
    if _finite(enclosure) and not intervals.contains_zero(enclosure):
        return Step(claim, "counterexample", REFUTED,
                    f"at {where} the difference lies in {interval_math(enclosure)}, which "
                    "excludes 0")
    return Step(claim, "counterexample", UNKNOWN,
                f"at {where} the difference {interval_math(enclosure)} "
                "may be 0")


def _rules_of(steps: Iterable[Step], *more: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys([r for s in steps for r in s.rules] + list(more)))


def certify_all(claim: str, method: str, steps: Sequence[Step], reason: str) -> Step:
    """Combine sub-steps into one whose claim is their conjunction (the caller states it):
    proved iff there are some and all are proved, refuted if one is; the rules the
    sub-steps used are kept."""
    steps = list(steps)
    if not all(isinstance(s, Step) for s in steps):
        raise TypeError("certify_all combines Steps")
    rules = _rules_of(steps)
    if not steps:
        return Step(claim, method, UNKNOWN, "no steps", rules)
    bad = next((s for s in steps if s.verdict == REFUTED), None)
    if bad is not None:
        return Step(claim, method, REFUTED, f"{claim_rich(bad.claim)}: {bad.reason}", rules)
    bad = next((s for s in steps if s.verdict != PROVED), None)
    if bad is None:
        return _proved(claim, method, reason, rules)
    return Step(claim, method, UNKNOWN, f"{claim_rich(bad.claim)}: {bad.reason}", rules)


def evidence(claim: str, reason: str) -> Step:
    """A step that records evidence (sampling, floats, Monte Carlo): never proof."""
    return Step(claim, "evidence", EVIDENCE, reason)


def apply_rule(rule: str, premises: Sequence[Step], claim: str, reason: str = "") -> Step:
    """Conclude ``claim`` by the trusted rule ``rule`` (a key of ``RULES``) from checked
    ``premises`` (Steps, so made by this kernel): proved iff there are premises and every
    one is proved; otherwise ``unknown``, also when a premise is refuted (a broken
    derivation does not make its conclusion false; refute it with a counterexample). A rule
    with named premises (``RULE_PREMISES``, e.g. induction: a base case and a step) needs at
    least that many. The step records ``rule`` and every rule its premises used."""
    if rule not in RULES:
        raise KeyError(f"{rule!r} is not a rule of the trusted base (derive.proof.RULES)")
    premises = list(premises)
    if not all(isinstance(p, Step) for p in premises):
        raise TypeError("the premises of a rule are checked Steps")
    roles = RULE_PREMISES.get(rule, ())
    used = _rules_of(premises, rule)
    why = reason or f"by the {rule} from {len(premises)} checked premise(s)"
    if not premises or len(premises) < len(roles):
        need = ", ".join(roles) or "checked premises"
        return Step(claim, "rule", UNKNOWN, f"the {rule} needs {need}; given "
                    f"{len(premises)} premise(s)", used)
    bad = next((p for p in premises if p.verdict != PROVED), None)
    if bad is not None:
        return Step(claim, "rule", UNKNOWN,
                    f"premise {bad.verdict}: {claim_rich(bad.claim)}: {bad.reason}",
                    used)
    return _proved(claim, "rule", why, used)


def induction(base: Step, step: Step | Sequence[Step], claim: str, reason: str = "") -> Step:
    """``claim`` for every n by the rule ``induction`` from the base case and the step
    ``P(n) => P(n + 1)``, checked steps (see ``apply_rule``); ``step`` may be several."""
    parts = list(step) if isinstance(step, (list, tuple)) else [step]
    return apply_rule("induction", [base, *parts], claim, reason)


# ============================================================================ box certificates
# Appended by the real-analysis prover (issue 11): ``certify_on_boxes`` re-checks a
# certificate tree built by ``derive.realprove`` (interval branch-and-bound) and is the only
# place that turns it into ``proved``; ``refute_at`` checks a counterexample point.

RULES["identity theorem"] = ("a real-analytic function on an interval that vanishes on a "
                             "subinterval vanishes on the whole interval")
RULES["change of variable"] = ("if phi maps the box B' onto B bijectively, f >= 0 on B iff "
                               "f(phi(u)) >= 0 on B'; a function times a factor > 0 has its "
                               "sign")
RULES["positive homogeneity"] = ("if f(t p) = t^k f(p) for all t > 0 and f >= 0 on the "
                                 "boundary of the unit cube, then f >= 0 on the cone")
RULES["positive homogeneity in some variables"] = (
    "if f(t p, q) = t^k(q) f(p, q) for all t > 0 (p some of the variables, q the others, "
    "k(q) real), every condition of the domain D is the same after p -> t p, and f >= 0 "
    "(> 0) at the points of D where max_i |p_i| = 1 and where p = 0, then f >= 0 (> 0) on "
    "D: a point (p, q) of D with p != 0 is (s p', q) with s = max_i |p_i| > 0 and (p', q) "
    "in D on that boundary, and s^k(q) > 0")
RULES["Taylor's theorem"] = ("f(x) = f(p) + grad f(p) . (x - p) + (x - p)^T H(xi) (x - p) / 2 "
                           "for f twice continuously differentiable on a convex box, xi on "
                           "the segment [p, x]; in one variable f(p + h) = sum_{k <= n} "
                           "f^(k)(p) h^k / k! + f^(n+1)(xi) h^(n+1) / (n+1)! for f n + 1 "
                           "times differentiable between p and p + h (Lagrange remainder)")
RULES["case split"] = ("if f >= 0 on D1 and on D2 then f >= 0 on their union (here a domain "
                       "cut at a point, each part possibly after the change of variable "
                       "x = c -+ u)")
RULES["equal functions"] = ("if f = g at every point where f is defined and g >= 0 there, then "
                            "f >= 0 there")
RULES["constant function"] = ("a function equal to a constant c wherever it is defined has "
                              "the sign of c there")
RULES["zero derivative"] = ("if f is continuous on an interval J and f' = 0 at every point "
                            "inside J, then f is constant on J: f = f(p) for each p in J "
                            "(the mean value theorem)")
RULES["convex minimum"] = ("if f is continuous on an interval J, twice differentiable inside J "
                           "with f'' >= 0 there, and differentiable at a point c of J (one-"
                           "sided at an end of J) with f'(c) = 0, then f(y) >= f(c) for every "
                           "y in J")
RULES["sum of inequalities"] = ("if f >= 0 and g >= 0 at every point of D where they are defined "
                                "then f + g >= 0 there, and f + g > 0 if also g > 0")
RULES["Jensen's inequality"] = ("if f is continuous on an interval J and twice differentiable "
                                "inside J with f'' >= 0 there, then f(w_1 x_1 + ... + w_n x_n) "
                                "<= w_1 f(x_1) + ... + w_n f(x_n) for all x_1, ..., x_n in J "
                                "and weights w_i >= 0 with w_1 + ... + w_n = 1")
RULES["subadditivity"] = ("if F is defined on an interval J closed under addition and F(a + b) "
                          "<= F(a) + F(b) for all a, b in J, then F(x_1 + ... + x_n) <= F(x_1) "
                          "+ ... + F(x_n) for all x_1, ..., x_n in J (induction on n); strict "
                          "(n >= 2) if the lemma is strict on J")
RULES["subadditivity of concave functions"] = ("if F is continuous on [0, oo), concave (F'' <= "
                                               "0 inside) and F(0) >= 0, then F(a + b) <= F(a) "
                                               "+ F(b) for all a, b >= 0; if F'' < 0 inside, "
                                               "F(a + b) < F(a) + F(b) for all a, b > 0")
RULES["substitution of equals"] = ("if A = c at every point of D (a premise), and Q' (the "
                                   "statement Q with every occurrence of the expression A "
                                   "replaced by the number c) holds wherever it is defined, then "
                                   "Q holds at every point of D where it is defined")
RULES["substitution instance"] = ("if G(s) >= 0 for every s in a set S, and s(x) lies in S for "
                                  "every x of D, then G(s(x)) >= 0 on D (here s(x) the sines "
                                  "and cosines of the variables, S a box in [-1, 1]^k; or two "
                                  "variables exchanged, S the domain of a case proved)")
RULES["concave minimum at vertices"] = ("a function concave on a box (here: affine terms and "
                                        "-k |L| with k > 0 and L affine in the box's "
                                        "variables) is least at a vertex of the box")
RULES["harmonic addition"] = ("P sin x + Q cos x <= sqrt(P^2 + Q^2) for all reals x, P, Q "
                              "(Cauchy-Schwarz with sin^2 x + cos^2 x = 1), so C + P sin x + "
                              "Q cos x >= C - sqrt(P^2 + Q^2)")

RULES["product of bounds"] = ("if 0 <= F_k <= c (F_k < c, c > 0) for k = 1, ..., n, then F_1 ... "
                              "F_n <= c^n (< c^n, n >= 1); if F_k >= c >= 0 (F_k > c), then F_1 "
                              "... F_n >= c^n (> c^n, n >= 1); if F_k = c, then F_1 ... F_n = c^n: "
                              "monotonicity of the product of nonnegative reals, by induction on "
                              "n")
RULES["product of signs"] = ("if F = f_1 f_2 ... f_k on D (an identity) and, at every point of "
                             "D where F is defined, each f_i >= 0 (> 0), or -f_i >= 0 (> 0) for "
                             "an even number of the i, then F >= 0 (> 0) there")
RULES["monotone function"] = ("if g is continuous on an interval J and differentiable inside J "
                              "with g' <= 0 there, then g(x) >= g(y) for all x <= y in J, and "
                              "g(x) > g(y) for x < y if g' < 0 inside J (mean value theorem on "
                              "[x, y]); so c + k (g(x) - g(y)) >= 0 for k > 0 and c >= 0, and "
                              "> 0 if c > 0 or the former is strict")
RULES["monotone substitution"] = ("if g(x, e) = p(x, e)/q(x, e) with p, q polynomials in e, "
                                  "q(x, e) > 0 and dg/de >= 0 for every e >= L(x), and "
                                  "e(x) >= L(x), then g(x, e(x)) >= g(x, L(x)) (mean value "
                                  "theorem in e; here e(x) = exp(b x) and L a Taylor "
                                  "polynomial)")
RULES["exponential lower bound"] = ("if e^t >= T(t) for every real t, f = a e^w + c at every "
                                    "point of D where f is defined, a >= 0 there, and g = a "
                                    "T(w) + c with g >= 0 (> 0) there, then f >= g, so f >= 0 "
                                    "(> 0) at every point of D where f is defined")
RULES["logarithm of both sides"] = ("if a > 0 and b > 0 at every point of D where they are "
                                     "defined, ln a = f and ln b = g there with f, g defined "
                                     "there, and f >= g (f > g), then a >= b (a > b) there: ln "
                                     "is strictly increasing")
RULES["periodicity"] = ("if x enters f (and the domain's conditions) only through sin, cos, "
                        "tan, cot, sec, csc of q x + b (q rational, b constant) whose periods "
                        "divide T > 0, then f(x + T) = f(x), defined at x + T iff at x; so f "
                        ">= 0 (f > 0) wherever it is defined on [a, b] with b - a >= T gives "
                        "f >= 0 (f > 0) at every real x where it is defined")
RULES["monotone from an end"] = ("if g is defined and continuous on [c, d) (or (c, d]) and "
                                 "differentiable inside, g' >= 0 (g' <= 0) inside and g(c) >= 0 "
                                 "(g(d) >= 0), then g >= 0 on the interval; g > 0 off the end "
                                 "if also g(end) > 0 or g' > 0 (g' < 0) inside (mean value "
                                 "theorem)")
RULES["squaring both sides"] = ("t -> t^2 is increasing on [0, oo): for reals a, b and u >= 0, "
                                "if b >= 0 then a + b u >= 0 (> 0) where a >= 0 (> 0), and where "
                                "a <= 0 and b^2 u^2 - a^2 >= 0 (> 0); if b <= 0 and a >= 0 then "
                                "a + b u >= 0 (> 0) iff a^2 - b^2 u^2 >= 0 (> 0); so a domain "
                                "condition a + b u >= 0 (> 0) with b <= 0 implies a >= 0 and "
                                "a^2 - b^2 u^2 >= 0 (> 0), which may replace it (a larger domain)")
RULES["intermediate value theorem"] = ("if f is continuous on an interval J, f(t) != 0 for "
                                       "every t in J and f(p) > 0 at a point p of J, then "
                                       "f > 0 on J; if f(t) != 0 only for t inside J (off its "
                                       "ends), then f > 0 inside J and f >= 0 on J "
                                       "(continuity at the ends)")
RULES["affine in one variable"] = ("if f = c_0 + c_1 (z - c) with c_0, c_1 free of z, c_1 >= 0 "
                                   "and c_0 >= 0 (> 0) where the other conditions hold, then "
                                   "f >= 0 (> 0) for every z >= c there (c_1 <= 0: for every "
                                   "z <= c)")

RULES["even function"] = ("if f(..., -v, ...) = f(..., v, ...) (the same value and the same "
                          "definedness) and the domain D is the same set after v -> -v, then "
                          "f >= 0 (> 0) on D iff f >= 0 (> 0) on the part of D where v >= 0")
RULES["convex near a critical point"] = (
    "if f is twice continuously differentiable on a box K, p is a point of K with f(p) = 0 "
    "and grad f(p) = 0, and the Hessian of f is positive definite at every point of K (its "
    "leading principal minors > 0: Sylvester's criterion), then f >= 0 on K (Taylor's "
    "theorem with the Lagrange remainder: f(x) = (x - p)^T H(xi) (x - p) / 2)")
RULES["concave between ends"] = (
    "if g is continuous on [a, b] and twice differentiable inside with g'' <= 0 there, then "
    "g(v) >= min(g(a), g(b)) for every v in [a, b] (g lies above its chord); so g(a) >= 0 "
    "and g(b) >= 0 (> 0) give g >= 0 (> 0) on [a, b]; here g = f(..., v, ...) in one "
    "variable v with the others fixed")

Bound = tuple  # (lo, hi): exact sp.Rational ends, None for -oo / +oo


# a constraint's kind (``BoxProblem.constraints``: ``(g, kind)``) -> the relation ``g kind 0``
CONSTRAINT_RELATIONS = {"ge": sp.Ge, "gt": sp.Gt, "ne": sp.Ne}


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
        got = slack if not deriv else symdiff.diff(_derivative(slack, variables, deriv[:-1]),
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
    * ``taylor``: Taylor's theorem of order 2 about the point ``cut`` (``_taylor_ok``);
    * ``tm``: a Taylor model (``derive.taylor``) of ``d^deriv slack`` about the rational
      point ``cut`` of a finite box of one variable has the sign (``_tm_ok``);
    * ``bound``: ``cut = (i, lam)``: ``slack - lam * g_i`` has an enclosure ``>= 0`` on the
      box, where the domain's condition ``i`` says ``g_i >= 0`` (``deriv == ()`` only);
    * ``unabs``: the child proves the claim for ``unabs(slack, box)``, the slack with every
      ``|u|`` whose argument has a sign on the box replaced by ``u`` or ``-u``;
    * ``scaled``: ``cut`` is a factor ``P > 0`` on the box (enclosure) and the child proves
      the claim for ``expr = slack * P`` (the product simplifies to it exactly, with each
      variable's sign on the box as a SymPy assumption: ``|x| = x`` where ``x >= 0``);
      ``P`` may vanish at an open end ``a`` of the box as a factor ``(x - a)^k``;
    * ``form``: ``d^deriv slack`` is defined on the whole box and ``sign`` times it (times
      the factor ``cut`` if given, > 0 on the box: ``positive_factor``) equals the child's
      ``expr`` there (one of ``function_forms``; with a factor, ``cancel`` of the difference
      is 0; else SymPy's ``simplify`` of the difference is 0), itself defined on the whole
      box; the child proves ``expr >= 0`` with the whole level-0 machinery (for a
      derivative, without the domain's constraints);
    * ``subst``: a change of variable ``x = phi(u)`` (``substitute``: ``a + 1/u`` at an
      open end ``a``, ``R - ln u`` / ``R + ln u`` on a tail) maps the child's box onto this
      one, bijectively; the child proves the claim for ``slack(phi(u))``.
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


def box_env(box: Sequence[Bound]) -> list:
    """The box as core intervals (exact rational ends rounded outward, None as -+oo)."""
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
    return f(box_env(box), defined=defined)


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
    if clock.now() > deadline:
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
                    enc = intervals.compile_expr(c, problem.variables)(box_env(box))
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
                env = box_env(box)
                centre = box_env([(ci, ci) for ci in c])
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
            # a cut at a point the domain excludes (a constraint v - cut != 0) may open the
            # children's faces there
            punct = not g and any(kind == "ne" and (sp.expand(c - (problem.variables[v] - cut))
                                                    == 0 or sp.expand(c + problem.variables[v]
                                                                      - cut) == 0)
                                  for c, kind in problem.constraints)
            extra = ({(v, "hi")}, {(v, "lo")}) if punct else (set(), set())
            # a child's face at the cut lies inside the parent's box: closed unless punctured
            # (the parent's open face on that side is the other child's)
            inner = ((v, "hi"), (v, "lo"))
            for child, part, more, face in zip(node.children, want, extra, inner):
                if (child.box != part or child.deriv != g or child.sign != s
                        or child.strict != strict
                        or not child.opens <= (node.opens - {face}) | more):
                    return False, "split children do not cover the box with the same claim"
                ok, why = _node_ok(problem, child, deadline)
                if not ok:
                    return False, why
            return True, ""
        if node.kind in ("mono", "limit"):
            return _mono_ok(problem, node, deadline)
        if node.kind == "taylor":
            return _taylor_ok(problem, node)
        if node.kind == "tm":
            return _tm_ok(problem, node)
        if node.kind == "bound":
            # slack >= lam * g >= 0 where the domain says g >= 0 (g > 0): the slack minus
            # lam times the condition has an enclosure >= 0 (> 0, or g > 0 with lam > 0)
            if g or not isinstance(node.cut, tuple) or len(node.cut) != 2:
                return False, "malformed bound node"
            i, lam = node.cut
            if not (isinstance(i, int) and 0 <= i < len(problem.constraints)
                    and isinstance(lam, sp.Rational) and lam >= 0):
                return False, "malformed bound node"
            c, kind = problem.constraints[i]
            if kind not in ("ge", "gt"):
                return False, "a bound node needs a condition g >= 0 or g > 0"
            rest = BoxProblem(bound_rest(problem.slack, c, lam), strict, problem.variables,
                              problem.bounds, problem.opens, problem.constraints)
            need = strict and not (kind == "gt" and lam > 0)
            with intervals.precision(64):
                enc = box_enclosure(rest, (), box, defined=False)
            if enc is None:
                return False, "no enclosure"
            return _signed_ok(enc, 1, need), f"slack - {lam} g has {enc} on {box}"
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
                    box_env(box), defined=True)
            if not factor.lo > 0 and not positive_on(node.cut, problem.variables, box,
                                                     node.opens):
                return False, f"the factor {node.cut} is not shown > 0 on {box}"
            if child.expr in _rescalings(problem.slack, node.cut, signs, back):
                # built from the slack's own subterms (expand / powsimp / together): defined
                # wherever the slack is
                return _node_ok(problem, child, deadline, rewritten=True)
            with intervals.precision(64):
                # otherwise the new function must be defined on the whole box, so that it
                # covers every point where the slack is defined
                intervals.compile_expr(child.expr, problem.variables)(box_env(box), True)
            diff = (problem.slack * node.cut - child.expr).xreplace(signs)
            same, why = is_zero(diff, 5.0)
            if not same and diff.has(sp.sinh, sp.cosh, sp.tanh):
                same, why = is_zero(hyperbolic_in_exp(diff), 5.0)
            if not same:
                return False, f"slack * {node.cut} is not shown equal to {child.expr}: {why}"
            return _node_ok(problem, child, deadline, rewritten=True)
        if node.kind == "form":
            return _form_ok(problem, node, deadline)
        if node.kind == "subst":
            child, *end = node.children
            sub = substitute(problem, box, node.opens, node.cut)
            if g or sub is None or child.expr is not None:
                return False, "malformed substitution node"
            if str(node.cut).startswith(("pow_", "recipc_")):
                # the end is left out of the image: it is proved apart (unless the box
                # excludes it)
                side = str(node.cut).split("_")[1]
                if (0, side) not in node.opens:
                    if len(end) != 1 or end[0] is None:
                        return False, "the end of a power substitution is not proved"
                    e = end[0]
                    if (e.box != _face(box, 0, side) or e.deriv != () or e.sign != s
                            or e.strict != strict or e.expr is not None):
                        return False, "the end of a power substitution does not match"
                    ok, why = _node_ok(problem, e, deadline)
                    if not ok:
                        return False, why
            elif end:
                return False, "malformed substitution node"
            if (child.deriv != () or child.box != sub.bounds or child.sign != s
                    or child.strict != strict or not child.opens <= sub.opens):
                return False, "the substituted child does not cover the image box"
            return _node_ok(sub, child, deadline)
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
        lim = sympy_limit(problem.derivative(g), problem.variables[v], at,
                          max(deadline - clock.now(), 0.2))
        if lim is None or not lim.is_real or not lim.is_finite:
            return False, f"no finite limit at {at} ({lim})"
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
    if not _start_values(problem, start, v):
        # the start must hold as values on the face: a face outside the domain proves
        # nothing about the box beyond it (x > 0 does not make x - 10^-9 >= 0 at x = 0);
        # only a condition free of the variable moved along may exclude part of the face
        # (a point of the box in the domain projects onto a face point that satisfies it)
        return False, "the start face rests on the domain, not on the function's values"
    if node.strict and not start.strict:
        if not ((v, side) in node.opens and (slope.strict or (
                node.cut == "analytic" and somewhere_positive(problem, node)))):
            return False, "strict needs a strict start or a strictly monotone open start"
    for child in (slope, start):
        ok, why = _node_ok(problem, child, deadline)
        if not ok:
            return False, why
    return True, ""


def _taylor_ok(problem: BoxProblem, node: BoxNode) -> tuple[bool, str]:
    """``taylor``: Taylor's theorem of order 2 about a point ``p`` (``cut``) of a finite box,
    for ``f = sign * d^deriv slack`` (no ``|.|``, max, steps; ``f``, its gradient and its
    Hessian defined on the whole box, so ``f`` is twice continuously differentiable there):
    ``f(x) = f(p) + grad f(p) . (x - p) + (x - p)^T H(xi) (x - p) / 2`` with ``xi`` on the
    segment, inside the box. ``f(p) >= 0`` (> 0 if strict) by its enclosure, or exactly 0
    (SymPy, non-strict only); each gradient component is exactly 0 or has the sign that
    makes its term >= 0 on the box (``p`` on that side's face); every symmetric matrix in the
    Hessian's enclosure is positive semidefinite (diagonally dominant; for two variables
    ``h11 h22 >= h12^2``). Then ``f >= f(p)`` on the box."""
    g, box, s, p = node.deriv, node.box, node.sign, node.cut
    expr = problem.derivative(g)
    if node.children or p is None or len(p) != len(box) or expr.has(*_NOT_ANALYTIC):
        return False, "malformed taylor node"
    if any(lo is None or hi is None or not lo <= pi <= hi for (lo, hi), pi in zip(box, p)):
        return False, "the Taylor point is not in a finite box"
    free = [i for i, (lo, hi) in enumerate(box) if lo < hi]
    point = [(pi, pi) for pi in p]
    at = {v: pi for v, pi in zip(problem.variables, p)}
    with intervals.precision(64):
        box_enclosure(problem, g, box, defined=True)
        value = box_enclosure(problem, g, point, defined=True)
        if not _signed_ok(value, s, node.strict):
            if node.strict or not is_zero(expr.xreplace(at), 2.0)[0]:
                return False, f"f(p) = {value} is not shown >= 0"
        for i in free:
            grad = box_enclosure(problem, g + (i,), point, defined=True)
            lo, hi = box[i]
            if (p[i] == lo and _signed_ok(grad, s, False)) or (
                    p[i] == hi and _signed_ok(grad, -s, False)):
                continue
            if not is_zero(problem.derivative(g + (i,)).xreplace(at), 2.0)[0]:
                return False, f"the gradient at p along {problem.variables[i]} is {grad}"
        hess = {}
        for a in free:
            for b in free:
                if b >= a:
                    h = box_enclosure(problem, g + (a, b), box, defined=True)
                    hess[a, b] = hess[b, a] = h if s > 0 else -h
    return _psd(hess, free), "the Hessian's enclosure is not shown positive semidefinite"


TM_BITS = 128


def _tm_ok(problem: BoxProblem, node: BoxNode) -> tuple[bool, str]:
    """``tm``: Taylor's theorem (Lagrange remainder) in a Taylor model: on a finite box
    ``[lo, hi]`` of one variable, ``f(c + h) = h^v U(h)`` at every ``h`` where ``f = d^deriv
    slack`` is defined (``derive.taylor.model``, about the rational ``c = cut``). For ``h
    != 0`` on each side of 0, ``h^v`` has a known sign and ``U``'s enclosure there must give
    ``sign * f`` the claimed sign; the point ``c`` itself is excluded by an open face, or
    ``f`` is undefined there (a divisor exactly 0 at ``c``), or ``f(c) = U(0)`` (``v = 0``,
    in the enclosure of the side), or ``f(c) = 0`` (``v > 0``, non-strict claims). A
    derivative claim also needs ``f`` defined on the whole box."""
    from derive import taylor

    g, box, s, c = node.deriv, node.box, node.sign, node.cut
    if (node.children or len(box) != 1 or len(problem.variables) != 1
            or not isinstance(c, sp.Rational)):
        return False, "malformed tm node"
    ((lo, hi),) = box
    if lo is None or hi is None or not lo <= c <= hi or not lo < hi:
        return False, "the Taylor model's point is not in a finite box"
    (x,) = problem.variables
    with intervals.precision(TM_BITS):
        if g:
            box_enclosure(problem, g, box, defined=True)
        m = taylor.model(problem.derivative(g), x, c, lo - c, hi - c)
        for side in (1, -1):
            got = m.side(side)
            if got is None:
                continue
            u, sh = got
            if not _signed_ok(u, s * sh, node.strict):
                return False, f"the Taylor model's unit part {u} on side {side} of {c}"
    if m.v < 0 and not m.undefined:
        return False, "a pole at a point where the function is defined"
    at_open = (c == lo and (0, "lo") in node.opens) or (c == hi and (0, "hi") in node.opens)
    if not (at_open or m.undefined or m.v == 0 or (m.v > 0 and not node.strict)):
        return False, f"the function is 0 at {c}, not > 0"
    return True, ""


def _psd(hess: dict, free: Sequence[int]) -> bool:
    """Whether every symmetric matrix with entries in the enclosures ``hess`` is positive
    semidefinite: diagonally dominant with nonnegative diagonal, or (two variables) a
    nonnegative diagonal with ``h11 h22 >= h12^2``."""
    def big(e):
        return max(abs(e.lo), abs(e.hi))

    if not all(hess[i, i].lo >= 0 for i in free):
        return False
    if len(free) == 2:
        a, b = free
        if hess[a, a].lo * hess[b, b].lo >= big(hess[a, b]) * big(hess[a, b]):
            return True
    return all(hess[i, i].lo >= sum((big(hess[i, j]) for j in free if j != i),
                                    intervals.ZERO) for i in free)


def _implied_end(problem: BoxProblem, i: int, side: str) -> bool:
    """Whether a condition ``a v + b >= 0`` (``> 0``; rational ``a``, real constant ``b``)
    puts the variable ``v`` below the box's upper end (``side`` "hi"; above its lower end
    for "lo"): the box then holds every point of the domain."""
    v = problem.variables[i]
    end = problem.bounds[i][0 if side == "lo" else 1]
    for c, kind in problem.constraints:
        if kind == "ne" or c.free_symbols != {v} or not c.is_polynomial(v):
            continue
        poly = sp.Poly(c, v)
        if poly.degree() != 1:
            continue
        a, b = poly.all_coeffs()
        if not a.is_Rational or b.free_symbols or (a > 0) != (side == "lo"):
            continue
        try:
            with intervals.precision(64):
                root = intervals.compile_expr(-b / a, ())([], True)
        except intervals.NotEnclosable:
            continue
        if root is None:
            continue
        mid = box_env(((end, end),))[0]
        if (side == "hi" and root.hi <= mid.lo) or (side == "lo" and root.lo >= mid.hi):
            return True
    return False


def bound_rest(slack: sp.Expr, g: sp.Expr, lam: sp.Rational) -> sp.Expr:
    """``slack - lam * g`` factored when that is quick (``y^2 (1 - x^2)`` encloses tightly
    where its expanded form does not); memoised."""
    key = (slack, g, lam)
    got = _BOUND_RESTS.get(key)
    if got is None:
        got = slack - lam * g
        try:
            with time_limit(1.0):
                got = sp.factor(got)
        except Exception:  # SymPy failing or slow: the difference as it is
            pass
        if len(_BOUND_RESTS) > 512:
            _BOUND_RESTS.clear()
        _BOUND_RESTS[key] = got
    return got


_BOUND_RESTS: dict = {}


def _start_values(problem: BoxProblem, start: BoxNode, v: int) -> bool:
    """Whether every ``excluded`` box under ``start`` is excluded by a condition that does
    not involve the variable ``v``, and every ``bound`` node rests on such a condition (none
    under a change of variable or another form)."""
    var = problem.variables[v]
    for node in _walk(start):
        if node.kind in ("subst", "form"):
            if any(n.kind in ("excluded", "bound") for n in _walk(node)):
                return False
            continue
        if node.kind == "bound":
            # slack >= lam g rests on the condition g >= 0: it must not involve v either
            i = node.cut[0] if isinstance(node.cut, tuple) and node.cut else None
            if not isinstance(i, int) or not 0 <= i < len(problem.constraints) or (
                    var in problem.constraints[i][0].free_symbols):
                return False
            continue
        if node.kind != "excluded":
            continue
        free = BoxProblem(problem.slack, problem.strict, problem.variables, problem.bounds,
                          problem.opens, tuple((c, k) for c, k in problem.constraints
                                               if var not in c.free_symbols))
        if not _node_ok(free, node, clock.now() + 5.0)[0]:
            return False
    return True


_NOT_ANALYTIC = (sp.Abs, sp.sign, sp.Max, sp.Min, sp.Heaviside, sp.Piecewise, sp.floor,
                 sp.ceiling)


def somewhere_positive(problem: BoxProblem, node: BoxNode) -> bool:
    """For a strict ``mono`` node with a non-strict slope: the slope function ``f'`` (along
    ``var``, times ``sign * dir``) is real-analytic on the box (no ``|.|``, max, steps; every
    power with a fractional exponent has a base > 0; ``f''`` defined on the whole box) and
    > 0 on the face opposite the start. Then ``f' >= 0`` vanishes only at isolated points
    along ``var`` (identity theorem), so ``f`` increases strictly from its start face."""
    g, box, v, d = node.deriv, node.box, node.var, node.dir
    lo, hi = box[v]
    if lo is None or hi is None:
        return False
    expr = problem.derivative(g + (v,))
    if expr.has(*_NOT_ANALYTIC):
        return False
    try:
        with intervals.precision(64):
            env = box_env(box)
            for p in expr.atoms(sp.Pow):
                if not p.exp.is_Integer:
                    b = intervals.compile_expr(p.base, problem.variables)(env, True)
                    if not b.lo > 0:
                        return False
            box_enclosure(problem, g + (v, v), box, defined=True)  # f'' defined
            far = _face(box, v, "hi" if d == 1 else "lo")
            e = box_enclosure(problem, g + (v,), far, defined=True)
    except intervals.NotEnclosable:
        return False
    return _signed_ok(e, node.sign * d, True)


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
            if "ge" in kinds and any(k == "ne" and (sp.expand(c - g) == 0 or sp.expand(c + g)
                                                    == 0) for c, k in problem.constraints):
                kinds.add("gt")  # v <= b and v != b: v < b
            if not kinds and (i, side) not in problem.opens and _implied_end(problem, i, side):
                kinds.add("ge")  # v <= c for a constant c <= b: the box end b is beyond it
            if not kinds & ({"gt"} if (i, side) in problem.opens else {"ge", "gt"}):
                return Step(claim, "interval", UNKNOWN, f"the box end {v} {side} {end} is "
                            "not a constraint of the problem")
    ok, why = _node_ok(problem, root, clock.now() + seconds)
    if not ok:
        return Step(claim, "interval", UNKNOWN, f"certificate rejected: {why}")
    count = _count_nodes(root)
    uses_mvt = any(n.kind in ("mono", "mvf", "limit") for n in _walk(root))
    rules = ("mean value theorem",) if uses_mvt else ()
    if any(n.kind in ("limit", "mono") and n.cut == "analytic" for n in _walk(root)):
        rules += ("identity theorem",)
    if any(n.kind in ("subst", "form") for n in _walk(root)):
        rules += ("change of variable",)
    if any(n.kind in ("taylor", "tm") for n in _walk(root)):
        rules += ("Taylor's theorem",)
    return _proved(claim, "interval",
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
        if n.kind in ("enc", "excluded", "mvf", "zero", "taylor", "tm", "bound"):
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
                    enc = intervals.compile_expr(c, problem.variables)(box_env(pbox), True)
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
        # (inside a time limit: SymPy evaluates exact powers at points like 1 - 10^{-300})
        at, _ = _attempt(lambda: problem.slack.xreplace(dict(zip(problem.variables, point))),
                         0.5)
        zero = at is not None and is_zero(at, 2.0)[0]
        if zero:
            return Step(claim, "counterexample", REFUTED,
                        f"at {where} (in the domain) the slack is exactly 0, not > 0")
    return Step(claim, "counterexample", UNKNOWN, f"at {where} the slack is not shown negative")


def unabs(expr: sp.Expr, variables: Sequence[sp.Symbol], box: Sequence[Bound]) -> sp.Expr:
    """``expr`` with each ``|u|`` (innermost first) whose argument's enclosure on ``box`` is
    ``>= 0`` replaced by ``u``, ``<= 0`` by ``-u``, and each ``max(a, b)`` / ``min(a, b)``
    whose ``a - b`` has a sign on the box by the larger / smaller (equal on the box)."""
    env = box_env(box)
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
        for m in expr.atoms(sp.Max, sp.Min):
            if len(m.args) != 2 or m.has(sp.Abs):
                continue
            a, b = m.args
            try:
                with intervals.precision(64):
                    e = intervals.compile_expr(a - b, tuple(variables))(env, defined=True)
            except intervals.NotEnclosable:
                continue
            big, small = (a, b) if e.lo >= 0 else (b, a) if e.hi <= 0 else (None, None)
            if big is not None:
                swap[m] = big if isinstance(m, sp.Max) else small
        if not swap:
            return expr
        expr = expr.xreplace(swap)
    return expr


def hyperbolic_in_exp(expr: sp.Expr) -> sp.Expr:
    """``sinh``, ``cosh``, ``tanh`` by their definitions in ``exp`` (an identity on the
    reals: ``e^x + e^{-x} > 0``); other functions as they are."""
    return expr.rewrite([sp.sinh, sp.cosh, sp.tanh], sp.exp)


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
        if factor == den or (factor.is_Mul and factor == sp.factor(den)):
            out += [num, sp.expand(num)]
        if slack.has(sp.sinh, sp.cosh, sp.tanh):
            num_e, den_e = sp.fraction(sp.together(hyperbolic_in_exp(slack)))
            if factor == den_e:
                out += [sp.expand(num_e)]
        if factor == -den:
            out += [-num, sp.expand(-num), -sp.expand(num)]
    except Exception:  # SymPy failing here only means no structural match
        pass
    return out


def check_node(problem: BoxProblem, node: BoxNode, seconds: float = 5.0) -> bool:
    """Whether ``node`` (with its children) re-checks for ``problem`` (``_node_ok``)."""
    return _node_ok(problem, node, clock.now() + seconds)[0]


def sympy_limit(expr: sp.Expr, var: sp.Symbol, at: sp.Expr, seconds: float) -> sp.Expr | None:
    """SymPy's exact limit of ``expr`` as ``var -> at``, or None (failure or timeout).
    Answers are remembered (SymPy's answer does not change; failures are retried)."""
    key = (expr, var, at)
    if key not in _LIMITS:
        value = _attempt(lambda: sp.limit(expr, var, at), seconds)[0]
        if value is None:
            return None
        if len(_LIMITS) > 1024:
            _LIMITS.clear()
        _LIMITS[key] = value
    return _LIMITS[key]


_LIMITS: dict = {}


# ------------------------------------------------------------------ forms and substitutions

_HYPERBOLIC = (sp.tanh, sp.sinh, sp.cosh)


def exp_form(expr: sp.Expr) -> sp.Expr:
    """``expr`` with ``tanh``, ``sinh``, ``cosh`` written in ``exp`` (equal, and defined at
    the same points: every one of them is defined everywhere, as are their exp forms)."""
    swap = {}
    for a in expr.atoms(*_HYPERBOLIC):
        (y,) = a.args
        y = exp_form(y)
        p, m = sp.exp(y), sp.exp(-y)
        swap[a] = {sp.tanh: (p - m) / (p + m), sp.sinh: (p - m) / 2,
                   sp.cosh: (p + m) / 2}[a.func]
    return expr.xreplace(swap) if swap else expr


def function_forms(expr: sp.Expr) -> list[sp.Expr]:
    """Equal forms of ``expr`` that enclose better on wide boxes: the numerator over the
    denominator (``together``, then ``factor``), in exp form. Identities of rational
    algebra: equal wherever ``expr`` is defined (``form`` nodes also check definedness)."""
    out: list[sp.Expr] = []
    for base in dict.fromkeys((expr, exp_form(expr))):
        try:
            t = sp.together(sp.powsimp(base))
            out.append(t)
            out.append(sp.factor(t))
        except Exception:  # SymPy failing on a form: just no such form
            continue
    return [f for f in dict.fromkeys(out) if f != expr]


def _form_ok(problem: BoxProblem, node: BoxNode, deadline: float) -> tuple[bool, str]:
    g, box = node.deriv, node.box
    (child,) = node.children
    if (child.expr is None or child.deriv != () or child.box != box or child.sign != 1
            or child.strict != node.strict or not child.opens <= node.opens):
        return False, "malformed form node"
    with intervals.precision(64):
        box_enclosure(problem, g, box, defined=True)
        intervals.compile_expr(child.expr, problem.variables)(box_env(box), True)
    d = node.sign * problem.derivative(g)
    if node.cut is not None:
        # the form times a factor P > 0 on the box: the same sign
        if not positive_factor(node.cut, problem.variables, box):
            return False, f"the factor {node.cut} is not shown > 0 on {box}"
        if not any(_cancels(f * node.cut - child.expr) for f in function_forms(d)):
            return False, f"{child.expr} is not a form of the function times {node.cut}"
    elif child.expr not in function_forms(d):
        same, why = is_zero(d - child.expr, 5.0)
        if not same:
            return False, f"the form {child.expr} is not shown equal: {why}"
    sub = BoxProblem(problem.slack, problem.strict, problem.variables, problem.bounds,
                     problem.opens, problem.constraints if not g else ())
    return _node_ok(sub, child, deadline, rewritten=True)


def positive_on(factor: sp.Expr, variables: Sequence[sp.Symbol], box: Sequence[Bound],
                opens: frozenset) -> bool:
    """Whether ``factor > 0`` on the box off its open faces: its product factors
    ``(x - a)^k`` with ``a`` an open lower end of the box are positive there, ``(a - x)^k``
    have the sign of ``(-1)^k`` (integer ``k``; likewise at an open upper end ``b``), and
    the rest, times the numerical coefficient and those signs, has a positive enclosure on
    the closed box."""
    sign, rest = 1, []
    for f in sp.Mul.make_args(factor):
        if f.is_Number:
            if f == 0:
                return False
            sign *= 1 if f > 0 else -1
            continue
        base, k = (f.base, f.exp) if f.is_Pow else (f, sp.Integer(1))
        flip = None
        if k.is_positive:
            for i, (v, (lo, hi)) in enumerate(zip(variables, box)):
                for end, side, up in ((lo, "lo", v - lo if lo is not None else None),
                                      (hi, "hi", hi - v if hi is not None else None)):
                    if end is None or (i, side) not in opens or (lo is not None and
                                                                 hi is not None and lo >= hi):
                        continue
                    if sp.expand(base - up) == 0:
                        flip = 1
                    elif sp.expand(base + up) == 0 and k.is_Integer:
                        flip = -1 if k % 2 else 1
        if flip is None and k.is_Integer and k > 0:
            if _rises_from_open_end(base, variables, box, opens):
                flip = 1
            elif _rises_from_open_end(-base, variables, box, opens):
                flip = -1 if k % 2 else 1
        if flip is None:
            rest.append(f)
        else:
            sign *= flip
    if not rest:
        return sign > 0
    try:
        with intervals.precision(64):
            e = intervals.compile_expr(sign * sp.Mul(*rest), tuple(variables))(box_env(box),
                                                                                True)
    except intervals.NotEnclosable:
        return False
    return bool(e.lo > 0)


def _rises_from_open_end(g: sp.Expr, variables: Sequence[sp.Symbol], box: Sequence[Bound],
                         opens: frozenset, order: int = 3) -> bool:
    """Whether ``g > 0`` on a box of one variable ``x`` with an open finite end ``a``
    (Taylor): ``g`` and its derivatives below some order ``m <= order`` are exactly 0 at
    ``a`` (``is_zero``), and on the closed box every derivative up to ``m`` has a finite
    enclosure (so ``g`` is ``m`` times differentiable there) and ``g^(m)`` one of the sign
    that makes ``g`` grow away from ``a``: positive at a lower end (``e^{2x} - 2e^x + 1`` on
    ``(0, 1/2]``), of the sign of ``(-1)^m`` at an upper end (``-ln x`` on ``[1/2, 1)``)."""
    if len(variables) != 1:
        return False
    (x,) = variables
    lo, hi = box[0]
    if lo is not None and hi is not None and hi <= lo:
        return False
    for side, a in (("lo", lo), ("hi", hi)):
        if a is None or (0, side) not in opens:
            continue
        d = g
        for m in range(order + 1):
            try:
                with intervals.precision(64):
                    e = intervals.compile_expr(d, (x,))(box_env(box), True)
            except intervals.NotEnclosable:
                break
            if e is None or not e.is_finite():
                break
            if m and (e.lo > 0 if side == "lo" or m % 2 == 0 else e.hi < 0):
                return True
            try:  # cheap first: the value at the end must be able to be 0
                with intervals.precision(64):
                    at = intervals.compile_expr(d, (x,))(box_env(((a, a),)), True)
            except intervals.NotEnclosable:
                break
            if at is None or not (at.lo <= 0 <= at.hi) or not is_zero(d.subs(x, a), 2.0)[0]:
                break
            d = sp.diff(d, x)
    return False


def substitute(problem: BoxProblem, box: Sequence[Bound], opens: frozenset,
               kind: str) -> BoxProblem | None:
    """The change of variable ``kind`` on the box of one variable ``x`` (the new variable
    keeps the name): the problem ``slack(phi(x)) >= 0`` on the image box (its ``bounds``;
    its ``opens``), with every constraint mapped too. ``phi`` is a bijection from the image
    box onto the box, preserving which points are in it:

    * ``recip``: ``(a, c]`` is ``x = a + 1/u``, ``u in [1/(c - a), oo)``; ``[c, a)`` is
      ``x = a - 1/u`` (``recip_hi``: this one also when the box is open at both ends);
    * ``inv``: ``[c, oo)`` (``c > 0``) is ``x = 1/u``, ``(-oo, -c]`` is ``x = -1/u``, ``u in
      (0, 1/c]`` (``atan x - 3x/(1 + 2 sqrt(1 + x^2))`` becomes bounded);
    * ``exp``: ``[R, oo)`` is ``x = R - ln u``, ``(-oo, R]`` is ``x = R + ln u``, ``u in
      (0, 1]``; hyperbolic functions are first written in ``exp`` (``exp_form``);
    * ``recipc_lo`` / ``recipc_hi``: as ``recip`` at the end ``a`` (``b``) whether or not
      the box excludes it; the end itself is left out of the image (the ``subst`` node
      proves it apart);
    * ``pow_lo_q`` / ``pow_hi_q`` (``q`` = 2..6): ``[a, b]`` is ``x = a + (b - a) u^q`` /
      ``x = b - (b - a) u^q``, ``u in (0, 1]`` (the end ``a`` / ``b`` itself, ``u = 0``, is
      left out: the ``subst`` node proves it apart), for an end where the slack has an
      infinite derivative (``x^{1/3}`` at 0, ``arccos x`` at 1): with ``u > 0`` radicands
      are factored (``sqrt(u^2 v) = u sqrt(v)``), and ``arccos z``, ``arcsin z`` whose
      argument is ``+-1`` at the end are written with ``arcsin(sqrt((1 -+ z)/2))``.
    None if ``kind`` does not apply to the box."""
    if len(box) != 1 or len(problem.variables) != 1:
        return None
    (x,) = problem.variables
    (lo, hi), u = box[0], sp.Symbol(x.name, positive=True)
    post = sp.sympify
    if kind in ("recip", "recip_hi") and lo is not None and hi is not None and lo < hi:
        if (0, "lo") in opens and kind == "recip":
            phi, width, end_open = lo + 1 / u, hi - lo, (0, "hi") in opens
        elif (0, "hi") in opens:
            phi, width, end_open = hi - 1 / u, hi - lo, (0, "lo") in opens
        else:
            return None
        bounds = ((1 / width, None),)
        new_opens = frozenset({(0, "lo")} if end_open else set())
        pre = sp.sympify  # the slack as it is
    elif kind in ("recipc_lo", "recipc_hi") and lo is not None and hi is not None and lo < hi:
        # x = a + 1/u at the end a whether or not the box excludes it (a itself, u = +oo,
        # is left out of the image: the subst node proves it apart)
        if kind == "recipc_lo":
            phi, end_open = lo + 1 / u, (0, "hi") in opens
        else:
            phi, end_open = hi - 1 / u, (0, "lo") in opens
        bounds = ((1 / (hi - lo), None),)
        new_opens = frozenset({(0, "lo")} if end_open else set())
        pre = sp.sympify
    elif kind == "inv" and (lo is None) != (hi is None) and (
            (hi is None and lo > 0) or (lo is None and hi < 0)):
        end = lo if hi is None else hi
        phi = 1 / u if hi is None else -1 / u
        bounds = ((sp.Integer(0), 1 / abs(end)),)
        side_open = (0, "lo") in opens if hi is None else (0, "hi") in opens
        new_opens = frozenset({(0, "lo")} | ({(0, "hi")} if side_open else set()))
        pre = sp.sympify
        # radicands over a common denominator: with u > 0, sqrt(1 + u^-2) is sqrt(u^2 + 1)/u
        post = _radicands_together
    elif kind == "exp" and (lo is None) != (hi is None):
        end = hi if lo is None else lo
        phi = end + sp.log(u) if lo is None else end - sp.log(u)
        bounds = ((sp.Integer(0), sp.Integer(1)),)
        side_open = (0, "hi") in opens if lo is None else (0, "lo") in opens
        new_opens = frozenset({(0, "lo")} | ({(0, "hi")} if side_open else set()))
        pre = exp_form
    elif kind.startswith("pow_") and lo is not None and hi is not None and lo < hi:
        _, side, q = kind.split("_")
        if side not in ("lo", "hi") or q not in ("2", "3", "4", "5", "6"):
            return None
        phi = lo + (hi - lo) * u ** int(q) if side == "lo" else hi - (hi - lo) * u ** int(q)
        bounds = ((sp.Integer(0), sp.Integer(1)),)
        far_open = (0, "hi" if side == "lo" else "lo") in opens
        new_opens = frozenset({(0, "lo")} | ({(0, "hi")} if far_open else set()))
        pre = sp.sympify

        def post(e: sp.Expr) -> sp.Expr:
            return _smooth_roots(e, u)
    else:
        return None

    def mapped(e: sp.Expr) -> sp.Expr:
        # with u > 0 SymPy may write ln(1/u) as -ln u and e^{R - ln u} as e^R / u
        return post(sp.expand_log(pre(e).xreplace({x: phi}))).xreplace({u: x})

    cons = tuple((mapped(c), k) for c, k in problem.constraints)
    return BoxProblem(mapped(problem.slack), problem.strict, (x,), bounds, new_opens, cons)


def _smooth_roots(e: sp.Expr, u: sp.Symbol) -> sp.Expr:
    """``e`` (a function of ``u > 0``) with ``arccos z`` / ``arcsin z`` whose argument is 1
    at ``u = 0`` written as ``2 arcsin(sqrt((1 - z)/2))`` / ``pi/2 - 2 arcsin(...)`` (at -1:
    ``pi - 2 arcsin(sqrt((1 + z)/2))`` / ``-pi/2 + 2 arcsin(...)``; identities on all of
    ``[-1, 1]``, defined exactly there), ``arcosh z`` with ``z = 1`` there as
    ``2 arsinh(sqrt((z - 1)/2))`` (on ``z >= 1``), then every radicand factored (the same
    polynomial; with ``u > 0`` SymPy takes ``u^2`` out of ``sqrt(u^2 v)``)."""
    def arc(a: sp.Expr) -> sp.Expr:
        z = a.args[0]
        try:
            at = sp.nsimplify(z.xreplace({u: sp.Integer(0)}))
        except Exception:  # SymPy failing: leave the function as it is
            return a
        if at == 1:
            r = 2 * sp.asin(sp.sqrt((1 - z) / 2))
            return r if isinstance(a, sp.acos) else sp.pi / 2 - r
        if at == -1:
            r = 2 * sp.asin(sp.sqrt((1 + z) / 2))
            return sp.pi - r if isinstance(a, sp.acos) else r - sp.pi / 2
        return a

    def arcosh(a: sp.Expr) -> sp.Expr:
        z = a.args[0]
        try:
            at = sp.nsimplify(z.xreplace({u: sp.Integer(0)}))
        except Exception:  # SymPy failing: leave the function as it is
            return a
        # arcosh z = 2 arsinh(sqrt((z - 1)/2)) for z >= 1 (where both are defined)
        return 2 * sp.asinh(sp.sqrt((z - 1) / 2)) if at == 1 else a

    e = e.replace(lambda a: isinstance(a, (sp.acos, sp.asin)), arc)
    e = e.replace(lambda a: isinstance(a, sp.acosh), arcosh)
    return e.replace(lambda a: a.is_Pow and not a.exp.is_Integer and a.base.has(u),
                     lambda a: sp.Pow(sp.factor(a.base), a.exp))


def _radicands_together(e: sp.Expr) -> sp.Expr:
    """``e`` with the base of every non-integer power over a common denominator
    (``together``, an identity where the base is defined)."""
    return e.replace(lambda a: a.is_Pow and not a.exp.is_Integer,
                     lambda a: sp.Pow(sp.together(a.base), a.exp))


def _cancels(expr: sp.Expr) -> bool:
    """Whether ``expr`` is 0 as a rational function of its atoms (``cancel``; exact)."""
    try:
        with time_limit(2.0):
            return sp.cancel(sp.together(expr)) == 0
    except Exception:  # SymPy failing or too slow: not shown
        return False


def core_of(form: sp.Expr, variables: Sequence[sp.Symbol], box: Sequence[Bound]
            ) -> tuple[sp.Expr, sp.Expr] | None:
    """``(P, core)`` with ``form * P = core`` and ``P > 0`` on the box (``positive_factor``):
    the denominator and the numerator's positive factors divided out (a form's sign is its
    core's). None if nothing is divided out or ``P`` is not shown positive."""
    num, den = sp.fraction(form)
    keep, drop = [], []
    for f in sp.Mul.make_args(num):
        (drop if positive_factor(f, variables, box) else keep).append(f)
    factor = den / sp.Mul(*drop)
    if (not drop and den == 1) or not positive_factor(factor, variables, box):
        return None
    return factor, sp.Mul(*keep)


def positive_factor(factor: sp.Expr, variables: Sequence[sp.Symbol], box: Sequence[Bound]
                    ) -> bool:
    """Whether ``factor > 0`` on the box: each of its product factors is ``e^u`` (or a power
    of it), or has a positive enclosure on the box (defined on all of it)."""
    for f in sp.Mul.make_args(factor):
        if isinstance(f, sp.exp):
            try:  # e^u > 0 wherever u is real and defined
                with intervals.precision(64):
                    intervals.compile_expr(f.args[0], tuple(variables))(box_env(box), True)
            except intervals.NotEnclosable:
                return False
            continue
        try:
            with intervals.precision(64):
                e = intervals.compile_expr(f, tuple(variables))(box_env(box), True)
        except intervals.NotEnclosable:
            return False
        if not e.lo > 0:
            return False
    return True

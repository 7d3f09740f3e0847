r"""Exponential tails: ``e^{a x}`` replaced by a proved polynomial lower bound (issue #11).

MetiTarski's idea as a kernel rule. A claim ``slack >= 0`` (``> 0``) in one variable ``x`` on a
domain with the end ``+oo``, whose slack mixes exponentials ``e^{c x}`` (``c`` rational; the
hyperbolic functions in exp form) with algebraic terms, is one the box search rarely closes:
its tail ``[R, oo)`` has no finite box. ``exp_tail(problem, claim, seconds)`` cuts the domain at
``R >= 0`` (*case split*; the part below ``R`` is left to the whole engine) and on the tail:

* writes the slack as ``g(x, E) = p(x, E) / q(x, E)`` with ``E = e^{b x}`` (``b`` the largest
  rational with every ``c / b`` an integer), ``p``, ``q`` polynomials in ``E``; that
  ``slack = g(x, e^{b x})`` is an identity SymPy proves (``certify_identity``);
* takes ``L(x) = sum_{k <= n} (b x)^k / k!`` (``n`` = 2, 4, 6, 8) and proves, each by the engine
  (or SymPy's sign), on ``x >= R``, ``t >= 0``: ``q(x, L + t) > 0`` (or ``< 0``: the fraction's
  sign flipped), ``p_E q - p q_E >= 0`` at ``E = L + t`` (``g`` nondecreasing in ``E`` above
  ``L``), ``e^{b x} >= L(x)`` on ``x >= 0``, and the *algebraic* claim ``p(x, L(x)) >= 0``
  (``> 0``);
* concludes ``slack = g(x, e^{b x}) >= g(x, L(x)) >= 0`` by the rule *monotone substitution*
  (``derive.proof.RULES``, through ``apply_rule``).

``R >= 1`` (the engine closes a corner at 0, where such slacks often touch 0, better on a
bounded box). On the whole line the part ``x <= -R`` is the tail ``u >= R`` of ``slack(-u)``
(*change of variable*), ``[-R, R]`` the engine's. Where is the slack defined: ``p`` and
``q`` are built from the subexpressions of the slack, so at a point where the slack is
defined they are too, for every ``E``; the premises hold wherever defined.

Floats only choose ``n`` and ``R`` (samples of the premises); every decision is the kernel's.
A premise that fails never refutes the claim: the function returns None and the caller's
search goes on. The premises are decided without this method (no recursion).
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import sympy as sp

from derive import clock
from derive.guard import Nesting
from derive.latex import tex
from derive.proof import (
    PROVED,
    BoxProblem,
    Step,
    StepTimeout,
    apply_rule,
    certify_identity,
    hyperbolic_in_exp,
    time_limit,
)

ORDERS = (2, 4, 6, 8)  # degrees of the Taylor lower bound tried
CUTS = (1, 2, 3, 4, 6, 8, 12, 16, 24, 32)  # candidate ends R of the tail
MAX_OPS = 150  # larger slacks are left to the box search
_ACTIVE = Nesting()  # a premise under way: no nested use of this method
_BOUNDS: dict = {}  # (e^{bx}, L(x)) -> the proved step e^{bx} >= L(x) on x >= 0


def applies(problem: BoxProblem) -> bool:
    """Whether ``problem`` is one variable with the end ``+oo`` and an exponential (or a
    hyperbolic function) in its slack."""
    return (len(problem.variables) == 1 and problem.bounds[0][1] is None
            and problem.slack.has(sp.exp, sp.sinh, sp.cosh, sp.tanh) and not _ACTIVE)


def exp_tail(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    """A proved step for ``problem`` by the method of the module docstring, or None."""
    if not applies(problem) or sp.count_ops(problem.slack) > MAX_OPS:
        return None
    deadline = clock.now() + seconds
    with _ACTIVE.enter():
        return _exp_tail(problem, claim, deadline)


def _left(deadline: float) -> float:
    return deadline - clock.now()


def _exp_form(slack: sp.Expr, x: sp.Symbol) -> tuple[sp.Rational, sp.Symbol, sp.Expr,
                                                      sp.Expr] | None:
    """``(b, E, p, q)``: the slack is ``p(x, E) / q(x, E)`` with ``E = e^{b x}`` (as SymPy
    rewrites it; the caller proves the identity), or None."""
    form = hyperbolic_in_exp(slack)
    coeffs = []
    for atom in form.atoms(sp.exp):
        arg = sp.expand(atom.args[0])
        c = sp.cancel(arg / x)
        if not c.is_Rational or c == 0:
            return None
        coeffs.append(Fraction(int(c.p), int(c.q)))
    if not coeffs:
        return None
    b = Fraction(math.gcd(*(c.numerator for c in coeffs)),
                 math.lcm(*(c.denominator for c in coeffs)))
    E = sp.Symbol("E", positive=True)
    rep = {atom: E ** int(sp.Rational(sp.cancel(sp.expand(atom.args[0]) / x)) / sp.Rational(
        b.numerator, b.denominator)) for atom in form.atoms(sp.exp)}
    g = form.xreplace(rep)
    p, q = sp.fraction(sp.together(g))
    p, q = sp.expand(p), sp.expand(q)
    if g.has(sp.exp) or not (p.is_polynomial(E) and q.is_polynomial(E)) or not p.has(E):
        return None
    return sp.Rational(b.numerator, b.denominator), E, p, q


def taylor(b: sp.Rational, x: sp.Symbol, n: int) -> sp.Expr:
    """``sum_{k <= n} (b x)^k / k!``: a lower bound of ``e^{b x}`` for ``x >= 0``."""
    return sp.Add(*[(b * x) ** k / sp.factorial(k) for k in range(n + 1)])


def _samples_ok(exprs: list[tuple[sp.Expr, bool]], syms: tuple, points: list[tuple]) -> bool:
    """Whether every ``(expr, strict)`` is positive (nonnegative) at every sample point
    (floats, for choosing parameters only; never a decision)."""
    with mpmath.workdps(40):
        for expr, strict in exprs:
            f = sp.lambdify(syms, expr, "mpmath")
            for pt in points:
                try:
                    v = f(*[mpmath.mpf(c) for c in pt])
                except (ZeroDivisionError, ValueError, OverflowError):
                    return False
                if isinstance(v, mpmath.mpc) or not mpmath.isfinite(v):
                    return False
                if v < 0 or (strict and v == 0):
                    return False
    return True


def _grid(r: float) -> list[float]:
    return [r + d for d in (0.01, 0.1, 0.5, 1, 2, 5, 10, 30, 100, 1000, 1e5, 1e8)]


def _exp_tail(problem: BoxProblem, claim: str, deadline: float) -> Step | None:
    (x,) = problem.variables
    lo = problem.bounds[0][0]
    strict = problem.strict
    got = _exp_form(problem.slack, x)
    if got is None:
        return None
    b, E, p, q = got
    t = sp.Symbol("t" if x.name != "t" else "s", real=True)
    r0 = max(lo, 0) if lo is not None else 0
    # the tail starts at 1 or later: the engine closes a corner at 0 (where the slack often
    # touches 0) on a bounded box better than the algebraic claim on the tail does
    cuts = [sp.Integer(c) for c in CUTS if c > r0]
    if r0 >= 1:
        cuts.insert(0, sp.Rational(r0))
    for sign in (1, -1):  # q > 0 or q < 0 (then p / q = (-p) / (-q))
        pp, qq = sign * p, sign * q
        for n in ORDERS:
            if _left(deadline) <= 0.5:
                return None
            low = taylor(b, x, n)
            qt, dgt, alg = _premises(pp, qq, E, low, t)
            R = next((r for r in cuts if _samples_ok(
                [(qt, True), (dgt, False), (alg, strict)], (x, t),
                [(xx, tt) for xx in _grid(float(r)) for tt in (0, 0.5, 10, 1e6)])),
                None)
            got = R is not None and prove_tail(problem, claim, deadline, (b, E, pp, qq), low, R)
            if got:
                return got
    return None


def _premises(p: sp.Expr, q: sp.Expr, E: sp.Symbol, low: sp.Expr, t: sp.Symbol) -> tuple:
    """``q(x, L + t)``, the numerator of ``d(p/q)/dE`` at ``E = L + t``, and ``p(x, L)``."""
    dg = sp.expand(sp.diff(p, E) * q - p * sp.diff(q, E))
    return sp.expand(q.subs(E, low + t)), sp.expand(dg.subs(E, low + t)), p.subs(E, low)


def prove_tail(problem: BoxProblem, claim: str, deadline: float, form: tuple, low: sp.Expr,
               R: sp.Rational) -> Step | None:
    """The proof on the tail ``x >= R`` (and below ``R`` by the engine) with the slack in the
    form ``(b, E, p, q)`` (``_exp_form``) and ``low`` the claimed lower bound of ``e^{b x}``
    (every premise decided; a wrong bound or form is not proved): the step, or None."""
    from derive import realprove  # the engine decides the premises

    b, E, pp, qq = form
    (x,) = problem.variables
    t = sp.Symbol("t" if x.name != "t" else "s", real=True)
    qt, dgt, alg = _premises(pp, qq, E, low, t)
    strict = problem.strict
    lo = problem.bounds[0][0]
    opened = lo is not None and lo == R and (0, "lo") in problem.opens
    at_r = sp.Gt(x, R) if opened else sp.Ge(x, R)  # the tail (open at an open end of the domain)
    rels = [at_r]
    box = [at_r, sp.Ge(t, 0)]
    ex = sp.exp(b * x)
    rel = ">" if strict else "\\ge"
    premises = []

    def need(step: Step) -> Step:
        if step.verdict != PROVED:
            raise _GiveUp
        premises.append(step)
        return step

    def decide(expr, is_strict, dom, what, share):
        left = _left(deadline)
        if left <= 0.2:
            raise _GiveUp
        return need(realprove.decide(expr, is_strict, dom, what, seconds=share * left))

    try:
        g_exp = (pp / qq).subs(E, ex)
        # sinh, cosh, tanh by their definitions (derive.proof.hyperbolic_in_exp, an identity
        # on the reals), then SymPy's identity with the fraction
        form = hyperbolic_in_exp(problem.slack)
        with time_limit(max(0.2, min(3.0, _left(deadline) / 4))):
            need(certify_identity(form, g_exp, f"{tex(form)} = {tex(g_exp)}", domain=rels))
        # the algebraic claim first (the hardest; the others are rarely in doubt)
        decide(alg, strict, rels, f"{tex(alg)} {rel} 0", 0.6)
        decide(qt, True, box, f"{tex(qq)} > 0 \\text{{ at }} E = {tex(low + t)}", 0.3)
        decide(dgt, False, box, f"\\partial_E ({tex(pp / qq)}) \\ge 0 \\text{{ at }} "
               f"E = {tex(low + t)}", 0.4)
        key = (ex, low)
        if key not in _BOUNDS:  # e^{bx} >= L(x) on x >= 0, once per bound
            _BOUNDS[key] = decide(ex - low, False, [sp.Ge(x, 0)],
                                  f"{tex(ex)} \\ge {tex(low)}", 0.5)
        else:
            need(_BOUNDS[key])
    except (_GiveUp, StepTimeout):
        return None
    tail_claim = f"{claim} \\text{{ where }} {tex(at_r)}"
    tail = apply_rule("monotone substitution", premises, tail_claim,
                      f"on ${tex(at_r)}$ the slack is $g({tex(x)}, E) = {tex(pp / qq)}$ with "
                      f"$E = {tex(ex)} \\ge {tex(low)}$ and $g$ nondecreasing in $E$ above "
                      f"that bound, so it is at least $g({tex(x)}, {tex(low)}) {rel} 0$")
    if tail.verdict != PROVED:
        return None
    if lo is not None and lo >= R:
        return tail
    domain = [sp.Ge(g, 0) if kind == "ge" else sp.Gt(g, 0) if kind == "gt" else sp.Ne(g, 0)
              for g, kind in problem.constraints]
    left = _left(deadline)
    if left <= 0.3:
        return None
    if lo is not None:
        below = realprove.decide(problem.slack, strict, domain + [sp.Le(x, R)],
                                 f"{claim} \\text{{ where }} {tex(x)} \\le {tex(R)}",
                                 seconds=left)
        parts = [below]
    else:  # the whole line: [-R, R] by the engine, x <= -R as a tail of its own (x = -u)
        mid = realprove.decide(problem.slack, strict, domain + [sp.Ge(x, -R), sp.Le(x, R)],
                               f"{claim} \\text{{ where }} {tex(-R)} \\le {tex(x)} \\le "
                               f"{tex(R)}", seconds=left / 2)
        parts = [mid, _mirrored(problem, claim, domain, R, deadline)]
    if any(p is None or p.verdict != PROVED for p in parts):
        return None
    return apply_rule("case split", [*parts, tail], claim,
                      f"cut at ${tex(x)} = {tex(R)}${' and its mirror' if lo is None else ''}: "
                      f"below by the engine, above by the monotone substitution ({tail.reason})")


def _mirrored(problem: BoxProblem, claim: str, domain: list, R: sp.Rational,
              deadline: float) -> Step | None:
    """``slack >= 0`` on ``x <= -R`` from ``slack(-u) >= 0`` on ``u >= R`` (this method), by
    the change of variable ``x = -u``; or None."""
    from derive import realprove

    (x,) = problem.variables
    flip = {x: -x}
    try:
        mirror = realprove.build_problem(problem.slack.xreplace(flip), problem.strict,
                                         [c.xreplace(flip) for c in domain] + [sp.Ge(x, R)])
    except realprove.Unsupported:
        return None
    where = f"{claim} \\text{{ where }} {tex(x)} \\le {tex(-R)}"
    step = _exp_tail(mirror, f"{where} \\text{{ (with }} {tex(x)} = -u)", deadline)
    if step is None:
        return None
    return apply_rule("change of variable", [step], where,
                      f"$x = -u$ maps $u \\ge {tex(R)}$ onto ${tex(x)} \\le {tex(-R)}$")


class _GiveUp(Exception):
    """A premise was not proved (or time ran out)."""

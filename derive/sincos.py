r"""Slacks symmetric in ``\sin x`` and ``\cos x``: one variable ``t = \sin x + \cos x``.

``symmetric_sum(problem, claim, seconds)`` (one hook among ``realprove._decide``'s methods):
with ``s = \sin x``, ``c = \cos x`` (``\tan x = s/c``, ``\cot x = c/s``, ``\sec x = 1/c``,
``\csc x = 1/s``), a slack whose rational parts (the whole slack, and the arguments of
``|.|``, roots, logarithms, ...) are each ``N(s, c) / D(s, c)`` with ``N`` and ``D``
symmetric polynomials is ``G(t)`` at ``t = s + c``: ``N = P(s + c, s c)`` (SymPy's
``symmetrize``) and ``s c = (t^2 - 1)/2`` on the circle ``s^2 + c^2 = 1``. The kernel checks
``slack = G(\sin x + \cos x)`` as an identity; ``G``'s denominators are ``f``'s own at the
same point (``D(s, c) = P_D(t, (t^2 - 1)/2)`` exactly), so ``G(t(x))`` is defined wherever the
slack is. Then ``G >= 0`` on a set ``S`` holding every ``t(x)``, decided by the whole engine
in ``t`` alone, gives the claim (rule *substitution instance*): ``S = [-\sqrt 2, \sqrt 2]``
(``2 - t^2 = (\sin x - \cos x)^2``, a certificate; the domain's conditions dropped, which only
proves more), else on a finite domain ``[a, b]`` the image ``[m, M]`` of ``t`` (its values at
``a``, ``b`` and at ``\pi/4 + k \pi`` inside, its only critical points), ``m <= t(x) <= M``
decided by the engine. A minimum at an irrational ``x`` becomes one at an algebraic ``t``:
Putnam 2003 A3, ``|\sin x + \cos x + \tan x + \cot x + \sec x + \csc x| \ge 2 \sqrt 2 - 1``,
is ``|t + 2/(t - 1)| \ge 2\sqrt 2 - 1``, touching at ``t = 1 - \sqrt 2``.
"""

from __future__ import annotations

import sympy as sp
from sympy.polys.polyfuncs import symmetrize

from derive import clock
from derive.guard import Nesting
from derive.latex import tex
from derive.proof import (
    PROVED,
    BoxProblem,
    Step,
    StepTimeout,
    apply_rule,
    certify_all,
    certify_identity,
    certify_nonnegative,
    time_limit,
)

MAX_OPS = 150  # larger slacks are left to the other methods
LEAST = 0.5  # seconds: with less left, the method does not start
_ACTIVE = Nesting()  # a claim of this method under way: its premises go to the engine without it


class _NotSymmetric(Exception):
    """The slack is not a function of ``\\sin x + \\cos x`` in this module's sense."""


def _to_t(r: sp.Expr, s: sp.Symbol, c: sp.Symbol, t: sp.Symbol) -> sp.Expr:
    """The rational function ``r`` of ``s, c`` (other symbols as coefficients) as one of
    ``t``: numerator and denominator symmetrized, ``s + c -> t``, ``s c -> (t^2 - 1)/2``."""
    num, den = sp.fraction(sp.together(r))
    out = []
    for p in (num, den):
        if not p.has(s, c):
            out.append(p)
            continue
        if not sp.expand(p).is_polynomial(s, c):
            raise _NotSymmetric
        sym, rest, defs = symmetrize(sp.expand(p), s, c, formal=True)
        if rest != 0:
            raise _NotSymmetric
        e1, e2 = (d[0] for d in defs)  # (s + c, s c)
        out.append(sym.xreplace({e1: t, e2: (t ** 2 - 1) / 2}))
    return sp.cancel(out[0] / out[1])


def as_sum(slack: sp.Expr, x: sp.Symbol, t: sp.Symbol
           ) -> tuple[sp.Expr, list[tuple[sp.Expr, sp.Expr]]]:
    """``G`` with ``slack = G(\\sin x + \\cos x)`` (see the module docstring) and the
    identities that show it, part by part: ``(a, b)`` with ``a`` a rational part of the slack
    (its other parts, ``|u|``, ``\\sqrt u``, ``\\ln u``, written as real symbols ``w_k``) and
    ``b`` its ``G``-form at ``t`` (the parts' arguments in ``G``-form, ``w_k`` the same);
    or ``_NotSymmetric``."""
    s, c = sp.Dummy("s"), sp.Dummy("c")
    trig = {sp.sin: s, sp.cos: c, sp.tan: s / c, sp.cot: c / s, sp.sec: 1 / c, sp.csc: 1 / s}
    taken = {v.name for v in slack.free_symbols}
    parts: dict = {}  # w_k: (the part of the slack, its arguments' G-forms)
    checks: list = []

    def lift(e: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
        """``e`` with its other parts as ``w_k`` (in ``x``), and rational in ``s, c, w_k``."""
        if not e.has(x):
            return e, e
        if e.func in trig:
            if e.args[0] != x:
                raise _NotSymmetric
            return e, trig[e.func]
        if e.is_Add or e.is_Mul:
            got = [lift(a) for a in e.args]
            return e.func(*[a for a, _ in got]), e.func(*[b for _, b in got])
        if e.is_Pow and e.exp.is_Integer:
            a, b = lift(e.base)
            return a ** e.exp, b ** e.exp
        if e.is_Pow and e.exp.has(x) or not e.args or e == x:
            raise _NotSymmetric
        args = []
        for arg in e.args:
            if not arg.has(x):
                args.append(arg)
                continue
            a, b = lift(arg)
            b = _to_t(b, s, c, t)
            checks.append((a, b))
            args.append(b)
        w = sp.Symbol(f"w_{len(parts) + 1}", real=True)
        if w.name in taken:
            raise _NotSymmetric
        parts[w] = e.func(*args)
        return w, w

    top, rational = lift(slack)
    g = _to_t(rational, s, c, t)
    checks.append((top, g))
    for w in reversed(list(parts)):  # (the outer parts first: each holds only earlier w_k)
        g = g.xreplace({w: parts[w]})
    if g.free_symbols != {t}:
        raise _NotSymmetric
    return g, checks


def symmetric_sum(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    """A proved step for ``problem`` by the module docstring's substitution, or None."""
    if (len(problem.variables) != 1 or len(_ACTIVE) or seconds < LEAST
            or not problem.slack.has(sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc)
            or sp.count_ops(problem.slack) > MAX_OPS):
        return None
    (x,) = problem.variables
    t = sp.Symbol("t", real=True)
    if t in problem.slack.free_symbols:
        t = sp.Symbol("t_x", real=True)
    deadline = clock.now() + seconds
    try:
        with time_limit(min(1.0, max(0.1, seconds / 4))):
            g, checks = as_sum(problem.slack, x, t)
    except (_NotSymmetric, StepTimeout, sp.PolynomialError, ValueError, TypeError):
        return None
    tx = sp.sin(x) + sp.cos(x)
    with time_limit(max(0.1, min(2.0, (deadline - clock.now()) / 3))):
        try:
            steps = [certify_identity(a, b.xreplace({t: tx}), f"{tex(a)} = {tex(b)} at "
                                      f"$t = \\sin {tex(x)} + \\cos {tex(x)}$", domain=[])
                     for a, b in checks]
        except StepTimeout:
            return None
    # (equal arguments give equal values: the parts' identities give the slack's)
    same = certify_all(f"the slack is $G(\\sin {tex(x)} + \\cos {tex(x)})$", "identity", steps,
                       "each rational part an identity in $x$ (the other parts as $w_k$), "
                       "equal arguments giving equal values")
    if same.verdict != PROVED:
        return None
    with _ACTIVE.enter():
        for image in (_whole, _image):
            got = image(problem, x, g, t, claim, same, deadline)
            if got is not None:
                return got
    return None


def _inner(problem: BoxProblem, g, t, lo, hi, deadline: float) -> Step | None:
    """``G >= 0`` (``> 0``) for ``t`` in ``[lo, hi]``, by the whole engine, or None."""
    from derive import realprove  # (it imports this module)

    rel = ">" if problem.strict else r"\ge"
    got = realprove.decide(g, problem.strict, [t >= lo, t <= hi], f"{tex(g)} {rel} 0",
                           seconds=max(0.2, deadline - clock.now()))
    return got if got.verdict == PROVED else None


def _conclude(problem, x, g, t, claim, premises, lo, hi) -> Step:
    return apply_rule("substitution instance", premises, claim,
                      f"the slack is $G(t)$ at $t = \\sin {tex(x)} + \\cos {tex(x)}$, which "
                      f"lies in $[{tex(lo)}, {tex(hi)}]$, and $G = {tex(g)}$ has the sign "
                      "claimed there")


def _whole(problem, x, g, t, claim, same, deadline) -> Step | None:
    """``S = [-\\sqrt 2, \\sqrt 2]``: ``2 - t(x)^2 = (\\sin x - \\cos x)^2`` for all ``x``."""
    r2 = sp.sqrt(2)
    sq = (sp.sin(x) - sp.cos(x)) ** 2
    width = certify_nonnegative(2 - (sp.sin(x) + sp.cos(x)) ** 2, sq,
                                f"(\\sin {tex(x)} + \\cos {tex(x)})^2 \\le 2", domain=[])
    if width.verdict != PROVED:
        return None
    share = deadline - clock.now()
    if problem.bounds[0] != (None, None):
        share *= 0.5  # (the image of a finite domain gets the rest)
    inner = _inner(problem, g, t, -r2, r2, clock.now() + share)
    if inner is None:
        return None
    # |t| <= sqrt 2 from t^2 <= 2: the set S = [-sqrt 2, sqrt 2] as the square's condition
    return _conclude(problem, x, g, t, claim, [same, width, inner], -r2, r2)


def _image(problem, x, g, t, claim, same, deadline) -> Step | None:
    """On a finite domain ``[a, b]``: ``S = [m, M]``, the least and greatest of ``t`` at ``a``,
    ``b`` and at each ``\\pi/4 + k \\pi`` inside (``t' = \\cos x - \\sin x`` is 0 only there),
    ``m <= t(x) <= M`` decided by the engine on the domain."""
    from derive import realprove  # (it imports this module)

    a, b = problem.bounds[0]
    if a is None or b is None:
        return None
    rels = [realprove._REL[kind](e, 0) for e, kind in problem.constraints]
    ends = _ends(problem, x)
    if ends is None:
        return None
    lo_x, hi_x = ends
    values = [sp.sin(lo_x) + sp.cos(lo_x), sp.sin(hi_x) + sp.cos(hi_x)]
    k0 = int(sp.floor((sp.N(lo_x) - sp.pi.evalf() / 4) / sp.pi.evalf())) - 1
    for k in range(k0, k0 + 64):
        p = sp.pi / 4 + k * sp.pi
        if sp.N(p) > sp.N(hi_x):
            break
        if sp.N(p) > sp.N(lo_x):
            values.append(sp.sin(p) + sp.cos(p))
    values = [sp.nsimplify(sp.simplify(v)) if v.is_number else v for v in values]
    lo = min(values, key=lambda v: sp.N(v, 30))
    hi = max(values, key=lambda v: sp.N(v, 30))
    tx = sp.sin(x) + sp.cos(x)
    premises = [same]
    for e, what in ((tx - lo, f"\\sin {tex(x)} + \\cos {tex(x)} \\ge {tex(lo)}"),
                    (hi - tx, f"\\sin {tex(x)} + \\cos {tex(x)} \\le {tex(hi)}")):
        got = realprove.decide(e, False, rels, what,
                               seconds=max(0.2, 0.25 * (deadline - clock.now())))
        if got.verdict != PROVED:
            return None
        premises.append(got)
    inner = _inner(problem, g, t, lo, hi, deadline)
    if inner is None:
        return None
    return _conclude(problem, x, g, t, claim, [*premises, inner], lo, hi)


def _ends(problem: BoxProblem, x: sp.Symbol) -> list[sp.Expr] | None:
    """The domain's least and greatest ``x`` exactly (its conditions ``x >= c``, ``x <= c``
    with ``c`` a constant, the tightest of each), or None."""
    lows, highs = [], []
    for e, kind in problem.constraints:
        if kind == "ne" or not e.is_polynomial(x) or sp.degree(e, x) != 1:
            continue
        a1, b1 = sp.Poly(e, x).all_coeffs()
        if not a1.is_number or not b1.is_number:
            continue
        (lows if a1 > 0 else highs).append(-b1 / a1)
    if not lows or not highs:
        return None
    return [max(lows, key=lambda v: sp.N(v, 30)), min(highs, key=lambda v: sp.N(v, 30))]

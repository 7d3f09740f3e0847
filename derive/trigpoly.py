r"""Slacks that are functions of one trigonometric function per variable (issue #11).

``one_trig(problem, claim, seconds)`` (one hook among ``realprove._decide``'s methods): with
sines and cosines of sums and multiples expanded (SymPy's ``expand_trig``, an identity) and
even powers folded by ``\sin^2 v + \cos^2 v = 1``, the slack is ``G(t_1, ..., t_k)`` with
``t_i`` one of ``\cos v_i``, ``\sin v_i`` for each variable ``v_i`` (``\cos x + \cos 2x =
2 c^2 + c - 1`` with ``c = \cos x``). Each ``t_i`` lies in ``[-1, 1]``, so ``G >= 0`` there
(decided by the whole engine: a polynomial on a box, without the periodic touching points
that stall the search in ``x``) gives the claim (rule *substitution instance*; the domain's
conditions on the variables are dropped, which only proves more). ``derive.reduce``'s
``decouple`` keeps both ``\sin v`` and ``\cos v`` as independent variables, and a slack such
as ``\cos x + 2 \cos^2 x - 1 + 9/8`` is negative on that larger square (``c = -1``, ``s =
1`` after its folding): here the other fold keeps ``\sin v`` and ``\cos v`` together as one.
``G`` must be defined everywhere (no division, root or logarithm), else None.
"""

from __future__ import annotations

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
    certify_sign,
    definedness,
    time_limit,
)

MAX_OPS = 150  # larger slacks are left to the other methods
LEAST = 0.3  # seconds: with less left, the method does not start
_ACTIVE = Nesting()  # a claim of this method under way: its premise goes to the engine without it


def _fold(e: sp.Expr, keep, drop) -> sp.Expr:
    """``e`` with every power ``drop^n`` (``n >= 2``) written ``(1 - keep^2)^{n//2}
    drop^{n % 2}`` and expanded (``keep``, ``drop`` the cosine and sine of one variable, in
    either order)."""
    def fold(p):
        n = int(p.exp)
        return (1 - keep ** 2) ** (n // 2) * drop ** (n % 2)

    return sp.expand(e.replace(lambda p: p.is_Pow and p.base == drop and p.exp.is_Integer
                               and p.exp >= 2, fold))


def one_trig(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    """A proved step for ``problem`` by the module docstring's substitution, or None."""
    slack = problem.slack
    if (len(_ACTIVE) or seconds < LEAST or not slack.has(sp.sin, sp.cos)
            or sp.count_ops(slack) > MAX_OPS):
        return None
    deadline = clock.now() + seconds
    try:
        with time_limit(min(1.0, max(0.1, seconds / 4))):
            expanded = sp.expand(sp.expand_trig(slack))
            gens = [f(v) for v in problem.variables for f in (sp.sin, sp.cos)]
            if not expanded.is_polynomial(*gens):
                return None
            back: dict[sp.Symbol, sp.Expr] = {}
            taken = {s.name for s in slack.free_symbols}
            for v in problem.variables:
                for keep, drop, name in ((sp.cos(v), sp.sin(v), "c"),
                                         (sp.sin(v), sp.cos(v), "s")):
                    folded = _fold(expanded, keep, drop)
                    if not folded.has(drop):
                        break
                else:
                    return None  # both sin v and cos v stay: decouple's form
                expanded = folded
                if folded.has(keep):
                    t = sp.Symbol(f"{name}_{v.name}", real=True)
                    if t.name in taken:
                        return None
                    back[t] = keep
            g = expanded.xreplace({f: t for t, f in back.items()})
    except (StepTimeout, ValueError, TypeError):
        return None
    if g.free_symbols & set(problem.variables) or definedness(g):
        return None
    return _prove(problem, claim, g, back, deadline)


def _prove(problem: BoxProblem, claim: str, g: sp.Expr, back: dict, deadline: float
           ) -> Step | None:
    from derive import realprove  # (it imports this module)

    rel = ">" if problem.strict else r"\ge"
    with time_limit(max(0.1, min(3.0, (deadline - clock.now()) / 3))):
        try:
            same = certify_identity(problem.slack, g.xreplace(back),
                                    "sines and cosines of sums expanded, sin^2 + cos^2 = 1",
                                    domain=[])
        except StepTimeout:
            return None
    if same.verdict != PROVED:
        return None
    premises = [same]
    for t, f in back.items():
        for e in (1 - f, 1 + f):
            got = realprove.decide(e, False, [], f"{tex(e)} \\ge 0",
                                   seconds=max(0.2, 0.1 * (deadline - clock.now())))
            if got.verdict != PROVED:
                return None
            premises.append(got)
    what = f"{tex(g)} {rel} 0"
    if not back:
        inner = certify_sign(g, what, problem.strict)
    else:
        box = [r for t in back for r in (t >= -1, t <= 1)]
        with _ACTIVE.enter():
            inner = realprove.decide(g, problem.strict, box, what,
                                     seconds=max(0.2, 0.9 * (deadline - clock.now())))
    if inner.verdict != PROVED:
        return None
    premises.append(inner)
    if not back:
        return apply_rule("substitution instance", premises, claim,
                          f"with the sines and cosines of sums expanded the slack is ${what}$")
    names = ", ".join(f"{tex(t)} = {tex(f)}" for t, f in back.items())
    return apply_rule("substitution instance", premises, claim,
                      f"the slack is $G({', '.join(tex(t) for t in back)})$ at ${names}$, and "
                      f"$G = {what}$ wherever each of its variables is in $[-1, 1]$")

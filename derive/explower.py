r"""An exponential below its tangent line's reach: ``e^w >= 1 + w`` (issue #11, infima in a limit).

``tangent(problem, claim, seconds)`` proves ``slack >= 0`` (``> 0``) on the problem's domain
when the slack is linear in one exponential ``E``: ``e^w`` or a power with a variable
exponent ``b^v = e^{v \ln b}`` (the caller runs it only where such bases are shown ``> 0``),
``slack = a E + c`` with ``a``, ``c`` free of ``E``. From the premises, each decided by the
kernel (identities) or the whole engine (claims):

* ``slack = a e^w + c`` (an identity where the slack is defined);
* ``a >= 0`` where it is defined on the domain;
* ``e^t >= T_n(t)`` for every real ``t``, ``T_n`` the Taylor polynomial of degree ``n``
  (``n`` odd: 1, then 3), decided by the engine once;
* ``g = a T_n(w) + c`` (an identity: ``g`` is SymPy's simpler form of the right side) and
  ``g >= 0`` (``> 0``) on the domain,

the rule *exponential lower bound* (``derive.proof.RULES``) concludes ``slack >= a T_n(w) + c
>= 0``. The slack's infimum may be reached only in a limit: ``\ln x \le x^y / y`` on ``x, y >
0`` (the least value over ``x`` is ``1/y``, which tends to 0 as ``y -> oo``) becomes ``1/y >=
0``. A premise not proved means the method does not apply (None): it never refutes.
"""

from __future__ import annotations

import sympy as sp

from derive import clock
from derive.guard import Nesting
from derive.latex import tex
from derive.proof import (
    CONSTRAINT_RELATIONS,
    PROVED,
    BoxProblem,
    Step,
    apply_rule,
    certify_identity,
)

ORDERS = (1, 3)  # odd degrees: e^t >= T_n(t) on the whole line
MAX_OPS = 120  # larger slacks are left to the other methods
SHARE = 0.25  # of the time left, for the reduced claim (the box search comes after)
_ACTIVE = Nesting()  # a premise under way: no nested use of this method
_BOUNDS: dict[int, Step] = {}  # n -> the proved step e^t >= T_n(t) for every real t
_REL = CONSTRAINT_RELATIONS


def taylor(w: sp.Expr, n: int) -> sp.Expr:
    """``sum_{k <= n} w^k / k!``."""
    return sp.Add(*[w ** k / sp.factorial(k) for k in range(n + 1)])


def _exponentials(slack: sp.Expr) -> list[tuple[sp.Expr, sp.Expr]]:
    """``(E, w)`` for each ``E = e^w`` of the slack and each power ``b^v`` with a variable
    exponent (``w = v ln b``), in a fixed order."""
    out = []
    for atom in sorted(slack.atoms(sp.exp, sp.Pow), key=sp.default_sort_key):
        if isinstance(atom, sp.exp):
            out.append((atom, atom.args[0]))
        elif atom.exp.free_symbols and atom.base.free_symbols:
            out.append((atom, atom.exp * sp.log(atom.base)))
    return out


def _linear(slack: sp.Expr, E: sp.Expr) -> tuple[sp.Expr, sp.Expr] | None:
    """``(a, c)`` with ``slack = a E + c`` as expressions, ``a``, ``c`` free of ``E``."""
    z = sp.Dummy("E")
    g = slack.xreplace({E: z})
    if g.has(E) or not g.has(z):
        return None
    a, c = sp.diff(g, z), g.xreplace({z: sp.Integer(0)})
    if a.has(z) or a.has(E) or c.has(E) or sp.expand(g - a * z - c) != 0:
        return None
    return a, c


def tangent(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    """A proved step for ``problem`` by the method of the module docstring, or None."""
    if _ACTIVE or seconds <= 0.3 or sp.count_ops(problem.slack) > MAX_OPS:
        return None
    deadline = clock.now() + seconds
    with _ACTIVE.enter():  # (its time and SymPy's failures: realprove's one guard)
        return _tangent(problem, claim, deadline)


def _tangent(problem: BoxProblem, claim: str, deadline: float) -> Step | None:
    from derive import realprove  # the engine decides the premises

    rels = [_REL[k](g, 0) for g, k in problem.constraints]
    rel = ">" if problem.strict else "\\ge"
    for E, w in _exponentials(problem.slack):
        parts = _linear(problem.slack, E)
        if parts is None:
            continue
        a, c = parts
        for n in ORDERS:
            left = deadline - clock.now()
            if left <= 0.3:
                return None
            low = a * taylor(w, n) + c
            simple = sp.cancel(sp.expand(low))
            if sp.count_ops(simple) > sp.count_ops(low):
                simple = low
            # (the reduced claim first: the rest are rarely in doubt)
            reduced = realprove.decide(simple, problem.strict, rels, f"{tex(simple)} {rel} 0",
                                       seconds=SHARE * left)
            if reduced.verdict != PROVED:
                continue
            premises = [reduced]
            for step in (
                    certify_identity(problem.slack, a * sp.exp(w) + c,
                                     f"{tex(problem.slack)} = {tex(a * sp.exp(w) + c)}",
                                     domain=rels),
                    certify_identity(simple, low, f"{tex(simple)} = {tex(low)}", domain=rels)):
                if step.verdict != PROVED:
                    return None
                premises.append(step)
            left = deadline - clock.now()
            sign = realprove.decide(a, False, rels, f"{tex(a)} \\ge 0", seconds=0.5 * left)
            if sign.verdict != PROVED:
                break  # (the same a for every n)
            premises.append(sign)
            bound = _bound(n, deadline)
            if bound is None:
                continue
            premises.append(bound)
            t = _bound_name(problem)
            return apply_rule("exponential lower bound", premises, claim,
                              f"the slack is $a e^{{w}} + c$ with $a = {tex(a)} \\ge 0$, "
                              f"$w = {tex(w)}$, and $e^{{{tex(t)}}} \\ge {tex(taylor(t, n))}$"
                              f" for every real ${tex(t)}$, so it is at least "
                              f"${tex(simple)} {rel} 0$")
    return None


def _bound_name(problem: BoxProblem) -> sp.Symbol:
    """A name for the real variable of ``e^t >= T_n(t)`` in a reason that is none of the
    problem's variables (``t`` may be one: "for every real t" would then read as a claim
    about it)."""
    taken = {v.name for v in problem.variables}
    return sp.Symbol(next(n for n in ("t", "s", "tau", "t_0", "xi", "eta") if n not in taken))


def _bound(n: int, deadline: float) -> Step | None:
    """The proved step ``e^t >= T_n(t)`` for every real ``t`` (odd ``n``), or None."""
    from derive import realprove

    if n % 2 == 0:
        return None
    if n not in _BOUNDS:
        t = sp.Symbol("t", real=True)
        left = deadline - clock.now()
        step = realprove.decide(sp.exp(t) - taylor(t, n), False, [],
                                f"e^{{t}} \\ge {tex(taylor(t, n))}", seconds=max(left, 0.3))
        if step.verdict != PROVED:
            return None
        _BOUNDS[n] = step
    return _BOUNDS[n]

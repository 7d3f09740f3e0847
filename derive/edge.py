r"""Slacks that are 0 on a whole set of a domain in two or more variables (issue #11), or at
points the box search cannot certify: box enclosures never show ``> 0`` near such a set, so
branch-and-bound alone runs out of time there. Three reductions of
``derive.realprove._decide``, each concluding by a named trusted rule of
``derive.proof.RULES`` (``apply_rule``) from premises the kernel checked:

* **even** (rule *even function*): the slack and every condition of the domain are the same
  expression after ``v -> -v`` (SymPy's automatic evaluation: ``\cosh(-x) = \cosh x``,
  ``|-x| = |x|``, ``(-x)^2 = x^2``; so the same value and the same definedness; the kernel
  checks the identity too) for each variable ``v`` of a set ``E`` whose range holds both
  signs; the claim is decided on the part ``v >= 0`` (``v`` in ``E``) by the whole engine,
  with ``|v|`` written ``v`` there (an identity where ``v >= 0``). ``\cosh x \le \cosh y`` on
  ``|x| \le |y|`` becomes ``x \le y`` on ``x, y \ge 0`` (a monotone function);
  ``\cos x \le 1 - 2 x^2/\pi^2`` on ``|x| \le \pi`` becomes ``[0, \pi]``.
* **isolated minimum** (rules *convex near a critical point* and *case split*): in two or
  three variables, a point ``p`` inside the domain where the slack touches 0
  (``\sin x + \sin y + \sin(x + y) \le 3\sqrt 3/2`` at ``(\pi/3, \pi/3)``) is located
  numerically (floats only choose where to look) and named exactly (``nsimplify`` of each
  coordinate against ``\pi``; square roots); the kernel shows the slack and its gradient
  exactly 0 there (``certify_identity``; a wrong name is dropped). On a rational box ``K``
  around ``p`` the slack, its gradient and Hessian are defined (decided premises) and the
  Hessian's leading principal minors are ``> 0`` (each decided by the engine on ``K``:
  Sylvester's criterion), so the slack is convex on ``K`` and least at ``p``; the rest of
  the domain (the parts ``x_i <= a_i``, ``x_i >= b_i`` around ``K``) is decided by the
  whole engine (where it meets another touching point, by this rule again).
* **chord** (rule *concave between ends*): in a variable ``v`` whose range is a bounded
  interval ``[a, b]`` (exact ends; the domain's other conditions free of ``v``), the
  slack is continuous on ``[a, b]`` (its definedness decided on the closed interval; open
  ends of the domain included: the slack's formula must extend to them), twice
  differentiable inside with ``\partial_v^2 f \le 0`` (decided), and ``>= 0`` (``> 0``) on
  the two faces ``v = a``, ``v = b`` (each a claim in one variable fewer, decided by the
  whole engine): a concave function lies above its chord. The weighted AM-GM ``x^z
  y^{1-z} \le z x + (1 - z) y`` is concave in ``z`` and 0 on ``z = 0`` and ``z = 1``.

Each returns the proved step or None (a premise not proved: the engine goes on).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from itertools import product

import mpmath
import sympy as sp

from derive.latex import math as tex_math
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

_REL = {"ge": sp.Ge, "gt": sp.Gt, "ne": sp.Ne}
MAX_NEST = 2  # reductions of this module inside the parts of this module
_ACTIVE: list[tuple] = []
MAX_OPS = 150  # larger slacks are left to the other methods
GRID = 24  # sample points per variable of the numeric scan (floats choose where to look)
DIGITS = 40
MAX_POINTS = 6  # candidate touching points tried
RADII = (sp.Rational(1, 16), sp.Rational(1, 64))  # half-widths of the box K about a point


def _rels(problem: BoxProblem) -> list[sp.Basic]:
    return [_REL[k](g, 0) for g, k in problem.constraints]


def _decide(slack: sp.Expr, strict: bool, domain: list, claim: str, seconds: float) -> Step:
    from derive import realprove  # (realprove imports this module)

    return realprove.decide(slack, strict, domain, claim, seconds=max(0.2, seconds))


def _guarded(problem: BoxProblem, name: str):
    """The key of ``problem`` for ``name``, or None when this module is already ``MAX_NEST``
    deep or decides the same claim by the same method (the recursion ends)."""
    key = (name, problem.slack, problem.strict, problem.bounds, problem.constraints)
    if len(_ACTIVE) >= MAX_NEST or key in _ACTIVE:
        return None
    return key


# ------------------------------------------------------------------------ even

def even(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    """Rule *even function* (module docstring): the claim decided where every variable in
    which the slack and the domain are even is ``>= 0``."""
    key = _guarded(problem, "even")
    if key is None or sp.count_ops(problem.slack) > MAX_OPS:
        return None
    deadline = time.monotonic() + seconds
    rels = _rels(problem)
    evens = []
    for i, v in enumerate(problem.variables):
        lo, hi = problem.bounds[i]
        if (lo is not None and lo >= 0) or (hi is not None and hi <= 0):
            continue  # one sign only: nothing to fold
        flip = {v: -v}
        if problem.slack.xreplace(flip) != problem.slack:
            continue
        # the set of conditions is the same after the flip (-c <= v <= c: two conditions
        # exchanged; g != 0 as -g != 0)
        conds = set(problem.constraints)
        if any((g.xreplace(flip), k) not in conds
               and not (k == "ne" and (-g.xreplace(flip), k) in conds)
               for g, k in problem.constraints):
            continue
        evens.append(v)
    if not evens:
        return None
    premises = []
    for v in evens:
        same = certify_identity(problem.slack.xreplace({v: -v}), problem.slack,
                                f"the slack is even in {tex_math(v)}")
        if same.verdict != PROVED:
            return None
        premises.append(same)
    # on v >= 0, |v| is v (an identity there)
    unabs = {sp.Abs(v): v for v in evens}
    for v in evens:
        if problem.slack.has(sp.Abs(v)) or any(g.has(sp.Abs(v)) for g, _ in problem.constraints):
            step = certify_identity(sp.Abs(v), v, f"{tex_math(sp.Abs(v))} = {tex_math(v)} "
                                    f"where {tex_math(v >= 0)}", domain=[v >= 0])
            if step.verdict != PROVED:
                return None
            premises.append(step)
    half = [r.xreplace(unabs) for r in rels] + [v >= 0 for v in evens]
    if any(r is sp.false for r in half):
        return None
    half = [r for r in half if r is not sp.true]
    slack = problem.slack.xreplace(unabs)
    where = ", ".join(tex_math(v >= 0) for v in evens)
    _ACTIVE.append(key)
    try:
        step = _decide(slack, problem.strict, half, f"{claim} where {where}",
                       deadline - time.monotonic())
    finally:
        _ACTIVE.pop()
    if step.verdict != PROVED:
        return None
    premises.append(step)
    names = ", ".join(tex_math(v) for v in evens)
    return apply_rule("even function", premises, claim,
                      f"the slack and the domain are even in {names} (each "
                      f"{tex_math(sp.Symbol('v'))} to {tex_math(-sp.Symbol('v'))} leaves them "
                      f"as they are), so it suffices where {where}: " + step.reason)

r"""Rational slacks on a cone: coefficients of one sign after an affine change of variable.

A slack ``p/q`` (polynomials) on a domain whose conditions include ``n`` affine ones ``g_1 >=
0, ..., g_n >= 0`` (``n`` variables, independent): with ``t_i = g_i`` the cone they cut is
the orthant ``t >= 0`` (*change of variable*, an affine bijection of the plane or space), and
the domain lies inside that cone. When ``p`` and ``q``, written in ``t`` and expanded, have no
negative coefficient, ``p/q >= 0`` on the whole orthant by the signs of its terms when ``q >
0`` there: a positive constant term, or a term whose ``t_i`` all come from strict conditions
(``t_i > 0``: ``x/(x + y) + y/(y + z) + z/(z + x) < 2`` for positive ``x, y, z``, whose
denominator has no constant term). The kernel's ``certify_nonnegative``, with ``t_i >= 0``
(``t_i > 0`` for a strict condition), checks the certificate; a strict claim needs ``p > 0``
the same way. Example: the
triangle inequality of the bounded metric ``d/(1 + d)`` on the part ``x >= 0``, ``y <= 0``,
``x + y >= 0`` of its case split (``x = a + b``, ``y = -b``), where boxes meet the line
``y = 0`` of equality without end.
"""

from __future__ import annotations

import itertools

import sympy as sp

from derive.latex import math as tex_math
from derive.proof import (
    CONSTRAINT_RELATIONS,
    PROVED,
    BoxProblem,
    Step,
    apply_rule,
    certify_nonnegative,
)

_REL = CONSTRAINT_RELATIONS

MAX_TERMS = 400  # expanded numerators larger than this are not tried
MAX_CHOICES = 20  # sets of n affine conditions tried


def orthant(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    """A proved step for ``problem`` by the certificate of the module docstring, or None."""
    return _orthant(problem, claim)


def _affine(problem: BoxProblem) -> list[tuple[sp.Expr, bool]]:
    """The domain's affine conditions ``g >= 0`` (``g > 0``), the box's finite ends among
    them, each with whether it is strict."""
    xs = problem.variables
    out = []
    for i, (lo, hi) in enumerate(problem.bounds):
        if lo is not None:
            out.append((xs[i] - lo, (i, "lo") in problem.opens))
        if hi is not None:
            out.append((hi - xs[i], (i, "hi") in problem.opens))
    for g, kind in problem.constraints:
        if kind != "ne" and sp.Poly(g, *xs).total_degree() == 1 and all(
                c.is_Rational for c in sp.Poly(g, *xs).coeffs()):
            out.append((sp.expand(g), kind == "gt"))
    return list(dict.fromkeys(out))


def _signs(problem: BoxProblem) -> tuple[sp.Expr, list[Step]] | None:
    """The slack with each ``|u|`` written ``u`` or ``-u``, innermost first, and the steps
    proving ``u >= 0`` (``-u >= 0``) on the domain that allow it (None if a sign is not
    proved: the engine's case split is for those)."""
    rels = []
    for x, (lo, hi) in zip(problem.variables, problem.bounds):
        rels += ([x >= lo] if lo is not None else []) + ([x <= hi] if hi is not None else [])
    rels += [_REL[k](g, 0) for g, k in problem.constraints]
    slack, steps = problem.slack, []
    while slack.has(sp.Abs):
        m = next(a for a in slack.atoms(sp.Abs) if not a.args[0].has(sp.Abs))
        u = m.args[0]
        for v in (u, -u):
            step = certify_nonnegative(v, v, f"{sp.latex(v)} \\ge 0", False, points=[],
                                       domain=rels)
            if step.verdict == PROVED:
                slack = slack.xreplace({m: v})
                steps.append(step)
                break
        else:
            return None
    return slack, steps


def _orthant(problem: BoxProblem, claim: str) -> Step | None:
    xs = problem.variables
    n = len(xs)
    got = _signs(problem)
    if n < 1 or got is None:
        return None
    slack, signs = got
    if not slack.is_rational_function(*xs):
        return None
    p, q = sp.fraction(sp.cancel(sp.together(slack)))
    if not (p.is_polynomial(*xs) and q.is_polynomial(*xs)):
        return None
    for choice in itertools.islice(itertools.combinations(_affine(problem), n), MAX_CHOICES):
        gs = [g for g, _ in choice]
        # t_k > 0 where the domain's condition is strict (an open face: a denominator such
        # as x + y with no constant term is then positive), t_k >= 0 otherwise
        ts = [sp.Symbol(f"t_{k + 1}", positive=True) if opened else
              sp.Symbol(f"t_{k + 1}", nonnegative=True) for k, (_, opened) in enumerate(choice)]
        a = sp.Matrix([[sp.Poly(g, *xs).coeff_monomial(x) for x in xs] for g in gs])
        if a.det() == 0:
            continue
        # t = A x + b  <=>  x = A^{-1} (t - b)
        b = sp.Matrix([g.subs({x: 0 for x in xs}) for g in gs])
        back = a.inv() * (sp.Matrix(ts) - b)
        move = dict(zip(xs, back))
        pt = sp.Poly(sp.expand(p.xreplace(move)), *ts)
        qt = sp.Poly(sp.expand(q.xreplace(move)), *ts)
        if len(pt.terms()) > MAX_TERMS:
            continue
        if all(c <= 0 for c in qt.coeffs()):
            pt, qt = -pt, -qt
        if any(c < 0 for c in pt.coeffs()) or any(c < 0 for c in qt.coeffs()):
            continue
        # (whether q > 0 and, for a strict claim, p > 0 on the cone: the kernel's certificate
        # check decides it from the signs of the terms and of the t_k)
        moved = slack.xreplace(move)
        cert = pt.as_expr() / qt.as_expr()
        step = certify_nonnegative(moved, cert, f"{sp.latex(moved)} \\ge 0", problem.strict,
                                   points=[], domain=[t > 0 if t.is_positive else t >= 0
                                                      for t in ts])
        if step.verdict != PROVED:
            continue
        maps = ", ".join(tex_math(sp.Eq(x, e)) for x, e in move.items())
        cone = ", ".join(tex_math(sp.Gt(g, 0) if opened else sp.Ge(g, 0))
                         for g, opened in choice)
        orth = ", ".join(tex_math(sp.Gt(t, 0, evaluate=False) if t.is_positive else
                                  sp.Ge(t, 0, evaluate=False)) for t in ts)
        why = (f"{maps} maps {orth} onto the cone {cone}, which contains the domain; "
               f"there the slack is {tex_math(cert)}, with no negative coefficient")
        whole = apply_rule("change of variable", [step], claim if not signs else
                           f"{tex_math(slack)} \\ge 0", why)
        if not signs:
            return whole
        return apply_rule("equal functions", signs + [whole], claim,
                          "each $|u|$ written $u$ or $-u$ by its sign on the domain ("
                          + ", ".join(f"${s.claim}$" for s in signs) + "); " + why)
    return None

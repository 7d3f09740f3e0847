r"""Homogeneous slacks of two-variable means compared through their logarithms.

``log_sides(problem, claim, deadline)`` (called by ``realprove``'s homogeneity rule when
SymPy cannot show the scaling identity ``f(t p) = t^k f(p)`` itself): the identric mean
``I = e^{-1} (y^y/x^x)^{1/(y - x)}`` enters the slack as ``e^u`` with ``u(t p) = u(p) + \ln
t``, which ``simplify`` proves for ``u`` but not inside the exponential. So the slack ``A -
B`` (``A`` its terms of positive sign, ``B`` the others negated: ``I - (2A + G)/3``) is
compared through ``\ln A - \ln B`` (``\ln I = u``), of degree 0, where the homogeneity rule
applies (rule *logarithm of both sides*): ``A > 0``, ``B > 0``, ``\ln A = a``, ``\ln B =
b`` (exact identities), ``a``, ``b`` defined where the slack is, and ``a - b >= 0``, each a
premise decided by the whole engine. A premise not proved gives None, never a refutation.
"""

from __future__ import annotations

import sympy as sp

from derive import clock
from derive.guard import Nesting, attempt
from derive.latex import tex
from derive.proof import (
    PROVED,
    BoxProblem,
    Step,
    apply_rule,
    certify_identity,
    certify_nonnegative,
    definedness,
)
from derive.singular import _GiveUp, _limit, _Proof, _real, _rels

MAX_OPS = 200  # larger slacks are left to the other methods
_ACTIVE = Nesting()  # (the logarithms' difference is decided without this method)


def _split(slack: sp.Expr) -> tuple[sp.Expr, sp.Expr] | None:
    """``(A, B)`` with ``slack = A - B``: ``A`` the terms of a positive coefficient, ``B``
    the others negated; None when one side is empty."""
    pos, neg = [], []
    for term in sp.Add.make_args(slack):
        (pos if term.as_coeff_Mul()[0] > 0 else neg).append(term)
    if not pos or not neg:
        return None
    return sp.Add(*pos), -sp.Add(*neg)


def _exponential(e: sp.Expr) -> bool:
    """Whether ``e`` holds an exponential or a power with a variable exponent (what the
    logarithm takes apart)."""
    return any(f.args[0].free_symbols for f in e.atoms(sp.exp)) or any(
        p.exp.free_symbols and p.base.free_symbols for p in e.atoms(sp.Pow))


def _gap(problem: BoxProblem, where: list) -> tuple[dict, list, str] | None:
    """``({y: x + d}, conditions in x, d, text)`` for a condition ``y - x > 0`` of the
    domain: ``(x, d) -> (x, x + d)`` maps ``d > 0`` onto ``y > x`` one to one, and there the
    denominator ``y - x = d`` of ``u`` is positive by its form; None without one."""
    for g, kind in problem.constraints:
        pair = [v for v in problem.variables if g.has(v)]
        if kind != "gt" or len(pair) != 2:
            continue
        x, y = pair if g == pair[1] - pair[0] else pair[::-1]
        if g != y - x:
            continue
        d = sp.Symbol("d", real=True)
        moved = [c.xreplace({y: x + d}) for c in where] + [d > 0]
        if any(c is sp.false for c in moved):
            return None
        return ({y: x + d}, [c for c in moved if c is not sp.true],
                f"${tex(y)} = {tex(x)} + d$ maps $d > 0$ onto ${tex(y)} > {tex(x)}$")
    return None


def _moved(step, problem: BoxProblem, where: list, what: str, *exprs) -> Step | None:
    """``step(*exprs, domain)`` (a kernel certificate) after ``y = x + d`` (``_gap``; rule
    *change of variable*), or None."""
    gap = _gap(problem, where)
    if gap is None:
        return None
    move, moved, how = gap
    with _limit(1.0):
        got = step(*[e.xreplace(move) for e in exprs], moved)
    if got.verdict != PROVED:
        return None
    return apply_rule("change of variable", [got], what, f"{how}, where {got.reason}")


def _positive(e: sp.Expr, problem: BoxProblem, where: list) -> Step | None:
    """``e > 0`` from its form after ``y = x + d`` (``e^u`` with ``u``'s denominator
    ``d``), or None."""
    what = f"{tex(e)} > 0"
    return _moved(lambda f, dom: certify_nonnegative(f, f, what, strict=True, domain=dom),
                  problem, where, what, e)


def _identity(lhs: sp.Expr, rhs: sp.Expr, problem: BoxProblem, where: list) -> Step | None:
    r"""``lhs = rhs`` shown after ``y = x + d`` (``\ln e^u = u`` with ``u`` real), or
    None."""
    what = f"{tex(lhs)} = {tex(rhs)}"
    return _moved(lambda a, b, dom: certify_identity(a, b, what, domain=dom), problem, where,
                  what, lhs, rhs)


def _homogeneous(slack: sp.Expr, problem: BoxProblem, what: str, deadline: float
                 ) -> Step | None:
    """``slack >= 0`` (``> 0``) on the problem's domain by the homogeneity rule straight
    away (its faces get the whole time, not the share of a full decision), or None."""
    from derive import realprove  # (it imports this module)

    try:
        moved = realprove.build_problem(_real(slack), problem.strict, _rels(problem))
    except realprove.Unsupported:
        return None
    got = attempt(realprove._homogeneous, moved, what, deadline)
    return got if got is not None and got.verdict == PROVED else None


def log_sides(problem: BoxProblem, claim: str, deadline: float) -> Step | None:
    """The slack ``A - B >= 0`` from ``ln A - ln B >= 0`` (module docstring), or None."""
    if (len(problem.variables) < 2 or len(_ACTIVE) or not _exponential(problem.slack)
            or sp.count_ops(problem.slack) > MAX_OPS):
        return None
    sides = _split(problem.slack)
    if sides is None:
        return None
    a, b = sides
    try:
        with _limit(1.0):
            la = sp.expand_log(sp.log(a), force=True)
            lb = sp.expand_log(sp.log(b), force=True)
        if _exponential(la) or _exponential(lb):
            return None  # (the logarithm did not take the exponentials apart)
        rels = _rels(problem)
        where = rels + definedness(problem.slack)  # (ln y: y > 0 as an assumption)
        with _ACTIVE.enter():
            proof = _Proof(deadline)
            for side in (a, b):
                proof.need(_positive(side, problem, where) or proof.positive(side, where))
            for side, ln in ((a, la), (b, lb)):
                proof.need(_identity(sp.log(side), ln, problem, where)
                           or proof.identity(sp.log(side), ln, rels,
                                             f"\\ln({tex(side)}) = {tex(ln)}"))
            rel = ">" if problem.strict else "\\ge"
            what = f"{tex(la)} {rel} {tex(lb)}"
            proof.need(_homogeneous(la - lb, problem, what, clock.now() + 0.8 * proof.left())
                       or proof.holds(la - lb, problem.strict, rels, what, 0.8))
            proof.defined([la, lb], where, "where the slack is defined")
    except _GiveUp:
        return None
    return apply_rule("logarithm of both sides", proof.premises, claim,
                      f"both sides are $> 0$ and $\\ln$ is increasing: ${tex(la)} {rel} "
                      f"{tex(lb)}$, proved")

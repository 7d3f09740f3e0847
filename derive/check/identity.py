r"""Identities ``lhs = rhs``: ``certify_identity`` on the closed forms of the activations
(``tanh``, ``sech``, ``cosh``, ``sinh`` also via exponentials)."""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp

from derive.check.common import (
    MAX_VARIABLES,
    _explicit,
    _on_time,
    _points,
    _tex,
    _unknown,
    differentiate,
    max_as_abs,
)
from derive.check.domain import describe, substitution
from derive.proof import (
    PROVED,
    REFUTED,
    UNKNOWN,
    Step,
    certify_all,
    certify_identity,
)


def decide_identity(lhs: sp.Expr, rhs: sp.Expr, claim: str,
                    domain: Sequence[sp.Basic] = ()) -> Step:
    r"""``lhs = rhs`` on ``domain`` (where every subexpression is defined, and the premises):
    ``certify_identity`` on the closed forms; refuted only at a point of the domain; on a
    domain with a bound ``x > c``, proved after the substitution ``x = c + t``, ``t > 0``."""
    _on_time()
    if sp.Tuple(lhs, rhs).has(sp.Sum, sp.Product):
        return _decide_sums(lhs, rhs, claim, domain)
    L, R = _explicit(lhs), _explicit(rhs)
    syms = sorted(sp.Tuple(L, R).free_symbols, key=lambda s: s.name)
    if len(syms) > MAX_VARIABLES:
        return _unknown(claim, f"more than {MAX_VARIABLES} variables")
    step = _decide(L, R, syms, claim, domain)
    derivs = sp.Tuple(lhs, rhs).atoms(sp.Derivative)
    if derivs and step.verdict == PROVED:
        done = "; ".join(f"${_tex(d)} = {_tex(differentiate(d))}$" for d in derivs)
        return certify_all(claim, step.method, [step],
                           f"differentiated by SymPy ({done}), then {step.reason}")
    return step


def _decide(L: sp.Expr, R: sp.Expr, syms: list[sp.Symbol], claim: str,
            domain: Sequence[sp.Basic]) -> Step:
    if sp.Tuple(L, R).has(*_HYPERBOLIC):  # with exponentials first: simplify is fast there
        again = certify_identity(L.rewrite(sp.exp), R.rewrite(sp.exp), claim, points=[])
        if again.verdict == PROVED:
            return certify_all(claim, again.method, [again], f"{again.reason} after writing "
                               "tanh, sech, cosh, sinh with exponentials")
    step = certify_identity(L, R, claim, points=_points(syms, domain) if syms else [{}])
    if not syms and step.verdict == REFUTED:  # no point to name: "at  the difference ..."
        step = Step(claim, step.method, REFUTED, step.reason.replace("at  the", "the", 1))
    if step.verdict == UNKNOWN and sp.Tuple(L, R).has(sp.Max, sp.Min):
        again = certify_identity(max_as_abs(L), max_as_abs(R), claim, points=[])
        if again.verdict == PROVED:
            return certify_all(claim, again.method, [again], f"{again.reason} after writing "
                               r"$\max(a, b) = \frac{a + b + |a - b|}{2}$, $\min(a, b) = "
                               r"\frac{a + b - |a - b|}{2}$")
    if step.verdict == UNKNOWN and domain:
        sub, said = substitution(domain)
        if sub:
            again = certify_identity(L.xreplace(sub), R.xreplace(sub), claim, points=[])
            if again.verdict == PROVED:
                return certify_all(claim, again.method, [again],
                                   f"{again.reason} for {', '.join(said)} (the domain: "
                                   f"{describe(domain)})")
    return step


_HYPERBOLIC = (sp.tanh, sp.sech, sp.cosh, sp.sinh)


def _decide_sums(lhs: sp.Expr, rhs: sp.Expr, claim: str, domain: Sequence[sp.Basic]) -> Step:
    r"""An identity with ``\sum_{k=a}^{n}`` / ``\prod`` and a symbolic bound ``n`` (a whole
    number; bounds such as ``n - 1``, ``2n`` too): proved when SymPy's closed form (``doit``)
    makes both sides equal (no counterexample is searched at real ``n``); refuted at one of
    the first six whole numbers ``n >= 0`` where every sum has a term."""
    L, R = _explicit(lhs), _explicit(rhs)
    step = certify_identity(L, R, claim, points=[])
    if step.verdict == PROVED:
        return certify_all(claim, step.method, [step],
                           f"SymPy's closed form of the sum or product: {step.reason}")
    ops = sp.Tuple(lhs, rhs).atoms(sp.Sum, sp.Product)
    limits = [(lo, hi) for op in ops for (_, lo, hi) in op.limits]
    bounds = set().union(*(sp.Tuple(lo, hi).free_symbols for lo, hi in limits))
    if len(bounds) != 1:
        return step
    (n,) = bounds
    # whole numbers n >= 0 where every sum has a term (its upper bound >= its lower one)
    values = [v for v in range(40) if all(
        (hi - lo).xreplace({n: v}) >= 0 for lo, hi in limits)][:6]
    for v in values:
        at = {n: sp.Integer(v)}
        Lv, Rv = _explicit(lhs.xreplace(at)), _explicit(rhs.xreplace(at))
        syms = sorted(sp.Tuple(Lv, Rv).free_symbols, key=lambda s: s.name)
        inst = certify_identity(Lv, Rv, claim, points=_points(syms, domain) if syms else [{}])
        if inst.verdict == REFUTED:
            return Step(claim, inst.method, REFUTED, f"at {n} = {v}: " +
                        inst.reason.replace("at  the", "the", 1))
    return step

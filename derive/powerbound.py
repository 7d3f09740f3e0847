r"""A power with a variable exponent bounded by the same base at a bound of the exponent.

For a base ``0 < b <= 1`` the function ``t -> b^t`` does not increase, for ``b >= 1`` it does
not decrease; so ``b^e >= b^n`` wherever ``(e - n) \ln b >= 0``: ``n`` an upper bound of
``e`` where ``b <= 1`` (a lower bound where ``b >= 1``). At an end of the domain where ``b
-> 0`` and ``e -> n`` the bound is tight, where intervals lose ``b^e`` and the rest of the
slack to each other: ``\sin^{\cos x} x + \cos^{\sin x} x > 1`` on ``(0, \pi/2)`` is
``\sin^{\cos x} x \ge \sin x`` (``(\cos x - 1) \ln \sin x \ge 0``), ``\cos^{\sin x} x \ge
\cos x``, and ``\sin x + \cos x - 1 > 0``.

``power_bound(problem, claim, seconds)`` (a method of ``realprove._decide``, and tried by
``derive.zerobase`` where the bases are not shown ``> 0`` at once, which keeps the methods
off): each term ``c b^e`` of the slack (``c`` a number, ``e`` not constant) whose base stays
on one side of 1 on the domain's box is bounded below by ``c b^n`` (``n`` the simplest
rational at the exponent's bound on the box: upper or lower as ``b`` and the sign of ``c``
say). Premises, each decided by the whole engine (``derive.realprove``) or an identity:
both sides ``> 0``, ``\ln(c b^e) = \ln c + e \ln b`` (the bases replaced by ``t > 0``,
``singular._Proof.identity``), the logarithms defined where the slack is, ``(e - n) \ln b
\ge 0`` (rule *logarithm of both sides*: ``c b^e \ge c b^n``); then the slack with each such
power replaced, ``>= 0`` (``> 0``), and the rule *sum of inequalities*. A premise not proved
makes the method give up (None): it never refutes.
"""

from __future__ import annotations

import sympy as sp

from derive import clock, intervals
from derive.guard import Nesting
from derive.latex import tex
from derive.proof import (
    PROVED,
    BoxProblem,
    Step,
    apply_rule,
    box_env,
    certify_identity,
    certify_nonnegative,
    definedness,
    endpoints,
)
from derive.singular import _GiveUp, _Proof, _rels

MAX_OPS = 150  # larger slacks are left to the other methods
MAX_POWERS = 4
SLACK = sp.Rational(1, 2 ** 30)  # a base's enclosure may pass 1 by this (rounding at an end)
_ACTIVE = Nesting()


def _terms(slack: sp.Expr) -> list[tuple[sp.Expr, sp.Expr, sp.Expr]]:
    """``(c, b, e)`` for each term ``c b^e`` of the slack (``c`` a nonzero number, ``b`` and
    ``e`` not constant)."""
    out = []
    for term in sp.Add.make_args(slack):
        c, rest = term.as_coeff_Mul()
        if rest.is_Pow and rest.exp.free_symbols and rest.base.free_symbols and c != 0:
            out.append((c, rest.base, rest.exp))
    return out


def _exponent_bound(e_iv, upper: bool) -> list[sp.Rational]:
    """Rational candidates for a bound ``n`` of the exponent from its enclosure (the simplest
    rational at the end, then one a little beyond it)."""
    if not e_iv.is_finite():
        return []
    lo, hi = endpoints(intervals.to_interval(e_iv))
    end = hi if upper else lo
    tiny = sp.Rational(1, 2 ** 40)
    near = intervals.simplest_rational(end - tiny, end + tiny)
    wide = (intervals.simplest_rational(end, end + sp.Rational(1, 16)) if upper
            else intervals.simplest_rational(end - sp.Rational(1, 16), end))
    return list(dict.fromkeys([near, wide]))


def _choices(problem: BoxProblem) -> list[tuple[sp.Expr, sp.Expr, sp.Expr, sp.Rational, bool]]:
    """``(c, b, e, n, below)`` for each power term the method bounds: ``below`` when ``b <= 1``
    on the box (by its enclosure, up to ``SLACK``), and ``n`` the first candidate bound of
    ``e`` (upper when ``b <= 1`` and ``c > 0`` or ``b >= 1`` and ``c < 0``)."""
    env = box_env(problem.bounds)
    out = []
    for c, b, e in _terms(problem.slack):
        with intervals.precision(64):
            b_iv = intervals.compile_expr(b, problem.variables)(env)
            e_iv = intervals.compile_expr(e, problem.variables)(env)
        if b_iv is None or e_iv is None:
            continue
        lo, hi = endpoints(intervals.to_interval(b_iv)) if b_iv.is_finite() else (None, None)
        if hi is not None and hi <= 1 + SLACK:
            below = True
        elif lo is not None and lo >= 1 - SLACK:
            below = False
        else:
            continue
        upper = below == (c > 0)
        ns = _exponent_bound(e_iv, upper)
        if ns:
            out.append((c, b, e, ns[0], below))
    return out[:MAX_POWERS]


def power_bound(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    """A proved step for ``problem`` by the method of the module docstring, or None."""
    if _ACTIVE or seconds < 0.5 or sp.count_ops(problem.slack) > MAX_OPS:
        return None
    choices = _choices(problem)
    if not choices:
        return None
    with _ACTIVE.enter():
        try:
            return _bound(problem, claim, choices, clock.now() + seconds)
        except _GiveUp:
            return None


def _bound(problem: BoxProblem, claim: str, choices, deadline: float) -> Step | None:
    rels = _rels(problem)
    lemmas, rest = [], problem.slack
    for c, b, e, n, _ in choices:
        proof = _Proof(deadline)
        # c b^e >= c b^n: for c > 0 ln(c b^e) >= ln(c b^n); for c < 0 the sides swap
        big, small = (c * b ** e, c * b ** n) if c > 0 else (-c * b ** n, -c * b ** e)
        base = proof.holds(b, True, rels, f"{tex(b)} > 0", 0.25)
        (kb, mb), (ks, ms) = ((c, e), (c, n)) if c > 0 else ((-c, n), (-c, e))
        ln_big, ln_small = sp.log(kb) + mb * sp.log(b), sp.log(ks) + ms * sp.log(b)
        t = sp.Dummy("t", positive=True)
        for side, ln_side in ((big, ln_big), (small, ln_small)):
            shape, ln_shape = side.xreplace({b: t}), ln_side.xreplace({b: t})
            if shape.has(b) or ln_shape.has(b):
                raise _GiveUp
            shown = {t: sp.Symbol("t")}
            for lemma, what in (
                    (certify_nonnegative(shape, shape, "", strict=True),
                     f"{tex(side)} > 0"),
                    (certify_identity(sp.log(shape), ln_shape, ""),
                     f"\\ln({tex(side)}) = {tex(ln_side)}")):
                if lemma.verdict != PROVED:
                    raise _GiveUp
                proof.need(apply_rule(
                    "substitution instance", [lemma, base], what,
                    f"the same for every $t > 0$ (here $t = {tex(b)} > 0$): "
                    f"${tex(shape.xreplace(shown))}$"))
        proof.defined([ln_big, ln_small], rels + definedness(problem.slack),
                      "where the slack is defined")
        d = (e - n) if c > 0 else (n - e)  # ln big - ln small = d ln b
        proof.holds(d * sp.log(b), False, rels, f"({tex(d)}) \\ln {tex(b)} \\ge 0", 0.3)
        lemmas.append(apply_rule(
            "logarithm of both sides", proof.premises, f"{tex(big)} \\ge {tex(small)}",
            f"both sides are $> 0$ and ${tex(ln_big)} - ({tex(ln_small)}) = ({tex(d)}) "
            f"\\ln {tex(b)} \\ge 0$"))
        rest = rest - c * b ** e + c * b ** n
    if rest.has(sp.nan, sp.zoo) or deadline - clock.now() < 0.2:
        return None
    proof = _Proof(deadline)
    rel = ">" if problem.strict else "\\ge"
    proof.holds(rest, problem.strict, rels, f"{tex(rest)} {rel} 0", 0.9)
    shown = ", ".join(f"${tex(c * b ** e)} \\ge {tex(c * b ** n)}$" for c, b, e, n, _ in choices)
    return apply_rule("sum of inequalities", [*lemmas, *proof.premises], claim,
                      f"{shown} (the base's power at a bound of the exponent), and the slack "
                      f"with these bounds ${tex(rest)} {rel} 0$")


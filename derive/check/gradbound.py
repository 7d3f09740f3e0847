r"""Inequalities between cost gradients of the width-1 chain, the chapter's "``\partial C/
\partial b_1`` is at most ``1/16`` of ``\partial C/\partial b_3`` when ``|w_j| < 1``":
``\left|\frac{\partial C}{\partial b_1}\right| \le \frac{1}{4}\left|\frac{\partial C}
{\partial b_2}\right|`` with premises bounding the weights (``|w_j| < 1 \implies ...``, or
"for $|w_j| < 1$" after it; ``w_j`` with a letter: every weight).

Every gradient is replaced by its product form (``derive.chain``: ``\partial C/\partial b_i
= \sigma'(z_i) w_{i+1} \cdots \sigma'(z_L) \partial C/\partial a_L``, proved for every depth).
``c_1 |\partial C/\partial b_i| \le c_2 |\partial C/\partial b_j|`` with ``i < j`` is then
``c_1 |R| |B| \le c_2 |B|`` where ``R = \sigma'(z_i) w_{i+1} \cdots \sigma'(z_{j-1}) w_j``:
proved when ``0 \le f'(z) \le \gamma`` (a certificate) and the premises' ``|w_k| \le u_k``
give ``c_1 \prod \gamma u_k \le c_2`` (products of nonnegative bounded factors are bounded by
the product of the bounds: an explicit polynomial certificate). Refuted at an exact
rational point of the chain that satisfies the premises where an interval enclosure of
the slack has the wrong sign. Otherwise unknown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import product as cartesian

import sympy as sp

from derive import activations, chain
from derive.check.common import FLIP, _explicit, _on_time, _tex, _unknown
from derive.check.inequality import decide_inequality
from derive.latex import point_math
from derive.parse import Relation
from derive.proof import (
    PROVED,
    REFUTED,
    UNKNOWN,
    Step,
    certify_all,
    certify_identity,
    certify_nonnegative,
    certify_sign,
)

_GRAD = re.compile(r"^dC/d([bwza])_(\d+)$")
_WEIGHT = re.compile(r"^w_(\d+|[jklmn])$")


def is_gradient_relation(rel: Relation) -> bool:
    return any(s.name.startswith("dC/d") for s in sp.Tuple(rel.lhs, rel.rhs).free_symbols)


def _forms(names: set[str], act: str) -> tuple[dict, int] | None:
    """Each gradient symbol -> its product form in a chain of depth ``L`` (the deepest layer
    written), in the chain's symbols and ``\\partial C/\\partial a_L``."""
    parsed = [(_GRAD.match(n), n) for n in names]
    if any(m is None for m, _ in parsed):
        return None
    L = max(int(m[2]) for m, _ in parsed)
    if L > 60 or any(int(m[2]) < 1 for m, _ in parsed):
        return None
    out = {}
    for m, n in parsed:
        p, k = m[1], int(m[2])
        if p == "a":
            out[n] = (sp.Symbol(n, real=True) if k == L else
                      chain.sym("w", k + 1) * chain.gradient(L, f"b{k + 1}", act, "generic").expr)
        else:
            out[n] = chain.gradient(L, f"{'b' if p == 'z' else p}{k}", act, "generic").expr
    return out, L


def _weight_bounds(premises: Sequence[Relation], L: int) -> dict[int, sp.Expr] | None:
    """``|w_k| \\le u_k`` from the premises (``|w_j| < 1`` with a letter: every layer); None
    when a premise is something else."""
    bounds: dict[int, sp.Expr] = {}
    for r in premises:
        lhs, op, rhs = r.lhs, r.op, r.rhs
        if op in (">", ">="):
            lhs, op, rhs = rhs, FLIP[op], lhs
        if op not in ("<", "<=") or not rhs.is_number or not isinstance(lhs, sp.Abs) or not (
                isinstance(lhs.args[0], sp.Symbol) and _WEIGHT.match(lhs.args[0].name)):
            return None
        k = _WEIGHT.match(lhs.args[0].name)[1]
        for layer in ([int(k)] if k.isdigit() else range(1, L + 1)):
            bounds[layer] = min(bounds.get(layer, rhs), rhs)
    return bounds


def _premise_holds(premises: Sequence[Relation], point: dict, L: int) -> bool:
    """Every premise at ``point`` (exact rationals; a letter index: every layer)."""
    for r in premises:
        syms = sp.Tuple(r.lhs, r.rhs).free_symbols
        letters = {m[1] for s in syms if (m := _WEIGHT.match(s.name)) and not m[1].isdigit()}
        layers = range(1, L + 1) if letters else [None]
        for k in layers:
            sub = {s: chain.sym("w", k) for s in syms if _WEIGHT.match(s.name)
                   and not _WEIGHT.match(s.name)[1].isdigit()} if k else {}
            value = r.relational().xreplace(sub).xreplace(point)
            if value is not sp.true:
                return False
    return True


def decide_gradient_inequality(rel: Relation, claim: str,
                               premises: Sequence[Relation] = ()) -> Step:
    r"""``c_1 |\partial C/\partial b_i| \le c_2 |\partial C/\partial b_j|`` and the like,
    under ``premises`` bounding weights."""
    _on_time()
    lhs, op, rhs = rel.lhs, rel.op, rel.rhs
    if op not in FLIP:
        return _unknown(claim, "relations other than =, <, >, \\le, \\ge between cost gradients")
    names = {s.name for s in sp.Tuple(lhs, rhs).free_symbols if s.name.startswith("dC/d")}
    acts = {a.activation for a in sp.Tuple(lhs, rhs).atoms(activations.AbstractDerivative)}
    if len(acts) > 1:
        return _unknown(claim, "more than one activation")
    act = acts.pop() if acts else "sigmoid"
    got = _forms(names, act)
    if got is None:
        return _unknown(claim, "an inequality between cost gradients of symbolic or layer-0 "
                        "layers (write numbers: b_1, b_3)")
    forms, L = got
    others = sp.Tuple(lhs, rhs).free_symbols - {sp.Symbol(n, real=True) for n in names}
    if others:
        return _unknown(claim, "an inequality between cost gradients and other variables")
    bounds = _weight_bounds(premises, L)
    if bounds is None:
        return _unknown(claim, "premises other than bounds on weights, |w_j| < 1")
    if op in (">=", ">"):
        lhs, op, rhs = rhs, FLIP[op], lhs  # small <= big
    sub = {sp.Symbol(n, real=True): f for n, f in forms.items()}
    small, big = lhs.xreplace(sub), rhs.xreplace(sub)
    said = (f"in a width-1 chain of depth {L} with the activation "
            f"${activations.get(act).tex}$ (each gradient replaced by its product form)")
    num, den = sp.fraction(sp.together(small))
    cleared = (num, big * den) if den != 1 and big.is_number and isinstance(den, sp.Abs) else (
        small, big)  # |A|/|B| <= c is |A| <= c |B| where B != 0
    step = _prove(*cleared, op == "<", bounds, act, claim, L)
    if step is not None and step.verdict == PROVED:
        return certify_all(claim, "certificate", [step], f"{said}: {step.reason}")
    bad = _refute(big - small, op == "<", premises, act, claim, L)
    if bad is not None:
        return Step(bad.claim, bad.method, REFUTED, f"{said}: {bad.reason}", bad.rules)
    why = step.reason if step is not None else ("not of the form $c_1 |A| \\le c_2 |B|$ with "
                                                "$A$ a gradient of an earlier layer than $B$")
    return Step(claim, "certificate", UNKNOWN, f"{said}: no proof ({why}) and no "
                "counterexample among the points tried")


def _abs_term(e: sp.Expr) -> tuple[sp.Expr, sp.Expr] | None:
    """``c |G|`` -> ``(c, G)`` with ``c > 0`` a number."""
    c, rest = e.as_independent(*e.free_symbols) if e.free_symbols else (e, sp.Integer(1))
    if not (c.is_number and c.is_positive and isinstance(rest, sp.Abs)):
        return None
    return c, rest.args[0]


def _prove(small: sp.Expr, big: sp.Expr, strict: bool, bounds: dict, act: str, claim: str,
           L: int) -> Step | None:
    r"""``c_1 |R B| \le c_2 |B|`` from ``c_1 \prod_k \gamma u_k \le c_2``; None when not of
    this form."""
    if strict:
        return None  # both gradients vanish when dC/da_L = 0: a strict bound is false there
    a, b = _abs_term(sp.expand(small)), _abs_term(sp.expand(big))
    if a is None or b is None:
        return None
    (c1, A), (c2, B) = a, b
    R = sp.cancel(A / B)
    factors = sp.Mul.make_args(R)
    F = activations.get(act)
    z = sp.Symbol("z", real=True)
    steps, sizes = [], []
    gamma = F.gamma
    if gamma is None:
        return None
    for f in factors:
        if isinstance(f, activations.AbstractDerivative) and f.args[0].is_Symbol:
            sizes.append(gamma)
        elif isinstance(f, sp.Symbol) and (m := re.fullmatch(r"w_(\d+)", f.name)):
            if int(m[1]) not in bounds:
                return Step(claim, "certificate", UNKNOWN, f"no bound on ${_tex(f)}$ among "
                            "the premises")
            sizes.append(bounds[int(m[1])])
        else:
            return None
    if not sizes:
        return None
    for lo, hi, rel in ((">=", 0, r"\ge"), ("<=", gamma, r"\le")):
        steps.append(decide_inequality(F.prime(z), lo, sp.sympify(hi),
                                       f"{F.tex}'(z) {rel} {sp.latex(hi)}"))
    steps.append(certify_identity(A, R * B, r"\text{the earlier gradient} = R \cdot "
                                  r"\text{the later one}", points=[]))
    n = len(sizes)
    p = sp.symbols(f"p_1:{n + 1}", nonnegative=True)
    d = sp.symbols(f"d_1:{n + 1}", nonnegative=True)
    mono = sp.expand(sp.Mul(*[pi + di for pi, di in zip(p, d)]) - sp.Mul(*p))
    steps.append(certify_nonnegative(mono, mono, r"0 \le p_k \le p_k + d_k \Rightarrow "
                                     r"\prod_k p_k \le \prod_k (p_k + d_k)"))
    total = sp.Mul(*sizes)
    steps.append(certify_sign(c2 - c1 * total,
                              rf"{sp.latex(c1)} \cdot {sp.latex(total)} \le {sp.latex(c2)}"))
    ratio = r" \cdot ".join(_tex(f) for f in factors)
    return certify_all(claim, "certificate", steps,
                       f"the ratio of the two gradients is ${ratio}$; with $0 \\le "
                       f"{F.tex}'(z) \\le {sp.latex(gamma)}$ and the premises' weight bounds "
                       f"its size is at most ${sp.latex(total)}$, and "
                       f"${sp.latex(c1)} \\cdot {sp.latex(total)} \\le {sp.latex(c2)}$")


_Z_VALUES = (sp.Integer(0), sp.Integer(10))
_W_VALUES = tuple(sp.Rational(v) for v in ("10", "2", "1", "1/2", "99/100", "1/10", "-2",
                                            "-1/2"))
_G_VALUES = (sp.Integer(1), sp.Integer(-1), sp.Integer(0))


def _refute(slack: sp.Expr, strict: bool, premises: Sequence[Relation], act: str,
            claim: str, L: int) -> Step | None:
    """A chain point (every ``z_k`` alike, every ``w_k`` alike, ``\\partial C/\\partial a_L``)
    satisfying the premises where the slack is rigorously negative (zero, if ``strict``)."""
    F = activations.get(act)
    syms = slack.free_symbols
    for zv, wv, gv in cartesian(_Z_VALUES, _W_VALUES, _G_VALUES):
        _on_time()
        point = {}
        for s in syms:
            if s.name.startswith("dC/d"):
                point[s] = gv
            elif s.name.startswith("w_"):
                point[s] = wv
            elif s.name.startswith("z_"):
                point[s] = zv
        weights = {chain.sym("w", k): wv for k in range(1, L + 1)}
        if not _premise_holds(premises, weights, L):
            continue
        value = slack.xreplace(point)
        for s in value.free_symbols:  # a_k = f(z_k), x = a_0
            value = value.xreplace({s: F.func(zv) if s.name.startswith("a_") else sp.Integer(1)})
        value = _explicit(value)
        if value.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
            continue  # a denominator vanishes: the statement asserts nothing there
        step = certify_sign(value, claim, strict)
        if step.verdict == REFUTED:
            shown = {s: v for s, v in point.items()}
            sign = "not positive" if strict else "negative"
            return Step(claim, "counterexample", REFUTED,
                        f"at {point_math(shown)} the slack (the larger side minus the smaller) "
                        f"is {sign}: {step.reason}", step.rules)
    return None

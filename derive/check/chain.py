r"""Chain-gradient identities ``\partial C/\partial b_j = ...`` (also ``w_j``, ``z_j``, ``a_j``):
the product form is rebuilt with ``chain.gradient`` and proved with ``chain.prove``; a
different product is refuted by ``chain``'s interval counterexample; symbolic indices are
checked at instances only (never proved)."""

from __future__ import annotations

import re

import sympy as sp

from derive import activations, chain
from derive.check.common import (
    CHAIN_ACTIVATION,
    MAX_CHAIN_DEPTH,
    OTHER_CHAIN,
    _acts,
    _is_partial,
    _on_time,
    _unknown,
    chain_activation,
)
from derive.latex import tex as tex_math
from derive.proof import (
    PROVED,
    REFUTED,
    UNKNOWN,
    Step,
    certify_all,
)

_CHAIN_SYM = re.compile(r"^(?:dC/d)?([wbza])_(\d+)$")
_SYMBOLIC_SYM = re.compile(r"^(dC/d)?([wbza])_([jklL])(?:([pm])(\d))?$")
SYMBOLIC_INSTANCES = (1, 2, 3)  # values of j (k, l) tried for a symbolic index
SYMBOLIC_DEPTHS = (4, 6)  # values of L tried when L is written


def decide_chain_symbolic(lhs: sp.Expr, rhs: sp.Expr, claim: str) -> Step:
    r"""A gradient identity with a symbolic layer index (``b_j``, ``w_{j+1}``, ``a_{j-1}``,
    ``a_L``): checked at ``j = 1, 2, 3`` (and ``L = 4, 6`` when ``L`` is written) with
    ``decide_chain``. One refuted instance refutes the statement; instances that all hold
    are not a proof for every ``j``: unknown, saying which were checked."""
    general = _width_one(lhs, rhs, claim)
    if general is not None:
        return general
    syms = sp.Tuple(lhs, rhs).free_symbols
    letters = {m[3] for s in syms if (m := _SYMBOLIC_SYM.match(s.name))}
    free = letters - {"L"}
    if len(free) > 1:
        return _unknown(claim, "more than one symbolic layer index")
    letter = free.pop() if free else None
    js = SYMBOLIC_INSTANCES if letter else (0,)
    Ls = SYMBOLIC_DEPTHS if "L" in letters else (None,)
    checked = []
    for j in js:
        for L in Ls:
            values = {letter: j, "L": L}
            subs = {}
            for s in syms:
                m = _SYMBOLIC_SYM.match(s.name)
                if not m:
                    continue
                k = values[m[3]] + (int(m[5]) * (1 if m[4] == "p" else -1) if m[4] else 0)
                if k < 0 or (k == 0 and (m[1] or m[2] != "a")):
                    break  # e.g. b_{j-1} at j = 1: no such layer
                subs[s] = (sp.Symbol(f"dC/d{m[2]}_{k}", real=True) if m[1]
                           else chain.sym(m[2], k))
            else:
                where = ", ".join(f"{v} = {n}" for v, n in values.items() if v and n)
                step = decide_chain(lhs.xreplace(subs), rhs.xreplace(subs), claim)
                if step.verdict == REFUTED:
                    return Step(claim, step.method, REFUTED, f"at {where}: {step.reason}")
                if step.verdict != PROVED:
                    return Step(claim, step.method, UNKNOWN, f"at {where}: {step.reason}")
                checked.append(where)
    if not checked:
        return _unknown(claim, "no layer numbers fit the indices")
    return Step(claim, "identity", UNKNOWN,
                f"proved at {'; '.join(checked)} (product form, induction + composed network); "
                f"not a proof for every {letter or 'L'}")


def _width_one(lhs: sp.Expr, rhs: sp.Expr, claim: str) -> Step | None:
    r"""The chain's recursions for a symbolic layer ``j``, as the width-1 case of the book's
    equations proved for every width and depth (``derive.matrix.general_layer``):
    ``\partial C/\partial b_j = \sigma'(z_j) w_{j+1} \partial C/\partial b_{j+1}`` (BP2 and
    BP3: in width 1, ``((w^{l+1})^T \delta^{l+1}) \odot \sigma'(z^l)`` is that product),
    ``\partial C/\partial w_j = a_{j-1} \partial C/\partial b_j`` (BP4 and BP3),
    ``\partial C/\partial b_j = \partial C/\partial z_j`` (BP3). None for anything else."""
    from derive import matrix

    if isinstance(rhs, sp.Symbol) and _is_partial(rhs) and not (
            isinstance(lhs, sp.Symbol) and _is_partial(lhs)):
        lhs, rhs = rhs, lhs
    m = _SYMBOLIC_SYM.match(lhs.name) if isinstance(lhs, sp.Symbol) else None
    if m is None or not m[1] or m[4] or m[3] == "L":
        return None
    p, j = m[2], m[3]

    def S(name: str) -> sp.Symbol:
        return sp.Symbol(name, real=True)

    acts = {a.activation for a in _acts(rhs)}
    if len(acts) > 1:
        return None
    act = chain_activation(acts, claim)
    if isinstance(act, Step):
        return act
    F = activations.get(act)
    uses = None
    if p in "bz":
        for nxt in "bz":
            if sp.expand(rhs - F.prime(S(f"z_{j}")) * S(f"w_{j}p1") * S(f"dC/d{nxt}_{j}p1")) == 0:
                uses = ("bp2", "bp3")
        if rhs == S(f"dC/d{'z' if p == 'b' else 'b'}_{j}"):
            uses = ("bp3",)
    elif p == "w":
        for nxt in "bz":
            if sp.expand(rhs - S(f"a_{j}m1") * S(f"dC/d{nxt}_{j}")) == 0:
                uses = ("bp4", "bp3")
    if uses is None:
        return None
    layer = matrix.general_layer(act)
    steps = [st for eq in uses for st in layer[eq]]
    names = " and ".join(eq.upper() for eq in uses)
    return certify_all(claim, "chain rule", steps,
                       f"the width-1 case of {names}, proved for every width and depth by the "
                       "chain rule for symbolic widths ($\\partial C/\\partial b_j = \\delta_j$, "
                       f"and in width 1 the transpose and ${F.tex}'$'s diagonal are the scalars "
                       "themselves), at every layer $j$ where the layers written exist")


def decide_chain(lhs: sp.Expr, rhs: sp.Expr, claim: str) -> Step:
    r"""``\partial C/\partial b_j = <product>`` (or ``w_j``, ``z_j``) in a width-1 chain."""
    _on_time()
    note = ""
    for side, other in ((lhs, rhs), (rhs, lhs)):
        num, den = sp.fraction(side)
        if all(isinstance(g, sp.Symbol) and _is_partial(g) for g in (num, den)):
            # (dC/db_1)/(dC/db_3) = X, asserted where the quotient is defined: there it is
            # dC/db_1 = X dC/db_3, decided for every value (a quotient of two chain products
            # that are not identically 0, so a wrong X is wrong where dC/db_3 != 0 too)
            lhs, rhs = num, other * den
            note = (f"multiplied by ${tex_math(den)}$ (not 0 where the quotient is defined), "
                    f"${tex_math(num)} = {tex_math(rhs)}$: ")
            break
    if isinstance(rhs, sp.Symbol) and _is_partial(rhs) and not (
            isinstance(lhs, sp.Symbol) and _is_partial(lhs)):
        lhs, rhs = rhs, lhs
    if not (isinstance(lhs, sp.Symbol) and _is_partial(lhs)):
        return _unknown(claim, r"a gradient identity must have \partial C/\partial b_j "
                        "(or w_j, z_j) alone on one side")
    m = _CHAIN_SYM.match(lhs.name)
    if not m:
        return _unknown(claim, r"only \partial C/\partial b_j, w_j, z_j or a_j on the left")
    param, j = ("b" if m[1] == "z" else m[1]), int(m[2])
    indices = [j]
    for s in rhs.free_symbols:
        if s.name in ("x",):
            continue
        mm = _CHAIN_SYM.match(s.name)
        if not mm:
            return _unknown(claim, f"symbol {s.name} in a gradient identity (chain symbols "
                            "are w_k, b_k, z_k, a_k, x and the partials of C)")
        indices.append(int(mm[2]))
    L = max(indices)
    if L > MAX_CHAIN_DEPTH:
        return _unknown(claim, f"chains deeper than {MAX_CHAIN_DEPTH} layers")
    names = {a.activation for a in _acts(rhs)}
    if len(names) > 1:
        return _unknown(claim, "more than one activation in one gradient")
    # the chain the notes define (a_j = \tanh(z_j)) whatever derivative the claim writes: a
    # product of another activation's derivatives is compared with that chain's, as written
    if CHAIN_ACTIVATION[0] == OTHER_CHAIN:
        return chain_activation(names, claim)  # (unknown: a_j not one activation of z_j)
    act = CHAIN_ACTIVATION[0] or (names.pop() if names else "sigmoid")
    # every other partial on the right is replaced by its product form (proved for all j)
    subs = {}
    for s in rhs.free_symbols:
        mm = _CHAIN_SYM.match(s.name)
        if _is_partial(s) and mm:
            p, k = mm[1], int(mm[2])
            if p == "a":
                if k == L:
                    continue
                subs[s] = sp.Mul(chain.sym("w", k + 1),
                                 chain.gradient(L, f"b{k + 1}", act, "generic").expr)
            else:
                if k < 1:
                    return _unknown(claim, f"layer {k} (layers are numbered from 1)")
                subs[s] = chain.gradient(L, f"{'b' if p == 'z' else p}{k}", act, "generic").expr
    claimed = rhs.xreplace(subs)
    if param == "a":  # dC/da_j = w_{j+1} dC/db_{j+1} (chain rule through z_{j+1}), j < L
        if j == L:
            return _unknown(claim, r"\partial C/\partial a_L on the left (it is the cost's own "
                            "derivative)")
        claimed, param, j = claimed / chain.sym("w", j + 1), "b", j + 1
        note += (f"$\\partial C/\\partial a_{{{j - 1}}} = w_{{{j}}} \\, \\partial C/\\partial "
                 f"b_{{{j}}}$; ")
    if any(int(_CHAIN_SYM.match(s.name)[2]) == 0 for s in claimed.free_symbols
           if _CHAIN_SYM.match(s.name)):
        return _unknown(claim, "index 0 (layers are numbered from 1; a_0 is x)")
    true = chain.gradient(L, f"{param}{j}", act, "generic")
    factors = tuple(sp.Mul.make_args(claimed))
    where = f"depth-{L} chain, {act}"
    if claimed == true.expr:
        proof = chain.prove(chain.Gradient(L, param, j, act, "generic", factors))
        if proof.verdict == PROVED:
            return certify_all(claim, "induction+identity", list(proof.steps),
                               f"{note}product form of $\\partial C/\\partial {param}_{{{j}}}$ "
                               f"in a {where} (induction for every depth; "
                               f"{proof.steps[-1].reason})")
        bad = next(s for s in proof.steps if s.verdict != PROVED)
        return Step(claim, bad.method, UNKNOWN, f"{where}: {bad.reason}")
    grad_q = chain.Gradient(L, param, j, act, "quadratic", factors)
    step = (chain.check_composed(grad_q) if L <= chain.COMPOSED_MAX_DEPTH
            else chain.check_forward(grad_q))
    if step.verdict == PROVED:  # equal after all (a different but equal form)
        return certify_all(claim, "identity", [step], f"{note}{where}: {step.reason}")
    shown = true.text()
    shown = shown if len(shown) <= 160 else shown[:150] + " ..."
    return Step(claim, step.method, step.verdict,
                f"{note}the {where} gives {shown}; {step.reason}"
                + (" (quadratic cost)" if step.verdict == REFUTED else ""))

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

With a letter for a layer (``decide_gradient_depth``, called by the notes' reader with their
definitions): ``|w_j| \le 1 \implies |\partial C/\partial b_1| \le (1/4)^{L-1} |\partial
C/\partial a_L|`` for every depth ``L``. The product form for every depth (``derive.chain``'s
induction), ``\partial C/\partial b_i = \prod_{k=i}^{L-1} [f'(z_k) w_{k+1}] f'(z_L) \partial
C/\partial a_L``; each factor ``|f'(z_k) w_{k+1}| \le \gamma u`` under ``|w_k| \le u``, so the
product is at most ``(\gamma u)^{L-i}`` by the rule "product of bounds"
(``derive.check.product.factor_premises``); the claimed factor over that bound is a number
``\ge 1`` or ``k r^m`` with ``k, r \ge 1``. Refuted at a numeric instance (the first depth
where the bound's product exceeds the claimed factor, then small depths) decided as above.
A depth the notes define is that number; with every weight and ``z_k`` fixed by the notes
(``w_j = 100``, ``z_j = 0``: the exploding side) the ratio is exact, ``(w f'(z))^{L-i}``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from itertools import product as cartesian

import sympy as sp

from derive import activations, chain
from derive.check.common import FLIP, _explicit, _on_time, _tex, _unknown, chain_activation
from derive.check.extract import split_statements
from derive.check.inequality import decide_inequality
from derive.latex import point_math
from derive.parse import NotUnderstood, Relation, parse
from derive.proof import (
    PROVED,
    REFUTED,
    UNKNOWN,
    Step,
    apply_rule,
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
                               premises: Sequence[Relation] = (), prove: bool = True) -> Step:
    r"""``c_1 |\partial C/\partial b_i| \le c_2 |\partial C/\partial b_j|`` and the like,
    under ``premises`` bounding weights (``prove`` False: only look for a counterexample)."""
    _on_time()
    lhs, op, rhs = rel.lhs, rel.op, rel.rhs
    if op not in FLIP:
        return _unknown(claim, "relations other than =, <, >, \\le, \\ge between cost gradients")
    names = {s.name for s in sp.Tuple(lhs, rhs).free_symbols if s.name.startswith("dC/d")}
    acts = {a.activation for a in sp.Tuple(lhs, rhs).atoms(activations.AbstractDerivative)}
    act = chain_activation(acts, claim)
    if isinstance(act, Step):
        return act
    got = _forms(names, act)
    if got is None:
        return _unknown(claim, "an inequality between cost gradients of symbolic or layer-0 "
                        "layers here (a letter layer is read in a formula of its own, "
                        "$|w_j| \\le 1 \\implies ...$, or with numbers: b_1, b_3)")
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
    step = _prove(*cleared, op == "<", bounds, act, claim, L) if prove else None
    if step is not None and step.verdict == PROVED:
        return certify_all(claim, "certificate", [step], f"{said}: {step.reason}")
    bad = _refute(big - small, op == "<", premises, act, claim, L, set(bounds.values()))
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
    steps.append(_monotone(len(sizes)))
    total = sp.Mul(*sizes)
    steps.append(certify_sign(c2 - c1 * total,
                              rf"{sp.latex(c1)} \cdot {sp.latex(total)} \le {sp.latex(c2)}"))
    ratio = r" \cdot ".join(_tex(f) for f in factors)
    return certify_all(claim, "certificate", steps,
                       f"the ratio of the two gradients is ${ratio}$; with $0 \\le "
                       f"{F.tex}'(z) \\le {sp.latex(gamma)}$ and the premises' weight bounds "
                       f"its size is at most ${sp.latex(total)}$, and "
                       f"${sp.latex(c1)} \\cdot {sp.latex(total)} \\le {sp.latex(c2)}$")


def _monotone(n: int) -> Step:
    """Products of ``n`` nonnegative factors are monotone: an explicit polynomial
    certificate."""
    p = sp.symbols(f"p_1:{n + 1}", nonnegative=True)
    d = sp.symbols(f"d_1:{n + 1}", nonnegative=True)
    mono = sp.expand(sp.Mul(*[pi + di for pi, di in zip(p, d)]) - sp.Mul(*p))
    return certify_nonnegative(mono, mono, r"0 \le p_k \le p_k + d_k \Rightarrow "
                               r"\prod_k p_k \le \prod_k (p_k + d_k)")


_Z_VALUES = (sp.Integer(0), sp.Integer(10))
_W_VALUES = tuple(sp.Rational(v) for v in ("10", "2", "1", "1/2", "99/100", "1/10", "-2",
                                            "-1/2"))
_G_VALUES = (sp.Integer(1), sp.Integer(-1), sp.Integer(0))


def _refute(slack: sp.Expr, strict: bool, premises: Sequence[Relation], act: str,
            claim: str, L: int, ends: set = frozenset()) -> Step | None:
    """A chain point (every ``z_k`` alike, every ``w_k`` alike, ``\\partial C/\\partial a_L``)
    satisfying the premises where the slack is rigorously negative (zero, if ``strict``);
    the weights tried include the premises' bounds ``ends`` (where a bound is attained)."""
    F = activations.get(act)
    syms = slack.free_symbols
    extra = tuple(sorted({e for e in ends if e.is_Rational and e > 0} - set(_W_VALUES)))
    for zv, wv, gv in cartesian(_Z_VALUES, extra + _W_VALUES, _G_VALUES):
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


# --------------------------------------------------------------- a symbolic layer or depth

_LAYERED = re.compile(r"^(dC/d[bwza]|[wzba])_(\d+|([A-Za-z])(?:([mp])(\d+))?)$")
_INEQUALITY = re.compile(r"\\(?:le|ge|leq|geq|lt|gt)(?![A-Za-z])|[<>]")
_SEARCH = 5  # refutation: every layer letter from 1 to this, and the depth where the bound fails
_TRIES = 8  # numeric instances tried at most
_FACTORS: dict[tuple[str, sp.Expr], tuple] = {}  # (activation, u) -> |f'(z) w| <= gamma u, proved


def decide_gradient_depth(full: str, src: str, read=None,
                          defined: Mapping[str, tuple] | None = None) -> Step | None:
    r"""A gradient inequality with a letter for a layer (``b_j``, ``a_L``), decided for every
    depth, or with the notes' numbers (``L = 3`` defined before: that depth only); None when
    ``full`` is no such inequality (numeric layers and nothing defined: the usual reading).
    ``read``: how the notes parse; ``defined``: their variables (name -> (value, domain))."""
    defined = defined or {}
    fixed = {n: v for n, (v, _) in defined.items() if not v.free_symbols and _LAYERED.match(n)
             and n != "a_0"}  # the input x = a_0 and the target y leave every z_k free
    if "\\partial" not in full or not (fixed or _INEQUALITY.search(full)):
        return None  # identities without fixed values: derive.check.chain (not parsed twice)
    parts = split_statements(full)
    if len(parts) != 1:
        return None
    try:
        stmt = (read or parse)(parts[0])
    except NotUnderstood:
        return None
    concl = stmt if stmt.premise is None else stmt.conclusion
    if stmt.expr is not None or concl is None or concl.premise is not None or len(
            concl.relations) != 1:
        return None
    rel = concl.relations[0]
    if rel.op not in (*FLIP, "=") or not is_gradient_relation(rel):
        return None
    premises = list(stmt.premise.relations) if stmt.premise is not None else []
    grads = {s for s in sp.Tuple(rel.lhs, rel.rhs).free_symbols if s.name.startswith("dC/d")}
    if any(_LAYERED.match(g.name) is None for g in grads):
        return None
    if rel.op == "=" and not fixed:
        return None  # identities: derive.check.chain
    letters = {m[3] for g in grads if (m := _LAYERED.match(g.name))[3]}
    singles = {s for s in _symbols(rel, premises) if len(s.name) == 1}
    values = {}
    for name in sorted(letters & set(defined)):
        value = defined[name][0]
        if not (value.is_Integer and value >= 1):
            return _unknown(src, f"the layer ${name}$ defined as ${_tex(value)}$, not a whole "
                            "number $\\ge 1$")
        values[name] = int(value)
    consts = {s: defined[s.name][0] for s in singles if s.name in defined and s.name not in values}
    if consts:  # "let $c = \frac14$" before "... \le c^{L-1} ...": the number it names
        rel = Relation(rel.lhs.xreplace(consts), rel.op, rel.rhs.xreplace(consts))
        premises = [Relation(r.lhs.xreplace(consts), r.op, r.rhs.xreplace(consts))
                    for r in premises]
        values.update({s.name: v for s, v in consts.items()})
    if not values and not letters and not fixed:
        return None  # numeric layers: decide_gradient_inequality, through decide
    said = ", ".join(f"${n} = {_tex(sp.sympify(v))}$" for n, v in values.items())
    if values:
        rel, premises = _instance(rel, values), [_instance(r, values) for r in premises]
        if rel is None or any(r is None for r in premises):
            return _unknown(src, f"with {said} (defined before) a layer below 1")
        letters -= set(values)
    if fixed:  # "with $w_j = 100$ and $z_j = 0$": a claim about those values
        step = _decide_fixed(rel, premises, src, fixed, letters)
    elif not letters:
        step = decide_gradient_inequality(rel, src, premises)
    else:
        step = _decide_depth(rel, premises, src, letters, stmt.domain)
    if step.verdict == REFUTED and rel.op in ("<", ">") and "y" in defined:
        step = Step(src, step.method, UNKNOWN, f"the target $y$ is fixed by the notes, so "
                    f"$\\partial C/\\partial a_L$ may never vanish: not refuted ({step.reason})")
    elif step.verdict == REFUTED and fixed and "y" in defined:
        # every a_k is fixed too: dC/da_L may be one number, of one sign or 0, where the
        # refutation took it 1 or -1
        step = Step(src, step.method, UNKNOWN, f"the target $y$ is fixed by the notes, so "
                    f"$\\partial C/\\partial a_L$ may be one number: not refuted ({step.reason})")
    if not values:
        return step
    reason = f"with {said} (defined before): {step.reason}"
    if step.verdict == PROVED:
        return certify_all(src, step.method, [step], reason)
    return Step(src, step.method, step.verdict, reason, step.rules)


def _symbols(rel: Relation, premises: Sequence[Relation]) -> set[sp.Symbol]:
    return sp.Tuple(rel.lhs, rel.rhs, *[e for r in premises for e in (r.lhs, r.rhs)]).free_symbols


def _index(text: str) -> sp.Expr:
    """``3``, ``j``, ``Lm1`` (``L - 1``), ``jp1`` (``j + 1``) as an expression."""
    m = _LAYERED.match(f"w_{text}")
    if m[3] is None:
        return sp.Integer(text)
    base = sp.Symbol(m[3], real=True)
    return base if m[4] is None else base + (1 if m[4] == "p" else -1) * int(m[5])


def _instance(rel: Relation, values: Mapping[str, int]) -> Relation | None:
    """``rel`` with the layer letters given numbers (``dC/da_L -> dC/da_3``, ``L -> 3``);
    None when a layer falls below 1."""
    sub = {}
    for s in sp.Tuple(rel.lhs, rel.rhs).free_symbols:
        if s.name in values:
            sub[s] = sp.Integer(values[s.name])
        elif (m := _LAYERED.match(s.name)) and m[3] in values:
            k = _index(m[2]).xreplace({sp.Symbol(m[3], real=True): values[m[3]]})
            if k < 1:
                return None
            sub[s] = sp.Symbol(f"{m[1]}_{k}", real=True)
    return Relation(rel.lhs.xreplace(sub), rel.op, rel.rhs.xreplace(sub))


def _side(e: sp.Expr) -> tuple[sp.Expr, sp.Symbol] | None:
    """``c |G|`` (``G`` a cost gradient, ``c > 0`` without gradients) -> ``(c, G)``."""
    grads = [s for s in e.free_symbols if s.name.startswith("dC/d")]
    if len(grads) != 1:
        return None
    c = e / sp.Abs(grads[0])
    if c.has(grads[0]):
        c = sp.simplify(c)
    if any(s.name.startswith("dC/d") for s in c.free_symbols) or c.is_positive is not True:
        return None
    return c, grads[0]


def _sides(small: sp.Expr, big: sp.Expr) -> tuple | None:
    """``(c_1, A, c_2, B)`` for ``c_1 |A| \\le c_2 |B|``, also read from the ratio
    ``c |A| / |B| \\le c_2`` (which says the same where ``B \\ne 0``; at ``B = 0`` both
    gradients vanish)."""
    a, b = _side(small), _side(big)
    if a is not None and b is not None:
        return a[0], a[1], b[0], b[1]
    for top, other, flip in ((small, big, False), (big, small, True)):
        num, den = sp.fraction(sp.together(top))
        a, b = _side(num), _side(den)
        if a is None or b is None or any(s.name.startswith("dC/d") for s in other.free_symbols):
            continue
        if not flip:  # c|A| / (d|B|) <= other
            return a[0] / b[0], a[1], other, b[1]
        return other, b[1], a[0] / b[0], a[1]  # other <= c|A| / (d|B|): other d |B| <= c |A|
    return None


def _every_weight(premises: Sequence[Relation], letters: set[str]) -> tuple[sp.Expr | None, str]:
    """The bound ``u`` that the premises put on every weight (``|w_k| \\le u`` with a letter
    ``k`` that is not a layer of the claim), and why there is none."""
    u = None
    for r in premises:
        lhs, op, rhs = r.lhs, r.op, r.rhs
        if op in (">", ">="):
            lhs, op, rhs = rhs, FLIP[op], lhs
        m = _LAYERED.match(lhs.args[0].name) if isinstance(lhs, sp.Abs) and isinstance(
            lhs.args[0], sp.Symbol) else None
        if op not in ("<", "<=") or not rhs.is_number or m is None or m[1] != "w":
            return None, f"a premise other than a bound on weights: ${_tex(r.relational())}$"
        if m[3] is not None and m[4] is None and m[3] not in letters:
            u = rhs if u is None else sp.Min(u, rhs)
    if u is None:
        return None, ("no premise bounds every weight ($|w_k| \\le u$ with a letter $k$); a "
                      "bound on some weights is not one for every depth")
    return u, ""


def _decide_depth(rel: Relation, premises: Sequence[Relation], claim: str, letters: set[str],
                  domain: Sequence[sp.Basic]) -> Step:
    """``rel`` for every value of the layer ``letters`` (the depth ``L`` the last layer):
    proved from the product form for every depth and the product of bounds, refuted at an
    instance (a depth, a layer, a chain point), otherwise unknown."""
    acts = {a.activation for a in sp.Tuple(rel.lhs, rel.rhs).atoms(
        activations.AbstractDerivative)}
    act = chain_activation(acts, claim)
    if isinstance(act, Step):
        return act
    layer_conds, weights = [], []
    for r in premises:
        names = {s.name for s in sp.Tuple(r.lhs, r.rhs).free_symbols}
        (layer_conds if names <= letters else weights).append(r)
    for s in _symbols(rel, weights):
        if (m := _LAYERED.match(s.name)) and m[1] == "w" and m[3] in letters - {"L"}:
            return _unknown(claim, f"${_tex(s)}$ in the premise with ${m[3]}$ also a layer of "
                            f"the claim: a bound on every weight or on the weight of layer "
                            f"${m[3]}$ only (write another letter, $|w_k| \\le 1$)")
    others = {s.name for s in sp.Tuple(rel.lhs, rel.rhs).free_symbols
              if not s.name.startswith("dC/d")} - letters
    if others:
        return _unknown(claim, "an inequality between cost gradients and other variables ("
                        + ", ".join(sorted(others)) + "; the letters of a bound must be layers)")
    lhs, op, rhs = rel.lhs, rel.op, rel.rhs
    if op in (">=", ">"):
        lhs, op, rhs = rhs, FLIP[op], lhs  # small <= big
    shape = _sides(lhs, rhs)
    why = "not of the form $c_1 |A| \\le c_2 |B|$ with $A$ a gradient of an earlier layer than $B$"
    guess = None
    if shape is not None:
        c1, A, c2, B = shape
        (ka, ia), (kb, ib) = (_LAYERED.match(g.name).groups()[:2] for g in (A, B))
        u, no_u = _every_weight(weights, letters)
        F = activations.get(act)
        # the later layer is L, the last, or a number when no layer is L (j <= 3 in b_j, b_3)
        ordered = ka[-1] in "bz" and kb[-1] in "abz" and (
            ib == "L" or (ib.isdigit() and "L" not in letters))
        if ordered and op == "<=" and u is not None and F.gamma is not None:
            i, top = _index(ia), _index(ib)
            tail = F.gamma if kb[-1] == "a" else sp.Integer(1)
            step = _prove_depth(c1, A, c2, B, i, top, tail, u, act, claim)
            bound = (F.gamma * u) ** (top - i) * tail
            if step.verdict == PROVED:
                return step
            why = step.reason
            guess = c1 * bound - c2  # positive: the product's bound is over the claim's
        elif u is None:
            why = no_u
        elif not ordered:
            why = (r"of the layers only $\partial C/\partial b_i$ (or $z_i$) against "
                   r"$\partial C/\partial a_L$ or $\partial C/\partial b_L$, $L$ the last "
                   "layer, are compared for every depth")
        elif op == "<":
            why = "a strict bound: both gradients vanish where $\\partial C/\\partial a_L = 0$"
    bad = _search(rel, premises, layer_conds, letters, claim, domain, guess)
    if bad is not None:
        return bad
    return Step(claim, "certificate", UNKNOWN, f"no proof for every depth ({why}) and no "
                f"counterexample at the depths tried (up to {_SEARCH})")


def _prove_depth(c1: sp.Expr, A: sp.Symbol, c2: sp.Expr, B: sp.Symbol, i: sp.Expr,
                 top: sp.Expr, last: sp.Expr, u: sp.Expr, act: str, claim: str) -> Step:
    r"""``c_1 |A| \le c_2 |B|`` for every depth ``L`` (and layer ``i \le L``): ``A = \prod_{k=i}
    ^{L-1} [f'(z_k) w_{k+1}] \, T \, B`` (the induction of ``derive.chain``; ``T = f'(z_L)``
    when ``B = \partial C/\partial a_L``), each factor ``\le \gamma u`` (the product of
    bounds), and ``c_1 (\gamma u)^{L-i}`` ``last`` ``\le c_2`` (``last = \gamma`` for ``T``).
    ``top``: ``L``, or the number of the later layer when ``i`` is a letter below it."""
    from derive.check.product import factor_premises  # it decides through decide.py

    F = activations.get(act)
    n, c, f = top - i, F.gamma * u, F.tex + "'"
    bound = c ** n * last
    power = _tex(sp.Pow(c, n, evaluate=False))
    bound_tex = power if last == 1 else rf"{power} \cdot {_tex(last)}"
    coef = (rf"{bound_tex} \le {_tex(c2)}" if c1 == 1 else
            rf"{_tex(c1)} \cdot {bound_tex} \le {_tex(c2)}")
    coefficient = _coefficient(c1 * bound, c2, n, coef)
    if coefficient.verdict != PROVED:
        return coefficient
    tail = ({"a": rf"\, {f}(z_{{{_tex(top)}}})", "b": "", "z": ""})[B.name[4]]
    end = _tex(top - 1)
    each = rf"\left[{f}(z_k)\, w_{{k+1}}\right]"
    form = apply_rule("induction", chain.prove_induction(act),
                      rf"{_tex(A)} = \prod_{{k={_tex(i)}}}^{{{end}}} {each}{tail} {_tex(B)}",
                      "the product form for every depth (derive.chain: base and step checked by "
                      "SymPy's chain rule, induction on the layer)")
    got = _FACTORS.get((act, u)) or factor_premises(
        rf"|w_{{k+1}}| \le {_tex(u)}", rf"\left|{f}(z_k)\, w_{{k+1}}\right|", "le", c,
        decide_read=_factor_decider(act, u))
    if got is not None and got[1]:
        _FACTORS[act, u] = got  # a lemma about one factor: kept for the process once proved
    if got is None or not got[1]:
        return Step(claim, "certificate", UNKNOWN, "a factor's bound $|" + f"{f}(z_k)\\, "
                    f"w_{{k+1}}| \\le {_tex(c)}$ is not proved" + (f": {got[0].reason}"
                                                                   if got else ""))
    _, premises, why = got
    product = apply_rule("product of bounds", premises, rf"\prod_{{k={_tex(i)}}}^{{{end}}} "
                         rf"\left|{f}(z_k)\, w_{{k+1}}\right| \le {power}",
                         f"each factor $F$ has {why}, so the product of ${_tex(n)}$ factors is "
                         f"$\\le {power}$ (none when ${_tex(i)} = {_tex(top)}$: $1 = "
                         f"{_tex(c)}^0$)")
    steps = [form, product]
    if tail:
        z = sp.Symbol("z", real=True)
        steps += [decide_inequality(F.prime(z), ">=", sp.Integer(0), f"{f}(z) \\ge 0"),
                  decide_inequality(F.prime(z), "<=", F.gamma, f"{f}(z) \\le {_tex(F.gamma)}"),
                  _monotone(2)]
    steps.append(coefficient)
    layers = "" if i.is_number or i == top else (
        f"every layer $1 \\le {_tex(i)} \\le {_tex(top)}$")
    every = f"for {layers}" if top.is_number and layers else (
        f"for every depth $L \\ge {sp.Max(1, i) if i.is_number else 1}$"
        + (f" and {layers}" if layers else ""))
    return certify_all(
        claim, "certificate", steps,
        f"{every}, in a width-1 chain with the activation "
        f"${F.tex}$: by induction on the layer (the chain rule), ${form.claim}$; under "
        f"$|w_k| \\le {_tex(u)}$ for every $k$ each factor has size at most ${_tex(c)}$, so by "
        f"the product of bounds the product's is at most ${power}$"
        + (f", and $0 \\le {f}(z_{{{_tex(top)}}}) \\le {_tex(F.gamma)}$" if tail else "")
        + f"; so $|{_tex(A)}| \\le {bound_tex}\\, |{_tex(B)}|$, and ${coef}$ "
        f"({coefficient.reason})")


def _factor_decider(act: str, u: sp.Expr):
    r"""How the factor's claim ``|w_{k+1}| \le u \implies |f'(z_k) w_{k+1}| \le \gamma u`` is
    decided: ``0 \le f' \le \gamma`` (certificates, fast) and ``0 \le |w| \le u`` bound the
    product of the two nonnegative factors (an explicit polynomial certificate); any other
    statement by ``decide``."""
    from derive.check.decide import decide  # decide.py imports this module

    F = activations.get(act)
    z, zk = sp.Symbol("z", real=True), sp.Symbol("z_k", real=True)
    w = sp.Symbol("w_kp1", real=True)

    def decide_read(stmt, claim: str) -> Step:
        rel = stmt.conclusion.relations[0] if stmt.conclusion is not None and len(
            stmt.conclusion.relations) == 1 else None
        pre = stmt.premise.relations if stmt.premise is not None else ()
        if rel is None or u.is_nonnegative is not True or (rel.lhs, rel.op, rel.rhs) != (
                sp.Abs(F.prime(zk) * w), "<=", F.gamma * u) or len(pre) != 1 or (
                pre[0].lhs, pre[0].op, pre[0].rhs) != (sp.Abs(w), "<=", u):
            return decide(stmt, claim)
        f = F.tex + "'"
        return certify_all(claim, "certificate", [
            decide_inequality(F.prime(z), ">=", sp.Integer(0), f"{f}(z) \\ge 0"),
            decide_inequality(F.prime(z), "<=", F.gamma, f"{f}(z) \\le {_tex(F.gamma)}"),
            certify_identity(sp.Abs(F.prime(zk) * w), sp.Abs(F.prime(zk)) * sp.Abs(w),
                             f"|{f}(z_k)\\, w_{{k+1}}| = |{f}(z_k)|\\, |w_{{k+1}}|"),
            _monotone(2)],
            f"$|{f}(z_k)\\, w_{{k+1}}| = {f}(z_k)\\, |w_{{k+1}}|$ with $0 \\le {f}(z_k) \\le "
            f"{_tex(F.gamma)}$ and $0 \\le |w_{{k+1}}| \\le {_tex(u)}$ (products of nonnegative "
            "factors are monotone)")
    return decide_read


def _coefficient(small: sp.Expr, big: sp.Expr, n: sp.Expr, claim: str) -> Step:
    r"""``small \le big`` (both positive, functions of the layers) wherever ``n \ge 0`` is a
    whole number: their quotient ``q`` a number ``\ge 1``, or ``q = k r^n`` with ``k \ge 1``
    and ``r \ge 1`` (``r^n \ge 1`` by the product of bounds)."""
    m = sp.Symbol("m", real=True)
    q = sp.simplify(big / small)
    if not n.is_number:  # in the number of factors m = n (n = L - j: L = m + j)
        v = min(n.free_symbols, key=lambda s: s.name)
        solved = sp.solve(n - m, v)
        if len(solved) != 1:
            return Step(claim, "certificate", UNKNOWN, f"the number of factors ${_tex(n)}$")
        q = sp.simplify(q.xreplace({v: solved[0]}))
    if not q.free_symbols:
        one = certify_sign(q - 1, rf"{_tex(q)} \ge 1")
        if one.verdict != PROVED:
            return Step(claim, "certificate", UNKNOWN,
                        f"the quotient ${_tex(q)}$ is not shown $\\ge 1$")
        return certify_nonnegative(big - small, (q - 1) * small, claim)
    if q.free_symbols != {m}:
        return Step(claim, "certificate", UNKNOWN, f"the quotient ${_tex(q)}$ of the two sides "
                    "depends on the layers otherwise than through the number of factors")
    r, k = sp.simplify(q.xreplace({m: m + 1}) / q), sp.simplify(q.xreplace({m: 0}))
    if r.free_symbols or k.free_symbols:
        return Step(claim, "certificate", UNKNOWN, f"the quotient ${_tex(q)}$ of the two sides "
                    "is not $k r^m$")
    rm = _tex(sp.Pow(r, m, evaluate=False))
    steps = [certify_identity(q, k * r ** m, f"{_tex(q)} = {_tex(k * r ** m)}"),
             certify_sign(k - 1, rf"{_tex(k)} \ge 1"),
             apply_rule("product of bounds", [certify_sign(r - 1, rf"{_tex(r)} \ge 1"),
                                              certify_sign(sp.Integer(1), r"1 \ge 0")],
                        rf"{rm} \ge 1", f"$m \\ge 1$ factors ${_tex(r)} \\ge 1$"),
             certify_nonnegative(small, small, rf"{_tex(small)} \ge 0")]
    if any(s.verdict != PROVED for s in steps):
        bad = next(s for s in steps if s.verdict != PROVED)
        return Step(claim, "certificate", UNKNOWN, f"the quotient of the two sides is "
                    f"${_tex(k * r ** m)}$ with $m = {_tex(n)}$, and ${bad.claim}$ is not "
                    "proved (for every $m \\ge 0$)")
    return certify_all(claim, "certificate", steps,
                       f"the quotient of the two sides is ${_tex(k * r ** m)}$ with $m = "
                       f"{_tex(n)} \\ge 0$ factors, and ${rm} \\ge 1$ (for $m = 0$: $1$), "
                       f"so it is at least ${_tex(k)} \\ge 1$")


def _search(rel: Relation, premises: Sequence[Relation], layer_conds: Sequence[Relation],
            letters: set[str], claim: str, domain: Sequence[sp.Basic],
            guess: sp.Expr | None) -> Step | None:
    """A counterexample at numbers for the layer letters (``L`` the last layer: every layer
    written at most ``L``) that satisfy the conditions on them: first where ``guess`` (the
    product's bound minus the claim's, a function of the letters) is positive, then the
    small ones."""
    order = sorted(letters)
    grads = [s for s in sp.Tuple(rel.lhs, rel.rhs).free_symbols if s.name.startswith("dC/d")]

    numbers = [int(m[2]) for g in grads if (m := _LAYERED.match(g.name))[2].isdigit()]
    cap = "L" if "L" in letters else max(numbers, default=None)  # the deepest layer written

    def valid(values: dict) -> bool:
        sub = {sp.Symbol(n, real=True): v for n, v in values.items()}
        for g in grads:
            k = _index(_LAYERED.match(g.name)[2]).xreplace(sub)
            if k < 1 or (cap is not None and k > values.get(cap, cap)):
                return False
        return all(c.relational().xreplace(sub) is sp.true for c in layer_conds) and all(
            d.xreplace(sub) is sp.true for d in domain  # the chain's values: the point's part
            if {x.name for x in d.free_symbols} <= letters)

    small = [dict(zip(order, v)) for v in cartesian(range(1, _SEARCH + 1), repeat=len(order))]
    small.sort(key=lambda d: (max(d.values()), sorted(d.items())))
    first = []
    if guess is not None:
        for depth in range(1, 61):
            for ends in cartesian((1, depth), repeat=len(order) - 1):
                values = dict(zip([n for n in order if n != "L"], ends), L=depth) \
                    if "L" in order else dict(zip(order, (depth, *ends)))
                sub = {sp.Symbol(n, real=True): v for n, v in values.items()}
                if valid(values) and guess.xreplace(sub).is_positive:
                    first.append(values)
            if first:
                break
    tried = []
    for values in first + small:
        if values in tried or not valid(values):
            continue
        tried.append(values)
        if len(tried) > _TRIES:
            break
        _on_time()
        step = decide_gradient_inequality(
            _instance(rel, values), claim,
            [_instance(r, values) for r in premises if r not in layer_conds], prove=False)
        if step.verdict == REFUTED:
            said = ", ".join(f"${n} = {_tex(sp.sympify(v))}$" for n, v in values.items())
            return Step(claim, "counterexample", REFUTED, f"at {said}: {step.reason}",
                        step.rules)
    return None


def _decide_fixed(rel: Relation, premises: Sequence[Relation], claim: str,
                  fixed: Mapping[str, sp.Expr], letters: set[str]) -> Step:
    r"""The exploding side, with every weight and every ``z_k`` fixed by the notes ("with
    $w_j = 100$ and $z_j = 0$"): ``\partial C/\partial b_i = c^{m-i}\, t\, \partial
    C/\partial a_m`` exactly, ``c = w f'(z)`` (the product of equal factors, by the rule
    "product of bounds"), ``t = f'(z)`` (``t = 1`` against ``b_m``); the claim is then one
    between numbers, for every depth ``L`` when ``m = L``."""
    names = ", ".join(f"${_tex(sp.Symbol(n))}$" for n in sorted(fixed))
    refused = Step(claim, "certificate", UNKNOWN, f"the notes fix {names}: a gradient "
                   "relation is decided with them only when they fix every weight and every "
                   "$z_k$ it involves ($w_j = 100$, $z_j = 0$, or $w_2 = w_3 = 100$ one by one) "
                   "and nothing else, without premises")
    every, single = {}, {}  # w_j = 100 (every layer), w_2 = 100 (one layer)
    for n in fixed:
        m = _LAYERED.match(n)
        if m is None or m[1] not in ("w", "z") or premises:
            return refused
        if m[2].isdigit():
            single[(m[1], int(m[2]))] = fixed[n]
        elif m[4] is None and m[3] not in letters and every.get(m[1], fixed[n]) == fixed[n]:
            every[m[1]] = fixed[n]
        else:
            return refused
    if any(kind in every for kind, _ in single):
        return refused  # "w_j = 100 and w_2 = 3": every weight, or all but w_2? not guessed
    acts = {a.activation for a in sp.Tuple(rel.lhs, rel.rhs).atoms(
        activations.AbstractDerivative)}
    act = chain_activation(acts, claim)
    if isinstance(act, Step):
        return act
    F = activations.get(act)
    grads = sorted((s for s in sp.Tuple(rel.lhs, rel.rhs).free_symbols
                    if s.name.startswith("dC/d")), key=lambda g: g.name)
    if len(grads) != 2:
        return _unknown(claim, "a relation between two cost gradients")
    parsed = {g: _LAYERED.match(g.name) for g in grads}
    top = [g for g in grads if parsed[g][1][-1] in "ab" and (
        parsed[g][2] == "L" or (parsed[g][2].isdigit() and all(
            parsed[h][2].isdigit() and int(parsed[h][2]) <= int(parsed[g][2]) for h in grads)))]
    low = [g for g in grads if parsed[g][1][-1] in "bz" and g not in top[-1:]]
    if not top or not low or top[-1] == low[0]:
        return _unknown(claim, r"a relation between $\partial C/\partial b_i$ and a later "
                        r"$\partial C/\partial a_L$ or $\partial C/\partial b_L$")
    B, A = top[-1], low[0]
    L = sp.Symbol("L", real=True)
    i, mtop = _index(parsed[A][2]), _index(parsed[B][2])
    n = sp.expand(mtop - i)
    if (n.free_symbols or not single) and (single or set(every) != {"w", "z"}):
        return refused
    if not n.free_symbols and single:  # numeric layers, values fixed one by one
        return _decide_fixed_layers(rel, claim, act, A, B, int(i), int(mtop), every, single,
                                    refused)
    W, Z = every["w"], every["z"]
    slope = sp.simplify(_explicit(F.prime(Z)))
    c = W * slope
    t = slope if parsed[B][1][-1] == "a" else sp.Integer(1)
    others = sp.Tuple(rel.lhs, rel.rhs).free_symbols - set(grads) - (
        i.free_symbols | mtop.free_symbols | ({L} if n.free_symbols else set()))
    if others:  # (a letter g in "+ g" is no number: the claim is not one between numbers)
        return _unknown(claim, "an inequality between cost gradients and other variables ("
                        + ", ".join(sorted(s.name for s in others))
                        + "; with the weights fixed, the other letters must be layers)")
    # B is any real number (dC/da_L is the cost's slope, of either sign): each side is
    # positively homogeneous of degree 1 in B (k B or k |B|), so the claim for every B is the
    # claim at B = 1 and at B = -1 (at B = 0 both sides are 0); g and lam are fresh symbols,
    # never a letter of the notes
    g, lam = sp.Dummy("g", real=True), sp.Dummy("lam", positive=True)
    raw = [e.xreplace({A: c ** n * t * g, B: g}) for e in (rel.lhs, rel.rhs)]
    homogeneous = [certify_identity(e.xreplace({g: lam * g}), lam * e, rf"{_tex(e)} \text{{ is "
                                    rf"positively homogeneous in }} {_tex(B)}", points=[])
                   for e in raw if e.has(g)]
    if len(homogeneous) != 2 or any(h.verdict != PROVED for h in homogeneous):
        return _unknown(claim, "sides that are not a number times a gradient or times its "
                        "absolute value")
    cases = [(s, sp.sympify(raw[0].xreplace({g: s})), sp.sympify(raw[1].xreplace({g: s})))
             for s in (sp.Integer(1), sp.Integer(-1))]
    f = F.tex + "'"
    each = rf"{f}(z_k)\, w_{{k+1}}"
    last = rf"\, {f}(z_{{{_tex(mtop)}}})" if t != 1 else ""
    form = apply_rule("induction", chain.prove_induction(act),
                      rf"{_tex(A)} = \prod_{{k={_tex(i)}}}^{{{_tex(mtop - 1)}}} \left[{each}"
                      rf"\right]{last} {_tex(B)}",
                      "the product form for every depth (derive.chain)")
    product = apply_rule("product of bounds", [certify_identity(
        _explicit(F.prime(Z)) * W, c, rf"{f}({_tex(Z)}) \cdot {_tex(W)} = {_tex(c)}")],
        rf"\prod_{{k={_tex(i)}}}^{{{_tex(mtop - 1)}}} \left[{each}\right] = "
        rf"{_tex(sp.Pow(c, n, evaluate=False))}", f"${_tex(n)}$ factors, each ${_tex(c)}$")
    times = "" if t == 1 else r" \cdot " + _tex(t)
    said = (f"with ${_tex(sp.Symbol('w_k'))} = {_tex(W)}$ and $z_k = {_tex(Z)}$ for every $k$, "
            f"${_tex(A)} = {_tex(sp.Pow(c, n, evaluate=False))}{times}\\, {_tex(B)}$")
    op = rel.op
    if op in ("<", ">"):
        return Step(claim, "counterexample", REFUTED, f"{said}; at ${_tex(B)} = 0$ both sides "
                    "are $0$, so the strict inequality fails")
    steps = []
    for s, alpha, beta in cases:
        if op == "=":
            step = certify_identity(alpha, beta, f"{_tex(alpha)} = {_tex(beta)}")
        else:
            small, big = (alpha, beta) if op == "<=" else (beta, alpha)
            step = _at_most(small, big, n, f"{_tex(small)} \\le {_tex(big)}")
        steps.append(step)
    if all(step.verdict == PROVED for step in steps):
        every_l = "" if not n.free_symbols else (
            f" for every depth $L \\ge {_tex(sp.Max(1, i)) if i.is_number else 1}$" + (
                "" if i.is_number else f" and every layer $1 \\le {_tex(i)} \\le L$"))
        return certify_all(claim, "certificate", [form, product, *homogeneous, *steps],
                           f"{said}{every_l} (by induction, the chain rule, and the product of "
                           f"equal factors); so the claim is ${steps[0].claim}$ at ${_tex(B)} = "
                           f"1$ ({steps[0].reason}) and ${steps[1].claim}$ at ${_tex(B)} = -1$ "
                           f"({steps[1].reason}), both sides being $k {_tex(B)}$ or "
                           f"$k |{_tex(B)}|$")
    for sub in _layer_instances(i, mtop, L):
        _on_time()
        for s, alpha, beta in cases:
            diff = (beta - alpha).xreplace(sub)
            check = certify_sign(sp.Abs(diff), "", strict=True) if op == "=" else certify_sign(
                diff if op == "<=" else -diff, "")
            if (op == "=" and check.verdict == PROVED) or (
                    op != "=" and check.verdict == REFUTED):
                at = "" if not sub else "at " + ", ".join(
                    f"${_tex(k)} = {v}$" for k, v in sorted(sub.items(),
                                                          key=lambda kv: kv[0].name)) + ": "
                return Step(claim, "counterexample", REFUTED, f"{at}{said}, with ${_tex(B)} = "
                            f"{s}$ the claim is ${_tex(alpha.xreplace(sub))} {_TEX_OPS[op]} "
                            f"{_tex(beta.xreplace(sub))}$, false: {check.reason}", check.rules)
    bad = next(step for step in steps if step.verdict != PROVED)
    return Step(claim, "certificate", UNKNOWN, f"{said}: {bad.reason}")


def _decide_fixed_layers(rel: Relation, claim: str, act: str, A: sp.Symbol, B: sp.Symbol,
                         i: int, m: int, every: Mapping[str, sp.Expr],
                         single: Mapping[tuple, sp.Expr], refused: Step) -> Step:
    r"""``_decide_fixed`` between numeric layers (``\partial C/\partial b_1`` against
    ``\partial C/\partial a_4``), the values fixed for every layer (``z_j = 0``) or one by
    one (``w_2 = w_3 = w_4 = 100``): the product form of depth ``m`` (proved by
    ``derive.chain``) with those values is ``A = P\, t\, B``, ``P = \prod_{k=i}^{m-1}
    f'(z_k) w_{k+1}`` a number; the claim, positively homogeneous in ``B`` (any real: the
    cost's slope), is decided at ``B = 1`` and ``B = -1``. Any weight or ``z_k`` of the
    product left free: ``refused``. (Fixing only ``w`` and ``z`` values is consistent: ``b_k
    = z_k - w_k a_{k-1}`` realises any of them.)"""
    def value(kind: str, k: int) -> sp.Expr | None:
        return single.get((kind, k), every.get(kind))

    F = activations.get(act)
    needed = [("z", k) for k in range(i, m + 1)] + [("w", k) for k in range(i + 1, m + 1)]
    if any(value(*kv) is None for kv in needed):
        return refused
    sub = {chain.sym(kind, k): value(kind, k) for kind, k in needed}
    g = sp.Dummy("g", real=True)
    grad = chain.gradient(m, f"b{i}", act, "generic")
    form = grad.expr  # ... dC/da_m
    if str(B).startswith("dC/db"):  # against dC/db_m = f'(z_m) dC/da_m
        form = form / F.prime(chain.sym("z", m))
    top_sym = next(s for s in form.free_symbols if str(s).startswith("dC/d"))
    with_values = form.xreplace({top_sym: g})
    exact = sp.simplify(_explicit(with_values.xreplace(sub)))
    proof = chain.prove(grad)
    if proof.verdict != PROVED:
        return Step(claim, "certificate", UNKNOWN, f"the product form: {proof.reason}")
    said = ("with " + ", ".join(f"${_tex(k)} = {_tex(v)}$" for k, v in sub.items())
            + f", ${_tex(A)} = {_tex(exact.xreplace({g: B}))}$")
    value_step = certify_identity(_explicit(with_values.xreplace(sub)), exact,
                                  f"{_tex(A)} = {_tex(exact.xreplace({g: B}))}")
    if value_step.verdict != PROVED:
        return Step(claim, "certificate", UNKNOWN, f"{said}: {value_step.reason}")
    raw = [e.xreplace({A: exact, B: g}) for e in (rel.lhs, rel.rhs)]
    if rel.op in ("<", ">"):
        return Step(claim, "counterexample", REFUTED, f"{said}; at ${_tex(B)} = 0$ both sides "
                    "are $0$, so the strict inequality fails")
    steps = []
    for s in (sp.Integer(1), sp.Integer(-1)):
        alpha, beta = (sp.sympify(e.xreplace({g: s})) for e in raw)
        if rel.op == "=":
            step = certify_identity(alpha, beta, f"{_tex(alpha)} = {_tex(beta)}")
            bad = certify_sign(sp.Abs(beta - alpha), "", strict=True)
        else:
            small, big = (alpha, beta) if rel.op == "<=" else (beta, alpha)
            step = certify_sign(big - small, f"{_tex(small)} \\le {_tex(big)}")
            bad = step
        if (rel.op == "=" and bad.verdict == PROVED) or (rel.op != "=" and bad.verdict
                                                         == REFUTED):
            return Step(claim, "counterexample", REFUTED, f"{said}; with ${_tex(B)} = {s}$ the "
                        f"claim is ${_tex(alpha)} {_TEX_OPS[rel.op]} {_tex(beta)}$, false: "
                        f"{bad.reason}", bad.rules)
        steps.append(step)
    if all(step.verdict == PROVED for step in steps):
        lam = sp.Dummy("lam", positive=True)
        homogeneous = [certify_identity(e.xreplace({g: lam * g}), lam * e, rf"{_tex(e)} \text{{ "
                                        rf"is positively homogeneous in }} {_tex(B)}", points=[])
                       for e in raw]
        if all(h.verdict == PROVED for h in homogeneous):
            return certify_all(claim, "certificate",
                               [*proof.steps, value_step, *homogeneous, *steps],
                               f"{said} (the product form of depth ${m}$, derive.chain); the "
                               f"claim is ${steps[0].claim}$ at ${_tex(B)} = 1$ and "
                               f"${steps[1].claim}$ at ${_tex(B)} = -1$, both sides being "
                               f"$k {_tex(B)}$ or $k |{_tex(B)}|$")
    bad = next((step for step in steps if step.verdict != PROVED), None)
    return Step(claim, "certificate", UNKNOWN, f"{said}: "
                + (bad.reason if bad else "sides not a number times the gradient"))


def _layer_instances(i: sp.Expr, top: sp.Expr, depth: sp.Symbol):
    """Numbers for the layer letters of ``i`` (the lower layer) and ``top`` (the later one):
    the depth ``L`` from 1 to 60, any other letter from 1 to ``_SEARCH``, each instance with
    ``1 <= i <= top <= L`` (layers that exist); ``{}`` once when there is no letter."""
    letters = sorted((i.free_symbols | top.free_symbols) - {depth}, key=lambda s: s.name)
    if not letters and depth not in (i.free_symbols | top.free_symbols):
        yield {}
        return
    for d in range(1, 61):
        for values in cartesian(range(1, _SEARCH + 1), repeat=len(letters)):
            sub = {depth: d, **dict(zip(letters, values))}
            lo, hi = i.xreplace(sub), top.xreplace(sub)
            if 1 <= lo <= hi <= d:
                yield {k: v for k, v in sub.items() if k in (i.free_symbols | top.free_symbols)}


def _at_most(small: sp.Expr, big: sp.Expr, n: sp.Expr, claim: str) -> Step:
    """``small <= big`` for every number ``n >= 0`` of factors: as quotients of positive sides
    (``_coefficient``), of the negated sides when both are negative, or by the sign of
    ``big - small`` as SymPy sees it."""
    step = _coefficient(small, big, n, claim)
    if step.verdict == PROVED:
        return step
    if (-small).is_positive and (-big).is_positive:
        other = _coefficient(-big, -small, n, claim)
        if other.verdict == PROVED:
            return other
    other = certify_nonnegative(big - small, big - small, claim, points=[])
    return other if other.verdict == PROVED else step


_TEX_OPS = {"=": "=", "<=": r"\le", ">=": r"\ge"}

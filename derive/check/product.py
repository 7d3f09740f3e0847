r"""A product of like factors against a power: the chapter's vanishing-gradient bound
``|w_j| \le 1 \implies \prod_{j=1}^{L} |w_j \sigma'(z_j)| \le \left(\frac14\right)^L``, for
every depth ``L`` or for a number (``\prod_{j=1}^{3} ... \le \frac{1}{64}``).

The right side must be ``c^n`` for the number ``n`` of factors (for a symbolic ``n`` the
kernel checks ``R = c^n`` as an identity); each factor ``F`` (one expression in the index
``j``: ``w_j``, ``z_j`` are its own names) is shown ``0 \le F \le c`` (``< c``; ``F \ge c
\ge 0`` for ``\ge``) under the premise, by ``derive.check.decide`` with ``j`` and every name
free, so for every factor. The rule "product of bounds" then gives the product's bound for
every number of factors ``n \ge 1``. A factor bound refuted at a point refutes the claim
for one factor (``L`` at the lower bound). Otherwise None: the caller reads the statement
as usual (numeric bounds expand).
"""

from __future__ import annotations

import re

import sympy as sp

from derive.check.common import _tex
from derive.check.decide import decide
from derive.check.extract import split_relations, split_statements
from derive.parse import NotUnderstood, parse
from derive.proof import PROVED, REFUTED, Step, apply_rule, certify_identity, certify_sign

_PROD = re.compile(r"\s*\\prod\s*(?:\\limits\s*)?_\s*\{\s*([A-Za-z])\s*=\s*(-?\d+)\s*\}\s*\^\s*"
                   r"(?:\{\s*([^{}]+?)\s*\}|([A-Za-z0-9]))\s*(\S.*?)\s*", re.DOTALL)
_OPS = {"=": "eq", "\\le": "le", "\\leq": "le", "<": "lt", "\\ge": "ge", "\\geq": "ge", ">": "gt"}
_FLIP = {"eq": "eq", "le": "ge", "lt": "gt", "ge": "le", "gt": "lt"}
_TEX_OP = {"eq": "=", "le": "\\le", "lt": "<", "ge": "\\ge", "gt": ">"}


def decide_product(full: str, src: str, read=parse, decide_read=decide,
                   defined: frozenset = frozenset()) -> Step | None:
    """Decide ``[premise \\implies] \\prod_{j=a}^{b} F  op  R`` (``op`` one of ``\\le < \\ge
    >``, the product on either side) by bounds on one factor; None when it is not of that
    form or nothing was decided. ``read`` / ``decide_read``: how the notes parse and decide
    a factor's claim (with their definitions); ``defined``: the names the notes define (the
    bounds must not use them)."""
    parts = split_statements(full)  # a trailing bound ("\\quad (|w_j| \\le 1)") is a premise
    if len(parts) != 1:
        return None
    premise, _, conclusion = parts[0].rpartition("\\implies")
    sides, ops = split_relations(conclusion)
    if len(ops) != 1 or ops[0].strip() not in _OPS:
        return None
    op = _OPS[ops[0].strip()]
    lhs, rhs = sides
    m = _PROD.fullmatch(lhs)
    if m is None:
        m, rhs, op = _PROD.fullmatch(rhs), lhs, _FLIP[op]
    if m is None:
        return None
    index, lo, body = m[1], int(m[2]), m[5]
    try:
        hi = parse(m[3] or m[4]).expr
        bound = parse(rhs).expr
    except NotUnderstood:
        return None
    if hi is None or bound is None or "\\prod" in body or "\\sum" in body or {
            str(s) for s in hi.free_symbols | bound.free_symbols} & (defined | {index}):
        return None
    count = sp.expand(hi - lo + 1)
    if count.is_Integer:
        if count < 1:
            return None
        c = sp.real_root(bound, count)  # (-8)^{1/3} = -2, not SymPy's complex root
        if not c.is_real:
            return None
        power = None
    else:
        if len(count.free_symbols) != 1 or sp.Symbol(index) in count.free_symbols:
            return None
        (n,) = count.free_symbols
        if not sp.Poly(count, n).is_linear or sp.Poly(count, n).LC() != 1:
            return None
        c = sp.simplify(bound.subs(n, n + 1) / bound)
        if c.free_symbols:
            return None
        power = certify_identity(bound, c ** count, f"{_tex(bound)} = {_tex(c ** count)}")
        if power.verdict != PROVED:
            return None
    rel, n_tex = _TEX_OP[op], _tex(count)
    got = factor_premises(premise, body, op, c, read, decide_read)
    if got is None:
        return None
    factor_bound, premises, why = got
    if power is None:
        one = every = ""
    else:
        first = sp.solve(count - 1, n)[0]  # the count's symbol where there is one factor
        one, every = f"${_tex(n)} = {_tex(first)}$", f" for every ${_tex(n)} \\ge {_tex(first)}$"
    # one factor is an instance when the factor and the premise do not involve j or n
    try:
        names = read(body).expr.free_symbols
    except (NotUnderstood, AttributeError):
        names = {sp.Symbol(index)}
    fixed = power is not None and not ({sp.Symbol(index), n} & names) and not re.search(
        rf"(?<![A-Za-z\\]){n.name}(?![A-Za-z])", premise)
    if factor_bound.verdict == REFUTED and fixed:
        return Step(src, "product", REFUTED, f"with one factor ({one}): {factor_bound.reason}")
    if factor_bound.verdict == REFUTED and power is None:
        alike = _alike(src, premise, m.string, m[2], body, index, count, op, bound, read,
                       decide_read)
        if alike is not None:
            return alike
    if not premises:
        return None
    if power is not None:
        premises.append(power)
    return apply_rule("product of bounds", premises, src,
                      f"each factor $F$ has {why}, so a product of ${n_tex}$ such factors is "
                      f"${rel} {_tex(sp.Pow(c, count, evaluate=False))}${every}")


def _alike(src: str, premise: str, product: str, lo: str, body: str, index: str,
           count: sp.Integer, op: str, bound: sp.Expr, read, decide_read) -> Step | None:
    r"""A numeric number ``n`` of factors whose bound ``F op c`` was refuted: every factor
    taken alike (``w_1 = w_2 = ... = w``, ``z_1 = z_2 = ... = z``), the product is ``F^n``,
    so ``premise \implies F^n op R`` is decided in the factor's own variables; refuted there,
    the claim is refuted at that point of every factor. Only when each name of the factor
    and the premise that carries the index is written with exactly the index as its
    subscript (``w_j``; not ``w_{j+1}``, shared by two factors, nor ``j`` itself), and the
    notes' reading of the ``product`` (its text) is the product of ``body``'s instances for
    ``j`` from ``lo`` (``\prod_{j=2}^{3} (w_j) \sigma'(z_j)`` is not: the operand ends at the
    parenthesis); else None."""
    names = {"".join((a or b).split()) for a, b in re.findall(
        r"(?<![A-Za-z\\])[A-Za-z]_(?:\{([^{}]*)\}|([A-Za-z0-9]))", f"{premise} {body}")}
    try:
        factor, written = read(body).expr, read(product).expr
        free = factor.free_symbols
    except (NotUnderstood, AttributeError):
        return None
    instances = sp.Mul(*[factor.xreplace({s: sp.Symbol(re.sub(
        rf"_\{{?\s*{index}\s*\}}?$", f"_{k}", s.name), **s.assumptions0) for s in free})
        for k in range(int(lo), int(lo) + int(count))])
    if written is None or sp.expand(written - instances) != 0:
        return None
    if names - {index} or sp.Symbol(index) in free or re.search(
            rf"(?<![A-Za-z\\_{{]){index}(?![A-Za-z])", re.sub(
                rf"_\{{?\s*{index}\s*\}}?", "", f"{premise} {body}")):
        return None
    try:  # the premise as read: its index (\frac{1}{j}) or instances (a sum) not free
        given = read(premise) if premise.strip() else None
    except NotUnderstood:
        return None
    if given is not None and (given.premise is not None or any(
            s.name == index or re.fullmatch(r"[A-Za-z]_\{?\s*\d+\s*\}?", s.name)
            for r in given.relations for s in sp.Tuple(r.lhs, r.rhs).free_symbols)):
        return None
    cond = f"{premise} \\implies " if premise.strip() else ""
    rel = _TEX_OP[op]
    try:
        stmt = read(f"{cond}\\left({body}\\right)^{{{count}}} {rel} {_tex(bound)}")
    except NotUnderstood:
        return None
    step = decide_read(stmt, f"({body})^{{{count}}} {rel} {_tex(bound)}")
    if step.verdict != REFUTED:
        return None
    return Step(src, "product", REFUTED, f"with every factor alike (each "
                f"${index}$-indexed name given one value), the product is $F^{{{count}}}$: "
                f"{step.reason}")


def factor_premises(premise: str, body: str, op: str, c: sp.Expr, read=parse,
                    decide_read=decide) -> tuple[Step, list[Step], str] | None:
    r"""The premises of the rule "product of bounds" for factors ``F`` (the TeX ``body``)
    under ``premise`` (TeX, or empty): ``F op c`` (``op`` one of eq le lt ge gt), ``0 \le F``
    (for le, lt) and ``c \ge 0`` (``> 0`` if strict). Returns the step deciding ``F op c``,
    the premises (empty unless every one is proved) and the words saying them; None when a
    claim does not read."""
    rel, c_tex = _TEX_OP[op], _tex(c)
    strict = op in ("lt", "gt")
    cond = f"{premise} \\implies " if premise.strip() else ""
    try:
        sign = read(f"{cond}{body} \\ge 0") if op in ("le", "lt") else None
        side = read(f"{cond}{body} {rel} {c_tex}")
    except NotUnderstood:
        return None
    constant = None if op == "eq" else certify_sign(
        c, f"{c_tex} {'>' if strict else _TEX_OP['ge']} 0", strict)
    factor_bound = decide_read(side, f"{body} {rel} {c_tex}")
    why = f"$F {rel} {c_tex}$ ({factor_bound.reason})"
    if (constant and constant.verdict != PROVED) or factor_bound.verdict != PROVED:
        return factor_bound, [], why
    premises = [factor_bound] + ([constant] if constant is not None else [])
    if sign is not None:
        factor_sign = decide_read(sign, f"{body} \\ge 0")
        if factor_sign.verdict != PROVED:
            return factor_bound, [], why
        premises.append(factor_sign)
        why = f"$0 \\le F$ ({factor_sign.reason}) and {why}"
    return factor_bound, premises, why

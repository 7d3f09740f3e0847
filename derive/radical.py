r"""Square roots by squaring both sides (issue #11).

``radical(problem, claim, seconds)`` (one hook in ``realprove._decide``'s reductions) proves
a ``BoxProblem`` whose slack or domain holds square roots ``\sqrt{A}`` (also ``A^{k/2}``) of
expressions in the variables by the rule *squaring both sides*: the slack is written ``s =
a + b \sqrt{A}`` (an identity the kernel checks), ``a``, ``b`` free of that root, and

* if ``b >= 0`` (proved): ``s >= 0`` wherever ``a >= 0``, and where ``a <= 0`` it suffices
  that ``b^2 A - a^2 >= 0`` (``u <= \sqrt v \Leftarrow u \le 0 \lor u^2 \le v``);
* if ``b <= 0`` (proved) and ``a >= 0`` (proved): ``s >= 0`` iff ``a^2 - b^2 A >= 0``
  (``0 \le u, v``: ``u \le v \iff u^2 \le v^2``);

(``> 0`` alike). A root is removed at each step; the squared claim, ``a >= 0`` and ``b``'s
sign are claims of their own, proved the same way until they are free of square roots,
then by quick certificates (below) or the whole engine (``derive.realprove.decide``).
Minkowski's ``\sqrt{(x+y)^2 + 4} \le \sqrt{x^2+1} + \sqrt{y^2+1}`` becomes ``4(x^2+1)(y^2+1)
- (2xy + 2)^2 = 4(x - y)^2 \ge 0`` in two squarings.

A condition of the domain ``a + b \sqrt{A} >= 0`` with ``b <= 0`` (decided by SymPy's
structure: a negative number) implies ``a >= 0`` and ``a^2 - b^2 A >= 0``, which replace it
(a larger domain: the claim proved there holds on the given one); ``\sqrt{x^2 + (y-1)^2}
\le 1`` becomes ``x^2 + (y - 1)^2 \le 1``. Other conditions with roots are kept as they are.

Every new claim must be defined wherever the slack is (each definedness condition of it is
one of the slack's or the domain's, or implied by one: ``A > 0`` gives ``A != 0``), else the
step is not taken. The quick certificates for a claim free of roots: a factored form whose
sign SymPy decides (``4(x - y)^2``), a quadratic as a sum of squares (an exact ``L D L^T``),
a polynomial in ``\sin w``, ``\cos w`` made homogeneous with ``\sin^2 w + \cos^2 w = 1``
and factored (``y^2 + z^2 - (y \sin x + z \cos x)^2 = (y \cos x - z \sin x)^2``); the
claim minus multiples ``lam_i g_i`` of conditions ``g_i >= 0`` of the domain so certified
(*sum of inequalities*; ``lam`` guessed where the quadratic form touches, the S-lemma:
``4 - (x - 1)^2 - y^2 - 2(1 - x^2 - y^2) = (x + 1)^2 + y^2``); a polynomial affine in a
variable ``z`` whose only condition is ``z >= c`` (``z <= c``): its coefficient of ``z`` and
its value at ``z = c``, each a claim of its own on the other conditions (*affine in one
variable*). A number's root (``\sqrt 2``) is squared too when the slack holds ``\sin w``
and ``\cos w`` of one argument (``\sin x + \cos x \le \sqrt 2``). One variable: only
algebraic slacks (and those), the box search settles the others. A premise that is not
proved makes the method give up (None); it never refutes.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import sympy as sp

from derive import clock
from derive.guard import Nesting
from derive.latex import math as tex_math
from derive.latex import tex
from derive.proof import (
    CONSTRAINT_RELATIONS,
    PROVED,
    BoxProblem,
    Step,
    StepTimeout,
    apply_rule,
    certify_identity,
    certify_nonnegative,
    certify_sign,
    definedness,
    time_limit,
)

MAX_ROOTS = 4  # distinct square roots in a slack (each squaring removes one)
MAX_OPS = 250  # larger slacks are left to the other methods
MAX_TRIES = 2  # roots tried for isolation at each level
SHARE = 0.6  # of the time given, at most, for this method
_REL = CONSTRAINT_RELATIONS
_ACTIVE = Nesting()  # a claim under way: its premises go to the engine without this method
_FUNCTIONS = (sp.Abs,)  # besides roots, what an algebraic slack may hold (one variable)


class _GiveUp(Exception):
    """A premise was not proved, a form does not fit, or time ran out."""


def radical(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    """A proved step for ``problem`` by squaring both sides (module docstring), or None."""
    slack = problem.slack
    rels = [_REL[k](g, 0) for g, k in problem.constraints]
    circle = _circular(slack) and not _roots(slack) and bool(_roots(slack, numbers=True))
    if _ACTIVE or not (_roots(slack) or any(_roots(r) for r in rels) or circle):
        return None
    if sp.count_ops(slack) > MAX_OPS or len(_roots(slack)) > MAX_ROOTS:
        return None
    if len(problem.variables) == 1 and not (_algebraic(slack) or circle):
        return None  # (one variable with transcendental functions: the box search's)
    proof = _Proof(clock.now() + SHARE * seconds)
    try:
        with _ACTIVE.enter(), time_limit(SHARE * seconds + 0.5):
            rels, premises = proof.domain(rels)
            # the slack is claimed where it is defined: its conditions join the domain
            rels += [c for c in definedness(slack) if c not in rels and c is not sp.true]
            known = _known(slack, rels)
            step = proof.prove(slack, problem.strict, rels, known, claim)
    except (_GiveUp, StepTimeout):
        return None  # (StepTimeout: its own limit)
    if not premises:
        return step
    return apply_rule("squaring both sides", [*premises, step], claim,
                      "each condition of the domain with a square root squared (a larger "
                      f"domain): {', '.join(tex_math(r) for r in rels)}; there "
                      + step.reason)


# ------------------------------------------------------------------------ forms

def _roots(e: sp.Basic, numbers: bool = False) -> list[sp.Expr]:
    """The radicands ``A`` of the powers ``A^{k/2}`` (``k`` odd) in ``e`` with variables in
    ``A`` (or, if ``numbers``, rational ``A > 0``: ``\\sqrt 2``), sorted."""
    found = {p.base for p in e.atoms(sp.Pow)
             if p.exp.is_Rational and p.exp.q == 2 and (
                 p.base.free_symbols or (numbers and p.base.is_Rational and p.base > 0))}
    return sorted(found, key=lambda a: (sp.count_ops(a), sp.default_sort_key(a)))


def _circular(e: sp.Expr) -> bool:
    """Whether ``e`` holds ``\\sin w`` and ``\\cos w`` of one argument ``w`` (a claim
    ``_circle_form`` may settle once the numbers' roots, ``\\sqrt 2``, are squared away)."""
    trig = e.atoms(sp.sin, sp.cos)
    return len({f.args[0] for f in trig}) == 1 and {type(f) for f in trig} == {sp.sin, sp.cos}


def _algebraic(e: sp.Expr) -> bool:
    """Numbers, symbols, sums, products, rational powers and ``|u|`` only."""
    if e.is_Symbol or e.is_Number or e in (sp.pi, sp.E):
        return True
    if isinstance(e, (sp.Add, sp.Mul, *_FUNCTIONS)):
        return all(_algebraic(a) for a in e.args)
    if e.is_Pow:
        return e.exp.is_Rational and _algebraic(e.base)
    return False


def _split(s: sp.Expr, A: sp.Expr) -> tuple[sp.Expr, sp.Expr] | None:
    """``(a, b)`` with ``s = a + b \\sqrt{A}`` and ``a``, ``b`` free of ``\\sqrt{A}``
    (``A^{k/2} = A^{(k-1)/2} \\sqrt{A}``), or None when ``s`` is not a polynomial in it."""
    hidden, back = _hide(s)
    t = next((d for d, e in back.items() if e == sp.sqrt(A)), None)
    if t is None or not hidden.is_polynomial(t):
        return None
    parts = sp.collect(sp.expand(hidden), t, evaluate=False)
    a, b = sp.Integer(0), sp.Integer(0)
    for power, c in parts.items():
        if power != 1 and power.free_symbols != {t}:
            return None
        k = sp.degree(power, t) if power != 1 else 0
        if c.has(t):
            return None
        if k % 2 == 0:
            a += c * A ** (k // 2)
        else:
            b += c * A ** (k // 2)
    a, b = _reveal(a, back), _reveal(b, back)
    if b == 0:
        return None
    return a, b


def _known(slack: sp.Expr, rels: Sequence[sp.Basic]) -> set:
    """The conditions that hold wherever the slack is defined on the domain."""
    return set(definedness(slack)) | set(rels)


def _implied(c: sp.Basic, known: set) -> bool:
    """Whether the definedness condition ``c`` is one of ``known`` or follows from one at
    once (``A > 0`` gives ``A >= 0`` and ``A != 0``)."""
    if c is sp.true or c is True or c in known:
        return True
    if isinstance(c, sp.Ne):
        d = c.lhs - c.rhs
        return any(sp.Gt(e, 0) in known for e in (d, -d)) or sp.Lt(d, 0) in known
    if isinstance(c, sp.Ge):
        return sp.Gt(c.lhs, c.rhs) in known
    return False


def _as_slack(r: sp.Basic) -> tuple[sp.Expr, str] | None:
    if isinstance(r, (sp.Ge, sp.Gt)):
        return r.lhs - r.rhs, "gt" if isinstance(r, sp.Gt) else "ge"
    if isinstance(r, (sp.Le, sp.Lt)):
        return r.rhs - r.lhs, "gt" if isinstance(r, sp.Lt) else "ge"
    return None


def _rel(g: sp.Expr, strict: bool) -> sp.Basic:
    return sp.Gt(g, 0) if strict else sp.Ge(g, 0)


def _ge(strict: bool) -> str:
    return ">" if strict else r"\ge"


# ------------------------------------------------------------------------ the proof

class _Proof:
    def __init__(self, deadline: float):
        self.deadline = deadline

    def left(self) -> float:
        return self.deadline - clock.now()

    def need(self, step: Step) -> Step:
        if step.verdict != PROVED:
            raise _GiveUp
        return step

    def identity(self, lhs: sp.Expr, rhs: sp.Expr, claim: str) -> Step:
        if self.left() <= 0.05:
            raise _GiveUp
        try:
            with time_limit(min(3.0, max(0.1, self.left() / 3))):
                return self.need(certify_identity(lhs, rhs, claim))
        except StepTimeout:
            raise _GiveUp from None

    # -- the domain
    def domain(self, rels: Sequence[sp.Basic]) -> tuple[list[sp.Basic], list[Step]]:
        """The domain with each condition ``a + b \\sqrt{A} >= 0`` (``b`` a negative number)
        replaced by ``a >= 0``, ``a^2 - b^2 A >= 0`` (again while roots remain), and the
        identities used."""
        out: list[sp.Basic] = []
        premises: list[Step] = []
        todo = list(rels)
        while todo:
            r = todo.pop(0)
            form = _as_slack(r)
            if form is None or not _roots(r):
                out.append(r)
                continue
            g, kind = form
            done = False
            for A in _roots(g):
                parts = _split(g, A)
                if parts is None or not (parts[1].is_number and parts[1].is_negative):
                    continue
                a, b = parts
                premises.append(self.identity(g, a + b * sp.sqrt(A),
                                              f"{tex(g)} = {tex(a + b * sp.sqrt(A))}"))
                for h in (a, _expand(a ** 2 - b ** 2 * A)):
                    new = _rel(h, kind == "gt")
                    if new is sp.false:
                        raise _GiveUp  # (an empty domain: left to the engine)
                    if new is not sp.true and not (h.is_nonnegative and kind == "ge"):
                        todo.append(new)
                done = True
                break
            if not done:
                out.append(r)
        return out, premises

    # -- the slack
    def prove(self, s: sp.Expr, strict: bool, rels: list, known: set, claim: str,
              depth: int = 0, simple: bool = False) -> Step:
        """``s >= 0`` (``> 0``) on ``rels`` where ``s`` is defined, proved (or ``_GiveUp``):
        squared while it holds roots, then ``finish``."""
        if self.left() <= 0.1:
            raise _GiveUp
        for c in definedness(s):
            if not _implied(c, known):
                raise _GiveUp  # a claim not defined wherever the slack is
        roots = _roots(s) or (_roots(s, numbers=True) if _circular(s) else [])
        if not roots:
            return self.finish(s, strict, rels, claim)
        if simple:  # a side's sign: SymPy's structure (sums of roots), or the engine quickly
            step = certify_nonnegative(s, s, claim, strict, points=[])
            if step.verdict == PROVED:
                return step
            step = self.engine(s, strict, rels, claim, min(2.0, self.left() / 4))
            if step is not None:
                return step
        if len(roots) > MAX_ROOTS or depth > 2 * MAX_ROOTS:
            raise _GiveUp
        options = []
        for A in roots:
            parts = _split(s, A)
            if parts is not None:
                a, b = parts
                options.append((not b.is_number, sp.count_ops(b), -sp.count_ops(A), A, a, b))
        options.sort(key=lambda o: o[:3])
        for *_, A, a, b in options[:MAX_TRIES]:
            try:
                return self.square(s, strict, rels, known, claim, depth, A, a, b)
            except _GiveUp:
                if self.left() <= 0.1:
                    raise
        raise _GiveUp

    def sign(self, b: sp.Expr, rels: list, known: set, depth: int) -> tuple[int, Step]:
        """``(1, b >= 0)`` or ``(-1, -b >= 0)`` proved (or ``_GiveUp``)."""
        if not all(_implied(c, known) for c in definedness(b)):
            raise _GiveUp  # (b not defined wherever the slack is)
        if b.is_number:
            for k in (1, -1):
                step = certify_sign(k * b, f"{tex(k * b)} \\ge 0")
                if step.verdict == PROVED:
                    return k, step
            raise _GiveUp
        for k in (1, -1):
            step = certify_nonnegative(k * b, k * b, f"{tex(k * b)} \\ge 0", points=[])
            if step.verdict == PROVED:
                return k, step
        for k in (1, -1):
            try:
                return k, self.prove(k * b, False, rels, known, f"{tex(k * b)} \\ge 0",
                                     depth + 1, simple=True)
            except _GiveUp:
                if self.left() <= 0.1:
                    raise
        raise _GiveUp

    def square(self, s, strict, rels, known, claim, depth, A, a, b) -> Step:
        try:
            k, sign = self.sign(b, rels, known, depth)
        except _GiveUp:
            if b.is_number or _roots(b) or self.left() <= 0.2:
                raise
            # b of no proved sign (free of roots): the cases b >= 0 and b <= 0, each squared
            # its own way (*case split*; each case's sign is a condition of its domain)
            steps = []
            for cond in (sp.Ge(b, 0), sp.Le(b, 0)):
                if cond is sp.false:
                    continue
                part = [*rels, cond] if cond is not sp.true else list(rels)
                k, sign = self.sign(b, part, known | {cond}, depth)
                steps.append(self.squared(s, strict, part, known | {cond}, f"{claim} where "
                                          f"{tex(cond)}", depth, A, a, b, k, sign))
            return apply_rule("case split", steps, claim,
                              f"the cases {tex_math(b >= 0)} and {tex_math(b <= 0)}, each "
                              "squared")
        return self.squared(s, strict, rels, known, claim, depth, A, a, b, k, sign)

    def squared(self, s, strict, rels, known, claim, depth, A, a, b, k, sign) -> Step:
        root = sp.sqrt(A)
        same = self.identity(s, a + b * root, f"{tex(s)} = {tex(a + b * root)}")
        premises = [same, sign]
        if k > 0:  # s >= 0 where a >= 0; where a <= 0 square: b^2 A - a^2 >= 0
            new = _expand(b ** 2 * A - a ** 2)
            premises.append(self.identity(new, b ** 2 * A - a ** 2,
                                          f"{tex(new)} = {tex(b ** 2 * A - a ** 2)}"))
            where = sp.Le(a, 0)
            sub_rels = list(rels)
            if where is sp.false:  # a > 0 for every real value (SymPy's structure)
                positive = certify_nonnegative(a, a, f"{tex(a)} > 0", True, points=[])
                return apply_rule("squaring both sides", [*premises[:2], self.need(positive)],
                                  claim, f"{tex_math(s)} $= a + b\\sqrt{{{tex(A)}}}$ with "
                                  f"$b = {tex(b)} \\ge 0$ and $a = {tex(a)} > 0$")
            if where is not sp.true:
                extra, more = self.domain([where])
                sub_rels += extra
                premises += more
            what = (f"{tex(new)} {_ge(strict)} 0 \\text{{ where }} {tex(a)} \\le 0")
            premises.append(self.prove(new, strict, sub_rels, known | set(sub_rels), what,
                                       depth + 1))
            how = (f"{tex_math(s)} $= a + b\\sqrt{{{tex(A)}}}$ with $b = {tex(b)} \\ge 0$: "
                   f"where $a = {tex(a)} \\le 0$, squared: {tex_math(new)} ${_ge(strict)} 0$")
        else:  # a >= 0 and a^2 - b^2 A >= 0
            new = _expand(a ** 2 - b ** 2 * A)
            premises.append(self.identity(new, a ** 2 - b ** 2 * A,
                                          f"{tex(new)} = {tex(a ** 2 - b ** 2 * A)}"))
            premises.append(self.prove(a, False, rels, known, f"{tex(a)} \\ge 0", depth + 1,
                                       simple=True))
            what = f"{tex(new)} {_ge(strict)} 0"
            premises.append(self.prove(new, strict, rels, known, what, depth + 1))
            how = (f"{tex_math(s)} $= a + b\\sqrt{{{tex(A)}}}$ with $b = {tex(b)} \\le 0$ "
                   f"and $a = {tex(a)} \\ge 0$, squared: {tex_math(new)} ${_ge(strict)} 0$")
        return apply_rule("squaring both sides", premises, claim, how)

    # -- claims free of roots
    def finish(self, p: sp.Expr, strict: bool, rels: list, claim: str) -> Step:
        """``p >= 0`` (``> 0``) on ``rels``, ``p`` free of square roots: a certificate, a
        condition of the domain subtracted, affine in one variable, else the engine."""
        if not p.free_symbols:
            return self.need(certify_sign(p, claim, strict))
        cert = self.certificate(p, strict, claim)
        if cert is not None:
            return cert
        step = self.less_condition(p, strict, rels, claim)
        if step is not None:
            return step
        step = self.affine(p, strict, rels, claim)
        if step is not None:
            return step
        step = self.engine(p, strict, rels, claim, self.left())
        if step is None:
            raise _GiveUp
        return step

    def engine(self, p, strict, rels, claim, seconds) -> Step | None:
        """The whole engine on ``p >= 0`` (``> 0``) in ``seconds``: proved, or None."""
        from derive import realprove  # (realprove imports this module)

        if seconds <= 0.2:
            return None
        step = realprove.decide(p, strict, list(rels), claim, seconds=seconds)
        return step if step.verdict == PROVED else None

    def certificate(self, p: sp.Expr, strict: bool, claim: str) -> Step | None:
        """``p``'s sign for every real value from its factored form or, for a quadratic, a
        sum of squares (SymPy's structure decides the certificate's sign)."""
        polynomial = _polynomial(p)
        if not polynomial and not p.has(sp.sin, sp.cos):
            return None
        try:
            with time_limit(min(1.0, max(0.1, self.left() / 4))):
                found = (sp.factor(p), _squares(p)) if polynomial else (_circle_form(p),)
                for cert in found:
                    if cert is None:
                        continue
                    step = certify_nonnegative(p, cert, claim, strict, points=[])
                    if step.verdict == PROVED:
                        return step
        except StepTimeout:
            return None
        return None

    def less_condition(self, p, strict, rels, claim) -> Step | None:
        """``p = lam_1 g_1 + ... + lam_k g_k + rest`` with ``g_i >= 0`` conditions of the
        domain, ``lam_i >= 0`` rational (guessed: ``p / g`` when rational, else 1, else for
        quadratics where the quadratic form ``p - lam sum g_i`` is singular, the S-lemma's
        touching multipliers) and ``rest`` certified (*sum of inequalities*)."""
        from derive import realprove

        if not _polynomial(p):
            return None
        conds = []
        for r in rels:
            form = _as_slack(r)
            if form is not None and form[0].free_symbols and _polynomial(form[0]):
                conds.append((form[0], form[1], r))
        tried = set()
        for lams in _multipliers(p, [g for g, _, _ in conds]):
            key = tuple(lams)
            if key in tried or self.left() <= 0.2:
                continue
            tried.add(key)
            used = [(lam, c) for lam, c in zip(lams, conds) if lam != 0]
            rest = sp.expand(p - sum(lam * g for lam, (g, _, _) in used))
            rest_strict = strict and not any(kind == "gt" for _, (_, kind, _) in used)
            cert = self.certificate(rest, rest_strict, f"{tex(rest)} {_ge(rest_strict)} 0")
            if cert is None:
                continue
            premises = []
            for lam, (g, kind, r) in used:
                given = realprove.decide(lam * g, kind == "gt", list(rels),
                                         tex(_rel(lam * g, kind == "gt")),
                                         seconds=max(0.2, min(2.0, self.left() / 4)))
                if given.verdict != PROVED:
                    break
                premises.append(given)
            else:
                terms = " $+$ ".join(tex_math(lam * g) for lam, (g, _, _) in used)
                return apply_rule("sum of inequalities", [*premises, cert], claim,
                                  f"{tex_math(p)} $=$ {terms} $+$ {tex_math(rest)}, each "
                                  f"{'> 0' if strict and not rest_strict else '≥ 0'} on the "
                                  "domain")
        return None

    def affine(self, p, strict, rels, claim) -> Step | None:
        """A polynomial ``p = c_0 + c_1 (z - c)`` with ``z >= c`` (``z <= c``) the only
        condition on ``z``: ``c_1 >= 0`` (``<= 0``) and ``c_0 >= 0`` on the other
        conditions (*affine in one variable*)."""
        if not _polynomial(p):
            return None
        for z in sorted(p.free_symbols, key=lambda v: v.name):
            if sp.degree(p, z) != 1:
                continue
            mine = [r for r in rels if z in r.free_symbols]
            if len(mine) != 1:
                continue
            form = _as_slack(mine[0])
            if form is None or not form[0].is_polynomial(z) or sp.degree(form[0], z) != 1:
                continue
            g, _ = form
            if g.free_symbols != {z}:
                continue
            up, low = sp.Poly(g, z).all_coeffs()  # g = up z + low >= 0
            if not (up.is_Rational and low.is_Rational):
                continue
            c = -low / up
            direction = 1 if up > 0 else -1  # z >= c, or z <= c
            others = [r for r in rels if r is not mine[0]]
            c1 = sp.expand(direction * sp.diff(p, z))
            c0 = sp.expand(p.xreplace({z: c}))
            try:
                slope = self.finish(c1, False, others, f"{tex(c1)} \\ge 0")
                start = self.finish(c0, strict, others, f"{tex(c0)} {_ge(strict)} 0")
            except _GiveUp:
                if self.left() <= 0.1:
                    raise
                continue
            bound = sp.Ge(z, c) if direction > 0 else sp.Le(z, c)
            return apply_rule("affine in one variable", [slope, start], claim,
                              f"{tex_math(p)} is affine in ${tex(z)}$ with {tex_math(bound)}: "
                              "its slope and its value there are proved")
        return None


def _expand(e: sp.Expr) -> sp.Expr:
    """``e`` multiplied out as a polynomial in its variables, roots and other functions, the
    radicands and arguments left as they are (their definedness conditions stay those of
    the slack)."""
    hidden, back = _hide(e)
    return _reveal(sp.expand(hidden), back)


def _hide(e: sp.Expr, back: dict | None = None) -> tuple[sp.Expr, dict]:
    """``e`` with each root ``\\sqrt{A}`` a symbol (``A^{k/2} = A^{(k-1)/2} \\sqrt{A}``,
    the factor ``A^{(k-1)/2}`` hidden in turn) and each other function or power a symbol,
    and the map back."""
    back = {} if back is None else back
    seen = {v: d for d, v in back.items()}

    def atom(x: sp.Expr) -> sp.Expr:
        if x not in seen:
            d = sp.Dummy("r")
            seen[x], back[d] = d, x
        return seen[x]

    def walk(x: sp.Expr) -> sp.Expr:
        if x.is_Pow and x.base.is_Rational and x.base > 0 and x.exp.is_Rational and (
                x.exp.q == 2):  # a number's root (3 sqrt 2 = sqrt 18 is not taken apart)
            return x.base ** (x.exp - sp.Rational(1, 2)) * atom(sp.sqrt(x.base))
        if x.is_Symbol or x.is_Number or not x.free_symbols:
            return x
        if isinstance(x, (sp.Add, sp.Mul)):
            return x.func(*[walk(a) for a in x.args])
        if x.is_Pow and x.exp.is_Integer:
            return walk(x.base) ** x.exp
        if x.is_Pow and x.exp.is_Rational and x.exp.q == 2:
            return walk(x.base) ** (x.exp - sp.Rational(1, 2)) * atom(sp.sqrt(x.base))
        return atom(x)

    return walk(e), back


def _reveal(e: sp.Expr, back: dict) -> sp.Expr:
    """The hidden symbols of ``e`` replaced by what they stand for."""
    return e.xreplace(back)


def _polynomial(p: sp.Expr) -> bool:
    return p.is_polynomial(*p.free_symbols) and not p.has(sp.Float)


def _gram(p: sp.Expr, variables: Sequence[sp.Symbol]) -> sp.Matrix | None:
    """The symmetric rational ``M`` with ``p = v^T M v``, ``v = (1, x_1, ..., x_n)``, when
    ``p`` is a polynomial of degree at most 2 with rational coefficients (else None)."""
    poly = sp.Poly(p, *variables)
    if poly.total_degree() > 2 or not all(c.is_Rational for c in poly.coeffs()):
        return None
    n = len(variables)
    m = sp.zeros(n + 1, n + 1)
    for monom, c in poly.terms():
        idx = [i + 1 for i, e in enumerate(monom) for _ in range(e)] + [0, 0]
        i, j = idx[0], idx[1]
        if i == j:
            m[i, i] += c
        else:
            m[i, j] += c / 2
            m[j, i] += c / 2
    return m


def _squares(p: sp.Expr) -> sp.Expr | None:
    """A quadratic ``p`` as ``sum d_k (l_k . v)^2`` with ``d_k > 0`` (an exact ``L D L^T`` of
    its Gram matrix, every pivot ``>= 0``), or None when it is not such a sum."""
    variables = sorted(p.free_symbols, key=lambda v: v.name)
    if not variables:
        return None
    m = _gram(p, variables)
    if m is None:
        return None
    v = [sp.Integer(1), *variables]
    size = len(v)
    terms = []
    for k in range(size):
        d = m[k, k]
        if d < 0:
            return None
        if d == 0:
            if any(m[k, j] != 0 for j in range(k + 1, size)):
                return None
            continue
        row = [m[k, j] / d for j in range(size)]
        square = sp.Pow(sp.Add(*[row[j] * v[j] for j in range(k, size)]), 2, evaluate=False)
        terms.append(square if d == 1 else sp.Mul(d, square, evaluate=False))
        for i in range(k + 1, size):
            for j in range(k + 1, size):
                m[i, j] -= d * row[i] * row[j]
    return sp.Add(*terms, evaluate=False) if terms else sp.Integer(0)


def _multipliers(p: sp.Expr, gs: Sequence[sp.Expr]):
    """Candidate multipliers ``(lam_1, ..., lam_k)`` (nonnegative rationals) for ``p - sum
    lam_i g_i``: each condition alone by ``p / g`` when rational, else 1; for quadratics,
    the ``lam`` where ``det(M_p - lam M_g) = 0`` (touching) and between those (guesses:
    the certificate is exact), for each condition alone and for all with one ``lam``."""
    k = len(gs)

    def alone(i, lam):
        return tuple(lam if j == i else sp.Integer(0) for j in range(k))

    for i, g in enumerate(gs):
        ratio = sp.cancel(p / g)
        yield alone(i, ratio if ratio.is_Rational and ratio > 0 else sp.Integer(1))
    variables = sorted(set().union(p.free_symbols, *(g.free_symbols for g in gs)),
                       key=lambda v: v.name)
    mp = _gram(p, variables)
    grams = [_gram(g, variables) for g in gs]
    if mp is None:
        return
    lam = sp.Symbol("lam")
    groups = [[i] for i in range(k) if grams[i] is not None]
    if k > 1 and all(g is not None for g in grams):
        groups.append(list(range(k)))
    for group in groups:
        mg = sum((grams[i] for i in group), sp.zeros(*mp.shape))
        det = sp.Poly((mp - lam * mg).det(), lam)
        if det.degree() < 1:
            continue
        try:
            with time_limit(0.5):
                found = sorted(set(det.real_roots()), key=lambda r: r.evalf(20))
        except Exception:  # SymPy failing or too slow: no guesses
            continue
        # rational roots as they are, others rounded (guesses only)
        guesses = [r if r.is_Rational else sp.nsimplify(r.evalf(30), rational=True,
                                                        tolerance=1e-12) for r in found]
        guesses = [r for r in guesses if r >= 0]
        ends = [sp.Integer(0), *guesses, (guesses[-1] + 1 if guesses else sp.Integer(1))]
        guesses += [(a + b) / 2 for a, b in pairwise(ends)]
        for g in guesses:
            if g.is_Rational and g >= 0:
                yield tuple(g if j in group else sp.Integer(0) for j in range(k))


def _circle_form(p: sp.Expr) -> sp.Expr | None:
    """``p``, a polynomial in variables, ``\\sin w`` and ``\\cos w`` (one argument ``w``),
    with each term of degree ``d`` in them times ``(\\sin^2 w + \\cos^2 w)^{(D - d)/2}``
    (equal to 1) and factored: ``y^2 + z^2 - (y \\sin x + z \\cos x)^2 = (y \\cos x - z
    \\sin x)^2``. None when that does not apply (the kernel checks the form either way)."""
    args = {f.args[0] for f in p.atoms(sp.sin, sp.cos)}
    if len(args) != 1:
        return None
    (w,) = args
    s, c = sp.Dummy("s"), sp.Dummy("c")
    q = p.xreplace({sp.sin(w): s, sp.cos(w): c})
    if not q.is_polynomial(*q.free_symbols):
        return None
    terms = sp.Add.make_args(sp.expand(q))
    degrees = [sp.Poly(t, s, c).total_degree() for t in terms]
    top = max(degrees)
    if len({d % 2 for d in degrees}) != 1 or top == 0:
        return None
    even = sp.Add(*[t * (s**2 + c**2) ** ((top - d) // 2) for t, d in zip(terms, degrees)])
    return sp.factor(even).xreplace({s: sp.sin(w), c: sp.cos(w)})

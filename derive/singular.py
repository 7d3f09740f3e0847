r"""Slacks singular at an end of the domain (issue #11): reductions the box search cannot make.

A slack in one variable whose behaviour at an end of its domain (``0`` or ``+-oo``) is
singular in a way intervals cannot resolve (``x^x`` at 0, ``e^{1/\sqrt[3]{x - 1}}`` at 1,
``e^{-1/x^2}`` flat at 0, a touch of high order at ``+oo``) is moved, by trusted rules on
premises the whole engine (``derive.realprove``) decides, to a claim it can settle.
``singular(problem, claim, seconds)`` (one hook in ``realprove._decide``'s reductions) tries,
each only on the forms it fits (otherwise None at once):

* **logarithm of both sides** (rule *logarithm of both sides*): ``A - B`` with ``A``, ``B`` single
  products holding a power with a variable exponent, exponentials on both sides or roots
  (``x^x - x``, ``e - (1 + 1/x)^x``, ``2 e^{a(x)} - 2 e^{b(x)}``): ``A > 0``, ``B > 0``, ``ln A
  = A'``, ``ln B = B'`` (SymPy's identities, with the variable shifted to ``t = x - a >= 0``
  at a finite lower end ``a``: *change of variable*), ``A'``, ``B'`` defined wherever the slack
  is, and ``A' - B' >= 0`` (``> 0``);
* **a reciprocal end** (a touch of high order at ``+oo``): on ``x > a >= 0`` with the end
  ``+oo``, ``x = 1/u`` (*change of variable*); the moved slack ``g``, simplified (an identity)
  and defined on ``[0, 1/a)`` with ``g(0) >= 0``, is nondecreasing there because its
  derivative, over a common denominator (an identity), is ``>= 0`` (rule *monotone from an
  end*): ``ln(1 + 1/x) <= (12x^2 + 12x + 1)/(12x^3 + 18x^2 + 6x)``;
* **an even slack flat at 0** (``e^{-1/x^2} < 5 x^8``): the slack even (an identity, and
  defined at ``-x`` where it is at ``x``), so the part ``x < 0`` is the part ``x > 0``
  (*change of variable* ``x = -u``, *case split*); there ``x = u^{-1/k}`` for the power
  ``x^{-k}`` inside the exponentials (``e^{-u} < 5 / u^4``);
* **a removable point** ``x != c`` where a denominator's factor ``x - c`` vanishes: the cases
  ``x > c`` and ``x < c``, the slack times ``+-(x - c) > 0`` in each (``ln x/(x - 1) <=
  1/sqrt(x)``: ``(x - 1)/sqrt(x) - ln x >= 0`` on ``x > 1``);
* **roots** ``x^{p/q}`` on ``x >= 0``: ``x = u^q``;
* **poles at open ends where both sides blow up** (``artanh x <= x/(1 - x^2)`` at 1): next
  to each end where the slack has no finite enclosure, a piece from a rational cut ``c`` on
  which the slack is *monotone from an end* (defined, derivative ``>= 0`` towards the end,
  value at ``c`` ``>= 0``; ``|u|`` by its proved sign there, *equal functions*; the piece is
  an interval of the box, the domain's other conditions such as ``x != a`` left out), the
  rest between the cuts decided by the whole engine (*case split*).

In several variables only the first applies. Every moved claim and premise is decided by the
whole engine (so the methods nest, to depth ``MAX_NEST``); floats never decide. A premise
that is not proved makes the method give up (None): it never refutes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sympy as sp

from derive import clock
from derive.guard import Nesting
from derive.latex import tex
from derive.proof import (
    CONSTRAINT_RELATIONS,
    PROVED,
    UNKNOWN,
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

MAX_NEST = 2  # methods of this module inside the claims of this module
MAX_OPS = 120  # larger slacks are left to the other methods
MAX_ROOT = 12  # x = u^q for roots x^{p/q} of the variable with q up to this
_ACTIVE = Nesting()
_REL = CONSTRAINT_RELATIONS


class _GiveUp(Exception):
    """A premise was not proved, a form does not fit, or time ran out."""


def singular(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    """A proved step for ``problem`` by one of the methods of the module docstring, or
    None."""
    if len(_ACTIVE) >= MAX_NEST or sp.count_ops(problem.slack) > MAX_OPS:
        return None
    methods = (_log_sides, _reciprocal_end, _even_flat, _removable, _root_power, _pole_ends)
    if len(problem.variables) != 1:
        methods = methods[:1]  # (several variables: the logarithm of both sides only)
    with _ACTIVE.enter():
        return first_proved(methods, problem, claim, clock.now() + seconds)


def first_proved(methods, problem: BoxProblem, claim: str, deadline: float,
                 least: float = 0.5) -> Step | None:
    """The first proved step of ``methods`` (each ``method(problem, claim, deadline)``; one
    that gives up, ``_GiveUp``, is passed over), none started with less than ``least``
    seconds left; else None."""
    for method in methods:
        if deadline - clock.now() < least:
            return None
        try:
            got = method(problem, claim, deadline)
        except _GiveUp:
            continue
        if got is not None and got.verdict == PROVED:
            return got
    return None


# ------------------------------------------------------------------------ helpers

@contextmanager
def _limit(seconds: float) -> Iterator[None]:
    """SymPy's rewriting for at most ``seconds``, else the method gives up."""
    try:
        with time_limit(seconds):
            yield
    except StepTimeout:
        raise _GiveUp from None


def _rels(problem: BoxProblem) -> list[sp.Basic]:
    return [_REL[k](g, 0) for g, k in problem.constraints]


class _Proof:
    """The premises of one method, each decided by the whole engine before ``deadline``."""

    def __init__(self, deadline: float):
        self.deadline = deadline
        self.premises: list[Step] = []

    def left(self) -> float:
        return self.deadline - clock.now()

    def need(self, step: Step) -> Step:
        if step.verdict != PROVED:
            raise _GiveUp
        self.premises.append(step)
        return step

    def holds(self, expr: sp.Expr, strict: bool, rels, what: str, share: float) -> Step:
        from derive import realprove  # the engine decides the premises

        left = self.left()
        if left <= 0.2:
            raise _GiveUp
        expr = _real(expr)
        if not expr.free_symbols:
            return self.need(certify_sign(expr, what, strict))
        return self.need(realprove.decide(expr, strict, list(rels), what,
                                          seconds=max(0.2, share * left)))

    def positive(self, expr: sp.Expr, rels) -> Step:
        """``expr > 0`` from its structure (SymPy's assumptions: ``x^x`` with ``x > 0``), else
        by the engine."""
        what = f"{tex(expr)} > 0"
        try:
            with time_limit(min(1.0, max(self.left() / 4, 0.1))):
                step = certify_nonnegative(expr, expr, what, strict=True, domain=list(rels))
        except StepTimeout:
            step = None
        if step is not None and step.verdict == PROVED:
            return self.need(step)
        if expr.is_Pow and expr.exp.free_symbols and not expr.base.is_Symbol and _one(
                expr, rels):
            return self.need(self._power_positive(expr, rels, what))
        return self.holds(expr, True, rels, what, 0.15)

    def _power_positive(self, expr: sp.Expr, rels, what: str) -> Step:
        r"""``b^e > 0`` for a base ``b`` the engine shows ``> 0`` (``\sin(x)^{\sin x}``,
        whose enclosures near ``b = 0`` are lost): ``t^{e} > 0`` for every ``t > 0`` (SymPy's
        assumptions, ``b`` replaced by ``t`` everywhere) and ``b`` in ``t > 0`` (rule
        *substitution instance*)."""
        t = sp.Dummy("t", positive=True)
        shape = expr.xreplace({expr.base: t})
        if shape.has(expr.base):
            raise _GiveUp
        shown = tex(shape.xreplace({t: sp.Symbol("t")}))
        lemma = certify_nonnegative(shape, shape, f"{shown} > 0 \text{{ for every }} t > 0",
                                    strict=True)
        if lemma.verdict != PROVED:
            raise _GiveUp
        base = self.holds(expr.base, True, rels, f"{tex(expr.base)} > 0", 0.15)
        return apply_rule("substitution instance", [lemma, base], what,
                          f"${shown} > 0$ for every $t > 0$, and $t = {tex(expr.base)} > 0$")

    def identity(self, lhs: sp.Expr, rhs: sp.Expr, rels, what: str) -> Step:
        left = self.left()
        if left <= 0.2:
            raise _GiveUp
        try:
            with time_limit(min(3.0, left / 3)):
                step = certify_identity(lhs, rhs, what, domain=list(rels))
                if step.verdict != PROVED and _one(lhs + rhs, rels):
                    step = self._identity_in_bases(lhs, rhs, rels, what)
                return self.need(step)
        except StepTimeout:
            raise _GiveUp from None

    def _identity_in_bases(self, lhs: sp.Expr, rhs: sp.Expr, rels, what: str) -> Step:
        r"""``lhs = rhs`` from the identity with each base ``b`` of a power with a variable
        exponent (not a symbol: ``\sin x`` in ``\ln(\sin(x)^{\sin x}) = \sin x \ln \sin
        x``) replaced by a ``t > 0`` (SymPy's rules for ``t > 0``), each ``b > 0`` proved
        (rule *substitution instance*); an unproved step otherwise."""
        bases = {p.base for p in (lhs + rhs).atoms(sp.Pow) if p.exp.free_symbols
                 and p.base.free_symbols and not p.base.is_Symbol}
        if not bases or len(bases) > 2:
            return Step(what, "identity", UNKNOWN, "no base to replace")
        ts = {b: sp.Dummy("t", positive=True) for b in bases}
        general = [e.xreplace(ts) for e in (lhs, rhs)]
        if any(general[0].has(b) or general[1].has(b) for b in bases):
            return Step(what, "identity", UNKNOWN, "a base left after the replacement")
        shown = {t: sp.Symbol(f"t_{k + 1}") for k, t in enumerate(ts.values())}
        lemma = certify_identity(*general, f"{tex(general[0].xreplace(shown))} = "
                                 f"{tex(general[1].xreplace(shown))} \text{{ for }} t_k > 0")
        if lemma.verdict != PROVED:
            return lemma
        signs = [self.positive(b, rels) for b in bases]
        return apply_rule("substitution instance", [lemma, *signs], what,
                          "the identity for positive $t_k$, at $" + ", ".join(
                              f"{tex(t.xreplace(shown))} = {tex(b)}" for b, t in ts.items())
                          + "$ (each $> 0$)")

    def defined(self, exprs, rels, where: str) -> None:
        """Every condition of ``definedness`` of ``exprs`` holds where ``rels`` hold (each
        a premise; ``b != 0`` as ``b > 0``, ``b < 0`` or ``b^2 > 0``)."""
        seen: set = set()
        for e in exprs:
            for c in definedness(e):
                if c in seen or c is sp.true:
                    continue
                seen.add(c)
                if c is sp.false:
                    raise _GiveUp
                what = f"{tex(c)} \\text{{ {where}}}"
                if isinstance(c, sp.Ne):
                    b = c.lhs - c.rhs
                    for side in (b, -b, b**2):
                        try:
                            self.holds(side, True, rels, what, 0.15)
                            break
                        except _GiveUp:
                            continue
                    else:
                        raise _GiveUp
                    continue
                if isinstance(c, (sp.Gt, sp.Ge)):
                    expr = c.lhs - c.rhs
                elif isinstance(c, (sp.Lt, sp.Le)):
                    expr = c.rhs - c.lhs
                else:
                    raise _GiveUp
                self.holds(expr, isinstance(c, (sp.Gt, sp.Lt)), rels, what, 0.15)


def _one(expr: sp.Expr, rels) -> bool:
    """Whether ``expr`` and ``rels`` have one variable: the bases of powers are replaced by
    ``t > 0`` only there (in several, the claims this lets through took the time of other
    methods: the ordered pair's ``(1 + 1/x)^x < (1 + 1/y)^y``)."""
    return len(set().union(expr.free_symbols, *(r.free_symbols for r in rels))) == 1


def _real(e: sp.Expr) -> sp.Expr:
    """``e`` with its variables real symbols of the same names (as the engine reads it)."""
    return e.xreplace({s: sp.Symbol(s.name, real=True) for s in e.free_symbols})


def _shift(problem: BoxProblem):
    """``(t, x -> a + t, rels in t)``: the variable moved to ``t = x - a >= 0`` (``> 0``
    at an open end) at a finite lower end ``a`` of the box (``t`` positive or nonnegative,
    so SymPy's ``|t|``, ``sign t``, ``ln`` rules apply), else the variable itself."""
    rels = _rels(problem)
    if len(problem.variables) != 1 or problem.bounds[0][0] is None:
        return None, None, rels
    (x,) = problem.variables
    lo = problem.bounds[0][0]
    opened = (0, "lo") in problem.opens
    t = sp.Symbol(x.name, positive=True) if opened else sp.Symbol(x.name, nonnegative=True)
    move = {x: lo + t}
    u = sp.Symbol(x.name, real=True)  # the relations keep a real variable (SymPy would
    # decide t > 0 true and drop it)
    moved = [r.xreplace({x: lo + u}) for r in rels] + [u > 0 if opened else u >= 0]
    if any(r is sp.false for r in moved):
        raise _GiveUp
    return t, move, [r for r in moved if r is not sp.true]


# ------------------------------------------------------------------------ ln of both sides

def _weight(e: sp.Expr) -> int:
    """Powers with a variable exponent, exponentials of variables, roots of variables:
    what the logarithm takes apart."""
    n = 0
    for p in e.atoms(sp.Pow, sp.exp):
        if isinstance(p, sp.exp):
            n += bool(p.args[0].free_symbols)
        elif p.exp.free_symbols or (p.base.free_symbols and not p.exp.is_integer):
            n += 1
    return n


def _takes_apart(a: sp.Expr, b: sp.Expr) -> bool:
    """Whether the logarithm is worth taking: a power with a variable exponent (``x^x``), an
    exponential on each side or of a non-polynomial (``e^{-1/x^2}``), roots of a linear
    function on each side (``(x - 1)^{-1/3}``, ``x^{-1/3}``); not ``e^x`` against a rational
    function, nor the root of a polynomial (the engine's forms)."""
    def exps(e):
        return [f for f in e.atoms(sp.exp) if f.args[0].free_symbols]

    def roots(e):
        return [p for p in e.atoms(sp.Pow) if p.base.free_symbols and not p.exp.is_integer
                and p.base.is_polynomial() and sp.Poly(p.base).total_degree() == 1]

    if any(p.exp.free_symbols or (p.base.free_symbols and p.exp.is_number
                                  and not p.exp.is_Rational) for p in (a + b).atoms(sp.Pow)):
        return True  # (a variable exponent, or an irrational one: x^e)
    if (exps(a) and exps(b)) or (roots(a) and roots(b)):
        return True
    return any(not f.args[0].is_polynomial() for f in exps(a) + exps(b))


def _sides(slack: sp.Expr) -> tuple[sp.Expr, sp.Expr] | None:
    """``(A, B)`` with ``slack = A - B``, each one product, or None."""
    pos, neg = [], []
    for term in sp.Add.make_args(slack):
        (pos if term.as_coeff_Mul()[0] > 0 else neg).append(term)
    if len(pos) != 1 or len(neg) != 1:
        return None
    return pos[0], -neg[0]


def _log_sides(problem: BoxProblem, claim: str, deadline: float) -> Step | None:
    if _sides(problem.slack) is None:
        return None
    _, move, rels = _shift(problem)
    slack = problem.slack.xreplace(move) if move else problem.slack
    sides = _sides(slack)
    if sides is None:
        return None
    a, b = sides
    if a.has(sp.log) or b.has(sp.log) or not _takes_apart(a, b):
        return None  # (a logarithm of a logarithm is no simpler)
    with _limit(1.0):
        la = sp.expand_log(sp.log(a), force=True)
        lb = sp.expand_log(sp.log(b), force=True)
    if _weight(la) + _weight(lb) >= _weight(a) + _weight(b):
        return None
    proof = _Proof(deadline)
    proof.positive(a, rels)
    proof.positive(b, rels)
    proof.identity(sp.log(a), la, rels, f"\\ln({tex(a)}) = {tex(la)}")
    proof.identity(sp.log(b), lb, rels, f"\\ln({tex(b)}) = {tex(lb)}")
    proof.defined([la, lb], rels + definedness(slack), "where the slack is defined")
    moved = la - lb
    rel = ">" if problem.strict else "\\ge"
    proof.holds(moved, problem.strict, rels, f"{tex(la)} {rel} {tex(lb)}", 0.9)
    plain = not move or move[problem.variables[0]].as_coeff_Add()[0] == 0
    step = apply_rule("logarithm of both sides", proof.premises,
                      claim if plain else f"{tex(a)} {rel} {tex(b)}",
                      f"both sides are $> 0$ and $\\ln$ is increasing: ${tex(la)} {rel} "
                      f"{tex(lb)}$, proved")
    if plain:  # (at most the variable's sign taken as an assumption)
        return step
    return _shifted(problem, move, step, claim)


def _shifted(problem: BoxProblem, move: dict, step: Step, claim: str) -> Step:
    """``claim`` from ``step`` about the slack at ``x = a + t`` (``t`` named ``x``)."""
    (x,) = problem.variables
    a = move[x].as_coeff_Add()[0]
    return apply_rule("change of variable", [step], claim,
                      f"${tex(x)} = {tex(a)} + t$ ($t$ named ${tex(x)}$) maps $t \\ge 0$ onto "
                      f"the domain's box; there {step.reason}")


# ------------------------------------------------------------------------ even, flat at 0

def _inner_power(slack: sp.Expr, x: sp.Symbol) -> sp.Rational | None:
    """``k`` when every power of ``x`` with a negative exponent inside an exponential is
    ``x^{-k}`` (one ``k``), else None."""
    ks = set()
    for f in slack.atoms(sp.exp):
        for p in f.args[0].atoms(sp.Pow):
            if p.base == x and p.exp.is_Rational and p.exp < 0:
                ks.add(-p.exp)
    return ks.pop() if len(ks) == 1 else None


def _even_flat(problem: BoxProblem, claim: str, deadline: float) -> Step | None:
    (x,) = problem.variables
    k = _inner_power(problem.slack, x)
    if k is None:
        return None
    lo, hi = problem.bounds[0]
    rels = _rels(problem)
    proof = _Proof(deadline)
    if lo is not None and lo >= 0:
        even = None
    elif k.is_integer and lo is None and hi is None:
        mirror = {x: -x}
        cons = {(sp.expand(g), kind) for g, kind in problem.constraints}
        flipped = {(sp.expand(g.xreplace(mirror)), kind) for g, kind in problem.constraints}
        if flipped != cons and not all((g, kind) in cons or (kind == "ne" and (-g, kind) in cons)
                                       for g, kind in flipped):
            return None
        even = proof.identity(problem.slack.xreplace(mirror), problem.slack, rels,
                              f"the slack is even in {tex(x)}")
        proof.defined([problem.slack.xreplace(mirror)], rels + definedness(problem.slack),
                      "at -x where the slack is defined at x")
        mirrored = list(proof.premises)  # (the premises of the case x < 0 below)
        proof.premises.clear()
    else:
        return None
    # x > 0 (the slack has no value at 0): u = x^{-k}, x = u^{-1/k} maps u > 0 onto x > 0
    u = sp.Symbol(x.name, positive=True)
    ur = sp.Symbol(x.name, real=True)
    phi = u ** (-1 / k)
    moved = problem.slack.xreplace({x: phi})
    if moved.has(sp.zoo, sp.nan) or not moved.free_symbols:
        raise _GiveUp
    part = [r.xreplace({x: phi}) for r in rels + [x > 0]]
    if any(r is sp.false for r in part):
        raise _GiveUp
    part = [_real(r) for r in part if r is not sp.true] + [ur > 0]
    rel = ">" if problem.strict else "\\ge"
    proof.holds(moved, problem.strict, part, f"{tex(moved)} {rel} 0", 0.9)
    where = f"{claim} \\text{{ where }} {tex(x)} > 0"
    show = {u: sp.Symbol("u", positive=True)}
    positive = apply_rule("change of variable", proof.premises, where if even else claim,
                          f"${tex(x)} = {tex(phi.xreplace(show))}$ maps $u > 0$ onto "
                          f"${tex(x)} > 0$ (the slack has no value at 0); there "
                          f"${tex(moved.xreplace(show))} {rel} 0$")
    if even is None:
        return positive
    negative = apply_rule("change of variable", [positive, *mirrored],
                          f"{claim} \\text{{ where }} {tex(x)} < 0",
                          f"${tex(x)} = -u$ maps $u > 0$ onto ${tex(x)} < 0$, where the slack "
                          "is the same function (it is even)")
    return apply_rule("case split", [positive, negative], claim,
                      f"the cases ${tex(x)} > 0$ and ${tex(x)} < 0$ (the slack is even and has "
                      f"no value at 0); {positive.reason}")


# ------------------------------------------------------------------------ reciprocal end

def _cancelled(e: sp.Expr, u: sp.Symbol) -> sp.Expr:
    """``e`` with its rational terms, the rational arguments of its functions and the
    rational bases of its roots each over a common denominator, cancelled (``(12/u^2 +
    1)/(6/u)`` is ``(12 + u^2)/(6 u)``, ``\\sqrt{1/u^2 + 1/u}`` is ``\\sqrt{u + 1}/u`` for
    ``u > 0``)."""
    def tidy(f):
        return sp.cancel(sp.together(f)) if f.is_rational_function(u) else f
    e = e.replace(lambda f: isinstance(f, sp.Function) and len(f.args) == 1,
                  lambda f: f.func(tidy(f.args[0])))
    e = e.replace(lambda f: isinstance(f, sp.Pow) and not f.exp.is_integer,
                  lambda f: sp.factor(tidy(f.base)) ** f.exp)
    return sp.Add(*[tidy(term) for term in sp.Add.make_args(e)])


def _reciprocal_end(problem: BoxProblem, claim: str, deadline: float) -> Step | None:
    (x,) = problem.variables
    lo, hi = problem.bounds[0]
    if (hi is not None or lo is None or lo < 0 or not problem.slack.atoms(sp.Function)
            or (lo == 0 and (0, "lo") not in problem.opens)):
        return None  # (x = 1/u misses x = 0: the domain must exclude it)
    u = sp.Symbol(x.name, positive=True)
    ur = sp.Symbol(x.name, real=True)
    with _limit(min(2.0, max(0.1, (deadline - clock.now()) / 4))):
        moved = problem.slack.xreplace({x: 1 / u})
        g = _cancelled(moved, u)
        if g.has(sp.zoo, sp.nan) or not g.free_symbols:
            raise _GiveUp
        at0 = g.xreplace({u: 0})
        if at0.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or at0.free_symbols:
            return None  # no value at u = 0: not this method's form
        from derive.reduce import smooth  # (reduce imports realprove, which imports this)

        if not smooth(g):
            return None  # the rule needs g differentiable inside: no |.|, steps, max
        slope = sp.diff(g, u)
        form = sp.factor(sp.together(slope))
    if sp.count_ops(form) > MAX_OPS:
        return None
    # the interval [0, U) of u (U = 1/lo, or +oo at lo = 0), closed at U if lo is in the box
    whole = [ur >= 0] if lo == 0 else [ur >= 0, ur < 1 / lo if (0, "lo") in problem.opens
                                         else ur <= 1 / lo]
    inside = [ur > 0] + whole[1:]
    proof = _Proof(deadline)
    strict = problem.strict
    proof.identity(moved, g, inside, f"{tex(moved)} = {tex(g)}")
    proof.defined([g], whole, "on the closed interval")
    zero = certify_sign(at0, f"{tex(g)} \\ge 0 \\text{{ at }} u = 0", strict=False)
    proof.need(zero)
    proof.identity(slope, form, inside, f"{tex(slope)} = {tex(form)}")
    slope_strict = strict and certify_sign(at0, "", strict=True).verdict != PROVED
    rel = ">" if slope_strict else "\\ge"
    proof.holds(form, slope_strict, inside, f"{tex(form)} {rel} 0", 0.9)
    show = {u: sp.Symbol("u", positive=True), ur: sp.Symbol("u", real=True)}
    shown = ", ".join(tex(r.xreplace(show)) for r in whole)
    goal = ">" if strict else "\\ge"
    within = ", ".join(tex(r.xreplace(show)) for r in inside)
    end = apply_rule("monotone from an end", proof.premises,
                     f"{tex(g.xreplace(show))} {goal} 0 \\text{{ where }} {within}",
                     f"${tex(g.xreplace(show))}$ is defined on ${shown}$, ${tex(at0)}$ at "
                     f"$u = 0$, and its derivative ${tex(form.xreplace(show))} {rel} 0$")
    return apply_rule("change of variable", [end], claim,
                      f"${tex(x)} = 1/u$ maps $u > 0$ onto ${tex(x)} > 0$; there "
                      f"{end.reason}")


# ------------------------------------------------------------------------ removable point

def _removable(problem: BoxProblem, claim: str, deadline: float) -> Step | None:
    """A point ``c`` the domain excludes (``x != c``) where the factor ``x - c`` of a
    denominator vanishes (``ln x / (x - 1)``): the cases ``x > c`` and ``x < c`` (*case
    split*), each with the slack times ``+-(x - c) > 0`` (*change of variable*: a function
    times a factor > 0 has its sign), decided by the whole engine."""
    (x,) = problem.variables
    lo, hi = problem.bounds[0]
    rels = _rels(problem)
    for g, kind in problem.constraints:
        if kind != "ne" or not g.is_polynomial(x) or sp.degree(g, x) != 1:
            continue
        a, b = sp.Poly(g, x).all_coeffs()
        c = -b / a
        if not c.is_Rational or (lo is not None and c <= lo) or (hi is not None and c >= hi):
            continue
        with _limit(min(1.0, max(0.1, (deadline - clock.now()) / 4))):
            own = problem.slack.xreplace({x: c})
        if not own.has(sp.zoo, sp.nan):
            continue  # the slack has a value at c (SymPy's 0/0 is nan): no singularity
        with _limit(min(1.0, max(0.1, (deadline - clock.now()) / 4))):
            # term by term: (x - 1) ln x / (x - 1) is ln x as SymPy multiplies
            part = sp.Add(*[(x - c) * term for term in sp.Add.make_args(problem.slack)])
            parts = [(1, part), (-1, -part)]
            at_c = parts[0][1].xreplace({x: c})
        if at_c.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or sp.count_ops(parts[0][1]) > MAX_OPS:
            continue  # still no value at c: not a removable point of this form
        proof = _Proof(deadline)
        steps = []
        for k, (sign, part) in enumerate(parts):
            side = x > c if sign > 0 else x < c
            where = rels + [side]
            factor = sign * (x - c)
            rel = ">" if problem.strict else "\\ge"
            done = len(proof.premises)
            proof.identity(factor * problem.slack, part, where,
                           f"{tex(factor)} \\cdot ({tex(problem.slack)}) = {tex(part)}")
            proof.defined([part], where + definedness(problem.slack),
                          "where the slack is defined")
            proof.holds(part, problem.strict, where, f"{tex(part)} {rel} 0",
                        0.45 if k == 0 else 0.9)
            steps.append(apply_rule("change of variable", proof.premises[done:],
                                    f"{claim} \\text{{ where }} {tex(side)}",
                                    f"there the slack times ${tex(factor)} > 0$ is "
                                    f"${tex(part)} {rel} 0$"))
        return apply_rule("case split", steps, claim,
                          f"the cases ${tex(x > c)}$ and ${tex(x < c)}$ ({tex(x)} = {tex(c)} is "
                          f"excluded), each with the slack times ${tex(x - c)}$ or "
                          f"${tex(c - x)}$: {'; '.join(st.reason for st in steps)}")
    return None


# ------------------------------------------------------------------------ roots of x

def _root_power(problem: BoxProblem, claim: str, deadline: float) -> Step | None:
    """Roots of the variable (``x^{p/q}``) on ``x >= 0``: ``x = u^q`` maps ``u >= 0`` onto
    ``x >= 0`` (``u > 0`` onto ``x > 0``; *change of variable*), the moved slack decided by
    the whole engine."""
    (x,) = problem.variables
    lo = problem.bounds[0][0]
    if lo is None or lo < 0:
        return None
    q = 1
    for p in problem.slack.atoms(sp.Pow):
        if p.base == x and p.exp.is_Rational and not p.exp.is_integer:
            q = sp.ilcm(q, p.exp.q)
    if q == 1 or q > MAX_ROOT:
        return None  # (x = u^500 for x^{2718/1000}: SymPy's rewriting of u^1359 runs long)
    pos = lo > 0 or (0, "lo") in problem.opens  # x = 0 is not in the domain
    u = sp.Symbol(x.name, positive=True) if pos else sp.Symbol(x.name, nonnegative=True)
    ur = sp.Symbol(x.name, real=True)
    moved = problem.slack.xreplace({x: u**q})
    part = [r.xreplace({x: u**q}) for r in _rels(problem)]
    if any(r is sp.false for r in part) or moved.has(sp.zoo, sp.nan):
        raise _GiveUp
    part = [_real(r) for r in part if r is not sp.true] + [ur > 0 if pos else ur >= 0]
    for end, side in zip(problem.bounds[0], ("lo", "hi")):  # rational ends of u's box
        root = sp.root(end, q) if end is not None else None
        if root is not None and root.is_Rational:
            part.append(((ur > root) if side == "lo" else (ur < root))
                        if (0, side) in problem.opens
                        else ((ur >= root) if side == "lo" else (ur <= root)))
    proof = _Proof(deadline)
    rel = ">" if problem.strict else "\\ge"
    show = {u: sp.Symbol("u", positive=True)}
    gt = ">" if pos else "\\ge"
    proof.holds(moved, problem.strict, part, f"{tex(moved.xreplace(show))} {rel} 0", 0.9)
    return apply_rule("change of variable", proof.premises, claim,
                      f"${tex(x)} = u^{{{q}}}$ maps $u {gt} 0$ onto ${tex(x)} {gt} 0$; there "
                      f"${tex(moved.xreplace(show))} {rel} 0$")


# ------------------------------------------------------------------------ poles at the ends

POLE_STEPS = 24  # cuts tried towards a pole: end -+ span / 2^k, k = 1, ..., POLE_STEPS
POLE_PROBES = 12  # points of each piece where the slope's sign is looked at (to pick a cut)


def _value(expr: sp.Expr, x: sp.Symbol, point: sp.Rational):
    """A rigorous enclosure of ``expr`` at ``point`` (None: undefined, not enclosable)."""
    from derive import intervals
    from derive.proof import box_env

    try:
        return intervals.compile_expr(expr, (x,))(box_env([(point, point)]), defined=True)
    except (intervals.NotEnclosable, ZeroDivisionError, ValueError):
        return None


def _unbounded_near(problem: BoxProblem, side: str) -> bool:
    """Whether the slack has no finite enclosure next to the open end ``side`` of its box
    (a pole there, or an end where intervals lose track)."""
    from derive import intervals
    from derive.proof import box_enclosure

    lo, hi = problem.bounds[0]
    end = lo if side == "lo" else hi
    if end is None or (0, side) not in problem.opens:
        return False
    span = (hi - lo) if lo is not None and hi is not None else sp.Integer(1)
    w = span / 2**20
    near = ((end, end + w),) if side == "lo" else ((end - w, end),)
    try:
        e = box_enclosure(problem, (), near, False)
    except intervals.NotEnclosable:
        return True
    return e is not None and not e.is_finite()


def _pole_cut(slope: sp.Expr, x: sp.Symbol, side: str, lo, hi, other) -> sp.Rational | None:
    """A rational cut ``c`` such that ``slope`` (the slack's derivative times ``+-1``) looks
    ``>= 0`` between ``c`` and the end ``side`` (intervals at sample points: a choice, the
    proof comes after), as far from the end as the samples allow (not past ``other``, the
    other piece's cut)."""
    end = hi if side == "hi" else lo
    far = other if other is not None else (lo if side == "hi" else hi)
    span = abs(end - far) if far is not None else sp.Integer(1)
    for k in range(1, POLE_STEPS + 1):
        c = end - span / 2**k if side == "hi" else end + span / 2**k
        probes = [c + (end - c) * sp.Rational(j, POLE_PROBES) for j in range(POLE_PROBES)]
        values = [_value(slope, x, p) for p in probes]
        if all(v is not None and v.hi >= 0 for v in values):
            return c
    return None


def _box(problem: BoxProblem) -> list[sp.Basic]:
    """The interval of the one variable's box (it holds the domain): its bounds only."""
    (x,) = problem.variables
    lo, hi = problem.bounds[0]
    out = []
    if lo is not None:
        out.append(x > lo if (0, "lo") in problem.opens else x >= lo)
    if hi is not None:
        out.append(x < hi if (0, "hi") in problem.opens else x <= hi)
    return out


def _unabs_on(proof: _Proof, slack: sp.Expr, rels, share: float):
    """The slack with each ``|u|`` written ``u`` or ``-u`` by its sign where ``rels`` hold
    (each sign a premise proved by the engine), innermost first."""
    while slack.has(sp.Abs):
        m = next(a for a in slack.atoms(sp.Abs) if not a.args[0].has(sp.Abs))
        u = m.args[0]
        for v in (u, -u):
            try:
                proof.holds(v, False, rels, f"{tex(v)} \\ge 0", share)
            except _GiveUp:
                continue
            slack = slack.xreplace({m: v})
            break
        else:
            raise _GiveUp
    return slack


def _pole_ends(problem: BoxProblem, claim: str, deadline: float) -> Step | None:
    """Poles at open ends where both sides blow up (``artanh x <= x/(1 - x^2)`` at 1,
    ``|x - artanh x| <= ((1 + x)^3 + (1 - x)^3)/(6 (1 - x^2)^3)`` at -1 and 1): next to each
    end ``b`` where the slack has no finite enclosure, a piece between a cut ``c`` and ``b``
    where the slack (``|u|`` resolved by the signs of ``u`` there: *equal functions*) moves
    towards ``b`` away from its value at ``c``: it is defined on the piece, its derivative is
    ``>= 0`` (``<= 0`` at a lower end) inside, and its value at ``c`` is ``>= 0`` (``> 0``)
    (rule *monotone from an end*); the rest of the domain, between the cuts, is decided by
    the whole engine (*case split*). Which way the slack grows at ``b`` is thus never
    assumed: the derivative's sign on the whole piece, proved, says it."""
    (x,) = problem.variables
    lo, hi = problem.bounds[0]
    ends = [s for s in ("lo", "hi") if _unbounded_near(problem, s)]
    if not ends:
        return None
    from derive.reduce import smooth  # (reduce imports realprove, which imports this)

    rels = _rels(problem)
    rel = ">" if problem.strict else "\\ge"
    proof = _Proof(deadline)
    cuts: dict[str, sp.Rational] = {}
    pieces: list[Step] = []
    for side in ends:
        with _limit(min(2.0, max(0.1, proof.left() / 4))):
            # the slope on the piece, |u| resolved by the sign u has near the end (guessed
            # at one point here; proved on the piece below)
            probe = hi - (hi - (lo if lo is not None else hi - 1)) / 2**12 if side == "hi" \
                else lo + ((hi if hi is not None else lo + 1) - lo) / 2**12
            guess = problem.slack
            while guess.has(sp.Abs):
                m = next(a for a in guess.atoms(sp.Abs) if not a.args[0].has(sp.Abs))
                v = _value(m.args[0], x, probe)
                if v is None:
                    return None
                guess = guess.xreplace({m: m.args[0] if v.lo >= 0 else -m.args[0]})
            if not smooth(guess):
                return None
            d = 1 if side == "hi" else -1  # the slack grows towards the end: d * g' >= 0
            slope = d * sp.diff(guess, x)
        c = _pole_cut(slope, x, side, lo, hi, cuts.get("lo"))
        if c is None:
            return None
        cuts[side] = c
        # the piece is an interval of the box, none of the domain's other conditions (x != a,
        # a nonlinear one) on it: a hole in it would break the monotone argument (a pole at
        # 7/10 of 1/(1 - x) - 1/(x - 7/10) on (1/2, 1), x != 7/10)
        part = _box(problem) + [x >= c if side == "hi" else x <= c]
        inside = _box(problem) + [x > c if side == "hi" else x < c]
        done = len(proof.premises)
        g = _unabs_on(proof, problem.slack, part, 0.1)
        signs = proof.premises[done:]
        mark = len(proof.premises)
        with _limit(min(2.0, max(0.1, proof.left() / 4))):
            slope = sp.diff(g, x)
            at_c = g.xreplace({x: c})
        proof.defined([g], part, "on the piece")
        proof.defined([slope], inside, "inside the piece")
        proof.need(certify_sign(at_c, f"{tex(g)} {rel} 0 \\text{{ at }} {tex(sp.Eq(x, c))}",
                                problem.strict))
        grow = ("\\ge" if d == 1 else "\\le")
        proof.holds(d * slope, False, inside, f"{tex(slope)} {grow} 0", 0.5)
        where = tex(x >= c) if side == "hi" else tex(x <= c)
        step = apply_rule("monotone from an end", proof.premises[mark:],
                          f"{tex(g)} {rel} 0 \\text{{ where }} {where}",
                          f"on the piece ${where}$ next to the end, ${tex(g)}$ is defined, "
                          f"its derivative is ${grow} 0$ inside and its value at "
                          f"${tex(sp.Eq(x, c))}$ is ${rel} 0$")
        if signs:
            step = apply_rule("equal functions", [*signs, step],
                              f"{claim} \\text{{ where }} {where}",
                              "each $|u|$ written $u$ or $-u$ by its sign there; " + step.reason)
        pieces.append(step)
    # the rest of the domain, between the cuts
    middle = rels + ([x >= cuts["lo"]] if "lo" in cuts else []) + (
        [x <= cuts["hi"]] if "hi" in cuts else [])
    if "lo" in cuts and "hi" in cuts and cuts["lo"] >= cuts["hi"]:
        middle = None  # (the pieces cover the domain)
    if middle is not None:
        shown = ", ".join(tex(r) for r in middle[len(rels):])
        pieces.append(proof.holds(problem.slack, problem.strict, middle,
                                  f"{claim} \\text{{ where }} {shown}", 0.9))
    reason = "; ".join(f"next to the end {tex(lo if s == 'lo' else hi)}: {p.reason}"
                       for s, p in zip(ends, pieces))
    at = ", ".join(f"${tex(sp.Eq(x, c))}$" for c in cuts.values())
    return apply_rule("case split", pieces, claim,
                      f"the domain cut at {at}; {reason}; between the cuts, proved by the "
                      "engine")

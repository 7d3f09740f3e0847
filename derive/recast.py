r"""Slacks recast into forms the box search settles (issue #11, one variable).

``recast(problem, claim, seconds)`` (one hook among ``realprove._decide``'s methods) tries,
each only on the forms it fits (otherwise at once None), a rewrite of the slack whose
premises the whole engine (``derive.realprove``) decides, then a trusted rule:

* **sines and cosines as variables** (rule *substitution instance*; ``derive.reduce``'s
  reduction, here in one variable): with multiple angles expanded the slack is ``G(\sin x,
  \cos x)``, and ``G >= 0`` on ``[-1, 1]^2`` (``|\sin 3x| \le 3 |\sin x|``: ``3 |s| -
  |4 s^3 - 3 s| \ge 0``);
* **logarithm of both sides** (rule *logarithm of both sides*): ``A - B`` with ``A``, ``B``
  single products, one holding a power with a variable exponent (``e (1 - x/2) <
  (1 + x)^{1/x}``): ``A > 0``, ``B > 0``, ``A = e^{f}`` and ``B = e^{g}`` (so ``ln A = f``,
  ``ln B = g``: exact identities, which hold where SymPy's ``ln(A) = f`` needs the signs of
  factors it cannot see), ``f``, ``g`` defined where the slack is, and ``f - g >= 0``; or
  the one term holding such a power against the sum of the rest (``x^x \le x^2 - x + 1``);
* **the exponential of both sides** (rule *monotone function*, ``g(t) = -ln t``): ``k ln A +
  R`` (one logarithm of the variable, of exponentials; ``k`` a number) with ``B = -R/k``:
  ``e^B <= A`` (``k > 0``) or ``A <= e^B``, both ``> 0`` (``\ln\cosh x \ge |x| - \ln 2``:
  ``\cosh x \ge e^{|x|}/2``); or ``k ln A - k ln C``: ``C <= A``;
* **powers of hyperbolic functions linearised** (rule *equal functions*): ``cosh^3(x/3)``,
  ``sinh x cosh x`` and other products of ``sinh``, ``cosh`` of the variable written as sums of
  ``sinh(k x)``, ``cosh(k x)`` (through ``e^{x}``: an exact identity), whose derivatives the
  search encloses tightly (``sinh x / x <= cosh^3(x/3)``), defined wherever the slack is;
* **a vanishing denominator at an end** (rule *product of signs*): a term whose denominator
  vanishes at a finite end ``c`` of the domain that the slack does not reach (``\ln(1 + x)/x``
  at ``0``): the slack is ``(x - c)^{-k} G`` (``(c - x)^{-k} G`` at an upper end), ``G`` the
  slack times ``(x - c)^k`` term by term (the least ``k <= MAX_ORDER``) with a value at
  ``c``; ``(x - c)^{-k} > 0`` and ``G >= 0`` (``> 0``) are decided, a touching point at
  ``c`` becoming an ordinary face;
* **a zero at an end divided out** (rule *product of signs*): at an end ``c`` the domain
  excludes, where the slack tends to 0 (SymPy's limit, a choice) with a slope that has no
  value (``\ln(x^2 - x + 1) - x \ln x`` at 0), the slack is ``(x - c) G``, ``G`` the slack
  divided term by term; ``x - c > 0`` and ``G >= 0`` are decided (``G`` unbounded at ``c``:
  the engine's poles);
* **a tail as ``u = 1/x``** (rules *change of variable*, *case split*): on ``[a, oo)`` a slack
  tending to 0 at ``+oo`` (``\arctan x \le \pi x / (1 + 2 \sqrt{1 + x^2})``,
  ``x (\pi/2 - \arctan x) < 1``) is, for ``x >= R``, a slack of ``u`` in ``(0, 1/R]`` tidied for
  ``u -> 0`` (``\arctan(1/u) = \pi/2 - \arctan u`` by *zero derivative*; the logarithm of
  a rational function split into its factors', ``\ln u + \ln((u + 2)/u) = \ln(u + 2)``),
  decided by the whole engine with ``[a, R]``.

The moved claims nest (each is decided by the whole engine, this module included, to depth
``MAX_NEST``): the logarithm of ``(1 + x)^{1/x}`` then its denominator ``x``. Floats never
decide; a premise not proved makes the method give up (None), it never refutes.
"""

from __future__ import annotations

import sympy as sp

from derive import clock, intervals
from derive.guard import Nesting
from derive.latex import tex
from derive.proof import (
    PROVED,
    UNKNOWN,
    BoxProblem,
    Step,
    apply_rule,
    certify_nonnegative,
    certify_sign,
    definedness,
    sympy_limit,
)
from derive.singular import (
    _cancelled,
    _GiveUp,
    _limit,
    _Proof,
    _rels,
    _sides,
    _value,
    first_proved,
)

MAX_NEST = 2  # methods of this module inside the claims of this module
MAX_OPS = 150  # larger slacks (before or after a rewrite) are left to the other methods
MAX_ORDER = 3  # a pole of order up to this at an end is cleared
LEAST = 0.3  # seconds: with less left, no method starts
STEEP_BITS = 256  # working precision of the quick look at an end's slope (a choice only)
_ACTIVE = Nesting()
_LOGGED = Nesting()  # claims made by the logarithm of both sides, under way


def recast(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    """A proved step for ``problem`` by one of the rewrites of the module docstring, or
    None."""
    if (len(problem.variables) != 1 or len(_ACTIVE) >= MAX_NEST
            or sp.count_ops(problem.slack) > MAX_OPS):
        return None
    with _ACTIVE.enter():
        return first_proved((_sines, _log_sides, _exp_sides, _linearised, _cleared_end,
                             _divided_end, _reciprocal_tail), problem, claim,
                            clock.now() + seconds, LEAST)


def _sines(problem: BoxProblem, claim: str, deadline: float) -> Step | None:
    from derive import reduce  # (it imports the engine, which imports this module)

    if not problem.slack.has(sp.sin, sp.cos):
        return None
    return reduce.decouple(problem, claim, deadline - clock.now())


def _ge(strict: bool) -> str:
    return ">" if strict else r"\ge"


# ------------------------------------------------------------------------ ln of both sides

def _variable_power(e: sp.Expr) -> bool:
    return any(p.exp.free_symbols and p.base.free_symbols for p in e.atoms(sp.Pow))


def _power_sides(slack: sp.Expr) -> tuple[sp.Expr, sp.Expr] | None:
    """``(A, B)`` with ``slack = A - B``, one of them the only term holding a power with a
    variable exponent (``x^2 - x + 1 - x^x``: ``A = x^2 - x + 1``, ``B = x^x``), the other
    the sum of the rest; else None."""
    terms = sp.Add.make_args(slack)
    powers = [t for t in terms if _variable_power(t)]
    if len(powers) != 1 or len(terms) < 3:
        return None
    (p,) = powers
    rest = slack - p
    return (rest, -p) if p.as_coeff_Mul()[0] < 0 else (p, -rest)


def _gaussian(e: sp.Expr) -> bool:
    """Whether ``e`` holds ``e^{p}``, ``p`` a polynomial of degree at least 2 in a variable
    (``e^{x^2/6}``: no exponential tail bounds it, its logarithm is ``p``)."""
    return any(f.args[0].is_polynomial() and sp.Poly(f.args[0]).total_degree() >= 2
               for f in e.atoms(sp.exp) if f.args[0].free_symbols)


def _log_of(side: sp.Expr, ends: list) -> sp.Expr:
    r"""``ln(side)`` with products and powers taken apart (an identity where ``side > 0``,
    checked by the caller), unless that makes a logarithm of a factor that is 0 at an end
    of the box (a side free of exponentials and variable powers): ``\ln(\sinh x / x)``
    stays whole (it has a value at 0, its parts do not)."""
    parts = sp.expand_log(sp.log(side), force=True)
    x = next(iter(side.free_symbols), None)
    if x is None or _variable_power(side) or side.has(sp.exp):
        return parts
    if any(f.args[0].xreplace({x: c}) == 0 for f in parts.atoms(sp.log) for c, _ in ends):
        return sp.log(side)
    return parts


def _log_sides(problem: BoxProblem, claim: str, deadline: float) -> Step | None:
    sides = _sides(problem.slack) or _power_sides(problem.slack)
    if sides is None:
        return None
    a, b = sides
    if (not (_variable_power(a) or _variable_power(b) or _gaussian(a) or _gaussian(b))
            or a.has(sp.log) or b.has(sp.log)):
        return None
    with _limit(1.0):
        la, lb = _log_of(a, _ends(problem)), _log_of(b, _ends(problem))
    if _variable_power(la) or _variable_power(lb) or _gaussian(la) or _gaussian(lb):
        return None
    rels = _rels(problem)
    proof = _Proof(deadline)
    for side in (a, b):
        proof.positive(side, rels)
    for side, ln in ((a, la), (b, lb)):
        proof.identity(side, sp.exp(ln), rels,
                       f"{tex(side)} = e^{{{tex(ln)}}}, \\text{{ so }} \\ln({tex(side)}) = "
                       f"{tex(ln)}")
    proof.defined([la, lb], rels + definedness(problem.slack), "where the slack is defined")
    rel = _ge(problem.strict)
    with _LOGGED.enter():  # (its exponential of both sides would be the claim again)
        proof.holds(la - lb, problem.strict, rels, f"{tex(la)} {rel} {tex(lb)}", 0.9)
    return apply_rule("logarithm of both sides", proof.premises, claim,
                      f"both sides are $> 0$ and $\\ln$ is increasing: ${tex(la)} {rel} "
                      f"{tex(lb)}$, proved")


# ------------------------------------------------------------------------ e^ of both sides

def _log_pair(slack: sp.Expr) -> tuple[sp.Expr, sp.Expr, sp.Expr] | None:
    r"""``(k, small, large)`` with ``slack = k (ln large - ln small)``, ``k > 0`` a number:
    from ``k ln A + R`` (one logarithm of the variable, ``A`` holding exponentials; ``small =
    e^{-R/k}``, ``large = A``, or the two exchanged when ``k < 0``) or ``k ln A - k ln C``;
    else None."""
    logs, rest = [], []
    for term in sp.Add.make_args(slack):
        k, f = term.as_coeff_Mul()
        if isinstance(f, sp.log) and f.args[0].free_symbols and k != 0:
            logs.append((k, f.args[0]))
        else:
            rest.append(term)
    rest = sp.Add(*rest)
    if any(g.args[0].free_symbols for g in rest.atoms(sp.log)) or any(
            g.args[0].free_symbols for _, a in logs for g in a.atoms(sp.log)):
        return None
    if len(logs) == 2 and rest == 0 and logs[0][0] == -logs[1][0]:
        (k, a), (_, c) = sorted(logs, key=lambda p: -p[0])
        return k, c, a
    if len(logs) != 1 or not logs[0][1].has(sp.exp, sp.sinh, sp.cosh):
        return None  # (the logarithm of an algebraic A is the engine's own form)
    (k, a), = logs
    b = sp.expand(-rest / k)
    if not b.free_symbols or b.has(sp.exp):
        return None  # (e^{e^x} is no simpler)
    eb = sp.expand(sp.exp(b))
    return (k, eb, a) if k > 0 else (-k, a, eb)


def _exp_sides(problem: BoxProblem, claim: str, deadline: float) -> Step | None:
    r"""``k (ln large - ln small) >= 0`` (``_log_pair``): with ``g(t) = -ln t`` (``g' = -1/t
    < 0`` on ``t > 0``) the slack is ``k (g(small) - g(large))``, so ``small <= large``
    proves it (rule *monotone function*): ``\ln\cosh x \ge |x| - \ln 2`` from ``\cosh x
    \ge e^{|x|}/2``, ``\ln(1 + e^x) \le |x| + \ln 2`` from ``1 + e^x \le 2 e^{|x|}``."""
    if _LOGGED:
        return None  # (a claim the logarithm of both sides made: this would undo it)
    with _limit(min(1.0, max(0.1, (deadline - clock.now()) / 4))):
        got = _log_pair(problem.slack)
    if got is None:
        return None
    k, small, large = got
    rels = _rels(problem)
    where = rels + definedness(problem.slack)
    t = sp.Dummy("t", positive=True)
    proof = _Proof(deadline)
    proof.identity(problem.slack, k * (sp.log(large) - sp.log(small)), rels,
                   f"{tex(problem.slack)} = {tex(k)} (g({tex(small)}) - g({tex(large)}))"
                   f", g(t) = -\\ln t")
    for side in (small, large):
        proof.holds(side, True, where, f"{tex(side)} > 0", 0.15)
    proof.need(certify_nonnegative(1 / t, 1 / t, "-g'(t) = 1/t > 0 \\text{ for } t > 0",
                                   strict=True))
    rel = _ge(problem.strict)
    proof.holds(large - small, problem.strict, where, f"{tex(large)} {rel} {tex(small)}", 0.9)
    return apply_rule("monotone function", proof.premises, claim,
                      f"the slack is ${tex(k)}\\,(g({tex(small)}) - g({tex(large)}))$ with "
                      f"$g(t) = -\\ln t$ decreasing on $t > 0$, and ${tex(large)} {rel} "
                      f"{tex(small)}$ (both $> 0$), proved")


# ------------------------------------------------------------------------ hyperbolic powers

def linear_hyperbolic(e: sp.Expr) -> sp.Expr:
    """``e`` with its products and powers of ``sinh``, ``cosh`` of variables written as sums
    of single ``sinh``, ``cosh`` (``cosh^3 t = (cosh 3t + 3 cosh t)/4``): every such function
    in exponential form, expanded, then ``e^{a} = cosh a + sinh a``, expanded."""
    hyp = [h for h in e.atoms(sp.sinh, sp.cosh) if h.args[0].free_symbols]
    g = sp.expand(e.xreplace({h: h.rewrite(sp.exp) for h in hyp}))
    ex = [f for f in g.atoms(sp.exp) if f.args[0].free_symbols]
    return sp.expand(g.xreplace({f: sp.cosh(f.args[0]) + sp.sinh(f.args[0]) for f in ex}))


def _hyperbolic_products(e: sp.Expr) -> bool:
    """Whether ``e`` multiplies ``sinh``/``cosh`` of variables (a power or a product)."""
    def hyp(f):
        return isinstance(f, (sp.sinh, sp.cosh)) and bool(f.args[0].free_symbols)

    for p in e.atoms(sp.Pow):
        if hyp(p.base) and p.exp.is_Integer and p.exp >= 2:
            return True
    return any(sum(hyp(f) for f in m.args) >= 2 for m in e.atoms(sp.Mul))


def _linearised(problem: BoxProblem, claim: str, deadline: float) -> Step | None:
    slack = problem.slack
    if not _hyperbolic_products(slack):
        return None
    with _limit(min(1.0, max(0.1, (deadline - clock.now()) / 4))):
        form = linear_hyperbolic(slack)
    if form == slack or sp.count_ops(form) > MAX_OPS or _hyperbolic_products(form):
        return None
    rels = _rels(problem)
    proof = _Proof(deadline)
    proof.identity(slack, form, rels, f"{tex(slack)} = {tex(form)}")
    proof.defined([form], rels + definedness(slack), "where the slack is defined")
    rel = _ge(problem.strict)
    proof.holds(form, problem.strict, rels, f"{tex(form)} {rel} 0", 0.9)
    return apply_rule("equal functions", proof.premises, claim,
                      f"the slack is ${tex(form)}$ (products of hyperbolic functions as "
                      f"sums), ${rel} 0$: proved")


# ------------------------------------------------------------------------ a cleared end

def _ends(problem: BoxProblem):
    """``(c, sign)`` for each finite end ``c`` of the box (``sign`` 1 at the lower end, -1
    at the upper): ``sign (x - c) > 0`` inside."""
    lo, hi = problem.bounds[0]
    return [(c, s) for c, s in ((lo, 1), (hi, -1)) if c is not None]


def _cleared_end(problem: BoxProblem, claim: str, deadline: float) -> Step | None:
    (x,) = problem.variables
    slack = problem.slack
    for c, s in _ends(problem):
        with _limit(min(1.0, max(0.1, (deadline - clock.now()) / 4))):
            if not slack.xreplace({x: c}).has(sp.zoo, sp.nan):
                continue  # the slack has a value at c (SymPy's 0/0 is nan): nothing to clear
            for k in range(1, MAX_ORDER + 1):
                factor = (s * (x - c)) ** k
                # term by term: (x - 1) ln x / (x - 1) is ln x as SymPy multiplies
                part = sp.Add(*[sp.expand_mul(factor * t) for t in sp.Add.make_args(slack)])
                if not part.xreplace({x: c}).has(sp.zoo, sp.nan, sp.oo, -sp.oo):
                    break
            else:
                continue  # still no value at c: not a removable end of this form
        if sp.count_ops(part) > MAX_OPS:
            continue
        return _positive_times(problem, claim, deadline, 1 / factor, part,
                               "its singularity at the end cleared")
    return None


def _positive_times(problem: BoxProblem, claim: str, deadline: float, f: sp.Expr,
                    part: sp.Expr, how: str) -> Step:
    """The slack as ``f > 0`` times ``part >= 0`` (``> 0`` if strict), the identity and each
    sign decided (rule *product of signs*)."""
    slack, rels, proof = problem.slack, _rels(problem), _Proof(deadline)
    proof.holds(f, True, rels, f"{tex(f)} > 0", 0.15)
    proof.identity(slack, f * part, rels, f"{tex(slack)} = {tex(f)} \\cdot ({tex(part)})")
    proof.defined([part], rels + definedness(slack), "where the slack is defined")
    rel = _ge(problem.strict)
    proof.holds(part, problem.strict, rels, f"{tex(part)} {rel} 0", 0.9)
    return apply_rule("product of signs", proof.premises, claim,
                      f"the slack is ${tex(f)} > 0$ times ${tex(part)} {rel} 0$ ({how})")


# ------------------------------------------------------------------------ a zero at an end

def _steep_zero(slack: sp.Expr, x: sp.Symbol, c: sp.Expr, side: int, seconds: float) -> bool:
    r"""Whether the slack tends to 0 at the end ``c`` (SymPy's limit from inside; a choice,
    the proof comes after) while its derivative has no value there (``x \ln x`` at 0)."""
    slope = sp.diff(slack, x)
    if not slope.xreplace({x: c}).has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        return False  # a finite slope: the search's Taylor models and pieces meet it
    # a quick look first (enclosures at two points near c, 2^-20 and 2^-60 away): the value
    # small, the slope growing like a logarithm at least; SymPy's limits only then
    with intervals.precision(STEEP_BITS):
        far, close = (_value(slope, x, c + side * sp.Rational(1, 2 ** k)) for k in (20, 60))
        value = _value(slack, x, c + side * sp.Rational(1, 2 ** 60))
    if far is None or close is None or value is None or not value.is_finite():
        return False
    if not (abs(value.ball().mid()) < 2 ** -10
            and abs(close.ball().mid()) > abs(far.ball().mid()) + 10):
        return False
    near = sp.Symbol(x.name, positive=True)
    if sympy_limit(slack.xreplace({x: c + side * near}), near, 0, seconds / 2) != 0:
        return False
    steep = sympy_limit(slope.xreplace({x: c + side * near}), near, 0, seconds / 2)
    return steep is not None and steep.is_infinite is True  # (not a removable 0/0)


def _divided_end(problem: BoxProblem, claim: str, deadline: float) -> Step | None:
    r"""An end ``c`` that the domain excludes, where the slack tends to 0 with a slope that
    has no finite value (``\ln(x^2 - x + 1) - x \ln x`` at 0): the slack is ``(x - c) G``
    (``(c - x) G`` at an upper end), ``G`` the slack divided by it term by term (``G =
    \ln(x^2 - x + 1)/x - \ln x``, unbounded there: the engine's poles); ``x - c > 0`` and
    ``G >= 0`` (``> 0``) are decided (rule *product of signs*)."""
    (x,) = problem.variables
    slack = problem.slack
    for c, s in _ends(problem):
        if (0, "lo" if s == 1 else "hi") not in problem.opens:
            continue
        with _limit(min(1.0, max(0.1, (deadline - clock.now()) / 4))):
            if not _steep_zero(slack, x, c, s, min(1.0, max(0.1, (deadline - clock.now()) / 4))):
                continue
            factor = s * (x - c)
            part = sp.Add(*[sp.expand_mul(t / factor) for t in sp.Add.make_args(slack)])
        if sp.count_ops(part) > MAX_OPS:
            continue
        return _positive_times(problem, claim, deadline, factor, part,
                               "its zero at the end divided out")
    return None


# ------------------------------------------------------------------------ a tail at 1/u

def _at_zero(e: sp.Expr, u: sp.Symbol) -> sp.Expr:
    """``e`` (a function of ``u > 0``) tidied for ``u -> 0``: ``\\arctan(1/u) = \\pi/2 -
    \\arctan u``, roots and rational parts over common denominators (``singular._cancelled``),
    each term cancelled when that makes it smaller."""
    e = e.replace(lambda f: isinstance(f, sp.atan) and f.args[0].is_positive
                  and sp.cancel(1 / f.args[0]).is_polynomial(u),
                  lambda f: sp.pi / 2 - sp.atan(sp.cancel(1 / f.args[0])))
    e = _cancelled(e, u)
    # ln of a rational function as the logarithms of its factors (each > 0 for u > 0, so
    # SymPy splits it): ln u + ln((u + 2)/u) is ln(u + 2), with a value at u = 0
    e = e.replace(lambda f: isinstance(f, sp.log) and f.args[0].is_rational_function(u)
                  and not f.args[0].is_polynomial(u),
                  lambda f: sp.expand_log(sp.log(sp.factor(f.args[0]))))
    terms = []
    for t in sp.Add.make_args(e):
        c = sp.cancel(sp.together(t))
        terms.append(c if sp.count_ops(c) <= sp.count_ops(t) else t)
    return sp.Add(*terms)


def _reciprocal_tail(problem: BoxProblem, claim: str, deadline: float) -> Step | None:
    """A domain ``[a, oo)`` (no other condition) whose slack tends to 0 at ``+oo``
    (``\\arctan x \\le \\pi x / (1 + 2\\sqrt{1 + x^2})``, both sides ``-> \\pi/2``): the
    tail ``x >= R`` (``R = max(a, 1)``) is ``u = 1/x`` in ``(0, 1/R]`` (*change of
    variable*), where the slack, tidied (``_at_zero``, an identity), has a value at ``u = 0``
    (or times ``u^k``: a pole ``_cleared_end`` removes) and is decided by the whole engine;
    ``[a, R]`` by the engine too (*case split*)."""
    (x,) = problem.variables
    lo, hi = problem.bounds[0]
    if lo is None or hi is not None or any(g != x - lo for g, _ in problem.constraints):
        return None
    u = sp.Symbol(x.name, positive=True)
    with _limit(min(1.0, max(0.1, (deadline - clock.now()) / 4))):
        moved = problem.slack.xreplace({x: 1 / u})
        g = _at_zero(moved, u)
        finite = any(not sp.Add(*[sp.expand_mul(u ** k * t) for t in sp.Add.make_args(g)])
                     .xreplace({u: 0}).has(sp.zoo, sp.nan, sp.oo, -sp.oo)
                     for k in range(MAX_ORDER + 1))
    if not finite or sp.count_ops(g) > MAX_OPS:
        return None  # (no value at u = 0, even times u^k: the engine's own tails are alike)
    limit = g.xreplace({u: 0})
    if limit.is_number and not limit.has(sp.nan, sp.zoo) and any(
            certify_sign(side, "", True).verdict == PROVED for side in (limit, -limit)):
        return None  # a limit at +oo other than 0: the engine's own tails settle it
    cut = max(lo, sp.Integer(1))
    ur = sp.Symbol(x.name, real=True)
    gr = g.xreplace({u: ur})
    rel = _ge(problem.strict)
    part = [ur > 0, ur < 1 / cut if cut == lo and (0, "lo") in problem.opens else
            ur <= 1 / cut]
    proof = _Proof(deadline)
    proof.defined([gr], part, "on the image of the tail")
    proof.holds(gr, problem.strict, part, f"{tex(gr)} {rel} 0", 0.5)
    show = tex(g.xreplace({u: sp.Symbol('u')}))
    try:
        proof.identity(moved, g, [u > 0], f"{tex(moved)} = {tex(g)}")
    except _GiveUp:  # (SymPy's simplify does not know arctan(1/u) = pi/2 - arctan u): the
        # difference >= 0 (a constant 0), and the moved slack is the tidied one plus it
        # (rule sum of inequalities)
        d = (moved - g).xreplace({u: ur})
        proof.need(_vanishes(d, ur, part, proof))
        got = apply_rule("sum of inequalities", proof.premises,
                         f"{tex(moved.xreplace({u: ur}))} {rel} 0", f"it is ${show}$ plus "
                         f"${tex(d)} \\ge 0$")
        proof.premises[:] = [got]
    where = f"{tex(x)} \\ge {tex(cut)}"
    tail = apply_rule("change of variable", proof.premises, f"{claim} \\text{{ where }} {where}",
                      f"$u = 1/{tex(x)}$ maps ${where}$ onto $0 < u \\le {tex(1 / cut)}$, "
                      f"where the slack is ${show} {rel} 0$")
    if cut == lo:
        return tail
    head = _Proof(deadline)
    opened = (0, "lo") in problem.opens
    head.holds(problem.slack, problem.strict, [x > lo if opened else x >= lo, x <= cut],
               f"{claim} \\text{{ where }} {tex(x)} \\le {tex(cut)}", 0.9)
    return apply_rule("case split", [*head.premises, tail], claim,
                      f"the cases ${tex(x)} \\le {tex(cut)}$ (the engine) and ${where}$: "
                      f"{tail.reason}")


def _vanishes(d: sp.Expr, u: sp.Symbol, part: list, proof: _Proof) -> Step:
    """``d >= 0`` on ``part`` (``u > 0``) for a ``d`` that is 0 there: its derivative is 0
    (rule *zero derivative*), or ``d = c L`` with ``L = \\arctan f + \\arctan(1/f) - \\pi/2``
    (``L = 0`` for ``f > 0`` by *zero derivative*, both ``L >= 0`` and ``-L >= 0``) and ``c``
    of one sign (rule *product of signs*)."""
    from derive import realprove  # (it imports this module)

    def zero_derivative(e):
        got = realprove._zero_derivative(realprove.build_problem(e, False, [u > 0]),
                                         f"{tex(e)} \\ge 0", min(3.0, proof.left() / 3))
        return got if got is not None else Step(f"{tex(e)} \\ge 0", "rule", UNKNOWN, "")

    got = zero_derivative(d)
    if got.verdict == PROVED:
        return got
    atoms = [a for a in d.atoms(sp.atan) if a.args[0].free_symbols]
    inner = [a for a in atoms if sp.cancel(1 / a.args[0]).is_polynomial(u)]
    if len(inner) != 1:
        raise _GiveUp
    t = sp.Dummy("t")
    c = sp.diff(d.xreplace({inner[0]: t}), t)
    if c.has(t) or c == 0:
        raise _GiveUp
    lemma = inner[0] + sp.atan(sp.cancel(1 / inner[0].args[0])) - sp.pi / 2
    form = proof.identity(d, c * lemma, [u > 0], f"{tex(d)} = ({tex(c)}) ({tex(lemma)})")
    for sign in (1, -1):
        try:
            side = proof.holds(sign * c, False, part, f"{tex(sign * c)} \\ge 0", 0.3)
        except _GiveUp:
            continue
        same = proof.need(zero_derivative(sign * lemma))
        return apply_rule("product of signs", [form, side, same], f"{tex(d)} \\ge 0",
                          f"it is $({tex(sign * c)}) ({tex(sign * lemma)})$, each factor "
                          "$\\ge 0$")
    raise _GiveUp

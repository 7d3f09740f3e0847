r"""Reductions of a claim in several variables to claims in fewer (issue #11).

``reduce(problem, claim, seconds)`` tries to prove the ``BoxProblem`` ``slack >= 0`` (``> 0``)
in two to five variables by a named trusted rule (``derive.proof.RULES``, through
``apply_rule``) from premises that are themselves decided: each by the whole real-analysis
engine (``derive.realprove.decide``), a SymPy certificate or identity, or an enclosure. It
returns the proved step, or None (the caller goes on with its own search: a premise that
fails never refutes the claim). The box search cannot prove a claim whose slack touches 0
along a curve; these reductions can:

* **separable sums** (``12 y^2 + 2 z^2 \ln z + \sin z / 2 - 1/(2 \sin z)``): terms that
  share no variable, each group ``>= 0`` on the conditions in its own variables (*sum of
  inequalities*).
* **shared terms** (``\sqrt{x^2 + y^2} + \sqrt{y^2 + z^2} + \sqrt{z^2 + x^2} \ge \sqrt 2 (x +
  y + z)``): non-polynomial terms in overlapping sets of variables, each polynomial term
  shared equally by the groups containing its variables, each part ``>= 0`` (*sum of
  inequalities*, with the identity that the parts add up to the slack).
* **Jensen** (``e^{(x+y)/2} \le (e^x + e^y)/2``): the slack is exactly ``(f(x_1) + ... +
  f(x_n))/n - f((x_1 + ... + x_n)/n) + c`` (SymPy identity, ``c >= 0`` a constant) and
  ``f'' >= 0`` on the interval spanned by the variables' bounds, cut to where ``f`` is
  defined (*Jensen's inequality*).
* **weighted Jensen** (``z \cos x + (1 - z) \cos y \le \cos(z x + (1 - z) y)`` on
  ``[-\pi/2, \pi/2]``, ``(x + y)^z \le 2^{z - 1} (x^z + y^z)`` for ``z \ge 1``): the slack
  is ``sum_i w_i f(x_i) - f(sum_i w_i x_i) + c`` with weights ``>= 0`` of sum 1 and ``f``
  convex on ``J`` for every value of the other variables, which the weights and ``f`` may
  depend on (*Jensen's inequality*, pointwise in them).
* **a power against the rest** (``((x^z + y^z)/2)^{1/z} \ge (x + y)/2``): ``k A^r - Q``
  with a variable exponent ``r``, ``k, Q > 0`` and ``u^r`` increasing is ``k (F(A) -
  F(C))``, ``C = (Q/k)^{1/r}``, so ``A >= C`` suffices (*mean value theorem*).
* **Lipschitz** (``|\sin x - \sin y| \le |x - y|``): the slack is ``L |x - y| - |f(x) -
  f(y)| + c`` and ``-L <= f' <= L`` on that interval (*mean value theorem*).
* **a monotone outer function** (``e^{xy/(x+y)} < e^x``): the slack is ``k (F(A) - F(B)) +
  c`` with ``k > 0`` and ``F' >= 0`` (``> 0``) inside the interval where ``F`` is defined,
  so ``A - B >= 0`` (``> 0``) suffices, a claim of its own (*mean value theorem*).
* **partial minimisation** in one variable ``y`` over its interval ``I`` (the other
  variables ``x`` keep their own conditions; a condition joining ``y`` to them is dropped,
  which only proves more): if ``d^2 slack/dy^2 >= 0`` and ``y = g(x)`` (SymPy's ``solve``)
  makes ``d slack/dy`` exactly 0 with ``g(x)`` in ``I``, then ``slack(x, y) >=
  slack(x, g(x))`` (*convex minimum*), a claim in one variable fewer; if ``d slack/dy``
  has a sign, ``slack(x, y) >= slack(x, a)`` at the end ``a`` of ``I`` it rises from
  (*mean value theorem*; Young's ``xy \le x^3/3 + 2y^{3/2}/3``, ``\sqrt[3]{x + y + z} <
  \sqrt[3]{x} + \sqrt[3]{y} + \sqrt[3]{z}``).
* **subadditivity** (``|\sin(x + y + z)| \le |\sin x| + |\sin y| + |\sin z|``,
  ``\sqrt[3]{x + y} \le \sqrt[3]{x} + \sqrt[3]{y}``): the slack is ``F(x_1) + ... +
  F(x_n) - F(x_1 + ... + x_n) + c`` and the lemma ``F(a) + F(b) >= F(a + b)`` holds on an
  interval closed under addition, from concavity with ``F(0) >= 0`` (*subadditivity of
  concave functions*) or decided as a claim of its own.
* **sines and cosines as variables** (``|\sin a| + |\sin b| - |\sin(a + b)|``): after
  ``expand_trig`` (and ``\cos^2 = 1 - \sin^2``) the variables occur only in ``\sin v``,
  ``\cos v``, each replaced by a variable in ``[-1, 1]`` (*substitution instance*).
* **concave on a box** (``|s_a| + |s_b| - |c_a s_b + c_b s_a|`` in ``c_a, c_b``): affine
  terms and ``-k |L|`` with ``L`` affine in some variables with finite bounds: the claims
  at the box's vertices (*concave minimum at vertices*).
* **monotone up to another variable**: partial minimisation's monotone case also runs to a
  condition ``y <= g(x)`` (``y >= g(x)``) of the domain, ``c y + r >= 0`` with a rational
  ``c`` and ``r`` free of ``y`` (the case ``x >= y`` of ``\ln(e^x + e^y) \le \max(x, y) +
  \ln 2``: falling in ``y``, least at ``y = x``; *mean value theorem*); a convex case
  whose critical point ``g(x)`` leaves the interval of ``y`` for some ``x`` splits the
  domain at ``g(x) = a`` (*case split*; the part past the end is a claim of its own:
  ``\ln x \le 1 + a e^{\ln(x)/a - 1}``).
* **max of three or more** (``\ln(e^x + e^y + e^z) \le \max(x, y, z) + \ln 3``): the cases
  where each argument is the largest (*case split*), a case that is another with two
  variables exchanged (same conditions, the identity proved) by *substitution instance*.
* **terms >= 0 dropped** (``a e^{\ln(x)/a - 1} + 1 - \ln x`` where ``\ln x \le 0``): terms
  SymPy shows ``>= 0`` by their structure, when fewer variables remain (*sum of
  inequalities*).
* **reciprocals** (``3/(1/x + 1/y + 1/z) \le \sqrt[3]{xyz}``): every variable ``> 0`` and the
  slack smaller with ``v = 1/u``, the new slack defined on the whole domain (*change of
  variable*).

The calculus needs differentiability, which the box search's semantics ("where every
subexpression is defined") does not give: so only slacks built from functions that are
continuous on their domain and real-analytic inside it are reduced (``SMOOTH``; no
``|u|`` inside a derivative, no ``max``), and every condition of ``derive.proof.definedness``
of the functions and derivatives used is itself a decided premise on the open interval
(or region) where the rule needs it. A premise may be reduced in turn, at most
``MAX_NESTED`` deep and never to a claim under way (``_ACTIVE``): the recursion ends. A
premise in two or more variables is first reduced at once (``DIRECT_SHARE`` of its time),
then decided by the engine. A power ``b^e`` with a variable exponent is reduced only where
``b > 0`` is shown (the rules take it as defined there only; ``0^e = 0`` is defined).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import product

import sympy as sp

from derive import clock, intervals, realprove
from derive.latex import tex
from derive.proof import (
    CONSTRAINT_RELATIONS,
    PROVED,
    BoxNode,
    BoxProblem,
    Step,
    StepTimeout,
    apply_rule,
    box_env,
    certify_identity,
    certify_nonnegative,
    certify_on_boxes,
    certify_sign,
    definedness,
    time_limit,
)

# functions continuous on their (SymPy, real) domain and real-analytic inside it, whose
# derivatives' formulas are undefined at the ends of that domain (``definedness`` of a
# derivative then excludes the ends: ``sqrt(u)' = u'/(2 sqrt(u))`` needs ``u > 0``)
SMOOTH = (sp.exp, sp.log, sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc, sp.sinh, sp.cosh,
          sp.tanh, sp.coth, sp.sech, sp.csch, sp.asin, sp.acos, sp.atan, sp.asinh, sp.acosh,
          sp.atanh, sp.erf)
# monotone outer functions: one argument (``u^r`` is handled apart)
OUTER = (sp.exp, sp.log, sp.atan, sp.sinh, sp.asinh, sp.tanh, sp.erf, sp.asin, sp.atanh)
SOLVE_SECONDS = 0.5
MAX_ROOT_OPS = 40  # critical points larger than this are not tried (their identities are slow)
MAX_OPS = 200  # slacks larger than this are left to the box search
SAMPLES = (sp.Rational(-3), sp.Rational(-1), sp.Rational(-1, 3), sp.Integer(0),
           sp.Rational(1, 3), sp.Rational(1), sp.Rational(3), sp.Rational(10))

_REL = CONSTRAINT_RELATIONS
# the claims (slack, strict) of the reductions under way: a premise is reduced in turn at
# most MAX_NESTED deep, and never the same claim again (``reduce`` returns None)
_ACTIVE: list[tuple] = []
MAX_NESTED = 3
_OFF = ("no reductions",)  # on _ACTIVE: a premise decided without reductions
# the claims a premise was just reduced for in vain: the engine deciding it next does not
# try again
_TRIED: list[tuple] = []
DIRECT_SHARE = 0.6  # of a premise's time, for reducing it at once


def smooth(e: sp.Expr) -> bool:
    """Whether ``e`` is built from symbols, rational numbers, ``pi``, ``E``, sums, products,
    powers with a rational exponent or a positive number as base, and ``SMOOTH`` functions."""
    if e.is_Symbol or e.is_Rational or e in (sp.pi, sp.E):
        return True
    if isinstance(e, (sp.Add, sp.Mul)):
        return all(smooth(a) for a in e.args)
    if e.is_Pow:
        base, ex = e.args
        if ex.is_Rational:
            return smooth(base)
        # b^e = exp(e ln b), defined where b > 0 (or b >= 0 with e > 0, where it is
        # continuous; its derivatives' formulas need b > 0: ``definedness``)
        return smooth(base) and smooth(ex)
    if isinstance(e, SMOOTH) and len(e.args) == 1:
        return smooth(e.args[0])
    return False


def reduce(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    r"""A proved step for ``problem`` (two or more variables) by one of the reductions
    (module docstring), or None. (One variable, ``\sin x + \cos x \le \sqrt 2``, is
    ``derive.touch``'s: periodicity and touching points.)"""
    n = len(problem.variables)
    slack = problem.slack
    key = (slack, problem.strict, problem.bounds, problem.constraints)
    methods = (_max_cases, _separable, _shared, _nonnegative_terms, _jensen, _weighted_jensen,
               _lipschitz, _outer, _power_sides,
               _subadditive, _vertices, _harmonic, _decouple, _reciprocal, _partial)
    if (n < 2 or len(_ACTIVE) >= MAX_NESTED or key in _ACTIVE or _OFF in _ACTIVE
            or key in _TRIED
            or sp.count_ops(slack) > MAX_OPS):
        return None
    if _negative_somewhere(slack, problem.variables, problem.bounds, _relations(problem)):
        return None  # false at a sample point: the caller's search refutes it
    ctx = _Context(clock.now() + seconds)
    if not ctx._bases_positive(slack, _relations(problem)):
        return None  # 0^e = 0 is defined where the rules would not see it
    _ACTIVE.append(key)
    try:
        for method in methods:
            if ctx.left() <= 0.2:
                return None
            step = attempt(method, problem, claim, ctx)
            if step is not None:
                return step
    finally:
        _ACTIVE.pop()
    return None


def attempt(method, *args) -> Step | None:
    """``method(*args)`` if it returns a proved step, else None: a premise not proved
    (``_GiveUp``) or SymPy failing on a form means the method does not apply; the equation's
    time running out (``StepTimeout``) stops everything."""
    try:
        step = method(*args)
    except _GiveUp:
        return None
    except StepTimeout:
        raise
    except Exception:  # SymPy failing on a form: the method does not apply
        return None
    return step if step is not None and step.verdict == PROVED else None


class _GiveUp(Exception):
    """A premise was not proved (or time ran out): this reduction stops."""


class _Context:
    """The reduction's deadline, and how its premises are decided."""

    def __init__(self, deadline: float):
        self.deadline = deadline

    def left(self) -> float:
        return self.deadline - clock.now()

    def need(self, step: Step) -> Step:
        if step.verdict != PROVED:
            raise _GiveUp
        return step

    def holds(self, expr: sp.Expr, strict: bool, rels: Sequence[sp.Basic], claim: str,
              share: float = 0.5, plain: bool = False, quick: bool = False) -> Step:
        """``expr >= 0`` (``> 0``) where ``rels`` hold and ``expr`` is defined, proved (or
        ``_GiveUp``): a constant by its enclosure, else SymPy's sign of ``expr`` under the
        sign conditions, or one enclosure on the domain's box, else the whole engine with
        ``share`` of the time left (without reductions if ``plain``; not at all if
        ``quick``)."""
        expr = sp.sympify(expr)
        if not expr.free_symbols:
            return self.need(certify_sign(expr, claim, strict))
        left = self.left()
        if left <= 0.1:
            raise _GiveUp
        try:
            with time_limit(min(1.0, left / 4)):
                first = certify_nonnegative(expr, expr, claim, strict, points=[],
                                            domain=list(rels))
                # over a common denominator (1 - e^x/(e^x + e^y) = e^y/(e^x + e^y)), or
                # factored (y (y - 1) (x + 1)^{y - 2})
                for form in (sp.together, sp.factor):
                    if first.verdict == PROVED:
                        break
                    other = form(expr)
                    if other != expr:
                        first = certify_nonnegative(expr, other, claim, strict, points=[],
                                                    domain=list(rels))
                if first.verdict != PROVED:
                    first = _one_box(expr, strict, rels, claim)
        except Exception:  # SymPy failing or too slow: the engine decides
            first = None
        if first is not None and first.verdict == PROVED:
            return first
        left = self.left()
        if left <= 0.1 or quick:
            raise _GiveUp
        end = clock.now() + share * left
        key = None
        if not plain and len(expr.free_symbols) >= 2 and self._bases_positive(expr, rels):
            # a reduction at once (the engine's own search first would leave it little time)
            try:
                problem = realprove.build_problem(expr, strict, list(rels))
            except realprove.Unsupported:
                problem = None
            if problem is not None and len(problem.variables) >= 2:
                got = reduce(problem, claim, DIRECT_SHARE * share * left)
                if got is not None:
                    return got
                key = (problem.slack, problem.strict, problem.bounds, problem.constraints)
        if plain:
            _ACTIVE.append(_OFF)
        if key is not None:
            _TRIED.append(key)
        try:
            return self.need(realprove.decide(expr, strict, list(rels), claim,
                                              seconds=max(0.1, end - clock.now())))
        finally:
            if plain:
                _ACTIVE.pop()
            if key is not None:
                _TRIED.pop()

    def _bases_positive(self, expr: sp.Expr, rels: Sequence[sp.Basic]) -> bool:
        """Whether every power ``b^e`` of ``expr`` with a variable exponent has ``b > 0``
        where ``rels`` hold (quickly proved), as the engine asks before it reduces: the
        rules take ``b^e`` as defined for ``b > 0`` only, and ``0^e = 0`` is defined."""
        for b in {p.base for p in expr.atoms(sp.Pow) if p.exp.free_symbols}:
            try:
                self.holds(b, True, rels, f"{tex(b)} > 0", quick=True)
            except _GiveUp:
                return False
        return True

    def identity(self, lhs: sp.Expr, rhs: sp.Expr, claim: str,
                 rels: Sequence[sp.Basic]) -> Step:
        """``lhs = rhs`` wherever both are defined (SymPy, the sign conditions among
        ``rels`` as assumptions), proved within the time left (or ``_GiveUp``)."""
        left = self.left()
        if left <= 0.1:
            raise _GiveUp
        try:
            with time_limit(min(3.0, left / 3)):
                step = certify_identity(lhs, rhs, claim, domain=_signs(rels))
        except StepTimeout:
            raise _GiveUp from None
        return self.need(step)

    def defined(self, exprs: Sequence[sp.Expr], rels: Sequence[sp.Basic], where: str,
                at: dict | None = None) -> list[Step]:
        """Every condition of ``definedness`` of ``exprs`` (with ``at`` substituted after:
        the expressions as built, at the point) holds where ``rels`` hold (each a premise:
        ``b != 0`` as ``b^2 > 0``)."""
        steps = []
        seen = set()
        for e in exprs:
            for c in definedness(e):
                if at:
                    c = c.xreplace(at)
                if c in seen or c is sp.true or c is True:
                    continue
                seen.add(c)
                if c is sp.false or c is False:
                    raise _GiveUp
                what = f"{tex(c)} \\text{{ {where}}}"
                if isinstance(c, sp.Ne):  # b != 0: b > 0 or b < 0 at once, else b^2 > 0
                    got = None
                    for b in (c.lhs - c.rhs, c.rhs - c.lhs):
                        try:
                            got = self.holds(b, True, rels, what, quick=True)
                            break
                        except _GiveUp:
                            continue
                    if got is not None:
                        steps.append(got)
                        continue
                expr, strict = _as_slack(c)
                steps.append(self.holds(expr, strict, rels, what, share=0.3, plain=True))
        return steps


def _one_box(expr: sp.Expr, strict: bool, rels: Sequence[sp.Basic], claim: str) -> Step | None:
    """``expr >= 0`` (``> 0``) from one enclosure on the domain's box (the kernel
    re-checks it), or None."""
    try:
        problem = realprove.build_problem(expr, strict, list(rels))
    except realprove.Unsupported:
        return None
    node = BoxNode("enc", (), problem.bounds, 1, strict, problem.opens)
    step = certify_on_boxes(problem, node, claim, 1.0)
    for i, (g, kind) in enumerate(problem.constraints):
        if step.verdict == PROVED:
            break
        lam = sp.cancel(problem.slack / g) if kind in ("ge", "gt") else None
        if lam is not None and lam.is_Rational and lam > 0:
            # a positive multiple of a condition of the domain (y + 1 > 0 where y > -1)
            node = BoxNode("bound", (), problem.bounds, 1, strict, problem.opens,
                           cut=(i, lam))
            step = certify_on_boxes(problem, node, claim, 1.0)
    return step


def _ge(strict: bool) -> str:
    return ">" if strict else r"\ge"


def _le(strict: bool) -> str:
    return "<" if strict else r"\le"


def _as_slack(c: sp.Basic) -> tuple[sp.Expr, bool]:
    """The relation ``c`` as ``(e, strict)`` with ``c`` iff ``e >= 0`` (``> 0``)."""
    if isinstance(c, sp.Ne):
        return (c.lhs - c.rhs) ** 2, True
    if isinstance(c, (sp.Gt, sp.Ge)):
        return c.lhs - c.rhs, isinstance(c, sp.Gt)
    if isinstance(c, (sp.Lt, sp.Le)):
        return c.rhs - c.lhs, isinstance(c, sp.Lt)
    raise _GiveUp


def _relations(problem: BoxProblem, keep: Callable[[sp.Expr], bool] = lambda g: True
               ) -> list[sp.Basic]:
    return [_REL[k](g, 0) for g, k in problem.constraints if keep(g)]


def _signs(rels: Sequence[sp.Basic]) -> list[sp.Basic]:
    """The conditions ``v > 0``, ``v >= 0`` on a variable among ``rels`` (assumptions for
    SymPy's identities)."""
    out = []
    for r in rels:
        if isinstance(r, (sp.Gt, sp.Ge)) and r.lhs.is_Symbol and r.rhs == 0:
            out.append(r)
        elif isinstance(r, (sp.Lt, sp.Le)) and r.rhs.is_Symbol and r.lhs == 0:
            out.append(r.reversed)
    return out


def _interval(t: sp.Symbol, lo, hi) -> list[sp.Basic]:
    """``lo < t < hi`` (ends ``None`` are infinite)."""
    return ([t > lo] if lo is not None else []) + ([t < hi] if hi is not None else [])


def _ranges(problem: BoxProblem, variables) -> list[sp.Basic] | None:
    """``lo <= v <= hi`` for each of ``variables`` (the domain's exact ends; ``None`` ends
    infinite), or None if one of them is not a variable of the problem."""
    if not set(variables) <= set(problem.variables):
        return None
    out: list[sp.Basic] = []
    for v in sorted(variables, key=lambda v: v.name):
        lo, hi = _exact_ends(problem, problem.variables.index(v))
        out += ([v >= lo] if lo is not None else []) + ([v <= hi] if hi is not None else [])
    return out


def _hull(problem: BoxProblem) -> tuple:
    """The smallest interval holding every variable's range (``None``: infinite): its
    bounds, or the exact ends of the domain's conditions on it alone (``x <= pi``, where the
    box has a rational end past ``pi``)."""
    ends = [_exact_ends(problem, i) for i in range(len(problem.variables))]
    los = [lo for lo, _ in ends]
    his = [hi for _, hi in ends]
    lo = None if None in los else min(los)
    hi = None if None in his else max(his)
    return lo, hi


def _exact_ends(problem: BoxProblem, i: int) -> tuple:
    """The range of the ``i``-th variable: its box's bounds, each replaced by the end of a
    condition ``a v + b >= 0`` (``> 0``) of the domain, with rational ``a`` and a constant
    ``b``, that lies inside the box (``pi`` for ``v <= pi``; where the conditions hold, the
    variable lies in the result)."""
    v = problem.variables[i]
    lo, hi = problem.bounds[i]
    for g, kind in problem.constraints:
        if kind not in ("ge", "gt") or g.free_symbols != {v} or not g.is_polynomial(v):
            continue
        poly = sp.Poly(g, v)
        if poly.degree() != 1:
            continue
        a, b = poly.all_coeffs()
        if not a.is_Rational or b.free_symbols:
            continue
        end = -b / a
        if a > 0 and (lo is None or bool(end >= lo)):
            lo = end
        elif a < 0 and (hi is None or bool(end <= hi)):
            hi = end
    return lo, hi


def _domain_interval(f: sp.Expr, t: sp.Symbol, within: tuple) -> tuple | None:
    """``within`` (ends ``None``: infinite) cut to where ``f`` is defined, when each of
    its definedness conditions is a bound on ``t`` with a rational end (else None). A point
    where ``f`` is defined lies in the closure of the result."""
    lo, hi = within
    for c in definedness(f):
        e, _ = _as_slack(c)
        poly = sp.Poly(e, t) if e.is_polynomial(t) else None
        if poly is None or poly.degree() != 1:
            return None
        a, b = poly.all_coeffs()
        end = -b / a
        if not end.is_Rational:
            return None
        if a > 0:
            lo = end if lo is None else max(lo, end)
        else:
            hi = end if hi is None else min(hi, end)
    if lo is not None and hi is not None and lo >= hi:
        return None
    return lo, hi


def _split(expr: sp.Expr, variables: Sequence[sp.Symbol]):
    """``expr`` as its terms in each single variable, its mixed terms and its constant."""
    by = {v: [] for v in variables}
    mixed, const = [], []
    for term in sp.Add.make_args(expr):
        free = term.free_symbols
        if not free:
            const.append(term)
        elif len(free) == 1:
            by[next(iter(free))].append(term)
        else:
            mixed.append(term)
    return {v: sp.Add(*ts) for v, ts in by.items()}, sp.Add(*mixed), sp.Add(*const)


def _same(a: sp.Expr, b: sp.Expr) -> bool:
    """Whether ``a`` and ``b`` are the same expression up to expansion (a quick test; the
    kernel's identity decides)."""
    try:
        return sp.expand(a - b) == 0
    except Exception:  # SymPy failing: not recognised
        return False


def _agrees(a: sp.Expr, b: sp.Expr, problem: BoxProblem) -> bool:
    r"""Whether ``a - b`` is seen to be 0 (an enclosure holding 0, none of one sign) at the
    sample points (``\sqrt{(x + y)^2 + 4}`` and ``2 \sqrt{((x + y)/2)^2 + 1}``; a filter:
    the kernel's identity decides)."""
    neg, pos, zero = _samples(a - b, problem.variables, problem.bounds, [])
    return zero and not (neg or pos)


def _convex_on(f: sp.Expr, t: sp.Symbol, lo, hi, ctx: _Context, what: str,
               strict: bool = False, others: Sequence[sp.Basic] = ()) -> list[Step]:
    """``f`` twice differentiable with ``f'' >= 0`` (``> 0`` if ``strict``) on the open
    interval ``(lo, hi)``: the definedness of ``f``, ``f'``, ``f''`` there and the sign of
    ``f''`` (premises); with ``others``, the conditions on the other variables of ``f``
    (its parameters), for every value they allow."""
    rels = _interval(t, lo, hi) + list(others)
    d1 = sp.diff(f, t)
    d2 = sp.diff(d1, t)
    if not others and _negative_somewhere(d2, [t], [(lo, hi)], rels):
        raise _GiveUp
    steps = ctx.defined([f, d1, d2], rels, f"inside the interval of {what}")
    if others:  # (a parameter's factor pulled out: z (z - 1) t^{z - 2}, a product of signs)
        d2 = sp.factor_terms(d2)
    steps.append(ctx.holds(d2, strict, rels, f"{tex(d2)} {_ge(strict)} 0", share=0.6))
    return steps


def _negative_somewhere(e: sp.Expr, variables: Sequence[sp.Symbol], bounds: Sequence,
                        rels: Sequence[sp.Basic], sign: int = 1) -> bool:
    """Whether ``sign * e`` is rigorously negative at a sample point of the box where the
    relations hold (a quick filter: a premise that fails is not worth deciding)."""
    return _sample_signs(e, variables, bounds, rels, sign)[0]


def _sample_signs(e: sp.Expr, variables: Sequence[sp.Symbol], bounds: Sequence,
                  rels: Sequence[sp.Basic], sign: int = 1) -> tuple[bool, bool]:
    """``(negative somewhere, positive somewhere)`` for ``sign * e`` at sample points."""
    neg, pos, _ = _samples(e, variables, bounds, rels, sign)
    return neg, pos


def _samples(e: sp.Expr, variables: Sequence[sp.Symbol], bounds: Sequence,
             rels: Sequence[sp.Basic], sign: int = 1) -> tuple[bool, bool, bool]:
    """``(negative somewhere, positive somewhere, 0 in an enclosure somewhere)`` for
    ``sign * e`` at the sample points of the box where ``rels`` hold and ``e`` is defined."""
    axes = []
    for lo, hi in bounds:
        vals = [s for s in SAMPLES if (lo is None or s > lo) and (hi is None or s < hi)]
        if lo is not None and hi is not None:
            vals += [lo + (hi - lo) * sp.Rational(k, 4) for k in (1, 2, 3)]
        elif lo is not None:
            vals += [lo + sp.Rational(1, 10), lo + 1]
        elif hi is not None:
            vals += [hi - sp.Rational(1, 10), hi - 1]
        # the finite ends too (first, in three or more variables: a claim false at a
        # corner of [-1, 1]^4); a condition of the domain drops an end it excludes
        ends = [sp.sympify(b) for b in (lo, hi) if b is not None]
        vals = ends + vals if len(bounds) > 2 else vals[:6] + ends
        # (an end such as pi: no sample point)
        vals = [s for s in map(sp.sympify, vals) if s.is_Rational]
        axes.append(list(dict.fromkeys(vals))[:8 if len(bounds) <= 2 else 4])
    try:
        fn = intervals.compile_expr(sign * e, tuple(variables))
        conds = [(intervals.compile_expr(r.lhs - r.rhs, tuple(variables)), type(r))
                 for r in rels]
    except intervals.NotEnclosable:
        return False, False, False
    neg = pos = zero = False
    with intervals.precision(64):
        for point in product(*axes):
            env = box_env([(p, p) for p in point])
            try:
                if not all(_rel_holds(c(env, True), kind) for c, kind in conds):
                    continue
                v = fn(env, True)
            except (intervals.NotEnclosable, ZeroDivisionError):
                continue
            if v is None:
                continue
            neg = neg or bool(v.hi < 0)
            pos = pos or bool(v.lo > 0)
            zero = zero or bool(v.lo <= 0 <= v.hi)
    return neg, pos, zero


def _rel_holds(v, kind) -> bool:
    if v is None:
        return False
    if kind is sp.Gt:
        return bool(v.lo > 0)
    if kind is sp.Ge:
        return bool(v.lo >= 0)
    if kind is sp.Lt:
        return bool(v.hi < 0)
    if kind is sp.Le:
        return bool(v.hi <= 0)
    if kind is sp.Ne:
        return bool(v.lo > 0 or v.hi < 0)
    return False


def _constant_sign(c: sp.Expr, strict: bool, claim: str, ctx: _Context) -> Step:
    return ctx.need(certify_sign(c, f"{tex(c)} {_ge(strict)} 0", strict))


# ------------------------------------------------------------------------ max of several

def _max_cases(problem: BoxProblem, claim: str, ctx: _Context) -> Step | None:
    r"""``max(a_1, ..., a_n)`` (``min``) with ``n >= 3`` in the slack (two arguments are the
    engine's own case split): the cases ``a_k >= a_j`` for every ``j`` (``<=`` for ``min``),
    each with the max replaced by ``a_k`` and its conditions added to the domain (*case
    split*: some argument is the largest). A case that is another with two variables
    exchanged (the slack's identity after the exchange proved, the domain's conditions the
    same) is that case's *substitution instance* (``\ln(e^x + e^y + e^z) \le \max(x, y, z)
    + \ln 3``: the case ``x`` largest, then ``y``, ``z`` by symmetry)."""
    slack = problem.slack
    terms = sorted((m for m in slack.atoms(sp.Max, sp.Min) if len(m.args) >= 3),
                   key=sp.default_sort_key)
    if not terms:
        return None
    m = terms[0]
    args = list(m.args)
    sign = 1 if isinstance(m, sp.Max) else -1
    rels = _relations(problem)
    cases = []
    for k, a in enumerate(args):
        conds = [sp.Ge(sp.expand(sign * (a - b)), 0) for j, b in enumerate(args) if j != k]
        cases.append((slack.xreplace({m: a}), conds))
    if any(_negative_somewhere(c, problem.variables, problem.bounds, rels + conds)
           for c, conds in cases):
        return None
    word = "max" if sign > 0 else "min"
    # the cases that are no other's image under an exchange of two variables get the time
    images = [_swap_of(problem.variables, rels, cases[:k], case, conds) is not None
              for k, (case, conds) in enumerate(cases)]
    premises: list[Step] = []
    done: list[tuple] = []  # (slack, conditions, step) of the cases proved outright
    for k, (case, conds) in enumerate(cases):
        what = (f"{tex(case)} {_ge(problem.strict)} 0 \\text{{ where }} "
                + ", ".join(tex(c) for c in conds))
        step = _by_symmetry(problem, rels, case, conds, done, what, ctx) if images[k] else None
        if step is None:
            step = ctx.holds(case, problem.strict, rels + conds, what,
                             share=1 / max(1, images[k:].count(False)))
            done.append((case, conds, step))
        premises.append(step)
    return apply_rule("case split", premises, claim,
                      f"the cases where each argument of ${tex(m)}$ is the {word}, "
                      + ", ".join(f"${tex(a)}$" for a in args) + ", each proved")


def _swap_of(variables: Sequence[sp.Symbol], rels: list, earlier: Sequence[tuple],
             case: sp.Expr, conds: list) -> tuple | None:
    """``(k, u, v)``: the case ``(case, conds)`` is ``earlier[k]`` with ``u`` and ``v``
    exchanged (the same expression, the same conditions, ``rels`` unchanged by the
    exchange), or None."""
    for k, (other, other_conds) in enumerate(earlier):
        for i, u in enumerate(variables):
            for v in variables[i + 1:]:
                swap = {u: v, v: u}
                image = {sp.Ge(sp.expand(c.lhs.xreplace(swap)), 0) for c in other_conds}
                if image != set(conds) or {r.xreplace(swap) for r in rels} != set(rels):
                    continue
                # (the same expression: defined at the same points)
                if other.xreplace(swap) == case:
                    return k, u, v
    return None


def _by_symmetry(problem: BoxProblem, rels: list, case: sp.Expr, conds: list, done: list,
                 what: str, ctx: _Context) -> Step | None:
    """``case >= 0`` where ``rels`` and ``conds`` hold as an instance of a case proved
    (``done``) with two variables exchanged, or None."""
    got = _swap_of(problem.variables, rels, [(c, cs) for c, cs, _ in done], case, conds)
    if got is None:
        return None
    k, u, v = got
    other, _, step = done[k]
    try:
        same = ctx.identity(other.xreplace({u: v, v: u}), case,
                            f"the case with ${tex(u)}$ and ${tex(v)}$ exchanged", rels + conds)
    except _GiveUp:
        return None
    return apply_rule("substitution instance", [step, same], what,
                      f"the case proved with ${tex(u)}$ and ${tex(v)}$ exchanged (the "
                      "domain's conditions are the same)")


# ------------------------------------------------------------------------ separable sums

def _separable(problem: BoxProblem, claim: str, ctx: _Context) -> Step | None:
    r"""A slack whose terms fall into groups with no variable in common (``12 y^2 + 2 z^2
    \ln z - ...``): each group ``>= 0`` (one of them ``> 0`` for a strict claim) on the
    conditions in its own variables, the constant term with the last group."""
    groups: list[tuple[set, list]] = []
    const = sp.Integer(0)
    for term in sp.Add.make_args(problem.slack):
        free = set(term.free_symbols)
        if not free:
            const += term
            continue
        joined = [g for g in groups if g[0] & free]
        for g in joined:
            groups.remove(g)
            free |= g[0]
        groups.append((free, [term] + [t for g in joined for t in g[1]]))
    if len(groups) < 2:
        return None
    groups.sort(key=lambda g: (len(g[0]), sorted(v.name for v in g[0])))
    parts = [sp.Add(*terms) for _, terms in groups]
    parts[-1] += const
    rels = _relations(problem)
    owns = [[r for r in rels if r.free_symbols <= free] for free, _ in groups]
    for part in parts:
        if _negative_somewhere(part, problem.variables, problem.bounds, rels):
            return None
    premises = []
    for k, (part, own) in enumerate(zip(parts, owns)):
        strict = problem.strict and k == len(parts) - 1
        premises.append(ctx.holds(part, strict, own, f"{tex(part)} {_ge(strict)} 0",
                                  share=1 / (len(parts) - k)))
    return apply_rule("sum of inequalities", premises, claim,
                      "the slack is a sum of parts in separate variables, "
                      + ", ".join(f"${tex(part)} {_ge(problem.strict and k == len(parts) - 1)}"
                                  f" 0$" for k, part in enumerate(parts)))


def _shared(problem: BoxProblem, claim: str, ctx: _Context) -> Step | None:
    r"""Terms that are not polynomial, in overlapping sets of variables (``\sqrt{x^2 + y^2}
    + \sqrt{y^2 + z^2} + \sqrt{z^2 + x^2} - \sqrt 2 (x + y + z)``), each polynomial term
    shared equally by the groups whose variables contain its own: each part ``>= 0`` on the
    conditions in its variables (*sum of inequalities*; the parts add up to the slack, an
    identity the kernel checks)."""
    heads: list[tuple[frozenset, sp.Expr]] = []
    rest = []
    for term in sp.Add.make_args(problem.slack):
        if term.free_symbols and not term.is_polynomial(*problem.variables):
            heads.append((frozenset(term.free_symbols), term))
        else:
            rest += sp.Add.make_args(sp.expand(term))
    sets = list(dict.fromkeys(v for v, _ in heads))
    if len(sets) < 2 or frozenset(problem.variables) in sets:
        return None
    parts = {v: sp.Add(*(t for w, t in heads if w == v)) for v in sets}
    for term in rest:
        owners = [v for v in sets if term.free_symbols <= v]
        if not owners:
            return None
        for v in owners:
            parts[v] += term / len(owners)
    pieces = list(parts.values())
    rels = _relations(problem)
    for part in pieces:
        if _negative_somewhere(part, problem.variables, problem.bounds, rels):
            return None
    premises = [ctx.identity(sp.Add(*pieces), problem.slack, "the parts add up to the slack",
                             rels)]
    for k, (v, part) in enumerate(parts.items()):
        strict = problem.strict and k == len(pieces) - 1
        own = [r for r in rels if r.free_symbols <= v]
        premises.append(ctx.holds(part, strict, own, f"{tex(part)} {_ge(strict)} 0",
                                  share=1 / (len(pieces) - k)))
    return apply_rule("sum of inequalities", premises, claim,
                      "the slack is the sum of " + ", ".join(
                          f"${tex(p)} {_ge(problem.strict and k == len(pieces) - 1)} 0$"
                          for k, p in enumerate(pieces)))


def _nonnegative_terms(problem: BoxProblem, claim: str, ctx: _Context) -> Step | None:
    r"""Terms of the slack that are ``>= 0`` by their structure (SymPy's sign under the
    variables' sign conditions: ``a e^{\ln(x)/a - 1}`` for ``a > 0``) whose removal leaves a
    claim in fewer variables, ``1 - \ln x >= 0`` where ``\ln x \le 0`` (*sum of
    inequalities*; the conditions on the variables removed are dropped, which only proves
    more)."""
    rels = _relations(problem)
    terms = sp.Add.make_args(problem.slack)
    if len(terms) < 2:
        return None
    dropped, kept = [], []
    for term in terms:
        step = None
        if term.free_symbols:
            try:
                with time_limit(min(0.5, max(ctx.left() / 8, 0.05))):
                    step = certify_nonnegative(term, term, f"{tex(term)} \\ge 0", False,
                                               points=[], domain=rels)
            except StepTimeout:
                step = None
        if step is not None and step.verdict == PROVED:
            dropped.append((term, step))
        else:
            kept.append(term)
    rest = sp.Add(*kept)
    free = rest.free_symbols
    if not dropped or not free < problem.slack.free_symbols:
        return None
    own = [r for r in rels if r.free_symbols <= free]
    if _negative_somewhere(rest, problem.variables, problem.bounds, rels):
        return None
    what = f"{tex(rest)} {_ge(problem.strict)} 0"
    premises = [step for _, step in dropped]
    premises.append(ctx.holds(rest, problem.strict, own, what, share=0.9))
    return apply_rule("sum of inequalities", premises, claim,
                      f"the slack is ${tex(rest)} {_ge(problem.strict)} 0$ plus terms "
                      + ", ".join(f"${tex(t)}$" for t, _ in dropped) + " that are $\\ge 0$")


# ------------------------------------------------------------------------ Jensen

def _jensen(problem: BoxProblem, claim: str, ctx: _Context) -> Step | None:
    """``w_1 f(x_1) + ... + w_n f(x_n) - f(w_1 x_1 + ... + w_n x_n) + c`` (rational weights
    ``w_i > 0`` of sum 1, read off the terms in each variable alone: ``w_i f(x_i)``) with
    ``f`` convex on the hull of the variables' bounds."""
    variables = problem.variables
    single, mixed, c0 = _split(problem.slack, variables)
    if mixed == 0 or any(single[v] == 0 for v in variables):
        return None
    t = variables[0]
    # the terms in each variable are r_i times those in the first (exactly, once the
    # variable is renamed: where the slack is defined, f is defined at every x_i)
    ratios = []
    for v in variables:
        try:
            r = sp.cancel(single[v].xreplace({v: t}) / single[t])
        except Exception:  # SymPy failing: not this form
            return None
        if not (r.is_Rational and r > 0) or single[v] != (r * single[t]).xreplace({t: v}):
            return None
        ratios.append(r)
    weights = [r / sum(ratios) for r in ratios]
    f = single[t] / weights[0]
    if not smooth(f):
        return None
    mean = sp.Add(*[w * v for w, v in zip(weights, variables)])
    form = sp.Add(*[w * f.xreplace({t: v}) for w, v in zip(weights, variables)]) \
        - f.xreplace({t: mean})
    if not (_same(mixed, -f.xreplace({t: mean}))
            or _agrees(mixed, -f.xreplace({t: mean}), problem)):
        return None
    rels = _relations(problem)
    premises = [ctx.identity(problem.slack, form + c0, "the slack in Jensen's form", rels)]
    premises.append(_constant_sign(c0, problem.strict, claim, ctx))
    # (where the slack is defined, so is f at each x_i: the interval may stop where f does)
    where = _domain_interval(f, t, _hull(problem))
    if where is None:
        # f's definedness is not bounds with rational ends (tan t: cos t != 0): the hull
        # itself, where _convex_on shows f, f', f'' defined inside (f is continuous where
        # defined, and defined at each x_i where the slack is)
        where = _hull(problem)
    lo, hi = where
    premises += _convex_on(f, t, lo, hi, ctx, "the variables")
    w_text = ", ".join(tex(w) for w in weights)
    return apply_rule("Jensen's inequality", premises, claim,
                      "the slack is $\\sum_i w_i f(x_i) - f\\left(\\sum_i w_i x_i\\right)$"
                      + (f" plus {tex_math_c(c0)}" if c0 != 0 else "")
                      + f" (weights ${w_text}$) with $f({tex(t)}) = {tex(f)}$ convex "
                      f"($f'' \\ge 0$) on {_interval_text(lo, hi)}")


def _heads(slack: sp.Expr, variables: Sequence[sp.Symbol]) -> dict:
    """The applications ``F(u)`` in ``slack`` grouped by their function ``F``, with ``F(t)``
    for a dummy ``t``: ``SMOOTH`` functions of one argument, and powers ``u^p`` (``p`` free of
    ``u``'s variables) or ``b^u`` (a constant base ``b > 0``)."""
    t = _T
    groups: dict = {}
    for a in sorted(slack.atoms(sp.Function, sp.Pow), key=sp.default_sort_key):
        if isinstance(a, SMOOTH) and len(a.args) == 1:
            head, arg = a.func(t), a.args[0]
        elif a.is_Pow and a.base.free_symbols and not (a.exp.free_symbols
                                                       & a.base.free_symbols):
            head, arg = t ** a.exp, a.base
        elif a.is_Pow and not a.base.free_symbols and a.base.is_positive:
            head, arg = a.base ** t, a.exp
        else:
            continue
        if arg.free_symbols & set(variables):
            groups.setdefault(head, []).append((a, arg))
    return groups


_T = sp.Dummy("t", real=True)


def _weighted_jensen(problem: BoxProblem, claim: str, ctx: _Context) -> Step | None:
    """Jensen's inequality with weights and a function that depend on the other variables:
    the slack is ``sum_i w_i f(x_i) - f(sum_i w_i x_i) + c`` exactly, the ``x_i`` some of the
    variables (the points), ``c >= 0`` a constant, and for every value of the other
    variables (the domain's box for them) the weights are ``>= 0`` with sum 1 and ``f`` is
    convex on the interval ``J`` spanned by the points' ranges (``z cos x + (1 - z) cos y
    <= cos(z x + (1 - z) y)`` on ``[-pi/2, pi/2]``, ``f = -cos``; ``(x + y)^z <= 2^{z - 1}
    (x^z + y^z)``, ``f(t) = 2^z t^z``). Found from the slack: the application ``F(m)`` whose
    argument is ``m = sum_i c_i x_i`` over the applications ``F(x_i)``, the slack linear in
    them with coefficient ``a`` of ``F(m)``; then ``s = sum_i c_i``, ``w_i = c_i / s`` and
    ``f(t) = -a F(s t)`` (the kernel proves the identity)."""
    if problem.strict:
        return None  # (a strict claim needs c > 0: the plain Jensen form)
    variables = problem.variables
    for head, apps in _heads(problem.slack, variables).items():
        points = {arg: a for a, arg in apps if arg.is_Symbol}
        for mean, m in apps:
            if m.is_Symbol or not m.is_polynomial(*points):
                continue
            used = sorted((x for x in points if m.has(x)), key=lambda v: v.name)
            if len(used) < 2 or m.free_symbols & set(points) != set(used):
                continue
            poly = sp.Poly(m, *used)
            if poly.total_degree() != 1 or poly.coeff_monomial(1) != 0:
                continue
            cs = [poly.coeff_monomial(x) for x in used]
            got = _jensen_form(problem, claim, ctx, head, points, mean, used, cs)
            if got is not None:
                return got
    return None


def _jensen_form(problem, claim, ctx, head, points, mean, used, cs) -> Step | None:
    t = _T
    us = [sp.Dummy(f"u{k}") for k in range(len(used) + 1)]
    swap = {points[x]: u for x, u in zip(used, us)}
    swap[mean] = us[-1]
    lin = sp.expand(problem.slack.xreplace(swap))
    if not lin.is_polynomial(*us) or sp.Poly(lin, *us).total_degree() != 1:
        return None
    c0 = lin.xreplace({u: 0 for u in us})
    a = lin.coeff(us[-1])
    if c0.free_symbols or a == 0 or a.free_symbols & set(used):
        return None
    total = sp.Add(*cs)
    if total == 0 or total.free_symbols & set(used):
        return None
    weights = [sp.cancel(c / total) for c in cs]
    f = -a * head.xreplace({t: total * t})
    if not smooth(f):
        return None
    form = sp.Add(*[w * f.xreplace({t: x}) for w, x in zip(weights, used)]) \
        - f.xreplace({t: sp.Add(*[w * x for w, x in zip(weights, used)])}) + c0
    if not (_same(problem.slack, form) or _agrees(problem.slack, form, problem)):
        return None
    rels = _relations(problem)
    premises = [ctx.identity(problem.slack, form, "the slack in Jensen's form", rels),
                ctx.identity(sp.Add(*weights), sp.Integer(1), "the weights add up to 1", [])]
    premises.append(_constant_sign(c0, False, claim, ctx))
    for w in weights:
        premises.append(ctx.holds(w, False, rels, f"{tex(w)} \\ge 0", share=0.3))
    # J: the points' ranges (exact ends), cut to where f is defined; the other variables
    # of f keep their own ranges
    idx = {v: i for i, v in enumerate(problem.variables)}
    ends = [_exact_ends(problem, idx[x]) for x in used]
    los, his = [lo for lo, _ in ends], [hi for _, hi in ends]
    hull = (None if None in los else min(los), None if None in his else max(his))
    where = _domain_interval(f, t, hull)
    lo, hi = hull if where is None else where
    others = _ranges(problem, f.free_symbols - {t})
    if others is None:
        return None
    premises += _convex_on(f, t, lo, hi, ctx, "the points", others=others)
    w_text = ", ".join(tex(w) for w in weights)
    return apply_rule("Jensen's inequality", premises, claim,
                      "the slack is $\\sum_i w_i f(x_i) - f\\left(\\sum_i w_i x_i\\right)$"
                      + (f" plus {tex_math_c(c0)}" if c0 != 0 else "")
                      + f" (weights ${w_text}$, each $\\ge 0$, of sum 1) with "
                      f"$f({tex(t)}) = {tex(f)}$ convex ($f'' \\ge 0$) on "
                      f"{_interval_text(lo, hi)}"
                      + (" for every value of the other variables" if others else ""))


def tex_math_c(c: sp.Expr) -> str:
    return f"${tex(c)}$"


def _interval_text(lo, hi) -> str:
    a = "-\\infty" if lo is None else tex(lo)
    b = "\\infty" if hi is None else tex(hi)
    return f"$({a}, {b})$"


# ------------------------------------------------------------------------ Lipschitz

def _lipschitz(problem: BoxProblem, claim: str, ctx: _Context) -> Step | None:
    """``L |x - y| - k |A| + c`` with ``A = P(x) - P(y)``: ``|f'| <= L`` for ``f = k P``."""
    if len(problem.variables) != 2:
        return None
    x, y = problem.variables
    lip, rest, c0 = sp.Integer(0), [], sp.Integer(0)
    for term in sp.Add.make_args(problem.slack):
        if not term.free_symbols:
            c0 += term
            continue
        k, body = term.as_coeff_Mul()
        if isinstance(body, sp.Abs) and k > 0:
            q = sp.cancel(body.args[0] / (x - y))
            if q.is_Rational and q != 0:
                lip += k * abs(q)
                continue
        rest.append(term)
    if lip == 0 or len(rest) != 1:
        return None
    k, body = rest[0].as_coeff_Mul()
    if not isinstance(body, sp.Abs) or not k < 0:
        return None
    single, mixed, const = _split(body.args[0], (x, y))
    if mixed != 0 or const != 0 or single[x] == 0:
        return None
    f = -k * single[x]
    # (the same terms exactly: where the slack is defined, f is defined at x and at y)
    if not smooth(f) or single[y] != -single[x].xreplace({x: y}):
        return None
    form = lip * sp.Abs(x - y) - sp.Abs(f - f.xreplace({x: y})) + c0
    rels = _relations(problem)
    premises = [ctx.identity(problem.slack, form, "the slack in Lipschitz form", rels)]
    premises.append(_constant_sign(c0, problem.strict, claim, ctx))
    where = _domain_interval(f, x, _hull(problem))
    if where is None:
        return None
    lo, hi = where
    inside = _interval(x, lo, hi)
    d1 = sp.diff(f, x)
    if (_negative_somewhere(lip - d1, [x], [(lo, hi)], inside)
            or _negative_somewhere(lip + d1, [x], [(lo, hi)], inside)):
        return None
    premises += ctx.defined([f, d1], inside, "inside the interval of the variables")
    premises.append(ctx.holds(lip - d1, False, inside, f"{tex(d1)} \\le {tex(lip)}"))
    premises.append(ctx.holds(lip + d1, False, inside, f"{tex(d1)} \\ge {tex(-lip)}"))
    return apply_rule("mean value theorem", premises, claim,
                      f"$f({tex(x)}) = {tex(f)}$ has $|f'| \\le {tex(lip)}$ on "
                      f"{_interval_text(lo, hi)}, so $|f(x) - f(y)| = |f'(\\xi)|\\,|x - y| "
                      f"\\le {tex(lip)} |x - y|$")


# ------------------------------------------------------------------------ outer function

def difference(slack: sp.Expr) -> tuple | None:
    """``(c, k, F, G)`` with ``slack = c + k (F - G)``: a constant ``c``, a number ``k > 0``
    and two terms; None when the slack is not of that form."""
    parts = sp.Add.make_args(slack)
    terms = [a for a in parts if a.free_symbols]
    if len(terms) != 2:
        return None
    (k1, f1), (k2, f2) = (a.as_coeff_Mul() for a in terms)
    if k1 != -k2 or k1 == 0:
        return None
    if k1 < 0:
        (k1, f1), (k2, f2) = (k2, f2), (k1, f1)
    return sp.Add(*[a for a in parts if not a.free_symbols]), k1, f1, f2


def _outer(problem: BoxProblem, claim: str, ctx: _Context) -> Step | None:
    """``k (F(A) - F(B)) + c`` with ``k > 0``, ``c >= 0`` and ``F`` monotone on the interval
    where it is defined (``F' >= 0`` or ``F' <= 0`` inside it, decided): ``A - B >= 0``
    (``B - A >= 0`` for a decreasing ``F``; ``> 0`` for a strict claim) suffices."""
    got = difference(problem.slack)
    if got is None:
        return None
    c0, _, f1, f2 = got
    t = sp.Dummy("t", real=True)
    if isinstance(f1, OUTER) and type(f1) is type(f2):
        big, small = f1.args[0], f2.args[0]
        F = type(f1)(t)
    elif f1.is_Pow and f2.is_Pow and f1.exp == f2.exp and f1.exp.is_Rational:
        big, small = f1.base, f2.base
        F = t ** f1.exp
    else:
        return None
    where = _domain_interval(F, t, (None, None))
    if where is None:
        return None
    lo, hi = where
    inside = _interval(t, lo, hi)
    d1 = sp.diff(F, t)
    neg, pos = _sample_signs(d1, [t], [(lo, hi)], inside)
    if neg == pos:
        return None  # no sign, or none seen
    sign = 1 if pos else -1
    if sign < 0:
        big, small = small, big
    strict = problem.strict
    premises = []
    if strict and c0 != 0:
        margin = certify_sign(c0, f"{tex(c0)} > 0", True)
        if margin.verdict == PROVED:
            premises.append(margin)
            strict = False
    if not premises:
        premises.append(_constant_sign(c0, False, claim, ctx))
    premises += ctx.defined([F, d1], inside, "inside the domain of the outer function")
    slope = f"F' {_ge(strict)} 0" if sign > 0 else f"F' {_le(strict)} 0"
    premises.append(ctx.holds(sign * d1, strict, inside, f"{tex(d1)} {slope[3:]}"))
    rels = _relations(problem)
    what = f"{tex(big)} {_ge(strict)} {tex(small)}"
    premises.append(ctx.holds(big - small, strict, rels, what, share=0.8))
    F_text = tex(F.xreplace({t: sp.Symbol("u")}))
    return apply_rule("mean value theorem", premises, claim,
                      f"$F(u) = {F_text}$ has ${slope}$ where it is defined, and ${what}$ "
                      f"on the domain, so $k (F(A) - F(B)) = k F'(\\xi)(A - B) \\ge 0$ "
                      f"($k > 0$)")


def _with_signs(e: sp.Expr, rels: Sequence[sp.Basic]) -> sp.Expr:
    """``e`` as SymPy rebuilds it (powers of products split, powers of powers joined, common
    factors pulled out: SymPy joins ``2^{-z} y^z`` again for a real ``y``) with
    the sign conditions ``v > 0``, ``v >= 0`` among ``rels`` as assumptions (``(y/2)^z`` is
    ``2^{-z} y^z`` where ``y > 0``); equal to ``e``
    where they hold (a premise using it comes with an identity the kernel proves)."""
    signed = {}
    for r in _signs(rels):
        v = r.lhs
        signed[v] = sp.Dummy(v.name, positive=True) if isinstance(r, sp.Gt) else \
            sp.Dummy(v.name, nonnegative=True)
    back = {d: v for v, d in signed.items()}
    try:
        e = sp.powdenest(sp.expand_power_base(e.xreplace(signed)))
        return sp.factor_terms(sp.expand_power_base(e)).xreplace(back)
    except Exception:  # SymPy failing: the form as it is
        return e


def _power_sides(problem: BoxProblem, claim: str, ctx: _Context) -> Step | None:
    """``k A^r - Q`` (or ``Q - k A^r``) with ``k > 0``, ``Q > 0`` and ``u^r`` increasing on
    ``(0, oo)`` (``r`` a variable exponent: decided for every value its variables allow; a
    constant one, ``\\sqrt[3]{xyz}``, is left to the other methods and the engine): with
    ``C = (Q/k)^{1/r}`` the slack is ``k (F(A) - F(C))``, ``F(u) = u^r`` (the kernel proves
    the identity), so ``A - C >= 0`` (``C - A``) suffices (*mean value theorem*; the power
    mean ``((x^z + y^z)/2)^{1/z} >= (x + y)/2`` becomes Jensen's ``(x^z + y^z)/2 >=
    ((x + y)/2)^z``)."""
    terms = sp.Add.make_args(problem.slack)
    found = []
    for term in terms:
        for p in sp.Mul.make_args(term):
            if p.is_Pow and p.base.free_symbols and p.exp.free_symbols:
                found.append((term, p))
    if len(found) != 1:
        return None
    term, power = found[0]
    k = term / power
    sign = 1
    if k.could_extract_minus_sign():
        k, sign = -k, -1
    q = -sign * (problem.slack - term)
    if not q.free_symbols or power.base.free_symbols.isdisjoint(q.free_symbols):
        return None
    r, a = power.exp, power.base
    rels = _relations(problem)
    c = _with_signs((q / k) ** (1 / r), rels)  # ((y/2)^z: 2^{-z} y^z where y > 0)
    t = sp.Dummy("u", real=True)
    F = t ** r
    d1 = sp.factor_terms(sp.diff(F, t))
    others = _ranges(problem, r.free_symbols)
    if others is None:
        return None
    inside = [t > 0, *others]
    strict = problem.strict
    premises = [ctx.holds(k, True, rels, f"{tex(k)} > 0", share=0.2),
                ctx.holds(q, True, rels, f"{tex(q)} > 0", share=0.3),
                ctx.holds(c, True, rels, f"C = {tex(c)} > 0", share=0.3),
                ctx.identity(problem.slack, sign * k * (a ** r - c ** r),
                             "the slack as $k (F(A) - F(C))$", rels)]
    # C defined on the whole domain (r != 0 among its conditions: the identity holds only there)
    premises += ctx.defined([c], rels, "on the domain")
    premises += ctx.defined([F, d1], inside, "inside the domain of the outer function")
    premises.append(ctx.holds(d1, strict, inside, f"{tex(d1)} {_ge(strict)} 0", share=0.3))
    big, small = (a, c) if sign > 0 else (c, a)
    what = f"{tex(big)} {_ge(strict)} {tex(small)}"
    premises.append(ctx.holds(_with_signs(big - small, rels), strict, rels, what, share=0.9))
    return apply_rule("mean value theorem", premises, claim,
                      f"$F(u) = {tex(F.xreplace({t: sp.Symbol('u')}))}$ has $F' {_ge(strict)} "
                      f"0$ on $(0, \\infty)$, the slack is $\\pm k (F(A) - F(C))$ with $k > 0$ "
                      f"and $C = {tex(c)}$, and ${what}$ on the domain")


# ------------------------------------------------------------------------ subadditivity

def _subadditive(problem: BoxProblem, claim: str, ctx: _Context) -> Step | None:
    """``F(x_1) + ... + F(x_n) - F(x_1 + ... + x_n) + c`` (``n >= 2``, ``c >= 0``; ``> 0``
    for a strict claim) with every variable in an interval ``J`` closed under addition
    (``R``, ``[0, oo)``, ``(0, oo)``) where ``F`` is defined: the two-variable lemma
    ``F(a) + F(b) - F(a + b) >= 0`` on ``J`` gives the claim by induction on ``n``
    (*subadditivity*; ``|\\sin(x + y + z)| \\le |\\sin x| + |\\sin y| + |\\sin z|``). The
    lemma: on ``J`` in ``[0, oo)`` from ``F`` concave with ``F(0) >= 0`` (*subadditivity of
    concave functions*: ``\\sqrt[3]{x + y} \\le \\sqrt[3]{x} + \\sqrt[3]{y}``), else (three or
    more variables) a claim of its own, decided by the whole engine."""
    variables = problem.variables
    single, mixed, c0 = _split(problem.slack, variables)
    t = sp.Dummy("t", real=True)
    f = single[variables[0]].xreplace({variables[0]: t})
    if f == 0 or any(single[v] != f.xreplace({t: v}) for v in variables):
        return None
    if not _same(mixed, -f.xreplace({t: sp.Add(*variables)})):
        return None
    los = [lo for lo, _ in problem.bounds]
    if None not in los and min(los) >= 0:
        # J = [0, oo), or (0, oo) when every variable is > 0
        opened = all(lo > 0 or (i, "lo") in problem.opens for i, lo in enumerate(los))
        where = [t > 0] if opened else [t >= 0]
    else:
        where = []  # J = R
    if len(variables) == 2 and not where:
        return None  # the lemma is the claim
    a, b = sp.Symbol("a", real=True), sp.Symbol("b", real=True)
    on_j = [r.xreplace({t: a}) for r in where] + [r.xreplace({t: b}) for r in where]
    rels = _relations(problem)
    premises = [ctx.identity(problem.slack, sp.Add(*[f.xreplace({t: v}) for v in variables])
                             - f.xreplace({t: sp.Add(*variables)}) + c0,
                             "the slack in subadditive form", rels)]
    # a strict claim: c > 0, or c >= 0 and the lemma strict on J = (0, oo)
    margin = certify_sign(c0, f"{tex(c0)} > 0", True) if problem.strict else None
    strict = problem.strict and margin.verdict != PROVED
    if strict and not (where and isinstance(where[0], sp.Gt)):
        return None
    premises.append(margin if problem.strict and not strict else
                    _constant_sign(c0, False, claim, ctx))
    premises += ctx.defined([f], where, "on the interval of the variables")
    lemma = f.xreplace({t: a}) + f.xreplace({t: b}) - f.xreplace({t: a + b})
    if _negative_somewhere(lemma, (a, b), [_span_of(where)] * 2, on_j):
        return None  # the lemma fails on J (the claim may still hold on its domain)
    what = f"{tex(lemma)} {_ge(strict)} 0"
    concave = _concave_lemma(f, t, what, ctx, strict) if where else None
    if concave is None and len(variables) == 2:
        return None  # (the lemma is the claim)
    premises.append(concave or ctx.holds(lemma, strict, on_j, what, share=0.9))
    f_text = tex(f.xreplace({t: sp.Symbol("u")}))
    return apply_rule("subadditivity", premises, claim,
                      f"$F(u) = {f_text}$ is subadditive, ${what}$ for all $a, b$ in "
                      f"{_j_text(where)}, so $F(x_1 + \\dots + x_n) {_le(strict)} F(x_1) + "
                      "\\dots + F(x_n)$ (induction on $n$)")


def _concave_lemma(f: sp.Expr, t: sp.Symbol, what: str, ctx: _Context, strict: bool = False
                   ) -> Step | None:
    """``F(a) + F(b) >= F(a + b)`` for ``a, b >= 0`` (``>`` for ``a, b > 0`` if ``strict``)
    from ``F`` continuous on ``[0, oo)`` (``smooth``, defined there), concave (``F'' <= 0``
    inside; ``< 0`` if ``strict``) and ``F(0) >= 0``; or None."""
    if not smooth(f):
        return None
    try:
        premises = ctx.defined([f], [t >= 0], "on $[0, \\infty)$")
        at0 = f.xreplace({t: sp.Integer(0)})
        premises.append(ctx.need(certify_sign(at0, f"F(0) = {tex(at0)} \\ge 0", False)))
        premises += _convex_on(-f, t, sp.Integer(0), None, ctx, "$[0, \\infty)$", strict)
    except _GiveUp:
        return None
    return apply_rule("subadditivity of concave functions", premises, what,
                      f"$F(u) = {tex(f.xreplace({t: sp.Symbol('u')}))}$ is "
                      + ("strictly " if strict else "") + "concave on $[0, \\infty)$ ($F'' "
                      f"{_le(strict)} 0$) with $F(0) \\ge 0$")


def _span_of(where: Sequence[sp.Basic]) -> tuple:
    return (None, None) if not where else (sp.Integer(0), None)


def _j_text(where: Sequence[sp.Basic]) -> str:
    if not where:
        return "$\\mathbb{R}$"
    return "$(0, \\infty)$" if isinstance(where[0], sp.Gt) else "$[0, \\infty)$"


# ------------------------------------------------------------------------ sine and cosine apart

def _decouple(problem: BoxProblem, claim: str, ctx: _Context) -> Step | None:
    """A slack that, with ``sin``/``cos`` of sums and multiples expanded (SymPy's
    ``expand_trig``, an identity), uses the variables only through ``sin v`` and ``cos v``,
    and that is defined everywhere as a function of those (no division, root or logarithm):
    each ``sin v``, ``cos v`` becomes a variable of its own in ``[-1, 1]``, a claim in at
    most ``realprove.MAX_VARIABLES`` variables on a larger set (*substitution instance*;
    ``|\\sin(a + b)| \\le |\\sin a| + |\\sin b|`` becomes ``|s_a c_b + c_a s_b| \\le |s_a| +
    |s_b|`` on ``[-1, 1]^4``). The domain's conditions on the variables are dropped (this
    only proves more)."""
    slack = problem.slack
    if not slack.has(sp.sin, sp.cos):
        return None
    try:
        with time_limit(min(1.0, max(ctx.left() / 4, 0.1))):
            expanded = _pythagoras(sp.expand_trig(slack), problem.variables)
    except Exception:  # SymPy failing or too slow: not this form
        return None
    taken = {s.name for s in slack.free_symbols}
    new, back, box = {}, {}, []
    for v in problem.variables:
        for fn, name in ((sp.sin, "s"), (sp.cos, "c")):
            sym = sp.Symbol(f"{name}_{v.name}", real=True)
            if sym.name in taken:
                return None
            new[fn(v)] = sym
            back[sym] = fn(v)
            box += [sym >= -1, sym <= 1]
    g = expanded.xreplace(new)
    if g.free_symbols & set(problem.variables) or definedness(g):
        return None
    used = sorted(g.free_symbols, key=lambda s: s.name)
    if len(used) > realprove.MAX_VARIABLES:
        return None
    box = [r for r in box if r.free_symbols <= set(used)]
    premises = [ctx.identity(slack, g.xreplace(back), "sine and cosine of sums expanded",
                             [])]
    for s in used:
        for e in (1 - back[s], 1 + back[s]):
            premises.append(ctx.holds(e, False, [], f"{tex(e)} \\ge 0", quick=True))
    if _negative_somewhere(g, used, [(-1, 1)] * len(used), []):
        return None  # false on the box: sin and cos are not independent here
    what = f"{tex(g)} {_ge(problem.strict)} 0"
    try:  # (concave in some of the new variables: at the vertices at once)
        inner = _vertices(realprove.build_problem(g, problem.strict, box), what, ctx)
    except realprove.Unsupported:
        inner = None
    premises.append(inner if inner is not None and inner.verdict == PROVED else
                    ctx.holds(g, problem.strict, box, what, share=0.9))
    if not used:
        return apply_rule("substitution instance", premises, claim,
                          "with the sines and cosines of sums expanded and $\\cos^2 = 1 - "
                          f"\\sin^2$ the slack is ${tex(g)} {_ge(problem.strict)} 0$")
    names = ", ".join(f"{tex(s)} = {tex(back[s])}" for s in used)
    return apply_rule("substitution instance", premises, claim,
                      f"the slack is $G({', '.join(tex(s) for s in used)})$ at ${names}$, "
                      f"and $G = {tex(g)} {_ge(problem.strict)} 0$ wherever each of its "
                      "variables is in $[-1, 1]$")


def decouple(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    r"""``_decouple`` on its own, in one variable as well (``|\sin 3x| \le 3 |\sin x|`` is
    ``3 |s| - |4 s^3 - 3 s| \ge 0`` on ``[-1, 1]``; ``derive.recast`` calls it): the proved
    step, or None."""
    if sp.count_ops(problem.slack) > MAX_OPS:
        return None
    return attempt(_decouple, problem, claim, _Context(clock.now() + seconds))


def _pythagoras(e: sp.Expr, variables: Sequence[sp.Symbol]) -> sp.Expr:
    """``e`` with ``cos(v)^n`` written ``(1 - sin(v)^2)^(n/2)`` (``cos(v) (1 - sin(v)^2)^((n -
    1)/2)`` for odd ``n``) and expanded, when ``e`` is a polynomial in the sines and cosines
    (else ``e``): ``sin^2 x - sin^2 y - sin(x + y) sin(x - y)`` becomes 0."""
    gens = [f(v) for v in variables for f in (sp.sin, sp.cos)]
    if not e.is_polynomial(*gens):
        return e
    out = sp.expand(e)
    for v in variables:
        c, s = sp.cos(v), sp.sin(v)

        def fold(p, c=c, s=s):
            n = int(p.exp)
            return (1 - s ** 2) ** (n // 2) * c ** (n % 2)

        out = out.replace(lambda p, c=c: p.is_Pow and p.base == c and p.exp.is_Integer
                          and p.exp >= 2, fold)
    return sp.expand(out)


# ------------------------------------------------------------------------ harmonic addition

def _harmonic(problem: BoxProblem, claim: str, ctx: _Context) -> Step | None:
    r"""A variable ``x`` that occurs only as ``P \sin t + Q \cos t`` in the slack's terms, one
    argument ``t`` with ``x`` (``P``, ``Q`` factors free of ``x``; the other terms ``C``): ``P
    \sin t + Q \cos t \le \sqrt{P^2 + Q^2}`` for every real ``t``, so the claim ``C -
    \sqrt{P^2 + Q^2} \ge 0`` in the other variables suffices, on the domain's conditions
    free of ``x`` (*harmonic addition*; ``y \sin x + z \cos x \le \sqrt{y^2 + z^2}``,
    ``\sin 2x + \cos 2x \le \sqrt{2}``). ``P``, ``Q`` and ``C`` are products and sums of the
    slack's own subexpressions: defined wherever the slack is."""
    terms = sp.Add.make_args(problem.slack)
    for x in problem.variables:
        parts = {sp.sin: [], sp.cos: []}
        rest = []
        theta = None  # the one argument of the sines and cosines with x
        for term in terms:
            if x not in term.free_symbols:
                rest.append(term)
                continue
            factors = sp.Mul.make_args(term)
            trig = [f for f in factors if x in f.free_symbols]
            if len(trig) != 1 or type(trig[0]) not in parts:
                break
            theta = trig[0].args[0] if theta is None else theta
            if trig[0].args[0] != theta:
                break
            parts[type(trig[0])].append(sp.Mul(*[f for f in factors if f is not trig[0]]))
        else:
            if not parts[sp.sin] and not parts[sp.cos]:
                continue
            p, q, c = sp.Add(*parts[sp.sin]), sp.Add(*parts[sp.cos]), sp.Add(*rest)
            bound = c - sp.sqrt(p ** 2 + q ** 2)
            rels = _relations(problem, lambda g, x=x: x not in g.free_symbols)
            others = [(v, b) for v, b in zip(problem.variables, problem.bounds) if v != x]
            if _negative_somewhere(bound, [v for v, _ in others], [b for _, b in others], rels):
                continue
            what = f"{tex(bound)} {_ge(problem.strict)} 0"
            premises = [ctx.identity(problem.slack, c + p * sp.sin(theta) + q * sp.cos(theta),
                                     "the slack in sines and cosines of " + tex(theta), [])]
            premises.append(ctx.holds(bound, problem.strict, rels, what, share=0.9))
            return apply_rule("harmonic addition", premises, claim,
                              f"${tex(-p * sp.sin(theta) - q * sp.cos(theta))} \\le "
                              f"{tex(sp.sqrt(p ** 2 + q ** 2))}$, and ${what}$")
    return None


# ------------------------------------------------------------------------ reciprocals

def _reciprocal(problem: BoxProblem, claim: str, ctx: _Context) -> Step | None:
    r"""Every variable ``> 0`` and the slack smaller in the reciprocals (``\frac{3}{1/x + 1/y
    + 1/z} \le \sqrt[3]{xyz}`` becomes ``\frac{3}{x + y + z} \le \sqrt[3]{1/(xyz)}``): ``v =
    1/u`` maps ``(0, oo)`` onto itself, so the slack is ``>= 0`` on the domain iff the new one
    is on the domain mapped (*change of variable*), where it is defined everywhere (a
    premise: then no point where the slack is defined is lost)."""
    variables = problem.variables
    for i in range(len(variables)):
        lo = problem.bounds[i][0]
        if lo is None or lo < 0 or (lo == 0 and (i, "lo") not in problem.opens):
            return None
    if not all(problem.slack.has(1 / v) for v in variables):
        return None
    inv = {v: 1 / v for v in variables}
    new = problem.slack.xreplace(inv)
    if sp.count_ops(new) >= sp.count_ops(problem.slack):
        return None
    # (v > 0 becomes 1/v > 0: written v > 0)
    rels = [r.xreplace(inv) for r in _relations(problem) if r.lhs not in variables]
    rels += [v > 0 for v in variables]
    if _negative_somewhere(new, variables, [(sp.Integer(0), None)] * len(variables), rels):
        return None
    premises = ctx.defined([new], rels, "for the reciprocals")
    what = f"{tex(new)} {_ge(problem.strict)} 0"
    premises.append(ctx.holds(new, problem.strict, rels, what, share=0.9))
    names = ", ".join(f"{tex(v)} = 1/{tex(v)}" for v in variables)
    return apply_rule("change of variable", premises, claim,
                      f"with ${names}$ (a bijection of $(0, \\infty)$) the slack is "
                      f"${tex(new)} {_ge(problem.strict)} 0$, defined on the whole domain")


# ------------------------------------------------------------------------ concave on a box

def _vertices(problem: BoxProblem, claim: str, ctx: _Context) -> Step | None:
    """A slack concave in some variables ``W`` with finite bounds and no other condition
    on them (``x != c`` aside: proving more), defined for all their values (no
    ``definedness`` condition on them): each term with a variable of ``W`` is affine in
    ``W`` or ``-k |L|`` with ``k > 0`` and ``L`` affine in ``W`` (coefficients: expressions in
    the other variables). Its minimum over the closed box of ``W`` is at a vertex (*concave
    minimum at vertices*): the claims with ``W`` at each vertex, in fewer variables."""
    variables = problem.variables
    # (the slack is defined for every value of W: its minimum over the closed box is at a
    # vertex, where it is defined, also when the domain leaves the vertex out)
    free = set().union(*[c.free_symbols for c in definedness(problem.slack)])
    cands = [v for i, v in enumerate(variables) if None not in problem.bounds[i]
             and v not in free and _concave_in(problem.slack, [v])]
    for group in ([cands] if len(cands) > 1 else []) + [[v] for v in cands]:
        if len(group) == len(variables) or not _concave_in(problem.slack, group):
            continue
        w = set(group)
        # every condition on W is one of its box's bounds
        if any(g.free_symbols & w and not (len(g.free_symbols) == 1 and g.is_polynomial()
                                           and sp.Poly(g).degree() == 1)
               for g, _ in problem.constraints):
            continue
        rels = _relations(problem, lambda g, w=w: not g.free_symbols & w)
        ends = [problem.bounds[variables.index(v)] for v in group]
        # (the same claim at two vertices is decided once: |-u| is |u|)
        faces = list(dict.fromkeys(problem.slack.xreplace(dict(zip(group, corner)))
                                   for corner in product(*ends)))
        premises = []
        for face in faces:
            try:
                premises.append(ctx.holds(face, problem.strict, rels,
                                          f"{tex(face)} {_ge(problem.strict)} 0",
                                          share=1 / (len(faces) - len(premises))))
            except _GiveUp:
                premises = None
                break
        if premises is None:
            continue
        ws = ", ".join(tex(v) for v in group)
        return apply_rule("concave minimum at vertices", premises, claim,
                          f"the slack is concave in ${ws}$ (affine terms and $-k|L|$, $L$ "
                          f"affine, $k > 0$) on a box, so it is least at a vertex, where it "
                          f"is ${_ge(problem.strict)} 0$")
    return None


def _concave_in(slack: sp.Expr, group: Sequence[sp.Symbol]) -> bool:
    """Whether each term of ``slack`` with a variable of ``group`` is affine in ``group`` or
    ``-k |L|`` (``k > 0`` rational, ``L`` affine in ``group``), with coefficients free of
    ``group``."""
    w = set(group)

    def affine(e: sp.Expr) -> bool:
        if not e.is_polynomial(*group):
            return False
        poly = sp.Poly(e, *group)
        return poly.total_degree() <= 1 and not any(
            c.free_symbols & w for c in poly.coeffs())

    seen = False
    for term in sp.Add.make_args(sp.expand(slack, deep=False)):
        if not term.free_symbols & w:
            continue
        k, body = term.as_coeff_Mul()
        if isinstance(body, sp.Abs) and k < 0 and affine(body.args[0]):
            seen = True
            continue
        if term.has(sp.Abs) and any(a.free_symbols & w for a in term.atoms(sp.Abs)):
            return False
        if not affine(term):
            return False
    return seen


# ------------------------------------------------------------------------ partial minimum

def _partial(problem: BoxProblem, claim: str, ctx: _Context, split: int = 2
             ) -> Step | None:
    """Minimise the slack over one variable (module docstring): the convex case with an
    explicit critical point, then the monotone case from a closed end. Failing that, a
    variable ``v >= a`` is split (at most ``split`` times along a branch) into ``v > a``,
    minimised likewise, and the face ``v = a``,
    a claim in one variable fewer (*case split*: in ``x, y >= 0``, ``x/3 + 2y/3 >=
    x^{1/3} y^{2/3}`` has its critical point ``x = y`` at the end ``x = 0`` when ``y = 0``,
    where the derivative is not defined)."""
    slack = problem.slack
    if not smooth(slack):
        return None
    for i, y in enumerate(problem.variables):
        if ctx.left() <= 0.3:
            return None
        try:
            step = _partial_in(problem, claim, ctx, i, y)
        except _GiveUp:
            step = None
        if step is not None:
            return step
    if not split:
        return None
    rels = _relations(problem)
    for i, v in enumerate(problem.variables):
        lo = problem.bounds[i][0]
        if lo is None or (i, "lo") in problem.opens or ctx.left() <= 0.5:
            continue
        try:
            inner = realprove.build_problem(slack, problem.strict, rels + [v > lo])
        except realprove.Unsupported:
            continue
        step = _partial(inner, f"{claim} \\text{{ where }} {tex(v)} > {tex(lo)}", ctx,
                        split=split - 1)
        if step is None:
            continue
        face_rels = [r.xreplace({v: lo}) for r in rels]
        if any(r is sp.false for r in face_rels):
            return apply_rule("case split", [step], claim, f"the domain has ${tex(v)} > "
                              f"{tex(lo)}$ (its face ${tex(v)} = {tex(lo)}$ is empty)")
        face_rels = [r for r in face_rels if r is not sp.true]
        face = slack.xreplace({v: lo})
        try:
            other = ctx.holds(face, problem.strict, face_rels,
                              f"{tex(face)} {_ge(problem.strict)} 0 \\text{{ at }} {tex(v)} "
                              f"= {tex(lo)}", share=0.9)
        except _GiveUp:
            continue
        return apply_rule("case split", [step, other], claim,
                          f"the cases ${tex(v)} > {tex(lo)}$ ({step.reason}) and ${tex(v)} = "
                          f"{tex(lo)}$, where the slack is ${tex(face)} {_ge(problem.strict)} "
                          "0$")
    return None


def _partial_in(problem: BoxProblem, claim: str, ctx: _Context, i: int, y: sp.Symbol
                ) -> Step | None:
    slack = problem.slack
    span = _span(problem, i, y)
    lo, hi = span[:2]
    others = [v for v in problem.variables if v != y]
    base = _relations(problem, lambda g: y not in g.free_symbols)
    inside = base + _interval(y, lo, hi)
    try:
        with time_limit(min(2.0, max(ctx.left() / 4, 0.1))):
            h1 = sp.diff(slack, y)
            h2 = sp.diff(h1, y)
    except Exception:  # SymPy failing or too slow: not this variable
        return None
    bounds = tuple((lo, hi) if v == y else b for v, b in zip(problem.variables, problem.bounds))
    neg, pos = _sample_signs(h1, problem.variables, bounds, inside)

    def monotone() -> Step | None:
        for ok, up in ((not neg, True), (not pos, False)):
            if not ok:
                continue
            if (lo if up else hi) is not None:
                got = _monotone(problem, claim, ctx, y, h1, base, inside, up, span)
                if got is not None:
                    return got
            for g, open_g in _linear_ends(problem, y, up):
                try:
                    got = _monotone(problem, claim, ctx, y, h1, base, inside, up, span,
                                    (g, open_g))
                except _GiveUp:
                    got = None
                if got is not None:
                    return got
        return None

    if neg != pos:  # one sign seen: the monotone case first
        try:
            got = monotone()
        except _GiveUp:
            got = None
        if got is not None:
            return got
    if not _negative_somewhere(h2, problem.variables, bounds, inside):
        try:  # (first what does not depend on the critical point: quick to fail)
            smooth_inside = ctx.defined([slack, h1, h2], inside,
                                        f"inside the interval of {tex(y)}")
        except _GiveUp:
            smooth_inside = None
        if smooth_inside is not None:
            got = _convex_minimum(problem, claim, ctx, y, h1, h2, base, inside, others,
                                  smooth_inside, span)
            if got is not None:
                return got
    if not neg and not pos:  # no sign seen at the sample points: the monotone case last
        return monotone()
    return None


def _span(problem: BoxProblem, i: int, y: sp.Symbol) -> tuple:
    """``(lo, hi, lo open, hi open)``: the interval ``I`` of ``y`` (its box), cut by the
    slack's definedness conditions that are bounds on ``y`` alone (``ln y``: ``y > 0``);
    at every point of the domain where the slack is defined, ``y`` lies in it."""
    lo, hi = problem.bounds[i]
    open_lo, open_hi = (i, "lo") in problem.opens, (i, "hi") in problem.opens
    for c in definedness(problem.slack):
        if c.free_symbols != {y}:
            continue
        try:
            e, strict = _as_slack(c)
        except _GiveUp:
            continue
        poly = sp.Poly(e, y) if e.is_polynomial(y) else None
        if poly is None or poly.degree() != 1 or not all(k.is_Rational
                                                          for k in poly.all_coeffs()):
            continue
        a, b = poly.all_coeffs()
        end = -b / a
        if a > 0 and (lo is None or end > lo):
            lo, open_lo = end, strict
        elif a > 0 and end == lo:
            open_lo = open_lo or strict
        elif a < 0 and (hi is None or end < hi):
            hi, open_hi = end, strict
        elif a < 0 and end == hi:
            open_hi = open_hi or strict
    return lo, hi, open_lo, open_hi


def _convex_minimum(problem, claim, ctx, y, h1, h2, base, inside, others, smooth_inside,
                    span) -> Step | None:
    if sp.count_ops(h1) > 2 * MAX_ROOT_OPS:
        return None
    try:  # (SymPy's own checks are not needed: the identity below is the check)
        with time_limit(min(SOLVE_SECONDS, max(ctx.left() / 4, 0.1))):
            roots = list(sp.solve(h1, y, check=False, simplify=False))
    except Exception:  # SymPy failing or too slow: no explicit critical point from it
        roots = []
    # the diagonal y = x, which solve misses among transcendental roots (Pinsker's
    # x ln(x/y) + (1 - x) ln((1 - x)/(1 - y)) - 2(x - y)^2 in x at x = y): a guess, kept
    # only where the derivative is seen to vanish and proved so below
    roots = roots[:3] + [v for v in others if v not in roots]
    signs = _signs(base)
    clamped = []
    for g in roots[:3 + len(others)]:
        if not isinstance(g, sp.Expr) or g.has(sp.I) or not g.free_symbols <= set(others) \
                or sp.count_ops(g) > MAX_ROOT_OPS or not smooth(g):
            continue
        others_bounds = [b for v, b in zip(problem.variables, problem.bounds) if v != y]
        at = h1.xreplace({y: g})
        neg, pos, zero = _samples(at, others, others_bounds, base)
        if neg or pos or not zero:
            continue  # not seen to be a zero of the derivative (solve was not asked to check)
        lo, hi = span[:2]
        outside, inside_somewhere = [], True
        for end, below in ((lo, True), (hi, False)):
            if end is not None:
                neg, pos = _sample_signs(g - end if below else end - g, others,
                                         others_bounds, base)
                if neg:
                    outside.append((end, below))
                    inside_somewhere = inside_somewhere and pos
        if not outside:
            try:
                return _at_critical(problem, claim, ctx, y, g, h1, h2, base, inside, signs,
                                    smooth_inside, span)
            except _GiveUp:
                continue
        elif len(outside) == 1 and inside_somewhere:
            clamped.append((g, outside[0]))
    # a critical point inside the interval for some x only (after those inside for all x)
    for g, (end, below) in clamped:
        try:
            return _clamped(problem, claim, ctx, y, g, h1, h2, base, inside, signs,
                            smooth_inside, span, end, below)
        except _GiveUp:
            continue
    return None


def _clamped(problem, claim, ctx, y, g, h1, h2, base, inside, signs, smooth_inside, span,
             end, below) -> Step:
    r"""The critical point ``y = g(x)`` leaves the interval of ``y`` past its end ``end``
    (below it if ``below``) for some ``x``: the cases ``g(x)`` inside (the convex minimum)
    and ``g(x)`` past ``end``, a claim of its own with that condition added to the domain
    (*case split*; in ``a``, ``1 + a e^{\ln(x)/a - 1} - \ln x`` is least at ``a = \ln x``
    when ``x > 1``)."""
    open_lo, open_hi = span[2:]
    open_end = open_lo if below else open_hi
    gap = sp.expand(g - end if below else end - g)
    cond_in = gap > 0 if open_end else gap >= 0
    cond_out = -gap >= 0
    side = ">" if below else "<"
    inner = _at_critical(problem, f"{claim} \\text{{ where }} {tex(cond_in)}", ctx, y, g, h1,
                         h2, base + [cond_in], inside + [cond_in], signs, smooth_inside, span)
    what = f"{tex(problem.slack)} {_ge(problem.strict)} 0 \\text{{ where }} {tex(cond_out)}"
    other = ctx.holds(problem.slack, problem.strict, _relations(problem) + [cond_out], what,
                      share=0.9)
    return apply_rule("case split", [inner, other], claim,
                      f"the cases {tex_math_c(cond_in)} ({inner.reason}) and "
                      f"{tex_math_c(cond_out)}, where the critical point ${tex(y)} = "
                      f"{tex(g)}$ is not {side} ${tex(end)}$ (proved)")


def _at_critical(problem, claim, ctx, y, g, h1, h2, base, inside, signs, smooth_inside,
                 span) -> Step:
    slack = problem.slack
    lo, hi, open_lo, open_hi = span
    premises = [ctx.identity(h1.xreplace({y: g}), sp.Integer(0),
                             f"\\partial_{{{tex(y)}}} f = 0 \\text{{ at }} {tex(y)} = {tex(g)}",
                             base)]
    # the critical point lies in the interval of y
    if lo is not None:
        premises.append(ctx.holds(g - lo, open_lo, base, f"{tex(g)} "
                                  f"{_ge(open_lo)} {tex(lo)}", share=0.3))
    if hi is not None:
        premises.append(ctx.holds(hi - g, open_hi, base, f"{tex(g)} "
                                  f"{_le(open_hi)} {tex(hi)}", share=0.3))
    residual = slack.xreplace({y: g})
    simple = _simpler(residual, signs)
    if simple is not residual:
        premises.append(ctx.identity(residual, simple, "the slack at the critical point",
                                     base))
    # where the rule needs them, the functions are defined: the slack and its first
    # derivative at the critical point, its three derivatives' formulas inside the interval
    premises += ctx.defined([g, residual, simple], base, "at the critical point")
    premises += ctx.defined([slack, h1], base, "at the critical point", at={y: g})
    premises += smooth_inside
    premises.append(ctx.holds(h2, False, inside, f"\\partial^2_{{{tex(y)}}} f \\ge 0",
                              share=0.5))
    premises.append(ctx.holds(simple, problem.strict, base,
                              f"{tex(simple)} {_ge(problem.strict)} 0",
                              share=0.9))
    return apply_rule("convex minimum", premises, claim,
                      f"in ${tex(y)}$ the slack is convex ($\\partial^2_{{{tex(y)}}} f "
                      f"\\ge 0$) with $\\partial_{{{tex(y)}}} f = 0$ at ${tex(y)} = "
                      f"{tex(g)}$ in its interval, where the slack is ${tex(simple)}"
                      f" {_ge(problem.strict)} 0$")


def _simpler(e: sp.Expr, signs: Sequence[sp.Basic]) -> sp.Expr:
    """A smaller form of ``e`` (expanded, or simplified under the variables' sign
    conditions), or ``e`` itself; the caller proves the identity."""
    best = e
    try:
        with time_limit(1.0):
            pos = {}
            for r in signs:
                v = r.lhs
                pos[v] = sp.Dummy(v.name, positive=True) if isinstance(r, sp.Gt) else \
                    sp.Dummy(v.name, nonnegative=True)
            back = {d: v for v, d in pos.items()}
            for form in (sp.expand(e), sp.simplify(e.xreplace(pos)).xreplace(back)):
                if smooth(form) and sp.count_ops(form) < sp.count_ops(best):
                    best = form
    except Exception:  # SymPy failing or too slow: keep what we have
        pass
    return best


def _linear_ends(problem: BoxProblem, y: sp.Symbol, up: bool) -> list[tuple]:
    """``(g, strict)`` for each condition of the domain that bounds ``y`` by an expression
    ``g`` in the other variables, ``y >= g`` (``y > g``) if ``up`` else ``y <= g``: a
    condition ``c y + r >= 0`` (``> 0``) with a rational ``c != 0`` and ``r`` free of ``y``
    (the case ``x >= y`` of ``max(x, y)``)."""
    out = []
    for e, kind in problem.constraints:
        if kind not in ("ge", "gt") or y not in e.free_symbols or e.free_symbols == {y}:
            continue
        if not e.is_polynomial(y) or sp.Poly(e, y).degree() != 1:
            continue
        c, r = sp.Poly(e, y).all_coeffs()
        if not c.is_Rational or y in r.free_symbols or (c > 0) != up:
            continue
        out.append((sp.expand(-r / c), kind == "gt"))
    return out


def _monotone(problem, claim, ctx, y, h1, base, inside, up, span, to=None) -> Step | None:
    """``d slack/dy >= 0`` inside ``I`` and the slack at the end ``a`` it rises from (a
    claim in one variable fewer): ``slack(x, y) - slack(x, a) = d slack/dy (xi) (y - a)``.
    With ``to = (g, strict)`` the end is a condition of the domain, ``y >= g(x)`` (``y >
    g(x)``; ``y <= g(x)`` when falling): the derivative's sign is needed between ``y`` and
    ``g(x)`` only, and ``g(x)`` must lie in ``I``'s closure."""
    slack = problem.slack
    lo, hi, open_lo, open_hi = span
    if to is None:
        end = lo if up else hi
        open_end = open_lo if up else open_hi
        premises = []
    else:
        end, open_end = to
        inside = inside + [y > end if up else y < end]
        premises = []
        # the segment from g(x) to y stays in I (y does): g(x) on the side of I's end it
        # rises from (the derivative is used strictly between g(x) and y)
        near = lo if up else hi
        if near is not None:
            gap = end - near if up else near - end
            premises.append(ctx.holds(gap, False, base, f"{tex(end)} \\ge {tex(near)}" if up
                                      else f"{tex(end)} \\le {tex(near)}", share=0.3))
    signs = _signs(base)
    face = slack.xreplace({y: end})
    others = [(v, b) for v, b in zip(problem.variables, problem.bounds) if v != y]
    if _negative_somewhere(face, [v for v, _ in others], [b for _, b in others], base):
        raise _GiveUp  # the slack is negative on the face: not from this end
    simple = _simpler(face, signs)
    if simple is not face:
        premises.append(ctx.identity(face, simple, "the slack at the end", base))
    sign = 1 if up else -1
    premises += ctx.defined([face, simple], base, f"at {tex(y)} = {tex(end)}")
    premises += ctx.defined([slack], base, f"at {tex(y)} = {tex(end)}", at={y: end})
    premises += ctx.defined([slack, h1], inside, f"inside the interval of {tex(y)}")
    # a strict claim: the slack > 0 at the end, or (an end the domain excludes) >= 0 there
    # and rising strictly from it
    face_strict, slope_strict = problem.strict, False
    first = None
    if problem.strict and simple != 0:
        try:
            first = ctx.holds(simple, True, base, f"{tex(simple)} > 0", share=0.5)
        except _GiveUp:
            first = None
    if first is not None:
        premises.append(first)
    else:
        if problem.strict:
            if not open_end:
                raise _GiveUp
            face_strict, slope_strict = False, True
        premises.append(ctx.holds(simple, False, base, f"{tex(simple)} \\ge 0", share=0.5))
    slope = f"\\partial_{{{tex(y)}}} f {_ge(slope_strict)} 0" if up else \
        f"\\partial_{{{tex(y)}}} f {_le(slope_strict)} 0"
    premises.append(ctx.holds(sign * h1, slope_strict, inside, slope, share=0.9))
    return apply_rule("mean value theorem", premises, claim,
                      f"${slope}$ inside the interval of ${tex(y)}$, so the slack is at "
                      f"least its value at ${tex(y)} = {tex(end)}$, ${tex(simple)} "
                      f"{_ge(face_strict)} 0$")

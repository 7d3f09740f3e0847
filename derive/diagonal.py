r"""Two-variable statements whose slack is 0 along the diagonal ``x = y`` (issue #11): the
box search never finishes there (no enclosure of a box across the line shows ``>= 0``).
``near_diagonal(problem, claim, seconds)`` (one method of ``derive.realprove._decide``)
tries, in order:

* **counterexamples near the diagonal**: a false twin often fails only in a thin strip
  along ``x = y`` (``\tan y + 1/100 < \tan x`` where ``x - y < 0.01``), which sampling and
  the boxes miss: the points ``(a + h, a)`` and ``(a, a + h)`` for a few rationals ``a`` of
  the box and ``h = \pm 10^{-k}`` go to ``derive.proof.refute_at``.
* **mean value bound** (rule *mean value theorem*): the slack is ``c + K (|f(x) - f(y)| - m
  |x - y|)`` (or ``c + K (L |x - y| - |f(x) - f(y)|)``) with constants ``c >= 0``, ``K, m >
  0`` and ``f`` built from ``derive.reduce.SMOOTH`` functions; on an interval ``J`` holding
  every value of ``x`` and of ``y`` (the domain's linear conditions in one variable; ``J =
  R`` when there are none) ``f`` is defined and ``|f'| >= m`` (``<= L``) inside, each a
  decided claim in one variable (``|\sinh x - \sinh y| \ge |x - y|``; ``|e^x - e^y| \le e
  |x - y|`` on ``[0, 1]``: ``derive.reduce``'s Lipschitz reduction, tried before, takes
  rational ``L`` only). The bound may be ``L(e)`` at ``e = \min(x, y)`` or ``\max(x, y)``
  (``|\sqrt x - \sqrt y| \le |x - y|/(2\sqrt{\min(x, y)})``): then ``|f'(t)| \le L(t)/K``
  (``\ge`` for a lower bound) inside ``J`` (an identity, else decided), ``L`` defined on
  ``J`` and monotone there (a decided sign of its derivative: decreasing for an upper bound
  at the min or a lower one at the max, increasing for the others), so ``|f'(\xi)|`` for
  ``\xi`` between ``x`` and ``y`` is bounded by ``L(e)/K``.
* **midpoint coordinates** (rules *change of variable* and *equal functions*): ``x = u + v``,
  ``y = u - v`` maps ``R^2`` onto itself one to one (the diagonal to the line ``v = 0``);
  ``\min(a, b) = (a + b - |a - b|)/2`` (``\max`` with ``+``) first, then SymPy's
  ``expand_trig`` and exponentials of sums split turn differences into products: ``\sin x -
  \sin y = 2 \cos u \sin v``, ``e^x - e^y = e^u (e^v - e^{-v})`` (the kernel checks the
  identity; the form is defined wherever the slack is). When the form is a constant times
  factors of one variable each and the domain's conditions are linear in ``u, v``, each
  factor's sign is decided on the interval of its variable (Fourier-Motzkin elimination of
  the other variable gives the interval; its ends are bounds proved on the domain by the
  engine; rule *substitution instance*), and the rule *product of signs* concludes
  (``\sin x > \sin y`` on ``-\pi/2 \le y \le \pi/2, y < x < \pi - y``: ``\cos u > 0`` on
  ``(-\pi/2, \pi/2)``, ``\sin v > 0`` on ``(0, \pi)``); otherwise the whole engine decides
  the form on the mapped domain (``|\sin x - \sin y| \le 2 |\sin((x - y)/2)|`` becomes
  ``2 |\sin v| (1 - |\cos u|) \ge 0``).
* **the two orders** (rule *case split*; tried before the midpoint coordinates): a product
  of two or more factors 0 on ``x = y`` (``(x - y)(\arctan x - \arctan y) \ge 0``) on a
  domain with no order between ``x`` and ``y``: the cases ``x >= y`` and ``y >= x``, each
  decided by the whole engine.

Each proof is made by the kernel (``apply_rule`` on decided premises); a premise that fails
never refutes the claim (the caller's search goes on).
"""

from __future__ import annotations

import sympy as sp

from derive import clock
from derive.guard import Nesting, attempt
from derive.intervals import simplest_rational
from derive.latex import tex
from derive.proof import (
    CONSTRAINT_RELATIONS,
    PROVED,
    REFUTED,
    BoxProblem,
    Step,
    StepTimeout,
    apply_rule,
    certify_identity,
    certify_sign,
    certify_solve,
    definedness,
    refute_at,
    time_limit,
)

_REL = CONSTRAINT_RELATIONS
_ACTIVE = Nesting()  # a claim decided inside this method does not come back to it
STEPS = (sp.Rational(1, 10), sp.Rational(1, 100), sp.Rational(1, 1000), sp.Rational(1, 10 ** 4),
         sp.Rational(1, 10 ** 6))  # the offsets h of the points near the diagonal
SPAN = 3  # an infinite end of the box: the points a lie within this of the other end (or 0)


class _GiveUp(Exception):
    """A premise not proved: this method does not apply."""


def near_diagonal(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    """A refuted or proved step for the two-variable ``problem`` (module docstring), or
    None."""
    if len(problem.variables) != 2 or len(_ACTIVE):
        return None
    deadline = clock.now() + seconds
    with _ACTIVE.enter():
        got = _counterexample(problem, claim, deadline)
        if got is not None:
            return got
        for method in (_lipschitz, _two_orders, _midpoint):
            left = deadline - clock.now()
            if left < 0.3:
                return None
            try:  # (SymPy failing on a form, or a premise not proved: the next method)
                with time_limit(left):
                    got = attempt(method, problem, claim, deadline)
            except StepTimeout:
                got = None  # (its own limit; an enclosing one fires again and is re-raised)
            if got is not None and got.verdict == PROVED:
                return got
    return None


def _rels(problem: BoxProblem) -> list[sp.Basic]:
    return [_REL[k](g, 0) for g, k in problem.constraints]


def _decide(slack, strict, rels, claim, seconds) -> Step:
    from derive import realprove

    return realprove._decide(slack, strict, list(rels), claim, max(seconds, 0.1))


def _left(deadline: float) -> float:
    left = deadline - clock.now()
    if left < 0.1:
        raise _GiveUp
    return left


# ------------------------------------------------------------------------ counterexamples

def _centres(bounds) -> list[sp.Rational]:
    """A few rationals of the range both variables share (0 first when it lies inside)."""
    (a, b), (c, d) = bounds
    lo = max([e for e in (a, c) if e is not None], default=None)
    hi = min([e for e in (b, d) if e is not None], default=None)
    if lo is None and hi is None:
        lo, hi = sp.Integer(-SPAN), sp.Integer(SPAN)
    elif lo is None:
        lo = min(hi, sp.Integer(0)) - SPAN
    elif hi is None:
        hi = max(lo, sp.Integer(0)) + SPAN
    if lo >= hi:
        return []
    out = [sp.Integer(0)] if lo < 0 < hi else []
    for k in (1, 3, 5, 7, 2, 6):
        out.append(simplest_rational(lo + (hi - lo) * sp.Rational(k, 8) - (hi - lo) / 64,
                                     lo + (hi - lo) * sp.Rational(k, 8) + (hi - lo) / 64))
    return list(dict.fromkeys(out))


def _counterexample(problem: BoxProblem, claim: str, deadline: float) -> Step | None:
    """A refuted step at a rational point ``(a + h, a)`` or ``(a, a + h)`` near the diagonal
    (``refute_at``: in the domain, the slack defined and ``< 0`` there), or None."""
    try:
        centres = _centres(problem.bounds)
    except (TypeError, ValueError):
        return None
    stop = clock.now() + min(0.5, 0.15 * (deadline - clock.now()))
    for h in STEPS:
        for a in centres:
            for point in ((a + h, a), (a, a + h), (a - h, a), (a, a - h)):
                if clock.now() > stop:
                    return None
                try:
                    step = refute_at(problem, list(point), claim)
                except Exception:  # noqa: BLE001 -- not enclosable there: no counterexample
                    step = None
                if step is not None and step.verdict == REFUTED:
                    return step
    return None


# ------------------------------------------------------------------------ mean value bound

def _affine_difference(e: sp.Expr, x: sp.Symbol, y: sp.Symbol):
    """``(s, f)`` with ``e = s (f(x) - f(y))`` for a constant ``s != 0``, or None."""
    e = sp.expand(e)
    terms = sp.Add.make_args(e)
    px = sp.Add(*[t for t in terms if t.free_symbols == {x}])
    py = sp.Add(*[t for t in terms if t.free_symbols == {y}])
    if sp.expand(e - px - py) != 0 or px == 0:
        return None
    # (constants cancel: f(x) - f(y) has none)
    if sp.expand(px.xreplace({x: y}) + py) != 0:
        return None
    c, f = px.as_coeff_Mul() if px.is_Mul else (sp.Integer(1), px)
    return c, f


def _lipschitz_form(slack: sp.Expr, x: sp.Symbol, y: sp.Symbol, t: sp.Symbol):
    """``(c, L, K, f, end)`` with ``slack = c + L |x - y| - K |f(x) - f(y)|``: ``K`` a
    constant, ``L`` a constant (``end`` None) or ``L(e)`` with ``e = min(x, y)`` (``end``
    ``"min"``) or ``max(x, y)`` (``"max"``; ``L`` returned as a function of ``t``); or
    None."""
    parts = sp.Add.make_args(sp.expand(slack, mul=True, power_exp=False, log=False))
    c = sp.Add(*[p for p in parts if not p.free_symbols])
    rest = [p for p in parts if p.free_symbols]
    if len(rest) != 2:
        return None
    lin, dif, end = None, None, None
    ends = {sp.Min(x, y): "min", sp.Max(x, y): "max"}
    for p in rest:
        k, a = p.as_independent(x, y, as_Add=False)
        if k.free_symbols:
            return None
        absolute = [f for f in sp.Mul.make_args(a) if isinstance(f, sp.Abs)]
        for b in absolute:
            got = _affine_difference(b.args[0], x, y)
            if got is None:
                continue
            s, f = got
            other = a / b
            if f == x and other.free_symbols:  # |x - y| L(min(x, y))
                found = [m for m in ends if other.has(m)]
                moved = other.xreplace({m: t for m in found})
                if len(found) != 1 or moved.free_symbols != {t}:
                    return None
                lin, end = k * abs(s) * moved, ends[found[0]]
            elif f == x:
                lin = k * abs(s)
            elif other == 1:
                dif = (k * abs(s), f)
            break
        else:
            return None
    if lin is None or dif is None:
        return None
    k, f = dif
    return c, lin, -k, f, end


def _ends(constraints, v: sp.Symbol):
    """``((lo, open, combination), (hi, open, combination))`` from the conditions ``a v + b
    >= 0`` (``> 0``) in ``v`` alone among ``constraints`` (``(g, kind)``, or ``(g, kind,
    combination)`` with ``g`` the combination ``sum c_i g_i`` of conditions ``(c_i, g_i,
    kind_i)``): ``v - lo`` and ``hi - v`` as such combinations (ends ``-oo``, ``+oo`` with
    none when there are no conditions)."""
    lo = (sp.S.NegativeInfinity, True, None)
    hi = (sp.S.Infinity, True, None)
    for item in constraints:
        g, kind = item[0], item[1]
        combo = item[2] if len(item) > 2 else [(sp.Integer(1), g, kind)]
        if kind == "ne" or g.free_symbols != {v}:
            continue
        poly = sp.Poly(g, v)
        if poly.degree() != 1:
            raise _GiveUp
        a, b = poly.all_coeffs()
        end = -b / a
        scaled = [(c / abs(a), h, k) for c, h, k in combo]
        if a.is_positive and (end > lo[0] or (end == lo[0] and kind == "gt")):
            lo = (end, kind == "gt", scaled)
        elif a.is_negative and (end < hi[0] or (end == hi[0] and kind == "gt")):
            hi = (end, kind == "gt", scaled)
    return lo, hi


def _interval(constraints, v: sp.Symbol):
    """``(lo, lo open, hi, hi open)``: ``_ends`` without the combinations."""
    (lo, lo_open, _), (hi, hi_open, _) = _ends(constraints, v)
    return lo, lo_open, hi, hi_open


def _on(t, bounds, inside=False) -> list[sp.Basic]:
    lo, lo_open, hi, hi_open = bounds
    out = []
    if not lo.is_infinite:
        out.append(t > lo if lo_open or inside else t >= lo)
    if not hi.is_infinite:
        out.append(t < hi if hi_open or inside else t <= hi)
    return out


def _hull(a, b):
    """The smallest interval holding the intervals ``a`` and ``b``."""
    lo = a if (a[0] < b[0] or (a[0] == b[0] and not a[1])) else b
    hi = a if (a[2] > b[2] or (a[2] == b[2] and not a[3])) else b
    return lo[0], lo[1], hi[2], hi[3]


def _jtext(bounds) -> str:
    lo, lo_open, hi, hi_open = bounds
    return f"{'(' if lo_open else '['}{tex(lo)}, {tex(hi)}{')' if hi_open else ']'}"


def _lipschitz(problem: BoxProblem, claim: str, deadline: float) -> Step | None:
    """The mean value bound (module docstring)."""
    from derive.reduce import smooth

    x, y = problem.variables
    if problem.strict:
        return None  # x = y makes both sides 0 unless c > 0: left to the engine
    t = sp.Dummy("t", real=True)
    got = _lipschitz_form(problem.slack, x, y, t)
    if got is None:
        return None
    c, lin, k, f, end = got
    if not (k.is_positive or k.is_negative) or (end is None and not (lin / k).is_positive):
        return None
    g = f.xreplace({x: t})
    if not smooth(g) or g.free_symbols != {t}:
        return None
    # J from the conditions in one variable (a joint one, y < x, only makes the domain
    # smaller)
    bounds = _hull(_interval(problem.constraints, x), _interval(problem.constraints, y))
    closed, inside = _on(t, bounds), _on(t, bounds, inside=True)
    premises = [certify_sign(c, f"{tex(c)} \\ge 0", False)]
    if premises[0].verdict != PROVED:
        return None
    e = {None: None, "min": sp.Min(x, y), "max": sp.Max(x, y)}[end]
    at = lin if end is None else lin.xreplace({t: e})
    form = c + at * sp.Abs(x - y) - k * sp.Abs(f - f.xreplace({x: y}))
    premises.append(certify_identity(problem.slack, form, "the slack as a mean value bound",
                                     points=[]))
    d1 = sp.diff(g, t)
    ratio = sp.simplify(lin / k)
    upper = bool(k > 0)
    # f defined (continuous) on J, f' defined inside (and L(t) on J)
    todo = [(g, closed, "on J", bounds),
            (d1, inside, "inside J", (bounds[0], True, bounds[2], True))]
    if end is not None:
        todo.append((ratio, closed, "on J", bounds))
    for expr, on, where, ends in todo:
        for cond in dict.fromkeys(definedness(expr)):
            premises.append(_condition(cond, t, on, ends, f"{tex(cond)} {where}", deadline))
    if any(p.verdict != PROVED for p in premises):
        return None
    rel = r"\le" if upper else r"\ge"
    if end is None:
        # |f'| <= L (>= m) inside J: K |f'| <= L with K, L > 0 (K |f'| >= L with K, L < 0)
        what = f"|{tex(d1)}| {rel} {tex(ratio)}"
        slack = ratio - sp.Abs(d1) if upper else sp.Abs(d1) - ratio
        premises.append(_decide(slack, False, inside, what, 0.9 * _left(deadline)))
        said = f"${what}$ inside $J$"
        bound = tex(ratio)
    else:
        # L(t)/K monotone so that its value at the end e bounds it on [min, max]: decreasing
        # for an upper bound at min or a lower bound at max; |f'(t)| <= L(t)/K (>= for a
        # lower bound) inside J: an identity, else decided
        same = certify_identity(ratio, sp.Abs(d1), f"{tex(ratio)} = |{tex(d1)}|",
                                domain=inside)
        if same.verdict != PROVED:
            gap = ratio - sp.Abs(d1) if upper else sp.Abs(d1) - ratio
            same = _decide(gap, False, inside, f"|{tex(d1)}| {rel} {tex(ratio)}",
                           0.4 * _left(deadline))
            if same.verdict != PROVED:
                return None
        premises.append(same)
        down = upper == (end == "min")
        slope = sp.diff(ratio, t)
        sign_rel = r"\le" if down else r"\ge"
        what = f"{tex(slope)} {sign_rel} 0"
        premises.append(_decide(-slope if down else slope, False, inside, what,
                                0.9 * _left(deadline)))
        said = (f"$|f'(t)| {rel} {tex(ratio)}$, {'decreasing' if down else 'increasing'} on "
                f"$J$ (${what}$ inside)")
        bound = tex(ratio.xreplace({t: e}))
    if premises[-1].verdict != PROVED:
        return None
    kind = "L |x - y| - |f(x) - f(y)|" if upper else "|f(x) - f(y)| - m |x - y|"
    return apply_rule("mean value theorem", premises, claim,
                      f"the slack is $c + K ({kind})$ with $c \\ge 0$, $K > 0$, $f(t) = "
                      f"{tex(g)}$ continuous on $J = {_jtext(bounds)}$, which holds every value "
                      f"of ${tex(x)}$ and ${tex(y)}$, and {said}: $|f(x) - f(y)| = "
                      f"|f'(\\xi)|\\,|x - y| {rel} {bound} |x - y|$ for some $\\xi$ between")


def _condition(cond, t, on, bounds, claim, deadline) -> Step:
    """A condition of definedness in ``t`` on the interval ``bounds`` (relations ``on``):
    ``b != 0`` by the kernel's ``certify_solve`` (no solution there), else by the engine."""
    if isinstance(cond, sp.Ne):
        lo, lo_open, hi, hi_open = bounds
        try:
            with time_limit(1.0):
                step = certify_solve(cond.lhs - cond.rhs, t,
                                     sp.Interval(lo, hi, lo_open, hi_open), [], claim)
        except Exception:  # noqa: BLE001 -- SymPy failing or too slow: the engine decides
            step = None
        if step is not None and step.verdict == PROVED:
            return step
    from derive.reduce import _as_slack  # (another relation: reduce's _GiveUp, "does not apply")

    e, strict = _as_slack(cond)
    return _decide(e, strict, on, claim, 0.2 * _left(deadline))


# ------------------------------------------------------------------------ midpoint coordinates

def _min_max(e: sp.Expr) -> sp.Expr:
    """``min(a, b) = (a + b - |a - b|)/2`` and ``max(a, b) = (a + b + |a - b|)/2``."""
    return e.replace(
        lambda m: isinstance(m, (sp.Min, sp.Max)) and len(m.args) == 2,
        lambda m: (m.args[0] + m.args[1]
                   + (1 if isinstance(m, sp.Max) else -1) * sp.Abs(m.args[0] - m.args[1])) / 2)


def _product_form(e: sp.Expr) -> sp.Expr:
    """Sums inside sines, cosines and exponentials expanded, common factors pulled out."""
    f = sp.expand_trig(e)
    f = sp.expand(f, power_exp=True, mul=True, multinomial=False, log=False, basic=False)
    f = sp.expand(f)
    f = f.replace(lambda a: isinstance(a, sp.Abs) and a.args[0].is_Mul,
                  lambda a: sp.Mul(*[sp.Abs(p) for p in a.args[0].args]))
    return sp.factor_terms(f)


def _mapped(problem: BoxProblem, phi: dict) -> list[tuple[sp.Expr, str]]:
    """The domain's conditions after ``phi``, linear ones divided by their positive
    content (``u - v < u + v`` is ``v > 0``)."""
    out = []
    for g, kind in problem.constraints:
        g = sp.expand(g.xreplace(phi))
        if not g.free_symbols:
            ok = certify_sign(g if kind != "ne" else g ** 2, "c", kind != "ge")
            if ok.verdict != PROVED:
                raise _GiveUp  # (a condition that is a false constant: an empty domain)
            continue
        content, primitive = g.as_content_primitive()
        out.append((primitive if content.is_positive else g, kind))
    return out


def _midpoint(problem: BoxProblem, claim: str, deadline: float) -> Step | None:
    """Midpoint coordinates (module docstring)."""
    from derive.edge import _diagonal_touches
    from derive.reduce import smooth

    x, y = problem.variables
    slack = _min_max(problem.slack)
    if not smooth(slack.replace(lambda a: isinstance(a, sp.Abs), lambda a: a.args[0])):
        return None
    taken = {s.name for s in problem.slack.free_symbols}
    u, v = next((sp.Symbol(a, real=True), sp.Symbol(b, real=True))
                for a, b in (("u", "v"), ("p", "q"), ("u_1", "v_1")) if not {a, b} & taken)
    phi = {x: u + v, y: u - v}
    moved = slack.xreplace(phi)
    with time_limit(min(2.0, _left(deadline) / 4)):
        form = _product_form(moved)
        if form == sp.expand(moved) or sp.count_ops(form) > sp.count_ops(moved) + 12:
            return None  # nothing turned into a product
    # (filters: a product of factors with variables, or a slack that looks 0 or undefined
    # on x = y, floats)
    if sum(1 for f in sp.Mul.make_args(form) if f.free_symbols) < 2 and \
            not _diagonal_touches(problem):
        return None
    if not set(definedness(form)) <= set(definedness(moved)):
        return None
    cons = _mapped(problem, phi)
    rels = [_REL[k](g, 0) for g, k in cons]
    same = certify_identity(problem.slack.xreplace(phi), form,
                            f"{tex(problem.slack.xreplace(phi))} = {tex(form)}", points=[])
    if same.verdict != PROVED:
        return None
    rel = ">" if problem.strict else r"\ge"
    what = f"{tex(form)} {rel} 0"
    inner = _signs(form, problem.strict, cons, (u, v), what, deadline)
    if inner is None:
        inner = _decide(form, problem.strict, rels, what, 0.6 * _left(deadline))
    if inner.verdict != PROVED:
        return None
    step = apply_rule("equal functions", [same, inner], f"{tex(moved)} {rel} 0",
                      f"it is ${tex(form)}$ where it is defined; " + inner.reason)
    return apply_rule("change of variable", [step], claim,
                      f"$x = u + v$, $y = u - v$ maps the $(u, v)$ plane onto the $(x, y)$ "
                      f"plane one to one (with ${tex(x)} = {tex(u + v)}$, ${tex(y)} = "
                      f"{tex(u - v)}$): " + step.reason)


def _linear(cons, variables) -> bool:
    return all(kind != "ne" and g.is_polynomial(*variables)
               and sp.Poly(g, *variables).total_degree() <= 1 for g, kind in cons)


def _project(cons, keep: sp.Symbol, drop: sp.Symbol):
    """The ends of ``keep``'s interval on the polygon ``cons`` (linear ``g >= 0``, ``> 0``),
    as ``_ends``: Fourier-Motzkin elimination of ``drop``, each end with the nonnegative
    combination of the conditions it comes from (a lower bound ``g_1 = b_1 d + r_1`` and an
    upper one ``g_2 = b_2 d + r_2`` of ``d``, ``b_1 > 0 > b_2``, give ``g_1/b_1 + g_2/|b_2|``,
    free of ``d``)."""
    lows, highs, own = [], [], []
    for g, kind in cons:
        b = g.coeff(drop)
        if b == 0:
            own.append((g, kind))
        elif b.is_positive:
            lows.append((g, kind, b))
        else:
            highs.append((g, kind, b))
    for (g1, k1, b1), (g2, k2, b2) in ((a, c) for a in lows for c in highs):
        h = sp.expand(g1 / b1 - g2 / b2)
        if h.has(drop):
            raise _GiveUp
        own.append((h, "gt" if "gt" in (k1, k2) else "ge",
                    [(1 / b1, g1, k1), (-1 / b2, g2, k2)]))
    return _ends(own, keep)


def _bound(e, strict, combo, rels, deadline) -> Step:
    """``e >= 0`` (``> 0``) on the domain ``rels`` from ``e = sum c_i g_i`` with ``c_i > 0``
    and ``g_i >= 0`` (``> 0``) conditions of the domain: each term decided by the engine (one
    box), *sum of inequalities* (a strict term last), *equal functions* with the identity."""
    terms = sorted(combo, key=lambda item: item[2] == "gt")
    acc = None
    for c, g, kind in terms:
        rel = ">" if kind == "gt" else r"\ge"
        step = _decide(g, kind == "gt", rels, f"{tex(g)} {rel} 0",
                       min(1.0, 0.3 * _left(deadline)))  # (a condition: one box)
        if c != 1:  # times a constant > 0
            step = apply_rule("change of variable", [certify_sign(c, f"{tex(c)} > 0", True),
                                                     step], f"{tex(c * g)} {rel} 0")
        if step.verdict != PROVED:
            raise _GiveUp
        if acc is None:
            acc = step
            total, total_rel = c * g, rel
        else:
            total, total_rel = total + c * g, rel if kind == "gt" else total_rel
            acc = apply_rule("sum of inequalities", [acc, step],
                             f"{tex(total)} {total_rel} 0")
    rel = ">" if strict else r"\ge"
    same = certify_identity(e, total, f"{tex(e)} = {tex(total)}", points=[])
    return apply_rule("equal functions", [same, acc], f"{tex(e)} {rel} 0",
                      f"${tex(e)} = {tex(total)}$, a sum of conditions of the domain")


def _no_zero(g: sp.Expr, t: sp.Symbol, bounds, strict: bool = True) -> Step | None:
    """``g > 0`` (``>= 0`` unless ``strict``) on the interval ``bounds`` by the *intermediate
    value theorem*: ``g`` defined and continuous everywhere (``SMOOTH`` functions, no
    condition of ``definedness``), ``g = 0`` without a solution in the interval (inside it,
    off its ends, when not ``strict``; the kernel's ``certify_solve``), ``g > 0`` at a
    rational point inside; or None."""
    from derive.reduce import smooth

    if not smooth(g) or definedness(g):
        return None
    lo, lo_open, hi, hi_open = bounds
    if not strict:
        lo_open = hi_open = True
    interval = sp.Interval(lo, hi, lo_open, hi_open)
    where = f"{'(' if lo_open else '['}{tex(lo)}, {tex(hi)}{')' if hi_open else ']'}"
    try:
        with time_limit(1.0):
            a = sp.Integer(-SPAN) if lo.is_infinite else lo
            b = a + 2 * SPAN if hi.is_infinite else hi
            if lo.is_infinite and not hi.is_infinite:
                a = b - 2 * SPAN
            mid = (a + b) / 2
            p = simplest_rational(sp.Rational(sp.N(mid - (b - a) / 4, 20)),
                                  sp.Rational(sp.N(mid + (b - a) / 4, 20)))
            none = certify_solve(g, t, interval, [], f"{tex(g)} \\ne 0 \\text{{ on }} {where}")
    except Exception:  # noqa: BLE001 -- SymPy failing or too slow: not this way
        return None
    at = certify_sign(g.xreplace({t: p}), f"{tex(g.xreplace({t: p}))} > 0", True)
    if none.verdict != PROVED or at.verdict != PROVED or p not in interval:
        return None
    rel = ">" if strict else r"\ge"
    return apply_rule("intermediate value theorem", [none, at], f"{tex(g)} {rel} 0",
                      f"${tex(g)}$ is continuous, never 0 on ${where}$ and $> 0$ at "
                      f"${tex(t)} = {tex(p)}$")


def _signs(form, strict, cons, variables, what, deadline) -> Step | None:
    """``form = c f_1(w_1) ... f_k(w_k)`` (each factor in one of the variables) on a polygon:
    each factor's sign decided on its variable's interval (*substitution instance*), then
    *product of signs*; None when it is not of this form or a factor is not decided."""
    coeff, parts = form.as_coeff_mul()
    if not coeff.is_positive or len(parts) < 2 or not _linear(cons, variables):
        return None
    if any(len(f.free_symbols) != 1 for f in parts if f.free_symbols):
        return None
    rels = [_REL[k](g, 0) for g, k in cons]
    t = sp.Dummy("t", real=True)
    steps, negative, intervals = [], 0, {}
    factors = [f for f in parts if f.free_symbols]
    rel = ">" if strict else r"\ge"
    for f in parts:
        if not f.free_symbols:
            sign = certify_sign(f, f"{tex(f)} > 0", True)
            if sign.verdict != PROVED:
                return None
            steps.append(sign)
            continue
        (w,) = f.free_symbols
        if w not in intervals:
            other = next(s for s in variables if s != w)
            low, high = _project(cons, w, other)
            bounds = (low[0], low[1], high[0], high[1])
            ends = []
            for e, (_, open_, combo) in ((w - low[0], low), (high[0] - w, high)):
                if combo is not None:
                    ends.append(_bound(e, open_, combo, rels, deadline))
            intervals[w] = (bounds, ends)
        bounds, ends = intervals[w]
        g = f.xreplace({w: t})
        on = _on(t, bounds)
        got = None
        for sign in (1, -1):  # no zero on the interval, else the engine on it
            got = _no_zero(sign * g, t, bounds, strict)
            if got is not None:
                negative += sign == -1
                break
        for sign in (1, -1) if got is None else ():
            share = _left(deadline) / (2 * len(factors))
            step = _decide(sign * g, strict, on, f"{tex(sign * g)} {rel} 0 \\text{{ on }} "
                           f"{_jtext(bounds)}", share)
            if step.verdict == PROVED:
                got = step
                negative += sign == -1
                break
            if step.verdict != REFUTED:
                return None
        if got is None:
            return None
        sf = sign * f
        steps.append(apply_rule("substitution instance", [got, *ends],
                                f"{tex(sf)} {rel} 0",
                                f"${tex(sf.xreplace({w: t}))} {rel} 0$ for every $t$ in "
                                f"${_jtext(bounds)}$, which holds every value of ${tex(w)}$ "
                                "on the domain (its ends proved bounds)"))
    if negative % 2:
        return None
    same = certify_identity(form, coeff * sp.Mul(*parts), "the product", points=[])
    return apply_rule("product of signs", [same, *steps], what,
                      f"the slack is the product ${tex(form)}$, each factor (or an even "
                      f"number of them negated) ${rel} 0$ on the domain")


# ------------------------------------------------------------------------ the two orders

def _two_orders(problem: BoxProblem, claim: str, deadline: float) -> Step | None:
    """Rule *case split*: a slack that is a product of at least two factors 0 on ``x = y``
    (``(x - y)(\\arctan x - \\arctan y)``, Chebyshev's kind), on a domain with no order
    between ``x`` and ``y``: the cases ``x >= y`` and ``y >= x`` (their union is the plane),
    each decided by the whole engine with the order added (where ``derive.ordered`` and the
    factors' signs apply)."""
    x, y = problem.variables
    if any(sp.expand(g) in (x - y, y - x) for g, kind in problem.constraints):
        return None
    with time_limit(min(1.0, _left(deadline) / 4)):
        product = sp.factor_terms(problem.slack)
        zero = [f for f in sp.Mul.make_args(product) if f.free_symbols == {x, y}
                and sp.simplify(f.xreplace({y: x})) == 0]
    if len(zero) < 2:
        return None
    rels = _rels(problem)
    steps = []
    from derive import realprove

    for k, cond in enumerate((x - y >= 0, y - x >= 0)):
        # midpoint coordinates first (this module is not tried again inside the engine)
        what = f"{claim} \\text{{ where }} {tex(cond)}"
        end = clock.now() + _left(deadline) / (2 - k)
        step = attempt(_midpoint, realprove.build_problem(problem.slack, problem.strict,
                                                          rels + [cond]), what, end)
        if step is None or step.verdict != PROVED:
            step = _decide(problem.slack, problem.strict, rels + [cond], what,
                           end - clock.now())
        if step.verdict != PROVED:
            return None
        steps.append(step)
    return apply_rule("case split", steps, claim,
                      f"the cases ${tex(x >= y)}$ and ${tex(y >= x)}$, each proved")

r"""Claims of CLAIMS.md section B: activation derivatives and their bounds.

Every proof takes the claimed values as parameters (defaults: CLAIMS.md) and builds its
steps only from ``derive.proof``'s ``certify_*`` functions. Evidence (float sweeps, SymPy's
own ``maximum``) goes to ``proof.evidence`` and never decides a verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache

import numpy as np
import sympy as sp

from derive import activations as activations_mod
from derive.activations import ACTIVATIONS
from derive.errors import InputError
from derive.numerics import central_difference
from derive.proof import (
    PROVED, REFUTED, UNKNOWN, Proof, Step, apply_rule, certify_all, certify_enclosure,
    certify_identity, certify_nonnegative, certify_sign, certify_solve, timed,
)
from derive.proofs import claim
from derive.proofs._claimed import sigma, sigma_prime

z = sp.Symbol("z", real=True)
s = sp.Symbol("s", real=True)
p = sp.Symbol("p", positive=True)  # z = p > 0
n = sp.Symbol("n", negative=True)  # z = n < 0
h = sp.Symbol("h", real=True)
Z_POINTS = [{z: sp.Rational(v)} for v in ("0", "1/3", "-3/2", "7/2", "6", "-1/5")]
SWEEP = np.linspace(-40.0, 40.0, 160_001)  # a float grid through 0: evidence only


def _tex(e: sp.Expr) -> str:
    return sp.latex(e)


def _sweep_note(name: str, values: np.ndarray, bound: float) -> str:
    i = int(np.argmax(values))
    return (f"float sweep of {name} on {SWEEP.size} points of [-40, 40]: max "
            f"{values[i]:.12g} at z = {SWEEP[i]:.6g}, "
            + (f"never above {bound:.12g}" if values.max() <= bound else f"ABOVE {bound:.12g}"))


@lru_cache(maxsize=None)
def _sympy_maximum(expr: sp.Expr) -> str:
    """SymPy's own ``maximum`` over the reals, as evidence (it may fail: recorded); cached,
    it is deterministic and the slowest part of these proofs."""
    from sympy.calculus.util import maximum

    try:
        return f"SymPy's maximum over the reals: {maximum(expr, z, sp.S.Reals)}"
    except Exception as err:  # SymPy raises several types here; evidence only
        return f"SymPy's maximum raised {type(err).__name__}"


# ----------------------------------------------------------------------------- sigmoid

@claim("sigmoid.derivative",
       "sigma' = sigma(1 - sigma) = (1/4) sech^2(z/2), and sigma = (1 + tanh(z/2))/2")
def sigmoid_derivative(prime: Callable[[sp.Expr], sp.Expr] = lambda s: s * (1 - s),
                       sech_coefficient: sp.Expr = sp.Rational(1, 4),
                       half_angle: sp.Expr = sp.Rational(1, 2)) -> Proof:
    r"""``d\sigma/dz = prime(\sigma)``, ``\sigma' = c\,\operatorname{sech}^2(z/2)``,
    ``\sigma = (1 + \tanh(h z))/2`` with ``prime``, ``c`` and ``h`` the claimed forms."""
    c, k = sp.sympify(sech_coefficient), sp.sympify(half_angle)
    S = sp.Symbol(r"\sigma(z)")
    P, A = _tex(prime(S)), _tex(k * sp.Symbol("z"))
    proof = Proof("sigmoid.derivative",
                  rf"\sigma'(z) = {P} = "
                  rf"{_tex(c)} \operatorname{{sech}}^2({A}), \quad "
                  rf"\sigma(z) = \frac{{1 + \tanh({A})}}{{2}}")
    with timed(proof):
        d = sp.diff(sigma(z), z)
        proof.add(certify_identity(d, prime(sigma(z)),
                                   r"\frac{d}{dz} \frac{1}{1 + e^{-z}} = " + P, Z_POINTS))
        proof.add(certify_identity(d, (c * sp.sech(k * z) ** 2).rewrite(sp.exp),
                                   rf"\sigma'(z) = {_tex(c)} \operatorname{{sech}}^2({A})",
                                   Z_POINTS))
        proof.add(certify_identity(sigma(z), ((1 + sp.tanh(k * z)) / 2).rewrite(sp.exp),
                                   rf"\sigma(z) = (1 + \tanh({A}))/2",
                                   Z_POINTS))
        act = ACTIVATIONS["sigmoid"]
        proof.add(certify_identity(act.explicit_prime(z), prime(act.explicit(z)),
                                   r"\text{the registry's } \sigma' \text{ is the same form}",
                                   Z_POINTS))
        grid = SWEEP[(SWEEP >= -10) & (SWEEP <= 10)][::100]
        fd = np.array([central_difference(lambda x: float(act.numpy(x)), g)[0] for g in grid])
        rel = float(np.max(np.abs(fd - act.numpy_prime(grid)) / act.numpy_prime(grid)))
        proof.evidence.append(f"central differences vs NumPy sigma' on {grid.size} points of "
                              f"[-10, 10]: max relative difference {rel:.2g} (floats)")
    return proof


@claim("sigmoid.max", "max sigma'(z) = sigma'(0) = 1/4, attained only at z = 0")
def sigmoid_max(max_value: sp.Expr = sp.Rational(1, 4), argmax: sp.Expr = 0,
                strict: bool = False) -> Proof:
    r"""``\sigma'(z) \le M`` for all z (``<`` if ``strict``) with equality exactly at
    ``z = argmax``. Certificate: with ``s = \sigma(z)``, ``1/4 - s(1-s) = (s - 1/2)^2``;
    SymPy's ``factor(together(M - \sigma'))`` gives it in closed form."""
    M, z0 = sp.sympify(max_value), sp.sympify(argmax)
    rel, ge = ("<", ">") if strict else (r"\le", r"\ge")
    proof = Proof("sigmoid.max", rf"\sigma'(z) {rel} {_tex(M)} \text{{ for all }} z, "
                  rf"\text{{ with equality only at }} z = {_tex(z0)}")
    with timed(proof):
        proof.add(certify_identity(sp.Rational(1, 4) - s * (1 - s), (s - sp.Rational(1, 2)) ** 2,
                                   r"s = \sigma(z): \tfrac14 - s(1-s) = (s - \tfrac12)^2"))
        gap = M - sigma_prime(z)
        proof.add(certify_nonnegative(gap, sp.factor(sp.together(gap)),
                                      rf"{_tex(M)} - \sigma'(z) {ge} 0",
                                      strict=strict, points=Z_POINTS))
        proof.add(certify_identity(sigma_prime(z0), M, rf"\sigma'({_tex(z0)}) = {_tex(M)}"))
        s0 = sigma(z0)
        proof.add(certify_all(
            rf"\sigma'(z) = {_tex(M)} \iff z = {_tex(z0)}", "solve",
            [certify_solve(s * (1 - s) - M, s, sp.Interval.open(0, 1), [s0],
                           "s(1-s) = M for s in (0, 1)"),
             certify_solve(sigma(z) - s0, z, sp.S.Reals, [z0], "sigma(z) = s0")],
            "sigma' = s(1 - s) with s = sigma(z) in (0, 1); both solves exact"))
        act = ACTIVATIONS["sigmoid"]
        proof.evidence.append(_sympy_maximum(act.explicit_prime(z)))
        proof.evidence.append(_sweep_note("sigma'", act.numpy_prime(SWEEP), float(M)))
    return proof


# ----------------------------------------------------------------------------- tanh

@claim("tanh.max", "tanh' = 1 - tanh^2, max tanh' = tanh'(0) = 1, attained only at z = 0")
def tanh_max(prime: Callable[[sp.Expr], sp.Expr] = lambda T: 1 - T ** 2,
             max_value: sp.Expr = 1, argmax: sp.Expr = 0) -> Proof:
    r"""``\tanh' = prime(\tanh)``, ``\tanh' \le M`` (certificate ``M - 1 + \tanh^2``),
    equality exactly at ``argmax``."""
    M, z0 = sp.sympify(max_value), sp.sympify(argmax)
    T = sp.Symbol(r"\tanh(z)")
    proof = Proof("tanh.max", rf"\tanh'(z) = {_tex(prime(T))} \le {_tex(M)}, "
                  rf"\text{{ with equality only at }} z = {_tex(z0)}")
    with timed(proof):
        d = sp.diff(sp.tanh(z), z)
        proof.add(certify_identity(d, prime(sp.tanh(z)), rf"\tanh'(z) = {_tex(prime(T))}",
                                   Z_POINTS))
        gap = M - (1 - sp.tanh(z) ** 2)
        proof.add(certify_nonnegative(gap, sp.expand(gap), rf"{_tex(M)} - \tanh'(z) \ge 0",
                                      points=Z_POINTS))
        proof.add(certify_identity(d.subs(z, z0), M, rf"\tanh'({_tex(z0)}) = {_tex(M)}"))
        proof.add(certify_solve(1 - sp.tanh(z) ** 2 - M, z, sp.S.Reals, [z0],
                                rf"\tanh'(z) = {_tex(M)} \iff z = {_tex(z0)}"))
        act = ACTIVATIONS["tanh"]
        proof.evidence.append(_sympy_maximum(act.explicit_prime(z)))
        proof.evidence.append(_sweep_note("tanh'", act.numpy_prime(SWEEP), float(M)))
    return proof


# ----------------------------------------------------------------------------- relu

@claim("relu.derivative",
       "relu' = 0 for z < 0, 1 for z > 0, undefined at 0 (convention relu'(0) = 0)")
def relu_derivative(left: sp.Expr = 0, right: sp.Expr = 1, at_zero: sp.Expr = 0) -> Proof:
    r"""``relu'(z) = left`` for ``z < 0``, ``right`` for ``z > 0``; at 0 the one-sided
    difference quotients ``\max(0, h)/h`` tend to different limits (not differentiable);
    the registry's convention there is ``at_zero``."""
    L, R, C = (sp.sympify(v) for v in (left, right, at_zero))
    relu = ACTIVATIONS["relu"]
    proof = Proof("relu.derivative",
                  rf"\operatorname{{relu}}'(z) = {_tex(L)} \ (z < 0), \ {_tex(R)} \ (z > 0),"
                  rf"\ \text{{undefined at }} 0 \ (\text{{convention }} "
                  rf"\operatorname{{relu}}'(0) = {_tex(C)})")
    with timed(proof):
        proof.add(certify_identity(sp.diff(relu.explicit(n), n), L,
                                   rf"z < 0: \frac{{d}}{{dz}} \max(0, z) = {_tex(L)}"))
        proof.add(certify_identity(sp.diff(relu.explicit(p), p), R,
                                   rf"z > 0: \frac{{d}}{{dz}} \max(0, z) = {_tex(R)}"))
        q = relu.explicit(h) / h
        proof.add(certify_all(
            r"\lim_{h \to 0^\pm} \frac{\max(0, h)}{h} \text{ differ: no derivative at } 0",
            "identity",
            [certify_identity(sp.limit(q, h, 0, "+"), R, "right limit"),
             certify_identity(sp.limit(q, h, 0, "-"), L, "left limit"),
             certify_nonnegative(sp.Abs(R - L), sp.Abs(R - L), "they differ", strict=True)],
            "SymPy's one-sided limits of the difference quotient"))
        proof.add(certify_identity(relu.explicit_prime(sp.Integer(0)), C,
                                   rf"\text{{convention: }} \operatorname{{relu}}'(0) = {_tex(C)}"
                                   r" \text{ in the registry}"))
        proof.evidence.append(f"NumPy relu'(0) = {relu.numpy_prime(np.array(0.0))}; "
                              f"convention: {relu.convention}")
    return proof


# ----------------------------------------------------------------------------- softplus

@claim("softplus.derivative", "softplus' = sigma, and 0 < softplus' < 1 with sup 1")
def softplus_derivative(prime: Callable[[sp.Expr], sp.Expr] = sigma,
                        bound: sp.Expr = 1) -> Proof:
    r"""``\frac{d}{dz}\ln(1 + e^z) = prime(z)``, ``0 < prime < B`` with ``\sup = B``."""
    B = sp.sympify(bound)
    proof = Proof("softplus.derivative",
                  r"\operatorname{softplus}'(z) = \sigma(z), \quad 0 < \operatorname{softplus}'(z)"
                  rf" < {_tex(B)} = \sup_z \operatorname{{softplus}}'(z)")
    with timed(proof):
        d = sp.diff(sp.log(1 + sp.exp(z)), z)
        proof.add(certify_identity(d, prime(z), r"\frac{d}{dz} \ln(1 + e^z) = " + _tex(prime(z)),
                                   Z_POINTS))
        proof.add(certify_nonnegative(sigma(z), sigma(z), r"\sigma(z) > 0", strict=True))
        gap = B - sigma(z)
        proof.add(certify_nonnegative(gap, sp.factor(sp.together(gap)),
                                      rf"{_tex(B)} - \sigma(z) > 0", strict=True,
                                      points=Z_POINTS))
        proof.add(certify_identity(sp.limit(sigma(z), z, sp.oo), B,
                                   rf"\lim_{{z \to \infty}} \sigma(z) = {_tex(B)}"))
        proof.evidence.append(_sweep_note("softplus'", ACTIVATIONS["softplus"].numpy_prime(SWEEP),
                                          float(B)))
    return proof


# ----------------------------------------------------------------------------- gamma

BOOK = ("sigmoid", "tanh", "relu", "softplus", "identity")  # the activations of the book
GAMMAS = {"sigmoid": sp.Rational(1, 4), "tanh": 1, "relu": 1, "softplus": 1, "identity": 1}
DECIDE_SECONDS = 20.0  # the real-analysis prover's budget per side of |f'| <= gamma


def _decide() -> Callable | None:
    """``derive.realprove.decide`` when the real-analysis prover is installed, else None."""
    try:
        from derive.realprove import decide
    except ImportError:
        return None
    return decide


def _relations(dom: sp.Interval) -> list[sp.Basic]:
    """The piece ``dom`` as the relationals ``decide`` takes: ``[]``, ``[z > 0]``, ``[z < 0]``."""
    if dom == sp.S.Reals:
        return []
    return [z > 0] if dom.inf == 0 else [z < 0]


def _on(dom: sp.Interval) -> str:
    if dom == sp.S.Reals:
        return r"z \in \mathbb{R}"
    return "z > 0" if dom.inf == 0 else "z < 0"


def _certificate(slack: sp.Expr, dom: sp.Interval, claim: str) -> Step:
    """``slack >= 0`` on ``dom`` from the certificate ``factor(together(slack))`` (after
    rewriting in ``exp``), with ``z`` a positive / negative symbol on a half-line."""
    v = z if dom == sp.S.Reals else (p if dom.inf == 0 else n)
    e = slack.xreplace({z: v}).rewrite(sp.exp) if v == z else slack.subs(z, v).rewrite(sp.exp)
    try:
        cert = sp.factor(sp.together(e))
    except Exception:  # SymPy raises many types: no certificate, not a verdict
        cert = e
    pts = [{v: q[z]} for q in Z_POINTS if (q[z] > 0 if v == p else q[z] < 0 if v == n else True)]
    return certify_nonnegative(e, cert, claim, points=pts)


def _at_most(value: sp.Expr, gamma: sp.Expr, claim_tex: str) -> Step:
    """The constant ``value <= gamma``: exactly equal (``certify_identity``), or by a rigorous
    enclosure of ``gamma - value`` (``certify_sign``)."""
    step = certify_sign(gamma - value, claim_tex)
    if step.verdict == UNKNOWN:
        equal = certify_identity(value, gamma, claim_tex)
        if equal.verdict == PROVED:
            return equal
    return step


def _dec(e: sp.Expr) -> str:
    """LaTeX of ``e``; a rational with a finite decimal expansion as that decimal (exact)."""
    e = sp.sympify(e)
    if e.is_Rational and not e.is_Integer:
        q, k = int(e.q), 0
        while q % 10 == 0 or q % 2 == 0 or q % 5 == 0:
            if q % 10 == 0:
                q //= 10
            elif q % 2 == 0:
                q //= 2
            else:
                q //= 5
            k += 1
        if q == 1:
            from decimal import Decimal, localcontext

            with localcontext() as ctx:
                ctx.prec = 200
                return format(Decimal(int(e.p)) / Decimal(int(e.q)), "f")
    return _tex(e)


_CONTINUOUS = (sp.exp, sp.erf, sp.erfc, sp.tanh, sp.sin, sp.cos, sp.atan, sp.sinh, sp.cosh,
               sp.Abs)


def _continuous_on(expr: sp.Expr, dom: sp.Interval) -> bool:
    """Whether ``expr`` (in ``z``) is continuous on ``dom`` by its structure: sums, products,
    whole powers and everywhere-continuous functions, and ``1/u``, ``u^r``, ``ln u`` only
    where SymPy's assumptions make ``u`` positive (``z`` a positive / negative symbol on a
    half-line). False when in doubt (the method then does not apply)."""
    v = z if dom == sp.S.Reals else (p if dom.inf == 0 else n)
    e = expr.subs(z, v) if v != z else expr
    for node in sp.preorder_traversal(e):
        if node.is_Atom or node.is_Add or node.is_Mul:
            continue
        if node.is_Pow:
            b, ex = node.args
            if ex.is_Integer and ex >= 0:
                continue
            if b.is_positive is not True:
                return False
            continue
        if isinstance(node, sp.log):
            if node.args[0].is_positive is not True:
                return False
            continue
        if not isinstance(node, _CONTINUOUS):
            return False
    return True


def _critical_points(fp: sp.Expr, dom: sp.Interval, gamma: sp.Expr, F: str) -> Step | None:
    r"""``|f'| \le \gamma`` on ``dom`` from the exact stationary points of ``f'`` (solveset)
    and its limits at the ends: between consecutive stationary points ``f''`` keeps its sign
    (it is continuous and has no other zero), so ``f'`` is monotone there (mean value
    theorem) and ``|f'|`` is at most its largest value at those points and ends.
    None when SymPy does not give the stationary points exactly or ``f'`` is not C^1 on dom."""
    f2 = sp.diff(fp, z)
    if not (_continuous_on(fp, dom) and _continuous_on(f2, dom)):
        return None
    cands = activations_mod._exact_candidates(fp, dom)
    if cands is None:
        return None
    points = [w for _, w in cands if w.is_finite and dom.contains(w) == sp.true]
    if not fp.has(z):  # f' constant on dom
        premises = [certify_identity(f2, 0, rf"{F}''(z) = 0,\ {_on(dom)}")]
    elif points:
        premises = [certify_solve(f2, z, dom, points, rf"{F}''(z) = 0,\ {_on(dom)} \iff z "
                                  r"\in " + _tex(sp.FiniteSet(*points)))]
    else:  # no stationary point: f'' has one sign on dom, shown by a certificate
        up = _certificate(f2, dom, rf"{F}''(z) \ge 0,\ {_on(dom)}")
        premises = [up if up.verdict == PROVED else
                    _certificate(-f2, dom, rf"{F}''(z) \le 0,\ {_on(dom)}")]
    for v, w in cands:
        where = rf"{F}'({_tex(w)})" if dom.contains(w) == sp.true else (
            rf"\lim_{{z \to {_tex(w)}}} {F}'(z)")
        premises.append(_at_most(sp.Abs(v), gamma, rf"|{where}| = |{_tex(v)}| \le "
                                 + _tex(gamma)))
    return apply_rule("mean value theorem", premises,
                      rf"|{F}'(z)| \le {_tex(gamma)},\ {_on(dom)}",
                      "f' is monotone between consecutive stationary points (f'' continuous, "
                      "no other zero: constant sign; mean value theorem), so |f'| is at most "
                      "its values there and its limits at the ends")


def abs_prime_bound(name: str, gamma: sp.Expr) -> Step:
    r"""One step: ``|f'(z)| \le \gamma`` for every real ``z``, piece by piece (the whole line,
    or ``z > 0``, ``z < 0`` and the value at 0). On each piece: explicit certificates for
    ``\gamma - f'`` and ``\gamma + f'``; else the exact stationary points (mean value
    theorem); else the real-analysis prover ``derive.realprove.decide`` if installed;
    otherwise unknown with the reasons. A point where ``|f'| > \gamma`` refutes."""
    act = ACTIVATIONS[activations_mod.get(name).name]
    F, g = act.tex, sp.sympify(gamma)
    claim_tex = rf"|{F}'(z)| \le {_dec(g)} \text{{ for all }} z"
    try:
        parts = activations_mod.pieces(act)
    except ValueError as err:
        return Step(claim_tex, "certificate", UNKNOWN, f"not understood: {err}")
    steps: list[Step] = []
    if len(parts) > 1:
        v0 = act.explicit_prime(sp.Integer(0))
        steps.append(_at_most(sp.Abs(v0), g, rf"|{F}'(0)| = {_tex(v0)} \le {_tex(g)}"))
    for dom, fp in parts:
        sides = [_certificate(g - fp, dom, rf"{_dec(g)} - {F}'(z) \ge 0,\ {_on(dom)}"),
                 _certificate(g + fp, dom, rf"{_dec(g)} + {F}'(z) \ge 0,\ {_on(dom)}")]
        if any(s.verdict == REFUTED for s in sides) or all(s.verdict == PROVED for s in sides):
            steps.append(certify_all(rf"|{F}'(z)| \le {_dec(g)},\ {_on(dom)}", "certificate",
                                     sides, "explicit certificates (factor, together)"))
            continue
        crit = _critical_points(fp, dom, g, F)
        if crit is not None and crit.verdict != UNKNOWN:
            steps.append(crit)
            continue
        decide = _decide()
        if decide is not None:
            steps.append(certify_all(
                rf"|{F}'(z)| \le {_dec(g)},\ {_on(dom)}", "real analysis",
                [decide(g - fp, False, _relations(dom), rf"{_dec(g)} - {F}'(z) \ge 0",
                        DECIDE_SECONDS),
                 decide(g + fp, False, _relations(dom), rf"{_dec(g)} + {F}'(z) \ge 0",
                        DECIDE_SECONDS)],
                "rigorous real-analysis prover (derive.realprove)"))
            continue
        why = "; ".join(s.reason for s in sides if s.verdict != PROVED)
        steps.append(Step(rf"|{F}'(z)| \le {_dec(g)},\ {_on(dom)}", "certificate", UNKNOWN,
                          f"no certificate ({why}); the stationary points of {name}' are not "
                          "found exactly; the real-analysis prover (derive.realprove) is not "
                          "installed"))
    if len(steps) == 1:  # one piece: its step as it is (certify_all keeps no rules)
        return steps[0]
    return certify_all(claim_tex, "certificate", steps, "on every piece")


def _reached(name: str, gamma: sp.Expr, at: sp.Expr | None, tol: sp.Expr) -> Step:
    r"""``|f'(at)| = \gamma`` (exact), ``\lim_{z \to \pm\infty} |f'| = \gamma``, or, for a
    numerically located maximum, ``|f'(at)| \in [\gamma - tol, \gamma]`` by intervals."""
    act = ACTIVATIONS[activations_mod.get(name).name]
    F, g = act.tex, sp.sympify(gamma)
    if at is None:
        return Step(rf"\gamma_{{{F}}} \text{{ reached}}", "identity", UNKNOWN,
                    f"no point where |{name}'| is largest was located")
    if at.is_infinite:
        lim = sp.limit(act.closed_prime, z, at)
        return certify_identity(sp.Abs(lim), g,
                                rf"\lim_{{z \to {_tex(at)}}} |{F}'(z)| = {_tex(g)}")
    value = sp.Abs(act.explicit_prime(at))
    if tol == 0:
        return certify_identity(value, g, rf"|{F}'({_tex(at)})| = {_tex(g)}")
    from derive import intervals

    with intervals.precision(200):
        enc = intervals.enclose(value, {})
    return certify_enclosure(enc, g - tol, g, rf"{_dec(g - tol)} \le |{F}'({_dec(at)})| "
                             rf"\le {_dec(g)}", "interval arithmetic at 200 bits")


def gamma_proof(name: str, gamma: sp.Expr | str | None = None,
                argmax: sp.Expr | None = None) -> Proof:
    r"""``\gamma = \sup_z |f'(z)|`` for the registered activation ``name``.

    With the exact supremum (the default when SymPy locates it; or a claimed ``gamma``):
    ``|f'| \le \gamma`` everywhere (``abs_prime_bound``) and ``|f'(argmax)| = \gamma`` (or the
    limit at ``\pm\infty``). With a numerically located maximum ``gamma`` is an exact rational
    upper bound and the statement says so: ``|f'| \le \gamma`` everywhere and
    ``|f'(z_0)| \ge \gamma - 10^{-4}`` at the located ``z_0``. A claimed ``gamma`` is read
    exactly (a decimal string as written); a wrong one is refuted."""
    act = ACTIVATIONS[activations_mod.get(name).name]
    sup = act.sup if (gamma is None or argmax is None) else None
    if isinstance(gamma, str):
        from fractions import Fraction

        try:
            f = Fraction(gamma.strip())  # a decimal read exactly, never evaluated
        except ValueError:
            raise InputError(f"gamma must be an exact decimal such as 1.0999, not {gamma!r}"
                             ) from None
        gamma = sp.Rational(f.numerator, f.denominator)
    g = act.gamma if gamma is None else sp.sympify(gamma)
    at = sp.sympify(argmax) if argmax is not None else sup.at
    tol = sp.Integer(0) if sup is None or sup.exact else sup.tolerance
    F = act.tex
    if tol == 0:
        statement = rf"\sup_z |{F}'(z)| = {_tex(g)}"
        if at is not None and at.is_finite:
            statement += rf", \text{{ attained at }} z = {_tex(at)}"
    else:
        statement = (rf"|{F}'(z)| \le {_dec(g)} \text{{ for all }} z \text{{ and }} "
                     rf"|{F}'({_dec(at)})| \ge {_dec(g - tol)}")
    proof = Proof(f"gamma.{act.name}", statement)
    with timed(proof):
        proof.add(abs_prime_bound(act.name, g))
        proof.add(_reached(act.name, g, at, tol))
        top = float(np.max(np.abs(act.numpy_prime(SWEEP))))
        proof.evidence.append(f"float sweep of |{act.name}'| on {SWEEP.size} points of "
                              f"[-40, 40]: max {top:.12g}; candidate: {act.sup.how}"
                              if sup is not None else
                              f"float sweep of |{act.name}'|: max {top:.12g}")
    return proof


def _gamma_summary(act) -> str:
    return f"gamma = sup|{act.name}'| for {act.name}(z) = {sp.sstr(act.formula)}"


def gamma_claim(name: str):
    """The claim ``gamma.<name>`` of the registered activation ``name`` (or alias), added to
    the claims registry on first use: ``derive prove gamma.swish``, ``derive.prove(...)``.
    Not part of ``derive`` / ``prove --all`` (the chapter's claims): asked for by name."""
    from derive.proofs import _REGISTRY

    act = ACTIVATIONS[activations_mod.get(name).name]
    cid = f"gamma.{act.name}"
    if cid not in _REGISTRY or name != act.name:
        def run(gamma: sp.Expr | str | None = None, argmax: sp.Expr | None = None) -> Proof:
            return gamma_proof(act.name, gamma, argmax)

        run.__doc__ = gamma_proof.__doc__
        claim(cid, _gamma_summary(act), on_demand=True)(run)
        if name != act.name:  # an alias names the same claim
            claim(f"gamma.{name}", _gamma_summary(act), on_demand=True)(run)
    return _REGISTRY[f"gamma.{name}"]


@claim("activation.gamma",
       "gamma = sup|f'|: 1/4 sigmoid, 1 tanh, 1 relu, 1 softplus (and 1 identity)")
def activation_gamma(gammas: Mapping[str, sp.Expr] | None = None,
                     names: tuple[str, ...] = BOOK) -> Proof:
    r"""For each activation of ``names`` (the book's): ``|f'(z)| \le \gamma`` for all ``z``
    and ``\gamma`` is attained or approached, so ``\gamma = \sup_z |f'(z)|``. An activation
    of ``names`` without a claimed value is ``unknown``."""
    claimed = dict(GAMMAS if gammas is None else gammas)
    proof = Proof("activation.gamma",
                  r"\gamma_f = \sup_z |f'(z)|: \ " + ", ".join(
                      rf"\gamma_{{{ACTIVATIONS[k].tex}}} = {_tex(sp.sympify(v))}"
                      for k, v in claimed.items() if k in ACTIVATIONS))
    with timed(proof):
        for name in names:
            F = ACTIVATIONS[name].tex
            if name not in claimed:
                proof.add(Step(rf"\gamma_{{{F}}}", "certificate", UNKNOWN, "no value claimed"))
                continue
            g = sp.sympify(claimed[name])
            act = ACTIVATIONS[name]
            proof.add(certify_all(rf"\sup_z |{F}'(z)| = {_tex(g)}", "certificate",
                                  [abs_prime_bound(name, g), _reached(name, g, act.sup.at, 0)],
                                  "bound everywhere and reached"))
            top = float(np.max(np.abs(act.numpy_prime(SWEEP))))
            proof.evidence.append(f"{name}: float sweep max |f'| = {top:.12g}, "
                                  + ("within" if top <= float(g) else "ABOVE")
                                  + f" the bound {float(g):.12g}")
    return proof


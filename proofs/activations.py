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

from derive.activations import ACTIVATIONS
from derive.numerics import central_difference
from derive.proof import (
    Proof, Step, certify_all, certify_identity, certify_nonnegative, certify_solve, timed,
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
            f"{values[i]:.12g} at z = {SWEEP[i]:.6g}, never above {bound:.12g}: "
            f"{bool(values.max() <= bound)}")


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

GAMMAS = {"sigmoid": sp.Rational(1, 4), "tanh": 1, "relu": 1, "softplus": 1, "identity": 1}

# where sup |f'| is reached: a point z0 with f'(z0) = gamma, or "oo" for a limit z -> oo
_WITNESS = {"sigmoid": 0, "tanh": 0, "relu": 1, "softplus": sp.oo, "identity": 0}


def _gamma_steps(name: str, gamma: sp.Expr) -> list[Step]:
    r"""``|f'| \le \gamma`` everywhere and ``\gamma`` reached (at a point or as a limit)."""
    act = ACTIVATIONS[name]
    F = act.tex
    if name == "relu":  # Heaviside: by cases
        bound = certify_all(
            rf"0 \le {F}'(z) \le {_tex(gamma)}", "certificate",
            [certify_nonnegative(gamma - act.explicit_prime(v), gamma - act.explicit_prime(v),
                                 f"case {v}") for v in (p, n, sp.Integer(0))]
            + [certify_nonnegative(act.explicit_prime(v), act.explicit_prime(v), f"sign {v}")
               for v in (p, n, sp.Integer(0))],
            "by cases z > 0, z < 0, z = 0")
    else:
        fp = act.explicit_prime(z).rewrite(sp.exp)
        pos = sp.factor(sp.together(fp))
        gap = gamma - fp
        bound = certify_all(
            rf"0 \le {F}'(z) \le {_tex(gamma)}", "certificate",
            [certify_nonnegative(fp, pos, f"{name}' >= 0"),
             certify_nonnegative(gap, sp.factor(sp.together(gap)), f"{gamma} - {name}' >= 0",
                                 points=Z_POINTS)],
            "explicit certificates from factor(together(.)) after rewriting in exp")
    where = _WITNESS.get(name)
    if where is None:
        reach = certify_identity(sp.nan, gamma, f"no witness for {name}")
    elif where == sp.oo:
        reach = certify_identity(sp.limit(act.explicit_prime(z), z, sp.oo), gamma,
                                 rf"\lim_{{z \to \infty}} {F}'(z) = {_tex(gamma)}")
    else:
        reach = certify_identity(act.explicit_prime(sp.Integer(where)), gamma,
                                 rf"{F}'({where}) = {_tex(gamma)}")
    registry = certify_identity(act.gamma, gamma, rf"\text{{registry: }} \gamma_{{{F}}} = "
                                + _tex(act.gamma))
    return [bound, reach, registry]


@claim("activation.gamma",
       "gamma = sup|f'|: 1/4 sigmoid, 1 tanh, 1 relu, 1 softplus (and 1 identity)")
def activation_gamma(gammas: Mapping[str, sp.Expr] | None = None) -> Proof:
    r"""For each registered activation ``f``: ``|f'(z)| \le \gamma`` for all ``z`` and
    ``\gamma`` is attained or approached, so ``\gamma = \sup_z |f'(z)|``; the registry's
    ``gamma`` equals it. A registered activation without a claimed value is ``unknown``."""
    claimed = dict(GAMMAS if gammas is None else gammas)
    proof = Proof("activation.gamma",
                  r"\gamma_f = \sup_z |f'(z)|: \ " + ", ".join(
                      rf"\gamma_{{{ACTIVATIONS[k].tex}}} = {_tex(sp.sympify(v))}"
                      for k, v in claimed.items() if k in ACTIVATIONS))
    with timed(proof):
        for name in ACTIVATIONS:
            F = ACTIVATIONS[name].tex
            if name not in claimed:
                proof.add(certify_identity(sp.nan, 0, rf"\gamma_{{{F}}} \text{{ not claimed}}"))
                continue
            g = sp.sympify(claimed[name])
            proof.add(certify_all(rf"\sup_z |{F}'(z)| = {_tex(g)}", "certificate",
                                  _gamma_steps(name, g), "bound everywhere and reached"))
            act = ACTIVATIONS[name]
            top = float(np.max(np.abs(act.numpy_prime(SWEEP))))
            proof.evidence.append(f"{name}: float sweep max |f'| = {top:.12g} <= {float(g):.12g}:"
                                  f" {top <= float(g)}")
    return proof

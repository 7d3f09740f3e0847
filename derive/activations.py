r"""One registry of activation functions.

Each activation is written once, with its derivative beside it:

* an abstract SymPy function ``f(z)`` that prints as ``\sigma(z)`` and whose derivative is
  the abstract ``f'(z)`` (prints ``\sigma'(z)``), so chain-rule expressions stay in the
  book's notation (no ``Subs``, no dummy variables);
* the closed form of ``f`` and of ``f'`` (SymPy), used by proofs and by ``explicit``;
* NumPy forms of ``f``, ``f'`` and ``log|f'|`` that are stable for ``|z|`` in the thousands;
* ``gamma = sup_z |f'(z)|`` (exact), the constant of the vanishing and Pascanu bounds.

Adding an activation is one ``_register(...)`` call at the bottom of this file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import sympy as sp

from derive.errors import InputError

Array = np.ndarray


def softplus_np(z: Array) -> Array:
    r"""Stable ``\ln(1 + e^z)``."""
    return np.logaddexp(0.0, z)


def sigmoid_np(z: Array) -> Array:
    r"""Stable ``\sigma(z) = e^{-\ln(1+e^{-z})}``: no overflow warning for any float ``z``."""
    return np.exp(-softplus_np(-np.asarray(z, dtype=float)))


class AbstractActivation(sp.Function):
    """Base of the abstract ``f(z)``; ``activation`` names the registry entry."""

    nargs = 1
    activation: str = ""

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        r"""``d f(z)/dz = f'(z)`` (abstract)."""
        return ACTIVATIONS[self.activation].prime(self.args[0])


class AbstractDerivative(sp.Function):
    """Base of the abstract ``f'(z)``; its own derivative is the closed form."""

    nargs = 1
    activation: str = ""

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        r"""``d f'(z)/dz = f''(z)``, in closed form."""
        act = ACTIVATIONS[self.activation]
        t = sp.Dummy("t", real=True)
        return sp.diff(act.explicit_prime(t), t).subs(t, self.args[0])


@dataclass(frozen=True)
class Activation:
    r"""An activation ``f`` with everything derive needs to know about it.

    ``explicit_prime`` is the derivative written beside the definition ``explicit``; the
    test suite checks ``d/dz explicit(z) == explicit_prime(z)`` exactly for every entry.
    """

    name: str
    tex: str  # LaTeX of the name, e.g. r"\sigma"
    text: str  # unicode for terminals, e.g. "σ"
    func: type[AbstractActivation]
    prime: type[AbstractDerivative]
    explicit: Callable[[sp.Expr], sp.Expr]
    explicit_prime: Callable[[sp.Expr], sp.Expr]
    numpy: Callable[[Array], Array]
    numpy_prime: Callable[[Array], Array]
    log_abs_prime: Callable[[Array], Array]  # natural log of |f'(z)|, -inf where f' = 0
    gamma: sp.Rational  # sup_z |f'(z)|
    analytic: bool  # complex-step differentiation applies
    convention: str = ""  # how a non-differentiable point is treated

    def to_explicit(self, expr: sp.Expr) -> sp.Expr:
        """Replace the abstract ``f``, ``f'`` in ``expr`` by their closed forms."""
        return expr.replace(self.func, self.explicit).replace(self.prime, self.explicit_prime)


ACTIVATIONS: dict[str, Activation] = {}


def _register(name: str, tex: str, text: str, **kw) -> None:
    cls_name = {"sigmoid": "sigma"}.get(name, name)
    func = type(cls_name, (AbstractActivation,), {"activation": name})
    prime = type(cls_name + "_prime", (AbstractDerivative,), {"activation": name})
    ACTIVATIONS[name] = Activation(name, tex, text, func, prime, **kw)


def get(name: str) -> Activation:
    """The registered activation ``name``; InputError naming the choices otherwise."""
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise InputError(
            f"unknown activation {name!r} (choose from {', '.join(ACTIVATIONS)})"
        ) from None


def _sigmoid(z: sp.Expr) -> sp.Expr:
    r"""``\sigma(z) = 1/(1 + e^{-z})``."""
    return 1 / (1 + sp.exp(-z))


def _log_sech2(z: Array) -> Array:
    r"""``\ln \operatorname{sech}^2 z = 2(\ln 2 - |z| - \ln(1 + e^{-2|z|}))``, stable."""
    az = np.abs(z)
    return 2.0 * (np.log(2.0) - az - np.log1p(np.exp(-2.0 * az)))


_register(
    "sigmoid", r"\sigma", "σ",
    explicit=_sigmoid,
    explicit_prime=lambda z: _sigmoid(z) * (1 - _sigmoid(z)),  # sigma' = sigma (1 - sigma)
    numpy=sigmoid_np,
    numpy_prime=lambda z: np.exp(-softplus_np(z) - softplus_np(-z)),
    log_abs_prime=lambda z: -softplus_np(z) - softplus_np(-z),
    gamma=sp.Rational(1, 4),
    analytic=True,
)
_register(
    "tanh", r"\tanh", "tanh",
    explicit=sp.tanh,
    explicit_prime=lambda z: 1 - sp.tanh(z) ** 2,  # tanh' = 1 - tanh^2
    numpy=np.tanh,
    numpy_prime=lambda z: np.exp(_log_sech2(np.asarray(z, dtype=float))),
    log_abs_prime=_log_sech2,
    gamma=sp.Integer(1),
    analytic=True,
)
_register(
    "relu", r"\operatorname{relu}", "relu",
    explicit=lambda z: sp.Max(0, z),
    explicit_prime=lambda z: sp.Heaviside(z, 0),  # 0 for z < 0, 1 for z > 0; 0 at z = 0
    numpy=lambda z: np.maximum(z, 0.0),
    numpy_prime=lambda z: (np.asarray(z) > 0).astype(float),
    log_abs_prime=lambda z: np.where(np.asarray(z) > 0, 0.0, -np.inf),
    gamma=sp.Integer(1),
    analytic=False,
    convention="relu'(0) = 0 (relu is not differentiable at 0; derive uses the subgradient 0)",
)
_register(
    "softplus", r"\operatorname{softplus}", "softplus",
    explicit=lambda z: sp.log(1 + sp.exp(z)),
    explicit_prime=_sigmoid,  # softplus' = sigma
    numpy=softplus_np,
    numpy_prime=sigmoid_np,
    log_abs_prime=lambda z: -softplus_np(-np.asarray(z, dtype=float)),
    gamma=sp.Integer(1),
    analytic=True,
)
_register(
    "identity", r"\operatorname{id}", "id",
    explicit=lambda z: z,
    explicit_prime=lambda z: sp.Integer(1),
    numpy=lambda z: np.asarray(z, dtype=float) * 1.0,
    numpy_prime=lambda z: np.ones_like(np.asarray(z, dtype=float)),
    log_abs_prime=lambda z: np.zeros_like(np.asarray(z, dtype=float)),
    gamma=sp.Integer(1),
    analytic=True,
)

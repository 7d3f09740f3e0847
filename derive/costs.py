r"""Costs ``C(a, y)`` of the network output ``a`` with target ``y``, derivative beside each.

* quadratic: ``C = (a - y)^2 / 2``, ``dC/da = a - y``;
* cross-entropy: ``C = -(y \ln a + (1 - y) \ln(1 - a))``, ``dC/da = (a - y) / (a (1 - a))``;
* generic: ``C(a)`` stays abstract; its derivative stays the symbol ``dC/da``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import sympy as sp

from derive.errors import InputError

Array = np.ndarray


class GenericCost(sp.Function):
    """An arbitrary differentiable cost ``C(a)``; its derivative is ``GenericCostPrime``."""

    nargs = 1

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return GenericCostPrime(self.args[0])


class GenericCostPrime(sp.Function):
    """``dC/da`` of the generic cost, left abstract."""

    nargs = 1


@dataclass(frozen=True)
class Cost:
    r"""A cost with its derivative ``explicit_grad = \partial C / \partial a`` beside it."""

    name: str
    tex: str  # the formula in LaTeX, with a and y
    explicit: Callable[[sp.Expr, sp.Expr], sp.Expr]
    explicit_grad: Callable[[sp.Expr, sp.Expr], sp.Expr]
    numpy: Callable[[Array, Array], Array]
    numpy_grad: Callable[[Array, Array], Array]


COSTS: dict[str, Cost] = {
    "quadratic": Cost(
        "quadratic",
        r"\frac{1}{2}(a - y)^2",
        explicit=lambda a, y: (a - y) ** 2 / 2,
        explicit_grad=lambda a, y: a - y,
        numpy=lambda a, y: 0.5 * (a - y) ** 2,
        numpy_grad=lambda a, y: a - y,
    ),
    "cross-entropy": Cost(
        "cross-entropy",
        r"-\left(y \ln a + (1 - y) \ln(1 - a)\right)",
        explicit=lambda a, y: -(y * sp.log(a) + (1 - y) * sp.log(1 - a)),
        explicit_grad=lambda a, y: (a - y) / (a * (1 - a)),
        numpy=lambda a, y: -(y * np.log(a) + (1 - y) * np.log1p(-a)),
        numpy_grad=lambda a, y: (a - y) / (a * (1 - a)),
    ),
    "generic": Cost(
        "generic",
        r"C(a)",
        explicit=lambda a, y: GenericCost(a),
        explicit_grad=lambda a, y: GenericCostPrime(a),
        numpy=lambda a, y: _no_numbers(),
        numpy_grad=lambda a, y: _no_numbers(),
    ),
}


def _no_numbers() -> Array:
    raise InputError("the generic cost C(a) has no numeric value; choose quadratic or cross-entropy")


def get(name: str) -> Cost:
    """The registered cost ``name``; InputError naming the choices otherwise."""
    try:
        return COSTS[name]
    except KeyError:
        raise InputError(f"unknown cost {name!r} (choose from {', '.join(COSTS)})") from None

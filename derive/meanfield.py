r"""Mean-field fixed point and gradient factor in floating point (evidence, not proof).

For weights ``N(0, sigma_w^2/n)`` and biases ``N(0, sigma_b^2)`` in a wide network, the
pre-activation variance converges to ``q* = sigma_w^2 E[f(sqrt(q*) Z)^2] + sigma_b^2`` and
each layer multiplies the gradient norm by ``sqrt(chi_1)``,
``chi_1 = sigma_w^2 E[f'(sqrt(q*) Z)^2]``, ``Z ~ N(0, 1)``. The rigorous enclosure of these
numbers is ``proofs.meanfield``; this module gives the float values it starts from and the
prediction the experiment compares with.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.polynomial.hermite_e import hermegauss

from derive import activations

QUADRATURE_NODES = 200  # Gauss-Hermite nodes of the mean-field quadrature (evidence only)


@dataclass(frozen=True)
class MeanField:
    r"""Mean-field fixed point ``q*`` and ``chi_1`` of one activation and init."""

    activation: str
    sigma_w2: float
    sigma_b2: float
    q_star: float
    chi1: float
    method: str

    @property
    def sqrt_chi1(self) -> float:
        return math.sqrt(self.chi1)

    def to_dict(self) -> dict[str, Any]:
        return {"activation": self.activation, "sigma_w2": self.sigma_w2,
                "sigma_b2": self.sigma_b2, "q_star": self.q_star, "chi1": self.chi1,
                "sqrt_chi1": self.sqrt_chi1, "method": self.method, "verdict": "evidence"}


def mean_field_chi1(activation: str, sigma_w2: float, sigma_b2: float) -> MeanField:
    r"""``q* = sigma_w^2 E[f(sqrt(q*) Z)^2] + sigma_b^2`` (fixed-point iteration from
    ``q = 1``) and ``chi_1 = sigma_w^2 E[f'(sqrt(q*) Z)^2]``, ``Z ~ N(0, 1)``, by
    Gauss-Hermite quadrature with ``QUADRATURE_NODES`` nodes (an even number: no node at
    0, where ReLU' jumps). Floating point: evidence only (the rigorous enclosure belongs to
    ``proofs.meanfield``)."""
    act = activations.get(activation)
    z, wts = hermegauss(QUADRATURE_NODES)
    wts = wts / wts.sum()

    def expect(g: Callable[[np.ndarray], np.ndarray], q: float) -> float:
        return float(np.dot(wts, g(math.sqrt(q) * z)))

    q = 1.0
    for _ in range(10_000):
        q_new = sigma_w2 * expect(lambda x: act.numpy(x) ** 2, q) + sigma_b2
        done = abs(q_new - q) <= 4 * np.finfo(float).eps * max(1.0, q)
        q = q_new
        if done:
            break
    chi1 = sigma_w2 * expect(lambda x: act.numpy_prime(x) ** 2, q)
    return MeanField(activation, sigma_w2, sigma_b2, q, chi1,
                     f"Gauss-Hermite quadrature, {QUADRATURE_NODES} nodes, fixed-point "
                     "iteration (floating point: evidence)")

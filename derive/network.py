r"""Numeric backprop for networks of any widths ``[n_0, n_1, ..., n_L]``, vectorised over a batch.

Book notation (ch. 2), layers numbered 1..L; the Python lists are 0-based, so **layer l is
at index l-1** of ``weights``, ``biases`` and of every per-layer result:

    z^l = w^l a^{l-1} + b^l,   a^l = f(z^l),   a^0 = x,   w^l of shape (n_l, n_{l-1}).

A batch is a matrix with one example per *row*: ``X`` of shape ``(batch, n_0)``, ``Y`` of shape
``(batch, n_L)``; inside, examples are columns and ``Z^l = w^l A^{l-1} + b^l`` is one matrix
product per layer. The cost
of a batch is the mean over examples of ``sum_j C(a^L_j, y_j)``, and backprop returns the
gradient of that mean (BP1-BP4, averaged):

    delta^L = C'(a^L) * f'(z^L)                      (BP1; elementwise)
    delta^l = ((w^{l+1})^T delta^{l+1}) * f'(z^l)    (BP2)
    dC/db^l = mean over the batch of delta^l         (BP3)
    dC/dw^l = mean over the batch of delta^l (a^{l-1})^T   (BP4)

For the sigmoid output with cross-entropy cost, ``C'(a) f'(z) = (a - y)/(a(1-a)) * a(1-a)``
simplifies to ``a - y`` (``output_delta_identity`` checks this with SymPy from the registries'
derivatives); computing the product in floating point would give 0/0 once ``a`` rounds to 1, so
the simplified form is used.

Inits (``init=``), drawn layer by layer from one ``numpy.random.Generator`` (layer l: ``b^l``
then ``w^l``; the book's ``network2.py`` draws all biases first, with ``np.random``):

* ``book``:     w^l_{jk} ~ N(0, 1/n_{l-1}),             b^l_j ~ N(0, 1)
* ``standard``: w^l_{jk} ~ N(0, 1),                     b^l_j ~ N(0, 1)
* ``glorot``:   w^l_{jk} ~ N(0, 2/(n_{l-1} + n_l)),     b^l_j = 0
* ``he``:       w^l_{jk} ~ N(0, 2/n_{l-1}),             b^l_j = 0
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import sympy as sp

from derive import activations, costs
from derive.errors import InputError
from derive.numerics import FD_RTOL, central_difference

Array = np.ndarray
Kernel = Callable[..., tuple[Array, Array]]  # (z, out=(a, fp) or None) -> (f(z), f'(z))

INITS = ("book", "standard", "glorot", "he")
MAX_LAYER_WIDTH = 1_000_000  # refuse absurd sizes before allocating ...
MAX_PARAMETERS = 200_000_000  # ... and networks or batches above 1.6 GB of float64


# ----------------------------------------------------------------------------- kernels

Out = tuple[Array, Array] | None


def _buffers(z: Array, out: Out) -> tuple[Array, Array]:
    return out if out is not None else (np.empty_like(z), np.empty_like(z))


SIGMOID_CLAMP = 708.0  # e^{708} < float64 max: keeps e^{-z} finite (see _sigmoid_kernel)


def _sigmoid_kernel(z: Array, out: Out = None) -> tuple[Array, Array]:
    r"""``(\sigma(z), \sigma'(z))`` from one ``e = e^{-\max(z, -708)}``:
    ``\sigma = 1/(1 + e)`` and ``\sigma' = e \sigma^2 = \sigma(z) \sigma(-z)``. Both are
    relatively accurate wherever they are normal floats (no ``1 - \sigma`` cancellation, no
    overflow); for ``z < -708`` the true values are below ``2.2e-308``, where float64 has no
    relative precision, and the clamp returns ``\sigma(-708) = 3.3e-308`` instead."""
    a, fp = _buffers(z, out)
    np.negative(z, out=fp)
    np.minimum(fp, SIGMOID_CLAMP, out=fp)
    np.exp(fp, out=fp)  # e
    np.add(fp, 1.0, out=a)
    np.reciprocal(a, out=a)  # sigma
    fp *= a
    fp *= a  # e sigma^2
    return a, fp


def _tanh_kernel(z: Array, out: Out = None) -> tuple[Array, Array]:
    r"""``(\tanh z, \operatorname{sech}^2 z)`` with ``e = e^{-2|z|}``: ``\tanh' = 4e/(1+e)^2``
    (no cancellation in ``1 - \tanh^2`` for large ``|z|``)."""
    a, fp = _buffers(z, out)
    np.abs(z, out=fp)
    fp *= -2.0
    np.exp(fp, out=fp)  # e
    np.add(fp, 1.0, out=a)
    np.divide(fp, a, out=fp)  # e/(1+e)
    np.divide(fp, a, out=fp)  # e/(1+e)^2
    fp *= 4.0
    np.tanh(z, out=a)
    return a, fp


def _relu_kernel(z: Array, out: Out = None) -> tuple[Array, Array]:
    """``(max(z, 0), [z > 0])``: relu'(0) = 0, the registry's convention."""
    a, fp = _buffers(z, out)
    np.maximum(z, 0.0, out=a)
    np.greater(z, 0.0, out=fp)
    return a, fp


def _softplus_kernel(z: Array, out: Out = None) -> tuple[Array, Array]:
    r"""``(\ln(1+e^z), \sigma(z))`` with ``\ln(1+e^z) = \max(z,0) + \ln(1 + e^{-|z|})``."""
    a, fp = _buffers(z, out)
    _sigmoid_kernel(z, (fp, a))  # fp = sigma(z); a is scratch
    e = np.exp(-np.abs(z))
    np.maximum(z, 0.0, out=a)
    a += np.log1p(e)
    return a, fp


def _identity_kernel(z: Array, out: Out = None) -> tuple[Array, Array]:
    a, fp = _buffers(z, out)
    np.copyto(a, z)
    fp.fill(1.0)
    return a, fp


# Fused (f(z), f'(z)) per registered activation, written into ``out`` when given; tests check
# each against the registry's numpy / numpy_prime. An activation without a kernel here uses
# the registry's functions.
KERNELS: dict[str, Kernel] = {
    "sigmoid": _sigmoid_kernel,
    "tanh": _tanh_kernel,
    "relu": _relu_kernel,
    "softplus": _softplus_kernel,
    "identity": _identity_kernel,
}


def kernel(activation: str) -> Kernel:
    """``z -> (f(z), f'(z))`` for the registered ``activation``."""
    act = activations.get(activation)
    if activation in KERNELS:
        return KERNELS[activation]
    def generic(z: Array, out: Out = None) -> tuple[Array, Array]:
        a, fp = _buffers(z, out)
        np.copyto(a, act.numpy(z))
        np.copyto(fp, act.numpy_prime(z))
        return a, fp

    return generic


# Output layers whose delta^L = C'(a) f'(z) simplifies; checked by output_delta_identity.
_FUSED_OUTPUT = {("sigmoid", "cross-entropy"): lambda z, a, y, out: np.subtract(a, y, out=out)}


def output_delta_identity(activation: str, cost: str) -> tuple[sp.Expr, sp.Expr]:
    r"""``(C'(f(z), y) f'(z), fused)`` from the registries' closed forms, for an exact check
    (``simplify(lhs - rhs) == 0``) that the fused output delta used here is right. ``fused``
    is ``f(z) - y`` for the fused pairs, otherwise the unsimplified product itself."""
    act, cst = activations.get(activation), costs.get(cost)
    z, y = sp.symbols("z y", real=True)
    lhs = cst.explicit_grad(act.explicit(z), y) * act.explicit_prime(z)
    rhs = act.explicit(z) - y if (activation, cost) in _FUSED_OUTPUT else lhs
    return lhs, rhs


# ----------------------------------------------------------------------------- the network

def parse_sizes(sizes: str | Sequence[int]) -> list[int]:
    """``"784,30,10"`` or ``[784, 30, 10]`` -> ``[784, 30, 10]``; InputError unless there are
    at least two layer sizes, each a whole number >= 1."""
    if isinstance(sizes, str):
        parts = [p.strip() for p in sizes.split(",")]
        try:
            out = [int(p) for p in parts]
        except ValueError:
            raise InputError(f"sizes must be comma-separated whole numbers, not {sizes!r}") from None
    else:
        try:
            out = [int(s) for s in sizes]
        except (TypeError, ValueError):
            raise InputError(f"sizes must be whole numbers, not {sizes!r}") from None
        if any(int(s) != s for s in sizes):
            raise InputError(f"sizes must be whole numbers, not {list(sizes)!r}")
    if len(out) < 2:
        raise InputError(f"sizes need at least an input and an output layer, got {out}")
    if any(n < 1 or n > MAX_LAYER_WIDTH for n in out):
        raise InputError(f"every layer size must be between 1 and {MAX_LAYER_WIDTH}, got {out}")
    if sum(a * b for a, b in itertools.pairwise(out)) > MAX_PARAMETERS:
        raise InputError(f"{out} has more than {MAX_PARAMETERS} weights")
    return out


def _rng(seed: int | np.random.Generator | None) -> np.random.Generator:
    if isinstance(seed, np.random.Generator):
        return seed
    try:
        return np.random.default_rng(seed)
    except (TypeError, ValueError) as err:
        raise InputError(f"seed must be a non-negative integer or a Generator ({err})") from None


def init_params(sizes: Sequence[int], init: str,
                rng: np.random.Generator) -> tuple[list[Array], list[Array]]:
    """``(weights, biases)`` for ``sizes`` drawn with ``init`` (see the module docstring)."""
    if init not in INITS:
        raise InputError(f"unknown init {init!r} (choose from {', '.join(INITS)})")
    weights, biases = [], []
    for n_in, n_out in itertools.pairwise(sizes):
        if init in ("book", "standard"):
            biases.append(rng.standard_normal(n_out))
        else:
            biases.append(np.zeros(n_out))
        var = {"book": 1.0 / n_in, "standard": 1.0, "glorot": 2.0 / (n_in + n_out),
               "he": 2.0 / n_in}[init]
        weights.append(rng.standard_normal((n_out, n_in)) * np.sqrt(var))
    return weights, biases


def weight_variance(init: str, n_in: int, n_out: int) -> sp.Rational:
    """The exact ``Var w^l_{jk}`` of ``init`` for a layer ``n_in -> n_out``."""
    if init not in INITS:
        raise InputError(f"unknown init {init!r} (choose from {', '.join(INITS)})")
    return {"book": sp.Rational(1, n_in), "standard": sp.Integer(1),
            "glorot": sp.Rational(2, n_in + n_out), "he": sp.Rational(2, n_in)}[init]


class Network:
    r"""A fully connected network ``sizes = [n_0, ..., n_L]`` with one activation ``f`` in every
    layer and a per-output cost ``C(a, y)``.

    ``weights[l-1]`` is ``w^l`` of shape ``(n_l, n_{l-1})`` and ``biases[l-1]`` is ``b^l`` of
    shape ``(n_l,)``; both lists may be replaced or edited in place.
    """

    def __init__(self, sizes: str | Sequence[int], activation: str = "sigmoid",
                 cost: str = "cross-entropy", init: str = "book",
                 seed: int | np.random.Generator | None = 0) -> None:
        self.sizes = parse_sizes(sizes)
        self.activation = activations.get(activation).name
        self.cost = costs.get(cost).name
        if self.cost == "generic":
            raise InputError("the generic cost C(a) has no numeric value; "
                             "choose quadratic or cross-entropy")
        if self.cost == "cross-entropy" and self.activation != "sigmoid":
            raise InputError("cross-entropy needs outputs in (0, 1): use the sigmoid activation "
                             "(or the quadratic cost)")
        self.init = init
        self.weights, self.biases = init_params(self.sizes, init, _rng(seed))
        self._kernel = kernel(self.activation)
        self._fused = _FUSED_OUTPUT.get((self.activation, self.cost))
        self._cost = costs.get(self.cost)

    @classmethod
    def from_params(cls, weights: Sequence[Array], biases: Sequence[Array],
                    activation: str = "sigmoid", cost: str = "cross-entropy") -> Network:
        """A network with the given ``weights[l-1] = w^l`` and ``biases[l-1] = b^l``."""
        ws = [np.array(w, dtype=float, ndmin=2) for w in weights]
        bs = [np.array(b, dtype=float, ndmin=1) for b in biases]
        if not ws or len(ws) != len(bs):
            raise InputError("need as many bias vectors as weight matrices (at least one)")
        sizes = [ws[0].shape[1]] + [w.shape[0] for w in ws]
        for l, (w, b) in enumerate(zip(ws, bs), start=1):
            if w.ndim != 2 or w.shape != (sizes[l], sizes[l - 1]) or b.shape != (sizes[l],):
                raise InputError(f"layer {l}: w must be ({sizes[l]}, {sizes[l - 1]}) and b "
                                 f"({sizes[l]},), got {w.shape} and {b.shape}")
        net = cls(sizes, activation, cost, init="book", seed=0)
        net.weights, net.biases = ws, bs
        return net

    @property
    def depth(self) -> int:
        """``L``, the number of layers with weights."""
        return len(self.sizes) - 1

    def __repr__(self) -> str:
        return (f"Network({self.sizes}, activation={self.activation!r}, cost={self.cost!r}, "
                f"init={self.init!r})")

    # ------------------------------------------------------------------ batches

    def _batch(self, X, Y=None) -> tuple[Array, Array | None]:
        X = np.asarray(X, dtype=float)
        if X.ndim == 1:
            X = X[None, :]
        if X.ndim != 2 or X.shape[1] != self.sizes[0] or X.shape[0] == 0:
            raise InputError(f"X must have shape (batch, {self.sizes[0]}), got {X.shape}")
        if Y is None:
            return X, None
        Y = np.asarray(Y, dtype=float)
        if Y.ndim == 1:
            Y = Y[None, :] if X.shape[0] == 1 else Y[:, None]
        if Y.shape != (X.shape[0], self.sizes[-1]):
            raise InputError(f"Y must have shape ({X.shape[0]}, {self.sizes[-1]}), got {Y.shape}")
        return X, Y

    # Internally a batch is stored one example per *column*, the book's layout: A^l of shape
    # (n_l, batch), Z^l = w^l A^{l-1} + b^l. The public API takes and returns rows; X.T is a
    # view, and these products are the faster layout for OpenBLAS (see bench/). The per-layer
    # arrays live in a workspace reused between calls with the same batch size (no page
    # faults from fresh large allocations); nothing returned to the caller aliases it.

    def _workspace(self, batch: int) -> dict[str, list[Array]]:
        """Buffers for one batch size: per layer ``A^l`` and ``f'(Z^l)``; one ``Z`` buffer per
        shape shared by the hidden layers (``Z^L`` has its own, the cost needs it); two
        ``delta`` buffers per shape used alternately (consecutive layers never share)."""
        ws = getattr(self, "_ws", None)
        shapes = [(n, batch) for n in self.sizes[1:]]
        if ws is None or ws["shapes"] != shapes:
            zbuf: dict[tuple[int, int], Array] = {}
            dbuf: dict[tuple[tuple[int, int], int], Array] = {}
            L = len(shapes)
            ws = {"shapes": shapes,
                  "z": [zbuf.setdefault(s, np.empty(s)) for s in shapes[:-1]]
                  + [np.empty(shapes[-1])],
                  "a": [np.empty(s) for s in shapes], "fp": [np.empty(s) for s in shapes],
                  "delta": [dbuf.setdefault((s, i % 2), np.empty(s))
                            for i, s in zip(range(L), shapes)]}
            self._ws = ws
        return ws

    def _forward(self, X: Array) -> tuple[list[Array], list[Array], list[Array]]:
        """``Z`` buffers (only ``Z^L``, the last entry, is kept intact), activations
        ``A^0..A^L`` and ``f'(Z^l)``, columns = examples."""
        ws = self._workspace(X.shape[0])
        a = X.T
        acts = [a]
        for l, (w, b) in enumerate(zip(self.weights, self.biases)):
            z = np.matmul(w, a, out=ws["z"][l])
            z += b[:, None]
            a, _ = self._kernel(z, (ws["a"][l], ws["fp"][l]))
            acts.append(a)
        return ws["z"], acts, ws["fp"]

    def feedforward(self, X) -> Array:
        """``a^L`` for each row of ``X``: shape ``(batch, n_L)`` (``(1, n_L)`` for a vector)."""
        X, _ = self._batch(X)
        return self._forward(X)[1][-1].T.copy()

    def cost_value(self, X, Y) -> float:
        r"""Mean over the batch of ``sum_j C(a^L_j, y_j)``. Sigmoid + cross-entropy uses the
        stable ``C = y \ln(1+e^{-z}) + (1-y) \ln(1+e^{z})`` in terms of ``z^L``."""
        X, Y = self._batch(X, Y)
        zs, acts, _ = self._forward(X)
        if self._fused is not None:
            z = zs[-1]
            c = Y.T * np.logaddexp(0.0, -z) + (1.0 - Y.T) * np.logaddexp(0.0, z)
        else:
            c = self._cost.numpy(acts[-1], Y.T)
        return float(np.sum(c) / X.shape[0])

    def deltas(self, X, Y) -> list[Array]:
        r"""``delta^l = \partial C_x / \partial z^l`` per example (not averaged): entry l-1 has
        shape ``(batch, n_l)``."""
        X, Y = self._batch(X, Y)
        zs, acts, primes = self._forward(X)
        out: list[Array] = [np.empty(0)] * self.depth
        for i, d in self._backward(zs, acts, primes, Y, scale=1.0):
            out[i] = d.T.copy()
        return out

    def _backward(self, zs, acts, primes, Y, scale: float) -> Iterator[tuple[int, Array]]:
        """BP1 then BP2, columns = examples, every delta multiplied by ``scale``: yields
        ``(l - 1, delta^l)`` for ``l = L, ..., 1``; each buffer is reused two layers later."""
        L = self.depth
        deltas = self._ws["delta"]
        delta = deltas[-1]
        if self._fused is not None:
            self._fused(zs[-1], acts[-1], Y.T, delta)
        else:
            np.multiply(self._cost.numpy_grad(acts[-1], Y.T), primes[-1], out=delta)
        if scale != 1.0:
            delta *= scale
        yield L - 1, delta
        for l in range(L - 1, 0, -1):  # layer l+1 at index l -> layer l at index l-1
            delta = np.matmul(self.weights[l].T, delta, out=deltas[l - 1])
            delta *= primes[l - 1]
            yield l - 1, delta

    def backprop(self, X, Y) -> tuple[list[Array], list[Array]]:
        r"""``(grad_b, grad_w)`` of the batch-mean cost: ``grad_b[l-1] = dC/db^l`` of shape
        ``(n_l,)`` and ``grad_w[l-1] = dC/dw^l`` of shape ``(n_l, n_{l-1})``."""
        X, Y = self._batch(X, Y)
        zs, acts, primes = self._forward(X)
        grad_b: list[Array] = [np.empty(0)] * self.depth
        grad_w: list[Array] = [np.empty(0)] * self.depth
        for i, d in self._backward(zs, acts, primes, Y, scale=1.0 / X.shape[0]):
            grad_b[i] = d.sum(axis=1)  # BP3, while delta^l is in cache
            grad_w[i] = d @ acts[i].T  # BP4
        return grad_b, grad_w

    def bias_gradient_norms(self, X, Y) -> Array:
        r"""``||dC/db^l||_2`` of the batch-averaged bias gradient, layer 1 first (the book's
        "speed of learning" of layer l). Length L."""
        X, Y = self._batch(X, Y)
        zs, acts, primes = self._forward(X)
        out = np.empty(self.depth)
        for i, d in self._backward(zs, acts, primes, Y, scale=1.0 / X.shape[0]):
            out[i] = np.linalg.norm(d.sum(axis=1))
        return out

    def weight_gradient_norms(self, X, Y) -> Array:
        """Frobenius norms ``||dC/dw^l||_F``, layer 1 first."""
        return np.array([np.linalg.norm(g) for g in self.backprop(X, Y)[1]])


def random_batch(sizes: Sequence[int], batch: int, rng: np.random.Generator,
                 cost: str = "cross-entropy") -> tuple[Array, Array]:
    """Random inputs ``X ~ U(0,1)^{n_0}`` and one-hot targets (cross-entropy) or ``U(0,1)``
    targets (quadratic), shapes ``(batch, n_0)`` and ``(batch, n_L)``."""
    if batch < 1:
        raise InputError(f"batch must be >= 1, got {batch}")
    if batch * max(sizes) > MAX_PARAMETERS:
        raise InputError(f"batch {batch} x width {max(sizes)} is above {MAX_PARAMETERS} numbers")
    X = rng.uniform(size=(batch, sizes[0]))
    if sizes[-1] > 1:
        Y = np.zeros((batch, sizes[-1]))
        Y[np.arange(batch), rng.integers(0, sizes[-1], size=batch)] = 1.0
    else:
        Y = rng.integers(0, 2, size=(batch, 1)).astype(float)
    if cost == "quadratic":
        Y = rng.uniform(size=(batch, sizes[-1]))
    return X, Y


# ----------------------------------------------------------------------------- cross-check

@dataclass(frozen=True)
class GradientCheck:
    r"""Backprop against central differences of the cost, entry by entry (evidence, never
    proof): ``entries[i]`` names a parameter (``"b^2_1"``, ``"w^3_{2,1}"``, layers and units
    numbered from 1), ``backprop[i]`` is ``\partial C/\partial\theta`` from BP1-BP4,
    ``finite_difference[i]`` the central difference and ``error[i]`` its error estimate;
    ``ok`` when every pair agrees within ``FD_RTOL`` relative plus that estimate."""

    entries: tuple[str, ...]
    backprop: Array
    finite_difference: Array
    error: Array
    ok: bool

    @property
    def max_relative_error(self) -> float:
        scale = np.maximum(np.maximum(np.abs(self.backprop), np.abs(self.finite_difference)),
                           np.finfo(float).tiny)
        return float(np.max(np.abs(self.backprop - self.finite_difference) / scale))

    def __str__(self) -> str:
        return (f"backprop vs central differences on {len(self.entries)} parameters: "
                f"{'agree' if self.ok else 'DISAGREE'} (max relative difference "
                f"{self.max_relative_error:.2g}; evidence, not proof)")


def cross_check(net: Network, X=None, Y=None, entries: int = 24,
                seed: int | np.random.Generator | None = 0) -> GradientCheck:
    r"""Compare ``net.backprop(X, Y)`` with central differences of ``net.cost_value`` for up
    to ``entries`` parameters drawn at random (all of them for a small network). Random
    inputs and targets (``random_batch``, batch 4) when ``X`` is omitted."""
    rng = _rng(seed)
    if X is None:
        X, Y = random_batch(net.sizes, 4, rng, net.cost)
    X, Y = net._batch(X, Y)
    grad_b, grad_w = net.backprop(X, Y)
    where = [("b", l, (j,)) for l, b in enumerate(net.biases) for j in range(b.size)]
    where += [("w", l, (j, k)) for l, w in enumerate(net.weights)
              for j in range(w.shape[0]) for k in range(w.shape[1])]
    pick = sorted(rng.choice(len(where), size=min(entries, len(where)), replace=False))
    names, bp, fd, err = [], [], [], []
    for i in pick:
        kind, l, idx = where[i]
        arr = (net.biases if kind == "b" else net.weights)[l]
        x0 = float(arr[idx])

        def cost_at(t: float) -> float:
            arr[idx] = t
            try:
                return net.cost_value(X, Y)
            finally:
                arr[idx] = x0

        d, e = central_difference(cost_at, x0)
        names.append(f"{kind}^{l + 1}_{{{','.join(str(v + 1) for v in idx)}}}")
        bp.append(float((grad_b if kind == "b" else grad_w)[l][idx]))
        fd.append(d)
        err.append(e)
    bp_a, fd_a, err_a = np.array(bp), np.array(fd), np.array(err)
    ok = bool(np.all(np.abs(bp_a - fd_a) <= err_a + FD_RTOL * np.maximum(np.abs(bp_a),
                                                                            np.abs(fd_a))))
    return GradientCheck(tuple(names), bp_a, fd_a, err_a, ok)

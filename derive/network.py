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

Inits (``init=``), each drawing the biases first and then the weights, layer by layer, as the
book's ``network2.py`` does:

* ``book``:     w^l_{jk} ~ N(0, 1/n_{l-1}),             b^l_j ~ N(0, 1)
* ``standard``: w^l_{jk} ~ N(0, 1),                     b^l_j ~ N(0, 1)
* ``glorot``:   w^l_{jk} ~ N(0, 2/(n_{l-1} + n_l)),     b^l_j = 0
* ``he``:       w^l_{jk} ~ N(0, 2/n_{l-1}),             b^l_j = 0
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import sympy as sp

from derive import activations, costs
from derive.errors import InputError

Array = np.ndarray
Kernel = Callable[..., tuple[Array, Array]]  # (z, out=(a, fp) or None) -> (f(z), f'(z))

INITS = ("book", "standard", "glorot", "he")
MAX_LAYER_WIDTH = 1_000_000  # refuse absurd sizes before allocating


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
_FUSED_OUTPUT = {("sigmoid", "cross-entropy"): lambda z, a, y: a - y}


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
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
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
        ws = getattr(self, "_ws", None)
        shapes = [(n, batch) for n in self.sizes[1:]]
        if ws is None or ws["shapes"] != shapes:
            ws = {"shapes": shapes, "z": [np.empty(s) for s in shapes],
                  "a": [np.empty(s) for s in shapes], "fp": [np.empty(s) for s in shapes],
                  "delta": [np.empty(s) for s in shapes]}
            self._ws = ws
        return ws

    def _forward(self, X: Array) -> tuple[list[Array], list[Array], list[Array]]:
        """Per layer ``Z^l``, activations ``A^0..A^L`` and ``f'(Z^l)``, columns = examples."""
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
        return [d.T.copy() for d in self._backward(zs, acts, primes, Y, scale=1.0)]

    def _backward(self, zs, acts, primes, Y, scale: float) -> list[Array]:
        """BP1 then BP2, columns = examples; every delta multiplied by ``scale``."""
        L = self.depth
        deltas = self._ws["delta"]
        delta = deltas[-1]
        if self._fused is not None:
            np.copyto(delta, self._fused(zs[-1], acts[-1], Y.T))
        else:
            np.multiply(self._cost.numpy_grad(acts[-1], Y.T), primes[-1], out=delta)
        if scale != 1.0:
            delta *= scale
        for l in range(L - 1, 0, -1):  # layer l+1 at index l -> layer l at index l-1
            delta = np.matmul(self.weights[l].T, delta, out=deltas[l - 1])
            delta *= primes[l - 1]
        return deltas

    def backprop(self, X, Y) -> tuple[list[Array], list[Array]]:
        r"""``(grad_b, grad_w)`` of the batch-mean cost: ``grad_b[l-1] = dC/db^l`` of shape
        ``(n_l,)`` and ``grad_w[l-1] = dC/dw^l`` of shape ``(n_l, n_{l-1})``."""
        X, Y = self._batch(X, Y)
        zs, acts, primes = self._forward(X)
        deltas = self._backward(zs, acts, primes, Y, scale=1.0 / X.shape[0])
        grad_b = [d.sum(axis=1) for d in deltas]
        grad_w = [d @ a.T for d, a in zip(deltas, acts[:-1])]
        return grad_b, grad_w

    def bias_gradient_norms(self, X, Y) -> Array:
        r"""``||dC/db^l||_2`` of the batch-averaged bias gradient, layer 1 first (the book's
        "speed of learning" of layer l). Length L."""
        X, Y = self._batch(X, Y)
        zs, acts, primes = self._forward(X)
        deltas = self._backward(zs, acts, primes, Y, scale=1.0 / X.shape[0])
        return np.array([np.linalg.norm(d.sum(axis=1)) for d in deltas])

    def weight_gradient_norms(self, X, Y) -> Array:
        """Frobenius norms ``||dC/dw^l||_F``, layer 1 first."""
        return np.array([np.linalg.norm(g) for g in self.backprop(X, Y)[1]])


def random_batch(sizes: Sequence[int], batch: int, rng: np.random.Generator,
                 cost: str = "cross-entropy") -> tuple[Array, Array]:
    """Random inputs ``X ~ U(0,1)^{n_0}`` and one-hot targets (cross-entropy) or ``U(0,1)``
    targets (quadratic), shapes ``(batch, n_0)`` and ``(batch, n_L)``."""
    if batch < 1:
        raise InputError(f"batch must be >= 1, got {batch}")
    X = rng.uniform(size=(batch, sizes[0]))
    if sizes[-1] > 1:
        Y = np.zeros((batch, sizes[-1]))
        Y[np.arange(batch), rng.integers(0, sizes[-1], size=batch)] = 1.0
    else:
        Y = rng.integers(0, 2, size=(batch, 1)).astype(float)
    if cost == "quadratic":
        Y = rng.uniform(size=(batch, sizes[-1]))
    return X, Y

r"""The figures of the notes, drawn with matplotlib from derive's own mathematics.

* ``sigmoid``: ``\sigma(z)`` and ``\sigma'(z) = \sigma(z)(1 - \sigma(z))`` with the bound 1/4;
* ``window``: the width of the exploding window (ch. 5, Problem 1)
  ``W(w) = (2/|w|) \ln(|w|(1 + \sqrt{1 - 4/|w|})/2 - 1)`` for ``|w| >= 4``, maximum marked;
* ``depth``: ``|\partial C/\partial b_1|`` against depth L for width-1 chains, from
  ``derive.chain.backprop`` (sign and log10, finite at any depth): vanishing with
  ``w_j, b_j ~ N(0, 1)`` and exploding with ``w_j = 100``, biases so that ``z_j = 0``;
* ``network``: per-layer bias-gradient norms ``||\partial C/\partial b^l||`` of random
  sigmoid networks (book init, cross-entropy), from ``derive.network.Network``, against the
  book's reported values.

Figures are built on ``matplotlib.figure.Figure`` with the Agg canvas, never through
``pyplot``: importing this module does not change the user's matplotlib backend.
Numbers here are floating point: they illustrate, they never prove (see ``proofs``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import sympy as sp

from derive import activations, chain
from derive.latex import book_tex

DEPTHS = np.arange(1, 41)  # depths L of the |dC/db_1| figure
DEPTH_SEEDS = 200  # random chains per depth for the N(0, 1) curve
EXPLODING_W = 100.0
NETWORKS = ([784, 30, 30, 10], [784, 30, 30, 30, 10], [784, 30, 30, 30, 30, 10])
NETWORK_SEEDS = 5  # random networks (and batches) per architecture
NETWORK_BATCH = 1000
# The book's "speed of learning" ||dC/db^l|| of the hidden layers at initialisation (ch. 5, on
# 1000 MNIST images), as quoted in CLAIMS.md section G: reference marks on the figure.
BOOK_SPEEDS = {2: (0.07, 0.31), 3: (0.012, 0.060, 0.283), 4: (0.003, 0.017, 0.070, 0.285)}
WINDOW_W_MAX = 40.0  # right end of the window figure's |w| axis


# ----------------------------------------------------------------------------- data

def sigmoid_curves(z: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""``z``, ``\sigma(z)`` and ``\sigma'(z)`` from the activation registry."""
    z = np.linspace(-8.0, 8.0, 801) if z is None else np.asarray(z, dtype=float)
    act = activations.get("sigmoid")
    return z, act.numpy(z), act.numpy_prime(z)


@lru_cache(maxsize=1)
def window_width_expr() -> tuple[sp.Symbol, sp.Expr]:
    r"""``(w, W)`` with ``W = (2/|w|) \ln(|w| (1 + \sqrt{1 - 4/|w|})/2 - 1)`` built unevaluated
    in the book's order (so ``book_tex`` prints it as written in the book)."""
    w = sp.Symbol("w", real=True)
    W = sp.Abs(w)
    half = sp.Pow(2, -1, evaluate=False)
    root = sp.sqrt(sp.Add(1, -4 / W, evaluate=False))
    inner = sp.Add(sp.Mul(W, sp.Add(1, root, evaluate=False), half, evaluate=False), -1,
                   evaluate=False)
    return w, sp.Mul(2 / W, sp.log(inner), evaluate=False)


def window_width_tex() -> str:
    r"""The window width in the book's notation (golden-tested)."""
    return book_tex(window_width_expr()[1])


@lru_cache(maxsize=1)
def _window_width_numpy() -> Callable:
    sym, expr = window_width_expr()
    return sp.lambdify(sym, expr, modules="numpy")


def window_width(w: np.ndarray | float) -> np.ndarray:
    """The window width at ``w`` (``|w| >= 4``; NaN below), evaluated from the SymPy formula."""
    f = _window_width_numpy()
    w = np.asarray(w, dtype=float)
    out = np.full(w.shape, np.nan)
    ok = np.abs(w) >= 4
    with np.errstate(invalid="ignore", divide="ignore"):
        out[ok] = f(w[ok])
    return out


def window_maximum() -> tuple[float, float]:
    """``(|w|, width)`` at the maximum, located numerically by golden-section search on
    [4, 40] (the width is unimodal there): a float for the plot, not a proof."""
    lo, hi = 4.0, WINDOW_W_MAX
    g = (np.sqrt(5.0) - 1) / 2
    for _ in range(200):
        a, b = hi - g * (hi - lo), lo + g * (hi - lo)
        if window_width(a) < window_width(b):
            lo = a
        else:
            hi = b
    w = (lo + hi) / 2
    return float(w), float(window_width(w))


def exploding_params(depth: int, w: float = EXPLODING_W, x: float = 0.5) -> chain.Params:
    """``w_j = w``, ``b_1 = -w x``, ``b_j = -w/2`` (``a_{j-1} = 1/2``): every ``z_j = 0``;
    target ``y = 0``."""
    b = np.full(depth, -w / 2)
    b[0] = -w * x
    return chain.Params(x, 0.0, np.full(depth, w), b)


def depth_curves(depths: np.ndarray = DEPTHS, seeds: int = DEPTH_SEEDS, seed: int = 0
                 ) -> dict[str, np.ndarray]:
    r"""``\log_{10}|\partial C/\partial b_1|`` against depth (quadratic cost, sigmoid):

    * ``normal_median``, ``normal_lo``, ``normal_hi``: median and 10%/90% quantiles over
      ``seeds`` independent chains with ``w_j, b_j ~ N(0, 1)``, ``x, y ~ U(0, 1)``;
    * ``exploding``: ``w_j = 100``, ``z_j = 0``, ``y = 0``, i.e. ``25^{L-1} / 8``;
    * ``bound``: the ceiling ``4^{-L}`` of a chain with every ``|w_j| <= 1`` and
      ``|\partial C/\partial a_L| <= 1`` (CLAIMS.md, vanishing.bound).
    """
    rng = np.random.default_rng(seed)
    normal = np.empty((seeds, len(depths)))
    for i, L in enumerate(depths):
        for s in range(seeds):
            lg = chain.backprop(chain.random_params(int(L), rng))
            normal[s, i] = lg.log10_b[0]
    expl = np.array([chain.backprop(exploding_params(int(L))).log10_b[0] for L in depths])
    q = np.quantile(normal, [0.1, 0.5, 0.9], axis=0)
    return {"depth": np.asarray(depths), "normal_lo": q[0], "normal_median": q[1],
            "normal_hi": q[2], "exploding": expl, "bound": -np.asarray(depths) * np.log10(4.0)}


def network_curves(networks: Sequence[Sequence[int]] = NETWORKS, seeds: int = NETWORK_SEEDS,
                   batch: int = NETWORK_BATCH) -> list[np.ndarray]:
    r"""For each architecture, ``||\partial C/\partial b^l||_2`` of the batch-averaged bias
    gradient for every layer ``l = 1..L`` (rows: seeds), from ``Network(sizes, "sigmoid",
    "cross-entropy", init="book", seed=s).bias_gradient_norms(X, Y)`` on a random batch
    (``X ~ U(0,1)^{784}``, one-hot ``Y``; synthetic, not MNIST)."""
    from derive.network import Network, random_batch

    out = []
    for sizes in networks:
        rows = []
        for s in range(seeds):
            net = Network(list(sizes), "sigmoid", "cross-entropy", init="book", seed=s)
            X, Y = random_batch(list(sizes), batch, np.random.default_rng(1000 + s))
            rows.append(net.bias_gradient_norms(X, Y))
        out.append(np.array(rows))
    return out


# ----------------------------------------------------------------------------- drawing

def _figure(width: float = 6.0, height: float = 3.4):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _save(fig, path: Path) -> None:
    meta = {"CreationDate": None} if path.suffix == ".pdf" else {}
    fig.savefig(path, dpi=150, metadata=meta)


def draw_sigmoid(path: Path) -> None:
    z, s, ds = sigmoid_curves()
    fig = _figure()
    ax = fig.add_subplot()
    ax.plot(z, s, label=r"$\sigma(z)$")
    ax.plot(z, ds, label=r"$\sigma'(z) = \sigma(z)(1-\sigma(z))$")
    ax.axhline(0.25, color="gray", ls="--", lw=1, label=r"$1/4 = \sigma'(0)$")
    ax.plot([0], [0.25], "o", color="C1")
    ax.set_xlabel(r"$z$")
    ax.legend(loc="center right", fontsize=8)
    ax.grid(alpha=0.3)
    _save(fig, path)


def draw_window(path: Path) -> None:
    w = np.concatenate([4 + np.geomspace(1e-6, 1, 200), np.linspace(5.0, WINDOW_W_MAX, 800)])
    width = window_width(w)
    wm, hm = window_maximum()
    fig = _figure()
    ax = fig.add_subplot()
    ax.plot(w, width, label="window width")
    ax.plot([wm], [hm], "o", color="C3")
    ax.annotate(f"maximum {hm:.4f} at $|w| = {wm:.3f}$", (wm, hm), xytext=(12.0, 0.46),
                fontsize=8, arrowprops={"arrowstyle": "->", "lw": 0.8})
    ax.set_xlabel(r"$|w|$")
    ax.set_ylabel(r"width of $\{a : |w \sigma'(wa+b)| \geq 1\}$")
    ax.set_xlim(0, WINDOW_W_MAX)
    ax.set_ylim(0, 0.5)
    ax.axvline(4, color="gray", ls=":", lw=1)
    ax.grid(alpha=0.3)
    _save(fig, path)


def draw_depth(path: Path) -> None:
    d = depth_curves()
    L = d["depth"]
    fig = _figure()
    ax = fig.add_subplot()
    ax.fill_between(L, 10.0 ** d["normal_lo"], 10.0 ** d["normal_hi"], alpha=0.25, color="C0",
                    label=r"$w_j, b_j \sim N(0,1)$: 10%-90%")
    ax.plot(L, 10.0 ** d["normal_median"], color="C0", label=r"$w_j, b_j \sim N(0,1)$: median")
    ax.plot(L, 10.0 ** d["bound"], color="gray", ls="--", lw=1,
            label=r"$4^{-L}$ (all $|w_j| \leq 1$)")
    ax.plot(L, 10.0 ** d["exploding"], color="C3", label=r"$w_j = 100$, $z_j = 0$")
    ax.set_yscale("log")
    ax.set_xlabel(r"depth $L$")
    ax.set_ylabel(r"$|\partial C / \partial b_1|$")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    _save(fig, path)


def draw_network(path: Path) -> None:
    fig = _figure()
    ax = fig.add_subplot()
    for i, (sizes, norms) in enumerate(zip(NETWORKS, network_curves())):
        hidden = len(sizes) - 2
        layers = np.arange(1, hidden + 1)
        med = np.median(norms[:, :hidden], axis=0)
        ax.plot(layers, med, "o-", color=f"C{i}", label=f"{sizes}")
        ax.fill_between(layers, norms[:, :hidden].min(axis=0), norms[:, :hidden].max(axis=0),
                        color=f"C{i}", alpha=0.2)
        book = BOOK_SPEEDS.get(hidden)  # keyed by the number of hidden layers
        if book:
            ax.plot(layers, book, "x", color=f"C{i}", ms=8)
    ax.plot([], [], "kx", label="the book (MNIST)")
    ax.set_yscale("log")
    ax.set_xticks(range(1, max(len(s) for s in NETWORKS) - 1))
    ax.set_xlabel(r"hidden layer $l$")
    ax.set_ylabel(r"$\|\partial C / \partial b^l\|$")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    _save(fig, path)


# ----------------------------------------------------------------------------- registry

@dataclass(frozen=True)
class FigureSpec:
    """A figure: file stem, the family section it belongs to, LaTeX caption, drawing."""

    name: str
    family: str
    caption: Callable[[], str]
    draw: Callable[[Path], None]


def _window_caption() -> str:
    wm, hm = window_maximum()
    return (r"Width $W(|w|)$ of the set of inputs $a$ with $|w \sigma'(wa+b)| \geq 1$ "
            r"(Problem 1) for $|w| \geq 4$, from the formula above; it is $0$ at $|w| = 4$ and "
            rf"tends to $0$ as $|w| \to \infty$. The marked maximum, located numerically, is "
            rf"${hm:.4f}$ at $|w| = {wm:.3f}$.")


FIGURES: tuple[FigureSpec, ...] = (
    FigureSpec("sigmoid", "activations", lambda: (
               r"$\sigma(z)$ and $\sigma'(z) = \sigma(z)(1 - \sigma(z))$: the derivative is at "
               r"most $1/4$, attained only at $z = 0$."), draw_sigmoid),
    FigureSpec("depth", "vanishing", lambda: (
               r"$|\partial C/\partial b_1|$ against the depth $L$ of a width-1 sigmoid chain "
               r"(quadratic cost; numeric backprop in sign and $\log_{10}$). Blue: "
               rf"{DEPTH_SEEDS} random chains per depth with $w_j, b_j \sim N(0, 1)$, "
               r"which for a chain is also the book's initialisation $N(0, 1/n_{\text{in}})$ "
               r"since $n_{\text{in}} = 1$: the gradient vanishes. Red: $w_j = 100$ with "
               r"biases chosen so that every $z_j = 0$, each factor $w_j \sigma'(z_j) = 25$: "
               r"the gradient explodes like $25^{L-1}$. Dashed: the ceiling $4^{-L}$ when every "
               r"$|w_j| \leq 1$ and $|\partial C/\partial a_L| \leq 1$."), draw_depth),
    FigureSpec("window", "problems", _window_caption, draw_window),
    FigureSpec("network", "matrix", lambda: (
               r"The speed of learning $\|\partial C/\partial b^l\|$ of each hidden layer "
               r"at initialisation, for sigmoid networks with cross-entropy cost and the book's "
               r"initialisation ($w^l_{jk} \sim N(0, 1/n_{\text{in}})$, $b^l_j \sim N(0,1)$): "
               rf"median (line) and range (band) over {NETWORK_SEEDS} random networks, each on a "
               rf"batch of {NETWORK_BATCH} random inputs $x \sim U(0,1)^{{784}}$ with one-hot "
               r"targets (synthetic data, not MNIST). Crosses: the values the book reports on "
               r"MNIST. Earlier layers learn more slowly, by a factor of about 5 per layer."),
               draw_network),
)


def write_all(directory: Path, fmt: str = "pdf",
              only: Callable[[FigureSpec], bool] | None = None) -> list[tuple[FigureSpec, Path]]:
    """Draw every figure into ``directory`` as ``<name>.<fmt>``; returns (spec, path) pairs."""
    out = []
    for spec in FIGURES:
        if only is None or only(spec):
            directory.mkdir(parents=True, exist_ok=True)
            path = directory / f"{spec.name}.{fmt}"
            spec.draw(path)
            out.append((spec, path))
    return out

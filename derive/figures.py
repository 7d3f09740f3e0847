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


@lru_cache(maxsize=1)
def _default_depth_curves() -> dict[str, np.ndarray]:
    return depth_curves_uncached()


def depth_curves(depths: np.ndarray | None = None, seeds: int = DEPTH_SEEDS, seed: int = 0
                 ) -> dict[str, np.ndarray]:
    """``depth_curves_uncached``; the default figure's data is computed once per process."""
    if depths is None and seeds == DEPTH_SEEDS and seed == 0:
        return _default_depth_curves()
    return depth_curves_uncached(DEPTHS if depths is None else depths, seeds, seed)


def depth_curves_uncached(depths: np.ndarray = DEPTHS, seeds: int = DEPTH_SEEDS, seed: int = 0
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


@lru_cache(maxsize=1)
def _default_network_curves() -> tuple[np.ndarray, ...]:
    return tuple(network_curves_uncached())


def network_curves(networks: Sequence[Sequence[int]] | None = None, seeds: int = NETWORK_SEEDS,
                   batch: int = NETWORK_BATCH) -> list[np.ndarray]:
    """``network_curves_uncached``; the default figure's data is computed once per process."""
    if networks is None and seeds == NETWORK_SEEDS and batch == NETWORK_BATCH:
        return list(_default_network_curves())
    return network_curves_uncached(NETWORKS if networks is None else networks, seeds, batch)


def network_curves_uncached(networks: Sequence[Sequence[int]] = NETWORKS,
                            seeds: int = NETWORK_SEEDS,
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
# Sizes for a figure printed at about 15 cm wide (0.9 of the notes' line): fonts of 9-11 pt.
FONT = {"font.size": 10, "axes.labelsize": 11, "axes.titlesize": 11, "legend.fontsize": 9,
        "xtick.labelsize": 10, "ytick.labelsize": 10}
MARKERS = ("o", "s", "^", "D", "v")


def _figure(width: float = 6.0, height: float = 3.6, ncols: int = 1):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    axes = [fig.add_subplot(1, ncols, i + 1) for i in range(ncols)]
    return fig, axes


def _save(fig, path: Path) -> None:
    meta = {"CreationDate": None} if path.suffix == ".pdf" else {}
    fig.savefig(path, dpi=150, metadata=meta)


def log_ticks(ax, lo: float, hi: float) -> None:
    r"""Readable ticks on a log y axis from ``lo`` to ``hi``: ``1, 2, 5`` times each power of
    ten over at most three decades, otherwise every ``k``-th power labelled ``10^{n}`` with
    at most eight labels (so no unlabelled jump of many decades)."""
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

    a, b = int(np.floor(np.log10(lo))), int(np.ceil(np.log10(hi)))
    if b - a <= 3:
        ticks = [m * 10.0 ** e for e in range(a, b + 1) for m in (1, 2, 5)
                 if lo <= m * 10.0 ** e <= hi * 1.0001]
        ax.yaxis.set_major_locator(FixedLocator(ticks))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    else:
        step = next(k for k in (1, 2, 5, 10, 20, 50, 100, 200) if (b - a) / k <= 8)
        ticks = [10.0 ** e for e in range(a - a % step, b + 1, step)]
        ax.yaxis.set_major_locator(FixedLocator(ticks))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"$10^{{{round(np.log10(v))}}}$"))
    ax.yaxis.set_minor_locator(NullLocator())
    ax.set_ylim(lo, hi)


def draw_sigmoid(path: Path) -> None:
    import matplotlib

    z, s, ds = sigmoid_curves()
    with matplotlib.rc_context(FONT):
        fig, (ax,) = _figure()
        ax.plot(z, s, color="C0", lw=1.8, label=r"$\sigma(z)$")
        ax.plot(z, ds, color="C1", lw=1.8, ls="-.", label=r"$\sigma'(z) = \sigma(z)(1-\sigma(z))$")
        ax.axhline(0.25, color="gray", ls="--", lw=1, label=r"the bound $1/4 = \sigma'(0)$")
        ax.plot([0], [0.25], "o", color="C1", ms=6)
        ax.set_xlabel(r"$z$")
        ax.set_ylabel("value")
        ax.set_xlim(z[0], z[-1])
        ax.legend(loc="center right")
        ax.grid(alpha=0.3)
        _save(fig, path)


def draw_window(path: Path) -> None:
    import matplotlib

    w = np.concatenate([4 + np.geomspace(1e-6, 1, 200), np.linspace(5.0, WINDOW_W_MAX, 800)])
    width = window_width(w)
    wm, hm = window_maximum()
    with matplotlib.rc_context(FONT):
        fig, (ax,) = _figure()
        ax.plot(w, width, color="C0", lw=1.8, label=r"window width $W(|w|)$")
        ax.plot([wm], [hm], "o", color="C3", ms=7,
                label=rf"maximum ${hm:.4f}$ at $|w| = {wm:.3f}$")
        ax.axvline(4, color="gray", ls=":", lw=1.2,
                   label=r"$|w| = 4$: below it no input gives $|w \sigma'| \geq 1$")
        ax.set_xlabel(r"$|w|$")
        ax.set_ylabel(r"width $W$ of the window in $a$")
        ax.set_xlim(0, WINDOW_W_MAX)
        ax.set_ylim(0, 0.5)
        ax.legend(loc="upper right")
        ax.grid(alpha=0.3)
        _save(fig, path)


def draw_depth(path: Path) -> None:
    import matplotlib

    d = depth_curves()
    L = d["depth"]
    every = max(1, len(L) // 8)
    with matplotlib.rc_context(FONT):
        fig, (ax1, ax2) = _figure(7.0, 3.6, ncols=2)
        ax1.set_yscale("log")
        ax2.set_yscale("log")
        ax1.fill_between(L, 10.0 ** d["normal_lo"], 10.0 ** d["normal_hi"], alpha=0.25,
                         color="C0", lw=0, label="10%-90% of chains")
        ax1.plot(L, 10.0 ** d["normal_median"], color="C0", marker="o", markevery=every,
                 label=r"median, $w_j, b_j \sim N(0,1)$")
        ax1.plot(L, 10.0 ** d["bound"], color="gray", ls="--", lw=1.2, marker="s",
                 markevery=every, ms=4, label=r"bound $4^{-L}$ (every $|w_j| \leq 1$)")
        lo = 10.0 ** min(d["normal_lo"].min(), d["bound"].min())
        ax1.set_title("vanishing")
        ax2.plot(L, 10.0 ** d["exploding"], color="C3", marker="^", markevery=every,
                 label=r"$w_j = 100$, $z_j = 0$: $25^{L-1}/8$")
        ax2.axhline(1.0, color="gray", ls=":", lw=1, label=r"$|\partial C/\partial b_1| = 1$")
        ax2.set_title("exploding")
        for ax in (ax1, ax2):
            ax.set_xlabel(r"depth $L$")
            ax.set_xlim(L[0], L[-1])
            ax.legend(loc="lower left" if ax is ax1 else "upper left", fontsize=8.5)
            ax.grid(alpha=0.3)
        ax1.set_ylabel(r"$|\partial C / \partial b_1|$")
        log_ticks(ax1, lo, 1.0)
        log_ticks(ax2, 0.1, 10.0 ** d["exploding"].max() * 10)
        _save(fig, path)


def draw_network(path: Path) -> None:
    import matplotlib
    from matplotlib.lines import Line2D

    with matplotlib.rc_context(FONT):
        fig, (ax,) = _figure(6.0, 3.8)
        ax.set_yscale("log")
        curves = network_curves()
        for i, (sizes, norms) in enumerate(zip(NETWORKS, curves)):
            hidden = len(sizes) - 2
            layers = np.arange(1, hidden + 1) + (i - 1) * 0.06  # a little apart
            med = np.median(norms[:, :hidden], axis=0)
            mk = MARKERS[i % len(MARKERS)]
            ax.plot(layers, med, marker=mk, ls="-", color=f"C{i}", ms=6,
                    label=f"{hidden} hidden layers, {sizes}")
            ax.fill_between(layers, norms[:, :hidden].min(axis=0), norms[:, :hidden].max(axis=0),
                            color=f"C{i}", alpha=0.15, lw=0)
            book = BOOK_SPEEDS.get(hidden)  # keyed by the number of hidden layers
            if book:
                ax.plot(layers, book, marker=mk, ls="none", ms=10, mfc="none", mew=1.6,
                        color=f"C{i}")
        allv = np.concatenate([c[:, :len(n) - 2].ravel() for c, n in zip(curves, NETWORKS)]
                              + [np.ravel(v) for v in BOOK_SPEEDS.values()])
        log_ticks(ax, 10 ** np.floor(np.log10(allv.min())), 10 ** np.ceil(np.log10(allv.max())))
        ax.set_xticks(range(1, max(len(s) for s in NETWORKS) - 1))
        ax.set_xlabel(r"hidden layer $l$ (1 = nearest the input)")
        ax.set_ylabel(r"$\|\partial C / \partial b^l\|$, mean gradient" "\n"
                      f"over {NETWORK_BATCH} inputs")
        handles, labels = ax.get_legend_handles_labels()
        handles.append(Line2D([], [], marker="o", ls="none", ms=10, mfc="none", mew=1.6,
                              color="black"))
        labels.append("open markers: the book (MNIST)")
        ax.legend(handles, labels, loc="lower right", fontsize=8.5)
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
               r"(quadratic cost; numeric backprop in sign and $\log_{10}$). Left, vanishing: "
               rf"{DEPTH_SEEDS} random chains per depth with $w_j, b_j \sim N(0, 1)$, "
               r"which for a chain is also the book's initialisation $N(0, 1/n_{\text{in}})$ "
               r"since $n_{\text{in}} = 1$: the gradient vanishes (circles: median, band: 10\% "
               r"to 90\% of the chains). Right, exploding: $w_j = 100$ with "
               r"biases chosen so that every $z_j = 0$, each factor $w_j \sigma'(z_j) = 25$: "
               r"the gradient explodes like $25^{L-1}$. Dashed with squares: the ceiling "
               r"$4^{-L}$ when every "
               r"$|w_j| \leq 1$ and $|\partial C/\partial a_L| \leq 1$."), draw_depth),
    FigureSpec("window", "problems", _window_caption, draw_window),
    FigureSpec("network", "matrix", lambda: (
               r"The speed of learning $\|\partial C/\partial b^l\|$ of each hidden layer "
               r"at initialisation, for sigmoid networks with cross-entropy cost and the book's "
               r"initialisation ($w^l_{jk} \sim N(0, 1/n_{\text{in}})$, $b^l_j \sim N(0,1)$): "
               rf"median (line) and range (band) over {NETWORK_SEEDS} random networks, each on a "
               rf"batch of {NETWORK_BATCH} random inputs $x \sim U(0,1)^{{784}}$ with one-hot "
               r"targets (synthetic data, not MNIST). Open markers of the same shape: the "
               r"values the book reports on MNIST. Earlier layers learn more slowly, by a factor of about 5 per layer."),
               draw_network),
)


def write_all(directory: Path, fmt: str = "pdf",
              only: Callable[[FigureSpec], bool] | None = None,
              also: Sequence[str] = ()) -> list[tuple[FigureSpec, Path]]:
    """Draw every figure into ``directory`` as ``<name>.<fmt>`` (and the same figure in each
    format of ``also``, e.g. ``("png",)``); returns the (spec, ``<name>.<fmt>``) pairs."""
    out = []
    for spec in FIGURES:
        if only is None or only(spec):
            directory.mkdir(parents=True, exist_ok=True)
            path = directory / f"{spec.name}.{fmt}"
            spec.draw(path)
            for extra in also:
                spec.draw(directory / f"{spec.name}.{extra}")
            out.append((spec, path))
    return out

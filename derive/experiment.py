r"""The chapter's "speed of learning" experiment, on real MNIST digits.

The book measures, for sigmoid networks with cross-entropy cost, the *speed of learning*
of hidden layer ``l`` as the norm of the bias gradient averaged over its training images,

    s_l = || (1/n) \sum_x \delta^l(x) ||,   \delta^l = \partial C_x / \partial b^l,

at initialisation and during 500 epochs of full-batch gradient descent with L2
regularisation (the book's ``network2.SGD(..., eta=0.1, lmbda=5.0)`` with one mini-batch of
all ``n = 1000`` images):

    w^l <- (1 - \eta \lambda / n) w^l - \eta \partial C_0 / \partial w^l,
    b^l <- b^l - \eta \partial C_0 / \partial b^l,

where ``C_0`` is the batch-averaged unregularised cost. One backprop per epoch gives both
the norms recorded at that epoch and the step (the norms at epoch ``e`` are taken after
``e`` updates, so ``e = 0`` is the initial network and ``e = epochs`` the trained one).

The numeric network is ``derive.network.Network`` (no second backprop here). Hidden layers
are numbered 1..L-1 as in the book; Python lists hold layer ``l`` at index ``l - 1``.

Everything measured here is **evidence**, never proof: the claims are returned as
``Proof`` objects whose steps are ``derive.proof.evidence`` (or ``unknown`` when the
measurement does not support the claim), with the seeds and spread in their reasons.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from derive import activations, costs
from derive.data import Dataset
from derive.errors import InputError
from derive.meanfield import MeanField, mean_field_chi1
from derive.proof import UNKNOWN, Proof, Step, evidence

# ----------------------------------------------------------------------------- the book

BOOK_SIZES: tuple[tuple[int, ...], ...] = (
    (784, 30, 30, 10),
    (784, 30, 30, 30, 10),
    (784, 30, 30, 30, 30, 10),
)
# CLAIMS.md G: ||delta^1||, ||delta^2||, ... at initialisation (the book's printed digits)
BOOK_INITIAL: dict[tuple[int, ...], tuple[float, ...]] = {
    (784, 30, 30, 10): (0.07, 0.31),
    (784, 30, 30, 30, 10): (0.012, 0.060, 0.283),
    (784, 30, 30, 30, 30, 10): (0.003, 0.017, 0.070, 0.285),
}
BOOK_SQRT_CHI1 = 0.2048  # CLAIMS.md G: mean-field sqrt(chi_1), sigmoid, sigma_w^2 = sigma_b^2 = 1
BOOK_RATIO_ORDER = 100.0  # last/first hidden layer, four hidden layers
ETA = 0.1
LMBDA = 5.0
EPOCHS = 500
ACTIVATION = "sigmoid"
COST = "cross-entropy"
INIT = "book"
INITS = ("book", "standard", "glorot", "he")
N_INPUT, N_OUTPUT = 784, 10

# Tolerances of the evidence checks (named here, one place):
# A value "lies within the seed distribution" if it is inside the two-sided prediction
# interval, at this level, for one more seed: mean ± t_{(1+level)/2, n-1} sd sqrt(1 + 1/n)
# (Student t, n seeds): honest with few seeds, where the sample sd itself is uncertain.
PREDICTION_LEVEL = 0.99
ORDER_DECADES = 0.5  # "of order R": |log10(ratio / R)| <= 0.5, i.e. within a factor sqrt(10)

Progress = Callable[[str, int, int], None]  # (what is running, epochs done, of total)


# ----------------------------------------------------------------------------- input

def parse_sizes(text: str) -> tuple[int, ...]:
    """``"784,30,30,10"`` -> ``(784, 30, 30, 10)``: integers only (never evaluated), at
    least one hidden layer, 784 inputs and 10 outputs (MNIST)."""
    parts = [p.strip() for p in str(text).split(",")]
    if not all(p.isdigit() for p in parts):
        raise InputError(f"--sizes must be whole numbers separated by commas, not {text!r}")
    sizes = tuple(int(p) for p in parts)
    check_sizes(sizes)
    return sizes


def check_sizes(sizes: Sequence[int]) -> None:
    """InputError unless ``sizes`` is ``[784, n_1, ..., n_{L-1}, 10]`` with every ``n >= 1``
    and at least one hidden layer."""
    if len(sizes) < 3:
        raise InputError(f"--sizes needs at least one hidden layer: 784,...,10 (got {list(sizes)})")
    if sizes[0] != N_INPUT or sizes[-1] != N_OUTPUT:
        raise InputError(f"--sizes must start with {N_INPUT} (pixels) and end with {N_OUTPUT} "
                         f"(digits), got {list(sizes)}")
    if any(n < 1 for n in sizes):
        raise InputError(f"every layer needs at least one neuron, got {list(sizes)}")


def default_cost(activation: str) -> str:
    """The book's cross-entropy for sigmoid; quadratic for any other activation (one
    activation in every layer, and cross-entropy needs outputs in (0, 1))."""
    return COST if activation == ACTIVATION else "quadratic"


@dataclass(frozen=True)
class Settings:
    """Everything that fixes a run besides the network sizes and the data."""

    activation: str = ACTIVATION
    cost: str = COST
    init: str = INIT
    epochs: int = EPOCHS
    eta: float = ETA
    lmbda: float = LMBDA
    seeds: tuple[int, ...] = (0,)

    def __post_init__(self) -> None:
        activations.get(self.activation)  # InputError for an unknown name
        costs.get(self.cost)
        if self.init not in INITS:
            raise InputError(f"unknown init {self.init!r} (choose from {', '.join(INITS)})")
        if not isinstance(self.epochs, int) or self.epochs < 0:
            raise InputError(f"epochs must be a whole number >= 0, not {self.epochs}")
        if not self.seeds:
            raise InputError("at least one seed is needed")
        if not (self.eta > 0 and math.isfinite(self.eta)):
            raise InputError(f"eta must be a positive number, not {self.eta}")
        if not (self.lmbda >= 0 and math.isfinite(self.lmbda)):
            raise InputError(f"lambda must be a number >= 0, not {self.lmbda}")

    @property
    def is_book(self) -> bool:
        """The book's own settings (the claims of CLAIMS.md G are about these)."""
        return (self.activation, self.cost, self.init, self.eta, self.lmbda) == (
            ACTIVATION, COST, INIT, ETA, LMBDA)

    def to_dict(self) -> dict[str, Any]:
        return {"activation": self.activation, "cost": self.cost, "init": self.init,
                "epochs": self.epochs, "eta": self.eta, "lambda": self.lmbda,
                "seeds": list(self.seeds)}


# ----------------------------------------------------------------------------- training

def _network(sizes: Sequence[int], settings: Settings, seed: int):
    from derive.network import Network  # the one numeric backprop (issue "network")

    return Network(list(sizes), activation=settings.activation, cost=settings.cost,
                   init=settings.init, seed=seed)


def gd_step(net, grad_b: Sequence[np.ndarray], grad_w: Sequence[np.ndarray], eta: float,
            lmbda: float, n: int) -> None:
    r"""One step of the book's L2-regularised gradient descent, in place:
    ``w <- (1 - eta lambda / n) w - eta grad_w``, ``b <- b - eta grad_b`` (biases are not
    decayed), with ``grad_*`` the batch-averaged gradients of the unregularised cost."""
    decay = 1.0 - eta * lmbda / n
    for w, gw in zip(net.weights, grad_w):
        w *= decay
        w -= eta * gw
    for b, gb in zip(net.biases, grad_b):
        b -= eta * gb


def train(net, X: np.ndarray, Y: np.ndarray, epochs: int, eta: float = ETA,
          lmbda: float = LMBDA, on_epoch: Callable[[], None] | None = None) -> np.ndarray:
    r"""Full-batch gradient descent for ``epochs`` epochs; returns the speeds of learning
    ``s[e, l-1] = ||grad_b^l||`` of every hidden layer ``l`` after ``e`` updates,
    shape ``(epochs + 1, L - 1)``. One ``net.backprop`` per recorded epoch."""
    n = X.shape[0]
    hidden = len(net.biases) - 1
    norms = np.empty((epochs + 1, hidden))
    for e in range(epochs + 1):
        grad_b, grad_w = net.backprop(X, Y)
        norms[e] = [np.linalg.norm(g) for g in grad_b[:hidden]]
        if e == epochs:
            break
        gd_step(net, grad_b, grad_w, eta, lmbda, n)
        if on_epoch is not None:
            on_epoch()
    return norms


def _spread(a: np.ndarray) -> np.ndarray:
    """Sample standard deviation over seeds (axis 0); 0 for a single seed."""
    return a.std(axis=0, ddof=1) if a.shape[0] > 1 else np.zeros(a.shape[1:])


@dataclass
class Run:
    """One network size trained from each seed: ``norms[seed, epoch, layer - 1]``."""

    sizes: tuple[int, ...]
    seeds: tuple[int, ...]
    norms: np.ndarray
    seconds: float

    @property
    def hidden(self) -> int:
        return len(self.sizes) - 2

    @property
    def initial(self) -> np.ndarray:
        """``(seeds, hidden)`` norms at initialisation."""
        return self.norms[:, 0, :]

    @property
    def book(self) -> tuple[float, ...] | None:
        return BOOK_INITIAL.get(tuple(self.sizes))

    def consecutive_ratios(self) -> np.ndarray:
        r"""``(seeds, epochs + 1, hidden - 1)``: ``s_l / s_{l+1}`` for l = 1..L-2."""
        return self.norms[:, :, :-1] / self.norms[:, :, 1:]

    def to_dict(self, book: bool = True) -> dict[str, Any]:
        """Every number behind the plot and the table, layer 1 first."""
        ini = self.initial
        fin = self.norms[:, -1, :]
        per_layer = self.norms.transpose(0, 2, 1)  # (seeds, layer, epoch)
        ratios = self.consecutive_ratios()[:, 0, :]
        out: dict[str, Any] = {
            "sizes": list(self.sizes),
            "hidden_layers": self.hidden,
            "seeds": list(self.seeds),
            "seconds": round(self.seconds, 4),
            "initial": {"mean": ini.mean(0).tolist(), "sd": _spread(ini).tolist(),
                        "min": ini.min(0).tolist(), "max": ini.max(0).tolist(),
                        "per_seed": ini.tolist()},
            "final": {"mean": fin.mean(0).tolist(), "sd": _spread(fin).tolist()},
            "initial_ratio_to_next": {"mean": ratios.mean(0).tolist(),
                                      "sd": _spread(ratios).tolist()},
            "epochs": list(range(self.norms.shape[1])),
            "norms": {"layout": "[layer][epoch], layer 1 first",
                      "mean": per_layer.mean(0).tolist(), "sd": _spread(per_layer).tolist(),
                      "min": per_layer.min(0).tolist(), "max": per_layer.max(0).tolist(),
                      "per_seed": per_layer.tolist()},
        }
        if book:
            out["book_initial"] = list(self.book) if self.book else None
        return out


@dataclass
class SpeedResult:
    settings: Settings
    data: Dataset
    runs: list[Run]
    mean_field: MeanField | None
    claims: list[Proof] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "experiment": "speed",
            "quantity": "||(1/n) sum_x dC_x/db^l|| per hidden layer l (layer 1 first)",
            "settings": {**self.settings.to_dict(), "n_images": len(self.data)},
            "data": {"source": self.data.source, "draw_seed": self.data.seed,
                     "per_digit": int(len(self.data) // 10), "rows": self.data.rows.tolist()},
            "book": {"sizes": [list(s) for s in BOOK_SIZES],
                     "initial": [list(BOOK_INITIAL[s]) for s in BOOK_SIZES],
                     "sqrt_chi1": BOOK_SQRT_CHI1, "ratio_last_first_4_hidden": BOOK_RATIO_ORDER},
            "mean_field": self.mean_field.to_dict() if self.mean_field else None,
            "networks": [r.to_dict(book=self.settings.is_book) for r in self.runs],
            "claims": [c.to_dict() for c in self.claims],
        }


def blas_threads(n: int | None) -> AbstractContextManager[Any]:
    """Limit BLAS to ``n`` threads inside the ``with`` block (``threadpoolctl``, which the
    ``mnist`` extra installs; a no-op without it or for ``n = None``). The products here are
    small (1000 x 784 x 30): one thread loses little, and a second thread spin-waiting on a
    loaded 2-core machine made a run 5-10x slower in wall time."""
    if n is None:
        return nullcontext()
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return nullcontext()
    return threadpool_limits(limits=n, user_api="blas")


def run_speed(sizes_list: Sequence[Sequence[int]], settings: Settings, data: Dataset,
              progress: Progress | None = None, threads: int | None = 1) -> SpeedResult:
    """Train every size from every seed on ``data`` (BLAS limited to ``threads``);
    measure; check the claims."""
    for sizes in sizes_list:
        check_sizes(sizes)
    with blas_threads(threads):
        return _run_speed(sizes_list, settings, data, progress)


def _run_speed(sizes_list: Sequence[Sequence[int]], settings: Settings, data: Dataset,
               progress: Progress | None) -> SpeedResult:
    runs = []
    for k, sizes in enumerate(sizes_list, 1):
        t0 = time.perf_counter()
        per_seed = []
        for j, s in enumerate(settings.seeds, 1):
            label = (f"network {k}/{len(sizes_list)} {list(sizes)}, seed {s} "
                     f"({j}/{len(settings.seeds)})")
            done = 0

            def tick(label: str = label) -> None:
                nonlocal done
                done += 1
                if progress is not None:
                    progress(label, done, settings.epochs)

            if progress is not None:
                progress(label, 0, settings.epochs)
            per_seed.append(train(_network(sizes, settings, s), data.X, data.Y,
                                  settings.epochs, settings.eta, settings.lmbda, tick))
        runs.append(Run(tuple(sizes), tuple(settings.seeds), np.stack(per_seed),
                        time.perf_counter() - t0))
    mf = mean_field(settings.activation, settings.init, width=_hidden_width(sizes_list))
    result = SpeedResult(settings, data, runs, mf)
    result.claims = check_claims(result)
    return result


def _hidden_width(sizes_list: Sequence[Sequence[int]]) -> int | None:
    widths = {n for s in sizes_list for n in s[1:-1]}
    return widths.pop() if len(widths) == 1 else None


# ----------------------------------------------------------------------------- mean field

def init_variances(init: str, n_in: int, n_out: int) -> tuple[float, float]:
    r"""``(sigma_w^2, sigma_b^2)`` with ``Var w = sigma_w^2 / n_in``, ``Var b = sigma_b^2``
    for the network's init schemes (book: N(0, 1/n_in), N(0, 1); standard: N(0, 1) for
    both; glorot: Var w = 2/(n_in + n_out), b = 0; he: Var w = 2/n_in, b = 0)."""
    table = {"book": (1.0, 1.0), "standard": (float(n_in), 1.0),
             "glorot": (2.0 * n_in / (n_in + n_out), 0.0), "he": (2.0, 0.0)}
    return table[init]


def mean_field(activation: str, init: str, width: int | None = 30) -> MeanField | None:
    """``mean_field_chi1`` for an init scheme at hidden ``width`` (the standard init's
    ``sigma_w^2`` grows with ``n_in``); None when the hidden widths differ (``width=None``)."""
    if width is None:
        return None
    return mean_field_chi1(activation, *init_variances(init, width, width))


# ----------------------------------------------------------------------------- claims

def _s(layer: int) -> str:
    """``s`` with the layer as a Unicode subscript: ``s₁₂``."""
    from derive.latex import symbol_text

    return symbol_text(f"s_{layer}")


def _seeds_text(run: Run) -> str:
    s = run.seeds
    return f"seeds {s[0]}..{s[-1]}" if s == tuple(range(s[0], s[-1] + 1)) and len(s) > 1 \
        else f"seed{'s' if len(s) > 1 else ''} {', '.join(map(str, s))}"


def student_t_quantile(p: float, nu: int) -> float:
    r"""``t`` with ``P(T <= t) = p`` for Student's t with ``nu`` degrees of freedom
    (``1/2 < p < 1``): bisection on the upper tail ``P(T > t) = I_{nu/(nu+t^2)}(nu/2, 1/2)/2``
    (mpmath's regularized incomplete beta), to relative 1e-12."""
    import mpmath

    if not (0.5 < p < 1 and nu >= 1):
        raise ValueError(f"need 1/2 < p < 1 and nu >= 1, got p={p}, nu={nu}")
    tail, lo, hi = 1.0 - p, 0.0, 1e7
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        up = 0.5 * float(mpmath.betainc(nu / 2, 0.5, 0, nu / (nu + mid * mid),
                                        regularized=True))
        lo, hi = (mid, hi) if up > tail else (lo, mid)
        if hi - lo <= 1e-12 * hi:
            break
    return 0.5 * (lo + hi)


def prediction_halfwidth(sd: float | np.ndarray, n: int,
                         level: float = PREDICTION_LEVEL) -> float | np.ndarray:
    r"""Half-width ``t_{(1+level)/2, n-1} sd sqrt(1 + 1/n)`` of the prediction interval for
    one more draw from ``n`` draws with sample sd ``sd`` (normal model)."""
    return student_t_quantile((1 + level) / 2, n - 1) * sd * math.sqrt(1 + 1 / n)


def _not_supported(claim: str, reason: str) -> Step:
    """The measurement does not support the claim: ``unknown`` (a float run is never a
    counterexample, so never ``refuted``)."""
    return Step(claim, "evidence", UNKNOWN, f"not supported by the measurement: {reason}")


def claim_initial_norms(result: SpeedResult,
                        book: dict[tuple[int, ...], Sequence[float]] | None = None,
                        level: float = PREDICTION_LEVEL) -> Proof:
    r"""The book's initial norms lie within the seed distribution: for every network of
    the book and every hidden layer, the book's value is inside the ``level`` prediction
    interval of one more seed, ``|book - mean| <= prediction_halfwidth(sd, n, level)``."""
    book = BOOK_INITIAL if book is None else book
    proof = Proof("experiment.initial_norms",
                  r"\text{the book's } \|\delta^l\| \text{ at initialisation lie within the "
                  r"seed distribution}")
    runs = [r for r in result.runs if tuple(r.sizes) in book]
    if not runs:
        proof.add(_not_supported("book networks", "none of the book's networks was run"))
        return proof
    for run in runs:
        claimed = np.asarray(book[tuple(run.sizes)], dtype=float)
        claim = f"{list(run.sizes)}: initial norms {claimed.tolist()}"
        ini = run.initial
        mean, sd = ini.mean(0), _spread(ini)
        if len(run.seeds) < 2:
            proof.add(_not_supported(claim, "one seed gives no spread (use --seeds >= 2)"))
            continue
        half = prediction_halfwidth(sd, len(run.seeds), level)
        z = np.abs(claimed - mean) / np.where(sd > 0, sd, np.inf)
        detail = "; ".join(f"layer {i + 1}: book {c:g}, measured {m:.4g} ± {s:.2g} "
                           f"(range {lo:.4g}..{hi:.4g}; book {zz:.1f} sd away, interval "
                           f"± {h:.2g})"
                           for i, (c, m, s, lo, hi, zz, h) in enumerate(
                               zip(claimed, mean, sd, ini.min(0), ini.max(0), z, half)))
        where = f"{len(run.seeds)} {_seeds_text(run)}, mean ± sd; {detail}"
        inside = f"the {100 * level:g}% prediction interval of one more seed"
        if np.all(np.abs(claimed - mean) <= half):
            proof.add(evidence(claim, f"every book value inside {inside}: {where}"))
        else:
            proof.add(_not_supported(claim, f"a book value is outside {inside}: {where}"))
    return proof


def claim_earlier_slower(result: SpeedResult) -> Proof:
    r"""Earlier hidden layers learn more slowly, in the form the book means and the data can
    test: for every network with at least two hidden layers, every seed and every pair of
    consecutive hidden layers ``l, l + 1``, the speed averaged over the recorded epochs is
    smaller, ``mean_e s_l(e) < mean_e s_{l+1}(e)``. The largest ratio of the averages and
    the fraction of epochs where ``s_l(e) < s_{l+1}(e)`` itself holds are reported (a
    single epoch may cross: the book's curves do too)."""
    proof = Proof("experiment.earlier_slower",
                  r"\overline{\|\delta^l\|} < \overline{\|\delta^{l+1}\|} "
                  r"\text{ for every seed and consecutive hidden layers}")
    for run in (r for r in result.runs if r.hidden >= 2):
        means = run.norms.mean(axis=1)  # (seeds, hidden): speed averaged over the epochs
        ratio = means[:, :-1] / means[:, 1:]  # (seeds, hidden - 1)
        below = (run.norms[:, :, :-1] < run.norms[:, :, 1:]).mean(axis=1)  # fraction of epochs
        epochs = run.norms.shape[1] - 1
        claim = (f"{list(run.sizes)}: the average of sₗ over epochs 0..{epochs} is below that "
                 f"of sₗ₊₁")
        pairs = "; ".join(
            f"layers {l + 1}/{l + 2}: ratio of averages {ratio[:, l].min():.3g}.."
            f"{ratio[:, l].max():.3g}, {_s(l + 1)} < {_s(l + 2)} at "
            f"{100 * below[:, l].min():.0f}..{100 * below[:, l].max():.0f}% of the epochs"
            for l in range(run.hidden - 1))
        where = f"{len(run.seeds)} {_seeds_text(run)}; {pairs}"
        bad = np.argwhere(ratio >= 1)
        if bad.size == 0:
            proof.add(evidence(claim, f"holds for every seed and layer pair: {where}"))
            continue
        worst = tuple(np.unravel_index(np.argmax(ratio), ratio.shape))
        i, l = int(worst[0]), int(worst[1])
        proof.add(_not_supported(
            claim, f"fails in {len(bad)} of {ratio.size} (seed, layer pair) cases; worst: seed "
            f"{run.seeds[i]}, layer {l + 1} averages {ratio[i, l]:.3g} times layer {l + 2} "
            f"(faster, not slower), below it at only {100 * below[i, l]:.0f}% of the epochs; "
            f"{where}"))
    return proof


def claim_ratio_order(result: SpeedResult, order: float = BOOK_RATIO_ORDER,
                      decades: float = ORDER_DECADES, hidden: int = 4) -> Proof:
    r"""With four hidden layers the last learns about ``order`` times faster than the
    first: the geometric mean over seeds of ``s_4 / s_1`` at initialisation satisfies
    ``|log10(ratio / order)| <= decades``. The range over the training epochs is reported."""
    proof = Proof("experiment.ratio_order",
                  rf"\|\delta^{hidden}\| / \|\delta^1\| \approx {order:g} "
                  rf"\text{{ with {hidden} hidden layers}}")
    mf = result.mean_field
    if mf is not None:
        proof.evidence.append(f"mean field: (1/√χ₁)^{hidden - 1} = "
                              f"{mf.chi1 ** (-(hidden - 1) / 2):.4g} ({mf.method})")
    runs = [r for r in result.runs if r.hidden == hidden]
    if not runs:
        proof.add(_not_supported(f"{hidden} hidden layers",
                                 f"no network with {hidden} hidden layers was run"))
        return proof
    for run in runs:
        claim = f"{list(run.sizes)}: {_s(hidden)}/s₁ of order {order:g}"
        r = run.norms[:, :, -1] / run.norms[:, :, 0]  # (seeds, epochs+1)
        log_r0 = np.log10(r[:, 0])
        gm = 10 ** log_r0.mean()
        gsd = log_r0.std(ddof=1) if len(run.seeds) > 1 else 0.0
        curve = 10 ** np.log10(r).mean(0)
        where = (f"initial ratio {gm:.3g} (geometric mean over {len(run.seeds)} "
                 f"{_seeds_text(run)}, log10 sd {gsd:.2f}; per seed {r[:, 0].min():.3g}.."
                 f"{r[:, 0].max():.3g}); over epochs 0..{r.shape[1] - 1} the geometric-mean "
                 f"ratio runs from {curve.min():.3g} to {curve.max():.3g}")
        if abs(math.log10(gm / order)) <= decades:
            proof.add(evidence(claim, f"within a factor 10^{decades:g} of {order:g}: {where}"))
        else:
            proof.add(_not_supported(claim, f"not within a factor 10^{decades:g} of "
                                     f"{order:g}: {where}"))
    return proof


def claim_meanfield_ratio(result: SpeedResult, sqrt_chi1: float = BOOK_SQRT_CHI1,
                          level: float = PREDICTION_LEVEL) -> Proof:
    r"""Consecutive-layer ratios ``s_l / s_{l+1}`` at initialisation agree with the
    mean-field ``sqrt(chi_1)``: per network, each seed's geometric mean over the layer
    pairs is one draw; the claimed value must lie inside the ``level`` prediction interval
    of one more seed (``prediction_halfwidth``)."""
    proof = Proof("experiment.meanfield_ratio",
                  rf"\|\delta^l\| / \|\delta^{{l+1}}\| \approx \sqrt{{\chi_1}} = {sqrt_chi1:g}")
    mf = result.mean_field
    if mf is not None:
        proof.evidence.append(f"quadrature: q* = {mf.q_star:.6g}, χ₁ = {mf.chi1:.6g}, "
                              f"√χ₁ = {mf.sqrt_chi1:.6g} ({mf.method})")
        proof.evidence.append(f"the first hidden layer is fed by pixels, not by the fixed "
                              f"point: q¹ = Var(w) |x|² + Var(b) = {first_layer_q(result):.4g}"
                              f" (mean over the images) against q* = {mf.q_star:.4g}")
    runs = [r for r in result.runs if r.hidden >= 2]
    if not runs:
        proof.add(_not_supported("two hidden layers", "no network has two hidden layers"))
        return proof
    for run in runs:
        claim = f"{list(run.sizes)}: sₗ/sₗ₊₁ = {sqrt_chi1:g}"
        per_seed = 10 ** np.log10(run.consecutive_ratios()[:, 0, :]).mean(1)  # (seeds,)
        mean = float(per_seed.mean())
        sd = float(per_seed.std(ddof=1)) if per_seed.size > 1 else 0.0
        pairs = 10 ** np.log10(run.consecutive_ratios()[:, 0, :]).mean(0)
        where = (f"measured {mean:.4g} ± {sd:.2g} over {len(run.seeds)} {_seeds_text(run)} "
                 f"(per layer pair: {', '.join(f'{p:.3g}' for p in pairs)})")
        if per_seed.size < 2:
            proof.add(_not_supported(claim, f"one seed gives no spread; {where}"))
            continue
        half = float(prediction_halfwidth(sd, per_seed.size, level))
        inside = f"the {100 * level:g}% prediction interval of one more seed (± {half:.2g})"
        if abs(sqrt_chi1 - mean) <= half:
            proof.add(evidence(claim, f"inside {inside}: {where}"))
        else:
            proof.add(_not_supported(claim, f"outside {inside}: {where}"))
    return proof


def first_layer_q(result: SpeedResult) -> float:
    r"""``q^1 = sigma_w^2 mean_x(|x|^2) / n_0 + sigma_b^2``: the variance of ``z^1`` over the
    initialisation, averaged over the images (the input layer of the init scheme)."""
    n0 = result.data.X.shape[1]
    sw2, sb2 = init_variances(result.settings.init, n0, _first_width(result))
    return float(sw2 * np.mean(np.sum(result.data.X ** 2, axis=1)) / n0 + sb2)


def _first_width(result: SpeedResult) -> int:
    return int(result.runs[0].sizes[1]) if result.runs else 1


def check_claims(result: SpeedResult) -> list[Proof]:
    """The claims of CLAIMS.md G for the book's settings, each only about networks that
    were run (the book's initial norms for the book's networks, the last/first ratio with
    four hidden layers, the others with at least two). For a contrast run (another
    activation, init or cost) the book's numbers do not apply: the book's observation
    (earlier layers slower, after training) is tested, and the run's own mean-field
    prediction: consecutive ratios ``sqrt(chi_1)`` and, with four hidden layers, a
    last/first ratio of order ``chi_1^{-3/2}`` (1 for ReLU with He init)."""
    hidden = {r.hidden for r in result.runs}
    multi = any(h >= 2 for h in hidden)
    book_run = any(tuple(r.sizes) in BOOK_INITIAL for r in result.runs)
    claims = []
    if result.settings.is_book:
        if book_run:
            claims.append(claim_initial_norms(result))
        if multi:
            claims.append(claim_earlier_slower(result))
        if 4 in hidden:
            claims.append(claim_ratio_order(result))
        if multi:
            claims.append(claim_meanfield_ratio(result))
        return claims
    # a contrast run: the book's observation is tested, its numbers are not
    if multi:
        claims.append(claim_earlier_slower(result))
    mf = result.mean_field
    if mf is not None and 4 in hidden:
        claims.append(claim_ratio_order(result, order=float(f"{mf.chi1 ** -1.5:.3g}")))
    if mf is not None and multi:
        claims.append(claim_meanfield_ratio(result, sqrt_chi1=round(mf.sqrt_chi1, 4)))
    return claims


# ----------------------------------------------------------------------------- plot

MARKERS = ("o", "s", "^", "D", "v", "P")  # one per hidden layer, with its colour


def plot_speed(result: SpeedResult, path: str) -> str:
    r"""Write the book-style figure to ``path`` (format from its suffix: ``.png``, ``.pdf``,
    ``.svg``): one panel per network on one shared log scale (a labelled power of ten per
    decade), the speed of learning ``||dC/db^l||`` of each hidden layer over the epochs (mean
    over seeds, band min..max), each layer with its own colour and marker. With
    ``epochs == 0``: the initial norms per layer (mean ± sd), the book's values and the
    mean-field slope ``sqrt(chi_1)`` per layer."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import LogFormatterMathtext, LogLocator, NullFormatter

    runs = result.runs
    s = result.settings
    mf = result.mean_field
    fig = Figure(figsize=(4.2 * len(runs) + 0.6, 4.2), layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, len(runs), squeeze=False, sharey=True)[0]
    n = len(result.data)
    ylabel = rf"$\|\partial C/\partial b^l\|$ (gradient averaged over {n} images)"
    for k, (ax, run) in enumerate(zip(axes, runs)):
        if s.epochs == 0:
            layers = np.arange(1, run.hidden + 1)
            ini = run.initial
            ax.errorbar(layers, ini.mean(0), yerr=_spread(ini), fmt="o-", capsize=3,
                        label=f"measured (mean ± sd, {len(run.seeds)} seeds)")
            if s.is_book and run.book:
                ax.plot(layers, run.book, "kx", ms=9, mew=2, label="the book")
            if mf is not None:
                top = ini.mean(0)[-1]
                ax.plot(layers, top * mf.sqrt_chi1 ** (run.hidden - layers), "--", color="gray",
                        label=rf"mean field: $\times\sqrt{{\chi_1}} = {mf.sqrt_chi1:.3f}$ "
                              "per layer")
            ax.set_xticks(layers)
            ax.set_xlabel("hidden layer $l$")
        else:
            epochs = np.arange(run.norms.shape[1])
            every = max(1, len(epochs) // 10)
            for layer in range(run.hidden):
                v = run.norms[:, :, layer]
                ax.plot(epochs, v.mean(0), lw=1.5, color=f"C{layer}",
                        marker=MARKERS[layer % len(MARKERS)], markevery=every, ms=5,
                        label=f"hidden layer {layer + 1}")
                if v.shape[0] > 1:
                    ax.fill_between(epochs, v.min(0), v.max(0), color=f"C{layer}",
                                    alpha=0.18, lw=0)
            ax.set_xlabel("epoch")
            ax.set_xlim(0, epochs[-1])
        ax.set_yscale("log")
        ax.yaxis.set_major_locator(LogLocator(base=10, numticks=12))
        ax.yaxis.set_major_formatter(LogFormatterMathtext())
        ax.yaxis.set_minor_formatter(NullFormatter())
        if k == 0:
            ax.set_ylabel(ylabel, fontsize=11)
        ax.set_title(f"{run.hidden} hidden layers: {list(run.sizes)}", fontsize=11)
        ax.tick_params(labelsize=10)
        ax.legend(fontsize=9, loc="upper right")
        ax.grid(True, which="major", alpha=0.35)
    seeds = f"{len(s.seeds)} seed{'s' if len(s.seeds) > 1 else ''}"
    band = "; line: mean, band: min..max over seeds" if len(s.seeds) > 1 and s.epochs else ""
    fig.suptitle(f"Speed of learning of each hidden layer: {s.activation}, {s.cost}, init "
                 f"{s.init}, $\\eta$ = {s.eta:g}, $\\lambda$ = {s.lmbda:g}, {seeds}{band}",
                 fontsize=11)
    fig.savefig(path, dpi=130, metadata={"CreationDate": None} if str(path).endswith(".pdf")
                else {})
    return path

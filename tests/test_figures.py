"""The figures' data against independent computations, and the drawings themselves."""

import sys

import numpy as np
import pytest

from derive import chain, figures
from derive.numerics import RTOL, close, close_log

WINDOW_MAX = (6.894151032, 0.4477432046)  # CLAIMS.md exploding.window_max (10 digits)
DIGITS_10 = 1e-9  # relative agreement with a 10-significant-digit constant


def test_sigmoid_derivative_peaks_at_one_quarter_at_zero():
    z, s, ds = figures.sigmoid_curves()
    assert np.all((0 < s) & (s < 1))
    assert np.all(ds <= 0.25)
    i = int(np.argmax(ds))
    assert z[i] == 0 and ds[i] == 0.25
    assert close(ds, s * (1 - s))


def _window_by_bisection(w: float, b: float = 0.7) -> float:
    """Width of {a : |w s'(wa+b)| >= 1}, measured: the two ends by bisection on a, from the
    centre a = -b/w outwards (no use of the closed form)."""
    act = figures.activations.get("sigmoid")
    g = lambda a: abs(w) * act.numpy_prime(w * a + b) - 1  # noqa: E731
    centre = -b / w
    ends = []
    for direction in (-1.0, 1.0):
        lo, hi = centre, centre + direction * 10.0 / abs(w)
        for _ in range(200):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if g(mid) >= 0 else (lo, mid)
        ends.append(lo)
    return abs(ends[1] - ends[0])


@pytest.mark.parametrize("w", [4.5, 6.894, 10.0, -10.0, 37.0])
def test_window_width_formula_matches_a_measured_window(w):
    measured = _window_by_bisection(w)
    assert close(figures.window_width(w), measured, rtol=1e-6), (w, measured)


@pytest.mark.parametrize("w", [4.0, 5.0, 6.894151032, 100.0, 1e6])
def test_window_width_equals_the_log_odds_form(w):
    r = np.sqrt(1 - 4 / abs(w))
    assert close(figures.window_width(w), 2 / abs(w) * np.log((1 + r) / (1 - r)), atol=1e-15)


def test_window_width_is_zero_at_four_and_undefined_below():
    assert figures.window_width(4.0) == 0.0
    assert np.isnan(figures.window_width(3.9)) and np.isnan(figures.window_width(-1.0))


def test_window_maximum_matches_claims_md():
    wm, hm = figures.window_maximum()
    assert close(wm, WINDOW_MAX[0], rtol=RTOL), wm
    assert close(hm, WINDOW_MAX[1], rtol=DIGITS_10), hm
    assert close(figures.window_maximum()[1], max(figures.window_width(np.linspace(4, 40, 9001))),
                 rtol=1e-6)


def test_exploding_chain_has_every_z_zero_and_grows_by_25():
    z, a = chain.forward(figures.exploding_params(6))
    assert np.all(z == 0) and np.all(a[1:] == 0.5)
    d = figures.depth_curves(depths=np.array([1, 2, 4, 30]), seeds=3)
    L = d["depth"]
    # dC/db_1 = s'(0) * 25^(L-1) * (a_L - y) = 25^(L-1) / 8
    want = (L - 1) * np.log10(25.0) - np.log10(8.0)
    assert close_log(np.ones(4), d["exploding"], np.ones(4), want)
    assert close(d["bound"], -L * np.log10(4.0))


def test_normal_init_gradient_vanishes_with_depth():
    d = figures.depth_curves(depths=np.array([1, 10, 20]), seeds=40, seed=1)
    med = d["normal_median"]
    assert med[2] < med[1] < med[0]
    assert np.all(d["normal_lo"] <= med) and np.all(med <= d["normal_hi"])
    assert np.all(np.isfinite(d["normal_lo"]))


def test_depth_curves_are_deterministic():
    a = figures.depth_curves(depths=np.array([3, 7]), seeds=5, seed=2)
    b = figures.depth_curves(depths=np.array([3, 7]), seeds=5, seed=2)
    assert all(np.array_equal(a[k], b[k]) for k in a)


def test_figures_are_drawn_without_pyplot_and_render_nonblank(tmp_path):
    import matplotlib
    from matplotlib.image import imread

    backend = matplotlib.get_backend()
    had_pyplot = "matplotlib.pyplot" in sys.modules
    files = figures.write_all(tmp_path, "png", lambda s: s.name in ("sigmoid", "window"))
    assert [s.name for s, _ in files] == ["sigmoid", "window"]
    for _, path in files:
        img = imread(path)[..., :3].mean(axis=2)
        dark = float(np.mean(img < 0.5))
        assert 0.005 < dark < 0.5, (path, dark)  # ink on a white page
    assert matplotlib.get_backend() == backend
    assert had_pyplot or "matplotlib.pyplot" not in sys.modules


def test_pdf_figures_are_reproducible(tmp_path):
    one = figures.write_all(tmp_path / "a", "pdf", lambda s: s.name == "sigmoid")[0][1]
    two = figures.write_all(tmp_path / "b", "pdf", lambda s: s.name == "sigmoid")[0][1]
    assert one.read_bytes()[:5] == b"%PDF-"
    assert one.read_bytes() == two.read_bytes()


def test_every_figure_has_a_family_of_the_notes_and_a_caption():
    from derive.document import FAMILIES

    keys = {f.key for f in FAMILIES}
    for spec in figures.FIGURES:
        assert spec.family in keys
        assert spec.caption().strip()


def test_network_figure_data_from_derive_network():
    from derive.network import Network, random_batch

    curves = figures.network_curves(networks=([784, 30, 30, 30, 10],), seeds=2, batch=50)
    assert len(curves) == 1 and curves[0].shape == (2, 4)
    # the same numbers as calling Network directly (the figure adds nothing of its own)
    net = Network([784, 30, 30, 30, 10], "sigmoid", "cross-entropy", init="book", seed=1)
    X, Y = random_batch([784, 30, 30, 30, 10], 50, np.random.default_rng(1001))
    assert close(curves[0][1], net.bias_gradient_norms(X, Y))
    # earlier hidden layers learn more slowly (median over seeds)
    med = np.median(figures.network_curves(networks=(figures.NETWORKS[-1],), seeds=3,
                                           batch=200)[0], axis=0)
    assert np.all(np.diff(med[:4]) > 0), med


def test_book_reference_values_match_the_architectures():
    for sizes in figures.NETWORKS:
        assert len(figures.BOOK_SPEEDS[len(sizes) - 2]) == len(sizes) - 2


@pytest.mark.parametrize("lo,hi", [(1e-44, 1.0), (0.1, 1e55), (1e-3, 1.0), (0.02, 0.5)])
def test_log_axes_have_readable_labelled_ticks(lo, hi):
    fig, (ax,) = figures._figure()
    ax.set_yscale("log")
    figures.log_ticks(ax, lo, hi)
    ticks = [t for t in ax.get_yticks() if lo <= t <= hi * 1.0001]
    labels = [ax.yaxis.get_major_formatter()(t, i) for i, t in enumerate(ticks)]
    assert 3 <= len(ticks) <= 12 and all(labels), labels
    steps = np.diff(np.log10(ticks))
    assert np.allclose(steps, steps[0]) or steps.max() <= 1  # evenly spaced powers, or 1-2-5
    if np.log10(hi / lo) > 3:
        assert all(lab.startswith("$10^{") for lab in labels)  # labelled powers of ten

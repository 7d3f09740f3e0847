"""The command line as a user runs it: output, exit codes, one-line errors."""

import json
import subprocess
import sys

import pytest

from derive.cli import main
from derive.errors import InputError
from tests.test_chain import EQ122


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "derive.cli", *args], capture_output=True,
                          text=True, timeout=120)


def test_chain_latex_depth_4(capsys):
    assert main(["chain", "--depth", "4", "--format", "latex"]) == 0
    assert capsys.readouterr().out.strip() == "\\[\n" + EQ122 + "\n\\]"  # a display


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


@pytest.mark.slow
def test_evaluate_depth_10000_is_finite_and_recheckable(deep_chain_json, tmp_path):
    """Depth 10,000 through the CLI (run once per session: conftest.deep_chain_json)."""
    from derive import chain
    from derive.cli import _read_params, _value

    out = deep_chain_json
    assert out["verdict"] == "proved" and out["depth"] == 10000
    v = out["value"]
    assert v["sign"] in (-1, 1) and v["log10_abs"] < -300
    assert len(out["parameters"]["w"]) == 10000
    # the same parameters from a file (what --params reads) give the same value
    f = tmp_path / "p.json"
    f.write_text(json.dumps(out["parameters"]))
    grad = chain.gradient(10000)
    assert _value(grad, _read_params(str(f), 10000)) == v
    with pytest.raises(InputError, match="has 10000 layers but --depth is 9999"):
        _read_params(str(f), 9999)


def test_params_file_through_the_command_line(capsys, tmp_path):
    """--params end to end (at a depth where proving again is cheap)."""
    assert main(["chain", "--depth", "50", "--evaluate", "--seed", "3", "--format",
                 "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    f = tmp_path / "p.json"
    f.write_text(json.dumps(out["parameters"]))
    assert main(["chain", "--depth", "50", "--params", str(f), "--format", "json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["value"] == out["value"] and again["seed"] is None


@pytest.mark.parametrize("args,needle", [
    (["chain", "--depth", "0"], "--depth"),
    (["chain", "--depth", "abc"], "--depth"),
    (["prove", "no.such.claim"], "unknown claim"),
    (["frobnicate"], "invalid choice"),
])
def test_bad_input_is_one_line_and_exit_2(args, needle):
    """Through the real entry point (a fresh process): these answer before SymPy loads."""
    r = run(*args)
    assert r.returncode == 2, r.stderr
    assert r.stderr.count("\n") == 1 and needle in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("args,needle", [
    (["chain", "--activation", "mish"], "unknown activation"),
    (["chain", "--depth", "4", "--wrt", "b9"], "outside 1..4"),
    (["chain", "--params", "/nonexistent.json"], "cannot read"),
    (["chain", "--cost", "hinge"], "unknown cost"),
])
def test_bad_chain_input_is_one_line_and_exit_2(args, needle, capsys):
    """In-process (the registries load SymPy; the entry point is covered above)."""
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and needle in err and err.startswith("derive: error: ")


def test_bad_params_file_is_one_line(tmp_path, capsys):
    """In-process (the subprocess cases above cover the entry point): exit 2, one line."""
    f = tmp_path / "p.json"
    for content in ("{not json", "[1, 2]", '{"x": 1, "y": 0, "w": [1], "b": [1, 2]}',
                    '{"x": "__import__(\'os\')", "y": 0, "w": [1], "b": [1]}'):
        f.write_text(content)
        assert main(["chain", "--depth", "1", "--params", str(f)]) == 2, content
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("derive: error: "), (content, err)


def test_prove_and_list(capsys):
    assert main(["list"]) == 0
    assert "chain.product_form" in capsys.readouterr().out
    assert main(["prove", "chain.product_form", "--format", "json"]) == 0
    [p] = json.loads(capsys.readouterr().out)
    assert p["id"] == "chain.product_form" and p["verdict"] == "proved" and p["steps"]


@pytest.mark.slow
def test_parallel_prove_matches_serial_and_keeps_order(capsys):
    ids = ["sigmoid.max", "chain.ratio", "exploding.window_max"]
    outs = []
    for jobs in ("1", "2"):
        assert main(["prove", *ids, "--jobs", jobs, "--format", "json"]) == 0
        outs.append([(p["id"], p["verdict"], len(p["steps"]))
                     for p in json.loads(capsys.readouterr().out)])
    assert outs[0] == outs[1] and [o[0] for o in outs[0]] == ids


HEAVY = ("sympy", "numpy", "matplotlib", "lark", "mpmath")


@pytest.mark.parametrize("args", [["--help"], ["list"], ["chain", "--depth", "0"],
                                  ["frobnicate"], ["check", "--format", "pdf", "x.md"],
                                  ["prove", "sigmoid.max", "no.such.claim"]])
def test_start_up_does_not_import_heavy_libraries(args):
    """`derive --help`, `derive list` and argument errors load none of SymPy, NumPy,
    matplotlib, lark (what made `derive --help` take over a second)."""
    code = ("import atexit, sys; from derive.cli import main; atexit.register(lambda: "
            f"print([m for m in {HEAVY!r} if m in sys.modules])); sys.exit(main(sys.argv[1:]))")
    r = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode in (0, 2), r.stderr
    assert r.stdout.strip().splitlines()[-1] == "[]", r.stdout[-500:]


def test_list_index_is_the_registry():
    """The static table `derive list` prints equals the registry, in the order of MODULES
    (the registry's own order depends on which test imported a proof module first); claims
    registered at run time (gamma.NAME on demand, a user's own @claim) are not listed."""
    from derive.proofs import INDEX, MODULES, all_claims

    rank = {m: i for i, m in enumerate(MODULES)}
    claims = sorted((c for c in all_claims() if c.run.__module__ in rank
                     and not c.id.startswith("gamma.")),
                    key=lambda c: rank[c.run.__module__])  # stable in a module
    assert list(INDEX) == [(c.id, c.summary) for c in claims]


def test_shared_proof_is_proved_once(proof_of):
    """conftest's proof_of proves a claim once per session and hands out the same Proof."""
    p = proof_of("sigmoid.max")
    assert p is proof_of("sigmoid.max") and p.verdict == "proved"

"""The public API (``import derive``): a user's own activation through every command, a
claim of one's own with the kernel, LaTeX, numeric cross-checks, ``derive --version``."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

import derive
from derive import activations
from derive.cli import main
from derive.proof import PROVED, REFUTED

z = sp.Symbol("z", real=True)
R = sp.Rational


@pytest.fixture(scope="module")
def myswish():
    """swish defined by a user, from its formula alone, without touching derive's source."""
    return derive.activation("myswish", z * derive.sigmoid(z))


@pytest.fixture(scope="module")
def myswish_gamma(myswish):
    """``derive.prove("gamma.myswish")``, proved once for the tests that read it (about 30 s
    while the real-analysis prover spends its budget on ``|f'| <= 1.0999``)."""
    return derive.prove("gamma.myswish")


def test_user_activation_chain_depth_5_proved(myswish):
    g = derive.gradient(5, activation="myswish")
    proof = derive.prove_gradient(g)
    assert proof.verdict == PROVED
    assert derive.to_latex(g).count(r"\operatorname{myswish}'(z_") == 5


def test_user_activation_gamma_located_at_the_known_point(myswish_gamma):
    p = myswish_gamma
    assert r"\le 1.0999 \text{ for all }" in p.statement and r"\ge 1.0998" in p.statement
    bound, reached = p.steps
    assert reached.verdict == PROVED  # 1.0998 <= |f'(2.3993572805)| <= 1.0999 (intervals)
    # |f'| <= 1.0999 everywhere by the real-analysis prover (issue 13: gamma proved, from the
    # formula alone); the same proof for the built-in swish is in test_proofs_activations
    assert bound.verdict == PROVED, bound.reason
    assert p.verdict == PROVED
    assert derive.prove("gamma.myswish", gamma="1.0998").verdict == REFUTED


def test_user_activation_backprop_against_finite_differences(myswish):
    net = derive.Network([3, 4, 4, 2], activation="myswish", cost="quadratic", seed=0)
    check = derive.cross_check(net)
    assert check.ok and len(check.entries) == 24
    chain = derive.Network([1, 1, 1, 1, 1, 1], activation="myswish", cost="quadratic", seed=3)
    assert derive.cross_check(chain).ok


def test_cross_check_catches_a_wrong_backprop(myswish):
    net = derive.Network([2, 3, 1], activation="myswish", cost="quadratic", seed=0)
    net._kernel = lambda zz, out=None: (activations.get("myswish").numpy(zz),
                                        2 * activations.get("myswish").numpy_prime(zz))
    assert not derive.cross_check(net).ok


def test_user_activation_in_the_command_line(capsys, tmp_path):
    d = r"uswish(z) = z\sigma(z)"
    assert main(["chain", "--depth", "5", "--activation", "uswish", "--define", d,
                 "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["verdict"] == "proved" and out["activation"] == "uswish"
    assert main(["backprop", "--sizes", "4,3,2", "--activation", "uswish", "--cost",
                 "quadratic", "--batch", "8", "--define", d, "--format", "json"]) == 0
    assert main(["list", "--define", d]) == 0
    assert "gamma.NAME" in capsys.readouterr().out
    assert main(["prove", "gamma.usig", "--define", r"usig(z) = \frac{1}{1 + e^{-z}}",
                 "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["verdict"] == "proved"
    assert main(["prove", "gamma.nosuch"]) == 2


def test_define_bad_input_is_one_line_and_exit_2(capsys):
    assert main(["chain", "--define", "f(z) = z + \\unknown"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("derive: error:")


def test_user_activation_in_derive_check(myswish, tmp_path):
    notes = tmp_path / "n.md"
    notes.write_text("$\\operatorname{myswish}(0) = 0$\n"
                     "$\\operatorname{myswish}'(z) = \\sigma(z) + z\\sigma(z)(1-\\sigma(z))$\n"
                     "$\\operatorname{myswish}(z) \\le z$ for $z \\ge 0$\n"
                     "$\\operatorname{myswish}'(z) = \\sigma(z)$\n")
    results = derive.check_file(str(notes))
    # the reader reads activation names from the registry (derive.activations.names())
    assert [str(r.verdict) for r in results] == [PROVED, PROVED, PROVED, "condition", REFUTED]


def test_user_activation_notes_snippet(myswish_gamma, tmp_path, monkeypatch):
    """``derive notes --only gamma.myswish --snippet``: the claim is looked up and rendered
    as the command does it; its proof is the one proved once (myswish_gamma)."""
    import derive.proofs

    def prove_many(claims, **kw):
        assert [c.id for c in claims] == ["gamma.myswish"]
        return [myswish_gamma]

    monkeypatch.setattr(derive.proofs, "prove_many", prove_many)
    out = tmp_path / "s.tex"
    assert main(["notes", "--only", "gamma.myswish", "-o", str(out), "--snippet"]) in (0, 1)
    assert r"\operatorname{myswish}'" in out.read_text()


def test_claim_of_ones_own_proved_and_refuted():
    @derive.claim("api.quarter", "sigma'(0) = 1/4")
    def quarter(value=R(1, 4)):
        proof = derive.Proof("api.quarter", rf"\sigma'(0) = {sp.latex(value)}")
        d = derive.get_activation("sigmoid").explicit_prime(0)
        proof.add(derive.certify_identity(d, value, rf"\sigma'(0) = {sp.latex(value)}"))
        return proof

    assert quarter().verdict == PROVED
    assert quarter(R(1, 3)).verdict == REFUTED
    assert derive.prove("api.quarter", value=R(1, 5)).verdict == REFUTED
    assert r"\begin{align*}" in derive.to_latex(quarter())


def test_public_names_resolve_and_have_docstrings():
    for name in derive.__all__:
        obj = getattr(derive, name)
        if callable(obj) and not isinstance(obj, type(sp.Function)):
            assert not name.startswith("_")
    assert derive.gradient.__doc__ and derive.activation.__doc__ and derive.cross_check.__doc__
    with pytest.raises(AttributeError):
        derive.no_such_name  # noqa: B018


def test_version_from_the_command_line():
    out = subprocess.run([sys.executable, "-m", "derive.cli", "--version"],
                         capture_output=True, text=True, check=True).stdout
    assert out.strip() == f"derive {derive.__version__}"


def test_broken_pipe_is_quiet():
    p = subprocess.run(f"{sys.executable} -m derive.cli list | head -1", shell=True,
                       capture_output=True, text=True)
    assert p.stdout.count("\n") == 1 and p.stderr == ""


def test_every_book_and_new_activation_goes_through_the_same_path():
    for name in ("sigmoid", "tanh", "relu", "softplus", "identity", "swish", "gelu", "elu",
                 "leaky_relu", "softsign"):
        act = activations.get(name)
        g = derive.gradient(3, activation=name)
        assert derive.prove_gradient(g).verdict == PROVED, name
        x = np.linspace(-3, 3, 7)
        assert np.all(np.abs(act.numpy_prime(x)) <= float(act.gamma) + 1e-12)


EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.mark.parametrize("script, expected", [
    # slow: proves gamma.myswish in a fresh process (about 30 s); the quick run keeps the
    # same steps in-process (test_user_activation_*) and my_claim.py end to end
    pytest.param("my_activation.py", ["chain: proved", "a wrong gamma: refuted", "agree"],
                 marks=pytest.mark.slow),
    ("my_claim.py", ["claimed values: proved", "value 1/60: refuted", "bound 1/5: refuted"]),
])
def test_examples_run_as_documented(script, expected):
    out = subprocess.run([sys.executable, str(EXAMPLES / script)], capture_output=True,
                         text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    for line in expected:
        assert line in out.stdout, out.stdout

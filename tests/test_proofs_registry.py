"""The claims registry as a whole: every claim proved, the table and JSON, LaTeX statements."""

import json
import shutil
import subprocess
import sys

import pytest

from derive.cli import main
from derive.latex import proof_latex
from derive.proof import PROVED, VERDICTS
from derive.proofs import all_claims, get

IDS = ["chain.product_form", "chain.ratio", "sigmoid.derivative", "sigmoid.max", "tanh.max",
       "relu.derivative", "softplus.derivative", "activation.gamma", "vanishing.bound",
       "vanishing.gaussian", "exploding.construction", "exploding.necessary",
       "exploding.window", "exploding.window_max", "identity_neuron", "parity.dnf",
       "parity.xor_tree"]


@pytest.fixture(scope="module")
def proofs(all_proofs):
    """Every registered claim's Proof (conftest's session fixture: each proved once)."""
    assert list(all_proofs) == [c.id for c in all_claims()]
    return all_proofs


def test_every_issue_claim_is_registered_and_proved(proofs):
    assert set(IDS) <= set(proofs)
    bad = {i: p.verdict for i, p in proofs.items() if i in IDS and p.verdict != PROVED}
    assert not bad


def test_every_step_has_a_verdict_and_every_proof_has_evidence(proofs):
    for i in IDS:
        p = proofs[i]
        assert p.steps and all(s.verdict in VERDICTS for s in p.steps)
        assert p.evidence, i


def test_latex_of_every_proof_is_one_align_block(proofs):
    for i in IDS:
        tex = proof_latex(proofs[i])
        assert tex.count(r"\begin{align*}") == 1 and tex.count(r"\end{align*}") == 1
        assert tex.count("{") == tex.count("}"), i
        assert "\\text{\\text" not in tex


GOLDEN = {
    "sigmoid.max": r"\sigma'(z) \le \frac{1}{4} \text{ for all } z, \text{ with equality only "
                   r"at } z = 0",
    "chain.ratio": r"\frac{\partial C/\partial b_1}{\partial C/\partial b_3} = \sigma'(z_1) w_2 "
                   r"\sigma'(z_2) w_3 \text{ for every depth } L \ge 3, \quad \left|\cdot\right| \le \frac{|w_2 w_3|}{16} < "
                   r"\frac{1}{16} \text{ if } |w_2 w_3| < 1",
    "exploding.window": r"|w| \ge 4: \{a : |w \sigma'(wa + b)| \ge 1\} \text{ is an interval of "
                        r"width } \frac{2 \log{\left(\frac{|w| \left(\sqrt{1 - \frac{4}{|w|}} + "
                        r"1\right)}{2} - 1 \right)}}{|w|}",
    "exploding.window_max": r"\max_{|w| \ge 4} W(|w|) = W(w^*) \text{ uniquely}, \ |w^*| = "
                            r"6.894151032\ldots, \ W(w^*) = 0.4477432046\ldots, \ W \to 0 \ "
                            r"(|w| \to 4^+, \infty)",
    "parity.xor_tree": r"x_1 \oplus \dots \oplus x_n \text{ by } n - 1 \text{ XOR gates in depth "
                       r"} \left\lceil{\log_2 n}\right\rceil \text{ for every } n \ge 1",
}


@pytest.mark.parametrize("cid", sorted(GOLDEN))
def test_golden_statements(proofs, cid):
    assert proofs[cid].statement == GOLDEN[cid]


def test_cli_prove_json_and_latex(capsys):
    assert main(["prove", "sigmoid.max", "exploding.window_max", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [p["id"] for p in out] == ["sigmoid.max", "exploding.window_max"]
    for p in out:
        assert {"id", "statement", "verdict", "method", "steps", "seconds"} <= set(p)
        assert p["verdict"] == "proved"
    assert main(["prove", "exploding.window", "--format", "latex"]) == 0
    assert r"\begin{align*}" in capsys.readouterr().out


def test_list_names_every_claim(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert all(i in out for i in IDS)


def test_unknown_claim_is_input_error():
    from derive.errors import InputError

    with pytest.raises(InputError):
        get("sigmoid.maximum")


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex not installed")
def test_latex_of_all_proofs_compiles(proofs, tmp_path):
    body = "\n\n".join(proof_latex(proofs[i]) for i in IDS)
    doc = ("\\documentclass{article}\n\\usepackage{amsmath,amssymb}\n\\begin{document}\n"
           + body + "\n\\end{document}\n")
    (tmp_path / "derive.proofs.tex").write_text(doc)
    r = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "derive.proofs.tex"],
                       cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout[-2000:]


def test_verdicts_do_not_depend_on_asserts():
    """Under ``python -O`` (asserts removed) the solve-based claims are still proved: SymPy's
    ``solveset`` on ``sigma'(z) = 1/4`` directly raises there, so the proofs solve in
    ``s = sigma(z)``."""
    ids = ["sigmoid.max", "tanh.max", "exploding.necessary", "exploding.window"]
    r = subprocess.run([sys.executable, "-O", "-m", "derive.cli", "prove", *ids],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr

"""derive.proofs.init: init.variance, exact values plus Monte Carlo evidence; wrong values refuted."""

from __future__ import annotations

import pytest
import sympy as sp

from derive.proof import PROVED, REFUTED
from derive.proofs.init import rounding_box, variance

N_IN, N_OUT = sp.symbols("n_in n_out", positive=True)


def test_default_claim_proved_with_sample_sizes():
    p = variance(samples=4000)
    assert p.verdict == PROVED, [(s.claim, s.verdict, s.reason) for s in p.steps]
    assert any("4000 samples" in e for e in p.evidence)
    assert any("23520 weights" in e for e in p.evidence)


@pytest.mark.parametrize("kw", [
    {"exact_standard": sp.sqrt(500)},
    {"decimal_standard": "22.384"},
    {"exact_book": sp.sqrt(2)},
    {"decimal_book": "1.2248"},
    {"glorot": 1 / (N_IN + N_OUT)},
    {"he": 1 / N_IN},
])
def test_wrong_values_refuted(kw):
    assert variance(samples=1000, **kw).verdict == REFUTED


def test_rounding_box():
    assert rounding_box("22.383") == (sp.Rational(223825, 10000), sp.Rational(223835, 10000))
    assert rounding_box("2") == (sp.Rational(3, 2), sp.Rational(5, 2))

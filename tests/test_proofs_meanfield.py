"""derive.proofs.meanfield: chi_1 by rigorous quadrature; wrong values refuted."""

from __future__ import annotations

import pytest
import sympy as sp

from derive.proof import PROVED, REFUTED, UNKNOWN
from derive.proofs.meanfield import chi1, gaussian_expectation


def test_default_claim_proved_and_measured():
    p = chi1()
    assert p.verdict == PROVED, [(s.claim, s.verdict, s.reason) for s in p.steps]
    measured = next(e for e in p.evidence if "measured" in e)
    mean = float(measured.split("mean ")[1].split(",")[0])
    assert abs(mean - 0.2048) < 0.01  # evidence: wide random networks follow sqrt(chi_1)


@pytest.mark.parametrize("kw", [
    {"chi_1": "0.04190"},
    {"chi_1": "0.04197"},
    {"sqrt_chi_1": "0.2050"},
    {"q_star": "1.305"},
    {"q_star": "1.300"},
    {"tanh_critical": (2, 0)},
    {"tanh_critical": (1, 1)},
    {"relu_critical": 1},
])
def test_wrong_values_refuted(kw):
    p = chi1(measure=False, **kw)
    assert p.verdict in (REFUTED, UNKNOWN) and p.verdict != PROVED
    if "chi_1" in kw or "q_star" in kw or "sqrt_chi_1" in kw:
        assert p.verdict == REFUTED


def test_quadrature_encloses_a_known_value():
    # q = 0: sigma(0)^2 = 1/4 exactly, sigma'(0)^2 = 1/16
    e = gaussian_expectation("phi2", sp.Integer(0), sp.Integer(0))
    assert e.a <= 0.25 <= e.b and e.delta < 1e-6
    e = gaussian_expectation("dphi2", sp.Integer(0), sp.Integer(0))
    assert e.a <= 1 / 16 <= e.b and e.delta < 1e-6
    # a wrong value is outside a tight enclosure
    assert not (e.a <= 1 / 15 <= e.b)

"""Fixes of the reader's wrong verdicts pinned by audit13 (tests/test_audit13.py): each with a
near variant, the same form true with a right value, still proved or at least not refuted, and
a wrong value not proved."""

import pytest

from derive.check import check_text
from derive.proof import PROVED, REFUTED


def _last(text: str, claim: str) -> str:
    got = [str(r.verdict) for r in check_text(text + "\n") if r.source == claim]
    assert got, [(r.source, str(r.verdict)) for r in check_text(text + "\n")]
    return got[-1]


# \approx 10^k (1 x 10^k to one significant digit): [0.95, 1.5) x 10^k; a mantissa 1 with
# decimals alike, to its last digit (995 is 1.0 x 10^3 to two digits, 990 is not)
@pytest.mark.parametrize("claim, truth", [
    ("960 \\approx 10^{3}", True), ("e^{-7} \\approx 9 \\times 10^{-4}", True),
    ("-960 \\approx -10^{3}", True), ("-1400 \\approx -10^{3}", True),
    ("-900 \\approx -10^{3}", False), ("996 \\approx 1.0 \\times 10^{3}", True),
    ("990 \\approx 1.0 \\times 10^{3}", False), ("1040 \\approx 1.0 \\times 10^{3}", True),
    ("0.96 \\approx 1", True), ("0.6 \\approx 1", True), ("0.4 \\approx 1", False),
])
def test_a_mantissa_1_has_the_decade_below(claim, truth):
    got = _last(f"${claim}$.", claim)
    assert got == PROVED if truth else got != PROVED

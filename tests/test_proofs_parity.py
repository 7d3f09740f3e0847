"""Section F claims: parity's DNF size and the XOR tree; wrong counts refuted."""

# The true values of every claim are checked once, in test_proofs_registry.py.

import numpy as np
import pytest
import sympy as sp
from hypothesis import given

from derive.proof import REFUTED
from derive.proofs import parity as P
from tests import strategies as S


def test_census_small_cases_by_hand():
    assert P.implicant_census(1) == (1, 0, 1)  # x_1 itself
    assert P.implicant_census(2) == (2, 0, 2)  # x1 ~x2, ~x1 x2


@pytest.mark.parametrize("terms", [lambda n: 2 ** n, lambda n: n, lambda n: 2 ** (n - 1) + 1])
def test_dnf_wrong_term_counts_refuted(terms):
    assert P.dnf(terms=terms, n_max=4).verdict == REFUTED


@pytest.mark.parametrize("kw", [dict(gates=lambda n: n), dict(gates=lambda n: 2 * n - 3),
                                dict(depth=lambda n: sp.floor(sp.log(n, 2))),
                                dict(depth=lambda n: n - 1)])
def test_xor_tree_wrong_counts_refuted(kw):
    assert P.xor_tree_claim(n_max=16, table_max=6, **kw).verdict == REFUTED


def test_a_broken_circuit_is_caught_by_the_truth_table():
    c = P.xor_tree(5)
    broken = P.Circuit(c.n, c.gates[:-1] + ((0, 0),), c.depth, c.output)
    assert P.truth_table_mismatches(c) == 0 and P.truth_table_mismatches(broken) > 0


@given(S.parity_sizes, S.seeds)
def test_tree_computes_parity_on_random_inputs(n, seed):
    c = P.xor_tree(n)
    bits = np.random.default_rng(seed).integers(0, 2, size=n)
    wires = list(bits)
    for a, b in c.gates:
        wires.append(wires[a] ^ wires[b])
    assert wires[c.output] == bits.sum() % 2
    assert len(c.gates) == n - 1 and c.depth == (n - 1).bit_length()

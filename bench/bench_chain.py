"""Figures for the chain engine (issue 2). Prints; asserts nothing about time.

    python3 bench/bench_chain.py            # all figures
    python3 bench/bench_chain.py --quick    # skip the composed-diff comparison

1. derive + verify (``chain.prove``) at depths 10 .. 10,000 in one process: the induction
   (depth-independent) is checked by the first and kept, so later depths time the
   gradient, the symengine concrete check and the cost step (bench_speed.py times each
   depth in a fresh process).
2. Expression size (``count_ops``) at L = 10, 100, 1000: linear growth.
3. Depth 10,000 numeric log10|dC/db_1| (sign/log backprop) against mpmath at 60 digits.
4. For comparison: SymPy ``diff`` of the composed *explicit* sigmoid network (what a user
   would write by hand) at depths 8..64, with a raised recursion limit, 60 s cap.
"""

from __future__ import annotations

import multiprocessing as mp
import sys
import time

import mpmath
import numpy as np
import sympy as sp

sys.path.insert(0, ".")
from derive import chain  # noqa: E402


def prove_times() -> None:
    print("derive + verify (gradient + induction + concrete check), sigmoid, dC/db_1:")
    for L in (10, 64, 65, 100, 1000, 10_000):
        t0 = time.perf_counter()
        g = chain.gradient(L)
        p = chain.prove(g)
        dt = time.perf_counter() - t0
        print(f"  L = {L:6d}: {dt:7.3f} s  verdict {p.verdict}  ({p.steps[-2].reason[:60]}...)")


def sizes() -> None:
    print("expression size, count_ops(dC/db_1):")
    for L in (10, 100, 1000):
        print(f"  L = {L:5d}: {sp.count_ops(chain.gradient(L).expr)}")


def deep_numeric() -> None:
    params = chain.random_params(10_000, np.random.default_rng(0))
    t0 = time.perf_counter()
    lg = chain.backprop(params)
    dt = time.perf_counter() - t0
    naive, _ = lg.values()
    _, ref = chain.high_precision(params, dps=60)
    print(f"depth 10,000 (seed 0): log10|dC/db_1| = {lg.log10_b[0]:.12f} (backprop, {dt*1e3:.1f} ms)"
          f"\n  mpmath 60 digits:     {mpmath.nstr(ref, 15)}"
          f"\n  difference {abs(lg.log10_b[0] - float(ref)):.2e}; plain float64 gives {naive[0]!r}")
    # where plain float64 underflows
    for name, rng_params in (("N(0,1) w, b", chain.random_params(2000, np.random.default_rng(1))),):
        plain, _ = chain.backprop(rng_params).values()
        lg2 = chain.backprop(rng_params)
        first = next((L for L in range(1, 2001) if 10.0 ** (lg2.log10_b[2000 - L]) == 0.0), None)
        print(f"  {name}: float64 of |dC/db_1| underflows to 0 from depth ~{first}")


def _composed_explicit(L: int, q) -> None:
    sys.setrecursionlimit(100_000)
    x = sp.Symbol("x")
    w = sp.symbols(f"w1:{L + 1}")
    b = sp.symbols(f"b1:{L + 1}")
    a = x
    for k in range(L):
        a = 1 / (1 + sp.exp(-(w[k] * a + b[k])))
    t0 = time.perf_counter()
    sp.diff((a - sp.Symbol("y")) ** 2 / 2, b[0])
    q.put(time.perf_counter() - t0)


def composed_comparison() -> None:
    print("for comparison, SymPy diff of the composed explicit sigmoid network (60 s cap):")
    for L in (8, 16, 32, 64, 128):
        q: mp.Queue = mp.Queue()
        p = mp.Process(target=_composed_explicit, args=(L, q))
        p.start()
        p.join(60)
        if p.is_alive():
            p.terminate()
            print(f"  L = {L:4d}: did not finish in 60 s")
            break
        print(f"  L = {L:4d}: {q.get():7.2f} s" if not q.empty() else f"  L = {L}: failed")


if __name__ == "__main__":
    prove_times()
    sizes()
    deep_numeric()
    if "--quick" not in sys.argv:
        composed_comparison()

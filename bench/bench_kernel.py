"""Time the proof kernel's decisions (derive/proof.py): each certify_* on a typical input, in
process, median of N runs, with the verdict it gives. Prints figures; asserts nothing. The
exactness checks (no Float), the domain (definedness) and the assumption filter on test
points run inside these calls, so their cost is in the figures.

Run from the repository root: python3 bench/bench_kernel.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def cases():
    """(name, thunk) pairs: one typical call of each kernel function."""
    import sympy as sp

    from derive import intervals
    from derive.proof import (certify_enclosure, certify_identity, certify_nonnegative,
                              certify_same, certify_sign, certify_solve, definedness)

    z, s = sp.symbols("z s", real=True)
    p = sp.Symbol("p", positive=True)
    sig = 1 / (1 + sp.exp(-z))
    with intervals.precision(120):
        root = intervals.enclose(sp.sqrt(501), {})
    X = sp.Symbol("x")
    return [
        ("identity proved (sigma' = sigma(1 - sigma))",
         lambda: certify_identity(sp.diff(sig, z), sig * (1 - sig), "c")),
        ("identity refuted (at a point)",
         lambda: certify_identity(sp.diff(sig, z), sig * (1 - sig) / 2, "c")),
        ("identity with a domain (e^{ln x} = |x|)",
         lambda: certify_identity(X, sp.Abs(X), "c",
                                  domain=definedness(sp.exp(sp.log(X), evaluate=False)))),
        ("identity not decided, assumptions (sqrt((p+1)^2) = p+1)",
         lambda: certify_identity(sp.sqrt(p**2 + 2 * p + 1), p + 1, "c")),
        ("nonnegative proved (1/4 - s(1-s))",
         lambda: certify_nonnegative(sp.Rational(1, 4) - s * (1 - s), (s - sp.Rational(1, 2))**2,
                                     "c")),
        ("solve, no parameters (s(1-s) = 1/4)",
         lambda: certify_solve(s * (1 - s) - sp.Rational(1, 4), s, sp.Interval(0, 1),
                               [sp.Rational(1, 2)], "c")),
        ("solve, a parameter (sigma(z) = p/(1+p))",
         lambda: certify_solve(sig - p / (1 + p), z, sp.S.Reals, [sp.log(p)], "c")),
        ("enclosure, exact box (sqrt 501)",
         lambda: certify_enclosure(root, "22.3830292855993905", "22.3830292855993915", "c",
                                   "h")),
        ("sign of a constant (pi - 3)", lambda: certify_sign(sp.pi - 3, "c", strict=True)),
        ("same (structural)", lambda: certify_same(z * s, s * z, "c", "h")),
        ("a Float refused", lambda: certify_identity(1 + sp.Float("1e-30"), 1, "c")),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} (2 cores); median of {args.repeat} runs")
    for name, run in cases():
        run()  # warm SymPy's caches once, as a proof run does
        times, step = [], None
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            step = run()
            times.append(time.perf_counter() - t0)
        print(f"{statistics.median(times) * 1000:9.2f} ms  {step.verdict!s:8}  {name}")


if __name__ == "__main__":
    main()

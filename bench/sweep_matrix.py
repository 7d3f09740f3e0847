"""Time the exhaustive symbolic sweep of BP1-BP4 and the delta product form.

    python3 bench/sweep_matrix.py [--max-width 3] [--max-depth 4] [--activation sigmoid]

Every network ``[n_0, ..., n_L]`` with widths <= max-width and 1 <= L <= max-depth is checked
exactly against differentiating the composed network (derive.matrix); prints the verdict and
seconds per equation. ``derive prove --exhaustive matrix.bp1`` etc. run the same sweep, as
evidence beside the general proofs (every width and depth), whose time is printed first.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from derive import matrix


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--max-width", type=int, default=matrix.SWEEP_MAX_WIDTH)
    p.add_argument("--max-depth", type=int, default=matrix.SWEEP_MAX_DEPTH)
    p.add_argument("--activation", default="sigmoid")
    args = p.parse_args()
    t0 = time.perf_counter()
    general = matrix.general_layer(args.activation)
    product = matrix.general_product(general)
    verdicts = ", ".join(f"{k} {v[-1].verdict}" for k, v in general.items())
    print(f"general proofs (every width and depth): {verdicts}, delta_product "
          f"{product[-1].verdict}: {time.perf_counter() - t0:.2f} s")
    nets = list(matrix.architectures(args.max_width, args.max_depth))
    print(f"{len(nets)} networks, widths <= {args.max_width}, depth <= {args.max_depth}, "
          f"{args.activation}")
    total = 0.0
    for eq in matrix.EQUATIONS:
        t0 = time.perf_counter()
        step = matrix.sweep(eq, nets, args.activation)
        dt = time.perf_counter() - t0
        total += dt
        print(f"  {eq:14s} {step.verdict:8s} {dt:8.1f} s", flush=True)
    print(f"  total {total:.1f} s")


if __name__ == "__main__":
    main()

"""Time the activation registry: defining an activation from its formula, locating
sup|f'|, proving gamma.NAME, and numeric backprop with lambdified forms against the fused
kernels of the book's activations. Prints figures; asserts nothing.

Run from the repository root: python3 bench/bench_activations.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import sympy as sp  # noqa: E402


def timed(fn):
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - t0, time.process_time() - c0


def main() -> None:
    import derive
    from derive import activations
    from derive.proofs import activations as A

    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    z = sp.Symbol("z", real=True)
    _, wall, cpu = timed(lambda: derive.activation("bench_swish", z * derive.sigmoid(z)))
    print(f"define bench_swish(z) = z sigma(z): {wall:.3f} s wall, {cpu:.3f} s cpu")
    print(f"{'activation':12s} {'sup|f`|':>28s} {'locate s':>9s} {'gamma.NAME':>10s} "
          f"{'prove s':>8s}")
    for name in activations.ACTIVATIONS:
        act = activations.get(name)
        sup, t_sup, _ = timed(lambda: activations.locate_sup(act))
        proof, t_proof, _ = timed(lambda: A.gamma_proof(name))
        print(f"{name:12s} {sp.sstr(sup.value)[:28]:>28s} {t_sup:9.2f} {proof.verdict:>10s} "
              f"{t_proof:8.2f}")
    X = np.random.default_rng(0).uniform(size=(1000, 784))
    Y = np.eye(10)[np.random.default_rng(1).integers(0, 10, 1000)]
    for name in ("sigmoid", "tanh", "swish", "bench_swish", "gelu", "elu"):
        net = derive.Network([784, 30, 30, 30, 10], activation=name, cost="quadratic")
        net.backprop(X, Y)
        _, wall, _ = timed(lambda: [net.backprop(X, Y) for _ in range(5)])
        kind = "fused kernel" if name in ("sigmoid", "tanh") else "lambdified formula"
        print(f"backprop [784,30,30,30,10], batch 1000, {name:11s} ({kind}): "
              f"{1000 * wall / 5:.1f} ms")


if __name__ == "__main__":
    main()

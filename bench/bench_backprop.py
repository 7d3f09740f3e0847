"""Benchmark: forward + backward of derive.network.Network against the BLAS limit and PyTorch.

    python3 bench/bench_backprop.py [--threads 1] [--repeats 30]

For each configuration it prints, in milliseconds (best of ``--repeats``, interleaved runs so
that load from other processes hits all three alike; the median is printed too):

* ``derive``: ``Network.backprop(X, Y)`` (forward, output delta, BP2, BP3, BP4), float64;
* ``mm-cols`` / ``mm-rows``: the same matrix products alone (L forward, L for dC/dw, L-1 for
  BP2) on preallocated arrays, examples as columns / as rows; the faster of the two is the
  BLAS limit the issue asks to be within 2x of;
* ``torch``: PyTorch CPU autograd on the same weights (sigmoid, cross-entropy via
  ``binary_cross_entropy_with_logits``, mean over the batch), float64, skipped if torch is not
  installed (it is not a dependency of derive); ``torch-mm``: the same matrix products in
  torch (MKL), to separate BLAS speed from framework overhead.

Thread counts are pinned (OpenBLAS and torch) before numpy is imported.
"""

from __future__ import annotations

import argparse
import time

from common import pin_threads

CONFIGS = [
    ("[784,30,30,30,10] batch 1000", [784, 30, 30, 30, 10], 1000),
    ("50 layers of width 100, batch 256", [100] * 51, 256),
]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--repeats", type=int, default=30)
    args = p.parse_args()
    torch = pin_threads(args.threads)


    print(f"threads {args.threads}, best of {args.repeats} (median in brackets), float64, ms")
    for name, sizes, batch in CONFIGS:
        bench(name, sizes, batch, args.repeats, torch)


def bench(name: str, sizes: list[int], batch: int, repeats: int, torch) -> None:
    """One configuration: time derive, the matrix products alone, and torch (if not None).
    numpy is imported here, after main() has pinned the BLAS thread count."""
    import numpy as np

    from derive.network import Network, random_batch

    net = Network(sizes, seed=0)
    X, Y = random_batch(sizes, batch, np.random.default_rng(1))

    # the matrix products alone, on preallocated outputs, in both layouts: examples as
    # columns (derive's internal layout) and as rows; the BLAS limit is the faster one
    L = len(sizes) - 1
    rng = np.random.default_rng(2)
    cols = [X.T] + [rng.uniform(size=(n, batch)) for n in sizes[1:]]
    dcols = [rng.standard_normal((n, batch)) for n in sizes]
    rows = [X] + [rng.uniform(size=(batch, n)) for n in sizes[1:]]
    drows = [rng.standard_normal((batch, n)) for n in sizes]
    gws = [np.empty_like(w) for w in net.weights]

    def matmul_cols():
        for l in range(L):
            np.matmul(net.weights[l], cols[l], out=cols[l + 1])
        for l in range(L):
            np.matmul(dcols[l + 1], cols[l].T, out=gws[l])
        for l in range(L - 1, 0, -1):
            np.matmul(net.weights[l].T, dcols[l + 1], out=dcols[l])

    def matmul_rows():
        for l in range(L):
            np.matmul(rows[l], net.weights[l].T, out=rows[l + 1])
        for l in range(L):
            np.matmul(drows[l + 1].T, rows[l], out=gws[l])
        for l in range(L - 1, 0, -1):
            np.matmul(drows[l + 1], net.weights[l], out=drows[l])

    def ours():
        net.backprop(X, Y)

    runs = {"derive": ours, "mm-cols": matmul_cols, "mm-rows": matmul_rows}
    if torch is not None:
        tw = [torch.tensor(w, requires_grad=True) for w in net.weights]
        tb = [torch.tensor(b, requires_grad=True) for b in net.biases]
        tX, tY = torch.tensor(X), torch.tensor(Y)

        def torch_run():
            a = tX
            for w, b in zip(tw[:-1], tb[:-1]):
                a = torch.sigmoid(torch.addmm(b, a, w.T))
            z = torch.addmm(tb[-1], a, tw[-1].T)
            c = torch.nn.functional.binary_cross_entropy_with_logits(
                z, tY, reduction="sum") / batch
            for t in tw + tb:
                t.grad = None
            c.backward()

        tcols = [torch.tensor(c) for c in cols]
        tdcols = [torch.tensor(c) for c in dcols]
        tws = [torch.tensor(w) for w in net.weights]
        tgws = [torch.empty(w.shape, dtype=torch.float64) for w in net.weights]

        def torch_matmuls():
            for l in range(L):
                torch.matmul(tws[l], tcols[l], out=tcols[l + 1])
            for l in range(L):
                torch.matmul(tdcols[l + 1], tcols[l].T, out=tgws[l])
            for l in range(L - 1, 0, -1):
                torch.matmul(tws[l].T, tdcols[l + 1], out=tdcols[l])

        runs["torch"] = torch_run
        runs["torch-mm"] = torch_matmuls
        # same gradients?
        torch_run()
        gb, gw = net.backprop(X, Y)
        err = max(float(np.max(np.abs(g - t.grad.numpy())) / np.max(np.abs(g)))
                  for g, t in zip(gb + gw, tb + tw))
    times = {k: [] for k in runs}
    for f in runs.values():
        f()
    for _ in range(repeats):
        for k, f in runs.items():
            t0 = time.perf_counter()
            f()
            times[k].append(time.perf_counter() - t0)
    best = {k: min(v) * 1e3 for k, v in times.items()}
    med = {k: float(np.median(v)) * 1e3 for k, v in times.items()}
    print(f"\n{name}")
    for k in runs:
        print(f"  {k:7s} {best[k]:9.3f}  [{med[k]:9.3f}]")
    blas = min(best["mm-cols"], best["mm-rows"])
    print(f"  derive / matmul = {best['derive'] / blas:.2f} (target <= 2)")
    if "torch" in best:
        print(f"  derive / torch  = {best['derive'] / best['torch']:.2f} (target <= 1); "
              f"max relative gradient difference to torch {err:.1e}")
        print(f"  overhead over own BLAS: derive {best['derive'] / blas:.2f}, "
              f"torch {best['torch'] / best['torch-mm']:.2f}; "
              f"numpy BLAS / torch BLAS = {blas / best['torch-mm']:.2f}")


if __name__ == "__main__":
    main()

"""What the benchmark scripts share: pinning thread counts and the optional PyTorch."""

from __future__ import annotations

import os
import sys


def pin_threads(threads: int):
    """Pin OpenBLAS/OpenMP/MKL to ``threads`` (call before numpy is imported), put the
    repository root on ``sys.path``, and return torch pinned likewise, or None when torch is
    not installed (it is not a dependency of derive)."""
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(threads)
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    try:
        import torch
    except ImportError:
        print("torch not installed: skipping the PyTorch comparison")
        return None
    torch.set_num_threads(threads)
    return torch

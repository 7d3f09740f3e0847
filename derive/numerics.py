r"""Floating-point helpers: the one tolerance policy, finite differences, complex step.

Everything here is *evidence*, never proof (see ``derive.proof``).

Tolerance policy (``close``): two numbers agree when
``|a - b| <= atol + rtol * max(|a|, |b|)`` with defaults ``rtol = 1e-7``, ``atol = 0``.
The absolute tolerance defaults to 0 on purpose: gradients in the vanishing regime are
tiny, and an ``atol`` such as gradcheck's ``1e-5`` would accept a backward pass that is
wrong by 2x per layer once the true gradient is below it. Compare tiny or huge values in
sign and log-magnitude instead (``close_log``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

RTOL = 1e-7  # relative agreement for float64 results of O(L) operations
ATOL = 0.0
FD_RTOL = 1e-5  # central differences are accurate to about eps^(2/3) relative
LOG10_ATOL = 1e-9  # absolute agreement of log10|value|, i.e. relative 2.3e-9


def close(a, b, rtol: float = RTOL, atol: float = ATOL) -> bool:
    """True when ``|a - b| <= atol + rtol * max(|a|, |b|)`` elementwise for all entries."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    scale = np.maximum(np.abs(a), np.abs(b))
    return bool(np.all(np.abs(a - b) <= atol + rtol * scale))


def close_log(sign_a, log10_a, sign_b, log10_b, atol: float = LOG10_ATOL) -> bool:
    """Same sign and ``|log10|a| - log10|b|| <= atol`` (zeros match zeros)."""
    sa, sb = np.asarray(sign_a), np.asarray(sign_b)
    la, lb = np.asarray(log10_a, dtype=float), np.asarray(log10_b, dtype=float)
    both_zero = (sa == 0) & (sb == 0)
    finite = np.isfinite(la) & np.isfinite(lb)
    with np.errstate(invalid="ignore"):  # -inf - -inf for zeros: masked by both_zero
        ok = both_zero | ((sa == sb) & finite & (np.abs(la - lb) <= atol))
    return bool(np.all(ok))


def describe(a, b) -> str:
    """Both values and their relative difference, for failure messages."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    rel = np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), np.finfo(float).tiny)
    return f"{a!r} vs {b!r} (relative difference {np.max(rel):.3g})"


def central_difference(f: Callable[[float], float], x: float) -> tuple[float, float]:
    r"""``(f(x + h) - f(x - h)) / 2h`` with ``h = eps^{1/3} max(1, |x|)``.

    Returns the estimate and an error estimate: truncation ``~h^2 |f'''|`` is unknown, so
    the estimate is the difference to the same formula with ``2h`` (Richardson), which
    bounds the truncation error in practice, plus rounding ``eps |f| / h``.
    """
    eps = np.finfo(float).eps
    h = eps ** (1 / 3) * max(1.0, abs(x))
    d1 = (f(x + h) - f(x - h)) / (2 * h)
    d2 = (f(x + 2 * h) - f(x - 2 * h)) / (4 * h)
    rounding = eps * abs(f(x)) / h
    return d1, abs(d1 - d2) + rounding


def complex_step(f: Callable[[complex], complex], x: float, h: float = 1e-30) -> float:
    r"""``Im f(x + ih) / h``: exact to rounding for analytic ``f`` (no cancellation)."""
    return float(np.imag(f(complex(x, h))) / h)

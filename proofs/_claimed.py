r"""Shared pieces of the claim modules: how a claimed number is read, and the sigmoid in
the closed forms the certificates use.

``decimal_box(value)`` turns a claimed value into the exact interval it asserts:

* ``"0.4477432046..."`` (trailing dots): the digits are a truncation, so the value lies in
  ``[d, d + 10^{-k}]`` (``[d - 10^{-k}, d]`` for negative ``d``), ``k`` the digits written;
* ``"6.334e-5"`` (no dots): rounded to the last written digit, so ``[d - u/2, d + u/2]``
  with ``u`` one unit of the last digit;
* an int, a SymPy number or a float: that exact value (a float is its exact binary value).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import sympy as sp

from derive.errors import InputError

Number = sp.Expr | int | float | str


def decimal_box(value: Number) -> tuple[sp.Expr, sp.Expr, str]:
    """``(lo, hi, text)``: the exact interval a claimed value asserts, and how it was read."""
    if isinstance(value, str):
        s = value.strip()
        truncated = s.endswith("...")
        digits = s[:-3] if truncated else s
        try:
            d = Decimal(digits)
        except InvalidOperation:
            raise InputError(f"not a decimal number: {value!r}") from None
        if not d.is_finite():
            raise InputError(f"not a finite number: {value!r}")
        unit = sp.Rational(10) ** d.as_tuple().exponent
        mid = sp.Rational(str(d))
        if truncated:
            lo, hi = (mid, mid + unit) if mid >= 0 else (mid - unit, mid)
            return lo, hi, f"{s} (digits truncated: [{lo}, {hi}])"
        return mid - unit / 2, mid + unit / 2, f"{s} (rounded: within {unit / 2} of {mid})"
    exact = sp.Rational(value) if isinstance(value, float) else sp.sympify(value)
    return exact, exact, f"exactly {exact}"


def sigma(z: sp.Expr) -> sp.Expr:
    r"""``\sigma(z) = 1/(1 + e^{-z})``."""
    return 1 / (1 + sp.exp(-z))


def sigma_prime(z: sp.Expr) -> sp.Expr:
    r"""``\sigma'(z) = e^{-z}/(1 + e^{-z})^2``: the closed form whose positivity SymPy sees
    from its structure (equal to ``\sigma(1 - \sigma)``, claim sigmoid.derivative)."""
    return sp.exp(-z) / (1 + sp.exp(-z)) ** 2


def sigma_square_certificate(z: sp.Expr) -> sp.Expr:
    r"""``1/4 - \sigma'(z) = (\sigma(z) - 1/2)^2`` in closed form:
    ``(e^z - 1)^2/(4(e^z + 1)^2)``."""
    return (sp.exp(z) - 1) ** 2 / (4 * (sp.exp(z) + 1) ** 2)

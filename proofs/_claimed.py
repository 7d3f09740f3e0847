r"""Shared pieces of the claim modules: how a claimed number is read, and the sigmoid in
the closed forms the certificates use.

``decimal_box(value)`` turns a claimed value into the exact interval it asserts, with exact
rational endpoints (never a binary float):

* ``"0.4477432046..."`` (trailing dots): the digits are a truncation, so the value lies in
  ``[d, d + 10^{-k}]`` (``[d - 10^{-k}, d]`` for negative ``d``, also ``"-0.0..."``), ``k``
  the digits written: ``"6.894151032272927..."`` is ``[6.894151032272927, 6.894151032272928]``;
* ``"6.334e-5"`` (no dots): rounded to the last written digit, so ``[d - u/2, d + u/2]``
  with ``u`` one unit of the last digit;
* an int, a ``Fraction``, a SymPy rational (or an exact SymPy constant such as ``sqrt(2)``):
  that exact value; a Python ``float`` only when its binary value is the decimal it prints
  as (``0.5``). Other floats (``0.1``) and SymPy ``Float``s are refused (``InexactNumber``,
  an ``InputError``): pass a string.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction

import sympy as sp

from derive.errors import InputError
from derive.proof import exact, exact_text

Number = sp.Expr | int | Fraction | str


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
        mid = exact(digits)  # the decimal read exactly (Fraction of the string)
        if truncated:
            lo, hi = (mid - unit, mid) if d.is_signed() else (mid, mid + unit)
            return lo, hi, f"{s} (digits truncated: [{exact_text(lo)}, {exact_text(hi)}])"
        return mid - unit / 2, mid + unit / 2, (f"{s} (rounded: within {exact_text(unit / 2)} "
                                                f"of {exact_text(mid)})")
    value = exact(value)
    return value, value, f"exactly {value}"


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

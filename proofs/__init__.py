"""Proofs of the claims of CLAIMS.md, one module per claim family, and their registry.

Each proof is a function decorated with ``@claim(id, summary)``; it takes the claimed
values as keyword parameters (defaults: the values of CLAIMS.md) and returns a
``derive.proof.Proof``, so a test can pass a wrong value and see it rejected.
``MODULES`` lists the modules in the order their claims are shown.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from derive.errors import InputError
from derive.proof import Proof

MODULES = [
    "proofs.chain",
    "proofs.matrix",
    "proofs.init",
    "proofs.meanfield",
]


@dataclass(frozen=True)
class Claim:
    id: str
    summary: str  # one plain-text line for `derive list`
    run: Callable[..., Proof]


_REGISTRY: dict[str, Claim] = {}


def claim(id: str, summary: str) -> Callable[[Callable[..., Proof]], Callable[..., Proof]]:
    """Register the decorated proof function under ``id``."""

    def register(fn: Callable[..., Proof]) -> Callable[..., Proof]:
        _REGISTRY[id] = Claim(id, summary, fn)
        return fn

    return register


def all_claims() -> list[Claim]:
    """Every registered claim, in the order of ``MODULES``."""
    for name in MODULES:
        importlib.import_module(name)
    return list(_REGISTRY.values())


def get(id: str) -> Claim:
    """The claim ``id``; InputError naming the known ids otherwise."""
    claims = {c.id: c for c in all_claims()}
    if id not in claims:
        raise InputError(f"unknown claim {id!r} (see `derive list`)")
    return claims[id]

"""Proofs of the claims of CLAIMS.md, one module per claim family, and their registry.

Each proof is a function decorated with ``@claim(id, summary)``; it takes the claimed
values as keyword parameters (defaults: the values of CLAIMS.md) and returns a
``derive.proof.Proof``, so a test can pass a wrong value and see it rejected.
``MODULES`` lists the modules in the order their claims are shown.
"""

from __future__ import annotations

import importlib
import inspect
import multiprocessing
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from derive.errors import InputError
from derive.proof import Proof

MODULES = [
    "derive.proofs.chain",
    "derive.proofs.activations",
    "derive.proofs.vanishing",
    "derive.proofs.exploding",
    "derive.proofs.identity_neuron",
    "derive.proofs.parity",
    "derive.proofs.matrix",
    "derive.proofs.init",
    "derive.proofs.meanfield",
]


@dataclass(frozen=True)
class Claim:
    id: str
    summary: str  # one plain-text line for `derive list`
    run: Callable[..., Proof]

    def prove(self, exhaustive: bool = False) -> Proof:
        """Run the proof with its claimed values; ``exhaustive`` asks claims that check a
        finite family (the matrix equations) for the whole family, not the quick default."""
        if exhaustive and "exhaustive" in inspect.signature(self.run).parameters:
            return self.run(exhaustive=True)
        return self.run()


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


def _prove_one(id: str, exhaustive: bool) -> Proof:
    t0 = time.perf_counter()
    proof = get(id).prove(exhaustive)
    proof.seconds = time.perf_counter() - t0
    return proof


def prove_many(claims: list[Claim], exhaustive: bool = False, jobs: int = 1,
               on_done: Callable[[Proof], None] | None = None) -> Iterator[Proof]:
    """Prove ``claims``, yielding each Proof in the given order as soon as it and those
    before it are done; ``jobs > 1`` runs them in that many worker processes. ``on_done``
    is called with each Proof as soon as it finishes (in the order they finish)."""
    if jobs <= 1 or len(claims) <= 1:
        for c in claims:
            proof = _prove_one(c.id, exhaustive)
            if on_done is not None:
                on_done(proof)
            yield proof
        return
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(min(jobs, len(claims))) as pool:
        # submitted last-first: the registry lists the matrix and mean-field claims last
        pending = {i: pool.apply_async(_prove_one, (c.id, exhaustive), callback=on_done)
                   for i, c in reversed(list(enumerate(claims)))}
        for i in range(len(claims)):
            yield pending[i].get()

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
from typing import TYPE_CHECKING

from derive.errors import InputError

if TYPE_CHECKING:  # importing derive.proof loads SymPy; `derive list` must not
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

# Every claim id with its one-line summary, in registry order, written out so `derive list`
# answers without importing the proof modules (and SymPy). tests/test_cli.py checks that it
# equals the registry: a claim added to a module must be added here too.
INDEX: tuple[tuple[str, str], ...] = (
    ('chain.product_form',
     "dC/db_1 = s'(z_1) w_2 s'(z_2) ... w_L s'(z_L) dC/da_L for every depth L (eq. 122)"),
    ('chain.ratio', "(dC/db_1)/(dC/db_3) = s'(z_1) w_2 s'(z_2) w_3, so |ratio| <= |w_2 w_3|/16"),
    ('sigmoid.derivative',
     "sigma' = sigma(1 - sigma) = (1/4) sech^2(z/2), and sigma = (1 + tanh(z/2))/2"),
    ('sigmoid.max', "max sigma'(z) = sigma'(0) = 1/4, attained only at z = 0"),
    ('tanh.max', "tanh' = 1 - tanh^2, max tanh' = tanh'(0) = 1, attained only at z = 0"),
    ('relu.derivative',
     "relu' = 0 for z < 0, 1 for z > 0, undefined at 0 (convention relu'(0) = 0)"),
    ('softplus.derivative', "softplus' = sigma, and 0 < softplus' < 1 with sup 1"),
    ('activation.gamma',
     "gamma = sup|f'|: 1/4 sigmoid, 1 tanh, 1 relu, 1 softplus (and 1 identity)"),
    ('vanishing.bound',
     '|dC/db_1| <= 4^-L prod_{j>=2} |w_j| |dC/da_L| (sigmoid); |w_j| < 1 gives factors < 1/4'),
    ('vanishing.gaussian',
     "w ~ N(0,1): E|w s'(z)| <= E|w|/4 = 1/(2 sqrt(2 pi)); P(|w|<1) = erf(1/sqrt 2); P(|w s'| "
     '>= 1) <= 6.334e-5'),
    ('exploding.construction',
     "w_j = 100, z_j = 0: each factor w sigma'(0) = 25; L = 4: dC/db_1 = 3906.25 dC/da_4"),
    ('exploding.necessary',
     "|w sigma'(wa + b)| >= 1 only if |w| >= 4; at |w| = 4 only at a = -b/w"),
    ('exploding.window',
     "|w| >= 4: {a : |w s'(wa+b)| >= 1} is an interval of width (2/|w|) ln(|w|(1 + sqrt(1 - "
     '4/|w|))/2 - 1), exactly'),
    ('exploding.window_max',
     'the window width is maximal at |w| = 6.894151032... with width 0.4477432046..., unique; '
     '-> 0 as |w| -> 4+ and as |w| -> oo'),
    ('identity_neuron',
     'b = -w_1/2, w_2 = 4/w_1: w_2 sigma(w_1 x + b) = 2/w_1 + (x - 1/2) + R, |R| <= w_1^2/96 on '
     '[0, 1]'),
    ('parity.dnf',
     'every implicant of n-bit parity fixes all n variables: a minimal DNF has 2^(n-1) terms'),
    ('parity.xor_tree', 'n-bit parity by n - 1 XOR gates in depth ceil(log2 n)'),
    ('matrix.bp1', "BP1: delta^L = Sigma'(z^L) grad_a C, every width"),
    ('matrix.bp2', "BP2: delta^l = Sigma'(z^l) (w^{l+1})^T delta^{l+1}, every width"),
    ('matrix.bp3', 'BP3: dC/db^l_j = delta^l_j, every width'),
    ('matrix.bp4', 'BP4: dC/dw^l_jk = a^{l-1}_k delta^l_j, every width'),
    ('matrix.delta_product',
     "delta^l = Sigma'(z^l)(w^{l+1})^T ... (w^L)^T Sigma'(z^L) grad_a C (eq. 124), every width "
     'and depth'),
    ('matrix.spectral_bound',
     '||delta^l|| <= gamma^{L-l+1} prod_{j>l} ||w^j||_2 ||grad_a C|| (Pascanu et al.)'),
    ('init.variance',
     'sd(z) = sqrt(501) = 22.383 with N(0,1), sqrt(3/2) with N(0,1/n_in); Glorot, He'),
    ('meanfield.chi1',
     'sigmoid, sigma_w^2 = sigma_b^2 = 1: q* = 1.302, chi_1 = 0.04196, sqrt = 0.2048; tanh '
     'critical at (1, 0), ReLU at 2'),
)


@dataclass(frozen=True)
class Claim:
    id: str
    summary: str  # one plain-text line for `derive list`
    run: Callable[..., Proof]
    on_demand: bool = False  # proved when asked for by id, not part of all_claims()

    def prove(self, exhaustive: bool = False) -> Proof:
        """Run the proof with its claimed values; ``exhaustive`` asks claims that check a
        finite family (the matrix equations) for the whole family, not the quick default."""
        if exhaustive and "exhaustive" in inspect.signature(self.run).parameters:
            return self.run(exhaustive=True)
        return self.run()


_REGISTRY: dict[str, Claim] = {}


def claim(id: str, summary: str, on_demand: bool = False
          ) -> Callable[[Callable[..., Proof]], Callable[..., Proof]]:
    """Register the decorated proof function under ``id``. The chapter's claims (defined in
    ``MODULES``) are what ``all_claims`` lists; a claim of a user's own module, or one made
    ``on_demand`` (``gamma.<activation>``), is proved by id (``get``) only."""

    def register(fn: Callable[..., Proof]) -> Callable[..., Proof]:
        _REGISTRY[id] = Claim(id, summary, fn, on_demand)
        return fn

    return register


def all_claims() -> list[Claim]:
    """The chapter's claims, in the order of ``MODULES`` (whatever imported a module first;
    claims registered at run time by a user's module or on demand are not among them)."""
    for name in MODULES:
        importlib.import_module(name)
    order = {name: i for i, name in enumerate(MODULES)}
    chapter = [c for c in _REGISTRY.values() if c.run.__module__ in order and not c.on_demand]
    return sorted(chapter, key=lambda c: order[c.run.__module__])


def get(id: str) -> Claim:
    """The claim ``id`` (any registered one); InputError naming the known ids otherwise."""
    for name in MODULES:
        importlib.import_module(name)
    if id not in _REGISTRY:
        raise InputError(f"unknown claim {id!r} (see `derive list`)")
    return _REGISTRY[id]


def _prove_one(id: str, exhaustive: bool) -> Proof:
    t0 = time.perf_counter()
    proof = get(id).prove(exhaustive)
    proof.seconds = time.perf_counter() - t0
    return proof


_RESULTS = None  # a worker's queue of (index, Proof), set by _worker_init


def _worker_init(results) -> None:
    global _RESULTS
    _RESULTS = results


def _prove_group(group: list[tuple[int, str]], exhaustive: bool) -> None:
    """Prove one module's claims in one worker (they share per-process caches: the product
    form's induction, the general matrix proofs, the window derivation), each Proof sent to
    the parent as soon as it is done."""
    for i, cid in group:
        _RESULTS.put((i, _prove_one(cid, exhaustive)))


def prove_many(claims: list[Claim], exhaustive: bool = False, jobs: int = 1,
               on_done: Callable[[Proof], None] | None = None) -> Iterator[Proof]:
    """Prove ``claims``, yielding each Proof in the given order as soon as it and those
    before it are done; ``jobs > 1`` runs them in that many worker processes, one module's
    claims in one worker, the modules with most claims first. ``on_done`` is called with each
    Proof as soon as it finishes (in the order they finish)."""
    if jobs <= 1 or len(claims) <= 1:
        for c in claims:
            proof = _prove_one(c.id, exhaustive)
            if on_done is not None:
                on_done(proof)
            yield proof
        return
    groups: dict[str, list[tuple[int, str]]] = {}
    for i, c in enumerate(claims):
        groups.setdefault(c.run.__module__, []).append((i, c.id))
    ctx = multiprocessing.get_context("fork")
    results = ctx.Queue()
    with ctx.Pool(min(jobs, len(groups)), _worker_init, (results,)) as pool:
        for group in sorted(groups.values(), key=len, reverse=True):
            pool.apply_async(_prove_group, (group, exhaustive),
                             error_callback=lambda err: results.put((-1, err)))
        done: dict[int, Proof] = {}
        upcoming = 0  # the next index to yield
        for _ in range(len(claims)):
            i, proof = results.get()
            if i < 0:
                raise proof  # a worker's exception, re-raised here
            if on_done is not None:
                on_done(proof)
            done[i] = proof
            while upcoming in done:
                yield done.pop(upcoming)
                upcoming += 1

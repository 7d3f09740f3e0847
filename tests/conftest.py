"""Hypothesis profiles: ``dev`` (fast, default locally) and ``ci`` (derandomized, more examples),
and session fixtures that compute an expensive result once for every test that needs it.

Select the profile with ``HYPOTHESIS_PROFILE=ci``; CI sets it.
"""

import contextlib
import io
import json
import os
import time

import pytest
from hypothesis import HealthCheck, settings

# derive check's time budgets (8 s an equation, 120 s a file) are raised for the suite, so
# that a verdict never depends on how busy the machine is (a budget only ever turns a verdict
# into "unknown"). Subprocesses of the CLI tests inherit them. 30 s, not 60: derive check
# gives its attempts shares of the equation's budget (time_limit(EQUATION_SECONDS / 4), ...),
# and one that fails spends its whole share before the one that proves runs, so a larger
# budget makes proved statements slower too (three of the slowest tests: 86 s at 60, 55 s at
# 30, 45 s at 20, the 8 s default 3-5x faster still); 30 s keeps a margin for a busy machine.
os.environ.setdefault("DERIVE_EQUATION_SECONDS", "30")
# Every budget counts this process's CPU time (derive.clock), not the wall: on a machine busy
# with other work (a load of 10 made eleven tests expecting "proved" run out of time) the
# verdicts stay those of a quiet machine. Subprocesses inherit it too.
os.environ.setdefault("DERIVE_CLOCK", "cpu")
os.environ.setdefault("DERIVE_FILE_SECONDS", "900")

settings.register_profile("dev", max_examples=25, deadline=None)
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(params=["wall", "cpu"])
def each_clock(request):
    """The test runs twice: budgets on the wall clock, then on the CPU clock (derive.clock)."""
    from derive import clock

    saved = clock.KIND
    clock.use(request.param)
    yield request.param
    clock.use(saved)


def _spin(seconds: float) -> None:
    """Keep the CPU busy for ``seconds`` of this process's CPU time (so at least as long on
    the wall): a time limit on either clock fires inside, where a sleep stops no CPU clock."""
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


@pytest.fixture
def spin():
    """``spin(seconds)``: wait by working, for time limits on either clock."""
    return _spin


@pytest.fixture(autouse=True)
def _working_precision():
    """Each test starts and ends at the default working precisions (53 bits) of mpmath
    (``mp``, ``iv``) and python-flint: a test that sets ``mp.dps = 50``, or a time limit that
    fires inside a precision block, must not change the tests the same worker runs after it."""
    import mpmath
    from flint import ctx

    mpmath.mp.prec = mpmath.iv.prec = ctx.prec = 53
    yield
    mpmath.mp.prec = mpmath.iv.prec = ctx.prec = 53


class _Proofs:
    """Proofs of registered claims with their claimed values, each computed once."""

    def __init__(self) -> None:
        self.done: dict = {}

    def __call__(self, id: str):
        if id not in self.done:
            from derive.proofs import get

            self.done[id] = get(id).run()
        return self.done[id]

    def every(self) -> dict:
        """Every registered claim (registry order); the missing ones proved in two worker
        processes (``derive.proofs.prove_many``, as ``derive prove`` does)."""
        from derive.proofs import all_claims, prove_many

        claims = all_claims()
        missing = [c for c in claims if c.id not in self.done]
        for c, p in zip(missing, prove_many(missing, jobs=min(2, os.cpu_count() or 1))):
            self.done[c.id] = p
        return {c.id: self.done[c.id] for c in claims}


@pytest.fixture(scope="session")
def proof_of() -> _Proofs:
    """``proof_of(id)``: the claim's Proof with its claimed values, run once per session
    (the registry, document and per-family tests can share it instead of proving again)."""
    return _Proofs()


@pytest.fixture(scope="session")
def all_proofs(proof_of: _Proofs) -> dict:
    """Every registered claim's Proof by id (registry order), each run once per session."""
    return proof_of.every()


@pytest.fixture(scope="session")
def deep_chain_json():
    """``derive chain --depth 10000 --evaluate --seed 0 --format json``, parsed: the deep
    case, run once."""
    from derive.cli import main

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["chain", "--depth", "10000", "--evaluate", "--seed", "0",
                     "--format", "json"]) == 0
    return json.loads(buf.getvalue())

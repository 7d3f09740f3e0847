"""Hypothesis profiles: ``dev`` (fast, default locally) and ``ci`` (derandomized, more examples),
and session fixtures that compute an expensive result once for every test that needs it.

Select the profile with ``HYPOTHESIS_PROFILE=ci``; CI sets it.
"""

import contextlib
import io
import json
import os
from functools import cache

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=25, deadline=None)
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def proof_of():
    """``proof_of(id)``: the claim's Proof with its claimed values, run once per session
    (the registry, document and per-family tests share it instead of proving again)."""
    from derive.proofs import get

    return cache(lambda id: get(id).run())


@pytest.fixture(scope="session")
def all_proofs(proof_of):
    """Every registered claim's Proof (registry order), each run once per session."""
    from derive.proofs import all_claims

    return {c.id: proof_of(c.id) for c in all_claims()}


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

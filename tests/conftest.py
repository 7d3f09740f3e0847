"""Hypothesis profiles: ``dev`` (fast, default locally) and ``ci`` (derandomized, more examples).

Select with ``HYPOTHESIS_PROFILE=ci``; CI sets it.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=25, deadline=None)
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

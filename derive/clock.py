"""The clock that every time budget of derive counts: time on the wall, or CPU time.

By default a budget (an equation's 8 s, a file's, the shares the engines give their attempts)
is wall time. With ``DERIVE_CLOCK=cpu`` in the environment, or after ``use("cpu")``, it is
this process's CPU time (user and system, every thread): ``now()`` reads it and
``derive.proof.time_limit`` arms the profiling timer (``ITIMER_PROF``, ``SIGPROF``) instead of
the real one (``ITIMER_REAL``, ``SIGALRM``). A verdict then cannot depend on how busy the
machine is: the test suite and ``bench/`` use it. The one limit of CPU time: it does not run
while the process waits, so such a budget does not stop a wait (a subprocess, a sleep); derive
sets none around one. Any other value of ``DERIVE_CLOCK`` is the wall.
"""

import os
import signal
import time

KINDS = {"wall": (time.monotonic, signal.ITIMER_REAL, signal.SIGALRM),
         "cpu": (time.process_time, signal.ITIMER_PROF, signal.SIGPROF)}
KIND = "wall"
_now, TIMER, SIGNAL = KINDS[KIND]


def use(kind: str) -> None:
    """Count every budget from now on in ``kind`` time: ``"wall"`` or ``"cpu"``."""
    global KIND, _now, TIMER, SIGNAL
    _now, TIMER, SIGNAL = KINDS[kind]
    KIND = kind


def now() -> float:
    """Seconds on the chosen clock (only differences mean anything)."""
    return _now()


use("cpu" if os.environ.get("DERIVE_CLOCK", "").strip().lower() == "cpu" else "wall")

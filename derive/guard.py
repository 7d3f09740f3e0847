"""The one guard around the engine's methods (``derive.realprove`` tries them in turn).

A method (``touch.touching``, ``edge.chord``, ``radical.radical``, ...) proves its problem
(a kernel ``Step``) or does not apply (None). ``attempt(method, *args)`` calls it: the
equation's time running out (``StepTimeout`` from an enclosing ``time_limit``) goes on to the
caller; any other exception (SymPy failing on a form) means the method does not apply.

A method that decides premises by the whole engine marks its claim as under way on its
module's ``Nesting`` (the module keeps its own test: how deep, which keys), so the recursion
ends: ``with _ACTIVE.enter(key):`` pushes the key and pops it however the block is left, a
timer's exception included (a key left behind would turn the method off for every later
statement).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from derive.proof import StepTimeout


class Nesting:
    """The keys of the claims a method has under way (``len``, ``in``, truth as a list's)."""

    def __init__(self) -> None:
        self.keys: list = []

    def __len__(self) -> int:
        return len(self.keys)

    def __contains__(self, key) -> bool:
        return key in self.keys

    @contextmanager
    def enter(self, key: Any = True) -> Iterator[None]:
        depth = len(self.keys)
        try:
            self.keys.append(key)
            yield
        finally:
            del self.keys[depth:]  # (also what a timer firing after the push left)


def attempt(method: Callable[..., Any], *args: Any) -> Any:
    """``method(*args)``, or None when it raises anything but ``StepTimeout``."""
    try:
        return method(*args)
    except StepTimeout:
        raise  # the equation's (or a caller's) time: not this method's to end
    except Exception:  # noqa: BLE001 -- SymPy failing on a form: the method does not apply
        return None

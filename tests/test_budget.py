"""The engine's time budget (derive.realprove._decide) and the one guard of its methods
(derive.guard): a method that fails slowly cannot starve the plain search, a StepTimeout
goes on to the caller, a SymPy failure means "does not apply", nesting is restored.

No timing assertions: a fake clock (``derive.clock.now``) advances only when a fake method
"spends" the time it was given, and the search's passes are recorded, not run."""

import pytest
import sympy as sp

from derive import clock as derive_clock
from derive import edge, expbound, factors, guard, ordered, radical, realprove, singular, touch
from derive.proof import PROVED, REFUTED, UNKNOWN, Step, StepTimeout

x = sp.Symbol("x", real=True)
SECONDS = 8.0


class _Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def slow_methods(monkeypatch):
    """Every method of _decide's tuple (and the exponential tail) replaced by one that fails
    after spending all the time it is given; every pass of the search recorded (never
    proving). Returns (clock, methods' calls, passes' calls)."""
    clock = _Clock()
    monkeypatch.setattr(derive_clock, "now", clock)
    methods, passes = [], []

    def slow(name):
        def method(problem, claim, seconds):
            methods.append((name, clock.now, seconds))
            clock.now += seconds  # fails, having used all its time
        return method

    for module, name in [(realprove, "_reflected"), (touch, "periodic"), (edge, "even"),
                         (edge, "isolated"), (edge, "chord"), (edge, "diagonal"),
                         (singular, "singular"), (touch, "touching"),
                         (realprove, "_irrational_end"), (realprove, "_ordered_pair"),
                         (radical, "radical"), (realprove, "_max_min_cases"),
                         (realprove, "_simpler_form")]:
        monkeypatch.setattr(module, name, slow(name))
    monkeypatch.setattr(realprove, "_exp_tail", lambda problem, claim, seconds: None)

    def fake_pass(problem, claim, level, deadline, *args):
        passes.append((level, clock.now, deadline))
        clock.now = max(clock.now, deadline)  # a slice that proves nothing

    monkeypatch.setattr(realprove, "_pass", fake_pass)
    return clock, methods, passes


def _statement():
    # one variable, transcendental (no orthant certificate), on a box (no exponential tail)
    return sp.exp(x) - x - sp.Rational(1, 2), False, [x >= 0, x <= 1]


def test_a_slow_failing_method_cannot_starve_the_plain_search(slow_methods):
    clock, methods, passes = slow_methods
    start = clock.now
    slack, strict, domain = _statement()
    step = realprove.decide(slack, strict, domain, "claim", SECONDS)
    assert step.verdict == UNKNOWN  # nothing proves it: every pass is a fake
    search_end = realprove.SEARCH_SHARE * SECONDS
    methods_end = start + (1 - realprove.SEARCH_RESERVE) * SECONDS
    assert methods, "the methods were tried"
    # each method gets METHOD_SHARE of what the methods have left when it starts
    for _, at, given in methods:
        assert given == pytest.approx(realprove.METHOD_SHARE * (methods_end - at))
    # together they end by methods_end: the rest of the search's time is the search's
    assert methods[-1][1] + methods[-1][2] <= methods_end + 1e-9
    # a first slice of the plain search before any method
    assert passes[0][0] == 0 and passes[0][1] < methods[0][1]
    # after the methods, the passes of the search run until the search's end, or for half
    # of what is left when the methods ran past it (the kernel's re-check: the other half)
    after = [p for p in passes if p[1] >= methods[-1][1]]
    begin, stop = after[0][1], max(d for _, _, d in after)
    assert {level for level, _, _ in after} == {0, 1, 2}
    assert stop >= start + search_end - 1e-9
    assert stop - begin >= 0.5 * (start + SECONDS - begin) - 1e-9
    assert stop - begin >= 0.5 * realprove.SEARCH_RESERVE * SECONDS - 1e-9


def test_the_methods_stop_when_their_time_is_spent(slow_methods):
    _, methods, _ = slow_methods
    slack, strict, domain = _statement()
    realprove.decide(slack, strict, domain, "claim", SECONDS)
    # every method but the last left at least METHOD_LEAST for the next one
    names = [name for name, _, _ in methods]
    assert len(names) < 13  # (each spending 90 % of what is left: the chain stops)
    assert all(given >= realprove.METHOD_SHARE * realprove.METHOD_LEAST - 1e-9
               for _, _, given in methods)


def test_a_statement_the_quick_pass_proves_waits_for_no_method(monkeypatch):
    monkeypatch.setattr(derive_clock, "now", _Clock())  # (frozen: the quick pass ends)
    called = []
    monkeypatch.setattr(touch, "touching", lambda *a: called.append("touching"))
    monkeypatch.setattr(realprove, "_reflected", lambda *a: called.append("reflected"))
    step = realprove.decide(sp.exp(x) - 1 - x, False, [x >= -1, x <= 1], "claim", SECONDS)
    assert step.verdict == PROVED
    assert called == []


def test_a_wrong_claim_is_still_refuted_with_the_new_order():
    # (the quick pass may meet the counterexample before any method: still refuted)
    step = realprove.decide(sp.exp(x) - 1 - x - sp.Rational(1, 100), False,
                            [x >= -1, x <= 1], "claim", SECONDS)
    assert step.verdict == "refuted"


# ------------------------------------------------------------------------ the one guard

def test_attempt_lets_a_step_timeout_through():
    def method(*args):
        raise StepTimeout

    with pytest.raises(StepTimeout):
        guard.attempt(method, 1, 2)


@pytest.mark.parametrize("error", [sp.PolynomialError, ValueError, TypeError, ZeroDivisionError,
                                   NotImplementedError, OverflowError])
def test_attempt_takes_any_other_failure_as_does_not_apply(error):
    def method(*args):
        raise error("SymPy failing on a form")

    assert guard.attempt(method, 1) is None


def test_attempt_returns_what_the_method_returns():
    assert guard.attempt(lambda a, b: (a, b), 1, 2) == (1, 2)


@pytest.mark.parametrize("error", [StepTimeout, ValueError])
def test_nesting_is_restored_after_an_exception(error):
    nest = guard.Nesting()
    with nest.enter("outer"):
        with pytest.raises(error), nest.enter("inner"):
            assert "inner" in nest and len(nest) == 2
            raise error
        assert list(nest.keys) == ["outer"]
    assert len(nest) == 0 and not nest


def test_nesting_drops_what_a_timer_left_behind():
    nest = guard.Nesting()
    with nest.enter("a"):
        nest.keys.append("left behind")  # (as a timer firing between a push and its try)
    assert not nest


def test_a_method_failing_inside_its_nesting_does_not_apply_and_leaves_no_key(monkeypatch):
    problem = realprove.build_problem(sp.sqrt(2) - sp.sin(x) - sp.cos(x), False,
                                      [x >= 0, x <= 2])

    def broken(*args):
        assert len(touch._ACTIVE) == 1  # under way
        raise sp.PolynomialError("SymPy failing on a form")

    monkeypatch.setattr(touch, "_near_zero_minima", broken)
    assert realprove._method(touch.touching, problem, "claim", 5.0) is None
    assert not touch._ACTIVE

    def timeout(*args):
        raise StepTimeout

    monkeypatch.setattr(touch, "_near_zero_minima", timeout)
    with pytest.raises(StepTimeout):  # an enclosing limit's: the caller's
        guard.attempt(touch.touching, problem, "claim", 5.0)
    assert not touch._ACTIVE


def test_the_methods_modules_share_the_one_guard():
    # no module repeats the "except StepTimeout: raise / except Exception: None" guard
    import inspect

    for module in (touch, edge, singular, radical, factors, expbound, ordered):
        assert isinstance(module._ACTIVE, guard.Nesting)
        src = inspect.getsource(module)
        assert "_ACTIVE.append" not in src and "_ACTIVE.pop" not in src


# ------------------------------------------------------------------------ order of rows

def test_a_decision_leaves_no_mark_and_no_frozen_objects():
    # (two variables, |.| cases, a short budget: every nesting is popped, and what decide
    # froze out of the garbage collector's scans is unfrozen, whatever the verdict)
    import gc

    y = sp.Symbol("y", real=True)
    slack = sp.Abs(sp.sinh(x) - sp.sinh(y)) - sp.Abs(x - y) - sp.Rational(1, 10**9)
    before = gc.get_freeze_count()
    realprove.decide(slack, False, [x >= -1, x <= 1, y >= -1, y <= 1], "claim", 0.5)
    assert gc.get_freeze_count() == before
    for module in (touch, edge, singular, radical, factors, expbound, ordered):
        assert not module._ACTIVE, module.__name__
    assert not realprove._CALLS


def test_a_decision_of_its_own_is_held_to_its_time_by_an_alarm(monkeypatch, spin):
    # one SymPy call may run for minutes past the budget (factor: 376 s on a 3 s budget);
    # here a step that would work 30 s and then answer is cut off: unknown, not its answer
    def slow(slack, strict, domain, claim, seconds, **kw):
        spin(30)
        return Step(claim, "slow", REFUTED, "answered after 30 s")

    monkeypatch.setattr(realprove, "_decide", slow)
    x = sp.Symbol("x", real=True)
    got = realprove.decide(x**2, False, [], "x^2 >= 0", seconds=0.1)
    assert got.verdict == UNKNOWN

"""The activation registry: every activation defined once from its formula, its derivative,
NumPy and interval forms derived from it, checked three ways."""

from functools import lru_cache

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import example, given
from hypothesis import strategies as st

from derive import activations, intervals
from derive.errors import InputError
from derive.latex import tex
from derive.numerics import close, complex_step
from tests import strategies as S

z = sp.Symbol("z", real=True)


@lru_cache(maxsize=None)
def reference(name: str, deriv: bool):
    """The SymPy closed form of f (or f') lambdified for mpmath, built once per activation."""
    act = activations.get(name)
    return sp.lambdify(z, act.explicit_prime(z) if deriv else act.explicit(z), "mpmath")


OFF_ZERO = (sp.Rational(-3, 2), sp.Rational(-1, 7), sp.Rational(1, 3), sp.Integer(7))


@pytest.mark.parametrize("name", S.ACTIVATION_NAMES)
def test_derivative_is_the_derivative_of_the_formula(name):
    act = activations.get(name)
    d = sp.diff(act.explicit(z), z) - act.explicit_prime(z)
    if not act.analytic:  # |z|, max, pieces: compare off the break at 0
        for v in OFF_ZERO:
            assert sp.simplify(d.subs(z, v)) == 0
    else:
        assert sp.simplify(d) == 0


@pytest.mark.parametrize("name", S.ACTIVATION_NAMES)
def test_abstract_derivative_prints_with_a_prime(name):
    act = activations.get(name)
    z1 = sp.Symbol("z_1")
    assert tex(sp.diff(act.func(z1), z1)) == f"{act.tex}'(z_1)"


def test_sigmoid_prints_as_the_book():
    sig = activations.get("sigmoid")
    assert tex(sig.prime(sp.Symbol("z_1"))) == r"\sigma'(z_1)"


@pytest.mark.parametrize("name", S.ACTIVATION_NAMES)
@given(v=st.floats(min_value=-20, max_value=20).filter(lambda v: abs(v) > 1e-3))
def test_numpy_forms_match_sympy_forms(name, v):
    act = activations.get(name)
    # reference: the SymPy forms at 50 digits (the float64 closed form 1 - sigma cancels)
    with mpmath.workdps(50):
        f = float(reference(name, False)(mpmath.mpf(v)))
        fp = float(reference(name, True)(mpmath.mpf(v)))
    # the book's have hand-written stable forms (relative 1e-12); a lambdified formula is as
    # stable as it is written (1 + erf(z) cancels for z << 0): absolute 1e-15 there
    rtol, atol = (1e-12, 1e-300) if name in S.BOOK_ACTIVATIONS else (1e-9, 1e-15)
    assert close(act.numpy(np.float64(v)), f, rtol=rtol, atol=atol)
    assert close(act.numpy_prime(np.float64(v)), fp, rtol=rtol, atol=atol)
    if abs(fp) > 1e-6:
        assert close(np.exp(act.log_abs_prime(np.float64(v))), abs(fp), rtol=rtol, atol=atol)


@pytest.mark.parametrize("name", S.ACTIVATION_NAMES)
@given(v=st.floats(min_value=-20, max_value=20).filter(lambda v: abs(v) > 1e-3))
def test_interval_forms_enclose_the_value(name, v):
    act = activations.get(name)
    x = sp.Rational(v)
    with mpmath.workdps(50):
        fp = reference(name, True)(mpmath.mpf(x.p) / x.q)
    enc = intervals.enclose(act.prime(z), {z: intervals.interval(x)})
    assert enc.a <= fp <= enc.b


@pytest.mark.parametrize("name", [n for n in S.ACTIVATION_NAMES if activations.get(n).analytic])
@given(v=st.floats(min_value=-10, max_value=10))
def test_numpy_derivative_matches_complex_step(name, v):
    act = activations.get(name)
    f = sp.lambdify(z, act.explicit(z), ["scipy", "numpy"])  # scipy: a complex erf
    atol = 1e-300 if name in S.BOOK_ACTIVATIONS else 1e-15  # see test_numpy_forms_match...
    assert close(act.numpy_prime(np.float64(v)), complex_step(f, v), rtol=1e-10, atol=atol)


@given(v=S.huge_z)
@example(v=-5000.0)
@example(v=5000.0)
def test_stable_forms_do_not_warn_for_huge_z(v):
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow is benign
        for name in S.ACTIVATION_NAMES:
            act = activations.get(name)
            assert np.isfinite(act.numpy(np.float64(v)))
            assert np.isfinite(act.numpy_prime(np.float64(v)))
            assert not np.isnan(act.log_abs_prime(np.float64(v)))


@given(v=st.floats(min_value=-700, max_value=700))
def test_sigmoid_invariants(v):
    s = activations.sigmoid_np(np.float64(v))
    assert 0.0 <= s <= 1.0
    assert close(activations.sigmoid_np(np.float64(-v)), 1.0 - s, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", S.ACTIVATION_NAMES)
@given(v=st.floats(min_value=-30, max_value=30))
def test_gamma_candidate_bounds_the_derivative(name, v):
    act = activations.get(name)
    assert abs(act.numpy_prime(np.float64(v))) <= float(act.gamma)


@pytest.mark.parametrize("name, value, exact", [
    ("sigmoid", sp.Rational(1, 4), True), ("tanh", 1, True), ("relu", 1, True),
    ("softplus", 1, True), ("identity", 1, True), ("softsign", 1, True), ("elu", 1, True),
    ("leaky_relu", 1, True),
    ("gelu", sp.S(1) / 2 + sp.erf(1) / 2 + sp.exp(-1) / sp.sqrt(sp.pi), True),
    ("swish", sp.Rational(10999, 10**4), False)])
def test_sup_candidate_from_the_formula_alone(name, value, exact):
    sup = activations.locate_sup(activations.get(name))
    assert sup.exact is exact
    assert sp.simplify(sup.value - value) == 0


def test_swish_maximum_located_near_the_known_point():
    sup = activations.locate_sup(activations.get("swish"))
    assert abs(float(sup.at) - 2.3994) < 1e-4 and sup.tolerance == sp.Rational(1, 10**4)


def test_names_include_aliases_and_get_resolves_them():
    assert {"sigmoid", "sigma", "relu", "swish", "silu", "gelu"} <= set(activations.names())
    assert activations.get("sigma") is activations.get("sigmoid")
    assert activations.get("silu") is activations.get("swish")


def test_unknown_activation_is_input_error():
    with pytest.raises(InputError, match="unknown activation 'mish'"):
        activations.get("mish")


def test_define_reads_latex_and_matches_the_python_definition():
    act = activations.define(r"tswish(z) = z\sigma(z)")  # same formula as swish
    assert sp.simplify(act.explicit(z) - activations.get("swish").explicit(z)) == 0
    assert activations.define(r"\operatorname{tswish}(t) = t \sigma(t)") is act  # idempotent


@pytest.mark.parametrize("text, why", [
    ("swish(z) = z^2", "already defined"),
    ("f(z) = z + w", "only z"),
    ("f(z) = z \\le 1", "one expression"),
    ("f(z) = \\frac{\\partial C}{\\partial b_1}", "only z"),
    ("f(z) = \\foo(z)", "cannot read"),
    ("__import__('os')", "name\\(z\\) = formula"),
    ("exp(z) = z", "not already"),
])
def test_define_rejects_bad_input_in_one_line(text, why):
    with pytest.raises(InputError, match=why):
        activations.define(text)


@pytest.fixture
def unregistered():
    """The activations a test registers are gone after it (``\\rho`` is a variable elsewhere)."""
    before = set(activations.ACTIVATIONS)
    yield
    for name in set(activations.ACTIVATIONS) - before:
        del activations.ACTIVATIONS[name]


def test_activation_from_python_formula(unregistered):
    act = activations.activation("cube_root_soft", z / sp.sqrt(1 + z ** 2), tex=r"\rho")
    assert act.tex == r"\rho" and act.analytic
    assert sp.simplify(act.explicit_prime(z) - (1 + z ** 2) ** sp.Rational(-3, 2)) == 0
    assert close(act.numpy_prime(np.array([0.0]))[0], 1.0)
    with pytest.raises(InputError, match="several variables"):
        activations.activation("two", z * sp.Symbol("y"))

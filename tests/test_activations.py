"""The activation registry: derivatives beside definitions, checked three ways."""

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import example, given
from hypothesis import strategies as st

from derive import activations
from derive.errors import InputError
from derive.latex import tex
from derive.numerics import close, complex_step
from tests import strategies as S

z = sp.Symbol("z", real=True)


@pytest.mark.parametrize("name", S.ACTIVATION_NAMES)
def test_derivative_written_beside_definition_is_exact(name):
    act = activations.get(name)
    d = sp.diff(act.explicit(z), z) - act.explicit_prime(z)
    if name == "relu":  # Max(0, z)' is Heaviside(z) away from 0; compare off 0
        for v in (sp.Rational(-3, 2), sp.Rational(1, 3), sp.Integer(7)):
            assert d.subs(z, v) == 0
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
        f = float(sp.lambdify(z, act.explicit(z), "mpmath")(mpmath.mpf(v)))
        fp = float(sp.lambdify(z, act.explicit_prime(z), "mpmath")(mpmath.mpf(v)))
    assert close(act.numpy(np.float64(v)), f, rtol=1e-12, atol=1e-300)
    assert close(act.numpy_prime(np.float64(v)), fp, rtol=1e-12, atol=1e-300)
    assert close(np.exp(act.log_abs_prime(np.float64(v))), abs(fp), rtol=1e-12, atol=1e-300)


@pytest.mark.parametrize("name", [n for n in S.ACTIVATION_NAMES if activations.get(n).analytic])
@given(v=st.floats(min_value=-10, max_value=10))
def test_numpy_derivative_matches_complex_step(name, v):
    act = activations.get(name)
    f = sp.lambdify(z, act.explicit(z), "numpy")
    assert close(act.numpy_prime(np.float64(v)), complex_step(f, v), rtol=1e-10, atol=1e-300)


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
def test_gamma_bounds_the_derivative(name, v):
    act = activations.get(name)
    assert act.numpy_prime(np.float64(v)) <= float(act.gamma)


def test_unknown_activation_is_input_error():
    with pytest.raises(InputError, match="unknown activation 'swish'"):
        activations.get("swish")

r"""derive: check the mathematics of training deep networks.

The public API for derivation scripts (everything here is importable as ``derive.NAME``;
modules load on first use, so ``import derive`` is cheap)::

    import sympy as sp, derive
    z = sp.Symbol("z", real=True)
    derive.activation("swish", z * derive.sigmoid(z))   # an activation from its formula
    g = derive.gradient(5, activation="swish")          # dC/db_1 of a depth-5 chain
    derive.prove_gradient(g).verdict                     # 'proved' (every depth, and L = 5)
    derive.to_latex(g)                                   # the book's notation
    derive.prove("gamma.swish")                          # sup |swish'|, proved or unknown
    derive.cross_check(derive.Network([1, 1, 1], activation="swish", cost="quadratic"))

A claim of your own is a function taking its claimed values as parameters and returning a
``Proof`` whose steps come from the kernel (``certify_*``, ``apply_rule``)::

    @derive.claim("mine.quarter", "sigma'(0) = 1/4")
    def quarter(value=sp.Rational(1, 4)):
        proof = derive.Proof("mine.quarter", rf"\sigma'(0) = {sp.latex(value)}")
        d = derive.get_activation("sigmoid").explicit_prime(0)   # the closed form at 0
        proof.add(derive.certify_identity(d, value, rf"\sigma'(0) = {sp.latex(value)}"))
        return proof

    quarter().verdict, quarter(sp.Rational(1, 3)).verdict   # ('proved', 'refuted')

Architecture (each layer uses only those before it):

* registries: ``activations`` (one entry per activation, from its formula), ``costs``;
* the kernel ``proof`` (the one place that decides ``proved``: ``certify_*``, ``RULES``,
  ``apply_rule``), ``intervals`` (rigorous enclosures on arb) with ``taylor`` (Taylor
  models, what the kernel's ``tm`` leaf recomputes) and ``realprove`` (``slack >= 0`` on a
  domain, by branch and bound, its certificate re-checked by the kernel), with ``reduce``
  (claims in several variables reduced to fewer by trusted rules: Jensen, Lipschitz, partial
  minimisation), ``ordered`` (two variables with an order ``x < y``: rule *monotone
  function*), ``singular`` (slacks singular at an end: logarithm of both sides, ``x = 1/u``,
  removable points), ``factors`` (a slack that is a product: each factor's sign, rule
  *product of signs*), ``radical`` (square roots: rule *squaring both sides*), ``touch``
  (periodic slacks on one period, rule *periodicity*; irrational touching points named
  exactly), ``orthant`` (rational slacks with no negative coefficient on a cone of the
  domain's affine conditions), ``edge`` (slacks 0 on a set of the domain: even functions, an
  isolated touching point in two or three variables, concave between two ends, the
  diagonal ``x = y``), ``diagonal`` (two variables 0 along ``x = y``: midpoint coordinates
  ``x = u + v``, ``y = u - v`` and sum-to-product forms, mean value bounds, points near the
  diagonal as counterexamples),
  ``expbound`` (exponential tails: ``e^{ax}`` replaced by a proved
  polynomial bound, rule *monotone substitution*), ``explower`` (a slack ``a e^w + c`` with
  ``a >= 0`` at least ``a T_n(w) + c``, rule *exponential lower bound*) and ``zerobase``
  (a closed face where a base of a variable power is 0 cut apart, rule *case split*),
  ``recast`` (one-variable slacks rewritten for the search: logarithm or exponential of both
  sides, hyperbolic powers as sums, a pole at an end cleared, a tail as ``u = 1/x``) and
  ``premises`` (a conclusion as a nonnegative combination of premises and monotone facts
  about its terms, Polya-style; a premise's boundary);
* the engines: ``chain`` (width-1 networks of any depth), ``matrix`` (BP1-BP4 in matrix
  form), ``network`` (numeric backprop of any widths);
* ``proofs`` (``derive.proofs``: one ``@claim`` per statement of the chapter, and
  ``gamma.<name>`` for every activation);
* the readers and writers: ``parse`` and ``check`` (a user's notes), ``latex`` and
  ``document`` (rendering), ``experiment`` (the speed of learning on MNIST);
* ``cli`` (``derive ...``) and ``plugin`` (``pytest --derive notes.md``).
"""

from __future__ import annotations

import importlib
from typing import Any

try:
    from importlib.metadata import version as _version

    __version__ = _version("derive")
except Exception:  # not installed (a bare checkout on sys.path)
    __version__ = "unknown"

# public name -> "module:attribute" (loaded on first use)
_LAZY = {
    # activations: define, look up, use in formulas
    "activation": "derive.activations:activation",
    "define": "derive.activations:define",
    "get_activation": "derive.activations:get",
    "activation_names": "derive.activations:names",
    "Activation": "derive.activations:Activation",
    "sigmoid": "derive.activations:sigmoid",
    "tanh": "derive.activations:tanh",
    "relu": "derive.activations:relu",
    "softplus": "derive.activations:softplus",
    "swish": "derive.activations:swish",
    "gelu": "derive.activations:gelu",
    # chains of any depth
    "gradient": "derive.chain:gradient",
    "prove_gradient": "derive.chain:prove",
    "Gradient": "derive.chain:Gradient",
    # networks of any width
    "Network": "derive.network:Network",
    "cross_check": "derive.network:cross_check",
    "GradientCheck": "derive.network:GradientCheck",
    # the kernel
    "Proof": "derive.proof:Proof",
    "Step": "derive.proof:Step",
    "Verdict": "derive.proof:Verdict",
    "PROVED": "derive.proof:PROVED",
    "REFUTED": "derive.proof:REFUTED",
    "UNKNOWN": "derive.proof:UNKNOWN",
    "EVIDENCE": "derive.proof:EVIDENCE",
    "RULES": "derive.proof:RULES",
    "apply_rule": "derive.proof:apply_rule",
    "certify_identity": "derive.proof:certify_identity",
    "certify_nonnegative": "derive.proof:certify_nonnegative",
    "certify_solve": "derive.proof:certify_solve",
    "certify_sign": "derive.proof:certify_sign",
    "certify_enclosure": "derive.proof:certify_enclosure",
    "certify_all": "derive.proof:certify_all",
    "evidence": "derive.proof:evidence",
    "timed": "derive.proof:timed",
    "enclose": "derive.intervals:enclose",
    # claims
    "claim": "derive.proofs:claim",
    "all_claims": "derive.proofs:all_claims",
    # notes
    "check_text": "derive.check:check_text",
    "check_file": "derive.check:check_file",
    "InputError": "derive.errors:InputError",
}

__all__ = sorted([*_LAZY, "to_latex", "prove", "__version__"])


def __getattr__(name: str) -> Any:
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'derive' has no attribute {name!r}")
    module, attr = target.split(":")
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


def to_latex(obj: Any) -> str:
    """LaTeX in the book's notation of a ``Gradient``, a ``Proof`` (its ``align*`` block)
    or a SymPy expression (``\\sigma'(z_1) w_2 ...``); rendering lives in ``derive.latex``."""
    from derive import latex as render
    from derive.chain import Gradient
    from derive.proof import Proof

    if isinstance(obj, Gradient):
        return obj.latex()
    if isinstance(obj, Proof):
        return render.proof_latex(obj)
    return render.tex(obj)


def prove(claim_id: str, **values: Any):
    """Run the registered claim ``claim_id`` (e.g. ``"sigmoid.max"``, ``"gamma.swish"``) with
    its claimed values, or with ``values`` in their place; returns the ``Proof``."""
    from derive.proofs import get

    if claim_id.startswith("gamma."):  # sup |f'| of any registered activation, on demand
        from derive.proofs.activations import gamma_claim

        gamma_claim(claim_id[len("gamma."):])
    return get(claim_id).run(**values)

r"""Claims of CLAIMS.md section E, many neurons per layer: BP1-BP4, the product form of
``delta^l`` (ch. 5 eq. 124) and the spectral bound (feedforward form of Pascanu et al. 2013).

BP1-BP4 and the product form are proved for *every* width and depth by ``derive.matrix``'s
general proofs (symbolic widths, the chain rule and induction as named kernel rules). The
finite sweep of small networks (composed-network differentiation as an independent oracle)
is evidence (``--exhaustive``: all 360 networks with widths <= 3, depth <= 4); it still
refutes a wrong right-hand side given as ``rhs``. ``derive.network`` supplies float
evidence for wide networks (``proof.evidence``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache

import numpy as np
import sympy as sp

from derive import activations, matrix
from derive.network import Network, random_batch
from derive.numerics import FD_RTOL, central_difference
from derive.proof import (
    REFUTED,
    Proof,
    Step,
    apply_rule,
    certify_identity,
    certify_nonnegative,
    certify_same,
    evidence,
    exact,
    timed,
)
from derive.proofs import claim

Networks = Sequence[Sequence[int]] | None


def _nets(networks: Networks, exhaustive: bool) -> tuple[list[tuple[int, ...]], str]:
    """The networks to check and how to describe them: given ones, the exhaustive sweep
    (``derive prove --exhaustive``) or the quick default sweep."""
    if networks is not None:
        nets = [tuple(s) for s in networks]
        return nets, "the networks " + ", ".join(str(list(n)) for n in nets)
    if exhaustive:
        return list(matrix.architectures()), matrix.EXHAUSTIVE_DESCRIPTION
    return matrix.quick_architectures(), matrix.QUICK_DESCRIPTION


@cache
def _general(activation: str) -> dict[str, tuple[Step, ...]]:
    """The general (every width and depth) proofs of BP1-BP4 and the product form: checked
    premises, the conclusion last."""
    layer = matrix.general_layer(activation)
    return {**layer, "delta_product": (*layer["bp1"], *layer["bp2"],
                                       *matrix.general_product(layer))}


def _wide_evidence(seed: int = 0) -> str:
    """Numeric backprop of a wide network against central differences (float evidence)."""
    rng = np.random.default_rng(seed)
    net = Network([40, 30, 20, 10], seed=rng)
    X, Y = random_batch(net.sizes, 8, rng)
    gb, gw = net.backprop(X, Y)
    worst = 0.0
    for l in range(net.depth):
        for params, grad in ((net.biases[l], gb[l]), (net.weights[l].reshape(-1),
                                                       gw[l].reshape(-1))):
            for i in rng.choice(params.size, size=3, replace=False):
                x0 = params[i]

                def f(v, params=params, i=i, x0=x0):
                    params[i] = v
                    c = net.cost_value(X, Y)
                    params[i] = x0
                    return c

                est, _ = central_difference(f, x0)
                worst = max(worst, abs(est - grad[i]) / max(abs(est), 1e-12))
    ok = "agree" if worst <= FD_RTOL * 100 else "DISAGREE"
    return (f"evidence, not proof: numeric BP1-BP4 on [40, 30, 20, 10] (batch 8, seed {seed}) "
            f"{ok} with central differences, worst relative difference {worst:.1e}")


def _matrix_claim(equation: str, networks: Networks, activation: str,
                  rhs: Callable | None, exhaustive: bool = False) -> Proof:
    """The book's equation for every width and depth (general proof), plus the finite sweep
    as evidence. With ``rhs`` (a right-hand side on concrete networks) there is no general
    proof: the sweep refutes it or is only evidence, and the statement says so."""
    nets, described = _nets(networks, exhaustive)
    scope = (r",\quad \text{for every width } n_0, \dots, n_L \text{ and depth } L" if rhs is None
             else rf",\quad \text{{the given right-hand side, on {len(nets)} networks}}")
    proof = Proof(f"matrix.{equation}", matrix.LATEX[equation] + r",\quad "
                  + matrix.sigma_prime_tex(activation) + scope)
    with timed(proof):
        if rhs is None:
            for step in _general(activation)[equation]:
                proof.add(step)
        swept = matrix.sweep(equation, nets, activation, rhs)
        if swept.verdict == REFUTED:
            proof.add(swept)
        elif rhs is not None:
            proof.add(evidence(swept.claim, f"{swept.verdict}: {swept.reason}; finitely many "
                               "networks are evidence, not a proof for every width"))
        proof.evidence.append(f"{swept.verdict} exactly (composed-network differentiation) for "
                              f"each of the {len(nets)} networks checked ({described}), "
                              f"activation {activation}, arbitrary cost (∇ₐC as free "
                              "symbols)")
        proof.evidence.append(_wide_evidence())
    return proof


@claim("matrix.bp1", "BP1: delta^L = Sigma'(z^L) grad_a C, every width")
def bp1(networks: Networks = None, activation: str = "sigmoid", rhs: Callable | None = None,
        exhaustive: bool = False) -> Proof:
    """``rhs(net)`` replaces the book's right-hand side (to show a wrong one fails)."""
    return _matrix_claim("bp1", networks, activation, rhs, exhaustive)


@claim("matrix.bp2", "BP2: delta^l = Sigma'(z^l) (w^{l+1})^T delta^{l+1}, every width")
def bp2(networks: Networks = None, activation: str = "sigmoid", rhs: Callable | None = None,
        exhaustive: bool = False) -> Proof:
    """``rhs(net, l, delta_next)`` replaces the book's right-hand side."""
    return _matrix_claim("bp2", networks, activation, rhs, exhaustive)


@claim("matrix.bp3", "BP3: dC/db^l_j = delta^l_j, every width")
def bp3(networks: Networks = None, activation: str = "sigmoid", rhs: Callable | None = None,
        exhaustive: bool = False) -> Proof:
    """``rhs(net, l, delta)`` replaces the book's right-hand side."""
    return _matrix_claim("bp3", networks, activation, rhs, exhaustive)


@claim("matrix.bp4", "BP4: dC/dw^l_jk = a^{l-1}_k delta^l_j, every width")
def bp4(networks: Networks = None, activation: str = "sigmoid", rhs: Callable | None = None,
        exhaustive: bool = False) -> Proof:
    """``rhs(net, l, delta)`` replaces the book's right-hand side."""
    return _matrix_claim("bp4", networks, activation, rhs, exhaustive)


@claim("matrix.delta_product",
       "delta^l = Sigma'(z^l)(w^{l+1})^T ... (w^L)^T Sigma'(z^L) grad_a C (eq. 124), every width "
       "and depth")
def delta_product(networks: Networks = None, activation: str = "sigmoid",
                  rhs: Callable | None = None, exhaustive: bool = False) -> Proof:
    """``rhs(net, l)`` replaces the book's product form."""
    return _matrix_claim("delta_product", networks, activation, rhs, exhaustive)


# ----------------------------------------------------------------------------- spectral bound

def spectral_statement(activation: str, gamma: sp.Expr, power_offset: int) -> str:
    """The bound as checked: the activation, ``gamma`` and the exponent's offset."""
    F = activations.get(activation).tex
    power = "L-l" + (f"+{power_offset}" if power_offset > 0 else
                     f"-{-power_offset}" if power_offset < 0 else "")
    return (rf"\|\delta^l\|_2 \le \gamma^{{{power}}} \prod_{{j=l+1}}^{{L}} \|w^j\|_2 \, "
            rf"\|\nabla_a C\|_2,\quad \gamma = {sp.latex(gamma)} \ge \sup_z |{F}'(z)|,\ "
            r"\|w\|_2 = \sigma_{\max}(w),\ \text{for every width and depth } L,\ 1 \le l \le L")


def _activation_bound(activation: str, gamma: sp.Expr) -> Step:
    r"""``|f'(z)| <= gamma`` for every z, for any registered activation: the one proof of the
    activation registry (``derive.proofs.activations.abs_prime_bound``: explicit
    certificates, the exact stationary points of ``f'``, or the real-analysis prover). A
    claimed ``gamma`` below the supremum is refuted at a point where ``|f'| > gamma``."""
    from derive.proofs.activations import abs_prime_bound

    return abs_prime_bound(activations.get(activation).name, gamma)


_G = sp.Symbol("gamma", nonnegative=True)


def _diagonal_norm(gamma_bound: Step) -> tuple[Step, ...]:
    r"""``\|\Sigma'(z) u\|^2 \le \gamma^2 \|u\|^2`` for every width ``n``, by induction on
    ``n``: with ``Q_n = \sum_{j \le n} (\gamma^2 - d_j^2) u_j^2``, the base ``Q_0 = 0`` (empty
    sum), the step ``Q_{n+1} = Q_n + (\gamma^2 - d_{n+1}^2) u_{n+1}^2`` (SymPy joins the
    adjacent ranges), ``e + c u^2 \ge 0`` for ``e, c \ge 0``, and ``\gamma^2 - d^2 =
    c_1(2|d| + c_1) \ge 0`` for ``|d| = \gamma - c_1`` (from ``gamma_bound``)."""
    j = sp.Symbol("j", integer=True)
    n = sp.Symbol("n", integer=True, nonnegative=True)
    u, d = sp.IndexedBase("u", real=True), sp.IndexedBase("d", real=True)
    term = (_G**2 - d[j] ** 2) * u[j] ** 2
    Q = lambda hi: sp.Sum(term, (j, 1, hi))  # noqa: E731
    e, c, c1, dd, x = sp.symbols("e c c_1 d x", nonnegative=True)
    square = certify_nonnegative((dd + c1) ** 2 - dd**2, c1 * (2 * dd + c1),
                                 r"|d| \le \gamma \Rightarrow \gamma^2 - d^2 \ge 0")
    base = certify_identity(Q(0).doit(), 0, r"Q_0 = 0")
    split = certify_same(sp.simplify(Q(n) + sp.Sum(term, (j, n + 1, n + 1))), Q(n + 1),
                         r"Q_{n+1} = Q_n + (\gamma^2 - d_{n+1}^2) u_{n+1}^2",
                         "SymPy's sum_simplify of [1, n] and [n+1, n+1]")
    step = certify_nonnegative(e + c * x**2, e + c * x**2,
                               r"Q_n = e \ge 0,\ \gamma^2 - d^2 = c \ge 0 \Rightarrow "
                               r"Q_n + c u^2 \ge 0")
    premises = [square, base, split, step]
    return (*premises, apply_rule(
        "induction", [gamma_bound, *premises],
        r"\|\Sigma'(z) u\|^2 = \sum_j f'(z_j)^2 u_j^2 \le \gamma^2 \|u\|^2 \text{ for every width } n",
        "induction on the width n: Q_n = gamma^2 ||u||^2 - ||Sigma' u||^2 >= 0"))


def _transpose_norm() -> tuple[Step, ...]:
    r"""``\|(w)^T u\| \le \|w\|_2 \|u\|`` by the operator-norm rule, with
    ``\sigma_{\max}(w^T) = \sigma_{\max}(w)``: ``w = U S V^T`` gives ``w^T = V S^T U^T``, an
    SVD of ``w^T`` with the same singular values (SymPy transposes the symbolic product)."""
    n, m = sp.symbols("n m", integer=True, positive=True)
    U, S, V = sp.MatrixSymbol("U", m, m), sp.MatrixSymbol("S", m, n), sp.MatrixSymbol("V", n, n)
    svd = certify_same((U * S * V.T).T.doit(), V * S.T * U.T,
                       r"(U S V^T)^T = V S^T U^T \text{ (same singular values)}",
                       "SymPy's transpose of a product of symbolic shape")
    return svd, apply_rule("operator norm", [svd],
                      r"\|(w^{l+1})^T u\|_2 \le \|w^{l+1}\|_2 \|u\|_2",
                      "operator norm of w^T, whose singular values are those of w")


def _layer_induction(gamma: sp.Expr, power_offset: int,
                     premises: list[Step]) -> tuple[Step, ...]:
    r"""The bound ``B_l = \gamma^{L-l+k} \prod_{j=l+1}^{L} s_j G`` (``k = power_offset``; the
    book: 1), ``s_j = \|w^j\|_2``, ``G = \|\nabla_a C\|``, for symbolic ``l`` and ``L``, by
    induction on ``l`` downward from ``L``. ``premises`` give ``\|\delta^L\| \le \gamma G``
    and ``\|\delta^l\| \le \gamma s_{l+1} \|\delta^{l+1}\|``. Checked: the base ``B_L - \gamma G
    \ge 0`` (empty product), the split ``\prod_{l+1}^{L} = s_{l+1} \prod_{l+2}^{L}``,
    ``B_l = \gamma s_{l+1} B_{l+1}`` and monotonicity ``\gamma s (B - n) \ge 0``."""
    G, e, s0, Pi = sp.symbols("G e s Pi", nonnegative=True)
    j = sp.Symbol("j", integer=True)
    l, L = sp.symbols("l L", integer=True, positive=True)
    s = sp.IndexedBase("s", nonnegative=True)
    P = lambda lo: sp.Product(s[j], (j, lo, L))  # noqa: E731
    power = lambda lo: gamma ** (L - lo + power_offset)  # noqa: E731
    base_expr = (power(L) * P(L + 1) * G).doit() - gamma * G
    steps = [
        certify_nonnegative(base_expr, base_expr, r"B_L = \gamma^{" + str(power_offset)
                            + r"} G \ge \gamma G \ge \|\delta^L\|"),
        certify_same(sp.simplify(sp.Product(s[j], (j, l + 1, l + 1)) * P(l + 2)), P(l + 1),
                     r"\prod_{j=l+1}^{L} s_j = s_{l+1} \prod_{j=l+2}^{L} s_j",
                     "SymPy's product_simplify of [l+1, l+1] and [l+2, L]"),
        certify_identity(power(l) * s[l + 1] * Pi * G, gamma * s[l + 1] * (power(l + 1) * Pi * G),
                         r"B_l = \gamma \|w^{l+1}\|_2 B_{l+1}"),
        certify_nonnegative(gamma * s0 * e, gamma * s0 * e,
                            r"\gamma s (B - n) \ge 0 \text{ for } B - n = e \ge 0"),
    ]
    return *steps, apply_rule("induction", premises + steps,
                      rf"\|\delta^l\| \le B_l = \left({sp.latex(gamma)}\right)^{{L-l+{power_offset}}} "
                      r"\prod_{j=l+1}^{L} \|w^j\|_2 \|\nabla_a C\| \text{ for every } L,\ "
                      r"1 \le l \le L",
                      "induction on l = L, L-1, ..., 1 with symbolic l and L")


def _tight_example(activation: str, gamma: sp.Expr, power_offset: int) -> Step:
    r"""``L = 1``, ``z^1 = z_0`` where ``f'`` attains its supremum: ``\|\delta^1\| =
    f'(z_0) \|\nabla_a C\|``, so the claimed bound must satisfy ``B_1 - \|\delta^1\| \ge 0``
    there (``\|\nabla_a C\| = 1``). Refutes a claimed bound that is too small."""
    act = activations.get(activation)
    z0 = {"relu": sp.Integer(1)}.get(activation, sp.Integer(0))
    attained = act.explicit_prime(z0)
    gap = gamma ** power_offset - attained
    return certify_nonnegative(gap, gap, rf"B_1 \ge \|\delta^1\| \text{{ at }} L = 1,\ z = {z0}")


def _spectral_evidence(activation: str, seed: int) -> list[str]:
    """Float evidence: random networks obey the bound; orthogonal ones at z = 0 attain it;
    ``||w||_2 > 1/gamma`` in every layer yet no explosion (necessary, not sufficient)."""
    act = activations.get(activation)
    gam = float(act.gamma)
    rng = np.random.default_rng(seed)
    notes = []
    worst, trials = 0.0, 200
    for _ in range(trials):
        sizes = list(rng.integers(1, 8, size=rng.integers(2, 6)))
        net = Network(sizes, activation, "quadratic", init="standard", seed=rng)
        X, Y = random_batch(sizes, 1, rng, "quadratic")
        ds = net.deltas(X, Y)
        gnorm = np.linalg.norm(net.feedforward(X) - Y)
        norms = [np.linalg.norm(w, 2) for w in net.weights]
        L = net.depth
        for l in range(1, L + 1):
            bound = gam ** (L - l + 1) * np.prod(norms[l:]) * gnorm
            worst = max(worst, np.linalg.norm(ds[l - 1]) / bound if bound > 0 else 0.0)
    notes.append(f"evidence: {trials} random {activation} networks (widths 1-7, depth 1-5, "
                 f"N(0,1) weights, seed {seed}): max ||delta^l|| / bound = {worst:.4f} (<= 1)")
    if activation == "sigmoid":
        # tight: w^j = s_j Q_j (Q_j orthogonal), biases so that every z^j = 0 (sigma' = 1/4)
        n, L = 6, 4
        ws, bs = [], []
        for _ in range(L):
            q, _ = np.linalg.qr(rng.standard_normal((n, n)))
            w = rng.uniform(0.5, 8.0) * q
            ws.append(w)
            bs.append(-w @ np.full(n, 0.5))  # a^{j-1} = 1/2 in every unit
        x = np.full(n, 0.5)
        bs[0] = -ws[0] @ x
        net = Network.from_params(ws, bs, "sigmoid", "quadratic")
        y = rng.uniform(size=n)
        ds = net.deltas(x, y)
        g = np.linalg.norm(net.feedforward(x)[0] - y)
        norms = [np.linalg.norm(w, 2) for w in ws]
        ratios = [np.linalg.norm(ds[l - 1]) / (gam ** (L - l + 1) * np.prod(norms[l:]) * g)
                  for l in range(1, L + 1)]
        notes.append("evidence (tight): w^j = s_j Q_j with random orthogonal Q_j, biases making "
                     "every z^j = 0: ||delta^l|| / bound = "
                     + ", ".join(f"{r:.12f}" for r in ratios) + " (l = 1..4)")
        # necessary, not sufficient: every ||w^j||_2 > 4, the gradient still shrinks
        net = Network([30] * 9, "sigmoid", "quadratic", init="standard", seed=rng)
        X, Y = random_batch(net.sizes, 100, rng, "quadratic")
        ds = net.deltas(X, Y)
        norms = [np.linalg.norm(w, 2) for w in net.weights]
        r = np.mean(np.linalg.norm(ds[0], axis=1)) / np.mean(np.linalg.norm(ds[-1], axis=1))
        notes.append(f"evidence (necessary, not sufficient): [30]*9 sigmoid, N(0,1) weights: "
                     f"min_j ||w^j||_2 = {min(norms):.2f} > 1/gamma = 4 in every layer, yet "
                     f"mean ||delta^1|| / mean ||delta^8|| = {r:.2e} (no explosion: the units "
                     f"saturate, sigma'(z) << 1/4)")
        w = np.array([[0.0, 100.0], [0.0, 0.0]])
        eig = np.abs(np.linalg.eigvals(w)).max()
        notes.append(f"singular values, not eigenvalues: w = [[0, 100], [0, 0]] has spectral "
                     f"radius {eig:g} but ||w||_2 = {np.linalg.norm(w, 2):g} = "
                     f"||w^T e_1|| = {np.linalg.norm(w.T @ [1.0, 0.0]):g}")
    return notes


@claim("matrix.spectral_bound",
       "||delta^l|| <= gamma^{L-l+1} prod_{j>l} ||w^j||_2 ||grad_a C|| (Pascanu et al.)")
def spectral_bound(activation: str = "sigmoid", gamma: sp.Expr | int | str | None = None,
                   power_offset: int = 1, seed: int = 0) -> Proof:
    r"""The bound with exponent ``L - l + power_offset`` (the claim: 1) and constant ``gamma``
    (the claim: sup|f'| of the activation). Proof, each step certified:

    1. BP2: ``delta^l = \Sigma'(z^l) (w^{l+1})^T delta^{l+1}`` and BP1 for every width
       (``derive.matrix.general_layer``);
    2. ``|f'| <= gamma`` (``abs_prime_bound``, any registered activation), hence
       ``\|\Sigma'(z) u\| <= gamma \|u\|`` for every width (induction on the width,
       ``sum_j c_j u_j^2``, ``c_j = gamma^2 - f'(z_j)^2 >= 0``);
    3. ``\|(w^{l+1})^T u\| <= \|w^{l+1}\|_2 \|u\|``: the definition of the operator norm, and
       ``\sigma_max(w^T) = \sigma_max(w)`` (``w = U S V^T`` gives ``w^T = V S U^T``);
    4. so ``\|delta^l\| <= gamma \|w^{l+1}\|_2 \|delta^{l+1}\|`` and ``\|delta^L\| <= gamma
       \|\nabla_a C\|``; induction on ``l`` downward for symbolic ``l`` and ``L`` (base,
       product split, the algebra of the bound and its monotonicity checked);
    5. the bound is attained for L = 1 where ``f'`` attains gamma (a too-small claim is refuted).
    """
    act = activations.get(activation)
    gamma = act.gamma if gamma is None else exact(gamma)  # floats refused (InexactNumber)
    proof = Proof("matrix.spectral_bound", spectral_statement(activation, gamma, power_offset))
    with timed(proof):
        general = _general(activation)
        bound = proof.add(_activation_bound(activation, gamma))
        *shown, diag = _diagonal_norm(bound)
        for step in (*shown, diag):
            proof.add(step)
        last = proof.add(apply_rule("operator norm", [general["bp1"][-1], diag],
                                    r"\|\delta^L\| = \|\Sigma'(z^L) \nabla_a C\| \le \gamma "
                                    r"\|\nabla_a C\|", "BP1 and the diagonal bound"))
        svd, transpose = _transpose_norm()
        proof.add(svd)
        proof.add(transpose)
        layer = proof.add(apply_rule("operator norm", [general["bp2"][-1], diag, transpose],
                                     r"\|\delta^l\| \le \gamma \|w^{l+1}\|_2 \|\delta^{l+1}\|",
                                     "BP2, the diagonal bound and the operator norm of w^T"))
        for step in _layer_induction(gamma, power_offset, [last, layer]):
            proof.add(step)
        proof.add(_tight_example(activation, gamma, power_offset))
        proof.evidence.extend(_spectral_evidence(activation, seed))
    return proof

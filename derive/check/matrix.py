r"""The matrix form of eq. 124, checked exactly for small widths and depths (never proved:
an exact match for small widths is not a proof for every width)."""

from __future__ import annotations

import re

import sympy as sp

from derive import activations, matrix
from derive.check.common import (
    _on_time,
    _unknown,
)
from derive.proof import (
    PROVED,
    UNKNOWN,
    Step,
    certify_all,
    certify_identity,
)

_IDX = r"(?:\{([A-Za-z0-9+\-]+)\}|([A-Za-z0-9]))"
_MATRIX_TOKENS = [
    ("DELTA", re.compile(r"\\delta\^" + _IDX)),
    ("SIG", re.compile(r"\\Sigma'\(z\^" + _IDX + r"\)")),
    ("WT", re.compile(r"\(w\^" + _IDX + r"\)\^(?:\{T\}|T|\{\\top\}|\\top)")),
    ("W", re.compile(r"w\^" + _IDX)),
    ("GRAD", re.compile(r"\\nabla_(?:\{a\}|a|\{a\^\{?L\}?\})C")),
    ("DOTS", re.compile(r"\\(?:ldots|cdots|dots)")),
    ("EQ", re.compile(r"=")),
    ("SKIP", re.compile(r"\*|\\cdot")),
]
MATRIX_INSTANCES = ((1, 3), (2, 4))  # (l, L) for statements with symbolic l, L
MATRIX_WIDTHS = ((2, 2, 2, 2, 2), (3, 2, 3, 2, 3))  # n_0 .. n_4: square, then not


def is_matrix_form(src: str) -> bool:
    r"""Whether ``src`` uses the matrix notation of eq. 124 (``\Sigma'``, a transpose
    ``(w^{l+1})^T``); the componentwise forms (``\delta^L = \nabla_a C \odot \sigma'(z^L)``,
    ``\delta^l_j``) are read by the grammar."""
    return bool(re.search(r"\\Sigma'|\)\s*\^\s*\{?\s*(?:T|\\top)\b", src))


def _matrix_tokens(src: str) -> list[tuple[str, str]] | None:
    s = re.sub(r"\\left|\\right|\\[,;:! ]|\\quad|\\displaystyle|\s", "", src).rstrip(".,")
    out, i = [], 0
    while i < len(s):
        for kind, pat in _MATRIX_TOKENS:
            m = pat.match(s, i)
            if m:
                if kind != "SKIP":
                    out.append((kind, (m[1] or m[2] or "") if m.groups() else ""))
                i = m.end()
                break
        else:
            return None
    return out


def _index(text: str, l: int, L: int) -> int | None:
    m = re.fullmatch(r"([lL]|\d+)(?:([+-])(\d+))?", text)
    if not m:
        return None
    base = l if m[1] == "l" else L if m[1] == "L" else int(m[1])
    return base + (int(m[3]) * (1 if m[2] == "+" else -1) if m[2] else 0)


def _expand_dots(toks: list[tuple[str, int]]) -> list[tuple[str, int]] | None:
    r"""``A \ldots B``: the unit of ``B`` (its factors before ``\nabla_a C``, indices taken
    relative to their smallest) repeated for every index between ``A``'s and ``B``'s."""
    if ("DOTS", 0) not in toks:
        return toks
    cut = toks.index(("DOTS", 0))
    a, b = toks[:cut], toks[cut + 1:]
    unit = [t for t in b if t[0] != "GRAD"]
    if not a or not unit or any(t[0] == "DOTS" for t in b):
        return None
    lo = min(k for _, k in unit)
    unit_kinds = [(kind, k - lo) for kind, k in unit if k < lo + 1]  # one layer's factors
    tail = a[-len(unit_kinds):]
    if [kind for kind, _ in tail] != [kind for kind, _ in unit_kinds]:
        return None  # the pattern before the dots is not the one after them
    start = max(k for _, k in a) + 1
    if start > lo:
        return None
    fill = [(kind, k + off) for k in range(start, lo) for kind, off in unit_kinds]
    return a + fill + b


def decide_matrix(src: str, claim: str) -> Step:
    r"""``\delta^l = \Sigma'(z^l) (w^{l+1})^T \Sigma'(z^{l+1}) \ldots (w^L)^T \Sigma'(z^L)
    \nabla_a C`` (eq. 124), checked exactly for small widths and depths: the claimed
    product against SymPy differentiating the composed network
    ``z^{k+1} = w^{k+1} \sigma(z^k) + b^{k+1}`` with ``C = |a^L - y|^2/2`` (``y`` free, so
    ``\nabla_a C = a^L - y`` is an arbitrary vector). A mismatch is refuted with an
    interval-checked counterexample; agreement is not a proof for every width: unknown."""
    toks = _matrix_tokens(src)
    if not toks or len(toks) < 3 or toks[0][0] != "DELTA" or toks[1][0] != "EQ" or any(
            k == "EQ" for k, _ in toks[2:]) or toks[-1][0] != "GRAD":
        return _unknown(claim, r"matrix form other than \delta^l = <product> \nabla_a C")
    book = _book_product(toks)
    if book is not None:
        return _prove_product(claim, book)
    symbolic = any(re.search("[lL]", t) for _, t in toks)
    instances = MATRIX_INSTANCES if symbolic else [(0, 0)]
    checked = []
    for l, L in instances:
        resolved = []
        for kind, t in toks:
            k = 0 if kind in ("EQ", "DOTS", "GRAD") else _index(t, l, L)
            if k is None:
                return _unknown(claim, f"layer index {t}")
            resolved.append((kind, k))
        if not symbolic:
            L = max(k for _, k in resolved)
            l = resolved[0][1]
        body = _expand_dots(resolved[2:])
        if body is None:
            return _unknown(claim, r"the factors around \ldots do not repeat one pattern")
        if not 1 <= l <= L <= len(MATRIX_WIDTHS[0]) - 1 or any(
                not l <= k <= L for kind, k in body if kind != "GRAD"):
            return _unknown(claim, f"layers outside 1..{len(MATRIX_WIDTHS[0]) - 1}")
        for widths in MATRIX_WIDTHS:
            step = _matrix_instance(body, l, L, widths, claim)
            if step.verdict != PROVED:
                return step
            checked.append(f"l = {l}, L = {L}, widths {widths[:L + 1]}")
    return Step(claim, "identity", UNKNOWN,
                "exact for " + "; ".join(checked) + " (SymPy diff of the composed network); "
                "not a proof for every width and depth")


_BOOK_SYMBOLIC = [("DELTA", "l"), ("EQ", ""), ("SIG", "l"), ("WT", "l+1"), ("SIG", "l+1"),
                  ("DOTS", ""), ("WT", "L"), ("SIG", "L"), ("GRAD", "")]


def _book_product(toks: list[tuple[str, str]]) -> str | None:
    r"""How ``toks`` is the book's product form (eq. 124) exactly: ``"symbolic"`` for
    ``\delta^l = \Sigma'(z^l) (w^{l+1})^T \Sigma'(z^{l+1}) \ldots (w^L)^T \Sigma'(z^L)
    \nabla_a C``, ``"l = 1, L = 3"`` for its instance with numbers (``L`` the last layer
    written), None otherwise."""
    if toks == _BOOK_SYMBOLIC:
        return "symbolic"
    if any(k not in ("EQ", "GRAD") and not t.isdigit() for k, t in toks):
        return None
    l = int(toks[0][1])
    L = max(int(t) for k, t in toks if t)
    book = [("DELTA", l), ("EQ", 0), ("SIG", l)]
    for m in range(l + 1, L + 1):
        book += [("WT", m), ("SIG", m)]
    book.append(("GRAD", 0))
    if l < 1 or [(k, int(t) if t else 0) for k, t in toks] != book:
        return None
    return f"l = {l}, L = {L}"


def _prove_product(claim: str, which: str) -> Step:
    """The product form by ``derive.matrix.general_product`` (induction on ``l`` from BP1 and
    BP2, every width and depth); a numeric instance is that statement at its ``l``, ``L``."""
    layer = matrix.general_layer("sigmoid")
    steps = [*layer["bp1"], *layer["bp2"], *matrix.general_product(layer)]
    at = "" if which == "symbolic" else (f", here at ${which}$ ($L$ the last layer written: "
                                          r"$\nabla_a C$ is the output's gradient)")
    return certify_all(claim, "induction", steps,
                       "the product form (eq. 124) for every width and depth $1 \\le l \\le L$: "
                       "induction on $l$ from BP1 and BP2, each proved by the chain rule for "
                       r"symbolic widths, with $\Sigma'(z) = \operatorname{diag}(f'(z))$ for any "
                       f"activation $f${at}")


def _matrix_instance(body, l: int, L: int, widths, claim: str) -> Step:
    _on_time()
    sig = activations.get("sigmoid")
    n = widths
    W = {k: sp.Matrix(n[k], n[k - 1], lambda i, j, k=k: sp.Symbol(f"w^{k}_{i + 1}{j + 1}",
                                                                   real=True))
         for k in range(l + 1, L + 1)}
    B = {k: sp.Matrix(n[k], 1, lambda i, _, k=k: sp.Symbol(f"b^{k}_{i + 1}", real=True))
         for k in range(l + 1, L + 1)}
    y = sp.Matrix(n[L], 1, lambda i, _: sp.Symbol(f"y_{i + 1}", real=True))
    Z = {l: sp.Matrix(n[l], 1, lambda i, _: sp.Symbol(f"z^{l}_{i + 1}", real=True))}
    for k in range(l + 1, L + 1):
        Z[k] = W[k] * Z[k - 1].applyfunc(sig.func) + B[k]
    aL = Z[L].applyfunc(sig.func)
    C = sum(((aL[i] - y[i]) ** 2 for i in range(n[L])), sp.Integer(0)) / 2
    direct = sp.Matrix([sp.diff(C, z) for z in Z[l]])
    try:
        claimed = None
        for kind, k in body:
            if kind == "SIG":
                f = sp.diag(*[sig.prime(e) for e in Z[k]])
            elif kind in ("WT", "W"):
                if k not in W:
                    return _unknown(claim, f"w^{k} is not a weight of layers {l + 1}..{L}")
                f = W[k].T if kind == "WT" else W[k]
            else:
                f = aL - y
            claimed = f if claimed is None else claimed * f
    except sp.ShapeError:
        return Step(claim, "identity", UNKNOWN,
                    f"not understood: the product's shapes do not match for widths {n[:L + 1]}")
    if claimed is None or claimed.shape != direct.shape:
        return Step(claim, "identity", UNKNOWN,
                    f"not understood: the product is not an {n[l]}-vector for widths {n[:L + 1]}")
    steps = [certify_identity(sp.expand(claimed[i] - direct[i]), 0,
                              f"component {i + 1}, l = {l}, L = {L}, widths {n[:L + 1]}")
             for i in range(n[l])]
    return certify_all(claim, "identity", steps, "equal")

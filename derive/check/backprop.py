r"""The book's backpropagation equations BP1-BP4 in vector and index form, for every width
and depth: ``\delta^L = \nabla_a C \odot \sigma'(z^L)``, ``\delta^l = ((w^{l+1})^T
\delta^{l+1}) \odot \sigma'(z^l)``, ``\frac{\partial C}{\partial b^l_j} = \delta^l_j``,
``\frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_k \delta^l_j``, their index forms with
``\sum_k`` and ``\nabla_b C = \delta``.

A statement is read into a small tree (``_Parser``) whose leaves are the layer objects
(``\delta^l``, ``w^{l+1}``, ``\sigma'(z^l)``, ``\Sigma'(z^l)``, ``\nabla_a C``, ``a^{l-1}``,
``\partial C/\partial a^L_k``, ``\partial a^L_k/\partial z^L_j``) with symbolic layers
``l``, ``L`` (``l+1``, ``l-1``) and neuron indices ``j``, ``k``. Conventions (README; the
reason says when the first one was used): juxtaposition and ``\cdot`` are the matrix product and bind tighter than ``\odot``
(elementwise); ``\sum_k`` covers the rest of its term; a vector written without a layer
(``\nabla_b C = \delta``) is at one common layer ``l``.

Proved only by ``derive.matrix.general_layer``: the user's right-hand side becomes the
``forms`` entry of its equation (a matrix expression of symbolic shape, or its entries), and
the kernel's chain-rule proof checks it for symbolic widths (SymPy differentiates the
defining sums). Refuted only on a concrete small network (``derive.matrix.SymbolicNetwork``:
composed-network differentiation) where an entry differs, by ``certify_identity``'s interval
counterexample. Otherwise unknown. Shapes are checked with symbolic layer widths first: a
product that is undefined for general widths is never proved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from derive import activations, matrix
from derive.check.common import _on_time, rich_construct
from derive.latex import inline
from derive.proof import (
    PROVED,
    REFUTED,
    UNKNOWN,
    Step,
    apply_rule,
    certify_all,
    certify_identity,
)

# ----------------------------------------------------------------------------- the tree


@dataclass(frozen=True)
class Atom:
    """A layer object: ``kind`` (delta, grad_a, grad_b, grad_w, dCda, dCdb, dCdw, jac, sigp,
    Sigp, w, a), its layer ``(letter, offset)`` (letter ``""``: written without a layer) and
    its neuron indices (``()``: the whole vector or matrix)."""

    kind: str
    layer: tuple[str, int]
    idx: tuple[str, ...] = ()
    layer2: tuple[str, int] | None = None  # jac: the layer of z


@dataclass(frozen=True)
class Node:
    """``op`` in ``mul`` (matrix or scalar product), ``had`` (``\\odot``), ``add``, ``neg``,
    ``T`` (transpose), ``sum`` (``\\sum_k``: ``index`` and one argument), ``num``."""

    op: str
    args: tuple = ()
    index: str = ""
    value: sp.Rational | None = None


class NotMine(Exception):
    """Not a backprop statement in this notation: the general reader takes it."""


class Unreadable(Exception):
    """A backprop statement with a construct outside this notation (the message)."""


_NAME = r"(?:\\(?:operatorname|mathrm|text)\s*\{\s*([A-Za-z]+)\s*\}|\\([A-Za-z]+)|(f))"
_LAY = r"(?:[lL](?:\s*[+-]\s*\d)?)"
_IDX = r"[ijkpq]"


def _clean(src: str) -> str:
    s = re.sub(r"\\(?:left|right|displaystyle|textstyle|quad|qquad|big|Big|bigg|Bigg)"
               r"(?![a-zA-Z])|\\[,;:! ]|&|~", " ", src)
    s = re.sub(r"\\[dt]frac(?![a-zA-Z])", r"\\frac", s)
    s = re.sub(r"\\(?:mathbf|boldsymbol|bm|vec)\s*\{\s*(\\?[A-Za-z]+)\s*\}|\\(?:boldsymbol|bm)\s*"
               r"(\\[A-Za-z]+)", lambda m: m[1] or m[2], s)  # bold vectors: \mathbf{w}^l
    s = re.sub(r"\^\s*\{?\s*\\prime\s*\}?|\^\s*\{\s*'\s*\}", "'", s)
    s = re.sub(r"\\dot\s*\{?\s*(\\[A-Za-z]+|f)\s*\}?", r"\1'", s)
    s = re.sub(r"\\(?:top|intercal)(?![a-zA-Z])|\\math(?:sf|rm|bf)\s*\{\s*T\s*\}", "T", s)
    s = re.sub(r"\\(?:cdot|times|ast)(?![a-zA-Z])", "*", s)
    return s.strip().rstrip(".,;").strip()


def _layer(text: str | None) -> tuple[str, int] | None:
    if text is None:
        return None
    t = re.sub(r"[\s{}()]", "", text)
    m = re.fullmatch(r"([lL])(?:([+-])(\d))?", t)
    if not m:
        return None
    return m[1], (int(m[3]) * (1 if m[2] == "+" else -1) if m[2] else 0)


def _scripts(s: str, i: int) -> tuple[str | None, str | None, int]:
    """Superscript and subscript (either order, braced or one character) at ``s[i]``."""
    sup = sub = None
    for _ in range(2):
        m = re.match(r"\s*([\^_])\s*", s[i:])
        if not m:
            break
        j = i + m.end()
        if j < len(s) and s[j] == "{":
            depth, k = 0, j
            while k < len(s):
                depth += {"{": 1, "}": -1}.get(s[k], 0)
                if depth == 0:
                    break
                k += 1
            if k >= len(s):
                raise Unreadable("an unbalanced {")
            val, end = s[j + 1:k], k + 1
        elif j < len(s) and re.match(r"[A-Za-z0-9]", s[j]):
            val, end = s[j], j + 1
        else:
            break
        if m[1] == "^":
            if sup is not None:
                break
            sup = val.strip()
        else:
            if sub is not None:
                break
            sub = val.strip()
        i = end
    return sup, sub, i


def _indices(text: str | None, n: int) -> tuple[str, ...] | None:
    if text is None:
        return None
    t = re.sub(r"[\s,]", "", text)
    if len(t) != n or not all(re.fullmatch(_IDX, c) for c in t):
        return None
    return tuple(t)


_SUBSCRIPT_LAYERS = [False]  # set when _layered reads a subscript as a layer


def _layered(kind: str, sup: str | None, sub: str | None, nidx: int) -> Atom:
    """An atom from its scripts: a superscript layer and subscript indices (``w^l_{jk}``), or
    a subscript layer and no index (``\\delta_l``), or no scripts (a layerless vector)."""
    if sup is not None:
        lay = _layer(sup)
        if lay is None:
            raise NotMine
        if sub is None:
            return Atom(kind, lay)
        idx = _indices(sub, nidx)
        if idx is None:
            raise NotMine
        return Atom(kind, lay, idx)
    if sub is not None:
        lay = _layer(sub)
        if lay is None:
            raise NotMine  # \delta_j: the width-1 chain's notation
        _SUBSCRIPT_LAYERS[0] = True
        return Atom(kind, lay)
    return Atom(kind, ("", 0))


class _Parser:
    """Recursive descent over the cleaned source; ``self.act`` is the activation named."""

    def __init__(self, s: str):
        self.s, self.i = s, 0
        self.act: str | None = None
        self.generic = False  # f' written: any activation
        self.precedence = False  # juxtaposition bound tighter than odot, unparenthesised
        self._bare_mul = False  # the last mterm multiplied at its own level

    # ---- lexing
    def peek(self) -> str:
        m = re.match(r"\s*", self.s[self.i:])
        self.i += m.end()
        return self.s[self.i:self.i + 1]

    def eat(self, text: str) -> bool:
        self.peek()
        if self.s.startswith(text, self.i):
            self.i += len(text)
            return True
        return False

    def done(self) -> bool:
        return self.peek() == ""

    # ---- grammar
    def statement(self) -> tuple:
        lhs = self.expr()
        if not self.eat("="):
            raise NotMine
        rhs = self.expr()
        if not self.done():
            raise Unreadable(f"'{self.s[self.i:self.i + 20]}'")
        return lhs, rhs

    def expr(self) -> Node:
        neg = self.eat("-")
        out = self.hterm()
        if neg:
            out = Node("neg", (out,))
        while True:
            if self.eat("+"):
                out = Node("add", (out, self.hterm()))
            elif self.peek() == "-":
                self.i += 1
                out = Node("add", (out, Node("neg", (self.hterm(),))))
            else:
                return out

    def hterm(self) -> Node:
        out = self.mterm()
        bare = self._bare_mul
        while True:
            m = re.match(r"\s*\\(?:odot|circ)(?![a-zA-Z])", self.s[self.i:])
            if not m:
                return out
            self.i += m.end()
            out = Node("had", (out, self.mterm()))
            if bare or self._bare_mul:
                self.precedence = True  # a b \odot c: the convention decided the grouping

    def mterm(self) -> Node:
        out = self.factor()
        bare = False
        while True:
            self.peek()
            if self.eat("*"):
                out = Node("mul", (out, self.factor()))
                bare = True
                continue
            c = self.peek()
            if c == "" or c in "=+-)]}" or re.match(r"\\(?:odot|circ)(?![a-zA-Z])",
                                                      self.s[self.i:]):
                self._bare_mul = bare
                return out
            out = Node("mul", (out, self.factor()))
            bare = True

    def factor(self) -> Node:
        out = self.atom()
        while True:
            m = re.match(r"\s*\^\s*(?:T|\{\s*T\s*\})", self.s[self.i:])
            if not m:
                return out
            self.i += m.end()
            out = Node("T", (out,))

    def atom(self) -> Node:
        self.peek()
        s, i = self.s, self.i
        for o, c in (("(", ")"), ("[", "]"), ("{", "}")):
            if self.eat(o):
                inner = self.expr()
                if not self.eat(c):
                    raise Unreadable(f"an unclosed {o}")
                return inner
        m = re.match(r"\d+(?:\.\d+)?", s[i:])
        if m:
            self.i += m.end()
            f = Fraction(m[0])
            return Node("num", value=sp.Rational(f.numerator, f.denominator))
        m = re.match(r"\\frac\s*\{\s*(\d+)\s*\}\s*\{\s*(\d+)\s*\}", s[i:])
        if m:
            self.i += m.end()
            if int(m[2]) == 0:
                raise Unreadable("division by zero")
            return Node("num", value=sp.Rational(int(m[1]), int(m[2])))
        m = re.match(r"\\sum(?![a-zA-Z])\s*(?:\\limits)?\s*_\s*(?:\{\s*(" + _IDX + r")\s*"
                     r"(?:=\s*1\s*\}\s*\^\s*\{\s*n_\s*\{?\s*([^{}]*?)\s*\}?\s*\}|\})|(" + _IDX
                     + r"))", s[i:])
        if m:
            self.i += m.end()
            k = m[1] or m[3]
            body = self.hterm()
            bound = _layer(m[2]) if m[2] else None
            if m[2] and bound is None:
                raise Unreadable(f"the bound n_{{{m[2]}}} of a sum")
            return Node("sum", (body,), index=k, value=bound)
        if re.match(r"\\sum(?![a-zA-Z])", s[i:]):
            raise Unreadable(r"a sum other than \sum_k or \sum_{k=1}^{n_{l+1}}")
        atom = self.layer_atom()
        return atom if isinstance(atom, Node) else Node("atom", (atom,))

    def layer_atom(self) -> Atom | Node:
        s, i = self.s, self.i
        m = re.match(r"\\delta(?![a-zA-Z])", s[i:])
        if m:
            sup, sub, self.i = _scripts(s, i + m.end())
            return _layered("delta", sup, sub, 1)
        m = re.match(r"\\nabla\s*_\s*(?:\{\s*([abw])\s*(?:\^\s*\{?\s*(" + _LAY + r")\s*\}?)?"
                     r"\s*\}|([abw]))\s*C(?![A-Za-z])", s[i:])
        if m:
            self.i += m.end()
            v = m[1] or m[3]
            lay = _layer(m[2]) if m[2] else (("L", 0) if v == "a" else ("", 0))
            if v == "a" and lay != ("L", 0):
                raise NotMine
            return Atom("grad_" + v, lay)
        m = re.match(r"\\frac\s*\{\s*\\partial\s*([Ca])", s[i:]) or re.match(
            r"\\partial\s*C\s*/", s[i:])
        if m:
            return self.partial()
        m = re.match(r"\\Sigma\s*'\s*\(\s*z", s[i:])
        if m:
            return self.prime("Sigp", i + m.end())
        m = re.match(_NAME + r"\s*('?)\s*\(\s*z", s[i:])
        if m:
            name = (m[1] or m[2] or m[3])
            if name == "f":
                act, self.generic = "sigmoid", True
            else:
                names = {**{k.lower(): v for k, v in _names().items()}}
                act = names.get(name.lower())
                if m[2] and name not in _commands() and name.lower() not in names:
                    raise NotMine
                if act is None:
                    raise NotMine
            if self.act is not None and self.act != act:
                raise Unreadable("two different activations")
            self.act = act
            # \sigma'(z^l): the derivative; \sigma(z^{l-1}): the activation a^{l-1}
            return self.prime("sigp" if m[4] else "a", i + m.end())
        m = re.match(r"[wW](?![A-Za-z])", s[i:])
        if m:
            sup, sub, self.i = _scripts(s, i + 1)
            if sup is not None:
                t = re.fullmatch(r"\(?\s*(" + _LAY + r")\s*\)?\s*T", re.sub(r"\s", "", sup))
                if t and sub is None:  # w^{(l+1)T}
                    return _Transposed(Atom("w", _layer(t[1])))
            return _layered("w", sup, sub, 2)
        m = re.match(r"a(?![A-Za-z])", s[i:])
        if m:
            sup, sub, self.i = _scripts(s, i + 1)
            return _layered("a", sup, sub, 1)
        raise NotMine

    def prime(self, kind: str, j: int) -> Atom:
        sup, sub, j = _scripts(self.s, j)
        m = re.match(r"\s*\)", self.s[j:])
        if not m:
            raise NotMine
        self.i = j + m.end()
        atom = _layered("z", sup, sub, 1)
        if kind == "Sigp" and atom.idx:
            raise Unreadable(r"\Sigma' of one component (write \sigma'(z^l_j))")
        return Atom(kind, atom.layer, atom.idx)

    def partial(self) -> Atom:
        s, i = self.s, self.i
        m = re.match(r"\\frac\s*\{\s*\\partial\s*([Ca])", s[i:])
        if m:
            num_sup, num_sub, j = _scripts(s, i + m.end())
            m2 = re.match(r"\s*\}\s*\{\s*\\partial\s*([abwz])", s[j:])
            if not m2:
                raise NotMine
            sup, sub, k = _scripts(s, j + m2.end())
            m3 = re.match(r"\s*\}", s[k:])
            if not m3:
                raise NotMine
            self.i = k + m3.end()
            top, var = m[1], m2[1]
        else:
            m = re.match(r"\\partial\s*C\s*/\s*\\partial\s*([abwz])", s[i:])
            if not m:
                raise NotMine
            sup, sub, self.i = _scripts(s, i + m.end())
            top, var, num_sup, num_sub = "C", m[1], None, None
        if top == "a":  # \frac{\partial a^L_k}{\partial z^L_j}
            num = _layered("a", num_sup, num_sub, 1)
            den = _layered("z", sup, sub, 1)
            if var != "z" or not num.idx or not den.idx:
                raise NotMine
            return Atom("jac", num.layer, num.idx + den.idx, den.layer)
        atom = _layered("x", sup, sub, 2 if var == "w" else 1)
        if var == "a" and not atom.idx:  # \partial C/\partial a^L: the vector \nabla_a C
            if atom.layer != ("L", 0):
                raise NotMine
            return Atom("grad_a", atom.layer)
        if var == "z":
            return Atom("delta", atom.layer, atom.idx)
        return Atom("dCd" + var, atom.layer, atom.idx)


def _Transposed(atom: Atom) -> Node:
    """``w^{(l+1)T}``: the transpose of ``w^{l+1}``, as ``(w^{l+1})^T`` reads."""
    return Node("T", (Node("atom", (atom,)),))


def _names() -> dict[str, str]:
    from derive.parse import activation_names

    return activation_names()


def _commands() -> dict[str, str]:
    from derive.parse import activation_commands

    return activation_commands()


# ----------------------------------------------------------------------------- reading


def _atoms(node: Node) -> list[Atom]:
    if node.op == "atom":
        return [node.args[0]]
    return [a for n in node.args if isinstance(n, Node) for a in _atoms(n)]


def _shape(node: Node) -> tuple:
    """The shape with layer widths as labels (``1`` for a dimension of one): ``("l", 0)``
    stands for ``n_l``. Raises Unreadable when the product is undefined for general
    widths."""
    if node.op == "num":
        return ()
    if node.op == "atom":
        a = node.args[0]
        lay, prev = a.layer, (a.layer[0], a.layer[1] - 1)
        return {"delta": (lay, 1), "grad_a": (lay, 1), "grad_b": (lay, 1), "sigp": (lay, 1),
                "a": (lay, 1), "dCdb": (lay, 1), "Sigp": (lay, lay), "w": (lay, prev),
                "grad_w": (lay, prev), "dCdw": (lay, prev)}[a.kind]
    if node.op == "T":
        sh = _shape(node.args[0])
        return sh[::-1] if sh else sh
    if node.op == "neg":
        return _shape(node.args[0])
    a, b = (_shape(x) for x in node.args)
    if node.op == "mul":
        if not a or not b:
            return a or b
        if a[1] != b[0]:
            hint = (" (two column vectors: a transpose, or ⊙ for the elementwise product, is "
                    "missing)"
                    if a[1] == 1 and b[1] == 1 else "")
            raise Unreadable(f"the product {_shape_text(a)} times {_shape_text(b)} is "
                             f"undefined for general widths{hint}")
        return a[0], b[1]
    if node.op == "add" and bool(a) != bool(b):
        raise Unreadable("a number added to a vector or matrix")
    if a != b and a and b:
        what = "elementwise product" if node.op == "had" else "sum"
        raise Unreadable(f"the {what} of {_shape_text(a)} and {_shape_text(b)} is undefined "
                         "for general widths")
    return a or b


def _lay_text(lay) -> str:
    if lay == 1:
        return "1"
    letter, off = lay
    letter = letter or "l"
    return f"n_{{{letter}{'+' if off > 0 else '-'}{abs(off)}}}" if off else f"n_{letter}"


def _shape_text(sh) -> str:
    return f"${_lay_text(sh[0])} \\times {_lay_text(sh[1])}$"


def _index_layers(node: Node, out: dict[str, tuple]) -> str:
    """Which layer each neuron index runs over (the first use decides); a problem when an
    index runs over two layers (``a^l_k`` beside ``w^l_{jk}``: false or undefined in
    general), else ``""``."""
    problem = ""
    for a in _atoms(node):
        lays = {"w": (a.layer, (a.layer[0], a.layer[1] - 1)),
                "dCdw": (a.layer, (a.layer[0], a.layer[1] - 1)),
                "jac": (a.layer, a.layer2)}.get(a.kind, (a.layer,) * len(a.idx))
        for k, lay in zip(a.idx, lays):
            if out.setdefault(k, lay) != lay and not problem:
                problem = (f"the index {k} runs over layer {_lay_text(out[k])[2:]} and layer "
                           f"{_lay_text(lay)[2:]}")
    return problem


def _free(node: Node) -> set[str]:
    if node.op == "atom":
        return set(node.args[0].idx)
    if node.op == "sum":
        inner = _free(node.args[0])
        if node.index not in inner:
            raise Unreadable(f"a sum over {node.index} of terms without {node.index}")
        return inner - {node.index}
    if node.op == "num":
        return set()
    sets = [_free(n) for n in node.args]
    if node.op == "add" and any(s != sets[0] for s in sets):
        raise Unreadable("a sum of terms with different free indices")
    return set().union(*sets)


@dataclass(frozen=True)
class Reading:
    target: Atom  # the left side: delta, dCdb, dCdw, grad_b, grad_w
    rhs: Node
    index: bool  # index form (entries) or vector form
    act: str
    generic: bool
    problem: str = ""  # why no general proof is attempted (the concrete check still runs)
    precedence: bool = False  # a product and an odot side by side without parentheses


_TARGETS = {"delta", "dCdb", "dCdw", "grad_b", "grad_w"}
# what makes subscript layers (\delta_l) vectors rather than the width-1 chain's scalars
_VECTOR_MARK = re.compile(r"\\(?:odot|circ|nabla|Sigma|top|intercal)(?![a-zA-Z])|\^\s*\{?\s*T\b")


def read(src: str) -> Reading:
    """The statement as a ``Reading``; NotMine when it is not a backprop equation in this
    notation, Unreadable for a construct inside one that is not understood."""
    if not re.search(r"\\delta|\\nabla|\\partial", src):
        raise NotMine
    p = _Parser(_clean(src))
    _SUBSCRIPT_LAYERS[0] = False
    lhs, rhs = p.statement()
    if _SUBSCRIPT_LAYERS[0] and not _VECTOR_MARK.search(src):
        raise NotMine  # b_l, z_{l+1} without a vector operation: the width-1 chain
    if not (lhs.op == "atom" and lhs.args[0].kind in _TARGETS):
        if rhs.op == "atom" and rhs.args[0].kind in _TARGETS:
            lhs, rhs = rhs, lhs
        else:
            raise NotMine
    target = lhs.args[0]
    atoms = [target, *_atoms(rhs)]
    if any(a.kind.startswith("grad_") and a.kind != "grad_a" for a in _atoms(rhs)):
        raise NotMine
    layerless = [a.layer[0] == "" for a in atoms if a.kind != "grad_a"]
    if any(layerless) and not all(layerless):
        raise Unreadable("some layers written and others not")
    if all(layerless) and not (target.kind in ("grad_b", "dCdb") and {
            a.kind for a in atoms[1:]} <= {"delta"}):
        raise Unreadable("layers left unwritten (write \\delta^l, a^{l-1}, z^L)")
    if all(layerless):  # \nabla_b C = \delta: one common layer l
        atoms = [Atom(a.kind, ("l", 0) if a.layer[0] == "" else a.layer, a.idx, a.layer2)
                 for a in atoms]
        target, rhs = atoms[0], _relayer(rhs)
    index = bool(target.idx)
    if any(bool(a.idx) != index for a in atoms if a.kind not in ("jac",)) or (
            not index and any(a.kind in ("jac", "dCda") for a in atoms)):
        raise Unreadable("vector and index notation mixed in one equation")
    ops = _ops(rhs)
    if index and "T" in ops:
        raise Unreadable("a transpose in index notation")
    if not index and "sum" in ops:
        raise Unreadable(r"\sum_k in vector notation")
    if target.kind in ("grad_b", "grad_w") and index:
        raise Unreadable(r"\nabla with an index")
    problem = ""
    if index:
        lays: dict[str, tuple] = {}
        _index_layers(Node("atom", (target,)), lays)
        problem = _index_layers(rhs, lays)
        rhs, bound_problem = _sum_bounds(rhs, lays)
        problem = problem or bound_problem
        if _free(rhs) != set(target.idx):
            raise Unreadable(f"free indices {', '.join(sorted(_free(rhs))) or 'none'} on the "
                             f"right, {', '.join(target.idx)} on the left")
    if rhs.op == "atom" and rhs.args[0] == target:
        raise NotMine  # \delta^l_j = \partial C/\partial z^l_j: the definition
    return Reading(target, rhs, index, p.act or "sigmoid", p.generic or p.act is None,
                   problem, p.precedence)


def _ops(node: Node) -> set[str]:
    return {node.op}.union(*[_ops(n) for n in node.args if isinstance(n, Node)])


def _relayer(node: Node) -> Node:
    if node.op == "atom":
        a = node.args[0]
        return Node("atom", (Atom(a.kind, ("l", 0) if a.layer[0] == "" else a.layer, a.idx,
                                  a.layer2),))
    return Node(node.op, tuple(_relayer(n) if isinstance(n, Node) else n for n in node.args),
                node.index, node.value)


def _sum_bounds(node: Node, lays: dict) -> tuple[Node, str]:
    """``node`` with the written bounds of its sums dropped (the range is the layer's width),
    and a problem when a bound is not that width."""
    if node.op == "sum" and node.value is not None:
        inner, problem = _sum_bounds(node.args[0], lays)
        if lays.get(node.index) != node.value:
            problem = problem or (f"the sum over {node.index} runs to "
                                  f"${_lay_text(node.value)}$, not to the width of its layer")
        return Node("sum", (inner,), node.index), problem
    if node.op in ("atom", "num"):
        return node, ""
    parts = [_sum_bounds(n, lays) for n in node.args]
    return (Node(node.op, tuple(p[0] for p in parts), node.index, node.value),
            next((p[1] for p in parts if p[1]), ""))


# ----------------------------------------------------------------------------- evaluation


class _Eval:
    """Evaluates a tree: ``objects`` maps ``(kind, layer)`` to a matrix (sympy Matrix or a
    matrix expression of symbolic shape); ``dims`` maps a layer to its width; ``entry``
    (kind, layer, indices) -> scalar for index-form atoms; ``symbolic``: sums stay
    ``sp.Sum`` over ``0..n-1``."""

    def __init__(self, objects: dict, dims: dict, entry, symbolic: bool):
        self.objects, self.dims, self.entry, self.symbolic = objects, dims, entry, symbolic

    def vector(self, node: Node):
        if node.op == "num":
            return node.value
        if node.op == "atom":
            a = node.args[0]
            if (a.kind, a.layer) not in self.objects:
                raise KeyError(a)
            return self.objects[(a.kind, a.layer)]
        if node.op == "T":
            return self.vector(node.args[0]).T
        if node.op == "neg":
            return -self.vector(node.args[0])
        x, y = (self.vector(n) for n in node.args)
        if node.op == "add":
            return x + y
        if node.op == "mul":
            return x * y
        if isinstance(x, sp.MatrixBase):
            return x.multiply_elementwise(y)
        return sp.HadamardProduct(x, y)

    def scalar(self, node: Node, env: dict, lays: dict):
        if node.op == "num":
            return node.value
        if node.op == "atom":
            a = node.args[0]
            return self.entry(a, tuple(env[k] for k in a.idx))
        if node.op == "neg":
            return -self.scalar(node.args[0], env, lays)
        if node.op == "sum":
            k, n = node.index, self.dims[lays[node.index]]
            if self.symbolic:
                v = sp.Symbol(f"i_{k}", integer=True, nonnegative=True)
                return sp.Sum(self.scalar(node.args[0], {**env, k: v}, lays), (v, 0, n - 1))
            return sp.Add(*[self.scalar(node.args[0], {**env, k: sp.Integer(v)}, lays)
                            for v in range(n)])
        x, y = (self.scalar(n, env, lays) for n in node.args)
        return x + y if node.op == "add" else x * y


class _Entries:
    """A matrix-like object for ``general_layer``'s forms: ``[i, j]`` gives an entry."""

    def __init__(self, fn):
        self.fn = fn

    def __getitem__(self, key):
        return self.fn(key)


_EQUATION = {"dCdb": "bp3", "grad_b": "bp3", "dCdw": "bp4", "grad_w": "bp4"}


def _equation(r: Reading) -> str:
    if r.target.kind == "delta":
        return "bp1" if r.target.layer == ("L", 0) else "bp2"
    return _EQUATION[r.target.kind]


def _general_form(r: Reading, eq: str):
    """The ``forms`` entry of ``general_layer`` for this right-hand side (None when an
    object it uses is not among the equation's, e.g. ``\\sigma'(z^{l+1})`` in BP2)."""
    X = r.target.layer
    up, down = (X[0], X[1] + 1), (X[0], X[1] - 1)
    act = activations.get(r.act)

    def build(objects: dict, dims: dict, index_of):
        ev = _Eval(objects, dims, None, True)

        def entry(a: Atom, ix: tuple):
            if a.kind == "jac":
                if a.layer2 != a.layer:
                    raise KeyError(a)  # \partial a^L_k/\partial z^l_j: not one layer's
                z = sp.MatrixSymbol("z", dims[a.layer], 1)
                return sp.diff(act.func(z[ix[0], 0]), z[ix[1], 0])
            base = {"dCda": "grad_a"}.get(a.kind, a.kind)
            obj = objects[(base, a.layer)]
            return obj[ix[0], ix[1] if len(ix) > 1 else 0]

        ev.entry = entry
        if not r.index:
            return ev.vector(r.rhs)
        lays: dict = {}
        _index_layers(Node("atom", (r.target,)), lays)
        _index_layers(r.rhs, lays)
        return _Entries(lambda key: ev.scalar(r.rhs, index_of(key), lays))

    t = r.target.idx

    def one(key):  # an entry (p, 0) of a vector: the left side's index is p
        return {t[0]: key[0]} if t else {}

    def two(key):
        return {t[0]: key[0], t[1]: key[1]} if t else {}

    if eq == "bp1":
        def form(S, g):
            s = S.args[0]
            return build({("sigp", X): s, ("Sigp", X): S, ("grad_a", X): g},
                         {X: S.shape[0]}, one)
    elif eq == "bp2":
        def form(S, w, d):
            s = S.args[0]
            return build({("sigp", X): s, ("Sigp", X): S, ("w", up): w,
                          ("delta", up): d}, {X: S.shape[0], up: w.shape[0]}, one)
    elif eq == "bp3":
        def form(d):
            return build({("delta", X): d}, {X: d.shape[0]}, one)
    else:
        def form(d, a):
            return build({("delta", X): d, ("a", down): a},
                         {X: d.shape[0], down: a.shape[0]}, two)
    return form


def _general_proof(r: Reading, eq: str, claim: str) -> Step | None:
    """The kernel's chain-rule proof of this right-hand side for symbolic widths, or None
    when it uses objects outside the equation's."""
    form = _general_form(r, eq)
    try:
        steps = matrix.general_layer(r.act, forms={eq: form})[eq]
    except (KeyError, TypeError, AttributeError, sp.ShapeError, ValueError, IndexError):
        return None
    premises = list(steps[:-1])
    if steps[-1].verdict != PROVED:
        return Step(claim, "chain rule", UNKNOWN, steps[-1].reason, steps[-1].rules)
    return apply_rule("chain rule", premises, claim, _how(r, eq))


_NAMES = {"bp1": "BP1", "bp2": "BP2", "bp3": "BP3", "bp4": "BP4"}
_THROUGH = {"bp1": r"a^L = {F}(z^L)", "bp2": r"z^{{l+1}} = w^{{l+1}} {F}(z^l) + b^{{l+1}}",
            "bp3": r"z^l = w^l a^{{l-1}} + b^l", "bp4": r"z^l = w^l a^{{l-1}} + b^l"}


def _how(r: Reading, eq: str) -> str:
    F = r"\sigma" if r.act == "sigmoid" else activations.get(r.act).tex
    form = "index form (entries)" if r.index else "vector form"
    act = ("any differentiable activation $f$" if r.generic else f"the activation ${F}$")
    read = ("; juxtaposition read as the matrix product, before $\\odot$"
            if r.precedence else "")
    return (f"{_NAMES[eq]} in {form} for every width and depth: the chain rule through "
            f"{inline(_THROUGH[eq].format(F=F))}, its sums differentiated by SymPy and the "
            f"entries compared for symbolic widths ({act}; any cost $C$, "
            rf"$\nabla_a C$ its gradient at the output{read})")


# ----------------------------------------------------------------------------- small networks

NETWORKS = ((2, 2, 2), (2, 3, 2), (1, 2, 2, 1), (1, 1, 1))


def _concrete(r: Reading, claim: str, where: tuple = ()) -> tuple[Step | None, list[str]]:
    """A refutation on a small network (``derive.matrix.SymbolicNetwork``, the composed
    network differentiated by SymPy), or None and the instances where it held exactly."""
    held: list[str] = []
    letters = {a.layer[0] for a in (r.target, *_atoms(r.rhs))}
    for sizes in NETWORKS:
        if r.problem and len(set(sizes)) > 1:
            continue  # an index over two layers means something only when they are as wide
        net = matrix.SymbolicNetwork(sizes, r.act)
        L = net.L
        for l in (range(1, L + 1) if "l" in letters else (L,)):
            _on_time()
            val = {"l": l, "L": L}
            at = {sp.Symbol(k, real=True): sp.Integer(v) for k, v in val.items()}
            if any(c.xreplace(at) is not sp.true for c in where):
                continue  # outside the layers the notes' condition allows
            step = _instance(r, net, val, claim)
            if step is None:
                continue
            place = f"network {list(sizes)}, " + ", ".join(
                f"{k} = {v}" for k, v in val.items() if k in letters)
            if step.verdict == REFUTED:
                return Step(claim, "identity", REFUTED, f"on the {place}: {step.reason}",
                            step.rules), held
            if step.verdict != PROVED:
                return None, held
            held.append(place)
    return None, held


def _network_object(net, kind: str, m: int, delta):
    """The object ``kind`` at layer ``m`` of the composed network ``net`` (None: none)."""
    L, zs = net.L, net.composed
    if kind in ("grad_a", "dCda"):
        return net.grad_a if m == L else None
    if kind in ("dCdb", "grad_b"):
        return net.grad_b_oracle(m)
    if kind in ("dCdw", "grad_w"):
        return net.grad_w_oracle(m)
    if kind == "w":
        return net.w(m)
    return {"delta": lambda: delta(m), "sigp": lambda: zs[m].applyfunc(net.fprime),
            "Sigp": lambda: net.sigma_prime(zs[m]), "a": lambda: net.a_composed(m),
            "jac": lambda: None}[kind]()


def _instance(r: Reading, net, val: dict, claim: str) -> Step | None:
    """The claim on ``net`` at layers ``val``; None where an object does not exist there or
    the product is undefined (the statement is not asserted)."""
    L = net.L

    def num(lay):
        return val[lay[0]] + lay[1]

    objects, dims = {}, {}
    deltas: dict[int, sp.Matrix] = {}

    def delta(m):
        if m not in deltas:
            deltas[m] = net.at_composed(net.delta_oracle(m), m)
        return deltas[m]

    for a in (r.target, *_atoms(r.rhs)):
        for lay in (a.layer, a.layer2) if a.layer2 else (a.layer,):
            m = num(lay)
            lo = 0 if a.kind == "a" else 1
            if not lo <= m <= L or (a.kind in ("w", "dCdw", "grad_w") and m < 1):
                return None
            dims[lay] = net.sizes[m]
            if a.kind in ("w", "dCdw", "grad_w"):
                dims[(lay[0], lay[1] - 1)] = net.sizes[m - 1]
        obj = _network_object(net, a.kind, num(a.layer), delta)
        if obj is None and a.kind != "jac":
            return None
        objects[({"dCda": "grad_a"}.get(a.kind, a.kind), a.layer)] = obj
    ev = _Eval(objects, dims, None, False)
    lhs = objects[({"dCda": "grad_a"}.get(r.target.kind, r.target.kind), r.target.layer)]
    if r.index:
        def entry(a: Atom, ix: tuple):
            if a.kind == "jac":  # SymPy differentiates the composed layers
                m, m2 = num(a.layer), num(a.layer2)
                if m < m2:
                    return sp.Integer(0)
                z2 = net.z(m2)
                zm = net.compose_from(m2, z2)[m]
                d = sp.diff(net.f(zm[int(ix[0])]), z2[int(ix[1])])
                return d.xreplace(dict(zip(z2, net.composed[m2])))
            obj = objects[({"dCda": "grad_a"}.get(a.kind, a.kind), a.layer)]
            return obj[int(ix[0]), int(ix[1]) if len(ix) > 1 else 0]

        ev.entry = entry
        lays: dict = {}
        _index_layers(Node("atom", (r.target,)), lays)
        _index_layers(r.rhs, lays)
        try:
            rhs = sp.Matrix(lhs.rows, lhs.cols, lambda i, j: ev.scalar(
                r.rhs, dict(zip(r.target.idx, (sp.Integer(i), sp.Integer(j)))), lays))
        except IndexError:
            return None  # an index beyond its layer's width: not asserted here
    else:
        try:
            rhs = ev.vector(r.rhs)
        except sp.ShapeError:
            return None
        if not isinstance(rhs, sp.MatrixBase) or rhs.shape != lhs.shape:
            return None
    steps = []
    for i in range(lhs.rows):
        for j in range(lhs.cols):
            what = f"entry ({i + 1}, {j + 1})"
            diff = sp.expand(lhs[i, j] - rhs[i, j])
            step = certify_identity(diff, 0, what) if diff == 0 else certify_identity(
                lhs[i, j], rhs[i, j], what)
            if step.verdict != PROVED:
                return Step(claim, "identity", step.verdict, f"{what}: {step.reason}",
                            step.rules)
            steps.append(step)
    return certify_all(claim, "identity", steps, "every entry equal")


# ----------------------------------------------------------------------------- deciding


def _top_level_equals(src: str) -> list[str]:
    parts, depth, last = [], 0, 0
    for i, c in enumerate(src):
        depth += {"{": 1, "(": 1, "[": 1, "}": -1, ")": -1, "]": -1}.get(c, 0)
        if c == "=" and depth == 0:
            parts.append(src[last:i])
            last = i + 1
    return [*parts, src[last:]]


def decide_backprop(src: str, claim: str, where: tuple = ()) -> Step | None:
    """Decide a BP1-BP4 statement in vector or index form; None when ``src`` is not one
    (the general reader takes it). A chain ``A = B = C`` is ``A = B`` and ``A = C``.
    ``where``: conditions on the layers ``l``, ``L`` (SymPy relationals) that a refuting
    instance must satisfy."""
    parts = _top_level_equals(_clean(src))
    if len(parts) > 2:
        steps = []
        for k, part in enumerate(parts[1:], start=2):
            step = decide_backprop(f"{parts[0]} = {part}",
                                   f"{parts[0].strip()} = {part.strip()}", where)
            if step is None:
                return None
            steps.append(step)
        return certify_all(claim, "+".join(dict.fromkeys(s.method for s in steps)), steps,
                           "; ".join(s.reason for s in steps))
    return _decide_one(src, claim, where)


def _decide_one(src: str, claim: str, where: tuple = ()) -> Step | None:
    try:
        r = read(src)
    except NotMine:
        return None
    except Unreadable as err:
        return Step(claim, "parse", UNKNOWN, f"not understood: {rich_construct(str(err))}")
    except (IndexError, ValueError, KeyError, TypeError, RecursionError):
        return None  # outside this notation: the general reader says what it makes of it
    eq = _equation(r)
    shape_problem = r.problem
    if not r.index:
        try:
            lhs_shape = _shape(Node("atom", (r.target,)))
            rhs_shape = _shape(r.rhs)
            if rhs_shape and rhs_shape != lhs_shape:
                raise Unreadable(f"the right side is {_shape_text(rhs_shape)}, the left "
                                 f"{_shape_text(lhs_shape)}")
        except Unreadable as err:
            shape_problem = str(err)
    if not shape_problem:
        step = _general_proof(r, eq, claim)
        if step is not None and step.verdict == PROVED:
            return step
    refuted, held = _concrete(r, claim, where)
    if refuted is not None:
        return refuted
    why = shape_problem or ("its right side uses objects other than those of "
                            f"{_NAMES[eq]}'s chain rule" if _general_form_unmapped(r, eq)
                            else "the chain-rule entries did not simplify to the claim")
    seen = f"; exact on the {'; '.join(held)}" if held else ""
    return Step(claim, "identity", UNKNOWN, f"not proved for every width: {why}{seen} "
                "(finitely many networks are evidence, not a proof)")


def _general_form_unmapped(r: Reading, eq: str) -> bool:
    X = r.target.layer
    allowed = {
        "bp1": {("sigp", X), ("Sigp", X), ("grad_a", X), ("dCda", X), ("jac", X)},
        "bp2": {("sigp", X), ("Sigp", X), ("w", (X[0], X[1] + 1)),
                ("delta", (X[0], X[1] + 1))},
        "bp3": {("delta", X)},
        "bp4": {("delta", X), ("a", (X[0], X[1] - 1))},
    }[eq]
    return any((a.kind, a.layer) not in allowed for a in _atoms(r.rhs))


_SIGMA_DEF = re.compile(r"\\Sigma\s*'\s*\(\s*z(\^\s*(?:\{[^{}]*\}|\w))?\s*\)\s*(?::=|=|\\equiv)\s*"
                        r"\\(?:operatorname|mathrm|text)\s*\{\s*diag\s*\}\s*\(\s*" + _NAME
                        + r"\s*'\s*\(\s*z(\^\s*(?:\{[^{}]*\}|\w))?\s*\)\s*\)")


def is_sigma_definition(src: str) -> bool:
    r"""``\Sigma'(z^l) = \operatorname{diag}(\sigma'(z^l))`` (what ``derive backprop
    --format latex`` writes last): a definition, not a claim."""
    m = _SIGMA_DEF.fullmatch(_clean(src))
    return bool(m) and re.sub(r"\s", "", m[1] or "") == re.sub(r"\s", "", m[5] or "")

r"""``derive check``: find the equations in a person's notes and decide each one.

The package, one module per concern: ``extract`` (finding equations), ``common`` (limits,
the deadline, reasons as rich text), ``identity``, ``inequality``, ``extremum``,
``implication``, ``chain``, ``matrix`` (eq. 124), ``backprop`` (BP1-BP4 in vector and index
form, for every width and depth), ``gradbound`` (inequalities between cost gradients),
``cost`` (the output layer's cost), ``average`` (``C = \frac1n \sum_x C_x``), ``integral``
(``\int_a^b f\,dx`` by the fundamental theorem of calculus) (the deciders),
``decide`` (the dispatcher), ``run`` (a file and its results). Reasons are rich text: math
in ``$...$``, shown in Unicode on a terminal (``derive.latex.rich_text``).

Extraction (``extract``): math in ``$...$``, ``$$...$$``, ``\(...\)``, ``\[...\]`` and the
``equation``, ``align``, ``gather``, ``multline`` environments (starred too), with the line it
starts on; fenced and inline code are skipped; ``align`` rows (split at ``\\``) are separate
equations unless a row starts with a relation (``&= ...``), which continues the previous row.

Decision (``decide``), always through ``derive.proof``'s ``certify_*`` functions or
``derive.chain``'s proofs, which are built on them:

* chain-gradient identities ``\partial C/\partial b_j = ...`` (also ``w_j``, ``z_j``): the
  product form is rebuilt with ``chain.gradient`` (other partials on the right side are
  replaced by their product forms) and proved with ``chain.prove`` (induction for every
  depth + the concrete depth); a different product is refuted by ``chain``'s interval
  counterexample on a network with exact rational parameters;
* identities ``lhs = rhs``: ``certify_identity`` on the closed forms of the activations;
* inequalities in one to five real variables: a structural sign (``certify_nonnegative``),
  or the exact substitution ``u = e^z > 0`` that turns the activations into rational
  functions of ``u`` whose factored form is a certificate (``\sigma'(z) \le 1/4`` becomes
  ``1/4 - u/(1+u)^2 = (u-1)^2/(4(u+1)^2)``); refuted at a grid point where an interval
  enclosure has the wrong sign; constants by ``certify_sign``;
* ``\max_z f(z) = c``: ``f \le c`` for all ``z`` as above, and ``f(z_0) = c`` exactly at a
  stationary point ``z_0``; if the true maximum ``m = f(z_0)`` is proved and differs, refuted;
* ``P \implies Q``: the premise is bounded using ``0 \le f'(t) \le \gamma`` (itself proved)
  when it is linear in ``f'(t)`` with a nonnegative coefficient, and ``Q``'s slack must be a
  positive constant times the bounded premise's slack; refuted at a grid point where ``P``
  holds and ``Q`` fails, both by interval enclosures;
* ``\int_a^b f\,dx = c``: SymPy's antiderivative ``F``, ``F' = f`` checked by
  ``certify_identity``, ``F(b) - F(a)`` compared with ``c``, the kernel rule "fundamental
  theorem of calculus" (``f`` and ``F`` continuous on the interval, finite limits);
* ``expr \approx 0.45``: a rigorous enclosure of the constant ``expr`` must lie within half a
  unit of the last digit written (``[0.445, 0.455]``).

Anything else is ``unknown`` with a reason that starts "not understood". Every equation has
a time limit (``EQUATION_SECONDS``) and the file a budget (``FILE_SECONDS``).
"""

from __future__ import annotations

from derive.check.common import _explicit
from derive.check.decide import decide
from derive.check.extract import Span, extract, read_notes, split_statements
from derive.check.run import Result, check_equation, check_file, check_text

__all__ = ["Result", "Span", "_explicit", "check_equation", "check_file", "check_text", "decide",
           "extract", "read_notes", "split_statements"]

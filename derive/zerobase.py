r"""A power ``b^e`` with a variable exponent whose base vanishes on a closed face of the domain.

``0^y = 0`` (``y > 0``) is defined, so the reductions that read ``b^e`` as ``e^{e \ln b}``
(``derive.realprove._bases_positive``) do not run where a base may be 0, and the box search
alone rarely closes the edge ``y -> 0`` where ``(1 + x)^y`` on ``x >= -1`` meets ``0^0 = 1``.
``split(problem, claim, seconds)`` cuts the domain at the face ``v = c`` (a closed end ``c`` of
a variable's interval where such a base is exactly 0): the face (``v`` replaced by ``c``:
Bernoulli's ``1 + xy - (1 + x)^y`` is ``1 - y - 0^y`` on ``x = -1``, and ``0^y`` is written
``0`` where ``y > 0`` is decided on the face) and the rest, ``v > c``
(``c < v``), are decided by the whole engine, each on its own, and the rule *case split*
concludes (a part refuted at a point: the kernel's ``refute_at`` checks that point, with
``v = c`` on the face, against the whole problem). On the open part the base is ``> 0`` where
the other conditions hold, so the reductions run there (several such faces are cut one after
the other: ``x^z y^{1 - z}`` on ``x, y >= 0``). A part not proved means the method does not apply
(None): it never refutes.

Where no such face exists (the bases are only not shown ``> 0`` at once: ``\cos x`` on
``(0, \pi/2)``, whose end the quick check does not move), ``derive.powerbound`` is tried
instead, with ``POWER_SHARE`` of the time (the methods of ``realprove._decide`` do not run
on such a slack).
"""

from __future__ import annotations

import re

import sympy as sp

from derive import clock
from derive.latex import tex
from derive.proof import (
    CONSTRAINT_RELATIONS,
    PROVED,
    REFUTED,
    BoxProblem,
    Step,
    apply_rule,
    certify_identity,
    refute_at,
)

_REL = CONSTRAINT_RELATIONS
MAX_OPS = 150  # larger slacks are left to the box search
FACE_SHARE = 0.5  # of the time, for the face (lower-dimensional; the rest gets what it leaves)
POWER_SHARE = 0.5  # of the time, for derive.powerbound where no face applies


def zero_faces(problem: BoxProblem) -> list[tuple[int, sp.Rational, str]]:
    """``(i, c, side)`` for each closed end ``c`` (``side`` "lo" or "hi") of variable ``i``'s
    interval where a base of a power with a variable exponent is exactly 0."""
    bases = [p.base for p in problem.slack.atoms(sp.Pow)
             if p.exp.free_symbols and p.base.free_symbols]
    out = []
    for i, v in enumerate(problem.variables):
        for side, end in zip(("lo", "hi"), problem.bounds[i]):
            if end is None or (i, side) in problem.opens:
                continue
            if any(b.has(v) and sp.expand(b.xreplace({v: end})) == 0 for b in bases):
                out.append((i, end, side))
    return out


def split(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    """A proved step for ``problem`` by the method of the module docstring, or None."""
    if seconds <= 0.3 or sp.count_ops(problem.slack) > MAX_OPS:
        return None
    faces = zero_faces(problem)
    if not faces:
        from derive import powerbound

        got = powerbound.power_bound(problem, claim, POWER_SHARE * seconds)
        return got if got is not None and got.verdict == PROVED else None
    from derive import realprove  # the engine decides both parts

    deadline = clock.now() + seconds
    i, end, side = faces[0]
    v = problem.variables[i]
    rels = [_REL[k](g, 0) for g, k in problem.constraints]
    on_face = [r.xreplace({v: end}) for r in rels]
    if any(r is sp.false for r in on_face):
        return None
    on_face = [r for r in on_face if r is not sp.true]
    face_slack = problem.slack.xreplace({v: end})
    if face_slack.has(sp.nan, sp.zoo):
        return None
    rel = ">" if problem.strict else "\\ge"
    where = f"\\text{{ where }} {tex(v)} = {tex(end)}"
    face_claim = f"{tex(face_slack)} {rel} 0 {where}"
    # 0^e is 0 where e > 0: the face in that form, the identity proved on its conditions
    zeros = {p: sp.Integer(0) for p in face_slack.atoms(sp.Pow) if p.base == 0}
    plain = face_slack.xreplace(zeros) if zeros else face_slack
    same = None
    if plain != face_slack:
        same = [certify_identity(face_slack, plain, f"{tex(face_slack)} = {tex(plain)}",
                                 domain=on_face)]
        if same[0].verdict != PROVED:
            # with each exponent e > 0 where the face's conditions hold (decided), as SymPy
            # assumptions (0^z = 0 for z >= 1)
            exps = sorted({p.exp for p in zeros}, key=sp.default_sort_key)
            same = [realprove.decide(e, True, on_face, f"{tex(e)} > 0 {where}",
                                     seconds=0.05 * seconds) for e in exps]
            same.append(certify_identity(face_slack, plain, f"{tex(face_slack)} = "
                                         f"{tex(plain)}", domain=on_face + [e > 0 for e in exps]))
        if any(st.verdict != PROVED for st in same):
            plain, same = face_slack, None
    face = realprove.decide(plain, problem.strict, on_face, f"{tex(plain)} {rel} 0 {where}",
                            seconds=FACE_SHARE * seconds)
    if same is not None and face.verdict == PROVED:
        face = apply_rule("equal functions", [*same, face], face_claim,
                          f"${tex(face_slack)} = {tex(plain)}$ on the face")
    if face.verdict == REFUTED:  # a point of the face is a point of the domain
        return _refuted(problem, claim, face, {v: end})
    if face.verdict != PROVED:
        return None
    inside = sp.Gt(v, end) if side == "lo" else sp.Lt(v, end)
    left = deadline - clock.now()
    if left <= 0.3:
        return None
    rest = realprove.decide(problem.slack, problem.strict, [*rels, inside],
                            f"{claim} \\text{{ where }} {tex(inside)}", seconds=left)
    if rest.verdict == REFUTED:  # (the rest is part of the domain)
        return _refuted(problem, claim, rest, {})
    if rest.verdict != PROVED:
        return None
    return apply_rule("case split", [face, rest], claim,
                      f"the face ${tex(v)} = {tex(end)}$, where a base of a power with a "
                      f"variable exponent is 0, and ${tex(inside)}$, each proved")


def _refuted(problem: BoxProblem, claim: str, part: Step, fixed: dict) -> Step | None:
    """The claim refuted at the point named by the refuted ``part`` (with the variables of
    ``fixed`` at their values), re-checked by ``refute_at`` on the whole problem; else None."""
    found = re.match(r"at (.+?) \(in the domain\)", part.reason)
    if found is None:
        return None
    values = dict(fixed)
    names = {v.name: v for v in problem.variables}
    for item in found.group(1).split(", "):
        name, _, value = item.partition(" = ")
        if name not in names:
            return None
        try:
            values[names[name]] = sp.Rational(value)
        except (TypeError, ValueError):
            return None
    if set(values) != set(problem.variables):
        return None
    step = refute_at(problem, [values[v] for v in problem.variables], claim)
    if step.verdict != REFUTED:
        return None
    return Step(claim, "counterexample", REFUTED, step.reason)

"""Jupyter notebooks (``.ipynb``): the Markdown cells, in order, as one Markdown text, with
where each of its lines came from (cell number, line in the cell). The file is read as JSON
(``json.loads``, nothing evaluated); code and raw cells are skipped."""

from __future__ import annotations

import json

from derive.errors import InputError


def is_notebook(path: str) -> bool:
    return path.lower().endswith(".ipynb")


def markdown(text: str, name: str) -> tuple[str, list[tuple[int, int]]]:
    """The Markdown cells of the notebook ``text`` joined by blank lines, and for each line
    of the result (1-based: index ``line - 1``) the cell (1-based, counting every cell) and
    the line in that cell. InputError when ``text`` is not a notebook."""
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(f"{name} is not a Jupyter notebook: not JSON ({err.msg}, line "
                         f"{err.lineno})") from None
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list):
        raise InputError(f"{name} is not a Jupyter notebook of format 4: no list of cells")
    parts: list[str] = []
    where: list[tuple[int, int]] = []
    for k, cell in enumerate(cells, 1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(s for s in source if isinstance(s, str))
        if not isinstance(source, str):
            continue
        lines = source.split("\n")
        if parts:
            where.append((k, 0))  # the blank line between two cells (no equation starts there)
        where += [(k, i) for i in range(1, len(lines) + 1)]
        parts.append(source)
    return "\n\n".join(parts), where

r"""The pytest plugin: every equation of your notes is a test item.

``pytest --derive notes/`` (files or folders, repeatable) or, in ``pyproject.toml``::

    [tool.derive]
    files = ["notes/ch5-notes.md"]      # Markdown or LaTeX files, or folders of them
    strict = false                      # true: unknown fails too (as --derive-strict)
    define = ["swish(z) = z\\sigma(z)"] # activations the notes use (as derive --define)

collects one item per equation (id ``file::line``, ``file::line.2`` for a second equation on
the same line) and runs ``derive check`` on it: ``proved`` passes, ``refuted`` fails with the
equation and the counterexample, ``unknown`` is skipped with its reason (fails under
``--derive-strict``). The file is checked once, when its first item runs.
Installed as the ``pytest11`` entry point ``derive``; it imports derive only when asked.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

SUFFIXES = (".md", ".markdown", ".tex", ".ipynb")
_TEX_COMMENT = re.compile(r"(?<!\\)%[^\n]*")  # as derive check reads a .tex file


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("derive", "check the equations of Markdown/LaTeX notes")
    group.addoption("--derive", action="append", default=[], metavar="PATH",
                    help="collect every equation of these notes (files or folders) as a test")
    group.addoption("--derive-strict", action="store_true", default=False,
                    help="an equation derive cannot decide (unknown) fails too")
    group.addoption("--derive-define", action="append", default=[], metavar="NAME(z) = F",
                    help=r'define an activation for the notes, e.g. "swish(z) = z\sigma(z)"')


def _settings(config: pytest.Config) -> dict[str, Any]:
    """``[tool.derive]`` of the project's pyproject.toml (empty when there is none)."""
    path = Path(config.rootpath) / "pyproject.toml"
    if not path.is_file():
        return {}
    import tomllib

    try:
        with path.open("rb") as fh:
            return tomllib.load(fh).get("tool", {}).get("derive", {})
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise pytest.UsageError(f"derive: cannot read {path}: {err}") from None


def _targets(config: pytest.Config) -> tuple[list[Path], bool, list[str]]:
    settings = _settings(config)
    given = config.getoption("derive") or []
    root = Path(config.rootpath)
    paths = [Path(p) for p in given] or [root / p for p in settings.get("files", [])]
    strict = config.getoption("derive_strict") or bool(settings.get("strict", False))
    defines = [*settings.get("define", []), *(config.getoption("derive_define") or [])]
    files: list[Path] = []
    for p in paths:
        p = p if p.is_absolute() else Path(config.invocation_params.dir) / p
        if p.is_dir():
            files += sorted(f for f in p.rglob("*") if f.suffix in SUFFIXES and f.is_file())
        elif p.exists():
            files.append(p)
        else:
            raise pytest.UsageError(f"derive: no such file or folder: {p}")
    return files, strict, defines


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "derive: an equation of your notes checked by derive")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config,
                                  items: list[pytest.Item]) -> None:
    """Add the equations of the named notes to the collected items (before -k/-m select)."""
    files, strict, defines = _targets(config)
    if not files:
        return
    if defines:
        from derive.activations import define
        from derive.errors import InputError

        for text in defines:
            try:
                define(text)
            except InputError as err:
                raise pytest.UsageError(f"derive: {err}") from None
    for f in files:
        node = NotesFile.from_parent(session, path=f)
        node.strict = strict
        items.extend(node.collect())


class NotesFile(pytest.File):
    """One Markdown/LaTeX file of notes; checked as a whole the first time an item runs."""

    strict = False
    _results: list | None = None
    _where: list | None = None  # a notebook's (cell, line) for each line of its Markdown

    def _text(self) -> str:
        from derive.check import read_notes
        from derive.check.notebook import is_notebook, markdown
        from derive.errors import InputError

        try:
            text = read_notes(str(self.path))
            if is_notebook(str(self.path)):
                text, self._where = markdown(text, str(self.path))
        except InputError as err:
            raise pytest.UsageError(f"derive: {err}") from None
        return _TEX_COMMENT.sub("", text) if self.path.suffix == ".tex" else text

    def place(self, line: int) -> str:
        """``12``, or in a notebook ``cell3:2`` (the cell, the line in it)."""
        if self._where is None:
            return str(line)
        cell, at = self._where[line - 1]
        return f"cell{cell}:{at}"

    def collect(self) -> list[EquationItem]:
        from derive.check import extract

        seen: dict[int, int] = {}
        out = []
        for i, span in enumerate(extract(self._text())):
            seen[span.line] = seen.get(span.line, 0) + 1
            at = self.place(span.line)
            name = at if seen[span.line] == 1 else f"{at}.{seen[span.line]}"
            item = EquationItem.from_parent(self, name=name)
            item.index, item.line, item.source = i, span.line, " ".join(span.source.split())
            item.add_marker("derive")
            out.append(item)
        return out

    def results(self) -> list:
        """``derive check`` of the whole file (once): one result per equation, in order."""
        if self._results is None:
            from derive.check import check_text

            self._results = check_text(self._text())
        return self._results


class EquationFailed(Exception):
    """An equation refuted (or, strict, unknown)."""


class EquationItem(pytest.Item):
    """One equation of the notes."""

    index = 0
    line = 0
    source = ""

    def runtest(self) -> None:
        results = self.parent.results()
        r = results[self.index] if self.index < len(results) else None
        if r is None:
            raise EquationFailed(f"{self.source}\n  not checked: derive check returned "
                                 f"{len(results)} results")
        self.user_properties.append(("verdict", str(r.verdict)))
        if r.verdict == "proved":
            return
        from derive.latex import rich_text  # the reason's math in Unicode, as on a terminal

        if r.verdict == "refuted" or self.parent.strict:
            raise EquationFailed(f"{r.source}\n  {r.verdict}: {rich_text(r.reason)}")
        raise pytest.skip.Exception(f"unknown: {rich_text(r.reason)}", _use_item_location=True)

    def repr_failure(self, excinfo, style=None) -> str:
        if isinstance(excinfo.value, EquationFailed):
            return f"{self.parent.path.name}:{self.parent.place(self.line)}: {excinfo.value}"
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, int, str]:
        at = self.parent.place(self.line)
        line = self.line - 1 if self.parent._where is None else 0
        return self.parent.path, line, f"{self.parent.path.name}:{at}"

"""The pytest plugin (``pytest --derive notes.md``), run in fresh projects with pytester."""

from pathlib import Path

import pytest

# imported here, before pytester's in-process runs snapshot sys.modules (a C extension such as
# numpy cannot be imported a second time after the snapshot is restored)
import derive.check  # noqa: F401
import derive.plugin  # noqa: F401

pytest_plugins = ["pytester"]

DATA = Path(__file__).parent / "data"
NOTES = r"""# my notes

$\sigma(0) = \frac{1}{2}$ and $\sigma(0) = 1$

$$\sum_k k \le 1$$
"""


def test_ch5_notes_in_a_fresh_project(pytester):
    pytester.makefile(".md", **{"ch5-notes": (DATA / "ch5-notes.md").read_text()})
    result = pytester.runpytest("--derive", "ch5-notes.md", "-rs", "-v")
    result.assert_outcomes(passed=1, skipped=3)  # one claim proved; three are not claims
    result.stdout.fnmatch_lines(["*ch5-notes.md::27 PASSED*"])
    assert result.ret == 0


def test_refuted_fails_with_equation_and_counterexample(pytester):
    pytester.makefile(".md", notes=NOTES)
    result = pytester.runpytest("--derive", "notes.md")
    result.assert_outcomes(passed=1, failed=1, skipped=1)
    result.stdout.fnmatch_lines(["*notes.md:3: \\sigma(0) = 1*",
                                 "*refuted: the difference lies in*excludes 0*"])
    assert result.ret == 1


def test_ids_are_file_and_line(pytester):
    pytester.makefile(".md", notes=NOTES)
    result = pytester.runpytest("--derive", "notes.md", "--collect-only", "-q")
    result.stdout.fnmatch_lines(["notes.md::3", "notes.md::3.2", "notes.md::5"])


def test_strict_fails_on_unknown(pytester):
    pytester.makefile(".md", notes=NOTES)
    result = pytester.runpytest("--derive", "notes.md", "--derive-strict")
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(["*notes.md:5: \\sum_k k \\le 1*", "*unknown:*"])


def test_pyproject_names_files_strict_and_definitions(pytester):
    pytester.makefile(".md", notes=NOTES)
    pytester.makefile(".tex", more=r"$\operatorname{mysq}(3) = 9$ % $1 = 2$ is a comment")
    pytester.makepyprojecttoml('[tool.derive]\nfiles = ["notes.md", "more.tex"]\n'
                               'strict = true\ndefine = ["mysq(z) = z^2"]\n')
    result = pytester.runpytest("--collect-only", "-q")
    result.stdout.fnmatch_lines(["notes.md::3", "notes.md::3.2", "notes.md::5", "more.tex::1"])
    from derive import activations

    assert "mysq" in activations.names()


def test_a_folder_collects_its_markdown_and_latex(pytester):
    (pytester.path / "notes").mkdir()
    (pytester.path / "notes" / "a.md").write_text("$1 + 1 = 2$\n")
    (pytester.path / "notes" / "b.tex").write_text("\\[ 2 < 3 \\]\n")
    (pytester.path / "notes" / "c.txt").write_text("$1 = 2$\n")
    result = pytester.runpytest("--derive", "notes")
    result.assert_outcomes(passed=2)


def test_missing_file_is_a_usage_error(pytester):
    result = pytester.runpytest("--derive", "nowhere.md")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*derive: no such file or folder*nowhere.md*"])


def test_without_derive_options_nothing_is_added(pytester):
    pytester.makefile(".md", notes=NOTES)
    pytester.makepyfile("def test_x():\n    assert True\n")
    pytester.runpytest().assert_outcomes(passed=1)


def test_a_notebooks_markdown_cells_by_cell_and_line(pytester):
    import json

    cells = [{"cell_type": "markdown", "metadata": {},
              "source": ["# notes\n", r"$\sigma(0) = 1$"]},
             {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": 1,
              "source": ["x = '$1 = 2$'\n"]},
             {"cell_type": "markdown", "metadata": {}, "source": [r"$\sigma(0) = \frac{1}{2}$"]}]
    pytester.makefile(".ipynb", nb=json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                                               "nbformat_minor": 5}))
    result = pytester.runpytest("--derive", "nb.ipynb", "-v")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*nb.ipynb::cell3:1 PASSED*",
                                 "*nb.ipynb:cell1:2: \\sigma(0) = 1*"])

"""derive check on a Jupyter notebook: its Markdown cells, each result placed by cell and line;
code cells skipped; a file that is not a notebook is one line on stderr and exit 2."""

import json

import pytest

from derive.check import check_file
from derive.cli import main


def _notebook(tmp_path, cells, name="notes.ipynb"):
    path = tmp_path / name
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                                "nbformat_minor": 5}, indent=1))
    return str(path)


def _md(*lines):
    return {"cell_type": "markdown", "metadata": {}, "source": [f"{x}\n" for x in lines]}


def test_the_markdown_cells_are_checked_and_placed_by_cell_and_line(tmp_path):
    path = _notebook(tmp_path, [
        _md("# Vanishing gradients", r"The derivative is bounded: $\sigma'(z) \le \frac14$."),
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": 1,
         "source": ["s = '$\\\\sigma(0) = 7$'  # a string in code: not an equation\n"]},
        _md(r"And $$\sigma'(0) = 0.3$$ is wrong."),
    ])
    rs = check_file(path)
    assert [(r.cell, r.line, r.source, str(r.verdict)) for r in rs] == [
        (1, 2, r"\sigma'(z) \le \frac14", "proved"),
        (3, 1, r"\sigma'(0) = 0.3", "refuted")]
    assert rs[0].place == "cell 1:2" and rs[0].to_dict()["cell"] == 1


def test_the_cli_prints_the_cell(tmp_path, capsys):
    path = _notebook(tmp_path, [_md(r"$\sigma'(0) = \frac14$")])
    assert main(["check", path]) == 0
    assert f"{path}:cell 1:1" in capsys.readouterr().out


@pytest.mark.parametrize("text, said", [
    ("not json", "not JSON"),
    ('{"a": 1}', "no list of cells"),
])
def test_a_file_that_is_not_a_notebook_is_one_line_and_exit_2(tmp_path, capsys, text, said):
    path = tmp_path / "bad.ipynb"
    path.write_text(text)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert said in err and err.count("\n") == 1 and "Traceback" not in err

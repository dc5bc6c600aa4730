"""The committed notebooks: thin, parameterized, without outputs."""

from __future__ import annotations

import ast

import nbformat
import pytest

from analysis import config
from analysis.chapters import all_chapters

REQUIRED_PARAMETERS = {"country_a", "country_b", "start_year", "end_year", "comparators"}


@pytest.fixture(params=[chapter.id for chapter in all_chapters()])
def notebook(request):
    return nbformat.read(config.NOTEBOOKS_DIR / f"{request.param}.ipynb", as_version=4)


def test_each_chapter_has_a_tagged_parameters_cell_with_the_defaults(notebook):
    tagged = [cell for cell in notebook.cells if "parameters" in cell.metadata.get("tags", [])]
    assert len(tagged) == 1, "expected exactly one cell tagged 'parameters'"
    names = {}
    exec(compile(tagged[0].source, "parameters", "exec"), {}, names)
    assert REQUIRED_PARAMETERS <= set(names)
    assert (names["country_a"], names["country_b"]) == config.DEFAULT_PAIR


def test_notebooks_are_committed_without_outputs(notebook):
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None


def test_notebooks_stay_thin(notebook):
    """No function or class definitions and no long code cells: logic lives in analysis/."""
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        assert not any(isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.Lambda)) for node in ast.walk(tree))
        assert len(cell.source.splitlines()) <= 12, f"a code cell of {len(cell.source.splitlines())} lines"


def test_each_chapter_starts_with_its_title(notebook):
    first = notebook.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")

"""Kernels started ahead: the notebook run in one is the notebook run in a kernel started at its turn."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from analysis.ahead import modules_imported_by, PreparedKernel
from analysis.execution import KERNEL_ARGUMENTS

NAMESPACE = "print(sorted(name for name in globals() if not name.startswith('_') and name not in ('In', 'Out', " \
            "'get_ipython', 'exit', 'quit', 'open')))"


def write_notebook(path, *sources: str):
    cells = [new_markdown_cell("A chapter")] + [new_code_cell(source) for source in sources]
    nbformat.write(new_notebook(cells=cells), path)
    return path


def test_the_modules_a_notebook_imports_are_read_from_its_code_cells(tmp_path):
    notebook = write_notebook(tmp_path / "chapter.ipynb", "import json\nimport os.path as p",
                              "from analysis.render import tables, charts\nfrom . import nothing",
                              "%matplotlib inline\nimport never_read", "def f():\n    import inside")
    assert modules_imported_by(notebook) == ["json", "os.path", "analysis.render", "analysis.render.tables",
                                             "analysis.render.charts"]


def run(notebook, destination, manager=None):
    import papermill

    papermill.execute_notebook(str(notebook), str(destination), kernel_name="python3", progress_bar=False,
                               extra_arguments=KERNEL_ARGUMENTS, **({"km": manager} if manager else {}))
    return nbformat.read(destination, as_version=4)


def outputs(notebook):
    return [(cell.execution_count, [output.get("text") for output in cell.outputs])
            for cell in notebook.cells if cell.cell_type == "code"]


def test_a_notebook_run_in_a_prepared_kernel_sees_no_trace_of_the_preparation(tmp_path):
    from jupyter_core.utils import run_sync

    notebook = write_notebook(tmp_path / "chapter.ipynb", "import json\nfrom textwrap import dedent", NAMESPACE,
                              "import sys\nprint('textwrap' in sys.modules)")
    kernel = PreparedKernel(notebook)
    manager = kernel.take()
    assert manager is not None and manager.has_kernel
    try:
        warm = run(notebook, tmp_path / "warm.ipynb", manager)
    finally:  # a kernel handed to papermill is shut down by whoever started it
        run_sync(manager.shutdown_kernel)(now=True)
    cold = run(notebook, tmp_path / "cold.ipynb")
    assert outputs(warm) == outputs(cold), "the executed notebooks differ"
    assert outputs(warm)[0][0] == 1, "the preparation took an execution count"
    assert "['dedent', 'json']" in outputs(warm)[1][1][0]


def test_a_prepared_kernel_not_used_is_shut_down(tmp_path):
    notebook = write_notebook(tmp_path / "chapter.ipynb", "import json")
    kernel = PreparedKernel(notebook)
    kernel._started.result()
    manager = kernel._manager
    assert manager is not None and manager.has_kernel
    kernel.close()
    assert not manager.has_kernel
    assert kernel.take() is None

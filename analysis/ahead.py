"""Work done ahead on cores the running chapters leave idle: the summary's kernel started with its
imports (``PreparedKernel``), and parts of the HTML report rendered before its stage (``ReportAhead``).
What is made ahead is exactly what would be made at its turn; anything that fails here is made again
there, where its error is reported.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Iterable

from analysis import config
from analysis.execution import Background, executed_path, KERNEL_ARGUMENTS, shut_down_kernel
from analysis.params import ReportParameters


def modules_imported_by(notebook_path: Path) -> list[str]:
    """The modules a notebook's code cells import at their top level, in order (``from a import b`` gives
    ``a`` and ``a.b``, which may be a module)."""
    import nbformat

    names: list[str] = []
    for cell in nbformat.read(notebook_path, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        try:
            statements = ast.parse(cell.source).body
        except SyntaxError:
            continue
        for statement in statements:
            if isinstance(statement, ast.Import):
                names += [alias.name for alias in statement.names]
            elif isinstance(statement, ast.ImportFrom) and statement.level == 0 and statement.module:
                names += [statement.module] + [f"{statement.module}.{alias.name}" for alias in statement.names]
    return list(dict.fromkeys(names))


IMPORT_QUIETLY = """import importlib as _importlib
for _name in {names!r}:
    try:
        _importlib.import_module(_name)
    except ImportError:
        pass
del _importlib, _name
"""


class PreparedKernel:
    """A fresh kernel started ahead for one notebook, with the modules it imports already imported.

    Started on a core the running chapters leave idle, it spares the notebook's start-up when its
    turn comes. It is the notebook's own kernel (used once, then shut down): only imports happen
    in it before the notebook runs, silently and without history, so the executed notebook is the
    same as from a kernel started at its turn. If anything fails, ``take`` gives None and the
    notebook starts its kernel as usual.
    """

    def __init__(self, notebook_path: Path) -> None:
        self._manager = None
        self._started = Background(self._start, notebook_path)

    def _start(self, notebook_path: Path) -> None:
        from jupyter_client.blocking import BlockingKernelClient
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        manager = AsyncKernelManager(kernel_name="python3")
        try:
            run_sync(manager.start_kernel)(extra_arguments=KERNEL_ARGUMENTS, cwd=str(config.NOTEBOOKS_DIR))
            client = BlockingKernelClient()
            client.load_connection_info(manager.get_connection_info())
            client.start_channels()
            try:
                client.wait_for_ready(timeout=60)
                code = IMPORT_QUIETLY.format(names=modules_imported_by(notebook_path))
                reply = client.execute_interactive(code, silent=True, store_history=False, timeout=120)
            finally:
                client.stop_channels()
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"the imports failed in the prepared kernel: {reply['content']}")
            self._manager = manager
        except Exception:  # noqa: BLE001 - the notebook then starts its own kernel, which reports any error
            shut_down_kernel(manager)

    def close(self) -> None:
        """Shut the kernel down unused."""
        manager = self.take()
        if manager is not None:
            shut_down_kernel(manager)

    def take(self):
        """The started kernel's manager (an ``AsyncKernelManager``), or None if it could not be prepared."""
        self._started.result()
        manager, self._manager = self._manager, None
        return manager


class ReportAhead:
    """Parts of the HTML report made in a thread on a core the kernels leave idle, before the HTML stage:
    chapters whose executed notebooks will not change, then (while the summary's kernel runs) the other
    chapters and the appendices. Each part is made once, in order; a part that fails is left to the HTML
    stage, which makes it again and reports the error."""

    def __init__(self, parameters: ReportParameters) -> None:
        self._parameters = parameters
        self._chapters: dict = {}
        self._appendices = None
        self._last: Background | None = None

    def render(self, chapter_ids: Iterable[str], with_appendices: bool = False) -> None:
        paths = [executed_path(self._parameters.slug, chapter) for chapter in chapter_ids]
        before = self._last

        def work() -> None:
            if before is not None:
                before.result()
            try:
                from analysis.render import report  # nbconvert and the template: about half a second

                made = report.prepare([path for path in paths if path.exists()], self._parameters.country_a,
                                      self._parameters.country_b, with_appendices)
            except Exception:  # noqa: BLE001 - made again, with its error reported, by the HTML stage
                return
            self._chapters.update(made.chapters)
            if made.appendices is not None:
                self._appendices = made.appendices

        self._last = Background(work)

    def parts(self):
        """What was made (a ``report.Prepared``), once every part under way is finished."""
        if self._last is None:
            return None
        self._last.result()
        from analysis.render.report import Prepared

        return Prepared(dict(self._chapters), self._appendices)

"""Running one chapter's notebook in a fresh kernel, and saying clearly where and why it failed.

A notebook runs into ``<chapter>.running.ipynb`` beside its executed copy and replaces it only when
every cell has run; a failed one is kept in ``failed/`` for inspection, named by notebook and cell.
"""

from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from analysis import config
from analysis.chapters import all_chapters
from analysis.data.catalog import relative
from analysis.params import ReportParameters

# Keep the kernel's own start-up notices (such as its transport warning) out of the build log.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL", "--HistoryManager.enabled=False"]


class StageFailed(RuntimeError):
    """A build stage failed; the message says what a person should look at."""


class Interrupted(BaseException):
    """The build was asked to stop (Ctrl-C, SIGTERM or SIGHUP)."""

    def __init__(self, signal_number: int) -> None:
        super().__init__(signal.Signals(signal_number).name)
        self.signal_number = signal_number


# Executed notebooks being written right now; an interrupted build removes them.
RUNNING: set[Path] = set()

# The signals received: a library between the signal and the build may turn the interruption into an error
# of its own (a kernel that stopped answering), which is then still reported as the interruption.
STOP_REQUESTED: list[int] = []


class Background:
    """``function(*args)`` started at once in a worker thread; ``result()`` waits for it and returns its value
    or raises its error. The wait is made in steps, so that a stop signal is seen in the main thread."""

    def __init__(self, function, *args) -> None:
        self._outcome: dict[str, object] = {}

        def work() -> None:
            try:
                self._outcome["value"] = function(*args)
            except BaseException as error:  # handed to the thread that asks for the result
                self._outcome["error"] = error

        self._worker = threading.Thread(target=work, daemon=True)
        self._worker.start()

    def result(self):
        while self._worker.is_alive():
            self._worker.join(timeout=0.1)
        if "error" in self._outcome:
            raise self._outcome["error"]
        return self._outcome.get("value")


def in_worker(function, *args):
    """``function(*args)`` run in a worker thread while this (main) thread waits for it.

    A stop signal raises ``Interrupted`` in the main thread wherever it is. Work run there could let it
    land where it is swallowed: in a weak reference's callback during clean-up, or in a callback of an
    asyncio loop (which passes on only KeyboardInterrupt and SystemExit). Waiting on a worker keeps the
    main thread where the exception is always seen."""
    return Background(function, *args).result()


@contextmanager
def stage(label: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    except Exception:
        print(f"✗ {label} failed after {time.perf_counter() - started:.1f} s", flush=True)
        raise
    print(f"✓ {label} ({time.perf_counter() - started:.1f} s)", flush=True)


def pair_build_dir(slug: str) -> Path:
    return config.BUILD_DIR / slug


def executed_path(slug: str, chapter: str) -> Path:
    return pair_build_dir(slug) / f"{chapter}.ipynb"


def _cell_label(index: int, cell) -> str:
    first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
    return f"cell {index} ({first_line!r})"


def failing_cell(notebook_path: Path, failure: str = "") -> str:
    """Describe the cell that failed, from an executed (or half-executed) notebook.

    With ``failure`` (why execution stopped: a time-out, a dead kernel) the last cell papermill
    started is named with it; otherwise the first cell with an error output, with its error.
    """
    import nbformat

    notebook = nbformat.read(notebook_path, as_version=4)
    if failure:
        started = [(index, cell) for index, cell in enumerate(notebook.cells)
                   if cell.cell_type == "code" and cell.get("metadata", {}).get("papermill", {}).get("start_time")]
        if started:
            return f"{_cell_label(*started[-1])}: {failure}"
        return f"no cell had started: {failure}"
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return f"{_cell_label(index, cell)}: {output.get('ename')}: {output.get('evalue')}"
    return "no cell recorded the error"


def execution_failure(error: BaseException, timeout: int) -> str | None:
    """Why a notebook stopped, in words, for the errors that leave no error output in the cell."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    if isinstance(error, CellTimeoutError):
        return (f"the cell did not finish within {timeout} s (the limit per cell, "
                f"set with {config.CELL_TIMEOUT_VARIABLE})")
    if isinstance(error, DeadKernelError):
        return "the kernel died while the cell ran"
    return None


def shut_down_kernel(manager) -> None:
    """Stop a kernel this build started (at once: its notebook has run)."""
    from jupyter_core.utils import run_sync

    try:
        if manager.has_kernel:
            run_sync(manager.shutdown_kernel)(now=True)
    except Exception:  # noqa: BLE001 - a kernel already gone
        pass


def run_notebook(chapter: str, parameters: ReportParameters, manager=None) -> None:
    """Execute one chapter's notebook in a fresh kernel: ``manager``'s (a started ``AsyncKernelManager``, shut
    down here once the notebook has run) or one papermill starts."""
    known = [known.id for known in all_chapters()]
    if chapter not in known:
        raise StageFailed(f"unknown chapter {chapter!r}; expected one of {', '.join(known)}")
    import papermill

    source = config.NOTEBOOKS_DIR / f"{chapter}.ipynb"
    destination = executed_path(parameters.slug, chapter)
    destination.parent.mkdir(parents=True, exist_ok=True)
    in_progress = destination.with_suffix(".running.ipynb")
    failed = pair_build_dir(parameters.slug) / "failed" / f"{chapter}.ipynb"
    timeout = config.cell_timeout()
    with stage(f"notebook: {chapter} [{parameters.slug}]"):
        RUNNING.add(in_progress)
        try:
            papermill.execute_notebook(
                str(source), str(in_progress), parameters=parameters.as_papermill(), kernel_name="python3",
                progress_bar=False, cwd=str(config.NOTEBOOKS_DIR), report_mode=False,
                extra_arguments=KERNEL_ARGUMENTS, execution_timeout=timeout,
                **({"km": manager} if manager is not None else {}),
            )
        except Interrupted:
            in_progress.unlink(missing_ok=True)
            raise
        except Exception as error:
            failure = execution_failure(error, timeout)
            if failure is None and not isinstance(error, papermill.PapermillExecutionError):
                raise
            if not in_progress.exists():
                raise StageFailed(f"notebook {relative(source)} failed before its first cell: {failure}") from error
            failed.parent.mkdir(parents=True, exist_ok=True)
            in_progress.replace(failed)
            raise StageFailed(
                f"notebook {relative(source)} failed in {failing_cell(failed, failure or '')}\n"
                f"  the executed notebook is kept for inspection: {failed}\n"
                f"  the last good report is left in place") from error
        finally:
            RUNNING.discard(in_progress)
            if manager is not None:  # a kernel the notebook did not start is not shut down by it
                shut_down_kernel(manager)
        failed.unlink(missing_ok=True)
        in_progress.replace(destination)

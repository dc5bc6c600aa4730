"""The build's command line, called by the Makefile one stage at a time.

    python -m analysis.build validate
    python -m analysis.build notebooks --pair RUS-CHN        # every out-of-date chapter
    python -m analysis.build notebook 04_geopolitics --pair RUS-CHN
    python -m analysis.build html --pair RUS-CHN
    python -m analysis.build pdf --pair RUS-CHN

Each stage prints one line with its duration. A stage that fails prints what
failed and where, and exits non-zero; the previous outputs stay in place.

The ``notebooks`` stage runs every chapter whose executed notebook is older
than its source, the data or the ``analysis`` code, several at a time, each in
its own fresh kernel (no state is shared between chapters). One process drives
them all, so the start-up cost of Python and papermill is paid once.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from . import config
from .params import ParameterError, ReportParameters, parse_pair
from .schemas import DataValidationError


# Keep the kernel's own start-up notices (such as its transport warning) out of the build log.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL", "--HistoryManager.enabled=False"]


class StageFailed(RuntimeError):
    """A build stage failed; the message says what a person should look at."""


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


DATA_STAMP = "data.ok"


def input_files() -> list[Path]:
    """Everything a chapter's results depend on besides its own notebook: data and code."""
    data = [path for path in config.DATA_DIR.rglob("*") if path.is_file()]
    code = list((config.PROJECT_ROOT / "analysis").glob("*.py"))
    return data + code


def newest_mtime(paths: list[Path]) -> float:
    return max((path.stat().st_mtime for path in paths), default=0.0)


def is_stale(target: Path, sources: list[Path]) -> bool:
    return not target.exists() or target.stat().st_mtime < newest_mtime(sources)


def validate_data(force: bool = True) -> None:
    """Validate every raw table; skipped when nothing changed since the last validation."""
    stamp = config.BUILD_DIR / DATA_STAMP
    if not force and not is_stale(stamp, input_files()):
        return
    from .validation import validate_snapshot

    with stage("data: validate the snapshot"):
        rows = validate_snapshot()
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(f"{len(rows)} figures valid\n", encoding="utf-8")


SUMMARY = "00_summary"  # reads the other chapters' results files, so it runs after them


def chapter_inputs(slug: str, chapter: str) -> list[Path]:
    inputs = input_files() + [config.NOTEBOOKS_DIR / f"{chapter}.ipynb"]
    if chapter == SUMMARY:
        inputs += list((pair_build_dir(slug) / "results").glob("*.json"))
    return inputs


def stale_chapters(slug: str) -> list[str]:
    """Chapters whose executed notebook is missing or older than its inputs."""
    return [chapter for chapter in config.CHAPTERS if is_stale(executed_path(slug, chapter), chapter_inputs(slug, chapter))]


def run_notebooks(parameters: ReportParameters, jobs: int, prepare_report: bool = False) -> None:
    """Validate the data, then run every out-of-date chapter, ``jobs`` at a time.

    With ``prepare_report`` (the HTML stage follows in this process) the HTML converter is
    loaded on a core the kernels leave idle: at once when fewer chapters than cores are to
    run, otherwise while the summary's kernel runs alone.
    """
    validate_data(force=False)
    # Longest first (the notebook's size stands in for its running time), so that the
    # slowest chapter never starts last and holds up the whole stage.
    chapters = sorted((chapter for chapter in stale_chapters(parameters.slug) if chapter != SUMMARY),
                      key=lambda chapter: -(config.NOTEBOOKS_DIR / f"{chapter}.ipynb").stat().st_size)
    failures: list[StageFailed] = []
    # papermill (and jupyter_client under it) is imported here, before any thread starts: imported
    # at once by a kernel thread and by the converter's warm-up, its circular imports can meet
    # half-initialised and fail the build.
    import papermill  # noqa: F401

    warm_up = threading.Thread(target=_import_report_stage, daemon=True)
    if prepare_report and len(chapters) < (os.cpu_count() or 1):
        warm_up.start()

    def run(chapter: str) -> None:
        try:
            run_notebook(chapter, parameters)
        except StageFailed as failure:
            failures.append(failure)

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        list(pool.map(run, chapters))
    if not failures and SUMMARY in stale_chapters(parameters.slug):  # decided now: chapters may have new results
        if prepare_report and not warm_up.is_alive() and warm_up.ident is None:
            warm_up.start()
        run(SUMMARY)
    if failures:
        raise StageFailed("\n".join(str(failure) for failure in failures))
    stamp = pair_build_dir(parameters.slug) / "notebooks.stamp"
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text("".join(f"{chapter}\n" for chapter in config.CHAPTERS), encoding="utf-8")


def _import_report_stage() -> None:
    from . import report  # noqa: F401  (nbconvert and the template: about half a second)


def failing_cell(notebook_path: Path) -> str:
    """Describe the first cell that raised, from an executed notebook."""
    import nbformat

    notebook = nbformat.read(notebook_path, as_version=4)
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
                return f"cell {index} ({first_line!r}): {output.get('ename')}: {output.get('evalue')}"
    return "no cell recorded the error"


def run_notebook(chapter: str, parameters: ReportParameters) -> None:
    if chapter not in config.CHAPTERS:
        raise StageFailed(f"unknown chapter {chapter!r}; expected one of {', '.join(config.CHAPTERS)}")
    import papermill

    source = config.NOTEBOOKS_DIR / f"{chapter}.ipynb"
    destination = executed_path(parameters.slug, chapter)
    destination.parent.mkdir(parents=True, exist_ok=True)
    in_progress = destination.with_suffix(".running.ipynb")
    failed = pair_build_dir(parameters.slug) / "failed" / f"{chapter}.ipynb"
    with stage(f"notebook: {chapter} [{parameters.slug}]"):
        try:
            papermill.execute_notebook(
                str(source), str(in_progress), parameters=parameters.as_papermill(), kernel_name="python3",
                progress_bar=False, cwd=str(config.NOTEBOOKS_DIR), report_mode=False,
                extra_arguments=KERNEL_ARGUMENTS,
            )
        except papermill.PapermillExecutionError as error:
            failed.parent.mkdir(parents=True, exist_ok=True)
            in_progress.replace(failed)
            raise StageFailed(
                f"notebook {source.relative_to(config.PROJECT_ROOT)} failed in {failing_cell(failed)}\n"
                f"  the executed notebook is kept for inspection: {failed}\n"
                f"  the last good report is left in place") from error
        failed.unlink(missing_ok=True)
        in_progress.replace(destination)


def html_is_stale(parameters: ReportParameters) -> bool:
    """Whether the HTML report is missing or older than the executed chapters, templates or code.

    (``make report`` may already have written it in the notebooks stage's process.)
    """
    sources = [executed_path(parameters.slug, chapter) for chapter in config.CHAPTERS]
    sources += [path for path in (config.PROJECT_ROOT / "analysis").rglob("*") if path.is_file()]
    return is_stale(config.REPORTS_DIR / parameters.slug / "report.html", sources)


def pdf_is_stale(parameters: ReportParameters) -> bool:
    folder = config.REPORTS_DIR / parameters.slug
    return is_stale(folder / "report.pdf", [folder / "report.html"])


def build_html(parameters: ReportParameters) -> None:
    from .report import build_html as combine

    destination = config.REPORTS_DIR / parameters.slug / "report.html"
    executed = [executed_path(parameters.slug, chapter) for chapter in config.CHAPTERS]
    with stage(f"html: {destination.relative_to(config.REPORTS_DIR.parent)}"):
        dropped = combine(executed, destination, parameters.country_a, parameters.country_b)
    for line in dropped:
        print(f"  warning left out of the report: {line}", flush=True)


def start_browser():
    """A ``pdf.WarmChromium`` for the PDF stage, or None if Chromium cannot start (the PDF stage then says why)."""
    from .pdf import PdfError, WarmChromium

    try:
        return WarmChromium()
    except (PdfError, OSError):
        return None


def build_pdf(parameters: ReportParameters, browser=None) -> None:
    """Print the HTML report; with ``browser`` (a ``pdf.WarmChromium`` started earlier) without its start-up."""
    from .pdf import build_pdf as print_pdf

    folder = config.REPORTS_DIR / parameters.slug
    with stage(f"pdf: {(folder / 'report.pdf').relative_to(config.REPORTS_DIR.parent)}"):
        if browser is not None:
            browser.print_pdf(folder / "report.html", folder / "report.pdf")
        else:
            print_pdf(folder / "report.html", folder / "report.pdf")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.build", description=__doc__.split("\n\n")[0])
    parser.add_argument("stage", choices=["validate", "notebooks", "notebook", "html", "pdf"])
    parser.add_argument("chapter", nargs="?", help="the notebook to run (stage 'notebook')")
    parser.add_argument("--and-report", action="store_true",
                        help="stage 'notebooks': go on to the HTML and the PDF in the same process")
    parser.add_argument("--pair", default=config.pair_slug(*config.DEFAULT_PAIR), help="e.g. RUS-CHN")
    parser.add_argument("--jobs", type=int, default=(os.cpu_count() or 1) + 1,
                        help="notebooks run at once (default: cores + 1; kernels wait on each other's start-up)")
    args = parser.parse_args(argv)
    try:
        if args.stage == "validate":
            validate_data()
            return 0
        country_a, country_b = parse_pair(args.pair)
        parameters = ReportParameters(country_a=country_a, country_b=country_b)
        if args.stage == "notebooks" and args.and_report:
            browser = start_browser()  # starts while the chapters run
            try:
                run_notebooks(parameters, args.jobs, prepare_report=True)
                build_html(parameters)
                build_pdf(parameters, browser)
            finally:
                if browser is not None:
                    browser.close()
        elif args.stage == "notebooks":
            run_notebooks(parameters, args.jobs)
        elif args.stage == "notebook":
            if not args.chapter:
                parser.error("the 'notebook' stage needs a chapter name, e.g. 04_geopolitics")
            run_notebook(args.chapter, parameters)
        elif args.stage == "html":
            if html_is_stale(parameters):
                build_html(parameters)
        elif pdf_is_stale(parameters):
            build_pdf(parameters)
    except DataValidationError as error:
        print(f"error: the data snapshot is invalid, nothing was built: {error}", file=sys.stderr)
        return 1
    except (ParameterError, StageFailed) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2 if isinstance(error, ParameterError) else 1
    except Exception as error:  # a data or report error: name it, do not bury it in a traceback
        print(f"error: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

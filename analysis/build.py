"""The build's command line, called by the Makefile one stage at a time.

    python -m analysis.build validate
    python -m analysis.build notebooks --pair RUS-CHN        # every out-of-date chapter
    python -m analysis.build notebook NN_name --pair RUS-CHN
    python -m analysis.build html --pair RUS-CHN
    python -m analysis.build pdf --pair RUS-CHN

Each stage prints one line with its duration. A stage that fails prints what
failed and where, and exits non-zero; the previous outputs stay in place.

The ``notebooks`` stage runs every chapter whose executed notebook is older
than its source, the data or the ``analysis`` code, several at a time, each in
its own fresh kernel (no state is shared between chapters). One process drives
them all, so the start-up cost of Python and papermill is paid once.

The report of a pair is one unit: the HTML, the PDF and the claims ledger are made in the
pair's build folder and published together (``files.publish_folder``), so that
``reports/<PAIR>/`` holds one build's files whatever stops the build. An interrupted build
(Ctrl-C, SIGTERM, SIGHUP) stops its browser and kernels, removes its unfinished files and
says so in one line.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import signal
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterable

from analysis import config, files
from analysis.claims import editions
from analysis.chapters import SUMMARY, all_chapters, Chapter, chapter_named
from analysis.data.catalog import relative
from analysis.data.schemas import DataValidationError
from analysis.dependencies import chapter_inputs
from analysis.params import ParameterError, parse_pair, ReportParameters
from analysis import printing
from analysis.ahead import PreparedKernel, ReportAhead
from analysis.execution import (Background, executed_path, in_worker, Interrupted, pair_build_dir, run_notebook,
                                RUNNING, stage, StageFailed, STOP_REQUESTED)


def _stop(signal_number: int, _frame: object) -> None:
    STOP_REQUESTED.append(signal_number)
    raise Interrupted(signal_number)


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
REPORT_HTML, REPORT_PDF = "report.html", "report.pdf"


def staged_path(slug: str, name: str) -> Path:
    """Where a report file is made before it is published: the pair's build folder."""
    return pair_build_dir(slug) / name


def published_path(slug: str, name: str) -> Path:
    return config.REPORTS_DIR / slug / name


def publish(slug: str, names: tuple[str, ...]) -> None:
    """Put the staged ``names`` (with the claims ledger and the report's data) in ``reports/<PAIR>/`` as one unit."""
    unit = {name: staged_path(slug, name) for name in (*names, config.LEDGER_FILE, config.SOURCES_FILE)}
    previous = editions.previous_for_publishing(staged_path(slug, config.LEDGER_FILE),
                                                published_path(slug, config.LEDGER_FILE))
    if previous is not None:
        unit[f"{editions.PREVIOUS_FOLDER}/{config.LEDGER_FILE}"] = previous
    data = staged_path(slug, config.REPORT_DATA_FOLDER)
    unit.update({f"{config.REPORT_DATA_FOLDER}/{path.name}": path for path in sorted(data.glob("*")) if path.is_file()})
    files.publish_folder(config.REPORTS_DIR / slug, unit)


def browser_profiles() -> Path:
    return config.BUILD_DIR / "browser"


def remove_leftovers(slug: str) -> None:
    """What a build killed outright left behind: unfinished notebooks, staged reports, browser profiles."""
    for leftover in pair_build_dir(slug).glob("*.running.ipynb"):
        leftover.unlink(missing_ok=True)
    files.remove_leftovers(config.REPORTS_DIR)
    from analysis.render.pdf import remove_stale_profiles

    remove_stale_profiles(browser_profiles())


DATA_STAMP = "data.ok"


def input_files() -> list[Path]:
    """Everything the data stage depends on: every data file and the project's code."""
    data = [path for path in config.DATA_DIR.rglob("*") if path.is_file()]
    code = list((config.PROJECT_ROOT / "analysis").rglob("*.py"))
    return data + code


def newest_mtime(paths: Iterable[Path]) -> float:
    return max((path.stat().st_mtime for path in paths), default=0.0)


def is_stale(target: Path, sources: Iterable[Path]) -> bool:
    return not target.exists() or target.stat().st_mtime < newest_mtime(sources)


def validation_stamp() -> Path:
    return config.BUILD_DIR / DATA_STAMP


def validate_data(force: bool = True) -> None:
    """Validate every raw table; skipped when neither the code nor any data file changed since the last
    validation (the stamp records the data's fingerprint, which the chapters' kernels are told to trust)."""
    from analysis.data.validation import data_fingerprint, validate_snapshot, validation_record

    stamp = validation_stamp()
    fingerprint = data_fingerprint()
    recorded = stamp.read_text(encoding="utf-8").split() if stamp.exists() else []
    if force or is_stale(stamp, input_files()) or fingerprint not in recorded:
        with stage("data: validate the snapshot"):
            rows = validate_snapshot()
            stamp.parent.mkdir(parents=True, exist_ok=True)
            files.write_atomically(stamp, validation_record(len(rows), fingerprint).encode("utf-8"))


def stale_chapters(slug: str) -> list[Chapter]:
    """Chapters whose executed notebook is missing or older than one of their inputs (``analysis.dependencies``)."""
    results = pair_build_dir(slug) / "results"
    return [chapter for chapter in all_chapters()
            if is_stale(executed_path(slug, chapter.id), chapter_inputs(chapter, results))]


def run_notebooks(parameters: ReportParameters, jobs: int, prepare_report: bool = False):
    """Validate the data, then run every out-of-date chapter, ``jobs`` at a time.

    While the data are validated, the first chapters' kernels start and import their modules
    (``PreparedKernel``: no cell of a notebook runs before the data passed). Cores the kernels
    leave idle later start the summary's kernel ahead, and with ``prepare_report`` (the HTML stage
    follows in this process) render the report's parts ahead (``ReportAhead``): at once when fewer
    chapters than cores are to run, otherwise when the last chapter runs alone, and while the
    summary runs. Returns those parts (or None).
    """
    from analysis.data.validation import trust_validation_stamp

    trust_validation_stamp(validation_stamp())  # read by the kernels only once the validation below passed
    validation = Background(validate_data, False)
    # Longest first (the notebook's size stands in for its running time), so that the
    # slowest chapter never starts last and holds up the whole stage.
    stale = [chapter.id for chapter in stale_chapters(parameters.slug)]
    summary = chapter_named(SUMMARY)
    chapters = sorted((chapter for chapter in stale if chapter != summary.id),
                      key=lambda chapter: -(config.NOTEBOOKS_DIR / f"{chapter}.ipynb").stat().st_size)
    failures: list[StageFailed] = []
    # papermill (and jupyter_client under it) is imported here, before any kernel is started: imported
    # at once by a kernel thread and by the report's renderer, its circular imports can meet
    # half-initialised and fail the build.
    in_worker(importlib.import_module, "papermill")
    first = {chapter: PreparedKernel(config.NOTEBOOKS_DIR / f"{chapter}.ipynb") for chapter in chapters[:max(1, jobs)]}
    try:
        validation.result()
    except BaseException:
        for kernel in first.values():
            kernel.close()
        raise

    ahead = ReportAhead(parameters) if prepare_report else None
    cores = os.cpu_count() or 1
    kernels: dict[str, PreparedKernel] = {}
    unfinished = [len(chapters)]
    lock = threading.Lock()

    def use_idle_core() -> None:
        with lock:
            if unfinished[0] >= cores or kernels or failures:
                return
            kernels["summary"] = PreparedKernel(config.NOTEBOOKS_DIR / f"{summary.id}.ipynb")
            if ahead is not None:
                ahead.render(chapter.id for chapter in all_chapters() if chapter.id not in stale)

    def run(chapter: str, kernel: PreparedKernel | None = None) -> None:
        try:
            run_notebook(chapter, parameters, kernel.take() if kernel is not None else None)
        except StageFailed as failure:
            failures.append(failure)
        if chapter != summary.id:
            with lock:
                unfinished[0] -= 1
            use_idle_core()

    use_idle_core()
    pool = ThreadPoolExecutor(max_workers=max(1, jobs))
    try:
        list(pool.map(lambda chapter: run(chapter, first.pop(chapter, None)), chapters))
    except BaseException:  # an interrupted build does not wait for the chapters still running
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    if not failures and summary in stale_chapters(parameters.slug):  # decided now: chapters may have new results
        if ahead is not None:
            ahead.render(chapters, with_appendices=True)
        run(summary.id, kernels.pop("summary", None))
    if "summary" in kernels:  # prepared, then not used (a chapter failed, or the summary was up to date)
        kernels.pop("summary").close()
    if failures:
        raise StageFailed("\n".join(str(failure) for failure in failures))
    stamp = pair_build_dir(parameters.slug) / "notebooks.stamp"
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text("".join(f"{chapter.id}\n" for chapter in all_chapters()), encoding="utf-8")
    return ahead.parts() if ahead is not None else None


def html_is_stale(parameters: ReportParameters) -> bool:
    """Whether the published HTML report is missing or older than the executed chapters, templates or code.

    (``make report`` may already have published it in the notebooks stage's process.)
    """
    sources = [executed_path(parameters.slug, chapter.id) for chapter in all_chapters()]
    code = config.PROJECT_ROOT / "analysis"
    sources += [path for path in code.rglob("*") if path.is_file() and "__pycache__" not in path.parts]
    return is_stale(published_path(parameters.slug, REPORT_HTML), sources)


def pdf_is_stale(parameters: ReportParameters) -> bool:
    return is_stale(published_path(parameters.slug, REPORT_PDF), [published_path(parameters.slug, REPORT_HTML)])


def build_html(parameters: ReportParameters, prepared=None) -> None:
    """Assemble the HTML report in the pair's build folder (with the parts ``prepared`` while the summary ran)."""
    from analysis.render.report import build_html as combine

    destination = staged_path(parameters.slug, REPORT_HTML)
    executed = [executed_path(parameters.slug, chapter.id) for chapter in all_chapters()]
    with stage(f"html: {relative(published_path(parameters.slug, REPORT_HTML))}"):
        dropped = in_worker(combine, executed, destination, parameters.country_a, parameters.country_b, prepared)
    for line in dropped:
        print(f"  warning left out of the report: {line}", flush=True)


def build_pdf(parameters: ReportParameters, browser=None) -> None:
    """Print the staged HTML report with its contents' page numbers (``printing.print_report``)."""
    slug = parameters.slug
    with stage(f"pdf: {relative(published_path(slug, REPORT_PDF))}"):
        printing.print_report(staged_path(slug, REPORT_HTML), staged_path(slug, REPORT_PDF),
                              pair_build_dir(slug) / printing.CONTENTS_PAGES, browser, browser_profiles())


def check_printing() -> None:
    """Stop before any chapter runs if the PDF could not be printed at the end."""
    from analysis.render.pdf import PdfError, check_printing as check

    try:
        check()
    except PdfError as error:
        raise StageFailed(f"{error}\n  nothing was built; the last report is left in place") from error


def build_report(parameters: ReportParameters, jobs: int) -> None:
    """Chapters, HTML and PDF in one process, published together."""
    check_printing()
    browser = printing.start_browser(browser_profiles())  # starts while the chapters run
    try:
        prepared = run_notebooks(parameters, jobs, prepare_report=True)
        build_html(parameters, prepared)
        build_pdf(parameters, browser)
    finally:
        if browser is not None:
            browser.close()
    publish(parameters.slug, (REPORT_HTML, REPORT_PDF))


def use_own_code() -> None:
    """Kernels import ``analysis`` from this project folder, wherever the environment was installed from."""
    root = str(config.PROJECT_ROOT)
    inherited = [entry for entry in os.environ.get("PYTHONPATH", "").split(os.pathsep) if entry and entry != root]
    os.environ["PYTHONPATH"] = os.pathsep.join([root, *inherited])


def interrupted(error: Interrupted, slug: str | None = None) -> int:
    """Tidy up after a stop request and say so in one line; returns the exit status."""
    from analysis.render.pdf import close_all

    for number in STOP_SIGNALS:  # a second Ctrl-C must not cut the tidying short
        signal.signal(number, signal.SIG_IGN)
    close_all()
    unfinished = list(RUNNING) + (list(pair_build_dir(slug).glob("*.running.ipynb")) if slug else [])
    for path in unfinished:
        path.unlink(missing_ok=True)
    print(f"interrupted ({error}); the last report is kept", file=sys.stderr, flush=True)
    return 128 + error.signal_number


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
    # papermill's own log repeats, in its words, what the build reports once for each failure
    logging.getLogger("papermill").setLevel(logging.CRITICAL)
    for number in STOP_SIGNALS:
        signal.signal(number, _stop)
    use_own_code()
    slug = None
    try:
        if args.stage == "validate":
            validate_data()
            return 0
        country_a, country_b = parse_pair(args.pair)
        parameters = ReportParameters(country_a=country_a, country_b=country_b)
        slug = parameters.slug
        remove_leftovers(parameters.slug)
        if args.stage == "notebooks" and args.and_report:
            build_report(parameters, args.jobs)
        elif args.stage == "notebooks":
            run_notebooks(parameters, args.jobs)
        elif args.stage == "notebook":
            if not args.chapter:
                known = ", ".join(chapter.id for chapter in all_chapters())
                parser.error(f"the 'notebook' stage needs a chapter, one of: {known}")
            run_notebook(args.chapter, parameters)
        elif args.stage == "html":
            if html_is_stale(parameters):
                build_html(parameters)
                publish(parameters.slug, (REPORT_HTML,))
        elif pdf_is_stale(parameters):
            check_printing()
            build_pdf(parameters)
            publish(parameters.slug, (REPORT_HTML, REPORT_PDF))
    except BaseException as error:
        if not isinstance(error, Interrupted) and not STOP_REQUESTED:
            return report_failure(error)
        status = interrupted(error if isinstance(error, Interrupted) else Interrupted(STOP_REQUESTED[0]), slug)
        os._exit(status)  # kernels still running are not waited for: they end with this process
    return 0


def report_failure(error: BaseException) -> int:
    """One message for a failed stage; the exit status. Anything but an error (an exit) goes on up."""
    if isinstance(error, DataValidationError):
        print(f"error: the data snapshot is invalid, nothing was built: {error}", file=sys.stderr)
        return 1
    if isinstance(error, ParameterError):
        print(f"error: {error}", file=sys.stderr)
        return 2
    if isinstance(error, StageFailed):
        print(f"error: {error}", file=sys.stderr)
        return 1
    if isinstance(error, Exception):  # a data or report error: name it, do not bury it in a traceback
        print(f"error: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    raise error


if __name__ == "__main__":
    sys.exit(main())

"""Measure the build against a naive notebook pipeline and against the floor.

    .venv/bin/python scripts/bench.py [--runs 3]      (or: make bench)

A  the project's cold build: `make clean`, then `make report`, serially and with -j2
B  a naive baseline doing the same work: `jupyter nbconvert --execute --to html`
   on each notebook in turn, then one Chromium PDF per notebook
C  the floor: every notebook's code run as plain Python in one process (no
   kernels, no conversion), plus one PDF print of the combined HTML
plus the no-op rebuild, the rebuild after touching one chapter, and the peak
memory of the largest process. Everything runs in a copy of the project in a
temporary folder (its notebooks, code, data, builds and reports), so the user's
build/, reports/ and notebooks/ are left exactly as they were. Prints a table and
writes it to build/bench.md, the one file it adds.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import config  # noqa: E402
from analysis.chapters import all_chapters, chapter_named  # noqa: E402
from analysis.render.pdf import CHROMIUM_FLAGS, find_chromium  # noqa: E402

VENV_BIN = Path(sys.executable).parent
TOUCHED_CHAPTER = chapter_named("geopolitics").id
# What the copy leaves out: environments, builds and reports, caches.
NOT_COPIED = shutil.ignore_patterns(".git", ".venv", ".venv-lab", "build", "reports", ".cache", "__pycache__",
                                    ".pytest_cache", "*.egg-info")

FLOOR_SCRIPT = r'''
import sys, json, html, IPython.display
from pathlib import Path
import nbformat
collected = []
def display(*objects, **_):
    for item in objects:
        collected.append(item._repr_html_() if hasattr(item, "_repr_html_") else html.escape(repr(item)))
IPython.display.display = display
for path in json.loads(sys.argv[1]):
    notebook = nbformat.read(path, as_version=4)
    namespace = {"__name__": "__main__"}
    for cell in notebook.cells:
        if cell.cell_type == "code":
            exec(compile(cell.source, path, "exec"), namespace)
        else:
            collected.append("<pre>" + html.escape(cell.source) + "</pre>")
Path(sys.argv[2]).write_text("<!DOCTYPE html><meta charset='utf-8'>" + "".join(collected), encoding="utf-8")
'''


def run(command: list[str], env: dict, cwd: Path) -> float:
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        raise SystemExit(f"benchmark step failed: {' '.join(command)}\n{completed.stdout}\n{completed.stderr}")
    return elapsed


def copy_project(scratch: Path) -> Path:
    """The project's sources, notebooks and data, copied into the scratch folder."""
    project = scratch / "project"
    shutil.copytree(ROOT, project, ignore=NOT_COPIED)
    (project / "reports").mkdir()
    return project


def make_env(project: Path, work: Path) -> dict:
    """The environment of every measured command: builds, reports and code all inside the scratch folder."""
    env = {key: value for key, value in os.environ.items() if key not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    return env | {"REPORT_BUILD_DIR": str(work / "build"), "REPORT_OUTPUT_DIR": str(work / "reports"),
                  "PYTHONPATH": str(project), "MPLCONFIGDIR": str(VENV_BIN.parent / "mplconfig")}


def make(project: Path, work: Path, *arguments: str) -> float:
    return run(["make", "--no-print-directory", "-C", str(project), *arguments, f"VENV={VENV_BIN.parent}",
                f"BUILD_ROOT={work / 'build'}", f"REPORTS_ROOT={work / 'reports'}"], make_env(project, work), project)


def fresh(work: Path) -> Path:
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    return work


def project_build(project: Path, work: Path, jobs: int) -> float:
    return make(project, fresh(work), f"-j{jobs}", "report")


def print_pdf(html_path: Path, pdf_path: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([find_chromium(), *CHROMIUM_FLAGS, "--no-pdf-header-footer", f"--user-data-dir={profile}",
                        f"--print-to-pdf={pdf_path}", html_path.as_uri()], capture_output=True, check=True)


def notebooks(project: Path) -> list[Path]:
    return [project / "notebooks" / f"{chapter.id}.ipynb" for chapter in all_chapters()]


def naive_build(project: Path, work: Path) -> float:
    fresh(work)
    started = time.perf_counter()
    for notebook in notebooks(project):
        run([str(VENV_BIN / "jupyter"), "nbconvert", "--execute", "--to", "html", "--no-input",
             "--ExecutePreprocessor.kernel_name=python3", f"--output-dir={work}", str(notebook)],
            make_env(project, work), notebook.parent)
    for notebook in notebooks(project):
        print_pdf(work / f"{notebook.stem}.html", work / f"{notebook.stem}.pdf")
    return time.perf_counter() - started


def floor_build(project: Path, work: Path) -> float:
    import json

    fresh(work)
    paths = json.dumps([str(notebook) for notebook in notebooks(project)])
    started = time.perf_counter()
    run([sys.executable, "-c", FLOOR_SCRIPT, paths, str(work / "floor.html")], make_env(project, work),
        project / "notebooks")
    print_pdf(work / "floor.html", work / "floor.pdf")
    return time.perf_counter() - started


def rebuild_times(project: Path, work: Path) -> tuple[float, float]:
    """No-op rebuild and the rebuild after touching one chapter (of the copy), on a built tree."""
    noop = make(project, work, "report")
    (project / "notebooks" / f"{TOUCHED_CHAPTER}.ipynb").touch()
    touched = make(project, work, "report")
    return noop, touched


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark the report build.")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median reported)")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="bench-"))
    project = copy_project(scratch)
    results: dict[str, list[float]] = {name: [] for name in
                                       ("A serial", "A -j2", "B naive", "C floor", "no-op rebuild", "touch one chapter")}
    try:
        for number in range(1, args.runs + 1):
            print(f"run {number}/{args.runs} ...", flush=True)
            results["A serial"].append(project_build(project, scratch / "a1", jobs=1))
            results["A -j2"].append(project_build(project, scratch / "a2", jobs=2))
            noop, touched = rebuild_times(project, scratch / "a2")
            results["no-op rebuild"].append(noop)
            results["touch one chapter"].append(touched)
            results["B naive"].append(naive_build(project, scratch / "b"))
            results["C floor"].append(floor_build(project, scratch / "c"))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    median = {name: statistics.median(values) for name, values in results.items()}
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    lines = [
        f"Build benchmark: {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, median of {args.runs} runs",
        "",
        "| measurement | seconds |",
        "|---|---|",
        *[f"| {name} | {value:.2f} |" for name, value in median.items()],
        f"| A -j2 / B naive | {median['A -j2'] / median['B naive']:.2f} |",
        f"| A -j2 / C floor | {median['A -j2'] / median['C floor']:.2f} |",
        f"| touch one chapter / A -j2 | {median['touch one chapter'] / median['A -j2']:.2f} |",
        f"| peak memory of the largest process | {peak_mb:.0f} MB |",
    ]
    table = "\n".join(lines)
    print(table)
    out = config.BUILD_DIR / "bench.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

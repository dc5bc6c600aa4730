"""Measure the build against a naive notebook pipeline and against the floor.

    .venv/bin/python scripts/bench.py [--runs 3]      (or: make bench)

A  the project's cold build: `make clean`, then `make report`, serially and with -j2
B  a naive baseline doing the same work: `jupyter nbconvert --execute --to html`
   on each notebook in turn, then one Chromium PDF per notebook
C  the floor: every notebook's code run as plain Python in one process (no
   kernels, no conversion), plus one PDF print of the combined HTML
plus the no-op rebuild, the rebuild after touching one chapter, and the peak
memory of the largest process. Every build writes into a temporary directory;
the user's build/ and reports/ are not touched. Prints a table and writes it to
build/bench.md.
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
from analysis.pdf import CHROMIUM_FLAGS, find_chromium  # noqa: E402

VENV_BIN = Path(sys.executable).parent
TOUCHED_CHAPTER = "04_geopolitics"

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


def run(command: list[str], env: dict | None = None, cwd: Path = ROOT) -> float:
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        raise SystemExit(f"benchmark step failed: {' '.join(command)}\n{completed.stdout}\n{completed.stderr}")
    return elapsed


def make_env(work: Path) -> dict:
    env = dict(os.environ)
    env.pop("MAKEFLAGS", None)
    env.pop("MAKELEVEL", None)
    return env


def make_args(work: Path) -> list[str]:
    return [f"BUILD_ROOT={work / 'build'}", f"REPORTS_ROOT={work / 'reports'}"]


def project_build(work: Path, jobs: int) -> float:
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    return run(["make", f"-j{jobs}", "report", *make_args(work)], env=make_env(work))


def print_pdf(html_path: Path, pdf_path: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([find_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                        f"--print-to-pdf={pdf_path}", html_path.as_uri()], capture_output=True, check=True)


def naive_build(work: Path) -> float:
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    env = make_env(work) | {"MPLCONFIGDIR": str(VENV_BIN.parent / "mplconfig")}
    started = time.perf_counter()
    for chapter in config.CHAPTERS:
        run([str(VENV_BIN / "jupyter"), "nbconvert", "--execute", "--to", "html", "--no-input",
             "--ExecutePreprocessor.kernel_name=python3", f"--output-dir={work}",
             str(config.NOTEBOOKS_DIR / f"{chapter}.ipynb")], env=env, cwd=config.NOTEBOOKS_DIR)
    for chapter in config.CHAPTERS:
        print_pdf(work / f"{chapter}.html", work / f"{chapter}.pdf")
    return time.perf_counter() - started


def floor_build(work: Path) -> float:
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    import json

    env = make_env(work) | {"MPLCONFIGDIR": str(VENV_BIN.parent / "mplconfig"),
                            "REPORT_BUILD_DIR": str(work / "build")}
    notebooks = json.dumps([str(config.NOTEBOOKS_DIR / f"{chapter}.ipynb") for chapter in config.CHAPTERS])
    started = time.perf_counter()
    run([sys.executable, "-c", FLOOR_SCRIPT, notebooks, str(work / "floor.html")], env=env,
        cwd=config.NOTEBOOKS_DIR)
    print_pdf(work / "floor.html", work / "floor.pdf")
    return time.perf_counter() - started


def rebuild_times(work: Path) -> tuple[float, float]:
    """No-op rebuild and the rebuild after touching one chapter, on a built tree."""
    args = make_args(work)
    env = make_env(work)
    noop = run(["make", "report", *args], env=env)
    (config.NOTEBOOKS_DIR / f"{TOUCHED_CHAPTER}.ipynb").touch()
    touched = run(["make", "report", *args], env=env)
    return noop, touched


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark the report build.")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median reported)")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="bench-"))
    results: dict[str, list[float]] = {name: [] for name in
                                       ("A serial", "A -j2", "B naive", "C floor", "no-op rebuild", "touch one chapter")}
    try:
        for number in range(1, args.runs + 1):
            print(f"run {number}/{args.runs} ...", flush=True)
            results["A serial"].append(project_build(scratch / "a1", jobs=1))
            results["A -j2"].append(project_build(scratch / "a2", jobs=2))
            noop, touched = rebuild_times(scratch / "a2")
            results["no-op rebuild"].append(noop)
            results["touch one chapter"].append(touched)
            results["B naive"].append(naive_build(scratch / "b"))
            results["C floor"].append(floor_build(scratch / "c"))
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

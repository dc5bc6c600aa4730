"""The build attacked as a careless user, a hostile data file and a flaky machine would attack it.

Each case ends in a one-line error naming what to look at, nothing lost, and the last good report
intact. Slow (a few minutes): several builds run, and some are killed on purpose.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from analysis import config

from .conftest import copy_project, make

PAIR = "RUS-CHN"
SUMMARY = "notebooks/00_summary.ipynb"
CHAPTER = "notebooks/04_geopolitics.ipynb"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the project with its report built once."""
    copy = copy_project(tmp_path_factory.mktemp("attacked"))
    result = make(copy, "-j2", "report")
    assert result.returncode == 0, result.stderr
    return copy


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with the hash of its bytes."""
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def add_cells(path: Path, *cells: dict, at: int | None = None) -> str:
    """Add cells to a notebook; returns its original text so that the test can put it back."""
    original = path.read_text(encoding="utf-8")
    notebook = json.loads(original)
    position = len(notebook["cells"]) if at is None else at
    notebook["cells"][position:position] = list(cells)
    path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    return original


def code_cell(source: str) -> dict:
    return {"cell_type": "code", "id": f"added-{abs(hash(source))}", "metadata": {}, "source": source, "outputs": [],
            "execution_count": None}


def markdown_cell(source: str) -> dict:
    return {"cell_type": "markdown", "id": f"added-{abs(hash(source))}", "metadata": {}, "source": source}


def report_folder(project: Path) -> Path:
    return project / "reports" / PAIR


def marker_of_each_output(folder: Path) -> dict[str, str | None]:
    """The build marker each of the three published files carries (None: the marker-less first build)."""
    def find(text: str) -> str | None:
        found = re.search(r"build-marker-(\d+)", text)
        return found.group(1) if found else None

    pdf_text = "".join(page.extract_text() for page in PdfReader(folder / "report.pdf").pages)
    return {"report.html": find((folder / "report.html").read_text(encoding="utf-8")),
            "report.pdf": find(pdf_text.replace("\n", "")),
            "claims.csv": find((folder / "claims.csv").read_text(encoding="utf-8"))}


def mark_next_build(project: Path, number: int) -> None:
    """Make the summary's next run leave ``number`` in the HTML, the PDF and the ledger."""
    path = project / SUMMARY
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook["cells"] = [cell for cell in notebook["cells"] if "build-marker" not in "".join(cell["source"])]
    notebook["cells"] += [
        markdown_cell(f"build-marker-{number}"),
        code_cell("write_ledger(ledger.assign(claim=ledger['claim'] + ' build-marker-"
                  f"{number}'), ledger_path(country_a, country_b))"),
    ]
    path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")


def start_build(project: Path) -> subprocess.Popen:
    environment = {**os.environ}
    environment.pop("MAKEFLAGS", None)
    return subprocess.Popen(
        ["make", "--no-print-directory", "-C", str(project), "report", f"VENV={config.PROJECT_ROOT / '.venv'}"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment, start_new_session=True)


def wait_for_line(process: subprocess.Popen, prefix: str | None, timeout: float = 120) -> None:
    """Read the build's output until a line starts with ``prefix`` (None: do not wait)."""
    if prefix is None:
        return
    deadline = time.monotonic() + timeout
    for line in process.stdout:
        if line.startswith(prefix):
            return
        assert time.monotonic() < deadline, f"no line starting with {prefix!r}"
    pytest.fail(f"the build ended before printing a line starting with {prefix!r}")


def browsers_of(project: Path) -> list[str]:
    """Command lines of browsers still running with a profile of this project."""
    found = []
    for status in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            command = status.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "--user-data-dir=" + str(project) in command:
            found.append(command)
    return found


# (moment, output line after which the signal is sent, extra delay)
MOMENTS = [("during notebooks", None, 0.8), ("during html", "✓ notebook: 00_summary", 0.0),
           ("during pdf", "✓ html:", 0.0)]
SIGNALS = [signal.SIGTERM, signal.SIGINT, signal.SIGKILL]
KILLS = [(moment, line, delay, sent) for moment, line, delay in MOMENTS for sent in SIGNALS]


@pytest.mark.parametrize("moment,line,delay,sent", KILLS,
                         ids=[f"{kill[0]}-{kill[3].name}" for kill in KILLS])
def test_a_killed_build_leaves_one_build_s_report(project, moment, line, delay, sent):
    number = KILLS.index((moment, line, delay, sent)) + 1
    before = tree_digest(report_folder(project))
    mark_next_build(project, number)
    process = start_build(project)
    wait_for_line(process, line)
    time.sleep(delay)
    os.killpg(process.pid, sent)
    _, errors = process.communicate(timeout=60)
    time.sleep(1.5)  # the kernels and the browser see their parent gone

    after = tree_digest(report_folder(project))
    markers = set(marker_of_each_output(report_folder(project)).values())
    assert after == before or markers == {str(number)}, f"a mix of two builds after {sent.name} {moment}: {markers}"
    assert not browsers_of(project), "a browser outlived the build"
    assert not list((project / "build" / PAIR).glob("*.running.ipynb")) or sent == signal.SIGKILL
    if sent != signal.SIGKILL:
        assert not list((project / "build" / "browser").glob("chromium-*")), "a browser profile was left behind"
        assert not [path for path in (project / "reports").iterdir() if path.name.startswith((".staging", ".retired"))]
    if sent == signal.SIGINT:
        assert "Traceback" not in errors, errors
        assert f"interrupted ({sent.name}); the last report is kept" in errors

    finished = make(project, "report")  # the next build tidies up and publishes the new build whole
    assert finished.returncode == 0, finished.stderr
    assert set(marker_of_each_output(report_folder(project)).values()) == {str(number)}
    assert not list((project / "build" / PAIR).glob("*.running.ipynb"))
    assert not list((project / "build" / "browser").glob("chromium-*"))
    assert not [path for path in (project / "reports").iterdir() if path.name.startswith((".staging", ".retired"))]


def test_a_missing_browser_is_found_before_any_notebook_runs(project, tmp_path):
    bin_dir = tmp_path / "bin"  # a PATH with the tools make needs and no browser
    bin_dir.mkdir()
    for tool in ("make", "find", "sh"):
        (bin_dir / tool).symlink_to(Path("/usr/bin") / tool if Path("/usr/bin", tool).exists() else Path("/bin", tool))
    (project / CHAPTER).touch()
    before = tree_digest(report_folder(project))
    result = make(project, "report", env={"PATH": str(bin_dir)})
    assert result.returncode != 0
    assert "none of chromium, chromium-browser, google-chrome, google-chrome-stable was found" in result.stderr
    assert "apt-get install chromium" in result.stderr or "snap install chromium" in result.stderr
    assert "notebook:" not in result.stdout
    assert tree_digest(report_folder(project)) == before


@pytest.mark.parametrize("source,expected,environment", [
    ("import os\nos._exit(1)", "the kernel died while the cell ran", {}),
    ("import time\ntime.sleep(600)", "the cell did not finish within 20 s", {"REPORT_CELL_TIMEOUT": "20"}),
], ids=["kernel dies", "cell hangs"])
def test_a_notebook_that_never_finishes_is_named_with_its_cell(project, source, expected, environment):
    before = tree_digest(report_folder(project))
    path = project / CHAPTER
    original = add_cells(path, code_cell(source), at=3)
    try:
        started = time.monotonic()
        result = make(project, "report", env=environment)
        elapsed = time.monotonic() - started
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.returncode != 0
    first_line = source.splitlines()[0]
    assert re.search(rf"notebooks/04_geopolitics.ipynb failed in cell \d+ \('{first_line}'\): {expected}",
                     result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    assert [line for line in result.stderr.splitlines() if not line.startswith(("error:", "  ", "make:", "make["))] == []
    assert (project / "build" / PAIR / "failed" / "04_geopolitics.ipynb").exists()
    assert not list((project / "build" / PAIR).glob("*.running.ipynb"))
    assert tree_digest(report_folder(project)) == before
    assert elapsed < 120


def test_a_copied_project_builds_from_its_own_code(project, tmp_path):
    """The environment was installed from another folder: the kernels still import this copy's analysis/."""
    copy = copy_project(tmp_path)
    names = copy / "analysis" / "config.py"
    names.write_text(names.read_text(encoding="utf-8").replace('"RUS": "Russia"', '"RUS": "Russia-of-the-copy"'),
                     encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "analysis.build", "notebook", "04_geopolitics", "--pair", PAIR],
                            cwd=copy, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "REPORT_BUILD_DIR": str(copy / "build"),
                                 "REPORT_OUTPUT_DIR": str(copy / "reports")})
    assert result.returncode == 0, result.stderr
    assert "Russia-of-the-copy" in (copy / "build" / PAIR / "04_geopolitics.ipynb").read_text(encoding="utf-8")


@pytest.mark.parametrize("arguments,environment,expected", [
    (["clean", "REPORTS_ROOT="], {}, "REPORTS_ROOT is empty"),
    (["clean"], {"REPORTS_ROOT": ""}, "REPORTS_ROOT is empty"),
    (["clean", "BUILD_ROOT="], {}, "BUILD_ROOT is empty"),
    (["-n", "clean", "REPORTS_ROOT=/"], {}, "refusing to empty REPORTS_ROOT=/"),
    (["-n", "clean", "REPORTS_ROOT=."], {}, "refusing to empty REPORTS_ROOT=."),
    (["-n", "clean", "BUILD_ROOT=.."], {}, "refusing to remove BUILD_ROOT=.."),
    (["-n", "distclean", "LAB_VENV=/"], {}, "refusing to remove LAB_VENV=/"),
], ids=["empty argument", "empty in the environment", "empty build root", "root", "project", "parent", "venv root"])
def test_destructive_targets_refuse_empty_or_unsafe_roots(project, arguments, environment, expected):
    before = tree_digest(report_folder(project))
    result = make(project, *arguments, env=environment)
    assert result.returncode != 0
    assert expected in result.stderr, result.stderr
    assert "rm -rf" not in result.stdout
    assert tree_digest(report_folder(project)) == before


@pytest.mark.parametrize("variable", ["BUILD_ROOT", "REPORTS_ROOT", "VENV", "LAB_VENV"])
def test_path_variables_never_run_shell_text(project, tmp_path, variable):
    marker = tmp_path / "escaped"
    for value in (f"$(shell touch {marker})", f"x$$(touch {marker})", f"build;touch {marker}"):
        result = subprocess.run(["make", "--no-print-directory", "-C", str(project), "-n", "clean", f"{variable}={value}"],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode != 0
        assert f"{variable} " in result.stderr and ("may hold only" in result.stderr or "without spaces" in result.stderr)
        assert not marker.exists(), value


@pytest.mark.parametrize("pair,expected", [
    ("WLD-EUU", "PAIR's first code must be a country, found the aggregate 'WLD' (World)"),
    ("RUS-WLD", "PAIR's second code must be a country, found the aggregate 'WLD'"),
    ("A" * 10_000, "PAIR must be two ISO alpha-3 codes joined by '-', such as PAIR=RUS-CHN; found 10000 characters"),
    ("RUSS-CHN", "found 8 characters"),
], ids=["two aggregates", "one aggregate", "10,000 characters", "a code too long"])
def test_a_pair_must_be_two_countries(project, pair, expected):
    result = make(project, "report", f"PAIR={pair}")
    assert result.returncode != 0
    assert expected in result.stderr, result.stderr
    assert "File name too long" not in result.stderr
    assert not (project / "reports" / pair[:20]).exists()


def test_bench_leaves_the_user_s_build_reports_and_notebooks_as_they_were(project):
    """The benchmark measures in a copy; afterwards the ledger still agrees with the report."""
    folders = ("build", "reports", "notebooks")
    make(project, "report")  # tests above changed notebooks and put them back
    before = {folder: tree_digest(project / folder) for folder in folders}
    result = subprocess.run([sys.executable, "scripts/bench.py", "--runs", "1"], cwd=project, capture_output=True,
                            text=True, timeout=1500,
                            env={**os.environ, "REPORT_BUILD_DIR": str(project / "build"),
                                 "REPORT_OUTPUT_DIR": str(project / "reports")})
    assert result.returncode == 0, result.stdout + result.stderr
    after = {folder: tree_digest(project / folder) for folder in folders}
    assert after["build"].pop("bench.md", None) is not None, "the benchmark writes its table to build/bench.md"
    assert after == before
    rebuilt = make(project, "report")
    assert rebuilt.returncode == 0 and "✓" not in rebuilt.stdout
    ledger = list(csv.DictReader((report_folder(project) / "claims.csv").open(encoding="utf-8")))
    page = (report_folder(project) / "report.html").read_text(encoding="utf-8")
    for row in ledger:
        assert re.search(rf'href="#(?:claim|chapter)-[\w]+">{row["id"]}</a></td><td>[^<]*</td>'
                         rf'<td><span class="verdict-badge">{row["verdict"]}</span>', page), row["id"]

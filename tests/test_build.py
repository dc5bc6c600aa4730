"""End to end: build the report from a copy of the project, as a user would.

Slow (about a minute): it executes every notebook and prints a PDF.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from analysis import config
from analysis.chapters import all_chapters

from .conftest import copy_project, make

A4_POINTS = (595.28, 841.89)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("clone"))


@pytest.fixture(scope="module")
def built(project) -> Path:
    result = make(project, "-j2", "report")
    assert result.returncode == 0, f"make report failed:\n{result.stdout}\n{result.stderr}"
    return project / "reports" / "RUS-CHN"


def test_the_build_writes_both_reports_and_reports_each_stage(built):
    assert (built / "report.html").stat().st_size > 50_000
    assert (built / "report.pdf").stat().st_size > 50_000


def test_html_is_self_contained_and_clean(built):
    page = (built / "report.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', page.replace('href="https://', "")), "remote load"
    assert not re.search(r"<link[^>]+stylesheet", page), "external stylesheet"
    assert not re.search(r"url\(\s*['\"]?https?:", page) and "@import" not in page
    for leak in ("Traceback", "Warning:", "DeprecationWarning", "In&nbsp;[", "/tmp/", str(config.PROJECT_ROOT)):
        assert leak not in page, f"{leak!r} leaked into the report"


def test_every_chart_is_numbered_and_carries_a_source_line(built):
    page = (built / "report.html").read_text(encoding="utf-8")
    figures = re.findall(r'<figure class="report-figure">.*?</figure>', page, re.S)
    assert len(figures) >= 2
    for number, figure in enumerate(figures, start=1):
        assert f"Figure {number}." in figure
        assert re.search(r'<span class="figure-source">Sources?: [^<]{20,}</span>', figure), figure[-400:]
        assert "none yet" not in figure, "a chart without figures must give way to a note"


def test_contents_links_resolve_to_headings(built):
    page = (built / "report.html").read_text(encoding="utf-8")
    links = re.findall(r'<nav class="contents".*?</nav>', page, re.S)[0]
    targets = re.findall(r'href="#([^"]+)"', links)
    assert len(targets) >= len(all_chapters())
    for target in targets:
        assert f'id="{target}"' in page, target


def test_pdf_is_a4_with_page_numbers_and_renders_cyrillic_and_chinese(built):
    reader = PdfReader(built / "report.pdf")
    assert len(reader.pages) >= 5
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 0), round(float(box.height), 0)) == (round(A4_POINTS[0]), round(A4_POINTS[1]))
    title = reader.pages[0].extract_text()
    assert "Россия" in title and "中国" in title
    third = reader.pages[2].extract_text().strip().splitlines()
    assert "3" in [line.strip() for line in third], "expected the page number 3 on page 3"
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Geopolitical weight" in text and "Source:" in text


def test_a_second_build_does_nothing_and_is_fast(built, project):
    started = time.perf_counter()
    result = make(project, "report")
    elapsed = time.perf_counter() - started
    assert result.returncode == 0
    assert "✓" not in result.stdout, result.stdout
    assert elapsed < 1.0, f"a no-op build took {elapsed:.2f} s"


def test_touching_one_chapter_rebuilds_that_chapter_and_the_report_only(built, project):
    (project / "notebooks" / "04_geopolitics.ipynb").touch()
    result = make(project, "report")
    assert result.returncode == 0, result.stderr
    stages = re.findall(r"✓ (\w+): (\S+)", result.stdout)
    assert [stage for stage, _ in stages] == ["notebook", "html", "pdf"], result.stdout
    assert stages[0][1] == "04_geopolitics"


def notebooks_rerun_after_editing(project: Path, relative: str) -> list[str]:
    """Append a blank line to a data file (its figures unchanged), rebuild, and list the notebooks that ran."""
    path = project / relative
    path.write_bytes(path.read_bytes() + b"\n")
    result = make(project, "report")
    assert result.returncode == 0, result.stderr
    return [name for stage, name in re.findall(r"✓ (\w+): (\S+)", result.stdout) if stage == "notebook"]


def test_each_chapter_reruns_only_when_a_table_it_declares_changes(built, project):
    assert sorted(notebooks_rerun_after_editing(project, "data/raw/vetoes.csv")) == ["00_summary", "03_diplomacy"]
    after_wdi = notebooks_rerun_after_editing(project, "data/raw/wdi.csv")
    assert "03_diplomacy" not in after_wdi and "01_economy" not in after_wdi
    assert {"04_geopolitics", "05_outlook", "00_summary"} <= set(after_wdi)


def test_a_failing_notebook_stops_the_build_and_keeps_the_last_report(built, project):
    import nbformat

    html_before = (built / "report.html").read_bytes()
    path = project / "notebooks" / "04_geopolitics.ipynb"
    original = path.read_text(encoding="utf-8")
    notebook = nbformat.reads(original, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell("raise ValueError('deliberate failure')"))
    nbformat.write(notebook, path)
    try:
        result = make(project, "report")
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.returncode != 0
    message = result.stderr
    assert "notebooks/04_geopolitics.ipynb failed in cell" in message
    assert "ValueError: deliberate failure" in message
    assert (project / "build" / "RUS-CHN" / "failed" / "04_geopolitics.ipynb").exists()
    assert (built / "report.html").read_bytes() == html_before


def test_a_pair_with_almost_no_data_builds_and_says_what_is_missing(built, project):
    result = make(project, "report", "PAIR=CHN-IRN")
    assert result.returncode == 0, result.stderr
    page = (project / "reports" / "CHN-IRN" / "report.html").read_text(encoding="utf-8")
    assert "China and Iran" in page
    assert "population for Iran in 1992–2024" in page
    for claim in ("G1", "G2", "O1"):
        assert re.search(rf'id="claim-{claim}">.{{0,120}}insufficient data', page), claim
    assert (project / "reports" / "RUS-CHN" / "report.html").exists()  # the default pair's report stays


def test_the_ledger_and_the_chapters_never_disagree(built):
    import csv

    page = (built / "report.html").read_text(encoding="utf-8")
    ledger = list(csv.DictReader((built / "claims.csv").open(encoding="utf-8")))
    assert len(ledger) == 23 and (built / "sources.csv").exists()
    cards = dict(re.findall(r'id="claim-(\w+)"><p class="verdict-head"><strong>\w+</strong> '
                            r'<span class="verdict-badge">([^<]+)</span>', page))
    assert {"G1", "G2", "O1"} <= set(cards)
    summary_rows = dict(re.findall(r'<td><a href="#(?:claim|chapter)-[\w]+">(\w+)</a></td><td>[^<]*</td>'
                                   r'<td><span class="verdict-badge">([^<]+)</span>', page))
    for row in ledger:
        assert summary_rows[row["id"]] == row["verdict"], row["id"]
        if row["id"] in cards:
            assert cards[row["id"]] == row["verdict"], row["id"]
        else:
            assert row["verdict"] == "insufficient data", row["id"]


def test_every_figure_and_table_offers_its_numbers_and_the_data_package_validates(built):
    import base64
    import csv
    import io

    from frictionless import validate

    page = (built / "report.html").read_text(encoding="utf-8")
    blocks = re.findall(r'<figure class="report-(?:figure|table)[^"]*">.*?</figure>', page, re.S)
    assert len(blocks) >= 10
    for block in blocks:
        link = re.search(r'<a class="data-link" download="((?:figure|table)-\d+)\.csv" '
                         r'href="data:text/csv;charset=utf-8;base64,([^"]+)">', block)
        assert link, block[:300]
        embedded = base64.b64decode(link.group(2)).decode("utf-8")
        assert (built / "data" / f"{link.group(1)}.csv").read_text(encoding="utf-8") == embedded
    report = validate(str(built / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    trade = list(csv.DictReader(io.StringIO((built / "data" / "figure-1.csv").read_text(encoding="utf-8"))))
    total = {row["year"]: float(row["value"]) for row in trade if row["series"] == "total trade with Russia"}
    assert total["2020"] == pytest.approx(107.700, abs=0.01)  # US$ bn, as drawn
    assert all(row["unit"] == "US$ bn" and "imf-dots-2022" in row["source_ids"] for row in trade)


@pytest.mark.parametrize("width", [1400, 420])
def test_the_report_reads_cleanly_in_a_real_browser_wide_and_narrow(built, width):
    from analysis.render.browser import read_page
    from analysis.render.pdf import WarmChromium

    with WarmChromium() as browser:
        reading = read_page(browser, built / "report.html", width=width)
    facts = reading.facts
    assert facts["width"] == width
    assert reading.errors == []
    assert len(facts["images"]) >= 10 and all(image["decoded"] for image in facts["images"])
    assert all(len(image["alt"]) > 20 for image in facts["images"])
    assert facts["brokenLinks"] == []
    assert facts["contentsPinned"] is (width >= 1100)  # a sidebar on a wide screen, folded on a narrow one
    assert facts["contentsEntriesShown"] is (width >= 1100)
    assert len(facts["dataLinks"]) >= 10
    for link in facts["dataLinks"]:
        assert (built / "data" / link["file"]).read_text(encoding="utf-8") == link["csv"], link["file"]


def test_the_browser_check_sees_a_broken_link_and_a_script_error(built, tmp_path):
    from analysis.render.browser import read_page
    from analysis.render.pdf import WarmChromium

    page = tmp_path / "bad.html"
    page.write_text('<html><body><a href="#nowhere">x</a><img src="data:image/png;base64,AAAA" alt="broken">'
                    "<script>throw new Error('boom')</script></body></html>", encoding="utf-8")
    with WarmChromium() as browser:
        reading = read_page(browser, page, width=1400)
    assert reading.facts["brokenLinks"] == ["nowhere"]
    assert reading.facts["images"] == [{"alt": "broken", "decoded": False}]
    assert any("boom" in error for error in reading.errors)


OTHER_PAIRS = ("RUS-IND", "CHN-USA", "DEU-FRA")
# Facts of the Russia–China partnership that no other pair's report may state as its own.
RUSSIA_CHINA_FACTS = ("Power of Siberia", "China's customs", "Xi Jinping", "Xi–Putin", "rubles and yuan",
                      "China's ambassador", "Bank of Russia")
PLACEHOLDERS = ("holds no figures for this chart", "not drawn", "none yet", "The data hold no rows")


@pytest.fixture(scope="module")
def other_pairs(built, project) -> dict[str, Path]:
    for pair in OTHER_PAIRS:
        result = make(project, "-j2", "report", f"PAIR={pair}")
        assert result.returncode == 0, f"make report PAIR={pair} failed:\n{result.stdout}\n{result.stderr}"
    return {pair: project / "reports" / pair for pair in OTHER_PAIRS}


def reader_text(report: Path) -> str:
    """The report's text as a reader sees it: no markup, no style sheet, no embedded files."""
    import html as html_module

    page = (report / "report.html").read_text(encoding="utf-8")
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    page = re.sub(r'(href|src)="data:[^"]*"', " ", page)
    return re.sub(r"\s+", " ", html_module.unescape(re.sub(r"<[^>]+>", " ", page)))


@pytest.mark.parametrize("pair", OTHER_PAIRS)
def test_another_pair_s_report_states_no_russia_china_fact_and_no_placeholder(other_pairs, pair):
    text = reader_text(other_pairs[pair])
    for phrase in RUSSIA_CHINA_FACTS + PLACEHOLDERS:
        assert phrase not in text, f"{pair}: {phrase!r} in {text[max(0, text.find(phrase) - 200):text.find(phrase) + 100]}"
    assert text.count("A widely read explainer describes Russia and China") == 1


def test_another_pair_s_ledger_states_the_claims_about_that_pair(other_pairs):
    import csv

    with open(other_pairs["RUS-IND"] / "claims.csv", encoding="utf-8") as handle:
        claims = {row["id"]: row["claim"] for row in csv.DictReader(handle)}
    assert claims["E1"] == "India has become a crucial market for Russia's energy as Russia turns away from Europe"
    assert "China" not in " ".join(claims.values())


@pytest.mark.parametrize("pair", ("RUS-CHN",) + OTHER_PAIRS)
def test_a_report_s_sources_are_exactly_those_of_its_figures_and_verdicts(built, other_pairs, pair):
    import csv

    report = built if pair == "RUS-CHN" else other_pairs[pair]
    drawn: set[str] = set()
    for table in (report / "data").glob("*.csv"):
        with open(table, encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                drawn.update(re.split(r"[;\s]+", row.get("source_ids") or ""))
    with open(report / "claims.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            drawn.update(row["sources"].split("; "))
    with open(report / "sources.csv", encoding="utf-8") as handle:
        listed = {row["source_id"] for row in csv.DictReader(handle)}
    assert listed and listed <= drawn - {""}, sorted(listed - drawn)[:5]
    from analysis.chapters.summary.sources import sources_and_data
    shown = sources_and_data(listed, {*pair.split("-")})
    appendix = reader_text(report)
    for dataset in shown.datasets["dataset"]:
        assert dataset in appendix


def test_the_pdf_opens_with_the_title_then_the_numbered_contents(built):
    reader = PdfReader(built / "report.pdf")
    contents_page = reader.pages[1].extract_text()
    assert "Contents" in contents_page and "How this report is made" in contents_page
    numbers = [int(line) for line in contents_page.splitlines() if line.strip().isdigit()]
    footer, entries = numbers[0], numbers[1:]
    assert footer == 2 and entries[0] == 3 and len(entries) >= 30, contents_page[:300]
    assert entries == sorted(entries)  # in the order of the report
    assert "How this report is made" in reader.pages[entries[-1] - 1].extract_text()


def test_the_executive_summary_opens_with_a_finding_and_its_number_for_each_pillar(built):
    page = (built / "report.html").read_text(encoding="utf-8")
    summary = re.search(r'id="chapter-00_summary">(.*?)</section>', page, re.S).group(1)
    first_text = re.search(r"<(p|ul)[ >].*?</\1>", summary.split("Executive summary", 1)[1], re.S).group(0)
    assert 'class="findings"' in first_text
    assert re.search(r'<li class="findings-lead">Of the 23 claims, \d+ supported, \d+ partly supported', first_text)
    findings = re.findall(r"<li><strong>(\w+)\.</strong>(.*?)</li>", first_text, re.S)
    assert [pillar for pillar, _ in findings] == ["Economy", "Military", "Diplomacy", "Geopolitics", "Outlook"]
    assert all(re.search(r"\d", sentence.split(".", 1)[1]) for _, sentence in findings)


def test_parts_rendered_while_the_summary_ran_make_the_same_report_as_one_assembly(project, built):
    # The HTML stage on its own renders every part itself.
    published = (built / "report.html").read_text(encoding="utf-8")
    script = ("from analysis import build; from analysis.params import ReportParameters; "
              "build.build_html(ReportParameters('RUS', 'CHN'))")
    folders = {"REPORT_BUILD_DIR": str(project / "build"), "REPORT_OUTPUT_DIR": str(project / "reports")}
    done = subprocess.run([sys.executable, "-c", script], cwd=project, capture_output=True, text=True, timeout=300,
                          env={**os.environ, **folders, "PYTHONPATH": str(project)})
    assert done.returncode == 0, done.stderr
    assert (project / "build" / "RUS-CHN" / "report.html").read_text(encoding="utf-8") == published


def test_the_printed_contents_give_the_page_each_entry_lands_on(built):
    from analysis.render import contents

    pdf, document = built / "report.pdf", (built / "report.html").read_text(encoding="utf-8")
    landed = contents.page_numbers(document, pdf)  # each entry's page, from the final PDF's bookmarks
    entries = [anchor for anchor, _ in contents.contents_entries(document)]
    assert len(landed) == len(entries) >= 30
    # As the text is read from the page: its own number (2), the column of page numbers, then the titles.
    printed = "".join(contents.pdf_pages(pdf)[1].split())
    assert printed.startswith("2" + "".join(str(landed[anchor]) for anchor in entries) + "Contents"), printed[:120]

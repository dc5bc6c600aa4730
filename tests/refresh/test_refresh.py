"""Refresh, offline: recorded responses in each publisher's real format, every failure kind,
and the guarantee that a failed or invalid fetch leaves the last good snapshot as it was.

The recorded responses are built from the snapshot's own verbatim excerpts: the World
Bank's zip holds its API_*.csv file; SIPRI's workbook holds a "Current US$" sheet with
title lines above the 'Country, Notes, years' header.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from analysis import config, refresh
from analysis.data.validation import read_rows, validate_snapshot
from analysis.refresh import FetchError, jobs
from analysis.sources import sipri_milex, wdi

from ..conftest import copy_project, make

TODAY = dt.date(2026, 11, 28)
GDP = "NY.GDP.MKTP.CD"
GDP_EXCERPT = "API_NY.GDP.MKTP.CD_DS2_en_csv_v2_24.excerpt.csv"
SIPRI_EXCERPT = "SIPRI-Milex-data-1949-2024_2.current-usd.excerpt.csv"


def wdi_zip(csv_text: str, name: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, "\ufeff" + csv_text)
        archive.writestr(f"Metadata_Indicator_{name}", '"INDICATOR_CODE","INDICATOR_NAME"\n')
        archive.writestr(f"Metadata_Country_{name}", '"Country Code","Region"\n')
    return buffer.getvalue()


def current_wdi_response(code: str, release: str | None = None) -> bytes:
    """The snapshot's own excerpt served as the World Bank's zip, optionally relabelled as another release."""
    path = next((config.DATA_DIR / "publisher" / "wdi").glob(f"API_{code}_DS2_*"))
    text = path.read_text(encoding="utf-8")
    if release:
        text = text.replace(wdi.parse_csv(text).last_updated, release, 1)
    return wdi_zip(text, path.name.replace(".excerpt.csv", ".csv"))


def newer_gdp_release() -> tuple[bytes, str]:
    """The GDP file as a later release: new date, one value revised, one year added."""
    text = (config.DATA_DIR / "publisher" / "wdi" / GDP_EXCERPT).read_text(encoding="utf-8")
    text = text.replace('"Last Updated Date","2026-04-08"', '"Last Updated Date","2026-10-15"')
    text = text.replace('"2173835806671.66",""', '"2180000000000",""')  # Russia 2024 revised
    text = text.replace('"18743803170827.2",""', '"18743803170827.2","19400000000000"')  # China 2025 added
    return wdi_zip(text, "API_NY.GDP.MKTP.CD_DS2_en_csv_v2_31.csv"), text


def sipri_workbook(sheet: str = "Current US$", header_start: tuple[str, str] = ("Country", "Notes"),
                   full_precision: bool = False) -> bytes:
    """The snapshot's excerpt as SIPRI's workbook; with ``full_precision`` every figure carries the further digits
    the real workbook holds (426.3 as 426.3123456789), which the excerpt's one decimal leaves out."""
    _, rows = read_rows(config.DATA_DIR / "publisher" / "sipri_milex" / SIPRI_EXCERPT)
    header = list(rows[0].keys())
    book = Workbook()
    book.active.title = "Front page"
    data = book.create_sheet(sheet)
    data.append(["Military expenditure by country, in millions of US$ at current prices and exchange rates"])
    for _ in range(4):
        data.append([])
    data.append([*header_start, *[int(year) for year in header[2:]]])
    for row in rows:
        cells = [row[name] for name in header]
        extra = 0.0123456789 if full_precision else 0.0
        data.append(cells[:2] + [float(cell) + extra if cell.replace(".", "", 1).isdigit() else cell
                                 for cell in cells[2:]])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class RecordedTransport:
    """Answers each URL from a table: bytes, or a FetchError to raise; anything else is a 404."""

    def __init__(self, answers: dict[str, bytes | FetchError]):
        self.answers = answers
        self.asked: list[str] = []
        self.bodies: dict[str, bytes | None] = {}
        self.headers: dict[str, dict] = {}

    def get(self, url: str, timeout: float, body: bytes | None = None, headers: dict | None = None) -> bytes:
        self.asked.append(url)
        self.bodies[url] = body
        self.headers[url] = headers or {}
        answer = self.answers.get(url, FetchError("http error", f"HTTP 404 from {url}"))
        if isinstance(answer, FetchError):
            raise answer
        return answer


SIPRI_FILE = "SIPRI-Milex-data-1949-2024_2.xlsx"  # the edition in the snapshot, with SIPRI's revision suffix


def sipri_url(name: str = SIPRI_FILE) -> str:
    return f"https://www.sipri.org/sites/default/files/{name}"


def sipri_page(*names: str) -> bytes:
    """SIPRI's database page as it links its workbooks (relative links, as on the real page)."""
    links = "".join(f'<li><a href="/sites/default/files/{name}">Data for all countries</a></li>' for name in names)
    return f"<html><body><h1>SIPRI Military Expenditure Database</h1><ul>{links}</ul></body></html>".encode()


def unchanged_answers() -> dict[str, bytes | FetchError]:
    answers: dict[str, bytes | FetchError] = {wdi.DOWNLOAD.format(code=code): current_wdi_response(code)
                                              for code in wdi.INDICATORS}
    answers[sipri_milex.PAGE] = sipri_page("SIPRI-Milex-data-1949-2020_0.xlsx", SIPRI_FILE,
                                                   "SIPRI-Milex-data-1949-2023.xlsx")
    answers[sipri_url()] = sipri_workbook()
    return answers


def fingerprint(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(config.DATA_DIR, copy)
    monkeypatch.setattr(jobs, "CACHE_DIR", tmp_path / "cache")
    return copy


def run(data_dir: Path, answers: dict) -> tuple[int, Path]:
    """Refresh the sources the answers are recorded for (the others are not asked)."""
    reports = data_dir.parent / "reports"
    sources = [source for source in refresh.planned_jobs(TODAY) if set(source.urls) & set(answers)]
    status = refresh.run(sources, RecordedTransport(answers), data_dir, reports, TODAY, check_network=False)
    return status, reports / refresh.CHANGES_REPORT


def test_the_recorded_responses_reproduce_the_snapshot_exactly(data_dir):
    before = fingerprint(data_dir)
    status, report = run(data_dir, unchanged_answers())
    assert status == 0
    assert fingerprint(data_dir) == before
    assert report.read_text().count(": unchanged") == len(wdi.INDICATORS) + 1


def test_a_new_release_is_validated_and_moved_in_with_its_changes_reported(data_dir):
    answers = unchanged_answers()
    answers[wdi.DOWNLOAD.format(code=GDP)], new_text = newer_gdp_release()
    status, report = run(data_dir, answers)
    assert status == 0
    excerpts = sorted(path.name for path in (data_dir / "publisher" / "wdi").glob(f"API_{GDP}_*"))
    assert excerpts == ["API_NY.GDP.MKTP.CD_DS2_en_csv_v2_31.excerpt.csv"]  # the old release's excerpt is gone
    assert (data_dir / "publisher" / "wdi" / excerpts[0]).read_text() == new_text
    raw = (data_dir / "raw" / "wdi.csv").read_text()
    assert "gdp_usd,RUS,,2024,2180000000000,USD,wdi-ny.gdp.mktp.cd-2026-10-15" in raw
    assert "gdp_usd,CHN,,2025,19400000000000,USD,wdi-ny.gdp.mktp.cd-2026-10-15" in raw
    assert raw == wdi.raw_table(data_dir / "publisher")  # still derivable from the excerpts
    validate_snapshot(data_dir)
    catalog = (data_dir / "catalog.yml").read_text()
    assert "NY.GDP.MKTP.CD 2026-10-15" in catalog and 'retrieved: "2026-11-28"' in catalog
    assert "wdi-ny.gdp.mktp.cd-2026-10-15,World Bank" in (data_dir / "citations.csv").read_text()
    changes = report.read_text()
    assert "revised gdp_usd RUS 2024: 2173835806671.66 -> 2180000000000 (+0.28%)" in changes
    assert "added gdp_usd CHN: 2025" in changes
    assert any((jobs.CACHE_DIR / TODAY.isoformat()).rglob("*.zip"))


def test_sipri_takes_the_newest_edition_its_page_links_and_says_which(data_dir, capsys):
    answers = unchanged_answers()
    answers[sipri_milex.PAGE] = sipri_page("SIPRI-Milex-data-1949-2024_2.xlsx", "SIPRI-Milex-data-1949-2025_v1.2.xlsx",
                                                   "SIPRI-Milex-data-1949-2025_v1.1.xlsx", "SIPRI-Milex-data-1949-2020_0.xlsx")
    answers[sipri_url("SIPRI-Milex-data-1949-2025_v1.2.xlsx")] = sipri_workbook()
    transport = RecordedTransport(answers)
    status, report = run(data_dir, answers)
    assert status == 0
    refresh.run([s for s in refresh.planned_jobs(TODAY) if s.name.startswith("SIPRI military")], transport,
                data_dir, data_dir.parent / "r", TODAY, check_network=False)
    assert [url for url in transport.asked if "sipri.org" in url] == [
        sipri_milex.PAGE, sipri_url("SIPRI-Milex-data-1949-2025_v1.2.xlsx")]
    assert "(SIPRI-Milex-data-1949-2025_v1.2.xlsx)" in report.read_text()


def test_a_full_precision_workbook_is_unchanged_against_the_snapshot(data_dir):
    """The real workbook holds more digits than SIPRI shows; rounded as the excerpt is, nothing changed."""
    answers = unchanged_answers()
    answers[sipri_url()] = sipri_workbook(full_precision=True)
    before = fingerprint(data_dir)
    status, report = run(data_dir, answers)
    assert status == 0
    assert "## SIPRI military expenditure: unchanged" in report.read_text()
    assert fingerprint(data_dir) == before


def test_a_page_without_a_workbook_link_is_a_changed_format(data_dir):
    answers = unchanged_answers()
    answers[sipri_milex.PAGE] = b"<html><body>The database moved.</body></html>"
    status, report = run(data_dir, answers)
    assert status == refresh.EXIT_FAILED
    assert "SIPRI military expenditure: failed\nformat changed: the page" in report.read_text()


def broken_gdp(kind: str) -> bytes | FetchError:
    good, text = newer_gdp_release()
    if kind == "timeout":
        return FetchError("timeout", "no answer within 60 s")
    if kind == "http error":
        return FetchError("http error", "HTTP 500")
    if kind == "truncated":
        return good[: len(good) // 2]
    if kind == "format changed":
        return wdi_zip(text.replace('"Country Code"', '"Country ISO3"'), "API_NY.GDP.MKTP.CD_DS2_en_csv_v2_31.csv")
    if kind == "invalid":
        return wdi_zip(text.replace('"2180000000000"', '"-5"'), "API_NY.GDP.MKTP.CD_DS2_en_csv_v2_31.csv")
    if kind == "figures lost":
        return wdi_zip(text.replace('"1829186719575.1"', '""'), "API_NY.GDP.MKTP.CD_DS2_en_csv_v2_31.csv")
    raise ValueError(kind)


@pytest.mark.parametrize("kind", ["timeout", "http error", "truncated", "format changed", "invalid", "figures lost"])
def test_a_failing_source_keeps_its_snapshot_and_the_others_still_refresh(data_dir, kind):
    answers = unchanged_answers()
    answers[wdi.DOWNLOAD.format(code=GDP)] = broken_gdp(kind)
    answers[wdi.DOWNLOAD.format(code="SP.POP.TOTL")] = current_wdi_response("SP.POP.TOTL", "2025-12-16")
    gdp_before = (data_dir / "publisher" / "wdi" / GDP_EXCERPT).read_bytes()
    status, report = run(data_dir, answers)
    assert status == refresh.EXIT_FAILED
    changes = report.read_text()
    assert f"World Bank WDI {GDP}: failed\n{kind}:" in changes
    assert "World Bank WDI SP.POP.TOTL: refreshed" in changes
    assert (data_dir / "publisher" / "wdi" / GDP_EXCERPT).read_bytes() == gdp_before
    raw = (data_dir / "raw" / "wdi.csv").read_text()
    assert "wdi-ny.gdp.mktp.cd-2026-04-08" in raw and "wdi-sp.pop.totl-2025-12-16" in raw
    validate_snapshot(data_dir)


@pytest.mark.parametrize("workbook", [sipri_workbook(sheet="Current USD"), sipri_workbook(header_start=("State", "Notes"))],
                         ids=["renamed sheet", "new header layout"])
def test_a_changed_sipri_layout_is_refused(data_dir, workbook):
    answers = unchanged_answers()
    answers[sipri_url()] = workbook
    before = fingerprint(data_dir / "publisher" / "sipri_milex")
    status, report = run(data_dir, answers)
    assert status == refresh.EXIT_FAILED
    assert "SIPRI military expenditure: failed\nformat changed:" in report.read_text()
    assert fingerprint(data_dir / "publisher" / "sipri_milex") == before


def test_nothing_is_lost_when_every_source_fails(data_dir):
    before = fingerprint(data_dir)
    answers = {url: FetchError("timeout", "no answer") for url in unchanged_answers()}
    status, _ = run(data_dir, answers)
    assert status == refresh.EXIT_FAILED
    assert fingerprint(data_dir) == before


def test_without_network_one_line_and_no_change(data_dir, monkeypatch, capsys):
    monkeypatch.setattr(jobs, "network_available", lambda hosts: False)
    before = fingerprint(data_dir)
    status = refresh.run(refresh.planned_jobs(TODAY), RecordedTransport({}), data_dir, data_dir.parent / "r", TODAY)
    assert status == refresh.EXIT_NO_NETWORK
    assert capsys.readouterr().out.strip().count("\n") == 0
    assert fingerprint(data_dir) == before
    assert not (data_dir.parent / "r").exists()


def test_make_refresh_offline_explains_in_one_line_and_keeps_snapshot_and_report(tmp_path):
    project = copy_project(tmp_path)
    report = project / "reports" / "RUS-CHN" / "report.html"
    report.parent.mkdir(parents=True)
    report.write_text("last good report")
    before = fingerprint(project / "data")
    result = make(project, "refresh", env={"REFRESH_OFFLINE": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines() == [
        "refresh: no network connection, no source could be reached; the snapshot is unchanged."]
    assert fingerprint(project / "data") == before
    assert report.read_text() == "last good report"

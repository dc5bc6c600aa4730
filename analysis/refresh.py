"""Refreshing the snapshot from the publishers, without ever losing the last good one.

    python -m analysis.refresh            (or: make refresh, which then rebuilds the report)

For each machine-readable source the snapshot holds, one fetcher downloads the
publisher's newest file into a dated cache (``.cache/refresh/<date>/``), cuts
the excerpt the snapshot keeps (the header and the entities already covered),
and stages the new snapshot in a scratch copy: excerpt, derived raw table,
citation, catalog release and retrieval date. The staged snapshot must pass
every validation rule and keep every figure the old one had; only then are
its files moved into ``data/``, each atomically. A failing source keeps its
last good snapshot and the others go on. Hand-curated tables have no fetcher
and are never touched.

Every run writes ``reports/data-changes.md``: which series changed, which
values were revised and by how much, which years were added.

Exit status: 0 when every source refreshed or was already current, 1 when at
least one source failed, 3 when there is no network at all (one line says so
and nothing changes).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import re
import shutil
import socket
import sys
import tempfile
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Protocol
from urllib.parse import urlparse

from . import config, ingest
from .catalog import load_catalog
from .ingest import FormatError
from .schemas import DataValidationError
from .validation import read_rows, validate_snapshot

CACHE_DIR = config.PROJECT_ROOT / ".cache" / "refresh"
EXIT_FAILED = 1
EXIT_NO_NETWORK = 3
CHANGES_REPORT = "data-changes.md"
TIMEOUT_SECONDS = 60
USER_AGENT = "partnership-report-refresh (research use)"

WDI_DOWNLOAD = "https://api.worldbank.org/v2/en/indicator/{code}?downloadformat=csv"
SIPRI_MILEX_DOWNLOAD = "https://www.sipri.org/sites/default/files/SIPRI-Milex-data-1949-{year}.xlsx"
SIPRI_SHEET = "Current US$"


class FetchError(Exception):
    """A source could not be refreshed. ``kind`` is one of the failure kinds below."""

    KINDS = ("no network", "timeout", "http error", "truncated", "format changed", "invalid", "figures lost")

    def __init__(self, kind: str, message: str):
        assert kind in self.KINDS, kind
        super().__init__(message)
        self.kind = kind


class Transport(Protocol):
    def get(self, url: str, timeout: float) -> bytes: ...


class HttpTransport:
    """Plain HTTPS GET with the standard library; errors become ``FetchError`` kinds."""

    def get(self, url: str, timeout: float) -> bytes:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                expected = response.headers.get("Content-Length")
                body = response.read()
        except urllib.error.HTTPError as error:
            raise FetchError("http error", f"HTTP {error.code} from {url}") from error
        except (socket.timeout, TimeoutError) as error:
            raise FetchError("timeout", f"no answer from {url} within {timeout:.0f} s") from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, (socket.timeout, TimeoutError)):
                raise FetchError("timeout", f"no answer from {url} within {timeout:.0f} s") from error
            raise FetchError("no network", f"cannot reach {urlparse(url).netloc}: {error.reason}") from error
        if expected is not None and len(body) != int(expected):
            raise FetchError("truncated", f"{url} sent {len(body)} of {expected} bytes")
        return body


def network_available(hosts: list[str]) -> bool:
    """Whether any of the sources' host names resolves (a quick test before any download)."""
    for host in hosts:
        try:
            socket.getaddrinfo(host, 443)
            return True
        except OSError:
            continue
    return False


@dataclass(frozen=True)
class Excerpt:
    """What the snapshot keeps of a publisher's file, and the citation of its release."""

    file_name: str
    text: str
    release: str
    citation: dict[str, str]  # a row of data/citations.csv (without the retrieval date)


@dataclass(frozen=True)
class Source:
    """One machine-readable source, the excerpt it refreshes and how to cut it."""

    name: str
    urls: tuple[str, ...]  # tried in order; the first that answers wins
    excerpt_dir: str  # under data/publisher/
    excerpt_glob: str  # the current excerpt of this source in that folder
    raw_table: str  # the data/raw/ table derived from that folder
    catalog_table: str
    cut: Callable[[bytes, str, Path], Excerpt]  # (download, url, current excerpt) -> new excerpt

    @property
    def hosts(self) -> list[str]:
        return [urlparse(url).netloc for url in self.urls]


# --- cutting excerpts out of the publishers' formats -----------------------------------

def _kept_codes(current_excerpt: Path, header_start: str, code_column: int) -> set[str]:
    """The entity codes (or names) of the rows below the header line of the current excerpt."""
    lines = current_excerpt.read_text(encoding="utf-8").splitlines()
    header_at = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    return {row[code_column] for row in csv.reader(lines[header_at + 1:]) if len(row) > code_column}


def cut_wdi(download: bytes, url: str, current_excerpt: Path) -> Excerpt:
    """From the World Bank's zip: the data CSV's header block and the rows of the entities kept."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(download))
        names = [name for name in archive.namelist() if name.startswith("API_") and name.endswith(".csv")]
        if len(names) != 1:
            raise FetchError("format changed", f"expected one API_*.csv in the zip from {url}, found {archive.namelist()}")
        text = archive.read(names[0]).decode("utf-8-sig")
    except (zipfile.BadZipFile, EOFError) as error:
        raise FetchError("truncated", f"the zip from {url} is damaged: {error}") from error
    try:
        parsed = ingest.parse_wdi_csv(text, names[0])
    except FormatError as error:
        raise FetchError("format changed", str(error)) from error
    kept = _kept_codes(current_excerpt, '"Country Name","Country Code"', 1)
    lines = text.splitlines()
    header_end = next(i for i, line in enumerate(lines) if line.startswith('"Country Name","Country Code"'))
    rows = [(line, next(csv.reader([line]), [])) for line in lines[header_end + 1:]]
    body = [line for line, cells in rows if len(cells) > 3 and cells[1] in kept]
    missing = kept - {cells[1] for _, cells in rows if len(cells) > 3}
    if missing:
        raise FetchError("format changed", f"{names[0]} lacks rows for {sorted(missing)}")
    indicator_name = next(cells[2] for _, cells in rows if len(cells) > 3)
    citation = {
        "source_id": ingest.wdi_source_id(parsed.indicator_code, parsed.last_updated),
        "publisher": "World Bank", "title": "World Development Indicators",
        "locator": f"series {parsed.indicator_code}, {indicator_name}; bulk file {names[0]}, "
                   "row per country code, column per year",
        "url": f"https://data.worldbank.org/indicator/{parsed.indicator_code}", "release": parsed.last_updated,
    }
    excerpt = "\n".join(lines[:header_end + 1] + body) + "\n"
    return Excerpt(names[0].replace(".csv", ".excerpt.csv"), excerpt, parsed.last_updated, citation)


def cut_sipri_milex(download: bytes, url: str, current_excerpt: Path) -> Excerpt:
    """From SIPRI's workbook: the "Current US$" sheet's header and the countries kept, as CSV."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(download), read_only=True, data_only=True)
    except (zipfile.BadZipFile, EOFError, KeyError, OSError) as error:
        raise FetchError("truncated", f"the workbook from {url} is damaged: {error}") from error
    if SIPRI_SHEET not in workbook.sheetnames:
        raise FetchError("format changed", f"the workbook from {url} has no sheet {SIPRI_SHEET!r}: {workbook.sheetnames}")
    rows = [["" if cell is None else _cell_text(cell) for cell in row]
            for row in workbook[SIPRI_SHEET].iter_rows(values_only=True)]
    header_at = next((i for i, row in enumerate(rows) if row[:2] == ["Country", "Notes"]), None)
    if header_at is None:
        raise FetchError("format changed", f"sheet {SIPRI_SHEET!r} from {url} has no 'Country, Notes' header row")
    kept = _kept_codes(current_excerpt, "Country,Notes", 0)
    body = [row for row in rows[header_at + 1:] if row and row[0] in kept]
    missing = kept - {row[0] for row in body}
    if missing:
        raise FetchError("format changed", f"sheet {SIPRI_SHEET!r} from {url} lacks rows for {sorted(missing)}")
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([rows[header_at], *body])
    file_name = Path(urlparse(url).path).name
    edition = ingest.sipri_edition(file_name)
    citation = {
        "source_id": ingest.sipri_source_id(edition),
        "publisher": "Stockholm International Peace Research Institute (SIPRI)",
        "title": "SIPRI Military Expenditure Database",
        "locator": f"file {file_name}, sheet '{SIPRI_SHEET}' (US$ m, current prices and exchange rates), "
                   "row per country, column per year",
        "url": "https://www.sipri.org/databases/milex", "release": f"{edition} edition",
    }
    return Excerpt(file_name.replace(".xlsx", ".current-usd.excerpt.csv"), buffer.getvalue(), f"{edition} edition",
                   citation)


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def default_sources(today: dt.date | None = None) -> list[Source]:
    today = today or dt.date.today()
    sources = [
        Source(f"World Bank WDI {code}", (WDI_DOWNLOAD.format(code=code),), "wdi", f"API_{code}_DS2_*",
               "wdi.csv", "wdi", cut_wdi)
        for code in ingest.WDI_INDICATORS
    ]
    editions = tuple(SIPRI_MILEX_DOWNLOAD.format(year=year) for year in (today.year - 1, today.year - 2))
    sources.append(Source("SIPRI military expenditure", editions, "sipri", "SIPRI-Milex-data-*current-usd*",
                          "sipri_milex.csv", "sipri_milex", cut_sipri_milex))
    return sources


# Sources the refresh knows of but cannot use yet, with the reason printed in the summary.
NOT_YET_REFRESHED = {
    "SIPRI arms transfers": ("the TIV tables in the snapshot are excerpts of SIPRI's CSV exports; the database's "
                             "export service has no documented request format to fetch them by"),
    "UN General Assembly votes": ("the roll calls in the snapshot come from a republication frozen in 2021 "
                                  "(Voeten et al. via unvotes); fetching the UN Digital Library's voting data "
                                  "needs its file format recorded first"),
    "UN Comtrade": ("the trade figures in the snapshot are press reports of customs releases; Comtrade needs "
                    "the COMTRADE_API_KEY variable and a Comtrade table in the snapshot"),
}


# --- staging, checking and committing ----------------------------------------------------

@dataclass
class Outcome:
    source: str
    status: str  # refreshed, unchanged, failed, skipped
    detail: str = ""
    changes: list[str] = field(default_factory=list)


def _figures(path: Path) -> dict[tuple[str, ...], str]:
    if not path.exists():
        return {}
    _, rows = read_rows(path)
    return {(row["indicator"], row["entity"], row["partner"], row["year"]): row["value"] for row in rows}


def describe_changes(old: dict, new: dict) -> list[str]:
    """Lines for the change report: revised values with their change, added figures by series."""
    lines = []
    for key in sorted(set(old) & set(new)):
        before, after = float(old[key]), float(new[key])
        if before != after:
            change = f"{(after - before) / before:+.2%}" if before else "from 0"
            lines.append(f"revised {key[0]} {key[1]} {key[3]}: {old[key]} -> {new[key]} ({change})")
    added: dict[tuple[str, str], list[str]] = {}
    for key in sorted(set(new) - set(old)):
        added.setdefault((key[0], key[1]), []).append(key[3])
    lines += [f"added {indicator} {entity}: {', '.join(years)}" for (indicator, entity), years in added.items()]
    return lines


def _replace_catalog_field(text: str, table: str, name: str, value: str) -> str:
    """Set one scalar field of one table entry in the catalog text, keeping everything else as it is."""
    block = re.search(rf"(?m)^  {re.escape(table)}:\n(?:(?:    .*)?\n)*", text)
    if block is None:
        raise FetchError("invalid", f"catalog has no table {table!r}")
    updated = re.sub(rf"(?m)^    {name}: .*$", f'    {name}: "{value}"', block.group(0), count=1)
    return text[:block.start()] + updated + text[block.end():]


def wdi_release_text(publisher_dir: Path) -> str:
    parts = []
    for path in sorted(publisher_dir.glob("API_*.csv")):
        parsed = ingest.parse_wdi_csv(path.read_text(encoding="utf-8"), path.name)
        parts.append(f"{parsed.indicator_code} {parsed.last_updated}")
    return "; ".join(parts)


def stage(source: Source, excerpt: Excerpt, data_dir: Path, staging: Path, today: dt.date) -> None:
    """Build the would-be snapshot in ``staging`` (a copy of ``data_dir``) with the new excerpt."""
    shutil.copytree(data_dir, staging)
    folder = staging / "publisher" / source.excerpt_dir
    for old in folder.glob(source.excerpt_glob):
        old.unlink()
    (folder / excerpt.file_name).write_text(excerpt.text, encoding="utf-8")
    producers = {"wdi.csv": lambda: ingest.wdi_table(folder), "sipri_milex.csv": lambda: ingest.sipri_milex_table(folder)}
    try:
        (staging / "raw" / source.raw_table).write_text(producers[source.raw_table](), encoding="utf-8")
    except FormatError as error:
        raise FetchError("format changed", str(error)) from error
    catalog_path = staging / "catalog.yml"
    catalog = catalog_path.read_text(encoding="utf-8")
    release = wdi_release_text(folder) if source.catalog_table == "wdi" else excerpt.release
    catalog = _replace_catalog_field(catalog, source.catalog_table, "release", release)
    catalog = _replace_catalog_field(catalog, source.catalog_table, "retrieved", today.isoformat())
    catalog_path.write_text(catalog, encoding="utf-8")
    add_citation(staging, excerpt.citation, today)


def add_citation(data_dir: Path, citation: dict[str, str], today: dt.date) -> None:
    """Append the new release's citation to ``citations.csv`` unless it is already there."""
    path = data_dir / "citations.csv"
    columns, rows = read_rows(path)
    if any(row["source_id"] == citation["source_id"] for row in rows):
        return
    buffer = io.StringIO()
    csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n").writerow(dict(citation, retrieved=today.isoformat()))
    with path.open("a", encoding="utf-8", newline="") as handle:
        handle.write(buffer.getvalue())


def check_staged(source: Source, data_dir: Path, staging: Path) -> list[str]:
    """The staged snapshot must validate and keep every figure; return the change lines."""
    try:
        validate_snapshot(staging)
        load_catalog(staging / "catalog.yml")
    except DataValidationError as error:
        raise FetchError("invalid", f"the new data breaks a rule: {error}") from error
    old, new = _figures(data_dir / "raw" / source.raw_table), _figures(staging / "raw" / source.raw_table)
    lost = sorted(set(old) - set(new))
    if lost:
        raise FetchError("figures lost", f"the new file lacks {len(lost)} figures the snapshot has, e.g. {lost[0]}")
    return describe_changes(old, new)


def commit(staging: Path, data_dir: Path) -> None:
    """Move every changed file of the staged snapshot into place, each atomically."""
    for staged in sorted(staging.rglob("*")):
        if not staged.is_file():
            continue
        target = data_dir / staged.relative_to(staging)
        if target.exists() and target.read_bytes() == staged.read_bytes():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.new")
        shutil.copyfile(staged, temporary)
        temporary.replace(target)
    for current in sorted(data_dir.rglob("*")):
        if current.is_file() and not (staging / current.relative_to(data_dir)).exists():
            current.unlink()  # an excerpt replaced by a newer release's file


def refresh_source(source: Source, transport: Transport, data_dir: Path, today: dt.date) -> Outcome:
    folder = data_dir / "publisher" / source.excerpt_dir
    current = sorted(folder.glob(source.excerpt_glob))
    if len(current) != 1:
        return Outcome(source.name, "failed", f"expected one current excerpt matching {source.excerpt_glob}, found {len(current)}")
    download, url, error = None, "", None
    for candidate in source.urls:
        try:
            download, url = transport.get(candidate, TIMEOUT_SECONDS), candidate
            break
        except FetchError as failure:
            error = failure
            if failure.kind != "http error":  # an edition not yet published: try the next; else stop
                break
    if download is None:
        return Outcome(source.name, "failed", f"{error.kind}: {error}")
    cache = CACHE_DIR / today.isoformat() / re.sub(r"[^A-Za-z0-9.]+", "_", source.name)
    cache.mkdir(parents=True, exist_ok=True)
    cached = Path(urlparse(url).path).name
    (cache / (cached if Path(cached).suffix in {".xlsx", ".zip", ".csv"} else f"{cached}.zip")).write_bytes(download)
    try:
        excerpt = source.cut(download, url, current[0])
        if excerpt.text == current[0].read_text(encoding="utf-8"):  # same figures, whatever the file is called
            return Outcome(source.name, "unchanged", f"release {excerpt.release} is already in the snapshot")
        with tempfile.TemporaryDirectory(prefix="refresh-") as scratch:
            staging = Path(scratch) / "data"
            stage(source, excerpt, data_dir, staging, today)
            changes = check_staged(source, data_dir, staging)
            commit(staging, data_dir)
    except FetchError as error:
        return Outcome(source.name, "failed", f"{error.kind}: {error}")
    return Outcome(source.name, "refreshed", f"release {excerpt.release}", changes)


def change_report(outcomes: list[Outcome], today: dt.date) -> str:
    lines = [f"# Data changes from the refresh of {today.isoformat()}", ""]
    for outcome in outcomes:
        lines.append(f"## {outcome.source}: {outcome.status}")
        if outcome.detail:
            lines.append(f"{outcome.detail}")
        lines += [f"- {change}" for change in outcome.changes]
        if outcome.status == "refreshed" and not outcome.changes:
            lines.append("- no figure changed (only the release label)")
        lines.append("")
    return "\n".join(lines)


def run(sources: list[Source], transport: Transport, data_dir: Path, reports_dir: Path, today: dt.date,
        check_network: bool = True) -> int:
    offline = os.environ.get("REFRESH_OFFLINE") == "1"  # lets a scheduler or a test force the offline path
    if check_network and (offline or not network_available(sorted({host for source in sources for host in source.hosts}))):
        print("refresh: no network connection, no source could be reached; the snapshot is unchanged.")
        return EXIT_NO_NETWORK
    outcomes = [refresh_source(source, transport, data_dir, today) for source in sources]
    outcomes += [Outcome(name, "skipped", reason) for name, reason in NOT_YET_REFRESHED.items()]
    for outcome in outcomes:
        print(f"{outcome.status:>9}  {outcome.source}: {outcome.detail}", flush=True)
    reports_dir.mkdir(parents=True, exist_ok=True)
    report = reports_dir / CHANGES_REPORT
    temporary = report.with_name(f".{report.name}.new")
    temporary.write_text(change_report(outcomes, today), encoding="utf-8")
    temporary.replace(report)
    failed = [outcome for outcome in outcomes if outcome.status == "failed"]
    print(f"refresh: {sum(o.status == 'refreshed' for o in outcomes)} refreshed, "
          f"{sum(o.status == 'unchanged' for o in outcomes)} unchanged, {len(failed)} failed; "
          f"details in {report}")
    return EXIT_FAILED if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.refresh", description=__doc__.split("\n\n")[0])
    parser.parse_args(argv)
    today = dt.date.today()
    return run(default_sources(today), HttpTransport(), config.DATA_DIR, config.REPORTS_DIR, today)


if __name__ == "__main__":
    sys.exit(main())

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
and are never touched. The General Assembly fetcher adds an excerpt beside the
republication's rather than replacing it: the roll calls after its last date.

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
import json
import os
import re
import shutil
import socket
import sys
import tempfile
import urllib.error
import urllib.request
import zipfile
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal
from fnmatch import fnmatch
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Iterator, Protocol
from urllib.parse import urlparse

from analysis import config
from analysis.sources import ingest
from analysis.data.catalog import load_catalog
from analysis.sources.ingest import FormatError
from analysis.data.schemas import DataValidationError
from analysis.data.validation import read_rows, validate_snapshot

CACHE_DIR = config.PROJECT_ROOT / ".cache" / "refresh"
EXIT_FAILED = 1
EXIT_NO_NETWORK = 3
CHANGES_REPORT = "data-changes.md"
TIMEOUT_SECONDS = 60
USER_AGENT = "partnership-report-refresh (research use)"

WDI_DOWNLOAD = "https://api.worldbank.org/v2/en/indicator/{code}?downloadformat=csv"
SIPRI_MILEX_PAGE = "https://www.sipri.org/databases/milex"
# The workbook linked from the database page; its name carries the edition's years and, often, a revision
# suffix: SIPRI-Milex-data-1949-2024_2.xlsx, SIPRI-Milex-data-1949-2025_v1.2.xlsx.
SIPRI_MILEX_LINK = re.compile(r"""(?:https://www\.sipri\.org)?(/sites/default/files/[\w/-]*?"""
                              r"""(SIPRI-Milex-data-1949-(\d{4})(?:_(v?[\d.]+))?\.xlsx))""")
SIPRI_MILEX_DECIMALS = 1  # SIPRI shows its figures to one decimal (US$ m); the excerpt keeps them so
# Markers of the pages a bot filter answers with instead of the file asked for.
CHALLENGE_MARKERS = (b"cf-chl", b"challenge-platform", b"captcha", b"Just a moment", b"Access denied",
                     b"Please enable JavaScript", b"verify you are human", b"Request unsuccessful")
STREAM_CHUNK = 1 << 20
SIPRI_SHEET = "Current US$"
SIPRI_MILEX_GLOB = "SIPRI-Milex-data-*current-usd*"
SIPRI_ARMS_IMPORTS_GLOB = "TIV-Import-All-Country-*"
# The service behind SIPRI's arms transfers interface answers a POST of the interface's filters with JSON
# {"result": "<the table as CSV>"}. These filters ask for the yearly TIV of deliveries by recipient.
SIPRI_ARMS_SERVICE = "https://atbackend.sipri.org/api/p/trades/import-export-csv-str/"
SIPRI_ARMS_ORIGIN = "https://armstransfers.sipri.org"
SIPRI_ARMS_FIRST_YEAR = 1950
# The UN Digital Library's record of its General Assembly voting data; the CSV file attached to it is
# renamed with each update (2025_9_19_ga_voting.csv, 2026_02_06_ga_voting.csv, ...).
UNDL_VOTING_RECORD = "https://digitallibrary.un.org/record/4060887"
# UN Comtrade's annual goods data for one reporter and partner (China 156, Russia 643), totals only; the key
# (a free subscription from the Comtrade developer portal) is read from COMTRADE_API_KEY.
COMTRADE_DOWNLOAD = ("https://comtradeapi.un.org/data/v1/get/C/A/HS?reporterCode=156&partnerCode=643&period={periods}"
                     "&cmdCode=TOTAL&flowCode=X,M&customsCode=C00&motCode=0&partner2Code=0")
COMTRADE_KEY = "COMTRADE_API_KEY"
COMTRADE_FIRST_YEAR = 1992
COMTRADE_YEARS_PER_REQUEST = 12
UNDL_FILE_LINK = re.compile(r"/record/4060887/files/([^\"'?#\s/]+\.csv)")


class FetchError(Exception):
    """A source could not be refreshed. ``kind`` is one of the failure kinds below."""

    KINDS = ("no network", "timeout", "http error", "blocked by the site", "truncated", "format changed", "invalid",
             "figures lost")

    def __init__(self, kind: str, message: str):
        assert kind in self.KINDS, kind
        super().__init__(message)
        self.kind = kind


class Transport(Protocol):
    def get(self, url: str, timeout: float, body: bytes | None = None, headers: dict[str, str] | None = None
            ) -> bytes: ...

    def download(self, url: str, destination: Path, timeout: float) -> Path: ...


class HttpTransport:
    """Plain HTTPS with the standard library (GET, or POST of a JSON body); errors become ``FetchError`` kinds."""

    def get(self, url: str, timeout: float, body: bytes | None = None, headers: dict[str, str] | None = None
            ) -> bytes:
        sent = {"User-Agent": USER_AGENT, **(headers or {})}
        if body is not None:  # only SIPRI's arms transfers service is asked by POST, as its interface asks it
            sent.update({"Content-Type": "application/json", "Origin": SIPRI_ARMS_ORIGIN})
        with _opened(urllib.request.Request(url, data=body, headers=sent), url, timeout) as response:
            expected = response.headers.get("Content-Length")
            body = response.read()
        if expected is not None and len(body) != int(expected):
            raise FetchError("truncated", f"{url} sent {len(body)} of {expected} bytes")
        return body

    def download(self, url: str, destination: Path, timeout: float) -> Path:
        """Stream a large file to ``destination`` a megabyte at a time, never holding it whole in memory."""
        destination.parent.mkdir(parents=True, exist_ok=True)
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        with _opened(request, url, timeout) as response, destination.open("wb") as handle:
            expected = response.headers.get("Content-Length")
            while chunk := response.read(STREAM_CHUNK):
                handle.write(chunk)
        if expected is not None and destination.stat().st_size != int(expected):
            raise FetchError("truncated", f"{url} sent {destination.stat().st_size} of {expected} bytes")
        return destination


@contextmanager
def _opened(request: urllib.request.Request, url: str, timeout: float) -> Iterator:
    """An open answer to ``request``; network and HTTP errors (also while it is read) become ``FetchError`` kinds."""
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            yield response
    except urllib.error.HTTPError as error:
        raise FetchError("http error", f"HTTP {error.code} from {url}") from error
    except (socket.timeout, TimeoutError) as error:
        raise FetchError("timeout", f"no answer from {url} within {timeout:.0f} s") from error
    except urllib.error.URLError as error:
        if isinstance(error.reason, (socket.timeout, TimeoutError)):
            raise FetchError("timeout", f"no answer from {url} within {timeout:.0f} s") from error
        raise FetchError("no network", f"cannot reach {urlparse(url).netloc}: {error.reason}") from error


def refuse_challenge(answer: bytes, url: str) -> None:
    """Fail as "blocked by the site" when a bot filter answered instead of the publisher."""
    head = answer[:20_000]
    if head.lstrip()[:1] == b"<" and any(marker.lower() in head.lower() for marker in CHALLENGE_MARKERS):
        raise FetchError("blocked by the site",
                         f"{urlparse(url).netloc} answered with a page that checks for a browser instead of the "
                         f"file; download it in a browser and give it to the refresh with FROM=<file>")


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
    cut: Callable[[bytes, str, Path], Excerpt]  # (download, url, excerpt folder) -> new excerpt
    body: bytes | None = None  # sent as a POST; None for a GET
    locate: Callable[[bytes, str], str] | None = None  # (page, its url) -> url of the file to download
    adds_to_folder: bool = False  # the excerpt is added beside others, so a first fetch has none to replace
    key_variable: str | None = None  # an environment variable holding the source's key; skipped without it
    key_header: str = ""  # the request header that carries the key
    combine: Callable[[list[bytes]], bytes] | None = None  # fetch every url (not the first that answers), join them
    large: bool = False  # streamed to the cache and cut from there, never read whole into memory
    file_pattern: str = ""  # the name of the publisher's file, to recognise one a user downloaded (FROM=)

    @property
    def hosts(self) -> list[str]:
        return [urlparse(url).netloc for url in self.urls]


# --- cutting excerpts out of the publishers' formats -----------------------------------

def _kept_codes(current_excerpt: Path, header_start: str, code_column: int) -> set[str]:
    """The entity codes (or names) of the rows below the header line of the current excerpt."""
    lines = current_excerpt.read_text(encoding="utf-8").splitlines()
    header_at = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    return {row[code_column] for row in csv.reader(lines[header_at + 1:]) if len(row) > code_column}


def _current(folder: Path, glob: str) -> Path:
    found = sorted(folder.glob(glob))
    if len(found) != 1:
        raise FetchError("invalid", f"expected one current excerpt matching {glob} in {folder}, found {len(found)}")
    return found[0]


def cut_wdi(download: bytes, url: str, folder: Path) -> Excerpt:
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
    code = parsed.indicator_code
    kept = _kept_codes(_current(folder, f"API_{code}_DS2_*"), '"Country Name","Country Code"', 1)
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


def _edition_order(found: re.Match) -> tuple[int, tuple[int, ...]]:
    """(last year, revision) of a workbook's name: ..._2 before ..._3, and a name without suffix first."""
    revision = tuple(int(part) for part in re.findall(r"\d+", found.group(4) or ""))
    return int(found.group(3)), revision


def locate_sipri_milex(page: bytes, url: str) -> str:
    """The newest edition of the workbook linked from SIPRI's database page."""
    links = list(SIPRI_MILEX_LINK.finditer(page.decode("utf-8", errors="replace")))
    if not links:
        raise FetchError("format changed", f"the page {url} links no SIPRI-Milex-data-1949-*.xlsx workbook")
    newest = max(links, key=_edition_order)
    return f"https://www.sipri.org{newest.group(1)}"


def sipri_figure_text(value: object) -> str:
    """A workbook cell as the excerpt keeps it: numbers to SIPRI's one decimal (half up), whole numbers without a
    decimal point, text as it is; so that a full-precision workbook and the snapshot compare like with like."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return _cell_text(value)
    rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-SIPRI_MILEX_DECIMALS), rounding=ROUND_HALF_UP)
    return str(int(rounded)) if rounded == rounded.to_integral_value() else str(rounded)


def cut_sipri_milex(download: bytes, url: str, folder: Path) -> Excerpt:
    """From SIPRI's workbook: the "Current US$" sheet's header and the countries kept, as CSV."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(download), read_only=True, data_only=True)
    except (zipfile.BadZipFile, EOFError, KeyError, OSError) as error:
        raise FetchError("truncated", f"the workbook from {url} is damaged: {error}") from error
    if SIPRI_SHEET not in workbook.sheetnames:
        raise FetchError("format changed", f"the workbook from {url} has no sheet {SIPRI_SHEET!r}: {workbook.sheetnames}")
    rows = [["" if cell is None else sipri_figure_text(cell) for cell in row]
            for row in workbook[SIPRI_SHEET].iter_rows(values_only=True)]
    header_at = next((i for i, row in enumerate(rows) if row[:2] == ["Country", "Notes"]), None)
    if header_at is None:
        raise FetchError("format changed", f"sheet {SIPRI_SHEET!r} from {url} has no 'Country, Notes' header row")
    kept = _kept_codes(_current(folder, SIPRI_MILEX_GLOB), "Country,Notes", 0)
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
        "locator": f"file {file_name}, sheet '{SIPRI_SHEET}' (US$ m, current prices and exchange rates, to one "
                   "decimal), row per country, column per year",
        "url": SIPRI_MILEX_PAGE, "release": f"{edition} edition",
    }
    return Excerpt(file_name.replace(".xlsx", ".current-usd.excerpt.csv"), buffer.getvalue(),
                   f"{edition} edition ({file_name})", citation)


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def sipri_arms_request(last_year: int) -> bytes:
    """The interface's filters for the yearly TIV of deliveries to every recipient, as the JSON it posts."""
    def condition(field_name: str, value1: object = "", value2: object = "", test: str = "") -> dict:
        return {"field": field_name, "oldField": "", "condition": test, "value1": value1, "value2": value2,
                "listData": []}

    filters = [condition("Year range 1", SIPRI_ARMS_FIRST_YEAR, last_year, "contains"),
               condition("DeliveryType", "delivered"), condition("Status", "0")]
    return json.dumps({"filters": filters, "logic": "AND"}).encode("utf-8")


def cut_sipri_arms_imports(download: bytes, url: str, folder: Path) -> Excerpt:
    """From the service's JSON (or the table as the interface downloads it, FROM=): the table's notes, header and
    the rows of the recipients kept, without the years not yet published."""
    if url.endswith(".csv"):
        download = json.dumps({"result": download.decode("utf-8-sig")}).encode("utf-8")
    try:
        text = json.loads(download)["result"]
    except (ValueError, UnicodeDecodeError) as error:
        raise FetchError("truncated", f"the answer from {url} is not complete JSON: {error}") from error
    except (KeyError, TypeError) as error:
        raise FetchError("format changed", f"the answer from {url} has no 'result' table") from error
    if not isinstance(text, str):
        raise FetchError("format changed", f"the answer from {url} has a 'result' that is not a CSV text")
    text = drop_unpublished_years(text)
    current = _current(folder, SIPRI_ARMS_IMPORTS_GLOB)
    kept = {row[0] for row in csv.reader(current.read_text(encoding="utf-8").splitlines()) if row and row[0] in
            ingest.SIPRI_ARMS_NAMES and ingest.SIPRI_ARMS_NAMES[row[0]] != "WLD"}
    excerpt = _kept_tiv_rows(text, kept)
    found = {row[0] for row in csv.reader(excerpt.splitlines()) if row}
    if kept - found:
        raise FetchError("format changed", f"the table from {url} lacks rows for {sorted(kept - found)}")
    try:
        parsed = ingest.parse_sipri_tiv_csv(excerpt, "SIPRI arms transfers table")
    except FormatError as error:
        raise FetchError("format changed", str(error)) from error
    if parsed.slug != "imports-by-recipient":
        raise FetchError("format changed", f"expected a table of imports by recipient from {url}, found {parsed.title!r}")
    years = sorted(parsed.figures["year"].unique())
    generated = parsed.generated
    citation = {
        "source_id": ingest.sipri_tiv_source_id(parsed),
        "publisher": "Stockholm International Peace Research Institute (SIPRI)",
        "title": "SIPRI Arms Transfers Database",
        "locator": f"table of imports by recipient from all suppliers, {years[0]}-{years[-1]} (millions of TIV), "
                   f"rows {' and '.join(sorted(kept))}, column per year; generated {generated}",
        "url": f"{SIPRI_ARMS_ORIGIN}/ArmsTransfer/ImportExport", "release": f"generated {generated}",
    }
    return Excerpt(f"TIV-Import-All-Country-{years[0]}-{years[-1]}.excerpt.csv", excerpt, f"generated {generated}",
                   citation)


def drop_unpublished_years(text: str) -> str:
    """The table without the year columns that are blank in every row: a year SIPRI has not published yet
    comes back as an empty column, which must not be read as no deliveries anywhere."""
    lines = text.lstrip("\ufeff").splitlines()
    header_at = next((i for i, line in enumerate(lines)
                      if line.split(",")[0].strip() in ingest.TIV_ROW_LABELS), None)
    if header_at is None:
        return text
    rows = list(csv.reader(lines[header_at:]))
    header, body = rows[0], [row for row in rows[1:] if row]
    blank = [index for index, name in enumerate(header) if index > 0 and name.strip().isdigit()
             and all(index >= len(row) or not row[index].strip() for row in body)]
    if not blank:
        return text
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in [header, *body]:
        writer.writerow([cell for index, cell in enumerate(row) if index not in blank])
    return "\n".join(lines[:header_at]) + ("\n" if header_at else "") + buffer.getvalue()


def _kept_tiv_rows(text: str, kept: set[str]) -> str:
    """The table's lines down to its header, then only the rows named in ``kept``, verbatim."""
    lines = text.lstrip("\ufeff").splitlines()
    header_at = next((i for i, line in enumerate(lines)
                      if line.split(",")[0].strip() in ingest.TIV_ROW_LABELS), None)
    if header_at is None:
        raise FetchError("format changed", f"no header row starting {sorted(ingest.TIV_ROW_LABELS)} in the table")
    body = [line for line in lines[header_at + 1:] if next(csv.reader([line]), [""])[0] in kept]
    return "\n".join(lines[:header_at + 1] + body) + "\n"


def locate_undl_file(page: bytes, url: str) -> str:
    """The newest General Assembly voting CSV linked from the library's record page."""
    names = set(UNDL_FILE_LINK.findall(page.decode("utf-8", errors="replace")))
    dated = {}
    for name in names:
        try:
            dated[ingest.undl_release(name)] = name
        except FormatError:
            continue
    if not dated:
        raise FetchError("format changed", f"the record page {url} links no dated voting CSV (found {sorted(names)})")
    return f"{UNDL_VOTING_RECORD}/files/{dated[max(dated)]}"


def republication_end(folder: Path) -> tuple[str, set[str]]:
    """(last date, members) of the republication's roll calls: the library's file adds what comes after."""
    table = ingest.parse_unvotes(ingest.joined_csv(sorted(folder.glob("unvotes.*.csv"))),
                                 ingest.joined_csv(sorted(folder.glob("roll_calls.*.csv"))), folder.name)
    return str(table["date"].max()), set(table["country"])


class _RecordLines:
    """Lines of a file handed to the csv reader, remembered until taken: each record's own lines, verbatim."""

    def __init__(self, handle) -> None:
        self._handle = handle
        self.taken: list[str] = []

    def __iter__(self) -> "_RecordLines":
        return self

    def __next__(self) -> str:
        line = next(self._handle)
        self.taken.append(line)
        return line

    def take(self) -> str:
        record = "".join(self.taken).replace("\r\n", "\n").removesuffix("\n")
        self.taken.clear()
        return record


def _open_text(download: bytes | Path):
    if isinstance(download, Path):
        return download.open(encoding="utf-8-sig", newline="")
    return io.StringIO(download.decode("utf-8-sig"), newline="")


def cut_undl_votes(download: bytes | Path, url: str, folder: Path) -> Excerpt:
    """From the library's voting CSV (a few hundred megabytes: read record by record from the file it was
    streamed to): its header and the lines of the members kept, for roll calls after the republication's last
    date."""
    after, members = republication_end(folder)
    body: list[str] = []
    try:
        with _open_text(download) as handle:
            lines = _RecordLines(handle)
            reader = csv.reader(lines)
            header = next(reader, [])
            header_line = lines.take()
            missing = [column for column in ingest.UNDL_COLUMNS if column not in header]
            if missing:
                raise FetchError("format changed", f"the file from {url} lacks the columns {missing}; its header is "
                                                   f"{header}")
            code_at, date_at = header.index("ms_code"), header.index("date")
            for cells in reader:
                record = lines.take()
                if len(cells) > max(code_at, date_at) and cells[code_at] in members and cells[date_at][:10] > after:
                    if len(cells) != len(header):
                        raise FetchError("format changed", f"a line of {cells[code_at]} has {len(cells)} cells, the "
                                                           f"header {len(header)}: {record[:80]}")
                    body.append(record)
    except UnicodeDecodeError as error:
        raise FetchError("truncated", f"the file from {url} is not complete UTF-8 text: {error}") from error
    if not body:
        raise FetchError("truncated", f"the file from {url} has no votes of {sorted(members)} after {after}")
    name = Path(urlparse(url).path).name
    release = ingest.undl_release(name)
    excerpt = "\n".join([header_line, *body]) + "\n"
    try:
        ingest.parse_undl_votes(excerpt, ingest.undl_source_id(release), name)
    except FormatError as error:
        raise FetchError("format changed", str(error)) from error
    citation = {
        "source_id": ingest.undl_source_id(release),
        "publisher": "United Nations, Dag Hammarskjöld Library",
        "title": "UN General Assembly Voting Data (UN Digital Library)",
        "locator": f"file {name} (one row per member and recorded vote), rows of {', '.join(sorted(members))} "
                   f"for roll calls after {after}",
        "url": UNDL_VOTING_RECORD, "release": release,
    }
    return Excerpt(f"undl.{name.removesuffix('.csv')}.excerpt.csv", excerpt, release, citation)


def comtrade_requests(last_year: int) -> tuple[str, ...]:
    """Comtrade's annual totals of China's exports to and imports from Russia, from 1992 to ``last_year``, in
    requests of at most twelve years each."""
    years = list(range(COMTRADE_FIRST_YEAR, last_year + 1))
    chunks = [years[start:start + COMTRADE_YEARS_PER_REQUEST] for start in range(0, len(years), COMTRADE_YEARS_PER_REQUEST)]
    return tuple(COMTRADE_DOWNLOAD.format(periods=",".join(map(str, chunk))) for chunk in chunks)


def join_comtrade_answers(answers: list[bytes]) -> bytes:
    """One JSON text with the records of every answer, in order."""
    records = []
    for answer in answers:
        try:
            parsed = json.loads(answer)
        except (ValueError, UnicodeDecodeError) as error:
            raise FetchError("truncated", f"a Comtrade answer is not complete JSON: {error}") from error
        if not isinstance(parsed, dict) or not isinstance(parsed.get("data"), list):
            message = parsed.get("error") if isinstance(parsed, dict) else None
            raise FetchError("format changed", f"a Comtrade answer has no 'data' list{f': {message}' if message else ''}")
        if parsed.get("error"):  # an empty 'data' beside an error is a failed request, not a year without trade
            raise FetchError("invalid", f"a Comtrade answer carries an error: {str(parsed['error'])[:200]}")
        records += parsed["data"]
    return json.dumps({"data": records}).encode("utf-8")


def cut_comtrade(download: bytes, url: str, folder: Path, retrieved: dt.date) -> Excerpt:
    """The records that are the yearly totals of each flow, as Comtrade wrote them."""
    records = json.loads(download)["data"]
    try:
        totals = ingest.comtrade_totals(records, "Comtrade answer")
    except FormatError as error:
        raise FetchError("format changed", str(error)) from error
    if not totals:
        raise FetchError("format changed", f"none of the {len(records)} records from Comtrade is a flow's total")
    text = json.dumps({"data": totals}, indent=1, ensure_ascii=False) + "\n"
    source_id = ingest.comtrade_source_id(retrieved.isoformat())
    try:
        parsed = ingest.parse_comtrade(text, source_id)
    except FormatError as error:
        raise FetchError("format changed", str(error)) from error
    years = sorted(parsed["year"].unique())
    citation = {
        "source_id": source_id, "publisher": "United Nations Statistics Division (UN Comtrade)",
        "title": "UN Comtrade database, annual goods trade (HS, as reported)",
        "locator": f"reporter China (156), partner Russian Federation (643), exports and imports, commodity TOTAL, "
                   f"customs procedure C00, mode of transport 0, {years[0]}-{years[-1]}; primaryValue in US$",
        "url": "https://comtradeplus.un.org/TradeFlow", "release": f"as read on {retrieved.isoformat()}",
    }
    return Excerpt(f"comtrade.{retrieved.isoformat()}.json", text, f"as read on {retrieved.isoformat()}", citation)


def default_sources(today: dt.date | None = None) -> list[Source]:
    today = today or dt.date.today()
    sources = [
        Source(f"World Bank WDI {code}", (WDI_DOWNLOAD.format(code=code),), "wdi", f"API_{code}_DS2_*",
               "wdi.csv", "wdi", cut_wdi, file_pattern=f"API_{code}_DS2_*.zip")
        for code in ingest.WDI_INDICATORS
    ]
    sources.append(Source("SIPRI military expenditure", (SIPRI_MILEX_PAGE,), "sipri", SIPRI_MILEX_GLOB,
                          "sipri_milex.csv", "sipri_milex", cut_sipri_milex, locate=locate_sipri_milex,
                          file_pattern="SIPRI-Milex-data-1949-*.xlsx"))
    sources.append(Source("SIPRI arms transfers (imports by recipient)", (SIPRI_ARMS_SERVICE,), "sipri_arms",
                          SIPRI_ARMS_IMPORTS_GLOB, "sipri_arms_tiv.csv", "sipri_arms_tiv", cut_sipri_arms_imports,
                          body=sipri_arms_request(today.year - 1), file_pattern="TIV-Import-All-*.csv"))
    sources.append(Source("UN General Assembly votes", (UNDL_VOTING_RECORD,), "unvotes", "undl.*.excerpt.csv",
                          "unga_roll_calls.csv", "unga_roll_calls", cut_undl_votes, locate=locate_undl_file,
                          adds_to_folder=True, large=True, file_pattern="*_ga*_voting*.csv"))
    sources.append(Source("UN Comtrade (China's trade with Russia)", comtrade_requests(today.year - 1), "comtrade",
                          "comtrade.*.json", "comtrade_trade.csv", "comtrade_trade",
                          partial(cut_comtrade, retrieved=today), adds_to_folder=True, key_variable=COMTRADE_KEY,
                          key_header="Ocp-Apim-Subscription-Key", combine=join_comtrade_answers))
    return sources


def source_for_file(sources: list[Source], path: Path) -> Source:
    """The source whose publisher's file ``path`` is, by its name (a file downloaded in a browser, FROM=)."""
    found = [source for source in sources if source.file_pattern and fnmatch(path.name, source.file_pattern)]
    if len(found) != 1:
        patterns = ", ".join(f"{source.file_pattern} ({source.name})" for source in sources if source.file_pattern)
        raise FetchError("invalid", f"{path.name} is not the name of a publisher's file the refresh knows; "
                                    f"expected one of: {patterns}")
    return found[0]


# Sources the refresh knows of but cannot use yet, with the reason printed in the summary.
NOT_YET_REFRESHED = {
    "SIPRI arms transfers (Russia's exports by recipient)": (
        "the service's answer to a single-supplier request has not been recorded, and its table does not name "
        "the supplier, so a changed layout could not be told from a right one; Russia's table keeps its 2022 "
        "release (imports by recipient are refreshed)"),
}


# --- staging, checking and committing ----------------------------------------------------

@dataclass
class Outcome:
    source: str
    status: str  # refreshed, unchanged, failed, skipped
    detail: str = ""
    changes: list[str] = field(default_factory=list)


def _figures(path: Path) -> dict[tuple[str, ...], str]:
    """Every figure of a raw table by its key: (indicator, entity, partner, year) -> value, or, for the
    roll calls, (rcid, country) -> vote."""
    if not path.exists():
        return {}
    columns, rows = read_rows(path)
    if "rcid" in columns:
        return {(row["rcid"], row["country"]): row["vote"] for row in rows}
    return {(row["indicator"], row["entity"], row["partner"], row["year"]): row["value"] for row in rows}


def describe_changes(old: dict, new: dict) -> list[str]:
    """Lines for the change report: revised values with their change, added figures by series."""
    if any(len(key) == 2 for key in (*old, *new)):
        return describe_vote_changes(old, new)
    lines = []
    for key in sorted(set(old) & set(new)):
        before, after = float(old[key]), float(new[key])
        if before != after:
            change = f"{(after - before) / before:+.2%}" if before else "from 0"
            lines.append(f"revised {_series(key)} {key[3]}: {old[key]} -> {new[key]} ({change})")
    added: dict[str, list[str]] = {}
    for key in sorted(set(new) - set(old)):
        added.setdefault(_series(key), []).append(key[3])
    lines += [f"added {series}: {', '.join(years)}" for series, years in added.items()]
    return lines


def _series(key: tuple[str, ...]) -> str:
    indicator, entity, partner = key[:3]
    return f"{indicator} {entity}" + (f" to {partner}" if partner else "")


def describe_vote_changes(old: dict, new: dict) -> list[str]:
    lines = [f"revised the vote of {country} on roll call {rcid}: {old[rcid, country]} -> {new[rcid, country]}"
             for rcid, country in sorted(set(old) & set(new)) if old[rcid, country] != new[rcid, country]]
    added = set(new) - set(old)
    if added:
        lines.append(f"added {len(added)} votes on {len({rcid for rcid, _ in added})} roll calls")
    return lines


def _replace_catalog_field(text: str, table: str, name: str, value: str) -> str:
    """Set one scalar field of one table entry in the catalog text, keeping everything else as it is."""
    block = re.search(rf"(?m)^  {re.escape(table)}:\n(?:(?:    .*)?\n)*", text)
    if block is None:
        raise FetchError("invalid", f"catalog has no table {table!r}")
    # the field's line and, for a folded value (>-), its more deeply indented continuation lines
    field_lines = re.compile(rf"(?m)^    {name}: .*\n(?:      .*\n)*")
    quoted = json.dumps(value, ensure_ascii=False)  # a JSON string is a valid double-quoted YAML scalar
    updated = field_lines.sub(lambda _: f"    {name}: {quoted}\n", block.group(0), count=1)
    return text[:block.start()] + updated + text[block.end():]


def _release_parts(publisher_dir: Path, glob: str, describe: Callable[[str, str], str]) -> str:
    """The catalog's release text for a folder: each excerpt's release, described from its text and name."""
    return "; ".join(describe(path.read_text(encoding="utf-8"), path.name) for path in sorted(publisher_dir.glob(glob)))


def wdi_release_text(publisher_dir: Path) -> str:
    def describe(text: str, name: str) -> str:
        parsed = ingest.parse_wdi_csv(text, name)
        return f"{parsed.indicator_code} {parsed.last_updated}"
    return _release_parts(publisher_dir, "API_*.csv", describe)


def tiv_release_text(publisher_dir: Path) -> str:
    def describe(text: str, name: str) -> str:
        parsed = ingest.parse_sipri_tiv_csv(text, name)
        return f'"{parsed.title}" generated {parsed.generated}'
    return _release_parts(publisher_dir, "TIV-*.csv", describe)


def unga_release_text(publisher_dir: Path) -> str:
    text = "unvotes republication copied on 2021-03-23 (the dataset's votes to 27 December 2019)"
    files = [ingest.undl_release(path.name) for path in sorted(publisher_dir.glob("undl.*.csv"))]
    return text + "".join(f"; UN Digital Library voting file of {release} (later roll calls)" for release in files)


# raw table -> (the function producing it from its excerpt folder, the catalog release text of that folder)
PRODUCERS: dict[str, tuple[Callable[[Path], str], Callable[[Path], str] | None]] = {
    "wdi.csv": (ingest.wdi_table, wdi_release_text),
    "sipri_milex.csv": (ingest.sipri_milex_table, None),
    "sipri_arms_tiv.csv": (ingest.sipri_tiv_table, tiv_release_text),
    "unga_roll_calls.csv": (ingest.unga_roll_call_table, unga_release_text),
    "comtrade_trade.csv": (ingest.comtrade_table, None),
}


def stage(source: Source, excerpt: Excerpt, data_dir: Path, staging: Path, today: dt.date) -> None:
    """Build the would-be snapshot in ``staging`` (a copy of ``data_dir``) with the new excerpt."""
    shutil.copytree(data_dir, staging)
    folder = staging / "publisher" / source.excerpt_dir
    for old in folder.glob(source.excerpt_glob):
        old.unlink()
    (folder / excerpt.file_name).write_text(excerpt.text, encoding="utf-8")
    produce, release_text = PRODUCERS[source.raw_table]
    try:
        (staging / "raw" / source.raw_table).write_text(produce(folder), encoding="utf-8")
        release = release_text(folder) if release_text else excerpt.release
    except FormatError as error:
        raise FetchError("format changed", str(error)) from error
    catalog_path = staging / "catalog.yml"
    catalog = catalog_path.read_text(encoding="utf-8")
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


def _fetch(source: Source, transport: Transport, headers: dict[str, str], cache: Path) -> tuple[bytes | Path, str]:
    """The publisher's file (or, for a large one, the cache file it was streamed to) and its address."""
    download, url, error = None, "", None
    if source.combine is not None:
        return source.combine([transport.get(each, TIMEOUT_SECONDS, source.body, headers)
                               for each in source.urls]), source.urls[0]
    for candidate in source.urls:
        try:
            download, url = transport.get(candidate, TIMEOUT_SECONDS, source.body, headers), candidate
            break
        except FetchError as failure:
            error = failure
            if failure.kind != "http error":  # an edition not yet published: try the next; else stop
                break
    if download is None:
        raise error
    refuse_challenge(download, url)
    if source.locate is None:
        return download, url
    url = source.locate(download, url)  # a page that links the file
    if not source.large:
        download = transport.get(url, TIMEOUT_SECONDS)
        refuse_challenge(download, url)
        return download, url
    streamed = cache / Path(urlparse(url).path).name
    if hasattr(transport, "download"):
        transport.download(url, streamed, TIMEOUT_SECONDS)
    else:  # a transport without streaming (recorded answers)
        cache.mkdir(parents=True, exist_ok=True)
        streamed.write_bytes(transport.get(url, TIMEOUT_SECONDS))
    with streamed.open("rb") as handle:
        refuse_challenge(handle.read(20_000), url)
    return streamed, url


def refresh_source(source: Source, transport: Transport, data_dir: Path, today: dt.date,
                   local_file: Path | None = None) -> Outcome:
    """Fetch (or, with ``local_file``, take a file the user downloaded), cut, stage, check and commit one source."""
    folder = data_dir / "publisher" / source.excerpt_dir
    current = sorted(folder.glob(source.excerpt_glob))
    if len(current) > 1 or (not current and not source.adds_to_folder):
        return Outcome(source.name, "failed", f"expected one current excerpt matching {source.excerpt_glob}, found {len(current)}")
    cache = CACHE_DIR / today.isoformat() / re.sub(r"[^A-Za-z0-9.]+", "_", source.name)
    if local_file is not None:
        download = local_file if source.large else local_file.read_bytes()
        url = local_file.resolve().as_uri()
    else:
        headers = {}
        if source.key_variable:
            key = os.environ.get(source.key_variable, "").strip()
            if not key:
                return Outcome(source.name, "skipped", f"set {source.key_variable} to a subscription key to fetch it")
            headers[source.key_header] = key
        try:
            download, url = _fetch(source, transport, headers, cache)
        except FetchError as failure:
            return Outcome(source.name, "failed", f"{failure.kind}: {failure}")
        if isinstance(download, bytes):
            cache.mkdir(parents=True, exist_ok=True)
            cached = Path(urlparse(url).path).name
            if source.body is not None or source.combine is not None:
                cached = f"{cached}.json"
            elif Path(cached).suffix not in {".xlsx", ".zip", ".csv"}:
                cached = f"{cached}.zip"
            (cache / cached).write_bytes(download)
    taken = f" from {local_file.name}" if local_file is not None else ""
    try:
        excerpt = source.cut(download, url, folder)
        if current and excerpt.text == current[0].read_text(encoding="utf-8"):  # same figures, whatever the name
            return Outcome(source.name, "unchanged", f"release {excerpt.release}{taken} is already in the snapshot")
        with tempfile.TemporaryDirectory(prefix="refresh-") as scratch:
            staging = Path(scratch) / "data"
            stage(source, excerpt, data_dir, staging, today)
            changes = check_staged(source, data_dir, staging)
            commit(staging, data_dir)
    except FetchError as error:
        return Outcome(source.name, "failed", f"{error.kind}: {error}")
    return Outcome(source.name, "refreshed", f"release {excerpt.release}{taken}", changes)


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
    report = write_change_report(outcomes, reports_dir, today)
    failed = [outcome for outcome in outcomes if outcome.status == "failed"]
    print(f"refresh: {sum(o.status == 'refreshed' for o in outcomes)} refreshed, "
          f"{sum(o.status == 'unchanged' for o in outcomes)} unchanged, {len(failed)} failed; "
          f"details in {report}")
    return EXIT_FAILED if failed else 0


def write_change_report(outcomes: list[Outcome], reports_dir: Path, today: dt.date) -> Path:
    reports_dir.mkdir(parents=True, exist_ok=True)
    report = reports_dir / CHANGES_REPORT
    temporary = report.with_name(f".{report.name}.new")
    temporary.write_text(change_report(outcomes, today), encoding="utf-8")
    temporary.replace(report)
    return report


def refresh_from_file(path: Path, data_dir: Path, reports_dir: Path, today: dt.date) -> int:
    """Take a publisher's file the user downloaded (in a browser, past a site that blocks scripts) in place of
    the fetch: it is cut, validated and recorded exactly as a fetched file would be."""
    if not path.is_file():
        print(f"refresh: expected a downloaded publisher's file at {path}, found none", file=sys.stderr)
        return EXIT_FAILED
    try:
        source = source_for_file(default_sources(today), path)
    except FetchError as error:
        print(f"refresh: {error}", file=sys.stderr)
        return EXIT_FAILED
    outcome = refresh_source(source, _NoTransport(), data_dir, today, local_file=path)
    print(f"{outcome.status:>9}  {outcome.source}: {outcome.detail}", flush=True)
    report = write_change_report([outcome], reports_dir, today)
    print(f"refresh: details in {report}")
    return EXIT_FAILED if outcome.status == "failed" else 0


class _NoTransport:
    """The transport of a refresh from a local file: nothing is fetched."""

    def get(self, url: str, timeout: float, body: bytes | None = None, headers: dict[str, str] | None = None
            ) -> bytes:
        raise FetchError("invalid", f"a refresh from a file fetches nothing (asked for {url})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.refresh", description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="from_file", type=Path, metavar="FILE",
                        help="a publisher's file downloaded by hand, taken in place of the fetch (make refresh FROM=...)")
    args = parser.parse_args(argv)
    today = dt.date.today()
    if args.from_file is not None:
        return refresh_from_file(args.from_file, config.DATA_DIR, config.REPORTS_DIR, today)
    return run(default_sources(today), HttpTransport(), config.DATA_DIR, config.REPORTS_DIR, today)


if __name__ == "__main__":
    sys.exit(main())

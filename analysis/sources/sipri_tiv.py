"""SIPRI Arms Transfers Database: the yearly trend-indicator value (TIV) tables.

SIPRI's yearly TIV tables give the volume of major arms delivered, by supplier or by recipient,
in millions of TIV. The snapshot keeps excerpts of two of them in ``data/publisher/sipri_tiv/``
(Russia's exports by recipient, generated in July 2022, and the imports of every recipient), and
``raw_table`` derives ``data/raw/sipri_tiv.csv`` from them: the report shows these tables beside
the trade register only to illustrate how SIPRI revises past years between releases. The refresh
asks the service behind SIPRI's arms transfers interface for the imports table; Russia's table
keeps its 2022 release (see ``NOT_REFRESHED``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from analysis import config
from analysis.sources._fetch import Excerpt, Fetch, FetchError, current_excerpt, format_checked
from analysis.sources._tables import MONTHS, FormatError, csv_records, data_generated, indicator_csv_text

FOLDER = "sipri_tiv"
RAW_TABLE = "sipri_tiv.csv"
CATALOG_TABLE = "sipri_tiv"
WHAT = "the excerpts of SIPRI's TIV tables"
ORIGIN = config.PUBLISHER_DIR / FOLDER
IMPORTS_GLOB = "TIV-Import-All-Country-*"

# Names in SIPRI's TIV tables -> ISO 3166 alpha-3 codes ("Total" and "all" are every partner: WLD).
NAMES = {"Russia": "RUS", "China": "CHN", "India": "IND", "Iran": "IRN", "United States": "USA",
         "Total": "WLD", "all": "WLD", "Total world import": "WLD", "Total world export": "WLD"}
TITLE = re.compile(r"TIV of arms exports (from|to) (.+?), (\d{4})-(\d{4})")
# The tables of the database's current interface (and of the service behind it) have notes, a "Data
# generated: 28 Sep 2026 9:10:08 AM" line and a header whose first cell says what the rows are.
ROW_LABELS = {"Recipient": "recipients", "Imports by": "recipients", "Supplier": "suppliers",
              "Exports by": "suppliers"}

# The service behind SIPRI's arms transfers interface answers a POST of the interface's filters with JSON
# {"result": "<the table as CSV>"}. The filters ask for the yearly TIV of deliveries by recipient.
SERVICE = "https://atbackend.sipri.org/api/p/trades/import-export-csv-str/"
INTERFACE = "https://armstransfers.sipri.org"
FIRST_YEAR = 1950

# Tables the refresh knows of but cannot fetch yet, with the reason its summary gives.
NOT_REFRESHED = {
    "SIPRI arms transfers (Russia's exports by recipient)": (
        "the service's answer to a single-supplier request has not been recorded, and its table does not name "
        "the supplier, so a changed layout could not be told from a right one; Russia's table keeps its 2022 "
        "release (imports by recipient are refreshed)"),
}


@dataclass(frozen=True)
class TivTable:
    title: str
    slug: str  # what the table is, for its citation key: "from-russia", "to-all", "imports-by-recipient"
    generated: str  # ISO date the publisher generated the table
    figures: pd.DataFrame  # supplier, recipient, year, value (millions of TIV)


def _generated_date(line: str, name: str) -> str:
    """'Generated: 28 July 2022' (older tables) or 'Data generated: 28 Sep 2026 9:10:08 AM' -> ISO date."""
    found = re.fullmatch(r"Generated: (\d{1,2}) (\w+) (\d{4})", line.strip())
    if found is not None and found.group(2) in MONTHS:
        return f"{int(found.group(3)):04d}-{MONTHS.index(found.group(2)) + 1:02d}-{int(found.group(1)):02d}"
    generated = data_generated(line.strip())
    if generated is None:
        raise FormatError(f"{name}: expected a line such as 'Generated: 28 July 2022' or "
                          f"'Data generated: 28 Sep 2026 9:10:08 AM', found {line!r}")
    return generated


def _pair(direction: str, counterpart: str, row_name: str) -> tuple[str, str]:
    """(supplier, recipient) of one row of a TIV table, from the table's title and the row's name."""
    if direction == "from":  # "exports from Russia": rows are recipients
        return NAMES[counterpart], NAMES[row_name]
    if counterpart == "all":  # "exports to all": SIPRI's imports table, rows are recipients
        return "WLD", NAMES[row_name]
    return NAMES[row_name], NAMES[counterpart]  # "exports to China": rows are suppliers


def _layout(rows: list[list[str]], name: str) -> tuple[str, str, int, Callable[[str], tuple[str, str]]]:
    """(title, slug, header row index, row name -> (supplier, recipient)) of either layout of the TIV table."""
    title_match = TITLE.fullmatch(rows[0][0]) if rows and rows[0] else None
    if title_match is not None:  # 'TIV of arms exports from Russia, 1950-2021', then ',1950,1951,...'
        direction, counterpart = title_match.group(1), title_match.group(2)
        if counterpart not in NAMES:
            raise FormatError(f"{name}: no code for {counterpart!r}; known names are {sorted(NAMES)}")
        header_at = next((i for i, row in enumerate(rows) if len(row) > 1 and row[0] == "" and row[1].isdigit()),
                         None)
        if header_at is None:
            raise FormatError(f"{name}: expected a header row of years (',1950,1951,...'), found none")
        slug = f"{direction}-{counterpart.lower().replace(' ', '-')}"
        return rows[0][0], slug, header_at, lambda row_name: _pair(direction, counterpart, row_name)
    header_at = next((i for i, row in enumerate(rows)
                      if len(row) > 1 and row[0].strip() in ROW_LABELS and row[1].strip().isdigit()), None)
    if header_at is None:
        raise FormatError(f"{name}: expected a title such as 'TIV of arms exports from Russia, 1950-2021' or a "
                          f"header row starting {sorted(ROW_LABELS)} and years, found neither")
    rows_are = ROW_LABELS[rows[header_at][0].strip()]
    if rows_are == "recipients":
        return ("TIV of arms imports by recipient, from all suppliers", "imports-by-recipient", header_at,
                lambda row_name: ("WLD", NAMES[row_name]))
    return ("TIV of arms exports by supplier, to all recipients", "exports-by-supplier", header_at,
            lambda row_name: (NAMES[row_name], "WLD"))


def parse_csv(text: str, name: str = "SIPRI TIV table") -> TivTable:
    """Parse SIPRI's yearly TIV table, in either of the layouts SIPRI has published.

    Older tables have a title line ("TIV of arms exports from Russia, 1950-2021"), notes,
    "Generated: <date>", then a row per partner under a header of years. In a table
    titled "... from Russia" each row is a recipient and "Total" is all of them; in one
    titled "... to all" (SIPRI's title for imports by recipient) each row is a recipient
    and the supplier is everyone. Tables of the current interface have notes, a "Data
    generated:" line and a header whose first cell names the rows (Recipient or Imports by;
    Supplier or Exports by), with columns after the years (period totals, percentages)
    that are not read. A blank cell means SIPRI identified no deliveries and is read as 0,
    as is "0" (less than 0.5 m TIV).
    """
    rows = csv_records(text)
    title, slug, header_at, pair = _layout(rows, name)
    generated_line = next((row[0] for row in rows[:header_at] if row and "enerated:" in row[0]), None)
    if generated_line is None:
        raise FormatError(f"{name}: expected a 'Generated: <date>' or 'Data generated: <date>' line, found none")
    header = rows[header_at]
    years = {i: int(label) for i, label in enumerate(header) if re.fullmatch(r"\d{4}", label.strip())}
    records = []
    for row in rows[header_at + 1:]:
        if not row or not row[0].strip():
            continue
        if row[0] not in NAMES:
            raise FormatError(f"{name}: no code for the row {row[0]!r}; known names are {sorted(NAMES)}")
        if len(row) != len(header):
            raise FormatError(f"{name}: the row for {row[0]} has {len(row)} cells, the header {len(header)}")
        supplier, recipient = pair(row[0])
        for position, year in years.items():
            cell = row[position].strip()
            records.append({"supplier": supplier, "recipient": recipient, "year": year,
                            "value": float(cell) if cell else 0.0})
    return TivTable(title, slug, _generated_date(generated_line, name),
                    pd.DataFrame(records, columns=["supplier", "recipient", "year", "value"]))


def source_id(parsed: TivTable) -> str:
    """'TIV of arms exports from Russia, 1950-2021' generated 2022-07-28 -> 'sipri-tiv-from-russia-2022-07-28'."""
    return f"sipri-tiv-{parsed.slug}-{parsed.generated}"


def tidy(parsed: TivTable, start_year: int) -> pd.DataFrame:
    """The long indicator table (``arms_tiv_table``) of one TIV table, from ``start_year`` on."""
    figures = parsed.figures[parsed.figures["year"] >= start_year]
    return pd.DataFrame({
        "indicator": "arms_tiv_table",
        "entity": figures["supplier"],
        "partner": figures["recipient"],
        "year": figures["year"],
        "value": figures["value"],
        "unit": "million TIV",
        "source_id": source_id(parsed),
    })


def raw_table(publisher_dir: Path, start_year: int = config.DEFAULT_START_YEAR) -> str:
    """The tidy CSV text of every TIV excerpt in the source's folder under ``publisher_dir``."""
    folder = publisher_dir / FOLDER
    tables = [tidy(parse_csv(path.read_text(encoding="utf-8"), path.name), start_year)
              for path in sorted(folder.glob("TIV-*.csv"))]
    if not tables:
        raise FormatError(f"{folder}: expected SIPRI TIV excerpts (TIV-*.csv), found none")
    return indicator_csv_text(pd.concat(tables, ignore_index=True), ["indicator", "entity", "partner", "year"])


def tables() -> dict[str, str]:
    return {RAW_TABLE: raw_table(config.PUBLISHER_DIR)}


# --- the refresh ---------------------------------------------------------------------------------

def request(last_year: int) -> bytes:
    """The interface's filters for the yearly TIV of deliveries to every recipient, as the JSON it posts."""
    def condition(field_name: str, value1: object = "", value2: object = "", test: str = "") -> dict:
        return {"field": field_name, "oldField": "", "condition": test, "value1": value1, "value2": value2,
                "listData": []}

    filters = [condition("Year range 1", FIRST_YEAR, last_year, "contains"),
               condition("DeliveryType", "delivered"), condition("Status", "0")]
    return json.dumps({"filters": filters, "logic": "AND"}).encode("utf-8")


def _header_at(lines: list[str]) -> int | None:
    """The line of the table's header: the one whose first cell says what the rows are."""
    return next((i for i, line in enumerate(lines) if line.split(",")[0].strip() in ROW_LABELS), None)


def drop_unpublished_years(text: str) -> str:
    """The table without the year columns that are blank in every row: a year SIPRI has not published yet
    comes back as an empty column, which must not be read as no deliveries anywhere."""
    lines = text.lstrip("\ufeff").splitlines()
    header_at = _header_at(lines)
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


def _kept_rows(text: str, kept: set[str]) -> str:
    """The table's lines down to its header, then only the rows named in ``kept``, verbatim."""
    lines = text.lstrip("\ufeff").splitlines()
    header_at = _header_at(lines)
    if header_at is None:
        raise FetchError("format changed", f"no header row starting {sorted(ROW_LABELS)} in the table")
    body = [line for line in lines[header_at + 1:] if next(csv.reader([line]), [""])[0] in kept]
    return "\n".join(lines[:header_at + 1] + body) + "\n"


def cut(download: bytes, url: str, folder: Path) -> Excerpt:
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
    current = current_excerpt(folder, IMPORTS_GLOB)
    kept = {row[0] for row in csv.reader(current.read_text(encoding="utf-8").splitlines())
            if row and row[0] in NAMES and NAMES[row[0]] != "WLD"}
    excerpt = _kept_rows(text, kept)
    found = {row[0] for row in csv.reader(excerpt.splitlines()) if row}
    if kept - found:
        raise FetchError("format changed", f"the table from {url} lacks rows for {sorted(kept - found)}")
    with format_checked():
        parsed = parse_csv(excerpt, "SIPRI arms transfers table")
    if parsed.slug != "imports-by-recipient":
        raise FetchError("format changed", f"expected a table of imports by recipient from {url}, found {parsed.title!r}")
    years = sorted(parsed.figures["year"].unique())
    generated = parsed.generated
    citation = {
        "source_id": source_id(parsed),
        "publisher": "Stockholm International Peace Research Institute (SIPRI)",
        "title": "SIPRI Arms Transfers Database",
        "locator": f"table of imports by recipient from all suppliers, {years[0]}-{years[-1]} (millions of TIV), "
                   f"rows {' and '.join(sorted(kept))}, column per year; generated {generated}",
        "url": f"{INTERFACE}/ArmsTransfer/ImportExport", "release": f"generated {generated}",
    }
    return Excerpt(f"TIV-Import-All-Country-{years[0]}-{years[-1]}.excerpt.csv", excerpt, f"generated {generated}",
                   citation)


def release_text(publisher_dir: Path, excerpt: Excerpt) -> str:
    """Each table's title and generation date, as the catalog lists them."""
    parsed = [parse_csv(path.read_text(encoding="utf-8"), path.name)
              for path in sorted((publisher_dir / FOLDER).glob("TIV-*.csv"))]
    return "; ".join(f'"{table.title}" generated {table.generated}' for table in parsed)


def fetches(today: dt.date) -> list[Fetch]:
    return [Fetch("SIPRI arms transfers (imports by recipient)", (SERVICE,), IMPORTS_GLOB, cut,
                  body=request(today.year - 1), headers={"Origin": INTERFACE}, file_pattern="TIV-Import-All-*.csv")]

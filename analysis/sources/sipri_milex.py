"""SIPRI Military Expenditure Database: military spending in current US dollars, by country.

SIPRI publishes the database as a workbook linked from its database page, renamed with each
edition and revision (``SIPRI-Milex-data-1949-2024_2.xlsx``, ``SIPRI-Milex-data-1949-2025_v1.2.xlsx``).
The snapshot keeps, in ``data/publisher/sipri_milex/``, a CSV excerpt of its "Current US$" sheet
(the header and the rows of the countries the report uses, figures to SIPRI's one decimal), and
``raw_table`` derives ``data/raw/sipri_milex.csv`` from it in US dollars.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from analysis import config
from analysis.sources._fetch import Excerpt, Fetch, FetchError, current_excerpt, file_name, kept_codes
from analysis.sources._tables import FormatError, csv_records, drop_zero_estimates, indicator_csv_text

FOLDER = "sipri_milex"
RAW_TABLE = "sipri_milex.csv"
CATALOG_TABLE = "sipri_milex"
WHAT = "the excerpt of SIPRI's military expenditure workbook"
ORIGIN = config.PUBLISHER_DIR / FOLDER
EXCERPT_GLOB = "SIPRI-Milex-data-*current-usd*"

# Country names in the "Current US$" sheet -> ISO 3166 alpha-3 codes.
COUNTRY_CODES = {
    "Russia": "RUS", "China": "CHN", "United States of America": "USA", "India": "IND", "Japan": "JPN",
    "Germany": "DEU", "United Kingdom": "GBR", "France": "FRA", "Italy": "ITA", "Canada": "CAN",
    # the other NATO members (claim M3 compares the pair with NATO)
    "Albania": "ALB", "Belgium": "BEL", "Bulgaria": "BGR", "Croatia": "HRV", "Czechia": "CZE", "Denmark": "DNK",
    "Estonia": "EST", "Finland": "FIN", "Greece": "GRC", "Hungary": "HUN", "Iceland": "ISL", "Latvia": "LVA",
    "Lithuania": "LTU", "Luxembourg": "LUX", "Montenegro": "MNE", "Netherlands": "NLD", "North Macedonia": "MKD",
    "Norway": "NOR", "Poland": "POL", "Portugal": "PRT", "Romania": "ROU", "Slovakia": "SVK", "Slovenia": "SVN",
    "Spain": "ESP", "Sweden": "SWE", "Türkiye": "TUR",
}
NO_DATA = {"...", "xxx", ""}
UNIT_FACTOR = Decimal(1_000_000)  # the sheet is in US$ millions
SHEET = "Current US$"

PAGE = "https://www.sipri.org/databases/milex"
# The workbook linked from the database page; its name carries the edition's years and, often, a revision
# suffix: SIPRI-Milex-data-1949-2024_2.xlsx, SIPRI-Milex-data-1949-2025_v1.2.xlsx.
WORKBOOK_LINK = re.compile(r"""(?:https://www\.sipri\.org)?(/sites/default/files/[\w/-]*?"""
                           r"""(SIPRI-Milex-data-1949-(\d{4})(?:_(v?[\d.]+))?\.xlsx))""")
DECIMALS = 1  # SIPRI shows its figures to one decimal (US$ m); the excerpt keeps them so


def edition(name: str) -> str:
    """'SIPRI-Milex-data-1949-2024_2.current-usd.excerpt.csv' -> '1949-2024'."""
    found = re.search(r"(\d{4}-\d{4})", name)
    if found is None:
        raise FormatError(f"{name}: expected the edition's years (such as 1949-2024) in the file name")
    return found.group(1)


def source_id(edition_years: str) -> str:
    return f"sipri-milex-{edition_years}-current-usd"


def parse_csv(text: str, start_year: int, name: str = "SIPRI file") -> pd.DataFrame:
    """Parse a CSV export of SIPRI's "Current US$" sheet (US$ millions) into the long table, in US dollars.

    Layout: a header ``Country,Notes,<years>``, then one row per country; ``...`` is
    no data and ``xxx`` a state that did not exist. Rows of other countries are skipped.
    """
    rows = csv_records(text)
    if not rows or rows[0][:2] != ["Country", "Notes"]:
        raise FormatError(f"{name}: expected a header starting 'Country,Notes', found {rows[0][:3] if rows else 'nothing'}")
    header = rows[0]
    years = {i: int(label) for i, label in enumerate(header) if label.strip().isdigit()}
    records = []
    for row in rows[1:]:
        code = COUNTRY_CODES.get(row[0].strip()) if row else None
        if code is None:
            continue
        if len(row) != len(header):
            raise FormatError(f"{name}: the row for {row[0]} has {len(row)} cells, the header {len(header)}")
        for position, year in years.items():
            cell = row[position].strip()
            if year < start_year or cell in NO_DATA:
                continue
            value = Decimal(cell) * UNIT_FACTOR
            records.append({"indicator": "milex_usd", "entity": code, "partner": "", "year": year,
                            "value": float(value), "unit": "USD", "source_id": source_id(edition(name))})
    if not records:
        raise FormatError(f"{name}: none of the expected countries {sorted(COUNTRY_CODES)} was found")
    return pd.DataFrame(records)


def raw_table(publisher_dir: Path, start_year: int = config.DEFAULT_START_YEAR) -> str:
    """The tidy CSV text of the "Current US$" excerpt in the source's folder under ``publisher_dir``."""
    folder = publisher_dir / FOLDER
    paths = sorted(folder.glob("*current-usd*.csv"))
    if len(paths) != 1:
        raise FormatError(f"{folder}: expected one SIPRI 'Current US$' excerpt, found {len(paths)}")
    table = parse_csv(paths[0].read_text(encoding="utf-8"), start_year, paths[0].name)
    return indicator_csv_text(drop_zero_estimates(table), ["indicator", "entity", "year"])


def tables() -> dict[str, str]:
    return {RAW_TABLE: raw_table(config.PUBLISHER_DIR)}


# --- the refresh ---------------------------------------------------------------------------------

def _edition_order(found: re.Match) -> tuple[int, tuple[int, ...]]:
    """(last year, revision) of a workbook's name: ..._2 before ..._3, and a name without suffix first."""
    revision = tuple(int(part) for part in re.findall(r"\d+", found.group(4) or ""))
    return int(found.group(3)), revision


def locate(page: bytes, url: str) -> str:
    """The newest edition of the workbook linked from SIPRI's database page."""
    links = list(WORKBOOK_LINK.finditer(page.decode("utf-8", errors="replace")))
    if not links:
        raise FetchError("format changed", f"the page {url} links no SIPRI-Milex-data-1949-*.xlsx workbook")
    newest = max(links, key=_edition_order)
    return f"https://www.sipri.org{newest.group(1)}"


def figure_text(value: object) -> str:
    """A workbook cell as the excerpt keeps it: numbers to SIPRI's one decimal (half up), whole numbers without a
    decimal point, text as it is; so that a full-precision workbook and the snapshot compare like with like."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-DECIMALS), rounding=ROUND_HALF_UP)
    return str(int(rounded)) if rounded == rounded.to_integral_value() else str(rounded)


def cut(download: bytes, url: str, folder: Path) -> Excerpt:
    """From SIPRI's workbook: the "Current US$" sheet's header and the countries kept, as CSV."""
    try:
        workbook = load_workbook(io.BytesIO(download), read_only=True, data_only=True)
    except (zipfile.BadZipFile, EOFError, KeyError, OSError) as error:
        raise FetchError("truncated", f"the workbook from {url} is damaged: {error}") from error
    if SHEET not in workbook.sheetnames:
        raise FetchError("format changed", f"the workbook from {url} has no sheet {SHEET!r}: {workbook.sheetnames}")
    rows = [["" if cell is None else figure_text(cell) for cell in row]
            for row in workbook[SHEET].iter_rows(values_only=True)]
    header_at = next((i for i, row in enumerate(rows) if row[:2] == ["Country", "Notes"]), None)
    if header_at is None:
        raise FetchError("format changed", f"sheet {SHEET!r} from {url} has no 'Country, Notes' header row")
    kept = kept_codes(current_excerpt(folder, EXCERPT_GLOB), "Country,Notes", 0)
    body = [row for row in rows[header_at + 1:] if row and row[0] in kept]
    missing = kept - {row[0] for row in body}
    if missing:
        raise FetchError("format changed", f"sheet {SHEET!r} from {url} lacks rows for {sorted(missing)}")
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([rows[header_at], *body])
    name = file_name(url)
    edition_years = edition(name)
    citation = {
        "source_id": source_id(edition_years),
        "publisher": "Stockholm International Peace Research Institute (SIPRI)",
        "title": "SIPRI Military Expenditure Database",
        "locator": f"file {name}, sheet '{SHEET}' (US$ m, current prices and exchange rates, to one "
                   "decimal), row per country, column per year",
        "url": PAGE, "release": f"{edition_years} edition",
    }
    return Excerpt(name.replace(".xlsx", ".current-usd.excerpt.csv"), buffer.getvalue(),
                   f"{edition_years} edition ({name})", citation)


def release_text(publisher_dir: Path, excerpt: Excerpt) -> str:
    return excerpt.release


def fetches(today: dt.date) -> list[Fetch]:
    return [Fetch("SIPRI military expenditure", (PAGE,), EXCERPT_GLOB, cut, locate=locate,
                  file_pattern="SIPRI-Milex-data-1949-*.xlsx")]

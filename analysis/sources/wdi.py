"""World Bank, World Development Indicators: GDP, GDP at PPP, population, military expenditure.

The World Bank publishes each indicator as a zip holding one bulk CSV file
(``API_<code>_DS2_en_csv_v2_<n>.csv``): metadata lines (among them "Last Updated Date"), then a
header and one row per economy, the years as columns. The snapshot keeps an excerpt of each file
in ``data/publisher/wdi/`` (the header block and the rows of the entities the report uses), and
``raw_table`` derives ``data/raw/wdi.csv`` from them. The refresh downloads each indicator's zip
and cuts the same excerpt from its newest release.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.codes import is_known_entity
from analysis.sources._fetch import Excerpt, Fetch, FetchError, current_excerpt, format_checked, kept_codes
from analysis.sources._tables import FormatError, csv_records, drop_zero_estimates, indicator_csv_text

FOLDER = "wdi"
RAW_TABLE = "wdi.csv"
CATALOG_TABLE = "wdi"
WHAT = "the excerpts of the World Bank's bulk files"
ORIGIN = config.PUBLISHER_DIR / FOLDER

# World Bank WDI indicator codes -> (project indicator, unit in base units)
INDICATORS: dict[str, tuple[str, str]] = {
    "NY.GDP.MKTP.CD": ("gdp_usd", "USD"),
    "NY.GDP.MKTP.PP.CD": ("gdp_ppp_usd", "international USD"),
    "SP.POP.TOTL": ("population", "persons"),
    "MS.MIL.XPND.CD": ("milex_wdi_usd", "USD"),
}
HEADER_START = ["Country Name", "Country Code", "Indicator Name", "Indicator Code"]
HEADER_LINE_START = '"Country Name","Country Code"'  # the same header as the file writes it
DOWNLOAD = "https://api.worldbank.org/v2/en/indicator/{code}?downloadformat=csv"


@dataclass(frozen=True)
class WdiFile:
    indicator_code: str
    last_updated: str
    figures: pd.DataFrame  # entity, year, value


def parse_csv(text: str, name: str = "WDI file") -> WdiFile:
    """Parse the World Bank's bulk CSV layout (metadata lines, then one row per economy, years as columns)."""
    rows = csv_records(text)
    last_updated = next((row[1] for row in rows if len(row) > 1 and row[0] == "Last Updated Date"), None)
    header_at = next((i for i, row in enumerate(rows) if row[:4] == HEADER_START), None)
    if header_at is None:
        raise FormatError(f"{name}: expected a header row starting {HEADER_START}, found none")
    if last_updated is None:
        raise FormatError(f"{name}: expected a 'Last Updated Date' line, found none")
    header = rows[header_at]
    year_columns = {i: int(label) for i, label in enumerate(header) if label.strip().isdigit()}
    if not year_columns:
        raise FormatError(f"{name}: expected year columns such as '1992' in the header, found {header[:8]}")
    records, codes = [], set()
    for row in rows[header_at + 1:]:
        if not row or not any(cell.strip() for cell in row):
            continue
        if len(row) < 4:
            raise FormatError(f"{name}: a data row has {len(row)} cells, expected at least 4: {row}")
        codes.add(row[3])
        for position, year in year_columns.items():
            cell = row[position].strip() if position < len(row) else ""
            if cell:
                records.append({"entity": row[1], "year": year, "value": float(cell)})
    if len(codes) != 1:
        raise FormatError(f"{name}: expected one indicator code in the rows, found {sorted(codes)}")
    return WdiFile(codes.pop(), last_updated, pd.DataFrame(records, columns=["entity", "year", "value"]))


def source_id(indicator_code: str, last_updated: str) -> str:
    return f"wdi-{indicator_code.lower()}-{last_updated}"


def tidy(parsed: WdiFile, start_year: int) -> pd.DataFrame:
    """The long indicator table for one WDI file, from ``start_year`` on.

    Rows of World Bank aggregates other than the ones the project knows (such as
    NAC, North America) are left out.
    """
    if parsed.indicator_code not in INDICATORS:
        raise FormatError(f"WDI indicator {parsed.indicator_code} is not one the project uses: {sorted(INDICATORS)}")
    indicator, unit = INDICATORS[parsed.indicator_code]
    figures = parsed.figures[(parsed.figures["year"] >= start_year) & parsed.figures["entity"].map(is_known_entity)]
    return pd.DataFrame({
        "indicator": indicator,
        "entity": figures["entity"],
        "partner": "",
        "year": figures["year"],
        "value": figures["value"],
        "unit": unit,
        "source_id": source_id(parsed.indicator_code, parsed.last_updated),
    })


def raw_table(publisher_dir: Path, start_year: int = config.DEFAULT_START_YEAR) -> str:
    """The tidy CSV text of every WDI excerpt in the source's folder under ``publisher_dir``."""
    folder = publisher_dir / FOLDER
    tables = [tidy(parse_csv(path.read_text(encoding="utf-8"), path.name), start_year)
              for path in sorted(folder.glob("*.csv"))]
    if not tables:
        raise FormatError(f"{folder}: expected WDI excerpts (*.csv), found none")
    combined = drop_zero_estimates(pd.concat(tables, ignore_index=True))
    return indicator_csv_text(combined, ["indicator", "entity", "year"])


def tables() -> dict[str, str]:
    return {RAW_TABLE: raw_table(config.PUBLISHER_DIR)}


# --- the refresh ---------------------------------------------------------------------------------

def cut(download: bytes, url: str, folder: Path) -> Excerpt:
    """From the World Bank's zip: the data CSV's header block and the rows of the entities kept."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(download))
        names = [name for name in archive.namelist() if name.startswith("API_") and name.endswith(".csv")]
        if len(names) != 1:
            raise FetchError("format changed", f"expected one API_*.csv in the zip from {url}, found {archive.namelist()}")
        text = archive.read(names[0]).decode("utf-8-sig")
    except (zipfile.BadZipFile, EOFError) as error:
        raise FetchError("truncated", f"the zip from {url} is damaged: {error}") from error
    with format_checked():
        parsed = parse_csv(text, names[0])
    code = parsed.indicator_code
    kept = kept_codes(current_excerpt(folder, f"API_{code}_DS2_*"), HEADER_LINE_START, 1)
    lines = text.splitlines()
    header_end = next(i for i, line in enumerate(lines) if line.startswith(HEADER_LINE_START))
    rows = [(line, next(csv.reader([line]), [])) for line in lines[header_end + 1:]]
    body = [line for line, cells in rows if len(cells) > 3 and cells[1] in kept]
    missing = kept - {cells[1] for _, cells in rows if len(cells) > 3}
    if missing:
        raise FetchError("format changed", f"{names[0]} lacks rows for {sorted(missing)}")
    indicator_name = next(cells[2] for _, cells in rows if len(cells) > 3)
    citation = {
        "source_id": source_id(parsed.indicator_code, parsed.last_updated),
        "publisher": "World Bank", "title": "World Development Indicators",
        "locator": f"series {parsed.indicator_code}, {indicator_name}; bulk file {names[0]}, "
                   "row per country code, column per year",
        "url": f"https://data.worldbank.org/indicator/{parsed.indicator_code}", "release": parsed.last_updated,
    }
    excerpt = "\n".join(lines[:header_end + 1] + body) + "\n"
    return Excerpt(names[0].replace(".csv", ".excerpt.csv"), excerpt, parsed.last_updated, citation)


def release_text(publisher_dir: Path, excerpt: Excerpt) -> str:
    """Each indicator's release, as the catalog lists them: 'NY.GDP.MKTP.CD 2026-04-08; SP.POP.TOTL ...'."""
    parsed = [parse_csv(path.read_text(encoding="utf-8"), path.name)
              for path in sorted((publisher_dir / FOLDER).glob("API_*.csv"))]
    return "; ".join(f"{each.indicator_code} {each.last_updated}" for each in parsed)


def fetches(today: dt.date) -> list[Fetch]:
    return [Fetch(f"World Bank WDI {code}", (DOWNLOAD.format(code=code),), f"API_{code}_DS2_*", cut,
                  file_pattern=f"API_{code}_DS2_*.zip")
            for code in INDICATORS]

"""From publishers' own file formats to the tidy tables in ``data/raw/``.

The snapshot keeps, under ``data/publisher/``, verbatim excerpts of the files
each publisher released (the header lines and the rows for the entities the
report uses). This module parses those formats into the long indicator table,
so every figure in ``data/raw/`` can be regenerated from, and checked against,
the publisher's own file::

    python -m analysis.ingest          # rewrite data/raw/ from data/publisher/
    python -m analysis.ingest --check  # fail if data/raw/ differs from the excerpts
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import config

PUBLISHER_DIR = config.DATA_DIR / "publisher"

# World Bank WDI indicator codes -> (project indicator, unit in base units)
WDI_INDICATORS: dict[str, tuple[str, str]] = {
    "NY.GDP.MKTP.CD": ("gdp_usd", "USD"),
    "NY.GDP.MKTP.PP.CD": ("gdp_ppp_usd", "international USD"),
    "SP.POP.TOTL": ("population", "persons"),
    "MS.MIL.XPND.CD": ("milex_usd", "USD"),
}
WDI_HEADER_START = ["Country Name", "Country Code", "Indicator Name", "Indicator Code"]


class FormatError(ValueError):
    """A publisher file is not in the format the parser knows."""


@dataclass(frozen=True)
class WdiFile:
    indicator_code: str
    last_updated: str
    figures: pd.DataFrame  # entity, year, value


def parse_wdi_csv(text: str, name: str = "WDI file") -> WdiFile:
    """Parse the World Bank's bulk CSV layout (metadata lines, then one row per economy, years as columns)."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    last_updated = next((row[1] for row in rows if len(row) > 1 and row[0] == "Last Updated Date"), None)
    header_at = next((i for i, row in enumerate(rows) if row[:4] == WDI_HEADER_START), None)
    if header_at is None:
        raise FormatError(f"{name}: expected a header row starting {WDI_HEADER_START}, found none")
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


def wdi_source_id(indicator_code: str, last_updated: str) -> str:
    return f"wdi-{indicator_code.lower()}-{last_updated}"


def tidy_wdi(parsed: WdiFile, start_year: int) -> pd.DataFrame:
    """The long indicator table for one WDI file, from ``start_year`` on."""
    if parsed.indicator_code not in WDI_INDICATORS:
        raise FormatError(f"WDI indicator {parsed.indicator_code} is not one the project uses: {sorted(WDI_INDICATORS)}")
    indicator, unit = WDI_INDICATORS[parsed.indicator_code]
    figures = parsed.figures[parsed.figures["year"] >= start_year]
    return pd.DataFrame({
        "indicator": indicator,
        "entity": figures["entity"],
        "partner": "",
        "year": figures["year"],
        "value": figures["value"],
        "unit": unit,
        "source_id": wdi_source_id(parsed.indicator_code, parsed.last_updated),
    })


def format_value(value: float) -> str:
    """Whole numbers without a decimal point; other values with full precision."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def to_csv_text(table: pd.DataFrame) -> str:
    ordered = table.sort_values(["indicator", "entity", "year"]).copy()
    ordered["value"] = ordered["value"].map(format_value)
    return ordered.to_csv(index=False, lineterminator="\n")


def wdi_table(excerpt_dir: Path, start_year: int = config.DEFAULT_START_YEAR) -> str:
    """The tidy CSV text for every WDI excerpt in ``excerpt_dir``."""
    tables = [tidy_wdi(parse_wdi_csv(path.read_text(encoding="utf-8"), path.name), start_year)
              for path in sorted(excerpt_dir.glob("*.csv"))]
    if not tables:
        raise FormatError(f"{excerpt_dir}: expected WDI excerpts (*.csv), found none")
    return to_csv_text(pd.concat(tables, ignore_index=True))


# raw table -> function producing its text from the publisher excerpts
RAW_TABLES = {
    "wdi.csv": lambda: wdi_table(PUBLISHER_DIR / "wdi"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.ingest", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    status = 0
    for name, produce in RAW_TABLES.items():
        path = config.RAW_DIR / name
        text = produce()
        if args.check:
            same = path.exists() and path.read_text(encoding="utf-8") == text
            print(f"{'ok' if same else 'DIFFERS'}: {path.relative_to(config.PROJECT_ROOT)}")
            status |= 0 if same else 1
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(config.PROJECT_ROOT)}")
    return status


if __name__ == "__main__":
    sys.exit(main())

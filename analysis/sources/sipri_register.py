"""SIPRI's trade register of major conventional arms -> yearly arms-transfer volumes.

The trade register (SIPRI Arms Transfers Database, "Trade registers", all countries to all
countries) lists one row per deal and delivery year: a deal delivered over several years has
one row for each year, with the number delivered and the TIV of that year's deliveries in
``TIV delivery values`` (millions of SIPRI trend-indicator values). The file starts with note
lines (one of them "Data generated: 12 Feb 2026 12:26:12 PM"), then a header, and most lines
end with a ";" that is not part of the CSV.

``yearly_deliveries`` sums the register into the project's long indicator table:

* ``arms_tiv``: TIV delivered by a supplier (entity) to a recipient (partner) in a year, plus
  each supplier's deliveries to all recipients (partner ``WLD``) and each recipient's
  deliveries from all suppliers (entity ``WLD``);
* ``arms_tiv_licensed``: the part of the same deliveries that the register marks as local
  production (``Local production`` = "Yes": produced in the recipient country under licence),
  with the same entity/partner convention.

Suppliers and recipients are coded ISO 3166-1 alpha-3. Actors without such a code (armed
groups marked "*", multinational organisations marked "**", "unknown supplier(s)" and the like,
Kosovo and Northern Cyprus) have no pair rows, but their deliveries count in the totals, so the
totals are SIPRI's totals. A pair with no deliveries in a year has no row. Values are exact
sums (``Decimal``) of the register's figures, which carry at most two decimals.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.files import number_text

SHARED_FILE = config.PROJECT_ROOT.parent / "shared" / "data" / "sipri-arms" / "trade-register.csv"
# The table the build uses in place of the register (the register itself is not committed).
DERIVED_FILE_NAME = "sipri_register.parquet"

NOTE_LINE_COUNT = 11  # note lines before the header
HEADER_LINE = NOTE_LINE_COUNT + 1  # line number of the header in the file (1-based)
LINE_END = ";"  # SIPRI ends (almost) every line with it; it is not part of the CSV

SUPPLIER = "Supplier"
RECIPIENT = "Recipient"
DELIVERY_YEAR = "Delivery year"
TIV_DELIVERED = "TIV delivery values"
LOCAL_PRODUCTION = "Local production"
EXPECTED_COLUMNS = (
    "SIPRI AT Database ID", SUPPLIER, RECIPIENT, "Designation", "Description", "Armament category",
    "Order date", "Order date is estimate", "Numbers delivered", "Numbers delivered is estimate",
    DELIVERY_YEAR, "Delivery year is estimate", "Status", "SIPRI estimate", "TIV deal unit",
    TIV_DELIVERED, LOCAL_PRODUCTION,
)
LICENSED = "Yes"  # ``Local production`` of a row produced under licence in the recipient country
NOT_LICENSED = "No"

DATA_GENERATED = re.compile(r"Data generated: (\d{1,2}) ([A-Z][a-z]{2})[a-z]* (\d{4})\b")
YEAR_RANGE = re.compile(r"year range '(\d{4})' to '(\d{4})'")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
TIV_FIGURE = re.compile(r"[0-9]+(\.[0-9]+)?")
YEAR_FIGURE = re.compile(r"[0-9]{4}")

INDICATOR_DELIVERED = "arms_tiv"
INDICATOR_LICENSED = "arms_tiv_licensed"
UNIT = "million TIV"
WORLD = "WLD"  # all suppliers (as entity) or all recipients (as partner)
SOURCE_ID_PREFIX = "sipri-trade-register-"
OUTPUT_COLUMNS = ["indicator", "entity", "partner", "year", "value", "unit", "source_id"]

# SIPRI's names that pycountry does not resolve (or resolves only through a common name), with
# their ISO 3166-1 alpha-3 codes. Other names are looked up in pycountry by name, common name
# or official name; a name found in neither place stops the derivation.
COUNTRY_CODES = {
    "Bolivia": "BOL",
    "Bosnia-Herzegovina": "BIH",
    "Brunei": "BRN",
    "Cabo Verde": "CPV",
    "Cote d'Ivoire": "CIV",
    "Czechia": "CZE",
    "DR Congo": "COD",
    "eSwatini": "SWZ",
    "Iran": "IRN",
    "Laos": "LAO",
    "Moldova": "MDA",
    "North Korea": "PRK",
    "Palestine": "PSE",
    "Russia": "RUS",
    "South Korea": "KOR",
    "Syria": "SYR",
    "Taiwan": "TWN",
    "Tanzania": "TZA",
    "Turkiye": "TUR",
    "Türkiye": "TUR",
    "UAE": "ARE",
    "UK": "GBR",
    "United Kingdom": "GBR",
    "United States": "USA",
    "Venezuela": "VEN",
    "Viet Nam": "VNM",
}
# Parties that are not given a code: kept in the totals only. SIPRI marks armed non-state
# actors with "*" and multinational organisations with "**".
NON_STATE_MARK = "*"
ORGANISATION_MARK = "**"
UNKNOWN_PREFIX = "unknown"
WITHOUT_ISO_CODE = frozenset({"Kosovo", "Northern Cyprus"})
# Dissolved before the register's first delivery year (1995): a delivery naming it is an error
# in the file, not a party to code.
DISSOLVED_STATES = frozenset({"Soviet Union"})

KIND_NON_STATE = "armed non-state actor"
KIND_ORGANISATION = "multinational organisation"
KIND_UNKNOWN = "unknown party"
KIND_NO_CODE = "state or territory without an ISO 3166-1 code"


class RegisterFormatError(ValueError):
    """The trade register is not laid out as this module expects."""


class RegisterMissingError(FileNotFoundError):
    """SIPRI's trade register is not where the ingest looks for it."""


@dataclass(frozen=True)
class Party:
    """A supplier or recipient as named in the register: its ISO code, or why it has none."""

    name: str
    code: str | None  # ISO 3166-1 alpha-3, None for a party kept only in the totals
    kind: str  # "country" or one of the KIND_* descriptions


# --- Reading the file ----------------------------------------------------------------------------


def strip_line_end(line: str) -> str:
    """A register line without SIPRI's closing ";" (one only; a line without it is left as is)."""
    return line[: -len(LINE_END)] if line.endswith(LINE_END) else line


def data_generated(notes: list[str], path: Path) -> str:
    """The ISO date of the note 'Data generated: 12 Feb 2026 12:26:12 PM' -> '2026-02-12'."""
    for note in notes:
        found = DATA_GENERATED.search(note)
        if found is not None and found.group(2) in MONTHS:
            day, month, year = int(found.group(1)), MONTHS.index(found.group(2)) + 1, int(found.group(3))
            return f"{year:04d}-{month:02d}-{day:02d}"
    raise RegisterFormatError(f"{path}: none of the first {NOTE_LINE_COUNT} lines is a note such as "
                              f"'Data generated: 12 Feb 2026 12:26:12 PM'")


def delivery_year_range(notes: list[str], path: Path) -> tuple[int, int]:
    """The selection the register was generated for: "... year range '1995' to '2025'" -> (1995, 2025)."""
    for note in notes:
        found = YEAR_RANGE.search(note)
        if found is not None:
            return int(found.group(1)), int(found.group(2))
    raise RegisterFormatError(f"{path}: none of the first {NOTE_LINE_COUNT} lines states the year range "
                              f"(\"... for the year range '1995' to '2025'\")")


def check_header(found: list[str], path: Path) -> None:
    """Stop with the file, line and the expected and found column names when the header changed."""
    if tuple(found) == EXPECTED_COLUMNS:
        return
    missing = [name for name in EXPECTED_COLUMNS if name not in found]
    unexpected = [name for name in found if name not in EXPECTED_COLUMNS]
    detail = f"missing {missing}, unexpected {unexpected}" if missing or unexpected else "same names, other order"
    raise RegisterFormatError(f"{path}, line {HEADER_LINE}: the trade register's header changed ({detail}); "
                              f"expected columns {list(EXPECTED_COLUMNS)}, found {found}")


def read_register(path: Path) -> pd.DataFrame:
    """The register's rows as text, indexed by their line number in the file.

    Checks the header (line 12, after 11 note lines) against ``EXPECTED_COLUMNS`` and that every
    row has as many cells as the header. The note lines are recorded in ``attrs``:
    ``data_generated`` (ISO date), ``year_range`` (first and last year of the selection) and
    ``path``.
    """
    path = Path(path)
    lines = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").split("\n")
    if len(lines) < HEADER_LINE:
        raise RegisterFormatError(f"{path}: expected {NOTE_LINE_COUNT} note lines and a header, "
                                  f"found only {len(lines)} lines")
    notes = [strip_line_end(line) for line in lines[:NOTE_LINE_COUNT]]
    header = next(csv.reader([strip_line_end(lines[HEADER_LINE - 1])]))
    check_header(header, path)
    rows, numbers = [], []
    for number, line in enumerate(lines[HEADER_LINE:], start=HEADER_LINE + 1):
        if not line.strip():
            continue
        cells = next(csv.reader(io.StringIO(strip_line_end(line))))
        if len(cells) != len(header):
            raise RegisterFormatError(f"{path}, line {number}: {len(cells)} cells, the header has {len(header)}")
        rows.append(cells)
        numbers.append(number)
    register = pd.DataFrame(rows, columns=header, index=pd.Index(numbers, name="line"), dtype=str)
    register.attrs.update({"path": str(path), "data_generated": data_generated(notes, path),
                           "year_range": delivery_year_range(notes, path)})
    return register


# --- Coding the parties -------------------------------------------------------------------------


def pycountry_code(name: str) -> str | None:
    """The ISO alpha-3 code pycountry gives ``name`` (as name, common name or official name), if any."""
    import pycountry

    for field in ("name", "common_name", "official_name"):
        country = pycountry.countries.get(**{field: name})
        if country is not None:
            return country.alpha_3
    return None


def party(name: str) -> Party:
    """Code one supplier or recipient name; a country name that cannot be coded is an error."""
    if name.endswith(ORGANISATION_MARK):
        return Party(name, None, KIND_ORGANISATION)
    if name.endswith(NON_STATE_MARK):
        return Party(name, None, KIND_NON_STATE)
    if name.lower().startswith(UNKNOWN_PREFIX):
        return Party(name, None, KIND_UNKNOWN)
    if name in WITHOUT_ISO_CODE:
        return Party(name, None, KIND_NO_CODE)
    if name in DISSOLVED_STATES:
        raise RegisterFormatError(f"the register names {name!r}, a state dissolved before its first delivery "
                                  f"year, as a party to a delivery")
    code = COUNTRY_CODES.get(name) or pycountry_code(name)
    if code is None:
        raise RegisterFormatError(f"no ISO 3166-1 alpha-3 code for the register's name {name!r}: add it to "
                                  f"COUNTRY_CODES, or to WITHOUT_ISO_CODE if it has none")
    return Party(name, code, "country")


def parties(register: pd.DataFrame) -> dict[str, Party]:
    """Every supplier and recipient name of the register, coded."""
    names = sorted(set(register[SUPPLIER]) | set(register[RECIPIENT]))
    return {name: party(name) for name in names}


def non_country_parties(register: pd.DataFrame) -> pd.DataFrame:
    """The parties kept only in the totals: name, kind, role, rows and TIV delivered in the register."""
    coded = parties(register)
    records = []
    for role, column in (("supplier", SUPPLIER), ("recipient", RECIPIENT)):
        for name, rows in register.groupby(column):
            if coded[name].code is None:
                records.append({"name": name, "kind": coded[name].kind, "role": role, "rows": len(rows),
                                "tiv": float(sum(tiv_figures(rows), Decimal(0)))})
    return pd.DataFrame(records, columns=["name", "kind", "role", "rows", "tiv"])


# --- Checking the cells -------------------------------------------------------------------------


def tiv_figures(register: pd.DataFrame) -> list[Decimal]:
    """``TIV delivery values`` as exact decimals; a cell that is not a plain number is an error."""
    path = register.attrs.get("path", "trade register")
    figures = []
    for line, cell in register[TIV_DELIVERED].items():
        if TIV_FIGURE.fullmatch(cell) is None:
            raise RegisterFormatError(f"{path}, line {line}: {TIV_DELIVERED!r} is {cell!r}, not a number")
        figures.append(Decimal(cell))
    return figures


def delivery_years(register: pd.DataFrame) -> list[int]:
    """``Delivery year`` as integers, each within the year range the register was generated for."""
    path = register.attrs.get("path", "trade register")
    first, last = register.attrs.get("year_range", (None, None))
    years = []
    for line, cell in register[DELIVERY_YEAR].items():
        if YEAR_FIGURE.fullmatch(cell) is None:
            raise RegisterFormatError(f"{path}, line {line}: {DELIVERY_YEAR!r} is {cell!r}, not a year")
        year = int(cell)
        if first is not None and not first <= year <= last:
            raise RegisterFormatError(f"{path}, line {line}: delivery year {year} is outside the register's "
                                      f"year range {first}-{last}")
        years.append(year)
    return years


def licensed_flags(register: pd.DataFrame) -> list[bool]:
    """``Local production`` as booleans ("Yes": produced under licence in the recipient country)."""
    path = register.attrs.get("path", "trade register")
    flags = []
    for line, cell in register[LOCAL_PRODUCTION].items():
        if cell not in (LICENSED, NOT_LICENSED):
            raise RegisterFormatError(f"{path}, line {line}: {LOCAL_PRODUCTION!r} is {cell!r}, "
                                      f"expected {LICENSED!r} or {NOT_LICENSED!r}")
        flags.append(cell == LICENSED)
    return flags


def source_id(register: pd.DataFrame) -> str:
    """The citation key of the release: 'sipri-trade-register-2026-02-12'."""
    generated = register.attrs.get("data_generated")
    if not generated:
        raise RegisterFormatError("the register carries no 'Data generated' date: read it with read_register")
    return f"{SOURCE_ID_PREFIX}{generated}"


# --- Summing ------------------------------------------------------------------------------------


def deliveries(register: pd.DataFrame) -> pd.DataFrame:
    """One row per register row, checked and typed: supplier and recipient codes (None for a party
    without one), year, exact TIV (``Decimal``) and whether it was produced under licence."""
    coded = parties(register)
    return pd.DataFrame({  # object columns: a missing code stays None, a figure stays a Decimal
        "supplier": pd.Series([coded[name].code for name in register[SUPPLIER]], index=register.index, dtype=object),
        "recipient": pd.Series([coded[name].code for name in register[RECIPIENT]], index=register.index,
                               dtype=object),
        "year": pd.Series(delivery_years(register), index=register.index, dtype=int),
        "tiv": pd.Series(tiv_figures(register), index=register.index, dtype=object),
        "licensed": pd.Series(licensed_flags(register), index=register.index, dtype=bool),
    })


def sum_deliveries(typed: pd.DataFrame) -> dict[tuple[str, str, int], Decimal]:
    """Exact sums by (entity, partner, year): country pairs, suppliers to WLD and WLD to recipients.

    Totals take every row, whoever the other side is, so that they include deliveries to and
    from the parties that have no code.
    """
    sums: dict[tuple[str, str, int], Decimal] = defaultdict(Decimal)
    for supplier, recipient, year, tiv in zip(typed["supplier"], typed["recipient"], typed["year"], typed["tiv"]):
        if supplier is not None and recipient is not None:
            sums[(supplier, recipient, int(year))] += tiv
        if supplier is not None:
            sums[(supplier, WORLD, int(year))] += tiv
        if recipient is not None:
            sums[(WORLD, recipient, int(year))] += tiv
    return sums


def yearly_deliveries(register: pd.DataFrame) -> pd.DataFrame:
    """The register summed into the long indicator table (``arms_tiv`` and ``arms_tiv_licensed``).

    One row per indicator, entity, partner and year in which deliveries are recorded; a year
    without deliveries has no row. Values are the exact sums of the register's figures.
    """
    release = source_id(register)
    typed = deliveries(register)
    records = []
    for indicator, rows in ((INDICATOR_DELIVERED, typed), (INDICATOR_LICENSED, typed[typed["licensed"]])):
        for (entity, partner, year), total in sum_deliveries(rows).items():
            records.append({"indicator": indicator, "entity": entity, "partner": partner, "year": year,
                            "value": float(total), "unit": UNIT, "source_id": release})
    table = pd.DataFrame(records, columns=OUTPUT_COLUMNS)
    table["year"] = table["year"].astype(int)
    table["value"] = table["value"].astype(float)
    return table.sort_values(["indicator", "entity", "partner", "year"], ignore_index=True)


def derive(path: Path = SHARED_FILE) -> pd.DataFrame:
    """The tidy table from SIPRI's trade register at ``path`` (by default the shared data folder)."""
    path = Path(path)
    if not path.is_file():
        raise RegisterMissingError(
            f"SIPRI's trade register is not at {path}. It is a publisher's file kept outside the project; "
            f"without it the register cannot be re-derived, and the committed derived table "
            f"({config.RAW_DIR / DERIVED_FILE_NAME}) is what the build uses.")
    return yearly_deliveries(read_register(path))


# --- Writing ------------------------------------------------------------------------------------


def to_csv_text(table: pd.DataFrame) -> str:
    """The table as CSV text: header, no index, '\\n' line endings, numbers without a trailing '.0'."""
    written = table.copy()
    written["value"] = written["value"].map(number_text)
    return written.to_csv(index=False, lineterminator="\n")


def main(argv: list[str] | None = None) -> int:
    """``python -m analysis.sources.sipri_register OUTPUT.csv [--register PATH]``."""
    parser = argparse.ArgumentParser(description="Derive yearly arms-transfer volumes from SIPRI's trade register.")
    parser.add_argument("output", type=Path, help="CSV file to write")
    parser.add_argument("--register", type=Path, default=SHARED_FILE,
                        help=f"the trade register (default {SHARED_FILE})")
    arguments = parser.parse_args(argv)
    try:
        table = derive(arguments.register)
    except (RegisterMissingError, RegisterFormatError) as error:
        print(error, file=sys.stderr)
        return 1
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    arguments.output.write_text(to_csv_text(table), encoding="utf-8", newline="")
    print(f"wrote {len(table)} rows to {arguments.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""SIPRI's trade register: reading the file as SIPRI lays it out, and checking its cells.

The register (SIPRI Arms Transfers Database, "Trade registers", all countries to all countries)
starts with 11 note lines (one of them "Data generated: 12 Feb 2026 12:26:12 PM", one the year
range of the selection), then a header, then one row per deal and delivery year; most lines end
with a ";" that is not part of the CSV. Used through ``analysis.sources.sipri_register``.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pandas as pd

from analysis.sources import _tables

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

YEAR_RANGE = re.compile(r"year range '(\d{4})' to '(\d{4})'")
TIV_FIGURE = re.compile(r"[0-9]+(\.[0-9]+)?")
YEAR_FIGURE = re.compile(r"[0-9]{4}")


class RegisterFormatError(ValueError):
    """The trade register is not laid out as the source expects."""


# --- Reading the file ----------------------------------------------------------------------------


def strip_line_end(line: str) -> str:
    """A register line without SIPRI's closing ";" (one only; a line without it is left as is)."""
    return line[: -len(LINE_END)] if line.endswith(LINE_END) else line


def data_generated(notes: list[str], path: Path) -> str:
    """The ISO date of the note 'Data generated: 12 Feb 2026 12:26:12 PM' -> '2026-02-12'."""
    for note in notes:
        generated = _tables.data_generated(note)
        if generated is not None:
            return generated
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

"""The IMF's DOTS country tables: reading one workbook as it is laid out.

Each workbook has two sheets in the same layout:

* sheet 1, "Exports, FOB to Partner Countries"; sheet 2, "Imports, CIF from Partner Countries";
* the title in cell B2, the reporter's name in B4, the unit ("US Dollars, Millions") in B5;
* the years in row 7 from column C (as text, not always consecutive: early years may be absent);
* one row per partner from row 8, the partner's name in column B: every economy, "World",
  and the IMF's area totals ("Advanced Economies", "Euro Area", "Africa", ...);
* an empty cell is a figure the IMF does not have (never a zero); a figure the IMF estimated is
  text with the flag "e", such as ``"1.53 e"`` or ``"1,420.58 e"``.

Used through ``analysis.sources.imf_dots``, which turns what is read into the indicator table.
"""

from __future__ import annotations

import math
import re
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Iterator, Sequence

import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter

# The layout of every sheet (rows and columns counted from 1, as in the spreadsheet).
TITLE_ROW, REPORTER_ROW, UNIT_ROW = 2, 4, 5
YEAR_ROW = 7
FIRST_PARTNER_ROW = 8
NAME_COLUMN = 2  # B
FIRST_YEAR_COLUMN = 3  # C
UNIT_TEXT = "US Dollars, Millions"
# The sheets by position: the flow each holds and the title it carries in cell B2.
SHEETS: tuple[tuple[str, str], ...] = (
    ("exports", "Exports, FOB to Partner Countries"),
    ("imports", "Imports, CIF from Partner Countries"),
)

# A figure written as text: digits with optional thousands commas and decimals, optionally
# followed by the IMF's estimate flag "e".
TEXT_FIGURE = re.compile(r"^(?P<number>-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?:\s*(?P<flag>e))?$")

READ_COLUMNS = ["file", "sheet", "cell", "reporter", "flow", "partner", "year", "value_millions", "estimated"]


class DotsError(ValueError):
    """The IMF's workbooks are not as the source expects."""


class DotsLayoutError(DotsError):
    """A workbook's layout differs from the IMF's country-table layout."""


def cell_name(row: int, column: int) -> str:
    """The spreadsheet name of a cell, e.g. ``cell_name(7, 3) == "C7"``."""
    return f"{get_column_letter(column)}{row}"


def _cell(rows: Sequence[tuple], row: int, column: int):
    """The value at (row, column), counted from 1; None beyond the rows or cells present."""
    if row > len(rows) or column > len(rows[row - 1]):
        return None
    return rows[row - 1][column - 1]


def _is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_figure(value, where: str) -> tuple[Decimal, bool] | None:
    """A cell's figure in US$ millions as an exact decimal, and whether the IMF flags it as an estimate.

    Numbers are read through their shortest exact representation, so a cell holding 7.1 gives
    ``Decimal("7.1")``; text must be a number, optionally with thousands commas and the flag "e".
    Empty cells give None (no figure).
    """
    if _is_empty(value):
        return None
    if isinstance(value, bool):
        raise DotsLayoutError(f"{where}: expected a figure in US$ millions, found {value!r}")
    if isinstance(value, int):
        return Decimal(value), False
    if isinstance(value, float) and math.isfinite(value):
        return Decimal(repr(value)), False
    if isinstance(value, str):
        match = TEXT_FIGURE.match(value.strip())
        if match:
            return Decimal(match["number"].replace(",", "")), match["flag"] is not None
    raise DotsLayoutError(f"{where}: expected a figure in US$ millions (such as 1.53 or '1.53 e'), found {value!r}")


def parse_years(rows: Sequence[tuple], where: str) -> list[int]:
    """The years of row 7, read from column C to the last filled cell; they must increase."""
    header = rows[YEAR_ROW - 1] if len(rows) >= YEAR_ROW else ()
    cells = list(header[FIRST_YEAR_COLUMN - 1:])
    while cells and _is_empty(cells[-1]):
        cells.pop()
    if not cells:
        raise DotsLayoutError(f"{where}: expected the years in row {YEAR_ROW} from column C, "
                              f"found nothing in {cell_name(YEAR_ROW, FIRST_YEAR_COLUMN)}")
    years: list[int] = []
    for offset, value in enumerate(cells):
        text = str(value).strip() if not _is_empty(value) else ""
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        if not re.fullmatch(r"(19|20)\d\d", text) or (years and int(text) <= years[-1]):
            found = cell_name(YEAR_ROW, FIRST_YEAR_COLUMN + offset)
            raise DotsLayoutError(f"{where}: expected the years in row {YEAR_ROW} from column C, "
                                  f"in increasing order, found {value!r} in {found}")
        years.append(int(text))
    return years


def read_sheet(rows: Sequence[tuple], file_name: str, sheet_number: int) -> pd.DataFrame:
    """One sheet's figures (rows as read with ``values_only``) in the layout of ``READ_COLUMNS``.

    Checks the title (B2), the reporter (B4), the unit (B5) and the years (row 7). A partner that
    appears on two rows (every IMF sheet repeats "Australia" at the top) is kept once when the two
    rows agree, and is an error when they differ.
    """
    flow, title = SHEETS[sheet_number - 1]
    where = f"{file_name}, sheet {sheet_number}"
    expected = {(TITLE_ROW, title), (UNIT_ROW, UNIT_TEXT)}
    for row, text in sorted(expected):
        found = _cell(rows, row, NAME_COLUMN)
        if found != text:
            raise DotsLayoutError(f"{where}: expected {text!r} in cell {cell_name(row, NAME_COLUMN)}, found {found!r}")
    reporter = _cell(rows, REPORTER_ROW, NAME_COLUMN)
    if not isinstance(reporter, str) or not reporter.strip():
        raise DotsLayoutError(f"{where}: expected the reporter's name in cell "
                              f"{cell_name(REPORTER_ROW, NAME_COLUMN)}, found {reporter!r}")
    years = parse_years(rows, where)
    last_column = FIRST_YEAR_COLUMN + len(years) - 1

    records: list[dict] = []
    first_row_of: dict[str, tuple[int, tuple]] = {}
    for row in range(FIRST_PARTNER_ROW, len(rows) + 1):
        cells = rows[row - 1]
        partner = _cell(rows, row, NAME_COLUMN)
        figures = tuple(_cell(rows, row, column) for column in range(FIRST_YEAR_COLUMN, last_column + 1))
        stray = [column for column in range(last_column + 1, len(cells) + 1) if not _is_empty(_cell(rows, row, column))]
        if stray:
            raise DotsLayoutError(f"{where}: expected nothing right of the last year (column "
                                  f"{get_column_letter(last_column)}), found {_cell(rows, row, stray[0])!r} "
                                  f"in {cell_name(row, stray[0])}")
        if _is_empty(partner):
            filled = [i for i, value in enumerate(figures) if not _is_empty(value)]
            if filled:
                raise DotsLayoutError(f"{where}: expected a partner's name in cell {cell_name(row, NAME_COLUMN)} "
                                      f"for the figure in {cell_name(row, FIRST_YEAR_COLUMN + filled[0])}, found none")
            continue
        if not isinstance(partner, str):
            raise DotsLayoutError(f"{where}: expected a partner's name in cell {cell_name(row, NAME_COLUMN)}, "
                                  f"found {partner!r}")
        partner = partner.strip()
        if partner in first_row_of:
            earlier, earlier_figures = first_row_of[partner]
            if earlier_figures != figures:
                raise DotsLayoutError(f"{where}: the partner {partner!r} is on rows {earlier} and {row} "
                                      f"with different figures")
            continue
        first_row_of[partner] = (row, figures)
        for offset, (year, value) in enumerate(zip(years, figures)):
            cell = cell_name(row, FIRST_YEAR_COLUMN + offset)
            figure = parse_figure(value, f"{where}, cell {cell}")
            if figure is None:
                continue
            records.append({"file": file_name, "sheet": sheet_number, "cell": cell, "reporter": reporter.strip(),
                            "flow": flow, "partner": partner, "year": year, "value_millions": figure[0],
                            "estimated": figure[1]})
    return pd.DataFrame(records, columns=READ_COLUMNS)


def workbook_reporter(book, file_name: str) -> str:
    """The reporter's name in cell B4 of a workbook's first sheet."""
    if not book.worksheets:
        raise DotsLayoutError(f"{file_name}: expected two sheets, found none")
    rows = list(book.worksheets[0].iter_rows(min_row=REPORTER_ROW, max_row=REPORTER_ROW, values_only=True))
    name = _cell(rows, 1, NAME_COLUMN)
    if not isinstance(name, str) or not name.strip():
        raise DotsLayoutError(f"{file_name}, sheet 1: expected the reporter's name in cell "
                              f"{cell_name(REPORTER_ROW, NAME_COLUMN)}, found {name!r}")
    return name.strip()


def read_book(book, file_name: str) -> pd.DataFrame:
    """Both sheets of an open workbook, in the layout of ``READ_COLUMNS``."""
    if len(book.worksheets) != len(SHEETS):
        raise DotsLayoutError(f"{file_name}: expected {len(SHEETS)} sheets (exports, imports), "
                              f"found {len(book.worksheets)}: {book.sheetnames}")
    frames = [read_sheet(list(sheet.iter_rows(values_only=True)), file_name, number)
              for number, sheet in enumerate(book.worksheets, start=1)]
    reporters = {frame["reporter"].iloc[0] for frame in frames if len(frame)}
    if len(reporters) > 1:
        raise DotsLayoutError(f"{file_name}: the sheets name different reporters in cell B4: {sorted(reporters)}")
    return pd.concat(frames, ignore_index=True)


def read_workbook(path: Path | str) -> pd.DataFrame:
    """One IMF country-table workbook as read: reporter and partner names as the IMF spells them,
    flow ("exports" or "imports"), year, the figure in US$ millions as an exact ``Decimal``
    (``value_millions``), whether the IMF flags it as an estimate, and the file, sheet and cell
    it comes from. Empty cells give no row.
    """
    path = Path(path)
    with opened(path) as book:
        return read_book(book, path.name)


@contextmanager
def opened(path: Path) -> Iterator[openpyxl.Workbook]:
    """A workbook opened for reading its values, closed again however the reading ends."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        yield book
    finally:
        book.close()

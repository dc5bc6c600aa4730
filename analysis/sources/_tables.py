"""What the source modules share: the tidy indicator table, how it is written, and the format error.

Every figure a publisher's file gives becomes a row of the long indicator table::

    indicator, entity, partner, year, value, unit, source_id

written as CSV text with "\\n" line ends and values as ``files.number_text`` writes them, so that
the same figures always give the same bytes.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Sequence

import pandas as pd

from analysis.files import number_text

INDICATOR_COLUMNS = ["indicator", "entity", "partner", "year", "value", "unit", "source_id"]
# Indicators for which a published 0 means "no estimate", not zero spending: SIPRI marks
# Russia's first post-Soviet year this way, and the World Bank copies it.
ZERO_MEANS_MISSING = {"milex_usd", "milex_wdi_usd"}

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
MONTH_ABBREVIATIONS = tuple(month[:3] for month in MONTHS)
# SIPRI's note on when a table or register was generated: "Data generated: 12 Feb 2026 12:26:12 PM".
DATA_GENERATED = re.compile(r"Data generated: (\d{1,2}) ([A-Z][a-z]{2})[a-z]* (\d{4})\b")


class FormatError(ValueError):
    """A publisher file is not in the format the parser knows."""


def csv_records(text: str) -> list[list[str]]:
    """The rows of a publisher's CSV text, without the byte-order mark some files start with."""
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def data_generated(text: str) -> str | None:
    """The ISO date of SIPRI's 'Data generated: 12 Feb 2026 ...' note in ``text`` ('2026-02-12'); None without one."""
    found = DATA_GENERATED.search(text)
    if found is None or found.group(2) not in MONTH_ABBREVIATIONS:
        return None
    month = MONTH_ABBREVIATIONS.index(found.group(2)) + 1
    return f"{int(found.group(3)):04d}-{month:02d}-{int(found.group(1)):02d}"


def drop_zero_estimates(table: pd.DataFrame) -> pd.DataFrame:
    """Remove published zeros where the indicator's coding rule reads them as 'no estimate'."""
    return table[~(table["indicator"].isin(ZERO_MEANS_MISSING) & (table["value"] == 0))]


def indicator_csv_text(table: pd.DataFrame, sort_by: Sequence[str] | None = None) -> str:
    """The indicator table as CSV text, sorted by ``sort_by`` (as it is without), values as number_text writes them."""
    ordered = (table.sort_values(list(sort_by)) if sort_by else table).copy()
    ordered["value"] = ordered["value"].map(number_text)
    return ordered.to_csv(index=False, lineterminator="\n")


def header_only(columns: Sequence[str] = INDICATOR_COLUMNS) -> str:
    """The CSV text of a table with no rows yet."""
    return ",".join(columns) + "\n"

"""The publishers' files the snapshot is derived from, one module per source.

Each module reads its publisher's own file format and derives the tidy table the build uses.
The files themselves are not part of the project: the ingest (``python -m analysis.sources``)
reads them from the shared data folder beside the project when they are present and says so when
they are absent, and the derived tables are committed under ``data/raw/`` as Parquet tables of
text cells (``files.write_text_table``); ``python -m analysis.sources --csv DIR`` exports them to CSV.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from analysis import config, files
from analysis.sources import imf_dots, sipri_register, unvotes


def _unvotes_tables() -> dict[str, str]:
    roll_calls, issues = unvotes.derive()
    return {"unga_roll_calls_1992_2019": unvotes.csv_text(roll_calls), "unga_roll_call_issues": unvotes.csv_text(issues)}


# source module -> (what its publisher's files are, where they are, a function giving table id -> CSV text)
DERIVED: dict[str, tuple[str, Path, Callable[[], dict[str, str]]]] = {
    "imf_dots": ("the IMF's DOTS workbooks", imf_dots.SHARED_DIR,
                 lambda: {"imf_dots": imf_dots.to_csv_text(imf_dots.derive())}),
    "sipri_register": ("SIPRI's trade register", sipri_register.SHARED_FILE,
                       lambda: {"sipri_register": sipri_register.to_csv_text(sipri_register.derive())}),
    "unvotes": ("the General Assembly voting data files", unvotes.SHARED_DIR, _unvotes_tables),
}


def stored_path(table: str) -> Path:
    return config.RAW_DIR / f"{table}.parquet"


def stored_csv_text(table: str) -> str:
    """A stored table as the CSV text its source module writes."""
    return files.csv_text(*files.read_text_table(stored_path(table)), for_spreadsheets=False)


def stored_path(table: str) -> Path:
    return config.RAW_DIR / f"{table}.parquet"


def stored_csv_text(table: str) -> str:
    """A stored table as the CSV text its source module writes."""
    return files.csv_text(*files.read_text_table(stored_path(table)), for_spreadsheets=False)

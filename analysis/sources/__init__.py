"""The publishers' files the snapshot is derived from: one module per source, and their registry.

Each module holds everything about its source: what its publisher's files are and how they are
read into the tidy tables of ``data/raw/``, and, for a source the refresh keeps up to date, where
its files are fetched, how a download is cut to the excerpt the snapshot keeps, and the citation
and release text of a new release (``analysis.sources._fetch`` lists what the refresh asks of it).
Every module gives:

- ``WHAT`` and ``ORIGIN``: what its publisher's files are and where they are read, an excerpt
  folder under ``data/publisher/`` or the shared data folder beside the project;
- ``tables()``: the tables it derives from them, by their file in ``data/raw/``, as CSV text.

The shared data folder's files are not part of the project: ``python -m analysis.sources`` says
so when they are absent and keeps the stored tables, which are all the build reads. Tables in
Parquet files (``files.write_text_table``) hold text cells, exactly the cells of their CSV text.
"""

from __future__ import annotations

from types import ModuleType

from analysis import config, files
from analysis.sources import comtrade, imf_dots, sipri_milex, sipri_register, sipri_tiv, undl_votes, unvotes, wdi

# source id (its module's name) -> module, in the order the ingest and the refresh take them
SOURCES: dict[str, ModuleType] = {
    source.__name__.rpartition(".")[2]: source
    for source in (wdi, sipri_milex, sipri_tiv, undl_votes, comtrade, imf_dots, sipri_register, unvotes)
}


def stored_text(file_name: str) -> str:
    """A stored table of ``data/raw/`` as the CSV text its source derives."""
    path = config.RAW_DIR / file_name
    if path.suffix == ".parquet":
        return files.csv_text(*files.read_text_table(path), for_spreadsheets=False)
    return path.read_text(encoding="utf-8")


def store(file_name: str, text: str) -> None:
    """Store a derived table in ``data/raw/``: as it is, or as a Parquet table of its text cells."""
    path = config.RAW_DIR / file_name
    if path.suffix == ".parquet":
        files.write_text_table(path, *files.csv_rows(text))
    else:
        files.write_atomically(path, text.encode("utf-8"))

"""Loading the embedded data snapshot: the catalog, the citations, the figures.

``load_indicators(tables)`` is the one entry point for yearly figures. It reads
the indicator tables named (a chapter names those it declares), validates each against its
schema and the catalog's declared units, and returns one long table::

    indicator, entity, partner, year, value, unit, source_id

with values in base units (US dollars, persons, tonnes, cubic metres).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable

import pandas as pd

from analysis import config
from analysis.data.catalog import is_curated, load_catalog
from analysis.data.validation import (already_validated, Citation, load_citations, read_event_table, read_rows,
                                      validate_indicator_rows, validate_snapshot)

INDICATOR_COLUMNS = ["indicator", "entity", "partner", "year", "value", "unit", "source_id"]

__all__ = ["Citation", "INDICATOR_COLUMNS", "citations_for", "load_all_indicators", "load_citations",
           "load_confirmations", "load_indicators", "load_table"]


def load_table(name: str, schema: str | None = None) -> pd.DataFrame:
    """One validated event table of the catalog (vetoes, votes, meetings...), all columns as text.

    A table the catalog does not list yet comes back empty, with the columns of ``schema``
    (a name in ``EVENT_SCHEMAS``), so that a chapter can say the data is missing.
    """
    tables = load_catalog()["tables"]
    if name not in tables and schema is None:
        raise KeyError(f"the catalog lists no table {name!r}; it has {sorted(tables)}")
    rows = read_event_table(name) if name in tables else []
    if rows:
        return pd.DataFrame(rows, columns=list(rows[0]))
    from analysis.data.tables import EVENT_SCHEMAS  # pandera: loaded only for an empty table's columns

    return pd.DataFrame(columns=list(EVENT_SCHEMAS[tables[name]["schema"] if name in tables else schema].columns))


def indicator_frame(rows: list[dict[str, str]]) -> pd.DataFrame:
    """Validated indicator rows (text cells) as the long table, with numbers as numbers."""
    table = pd.DataFrame(rows, columns=INDICATOR_COLUMNS)
    table["year"] = table["year"].astype(int)
    table["value"] = table["value"].astype(float)
    return table.sort_values(["indicator", "entity", "partner", "year"], ignore_index=True)


def load_all_indicators(data_dir: Path | None = None) -> pd.DataFrame:
    """Read and validate every indicator table in the catalog (no caching); the event tables are validated
    by the build before any chapter runs, and by ``load_table`` when a chapter reads one."""
    return indicator_frame(validate_snapshot(data_dir, events=False))


@lru_cache(maxsize=8)
def _indicator_tables(names: tuple[str, ...]) -> pd.DataFrame:
    catalog = load_catalog()
    units = {name: spec["unit"] for name, spec in catalog["indicators"].items()}
    checked = not already_validated()
    citations = frozenset(load_citations()) if checked else frozenset()
    rows: list[dict[str, str]] = []
    for name in names:
        entry = catalog["tables"].get(name)
        if entry is None or entry["schema"] != "indicator":
            listed = sorted(table for table, spec in catalog["tables"].items() if spec["schema"] == "indicator")
            raise KeyError(f"expected an indicator table of the catalog, one of {listed}; found {name!r}")
        path = config.DATA_DIR / entry["file"]
        columns, table_rows = read_rows(path)
        if checked:
            validate_indicator_rows(table_rows, columns, path, units, citations, curated=is_curated(entry))
        rows += table_rows
    return indicator_frame(rows)


def load_indicators(tables: Iterable[str]) -> pd.DataFrame:
    """The yearly figures of the named indicator tables of the snapshot as one long, validated table
    (a name that is not an event table: event tables are skipped, so a chapter may pass all it declares)."""
    events = {name for name, spec in load_catalog()["tables"].items() if spec["schema"] != "indicator"}
    return _indicator_tables(tuple(name for name in tables if name not in events)).copy()


CONFIRMATION_COLUMNS = ["indicator", "entity", "partner", "year", "source_id", "confirmed_by"]


def load_confirmations(tables: Iterable[str]) -> pd.DataFrame:
    """The second sources of the hand-curated figures among the named tables (trade, energy ...): one row
    per figure, its key and source_id, and confirmed_by (a citation id, empty where no second source
    confirms it). The long table of ``load_indicators`` leaves these out, as the publishers' tables have none."""
    catalog = load_catalog()
    rows = []
    for name in tables:
        entry = catalog["tables"].get(name)
        if entry is None or entry["schema"] != "indicator" or not is_curated(entry):
            continue
        _, table_rows = read_rows(config.DATA_DIR / entry["file"])
        rows += [{column: row.get(column, "") for column in CONFIRMATION_COLUMNS} for row in table_rows]
    table = pd.DataFrame(rows, columns=CONFIRMATION_COLUMNS)
    table["year"] = table["year"].astype(int)
    return table


def citations_for(source_ids: "pd.Series | list[str]") -> list[Citation]:
    """The citations behind a set of figures, in a stable order."""
    known = load_citations()
    return [known[source_id] for source_id in sorted(set(source_ids))]

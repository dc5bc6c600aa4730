"""Loading the embedded data snapshot: the catalog, the citations, the figures.

``load_indicators()`` is the one entry point for yearly figures. It reads
every indicator table the catalog lists, validates each against its schema
and the catalog's declared units, and returns one long table::

    indicator, entity, partner, year, value, unit, source_id

with values in base units (US dollars, persons, tonnes, cubic metres).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.data.catalog import load_catalog
from analysis.data.validation import Citation, load_citations, read_event_table, validate_snapshot

INDICATOR_COLUMNS = ["indicator", "entity", "partner", "year", "value", "unit", "source_id"]

__all__ = ["Citation", "INDICATOR_COLUMNS", "citations_for", "load_all_indicators", "load_citations",
           "load_indicators", "load_table"]


def load_table(name: str, schema: str | None = None) -> pd.DataFrame:
    """One validated event table of the catalog (vetoes, votes, meetings...), all columns as text.

    A table the catalog does not list yet comes back empty, with the columns of ``schema``
    (a name in ``EVENT_SCHEMAS``), so that a chapter can say the data is missing.
    """
    from analysis.data.tables import EVENT_SCHEMAS

    tables = load_catalog()["tables"]
    if name not in tables:
        if schema is None:
            raise KeyError(f"the catalog lists no table {name!r}; it has {sorted(tables)}")
        return pd.DataFrame(columns=list(EVENT_SCHEMAS[schema].columns))
    rows = read_event_table(name)
    columns = list(EVENT_SCHEMAS[tables[name]["schema"]].columns)
    return pd.DataFrame(rows, columns=list(rows[0]) if rows else columns)


def load_all_indicators(data_dir: Path | None = None) -> pd.DataFrame:
    """Read and validate every indicator table in the catalog (no caching); the event tables are validated
    by the build before any chapter runs, and by ``load_table`` when a chapter reads one."""
    rows = validate_snapshot(data_dir, events=False)
    table = pd.DataFrame(rows, columns=INDICATOR_COLUMNS)
    table["year"] = table["year"].astype(int)
    table["value"] = table["value"].astype(float)
    return table.sort_values(["indicator", "entity", "partner", "year"], ignore_index=True)


@lru_cache(maxsize=1)
def _cached_indicators() -> pd.DataFrame:
    return load_all_indicators()


def load_indicators() -> pd.DataFrame:
    """All yearly figures of the embedded snapshot as one long, validated table."""
    return _cached_indicators().copy()


def citations_for(source_ids: "pd.Series | list[str]") -> list[Citation]:
    """The citations behind a set of figures, in a stable order."""
    known = load_citations()
    return [known[source_id] for source_id in sorted(set(source_ids))]

"""Loading the embedded data snapshot: the catalog, the citations, the figures.

``load_indicators()`` is the one entry point for yearly figures. It reads
every indicator table the catalog lists, validates each against its schema
and the catalog's declared units, and returns one long table::

    indicator, entity, partner, year, value, unit, source_id

with values in base units (US dollars, persons, tonnes, cubic metres).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import config
from .catalog import load_catalog, relative
from .schemas import CITATIONS_TABLE, INDICATOR_TABLE, DataValidationError, validate_table

INDICATOR_COLUMNS = ["indicator", "entity", "partner", "year", "value", "unit", "source_id"]

@dataclass(frozen=True)
class Citation:
    source_id: str
    publisher: str
    title: str
    locator: str
    url: str
    release: str
    retrieved: str

    def text(self) -> str:
        """A one-line citation a reader can follow to the figure."""
        return f"{self.publisher}, {self.title}, {self.locator} (release {self.release}). {self.url}"


def read_text_table(path: Path) -> pd.DataFrame:
    """Read a CSV with every cell as text (empty cells as ""), as validation expects."""
    if not path.exists():
        raise FileNotFoundError(f"{relative(path)}: the catalog lists this table but the file does not exist")
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def load_citations(path: Path | None = None) -> dict[str, Citation]:
    """Every citation, by ``source_id``."""
    path = path or config.CITATIONS_PATH
    frame = read_text_table(path)
    validate_table(frame, CITATIONS_TABLE, relative(path))
    return {row.source_id: Citation(**row._asdict()) for row in frame[CITATIONS_TABLE.column_names].itertuples(index=False)}


def validate_indicator_table(frame: pd.DataFrame, path: Path, units: dict[str, str], citations: frozenset[str]) -> None:
    """Schema rules, then the catalog's contract: known indicator, declared unit."""
    shown = relative(path)
    validate_table(frame, INDICATOR_TABLE, shown, citations)
    for line, (indicator, unit) in enumerate(zip(frame["indicator"], frame["unit"]), start=2):
        if indicator not in units:
            raise DataValidationError(
                f"{shown}, line {line}, column 'indicator': rule 'indicator in catalog' failed: "
                f"{indicator!r} is not among the catalog's indicators {sorted(units)}")
        if unit != units[indicator]:
            raise DataValidationError(
                f"{shown}, line {line}, column 'unit': rule 'unit as catalogued' failed: "
                f"expected {units[indicator]!r} for {indicator}, found {unit!r}")


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    typed = frame[INDICATOR_COLUMNS].copy()
    typed["year"] = typed["year"].astype(int)
    typed["value"] = typed["value"].astype(float)
    return typed


def load_all_indicators(data_dir: Path | None = None) -> pd.DataFrame:
    """Read and validate every indicator table in the catalog (no caching)."""
    data_dir = data_dir or config.DATA_DIR
    catalog = load_catalog(data_dir / "catalog.yml")
    citations = frozenset(load_citations(data_dir / "citations.csv"))
    units = {name: spec["unit"] for name, spec in catalog["indicators"].items()}
    frames = []
    for entry in catalog["tables"].values():
        if entry["schema"] != "indicator":
            continue
        path = data_dir / entry["file"]
        frame = read_text_table(path)
        validate_indicator_table(frame, path, units, citations)
        frames.append(_typed(frame))
    combined = pd.concat(frames, ignore_index=True)
    duplicated = combined.duplicated(subset=list(INDICATOR_TABLE.key))
    if duplicated.any():
        row = combined[duplicated].iloc[0]
        raise DataValidationError(
            f"two tables give the same figure: {row['indicator']} for {row['entity']} in {row['year']}")
    return combined.sort_values(["indicator", "entity", "partner", "year"], ignore_index=True)


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

"""Reading and validating the raw snapshot as text, before anything else runs.

Tables are read with the ``csv`` module, every cell as text exactly as in the
file, and checked against their schema (``analysis.data.tables``), the
catalog's units and the citations. The schemas, and pandera with them, are
loaded only when a table is first checked, so that importing this module stays
quick; ``analysis.data`` turns the validated rows into tables.

The build validates the whole snapshot once before any chapter runs, records the data's
fingerprint in its stamp, and tells the chapters' kernels to trust that stamp (``VALIDATED_ENV``):
a process whose data still have the recorded fingerprint reads the tables without checking them
again. Anything else (a notebook opened in Jupyter, a test, a file changed since) checks every
table it reads.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
from dataclasses import dataclass, fields
from pathlib import Path

from analysis import config
from analysis.data.catalog import is_curated, load_catalog, read_text, relative
from analysis.data.schemas import DataValidationError
from analysis.files import read_text_table


def __getattr__(name: str):
    """``EVENT_SCHEMAS`` (catalog schema name -> rules for the tables other than the yearly indicator
    tables), loaded with the schemas on first use."""
    if name == "EVENT_SCHEMAS":
        from analysis.data.tables import EVENT_SCHEMAS

        return EVENT_SCHEMAS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


Rows = list[dict[str, str]]

VALIDATED_ENV = "REPORT_VALIDATION_STAMP"


def data_fingerprint(data_dir: Path | None = None) -> str:
    """A digest of every file under the data folder: its path, size and modification time."""
    data_dir = data_dir or config.DATA_DIR
    digest = hashlib.sha256()
    for path in sorted(path for path in data_dir.rglob("*") if path.is_file()):
        status = path.stat()
        digest.update(f"{path.relative_to(data_dir)}\0{status.st_size}\0{status.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def validation_record(figures: int, fingerprint: str) -> str:
    """The text of a validation stamp: written only once the data with ``fingerprint`` (taken before it was
    checked) passed validation."""
    return f"{figures} figures valid, data fingerprint {fingerprint}\n"


def trust_validation_stamp(stamp: Path) -> None:
    """Tell this process and the processes it starts to trust data whose fingerprint ``stamp`` records."""
    os.environ[VALIDATED_ENV] = str(stamp)


def already_validated(data_dir: Path | None = None) -> bool:
    """True when this process was told to trust a validation stamp that records the data as they are now."""
    stamp = os.environ.get(VALIDATED_ENV)
    if not stamp:
        return False
    try:
        recorded = Path(stamp).read_text(encoding="utf-8").split()
    except OSError:
        return False
    return data_fingerprint(data_dir) in recorded


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


def read_rows(path: Path) -> tuple[list[str], Rows]:
    """The header and the rows of a table (CSV, or Parquet of text cells), every cell as text.

    A Parquet table's rows are numbered as the lines of its CSV export (the header is line 1).
    """
    if not path.exists():
        raise DataValidationError(f"{relative(path)}: the catalog lists this table but the file does not exist")
    if path.suffix == ".parquet":
        return _parquet_rows(path)
    reader = csv.DictReader(io.StringIO(read_text(path), newline=""))
    try:
        rows = [{key: value or "" for key, value in row.items()} for row in reader]
    except csv.Error as error:
        raise DataValidationError(f"{relative(path)}, line {reader.line_num}: rule 'CSV' failed: {error}") from error
    return list(reader.fieldnames or []), rows


def _parquet_rows(path: Path) -> tuple[list[str], Rows]:
    try:
        header, rows = read_text_table(path)
    except Exception as error:  # pyarrow's errors for a damaged or foreign file
        raise DataValidationError(f"{relative(path)}: rule 'Parquet table' failed: expected a Parquet table of text "
                                  f"columns, could not read it ({type(error).__name__}: {error})") from None
    return header, [dict(zip(header, row)) for row in rows]


def load_citations(path: Path | None = None) -> dict[str, Citation]:
    """Every citation, by ``source_id``."""
    path = path or config.CITATIONS_PATH
    columns, rows = read_rows(path)
    if not already_validated(path.parent):
        from analysis.data.tables import CITATIONS_TABLE, validate_table

        validate_table(rows, columns, CITATIONS_TABLE, relative(path))
    names = [field.name for field in fields(Citation)]
    return {row["source_id"]: Citation(**{name: row[name] for name in names}) for row in rows}


def validate_indicator_rows(rows: Rows, columns: list[str], path: Path, units: dict[str, str],
                            citations: frozenset[str], curated: bool = False) -> None:
    """Schema rules (for a hand-curated table, with its second sources), then the catalog's contract: known
    indicator, declared unit."""
    from analysis.data.tables import CURATED_INDICATOR_TABLE, INDICATOR_TABLE, validate_table

    shown = relative(path)
    validate_table(rows, columns, CURATED_INDICATOR_TABLE if curated else INDICATOR_TABLE, shown, citations)
    for line, row in enumerate(rows, start=2):
        indicator, unit = row["indicator"], row["unit"]
        if indicator not in units:
            raise DataValidationError(
                f"{shown}, line {line}, column 'indicator': rule 'indicator in catalog' failed: "
                f"{indicator!r} is not among the catalog's indicators {sorted(units)}")
        if unit != units[indicator]:
            raise DataValidationError(
                f"{shown}, line {line}, column 'unit': rule 'unit as catalogued' failed: "
                f"expected {units[indicator]!r} for {indicator}, found {unit!r}")


def read_event_table(name: str, data_dir: Path | None = None) -> Rows:
    """The validated rows of one catalogued event table (such as ``vetoes``), as text."""
    data_dir = data_dir or config.DATA_DIR
    catalog = load_catalog(data_dir / "catalog.yml")
    if name not in catalog["tables"]:
        raise DataValidationError(f"the catalog lists no table {name!r}; it has {sorted(catalog['tables'])}")
    entry = catalog["tables"][name]
    path = data_dir / entry["file"]
    columns, rows = read_rows(path)
    if not already_validated(data_dir):
        from analysis.data.tables import EVENT_SCHEMAS, validate_table

        validate_table(rows, columns, EVENT_SCHEMAS[entry["schema"]], relative(path),
                       frozenset(load_citations(data_dir / "citations.csv")))
    return rows


def refuse_uncatalogued(data_dir: Path, catalog: dict) -> None:
    """Every table in ``raw/`` must be in the catalog: a table nobody described is neither used nor checked."""
    listed = {(data_dir / entry["file"]).resolve() for entry in catalog["tables"].values()}
    for path in sorted([*(data_dir / "raw").glob("*.csv"), *(data_dir / "raw").glob("*.parquet")]):
        if path.resolve() not in listed:
            raise DataValidationError(
                f"{relative(path)}: rule 'table in catalog' failed: the catalog ({relative(data_dir / 'catalog.yml')}) "
                "lists no table with this file; add an entry for it or remove the file")


def validate_snapshot(data_dir: Path | None = None, events: bool = True) -> Rows:
    """Validate every table the catalog lists (without ``events``, the indicator tables only);
    return all indicator rows (as text)."""
    from analysis.data.tables import EVENT_SCHEMAS, INDICATOR_TABLE, validate_table

    data_dir = data_dir or config.DATA_DIR
    catalog = load_catalog(data_dir / "catalog.yml")
    citations = frozenset(load_citations(data_dir / "citations.csv"))
    units = {name: spec["unit"] for name, spec in catalog["indicators"].items()}
    refuse_uncatalogued(data_dir, catalog)
    combined: Rows = []
    seen: dict[tuple[str, ...], str] = {}
    for entry in catalog["tables"].values():
        if entry["schema"] != "indicator":
            if not events:
                continue
            path = data_dir / entry["file"]
            columns, rows = read_rows(path)
            validate_table(rows, columns, EVENT_SCHEMAS[entry["schema"]], relative(path), citations)
            continue
        path = data_dir / entry["file"]
        shown = relative(path)
        columns, rows = read_rows(path)
        validate_indicator_rows(rows, columns, path, units, citations, curated=is_curated(entry))
        for row in rows:
            key = tuple(row[name] for name in INDICATOR_TABLE.unique)
            if key in seen:
                raise DataValidationError(
                    f"{shown}: rule 'one figure per key' failed: {dict(zip(INDICATOR_TABLE.unique, key))} "
                    f"is also given by {seen[key]}")
            seen[key] = shown
        combined += rows
    return combined


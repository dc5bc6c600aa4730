"""The refresh's changes to ``data/``: staged in a scratch copy, checked there, then moved in file by file.

``stage`` builds the would-be snapshot with a source's new excerpt (the excerpt, the raw table
derived from it, the catalog's release and retrieval date, the release's citation); ``check_staged``
requires every validation rule to pass and every figure of the old table to be kept; ``commit``
moves each changed file into place atomically.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path
from types import ModuleType

from analysis.data.catalog import load_catalog
from analysis.data.schemas import DataValidationError
from analysis.data.validation import read_rows, validate_snapshot
from analysis.files import write_atomically
from analysis.refresh.changes import describe_changes
from analysis.sources._fetch import Excerpt, FetchError, format_checked


def stage(source: ModuleType, excerpt_glob: str, excerpt: Excerpt, data_dir: Path, staging: Path,
          today: dt.date) -> None:
    """Build the would-be snapshot in ``staging`` (a copy of ``data_dir``) with ``source``'s new excerpt, which
    takes the place of the one matching ``excerpt_glob``."""
    shutil.copytree(data_dir, staging)
    publisher_dir = staging / "publisher"
    folder = publisher_dir / source.FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(excerpt_glob):
        old.unlink()
    (folder / excerpt.file_name).write_text(excerpt.text, encoding="utf-8")
    with format_checked():
        (staging / "raw" / source.RAW_TABLE).write_text(source.raw_table(publisher_dir), encoding="utf-8")
        release = source.release_text(publisher_dir, excerpt)
    catalog_path = staging / "catalog.yml"
    catalog = catalog_path.read_text(encoding="utf-8")
    catalog = set_catalog_field(catalog, source.CATALOG_TABLE, "release", release)
    catalog = set_catalog_field(catalog, source.CATALOG_TABLE, "retrieved", today.isoformat())
    catalog_path.write_text(catalog, encoding="utf-8")
    add_citation(staging, excerpt.citation, today)


def set_catalog_field(text: str, table: str, name: str, value: str) -> str:
    """Set one scalar field of one table entry in the catalog text, keeping everything else as it is."""
    block = re.search(rf"(?m)^  {re.escape(table)}:\n(?:(?:    .*)?\n)*", text)
    if block is None:
        raise FetchError("invalid", f"catalog has no table {table!r}")
    # the field's line and, for a folded value (>-), its more deeply indented continuation lines
    field_lines = re.compile(rf"(?m)^    {name}: .*\n(?:      .*\n)*")
    quoted = json.dumps(value, ensure_ascii=False)  # a JSON string is a valid double-quoted YAML scalar
    updated = field_lines.sub(lambda _: f"    {name}: {quoted}\n", block.group(0), count=1)
    return text[:block.start()] + updated + text[block.end():]


def add_citation(data_dir: Path, citation: dict[str, str], today: dt.date) -> None:
    """Append the new release's citation to ``citations.csv`` unless it is already there."""
    path = data_dir / "citations.csv"
    columns, rows = read_rows(path)
    if any(row["source_id"] == citation["source_id"] for row in rows):
        return
    buffer = io.StringIO()
    csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n").writerow(dict(citation, retrieved=today.isoformat()))
    with path.open("a", encoding="utf-8", newline="") as handle:
        handle.write(buffer.getvalue())


def figures(path: Path) -> dict[tuple[str, ...], str]:
    """Every figure of a raw table by its key: (indicator, entity, partner, year) -> value, or, for the
    roll calls, (rcid, country) -> vote."""
    if not path.exists():
        return {}
    columns, rows = read_rows(path)
    if "rcid" in columns:
        return {(row["rcid"], row["country"]): row["vote"] for row in rows}
    return {(row["indicator"], row["entity"], row["partner"], row["year"]): row["value"] for row in rows}


def check_staged(source: ModuleType, data_dir: Path, staging: Path) -> list[str]:
    """The staged snapshot must validate and keep every figure; return the change lines."""
    try:
        validate_snapshot(staging)
        load_catalog(staging / "catalog.yml")
    except DataValidationError as error:
        raise FetchError("invalid", f"the new data breaks a rule: {error}") from error
    old, new = figures(data_dir / "raw" / source.RAW_TABLE), figures(staging / "raw" / source.RAW_TABLE)
    lost = sorted(set(old) - set(new))
    if lost:
        raise FetchError("figures lost", f"the new file lacks {len(lost)} figures the snapshot has, e.g. {lost[0]}")
    return describe_changes(old, new)


def commit(staging: Path, data_dir: Path) -> None:
    """Move every changed file of the staged snapshot into place, each atomically."""
    for staged in sorted(staging.rglob("*")):
        if not staged.is_file():
            continue
        target = data_dir / staged.relative_to(staging)
        if target.exists() and target.read_bytes() == staged.read_bytes():
            continue
        write_atomically(target, staged.read_bytes())
    for current in sorted(data_dir.rglob("*")):
        if current.is_file() and not (staging / current.relative_to(data_dir)).exists():
            current.unlink()  # an excerpt replaced by a newer release's file

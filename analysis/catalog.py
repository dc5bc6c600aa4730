"""The data catalog (``data/catalog.yml``): what each table is and where it comes from."""

from __future__ import annotations

from pathlib import Path

import yaml

from . import config
from .schemas import DataValidationError

SCHEMA_NAMES = ("indicator", "vetoes", "unga_votes", "unga_roll_calls", "memberships", "summits", "leader_meetings",
                "exercises", "settlement_shares")

CATALOG_TABLE_FIELDS = (
    "file", "schema", "publisher", "title", "url", "licence", "release",
    "retrieved", "coverage", "coding_rules", "columns",
)


def relative(path: Path) -> str:
    """A path as shown in messages: relative to the project where possible."""
    try:
        return str(path.relative_to(config.PROJECT_ROOT))
    except ValueError:
        return str(path)


def load_catalog(path: Path | None = None) -> dict:
    """The data catalog, checked for the fields every table entry must carry."""
    path = path or config.CATALOG_PATH
    catalog = yaml.safe_load(path.read_text(encoding="utf-8"))
    for section in ("indicators", "tables"):
        if section not in catalog:
            raise DataValidationError(f"{relative(path)}: expected a '{section}' section")
    for name, entry in catalog["tables"].items():
        missing = [field for field in CATALOG_TABLE_FIELDS if field not in entry]
        if missing:
            raise DataValidationError(f"{relative(path)}: table '{name}' lacks the fields {missing}")
        if entry["schema"] not in SCHEMA_NAMES:
            raise DataValidationError(
                f"{relative(path)}: table '{name}' has schema {entry['schema']!r}, expected one of {list(SCHEMA_NAMES)}")
    return catalog

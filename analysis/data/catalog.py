"""The data catalog (``data/catalog.yml``): what each table is and where it comes from."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from analysis import config
from analysis.data.schemas import DataValidationError

SCHEMA_NAMES = ("indicator", "vetoes", "unga_votes", "unga_roll_calls", "unga_roll_call_history", "unga_roll_call_issues",
                "unga_roll_call_topics", "alliances",
                "memberships", "summits", "leader_meetings", "exercises", "settlement_shares")

CATALOG_TABLE_FIELDS = (
    "file", "schema", "publisher", "title", "url", "licence", "release",
    "retrieved", "coverage", "coding_rules", "columns",
)


# A hand-curated table (rows compiled by the project from official statements and the press, each row cited)
# states how many rows it has, how many a second, independent source confirms, and the date up to which it
# was checked for missing rows ("not checked" where it was not).
CURATED_TABLE_FIELDS = ("rows", "confirmed_twice", "completeness_checked_to")
NOT_CHECKED = "not checked"


def is_curated(entry: dict) -> bool:
    """Whether a catalog table entry describes a hand-curated table (one carrying second sources)."""
    return any(field in entry for field in CURATED_TABLE_FIELDS)


def _curated_problem(entry: dict) -> str | None:
    missing = [field for field in CURATED_TABLE_FIELDS if field not in entry]
    if missing:
        return f"lacks the fields {missing} a curated table carries"
    rows, twice, checked = (entry[field] for field in CURATED_TABLE_FIELDS)
    if not (isinstance(rows, int) and isinstance(twice, int) and 0 <= twice <= rows):
        return f"expected whole numbers with confirmed_twice <= rows, found rows {rows!r}, confirmed_twice {twice!r}"
    if checked != NOT_CHECKED:
        try:
            date.fromisoformat(str(checked))
        except ValueError:
            return f"expected completeness_checked_to as YYYY-MM-DD or {NOT_CHECKED!r}, found {checked!r}"
    return None


def relative(path: Path) -> str:
    """A path as shown in messages: relative to the project where possible."""
    try:
        return str(path.relative_to(config.PROJECT_ROOT))
    except ValueError:
        return str(path)


def read_text(path: Path) -> str:
    """A data file's text, refusing anything that is not UTF-8 with the line and column of the first bad byte."""
    content = path.read_bytes()
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as error:
        line = content.count(b"\n", 0, error.start) + 1
        column = error.start - (content.rfind(b"\n", 0, error.start) + 1) + 1
        raise DataValidationError(
            f"{relative(path)}, line {line}, column {column}: rule 'UTF-8 text' failed: "
            f"expected UTF-8 text, found the byte 0x{content[error.start]:02x}; save the file as UTF-8") from None


# libyaml's loader where PyYAML was built with it (ten times faster), the pure-Python one otherwise.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_catalog(path: Path | None = None) -> dict:
    """The data catalog, checked for the fields every table entry must carry."""
    path = path or config.CATALOG_PATH
    try:
        catalog = yaml.load(read_text(path), Loader=SAFE_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise DataValidationError(f"{relative(path)}{where}: rule 'YAML' failed: {problem}") from None
    if not isinstance(catalog, dict):
        raise DataValidationError(f"{relative(path)}: expected a mapping with 'indicators' and 'tables', "
                                  f"found {type(catalog).__name__}")
    for section in ("indicators", "tables"):
        if section not in catalog:
            raise DataValidationError(f"{relative(path)}: expected a '{section}' section")
    for name, entry in catalog["tables"].items():
        missing = [field for field in CATALOG_TABLE_FIELDS if field not in entry]
        if missing:
            raise DataValidationError(f"{relative(path)}: table '{name}' lacks the fields {missing}")
        problem = _curated_problem(entry) if is_curated(entry) else None
        if problem:
            raise DataValidationError(f"{relative(path)}: table '{name}' {problem}")
        if entry["schema"] not in SCHEMA_NAMES:
            raise DataValidationError(
                f"{relative(path)}: table '{name}' has schema {entry['schema']!r}, expected one of {list(SCHEMA_NAMES)}")
    return catalog

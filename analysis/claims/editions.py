"""What changed since the last edition: the published ledger of the previous report set against this one.

The build keeps, beside each published report, the ledger of the edition before it
(``previous/claims.csv``): the last published ledger that differs from the one now published. The
summary compares the ledger it writes with the latest different edition, so that a rebuild of the
same data lists the same changes.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import config

PREVIOUS_FOLDER = "previous"
CHANGE_COLUMNS = ["claim", "what changed", "before", "now", "why"]


def published_ledger_path(country_a: str, country_b: str) -> Path:
    return config.REPORTS_DIR / config.pair_slug(country_a, country_b) / config.LEDGER_FILE


def previous_ledger_path(country_a: str, country_b: str) -> Path:
    return published_ledger_path(country_a, country_b).parent / PREVIOUS_FOLDER / config.LEDGER_FILE


def read_ledger(path: Path) -> pd.DataFrame | None:
    """A ledger file as text cells, or None where there is none (or it cannot be read as one)."""
    try:
        ledger = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError):
        return None
    return ledger if {"id", "verdict", "value", "sources"} <= set(ledger.columns) else None


def last_edition(current: pd.DataFrame, country_a: str, country_b: str) -> pd.DataFrame | None:
    """The latest published ledger that differs from ``current``: the published one, or the one before it."""
    for path in (published_ledger_path(country_a, country_b), previous_ledger_path(country_a, country_b)):
        found = read_ledger(path)
        if found is not None and not _same(found, current):
            return found
    return None


def _same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    columns = ["id", "verdict", "value", "sources"]
    return a[columns].astype(str).reset_index(drop=True).equals(b[columns].astype(str).reset_index(drop=True))


def _sources(cell: str) -> set[str]:
    return {source for source in str(cell).split("; ") if source}


def changes(previous: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """Each claim whose verdict or deciding value differs between two ledgers, with why: which sources came
    or went, or, with the same sources, a changed rule or computation."""
    before = previous.set_index("id")
    rows = []
    for row in current.itertuples(index=False):
        if row.id not in before.index:
            rows.append([row.id, "new claim", "", f"{row.verdict}: {row.value}".rstrip(": "), "first tested in this edition"])
            continue
        old = before.loc[row.id]
        added, removed = _sources(row.sources) - _sources(old["sources"]), _sources(old["sources"]) - _sources(row.sources)
        why = ("sources " + ", ".join(part for part in (f"{len(added)} added" if added else "",
                                                         f"{len(removed)} withdrawn" if removed else "") if part)
               if added or removed else "same sources; the rule or its computation changed")
        if old["verdict"] != row.verdict:
            rows.append([row.id, "verdict", old["verdict"], row.verdict, why])
        elif str(old["value"]) != str(row.value):
            rows.append([row.id, "deciding value", old["value"], row.value, why])
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)


def previous_for_publishing(staged: Path, published: Path) -> Path | None:
    """Which ledger to keep as the previous edition when ``staged`` replaces the report in ``published``'s
    folder: the published ledger if it differs from the staged one, else the previous edition already kept."""
    if published.is_file() and (not staged.is_file() or published.read_bytes() != staged.read_bytes()):
        return published
    kept = published.parent / PREVIOUS_FOLDER / published.name
    return kept if kept.is_file() else None

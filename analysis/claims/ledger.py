"""The claims ledger: one row per claim with the verdict its chapter computed, written as ``claims.csv``."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

import pandas as pd

from analysis import config
from analysis.claims import ChapterClaims
from analysis.claims.verdicts import INSUFFICIENT_DATA
from analysis.files import write_csv

LEDGER_COLUMNS = ["id", "claim", "pillar", "chapter", "metric", "value", "verdict", "reason", "margin", "robustness",
                  "sources"]


def build_ledger(chapters: Sequence[ChapterClaims], load_results: Callable[[str], dict | None],
                 describe_source: Callable[[str], str]) -> pd.DataFrame:
    """One row per claim from the chapters' results; missing results give 'insufficient data'.

    ``load_results(chapter)`` returns a chapter's results (or None); ``describe_source(source_id)``
    turns a source id into a short citation.
    """
    rows = []
    for chapter in chapters:
        results = load_results(chapter.chapter)
        verdicts = {item["claim_id"]: item for item in (results or {}).get("verdicts", [])}
        for claim in chapter.claims:
            found = verdicts.get(claim.id)
            if found is None:
                why = "the chapter has produced no results yet" if results is None else "the chapter does not judge it yet"
                rows.append([claim.id, claim.text, chapter.pillar, chapter.chapter, "", "", INSUFFICIENT_DATA, why, "", "",
                             ""])
                continue
            sources = "; ".join(dict.fromkeys(describe_source(source) for source in found["sources"]))
            rows.append([claim.id, claim.text, chapter.pillar, chapter.chapter, found["metric"], found["value"],
                         found["verdict"], found["reason"], found.get("margin", ""), found.get("robustness", ""),
                         sources])
    return pd.DataFrame(rows, columns=LEDGER_COLUMNS)


def ledger_path(country_a: str, country_b: str) -> Path:
    """Where the summary writes the ledger: the pair's build folder, from which the build publishes it
    together with the HTML and the PDF of the same run."""
    return config.BUILD_DIR / config.pair_slug(country_a, country_b) / config.LEDGER_FILE


def write_ledger(ledger: pd.DataFrame, path: Path) -> Path:
    """Write the ledger as CSV, atomically, with cells a spreadsheet would run as formulas neutralised."""
    rows = ledger.astype(object).where(ledger.notna(), None).itertuples(index=False, name=None)
    return write_csv(path, list(ledger.columns), rows)

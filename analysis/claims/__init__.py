"""The claims under test and the ledger that gathers every chapter's verdict on them.

The claims are the explainer's, in the project's own words; each is declared by the chapter
that judges it (its ``CLAIMS``). Each chapter writes its verdicts to a results file
(``analysis.claims.results``); the ledger reads them
all, one row per claim. A claim whose chapter has produced no results, or
whose chapter did not judge it, stands as "insufficient data".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import pandas as pd

from analysis import config
from analysis.files import write_csv
from analysis.claims.verdicts import INSUFFICIENT_DATA


@dataclass(frozen=True)
class Claim:
    """One of the explainer's claims, in our words; the chapter that judges it declares it."""

    id: str
    text: str


@dataclass(frozen=True)
class ChapterClaims:
    """The claims one chapter judges: the chapter's id, its pillar (the ledger's words) and its claims."""

    chapter: str
    pillar: str
    claims: tuple[Claim, ...]


LEDGER_FILE = "claims.csv"
LEDGER_COLUMNS = ["id", "claim", "pillar", "chapter", "metric", "value", "verdict", "reason", "sources"]


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
                rows.append([claim.id, claim.text, chapter.pillar, chapter.chapter, "", "", INSUFFICIENT_DATA, why, ""])
                continue
            sources = "; ".join(dict.fromkeys(describe_source(source) for source in found["sources"]))
            rows.append([claim.id, claim.text, chapter.pillar, chapter.chapter, found["metric"], found["value"],
                         found["verdict"], found["reason"], sources])
    return pd.DataFrame(rows, columns=LEDGER_COLUMNS)


def ledger_path(country_a: str, country_b: str) -> Path:
    """Where the summary writes the ledger: the pair's build folder, from which the build publishes it
    together with the HTML and the PDF of the same run."""
    return config.BUILD_DIR / config.pair_slug(country_a, country_b) / LEDGER_FILE


def write_ledger(ledger: pd.DataFrame, path: Path) -> Path:
    """Write the ledger as CSV, atomically, with cells a spreadsheet would run as formulas neutralised."""
    rows = ledger.astype(object).where(ledger.notna(), None).itertuples(index=False, name=None)
    return write_csv(path, list(ledger.columns), rows)

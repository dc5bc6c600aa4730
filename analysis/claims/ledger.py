"""The claims ledger: one row per claim with the verdict its chapter computed, written as ``claims.csv``,
with ``sources.csv`` beside it: one row per source id the ledger names, resolved to its citation."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Sequence

import pandas as pd

from analysis import config
from analysis.claims import ChapterClaims
from analysis.claims.verdicts import INSUFFICIENT_DATA, history_runs
from analysis.data.validation import Citation, load_citations
from analysis.files import write_csv

LEDGER_COLUMNS = ["id", "claim", "pillar", "chapter", "metric", "value", "verdict", "reason", "margin", "robustness",
                  "history", "sources"]


def build_ledger(chapters: Sequence[ChapterClaims], load_results: Callable[[str], dict | None]) -> pd.DataFrame:
    """One row per claim from the chapters' results; missing results give 'insufficient data'.

    ``load_results(chapter)`` returns a chapter's results (or None). The sources are source ids, which
    ``sources.csv`` resolves.
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
                             "", ""])
                continue
            sources = "; ".join(dict.fromkeys(found["sources"]))
            rows.append([claim.id, claim.text, chapter.pillar, chapter.chapter, found["metric"], found["value"],
                         found["verdict"], found["reason"], found.get("margin", ""), found.get("robustness", ""),
                         history_runs(found.get("history", [])), sources])
    return pd.DataFrame(rows, columns=LEDGER_COLUMNS)


def ledger_path(country_a: str, country_b: str) -> Path:
    """Where the summary writes the ledger: the pair's build folder, from which the build publishes it
    together with the HTML and the PDF of the same run."""
    return config.BUILD_DIR / config.pair_slug(country_a, country_b) / config.LEDGER_FILE


SOURCE_COLUMNS = ["source_id", "publisher", "title", "locator", "url", "release"]


def source_rows(ledger: pd.DataFrame, citations: dict[str, Citation], also: Iterable[str] = ()) -> list[list[str]]:
    """One row per source id the ledger names, in the order first named, then the ids in ``also`` (the
    sources of the report's figures) in order; an id without a citation keeps its row with the other
    fields empty."""
    named = dict.fromkeys([source for cell in ledger["sources"] for source in str(cell).split("; ") if source]
                          + sorted(also))
    rows = []
    for source in named:
        citation = citations.get(source)
        rows.append([source, *(getattr(citation, field) for field in SOURCE_COLUMNS[1:])] if citation
                    else [source] + [""] * (len(SOURCE_COLUMNS) - 1))
    return rows


def write_ledger(ledger: pd.DataFrame, path: Path, citations: dict[str, Citation] | None = None,
                 also: Iterable[str] = ()) -> Path:
    """Write the ledger as CSV and beside it the sources it names and those in ``also``, atomically, with
    cells a spreadsheet would run as formulas neutralised."""
    rows = ledger.astype(object).where(ledger.notna(), None).itertuples(index=False, name=None)
    write_csv(path.with_name(config.SOURCES_FILE), SOURCE_COLUMNS,
              source_rows(ledger, load_citations() if citations is None else citations, also))
    return write_csv(path, list(ledger.columns), rows)

"""Each chapter's machine-readable results: its verdicts and headline figures.

The executive summary and the claims ledger read these files. They are
rewritten only when their content changes, so that an unchanged chapter
does not make the summary look out of date.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Mapping, Sequence

from analysis import config
from analysis.files import write_atomically
from analysis.claims.verdicts import Verdict


def results_path(chapter: str, country_a: str, country_b: str) -> Path:
    return config.BUILD_DIR / config.pair_slug(country_a, country_b) / "results" / f"{chapter}.json"


def chapter_results(chapter: str, country_a: str, country_b: str, verdicts: Sequence[Verdict],
                    headline: Mapping[str, object], sources: Mapping[str, Sequence[str]] | None = None) -> dict:
    """The results file's content; ``sources`` names the source ids behind each of the chapter's figures."""
    return {
        "chapter": chapter,
        "pair": [country_a, country_b],
        "verdicts": [verdict.as_dict() for verdict in verdicts],
        "headline": dict(headline),
        "sources": {name: sorted(set(ids)) for name, ids in (sources or {}).items()},
    }


def save_chapter_results(chapter: str, country_a: str, country_b: str, verdicts: Sequence[Verdict],
                         headline: Mapping[str, object], sources: Mapping[str, Sequence[str]] | None = None) -> Path:
    """Write the chapter's results file (only if its content changed) and return its path."""
    path = results_path(chapter, country_a, country_b)
    text = json.dumps(chapter_results(chapter, country_a, country_b, verdicts, headline, sources),
                      indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        write_atomically(path, text.encode("utf-8"))
    return path


def load_chapter_results(chapter: str, country_a: str, country_b: str) -> dict | None:
    """A chapter's results, or None if the chapter has not produced any."""
    path = results_path(chapter, country_a, country_b)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None

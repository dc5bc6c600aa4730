"""The claims under test and the ledger that gathers every chapter's verdict on them.

The claims are the explainer's, in the project's own words. Each chapter writes
its verdicts to a results file (``analysis.results``); the ledger reads them
all, one row per claim. A claim whose chapter has produced no results, or
whose chapter did not judge it, stands as "insufficient data".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from analysis import config
from analysis.files import write_csv
from analysis.claims.verdicts import INSUFFICIENT_DATA


@dataclass(frozen=True)
class Claim:
    id: str
    pillar: str
    chapter: str
    text: str


CLAIMS: tuple[Claim, ...] = (
    Claim("E1", "economy", "01_economy", "China has become a crucial market for Russian energy as Russia turns away from Europe"),
    Claim("E2", "economy", "01_economy", "Big oil and gas deals and long pipelines (Power of Siberia) feed China's industry"),
    Claim("E3", "economy", "01_economy", "Bilateral trade has been soaring"),
    Claim("E4", "economy", "01_economy", "The two increasingly settle trade in rubles and yuan to bypass the dollar and Western finance"),
    Claim("E5", "economy", "01_economy", "Economic interdependence gives both sides a stake in stability"),
    Claim("E6", "economy", "01_economy", "Trade now spans farm goods, manufactures and raw materials"),
    Claim("M1", "military", "02_military", "Joint exercises are more frequent and more complex"),
    Claim("M2", "military", "02_military", "Russia supplies military hardware and know-how to China"),
    Claim("M3", "military", "02_military", "Their combined military capabilities are formidable"),
    Claim("D1", "diplomacy", "03_diplomacy", "They often align in the UN Security Council to block Western-backed drafts"),
    Claim("D2", "diplomacy", "03_diplomacy", "They vote together at the UN"),
    Claim("D3", "diplomacy", "03_diplomacy", "They build alternative institutions (SCO, BRICS)"),
    Claim("D4", "diplomacy", "03_diplomacy", "They are aligned on the war in Ukraine"),
    Claim("D5", "diplomacy", "03_diplomacy", "Leaders' meetings are frequent and regular"),
    Claim("G1", "geopolitics", "04_geopolitics", "Their combined population, output and military might make them globally consequential"),
    Claim("G2", "geopolitics", "04_geopolitics", "They push toward a multipolar world less dominated by the West"),
    Claim("O1", "outlook", "05_outlook", "China's economy dwarfs Russia's"),
    Claim("O2", "outlook", "05_outlook", "Russia risks becoming too dependent on China"),
    Claim("O3", "outlook", "05_outlook", "The partnership will probably deepen further"),
)

LEDGER_FILE = "claims.csv"
LEDGER_COLUMNS = ["id", "claim", "pillar", "chapter", "metric", "value", "verdict", "reason", "sources"]


def build_ledger(load_results: Callable[[str], dict | None], describe_source: Callable[[str], str]) -> pd.DataFrame:
    """One row per claim from the chapters' results; missing results give 'insufficient data'.

    ``load_results(chapter)`` returns a chapter's results (or None); ``describe_source(source_id)``
    turns a source id into a short citation.
    """
    cache: dict[str, dict | None] = {}
    rows = []
    for claim in CLAIMS:
        if claim.chapter not in cache:
            cache[claim.chapter] = load_results(claim.chapter)
        results = cache[claim.chapter]
        verdicts = {item["claim_id"]: item for item in (results or {}).get("verdicts", [])}
        found = verdicts.get(claim.id)
        if found is None:
            why = "the chapter has produced no results yet" if results is None else "the chapter does not judge it yet"
            rows.append([claim.id, claim.text, claim.pillar, claim.chapter, "", "", INSUFFICIENT_DATA, why, ""])
            continue
        sources = "; ".join(dict.fromkeys(describe_source(source) for source in found["sources"]))
        rows.append([claim.id, claim.text, claim.pillar, claim.chapter, found["metric"], found["value"],
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

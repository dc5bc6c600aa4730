"""The executive summary: the findings, the claims ledger, what changed since the last edition and the
headline figures; ``sources`` groups what the report rests on for its appendix.

It reads the other chapters' results files, so the build runs it after them.
"""

from __future__ import annotations

import importlib
from types import ModuleType

import pandas as pd

from analysis import claims
from analysis.claims.ledger import build_ledger
from analysis.chapters import EVERY_TABLE, chapter_named, pillar_chapters
from analysis.chapters import diplomacy, economy, geopolitics, military, outlook
from analysis.claims import editions, results
from analysis.config import entity_name
from analysis.claims.verdicts import INSUFFICIENT_DATA, NOT_SUPPORTED, PARTLY_SUPPORTED, SUPPORTED


TABLES = (EVERY_TABLE,)


def chapter_claims(country_a: str = claims.EXPLAINER_PAIR[0],
                   country_b: str = claims.EXPLAINER_PAIR[1]) -> list[claims.ChapterClaims]:
    """The claims each pillar chapter declares, in report order, stated about the pair."""
    return [claims.ChapterClaims(chapter.id, chapter.name,
                                 tuple(claim.stated_for(country_a, country_b)
                                       for claim in importlib.import_module(chapter.package).CLAIMS))
            for chapter in pillar_chapters()]


def ledger(country_a: str, country_b: str) -> pd.DataFrame:
    """Every claim with the verdict its chapter computed for this pair."""
    return build_ledger(chapter_claims(country_a, country_b), lambda chapter: results.load_chapter_results(chapter, country_a, country_b))


EXPLAINER = ("A widely read explainer describes Russia and China as partners bound ever more tightly: in trade, "
             "energy and finance, in military cooperation, in diplomacy and in their weight in the world, and it "
             "expects the bond to deepen although China's economy is far larger.")


def introduction(country_a: str, country_b: str) -> str:
    """The report's opening: the explainer's claims, and the pair they are tested on."""
    a, b = entity_name(country_a), entity_name(country_b)
    if (country_a, country_b) == claims.EXPLAINER_PAIR:
        applied = "This report restates each of those claims in its own words and tests it against public data."
    else:
        applied = (f"This report applies each of those claims, in its own words, to {a} and {b}, with {a} in "
                   f"Russia's place and {b} in China's, and tests it against public data.")
    return (f"{EXPLAINER} {applied} Every verdict is computed by a rule whose thresholds are stated in the chapter "
            "that applies it, and every figure comes from a named release of its publisher. Where the data a claim "
            "needs are missing, the verdict says so instead of guessing.")


def overview(table: pd.DataFrame) -> str:
    """One sentence counting the verdicts."""
    counts = table["verdict"].value_counts()
    parts = [f"{counts.get(verdict, 0)} {verdict}" for verdict in (SUPPORTED, PARTLY_SUPPORTED, NOT_SUPPORTED)]
    return (f"Of the {len(table)} claims, " + ", ".join(parts) + f"; {counts.get(INSUFFICIENT_DATA, 0)} cannot be "
            "judged from the data at hand (insufficient data).")


def _counted(verdicts: pd.Series) -> str:
    """'supported 4, partly supported 3, insufficient data 1': a pillar's verdicts, the verdict named first (so
    that the report's only 'N supported' figures are the totals of the overview)."""
    counts = verdicts.value_counts()
    return ", ".join(f"{verdict} {counts[verdict]}" for verdict in
                     (SUPPORTED, PARTLY_SUPPORTED, NOT_SUPPORTED, INSUFFICIENT_DATA) if counts.get(verdict))


def findings(table: pd.DataFrame) -> list[tuple[str, str]]:
    """One finding per pillar: (pillar, sentence) with the verdicts' count and the deciding evidence of the
    pillar's first judged claim, its number included."""
    found = []
    for pillar, claims_of in table.groupby("pillar", sort=False):
        judged = claims_of[(claims_of["verdict"] != INSUFFICIENT_DATA) & (claims_of["value"] != "")]
        sentence = f"{len(claims_of)} claims: {_counted(claims_of['verdict'])}."
        if not judged.empty:
            lead = judged.iloc[0]
            sentence += f" {lead['id']} {lead['verdict']}, on {lead['metric']}: {lead['value']}."
        found.append((pillar.capitalize(), sentence))
    return found


def what_changed(table: pd.DataFrame, country_a: str, country_b: str) -> tuple[pd.DataFrame | None, str]:
    """The claims whose verdict or deciding value changed since the last edition published (None where
    there is no earlier edition), and a sentence that says so."""
    previous = editions.last_edition(table, country_a, country_b)
    if previous is None:
        if editions.published_ledger_path(country_a, country_b).is_file():
            return None, "No verdict or deciding value changed since the last edition."
        return None, "No earlier edition of this report has been published from this folder, so nothing is compared."
    changed = editions.changes(previous, table)
    if changed.empty:
        return None, "No verdict or deciding value changed since the last edition."
    count = f"{len(changed)} claim{'s' if len(changed) != 1 else ''}"
    return changed, f"{count} changed verdict or deciding value since the last edition."


def _figure(country_a: str, country_b: str, chapter: ModuleType, key: str) -> dict | None:
    found = results.load_chapter_results(chapter_named(chapter.__name__).id, country_a, country_b)
    return (found or {}).get("headline", {}).get(key)


def headline_items(country_a: str, country_b: str) -> list[tuple[str, str, str]]:
    """(label, value, note) tiles for the headline panel; an empty value marks a figure not yet available."""

    def share(chapter: ModuleType, key: str) -> tuple[str, str]:
        item = _figure(country_a, country_b, chapter, key)
        return (f"{item['value'] * 100:.1f} %", f"latest year {item['year']}") if item else ("", "")

    def times(chapter: ModuleType, key: str) -> tuple[str, str]:
        item = _figure(country_a, country_b, chapter, key)
        return (f"{item['value']:.1f}×", f"latest year {item['year']}") if item else ("", "")

    pair_milex = _figure(country_a, country_b, geopolitics, "milex_usd_pair")
    milex = (f"US${pair_milex['value'] / 1e9:,.0f} bn", f"{pair_milex['year']}, SIPRI") if pair_milex else ("", "")
    trade = _figure(country_a, country_b, economy, "trade_usd")
    gas = _figure(country_a, country_b, economy, "pipeline_gas_m3")
    vetoes = _figure(country_a, country_b, diplomacy, "joint_vetoes")
    exercises = _figure(country_a, country_b, military, "exercises_per_year")
    return [
        ("Bilateral trade", *((f"US${trade['value'] / 1e9:,.0f} bn", f"{trade['year']}") if trade else ("", ""))),
        ("Pipeline gas between the two", *((f"{gas['value'] / 1e9:.1f} bcm", f"{gas['year']}") if gas else ("", ""))),
        (size_label(country_a, country_b), *times(outlook, "size_ratio_gdp_ppp_usd")),
        ("Combined share of world GDP, PPP", *share(geopolitics, "world_share_gdp_ppp_usd")),
        ("Combined military spending", *milex),
        ("Joint vetoes in the Security Council", *((str(vetoes["value"]), f"since {vetoes['since']}") if vetoes else ("", ""))),
        ("Joint exercises a year", *((f"{exercises['value']:.1f}", f"{exercises['period']}") if exercises else ("", ""))),
    ]


def size_label(country_a: str, country_b: str) -> str:
    sizes = results.load_chapter_results(chapter_named(outlook.__name__).id, country_a, country_b) or {}
    larger, smaller = (sizes.get("headline", {}).get(key) for key in ("larger", "smaller"))
    if not larger:
        return "GDP of the larger economy over the smaller's, at PPP"
    return f"GDP of {entity_name(larger)} over {entity_name(smaller)}'s, at PPP"

"""The executive summary: the claims ledger, the headline figures and the data vintages.

It reads the other chapters' results files (so the build runs it after them) and every table of
the catalog (for the data vintages).
"""

from __future__ import annotations

import importlib
import re
from types import ModuleType

import pandas as pd

from analysis import claims, config
from analysis.claims.ledger import build_ledger
from analysis.chapters import EVERY_TABLE, chapter_named, pillar_chapters
from analysis.chapters import diplomacy, economy, geopolitics, military, outlook
from analysis.claims import results
from analysis.config import entity_name
from analysis.data.load import load_citations
from analysis.data.catalog import load_catalog
from analysis.data.validation import read_rows
from analysis.claims.verdicts import INSUFFICIENT_DATA, NOT_SUPPORTED, PARTLY_SUPPORTED, SUPPORTED


TABLES = (EVERY_TABLE,)


def chapter_claims() -> list[claims.ChapterClaims]:
    """The claims each pillar chapter declares, in report order."""
    return [claims.ChapterClaims(chapter.id, chapter.name, importlib.import_module(chapter.package).CLAIMS)
            for chapter in pillar_chapters()]


def ledger(country_a: str, country_b: str) -> pd.DataFrame:
    """Every claim with the verdict its chapter computed for this pair."""
    return build_ledger(chapter_claims(), lambda chapter: results.load_chapter_results(chapter, country_a, country_b))


def overview(table: pd.DataFrame) -> str:
    """One sentence counting the verdicts."""
    counts = table["verdict"].value_counts()
    parts = [f"{counts.get(verdict, 0)} {verdict}" for verdict in (SUPPORTED, PARTLY_SUPPORTED, NOT_SUPPORTED)]
    return (f"Of the {len(table)} claims, " + ", ".join(parts) + f"; {counts.get(INSUFFICIENT_DATA, 0)} cannot be "
            "judged yet from the data in this snapshot (insufficient data).")


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


def data_as_of() -> str:
    """Which releases the report rests on: the newest and oldest statistical release, and how recent the event records are."""
    citations = load_citations()
    catalog = load_catalog()
    statistical, latest_event = [], ""
    for entry in catalog["tables"].values():
        _, rows = read_rows(config.DATA_DIR / entry["file"])
        if entry["schema"] == "indicator":
            statistical += [citations[row["source_id"]] for row in rows]
        else:
            latest_event = max([latest_event] + [row.get("date") or row.get("start_date") or row.get("joined", "")
                                                 for row in rows])
    dated = sorted({c.release: c for c in statistical if re.fullmatch(r"\d{4}-\d{2}-\d{2}", c.release)}.values(),
                   key=lambda c: c.release)
    # Press reports are named once, as such, rather than one by one.
    editions = sorted({f"{c.title}, {c.release}" for c in statistical if c not in dated and c.release != "press report"})
    press = sorted({c.title for c in statistical if c.release == "press report"})
    parts = []
    if dated:
        newest, oldest = dated[-1], dated[0]
        parts.append(f"Statistical data as of {newest.release}: the newest release used is {newest.publisher}'s "
                     f"{newest.title}, {newest.locator.split(';')[0]} ({newest.release}); the oldest is "
                     f"{oldest.locator.split(';')[0]} ({oldest.release}).")
    if editions:
        parts.append("Editions used: " + "; ".join(editions) + ".")
    if press:
        parts.append("Figures from press reports of official data: " + "; ".join(press) + ".")
    if latest_event:
        parts.append(f"The event records (votes, memberships, summits, meetings, exercises) run to {latest_event}.")
    return " ".join(parts)

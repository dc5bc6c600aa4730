"""Global weight of the pair (claims G1 and G2).

G1: the pair's combined population, output and military spending make it
globally consequential. Measured as the pair's combined share of the world
total of each measure in the latest year with data.

G2: the pair pushes toward a world less dominated by the West. Data cannot
measure intent; it can measure the economic weight that would make such a
push effective: the pair's combined GDP as a fraction of the Western group's,
and how that fraction moved over the last two decades."""

from __future__ import annotations

from typing import Sequence

import pandas as pd

from analysis.data.indicators import missing_years, wide
from analysis.chapters.geopolitics.measures import (MILEX_LEVELS, WEIGHT_MEASURES, chapter_groups,
                                                    entities_needed, gdp_ratio_to_west, Group, latest_shares,
                                                    sources_of, spending_against, GeopoliticsResult, world_shares)
from analysis.chapters.geopolitics.rules import verdict_g1, verdict_g2
from analysis.chapters.geopolitics.views import headline
from analysis.chapters.geopolitics.measures import ECONOMIC_MEASURES, RATIO_LABELS
from analysis.chapters import with_history
from analysis.claims import Claim
from analysis.data.load import load_indicators
from analysis.params import ReportParameters

__all__ = ["CLAIMS", "ECONOMIC_MEASURES", "RATIO_LABELS", "TABLES", "WEIGHT_MEASURES", "analyse", "compute", "GeopoliticsResult", "headline"]

# The World Bank's population and output, and SIPRI's military expenditure.
TABLES = ("wdi", "sipri_milex")

CLAIMS = (
    Claim("G1", "Their combined population, output and military might make them globally consequential"),
    Claim("G2", "They push toward a multipolar world less dominated by the West"),
)


def analyse(parameters: ReportParameters) -> GeopoliticsResult:
    """The chapter for the pair, from the snapshot's tables, with each verdict's history."""
    indicators = load_indicators(TABLES)
    a, b, start, comparators = parameters.country_a, parameters.country_b, parameters.start_year, parameters.comparators
    return with_history(compute(indicators, a, b, start, parameters.end_year, comparators),
                        lambda year: compute(indicators, a, b, start, year, comparators).verdicts, parameters.end_year)


def compute(indicators: pd.DataFrame, country_a: str, country_b: str, start_year: int, end_year: int,
            comparators: Sequence[str]) -> GeopoliticsResult:
    """Shares of the world, the pair/West GDP ratio and the verdicts for G1 and G2."""
    groups = chapter_groups(country_a, country_b, comparators)
    pair, west = groups[0], groups[1]
    entities = entities_needed(groups)
    used = indicators[indicators["indicator"].isin([*WEIGHT_MEASURES, MILEX_LEVELS]) & indicators["entity"].isin(entities)
                      & indicators["year"].between(start_year, end_year) & (indicators["partner"] == "")]
    source_ids = sorted(used["source_id"].unique())
    by_measure = {measure: sorted(rows["source_id"].unique()) for measure, rows in used.groupby("indicator")}
    shares = world_shares(indicators, groups, start_year, end_year)
    latest = latest_shares(shares)
    ratios = gdp_ratio_to_west(indicators, pair, west, start_year, end_year)
    gaps = {measure: missing_years(wide(indicators, measure, entities, start_year, end_year), start_year, end_year)
            for measure in WEIGHT_MEASURES}
    pair_latest = latest[latest["group"] == pair.label]
    pair_shares = {row.measure: (float(row.share), int(row.year)) for row in pair_latest.itertuples()}
    pair_shares = {measure: pair_shares[measure] for measure in WEIGHT_MEASURES if measure in pair_shares}
    verdicts = [verdict_g1(pair_shares, source_ids), verdict_g2(ratios, source_ids)]
    spending = spending_against(indicators, pair, Group("United States", ("USA",), "usa"), end_year)
    sources = {"shares": sources_of(by_measure, list(WEIGHT_MEASURES)), "ratios": sources_of(by_measure, ECONOMIC_MEASURES),
               "all": source_ids}
    return GeopoliticsResult(groups, shares, latest, ratios, sources, gaps, verdicts, spending)

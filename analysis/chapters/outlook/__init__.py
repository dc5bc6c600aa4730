"""The outlook: the size gap (O1), the asymmetry of dependence (O2) and simple projections (O3).

Projections here are trends carried forward, not forecasts: a straight line is
fitted to the logarithm of a series over a recent window (ordinary least
squares), extended a few years, and given a prediction interval from the
fit's own scatter (Student's t). They say where a series goes if it keeps its
recent pace, and how uncertain even that is; shocks, sanctions and policy are
not in them."""

from __future__ import annotations

import pandas as pd

from analysis.config import entity_name
from analysis.data.indicators import wide
from analysis.chapters.outlook.measures import (BILATERAL_TRADE, ECONOMIC_MEASURES, PROJECTED_SERIES,
                                                OutlookResult, partnership_series, project, size_ratio,
                                                trade_share)
from analysis.chapters.outlook.rules import verdict_o1, verdict_o2, verdict_o3
from analysis.chapters.outlook.views import headline
from analysis.chapters.economy.measures import CRUDE, WORLD_FLOWS, official_record_first
from analysis.chapters.outlook.rules import O1_DWARF_RATIO
from analysis.chapters import with_history
from analysis.claims import Claim
from analysis.data.load import load_indicators
from analysis.params import ReportParameters

__all__ = ["CLAIMS", "ECONOMIC_MEASURES", "O1_DWARF_RATIO", "TABLES", "analyse", "compute", "headline", "OutlookResult"]

# The World Bank's output, the pair's trade as each record gives it, and the crude oil deliveries.
TABLES = ("wdi", "trade", "imf_dots", "comtrade", "energy")

CLAIMS = (
    Claim("O1", "{b}'s economy dwarfs {a}'s"),
    Claim("O2", "{a} risks becoming too dependent on {b}"),
    Claim("O3", "The partnership will probably deepen further"),
)


def analyse(parameters: ReportParameters) -> OutlookResult:
    """The chapter for the pair, from the snapshot's tables, with each verdict's history."""
    indicators = load_indicators(TABLES)
    a, b, start = parameters.country_a, parameters.country_b, parameters.start_year
    return with_history(compute(indicators, a, b, start, parameters.end_year),
                        lambda year: compute(indicators, a, b, start, year).verdicts, parameters.end_year)


def compute(indicators: pd.DataFrame, country_a: str, country_b: str, start_year: int, end_year: int
            ) -> OutlookResult:
    """The size gap, the dependence asymmetry and the projections, with verdicts O1–O3."""
    indicators = official_record_first(indicators[indicators["year"] <= end_year])
    gdp = wide(indicators, "gdp_usd", [country_a, country_b], start_year, end_year)
    latest = gdp.dropna()
    larger, smaller = (country_b, country_a)
    if not latest.empty and latest[country_a].iloc[-1] > latest[country_b].iloc[-1]:
        larger, smaller = country_a, country_b
    used = indicators[indicators["indicator"].isin(list(ECONOMIC_MEASURES)) & indicators["entity"].isin(
        [country_a, country_b]) & indicators["year"].between(start_year, end_year)]
    source_ids = sorted(used["source_id"].unique())
    ratios = size_ratio(indicators, larger, smaller, start_year, end_year)
    projection = project(ratios["gdp_ppp_usd"]) if "gdp_ppp_usd" in ratios else None
    pair = [country_a, country_b]
    trade_ids = sorted(indicators.loc[(indicators["indicator"].isin([BILATERAL_TRADE, *WORLD_FLOWS]))
                                      & indicators["entity"].isin(pair), "source_id"].unique())
    flows = partnership_series(indicators, country_a, country_b, start_year, end_year)
    flow_projections = {name: project(series) for name, series in flows.items()}
    between_pair = indicators["entity"].isin(pair) & indicators["partner"].isin(pair)
    flow_ids = {name: sorted(indicators.loc[(indicators["indicator"] == indicator) & between_pair, "source_id"].unique())
                for name, indicator in (("bilateral trade", BILATERAL_TRADE), ("crude oil", CRUDE))}
    share_b_in_a, share_a_in_b = trade_share(indicators, country_a, country_b), trade_share(indicators, country_b, country_a)
    shares = pd.DataFrame({"b_in_a": share_b_in_a, "a_in_b": share_a_in_b}).dropna()
    verdicts = [
        verdict_o1(ratios, entity_name(larger), entity_name(smaller), source_ids),
        verdict_o2(share_b_in_a, share_a_in_b, entity_name(country_a), entity_name(country_b), trade_ids),
        verdict_o3(flow_projections, PROJECTED_SERIES, sorted({i for ids in flow_ids.values() for i in ids})),
    ]
    return OutlookResult(country_a, country_b, larger, smaller, ratios, projection, flow_projections, verdicts,
                         shares, {"size": source_ids, "asymmetry": trade_ids, **flow_ids})

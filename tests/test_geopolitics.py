"""The global-weight chapter: shares, ratios and the G1/G2 rules at their thresholds."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import config

from analysis.chapters import geopolitics as geo
from analysis.chapters.geopolitics import measures as geo_measures, rules as geo_rules, views as geo_views
from analysis.claims.verdicts import INSUFFICIENT_DATA, NOT_SUPPORTED, PARTLY_SUPPORTED, SUPPORTED

T = geo_rules.G1_SHARE_THRESHOLD


def shares(*values):
    return {measure: (value, 2023) for measure, value in zip(geo.WEIGHT_MEASURES, values)}


@pytest.mark.parametrize("values,expected", [
    ((T, T, T, T), SUPPORTED),                       # exactly at the threshold counts
    ((T, T, T, T - 0.001), PARTLY_SUPPORTED),
    ((T, T, T - 0.001, T - 0.001), PARTLY_SUPPORTED),  # the partly threshold: two measures
    ((T, T - 0.001, T - 0.001, T - 0.001), NOT_SUPPORTED),
    ((0.5, 0.5), INSUFFICIENT_DATA),                  # fewer than three measures with data
])
def test_g1_rule_at_its_thresholds(values, expected):
    assert geo_rules.verdict_g1(shares(*values), ["s"]).verdict == expected


def ratio_frame(ppp_change, nominal_change, start=2003):
    end = start + geo_rules.G2_WINDOW_YEARS
    return pd.DataFrame({"gdp_ppp_usd": {start: 0.5, end: 0.5 + ppp_change},
                         "gdp_usd": {start: 0.2, end: 0.2 + nominal_change}})


@pytest.mark.parametrize("ppp,nominal,expected", [
    (geo_rules.G2_MIN_RISE, geo_rules.G2_MIN_RISE, SUPPORTED),
    (geo_rules.G2_MIN_RISE, geo_rules.G2_MIN_RISE - 0.01, PARTLY_SUPPORTED),
    (geo_rules.G2_MIN_RISE - 0.01, -0.2, NOT_SUPPORTED),
])
def test_g2_rule_at_its_thresholds(ppp, nominal, expected):
    assert geo_rules.verdict_g2(ratio_frame(ppp, nominal), ["s"]).verdict == expected


def test_g2_needs_a_full_window():
    short = pd.DataFrame({"gdp_ppp_usd": {2020: 0.5, 2023: 0.9}, "gdp_usd": {2020: 0.2, 2023: 0.5}})
    assert geo_rules.verdict_g2(short, ["s"]).verdict == INSUFFICIENT_DATA


def test_rules_quote_their_thresholds():
    verdict = geo_rules.verdict_g1(shares(0.2, 0.2, 0.2, 0.2), ["s"])
    assert "10 %" in verdict.rule
    assert f"{geo_rules.G2_MIN_RISE:.2f}" in geo_rules.verdict_g2(ratio_frame(0.3, 0.3), ["s"]).rule


def weight_table():
    """Two members, a G7 of seven equal members and a world, over two years."""
    rows = []
    for measure in geo.WEIGHT_MEASURES:
        for year in range(2000, 2021):
            rows += [(measure, "RUS", year, 10.0), (measure, "CHN", year, 30.0 if year == 2020 else 10.0),
                     (measure, "WLD", year, 200.0), (measure, "IND", year, 20.0)]
            rows += [(measure, code, year, 10.0) for code in config.WESTERN_GROUP]
    frame = pd.DataFrame(rows, columns=["indicator", "entity", "year", "value"])
    frame["partner"], frame["unit"], frame["source_id"] = "", "u", "s"
    return frame


def test_world_shares_and_ratio_to_the_west():
    analysis = geo.compute(weight_table(), "RUS", "CHN", 2000, 2020, ["USA", "IND"])
    assert [group.label for group in analysis.groups] == ["Russia + China", "G7", "United States", "India"]
    pair_2020 = analysis.shares[(analysis.shares["group"] == "Russia + China") & (analysis.shares["year"] == 2020)]
    assert pair_2020["share"].tolist() == [0.2] * 4
    g7_2000 = analysis.shares[(analysis.shares["group"] == "G7") & (analysis.shares["year"] == 2000)]
    assert g7_2000["share"].tolist() == [0.35] * 4
    assert analysis.ratios.loc[2020, "gdp_ppp_usd"] == pytest.approx(40 / 70)
    assert analysis.verdicts[0].verdict == SUPPORTED
    assert geo_views.gap_statement(analysis).startswith("Every figure")
    assert analysis.spending is None  # no SIPRI levels in this table
    assert analysis.sources["ratios"] == ["s"]
    assert geo_measures.sources_of({"gdp_usd": ["s"]}, ["gdp_usd"]) == ["s"]
    assert geo_measures.sources_of({"gdp_usd": ["s"]}, ["no such measure"]) == []


def test_spending_levels_use_the_latest_year_with_every_figure():
    table = weight_table()
    levels = pd.DataFrame({"indicator": "milex_usd", "entity": ["RUS", "CHN", "USA", "RUS", "CHN"],
                           "year": [2019, 2019, 2019, 2020, 2020], "value": [1.0, 2.0, 6.0, 1.5, 2.5],
                           "partner": "", "unit": "USD", "source_id": "s"})
    analysis = geo.compute(pd.concat([table, levels]), "RUS", "CHN", 2000, 2020, ["USA"])
    assert analysis.spending == (2019, 3.0, 6.0)  # 2020 lacks the US figure
    assert "0.50 times the United States'" in geo_views.key_findings(analysis)


def test_a_missing_member_figure_is_reported_not_filled():
    table = weight_table()
    table = table[~((table["entity"] == "CHN") & (table["indicator"] == "milex_wdi_usd") & (table["year"] == 2000))]
    analysis = geo.compute(table, "RUS", "CHN", 2000, 2020, ["USA"])
    milex = analysis.shares[(analysis.shares["measure"] == "milex_wdi_usd")
                            & (analysis.shares["group"] == "Russia + China")]
    missing = milex.set_index("year")["share"].isna()
    assert missing.loc[2000] and not missing.loc[2001:].any()
    assert "military spending for China in 2000" in geo_views.gap_statement(analysis)

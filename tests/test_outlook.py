"""The outlook's rules and its projection method on series with known answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.chapters.outlook import measures as outlook_measures, rules as outlook_rules
from analysis.claims.verdicts import INSUFFICIENT_DATA, NOT_SUPPORTED, PARTLY_SUPPORTED, SUPPORTED


def test_projection_recovers_a_known_exponential_trend():
    years = np.arange(2000, 2021)
    series = pd.Series(100 * 1.05 ** (years - 2000), index=years)
    projection = outlook_measures.project(series, window=15, horizon=5, level=0.9)
    assert projection.fitted_years == (2006, 2020)
    assert projection.growth_rate == pytest.approx(0.05, rel=1e-9)
    assert projection.table.loc[2025, "trend"] == pytest.approx(100 * 1.05 ** 25, rel=1e-9)
    width = projection.table["upper"] - projection.table["lower"]
    assert width.max() == pytest.approx(0, abs=1e-6)  # a perfect fit leaves no uncertainty


def test_projection_interval_covers_noise_and_widens_with_distance():
    rng = np.random.default_rng(7)
    years = np.arange(2000, 2021)
    series = pd.Series(50 * np.exp(0.03 * (years - 2000) + rng.normal(0, 0.05, len(years))), index=years)
    projection = outlook_measures.project(series, window=21, horizon=6, level=0.9)
    assert projection.growth_rate == pytest.approx(0.03, abs=0.01)
    table = projection.table
    inside = ((table["value"] >= table["lower"]) & (table["value"] <= table["upper"]))[table["value"].notna()]
    assert inside.mean() >= 0.8
    widths = (np.log(table["upper"]) - np.log(table["lower"]))
    assert widths.loc[2026] > widths.loc[2020] > widths.loc[2010]


def test_projection_needs_five_points():
    assert outlook_measures.project(pd.Series([1.0, 2.0, 3.0, 4.0], index=[2001, 2002, 2003, 2004])) is None


def ratios(market, ppp):
    return pd.DataFrame({"gdp_usd": {2023: market}, "gdp_ppp_usd": {2023: ppp}})


@pytest.mark.parametrize("market,ppp,expected", [
    (outlook_rules.O1_DWARF_RATIO, outlook_rules.O1_DWARF_RATIO, SUPPORTED),
    (8.0, outlook_rules.O1_DWARF_RATIO - 0.01, PARTLY_SUPPORTED),
    (4.0, 3.0, NOT_SUPPORTED),
])
def test_o1_rule_at_its_threshold(market, ppp, expected):
    assert outlook_rules.verdict_o1(ratios(market, ppp), "China", "Russia", []).verdict == expected


def test_o1_without_figures():
    assert outlook_rules.verdict_o1(pd.DataFrame({"gdp_usd": [], "gdp_ppp_usd": []}), "A", "B", []).verdict == INSUFFICIENT_DATA


def test_o2_rule():
    years = [2013, 2023]
    china_in_russia = pd.Series([0.10, 0.33], index=years)
    russia_in_china = pd.Series([0.02, 0.04], index=years)
    assert outlook_rules.verdict_o2(china_in_russia, russia_in_china, "Russia", "China", []).verdict == SUPPORTED  # 5× → 8.25×
    falling = pd.Series([0.30, 0.33], index=years)
    assert outlook_rules.verdict_o2(falling, pd.Series([0.02, 0.04], index=years), "Russia", "China", []).verdict == PARTLY_SUPPORTED
    assert outlook_rules.verdict_o2(pd.Series([0.1], index=[2023]), pd.Series([0.1], index=[2023]), "A", "B", []).verdict == NOT_SUPPORTED
    assert outlook_rules.verdict_o2(pd.Series(dtype=float), pd.Series(dtype=float), "A", "B", []).verdict == INSUFFICIENT_DATA


def test_o3_waits_for_the_partnerships_own_series():
    verdict = outlook_rules.verdict_o3({}, outlook_measures.PROJECTED_SERIES, [])
    assert verdict.verdict == INSUFFICIENT_DATA and "bilateral trade" in verdict.reason
    years = np.arange(2010, 2025)
    rising = outlook_measures.project(pd.Series(1.1 ** (years - 2010), index=years))
    flat = outlook_measures.project(pd.Series(np.ones(len(years)), index=years))
    assert outlook_rules.verdict_o3({"a": rising, "b": rising}, ["a", "b"], []).verdict == SUPPORTED
    assert outlook_rules.verdict_o3({"a": rising, "b": flat}, ["a", "b"], []).verdict == PARTLY_SUPPORTED


def flows_table(trade_growth: float, crude_growth: float) -> pd.DataFrame:
    """China's trade with Russia and crude imports from Russia, 2010-2024, growing at the given yearly rates."""
    rows = []
    for offset, year in enumerate(range(2010, 2025)):
        wobble = 1 + 0.01 * (-1) ** year  # a little scatter, so the fit has an interval
        rows.append(("trade_usd", "CHN", "RUS", year, 50e9 * (1 + trade_growth) ** offset * wobble, "USD", "t"))
        rows.append(("crude_imports_t", "CHN", "RUS", year, 30e6 * (1 + crude_growth) ** offset * wobble, "tonnes", "c"))
    return pd.DataFrame(rows, columns=["indicator", "entity", "partner", "year", "value", "unit", "source_id"])


@pytest.mark.parametrize("trade_growth, crude_growth, expected", [
    (0.10, 0.08, SUPPORTED), (0.10, 0.0, PARTLY_SUPPORTED), (-0.05, 0.0, NOT_SUPPORTED)])
def test_o3_projects_trade_and_crude_oil(trade_growth, crude_growth, expected):
    indicators = flows_table(trade_growth, crude_growth)
    series = outlook_measures.partnership_series(indicators, "RUS", "CHN", 1992, 2025)
    assert series["bilateral trade"].index.min() == 2010 and series["crude oil"].iloc[0] == pytest.approx(30e6 * 1.01)  # 2010 is even: wobble +1 %
    projections = {name: outlook_measures.project(values) for name, values in series.items()}
    assert outlook_rules.verdict_o3(projections, outlook_measures.PROJECTED_SERIES, []).verdict == expected


def test_o3_tests_momentum_and_fails_when_the_latest_years_fall():
    years = np.arange(2010, 2026)
    growing = pd.Series(100 * 1.10 ** (years - 2010), index=years)
    turned = growing.copy()
    turned.loc[2024], turned.loc[2025] = growing.loc[2023] * 0.95, growing.loc[2023] * 0.9
    needed = ("bilateral trade", "crude oil")
    both_grow = outlook_rules.verdict_o3({name: outlook_measures.project(growing) for name in needed}, needed, ["s"])
    assert both_grow.verdict == SUPPORTED
    both_turn = outlook_rules.verdict_o3({name: outlook_measures.project(turned) for name in needed}, needed, ["s"])
    assert both_turn.verdict == NOT_SUPPORTED
    assert "bilateral trade, growth a year 2023–2025:" in both_turn.reason and "not met" in both_turn.reason


def test_o2_uses_the_nearest_year_within_the_window_and_says_so():
    years = [2011, 2012, 2020, 2023]
    a_in_b = pd.Series([0.02, 0.02, 0.02, 0.02], index=years)
    b_in_a = pd.Series([0.08, 0.08, 0.10, 0.16], index=years)
    verdict = outlook_rules.verdict_o2(b_in_a, a_in_b, "Russia", "China", ["s"])
    assert verdict.verdict == SUPPORTED
    assert "(the multiple in 2012, standing in for 2013)" in verdict.reason
    far = outlook_rules.verdict_o2(b_in_a.drop([2011, 2012]), a_in_b.drop([2011, 2012]), "Russia", "China", ["s"])
    assert far.verdict == PARTLY_SUPPORTED and "no figure for 2013 or within 2 years of it" in far.reason

"""Generic indicator functions on small tables with known answers."""

from __future__ import annotations

import math

import pandas as pd

from analysis.data import indicators


def long_table():
    rows = [("gdp_usd", "RUS", "", 2000, 100.0), ("gdp_usd", "RUS", "", 2001, 110.0),
            ("gdp_usd", "CHN", "", 2000, 300.0), ("gdp_usd", "WLD", "", 2000, 1000.0),
            ("gdp_usd", "WLD", "", 2001, 1100.0)]
    frame = pd.DataFrame(rows, columns=["indicator", "entity", "partner", "year", "value"])
    frame["unit"], frame["source_id"] = "USD", "s"
    return frame


def test_group_total_is_missing_when_a_member_is_missing():
    table = indicators.wide(long_table(), "gdp_usd", ["RUS", "CHN", "WLD"])
    total = indicators.group_total(table, ["RUS", "CHN"])
    assert total.loc[2000] == 400.0
    assert math.isnan(total.loc[2001])  # China has no 2001 figure: no partial sum


def test_share_of_world():
    table = indicators.wide(long_table(), "gdp_usd", ["RUS", "CHN", "WLD"])
    share = indicators.share_of(indicators.group_total(table, ["RUS", "CHN"]), table["WLD"])
    assert share.loc[2000] == 0.4
    assert math.isnan(share.loc[2001])


def test_change_over_needs_both_ends():
    series = pd.Series({2000: 0.2, 2010: 0.35, 2020: 0.5})
    assert indicators.change_over(series, 2020, 10) == 0.5 - 0.35
    assert indicators.change_over(series, 2020, 5) is None


def test_missing_years_and_their_description():
    table = indicators.wide(long_table(), "gdp_usd", ["RUS", "CHN"])
    gaps = indicators.missing_years(table, 1999, 2001)
    assert gaps == {"RUS": [1999], "CHN": [1999, 2001]}
    assert indicators.describe_year_ranges([1992, 1993, 1994, 2001, 2003, 2004]) == "1992–1994, 2001, 2003–2004"

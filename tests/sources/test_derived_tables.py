"""The tables derived from the publishers' files: the committed copies equal a fresh derivation, and they
agree with the other records of the same figures."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.data import load as data
from analysis.chapters.economy import measures as economy_measures
from analysis.sources import imf_dots, sipri_register, stored_text


@pytest.mark.skipif(not imf_dots.SHARED_DIR.is_dir(), reason=f"the IMF's DOTS workbooks are not at {imf_dots.SHARED_DIR}")
def test_the_committed_imf_table_is_what_the_workbooks_give():
    assert imf_dots.to_csv_text(imf_dots.derive()) == stored_text("imf_dots.parquet")


@pytest.mark.skipif(not sipri_register.SHARED_FILE.is_file(),
                    reason=f"SIPRI's trade register is not at {sipri_register.SHARED_FILE}")
def test_the_committed_arms_table_is_what_the_register_gives():
    assert sipri_register.to_csv_text(sipri_register.derive()) == stored_text("sipri_register.parquet")


@pytest.fixture(scope="module")
def indicators() -> pd.DataFrame:
    return data.load_all_indicators()


def series(table: pd.DataFrame, indicator: str, entity: str, partner: str) -> pd.Series:
    rows = table[(table["indicator"] == indicator) & (table["entity"] == entity) & (table["partner"] == partner)]
    return rows.set_index("year")["value"].sort_index()


@pytest.mark.parametrize("reporter,partner", [("CHN", "RUS"), ("RUS", "CHN")])
def test_each_side_s_own_record_runs_from_1992_to_2020(indicators, reporter, partner):
    for flow in ("dots_exports_usd", "dots_imports_usd"):
        years = series(indicators, flow, reporter, partner).index
        assert list(years) == list(range(1992, 2021)), f"{flow} {reporter}->{partner}: {list(years)}"


def test_the_imf_record_agrees_with_china_s_customs_totals_where_both_exist(indicators):
    """The IMF's figures are China's own reports to it; the press figures quote China's customs."""
    imf = (series(indicators, "dots_exports_usd", "CHN", "RUS") + series(indicators, "dots_imports_usd", "CHN", "RUS"))
    press = series(indicators, "trade_usd", "CHN", "RUS")
    both = imf.index.intersection(press.index)
    assert len(both) >= 8
    gaps = (press.loc[both] / imf.loc[both] - 1).abs()
    assert (gaps < 0.01).all(), gaps[gaps >= 0.01]
    for flow in ("exports_usd", "imports_usd"):
        imf_flow, press_flow = series(indicators, f"dots_{flow}", "CHN", "RUS"), series(indicators, flow, "CHN", "RUS")
        shared = imf_flow.index.intersection(press_flow.index)
        assert ((press_flow.loc[shared] / imf_flow.loc[shared] - 1).abs() < 0.015).all(), flow


def test_china_s_trade_with_russia_has_no_gap_once_the_records_are_joined(indicators):
    joined = economy_measures.official_record_first(indicators)
    total = series(joined, "trade_usd", "CHN", "RUS")
    assert list(total.index) == list(range(1992, 2026))
    assert set(joined.loc[(joined["indicator"] == "trade_usd") & (joined["entity"] == "CHN")
                          & (joined["partner"] == "RUS") & (joined["year"] <= 2020), "source_id"]) == {imf_dots.SOURCE_ID}


def test_arms_deliveries_from_russia_to_china_come_from_the_2026_register(indicators):
    deliveries = indicators[(indicators["indicator"] == "arms_tiv") & (indicators["entity"] == "RUS")
                            & (indicators["partner"] == "CHN")]
    assert list(deliveries.sort_values("year")["year"]) == list(range(1995, 2025))
    assert set(deliveries["source_id"]) == {"sipri-trade-register-2026-02-12"}
    assert deliveries.set_index("year").loc[2021, "value"] == pytest.approx(466.75)
    licensed = indicators[(indicators["indicator"] == "arms_tiv_licensed") & (indicators["entity"] == "RUS")
                          & (indicators["partner"] == "CHN")]
    assert 0 < licensed["value"].sum() < deliveries["value"].sum()

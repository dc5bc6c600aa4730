"""Trade indicators and verdict rules of the economy chapter on small hand-made tables."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.chapters import economy as eco
from analysis.chapters.economy import composition as eco_composition, measures as eco_measures, rules as eco_rules
from analysis.chapters.economy.measures import GAS, GAS_BEYOND_CIS
from analysis.claims.verdicts import INSUFFICIENT_DATA, NOT_SUPPORTED, PARTLY_SUPPORTED, SUPPORTED


def long_table(rows):
    """Rows of (indicator, entity, partner, year, value)."""
    return pd.DataFrame([(*row, "USD", "s") for row in rows],
                        columns=["indicator", "entity", "partner", "year", "value", "unit", "source_id"])


def test_growth_rates_only_between_consecutive_years():
    series = pd.Series({2000: 100.0, 2001: 110.0, 2003: 121.0, 2004: 60.5})
    rates = eco_measures.growth_rates(series)
    assert rates.loc[2001] == pytest.approx(0.10)
    assert 2003 not in rates.index  # 2002 is a gap: no rate across it
    assert rates.loc[2004] == pytest.approx(-0.5)


def test_compound_growth_and_spans_between_breaks():
    series = pd.Series({year: 100.0 * 1.1 ** (year - 2010) for year in range(2010, 2025)})
    assert eco_measures.compound_growth(series, 2010, 2020) == pytest.approx(0.10)
    assert eco_measures.compound_growth(series, 2009, 2020) is None
    spans = eco_measures.growth_between_breaks(series)
    assert list(spans["span"]) == ["2010–2014", "2014–2022", "2022–2024"]
    assert spans["growth"].to_numpy() == pytest.approx([0.10, 0.10, 0.10])


def e3(multiple: float, dip_after_2022: bool = False):
    years = range(2012, 2025)
    base = {year: 100.0 * multiple ** ((year - 2014) / 10) for year in years}
    if dip_after_2022:
        base[2024] = base[2022] * 0.9
        base[2014] = base[2024] / multiple
    return eco_rules.verdict_e3(pd.Series(base), "CHN", "RUS", ["s"]).verdict


def test_e3_rule_at_its_thresholds():
    assert e3(2.0) == SUPPORTED                              # exactly twice in ten years, growing throughout
    assert e3(1.9) == PARTLY_SUPPORTED                       # growing, but not twice
    assert e3(2.5, dip_after_2022=True) == PARTLY_SUPPORTED  # twice, but fell after 2022
    assert e3(0.8) == NOT_SUPPORTED
    assert eco_rules.verdict_e3(pd.Series(dtype=float), "CHN", "RUS", []).verdict == INSUFFICIENT_DATA
    assert eco_rules.verdict_e3(pd.Series({2020: 1.0, 2024: 2.0}), "CHN", "RUS", []).verdict == INSUFFICIENT_DATA


def world(country, year, exports, imports):
    return [("goods_exports_usd", country, "", year, exports), ("goods_imports_usd", country, "", year, imports)]


def test_dependence_uses_each_reporters_own_record():
    table = long_table([("trade_usd", "CHN", "RUS", 2023, 240.0), *world("CHN", 2023, 3400.0, 2600.0),
                        ("trade_usd", "RUS", "CHN", 2023, 230.0), *world("RUS", 2023, 425.0, 275.0)])
    shares = eco_measures.dependence(table, "CHN", "RUS")
    assert shares.loc[2023, "RUS in CHN"] == pytest.approx(240 / 6000)  # total trade = exports + imports
    assert shares.loc[2023, "CHN in RUS"] == pytest.approx(230 / 700)
    assert eco_measures.mirror_years(table, "RUS", "CHN") == []


def test_a_side_without_its_own_record_is_measured_by_the_mirror_and_flagged():
    table = long_table([("trade_usd", "CHN", "RUS", 2022, 190.0), ("trade_usd", "CHN", "RUS", 2023, 240.0),
                        *world("CHN", 2023, 3400.0, 2600.0), *world("RUS", 2023, 425.0, 275.0),
                        ("goods_exports_usd", "RUS", "", 2022, 590.0)])  # no imports for 2022: no total
    shares = eco_measures.dependence(table, "CHN", "RUS")
    assert shares.loc[2023, "CHN in RUS"] == pytest.approx(240 / 700)
    assert 2022 not in shares["CHN in RUS"].dropna().index
    assert eco_measures.mirror_years(table, "RUS", "CHN") == [2023]
    verdict = eco_rules.verdict_e5(shares, "CHN", "RUS", ["s"], {"CHN in RUS": [2023], "RUS in CHN": []})
    assert verdict.verdict == PARTLY_SUPPORTED and "mirror" in verdict.reason


def test_e3_compares_with_the_latest_figure_at_least_ten_years_back():
    trade = pd.Series({2014: 100.0, 2016: 120.0, 2022: 190.0, 2025: 230.0})  # 2015 missing
    verdict = eco_rules.verdict_e3(trade, "CHN", "RUS", ["s"])
    assert verdict.verdict == SUPPORTED and "from 2014 to 2025" in verdict.value
    assert eco_rules.verdict_e3(pd.Series({2016: 100.0, 2025: 300.0}), "CHN", "RUS", []).verdict == INSUFFICIENT_DATA


@pytest.mark.parametrize("b_in_a, a_in_b, expected", [
    (0.10, 0.10, SUPPORTED), (0.04, 0.33, PARTLY_SUPPORTED), (0.099, 0.05, NOT_SUPPORTED)])
def test_e5_rule_at_its_thresholds(b_in_a, a_in_b, expected):
    shares = pd.DataFrame({"RUS in CHN": [b_in_a], "CHN in RUS": [a_in_b]}, index=[2023])
    assert eco_rules.verdict_e5(shares, "CHN", "RUS", ["s"]).verdict == expected


def crude(rus_2021: float, rus_now: float, sau_now: float) -> pd.DataFrame:
    return pd.DataFrame({"RUS": [rus_2021, rus_now], "SAU": [90.0, sau_now], "WLD": [500.0, 500.0]},
                        index=[2021, 2024])


def markets(china_latest: float, europe_latest: float) -> pd.DataFrame:
    """Russia's crude bought by China and by the EU, 2021 and 2024 (tonnes)."""
    return pd.DataFrame({"CHN": [100.0, china_latest], "EUU": [150.0, europe_latest]}, index=[2021, 2024])


def test_markets_compared_puts_the_importer_beside_the_eu():
    table = long_table([("crude_imports_t", "CHN", "RUS", 2021, 80.0), ("crude_imports_t", "EUU", "RUS", 2021, 112.0),
                        ("crude_imports_t", "EUU", "RUS", 2023, 14.0), ("crude_imports_t", "CHN", "SAU", 2021, 88.0)])
    compared = eco_measures.markets_compared(table, "CHN", "RUS")
    assert list(compared.columns) == ["CHN", "EUU"] and compared.loc[2021].tolist() == [80.0, 112.0]
    assert pd.isna(compared.loc[2023, "CHN"])  # a gap stays a gap


def test_e1_rule_at_its_thresholds():
    overtaken = markets(120, 119)
    assert eco_rules.verdict_e1(crude(100, 120, 110), overtaken, "CHN", "RUS", ["s"]).verdict == SUPPORTED  # +20 %, largest
    assert eco_rules.verdict_e1(crude(100, 119, 110), overtaken, "CHN", "RUS", ["s"]).verdict == PARTLY_SUPPORTED
    assert eco_rules.verdict_e1(crude(100, 130, 140), overtaken, "CHN", "RUS", ["s"]).verdict == PARTLY_SUPPORTED
    level = markets(120, 120)  # the EU buying as much is not overtaken
    assert eco_rules.verdict_e1(crude(100, 120, 110), level, "CHN", "RUS", ["s"]).verdict == PARTLY_SUPPORTED
    assert eco_rules.verdict_e1(crude(100, 100, 140), level, "CHN", "RUS", ["s"]).verdict == NOT_SUPPORTED
    no_base_year = crude(100, 120, 110).drop(index=2021)
    assert eco_rules.verdict_e1(no_base_year, overtaken, "CHN", "RUS", []).verdict == INSUFFICIENT_DATA


def test_e1_without_the_eus_figures_cannot_be_fully_supported():
    verdict = eco_rules.verdict_e1(crude(100, 120, 110), pd.DataFrame(), "CHN", "RUS", ["s"])
    assert verdict.verdict == PARTLY_SUPPORTED and "not in the data" in verdict.reason
    in_tonnes = pd.DataFrame({"CHN": [79.6e6, 108.5e6], "EUU": [112.45e6, 11.71e6]}, index=[2021, 2024])
    with_eu = eco_rules.verdict_e1(crude(100, 120, 110), in_tonnes, "CHN", "RUS", ["s"])
    assert with_eu.value.endswith("the EU 11.7 Mt from Russia in 2024 (112.5 Mt in 2021)")
    assert ("China's crude imports from Russia in 2024, in million tonnes: 108.5, above 11.7 (the EU's from Russia "
            "in 2024): met") in with_eu.reason


def test_gas_against_capacity_and_e2_rule():
    table = long_table([("pipeline_gas_m3", "CHN", "RUS", 2020, 4e9), ("pipeline_gas_m3", "CHN", "RUS", 2024, 34.2e9),
                        ("pipeline_capacity_m3", "CHN", "RUS", 2024, 38e9)])
    gas = eco_measures.gas_against_capacity(table, "CHN", "RUS")
    assert gas.loc[2024, "of_capacity"] == pytest.approx(0.9)
    oil = pd.DataFrame({"RUS": [80.0, 100.0]}, index=[2020, 2024])
    assert eco_rules.verdict_e2(gas, oil, "CHN", "RUS", ["s"]).verdict == SUPPORTED
    assert eco_rules.verdict_e2(gas, oil.iloc[::-1].set_axis([2020, 2024]), "CHN", "RUS", ["s"]).verdict == PARTLY_SUPPORTED
    below = gas.assign(of_capacity=gas["of_capacity"] - 0.01)
    assert eco_rules.verdict_e2(below, oil.iloc[::-1].set_axis([2020, 2024]), "CHN", "RUS", ["s"]).verdict == NOT_SUPPORTED
    assert eco_rules.verdict_e2(pd.DataFrame(), oil, "CHN", "RUS", []).verdict == INSUFFICIENT_DATA


# --- settlement currencies (E4) --------------------------------------------------------------

def settlement_rows(*rows):
    """Rows of (measure, period, reported, qualifier, share_pct) for the pair CHN-RUS."""
    return pd.DataFrame([("CHN-RUS", measure, period, reported, "an official", qualifier, share, "s")
                         for measure, period, reported, qualifier, share in rows],
                        columns=["pair", "measure", "period", "reported", "speaker", "qualifier", "share_pct", "source_id"])


NATIONAL = eco_measures.SETTLEMENT_BILATERAL


@pytest.mark.parametrize("earliest, latest, expected", [
    ("20", "90", SUPPORTED),          # at the threshold, and a rise
    ("90", "90", PARTLY_SUPPORTED),   # no rise: a state, not a shift
    ("20", "89.9", PARTLY_SUPPORTED),
    ("20", "50", PARTLY_SUPPORTED),
    ("20", "49.9", NOT_SUPPORTED),
])
def test_e4_rule_at_its_thresholds(earliest, latest, expected):
    table = settlement_rows((NATIONAL, "2020", "2023-12-19", "about", earliest),
                            (NATIONAL, "2025-11", "2025-11-04", "as stated", latest))
    points = eco_measures.settlement_points(table, "RUS", "CHN")
    assert eco_rules.verdict_e4(points, ["s"]).verdict == expected


def test_e4_takes_the_latest_period_and_ignores_all_partner_figures():
    table = settlement_rows((NATIONAL, "2023-03", "2023-03-21", "as stated", "66.7"),
                            (NATIONAL, "2020", "2023-12-19", "about", "20"),  # reported later, about an earlier year
                            ("yuan in Russia's export settlements", "2024-01", "2024-03-12", "as stated", "40.8"))
    points = eco_measures.settlement_points(table, "RUS", "CHN")
    assert list(points["period"]) == ["2020", "2023-03", "2024-01"]
    assert points["share"].iloc[0] == pytest.approx(0.20)
    verdict = eco_rules.verdict_e4(points, ["s"])
    assert verdict.verdict == PARTLY_SUPPORTED and "66.7 % (2023-03" in verdict.value
    assert eco_rules.verdict_e4(eco_measures.settlement_points(table, "RUS", "IND"), []).verdict == INSUFFICIENT_DATA


def test_the_snapshot_judges_e4_from_its_settlement_table():
    from analysis.params import ReportParameters

    view = eco.analyse(ReportParameters("RUS", "CHN"))
    e4 = next(verdict for verdict in view.verdicts if verdict.claim_id == "E4")
    assert e4.verdict != INSUFFICIENT_DATA and e4.sources
    assert set(e4.sources) <= set(view.settlement["source_id"])
    other_pair = eco.analyse(ReportParameters("CHN", "IRN"))
    assert other_pair.settlement.empty and other_pair.verdicts[3].verdict == INSUFFICIENT_DATA


def test_settlement_schema_refuses_shares_periods_and_qualifiers_it_does_not_know():
    from analysis.data.schemas import DataValidationError
    from analysis.data.tables import SETTLEMENT_TABLE, validate_table

    columns = list(SETTLEMENT_TABLE.columns)
    good = dict(zip(columns, ["CHN-RUS", NATIONAL, "2023-06", "2023-08-08", "Bank of Russia", "as stated", "25", "s", "", ""]))
    validate_table([good], columns, SETTLEMENT_TABLE, "settlement_shares.csv")
    for column, value, rule in [("share_pct", "125", "between 0 and 100"), ("period", "June 2023", "a year"),
                                ("qualifier", "nearly", "one of"), ("measure", "dollars in settlements", "one of")]:
        with pytest.raises(DataValidationError, match=rule):
            validate_table([{**good, column: value}], columns, SETTLEMENT_TABLE, "settlement_shares.csv")


def composition_table(machinery=55.0, labour=20.0, minerals_floor=60.0, farm_trade=5.0, farm_imports=4.0):
    """China's trade with Russia by group, hand-made: 2021 in yuan (exports 100, imports 120), 2020 farm trade in
    dollars against exports 50 and imports 50."""
    rows = [("exports_cny", "CHN", "RUS", 2021, 100.0, "CNY"), ("imports_cny", "CHN", "RUS", 2021, 120.0, "CNY"),
            ("exports_machinery_electrical_cny", "CHN", "RUS", 2021, machinery, "CNY"),
            ("exports_labour_intensive_cny", "CHN", "RUS", 2021, labour, "CNY"),
            ("imports_minerals_energy_share_floor", "CHN", "RUS", 2021, minerals_floor, "percent"),
            ("exports_usd", "CHN", "RUS", 2020, 50.0, "USD"), ("imports_usd", "CHN", "RUS", 2020, 50.0, "USD"),
            ("trade_farm_usd", "CHN", "RUS", 2020, farm_trade, "USD"),
            ("imports_farm_usd", "CHN", "RUS", 2020, farm_imports, "USD")]
    return pd.DataFrame([(*row, "s") for row in rows],
                        columns=["indicator", "entity", "partner", "year", "value", "unit", "source_id"])


def test_composition_shares_of_each_flow_and_of_the_two_way_trade():
    table = eco_composition.trade_composition(composition_table(), "CHN", "RUS").set_index(["group", "direction"])
    machinery = table.loc[("mechanical and electrical products", "exports")]
    assert machinery["share_of_direction"] == pytest.approx(0.55) and machinery["share_of_trade"] == pytest.approx(55 / 220)
    minerals = table.loc[("mineral products and energy", "imports")]
    assert minerals["floor"] and minerals["share_of_trade"] == pytest.approx(0.6 * 120 / 220)
    farm_exports = table.loc[("agricultural products", "exports")]  # 5 both ways less 4 imported
    assert farm_exports["derived"] and farm_exports["share_of_direction"] == pytest.approx(1 / 50)
    assert table.loc[("agricultural products, both ways", "both"), "share_of_trade"] == pytest.approx(5 / 100)


def test_e6_is_partly_supported_when_a_group_dominates_a_direction():
    verdict = eco_rules.verdict_e6(eco_composition.trade_composition(composition_table(), "CHN", "RUS"), "CHN", "RUS")
    assert verdict.verdict == PARTLY_SUPPORTED
    assert "over 60 % of China's imports from Russia (2021)" in verdict.value
    assert "farm goods, at least 5 %" in verdict.value


def test_e6_is_supported_when_no_group_makes_up_more_than_half_of_a_flow():
    balanced = composition_table(machinery=50.0, minerals_floor=50.0)  # exactly half is not more than half
    assert eco_rules.verdict_e6(eco_composition.trade_composition(balanced, "CHN", "RUS"), "CHN", "RUS").verdict == SUPPORTED


def test_e6_is_not_supported_when_a_family_is_below_one_percent_of_the_trade():
    scarce = composition_table(farm_trade=0.99, farm_imports=0.5)  # 0.99 of 100: under 1 %
    verdict = eco_rules.verdict_e6(eco_composition.trade_composition(scarce, "CHN", "RUS"), "CHN", "RUS")
    assert verdict.verdict == NOT_SUPPORTED and "farm goods" in verdict.reason
    at_threshold = composition_table(farm_trade=1.0, farm_imports=0.5)
    assert eco_rules.verdict_e6(eco_composition.trade_composition(at_threshold, "CHN", "RUS"), "CHN", "RUS").verdict == PARTLY_SUPPORTED


def test_e6_without_a_family_says_what_is_missing_and_bounds_the_verdict():
    table = composition_table()
    no_farm = table[~table["indicator"].isin(["trade_farm_usd", "imports_farm_usd"])]
    verdict = eco_rules.verdict_e6(eco_composition.trade_composition(no_farm, "CHN", "RUS"), "CHN", "RUS")
    assert verdict.verdict == INSUFFICIENT_DATA
    assert "farm goods" in verdict.reason and "at most partly supported" in verdict.reason
    empty = eco_rules.verdict_e6(eco_composition.trade_composition(table.iloc[0:0], "CHN", "RUS"), "CHN", "RUS")
    assert empty.verdict == INSUFFICIENT_DATA and empty.value == "not in the data"


def test_crude_oil_and_lng_count_as_raw_materials_in_their_latest_year():
    table = long_table([("imports_usd", "CHN", "RUS", 2024, 129.32), ("imports_crude_oil_usd", "CHN", "RUS", 2024, 62.42),
                        ("imports_lng_usd", "CHN", "RUS", 2024, 4.99), ("imports_usd", "CHN", "RUS", 2023, 129.14),
                        ("exports_usd", "CHN", "RUS", 2024, 115.49)])
    year, share = eco_composition.fuel_share_lower_bound(table, "CHN", "RUS")
    assert year == 2024 and share == pytest.approx((62.42 + 4.99) / 129.32)
    assert eco_composition.fuel_share_lower_bound(table[table["indicator"] != "imports_lng_usd"], "CHN", "RUS") is None
    row = eco_composition.trade_composition(table, "CHN", "RUS").iloc[0]
    assert row["group"] == "crude oil and LNG" and row["family"] == eco_composition.RAW_MATERIALS
    assert row["share_of_trade"] == pytest.approx((62.42 + 4.99) / (129.32 + 115.49))


def test_comtrade_years_replace_the_press_reports_of_the_same_flows():
    table = pd.DataFrame([
        ("exports_usd", "CHN", "RUS", 2021, 67.6e9, "USD", "press-1"), ("imports_usd", "CHN", "RUS", 2021, 79.3e9, "USD", "press-1"),
        ("trade_usd", "CHN", "RUS", 2021, 146.9e9, "USD", "press-1"), ("trade_usd", "CHN", "RUS", 2015, 64.2e9, "USD", "press-2"),
        ("comtrade_exports_usd", "CHN", "RUS", 2021, 67.5e9, "USD", "comtrade-x"),
        ("comtrade_imports_usd", "CHN", "RUS", 2021, 79.2e9, "USD", "comtrade-x"),
        ("comtrade_exports_usd", "CHN", "RUS", 2015, 34.8e9, "USD", "comtrade-x"),  # no imports: the press total stays
    ], columns=["indicator", "entity", "partner", "year", "value", "unit", "source_id"])
    merged = eco_measures.official_record_first(table).set_index(["indicator", "year"])
    assert merged.loc[("exports_usd", 2021), "value"] == 67.5e9 and merged.loc[("exports_usd", 2021), "source_id"] == "comtrade-x"
    assert merged.loc[("trade_usd", 2021), "value"] == pytest.approx(146.7e9)
    assert merged.loc[("trade_usd", 2015), "source_id"] == "press-2"
    assert not merged.index.get_level_values("indicator").str.startswith("comtrade").any()
    assert not merged.index.duplicated().any()
    without = table[~table["indicator"].str.startswith("comtrade")]
    assert eco_measures.official_record_first(without) is without


def test_the_imf_record_replaces_the_press_and_comtrade_replaces_the_imf():
    table = pd.DataFrame([
        ("trade_usd", "CHN", "RUS", 2016, 69.5e9, "USD", "press-1"),
        ("dots_exports_usd", "CHN", "RUS", 2016, 37.3e9, "USD", "imf-dots"),
        ("dots_imports_usd", "CHN", "RUS", 2016, 32.2e9, "USD", "imf-dots"),
        ("dots_exports_usd", "CHN", "RUS", 2019, 49.7e9, "USD", "imf-dots"),
        ("dots_imports_usd", "CHN", "RUS", 2019, 61.0e9, "USD", "imf-dots"),
        ("comtrade_exports_usd", "CHN", "RUS", 2019, 49.5e9, "USD", "comtrade-x"),
        ("comtrade_imports_usd", "CHN", "RUS", 2019, 61.1e9, "USD", "comtrade-x"),
        ("goods_exports_usd", "CHN", "", 2016, 2.10e12, "USD", "press-2"),
        ("goods_imports_usd", "CHN", "", 2016, 1.58e12, "USD", "press-2"),
        ("dots_goods_exports_usd", "CHN", "", 2016, 2.11e12, "USD", "imf-dots"),
        ("dots_goods_imports_usd", "CHN", "", 2016, 1.59e12, "USD", "imf-dots"),
        ("dots_goods_exports_usd", "RUS", "", 2016, 0.28e12, "USD", "imf-dots"),  # one flow only: nothing replaced
    ], columns=["indicator", "entity", "partner", "year", "value", "unit", "source_id"])
    merged = eco_measures.official_record_first(table).set_index(["indicator", "entity", "year"])
    assert merged.loc[("trade_usd", "CHN", 2016), "value"] == pytest.approx(69.5e9)
    assert merged.loc[("trade_usd", "CHN", 2016), "source_id"] == "imf-dots"
    assert merged.loc[("trade_usd", "CHN", 2019), "value"] == pytest.approx(110.6e9)
    assert merged.loc[("exports_usd", "CHN", 2019), "source_id"] == "comtrade-x"
    assert merged.loc[("goods_exports_usd", "CHN", 2016), "value"] == 2.11e12
    assert ("goods_exports_usd", "RUS", 2016) not in merged.index
    assert not merged.index.get_level_values("indicator").str.startswith(("dots", "comtrade")).any()
    assert not merged.index.duplicated().any()


def test_e3_reports_a_fall_in_the_latest_year_and_counts_it():
    years = range(2010, 2026)
    rising = pd.Series([100.0 * 1.15 ** (year - 2010) for year in years], index=list(years))
    fell = rising.copy()
    fell.loc[2025] = fell.loc[2024] * 0.93
    steady = eco_rules.verdict_e3(rising, "RUS", "CHN", ["s"])
    falling = eco_rules.verdict_e3(fell, "RUS", "CHN", ["s"])
    assert steady.verdict == SUPPORTED
    assert falling.verdict == PARTLY_SUPPORTED
    assert "the change from 2024 to 2025: -7 %, below +0 % (the rule's threshold): not met" in falling.reason
    shrinking = pd.Series([100.0 * 0.95 ** (year - 2010) for year in years], index=list(years))
    assert eco_rules.verdict_e3(shrinking, "RUS", "CHN", ["s"]).verdict == NOT_SUPPORTED


def test_e7_needs_europe_s_figures_and_then_compares_the_two_markets():
    gas = pd.DataFrame({"gas": [4e9, 38e9]}, index=[2020, 2025])
    missing = eco_rules.verdict_e7(gas, pd.Series(dtype=float), "CHN", "RUS", ["s"])
    assert missing.verdict == INSUFFICIENT_DATA and "pipeline gas to Europe by year from 2014" in missing.reason
    europe = pd.Series([150e9, 140e9, 30e9], index=[2014, 2020, 2025])
    turned = eco_rules.verdict_e7(gas, europe, "CHN", "RUS", ["s"])
    assert turned.verdict == SUPPORTED
    assert "change from 2014 to 2025: -80 %, below -50 % (the rule's threshold): met" in turned.reason
    still_europe = eco_rules.verdict_e7(gas, pd.Series([150e9, 140e9, 100e9], index=[2014, 2020, 2025]), "CHN", "RUS", ["s"])
    assert still_europe.verdict == NOT_SUPPORTED


def test_e7_is_not_judged_when_europe_s_figures_stop_years_before_the_importer_s():
    gas = pd.DataFrame({"gas": [4e9, 15e9, 38e9]}, index=[2020, 2022, 2025])
    europe = pd.Series([146.6e9, 85.5e9], index=[2014, 2022])
    stale = eco_rules.verdict_e7(gas, europe, "CHN", "RUS", ["s"])
    assert stale.verdict == INSUFFICIENT_DATA
    assert "known only to 2022 (Europe and Turkey 85.5 bcm in 2022 against 146.6 bcm in 2014)" in stale.reason
    assert "China's to 2025 (38.0 bcm)" in stale.reason
    within_a_year = eco_rules.verdict_e7(gas.loc[:2022], europe, "CHN", "RUS", ["s"])
    assert within_a_year.verdict == NOT_SUPPORTED  # -42 % (short of a halving) and 15 bcm against Europe's 85.5


def test_gas_to_europe_takes_power_of_siberia_out_of_gazprom_s_total_and_leaves_its_first_year_open():
    rows = pd.DataFrame({
        "indicator": [GAS_BEYOND_CIS] * 4 + [GAS] * 2,
        "entity": ["RUS"] * 4 + ["CHN"] * 2, "partner": [""] * 4 + ["RUS"] * 2,
        "year": [2014, 2019, 2020, 2022, 2020, 2021],
        "value": [146.6e9, 199.2e9, 179.3e9, 100.9e9, 4.1e9, 10.39e9]})
    europe = eco_measures.gas_to_europe(rows, "RUS")
    assert europe.to_dict() == {2014: 146.6e9, 2020: 175.2e9}  # 2019: December unsettled; 2022: no pipeline figure
    assert eco_measures.gas_to_europe(rows, "IND").empty


def test_e8_compares_the_partner_s_share_of_imports_before_and_after_the_break():
    imports = pd.DataFrame({"share": [0.22, 0.24, 0.39], "mirror": [False, False, True]}, index=[2019, 2020, 2023])
    verdict = eco_rules.verdict_e8(imports, "RUS", "CHN", ["s"])
    assert verdict.verdict == SUPPORTED and "(a mirror figure)" in verdict.reason
    assert "the rise of that share from 2020 to 2023: 15 points, above 10 points" in verdict.reason
    small = pd.DataFrame({"share": [0.22, 0.25], "mirror": [False, False]}, index=[2020, 2023])
    assert eco_rules.verdict_e8(small, "RUS", "CHN", ["s"]).verdict == NOT_SUPPORTED
    assert eco_rules.verdict_e8(small.iloc[:1], "RUS", "CHN", ["s"]).verdict == INSUFFICIENT_DATA


def test_the_chapter_text_is_about_the_pair_built_and_says_once_what_is_missing():
    from analysis.chapters.economy import prose
    from analysis.params import ReportParameters

    india = eco.analyse(ReportParameters("RUS", "IND"))
    energy = prose.energy(india)
    assert "no figures of India's crude oil imports from Russia" in energy
    assert "no pipeline gas delivered from Russia to India" in energy
    assert "Power of Siberia" not in energy + prose.gas_markets_caption(india)
    assert "rubles and rupees" in prose.settlement(india) and "yuan" not in prose.settlement(india)
    assert "China" not in prose.trade(india) + prose.composition(india)
    china = eco.analyse(ReportParameters("RUS", "CHN"))
    assert "China's customs releases as news agencies and newspapers reported them" in prose.trade(china)
    assert "what Power of Siberia delivered to China" in prose.energy(china)
    assert "no record by Russia of its trade with China, so its side is measured with China's record" in prose.dependence(china)
    assert prose.gas_title(china) == "Gas through the Power of Siberia pipeline, bcm a year"
    assert prose.gas_title(india) == "Pipeline gas from Russia to India, bcm a year"


def test_chart_titles_and_captions_name_only_the_buyers_drawn():
    from analysis.chapters.economy import prose
    from analysis.params import ReportParameters

    india = eco.analyse(ReportParameters("RUS", "IND"))
    assert prose.markets_title(india) == "Crude oil from Russia bought by the EU, million tonnes"
    assert "India" not in prose.markets_caption(india) + prose.gas_markets_title(india)
    china = eco.analyse(ReportParameters("RUS", "CHN"))
    assert prose.gas_markets_title(china) == "Pipeline gas from Russia to China and Europe, bcm a year"


def test_e4_is_not_tested_for_a_pair_whose_own_currency_is_the_dollar():
    import pandas as pd

    from analysis.chapters.economy.rules import verdict_e4

    points = pd.DataFrame({"series": [], "share": [], "period": []})
    for pair in (("CHN", "USA"), ("USA", "RUS")):
        verdict = verdict_e4(points, [], "yuan and dollars", pair=pair)
        assert verdict.verdict == "insufficient data"
        assert "own currency" in verdict.reason and "does not apply to this pair" in verdict.reason
    assert "own currency" not in verdict_e4(points, [], pair=("RUS", "CHN")).reason

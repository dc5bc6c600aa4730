"""Economic ties: trade, energy and finance (claims E1–E6).

E1  China has become a crucial market for Russian energy as Russia turns from
    Europe: China's crude oil imports from Russia and Russia's share of them
E2  big oil and gas deals and long pipelines feed China's industry: pipeline gas
    against the pipeline's design capacity, crude oil volumes by year
E3  bilateral trade has been soaring: trade by year, growth rates, and the
    growth before and after the breaks of 2014 and 2022
E4  they settle trade in rubles and yuan: dated official shares of national
    currencies in their settlements
E5  interdependence gives both a stake in stability: each side's share of the
    other's total trade, mutual or one-sided
E6  trade spans farm goods, manufactures and raw materials: the broad groups of
    goods China's customs and commerce ministry report, each way
E7  Russian gas turns from Europe to China: Russia's pipeline gas to Europe and Turkey (Gazprom's
    exports beyond the former Soviet Union, less Power of Siberia) against China's, by year
E8  China has become Russia's economic lifeline under sanctions: China's share of Russia's goods
    imports before the break of 2022 and in the latest year

The conventions of its measures (whose record, mirror figures, growth, gaps) open ``measures.py``.
"""

from __future__ import annotations

import pandas as pd

from analysis.chapters.economy.measures import (BILATERAL, CAPACITY, CRUDE, EUROPE, GAS, GAS_BEYOND_CIS,
                                                SETTLEMENT_BILATERAL, SIBERIA_BUYER, WORLD_FLOWS, bilateral_trade, crude_table, dependence,
                                                EconomyResult, energy_importer, gas_against_capacity,
                                                gas_to_europe, growth_between_breaks, import_share, markets_compared, mirror_years,
                                                official_record_first, official_sources, settlement_points,
                                                trade_reporter, trade_seam)
from analysis.config import currencies
from analysis.chapters.economy.composition import composition_sources, trade_composition
from analysis.chapters.economy.views import headline
from analysis.chapters.economy.rules import (verdict_e1, verdict_e2, verdict_e3, verdict_e4, verdict_e5, verdict_e6,
                                             verdict_e7, verdict_e8)
from analysis.chapters.economy.measures import BREAK_YEARS
from analysis.chapters import with_alternatives, with_history
from analysis.claims import Claim
from analysis.claims.verdicts import second_source_notes
from analysis.data.load import load_confirmations, load_indicators, load_table
from analysis.params import ReportParameters

__all__ = ["BREAK_YEARS", "CLAIMS", "TABLES", "analyse", "compute", "EconomyResult", "headline"]

# The yearly tables of trade and energy the chapter reads, and its one event table.
TABLES = ("trade", "imf_dots", "comtrade", "energy", "eu_crude", "trade_composition", "settlement_shares")
SETTLEMENTS = "settlement_shares"

CLAIMS = (
    Claim("E1", "{b} has become a crucial market for {a}'s energy as {a} turns away from Europe"),
    Claim("E2", "Big oil and gas deals and long pipelines{pipeline} feed {b}'s industry"),
    Claim("E3", "Bilateral trade has been soaring"),
    Claim("E4", "The two increasingly settle trade in {money} to bypass the dollar and Western finance"),
    Claim("E5", "Economic interdependence gives both sides a stake in stability"),
    Claim("E6", "Trade now spans farm goods, manufactures and raw materials"),
    Claim("E7", "{a}'s gas, like its oil, is turning from Europe to {b}"),
    Claim("E8", "For {a} under sanctions, {b} has become an indispensable economic lifeline"),
)


def analyse(parameters: ReportParameters) -> EconomyResult:
    """The chapter for the pair, from the snapshot's tables, with each verdict's history."""
    indicators, settlements = load_indicators(TABLES), load_table(SETTLEMENTS, "settlement_shares")
    confirmations = load_confirmations(TABLES)
    a, b, start, end = parameters.country_a, parameters.country_b, parameters.start_year, parameters.end_year
    result = compute(indicators, a, b, start, end, settlements, confirmations=confirmations)
    other_record = compute(indicators, a, b, start, end, settlements, reporter=result.partner,
                           confirmations=confirmations).verdicts
    result = with_alternatives(result, {"the other side's record of the pair's trade": other_record})
    return with_history(result, lambda year: compute(indicators, a, b, start, year, settlements,
                                                     confirmations=confirmations).verdicts, end)


def _sources(rows: pd.DataFrame) -> list[str]:
    return sorted(rows["source_id"].unique()) if not rows.empty else []


FIGURE_KEY = ["indicator", "entity", "partner", "year", "source_id"]


def _confirmed(confirmations: pd.DataFrame | None, *frames: pd.DataFrame) -> list[str]:
    """How many of the hand-curated figures behind a verdict (press reports of customs and company figures; the
    publishers' tables are not counted) a second source confirms; nothing said where none is curated."""
    rows = pd.concat([frame[FIGURE_KEY] for frame in frames if not frame.empty]) if any(
        not frame.empty for frame in frames) else pd.DataFrame(columns=FIGURE_KEY)
    if confirmations is None or confirmations.empty or rows.empty:
        return []
    curated = rows.drop_duplicates().merge(confirmations, on=FIGURE_KEY, how="inner")
    return second_source_notes(curated["confirmed_by"], "press figures")


def compute(indicators: pd.DataFrame, country_a: str, country_b: str, start_year: int, end_year: int,
            settlement_shares: pd.DataFrame | None = None, reporter: str | None = None,
            confirmations: pd.DataFrame | None = None) -> EconomyResult:
    """Trade, dependence, energy, settlement currencies and verdicts E1–E8 for the pair; ``reporter`` names
    whose record of the pair's trade to use (by default the side with more years of figures); ``confirmations``
    (``load_confirmations``) lets each verdict say how many of its curated figures a second source confirms."""
    # Only the pair's own rows, Europe's and those of Power of Siberia's buyer are read below: the rest of
    # the world's trade (most of the IMF's table) is left out at once, which makes each history year cheap.
    selected = indicators[indicators["year"].between(start_year, end_year)
                          & indicators["entity"].isin([country_a, country_b, EUROPE, SIBERIA_BUYER])]
    official = official_sources(selected)
    within = official_record_first(selected)
    reporter, partner = ((reporter, country_b if reporter == country_a else country_a) if reporter else
                         trade_reporter(within, country_a, country_b))
    trade = bilateral_trade(within, reporter, partner)
    total = trade["trade_usd"] if "trade_usd" in trade else pd.Series(dtype=float)
    spans = growth_between_breaks(total)
    shares = dependence(within, country_a, country_b)
    mirrored = {f"{country_b} in {country_a}": mirror_years(within, country_a, country_b),
                f"{country_a} in {country_b}": mirror_years(within, country_b, country_a)}
    importer, exporter = energy_importer(within, country_a, country_b)
    crude = crude_table(within, importer, exporter)
    markets = markets_compared(within, importer, exporter)
    gas = gas_against_capacity(within, importer, exporter)
    settlement = settlement_points(settlement_shares if settlement_shares is not None else pd.DataFrame(),
                                   country_a, country_b)
    settlement = settlement[settlement["when"].dt.year.between(start_year, end_year)]
    composition = trade_composition(within, reporter, partner)
    imports = import_share(within, country_a, country_b)
    europe_gas = gas_to_europe(within, exporter)
    pair = {country_a, country_b}
    trade_rows = within[within["indicator"].isin(BILATERAL) & within["entity"].isin(pair) & within["partner"].isin(pair)]
    total_rows = within[within["indicator"].isin(WORLD_FLOWS) & within["entity"].isin(pair)]
    statements = settlement[settlement["series"] == SETTLEMENT_BILATERAL]
    rows = {
        "composition": within[within["source_id"].isin(composition_sources(composition))
                              & within["entity"].isin(pair) & within["partner"].isin(pair)],
        "trade": trade_rows[trade_rows["entity"] == reporter],
        "dependence": pd.concat([trade_rows[trade_rows["indicator"] == "trade_usd"], total_rows]),
        "crude": within[(within["indicator"] == CRUDE) & (within["entity"] == importer)],
        "markets": within[(within["indicator"] == CRUDE) & within["entity"].isin([importer, EUROPE])
                          & (within["partner"] == exporter)],
        "gas": within[within["indicator"].isin([GAS, CAPACITY]) & (within["entity"] == importer)
                      & (within["partner"] == exporter)],
        "gas_europe": within[((within["indicator"] == GAS_BEYOND_CIS) & (within["entity"] == exporter))
                             | ((within["indicator"] == GAS) & (within["entity"] == SIBERIA_BUYER)
                                & (within["partner"] == exporter))] if not europe_gas.empty else within.iloc[:0],
        "imports": pd.concat([
            trade_rows[((trade_rows["indicator"] == "imports_usd") & (trade_rows["entity"] == country_a))
                       | ((trade_rows["indicator"] == "exports_usd") & (trade_rows["entity"] == country_b))],
            total_rows[(total_rows["indicator"] == "goods_imports_usd") & (total_rows["entity"] == country_a)]]),
    }
    sources = {
        **{name: _sources(frame) for name, frame in rows.items()},
        "settlement": sorted(settlement["source_id"].unique()),
        "settlement_statements": sorted(statements["source_id"].unique()),
        "composition": composition_sources(composition),
    }
    verdicts = [
        verdict_e1(crude, markets, importer, exporter, sorted(set(sources["crude"]) | set(sources["markets"])),
                   _confirmed(confirmations, rows["crude"], rows["markets"])),
        verdict_e2(gas, crude, importer, exporter, sources["gas"] + sources["crude"],
                   _confirmed(confirmations, rows["gas"], rows["crude"])),
        verdict_e3(total, reporter, partner, sources["trade"], _confirmed(confirmations, rows["trade"])),
        verdict_e4(settlement, sources["settlement_statements"], currencies(country_a, country_b),
                   second_source_notes(statements["confirmed_by"], "statements")
                   if settlement_shares is not None and "confirmed_by" in settlement_shares else [],
                   pair=(country_a, country_b)),
        verdict_e5(shares, country_a, country_b, sources["dependence"], mirrored,
                   _confirmed(confirmations, rows["dependence"])),
        verdict_e6(composition, reporter, partner, _confirmed(confirmations, rows["composition"])),
        verdict_e7(gas, europe_gas, importer, exporter, sorted(set(sources["gas"]) | set(sources["gas_europe"])),
                   _confirmed(confirmations, rows["gas"], rows["gas_europe"])),
        verdict_e8(imports, country_a, country_b, sources["imports"], _confirmed(confirmations, rows["imports"])),
    ]
    seam = trade_seam(trade_rows[(trade_rows["entity"] == reporter) & (trade_rows["indicator"] == "trade_usd")],
                      official)
    return EconomyResult(country_a, country_b, reporter, partner, trade, spans, shares, mirrored, importer,
                         exporter, crude, markets, gas, settlement, composition, imports, verdicts, sources, seam,
                         europe_gas)

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

Conventions, stated once here and quoted in the chapter:

- Bilateral trade is one reporter's record (``entity`` = reporter, ``partner`` =
  the other). The two sides' records differ (valuation, timing, re-exports) and
  are never mixed in one series: the chapter uses the reporter named in
  ``TRADE_REPORTER`` when it has figures, the other side's record otherwise.
- A country's goods trade with the world is its exports plus its imports, for years with both.
- A side whose customs do not record the pair's trade (Russia has not published trade by
  partner since 2022) is measured with the other side's record of the same flows: a mirror
  statistic, flagged as such.
- Growth over a span is the compound annual rate between its end points.
- A year without a figure stays a gap; nothing is interpolated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import pandas as pd

from analysis.config import entity_name
from analysis.data.indicators import select
from analysis.claims.verdicts import INSUFFICIENT_DATA, NOT_SUPPORTED, PARTLY_SUPPORTED, SUPPORTED, Verdict, all_some_none, percent

BILATERAL = ("exports_usd", "imports_usd", "trade_usd")
WORLD_FLOWS = ("goods_exports_usd", "goods_imports_usd")  # a country's goods trade with the world (partner empty)
BREAK_YEARS = (2014, 2022)  # Crimea and the first sanctions; the full-scale invasion and the sanctions after it

# E3: trade "soars" if it multiplied at least this many times over this many years...
E3_MULTIPLE = 2.0
E3_WINDOW_YEARS = 10
# ...and, for "supported", it also grew after each break (compound rate above zero).

# E5: a side depends on the other when the other takes at least this share of its trade.
E5_DEPENDENCE_SHARE = 0.10

# E1: the importer's crude imports from the exporter in the latest year against the last year
# before the 2022 break, and whether the exporter was the importer's largest recorded supplier.
E1_BASE_YEAR = 2021
E1_MIN_GROWTH = 0.20
# E2: pipeline gas in the latest year as a share of the pipeline's design capacity...
E2_CAPACITY_SHARE = 0.90
# ...and crude imports rising from the first full year of pipeline deliveries to the latest.

# E4: the latest stated share of the two national currencies in the pair's settlements (per cent)...
E4_SUPPORTED_SHARE = 90.0
E4_PARTLY_SHARE = 50.0
# ...and, for "supported", a rise from the earliest figure (a shift, not a constant state).
SETTLEMENT_BILATERAL = "national currencies in bilateral settlements"


# --- trade over time -----------------------------------------------------------------------

# A reporter's own record of its trade as an official compiler publishes it, each with the chapter's
# indicator it stands for. Listed from the least to the most preferred: each takes the place of the
# press reports (and of the records listed before it) for the flows and years it has.
OFFICIAL_TRADE_RECORDS: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("the IMF's Direction of Trade Statistics", "IMF", {"dots_exports_usd": "exports_usd", "dots_imports_usd": "imports_usd",
                                           "dots_goods_exports_usd": "goods_exports_usd",
                                           "dots_goods_imports_usd": "goods_imports_usd"}),
    ("UN Comtrade's records", "Comtrade", {"comtrade_exports_usd": "exports_usd", "comtrade_imports_usd": "imports_usd"}),
)
# Two flows that an official record replaces only together, and the total they make (None: no total kept).
FLOW_PAIRS: tuple[tuple[str, str, str | None], ...] = (
    ("exports_usd", "imports_usd", "trade_usd"),
    ("goods_exports_usd", "goods_imports_usd", None),
)
OFFICIAL_INDICATORS = frozenset(name for *_, mapping in OFFICIAL_TRADE_RECORDS for name in mapping)


def official_record_first(indicators: pd.DataFrame) -> pd.DataFrame:
    """The indicators with each year of a reporter's trade taken from the official records that hold both
    flows of that year, in place of the press reports of the same flows (and of their total).

    All are the same reporter's customs record; the official compilers' copies win over the press, and
    UN Comtrade, where a refresh has filled it, over the IMF's. A year no official record has keeps the
    press figures. The official indicators themselves do not remain in the table.
    """
    if not indicators["indicator"].isin(OFFICIAL_INDICATORS).any():
        return indicators
    merged = indicators[~indicators["indicator"].isin(OFFICIAL_INDICATORS)]
    for *_, mapping in OFFICIAL_TRADE_RECORDS:
        official = indicators[indicators["indicator"].isin(list(mapping))]
        merged = _replace_flows(merged, official.assign(indicator=official["indicator"].map(mapping)))
    return merged


def official_sources(indicators: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """source_id -> (name, short name) of the official record it belongs to, for the records in ``indicators``."""
    found: dict[str, tuple[str, str]] = {}
    for name, short, mapping in OFFICIAL_TRADE_RECORDS:
        for source_id in indicators.loc[indicators["indicator"].isin(list(mapping)), "source_id"].unique():
            found[source_id] = (name, short)
    return found


def trade_seam(trade_rows: pd.DataFrame, official: dict[str, tuple[str, str]]) -> tuple[int, tuple[str, str], int] | None:
    """Where a reporter's trade series passes from an official record to press reports of its customs:
    (first year of the press reports, the official record's (name, short name), its last year), or None.

    ``trade_rows`` are the reporter's ``trade_usd`` rows after ``official_record_first``.
    """
    by_year = trade_rows.sort_values("year").set_index("year")["source_id"]
    is_official = by_year.map(lambda source_id: source_id in official)
    if not is_official.any() or is_official.all():
        return None
    last_official = int(is_official[is_official].index.max())
    later = is_official[(is_official.index > last_official)]
    if later.empty:
        return None
    return int(later.index.min()), official[by_year.loc[last_official]], last_official


def _replace_flows(indicators: pd.DataFrame, official: pd.DataFrame) -> pd.DataFrame:
    """``indicators`` with every (reporter, partner, year) for which ``official`` has both flows of a pair
    taken from ``official``, the pair's total recomputed from them."""
    key = ["entity", "partner", "year"]
    for first, second, total in FLOW_PAIRS:
        flows = official[official["indicator"].isin([first, second])]
        if flows.empty:
            continue
        both = flows.pivot_table(index=key, columns="indicator", values="value", aggfunc="first")
        both = both.reindex(columns=[first, second]).dropna()
        covered_flows = flows[flows.set_index(key).index.isin(both.index)]
        replaced = (indicators["indicator"].isin([first, second, total])
                    & indicators.set_index(key).index.isin(both.index))
        pieces = [indicators[~replaced.to_numpy()], covered_flows]
        if total is not None:
            source = covered_flows.groupby(key)["source_id"].first()
            totals = (both.sum(axis=1).rename("value").reset_index()
                      .assign(indicator=total, unit="USD", source_id=source.reindex(both.index).to_numpy()))
            pieces.append(totals[list(indicators.columns)])
        indicators = pd.concat(pieces, ignore_index=True)
    return indicators


def bilateral_trade(indicators: pd.DataFrame, reporter: str, partner: str) -> pd.DataFrame:
    """Years as rows; the reporter's exports to, imports from and total trade with the partner (US$)."""
    frames = {name: select(indicators, name, [reporter], partner=partner).set_index("year")["value"]
              for name in BILATERAL}
    return pd.DataFrame(frames, columns=list(BILATERAL)).sort_index()


def growth_rates(series: pd.Series) -> pd.Series:
    """Year-on-year growth as a fraction, only between consecutive years that both have figures."""
    present = series.dropna()
    previous = present.shift(1)
    consecutive = pd.Series(present.index, index=present.index).diff() == 1
    return (present / previous - 1).where(consecutive).dropna()


def compound_growth(series: pd.Series, first_year: int, last_year: int) -> float | None:
    """Compound annual growth from ``first_year`` to ``last_year`` (None without both figures)."""
    if last_year <= first_year or first_year not in series.index or last_year not in series.index:
        return None
    start, end = series.loc[first_year], series.loc[last_year]
    if pd.isna(start) or pd.isna(end) or start <= 0:
        return None
    return float((end / start) ** (1 / (last_year - first_year)) - 1)


def growth_between_breaks(series: pd.Series, breaks: Sequence[int] = BREAK_YEARS) -> pd.DataFrame:
    """Compound annual growth over the spans the break years cut the series into.

    Spans run from break to break: with breaks 2014 and 2022 and figures 1992-2024 they
    are 1992-2014, 2014-2022 and 2022-2024. A span whose end points lack figures is left out.
    """
    present = series.dropna()
    if present.empty:
        return pd.DataFrame(columns=["span", "first", "last", "growth"])
    points = sorted({int(present.index.min()), *[year for year in breaks if present.index.min() < year
                                                 < present.index.max()], int(present.index.max())})
    rows = []
    for first, last in zip(points, points[1:]):
        rate = compound_growth(present, first, last)
        if rate is not None:
            rows.append({"span": f"{first}–{last}", "first": first, "last": last, "growth": rate})
    return pd.DataFrame(rows, columns=["span", "first", "last", "growth"])


def verdict_e3(trade: pd.Series, country_a: str, country_b: str, sources: Sequence[str]) -> Verdict:
    rule = (f"supported if trade in the latest year is at least {E3_MULTIPLE:.0f} times its level "
            f"{E3_WINDOW_YEARS} or more years earlier (the latest figure that far back) and grew in every span "
            f"between the breaks of "
            f"{' and '.join(map(str, BREAK_YEARS))}; partly supported if only one of the two holds; "
            "not supported otherwise")
    metric = f"bilateral trade now against {E3_WINDOW_YEARS} or more years earlier, and growth between the breaks"
    present = trade.dropna()
    if present.empty:
        return Verdict("E3", INSUFFICIENT_DATA, metric, "no trade figures", rule,
                       f"the snapshot holds no trade figures between {entity_name(country_a)} and "
                       f"{entity_name(country_b)}", tuple(sources))
    last = int(present.index.max())
    earlier = present.index[present.index <= last - E3_WINDOW_YEARS]
    if earlier.empty:
        return Verdict("E3", INSUFFICIENT_DATA, metric, f"no figure for {last - E3_WINDOW_YEARS} or before", rule,
                       f"the trade series has no figure {E3_WINDOW_YEARS} or more years before {last}", tuple(sources))
    first = int(earlier.max())
    multiple = float(present.loc[last] / present.loc[first])
    spans = growth_between_breaks(present)
    spans = spans[spans["last"] > first]  # spans that overlap the window
    grew_throughout = bool((spans["growth"] > 0).all()) if not spans.empty else False
    tests = [multiple >= E3_MULTIPLE, grew_throughout]
    described = "; ".join(f"{row.span} {row.growth:+.1%} a year" for row in spans.itertuples())
    value = f"{multiple:.1f}× from {first} to {last}; {described}"
    reason = (f"trade {'reached' if tests[0] else 'did not reach'} {E3_MULTIPLE:.0f} times its level of {first} and "
              f"{'grew in every span' if grew_throughout else 'fell in at least one span'}")
    return Verdict("E3", all_some_none(sum(tests), 2), metric, value, rule, reason, tuple(sources))


# --- dependence ------------------------------------------------------------------------------

def total_goods_trade(indicators: pd.DataFrame, country: str) -> pd.Series:
    """A country's goods exports plus imports with the world, by year (years with both only)."""
    flows = {name: select(indicators, name, [country]).set_index("year")["value"] for name in WORLD_FLOWS}
    return (flows["goods_exports_usd"] + flows["goods_imports_usd"]).dropna().sort_index()


def bilateral_record(indicators: pd.DataFrame, reporter: str, partner: str) -> tuple[pd.Series, pd.Series]:
    """The pair's trade by year from the reporter's record, filled from the partner's record where the
    reporter has none; and a flag, by year, of the figures taken from the partner (mirror figures)."""
    own = select(indicators, "trade_usd", [reporter], partner=partner).set_index("year")["value"]
    mirror = select(indicators, "trade_usd", [partner], partner=reporter).set_index("year")["value"]
    combined = own.combine_first(mirror).sort_index()
    return combined, pd.Series(~combined.index.isin(own.index), index=combined.index)


def share_in_total_trade(indicators: pd.DataFrame, reporter: str, partner: str) -> pd.Series:
    """The partner's share of the reporter's goods trade with the world, by year (mirror figures allowed)."""
    bilateral, _ = bilateral_record(indicators, reporter, partner)
    total = total_goods_trade(indicators, reporter)
    return (bilateral / total.where(total > 0)).dropna().sort_index()


def mirror_years(indicators: pd.DataFrame, reporter: str, partner: str) -> list[int]:
    """Years in which the reporter's share rests on the partner's record of the pair's trade."""
    total = total_goods_trade(indicators, reporter)
    _, mirrored = bilateral_record(indicators, reporter, partner)
    return [int(year) for year in mirrored[mirrored].index if year in total.index]


def dependence(indicators: pd.DataFrame, country_a: str, country_b: str) -> pd.DataFrame:
    """Each side's share of the other in its own trade: columns ``<b> in <a>`` and ``<a> in <b>``."""
    return pd.DataFrame({
        f"{country_b} in {country_a}": share_in_total_trade(indicators, country_a, country_b),
        f"{country_a} in {country_b}": share_in_total_trade(indicators, country_b, country_a),
    }).sort_index()


def verdict_e5(shares: pd.DataFrame, country_a: str, country_b: str, sources: Sequence[str],
               mirrored: dict[str, list[int]] | None = None) -> Verdict:
    name_a, name_b = entity_name(country_a), entity_name(country_b)
    rule = (f"supported if each takes at least {percent(E5_DEPENDENCE_SHARE, 0)} of the other's goods trade in the "
            f"latest year with both figures (mutual dependence); partly supported if only one does (one-sided); "
            f"not supported if neither does")
    metric = "each side's share of the other's goods trade"
    both = shares.dropna() if not shares.empty else shares
    if both.empty:
        return Verdict("E5", INSUFFICIENT_DATA, metric, "no figures for both sides", rule,
                       "the snapshot lacks bilateral or total trade for one of the two", tuple(sources))
    year = int(both.index.max())
    b_in_a, a_in_b = (float(both.loc[year, column]) for column in both.columns)
    tests = [b_in_a >= E5_DEPENDENCE_SHARE, a_in_b >= E5_DEPENDENCE_SHARE]
    value = (f"{name_b} {percent(b_in_a, 0)} of {name_a}'s trade, {name_a} {percent(a_in_b, 0)} of {name_b}'s, "
             f"in {year}")
    heavier = name_a if b_in_a > a_in_b else name_b
    reason = ("each depends on the other" if all(tests) else
              f"the dependence is one-sided: {heavier} leans on the other" if any(tests) else
              "neither depends much on the other")
    mirror_notes = [f"{entity_name(held)}'s share of {entity_name(holder)}'s trade in {year} uses "
                    f"{entity_name(held)}'s record of the pair's trade (a mirror figure)"
                    for column, years in (mirrored or {}).items() if year in years
                    for held, holder in [column.split(" in ")]]
    if mirror_notes:
        reason += "; " + "; ".join(mirror_notes)
    return Verdict("E5", all_some_none(sum(tests), 2), metric, value, rule, reason, tuple(sources))


# --- energy ----------------------------------------------------------------------------------

CRUDE = "crude_imports_t"
GAS = "pipeline_gas_m3"
CAPACITY = "pipeline_capacity_m3"
EUROPE = "EUU"  # the European Union, the market Russia's crude is said to be turning from


def flows(indicators: pd.DataFrame, indicator: str, importer: str) -> pd.DataFrame:
    """Years as rows, origins as columns (WLD: all origins), for one importer's energy indicator."""
    rows = indicators[(indicators["indicator"] == indicator) & (indicators["entity"] == importer)]
    if rows.empty:
        return pd.DataFrame()
    return rows.pivot(index="year", columns="partner", values="value").sort_index()


def crude_table(indicators: pd.DataFrame, importer: str, exporter: str) -> pd.DataFrame:
    """The importer's crude imports by origin with the exporter's share of the total (gaps stay gaps)."""
    crude = flows(indicators, CRUDE, importer)
    if crude.empty or exporter not in crude:
        return pd.DataFrame()
    if "WLD" in crude:
        crude["share"] = crude[exporter] / crude["WLD"]
    return crude


def markets_compared(indicators: pd.DataFrame, importer: str, exporter: str) -> pd.DataFrame:
    """The exporter's crude oil bought by the importer and by the European Union, by year (tonnes; gaps stay
    gaps): the importer's customs record against the EU's energy statistics."""
    columns = {buyer: select(indicators, CRUDE, [buyer], partner=exporter).set_index("year")["value"]
               for buyer in (importer, EUROPE)}
    return pd.DataFrame(columns).sort_index().dropna(how="all")


def verdict_e1(crude: pd.DataFrame, markets: pd.DataFrame, importer: str, exporter: str, sources: Sequence[str]
               ) -> Verdict:
    name_i, name_e = entity_name(importer), entity_name(exporter)
    rule = (f"three tests: {name_i}'s crude imports from {name_e} in the latest year with figures at least "
            f"{percent(E1_MIN_GROWTH, 0)} above {E1_BASE_YEAR} (the last year before the break of 2022); "
            f"{name_e} the largest of the origins recorded that year; and, in the latest year with both figures, "
            f"{name_i} buying more of {name_e}'s crude than the European Union; supported if all three pass, "
            "partly supported if one or two do, not supported if none")
    metric = f"{name_i}'s crude imports from {name_e} since {E1_BASE_YEAR}, its rank among origins, and the EU's"
    series = crude[exporter].dropna() if not crude.empty else pd.Series(dtype=float)
    if series.empty or E1_BASE_YEAR not in series.index or int(series.index.max()) <= E1_BASE_YEAR:
        return Verdict("E1", INSUFFICIENT_DATA, metric, "figures missing", rule,
                       f"the snapshot lacks {name_i}'s crude imports from {name_e} for {E1_BASE_YEAR} or later",
                       tuple(sources))
    year = int(series.index.max())
    growth = float(series.loc[year] / series.loc[E1_BASE_YEAR] - 1)
    origins = crude.loc[year].drop(labels=["WLD", "share"], errors="ignore").dropna()
    largest = bool(origins.idxmax() == exporter)
    tests = [round(growth, 9) >= E1_MIN_GROWTH, largest]  # rounded: 120/100 - 1 is not exactly 0.2 in floating point
    share = crude.loc[year, "share"] if "share" in crude and pd.notna(crude.loc[year, "share"]) else None
    value = (f"{series.loc[year] / 1e6:,.1f} Mt in {year}, {growth:+.0%} on {E1_BASE_YEAR}"
             + (f"; {percent(share, 0)} of {name_i}'s crude imports" if share is not None else ""))
    reason = (f"imports {'grew' if tests[0] else 'did not grow'} by the margin and {name_e} "
              f"{'was' if largest else 'was not'} the largest origin recorded in {year} "
              f"(against {', '.join(entity_name(code) for code in origins.index if code != exporter)})")
    both = markets.dropna() if EUROPE in markets and importer in markets else pd.DataFrame()
    if both.empty:
        reason += f"; the EU's imports from {name_e} are not in the snapshot, so that test fails for want of figures"
        tests.append(False)
    else:
        when = int(both.index.max())
        overtaken = bool(both.loc[when, importer] > both.loc[when, EUROPE])
        tests.append(overtaken)
        europe = markets[EUROPE].dropna()
        before = (f" ({europe.loc[E1_BASE_YEAR] / 1e6:,.1f} Mt in {E1_BASE_YEAR})"
                  if E1_BASE_YEAR in europe.index and E1_BASE_YEAR != when else "")
        value += f"; the EU {both.loc[when, EUROPE] / 1e6:,.1f} Mt from {name_e} in {when}{before}"
        reason += (f"; in {when} {name_i} {'bought more' if overtaken else 'did not buy more'} of {name_e}'s crude "
                   "than the EU")
    return Verdict("E1", all_some_none(sum(tests), 3), metric, value, rule, reason, tuple(sources))


def gas_against_capacity(indicators: pd.DataFrame, importer: str, exporter: str) -> pd.DataFrame:
    """Pipeline gas by year, and the design capacity stated for the pipeline (latest statement)."""
    gas = select(indicators, GAS, [importer], partner=exporter).set_index("year")["value"].sort_index()
    capacity = select(indicators, CAPACITY, [importer], partner=exporter).sort_values("year")
    table = pd.DataFrame({"gas": gas})
    if not capacity.empty and not table.empty:
        table["capacity"] = float(capacity["value"].iloc[-1])
        table["of_capacity"] = table["gas"] / table["capacity"]
    return table


def verdict_e2(gas: pd.DataFrame, crude: pd.DataFrame, importer: str, exporter: str, sources: Sequence[str]
               ) -> Verdict:
    name_i, name_e = entity_name(importer), entity_name(exporter)
    rule = (f"two tests: pipeline gas in the latest year at least {percent(E2_CAPACITY_SHARE, 0)} of the "
            f"pipeline's design capacity, and crude imports from {name_e} higher in the latest year than in the "
            "first full year of pipeline deliveries; supported if both pass, partly supported if one does, "
            "not supported if neither")
    metric = "pipeline gas against design capacity; crude oil since the pipeline opened"
    if gas.empty or "of_capacity" not in gas:
        return Verdict("E2", INSUFFICIENT_DATA, metric, "no pipeline figures", rule,
                       f"the snapshot lacks pipeline gas or capacity figures from {name_e} to {name_i}", tuple(sources))
    year = int(gas.index.max())
    used = float(gas.loc[year, "of_capacity"])
    first = int(gas.index.min())
    oil = crude[exporter].dropna() if not crude.empty and exporter in crude else pd.Series(dtype=float)
    oil_rose = first in oil.index and int(oil.index.max()) > first and oil.iloc[-1] > oil.loc[first]
    tests = [used >= E2_CAPACITY_SHARE, bool(oil_rose)]
    value = (f"{gas.loc[year, 'gas'] / 1e9:.1f} bcm in {year}, {percent(used, 0)} of "
             f"{gas.loc[year, 'capacity'] / 1e9:.0f} bcm capacity"
             + (f"; crude {oil.loc[first] / 1e6:.1f} Mt in {first}, {oil.iloc[-1] / 1e6:.1f} Mt in "
                f"{int(oil.index.max())}" if first in oil.index else ""))
    reason = (f"the pipeline {'ran at' if tests[0] else 'stayed below'} {percent(E2_CAPACITY_SHARE, 0)} of capacity "
              f"and crude imports {'rose' if tests[1] else 'did not rise'} since {first}")
    return Verdict("E2", all_some_none(sum(tests), 2), metric, value, rule, reason, tuple(sources))


# --- settlement currencies --------------------------------------------------------------------

def load_settlement_shares() -> pd.DataFrame:
    from analysis.data import load_table

    return load_table("settlement_shares", "settlement_shares")


def period_midpoint(period: str) -> pd.Timestamp:
    """'2020' -> 1 July 2020 (a year's figure is drawn mid-year); '2023-06' -> 15 June 2023."""
    if len(period) == 4:
        return pd.Timestamp(f"{period}-07-01")
    return pd.Timestamp(f"{period}-15")


def settlement_points(table: pd.DataFrame, country_a: str, country_b: str) -> pd.DataFrame:
    """The pair's settlement figures: series (the measure), when (mid-period), share (fraction), who, source."""
    columns = ["series", "when", "period", "share", "qualifier", "speaker", "reported", "source_id"]
    rows = table[table["pair"] == "-".join(sorted((country_a, country_b)))] if not table.empty else table
    if rows.empty:
        return pd.DataFrame(columns=columns).astype({"when": "datetime64[ns]", "share": float})
    return pd.DataFrame({
        "series": rows["measure"],
        "when": rows["period"].map(period_midpoint),
        "period": rows["period"],
        "share": rows["share_pct"].astype(float) / 100,
        "qualifier": rows["qualifier"],
        "speaker": rows["speaker"],
        "reported": rows["reported"],
        "source_id": rows["source_id"],
    }, columns=columns).sort_values(["when", "reported"], ignore_index=True)


def verdict_e4(points: pd.DataFrame, sources: Sequence[str]) -> Verdict:
    rule = (f"from the dated figures for the share of the two national currencies in the pair's settlements: "
            f"supported if the latest is at least {E4_SUPPORTED_SHARE:.0f} % and above the earliest (a shift, not a "
            f"constant); partly supported if the latest is at least {E4_PARTLY_SHARE:.0f} %; not supported otherwise")
    metric = "share of rubles and yuan in the pair's settlements, as officially stated"
    bilateral = points[points["series"] == SETTLEMENT_BILATERAL] if not points.empty else points
    if bilateral.empty:
        return Verdict("E4", INSUFFICIENT_DATA, metric, "no dated figures", rule,
                       "the snapshot holds no dated figures on the currencies of the pair's settlements", tuple(sources))
    earliest, latest = bilateral.iloc[0], bilateral.iloc[-1]
    share = latest["share"] * 100
    rose = latest["share"] > earliest["share"]
    verdict = (SUPPORTED if share >= E4_SUPPORTED_SHARE and rose else
               PARTLY_SUPPORTED if share >= E4_PARTLY_SHARE else NOT_SUPPORTED)
    qualifier = "" if latest["qualifier"] == "as stated" else f"{latest['qualifier']} "
    value = (f"{qualifier}{share:g} % ({latest['period']}, {latest['speaker'].split(',')[0]}), against "
             f"{earliest['share'] * 100:g} % in {earliest['period']}")
    reason = (f"the latest figure is {'at or above' if share >= E4_SUPPORTED_SHARE else 'below'} "
              f"{E4_SUPPORTED_SHARE:.0f} % and {'higher' if rose else 'not higher'} than the earliest; all figures are "
              "statements reported in the press, not a published statistic")
    return Verdict("E4", verdict, metric, value, rule, reason, tuple(sources))


def settlement_labels(analysis: "EconomyAnalysis") -> dict[str, str]:
    return {SETTLEMENT_BILATERAL: "rubles and yuan in the pair's settlements (officials' statements)",
            "yuan in bilateral settlements": "yuan alone in the pair's settlements (China's ambassador)",
            "yuan in Russia's export settlements": "yuan in Russia's export settlements, all partners",
            "yuan in Russia's import settlements": "yuan in Russia's import settlements, all partners"}


def settlement_statements(analysis: "EconomyAnalysis") -> pd.DataFrame:
    """The officials' statements behind E4, for display."""
    points = analysis.settlement
    rows = points[points["series"] == SETTLEMENT_BILATERAL] if not points.empty else points
    if rows.empty:
        return pd.DataFrame(columns=["Period", "Stated by", "Share", "Reported"])
    qualifier = rows["qualifier"].map({"as stated": "", "about": "about ", "more than": "more than "})
    return pd.DataFrame({
        "Period": rows["period"],
        "Stated by": rows["speaker"],
        "Share": qualifier + (rows["share"] * 100).map(lambda value: f"{value:g} %"),
        "Reported": rows["reported"],
    })


# --- composition -------------------------------------------------------------------------------

# The three families of goods the claim names, and the releases' broad groups in each. The groups are the
# customs' and ministry's own categories, not HS sections (see the catalog entry of trade_composition).
FARM, MANUFACTURES, RAW_MATERIALS = "farm goods", "manufactures", "raw materials"
FAMILIES = (FARM, MANUFACTURES, RAW_MATERIALS)
# indicator -> (group as shown, family, direction of the reporter's trade it belongs to)
GROUP_VALUES = {
    "exports_machinery_electrical_cny": ("mechanical and electrical products", MANUFACTURES, "exports"),
    "exports_labour_intensive_cny": ("labour-intensive products", MANUFACTURES, "exports"),
    "imports_farm_usd": ("agricultural products", FARM, "imports"),
}
GROUP_FLOORS = {"imports_minerals_energy_share_floor": ("mineral products and energy", RAW_MATERIALS, "imports")}
FARM_TRADE = "trade_farm_usd"  # both directions
# Mineral fuels (HS 27) the snapshot records by value: a lower bound of the group's share, as coal, pipeline
# gas and oil products are left out.
FUEL_VALUES = ("imports_crude_oil_usd", "imports_lng_usd")
CURRENCY_TOTALS = {"CNY": ("exports_cny", "imports_cny"), "USD": ("exports_usd", "imports_usd")}
COMPOSITION_COLUMNS = ["group", "family", "direction", "year", "share_of_direction", "share_of_trade", "floor",
                       "derived", "source_id"]

E6_DOMINANT_SHARE = 0.5  # a group above this share of one direction's trade dominates that direction
E6_MIN_FAMILY_SHARE = 0.01  # a family below this share of the two-way trade is, in effect, not traded
E6_RULE = (f"supported if farm goods, manufactures and raw materials each make up at least "
           f"{percent(E6_MIN_FAMILY_SHARE, 0)} of the two countries' trade and no single product group makes up "
           f"more than {percent(E6_DOMINANT_SHARE, 0)} of either direction; partly supported if all three are "
           f"traded but one group makes up more than {percent(E6_DOMINANT_SHARE, 0)} of a direction; not "
           f"supported if one of the three makes up less than {percent(E6_MIN_FAMILY_SHARE, 0)}; each share in the "
           "latest year the releases give it")


def _flows(indicators: pd.DataFrame, reporter: str, partner: str, year: int, currency: str
           ) -> tuple[float | None, float | None, list[str]]:
    """The year's (exports, imports, their source ids) of the reporter's trade with the partner, in ``currency``."""
    figures, sources = [], []
    for name in CURRENCY_TOTALS[currency]:
        rows = select(indicators, name, [reporter], partner=partner)
        rows = rows[rows["year"] == year]
        figures.append(float(rows["value"].iloc[0]) if not rows.empty else None)
        sources += rows["source_id"].tolist()
    return figures[0], figures[1], sources


def trade_composition(indicators: pd.DataFrame, reporter: str, partner: str) -> pd.DataFrame:
    """Each broad product group recorded in the reporter's trade with the partner, in the latest year with it:
    its share of that direction's trade and of the two-way trade (same year, same currency).

    ``floor`` marks a share the release states only as a lower bound ("more than 60 %"); ``derived`` a group
    worked out here rather than stated (farm exports: two-way farm trade less farm imports). A family's share
    is at least that of the largest group recorded in it.
    """
    rows = []

    def latest(name: str) -> pd.Series | None:
        found = select(indicators, name, [reporter], partner=partner).sort_values("year")
        return found.iloc[-1] if not found.empty else None

    def add(group: str, family: str, direction: str, year: int, sources: list[str], *, value: float | None = None,
            share: float | None = None, currency: str = "USD", floor: bool = False, derived: bool = False) -> None:
        """One group, from its value (in ``currency``) or its stated share of its flow."""
        exports, imports, total_sources = _flows(indicators, reporter, partner, year, currency)
        if share is not None and None in (exports, imports):  # a share needs only the flows' ratio: any currency
            exports, imports, total_sources = _flows(indicators, reporter, partner, year, "CNY" if currency == "USD" else "USD")
        flow = {"exports": exports, "imports": imports}.get(direction)
        two_way = None if None in (exports, imports) else exports + imports
        if share is None and value is not None and flow:
            share = value / flow
        amount = value if value is not None else (share * flow if share is not None and flow is not None else None)
        rows.append(dict(zip(COMPOSITION_COLUMNS, (
            group, family, direction, year, share, amount / two_way if amount is not None and two_way else None,
            floor, derived, ";".join(sorted(set(sources + total_sources)))))))

    for name, (group, family, direction) in GROUP_VALUES.items():
        row = latest(name)
        if row is not None:
            add(group, family, direction, int(row["year"]), [row["source_id"]], value=row["value"], currency=row["unit"])
    for name, (group, family, direction) in GROUP_FLOORS.items():
        row = latest(name)
        if row is not None:
            add(group, family, direction, int(row["year"]), [row["source_id"]], share=row["value"] / 100,
                currency="CNY", floor=True)
    farm_trade, farm_imports = latest(FARM_TRADE), latest("imports_farm_usd")
    if farm_trade is not None:
        year = int(farm_trade["year"])
        add("agricultural products, both ways", FARM, "both", year, [farm_trade["source_id"]], value=farm_trade["value"])
        if farm_imports is not None and int(farm_imports["year"]) == year:
            add("agricultural products", FARM, "exports", year, [farm_trade["source_id"], farm_imports["source_id"]],
                value=farm_trade["value"] - farm_imports["value"], derived=True)
    fuel = fuel_share_lower_bound(indicators, reporter, partner)
    if fuel is not None:
        year, share = fuel
        behind = pd.concat([select(indicators, name, [reporter], partner=partner) for name in FUEL_VALUES])
        add("crude oil and LNG", RAW_MATERIALS, "imports", year, behind.loc[behind["year"] == year, "source_id"].tolist(),
            share=share)
    return pd.DataFrame(rows, columns=COMPOSITION_COLUMNS)


def fuel_share_lower_bound(indicators: pd.DataFrame, importer: str, exporter: str) -> tuple[int, float] | None:
    """(year, share): crude oil and LNG as a share of the importer's imports from the exporter, in the latest
    year with all three figures; a floor of mineral fuels' share (None without the figures)."""
    series = {name: select(indicators, name, [importer], partner=exporter).set_index("year")["value"]
              for name in (*FUEL_VALUES, "imports_usd")}
    table = pd.DataFrame(series).dropna()
    if table.empty:
        return None
    year = int(table.index.max())
    return year, float(table.loc[year, list(FUEL_VALUES)].sum() / table.loc[year, "imports_usd"])


def composition_sources(composition: pd.DataFrame) -> list[str]:
    return sorted({source for joined in composition["source_id"] for source in joined.split(";") if source})


def verdict_e6(composition: pd.DataFrame, reporter: str, partner: str) -> Verdict:
    """E6 from the broad product groups recorded: are the three families traded, and does one group
    dominate a direction?"""
    metric = "composition of trade by broad product group, each way"
    sources = tuple(composition_sources(composition))
    if composition.empty:
        return Verdict("E6", INSUFFICIENT_DATA, metric, "not in the snapshot", E6_RULE,
                       "the snapshot holds no trade figures by product group", sources)
    name_r, name_p = entity_name(reporter), entity_name(partner)
    family_share = composition.groupby("family")["share_of_trade"].max()
    dominant = composition[(composition["share_of_direction"] > E6_DOMINANT_SHARE)
                           & composition["direction"].isin(["exports", "imports"])]
    dominant = dominant.sort_values("share_of_direction", ascending=False).drop_duplicates("direction")
    flows = {"exports": f"{name_r}'s exports to {name_p}", "imports": f"{name_r}'s imports from {name_p}"}
    leading = [f"{row.group} {'over ' if row.floor else ''}{percent(row.share_of_direction, 0)} of "
               f"{flows[row.direction]} ({row.year})" for row in dominant.itertuples()]
    missing = [family for family in FAMILIES if pd.isna(family_share.get(family))]
    recorded = [family for family in FAMILIES if family not in missing]
    smallest = min(recorded, key=lambda family: family_share[family]) if recorded else None
    present = [] if smallest is None else [
        f"the smallest family recorded, {smallest}, at least {percent(family_share[smallest], 0)} of the two-way "
        f"trade ({_family_year(composition, smallest)})"]
    value = "; ".join(leading + present)
    if missing:
        reason = (f"the snapshot has no share of the two-way trade for {', '.join(missing)}"
                  + ("; with one group above half of a direction, the claim can be at most partly supported"
                     if not dominant.empty else ""))
        return Verdict("E6", INSUFFICIENT_DATA, metric, value, E6_RULE, reason, sources)
    scarce = [family for family in FAMILIES if family_share[family] < E6_MIN_FAMILY_SHARE]
    if scarce:
        return Verdict("E6", NOT_SUPPORTED, metric, value, E6_RULE,
                       f"{', '.join(scarce)} make up less than {percent(E6_MIN_FAMILY_SHARE, 0)} of the trade", sources)
    if not dominant.empty:
        reason = ("all three families are traded, but one group of goods makes up more than half of "
                  + " and of ".join(flows[direction] for direction in dominant["direction"])
                  + ": the trade spans the three, while each direction leans on one kind of goods")
        return Verdict("E6", PARTLY_SUPPORTED, metric, value, E6_RULE, reason, sources)
    return Verdict("E6", SUPPORTED, metric, value, E6_RULE,
                   "all three families are traded and no group makes up more than half of a direction", sources)


def _family_year(composition: pd.DataFrame, family: str) -> int:
    rows = composition[composition["family"] == family].dropna(subset=["share_of_trade"])
    return int(rows.loc[rows["share_of_trade"].idxmax(), "year"])


def composition_display(analysis: "EconomyAnalysis") -> pd.DataFrame:
    """The groups recorded, for the chapter's table: shares as text, floors and derived figures marked."""
    table = analysis.composition
    if table.empty:
        return pd.DataFrame()
    name_r, name_p = entity_name(analysis.reporter), entity_name(analysis.partner)
    flows = {"exports": f"{name_r} to {name_p}", "imports": f"{name_p} to {name_r}", "both": "both ways"}

    def shown(share: float | None, floor: bool) -> str:
        return "" if share is None or pd.isna(share) else ("over " if floor else "") + percent(share, 0)

    order = {"exports": 0, "imports": 1, "both": 2}
    ordered = table.sort_values(["direction", "share_of_direction"], ascending=[True, False],
                                key=lambda column: column.map(order) if column.name == "direction" else column)
    return pd.DataFrame({
        "Goods": ordered["group"] + ordered["derived"].map(lambda derived: " (derived)" if derived else ""),
        "Family": ordered["family"],
        "Flow": ordered["direction"].map(flows),
        "Year": ordered["year"].astype(int),
        "Share of the flow": [shown(s, f) for s, f in zip(ordered["share_of_direction"], ordered["floor"])],
        "Share of two-way trade": [shown(s, f) for s, f in zip(ordered["share_of_trade"], ordered["floor"])],
    }).reset_index(drop=True)


# --- the chapter ---------------------------------------------------------------------------------

def trade_reporter(indicators: pd.DataFrame, country_a: str, country_b: str) -> tuple[str, str]:
    """(reporter, partner) whose record of the pair's trade the chapter uses: the reporter with more years
    of figures (the second country on a tie, China for the default pair, as the claims are about its customs)."""
    years = {code: select(indicators, "trade_usd", [code], partner=other)["year"].nunique()
             for code, other in ((country_a, country_b), (country_b, country_a))}
    return (country_a, country_b) if years[country_a] > years[country_b] else (country_b, country_a)


def energy_importer(indicators: pd.DataFrame, country_a: str, country_b: str) -> tuple[str, str]:
    """(importer, exporter) of the pair's energy flows: the direction the snapshot records (b imports by default)."""
    recorded = indicators[indicators["indicator"].isin([CRUDE, GAS])]
    if ((recorded["entity"] == country_a) & (recorded["partner"] == country_b)).any():
        return country_a, country_b
    return country_b, country_a


@dataclass(frozen=True)
class EconomyAnalysis:
    country_a: str
    country_b: str
    reporter: str
    partner: str
    trade: pd.DataFrame  # years: exports_usd, imports_usd, trade_usd (the reporter's record)
    growth_spans: pd.DataFrame
    shares: pd.DataFrame  # each side's share of the other in its trade
    mirrored: dict[str, list[int]]  # share column -> years resting on the other side's record
    importer: str
    exporter: str
    crude: pd.DataFrame
    markets: pd.DataFrame  # the exporter's crude bought by the importer and by the EU (see markets_compared)
    gas: pd.DataFrame
    settlement: pd.DataFrame  # dated shares of currencies in settlements (see settlement_points)
    composition: pd.DataFrame  # broad product groups recorded (see trade_composition)
    verdicts: list[Verdict]
    sources: dict[str, list[str]]
    seam: tuple[int, tuple[str, str], int] | None = None  # where the trade series passes from an official record to the press

    @property
    def reporter_name(self) -> str:
        return entity_name(self.reporter)

    @property
    def partner_name(self) -> str:
        return entity_name(self.partner)

    @property
    def importer_name(self) -> str:
        return entity_name(self.importer)

    @property
    def exporter_name(self) -> str:
        return entity_name(self.exporter)

    @property
    def gas_delivered(self) -> pd.Series:
        return self.gas["gas"] if "gas" in self.gas else pd.Series(dtype=float)

    @property
    def gas_capacity(self) -> float | None:
        return float(self.gas["capacity"].iloc[-1]) if "capacity" in self.gas else None


def _sources(rows: pd.DataFrame) -> list[str]:
    return sorted(rows["source_id"].unique()) if not rows.empty else []


def analyse(indicators: pd.DataFrame, country_a: str, country_b: str, start_year: int, end_year: int,
            settlement_shares: pd.DataFrame | None = None) -> EconomyAnalysis:
    """Trade, dependence, energy, settlement currencies and verdicts E1–E6 for the pair."""
    selected = indicators[indicators["year"].between(start_year, end_year)]
    official = official_sources(selected)
    within = official_record_first(selected)
    reporter, partner = trade_reporter(within, country_a, country_b)
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
    pair = {country_a, country_b}
    trade_rows = within[within["indicator"].isin(BILATERAL) & within["entity"].isin(pair) & within["partner"].isin(pair)]
    total_rows = within[within["indicator"].isin(WORLD_FLOWS) & within["entity"].isin(pair)]
    sources = {
        "trade": _sources(trade_rows[trade_rows["entity"] == reporter]),
        "dependence": _sources(pd.concat([trade_rows[trade_rows["indicator"] == "trade_usd"], total_rows])),
        "crude": _sources(within[(within["indicator"] == CRUDE) & (within["entity"] == importer)]),
        "markets": _sources(within[(within["indicator"] == CRUDE) & within["entity"].isin([importer, EUROPE])
                                   & (within["partner"] == exporter)]),
        "gas": _sources(within[within["indicator"].isin([GAS, CAPACITY]) & (within["entity"] == importer)
                               & (within["partner"] == exporter)]),
        "settlement": sorted(settlement["source_id"].unique()),
        "settlement_statements": sorted(settlement.loc[settlement["series"] == SETTLEMENT_BILATERAL, "source_id"].unique()),
        "composition": composition_sources(composition),
    }
    verdicts = [
        verdict_e1(crude, markets, importer, exporter, sorted(set(sources["crude"]) | set(sources["markets"]))),
        verdict_e2(gas, crude, importer, exporter, sources["gas"] + sources["crude"]),
        verdict_e3(total, reporter, partner, sources["trade"]),
        verdict_e4(settlement, sources["settlement_statements"]),
        verdict_e5(shares, country_a, country_b, sources["dependence"], mirrored),
        verdict_e6(composition, reporter, partner),
    ]
    seam = trade_seam(trade_rows[(trade_rows["entity"] == reporter) & (trade_rows["indicator"] == "trade_usd")],
                      official)
    return EconomyAnalysis(country_a, country_b, reporter, partner, trade, spans, shares, mirrored, importer,
                           exporter, crude, markets, gas, settlement, composition, verdicts, sources, seam)


def trade_chart_seam(analysis: EconomyAnalysis) -> tuple[int, str] | None:
    """The seam of the trade chart: (first year of the press reports, the label written beside it)."""
    if analysis.seam is None:
        return None
    first_press, (_, short), last_official = analysis.seam
    return first_press, f"{short} to {last_official} | press from {first_press}"


def trade_caption(analysis: EconomyAnalysis) -> str:
    """The trade chart's caption: whose record it shows and, where it changes source, from which year."""
    caption = f"Goods trade as {analysis.reporter_name}'s customs record it, current US dollars"
    if analysis.seam is not None:
        first_press, (name, _), last_official = analysis.seam
        caption += (f"; to {last_official} as {analysis.reporter_name} reported it to {name}, from {first_press} "
                    f"as news agencies reported {analysis.reporter_name}'s customs releases (dashed line)")
    return caption + "; dots mark years with a figure."


def crude_labels(analysis: EconomyAnalysis) -> dict[str, str]:
    """Legend labels of the crude chart: the exporter first, then the other origins recorded."""
    origins = [code for code in analysis.crude.columns if code not in ("WLD", "share")] if not analysis.crude.empty else []
    ordered = [analysis.exporter, *[code for code in origins if code != analysis.exporter]]
    return {code: f"from {entity_name(code)}" for code in ordered}


def market_labels(analysis: EconomyAnalysis) -> dict[str, str]:
    """Legend labels of the markets chart: the importer first, then the European Union."""
    return {analysis.importer: f"{analysis.importer_name}'s imports from {analysis.exporter_name} (its customs)",
            EUROPE: f"the EU's imports from {analysis.exporter_name} (Eurostat)"}


def trade_labels(analysis: EconomyAnalysis) -> dict[str, str]:
    name = entity_name(analysis.partner)
    return {"trade_usd": f"total trade with {name}", "exports_usd": f"exports to {name}",
            "imports_usd": f"imports from {name}"}


def share_labels(analysis: EconomyAnalysis) -> dict[str, str]:
    a, b = analysis.country_a, analysis.country_b
    labels = {f"{b} in {a}": f"{entity_name(b)}'s share of {entity_name(a)}'s trade",
              f"{a} in {b}": f"{entity_name(a)}'s share of {entity_name(b)}'s trade"}
    return {column: label + (" (mirror figure)" if analysis.mirrored.get(column)
                             else "") for column, label in labels.items()}


def spans_table(analysis: EconomyAnalysis) -> pd.DataFrame:
    """Growth between the breaks for display."""
    spans = analysis.growth_spans
    if spans.empty:
        return pd.DataFrame()
    return pd.DataFrame({"Span": spans["span"], "Growth a year": spans["growth"].map(lambda rate: f"{rate:+.1%}")})


def headline(analysis: EconomyAnalysis) -> dict[str, object]:
    figures: dict[str, object] = {}
    if "trade_usd" in analysis.trade and not analysis.trade["trade_usd"].dropna().empty:
        series = analysis.trade["trade_usd"].dropna()
        figures["trade_usd"] = {"value": float(series.iloc[-1]), "year": int(series.index[-1])}
    if not analysis.gas.empty:
        figures["pipeline_gas_m3"] = {"value": float(analysis.gas["gas"].iloc[-1]), "year": int(analysis.gas.index[-1])}
    return figures

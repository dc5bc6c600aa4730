"""The economy chapter's measures: trade, dependence, energy, settlement currencies and the goods traded,
and the result the chapter returns.

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

from dataclasses import dataclass, field
from typing import Sequence

import pandas as pd

from analysis.claims.verdicts import Verdict
from analysis.config import entity_name
from analysis.data.indicators import select

BILATERAL = ("exports_usd", "imports_usd", "trade_usd")
WORLD_FLOWS = ("goods_exports_usd", "goods_imports_usd")  # a country's goods trade with the world (partner empty)
BREAK_YEARS = (2014, 2022)  # Crimea and the first sanctions; the full-scale invasion and the sanctions after it

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


def import_share(indicators: pd.DataFrame, importer: str, exporter: str) -> pd.DataFrame:
    """The exporter's share of the importer's goods imports by year (columns share, mirror): from the importer's
    record of its imports from the exporter, or, in years it has none, from the exporter's record of its exports
    to the importer (mirror = True), over the importer's goods imports from the world."""
    own = select(indicators, "imports_usd", [importer], partner=exporter).set_index("year")["value"]
    mirror = select(indicators, "exports_usd", [exporter], partner=importer).set_index("year")["value"]
    total = select(indicators, "goods_imports_usd", [importer]).set_index("year")["value"]
    share = (own.combine_first(mirror) / total.where(total > 0)).dropna().sort_index()
    return pd.DataFrame({"share": share, "mirror": ~share.index.isin(own.index)})


def dependence(indicators: pd.DataFrame, country_a: str, country_b: str) -> pd.DataFrame:
    """Each side's share of the other in its own trade: columns ``<b> in <a>`` and ``<a> in <b>``."""
    return pd.DataFrame({
        f"{country_b} in {country_a}": share_in_total_trade(indicators, country_a, country_b),
        f"{country_a} in {country_b}": share_in_total_trade(indicators, country_b, country_a),
    }).sort_index()


# --- energy ----------------------------------------------------------------------------------

CRUDE = "crude_imports_t"
GAS = "pipeline_gas_m3"
CAPACITY = "pipeline_capacity_m3"
EUROPE = "EUU"  # the European Union, the market Russia's crude is said to be turning from
# Gazprom's pipeline gas exports beyond the former Soviet Union: Europe with Turkey, and from 2 December 2019
# China through Power of Siberia too (the company's own grouping; its pipeline export monopoly makes it Russia's).
GAS_BEYOND_CIS = "pipeline_gas_exports_beyond_cis_m3"
FIRST_GAS_TO_CHINA = 2019  # Power of Siberia's first year: December only, for which two Gazprom figures differ
EUROPE_GAS = "Europe"  # the column of Europe's (with Turkey's) pipeline gas beside the importer's
SIBERIA_BUYER = "CHN"  # the buyer at the end of Power of Siberia, whose deliveries Gazprom's total includes


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


def gas_against_capacity(indicators: pd.DataFrame, importer: str, exporter: str) -> pd.DataFrame:
    """Pipeline gas by year, and the design capacity stated for the pipeline (latest statement)."""
    gas = select(indicators, GAS, [importer], partner=exporter).set_index("year")["value"].sort_index()
    capacity = select(indicators, CAPACITY, [importer], partner=exporter).sort_values("year")
    table = pd.DataFrame({"gas": gas})
    if not capacity.empty and not table.empty:
        table["capacity"] = float(capacity["value"].iloc[-1])
        table["of_capacity"] = table["gas"] / table["capacity"]
    return table


def gas_to_europe(indicators: pd.DataFrame, exporter: str) -> pd.Series:
    """The exporter's pipeline gas to Europe and Turkey by year (cubic metres): Gazprom's exports beyond the
    former Soviet Union, less what the Power of Siberia delivered from its first full year. The year
    deliveries began has no figure (its December volume is not settled), nor has a later year without
    the pipeline's figure."""
    beyond = select(indicators, GAS_BEYOND_CIS, [exporter]).set_index("year")["value"].sort_index()
    to_china = select(indicators, GAS, [SIBERIA_BUYER], partner=exporter).set_index("year")["value"]
    before = beyond[beyond.index < FIRST_GAS_TO_CHINA]
    after = (beyond[beyond.index > FIRST_GAS_TO_CHINA] - to_china).dropna()
    return pd.concat([before, after]).sort_index()


def period_midpoint(period: str) -> pd.Timestamp:
    """'2020' -> 1 July 2020 (a year's figure is drawn mid-year); '2023-06' -> 15 June 2023."""
    if len(period) == 4:
        return pd.Timestamp(f"{period}-07-01")
    return pd.Timestamp(f"{period}-15")


def settlement_points(table: pd.DataFrame, country_a: str, country_b: str) -> pd.DataFrame:
    """The pair's settlement figures: series (the measure), when (mid-period), share (fraction), who, source."""
    columns = ["series", "when", "period", "share", "qualifier", "speaker", "reported", "source_id", "confirmed_by"]
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
        "confirmed_by": rows["confirmed_by"] if "confirmed_by" in rows else "",
    }, columns=columns).sort_values(["when", "reported"], ignore_index=True)


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
class EconomyResult:
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
    imports: pd.DataFrame  # country_b's share of country_a's goods imports by year (see import_share)
    verdicts: list[Verdict]
    sources: dict[str, list[str]]
    seam: tuple[int, tuple[str, str], int] | None = None  # where the trade series passes from an official record to the press
    gas_europe: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))  # see gas_to_europe

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
    def gas_markets(self) -> pd.DataFrame:
        """The exporter's pipeline gas to the importer and to Europe and Turkey by year (gaps stay gaps)."""
        return pd.DataFrame({self.importer: self.gas_delivered, EUROPE_GAS: self.gas_europe}).sort_index().dropna(how="all")

    @property
    def gas_capacity(self) -> float | None:
        return float(self.gas["capacity"].iloc[-1]) if "capacity" in self.gas else None

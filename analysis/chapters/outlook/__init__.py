"""The outlook: the size gap (O1), the asymmetry of dependence (O2) and simple projections (O3).

Projections here are trends carried forward, not forecasts: a straight line is
fitted to the logarithm of a series over a recent window (ordinary least
squares), extended a few years, and given a prediction interval from the
fit's own scatter (Student's t). They say where a series goes if it keeps its
recent pace, and how uncertain even that is; shocks, sanctions and policy are
not in them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from analysis.config import entity_name
from analysis.data.indicators import latest_year, wide
from analysis.claims.verdicts import INSUFFICIENT_DATA, NOT_SUPPORTED, PARTLY_SUPPORTED, SUPPORTED, Verdict, all_some_none

ECONOMIC_MEASURES = {"gdp_usd": "at market exchange rates", "gdp_ppp_usd": "at purchasing-power parity"}

# O1: one economy "dwarfs" the other when it is at least this many times larger.
O1_DWARF_RATIO = 5.0

# O3 projections: fit window, horizon and interval.
PROJECTION_WINDOW_YEARS = 15
PROJECTION_HORIZON_YEARS = 6
PREDICTION_LEVEL = 0.90


def size_ratio(indicators: pd.DataFrame, larger: str, smaller: str, start_year: int, end_year: int) -> pd.DataFrame:
    """GDP of ``larger`` divided by GDP of ``smaller``, per year, at market rates and at PPP."""
    ratios = {}
    for measure in ECONOMIC_MEASURES:
        table = wide(indicators, measure, [larger, smaller], start_year, end_year)
        ratios[measure] = table[larger] / table[smaller]
    return pd.DataFrame(ratios)


def verdict_o1(ratios: pd.DataFrame, larger: str, smaller: str, sources: Sequence[str]) -> Verdict:
    rule = (f"supported if {larger}'s GDP is at least {O1_DWARF_RATIO:.0f} times {smaller}'s in the latest year both "
            f"at market exchange rates and at purchasing-power parity; partly supported if on one of the two; "
            f"not supported otherwise")
    metric = f"GDP of {larger} / GDP of {smaller}, latest year"
    latest = {}
    for measure in ECONOMIC_MEASURES:
        series = ratios[measure] if measure in ratios else pd.Series(dtype=float)
        year = latest_year(series)
        if year is not None:
            latest[measure] = (float(series.loc[year]), year)
    if len(latest) < len(ECONOMIC_MEASURES):
        return Verdict("O1", INSUFFICIENT_DATA, metric, "no GDP figures for the pair", rule,
                       "GDP at market rates or at PPP is missing for one of the two", tuple(sources))
    value = "; ".join(f"{ECONOMIC_MEASURES[m]} {ratio:.1f}× ({year})" for m, (ratio, year) in latest.items())
    above = [m for m, (ratio, _) in latest.items() if ratio >= O1_DWARF_RATIO]
    verdict = all_some_none(len(above), len(ECONOMIC_MEASURES))
    reason = f"the ratio reaches {O1_DWARF_RATIO:.0f}× on {len(above)} of 2 measures"
    return Verdict("O1", verdict, metric, value, rule, reason, tuple(sources))


@dataclass(frozen=True)
class Projection:
    """A log-linear trend fitted to a series and carried forward with a prediction interval."""

    fitted_years: tuple[int, int]
    growth_rate: float  # per year, e.g. 0.05 for 5 %
    table: pd.DataFrame  # index year; columns value (observed), trend, lower, upper


def t_quantile(probability: float, degrees_of_freedom: int) -> float:
    from scipy.special import stdtrit

    return float(stdtrit(degrees_of_freedom, probability))


def project(series: pd.Series, window: int = PROJECTION_WINDOW_YEARS, horizon: int = PROJECTION_HORIZON_YEARS,
            level: float = PREDICTION_LEVEL) -> Projection | None:
    """Fit log(value) = a + b·year over the last ``window`` observed years and extend it ``horizon`` years.

    Returns None with fewer than five positive observations in the window.
    """
    observed = series[series > 0].dropna().sort_index()
    observed = observed[observed.index > observed.index.max() - window] if not observed.empty else observed
    if len(observed) < 5:
        return None
    years = observed.index.to_numpy(dtype=float)
    logs = np.log(observed.to_numpy(dtype=float))
    design = np.column_stack([np.ones_like(years), years - years.mean()])
    coefficients, *_ = np.linalg.lstsq(design, logs, rcond=None)
    residuals = logs - design @ coefficients
    dof = len(years) - 2
    sigma = float(np.sqrt(residuals @ residuals / dof))
    future = np.arange(int(years.min()), int(years.max()) + horizon + 1, dtype=float)
    centred = future - years.mean()
    trend = coefficients[0] + coefficients[1] * centred
    leverage = 1 / len(years) + centred ** 2 / ((years - years.mean()) ** 2).sum()
    half_width = t_quantile(0.5 + level / 2, dof) * sigma * np.sqrt(1 + leverage)
    table = pd.DataFrame({"trend": np.exp(trend), "lower": np.exp(trend - half_width),
                          "upper": np.exp(trend + half_width)}, index=pd.Index(future.astype(int), name="year"))
    table.insert(0, "value", series.reindex(table.index))
    return Projection((int(years.min()), int(years.max())), float(np.exp(coefficients[1]) - 1), table)


def verdict_o3(projections: dict[str, Projection | None], needed: Sequence[str], sources: Sequence[str]) -> Verdict:
    """O3 needs projections of the partnership's own series (trade, gas); GDP alone cannot decide it."""
    rule = ("supported if the trend projections of bilateral trade and of crude oil deliveries both rise, the "
            "lower edge of their prediction interval at the horizon above the latest observed value; partly "
            "supported if one does; not supported otherwise (pipeline gas, at its design capacity, is not projected)")
    metric = "trend projections of the partnership's own series"
    missing = [name for name in needed if projections.get(name) is None]
    if missing:
        return Verdict("O3", INSUFFICIENT_DATA, metric, f"no series for {', '.join(missing)}", rule,
                       f"the snapshot does not yet hold {', '.join(missing)}, and the rule needs every one of "
                       f"{', '.join(needed)}", tuple(sources))
    rising = []
    for name in needed:
        projection = projections[name]
        last_observed = projection.table["value"].dropna()
        if projection.table["lower"].iloc[-1] > last_observed.iloc[-1]:
            rising.append(name)
    verdict = all_some_none(len(rising), len(needed))
    return Verdict("O3", verdict, metric, ", ".join(rising) or "none rising", rule,
                   f"{len(rising)} of {len(needed)} series keep rising beyond their uncertainty", tuple(sources))


# O2: the dependence is one-sided when one share is at least this many times the other...
O2_ASYMMETRY = 3.0
# ...and the gap counts as growing if the ratio rose over this many years.
O2_WINDOW_YEARS = 10


def verdict_o2(share_of_b_in_a: pd.Series, share_of_a_in_b: pd.Series, country_a: str, country_b: str,
               sources: Sequence[str]) -> Verdict:
    """O2 from each side's share in the other's total trade (fractions, by year)."""
    rule = (f"supported if {country_b}'s share in {country_a}'s trade is at least {O2_ASYMMETRY:.0f} times "
            f"{country_a}'s share in {country_b}'s in the latest year and that multiple rose over "
            f"{O2_WINDOW_YEARS} years; partly supported if only the first holds; not supported otherwise")
    metric = f"{country_b}'s share in {country_a}'s trade / {country_a}'s share in {country_b}'s"
    multiple = (share_of_b_in_a / share_of_a_in_b).dropna()
    if multiple.empty:
        return Verdict("O2", INSUFFICIENT_DATA, metric, "no trade figures", rule,
                       "the snapshot does not yet hold bilateral and total trade for the pair", tuple(sources))
    end = int(multiple.index.max())
    latest = float(multiple.loc[end])
    earlier = multiple.get(end - O2_WINDOW_YEARS)
    value = f"{latest:.1f}× in {end}" + (f" ({float(earlier):.1f}× in {end - O2_WINDOW_YEARS})" if earlier is not None else "")
    if latest >= O2_ASYMMETRY and earlier is not None and latest > float(earlier):
        verdict = SUPPORTED
    elif latest >= O2_ASYMMETRY:
        verdict = PARTLY_SUPPORTED
    else:
        verdict = NOT_SUPPORTED
    reason = f"the dependence is {latest:.1f} times heavier on {country_a}'s side"
    return Verdict("O2", verdict, metric, value, rule, reason, tuple(sources))


BILATERAL_TRADE = "trade_usd"  # entity = reporter, partner = the other
# O3 projects the partnership's own flows. Pipeline gas is left out: it is bounded by the pipeline's
# design capacity, which it has reached, so a trend carried past it would mean nothing.
PROJECTED_SERIES = ("bilateral trade", "crude oil")


def partnership_series(indicators: pd.DataFrame, country_a: str, country_b: str, start_year: int, end_year: int
                       ) -> dict[str, pd.Series]:
    """The flows O3 projects, as the economy chapter reads them: bilateral trade (one reporter's record)
    and crude oil from the exporter to the importer (tonnes). A series not in the snapshot is empty."""
    from analysis.chapters import economy

    within = indicators[indicators["year"].between(start_year, end_year)]
    reporter, partner = economy.trade_reporter(within, country_a, country_b)
    trade = economy.bilateral_trade(within, reporter, partner)["trade_usd"].dropna()
    importer, exporter = economy.energy_importer(within, country_a, country_b)
    crude = economy.flows(within, economy.CRUDE, importer)
    crude = crude[exporter].dropna() if exporter in crude else pd.Series(dtype=float)
    return {"bilateral trade": trade, "crude oil": crude}


def trade_share(indicators: pd.DataFrame, reporter: str, partner: str) -> pd.Series:
    """The partner's share in the reporter's goods trade, by year, as the economy chapter measures it."""
    from analysis.chapters.economy import share_in_total_trade

    return share_in_total_trade(indicators, reporter, partner)


@dataclass(frozen=True)
class OutlookAnalysis:
    country_a: str
    country_b: str
    larger: str
    smaller: str
    size_ratios: pd.DataFrame
    ratio_projection: Projection | None
    flow_projections: dict[str, Projection | None]  # O3: bilateral trade and crude oil
    verdicts: list[Verdict]
    source_ids: list[str]
    flow_source_ids: dict[str, list[str]]
    shares: pd.DataFrame  # O2: each side's share of the other in its trade, years with both
    trade_source_ids: list[str]

    @property
    def larger_name(self) -> str:
        return entity_name(self.larger)

    @property
    def smaller_name(self) -> str:
        return entity_name(self.smaller)


def analyse(indicators: pd.DataFrame, country_a: str, country_b: str, start_year: int, end_year: int
            ) -> OutlookAnalysis:
    """The size gap, the dependence asymmetry and the projections, with verdicts O1–O3."""
    from analysis.chapters.economy import official_record_first

    indicators = official_record_first(indicators)
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
    from analysis.chapters import economy

    pair = [country_a, country_b]
    trade_ids = sorted(indicators.loc[(indicators["indicator"].isin([BILATERAL_TRADE, *economy.WORLD_FLOWS]))
                                      & indicators["entity"].isin(pair), "source_id"].unique())
    flows = partnership_series(indicators, country_a, country_b, start_year, end_year)
    flow_projections = {name: project(series) for name, series in flows.items()}
    between_pair = indicators["entity"].isin(pair) & indicators["partner"].isin(pair)
    flow_ids = {name: sorted(indicators.loc[(indicators["indicator"] == indicator) & between_pair, "source_id"].unique())
                for name, indicator in (("bilateral trade", BILATERAL_TRADE), ("crude oil", economy.CRUDE))}
    share_b_in_a, share_a_in_b = trade_share(indicators, country_a, country_b), trade_share(indicators, country_b, country_a)
    shares = pd.DataFrame({"b_in_a": share_b_in_a, "a_in_b": share_a_in_b}).dropna()
    verdicts = [
        verdict_o1(ratios, entity_name(larger), entity_name(smaller), source_ids),
        verdict_o2(share_b_in_a, share_a_in_b, entity_name(country_a), entity_name(country_b), trade_ids),
        verdict_o3(flow_projections, PROJECTED_SERIES, sorted({i for ids in flow_ids.values() for i in ids})),
    ]
    return OutlookAnalysis(country_a, country_b, larger, smaller, ratios, projection, flow_projections, verdicts,
                           source_ids, flow_ids, shares, trade_ids)


def asymmetry_table(analysis: OutlookAnalysis) -> pd.DataFrame:
    """Years with both shares: each side's share of the other, and how many times heavier the first is."""
    shares = analysis.shares
    if shares.empty:
        return pd.DataFrame(columns=["Year"])
    name_a, name_b = entity_name(analysis.country_a), entity_name(analysis.country_b)
    return pd.DataFrame({
        "Year": shares.index.astype(int),
        f"{name_b} in {name_a}'s trade": shares["b_in_a"].map(lambda share: f"{share:.1%}"),
        f"{name_a} in {name_b}'s trade": shares["a_in_b"].map(lambda share: f"{share:.1%}"),
        "Ratio": (shares["b_in_a"] / shares["a_in_b"]).map(lambda ratio: f"{ratio:.1f}×"),
    })


def headline(analysis: OutlookAnalysis) -> dict[str, object]:
    figures: dict[str, object] = {"larger": analysis.larger, "smaller": analysis.smaller}
    for measure in ECONOMIC_MEASURES:
        series = analysis.size_ratios[measure]
        year = latest_year(series)
        if year is not None:
            figures[f"size_ratio_{measure}"] = {"value": round(float(series.loc[year]), 3), "year": year}
    return figures


def projection_note(analysis: OutlookAnalysis) -> str:
    projection = analysis.ratio_projection
    if projection is None:
        return "Too few GDP figures to fit a trend."
    end = projection.table.iloc[-1]
    return (f"On its {projection.fitted_years[0]}–{projection.fitted_years[1]} trend the ratio at purchasing-power "
            f"parity changes by {projection.growth_rate:+.1%} a year and would stand at {end['trend']:.1f}× in "
            f"{projection.table.index[-1]}, with a {PREDICTION_LEVEL:.0%} prediction interval of "
            f"{end['lower']:.1f}× to {end['upper']:.1f}×. This carries the recent pace forward; it is not a forecast.")


def flow_note(analysis: OutlookAnalysis, name: str, scale: float, amount: str, described: str = "") -> str:
    """One sentence on where a projected flow would stand at the horizon, or why it is not projected.

    ``amount`` formats a scaled value, e.g. ``"US${:,.0f} bn"`` or ``"{:,.0f} million tonnes"``.
    """
    projection = analysis.flow_projections.get(name)
    described = described or name
    if projection is None:
        return (f"The snapshot holds too few figures of {described} (at least five in the last fifteen years) "
                "to fit a trend.")
    end = projection.table.iloc[-1]
    last = projection.table["value"].dropna()
    return (f"On its {projection.fitted_years[0]}–{projection.fitted_years[1]} trend, {described} changes by "
            f"{projection.growth_rate:+.1%} a year and would reach {amount.format(end['trend'] / scale)} in "
            f"{projection.table.index[-1]} ({PREDICTION_LEVEL:.0%} prediction interval "
            f"{amount.format(end['lower'] / scale)} to {amount.format(end['upper'] / scale)}), against "
            f"{amount.format(last.iloc[-1] / scale)} in {int(last.index[-1])}. This carries the recent pace forward; "
            "it is not a forecast.")

"""The outlook chapter's measures: the size ratio, the shares of each side in the other's trade and the
trend projections, and the result the chapter returns."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.claims.verdicts import Verdict
from analysis.config import entity_name
from analysis.data.indicators import wide
from analysis.chapters.economy.measures import (CRUDE, bilateral_trade, energy_importer, flows, share_in_total_trade,
                                                trade_reporter)

ECONOMIC_MEASURES = {"gdp_usd": "at market exchange rates", "gdp_ppp_usd": "at purchasing-power parity"}

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


BILATERAL_TRADE = "trade_usd"  # entity = reporter, partner = the other

# O3 projects the partnership's own flows. Pipeline gas is left out: it is bounded by the pipeline's
# design capacity, which it has reached, so a trend carried past it would mean nothing.
PROJECTED_SERIES = ("bilateral trade", "crude oil")


def partnership_series(indicators: pd.DataFrame, country_a: str, country_b: str, start_year: int, end_year: int
                       ) -> dict[str, pd.Series]:
    """The flows O3 projects, as the economy chapter reads them: bilateral trade (one reporter's record)
    and crude oil from the exporter to the importer (tonnes). A series not in the snapshot is empty."""
    within = indicators[indicators["year"].between(start_year, end_year)]
    reporter, partner = trade_reporter(within, country_a, country_b)
    trade = bilateral_trade(within, reporter, partner)["trade_usd"].dropna()
    importer, exporter = energy_importer(within, country_a, country_b)
    crude = flows(within, CRUDE, importer)
    crude = crude[exporter].dropna() if exporter in crude else pd.Series(dtype=float)
    return {"bilateral trade": trade, "crude oil": crude}


def trade_share(indicators: pd.DataFrame, reporter: str, partner: str) -> pd.Series:
    """The partner's share in the reporter's goods trade, by year, as the economy chapter measures it."""
    return share_in_total_trade(indicators, reporter, partner)


@dataclass(frozen=True)
class OutlookResult:
    country_a: str
    country_b: str
    larger: str
    smaller: str
    size_ratios: pd.DataFrame
    ratio_projection: Projection | None
    flow_projections: dict[str, Projection | None]  # O3: bilateral trade and crude oil
    verdicts: list[Verdict]
    shares: pd.DataFrame  # O2: each side's share of the other in its trade, years with both
    sources: dict[str, list[str]]  # figure -> source ids: 'size', 'asymmetry' and each projected flow

    @property
    def larger_name(self) -> str:
        return entity_name(self.larger)

    @property
    def smaller_name(self) -> str:
        return entity_name(self.smaller)

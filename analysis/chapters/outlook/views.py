"""What the outlook chapter shows: tables and notes made from its result, and its headline figures."""

from __future__ import annotations

import pandas as pd

from analysis.config import entity_name
from analysis.data.indicators import latest_year, years_drawn  # noqa: F401 (for the notebook)
from analysis.chapters.outlook.measures import ECONOMIC_MEASURES, PREDICTION_LEVEL, OutlookResult

def asymmetry_table(result: OutlookResult) -> pd.DataFrame:
    """Years with both shares: each side's share of the other, and how many times heavier the first is."""
    shares = result.shares
    if shares.empty:
        return pd.DataFrame(columns=["Year"])
    name_a, name_b = entity_name(result.country_a), entity_name(result.country_b)
    return pd.DataFrame({
        "Year": shares.index.astype(int),
        f"{name_b} in {name_a}'s trade": shares["b_in_a"].map(lambda share: f"{share:.1%}"),
        f"{name_a} in {name_b}'s trade": shares["a_in_b"].map(lambda share: f"{share:.1%}"),
        "Ratio": (shares["b_in_a"] / shares["a_in_b"]).map(lambda ratio: f"{ratio:.1f}×"),
    })


def headline(result: OutlookResult) -> dict[str, object]:
    figures: dict[str, object] = {"larger": result.larger, "smaller": result.smaller}
    for measure in ECONOMIC_MEASURES:
        series = result.size_ratios[measure]
        year = latest_year(series)
        if year is not None:
            figures[f"size_ratio_{measure}"] = {"value": round(float(series.loc[year]), 3), "year": year}
    return figures


def projection_note(result: OutlookResult) -> str:
    projection = result.ratio_projection
    if projection is None:
        return "Too few GDP figures to fit a trend."
    end = projection.table.iloc[-1]
    return (f"On its {projection.fitted_years[0]}–{projection.fitted_years[1]} trend the ratio at purchasing-power "
            f"parity changes by {projection.growth_rate:+.1%} a year and would stand at {end['trend']:.1f}× in "
            f"{projection.table.index[-1]}, with a {PREDICTION_LEVEL:.0%} prediction interval of "
            f"{end['lower']:.1f}× to {end['upper']:.1f}×. This carries the recent pace forward; it is not a forecast.")


def flow_note(result: OutlookResult, name: str, scale: float, amount: str, described: str = "") -> str:
    """One sentence on where a projected flow would stand at the horizon, or why it is not projected.

    ``amount`` formats a scaled value, e.g. ``"US${:,.0f} bn"`` or ``"{:,.0f} million tonnes"``.
    """
    projection = result.flow_projections.get(name)
    described = described or name
    if projection is None:
        return (f"The data hold too few figures of {described} (at least five in the last fifteen years) "
                "to fit a trend.")
    end = projection.table.iloc[-1]
    last = projection.table["value"].dropna()
    return (f"On its {projection.fitted_years[0]}–{projection.fitted_years[1]} trend, {described} changes by "
            f"{projection.growth_rate:+.1%} a year and would reach {amount.format(end['trend'] / scale)} in "
            f"{projection.table.index[-1]} ({PREDICTION_LEVEL:.0%} prediction interval "
            f"{amount.format(end['lower'] / scale)} to {amount.format(end['upper'] / scale)}), against "
            f"{amount.format(last.iloc[-1] / scale)} in {int(last.index[-1])}. This carries the recent pace forward; "
            "it is not a forecast.")

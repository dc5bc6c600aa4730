"""The outlook chapter's verdict rules (claims O1–O3), their thresholds first."""

from __future__ import annotations

from typing import Sequence

import pandas as pd

from analysis.claims.verdicts import (INSUFFICIENT_DATA, NOT_SUPPORTED, PARTLY_SUPPORTED, SUPPORTED,
                                      all_some_none, Verdict)
from analysis.data.indicators import latest_year
from analysis.chapters.outlook.measures import ECONOMIC_MEASURES, Projection

# O1: one economy "dwarfs" the other when it is at least this many times larger.
O1_DWARF_RATIO = 5.0

# O2: the dependence is one-sided when one share is at least this many times the other...
O2_ASYMMETRY = 3.0

# ...and the gap counts as growing if the ratio rose over this many years.
O2_WINDOW_YEARS = 10


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

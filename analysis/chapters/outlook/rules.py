"""The outlook chapter's verdict rules (claims O1–O3), their thresholds first."""

from __future__ import annotations

from typing import Sequence

import pandas as pd

from analysis.claims.verdicts import (GROWTH, TIMES, Check, Comparison, graded, insufficient, judge, Verdict, written)
from analysis.data.indicators import latest_year
from analysis.chapters.outlook.measures import ECONOMIC_MEASURES, Projection

# O1: one economy "dwarfs" the other when it is at least this many times larger.
O1_DWARF_RATIO = 5.0

# O2: the dependence is one-sided when one share is at least this many times the other...
O2_ASYMMETRY = 3.0

# ...and the gap counts as growing if the ratio rose over this many years; when that year has no figure,
# the nearest year with one within this many years of it stands in (and the card says so).
O2_WINDOW_YEARS = 10
O2_NEAREST_YEARS = 2

# O3 is a forecast, which no data can test; the data can test momentum: whether each of the partnership's
# own series (bilateral trade, crude oil deliveries) still rose over the latest years, at no less than this
# share of its long-run trend rate (the log-linear trend the projections use). The projections are shown
# as context, never as the evidence.
O3_RECENT_YEARS = 2
O3_MOMENTUM_SHARE = 0.5


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
        return insufficient("O1", metric, rule, "no GDP figures for the pair",
                            "GDP at market rates or at PPP is missing for one of the two", sources)
    value = "; ".join(f"{ECONOMIC_MEASURES[m]} {written(ratio, TIMES)} ({year})" for m, (ratio, year) in latest.items())
    tests = [Comparison(f"{larger}'s GDP as a multiple of {smaller}'s {ECONOMIC_MEASURES[measure]} in {year}", ratio,
                        O1_DWARF_RATIO, TIMES) for measure, (ratio, year) in latest.items()]
    return judge("O1", metric, rule, value, tests, sources)


def recent_growth(series: pd.Series, years: int = O3_RECENT_YEARS) -> tuple[int, int, float] | None:
    """(first year, last year, compound growth a year) over the latest ``years`` years with figures."""
    present = series.dropna()
    if present.empty:
        return None
    last = int(present.index.max())
    first = last - years
    if first not in present.index or present.loc[first] <= 0:
        return None
    return first, last, float((present.loc[last] / present.loc[first]) ** (1 / years) - 1)


def verdict_o3(projections: dict[str, Projection | None], needed: Sequence[str], sources: Sequence[str]) -> Verdict:
    """O3 from the momentum of the partnership's own series: the latest years against their long-run trend."""
    rule = (f"a forecast cannot be tested, so the rule tests momentum: supported if bilateral trade and crude oil "
            f"deliveries both grew over the latest {O3_RECENT_YEARS} years at no less than "
            f"{O3_MOMENTUM_SHARE:.0%} of their long-run trend rate (and above zero); partly supported if one did; "
            "not supported otherwise; the projections are context, not evidence")
    metric = f"growth of the partnership's own series over the latest {O3_RECENT_YEARS} years against their trend"
    missing = [name for name in needed if projections.get(name) is None]
    if missing:
        return insufficient("O3", metric, rule, f"no series for {', '.join(missing)}",
                            f"the data do not hold {', '.join(missing)}, and the rule needs every one of "
                            f"{', '.join(needed)}", sources)
    tests, shown = [], []
    for name in needed:
        projection = projections[name]
        recent = recent_growth(projection.table["value"])
        if recent is None:
            tests.append(Check(False, "", f"{name} has no figure {O3_RECENT_YEARS} years before its latest"))
            continue
        first, last, rate = recent
        pace = max(0.0, O3_MOMENTUM_SHARE * projection.growth_rate)
        fitted = f"{projection.fitted_years[0]}–{projection.fitted_years[1]}"
        tests.append(Comparison(f"{name}, growth a year {first}–{last}", rate, pace, GROWTH, above=pace == 0,
                                threshold_label=f"{O3_MOMENTUM_SHARE:.0%} of its trend rate of "
                                                f"{projection.growth_rate:+.1%} a year over {fitted}, or zero",
                                rule_threshold=False))
        shown.append(f"{name} {rate:+.1%} a year {first}–{last} against a trend of {projection.growth_rate:+.1%}")
    return judge("O3", metric, rule, "; ".join(shown), tests, sources)


def nearest_year(series: pd.Series, year: int, within: int = O2_NEAREST_YEARS) -> int | None:
    """``year`` if the series has it, else the nearest year with a figure within ``within`` years (earlier first)."""
    present = series.dropna()
    for distance in range(within + 1):
        for candidate in (year - distance, year + distance):
            if candidate in present.index:
                return int(candidate)
    return None


def o2_decision(results: Sequence[bool]) -> str:
    """O2's grading (one-sided in the latest year; more one-sided than a decade earlier)."""
    one_sided, growing = results
    return graded(one_sided and growing, one_sided)


def verdict_o2(share_of_b_in_a: pd.Series, share_of_a_in_b: pd.Series, country_a: str, country_b: str,
               sources: Sequence[str]) -> Verdict:
    """O2 from each side's share in the other's total trade (fractions, by year)."""
    rule = (f"supported if {country_b}'s share in {country_a}'s trade is at least {O2_ASYMMETRY:.0f} times "
            f"{country_a}'s share in {country_b}'s in the latest year and that multiple rose over "
            f"{O2_WINDOW_YEARS} years (the nearest year with figures within {O2_NEAREST_YEARS} years standing in "
            "for a missing one); partly supported if only the first holds; not supported otherwise")
    metric = f"{country_b}'s share in {country_a}'s trade / {country_a}'s share in {country_b}'s"
    multiple = (share_of_b_in_a / share_of_a_in_b).dropna()
    if multiple.empty:
        return insufficient("O2", metric, rule, "no trade figures",
                            "the data do not hold bilateral and total trade for the pair", sources)
    end = int(multiple.index.max())
    latest = float(multiple.loc[end])
    wanted = end - O2_WINDOW_YEARS
    compared = nearest_year(multiple, wanted)
    measured = f"{country_b}'s share in {country_a}'s trade as a multiple of the reverse in {end}"
    tests = [Comparison(measured, latest, O2_ASYMMETRY, TIMES)]
    if compared is None:
        tests.append(Check(False, "", f"no figure for {wanted} or within {O2_NEAREST_YEARS} years of it, so the "
                                      "rise cannot be shown"))
    else:
        stand_in = "" if compared == wanted else f", standing in for {wanted}"
        tests.append(Comparison(measured, latest, float(multiple.loc[compared]), TIMES, above=True,
                                threshold_label=f"the multiple in {compared}{stand_in}", rule_threshold=False))
    value = f"{written(latest, TIMES)} in {end}" + (f" ({written(float(multiple.loc[compared]), TIMES)} in {compared})"
                                         if compared is not None else "")
    return judge("O2", metric, rule, value, tests, sources, decide=o2_decision)

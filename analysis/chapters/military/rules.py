"""The military chapter's verdict rules (claims M1–M3), their thresholds first."""

from __future__ import annotations

from typing import Sequence

import pandas as pd

from analysis.claims.verdicts import (INSUFFICIENT_DATA, NOT_SUPPORTED, PARTLY_SUPPORTED, SUPPORTED,
                                      all_some_none, percent, Verdict)
from analysis.config import entity_name
from analysis.chapters.military.measures import PERIOD_YEARS, exercise_years, window_profile

# M1: the latest five years are compared with the five before them. Frequency has risen if
# exercises per year grew by at least this factor; complexity has risen if the later window
# has more domains, or a larger share of its exercises in far seas.
M1_FREQUENCY_GROWTH = 1.25

# M2: Russia's share of China's arms imports (TIV) in the latest complete five-year period...
M2_MAIN_SUPPLIER_SHARE = 0.5
M2_MINOR_SUPPLIER_SHARE = 0.25

# ...and the latest period's deliveries against the largest five-year sum on record.
M2_SUSTAINED_SHARE_OF_PEAK = 0.5

# M3: the pair's combined spending against the United States' and NATO's, in the latest year
# with all figures, and whether the ratio to the US rose over this many years.
M3_SHARE_OF_US = 0.5
M3_SHARE_OF_NATO = 1 / 3
M3_TREND_YEARS = 10


def verdict_m1(exercises: pd.DataFrame, last_year: int, sources: Sequence[str]) -> Verdict:
    rule = (f"the latest {PERIOD_YEARS} years against the {PERIOD_YEARS} before: frequency has risen if exercises "
            f"a year grew at least {M1_FREQUENCY_GROWTH:.2f} times; complexity has risen if more domains were "
            f"exercised or a larger share of exercises took place in far seas; supported if both rose, partly "
            f"supported if one did, not supported if neither")
    metric = f"exercises a year and their mix, {PERIOD_YEARS}-year windows"
    if exercises.empty:
        return Verdict("M1", INSUFFICIENT_DATA, metric, "no exercises recorded for the pair", rule,
                       "the snapshot holds no record of joint exercises for this pair", tuple(sources))
    first_recorded = int(exercise_years(exercises).min())
    earlier_start = last_year - 2 * PERIOD_YEARS + 1
    if earlier_start < first_recorded:
        return Verdict("M1", INSUFFICIENT_DATA, metric, f"record starts in {first_recorded}", rule,
                       f"two {PERIOD_YEARS}-year windows ending {last_year} need records from {earlier_start}",
                       tuple(sources))
    before = window_profile(exercises, earlier_start, earlier_start + PERIOD_YEARS - 1)
    recent = window_profile(exercises, last_year - PERIOD_YEARS + 1, last_year)
    more_often = recent["per_year"] >= M1_FREQUENCY_GROWTH * before["per_year"] and recent["per_year"] > 0
    more_complex = recent["domains"] > before["domains"] or recent["far_seas_share"] > before["far_seas_share"]
    span_before = f"{earlier_start}–{earlier_start + PERIOD_YEARS - 1}"
    span_recent = f"{last_year - PERIOD_YEARS + 1}–{last_year}"
    value = (f"{recent['per_year']:.1f} a year in {span_recent} against {before['per_year']:.1f} in {span_before}; "
             f"far seas {percent(recent['far_seas_share'], 0)} against {percent(before['far_seas_share'], 0)}; "
             f"domains {recent['domains']} against {before['domains']}")
    reason = (f"frequency {'rose' if more_often else 'did not rise'} by the rule and complexity "
              f"{'rose' if more_complex else 'did not rise'}")
    return Verdict("M1", all_some_none(int(more_often) + int(more_complex), 2), metric, value, rule, reason,
                   tuple(sources))


def verdict_m2(periods: pd.DataFrame, supplier: str, recipient: str, sources: Sequence[str]) -> Verdict:
    name_s, name_r = entity_name(supplier), entity_name(recipient)
    rule = (f"in the latest complete {PERIOD_YEARS}-year period: supported if {name_s} supplied at least "
            f"{percent(M2_MAIN_SUPPLIER_SHARE, 0)} of {name_r}'s arms imports (TIV) and delivered at least "
            f"{percent(M2_SUSTAINED_SHARE_OF_PEAK, 0)} of its largest {PERIOD_YEARS}-year volume on record; "
            f"partly supported if only one of the two holds, or its share is at least "
            f"{percent(M2_MINOR_SUPPLIER_SHARE, 0)}; not supported otherwise")
    metric = f"{name_s}'s share of {name_r}'s arms imports, and deliveries against their peak"
    usable = periods.dropna(subset=["deliveries", "share_of_imports"]) if not periods.empty else periods
    if usable.empty:
        return Verdict("M2", INSUFFICIENT_DATA, metric, "no arms-transfer figures for the pair", rule,
                       f"the snapshot lacks SIPRI figures for {name_s}'s deliveries to {name_r} or {name_r}'s "
                       "total imports", tuple(sources))
    latest = usable.index[-1]
    share = float(usable.loc[latest, "share_of_imports"])
    peak_period = periods["deliveries"].idxmax()
    of_peak = float(usable.loc[latest, "deliveries"] / periods["deliveries"].max())
    main, sustained = share >= M2_MAIN_SUPPLIER_SHARE, of_peak >= M2_SUSTAINED_SHARE_OF_PEAK
    if main and sustained:
        verdict = SUPPORTED
    elif main or sustained or share >= M2_MINOR_SUPPLIER_SHARE:
        verdict = PARTLY_SUPPORTED
    else:
        verdict = NOT_SUPPORTED
    value = (f"{percent(share, 0)} of {name_r}'s imports in {latest}; deliveries {percent(of_peak, 0)} of the "
             f"{peak_period} peak")
    licensed = usable.loc[latest, "share_licensed"] if "share_licensed" in usable else None
    if licensed is not None and pd.notna(licensed):
        value += f"; {percent(float(licensed), 0)} of {latest}'s deliveries produced under licence in {name_r}"
    reason = (f"{name_s} {'was' if main else 'was not'} the main supplier in {latest}, and its deliveries "
              f"{'held up' if sustained else 'fell to less than half of their peak'}")
    return Verdict("M2", verdict, metric, value, rule, reason, tuple(sources))


def verdict_m3(spending: pd.DataFrame, country_a: str, country_b: str, sources: Sequence[str]) -> Verdict:
    name_a, name_b = entity_name(country_a), entity_name(country_b)
    rule = (f"three tests in the latest year with figures: combined spending at least "
            f"{percent(M3_SHARE_OF_US, 0)} of the United States', at least {percent(M3_SHARE_OF_NATO, 0)} of "
            f"NATO's, and a ratio to the United States higher than {M3_TREND_YEARS} years before; supported if "
            f"all three pass, partly supported if one or two do, not supported if none")
    metric = "combined military spending against the United States and NATO"
    complete = spending.dropna(subset=["pair", "USA", "NATO"])
    if complete.empty:
        return Verdict("M3", INSUFFICIENT_DATA, metric, "spending figures missing", rule,
                       f"the snapshot lacks military spending for {name_a}, {name_b}, the United States or a NATO "
                       "member in every year", tuple(sources))
    year = int(complete.index.max())
    of_us = float(complete.loc[year, "pair"] / complete.loc[year, "USA"])
    of_nato = float(complete.loc[year, "pair"] / complete.loc[year, "NATO"])
    earlier = year - M3_TREND_YEARS
    of_us_before = (float(spending.loc[earlier, "pair"] / spending.loc[earlier, "USA"])
                    if earlier in spending.index and spending.loc[earlier, ["pair", "USA"]].notna().all() else None)
    tests = [of_us >= M3_SHARE_OF_US, of_nato >= M3_SHARE_OF_NATO,
             of_us_before is not None and of_us > of_us_before]
    value = (f"US${complete.loc[year, 'pair'] / 1e9:,.0f} bn in {year}: {percent(of_us, 0)} of the United States', "
             f"{percent(of_nato, 0)} of NATO's"
             + (f"; {percent(of_us_before, 0)} of the United States' in {earlier}" if of_us_before is not None else ""))
    outcomes = [
        f"{'at least' if tests[0] else 'less than'} {percent(M3_SHARE_OF_US, 0)} of the United States' spending",
        f"{'at least' if tests[1] else 'less than'} {percent(M3_SHARE_OF_NATO, 0)} of NATO's",
        f"a ratio to the United States that {'rose' if tests[2] else 'did not rise'} over {M3_TREND_YEARS} years",
    ]
    reason = f"{sum(tests)} of 3 tests pass: " + "; ".join(outcomes)
    return Verdict("M3", all_some_none(sum(tests), 3), metric, value, rule, reason, tuple(sources))

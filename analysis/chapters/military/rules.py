"""The military chapter's verdict rules (claims M1–M3), their thresholds first."""

from __future__ import annotations

from typing import Sequence

import pandas as pd

from analysis.claims.verdicts import (SHARE, TIMES, Check, Comparison, graded, insufficient, judge, percent,
                                      second_source_notes, Verdict)
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

# M4: a partnership has at least this many agreements of the two alone obliging consultation or non-aggression
# in effect, and no agreement (of the two or with others) obliging mutual defence, which would make it an alliance.
M4_PARTNERSHIP_AGREEMENTS = 1


def m4_decision(results: Sequence[bool]) -> str:
    """M4's grading (no defence obligation; an agreement of consultation or non-aggression)."""
    no_defence, partnership = results
    return graded(no_defence and partnership, no_defence)


def verdict_m4(agreements: pd.DataFrame, recorded: bool, year: int, country_a: str, country_b: str,
               sources: Sequence[str]) -> Verdict:
    """M4 from the obligations of the pair's agreements in effect at the end of ``year`` (ATOP's coding)."""
    name_a, name_b = entity_name(country_a), entity_name(country_b)
    rule = ("from the agreements in effect between the two as an alliance dataset (ATOP) codes them: supported if "
            "none obliges the two to defend each other and at least one between the two alone obliges them to "
            "consult or not to attack each other (a partnership, not an alliance); partly supported if there is no "
            "defence obligation and no such agreement of their own; "
            "not supported if a defence obligation is")
    metric = "obligations of the agreements in effect between the two (ATOP)"
    if not recorded:
        return insufficient("M4", metric, rule, "not in the data", f"the data hold no alliance-dataset coding "
                            f"of agreements between {name_a} and {name_b}", sources)
    defence = int(agreements["defense"].sum()) if not agreements.empty else 0
    bilateral = agreements[agreements["bilateral"] == "yes"] if not agreements.empty else agreements
    partnership = int(((bilateral["consultation"] + bilateral["nonaggression"]) > 0).sum()) if not bilateral.empty else 0
    tests = [Comparison(f"agreements in effect at the end of {year} with a defence obligation", defence, 0,
                        at_most=True),
             Comparison(f"agreements of the two alone in effect at the end of {year} with a consultation or "
                        "non-aggression obligation", partnership, M4_PARTNERSHIP_AGREEMENTS)]
    value = (f"{len(agreements)} agreement{'s' if len(agreements) != 1 else ''} in effect (ATOP numbers "
             f"{', '.join(agreements['atopid']) if not agreements.empty else 'none'}); {defence} with a defence "
             f"obligation")
    return judge("M4", metric, rule, value, tests, sources, decide=m4_decision,
                 notes=["the dataset's version covers agreements to 2016"])


def verdict_m1(exercises: pd.DataFrame, last_year: int, sources: Sequence[str]) -> Verdict:
    rule = (f"the latest {PERIOD_YEARS} years against the {PERIOD_YEARS} before: frequency has risen if exercises "
            f"a year grew at least {M1_FREQUENCY_GROWTH:.2f} times; complexity has risen if more domains were "
            f"exercised or a larger share of exercises took place in far seas; supported if both rose, partly "
            f"supported if one did, not supported if neither")
    metric = f"exercises a year and their mix, {PERIOD_YEARS}-year windows"
    if exercises.empty:
        return insufficient("M1", metric, rule, "no exercises recorded for the pair",
                            "the data hold no record of joint exercises for this pair", sources)
    first_recorded = int(exercise_years(exercises).min())
    earlier_start = last_year - 2 * PERIOD_YEARS + 1
    if earlier_start < first_recorded:
        return insufficient("M1", metric, rule, f"record starts in {first_recorded}",
                            f"two {PERIOD_YEARS}-year windows ending {last_year} need records from {earlier_start}",
                            sources)
    before = window_profile(exercises, earlier_start, earlier_start + PERIOD_YEARS - 1)
    recent = window_profile(exercises, last_year - PERIOD_YEARS + 1, last_year)
    span_before = f"{earlier_start}–{earlier_start + PERIOD_YEARS - 1}"
    span_recent = f"{last_year - PERIOD_YEARS + 1}–{last_year}"
    if before["per_year"] > 0:
        frequency = Comparison(f"exercises a year in {span_recent} as a multiple of {span_before}",
                               recent["per_year"] / before["per_year"], M1_FREQUENCY_GROWTH, TIMES)
    else:
        frequency = Check(recent["per_year"] > 0, f"exercises were held in {span_recent} and none in {span_before}",
                          f"no exercises were held in {span_before} or {span_recent}")
    far_seas = (f"{percent(recent['far_seas_share'], 0)} of exercises in far seas against "
                f"{percent(before['far_seas_share'], 0)}")
    more_complex = recent["domains"] > before["domains"] or recent["far_seas_share"] > before["far_seas_share"]
    complexity = Check(more_complex, f"complexity rose: {recent['domains']} domains exercised in {span_recent} against "
                                     f"{before['domains']} in {span_before}, {far_seas}",
                       f"complexity did not rise: {recent['domains']} domains exercised in {span_recent} against "
                       f"{before['domains']} in {span_before}, {far_seas}")
    value = (f"{recent['per_year']:.1f} a year in {span_recent} against {before['per_year']:.1f} in {span_before}; "
             f"far seas {percent(recent['far_seas_share'], 0)} against {percent(before['far_seas_share'], 0)}; "
             f"domains {recent['domains']} against {before['domains']}")
    counted = exercises[exercise_years(exercises).between(earlier_start, last_year)]
    notes = second_source_notes(counted["confirmed_by"], "exercises") if "confirmed_by" in counted else []
    return judge("M1", metric, rule, value, [frequency, complexity], sources, notes=notes)


def m2_decision(results: Sequence[bool]) -> str:
    """M2's grading over its tests (main supplier, deliveries held up, at least a minor supplier)."""
    main, sustained, minor = results
    return graded(main and sustained, main or sustained or minor)


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
        return insufficient("M2", metric, rule, "no arms-transfer figures for the pair", f"the data lack SIPRI "
                            f"figures for {name_s}'s deliveries to {name_r} or {name_r}'s total imports", sources)
    latest = usable.index[-1]
    share = float(usable.loc[latest, "share_of_imports"])
    if not periods["deliveries"].max() > 0:
        return insufficient("M2", metric, rule, "no deliveries recorded", f"the data record no deliveries "
                            f"from {name_s} to {name_r}", sources)
    peak_period = periods["deliveries"].idxmax()
    of_peak = float(usable.loc[latest, "deliveries"] / periods["deliveries"].max())
    measured_share = f"{name_s}'s share of {name_r}'s arms imports in {latest}"
    tests = [Comparison(measured_share, share, M2_MAIN_SUPPLIER_SHARE, SHARE),
             Comparison(f"deliveries in {latest} as a share of the {peak_period} peak", of_peak,
                        M2_SUSTAINED_SHARE_OF_PEAK, SHARE),
             Comparison(measured_share, share, M2_MINOR_SUPPLIER_SHARE, SHARE)]
    value = (f"{percent(share, 0)} of {name_r}'s imports in {latest}; deliveries {percent(of_peak, 0)} of the "
             f"{peak_period} peak")
    licensed = usable.loc[latest, "share_licensed"] if "share_licensed" in usable else None
    if licensed is not None and pd.notna(licensed):
        value += f"; {percent(float(licensed), 0)} of {latest}'s deliveries produced under licence in {name_r}"
    return judge("M2", metric, rule, value, tests, sources, decide=m2_decision)


def verdict_m3(spending: pd.DataFrame, country_a: str, country_b: str, sources: Sequence[str]) -> Verdict:
    name_a, name_b = entity_name(country_a), entity_name(country_b)
    rule = (f"three tests in the latest year with figures: combined spending at least "
            f"{percent(M3_SHARE_OF_US, 0)} of the United States', at least {percent(M3_SHARE_OF_NATO, 0)} of "
            f"NATO's, and a ratio to the United States higher than {M3_TREND_YEARS} years before; supported if "
            f"all three pass, partly supported if one or two do, not supported if none")
    metric = "combined military spending against the United States and NATO"
    complete = spending.dropna(subset=["pair", "USA", "NATO"])
    if complete.empty:
        return insufficient("M3", metric, rule, "spending figures missing", f"the data lack military spending "
                            f"for {name_a}, {name_b}, the United States or a NATO member in every year", sources)
    year = int(complete.index.max())
    of_us = float(complete.loc[year, "pair"] / complete.loc[year, "USA"])
    of_nato = float(complete.loc[year, "pair"] / complete.loc[year, "NATO"])
    earlier = year - M3_TREND_YEARS
    of_us_before = (float(spending.loc[earlier, "pair"] / spending.loc[earlier, "USA"])
                    if earlier in spending.index and spending.loc[earlier, ["pair", "USA"]].notna().all() else None)
    measured_us = f"the pair's spending as a share of the United States' in {year}"
    tests = [Comparison(measured_us, of_us, M3_SHARE_OF_US, SHARE),
             Comparison(f"the pair's spending as a share of NATO's in {year}", of_nato, M3_SHARE_OF_NATO, SHARE),
             Comparison(measured_us, of_us, of_us_before, SHARE, above=True, threshold_label=f"the share in {earlier}",
                        rule_threshold=False) if of_us_before is not None else
             Check(False, "", f"the share of the United States' spending in {earlier} is not in the data")]
    value = (f"US${complete.loc[year, 'pair'] / 1e9:,.0f} bn in {year}: {percent(of_us, 0)} of the United States', "
             f"{percent(of_nato, 0)} of NATO's"
             + (f"; {percent(of_us_before, 0)} of the United States' in {earlier}" if of_us_before is not None else ""))
    return judge("M3", metric, rule, value, tests, sources)

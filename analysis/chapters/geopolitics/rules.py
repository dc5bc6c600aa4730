"""The geopolitics chapter's verdict rules (claims G1 and G2), their thresholds first."""

from __future__ import annotations

from typing import Sequence

import pandas as pd

from analysis import config
from analysis.claims.verdicts import (RATIO, SHARE, Comparison, Verdict, every_some_none, graded, insufficient, judge,
                                      percent)
from analysis.data.indicators import change_over, latest_year
from analysis.chapters.geopolitics.measures import ECONOMIC_MEASURES, RATIO_LABELS, WEIGHT_MEASURES, in_sentence

# G1: a measure counts as "globally consequential" at this share of the world.
G1_SHARE_THRESHOLD = 0.10

# G1 is partly supported when at least this many measures reach the threshold.
G1_PARTLY_MIN_MEASURES = 2

# G1 needs at least this many measures with data to be judged at all.
G1_MIN_MEASURES_WITH_DATA = 3

# G2: the claim is about intent, which no statistic measures; the data can show only whether the pair has
# gained the economic weight that would make a push toward a multipolar world effective. Compare the
# latest year with this many years earlier...
G2_WINDOW_YEARS = 20

# ...and count a rise of the pair/West GDP ratio of at least this much as a shift.
G2_MIN_RISE = 0.10


def g1_decision(results: Sequence[bool]) -> str:
    """G1's grading: every measure at the threshold, or at least ``G1_PARTLY_MIN_MEASURES`` of them."""
    reached = sum(results)
    return graded(reached == len(WEIGHT_MEASURES), reached >= G1_PARTLY_MIN_MEASURES)


def verdict_g1(pair_shares: dict[str, tuple[float, int]], sources: Sequence[str]) -> Verdict:
    """G1 from the pair's latest share of the world for each measure.

    ``pair_shares`` maps measure -> (share as a fraction, year).
    """
    rule = (f"supported if the pair holds at least {percent(G1_SHARE_THRESHOLD, 0)} of the world total on every "
            f"measure ({', '.join(in_sentence(title) for title in WEIGHT_MEASURES.values())}); partly supported if on at least "
            f"{G1_PARTLY_MIN_MEASURES}; not supported otherwise; insufficient data with fewer than "
            f"{G1_MIN_MEASURES_WITH_DATA} measures")
    metric = "combined share of the world total (latest year)"
    shown = "; ".join(f"{in_sentence(WEIGHT_MEASURES[m])} {percent(share)} ({year})" for m, (share, year) in pair_shares.items())
    if len(pair_shares) < G1_MIN_MEASURES_WITH_DATA:
        return insufficient("G1", metric, rule, shown or "no data",
                            f"only {len(pair_shares)} of {len(WEIGHT_MEASURES)} measures have data", sources)
    tests = [Comparison(f"the pair's share of the world's {in_sentence(WEIGHT_MEASURES[measure])} in {year}", share,
                        G1_SHARE_THRESHOLD, SHARE) for measure, (share, year) in pair_shares.items()]
    missing = [in_sentence(WEIGHT_MEASURES[measure]) for measure in WEIGHT_MEASURES if measure not in pair_shares]
    notes = [f"no figures for {', '.join(missing)}, which counts as not reaching the threshold"] if missing else []
    return judge("G1", metric, rule, shown, tests, sources, decide=g1_decision, notes=notes)


def verdict_g2(ratios: pd.DataFrame, sources: Sequence[str]) -> Verdict:
    """G2 from the change of the pair/West GDP ratios over ``G2_WINDOW_YEARS`` years."""
    rule = (f"the claim is about intent, which no statistic measures; the rule tests only the economic weight that "
            f"would make such a push effective: supported if the pair's GDP as a fraction of the "
            f"{config.WESTERN_GROUP_NAME}'s rose by at least {G2_MIN_RISE:.2f} over the last {G2_WINDOW_YEARS} years "
            f"both at purchasing-power parity and at market exchange rates; partly supported if on one of the two; "
            f"not supported if on neither")
    metric = f"pair GDP / {config.WESTERN_GROUP_NAME} GDP, change over {G2_WINDOW_YEARS} years"
    changes: dict[str, tuple[float, float, int]] = {}
    for measure in ECONOMIC_MEASURES:
        series = ratios[measure]
        end = latest_year(series)
        if end is None:
            continue
        change = change_over(series, end, G2_WINDOW_YEARS)
        if change is not None:
            changes[measure] = (float(series.loc[end]), change, end)
    if len(changes) < len(ECONOMIC_MEASURES):
        return insufficient("G2", metric, rule, "no complete window", f"a {G2_WINDOW_YEARS}-year window of GDP "
                            f"figures is missing for the pair or the {config.WESTERN_GROUP_NAME}", sources)
    shown = "; ".join(f"{RATIO_LABELS[m]} {level:.2f} in {end} ({change:+.2f})" for m, (level, change, end) in changes.items())
    tests = [Comparison(f"the rise of the pair's GDP as a fraction of the {config.WESTERN_GROUP_NAME}'s, "
                        f"{RATIO_LABELS[measure]}, {end - G2_WINDOW_YEARS}–{end}", change, G2_MIN_RISE,
                        RATIO) for measure, (_, change, end) in changes.items()]
    return judge("G2", metric, rule, shown, tests, sources, decide=every_some_none,
                 notes=["economic weight says what the pair could do, not what it seeks"])

"""The geopolitics chapter's verdict rules (claims G1 and G2), their thresholds first."""

from __future__ import annotations

from typing import Sequence

import pandas as pd

from analysis import config
from analysis.claims.verdicts import (INSUFFICIENT_DATA, NOT_SUPPORTED, PARTLY_SUPPORTED, SUPPORTED,
                                      all_some_none, percent, Verdict)
from analysis.data.indicators import change_over, latest_year
from analysis.chapters.geopolitics.measures import (ECONOMIC_MEASURES, RATIO_LABELS, TOLERANCE, WEIGHT_MEASURES,
                                                    in_sentence)

# G1: a measure counts as "globally consequential" at this share of the world.
G1_SHARE_THRESHOLD = 0.10

# G1 is partly supported when at least this many measures reach the threshold.
G1_PARTLY_MIN_MEASURES = 2

# G1 needs at least this many measures with data to be judged at all.
G1_MIN_MEASURES_WITH_DATA = 3

# G2: compare the latest year with this many years earlier...
G2_WINDOW_YEARS = 20

# ...and count a rise of the pair/West GDP ratio of at least this much as a shift.
G2_MIN_RISE = 0.10


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
        return Verdict("G1", INSUFFICIENT_DATA, metric, shown or "no data", rule,
                       f"only {len(pair_shares)} of {len(WEIGHT_MEASURES)} measures have data", tuple(sources))
    above = [m for m, (share, _) in pair_shares.items() if share >= G1_SHARE_THRESHOLD - TOLERANCE]
    if len(above) == len(WEIGHT_MEASURES):
        verdict = SUPPORTED
    elif len(above) >= G1_PARTLY_MIN_MEASURES:
        verdict = PARTLY_SUPPORTED
    else:
        verdict = NOT_SUPPORTED
    reason = (f"{len(above)} of {len(WEIGHT_MEASURES)} measures reach {percent(G1_SHARE_THRESHOLD, 0)} "
              f"of the world total")
    if len(pair_shares) < len(WEIGHT_MEASURES):
        reason += f" ({len(WEIGHT_MEASURES) - len(pair_shares)} measure(s) without data)"
    return Verdict("G1", verdict, metric, shown, rule, reason, tuple(sources))


def verdict_g2(ratios: pd.DataFrame, sources: Sequence[str]) -> Verdict:
    """G2 from the change of the pair/West GDP ratios over ``G2_WINDOW_YEARS`` years."""
    rule = (f"supported if the pair's GDP as a fraction of the {config.WESTERN_GROUP_NAME}'s rose by at least "
            f"{G2_MIN_RISE:.2f} over the last {G2_WINDOW_YEARS} years both at purchasing-power parity and at "
            f"market exchange rates; partly supported if on one of the two; not supported if on neither")
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
        return Verdict("G2", INSUFFICIENT_DATA, metric, "no complete window", rule,
                       f"a {G2_WINDOW_YEARS}-year window of GDP figures is missing for the pair or the "
                       f"{config.WESTERN_GROUP_NAME}", tuple(sources))
    shown = "; ".join(f"{RATIO_LABELS[m]} {level:.2f} in {end} ({change:+.2f})" for m, (level, change, end) in changes.items())
    rising = [m for m, (_, change, _) in changes.items() if change >= G2_MIN_RISE - TOLERANCE]
    verdict = all_some_none(len(rising), len(ECONOMIC_MEASURES))
    reason = (f"the ratio rose by at least {G2_MIN_RISE:.2f} on {len(rising)} of 2 measures; data shows economic "
              f"weight, not intent")
    return Verdict("G2", verdict, metric, shown, rule, reason, tuple(sources))

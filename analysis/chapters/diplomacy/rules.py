"""The diplomacy chapter's verdict rules (claims D1–D5), their thresholds first."""

from __future__ import annotations

from typing import Sequence

import pandas as pd

from analysis import config
from analysis.claims.verdicts import (INSUFFICIENT_DATA, NOT_SUPPORTED, PARTLY_SUPPORTED, SUPPORTED,
                                      all_some_none, percent, Verdict)
from analysis.config import entity_name
from analysis.data.schemas import PERMANENT_MEMBERS
from analysis.chapters.diplomacy.measures import MEETING_FORMATS, same_vote_share

# D1: joint vetoes must make up at least this share of the second member's vetoes...
D1_JOINT_SHARE = 2 / 3

# ...and number at least this many, for "supported"; "partly" needs this share.
D1_MIN_JOINT_DRAFTS = 5
D1_PARTLY_SHARE = 1 / 3

# D2: the pair's mean agreement must exceed each comparator pair's by this much.
D2_MARGIN = 0.05
# D2's comparator pairs: each member of the pair with each of these countries (the Security Council's
# permanent members and the report's comparators) that the roll-call record holds.
D2_COMPARATOR_COUNTRIES = tuple(sorted(set(PERMANENT_MEMBERS) | set(config.DEFAULT_COMPARATORS)))

# D3: each organisation's membership must have grown by this factor since its founding.
D3_GROWTH = 1.5

# D4: share of the key resolutions on which the two cast the same vote.
D4_SAME_VOTE_SHARE = 0.75

# D5: meetings (in person or by video) per year on average, and no year without one.
D5_MEAN_PER_YEAR = 2.0
D5_PARTLY_MEAN_PER_YEAR = 1.0
D3_RULE_NOTE = (f"supported if every organisation of the two (SCO, BRICS) that counts both as members has at least "
                f"{D3_GROWTH:.1f} times its founding membership and has held a summit in each of the last three years; "
                f"partly supported if one has; not supported otherwise, or if none counts both as members")


def verdict_d1(counts: pd.DataFrame, country_a: str, country_b: str, sources: Sequence[str]) -> Verdict:
    """D1 from how many of the second member's vetoed drafts were vetoed jointly with the first."""
    name_a, name_b = entity_name(country_a), entity_name(country_b)
    rule = (f"supported if at least {percent(D1_JOINT_SHARE, 0)} of the drafts {name_b} vetoed were also vetoed "
            f"by {name_a}, in at least {D1_MIN_JOINT_DRAFTS} drafts; partly supported if at least "
            f"{percent(D1_PARTLY_SHARE, 0)}; not supported otherwise")
    metric = f"share of {name_b}'s vetoed drafts vetoed jointly with {name_a}"
    joint = int(counts["joint"].sum()) if not counts.empty else 0
    b_total = joint + (int(counts[f"{country_b} alone"].sum()) if not counts.empty else 0)
    without_veto = [code for code in (country_a, country_b) if code not in PERMANENT_MEMBERS]
    if without_veto:
        names = " and ".join(entity_name(code) for code in without_veto)
        return Verdict("D1", NOT_SUPPORTED, metric, "no joint vetoes possible", rule,
                       f"{names} {'is not a permanent member' if len(without_veto) == 1 else 'are not permanent members'}"
                       " of the Security Council and cannot veto", tuple(sources))
    if b_total == 0:
        return Verdict("D1", INSUFFICIENT_DATA, metric, "no vetoes recorded", rule,
                       f"the snapshot records no veto by {name_b}", tuple(sources))
    share = joint / b_total
    a_alone = int(counts[f"{country_a} alone"].sum())
    value = f"{joint} of {b_total} drafts ({percent(share, 0)}); {name_a} vetoed {a_alone} more alone"
    if share >= D1_JOINT_SHARE and joint >= D1_MIN_JOINT_DRAFTS:
        verdict = SUPPORTED
    elif share >= D1_PARTLY_SHARE:
        verdict = PARTLY_SUPPORTED
    else:
        verdict = NOT_SUPPORTED
    reason = f"{joint} drafts were vetoed by both, from {counts.index.min()} to {counts.index.max()}"
    return Verdict("D1", verdict, metric, value, rule, reason, tuple(sources))


def verdict_d2(pair_agreement: pd.Series, comparators: dict[str, pd.Series], sources: Sequence[str],
               period: str = "") -> Verdict:
    rule = (f"supported if the pair's mean agreement exceeds every comparator pair's by at least "
            f"{D2_MARGIN * 100:.0f} points; partly supported if it exceeds at least one by that margin; "
            f"not supported otherwise")
    metric = "mean General Assembly vote agreement, pair against comparator pairs" + (f" ({period})" if period else "")
    if pair_agreement.dropna().empty or not any(not series.dropna().empty for series in comparators.values()):
        return Verdict("D2", INSUFFICIENT_DATA, metric, "no roll-call votes in the snapshot", rule,
                       "the snapshot holds no General Assembly roll-call record to compute agreement from",
                       tuple(sources))
    mean = float(pair_agreement.mean())
    others = {name: float(series.mean()) for name, series in comparators.items() if not series.dropna().empty}
    beaten = [name for name, value in others.items() if mean - value >= D2_MARGIN]
    verdict = all_some_none(len(beaten), len(others))
    closest = max(others, key=others.get)
    value = (f"{percent(mean, 0)}; closest comparator {closest} {percent(others[closest], 0)}, "
             f"{len(others)} comparators")
    reason = f"the pair agrees more than {len(beaten)} of {len(others)} comparator pairs by the margin"
    return Verdict("D2", verdict, metric, value, rule, reason, tuple(sources))


def verdict_d3(growth: pd.DataFrame, summits: pd.DataFrame, sources: Sequence[str]) -> Verdict:
    rule = D3_RULE_NOTE
    metric = "full members now against at founding; summits in the last three years"
    if growth.empty or summits.empty:
        return Verdict("D3", INSUFFICIENT_DATA, metric, "no membership or summit data", rule,
                       "the snapshot lacks SCO and BRICS membership or summit records", tuple(sources))
    last = int(growth.index.max())
    meeting_years = summits.assign(year=pd.to_datetime(summits["date"]).dt.year)
    passing, parts = [], []
    for organisation in growth.columns:
        series = growth[organisation].dropna()
        founding = int(series.iloc[0])
        now = int(series.iloc[-1])
        held = set(meeting_years.loc[meeting_years["organisation"] == organisation, "year"])
        regular = all(year in held for year in range(last - 2, last + 1))
        parts.append(f"{organisation} {founding}→{now} members")
        if now >= D3_GROWTH * founding and regular:
            passing.append(organisation)
    verdict = all_some_none(len(passing), len(growth.columns))
    reason = f"{len(passing)} of {len(growth.columns)} organisations meet both conditions up to {last}"
    return Verdict("D3", verdict, metric, "; ".join(parts), rule, reason, tuple(sources))


def verdict_d4(votes: pd.DataFrame, country_a: str, country_b: str, sources: Sequence[str]) -> Verdict:
    name_a, name_b = entity_name(country_a), entity_name(country_b)
    rule = (f"supported if the two cast the same vote on at least {percent(D4_SAME_VOTE_SHARE, 0)} of the key "
            f"resolutions; partly supported if {name_b} never voted yes where {name_a} voted no; "
            f"not supported otherwise")
    metric = "same vote on the key General Assembly resolutions on Ukraine"
    needed = {f"vote_{country_a}", f"vote_{country_b}"}
    if votes.empty or not needed <= set(votes.columns):
        return Verdict("D4", INSUFFICIENT_DATA, metric, "no votes recorded for the pair", rule,
                       "the snapshot lacks the pair's votes on these resolutions", tuple(sources))
    counted, same, opposed = same_vote_share(votes, country_a, country_b)
    if counted == 0:
        return Verdict("D4", INSUFFICIENT_DATA, metric, "neither voted", rule, "no resolution with both votes",
                       tuple(sources))
    share = same / counted
    value = f"{same} of {counted} resolutions ({percent(share, 0)}); {name_b} yes where {name_a} no: {opposed}"
    verdict = SUPPORTED if share >= D4_SAME_VOTE_SHARE else PARTLY_SUPPORTED if opposed == 0 else NOT_SUPPORTED
    reason = (f"{name_b} voted as {name_a} did on {same} of {counted} resolutions"
              + (" and never against it" if opposed == 0 else f" and against it on {opposed}"))
    return Verdict("D4", verdict, metric, value, rule, reason, tuple(sources))


def verdict_d5(per_year: pd.DataFrame, sources: Sequence[str]) -> Verdict:
    rule = (f"supported if the leaders met (in person or by video) at least {D5_MEAN_PER_YEAR:.0f} times a year "
            f"on average and in every year; partly supported if at least {D5_PARTLY_MEAN_PER_YEAR:.0f} a year on "
            f"average; not supported otherwise; telephone calls are not counted")
    metric = "meetings per year, in person or by video"
    if per_year.empty or per_year[list(MEETING_FORMATS)].to_numpy().sum() == 0:
        return Verdict("D5", INSUFFICIENT_DATA, metric, "no meetings recorded", rule,
                       "the snapshot holds no record of the leaders' meetings", tuple(sources))
    totals = per_year[list(MEETING_FORMATS)].sum(axis=1)
    mean = float(totals.mean())
    gaps = [int(year) for year, count in totals.items() if count == 0]
    value = f"{mean:.1f} a year, {per_year.index.min()}–{per_year.index.max()}"
    if mean >= D5_MEAN_PER_YEAR and not gaps:
        verdict = SUPPORTED
    elif mean >= D5_PARTLY_MEAN_PER_YEAR:
        verdict = PARTLY_SUPPORTED
    else:
        verdict = NOT_SUPPORTED
    reason = f"{int(totals.sum())} meetings in {len(totals)} years" + (
        f"; none in {', '.join(map(str, gaps))}" if gaps else ", at least one every year")
    return Verdict("D5", verdict, metric, value, rule, reason, tuple(sources))

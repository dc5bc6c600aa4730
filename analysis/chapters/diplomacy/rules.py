"""The diplomacy chapter's verdict rules (claims D1–D5), their thresholds first."""

from __future__ import annotations

from typing import Sequence

import pandas as pd

from analysis import config
from analysis.claims.verdicts import (POINTS, SHARE, TIMES, Check, Comparison, every_some_none, graded, insufficient,
                                      judge, percent, Verdict)
from analysis.config import entity_name
from analysis.data.schemas import PERMANENT_MEMBERS
from analysis.chapters.diplomacy.measures import AGREEMENT_LEVEL, MEETING_FORMATS, same_vote_share

# D1: joint vetoes must make up at least this share of the second member's vetoes...
D1_JOINT_SHARE = 2 / 3

# ...and number at least this many, for "supported"; "partly" needs this share.
D1_MIN_JOINT_DRAFTS = 5
D1_PARTLY_SHARE = 1 / 3

# D2: the pair's mean agreement must exceed each comparator pair's: the lower end of the bootstrap interval
# of the difference (AGREEMENT_LEVEL, in measures) must lie above this many points. A fixed margin took no
# account of sampling error: with a few hundred roll calls a gap of four points may be noise, or may not.
D2_INTERVAL_FLOOR = 0.0
# D2's comparator pairs: each member of the pair with each of these countries (the Security Council's
# permanent members and the report's comparators) that the roll-call record holds.
D2_COMPARATOR_COUNTRIES = tuple(sorted(set(PERMANENT_MEMBERS) | set(config.DEFAULT_COMPARATORS)))

# D3: each organisation's membership must have grown by this factor since its founding.
D3_GROWTH = 1.5

# D4: share of the key resolutions on which the two cast the same vote.
D4_SAME_VOTE_SHARE = 0.75

# D6: the share of the roll calls on each theme (unilateral coercive measures; non-interference) on which the
# two cast the same vote.
D6_SAME_VOTE_SHARE = 0.75

# D5: meetings (in person or by video) per year on average, and no year without one.
D5_MEAN_PER_YEAR = 2.0
D5_PARTLY_MEAN_PER_YEAR = 1.0
D3_RULE_NOTE = (f"supported if every organisation of the two (SCO, BRICS) that counts both as members has at least "
                f"{D3_GROWTH:.1f} times its founding membership and has held a summit in each of the last three years; "
                f"partly supported if one has; not supported otherwise, or if none counts both as members")


def d1_decision(results: Sequence[bool]) -> str:
    """D1's grading over its tests (the joint share for 'supported', enough joint drafts, the joint share for 'partly')."""
    joint_share, enough, partly_share = results
    return graded(joint_share and enough, partly_share)


def verdict_d1(counts: pd.DataFrame, country_a: str, country_b: str, sources: Sequence[str],
               notes: Sequence[str] = ()) -> Verdict:
    """D1 from how many of the second member's vetoed drafts were vetoed jointly with the first."""
    name_a, name_b = entity_name(country_a), entity_name(country_b)
    rule = (f"supported if at least {percent(D1_JOINT_SHARE, 0)} of the drafts {name_b} vetoed were also vetoed "
            f"by {name_a}, in at least {D1_MIN_JOINT_DRAFTS} drafts; partly supported if at least "
            f"{percent(D1_PARTLY_SHARE, 0)}; not supported otherwise")
    metric = f"share of {name_b}'s vetoed drafts vetoed jointly with {name_a}"
    without_veto = [code for code in (country_a, country_b) if code not in PERMANENT_MEMBERS]
    if without_veto:
        names = " and ".join(entity_name(code) for code in without_veto)
        cannot = "is not a permanent member" if len(without_veto) == 1 else "are not permanent members"
        return judge("D1", metric, rule, "no joint vetoes possible",
                     [Check(False, "", f"{names} {cannot} of the Security Council and cannot veto")], sources,
                     decide=every_some_none)
    joint = int(counts["joint"].sum()) if not counts.empty else 0
    b_total = joint + (int(counts[f"{country_b} alone"].sum()) if not counts.empty else 0)
    if b_total == 0:
        return insufficient("D1", metric, rule, "no vetoes recorded", f"the data record no veto by {name_b}",
                            sources)
    share = joint / b_total
    a_alone = int(counts[f"{country_a} alone"].sum())
    first_joint = int(counts.index[counts["joint"] > 0].min()) if joint else None
    value = (f"{joint} of {b_total} drafts ({percent(share, 0)})"
             + (f", the first in {first_joint}" if first_joint else "") + f"; {name_a} vetoed {a_alone} more alone")
    measured = f"the share of {name_b}'s {b_total} vetoed drafts vetoed by both"
    tests = [Comparison(measured, share, D1_JOINT_SHARE, SHARE),
             Comparison("drafts vetoed by both", joint, D1_MIN_JOINT_DRAFTS),
             Comparison(measured, share, D1_PARTLY_SHARE, SHARE)]
    return judge("D1", metric, rule, value, tests, sources, decide=d1_decision, notes=notes)


def verdict_d2(pair_agreement: pd.Series, gaps: dict[str, tuple[float, float, float]], sources: Sequence[str],
               period: str = "") -> Verdict:
    """D2 from the pair's mean agreement and, for each comparator pair, the gap to its agreement with its
    bootstrap interval (``measures.agreement_gap``)."""
    rule = (f"supported if the pair's mean agreement exceeds every comparator pair's, the lower end of the "
            f"{AGREEMENT_LEVEL:.0%} interval of the difference (a bootstrap over roll calls) above zero; partly "
            "supported if it exceeds at least one so; not supported otherwise")
    metric = "mean General Assembly vote agreement, pair against comparator pairs" + (f" ({period})" if period else "")
    if pair_agreement.dropna().empty or not gaps:
        return insufficient("D2", metric, rule, "no roll-call votes in the data",
                            "the data hold no General Assembly roll-call record to compute agreement from", sources)
    mean = float(pair_agreement.mean())
    tests = [Comparison(f"the pair's agreement above {name}'s ({gap * 100:+.1f} points), lower end of the "
                        f"{AGREEMENT_LEVEL:.0%} interval", low, D2_INTERVAL_FLOOR, POINTS, above=True)
             for name, (gap, low, _) in gaps.items()]
    closest = min(gaps, key=lambda name: gaps[name][0])
    gap, low, high = gaps[closest]
    value = (f"{percent(mean, 0)}; {gap * 100:+.1f} points on the closest comparator, {closest} "
             f"({AGREEMENT_LEVEL:.0%} interval {low * 100:+.1f} to {high * 100:+.1f}); {len(gaps)} comparators")
    return judge("D2", metric, rule, value, tests, sources)


def verdict_d3(growth: pd.DataFrame, summits: pd.DataFrame, sources: Sequence[str], notes: Sequence[str] = ()) -> Verdict:
    rule = D3_RULE_NOTE
    metric = "full members now against at founding; summits in the last three years"
    if growth.empty or summits.empty:
        return insufficient("D3", metric, rule, "no membership or summit data",
                            "the data lack SCO and BRICS membership or summit records", sources)
    last = int(growth.index.max())
    meeting_years = summits.assign(year=pd.to_datetime(summits["date"]).dt.year)
    tests, parts = [], []
    for organisation in growth.columns:
        series = growth[organisation].dropna()
        founding, now = int(series.iloc[0]), int(series.iloc[-1])
        held = set(meeting_years.loc[meeting_years["organisation"] == organisation, "year"])
        missed = [year for year in range(last - 2, last + 1) if year not in held]
        parts.append(f"{organisation} {founding}→{now} members")
        grown = Comparison(f"{organisation}'s full members in {last} as a multiple of its founding members",
                           now / founding, D3_GROWTH, TIMES)
        regular = Check(not missed, f"{organisation} held a summit in each of {last - 2}–{last}",
                        f"{organisation} held no summit in {', '.join(map(str, missed))}")
        tests.append((grown, regular))
    return judge("D3", metric, rule, "; ".join(parts), [test for pair in tests for test in pair], sources,
                 decide=lambda results: every_some_none([both and regular for both, regular
                                                         in zip(results[::2], results[1::2])]), notes=notes)


def verdict_d3_without_common_membership(country_a: str, country_b: str, sources: Sequence[str]) -> Verdict:
    """D3 for a pair that no organisation of the two counts as full members together."""
    return judge("D3", "organisations with both as full members", D3_RULE_NOTE, "none",
                 [Check(False, "", f"neither SCO nor BRICS counts both {entity_name(country_a)} and "
                                   f"{entity_name(country_b)} as members")], sources)


def d4_decision(results: Sequence[bool]) -> str:
    """D4's grading (the same-vote share; never opposed)."""
    same_share, never_opposed = results
    return graded(same_share, never_opposed)


def verdict_d4(votes: pd.DataFrame, country_a: str, country_b: str, sources: Sequence[str],
               notes: Sequence[str] = ()) -> Verdict:
    name_a, name_b = entity_name(country_a), entity_name(country_b)
    rule = (f"supported if the two cast the same vote on at least {percent(D4_SAME_VOTE_SHARE, 0)} of the key "
            f"resolutions; partly supported if {name_b} never voted yes where {name_a} voted no; "
            f"not supported otherwise")
    metric = "same vote on the key General Assembly resolutions on Ukraine"
    needed = {f"vote_{country_a}", f"vote_{country_b}"}
    if votes.empty or not needed <= set(votes.columns):
        return insufficient("D4", metric, rule, "no votes recorded for the pair",
                            "the data lack the pair's votes on these resolutions", sources)
    counted, same, opposed = same_vote_share(votes, country_a, country_b)
    if counted == 0:
        return insufficient("D4", metric, rule, "neither voted", "no resolution with both votes", sources)
    value = f"{same} of {counted} resolutions ({percent(same / counted, 0)}); {name_b} yes where {name_a} no: {opposed}"
    tests = [Comparison(f"the share of the {counted} resolutions on which the two voted alike", same / counted,
                        D4_SAME_VOTE_SHARE, SHARE),
             Comparison(f"resolutions on which {name_b} voted yes where {name_a} voted no", opposed, 0, at_most=True)]
    return judge("D4", metric, rule, value, tests, sources, decide=d4_decision, notes=notes)


def d5_decision(results: Sequence[bool]) -> str:
    """D5's grading (the mean for 'supported', a meeting every year, the mean for 'partly')."""
    often, every_year, partly = results
    return graded(often and every_year, partly)


def verdict_d5(per_year: pd.DataFrame, sources: Sequence[str], notes: Sequence[str] = ()) -> Verdict:
    rule = (f"supported if the leaders met (in person or by video) at least {D5_MEAN_PER_YEAR:.0f} times a year "
            f"on average and in every year; partly supported if at least {D5_PARTLY_MEAN_PER_YEAR:.0f} a year on "
            f"average; not supported otherwise; telephone calls are not counted")
    metric = "meetings per year, in person or by video"
    if per_year.empty or per_year[list(MEETING_FORMATS)].to_numpy().sum() == 0:
        return insufficient("D5", metric, rule, "no meetings recorded",
                            "the data hold no record of the leaders' meetings", sources)
    totals = per_year[list(MEETING_FORMATS)].sum(axis=1)
    mean = float(totals.mean())
    gaps = [int(year) for year, count in totals.items() if count == 0]
    span = f"{per_year.index.min()}–{per_year.index.max()}"
    value = f"{mean:.1f} a year, {span}"
    measured = f"meetings a year on average, {span}"
    tests = [Comparison(measured, mean, D5_MEAN_PER_YEAR),
             Check(not gaps, f"the leaders met in every year of {span}",
                   f"the leaders did not meet in person or by video in {', '.join(map(str, gaps))}"),
             Comparison(measured, mean, D5_PARTLY_MEAN_PER_YEAR)]
    return judge("D5", metric, rule, value, tests, sources, decide=d5_decision, notes=notes)


def verdict_d6(stance: pd.DataFrame, sources: Sequence[str]) -> Verdict:
    """D6 from the pair's same-vote share on each theme, with the comparator pairs' shares as context."""
    rule = (f"supported if the two cast the same vote on at least {percent(D6_SAME_VOTE_SHARE, 0)} of the General "
            "Assembly's roll calls on unilateral coercive economic measures and on at least as many of those on "
            "non-interference; partly supported if on one of the two themes; not supported otherwise")
    metric = "same vote on the General Assembly's resolutions against coercive measures and on non-interference"
    pair = stance[stance["is_pair"]] if not stance.empty else stance
    if pair.empty:
        return insufficient("D6", metric, rule, "no roll calls on these themes",
                            "the data hold no roll calls on these themes with both votes", sources)
    tests = [Comparison(f"the share of the {row.roll_calls} roll calls on {row.topic} on which the two voted alike",
                        row.share, D6_SAME_VOTE_SHARE, SHARE) for row in pair.itertuples()]
    value = "; ".join(f"{row.topic}: {row.same} of {row.roll_calls} ({percent(row.share, 0)})" for row in pair.itertuples())
    others = stance[~stance["is_pair"]]
    notes = [f"closest comparator pair on {topic}: {rows.loc[rows['share'].idxmax(), 'pair']} "
             f"({percent(rows['share'].max(), 0)})" for topic, rows in others.groupby("topic", sort=False)]
    return judge("D6", metric, rule, value, tests, sources, notes=notes)

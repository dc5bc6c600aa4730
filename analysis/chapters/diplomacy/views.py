"""What the diplomacy chapter shows: tables and chart lines made from its result, and its headline figures."""

from __future__ import annotations

import pandas as pd

from analysis.claims.verdicts import SECOND_SOURCE, confirmed_mark, percent
from analysis.data.schemas import UNGA_TOPICS
from analysis.config import entity_name
from analysis.chapters.diplomacy.measures import MEETING_FORMATS, VOTE_NAMES, DiplomacyResult

def agreement_display(result: DiplomacyResult) -> pd.DataFrame:
    """The agreement table for display, highest agreement first, the pair marked; shares as text."""
    table = result.agreement
    if table.empty:
        return pd.DataFrame(columns=["Pair", "Same vote", "Roll calls both voted on"])
    return pd.DataFrame({
        "Pair": table["pair"] + table["is_pair"].map({True: " (the pair)", False: ""}),
        "Same vote": table["agreement"].map(lambda share: percent(share, 0)),
        "Roll calls both voted on": table["roll_calls"],
    })


def ukraine_table(result: DiplomacyResult) -> pd.DataFrame:
    """The Ukraine resolutions for display: symbol, date, subject, tally and four countries' votes."""
    votes = result.ukraine_votes
    if votes.empty:
        return pd.DataFrame(columns=["Resolution", "Adopted", "Subject", "Yes–no–abstain"])
    shown = pd.DataFrame({
        "Resolution": votes["symbol"].str.replace("A/RES/", "", regex=False),
        "Adopted": votes["date"],
        "Subject": votes["subject"],
        "Yes–no–abstain": votes["yes"] + "–" + votes["no"] + "–" + votes["abstain"],
    })
    for code in dict.fromkeys([result.country_a, result.country_b, "IND", "USA"]):
        column = f"vote_{code}"
        if column in votes:
            shown[entity_name(code)] = votes[column].map(VOTE_NAMES)
    if "confirmed_by" in votes:  # whether a second, independent source confirms the row
        shown[SECOND_SOURCE] = votes["confirmed_by"].map(confirmed_mark)
    return shown


def headline(result: DiplomacyResult) -> dict[str, object]:
    figures: dict[str, object] = {}
    joint = result.veto_counts["vetoed by both"] if not result.veto_counts.empty else pd.Series(dtype=int)
    if joint.sum() > 0:  # counted from the first joint veto, not from the first veto in the record
        figures["joint_vetoes"] = {"value": int(joint.sum()), "since": int(joint.index[joint > 0].min())}
    if not result.meetings.empty:
        totals = result.meetings[list(MEETING_FORMATS)].sum(axis=1)
        figures["meetings_per_year"] = {"value": round(float(totals.mean()), 2),
                                        "period": f"{totals.index.min()}–{totals.index.max()}"}
    return figures


def agreement_lines(result: DiplomacyResult) -> dict[str, str]:
    """Legend of the agreement chart: the pair first, then each member with the United States and with India."""
    names = list(result.agreement_by_year.columns)
    wanted = [names[0]] + [name for name in names[1:] if "United States" in name or "India" in name]
    return {name: name + (" (the pair)" if index == 0 else "") for index, name in enumerate(wanted)}


def agreement_by_year(result: DiplomacyResult) -> pd.DataFrame:
    """The pair's agreement by year and its members' agreement with the comparators (years with a figure)."""
    return result.agreement_by_year.dropna(how="all")


THEME_ORDER = {theme: index for index, theme in enumerate(UNGA_TOPICS)}


def stance_table(result: DiplomacyResult) -> pd.DataFrame:
    """D6's table for display: for each theme, the pair first, then the comparator pairs by same-vote share."""
    stance = result.stance
    if stance.empty:
        return pd.DataFrame(columns=["Theme", "Pair", "Same vote", "Roll calls both voted on"])
    ordered = stance.sort_values(["is_pair", "share"], ascending=False).sort_values("topic", kind="stable",
                                                                                    key=lambda t: t.map(THEME_ORDER))
    return pd.DataFrame({
        "Theme": ordered["topic"],
        "Pair": ordered["pair"] + ordered["is_pair"].map({True: " (the pair)", False: ""}),
        "Same vote": ordered["share"].map(lambda share: percent(share, 0)),
        "Roll calls both voted on": ordered["roll_calls"],
    })

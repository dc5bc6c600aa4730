"""The diplomacy chapter's sentences that depend on the pair and on the data found for it: what each
section's record holds for the pair, or which record it would need and where that is published."""

from __future__ import annotations

from analysis.chapters.diplomacy.measures import DiplomacyResult
from analysis.config import entity_name
from analysis.data.schemas import PERMANENT_MEMBERS


def _pair(result: DiplomacyResult) -> str:
    return f"{entity_name(result.country_a)} and {entity_name(result.country_b)}"


def vetoes(result: DiplomacyResult) -> str:
    members = [code for code in (result.country_a, result.country_b) if code in PERMANENT_MEMBERS]
    if not members:
        return (f"Neither {entity_name(result.country_a)} nor {entity_name(result.country_b)} is a permanent member of "
                "the Security Council, so neither can cast a veto.")
    if result.veto_counts.empty:
        return f"The UN's veto list records no veto by {_pair(result)} in the years covered."
    return ""


def ukraine(result: DiplomacyResult) -> str:
    if result.ukraine_votes.empty:
        return ""
    shown = [entity_name(code) for code in dict.fromkeys([result.country_a, result.country_b, "IND", "USA"])
             if f"vote_{code}" in result.ukraine_votes]
    missing = [entity_name(code) for code in (result.country_a, result.country_b)
               if f"vote_{code}" not in result.ukraine_votes]
    text = f"How {', '.join(shown[:-1])} and {shown[-1]} voted on the General Assembly's key resolutions on Ukraine since 2014."
    if missing:
        text += (f" The votes of {' and '.join(missing)} are not in the data; the UN Digital Library's voting records "
                 "give every member's vote.")
    return text


def institutions(result: DiplomacyResult) -> str:
    if result.membership.empty:
        return (f"{_pair(result)} are not both full members of the SCO or BRICS, the organisations whose membership "
                "the data record.")
    return ""


def meetings(result: DiplomacyResult) -> str:
    if result.meetings.empty:
        return (f"The data hold no record of meetings of the heads of state of {_pair(result)}. Such a record is "
                "compiled from the two leaders' offices' announcements, which list visits, summit meetings and calls.")
    return ""

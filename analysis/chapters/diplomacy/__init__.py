"""Political alignment at the UN and beyond (claims D1–D5).

D1  they block Western-backed drafts together in the Security Council: vetoes
    since 1992, counted per draft and per veto, joint against alone
D2  they vote together in the General Assembly: agreement of the pair against
    comparator pairs, from roll-call votes
D3  they build alternative institutions: SCO and BRICS membership and summits
D4  they are aligned on the war in Ukraine: their votes on the key resolutions
D5  their leaders meet often and regularly: meetings per year by format
D6  they stand together against sanctions and for non-interference: how often they vote alike on the
    General Assembly's resolutions against unilateral coercive measures and on non-interference

Counting rules, stated once here and quoted in the chapter:

- A draft vetoed by two permanent members is one vetoed draft and two vetoes.
  "Joint" means both members of the pair vetoed the same draft.
- Agreement is the share of roll calls, among those where both countries cast a
  vote (yes, no or abstain), in which they cast the same vote. Absence and
  "non-voting" are left out; an abstention is a vote like any other.
- A leaders' meeting is an in-person meeting (state visit or a meeting on the
  side-lines of a summit) or a video call; telephone calls are counted apart."""

from __future__ import annotations

import pandas as pd

from analysis.config import entity_name
from analysis.chapters.diplomacy.rules import (D2_COMPARATOR_COUNTRIES, verdict_d1, verdict_d2, verdict_d3,
                                               verdict_d3_without_common_membership, verdict_d4, verdict_d5,
                                               verdict_d6)
from analysis.chapters.diplomacy.measures import (MEETING_FORMATS, ROLL_CALL_COLUMNS, DiplomacyResult, agreement_gaps, agreement_of,
                                                  agreement_table, comparator_pairs, joined_roll_calls, meetings_per_year,
                                                  membership_over_time, pair_key, pair_name, roll_call_span,
                                                  roll_call_votes, stance_by_topic, veto_counts, vetoes_by_topic,
                                                  vote_matrix)

from analysis.chapters.diplomacy.views import headline
from analysis.chapters import with_history
from analysis.claims import Claim
from analysis.claims.verdicts import second_source_notes
from analysis.data.load import load_table
from analysis.params import ReportParameters

__all__ = ["CLAIMS", "TABLES", "DiplomacyResult", "analyse", "compute", "headline"]

TABLES = {  # catalog table -> schema
    "vetoes": "vetoes",
    "unga_ukraine_votes": "unga_votes",
    "unga_roll_calls_1992_2019": "unga_roll_call_history",
    "unga_roll_calls": "unga_roll_calls",
    "memberships": "memberships",
    "summits": "summits",
    "leader_meetings": "leader_meetings",
    "unga_roll_call_topics": "unga_roll_call_topics",
}
ORGANISATIONS = ("SCO", "BRICS")

CLAIMS = (
    Claim("D1", "They often align in the UN Security Council to block Western-backed drafts"),
    Claim("D2", "They vote together at the UN"),
    Claim("D3", "They build alternative institutions (SCO, BRICS)"),
    Claim("D4", "They are aligned on the war in Ukraine"),
    Claim("D5", "Leaders' meetings are frequent and regular"),
    Claim("D6", "They stand together against sanctions and for non-interference"),
)


def load_tables() -> dict[str, pd.DataFrame]:
    """The chapter's event tables; a table not yet in the snapshot comes back empty."""
    return {name: load_table(name, schema) for name, schema in TABLES.items()}


def analyse(parameters: ReportParameters) -> DiplomacyResult:
    """The chapter for the pair, from the snapshot's tables, with each verdict's history."""
    tables = load_tables()
    a, b, start = parameters.country_a, parameters.country_b, parameters.start_year
    return with_history(compute(tables, a, b, start, parameters.end_year),
                        lambda year: compute(tables, a, b, start, year).verdicts, parameters.end_year)


def _sources(table: pd.DataFrame) -> list[str]:
    return sorted(table["source_id"].unique()) if "source_id" in table and not table.empty else []


def _confirmed(table: pd.DataFrame, noun: str) -> list[str]:
    """How many of the curated rows a verdict counts a second source confirms (none said without the column)."""
    return second_source_notes(table["confirmed_by"], noun) if "confirmed_by" in table else []


def compute(tables: dict[str, pd.DataFrame], country_a: str, country_b: str, start_year: int, end_year: int
            ) -> DiplomacyResult:
    """Counts, tables and verdicts D1–D5 for the pair, from the chapter's event tables."""
    vetoes = tables["vetoes"]
    vetoes = vetoes[pd.to_datetime(vetoes["date"]).dt.year.between(start_year, end_year)] if not vetoes.empty else vetoes
    counts = veto_counts(vetoes, country_a, country_b)

    ukraine = tables["unga_ukraine_votes"]
    ukraine = ukraine[pd.to_datetime(ukraine["date"]).dt.year <= end_year] if not ukraine.empty else ukraine
    memberships = tables["memberships"]
    both_members = [organisation for organisation in ORGANISATIONS
                    if {country_a, country_b} <= set(memberships.loc[(memberships["organisation"] == organisation)
                                                                     & (memberships["status"] == "member"), "entity"])]
    members = memberships[memberships["organisation"].isin(both_members)]
    growth = membership_over_time(members, end_year) if not members.empty else pd.DataFrame()
    summits = tables["summits"][tables["summits"]["organisation"].isin(both_members)]

    meetings = tables["leader_meetings"]
    meetings = meetings[meetings["pair"] == pair_key(country_a, country_b)]
    first_meeting_year = max(start_year, 2013)
    per_year = meetings_per_year(meetings, first_meeting_year, end_year) if not meetings.empty else pd.DataFrame()

    no_votes = pd.DataFrame(columns=ROLL_CALL_COLUMNS)
    roll_calls = roll_call_votes(joined_roll_calls(tables.get("unga_roll_calls_1992_2019", no_votes),
                                                   tables.get("unga_roll_calls", no_votes)))
    roll_calls = roll_calls[roll_calls["year"].between(start_year, end_year)]
    pairs = comparator_pairs(roll_calls, country_a, country_b, D2_COMPARATOR_COUNTRIES)
    matrix = vote_matrix(roll_calls, [country_a, country_b, *(other for _, other in pairs)])
    pair_agreement = agreement_of(matrix, country_a, country_b)
    comparators = {pair_name(*pair): agreement_of(matrix, *pair) for pair in pairs}
    compared = [pair for pair in pairs if not comparators[pair_name(*pair)].dropna().empty]
    gaps = ({pair_name(*pair): gap for pair, gap in agreement_gaps(matrix, (country_a, country_b), compared).items()}
            if not pair_agreement.dropna().empty else {})
    period = roll_call_span(roll_calls)
    themes = tables.get("unga_roll_call_topics", pd.DataFrame(columns=["rcid", "topic", "source_id"]))
    stance = stance_by_topic(matrix, themes, [(country_a, country_b), *pairs])

    topic_sources = sorted(set(vetoes["topic_source_id"]) - {""}) if "topic_source_id" in vetoes else []
    sources = {"vetoes": _sources(vetoes) + topic_sources, "ukraine": _sources(ukraine), "institutions": _sources(members) + _sources(summits),
               "meetings": _sources(meetings), "roll_calls": _sources(roll_calls)}
    counted_meetings = meetings[meetings["format"].isin(MEETING_FORMATS)
                                & pd.to_datetime(meetings["date"]).dt.year.between(first_meeting_year, end_year)]
    verdicts = [
        verdict_d1(counts, country_a, country_b, sources["vetoes"], _confirmed(vetoes, "vetoed drafts")),
        verdict_d2(pair_agreement, gaps, sources["roll_calls"], period),
        verdict_d3(growth, summits, sources["institutions"],
                   _confirmed(members, "memberships") + _confirmed(summits, "summits"))
        if both_members or memberships.empty else
        verdict_d3_without_common_membership(country_a, country_b, _sources(memberships)),
        verdict_d4(ukraine, country_a, country_b, sources["ukraine"], _confirmed(ukraine, "resolutions")),
        verdict_d5(per_year, sources["meetings"], _confirmed(counted_meetings, "meetings")),
        verdict_d6(stance, sources["roll_calls"] + _sources(themes)),
    ]
    shown = {"joint": "vetoed by both", f"{country_a} alone": f"{entity_name(country_a)} alone",
             f"{country_b} alone": f"{entity_name(country_b)} alone", "others": "others only"}
    topics = vetoes_by_topic(vetoes, country_a, country_b).rename(
        columns={**{key: value.capitalize() for key, value in shown.items()}, "joint": "Vetoed by both"})
    by_year = pd.DataFrame({pair_name(country_a, country_b): pair_agreement, **comparators}).sort_index()
    table = agreement_table(roll_calls, country_a, country_b, D2_COMPARATOR_COUNTRIES)
    return DiplomacyResult(country_a, country_b, counts.rename(columns=shown), topics, ukraine, table, by_year, period,
                           growth, per_year, stance, verdicts, sources)

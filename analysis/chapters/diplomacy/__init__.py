"""Political alignment at the UN and beyond (claims D1–D5).

D1  they block Western-backed drafts together in the Security Council: vetoes
    since 1992, counted per draft and per veto, joint against alone
D2  they vote together in the General Assembly: agreement of the pair against
    comparator pairs, from roll-call votes
D3  they build alternative institutions: SCO and BRICS membership and summits
D4  they are aligned on the war in Ukraine: their votes on the key resolutions
D5  their leaders meet often and regularly: meetings per year by format

Counting rules, stated once here and quoted in the chapter:

- A draft vetoed by two permanent members is one vetoed draft and two vetoes.
  "Joint" means both members of the pair vetoed the same draft.
- Agreement is the share of roll calls, among those where both countries cast a
  vote (yes, no or abstain), in which they cast the same vote. Absence and
  "non-voting" are left out; an abstention is a vote like any other.
- A leaders' meeting is an in-person meeting (state visit or a meeting on the
  side-lines of a summit) or a video call; telephone calls are counted apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import pandas as pd

from analysis import config
from analysis.config import entity_name
from analysis.data.schemas import PERMANENT_MEMBERS
from analysis.claims.verdicts import INSUFFICIENT_DATA, NOT_SUPPORTED, PARTLY_SUPPORTED, SUPPORTED, Verdict, all_some_none, percent

VOTES = ("Y", "N", "A")  # yes, no, abstain: the votes that count towards agreement
VOTE_NAMES = {"Y": "yes", "N": "no", "A": "abstain", "X": "did not vote"}
MEETING_FORMATS = ("state visit", "summit side-line", "video call")  # counted as meetings
PHONE_CALL = "phone call"

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


# --- D1: vetoes ------------------------------------------------------------------------

def veto_members(vetoes: pd.DataFrame) -> pd.DataFrame:
    """One row per veto cast: the draft's columns plus ``member`` (a draft vetoed twice gives two rows)."""
    exploded = vetoes.assign(member=vetoes["vetoed_by"].str.split(";")).explode("member")
    exploded["member"] = exploded["member"].str.strip()
    return exploded.reset_index(drop=True)


def veto_counts(vetoes: pd.DataFrame, country_a: str, country_b: str) -> pd.DataFrame:
    """Per year: drafts vetoed by both of the pair, by each alone, and by anyone else only.

    Columns: year, joint, <a> alone, <b> alone, others; every draft is counted once.
    """
    columns = ["joint", f"{country_a} alone", f"{country_b} alone", "others"]
    if vetoes.empty:
        return pd.DataFrame(columns=columns, dtype=int).rename_axis(index="year")
    members = vetoes["vetoed_by"].str.split(";").map(lambda codes: {code.strip() for code in codes})
    category = members.map(lambda codes: "joint" if {country_a, country_b} <= codes
                           else f"{country_a} alone" if country_a in codes
                           else f"{country_b} alone" if country_b in codes
                           else "others")
    years = pd.to_datetime(vetoes["date"]).dt.year
    table = pd.crosstab(years, category).rename_axis(index="year", columns=None)
    return table.reindex(columns=columns, fill_value=0)


# Topics of vetoed drafts, by words in the subject as the UN's list gives it (first match wins).
# A bare "The situation in the Middle East" names only the agenda item (it covered Syria as well
# as Israel and Palestine), so it gets a topic of its own rather than a guess.
VETO_TOPICS = (
    ("Syria", ("syria",)),
    ("Israel and Palestine", ("palestin", "israel", "gaza", "occupied arab territories")),
    ("Middle East, agenda item only", ("middle east",)),
    ("Ukraine", ("ukraine", "crimea")),
    ("Myanmar", ("myanmar",)),
    ("Venezuela", ("venezuela",)),
    ("Korean peninsula", ("korea", "dprk")),
)
OTHER_TOPIC = "other"


def veto_topic(subject: str) -> str:
    text = subject.lower()
    return next((topic for topic, words in VETO_TOPICS if any(word in text for word in words)), OTHER_TOPIC)


def vetoes_by_topic(vetoes: pd.DataFrame, country_a: str, country_b: str) -> pd.DataFrame:
    """Vetoed drafts per topic, split as in ``veto_counts`` (joint, each alone, others)."""
    if vetoes.empty:
        return pd.DataFrame()
    topics = vetoes["subject"].map(veto_topic)
    by_topic = {topic: veto_counts(vetoes[topics == topic], country_a, country_b).sum()
                for topic in dict.fromkeys([*(topic for topic, _ in VETO_TOPICS), OTHER_TOPIC]) if (topics == topic).any()}
    table = pd.DataFrame(by_topic).T.astype(int)
    table.insert(0, "Topic", table.index)
    table["Drafts"] = table.drop(columns="Topic").sum(axis=1)
    return table.rename(columns={"joint": "Vetoed by both"}).reset_index(drop=True)


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


# --- D2: General Assembly agreement ------------------------------------------------------

def agreement(roll_calls: pd.DataFrame, country_a: str, country_b: str) -> pd.Series:
    """Yearly share of identical votes of two countries, counting only roll calls where both voted.

    ``roll_calls`` has columns rcid, year, country, vote (Y/N/A, or X for absent / non-voting).
    """
    votes = roll_calls[roll_calls["vote"].isin(VOTES)]
    pair = votes[votes["country"].isin([country_a, country_b])].pivot_table(
        index=["year", "rcid"], columns="country", values="vote", aggfunc="first")
    if country_a not in pair or country_b not in pair:
        return pd.Series(dtype=float, name=f"{country_a}-{country_b}")
    both = pair.dropna(subset=[country_a, country_b])
    same = (both[country_a] == both[country_b]).groupby(level="year").mean()
    return same.rename(f"{country_a}-{country_b}")


ROLL_CALL_COLUMNS = ["rcid", "session", "date", "resolution", "country", "vote", "source_id"]


def joined_roll_calls(history: pd.DataFrame, later: pd.DataFrame) -> pd.DataFrame:
    """The General Assembly record of 1992-2019 followed by the roll calls the other table adds (those after
    2019 that a refresh fetched); a roll call in both is taken from the 1992-2019 record."""
    frames = [frame[ROLL_CALL_COLUMNS] for frame in (history, later) if not frame.empty]
    if not frames:
        return pd.DataFrame(columns=ROLL_CALL_COLUMNS)
    return pd.concat(frames, ignore_index=True).drop_duplicates(["rcid", "country"], keep="first")


def roll_call_votes(table: pd.DataFrame) -> pd.DataFrame:
    """The roll-call table (dates as text) with the year of each vote, ready for ``agreement``."""
    if table.empty:
        return pd.DataFrame(columns=["rcid", "year", "country", "vote", "resolution", "source_id"])
    return table.assign(year=pd.to_datetime(table["date"]).dt.year, rcid=table["rcid"].astype(int))


def comparator_pairs(roll_calls: pd.DataFrame, country_a: str, country_b: str) -> list[tuple[str, str]]:
    """Each member of the pair with each comparator country in the record: whom else each votes with."""
    recorded = set(roll_calls["country"])
    others = [code for code in D2_COMPARATOR_COUNTRIES if code in recorded and code not in (country_a, country_b)]
    return [(member, other) for member in (country_a, country_b) for other in sorted(others)]


def pair_name(country_a: str, country_b: str) -> str:
    return f"{entity_name(country_a)}–{entity_name(country_b)}"


def agreement_table(roll_calls: pd.DataFrame, country_a: str, country_b: str) -> pd.DataFrame:
    """Agreement of every two of the pair and the comparator countries in the record, with the roll calls both
    voted on, highest first."""
    codes = [code for code in dict.fromkeys(roll_calls["country"])
             if code in D2_COMPARATOR_COUNTRIES or code in (country_a, country_b)]
    rows = []
    for index, first in enumerate(codes):
        for second in codes[index + 1:]:
            votes = roll_calls[roll_calls["country"].isin([first, second]) & roll_calls["vote"].isin(VOTES)]
            both = votes.groupby("rcid")["country"].nunique().eq(2).sum()
            series = agreement(roll_calls, first, second)
            if series.empty:
                continue
            rows.append({"pair": pair_name(first, second), "agreement": float(series.mean()),
                         "roll_calls": int(both), "is_pair": {first, second} == {country_a, country_b}})
    table = pd.DataFrame(rows, columns=["pair", "agreement", "roll_calls", "is_pair"])
    return table.sort_values("agreement", ascending=False, ignore_index=True)


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


# --- D3: institutions ----------------------------------------------------------------------

def membership_over_time(memberships: pd.DataFrame, last_year: int) -> pd.DataFrame:
    """Full members of each organisation at the end of each year (years as rows)."""
    members = memberships[memberships["status"] == "member"].copy()
    members["year"] = members["joined"].str[:4].astype(int)
    first = int(members["year"].min())
    counts = {organisation: [int((rows["year"] <= year).sum()) or None for year in range(first, last_year + 1)]
              for organisation, rows in members.groupby("organisation")}
    # Before an organisation's founding its count is missing, not zero.
    return pd.DataFrame(counts, index=pd.Index(range(first, last_year + 1), name="year"), dtype=float)


D3_RULE_NOTE = (f"supported if every organisation of the two (SCO, BRICS) that counts both as members has at least "
                f"{D3_GROWTH:.1f} times its founding membership and has held a summit in each of the last three years; "
                f"partly supported if one has; not supported otherwise, or if none counts both as members")


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


# --- D4: Ukraine votes ----------------------------------------------------------------------

def same_vote_share(votes: pd.DataFrame, country_a: str, country_b: str) -> tuple[int, int, int]:
    """(resolutions where both voted, of them with the same vote, of them where b voted yes and a no)."""
    a, b = votes[f"vote_{country_a}"], votes[f"vote_{country_b}"]
    both = a.isin(VOTES) & b.isin(VOTES)
    return int(both.sum()), int((both & (a == b)).sum()), int((both & (a == "N") & (b == "Y")).sum())


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
              + (f" and never against it" if opposed == 0 else f" and against it on {opposed}"))
    return Verdict("D4", verdict, metric, value, rule, reason, tuple(sources))


# --- D5: leaders' meetings ---------------------------------------------------------------------

def meetings_per_year(meetings: pd.DataFrame, first_year: int, last_year: int) -> pd.DataFrame:
    """Meetings per year by format (years without any as zeros); phone calls in their own column."""
    years = pd.to_datetime(meetings["date"]).dt.year
    table = pd.crosstab(years, meetings["format"]).rename_axis(index="year", columns=None)
    columns = [*MEETING_FORMATS, PHONE_CALL]
    return table.reindex(index=range(first_year, last_year + 1), columns=columns, fill_value=0)


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


# --- the chapter ---------------------------------------------------------------------------

TABLES = {  # catalog table -> schema
    "vetoes": "vetoes",
    "unga_ukraine_votes": "unga_votes",
    "unga_roll_calls_1992_2019": "unga_roll_call_history",
    "unga_roll_calls": "unga_roll_calls",
    "memberships": "memberships",
    "summits": "summits",
    "leader_meetings": "leader_meetings",
}
ORGANISATIONS = ("SCO", "BRICS")


def load_tables() -> dict[str, pd.DataFrame]:
    """The chapter's event tables; a table not yet in the snapshot comes back empty."""
    from analysis.data import load_table

    return {name: load_table(name, schema) for name, schema in TABLES.items()}


def pair_key(country_a: str, country_b: str) -> str:
    """How the meetings table names a pair: both codes in alphabetical order ('CHN-RUS')."""
    return "-".join(sorted((country_a, country_b)))


@dataclass(frozen=True)
class DiplomacyAnalysis:
    country_a: str
    country_b: str
    veto_counts: pd.DataFrame
    veto_topics: pd.DataFrame
    ukraine_votes: pd.DataFrame
    agreement: pd.DataFrame  # General Assembly agreement of every pair in the roll-call record
    agreement_by_year: pd.DataFrame  # years x pair names: the pair and the comparators
    roll_call_period: str
    membership: pd.DataFrame
    meetings: pd.DataFrame
    verdicts: list[Verdict]
    sources: dict[str, list[str]]  # part of the chapter -> source ids


def _sources(table: pd.DataFrame) -> list[str]:
    return sorted(table["source_id"].unique()) if "source_id" in table and not table.empty else []


def analyse(tables: dict[str, pd.DataFrame], country_a: str, country_b: str, start_year: int, end_year: int
            ) -> DiplomacyAnalysis:
    """Counts, tables and verdicts D1–D5 for the pair, from the chapter's event tables."""
    vetoes = tables["vetoes"]
    vetoes = vetoes[pd.to_datetime(vetoes["date"]).dt.year.between(start_year, end_year)] if not vetoes.empty else vetoes
    counts = veto_counts(vetoes, country_a, country_b)

    ukraine = tables["unga_ukraine_votes"]
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
    pair_agreement = agreement(roll_calls, country_a, country_b)
    comparators = {pair_name(*pair): agreement(roll_calls, *pair)
                   for pair in comparator_pairs(roll_calls, country_a, country_b)}
    period = roll_call_span(roll_calls)

    sources = {"vetoes": _sources(vetoes), "ukraine": _sources(ukraine), "institutions": _sources(members) + _sources(summits),
               "meetings": _sources(meetings), "roll_calls": _sources(roll_calls)}
    verdicts = [
        verdict_d1(counts, country_a, country_b, sources["vetoes"]),
        verdict_d2(pair_agreement, comparators, sources["roll_calls"], period),
        verdict_d3(growth, summits, sources["institutions"]) if both_members or memberships.empty else
        Verdict("D3", NOT_SUPPORTED, "organisations with both as full members", "none", D3_RULE_NOTE,
                f"neither SCO nor BRICS counts both {entity_name(country_a)} and {entity_name(country_b)} as members",
                tuple(_sources(memberships))),
        verdict_d4(ukraine, country_a, country_b, sources["ukraine"]),
        verdict_d5(per_year, sources["meetings"]),
    ]
    shown = {"joint": "vetoed by both", f"{country_a} alone": f"{entity_name(country_a)} alone",
             f"{country_b} alone": f"{entity_name(country_b)} alone", "others": "others only"}
    topics = vetoes_by_topic(vetoes, country_a, country_b).rename(
        columns={**{key: value.capitalize() for key, value in shown.items()}, "joint": "Vetoed by both"})
    by_year = pd.DataFrame({pair_name(country_a, country_b): pair_agreement, **comparators}).sort_index()
    return DiplomacyAnalysis(country_a, country_b, counts.rename(columns=shown), topics, ukraine,
                             agreement_table(roll_calls, country_a, country_b), by_year, period, growth, per_year,
                             verdicts, sources)


def roll_call_span(roll_calls: pd.DataFrame) -> str:
    """'90 roll calls of session 74, 2019-11-07 to 2019-12-27': what the agreement figures rest on."""
    if roll_calls.empty:
        return ""
    sessions = set(roll_calls["session"].astype(str))
    regular = sorted(int(session) for session in sessions if session.isdigit())
    special = sorted(session for session in sessions if not session.isdigit())
    parts = [] if not regular else [f"session {regular[0]}" if len(regular) == 1
                                    else f"sessions {regular[0]}–{regular[-1]}"]
    if special:
        parts.append(f"emergency special session{'s' if len(special) > 1 else ''} {', '.join(special)}")
    label = " and ".join(parts)
    return f"{roll_calls['rcid'].nunique()} roll calls of {label}, {roll_calls['date'].min()} to {roll_calls['date'].max()}"


def agreement_display(analysis: DiplomacyAnalysis) -> pd.DataFrame:
    """The agreement table for display, highest agreement first, the pair marked; shares as text."""
    table = analysis.agreement
    if table.empty:
        return pd.DataFrame(columns=["Pair", "Same vote", "Roll calls both voted on"])
    return pd.DataFrame({
        "Pair": table["pair"] + table["is_pair"].map({True: " (the pair)", False: ""}),
        "Same vote": table["agreement"].map(lambda share: percent(share, 0)),
        "Roll calls both voted on": table["roll_calls"],
    })


def ukraine_table(analysis: DiplomacyAnalysis) -> pd.DataFrame:
    """The Ukraine resolutions for display: symbol, date, subject, tally and four countries' votes."""
    votes = analysis.ukraine_votes
    if votes.empty:
        return pd.DataFrame(columns=["Resolution", "Adopted", "Subject", "Yes–no–abstain"])
    shown = pd.DataFrame({
        "Resolution": votes["symbol"].str.replace("A/RES/", "", regex=False),
        "Adopted": votes["date"],
        "Subject": votes["subject"],
        "Yes–no–abstain": votes["yes"] + "–" + votes["no"] + "–" + votes["abstain"],
    })
    for code in dict.fromkeys([analysis.country_a, analysis.country_b, "IND", "USA"]):
        column = f"vote_{code}"
        if column in votes:
            shown[entity_name(code)] = votes[column].map(VOTE_NAMES)
    return shown


def headline(analysis: DiplomacyAnalysis) -> dict[str, object]:
    figures: dict[str, object] = {}
    if not analysis.veto_counts.empty:
        figures["joint_vetoes"] = {"value": int(analysis.veto_counts["vetoed by both"].sum()),
                                   "since": int(analysis.veto_counts.index.min())}
    if not analysis.meetings.empty:
        totals = analysis.meetings[list(MEETING_FORMATS)].sum(axis=1)
        figures["meetings_per_year"] = {"value": round(float(totals.mean()), 2),
                                        "period": f"{totals.index.min()}–{totals.index.max()}"}
    return figures


def agreement_lines(analysis: DiplomacyAnalysis) -> dict[str, str]:
    """Legend of the agreement chart: the pair first, then each member with the United States and with India."""
    names = list(analysis.agreement_by_year.columns)
    wanted = [names[0]] + [name for name in names[1:] if "United States" in name or "India" in name]
    return {name: name + (" (the pair)" if index == 0 else "") for index, name in enumerate(wanted)}


def agreement_chart(analysis: DiplomacyAnalysis):
    """The pair's agreement by year against its members' agreement with the United States and India;
    nothing with a single year of roll calls (the table above holds that year)."""
    from analysis.render import charts, tables

    by_year = analysis.agreement_by_year.dropna(how="all")
    if len(by_year) < 2:
        return tables.HtmlBlock("")
    return charts.share_lines(
        by_year, agreement_lines(analysis), title="Share of roll calls with the same vote, by year",
        caption=f"General Assembly agreement by year ({analysis.roll_call_period}).",
        source_ids=analysis.sources["roll_calls"], roles=("pair", "country_a", "west", "country_b", "usa"),
        legend_columns=3)

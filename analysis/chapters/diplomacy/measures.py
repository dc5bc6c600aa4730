"""The diplomacy chapter's measures: vetoes, General Assembly agreement, institutions, Ukraine votes and
leaders' meetings, and the result the chapter returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from analysis.claims.verdicts import Verdict
from analysis.data.schemas import UNGA_TOPICS, VETO_TOPICS
from analysis.config import entity_name

# D2 compares agreements with a bootstrap interval of their difference: this many draws, this level.
AGREEMENT_DRAWS = 500
AGREEMENT_LEVEL = 0.90
VOTES = ("Y", "N", "A")  # yes, no, abstain: the votes that count towards agreement
VOTE_NAMES = {"Y": "yes", "N": "no", "A": "abstain", "X": "did not vote"}
MEETING_FORMATS = ("state visit", "summit side-line", "video call")  # counted as meetings
PHONE_CALL = "phone call"



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
def vetoes_by_topic(vetoes: pd.DataFrame, country_a: str, country_b: str) -> pd.DataFrame:
    """Vetoed drafts per topic (the table's topic column), split as in ``veto_counts`` (joint, each alone,
    others)."""
    if vetoes.empty:
        return pd.DataFrame()
    topics = vetoes["topic"]
    by_topic = {topic: veto_counts(vetoes[topics == topic], country_a, country_b).sum()
                for topic in VETO_TOPICS if (topics == topic).any()}
    table = pd.DataFrame(by_topic).T.astype(int)
    table.insert(0, "Topic", table.index)
    table["Drafts"] = table.drop(columns="Topic").sum(axis=1)
    return table.rename(columns={"joint": "Vetoed by both"}).reset_index(drop=True)


# --- D2: General Assembly agreement ------------------------------------------------------

def vote_matrix(roll_calls: pd.DataFrame, countries: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per roll call (index year, rcid), one column per country: its vote if it cast one (Y/N/A),
    empty otherwise. ``countries`` limits the columns (all countries in the record by default)."""
    votes = roll_calls[roll_calls["vote"].isin(VOTES)]
    if countries is not None:
        votes = votes[votes["country"].isin(list(countries))]
    votes = votes.drop_duplicates(["rcid", "country"])
    return votes.pivot(index=["year", "rcid"], columns="country", values="vote")


def agreement_of(matrix: pd.DataFrame, country_a: str, country_b: str) -> pd.Series:
    """Yearly share of identical votes of two countries in a ``vote_matrix``, over the roll calls both voted on."""
    if country_a not in matrix or country_b not in matrix:
        return pd.Series(dtype=float, name=f"{country_a}-{country_b}")
    both = matrix[[country_a, country_b]].dropna()
    same = (both[country_a] == both[country_b]).groupby(level="year").mean()
    return same.rename(f"{country_a}-{country_b}")


def _yearly_mean(same: np.ndarray, voted: np.ndarray, blocks: np.ndarray) -> np.ndarray:
    """Mean over years of the yearly share of same votes; rows are draws, columns roll calls sorted by year,
    ``blocks`` the first column of each year."""
    same_by_year = np.add.reduceat(same, blocks, axis=-1)
    voted_by_year = np.add.reduceat(voted, blocks, axis=-1)
    years_voted = (voted_by_year > 0).sum(axis=-1)
    shares = np.divide(same_by_year, voted_by_year, out=np.zeros_like(same_by_year), where=voted_by_year > 0)
    return np.divide(shares.sum(axis=-1), years_voted, out=np.full(shares.shape[:-1], np.nan), where=years_voted > 0)


def agreement_gaps(matrix: pd.DataFrame, pair: tuple[str, str], others: Sequence[tuple[str, str]],
                   draws: int = AGREEMENT_DRAWS, level: float = AGREEMENT_LEVEL, seed: int = 0
                   ) -> dict[tuple[str, str], tuple[float, float, float]]:
    """For each of ``others``: (gap, low, high), the pair's mean agreement (as ``agreement``) less the other
    pair's, with a ``level`` interval from a bootstrap over roll calls, resampled within each year (the same
    draws for every comparison)."""
    rows = matrix.sort_index(level="year")
    years = rows.index.get_level_values("year").to_numpy()
    if not len(years):
        return {}
    blocks = np.flatnonzero(np.r_[True, years[1:] != years[:-1]])
    counts = np.diff(np.r_[blocks, len(years)])
    random = np.random.default_rng(seed).random((draws, len(years)))
    picked = np.repeat(blocks, counts) + (random * np.repeat(counts, counts)).astype(int)

    def votes(first: str, second: str) -> tuple[np.ndarray, np.ndarray]:
        both = rows[first].notna() & rows[second].notna()
        return (both & (rows[first] == rows[second])).to_numpy(np.float32), both.to_numpy(np.float32)

    pair_same, pair_voted = votes(*pair)
    pair_mean, pair_draws = (_yearly_mean(pair_same, pair_voted, blocks),
                             _yearly_mean(pair_same[picked], pair_voted[picked], blocks))
    gaps = {}
    for other in others:
        same, voted = votes(*other)
        spread = pair_draws - _yearly_mean(same[picked], voted[picked], blocks)
        low, high = np.nanquantile(spread, [(1 - level) / 2, (1 + level) / 2])
        gaps[other] = (float(pair_mean - _yearly_mean(same, voted, blocks)), float(low), float(high))
    return gaps


def agreement(roll_calls: pd.DataFrame, country_a: str, country_b: str) -> pd.Series:
    """Yearly share of identical votes of two countries, counting only roll calls where both voted.

    ``roll_calls`` has columns rcid, year, country, vote (Y/N/A, or X for absent / non-voting).
    """
    return agreement_of(vote_matrix(roll_calls, [country_a, country_b]), country_a, country_b)


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


def comparator_pairs(roll_calls: pd.DataFrame, country_a: str, country_b: str, comparators: Sequence[str]
                     ) -> list[tuple[str, str]]:
    """Each member of the pair with each comparator country in the record: whom else each votes with."""
    recorded = set(roll_calls["country"].unique())
    others = [code for code in comparators if code in recorded and code not in (country_a, country_b)]
    return [(member, other) for member in (country_a, country_b) for other in sorted(others)]


def pair_name(country_a: str, country_b: str) -> str:
    return f"{entity_name(country_a)}–{entity_name(country_b)}"


def agreement_table(roll_calls: pd.DataFrame, country_a: str, country_b: str, comparators: Sequence[str]
                    ) -> pd.DataFrame:
    """Agreement of every two of the pair and the comparator countries in the record, with the roll calls both
    voted on, highest first."""
    codes = [code for code in roll_calls["country"].unique()
             if code in comparators or code in (country_a, country_b)]
    matrix = vote_matrix(roll_calls, codes)
    rows = []
    for index, first in enumerate(codes):
        for second in codes[index + 1:]:
            series = agreement_of(matrix, first, second)
            if series.empty:
                continue
            both = int(matrix[[first, second]].notna().all(axis=1).sum())
            rows.append({"pair": pair_name(first, second), "agreement": float(series.mean()),
                         "roll_calls": both, "is_pair": {first, second} == {country_a, country_b}})
    table = pd.DataFrame(rows, columns=["pair", "agreement", "roll_calls", "is_pair"])
    return table.sort_values("agreement", ascending=False, ignore_index=True)


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


# --- D4: Ukraine votes ----------------------------------------------------------------------

def same_vote_share(votes: pd.DataFrame, country_a: str, country_b: str) -> tuple[int, int, int]:
    """(resolutions where both voted, of them with the same vote, of them where b voted yes and a no)."""
    a, b = votes[f"vote_{country_a}"], votes[f"vote_{country_b}"]
    both = a.isin(VOTES) & b.isin(VOTES)
    return int(both.sum()), int((both & (a == b)).sum()), int((both & (a == "N") & (b == "Y")).sum())


# --- D6: coercive measures and non-interference ---------------------------------------------

STANCE_COLUMNS = ["topic", "pair", "same", "roll_calls", "share", "is_pair"]


def stance_by_topic(matrix: pd.DataFrame, topics: pd.DataFrame, pairs: Sequence[tuple[str, str]]) -> pd.DataFrame:
    """For each theme of ``topics`` (rcid, topic) and each pair (the pair first): the roll calls on it both
    voted on, and the share of them with the same vote. ``matrix`` is a ``vote_matrix``."""
    rows = []
    by_rcid = matrix.reset_index(level="year", drop=True)
    themes = sorted(topics["topic"].unique(), key=lambda theme: UNGA_TOPICS.index(theme) if theme in UNGA_TOPICS else 99)
    for topic in themes:
        calls = topics[topics["topic"] == topic]
        on_topic = by_rcid[by_rcid.index.isin(calls["rcid"].astype(int))]
        for index, (first, second) in enumerate(pairs):
            if first not in on_topic or second not in on_topic:
                continue
            both = on_topic[[first, second]].dropna()
            if both.empty:
                continue
            same = int((both[first] == both[second]).sum())
            rows.append([topic, pair_name(first, second), same, len(both), same / len(both), index == 0])
    return pd.DataFrame(rows, columns=STANCE_COLUMNS)


# --- D5: leaders' meetings ---------------------------------------------------------------------

def meetings_per_year(meetings: pd.DataFrame, first_year: int, last_year: int) -> pd.DataFrame:
    """Meetings per year by format (years without any as zeros); phone calls in their own column."""
    years = pd.to_datetime(meetings["date"]).dt.year
    table = pd.crosstab(years, meetings["format"]).rename_axis(index="year", columns=None)
    columns = [*MEETING_FORMATS, PHONE_CALL]
    return table.reindex(index=range(first_year, last_year + 1), columns=columns, fill_value=0)


def pair_key(country_a: str, country_b: str) -> str:
    """How the meetings table names a pair: both codes in alphabetical order ('CHN-RUS')."""
    return "-".join(sorted((country_a, country_b)))


@dataclass(frozen=True)
class DiplomacyResult:
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
    stance: pd.DataFrame  # D6: same-vote shares on coercive measures and non-interference (see stance_by_topic)
    verdicts: list[Verdict]
    sources: dict[str, list[str]]  # part of the chapter -> source ids


def roll_call_span(roll_calls: pd.DataFrame) -> str:
    """'90 roll calls of session 74, 2019-11-07 to 2019-12-27': what the agreement figures rest on."""
    if roll_calls.empty:
        return ""
    sessions = {str(session) for session in roll_calls["session"].unique()}
    regular = sorted(int(session) for session in sessions if session.isdigit())
    special = sorted(session for session in sessions if not session.isdigit())
    parts = [] if not regular else [f"session {regular[0]}" if len(regular) == 1
                                    else f"sessions {regular[0]}–{regular[-1]}"]
    if special:
        parts.append(f"emergency special session{'s' if len(special) > 1 else ''} {', '.join(special)}")
    label = " and ".join(parts)
    return f"{roll_calls['rcid'].nunique()} roll calls of {label}, {roll_calls['date'].min()} to {roll_calls['date'].max()}"

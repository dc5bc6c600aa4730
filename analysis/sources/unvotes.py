"""General Assembly roll-call votes from Voeten, Strezhnev and Bailey's dataset, in two copies.

Source: Erik Voeten, Anton Strezhnev and Michael Bailey, "United Nations General Assembly Voting
Data" (Harvard Dataverse, hdl:1902.1/12379), as packaged in the R package unvotes (data rebuilt
2021-03-08). The package ships three R data files:

- ``un_votes.rda``: rcid, country, country_code (ISO 3166 alpha-2), vote (yes, abstain, no).
  Absent members and non-members have no row.
- ``un_roll_calls.rda``: rcid, session, importantvote, date, unres, amend, para, short, descr.
- ``un_roll_call_issues.rda``: rcid, short_name, issue.

Coding rules of the derived tables:

- Roll calls dated 1992-01-01 to 2019-12-31 are kept; the votes of the study countries
  (``analysis.config.STUDY_COUNTRIES``) in them, as Y (yes), N (no) or A (abstain).
- ``unres`` is written as a resolution symbol: "R/47/52" and "A/RES/74/112" both become
  "A/RES/<session>/<number>". A lettered part of a resolution ("R/47/52A", "R/50/38B/I") keeps the
  symbol in ``resolution`` (A/RES/47/52) and the letter, with any section number, in ``part``
  ("A", "B/I"); the UN writes the whole as "A/RES/47/52 A". Roll calls without a symbol (motions
  not to take action, a few amendment votes) keep an empty ``resolution``.
- ``amend`` and ``para`` are 1 where the dataset marks a vote on an amendment or on a separate
  paragraph, otherwise 0; from 1992 the dataset writes only the 1s and leaves the rest empty.
- Country codes are mapped from ISO alpha-2 to alpha-3 with pycountry. Codes that have no
  alpha-3 code (members that no longer exist) are dropped if they are listed in
  ``FORMER_MEMBER_CODES``; any other code that cannot be mapped is an error naming it, as it
  might be a study country.

The R files are read by ``analysis.sources._unvotes_rda``; ``derive`` gives the two tables of the
study countries' votes 1992–2019 (``data/raw/unga_roll_calls_1992_2019.parquet`` and the issue codes,
``unga_roll_call_issues.parquet``). Run ``python -m analysis.sources.unvotes OUTPUT_DIR`` to write
them as CSV.

The snapshot also keeps verbatim excerpts of the package's copy for TidyTuesday (23 March 2021) in
``data/publisher/unvotes/``: the votes file's lines of six members and the roll calls of sessions 70
to 74. ``excerpt_table`` reads them; ``analysis.sources.undl_votes`` adds the UN Digital Library's
later roll calls to them.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from pathlib import Path
from typing import Sequence

import pandas as pd

from analysis import config
from analysis.sources._tables import FormatError
# Reading the R files and their coding rules: kept in a module of their own, used (and tested) through this one.
from analysis.sources._unvotes_rda import (ISSUE_CODES, SOURCE_ID, VOTE_CODES, VOTES_FILE, UnvotesError,
                                           missing_countries, r_date_text, read_unvotes, resolution_symbol,
                                           tidy_calls, tidy_issues, tidy_roll_calls)

SHARED_DIR = config.SHARED_DATA_DIR / "unvotes"
WHAT = "the General Assembly voting data files"
ORIGIN = SHARED_DIR
FOLDER = "unvotes"  # the TidyTuesday copy's excerpts, under data/publisher/

AGREEMENT_COLUMNS = ["year", "roll_calls", "same", "agreement"]
AGREEMENT_VOTES = ("Y", "N", "A")  # the votes that count towards agreement, as in analysis.diplomacy

ROLL_CALLS_CSV = "unga_roll_calls_1992_2019.csv"
ISSUES_CSV = "unga_roll_call_issues.csv"
# The same tables as the build reads them, in data/raw/ (two tables, under the names the diplomacy chapter
# reads them by, rather than the source's id).
ROLL_CALLS_TABLE = "unga_roll_calls_1992_2019.parquet"
ISSUES_TABLE = "unga_roll_call_issues.parquet"
TOPICS_TABLE = "unga_roll_call_topics.csv"

# The roll calls on two themes of claim D6, chosen by the words of the dataset's title of each roll call
# (columns short and descr): resolutions against unilateral coercive economic measures ("coercion",
# "coercive", and the dataset's misspelling "coersion"), and resolutions on sovereignty and non-interference
# in electoral processes (retitled in 2003, hence the second pattern). Only votes on whole resolutions count;
# a resolution recorded twice keeps its first roll call.
TOPIC_PATTERNS = (
    ("coercive measures", re.compile(r"coerci|coersi", re.I)),
    ("non-interference", re.compile(r"non[- ]?interference|respect for the principles of national sovereignty"
                                    r".*electoral processes", re.I)),
)

# ISO 3166 alpha-2 codes of the members whose votes the excerpt keeps -> alpha-3 codes
EXCERPT_COUNTRY_CODES = {"CN": "CHN", "RU": "RUS", "US": "USA", "IN": "IND", "GB": "GBR", "FR": "FRA"}
EXCERPT_SOURCE_ID = "unvotes-voeten-tidytuesday-2021-03-23"


def derive(folder: Path = SHARED_DIR) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(roll_calls, issues): the study countries' votes 1992–2019 and the issue codes of those roll calls."""
    votes, roll_calls, issues = read_unvotes(folder)
    table = tidy_roll_calls(votes, roll_calls)
    absent = missing_countries(table)
    if absent:
        raise UnvotesError(f"no vote 1992–2019 for the study countries {absent}: has the dataset changed "
                           f"how it codes them?")
    return table, tidy_issues(issues, table["rcid"].unique())


def topic_of(title: str) -> str | None:
    """The D6 theme a roll call's title names, or None."""
    return next((topic for topic, words in TOPIC_PATTERNS if words.search(title)), None)


def roll_call_title(short: object, descr: object) -> str:
    """The title of a roll call as the dataset gives it: ``descr``, unless that holds an agenda symbol or a
    transcript (a few roll calls of 1998 and 2016–2018), in which case ``short``."""
    described = "" if pd.isna(descr) else str(descr).strip()
    if not described or described.startswith(("A/", "The Acting President")):
        return "" if pd.isna(short) else str(short).strip()
    return described


def tidy_topics(roll_calls: pd.DataFrame) -> pd.DataFrame:
    """rcid, topic, title, source_id: the whole-resolution roll calls of 1992–2019 on the D6 themes."""
    calls = tidy_calls(roll_calls).set_index("rcid")
    rows = []
    for record in roll_calls.itertuples(index=False):
        rcid = int(record.rcid)
        if rcid not in calls.index:
            continue
        topic = topic_of(f"{'' if pd.isna(record.short) else record.short} || "
                         f"{'' if pd.isna(record.descr) else record.descr}")
        call = calls.loc[rcid]
        if topic is None or call["amend"] or call["para"] or not call["resolution"]:
            continue
        rows.append({"rcid": rcid, "resolution": call["resolution"] + (f" {call['part']}" if call["part"] else ""),
                     "topic": topic, "title": roll_call_title(record.short, record.descr), "source_id": SOURCE_ID})
    table = pd.DataFrame(rows, columns=["rcid", "resolution", "topic", "title", "source_id"]).sort_values("rcid")
    return table.drop_duplicates("resolution", keep="first").reset_index(drop=True)


def derive_topics(folder: Path = SHARED_DIR) -> pd.DataFrame:
    """The D6 roll calls, from the dataset's roll-call file."""
    _, roll_calls, _ = read_unvotes(folder)
    return tidy_topics(roll_calls)


# --- agreement ------------------------------------------------------------------------------

def yearly_agreement(roll_calls: pd.DataFrame, country_a: str, country_b: str) -> pd.DataFrame:
    """Per year: roll calls where both countries voted yes, no or abstain, those with the same vote,
    and the share of the same vote (as ``analysis.diplomacy.agreement`` counts it).

    ``roll_calls`` has columns rcid, date (YYYY-MM-DD), country, vote. Years without a roll call
    both voted in have no row.
    """
    if country_a == country_b:
        raise ValueError(f"expected two different countries, found {country_a} twice")
    votes = roll_calls[roll_calls["vote"].isin(AGREEMENT_VOTES) & roll_calls["country"].isin([country_a, country_b])]
    pair = votes.assign(rcid=votes["rcid"].astype(int), year=votes["date"].astype(str).str[:4].astype(int)
                        ).pivot_table(index=["year", "rcid"], columns="country", values="vote", aggfunc="first")
    if country_a not in pair or country_b not in pair:
        return pd.DataFrame({"year": pd.Series(dtype=int), "roll_calls": pd.Series(dtype=int),
                             "same": pd.Series(dtype=int), "agreement": pd.Series(dtype=float)})
    both = pair.dropna(subset=[country_a, country_b])
    same = (both[country_a] == both[country_b]).groupby(level="year").agg(["size", "sum"])
    table = pd.DataFrame({"year": same.index.astype(int), "roll_calls": same["size"].astype(int).to_numpy(),
                          "same": same["sum"].astype(int).to_numpy()})
    table["agreement"] = table["same"] / table["roll_calls"]
    return table[AGREEMENT_COLUMNS]


# --- the TidyTuesday copy, excerpted in data/publisher/unvotes/ ---------------------------------

def parse_excerpt(votes_text: str, roll_calls_text: str, name: str = "unvotes excerpt") -> pd.DataFrame:
    """Join the votes file (rcid,country,country_code,vote) to the roll calls (rcid,session,...,date,unres).

    The copy keeps only yes, no and abstain: a member that was absent or did not vote has no
    row, and stays without one here (agreement counts roll calls where both voted).
    Resolution symbols the dataset abbreviates as R/70/5 are written out as A/RES/70/5.
    """
    votes = pd.read_csv(io.StringIO(votes_text), dtype=str, keep_default_na=False)
    calls = pd.read_csv(io.StringIO(roll_calls_text), dtype=str, keep_default_na=False)
    for frame, expected, label in ((votes, ["rcid", "country", "country_code", "vote"], "votes"),
                                   (calls, ["rcid", "session", "importantvote", "date", "unres"], "roll calls")):
        if list(frame.columns[:len(expected)]) != expected:
            raise FormatError(f"{name}: expected the {label} columns {expected}, found {list(frame.columns)}")
    unknown_codes = sorted(set(votes["country_code"]) - set(EXCERPT_COUNTRY_CODES))
    if unknown_codes:
        raise FormatError(f"{name}: no alpha-3 code for {unknown_codes}; known are {sorted(EXCERPT_COUNTRY_CODES)}")
    unknown_votes = sorted(set(votes["vote"]) - set(VOTE_CODES))
    if unknown_votes:
        raise FormatError(f"{name}: expected votes {sorted(VOTE_CODES)}, found {unknown_votes}")
    orphans = sorted(set(votes["rcid"]) - set(calls["rcid"]), key=int)
    if orphans:
        raise FormatError(f"{name}: votes for roll calls missing from the roll-call file: {orphans[:5]}")
    joined = votes.merge(calls, on="rcid", how="left")
    table = pd.DataFrame({
        "rcid": joined["rcid"].astype(int),
        "session": joined["session"].astype(int),
        "date": joined["date"],
        "resolution": joined["unres"].str.replace(r"^R/", "A/RES/", regex=True),  # the dataset's short form
        "country": joined["country_code"].map(EXCERPT_COUNTRY_CODES),
        "vote": joined["vote"].map(VOTE_CODES),
        "source_id": EXCERPT_SOURCE_ID,
    })
    return table.sort_values(["rcid", "country"]).reset_index(drop=True)


def joined_csv(paths: list[Path]) -> str:
    """Several excerpts of one file as one CSV text: the first header, then every file's rows."""
    texts = [path.read_text(encoding="utf-8").splitlines() for path in paths]
    headers = {lines[0] for lines in texts if lines}
    if len(headers) > 1:
        raise FormatError(f"excerpts of one file with different headers: {sorted(headers)}")
    return "\n".join([texts[0][0], *[line for lines in texts for line in lines[1:] if line]]) + "\n"


def excerpt_table(folder: Path) -> pd.DataFrame:
    """The votes excerpted in ``folder``: its excerpts of the votes file (unvotes.*.csv) and of the roll-call
    file (roll_calls.*.csv), joined."""
    votes = sorted(folder.glob("unvotes.*.csv"))
    calls = sorted(folder.glob("roll_calls.*.csv"))
    if not votes or not calls:
        raise FormatError(f"{folder}: expected unvotes.*.csv and roll_calls.*.csv excerpts, "
                          f"found {[path.name for path in votes + calls]}")
    return parse_excerpt(joined_csv(votes), joined_csv(calls), folder.name)


def excerpt_end(folder: Path) -> tuple[str, set[str]]:
    """(last date, members) of the excerpted roll calls: later records add what comes after."""
    table = excerpt_table(folder)
    return str(table["date"].max()), set(table["country"])


# --- output --------------------------------------------------------------------------------

def tables() -> dict[str, str]:
    """The derived tables' CSV text, by their file in data/raw/."""
    roll_calls, issues = derive()
    return {ROLL_CALLS_TABLE: csv_text(roll_calls), ISSUES_TABLE: csv_text(issues), TOPICS_TABLE: csv_text(derive_topics())}


def csv_text(table: pd.DataFrame) -> str:
    """The table as CSV text: a header, no index, lines ending in "\\n"."""
    return table.to_csv(index=False, lineterminator="\n")


def write_tables(roll_calls: pd.DataFrame, issues: pd.DataFrame, output_dir: Path) -> list[Path]:
    """Write the two tables into ``output_dir`` (created if needed); the paths written."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in ((ROLL_CALLS_CSV, roll_calls), (ISSUES_CSV, issues)):
        path = output_dir / name
        path.write_text(csv_text(table), encoding="utf-8", newline="")
        written.append(path)
    return written


def main(arguments: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m analysis.sources.unvotes",
        description="Derive the study countries' General Assembly roll-call votes, 1992–2019, from the "
                    "unvotes R data files.")
    parser.add_argument("output_dir", type=Path, help="folder to write the CSV tables into")
    parser.add_argument("--data-dir", type=Path, default=SHARED_DIR,
                        help=f"folder with the unvotes .rda files (default {SHARED_DIR})")
    options = parser.parse_args(arguments)
    try:
        roll_calls, issues = derive(options.data_dir)
    except UnvotesError as error:
        print(error, file=sys.stderr)
        return 1
    for path in write_tables(roll_calls, issues, options.output_dir):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

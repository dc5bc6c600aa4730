"""The R package unvotes' data files: reading them, and the tidy tables of the study countries' votes.

The package stores Voeten, Strezhnev and Bailey's General Assembly voting data as three R data
files (``un_votes.rda``, ``un_roll_calls.rda``, ``un_roll_call_issues.rda``). This module reads
them as the package lays them out, stopping with the file and the columns expected when the layout
changes, and applies the coding rules that ``analysis.sources.unvotes`` describes.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import pandas as pd
import pycountry

from analysis.config import STUDY_COUNTRIES

SOURCE_ID = "unvotes-voeten-2021-03-08"

FIRST_DATE = "1992-01-01"
LAST_DATE = "2019-12-31"

# file name -> (name of the R object inside it, the columns the derivation reads)
VOTES_FILE = "un_votes.rda"
ROLL_CALLS_FILE = "un_roll_calls.rda"
ISSUES_FILE = "un_roll_call_issues.rda"
EXPECTED_COLUMNS = {
    VOTES_FILE: ("un_votes", ("rcid", "country", "country_code", "vote")),
    ROLL_CALLS_FILE: ("un_roll_calls", ("rcid", "session", "importantvote", "date", "unres", "amend", "para",
                                        "short", "descr")),
    ISSUES_FILE: ("un_roll_call_issues", ("rcid", "short_name", "issue")),
}

VOTE_CODES = {"yes": "Y", "no": "N", "abstain": "A"}

# The issue codes of the dataset (short_name) and the issue each stands for.
ISSUE_CODES = {
    "me": "Palestinian conflict",
    "nu": "Nuclear weapons and nuclear material",
    "di": "Arms control and disarmament",
    "hr": "Human rights",
    "co": "Colonialism",
    "ec": "Economic development",
}

# Alpha-2 codes the dataset uses for members that have no ISO 3166-1 alpha-3 code today. None is
# a study country. The dataset codes Serbia as YU (Yugoslavia) up to 2019.
FORMER_MEMBER_CODES = {
    "CS": "Czechoslovakia",
    "DD": "German Democratic Republic",
    "YD": "Yemen People's Republic",
    "YU": "Yugoslavia (Serbia and Montenegro, then Serbia)",
}

# "R/47/52", "A/RES/74/112", "A/RES/ES-10/19", "R/47/52A", "R/50/38B/I"
RESOLUTION_PATTERN = re.compile(r"(?:A/RES/|R/)(?P<session>(?:ES-)?\d+)/(?P<number>\d+)"
                                r"(?P<part>[A-Z]{1,2}(?:/[IVXLC]+)?)?")

# Symbols the dataset misprints, by roll call: (as printed, as meant). Roll call 5924, a separate
# vote on a paragraph of "Decreasing the operational readiness of nuclear weapons systems" on
# 2012-12-03, is printed R/677/46; roll call 5202 on the same day has the whole resolution, R/67/46.
SYMBOL_CORRECTIONS = {5924: ("R/677/46", "R/67/46")}

ROLL_CALL_COLUMNS = ["rcid", "session", "date", "resolution", "part", "amend", "para", "country", "vote",
                     "source_id"]
ISSUE_COLUMNS = ["rcid", "issue", "source_id"]


class UnvotesError(ValueError):
    """The unvotes files are absent, or differ from the layout and codes this module expects."""


# --- reading the R data files ----------------------------------------------------------------

def r_date_text(days, attributes) -> pd.arrays.StringArray:
    """An R Date vector (days since 1970-01-01) as ISO date texts; a missing date stays missing."""
    epoch = dt.date(1970, 1, 1)
    values = np.ma.filled(np.ma.asarray(days, dtype=float), np.nan)
    return pd.array([None if np.isnan(value) else (epoch + dt.timedelta(days=int(value))).isoformat()
                     for value in values], dtype="string")


def load_r_frame(path: Path, object_name: str) -> pd.DataFrame:
    """The data frame ``object_name`` stored in the R data file at ``path``."""
    try:  # imported here, not above: rdata brings in xarray, which the refresh and the other sources never need
        import rdata
        from rdata.conversion import DEFAULT_CLASS_MAP, dataframe_constructor
    except ImportError as error:
        raise UnvotesError("reading the unvotes R data files needs the Python package 'rdata' "
                           "(pip install rdata)") from error
    constructors = {**DEFAULT_CLASS_MAP, "tbl_df": dataframe_constructor, "tbl": dataframe_constructor,
                    "Date": r_date_text}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # R classes the constructors above do not name
        objects = rdata.read_rda(path, constructor_dict=constructors)
    if object_name not in objects:
        raise UnvotesError(f"{path}: expected an R object named {object_name!r}, found {sorted(objects)}")
    frame = objects[object_name]
    if not isinstance(frame, pd.DataFrame):
        raise UnvotesError(f"{path}: expected {object_name!r} to be a data frame, found {type(frame).__name__}")
    frame = frame.reset_index(drop=True)
    frame.columns = [str(column) for column in frame.columns]
    return frame


def check_columns(frame: pd.DataFrame, expected: Sequence[str], file_name: str) -> None:
    """Raise if ``frame`` lacks any of the ``expected`` columns, naming the file and both column lists."""
    found = [str(column) for column in frame.columns]
    missing = [column for column in expected if column not in found]
    if missing:
        raise UnvotesError(f"{file_name}: expected the columns {list(expected)}, found {found} "
                           f"(missing {missing})")


def check_folder(folder: Path) -> None:
    """Raise, saying so plainly, if the unvotes files are not in ``folder``."""
    absent = [name for name in EXPECTED_COLUMNS if not (Path(folder) / name).is_file()]
    if absent:
        raise UnvotesError(
            f"The unvotes data files are not at {folder} (missing {', '.join(absent)}). They are the "
            f"publisher's files, not part of the project; the build uses the committed derived tables "
            f"and does not need them.")


def read_unvotes(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The three raw frames (votes, roll calls, issues) as the package stores them; dates as texts."""
    folder = Path(folder)
    check_folder(folder)
    frames = []
    for file_name, (object_name, expected) in EXPECTED_COLUMNS.items():
        frame = load_r_frame(folder / file_name, object_name)
        check_columns(frame, expected, file_name)
        frames.append(frame)
    votes, roll_calls, issues = frames
    return votes, roll_calls, issues


# --- codes --------------------------------------------------------------------------------

def whole_number(value: object, what: str) -> int:
    """``value`` as an int; raise naming ``what`` if it is missing or not a whole number."""
    if pd.isna(value) or float(value) != int(float(value)):
        raise UnvotesError(f"{what}: expected a whole number, found {value!r}")
    return int(float(value))


def whole_numbers(values: pd.Series, what: str) -> pd.Series:
    """``values`` as ints; raise naming ``what`` and the first offending value if any is missing or not whole."""
    numbers = pd.to_numeric(values.astype(object), errors="coerce").astype(float)
    bad = numbers.isna() | (numbers != numbers.round())
    if bad.any():
        raise UnvotesError(f"{what}: expected whole numbers, found {values[bad].iloc[0]!r}")
    return numbers.astype(int)


def resolution_symbol(unres: object, session: str, rcid: int) -> tuple[str, str]:
    """(symbol as A/RES/<session>/<number>, part) for the dataset's ``unres``; ("", "") if it has none.

    ``session`` is the roll call's session: a symbol of another regular session is an error
    (a symbol of an emergency special session, such as A/RES/ES-10/19, may be voted in a regular one).
    """
    text = "" if pd.isna(unres) else str(unres).strip()
    if rcid in SYMBOL_CORRECTIONS and text == SYMBOL_CORRECTIONS[rcid][0]:
        text = SYMBOL_CORRECTIONS[rcid][1]
    if not text:
        return "", ""
    found = RESOLUTION_PATTERN.fullmatch(text)
    if found is None:
        raise UnvotesError(f"roll call {rcid}: unres {text!r} is not a resolution symbol such as R/47/52 "
                           f"or A/RES/74/112")
    symbol_session = found["session"]
    if not symbol_session.startswith("ES-") and symbol_session != session:
        raise UnvotesError(f"roll call {rcid}: unres {text!r} names session {symbol_session}, "
                           f"but the roll call is of session {session}")
    return f"A/RES/{symbol_session}/{found['number']}", found["part"] or ""


def flag(value: object, column: str, rcid: int) -> int:
    """An amend/para cell as 0 or 1: 1 stays 1; 0 and an empty cell are 0."""
    if pd.isna(value):
        return 0
    if value not in (0, 1):
        raise UnvotesError(f"roll call {rcid}: expected {column} 0, 1 or empty, found {value!r}")
    return int(value)


def alpha3(alpha2: object, country: str) -> str | None:
    """The ISO alpha-3 code for the dataset's alpha-2 ``country_code``; None for a listed former member.

    Raise, naming the country, for a code that is missing or unknown and not a listed former member:
    it might be a study country whose votes would otherwise be lost.
    """
    if pd.isna(alpha2) or not str(alpha2).strip():
        raise UnvotesError(f"no country code for {country!r}; cannot tell whether it is a study country")
    code = str(alpha2).strip()
    if code in FORMER_MEMBER_CODES:
        return None
    match = pycountry.countries.get(alpha_2=code)
    if match is None:
        raise UnvotesError(f"country code {code!r} ({country}) has no ISO 3166 alpha-3 code in pycountry "
                           f"and is not a listed former member {sorted(FORMER_MEMBER_CODES)}")
    return match.alpha_3


# --- the tidy tables ---------------------------------------------------------------------------

def tidy_calls(roll_calls: pd.DataFrame, first_date: str = FIRST_DATE, last_date: str = LAST_DATE) -> pd.DataFrame:
    """The roll calls dated ``first_date`` to ``last_date``: rcid, session, date, resolution, part, amend, para."""
    check_columns(roll_calls, EXPECTED_COLUMNS[ROLL_CALLS_FILE][1], ROLL_CALLS_FILE)
    dates = roll_calls["date"].astype("string")
    bad_dates = roll_calls.loc[~dates.fillna("").str.fullmatch(r"\d{4}-\d{2}-\d{2}"), "rcid"]
    if not bad_dates.empty:
        raise UnvotesError(f"{ROLL_CALLS_FILE}: roll calls without a date as YYYY-MM-DD: {list(bad_dates)[:5]}")
    kept = roll_calls[dates.between(first_date, last_date)]
    rows = []
    for record in kept.itertuples(index=False):
        rcid = whole_number(record.rcid, f"{ROLL_CALLS_FILE}: rcid")
        session = str(whole_number(record.session, f"{ROLL_CALLS_FILE}: session of roll call {rcid}"))
        resolution, part = resolution_symbol(record.unres, session, rcid)
        rows.append({"rcid": rcid, "session": session, "date": str(record.date), "resolution": resolution,
                     "part": part, "amend": flag(record.amend, "amend", rcid), "para": flag(record.para, "para", rcid)})
    calls = pd.DataFrame(rows, columns=ROLL_CALL_COLUMNS[:7])
    repeated = calls.loc[calls["rcid"].duplicated(), "rcid"]
    if not repeated.empty:
        raise UnvotesError(f"{ROLL_CALLS_FILE}: roll calls listed twice: {sorted(set(repeated))[:5]}")
    return calls


def tidy_votes(votes: pd.DataFrame, rcids: Iterable[int], countries: Sequence[str] = STUDY_COUNTRIES) -> pd.DataFrame:
    """The votes of ``countries`` in the roll calls ``rcids``: rcid, country (alpha-3), vote (Y/N/A).

    Every country voting in those roll calls is mapped, so that an unmappable code is noticed
    before the cut to ``countries``.
    """
    check_columns(votes, EXPECTED_COLUMNS[VOTES_FILE][1], VOTES_FILE)
    rcid = whole_numbers(votes["rcid"], f"{VOTES_FILE}: rcid")
    wanted = votes[rcid.isin(set(rcids))].assign(rcid=rcid)
    names = wanted[["country_code", "country"]].astype(object).drop_duplicates()
    codes = {code: alpha3(code, country) for code, country in names.itertuples(index=False)}
    vote_text = wanted["vote"].astype("string")
    unknown = sorted(set(vote_text.dropna()) - set(VOTE_CODES)) + (["<missing>"] if vote_text.isna().any() else [])
    if unknown:
        raise UnvotesError(f"{VOTES_FILE}: expected votes {sorted(VOTE_CODES)}, found {unknown}")
    table = pd.DataFrame({
        "rcid": wanted["rcid"].astype(int),
        "country": wanted["country_code"].astype(object).map(codes),
        "vote": vote_text.map(VOTE_CODES).astype(object),
    })
    table = table[table["country"].isin(countries)]
    repeated = table[table.duplicated(["rcid", "country"])]
    if not repeated.empty:
        first = repeated.iloc[0]
        raise UnvotesError(f"{VOTES_FILE}: more than one vote of {first['country']} in roll call {first['rcid']}")
    return table


def tidy_roll_calls(votes: pd.DataFrame, roll_calls: pd.DataFrame, countries: Sequence[str] = STUDY_COUNTRIES,
                    first_date: str = FIRST_DATE, last_date: str = LAST_DATE,
                    source_id: str = SOURCE_ID) -> pd.DataFrame:
    """One row per roll call and study country that voted in it, sorted by (rcid, country).

    Columns rcid, session, date, resolution, part, amend, para, country, vote, source_id.
    """
    calls = tidy_calls(roll_calls, first_date, last_date)
    check_columns(votes, EXPECTED_COLUMNS[VOTES_FILE][1], VOTES_FILE)
    known = set(whole_numbers(roll_calls["rcid"], f"{ROLL_CALLS_FILE}: rcid"))
    orphans = sorted(set(whole_numbers(votes["rcid"], f"{VOTES_FILE}: rcid")) - known)
    if orphans:
        raise UnvotesError(f"{VOTES_FILE}: votes in roll calls missing from {ROLL_CALLS_FILE}: {orphans[:5]}")
    chosen = tidy_votes(votes, calls["rcid"], countries)
    table = calls.merge(chosen, on="rcid", how="inner").assign(source_id=source_id)
    return table[ROLL_CALL_COLUMNS].sort_values(["rcid", "country"], ignore_index=True)


def tidy_issues(issues: pd.DataFrame, rcids: Iterable[int], source_id: str = SOURCE_ID) -> pd.DataFrame:
    """The issue codes (short_name) of the roll calls ``rcids``: rcid, issue, source_id, sorted."""
    check_columns(issues, EXPECTED_COLUMNS[ISSUES_FILE][1], ISSUES_FILE)
    codes = issues["short_name"].astype("string")
    unknown = sorted(set(codes.fillna("<missing>")) - set(ISSUE_CODES))
    if unknown:
        raise UnvotesError(f"{ISSUES_FILE}: expected issue codes {sorted(ISSUE_CODES)}, found {unknown}")
    table = pd.DataFrame({
        "rcid": whole_numbers(issues["rcid"], f"{ISSUES_FILE}: rcid"),
        "issue": codes.astype(object),
        "source_id": source_id,
    })
    table = table[table["rcid"].isin(set(rcids))].drop_duplicates(["rcid", "issue"])
    return table[ISSUE_COLUMNS].sort_values(["rcid", "issue"], ignore_index=True)


def missing_countries(roll_calls: pd.DataFrame, countries: Sequence[str] = STUDY_COUNTRIES) -> list[str]:
    """The ``countries`` without a single vote in ``roll_calls``."""
    return sorted(set(countries) - set(roll_calls["country"]))

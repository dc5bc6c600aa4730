"""Rules that every raw table must satisfy before any notebook runs.

A schema is a list of column rules plus a unique key. ``validate_table``
checks a freshly read table (all cells as text, exactly as in the file)
and raises ``DataValidationError`` naming the file, the line, the column and
the rule that failed, with the value it found. Line numbers are the file's
own (the header is line 1), so a person can open the file and go there.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

from analysis.codes import is_known_entity

# The latest year a yearly figure may describe: data cannot come from the future.
MAX_YEAR = dt.date.today().year
MIN_YEAR = 1945


class DataValidationError(ValueError):
    """A raw table broke a rule. The message names file, line, column and rule."""


# --- value checks: each takes a text cell and returns an error text or None ---

NOT_A_NUMBER = "expected a finite number"


def _as_float(text: str) -> float | None:
    """The number a cell holds, or None; 'inf', 'nan' and the like are not numbers a table may hold."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def number(text: str) -> str | None:
    return None if _as_float(text) is not None else NOT_A_NUMBER


def non_negative(text: str) -> str | None:
    value = _as_float(text)
    if value is None:
        return NOT_A_NUMBER
    return None if value >= 0 else "expected a value of 0 or more"


def percentage(text: str) -> str | None:
    value = _as_float(text)
    if value is None:
        return NOT_A_NUMBER
    return None if 0 <= value <= 100 else "expected a share between 0 and 100 %"


def year(text: str) -> str | None:
    if not text.isdigit():
        return "expected a four-digit year"
    value = int(text)
    if value > MAX_YEAR:
        return f"expected a year no later than {MAX_YEAR}"
    if value < MIN_YEAR:
        return f"expected a year from {MIN_YEAR} on"
    return None


def iso_date(text: str) -> str | None:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return "expected a date as YYYY-MM-DD"
    return None if day.year <= MAX_YEAR and day <= dt.date.today() else "expected a date not in the future"


def entity_code(text: str) -> str | None:
    return None if is_known_entity(text) else "expected an ISO 3166 alpha-3 code or a known aggregate code"


def optional(check: Callable[[str], str | None]) -> Callable[[str], str | None]:
    """Allow an empty cell, otherwise apply ``check``."""

    def checked(text: str) -> str | None:
        return None if text == "" else check(text)

    checked.__name__ = f"optional {check.__name__.replace('_', ' ')}"
    return checked


def one_of(allowed: Iterable[str]) -> Callable[[str], str | None]:
    allowed = tuple(allowed)

    def checked(text: str) -> str | None:
        return None if text in allowed else f"expected one of {', '.join(allowed)}"

    checked.__name__ = "one of " + "/".join(allowed)
    return checked


def non_empty(text: str) -> str | None:
    return None if text.strip() else "expected a non-empty text"


@dataclass(frozen=True)
class Column:
    name: str
    check: Callable[[str], str | None] = non_empty
    required: bool = True

    @property
    def rule(self) -> str:
        return self.check.__name__.replace("_", " ")


@dataclass(frozen=True)
class TableSchema:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    # Checks across columns of one row: (rule name, function(row) -> error text or None)
    row_checks: tuple[tuple[str, Callable[[dict[str, str]], str | None]], ...] = field(default=())

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]


def _fail(path: str, line: int | None, column: str | None, rule: str, detail: str) -> DataValidationError:
    where = path if line is None else f"{path}, line {line}"
    if column is not None:
        where += f", column '{column}'"
    return DataValidationError(f"{where}: rule '{rule}' failed: {detail}")


def validate_table(rows: list[dict[str, str]], columns: list[str], schema: TableSchema, path: str,
                   citations: frozenset[str] | None = None) -> None:
    """Check a table's rows (text cells, as in the file) against ``schema``; raise on the first violation.

    ``citations`` is the set of known ``source_id`` values; when given, every
    row's ``source_id`` must be among them.
    """
    missing = [name for name in schema.column_names if name not in columns]
    if missing:
        raise _fail(path, None, missing[0], "required column",
                    f"expected columns {schema.column_names}, found {columns}")
    first_line_of: dict[tuple[str, ...], int] = {}
    for line, record in enumerate(rows, start=2):
        for column in schema.columns:
            text = record[column.name]
            if text == "" and not column.required:
                continue
            problem = column.check(text)
            if problem:
                raise _fail(path, line, column.name, column.rule, f"{problem}, found {text!r}")
        if citations is not None and record["source_id"] not in citations:
            raise _fail(path, line, "source_id", "citation exists",
                        f"no citation with id {record['source_id']!r} in the citations table")
        for rule, check in schema.row_checks:
            problem = check(record)
            if problem:
                raise _fail(path, line, None, rule, problem)
        key = tuple(record[name] for name in schema.key)
        if key in first_line_of:
            raise _fail(path, line, None, "unique key",
                        f"the key {dict(zip(schema.key, key))} repeats line {first_line_of[key]}")
        first_line_of[key] = line


def _share_unit_at_most_100(row: dict[str, str]) -> str | None:
    if row["unit"] == "percent":
        return percentage(row["value"])
    return None


INDICATOR_TABLE = TableSchema(
    name="indicator table",
    columns=(
        Column("indicator"),
        Column("entity", entity_code),
        Column("partner", optional(entity_code), required=False),
        Column("year", year),
        Column("value", non_negative),
        Column("unit"),
        Column("source_id"),
    ),
    key=("indicator", "entity", "partner", "year"),
    row_checks=(("share at most 100 %", _share_unit_at_most_100),),
)

CITATIONS_TABLE = TableSchema(
    name="citations",
    columns=(
        Column("source_id"),
        Column("publisher"),
        Column("title"),
        Column("locator"),
        Column("url"),
        Column("release"),
        Column("retrieved", iso_date),
    ),
    key=("source_id",),
)


def count(text: str) -> str | None:
    return None if text.isdigit() else "expected a whole number of 0 or more"


def year_or_date(text: str) -> str | None:
    """'2001' or '2001-06-15'."""
    return year(text) if len(text) == 4 else iso_date(text)


def permanent_members(text: str) -> str | None:
    """One or more of the Security Council's permanent members, joined by ';'."""
    codes = [code.strip() for code in text.split(";")]
    unknown = [code for code in codes if code not in PERMANENT_MEMBERS]
    return None if codes and not unknown else f"expected codes of permanent members {PERMANENT_MEMBERS} joined by ';'"


def pattern(regex: str, description: str) -> Callable[[str], str | None]:
    compiled = re.compile(regex)

    def checked(text: str) -> str | None:
        return None if compiled.fullmatch(text) else f"expected {description}"

    checked.__name__ = description
    return checked


PERMANENT_MEMBERS = ("CHN", "FRA", "GBR", "RUS", "USA")
UN_VOTE = one_of(("Y", "N", "A", "X"))

VETO_TABLE = TableSchema(
    name="Security Council vetoes",
    columns=(
        Column("date", iso_date),
        Column("draft_symbol", pattern(r"S/(?:\d{4}/)?\d+", "a draft symbol such as S/2022/155 (S/25693 before 1994)")),
        Column("meeting_record", pattern(r"S/PV\.\d+(?: ?\(Resumption \d\)| \(.*\))?|S/\d{4}/\d+(?:;S/\d{4}/\d+)*",
                                         "a meeting record such as S/PV.8979, or the letters recording a vote held remotely")),
        Column("subject"),
        Column("vetoed_by", permanent_members),
        Column("source_id"),
    ),
    key=("draft_symbol",),
)

UNGA_VOTES_TABLE = TableSchema(
    name="General Assembly recorded votes",
    columns=(
        Column("symbol", pattern(r"A/RES/[\w.-]+/\d+", "a resolution symbol such as A/RES/ES-11/1")),
        Column("date", iso_date),
        Column("subject"),
        Column("yes", count),
        Column("no", count),
        Column("abstain", count),
        Column("vote_RUS", UN_VOTE),
        Column("vote_CHN", UN_VOTE),
        Column("vote_IND", UN_VOTE),
        Column("vote_USA", UN_VOTE),
        Column("source_id"),
    ),
    key=("symbol",),
)

UNGA_ROLL_CALL_TABLE = TableSchema(
    name="General Assembly roll-call votes",
    columns=(
        Column("rcid", count),  # the roll call's number in its source (Voeten's rcid, the library's record id)
        Column("session", pattern(r"(?:ES-)?\d+", "a session such as 74, or an emergency special session such as ES-11")),
        Column("date", iso_date),
        Column("resolution", pattern(r"A/RES/[\w.-]+/\d+", "a resolution symbol such as A/RES/74/112")),
        Column("country", entity_code),
        Column("vote", one_of(("Y", "N", "A"))),
        Column("source_id"),
    ),
    key=("rcid", "country"),
)

RESOLUTION = pattern(r"A/RES/[\w.-]+/\d+", "a resolution symbol such as A/RES/74/112")
ZERO_OR_ONE = one_of(("0", "1"))

UNGA_ROLL_CALL_HISTORY_TABLE = TableSchema(
    name="General Assembly roll-call votes, 1992-2019",
    columns=(
        Column("rcid", count),
        Column("session", pattern(r"(?:ES-)?\d+", "a session such as 74, or an emergency special session such as ES-11")),
        Column("date", iso_date),
        # a procedural vote (a motion not to act, an amendment) may have no resolution symbol
        Column("resolution", optional(RESOLUTION), required=False),
        Column("part", optional(pattern(r"[A-Z]{1,2}(?:/[IVX]+)?", "a part letter such as A or AB, or B/I")), required=False),
        Column("amend", ZERO_OR_ONE),
        Column("para", ZERO_OR_ONE),
        Column("country", entity_code),
        Column("vote", one_of(("Y", "N", "A"))),
        Column("source_id"),
    ),
    key=("rcid", "country"),
)

UNGA_ISSUE_CODES = ("me", "nu", "di", "hr", "co", "ec")
UNGA_ROLL_CALL_ISSUES_TABLE = TableSchema(
    name="General Assembly roll-call issues",
    columns=(Column("rcid", count), Column("issue", one_of(UNGA_ISSUE_CODES)), Column("source_id")),
    key=("rcid", "issue"),
)

MEMBERSHIP_TABLE = TableSchema(
    name="memberships",
    columns=(
        Column("organisation", one_of(("SCO", "BRICS"))),
        Column("entity", entity_code),
        Column("status", one_of(("member", "observer", "dialogue partner", "partner"))),
        Column("joined", year_or_date),
        Column("source_id"),
    ),
    key=("organisation", "entity", "status"),
)

SUMMIT_TABLE = TableSchema(
    name="summits",
    columns=(
        Column("organisation", one_of(("SCO", "BRICS"))),
        Column("date", iso_date),
        Column("city"),
        Column("host", entity_code),
        Column("source_id"),
    ),
    key=("organisation", "date"),
)

LEADER_MEETING_TABLE = TableSchema(
    name="leaders' meetings",
    columns=(
        Column("pair", pattern(r"[A-Z]{3}-[A-Z]{3}", "the pair's two codes in alphabetical order, such as CHN-RUS")),
        Column("date", iso_date),
        Column("place"),
        Column("format", one_of(("state visit", "summit side-line", "video call", "phone call"))),
        Column("occasion"),
        Column("source_id"),
    ),
    key=("pair", "date", "format"),
)


def month_or_date(text: str) -> str | None:
    """'2024-07' where only the month is known, otherwise '2024-07-14'."""
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return iso_date(f"{text}-01")
    return iso_date(text)


EXERCISE_DOMAINS = ("counter-terrorism", "naval", "combined-arms", "missile defence", "joint patrol", "land", "air")
EXERCISE_FORMATS = ("bilateral", "SCO", "trilateral", "Russian strategic exercise with Chinese participation")

def _far_seas_at_sea(row: dict[str, str]) -> str | None:
    at_sea = row["domain"] in ("naval", "joint patrol")
    if at_sea and not row["far_seas"]:
        return f"expected far_seas yes or no for a {row['domain']} row, found it empty"
    if not at_sea and row["far_seas"]:
        return f"expected far_seas empty for a {row['domain']} row, found {row['far_seas']!r}"
    return None


EXERCISE_TABLE = TableSchema(
    name="joint military exercises",
    columns=(
        Column("pair", pattern(r"[A-Z]{3}-[A-Z]{3}", "the pair's two codes in alphabetical order, such as CHN-RUS")),
        Column("start_date", month_or_date),
        Column("end_date", optional(iso_date), required=False),
        Column("name"),
        Column("domain", one_of(EXERCISE_DOMAINS)),
        Column("format", one_of(EXERCISE_FORMATS)),
        Column("location"),
        Column("far_seas", optional(one_of(("yes", "no"))), required=False),
        Column("source_id"),
    ),
    key=("pair", "name", "start_date"),
    row_checks=(("far_seas coded for activity at sea only", _far_seas_at_sea),),
)


SETTLEMENT_MEASURES = (
    "national currencies in bilateral settlements",
    "yuan in bilateral settlements",
    "yuan in Russia's export settlements",
    "yuan in Russia's import settlements",
)


def year_or_month(text: str) -> str | None:
    """'2020' for a whole year, '2023-06' for a month."""
    if re.fullmatch(r"\d{4}", text):
        return year(text)
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return iso_date(f"{text}-01")
    return "expected a year (2020) or a month (2023-06)"


SETTLEMENT_TABLE = TableSchema(
    name="settlement currency shares",
    columns=(
        Column("pair", pattern(r"[A-Z]{3}-[A-Z]{3}", "the pair's two codes in alphabetical order, such as CHN-RUS")),
        Column("measure", one_of(SETTLEMENT_MEASURES)),
        Column("period", year_or_month),
        Column("reported", iso_date),
        Column("speaker"),
        Column("qualifier", one_of(("as stated", "about", "more than"))),
        Column("share_pct", percentage),
        Column("source_id"),
    ),
    key=("pair", "measure", "period", "speaker", "reported"),
)

"""Rules that every raw table must satisfy before any notebook runs, and how a broken one is reported.

A rule has the name a message gives it and says what it expected of a text
cell (or of a row) that breaks it; the wording of every rule is here. The
tables' schemas (``analysis.data.tables``) are built from these rules.
A broken table raises one ``DataValidationError`` naming the file, the line,
the column and the rule that failed, with the value it found. Line numbers
are the file's own (the header is line 1), so a person can open the file and
go there.

Nothing here loads pandas or pandera: the chapters and the build import the
error and the lists of codes without paying for the schemas.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Callable, Iterable

from analysis.codes import is_known_entity

# The latest year a yearly figure may describe: data cannot come from the future.
MAX_YEAR = dt.date.today().year
MIN_YEAR = 1945


class DataValidationError(ValueError):
    """A raw table broke a rule. The message names file, line, column and rule."""


def failure(path: str, line: int | None, column: str | None, rule: str, detail: str) -> DataValidationError:
    """The error for a broken rule, placed as precisely as known: file, then line, then column."""
    where = path if line is None else f"{path}, line {line}"
    if column is not None:
        where += f", column '{column}'"
    return DataValidationError(f"{where}: rule '{rule}' failed: {detail}")


@dataclass(frozen=True)
class Rule:
    """A rule for one text cell: its name, and ``problem``, which says what it expected of a cell that
    breaks it (None for a cell that keeps it). A message quotes the cell after the problem unless
    the problem already names it."""
    name: str
    problem: Callable[[str], str | None]
    quotes_cell: bool = True

    def passes(self, text: str) -> bool:
        return self.problem(text) is None

    def detail(self, text: str) -> str:
        problem = self.problem(text) or ""
        return f"{problem}, found {text!r}" if self.quotes_cell else problem


@dataclass(frozen=True)
class RowRule:
    """A rule across cells of one row: ``problem`` takes the row's cells of ``columns``, in that order."""
    name: str
    columns: tuple[str, ...]
    problem: Callable[..., str | None]

    def passes(self, *cells: str) -> bool:
        return self.problem(*cells) is None


# --- cell rules ---

NOT_A_NUMBER = "expected a finite number"


def _as_float(text: str) -> float | None:
    """The number a cell holds, or None; 'inf', 'nan' and the like are not numbers a table may hold."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _number(text: str) -> str | None:
    return None if _as_float(text) is not None else NOT_A_NUMBER


def _non_negative(text: str) -> str | None:
    value = _as_float(text)
    if value is None:
        return NOT_A_NUMBER
    return None if value >= 0 else "expected a value of 0 or more"


def _percentage(text: str) -> str | None:
    value = _as_float(text)
    if value is None:
        return NOT_A_NUMBER
    return None if 0 <= value <= 100 else "expected a share between 0 and 100 %"


def _year(text: str) -> str | None:
    if not text.isdigit():
        return "expected a four-digit year"
    value = int(text)
    if value > MAX_YEAR:
        return f"expected a year no later than {MAX_YEAR}"
    if value < MIN_YEAR:
        return f"expected a year from {MIN_YEAR} on"
    return None


def _iso_date(text: str) -> str | None:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return "expected a date as YYYY-MM-DD"
    return None if day.year <= MAX_YEAR and day <= dt.date.today() else "expected a date not in the future"


def _year_or_date(text: str) -> str | None:
    """'2001' or '2001-06-15'."""
    return _year(text) if len(text) == 4 else _iso_date(text)


def _month_or_date(text: str) -> str | None:
    """'2024-07' where only the month is known, otherwise '2024-07-14'."""
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return _iso_date(f"{text}-01")
    return _iso_date(text)


def _year_or_month(text: str) -> str | None:
    """'2020' for a whole year, '2023-06' for a month."""
    if re.fullmatch(r"\d{4}", text):
        return _year(text)
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return _iso_date(f"{text}-01")
    return "expected a year (2020) or a month (2023-06)"


NUMBER = Rule("number", _number)
NON_NEGATIVE = Rule("non negative", _non_negative)
PERCENTAGE = Rule("percentage", _percentage)
YEAR = Rule("year", _year)
ISO_DATE = Rule("iso date", _iso_date)
YEAR_OR_DATE = Rule("year or date", _year_or_date)
MONTH_OR_DATE = Rule("month or date", _month_or_date)
YEAR_OR_MONTH = Rule("year or month", _year_or_month)
NON_EMPTY = Rule("non empty", lambda text: None if text.strip() else "expected a non-empty text")
COUNT = Rule("count", lambda text: None if text.isdigit() else "expected a whole number of 0 or more")
ENTITY_CODE = Rule("entity code", lambda text: None if is_known_entity(text) else
                   "expected an ISO 3166 alpha-3 code or a known aggregate code")


def optional(rule: Rule) -> Rule:
    """Allow an empty cell, otherwise apply ``rule``."""
    return Rule(f"optional {rule.name}", lambda text: None if text == "" else rule.problem(text))


def one_of(allowed: Iterable[str]) -> Rule:
    allowed = tuple(allowed)
    return Rule("one of " + "/".join(allowed),
                lambda text: None if text in allowed else f"expected one of {', '.join(allowed)}")


def pattern(regex: str, description: str) -> Rule:
    """A cell matching ``regex`` whole; the rule is named by its ``description``."""
    compiled = re.compile(regex)
    return Rule(description, lambda text: None if compiled.fullmatch(text) else f"expected {description}")


def citation_exists(known: frozenset[str]) -> Rule:
    """A ``source_id`` that the citations table lists."""
    return Rule("citation exists", lambda text: None if text in known else
                f"no citation with id {text!r} in the citations table", quotes_cell=False)


PERMANENT_MEMBERS = ("CHN", "FRA", "GBR", "RUS", "USA")


def _permanent_members(text: str) -> str | None:
    """One or more of the Security Council's permanent members, joined by ';'."""
    codes = [code.strip() for code in text.split(";")]
    unknown = [code for code in codes if code not in PERMANENT_MEMBERS]
    return None if codes and not unknown else f"expected codes of permanent members {PERMANENT_MEMBERS} joined by ';'"


PERMANENT_MEMBER_CODES = Rule("permanent members", _permanent_members)
UN_VOTE = one_of(("Y", "N", "A", "X"))
ROLL_CALL_VOTE = one_of(("Y", "N", "A"))
ZERO_OR_ONE = one_of(("0", "1"))
PAIR = pattern(r"[A-Z]{3}-[A-Z]{3}", "the pair's two codes in alphabetical order, such as CHN-RUS")
SESSION = pattern(r"(?:ES-)?\d+", "a session such as 74, or an emergency special session such as ES-11")
RESOLUTION = pattern(r"A/RES/[\w.-]+/\d+", "a resolution symbol such as A/RES/74/112")
ORGANISATION = one_of(("SCO", "BRICS"))

UNGA_ISSUE_CODES = ("me", "nu", "di", "hr", "co", "ec")
# The themes of claim D6 a General Assembly roll call may be filed under (analysis.sources.unvotes).
UNGA_TOPICS = ("coercive measures", "non-interference")
# The topics a vetoed draft is filed under (its table's topic column): the country or conflict it concerned.
VETO_TOPICS = ("Syria", "Israel and Palestine", "Ukraine", "Myanmar", "Venezuela", "Korean peninsula", "other")
EXERCISE_DOMAINS = ("counter-terrorism", "naval", "combined-arms", "missile defence", "joint patrol", "land", "air")
EXERCISE_FORMATS = ("bilateral", "SCO", "trilateral", "Russian strategic exercise with Chinese participation")
SETTLEMENT_MEASURES = (
    "national currencies in bilateral settlements",
    "yuan in bilateral settlements",
    "yuan in Russia's export settlements",
    "yuan in Russia's import settlements",
)
# The act whose date a membership row carries (memberships' took_effect_by): a full member's accession, the
# signature of an SCO dialogue partner's memorandum, the summit decision granting SCO observer status, the
# day announced for a BRICS partner status.
TOOK_EFFECT_BY = ("memorandum", "accession", "decision", "announcement")
TAKES_EFFECT_BY = {("SCO", "member"): "accession", ("SCO", "observer"): "decision",
                   ("SCO", "dialogue partner"): "memorandum", ("BRICS", "member"): "accession",
                   ("BRICS", "partner"): "announcement"}

# A vetoed draft's topic follows from the Security Council's agenda item it was voted under (vetoes'
# agenda_item); None for an item that names no country or conflict, whose topic is read from the page
# cited in topic_source_id.
AGENDA_TOPICS: dict[str, str | None] = {
    "Admission of new members": "other",
    "Central America: efforts towards peace": "other",
    "Cyprus": "other",
    "Georgia": "other",
    "Humanitarian Access in Syria": "Syria",
    "Humanitarian access to Syria": "Syria",
    "Letter dated 28 February 2014 from the Permanent Representative of Ukraine to the United Nations "
    "addressed to the President of the Security Council": "Ukraine",
    "Maintenance of international peace and security": "other",
    "Maintenance of peace and security of Ukraine": "Ukraine",
    "Middle East": None,
    "Middle East - Syria": "Syria",
    "Middle East situation, including the Palestinian question": "Israel and Palestine",
    "Myanmar": "Myanmar",
    "Non-proliferation - Democratic People's Republic of Korea": "Korean peninsula",
    "Peace and Security - Africa": "other",
    "Sanctions against Yemen": "other",
    "The situation in Bosnia and Herzegovina": "other",
    "The situation in Cyprus": "other",
    "The situation in the Bolivarian Republic of Venezuela": "Venezuela",
    "The situation in the Middle East": None,
    "The situation in the Middle East, including the Palestinian question": "Israel and Palestine",
    "The situation in the Republic of Bosnia and Herzegovina": "other",
    "The situation in the former Yugoslav Republic of Macedonia": "other",
    "The situation in the occupied Arab territories": "Israel and Palestine",
    "Threats to international peace and security caused by terrorist attacks": "other",
}


def topic_of_agenda_item(agenda_item: str) -> str | None:
    """The topic a vetoed draft voted under ``agenda_item`` is filed under; None where the item names no country
    or conflict. An item ``AGENDA_TOPICS`` does not list raises KeyError: add it there, with its topic."""
    return AGENDA_TOPICS[agenda_item]


# --- row rules ---

def _share_at_most_100(unit: str, value: str) -> str | None:
    return _percentage(value) if unit == "percent" else None


def _far_seas_at_sea(domain: str, far_seas: str) -> str | None:
    at_sea = domain in ("naval", "joint patrol")
    if at_sea and not far_seas:
        return f"expected far_seas yes or no for a {domain} row, found it empty"
    if not at_sea and far_seas:
        return f"expected far_seas empty for a {domain} row, found {far_seas!r}"
    return None


def _topic_from_agenda_item(agenda_item: str, topic: str, topic_source_id: str) -> str | None:
    if not agenda_item:
        return None
    if agenda_item not in AGENDA_TOPICS:
        return f"expected an agenda item listed in AGENDA_TOPICS, found {agenda_item!r}"
    expected = AGENDA_TOPICS[agenda_item]
    if expected is None:
        return None if topic_source_id else (f"expected a topic_source_id: the agenda item {agenda_item!r} names no "
                                             "country, so the topic must be read from a cited page")
    return None if topic == expected else f"expected topic {expected!r} for the agenda item {agenda_item!r}, found {topic!r}"


def _takes_effect(organisation: str, status: str, took_effect_by: str) -> str | None:
    expected = TAKES_EFFECT_BY.get((organisation, status))
    if expected is None or took_effect_by == expected:
        return None
    return f"expected a {organisation} {status} dated by its {expected}, found {took_effect_by!r}"


def _second_source(source_id: str, confirmed_by: str, confirms: str) -> str | None:
    if confirmed_by and confirmed_by == source_id:
        return f"expected a second source other than the row's own, found confirmed_by {confirmed_by!r} = source_id"
    if bool(confirmed_by) != bool(confirms):
        return ("expected confirms to name the fields confirmed_by confirms, and both empty for an unconfirmed row; "
                f"found confirmed_by {confirmed_by!r}, confirms {confirms!r}")
    return None


def confirmed_fields(columns: Iterable[str]) -> Rule:
    """The fields a second source confirms: names of the table's own columns, joined by ';', each once."""
    allowed = tuple(name for name in columns if name not in ("source_id", "confirmed_by", "confirms"))

    def problem(text: str) -> str | None:
        if not text:
            return None
        names = text.split(";")
        unknown = [name for name in names if name not in allowed]
        if unknown or len(set(names)) != len(names):
            return f"expected column names of the table ({', '.join(allowed)}) joined by ';', each once"
        return None
    return Rule("confirmed fields", problem)


def _dated_by(source_id: str, confirmed_by: str, confirms: str, dated_by: str) -> str | None:
    if dated_by == source_id:
        return None
    if dated_by and dated_by == confirmed_by:
        dated = [name for name in confirms.split(";") if name in ("date", "start_date", "end_date")]
        return None if dated else f"expected confirms to name the dates the second source {dated_by!r} gives"
    return f"expected dated_by to be the row's source_id or confirmed_by, found {dated_by!r}"


SHARE_AT_MOST_100 = RowRule("share at most 100 %", ("unit", "value"), _share_at_most_100)
FAR_SEAS_AT_SEA = RowRule("far_seas coded for activity at sea only", ("domain", "far_seas"), _far_seas_at_sea)
TOPIC_FROM_AGENDA_ITEM = RowRule("topic follows from the agenda item", ("agenda_item", "topic", "topic_source_id"),
                                 _topic_from_agenda_item)
TAKES_EFFECT_AS_CODED = RowRule("status dated by the act the coding rule names", ("organisation", "status", "took_effect_by"),
                                _takes_effect)
SECOND_SOURCE = RowRule("second source beside the first", ("source_id", "confirmed_by", "confirms"), _second_source)
DATED_BY_A_ROW_SOURCE = RowRule("dated by one of the row's sources", ("source_id", "confirmed_by", "confirms", "dated_by"),
                                _dated_by)

# The names under which a table's schema reports its own structure.
REQUIRED_COLUMN = "required column"
UNIQUE_KEY = "unique key"


def missing_columns(expected: list[str], found: list[str]) -> str:
    return f"expected columns {expected}, found {found}"


def repeated_key(key: dict[str, str], first_line: int) -> str:
    return f"the key {key} repeats line {first_line}"


"""One pandera schema per raw table, built from the rules in ``analysis.data.schemas``.

A schema checks a table of text cells, exactly as in the file: each column
has one rule, a table may have rules across the cells of a row, and its key
must not repeat. Loading pandera takes a noticeable part of a second, so only
validation imports this module, when it first checks a table.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from analysis.data.schemas import (COUNT, DATED_BY_A_ROW_SOURCE, ENTITY_CODE, EXERCISE_DOMAINS, EXERCISE_FORMATS,
                                   FAR_SEAS_AT_SEA, ISO_DATE, MONTH_OR_DATE, NON_EMPTY, NON_NEGATIVE, ORGANISATION, PAIR,
                                   PERCENTAGE, PERMANENT_MEMBER_CODES, RESOLUTION, ROLL_CALL_VOTE, SECOND_SOURCE, SESSION,
                                   SETTLEMENT_MEASURES, SHARE_AT_MOST_100, TAKES_EFFECT_AS_CODED, TOOK_EFFECT_BY,
                                   TOPIC_FROM_AGENDA_ITEM, UN_VOTE, UNGA_ISSUE_CODES, UNGA_TOPICS, VETO_TOPICS, YEAR,
                                   YEAR_OR_DATE, YEAR_OR_MONTH, ZERO_OR_ONE, Rule, RowRule, confirmed_fields, one_of,
                                   optional, pattern)
from analysis.data.schemas import (REQUIRED_COLUMN, UNIQUE_KEY, DataValidationError, citation_exists, failure,
                                   missing_columns, repeated_key)

RESOLUTION_WITH_PART = pattern(r"A/RES/[\w.-]+/\d+(?: [A-Z]{1,2}(?:/[IVX]+)?)?",
                               "a resolution symbol such as A/RES/74/154, with its part letter if any")


def _cells_pass(cells: pd.Series, rule: Rule) -> pd.Series:
    """Each distinct text is checked once: a rule looks at nothing but the cell's text."""
    return cells.isin([text for text in set(cells) if rule.passes(text)])


def _rows_pass(frame: pd.DataFrame, rule: RowRule) -> pd.Series:
    """Whether each row keeps ``rule``, given the row's cells of the columns the rule reads."""
    cells = zip(*(frame[column] for column in rule.columns))
    return pd.Series([rule.passes(*row) for row in cells], index=frame.index, dtype=bool)


def cell_check(rule: Rule) -> pa.Check:
    """A pandera check of every cell of a column against ``rule``, named as the rule (which it keeps)."""
    return pa.Check(_cells_pass, determined_by_unique=True, name=rule.name, rule=rule)


def column(rule: Rule = NON_EMPTY) -> pa.Column:
    """A required column whose every cell keeps ``rule`` (by default: some text)."""
    return pa.Column(checks=[cell_check(rule)])


def row_check(rule: RowRule) -> pa.Check:
    """A pandera check of every row against ``rule``, named as the rule (which it keeps)."""
    return pa.Check(_rows_pass, name=rule.name, rule=rule)


def table(name: str, key: list[str], columns: dict[str, pa.Column],
          rows: tuple[RowRule, ...] = ()) -> pa.DataFrameSchema:
    """A table's schema: every column required, one rule each; ``rows``, rules across a row's cells;
    ``key`` unique (each repeat reported, not its first occurrence)."""
    return pa.DataFrameSchema(columns, checks=[row_check(rule) for rule in rows], unique=key,
                              report_duplicates="exclude_first", name=name)


def curated_table(name: str, key: list[str], columns: dict[str, pa.Column],
                  rows: tuple[RowRule, ...] = ()) -> pa.DataFrameSchema:
    """A hand-curated table's schema: its own columns, then the second source beside each row's first
    (``confirmed_by``, a citation other than ``source_id``, empty where none agrees) and the fields it
    confirms (``confirms``, the table's column names joined by ';')."""
    confirmed = {"confirmed_by": column(optional(NON_EMPTY)), "confirms": column(confirmed_fields(columns))}
    return table(name, key, {**columns, **confirmed}, rows=(*rows, SECOND_SOURCE))


INDICATOR_COLUMNS = {
    "indicator": column(),
    "entity": column(ENTITY_CODE),
    "partner": column(optional(ENTITY_CODE)),
    "year": column(YEAR),
    "value": column(NON_NEGATIVE),
    "unit": column(),
    "source_id": column(),
}
INDICATOR_TABLE = table("indicator table", ["indicator", "entity", "partner", "year"], INDICATOR_COLUMNS,
                        rows=(SHARE_AT_MOST_100,))
# The hand-curated yearly figures (trade, trade_composition, energy): the indicator table with a second source
# beside each figure. The publishers' tables (wdi, sipri_milex ...) keep INDICATOR_TABLE.
CURATED_INDICATOR_TABLE = curated_table("curated indicator table", ["indicator", "entity", "partner", "year"],
                                        INDICATOR_COLUMNS, rows=(SHARE_AT_MOST_100,))

CITATIONS_TABLE = table("citations", ["source_id"], {
    "source_id": column(),
    "publisher": column(),
    "title": column(),
    "locator": column(),
    "url": column(),
    "release": column(),
    "retrieved": column(ISO_DATE),
})

VETO_TABLE = curated_table("Security Council vetoes", ["draft_symbol"], {
    "date": column(ISO_DATE),
    "draft_symbol": column(pattern(r"S/(?:\d{4}/)?\d+", "a draft symbol such as S/2022/155 (S/25693 before 1994)")),
    "meeting_record": column(pattern(r"S/PV\.\d+(?: ?\(Resumption \d\)| \(.*\))?|S/\d{4}/\d+(?:;S/\d{4}/\d+)*",
                                     "a meeting record such as S/PV.8979, or the letters recording a vote held remotely")),
    "subject": column(),
    # the agenda item where it was read (the topic follows from it: schemas.AGENDA_TOPICS); empty otherwise
    "agenda_item": column(optional(NON_EMPTY)),
    "vetoed_by": column(PERMANENT_MEMBER_CODES),
    "topic": column(one_of(VETO_TOPICS)),
    # where the topic was read when the agenda item names no country; empty: it follows from the agenda item
    # (or, where that could not be read, from the subject)
    "topic_source_id": column(optional(NON_EMPTY)),
    "source_id": column(),
}, rows=(TOPIC_FROM_AGENDA_ITEM,))

UNGA_VOTES_TABLE = curated_table("General Assembly recorded votes", ["symbol"], {
    "symbol": column(pattern(r"A/RES/[\w.-]+/\d+", "a resolution symbol such as A/RES/ES-11/1")),
    "date": column(ISO_DATE),
    "subject": column(),
    "yes": column(COUNT),
    "no": column(COUNT),
    "abstain": column(COUNT),
    "vote_RUS": column(UN_VOTE),
    "vote_CHN": column(UN_VOTE),
    "vote_IND": column(UN_VOTE),
    "vote_USA": column(UN_VOTE),
    "source_id": column(),
})

UNGA_ROLL_CALL_TABLE = table("General Assembly roll-call votes", ["rcid", "country"], {
    "rcid": column(COUNT),  # the roll call's number in its source (Voeten's rcid, the library's record id)
    "session": column(SESSION),
    "date": column(ISO_DATE),
    "resolution": column(RESOLUTION),
    "country": column(ENTITY_CODE),
    "vote": column(ROLL_CALL_VOTE),
    "source_id": column(),
})

UNGA_ROLL_CALL_HISTORY_TABLE = table("General Assembly roll-call votes, 1992-2019", ["rcid", "country"], {
    "rcid": column(COUNT),
    "session": column(SESSION),
    "date": column(ISO_DATE),
    # a procedural vote (a motion not to act, an amendment) may have no resolution symbol
    "resolution": column(optional(RESOLUTION)),
    "part": column(optional(pattern(r"[A-Z]{1,2}(?:/[IVX]+)?", "a part letter such as A or AB, or B/I"))),
    "amend": column(ZERO_OR_ONE),
    "para": column(ZERO_OR_ONE),
    "country": column(ENTITY_CODE),
    "vote": column(ROLL_CALL_VOTE),
    "source_id": column(),
})

UNGA_ROLL_CALL_ISSUES_TABLE = table("General Assembly roll-call issues", ["rcid", "issue"], {
    "rcid": column(COUNT),
    "issue": column(one_of(UNGA_ISSUE_CODES)),
    "source_id": column(),
})

UNGA_ROLL_CALL_TOPICS_TABLE = table("General Assembly roll calls by theme", ["rcid"], {
    "rcid": column(COUNT),
    "resolution": column(RESOLUTION_WITH_PART),
    "topic": column(one_of(UNGA_TOPICS)),
    "title": column(),
    "source_id": column(),
})

ALLIANCE_TABLE = table("alliance obligations (ATOP)", ["pair", "atopid"], {
    "pair": column(PAIR),
    "atopid": column(COUNT),
    "start": column(ISO_DATE),
    "end": column(optional(ISO_DATE)),
    "bilateral": column(one_of(("yes", "no"))),
    "defense": column(ZERO_OR_ONE),
    "offense": column(ZERO_OR_ONE),
    "neutrality": column(ZERO_OR_ONE),
    "nonaggression": column(ZERO_OR_ONE),
    "consultation": column(ZERO_OR_ONE),
    "source_id": column(),
})

MEMBERSHIP_TABLE = curated_table("memberships", ["organisation", "entity", "status"], {
    "organisation": column(ORGANISATION),
    "entity": column(ENTITY_CODE),
    "status": column(one_of(("member", "observer", "dialogue partner", "partner"))),
    "joined": column(YEAR_OR_DATE),
    "took_effect_by": column(one_of(TOOK_EFFECT_BY)),
    "source_id": column(),
}, rows=(TAKES_EFFECT_AS_CODED,))

SUMMIT_TABLE = curated_table("summits", ["organisation", "date"], {
    "organisation": column(ORGANISATION),
    "date": column(ISO_DATE),
    "city": column(),
    "host": column(ENTITY_CODE),
    "source_id": column(),
})

LEADER_MEETING_TABLE = curated_table("leaders' meetings", ["pair", "date", "format"], {
    "pair": column(PAIR),
    "date": column(ISO_DATE),
    "place": column(),
    "format": column(one_of(("state visit", "summit side-line", "video call", "phone call"))),
    "occasion": column(),
    "source_id": column(),
})

EXERCISE_TABLE = curated_table("joint military exercises", ["pair", "name", "start_date"], {
    "pair": column(PAIR),
    "start_date": column(MONTH_OR_DATE),
    "end_date": column(optional(ISO_DATE)),
    "name": column(),
    "domain": column(one_of(EXERCISE_DOMAINS)),
    "format": column(one_of(EXERCISE_FORMATS)),
    "location": column(),
    "far_seas": column(optional(one_of(("yes", "no")))),
    "source_id": column(),
    # the citation whose dates the row carries: its own source or the second one
    "dated_by": column(),
}, rows=(FAR_SEAS_AT_SEA, DATED_BY_A_ROW_SOURCE))

SETTLEMENT_TABLE = curated_table("settlement currency shares", ["pair", "measure", "period", "speaker", "reported"], {
    "pair": column(PAIR),
    "measure": column(one_of(SETTLEMENT_MEASURES)),
    "period": column(YEAR_OR_MONTH),
    "reported": column(ISO_DATE),
    "speaker": column(),
    "qualifier": column(one_of(("as stated", "about", "more than"))),
    "share_pct": column(PERCENTAGE),
    "source_id": column(),
})

# Catalog schema name -> rules for tables other than the yearly indicator tables.
EVENT_SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "vetoes": VETO_TABLE,
    "unga_votes": UNGA_VOTES_TABLE,
    "unga_roll_calls": UNGA_ROLL_CALL_TABLE,
    "unga_roll_call_history": UNGA_ROLL_CALL_HISTORY_TABLE,
    "unga_roll_call_issues": UNGA_ROLL_CALL_ISSUES_TABLE,
    "unga_roll_call_topics": UNGA_ROLL_CALL_TOPICS_TABLE,
    "alliances": ALLIANCE_TABLE,
    "memberships": MEMBERSHIP_TABLE,
    "summits": SUMMIT_TABLE,
    "leader_meetings": LEADER_MEETING_TABLE,
    "exercises": EXERCISE_TABLE,
    "settlement_shares": SETTLEMENT_TABLE,
}


# --- checking a table and reporting its first failure ---

def validate_table(rows: list[dict[str, str]], columns: list[str], schema: pa.DataFrameSchema, path: str,
                   citations: frozenset[str] | None = None) -> None:
    """Check a table's rows (text cells, as in the file) against ``schema``; raise on the first violation.

    ``columns`` is the file's header. ``citations`` is the set of known ``source_id`` values; when given,
    every row's ``source_id`` must be among them.
    """
    if citations is not None:
        cites = [name for name in schema.columns if name.endswith("source_id") or name in ("confirmed_by", "dated_by")]
        for name in cites:
            required = name in ("source_id", "dated_by")
            cited = citation_exists(citations) if required else optional(citation_exists(citations))
            schema = schema.update_column(name, checks=[*schema.columns[name].checks, cell_check(cited)])
    frame = pd.DataFrame({name: [row[name] for row in rows] for name in schema.columns if name in columns},
                         dtype=object)
    try:
        schema.validate(frame, lazy=True, inplace=True)
    except pa.errors.SchemaErrors as errors:
        raise first_failure(errors.failure_cases, frame, schema, columns, path) from None


def first_failure(cases: pd.DataFrame, frame: pd.DataFrame, schema: pa.DataFrameSchema, found: list[str],
                  path: str) -> DataValidationError:
    """The error for the first of pandera's failure cases in file order.

    A missing column comes before any row. Within a row, as a person reads it: each column's rule from
    left to right, then the citation, then the rules across the row, then the key.
    """
    names = list(schema.columns)
    missing = set(cases.loc[cases["check"] == "column_in_dataframe", "failure_case"])
    if missing:
        return failure(path, None, next(name for name in names if name in missing), REQUIRED_COLUMN,
                       missing_columns(names, found))
    unplaced = cases[cases["index"].isna()]
    if len(unplaced):  # a check that could not run at all
        case = unplaced.iloc[0]
        column = case["column"] if isinstance(case["column"], str) else None
        return failure(path, None, column, case["check"], str(case["failure_case"]))

    cases = cases.reset_index(drop=True)
    across_row = cases["schema_context"] != "Column"
    key = cases["check"] == "multiple_fields_uniqueness"
    order = pd.DataFrame({
        "line": cases["index"].astype(int),
        "stage": across_row.astype(int) + key.astype(int),  # 0 a cell's rule, 1 a rule across the row, 2 the key
        "check": cases["check_number"].fillna(0).astype(int),  # a column's own rule before the citation
        "column": cases["column"].map({name: position for position, name in enumerate(names)}).fillna(0),
    })
    first = order.sort_values(list(order.columns), kind="stable").index[0]
    return _describe(cases.loc[first], frame, schema, path)


def _describe(case: pd.Series, frame: pd.DataFrame, schema: pa.DataFrameSchema, path: str) -> DataValidationError:
    index = int(case["index"])
    line = index + 2  # the header is line 1
    if case["schema_context"] == "Column":
        rule = schema.columns[case["column"]].checks[int(case["check_number"])].statistics["rule"]
        return failure(path, line, case["column"], rule.name, rule.detail(frame.at[index, case["column"]]))
    if case["check"] == "multiple_fields_uniqueness":
        key = list(schema.unique)
        values = [frame.at[index, name] for name in key]
        first = frame.index[(frame[key] == values).all(axis=1)][0]
        return failure(path, line, None, UNIQUE_KEY, repeated_key(dict(zip(key, values)), int(first) + 2))
    rule = schema.checks[int(case["check_number"])].statistics["rule"]
    return failure(path, line, None, rule.name, rule.problem(*(frame.at[index, name] for name in rule.columns)))

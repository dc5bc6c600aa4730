"""The curated tables: a second source beside every row, the catalog's counts, and each coding rule applied
as written, tested on the whole table (and shown to fail on a small broken one)."""

from __future__ import annotations

import csv
import re

import pytest

from analysis import config
from analysis.data.catalog import NOT_CHECKED, is_curated, load_catalog
from analysis.data.coding_rules import cut_at_a_fixed_length, exercises_counted_twice, visits_not_dated_by_their_talks
from analysis.data.schemas import AGENDA_TOPICS, DataValidationError, topic_of_agenda_item

CURATED = ("exercises", "leader_meetings", "memberships", "summits", "vetoes", "unga_ukraine_votes",
           "settlement_shares", "trade", "trade_composition", "energy")


def rows_of(name: str) -> list[dict[str, str]]:
    entry = load_catalog()["tables"][name]
    with (config.DATA_DIR / entry["file"]).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def citations() -> dict[str, dict[str, str]]:
    with config.CITATIONS_PATH.open(encoding="utf-8", newline="") as handle:
        return {row["source_id"]: row for row in csv.DictReader(handle)}


def notes() -> dict[str, str]:
    with (config.DATA_DIR / "citation_notes.csv").open(encoding="utf-8", newline="") as handle:
        return {row["source_id"]: row["note"] for row in csv.DictReader(handle)}


# --- a second source beside every row, and the catalog's counts ---

def test_the_catalog_marks_exactly_the_curated_tables():
    tables = load_catalog()["tables"]
    assert {name for name, entry in tables.items() if is_curated(entry)} == set(CURATED)


@pytest.mark.parametrize("name", CURATED)
def test_the_catalog_counts_each_curated_table_s_rows_and_second_sources(name):
    entry = load_catalog()["tables"][name]
    rows = rows_of(name)
    assert entry["rows"] == len(rows)
    assert entry["confirmed_twice"] == sum(1 for row in rows if row["confirmed_by"])
    checked = entry["completeness_checked_to"]
    assert checked == NOT_CHECKED or re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(checked))


@pytest.mark.parametrize("name", CURATED)
def test_every_curated_row_has_a_second_source_or_is_marked_unconfirmed(name):
    known = citations()
    for row in rows_of(name):
        if row["confirmed_by"]:
            assert row["confirmed_by"] in known and row["confirmed_by"] != row["source_id"], row
            assert set(row["confirms"].split(";")) <= set(row) - {"source_id", "confirmed_by", "confirms"}, row
        else:
            assert row["confirms"] == "", row


SECOND_SOURCE_BREAKS = [
    ("its own source", lambda row: {**row, "confirmed_by": row["source_id"]}, "second source beside the first"),
    ("no fields", lambda row: {**row, "confirms": ""}, "second source beside the first"),
    ("fields without a source", lambda row: {**row, "confirmed_by": ""}, "second source beside the first"),
    ("an unknown column", lambda row: {**row, "confirms": "date;colour"}, "confirmed fields"),
    ("an unknown citation", lambda row: {**row, "confirmed_by": "no-such-citation"}, "citation exists"),
]


@pytest.mark.parametrize("label, break_row, rule", SECOND_SOURCE_BREAKS, ids=[case[0] for case in SECOND_SOURCE_BREAKS])
def test_the_schema_refuses_a_second_source_that_is_not_one(label, break_row, rule):
    from analysis.data.tables import EVENT_SCHEMAS, validate_table

    rows = rows_of("summits")
    columns = list(rows[0])
    validate_table(rows, columns, EVENT_SCHEMAS["summits"], "summits.csv", frozenset(citations()))
    broken = [break_row(rows[0]), *rows[1:]]
    with pytest.raises(DataValidationError, match=re.escape(rule)):
        validate_table(broken, columns, EVENT_SCHEMAS["summits"], "summits.csv", frozenset(citations()))


def test_curated_figures_carry_second_sources_and_the_indicator_loader_keeps_its_columns():
    from analysis.data import load as data
    from analysis.data.tables import CURATED_INDICATOR_TABLE, INDICATOR_TABLE, validate_table

    assert "confirmed_by" not in INDICATOR_TABLE.columns and "confirmed_by" in CURATED_INDICATOR_TABLE.columns
    figures = data.load_indicators(["trade", "energy", "wdi"])
    assert list(figures.columns) == data.INDICATOR_COLUMNS
    rows = rows_of("energy")
    broken = [{**rows[0], "confirms": "value;colour"}, *rows[1:]]
    with pytest.raises(DataValidationError, match="confirmed fields"):
        validate_table(broken, list(rows[0]), CURATED_INDICATOR_TABLE, "energy.csv", frozenset(citations()))


# --- memberships: a status takes effect at the memorandum or accession date ---

def sco_partners_dated_by_a_summit(memberships, summits) -> list[str]:
    """SCO dialogue partners not dated by their memorandum, or dated on the day of an SCO summit (the
    decision that granted the status, not the memorandum that gave it effect)."""
    summit_days = {row["date"] for row in summits if row["organisation"] == "SCO"}
    return [row["entity"] for row in memberships
            if row["organisation"] == "SCO" and row["status"] == "dialogue partner"
            and (row["took_effect_by"] != "memorandum" or row["joined"] in summit_days)]


def test_sco_dialogue_partners_take_effect_at_their_memorandum_not_the_summit_decision():
    memberships, summits = rows_of("memberships"), rows_of("summits")
    partners = [row for row in memberships if row["status"] == "dialogue partner"]
    assert len(partners) == 14
    assert sco_partners_dated_by_a_summit(memberships, summits) == []
    assert "LAO" not in {row["entity"] for row in memberships}  # memorandum not signed by the end of 2025
    full = [row for row in memberships if row["status"] == "member"]
    assert {row["took_effect_by"] for row in full} == {"accession"}
    # a partner dated at the summit that decided it breaks the rule
    decided = [{**partners[0], "joined": "2015-07-10"}]
    assert sco_partners_dated_by_a_summit(decided, summits) == [partners[0]["entity"]]
    assert sco_partners_dated_by_a_summit([{**partners[0], "took_effect_by": "decision"}], summits)


def test_the_schema_refuses_a_status_dated_by_another_act_than_the_rule_names():
    from analysis.data.tables import EVENT_SCHEMAS, validate_table

    rows = rows_of("memberships")
    broken = [{**row, "took_effect_by": "decision"} if row["status"] == "dialogue partner" else row for row in rows]
    with pytest.raises(DataValidationError, match="status dated by the act the coding rule names"):
        validate_table(broken, list(rows[0]), EVENT_SCHEMAS["memberships"], "memberships.csv")


def test_summits_hold_one_regular_summit_per_organisation_and_year():
    summits = rows_of("summits")
    years = [(row["organisation"], row["date"][:4]) for row in summits]
    assert len(years) == len(set(years))
    assert {row["date"] for row in summits if row["organisation"] == "BRICS"} >= {"2010-04-15", "2014-07-15"}


# --- vetoes: the topic follows from a kept field, the agenda item ---

def topics_not_from_the_agenda_item(vetoes) -> list[str]:
    wrong = []
    for row in vetoes:
        if not row["agenda_item"]:
            continue
        topic = topic_of_agenda_item(row["agenda_item"])
        if (topic is None and not row["topic_source_id"]) or (topic is not None and row["topic"] != topic):
            wrong.append(row["draft_symbol"])
    return wrong


def test_every_veto_topic_follows_from_its_agenda_item():
    vetoes = rows_of("vetoes")
    with_item = [row for row in vetoes if row["agenda_item"]]
    assert len(with_item) >= 50
    assert topics_not_from_the_agenda_item(vetoes) == []
    # a topic_source_id is kept exactly where the agenda item names no country
    for row in vetoes:
        if row["topic_source_id"]:
            assert row["agenda_item"] and AGENDA_TOPICS[row["agenda_item"]] is None, row
    bad = [{**with_item[0], "topic": "Syria" if with_item[0]["topic"] != "Syria" else "other"}]
    assert topics_not_from_the_agenda_item(bad) == [with_item[0]["draft_symbol"]]
    middle_east = next(row for row in vetoes if row["topic_source_id"])
    assert topics_not_from_the_agenda_item([{**middle_east, "topic_source_id": ""}])


def test_the_schema_refuses_a_topic_its_agenda_item_does_not_give():
    from analysis.data.tables import EVENT_SCHEMAS, validate_table

    rows = rows_of("vetoes")
    broken = [{**row, "topic": "Myanmar"} if row["agenda_item"] == "The situation in Cyprus" else row for row in rows]
    with pytest.raises(DataValidationError, match="topic follows from the agenda item"):
        validate_table(broken, list(rows[0]), EVENT_SCHEMAS["vetoes"], "vetoes.csv")
    with pytest.raises(KeyError):
        topic_of_agenda_item("An agenda item nobody filed")


# --- exercises and meetings: dated by the source the rule names, each counted once ---

CHINESE_MINISTRY_OR_XINHUA = re.compile(r"Ministry of National Defen[cs]e|\bMND\b|China Military Online|PLA Daily|Xinhua")


def disputed_dates_not_dated_by_the_chinese_side(exercises, known, working_notes) -> list[str]:
    """Exercises whose dates two sources dispute (a date corrected, or a second source that disagrees) but
    whose dating source is not China's defence ministry or Xinhua, as the coding rule requires."""
    wrong = []
    for row in exercises:
        note = working_notes.get(row["source_id"], "")
        disputed = re.search(r"(?:start|end)_date corrected|disagrees:.*(?:start|began|begin|date)", note)
        if not disputed:
            continue
        source = known[row["dated_by"]]
        if not CHINESE_MINISTRY_OR_XINHUA.search(" ".join((source["publisher"], source["title"], source["locator"]))):
            wrong.append(row["name"])
    return wrong


def test_exercises_with_disputed_dates_follow_the_chinese_ministry_or_xinhua():
    exercises, known, working_notes = rows_of("exercises"), citations(), notes()
    assert disputed_dates_not_dated_by_the_chinese_side(exercises, known, working_notes) == []
    disputed = [row for row in exercises
                if re.search(r"_date corrected|disagrees", working_notes.get(row["source_id"], ""))]
    assert len(disputed) >= 4
    # dated by the Russian side's page instead: the rule is broken
    tass = next(source_id for source_id, row in known.items() if row["publisher"].startswith("TASS"))
    bad = [{**disputed[0], "dated_by": tass}]
    assert disputed_dates_not_dated_by_the_chinese_side(bad, known, working_notes) == [disputed[0]["name"]]


def test_the_schema_refuses_an_exercise_dated_by_a_source_beside_neither():
    from analysis.data.tables import EVENT_SCHEMAS, validate_table

    rows = rows_of("exercises")
    broken = [{**rows[0], "dated_by": rows[1]["source_id"]}, *rows[1:]]
    with pytest.raises(DataValidationError, match="dated by one of the row's sources"):
        validate_table(broken, list(rows[0]), EVENT_SCHEMAS["exercises"], "exercises.csv")


def test_each_exercise_or_patrol_is_counted_once_however_many_phases():
    exercises = rows_of("exercises")
    assert exercises_counted_twice(exercises) == []
    joint_sea = next(row for row in exercises if row["name"].startswith("Joint Sea-2015"))
    phases = [{**joint_sea, "name": "Joint Sea-2015 (phase I)", "end_date": "2015-05-21"},
              {**joint_sea, "name": "Joint Sea-2015 (phase II)", "start_date": "2015-08-20"}]
    assert len(exercises_counted_twice(phases)) == 1
    patrol = next(row for row in exercises if row["name"] == "Joint maritime patrol no. 2")
    overlapping = [patrol, {**patrol, "name": "Joint maritime patrol no. 3", "start_date": "2022-09-20"}]
    assert len(exercises_counted_twice(overlapping)) == 1
    # overlapping but separately named exercises are separate rows, as the catalog says
    assert exercises_counted_twice([row for row in exercises if row["name"].endswith("-2024")]) == []


def test_meetings_are_dated_by_the_formal_talks_and_counted_once_per_occasion():
    meetings = rows_of("leader_meetings")
    assert visits_not_dated_by_their_talks(meetings) == []
    fortaleza = next(row for row in meetings if row["place"].startswith("Fortaleza"))
    assert fortaleza["date"] == "2014-07-14"  # the local date at the venue, not the Kremlin page's
    visit = next(row for row in meetings if "formal talks" in row["occasion"])
    assert visits_not_dated_by_their_talks([{**visit, "date": "2023-03-20"}])
    first = next(row for row in meetings if "22-24 Mar 2013" in row["occasion"])
    assert visits_not_dated_by_their_talks([{**first, "date": "2013-03-25"}])
    assert visits_not_dated_by_their_talks([fortaleza, {**fortaleza, "format": "state visit", "occasion": "again"}])


# --- readable citations: nothing cut at a fixed length ---

def test_no_note_or_locator_is_cut_at_a_fixed_length():
    known = citations().values()
    assert cut_at_a_fixed_length(notes().values()) is None
    for field in ("publisher", "title", "locator"):
        assert cut_at_a_fixed_length(row[field] for row in known) is None, field
    text = ("The Xinhua backgrounder gives the date of the first summit and the members that signed the "
            "declaration; KUNA and two other agencies repeat the date in their own reports of that day.")
    cut = [(prefix + text)[:100] for prefix in ("Founding member. ", "Member. ", "Host. ")]
    assert all(re.search(r"[a-z]$", note) for note in cut)  # each ends inside a word
    assert cut_at_a_fixed_length([*cut, "A shorter note that ends as a sentence should."]) == 100
    assert cut_at_a_fixed_length([text, *cut[:2]]) is None


def test_notes_that_lost_their_end_say_so_after_a_complete_sentence_or_quotation():
    marker = " [The rest of this note was lost.]"
    for source_id, note in notes().items():
        if marker in note:
            kept = note[:note.index(marker)]
            assert not re.search(r"[,;:(\[-]$", kept) and kept.count('"') % 2 == 0, source_id


# --- the chapters count unconfirmed rows apart, and their tables mark them ---

def test_a_verdict_says_how_many_of_its_curated_rows_a_second_source_confirms():
    from analysis.claims.verdicts import second_source_notes

    assert second_source_notes(["a", "", "b"], "exercises") == [
        "2 of 3 exercises are confirmed by a second source; 1 is not"]
    assert second_source_notes(["a", "b"], "meetings") == ["all 2 meetings are confirmed by a second source"]
    assert second_source_notes([], "meetings") == []


def test_m1_counts_the_unconfirmed_exercises_of_its_windows_apart_and_keeps_its_verdict():
    import pandas as pd

    from analysis.chapters.military import rules as mil_rules

    rows = [(f"{year}-06-01", f"drill {year}-{number}", "naval", "bilateral", "no", "x" if number else "")
            for year in range(2011, 2021) for number in range(2 if year > 2015 else 1)]
    table = pd.DataFrame([("CHN-RUS", start, "", name, domain, form, "sea", far, "s", confirmed)
                          for start, name, domain, form, far, confirmed in rows],
                         columns=["pair", "start_date", "end_date", "name", "domain", "format", "location",
                                  "far_seas", "source_id", "confirmed_by"])
    judged = mil_rules.verdict_m1(table, 2020, ["s"])
    unmarked = mil_rules.verdict_m1(table.drop(columns="confirmed_by"), 2020, ["s"])
    assert judged.verdict == unmarked.verdict
    assert judged.reason.endswith("5 of 15 exercises are confirmed by a second source; 10 are not")
    assert "second source" not in unmarked.reason


def test_the_chapter_tables_of_curated_rows_mark_the_unconfirmed_ones():
    import pandas as pd

    from analysis.chapters.economy import views as economy_views
    from analysis.chapters.economy.measures import SETTLEMENT_BILATERAL, settlement_points
    from analysis.claims.verdicts import SECOND_SOURCE

    shares = pd.DataFrame([rows_of("settlement_shares")[index] for index in (0, 2)])
    points = settlement_points(shares, "RUS", "CHN")
    assert (points["series"] == SETTLEMENT_BILATERAL).all()

    class Shown:
        settlement = points
    shown = economy_views.settlement_statements(Shown())
    expected = ["yes" if row else "none found" for row in shares["confirmed_by"]]
    assert shown[SECOND_SOURCE].tolist() == expected and "none found" in expected

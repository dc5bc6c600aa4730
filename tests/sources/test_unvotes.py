"""The General Assembly roll calls derived from the unvotes R data files (analysis.sources.unvotes)."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import pytest

from analysis import config
from analysis.sources import unvotes

EXCERPT = config.RAW_DIR / "unga_roll_calls.csv"
EXCERPT_SOURCE_ID = "unvotes-voeten-tidytuesday-2021-03-23"


# --- tiny frames in the package's layout ----------------------------------------------------

def votes_frame(rows: list[tuple[float, str, str | None, str]]) -> pd.DataFrame:
    """un_votes as the package stores it: rcid as a float, texts, the vote as a factor."""
    rcid, country, code, vote = zip(*rows)
    return pd.DataFrame({
        "rcid": pd.array(rcid, dtype="float64"),
        "country": pd.array(country, dtype="string"),
        "country_code": pd.array(code, dtype="string"),
        "vote": pd.Categorical(vote, categories=["yes", "abstain", "no"]),
    })


def calls_frame(rows: list[tuple]) -> pd.DataFrame:
    """un_roll_calls as the package stores it; rows are (rcid, session, date, unres, amend, para)."""
    rcid, session, date, unres, amend, para = zip(*rows)
    return pd.DataFrame({
        "rcid": pd.array(rcid, dtype="Int32"),
        "session": pd.array(session, dtype="float64"),
        "importantvote": pd.array([0] * len(rows), dtype="Int32"),
        "date": pd.array(date, dtype="string"),
        "unres": pd.array(unres, dtype="string"),
        "amend": pd.array(amend, dtype="Int32"),
        "para": pd.array(para, dtype="Int32"),
        "short": pd.array(["SHORT"] * len(rows), dtype="string"),
        "descr": pd.array(["description"] * len(rows), dtype="string"),
    })


def issues_frame(rows: list[tuple[int, str]]) -> pd.DataFrame:
    rcid, code = zip(*rows)
    return pd.DataFrame({
        "rcid": pd.array(rcid, dtype="Int32"),
        "short_name": pd.array(code, dtype="string"),
        "issue": pd.Categorical([unvotes.ISSUE_CODES.get(value, "other") for value in code]),
    })


CALLS = calls_frame([
    (3600, 46, "1991-12-20", "R/46/100", None, None),   # before the window
    (3662, 46, "1992-08-03", "R/46/242", None, None),
    (3680, 47, "1992-12-04", "R/47/52A", None, None),   # a lettered part of a resolution
    (3898, 50, "1995-12-04", "R/50/38B/I", None, 1),    # a section of a part, separate paragraph vote
    (5816, 62, "2007-12-18", "", 1, None),              # an oral amendment: no symbol
    (5588, 72, "2017-12-21", "A/RES/ES-10/19", None, None),
    (9057, 74, "2019-12-13", "A/RES/74/112", None, None),
    (9200, 75, "2020-03-01", "A/RES/75/1", None, None),  # after the window
])

VOTES = votes_frame([
    (3600.0, "Russia", "RU", "yes"),
    (3662.0, "Russia", "RU", "yes"),
    (3662.0, "China", "CN", "abstain"),
    (3662.0, "Cuba", "CU", "no"),                  # not a study country
    (3662.0, "Yugoslavia", "YU", "no"),            # a former member without an alpha-3 code
    (3680.0, "United States", "US", "no"),
    (3680.0, "Russia", "RU", "yes"),
    (3898.0, "India", "IN", "abstain"),
    (5816.0, "China", "CN", "no"),
    (5588.0, "Turkey", "TR", "yes"),
    (9057.0, "China", "CN", "yes"),
    (9057.0, "Russia", "RU", "no"),
    (9200.0, "China", "CN", "yes"),
    (1000.0, "Federal Republic of Germany", None, "yes"),  # no code, but long before the window
])


def add_call(rcid: int) -> pd.DataFrame:
    """CALLS with roll call 1000 (1960), so that every vote has its roll call."""
    return pd.concat([CALLS, calls_frame([(rcid, 15, "1960-10-01", "R/15/1", 0, 0)])], ignore_index=True)


def test_tidy_roll_calls_gives_the_study_countries_votes_in_the_window_with_symbols_and_codes():
    table = unvotes.tidy_roll_calls(VOTES, add_call(1000))

    assert unvotes.csv_text(table) == textwrap.dedent("""\
        rcid,session,date,resolution,part,amend,para,country,vote,source_id
        3662,46,1992-08-03,A/RES/46/242,,0,0,CHN,A,unvotes-voeten-2021-03-08
        3662,46,1992-08-03,A/RES/46/242,,0,0,RUS,Y,unvotes-voeten-2021-03-08
        3680,47,1992-12-04,A/RES/47/52,A,0,0,RUS,Y,unvotes-voeten-2021-03-08
        3680,47,1992-12-04,A/RES/47/52,A,0,0,USA,N,unvotes-voeten-2021-03-08
        3898,50,1995-12-04,A/RES/50/38,B/I,0,1,IND,A,unvotes-voeten-2021-03-08
        5588,72,2017-12-21,A/RES/ES-10/19,,0,0,TUR,Y,unvotes-voeten-2021-03-08
        5816,62,2007-12-18,,,1,0,CHN,N,unvotes-voeten-2021-03-08
        9057,74,2019-12-13,A/RES/74/112,,0,0,CHN,Y,unvotes-voeten-2021-03-08
        9057,74,2019-12-13,A/RES/74/112,,0,0,RUS,N,unvotes-voeten-2021-03-08
        """)


def test_the_roll_calls_table_has_the_column_types_the_build_reads():
    table = unvotes.tidy_roll_calls(VOTES, add_call(1000))

    assert table["rcid"].map(type).eq(int).all()
    assert table["session"].map(type).eq(str).all()
    assert set(table["amend"]) | set(table["para"]) <= {0, 1}


def test_a_study_country_under_a_code_pycountry_cannot_map_is_an_error_naming_it():
    votes = votes_frame([(9057.0, "Russia", "SU", "yes")])

    with pytest.raises(unvotes.UnvotesError, match=r"'SU' \(Russia\)"):
        unvotes.tidy_roll_calls(votes, CALLS)


def test_a_vote_without_a_country_code_in_the_window_is_an_error_naming_the_country():
    votes = votes_frame([(9057.0, "Federal Republic of Germany", None, "yes")])

    with pytest.raises(unvotes.UnvotesError, match="Federal Republic of Germany"):
        unvotes.tidy_roll_calls(votes, CALLS)


def test_a_vote_other_than_yes_no_abstain_is_an_error():
    votes = votes_frame([(9057.0, "Russia", "RU", "yes")])
    votes["vote"] = pd.Categorical(["absent"])

    with pytest.raises(unvotes.UnvotesError, match=r"expected votes .* found \['absent'\]"):
        unvotes.tidy_roll_calls(votes, CALLS)


def test_votes_in_a_roll_call_the_roll_call_file_lacks_are_an_error():
    votes = votes_frame([(4444.0, "Russia", "RU", "yes")])

    with pytest.raises(unvotes.UnvotesError, match=r"missing from un_roll_calls.rda: \[4444\]"):
        unvotes.tidy_roll_calls(votes, CALLS)


@pytest.mark.parametrize("unres, session, symbol, part", [
    ("R/47/1", "47", "A/RES/47/1", ""),
    ("A/RES/74/112", "74", "A/RES/74/112", ""),
    ("R/49/75AB", "49", "A/RES/49/75", "AB"),
    ("R/50/38B/XII", "50", "A/RES/50/38", "B/XII"),
    ("A/RES/ES-10/19", "72", "A/RES/ES-10/19", ""),
    ("", "62", "", ""),
    (pd.NA, "62", "", ""),
])
def test_resolution_symbol_writes_the_dataset_forms_as_a_res(unres, session, symbol, part):
    assert unvotes.resolution_symbol(unres, session, 1) == (symbol, part)


def test_resolution_symbol_rejects_a_symbol_of_another_session_and_an_unknown_shape():
    with pytest.raises(unvotes.UnvotesError, match="names session 48, but the roll call is of session 47"):
        unvotes.resolution_symbol("R/48/1", "47", 1)
    with pytest.raises(unvotes.UnvotesError, match="'DEC/47/1' is not a resolution symbol"):
        unvotes.resolution_symbol("DEC/47/1", "47", 1)


def test_the_misprinted_symbol_of_roll_call_5924_is_corrected_and_only_there():
    assert unvotes.resolution_symbol("R/677/46", "67", 5924) == ("A/RES/67/46", "")
    with pytest.raises(unvotes.UnvotesError, match="names session 677"):
        unvotes.resolution_symbol("R/677/46", "67", 5925)


def test_r_dates_become_iso_texts():
    texts = unvotes.r_date_text(np.array([-8766.0, 18261.0, np.nan]), {})

    assert list(texts.fillna("<NA>")) == ["1946-01-01", "2019-12-31", "<NA>"]


# --- issues -----------------------------------------------------------------------------------

def test_tidy_issues_keeps_the_codes_of_the_kept_roll_calls():
    issues = issues_frame([(9057, "me"), (3662, "hr"), (3662, "co"), (3600, "nu"), (9200, "ec")])

    table = unvotes.tidy_issues(issues, [3662, 9057])

    assert unvotes.csv_text(table) == textwrap.dedent("""\
        rcid,issue,source_id
        3662,co,unvotes-voeten-2021-03-08
        3662,hr,unvotes-voeten-2021-03-08
        9057,me,unvotes-voeten-2021-03-08
        """)


def test_an_unknown_issue_code_is_an_error():
    with pytest.raises(unvotes.UnvotesError, match=r"found \['xx'\]"):
        unvotes.tidy_issues(issues_frame([(1, "xx")]), [1])


# --- reading the files --------------------------------------------------------------------------

def test_a_missing_column_is_an_error_naming_the_file_and_both_column_lists():
    calls = CALLS.drop(columns=["unres"])

    with pytest.raises(unvotes.UnvotesError) as raised:
        unvotes.tidy_roll_calls(VOTES, calls)

    message = str(raised.value)
    assert message.startswith("un_roll_calls.rda: expected the columns ['rcid', 'session', 'importantvote', "
                              "'date', 'unres',")
    assert "found ['rcid', 'session', 'importantvote', 'date', 'amend'" in message
    assert "(missing ['unres'])" in message


def test_read_unvotes_names_the_file_whose_layout_changed(tmp_path):
    rdata = pytest.importorskip("rdata", reason="writing R data files for this test needs the 'rdata' package")
    write_rda(rdata, tmp_path / "un_votes.rda", "un_votes", VOTES)
    write_rda(rdata, tmp_path / "un_roll_calls.rda", "un_roll_calls", CALLS)
    issues = issues_frame([(9057, "me")]).rename(columns={"short_name": "code"})
    write_rda(rdata, tmp_path / "un_roll_call_issues.rda", "un_roll_call_issues", issues)

    with pytest.raises(unvotes.UnvotesError, match=r"un_roll_call_issues.rda: expected the columns "
                                                   r"\['rcid', 'short_name', 'issue'\], found \['rcid', 'code', 'issue'\]"):
        unvotes.read_unvotes(tmp_path)


def test_read_unvotes_reads_files_in_the_package_layout(tmp_path):
    rdata = pytest.importorskip("rdata", reason="writing R data files for this test needs the 'rdata' package")
    write_rda(rdata, tmp_path / "un_votes.rda", "un_votes", VOTES)
    write_rda(rdata, tmp_path / "un_roll_calls.rda", "un_roll_calls", add_call(1000))
    write_rda(rdata, tmp_path / "un_roll_call_issues.rda", "un_roll_call_issues", issues_frame([(9057, "me")]))

    votes, calls, issue_rows = unvotes.read_unvotes(tmp_path)
    table = unvotes.tidy_roll_calls(votes, calls)

    assert len(votes) == len(VOTES) and len(calls) == len(CALLS) + 1 and len(issue_rows) == 1
    assert table["rcid"].tolist() == [3662, 3662, 3680, 3680, 3898, 5588, 5816, 9057, 9057]
    assert unvotes.tidy_issues(issue_rows, table["rcid"])["issue"].tolist() == ["me"]


def test_an_absent_folder_says_plainly_that_the_files_are_not_there(tmp_path):
    folder = tmp_path / "nowhere"

    with pytest.raises(unvotes.UnvotesError) as raised:
        unvotes.derive(folder)

    message = str(raised.value)
    assert message.startswith(f"The unvotes data files are not at {folder}")
    assert "the build uses the committed derived tables" in message


def test_derive_names_study_countries_without_a_vote(monkeypatch):
    monkeypatch.setattr(unvotes, "read_unvotes", lambda folder: (VOTES, add_call(1000), issues_frame([(9057, "me")])))

    with pytest.raises(unvotes.UnvotesError, match=r"no vote 1992–2019 for the study countries \['ARE', 'ARG'"):
        unvotes.derive()


# --- the command line ------------------------------------------------------------------------

def test_the_command_writes_both_tables_with_a_header_and_newline_endings(tmp_path, monkeypatch):
    table = unvotes.tidy_roll_calls(VOTES, add_call(1000))
    issues = unvotes.tidy_issues(issues_frame([(9057, "me")]), table["rcid"])
    monkeypatch.setattr(unvotes, "derive", lambda folder: (table, issues))

    assert unvotes.main([str(tmp_path / "out")]) == 0

    written = (tmp_path / "out" / unvotes.ROLL_CALLS_CSV).read_bytes()
    assert written == unvotes.csv_text(table).encode("utf-8")
    assert b"\r" not in written and written.startswith(b"rcid,session,date,resolution,part,amend,para,country,vote")
    assert (tmp_path / "out" / unvotes.ISSUES_CSV).read_bytes() == (
        b"rcid,issue,source_id\n9057,me,unvotes-voeten-2021-03-08\n")


def test_the_command_reports_absent_files_and_fails(tmp_path, capsys):
    assert unvotes.main([str(tmp_path / "out"), "--data-dir", str(tmp_path / "nowhere")]) == 1
    assert "The unvotes data files are not at" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


# --- agreement ---------------------------------------------------------------------------------

def test_yearly_agreement_counts_roll_calls_both_voted_on_and_the_same_votes():
    rows = [  # rcid, date, country, vote
        (1, "2001-03-01", "RUS", "Y"), (1, "2001-03-01", "CHN", "Y"),  # same
        (2, "2001-05-01", "RUS", "A"), (2, "2001-05-01", "CHN", "A"),  # same: abstentions are votes
        (3, "2001-06-01", "RUS", "Y"), (3, "2001-06-01", "CHN", "N"),  # different
        (4, "2001-07-01", "RUS", "Y"),                                  # China absent: not counted
        (5, "2001-08-01", "RUS", "X"), (5, "2001-08-01", "CHN", "Y"),  # not voting: not counted
        (6, "2002-01-01", "RUS", "N"), (6, "2002-01-01", "CHN", "A"),  # different
        (6, "2002-01-01", "USA", "N"),                                  # another country
        (7, "2003-01-01", "USA", "N"), (7, "2003-01-01", "CHN", "N"),  # Russia absent: no 2003 row
    ]
    roll_calls = pd.DataFrame(rows, columns=["rcid", "date", "country", "vote"])

    table = unvotes.yearly_agreement(roll_calls, "RUS", "CHN")

    assert table.to_dict("list") == {"year": [2001, 2002], "roll_calls": [3, 1], "same": [2, 0],
                                     "agreement": [2 / 3, 0.0]}


def test_yearly_agreement_of_a_country_without_votes_is_empty():
    roll_calls = pd.DataFrame([(1, "2001-03-01", "RUS", "Y")], columns=["rcid", "date", "country", "vote"])

    table = unvotes.yearly_agreement(roll_calls, "RUS", "CHN")

    assert table.empty and list(table.columns) == ["year", "roll_calls", "same", "agreement"]


def read_excerpt() -> pd.DataFrame:
    return pd.read_csv(EXCERPT, dtype=str, keep_default_na=False)


@pytest.mark.parametrize("pair", [("RUS", "CHN"), ("CHN", "USA"), ("RUS", "IND")])
def test_yearly_agreement_matches_the_chapter_agreement_on_the_committed_excerpt(pair):
    from analysis.chapters.diplomacy import measures as diplomacy_measures

    excerpt = read_excerpt()
    expected = diplomacy_measures.agreement(diplomacy_measures.roll_call_votes(excerpt), *pair)

    table = unvotes.yearly_agreement(excerpt, *pair).set_index("year")

    assert not expected.empty
    assert list(table.index) == list(expected.index)
    assert table["agreement"].tolist() == pytest.approx(expected.tolist(), rel=1e-12, abs=0)


def write_rda(rdata, path, name: str, frame: pd.DataFrame) -> None:
    """Write ``frame`` as an R data file; text columns as plain objects, which the writer knows."""
    text = [column for column in frame.columns if pd.api.types.is_string_dtype(frame[column])]
    rdata.write_rda(path, {name: frame.astype({column: object for column in text})})


# --- against the publisher's files, where present ---------------------------------------------

@pytest.fixture(scope="module")
def derived():
    """The tables derived from the real files (reading them takes about 40 seconds)."""
    if not (unvotes.SHARED_DIR / unvotes.VOTES_FILE).is_file():
        pytest.skip(f"the unvotes data files are not at {unvotes.SHARED_DIR}; the checks against them need them")
    pytest.importorskip("rdata", reason="reading the unvotes R data files needs the 'rdata' package")
    return unvotes.derive()


def test_the_derived_sessions_70_to_74_agree_with_the_committed_excerpt(derived):
    roll_calls, _ = derived
    excerpt = read_excerpt()
    excerpt = excerpt[excerpt["source_id"] == EXCERPT_SOURCE_ID]
    assert not excerpt.empty
    countries = sorted(set(excerpt["country"]))
    columns = ["rcid", "session", "date", "resolution", "country", "vote"]
    ours = roll_calls[roll_calls["session"].isin(["70", "71", "72", "73", "74"]) & roll_calls["country"].isin(countries)]

    compared = excerpt[columns].merge(ours[columns].astype(str), on=["rcid", "country"], how="outer",
                                      suffixes=("_excerpt", "_derived"), indicator=True)

    assert set(ours["rcid"].astype(str)) == set(excerpt["rcid"])
    assert compared["_merge"].eq("both").all(), compared[compared["_merge"] != "both"].head()
    for column in ("session", "date", "resolution", "vote"):
        differ = compared[compared[f"{column}_excerpt"] != compared[f"{column}_derived"]]
        assert differ.empty, differ.head()


def test_every_year_from_1992_to_2019_has_roll_calls_and_every_study_country_votes(derived):
    roll_calls, _ = derived
    per_year = roll_calls.groupby(roll_calls["date"].str[:4].astype(int))["rcid"].nunique()

    assert list(per_year.index) == list(range(1992, 2020))
    assert (per_year > 0).all()
    assert sorted(set(roll_calls["country"])) == sorted(config.STUDY_COUNTRIES)


def test_the_derived_rows_pass_the_roll_call_rules_apart_from_the_roll_calls_without_a_symbol(derived):
    from analysis.data.tables import UNGA_ROLL_CALL_TABLE, validate_table

    roll_calls, issues = derived
    text = roll_calls.astype(str)
    with_symbol = text[text["resolution"] != ""]

    validate_table(with_symbol.to_dict("records"), list(text.columns), UNGA_ROLL_CALL_TABLE, "derived roll calls")
    assert sorted(roll_calls.loc[roll_calls["resolution"] == "", "rcid"].unique()) == [
        5676, 5684, 5692, 5815, 5816, 5889, 5890, 6027]
    assert set(issues["rcid"]) <= set(roll_calls["rcid"])
    assert set(issues["issue"]) == set(unvotes.ISSUE_CODES)


def test_the_committed_tables_are_what_the_files_give(derived):
    from analysis.sources import stored_text

    roll_calls, issues = derived
    assert unvotes.csv_text(roll_calls) == stored_text("unga_roll_calls_1992_2019.parquet")
    assert unvotes.csv_text(issues) == stored_text("unga_roll_call_issues.parquet")

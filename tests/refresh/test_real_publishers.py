"""The refresh against the publishers as they really answer: an unpublished year arriving as an empty
column, a bot filter's challenge page, a voting file too large to read whole, a Comtrade chunk that carries
an error, and a file a user downloaded in a browser (FROM=). Recorded answers in the real layouts."""

from __future__ import annotations

import json

import pytest

from analysis import refresh
from analysis.data.validation import read_rows
from analysis.refresh import FetchError
from analysis.refresh.transport import HttpTransport, refuse_challenge
from analysis.sources import comtrade, sipri_tiv, undl_votes

from ..conftest import copy_project, make
from .test_comtrade import SOURCE as COMTRADE
from .test_comtrade import answers as comtrade_answers
from .test_refresh import SIPRI_FILE, TODAY, data_dir, fingerprint, run, sipri_workbook  # noqa: F401 (fixture)
from .test_sipri_tiv import LATER_YEARS, sipri_answer, sipri_table, snapshot_import_rows
from .test_undl_votes import undl_answers, undl_file

CHALLENGE = (b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
             b"<div id=\"challenge-platform\">Checking your browser before accessing the site.</div></body></html>")


# --- an unpublished year ------------------------------------------------------------------------

def test_a_year_sipri_has_not_published_is_left_out_not_read_as_zero(data_dir):
    """The service answers with a column for 2025 that is empty in every row, the world total included."""
    rows = {name: cells + LATER_YEARS[name][:2] + [""] for name, cells in snapshot_import_rows().items()}
    table = sipri_table(rows=rows).replace(",".join(["Total world import", *["9000"] * 76]),
                                           ",".join(["Total world import", *["9000"] * 75, ""]))
    assert ",,5.0%" not in table  # the table really ends each row's years with an empty 2025
    answers = {sipri_tiv.SERVICE: sipri_answer(table)}
    status, _ = run(data_dir, answers)
    assert status == 0
    _, raw = read_rows(data_dir / "raw" / "sipri_tiv.csv")
    years = {row["year"] for row in raw if row["entity"] == "WLD"}
    assert "2024" in years and "2025" not in years


# --- a site that blocks scripted requests ---------------------------------------------------------

@pytest.mark.parametrize("blocked", ["record page", "voting file"])
def test_a_challenge_page_is_reported_as_blocked_by_the_site(data_dir, blocked):
    answers = undl_answers()
    if blocked == "record page":
        answers[undl_votes.RECORD] = CHALLENGE
    else:
        answers[f"{undl_votes.RECORD}/files/2026_02_06_ga_voting.csv"] = CHALLENGE
    before = fingerprint(data_dir)
    status, report = run(data_dir, answers)
    assert status == refresh.EXIT_FAILED
    text = report.read_text()
    assert "UN General Assembly votes: failed\nblocked by the site:" in text
    assert "FROM=" in text and "format changed" not in text
    assert fingerprint(data_dir) == before


def test_a_real_page_is_not_taken_for_a_challenge():
    refuse_challenge(b"<html><body><h1>UN General Assembly Voting Data</h1></body></html>", "https://x")
    refuse_challenge(b"undl_id,ms_code\n1,CHN\n", "https://x")
    with pytest.raises(FetchError, match="answered with a page that checks for a browser"):
        refuse_challenge(CHALLENGE, "https://x")


# --- a file too large to hold in memory -------------------------------------------------------------

def test_the_voting_file_is_streamed_to_disk_and_cut_record_by_record(tmp_path, data_dir):
    big = tmp_path / "2026_02_06_ga_voting.csv"
    content = undl_file()
    padding = b"".join(b"9%d,DEU,GERMANY,Y,2020-12-07,75,A/RES/75/1,,,,\"t\",i,S,,1,1,1,1,1,x\n" % number
                       for number in range(60_000))  # about 4 MB of other members' votes
    big.write_bytes(content + padding)
    streamed = HttpTransport().download(big.as_uri(), tmp_path / "cache" / big.name, 30)
    assert streamed.read_bytes() == big.read_bytes()
    excerpt = undl_votes.cut(streamed, big.as_uri(), data_dir / "publisher" / "undl_votes")
    from_memory = undl_votes.cut(big.read_bytes(), big.as_uri(), data_dir / "publisher" / "undl_votes")
    assert excerpt == from_memory
    assert "DEU" not in excerpt.text and "its title on two lines" in excerpt.text


# --- a Comtrade chunk with an error ----------------------------------------------------------------------

def test_a_comtrade_chunk_with_an_error_fails_the_source(data_dir, monkeypatch):
    monkeypatch.setenv(comtrade.KEY, "test-key")
    urls = comtrade.requests(TODAY.year - 1)
    failing = json.dumps({"elapsedMs": 3, "count": 0, "data": [],
                          "error": "Request rate limit exceeded; retry later"}).encode()
    before = fingerprint(data_dir)
    status, report = run(data_dir, comtrade_answers(**{urls[1]: failing}))
    assert status == refresh.EXIT_FAILED
    assert f"{COMTRADE}: failed\ninvalid: a Comtrade answer carries an error: Request rate limit" in report.read_text()
    assert fingerprint(data_dir) == before


# --- a file the user downloaded (FROM=) -----------------------------------------------------------------

def test_a_downloaded_sipri_workbook_is_taken_like_a_fetched_one(tmp_path, data_dir):
    workbook = tmp_path / SIPRI_FILE
    workbook.write_bytes(sipri_workbook(full_precision=True))
    before = fingerprint(data_dir)
    status = refresh.refresh_from_file(workbook, data_dir, data_dir.parent / "reports", TODAY)
    assert status == 0
    report = (data_dir.parent / "reports" / refresh.CHANGES_REPORT).read_text()
    assert f"SIPRI military expenditure: unchanged\nrelease 1949-2024 edition ({SIPRI_FILE}) from {SIPRI_FILE}" in report
    assert fingerprint(data_dir) == before


def test_a_downloaded_voting_file_adds_its_roll_calls(tmp_path, data_dir):
    voting = tmp_path / "2026_02_06_ga_voting.csv"
    voting.write_bytes(undl_file())
    assert refresh.refresh_from_file(voting, data_dir, data_dir.parent / "reports", TODAY) == 0
    assert (data_dir / "publisher" / "undl_votes" / "undl.2026_02_06_ga_voting.excerpt.csv").exists()


def test_a_downloaded_arms_table_is_taken_as_the_interface_saves_it(tmp_path, data_dir):
    table = tmp_path / "TIV-Import-All-Country-1950-2025.csv"
    table.write_text(sipri_table(), encoding="utf-8")
    assert refresh.refresh_from_file(table, data_dir, data_dir.parent / "reports", TODAY) == 0
    assert "arms_tiv_table,WLD,IND,2024,2800" in (data_dir / "raw" / "sipri_tiv.csv").read_text()


def test_a_file_of_no_known_publisher_is_refused_with_the_names_expected(tmp_path, data_dir, capsys):
    stray = tmp_path / "download (3).xlsx"
    stray.write_bytes(b"PK")
    before = fingerprint(data_dir)
    assert refresh.refresh_from_file(stray, data_dir, data_dir.parent / "reports", TODAY) == refresh.EXIT_FAILED
    message = capsys.readouterr().err
    assert "is not the name of a publisher's file the refresh knows" in message
    assert "SIPRI-Milex-data-1949-*.xlsx (SIPRI military expenditure)" in message
    assert fingerprint(data_dir) == before


def test_make_refresh_from_takes_the_file_and_checks_the_variable(tmp_path):
    project = copy_project(tmp_path)
    workbook = tmp_path / SIPRI_FILE
    workbook.write_bytes(sipri_workbook())
    result = make(project, "refresh", f"FROM={workbook}", "PAIR=RUS-CHN", env={"REFRESH_OFFLINE": "1"})
    assert "SIPRI military expenditure: release 1949-2024 edition" in result.stdout, result.stdout + result.stderr
    marker = tmp_path / "escaped"
    refused = make(project, "refresh", f"FROM=$(shell touch {marker})")
    assert refused.returncode != 0 and "FROM" in refused.stderr and not marker.exists()

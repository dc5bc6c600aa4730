"""Refresh of the General Assembly votes, offline, on recorded responses.

The responses follow the publisher's format as its files are laid out: the UN Digital Library's
record page links its voting file; the file has one row per member and recorded vote under the
header undl_id,ms_code,ms_name,ms_vote,date,... (vote_note since 2026), with X for a member that
did not vote. The roll calls are made up for the test (record ids and symbols no real vote has).
"""

from __future__ import annotations

import pytest

from analysis import refresh
from analysis.data.validation import read_rows, validate_snapshot
from analysis.sources import undl_votes

from .test_refresh import TODAY, RecordedTransport, data_dir, fingerprint, run  # noqa: F401 (fixture)

UNDL_HEADER = ("undl_id,ms_code,ms_name,ms_vote,date,session,resolution,draft,committee_report,meeting,title,"
               "agenda_title,subjects,vote_note,total_yes,total_no,total_abstentions,total_non_voting,total_ms,"
               "undl_link")


def undl_line(record: int, code: str, name: str, vote: str, date: str, session: str, symbol: str) -> str:
    title = "\"Test resolution, for the refresh\"" if session != "ES-11" else "\"Test resolution:\nits title on two lines\""
    return (f"{record},{code},{name},{vote},{date},{session},{symbol},A/{session}/L.999,,A/{session}/PV.99,"
            f"{title},Test item,TEST SUBJECT,,120.0,10.0,40.0,23.0,193.0,"
            f"https://digitallibrary.un.org/record/{record}")


MEMBERS = {"CHN": "CHINA", "RUS": "RUSSIAN FEDERATION", "USA": "UNITED STATES", "IND": "INDIA",
           "GBR": "UNITED KINGDOM", "FRA": "FRANCE"}


def undl_file(votes: dict[str, str] | None = None, header: str = UNDL_HEADER) -> bytes:
    """Three made-up roll calls: one on the republication's last day (left out as already covered), one
    of session 75 and one of an emergency special session; and a member the snapshot does not keep."""
    votes = votes or {"CHN": "Y", "RUS": "Y", "USA": "N", "IND": "A", "GBR": "N", "FRA": "X"}
    lines = [header]
    for code, name in MEMBERS.items():
        lines.append(undl_line(9000001, code, name, "Y", "2019-12-27", "74", "A/RES/74/999"))
        lines.append(undl_line(9000002, code, name, votes[code], "2020-12-07", "75", "A/RES/75/999"))
        lines.append(undl_line(9000003, code, name, "A", "2022-03-02", "ES-11", "A/RES/ES-11/999"))
    lines.append(undl_line(9000002, "DEU", "GERMANY", "N", "2020-12-07", "75", "A/RES/75/999"))
    return ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")


def undl_page(*names: str) -> bytes:
    links = "".join(f'<a href="/record/4060887/files/{name}?ln=en">{name}</a>\n' for name in names)
    return f"<html><body><h1>UN General Assembly Voting Data</h1>\n{links}</body></html>".encode("utf-8")


def undl_answers(file_name: str = "2026_02_06_ga_voting.csv", content: bytes | None = None) -> dict:
    return {undl_votes.RECORD: undl_page("2025_9_19_ga_voting.csv", file_name),
            f"{undl_votes.RECORD}/files/{file_name}": content if content is not None else undl_file()}


def test_the_librarys_votes_after_the_republication_are_added(data_dir):
    old_votes = read_rows(data_dir / "raw" / "unga_roll_calls.csv")[1]
    transport = RecordedTransport(undl_answers())
    sources = [source for source in refresh.planned_jobs(TODAY) if source.name == "UN General Assembly votes"]
    status = refresh.run(sources, transport, data_dir, data_dir.parent / "reports", TODAY, check_network=False)
    assert status == 0
    assert transport.asked == [undl_votes.RECORD, f"{undl_votes.RECORD}/files/2026_02_06_ga_voting.csv"]
    folder = data_dir / "publisher" / "undl_votes"
    excerpt = (folder / "undl.2026_02_06_ga_voting.excerpt.csv").read_text()
    assert excerpt.splitlines()[0] == UNDL_HEADER
    assert "Test resolution:\nits title on two lines" in excerpt  # a record over two lines is kept whole
    assert "A/RES/74/999" not in excerpt and "DEU" not in excerpt  # already covered; not a member kept
    _, rows = read_rows(data_dir / "raw" / "unga_roll_calls.csv")
    assert rows[:len(old_votes)] == old_votes  # the republication's votes, untouched
    added = {(row["resolution"], row["country"]): row for row in rows[len(old_votes):]}
    assert added["A/RES/75/999", "IND"]["vote"] == "A"
    assert ("A/RES/75/999", "FRA") not in added  # X: did not vote
    assert added["A/RES/ES-11/999", "CHN"]["session"] == "ES-11"
    assert {row["source_id"] for row in added.values()} == {"undl-ga-voting-2026-02-06"}
    assert len(added) == 11
    validate_snapshot(data_dir)
    catalog = (data_dir / "catalog.yml").read_text()
    assert "UN Digital Library voting file of 2026-02-06 (later roll calls)" in catalog
    assert "undl-ga-voting-2026-02-06,\"United Nations" in (data_dir / "citations.csv").read_text()
    changes = (data_dir.parent / "reports" / refresh.CHANGES_REPORT).read_text()
    assert "added 11 votes on 2 roll calls" in changes


def test_a_later_voting_file_replaces_the_first_and_may_not_drop_a_vote(data_dir):
    assert run(data_dir, undl_answers())[0] == 0
    later = undl_answers("2026_09_30_ga_voting.csv", undl_file({**dict.fromkeys(MEMBERS, "Y"), "FRA": "X"}))
    status, report = run(data_dir, later)
    assert status == 0
    assert [path.name for path in (data_dir / "publisher" / "undl_votes").glob("undl.*")] == [
        "undl.2026_09_30_ga_voting.excerpt.csv"]
    assert "revised the vote of USA on roll call 9000002: N -> Y" in report.read_text()
    before = fingerprint(data_dir)
    dropped = undl_answers("2026_12_01_ga_voting.csv", undl_file({**dict.fromkeys(MEMBERS, "Y"), "CHN": "X"}))
    status, report = run(data_dir, dropped)
    assert status == refresh.EXIT_FAILED
    assert "UN General Assembly votes: failed\nfigures lost:" in report.read_text()
    assert fingerprint(data_dir) == before


@pytest.mark.parametrize("content, failure", [
    (undl_file(header=UNDL_HEADER.replace("ms_vote", "vote")), "format changed"),
    (undl_file()[:200], "truncated"),
    (undl_file(votes={**dict.fromkeys(MEMBERS, "Y"), "RUS": "Yes"}), "format changed"),
], ids=["renamed column", "cut short", "unknown vote"])
def test_a_broken_voting_file_keeps_the_snapshot(data_dir, content, failure):
    before = fingerprint(data_dir)
    status, report = run(data_dir, undl_answers(content=content))
    assert status == refresh.EXIT_FAILED
    assert f"UN General Assembly votes: failed\n{failure}:" in report.read_text()
    assert fingerprint(data_dir) == before

"""The General Assembly roll calls after the republication (analysis.sources.undl_votes): the table joined
from the republication's excerpts and the library's, and the library's file found from its record page."""

from __future__ import annotations

import pytest

from analysis.sources import undl_votes, unvotes
from analysis.sources._fetch import FetchError
from analysis.sources._tables import FormatError

from ..refresh.test_undl_votes import undl_page
from .test_unvotes_excerpt import ROLL_CALLS, UNVOTES


def test_excerpts_of_several_sessions_are_joined_and_overlaps_refused(tmp_path):
    folder = tmp_path / unvotes.FOLDER
    folder.mkdir()
    header_votes, *vote_lines = UNVOTES.splitlines()
    header_calls, *call_lines = ROLL_CALLS.splitlines()
    (folder / "unvotes.a.csv").write_text("\n".join([header_votes, *vote_lines[:3]]) + "\n")
    (folder / "unvotes.b.csv").write_text("\n".join([header_votes, *vote_lines[3:]]) + "\n")
    (folder / "roll_calls.a.csv").write_text("\n".join([header_calls, call_lines[0]]) + "\n")
    (folder / "roll_calls.b.csv").write_text("\n".join([header_calls, *call_lines[1:]]) + "\n")
    assert undl_votes.raw_table(tmp_path).count("\n") == 1 + 8
    (folder / "unvotes.c.csv").write_text("\n".join([header_votes, vote_lines[0]]) + "\n")
    with pytest.raises(FormatError, match="excerpted twice"):
        undl_votes.raw_table(tmp_path)


def test_the_newest_voting_file_linked_from_the_record_is_fetched():
    page = undl_page("2025_9_19_ga_voting.csv", "2026_02_06_ga_voting.csv", "2024_09_12_ga_resolutions_voting.csv")
    url = undl_votes.locate(page, undl_votes.RECORD)
    assert url == f"{undl_votes.RECORD}/files/2026_02_06_ga_voting.csv"
    with pytest.raises(FetchError, match="links no dated voting CSV"):
        undl_votes.locate(b"<html>moved</html>", undl_votes.RECORD)

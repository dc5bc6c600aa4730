"""Refresh of SIPRI's arms transfers and of the General Assembly votes, offline, on recorded responses.

The responses follow the publishers' formats as their files are laid out:

- SIPRI's arms transfers service answers the interface's filters with JSON whose "result"
  is the table as CSV: notes, a "Data generated:" line, a header whose first cell names
  the rows ("Imports by" or "Recipient"), a column per year, then period totals and
  percentages, and a world total row. The figures to 2022 are the snapshot's own; those
  for 2023-2025 are made up for the test.
- The UN Digital Library's record page links its voting file; the file has one row per
  member and recorded vote under the header undl_id,ms_code,ms_name,ms_vote,date,...,
  (vote_note since 2026), with X for a member that did not vote. The roll calls are made
  up for the test (record ids and symbols no real vote has).
"""

from __future__ import annotations

import csv
import json

import pytest
import yaml

from analysis import config, refresh
from analysis.sources import ingest
from analysis.refresh import FetchError
from analysis.data.validation import read_rows, validate_snapshot

from .test_refresh import TODAY, RecordedTransport, data_dir, fingerprint, run  # noqa: F401 (fixture)

IMPORTS_EXCERPT = "TIV-Import-All-Country-1950-2022.excerpt.csv"
LATER_YEARS = {"China": ["1100", "700", ""], "India": ["2500", "2800", "1900"]}  # 2023-2025, made up


def snapshot_import_rows() -> dict[str, list[str]]:
    """China's and India's rows of the snapshot's imports table, 1950-2022, as published."""
    text = (config.DATA_DIR / "publisher" / "sipri_arms" / IMPORTS_EXCERPT).read_text(encoding="utf-8")
    rows = [row for row in csv.reader(text.splitlines()) if row and row[0] in LATER_YEARS]
    return {row[0]: row[1:74] for row in rows}


def sipri_table(header_label: str = "Imports by", rows: dict[str, list[str]] | None = None) -> str:
    years = [str(year) for year in range(1950, 2026)]
    rows = rows if rows is not None else {name: cells + LATER_YEARS[name]
                                          for name, cells in snapshot_import_rows().items()}
    lines = [
        "Volume of transfers of major arms",
        "Figures are in millions of SIPRI trend-indicator values (TIVs).",
        "A '0' indicates that the volume of deliveries is between 0 and 0.5 million SIPRI TIV. "
        "An empty field indicates that no deliveries have been identified.",
        "Figures may not add up to stated totals due to the conventions of rounding.",
        "",
        "Source: SIPRI Arms Transfers Database (c) SIPRI.",
        "Data generated: 28 Nov 2026 7:02:11 AM",
        "",
        ",".join([header_label, *years, "1950-2025", "Percentage", "Sum total years", "Percentage of total"]),
    ]
    totals = {}
    for name, cells in rows.items():
        total = sum(float(cell) for cell in cells if cell.strip())
        totals[name] = total
        lines.append(",".join([name, *cells, f"{total:g}", "5.0%", f"{total:g}", "5.0%"]))
    world = ["9000"] * len(years)
    lines.append(",".join(["Total world import", *world, "684000", "100%", "684000", ""]))
    return "\n".join(lines) + "\n"


def sipri_answer(table: str | None = None) -> bytes:
    return json.dumps({"result": table if table is not None else sipri_table()}).encode("utf-8")


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
    return {refresh.UNDL_VOTING_RECORD: undl_page("2025_9_19_ga_voting.csv", file_name),
            f"{refresh.UNDL_VOTING_RECORD}/files/{file_name}": content if content is not None else undl_file()}


# --- SIPRI arms transfers ------------------------------------------------------------------------

def test_the_service_is_asked_for_deliveries_by_recipient_to_last_year():
    source = next(s for s in refresh.default_sources(TODAY) if s.name.startswith("SIPRI arms"))
    filters = {item["field"]: item for item in json.loads(source.body)["filters"]}
    assert filters["Year range 1"]["value1"] == 1950 and filters["Year range 1"]["value2"] == TODAY.year - 1
    assert filters["DeliveryType"]["value1"] == "delivered" and filters["Status"]["value1"] == "0"
    assert "orderbyseller" not in filters  # that filter turns the table into exports by supplier


def test_a_new_sipri_table_replaces_the_imports_excerpt_and_keeps_russias(data_dir):
    russia_before = (data_dir / "publisher" / "sipri_arms" / "TIV-Export-RUS-1950-2021.excerpt.csv").read_bytes()
    status, report = run(data_dir, {refresh.SIPRI_ARMS_SERVICE: sipri_answer()})
    assert status == 0
    folder = data_dir / "publisher" / "sipri_arms"
    assert sorted(path.name for path in folder.glob("TIV-Import-*")) == ["TIV-Import-All-Country-1950-2025.excerpt.csv"]
    assert (folder / "TIV-Export-RUS-1950-2021.excerpt.csv").read_bytes() == russia_before
    excerpt = (folder / "TIV-Import-All-Country-1950-2025.excerpt.csv").read_text()
    assert "Total world import" not in excerpt and excerpt.startswith("Volume of transfers of major arms\n")
    raw = (data_dir / "raw" / "sipri_arms_tiv.csv").read_text()
    assert raw == ingest.sipri_tiv_table(folder)
    assert "arms_tiv_table,WLD,IND,2024,2800,million TIV,sipri-tiv-imports-by-recipient-2026-11-28" in raw
    assert "arms_tiv_table,RUS,CHN,2021,773,million TIV,sipri-tiv-from-russia-2022-07-28" in raw
    assert "sipri-tiv-to-all-2023-12-11" not in raw
    validate_snapshot(data_dir)
    changes = report.read_text()
    assert "added arms_tiv_table WLD to CHN: 2023, 2024, 2025" in changes
    assert "revised" not in changes  # the figures to 2022 are the same
    release = yaml.safe_load((data_dir / "catalog.yml").read_text())["tables"]["sipri_arms_tiv"]["release"]
    assert release == ('"TIV of arms exports from Russia, 1950-2021" generated 2022-07-28; '
                       '"TIV of arms imports by recipient, from all suppliers" generated 2026-11-28')
    assert "sipri-tiv-imports-by-recipient-2026-11-28,Stockholm" in (data_dir / "citations.csv").read_text()


def test_the_recipient_header_of_the_interface_is_read_the_same_way():
    parsed = ingest.parse_sipri_tiv_csv(sipri_table("Recipient"))
    assert parsed.slug == "imports-by-recipient" and parsed.generated == "2026-11-28"
    china_2025 = parsed.figures.query("recipient == 'CHN' and year == 2025")["value"]
    assert list(china_2025) == [0.0]  # an empty cell: no deliveries identified


def broken_sipri(kind: str) -> bytes:
    if kind == "truncated":
        answer = sipri_answer()
        return answer[:len(answer) // 2]
    if kind == "no result":
        return json.dumps({"error": "bad filter"}).encode()
    if kind == "new header":
        return sipri_answer(sipri_table("Country"))
    if kind == "row gone":
        rows = snapshot_import_rows()
        return sipri_answer(sipri_table(rows={"India": rows["India"] + LATER_YEARS["India"]}))
    if kind == "exports table":
        return sipri_answer(sipri_table("Exports by"))
    if kind == "lost years":  # the 2022 column no longer reads as a year
        return sipri_answer(sipri_table().replace(",2021,2022,2023,", ",2021,2022 (revised),2023,"))
    raise ValueError(kind)


@pytest.mark.parametrize("kind, failure", [
    ("truncated", "truncated"), ("no result", "format changed"), ("new header", "format changed"),
    ("row gone", "format changed"), ("exports table", "format changed"), ("lost years", "figures lost")])
def test_a_broken_sipri_answer_keeps_the_last_good_tables(data_dir, kind, failure):
    before = fingerprint(data_dir)
    status, report = run(data_dir, {refresh.SIPRI_ARMS_SERVICE: broken_sipri(kind)})
    assert status == refresh.EXIT_FAILED
    assert f"SIPRI arms transfers (imports by recipient): failed\n{failure}:" in report.read_text()
    assert fingerprint(data_dir) == before


# --- General Assembly votes --------------------------------------------------------------------

def test_the_newest_voting_file_linked_from_the_record_is_fetched():
    page = undl_page("2025_9_19_ga_voting.csv", "2026_02_06_ga_voting.csv", "2024_09_12_ga_resolutions_voting.csv")
    url = refresh.locate_undl_file(page, refresh.UNDL_VOTING_RECORD)
    assert url == f"{refresh.UNDL_VOTING_RECORD}/files/2026_02_06_ga_voting.csv"
    with pytest.raises(FetchError, match="links no dated voting CSV"):
        refresh.locate_undl_file(b"<html>moved</html>", refresh.UNDL_VOTING_RECORD)


def test_the_librarys_votes_after_the_republication_are_added(data_dir):
    old_votes = read_rows(data_dir / "raw" / "unga_roll_calls.csv")[1]
    transport = RecordedTransport(undl_answers())
    sources = [source for source in refresh.default_sources(TODAY) if source.name == "UN General Assembly votes"]
    status = refresh.run(sources, transport, data_dir, data_dir.parent / "reports", TODAY, check_network=False)
    assert status == 0
    assert transport.asked == [refresh.UNDL_VOTING_RECORD, f"{refresh.UNDL_VOTING_RECORD}/files/2026_02_06_ga_voting.csv"]
    folder = data_dir / "publisher" / "unvotes"
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
    assert [path.name for path in (data_dir / "publisher" / "unvotes").glob("undl.*")] == [
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

"""Refresh of SIPRI's arms transfers, offline, on recorded responses.

The responses follow the publisher's format as its files are laid out: SIPRI's arms transfers
service answers the interface's filters with JSON whose "result" is the table as CSV: notes, a
"Data generated:" line, a header whose first cell names the rows ("Imports by" or "Recipient"),
a column per year, then period totals and percentages, and a world total row. The figures to
2022 are the snapshot's own; those for 2023-2025 are made up for the test.
"""

from __future__ import annotations

import csv
import json

import pytest
import yaml

from analysis import config, refresh
from analysis.data.validation import validate_snapshot
from analysis.sources import sipri_tiv

from .test_refresh import data_dir, fingerprint, run  # noqa: F401 (fixture)

IMPORTS_EXCERPT = "TIV-Import-All-Country-1950-2022.excerpt.csv"
LATER_YEARS = {"China": ["1100", "700", ""], "India": ["2500", "2800", "1900"]}  # 2023-2025, made up


def snapshot_import_rows() -> dict[str, list[str]]:
    """China's and India's rows of the snapshot's imports table, 1950-2022, as published."""
    text = (config.DATA_DIR / "publisher" / "sipri_tiv" / IMPORTS_EXCERPT).read_text(encoding="utf-8")
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


def test_a_new_sipri_table_replaces_the_imports_excerpt_and_keeps_russias(data_dir):
    russia_before = (data_dir / "publisher" / "sipri_tiv" / "TIV-Export-RUS-1950-2021.excerpt.csv").read_bytes()
    status, report = run(data_dir, {sipri_tiv.SERVICE: sipri_answer()})
    assert status == 0
    folder = data_dir / "publisher" / "sipri_tiv"
    assert sorted(path.name for path in folder.glob("TIV-Import-*")) == ["TIV-Import-All-Country-1950-2025.excerpt.csv"]
    assert (folder / "TIV-Export-RUS-1950-2021.excerpt.csv").read_bytes() == russia_before
    excerpt = (folder / "TIV-Import-All-Country-1950-2025.excerpt.csv").read_text()
    assert "Total world import" not in excerpt and excerpt.startswith("Volume of transfers of major arms\n")
    raw = (data_dir / "raw" / "sipri_tiv.csv").read_text()
    assert raw == sipri_tiv.raw_table(data_dir / "publisher")
    assert "arms_tiv_table,WLD,IND,2024,2800,million TIV,sipri-tiv-imports-by-recipient-2026-11-28" in raw
    assert "arms_tiv_table,RUS,CHN,2021,773,million TIV,sipri-tiv-from-russia-2022-07-28" in raw
    assert "sipri-tiv-to-all-2023-12-11" not in raw
    validate_snapshot(data_dir)
    changes = report.read_text()
    assert "added arms_tiv_table WLD to CHN: 2023, 2024, 2025" in changes
    assert "revised" not in changes  # the figures to 2022 are the same
    release = yaml.safe_load((data_dir / "catalog.yml").read_text())["tables"]["sipri_tiv"]["release"]
    assert release == ('"TIV of arms exports from Russia, 1950-2021" generated 2022-07-28; '
                       '"TIV of arms imports by recipient, from all suppliers" generated 2026-11-28')
    assert "sipri-tiv-imports-by-recipient-2026-11-28,Stockholm" in (data_dir / "citations.csv").read_text()


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
    status, report = run(data_dir, {sipri_tiv.SERVICE: broken_sipri(kind)})
    assert status == refresh.EXIT_FAILED
    assert f"SIPRI arms transfers (imports by recipient): failed\n{failure}:" in report.read_text()
    assert fingerprint(data_dir) == before

"""The build refuses bad input before any notebook runs, and rebuilds identically."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from .conftest import copy_project, make

WDI = "data/raw/wdi.csv"
GOOD_ROW = "gdp_usd,RUS,,2000,259710142196.943,USD,wdi-ny.gdp.mktp.cd-2026-04-08"


def replace_row(text: str, new_row: str) -> str:
    return text.replace(GOOD_ROW, new_row)


# (case, change to data/raw/wdi.csv, fragment the build must print)
BAD_INPUTS = [
    ("missing column", lambda text: text.replace(",unit,", ",", 1),
     "data/raw/wdi.csv, column 'unit': rule 'required column' failed"),
    ("wrong type", lambda text: replace_row(text, GOOD_ROW.replace("259710142196.943", "n/a")),
     "column 'value': rule 'non negative' failed: expected a finite number, found 'n/a'"),
    ("duplicate key", lambda text: text + GOOD_ROW + "\n", "rule 'unique key' failed"),
    ("infinite value", lambda text: replace_row(text, GOOD_ROW.replace("259710142196.943", "inf")),
     "column 'value': rule 'non negative' failed: expected a finite number, found 'inf'"),
    ("not a number", lambda text: replace_row(text, GOOD_ROW.replace("259710142196.943", "NaN")),
     "column 'value': rule 'non negative' failed: expected a finite number, found 'NaN'"),
    ("table not in the catalog", lambda text: text, "data/raw/stray.csv: rule 'table in catalog' failed"),
    ("negative value", lambda text: replace_row(text, GOOD_ROW.replace(",259", ",-259")),
     "rule 'non negative' failed: expected a value of 0 or more"),
    ("share above 100 %", lambda text: replace_row(text, GOOD_ROW.replace("259710142196.943,USD", "120,percent")),
     "rule 'share at most 100 %' failed"),
    ("unknown country code", lambda text: replace_row(text, GOOD_ROW.replace(",RUS,", ",XXX,")),
     "column 'entity': rule 'entity code' failed"),
    ("year in the future", lambda text: replace_row(text, GOOD_ROW.replace(",2000,", ",2999,")),
     "column 'year': rule 'year' failed"),
    ("source without citation", lambda text: replace_row(text, GOOD_ROW.replace("2026-04-08", "1999-01-01")),
     "column 'source_id': rule 'citation exists' failed"),
]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("bad-input"))


@pytest.mark.parametrize("case,change,expected", BAD_INPUTS, ids=[case[0] for case in BAD_INPUTS])
def test_bad_data_stops_the_build_before_any_notebook(pristine, case, change, expected):
    path = pristine / WDI
    original = path.read_text(encoding="utf-8")
    assert GOOD_ROW in original, "the row this test alters is gone from the snapshot; pick another"
    path.write_text(change(original), encoding="utf-8")
    stray = pristine / "data" / "raw" / "stray.csv"
    if case == "table not in the catalog":
        stray.write_text(original, encoding="utf-8")
    try:
        result = make(pristine, "report")
    finally:
        path.write_text(original, encoding="utf-8")
        stray.unlink(missing_ok=True)
    assert result.returncode != 0
    assert expected in result.stderr, result.stderr
    assert "notebook:" not in result.stdout
    assert not (pristine / "reports" / "RUS-CHN").exists()


@pytest.mark.parametrize("pair", ['RUS-$(shell touch {marker})', "RUS-CHN; touch {marker}", "rus-chn"])
def test_a_crafted_pair_is_refused_by_make(pristine, tmp_path, pair):
    marker = tmp_path / "escaped"
    result = make(pristine, "report", f"PAIR={pair.format(marker=marker)}")
    assert result.returncode != 0
    assert "PAIR must be two ISO alpha-3 codes" in result.stderr
    assert not marker.exists()


def test_an_unknown_country_is_refused_before_papermill(pristine):
    result = make(pristine, "report", "PAIR=RUS-XYZ")
    assert result.returncode != 0
    assert "second code must be a known ISO 3166 alpha-3 code, found 'XYZ'" in result.stderr
    assert not (pristine / "build" / "RUS-XYZ" / "00_summary.ipynb").exists()


def test_two_clean_builds_give_identical_html_and_pdf_text(tmp_path_factory):
    reports = []
    for name in ("first", "second"):
        project = copy_project(tmp_path_factory.mktemp(name))
        result = make(project, "-j2", "report")
        assert result.returncode == 0, result.stderr
        reports.append(project / "reports" / "RUS-CHN")
    assert (reports[0] / "report.html").read_bytes() == (reports[1] / "report.html").read_bytes()
    texts = [[page.extract_text() for page in PdfReader(folder / "report.pdf").pages] for folder in reports]
    assert texts[0] == texts[1]

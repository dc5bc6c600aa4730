"""Files a careless editor or a hostile source could put in the snapshot, and what the build says of them."""

from __future__ import annotations

import csv
import io
import os

import pandas as pd
import pytest

from analysis import files
from analysis.claims.ledger import LEDGER_COLUMNS, write_ledger
from analysis.render import pdf
from analysis.data import validation
from analysis.params import ParameterError, ReportParameters, parse_pair
from analysis.data.schemas import DataValidationError

from .conftest import HEADER, ROWS, write_snapshot


def invalid(root) -> str:
    with pytest.raises(DataValidationError) as raised:
        validation.validate_snapshot(root)
    return str(raised.value)


@pytest.mark.parametrize("content,expected", [
    ((HEADER + ROWS).encode("utf-16"), "raw/sample.csv, line 1, column 1: rule 'UTF-8 text' failed: "
                                       "expected UTF-8 text, found the byte 0xff"),
    ((HEADER + ROWS.replace("gdp_usd,CHN,,2000", "gdp_usd,CHN,,2000")).encode().replace(b"CHN,,2000", b"CH\xe9,,2000"),
     "raw/sample.csv, line 4, column 11: rule 'UTF-8 text' failed: expected UTF-8 text, found the byte 0xe9"),
], ids=["UTF-16", "a stray Latin-1 byte"])
def test_a_table_that_is_not_utf8_is_named_with_its_line(snapshot, content, expected):
    (snapshot / "raw" / "sample.csv").write_bytes(content)
    assert expected in invalid(snapshot)


def test_fifty_megabytes_of_random_bytes_are_refused_quickly_with_the_file_named(snapshot):
    (snapshot / "raw" / "sample.csv").write_bytes(os.urandom(50 * 1024 * 1024))
    message = invalid(snapshot)
    assert "raw/sample.csv, line " in message and "rule 'UTF-8 text' failed" in message


def test_a_nul_byte_is_named_with_its_line(snapshot):
    (snapshot / "raw" / "sample.csv").write_text(HEADER + ROWS.replace("CHN,,2001", "CHN\0,,2001"), encoding="utf-8")
    assert "raw/sample.csv, line 5, column 'entity': rule 'entity code' failed" in invalid(snapshot)


def test_a_catalog_that_is_not_utf8_is_named(snapshot):
    path = snapshot / "catalog.yml"
    path.write_bytes(path.read_bytes().replace(b"Test publisher", b"Test \xe9diteur"))
    assert "catalog.yml, line " in invalid(snapshot)


def test_a_yaml_error_names_the_catalog_line_and_column(snapshot):
    path = snapshot / "catalog.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("    file: raw/sample.csv", "   file: [raw/sample.csv"),
                    encoding="utf-8")
    message = invalid(snapshot)
    assert message.startswith(str(snapshot / "catalog.yml") + ", line "), message
    assert "rule 'YAML' failed" in message


def test_a_catalog_that_is_not_a_mapping_is_refused(snapshot):
    (snapshot / "catalog.yml").write_text("- just\n- a list\n", encoding="utf-8")
    assert "expected a mapping with 'indicators' and 'tables', found list" in invalid(snapshot)


def test_a_table_without_a_catalog_entry_is_refused(snapshot):
    (snapshot / "raw" / "stray.csv").write_text(HEADER + ROWS, encoding="utf-8")
    message = invalid(snapshot)
    assert "raw/stray.csv: rule 'table in catalog' failed" in message
    assert "add an entry for it or remove the file" in message


def test_validation_passes_once_the_stray_table_is_gone(snapshot):
    assert len(validation.validate_snapshot(snapshot)) == 6


@pytest.mark.parametrize("cell,expected", [
    ("=HYPERLINK(\"http://example.org\",\"x\")", "'=HYPERLINK(\"http://example.org\",\"x\")"),
    ("+1 (555) 0100", "'+1 (555) 0100"),
    ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
    ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
    ("\t=1+1", "'\t=1+1"),
    ("-6.9", "-6.9"),
    ("+3", "+3"),
    ("Reuters, 2024", "Reuters, 2024"),
    ("", ""),
], ids=["equals", "plus", "minus", "at", "tab", "negative number", "signed number", "plain text", "empty"])
def test_cells_a_spreadsheet_would_run_are_neutralised(cell, expected):
    assert files.spreadsheet_safe(cell) == expected


def test_the_ledger_ships_no_formula(tmp_path):
    ledger = pd.DataFrame([["E1", "=1+1", "economy", "01_economy", "m", "-2.5", "supported", "@why", "-9 %", "robust", "",
                            "+source"]], columns=LEDGER_COLUMNS)
    path = write_ledger(ledger, tmp_path / "claims.csv", {})
    row = next(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert (row["claim"], row["value"], row["reason"], row["sources"]) == ("'=1+1", "-2.5", "'@why", "'+source")
    source = next(csv.DictReader(io.StringIO((tmp_path / "sources.csv").read_text(encoding="utf-8"))))
    assert source["source_id"] == "'+source"


@pytest.mark.parametrize("text,expected", [
    ("WLD-EUU", "PAIR's first code must be a country, found the aggregate 'WLD' (World)"),
    ("RUS-EUU", "PAIR's second code must be a country, found the aggregate 'EUU' (European Union)"),
])
def test_a_pair_of_aggregates_is_refused(text, expected):
    with pytest.raises(ParameterError) as raised:
        parse_pair(text)
    assert expected in str(raised.value)


def test_comparators_may_not_be_aggregates():
    with pytest.raises(ParameterError, match=r"comparators\[0\] must be a country, found the aggregate 'EUU'"):
        ReportParameters(comparators=("EUU",))


def test_one_list_of_browsers_serves_the_set_up_and_the_pdf(tmp_path, monkeypatch):
    bootstrap = (pdf.__file__.rsplit("/analysis/", 1)[0] + "/scripts/bootstrap.sh")
    text = open(bootstrap, encoding="utf-8").read()
    assert "analysis/render/pdf.py\" browser" in text
    for name in pdf.BROWSERS:
        assert f"command -v {name}" not in text, "the set-up keeps its own list of browsers"
    chrome = tmp_path / "google-chrome-stable"
    chrome.write_text("#!/bin/sh\n", encoding="utf-8")
    chrome.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert pdf.find_chromium() == str(chrome)


def test_without_a_browser_the_message_says_what_to_install_on_each_system(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(pdf.PdfError, match="none of chromium, chromium-browser, google-chrome"):
        pdf.find_chromium()
    assert "snap install chromium" in pdf.browser_install_hint("ubuntu")
    assert "google-chrome-stable" in pdf.browser_install_hint("ubuntu")
    assert "apt-get install chromium" in pdf.browser_install_hint("debian")
    release = tmp_path / "os-release"
    release.write_text('NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n', encoding="utf-8")
    assert pdf.os_release_id(release) == "ubuntu"


def test_the_published_folder_holds_one_build_and_a_retired_one_comes_back(tmp_path):
    built = tmp_path / "build"
    built.mkdir()
    for name in ("report.html", "claims.csv"):
        (built / name).write_text(f"first {name}", encoding="utf-8")
    reports = tmp_path / "reports"
    files.publish_folder(reports / "RUS-CHN", {name: built / name for name in ("report.html", "claims.csv")})
    (reports / "RUS-CHN" / "report.pdf").write_text("stale", encoding="utf-8")
    (built / "report.html").write_text("second", encoding="utf-8")
    files.publish_folder(reports / "RUS-CHN", {name: built / name for name in ("report.html", "claims.csv")})
    assert sorted(path.name for path in (reports / "RUS-CHN").iterdir()) == ["claims.csv", "report.html"]
    assert (reports / "RUS-CHN" / "report.html").read_text(encoding="utf-8") == "second"
    assert [path.name for path in reports.iterdir()] == ["RUS-CHN"]
    # a publication stopped between its two renames (systems without an atomic exchange)
    (reports / "RUS-CHN").rename(reports / ".retired-RUS-CHN-12345")
    (reports / ".staging-RUS-CHN-999-abc").mkdir()
    files.remove_leftovers(reports)
    assert [path.name for path in reports.iterdir()] == ["RUS-CHN"]
    assert (reports / "RUS-CHN" / "report.html").read_text(encoding="utf-8") == "second"


def test_publishing_refuses_a_unit_with_a_file_missing(tmp_path):
    with pytest.raises(FileNotFoundError, match="expected the built files"):
        files.publish_folder(tmp_path / "reports" / "RUS-CHN", {"report.pdf": tmp_path / "missing.pdf"})
    assert not (tmp_path / "reports" / "RUS-CHN").exists()

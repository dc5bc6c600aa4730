"""The loader, the catalog contract and the schemas of raw tables."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import config
from analysis.data import load as data
from analysis.data.schemas import DataValidationError

from .conftest import HEADER, ROWS, write_snapshot


def test_loader_returns_the_long_table_with_typed_columns(snapshot):
    table = data.load_all_indicators(snapshot)
    assert list(table.columns) == data.INDICATOR_COLUMNS
    assert len(table) == 6
    assert table["year"].dtype.kind == "i"
    assert table["value"].dtype.kind == "f"
    rus_2001 = table[(table["entity"] == "RUS") & (table["year"] == 2001)]
    assert rus_2001["value"].tolist() == [110.0]
    assert table.loc[table["indicator"] == "settlement_share", "partner"].tolist() == ["CHN"]


BROKEN_TABLES = [
    # (description, header, rows, expected fragment of the message)
    ("missing column", HEADER.replace(",unit", ""), ROWS.replace(",USD", "").replace(",persons", "").replace(",percent", ""),
     "column 'unit': rule 'required column'"),
    ("wrong type", HEADER, ROWS.replace("RUS,,2001,110", "RUS,,2001,lots"),
     "line 3, column 'value': rule 'non negative' failed: expected a finite number, found 'lots'"),
    ("duplicate key", HEADER, ROWS + "gdp_usd,RUS,,2000,101,USD,test-1\n",
     "line 8: rule 'unique key' failed"),
    ("negative value", HEADER, ROWS.replace("CHN,,2000,300", "CHN,,2000,-300"),
     "line 4, column 'value': rule 'non negative' failed: expected a value of 0 or more, found '-300'"),
    ("share above 100 %", HEADER, ROWS.replace("95.5,percent", "120,percent"),
     "line 7: rule 'share at most 100 %' failed"),
    ("unknown country code", HEADER, ROWS.replace("population,WLD", "population,XYZ"),
     "line 6, column 'entity': rule 'entity code' failed"),
    ("year in the future", HEADER, ROWS.replace("CHN,,2001", "CHN,,2999"),
     "line 5, column 'year': rule 'year' failed: expected a year no later than"),
    ("source without citation", HEADER, ROWS.replace("2022,95.5,percent,test-1", "2022,95.5,percent,test-9"),
     "line 7, column 'source_id': rule 'citation exists' failed: no citation with id 'test-9'"),
    ("unit not as catalogued", HEADER, ROWS.replace("2001,110,USD", "2001,110,billion USD"),
     "line 3, column 'unit': rule 'unit as catalogued' failed: expected 'USD' for gdp_usd, found 'billion USD'"),
    ("indicator not in catalog", HEADER, ROWS.replace("population,WLD", "people,WLD"),
     "line 6, column 'indicator': rule 'indicator in catalog' failed"),
    *[(f"{text} as a value", HEADER, ROWS.replace("RUS,,2001,110", f"RUS,,2001,{text}"),
       f"line 3, column 'value': rule 'non negative' failed: expected a finite number, found '{text}'")
      for text in ("inf", "-inf", "nan", "NaN", "Infinity")],
    ("infinite share", HEADER, ROWS.replace("95.5,percent", "inf,percent"),
     "line 7, column 'value': rule 'non negative' failed: expected a finite number, found 'inf'"),
]


@pytest.mark.parametrize("description,header,rows,expected", BROKEN_TABLES, ids=[case[0] for case in BROKEN_TABLES])
def test_broken_table_is_rejected_with_file_line_column_and_rule(tmp_path, description, header, rows, expected):
    root = write_snapshot(tmp_path / "data", rows=rows, header=header)
    with pytest.raises(DataValidationError) as raised:
        data.load_all_indicators(root)
    message = str(raised.value)
    assert "raw/sample.csv" in message
    assert expected in message


def test_catalog_entry_without_required_fields_is_rejected(snapshot):
    catalog = (snapshot / "catalog.yml").read_text()
    (snapshot / "catalog.yml").write_text(catalog.replace("    licence: CC BY 4.0\n", ""))
    with pytest.raises(DataValidationError, match="table 'sample' lacks the fields \\['licence'\\]"):
        data.load_all_indicators(snapshot)


def test_embedded_snapshot_is_valid_and_covers_the_geopolitics_chapter():
    table = data.load_all_indicators()
    countries = {"RUS", "CHN", "USA", "IND", *config.WESTERN_GROUP}
    for indicator in ("gdp_usd", "gdp_ppp_usd", "population", "milex_wdi_usd", "milex_usd"):
        rows = table[table["indicator"] == indicator]
        needed = countries if indicator == "milex_usd" else countries | {"WLD"}  # SIPRI's sheet has no world total
        assert needed <= set(rows["entity"]), f"{indicator} lacks {needed - set(rows['entity'])}"
        assert rows["year"].min() <= 1995, f"{indicator} starts only in {rows['year'].min()}"
        assert rows["year"].max() >= 2022, f"{indicator} ends already in {rows['year'].max()}"


def test_every_figure_resolves_to_a_citation_with_a_locator():
    table = data.load_all_indicators()
    citations = data.load_citations()
    for source_id in table["source_id"].unique():
        citation = citations[source_id]
        assert citation.locator and citation.url.startswith(("https://", "http://")), source_id


def test_raw_tables_match_the_publisher_excerpts():
    from analysis.sources import SOURCES

    excerpted = [source for source in SOURCES.values() if source.ORIGIN.is_relative_to(config.PUBLISHER_DIR)]
    assert excerpted
    for source in excerpted:
        for name, text in source.tables().items():
            assert (config.RAW_DIR / name).read_text(encoding="utf-8") == text, (
                f"data/raw/{name} differs from what data/publisher/ gives; run python -m analysis.sources")


def test_loader_returns_a_copy_callers_cannot_corrupt():
    first = data.load_all_indicators()
    first.loc[:, "value"] = -1.0
    assert (data.load_all_indicators()["value"] >= 0).all()
    assert isinstance(first, pd.DataFrame)


def test_citations_carry_no_working_notes_and_the_notes_name_real_citations():
    import csv
    import re

    citations = list(csv.DictReader(config.CITATIONS_PATH.open(encoding="utf-8")))
    for row in citations:
        for field in ("publisher", "title", "locator"):
            text = row[field]
            assert "SCRAPE=" not in text and not re.search(r"\[[A-Z][A-Z -]{2,}\]", text), (row["source_id"], field)
            assert not re.search(r"@[0-9a-f]{12,}", text), (row["source_id"], field)
    notes = list(csv.DictReader((config.DATA_DIR / "citation_notes.csv").open(encoding="utf-8")))
    assert {note["source_id"] for note in notes} <= {row["source_id"] for row in citations}


def test_data_told_valid_is_trusted_only_while_no_file_changes(tmp_path, monkeypatch):
    from analysis.data import validation

    root = write_snapshot(tmp_path / "data")
    stamp = tmp_path / "data.ok"
    monkeypatch.setenv(validation.VALIDATED_ENV, "")  # restored after the test
    assert not validation.already_validated(root)
    validation.trust_validation_stamp(stamp)
    assert not validation.already_validated(root), "a stamp not yet written is no validation"
    stamp.write_text(validation.validation_record(6, validation.data_fingerprint(root)), encoding="utf-8")
    assert validation.already_validated(root)
    citations = root / "citations.csv"  # a citation without its publisher: the schema refuses it
    broken = citations.read_text(encoding="utf-8").replace("test-1,Test publisher", "test-1,")
    citations.write_text(broken, encoding="utf-8")
    assert not validation.already_validated(root), "a changed file must be checked again"
    with pytest.raises(DataValidationError, match="publisher"):
        validation.load_citations(citations)


def test_the_build_records_the_fingerprint_of_the_data_it_validated(monkeypatch, tmp_path):
    from analysis import build
    from analysis.data import validation

    monkeypatch.setenv(validation.VALIDATED_ENV, "")
    monkeypatch.setattr(config, "BUILD_DIR", tmp_path)
    build.validate_data(force=False)
    stamp = tmp_path / build.DATA_STAMP
    assert validation.data_fingerprint() in stamp.read_text(encoding="utf-8")
    validation.trust_validation_stamp(stamp)
    assert validation.already_validated()

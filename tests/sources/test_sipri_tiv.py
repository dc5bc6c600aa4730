"""SIPRI's yearly TIV tables (analysis.sources.sipri_tiv): both layouts SIPRI has published, the request the
refresh sends to the service behind SIPRI's interface, and the years it has not published yet."""

from __future__ import annotations

import json

import pytest

from analysis.sources import sipri_tiv
from analysis.sources._tables import FormatError

from ..refresh.test_refresh import TODAY
from ..refresh.test_sipri_tiv import sipri_table

TIV_TABLE = "\n".join([
    '"TIV of arms exports from Russia, 1950-2021",,,,',
    "Figures are SIPRI Trend Indicator Values (TIVs) expressed in millions.,,,,",
    "Source: SIPRI Arms Transfers Database,,,,",
    "Generated: 28 July 2022,,,,",
    ",2019,2020,2021,Total",
    "China,986,,773,1759",
    "Total,5531,3686,2744,11961",
])


def test_sipri_tiv_table_is_parsed_with_blanks_as_no_deliveries():
    parsed = sipri_tiv.parse_csv(TIV_TABLE, "test.csv")
    assert parsed.generated == "2022-07-28"
    figures = parsed.figures.set_index(["supplier", "recipient", "year"])["value"]
    assert figures[("RUS", "CHN", 2019)] == 986 and figures[("RUS", "CHN", 2020)] == 0  # blank: none identified
    assert figures[("RUS", "WLD", 2021)] == 2744
    assert ("RUS", "CHN", "Total") not in figures.index  # the Total column is not a year
    assert sipri_tiv.source_id(parsed) == "sipri-tiv-from-russia-2022-07-28"


def test_sipri_tiv_imports_table_reads_rows_as_recipients():
    text = TIV_TABLE.replace("exports from Russia", "exports to all").replace("Total,5531", "India,5531")
    figures = sipri_tiv.parse_csv(text, "imports.csv").figures
    assert set(zip(figures["supplier"], figures["recipient"])) == {("WLD", "CHN"), ("WLD", "IND")}


@pytest.mark.parametrize("broken, message", [
    (TIV_TABLE.replace("TIV of arms exports from Russia", "Arms sales of Russia"), "expected a title"),
    (TIV_TABLE.replace("China,986", "Atlantis,986"), "no code for the row 'Atlantis'"),
    (TIV_TABLE.replace("Generated: 28 July 2022", "Generated: someday"), "expected a line such as"),
    (TIV_TABLE.replace("China,986,,773,1759", "China,986,773,1759"), "has 4 cells, the header 5"),
])
def test_sipri_tiv_format_errors_say_what_was_expected(broken, message):
    with pytest.raises(FormatError, match=message):
        sipri_tiv.parse_csv(broken, "test.csv")


def test_the_service_is_asked_for_deliveries_by_recipient_to_last_year():
    fetch = next(f for f in sipri_tiv.fetches(TODAY) if f.name.startswith("SIPRI arms"))
    filters = {item["field"]: item for item in json.loads(fetch.body)["filters"]}
    assert filters["Year range 1"]["value1"] == 1950 and filters["Year range 1"]["value2"] == TODAY.year - 1
    assert filters["DeliveryType"]["value1"] == "delivered" and filters["Status"]["value1"] == "0"
    assert "orderbyseller" not in filters  # that filter turns the table into exports by supplier


def test_the_recipient_header_of_the_interface_is_read_the_same_way():
    parsed = sipri_tiv.parse_csv(sipri_table("Recipient"))
    assert parsed.slug == "imports-by-recipient" and parsed.generated == "2026-11-28"
    china_2025 = parsed.figures.query("recipient == 'CHN' and year == 2025")["value"]
    assert list(china_2025) == [0.0]  # an empty cell: no deliveries identified


def test_an_empty_column_is_dropped_only_where_every_row_is_blank():
    text = "note line\nImports by,2023,2024,2025\nChina,1100,,\nIndia,2500,2800,\n"
    assert sipri_tiv.drop_unpublished_years(text) == "note line\nImports by,2023,2024\nChina,1100,\nIndia,2500,2800\n"
    full = "Imports by,2023,2024\nChina,1100,5\n"
    assert sipri_tiv.drop_unpublished_years(full) == full

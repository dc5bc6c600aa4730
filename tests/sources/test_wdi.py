"""The World Bank's bulk CSV files (analysis.sources.wdi): the layout read, the rows kept, the errors given."""

from __future__ import annotations

import pytest

from analysis.sources import wdi
from analysis.sources._tables import FormatError

BULK_FILE = "\n".join([
    '"Data Source","World Development Indicators",',
    "",
    '"Last Updated Date","2025-07-01",',
    "",
    '"Country Name","Country Code","Indicator Name","Indicator Code","1990","1991","1992","1993",',
    '"Russian Federation","RUS","Military expenditure (current US$)","MS.MIL.XPND.CD","","","0","7600000000",',
    '"North America","NAC","Military expenditure (current US$)","MS.MIL.XPND.CD","1","2","3","4",',
    '"World","WLD","Military expenditure (current US$)","MS.MIL.XPND.CD","5","6","7","8",',
])


def test_the_bulk_layout_is_read_with_its_release_date_and_empty_cells_left_out():
    parsed = wdi.parse_csv("\ufeff" + BULK_FILE)
    assert (parsed.indicator_code, parsed.last_updated) == ("MS.MIL.XPND.CD", "2025-07-01")
    russia = parsed.figures[parsed.figures["entity"] == "RUS"].set_index("year")["value"]
    assert russia.to_dict() == {1992: 0.0, 1993: 7.6e9}


def test_the_tidy_table_keeps_known_entities_from_the_start_year_and_names_the_release():
    table = wdi.tidy(wdi.parse_csv(BULK_FILE), 1992)
    assert set(table["entity"]) == {"RUS", "WLD"}  # NAC is an aggregate the project does not use
    assert table["year"].min() == 1992
    assert set(table["indicator"]) == {"milex_wdi_usd"} and set(table["unit"]) == {"USD"}
    assert set(table["source_id"]) == {"wdi-ms.mil.xpnd.cd-2025-07-01"}


@pytest.mark.parametrize("broken, message", [
    (BULK_FILE.replace('"Country Code"', '"Country ISO3"'), "expected a header row"),
    (BULK_FILE.replace('"Last Updated Date"', '"Updated"'), "Last Updated Date"),
    (BULK_FILE.replace('"1990","1991","1992","1993"', '"a","b","c","d"'), "expected year columns"),
])
def test_a_changed_layout_is_refused_saying_what_was_expected(broken, message):
    with pytest.raises(FormatError, match=message):
        wdi.parse_csv(broken, "test.csv")


def test_an_indicator_the_project_does_not_use_is_refused():
    with pytest.raises(FormatError, match="not one the project uses"):
        wdi.tidy(wdi.parse_csv(BULK_FILE.replace("MS.MIL.XPND.CD", "EN.ATM.CO2E.KT")), 1992)

"""Parameters are refused before they reach papermill unless they are plainly safe."""

from __future__ import annotations

import pytest

from analysis.params import ParameterError, ReportParameters, parse_pair


def test_defaults_are_the_russia_china_pair():
    parameters = ReportParameters()
    assert (parameters.country_a, parameters.country_b) == ("RUS", "CHN")
    assert parameters.slug == "RUS-CHN"


@pytest.mark.parametrize("value", [
    'RUS"\nimport os; os.system("touch /tmp/pwned")\n#',
    "rus", "RUSSIA", "XYZ", "", None, 643,
])
def test_bad_country_codes_are_refused(value):
    with pytest.raises(ParameterError, match="country_a must be"):
        ReportParameters(country_a=value)


def test_bad_years_and_comparators_are_refused():
    with pytest.raises(ParameterError, match="start_year must lie between"):
        ReportParameters(start_year=1800)
    with pytest.raises(ParameterError, match="start_year must come before end_year"):
        ReportParameters(start_year=2020, end_year=2010)
    with pytest.raises(ParameterError, match="end_year must be a whole year"):
        ReportParameters(end_year="2024; import os")
    with pytest.raises(ParameterError, match=r"comparators\[1\] must be"):
        ReportParameters(comparators=("USA", "__import__('os')"))


def test_pair_text_is_parsed_strictly():
    assert parse_pair("RUS-IND") == ("RUS", "IND")
    for text in ("RUS", "RUS-CHN-IND", "RUS-chn", "RUS-$(rm -rf ~)"):
        with pytest.raises(ParameterError):
            parse_pair(text)

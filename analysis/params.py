"""Validation of notebook parameters before they reach papermill.

Parameters become Python source in the executed notebook, so nothing but
known country codes, integer years and lists of known codes may pass.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from analysis import config
from analysis.codes import AGGREGATE_CODES, is_country

CODE_PATTERN = re.compile(r"^[A-Z]{3}$")
EARLIEST_YEAR = 1960


class ParameterError(ValueError):
    """A parameter value that the report cannot be built with."""


def country_code(value: object, name: str) -> str:
    if not isinstance(value, str) or not CODE_PATTERN.fullmatch(value):
        raise ParameterError(f"{name} must be an ISO 3166 alpha-3 code such as 'RUS', found {value!r}")
    if value in AGGREGATE_CODES:
        raise ParameterError(f"{name} must be a country, found the aggregate {value!r} ({config.entity_name(value)}); "
                             "a report compares two countries")
    if not is_country(value):
        raise ParameterError(f"{name} must be a known ISO 3166 alpha-3 code, found {value!r}")
    return value


def year(value: object, name: str) -> int:
    latest = dt.date.today().year
    if isinstance(value, bool) or not isinstance(value, int):
        raise ParameterError(f"{name} must be a whole year such as 2024, found {value!r}")
    if not EARLIEST_YEAR <= value <= latest:
        raise ParameterError(f"{name} must lie between {EARLIEST_YEAR} and {latest}, found {value}")
    return value


@dataclass(frozen=True)
class ReportParameters:
    country_a: str = config.DEFAULT_PAIR[0]
    country_b: str = config.DEFAULT_PAIR[1]
    start_year: int = config.DEFAULT_START_YEAR
    end_year: int = config.DEFAULT_END_YEAR
    comparators: tuple[str, ...] = field(default=config.DEFAULT_COMPARATORS)

    def __post_init__(self) -> None:
        country_code(self.country_a, "country_a")
        country_code(self.country_b, "country_b")
        if self.country_a == self.country_b:
            raise ParameterError(f"country_a and country_b must differ, both are {self.country_a!r}")
        year(self.start_year, "start_year")
        year(self.end_year, "end_year")
        if self.start_year >= self.end_year:
            raise ParameterError(f"start_year must come before end_year, found {self.start_year} and {self.end_year}")
        if not isinstance(self.comparators, (list, tuple)):
            raise ParameterError(f"comparators must be a list of country codes, found {self.comparators!r}")
        for position, code in enumerate(self.comparators):
            country_code(code, f"comparators[{position}]")

    @property
    def slug(self) -> str:
        return config.pair_slug(self.country_a, self.country_b)

    def as_papermill(self) -> dict[str, object]:
        return {"country_a": self.country_a, "country_b": self.country_b, "start_year": self.start_year,
                "end_year": self.end_year, "comparators": list(self.comparators)}


def parse_pair(text: str) -> tuple[str, str]:
    """'RUS-CHN' -> ('RUS', 'CHN'), refusing anything else."""
    parts = text.split("-")
    if len(parts) != 2:
        raise ParameterError(f"PAIR must look like RUS-CHN (two ISO alpha-3 codes joined by '-'), found {text!r}")
    return country_code(parts[0], "PAIR's first code"), country_code(parts[1], "PAIR's second code")

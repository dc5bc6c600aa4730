"""One place for paths and project-wide settings.

Every path in the project derives from ``PROJECT_ROOT``; no other module
builds a path from a string literal.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
# Verbatim excerpts of the publishers' files, one folder per source (analysis.sources).
PUBLISHER_DIR = DATA_DIR / "publisher"
# The publishers' whole files, kept beside the project and not part of it.
SHARED_DATA_DIR = PROJECT_ROOT.parent / "shared" / "data"
CATALOG_PATH = DATA_DIR / "catalog.yml"
CITATIONS_PATH = DATA_DIR / "citations.csv"

NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
# The build directory can be moved (tests build into a temporary directory).
BUILD_DIR = Path(os.environ.get("REPORT_BUILD_DIR", PROJECT_ROOT / "build"))
REPORTS_DIR = Path(os.environ.get("REPORT_OUTPUT_DIR", PROJECT_ROOT / "reports"))
TEMPLATES_DIR = Path(__file__).resolve().parent / "render" / "templates"
# Beside a pair's report: one CSV per figure and table and their datapackage.json.
REPORT_DATA_FOLDER = "data"
# Beside it, the claims ledger: one row per claim with its verdict.
LEDGER_FILE = "claims.csv"
# ...and the sources the ledger names, one row per source id with its citation.
SOURCES_FILE = "sources.csv"

# How long one notebook cell may run before the build stops it and names it: generous, as the
# slowest cell takes a few seconds. Set REPORT_CELL_TIMEOUT (seconds) to change it.
CELL_TIMEOUT_VARIABLE = "REPORT_CELL_TIMEOUT"
DEFAULT_CELL_TIMEOUT_SECONDS = 600


def cell_timeout() -> int:
    """The time limit per notebook cell, in seconds."""
    text = os.environ.get(CELL_TIMEOUT_VARIABLE, "").strip()
    if not text:
        return DEFAULT_CELL_TIMEOUT_SECONDS
    if not text.isdigit() or int(text) == 0:
        raise ValueError(f"{CELL_TIMEOUT_VARIABLE} must be a whole number of seconds above 0, found {text!r}")
    return int(text)


DEFAULT_PAIR = ("RUS", "CHN")
DEFAULT_START_YEAR = 1992
DEFAULT_END_YEAR = 2025
DEFAULT_COMPARATORS = ("USA", "IND")

# The "West" against which the pair's weight is compared (claim G2).
# The Group of Seven is a fixed, widely used definition of the Western
# industrial democracies; the European Union is shown as context only.
WESTERN_GROUP_NAME = "G7"
WESTERN_GROUP = ("USA", "JPN", "DEU", "GBR", "FRA", "ITA", "CAN")

WORLD = "WLD"

# The countries whose trade and votes the publishers' tables are cut to: every G20 member,
# every member of the SCO and of BRICS, and the report's comparators. A pair of any two of
# them can be judged from the publishers' series.
G20_MEMBERS = ("ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "KOR", "MEX", "RUS",
               "SAU", "ZAF", "TUR", "GBR", "USA")
SCO_MEMBERS = ("BLR", "CHN", "IND", "IRN", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB")
BRICS_MEMBERS = ("BRA", "CHN", "EGY", "ETH", "IDN", "IND", "IRN", "ARE", "RUS", "ZAF")
STUDY_COUNTRIES: tuple[str, ...] = tuple(sorted(set(G20_MEMBERS) | set(SCO_MEMBERS) | set(BRICS_MEMBERS)
                                                | set(DEFAULT_COMPARATORS)))

# NATO as the comparison for military spending (claim M3): its 32 members since Sweden joined
# in March 2024, held fixed over the years so that a change in the total is a change in spending,
# not in membership.
NATO_MEMBERS = ("ALB", "BEL", "BGR", "CAN", "HRV", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "ISL",
                "ITA", "LVA", "LTU", "LUX", "MNE", "NLD", "MKD", "NOR", "POL", "PRT", "ROU", "SVK", "SVN", "ESP",
                "SWE", "TUR", "GBR", "USA")
# Members without armed forces: SIPRI records their spending as 0, which the snapshot reads as
# "no estimate"; they add nothing to the total and are left out of it rather than leaving it undefined.
NO_ARMED_FORCES = ("ISL",)

# Names used in charts and tables. Codes are ISO 3166-1 alpha-3, plus the
# World Bank aggregate codes the data uses.
ENTITY_NAMES: dict[str, str] = {
    "RUS": "Russia",
    "CHN": "China",
    "USA": "United States",
    "IND": "India",
    "JPN": "Japan",
    "DEU": "Germany",
    "GBR": "United Kingdom",
    "FRA": "France",
    "ITA": "Italy",
    "CAN": "Canada",
    "IRN": "Iran",
    "BRA": "Brazil",
    "ZAF": "South Africa",
    "PAK": "Pakistan",
    "KAZ": "Kazakhstan",
    "PRK": "North Korea",
    "TUR": "Türkiye",
    "SAU": "Saudi Arabia",
    "WLD": "World",
    "EUU": "European Union",
    "G7": "G7",
    "NATO": "NATO",
}

# Each country's currency, named as in a sentence ("settle trade in rubles and yuan").
CURRENCY_NAMES: dict[str, str] = {
    "RUS": "rubles", "CHN": "yuan", "USA": "dollars", "IND": "rupees", "JPN": "yen", "DEU": "euros",
    "GBR": "pounds", "FRA": "euros", "ITA": "euros", "CAN": "Canadian dollars", "IRN": "rials", "BRA": "reais",
    "ZAF": "rand", "PAK": "rupees", "KAZ": "tenge", "PRK": "won", "TUR": "lira", "SAU": "riyals",
}


def currency_name(code: str) -> str:
    """The country's currency as a sentence names it, or "its own currency" where none is listed."""
    return CURRENCY_NAMES.get(code, f"{entity_name(code)}'s currency")


def currencies(country_a: str, country_b: str) -> str:
    """The two countries' currencies as a sentence names them ("rubles and yuan"; "euros" for a shared one)."""
    names = [currency_name(code) for code in (country_a, country_b)]
    return names[0] if names[0] == names[1] else f"{names[0]} and {names[1]}"


# Colours of the house chart style: one per role, not per country, so that
# a report for another pair reads the same way. The hues are Okabe and Ito's
# colour-blind safe set as seaborn's "colorblind" palette holds it (vermillion,
# reddish purple, bluish green, blue, sky blue), with greys for the rest.
COLOURS = {
    "pair": "#d55e00",
    "country_a": "#cc78bc",
    "country_b": "#029e73",
    "west": "#0173b2",
    "usa": "#56b4e9",
    "comparator": "#7f7f7f",
    "grid": "#d9d9d9",
}


def pair_slug(country_a: str, country_b: str) -> str:
    """The directory name of a pair's report, e.g. ``RUS-CHN``."""
    return f"{country_a}-{country_b}"


def entity_name(code: str) -> str:
    """A readable name for an entity code, falling back to the code itself."""
    return ENTITY_NAMES.get(code, code)

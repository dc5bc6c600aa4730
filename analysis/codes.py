"""Which entity codes the project accepts: ISO 3166-1 alpha-3, plus named aggregates.

Kept apart from the table schemas so that checking a parameter does not load pandas.
"""

from __future__ import annotations

from functools import lru_cache

# Codes that are not ISO 3166-1 countries but are used as entities: the World
# Bank aggregates and the named country groups of this project.
AGGREGATE_CODES = frozenset({"WLD", "EUU", "G7", "NATO"})


@lru_cache(maxsize=1)
def iso_alpha3_codes() -> frozenset[str]:
    """All ISO 3166-1 alpha-3 codes (from the ``pycountry`` package)."""
    import pycountry

    return frozenset(country.alpha_3 for country in pycountry.countries)


def is_country(code: str) -> bool:
    """Whether ``code`` is a country's (or territory's) ISO 3166-1 alpha-3 code."""
    return code in iso_alpha3_codes()


def is_known_entity(code: str) -> bool:
    return is_country(code) or code in AGGREGATE_CODES

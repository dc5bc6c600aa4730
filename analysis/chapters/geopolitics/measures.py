"""The geopolitics chapter's measures: each group's share of the world total and the pair's weight
against the West's, and the result the chapter returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import pandas as pd

from analysis import config
from analysis.claims.verdicts import Verdict
from analysis.data.indicators import group_total, share_of, wide

# The measures of weight, in the order they are shown.
WEIGHT_MEASURES: dict[str, str] = {
    "population": "Population",
    "gdp_usd": "GDP at market exchange rates",
    "gdp_ppp_usd": "GDP at purchasing-power parity",
    # SIPRI's figures as republished by the World Bank: the only series with a world total.
    "milex_wdi_usd": "Military spending",
}

# SIPRI's own database, newer than the World Bank's copy but without a world total:
# used for the latest levels of spending.
MILEX_LEVELS = "milex_usd"
ECONOMIC_MEASURES = ("gdp_ppp_usd", "gdp_usd")
RATIO_LABELS = {"gdp_ppp_usd": "at purchasing-power parity", "gdp_usd": "at market exchange rates"}

# Comparisons at a threshold ignore floating-point noise below this size.
TOLERANCE = 1e-9


def in_sentence(title: str) -> str:
    """A title for use inside a sentence: 'Population' -> 'population', 'GDP at ...' unchanged."""
    return title if title[:2].isupper() else title[0].lower() + title[1:]


@dataclass(frozen=True)
class Group:
    """A named set of entities whose figures are summed."""

    label: str
    members: tuple[str, ...]
    role: str  # colour role in the house style: pair, west, usa, comparator


def chapter_groups(country_a: str, country_b: str, comparators: Sequence[str]) -> list[Group]:
    """The pair, the Western group, and each comparator not already shown."""
    pair = Group(f"{config.entity_name(country_a)} + {config.entity_name(country_b)}", (country_a, country_b), "pair")
    groups = [pair, Group(config.WESTERN_GROUP_NAME, config.WESTERN_GROUP, "west")]
    for code in comparators:
        if code in pair.members or any(group.members == (code,) for group in groups):
            continue
        groups.append(Group(config.entity_name(code), (code,), "usa" if code == "USA" else "comparator"))
    return groups


def entities_needed(groups: Sequence[Group]) -> list[str]:
    codes = [config.WORLD]
    for group in groups:
        codes += [code for code in group.members if code not in codes]
    return codes


def world_shares(indicators: pd.DataFrame, groups: Sequence[Group], start_year: int, end_year: int) -> pd.DataFrame:
    """Each group's share of the world total per measure and year (long table).

    Columns: measure, group, year, share. A group's share is missing in any
    year where one of its members, or the world total, has no figure.
    """
    entities = entities_needed(groups)
    rows = []
    for measure in WEIGHT_MEASURES:
        table = wide(indicators, measure, entities, start_year, end_year)
        for group in groups:
            shares = share_of(group_total(table, group.members), table[config.WORLD])
            rows.append(pd.DataFrame({"measure": measure, "group": group.label,
                                      "year": shares.index.astype(int), "share": shares.to_numpy()}))
    return pd.concat(rows, ignore_index=True)


def latest_shares(shares: pd.DataFrame) -> pd.DataFrame:
    """For each measure and group: the latest year with a share, and that share."""
    present = shares.dropna(subset=["share"])
    latest = present.loc[present.groupby(["measure", "group"])["year"].idxmax()]
    return latest.reset_index(drop=True)


def gdp_ratio_to_west(indicators: pd.DataFrame, pair: Group, west: Group,
                      start_year: int, end_year: int) -> pd.DataFrame:
    """The pair's combined GDP as a fraction of the Western group's, by year.

    Columns: one per economic measure (``gdp_ppp_usd``, ``gdp_usd``), years as index.
    """
    ratios = {}
    for measure in ECONOMIC_MEASURES:
        table = wide(indicators, measure, list(pair.members) + list(west.members), start_year, end_year)
        ratios[measure] = share_of(group_total(table, pair.members), group_total(table, west.members))
    return pd.DataFrame(ratios)


@dataclass(frozen=True)
class GeopoliticsResult:
    """Everything the chapter shows, computed once from the indicator table."""

    groups: list[Group]
    shares: pd.DataFrame
    latest: pd.DataFrame
    ratios: pd.DataFrame
    sources: dict[str, list[str]]  # figure -> source ids: 'shares', 'ratios' and 'all'
    gaps: dict[str, dict[str, list[int]]]
    verdicts: list[Verdict]
    spending: tuple[int, float, float] | None  # SIPRI: (year, pair total, US total)

    @property
    def pair(self) -> Group:
        return self.groups[0]


def sources_of(by_measure: dict[str, list[str]], measures: Sequence[str]) -> list[str]:
    """The source ids behind the figures of the given measures."""
    return sorted({source for measure in measures for source in by_measure.get(measure, [])})


def spending_against(indicators: pd.DataFrame, pair: Group, reference: Group,
                     end_year: int) -> tuple[int, float, float] | None:
    """(year, pair total, reference total) of SIPRI military spending, latest year with all figures."""
    table = wide(indicators, MILEX_LEVELS, list(pair.members) + list(reference.members), end_year=end_year)
    pair_total, reference_total = group_total(table, pair.members), group_total(table, reference.members)
    both = (pair_total.notna() & reference_total.notna())
    if not both.any():
        return None
    year = int(both[both].index.max())
    return year, float(pair_total.loc[year]), float(reference_total.loc[year])

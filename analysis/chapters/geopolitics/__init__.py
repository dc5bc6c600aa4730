"""Global weight of the pair (claims G1 and G2).

G1: the pair's combined population, output and military spending make it
globally consequential. Measured as the pair's combined share of the world
total of each measure in the latest year with data.

G2: the pair pushes toward a world less dominated by the West. Data cannot
measure intent; it can measure the economic weight that would make such a
push effective: the pair's combined GDP as a fraction of the Western group's,
and how that fraction moved over the last two decades.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import pandas as pd

from analysis import config
from analysis.data.indicators import (change_over, describe_year_ranges, group_total, latest_year, missing_years,
                         share_of, wide)
from analysis.claims.verdicts import INSUFFICIENT_DATA, NOT_SUPPORTED, PARTLY_SUPPORTED, SUPPORTED, Verdict, all_some_none, percent

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

# G1: a measure counts as "globally consequential" at this share of the world.
G1_SHARE_THRESHOLD = 0.10
# G1 is partly supported when at least this many measures reach the threshold.
G1_PARTLY_MIN_MEASURES = 2
# G1 needs at least this many measures with data to be judged at all.
G1_MIN_MEASURES_WITH_DATA = 3

# G2: compare the latest year with this many years earlier...
G2_WINDOW_YEARS = 20
# ...and count a rise of the pair/West GDP ratio of at least this much as a shift.
G2_MIN_RISE = 0.10
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


def verdict_g1(pair_shares: dict[str, tuple[float, int]], sources: Sequence[str]) -> Verdict:
    """G1 from the pair's latest share of the world for each measure.

    ``pair_shares`` maps measure -> (share as a fraction, year).
    """
    rule = (f"supported if the pair holds at least {percent(G1_SHARE_THRESHOLD, 0)} of the world total on every "
            f"measure ({', '.join(in_sentence(title) for title in WEIGHT_MEASURES.values())}); partly supported if on at least "
            f"{G1_PARTLY_MIN_MEASURES}; not supported otherwise; insufficient data with fewer than "
            f"{G1_MIN_MEASURES_WITH_DATA} measures")
    metric = "combined share of the world total (latest year)"
    shown = "; ".join(f"{in_sentence(WEIGHT_MEASURES[m])} {percent(share)} ({year})" for m, (share, year) in pair_shares.items())
    if len(pair_shares) < G1_MIN_MEASURES_WITH_DATA:
        return Verdict("G1", INSUFFICIENT_DATA, metric, shown or "no data", rule,
                       f"only {len(pair_shares)} of {len(WEIGHT_MEASURES)} measures have data", tuple(sources))
    above = [m for m, (share, _) in pair_shares.items() if share >= G1_SHARE_THRESHOLD - TOLERANCE]
    if len(above) == len(WEIGHT_MEASURES):
        verdict = SUPPORTED
    elif len(above) >= G1_PARTLY_MIN_MEASURES:
        verdict = PARTLY_SUPPORTED
    else:
        verdict = NOT_SUPPORTED
    reason = (f"{len(above)} of {len(WEIGHT_MEASURES)} measures reach {percent(G1_SHARE_THRESHOLD, 0)} "
              f"of the world total")
    if len(pair_shares) < len(WEIGHT_MEASURES):
        reason += f" ({len(WEIGHT_MEASURES) - len(pair_shares)} measure(s) without data)"
    return Verdict("G1", verdict, metric, shown, rule, reason, tuple(sources))


def verdict_g2(ratios: pd.DataFrame, sources: Sequence[str]) -> Verdict:
    """G2 from the change of the pair/West GDP ratios over ``G2_WINDOW_YEARS`` years."""
    rule = (f"supported if the pair's GDP as a fraction of the {config.WESTERN_GROUP_NAME}'s rose by at least "
            f"{G2_MIN_RISE:.2f} over the last {G2_WINDOW_YEARS} years both at purchasing-power parity and at "
            f"market exchange rates; partly supported if on one of the two; not supported if on neither")
    metric = f"pair GDP / {config.WESTERN_GROUP_NAME} GDP, change over {G2_WINDOW_YEARS} years"
    changes: dict[str, tuple[float, float, int]] = {}
    for measure in ECONOMIC_MEASURES:
        series = ratios[measure]
        end = latest_year(series)
        if end is None:
            continue
        change = change_over(series, end, G2_WINDOW_YEARS)
        if change is not None:
            changes[measure] = (float(series.loc[end]), change, end)
    if len(changes) < len(ECONOMIC_MEASURES):
        return Verdict("G2", INSUFFICIENT_DATA, metric, "no complete window", rule,
                       f"a {G2_WINDOW_YEARS}-year window of GDP figures is missing for the pair or the "
                       f"{config.WESTERN_GROUP_NAME}", tuple(sources))
    shown = "; ".join(f"{RATIO_LABELS[m]} {level:.2f} in {end} ({change:+.2f})" for m, (level, change, end) in changes.items())
    rising = [m for m, (_, change, _) in changes.items() if change >= G2_MIN_RISE - TOLERANCE]
    verdict = all_some_none(len(rising), len(ECONOMIC_MEASURES))
    reason = (f"the ratio rose by at least {G2_MIN_RISE:.2f} on {len(rising)} of 2 measures; data shows economic "
              f"weight, not intent")
    return Verdict("G2", verdict, metric, shown, rule, reason, tuple(sources))


@dataclass(frozen=True)
class WeightAnalysis:
    """Everything the chapter shows, computed once from the indicator table."""

    groups: list[Group]
    shares: pd.DataFrame
    latest: pd.DataFrame
    ratios: pd.DataFrame
    source_ids: list[str]
    source_ids_by_measure: dict[str, list[str]]
    gaps: dict[str, dict[str, list[int]]]
    verdicts: list[Verdict]
    spending: tuple[int, float, float] | None  # SIPRI: (year, pair total, US total)

    @property
    def pair(self) -> Group:
        return self.groups[0]

    def sources(self, *measures: str) -> list[str]:
        """The source ids behind the figures of the given measures (all measures if none given)."""
        chosen = measures or tuple(self.source_ids_by_measure)
        return sorted({source for measure in chosen for source in self.source_ids_by_measure.get(measure, [])})


def analyse(indicators: pd.DataFrame, country_a: str, country_b: str, start_year: int, end_year: int,
            comparators: Sequence[str]) -> WeightAnalysis:
    """Shares of the world, the pair/West GDP ratio and the verdicts for G1 and G2."""
    groups = chapter_groups(country_a, country_b, comparators)
    pair, west = groups[0], groups[1]
    entities = entities_needed(groups)
    used = indicators[indicators["indicator"].isin([*WEIGHT_MEASURES, MILEX_LEVELS]) & indicators["entity"].isin(entities)
                      & indicators["year"].between(start_year, end_year) & (indicators["partner"] == "")]
    source_ids = sorted(used["source_id"].unique())
    by_measure = {measure: sorted(rows["source_id"].unique()) for measure, rows in used.groupby("indicator")}
    shares = world_shares(indicators, groups, start_year, end_year)
    latest = latest_shares(shares)
    ratios = gdp_ratio_to_west(indicators, pair, west, start_year, end_year)
    gaps = {measure: missing_years(wide(indicators, measure, entities, start_year, end_year), start_year, end_year)
            for measure in WEIGHT_MEASURES}
    pair_latest = latest[latest["group"] == pair.label]
    pair_shares = {row.measure: (float(row.share), int(row.year)) for row in pair_latest.itertuples()}
    pair_shares = {measure: pair_shares[measure] for measure in WEIGHT_MEASURES if measure in pair_shares}
    verdicts = [verdict_g1(pair_shares, source_ids), verdict_g2(ratios, source_ids)]
    spending = spending_against(indicators, pair, Group("United States", ("USA",), "usa"), end_year)
    return WeightAnalysis(groups, shares, latest, ratios, source_ids, by_measure, gaps, verdicts, spending)


def latest_share_table(analysis: WeightAnalysis) -> pd.DataFrame:
    """Measures as rows, groups as columns, cells like '19.3 % (2023)'."""
    cells = {(row.measure, row.group): f"{percent(row.share)} ({row.year})" for row in analysis.latest.itertuples()}
    return pd.DataFrame(
        [[title] + [cells.get((measure, group.label), "no data") for group in analysis.groups]
         for measure, title in WEIGHT_MEASURES.items()],
        columns=["Share of world total"] + [group.label for group in analysis.groups],
    )


def gap_statement(analysis: WeightAnalysis) -> str:
    """Plain words on which figures are missing in the chapter's years, or that none are.

    Years missing for every entity of a measure (the release used ends earlier) are
    named once per measure; gaps of single entities are listed after them.
    """
    entity_count = len(entities_needed(analysis.groups))
    parts = []
    for measure, by_entity in analysis.gaps.items():
        label = in_sentence(WEIGHT_MEASURES[measure])
        everywhere: set[int] = set()
        if len(by_entity) == entity_count:
            everywhere = set.intersection(*(set(years) for years in by_entity.values()))
        if everywhere:
            parts.append(f"{label} for every country in {describe_year_ranges(sorted(everywhere))} "
                         f"(not in the publisher's release used)")
        for entity, years in by_entity.items():
            remaining = sorted(set(years) - everywhere)
            if remaining:
                parts.append(f"{label} for {config.entity_name(entity)} in {describe_year_ranges(remaining)}")
    if not parts:
        return "Every figure this chapter needs is present for every year shown."
    return ("Figures missing from the snapshot (left blank, never filled in): " + "; ".join(parts)
            + ". A group's share is shown only in years where all its members have a figure.")


def headline(analysis: WeightAnalysis) -> dict[str, object]:
    """The figures the executive summary quotes."""
    pair_latest = analysis.latest[analysis.latest["group"] == analysis.pair.label]
    figures: dict[str, object] = {
        f"world_share_{row.measure}": {"value": round(float(row.share), 4), "year": int(row.year)}
        for row in pair_latest.itertuples()
    }
    for measure in ECONOMIC_MEASURES:
        series = analysis.ratios[measure]
        end = latest_year(series)
        if end is not None:
            figures[f"ratio_to_west_{measure}"] = {"value": round(float(series.loc[end]), 4), "year": end}
    if analysis.spending is not None:
        year, pair_total, us_total = analysis.spending
        figures["milex_usd_pair"] = {"value": pair_total, "year": year}
        figures["milex_usd_usa"] = {"value": us_total, "year": year}
    return figures


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


def key_findings(analysis: WeightAnalysis) -> str:
    """Three sentences: the pair's latest shares, its GDP against the West, its military spending."""
    pair_latest = analysis.latest[analysis.latest["group"] == analysis.pair.label]
    if pair_latest.empty:
        return f"The snapshot holds no figures for {analysis.pair.label} in the years asked for."
    shares = "; ".join(f"{in_sentence(WEIGHT_MEASURES[row.measure])} {percent(row.share)} ({row.year})"
                       for row in pair_latest.sort_values("measure", key=lambda m: m.map(list(WEIGHT_MEASURES).index))
                       .itertuples())
    text = f"{analysis.pair.label}, share of the world total: {shares}."
    ratio = analysis.ratios["gdp_ppp_usd"]
    end = latest_year(ratio)
    if end is not None:
        text += (f" In {end} their combined GDP at purchasing-power parity was {ratio.loc[end]:.2f} times the "
                 f"{config.WESTERN_GROUP_NAME}'s.")
    if analysis.spending is not None:
        year, pair_total, us_total = analysis.spending
        text += (f" In {year} they spent {usd_billions(pair_total)} on their militaries together, "
                 f"{pair_total / us_total:.2f} times the United States' {usd_billions(us_total)} (SIPRI).")
    return text


def usd_billions(value: float) -> str:
    """1.2345e11 -> 'US$123 bn'."""
    return f"US${value / 1e9:,.0f} bn"

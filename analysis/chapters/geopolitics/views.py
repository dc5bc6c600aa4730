"""What the geopolitics chapter shows: tables and statements made from its result, and its headline figures."""

from __future__ import annotations

import pandas as pd

from analysis import config
from analysis.claims.verdicts import percent
from analysis.data.indicators import describe_year_ranges, latest_year, years_drawn  # noqa: F401 (for the notebook)
from analysis.chapters.geopolitics.measures import (ECONOMIC_MEASURES, WEIGHT_MEASURES, entities_needed,
                                                    in_sentence, GeopoliticsResult)

def latest_share_table(result: GeopoliticsResult) -> pd.DataFrame:
    """Measures as rows, groups as columns, cells like '19.3 % (2023)'."""
    cells = {(row.measure, row.group): f"{percent(row.share)} ({row.year})" for row in result.latest.itertuples()}
    return pd.DataFrame(
        [[title] + [cells.get((measure, group.label), "no data") for group in result.groups]
         for measure, title in WEIGHT_MEASURES.items()],
        columns=["Share of world total"] + [group.label for group in result.groups],
    )


def gap_statement(result: GeopoliticsResult) -> str:
    """Plain words on which figures are missing in the chapter's years, or that none are.

    Years missing for every entity of a measure (the release used ends earlier) are
    named once per measure; gaps of single entities are listed after them.
    """
    entity_count = len(entities_needed(result.groups))
    parts = []
    for measure, by_entity in result.gaps.items():
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
    return ("Figures missing from the publishers' releases used (left blank, never estimated): " + "; ".join(parts)
            + ". A group's share is shown only in years where all its members have a figure.")


def headline(result: GeopoliticsResult) -> dict[str, object]:
    """The figures the executive summary quotes."""
    pair_latest = result.latest[result.latest["group"] == result.pair.label]
    figures: dict[str, object] = {
        f"world_share_{row.measure}": {"value": round(float(row.share), 4), "year": int(row.year)}
        for row in pair_latest.itertuples()
    }
    for measure in ECONOMIC_MEASURES:
        series = result.ratios[measure]
        end = latest_year(series)
        if end is not None:
            figures[f"ratio_to_west_{measure}"] = {"value": round(float(series.loc[end]), 4), "year": end}
    if result.spending is not None:
        year, pair_total, us_total = result.spending
        figures["milex_usd_pair"] = {"value": pair_total, "year": year}
        figures["milex_usd_usa"] = {"value": us_total, "year": year}
    return figures


def key_findings(result: GeopoliticsResult) -> str:
    """Three sentences: the pair's latest shares, its GDP against the West, its military spending."""
    pair_latest = result.latest[result.latest["group"] == result.pair.label]
    if pair_latest.empty:
        return f"The data hold no figures for {result.pair.label} in the years covered."
    shares = "; ".join(f"{in_sentence(WEIGHT_MEASURES[row.measure])} {percent(row.share)} ({row.year})"
                       for row in pair_latest.sort_values("measure", key=lambda m: m.map(list(WEIGHT_MEASURES).index))
                       .itertuples())
    text = f"{result.pair.label}, share of the world total: {shares}."
    ratio = result.ratios["gdp_ppp_usd"]
    end = latest_year(ratio)
    if end is not None:
        text += (f" In {end} their combined GDP at purchasing-power parity was {ratio.loc[end]:.2f} times the "
                 f"{config.WESTERN_GROUP_NAME}'s.")
    if result.spending is not None:
        year, pair_total, us_total = result.spending
        text += (f" In {year} they spent {usd_billions(pair_total)} on their militaries together, "
                 f"{pair_total / us_total:.2f} times the United States' {usd_billions(us_total)} (SIPRI).")
    return text


def usd_billions(value: float) -> str:
    """1.2345e11 -> 'US$123 bn'."""
    return f"US${value / 1e9:,.0f} bn"

"""Generic computations on the long indicator table.

All functions are pure: they take the long table (or a wide table derived
from it) and return new tables. Missing figures stay missing: a group total
is only formed for years in which every member has a figure.
"""

from __future__ import annotations

from typing import Iterable, Sequence

import pandas as pd


def select(indicators: pd.DataFrame, indicator: str, entities: Iterable[str] | None = None,
           start_year: int | None = None, end_year: int | None = None, partner: str = "") -> pd.DataFrame:
    """Rows of one indicator, optionally limited to entities and a year range."""
    rows = indicators[(indicators["indicator"] == indicator) & (indicators["partner"] == partner)]
    if entities is not None:
        rows = rows[rows["entity"].isin(list(entities))]
    if start_year is not None:
        rows = rows[rows["year"] >= start_year]
    if end_year is not None:
        rows = rows[rows["year"] <= end_year]
    return rows


def wide(indicators: pd.DataFrame, indicator: str, entities: Sequence[str],
         start_year: int | None = None, end_year: int | None = None) -> pd.DataFrame:
    """Years as rows, entities as columns (in the order asked), gaps as NaN."""
    rows = select(indicators, indicator, entities, start_year, end_year)
    table = rows.pivot(index="year", columns="entity", values="value")
    return table.reindex(columns=list(entities)).sort_index()


def group_total(table: pd.DataFrame, members: Sequence[str]) -> pd.Series:
    """Sum of the members' columns, NaN in any year where a member has no figure."""
    missing = [member for member in members if member not in table.columns]
    if missing:
        return pd.Series(float("nan"), index=table.index)
    return table[list(members)].sum(axis=1, min_count=len(members))


def share_of(part: pd.Series, whole: pd.Series) -> pd.Series:
    """``part / whole`` by year, as a fraction; NaN where either is missing or whole is zero."""
    aligned_whole = whole.reindex(part.index)
    return (part / aligned_whole.where(aligned_whole != 0)).rename(None)


def change_over(series: pd.Series, end_year: int, years: int) -> float | None:
    """Difference between the value at ``end_year`` and ``years`` earlier (None if either is missing)."""
    start_year = end_year - years
    if end_year not in series.index or start_year not in series.index:
        return None
    later, earlier = series.loc[end_year], series.loc[start_year]
    if pd.isna(later) or pd.isna(earlier):
        return None
    return float(later - earlier)


def latest_year(series: pd.Series) -> int | None:
    """The last year with a figure, or None if the series is empty."""
    present = series.dropna()
    return int(present.index.max()) if not present.empty else None


def missing_years(table: pd.DataFrame, start_year: int, end_year: int) -> dict[str, list[int]]:
    """For each column, the years in ``start_year..end_year`` that have no figure."""
    years = range(start_year, end_year + 1)
    full = table.reindex(years)
    return {str(column): [int(year) for year in full.index[full[column].isna()]] for column in full.columns
            if full[column].isna().any()}


def years_drawn(frame: pd.DataFrame | pd.Series, value: str = "share") -> str:
    """The first and last year with a figure ('1992–2024'): a table by year, or long rows with a 'year'
    column and a ``value`` column; empty where nothing has a figure."""
    if isinstance(frame, pd.DataFrame) and "year" in frame.columns:
        years = frame.loc[frame[value].notna(), "year"] if value in frame else frame["year"]
    else:
        present = frame.notna() if isinstance(frame, pd.Series) else frame.notna().any(axis=1)
        years = pd.Series(frame.index[present])
    if years.empty:
        return ""
    first, last = int(years.min()), int(years.max())
    return str(first) if first == last else f"{first}–{last}"


def describe_year_ranges(years: list[int]) -> str:
    """Compress years into ranges for prose: [1992, 1993, 1994, 2001] -> '1992–1994, 2001'."""
    if not years:
        return ""
    years = sorted(years)
    parts, start, previous = [], years[0], years[0]
    for year in years[1:] + [None]:
        if year is not None and year == previous + 1:
            previous = year
            continue
        parts.append(str(start) if start == previous else f"{start}–{previous}")
        if year is not None:
            start = previous = year
    return ", ".join(parts)

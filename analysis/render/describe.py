"""Words for what a chart draws, taken from the numbers it draws: the years in its title and its alt text.

A title ends with the span of years drawn, so that it can never name years the chart does not show; the alt
text says what kind of chart it is, what it draws and which years each series covers, gaps included.
"""

from __future__ import annotations

import re
from typing import Iterable, Mapping

import pandas as pd

YEAR = r"(?:1[89]|20)\d\d"
# A span of years ending a title ("..., 1992–2025" or "(2000-2010)"): the chart puts the years drawn in its place.
TRAILING_SPAN = re.compile(rf"(?:[,:]\s*\(?|\s+\(){YEAR}(?:\s*[–-]\s*{YEAR})?\)?\s*$")


def whole_years(values: Iterable) -> list[int]:
    """The distinct years in ``values`` (years, or dates), in order."""
    series = pd.Series(list(values))
    if pd.api.types.is_datetime64_any_dtype(series):
        series = series.dt.year
    return sorted({int(year) for year in pd.to_numeric(series, errors="coerce").dropna()})


def span(years: Iterable) -> str:
    """'1992–2025', or '2020' for a single year; empty without years."""
    found = whole_years(years)
    if not found:
        return ""
    return str(found[0]) if found[0] == found[-1] else f"{found[0]}–{found[-1]}"


def year_ranges(years: Iterable) -> str:
    """The years as unbroken runs: '1992–2014, 2017, 2019–2024'."""
    runs: list[list[int]] = []
    for year in whole_years(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)


def titled(title: str, years: Iterable, drawn: str = "") -> str:
    """``title`` ending with the span of ``years`` drawn (or ``drawn``, a description of them), in place of any
    span of years it ended with."""
    years_drawn = drawn or span(years)
    bare = TRAILING_SPAN.sub("", title).rstrip(" ,:")
    return f"{bare}, {years_drawn}" if years_drawn else bare


def listed(items: Iterable) -> str:
    """'2014', '2014 and 2022', '2008, 2014 and 2022'."""
    words = [str(item) for item in items]
    return " and ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)


def series_years(points: pd.DataFrame, x: str = "year") -> dict[str, list[int]]:
    """Per series (column ``series``), the years with a figure, series in first-seen order."""
    shown = points.dropna(subset=["value"]) if "value" in points else points
    return {str(name): whole_years(group[x]) for name, group in shown.groupby("series", sort=False)}


def alt_text(kind: str, title: str, series: Mapping[str, Iterable], noun: str = "Lines", extra: str = "") -> str:
    """'Line chart: <title>. Lines: A in 1992–2024; B in 2014, 2017 and 2019–2024.' and ``extra``, a sentence
    on the rest drawn (reference lines, marks, bands)."""
    described = "; ".join(f"{name} in {listed(ranges.split(', '))}" for name, years in series.items()
                          if (ranges := year_ranges(years)))
    text = f"{kind}: {title}."
    if described:
        text += f" {noun}: {described}."
    return f"{text} {extra}".strip()

"""The charts: every kind leaves a missing year open, is drawn on the house theme, and says in its title and
alt text which years it draws."""

from __future__ import annotations

import html
from types import SimpleNamespace

import matplotlib
import numpy as np
import pandas as pd
import pytest
import seaborn as sns
from matplotlib.collections import PolyCollection
from matplotlib.colors import to_hex
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from analysis import config
from analysis.render import charts, describe, figures

YEARS = [2000, 2001, 2002, 2004, 2005]  # 2003 is missing
BEFORE, GAP, AFTER = 2002, 2003, 2004
DRAWN = "2000–2002 and 2004–2005"  # how the alt text gives the years of a series with the gap


def wide(values: dict[str, list[float]], index=YEARS) -> pd.DataFrame:
    return pd.DataFrame(values, index=pd.Index(index, name="year"))


def projection(table: pd.DataFrame):
    return SimpleNamespace(fitted_years=(2000, 2005), table=table)


def projection_table(years=YEARS, observed=None) -> pd.DataFrame:
    trend = np.linspace(1.0, 2.0, len(years))
    return wide({"value": observed if observed is not None else trend * 1.1, "trend": trend, "lower": trend * 0.8,
                 "upper": trend * 1.2}, index=years)


SHARES = pd.DataFrame([(measure, group, year, share) for measure in ("m1", "m2", "m3", "m4")
                       for group, share in (("Pair", 0.1), ("G7", 0.4), ("India", 0.05)) for year in YEARS],
                      columns=["measure", "group", "year", "share"])
GROUPS = [SimpleNamespace(label="Pair", role="pair"), SimpleNamespace(label="G7", role="west"),
          SimpleNamespace(label="India", role="comparator")]
STATED = pd.DataFrame({"when": pd.to_datetime(["2019-03-01", "2020-06-30", "2022-05-01", "2023-01-15"]),
                       "series": "s", "share": [0.2, 0.3, 0.5, 0.6],
                       "qualifier": ["", "", "more than", ""], "source_id": "x"})

# One call per public chart function, each fed figures with 2003 missing between 2002 and 2004.
GAPPED = {
    "share_of_world_panels": lambda: charts.share_of_world_panels(
        SHARES, GROUPS, {"m1": "One", "m2": "Two", "m3": "Three", "m4": "Four"}, caption="c", source_ids=[]),
    "ratio_chart": lambda: charts.ratio_chart(
        wide({"ppp": [1, 2, 3, 4, 5], "mer": [0.5, 1, 1.5, 2, 2.5]}), {"ppp": "at PPP", "mer": "at MER"},
        title="Ratio", caption="c", source_ids=[]),
    "projection_chart": lambda: charts.projection_chart(projection(projection_table()), title="Projected",
                                                        caption="c", source_ids=[]),
    "stacked_bars": lambda: charts.stacked_bars(wide({"x": [1, 2, 1, 3, 1], "y": [0, 1, 2, 1, 1]}), title="Counts",
                                                caption="c", source_ids=[], ylabel="drafts"),
    "step_lines": lambda: charts.step_lines(wide({"SCO": [6, 6, 6, 8, 8], "BRICS": [4, 5, 5, 5, 9]}),
                                            title="Members", caption="c", source_ids=[], ylabel="members"),
    "period_bars": lambda: charts.period_bars(
        pd.DataFrame({"part": [4.0, np.nan, 3.0], "whole": [5.0, np.nan, 6.0], "share": [0.8, np.nan, 0.5]},
                     index=["1995–1999", "2000–2004", "2005–2009"]),
        part="part", whole="whole", share="share", labels={"part": "from the supplier", "whole": "all"},
        title="Arms", caption="c", source_ids=[], ylabel="TIV"),
    "level_lines": lambda: charts.level_lines(
        wide({"a": [1e9, 2e9, 3e9, 4e9, 5e9], "b": [2e9, 2e9, 2e9, 1e9, 1e9]}), {"a": "A", "b": "B"},
        title="Levels, US$ bn", caption="c", source_ids=[], breaks=(2001,)),
    "share_lines": lambda: charts.share_lines(
        wide({"a": [0.1, 0.2, 0.3, 0.4, 0.5], "b": [0.5, 0.4, 0.3, 0.2, 0.1]}), {"a": "A", "b": "B"},
        title="Shares", caption="c", source_ids=[]),
    "bars_against_capacity": lambda: charts.bars_against_capacity(
        pd.Series([1e9, 2e9, 3e9, 4e9, 5e9], index=YEARS), 6e9, title="Gas, bcm a year", caption="c", source_ids=[]),
    "dated_shares": lambda: charts.dated_shares(STATED, {"s": "stated share"}, title="Stated", caption="c",
                                                source_ids=[]),
}


def bridges(fig: Figure, before: float, after: float) -> list:
    """The drawn lines and bands that join a point at or before ``before`` to one at or after ``after``."""
    found = []
    for ax in fig.axes:
        for line in ax.lines:
            xy = np.asarray(line.get_xydata(), dtype=float)
            for run in np.split(xy, np.flatnonzero(~np.isfinite(xy).all(axis=1))):
                run = run[np.isfinite(run).all(axis=1)]
                if any(x0 <= before and x1 >= after for x0, x1 in zip(run[:-1, 0], run[1:, 0])):
                    found.append(line)
        for band in (c for c in ax.collections if isinstance(c, PolyCollection)):
            for path in band.get_paths():
                xs = path.vertices[:, 0]
                if xs.min() <= before and xs.max() >= after:
                    found.append(band)
    return found


def drawn_years(fig: Figure) -> set[float]:
    """The x of every point of every line drawn."""
    return {x for ax in fig.axes for line in ax.lines for x, y in line.get_xydata() if np.isfinite(y)}


def bars_over(fig: Figure, x: float) -> list[Rectangle]:
    """The bars with a height that stand over ``x``."""
    return [patch for ax in fig.axes for patch in ax.patches if isinstance(patch, Rectangle) and patch.get_height() > 0
            and patch.get_x() < x < patch.get_x() + patch.get_width()]


def test_every_public_chart_function_is_fed_a_gap():
    public = set(charts.__all__) - {"ReportFigure", "source_line"}
    assert public == set(GAPPED)


@pytest.mark.parametrize("name", sorted(GAPPED))
def test_no_chart_bridges_a_missing_year(name):
    chart = GAPPED[name]()
    fig = chart.figure
    assert isinstance(fig, Figure)
    if name == "dated_shares":  # statements in 2019, 2020, 2022 and 2023: none in 2021
        before, after = date2num(pd.Timestamp("2020-06-30")), date2num(pd.Timestamp("2022-05-01"))
        assert {before, after} <= drawn_years(fig)
        assert not bridges(fig, before, after)
        assert bridges(fig, date2num(pd.Timestamp("2019-03-01")), before), "consecutive years are joined"
        assert "in 2019–2020 and 2022–2023" in chart.alt
    elif name == "period_bars":  # the middle period has no figures: its place stays, empty
        ax = fig.axes[0]
        assert [label.get_text() for label in ax.get_xticklabels()] == ["1995–1999", "2000–2004", "2005–2009"]
        assert bars_over(fig, 0) and bars_over(fig, 2) and not bars_over(fig, 1)
        assert "No figures for 2000–2004" in chart.alt
    elif name in ("stacked_bars", "bars_against_capacity"):
        assert bars_over(fig, BEFORE) and bars_over(fig, AFTER) and not bars_over(fig, GAP)
    else:
        assert {BEFORE, AFTER} <= drawn_years(fig)
        assert not bridges(fig, BEFORE, AFTER), f"{name} joins {BEFORE} and {AFTER} across {GAP}"
        assert DRAWN in chart.alt
    assert chart.alt.split(":")[0] in ("Line chart", "Line charts in 4 panels", "Line chart with a projection",
                                       "Stacked bar chart", "Step chart", "Bar chart", "Dot chart of stated shares")
    assert f'alt="{html.escape(chart.alt)}"' in chart._repr_html_()


def test_the_check_finds_a_line_drawn_across_the_gap():
    fig = Figure()
    fig.subplots().plot(YEARS, [1, 2, 3, 4, 5])
    assert bridges(fig, BEFORE, AFTER)
    fig = Figure()
    fig.subplots().plot(range(2000, 2006), [1, 2, 3, np.nan, 4, 5])
    assert not bridges(fig, BEFORE, AFTER)


def test_a_projection_keeps_the_trend_but_leaves_a_missing_observation_open():
    observed = [1.0, 1.1, 1.2, np.nan, 1.4, 1.5]
    chart = charts.projection_chart(projection(projection_table(range(2000, 2006), observed)), title="P",
                                    caption="c", source_ids=[])
    observed_lines = [line for line in chart.figure.axes[0].lines if to_hex(line.get_color()) ==
                      config.COLOURS["country_b"] and len(line.get_xdata())]
    assert observed_lines and not any(bridges_line(line) for line in observed_lines)
    trend = [line for line in chart.figure.axes[0].lines if line.get_linestyle() == "--" and len(line.get_xdata())]
    assert len(trend) == 1 and list(trend[0].get_xdata()) == list(range(2000, 2006)), "the trend has every year"
    assert "observed 2000–2005, trend to 2005" in chart.figure.axes[0].get_title(loc="left")
    assert "observed in 2000–2002 and 2004–2005" in chart.alt


def bridges_line(line) -> bool:
    fig = Figure()
    fig.subplots().plot(line.get_xdata(), line.get_ydata())
    return bool(bridges(fig, BEFORE, AFTER))


def chart_colours(fig: Figure) -> set[str]:
    colours = set()
    for ax in fig.axes:
        colours |= {to_hex(line.get_color()) for line in ax.lines if len(line.get_xdata())}
        colours |= {to_hex(patch.get_facecolor()) for patch in ax.patches if patch.get_height() > 0}
    return colours


HOUSE_COLOURS = {*config.COLOURS.values(), *figures.CATEGORY_PALETTE, "#000000"}


@pytest.mark.parametrize("name", sorted(GAPPED))
def test_charts_are_drawn_on_the_house_theme_whatever_the_settings_around_them(name):
    foreign = {"axes.prop_cycle": matplotlib.cycler(color=["#123456", "#abcdef"]), "font.family": "serif",
               "font.serif": ["DejaVu Serif"], "axes.facecolor": "#eaeaf2", "lines.linewidth": 5.0}
    with sns.axes_style("darkgrid"), matplotlib.rc_context(foreign):
        chart = GAPPED[name]()
    fig = chart.figure
    assert chart_colours(fig) and chart_colours(fig) <= HOUSE_COLOURS, chart_colours(fig) - HOUSE_COLOURS
    assert fig.get_layout_engine().__class__.__name__ == "ConstrainedLayoutEngine"
    for ax in fig.axes:
        assert to_hex(ax.get_facecolor()) == "#ffffff"
        titles = [text for text in ax.findobj(Text) if text.get_text() == ax.get_title(loc="left")]
        assert titles and all(title.get_fontweight() == "bold" for title in titles)
    written = [text for text in fig.findobj(Text) if text.get_text().strip()]
    assert written and {text.get_fontname() for text in written} == {"DejaVu Sans"}


def test_the_house_colours_are_colour_blind_safe():
    """Every hue is one of Okabe and Ito's, as seaborn's colour-blind palette holds them; the rest are greys."""
    safe = set(sns.color_palette("colorblind").as_hex())
    for colour in [*config.COLOURS.values(), *figures.CATEGORY_PALETTE]:
        red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
        assert colour in safe or red == green == blue, colour
    roles = [config.COLOURS[role] for role in ("pair", "country_a", "country_b", "west", "usa", "comparator")]
    assert len(set(roles)) == len(roles), "each role has a colour of its own"


def test_titles_end_with_the_years_drawn():
    assert describe.titled("Goods trade, US$ bn", [1992, 1993, 2024]) == "Goods trade, US$ bn, 1992–2024"
    assert describe.titled("Goods trade, 1990–2030", [2001, 2002]) == "Goods trade, 2001–2002"
    assert describe.titled("Members (1990-2030)", [2005]) == "Members, 2005"
    assert describe.titled("Members in 2025", [2024, 2025]) == "Members in 2025, 2024–2025"
    titles = {name: GAPPED[name]().figure for name in ("level_lines", "stacked_bars", "dated_shares")}
    assert titles["level_lines"].axes[0].get_title(loc="left") == "Levels, US$ bn, 2000–2005"
    assert titles["stacked_bars"].axes[0].get_title(loc="left") == "Counts, 2000–2005"
    assert titles["dated_shares"].axes[0].get_title(loc="left") == "Stated, 2019–2023"


def test_a_title_names_only_the_years_drawn_even_when_the_caller_names_others():
    chart = charts.level_lines(wide({"a": [1e9] * 5}), {"a": "A"}, title="Levels, 1992–2025", caption="c",
                               source_ids=[])
    assert chart.figure.axes[0].get_title(loc="left") == "Levels, 2000–2005"


def test_alt_text_says_what_kind_of_chart_what_it_draws_and_which_years():
    chart = GAPPED["level_lines"]()
    assert chart.alt.startswith("Line chart: Levels, US$ bn, 2000–2005. Lines in US$ bn: A in 2000–2002 and "
                                "2004–2005; B in 2000–2002 and 2004–2005.")
    assert "Dotted lines mark 2001." in chart.alt
    assert f'alt="{html.escape(chart.alt)}"' in chart._repr_html_()
    assert GAPPED["stacked_bars"]().alt.startswith("Stacked bar chart: Counts, 2000–2005. Bars of drafts per year")
    assert "design capacity, 6 bcm" in GAPPED["bars_against_capacity"]().alt
    panels = GAPPED["share_of_world_panels"]().alt
    assert panels.startswith("Line charts in 4 panels: Each group's share of the world total, 2000–2005.")
    assert "Pair in 2000–2002 and 2004–2005" in panels


def test_a_lone_year_between_gaps_is_drawn_as_a_dot():
    chart = charts.level_lines(wide({"a": [1e9, np.nan, 3e9, np.nan, 5e9], "b": [1e9] * 5}), {"a": "A", "b": "B"},
                               title="Levels", caption="c", source_ids=[])
    lone = [line for line in chart.figure.axes[0].lines if list(line.get_xdata()) == [2002]]
    assert lone and lone[0].get_marker() == "o"

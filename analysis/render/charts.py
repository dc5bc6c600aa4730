"""The report's kinds of chart: lines, bars, shares and projections, each drawn with seaborn on the house theme
(``analysis.render.figures``) with its caption, alt text, source line and data.

Every title ends with the years drawn, and every line stays open across a year without a figure.
"""

from __future__ import annotations

import re
from typing import Mapping, Sequence

import pandas as pd
import seaborn as sns
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator

from analysis import config
from analysis.render.describe import YEAR, alt_text, listed, series_years, span, titled
from analysis.render.tables import HtmlBlock
from analysis.render.figures import (CATEGORY_PALETTE, drawn, house_figure, mark_breaks, mark_seam, missing_chart,
                                     no_data, open_lines, percent_axis, place_legend, render, ReportFigure,
                                     role_colour, set_title, source_line, wide_points)

__all__ = ["ReportFigure", "bars_against_capacity", "dated_shares", "level_lines", "period_bars", "projection_chart",
           "ratio_chart", "share_lines", "share_of_world_panels", "source_line", "stacked_bars", "step_lines"]


def by_role(labels: Mapping[str, str], roles: Sequence[str], present) -> dict[str, str]:
    """Each label's colour, by the role at its position, for the columns ``present``."""
    return {label: role_colour(role) for role, (column, label) in zip(roles, labels.items()) if column in present}


def year_axis(ax, label: str = "") -> None:
    """Whole years on the x axis, no axis title under it, ``label`` on the y axis."""
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("")
    ax.set_ylabel(label)


def share_of_world_panels(shares: pd.DataFrame, groups: Sequence, measure_titles: Mapping[str, str],
                          caption: str, source_ids: Sequence[str],
                          title: str = "Each group's share of the world total") -> ReportFigure:
    """Small multiples: each group's share of the world, one panel per measure."""
    shown = shares[shares["measure"].isin(list(measure_titles))].dropna(subset=["share"])
    points = shown.rename(columns={"group": "series", "share": "value"})
    colours = {group.label: role_colour(group.role) for group in groups}
    dashed = [group.label for group in groups if group.role == "comparator"]
    with house_figure(9, 6.6, 2, 2, sharex=True) as (fig, axes):
        for ax, (measure, panel_title) in zip(axes.flat, measure_titles.items()):
            panel = points[points["measure"] == measure]
            open_lines(ax, panel, colours, dashed=dashed)
            ax.set_title(panel_title)
            percent_axis(ax)
            year_axis(ax)
            if panel.empty:
                no_data(ax)
        legend = {}  # one entry per group, from whichever panel draws it
        for ax in axes.flat:
            handles, names = ax.get_legend_handles_labels()
            legend.update(zip(names, handles))
            if ax.get_legend() is not None:
                ax.get_legend().remove()
        ordered = [label for label in colours if label in legend]
        fig.legend([legend[label] for label in ordered], ordered, loc="outside lower center", ncol=len(ordered))
        heading = titled(title, points["year"])
        fig.suptitle(heading, x=0.01, ha="left")
    panels = "; ".join(f"{panel_title} ({span(points.loc[points['measure'] == measure, 'year']) or 'no figures'})"
                       for measure, panel_title in measure_titles.items())
    alt = alt_text(f"Line charts in {len(measure_titles)} panels", heading, series_years(points),
                   extra=f"Panels: {panels}.")
    data = pd.DataFrame({"measure": shown["measure"].map(measure_titles), "year": shown["year"],
                         "series": shown["group"], "value": shown["share"], "unit": "share of the world total"})
    return render(fig, caption, source_ids, data.reset_index(drop=True), alt)


def ratio_chart(ratios: pd.DataFrame, labels: Mapping[str, str], title: str, caption: str,
                source_ids: Sequence[str], reference: tuple[float, str] | None = (1.0, "parity")) -> ReportFigure:
    """Lines of ratios over time, with a labelled reference line (parity by default)."""
    points = wide_points(ratios, labels)
    heading = titled(title, points["year"])
    with house_figure(9, 4.2) as (fig, ax):
        open_lines(ax, points, by_role(labels, ["pair", "comparator", "west", "country_b"], ratios))
        extra = ""
        if reference is not None:
            level, label = reference
            ax.axhline(level, color="black", linewidth=0.8, linestyle=":")
            ax.annotate(label, xy=(ratios.index.min(), level), xytext=(0, 3), textcoords="offset points",
                        ha="left", fontsize=8)
            extra = f"A dotted line marks {label} at {level:.1f}×."
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:.1f}×"))
        ax.set_ylim(bottom=0)
        year_axis(ax)
        set_title(ax, heading)
        place_legend(fig, ax, loc="lower right")
    alt = alt_text("Line chart", heading, series_years(points), extra=extra)
    return render(fig, caption, source_ids, drawn(ratios, "ratio", labels), alt)


def projection_chart(projection, title: str, caption: str, source_ids: Sequence[str], value_format: str = "{:.1f}×",
                     scale: float = 1.0, unit: str = "ratio") -> ReportFigure:
    """Observed values, the fitted trend carried forward, and its prediction interval as a band.

    Values are divided by ``scale`` (1e6 for millions). Without a projection (too few figures)
    a note takes the chart's place.
    """
    if projection is None:
        return missing_chart(title)
    table = projection.table / scale
    # A year missing from the table leaves the lines and the band open there.
    table = table.reindex(range(int(table.index.min()), int(table.index.max()) + 1))
    trend = f"trend fitted to {projection.fitted_years[0]}–{projection.fitted_years[1]}"
    observed = drawn(table, unit, {"value": "observed"})
    heading = titled(title, (), f"observed {span(observed['year'])}, trend to {int(table['trend'].last_valid_index())}")
    with house_figure(9, 4.2) as (fig, ax):
        ax.fill_between(table.index, table["lower"], table["upper"], color=config.COLOURS["pair"], alpha=0.15,
                        linewidth=0, label="prediction interval")
        open_lines(ax, drawn(table, unit, {"trend": trend}), {trend: config.COLOURS["pair"]}, dashed=[trend],
                   linewidth=1.5)
        open_lines(ax, observed, {"observed": config.COLOURS["country_b"]}, markers=True,
                   markersize=4)  # dots keep years between gaps visible
        year_axis(ax)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: value_format.format(value)))
        ax.set_ylim(bottom=0)
        set_title(ax, heading)
        place_legend(fig, ax)
    band = table[["lower", "upper"]].dropna().index
    alt = alt_text("Line chart with a projection", heading,
                   series_years(pd.concat([observed, drawn(table, unit, {"trend": trend})])),
                   extra=f"A shaded band is the trend's prediction interval ({span(band)}).")
    series = {"value": "observed", "trend": "trend", "lower": "prediction interval, lower",
              "upper": "prediction interval, upper"}
    return render(fig, caption, source_ids, drawn(projection.table / scale, unit, series), alt)


def stacked_bars(table: pd.DataFrame, title: str, caption: str, source_ids: Sequence[str],
                 ylabel: str = "") -> ReportFigure:
    """Counts per year stacked by category (columns of ``table``, in order)."""
    if table.empty or table.to_numpy().sum() == 0:
        return missing_chart(title)
    # Every year in the range has a place (and the bars one width), a year without figures an empty one.
    years = pd.Index(range(int(table.index.min()), int(table.index.max()) + 1))
    counts = table.reindex(years).fillna(0)
    heading = titled(title, table.dropna(how="all").index)
    with house_figure(9, 4.0) as (fig, ax):
        bottom = pd.Series(0.0, index=years)
        for colour, column in zip(CATEGORY_PALETTE, table.columns):
            sns.barplot(x=years, y=counts[column].astype(float).to_numpy(), bottom=bottom.to_numpy(),
                        native_scale=True, width=0.8, color=colour, saturation=1, edgecolor="white", linewidth=0.5,
                        label=str(column), errorbar=None, ax=ax)
            bottom = bottom + counts[column]
        ax.set_ylim(0, bottom.max() * 1.3)  # room for the legend above the tallest bar
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        year_axis(ax, ylabel)
        set_title(ax, heading)
        ax.legend(loc="upper left", ncol=min(6, len(table.columns)))  # one row above the bars
    counted = {str(column): table.index[table[column].fillna(0) > 0] for column in table.columns}
    alt = alt_text("Stacked bar chart", heading, counted,
                   noun=f"Bars of {ylabel or 'counts'} per year, stacked by (years with any)")
    return render(fig, caption, source_ids, drawn(table, ylabel or "count"), alt)


def step_lines(table: pd.DataFrame, title: str, caption: str, source_ids: Sequence[str], ylabel: str = "") -> ReportFigure:
    """Counts that change in steps over time (such as members of an organisation), one line per column."""
    if table.empty:
        return missing_chart(title)
    labels = {column: str(column) for column in table.columns}
    colours = dict(zip(labels.values(), CATEGORY_PALETTE[::3] + CATEGORY_PALETTE))
    points = wide_points(table, labels)
    heading = titled(title, points["year"])
    with house_figure(9, 3.6) as (fig, ax):
        open_lines(ax, points, colours, drawstyle="steps-post")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylim(bottom=0)
        year_axis(ax, ylabel)
        set_title(ax, heading)
        place_legend(fig, ax)
    alt = alt_text("Step chart", heading, series_years(points), noun=f"Lines of {ylabel or 'counts'}")
    return render(fig, caption, source_ids, drawn(table, ylabel or "count"), alt)


def period_bars(table: pd.DataFrame, part: str, whole: str, share: str, labels: Mapping[str, str], title: str,
                caption: str, source_ids: Sequence[str], ylabel: str = "") -> ReportFigure:
    """Per period, a bar for the whole and inside it a bar for the part, with the part's share written above.

    ``table`` has one row per period (its index labels the bars) and the columns named
    by ``part``, ``whole`` and ``share`` (a fraction); ``labels`` names the two bars. A period
    without figures keeps its place on the axis, empty.
    """
    if table.empty:
        return missing_chart(title)
    periods = [str(label) for label in table.index]
    shown = table[[whole, part]].notna().any(axis=1)
    heading = titled(title, (), span(int(year) for period in pd.Index(periods)[shown]
                                     for year in re.findall(YEAR, period)))
    with house_figure(9, 4.0) as (fig, ax):
        for column, width, colour in ((whole, 0.7, config.COLOURS["grid"]), (part, 0.45, config.COLOURS["pair"])):
            sns.barplot(x=periods, y=table[column].astype(float).to_numpy(), order=periods, width=width, color=colour,
                        saturation=1, label=labels[column], errorbar=None, ax=ax)
        for position, (total, fraction) in enumerate(zip(table[whole], table[share])):
            if pd.notna(total) and pd.notna(fraction):
                ax.annotate(f"{fraction:.0%}", xy=(position, total), xytext=(0, 3), textcoords="offset points",
                            ha="center", fontsize=8)
        ax.set_ylim(0, table[[whole, part]].max().max() * 1.25)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
        ax.set_xlabel("")
        ax.set_ylabel(ylabel)
        set_title(ax, heading)
        place_legend(fig, ax, loc="upper right")
    missing = [period for period, has in zip(periods, shown) if not has]
    alt = alt_text("Bar chart", heading, {}, extra=(
        f"For each period ({', '.join(p for p, has in zip(periods, shown) if has)}) a bar for {labels[whole]}, "
        f"inside it a bar for {labels[part]}, and the share of the whole written above."
        + (f" No figures for {', '.join(missing)}." if missing else "")))
    data = pd.concat([drawn(table, ylabel, labels, index_name="period"),
                      drawn(table, "share of the whole", {share: f"share: {labels[part]}"}, index_name="period")],
                     ignore_index=True)
    return render(fig, caption, source_ids, data, alt)


def level_lines(table: pd.DataFrame, labels: Mapping[str, str], title: str, caption: str, source_ids: Sequence[str],
                scale: float = 1e9, unit: str = "US$ bn", roles: Sequence[str] = ("pair", "usa", "west", "comparator"),
                breaks: Sequence[int] = (), markers: bool = False, legend_columns: int = 1,
                seam: tuple[int, str] | None = None) -> ReportFigure:
    """Levels over time, one line per column named in ``labels``; ``breaks`` marks years with a dotted line.

    With ``markers`` each figure gets a dot, so that isolated years between gaps stay visible; with
    ``legend_columns`` above one, the legend sits in a row under the chart, clear of the lines. A ``seam``
    (first year of the new source, label) marks where the figures switch from one source to another.
    """
    shown = table[[column for column in labels if column in table]].dropna(how="all")
    if shown.empty:
        return missing_chart(title)
    points = wide_points(shown, labels, scale)
    heading = titled(title, points["year"])
    with house_figure(9, 4.0) as (fig, ax):
        open_lines(ax, points, by_role(labels, roles, shown), markers=markers, markersize=5)
        mark_breaks(ax, breaks, shown.index)
        if seam is not None:
            mark_seam(ax, *seam)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
        ax.set_ylim(bottom=0)
        year_axis(ax, unit)
        set_title(ax, heading)
        place_legend(fig, ax, legend_columns)
    marked = [year for year in breaks if shown.index.min() < year < shown.index.max()]
    extra = f"Dotted lines mark {listed(marked)}." if marked else ""
    if seam is not None:
        extra += f" A dashed line before {seam[0]} marks where the figures change source ({seam[1]})."
    alt = alt_text("Line chart", heading, series_years(points), noun=f"Lines in {unit}", extra=extra.strip())
    return render(fig, caption, source_ids, drawn(shown / scale, unit, labels), alt)


def share_lines(table: pd.DataFrame, labels: Mapping[str, str], title: str, caption: str, source_ids: Sequence[str],
                breaks: Sequence[int] = (), roles: Sequence[str] = ("pair", "west", "comparator"),
                legend_columns: int = 1, min_years: int = 0) -> ReportFigure | HtmlBlock:
    """Shares (fractions) over time, one line per column named in ``labels`` (coloured by ``roles``, in order),
    on a percent axis; with ``legend_columns`` above one, the legend sits in a row under the chart. Nothing is
    drawn when the table has fewer than ``min_years`` years with a figure (a table beside it shows them)."""
    if len(table.dropna(how="all")) < min_years:
        return HtmlBlock("")
    shown = table[[column for column in labels if column in table]].dropna(how="all")
    if shown.empty:
        return missing_chart(title)
    points = wide_points(shown, labels)
    heading = titled(title, points["year"])
    with house_figure(9, 3.8) as (fig, ax):
        open_lines(ax, points, by_role(labels, roles, shown), markers=True, markersize=4)
        mark_breaks(ax, breaks, shown.index)
        percent_axis(ax)
        year_axis(ax)
        set_title(ax, heading)
        place_legend(fig, ax, legend_columns)
    marked = [year for year in breaks if shown.index.min() < year < shown.index.max()]
    alt = alt_text("Line chart", heading, series_years(points), noun="Lines of shares",
                   extra=f"Dotted lines mark {listed(marked)}." if marked else "")
    return render(fig, caption, source_ids, drawn(shown, "share", labels), alt)


def bars_against_capacity(values: pd.Series, capacity: float | None, title: str, caption: str,
                          source_ids: Sequence[str], scale: float = 1e9, unit: str = "bcm",
                          capacity_label: str = "design capacity") -> ReportFigure:
    """Yearly bars with the capacity drawn as a labelled horizontal line."""
    if values.dropna().empty:
        return missing_chart(title)
    years = pd.Index(range(int(values.index.min()), int(values.index.max()) + 1))
    scaled = (values / scale).reindex(years)  # a year without a figure keeps its place, empty
    heading = titled(title, scaled.dropna().index)
    with house_figure(9, 3.6) as (fig, ax):
        sns.barplot(x=years, y=scaled.to_numpy(), native_scale=True, width=0.7, color=config.COLOURS["pair"],
                    saturation=1, errorbar=None, ax=ax)
        for year, value in scaled.dropna().items():
            ax.annotate(f"{value:.1f}", xy=(year, value), xytext=(0, 2), textcoords="offset points", ha="center",
                        fontsize=8)
        extra = ""
        if capacity is not None:
            ax.axhline(capacity / scale, color="black", linewidth=0.8, linestyle="--")
            ax.annotate(f"{capacity_label} {capacity / scale:.0f} {unit}", xy=(years.min() - 0.4, capacity / scale),
                        xytext=(0, 3), textcoords="offset points", fontsize=8)
            extra = f"A dashed line marks the {capacity_label}, {capacity / scale:.0f} {unit}."
        ax.set_ylim(0, max(scaled.max(), (capacity or 0) / scale) * 1.2)
        year_axis(ax, unit)
        set_title(ax, heading)
    alt = alt_text("Bar chart", heading, {"delivered": scaled.dropna().index}, noun=f"Bars in {unit}", extra=extra)
    drawn_values = (values / scale).to_frame("delivered")
    if capacity is not None:
        drawn_values[capacity_label] = capacity / scale
    return render(fig, caption, source_ids, drawn(drawn_values, unit), alt)


def dated_shares(points: pd.DataFrame, labels: Mapping[str, str], title: str, caption: str,
                 source_ids: Sequence[str]) -> ReportFigure:
    """Shares stated at dates (columns ``when``, ``series``, ``share`` as a fraction, ``qualifier``).

    Each series named in ``labels`` is drawn as dots, joined by a thin line from one year to the next but
    not across a year without a statement; a figure stated as "more than" is drawn as an open triangle
    pointing up, so that a floor does not read as a level.
    """
    shown = points[points["series"].isin(list(labels))] if not points.empty else points
    if shown.empty:
        return missing_chart(title)
    stated = shown.assign(series=shown["series"].map(labels), value=shown["share"]).sort_values("when")
    colours = by_role(labels, ("pair", "country_b", "west", "usa"), set(shown["series"]))
    heading = titled(title, stated["when"])
    with house_figure(9, 3.8) as (fig, ax):
        open_lines(ax, stated, colours, x="when", linewidth=1.0)
        for label, colour in colours.items():
            rows = stated[stated["series"] == label]
            floors = rows["qualifier"] == "more than"
            sns.scatterplot(x=rows.loc[~floors, "when"], y=rows.loc[~floors, "value"], color=colour, s=22, zorder=3,
                            ax=ax)
            sns.scatterplot(x=rows.loc[floors, "when"], y=rows.loc[floors, "value"], color="white", edgecolor=colour,
                            marker="^", s=30, linewidth=1, zorder=3, ax=ax)
        percent_axis(ax)
        ax.set_ylim(0, 1.05)
        ax.set_xlabel("")
        ax.set_ylabel("")
        set_title(ax, heading)
        handles, names = ax.get_legend_handles_labels()
        if (stated["qualifier"] == "more than").any():
            handles.append(Line2D([], [], color=config.COLOURS["comparator"], marker="^", linestyle="",
                                  markerfacecolor="white"))
            names.append("stated as more than (a floor)")
        ax.legend(handles, names, loc="upper left")
    floors = (stated["qualifier"] == "more than").sum()
    statements = series_years(stated, "when")
    alt = alt_text("Dot chart of stated shares", heading, {label: statements[label] for label in colours},
                   noun="Statements",
                   extra="Dots of the same series are joined only between consecutive years"
                         + (f"; an open triangle marks a share stated as more than a figure ({floors})." if floors
                            else "."))
    data = pd.DataFrame({"date": shown["when"].dt.strftime("%Y-%m-%d"), "series": shown["series"].map(labels),
                         "value": shown["share"], "qualifier": shown["qualifier"], "unit": "share"})
    return render(fig, caption, source_ids, data.reset_index(drop=True), alt)

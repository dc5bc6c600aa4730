"""The report's kinds of chart: lines, bars, shares and projections, each drawn in the house style
(``analysis.render.figures``) with its caption, source line and data.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import matplotlib
import pandas as pd
from matplotlib.ticker import FuncFormatter, MaxNLocator

from analysis import config
from analysis.render.tables import HtmlBlock
from analysis.render.figures import (CATEGORY_PALETTE, HOUSE_STYLE, drawn, mark_breaks, mark_seam,
                                     missing_chart, new_figure, no_data, percent_axis, place_legend, render,
                                     ReportFigure, role_colour, source_line)

__all__ = ["ReportFigure", "bars_against_capacity", "dated_shares", "level_lines", "period_bars", "projection_chart",
           "ratio_chart", "share_lines", "share_of_world_panels", "source_line", "stacked_bars", "step_lines"]


def share_of_world_panels(shares: pd.DataFrame, groups: Sequence, measure_titles: Mapping[str, str],
                          caption: str, source_ids: Sequence[str]) -> ReportFigure:
    """Small multiples: each group's share of the world, one panel per measure."""
    with matplotlib.rc_context(HOUSE_STYLE):
        fig = new_figure(9, 6.2)
        axes = fig.subplots(2, 2, sharex=True)
        for ax, (measure, title) in zip(axes.flat, measure_titles.items()):
            panel = shares[shares["measure"] == measure]
            for group in groups:
                line = panel[panel["group"] == group.label]
                ax.plot(line["year"], line["share"], color=role_colour(group.role), label=group.label,
                        linestyle="--" if group.role == "comparator" else "-")
            ax.set_title(title)
            percent_axis(ax)
            if panel["share"].isna().all():
                no_data(ax)
        handles, labels = axes.flat[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="lower center", ncol=len(labels), bbox_to_anchor=(0.5, 0.0))
        fig.subplots_adjust(left=0.07, right=0.98, top=0.95, bottom=0.12, hspace=0.28, wspace=0.18)
    shown = shares[shares["measure"].isin(list(measure_titles))].dropna(subset=["share"])
    data = pd.DataFrame({"measure": shown["measure"].map(measure_titles), "year": shown["year"],
                         "series": shown["group"], "value": shown["share"], "unit": "share of the world total"})
    return render(fig, caption, source_ids, data.reset_index(drop=True))


def ratio_chart(ratios: pd.DataFrame, labels: Mapping[str, str], title: str, caption: str,
                source_ids: Sequence[str], reference: tuple[float, str] | None = (1.0, "parity")) -> ReportFigure:
    """Lines of ratios over time, with a labelled reference line (parity by default)."""
    roles = ["pair", "comparator", "west", "country_b"]
    with matplotlib.rc_context(HOUSE_STYLE):
        fig = new_figure(9, 4.2)
        ax = fig.subplots()
        for role, (column, label) in zip(roles, labels.items()):
            ax.plot(ratios.index, ratios[column], color=role_colour(role), label=label)
        if reference is not None:
            level, label = reference
            ax.axhline(level, color="black", linewidth=0.8, linestyle=":")
            ax.annotate(label, xy=(ratios.index.min(), level), xytext=(0, 3), textcoords="offset points",
                        ha="left", fontsize=8)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:.1f}×"))
        ax.set_ylim(bottom=0)
        ax.set_title(title)
        ax.legend(loc="lower right")
        fig.subplots_adjust(left=0.07, right=0.98, top=0.9, bottom=0.1)
    return render(fig, caption, source_ids, drawn(ratios, "ratio", labels))


def projection_chart(projection, title: str, caption: str, source_ids: Sequence[str], value_format: str = "{:.1f}×",
                     scale: float = 1.0, unit: str = "ratio") -> ReportFigure:
    """Observed values, the fitted trend carried forward, and its prediction interval as a band.

    Values are divided by ``scale`` (1e6 for millions). Without a projection (too few figures)
    a note takes the chart's place.
    """
    if projection is None:
        return missing_chart(title)
    table = projection.table / scale
    with matplotlib.rc_context(HOUSE_STYLE):
        fig = new_figure(9, 4.2)
        ax = fig.subplots()
        ax.fill_between(table.index, table["lower"], table["upper"], color=config.COLOURS["pair"], alpha=0.15,
                        linewidth=0, label="prediction interval")
        ax.plot(table.index, table["trend"], color=config.COLOURS["pair"], linestyle="--", linewidth=1.5,
                label=f"trend fitted to {projection.fitted_years[0]}–{projection.fitted_years[1]}")
        ax.plot(table.index, table["value"], color=config.COLOURS["country_b"], label="observed", marker="o",
                markersize=3)  # dots keep years between gaps visible
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: value_format.format(value)))
        ax.set_ylim(bottom=0)
        ax.set_title(title)
        ax.legend(loc="upper left")
        fig.subplots_adjust(left=0.07, right=0.98, top=0.9, bottom=0.1)
    series = {"value": "observed", "trend": "trend", "lower": "prediction interval, lower",
              "upper": "prediction interval, upper"}
    return render(fig, caption, source_ids, drawn(table, unit, series))


def stacked_bars(table: pd.DataFrame, title: str, caption: str, source_ids: Sequence[str],
                 ylabel: str = "") -> ReportFigure:
    """Counts per year stacked by category (columns of ``table``, in order)."""
    if table.empty or table.to_numpy().sum() == 0:
        return missing_chart(title)
    with matplotlib.rc_context(HOUSE_STYLE):
        fig = new_figure(9, 4.0)
        ax = fig.subplots()
        ax.set_title(title)
        bottom = pd.Series(0.0, index=table.index)
        for colour, column in zip(CATEGORY_PALETTE, table.columns):
            ax.bar(table.index, table[column], bottom=bottom, color=colour, label=str(column), width=0.8)
            bottom = bottom + table[column]
        ax.set_ylim(0, bottom.max() * 1.3)  # room for the legend above the tallest bar
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel(ylabel)
        ax.legend(loc="upper left", ncol=min(4, len(table.columns)))
        fig.subplots_adjust(left=0.07, right=0.98, top=0.9, bottom=0.1)
    return render(fig, caption, source_ids, drawn(table, ylabel or "count"))


def step_lines(table: pd.DataFrame, title: str, caption: str, source_ids: Sequence[str], ylabel: str = "") -> ReportFigure:
    """Counts that change in steps over time (such as members of an organisation), one line per column."""
    if table.empty:
        return missing_chart(title)
    with matplotlib.rc_context(HOUSE_STYLE):
        fig = new_figure(9, 3.6)
        ax = fig.subplots()
        for colour, column in zip(CATEGORY_PALETTE[::3] + CATEGORY_PALETTE, table.columns):
            ax.step(table.index, table[column], where="post", color=colour, label=str(column))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylim(bottom=0)
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        ax.legend(loc="upper left")
        fig.subplots_adjust(left=0.07, right=0.98, top=0.88, bottom=0.12)
    return render(fig, caption, source_ids, drawn(table, ylabel or "count"))


def period_bars(table: pd.DataFrame, part: str, whole: str, share: str, labels: Mapping[str, str], title: str,
                caption: str, source_ids: Sequence[str], ylabel: str = "") -> ReportFigure:
    """Per period, a bar for the whole and inside it a bar for the part, with the part's share written above.

    ``table`` has one row per period (its index labels the bars) and the columns named
    by ``part``, ``whole`` and ``share`` (a fraction); ``labels`` names the two bars.
    """
    if table.empty:
        return missing_chart(title)
    with matplotlib.rc_context(HOUSE_STYLE):
        fig = new_figure(9, 4.0)
        ax = fig.subplots()
        positions = range(len(table))
        ax.bar(positions, table[whole], width=0.7, color=config.COLOURS["grid"], label=labels[whole])
        ax.bar(positions, table[part], width=0.45, color=config.COLOURS["pair"], label=labels[part])
        for position, (total, fraction) in enumerate(zip(table[whole], table[share])):
            if pd.notna(total) and pd.notna(fraction):
                ax.annotate(f"{fraction:.0%}", xy=(position, total), xytext=(0, 3), textcoords="offset points",
                            ha="center", fontsize=8)
        ax.set_xticks(list(positions), [str(label) for label in table.index])
        ax.set_ylim(0, table[[whole, part]].max().max() * 1.25)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        ax.legend(loc="upper right")
        fig.subplots_adjust(left=0.09, right=0.98, top=0.9, bottom=0.1)
    data = pd.concat([drawn(table, ylabel, labels, index_name="period"),
                      drawn(table, "share of the whole", {share: f"share: {labels[part]}"}, index_name="period")],
                     ignore_index=True)
    return render(fig, caption, source_ids, data)


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
    shown = shown.reindex(range(int(shown.index.min()), int(shown.index.max()) + 1))  # a missing year breaks the line
    with matplotlib.rc_context(HOUSE_STYLE):
        fig = new_figure(9, 4.0)
        ax = fig.subplots()
        for role, (column, label) in zip(roles, labels.items()):
            if column in shown:
                ax.plot(shown.index, shown[column] / scale, color=role_colour(role), label=label,
                        marker="o" if markers else None, markersize=4)
        mark_breaks(ax, breaks, shown.index)
        if seam is not None:
            mark_seam(ax, *seam)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
        ax.set_ylim(bottom=0)
        ax.set_ylabel(unit)
        ax.set_title(title)
        place_legend(fig, ax, legend_columns)
    return render(fig, caption, source_ids, drawn(shown / scale, unit, labels))


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
    with matplotlib.rc_context(HOUSE_STYLE):
        fig = new_figure(9, 3.8)
        ax = fig.subplots()
        for role, (column, label) in zip(roles, labels.items()):
            ax.plot(shown.index, shown[column], color=role_colour(role), label=label, marker="o", markersize=3)
        mark_breaks(ax, breaks, shown.index)
        percent_axis(ax)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(title)
        place_legend(fig, ax, legend_columns)
    return render(fig, caption, source_ids, drawn(shown, "share", labels))


def bars_against_capacity(values: pd.Series, capacity: float | None, title: str, caption: str,
                          source_ids: Sequence[str], scale: float = 1e9, unit: str = "bcm",
                          capacity_label: str = "design capacity") -> ReportFigure:
    """Yearly bars with the capacity drawn as a labelled horizontal line."""
    if values.dropna().empty:
        return missing_chart(title)
    with matplotlib.rc_context(HOUSE_STYLE):
        fig = new_figure(9, 3.6)
        ax = fig.subplots()
        ax.bar(values.index, values / scale, color=config.COLOURS["pair"], width=0.7)
        for year, value in values.items():
            ax.annotate(f"{value / scale:.1f}", xy=(year, value / scale), xytext=(0, 2), textcoords="offset points",
                        ha="center", fontsize=8)
        if capacity is not None:
            ax.axhline(capacity / scale, color="black", linewidth=0.8, linestyle="--")
            ax.annotate(f"{capacity_label} {capacity / scale:.0f} {unit}", xy=(values.index.min() - 0.4, capacity / scale),
                        xytext=(0, 3), textcoords="offset points", fontsize=8)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylim(0, max(values.max(), capacity or 0) / scale * 1.2)
        ax.set_ylabel(unit)
        ax.set_title(title)
        fig.subplots_adjust(left=0.08, right=0.98, top=0.9, bottom=0.1)
    drawn_values = (values / scale).to_frame("delivered")
    if capacity is not None:
        drawn_values[capacity_label] = capacity / scale
    return render(fig, caption, source_ids, drawn(drawn_values, unit))


def dated_shares(points: pd.DataFrame, labels: Mapping[str, str], title: str, caption: str,
                 source_ids: Sequence[str]) -> ReportFigure:
    """Shares stated at dates (columns ``when``, ``series``, ``share`` as a fraction, ``qualifier``).

    Each series named in ``labels`` is drawn as dots joined by a thin line; a figure stated as
    "more than" is drawn as an open triangle pointing up, so that a floor does not read as a level.
    """
    shown = points[points["series"].isin(list(labels))] if not points.empty else points
    if shown.empty:
        return missing_chart(title)
    with matplotlib.rc_context(HOUSE_STYLE):
        fig = new_figure(9, 3.8)
        ax = fig.subplots()
        for role, (series, label) in zip(("pair", "country_b", "west", "usa"), labels.items()):
            rows = shown[shown["series"] == series].sort_values("when")
            if rows.empty:
                continue
            colour = role_colour(role)
            ax.plot(rows["when"], rows["share"], color=colour, linewidth=1.0, label=label)
            floors = rows["qualifier"] == "more than"
            ax.scatter(rows.loc[~floors, "when"], rows.loc[~floors, "share"], color=colour, s=18, zorder=3)
            ax.scatter(rows.loc[floors, "when"], rows.loc[floors, "share"], facecolors="white", edgecolors=colour,
                       marker="^", s=26, zorder=3)
        percent_axis(ax)
        ax.set_ylim(0, 1.05)
        ax.set_title(title)
        ax.legend(loc="upper left")
        fig.subplots_adjust(left=0.08, right=0.98, top=0.9, bottom=0.1)
    data = pd.DataFrame({"date": shown["when"].dt.strftime("%Y-%m-%d"), "series": shown["series"].map(labels),
                         "value": shown["share"], "qualifier": shown["qualifier"], "unit": "share"})
    return render(fig, caption, source_ids, data.reset_index(drop=True))

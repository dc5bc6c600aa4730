"""The house chart style, and figures that carry their caption and source.

Every chart in the report is returned as a ``ReportFigure``: the image, a
caption that says what the chart shows, and a source line built from the
citations of the figures plotted. In Jupyter it shows as a captioned figure;
in the combined report the figures are numbered in order.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass
from typing import Mapping, Sequence

import matplotlib
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

from analysis import config
from analysis.data.load import Citation, citations_for
from analysis.render.tables import HtmlBlock, data_link, frame_csv

FIGURE_DPI = 150
FONT_FAMILY = ["DejaVu Sans", "Noto Sans CJK JP"]  # CJK fallback for Chinese names

HOUSE_STYLE = {
    "font.family": "sans-serif",
    "font.sans-serif": FONT_FAMILY,
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": config.COLOURS["grid"],
    "grid.linewidth": 0.6,
    "legend.frameon": False,
    "lines.linewidth": 2.0,
    "svg.hashsalt": "report",
}


@dataclass(frozen=True)
class ReportFigure:
    """A rendered chart with its caption, source line and the numbers it draws (CSV text)."""

    png: bytes
    caption: str
    source: str
    data: str = ""

    def _repr_html_(self) -> str:
        encoded = base64.b64encode(self.png).decode("ascii")
        return (
            '<figure class="report-figure">'
            f'<img src="data:image/png;base64,{encoded}" alt="{html.escape(self.caption)}"/>'
            f'<figcaption><span class="figure-label">Figure</span> {html.escape(self.caption)}'
            f'<span class="figure-source">{html.escape(self.source)}</span>{data_link(self.data)}</figcaption>'
            "</figure>"
        )


PRESS_REPORT = "press report"  # the release of a figure that reached us through the press


def source_line(source_ids: Sequence[str] | pd.Series) -> str:
    """'Source: ...' naming each publication (publisher, title, release) once."""
    citations = citations_for(source_ids)
    names = publication_names(citations)
    if not names:
        return "Source: none yet; the data snapshot holds no figures for this."
    if len(names) <= 4:
        return "Source: " + "; ".join(names) + "."
    # Event tables and press figures cite a document per record: name the main publishers, the rest are listed.
    press = [citation for citation in citations if citation.release == PRESS_REPORT]
    published = [citation for citation in citations if citation.release != PRESS_REPORT]
    if press and 0 < len(published) <= 3:  # a publisher's series continued by press reports: name the series
        return (f"Sources: {'; '.join(publication_names(published))}; and {len(press)} press reports, one per "
                f"figure, mostly from {', '.join(main_publishers(press))}; each is listed in data/citations.csv.")
    return (f"Sources: {len(citations)} documents, one per record, mostly from {', '.join(main_publishers(citations))}; "
            "each is listed in data/citations.csv.")


def main_publishers(citations: Sequence[Citation], count: int = 3) -> list[str]:
    """The publishers cited most often, most often first."""
    counts: dict[str, int] = {}
    for citation in citations:
        counts[citation.publisher] = counts.get(citation.publisher, 0) + 1
    return sorted(counts, key=lambda publisher: (-counts[publisher], publisher))[:count]


def publication_names(citations: Sequence[Citation]) -> list[str]:
    """'Publisher, Title (releases A, B)', one entry per publication, in first-seen order."""
    releases: dict[str, list[str]] = {}
    for citation in citations:
        found = releases.setdefault(f"{citation.publisher}, {citation.title}", [])
        if citation.release not in found:
            found.append(citation.release)
    def dated(dates: list[str]) -> str:  # "release 2024-03-28", or a description such as "press report" as it is
        if not any(date[:1].isdigit() for date in dates):
            return ", ".join(dates)
        return f"{'release' if len(dates) == 1 else 'releases'} {', '.join(sorted(dates, reverse=True))}"

    return [f"{name} ({dated(dates)})" for name, dates in releases.items()]


def new_figure(width: float, height: float) -> Figure:
    """A figure outside pyplot (no global state, nothing to close), drawn by the Agg backend.

    Layouts are set by hand with ``subplots_adjust``: automatic tight layouts cost
    a full extra draw of every chart.
    """
    return Figure(figsize=(width, height), dpi=FIGURE_DPI)


def render(fig: Figure, caption: str, source_ids: Sequence[str] | pd.Series, data: pd.DataFrame) -> ReportFigure:
    """Turn a matplotlib figure into a ``ReportFigure`` that carries ``data``, the numbers drawn, with the
    source ids of the figures behind them."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=FIGURE_DPI, metadata={"Software": None})
    table = data.assign(source_ids=";".join(sorted(set(source_ids))))
    return ReportFigure(buffer.getvalue(), caption, source_line(source_ids), frame_csv(table))


def drawn(frame: pd.DataFrame, unit: str, labels: Mapping[str, str] | None = None, index_name: str = "year"
          ) -> pd.DataFrame:
    """The numbers of a wide frame (an x per row, a series per column) one point a row: x, series, value, unit.
    Missing points are left out, as the chart leaves them open."""
    shown = frame[[column for column in (labels or frame.columns) if column in frame]]
    named = shown.rename(columns={column: (labels or {}).get(column, str(column)) for column in shown.columns})
    long = named.rename_axis(index_name).reset_index().melt(id_vars=index_name, var_name="series", value_name="value")
    return long.dropna(subset=["value"]).assign(unit=unit).reset_index(drop=True)


def _colour(role: str) -> str:
    return config.COLOURS.get(role, config.COLOURS["comparator"])


def missing_chart(title: str) -> HtmlBlock:
    """What stands in for a chart whose figures are not in the snapshot: a note, never an empty frame."""
    return HtmlBlock(f'<p class="data-note">{html.escape(title)}: the data snapshot holds no figures for this chart '
                     "yet, so it is not drawn.</p>")


def _no_data(ax: Axes) -> None:
    """Say so in an empty panel instead of leaving it blank."""
    ax.text(0.5, 0.5, "no figures in the data snapshot", transform=ax.transAxes, ha="center", va="center",
            color=config.COLOURS["comparator"], fontsize=9)
    ax.set_yticks([])


def _percent_axis(ax: Axes) -> None:
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))
    ax.set_ylim(bottom=0)


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
                ax.plot(line["year"], line["share"], color=_colour(group.role), label=group.label,
                        linestyle="--" if group.role == "comparator" else "-")
            ax.set_title(title)
            _percent_axis(ax)
            if panel["share"].isna().all():
                _no_data(ax)
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
            ax.plot(ratios.index, ratios[column], color=_colour(role), label=label)
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


CATEGORY_PALETTE = ("#b2182b", "#ef8a62", "#67a9cf", "#2166ac", "#999999", "#5ab4ac")


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
                ax.plot(shown.index, shown[column] / scale, color=_colour(role), label=label,
                        marker="o" if markers else None, markersize=4)
        _mark_breaks(ax, breaks, shown.index)
        if seam is not None:
            _mark_seam(ax, *seam)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
        ax.set_ylim(bottom=0)
        ax.set_ylabel(unit)
        ax.set_title(title)
        _place_legend(fig, ax, legend_columns)
    return render(fig, caption, source_ids, drawn(shown / scale, unit, labels))


def _place_legend(fig: Figure, ax: Axes, columns: int) -> None:
    """One column in the upper left corner, or a row of ``columns`` under the chart."""
    if columns > 1:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=columns, fontsize=9)
        fig.subplots_adjust(left=0.08, right=0.98, top=0.9, bottom=0.24)
    else:
        ax.legend(loc="upper left")
        fig.subplots_adjust(left=0.08, right=0.98, top=0.9, bottom=0.1)


def _mark_breaks(ax: Axes, breaks: Sequence[int], years: pd.Index) -> None:
    """Dotted vertical lines at the break years inside the plotted range, each labelled with its year."""
    for year in breaks:
        if len(years) and years.min() < year < years.max():
            ax.axvline(year, color="black", linewidth=0.8, linestyle=":")
            ax.annotate(str(year), xy=(year, 1), xycoords=("data", "axes fraction"), xytext=(3, -10),
                        textcoords="offset points", fontsize=8)


def _mark_seam(ax: Axes, first_year: int, label: str) -> None:
    """A dashed grey line half a year before ``first_year``, where the figures change source, with ``label``
    written beside it (the sources either side)."""
    ax.axvline(first_year - 0.5, color=config.COLOURS["comparator"], linewidth=0.9, linestyle="--")
    ax.annotate(label, xy=(first_year - 0.5, 0.98), xycoords=("data", "axes fraction"), xytext=(-3, 0),
                textcoords="offset points", fontsize=8, ha="right", va="top", rotation=90,
                color=config.COLOURS["comparator"])


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
            ax.plot(shown.index, shown[column], color=_colour(role), label=label, marker="o", markersize=3)
        _mark_breaks(ax, breaks, shown.index)
        _percent_axis(ax)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(title)
        _place_legend(fig, ax, legend_columns)
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
            colour = _colour(role)
            ax.plot(rows["when"], rows["share"], color=colour, linewidth=1.0, label=label)
            floors = rows["qualifier"] == "more than"
            ax.scatter(rows.loc[~floors, "when"], rows.loc[~floors, "share"], color=colour, s=18, zorder=3)
            ax.scatter(rows.loc[floors, "when"], rows.loc[floors, "share"], facecolors="white", edgecolors=colour,
                       marker="^", s=26, zorder=3)
        _percent_axis(ax)
        ax.set_ylim(0, 1.05)
        ax.set_title(title)
        ax.legend(loc="upper left")
        fig.subplots_adjust(left=0.08, right=0.98, top=0.9, bottom=0.1)
    data = pd.DataFrame({"date": shown["when"].dt.strftime("%Y-%m-%d"), "series": shown["series"].map(labels),
                         "value": shown["share"], "qualifier": shown["qualifier"], "unit": "share"})
    return render(fig, caption, source_ids, data.reset_index(drop=True))

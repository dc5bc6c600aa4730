"""The house theme of the report's charts and what every chart shares: the figure, its caption, alt text and
source line, the numbers drawn (offered as CSV beside it), and lines that stay open where a year is missing."""

from __future__ import annotations

import base64
import html
import io
import textwrap
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator, Mapping, Sequence

import matplotlib
import pandas as pd
import seaborn as sns
from matplotlib import cycler
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from analysis import config
from analysis.data.load import Citation, citations_for
from analysis.render.tables import data_link, frame_csv, HtmlBlock

FIGURE_DPI = 150
FONT_FAMILY = ["DejaVu Sans", "Noto Sans CJK JP"]  # CJK fallback for Chinese names
# Okabe and Ito's colour-blind safe hues in seaborn's order: blue, orange, bluish green, vermillion, reddish
# purple, brown, pink, grey, yellow, sky blue. The roles' colours (config.COLOURS) are taken from it.
PALETTE = tuple(sns.color_palette("colorblind").as_hex())
# Categories without a role (domains, kinds of meeting, who vetoed): vermillion and orange for the pair's own,
# blues for the others, then grey and green.
CATEGORY_PALETTE = (PALETTE[3], PALETTE[1], PALETTE[9], PALETTE[0], PALETTE[7], PALETTE[2])
# The house theme, once: seaborn's white-grid style and its notebook sizes scaled to a printed page, with the
# report's fonts, palette and grid.
HOUSE_STYLE = {
    **sns.axes_style("whitegrid"),
    **sns.plotting_context("notebook", font_scale=0.8),
    "font.family": "sans-serif",
    "font.sans-serif": FONT_FAMILY,
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 9,
    "axes.prop_cycle": cycler(color=list(CATEGORY_PALETTE)),
    "axes.edgecolor": "#4d4d4d",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": config.COLOURS["grid"],
    "grid.linewidth": 0.6,
    "xtick.bottom": True,
    "ytick.left": False,
    "legend.frameon": False,
    "lines.linewidth": 2.0,
    "figure.titlesize": 11,
    "figure.titleweight": "bold",
    "figure.constrained_layout.h_pad": 0.06,
    "figure.constrained_layout.w_pad": 0.06,
    "svg.hashsalt": "report",
}


@contextmanager
def house_theme() -> Iterator[None]:
    """Every chart is drawn, laid out and saved inside this: the house theme, whatever the caller's settings."""
    with matplotlib.rc_context(HOUSE_STYLE):
        yield


@contextmanager
def house_figure(width: float, height: float, rows: int = 1, columns: int = 1, **subplots) -> Iterator[tuple]:
    """A figure of ``width`` by ``height`` inches on the house theme, and its axes (an array when there are several).

    The figure lives outside pyplot (no global state, nothing to close) and is laid out once, by matplotlib's
    constrained layout, when it is saved: titles, legends under the axes and labels all get their room.
    """
    with house_theme():
        figure = Figure(figsize=(width, height), dpi=FIGURE_DPI, layout="constrained")
        yield figure, figure.subplots(rows, columns, **subplots)


@dataclass(frozen=True)
class ReportFigure:
    """A rendered chart with its caption, source line, alt text and the numbers it draws (CSV text)."""

    png: bytes
    caption: str
    source: str
    data: str = ""
    alt: str = ""  # what the chart shows, for a reader who cannot see it; the caption when empty
    figure: Figure | None = field(default=None, repr=False, compare=False)  # the matplotlib figure drawn

    def _repr_html_(self) -> str:
        encoded = base64.b64encode(self.png).decode("ascii")
        return (
            '<figure class="report-figure">'
            f'<img src="data:image/png;base64,{encoded}" alt="{html.escape(self.alt or self.caption)}"/>'
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
        return "Source: no figures in the data."
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


def render(fig: Figure, caption: str, source_ids: Sequence[str] | pd.Series, data: pd.DataFrame,
           alt: str = "") -> ReportFigure:
    """Turn a matplotlib figure into a ``ReportFigure`` that carries ``data``, the numbers drawn, with the
    source ids of the figures behind them, and ``alt``, what the chart shows."""
    buffer = io.BytesIO()
    with house_theme():
        fig.savefig(buffer, format="png", dpi=FIGURE_DPI, metadata={"Software": None})
    table = data.assign(source_ids=";".join(sorted(set(source_ids))))
    return ReportFigure(buffer.getvalue(), caption, source_line(source_ids), frame_csv(table), alt, fig)


def drawn(frame: pd.DataFrame, unit: str, labels: Mapping[str, str] | None = None, index_name: str = "year"
          ) -> pd.DataFrame:
    """The numbers of a wide frame (an x per row, a series per column) one point a row: x, series, value, unit.
    Missing points are left out, as the chart leaves them open."""
    shown = frame[[column for column in (labels or frame.columns) if column in frame]]
    named = shown.rename(columns={column: (labels or {}).get(column, str(column)) for column in shown.columns})
    long = named.rename_axis(index_name).reset_index().melt(id_vars=index_name, var_name="series", value_name="value")
    return long.dropna(subset=["value"]).assign(unit=unit).reset_index(drop=True)


def role_colour(role: str) -> str:
    return config.COLOURS.get(role, config.COLOURS["comparator"])


def missing_chart(title: str) -> HtmlBlock:
    """What stands in for a chart with nothing to draw: nothing at all, never an empty frame. The section's
    text says once which data are missing and where they are published (the chapter's prose module)."""
    return HtmlBlock("")


def no_data(ax: Axes) -> None:
    """Say so in an empty panel instead of leaving it blank."""
    ax.text(0.5, 0.5, "no figures in the data", transform=ax.transAxes, ha="center", va="center",
            color=config.COLOURS["comparator"], fontsize=9)
    ax.set_yticks([])


def percent_axis(ax: Axes) -> None:
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))
    ax.set_ylim(bottom=0)


def place_legend(fig: Figure, ax: Axes, columns: int = 1, loc: str = "upper left") -> None:
    """The legend in one column at ``loc`` inside the chart or, with ``columns`` above one, in a row of that many
    under it, clear of the lines (the layout makes room for it)."""
    handles, labels = ax.get_legend_handles_labels()
    if ax.get_legend() is not None:
        ax.get_legend().remove()  # seaborn's own, titled with the column's name
    if not handles:
        return
    if columns > 1:
        fig.legend(handles, labels, loc="outside lower center", ncol=columns)
    else:
        ax.legend(handles, labels, loc=loc)


def set_title(ax: Axes, text: str, characters: int = 90) -> None:
    """The chart's title, wrapped onto a second line where it is longer than a line of the chart holds."""
    ax.set_title(textwrap.fill(text, characters))


def runs(x: pd.Series) -> pd.Series:
    """Numbers the unbroken runs of sorted years (or dates) in ``x``: a run ends before a year without a figure."""
    years = x.dt.year if pd.api.types.is_datetime64_any_dtype(x) else x
    return (years.diff() > 1).cumsum()


def open_lines(ax: Axes, points: pd.DataFrame, colours: Mapping[str, str], x: str = "year", dashed: Sequence[str] = (),
               markers: bool = False, **line) -> None:
    """Draw ``points`` (columns ``x``, ``series``, ``value``) with seaborn: a line for each series named in
    ``colours``, in its colour, those in ``dashed`` dashed, with a dot at each figure if ``markers``.

    A missing year leaves the line open. Seaborn drops missing values and joins the years either side, so each
    unbroken run of years is drawn as a unit of its own; a year alone between two gaps is drawn as a dot.
    """
    points = points.loc[points["series"].isin(list(colours)) & points["value"].notna()]
    if points.empty:
        return
    order = [series for series in colours if series in set(points["series"])]
    points = points.sort_values(["series", x]).assign(run=lambda frame: frame.groupby("series")[x].transform(runs))
    before = len(ax.lines)
    sns.lineplot(points, x=x, y="value", hue="series", hue_order=order, palette={name: colours[name] for name in order},
                 style="series", style_order=order, dashes={name: (4, 2) if name in dashed else "" for name in order},
                 markers={name: "o" for name in order} if markers else False, units="run", estimator=None,
                 legend="full", ax=ax, **line)
    for drawn_line in ax.lines[before:]:
        if len(drawn_line.get_xdata()) == 1 and drawn_line.get_marker() in ("None", "", None):
            drawn_line.set_marker("o")


def wide_points(table: pd.DataFrame, labels: Mapping[str, str], scale: float = 1.0) -> pd.DataFrame:
    """The columns of ``table`` named in ``labels`` (a year per row) as points: year, series (the label), value."""
    return drawn(table / scale, "", labels)[["year", "series", "value"]]


def mark_breaks(ax: Axes, breaks: Sequence[int], years: pd.Index) -> None:
    """Dotted vertical lines at the break years inside the plotted range, each labelled with its year."""
    for year in breaks:
        if len(years) and years.min() < year < years.max():
            ax.axvline(year, color="black", linewidth=0.8, linestyle=":")
            ax.annotate(str(year), xy=(year, 1), xycoords=("data", "axes fraction"), xytext=(3, -10),
                        textcoords="offset points", fontsize=8)


def mark_seam(ax: Axes, first_year: int, label: str) -> None:
    """A dashed grey line half a year before ``first_year``, where the figures change source, with ``label``
    written beside it (the sources either side)."""
    ax.axvline(first_year - 0.5, color=config.COLOURS["comparator"], linewidth=0.9, linestyle="--")
    ax.annotate(label, xy=(first_year - 0.5, 0.98), xycoords=("data", "axes fraction"), xytext=(-3, 0),
                textcoords="offset points", fontsize=8, ha="right", va="top", rotation=90,
                color=config.COLOURS["comparator"])

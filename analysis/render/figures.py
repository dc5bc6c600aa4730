"""The house style of the report's charts and what every chart shares: the figure, its caption, its
source line and the numbers drawn, offered as CSV beside it."""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass
from typing import Mapping, Sequence

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from analysis import config
from analysis.data.load import Citation, citations_for
from analysis.render.tables import data_link, frame_csv, HtmlBlock

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


def role_colour(role: str) -> str:
    return config.COLOURS.get(role, config.COLOURS["comparator"])


def missing_chart(title: str) -> HtmlBlock:
    """What stands in for a chart whose figures are not in the snapshot: a note, never an empty frame."""
    return HtmlBlock(f'<p class="data-note">{html.escape(title)}: the data snapshot holds no figures for this chart '
                     "yet, so it is not drawn.</p>")


def no_data(ax: Axes) -> None:
    """Say so in an empty panel instead of leaving it blank."""
    ax.text(0.5, 0.5, "no figures in the data snapshot", transform=ax.transAxes, ha="center", va="center",
            color=config.COLOURS["comparator"], fontsize=9)
    ax.set_yticks([])


def percent_axis(ax: Axes) -> None:
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))
    ax.set_ylim(bottom=0)


CATEGORY_PALETTE = ("#b2182b", "#ef8a62", "#67a9cf", "#2166ac", "#999999", "#5ab4ac")


def place_legend(fig: Figure, ax: Axes, columns: int) -> None:
    """One column in the upper left corner, or a row of ``columns`` under the chart."""
    if columns > 1:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=columns, fontsize=9)
        fig.subplots_adjust(left=0.08, right=0.98, top=0.9, bottom=0.24)
    else:
        ax.legend(loc="upper left")
        fig.subplots_adjust(left=0.08, right=0.98, top=0.9, bottom=0.1)


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

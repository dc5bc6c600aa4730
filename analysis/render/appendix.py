"""The report's appendices: "Sources and data", generated from the sources its figures and verdicts use,
and "How this report is made", the two commands and the refresh."""

from __future__ import annotations

import html
from dataclasses import dataclass

from analysis.chapters.summary import sources
from analysis.config import entity_name, pair_slug
from analysis.params import ReportParameters
from analysis.render import tables


@dataclass(frozen=True)
class Appendix:
    id: str
    title: str
    body: str


def sources_and_data(country_a: str, country_b: str) -> Appendix:
    """The publishers' datasets used (release, years, figures) and the outlets of the compiled records."""
    countries = {country_a, country_b, *ReportParameters(country_a, country_b).comparators}
    found = sources.sources_and_data(sources.report_source_ids(country_a, country_b), countries)
    several = found.outlets[found.outlets["reports used"] > 1]
    once = len(found.outlets) - len(several)
    outlets = " · ".join(f"{html.escape(name)} ({count})" for name, count in several.itertuples(index=False))
    if once:
        outlets += f" · and {once} more with one document each"
    body = (f"<p>{html.escape(sources.data_as_of(found))}</p>"
            + tables.table(found.datasets.rename(columns=str.capitalize),
                           caption="The publishers' datasets behind the report's figures: the release read, the years "
                                   "used and the number of figures about the countries of this report.",
                           source="Data catalog (data/catalog.yml) and citations (data/citations.csv).")._repr_html_()
            + ("<h2 id=\"outlets\">Records compiled for this report</h2>"
               "<p>Events (exercises, meetings, vetoes, memberships, summits, votes on Ukraine) and the figures taken "
               "from press reports of official data cite these outlets and official bodies, with the number of their "
               "documents used; sources.csv beside the report lists each document with the sentence it supports.</p>"
               f'<p class="outlets">{outlets}</p>' if outlets else ""))
    return Appendix("appendix-sources", "Sources and data", body)


HOW_IT_IS_MADE = """
<p>Every number, chart and verdict in this report is computed from the data kept with the project, by code
that anyone can read and run; nothing is typed into the text by hand. Each verdict follows a rule written
in code, with its thresholds stated on its card.</p>
<p>To build the report again from a copy of the project, run two commands in its folder:</p>
<pre><code>make report
make test</code></pre>
<p>The first builds this report for {names} (<code>make report PAIR={pair}</code>; any two countries can be
named by their ISO codes); the second checks the data, the rules and the report. To bring the data up to date
from the publishers, <code>make refresh</code> fetches what each publisher offers, checks it, and lists
what changed; the next edition of the report then says which verdicts and deciding values moved, and
why. The numbers behind every figure and table are offered as CSV files beside it and in the report's
<code>data</code> folder, described by a Frictionless Data package.</p>
"""


def how_it_is_made(country_a: str, country_b: str) -> Appendix:
    names = f"{entity_name(country_a)} and {entity_name(country_b)}"
    body = HOW_IT_IS_MADE.format(names=html.escape(names), pair=pair_slug(country_a, country_b))
    return Appendix("appendix-method", "How this report is made", body)


def appendices(country_a: str, country_b: str) -> list[Appendix]:
    return [sources_and_data(country_a, country_b), how_it_is_made(country_a, country_b)]

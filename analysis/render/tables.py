"""Small HTML tables, verdict cards and notes for the notebooks.

Every text that comes from data is escaped, so a name or title in a raw
table can never inject markup into the report.
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass
from typing import Sequence

import pandas as pd

from analysis.files import csv_text
from analysis.claims.verdicts import FRAGILE, Verdict, history_runs, history_years


@dataclass(frozen=True)
class HtmlBlock:
    """An HTML fragment that Jupyter and the report both display as is."""

    markup: str

    def _repr_html_(self) -> str:
        return self.markup


def frame_csv(frame: pd.DataFrame) -> str:
    """A frame as the CSV a reader downloads: no index, missing cells empty, cells a spreadsheet would run as a
    formula neutralised."""
    cells = frame.astype(object).where(frame.notna(), None)
    return csv_text([str(column) for column in frame.columns], cells.itertuples(index=False, name=None))


def data_link(data: str) -> str:
    """A link that downloads ``data`` (CSV text) from the page itself: the report loads nothing remote.
    The report names the file after its figure or table when it numbers them."""
    if not data:
        return ""
    encoded = base64.b64encode(data.encode("utf-8")).decode("ascii")
    return (f'<a class="data-link" download="data.csv" href="data:text/csv;charset=utf-8;base64,{encoded}">'
            "Data (CSV)</a>")


def table(frame: pd.DataFrame, caption: str, source: str) -> HtmlBlock:
    """A compact table: caption above, source line below, all cells escaped (a note if there are no rows)."""
    if frame.empty:  # the section's text says what is missing, once
        return HtmlBlock("")
    head = "".join(f"<th>{html.escape(str(column))}</th>" for column in frame.columns)
    body = "".join(
        "<tr>" + "".join(_cell(cell) for cell in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    data = frame_csv(frame.assign(source=source))
    return HtmlBlock(
        '<figure class="report-table"><table>'
        f'<caption><span class="table-label">Table</span> {html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        f'<figcaption class="table-source">{html.escape(source)}{data_link(data)}</figcaption></figure>'
    )


# Dates, months, spans of years and vote tallies stay on one line ("2024-04-22", "2023-01", "2016–2020",
# "143–5–35").
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{4}-\d{2}|\d{4}[–-]\d{4}|\d+–\d+–\d+")


def _cell(value: object) -> str:
    """A table cell, escaped; dates and spans of years are kept on one line."""
    text = html.escape(str(value))
    return f'<td class="nowrap">{text}</td>' if ISO_DATE.fullmatch(text) else f"<td>{text}</td>"


def verdict_class(verdict: str) -> str:
    return "verdict-" + verdict.replace(" ", "-")


def verdict_cards(verdicts: Sequence[Verdict]) -> HtmlBlock:
    """One card per claim: verdict badge, deciding value, rule and reason."""
    cards = []
    for item in verdicts:
        cards.append(
            f'<div class="verdict-card {verdict_class(item.verdict)}" id="claim-{html.escape(item.claim_id)}">'
            f'<p class="verdict-head"><strong>{html.escape(item.claim_id)}</strong> '
            f'<span class="verdict-badge">{html.escape(item.verdict)}</span>'
            f'<a class="to-ledger" href="#ledger-{html.escape(item.claim_id)}">in the ledger</a></p>'
            f"<p><em>{html.escape(item.metric)}:</em> {html.escape(item.value)}</p>"
            f'<p class="verdict-reason">{html.escape(item.reason[0].upper() + item.reason[1:])}.</p>'
            f'<p class="verdict-rule">Rule: {html.escape(item.rule)}.</p>'
            + (f'<p class="verdict-margin">Nearest to its threshold: {html.escape(item.margin)}.</p>'
               if item.margin else "")
            + (f'<p class="verdict-robustness">Robustness: {html.escape(item.robustness)}.</p>'
               if item.robustness else "")
            + (f'<p class="verdict-history">With the data as it stood at the end of each year: '
               f'{html.escape(history_runs(item.history))}.</p>' if item.history else "")
            + "</div>"
        )
    return HtmlBlock('<div class="verdicts">' + "".join(cards) + "</div>")


def paragraph(text: str) -> HtmlBlock:
    """A paragraph of the chapter's text that depends on the pair (from the chapter's prose module)."""
    return HtmlBlock(f"<p>{html.escape(text)}</p>") if text else HtmlBlock("")


def claim_list(claims: Sequence) -> HtmlBlock:
    """The claims a chapter tests, each with its identifier, as stated about the pair."""
    items = "".join(f"<li><strong>{html.escape(claim.id)}</strong>: {html.escape(claim.text)}.</li>" for claim in claims)
    return HtmlBlock(f'<ul class="claim-list">{items}</ul>')


def findings(items: Sequence[tuple[str, str]], lead: str = "") -> HtmlBlock:
    """The summary's findings: the lead (the verdicts counted), then one paragraph per pillar, its name in bold."""
    paragraphs = "".join(f"<li><strong>{html.escape(pillar)}.</strong> {html.escape(sentence)}</li>"
                         for pillar, sentence in items)
    first = f'<li class="findings-lead">{html.escape(lead)}</li>' if lead else ""
    return HtmlBlock(f'<ul class="findings">{first}{paragraphs}</ul>')


def note(text: str) -> HtmlBlock:
    """A highlighted remark, used for data gaps and caveats."""
    return HtmlBlock(f'<p class="data-note">{html.escape(text)}</p>')


def history_strip(runs: str) -> str:
    """A verdict's history as a strip of small coloured cells, one per year (its verdict in the cell's title)."""
    years = history_years(runs)
    if not years:
        return ""
    cells = "".join(f'<i class="{verdict_class(verdict)}" title="{year}: {html.escape(verdict)}"></i>'
                    for year, verdict in years)
    return (f'<span class="history-strip" aria-label="{html.escape(runs)}">{cells}</span>'
            f'<span class="history-span">{years[0][0]}–{years[-1][0]}</span>')


def ledger_table(ledger: pd.DataFrame, caption: str, source: str) -> HtmlBlock:
    """The claims ledger: one colour-coded row per claim, its id linking to the verdict in its chapter."""
    rows = []
    for row in ledger.itertuples(index=False):
        anchor = f"claim-{row.id}" if row.metric else f"chapter-{row.chapter}"
        decided = f"{row.metric}: {row.value}" if row.metric else row.reason
        fragile = '<span class="fragile">fragile</span>' if str(row.robustness).startswith(FRAGILE) else ""
        rows.append(
            f'<tr class="{verdict_class(row.verdict)}" id="ledger-{html.escape(row.id)}">'
            f'<td><a href="#{html.escape(anchor)}">{html.escape(row.id)}</a></td>'
            f"<td>{html.escape(row.claim)}</td>"
            f'<td><span class="verdict-badge">{html.escape(row.verdict)}</span>{fragile}</td>'
            f"<td>{history_strip(str(row.history))}</td>"
            f"<td>{html.escape(decided)}</td></tr>"
        )
    return HtmlBlock(
        '<figure class="report-table ledger"><table>'
        f'<caption><span class="table-label">Table</span> {html.escape(caption)}</caption>'
        "<thead><tr><th>Claim</th><th>In our words</th><th>Verdict</th><th>Since 2010</th><th>Deciding evidence</th>"
        "</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        f'<figcaption class="table-source">{html.escape(source)}'
        f'{data_link(frame_csv(ledger))}</figcaption></figure>'
    )


def headline_panel(items: Sequence[tuple[str, str, str]]) -> HtmlBlock:
    """Key figures as tiles: (label, value, note) each; a missing value reads 'not yet in the data'."""
    tiles = "".join(
        f'<div class="headline-tile"><p class="headline-value">{html.escape(value or "—")}</p>'
        f'<p class="headline-label">{html.escape(label)}</p>'
        f'<p class="headline-note">{html.escape(note if value else "no figure in the data")}</p></div>'
        for label, value, note in items
    )
    return HtmlBlock(f'<div class="headline-panel">{tiles}</div>')

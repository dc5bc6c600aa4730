"""Report assembly: numbering, stderr removal, escaping, atomic writes."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

from analysis import files
from analysis.render import report, tables
from analysis.claims.verdicts import SUPPORTED, Verdict


def test_figures_and_tables_are_numbered_in_order():
    document = ('<span class="figure-label">Figure</span> a <span class="table-label">Table</span> b '
                '<span class="figure-label">Figure</span> c')
    numbered = report.number_labels(report.number_labels(document, "figure"), "table")
    assert 'id="figure-1">Figure 1.</span> a' in numbered
    assert 'id="figure-2">Figure 2.</span> c' in numbered
    assert 'id="table-1">Table 1.</span> b' in numbered


def test_stderr_outputs_are_left_out_and_reported():
    cell = new_code_cell("x", outputs=[
        new_output("stream", name="stderr", text="UserWarning: Glyph missing"),
        new_output("display_data", data={"text/html": "<p>kept</p>"}),
    ])
    silent = new_code_cell("y", outputs=[new_output("stream", name="stderr", text="noise")])
    notebook, dropped = report.clean_notebook(new_notebook(cells=[cell, silent]))
    assert len(notebook.cells) == 1
    assert [output.output_type for output in notebook.cells[0].outputs] == ["display_data"]
    assert len(dropped) == 2 and "Glyph missing" in dropped[0]


def test_text_from_data_is_escaped_in_tables_and_cards():
    import pandas as pd

    block = tables.table(pd.DataFrame({"name": ["<script>alert(1)</script>"]}), "cap <b>", "src")
    assert "<script>" not in block.markup and "&lt;script&gt;" in block.markup
    card = tables.verdict_cards([Verdict("G1", SUPPORTED, "m", "<img src=x>", "r", "why", ())])
    assert "<img src=x>" not in card.markup


def test_atomic_write_replaces_whole_file(tmp_path):
    target = tmp_path / "out" / "report.html"
    files.write_atomically(target, b"first")
    files.write_atomically(target, b"second")
    assert target.read_bytes() == b"second"
    assert [path.name for path in target.parent.iterdir()] == ["report.html"]


def test_event_titles_lose_a_capital_only_where_it_is_not_part_of_a_name():
    assert report.lower_first("Members of the SCO") == "members of the SCO"
    assert report.lower_first("SCO summits") == "SCO summits"
    assert report.lower_first("General Assembly roll calls") == "General Assembly roll calls"


def test_title_page_lists_excerpted_datasets_with_publishers_not_as_compiled_records():
    catalog = {"tables": {
        "wdi": {"schema": "indicator", "publisher": "World Bank", "title": "WDI", "release": "2026-04-08"},
        "votes": {"schema": "unga_roll_calls", "publisher": "Voeten et al.", "title": "Roll calls",
                  "release": "2021-03-23", "derived_from": "data/publisher/unvotes/"},
        "vetoes": {"schema": "vetoes", "publisher": "UN", "title": "Vetoed drafts", "release": "each row"},
    }}
    listed = report.vintages(catalog)
    assert [entry["publisher"] for entry in listed] == ["World Bank", "Voeten et al.", "Event records compiled for this report"]
    assert listed[-1]["title"] == "vetoed drafts"

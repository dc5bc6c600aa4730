"""Report assembly: numbering, stderr removal, escaping, atomic writes."""

from __future__ import annotations

import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from analysis import config, files
from analysis.chapters.summary import sources as summary_sources
from analysis.data.validation import Citation
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


@pytest.mark.parametrize("stored_as", ["csv", "parquet"])
def test_sources_and_data_groups_a_dataset_once_and_press_by_outlet(tmp_path, monkeypatch, stored_as):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "wdi.csv").write_text("entity,year,value,source_id\nRUS,2020,1,wdi-a\nCHN,2021,2,wdi-b\n"
                                              "FRA,2021,3,wdi-b\n")
    (tmp_path / "raw" / "issues.csv").write_text("rcid,source_id\n1,votes-1\n")
    votes = [["RUS", "2019-12-27", "votes-1", "1"], ["FRA", "2019-12-27", "votes-1", "1"], ["RUS", "2018-01-01", "other", ""]]
    if stored_as == "parquet":  # large tables are Parquet: read filtered, with the same result
        files.write_text_table(tmp_path / "raw" / "votes.parquet", ["country", "date", "source_id", "rcid"], votes)
    else:
        (tmp_path / "raw" / "votes.csv").write_text("country,date,source_id,rcid\n"
                                                    + "".join(",".join(row) + "\n" for row in votes))
    (tmp_path / "raw" / "vetoes.csv").write_text("date,vetoed_by,source_id\n2022-02-25,RUS,veto-1\n"
                                                 "2023-10-18,RUS,veto-2\n2024-01-01,RUS,unused\n")
    monkeypatch.setattr(config, "DATA_DIR", tmp_path)
    catalog = {"tables": {
        "wdi": {"file": "raw/wdi.csv", "schema": "indicator", "publisher": "World Bank", "title": "WDI",
                "release": "series A 2026-04-08; series B 2024-03-28"},
        "issues": {"file": "raw/issues.csv", "schema": "issues", "publisher": "Voeten", "title": "Roll calls",
                   "release": "data rebuilt 2021-03-08 (votes to 27 December 2019)"},
        "votes": {"file": f"raw/votes.{stored_as}", "schema": "votes", "publisher": "Voeten", "title": "Roll calls",
                  "release": "data rebuilt 2021-03-08 (votes to 27 December 2019)"},
        "vetoes": {"file": "raw/vetoes.csv", "schema": "vetoes", "publisher": "UN", "title": "Vetoed drafts",
                   "release": "each vote's date"},
    }}
    cite = lambda source, publisher, release: Citation(source, publisher, "t", "l", "u", release, "2026-12-01")  # noqa: E731
    citations = {"wdi-a": cite("wdi-a", "World Bank", "2026-04-08"), "wdi-b": cite("wdi-b", "World Bank", "2024-03-28"),
                 "votes-1": cite("votes-1", "Voeten", "2021-03-08"),
                 "veto-1": cite("veto-1", "TASS citing the UN", "2022-02-25"),
                 "veto-2": cite("veto-2", "TASS", "2023-10-18")}
    used = {"wdi-a", "wdi-b", "votes-1", "veto-1", "veto-2"}
    found = summary_sources.sources_and_data(used, {"RUS", "CHN"}, citations, catalog)
    assert found.datasets["dataset"].tolist() == ["WDI", "Roll calls"]  # a dataset in two tables is one row
    assert found.datasets["figures used"].tolist() == [2, 2]  # France's rows are not about the report's countries
    assert found.datasets["years used"].tolist() == ["2020–2021", "2019"]
    assert (found.oldest_release, found.newest_release) == ("2021-03-08", "2026-04-08")  # not the votes' end date
    assert found.outlets.values.tolist() == [["TASS", 2]]
    assert found.event_records_to == "2023-10-18"
    assert "released between 2021-03-08 and 2026-04-08" in summary_sources.data_as_of(found)


def test_release_dates_are_read_in_both_spellings_and_not_from_remarks_in_brackets():
    assert summary_sources.release_dates("generated 28 July 2022; generated 11 December 2023") == ["2022-07-28", "2023-12-11"]
    assert summary_sources.release_dates("copied on 2021-03-23 (votes to 27 December 2019)") == ["2021-03-23"]
    assert summary_sources.outlet("Gulf News (Reuters text; GACC data)") == "Gulf News"
    assert summary_sources.outlet("Rambler Finance, citing RIA Novosti") == "Rambler Finance"


def test_dates_and_spans_of_years_stay_on_one_line_in_tables():
    import pandas as pd

    block = tables.table(pd.DataFrame({"Period": ["2016–2020"], "Reported": ["2023-01"], "Note": ["a 2016 figure"],
                                       "Tally": ["143–5–35"]}), caption="c", source="s")._repr_html_()
    assert '<td class="nowrap">2016–2020</td>' in block and '<td class="nowrap">2023-01</td>' in block
    assert '<td class="nowrap">143–5–35</td>' in block
    assert "<td>a 2016 figure</td>" in block

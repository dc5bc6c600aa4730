"""What changed since the last edition: the comparison of two ledgers and which ledger is kept as the previous."""

from __future__ import annotations

import pandas as pd

from analysis import config
from analysis.chapters import summary
from analysis.claims import editions


def ledger(*rows: tuple[str, str, str, str]) -> pd.DataFrame:
    return pd.DataFrame([{"id": claim, "pillar": "economy", "metric": "m", "verdict": verdict, "value": value,
                          "sources": sources} for claim, verdict, value, sources in rows])


def test_changes_name_the_claim_what_changed_and_why():
    before = ledger(("E1", "supported", "10 %", "a; b"), ("E2", "supported", "5", "c"), ("E3", "supported", "1", "d"))
    now = ledger(("E1", "partly supported", "8 %", "a; b; e"), ("E2", "supported", "6", "c"), ("E3", "supported", "1", "d"),
                 ("E9", "supported", "2", "f"))
    changed = editions.changes(before, now)
    assert changed.values.tolist() == [
        ["E1", "verdict", "supported", "partly supported", "sources 1 added"],
        ["E2", "deciding value", "5", "6", "same sources; the rule or its computation changed"],
        ["E9", "new claim", "", "supported: 2", "first tested in this edition"]]
    assert editions.changes(now, now).empty


def test_the_previous_edition_is_the_last_published_ledger_that_differs(tmp_path):
    published = tmp_path / "reports" / "RUS-CHN" / "claims.csv"
    staged = tmp_path / "build" / "claims.csv"
    published.parent.mkdir(parents=True)
    staged.parent.mkdir(parents=True)
    assert editions.previous_for_publishing(staged, published) is None  # a first edition has none
    published.write_text("old")
    staged.write_text("new")
    assert editions.previous_for_publishing(staged, published) == published
    kept = published.parent / editions.PREVIOUS_FOLDER / "claims.csv"
    kept.parent.mkdir()
    kept.write_text("old")
    published.write_text("new")  # a rebuild of the same edition keeps the one before it
    assert editions.previous_for_publishing(staged, published) == kept


def test_the_summary_lists_the_changes_against_the_last_different_edition(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "REPORTS_DIR", tmp_path)
    now = ledger(("E1", "supported", "10 %", "a"))
    assert summary.what_changed(now, "RUS", "CHN")[0] is None
    folder = tmp_path / "RUS-CHN"
    (folder / editions.PREVIOUS_FOLDER).mkdir(parents=True)
    now.to_csv(folder / "claims.csv", index=False)
    ledger(("E1", "partly supported", "7 %", "a")).to_csv(folder / editions.PREVIOUS_FOLDER / "claims.csv", index=False)
    changed, sentence = summary.what_changed(now, "RUS", "CHN")
    assert changed["claim"].tolist() == ["E1"] and sentence == "1 claim changed verdict or deciding value since the last edition."


def test_each_pillar_s_finding_states_its_counts_and_a_deciding_number():
    table = ledger(("E1", "supported", "108.5 Mt in 2024", "a"), ("E2", "insufficient data", "", ""))
    assert summary.findings(table) == [
        ("Economy", "2 claims: supported 1, insufficient data 1. E1 supported, on m: 108.5 Mt in 2024.")]

"""The claims ledger: every claim once, chapter verdicts carried over, missing chapters honest."""

from __future__ import annotations

import re

from analysis import claims
from analysis.claims.ledger import LEDGER_COLUMNS, build_ledger, write_ledger
from analysis.chapters import pillar_chapters, summary
from analysis.claims.verdicts import INSUFFICIENT_DATA, SUPPORTED, Verdict
from analysis.claims.results import chapter_results

CLAIMS_FILE_IDS = ["E1", "E2", "E3", "E4", "E5", "E6", "E7", "E8", "M1", "M2", "M3", "M4", "D1", "D2", "D3", "D4", "D5", "D6",
                   "G1", "G2", "O1", "O2", "O3"]


def every_chapter_s_claims() -> list[claims.ChapterClaims]:
    return summary.chapter_claims()


def test_the_ledger_lists_every_claim_once_in_order():
    chapters = every_chapter_s_claims()
    assert [claim.id for chapter in chapters for claim in chapter.claims] == CLAIMS_FILE_IDS
    assert [chapter.chapter for chapter in chapters] == [chapter.id for chapter in pillar_chapters()]
    assert [chapter.chapter[:2] for chapter in chapters] == ["01", "02", "03", "04", "05"]
    assert all(chapter.pillar == chapter.chapter[3:] for chapter in chapters)


def test_ledger_carries_chapter_verdicts_and_marks_missing_chapters():
    geo = chapter_results("04_geopolitics", "RUS", "CHN", [
        Verdict("G1", SUPPORTED, "share", "19 %", "rule", "why", ("src-1", "src-2"))], {})
    ledger = build_ledger(every_chapter_s_claims(), lambda chapter: geo if chapter == "04_geopolitics" else None)
    assert list(ledger.columns) == LEDGER_COLUMNS
    assert len(ledger) == len(CLAIMS_FILE_IDS)
    g1 = ledger.set_index("id").loc["G1"]
    assert (g1["verdict"], g1["value"], g1["sources"]) == (SUPPORTED, "19 %", "src-1; src-2")
    g2 = ledger.set_index("id").loc["G2"]
    assert g2["verdict"] == INSUFFICIENT_DATA and g2["reason"] == "the chapter does not judge it yet"
    e1 = ledger.set_index("id").loc["E1"]
    assert e1["verdict"] == INSUFFICIENT_DATA and e1["reason"] == "the chapter has produced no results yet"


def test_write_ledger_is_a_plain_csv(tmp_path):
    ledger = build_ledger(every_chapter_s_claims(), lambda chapter: None)
    path = write_ledger(ledger, tmp_path / "RUS-CHN" / "claims.csv")
    lines = path.read_text().splitlines()
    assert lines[0] == ",".join(LEDGER_COLUMNS) and len(lines) == len(CLAIMS_FILE_IDS) + 1
    assert not re.search(r"\.new$", " ".join(p.name for p in path.parent.iterdir()))


def test_the_ledger_names_source_ids_that_sources_csv_resolves(tmp_path):
    from analysis.data.validation import Citation

    geo = chapter_results("04_geopolitics", "RUS", "CHN", [
        Verdict("G1", SUPPORTED, "share", "19 %", "rule", "why", ("src-1", "src-2", "src-1"))], {})
    ledger = build_ledger(every_chapter_s_claims(), lambda chapter: geo if chapter == "04_geopolitics" else None)
    citation = Citation("src-1", "World Bank", "WDI", "NY.GDP.MKTP.CD", "https://example.org", "2025-07-01", "2025-08-01")
    path = write_ledger(ledger, tmp_path / "claims.csv", {"src-1": citation})
    lines = (tmp_path / "sources.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "source_id,publisher,title,locator,url,release"
    assert lines[1:] == ["src-1,World Bank,WDI,NY.GDP.MKTP.CD,https://example.org,2025-07-01", "src-2,,,,,"]
    assert path.name == "claims.csv"


def test_claims_are_stated_about_the_pair_with_its_names_and_currencies():
    stated = {claim.id: claim.text for chapter in summary.chapter_claims("RUS", "IND") for claim in chapter.claims}
    assert stated["E1"] == "India has become a crucial market for Russia's energy as Russia turns away from Europe"
    assert stated["E2"] == "Big oil and gas deals and long pipelines feed India's industry"  # no pipeline links them
    assert "rupees" in stated["E4"] and "yuan" not in stated["E4"]
    original = {claim.id: claim.text for chapter in summary.chapter_claims() for claim in chapter.claims}
    assert original["E2"] == "Big oil and gas deals and long pipelines (Power of Siberia) feed China's industry"
    assert "rubles and yuan" in original["E4"]
    euro = {claim.id: claim.text for chapter in summary.chapter_claims("DEU", "FRA") for claim in chapter.claims}
    assert "settle trade in euros to" in euro["E4"]
    assert not [text for text in stated.values() if "China" in text or "{" in text]
    assert not [text for text in euro.values() if "China" in text or "Russia" in text]

"""Refresh of UN Comtrade, offline: the key from the environment, requests of at most twelve years, and
answers in Comtrade's JSON layout ({"elapsedMs": ..., "count": ..., "data": [records]}).

The records carry the fields of Comtrade's annual HS data (typeCode, refYear, reporterCode, flowCode,
partnerCode, partner2Code, cmdCode, customsCode, motCode, primaryValue, ...); their values are made up
for the test. A total of a flow has every breakdown at its total: cmdCode TOTAL, customsCode C00,
motCode 0, partner2Code 0.
"""

from __future__ import annotations

import json

import pytest

from analysis import refresh
from analysis.data import load as data
from analysis.chapters.economy import measures as economy_measures
from analysis.data.validation import validate_snapshot
from analysis.sources import comtrade

from .test_refresh import TODAY, RecordedTransport, data_dir, fingerprint, run  # noqa: F401 (fixture)

SOURCE = "UN Comtrade (China's trade with Russia)"


def record(year: int, flow: str, value: float, **breakdown) -> dict:
    fields = {"typeCode": "C", "freqCode": "A", "refPeriodId": int(f"{year}0101"), "refYear": year, "refMonth": 52,
              "period": str(year), "reporterCode": 156, "reporterISO": "CHN", "reporterDesc": "China",
              "flowCode": flow, "flowDesc": {"X": "Export", "M": "Import"}[flow], "partnerCode": 643,
              "partnerISO": "RUS", "partnerDesc": "Russian Federation", "partner2Code": 0, "partner2ISO": "W00",
              "partner2Desc": "World", "classificationCode": "H5", "isOriginalClassification": True,
              "cmdCode": "TOTAL", "cmdDesc": "All Commodities", "aggrLevel": 0, "isLeaf": False,
              "customsCode": "C00", "customsDesc": "TOTAL CPC", "mosCode": "0", "motCode": 0, "motDesc": "TOTAL MOT",
              "qtyUnitCode": -1, "qty": None, "netWgt": None, "cifvalue": None, "fobvalue": None,
              "primaryValue": value, "legacyEstimationFlag": 0, "isReported": False, "isAggregate": True}
    return {**fields, **breakdown}


def answer(years: list[int], extra: list[dict] | None = None) -> bytes:
    records = [record(year, flow, (60e9 if flow == "X" else 70e9) + year) for year in years for flow in ("X", "M")]
    records += extra or []
    return json.dumps({"elapsedMs": 312, "count": len(records), "data": records, "error": ""}).encode()


def answers(**changes) -> dict:
    urls = comtrade.requests(TODAY.year - 1)
    chunks = [list(range(1992, 2004)), list(range(2004, 2016)), list(range(2016, TODAY.year))]
    recorded = {url: answer(years) for url, years in zip(urls, chunks)}
    recorded.update(changes)
    return recorded


def test_without_a_key_comtrade_is_skipped_with_a_note(data_dir, monkeypatch):
    monkeypatch.delenv(comtrade.KEY, raising=False)
    transport = RecordedTransport(answers())
    sources = [s for s in refresh.planned_jobs(TODAY) if s.name == SOURCE]
    status = refresh.run(sources, transport, data_dir, data_dir.parent / "r", TODAY, check_network=False)
    assert status == 0 and transport.asked == []
    assert "skipped\nset COMTRADE_API_KEY" in (data_dir.parent / "r" / refresh.CHANGES_REPORT).read_text()


def test_with_a_key_the_totals_fill_the_comtrade_table(data_dir, monkeypatch):
    monkeypatch.setenv(comtrade.KEY, "test-key")
    noise = [record(2021, "X", 1.0, customsCode="C01"), record(2021, "X", 2.0, motCode=2100)]
    urls = comtrade.requests(TODAY.year - 1)
    recorded = answers(**{urls[2]: answer(list(range(2016, TODAY.year)), noise)})
    transport = RecordedTransport(recorded)
    sources = [s for s in refresh.planned_jobs(TODAY) if s.name == SOURCE]
    assert refresh.run(sources, transport, data_dir, data_dir.parent / "r", TODAY, check_network=False) == 0
    assert all(headers == {"Ocp-Apim-Subscription-Key": "test-key"} for headers in transport.headers.values())
    excerpt = data_dir / "publisher" / "comtrade" / f"comtrade.{TODAY.isoformat()}.json"
    kept = json.loads(excerpt.read_text())["data"]
    assert len(kept) == 2 * len(range(1992, TODAY.year))  # the breakdowns are left out
    raw = (data_dir / "raw" / "comtrade.csv").read_text()
    assert raw == comtrade.raw_table(data_dir / "publisher")
    assert f"comtrade_exports_usd,CHN,RUS,2021,60000002021,USD,comtrade-{TODAY.isoformat()}" in raw
    validate_snapshot(data_dir)
    assert f"comtrade-{TODAY.isoformat()},United Nations" in (data_dir / "citations.csv").read_text()
    merged = economy_measures.official_record_first(data.load_all_indicators(data_dir))
    chinas = merged[(merged["indicator"] == "trade_usd") & (merged["entity"] == "CHN") & (merged["partner"] == "RUS")]
    assert chinas.set_index("year").loc[1995, "value"] == pytest.approx(60e9 + 70e9 + 2 * 1995)  # a press gap filled


@pytest.mark.parametrize("broken, failure", [
    (b'{"elapsedMs": 5, "count": 0, "da', "truncated"),
    (json.dumps({"error": "Invalid subscription key"}).encode(), "format changed"),
    (json.dumps({"data": [{"refYear": 2021, "flowCode": "X"}]}).encode(), "format changed"),
], ids=["cut short", "an error instead of data", "records without their fields"])
def test_a_broken_comtrade_answer_keeps_the_snapshot(data_dir, monkeypatch, broken, failure):
    monkeypatch.setenv(comtrade.KEY, "test-key")
    before = fingerprint(data_dir)
    status, report = run(data_dir, answers(**{comtrade.requests(TODAY.year - 1)[1]: broken}))
    assert status == refresh.EXIT_FAILED
    assert f"{SOURCE}: failed\n{failure}:" in report.read_text()
    assert fingerprint(data_dir) == before

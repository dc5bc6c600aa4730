"""The shared verdict mechanism: tests, reasons made of them, margins and robustness; and every card of two
pairs' reports checked against its own numbers."""

from __future__ import annotations

import importlib
import re

import pytest

from analysis.chapters import pillar_chapters
from analysis.claims.verdicts import (GROWTH, INSUFFICIENT_DATA, NOT_SUPPORTED, PARTLY_SUPPORTED, ROBUST, SHARE,
                                      SUPPORTED, TIMES, Check, Comparison, every_some_none, history_runs, history_years,
                                      judge, written)
from analysis.params import ReportParameters

SENTENCE = re.compile(r"(?P<measured>.+): (?P<value>[^,]+), (?P<relation>above|below|at) (?P<threshold>.+?) "
                      r"\((?P<label>[^()]*(?:\([^()]*\)[^()]*)*)\): (?P<outcome>met|not met)")


def test_a_comparison_states_what_was_measured_against_which_threshold_and_the_outcome():
    gas = Comparison("pipeline gas in 2024 as a share of design capacity", 1.02, 0.9, SHARE)
    assert gas.passed
    assert gas.sentence == ("pipeline gas in 2024 as a share of design capacity: 102 %, above 90 % "
                            "(the rule's threshold): met")
    assert Comparison("trade in 2025 as a multiple of 2015", 2.4, 2.0, TIMES).sentence.startswith(
        "trade in 2025 as a multiple of 2015: 2.4×, above 2×")
    assert not Comparison("change from 2024 to 2025", -0.069, 0.0, GROWTH).passed
    assert "-6.9 %, below +0 %" in Comparison("change from 2024 to 2025", -0.069, 0.0, GROWTH).sentence
    assert not Comparison("x", 2.0, 2.0, above=True).passed and Comparison("x", 2.0, 2.0).passed
    assert Comparison("opposed votes", 0, 0, at_most=True).passed and not Comparison("o", 1, 0, at_most=True).passed


def test_thresholds_move_the_harder_or_the_easier_way_and_references_do_not_move():
    share = Comparison("share", 0.5, 0.5, SHARE)
    assert share.shifted(stricter=True).threshold == pytest.approx(0.6)
    assert share.shifted(stricter=False).threshold == pytest.approx(0.4)
    ceiling = Comparison("largest group", 0.5, 0.5, SHARE, at_most=True)
    assert ceiling.shifted(stricter=True).threshold == pytest.approx(0.4)
    earlier = Comparison("ratio", 0.41, 0.35, SHARE, above=True, rule_threshold=False)
    assert earlier.shifted(stricter=True) == earlier and earlier.margin is None


def test_judge_builds_the_reason_from_the_tests_and_says_how_firm_the_verdict_is():
    tests = [Comparison("a", 1.2, 0.9, SHARE), Comparison("b", 3.0, 2.0, TIMES), Check(True, "c held", "c failed")]
    verdict = judge("X1", "metric", "rule", "value", tests, ["s"])
    assert verdict.verdict == SUPPORTED
    assert verdict.reason == "; ".join(test.sentence for test in tests)
    assert verdict.margin == "a: 120 % against 90 % (+33 % of the threshold)"
    assert verdict.robustness == ROBUST
    close = judge("X2", "m", "r", "v", [Comparison("a", 0.95, 0.9, SHARE), Comparison("b", 3.0, 2.0, TIMES)], [])
    assert close.verdict == SUPPORTED and close.robustness.startswith("fragile: thresholds 20% stricter give "
                                                                      f"'{PARTLY_SUPPORTED}'")
    assert every_some_none([False, False]) == NOT_SUPPORTED
    assert [test["passed"] for test in verdict.tests] == [True, True, True]


def verdicts_of(country_a: str, country_b: str):
    parameters = ReportParameters(country_a, country_b)
    for chapter in pillar_chapters():
        yield from importlib.import_module(chapter.package).analyse(parameters).verdicts


@pytest.mark.parametrize("pair", [("RUS", "CHN"), ("RUS", "IND")], ids=lambda pair: "-".join(pair))
def test_every_card_s_reason_states_its_own_tests_and_numbers(pair):
    """Each reason is the rule's tests, each giving the measured value and the threshold it was held against,
    as the test computed them, and an outcome that follows from the two."""
    verdicts = list(verdicts_of(*pair))
    assert len(verdicts) == 23
    for verdict in verdicts:
        if verdict.verdict == INSUFFICIENT_DATA:
            assert not verdict.tests, verdict.claim_id
            continue
        assert verdict.tests, f"{verdict.claim_id} was judged without a test"
        sentences = [test["test"] for test in verdict.tests]
        assert verdict.reason.startswith("; ".join(sentences)), verdict.claim_id
        for test in verdict.tests:
            if "threshold" not in test:
                continue
            found = SENTENCE.fullmatch(test["test"])
            assert found, test["test"]
            numbers = {written(test["value"], unit) for unit in (SHARE, TIMES, GROWTH, "number", "ratio", "points")}
            assert found["value"] in numbers, (verdict.claim_id, test["test"])
            limits = {written(test["threshold"], unit) for unit in (SHARE, TIMES, GROWTH, "number", "ratio", "points")}
            assert found["threshold"] in limits, (verdict.claim_id, test["test"])
            assert (found["outcome"] == "met") == test["passed"], (verdict.claim_id, test["test"])
        assert verdict.robustness, verdict.claim_id


def test_a_history_reads_as_runs_of_years_and_back():
    history = [(2010, INSUFFICIENT_DATA), (2011, INSUFFICIENT_DATA), (2012, PARTLY_SUPPORTED), (2013, SUPPORTED),
               (2014, SUPPORTED)]
    runs = history_runs(history)
    assert runs == "2010–2011 insufficient data; 2012 partly supported; 2013–2014 supported"
    assert history_years(runs) == history


def test_each_verdict_carries_its_history_from_2010_with_later_figures_withheld():
    from analysis.chapters import HISTORY_FROM, economy

    result = economy.analyse(ReportParameters("RUS", "CHN"))
    e2 = next(verdict for verdict in result.verdicts if verdict.claim_id == "E2")
    years = [year for year, _ in e2.history]
    assert years == list(range(HISTORY_FROM, 2026)) and e2.history[-1][1] == e2.verdict
    # Power of Siberia opened in December 2019: with the data as it stood before, E2 could not be judged
    assert dict(e2.history)[2018] == INSUFFICIENT_DATA


def test_a_verdict_that_alternative_data_would_change_is_fragile_and_says_how():
    from dataclasses import dataclass

    from analysis.chapters import with_alternatives

    @dataclass(frozen=True)
    class Result:
        verdicts: list
        sources: dict

    judged = judge("E3", "m", "r", "v", [Comparison("a", 3.0, 2.0, TIMES)], [])
    other = judge("E3", "m", "r", "v", [Comparison("a", 1.5, 2.0, TIMES)], [])
    unjudged = judge("E5", "m", "r", "v", [Comparison("b", 3.0, 2.0, TIMES)], [])
    result = with_alternatives(Result([judged, unjudged], {}), {"the other side's record": [other]})
    assert result.verdicts[0].robustness == "fragile: the other side's record gives 'not supported'"
    assert result.verdicts[1].robustness == ROBUST


def test_rus_ind_e3_is_fragile_under_india_s_own_record():
    from analysis.chapters import economy

    e3 = next(v for v in economy.analyse(ReportParameters("RUS", "IND")).verdicts if v.claim_id == "E3")
    assert "the other side's record of the pair's trade gives" in e3.robustness

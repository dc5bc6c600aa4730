"""Counting and agreement rules of the diplomacy chapter on small hand-made tables."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import config
from analysis.chapters import chapter_named
from analysis.chapters import diplomacy as dip
from analysis.chapters.diplomacy import measures as dip_measures, rules as dip_rules, views as dip_views
from analysis.sources.unvotes import parse_excerpt
from analysis.claims.verdicts import INSUFFICIENT_DATA, NOT_SUPPORTED, PARTLY_SUPPORTED, SUPPORTED

from .sources.test_unvotes_excerpt import ROLL_CALLS, UNVOTES


def vetoes(rows):
    return pd.DataFrame(rows, columns=["date", "draft_symbol", "vetoed_by"])


def test_a_double_veto_is_one_draft_and_two_vetoes():
    table = vetoes([("2011-10-04", "S/2011/612", "RUS;CHN"), ("2014-03-15", "S/2014/189", "RUS"),
                    ("2017-04-12", "S/2017/315", "RUS"), ("2018-06-01", "S/2018/516", "USA")])
    assert len(dip_measures.veto_members(table)) == 5  # vetoes cast
    counts = dip_measures.veto_counts(table, "RUS", "CHN")
    assert int(counts.to_numpy().sum()) == 4  # drafts
    assert counts.loc[2011, "joint"] == 1 and counts.loc[2014, "RUS alone"] == 1 and counts.loc[2018, "others"] == 1
    assert counts["CHN alone"].sum() == 0


def d1(joint, b_alone, a_alone=0):
    rows = [(f"20{10 + i:02d}-01-01", f"S/J{i}", "RUS;CHN") for i in range(joint)]
    rows += [(f"20{10 + i:02d}-02-01", f"S/B{i}", "CHN") for i in range(b_alone)]
    rows += [(f"20{10 + i:02d}-03-01", f"S/A{i}", "RUS") for i in range(a_alone)]
    return dip_rules.verdict_d1(dip_measures.veto_counts(vetoes(rows), "RUS", "CHN"), "RUS", "CHN", ["s"]).verdict


def test_d1_rule_at_its_thresholds():
    assert d1(joint=6, b_alone=3) == SUPPORTED          # exactly two thirds, six joint drafts
    assert d1(joint=4, b_alone=2) == PARTLY_SUPPORTED   # two thirds but fewer than five joint
    assert d1(joint=1, b_alone=2) == PARTLY_SUPPORTED   # exactly one third
    assert d1(joint=1, b_alone=3) == NOT_SUPPORTED
    assert d1(joint=0, b_alone=0, a_alone=3) == INSUFFICIENT_DATA


def roll_calls():
    """Four roll calls in 2020: RUS and CHN agree on two of the three where both voted."""
    rows = [(1, "RUS", "Y"), (1, "CHN", "Y"), (1, "USA", "N"),
            (2, "RUS", "A"), (2, "CHN", "A"), (2, "USA", "Y"),   # an abstention matches an abstention
            (3, "RUS", "N"), (3, "CHN", "A"), (3, "USA", "N"),
            (4, "RUS", "Y"), (4, "CHN", "X"), (4, "USA", "Y")]   # China absent: roll call 4 left out
    frame = pd.DataFrame(rows, columns=["rcid", "country", "vote"])
    frame["year"] = 2020
    return frame


def test_agreement_counts_abstentions_and_leaves_out_absences():
    assert dip_measures.agreement(roll_calls(), "RUS", "CHN").loc[2020] == pytest.approx(2 / 3)
    assert dip_measures.agreement(roll_calls(), "CHN", "USA").loc[2020] == pytest.approx(0 / 3)
    assert dip_measures.agreement(roll_calls(), "RUS", "USA").loc[2020] == pytest.approx(2 / 4)
    assert dip_measures.agreement(roll_calls(), "RUS", "IND").empty


def test_d2_rule_judges_each_comparator_by_the_lower_end_of_its_interval():
    pair = pd.Series({2020: 0.80})
    clear = {"China–United States": (0.05, 0.01, 0.09)}
    noise = {"China–United States": (0.04, -0.02, 0.10)}  # four points ahead, within sampling error
    assert dip_rules.verdict_d2(pair, clear, []).verdict == SUPPORTED
    assert dip_rules.verdict_d2(pair, noise, []).verdict == NOT_SUPPORTED
    assert dip_rules.verdict_d2(pair, {**clear, "China–India": (-0.07, -0.09, -0.05)}, []).verdict == PARTLY_SUPPORTED
    assert dip_rules.verdict_d2(pd.Series(dtype=float), {}, []).verdict == INSUFFICIENT_DATA
    reason = dip_rules.verdict_d2(pair, noise, []).reason
    assert "(+4.0 points), lower end of the 90% interval: -2 points, below 0 points (the rule's threshold): not met" in reason


def test_agreement_gaps_separate_a_real_gap_from_noise():
    rows = []
    for rcid in range(200):
        year = 2000 + rcid // 50
        rows += [(rcid, year, "RUS", "Y"), (rcid, year, "CHN", "Y"),  # the pair always alike
                 (rcid, year, "USA", "Y" if rcid % 2 else "N"),  # alike with Russia half the time
                 (rcid, year, "IND", "Y" if rcid % 50 else "N")]  # alike 98 % of the time
    matrix = dip_measures.vote_matrix(pd.DataFrame(rows, columns=["rcid", "year", "country", "vote"]))
    gaps = dip_measures.agreement_gaps(matrix, ("RUS", "CHN"), [("RUS", "USA"), ("RUS", "IND")])
    gap, low, high = gaps[("RUS", "USA")]
    assert gap == pytest.approx(0.5) and low > 0.35 and high < 0.65
    gap, low, high = gaps[("RUS", "IND")]
    assert gap == pytest.approx(0.02) and low < gap < high and low < 0.015  # two points: not far from noise


def test_the_chapter_judges_d2_from_the_roll_calls_in_the_snapshot():
    view = dip.compute(dip.load_tables(), "RUS", "CHN", 1992, 2025)
    d2 = next(verdict for verdict in view.verdicts if verdict.claim_id == "D2")
    assert d2.verdict != INSUFFICIENT_DATA
    assert "roll calls of sessions 46–74" in d2.metric
    pair_row = view.agreement[view.agreement["is_pair"]].iloc[0]
    assert 0 < pair_row["agreement"] <= 1 and pair_row["roll_calls"] > 50


def test_agreement_is_drawn_by_year_only_when_roll_calls_span_years():
    from analysis.render import charts
    from analysis.render.charts import ReportFigure

    def agreement_chart(result):
        return charts.share_lines(dip_views.agreement_by_year(result), dip_views.agreement_lines(result), title="t",
                                  caption="c", source_ids=[], min_years=2)

    tables = dip.load_tables()
    tables = {**tables, "unga_roll_calls_1992_2019": tables["unga_roll_calls_1992_2019"].iloc[0:0]}
    one_year = dip.compute({**tables, "unga_roll_calls": parse_excerpt(UNVOTES, ROLL_CALLS).astype(str)},
                           "RUS", "CHN", 1992, 2025)
    assert agreement_chart(one_year).markup == ""
    votes = parse_excerpt(UNVOTES, ROLL_CALLS.replace("2019-12-19", "2020-09-30"))
    two_years = dip.compute({**tables, "unga_roll_calls": votes.astype(str)}, "RUS", "CHN", 1992, 2025)
    assert list(two_years.agreement_by_year.index) == [2019, 2020]
    assert isinstance(agreement_chart(two_years), ReportFigure)
    assert list(dip_views.agreement_lines(two_years))[0] == "Russia–China"


def test_the_1992_2019_record_comes_first_and_later_roll_calls_are_added():
    history = pd.DataFrame([(1, "46", "1992-08-03", "A/RES/46/1", "", "0", "0", "RUS", "Y", "h"),
                            (1, "46", "1992-08-03", "A/RES/46/1", "", "0", "0", "CHN", "A", "h")],
                           columns=["rcid", "session", "date", "resolution", "part", "amend", "para", "country", "vote",
                                    "source_id"])
    later = pd.DataFrame([(1, "46", "1992-08-03", "A/RES/46/1", "RUS", "N", "l"),
                          (9, "75", "2020-12-07", "A/RES/75/1", "RUS", "Y", "l")],
                         columns=dip_measures.ROLL_CALL_COLUMNS)
    joined = dip_measures.joined_roll_calls(history, later)
    assert list(joined.columns) == dip_measures.ROLL_CALL_COLUMNS
    assert joined[(joined["rcid"] == 1) & (joined["country"] == "RUS")]["vote"].tolist() == ["Y"]
    assert sorted(joined["rcid"].tolist()) == [1, 1, 9]


def test_comparator_pairs_are_the_permanent_members_and_comparators_only():
    votes = pd.DataFrame({"country": ["RUS", "CHN", "USA", "IND", "BLR", "FRA", "GBR"]})
    pairs = dip_measures.comparator_pairs(votes, "RUS", "CHN", dip_rules.D2_COMPARATOR_COUNTRIES)
    assert ("RUS", "BLR") not in pairs and ("RUS", "USA") in pairs and ("CHN", "IND") in pairs
    assert len(pairs) == 8


def test_d6_needs_the_same_vote_on_both_themes():
    def stance(coercive: float, interference: float) -> pd.DataFrame:
        return pd.DataFrame([["coercive measures", "Russia–China", round(coercive * 40), 40, coercive, True],
                             ["non-interference", "Russia–China", round(interference * 8), 8, interference, True],
                             ["coercive measures", "Russia–France", 4, 40, 0.1, False]],
                            columns=dip_measures.STANCE_COLUMNS)
    threshold = dip_rules.D6_SAME_VOTE_SHARE
    assert dip_rules.verdict_d6(stance(threshold, threshold), ["s"]).verdict == SUPPORTED
    partly = dip_rules.verdict_d6(stance(0.9, 0.25), ["s"])
    assert partly.verdict == PARTLY_SUPPORTED
    assert "the share of the 8 roll calls on non-interference on which the two voted alike: 25 %, below 75 %" in partly.reason
    assert dip_rules.verdict_d6(stance(0.5, 0.25), ["s"]).verdict == NOT_SUPPORTED
    assert dip_rules.verdict_d6(stance(0.9, 0.9).iloc[0:0], ["s"]).verdict == INSUFFICIENT_DATA


def test_d6_counts_only_roll_calls_both_voted_on_per_theme():
    roll_calls = pd.DataFrame([(1, 2000, "RUS", "Y"), (1, 2000, "CHN", "Y"), (2, 2001, "RUS", "N"), (2, 2001, "CHN", "Y"),
                               (3, 2001, "RUS", "X"), (3, 2001, "CHN", "Y"), (4, 2002, "RUS", "A"), (4, 2002, "CHN", "A")],
                              columns=["rcid", "year", "country", "vote"])
    themes = pd.DataFrame({"rcid": ["1", "2", "3", "4"],
                           "topic": ["coercive measures", "coercive measures", "coercive measures", "non-interference"]})
    stance = dip_measures.stance_by_topic(dip_measures.vote_matrix(roll_calls), themes, [("RUS", "CHN")])
    coercive = stance.set_index("topic").loc["coercive measures"]
    assert (coercive["same"], coercive["roll_calls"]) == (1, 2)  # the absent vote is left out
    assert stance.set_index("topic").loc["non-interference", "share"] == 1.0

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


def ukraine(pairs):
    return pd.DataFrame([{"vote_RUS": a, "vote_CHN": b} for a, b in pairs])


def test_d4_rule_at_its_thresholds():
    assert dip_rules.verdict_d4(ukraine([("N", "N")] * 3 + [("N", "A")]), "RUS", "CHN", []).verdict == SUPPORTED
    assert dip_rules.verdict_d4(ukraine([("N", "A")] * 4), "RUS", "CHN", []).verdict == PARTLY_SUPPORTED
    assert dip_rules.verdict_d4(ukraine([("N", "A")] * 3 + [("N", "Y")]), "RUS", "CHN", []).verdict == NOT_SUPPORTED
    assert dip_rules.verdict_d4(ukraine([("X", "A")]), "RUS", "CHN", []).verdict == INSUFFICIENT_DATA


def test_meetings_per_year_fill_empty_years_and_keep_phone_calls_apart():
    meetings = pd.DataFrame({"date": ["2013-03-22", "2013-09-05", "2015-05-08", "2015-06-01"],
                             "format": ["state visit", "summit side-line", "video call", "phone call"]})
    table = dip_measures.meetings_per_year(meetings, 2013, 2015)
    assert table.loc[2014].sum() == 0
    assert table.loc[2015, "phone call"] == 1
    verdict = dip_rules.verdict_d5(table, [])
    assert verdict.verdict == PARTLY_SUPPORTED  # one a year on average, but none in 2014
    every_year = dip_measures.meetings_per_year(pd.DataFrame({"date": ["2013-01-01", "2013-02-01", "2014-01-01", "2014-02-01"],
                                                     "format": ["state visit"] * 4}), 2013, 2014)
    assert dip_rules.verdict_d5(every_year, []).verdict == SUPPORTED


def test_d3_membership_growth_and_regular_summits():
    memberships = pd.DataFrame({"organisation": ["BRICS"] * 4 + ["SCO"] * 2,
                                "status": ["member"] * 6,
                                "joined": ["2009", "2009", "2011", "2024-01-01", "2001-06-15", "2001-06-15"]})
    growth = dip_measures.membership_over_time(memberships, 2024)
    assert growth.loc[2010, "BRICS"] == 2 and growth.loc[2024, "BRICS"] == 4 and growth.loc[2024, "SCO"] == 2
    summits = pd.DataFrame({"organisation": ["BRICS"] * 3 + ["SCO"] * 3,
                            "date": ["2022-06-23", "2023-08-22", "2024-10-22", "2022-09-15", "2023-07-04", "2024-07-03"]})
    assert dip_rules.verdict_d3(growth, summits, []).verdict == PARTLY_SUPPORTED  # SCO did not grow


def test_the_chapter_shows_only_the_pairs_own_meetings_and_memberships():
    tables = {
        "vetoes": pd.DataFrame(columns=["date", "draft_symbol", "meeting_record", "subject", "vetoed_by", "source_id"]),
        "unga_ukraine_votes": pd.DataFrame(columns=["symbol", "vote_RUS", "vote_CHN", "source_id"]),
        "unga_roll_calls": pd.DataFrame(columns=["rcid", "session", "date", "resolution", "country", "vote", "source_id"]),
        "memberships": pd.DataFrame({"organisation": ["SCO", "SCO", "SCO"], "entity": ["RUS", "CHN", "IND"],
                                     "status": ["member"] * 3, "joined": ["2001", "2001", "2017"], "source_id": "m"}),
        "summits": pd.DataFrame({"organisation": ["SCO"] * 3, "date": ["2022-09-15", "2023-07-04", "2024-07-03"],
                                 "source_id": "s"}),
        "leader_meetings": pd.DataFrame({"pair": ["CHN-RUS", "IND-RUS"], "date": ["2014-05-20", "2014-12-11"],
                                         "format": ["state visit", "state visit"], "source_id": ["a", "b"]}),
    }
    russia_india = dip.compute(tables, "RUS", "IND", 2013, 2024)
    assert int(russia_india.meetings.to_numpy().sum()) == 1 and russia_india.sources["meetings"] == ["b"]
    assert russia_india.membership.loc[2024, "SCO"] == 3
    assert russia_india.verdicts[0].verdict == NOT_SUPPORTED  # India holds no veto
    assert "India is not a permanent member" in russia_india.verdicts[0].reason
    usa_gbr = dip.compute(tables, "USA", "GBR", 2013, 2024)
    assert usa_gbr.verdicts[2].verdict == NOT_SUPPORTED  # no organisation counts both as members
    assert usa_gbr.meetings.empty
    assert usa_gbr.verdicts[1].verdict == INSUFFICIENT_DATA and usa_gbr.agreement.empty  # no roll calls


def test_vetoes_by_topic_counts_each_draft_once_under_the_table_s_topic():
    table = pd.DataFrame({"date": ["2011-10-04", "2012-02-04", "2022-02-25", "2023-01-01"],
                          "draft_symbol": ["S/1", "S/2", "S/3", "S/4"],
                          "vetoed_by": ["RUS;CHN", "RUS;CHN", "RUS", "USA"],
                          "subject": ["The situation in the Middle East", "Middle East - Syria", "Letter from Ukraine",
                                      "The situation in the Middle East, including the Palestinian question"],
                          "topic": ["Syria", "Syria", "Ukraine", "Israel and Palestine"]})
    topics = dip_measures.vetoes_by_topic(table, "RUS", "CHN").set_index("Topic")
    assert topics.loc["Syria", "Vetoed by both"] == 2  # the first is filed by its topic, not its agenda item
    assert topics.loc["Ukraine", "RUS alone"] == 1
    assert topics.loc["Israel and Palestine", "others"] == 1
    assert int(topics["Drafts"].sum()) == 4


def test_the_snapshot_files_every_syria_draft_under_syria():
    vetoes = dip.load_tables()["vetoes"]
    syria = dip_measures.vetoes_by_topic(vetoes, "RUS", "CHN").set_index("Topic").loc["Syria"]
    assert (int(syria["Drafts"]), int(syria["Vetoed by both"])) == (18, 10)
    assert not vetoes["topic"].str.contains("agenda item").any()
    # the topic is read from a cited page exactly where the agenda item names no country: ten Syria drafts
    cited = vetoes[vetoes["topic_source_id"] != ""]
    assert len(cited) == 10 and (cited["topic"] == "Syria").all()
    assert set(cited["agenda_item"]) == {"Middle East", "The situation in the Middle East"}


def test_joint_vetoes_are_counted_from_the_first_joint_veto():
    from analysis.params import ReportParameters

    result = dip.analyse(ReportParameters("RUS", "CHN"))
    figure = dip_views.headline(result)["joint_vetoes"]
    first_veto = int(result.veto_counts.index.min())
    assert figure["since"] == 2007 and first_veto < figure["since"]


def test_the_meetings_chart_and_d5_count_the_same_events():
    from analysis.params import ReportParameters

    result = dip.analyse(ReportParameters("RUS", "CHN"))
    d5 = next(verdict for verdict in result.verdicts if verdict.claim_id == "D5")
    meetings = result.meetings[list(dip_measures.MEETING_FORMATS)].sum(axis=1)
    calls = result.meetings[dip_measures.PHONE_CALL]
    assert f"meetings a year on average, {meetings.index.min()}–{meetings.index.max()}: {meetings.mean():.1f}" in d5.reason
    assert meetings.loc[2020] == 0 and calls.loc[2020] > 0 and "did not meet in person or by video in 2020" in d5.reason
    notebook = (config.NOTEBOOKS_DIR / f"{chapter_named('diplomacy').id}.ipynb").read_text(encoding="utf-8")
    assert "Meetings and telephone calls of the two leaders per year" in notebook


# --- General Assembly roll calls (D2) -------------------------------------------------------

def test_agreement_table_counts_only_roll_calls_both_voted_on():
    roll_calls = dip_measures.roll_call_votes(parse_excerpt(UNVOTES, ROLL_CALLS))
    table = dip_measures.agreement_table(roll_calls, "RUS", "CHN", dip_rules.D2_COMPARATOR_COUNTRIES).set_index("pair")
    # China and Russia: roll calls 1 (same) and 2 (different); Russia has no vote on 3
    assert table.loc["China–Russia", "agreement"] == pytest.approx(0.5)
    assert table.loc["China–Russia", "roll_calls"] == 2
    assert bool(table.loc["China–Russia", "is_pair"])
    # China and the United States: 1 differs, 2 and 3 agree
    assert table.loc["China–United States", "agreement"] == pytest.approx(2 / 3)
    assert dip_measures.comparator_pairs(roll_calls, "RUS", "CHN", dip_rules.D2_COMPARATOR_COUNTRIES) == [("RUS", "USA"), ("CHN", "USA")]


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

"""Counting, aggregation and verdict rules of the military chapter on small hand-made tables."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import config
from analysis.chapters.military import measures as mil_measures, rules as mil_rules
from analysis.data.schemas import DataValidationError
from analysis.data.tables import EXERCISE_TABLE, validate_table
from analysis.claims.verdicts import INSUFFICIENT_DATA, NOT_SUPPORTED, PARTLY_SUPPORTED, SUPPORTED

COLUMNS = ["pair", "start_date", "end_date", "name", "domain", "format", "location", "far_seas", "source_id"]


def exercises(rows):
    """Rows of (start_date, name, domain, format, far_seas)."""
    return pd.DataFrame([("CHN-RUS", start, "", name, domain, form, "somewhere", far, "s")
                         for start, name, domain, form, far in rows], columns=COLUMNS)


def test_a_multi_phase_exercise_counts_once_in_the_year_it_began():
    table = exercises([("2015-05-11", "Joint Sea-2015 (phases I and II)", "naval", "bilateral", "yes"),
                       ("2015-08-24", "Peace Mission-2015", "counter-terrorism", "SCO", ""),
                       ("2016-12", "Patrol with a month only", "joint patrol", "bilateral", "no")])
    table.loc[0, "end_date"] = "2015-08-28"  # the second phase ended months later: still one exercise
    per_year = mil_measures.exercises_per_year(table, 2014, 2016)
    assert per_year.loc[2015].sum() == 2 and per_year.loc[2015, "naval"] == 1
    assert per_year.loc[2014].sum() == 0  # a year without exercises is a zero, not a gap
    assert per_year.loc[2016, "joint patrol"] == 1


def test_window_profile_counts_mix_and_reach():
    table = exercises([("2020-01-01", "Joint Sea", "naval", "bilateral", "yes"),
                       ("2020-02-01", "Joint strategic air patrol no. 1", "joint patrol", "bilateral", "no"),
                       ("2021-03-01", "Peace Mission", "counter-terrorism", "SCO", ""),
                       ("2022-03-01", "Outside the window", "naval", "bilateral", "yes")])
    profile = mil_measures.window_profile(table, 2020, 2021)
    assert profile["exercises"] == 3 and profile["per_year"] == 1.5 and profile["domains"] == 3
    assert profile["far_seas"] == 1 and profile["far_seas_share"] == pytest.approx(1 / 3)
    assert profile["bilateral_share"] == pytest.approx(2 / 3) and profile["bomber_patrols"] == 1


def m1(before: int, recent: int, recent_far: int = 0, recent_domain: str = "naval"):
    rows = [(f"{2011 + i % 5}-01-01", f"early {i}", "naval", "bilateral", "no") for i in range(before)]
    rows += [(f"{2016 + i % 5}-01-01", f"late {i}", recent_domain, "bilateral", "yes" if i < recent_far else "no")
             for i in range(recent)]
    return mil_rules.verdict_m1(exercises(rows), 2020, ["s"]).verdict


def test_m1_rule_at_its_thresholds():
    assert m1(before=4, recent=5, recent_far=1) == SUPPORTED        # exactly 1.25 times, and further afield
    assert m1(before=4, recent=5) == PARTLY_SUPPORTED               # more often, same reach and mix
    assert m1(before=5, recent=6, recent_far=1) == PARTLY_SUPPORTED  # 1.2 times: not "more often"
    assert m1(before=5, recent=6) == NOT_SUPPORTED
    assert mil_rules.verdict_m1(exercises([]), 2020, []).verdict == INSUFFICIENT_DATA


def test_m1_needs_two_full_windows_of_records():
    rows = [("2018-01-01", "first", "naval", "bilateral", "no"), ("2020-01-01", "second", "naval", "bilateral", "no")]
    assert mil_rules.verdict_m1(exercises(rows), 2020, ["s"]).verdict == INSUFFICIENT_DATA


def tiv(rows):
    """Rows of (supplier, recipient, year, value) as the long indicator table."""
    return pd.DataFrame([("arms_tiv", s, r, y, v, "million TIV", "s") for s, r, y, v in rows],
                        columns=["indicator", "entity", "partner", "year", "value", "unit", "source_id"])


def test_five_year_sums_leave_out_incomplete_periods():
    series = pd.Series({year: 1.0 for year in range(2000, 2013)})
    sums = mil_measures.five_year_sums(series, 2000, 2014)
    assert list(sums.index) == ["2000–2004", "2005–2009"]  # 2010–2014 lacks 2013 and 2014
    assert sums.iloc[0] == 5.0
    gappy = series.drop(2006)
    assert list(mil_measures.five_year_sums(gappy, 2000, 2014).index) == ["2000–2004"]


def test_arms_periods_share_of_imports_and_of_exports():
    rows = [("RUS", "CHN", year, 8.0) for year in range(2000, 2010)]
    rows += [(config.WORLD, "CHN", year, 10.0) for year in range(2000, 2010)]
    rows += [("RUS", config.WORLD, year, 40.0) for year in range(2000, 2005)]  # exports known for one period only
    periods = mil_measures.arms_periods(tiv(rows), "RUS", "CHN", 2000, 2009)
    assert periods.loc["2000–2004", "deliveries"] == 40.0
    assert periods.loc["2005–2009", "share_of_imports"] == pytest.approx(0.8)
    assert periods.loc["2000–2004", "share_of_exports"] == pytest.approx(0.2)
    assert pd.isna(periods.loc["2005–2009", "share_of_exports"])


def m2(latest_share: float, latest_of_peak: float):
    peak = 100.0
    latest = peak * latest_of_peak
    periods = pd.DataFrame({"deliveries": [peak, latest], "recipient_imports": [peak, latest / latest_share],
                            "supplier_exports": [float("nan")] * 2},
                           index=pd.Index(["2000–2004", "2005–2009"], name="period"))
    periods["share_of_imports"] = periods["deliveries"] / periods["recipient_imports"]
    return mil_rules.verdict_m2(periods, "RUS", "CHN", ["s"]).verdict


def test_m2_rule_at_its_thresholds():
    assert m2(latest_share=0.5, latest_of_peak=0.5) == SUPPORTED
    assert m2(latest_share=0.8, latest_of_peak=0.4) == PARTLY_SUPPORTED   # main supplier, far below peak
    assert m2(latest_share=0.25, latest_of_peak=0.3) == PARTLY_SUPPORTED  # a minor supplier
    assert m2(latest_share=0.2, latest_of_peak=0.3) == NOT_SUPPORTED
    assert mil_rules.verdict_m2(pd.DataFrame(columns=["deliveries", "share_of_imports"]), "RUS", "CHN", []).verdict \
        == INSUFFICIENT_DATA


def spending(pair_now: float, pair_before: float, usa: float = 100.0, nato: float = 150.0) -> pd.DataFrame:
    return pd.DataFrame({"pair": [pair_before, pair_now], "USA": [usa, usa], "NATO": [nato, nato]},
                        index=[2014, 2014 + mil_rules.M3_TREND_YEARS])


def test_m3_rule_at_its_thresholds():
    assert mil_rules.verdict_m3(spending(50, 40), "RUS", "CHN", ["s"]).verdict == SUPPORTED  # half the US, a third of NATO, rising
    assert mil_rules.verdict_m3(spending(49, 40), "RUS", "CHN", ["s"]).verdict == PARTLY_SUPPORTED  # only rising
    assert mil_rules.verdict_m3(spending(40, 45), "RUS", "CHN", ["s"]).verdict == NOT_SUPPORTED
    no_nato = spending(50, 40).assign(NATO=float("nan"))
    assert mil_rules.verdict_m3(no_nato, "RUS", "CHN", ["s"]).verdict == INSUFFICIENT_DATA


FILE_COLUMNS = [*COLUMNS, "dated_by", "confirmed_by", "confirms"]


def exercise_row(**changes):
    row = dict(zip(FILE_COLUMNS, ["CHN-RUS", "2024-07", "", "Patrol", "joint patrol", "bilateral", "Pacific", "yes",
                                  "s", "s", "", ""]))
    row.update(changes)
    return row


def test_exercise_schema_accepts_a_month_and_checks_far_seas_coding():
    validate_table([exercise_row()], FILE_COLUMNS, EXERCISE_TABLE, "exercises.csv")
    with pytest.raises(DataValidationError, match="far_seas"):
        validate_table([exercise_row(far_seas="")], FILE_COLUMNS, EXERCISE_TABLE, "exercises.csv")
    with pytest.raises(DataValidationError, match="far_seas"):
        validate_table([exercise_row(domain="counter-terrorism")], FILE_COLUMNS, EXERCISE_TABLE, "exercises.csv")
    with pytest.raises(DataValidationError, match="column 'domain'"):
        validate_table([exercise_row(domain="space")], FILE_COLUMNS, EXERCISE_TABLE, "exercises.csv")


def test_m4_tells_a_partnership_from_an_alliance():
    def agreements(*rows):
        return pd.DataFrame([{"atopid": str(number), "bilateral": bilateral, "defense": defense, "offense": 0,
                              "neutrality": 0, "nonaggression": nonaggression, "consultation": consultation}
                             for number, bilateral, defense, nonaggression, consultation in rows])
    partnership = mil_rules.verdict_m4(agreements((4980, "yes", 0, 1, 1)), True, 2020, "RUS", "CHN", ["s"])
    assert partnership.verdict == SUPPORTED
    alliance = mil_rules.verdict_m4(agreements((3200, "yes", 1, 1, 0)), True, 1960, "RUS", "CHN", ["s"])
    assert alliance.verdict == NOT_SUPPORTED
    assert "with a defence obligation: 1, above 0 (the rule's threshold): not met" in alliance.reason
    only_others = mil_rules.verdict_m4(agreements((3755, "no", 0, 1, 0)), True, 2020, "CHN", "USA", ["s"])
    assert only_others.verdict == PARTLY_SUPPORTED
    assert mil_rules.verdict_m4(pd.DataFrame(), False, 2020, "DEU", "FRA", ["s"]).verdict == INSUFFICIENT_DATA


def test_agreements_in_effect_follow_their_dates():
    table = pd.DataFrame([["CHN-RUS", "3200", "1950-02-14", "1980-04-11", "yes", "1", "0", "0", "1", "0", "s"],
                          ["CHN-RUS", "4980", "2001-07-16", "", "yes", "0", "0", "0", "1", "1", "s"]],
                         columns=["pair", "atopid", "start", "end", "bilateral", *mil_measures.OBLIGATIONS, "source_id"])
    assert list(mil_measures.agreements_in_effect(table, "CHN-RUS", 1970)["atopid"]) == ["3200"]
    assert list(mil_measures.agreements_in_effect(table, "CHN-RUS", 2020)["atopid"]) == ["4980"]
    assert mil_measures.agreements_in_effect(table, "CHN-RUS", 1990).empty

"""Military and security cooperation (claims M1–M3).

M1  joint exercises are more frequent and more complex: exercises and patrols per
    year by domain, the share held by the two alone, activity in far seas and joint
    bomber patrols, compared between the latest five years and the five before
M2  Russia supplies military hardware to China: SIPRI trend-indicator values (TIV)
    of Russia's deliveries in five-year sums, and Russia's share of China's imports
M3  their combined military capabilities are formidable: the pair's combined
    military spending against the United States' and NATO's
M4  a partnership, not a formal alliance: the obligations of the agreements in effect
    between the two, as the ATOP alliance dataset codes them

Counting rules, stated once here and quoted in the chapter:

- An exercise is one row of the exercise table: one named exercise or patrol. A
  multi-phase exercise is one exercise, counted in the year it began; a patrol that
  follows an exercise is an exercise of its own.
- TIV measure the military capability transferred, not its price: they are comparable
  across years and suppliers but are not dollars.
- Five-year periods start in the first year asked for (1992, 1997, ...); a period is
  shown only if every one of its years has a figure."""

from __future__ import annotations

import pandas as pd

from analysis import config
from analysis.data.indicators import select
from analysis.chapters.military.measures import (ARMS, MilitaryResult, agreements_in_effect, arms_periods,
                                                 exercise_periods, exercise_years, exercises_per_year, pair_key,
                                                 spending_comparison, supplier_and_recipient)
from analysis.chapters.military.rules import verdict_m1, verdict_m2, verdict_m3, verdict_m4
from analysis.chapters.military.views import headline
from analysis.chapters import with_history
from analysis.claims import Claim
from analysis.data.load import load_indicators, load_table
from analysis.params import ReportParameters

__all__ = ["CLAIMS", "TABLES", "MilitaryResult", "analyse", "compute", "headline"]

# SIPRI's arms-transfer register and military expenditure, and the exercises table.
TABLES = ("sipri_register", "sipri_milex", "exercises", "alliances")
EXERCISES = "exercises"
ALLIANCES = "alliances"

CLAIMS = (
    Claim("M1", "Joint exercises are more frequent and more complex"),
    Claim("M2", "{a} supplies military hardware and know-how to {b}"),
    Claim("M3", "Their combined military capabilities are formidable"),
    Claim("M4", "It is a coordinated partnership, not a formal military alliance like NATO"),
)


def analyse(parameters: ReportParameters) -> MilitaryResult:
    """The chapter for the pair, from the snapshot's tables, with each verdict's history."""
    indicators, exercises = load_indicators(TABLES), load_table(EXERCISES, "exercises")
    alliances = load_table(ALLIANCES, "alliances")
    a, b, start = parameters.country_a, parameters.country_b, parameters.start_year
    return with_history(compute(indicators, exercises, a, b, start, parameters.end_year, alliances),
                        lambda year: compute(indicators, exercises, a, b, start, year, alliances).verdicts,
                        parameters.end_year)


def _sources(table: pd.DataFrame) -> list[str]:
    return sorted(table["source_id"].unique()) if "source_id" in table and not table.empty else []


def compute(indicators: pd.DataFrame, exercises: pd.DataFrame, country_a: str, country_b: str, start_year: int,
            end_year: int, alliances: pd.DataFrame | None = None) -> MilitaryResult:
    """Counts, sums, comparisons and verdicts M1–M4 for the pair."""
    alliances = alliances if alliances is not None else pd.DataFrame()
    pair = pair_key(country_a, country_b)
    recorded = not alliances.empty and bool((alliances["pair"] == pair).any())
    agreements = agreements_in_effect(alliances, pair, end_year) if recorded else pd.DataFrame()
    pair_exercises = exercises[exercises["pair"] == pair_key(country_a, country_b)] if not exercises.empty else exercises
    pair_exercises = pair_exercises[exercise_years(pair_exercises).between(start_year, end_year)] \
        if not pair_exercises.empty else pair_exercises
    last_exercise_year = int(exercise_years(pair_exercises).max()) if not pair_exercises.empty else None
    if last_exercise_year is not None:
        first_exercise_year = int(exercise_years(pair_exercises).min())
        by_domain = exercises_per_year(pair_exercises, first_exercise_year, last_exercise_year)
        periods = exercise_periods(pair_exercises, first_exercise_year, last_exercise_year)
    else:
        by_domain, periods = pd.DataFrame(), pd.DataFrame()

    supplier, recipient = supplier_and_recipient(indicators, country_a, country_b)
    arms = arms_periods(indicators, supplier, recipient, start_year, end_year)
    arms_rows = select(indicators, ARMS, [supplier, config.WORLD], start_year, end_year, partner=recipient)
    arms_rows = pd.concat([arms_rows, select(indicators, ARMS, [supplier], start_year, end_year,
                                             partner=config.WORLD)])
    spending = spending_comparison(indicators, country_a, country_b, start_year, end_year)
    spending_rows = select(indicators, "milex_usd", [country_a, country_b, "USA", *config.NATO_MEMBERS],
                           start_year, end_year)

    sources = {"exercises": _sources(pair_exercises), "arms": _sources(arms_rows),
               "spending": _sources(spending_rows),
               "alliances": _sources(alliances[alliances["pair"] == pair]) if recorded else []}
    verdicts = [
        verdict_m1(pair_exercises, last_exercise_year or end_year, sources["exercises"]),
        verdict_m2(arms, supplier, recipient, sources["arms"]),
        verdict_m3(spending, country_a, country_b, sources["spending"]),
        verdict_m4(agreements, recorded, end_year, country_a, country_b, sources["alliances"]),
    ]
    return MilitaryResult(country_a, country_b, by_domain, periods, supplier, recipient, arms, spending, agreements,
                          verdicts, sources, last_exercise_year)

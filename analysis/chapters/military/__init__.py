"""Military and security cooperation (claims M1–M3).

M1  joint exercises are more frequent and more complex: exercises and patrols per
    year by domain, the share held by the two alone, activity in far seas and joint
    bomber patrols, compared between the latest five years and the five before
M2  Russia supplies military hardware to China: SIPRI trend-indicator values (TIV)
    of Russia's deliveries in five-year sums, and Russia's share of China's imports
M3  their combined military capabilities are formidable: the pair's combined
    military spending against the United States' and NATO's

Counting rules, stated once here and quoted in the chapter:

- An exercise is one row of the exercise table: one named exercise or patrol. A
  multi-phase exercise is one exercise, counted in the year it began; a patrol that
  follows an exercise is an exercise of its own.
- TIV measure the military capability transferred, not its price: they are comparable
  across years and suppliers but are not dollars.
- Five-year periods start in the first year asked for (1992, 1997, ...); a period is
  shown only if every one of its years has a figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import pandas as pd

from analysis import config
from analysis.config import entity_name
from analysis.data.indicators import group_total, select, share_of, wide
from analysis.claims.verdicts import INSUFFICIENT_DATA, NOT_SUPPORTED, PARTLY_SUPPORTED, SUPPORTED, Verdict, all_some_none, percent

DOMAINS = ("naval", "joint patrol", "combined-arms", "counter-terrorism", "missile defence", "land", "air")
BOMBER_PATROL = "Joint strategic air patrol"  # how bomber patrols are named in the exercise table
PERIOD_YEARS = 5

# M1: the latest five years are compared with the five before them. Frequency has risen if
# exercises per year grew by at least this factor; complexity has risen if the later window
# has more domains, or a larger share of its exercises in far seas.
M1_FREQUENCY_GROWTH = 1.25

# M2: Russia's share of China's arms imports (TIV) in the latest complete five-year period...
M2_MAIN_SUPPLIER_SHARE = 0.5
M2_MINOR_SUPPLIER_SHARE = 0.25
# ...and the latest period's deliveries against the largest five-year sum on record.
M2_SUSTAINED_SHARE_OF_PEAK = 0.5

# M3: the pair's combined spending against the United States' and NATO's, in the latest year
# with all figures, and whether the ratio to the US rose over this many years.
M3_SHARE_OF_US = 0.5
M3_SHARE_OF_NATO = 1 / 3
M3_TREND_YEARS = 10


# --- M1: exercises -------------------------------------------------------------------------

def exercise_years(exercises: pd.DataFrame) -> pd.Series:
    """The year each exercise began (the start date may give only the month)."""
    return exercises["start_date"].str[:4].astype(int)


def exercises_per_year(exercises: pd.DataFrame, first_year: int, last_year: int) -> pd.DataFrame:
    """Exercises per year by domain, zeros in years without any, domains in a fixed order."""
    table = pd.crosstab(exercise_years(exercises), exercises["domain"]).rename_axis(index="year", columns=None)
    domains = [domain for domain in DOMAINS if domain in table.columns]
    return table.reindex(index=range(first_year, last_year + 1), columns=domains, fill_value=0)


def window_profile(exercises: pd.DataFrame, first_year: int, last_year: int) -> dict[str, float]:
    """What the exercises of ``first_year..last_year`` looked like: count, mix and reach."""
    rows = exercises[exercise_years(exercises).between(first_year, last_year)]
    at_sea = rows[rows["far_seas"].isin(["yes", "no"])]
    years = last_year - first_year + 1
    return {
        "exercises": len(rows),
        "per_year": len(rows) / years,
        "domains": rows["domain"].nunique(),
        "bilateral_share": float((rows["format"] == "bilateral").mean()) if len(rows) else float("nan"),
        "far_seas": int((rows["far_seas"] == "yes").sum()),
        "far_seas_share": float((rows["far_seas"] == "yes").sum() / len(rows)) if len(rows) else float("nan"),
        "at_sea": len(at_sea),
        "bomber_patrols": int(rows["name"].str.startswith(BOMBER_PATROL).sum()),
    }


def period_starts(first_year: int, last_year: int, length: int = PERIOD_YEARS) -> list[int]:
    """First years of the complete periods of ``length`` years from ``first_year`` up to ``last_year``."""
    return list(range(first_year, last_year - length + 2, length))


def exercise_periods(exercises: pd.DataFrame, first_year: int, last_year: int) -> pd.DataFrame:
    """One row per five-year period counted back from ``last_year`` (the first may be shorter):
    count, yearly rate, mix and reach."""
    offset = (last_year - first_year + 1) % PERIOD_YEARS
    spans = [(first_year, first_year + offset - 1)] if offset else []  # a shorter first period, if any
    spans += [(start, start + PERIOD_YEARS - 1) for start in period_starts(first_year + offset, last_year)]
    rows = []
    for start, end in spans:
        profile = window_profile(exercises, start, end)
        rows.append({"Period": f"{start}–{end}", "Exercises": profile["exercises"],
                     "A year": round(profile["per_year"], 1), "Domains": profile["domains"],
                     "Bilateral": percent(profile["bilateral_share"], 0) if profile["exercises"] else "–",
                     "In far seas": profile["far_seas"], "Bomber patrols": profile["bomber_patrols"]})
    return pd.DataFrame(rows)


def verdict_m1(exercises: pd.DataFrame, last_year: int, sources: Sequence[str]) -> Verdict:
    rule = (f"the latest {PERIOD_YEARS} years against the {PERIOD_YEARS} before: frequency has risen if exercises "
            f"a year grew at least {M1_FREQUENCY_GROWTH:.2f} times; complexity has risen if more domains were "
            f"exercised or a larger share of exercises took place in far seas; supported if both rose, partly "
            f"supported if one did, not supported if neither")
    metric = f"exercises a year and their mix, {PERIOD_YEARS}-year windows"
    if exercises.empty:
        return Verdict("M1", INSUFFICIENT_DATA, metric, "no exercises recorded for the pair", rule,
                       "the snapshot holds no record of joint exercises for this pair", tuple(sources))
    first_recorded = int(exercise_years(exercises).min())
    earlier_start = last_year - 2 * PERIOD_YEARS + 1
    if earlier_start < first_recorded:
        return Verdict("M1", INSUFFICIENT_DATA, metric, f"record starts in {first_recorded}", rule,
                       f"two {PERIOD_YEARS}-year windows ending {last_year} need records from {earlier_start}",
                       tuple(sources))
    before = window_profile(exercises, earlier_start, earlier_start + PERIOD_YEARS - 1)
    recent = window_profile(exercises, last_year - PERIOD_YEARS + 1, last_year)
    more_often = recent["per_year"] >= M1_FREQUENCY_GROWTH * before["per_year"] and recent["per_year"] > 0
    more_complex = recent["domains"] > before["domains"] or recent["far_seas_share"] > before["far_seas_share"]
    span_before = f"{earlier_start}–{earlier_start + PERIOD_YEARS - 1}"
    span_recent = f"{last_year - PERIOD_YEARS + 1}–{last_year}"
    value = (f"{recent['per_year']:.1f} a year in {span_recent} against {before['per_year']:.1f} in {span_before}; "
             f"far seas {percent(recent['far_seas_share'], 0)} against {percent(before['far_seas_share'], 0)}; "
             f"domains {recent['domains']} against {before['domains']}")
    reason = (f"frequency {'rose' if more_often else 'did not rise'} by the rule and complexity "
              f"{'rose' if more_complex else 'did not rise'}")
    return Verdict("M1", all_some_none(int(more_often) + int(more_complex), 2), metric, value, rule, reason,
                   tuple(sources))


# --- M2: arms transfers ----------------------------------------------------------------------

ARMS = "arms_tiv"  # all deliveries
LICENSED = "arms_tiv_licensed"  # the part produced under licence in the recipient country: know-how transferred


def tiv_series(indicators: pd.DataFrame, supplier: str, recipient: str, indicator: str = ARMS) -> pd.Series:
    """Yearly deliveries from ``supplier`` to ``recipient`` in millions of TIV (WLD: everyone); with
    ``indicator=LICENSED``, the part of them produced under licence.

    SIPRI's register has a row only for a year with deliveries: within the years the register covers
    (the years of any ``arms_tiv`` row), a year without a row counts as no deliveries (0).
    """
    rows = select(indicators, indicator, [supplier], partner=recipient)
    series = rows.set_index("year")["value"].sort_index().rename(f"{supplier}->{recipient}")
    covered = register_years(indicators)
    if covered:
        series = series.reindex(range(covered[0], covered[1] + 1), fill_value=0.0).rename(series.name)
    return series


def register_years(indicators: pd.DataFrame) -> tuple[int, int] | None:
    """(first, last) year of the arms-transfer record, or None without one."""
    years = indicators.loc[indicators["indicator"] == ARMS, "year"]
    return (int(years.min()), int(years.max())) if not years.empty else None


def five_year_sums(series: pd.Series, first_year: int, last_year: int) -> pd.Series:
    """Sums over complete five-year periods counted back from ``last_year`` (so the latest period ends with the
    latest year), none starting before ``first_year``; a period with a missing year is left out."""
    offset = (last_year - first_year + 1) % PERIOD_YEARS
    sums = {}
    for start in period_starts(first_year + offset, last_year):
        years = range(start, start + PERIOD_YEARS)
        if all(year in series.index and pd.notna(series.get(year)) for year in years):
            sums[f"{start}–{start + PERIOD_YEARS - 1}"] = float(series.loc[list(years)].sum())
    return pd.Series(sums, dtype=float, name=series.name)


def arms_periods(indicators: pd.DataFrame, supplier: str, recipient: str, first_year: int, last_year: int
                 ) -> pd.DataFrame:
    """Per five-year period (the latest ending with the record's last year): the supplier's deliveries to the
    recipient, the recipient's imports from everyone and the supplier's exports to everyone (millions of
    TIV), and the two shares."""
    covered = register_years(indicators)
    if covered:
        first_year, last_year = max(first_year, covered[0]), min(last_year, covered[1])
    to_recipient = five_year_sums(tiv_series(indicators, supplier, recipient), first_year, last_year)
    recipient_imports = five_year_sums(tiv_series(indicators, config.WORLD, recipient), first_year, last_year)
    supplier_exports = five_year_sums(tiv_series(indicators, supplier, config.WORLD), first_year, last_year)
    licensed = five_year_sums(tiv_series(indicators, supplier, recipient, LICENSED), first_year, last_year)
    table = pd.DataFrame({"deliveries": to_recipient, "recipient_imports": recipient_imports,
                          "supplier_exports": supplier_exports, "licensed": licensed},
                         columns=["deliveries", "recipient_imports", "supplier_exports", "licensed"])
    table = table[table["deliveries"].notna()] if not to_recipient.empty else table.iloc[0:0]
    table["share_of_imports"] = share_of(table["deliveries"], table["recipient_imports"]).to_numpy()
    table["share_of_exports"] = share_of(table["deliveries"], table["supplier_exports"]).to_numpy()
    table["share_licensed"] = share_of(table["licensed"], table["deliveries"]).to_numpy()
    return table.rename_axis("period")


def verdict_m2(periods: pd.DataFrame, supplier: str, recipient: str, sources: Sequence[str]) -> Verdict:
    name_s, name_r = entity_name(supplier), entity_name(recipient)
    rule = (f"in the latest complete {PERIOD_YEARS}-year period: supported if {name_s} supplied at least "
            f"{percent(M2_MAIN_SUPPLIER_SHARE, 0)} of {name_r}'s arms imports (TIV) and delivered at least "
            f"{percent(M2_SUSTAINED_SHARE_OF_PEAK, 0)} of its largest {PERIOD_YEARS}-year volume on record; "
            f"partly supported if only one of the two holds, or its share is at least "
            f"{percent(M2_MINOR_SUPPLIER_SHARE, 0)}; not supported otherwise")
    metric = f"{name_s}'s share of {name_r}'s arms imports, and deliveries against their peak"
    usable = periods.dropna(subset=["deliveries", "share_of_imports"]) if not periods.empty else periods
    if usable.empty:
        return Verdict("M2", INSUFFICIENT_DATA, metric, "no arms-transfer figures for the pair", rule,
                       f"the snapshot lacks SIPRI figures for {name_s}'s deliveries to {name_r} or {name_r}'s "
                       "total imports", tuple(sources))
    latest = usable.index[-1]
    share = float(usable.loc[latest, "share_of_imports"])
    peak_period = periods["deliveries"].idxmax()
    of_peak = float(usable.loc[latest, "deliveries"] / periods["deliveries"].max())
    main, sustained = share >= M2_MAIN_SUPPLIER_SHARE, of_peak >= M2_SUSTAINED_SHARE_OF_PEAK
    if main and sustained:
        verdict = SUPPORTED
    elif main or sustained or share >= M2_MINOR_SUPPLIER_SHARE:
        verdict = PARTLY_SUPPORTED
    else:
        verdict = NOT_SUPPORTED
    value = (f"{percent(share, 0)} of {name_r}'s imports in {latest}; deliveries {percent(of_peak, 0)} of the "
             f"{peak_period} peak")
    licensed = usable.loc[latest, "share_licensed"] if "share_licensed" in usable else None
    if licensed is not None and pd.notna(licensed):
        value += f"; {percent(float(licensed), 0)} of {latest}'s deliveries produced under licence in {name_r}"
    reason = (f"{name_s} {'was' if main else 'was not'} the main supplier in {latest}, and its deliveries "
              f"{'held up' if sustained else 'fell to less than half of their peak'}")
    return Verdict("M2", verdict, metric, value, rule, reason, tuple(sources))


# --- M3: military spending -------------------------------------------------------------------

def spending_comparison(indicators: pd.DataFrame, country_a: str, country_b: str, start_year: int, end_year: int
                        ) -> pd.DataFrame:
    """Yearly military spending (US$, SIPRI): the pair combined, the United States and NATO.

    NATO is the sum over its members as the configuration lists them (those without armed
    forces left out), only in years where every one of them has a figure.
    """
    members = [member for member in config.NATO_MEMBERS if member not in config.NO_ARMED_FORCES]
    entities = list(dict.fromkeys([country_a, country_b, "USA", *members]))
    table = wide(indicators, "milex_usd", entities, start_year, end_year)
    return pd.DataFrame({
        "pair": group_total(table, [country_a, country_b]),
        "USA": table["USA"],
        "NATO": group_total(table, members),
    })


def verdict_m3(spending: pd.DataFrame, country_a: str, country_b: str, sources: Sequence[str]) -> Verdict:
    name_a, name_b = entity_name(country_a), entity_name(country_b)
    rule = (f"three tests in the latest year with figures: combined spending at least "
            f"{percent(M3_SHARE_OF_US, 0)} of the United States', at least {percent(M3_SHARE_OF_NATO, 0)} of "
            f"NATO's, and a ratio to the United States higher than {M3_TREND_YEARS} years before; supported if "
            f"all three pass, partly supported if one or two do, not supported if none")
    metric = "combined military spending against the United States and NATO"
    complete = spending.dropna(subset=["pair", "USA", "NATO"])
    if complete.empty:
        return Verdict("M3", INSUFFICIENT_DATA, metric, "spending figures missing", rule,
                       f"the snapshot lacks military spending for {name_a}, {name_b}, the United States or a NATO "
                       "member in every year", tuple(sources))
    year = int(complete.index.max())
    of_us = float(complete.loc[year, "pair"] / complete.loc[year, "USA"])
    of_nato = float(complete.loc[year, "pair"] / complete.loc[year, "NATO"])
    earlier = year - M3_TREND_YEARS
    of_us_before = (float(spending.loc[earlier, "pair"] / spending.loc[earlier, "USA"])
                    if earlier in spending.index and spending.loc[earlier, ["pair", "USA"]].notna().all() else None)
    tests = [of_us >= M3_SHARE_OF_US, of_nato >= M3_SHARE_OF_NATO,
             of_us_before is not None and of_us > of_us_before]
    value = (f"US${complete.loc[year, 'pair'] / 1e9:,.0f} bn in {year}: {percent(of_us, 0)} of the United States', "
             f"{percent(of_nato, 0)} of NATO's"
             + (f"; {percent(of_us_before, 0)} of the United States' in {earlier}" if of_us_before is not None else ""))
    outcomes = [
        f"{'at least' if tests[0] else 'less than'} {percent(M3_SHARE_OF_US, 0)} of the United States' spending",
        f"{'at least' if tests[1] else 'less than'} {percent(M3_SHARE_OF_NATO, 0)} of NATO's",
        f"a ratio to the United States that {'rose' if tests[2] else 'did not rise'} over {M3_TREND_YEARS} years",
    ]
    reason = f"{sum(tests)} of 3 tests pass: " + "; ".join(outcomes)
    return Verdict("M3", all_some_none(sum(tests), 3), metric, value, rule, reason, tuple(sources))


# --- the chapter ---------------------------------------------------------------------------

def pair_key(country_a: str, country_b: str) -> str:
    """How event tables name a pair: both codes in alphabetical order ('CHN-RUS')."""
    return "-".join(sorted((country_a, country_b)))


def supplier_and_recipient(indicators: pd.DataFrame, country_a: str, country_b: str) -> tuple[str, str]:
    """Which way the pair's arms flow: the direction with the larger recorded deliveries (a to b if none)."""
    a_to_b = tiv_series(indicators, country_a, country_b).sum()
    b_to_a = tiv_series(indicators, country_b, country_a).sum()
    return (country_b, country_a) if b_to_a > a_to_b else (country_a, country_b)


@dataclass(frozen=True)
class MilitaryAnalysis:
    country_a: str
    country_b: str
    exercises_by_domain: pd.DataFrame
    exercise_periods: pd.DataFrame
    supplier: str
    recipient: str
    arms: pd.DataFrame
    spending: pd.DataFrame
    verdicts: list[Verdict]
    sources: dict[str, list[str]]  # part of the chapter -> source ids
    last_exercise_year: int | None


def _sources(table: pd.DataFrame) -> list[str]:
    return sorted(table["source_id"].unique()) if "source_id" in table and not table.empty else []


def analyse(indicators: pd.DataFrame, exercises: pd.DataFrame, country_a: str, country_b: str, start_year: int,
            end_year: int) -> MilitaryAnalysis:
    """Counts, sums, comparisons and verdicts M1–M3 for the pair."""
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
               "spending": _sources(spending_rows)}
    verdicts = [
        verdict_m1(pair_exercises, last_exercise_year or end_year, sources["exercises"]),
        verdict_m2(arms, supplier, recipient, sources["arms"]),
        verdict_m3(spending, country_a, country_b, sources["spending"]),
    ]
    return MilitaryAnalysis(country_a, country_b, by_domain, periods, supplier, recipient, arms, spending,
                            verdicts, sources, last_exercise_year)


def arms_table(analysis: MilitaryAnalysis) -> pd.DataFrame:
    """The arms-transfer periods for display, volumes in millions of TIV and shares in per cent."""
    arms = analysis.arms
    if arms.empty:
        return pd.DataFrame()
    name_s, name_r = entity_name(analysis.supplier), entity_name(analysis.recipient)

    def shown(series: pd.Series, as_share: bool = False) -> pd.Series:
        return series.map(lambda value: "–" if pd.isna(value) else percent(value, 0) if as_share else f"{value:,.0f}")

    return pd.DataFrame({
        "Period": arms.index,
        f"{name_s} to {name_r} (m TIV)": shown(arms["deliveries"]),
        f"{name_r} from all (m TIV)": shown(arms["recipient_imports"]),
        f"Share of {name_r}'s imports": shown(arms["share_of_imports"], True),
        f"Share of {name_s}'s exports": shown(arms["share_of_exports"], True),
        "Produced under licence": shown(arms["share_licensed"], True) if "share_licensed" in arms else "–",
    }).reset_index(drop=True)


def headline(analysis: MilitaryAnalysis) -> dict[str, object]:
    figures: dict[str, object] = {}
    if analysis.last_exercise_year is not None:
        last = analysis.last_exercise_year
        recent = analysis.exercises_by_domain.loc[last - PERIOD_YEARS + 1:last].sum(axis=1)
        figures["exercises_per_year"] = {"value": round(float(recent.mean()), 2),
                                         "period": f"{last - PERIOD_YEARS + 1}–{last}"}
    usable = analysis.arms.dropna(subset=["share_of_imports"]) if not analysis.arms.empty else analysis.arms
    if not usable.empty:
        figures["arms_import_share"] = {"value": round(float(usable["share_of_imports"].iloc[-1]), 4),
                                        "period": str(usable.index[-1])}
    return figures


def arms_labels(analysis: MilitaryAnalysis) -> dict[str, str]:
    """Legend labels of the arms-transfer chart."""
    return {"recipient_imports": f"{entity_name(analysis.recipient)}'s imports from all suppliers",
            "deliveries": f"from {entity_name(analysis.supplier)}"}


def spending_labels(analysis: MilitaryAnalysis) -> dict[str, str]:
    """Legend labels of the spending chart, in the order pair, United States, NATO."""
    return {"pair": f"{entity_name(analysis.country_a)} and {entity_name(analysis.country_b)}",
            "USA": entity_name("USA"), "NATO": f"NATO ({len(config.NATO_MEMBERS)} members, United States included)"}

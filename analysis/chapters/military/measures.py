"""The military chapter's measures: exercises, arms deliveries and military spending, and the result
the chapter returns."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis import config
from analysis.claims.verdicts import percent, Verdict
from analysis.data.indicators import group_total, select, share_of, wide

DOMAINS = ("naval", "joint patrol", "combined-arms", "counter-terrorism", "missile defence", "land", "air")
BOMBER_PATROL = "Joint strategic air patrol"  # how bomber patrols are named in the exercise table
PERIOD_YEARS = 5


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


# --- the chapter ---------------------------------------------------------------------------

def pair_key(country_a: str, country_b: str) -> str:
    """How event tables name a pair: both codes in alphabetical order ('CHN-RUS')."""
    return "-".join(sorted((country_a, country_b)))


def supplier_and_recipient(indicators: pd.DataFrame, country_a: str, country_b: str) -> tuple[str, str]:
    """Which way the pair's arms flow: the direction with the larger recorded deliveries (a to b if none)."""
    a_to_b = tiv_series(indicators, country_a, country_b).sum()
    b_to_a = tiv_series(indicators, country_b, country_a).sum()
    return (country_b, country_a) if b_to_a > a_to_b else (country_a, country_b)


# --- M4: treaty obligations ----------------------------------------------------------------

OBLIGATIONS = ("defense", "offense", "neutrality", "nonaggression", "consultation")


def agreements_in_effect(alliances: pd.DataFrame, pair: str, year: int) -> pd.DataFrame:
    """The pair's agreements (ATOP) in effect at the end of ``year``, with their obligations as 0/1 numbers."""
    if alliances.empty:
        return alliances
    rows = alliances[alliances["pair"] == pair]
    started = rows["start"].str[:4].astype(int) <= year
    running = (rows["end"] == "") | (rows["end"].str[:4].replace("", "0").astype(int) > year)
    return rows[started & running].astype({name: int for name in OBLIGATIONS})


@dataclass(frozen=True)
class MilitaryResult:
    country_a: str
    country_b: str
    exercises_by_domain: pd.DataFrame
    exercise_periods: pd.DataFrame
    supplier: str
    recipient: str
    arms: pd.DataFrame
    spending: pd.DataFrame
    agreements: pd.DataFrame  # M4: the pair's agreements in effect at the end of the period (see agreements_in_effect)
    verdicts: list[Verdict]
    sources: dict[str, list[str]]  # part of the chapter -> source ids
    last_exercise_year: int | None

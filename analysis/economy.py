"""Economic ties: trade, energy and finance (claims E1–E6).

E1  China has become a crucial market for Russian energy as Russia turns from
    Europe: China's crude oil imports from Russia and Russia's share of them
E2  big oil and gas deals and long pipelines feed China's industry: pipeline gas
    against the pipeline's design capacity, crude oil volumes by year
E3  bilateral trade has been soaring: trade by year, growth rates, and the
    growth before and after the breaks of 2014 and 2022
E4  they settle trade in rubles and yuan: dated official shares of national
    currencies in their settlements
E5  interdependence gives both a stake in stability: each side's share of the
    other's total trade, mutual or one-sided
E6  trade spans farm goods, manufactures and raw materials: composition by
    product group, each way

Conventions, stated once here and quoted in the chapter:

- Bilateral trade is one reporter's record (``entity`` = reporter, ``partner`` =
  the other). The two sides' records differ (valuation, timing, re-exports) and
  are never mixed in one series: the chapter uses the reporter named in
  ``TRADE_REPORTER`` when it has figures, the other side's record otherwise.
- Growth over a span is the compound annual rate between its end points.
- A year without a figure stays a gap; nothing is interpolated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import pandas as pd

from .config import entity_name
from .indicators import select
from .verdicts import INSUFFICIENT_DATA, NOT_SUPPORTED, PARTLY_SUPPORTED, SUPPORTED, Verdict, all_some_none, percent

BILATERAL = ("exports_usd", "imports_usd", "trade_usd")
TOTAL_TRADE = "goods_trade_usd"  # a country's goods trade with the world (partner empty)
BREAK_YEARS = (2014, 2022)  # Crimea and the first sanctions; the full-scale invasion and the sanctions after it

# E3: trade "soars" if it multiplied at least this many times over this many years...
E3_MULTIPLE = 2.0
E3_WINDOW_YEARS = 10
# ...and, for "supported", it also grew after each break (compound rate above zero).

# E5: a side depends on the other when the other takes at least this share of its trade.
E5_DEPENDENCE_SHARE = 0.10


# --- trade over time -----------------------------------------------------------------------

def bilateral_trade(indicators: pd.DataFrame, reporter: str, partner: str) -> pd.DataFrame:
    """Years as rows; the reporter's exports to, imports from and total trade with the partner (US$)."""
    rows = select(indicators, BILATERAL[0], [reporter], partner=partner)
    frames = {name: select(indicators, name, [reporter], partner=partner).set_index("year")["value"]
              for name in BILATERAL}
    table = pd.DataFrame(frames).sort_index()
    return table if not rows.empty or not table.empty else pd.DataFrame(columns=list(BILATERAL))


def growth_rates(series: pd.Series) -> pd.Series:
    """Year-on-year growth as a fraction, only between consecutive years that both have figures."""
    present = series.dropna()
    previous = present.shift(1)
    consecutive = pd.Series(present.index, index=present.index).diff() == 1
    return (present / previous - 1).where(consecutive).dropna()


def compound_growth(series: pd.Series, first_year: int, last_year: int) -> float | None:
    """Compound annual growth from ``first_year`` to ``last_year`` (None without both figures)."""
    if last_year <= first_year or first_year not in series.index or last_year not in series.index:
        return None
    start, end = series.loc[first_year], series.loc[last_year]
    if pd.isna(start) or pd.isna(end) or start <= 0:
        return None
    return float((end / start) ** (1 / (last_year - first_year)) - 1)


def growth_between_breaks(series: pd.Series, breaks: Sequence[int] = BREAK_YEARS) -> pd.DataFrame:
    """Compound annual growth over the spans the break years cut the series into.

    Spans run from break to break: with breaks 2014 and 2022 and figures 1992-2024 they
    are 1992-2014, 2014-2022 and 2022-2024. A span whose end points lack figures is left out.
    """
    present = series.dropna()
    if present.empty:
        return pd.DataFrame(columns=["span", "first", "last", "growth"])
    points = sorted({int(present.index.min()), *[year for year in breaks if present.index.min() < year
                                                 < present.index.max()], int(present.index.max())})
    rows = []
    for first, last in zip(points, points[1:]):
        rate = compound_growth(present, first, last)
        if rate is not None:
            rows.append({"span": f"{first}–{last}", "first": first, "last": last, "growth": rate})
    return pd.DataFrame(rows, columns=["span", "first", "last", "growth"])


def verdict_e3(trade: pd.Series, country_a: str, country_b: str, sources: Sequence[str]) -> Verdict:
    rule = (f"supported if trade in the latest year is at least {E3_MULTIPLE:.0f} times its level "
            f"{E3_WINDOW_YEARS} years earlier and grew in every span between the breaks of "
            f"{' and '.join(map(str, BREAK_YEARS))}; partly supported if only one of the two holds; "
            "not supported otherwise")
    metric = f"bilateral trade now against {E3_WINDOW_YEARS} years earlier, and growth between the breaks"
    present = trade.dropna()
    if present.empty:
        return Verdict("E3", INSUFFICIENT_DATA, metric, "no trade figures", rule,
                       f"the snapshot holds no trade figures between {entity_name(country_a)} and "
                       f"{entity_name(country_b)}", tuple(sources))
    last = int(present.index.max())
    first = last - E3_WINDOW_YEARS
    if first not in present.index:
        return Verdict("E3", INSUFFICIENT_DATA, metric, f"no figure for {first}", rule,
                       f"the trade series lacks {first}, needed to compare with {last}", tuple(sources))
    multiple = float(present.loc[last] / present.loc[first])
    spans = growth_between_breaks(present)
    spans = spans[spans["last"] > first]  # spans that overlap the window
    grew_throughout = bool((spans["growth"] > 0).all()) if not spans.empty else False
    tests = [multiple >= E3_MULTIPLE, grew_throughout]
    described = "; ".join(f"{row.span} {row.growth:+.1%} a year" for row in spans.itertuples())
    value = f"{multiple:.1f}× from {first} to {last}; {described}"
    reason = (f"trade {'did' if tests[0] else 'did not'} multiply {E3_MULTIPLE:.0f} times and "
              f"{'grew in every span' if grew_throughout else 'fell in at least one span'}")
    return Verdict("E3", all_some_none(sum(tests), 2), metric, value, rule, reason, tuple(sources))


# --- dependence ------------------------------------------------------------------------------

def share_in_total_trade(indicators: pd.DataFrame, reporter: str, partner: str) -> pd.Series:
    """The partner's share of the reporter's goods trade with the world, by year (reporter's own record)."""
    bilateral = select(indicators, "trade_usd", [reporter], partner=partner).set_index("year")["value"]
    total = select(indicators, TOTAL_TRADE, [reporter]).set_index("year")["value"]
    return (bilateral / total.where(total > 0)).dropna().sort_index()


def dependence(indicators: pd.DataFrame, country_a: str, country_b: str) -> pd.DataFrame:
    """Each side's share of the other in its own trade: columns ``<b> in <a>`` and ``<a> in <b>``."""
    return pd.DataFrame({
        f"{country_b} in {country_a}": share_in_total_trade(indicators, country_a, country_b),
        f"{country_a} in {country_b}": share_in_total_trade(indicators, country_b, country_a),
    }).sort_index()


def verdict_e5(shares: pd.DataFrame, country_a: str, country_b: str, sources: Sequence[str]) -> Verdict:
    name_a, name_b = entity_name(country_a), entity_name(country_b)
    rule = (f"supported if each takes at least {percent(E5_DEPENDENCE_SHARE, 0)} of the other's goods trade in the "
            f"latest year with both figures (mutual dependence); partly supported if only one does (one-sided); "
            f"not supported if neither does")
    metric = "each side's share of the other's goods trade"
    both = shares.dropna() if not shares.empty else shares
    if both.empty:
        return Verdict("E5", INSUFFICIENT_DATA, metric, "no figures for both sides", rule,
                       "the snapshot lacks bilateral or total trade for one of the two", tuple(sources))
    year = int(both.index.max())
    b_in_a, a_in_b = (float(both.loc[year, column]) for column in both.columns)
    tests = [b_in_a >= E5_DEPENDENCE_SHARE, a_in_b >= E5_DEPENDENCE_SHARE]
    value = (f"{name_b} {percent(b_in_a, 0)} of {name_a}'s trade, {name_a} {percent(a_in_b, 0)} of {name_b}'s, "
             f"in {year}")
    heavier = name_a if b_in_a > a_in_b else name_b
    reason = ("each depends on the other" if all(tests) else
              f"the dependence is one-sided: {heavier} leans on the other" if any(tests) else
              "neither depends much on the other")
    return Verdict("E5", all_some_none(sum(tests), 2), metric, value, rule, reason, tuple(sources))


def insufficient(claim_id: str, metric: str, rule: str, missing: str) -> Verdict:
    """The verdict of a claim whose data the snapshot does not hold yet."""
    return Verdict(claim_id, INSUFFICIENT_DATA, metric, "not in the snapshot", rule, missing)


__all__ = ["SUPPORTED", "PARTLY_SUPPORTED", "NOT_SUPPORTED"]

"""The economy chapter's verdict rules (claims E1–E6), their thresholds first."""

from __future__ import annotations

from typing import Sequence

import pandas as pd

from analysis.claims.verdicts import (INSUFFICIENT_DATA, NOT_SUPPORTED, PARTLY_SUPPORTED, SUPPORTED,
                                      all_some_none, percent, Verdict)
from analysis.config import entity_name
from analysis.chapters.economy.composition import FAMILIES, composition_sources, family_year
from analysis.chapters.economy.measures import BREAK_YEARS, EUROPE, SETTLEMENT_BILATERAL, growth_between_breaks

# E3: trade "soars" if it multiplied at least this many times over this many years...
E3_MULTIPLE = 2.0
E3_WINDOW_YEARS = 10

# ...and, for "supported", it also grew after each break (compound rate above zero).

# E5: a side depends on the other when the other takes at least this share of its trade.
E5_DEPENDENCE_SHARE = 0.10

# E1: the importer's crude imports from the exporter in the latest year against the last year
# before the 2022 break, and whether the exporter was the importer's largest recorded supplier.
E1_BASE_YEAR = 2021
E1_MIN_GROWTH = 0.20

# E2: pipeline gas in the latest year as a share of the pipeline's design capacity...
E2_CAPACITY_SHARE = 0.90

# ...and crude imports rising from the first full year of pipeline deliveries to the latest.

# E4: the latest stated share of the two national currencies in the pair's settlements (per cent)...
E4_SUPPORTED_SHARE = 90.0
E4_PARTLY_SHARE = 50.0
E6_DOMINANT_SHARE = 0.5  # a group above this share of one direction's trade dominates that direction
E6_MIN_FAMILY_SHARE = 0.01  # a family below this share of the two-way trade is, in effect, not traded
E6_RULE = (f"supported if farm goods, manufactures and raw materials each make up at least "
           f"{percent(E6_MIN_FAMILY_SHARE, 0)} of the two countries' trade and no single product group makes up "
           f"more than {percent(E6_DOMINANT_SHARE, 0)} of either direction; partly supported if all three are "
           f"traded but one group makes up more than {percent(E6_DOMINANT_SHARE, 0)} of a direction; not "
           f"supported if one of the three makes up less than {percent(E6_MIN_FAMILY_SHARE, 0)}; each share in the "
           "latest year the releases give it")


def verdict_e3(trade: pd.Series, country_a: str, country_b: str, sources: Sequence[str]) -> Verdict:
    rule = (f"supported if trade in the latest year is at least {E3_MULTIPLE:.0f} times its level "
            f"{E3_WINDOW_YEARS} or more years earlier (the latest figure that far back) and grew in every span "
            f"between the breaks of "
            f"{' and '.join(map(str, BREAK_YEARS))}; partly supported if only one of the two holds; "
            "not supported otherwise")
    metric = f"bilateral trade now against {E3_WINDOW_YEARS} or more years earlier, and growth between the breaks"
    present = trade.dropna()
    if present.empty:
        return Verdict("E3", INSUFFICIENT_DATA, metric, "no trade figures", rule,
                       f"the snapshot holds no trade figures between {entity_name(country_a)} and "
                       f"{entity_name(country_b)}", tuple(sources))
    last = int(present.index.max())
    earlier = present.index[present.index <= last - E3_WINDOW_YEARS]
    if earlier.empty:
        return Verdict("E3", INSUFFICIENT_DATA, metric, f"no figure for {last - E3_WINDOW_YEARS} or before", rule,
                       f"the trade series has no figure {E3_WINDOW_YEARS} or more years before {last}", tuple(sources))
    first = int(earlier.max())
    multiple = float(present.loc[last] / present.loc[first])
    spans = growth_between_breaks(present)
    spans = spans[spans["last"] > first]  # spans that overlap the window
    grew_throughout = bool((spans["growth"] > 0).all()) if not spans.empty else False
    tests = [multiple >= E3_MULTIPLE, grew_throughout]
    described = "; ".join(f"{row.span} {row.growth:+.1%} a year" for row in spans.itertuples())
    value = f"{multiple:.1f}× from {first} to {last}; {described}"
    reason = (f"trade {'reached' if tests[0] else 'did not reach'} {E3_MULTIPLE:.0f} times its level of {first} and "
              f"{'grew in every span' if grew_throughout else 'fell in at least one span'}")
    return Verdict("E3", all_some_none(sum(tests), 2), metric, value, rule, reason, tuple(sources))


def verdict_e5(shares: pd.DataFrame, country_a: str, country_b: str, sources: Sequence[str],
               mirrored: dict[str, list[int]] | None = None) -> Verdict:
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
    mirror_notes = [f"{entity_name(held)}'s share of {entity_name(holder)}'s trade in {year} uses "
                    f"{entity_name(held)}'s record of the pair's trade (a mirror figure)"
                    for column, years in (mirrored or {}).items() if year in years
                    for held, holder in [column.split(" in ")]]
    if mirror_notes:
        reason += "; " + "; ".join(mirror_notes)
    return Verdict("E5", all_some_none(sum(tests), 2), metric, value, rule, reason, tuple(sources))


def verdict_e1(crude: pd.DataFrame, markets: pd.DataFrame, importer: str, exporter: str, sources: Sequence[str]
               ) -> Verdict:
    name_i, name_e = entity_name(importer), entity_name(exporter)
    rule = (f"three tests: {name_i}'s crude imports from {name_e} in the latest year with figures at least "
            f"{percent(E1_MIN_GROWTH, 0)} above {E1_BASE_YEAR} (the last year before the break of 2022); "
            f"{name_e} the largest of the origins recorded that year; and, in the latest year with both figures, "
            f"{name_i} buying more of {name_e}'s crude than the European Union; supported if all three pass, "
            "partly supported if one or two do, not supported if none")
    metric = f"{name_i}'s crude imports from {name_e} since {E1_BASE_YEAR}, its rank among origins, and the EU's"
    series = crude[exporter].dropna() if not crude.empty else pd.Series(dtype=float)
    if series.empty or E1_BASE_YEAR not in series.index or int(series.index.max()) <= E1_BASE_YEAR:
        return Verdict("E1", INSUFFICIENT_DATA, metric, "figures missing", rule,
                       f"the snapshot lacks {name_i}'s crude imports from {name_e} for {E1_BASE_YEAR} or later",
                       tuple(sources))
    year = int(series.index.max())
    growth = float(series.loc[year] / series.loc[E1_BASE_YEAR] - 1)
    origins = crude.loc[year].drop(labels=["WLD", "share"], errors="ignore").dropna()
    largest = bool(origins.idxmax() == exporter)
    tests = [round(growth, 9) >= E1_MIN_GROWTH, largest]  # rounded: 120/100 - 1 is not exactly 0.2 in floating point
    share = crude.loc[year, "share"] if "share" in crude and pd.notna(crude.loc[year, "share"]) else None
    value = (f"{series.loc[year] / 1e6:,.1f} Mt in {year}, {growth:+.0%} on {E1_BASE_YEAR}"
             + (f"; {percent(share, 0)} of {name_i}'s crude imports" if share is not None else ""))
    reason = (f"imports {'grew' if tests[0] else 'did not grow'} by the margin and {name_e} "
              f"{'was' if largest else 'was not'} the largest origin recorded in {year} "
              f"(against {', '.join(entity_name(code) for code in origins.index if code != exporter)})")
    both = markets.dropna() if EUROPE in markets and importer in markets else pd.DataFrame()
    if both.empty:
        reason += f"; the EU's imports from {name_e} are not in the snapshot, so that test fails for want of figures"
        tests.append(False)
    else:
        when = int(both.index.max())
        overtaken = bool(both.loc[when, importer] > both.loc[when, EUROPE])
        tests.append(overtaken)
        europe = markets[EUROPE].dropna()
        before = (f" ({europe.loc[E1_BASE_YEAR] / 1e6:,.1f} Mt in {E1_BASE_YEAR})"
                  if E1_BASE_YEAR in europe.index and E1_BASE_YEAR != when else "")
        value += f"; the EU {both.loc[when, EUROPE] / 1e6:,.1f} Mt from {name_e} in {when}{before}"
        reason += (f"; in {when} {name_i} {'bought more' if overtaken else 'did not buy more'} of {name_e}'s crude "
                   "than the EU")
    return Verdict("E1", all_some_none(sum(tests), 3), metric, value, rule, reason, tuple(sources))


def verdict_e2(gas: pd.DataFrame, crude: pd.DataFrame, importer: str, exporter: str, sources: Sequence[str]
               ) -> Verdict:
    name_i, name_e = entity_name(importer), entity_name(exporter)
    rule = (f"two tests: pipeline gas in the latest year at least {percent(E2_CAPACITY_SHARE, 0)} of the "
            f"pipeline's design capacity, and crude imports from {name_e} higher in the latest year than in the "
            "first full year of pipeline deliveries; supported if both pass, partly supported if one does, "
            "not supported if neither")
    metric = "pipeline gas against design capacity; crude oil since the pipeline opened"
    if gas.empty or "of_capacity" not in gas:
        return Verdict("E2", INSUFFICIENT_DATA, metric, "no pipeline figures", rule,
                       f"the snapshot lacks pipeline gas or capacity figures from {name_e} to {name_i}", tuple(sources))
    year = int(gas.index.max())
    used = float(gas.loc[year, "of_capacity"])
    first = int(gas.index.min())
    oil = crude[exporter].dropna() if not crude.empty and exporter in crude else pd.Series(dtype=float)
    oil_rose = first in oil.index and int(oil.index.max()) > first and oil.iloc[-1] > oil.loc[first]
    tests = [used >= E2_CAPACITY_SHARE, bool(oil_rose)]
    value = (f"{gas.loc[year, 'gas'] / 1e9:.1f} bcm in {year}, {percent(used, 0)} of "
             f"{gas.loc[year, 'capacity'] / 1e9:.0f} bcm capacity"
             + (f"; crude {oil.loc[first] / 1e6:.1f} Mt in {first}, {oil.iloc[-1] / 1e6:.1f} Mt in "
                f"{int(oil.index.max())}" if first in oil.index else ""))
    reason = (f"the pipeline {'ran at' if tests[0] else 'stayed below'} {percent(E2_CAPACITY_SHARE, 0)} of capacity "
              f"and crude imports {'rose' if tests[1] else 'did not rise'} since {first}")
    return Verdict("E2", all_some_none(sum(tests), 2), metric, value, rule, reason, tuple(sources))


def verdict_e4(points: pd.DataFrame, sources: Sequence[str]) -> Verdict:
    rule = (f"from the dated figures for the share of the two national currencies in the pair's settlements: "
            f"supported if the latest is at least {E4_SUPPORTED_SHARE:.0f} % and above the earliest (a shift, not a "
            f"constant); partly supported if the latest is at least {E4_PARTLY_SHARE:.0f} %; not supported otherwise")
    metric = "share of rubles and yuan in the pair's settlements, as officially stated"
    bilateral = points[points["series"] == SETTLEMENT_BILATERAL] if not points.empty else points
    if bilateral.empty:
        return Verdict("E4", INSUFFICIENT_DATA, metric, "no dated figures", rule,
                       "the snapshot holds no dated figures on the currencies of the pair's settlements", tuple(sources))
    earliest, latest = bilateral.iloc[0], bilateral.iloc[-1]
    share = latest["share"] * 100
    rose = latest["share"] > earliest["share"]
    verdict = (SUPPORTED if share >= E4_SUPPORTED_SHARE and rose else
               PARTLY_SUPPORTED if share >= E4_PARTLY_SHARE else NOT_SUPPORTED)
    qualifier = "" if latest["qualifier"] == "as stated" else f"{latest['qualifier']} "
    value = (f"{qualifier}{share:g} % ({latest['period']}, {latest['speaker'].split(',')[0]}), against "
             f"{earliest['share'] * 100:g} % in {earliest['period']}")
    reason = (f"the latest figure is {'at or above' if share >= E4_SUPPORTED_SHARE else 'below'} "
              f"{E4_SUPPORTED_SHARE:.0f} % and {'higher' if rose else 'not higher'} than the earliest; all figures are "
              "statements reported in the press, not a published statistic")
    return Verdict("E4", verdict, metric, value, rule, reason, tuple(sources))


def verdict_e6(composition: pd.DataFrame, reporter: str, partner: str) -> Verdict:
    """E6 from the broad product groups recorded: are the three families traded, and does one group
    dominate a direction?"""
    metric = "composition of trade by broad product group, each way"
    sources = tuple(composition_sources(composition))
    if composition.empty:
        return Verdict("E6", INSUFFICIENT_DATA, metric, "not in the snapshot", E6_RULE,
                       "the snapshot holds no trade figures by product group", sources)
    name_r, name_p = entity_name(reporter), entity_name(partner)
    family_share = composition.groupby("family")["share_of_trade"].max()
    dominant = composition[(composition["share_of_direction"] > E6_DOMINANT_SHARE)
                           & composition["direction"].isin(["exports", "imports"])]
    dominant = dominant.sort_values("share_of_direction", ascending=False).drop_duplicates("direction")
    flows = {"exports": f"{name_r}'s exports to {name_p}", "imports": f"{name_r}'s imports from {name_p}"}
    leading = [f"{row.group} {'over ' if row.floor else ''}{percent(row.share_of_direction, 0)} of "
               f"{flows[row.direction]} ({row.year})" for row in dominant.itertuples()]
    missing = [family for family in FAMILIES if pd.isna(family_share.get(family))]
    recorded = [family for family in FAMILIES if family not in missing]
    smallest = min(recorded, key=lambda family: family_share[family]) if recorded else None
    present = [] if smallest is None else [
        f"the smallest family recorded, {smallest}, at least {percent(family_share[smallest], 0)} of the two-way "
        f"trade ({family_year(composition, smallest)})"]
    value = "; ".join(leading + present)
    if missing:
        reason = (f"the snapshot has no share of the two-way trade for {', '.join(missing)}"
                  + ("; with one group above half of a direction, the claim can be at most partly supported"
                     if not dominant.empty else ""))
        return Verdict("E6", INSUFFICIENT_DATA, metric, value, E6_RULE, reason, sources)
    scarce = [family for family in FAMILIES if family_share[family] < E6_MIN_FAMILY_SHARE]
    if scarce:
        return Verdict("E6", NOT_SUPPORTED, metric, value, E6_RULE,
                       f"{', '.join(scarce)} make up less than {percent(E6_MIN_FAMILY_SHARE, 0)} of the trade", sources)
    if not dominant.empty:
        reason = ("all three families are traded, but one group of goods makes up more than half of "
                  + " and of ".join(flows[direction] for direction in dominant["direction"])
                  + ": the trade spans the three, while each direction leans on one kind of goods")
        return Verdict("E6", PARTLY_SUPPORTED, metric, value, E6_RULE, reason, sources)
    return Verdict("E6", SUPPORTED, metric, value, E6_RULE,
                   "all three families are traded and no group makes up more than half of a direction", sources)

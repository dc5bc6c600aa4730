"""The economy chapter's verdict rules (claims E1–E6), their thresholds first."""

from __future__ import annotations

from typing import Sequence

import pandas as pd

from analysis.claims.verdicts import (GROWTH, POINTS, SHARE, TIMES, Check, Comparison, graded, insufficient, judge,
                                      percent, Verdict, written)
from analysis.config import entity_name
from analysis.chapters.economy.composition import FAMILIES, composition_sources, family_year
from analysis.chapters.economy.measures import BREAK_YEARS, EUROPE, SETTLEMENT_BILATERAL, growth_between_breaks

# E3: trade "soars" if it multiplied at least this many times over this many years, grew in every
# span between the breaks, and did not fall in the latest year (a fall in the latest year counts
# against the claim: "soaring" is a statement about now).
E3_MULTIPLE = 2.0
E3_WINDOW_YEARS = 10
E3_LATEST_CHANGE = 0.0

# E5: a side depends on the other when the other takes at least this share of its trade.
E5_DEPENDENCE_SHARE = 0.10

# E1: the importer's crude imports from the exporter in the latest year against the last year
# before the 2022 break, and whether the exporter was the importer's largest recorded supplier.
E1_BASE_YEAR = 2021
E1_MIN_GROWTH = 0.20

# E2: pipeline gas in the latest year as a share of the pipeline's design capacity, and crude imports
# rising from the first full year of pipeline deliveries to the latest.
E2_CAPACITY_SHARE = 0.90

# E4: the latest stated share of the two national currencies in the pair's settlements (per cent)...
E4_SUPPORTED_SHARE = 90.0
E4_PARTLY_SHARE = 50.0
# E4 says the pair settles in its own currencies to bypass the dollar: a pair that includes the dollar's issuer cannot.
DOLLAR_ISSUER = "USA"
# ...and, for "supported", a rise from the earliest figure (a shift, not a constant state).

# E7: gas turns from Europe to the importer when the exporter's pipeline gas to Europe (with Turkey, as Gazprom
# counts it) fell by at least this share from the year of the first break, and the importer now takes more
# pipeline gas than Europe does. A turn is recent news: with Europe's figures ending more than this many years
# before the importer's, the years that matter cannot be compared and the claim is not judged.
E7_EUROPE_FALL = 0.5
E7_MAX_LAG = 1

# E8: the partner has become a lifeline if it supplies at least this share of the country's goods imports in
# the latest year, up by at least this much (in percentage points) on the last year before the 2022 break.
E8_LIFELINE_SHARE = 1 / 3
E8_RISE = 0.10

# E6: the three families of goods the claim names must each be traded, and no group dominate a direction.
E6_DOMINANT_SHARE = 0.5  # a group above this share of one direction's trade dominates that direction
E6_MIN_FAMILY_SHARE = 0.01  # a family below this share of the two-way trade is, in effect, not traded
E6_RULE = (f"supported if farm goods, manufactures and raw materials each make up at least "
           f"{percent(E6_MIN_FAMILY_SHARE, 0)} of the two countries' trade and no single product group makes up "
           f"more than {percent(E6_DOMINANT_SHARE, 0)} of either direction; partly supported if all three are "
           f"traded but one group makes up more than {percent(E6_DOMINANT_SHARE, 0)} of a direction; not "
           f"supported if one of the three makes up less than {percent(E6_MIN_FAMILY_SHARE, 0)}; each share in the "
           "latest year the releases give it")


def verdict_e3(trade: pd.Series, country_a: str, country_b: str, sources: Sequence[str],
               notes: Sequence[str] = ()) -> Verdict:
    rule = (f"three tests: trade in the latest year at least {E3_MULTIPLE:.0f} times its level {E3_WINDOW_YEARS} or "
            f"more years earlier (the latest figure that far back); growth in every span between the breaks of "
            f"{' and '.join(map(str, BREAK_YEARS))}; and no fall in the latest year; supported if all three pass, "
            "partly supported if one or two do, not supported if none")
    metric = f"bilateral trade now against {E3_WINDOW_YEARS} or more years earlier, growth between the breaks, latest year"
    present = trade.dropna()
    if present.empty:
        return insufficient("E3", metric, rule, "no trade figures", f"the data hold no trade figures between "
                            f"{entity_name(country_a)} and {entity_name(country_b)}", sources)
    last = int(present.index.max())
    earlier = present.index[present.index <= last - E3_WINDOW_YEARS]
    if earlier.empty:
        return insufficient("E3", metric, rule, f"no figure for {last - E3_WINDOW_YEARS} or before",
                            f"the trade series has no figure {E3_WINDOW_YEARS} or more years before {last}", sources)
    first = int(earlier.max())
    spans = growth_between_breaks(present)
    spans = spans[spans["last"] > first]  # spans that overlap the window
    tests = [Comparison(f"trade in {last} as a multiple of {first}", float(present.loc[last] / present.loc[first]),
                        E3_MULTIPLE, TIMES)]
    if not spans.empty:
        slowest = spans.loc[spans["growth"].idxmin()]
        tests.append(Comparison(f"the slowest growth between the breaks ({slowest['span']}, a year)",
                                float(slowest["growth"]), E3_LATEST_CHANGE, GROWTH, above=True))
    before = present[present.index < last]
    if not before.empty:
        previous = int(before.index.max())
        tests.append(Comparison(f"the change from {previous} to {last}",
                                float(present.loc[last] / present.loc[previous] - 1), E3_LATEST_CHANGE, GROWTH))
    described = "; ".join(f"{row.span} {row.growth:+.1%} a year" for row in spans.itertuples())
    value = f"{written(float(present.loc[last] / present.loc[first]), TIMES)} from {first} to {last}; {described}"
    return judge("E3", metric, rule, value, tests, sources, notes=notes)


def verdict_e5(shares: pd.DataFrame, country_a: str, country_b: str, sources: Sequence[str],
               mirrored: dict[str, list[int]] | None = None, notes: Sequence[str] = ()) -> Verdict:
    name_a, name_b = entity_name(country_a), entity_name(country_b)
    rule = (f"supported if each takes at least {percent(E5_DEPENDENCE_SHARE, 0)} of the other's goods trade in the "
            f"latest year with both figures (mutual dependence); partly supported if only one does (one-sided); "
            f"not supported if neither does")
    metric = "each side's share of the other's goods trade"
    both = shares.dropna() if not shares.empty else shares
    if both.empty:
        return insufficient("E5", metric, rule, "no figures for both sides",
                            "the data lack bilateral or total trade for one of the two", sources)
    year = int(both.index.max())
    b_in_a, a_in_b = (float(both.loc[year, column]) for column in both.columns)
    tests = [Comparison(f"{name_b}'s share of {name_a}'s goods trade in {year}", b_in_a, E5_DEPENDENCE_SHARE, SHARE),
             Comparison(f"{name_a}'s share of {name_b}'s goods trade in {year}", a_in_b, E5_DEPENDENCE_SHARE, SHARE)]
    value = (f"{name_b} {percent(b_in_a, 0)} of {name_a}'s trade, {name_a} {percent(a_in_b, 0)} of {name_b}'s, "
             f"in {year}")
    mirror_notes = [f"{entity_name(held)}'s share of {entity_name(holder)}'s trade in {year} uses "
                    f"{entity_name(held)}'s record of the pair's trade (a mirror figure)"
                    for column, years in (mirrored or {}).items() if year in years
                    for held, holder in [column.split(" in ")]]
    return judge("E5", metric, rule, value, tests, sources, notes=[*mirror_notes, *notes])


def verdict_e1(crude: pd.DataFrame, markets: pd.DataFrame, importer: str, exporter: str, sources: Sequence[str],
               notes: Sequence[str] = ()) -> Verdict:
    name_i, name_e = entity_name(importer), entity_name(exporter)
    rule = (f"three tests: {name_i}'s crude imports from {name_e} in the latest year with figures at least "
            f"{percent(E1_MIN_GROWTH, 0)} above {E1_BASE_YEAR} (the last year before the break of 2022); "
            f"{name_e} the largest of the origins recorded that year; and, in the latest year with both figures, "
            f"{name_i} buying more of {name_e}'s crude than the European Union; supported if all three pass, "
            "partly supported if one or two do, not supported if none")
    metric = f"{name_i}'s crude imports from {name_e} since {E1_BASE_YEAR}, its rank among origins, and the EU's"
    series = crude[exporter].dropna() if not crude.empty else pd.Series(dtype=float)
    if series.empty or E1_BASE_YEAR not in series.index or int(series.index.max()) <= E1_BASE_YEAR:
        return insufficient("E1", metric, rule, "figures missing", f"the data lack {name_i}'s crude imports "
                            f"from {name_e} for {E1_BASE_YEAR} or later", sources)
    year = int(series.index.max())
    growth = float(series.loc[year] / series.loc[E1_BASE_YEAR] - 1)
    origins = crude.loc[year].drop(labels=["WLD", "share"], errors="ignore").dropna()
    others = ", ".join(entity_name(code) for code in origins.index if code != exporter)
    tests = [Comparison(f"{name_i}'s crude imports from {name_e}, change from {E1_BASE_YEAR} to {year}", growth,
                        E1_MIN_GROWTH, GROWTH),
             Check(bool(origins.idxmax() == exporter), f"{name_e} was the largest origin recorded in {year} (against "
                   f"{others})", f"{name_e} was not the largest origin recorded in {year} (against {others})")]
    share = crude.loc[year, "share"] if "share" in crude and pd.notna(crude.loc[year, "share"]) else None
    value = (f"{series.loc[year] / 1e6:,.1f} Mt in {year}, {growth:+.0%} on {E1_BASE_YEAR}"
             + (f"; {percent(share, 0)} of {name_i}'s crude imports" if share is not None else ""))
    both = markets.dropna() if EUROPE in markets and importer in markets else pd.DataFrame()
    if both.empty:
        tests.append(Check(False, "", f"the EU's imports from {name_e} are not in the data, so the comparison "
                                      "with the EU fails for want of figures"))
    else:
        when = int(both.index.max())
        tests.append(Comparison(f"{name_i}'s crude imports from {name_e} in {when}, in million tonnes",
                                float(both.loc[when, importer]) / 1e6, float(both.loc[when, EUROPE]) / 1e6,
                                above=True, threshold_label=f"the EU's from {name_e} in {when}", rule_threshold=False))
        europe = markets[EUROPE].dropna()
        before = (f" ({europe.loc[E1_BASE_YEAR] / 1e6:,.1f} Mt in {E1_BASE_YEAR})"
                  if E1_BASE_YEAR in europe.index and E1_BASE_YEAR != when else "")
        value += f"; the EU {both.loc[when, EUROPE] / 1e6:,.1f} Mt from {name_e} in {when}{before}"
    return judge("E1", metric, rule, value, tests, sources, notes=notes)


def verdict_e2(gas: pd.DataFrame, crude: pd.DataFrame, importer: str, exporter: str, sources: Sequence[str],
               notes: Sequence[str] = ()) -> Verdict:
    name_i, name_e = entity_name(importer), entity_name(exporter)
    rule = (f"two tests: pipeline gas in the latest year at least {percent(E2_CAPACITY_SHARE, 0)} of the "
            f"pipeline's design capacity, and crude imports from {name_e} higher in the latest year than in the "
            "first full year of pipeline deliveries; supported if both pass, partly supported if one does, "
            "not supported if neither")
    metric = "pipeline gas against design capacity; crude oil since the pipeline opened"
    if gas.empty or "of_capacity" not in gas:
        return insufficient("E2", metric, rule, "no pipeline figures", f"the data lack pipeline gas or capacity "
                            f"figures from {name_e} to {name_i}", sources)
    year = int(gas.index.max())
    first = int(gas.index.min())
    oil = crude[exporter].dropna() if not crude.empty and exporter in crude else pd.Series(dtype=float)
    tests = [Comparison(f"pipeline gas in {year} as a share of the pipeline's design capacity",
                        float(gas.loc[year, "of_capacity"]), E2_CAPACITY_SHARE, SHARE)]
    if first in oil.index and int(oil.index.max()) > first:
        latest = int(oil.index.max())
        tests.append(Comparison(f"crude imports from {name_e} in {latest}, in million tonnes", float(oil.iloc[-1]) / 1e6,
                                float(oil.loc[first]) / 1e6, above=True, threshold_label=f"their level in {first}",
                                rule_threshold=False))
    else:
        tests.append(Check(False, "", f"the data have no crude imports from {name_e} for {first} and a later year"))
    value = (f"{gas.loc[year, 'gas'] / 1e9:.1f} bcm in {year}, {percent(float(gas.loc[year, 'of_capacity']), 0)} of "
             f"{gas.loc[year, 'capacity'] / 1e9:.0f} bcm capacity"
             + (f"; crude {oil.loc[first] / 1e6:.1f} Mt in {first}, {oil.iloc[-1] / 1e6:.1f} Mt in "
                f"{int(oil.index.max())}" if first in oil.index else ""))
    return judge("E2", metric, rule, value, tests, sources, notes=notes)


def e4_decision(results: Sequence[bool]) -> str:
    """E4's grading over its tests (at least the supported share, at least the partly share, a rise)."""
    supported_share, partly_share, rose = results
    return graded(supported_share and rose, partly_share)


def verdict_e4(points: pd.DataFrame, sources: Sequence[str], money: str = "rubles and yuan",
               notes: Sequence[str] = (), pair: Sequence[str] = ()) -> Verdict:
    rule = (f"from the dated figures for the share of the two national currencies in the pair's settlements: "
            f"supported if the latest is at least {E4_SUPPORTED_SHARE:.0f} % and above the earliest (a shift, not a "
            f"constant); partly supported if the latest is at least {E4_PARTLY_SHARE:.0f} %; not supported otherwise")
    metric = f"share of {money} in the pair's settlements, as officially stated"
    if DOLLAR_ISSUER in pair:
        return insufficient("E4", metric, rule, "not tested for this pair",
                            f"the dollar is {entity_name(DOLLAR_ISSUER)}'s own currency, so settling the pair's trade "
                            f"in {money} cannot bypass it: the claim does not apply to this pair", sources)
    bilateral = points[points["series"] == SETTLEMENT_BILATERAL] if not points.empty else points
    if bilateral.empty:
        return insufficient("E4", metric, rule, "no dated figures",
                            "the data hold no dated figures on the currencies of the pair's settlements", sources)
    earliest, latest = bilateral.iloc[0], bilateral.iloc[-1]
    share, first_share = float(latest["share"]), float(earliest["share"])
    measured = f"the latest stated share of {money} ({latest['period']})"
    tests = [Comparison(measured, share, E4_SUPPORTED_SHARE / 100, SHARE),
             Comparison(measured, share, E4_PARTLY_SHARE / 100, SHARE),
             Comparison(measured, share, first_share, SHARE, above=True,
                        threshold_label=f"the earliest, {earliest['period']}", rule_threshold=False)]
    qualifier = "" if latest["qualifier"] == "as stated" else f"{latest['qualifier']} "
    value = (f"{qualifier}{share * 100:g} % ({latest['period']}, {latest['speaker'].split(',')[0]}), against "
             f"{first_share * 100:g} % in {earliest['period']}")
    return judge("E4", metric, rule, value, tests, sources, decide=e4_decision,
                 notes=["all figures are statements reported in the press, not a published statistic", *notes])


def e6_decision(results: Sequence[bool]) -> str:
    """E6's grading: every family traded (one test per family), and no group dominating a direction (the last)."""
    *traded, balanced = results
    return graded(all(traded) and balanced, all(traded))


def verdict_e6(composition: pd.DataFrame, reporter: str, partner: str, notes: Sequence[str] = ()) -> Verdict:
    """E6 from the broad product groups recorded: are the three families traded, and does one group
    dominate a direction?"""
    metric = "composition of trade by broad product group, each way"
    sources = tuple(composition_sources(composition))
    if composition.empty:
        return insufficient("E6", metric, E6_RULE, "not in the data",
                            "the data hold no trade figures by product group", sources)
    name_r, name_p = entity_name(reporter), entity_name(partner)
    family_share = composition.groupby("family")["share_of_trade"].max()
    dominant = composition[composition["direction"].isin(["exports", "imports"])]
    dominant = dominant.sort_values("share_of_direction", ascending=False).drop_duplicates("direction")
    flows = {"exports": f"{name_r}'s exports to {name_p}", "imports": f"{name_r}'s imports from {name_p}"}
    leading = [f"{row.group} {'over ' if row.floor else ''}{percent(row.share_of_direction, 0)} of "
               f"{flows[row.direction]} ({row.year})" for row in dominant.itertuples()
               if row.share_of_direction > E6_DOMINANT_SHARE]
    missing = [family for family in FAMILIES if pd.isna(family_share.get(family))]
    recorded = [family for family in FAMILIES if family not in missing]
    smallest = min(recorded, key=lambda family: family_share[family]) if recorded else None
    present = [] if smallest is None else [
        f"the smallest family recorded, {smallest}, at least {percent(family_share[smallest], 0)} of the two-way "
        f"trade ({family_year(composition, smallest)})"]
    value = "; ".join(leading + present)
    if missing:
        reason = (f"the data have no share of the two-way trade for {', '.join(missing)}"
                  + ("; with one group above half of a direction, the claim can be at most partly supported"
                     if leading else ""))
        return insufficient("E6", metric, E6_RULE, value, reason, sources)
    tests = [Comparison(f"{family}' share of the two-way trade ({family_year(composition, family)}, at least)",
                        float(family_share[family]), E6_MIN_FAMILY_SHARE, SHARE) for family in FAMILIES]
    largest = dominant.iloc[0]
    tests.append(Comparison(f"the largest group's share of a direction ({largest['group']} in "
                            f"{flows[largest['direction']]}, {largest['year']})", float(largest["share_of_direction"]),
                            E6_DOMINANT_SHARE, SHARE, at_most=True))
    return judge("E6", metric, E6_RULE, value, tests, sources, decide=e6_decision, notes=notes)


def verdict_e8(imports: pd.DataFrame, importer: str, exporter: str, sources: Sequence[str],
               notes: Sequence[str] = ()) -> Verdict:
    """E8 from the exporter's share of the importer's goods imports, before the 2022 break and now."""
    name_i, name_e = entity_name(importer), entity_name(exporter)
    break_year = BREAK_YEARS[-1]
    rule = (f"supported if {name_e} supplied at least {percent(E8_LIFELINE_SHARE, 0)} of {name_i}'s goods imports in "
            f"the latest year with figures and its share rose by at least {E8_RISE * 100:.0f} points on the last "
            f"year before {break_year} with figures; partly supported if one of the two holds; not supported if "
            "neither")
    metric = f"{name_e}'s share of {name_i}'s goods imports, before {break_year} and in the latest year"
    before = imports[imports.index < break_year] if not imports.empty else imports
    after = imports[imports.index >= break_year] if not imports.empty else imports
    if before.empty or after.empty:
        return insufficient("E8", metric, rule, "no figures on both sides of the break",
                            f"the data lack {name_i}'s goods imports, or {name_e}'s part of them, before or "
                            f"after {break_year}", sources)
    base, latest = int(before.index.max()), int(after.index.max())
    share, earlier = float(after.loc[latest, "share"]), float(before.loc[base, "share"])
    tests = [Comparison(f"{name_e}'s share of {name_i}'s goods imports in {latest}", share, E8_LIFELINE_SHARE, SHARE),
             Comparison(f"the rise of that share from {base} to {latest}", share - earlier, E8_RISE, POINTS)]
    value = f"{percent(share, 0)} in {latest} against {percent(earlier, 0)} in {base}"
    mirror_notes = [f"the {year} share uses {name_e}'s record of its exports to {name_i} over {name_i}'s reported "
                    "imports (a mirror figure)" for year in (base, latest) if imports.loc[year, "mirror"]]
    return judge("E8", metric, rule, value, tests, sources, notes=[*mirror_notes, *notes])


def verdict_e7(gas: pd.DataFrame, europe: pd.Series, importer: str, exporter: str, sources: Sequence[str],
               notes: Sequence[str] = ()) -> Verdict:
    """E7 from pipeline gas: Europe's (with Turkey) from the exporter against the importer's."""
    name_i, name_e = entity_name(importer), entity_name(exporter)
    base = BREAK_YEARS[0]
    rule = (f"two tests: {name_e}'s pipeline gas to Europe and Turkey in the latest year at least "
            f"{percent(E7_EUROPE_FALL, 0)} below {base}, and {name_i} taking more pipeline gas from {name_e} than "
            "Europe and Turkey in the latest year with both figures; supported if both pass, partly supported "
            f"if one does, not supported if neither; judged only while Europe's figures reach within "
            f"{E7_MAX_LAG} year of {name_i}'s")
    metric = f"pipeline gas from {name_e}: Europe and Turkey against {name_i}"
    europe = europe.dropna()
    delivered = gas["gas"].dropna() if "gas" in gas else pd.Series(dtype=float)
    if europe.empty or base not in europe.index:
        return insufficient("E7", metric, rule, "no figures for Europe",
                            f"the data hold no figures of {name_e}'s pipeline gas to Europe by year from {base} "
                            "(the exporter's annual statements of its gas exports, or Eurostat's imports of natural "
                            "gas by partner)", sources)
    latest = int(europe.index.max())
    value = f"Europe and Turkey {europe.loc[latest] / 1e9:.1f} bcm in {latest} against {europe.loc[base] / 1e9:.1f} bcm in {base}"
    if not delivered.empty and int(delivered.index.max()) - latest > E7_MAX_LAG:
        return insufficient("E7", metric, rule, value,
                            f"{name_e}'s pipeline gas to Europe is known only to {latest} ({value}), "
                            f"{name_i}'s to {int(delivered.index.max())} "
                            f"({delivered.iloc[-1] / 1e9:.1f} bcm): the years since {latest} cannot be compared", sources)
    tests = [Comparison(f"{name_e}'s pipeline gas to Europe and Turkey, change from {base} to {latest}",
                        float(europe.loc[latest] / europe.loc[base] - 1), -E7_EUROPE_FALL, GROWTH, at_most=True)]
    both = sorted(set(europe.index) & set(delivered.index))
    if both:
        year = both[-1]
        tests.append(Comparison(f"{name_i}'s pipeline gas from {name_e} in {year}, bcm", float(delivered.loc[year]) / 1e9,
                                float(europe.loc[year]) / 1e9, above=True,
                                threshold_label=f"Europe and Turkey's in {year}", rule_threshold=False))
    else:
        tests.append(Check(False, "", f"no year has both {name_i}'s pipeline gas from {name_e} and Europe's"))
    return judge("E7", metric, rule, value, tests, sources, notes=notes)

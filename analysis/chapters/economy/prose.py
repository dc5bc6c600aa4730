"""The economy chapter's sentences that depend on the pair and on the data found for it.

Each function returns the paragraph a section opens with: what its figures are and whose record they
come from, or, where the data hold nothing for the pair, which data the section would need and where
they are published (said once, in place of the section's charts).
"""

from __future__ import annotations

from analysis.chapters.economy.measures import EUROPE_GAS, SETTLEMENT_BILATERAL, EconomyResult
from analysis.claims import NAMED_PIPELINES
from analysis.chapters.economy.views import money
from analysis.config import entity_name
from analysis.data.indicators import describe_year_ranges, years_drawn


def trade(result: EconomyResult) -> str:
    """Whose record the trade figures are, and where they switch from an official record to the press."""
    years = years_drawn(result.trade.dropna(how="all")) if not result.trade.empty else ""
    if not years:
        return (f"The data hold no record of the goods trade between {entity_name(result.country_a)} and "
                f"{entity_name(result.country_b)}. Each country's customs statistics by partner, reported to the IMF "
                "(Direction of Trade Statistics) and to UN Comtrade, are where such figures are published.")
    text = f"The figures here are {result.reporter_name}'s record of the pair's trade, {years}"
    if result.seam is not None:
        first_press, (name, _), last_official = result.seam
        text += (f": its own reports to {name} up to {last_official}, then {result.reporter_name}'s customs releases "
                 "as news agencies and newspapers reported them (the dashed line in the chart marks the switch, and "
                 "the source line names both)")
    return text + "."


def dependence(result: EconomyResult) -> str:
    """Which side's share rests on the other side's record (a mirror figure), and for which years."""
    sentences = []
    for column, years in result.mirrored.items():
        if not years:
            continue
        partner, country = column.split(" in ")
        sentences.append(f"For {describe_year_ranges(sorted(years))} the data hold no record by {entity_name(country)} "
                         f"of its trade with {entity_name(partner)}, so its side is measured with "
                         f"{entity_name(partner)}'s record of the same flows against {entity_name(country)}'s own "
                         "customs totals: a mirror figure, marked as such in the legend.")
    return " ".join(sentences) or "Each side's share comes from its own record for every year shown."


def _siberia(result: EconomyResult) -> str:
    """Gazprom's deliveries to China, by the pipeline's name where the report is about the two it links."""
    named = NAMED_PIPELINES.get((result.exporter, result.importer))
    return f"what {named} delivered to {result.importer_name}" if named else "its pipeline deliveries to China"


def has_energy(result: EconomyResult) -> bool:
    return not (result.crude.empty and result.markets.empty and result.gas_markets.empty)


def energy(result: EconomyResult) -> str:
    """What the energy charts show for the pair, or which data they would need."""
    importer, exporter = result.importer_name, result.exporter_name
    if not has_energy(result):
        return (f"The data hold no figures of crude oil or pipeline gas between {entity_name(result.country_a)} and "
                f"{entity_name(result.country_b)}. They would come from the importer's customs statistics of crude "
                "oil imports by origin (also published by UN Comtrade, HS heading 2709) and from the pipeline "
                "operators' statements of gas delivered.")
    sentences = []
    if result.crude.empty:
        sentences.append(f"The data hold no figures of {importer}'s crude oil imports from {exporter}; its customs "
                         "statistics by origin (also published by UN Comtrade, HS heading 2709) would give them.")
    else:
        sentences.append(f"Crude oil is counted as {importer}'s customs count it, in tonnes; the figures come from "
                         "news agencies' reports of the customs releases and are missing in years for which no such "
                         "report was found.")
    if "EUU" in result.markets and result.markets["EUU"].notna().any():
        sentences.append(f"For the half of claim E1 about Europe, a chart sets {importer}'s purchases of {exporter}'s "
                         "crude beside the European Union's, as Eurostat's energy statistics record them (in tonnes "
                         "too, but a different source: the EU's figures are its member states' energy returns).")
    if result.gas_delivered.notna().any():
        sentences.append(f"Pipeline gas from {exporter} to {importer} is given as the pipeline's operator stated it, "
                         "against the pipeline's design capacity.")
    if result.gas_europe.notna().any():
        sentences.append(f"For claim E7, {exporter}'s pipeline gas to Europe comes from Gazprom, which holds the "
                         "country's pipeline export monopoly and states each year how much gas it exported beyond the "
                         "former Soviet Union: Europe with Turkey, and from December 2019 China as well, so Europe's "
                         f"share is that total less {_siberia(result)}. The company has not "
                         f"published the total since {int(result.gas_europe.dropna().index.max())}.")
    if result.gas_delivered.dropna().empty:
        sentences.append(f"The data hold no pipeline gas delivered from {exporter} to {importer}.")
    return " ".join(sentences)


def gas_title(result: EconomyResult) -> str:
    named = NAMED_PIPELINES.get((result.exporter, result.importer))
    return (f"Gas through the {named} pipeline, bcm a year" if named else
            f"Pipeline gas from {result.exporter_name} to {result.importer_name}, bcm a year")


def _buyers(result: EconomyResult, table, own: str) -> list[str]:
    """The buyers drawn in a chart of the exporter's sales: the importer where it has figures, then Europe."""
    drawn = [result.importer_name] if result.importer in table and table[result.importer].notna().any() else []
    return drawn + ([own] if own in table and table[own].notna().any() else [])


def markets_title(result: EconomyResult) -> str:
    buyers = _buyers(result, result.markets, "EUU")
    names = " and by ".join(name if name != "EUU" else "the EU" for name in buyers) or "its buyers"
    return f"Crude oil from {result.exporter_name} bought by {names}, million tonnes"


def markets_caption(result: EconomyResult) -> str:
    buyers = _buyers(result, result.markets, "EUU")
    names = " and by ".join(name if name != "EUU" else "the European Union (27 members)" for name in buyers) or "its buyers"
    return f"Crude oil imported from {result.exporter_name} each year by {names}; dots mark years with a figure."


def gas_markets_title(result: EconomyResult) -> str:
    buyers = _buyers(result, result.gas_markets, EUROPE_GAS)
    names = " and ".join(buyers) or "its buyers"
    return f"Pipeline gas from {result.exporter_name} to {names}, bcm a year"


def gas_markets_caption(result: EconomyResult) -> str:
    drawn = [f"to {result.importer_name}"] if result.gas_delivered.notna().any() else []
    if result.gas_europe.notna().any():
        drawn.append(f"to Europe with Turkey (Gazprom's total beyond the former Soviet Union, less {_siberia(result)})")
    return f"Pipeline gas from {result.exporter_name} each year " + " and ".join(drawn) + "; dots mark years with a figure."


def settlement(result: EconomyResult) -> str:
    """What is known of the currencies the pair settles its trade in."""
    if result.settlement.empty:
        return (f"The data hold no statement of the share of {money(result)} in the settlements between "
                f"{entity_name(result.country_a)} and {entity_name(result.country_b)}. No statistical office "
                "publishes a country's settlements by partner and currency; such shares are known only from what "
                "officials and central banks state, as news agencies report it.")
    statements = len(result.settlement[result.settlement["series"] == SETTLEMENT_BILATERAL])
    return (f"Which currencies the two use to pay each other has no published statistic. What exists is a run of "
            f"{statements} statements by officials on the share of {money(result)} in the two countries' "
            "settlements, reported by news agencies and newspapers, with words such as \"payments\", "
            "\"settlements\" or \"turnover\" and seldom a stated period. Each is dated here to the month it was made "
            "and shown as stated; an open triangle marks a figure given as \"more than\".")


def composition(result: EconomyResult) -> str:
    """Which groups of goods the data record for the pair, or where such a breakdown is published."""
    if result.composition.empty:
        return (f"The data hold no breakdown of the trade between {entity_name(result.country_a)} and "
                f"{entity_name(result.country_b)} by groups of goods. Each country's customs statistics by product "
                "and partner (also published by UN Comtrade, by HS section) would give it.")
    reporter, partner = result.reporter_name, result.partner_name
    return (f"{reporter}'s customs and its commerce ministry publish the trade with {partner} by a few broad groups of "
            "goods rather than by HS section: mechanical and electrical products (machinery, electrical equipment, "
            "vehicles and instruments), labour-intensive products (clothing, textiles, footwear, furniture, toys), "
            "mineral products and energy, and agricultural products. The data hold the groups those releases name, "
            "each in the latest year it was found. Each share is taken against the flow's total in the same year and "
            f"currency. {reporter}'s farm exports to {partner} are not stated; they are derived as the two-way farm "
            f"trade less {reporter}'s farm imports. A family's share of the two-way trade is at least that of its "
            "largest group recorded.")

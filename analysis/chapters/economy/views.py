"""What the economy chapter shows: labels, captions and tables made from its result, and its headline figures."""

from __future__ import annotations

import pandas as pd

from analysis.claims.verdicts import SECOND_SOURCE, confirmed_mark, percent
from analysis.config import currencies, entity_name
from analysis.chapters.economy.measures import EUROPE, EUROPE_GAS, SETTLEMENT_BILATERAL, EconomyResult

def money(result: "EconomyResult") -> str:
    """The pair's two currencies as a sentence names them ("rubles and yuan"; "euros" for a shared one)."""
    return currencies(result.country_a, result.country_b)


def settlement_caption(result: "EconomyResult") -> str:
    series = set(result.settlement["series"]) if not result.settlement.empty else set()
    context = sorted(series - {SETTLEMENT_BILATERAL})
    return (f"Share of {money(result)} in the two countries' settlements as officials stated it"
            + (", with " + "; ".join(settlement_labels(result).get(name, name) for name in context) if context else "")
            + ".")


def settlement_table_caption(result: "EconomyResult") -> str:
    return f"Officials' statements on the share of {money(result)} in the two countries' settlements."


def settlement_labels(result: "EconomyResult") -> dict[str, str]:
    return {SETTLEMENT_BILATERAL: f"{money(result)} in the pair's settlements (officials' statements)",
            "yuan in bilateral settlements": "yuan alone in the pair's settlements (China's ambassador)",
            "yuan in Russia's export settlements": "yuan in Russia's export settlements, all partners",
            "yuan in Russia's import settlements": "yuan in Russia's import settlements, all partners"}


def settlement_statements(result: "EconomyResult") -> pd.DataFrame:
    """The officials' statements behind E4, for display."""
    points = result.settlement
    rows = points[points["series"] == SETTLEMENT_BILATERAL] if not points.empty else points
    if rows.empty:
        return pd.DataFrame(columns=["Period", "Stated by", "Share", "Reported"])
    qualifier = rows["qualifier"].map({"as stated": "", "about": "about ", "more than": "more than "})
    return pd.DataFrame({
        "Period": rows["period"],
        "Stated by": rows["speaker"],
        "Share": qualifier + (rows["share"] * 100).map(lambda value: f"{value:g} %"),
        "Reported": rows["reported"],
        SECOND_SOURCE: rows["confirmed_by"].map(confirmed_mark),
    })


def composition_display(result: "EconomyResult") -> pd.DataFrame:
    """The groups recorded, for the chapter's table: shares as text, floors and derived figures marked."""
    table = result.composition
    if table.empty:
        return pd.DataFrame()
    name_r, name_p = entity_name(result.reporter), entity_name(result.partner)
    flows = {"exports": f"{name_r} to {name_p}", "imports": f"{name_p} to {name_r}", "both": "both ways"}

    def shown(share: float | None, floor: bool) -> str:
        return "" if share is None or pd.isna(share) else ("over " if floor else "") + percent(share, 0)

    order = {"exports": 0, "imports": 1, "both": 2}
    ordered = table.sort_values(["direction", "share_of_direction"], ascending=[True, False],
                                key=lambda column: column.map(order) if column.name == "direction" else column)
    return pd.DataFrame({
        "Goods": ordered["group"] + ordered["derived"].map(lambda derived: " (derived)" if derived else ""),
        "Family": ordered["family"],
        "Flow": ordered["direction"].map(flows),
        "Year": ordered["year"].astype(int),
        "Share of the flow": [shown(s, f) for s, f in zip(ordered["share_of_direction"], ordered["floor"])],
        "Share of two-way trade": [shown(s, f) for s, f in zip(ordered["share_of_trade"], ordered["floor"])],
    }).reset_index(drop=True)


def trade_chart_seam(result: EconomyResult) -> tuple[int, str] | None:
    """The seam of the trade chart: (first year of the press reports, the label written beside it)."""
    if result.seam is None:
        return None
    first_press, (_, short), last_official = result.seam
    return first_press, f"{short} to {last_official} | press from {first_press}"


def trade_caption(result: EconomyResult) -> str:
    """The trade chart's caption: whose record it shows and, where it changes source, from which year."""
    caption = f"Goods trade as {result.reporter_name}'s customs record it, current US dollars"
    if result.seam is not None:
        first_press, (name, _), last_official = result.seam
        caption += (f"; to {last_official} as {result.reporter_name} reported it to {name}, from {first_press} "
                    f"as news agencies reported {result.reporter_name}'s customs releases (dashed line)")
    return caption + "; dots mark years with a figure."


def crude_labels(result: EconomyResult) -> dict[str, str]:
    """Legend labels of the crude chart: the exporter first, then the other origins recorded."""
    origins = [code for code in result.crude.columns if code not in ("WLD", "share")] if not result.crude.empty else []
    ordered = [result.exporter, *[code for code in origins if code != result.exporter]]
    return {code: f"from {entity_name(code)}" for code in ordered}


def market_labels(result: EconomyResult) -> dict[str, str]:
    """Legend labels of the markets chart: the importer first, then the European Union."""
    return {result.importer: f"{result.importer_name}'s imports from {result.exporter_name} (its customs)",
            EUROPE: f"the EU's imports from {result.exporter_name} (Eurostat)"}


def gas_market_labels(result: EconomyResult) -> dict[str, str]:
    """Legend labels of the pipeline gas chart: the importer first, then Europe with Turkey."""
    return {result.importer: f"to {result.importer_name}",
            EUROPE_GAS: "to Europe and Turkey"}


def trade_labels(result: EconomyResult) -> dict[str, str]:
    name = entity_name(result.partner)
    return {"trade_usd": f"total trade with {name}", "exports_usd": f"exports to {name}",
            "imports_usd": f"imports from {name}"}


def share_labels(result: EconomyResult) -> dict[str, str]:
    a, b = result.country_a, result.country_b
    labels = {f"{b} in {a}": f"{entity_name(b)}'s share of {entity_name(a)}'s trade",
              f"{a} in {b}": f"{entity_name(a)}'s share of {entity_name(b)}'s trade"}
    return {column: label + (" (mirror figure)" if result.mirrored.get(column)
                             else "") for column, label in labels.items()}


def spans_table(result: EconomyResult) -> pd.DataFrame:
    """Growth between the breaks for display."""
    spans = result.growth_spans
    if spans.empty:
        return pd.DataFrame()
    return pd.DataFrame({"Span": spans["span"], "Growth a year": spans["growth"].map(lambda rate: f"{rate:+.1%}")})


def headline(result: EconomyResult) -> dict[str, object]:
    figures: dict[str, object] = {}
    if "trade_usd" in result.trade and not result.trade["trade_usd"].dropna().empty:
        series = result.trade["trade_usd"].dropna()
        figures["trade_usd"] = {"value": float(series.iloc[-1]), "year": int(series.index[-1])}
    if not result.gas.empty:
        figures["pipeline_gas_m3"] = {"value": float(result.gas["gas"].iloc[-1]), "year": int(result.gas.index[-1])}
    return figures


def import_share_table(result: EconomyResult) -> pd.DataFrame:
    """E8's figures for display: country_b's share of country_a's goods imports by year, and whose record gave it."""
    imports = result.imports
    name_a, name_b = entity_name(result.country_a), entity_name(result.country_b)
    if imports.empty:
        return pd.DataFrame(columns=["Year", f"{name_b}'s share", "Record"])
    return pd.DataFrame({
        "Year": imports.index.astype(str),
        f"{name_b}'s share": imports["share"].map(lambda share: percent(share, 1)),
        "Record": imports["mirror"].map({False: f"{name_a}'s imports from {name_b}",
                                         True: f"{name_b}'s exports to {name_a} (mirror figure)"}),
    }).tail(12)


def import_share_caption(result: EconomyResult) -> str:
    return (f"{entity_name(result.country_b)}'s share of {entity_name(result.country_a)}'s goods imports by year "
            "(the latest twelve years with figures).")

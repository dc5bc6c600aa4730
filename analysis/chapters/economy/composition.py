"""The goods the pair trade, by broad group (claim E6's measure): farm goods, manufactures and raw materials."""

from __future__ import annotations

import pandas as pd

from analysis.data.indicators import select

# --- composition -------------------------------------------------------------------------------

# The three families of goods the claim names, and the releases' broad groups in each. The groups are the
# customs' and ministry's own categories, not HS sections (see the catalog entry of trade_composition).
FARM, MANUFACTURES, RAW_MATERIALS = "farm goods", "manufactures", "raw materials"
FAMILIES = (FARM, MANUFACTURES, RAW_MATERIALS)

# indicator -> (group as shown, family, direction of the reporter's trade it belongs to)
GROUP_VALUES = {
    "exports_machinery_electrical_cny": ("mechanical and electrical products", MANUFACTURES, "exports"),
    "exports_labour_intensive_cny": ("labour-intensive products", MANUFACTURES, "exports"),
    "imports_farm_usd": ("agricultural products", FARM, "imports"),
}
GROUP_FLOORS = {"imports_minerals_energy_share_floor": ("mineral products and energy", RAW_MATERIALS, "imports")}
FARM_TRADE = "trade_farm_usd"  # both directions

# Mineral fuels (HS 27) the snapshot records by value: a lower bound of the group's share, as coal, pipeline
# gas and oil products are left out.
FUEL_VALUES = ("imports_crude_oil_usd", "imports_lng_usd")
CURRENCY_TOTALS = {"CNY": ("exports_cny", "imports_cny"), "USD": ("exports_usd", "imports_usd")}
COMPOSITION_COLUMNS = ["group", "family", "direction", "year", "share_of_direction", "share_of_trade", "floor",
                       "derived", "source_id"]


def _flows(indicators: pd.DataFrame, reporter: str, partner: str, year: int, currency: str
           ) -> tuple[float | None, float | None, list[str]]:
    """The year's (exports, imports, their source ids) of the reporter's trade with the partner, in ``currency``."""
    figures, sources = [], []
    for name in CURRENCY_TOTALS[currency]:
        rows = select(indicators, name, [reporter], partner=partner)
        rows = rows[rows["year"] == year]
        figures.append(float(rows["value"].iloc[0]) if not rows.empty else None)
        sources += rows["source_id"].tolist()
    return figures[0], figures[1], sources


def trade_composition(indicators: pd.DataFrame, reporter: str, partner: str) -> pd.DataFrame:
    """Each broad product group recorded in the reporter's trade with the partner, in the latest year with it:
    its share of that direction's trade and of the two-way trade (same year, same currency).

    ``floor`` marks a share the release states only as a lower bound ("more than 60 %"); ``derived`` a group
    worked out here rather than stated (farm exports: two-way farm trade less farm imports). A family's share
    is at least that of the largest group recorded in it.
    """
    rows = []

    def latest(name: str) -> pd.Series | None:
        found = select(indicators, name, [reporter], partner=partner).sort_values("year")
        return found.iloc[-1] if not found.empty else None

    def add(group: str, family: str, direction: str, year: int, sources: list[str], *, value: float | None = None,
            share: float | None = None, currency: str = "USD", floor: bool = False, derived: bool = False) -> None:
        """One group, from its value (in ``currency``) or its stated share of its flow."""
        exports, imports, total_sources = _flows(indicators, reporter, partner, year, currency)
        if share is not None and None in (exports, imports):  # a share needs only the flows' ratio: any currency
            exports, imports, total_sources = _flows(indicators, reporter, partner, year, "CNY" if currency == "USD" else "USD")
        flow = {"exports": exports, "imports": imports}.get(direction)
        two_way = None if None in (exports, imports) else exports + imports
        if share is None and value is not None and flow:
            share = value / flow
        amount = value if value is not None else (share * flow if share is not None and flow is not None else None)
        rows.append(dict(zip(COMPOSITION_COLUMNS, (
            group, family, direction, year, share, amount / two_way if amount is not None and two_way else None,
            floor, derived, ";".join(sorted(set(sources + total_sources)))))))

    for name, (group, family, direction) in GROUP_VALUES.items():
        row = latest(name)
        if row is not None:
            add(group, family, direction, int(row["year"]), [row["source_id"]], value=row["value"], currency=row["unit"])
    for name, (group, family, direction) in GROUP_FLOORS.items():
        row = latest(name)
        if row is not None:
            add(group, family, direction, int(row["year"]), [row["source_id"]], share=row["value"] / 100,
                currency="CNY", floor=True)
    farm_trade, farm_imports = latest(FARM_TRADE), latest("imports_farm_usd")
    if farm_trade is not None:
        year = int(farm_trade["year"])
        add("agricultural products, both ways", FARM, "both", year, [farm_trade["source_id"]], value=farm_trade["value"])
        if farm_imports is not None and int(farm_imports["year"]) == year:
            add("agricultural products", FARM, "exports", year, [farm_trade["source_id"], farm_imports["source_id"]],
                value=farm_trade["value"] - farm_imports["value"], derived=True)
    fuel = fuel_share_lower_bound(indicators, reporter, partner)
    if fuel is not None:
        year, share = fuel
        behind = pd.concat([select(indicators, name, [reporter], partner=partner) for name in FUEL_VALUES])
        add("crude oil and LNG", RAW_MATERIALS, "imports", year, behind.loc[behind["year"] == year, "source_id"].tolist(),
            share=share)
    return pd.DataFrame(rows, columns=COMPOSITION_COLUMNS)


def fuel_share_lower_bound(indicators: pd.DataFrame, importer: str, exporter: str) -> tuple[int, float] | None:
    """(year, share): crude oil and LNG as a share of the importer's imports from the exporter, in the latest
    year with all three figures; a floor of mineral fuels' share (None without the figures)."""
    series = {name: select(indicators, name, [importer], partner=exporter).set_index("year")["value"]
              for name in (*FUEL_VALUES, "imports_usd")}
    table = pd.DataFrame(series).dropna()
    if table.empty:
        return None
    year = int(table.index.max())
    return year, float(table.loc[year, list(FUEL_VALUES)].sum() / table.loc[year, "imports_usd"])


def composition_sources(composition: pd.DataFrame) -> list[str]:
    return sorted({source for joined in composition["source_id"] for source in joined.split(";") if source})


def family_year(composition: pd.DataFrame, family: str) -> int:
    rows = composition[composition["family"] == family].dropna(subset=["share_of_trade"])
    return int(rows.loc[rows["share_of_trade"].idxmax(), "year"])

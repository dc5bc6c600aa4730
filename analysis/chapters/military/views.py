"""What the military chapter shows: tables and labels made from its result, and its headline figures."""

from __future__ import annotations

import pandas as pd

from analysis import config
from analysis.claims.verdicts import percent
from analysis.config import entity_name
from analysis.chapters.military.measures import OBLIGATIONS, PERIOD_YEARS, MilitaryResult

def arms_table(result: MilitaryResult) -> pd.DataFrame:
    """The arms-transfer periods for display, volumes in millions of TIV and shares in per cent."""
    arms = result.arms
    if arms.empty:
        return pd.DataFrame()
    name_s, name_r = entity_name(result.supplier), entity_name(result.recipient)

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


def headline(result: MilitaryResult) -> dict[str, object]:
    figures: dict[str, object] = {}
    if result.last_exercise_year is not None:
        last = result.last_exercise_year
        recent = result.exercises_by_domain.loc[last - PERIOD_YEARS + 1:last].sum(axis=1)
        figures["exercises_per_year"] = {"value": round(float(recent.mean()), 2),
                                         "period": f"{last - PERIOD_YEARS + 1}–{last}"}
    usable = result.arms.dropna(subset=["share_of_imports"]) if not result.arms.empty else result.arms
    if not usable.empty:
        figures["arms_import_share"] = {"value": round(float(usable["share_of_imports"].iloc[-1]), 4),
                                        "period": str(usable.index[-1])}
    return figures


def arms_labels(result: MilitaryResult) -> dict[str, str]:
    """Legend labels of the arms-transfer chart."""
    return {"recipient_imports": f"{entity_name(result.recipient)}'s imports from all suppliers",
            "deliveries": f"from {entity_name(result.supplier)}"}


def spending_labels(result: MilitaryResult) -> dict[str, str]:
    """Legend labels of the spending chart, in the order pair, United States, NATO."""
    return {"pair": f"{entity_name(result.country_a)} and {entity_name(result.country_b)}",
            "USA": entity_name("USA"), "NATO": f"NATO ({len(config.NATO_MEMBERS)} members, United States included)"}


def agreements_table(result: MilitaryResult) -> pd.DataFrame:
    """M4's agreements for display: number, dates, whether bilateral, and the obligations each carries."""
    agreements = result.agreements
    if agreements.empty:
        return pd.DataFrame(columns=["ATOP number", "In effect from", "Between", "Obligations"])
    return pd.DataFrame({
        "ATOP number": agreements["atopid"],
        "In effect from": agreements["start"],
        "Between": agreements["bilateral"].map({"yes": "the two alone", "no": "several states"}),
        "Obligations": agreements.apply(lambda row: ", ".join(name for name in OBLIGATIONS if row[name]) or "none",
                                        axis=1),
    })

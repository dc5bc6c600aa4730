"""The military chapter's sentences that depend on the pair and on the data found for it: what each
section's figures are, or, where the data hold nothing for the pair, which data it would need and where
they are published (said once, in place of the section's charts)."""

from __future__ import annotations

from analysis.chapters.military.measures import MilitaryResult
from analysis.config import entity_name

# The seas next to the two countries' coasts, beyond which an exercise counts as "far seas".
COASTAL_SEAS = {frozenset({"RUS", "CHN"}): "the Yellow, East China, South China, Japan and Okhotsk Seas"}


def _pair(result: MilitaryResult) -> str:
    return f"{entity_name(result.country_a)} and {entity_name(result.country_b)}"


def exercises(result: MilitaryResult) -> str:
    if result.exercises_by_domain.empty:
        return (f"The data hold no joint exercise or patrol of the armed forces of {_pair(result)}. Such a record is "
                "compiled from the two defence ministries' announcements and the agencies that report them.")
    seas = COASTAL_SEAS.get(frozenset({result.country_a, result.country_b}))
    return ("\"Far seas\" marks activity beyond the seas next to the two countries' coasts"
            + (f" ({seas})." if seas else "."))


def arms(result: MilitaryResult) -> str:
    delivered = "deliveries" in result.arms and result.arms["deliveries"].fillna(0).gt(0).any()
    if delivered:
        return (f"The supplier is {entity_name(result.supplier)}, the side whose deliveries to the other are the "
                "larger in the register.")
    return (f"SIPRI's register lists no delivery of major arms between {_pair(result)} in the years it covers, so "
            "the chart has nothing to draw.")


def spending(result: MilitaryResult) -> str:
    notes = []
    if "CHN" in (result.country_a, result.country_b):
        notes.append("China's figure is SIPRI's estimate, higher than its official defence budget.")
    notes.append("Market exchange rates do not show what money buys at home, which differs from country to country.")
    return " ".join(notes)


def alliances(result: MilitaryResult) -> str:
    if result.agreements.empty:
        return (f"The ATOP dataset codes no agreement between {_pair(result)} in effect at the end of the period "
                "(its version 4 covers agreements signed up to 2018).")
    return f"The table lists the {len(result.agreements)} agreements between {_pair(result)} in effect at the end of the period."

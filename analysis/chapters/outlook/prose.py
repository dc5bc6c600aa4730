"""The outlook chapter's sentences that depend on the pair and on the data found for it."""

from __future__ import annotations

from analysis.chapters.outlook.measures import OutlookResult
from analysis.claims import NAMED_PIPELINES
from analysis.config import entity_name


def asymmetry(result: OutlookResult) -> str:
    if result.shares.empty:
        return (f"The data hold no year with both sides' shares of the trade between {entity_name(result.country_a)} "
                f"and {entity_name(result.country_b)}.")
    return ("The table gives the years with both shares; where one side's share rests on the other's record of "
            "the pair's trade (a mirror figure), the economy chapter says so.")


def flows(result: OutlookResult) -> str:
    projected = [name for name, projection in result.flow_projections.items() if projection is not None]
    if not projected:
        return ("The partnership's own flows (bilateral trade and crude oil deliveries) have too few figures in the "
                "data to carry a trend forward.")
    text = f"The same is done for the partnership's own flows that the data can carry forward: {', '.join(projected)}."
    pipeline = NAMED_PIPELINES.get((result.country_a, result.country_b))
    if pipeline:
        text += (f" Pipeline gas is not projected: the {pipeline} pipeline already runs at its design capacity (see the "
                 "economy chapter), so more gas needs a new pipeline, not a trend.")
    return text

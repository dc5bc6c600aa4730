"""The claims under test and the ledger that gathers every chapter's verdict on them.

The claims are the explainer's, in the project's own words; each is declared by the chapter
that judges it (its ``CLAIMS``). Each chapter writes its verdicts to a results file
(``analysis.claims.results``); the ledger
(``analysis.claims.ledger``) reads them all, one row per claim. A claim whose chapter has produced no results, or
whose chapter did not judge it, stands as "insufficient data".
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis import config


# The explainer's claims are about Russia and China. A claim's text names them by their places: {a} for
# Russia's, {b} for China's, {money} for their two currencies and {pipeline} for a pipeline that links the
# two by name (where there is one), so that a report on another pair states each claim about that pair.
EXPLAINER_PAIR = ("RUS", "CHN")
NAMED_PIPELINES = {("RUS", "CHN"): "Power of Siberia"}


@dataclass(frozen=True)
class Claim:
    """One of the explainer's claims, in our words; the chapter that judges it declares it."""

    id: str
    text: str

    def stated_for(self, country_a: str, country_b: str) -> "Claim":
        """The claim about the pair (``country_a`` in Russia's place, ``country_b`` in China's)."""
        pipeline = NAMED_PIPELINES.get((country_a, country_b))
        return Claim(self.id, self.text.format(
            a=config.entity_name(country_a), b=config.entity_name(country_b),
            money=config.currencies(country_a, country_b),
            pipeline=f" ({pipeline})" if pipeline else ""))


@dataclass(frozen=True)
class ChapterClaims:
    """The claims one chapter judges: the chapter's id, its pillar (the ledger's words) and its claims."""

    chapter: str
    pillar: str
    claims: tuple[Claim, ...]

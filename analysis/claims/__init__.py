"""The claims under test and the ledger that gathers every chapter's verdict on them.

The claims are the explainer's, in the project's own words; each is declared by the chapter
that judges it (its ``CLAIMS``). Each chapter writes its verdicts to a results file
(``analysis.claims.results``); the ledger
(``analysis.claims.ledger``) reads them all, one row per claim. A claim whose chapter has produced no results, or
whose chapter did not judge it, stands as "insufficient data".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Claim:
    """One of the explainer's claims, in our words; the chapter that judges it declares it."""

    id: str
    text: str


@dataclass(frozen=True)
class ChapterClaims:
    """The claims one chapter judges: the chapter's id, its pillar (the ledger's words) and its claims."""

    chapter: str
    pillar: str
    claims: tuple[Claim, ...]

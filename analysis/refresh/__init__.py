"""Refreshing the snapshot from the publishers, without ever losing the last good one.

    python -m analysis.refresh            (or: make refresh, which then rebuilds the report)

For each machine-readable source the snapshot holds, one fetcher downloads the
publisher's newest file into a dated cache (``.cache/refresh/<date>/``), cuts
the excerpt the snapshot keeps (the header and the entities already covered),
and stages the new snapshot in a scratch copy: excerpt, derived raw table,
citation, catalog release and retrieval date. The staged snapshot must pass
every validation rule and keep every figure the old one had; only then are
its files moved into ``data/``, each atomically. A failing source keeps its
last good snapshot and the others go on. Hand-curated tables have no fetcher
and are never touched. The General Assembly fetcher adds an excerpt to the
republication's rather than replacing it: the roll calls after its last date.

This package is the engine only: ``transport`` reaches the publishers, ``jobs`` fetches and
cuts, ``snapshot`` stages, checks and commits, ``changes`` reports. What a source is, where
its files are and how they are cut, is its module's in ``analysis.sources``.

Every run writes ``reports/data-changes.md``: which series changed, which
values were revised and by how much, which years were added.

Exit status: 0 when every source refreshed or was already current, 1 when at
least one source failed, 3 when there is no network at all (one line says so
and nothing changes).
"""

from __future__ import annotations

from analysis.refresh.changes import CHANGES_REPORT, Outcome
from analysis.refresh.jobs import EXIT_FAILED, EXIT_NO_NETWORK, Job, planned_jobs, refresh_from_file, run
from analysis.refresh.transport import HttpTransport
from analysis.sources._fetch import FetchError

__all__ = ["CHANGES_REPORT", "EXIT_FAILED", "EXIT_NO_NETWORK", "FetchError", "HttpTransport", "Job", "Outcome",
           "planned_jobs", "refresh_from_file", "run"]

"""The refresh's account of what happened: one outcome per source, and ``reports/data-changes.md``.

For each source the report says whether it was refreshed, unchanged, skipped or failed (and why),
which values a new release revised and by how much, and which years or votes it added.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from analysis.files import write_atomically

CHANGES_REPORT = "data-changes.md"


@dataclass
class Outcome:
    source: str
    status: str  # refreshed, unchanged, failed, skipped
    detail: str = ""
    changes: list[str] = field(default_factory=list)


def describe_changes(old: dict, new: dict) -> list[str]:
    """Lines for the change report: revised values with their change, added figures by series.

    ``old`` and ``new`` hold a table's figures by key: (indicator, entity, partner, year) -> value, or,
    for the roll calls, (rcid, country) -> vote.
    """
    if any(len(key) == 2 for key in (*old, *new)):
        return describe_vote_changes(old, new)
    lines = []
    for key in sorted(set(old) & set(new)):
        before, after = float(old[key]), float(new[key])
        if before != after:
            change = f"{(after - before) / before:+.2%}" if before else "from 0"
            lines.append(f"revised {_series(key)} {key[3]}: {old[key]} -> {new[key]} ({change})")
    added: dict[str, list[str]] = {}
    for key in sorted(set(new) - set(old)):
        added.setdefault(_series(key), []).append(key[3])
    lines += [f"added {series}: {', '.join(years)}" for series, years in added.items()]
    return lines


def _series(key: tuple[str, ...]) -> str:
    indicator, entity, partner = key[:3]
    return f"{indicator} {entity}" + (f" to {partner}" if partner else "")


def describe_vote_changes(old: dict, new: dict) -> list[str]:
    lines = [f"revised the vote of {country} on roll call {rcid}: {old[rcid, country]} -> {new[rcid, country]}"
             for rcid, country in sorted(set(old) & set(new)) if old[rcid, country] != new[rcid, country]]
    added = set(new) - set(old)
    if added:
        lines.append(f"added {len(added)} votes on {len({rcid for rcid, _ in added})} roll calls")
    return lines


def change_report(outcomes: list[Outcome], today: dt.date) -> str:
    lines = [f"# Data changes from the refresh of {today.isoformat()}", ""]
    for outcome in outcomes:
        lines.append(f"## {outcome.source}: {outcome.status}")
        if outcome.detail:
            lines.append(f"{outcome.detail}")
        lines += [f"- {change}" for change in outcome.changes]
        if outcome.status == "refreshed" and not outcome.changes:
            lines.append("- no figure changed (only the release label)")
        lines.append("")
    return "\n".join(lines)


def write_change_report(outcomes: list[Outcome], reports_dir: Path, today: dt.date) -> Path:
    report = reports_dir / CHANGES_REPORT
    write_atomically(report, change_report(outcomes, today).encode("utf-8"))
    return report

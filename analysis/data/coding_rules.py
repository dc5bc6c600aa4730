"""The coding rules of the curated tables that span several rows, and the check for texts cut at a fixed length.

Each function takes a table's rows (text cells, as in the file) and returns what breaks its rule: empty
when the table keeps it. The tests apply them to the whole tables; the catalog states the rules.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable


def _day_span(start: str, end: str) -> tuple[dt.date, dt.date]:
    """An exercise's first and last day: a month-only start counts from the month's first day, a missing end
    as the start (or, for a month-only start, the month's last day)."""
    if re.fullmatch(r"\d{4}-\d{2}", start):
        first = dt.date.fromisoformat(f"{start}-01")
        last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    else:
        first = last = dt.date.fromisoformat(start)
    return first, (dt.date.fromisoformat(end) if end else last)


def exercise_series(name: str) -> str:
    """The series an exercise or patrol belongs to: its name without the gloss in brackets, the phase, the
    year and the number ('Joint Sea-2015 (phases I and II)' -> 'joint sea', 'Joint strategic air patrol
    no. 3' -> 'joint strategic air patrol')."""
    name = re.sub(r"\(.*?\)", " ", name.lower())
    name = re.sub(r"\b(?:phases?|stages?)\b.*$", " ", name)
    name = re.sub(r"\bno\.\s*\d+|\d+", " ", name)
    return " ".join(re.sub(r"[^a-z/ ]", " ", name).split())


def exercise_name(name: str) -> str:
    """An exercise's own name: its series with the year or number ('Joint Sea-2015 (phase II)' -> 'joint sea 2015')."""
    base = re.sub(r"\(.*?\)", " ", name.lower())
    base = re.sub(r"\b(?:phases?|stages?)\b.*$", " ", base)
    return " ".join(re.sub(r"[^a-z0-9/ ]", " ", base).split())


def exercises_counted_twice(rows: list[dict[str, str]]) -> list[str]:
    """Exercises or patrols the table counts more than once: two rows of one named exercise (its phases split
    into rows), or two rows of one series whose days overlap. Empty when each is counted once."""
    problems = []
    for index, row in enumerate(rows):
        for other in rows[index + 1:]:
            same_name = exercise_name(row["name"]) == exercise_name(other["name"])
            first, last = _day_span(row["start_date"], row["end_date"])
            other_first, other_last = _day_span(other["start_date"], other["end_date"])
            overlap = first <= other_last and other_first <= last
            if same_name or (overlap and exercise_series(row["name"]) == exercise_series(other["name"])):
                problems.append(f"{row['name']!r} ({row['start_date']}) and {other['name']!r} "
                                f"({other['start_date']}) are one exercise counted twice")
    return problems


_MONTHS = {month: number for number, month in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), start=1)}


def visits_not_dated_by_their_talks(rows: list[dict[str, str]]) -> list[str]:
    """Leaders' meetings the coding rule would date otherwise: a visit dated outside the days its occasion
    gives ('22-24 Mar 2013'), or not on the day of the formal talks the occasion names ('formal talks 03-21');
    two rows of one occasion (two meetings in person on the same day)."""
    problems, seen = [], {}
    for row in rows:
        day = dt.date.fromisoformat(row["date"])
        occasion = row["occasion"]
        if row["format"] not in ("phone call", "video call"):
            if row["date"] in seen:
                problems.append(f"{row['date']}: one occasion counted twice ({seen[row['date']]!r} and {occasion!r})")
            seen[row["date"]] = occasion
        if row["format"] != "state visit":
            continue
        talks = re.search(r"formal talks (\d{2})-(\d{2})", occasion)
        if talks and (day.month, day.day) != (int(talks.group(1)), int(talks.group(2))):
            problems.append(f"{row['date']}: the occasion dates the formal talks {talks.group(0)[-5:]}")
        visit = re.split(r";|, then ", occasion)[0]  # the visit, not what followed it
        span = re.search(r"\b(\d{1,2})-(\d{1,2}) (" + "|".join(_MONTHS) + r")\w*(?: (\d{4}))?", visit)
        if span:
            year = int(span.group(4) or day.year)
            first = dt.date(year, _MONTHS[span.group(3)], int(span.group(1)))
            last = dt.date(year, _MONTHS[span.group(3)], int(span.group(2)))
            if not first <= day <= last:
                problems.append(f"{row['date']}: outside the visit's days ({span.group(0)})")
    return problems


def cut_at_a_fixed_length(texts: Iterable[str], at_least: int = 3, shortest: int = 60) -> int | None:
    """The length at which texts were cut, if they were: several texts (``at_least``) of exactly the longest
    length found, each ending inside a word or number rather than at the end of a sentence or quotation.
    None when no such cut shows."""
    texts = [text for text in texts if len(text) >= shortest]
    if not texts:
        return None
    longest = max(len(text) for text in texts)
    cut = [text for text in texts if len(text) == longest and re.search(r"[^\W_]$", text)]
    return longest if len(cut) >= at_least else None

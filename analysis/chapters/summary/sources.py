"""What the report rests on: the sources behind its figures and verdicts, by dataset and by outlet.

The chapters' results files name the source ids behind each figure and verdict; this module finds
each id's table in the catalog and groups them for the appendix "Sources and data": one row per
publisher's dataset (with its release and the years used), one per press outlet (with the number of
its reports used), and the oldest and newest releases among them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.chapters import pillar_chapters
from analysis.claims import results
from analysis.data.catalog import load_catalog
from analysis.data.validation import Citation, load_citations, read_rows

# A table compiled for this report (events, and figures from press reports) says so in its release field:
# "each report's date", "each summit's date" ... Every other table is a publisher's dataset.
COMPILED_RELEASE = re.compile(r"^each\b")
# Columns that date a row, in the order they are tried.
WHEN_COLUMNS = ("year", "date", "start_date", "joined", "period")
MONTHS = ("January February March April May June July August September October November December").split()
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
WRITTEN_DATE = re.compile(rf"\b(\d{{1,2}}) ({'|'.join(MONTHS)}) (\d{{4}})\b")
OUTLET_SEPARATORS = re.compile(r" citing | via | quoting | relaying |, citing | \(| reporting ")

# Columns that name a row's country; a row counts as used when one of them names a country of the report.
COUNTRY_COLUMNS = ("entity", "partner", "country", "vetoed_by", "pair")

DATASET_COLUMNS = ["publisher", "dataset", "release", "years used", "figures used"]
OUTLET_COLUMNS = ["outlet", "reports used"]


def report_source_ids(country_a: str, country_b: str) -> set[str]:
    """Every source id behind a figure or a verdict of the pair's report (from the chapters' results files)."""
    used: set[str] = set()
    for chapter in pillar_chapters():
        found = results.load_chapter_results(chapter.id, country_a, country_b) or {}
        for verdict in found.get("verdicts", []):
            used.update(verdict.get("sources", []))
        for ids in found.get("sources", {}).values():
            used.update(ids)
    return used


def release_dates(text: str) -> list[str]:
    """The dates a release text gives, as YYYY-MM-DD ('generated 28 July 2022' -> ['2022-07-28']); a date in
    brackets describes the data, not the release ('2021-03-08 (votes to 27 December 2019)'), and is left out."""
    text = re.sub(r"\([^)]*\)", "", text)
    dates = ["-".join(match) for match in ISO_DATE.findall(text)]
    dates += [f"{year}-{MONTHS.index(month) + 1:02d}-{int(day):02d}" for day, month, year in WRITTEN_DATE.findall(text)]
    return sorted(dates)


def outlet(publisher: str) -> str:
    """The outlet a press citation names first ('Gulf News (Reuters text; GACC data)' -> 'Gulf News')."""
    return OUTLET_SEPARATORS.split(publisher, maxsplit=1)[0].strip()


# The columns the grouping reads: the source, the date and the country of each row.
READ_COLUMNS = ("source_id", *WHEN_COLUMNS, *COUNTRY_COLUMNS)


def _rows_citing(path: Path, used: set[str]) -> list[dict[str, str]]:
    """The rows of a table whose source is among ``used``, with the columns the grouping reads, as text. A
    Parquet table (the large ones) is filtered before its rows are made."""
    if path.suffix != ".parquet":
        _, rows = read_rows(path)
        return [row for row in rows if row.get("source_id") in used]
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    table = table.filter(pc.is_in(table["source_id"], value_set=pa.array(sorted(used), pa.string())))
    names = [name for name in table.column_names if name in READ_COLUMNS]
    columns = [["" if cell is None else str(cell) for cell in table.column(name).to_pylist()] for name in names]
    return [dict(zip(names, cells)) for cells in zip(*columns)]


def _when(row: dict[str, str]) -> str:
    return next((row[column][:4] for column in WHEN_COLUMNS if row.get(column)), "")


def _names_one_of(row: dict[str, str], countries: set[str]) -> bool:
    named = [row[column] for column in COUNTRY_COLUMNS if column in row]
    return not named or any(code in countries for cell in named for code in cell.split("-"))


def _span(years: list[str]) -> str:
    years = sorted(year for year in years if year)
    if not years:
        return ""
    return years[0] if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


@dataclass(frozen=True)
class SourcesAndData:
    """The appendix's two tables and the release range of the publishers' datasets used."""

    datasets: pd.DataFrame  # DATASET_COLUMNS
    outlets: pd.DataFrame  # OUTLET_COLUMNS
    oldest_release: str  # YYYY-MM-DD, empty when no dataset gives a date
    newest_release: str
    press_span: str  # years of the press reports used, e.g. '2015–2026'
    event_records_to: str  # the latest date in the event records used


def sources_and_data(used: set[str], countries: set[str], citations: dict[str, Citation] | None = None,
                     catalog: dict | None = None) -> SourcesAndData:
    """Group the ``used`` source ids by the catalog's tables: publishers' datasets (counting their figures
    about the report's ``countries``) and press outlets; a dataset split over several tables is one row."""
    citations = load_citations() if citations is None else citations
    catalog = load_catalog() if catalog is None else catalog
    datasets: dict[tuple[str, str], list] = {}
    press: dict[str, set[str]] = {}
    dates, latest_event = [], ""
    for entry in catalog["tables"].values():
        rows = _rows_citing(config.DATA_DIR / entry["file"], used)
        if not rows:
            continue
        ids = sorted({row["source_id"] for row in rows})
        if COMPILED_RELEASE.match(str(entry["release"])):
            for source in ids:
                if source in citations:
                    press.setdefault(outlet(citations[source].publisher), set()).add(source)
            if entry["schema"] != "indicator":
                latest_event = max([latest_event] + [row.get("date") or row.get("start_date") or row.get("joined", "")
                                                     for row in rows])
            continue
        releases = sorted({citations[source].release for source in ids if source in citations})
        dates += [date for text in releases + [str(entry["release"])] for date in release_dates(text)]
        row = datasets.setdefault((entry["publisher"], entry["title"]), [set(), [], 0])
        row[0].update(releases if len(releases) <= 3 else [str(entry["release"])])
        row[1] += [_when(row) for row in rows]
        row[2] += sum(_names_one_of(row, countries) for row in rows)
    press_years = [citations[source].release[:4] for ids in press.values() for source in ids
                   if re.match(r"\d{4}", citations[source].release)]
    outlets = sorted(((name, len(ids)) for name, ids in press.items()), key=lambda item: (-item[1], item[0]))
    table = [[publisher, title, "; ".join(sorted(releases)), _span(years), count]
             for (publisher, title), (releases, years, count) in datasets.items()]
    return SourcesAndData(pd.DataFrame(table, columns=DATASET_COLUMNS), pd.DataFrame(outlets, columns=OUTLET_COLUMNS),
                          min(dates, default=""), max(dates, default=""), _span(press_years), latest_event)


def data_as_of(found: SourcesAndData) -> str:
    """One paragraph on how recent the data are, computed from every source the report uses."""
    parts = []
    if found.newest_release:
        parts.append(f"The publishers' datasets used were released between {found.oldest_release} and "
                     f"{found.newest_release}.")
    if found.event_records_to:
        parts.append(f"The event records (votes, memberships, summits, meetings, exercises) run to "
                     f"{found.event_records_to}.")
    if not found.outlets.empty:
        parts.append(f"The records compiled for this report cite {int(found.outlets['reports used'].sum())} documents "
                     f"from {len(found.outlets)} outlets and official bodies"
                     + (f", dated {found.press_span}" if found.press_span else "") + ".")
    return " ".join(parts) + " The appendix \"Sources and data\" lists them all; sources.csv gives every citation."

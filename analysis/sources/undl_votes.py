"""UN Digital Library: the General Assembly voting data, for the roll calls after the republication's last.

The library publishes one CSV file of every recorded vote in the General Assembly, one row per
member and roll call, attached to a record page and renamed with each update
(``2025_9_19_ga_voting.csv``, ``2026_02_06_ga_voting.csv``, ...). The refresh streams the newest
file (a few hundred megabytes) to its cache and keeps, in ``data/publisher/undl_votes/``, the lines
of the members the republication's excerpt holds for the roll calls after its last date.

``raw_table`` derives ``data/raw/unga_roll_calls.csv``: the roll calls excerpted from the
republication (``analysis.sources.unvotes``), then the library's later ones.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from typing import TextIO

import pandas as pd

from analysis import config
from analysis.codes import is_known_entity
from analysis.sources import unvotes
from analysis.sources._fetch import Excerpt, Fetch, FetchError, file_name, format_checked
from analysis.sources._tables import FormatError

FOLDER = "undl_votes"
# The table and its catalog entry keep the names the diplomacy chapter reads them by: they hold the
# republication's roll calls (analysis.sources.unvotes) as well as the library's, so neither id would fit.
RAW_TABLE = "unga_roll_calls.csv"
CATALOG_TABLE = "unga_roll_calls"
WHAT = "the roll-call excerpts of the republication (and of the UN Digital Library, once fetched)"
ORIGIN = config.PUBLISHER_DIR / unvotes.FOLDER  # the republication's excerpts, which the table starts from
EXCERPT_GLOB = "undl.*.excerpt.csv"

# The columns read from the library's file (one row per member and recorded vote); the file has more
# (draft, meeting, title, subjects, totals, link), and from 2026 a vote_note column after subjects.
COLUMNS = ("undl_id", "ms_code", "ms_name", "ms_vote", "date", "session", "resolution")
VOTES = {"Y": "Y", "N": "N", "A": "A", "X": None, "": None}  # X and blank: did not vote, no row
TABLE_COLUMNS = ["rcid", "session", "date", "resolution", "country", "vote", "source_id"]
FILE_DATE = re.compile(r"(\d{4})_(\d{1,2})_(\d{1,2})_ga[a-z_]*voting")

# The library's record of its General Assembly voting data, which links the file's current name.
RECORD = "https://digitallibrary.un.org/record/4060887"
FILE_LINK = re.compile(r"/record/4060887/files/([^\"'?#\s/]+\.csv)")


def release(name: str) -> str:
    """'undl.2026_02_06_ga_voting.excerpt.csv' -> '2026-02-06', the date the library gives its file."""
    found = FILE_DATE.search(name)
    if found is None:
        raise FormatError(f"{name}: expected the file's date in its name, such as 2026_02_06_ga_voting")
    return f"{int(found.group(1)):04d}-{int(found.group(2)):02d}-{int(found.group(3)):02d}"


def source_id(release: str) -> str:
    return f"undl-ga-voting-{release}"


def parse_csv(text: str, cited_as: str, name: str = "UN Digital Library voting file") -> pd.DataFrame:
    """The members' votes in (an excerpt of) the library's General Assembly voting file, one row per
    member and roll call; a member marked X (non-voting) or blank has no row, as in the republication."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise FormatError(f"{name}: expected the columns {list(COLUMNS)}, the header lacks {missing} "
                          f"(found {reader.fieldnames})")
    records = []
    for line, row in enumerate(reader, start=2):
        vote = row["ms_vote"].strip()
        if vote not in VOTES:
            raise FormatError(f"{name}, line {line}: expected a vote in {sorted(VOTES)}, found {vote!r}")
        if not is_known_entity(row["ms_code"]):
            raise FormatError(f"{name}, line {line}: {row['ms_code']!r} is not an ISO 3166 alpha-3 code")
        if VOTES[vote] is None:
            continue
        records.append({"rcid": int(row["undl_id"]), "session": row["session"].strip(),
                        "date": row["date"].strip()[:10], "resolution": row["resolution"].strip(),
                        "country": row["ms_code"], "vote": VOTES[vote], "source_id": cited_as})
    return pd.DataFrame(records, columns=TABLE_COLUMNS).sort_values(["rcid", "country"], ignore_index=True)


def raw_table(publisher_dir: Path) -> str:
    """The tidy CSV text of the General Assembly roll calls excerpted under ``publisher_dir``: the
    republication's (in its folder, see ``analysis.sources.unvotes``), then, once the refresh has fetched
    it, the library's roll calls after the republication's last (undl.*.csv in this source's folder)."""
    republication = unvotes.excerpt_table(publisher_dir / unvotes.FOLDER)
    library = [parse_csv(path.read_text(encoding="utf-8"), source_id(release(path.name)), path.name)
               for path in sorted((publisher_dir / FOLDER).glob("undl.*.csv"))]
    for later in library:
        both = sorted(set(republication["resolution"]) & set(later["resolution"]))
        if both:
            raise FormatError(f"{publisher_dir}: resolutions in both the republication and the library's file: "
                              f"{both[:5]}")
    table = pd.concat([republication, *library], ignore_index=True)
    duplicated = table[table.duplicated(["rcid", "country"])]
    if not duplicated.empty:
        raise FormatError(f"{publisher_dir}: roll calls excerpted twice: {sorted(set(duplicated['rcid']))[:5]}")
    table["session"] = table["session"].astype(str)
    return table.to_csv(index=False, lineterminator="\n")


def tables() -> dict[str, str]:
    return {RAW_TABLE: raw_table(config.PUBLISHER_DIR)}


# --- the refresh ---------------------------------------------------------------------------------

def locate(page: bytes, url: str) -> str:
    """The newest General Assembly voting CSV linked from the library's record page."""
    names = set(FILE_LINK.findall(page.decode("utf-8", errors="replace")))
    dated = {}
    for name in names:
        try:
            dated[release(name)] = name
        except FormatError:
            continue
    if not dated:
        raise FetchError("format changed", f"the record page {url} links no dated voting CSV (found {sorted(names)})")
    return f"{RECORD}/files/{dated[max(dated)]}"


class _RecordLines:
    """Lines of a file handed to the csv reader, remembered until taken: each record's own lines, verbatim."""

    def __init__(self, handle: TextIO) -> None:
        self._handle = handle
        self.taken: list[str] = []

    def __iter__(self) -> "_RecordLines":
        return self

    def __next__(self) -> str:
        line = next(self._handle)
        self.taken.append(line)
        return line

    def take(self) -> str:
        record = "".join(self.taken).replace("\r\n", "\n").removesuffix("\n")
        self.taken.clear()
        return record


def _open_text(download: bytes | Path) -> TextIO:
    if isinstance(download, Path):
        return download.open(encoding="utf-8-sig", newline="")
    return io.StringIO(download.decode("utf-8-sig"), newline="")


def _later_records(download: bytes | Path, url: str, after: str, members: set[str]) -> tuple[str, list[str]]:
    """(header line, records) of the file: the records of ``members`` dated after ``after``, read one by one."""
    body: list[str] = []
    try:
        with _open_text(download) as handle:
            lines = _RecordLines(handle)
            reader = csv.reader(lines)
            header = next(reader, [])
            header_line = lines.take()
            missing = [column for column in COLUMNS if column not in header]
            if missing:
                raise FetchError("format changed", f"the file from {url} lacks the columns {missing}; its header is "
                                                   f"{header}")
            code_at, date_at = header.index("ms_code"), header.index("date")
            for cells in reader:
                record = lines.take()
                if len(cells) > max(code_at, date_at) and cells[code_at] in members and cells[date_at][:10] > after:
                    if len(cells) != len(header):
                        raise FetchError("format changed", f"a line of {cells[code_at]} has {len(cells)} cells, the "
                                                           f"header {len(header)}: {record[:80]}")
                    body.append(record)
    except UnicodeDecodeError as error:
        raise FetchError("truncated", f"the file from {url} is not complete UTF-8 text: {error}") from error
    return header_line, body


def cut(download: bytes | Path, url: str, folder: Path) -> Excerpt:
    """From the library's voting CSV (a few hundred megabytes: read record by record from the file it was
    streamed to): its header and the lines of the members kept, for roll calls after the republication's last
    date."""
    with format_checked():
        after, members = unvotes.excerpt_end(folder.parent / unvotes.FOLDER)
    header_line, body = _later_records(download, url, after, members)
    if not body:
        raise FetchError("truncated", f"the file from {url} has no votes of {sorted(members)} after {after}")
    name = file_name(url)
    released = release(name)
    excerpt = "\n".join([header_line, *body]) + "\n"
    with format_checked():
        parse_csv(excerpt, source_id(released), name)
    citation = {
        "source_id": source_id(released),
        "publisher": "United Nations, Dag Hammarskjöld Library",
        "title": "UN General Assembly Voting Data (UN Digital Library)",
        "locator": f"file {name} (one row per member and recorded vote), rows of {', '.join(sorted(members))} "
                   f"for roll calls after {after}",
        "url": RECORD, "release": released,
    }
    return Excerpt(f"undl.{name.removesuffix('.csv')}.excerpt.csv", excerpt, released, citation)


def release_text(publisher_dir: Path, excerpt: Excerpt) -> str:
    """The republication's release, then each of the library's files the roll calls after it come from."""
    text = "unvotes republication copied on 2021-03-23 (the dataset's votes to 27 December 2019)"
    files = [release(path.name) for path in sorted((publisher_dir / FOLDER).glob("undl.*.csv"))]
    return text + "".join(f"; UN Digital Library voting file of {each} (later roll calls)" for each in files)


def fetches(today: dt.date) -> list[Fetch]:
    return [Fetch("UN General Assembly votes", (RECORD,), EXCERPT_GLOB, cut, locate=locate, adds_to_folder=True,
                  large=True, file_pattern="*_ga*_voting*.csv")]

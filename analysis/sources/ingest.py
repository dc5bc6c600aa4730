"""From publishers' own file formats to the tidy tables in ``data/raw/``.

The snapshot keeps, under ``data/publisher/``, verbatim excerpts of the files
each publisher released (the header lines and the rows for the entities the
report uses). This module parses those formats into the long indicator table,
so every figure in ``data/raw/`` can be regenerated from, and checked against,
the publisher's own file::

    python -m analysis.ingest          # rewrite data/raw/ from data/publisher/
    python -m analysis.ingest --check  # fail if data/raw/ differs from the excerpts
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Callable

import pandas as pd

from analysis import config
from analysis.codes import is_known_entity
from analysis.files import number_text

PUBLISHER_DIR = config.DATA_DIR / "publisher"

# World Bank WDI indicator codes -> (project indicator, unit in base units)
WDI_INDICATORS: dict[str, tuple[str, str]] = {
    "NY.GDP.MKTP.CD": ("gdp_usd", "USD"),
    "NY.GDP.MKTP.PP.CD": ("gdp_ppp_usd", "international USD"),
    "SP.POP.TOTL": ("population", "persons"),
    "MS.MIL.XPND.CD": ("milex_wdi_usd", "USD"),
}
# Indicators for which a published 0 means "no estimate", not zero spending: SIPRI marks
# Russia's first post-Soviet year this way, and the World Bank copies it.
ZERO_MEANS_MISSING = {"milex_usd", "milex_wdi_usd"}

# SIPRI Milex: country names in the "Current US$" sheet -> ISO 3166 alpha-3 codes.
SIPRI_COUNTRY_CODES = {
    "Russia": "RUS", "China": "CHN", "United States of America": "USA", "India": "IND", "Japan": "JPN",
    "Germany": "DEU", "United Kingdom": "GBR", "France": "FRA", "Italy": "ITA", "Canada": "CAN",
    # the other NATO members (claim M3 compares the pair with NATO)
    "Albania": "ALB", "Belgium": "BEL", "Bulgaria": "BGR", "Croatia": "HRV", "Czechia": "CZE", "Denmark": "DNK",
    "Estonia": "EST", "Finland": "FIN", "Greece": "GRC", "Hungary": "HUN", "Iceland": "ISL", "Latvia": "LVA",
    "Lithuania": "LTU", "Luxembourg": "LUX", "Montenegro": "MNE", "Netherlands": "NLD", "North Macedonia": "MKD",
    "Norway": "NOR", "Poland": "POL", "Portugal": "PRT", "Romania": "ROU", "Slovakia": "SVK", "Slovenia": "SVN",
    "Spain": "ESP", "Sweden": "SWE", "Türkiye": "TUR",
}
SIPRI_NO_DATA = {"...", "xxx", ""}
SIPRI_UNIT_FACTOR = Decimal(1_000_000)  # the sheet is in US$ millions
WDI_HEADER_START = ["Country Name", "Country Code", "Indicator Name", "Indicator Code"]


class FormatError(ValueError):
    """A publisher file is not in the format the parser knows."""


@dataclass(frozen=True)
class WdiFile:
    indicator_code: str
    last_updated: str
    figures: pd.DataFrame  # entity, year, value


def parse_wdi_csv(text: str, name: str = "WDI file") -> WdiFile:
    """Parse the World Bank's bulk CSV layout (metadata lines, then one row per economy, years as columns)."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    last_updated = next((row[1] for row in rows if len(row) > 1 and row[0] == "Last Updated Date"), None)
    header_at = next((i for i, row in enumerate(rows) if row[:4] == WDI_HEADER_START), None)
    if header_at is None:
        raise FormatError(f"{name}: expected a header row starting {WDI_HEADER_START}, found none")
    if last_updated is None:
        raise FormatError(f"{name}: expected a 'Last Updated Date' line, found none")
    header = rows[header_at]
    year_columns = {i: int(label) for i, label in enumerate(header) if label.strip().isdigit()}
    if not year_columns:
        raise FormatError(f"{name}: expected year columns such as '1992' in the header, found {header[:8]}")
    records, codes = [], set()
    for row in rows[header_at + 1:]:
        if not row or not any(cell.strip() for cell in row):
            continue
        if len(row) < 4:
            raise FormatError(f"{name}: a data row has {len(row)} cells, expected at least 4: {row}")
        codes.add(row[3])
        for position, year in year_columns.items():
            cell = row[position].strip() if position < len(row) else ""
            if cell:
                records.append({"entity": row[1], "year": year, "value": float(cell)})
    if len(codes) != 1:
        raise FormatError(f"{name}: expected one indicator code in the rows, found {sorted(codes)}")
    return WdiFile(codes.pop(), last_updated, pd.DataFrame(records, columns=["entity", "year", "value"]))


def wdi_source_id(indicator_code: str, last_updated: str) -> str:
    return f"wdi-{indicator_code.lower()}-{last_updated}"


def tidy_wdi(parsed: WdiFile, start_year: int) -> pd.DataFrame:
    """The long indicator table for one WDI file, from ``start_year`` on.

    Rows of World Bank aggregates other than the ones the project knows (such as
    NAC, North America) are left out.
    """
    if parsed.indicator_code not in WDI_INDICATORS:
        raise FormatError(f"WDI indicator {parsed.indicator_code} is not one the project uses: {sorted(WDI_INDICATORS)}")
    indicator, unit = WDI_INDICATORS[parsed.indicator_code]
    figures = parsed.figures[(parsed.figures["year"] >= start_year) & parsed.figures["entity"].map(is_known_entity)]
    return pd.DataFrame({
        "indicator": indicator,
        "entity": figures["entity"],
        "partner": "",
        "year": figures["year"],
        "value": figures["value"],
        "unit": unit,
        "source_id": wdi_source_id(parsed.indicator_code, parsed.last_updated),
    })


def drop_zero_estimates(table: pd.DataFrame) -> pd.DataFrame:
    """Remove published zeros where the indicator's coding rule reads them as 'no estimate'."""
    return table[~(table["indicator"].isin(ZERO_MEANS_MISSING) & (table["value"] == 0))]


def sipri_edition(file_name: str) -> str:
    """'SIPRI-Milex-data-1949-2024_2.current-usd.excerpt.csv' -> '1949-2024'."""
    found = re.search(r"(\d{4}-\d{4})", file_name)
    if found is None:
        raise FormatError(f"{file_name}: expected the edition's years (such as 1949-2024) in the file name")
    return found.group(1)


def sipri_source_id(edition: str) -> str:
    return f"sipri-milex-{edition}-current-usd"


def parse_sipri_milex_csv(text: str, start_year: int, name: str = "SIPRI file") -> pd.DataFrame:
    """Parse a CSV export of SIPRI's "Current US$" sheet (US$ millions) into the long table, in US dollars.

    Layout: a header ``Country,Notes,<years>``, then one row per country; ``...`` is
    no data and ``xxx`` a state that did not exist. Rows of other countries are skipped.
    """
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows or rows[0][:2] != ["Country", "Notes"]:
        raise FormatError(f"{name}: expected a header starting 'Country,Notes', found {rows[0][:3] if rows else 'nothing'}")
    header = rows[0]
    years = {i: int(label) for i, label in enumerate(header) if label.strip().isdigit()}
    records = []
    for row in rows[1:]:
        code = SIPRI_COUNTRY_CODES.get(row[0].strip()) if row else None
        if code is None:
            continue
        if len(row) != len(header):
            raise FormatError(f"{name}: the row for {row[0]} has {len(row)} cells, the header {len(header)}")
        for position, year in years.items():
            cell = row[position].strip()
            if year < start_year or cell in SIPRI_NO_DATA:
                continue
            value = Decimal(cell) * SIPRI_UNIT_FACTOR
            records.append({"indicator": "milex_usd", "entity": code, "partner": "", "year": year,
                            "value": float(value), "unit": "USD", "source_id": sipri_source_id(sipri_edition(name))})
    if not records:
        raise FormatError(f"{name}: none of the expected countries {sorted(SIPRI_COUNTRY_CODES)} was found")
    return pd.DataFrame(records)


def to_csv_text(table: pd.DataFrame) -> str:
    ordered = table.sort_values(["indicator", "entity", "year"]).copy()
    ordered["value"] = ordered["value"].map(number_text)
    return ordered.to_csv(index=False, lineterminator="\n")


def wdi_table(excerpt_dir: Path, start_year: int = config.DEFAULT_START_YEAR) -> str:
    """The tidy CSV text for every WDI excerpt in ``excerpt_dir``."""
    tables = [tidy_wdi(parse_wdi_csv(path.read_text(encoding="utf-8"), path.name), start_year)
              for path in sorted(excerpt_dir.glob("*.csv"))]
    if not tables:
        raise FormatError(f"{excerpt_dir}: expected WDI excerpts (*.csv), found none")
    return to_csv_text(drop_zero_estimates(pd.concat(tables, ignore_index=True)))


def sipri_milex_table(excerpt_dir: Path, start_year: int = config.DEFAULT_START_YEAR) -> str:
    """The tidy CSV text for the SIPRI military expenditure excerpt in ``excerpt_dir``."""
    paths = sorted(excerpt_dir.glob("*current-usd*.csv"))
    if len(paths) != 1:
        raise FormatError(f"{excerpt_dir}: expected one SIPRI 'Current US$' excerpt, found {len(paths)}")
    table = parse_sipri_milex_csv(paths[0].read_text(encoding="utf-8"), start_year, paths[0].name)
    return to_csv_text(drop_zero_estimates(table))


# --- SIPRI Arms Transfers Database: trend-indicator value (TIV) tables -------------------------

# Names in SIPRI's TIV tables -> ISO 3166 alpha-3 codes ("Total" and "all" are every partner: WLD).
SIPRI_ARMS_NAMES = {"Russia": "RUS", "China": "CHN", "India": "IND", "Iran": "IRN", "United States": "USA",
                    "Total": "WLD", "all": "WLD", "Total world import": "WLD", "Total world export": "WLD"}
TIV_TITLE = re.compile(r"TIV of arms exports (from|to) (.+?), (\d{4})-(\d{4})")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
# The tables of the database's current interface (armstransfers.sipri.org and the service behind it) have
# notes, a "Data generated: 28 Sep 2026 9:10:08 AM" line and a header whose first cell says what the rows are.
TIV_ROW_LABELS = {"Recipient": "recipients", "Imports by": "recipients", "Supplier": "suppliers",
                  "Exports by": "suppliers"}
TIV_DATA_GENERATED = re.compile(r"Data generated: (\d{1,2}) (\w{3})\w* (\d{4})\b.*")


@dataclass(frozen=True)
class TivTable:
    title: str
    slug: str  # what the table is, for its citation key: "from-russia", "to-all", "imports-by-recipient"
    generated: str  # ISO date the publisher generated the table
    figures: pd.DataFrame  # supplier, recipient, year, value (millions of TIV)


def _generated_date(line: str, name: str) -> str:
    """'Generated: 28 July 2022' (older tables) or 'Data generated: 28 Sep 2026 9:10:08 AM' -> ISO date."""
    found = re.fullmatch(r"Generated: (\d{1,2}) (\w+) (\d{4})", line.strip())
    if found is not None and found.group(2) in MONTHS:
        month = MONTHS.index(found.group(2)) + 1
    else:
        found = TIV_DATA_GENERATED.fullmatch(line.strip())
        abbreviations = [month[:3] for month in MONTHS]
        if found is None or found.group(2) not in abbreviations:
            raise FormatError(f"{name}: expected a line such as 'Generated: 28 July 2022' or "
                              f"'Data generated: 28 Sep 2026 9:10:08 AM', found {line!r}")
        month = abbreviations.index(found.group(2)) + 1
    return f"{int(found.group(3)):04d}-{month:02d}-{int(found.group(1)):02d}"


def _tiv_pair(direction: str, counterpart: str, row_name: str) -> tuple[str, str]:
    """(supplier, recipient) of one row of a TIV table, from the table's title and the row's name."""
    if direction == "from":  # "exports from Russia": rows are recipients
        return SIPRI_ARMS_NAMES[counterpart], SIPRI_ARMS_NAMES[row_name]
    if counterpart == "all":  # "exports to all": SIPRI's imports table, rows are recipients
        return "WLD", SIPRI_ARMS_NAMES[row_name]
    return SIPRI_ARMS_NAMES[row_name], SIPRI_ARMS_NAMES[counterpart]  # "exports to China": rows are suppliers


def _tiv_layout(rows: list[list[str]], name: str) -> tuple[str, str, int, Callable[[str], tuple[str, str]]]:
    """(title, slug, header row index, row name -> (supplier, recipient)) of either layout of the TIV table."""
    title_match = TIV_TITLE.fullmatch(rows[0][0]) if rows and rows[0] else None
    if title_match is not None:  # 'TIV of arms exports from Russia, 1950-2021', then ',1950,1951,...'
        direction, counterpart = title_match.group(1), title_match.group(2)
        if counterpart not in SIPRI_ARMS_NAMES:
            raise FormatError(f"{name}: no code for {counterpart!r}; known names are {sorted(SIPRI_ARMS_NAMES)}")
        header_at = next((i for i, row in enumerate(rows) if len(row) > 1 and row[0] == "" and row[1].isdigit()),
                         None)
        if header_at is None:
            raise FormatError(f"{name}: expected a header row of years (',1950,1951,...'), found none")
        slug = f"{direction}-{counterpart.lower().replace(' ', '-')}"
        return rows[0][0], slug, header_at, lambda row_name: _tiv_pair(direction, counterpart, row_name)
    header_at = next((i for i, row in enumerate(rows)
                      if len(row) > 1 and row[0].strip() in TIV_ROW_LABELS and row[1].strip().isdigit()), None)
    if header_at is None:
        raise FormatError(f"{name}: expected a title such as 'TIV of arms exports from Russia, 1950-2021' or a "
                          f"header row starting {sorted(TIV_ROW_LABELS)} and years, found neither")
    rows_are = TIV_ROW_LABELS[rows[header_at][0].strip()]
    if rows_are == "recipients":
        return ("TIV of arms imports by recipient, from all suppliers", "imports-by-recipient", header_at,
                lambda row_name: ("WLD", SIPRI_ARMS_NAMES[row_name]))
    return ("TIV of arms exports by supplier, to all recipients", "exports-by-supplier", header_at,
            lambda row_name: (SIPRI_ARMS_NAMES[row_name], "WLD"))


def parse_sipri_tiv_csv(text: str, name: str = "SIPRI TIV table") -> TivTable:
    """Parse SIPRI's yearly TIV table, in either of the layouts SIPRI has published.

    Older tables have a title line ("TIV of arms exports from Russia, 1950-2021"), notes,
    "Generated: <date>", then a row per partner under a header of years. In a table
    titled "... from Russia" each row is a recipient and "Total" is all of them; in one
    titled "... to all" (SIPRI's title for imports by recipient) each row is a recipient
    and the supplier is everyone. Tables of the current interface have notes, a "Data
    generated:" line and a header whose first cell names the rows (Recipient or Imports by;
    Supplier or Exports by), with columns after the years (period totals, percentages)
    that are not read. A blank cell means SIPRI identified no deliveries and is read as 0,
    as is "0" (less than 0.5 m TIV).
    """
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    title, slug, header_at, pair = _tiv_layout(rows, name)
    generated_line = next((row[0] for row in rows[:header_at] if row and "enerated:" in row[0]), None)
    if generated_line is None:
        raise FormatError(f"{name}: expected a 'Generated: <date>' or 'Data generated: <date>' line, found none")
    header = rows[header_at]
    years = {i: int(label) for i, label in enumerate(header) if re.fullmatch(r"\d{4}", label.strip())}
    records = []
    for row in rows[header_at + 1:]:
        if not row or not row[0].strip():
            continue
        if row[0] not in SIPRI_ARMS_NAMES:
            raise FormatError(f"{name}: no code for the row {row[0]!r}; known names are {sorted(SIPRI_ARMS_NAMES)}")
        if len(row) != len(header):
            raise FormatError(f"{name}: the row for {row[0]} has {len(row)} cells, the header {len(header)}")
        supplier, recipient = pair(row[0])
        for position, year in years.items():
            cell = row[position].strip()
            records.append({"supplier": supplier, "recipient": recipient, "year": year,
                            "value": float(cell) if cell else 0.0})
    return TivTable(title, slug, _generated_date(generated_line, name),
                    pd.DataFrame(records, columns=["supplier", "recipient", "year", "value"]))


def sipri_tiv_source_id(parsed: TivTable) -> str:
    """'TIV of arms exports from Russia, 1950-2021' generated 2022-07-28 -> 'sipri-tiv-from-russia-2022-07-28'."""
    return f"sipri-tiv-{parsed.slug}-{parsed.generated}"


def tidy_tiv(parsed: TivTable, start_year: int) -> pd.DataFrame:
    figures = parsed.figures[parsed.figures["year"] >= start_year]
    return pd.DataFrame({
        "indicator": "arms_tiv_table",
        "entity": figures["supplier"],
        "partner": figures["recipient"],
        "year": figures["year"],
        "value": figures["value"],
        "unit": "million TIV",
        "source_id": sipri_tiv_source_id(parsed),
    })


def sipri_tiv_table(excerpt_dir: Path, start_year: int = config.DEFAULT_START_YEAR) -> str:
    """The tidy CSV text for every SIPRI TIV excerpt in ``excerpt_dir``."""
    tables = [tidy_tiv(parse_sipri_tiv_csv(path.read_text(encoding="utf-8"), path.name), start_year)
              for path in sorted(excerpt_dir.glob("TIV-*.csv"))]
    if not tables:
        raise FormatError(f"{excerpt_dir}: expected SIPRI TIV excerpts (TIV-*.csv), found none")
    combined = pd.concat(tables, ignore_index=True)
    ordered = combined.sort_values(["indicator", "entity", "partner", "year"]).copy()
    ordered["value"] = ordered["value"].map(number_text)
    return ordered.to_csv(index=False, lineterminator="\n")


# --- UN General Assembly roll calls (Voeten et al., as republished in the "unvotes" package) -------

# ISO 3166 alpha-2 codes of the members whose votes the snapshot keeps -> alpha-3 codes
UNVOTES_COUNTRY_CODES = {"CN": "CHN", "RU": "RUS", "US": "USA", "IN": "IND", "GB": "GBR", "FR": "FRA"}
UNVOTES_VOTES = {"yes": "Y", "no": "N", "abstain": "A"}
UNVOTES_SOURCE_ID = "unvotes-voeten-tidytuesday-2021-03-23"


def parse_unvotes(votes_text: str, roll_calls_text: str, name: str = "unvotes excerpt") -> pd.DataFrame:
    """Join the votes file (rcid,country,country_code,vote) to the roll calls (rcid,session,...,date,unres).

    The republication keeps only yes, no and abstain: a member that was absent or did not
    vote has no row, and stays without one here (agreement counts roll calls where both voted).
    Resolution symbols the dataset abbreviates as R/70/5 are written out as A/RES/70/5.
    """
    votes = pd.read_csv(io.StringIO(votes_text), dtype=str, keep_default_na=False)
    calls = pd.read_csv(io.StringIO(roll_calls_text), dtype=str, keep_default_na=False)
    for frame, expected, label in ((votes, ["rcid", "country", "country_code", "vote"], "votes"),
                                   (calls, ["rcid", "session", "importantvote", "date", "unres"], "roll calls")):
        if list(frame.columns[:len(expected)]) != expected:
            raise FormatError(f"{name}: expected the {label} columns {expected}, found {list(frame.columns)}")
    unknown_codes = sorted(set(votes["country_code"]) - set(UNVOTES_COUNTRY_CODES))
    if unknown_codes:
        raise FormatError(f"{name}: no alpha-3 code for {unknown_codes}; known are {sorted(UNVOTES_COUNTRY_CODES)}")
    unknown_votes = sorted(set(votes["vote"]) - set(UNVOTES_VOTES))
    if unknown_votes:
        raise FormatError(f"{name}: expected votes {sorted(UNVOTES_VOTES)}, found {unknown_votes}")
    orphans = sorted(set(votes["rcid"]) - set(calls["rcid"]), key=int)
    if orphans:
        raise FormatError(f"{name}: votes for roll calls missing from the roll-call file: {orphans[:5]}")
    joined = votes.merge(calls, on="rcid", how="left")
    table = pd.DataFrame({
        "rcid": joined["rcid"].astype(int),
        "session": joined["session"].astype(int),
        "date": joined["date"],
        "resolution": joined["unres"].str.replace(r"^R/", "A/RES/", regex=True),  # the dataset's short form
        "country": joined["country_code"].map(UNVOTES_COUNTRY_CODES),
        "vote": joined["vote"].map(UNVOTES_VOTES),
        "source_id": UNVOTES_SOURCE_ID,
    })
    return table.sort_values(["rcid", "country"]).reset_index(drop=True)


def joined_csv(paths: list[Path]) -> str:
    """Several excerpts of one file as one CSV text: the first header, then every file's rows."""
    texts = [path.read_text(encoding="utf-8").splitlines() for path in paths]
    headers = {lines[0] for lines in texts if lines}
    if len(headers) > 1:
        raise FormatError(f"excerpts of one file with different headers: {sorted(headers)}")
    return "\n".join([texts[0][0], *[line for lines in texts for line in lines[1:] if line]]) + "\n"


# --- UN General Assembly roll calls after the republication (the UN Digital Library's voting data) -----

# The columns read from the library's bulk file (one row per member and recorded vote); the file has more
# (draft, meeting, title, subjects, totals, link), and from 2026 a vote_note column after subjects.
UNDL_COLUMNS = ("undl_id", "ms_code", "ms_name", "ms_vote", "date", "session", "resolution")
UNDL_VOTES = {"Y": "Y", "N": "N", "A": "A", "X": None, "": None}  # X and blank: did not vote, no row
UNDL_FILE = re.compile(r"(\d{4})_(\d{1,2})_(\d{1,2})_ga[a-z_]*voting")


def undl_release(file_name: str) -> str:
    """'undl.2026_02_06_ga_voting.excerpt.csv' -> '2026-02-06', the date the library gives its file."""
    found = UNDL_FILE.search(file_name)
    if found is None:
        raise FormatError(f"{file_name}: expected the file's date in its name, such as 2026_02_06_ga_voting")
    return f"{int(found.group(1)):04d}-{int(found.group(2)):02d}-{int(found.group(3)):02d}"


def undl_source_id(release: str) -> str:
    return f"undl-ga-voting-{release}"


def parse_undl_votes(text: str, source_id: str, name: str = "UN Digital Library voting file") -> pd.DataFrame:
    """The members' votes in (an excerpt of) the library's General Assembly voting file, one row per
    member and roll call; a member marked X (non-voting) or blank has no row, as in the republication."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [column for column in UNDL_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise FormatError(f"{name}: expected the columns {list(UNDL_COLUMNS)}, the header lacks {missing} "
                          f"(found {reader.fieldnames})")
    records = []
    for line, row in enumerate(reader, start=2):
        vote = row["ms_vote"].strip()
        if vote not in UNDL_VOTES:
            raise FormatError(f"{name}, line {line}: expected a vote in {sorted(UNDL_VOTES)}, found {vote!r}")
        if not is_known_entity(row["ms_code"]):
            raise FormatError(f"{name}, line {line}: {row['ms_code']!r} is not an ISO 3166 alpha-3 code")
        if UNDL_VOTES[vote] is None:
            continue
        records.append({"rcid": int(row["undl_id"]), "session": row["session"].strip(),
                        "date": row["date"].strip()[:10], "resolution": row["resolution"].strip(),
                        "country": row["ms_code"], "vote": UNDL_VOTES[vote], "source_id": source_id})
    columns = ["rcid", "session", "date", "resolution", "country", "vote", "source_id"]
    return pd.DataFrame(records, columns=columns).sort_values(["rcid", "country"], ignore_index=True)


def unga_roll_call_table(excerpt_dir: Path) -> str:
    """The tidy CSV text of the General Assembly roll calls excerpted in ``excerpt_dir``: the
    republication's excerpts of its votes file (unvotes.*.csv) and roll-call file (roll_calls.*.csv),
    and, once the refresh has fetched it, an excerpt of the UN Digital Library's voting file with the
    roll calls after the republication's last (undl.*.csv)."""
    votes = sorted(excerpt_dir.glob("unvotes.*.csv"))
    calls = sorted(excerpt_dir.glob("roll_calls.*.csv"))
    if not votes or not calls:
        raise FormatError(f"{excerpt_dir}: expected unvotes.*.csv and roll_calls.*.csv excerpts, "
                          f"found {[path.name for path in votes + calls]}")
    republication = parse_unvotes(joined_csv(votes), joined_csv(calls), excerpt_dir.name)
    library = [parse_undl_votes(path.read_text(encoding="utf-8"), undl_source_id(undl_release(path.name)), path.name)
               for path in sorted(excerpt_dir.glob("undl.*.csv"))]
    for later in library:
        both = sorted(set(republication["resolution"]) & set(later["resolution"]))
        if both:
            raise FormatError(f"{excerpt_dir}: resolutions in both the republication and the library's file: {both[:5]}")
    table = pd.concat([republication, *library], ignore_index=True)
    duplicated = table[table.duplicated(["rcid", "country"])]
    if not duplicated.empty:
        raise FormatError(f"{excerpt_dir}: roll calls excerpted twice: {sorted(set(duplicated['rcid']))[:5]}")
    table["session"] = table["session"].astype(str)
    return table.to_csv(index=False, lineterminator="\n")


# --- UN Comtrade: a reporter's goods trade with a partner, as the reporter declared it to the UN ---------

# M49 codes Comtrade uses for the countries the snapshot may hold -> ISO 3166 alpha-3
COMTRADE_COUNTRIES = {156: "CHN", 643: "RUS", 356: "IND", 364: "IRN", 842: "USA"}
COMTRADE_FLOWS = {"X": "comtrade_exports_usd", "M": "comtrade_imports_usd"}
# A record is the total of a flow only with every breakdown at its total: all goods, all customs procedures,
# all modes of transport, no second partner.
COMTRADE_TOTAL = {"cmdCode": "TOTAL", "customsCode": "C00", "motCode": 0, "partner2Code": 0}
COMTRADE_FIELDS = ("refYear", "reporterCode", "partnerCode", "flowCode", *COMTRADE_TOTAL, "primaryValue")
COMTRADE_EXCERPT = re.compile(r"comtrade\.(\d{4}-\d{2}-\d{2})\.json")


def comtrade_source_id(retrieved: str) -> str:
    return f"comtrade-{retrieved}"


def comtrade_totals(records: list[dict], name: str = "Comtrade answer") -> list[dict]:
    """The records that are a flow's total (see ``COMTRADE_TOTAL``), each checked for the fields read."""
    totals = []
    for record in records:
        missing = [field for field in COMTRADE_FIELDS if field not in record]
        if missing:
            raise FormatError(f"{name}: a record lacks the fields {missing}; it has {sorted(record)[:12]}")
        if all(record[field] == value for field, value in COMTRADE_TOTAL.items()) and record["flowCode"] in COMTRADE_FLOWS:
            totals.append(record)
    return totals


def parse_comtrade(text: str, source_id: str, name: str = "Comtrade excerpt") -> pd.DataFrame:
    """The yearly totals of exports and imports in an excerpt of Comtrade's JSON answer ({"data": [...]})."""
    try:
        records = json.loads(text)["data"]
    except (ValueError, KeyError, TypeError) as error:
        raise FormatError(f"{name}: expected JSON with a 'data' list of records: {error}") from error
    rows = []
    for record in comtrade_totals(records, name):
        codes = [COMTRADE_COUNTRIES.get(record[field]) for field in ("reporterCode", "partnerCode")]
        if None in codes:
            raise FormatError(f"{name}: no ISO code for reporter {record['reporterCode']} or partner "
                              f"{record['partnerCode']}; known are {sorted(COMTRADE_COUNTRIES)}")
        rows.append({"indicator": COMTRADE_FLOWS[record["flowCode"]], "entity": codes[0], "partner": codes[1],
                     "year": int(record["refYear"]), "value": float(record["primaryValue"]), "unit": "USD",
                     "source_id": source_id})
    return pd.DataFrame(rows, columns=["indicator", "entity", "partner", "year", "value", "unit", "source_id"])


def comtrade_table(excerpt_dir: Path) -> str:
    """The tidy CSV text of the Comtrade excerpts in ``excerpt_dir`` (comtrade.<retrieved>.json); only the
    header while the refresh has not fetched any."""
    tables = []
    for path in sorted(excerpt_dir.glob("comtrade.*.json")):
        found = COMTRADE_EXCERPT.fullmatch(path.name)
        if found is None:
            raise FormatError(f"{path.name}: expected a name such as comtrade.2026-11-29.json")
        tables.append(parse_comtrade(path.read_text(encoding="utf-8"), comtrade_source_id(found.group(1)), path.name))
    columns = ["indicator", "entity", "partner", "year", "value", "unit", "source_id"]
    if not tables:
        return ",".join(columns) + "\n"
    return to_csv_text(pd.concat(tables, ignore_index=True))


# raw table -> function producing its text from the publisher excerpts
RAW_TABLES = {
    "wdi.csv": lambda: wdi_table(PUBLISHER_DIR / "wdi"),
    "sipri_milex.csv": lambda: sipri_milex_table(PUBLISHER_DIR / "sipri"),
    "sipri_arms_tiv.csv": lambda: sipri_tiv_table(PUBLISHER_DIR / "sipri_arms"),
    "unga_roll_calls.csv": lambda: unga_roll_call_table(PUBLISHER_DIR / "unvotes"),
    "comtrade_trade.csv": lambda: comtrade_table(PUBLISHER_DIR / "comtrade"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.ingest", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    status = 0
    for name, produce in RAW_TABLES.items():
        path = config.RAW_DIR / name
        text = produce()
        if args.check:
            same = path.exists() and path.read_text(encoding="utf-8") == text
            print(f"{'ok' if same else 'DIFFERS'}: {path.relative_to(config.PROJECT_ROOT)}")
            status |= 0 if same else 1
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(config.PROJECT_ROOT)}")
    return status


if __name__ == "__main__":
    sys.exit(main())

"""SIPRI's trade register of major conventional arms -> yearly arms-transfer volumes.

The trade register (SIPRI Arms Transfers Database, "Trade registers", all countries to all
countries) lists one row per deal and delivery year: a deal delivered over several years has
one row for each year, with the number delivered and the TIV of that year's deliveries in
``TIV delivery values`` (millions of SIPRI trend-indicator values). The file starts with note
lines (one of them "Data generated: 12 Feb 2026 12:26:12 PM"), then a header, and most lines
end with a ";" that is not part of the CSV.

``yearly_deliveries`` sums the register into the project's long indicator table:

* ``arms_tiv``: TIV delivered by a supplier (entity) to a recipient (partner) in a year, plus
  each supplier's deliveries to all recipients (partner ``WLD``) and each recipient's
  deliveries from all suppliers (entity ``WLD``);
* ``arms_tiv_licensed``: the part of the same deliveries that the register marks as local
  production (``Local production`` = "Yes": produced in the recipient country under licence),
  with the same entity/partner convention.

Suppliers and recipients are coded ISO 3166-1 alpha-3. Actors without such a code (armed
groups marked "*", multinational organisations marked "**", "unknown supplier(s)" and the like,
Kosovo and Northern Cyprus) have no pair rows, but their deliveries count in the totals, so the
totals are SIPRI's totals. A pair with no deliveries in a year has no row. Values are exact
sums (``Decimal``) of the register's figures, which carry at most two decimals.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pycountry

from analysis import config
# Reading the file and checking its cells: kept in a module of their own, used (and tested) through this one.
from analysis.sources._sipri_register_file import (EXPECTED_COLUMNS, RECIPIENT, SUPPLIER, RegisterFormatError,
                                                   delivery_years, licensed_flags, read_register, tiv_figures)
from analysis.sources._tables import INDICATOR_COLUMNS, indicator_csv_text

SHARED_FILE = config.SHARED_DATA_DIR / "sipri-arms" / "trade-register.csv"
WHAT = "SIPRI's trade register"
ORIGIN = SHARED_FILE
# The table the build uses in place of the register (the register itself is not committed).
RAW_TABLE = "sipri_register.parquet"

INDICATOR_DELIVERED = "arms_tiv"
INDICATOR_LICENSED = "arms_tiv_licensed"
UNIT = "million TIV"
WORLD = "WLD"  # all suppliers (as entity) or all recipients (as partner)
SOURCE_ID_PREFIX = "sipri-trade-register-"
OUTPUT_COLUMNS = INDICATOR_COLUMNS

# SIPRI's names that pycountry does not resolve (or resolves only through a common name), with
# their ISO 3166-1 alpha-3 codes. Other names are looked up in pycountry by name, common name
# or official name; a name found in neither place stops the derivation.
COUNTRY_CODES = {
    "Bolivia": "BOL",
    "Bosnia-Herzegovina": "BIH",
    "Brunei": "BRN",
    "Cabo Verde": "CPV",
    "Cote d'Ivoire": "CIV",
    "Czechia": "CZE",
    "DR Congo": "COD",
    "eSwatini": "SWZ",
    "Iran": "IRN",
    "Laos": "LAO",
    "Moldova": "MDA",
    "North Korea": "PRK",
    "Palestine": "PSE",
    "Russia": "RUS",
    "South Korea": "KOR",
    "Syria": "SYR",
    "Taiwan": "TWN",
    "Tanzania": "TZA",
    "Turkiye": "TUR",
    "Türkiye": "TUR",
    "UAE": "ARE",
    "UK": "GBR",
    "United Kingdom": "GBR",
    "United States": "USA",
    "Venezuela": "VEN",
    "Viet Nam": "VNM",
}
# Parties that are not given a code: kept in the totals only. SIPRI marks armed non-state
# actors with "*" and multinational organisations with "**".
NON_STATE_MARK = "*"
ORGANISATION_MARK = "**"
UNKNOWN_PREFIX = "unknown"
WITHOUT_ISO_CODE = frozenset({"Kosovo", "Northern Cyprus"})
# Dissolved before the register's first delivery year (1995): a delivery naming it is an error
# in the file, not a party to code.
DISSOLVED_STATES = frozenset({"Soviet Union"})

KIND_NON_STATE = "armed non-state actor"
KIND_ORGANISATION = "multinational organisation"
KIND_UNKNOWN = "unknown party"
KIND_NO_CODE = "state or territory without an ISO 3166-1 code"


class RegisterMissingError(FileNotFoundError):
    """SIPRI's trade register is not where the ingest looks for it."""


@dataclass(frozen=True)
class Party:
    """A supplier or recipient as named in the register: its ISO code, or why it has none."""

    name: str
    code: str | None  # ISO 3166-1 alpha-3, None for a party kept only in the totals
    kind: str  # "country" or one of the KIND_* descriptions


# --- Coding the parties -------------------------------------------------------------------------


def pycountry_code(name: str) -> str | None:
    """The ISO alpha-3 code pycountry gives ``name`` (as name, common name or official name), if any."""
    for field in ("name", "common_name", "official_name"):
        country = pycountry.countries.get(**{field: name})
        if country is not None:
            return country.alpha_3
    return None


def party(name: str) -> Party:
    """Code one supplier or recipient name; a country name that cannot be coded is an error."""
    if name.endswith(ORGANISATION_MARK):
        return Party(name, None, KIND_ORGANISATION)
    if name.endswith(NON_STATE_MARK):
        return Party(name, None, KIND_NON_STATE)
    if name.lower().startswith(UNKNOWN_PREFIX):
        return Party(name, None, KIND_UNKNOWN)
    if name in WITHOUT_ISO_CODE:
        return Party(name, None, KIND_NO_CODE)
    if name in DISSOLVED_STATES:
        raise RegisterFormatError(f"the register names {name!r}, a state dissolved before its first delivery "
                                  f"year, as a party to a delivery")
    code = COUNTRY_CODES.get(name) or pycountry_code(name)
    if code is None:
        raise RegisterFormatError(f"no ISO 3166-1 alpha-3 code for the register's name {name!r}: add it to "
                                  f"COUNTRY_CODES, or to WITHOUT_ISO_CODE if it has none")
    return Party(name, code, "country")


def parties(register: pd.DataFrame) -> dict[str, Party]:
    """Every supplier and recipient name of the register, coded."""
    names = sorted(set(register[SUPPLIER]) | set(register[RECIPIENT]))
    return {name: party(name) for name in names}


def non_country_parties(register: pd.DataFrame) -> pd.DataFrame:
    """The parties kept only in the totals: name, kind, role, rows and TIV delivered in the register."""
    coded = parties(register)
    records = []
    for role, column in (("supplier", SUPPLIER), ("recipient", RECIPIENT)):
        for name, rows in register.groupby(column):
            if coded[name].code is None:
                records.append({"name": name, "kind": coded[name].kind, "role": role, "rows": len(rows),
                                "tiv": float(sum(tiv_figures(rows), Decimal(0)))})
    return pd.DataFrame(records, columns=["name", "kind", "role", "rows", "tiv"])


def source_id(register: pd.DataFrame) -> str:
    """The citation key of the release: 'sipri-trade-register-2026-02-12'."""
    generated = register.attrs.get("data_generated")
    if not generated:
        raise RegisterFormatError("the register carries no 'Data generated' date: read it with read_register")
    return f"{SOURCE_ID_PREFIX}{generated}"


# --- Summing ------------------------------------------------------------------------------------


def deliveries(register: pd.DataFrame) -> pd.DataFrame:
    """One row per register row, checked and typed: supplier and recipient codes (None for a party
    without one), year, exact TIV (``Decimal``) and whether it was produced under licence."""
    coded = parties(register)
    return pd.DataFrame({  # object columns: a missing code stays None, a figure stays a Decimal
        "supplier": pd.Series([coded[name].code for name in register[SUPPLIER]], index=register.index, dtype=object),
        "recipient": pd.Series([coded[name].code for name in register[RECIPIENT]], index=register.index,
                               dtype=object),
        "year": pd.Series(delivery_years(register), index=register.index, dtype=int),
        "tiv": pd.Series(tiv_figures(register), index=register.index, dtype=object),
        "licensed": pd.Series(licensed_flags(register), index=register.index, dtype=bool),
    })


def sum_deliveries(typed: pd.DataFrame) -> dict[tuple[str, str, int], Decimal]:
    """Exact sums by (entity, partner, year): country pairs, suppliers to WLD and WLD to recipients.

    Totals take every row, whoever the other side is, so that they include deliveries to and
    from the parties that have no code.
    """
    sums: dict[tuple[str, str, int], Decimal] = defaultdict(Decimal)
    for supplier, recipient, year, tiv in zip(typed["supplier"], typed["recipient"], typed["year"], typed["tiv"]):
        if supplier is not None and recipient is not None:
            sums[(supplier, recipient, int(year))] += tiv
        if supplier is not None:
            sums[(supplier, WORLD, int(year))] += tiv
        if recipient is not None:
            sums[(WORLD, recipient, int(year))] += tiv
    return sums


def yearly_deliveries(register: pd.DataFrame) -> pd.DataFrame:
    """The register summed into the long indicator table (``arms_tiv`` and ``arms_tiv_licensed``).

    One row per indicator, entity, partner and year in which deliveries are recorded; a year
    without deliveries has no row. Values are the exact sums of the register's figures.
    """
    release = source_id(register)
    typed = deliveries(register)
    records = []
    for indicator, rows in ((INDICATOR_DELIVERED, typed), (INDICATOR_LICENSED, typed[typed["licensed"]])):
        for (entity, partner, year), total in sum_deliveries(rows).items():
            records.append({"indicator": indicator, "entity": entity, "partner": partner, "year": year,
                            "value": float(total), "unit": UNIT, "source_id": release})
    table = pd.DataFrame(records, columns=OUTPUT_COLUMNS)
    table["year"] = table["year"].astype(int)
    table["value"] = table["value"].astype(float)
    return table.sort_values(["indicator", "entity", "partner", "year"], ignore_index=True)


def derive(path: Path = SHARED_FILE) -> pd.DataFrame:
    """The tidy table from SIPRI's trade register at ``path`` (by default the shared data folder)."""
    path = Path(path)
    if not path.is_file():
        raise RegisterMissingError(
            f"SIPRI's trade register is not at {path}. It is a publisher's file kept outside the project; "
            f"without it the register cannot be re-derived, and the committed derived table "
            f"({config.RAW_DIR / RAW_TABLE}) is what the build uses.")
    return yearly_deliveries(read_register(path))


# --- Writing ------------------------------------------------------------------------------------


def to_csv_text(table: pd.DataFrame) -> str:
    """The table as CSV text: header, no index, '\\n' line endings, numbers without a trailing '.0'."""
    return indicator_csv_text(table)


def tables() -> dict[str, str]:
    return {RAW_TABLE: to_csv_text(derive())}


def main(argv: list[str] | None = None) -> int:
    """``python -m analysis.sources.sipri_register OUTPUT.csv [--register PATH]``."""
    parser = argparse.ArgumentParser(description="Derive yearly arms-transfer volumes from SIPRI's trade register.")
    parser.add_argument("output", type=Path, help="CSV file to write")
    parser.add_argument("--register", type=Path, default=SHARED_FILE,
                        help=f"the trade register (default {SHARED_FILE})")
    arguments = parser.parse_args(argv)
    try:
        table = derive(arguments.register)
    except (RegisterMissingError, RegisterFormatError) as error:
        print(error, file=sys.stderr)
        return 1
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    arguments.output.write_text(to_csv_text(table), encoding="utf-8", newline="")
    print(f"wrote {len(table)} rows to {arguments.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""IMF Direction of Trade Statistics (DOTS): yearly goods trade of the study countries by partner.

The IMF's country tables come as one workbook per reporting economy (``DOTS_1.xlsx`` ...
``DOTS_235.xlsx``), each with an exports and an imports sheet in the layout that
``analysis.sources._imf_dots_workbook`` describes.

``read_workbook`` reads one workbook as it is (names as the IMF spells them, figures in US$
millions as exact decimals, the estimate flag in the boolean column ``estimated``) and stops with
a message naming the file, the sheet and the cell when the layout differs. ``tidy`` turns what
was read into the project's long indicator table::

    indicator, entity, partner, year, value, unit, source_id

``exports_usd``/``imports_usd`` are the reporter's (entity's) record of its goods trade with the
partner, ``goods_exports_usd``/``goods_imports_usd`` its trade with the whole world (partner
empty). Values are in US dollars (millions times 1,000,000, exactly). The estimate flag is not
carried into that table: estimated figures are kept as figures. ``indicator_prefix`` puts a
prefix before every indicator name (``"dots_"`` gives ``dots_exports_usd`` ..., the names under
which ``analysis.chapters.economy`` takes the IMF's record in place of press reports). ``derive`` reads the folder of
workbooks; the build itself uses the committed derived table, as the workbooks are the
publisher's files and not part of the project.

Run ``python -m analysis.sources.imf_dots OUTPUT.csv`` to write the table as CSV.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import pandas as pd
import pycountry

from analysis import config
# Reading one workbook: kept in a module of its own, used (and tested) through this one.
from analysis.sources._imf_dots_workbook import (READ_COLUMNS, DotsError, DotsLayoutError, opened, read_book,
                                                 read_workbook, workbook_reporter)
from analysis.sources._tables import INDICATOR_COLUMNS, indicator_csv_text

SHARED_DIR = config.SHARED_DATA_DIR / "imf-dots"
WHAT = "the IMF's DOTS workbooks"
ORIGIN = SHARED_DIR
RAW_TABLE = "imf_dots.parquet"
WORKBOOK_PATTERN = "DOTS_*.xlsx"

# One id for the whole release read (workbooks downloaded from the IMF's portal in early 2022,
# last year 2020); every row of the table carries it.
SOURCE_ID = "imf-dots-2022"
# The snapshot keeps the IMF's record under its own indicator names (dots_exports_usd, ...), apart from the
# press figures of the same flows; the economy chapter puts it in their place year by year.
INDICATOR_PREFIX = "dots_"
UNIT = "USD"
MILLION = Decimal(1_000_000)
DEFAULT_START_YEAR = config.DEFAULT_START_YEAR  # 1992, the first year of the Russian Federation

WORLD = "World"
BILATERAL_INDICATORS = {"exports": "exports_usd", "imports": "imports_usd"}
WORLD_INDICATORS = {"exports": "goods_exports_usd", "imports": "goods_imports_usd"}

OUTPUT_COLUMNS = INDICATOR_COLUMNS
SORT_KEYS = ["indicator", "entity", "partner", "year"]

# The IMF's names of the study countries, exactly as the workbooks spell them (as reporter in
# cell B4 and as partner in column B), and their ISO 3166-1 alpha-3 codes.
IMF_ECONOMY_CODES: dict[str, str] = {
    "Argentina": "ARG",
    "Australia": "AUS",
    "Belarus, Rep. of": "BLR",
    "Brazil": "BRA",
    "Canada": "CAN",
    "China, P.R.: Mainland": "CHN",
    "Egypt, Arab Rep. of": "EGY",
    "Ethiopia, The Federal Dem. Rep. of": "ETH",
    "France": "FRA",
    "Germany": "DEU",
    "India": "IND",
    "Indonesia": "IDN",
    "Iran, Islamic Rep. of": "IRN",
    "Italy": "ITA",
    "Japan": "JPN",
    "Kazakhstan, Rep. of": "KAZ",
    "Korea, Rep. of": "KOR",
    "Kyrgyz Rep.": "KGZ",
    "Mexico": "MEX",
    "Pakistan": "PAK",
    "Russian Federation": "RUS",
    "Saudi Arabia": "SAU",
    "South Africa": "ZAF",
    "Tajikistan, Rep. of": "TJK",
    "Turkey": "TUR",
    "United Arab Emirates": "ARE",
    "United Kingdom": "GBR",
    "United States": "USA",
    "Uzbekistan, Rep. of": "UZB",
}

# Names that resemble a study country's but are another economy: never mapped to it.
NOT_STUDY_LOOKALIKES: dict[str, str] = {
    "China, P.R.: Hong Kong": "Hong Kong SAR (HKG), a customs territory of its own, not China",
    "China, P.R.: Macao": "Macao SAR (MAC), a customs territory of its own, not China",
    "Taiwan Province of China": "Taiwan (TWN), not the People's Republic of China",
    "Korea, Dem. People's Rep. of": "North Korea (PRK), not the Republic of Korea",
    "Eastern Germany": "the German Democratic Republic, before 1991",
    "USSR": "the Soviet Union, before 1992, not the Russian Federation",
    "South African Common Customs Area (SACCA)": (
        "South Africa with Botswana, Lesotho, Namibia and Eswatini, the IMF's reporter for the area "
        "before South Africa's own tables begin in 1998"),
}

# Short names of study countries that the ISO names held by pycountry do not contain, used only to
# spot a study country's name that has no explicit mapping above.
NAME_ALIASES: dict[str, tuple[str, ...]] = {
    "GBR": ("Britain",),
    "KGZ": ("Kyrgyz",),
    "RUS": ("Russia",),
    "TUR": ("Turkey",),
    "USA": ("United States",),
}


class UnmappedEconomyError(DotsError):
    """A name that looks like a study country's has no explicit ISO code."""


class DotsFilesMissing(FileNotFoundError):
    """The folder of the IMF's workbooks is absent (as in a user's clone of the project)."""


# --- names to codes ----------------------------------------------------------------------------

def _normalised(text: str) -> str:
    """Lower case, without accents and punctuation: "Türkiye" -> "turkiye"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain.lower()).split())


@lru_cache(maxsize=None)
def _name_keys(code: str) -> tuple[str, ...]:
    """The names a study country goes by: its ISO names, their part before a comma, and aliases."""
    country = pycountry.countries.get(alpha_3=code)
    names = list(NAME_ALIASES.get(code, ()))
    if country is not None:
        for attribute in ("name", "official_name", "common_name"):
            name = getattr(country, attribute, None)
            if name:
                names += [name, name.split(",")[0]]
    return tuple(sorted({_normalised(name) for name in names if _normalised(name)}))


def resembles_study_country(name: str, countries: Iterable[str]) -> str | None:
    """The code of a country in ``countries`` whose name appears, as whole words, in ``name``; else None."""
    text = f" {_normalised(name)} "
    for code in sorted(countries):
        if any(f" {key} " in text for key in _name_keys(code)):
            return code
    return None


def economy_code(name: str, source: str, countries: Iterable[str] = config.STUDY_COUNTRIES) -> str | None:
    """The ISO code of an IMF economy name when the economy is one of ``countries``, else None.

    Only the explicit table ``IMF_ECONOMY_CODES`` maps a name. A name outside it that looks like
    one of ``countries`` (and is not a known look-alike such as Hong Kong) stops the run with an
    error naming ``source`` (the file) and the name, so that a new spelling is never dropped silently.
    """
    countries = set(countries)
    code = IMF_ECONOMY_CODES.get(name)
    if code is not None:
        return code if code in countries else None
    if name in NOT_STUDY_LOOKALIKES:
        return None
    suspect = resembles_study_country(name, countries)
    if suspect is not None:
        raise UnmappedEconomyError(
            f"{source}: the economy name {name!r} looks like {suspect} but has no explicit ISO code; add it to "
            f"IMF_ECONOMY_CODES (or, if it is another economy, to NOT_STUDY_LOOKALIKES)")
    return None


def check_countries(countries: Iterable[str]) -> None:
    """Every requested country must have its IMF name in ``IMF_ECONOMY_CODES``."""
    missing = sorted(set(countries) - set(IMF_ECONOMY_CODES.values()))
    if missing:
        raise UnmappedEconomyError(f"no IMF economy name is mapped to {missing}; add the names the workbooks "
                                   f"use to IMF_ECONOMY_CODES")


# --- the tidy table ----------------------------------------------------------------------------

def millions_to_usd(value_millions: Decimal) -> float:
    """US$ millions to US dollars, exactly in decimal, then to the nearest float: 1.53 -> 1530000.0."""
    return float(Decimal(value_millions) * MILLION)


def empty_table() -> pd.DataFrame:
    """The indicator table with no rows."""
    return pd.DataFrame({"indicator": pd.Series(dtype=str), "entity": pd.Series(dtype=str),
                         "partner": pd.Series(dtype=str), "year": pd.Series(dtype=int),
                         "value": pd.Series(dtype=float), "unit": pd.Series(dtype=str),
                         "source_id": pd.Series(dtype=str)})


def tidy(frames: pd.DataFrame | Iterable[pd.DataFrame], countries: Iterable[str] = config.STUDY_COUNTRIES,
         start_year: int = DEFAULT_START_YEAR, indicator_prefix: str = "") -> pd.DataFrame:
    """The project's indicator table from what ``read_workbook`` read.

    Keeps reporters and partners in ``countries`` (ISO alpha-3 codes) and years from
    ``start_year``; "World" becomes ``goods_exports_usd``/``goods_imports_usd`` with an empty
    partner. Figures become US dollars. Every indicator name starts with ``indicator_prefix``.
    Rows are sorted by indicator, entity, partner and year.
    """
    countries = tuple(countries)
    check_countries(countries)
    frames = [frames] if isinstance(frames, pd.DataFrame) else list(frames)
    frames = [frame for frame in frames if len(frame)]
    if not frames:
        return empty_table()
    read = pd.concat(frames, ignore_index=True)

    reporter_codes = {(file, name): economy_code(name, file, countries)
                      for file, name in read[["file", "reporter"]].drop_duplicates().itertuples(index=False)}
    partner_codes = {(file, name): "" if name == WORLD else economy_code(name, file, countries)
                     for file, name in read[["file", "partner"]].drop_duplicates().itertuples(index=False)}
    entity = pd.Series([reporter_codes[key] for key in zip(read["file"], read["reporter"])], index=read.index)
    partner = pd.Series([partner_codes[key] for key in zip(read["file"], read["partner"])], index=read.index)
    keep = entity.notna() & partner.notna() & (read["year"] >= start_year)
    kept = read[keep]
    if kept.empty:
        return empty_table()

    world = kept["partner"] == WORLD
    indicator = [indicator_prefix + (WORLD_INDICATORS[flow] if is_world else BILATERAL_INDICATORS[flow])
                 for flow, is_world in zip(kept["flow"], world)]
    table = pd.DataFrame({
        "indicator": indicator,
        "entity": entity[keep].to_numpy(),
        "partner": partner[keep].to_numpy(),
        "year": kept["year"].astype(int).to_numpy(),
        "value": [millions_to_usd(value) for value in kept["value_millions"]],
        "unit": UNIT,
        "source_id": SOURCE_ID,
    })
    table["file"] = kept["file"].to_numpy()
    repeated = table[table.duplicated(SORT_KEYS, keep=False)]
    if not repeated.empty:
        first = repeated.iloc[0]
        files = sorted(set(repeated.loc[(repeated[SORT_KEYS] == first[SORT_KEYS]).all(axis=1), "file"]))
        raise DotsError(f"{', '.join(files)}: more than one figure for {first['indicator']} {first['entity']}"
                        f"{'-' + first['partner'] if first['partner'] else ''} {first['year']}")
    return table[OUTPUT_COLUMNS].sort_values(SORT_KEYS, ignore_index=True)


# --- the folder of workbooks -------------------------------------------------------------------

def missing_folder_message(folder: Path) -> str:
    """What to tell a user whose clone has no copy of the IMF's workbooks."""
    return (f"The IMF's DOTS workbooks are not at {folder}. They are the publisher's files and are not part of "
            f"the project; the build uses the committed derived table, so it does not need them. To derive the "
            f"table again, put DOTS_1.xlsx ... DOTS_235.xlsx in that folder (see ../shared/data/README.md).")


def _workbook_number(path: Path) -> tuple[int, str]:
    digits = re.search(r"(\d+)", path.stem)
    return (int(digits.group(1)) if digits else sys.maxsize, path.name)


def workbook_paths(folder: Path) -> list[Path]:
    """The workbooks of a folder in the IMF's numbering (DOTS_1, DOTS_2, ..., DOTS_10, ...)."""
    return sorted(Path(folder).glob(WORKBOOK_PATTERN), key=_workbook_number)


def derive(folder: Path | str = SHARED_DIR, countries: Iterable[str] = config.STUDY_COUNTRIES,
           start_year: int = DEFAULT_START_YEAR, indicator_prefix: str = INDICATOR_PREFIX) -> pd.DataFrame:
    """The indicator table from the IMF's workbooks in ``folder``.

    Reads cell B4 of every workbook and reads in full only those whose reporter is one of
    ``countries``. Raises ``DotsFilesMissing`` when the folder (or any workbook in it) is absent.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise DotsFilesMissing(missing_folder_message(folder))
    paths = workbook_paths(folder)
    if not paths:
        raise DotsFilesMissing(missing_folder_message(folder) + f" (the folder exists but holds no {WORKBOOK_PATTERN})")
    countries = tuple(countries)
    check_countries(countries)
    frames: list[pd.DataFrame] = []
    read_from: dict[str, str] = {}
    for path in paths:
        with opened(path) as book:
            reporter = workbook_reporter(book, path.name)
            code = economy_code(reporter, path.name, countries)
            if code is None:
                continue
            if code in read_from:
                raise DotsError(f"{read_from[code]} and {path.name} both hold the tables of {reporter!r} ({code})")
            read_from[code] = path.name
            frames.append(read_book(book, path.name))
    return tidy(frames, countries, start_year, indicator_prefix)


# --- writing -----------------------------------------------------------------------------------

def to_csv_text(table: pd.DataFrame) -> str:
    """The table as CSV text: a header line, "\\n" line endings, no index, values at full precision."""
    return indicator_csv_text(table[OUTPUT_COLUMNS], SORT_KEYS)


def tables() -> dict[str, str]:
    return {RAW_TABLE: to_csv_text(derive())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.sources.imf_dots",
                                     description="Derive the yearly trade table from the IMF's DOTS workbooks.")
    parser.add_argument("output", type=Path, help="the CSV file to write")
    parser.add_argument("--folder", type=Path, default=SHARED_DIR, help=f"the workbooks (default {SHARED_DIR})")
    parser.add_argument("--start-year", type=int, default=DEFAULT_START_YEAR, help="first year kept")
    parser.add_argument("--indicator-prefix", default=INDICATOR_PREFIX,
                        help=f'put before every indicator name (default "{INDICATOR_PREFIX}")')
    args = parser.parse_args(argv)
    try:
        table = derive(args.folder, start_year=args.start_year, indicator_prefix=args.indicator_prefix)
    except DotsFilesMissing as error:
        print(error, file=sys.stderr)
        return 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with open(args.output, "w", encoding="utf-8", newline="") as handle:
        handle.write(to_csv_text(table))
    print(f"wrote {len(table)} rows to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

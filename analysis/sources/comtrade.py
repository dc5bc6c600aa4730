"""UN Comtrade: a reporter's goods trade with a partner, as the reporter declared it to the UN.

Comtrade's annual HS data answers a request with JSON (``{"data": [records]}``), one record per
flow and breakdown. With a subscription key in ``COMTRADE_API_KEY`` the refresh asks for China's
yearly exports to and imports from Russia since 1992 and keeps, in ``data/publisher/comtrade/``,
the records that are a flow's total (``comtrade.<date read>.json``); ``raw_table`` derives
``data/raw/comtrade.csv`` from them, only its header while no refresh has run.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import partial
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.sources._fetch import Excerpt, Fetch, FetchError, format_checked
from analysis.sources._tables import INDICATOR_COLUMNS, FormatError, header_only, indicator_csv_text

FOLDER = "comtrade"
RAW_TABLE = "comtrade.csv"
CATALOG_TABLE = "comtrade"
WHAT = "the excerpts of UN Comtrade's answers"
ORIGIN = config.PUBLISHER_DIR / FOLDER
EXCERPT_GLOB = "comtrade.*.json"

# M49 codes Comtrade uses for the countries the snapshot may hold -> ISO 3166 alpha-3
COUNTRIES = {156: "CHN", 643: "RUS", 356: "IND", 364: "IRN", 842: "USA"}
FLOWS = {"X": "comtrade_exports_usd", "M": "comtrade_imports_usd"}
# A record is the total of a flow only with every breakdown at its total: all goods, all customs procedures,
# all modes of transport, no second partner.
TOTAL = {"cmdCode": "TOTAL", "customsCode": "C00", "motCode": 0, "partner2Code": 0}
FIELDS = ("refYear", "reporterCode", "partnerCode", "flowCode", *TOTAL, "primaryValue")
EXCERPT_NAME = re.compile(r"comtrade\.(\d{4}-\d{2}-\d{2})\.json")

# The annual goods data for one reporter and partner (China 156, Russia 643), totals only; the key (a free
# subscription from the Comtrade developer portal) is read from COMTRADE_API_KEY.
DOWNLOAD = ("https://comtradeapi.un.org/data/v1/get/C/A/HS?reporterCode=156&partnerCode=643&period={periods}"
            "&cmdCode=TOTAL&flowCode=X,M&customsCode=C00&motCode=0&partner2Code=0")
KEY = "COMTRADE_API_KEY"
KEY_HEADER = "Ocp-Apim-Subscription-Key"
FIRST_YEAR = 1992
YEARS_PER_REQUEST = 12


def source_id(retrieved: str) -> str:
    return f"comtrade-{retrieved}"


def totals(records: list[dict], name: str = "Comtrade answer") -> list[dict]:
    """The records that are a flow's total (see ``TOTAL``), each checked for the fields read."""
    found = []
    for record in records:
        missing = [field for field in FIELDS if field not in record]
        if missing:
            raise FormatError(f"{name}: a record lacks the fields {missing}; it has {sorted(record)[:12]}")
        if all(record[field] == value for field, value in TOTAL.items()) and record["flowCode"] in FLOWS:
            found.append(record)
    return found


def parse_json(text: str, cited_as: str, name: str = "Comtrade excerpt") -> pd.DataFrame:
    """The yearly totals of exports and imports in an excerpt of Comtrade's JSON answer ({"data": [...]})."""
    try:
        records = json.loads(text)["data"]
    except (ValueError, KeyError, TypeError) as error:
        raise FormatError(f"{name}: expected JSON with a 'data' list of records: {error}") from error
    rows = []
    for record in totals(records, name):
        codes = [COUNTRIES.get(record[field]) for field in ("reporterCode", "partnerCode")]
        if None in codes:
            raise FormatError(f"{name}: no ISO code for reporter {record['reporterCode']} or partner "
                              f"{record['partnerCode']}; known are {sorted(COUNTRIES)}")
        rows.append({"indicator": FLOWS[record["flowCode"]], "entity": codes[0], "partner": codes[1],
                     "year": int(record["refYear"]), "value": float(record["primaryValue"]), "unit": "USD",
                     "source_id": cited_as})
    return pd.DataFrame(rows, columns=INDICATOR_COLUMNS)


def raw_table(publisher_dir: Path) -> str:
    """The tidy CSV text of the Comtrade excerpts (comtrade.<retrieved>.json) in the source's folder under
    ``publisher_dir``; only the header while the refresh has not fetched any."""
    tables = []
    for path in sorted((publisher_dir / FOLDER).glob("comtrade.*.json")):
        found = EXCERPT_NAME.fullmatch(path.name)
        if found is None:
            raise FormatError(f"{path.name}: expected a name such as comtrade.2026-11-29.json")
        tables.append(parse_json(path.read_text(encoding="utf-8"), source_id(found.group(1)), path.name))
    if not tables:
        return header_only()
    return indicator_csv_text(pd.concat(tables, ignore_index=True), ["indicator", "entity", "year"])


def tables() -> dict[str, str]:
    return {RAW_TABLE: raw_table(config.PUBLISHER_DIR)}


# --- the refresh ---------------------------------------------------------------------------------

def requests(last_year: int) -> tuple[str, ...]:
    """Comtrade's annual totals of China's exports to and imports from Russia, from 1992 to ``last_year``, in
    requests of at most twelve years each."""
    years = list(range(FIRST_YEAR, last_year + 1))
    chunks = [years[start:start + YEARS_PER_REQUEST] for start in range(0, len(years), YEARS_PER_REQUEST)]
    return tuple(DOWNLOAD.format(periods=",".join(map(str, chunk))) for chunk in chunks)


def join_answers(answers: list[bytes]) -> bytes:
    """One JSON text with the records of every answer, in order."""
    records = []
    for answer in answers:
        try:
            parsed = json.loads(answer)
        except (ValueError, UnicodeDecodeError) as error:
            raise FetchError("truncated", f"a Comtrade answer is not complete JSON: {error}") from error
        if not isinstance(parsed, dict) or not isinstance(parsed.get("data"), list):
            message = parsed.get("error") if isinstance(parsed, dict) else None
            raise FetchError("format changed", f"a Comtrade answer has no 'data' list{f': {message}' if message else ''}")
        if parsed.get("error"):  # an empty 'data' beside an error is a failed request, not a year without trade
            raise FetchError("invalid", f"a Comtrade answer carries an error: {str(parsed['error'])[:200]}")
        records += parsed["data"]
    return json.dumps({"data": records}).encode("utf-8")


def cut(download: bytes, url: str, folder: Path, retrieved: dt.date) -> Excerpt:
    """The records that are the yearly totals of each flow, as Comtrade wrote them."""
    records = json.loads(download)["data"]
    with format_checked():
        kept = totals(records, "Comtrade answer")
    if not kept:
        raise FetchError("format changed", f"none of the {len(records)} records from Comtrade is a flow's total")
    text = json.dumps({"data": kept}, indent=1, ensure_ascii=False) + "\n"
    cited = source_id(retrieved.isoformat())
    with format_checked():
        parsed = parse_json(text, cited)
    years = sorted(parsed["year"].unique())
    citation = {
        "source_id": cited, "publisher": "United Nations Statistics Division (UN Comtrade)",
        "title": "UN Comtrade database, annual goods trade (HS, as reported)",
        "locator": f"reporter China (156), partner Russian Federation (643), exports and imports, commodity TOTAL, "
                   f"customs procedure C00, mode of transport 0, {years[0]}-{years[-1]}; primaryValue in US$",
        "url": "https://comtradeplus.un.org/TradeFlow", "release": f"as read on {retrieved.isoformat()}",
    }
    return Excerpt(f"comtrade.{retrieved.isoformat()}.json", text, f"as read on {retrieved.isoformat()}", citation)


def release_text(publisher_dir: Path, excerpt: Excerpt) -> str:
    return excerpt.release


def fetches(today: dt.date) -> list[Fetch]:
    return [Fetch("UN Comtrade (China's trade with Russia)", requests(today.year - 1), EXCERPT_GLOB,
                  partial(cut, retrieved=today), adds_to_folder=True, key_variable=KEY, key_header=KEY_HEADER,
                  combine=join_answers)]

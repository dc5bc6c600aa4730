"""Tests of the ingest of SIPRI's trade register (analysis.sources.sipri_register)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest

from analysis.sources import sipri_register

HEADER = ("SIPRI AT Database ID,Supplier,Recipient,Designation,Description,Armament category,Order date,"
          "Order date is estimate,Numbers delivered,Numbers delivered is estimate,Delivery year,"
          "Delivery year is estimate,Status,SIPRI estimate,TIV deal unit,TIV delivery values,Local production")

# Eleven note lines as SIPRI writes them (two without the closing ";", one that is only ";").
NOTES = [
    "Transfers of major conventional arms from All countries  to All countries . Deals with deliveries made "
    "for the year range '1995' to '2025';",
    "A '?' in a column indicates uncertain data.;",
    "An empty field for 'Number ordered' indicates that data is not yet available.;",
    "SIPRI trend-indicator values (TIVs) are in millions.;",
    "An empty field for 'SIPRI TIV for total order' indicates that data is not available.;",
    "A '0' for 'SIPRI TIV of delivered weapons' indicates deliveries between 0 and 0.5 million SIPRI TIV.",
    "Figures may not add up to stated totals due to the conventions of rounding.;",
    "For the method see <https://www.sipri.org/databases/armstransfers/sources-and-methods>.",
    ";",
    "Source: SIPRI Arms Transfers Database (c) SIPRI.;",
    "Data generated: 12 Feb 2026 12:26:12 PM;",
]

# One row per deal and delivery year, as in the real register: deal 100 (licensed production in
# China) is delivered over two years; 0.1 + 0.2 must sum to exactly 0.3; deliveries to an armed
# group ("*") and from "unknown supplier(s)" count only in the totals.
ROWS = [
    "100,Russia,China,Su-27S,FGA aircraft,Aircraft,1996,No,2,No,2001,No,New,42.5,42.5,85,Yes",
    "100,Russia,China,Su-27S,FGA aircraft,Aircraft,1996,No,4,No,2002,No,New,42.5,42.5,170,Yes",
    "101,Russia,India,9M113 Konkurs,anti-tank missile,Missiles,2000,Yes,10,Yes,2001,Yes,New,0.01,0.01,0.1,No",
    "102,Russia,India,9M113 Konkurs,anti-tank missile,Missiles,2000,Yes,20,Yes,2001,Yes,New,0.01,0.01,0.2,No",
    "103,Russia,HoR (Libya)*,MiG-29S,FGA aircraft,Aircraft,2001,Yes,1,Yes,2002,Yes,Second hand,70,28,28,No",
    "104,unknown supplier(s),China,Mi-8T,transport helicopter,Aircraft,2001,Yes,1,No,2002,,Second hand,3.75,1.5,"
    "1.5,No",
    "105,United States,Turkiye,AGM-114 Hellfire,anti-tank missile,Missiles,2000,,35,,2001,,New,0.35,0.35,12.25,No",
]

EXPECTED_CSV = """\
indicator,entity,partner,year,value,unit,source_id
arms_tiv,RUS,CHN,2001,85,million TIV,sipri-trade-register-2026-02-12
arms_tiv,RUS,CHN,2002,170,million TIV,sipri-trade-register-2026-02-12
arms_tiv,RUS,IND,2001,0.3,million TIV,sipri-trade-register-2026-02-12
arms_tiv,RUS,WLD,2001,85.3,million TIV,sipri-trade-register-2026-02-12
arms_tiv,RUS,WLD,2002,198,million TIV,sipri-trade-register-2026-02-12
arms_tiv,USA,TUR,2001,12.25,million TIV,sipri-trade-register-2026-02-12
arms_tiv,USA,WLD,2001,12.25,million TIV,sipri-trade-register-2026-02-12
arms_tiv,WLD,CHN,2001,85,million TIV,sipri-trade-register-2026-02-12
arms_tiv,WLD,CHN,2002,171.5,million TIV,sipri-trade-register-2026-02-12
arms_tiv,WLD,IND,2001,0.3,million TIV,sipri-trade-register-2026-02-12
arms_tiv,WLD,TUR,2001,12.25,million TIV,sipri-trade-register-2026-02-12
arms_tiv_licensed,RUS,CHN,2001,85,million TIV,sipri-trade-register-2026-02-12
arms_tiv_licensed,RUS,CHN,2002,170,million TIV,sipri-trade-register-2026-02-12
arms_tiv_licensed,RUS,WLD,2001,85,million TIV,sipri-trade-register-2026-02-12
arms_tiv_licensed,RUS,WLD,2002,170,million TIV,sipri-trade-register-2026-02-12
arms_tiv_licensed,WLD,CHN,2001,85,million TIV,sipri-trade-register-2026-02-12
arms_tiv_licensed,WLD,CHN,2002,170,million TIV,sipri-trade-register-2026-02-12
"""


def register_text(header: str = HEADER, rows: list[str] = ROWS) -> str:
    """A register in SIPRI's layout: CRLF line ends, ";" closing each line, none after the last."""
    body = [header + ";"] + [row + ";" for row in rows]
    return "\r\n".join(NOTES + body)


@pytest.fixture
def tiny_register(tmp_path: Path) -> Path:
    path = tmp_path / "trade-register.csv"
    path.write_bytes(register_text().encode("utf-8"))
    return path


# --- A tiny register in the real layout ---------------------------------------------------------


def test_tiny_register_gives_the_exact_table_with_totals_and_licensed_part(tiny_register: Path) -> None:
    table = sipri_register.derive(tiny_register)
    assert sipri_register.to_csv_text(table) == EXPECTED_CSV
    assert table["year"].dtype.kind == "i"


def test_read_register_keeps_raw_rows_by_line_and_records_the_release(tiny_register: Path) -> None:
    register = sipri_register.read_register(tiny_register)
    assert list(register.columns) == list(sipri_register.EXPECTED_COLUMNS)
    assert list(register.index) == list(range(13, 13 + len(ROWS)))  # 11 notes, header on line 12
    assert register.loc[13, "Local production"] == "Yes"  # the closing ";" is not part of the last cell
    assert register.attrs["data_generated"] == "2026-02-12"
    assert register.attrs["year_range"] == (1995, 2025)


def test_parties_without_a_code_are_listed_with_their_deliveries(tiny_register: Path) -> None:
    listed = sipri_register.non_country_parties(sipri_register.read_register(tiny_register))
    assert listed[["name", "kind", "role", "tiv"]].to_dict("records") == [
        {"name": "unknown supplier(s)", "kind": sipri_register.KIND_UNKNOWN, "role": "supplier", "tiv": 1.5},
        {"name": "HoR (Libya)*", "kind": sipri_register.KIND_NON_STATE, "role": "recipient", "tiv": 28.0},
    ]


def test_command_line_writes_the_csv(tiny_register: Path, tmp_path: Path) -> None:
    output = tmp_path / "out.csv"
    assert sipri_register.main([str(output), "--register", str(tiny_register)]) == 0
    assert output.read_bytes() == EXPECTED_CSV.encode("utf-8")


# --- Errors -------------------------------------------------------------------------------------


def test_renamed_column_names_file_line_and_columns(tmp_path: Path) -> None:
    path = tmp_path / "trade-register.csv"
    path.write_text(register_text(header=HEADER.replace("Local production", "Licensed production")),
                    encoding="utf-8")
    with pytest.raises(sipri_register.RegisterFormatError) as raised:
        sipri_register.read_register(path)
    message = str(raised.value)
    assert str(path) in message and "line 12" in message
    assert "missing ['Local production']" in message and "unexpected ['Licensed production']" in message


def test_absent_file_says_so_plainly(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "trade-register.csv"
    with pytest.raises(sipri_register.RegisterMissingError) as raised:
        sipri_register.derive(missing)
    message = str(raised.value)
    assert f"SIPRI's trade register is not at {missing}" in message
    assert "committed derived table" in message and "what the build uses" in message


def test_command_line_reports_an_absent_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert sipri_register.main([str(tmp_path / "out.csv"), "--register", str(tmp_path / "absent.csv")]) == 1
    assert "SIPRI's trade register is not at" in capsys.readouterr().err
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("name", ["Atlantis", "Soviet Union"])
def test_a_name_without_a_code_is_an_error_naming_it(tmp_path: Path, name: str) -> None:
    path = tmp_path / "trade-register.csv"
    path.write_text(register_text(rows=ROWS + [ROWS[0].replace("China", name)]), encoding="utf-8")
    with pytest.raises(sipri_register.RegisterFormatError, match=repr(name)):
        sipri_register.derive(path)


def test_a_delivery_year_outside_the_selection_is_an_error_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "trade-register.csv"
    path.write_text(register_text(rows=ROWS + [ROWS[0].replace(",2001,", ",1994,")]), encoding="utf-8")
    with pytest.raises(sipri_register.RegisterFormatError, match=r"line 20: delivery year 1994"):
        sipri_register.derive(path)


# --- The real register --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_register() -> pd.DataFrame:
    if not sipri_register.SHARED_FILE.is_file():
        pytest.skip(f"SIPRI's trade register is not at {sipri_register.SHARED_FILE} (kept outside the project)")
    return sipri_register.read_register(sipri_register.SHARED_FILE)


@pytest.fixture(scope="module")
def real_table(real_register: pd.DataFrame) -> pd.DataFrame:
    return sipri_register.yearly_deliveries(real_register)


def delivered(table: pd.DataFrame, entity: str, partner: str) -> pd.Series:
    rows = table[(table["indicator"] == "arms_tiv") & (table["entity"] == entity) & (table["partner"] == partner)]
    return rows.set_index("year")["value"]


def test_real_russia_to_china_2021_is_the_figure_the_readme_gives(real_table: pd.DataFrame) -> None:
    value = Decimal(repr(float(delivered(real_table, "RUS", "CHN")[2021])))
    assert value == Decimal("466.75")  # the exact sum of the register's rows
    assert abs(value - Decimal("466.8")) <= Decimal("0.05")
    assert value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) == Decimal("466.8")


def test_real_russia_to_china_has_every_year(real_table: pd.DataFrame) -> None:
    years = set(delivered(real_table, "RUS", "CHN").index)
    gaps = sorted(set(range(1995, 2025)) - years)
    assert gaps == [], f"no deliveries recorded from Russia to China in {gaps}"


def test_real_table_covers_1995_to_2024_once_per_key(real_table: pd.DataFrame) -> None:
    assert (real_table["year"].min(), real_table["year"].max()) == (1995, 2024)
    assert not real_table.duplicated(["indicator", "entity", "partner", "year"]).any()
    assert set(real_table["source_id"]) == {"sipri-trade-register-2026-02-12"}
    assert set(real_table["unit"]) == {"million TIV"}


def exact_sum(values: pd.Series) -> Decimal:
    """The exact sum of values written with at most two decimals."""
    return sum((Decimal(repr(float(value))) for value in values), Decimal(0))


def test_real_totals_include_the_parties_without_a_code(real_register: pd.DataFrame,
                                                        real_table: pd.DataFrame) -> None:
    everything = sum(sipri_register.tiv_figures(real_register), Decimal(0))
    uncoded = sipri_register.non_country_parties(real_register)
    tiv = real_table[real_table["indicator"] == "arms_tiv"]
    by_suppliers = exact_sum(tiv[tiv["partner"] == "WLD"]["value"])
    by_recipients = exact_sum(tiv[tiv["entity"] == "WLD"]["value"])
    assert by_suppliers + exact_sum(uncoded[uncoded["role"] == "supplier"]["tiv"]) == everything
    assert by_recipients + exact_sum(uncoded[uncoded["role"] == "recipient"]["tiv"]) == everything
    assert everything == Decimal("769810.94")
    assert {"unknown supplier(s)", "NATO**", "Hezbollah (Lebanon)*", "Kosovo"} <= set(uncoded["name"])


def test_real_russian_exports_2020_24_agree_with_sipris_own_summary(real_register: pd.DataFrame,
                                                                    real_table: pd.DataFrame) -> None:
    """SIPRI's fact sheet of March 2025 (the previous release, as reported in the press): Russia had
    7.8 % of world exports of major arms in 2020-24, its exports fell 64 % from 2015-19, and
    India (38 %), China (17 %) and Kazakhstan (11 %) took most of them."""
    world = float(sum(tiv for tiv, year in zip(sipri_register.tiv_figures(real_register),
                                                sipri_register.delivery_years(real_register))
                      if 2020 <= year <= 2024))
    russia = delivered(real_table, "RUS", "WLD")
    recent, earlier = russia.loc[2020:2024].sum(), russia.loc[2015:2019].sum()
    assert round(100 * recent / world, 1) == 7.8
    assert round(100 * (1 - recent / earlier)) == 64
    shares = {partner: round(100 * delivered(real_table, "RUS", partner).loc[2020:2024].sum() / recent)
              for partner in ("IND", "CHN", "KAZ")}
    assert shares == {"IND": 38, "CHN": 17, "KAZ": 11}

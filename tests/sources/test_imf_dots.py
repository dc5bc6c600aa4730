"""Tests of the IMF Direction of Trade Statistics source (analysis.sources.imf_dots).

Small workbooks are built in the IMF's country-table layout; the last tests read the IMF's own
workbooks when the shared data folder is present.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from analysis import config
from analysis.sources import imf_dots

YEARS = ["1990", "1991", "1992", "1993"]
EXPORT_TITLE = "Exports, FOB to Partner Countries"
IMPORT_TITLE = "Imports, CIF from Partner Countries"

# Partner rows of China's little workbook: the IMF repeats "Australia" at the top, then "World".
CHINA_EXPORTS = [
    ("Australia", [1, 2, 3, 4]),
    ("World", [100.5, 110.25, 120, 130.75]),
    ("Advanced Economies", [50, 55, 60, 65]),
    ("Australia", [1, 2, 3, 4]),
    ("China, P.R.: Hong Kong", [777, 777, 777, 777]),
    ("Taiwan Province of China", [555, 555, 555, 555]),
    ("Korea, Dem. People's Rep. of", [444, 444, 444, 444]),
    ("India", [0.29, None, 2.01, 1.001]),
    ("Russian Federation", [9, 9.5, "1.53 e", None]),
    ("USSR", [888, 888, None, None]),
]
CHINA_IMPORTS = [
    ("Australia", [5, 6, 7, 8]),
    ("World", [90, 95, "1,420.58 e", 105]),
    ("Russian Federation", [3, None, 4.25, 5]),
    ("China, P.R.: Macao", [666, 666, 666, 666]),
]


def write_workbook(path: Path, reporter: str, exports: list, imports: list, years: list = YEARS,
                   titles: tuple[str, str] = (EXPORT_TITLE, IMPORT_TITLE), year_row: int = 7) -> Path:
    """A workbook in the layout of the IMF's country tables (sheet names as the IMF gives them)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet_name, title, rows in (("Exports, FOB", titles[0], exports), ("Imports, CIF", titles[1], imports)):
        sheet = book.create_sheet(sheet_name)
        sheet["B2"] = title
        sheet["B4"] = reporter
        sheet["B5"] = "US Dollars, Millions"
        for offset, year in enumerate(years):
            sheet.cell(row=year_row, column=3 + offset, value=year)
        for index, (partner, values) in enumerate(rows):
            sheet.cell(row=8 + index, column=2, value=partner)
            for offset, value in enumerate(values):
                if value is not None:
                    sheet.cell(row=8 + index, column=3 + offset, value=value)
    book.save(path)
    return path


@pytest.fixture
def china_workbook(tmp_path: Path) -> Path:
    return write_workbook(tmp_path / "DOTS_40.xlsx", "China, P.R.: Mainland", CHINA_EXPORTS, CHINA_IMPORTS)


@pytest.fixture
def china_table(china_workbook: Path) -> pd.DataFrame:
    return imf_dots.tidy([imf_dots.read_workbook(china_workbook)], config.STUDY_COUNTRIES, start_year=1992)


def figure(table: pd.DataFrame, indicator: str, entity: str, partner: str, year: int) -> pd.Series:
    chosen = (table["indicator"] == indicator) & (table["entity"] == entity) & (table["partner"] == partner) \
        & (table["year"] == year)
    return table.loc[chosen, "value"]


# --- reading -----------------------------------------------------------------------------------

def test_read_workbook_keeps_names_millions_and_the_estimate_flag(china_workbook: Path) -> None:
    read = imf_dots.read_workbook(china_workbook)
    assert list(read.columns) == imf_dots.READ_COLUMNS
    assert set(read["reporter"]) == {"China, P.R.: Mainland"}
    flagged = read[read["estimated"]]
    assert sorted(zip(flagged["flow"], flagged["partner"], flagged["year"], flagged["value_millions"])) == [
        ("exports", "Russian Federation", 1992, Decimal("1.53")),
        ("imports", "World", 1992, Decimal("1420.58")),
    ]
    # The repeated "Australia" row (equal figures) is read once; empty cells give no row.
    australia = read[(read["partner"] == "Australia") & (read["flow"] == "exports")]
    assert list(australia["year"]) == [1990, 1991, 1992, 1993]
    india = read[(read["partner"] == "India") & (read["flow"] == "exports")]
    assert list(india["year"]) == [1990, 1992, 1993]
    assert list(india["cell"]) == ["C15", "E15", "F15"]


def test_a_repeated_partner_with_other_figures_is_an_error(tmp_path: Path) -> None:
    exports = [("Australia", [1, 2, 3, 4]), ("World", [9, 9, 9, 9]), ("Australia", [1, 2, 3, 5])]
    path = write_workbook(tmp_path / "DOTS_11.xlsx", "Japan", exports, CHINA_IMPORTS)
    with pytest.raises(imf_dots.DotsLayoutError, match=r"DOTS_11\.xlsx, sheet 1: .*'Australia'.* rows 8 and 10"):
        imf_dots.read_workbook(path)


# --- the tidy table ----------------------------------------------------------------------------

def test_tidy_gives_the_indicator_layout(china_table: pd.DataFrame) -> None:
    assert list(china_table.columns) == imf_dots.OUTPUT_COLUMNS
    assert set(china_table["unit"]) == {"USD"}
    assert set(china_table["source_id"]) == {imf_dots.SOURCE_ID}
    assert china_table["year"].dtype.kind == "i"
    assert china_table["value"].dtype.kind == "f"
    assert china_table.equals(china_table.sort_values(imf_dots.SORT_KEYS, ignore_index=True))


def test_tidy_codes_and_base_units(china_table: pd.DataFrame) -> None:
    assert set(china_table["entity"]) == {"CHN"}
    assert set(china_table["partner"]) == {"", "AUS", "IND", "RUS"}
    assert list(figure(china_table, "exports_usd", "CHN", "AUS", 1993)) == [4_000_000.0]
    # Multiplied in floating point, 2.01 and 1.001 million would not come out as whole dollars.
    assert 2.01 * 1e6 != 2_010_000 and 1.001 * 1e6 != 1_001_000
    assert list(figure(china_table, "exports_usd", "CHN", "IND", 1992)) == [2_010_000.0]
    assert list(figure(china_table, "exports_usd", "CHN", "IND", 1993)) == [1_001_000.0]


def test_tidy_strips_the_estimate_flag(china_table: pd.DataFrame) -> None:
    assert list(figure(china_table, "exports_usd", "CHN", "RUS", 1992)) == [1_530_000.0]
    assert list(figure(china_table, "goods_imports_usd", "CHN", "", 1992)) == [1_420_580_000.0]


def test_missing_cells_stay_missing(china_table: pd.DataFrame) -> None:
    assert figure(china_table, "exports_usd", "CHN", "RUS", 1993).empty
    assert figure(china_table, "imports_usd", "CHN", "RUS", 1993).tolist() == [5_000_000.0]
    assert (china_table["value"] != 0).all()


def test_world_is_trade_with_the_whole_world_and_areas_are_dropped(china_table: pd.DataFrame) -> None:
    world = china_table[china_table["indicator"].str.startswith("goods_")]
    assert set(world["partner"]) == {""}
    assert list(figure(china_table, "goods_exports_usd", "CHN", "", 1993)) == [130_750_000.0]
    assert list(figure(china_table, "goods_imports_usd", "CHN", "", 1993)) == [105_000_000.0]
    assert set(china_table["indicator"]) == {"exports_usd", "imports_usd", "goods_exports_usd", "goods_imports_usd"}
    assert 60_000_000.0 not in set(china_table["value"])  # "Advanced Economies"


def test_years_before_the_start_are_dropped(china_workbook: Path) -> None:
    read = imf_dots.read_workbook(china_workbook)
    assert sorted(set(imf_dots.tidy([read], start_year=1992)["year"])) == [1992, 1993]
    assert sorted(set(imf_dots.tidy([read], start_year=1990)["year"])) == [1990, 1991, 1992, 1993]


def test_an_indicator_prefix_names_the_record(china_workbook: Path) -> None:
    read = imf_dots.read_workbook(china_workbook)
    plain = imf_dots.tidy([read])
    prefixed = imf_dots.tidy([read], indicator_prefix="dots_")
    assert set(prefixed["indicator"]) == {"dots_exports_usd", "dots_imports_usd",
                                          "dots_goods_exports_usd", "dots_goods_imports_usd"}
    assert prefixed.drop(columns="indicator").equals(plain.drop(columns="indicator"))


def test_hong_kong_macao_taiwan_and_north_korea_are_not_mapped(china_table: pd.DataFrame, china_workbook: Path) -> None:
    values = set(china_table["value"])
    for marker in (777, 666, 555, 444, 888):
        assert marker * 1_000_000.0 not in values
    study = config.STUDY_COUNTRIES
    for name in ("China, P.R.: Hong Kong", "China, P.R.: Macao", "Taiwan Province of China",
                 "Korea, Dem. People's Rep. of", "USSR"):
        assert imf_dots.economy_code(name, "test", study) is None
    assert imf_dots.economy_code("China, P.R.: Mainland", "test", study) == "CHN"


def test_a_hong_kong_workbook_is_not_read_as_china(tmp_path: Path) -> None:
    write_workbook(tmp_path / "DOTS_40.xlsx", "China, P.R.: Mainland", CHINA_EXPORTS, CHINA_IMPORTS)
    hong_kong = [("World", [1000, 1000, 1000, 1000]), ("Russian Federation", [321, 321, 321, 321])]
    write_workbook(tmp_path / "DOTS_41.xlsx", "China, P.R.: Hong Kong", hong_kong, hong_kong)
    table = imf_dots.derive(tmp_path)
    assert set(table["entity"]) == {"CHN"}
    assert 321_000_000.0 not in set(table["value"])
    assert list(figure(table, "dots_exports_usd", "CHN", "RUS", 1992)) == [1_530_000.0]


def test_every_study_country_has_an_imf_name() -> None:
    assert set(config.STUDY_COUNTRIES) <= set(imf_dots.IMF_ECONOMY_CODES.values())
    assert len(set(imf_dots.IMF_ECONOMY_CODES.values())) == len(imf_dots.IMF_ECONOMY_CODES)
    chinese = [name for name, code in imf_dots.IMF_ECONOMY_CODES.items() if code == "CHN"]
    assert chinese == ["China, P.R.: Mainland"]


def test_an_unmapped_name_of_a_study_country_names_the_file_and_the_name(tmp_path: Path) -> None:
    exports = [("World", [1, 1, 1, 1]), ("Korea, Republic of", [2, 2, 2, 2])]
    path = write_workbook(tmp_path / "DOTS_101.xlsx", "Japan", exports, exports)
    read = imf_dots.read_workbook(path)
    with pytest.raises(imf_dots.UnmappedEconomyError, match=r"DOTS_101\.xlsx.*'Korea, Republic of'.*KOR"):
        imf_dots.tidy([read])


def test_an_unmapped_reporter_of_a_study_country_stops_the_derivation(tmp_path: Path) -> None:
    rows = [("World", [1, 1, 1, 1])]
    write_workbook(tmp_path / "DOTS_200.xlsx", "Türkiye, Rep. of", rows, rows)
    with pytest.raises(imf_dots.UnmappedEconomyError, match=r"DOTS_200\.xlsx.*'Türkiye, Rep\. of'.*TUR"):
        imf_dots.derive(tmp_path)


def test_a_study_country_without_an_imf_name_is_refused() -> None:
    with pytest.raises(imf_dots.UnmappedEconomyError, match="PRK"):
        imf_dots.tidy([], countries=("CHN", "PRK"))


# --- layout errors -----------------------------------------------------------------------------

def test_years_out_of_place_name_the_file_sheet_and_row(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "DOTS_40.xlsx", "China, P.R.: Mainland", CHINA_EXPORTS, CHINA_IMPORTS,
                          year_row=6)
    with pytest.raises(imf_dots.DotsLayoutError,
                       match=r"DOTS_40\.xlsx, sheet 1: expected the years in row 7 from column C, found .*C7"):
        imf_dots.read_workbook(path)


def test_a_wrong_title_names_the_sheet_and_cell(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "DOTS_40.xlsx", "China, P.R.: Mainland", CHINA_EXPORTS, CHINA_IMPORTS,
                          titles=(EXPORT_TITLE, "Imports, FOB from Partner Countries"))
    with pytest.raises(imf_dots.DotsLayoutError, match=r"DOTS_40\.xlsx, sheet 2: expected .*Imports, CIF.* in cell B2"):
        imf_dots.read_workbook(path)


def test_a_figure_that_is_not_a_number_names_the_cell(tmp_path: Path) -> None:
    exports = [("World", [1, 2, "n.a.", 4])]
    path = write_workbook(tmp_path / "DOTS_162.xlsx", "Russian Federation", exports, exports)
    with pytest.raises(imf_dots.DotsLayoutError, match=r"DOTS_162\.xlsx, sheet 1, cell E8: .*'n\.a\.'"):
        imf_dots.read_workbook(path)


def test_years_in_the_wrong_order_name_the_cell(tmp_path: Path) -> None:
    rows = [("World", [1, 2, 3, 4])]
    path = write_workbook(tmp_path / "DOTS_93.xlsx", "India", rows, rows, years=["1990", "1992", "1991", "1993"])
    with pytest.raises(imf_dots.DotsLayoutError, match=r"DOTS_93\.xlsx, sheet 1: .*'1991' in E7"):
        imf_dots.read_workbook(path)


# --- the folder and the command line -----------------------------------------------------------

def test_an_absent_folder_says_so_plainly(tmp_path: Path) -> None:
    absent = tmp_path / "imf-dots"
    with pytest.raises(imf_dots.DotsFilesMissing) as raised:
        imf_dots.derive(absent)
    message = str(raised.value)
    assert f"The IMF's DOTS workbooks are not at {absent}" in message
    assert "the build uses the committed derived table" in message


def test_the_command_line_writes_plain_csv(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "imf-dots"
    folder.mkdir()
    write_workbook(folder / "DOTS_40.xlsx", "China, P.R.: Mainland", CHINA_EXPORTS, CHINA_IMPORTS)
    output = tmp_path / "out" / "imf_dots_trade.csv"
    assert imf_dots.main([str(output), "--folder", str(folder)]) == 0
    raw = output.read_bytes()
    assert b"\r" not in raw
    lines = raw.decode("utf-8").splitlines()
    assert lines[0] == "indicator,entity,partner,year,value,unit,source_id"
    assert f"dots_exports_usd,CHN,RUS,1992,1530000,USD,{imf_dots.SOURCE_ID}" in lines
    assert f"dots_goods_exports_usd,CHN,,1993,130750000,USD,{imf_dots.SOURCE_ID}" in lines
    assert len(lines) == 1 + len(imf_dots.derive(folder))


def test_the_command_line_reports_an_absent_folder(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert imf_dots.main([str(tmp_path / "out.csv"), "--folder", str(tmp_path / "absent")]) == 1
    assert "are not at" in capsys.readouterr().err
    assert not (tmp_path / "out.csv").exists()


# --- the IMF's own workbooks -------------------------------------------------------------------

real_files = pytest.mark.skipif(not imf_dots.SHARED_DIR.is_dir(),
                                reason=f"the IMF's DOTS workbooks are not at {imf_dots.SHARED_DIR} "
                                       "(publisher's files, kept outside the project)")


@pytest.fixture(scope="module")
def pair_table() -> pd.DataFrame:
    return imf_dots.derive(imf_dots.SHARED_DIR, countries=("CHN", "RUS"))


def reported_years(table: pd.DataFrame, entity: str, partner: str, indicator: str) -> set[int]:
    chosen = (table["entity"] == entity) & (table["partner"] == partner) & (table["indicator"] == indicator)
    return set(table.loc[chosen, "year"])


@real_files
@pytest.mark.parametrize(("year", "billions"), [(2010, 55.40), (2013, 89.17), (2020, 107.70)])
def test_china_trade_with_russia_matches_the_readme_check(pair_table: pd.DataFrame, year: int, billions: float) -> None:
    chosen = (pair_table["entity"] == "CHN") & (pair_table["partner"] == "RUS") & (pair_table["year"] == year) \
        & pair_table["indicator"].isin(["dots_exports_usd", "dots_imports_usd"])
    assert chosen.sum() == 2
    total = pair_table.loc[chosen, "value"].sum() / 1e9
    assert total == pytest.approx(billions, rel=0.01)


@real_files
@pytest.mark.parametrize(("entity", "partner"), [("CHN", "RUS"), ("RUS", "CHN")])
@pytest.mark.parametrize("indicator", ["dots_exports_usd", "dots_imports_usd"])
def test_each_side_reports_every_year_1992_to_2020(pair_table: pd.DataFrame, entity: str, partner: str,
                                                   indicator: str) -> None:
    missing = set(range(1992, 2021)) - reported_years(pair_table, entity, partner, indicator)
    assert not missing, f"{entity}'s {indicator} with {partner} has no figure for {sorted(missing)}"


@real_files
def test_the_real_pair_table_has_only_the_pair_and_the_world(pair_table: pd.DataFrame) -> None:
    assert set(pair_table["entity"]) == {"CHN", "RUS"}
    assert set(pair_table["partner"]) == {"", "CHN", "RUS"}
    assert (pair_table["entity"] != pair_table["partner"]).all()
    assert pair_table["year"].min() == 1992 and pair_table["year"].max() == 2020
    world = reported_years(pair_table, "CHN", "", "dots_goods_exports_usd")
    assert world == set(range(1992, 2021))

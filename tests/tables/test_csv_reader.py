"""redd_audit.tables.csv_reader: bytes → raw text columns (BOM, header, field counts)."""

from __future__ import annotations

import pytest

from redd_audit.errors import InputError
from redd_audit.tables.csv_reader import read_csv
from redd_audit.tables.schemas import SCHEMAS
from redd_audit.tables.text_files import UTF8_BOM

BASELINE = SCHEMAS["baseline_exante"]
FIRES = SCHEMAS["fire_events"]
CSV = b"zone,stratum_id,year,area_ha\nproject_area, S1 ,2021,10.5\n,,,\nleakage_belt,S1,2022,\n"


@pytest.mark.parametrize("bom", [b"", UTF8_BOM])
def test_text_columns_with_and_without_bom(bom: bytes) -> None:
    raw = read_csv(bom + CSV, BASELINE, "baseline_exante.csv")
    assert raw.names == ["zone", "stratum_id", "year", "area_ha"]
    assert raw.notes["bom"] is bool(bom)
    assert not raw.native and raw.header_row == 1
    assert list(raw.rows) == [2, 3, 4]
    # stripped, empty → <NA>
    assert raw.columns[1].iloc[0] == "S1"
    assert raw.columns[3].isna().tolist() == [False, True, True]


def test_missing_final_newline_and_crlf() -> None:
    raw = read_csv(b"zone,year\r\nproject_area,2021", BASELINE, "b.csv")
    assert raw.columns[1].tolist() == ["2021"]


def test_empty_optional_file_is_an_empty_table_with_the_schema_columns() -> None:
    raw = read_csv(UTF8_BOM, FIRES, "fire_events.csv")
    assert raw.names == list(FIRES.columns) and len(raw.rows) == 0
    assert raw.notes["bom"] is True


def test_empty_required_file_is_refused() -> None:
    with pytest.raises(InputError, match="the file is empty: no header line") as info:
        read_csv(b"  \n", BASELINE, "baseline_exante.csv")
    assert (info.value.file, info.value.row) == ("baseline_exante.csv", 1)


@pytest.mark.parametrize(("sep", "label"), [(b";", "semicolon"), (b"\t", "tab")])
def test_other_separators_are_named(sep: bytes, label: str) -> None:
    with pytest.raises(InputError, match=f"appears to be {label}-separated"):
        read_csv(sep.join([b"zone", b"year"]) + b"\nx" + sep + b"1\n", BASELINE, "b.csv")


def test_blank_first_line_is_refused() -> None:
    with pytest.raises(InputError, match="line 1 is empty"):
        read_csv(b"\nzone,year\n", BASELINE, "b.csv")


def test_wrong_field_count_names_the_first_line() -> None:
    data = b"zone,year,area_ha\na,2021,1\nb,2021,1,5\nc,2021\n"
    with pytest.raises(
        InputError,
        match=r"found 4 values on line 3, but the header has 3 columns \(an unquoted ','",
    ) as info:
        read_csv(data, BASELINE, "b.csv")
    assert info.value.row == 3


def test_quoted_commas_and_newlines_stay_in_the_value() -> None:
    raw = read_csv(b'zone,note\nproject_area,"a, b\nc"\n', BASELINE, "b.csv")
    assert raw.columns[1].iloc[0] == "a, b\nc"

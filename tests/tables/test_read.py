"""redd_audit.tables.read: one table read, hashed and coerced; all present tables loaded."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from openpyxl import Workbook

from redd_audit.errors import InputError
from redd_audit.tables.read import load_tables, read_table, sha256_file
from redd_audit.tables.schemas import SCHEMAS
from redd_audit.tables.text_files import UTF8_BOM
from tests.mirror_support import project

BASELINE = b"zone,stratum_id,year,area_ha\nproject_area,S1,2021,10.5\nleakage_belt,S1,2021,2\n"
EVENTS = b"event_id,zone,stratum_id,detected_on,area_ha,driver,source\n"


def test_sha256_of_a_file(tmp_path: Path) -> None:
    path = tmp_path / "f.bin"
    path.write_bytes(b"abc" * 1000)
    assert sha256_file(path) == hashlib.sha256(b"abc" * 1000).hexdigest()


def test_csv_with_bom_is_read_and_provenance_kept(tmp_path: Path) -> None:
    data = UTF8_BOM + BASELINE
    (tmp_path / "baseline_exante.csv").write_bytes(data)
    loaded = read_table(tmp_path, project(), SCHEMAS["baseline_exante"])
    assert loaded.file == "baseline_exante.csv" and loaded.bom is True
    assert loaded.sha256 == hashlib.sha256(data).hexdigest()
    assert loaded.size_bytes == len(data) and loaded.rows == 2
    assert loaded.frame["area_ha"].tolist() == [10.5, 2.0]
    assert loaded.frame["_row"].tolist() == [2, 3]


def test_xlsx_is_read_like_the_csv(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    for line in BASELINE.decode().splitlines():
        ws.append(
            [int(v) if v.isdigit() else (float(v) if "." in v else v) for v in line.split(",")]
        )
    wb.save(tmp_path / "baseline_exante.xlsx")
    loaded = read_table(tmp_path, project(), SCHEMAS["baseline_exante"])
    assert loaded.bom is False and loaded.formula_cells == 0
    assert loaded.frame["year"].tolist() == [2021, 2021]
    assert loaded.frame["area_ha"].tolist() == [10.5, 2.0]


def test_optional_table_absent_is_none(tmp_path: Path) -> None:
    assert read_table(tmp_path, project(), SCHEMAS["fire_events"]) is None


def test_bad_value_is_refused_naming_file_row_and_column(tmp_path: Path) -> None:
    (tmp_path / "baseline_exante.csv").write_bytes(BASELINE + b"project_area,S1,2022,ten\n")
    with pytest.raises(InputError, match="expected a number, got 'ten'") as info:
        read_table(tmp_path, project(), SCHEMAS["baseline_exante"])
    assert (info.value.file, info.value.row, info.value.column) == (
        "baseline_exante.csv",
        4,
        "area_ha",
    )


def test_load_tables_keeps_the_present_ones(tmp_path: Path) -> None:
    (tmp_path / "baseline_exante.csv").write_bytes(BASELINE)
    (tmp_path / "deforestation_events.csv").write_bytes(EVENTS)
    tables = load_tables(tmp_path, project())
    assert list(tables) == ["baseline_exante", "deforestation_events"]
    assert tables["deforestation_events"].rows == 0

"""Tests of the table readers (redd_audit.tables.read): formats, coercion and refusals.

Every fixture is generated here in ``tmp_path``; no binary fixture is committed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pytest

from redd_audit.errors import InputError
from redd_audit.project import Project
from redd_audit.tables import csv_reader, read, xlsx_archive, xlsx_reader
from redd_audit.tables.read import (
    AREA_SOURCE_COLUMN,
    LoadedTable,
    load_tables,
    read_table,
    resolve_table_path,
    sha256_file,
)
from redd_audit.tables.schemas import ROW_COLUMN, SCHEMAS

EVENTS = SCHEMAS["deforestation_events"]
BASELINE = SCHEMAS["baseline_exante"]
FIRES = SCHEMAS["fire_events"]
EVENTS_HEADER = "event_id,zone,stratum_id,detected_on,area_ha,driver,source"


def make_project(tables: dict[str, str] | None = None) -> Project:
    """A minimal valid project definition (contract.md section 2.1)."""
    return Project.model_validate(
        {
            "id": "VCS-TEST",
            "crediting_period": {"start": "2010-01-01", "end": "2040-12-31"},
            "accounting": {"buffer": {"risk_rating_fraction": 0.15}},
            "strata": [{"id": "TF", "area_ha": 1000, "carbon_tc_per_ha": {"above_ground": 121}}],
            "tables": tables or {},
        }
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "project"
    path.mkdir()
    return path


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


def events_csv(*lines: str) -> str:
    return "\n".join([EVENTS_HEADER, *lines]) + "\n"


def read_events(folder: Path, project: Project | None = None) -> LoadedTable:
    loaded = read_table(folder, project or make_project(), EVENTS)
    assert loaded is not None
    return loaded


def refusal(folder: Path, schema=EVENTS, project: Project | None = None) -> InputError:
    with pytest.raises(InputError) as caught:
        read_table(folder, project or make_project(), schema)
    return caught.value


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def rewrite_zip(path: Path, replace: dict[str, bytes | None]) -> None:
    """Rewrite members of a zip (None deletes the member)."""
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    for name, data in replace.items():
        if data is None:
            members.pop(name)
        else:
            members[name] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


# ---------------------------------------------------------------------------------------------
# Good files
# ---------------------------------------------------------------------------------------------


def test_csv_is_read_and_coerced(folder: Path) -> None:
    path = write(
        folder,
        "deforestation_events.csv",
        events_csv(
            " E-1 , project_area,TF,2019-03-15, 12.5 ,agriculture,GLAD",
            "E-2,leakage_belt,TF,2020-01-01,1e-1,,RADD",
            ",,,,,,",
            "E-3,project_area,TF,,,mining,GLAD",
            "",
        ),
    )
    loaded = read_events(folder)

    assert loaded.name == "deforestation_events"
    assert loaded.file == "deforestation_events.csv"
    assert loaded.path == path.resolve()
    assert loaded.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert loaded.size_bytes == path.stat().st_size
    assert loaded.rows == 3
    frame = loaded.frame
    assert list(frame.columns) == [*EVENTS.columns, ROW_COLUMN]
    assert str(frame["event_id"].dtype) == "string"
    assert frame["detected_on"].dtype == "datetime64[ns]"
    assert frame["area_ha"].dtype == "float64"
    assert frame[ROW_COLUMN].dtype == "int64"
    assert frame["event_id"].tolist() == ["E-1", "E-2", "E-3"]  # stripped
    assert frame["area_ha"].iloc[:2].tolist() == [12.5, 0.1]
    assert math.isnan(frame["area_ha"].iloc[2])
    assert frame["driver"].isna().tolist() == [False, True, False]  # empty -> <NA>
    assert frame["detected_on"].iloc[0] == pd.Timestamp("2019-03-15")
    assert pd.isna(frame["detected_on"].iloc[2])
    # the bare-comma line (row 4) is dropped; the others keep their spreadsheet rows
    assert frame[ROW_COLUMN].tolist() == [2, 3, 5]


def test_csv_extra_columns_kept_as_text_and_quoted_values(folder: Path) -> None:
    write(
        folder,
        "deforestation_events.csv",
        EVENTS_HEADER + ",note\n"
        'E-1,project_area,TF,2019-03-15,"1.5",agri,GLAD,"first, with comma\nand newline"\n'
        "E-2,project_area,TF,2019-03-16,2,agri,GLAD, 007 \n",
    )
    frame = read_events(folder).frame
    assert frame["note"].tolist() == ["first, with comma\nand newline", "007"]
    assert frame["area_ha"].tolist() == [1.5, 2.0]
    assert list(frame.columns)[-2:] == ["note", ROW_COLUMN]


def test_int_column_accepts_whole_float_text(folder: Path) -> None:
    write(folder, "baseline_exante.csv", "zone,stratum_id,year,area_ha\nproject_area,TF,2019.0,3\n")
    frame = read_table(folder, make_project(), BASELINE).frame
    assert str(frame["year"].dtype) == "Int64"
    assert frame["year"].tolist() == [2019]


def test_xlsx_is_read_and_coerced(folder: Path) -> None:
    path = folder / "deforestation_events.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([" event_id ", *EVENTS_HEADER.split(",")[1:], "extra"])
    sheet.append(["E-1", "project_area", "TF", dt.datetime(2019, 3, 15, 10, 30), 12.5, "a", "G", 7])
    sheet.append([101, "project_area", "TF", dt.date(2019, 3, 16), " 2.25 ", "a", "G", None])
    sheet.append(["E-3", "project_area", "TF", "2019-03-17", None, "a", "G", "x"])
    sheet.cell(row=7, column=1, value="   ")  # trailing rows that are empty are ignored
    workbook.worksheets[0].title = "events"
    workbook.create_sheet("other").append(["ignored"])
    workbook.save(path)

    loaded = read_events(folder)
    frame = loaded.frame
    assert loaded.file == "deforestation_events.xlsx"
    assert loaded.sha256 == sha256_file(path)
    assert loaded.rows == 3
    assert frame["event_id"].tolist() == ["E-1", "101", "E-3"]
    assert frame["detected_on"].tolist() == [
        pd.Timestamp("2019-03-15"),  # a real datetime, normalised to midnight
        pd.Timestamp("2019-03-16"),
        pd.Timestamp("2019-03-17"),
    ]
    assert frame["area_ha"].iloc[0] == 12.5
    assert frame["area_ha"].iloc[1] == 2.25  # a number stored as text
    assert math.isnan(frame["area_ha"].iloc[2])  # an empty cell
    assert frame["extra"].tolist() == [7, None, "x"]
    assert frame[ROW_COLUMN].tolist() == [2, 3, 4]


def _ellipsoidal_square_area_ha(lon0: float, lat0: float, side_deg: float) -> float:
    """Independent approximation: M(φ)·Δφ × N(φ)·cos φ·Δλ at the mid latitude (WGS84).

    For a 0.01° square the neglected terms (curvature change over the square, geodesic versus
    parallel edges) are below 1e-5 relative, far inside the 0.5 % tolerance of the test.
    """
    a = 6378137.0
    f = 1 / 298.257223563
    e2 = f * (2 - f)
    phi = math.radians(lat0 + side_deg / 2)
    w = 1 - e2 * math.sin(phi) ** 2
    meridional = a * (1 - e2) / w**1.5
    normal = a / math.sqrt(w)
    d = math.radians(side_deg)
    return meridional * d * normal * math.cos(phi) * d / 1e4


def test_geojson_area_is_derived_from_geometry(folder: Path) -> None:
    lon0, lat0, side = -69.5, -12.0, 0.01
    square = [
        [lon0, lat0],
        [lon0 + side, lat0],
        [lon0 + side, lat0 + side],
        [lon0, lat0 + side],
        [lon0, lat0],
    ]
    hole = [[-69.498, -11.998], [-69.498, -11.997], [-69.497, -11.997], [-69.498, -11.998]]
    # a second square beside the first (the polygons of a valid MultiPolygon do not overlap)
    beside = [[lon + 2 * side, lat] for lon, lat in square]
    props = {
        "event_id": "E-1",
        "zone": "project_area",
        "stratum_id": "TF",
        "detected_on": "2019-03-15",
        "driver": "agriculture",
        "source": "GLAD",
    }
    features = [
        {
            "type": "Feature",
            "properties": props,
            "geometry": {"type": "Polygon", "coordinates": [square]},
        },
        {
            "type": "Feature",
            "properties": {**props, "event_id": "E-2", "area_ha": 3.5},
            "geometry": {"type": "Polygon", "coordinates": [square]},
        },
        {
            "type": "Feature",
            "properties": {**props, "event_id": "E-3", "area_ha": None},
            "geometry": {"type": "MultiPolygon", "coordinates": [[square, hole], [beside]]},
        },
    ]
    write(
        folder,
        "deforestation_events.geojson",
        json.dumps({"type": "FeatureCollection", "features": features}),
    )
    frame = read_events(folder).frame

    expected = _ellipsoidal_square_area_ha(lon0, lat0, side)
    assert expected == pytest.approx(120.5, rel=0.01)  # ~1.106 km × 1.089 km
    assert frame["area_ha"].iloc[0] == pytest.approx(expected, rel=0.005)
    assert frame["area_ha"].iloc[1] == 3.5
    assert frame["area_ha"].iloc[2] < 2 * frame["area_ha"].iloc[0]  # the hole is subtracted
    assert frame["area_ha"].iloc[2] > 1.99 * frame["area_ha"].iloc[0]
    assert frame[AREA_SOURCE_COLUMN].tolist() == ["geometry", "attribute", "geometry"]
    assert frame[ROW_COLUMN].tolist() == [2, 3, 4]
    assert frame["detected_on"].iloc[0] == pd.Timestamp("2019-03-15")


def test_load_tables_reads_present_tables_in_schema_order(folder: Path) -> None:
    write(folder, "fire_events.csv", "")  # an empty optional table: 0 rows
    write(folder, "deforestation_events.csv", events_csv())  # header only: 0 rows
    write(folder, "baseline_exante.csv", "zone,stratum_id,year,area_ha\nproject_area,TF,2019,3\n")
    tables = load_tables(folder, make_project())
    assert list(tables) == ["baseline_exante", "deforestation_events", "fire_events"]
    assert tables["fire_events"].rows == 0
    assert list(tables["fire_events"].frame.columns) == [*FIRES.columns, ROW_COLUMN]
    assert tables["deforestation_events"].rows == 0
    assert tables["deforestation_events"].frame["area_ha"].dtype == "float64"
    assert tables["baseline_exante"].frame["year"].tolist() == [2019]


def test_override_path_and_resolve_table_path(folder: Path) -> None:
    write(folder, "monitoring/events 2019.csv", events_csv("E-1,project_area,TF,2019-01-01,1,a,G"))
    project = make_project({"deforestation_events": "monitoring/./events 2019.csv"})
    loaded = read_events(folder, project)
    assert loaded.file == "monitoring/events 2019.csv"
    assert (
        resolve_table_path(folder, project, "deforestation_events")
        == (folder / "monitoring" / "events 2019.csv").resolve()
    )
    assert resolve_table_path(folder, project, "fire_events") is None


def test_sha256_file_streams(tmp_path: Path) -> None:
    path = tmp_path / "blob.bin"
    data = np.random.default_rng(0).bytes(3 * 1024 * 1024 + 17)
    path.write_bytes(data)
    assert sha256_file(path) == hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------------------------------------
# Refusals: locating files
# ---------------------------------------------------------------------------------------------


def test_required_table_missing(folder: Path) -> None:
    error = refusal(folder)
    assert "required table 'deforestation_events' is missing; expected one of" in str(error)
    assert "deforestation_events.geojson" in str(error)


def test_two_candidate_files(folder: Path) -> None:
    write(folder, "deforestation_events.csv", events_csv())
    write_xlsx(folder / "deforestation_events.xlsx", [EVENTS_HEADER.split(",")])
    error = refusal(folder)
    assert "deforestation_events.csv and deforestation_events.xlsx" in str(error)


@pytest.mark.parametrize("given", ["/etc/passwd.csv", "C:\\data\\events.csv"])
def test_override_absolute_path(folder: Path, given: str) -> None:
    error = refusal(folder, project=make_project({"deforestation_events": given}))
    assert error.file == "project.yaml"
    assert "tables.deforestation_events" in str(error)
    assert given in str(error).replace("\\\\", "\\")
    assert "relative" in str(error)


def test_override_outside_folder(folder: Path) -> None:
    write(folder.parent, "outside.csv", events_csv())
    error = refusal(folder, project=make_project({"deforestation_events": "../outside.csv"}))
    assert "tables.deforestation_events" in str(error)
    assert "../outside.csv" in str(error)
    assert "outside the project folder" in str(error)


def test_override_symlink_outside_folder(folder: Path) -> None:
    write(folder.parent, "outside.csv", events_csv())
    (folder / "link.csv").symlink_to(folder.parent / "outside.csv")
    error = refusal(folder, project=make_project({"deforestation_events": "link.csv"}))
    assert "outside the project folder" in str(error)


def test_default_symlink_outside_folder(folder: Path) -> None:
    write(folder.parent, "outside.csv", events_csv())
    (folder / "deforestation_events.csv").symlink_to(folder.parent / "outside.csv")
    error = refusal(folder)
    assert error.file == "deforestation_events.csv"
    assert "symbolic link" in str(error)
    assert "outside the project folder" in str(error)


def test_override_unknown_table(folder: Path) -> None:
    write(folder, "deforestation_events.csv", events_csv())
    with pytest.raises(InputError, match=r"tables\.deforestation_event'.*unknown table"):
        load_tables(folder, make_project({"deforestation_event": "x.csv"}))


# ---------------------------------------------------------------------------------------------
# Refusals: header and values
# ---------------------------------------------------------------------------------------------


def test_missing_required_columns(folder: Path) -> None:
    write(folder, "deforestation_events.csv", "event_id,Zone,detected_on,area_ha,driver\n")
    error = refusal(folder)
    assert (error.file, error.row, error.column) == ("deforestation_events.csv", 1, None)
    assert "missing required column(s): zone, stratum_id, source" in str(error)
    assert "found columns: event_id, Zone, detected_on, area_ha, driver" in str(error)
    assert "case-sensitive" in str(error)


def test_duplicated_column_names(folder: Path) -> None:
    write(folder, "deforestation_events.csv", EVENTS_HEADER + ", area_ha\n")
    error = refusal(folder)
    assert (error.row, error.column) == (1, "area_ha")
    assert "duplicated column name 'area_ha' (columns 5 and 8)" in str(error)


def test_not_a_number_first_row_of_first_column_in_schema_order(folder: Path) -> None:
    write(
        folder,
        "deforestation_events.csv",
        events_csv(
            "E-1,project_area,TF,2019-01-01,1,a,G",
            "E-2,project_area,TF,2019-01-01,abc,a,G",
            "E-3,project_area,TF,not-a-date,xyz,a,G",
        ),
    )
    error = refusal(folder)
    # detected_on comes before area_ha in the schema, so its row 4 is reported, not row 3
    assert (error.file, error.row, error.column) == ("deforestation_events.csv", 4, "detected_on")

    write(
        folder,
        "deforestation_events.csv",
        events_csv(
            "E-1,project_area,TF,2019-01-01,1,a,G", "E-2,project_area,TF,2019-01-01,abc,a,G"
        ),
    )
    error = refusal(folder)
    assert (error.row, error.column) == (3, "area_ha")
    assert "expected a number, got 'abc'" in str(error)


@pytest.mark.parametrize("value", ["12,5", "1.234,5"])
def test_decimal_comma(folder: Path, value: str) -> None:
    write(
        folder,
        "deforestation_events.csv",
        events_csv(f'E-1,project_area,TF,2019-01-01,"{value}",a,G'),
    )
    error = refusal(folder)
    assert (error.row, error.column) == (2, "area_ha")
    assert f"got '{value}'" in str(error)
    assert "decimal comma" in str(error)
    assert "decimal separator must be '.'" in str(error)


def test_not_finite_number(folder: Path) -> None:
    write(folder, "deforestation_events.csv", events_csv("E-1,project_area,TF,2019-01-01,inf,a,G"))
    assert "expected a finite number, got 'inf'" in str(refusal(folder))


def test_int_refuses_fraction(folder: Path) -> None:
    write(folder, "baseline_exante.csv", "zone,stratum_id,year,area_ha\nproject_area,TF,2019.5,3\n")
    error = refusal(folder, BASELINE)
    assert (error.file, error.row, error.column) == ("baseline_exante.csv", 2, "year")
    assert "expected a whole number, got '2019.5'" in str(error)


@pytest.mark.parametrize(
    ("value", "phrase"),
    [
        ("03/15/2019", "expected an ISO date YYYY-MM-DD, got '03/15/2019'"),
        ("2019-02-30", "not a calendar date"),
        ("2019-03-15T10:00", "expected an ISO date YYYY-MM-DD"),
        ("0001-01-01", "outside the supported range"),
    ],
)
def test_bad_dates(folder: Path, value: str, phrase: str) -> None:
    write(
        folder,
        "deforestation_events.csv",
        events_csv("E-1,project_area,TF,2019-01-01,1,a,G", f"E-2,project_area,TF,{value},1,a,G"),
    )
    error = refusal(folder)
    assert (error.row, error.column) == (3, "detected_on")
    assert phrase in str(error)


def test_xlsx_bad_value_reports_sheet_row(folder: Path) -> None:
    write_xlsx(
        folder / "deforestation_events.xlsx",
        [
            EVENTS_HEADER.split(","),
            ["E-1", "project_area", "TF", dt.date(2019, 1, 1), 1, "a", "G"],
            [],
            ["E-2", "project_area", "TF", "15/03/2019", 1, "a", "G"],
        ],
    )
    error = refusal(folder)
    assert (error.file, error.row, error.column) == ("deforestation_events.xlsx", 4, "detected_on")
    assert "got '15/03/2019'" in str(error)


# ---------------------------------------------------------------------------------------------
# Refusals: CSV structure and encoding
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("separator", "label"), [(";", "semicolon"), ("\t", "tab")])
def test_wrong_delimiter(folder: Path, separator: str, label: str) -> None:
    write(folder, "deforestation_events.csv", EVENTS_HEADER.replace(",", separator) + "\n")
    error = refusal(folder)
    assert error.row == 1
    assert f"appears to be {label}-separated" in str(error)
    assert "must be comma-separated" in str(error)


def test_utf8_bom_is_accepted_and_noted(folder: Path) -> None:
    """Excel's "CSV UTF-8" writes a byte-order mark: accepted, noted in the provenance."""
    body = events_csv("E-1,project_area,TF,2019-01-01,1,a,G").encode()
    write(folder, "deforestation_events.csv", b"\xef\xbb\xbf" + body)
    loaded = read_events(folder)
    assert loaded.bom is True
    assert loaded.frame.columns[0] == "event_id"
    assert loaded.frame["event_id"].tolist() == ["E-1"]
    assert loaded.sha256 == hashlib.sha256(b"\xef\xbb\xbf" + body).hexdigest()
    write(folder, "deforestation_events.csv", body)
    assert read_events(folder).bom is False


def test_latin1(folder: Path) -> None:
    text = events_csv(
        "E-1,project_area,TF,2019-01-01,1,a,G", "E-2,project_area,TF,2019-01-01,1,café,G"
    )
    write(folder, "deforestation_events.csv", text.encode("cp1252"))
    error = refusal(folder)
    assert "not UTF-8; it looks like Latin-1/Windows-1252 (byte 0xe9 at line 3)" in str(error)


def test_utf16(folder: Path) -> None:
    write(folder, "deforestation_events.csv", events_csv().encode("utf-16"))
    assert "looks like UTF-16" in str(refusal(folder))
    write(folder, "deforestation_events.csv", events_csv().encode("utf-16-le"))  # no BOM
    assert "looks like UTF-16" in str(refusal(folder))


def test_empty_file_required_table_and_no_header_line(folder: Path) -> None:
    write(folder, "deforestation_events.csv", "")
    error = refusal(folder)
    assert "no header line" in str(error)
    write(folder, "deforestation_events.csv", "\n" + events_csv())
    error = refusal(folder)
    assert error.row == 1
    assert "header must be on line 1" in str(error)


def test_wrong_number_of_fields(folder: Path) -> None:
    write(
        folder,
        "deforestation_events.csv",
        events_csv(
            "E-1,project_area,TF,2019-01-01,1,a,G",
            "E-2,project_area,TF,2019-01-01,1,a,G",
            "E-3,project_area,TF,2019-01-01,12,5,a,G",
            "E-4,project_area,TF,2019-01-01,1,a",
        ),
    )
    error = refusal(folder)
    assert error.row == 4
    assert "found 8 values on line 4, but the header has 7 columns" in str(error)
    assert "decimal comma" in str(error)


def test_c_engine_fallback(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise pa.ArrowInvalid("CSV parse error: something odd")

    monkeypatch.setattr(csv_reader, "pyarrow_csv", refuse)
    lines = ["E-1,project_area,TF,2019-01-01,1.5,a,G", ' E-2 ,project_area,TF,,"2",,G', ""]
    write(folder, "deforestation_events.csv", events_csv(*lines))
    frame = read_events(folder).frame
    assert frame["event_id"].tolist() == ["E-1", "E-2"]
    assert frame["area_ha"].tolist() == [1.5, 2.0]
    assert frame["driver"].isna().tolist() == [False, True]
    assert frame[ROW_COLUMN].tolist() == [2, 3]

    write(folder, "deforestation_events.csv", events_csv(lines[0], lines[0] + ",extra"))
    error = refusal(folder)
    assert error.row == 3
    assert "Expected 7 fields in line 3, saw 8" in str(error)


def test_file_size_limit(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(folder, "deforestation_events.csv", events_csv("E-1,project_area,TF,2019-01-01,1,a,G"))
    monkeypatch.setattr(read, "MAX_FILE_BYTES", 50)
    assert "the limit for .csv files is 50 bytes" in str(refusal(folder))


# ---------------------------------------------------------------------------------------------
# Refusals: XLSX
# ---------------------------------------------------------------------------------------------


def test_xlsx_not_a_zip(folder: Path) -> None:
    write(folder, "deforestation_events.xlsx", events_csv())
    error = refusal(folder)
    assert error.file == "deforestation_events.xlsx"
    assert "not a valid .xlsx (zip) file" in str(error)


def test_xlsx_zip_bomb_ratio(folder: Path) -> None:
    path = write_xlsx(folder / "deforestation_events.xlsx", [EVENTS_HEADER.split(",")])
    rewrite_zip(path, {"xl/worksheets/sheet1.xml": b"\0" * (8 * 1024 * 1024)})
    error = refusal(folder)
    assert "xl/worksheets/sheet1.xml has a compression ratio" in str(error)
    assert "zip bomb" in str(error)


def test_xlsx_uncompressed_and_file_size_limits(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_xlsx(folder / "deforestation_events.xlsx", [EVENTS_HEADER.split(",")])
    monkeypatch.setattr(xlsx_archive, "MAX_XLSX_UNCOMPRESSED_BYTES", 1000)
    assert "expands to" in str(refusal(folder))
    monkeypatch.setattr(xlsx_reader, "MAX_XLSX_BYTES", 1000)
    assert "the limit for .xlsx files is 1,000 bytes" in str(refusal(folder))


def test_xlsx_xml_entity_declaration(folder: Path) -> None:
    path = write_xlsx(folder / "deforestation_events.xlsx", [EVENTS_HEADER.split(",")])
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    hostile = (
        b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n' + sheet.split(b"?>", 1)[-1]
    )
    rewrite_zip(path, {"xl/worksheets/sheet1.xml": hostile})
    error = refusal(folder)
    assert "refused: the spreadsheet contains an XML DTD or entity declaration" in str(error)
    assert "xl/worksheets/sheet1.xml" in str(error)


def test_xlsx_large_member_prolog_check(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_archive, "XML_FULL_PARSE_MAX_BYTES", 10)  # force the streaming check
    path = write_xlsx(folder / "deforestation_events.xlsx", [EVENTS_HEADER.split(",")])
    assert read_events(folder).rows == 0
    rewrite_zip(path, {"xl/styles.xml": b'<!DOCTYPE x SYSTEM "http://example.org/x.dtd"><x/>'})
    assert "in xl/styles.xml" in str(refusal(folder))


def test_xlsx_first_sheet_missing(folder: Path) -> None:
    path = write_xlsx(folder / "deforestation_events.xlsx", [EVENTS_HEADER.split(",")])
    rewrite_zip(path, {"xl/worksheets/sheet1.xml": None})
    error = refusal(folder)
    assert error.file == "deforestation_events.xlsx"
    assert "the first sheet 'Sheet' is missing from the file" in str(error)


# ---------------------------------------------------------------------------------------------
# Refusals: GeoJSON
# ---------------------------------------------------------------------------------------------


def test_geojson_not_a_feature_collection(folder: Path) -> None:
    write(folder, "deforestation_events.geojson", json.dumps({"type": "Feature"}))
    assert "expected a GeoJSON FeatureCollection, got 'Feature'" in str(refusal(folder))
    write(folder, "deforestation_events.geojson", '{"type": "FeatureCollection",\n "features": [}')
    assert "malformed JSON at line 2" in str(refusal(folder))


def test_geojson_malformed_geometry(folder: Path) -> None:
    props = dict.fromkeys(EVENTS.columns, "x") | {"detected_on": "2019-01-01", "area_ha": None}
    good = {"type": "Polygon", "coordinates": [[[0, 0], [0, 0.1], [0.1, 0.1], [0, 0]]]}
    bad = {"type": "Polygon", "coordinates": [[[0, 0], [0, "a"], [0.1, 0.1], [0, 0]]]}
    features = [
        {"type": "Feature", "properties": props, "geometry": good},
        {"type": "Feature", "properties": props, "geometry": bad},
    ]
    write(
        folder,
        "deforestation_events.geojson",
        json.dumps({"type": "FeatureCollection", "features": features}),
    )
    error = refusal(folder)
    assert (error.file, error.row, error.column) == ("deforestation_events.geojson", 3, "geometry")
    assert "malformed geometry" in str(error)

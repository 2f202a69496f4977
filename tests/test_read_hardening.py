"""Input hardening of the readers (issue 14): one or more cases per class of defect.

Classes: byte-order marks; spreadsheet formulas without cached values; an empty first sheet;
GeoJSON features without properties or geometry, invalid geometry; ids with invisible
characters, Unicode normalisation, letter case; refusals naming the record and listing every
value; invisible characters in headers; CR-only line endings; looping symbolic links; the new
tables of contract 2.2.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from redd_audit.errors import InputError
from redd_audit.tables.raw import MAX_LISTED
from redd_audit.tables.read import read_table
from redd_audit.tables.schemas import ROW_COLUMN, SCHEMAS
from tests.test_read import (
    EVENTS,
    EVENTS_HEADER,
    events_csv,
    make_project,
    read_events,
    refusal,
    rewrite_zip,
    write,
    write_xlsx,
)

TREES = SCHEMAS["inventory_trees"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "project"
    path.mkdir()
    return path


# --------------------------------------------------------------------------- byte-order marks


def test_bom_with_crlf_and_quoted_header(folder: Path) -> None:
    text = '"event_id",zone,stratum_id,detected_on,area_ha,driver,source\r\n'
    text += "E-1,project_area,TF,2019-01-01,1.5,a,G\r\n"
    write(folder, "deforestation_events.csv", b"\xef\xbb\xbf" + text.encode())
    loaded = read_events(folder)
    assert loaded.bom
    assert loaded.frame["area_ha"].tolist() == [1.5]


def test_bom_only_file_of_optional_table_is_empty(folder: Path) -> None:
    write(folder, "fire_events.csv", b"\xef\xbb\xbf")
    loaded = read_table(folder, make_project(), SCHEMAS["fire_events"])
    assert loaded is not None and loaded.rows == 0 and loaded.bom


def test_bom_in_an_xlsx_header_cell(folder: Path) -> None:
    header = EVENTS_HEADER.split(",")
    header[0] = "\ufeff" + header[0]
    write_xlsx(
        folder / "deforestation_events.xlsx",
        [header, ["E-1", "project_area", "TF", dt.date(2019, 1, 1), 1, "a", "G"]],
    )
    loaded = read_events(folder)
    assert loaded.frame["event_id"].tolist() == ["E-1"]
    assert loaded.bom


# --------------------------------------------------------------------------- XLSX formulas


def _with_cached_values(path: Path, values: dict[str, str]) -> None:
    """Give formula cells a cached value, as a spreadsheet does when it saves."""
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    for cell, value in values.items():
        sheet = re.sub(
            rf'(<c r="{cell}"[^>]*>)(<f>[^<]*</f>)(<v\s*/>|<v></v>)?', rf"\1\2<v>{value}</v>", sheet
        )
    rewrite_zip(path, {"xl/worksheets/sheet1.xml": sheet.encode()})


def test_formula_without_cached_value_is_refused_naming_cells(folder: Path) -> None:
    rows = [EVENTS_HEADER.split(",")]
    for i in range(3):
        rows.append([f"E-{i}", "project_area", "TF", dt.date(2019, 1, 1), f"=1+{i}", "a", "G"])
    path = write_xlsx(folder / "deforestation_events.xlsx", rows)
    workbook = openpyxl.load_workbook(path)
    workbook.active.title = "events"
    workbook.save(path)
    error = refusal(folder)
    assert error.file == "deforestation_events.xlsx"
    assert "3 cell(s) hold a formula without a calculated value" in str(error)
    assert "events!E2, events!E3, events!E4" in str(error)
    assert "recalculate" in str(error) and "paste values" in str(error)


def test_many_uncached_formulas_are_capped_with_the_count(folder: Path) -> None:
    rows = [EVENTS_HEADER.split(",")]
    rows += [
        [f"E-{i}", "project_area", "TF", dt.date(2019, 1, 1), "=2*3", "=A1", "G"] for i in range(30)
    ]
    write_xlsx(folder / "deforestation_events.xlsx", rows)
    message = str(refusal(folder))
    assert "60 cell(s)" in message and "and 40 more" in message


def test_formula_with_cached_value_is_read_and_counted(folder: Path) -> None:
    rows = [
        EVENTS_HEADER.split(","),
        ["E-1", "project_area", "TF", dt.date(2019, 1, 1), "=1+1", "a", "G"],
    ]
    path = write_xlsx(folder / "deforestation_events.xlsx", rows)
    _with_cached_values(path, {"E2": "2"})
    loaded = read_events(folder)
    assert loaded.frame["area_ha"].tolist() == [2.0]
    assert loaded.formula_cells == 1


def test_empty_first_sheet_with_data_elsewhere_is_refused(folder: Path) -> None:
    path = folder / "deforestation_events.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "Notes"
    data = workbook.create_sheet("events 2019")
    data.append(EVENTS_HEADER.split(","))
    data.append(["E-1", "project_area", "TF", dt.date(2019, 1, 1), 1, "a", "G"])
    workbook.save(path)
    error = refusal(folder)
    assert "the first sheet 'Notes' is empty, but sheet 'events 2019' holds data" in str(error)


def test_empty_workbook_of_an_optional_table_is_still_empty(folder: Path) -> None:
    openpyxl.Workbook().save(folder / "fire_events.xlsx")
    loaded = read_table(folder, make_project(), SCHEMAS["fire_events"])
    assert loaded is not None and loaded.rows == 0


# --------------------------------------------------------------------------- GeoJSON features

SQUARE = [[0, 0], [0.01, 0], [0.01, 0.01], [0, 0.01], [0, 0]]
BOW_TIE = [[0, 0], [0.01, 0.01], [0.01, 0], [0, 0.01], [0, 0]]


def _props(event_id: str) -> dict[str, object]:
    return {
        "event_id": event_id,
        "zone": "project_area",
        "stratum_id": "TF",
        "detected_on": "2019-03-15",
        "driver": "agriculture",
        "source": "GLAD",
    }


def _feature(props: object, ring: list | None = SQUARE, **extra: object) -> dict[str, object]:
    geometry = None if ring is None else {"type": "Polygon", "coordinates": [ring]}
    return {"type": "Feature", "properties": props, "geometry": geometry, **extra}


def _geojson(folder: Path, *features: dict[str, object]) -> None:
    document = {"type": "FeatureCollection", "features": list(features)}
    write(folder, "deforestation_events.geojson", json.dumps(document))


def test_every_feature_is_a_record(folder: Path) -> None:
    _geojson(folder, *[_feature(_props(f"E-{i}")) for i in range(4)])
    loaded = read_events(folder)
    assert loaded.rows == 4
    assert loaded.frame[ROW_COLUMN].tolist() == [2, 3, 4, 5]


@pytest.mark.parametrize(
    ("feature", "phrase"),
    [
        (_feature(None, id="f-7"), "'properties' is null"),
        (_feature({}), "'properties' is empty"),
        (_feature(_props("E-9"), ring=None), "no geometry (null)"),
        (_feature(_props("E-9"), ring=BOW_TIE), "Self-intersection"),
        (_feature(_props("E-9"), ring=SQUARE[:-1]), "not closed"),
    ],
)
def test_unusable_feature_is_refused_with_index_and_id(
    folder: Path, feature: dict[str, object], phrase: str
) -> None:
    _geojson(folder, _feature(_props("E-1")), feature)
    error = refusal(folder)
    assert error.row == 3
    assert "feature 1" in str(error)
    assert phrase in str(error)
    identity = "event_id=E-9" if "E-9" in json.dumps(feature) else "id=f-7"
    if feature["properties"] is None:
        assert identity in str(error)


def test_all_unusable_features_are_listed(folder: Path) -> None:
    features = [_feature(_props(f"E-{i}"), ring=BOW_TIE) for i in range(3)]
    _geojson(folder, _feature(_props("E-ok")), *features, _feature(None))
    error = refusal(folder)
    assert "4 feature(s) cannot be used" in str(error)
    for i in range(3):
        assert f"feature {i + 1}, event_id=E-{i}" in str(error)
    assert "feature 4" in str(error)


# --------------------------------------------------------------------------- ids


@pytest.mark.parametrize(
    ("char", "label"),
    [("\u200b", "U+200B"), ("\u202e", "U+202E"), ("\x1b", "U+001B"), ("\ufeff", "U+FEFF")],
)
def test_id_with_invisible_character_is_refused(folder: Path, char: str, label: str) -> None:
    write(
        folder,
        "deforestation_events.csv",
        events_csv(
            "E1,project_area,TF,2019-01-01,1,a,G", f"E{char}2,project_area,TF,2019-01-01,1,a,G"
        ),
    )
    error = refusal(folder)
    assert (error.row, error.column) == (3, "event_id")
    assert label in str(error)
    assert char not in str(error)  # shown as an escape, never raw


def test_invisible_character_in_a_stratum_reference(folder: Path) -> None:
    write(
        folder, "deforestation_events.csv", events_csv("E1,project_area,T\u200bF,2019-01-01,1,a,G")
    )
    error = refusal(folder)
    assert error.column == "stratum_id" and "U+200B" in str(error)


def test_ids_are_nfc_normalised(folder: Path) -> None:
    decomposed, composed = "E\u0301-1", "\u00c9-1"
    write(
        folder,
        "deforestation_events.csv",
        events_csv(
            f"{decomposed},project_area,TF,2019-01-01,1,a,G",
            f"{composed},project_area,TF,2019-01-01,1,a,G",
        ),
    )
    frame = read_events(folder).frame
    # equal after normalisation: the quality gate's uniqueness rule sees the duplicate
    assert frame["event_id"].tolist() == [composed, composed]
    assert frame["event_id"].duplicated().tolist() == [False, True]


def test_ids_differing_only_in_case_are_refused(folder: Path) -> None:
    write(
        folder,
        "deforestation_events.csv",
        events_csv(
            "PA-1,project_area,TF,2019-01-01,1,a,G", "pa-1,project_area,TF,2019-01-01,1,a,G"
        ),
    )
    error = refusal(folder)
    assert "differ only in letter case" in str(error)
    assert "'PA-1' (row 2)" in str(error) and "'pa-1' (row 3)" in str(error)


def test_compound_tree_keys_differing_only_in_case_are_refused(folder: Path) -> None:
    header = "plot_id,tree_id,dbh_cm,height_m,wood_density_g_cm3,species,status\n"
    write(folder, "inventory_trees.csv", header + "P1,t1,20,,0.6,x,alive\np1,T1,25,,0.6,x,alive\n")
    assert "differ only in letter case" in str(refusal(folder, TREES))
    write(folder, "inventory_trees.csv", header + "P1,t1,20,,0.6,x,alive\nP2,t1,25,,0.6,x,alive\n")
    assert read_table(folder, make_project(), TREES).rows == 2


def test_exact_duplicates_are_left_to_the_quality_gate(folder: Path) -> None:
    line = "E1,project_area,TF,2019-01-01,1,a,G"
    write(folder, "deforestation_events.csv", events_csv(line, line))
    assert read_events(folder).rows == 2


# --------------------------------------------------------------------------- messages


def test_refusal_names_the_record(folder: Path) -> None:
    write(
        folder,
        "deforestation_events.csv",
        events_csv('PA-2020-001,project_area,TF,2019-01-01,"12,5",a,G'),
    )
    error = refusal(folder)
    assert error.record == "event_id=PA-2020-001"
    assert str(error).startswith(
        "deforestation_events.csv, row 2, event_id=PA-2020-001, column 'area_ha': "
    )


def test_every_unreadable_value_is_listed(folder: Path) -> None:
    lines = [f"E{i},project_area,TF,2019-01-0{i},x{i},a,G" for i in range(1, 4)]
    lines.append("E9,project_area,TF,09/01/2019,1,a,G")
    write(folder, "deforestation_events.csv", events_csv(*lines))
    error = refusal(folder)
    message = str(error)
    assert message.startswith("deforestation_events.csv: 4 value(s) cannot be read")
    assert "row 5, event_id=E9, column 'detected_on'" in message
    for i in range(1, 4):
        assert (
            f"row {i + 1}, event_id=E{i}, column 'area_ha': expected a number, got 'x{i}'"
            in message
        )
    assert (error.row, error.column) == (5, "detected_on")  # the first in schema order


def test_many_unreadable_values_are_capped_with_the_count(folder: Path) -> None:
    lines = [f"E{i},project_area,TF,2019-01-01,bad,a,G" for i in range(120)]
    write(folder, "deforestation_events.csv", events_csv(*lines))
    message = str(refusal(folder))
    assert f"120 value(s) cannot be read; the first {MAX_LISTED} are listed" in message
    assert message.count("\n  - ") == MAX_LISTED


def test_invisible_character_in_header_is_shown(folder: Path) -> None:
    write(
        folder, "deforestation_events.csv", EVENTS_HEADER.replace("area_ha", "area_ha\u200b") + "\n"
    )
    error = refusal(folder)
    assert "column 'area_ha\\u200b' has an invisible character U+200B" in str(error)


def test_cr_only_line_endings_are_named(folder: Path) -> None:
    write(
        folder,
        "deforestation_events.csv",
        events_csv("E1,project_area,TF,2019-01-01,1,a,G").replace("\n", "\r"),
    )
    error = refusal(folder)
    assert "CR-only (classic Mac) line endings" in str(error)
    assert "universal-newline" not in str(error)


def test_bare_cr_inside_a_file_is_named(folder: Path) -> None:
    text = (
        EVENTS_HEADER
        + "\nE1,project_area,TF,2019-01-01,1,a,G\rE2,project_area,TF,2019-01-01,1,a,G\n"
    )
    write(folder, "deforestation_events.csv", text)
    try:
        loaded = read_events(folder)
    except InputError as error:
        assert "carriage return" in str(error) or "CR" in str(error)
    else:  # a parser that takes a bare CR as a line break reads both records
        assert loaded.rows == 2


def test_symbolic_link_that_loops_is_refused(folder: Path) -> None:
    (folder / "deforestation_events.csv").symlink_to(folder / "deforestation_events.csv")
    error = refusal(folder)
    assert "symbolic link" in str(error)
    (folder / "deforestation_events.csv").unlink()
    (folder / "a.csv").symlink_to(folder / "b.csv")
    (folder / "b.csv").symlink_to(folder / "a.csv")
    error = refusal(folder, project=make_project({"deforestation_events": "a.csv"}))
    assert "symbolic link" in str(error) and error.file == "project.yaml"


def test_dotdot_override_stays_refused(folder: Path) -> None:
    error = refusal(folder, project=make_project({"deforestation_events": "x/../../events.csv"}))
    assert "outside the project folder" in str(error)


# --------------------------------------------------------------------------- new tables


def test_issuance_history_csv_and_xlsx(folder: Path) -> None:
    schema = SCHEMAS["issuance_history"]
    header = "period_start,period_end,vintage,vcus_issued,buffer_tco2e,registry_serial"
    write(folder, "issuance_history.csv", header + "\n2015-01-01,2016-12-31,2016,1200,150,VCS-1\n")
    frame = read_table(folder, make_project(), schema).frame
    assert frame["vintage"].tolist() == [2016] and frame["registry_serial"].tolist() == ["VCS-1"]
    (folder / "issuance_history.csv").unlink()
    row = [dt.date(2015, 1, 1), dt.date(2016, 12, 31), 2016, 1200, 150.5, "VCS-1"]
    write_xlsx(folder / "issuance_history.xlsx", [header.split(","), row])
    frame = read_table(folder, make_project(), schema).frame
    assert frame["buffer_tco2e"].tolist() == [150.5]
    assert frame["period_end"].iloc[0].date() == dt.date(2016, 12, 31)


def test_verification_findings_response_may_be_empty(folder: Path) -> None:
    schema = SCHEMAS["verification_findings"]
    header = "finding_id,type,status,raised_on,reference,description,response,owner"
    body = "CAR-01,CAR,open,2023-05-02,VM0007 BL-UP,Stocks not cited,,ana\n"
    write(folder, "verification_findings.csv", f"{header}\n{body}")
    frame = read_table(folder, make_project(), schema).frame
    assert frame["response"].isna().tolist() == [True]
    assert frame["owner"].tolist() == ["ana"]
    assert schema.optional
    write(
        folder, "verification_findings.csv", f"{header}\n{body}{body.replace('CAR-01', 'car-01')}"
    )
    assert "differ only in letter case" in str(refusal(folder, schema))


def test_events_header_constant_matches_schema() -> None:
    assert EVENTS_HEADER.split(",") == list(EVENTS.columns)

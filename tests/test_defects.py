"""A corpus of defective project folders, each with one defect, run through the CLI.

Each case asserts the exit code (2: refused input, 1: the data-quality gate), that the message
names the file and the offending record or setting, and that no output claims success.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

GOLDEN = Path(__file__).parent / "golden" / "one-stratum"
START, END = "2019-01-01", "2020-12-31"


def _replace(name: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        path = folder / name
        text = path.read_text("utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), "utf-8")

    return edit


def _append(name: str, line: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        with (folder / name).open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")

    return edit


def _remove(name: str) -> Callable[[Path], None]:
    return lambda folder: (folder / name).unlink()


def _latin1(folder: Path) -> None:
    path = folder / "deforestation_events.csv"
    text = path.read_text("utf-8").replace(
        "E2,project_area,S1,2019-06-01,2,pasture", "E2,project_area,S1,2019-06-01,2,pâturage"
    )
    path.write_bytes(text.encode("latin-1"))


def _bom(folder: Path) -> None:
    path = folder / "fire_events.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


def _hostile_xlsx(folder: Path) -> None:
    import io
    import zipfile

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in (folder / "fire_events.csv").read_text("utf-8").splitlines():
        ws.append(row.split(","))
    buffer = io.BytesIO()
    wb.save(buffer)
    (folder / "fire_events.csv").unlink()
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    with zipfile.ZipFile(folder / "fire_events.xlsx", "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                doctype = b'<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                head, sep, rest = data.partition(b"?>")
                data = head + sep + doctype + rest if sep else doctype + data
            out.writestr(item, data)


def _fires_xlsx(folder: Path, *, formula: bool = False, empty_first: bool = False) -> None:
    """fire_events.csv as an .xlsx: with an uncached formula, or behind an empty first sheet."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    if empty_first:
        ws.title = "Notes"
        ws = wb.create_sheet("fires")
    for i, row in enumerate((folder / "fire_events.csv").read_text("utf-8").splitlines()):
        cells: list[object] = row.split(",")
        if i and cells[4]:
            cells[4] = f"={cells[4]}*1" if formula and i == 1 else float(cells[4])
        ws.append(cells)
    (folder / "fire_events.csv").unlink()
    wb.save(folder / "fire_events.xlsx")


def _events_geojson(defect: str) -> Callable[[Path], None]:
    """deforestation_events.csv as GeoJSON (areas as attributes), one feature made defective."""

    def edit(folder: Path) -> None:
        lines = (folder / "deforestation_events.csv").read_text("utf-8").splitlines()
        header = lines[0].split(",")
        square = [
            [-69.5, -12.0],
            [-69.49, -12.0],
            [-69.49, -11.99],
            [-69.5, -11.99],
            [-69.5, -12.0],
        ]
        features = []
        for line in lines[1:]:
            props: dict[str, object] = dict(zip(header, line.split(","), strict=True))
            props["area_ha"] = float(str(props["area_ha"]))
            geometry: object = {"type": "Polygon", "coordinates": [square]}
            features.append({"type": "Feature", "properties": props, "geometry": geometry})
        target = features[2]  # E3
        if defect == "null-geometry":
            target["geometry"] = None
        elif defect == "null-properties":
            target["properties"] = None
            target["id"] = "E3"
        elif defect == "self-intersecting":
            bow_tie = [square[0], square[2], square[1], square[3], square[0]]
            target["geometry"] = {"type": "Polygon", "coordinates": [bow_tie]}
        (folder / "deforestation_events.csv").unlink()
        document = {"type": "FeatureCollection", "features": features}
        (folder / "deforestation_events.geojson").write_text(json.dumps(document), "utf-8")

    return edit


def _cr_only(folder: Path) -> None:
    path = folder / "deforestation_events.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))


def _looping_link(folder: Path) -> None:
    (folder / "fire_events.csv").unlink()
    (folder / "fire_events.csv").symlink_to(folder / "fire_events.csv")


def _all_areas_unreadable(folder: Path) -> None:
    path = folder / "deforestation_events.csv"
    lines = path.read_text("utf-8").splitlines()
    edited = [lines[0]]
    for line in lines[1:]:
        cells = line.split(",")
        cells[4] = f"{cells[4]} ha"
        edited.append(",".join(cells))
    path.write_text("\n".join(edited) + "\n", "utf-8")


@dataclass(frozen=True)
class Case:
    name: str
    edit: Callable[[Path], None]
    code: int
    must_mention: tuple[str, ...]
    args: tuple[str, ...] = ()


CASES = [
    # exit 2: refused before anything is computed
    Case(
        "missing-required-table", _remove("deforestation_events.csv"), 2, ("deforestation_events",)
    ),
    Case(
        "missing-column",
        _replace("deforestation_events.csv", "driver,source", "drivr,source"),
        2,
        ("deforestation_events.csv", "driver"),
    ),
    Case(
        "wrong-type",
        _replace("deforestation_events.csv", "2019-06-01,2,", "2019-06-01,two,"),
        2,
        ("deforestation_events.csv", "row 3", "event_id=E2", "area_ha", "two"),
    ),
    Case(
        "unparseable-date",
        _replace("fire_events.csv", "2020-08-15", "15/08/2020"),
        2,
        ("fire_events.csv", "row 2", "event_id=F1", "burned_on"),
    ),
    Case(
        "decimal-comma",
        _replace("baseline_exante.csv", "project_area,S1,2019,10", 'project_area,S1,2019,"10,5"'),
        2,
        ("baseline_exante.csv", "row 3", "decimal"),
    ),
    Case("latin-1", _latin1, 2, ("deforestation_events.csv", "UTF-8", "Latin-1")),
    Case("utf8-bom-accepted", _bom, 0, ()),
    Case(
        "malformed-yaml",
        _replace("project.yaml", "strata:\n  - id: S1", "strata:\n - id: S1\n   bad: [unclosed"),
        2,
        ("project.yaml",),
    ),
    Case(
        "percentage-not-fraction",
        _replace("project.yaml", "risk_rating_fraction: 0.10", "risk_rating_fraction: 10"),
        2,
        ("project.yaml", "risk_rating_fraction", "percentage"),
    ),
    Case(
        "unknown-setting",
        _replace("project.yaml", "risk_rating_fraction: 0.10", "risk_rating_percent: 10"),
        2,
        ("project.yaml", "risk_rating_percent"),
    ),
    Case(
        "path-escape",
        _append("project.yaml", "tables: {fire_events: ../../outside.csv}"),
        2,
        ("project.yaml", "tables.fire_events", "outside"),
    ),
    Case("hostile-xlsx", _hostile_xlsx, 2, ("fire_events.xlsx", "entity")),
    Case(
        "semicolon-csv",
        lambda f: (f / "fire_events.csv").write_text(
            (f / "fire_events.csv").read_text("utf-8").replace(",", ";"), "utf-8"
        ),
        2,
        ("fire_events.csv", "semicolon"),
    ),
    Case(
        "end-before-start",
        lambda f: None,
        2,
        ("--end",),
        ("--start", "2020-12-31", "--end", "2019-01-01"),
    ),
    Case(
        "bad-date-option",
        lambda f: None,
        2,
        ("--start", "2019-13-01"),
        ("--start", "2019-13-01", "--end", END),
    ),
    # issue 14: refused, naming the mechanism's terms
    Case(
        "all-values-listed",
        _all_areas_unreadable,
        2,
        ("5 value(s) cannot be read", "event_id=E1", "event_id=E5", "'5 ha'"),
    ),
    Case(
        "uncached-formula",
        lambda f: _fires_xlsx(f, formula=True),
        2,
        ("fire_events.xlsx", "Sheet!E2", "formula without a calculated value", "paste values"),
    ),
    Case(
        "empty-first-sheet",
        lambda f: _fires_xlsx(f, empty_first=True),
        2,
        ("fire_events.xlsx", "'Notes' is empty", "'fires' holds data"),
    ),
    Case(
        "geojson-null-geometry",
        _events_geojson("null-geometry"),
        2,
        ("deforestation_events.geojson", "feature 2", "event_id=E3", "no geometry"),
    ),
    Case(
        "geojson-null-properties",
        _events_geojson("null-properties"),
        2,
        ("deforestation_events.geojson", "feature 2", "id=E3", "'properties' is null"),
    ),
    Case(
        "geojson-self-intersecting",
        _events_geojson("self-intersecting"),
        2,
        ("deforestation_events.geojson", "event_id=E3", "Self-intersection"),
    ),
    Case(
        "zero-width-id",
        _replace("deforestation_events.csv", "E2,project_area", "E\u200b2,project_area"),
        2,
        ("deforestation_events.csv", "row 3", "event_id", "U+200B"),
    ),
    Case(
        "case-only-ids",
        _replace("deforestation_events.csv", "E3,leakage_belt", "e2,leakage_belt"),
        2,
        ("deforestation_events.csv", "'E2' (row 3)", "'e2' (row 4)", "letter case"),
    ),
    Case(
        "invisible-header",
        _replace("deforestation_events.csv", "area_ha", "area_ha\u200b"),
        2,
        ("deforestation_events.csv", "'area_ha\\u200b'", "U+200B"),
    ),
    Case("cr-only", _cr_only, 2, ("deforestation_events.csv", "CR-only")),
    Case("looping-symlink", _looping_link, 2, ("fire_events.csv", "symbolic link")),
    Case(
        "yaml-duplicate-key",
        _append("project.yaml", "materiality_fraction: 0.05"),
        2,
        ("project.yaml", "duplicate key 'materiality_fraction'", "line 9"),
    ),
    Case(
        "yaml-misspelt-key",
        _replace("project.yaml", "materiality_fraction:", "materiality_fracton:"),
        2,
        ("project.yaml", "line 9", "did you mean 'materiality_fraction'"),
    ),
    Case(
        "yaml-impossible-date",
        _replace("project.yaml", "start: 2010-01-01", "start: 2019-02-29"),
        2,
        ("project.yaml", "line 8", "2019-02-29"),
    ),
    Case(
        "yaml-unsafe-project-id",
        _replace("project.yaml", "id: GOLD-1", 'id: "../../escape"'),
        2,
        ("project.yaml", "setting 'id'"),
    ),
    Case(
        "stratum-id-wildcard",
        _replace("project.yaml", "id: S1", 'id: "S*"'),
        2,
        ("project.yaml", "strata.0.id", "wildcard"),
    ),
    # exit 1: the data-quality gate
    Case(
        "duplicate-after-normalisation",
        lambda f: (
            _replace("deforestation_events.csv", "E2,project_area", "\u00c92,project_area")(f),
            _replace("deforestation_events.csv", "E3,leakage_belt", "E\u03012,leakage_belt")(f),
        ),
        1,
        ("deforestation_events.csv", "event_id=\u00c92"),
    ),
    Case(
        "duplicate-event-id",
        _replace("deforestation_events.csv", "E3,leakage_belt", "E2,leakage_belt"),
        1,
        ("deforestation_events.csv", "event_id=E2"),
    ),
    Case(
        "unknown-stratum",
        _replace("deforestation_events.csv", "E2,project_area,S1", "E2,project_area,S9"),
        1,
        ("deforestation_events.csv", "event_id=E2", "stratum_id"),
    ),
    Case(
        "negative-area",
        _replace("deforestation_events.csv", "2019-06-01,2,", "2019-06-01,-2,"),
        1,
        ("deforestation_events.csv", "event_id=E2", "area_ha"),
    ),
    Case(
        "zone-not-allowed",
        _replace("deforestation_events.csv", "E2,project_area", "E2,PA"),
        1,
        ("deforestation_events.csv", "event_id=E2", "zone"),
    ),
    Case(
        "null-id",
        _replace("deforestation_events.csv", "E2,project_area", ",project_area"),
        1,
        ("deforestation_events.csv", "event_id"),
    ),
    Case(
        "baseline-gap",
        _replace("baseline_exante.csv", "project_area,S1,2020,10\n", ""),
        1,
        ("baseline_exante.csv", "2020"),
    ),
    Case(
        "deforestation-above-forest-area",
        _replace("deforestation_events.csv", "2019-06-01,2,", "2019-06-01,20000,"),
        1,
        ("deforestation_events.csv", "S1"),
    ),
    Case(
        "fire-land-cover",
        _replace("fire_events.csv", "2020-08-15,4,forest", "2020-08-15,4,woodland"),
        1,
        ("fire_events.csv", "event_id=F1", "land_cover"),
    ),
    Case(
        "claimed-negative",
        _replace("claimed_vintages.csv", "2019,3996.667,792", "2019,-3996.667,792"),
        1,
        ("claimed_vintages.csv", "vintage=2019", "baseline_tco2e"),
    ),
]


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    from prefect.testing.utilities import prefect_test_harness

    from flows.cli import app

    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, list(args), catch_exceptions=False)

    with prefect_test_harness(server_startup_timeout=120):
        yield invoke


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_defective_project(case: Case, tmp_path: Path, cli):
    project = tmp_path / "project"
    shutil.copytree(GOLDEN, project)
    case.edit(project)
    out = tmp_path / "out"
    args = case.args or ("--start", START, "--end", END)
    result = cli("run", "--project", str(project), *args, "--out", str(out))
    output = result.output
    assert result.exit_code == case.code, output
    for phrase in case.must_mention:
        assert phrase in output, f"{phrase!r} not in:\n{output}"
    assert "Traceback" not in output
    period = out / "GOLD-1" / f"{START}_{END}"
    if case.code == 2:
        assert not out.exists() or not any(out.rglob("*.xlsx")), "exit 2 must leave no outputs"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["project"] + (
            ["out"] if out.exists() else []
        ), "nothing written beside the output folder"
    elif case.code == 0:
        summary = json.loads((period / "summary.json").read_text("utf-8"))
        assert summary["status"] == "passed"
        assert all(
            r["used"] + r["excluded_total"] + r["refused"] == r["rows_read"]
            for r in summary["rows"]
        )
    else:
        summary = json.loads((period / "summary.json").read_text("utf-8"))
        assert summary["status"] == "failed_quality_gate"
        assert summary["totals"] is None and summary["vintages"] == []
        assert summary["quality"]["errors"] >= 1
        assert not (period / f"GOLD-1_{START}_{END}_verification.xlsx").exists()
        assert (period / f"GOLD-1_{START}_{END}_data_quality.xlsx").exists()
    assert len(CASES) >= 15

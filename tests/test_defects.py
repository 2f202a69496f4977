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
        ("deforestation_events.csv", "row 3", "area_ha", "two"),
    ),
    Case(
        "unparseable-date",
        _replace("fire_events.csv", "2020-08-15", "15/08/2020"),
        2,
        ("fire_events.csv", "row 2", "burned_on"),
    ),
    Case(
        "decimal-comma",
        _replace("baseline_exante.csv", "project_area,S1,2019,10", 'project_area,S1,2019,"10,5"'),
        2,
        ("baseline_exante.csv", "row 3", "decimal"),
    ),
    Case("latin-1", _latin1, 2, ("deforestation_events.csv", "UTF-8", "Latin-1")),
    Case("utf8-bom", _bom, 2, ("fire_events.csv", "byte-order mark")),
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
    # exit 1: the data-quality gate
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
    else:
        summary = json.loads((period / "summary.json").read_text("utf-8"))
        assert summary["status"] == "failed_quality_gate"
        assert summary["totals"] is None and summary["vintages"] == []
        assert summary["quality"]["errors"] >= 1
        assert not (period / f"GOLD-1_{START}_{END}_verification.xlsx").exists()
        assert (period / f"GOLD-1_{START}_{END}_data_quality.xlsx").exists()
    assert len(CASES) >= 15

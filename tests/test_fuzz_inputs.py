"""Fuzzing the inputs (issue 14): mutated CSV, XLSX, GeoJSON and YAML files of a golden project.

Invariants:

- reading (``collect``) ends in a result or an :class:`InputError`, never another exception,
  and every GeoJSON feature is a record;
- the CLI ``run`` ends in exit 0, 1 or 2 (never 3, never a traceback), and when it writes a
  summary, the row ledger adds up for every file and to the rows read.

The CLI property runs few examples (one Prefect test server for the module); the reader
property runs many.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redd_audit.errors import InputError
from tasks.collect import collect

GOLDEN = Path(__file__).parent / "golden" / "one-stratum"
START, END = "2019-01-01", "2020-12-31"
FILES = [
    "deforestation_events.csv",
    "fire_events.csv",
    "baseline_exante.csv",
    "claimed_vintages.csv",
    "project.yaml",
]
TOKENS = [
    "", " ", ",", '"', "\r", "\n", "\r\n", "\ufeff", "\u200b", "\u202e", "\x1b[2J", "é",
    "E\u0301", "1e308", "-1", "NaN", "inf", "2019-02-29", "12,5", "=1+1", "S*", "..", "\x00",
    ":", "- ", "{", "[", "#", "&a", "*a", "!!python/object:os.system", "null", "~", "E2",
    "e2", "S1", "0", "2019", "project_area", "\xff",
]  # fmt: skip

# one operation: (kind, file index, a position fraction, a number, a token)
_OPERATION = st.tuples(
    st.sampled_from(["insert", "delete", "cell", "duplicate", "bom", "xlsx", "geojson"]),
    st.integers(0, len(FILES) - 1),
    st.floats(0, 1),
    st.integers(0, 12),
    st.sampled_from(TOKENS),
)
MUTATIONS = st.lists(_OPERATION, min_size=1, max_size=3)


def _path(folder: Path, name: str) -> Path | None:
    stem = name.rsplit(".", 1)[0]
    for suffix in (".csv", ".xlsx", ".geojson", ".yaml"):
        candidate = folder / f"{stem}{suffix}"
        if candidate.exists():
            return candidate
    return None


def _to_xlsx(path: Path, formula: bool) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    text = path.read_bytes().decode("utf-8", errors="replace")
    for i, line in enumerate(text.splitlines()):
        cells: list[object] = []
        for cell in line.split(","):
            try:
                cells.append(float(cell) if i else cell)
            except ValueError:
                cells.append(cell)
        if formula and i == 1 and cells:
            cells[-1] = "=1+1"
        sheet.append(cells)
    path.unlink()
    workbook.save(path.with_suffix(".xlsx"))


def _to_geojson(path: Path, number: int) -> None:
    lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    header = lines[0].split(",")
    square = [[0, 0], [0.01, 0], [0.01, 0.01], [0, 0.01], [0, 0]]
    features: list[dict[str, object]] = []
    for i, line in enumerate(lines[1:]):
        props = dict(zip(header, line.split(","), strict=False))
        geometry: object = {"type": "Polygon", "coordinates": [square]}
        if i == number % max(len(lines) - 1, 1):
            geometry = [None, {"type": "Polygon", "coordinates": [square[::2] + square[:1]]}][
                number % 2
            ]
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    path.unlink()
    document = {"type": "FeatureCollection", "features": features}
    path.with_suffix(".geojson").write_text(json.dumps(document), "utf-8")


def apply(folder: Path, operations: list[tuple[str, int, float, int, str]]) -> None:
    """Apply the drawn operations to a copy of the golden project."""
    for kind, index, where, number, token in operations:
        path = _path(folder, FILES[index])
        if path is None:
            continue
        if kind in ("xlsx", "geojson"):
            if path.suffix == ".csv" and (kind == "xlsx" or path.stem == "deforestation_events"):
                _to_xlsx(path, number % 2 == 1) if kind == "xlsx" else _to_geojson(path, number)
            continue
        if path.suffix not in (".csv", ".yaml"):
            continue
        data = path.read_bytes()
        at = int(where * len(data))
        token_bytes = token.encode("utf-8", errors="surrogatepass") if token != "\xff" else b"\xff"
        if kind == "insert":
            data = data[:at] + token_bytes + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + number :]
        elif kind == "bom":
            data = b"\xef\xbb\xbf" + data
        elif kind == "duplicate":
            lines = data.split(b"\n")
            line = lines[min(number, len(lines) - 1)]
            lines.insert(min(number, len(lines)), line)
            data = b"\n".join(lines)
        elif kind == "cell" and path.suffix == ".csv":
            lines = data.split(b"\n")
            row = lines[min(number, len(lines) - 1)].split(b",")
            row[int(where * (len(row) - 1))] = token_bytes
            lines[min(number, len(lines) - 1)] = b",".join(row)
            data = b"\n".join(lines)
        path.write_bytes(data)


def _copy(root: Path) -> Path:
    folder = root / "project"
    shutil.copytree(GOLDEN, folder)
    return folder


@settings(max_examples=100, deadline=None, database=None)
@given(MUTATIONS)
def test_reading_mutated_inputs_refuses_or_reads(operations) -> None:
    with tempfile.TemporaryDirectory() as root:
        folder = _copy(Path(root))
        apply(folder, operations)
        try:
            collected = collect(folder)
        except InputError as error:
            assert str(error).strip()
            return
        for table in collected.tables.values():
            if table.file.endswith(".geojson"):
                features = json.loads(table.path.read_text("utf-8"))["features"]
                assert table.rows == len(features)
            assert table.rows == len(table.frame)


@pytest.fixture(scope="module")
def cli():
    from prefect.testing.utilities import prefect_test_harness
    from typer.testing import CliRunner

    from flows.cli import app

    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, list(args), catch_exceptions=False)

    with prefect_test_harness(server_startup_timeout=120):
        yield invoke


@pytest.mark.slow
@settings(
    max_examples=6,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(MUTATIONS)
def test_cli_on_mutated_inputs_exits_0_1_or_2_and_the_ledger_adds_up(cli, operations) -> None:
    with tempfile.TemporaryDirectory() as root:
        folder = _copy(Path(root))
        apply(folder, operations)
        out = Path(root) / "out"
        result = cli(
            "run", "--project", str(folder), "--start", START, "--end", END, "--out", str(out)
        )
        assert result.exit_code in (0, 1, 2), result.output
        assert "Traceback" not in result.output
        summaries = list(out.rglob("summary.json")) if out.exists() else []
        if result.exit_code == 2:
            assert summaries == []
            return
        (path,) = summaries
        summary = json.loads(path.read_text("utf-8"))
        read = {i["file"]: i["rows"] for i in summary["inputs"]}
        for entry in summary["rows"]:
            assert entry["used"] + entry["excluded_total"] + entry["refused"] == entry["rows_read"]
            assert entry["rows_read"] == read[entry["file"]]

"""Issue 14 classes owned by the data-quality gate, through ``redd-audit run`` on a tmp copy of
the golden one-stratum project: physically impossible settings and numbers beyond any bound
are blocking findings (exit 1) naming file, record and column; input text is inert in the
Data Docs."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

GOLDEN = Path(__file__).parent / "golden" / "one-stratum"
START, END = "2019-01-01", "2020-12-31"
PERIOD = Path("GOLD-1") / f"{START}_{END}"


def _replace(name: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        path = folder / name
        text = path.read_text("utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), "utf-8")

    return edit


@pytest.fixture(scope="module")
def cli():
    from prefect.testing.utilities import prefect_test_harness

    from flows.cli import app

    runner = CliRunner()

    def invoke(project: Path, out: Path):
        args = ["run", "--project", str(project), "--start", START, "--end", END]
        return runner.invoke(app, [*args, "--out", str(out)], catch_exceptions=False)

    with prefect_test_harness(server_startup_timeout=120):
        yield invoke


BLOCKING = {
    # (b) physically impossible settings
    "post-deforestation-above-stock": (
        _replace(
            "project.yaml", "post_deforestation_tc_per_ha: 5", "post_deforestation_tc_per_ha: 131"
        ),
        ("project.yaml", "stratum_id=S1", "post_deforestation_tc_per_ha", "negative emissions"),
    ),
    "baseline-clears-more-than-the-stratum": (
        _replace("baseline_exante.csv", "project_area,S1,2021,10", "project_area,S1,2021,9980"),
        ("baseline_exante.csv", "zone=project_area, stratum_id=S1", "area_ha", "10010"),
    ),
    # (c) numbers so large that arithmetic would overflow
    "event-area-1e308": (
        _replace("deforestation_events.csv", "2019-06-01,2,", "2019-06-01,1e308,"),
        ("deforestation_events.csv", "row 3", "event_id=E2", "'area_ha'", "1e+308"),
    ),
    "stratum-area-1e308": (
        _replace("project.yaml", "area_ha: 10000", "area_ha: 1e308"),
        ("project.yaml", "stratum_id=S1", "'area_ha'", "1e+308"),
    ),
    "stock-1e300": (
        _replace("project.yaml", "above_ground: 100,", "above_ground: 1e300,"),
        ("project.yaml", "stratum_id=S1", "carbon_tc_per_ha.above_ground", "1e+300"),
    ),
    "claimed-vcus-1e308": (
        _replace("claimed_vintages.csv", "3600", "1e308"),
        ("claimed_vintages.csv", "vintage=2020", "'vcus'", "1e+308"),
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(BLOCKING))
def test_impossible_input_is_a_blocking_finding(case: str, tmp_path: Path, cli):
    edit, must_mention = BLOCKING[case]
    project = tmp_path / "project"
    shutil.copytree(GOLDEN, project)
    edit(project)
    result = cli(project, tmp_path / "out")
    output = result.output
    assert result.exit_code == 1, output
    assert "Traceback" not in output and "OverflowError" not in output
    errors = [line for line in output.splitlines() if line.startswith("[error]")]
    assert any(all(p in line for p in must_mention) for line in errors), output
    summary = json.loads((tmp_path / "out" / PERIOD / "summary.json").read_text("utf-8"))
    assert summary["status"] == "failed_quality_gate"
    assert summary["totals"] is None


HOSTILE_DRIVER = "<img src=x onerror=alert(1)>"
HOSTILE_SOURCE = "<script>alert(2)</script>"


@pytest.mark.slow
def test_input_text_is_inert_in_the_data_docs(tmp_path: Path, cli):
    """(a) a driver and a source holding markup are shown as text in every Data Docs page."""
    project = tmp_path / "project"
    shutil.copytree(GOLDEN, project)
    old = "E2,project_area,S1,2019-06-01,2,pasture,GEOBOSQUES"
    new = f'E2,project_area,S1,2019-06-01,2,"{HOSTILE_DRIVER}","{HOSTILE_SOURCE}"'
    _replace("deforestation_events.csv", old, new)(project)
    result = cli(project, tmp_path / "out")
    assert result.exit_code == 0, result.output  # an unknown driver is a warning
    docs = tmp_path / "out" / PERIOD / "data_docs"
    pages = [p for p in docs.rglob("*") if p.suffix in {".html", ".js", ".json"}]
    assert pages
    shown = 0
    for page in pages:
        text = page.read_text("utf-8", errors="replace")
        for raw in (HOSTILE_DRIVER, HOSTILE_SOURCE, "<script>alert", "<img src"):
            assert raw not in text, f"{raw!r} raw in {page.relative_to(docs)}"
        shown += text.count("&lt;img src=x onerror=alert(1)&gt;")
    assert shown >= 1

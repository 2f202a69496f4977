"""Section 1 exit codes (0/1/2) on crafted bad inputs of each issue-14 class, never a traceback,
never a write outside --out (golden one-stratum copies through the CLI)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.contract_oracle import (
    GOLDEN,
    G,
    cli_fixture,  # noqa: F401 (the module-scoped cli fixture)
    edit,
    golden_copy,
    rows,
    run,
    summary_of,
    text_of,
    xlsx_copy,
)


def _yaml(old: str, new: str):
    return lambda p: edit(p / "project.yaml", old, new)


def _events(old: str, new: str):
    return lambda p: edit(p / "deforestation_events.csv", old, new)


def _cr_only(p: Path) -> None:
    path = p / "fire_events.csv"
    path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r"))


def _loop(p: Path) -> None:
    (p / "fire_events.csv").unlink()
    (p / "fire_events.csv").symlink_to(p / "fire_events.csv")


def _geojson_null(p: Path) -> None:
    data = rows(p / "fire_events.csv")
    features = [
        {
            "type": "Feature",
            "properties": r,
            "geometry": {"type": "Point", "coordinates": [-69.5, -11.5]},
        }
        for r in data
    ]
    features.append({"type": "Feature", "properties": None, "geometry": None})
    (p / "fire_events.csv").unlink()
    (p / "fire_events.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": features}), "utf-8"
    )


BAD = [
    (
        "yaml-duplicate-key",
        _yaml(
            "materiality_fraction: 0.01", "materiality_fraction: 0.01\nmateriality_fraction: 0.5"
        ),
        2,
        ("project.yaml",),
    ),
    (
        "yaml-misspelt-key",
        _yaml("materiality_fraction:", "materiality_fracton:"),
        2,
        ("project.yaml", "materiality_fraction"),
    ),
    ("yaml-impossible-date", _yaml("start: 2010-01-01", "start: 2010-02-29"), 2, ("project.yaml",)),
    ("unsafe-project-id", _yaml("id: GOLD-1", "id: ../../escaped"), 2, ("project.yaml",)),
    ("zero-width-id", _events("E2,", "E\u200b2,"), 2, ("deforestation_events.csv",)),
    ("escape-in-id", _events("E3,", "E\x1b[2J3,"), 2, ("deforestation_events.csv",)),
    (
        "bad-date-names-record",
        _events("2019-06-01", "2019-13-01"),
        2,
        ("deforestation_events.csv", "E2", "detected_on"),
    ),
    ("cr-only", _cr_only, 2, ("fire_events.csv",)),
    ("looping-symlink", _loop, 2, ("fire_events.csv",)),
    (
        "uncached-formula-xlsx",
        lambda p: xlsx_copy(p, "fire_events", formula=True),
        2,
        ("fire_events.xlsx",),
    ),
    (
        "empty-first-sheet",
        lambda p: xlsx_copy(p, "fire_events", empty_first=True),
        2,
        ("fire_events.xlsx", "Data"),
    ),
    (
        "post-stock-above-forest",
        _yaml("post_deforestation_tc_per_ha: 5", "post_deforestation_tc_per_ha: 500"),
        1,
        (),
    ),
    (
        "overflowing-area",
        _events("E2,project_area,S1,2019-06-01,2,", "E2,project_area,S1,2019-06-01,1e308,"),
        1,
        (),
    ),
    (
        "exante-beyond-stratum",
        lambda p: edit(
            p / "baseline_exante.csv", "project_area,S1,2019,10", "project_area,S1,2019,20000"
        ),
        1,
        (),
    ),
    (
        "register-unknown-type",
        lambda p: (p / "verification_findings.csv").write_text(
            "finding_id,type,status,raised_on,reference,description,response\n"
            "X-01,XYZ,open,2021-03-01,MR 1,Unknown type,\n",
            "utf-8",
        ),
        (1, 2),
        ("verification_findings.csv", "X-01", "type"),
    ),
    ("geojson-null-feature", _geojson_null, (1, 2), ("fire_events.geojson",)),
]


@pytest.mark.slow
@pytest.mark.parametrize("name,mutate,code,words", BAD, ids=[b[0] for b in BAD])
def test_bad_input_exit_codes(cli, tmp_path, name, mutate, code, words):
    project = golden_copy(tmp_path, "p")
    mutate(project)
    out = tmp_path / "deep" / "out"
    out.mkdir(parents=True)
    result = run(cli, project, out)
    said = text_of(result)
    codes = code if isinstance(code, tuple) else (code,)
    assert result.exit_code in codes, said
    assert "Traceback" not in said
    assert "\x1b[2J" not in said, "terminal escapes from inputs reach the terminal raw"
    for word in words:
        assert word in said, (word, said)
    written = {p for p in tmp_path.rglob("*") if p.is_file()} - {
        p for p in tmp_path.rglob("*") if p.is_file() and (project in p.parents or out in p.parents)
    }
    assert not written, f"written outside --out: {written}"
    if result.exit_code == 1:
        s = summary_of(next((out / "GOLD-1").iterdir()))
        assert s["status"] == "failed_quality_gate" and s["quality"]["errors"] > 0


@pytest.mark.slow
def test_bad_invocations_exit_2(cli, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", "utf-8")
    cases = [
        ("run", "--project", str(GOLDEN), "--start", G[1], "--end", G[0], "--out", str(tmp_path)),
        ("run", "--project", str(tmp_path / "missing"), "--start", G[0], "--end", G[1]),
        ("run", "--project", str(GOLDEN), "--start", "2019-02-30", "--end", G[1]),
        ("run", "--project", str(GOLDEN), "--start", G[0], "--end", G[1], "--out", str(blocker)),
        ("validate", "--project", str(GOLDEN), "--start", G[0]),
    ]
    for args in cases:
        result = cli(*args)
        assert result.exit_code == 2, (args, text_of(result))
        assert "Traceback" not in text_of(result), args


@pytest.mark.slow
def test_validate_checks_only(cli, tmp_path):
    result = cli(
        "validate", "--project", str(GOLDEN), "--start", G[0], "--end", G[1], "--out", str(tmp_path)
    )
    assert result.exit_code == 0, text_of(result)
    assert "Traceback" not in text_of(result)

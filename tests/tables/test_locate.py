"""redd_audit.tables.locate: where a table's file is in the project folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from redd_audit.errors import InputError
from redd_audit.tables.locate import locate, resolve_table_path, suffixes
from redd_audit.tables.schemas import SCHEMAS
from tests.mirror_support import project


def test_suffixes_follow_the_schema() -> None:
    assert suffixes(SCHEMAS["baseline_exante"]) == (".csv", ".xlsx")
    assert suffixes(SCHEMAS["deforestation_events"]) == (".csv", ".xlsx", ".geojson")


def test_default_name_and_optional_absence(tmp_path: Path) -> None:
    (tmp_path / "baseline_exante.xlsx").write_bytes(b"x")
    path, name = locate(tmp_path, project(), "baseline_exante")
    assert name == "baseline_exante.xlsx" and path == (tmp_path / name).resolve()
    assert resolve_table_path(tmp_path, project(), "fire_events") is None


def test_missing_required_table_lists_the_candidates(tmp_path: Path) -> None:
    with pytest.raises(
        InputError, match=r"expected one of baseline_exante.csv, baseline_exante.xlsx"
    ):
        locate(tmp_path, project(), "baseline_exante")


def test_two_candidates_are_refused(tmp_path: Path) -> None:
    for suffix in (".csv", ".xlsx"):
        (tmp_path / f"baseline_exante{suffix}").write_bytes(b"x")
    with pytest.raises(InputError, match="given by more than one file"):
        locate(tmp_path, project(), "baseline_exante")


def test_unknown_table_and_unknown_override() -> None:
    with pytest.raises(InputError, match="unknown table 'nope'"):
        locate(Path("."), project(), "nope")
    with pytest.raises(InputError, match=r"setting 'tables.nope': unknown table"):
        locate(Path("."), project(tables={"nope": "x.csv"}), "baseline_exante")


def test_override_inside_the_folder(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "base.csv").write_bytes(b"x")
    p = project(tables={"baseline_exante": "in\\base.csv"})
    path, name = locate(tmp_path, p, "baseline_exante")
    assert name == "in/base.csv"
    assert path == (tmp_path / "in" / "base.csv").resolve()


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("/etc/passwd.csv", "not an absolute path"),
        ("C:/x.csv", "not an absolute path"),
        ("../x.csv", "resolves outside the project folder"),
        ("base.txt", "unsupported file type '.txt'"),
        ("absent.csv", "file not found in the project folder"),
        ("  ", "expected a file path"),
    ],
)
def test_bad_overrides_name_the_setting(tmp_path: Path, given: str, message: str) -> None:
    (tmp_path / "base.txt").write_bytes(b"x")
    with pytest.raises(InputError, match=message) as info:
        locate(tmp_path, project(tables={"baseline_exante": given}), "baseline_exante")
    assert info.value.file == "project.yaml"
    assert "setting 'tables.baseline_exante'" in str(info.value)


def test_symbolic_link_leading_outside_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.csv"
    outside.write_bytes(b"x")
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "baseline_exante.csv").symlink_to(outside)
    with pytest.raises(InputError, match="resolves outside the project folder") as info:
        locate(folder, project(), "baseline_exante")
    assert info.value.file == "baseline_exante.csv"


def test_a_folder_is_not_a_table(tmp_path: Path) -> None:
    (tmp_path / "baseline_exante.csv").mkdir()
    with pytest.raises(InputError, match="not a regular file"):
        locate(tmp_path, project(), "baseline_exante")

"""project.yaml hardening (issue 14): duplicate and unknown keys, impossible dates, safe ids,
the new optional settings, and the monitoring period against the crediting period."""

from __future__ import annotations

import datetime as dt
import pickle
import shutil
from pathlib import Path

import pytest

from redd_audit.errors import InputError
from redd_audit.project import Project, check_stratum_id, load_project

GOLDEN = Path(__file__).parent / "golden" / "one-stratum"


def _project(tmp_path: Path, edit) -> Path:
    folder = tmp_path / "project"
    shutil.copytree(GOLDEN, folder)
    path = folder / "project.yaml"
    path.write_text(edit(path.read_text("utf-8")), "utf-8")
    return folder


def _refused(tmp_path: Path, edit) -> InputError:
    with pytest.raises(InputError) as caught:
        load_project(_project(tmp_path, edit))
    return caught.value


def _line(folder_text: str, needle: str) -> int:
    return next(i for i, line in enumerate(folder_text.splitlines(), 1) if needle in line)


def test_golden_project_loads_with_defaults_for_new_settings() -> None:
    project = load_project(GOLDEN)
    assert project.documents == [] and project.monitoring_periods == []
    assert project.monitoring_period_years is None
    assert project.map_accuracy.change_class == "deforestation"


# ---------------------------------------------------------------------- duplicate / unknown keys


def test_duplicate_top_level_key_names_both_lines(tmp_path: Path) -> None:
    error = _refused(tmp_path, lambda t: t + "materiality_fraction: 0.05\n")
    text = (GOLDEN / "project.yaml").read_text("utf-8")
    assert error.line == len(text.splitlines()) + 1
    assert f"first given on line {_line(text, 'materiality_fraction')}" in str(error)
    assert "duplicate key 'materiality_fraction'" in str(error)


def test_duplicate_nested_key(tmp_path: Path) -> None:
    error = _refused(
        tmp_path,
        lambda t: t.replace("    name: Terra firme\n", "    name: Terra firme\n    name: X\n"),
    )
    assert "duplicate key 'strata.0.name'" in str(error)
    assert error.line is not None and f"line {error.line}" in str(error)


def test_misspelt_top_level_key_gets_a_suggestion_and_line(tmp_path: Path) -> None:
    error = _refused(
        tmp_path, lambda t: t.replace("materiality_fraction: 0.01", "materiality_fracton: 0.01")
    )
    text = (GOLDEN / "project.yaml").read_text("utf-8")
    assert f"line {_line(text, 'materiality_fraction')}" in str(error)
    assert "'materiality_fracton'" in str(error)
    assert "did you mean 'materiality_fraction'?" in str(error)


@pytest.mark.parametrize(
    ("old", "new", "suggested"),
    [
        ("risk_rating_fraction: 0.10", "risk_rating_fracton: 0.10", "risk_rating_fraction"),
        (
            "post_deforestation_tc_per_ha: 5",
            "post_deforestaton_tc_per_ha: 5",
            "post_deforestation_tc_per_ha",
        ),
        ("{ch4: 25, n2o: 298}", "{ch4: 25, n20: 298}", "n2o"),
        ('version: "1.6"', 'versoin: "1.6"', "version"),
    ],
)
def test_misspelt_nested_key_gets_a_suggestion(
    tmp_path: Path, old: str, new: str, suggested: str
) -> None:
    error = _refused(tmp_path, lambda t: t.replace(old, new))
    assert f"did you mean '{suggested}'?" in str(error)
    assert "line " in str(error)


# ---------------------------------------------------------------------- dates


@pytest.mark.parametrize("date", ["2019-02-29", "2021-04-31", "2019-13-01"])
def test_impossible_date_names_its_line(tmp_path: Path, date: str) -> None:
    error = _refused(tmp_path, lambda t: t.replace("start: 2010-01-01", f"start: {date}"))
    text = (GOLDEN / "project.yaml").read_text("utf-8")
    assert f"line {_line(text, 'crediting_period')}" in str(error)
    assert date in str(error)


def test_quoted_impossible_date_names_its_line(tmp_path: Path) -> None:
    error = _refused(tmp_path, lambda t: t.replace("start: 2010-01-01", 'start: "2019-02-29"'))
    assert "line 8" in str(error) and "crediting_period.start" in str(error)


# ---------------------------------------------------------------------- ids


@pytest.mark.parametrize(
    "bad", ["../../x", "/tmp/x", "a/b", "a\\\\b", "..", "x..y", ".hidden", "", "a" * 65]
)
def test_unsafe_project_id_is_refused(tmp_path: Path, bad: str) -> None:
    error = _refused(tmp_path, lambda t: t.replace("id: GOLD-1", f'id: "{bad}"'))
    assert "setting 'id'" in str(error)
    assert "folder name" in str(error) or "at least" in str(error)


@pytest.mark.parametrize("good", ["VCS-868", "GOLD_1.v2", "1234"])
def test_safe_project_ids(tmp_path: Path, good: str) -> None:
    assert (
        load_project(_project(tmp_path, lambda t: t.replace("id: GOLD-1", f"id: {good}"))).id
        == good
    )


@pytest.mark.parametrize(
    "bad",
    ["TF*", "T?F", "~TF", "=TF", "<5", ">5", " TF", "TF ", "T\u200bF", "T\u202eF", "T\x1bF", ""],
)
def test_stratum_ids_unsafe_in_spreadsheet_criteria_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        check_stratum_id(bad)


@pytest.mark.parametrize("good", ["TF", "TF-1 (north)", "Várzea", "A/B", "5", "T=F", "TF>"])
def test_stratum_ids_that_criteria_match_exactly(good: str) -> None:
    assert check_stratum_id(good) == good


def test_stratum_id_is_nfc_normalised_and_case_variants_refused(tmp_path: Path) -> None:
    project = load_project(_project(tmp_path, lambda t: t.replace("id: S1", 'id: "Va\u0301rzea"')))
    assert project.stratum_ids == ["V\u00e1rzea"]
    second = "  - id: s1\n    area_ha: 10\n    carbon_tc_per_ha: {above_ground: 100}\n"
    error = _refused(tmp_path / "b", lambda t: t + second)
    assert "differ only in letter case" in str(error)


def test_stratum_wildcard_through_the_loader(tmp_path: Path) -> None:
    error = _refused(tmp_path, lambda t: t.replace("id: S1", 'id: "S*"'))
    assert "strata.0.id" in str(error) and "wildcard" in str(error)


# ---------------------------------------------------------------------- new settings


def _with(text: str, extra: str) -> str:
    return text + extra


def test_documents_and_periods_are_read(tmp_path: Path) -> None:
    extra = (
        "documents:\n"
        "  - {id: PD, title: Project description, version: 2.1, date: 2011-05-01}\n"
        "  - {id: MR-2020, title: Monitoring report 2019-2020}\n"
        "monitoring_periods:\n"
        "  - {start: 2010-01-01, end: 2018-12-31}\n"
        "  - {start: 2019-01-01, end: 2020-12-31}\n"
        "monitoring_period_years: 2\n"
        "map_accuracy: {change_class: forest_loss}\n"
    )
    project = load_project(_project(tmp_path, lambda t: _with(t, extra)))
    assert [d.id for d in project.documents] == ["PD", "MR-2020"]
    assert project.documents[0].version == "2.1"
    assert project.documents[0].date == dt.date(2011, 5, 1)
    assert project.monitoring_periods[1].end == dt.date(2020, 12, 31)
    assert project.monitoring_period_years == 2
    assert project.map_accuracy.change_class == "forest_loss"


@pytest.mark.parametrize(
    ("periods", "phrase"),
    [
        (
            "[{start: 2019-01-01, end: 2020-12-31}, {start: 2020-06-01, end: 2021-12-31}]",
            "overlaps",
        ),
        (
            "[{start: 2019-01-01, end: 2020-12-31}, {start: 2011-01-01, end: 2012-12-31}]",
            "comes before",
        ),
        ("[{start: 2039-01-01, end: 2041-12-31}]", "outside the crediting period"),
        ("[{start: 2020-01-01, end: 2019-12-31}]", "before start"),
    ],
)
def test_bad_monitoring_periods(tmp_path: Path, periods: str, phrase: str) -> None:
    error = _refused(tmp_path, lambda t: _with(t, f"monitoring_periods: {periods}\n"))
    assert phrase in str(error) and "monitoring_periods" in str(error)


def test_monitoring_period_years_and_document_ids(tmp_path: Path) -> None:
    assert "monitoring_period_years" in str(
        _refused(tmp_path, lambda t: _with(t, "monitoring_period_years: 0\n"))
    )
    docs = "documents: [{id: A, title: x}, {id: A, title: y}]\n"
    assert "document ids must be unique" in str(_refused(tmp_path / "b", lambda t: _with(t, docs)))


# ---------------------------------------------------------------------- the monitoring period


@pytest.mark.parametrize(
    ("start", "end", "phrase"),
    [
        ("2041-01-01", "2041-12-31", "starts after the end of the crediting period"),
        ("2005-01-01", "2009-12-31", "ends before the start of the crediting period"),
        ("2039-01-01", "2041-12-31", "reaches outside the crediting period"),
        ("2009-06-01", "2010-12-31", "reaches outside the crediting period"),
    ],
)
def test_check_period_outside_the_crediting_period(start: str, end: str, phrase: str) -> None:
    project = load_project(GOLDEN)
    with pytest.raises(InputError, match=phrase):
        project.check_period(dt.date.fromisoformat(start), dt.date.fromisoformat(end))


def test_check_period_inside_and_collect_uses_it() -> None:
    from tasks.collect import collect

    project = load_project(GOLDEN)
    project.check_period(dt.date(2010, 1, 1), dt.date(2040, 12, 31))
    with pytest.raises(InputError, match="starts after the end"):
        collect(GOLDEN, dt.date(2041, 1, 1), dt.date(2041, 12, 31))


def test_input_error_keeps_its_fields_through_pickling() -> None:
    error = InputError("bad", file="f.csv", row=3, column="c", record="event_id=E1", details=["a"])
    again = pickle.loads(pickle.dumps(error))
    assert (again.file, again.row, again.column, again.record, again.details) == (
        "f.csv",
        3,
        "c",
        "event_id=E1",
        ("a",),
    )
    assert str(again) == str(error)


def test_project_model_forbids_unknown_keys() -> None:
    assert Project.model_config["extra"] == "forbid"


# ---------------------------------------------------------------------- characters YAML refuses


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b"])
def test_control_character_in_yaml_is_a_clear_refusal(tmp_path: Path, char: str) -> None:
    error = _refused(tmp_path, lambda t: t.replace("\nname:", f"\nname: {char}", 1) or t)
    assert f"U+{ord(char):04X} is not allowed" in str(error)
    assert error.line is not None and error.line > 1

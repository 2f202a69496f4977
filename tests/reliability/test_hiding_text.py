"""Class 6 of issue 21: text that hides. Right-to-left overrides and homoglyphs in ids and
names are shown visibly in every message and sheet, and never silently merged or split."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.terminal import visible as terminal_visible
from redd_audit.errors import InputError
from redd_audit.project import load_project
from redd_audit.tables.ids import look_alike
from redd_audit.tables.read import read_table
from redd_audit.workbook.writer import _clean_text
from tests.test_read import EVENTS, EVENTS_HEADER, make_project

ROW = "project_area,TF,2021-03-01,2.5,agriculture,PRODES"
RLO = "\u202e"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "project"
    path.mkdir()
    return path


def _events(folder: Path, *ids: str) -> InputError:
    lines = "".join(f"{i},{ROW}\n" for i in ids)
    (folder / "deforestation_events.csv").write_text(f"{EVENTS_HEADER}\n{lines}", "utf-8")
    with pytest.raises(InputError) as caught:
        read_table(folder, make_project(), EVENTS)
    return caught.value


def test_right_to_left_override_in_an_id_is_refused_and_shown_escaped(folder: Path) -> None:
    error = _events(folder, f"E-1{RLO}2-E")
    assert RLO not in str(error) and "\\u202e" in str(error)
    assert (error.row, error.column) == (2, "event_id")


def test_cyrillic_lookalike_beside_the_latin_id_is_not_merged(folder: Path) -> None:
    error = _events(folder, "E-1", "\u0415-1")  # CYRILLIC CAPITAL LETTER IE
    assert (error.row, error.column) == (3, "event_id")
    assert "U+0415 CYRILLIC CAPITAL LETTER IE" in str(error) and "'E-1'" in str(error)


def test_mixed_script_id_is_refused_naming_the_letters(folder: Path) -> None:
    error = _events(folder, "PL\u041e-7")  # Latin P, L + Cyrillic O
    assert "mixes Latin with CYRILLIC" in str(error) and "U+041E" in str(error)


def test_greek_lookalike_in_a_stratum_reference_is_refused(folder: Path) -> None:
    (folder / "deforestation_events.csv").write_text(
        f"{EVENTS_HEADER}\nE-1,project_area,\u03a4F,2021-03-01,2.5,agriculture,PRODES\n", "utf-8"
    )
    with pytest.raises(InputError) as caught:
        read_table(folder, make_project(), EVENTS)
    assert caught.value.column == "stratum_id" and "GREEK" in str(caught.value)


def test_full_width_lookalike_is_refused_naming_the_code_points(folder: Path) -> None:
    error = _events(folder, "E-1", "\uff25-\uff11")  # FULLWIDTH LATIN CAPITAL LETTER E, DIGIT ONE
    assert (error.row, error.column) == (3, "event_id")
    assert "reads as 'E-1'" in str(error) and "U+FF25 FULLWIDTH LATIN CAPITAL LETTER E" in str(
        error
    )


def test_honest_non_latin_ids_are_read(folder: Path) -> None:
    assert look_alike("Дуб-1") is None  # Cyrillic with letters that have no Latin twin
    assert look_alike("São-José") is None
    (folder / "deforestation_events.csv").write_text(
        f"{EVENTS_HEADER}\nДуб-1,{ROW}\nSão-1,{ROW}\n", "utf-8"
    )
    loaded = read_table(folder, make_project(), EVENTS)
    assert loaded is not None and loaded.frame["event_id"].tolist() == ["Дуб-1", "São-1"]


def test_workbook_text_shows_bidi_controls_as_escapes() -> None:
    assert _clean_text(f"Forest {RLO}lanigiro") == "Forest \\u202elanigiro"
    assert _clean_text("Bosques Amazónicos") == "Bosques Amazónicos"


def test_terminal_shows_overrides_and_line_separators_as_escapes() -> None:
    shown = terminal_visible(f"E-1{RLO}x\u2028y\u2066")
    assert shown == "E-1\\u202ex\\u2028y\\u2066"


def test_document_id_with_an_override_is_refused_shown_escaped(tmp_path: Path) -> None:
    project = tmp_path / "p"
    project.mkdir()
    (project / "project.yaml").write_text(
        "id: P-1\ncrediting_period: {start: 2010-01-01, end: 2040-12-31}\n"
        "accounting: {buffer: {risk_rating_fraction: 0.1}}\n"
        "strata: [{id: TF, area_ha: 10, carbon_tc_per_ha: {above_ground: 100}}]\n"
        f'documents: [{{id: "PD{RLO}1", title: "Project description"}}]\n',
        "utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_project(project)
    assert RLO not in str(caught.value) and "202e" in str(caught.value).lower()


def test_stratum_name_with_an_override_is_kept_and_escaped_in_sheets(tmp_path: Path) -> None:
    """A name is free text (kept as written); the workbook writer escapes its bidi controls."""
    project = tmp_path / "p"
    project.mkdir()
    (project / "project.yaml").write_text(
        "id: P-1\ncrediting_period: {start: 2010-01-01, end: 2040-12-31}\n"
        "accounting: {buffer: {risk_rating_fraction: 0.1}}\n"
        f'strata: [{{id: TF, name: "Terra {RLO}emrif", area_ha: 10, '
        "carbon_tc_per_ha: {above_ground: 100}}]\n",
        "utf-8",
    )
    name = load_project(project).strata[0].name
    assert name == f"Terra {RLO}emrif" and _clean_text(name) == "Terra \\u202eemrif"

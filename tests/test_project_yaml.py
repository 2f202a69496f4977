"""redd_audit.project_yaml: parsing project.yaml so that refusals name their line."""

from __future__ import annotations

import datetime as dt

import pytest

from redd_audit.errors import InputError
from redd_audit.project import Project
from redd_audit.project_yaml import line_of, model_at, parse, suggestion

TEXT = """\
id: P
crediting_period:
  start: 2010-01-01
  end: 2040-12-31
strata:
  - id: S1
    area_ha: 10
  - id: S2
"""


def test_document_and_lines() -> None:
    data, lines = parse(TEXT, "project.yaml")
    assert data["crediting_period"]["start"] == dt.date(2010, 1, 1)
    assert lines[("crediting_period", "end")] == 4
    assert lines[("strata", 1)] == 8
    assert lines[("strata", 0, "area_ha")] == 7
    assert line_of(lines, ("strata", 0, "carbon_tc_per_ha", "litter")) == 6
    assert line_of(lines, ("nothing",)) is None


def test_empty_document() -> None:
    assert parse("", "project.yaml") == (None, {})


def test_duplicate_key_names_both_lines() -> None:
    with pytest.raises(
        InputError, match=r"duplicate key 'crediting_period.start' \(first given on line 3\)"
    ) as info:
        parse(TEXT.replace("  end:", "  start:"), "project.yaml")
    assert (info.value.file, info.value.line) == ("project.yaml", 4)


def test_impossible_date_names_its_line() -> None:
    with pytest.raises(InputError, match="'2019-02-29' is not a calendar date") as info:
        parse("id: P\nstart: 2019-02-29\n", "project.yaml")
    assert info.value.line == 2


def test_malformed_yaml_and_control_characters() -> None:
    with pytest.raises(InputError, match="malformed YAML") as info:
        parse("id: [P\nx: 1\n", "project.yaml")
    assert info.value.line is not None
    with pytest.raises(InputError, match=r"the character U\+0000 is not allowed") as info:
        parse("id: P\nx: a\x00\n", "project.yaml")
    assert info.value.line == 2


def test_models_and_suggestions() -> None:
    assert model_at(Project, ()) is Project
    stratum = model_at(Project, ("strata", 0))
    assert stratum is not None and "area_ha" in stratum.model_fields
    assert model_at(Project, ("id", "x")) is None
    assert suggestion(Project, ("strata", 0, "area_hs")) == "; did you mean 'area_ha'?"
    assert suggestion(Project, ("crediting_period", "zzz")).startswith(
        "; known settings here: start, end"
    )

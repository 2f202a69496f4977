"""redd_audit.workbook.sheets.parameters: named constants, project settings, documents."""

from __future__ import annotations

import dataclasses

import pytest

from redd_audit import parameters as parameter_records
from redd_audit.project import Project
from redd_audit.workbook.book import Book
from redd_audit.workbook.model import Formula
from redd_audit.workbook.sheets import parameters
from redd_audit.workbook.sheets.parameters import PARAMETER_NAMES, setting_codes
from tests.workbook.case import project_dict
from tests.workbook.spec_helpers import all_text, cell, main_context, main_spec, named, named_cell


def test_constants_are_named_inputs_with_their_record_values() -> None:
    spec = main_spec()
    for key, rec in parameter_records.records().items():
        name = PARAMETER_NAMES.get(key, key)
        sheet, row, col = named(spec, name)
        assert sheet.name == parameters.NAME and col == 2
        c = named_cell(spec, name)
        assert c.role == "input" and c.value == pytest.approx(rec.value)
        assert cell(sheet, row, 1).value == name  # type: ignore[union-attr]
        assert spec.name(name).comment == rec.description
    assert "CO2_per_C" in {n.name for n in spec.names}


def test_sections_and_subtitles() -> None:
    sheet = main_spec().sheet(parameters.NAME)
    text = all_text(sheet)
    assert f"parameters.yaml version {parameter_records.version()}" in text
    assert "2. Project settings (project.yaml) and rule set" in text
    assert "Project documents" not in text  # the case lists no document


def test_setting_codes() -> None:
    assert setting_codes("accounting.rules.leakage_netting") == ("per_vintage", "per_period")
    assert setting_codes("materiality_fraction") is None
    assert setting_codes("no.such.setting") is None


def test_text_switch_settings_are_lists() -> None:
    spec = main_spec()
    coded = [
        (r, c)
        for r, row in enumerate(spec.sheet(parameters.NAME).rows, 1)
        for c, x in enumerate(row, 1)
        if x is not None and x.allowed
    ]
    assert coded
    for r, c in coded:
        x = cell(spec.sheet(parameters.NAME), r, c)
        assert x is not None and x.role == "input" and x.value in x.allowed  # type: ignore[operator]


def test_documents_listed_and_cited() -> None:
    data = project_dict()
    data["documents"] = [{"id": "PD", "title": "Project description", "date": "2018-01-02"}]
    ctx = dataclasses.replace(main_context(), project=Project.model_validate(data))
    book = Book(ctx=ctx, row_limit=1000)
    sheet = parameters.build(book).spec()
    text = all_text(sheet)
    assert "Project documents (project.yaml documents:)" in text
    assert "Validated values: Project description, dated 2018-01-02" in text
    assert any(
        isinstance(x, object) and getattr(x, "value", None) == "PD"
        for row in sheet.rows
        for x in row
    )
    formulas = [x.value for row in sheet.rows for x in row if x and isinstance(x.value, Formula)]
    assert all(f.text.startswith("=") for f in formulas)

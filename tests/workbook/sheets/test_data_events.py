"""redd_audit.workbook.sheets.data_events: columns, helper formulas and names of event sheets."""

from __future__ import annotations

from redd_audit.tables.schemas import ACCOUNTING_ZONES, OTHER_ZONES
from redd_audit.workbook.model import Formula
from redd_audit.workbook.sheets.calendar import project_year_label
from redd_audit.workbook.sheets.data_events import (
    AREA,
    EVENT_COLUMNS,
    EVENT_HELPERS,
    EVENT_NAMES,
    EXANTE_NAMES,
    FIRE_HELPERS,
    FIRE_NAMES,
    REFUSED,
    ZONE,
    project_year_helpers,
)
from tests.workbook.spec_helpers import main_spec, names_on

L = {
    "detected_on": "E",
    "refused": "I",
    "accounted": "M",
    "burned_on": "E",
    "zone": "C",
    "land_cover": "G",
}


def test_input_columns_validations() -> None:
    assert ZONE.allowed == (*ACCOUNTING_ZONES, *OTHER_ZONES)
    assert AREA.minimum == 0.0
    assert (REFUSED.minimum, REFUSED.maximum) == (0, 1)
    assert [c.key for c in EVENT_COLUMNS][:3] == ["_row", "event_id", "zone"]


def test_event_helpers() -> None:
    year, accounted, in_period = (h.template(L) for h in EVENT_HELPERS)
    assert year == "=YEAR(E{r})"
    assert accounted == ("=IF(AND(I{r}=0,E{r}>=Crediting_Start,E{r}<=Period_End),1,0)")
    assert in_period == "=IF(AND(M{r}=1,E{r}>=Period_Start),1,0)"


def test_fire_helpers() -> None:
    year, counts = (h.template(L) for h in FIRE_HELPERS)
    assert year == "=YEAR(E{r})"
    assert counts == (
        '=IF(AND(I{r}=0,C{r}="project_area",G{r}="forest",E{r}>=Period_Start,E{r}<=Period_End),1,0)'
    )


def test_project_year_helpers_replace_only_the_year() -> None:
    helpers = project_year_helpers(EVENT_HELPERS, "detected_on")
    assert [h.key for h in helpers] == [h.key for h in EVENT_HELPERS]
    assert helpers[0].header == "Project year (label) of detected_on"
    assert helpers[0].template(L) == f"={project_year_label('E{r}')}"
    assert helpers[1] is EVENT_HELPERS[1]


def test_names_defined_on_the_sheets() -> None:
    spec = main_spec()
    assert set(EVENT_NAMES.values()) <= set(names_on(spec, "Events"))
    assert set(FIRE_NAMES.values()) <= set(names_on(spec, "Fires"))
    assert set(EXANTE_NAMES.values()) <= set(names_on(spec, "Ex-ante baseline"))
    table = spec.sheet("Events").table
    assert table is not None
    year = next(c for c in table.columns if c.header == "Cohort year = YEAR(detected_on)")
    assert year.template is not None and year.template.endswith("YEAR(E{r}))")
    assert Formula(year.template.replace("{r}", "10")).text.startswith("=IF(B10=")

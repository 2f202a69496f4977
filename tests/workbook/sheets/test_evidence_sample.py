"""redd_audit.workbook.sheets.evidence_sample: MUS parameters, population, selected events."""

from __future__ import annotations

import pytest

from redd_audit.formulas.monetary_unit import (
    event_value_tco2e,
    sampling_interval_tco2e,
    tainting_fraction,
)
from redd_audit.workbook.model import Formula
from redd_audit.workbook.sheets import evidence_sample
from redd_audit.workbook.sheets.evidence_sample import _population_area
from tests.workbook.spec_helpers import (
    all_text,
    cell,
    cycle_context,
    cycle_spec,
    find,
    formula_of,
    main_spec,
    named_cell,
)

FIRST, LAST = 38, 52  # 15 selected events


def test_without_a_sample() -> None:
    sheet = main_spec().sheet(evidence_sample.SHEET)
    assert "No figures were computed: no evidence sample." in all_text(sheet)
    assert not any(n.sheet == evidence_sample.SHEET for n in main_spec().names)


def test_population_area_criteria() -> None:
    assert _population_area("$A15", False) == (
        'SUMIFS(Ev_Area_ha,Ev_Zone,"project_area",Ev_Stratum,"="&SUBSTITUTE(SUBSTITUTE('
        'SUBSTITUTE($A15,"~","~~"),"*","~*"),"?","~?"),Ev_In_Period,1,Ev_Area_ha,">0")'
    )
    assert _population_area("$A15", True) == (
        'SUMPRODUCT(Ev_Area_ha*(Ev_Zone="project_area")*EXACT(Ev_Stratum,$A15)'
        "*(Ev_In_Period=1)*(Ev_Area_ha>0))"
    )


def test_parameters_are_named_cells() -> None:
    spec = cycle_spec()
    sample = cycle_context().evidence_sample
    assert sample is not None
    assert formula_of(spec, "MUS_Tolerable_Misstatement_tCO2e") == "=$C$5*$C$6"
    assert named_cell(spec, "MUS_Reliability_Factor").value == sample.reliability_factor
    assert named_cell(spec, "MUS_Seed").value == 42 == sample.seed
    start = named_cell(spec, "MUS_Start_Fraction")
    assert start.role == "input" and start.value == pytest.approx(sample.start_fraction)
    assert formula_of(spec, "MUS_Interval_tCO2e") == sampling_interval_tco2e(
        "MUS_Tolerable_Misstatement_tCO2e", "MUS_Reliability_Factor"
    )
    sheet = spec.sheet(evidence_sample.SHEET)
    assert cell(sheet, 11, 1).value == "Seed (--sample-seed given on the command line)"  # type: ignore[union-attr]


def test_population_per_stratum() -> None:
    sheet = cycle_spec().sheet(evidence_sample.SHEET)
    r, _ = find(sheet, "Stratum")
    assert cell(sheet, r + 1, 2).value == Formula("=(AG_TF+BG_TF+DW_TF+LI_TF-Cpost_TF)")  # type: ignore[union-attr]
    assert cell(sheet, r + 1, 3).value == Formula(f"={_population_area(f'$A{r + 1}', False)}")  # type: ignore[union-attr]
    assert cell(sheet, r + 2, 4).value == Formula(event_value_tco2e(f"C{r + 2}", f"B{r + 2}"))  # type: ignore[union-attr]


def test_selected_events() -> None:
    sheet = cycle_spec().sheet(evidence_sample.SHEET)
    selected = cycle_context().evidence_sample.selected  # type: ignore[union-attr]
    assert len(selected) == LAST - FIRST + 1
    assert cell(sheet, FIRST - 1, 8).value == "Row in file"  # type: ignore[union-attr]
    for i, (_, row) in enumerate(selected.iterrows()):
        r = FIRST + i
        assert cell(sheet, r, 1).value == row["event_id"]  # type: ignore[union-attr]
        assert cell(sheet, r, 1).role == "input"  # type: ignore[union-attr]
        assert cell(sheet, r, 8).role == "label"  # the row number is not an input  # type: ignore[union-attr]
        assert cell(sheet, r, 10).value == pytest.approx(row["cum_before_tco2e"])  # type: ignore[union-attr]
    r = FIRST
    stratum = str(selected.iloc[0]["stratum_id"])
    net = f"(AG_{stratum}+BG_{stratum}+DW_{stratum}+LI_{stratum}-Cpost_{stratum})"
    assert cell(sheet, r, 9).value == Formula(event_value_tco2e(f"E{r}", net))  # type: ignore[union-attr]
    assert cell(sheet, r, 13).value == Formula(f"=IF(I{r}>=MUS_Interval_tCO2e,1,0)")  # type: ignore[union-attr]
    observed = cell(sheet, r, 14)
    assert observed is not None and observed.role == "input" and observed.minimum == 0.0
    assert observed.value is None  # no sample_observations in the case
    assert cell(sheet, r, 19).value == Formula(tainting_fraction(f"E{r}", f"N{r}"))  # type: ignore[union-attr]
    assert cell(sheet, r, 20).value == Formula(f"=I{r}*S{r}")  # type: ignore[union-attr]
    assert cell(sheet, r, 21).value == Formula(f"=IF(M{r}=1,T{r},S{r}*MUS_Interval_tCO2e)")  # type: ignore[union-attr]
    # injected text from the events file stays text
    texts = [cell(sheet, rr, 6).value for rr in range(FIRST, LAST + 1)]  # type: ignore[union-attr]
    assert '=HYPERLINK("http://x")' in texts


def test_factor_table_below_the_events() -> None:
    spec = cycle_spec()
    assert spec.name("MUS_Incremental_Factors").ref == f"$C${LAST + 5}:$C${LAST + 4 + 15}"
    assert spec.sheet(evidence_sample.SHEET).freeze == "B5"

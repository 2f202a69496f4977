"""The auditor's-desk sheets on the bundled sample: Evidence sample, Accuracy by class, the
re-check sheets and the lossless data sheets, recalculated by LibreOffice and compared with the
core (redd_audit.sampling, redd_audit.methodology.accuracy, the row ledger)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook

from redd_audit.cycle.map_bias import with_map_bias
from redd_audit.ledger import build_ledger
from redd_audit.methodology.accuracy import accuracy_summary
from redd_audit.methodology.engine import recompute
from redd_audit.sampling.monetary_unit import (
    projected_misstatement_tco2e,
    tainting_fraction,
    upper_limit_vcu_overstatement_tco2e,
    upper_limit_vcu_understatement_tco2e,
)
from redd_audit.sampling.summary import run_sampling
from redd_audit.workbook import build
from redd_audit.workbook.context import WorkbookContext
from redd_audit.workbook.sheets import accuracy_classes, evidence_sample, recheck_samples
from redd_audit.workbook.writer import write_workbook
from tests.recalc import recalculate, require_soffice

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "raw" / "vcs-868"
START, END = dt.date(2021, 1, 1), dt.date(2022, 12, 31)
DESK_SHEETS = ("Evidence sample", "Accuracy by class", "Plots to remeasure", "Accuracy re-check")


@pytest.fixture(scope="module")
def sample_ctx() -> WorkbookContext:
    from tasks.assemble import rule_set
    from tasks.collect import collect

    collected = collect(SAMPLE)
    project = collected.project
    rc = recompute(project, collected.frames, START, END)
    ledger = build_ledger(collected.tables.values(), project, START, END, {})
    events = collected.tables["deforestation_events"]
    sampling, sample = run_sampling(
        project=project,
        frames=collected.frames,
        recomputation=rc,
        events_sha256=events.sha256,
        start=START,
        end=END,
    )
    return WorkbookContext(
        project=project,
        start=START,
        end=END,
        status="passed",
        recomputation=rc,
        findings=[],
        ledger=ledger,
        inputs=collected.inputs,
        frames=collected.frames,
        software={"redd-audit": "test"},
        rule_set=rule_set(collected),
        parameters_version="test",
        run_id="test",
        sampling=sampling,
        evidence_sample=sample,
    )


def desk_spec(ctx: WorkbookContext, monkeypatch: pytest.MonkeyPatch):
    """The verification workbook with the desk sheets (added here until build.py lists them)."""
    spec = build.build_verification_workbook(ctx)
    if all(name in spec.sheet_names for name in DESK_SHEETS):
        return spec
    assemble = build._assemble

    def with_desk_sheets(book, kind):
        for module in (evidence_sample, accuracy_classes, recheck_samples):
            before = set(book.sheets)
            module.build(book)
            book.sheet_order += [n for n in book.sheets if n not in before]
        return assemble(book, kind)

    monkeypatch.setattr(build, "_assemble", with_desk_sheets)
    return build.build_verification_workbook(ctx)


def _name_value(wb, name: str):
    defined = wb.defined_names[name]
    sheet, ref = next(iter(defined.destinations))
    return wb[sheet][ref.replace("$", "")].value


def _observed_column(ws) -> tuple[int, int, int]:
    """(header row, observed-area column, area column) of the selected-events table."""
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("Observed area (ha)"):
                area = next(c for c in row if c.value == "area_ha")
                return cell.row, cell.column, area.column
    raise AssertionError("no observed-area column")


@pytest.mark.slow
def test_desk_sheets_recalculate_to_the_core(sample_ctx, monkeypatch, tmp_path):
    require_soffice()
    spec = desk_spec(sample_ctx, monkeypatch)
    path = tmp_path / "desk.xlsx"
    write_workbook(spec, path)
    # the verifier records observed areas for the first three selected events: one
    # under-recorded (VCUs overstated), one over-recorded (VCUs understated), one exact
    wb = load_workbook(path)
    ws = wb["Evidence sample"]
    header, obs_col, area_col = _observed_column(ws)
    sample = sample_ctx.evidence_sample
    selected = sample.selected
    observed = np.full(len(selected), np.nan)
    for i in range(3):
        area = ws.cell(header + 1 + i, area_col).value
        observed[i] = area * (1.5, 0.9, 1.0)[i]
        ws.cell(header + 1 + i, obs_col).value = observed[i]
    wb.save(path)
    values = load_workbook(recalculate(path, tmp_path / "lo"), data_only=True)
    sampling = sample_ctx.sampling
    interval = sampling["interval_tco2e"]
    t = tainting_fraction(selected["area_ha"].to_numpy(float), observed)
    v = selected["value_tco2e"].to_numpy(float)
    expected = {
        "MUS_Tolerable_Misstatement_tCO2e": sampling["tolerable_misstatement_tco2e"],
        "MUS_Interval_tCO2e": interval,
        "MUS_Population_tCO2e": sampling["population_tco2e"],
        "MUS_Sample_Size": sampling["size"],
        "Projected_Misstatement_tCO2e": projected_misstatement_tco2e(v, t, interval),
        "Upper_Limit_VCU_Overstatement_tCO2e": upper_limit_vcu_overstatement_tco2e(v, t, interval),
        "Upper_Limit_VCU_Understatement_tCO2e": upper_limit_vcu_understatement_tco2e(
            v, t, interval
        ),
    }
    for name, want in expected.items():
        assert _name_value(values, name) == pytest.approx(want, rel=1e-9), name
    assert expected["Projected_Misstatement_tCO2e"] > 0  # the 1.5 × event dominates
    # a positive tainting: the overstatement limit exceeds T, the sample does not support
    assert _name_value(values, "Sample_Supports_VCUs") is False
    # per-class accuracy equals summary.json "accuracy"
    summary = accuracy_summary(sample_ctx.recomputation.accuracy)
    change = next(c for c in summary["classes"] if c["class"] == "deforestation")
    assert _name_value(values, "Change_Class_Mapped_Proportion") == pytest.approx(0.01)
    assert _name_value(values, "Change_Class_Adjusted_Proportion") == pytest.approx(
        change["adjusted_proportion"], rel=1e-9
    )
    assert _name_value(values, "Change_Class_Adjusted_CI95") == pytest.approx(
        change["adjusted_ci95"], rel=1e-9
    )
    # a boolean stays a boolean after LibreOffice recalculates and saves (General format)
    assert _name_value(values, "Change_Class_Biased") is True
    # the Events count block reconciles with the row ledger
    events = values["Events"]
    block = {events.cell(r, 1).value: events.cell(r, 4).value for r in range(4, 8)}
    assert all(v is True for v in block.values()), block


def test_evidence_sheet_lists_every_input_column(sample_ctx, monkeypatch):
    spec = desk_spec(sample_ctx, monkeypatch)
    sheet = spec.sheet("Evidence sample")
    texts = {c.value for row in sheet.rows for c in row if c is not None}
    for column in ("event_id", "latitude", "longitude", "distance_to_highway_km", "driver"):
        assert column in texts
    ids = set(sample_ctx.sampling["selected"])
    assert ids <= texts
    names = {n.name for n in spec.names}
    assert {
        "Projected_Misstatement_tCO2e",
        "Upper_Limit_VCU_Overstatement_tCO2e",
        "Upper_Limit_VCU_Understatement_tCO2e",
        "Sample_Supports_VCUs",
    } <= names
    plots = spec.sheet("Plots to remeasure")
    plot_texts = {c.value for row in plots.rows for c in row if c is not None}
    assert set(sample_ctx.sampling["plots"]["selected"]) <= plot_texts
    assert "latitude" in plot_texts


def test_events_sheet_carries_extra_columns_and_ledger(sample_ctx):
    spec = build.build_verification_workbook(sample_ctx)
    table = spec.sheet("Events").table
    headers = [c.header for c in table.columns]
    for column in ("latitude", "longitude", "distance_to_highway_km"):
        assert column in headers
    status = next(c for c in table.columns if c.header == "Row ledger: status")
    entry = next(e for e in sample_ctx.ledger if e.table == "deforestation_events")
    counts = {s: list(status.values).count(s) for s in ("used", "excluded", "refused")}
    assert counts == {
        "used": entry.used,
        "excluded": sum(entry.excluded.values()),
        "refused": entry.refused,
    }
    assert counts["excluded"] > 0  # cohorts whose schedule ended before the period


def test_data_sheet_inputs_carry_validation(sample_ctx):
    spec = build.build_verification_workbook(sample_ctx)
    columns = {c.header: c for c in spec.sheet("Events").table.columns}
    assert "project_area" in columns["zone"].allowed
    assert columns["stratum_id"].allowed == ("TF", "BB", "FP", "PS")
    assert columns["area_ha (ha)"].minimum == 0.0
    assert (columns["latitude"].minimum, columns["latitude"].maximum) == (-90.0, 90.0)
    trees = {c.header: c for c in spec.sheet("Trees").table.columns}
    assert "alive" in trees["status"].allowed


def test_desk_formulas_hide_no_numbers(sample_ctx, monkeypatch):
    """Only the numerals 0 and 1 appear in the desk sheets' formulas: R, J, the seed, the start
    fraction, the minimum counts and fractions are labelled cells."""
    from openpyxl.formula.tokenizer import Token, Tokenizer

    from redd_audit.workbook.model import Formula

    spec = desk_spec(sample_ctx, monkeypatch)
    literals, count = set(), 0
    for name in DESK_SHEETS:
        for row in spec.sheet(name).rows:
            for cell in row:
                if cell is None or not isinstance(cell.value, Formula):
                    continue
                count += 1
                for token in Tokenizer(cell.value.text).items:
                    if token.type == Token.OPERAND and token.subtype == Token.NUMBER:
                        literals.add(token.value)
    assert count > 100 and literals <= {"0", "1"}, literals


def test_desk_names_read_without_recalculation(sample_ctx, monkeypatch, tmp_path):
    """Contract 5.7 on the desk sheets: the evidence-sample and change-class names carry cached
    values equal to the core (formulas in functions the cached-value engine verifies)."""
    path = tmp_path / "cached.xlsx"
    write_workbook(desk_spec(sample_ctx, monkeypatch), path)
    values = load_workbook(path, data_only=True)
    sampling = sample_ctx.sampling
    summary = accuracy_summary(sample_ctx.recomputation.accuracy)
    change = next(c for c in summary["classes"] if c["class"] == "deforestation")
    expected = {
        "MUS_Tolerable_Misstatement_tCO2e": sampling["tolerable_misstatement_tco2e"],
        "MUS_Interval_tCO2e": sampling["interval_tco2e"],
        "MUS_Population_tCO2e": sampling["population_tco2e"],
        "MUS_Sample_Size": sampling["size"],
        "Projected_Misstatement_tCO2e": 0.0,  # nothing observed yet
        # R·J = T on both sides while no event is observed
        "Upper_Limit_VCU_Overstatement_tCO2e": sampling["tolerable_misstatement_tco2e"],
        "Upper_Limit_VCU_Understatement_tCO2e": sampling["tolerable_misstatement_tco2e"],
        "Change_Class_Mapped_Proportion": change["mapped_proportion"],
        "Change_Class_Adjusted_Proportion": change["adjusted_proportion"],
        "Change_Class_Adjusted_CI95": change["adjusted_ci95"],
    }
    for name, want in expected.items():
        got = _name_value(values, name)
        assert got is not None, f"{name} has no cached value"
        assert got == pytest.approx(want, rel=1e-9, abs=1e-9), name
    assert _name_value(values, "Change_Class_Biased") is summary["change_class_biased"]
    # contract 5.9: the size of the map bias, as summary.json accuracy.bias gives it
    bias = with_map_bias(summary, sample_ctx.project, sample_ctx.recomputation)["bias"]
    for name, key in {
        "Map_Bias_Implied_Area_ha": "implied_area_ha",
        "Map_Bias_Implied_Area_Low_ha": "implied_area_low_ha",
        "Map_Bias_Implied_Area_High_ha": "implied_area_high_ha",
        "Map_Bias_Implied_tCO2e": "implied_tco2e",
        "Map_Bias_Ratio_To_Tolerable": "ratio_to_tolerable",
    }.items():
        assert _name_value(values, name) == pytest.approx(bias[key], rel=1e-9), name
    assert _name_value(values, "Map_Bias_Finding_Type") == bias["finding_type"] == "NCR"
    # nothing observed yet: the flag waits (blank), it never says the sample supports the VCUs
    assert _name_value(values, "Sample_Supports_VCUs") in (None, "")

"""Plot ids, map classes and stratum ids that a spreadsheet reads as criteria (issue 14), on the
desk sheets: the Plots sheet's per-plot tree count and biomass, the "Accuracy by class" counts
and change-class lookups, and the "Evidence sample" population per stratum.

``COUNTIFS``/``SUMIFS``/``MATCH`` read ``*``, ``?`` and ``~`` as wildcards and ignore case; the
ids below each match another id when read as a pattern (``P*1`` matches ``P1``, the class
``forest*`` matches ``forest``). After LibreOffice recalculates, the workbook must equal the
engine for every one of them.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from openpyxl import load_workbook

from redd_audit.methodology.accuracy import accuracy_summary
from redd_audit.sampling.summary import run_sampling
from redd_audit.workbook.build import build_verification_workbook
from redd_audit.workbook.context import WorkbookContext
from redd_audit.workbook.writer import write_workbook
from tests.recalc import recalculate_many, require_soffice
from tests.workbook.case import END, START, make_context
from tests.workbook.readback import close, name_cell
from tests.workbook.test_exact_ids import renamed

#: name -> (stratum ids TF/VF, plot id renames, class renames, change class)
CASES = {
    "wildcards": (
        ("TF*", "TF"),
        {"P2": "P*1", "P3": "P?1", "P4": "~P", "P5": "=P1", "P6": "<P1"},
        {"deforestation": "forest*"},
        "forest*",
    ),
    "case": (
        ("TF", "tf"),
        {"P2": "p1", "P3": "P?1"},
        {"non_forest": "Forest"},
        "Forest",
    ),
}


def _context(name: str) -> WorkbookContext:
    strata, plots, classes, change_class = CASES[name]
    project, frames = renamed(*strata)
    for table in ("inventory_plots", "inventory_trees"):
        frames[table]["plot_id"] = frames[table]["plot_id"].map(lambda p: plots.get(p, p))
    samples = frames["accuracy_samples"]
    for column in ("map_class", "reference_class"):
        samples[column] = samples[column].map(lambda c: classes.get(c, c))
    settings = project.map_accuracy.model_copy(update={"change_class": change_class})
    project = project.model_copy(update={"map_accuracy": settings})
    ctx = make_context(project, frames)
    sampling, sample = run_sampling(
        project=project,
        frames=frames,
        recomputation=ctx.recomputation,
        events_sha256="0123abcd" * 8,
        start=START,
        end=END,
        sample_seed=7,
    )
    return dataclasses.replace(ctx, sampling=sampling, evidence_sample=sample)


def _table(ws, first_header: str) -> tuple[int, dict[str, int]]:  # type: ignore[no-untyped-def]
    for row in ws.iter_rows():
        if row[0].value == first_header or (len(row) > 1 and row[1].value == first_header):
            return row[0].row, {c.value: c.column for c in row if isinstance(c.value, str)}
    raise AssertionError(f"no header {first_header!r} on {ws.title}")


def _check_plots(wb, ctx: WorkbookContext) -> list[str]:  # type: ignore[no-untyped-def]
    assert ctx.recomputation is not None
    plots = ctx.recomputation.inventory.plots.set_index("plot_id")
    ws = wb["Plots"]
    header, cols = _table(ws, "plot_id")
    problems, seen = [], 0
    for r in range(header + 1, ws.max_row + 1):
        plot = ws.cell(r, cols["plot_id"]).value
        if plot is None or plot not in plots.index:
            continue
        seen += 1
        for label, key in (("Live trees", "n_live_trees"), ("AGB (kg d.m.)", "agb_kg")):
            got, expected = ws.cell(r, cols[label]).value, plots.loc[plot, key]
            if not close(got, float(expected)):
                problems.append(f"plot {plot} {key}: workbook {got!r} engine {expected!r}")
    assert seen == len(plots)
    return problems


def _check_accuracy(wb, ctx: WorkbookContext) -> list[str]:  # type: ignore[no-untyped-def]
    assert ctx.recomputation is not None and ctx.recomputation.accuracy is not None
    change_class = ctx.project.map_accuracy.change_class
    summary = accuracy_summary(ctx.recomputation.accuracy, change_class)
    entry = next(c for c in summary["classes"] if c["class"] == change_class)  # type: ignore[union-attr,index]
    expected = {
        "Change_Class_Mapped_Proportion": entry["mapped_proportion"],
        "Change_Class_Adjusted_Proportion": entry["adjusted_proportion"],
        "Change_Class_Adjusted_CI95": entry["adjusted_ci95"],
        "Change_Class_Biased": summary["change_class_biased"],
    }
    return [
        f"{name}: workbook {name_cell(wb, name).value!r} engine {value!r}"
        for name, value in expected.items()
        if not close(name_cell(wb, name).value, value)
    ]


def _check_evidence(wb, ctx: WorkbookContext) -> list[str]:  # type: ignore[no-untyped-def]
    assert ctx.evidence_sample is not None and ctx.evidence_sample.population_tco2e > 0
    got = name_cell(wb, "MUS_Population_tCO2e").value
    expected = ctx.evidence_sample.population_tco2e
    return [] if close(got, expected) else [f"MUS population: {got!r} != {expected!r}"]


@pytest.mark.slow
def test_desk_sheets_match_ids_exactly_after_recalculation(tmp_path: Path) -> None:
    require_soffice()
    contexts = {name: _context(name) for name in CASES}
    paths = []
    for name, ctx in contexts.items():
        path = tmp_path / f"{name}.xlsx"
        write_workbook(build_verification_workbook(ctx), path)
        paths.append(path)
    for path, (name, ctx) in zip(
        recalculate_many(paths, tmp_path / "recalc"), contexts.items(), strict=True
    ):
        wb = load_workbook(path, data_only=True)
        problems = _check_plots(wb, ctx) + _check_accuracy(wb, ctx) + _check_evidence(wb, ctx)
        assert problems == [], f"{name}: " + "\n".join(problems)

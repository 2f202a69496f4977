"""Ids that a spreadsheet reads as criteria (issue 14): ``SUMIFS`` treats ``*``, ``?`` and ``~``
as wildcards, a leading ``=``, ``<`` or ``>`` as a comparison, and ignores case. Each pair below
makes a naive ``SUMIFS(..., stratum, id)`` match the other stratum too; the workbook must still
equal the engine (and so summary.json) after LibreOffice recalculates it.

The project model refuses such stratum ids (redd_audit.project.check_stratum_id), so the projects
here are built with validation bypassed: the workbook is safe even for ids that reach it another
way (map classes, older project files)."""

from __future__ import annotations

from pathlib import Path

import pytest

from redd_audit.project import Project
from redd_audit.workbook.build import build_verification_workbook
from redd_audit.workbook.sheets.criteria import (
    Condition,
    count_where,
    exact_criterion,
    needs_exact,
    sum_where,
)
from tests.recalc import recalculate_many, require_soffice
from tests.workbook.case import make_context, make_project
from tests.workbook.case_frames import make_frames
from tests.workbook.readback import assert_matches_engine, write

#: (id of TF, id of VF): each first id, read as a pattern, also matches the second
PAIRS = {
    "star": ("TF*", "TF"),
    "question": ("T?F", "TXF"),
    "tilde": ("~X", "X"),
    "equals": ("=A", "A"),
    "less": ("<B", "A"),
    "greater": (">C", "D"),
    "case": ("TF", "tf"),
}


def renamed(first: str, second: str) -> tuple[Project, dict]:
    """The hand-made case with strata TF and VF renamed, model validation bypassed."""
    project = make_project()
    strata = [
        project.strata[0].model_copy(update={"id": first}),
        project.strata[1].model_copy(update={"id": second}),
    ]
    project = project.model_copy(update={"strata": strata})
    frames = make_frames()
    mapping = {"TF": first, "VF": second}
    for frame in frames.values():
        if "stratum_id" in frame.columns:
            frame["stratum_id"] = frame["stratum_id"].map(lambda v: mapping.get(v, v))
            frame["stratum_id"] = frame["stratum_id"].astype("string")
    return project, frames


def test_exact_criterion_escapes_wildcards_and_operators() -> None:
    text = exact_criterion("$A5")
    assert text == '"="&SUBSTITUTE(SUBSTITUTE(SUBSTITUTE($A5,"~","~~"),"*","~*"),"?","~?")'
    where = [Condition("Ev_Stratum", "$B5", is_id=True), Condition("Ev_Year", "$C5")]
    assert sum_where("Ev_Area_ha", where, False).startswith('SUMIFS(Ev_Area_ha,Ev_Stratum,"="&')
    exact = sum_where("Ev_Area_ha", where, True)
    assert exact == "SUMPRODUCT(Ev_Area_ha*EXACT(Ev_Stratum,$B5)*(Ev_Year=$C5))"
    assert count_where(where[:1], True) == "SUMPRODUCT(1*EXACT(Ev_Stratum,$B5))"


def test_exact_matching_when_criteria_cannot_tell_ids_apart() -> None:
    assert not needs_exact(["TF", "VF", "TF*", "=A", "<B"])
    assert needs_exact(["TF", "tf"]) and needs_exact(["~X", "X"])


def test_case_only_ids_switch_to_exact_matching() -> None:
    project, frames = renamed("TF", "tf")
    spec = build_verification_workbook(make_context(project, frames))
    activity = spec.sheet("Activity data")
    formulas = [
        c.value.text for row in activity.rows for c in row if c and hasattr(c.value, "text")
    ]
    assert any("EXACT(Ev_Stratum," in f for f in formulas)
    assert not any(f.startswith("=SUMIFS(Ev_Area_ha") for f in formulas)


@pytest.mark.slow
def test_ids_read_as_criteria_recalculate_to_the_engine(tmp_path: Path) -> None:
    require_soffice()
    contexts, paths = {}, []
    for name, (first, second) in PAIRS.items():
        ctx = make_context(*renamed(first, second))
        contexts[name] = ctx
        paths.append(write(ctx, tmp_path / f"{name}.xlsx"))
    for path, (name, ctx) in zip(
        recalculate_many(paths, tmp_path / "recalc"), contexts.items(), strict=True
    ):
        rc = ctx.recomputation
        assert rc is not None and rc.totals["vcus"] > 0
        try:
            assert_matches_engine(path, rc)
        except AssertionError as exc:
            raise AssertionError(f"ids {PAIRS[name]}: {exc}") from None

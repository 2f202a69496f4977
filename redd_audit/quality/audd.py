"""Data-quality checks of contract section 8 (VM0007 AUDD as verified reports apply it).

Run by the gate before the recomputation, in pandas: natural disturbance outside the project
area (``warning``), a delineated area below the overlap claimed (``error``), project-area
disturbance above the cumulative baseline deforestation it must overlap (``error`` naming the
vintage). A partial first project year (``info`` in contract 8.10) is not reported yet: the
gate's findings have no ``info`` severity. The checks reuse the engine's steps
(:mod:`redd_audit.methodology.audd`); an input the engine refuses is left to the suites and the
recomputation, which report it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from redd_audit.errors import InputError
from redd_audit.findings import Finding
from redd_audit.methodology.audd import overlap_notes, partial_first_vintage_notes
from redd_audit.methodology.cohorts import baseline_cohorts, monitored_cohorts
from redd_audit.methodology.disturbance import TABLE, project_area_disturbance
from redd_audit.methodology.figures import Note
from redd_audit.methodology.fixed_baseline import check_fixed_baseline
from redd_audit.methodology.vintages import Vintage, project_years, vintage_periods
from redd_audit.project import Project
from redd_audit.quality.coverage import TableLike

RULE_DISTURBANCE = (
    "VM0007 M-MON (VMD0015): A_DistPA is the overlap of the delineated disturbance with "
    "baseline unplanned deforestation in the project area (contract 8.5)"
)
RULE_PROJECT_YEARS = "VM0007 REDD-MF: vintages are project years (contract 8.2)"
EXPECTATIONS = {
    "zone": "expect_disturbance_in_project_area",
    "delineated_area_ha": "expect_delineated_area_at_least_overlap",
    "area_ha": "expect_disturbance_within_baseline_deforestation",
    "vintage": "expect_disturbance_within_baseline_deforestation",
    "baseline_area_ha": "expect_exante_area_equal_to_fixed_baseline_area",
    "accounting.project_year_start": "expect_period_to_start_a_project_year",
}


def _finding(note: Note, files: Mapping[str, str]) -> Finding:
    return Finding(
        severity=note.severity,  # type: ignore[arg-type]
        file=files.get(note.file, note.file),
        row=note.row,
        record=None,
        column=note.column,
        value=None,
        expectation=EXPECTATIONS.get(note.column or "", "expect_audd_convention"),
        rule=RULE_PROJECT_YEARS if note.file == "project.yaml" else RULE_DISTURBANCE,
        message=note.message,
    )


RULE_CLAIMS = (
    "VCS monitoring report: the table of estimated net reductions, whole tonnes (contract 8.8)"
)
#: Largest difference between the ex-ante and the fixed table's baseline areas [ha] (8.4).
EXANTE_TOLERANCE_HA = 0.01
#: Optional columns of ``claimed_vintages`` in the report's form; the checks run when one is given.
REPORT_COLUMNS = (
    "ner_tco2e",
    "risk_rating_fraction",
    "uncertainty_deduction_tco2e",
    "period_start",
    "period_end",
)
#: Whole-tonne rounding a claimed row's own arithmetic may show [tCO2e].
CLAIM_TOLERANCE_TCO2E = 1.0


def _number(value: object) -> float | None:
    number = pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]
    return None if pd.isna(number) else float(number)


def claim_findings(
    project: Project, claims: TableLike | None, vintages: list[Vintage]
) -> list[Finding]:
    """``warning`` findings on the claimed rows of the period when the table is in the report's
    form (one of :data:`REPORT_COLUMNS` given; contract 8.8): a row whose own
    arithmetic fails by more than 1 tCO2e (VCUs, NER), a risk rating other than the project's,
    dates other than the vintage's."""
    if claims is None or claims.frame.empty:
        return []
    if not set(REPORT_COLUMNS) & set(claims.frame.columns):
        return []  # claims without the report's columns: reconciled as before (contract 2.2)
    by_label = {v.year: v for v in vintages}
    rating = project.accounting.buffer.risk_rating_fraction
    found = []

    def warn(row: int | None, column: str, value: object, message: str) -> None:
        found.append(
            Finding(
                severity="warning", file=claims.file, row=row, record=None, column=column,
                value=str(value), expectation="expect_claimed_row_consistent",
                rule=RULE_CLAIMS, message=message,
            )
        )  # fmt: skip

    for record in claims.frame.to_dict("records"):
        label = _number(record.get("vintage"))
        vintage = by_label.get(int(label)) if label is not None else None
        if vintage is None:
            continue
        row = int(record["_row"]) if "_row" in record else None
        bl, pe, lk = (_number(record.get(c)) for c in ("baseline_tco2e", "project_tco2e",
                                                       "leakage_tco2e"))  # fmt: skip
        buffer, vcus = _number(record.get("buffer_tco2e")), _number(record.get("vcus"))
        deduction = _number(record.get("uncertainty_deduction_tco2e")) or 0.0
        ner = _number(record.get("ner_tco2e"))
        if None not in (bl, pe, lk):
            net = bl - pe - lk  # type: ignore[operator]
            if ner is not None and abs(ner - net) > 2 * CLAIM_TOLERANCE_TCO2E:
                warn(row, "ner_tco2e", ner, f"vintage {vintage.year}: claimed NER {ner:,.0f} is "
                     f"not baseline − project − leakage = {net:,.0f}")  # fmt: skip
            if buffer is not None and vcus is not None:
                expected = net - buffer - deduction
                if abs(vcus - expected) > CLAIM_TOLERANCE_TCO2E:
                    warn(row, "vcus", vcus, f"vintage {vintage.year}: claimed VCUs {vcus:,.0f} "
                         f"are not baseline − project − leakage − buffer − uncertainty deduction"
                         f" = {expected:,.0f}")  # fmt: skip
        claimed_rating = _number(record.get("risk_rating_fraction"))
        if claimed_rating is not None and abs(claimed_rating - rating) > 1e-9:
            warn(row, "risk_rating_fraction", claimed_rating, f"vintage {vintage.year}: the "
                 f"claim's risk rating {claimed_rating} is not the project's {rating}")  # fmt: skip
        for column, expected_day in (("period_start", vintage.start), ("period_end", vintage.end)):
            given = record.get(column)
            if given is None or pd.isna(given):
                continue
            day = pd.to_datetime(given, errors="coerce")
            if pd.isna(day) or day.date() != expected_day:
                warn(row, column, given, f"vintage {vintage.year}: {column} {given} is not the "
                     f"vintage's {expected_day}")  # fmt: skip
    return found


def exante_comparison_notes(
    project: Project, frames: Mapping[str, pd.DataFrame], vintages: list[Vintage]
) -> list[Note]:
    """``warning`` per vintage whose ex-ante project-area area differs from the fixed table's
    ``baseline_area_ha`` by more than 0.01 ha (contract 8.4: the ex-ante table is shown, not
    used, and compared)."""
    exante, fixed = frames.get("baseline_exante"), frames.get("baseline_emissions")
    if (
        project.accounting.baseline.source != "fixed_table"
        or exante is None
        or fixed is None
        or "baseline_area_ha" not in fixed.columns
    ):
        return []
    ex = exante[exante["zone"].astype("string") == "project_area"]
    ex_area = pd.to_numeric(ex["area_ha"], errors="coerce").groupby(ex["year"]).sum()
    pa = fixed[fixed["zone"].astype("string") == "project_area"]
    pd_area = pd.to_numeric(pa["baseline_area_ha"], errors="coerce").groupby(pa["vintage"]).sum()
    notes = []
    for v in vintages:
        if v.year not in ex_area.index or v.year not in pd_area.index:
            continue
        a, b = float(ex_area[v.year]), float(pd_area[v.year])
        if abs(a - b) > EXANTE_TOLERANCE_HA:
            notes.append(
                Note(
                    "warning",
                    f"vintage {v.year}: baseline_exante gives {a:,.2f} ha of project-area "
                    f"baseline deforestation, baseline_emissions {b:,.2f} ha",
                    "baseline_emissions",
                    "baseline_area_ha",
                )
            )
    return notes


def audd_findings(
    project: Project, tables: Mapping[str, TableLike], start: dt.date, end: dt.date
) -> list[Finding]:
    """The findings of contract section 8 the gate reports (see the module docstring)."""
    files = {name: table.file for name, table in tables.items()}
    frames: dict[str, pd.DataFrame] = {name: table.frame for name, table in tables.items()}
    vintages = vintage_periods(start, end, project_years(project.accounting))
    notes = partial_first_vintage_notes(vintages, project)
    if TABLE in frames:
        try:
            rows, table_notes = project_area_disturbance(frames[TABLE])
            notes += table_notes
            disturbed = monitored_cohorts(rows, project, start, end, table=TABLE)
            exante = frames.get("baseline_exante")
            baseline = (
                baseline_cohorts(exante, project, end) if exante is not None else pd.DataFrame()
            )
            fixed = None
            if project.accounting.baseline.source == "fixed_table":
                fixed = check_fixed_baseline(frames.get("baseline_emissions"), vintages, False)
            notes += overlap_notes(disturbed, baseline, fixed, vintages)
        except (InputError, KeyError, ValueError, TypeError):
            pass  # refused inputs: the suites and the recomputation report them
    notes += exante_comparison_notes(project, frames, vintages)
    claims = claim_findings(project, tables.get("claimed_vintages"), vintages)
    return [_finding(n, files) for n in notes] + claims

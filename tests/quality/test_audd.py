"""The gate's checks of contract section 8 (redd_audit/quality/audd.py): natural disturbance
outside the project area, a delineated area below the overlap, disturbance above the
cumulative baseline deforestation; and project-year labels in the baseline coverage."""

from __future__ import annotations

import datetime as dt

from redd_audit.methodology.vintages import ProjectYears
from redd_audit.quality.audd import audd_findings
from redd_audit.quality.coverage import baseline_coverage
from tests.fixtures_quality import good_tables, project, table

START, END = dt.date(2019, 1, 1), dt.date(2020, 12, 31)


def _disturbance(rows: list[dict]) -> dict:
    tables = good_tables()
    base = {"stratum_id": "AL", "cause": "landslide", "source": "GLAD"}
    tables["disturbance_events"] = table("disturbance_events", [{**base, **r} for r in rows])
    return tables


def test_good_disturbance_has_no_finding() -> None:
    assert audd_findings(project(), good_tables(), START, END) == []


def test_disturbance_checks_name_file_column_and_vintage() -> None:
    # the check is over the whole project area: Σ A_BSL,PA of every stratum up to 2019
    frame = good_tables()["baseline_exante"].frame
    pa = frame[(frame["zone"] == "project_area") & (frame["year"] <= 2019)]
    al_baseline = float(pa["area_ha"].sum())
    rows = [
        {"event_id": "N-1", "zone": "project_area", "detected_on": dt.date(2019, 3, 1),
         "area_ha": al_baseline + 1.0, "delineated_area_ha": al_baseline + 5.0},
        {"event_id": "N-2", "zone": "leakage_belt", "detected_on": dt.date(2019, 3, 1),
         "area_ha": 2.0, "delineated_area_ha": 1.0},
    ]  # fmt: skip
    tables = _disturbance(rows)
    tables["disturbance_events"].frame["delineated_area_ha"] = [al_baseline + 5.0, 1.0]
    found = audd_findings(project(), tables, START, END)
    by_column = {(f.severity, f.column): f for f in found}
    assert set(by_column) == {
        ("warning", "zone"),
        ("error", "delineated_area_ha"),
        ("error", "area_ha"),
    }
    assert by_column[("error", "delineated_area_ha")].row == 3
    assert "vintage 2019" in by_column[("error", "area_ha")].message
    assert all(f.file == "data/raw/TEST-1/disturbance_events.csv" or f.file for f in found)


def test_baseline_coverage_asks_project_year_labels() -> None:
    baseline = good_tables()["baseline_exante"]
    july = ProjectYears(7, 1, "end_year")
    # period 2019-07-01..2020-06-30 is project year 2020 only: no finding for 2019
    found, checks = baseline_coverage(
        baseline, dt.date(2019, 7, 1), dt.date(2020, 6, 30), None, july
    )
    assert found == [] and checks > 0
    calendar, _ = baseline_coverage(baseline, dt.date(2019, 7, 1), dt.date(2020, 6, 30))
    assert calendar == []


def test_claimed_rows_arithmetic_rating_and_dates() -> None:
    rows = [
        {"vintage": 2019, "baseline_tco2e": 1000.0, "project_tco2e": 100.0,
         "leakage_tco2e": 50.0, "buffer_tco2e": 85.0, "vcus": 765.0, "ner_tco2e": 850.0,
         "risk_rating_fraction": 0.15, "period_start": "2019-01-01",
         "period_end": "2019-12-31"},  # consistent: 850 − 85 = 765
        {"vintage": 2020, "baseline_tco2e": 1000.0, "project_tco2e": 100.0,
         "leakage_tco2e": 50.0, "buffer_tco2e": 85.0, "vcus": 770.0, "ner_tco2e": 853.0,
         "risk_rating_fraction": 0.12, "period_start": "2020-01-02",
         "period_end": "2020-12-31"},
    ]  # fmt: skip
    tables = good_tables()
    tables["claimed_vintages"] = table("claimed_vintages", rows)
    found = [f for f in audd_findings(project(), tables, START, END) if f.row is not None]
    assert all(f.severity == "warning" and f.row == 3 for f in found)
    assert sorted(f.column for f in found) == [
        "ner_tco2e",  # 853 vs 850: more than 2
        "period_start",
        "risk_rating_fraction",
        "vcus",  # 770 vs 765
    ]


def test_exante_areas_compared_with_the_fixed_table() -> None:
    from pathlib import Path

    from tasks.collect import collect

    demo = collect(Path(__file__).parents[2] / "data" / "raw" / "audd-demo")
    period = (dt.date(2019, 7, 1), dt.date(2021, 6, 30))
    assert not any(f.column == "baseline_area_ha" for f in audd_findings(
        demo.project, demo.tables, *period))  # fmt: skip
    frame = demo.tables["baseline_exante"].frame
    frame.loc[(frame["zone"] == "project_area") & (frame["year"] == 2021), "area_ha"] = 1000.02
    found = [f for f in audd_findings(demo.project, demo.tables, *period)
             if f.column == "baseline_area_ha"]  # fmt: skip
    assert [(f.severity, "vintage 2021" in f.message) for f in found] == [("warning", True)]


def test_a_partial_first_project_year_is_an_info_finding() -> None:
    """Contract 8.10 and 7.7: ``info`` findings are reported (summary, workbook, terminal),
    never blocking; a period that does not start a project year is one."""
    p = project()
    acc = p.accounting.model_copy(
        update={"vintage_allocation": "project_year", "project_year_start": "07-01"}
    )
    found = audd_findings(p.model_copy(update={"accounting": acc}), good_tables(), START, END)
    infos = [f for f in found if f.severity == "info"]
    assert len(infos) == 1 and "is partial" in infos[0].message
    assert infos[0].column == "accounting.project_year_start"

"""Data-quality gate: the GX suites in expectations/ and tasks/gx_checks.py.

GX is imported once (~3.5 s); the good and the bad fixture are validated once per module and
shared by the tests below.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # fixtures_quality under any import mode

from fixtures_quality import (
    PERIOD_END,
    PERIOD_START,
    FakeTable,
    bad_tables,
    good_records,
    good_tables,
    project,
    table,
    tables_from,
    with_frame,
    without,
)

from redd_audit.findings import sort_findings
from tasks import gx_checks, gx_suites
from tasks.gx_checks import (
    QualityReport,
    accuracy_classes,
    baseline_coverage,
    build_data_docs,
    check_tables,
    deforestation_annual,
)

SUITES = sorted(gx_checks.SUITES_DIR.glob("*.json"))
TABLES = [
    "baseline_exante",
    "deforestation_events",
    "fire_events",
    "inventory_plots",
    "inventory_trees",
    "accuracy_samples",
    "claimed_vintages",
    "exante_estimates",
    "ccb_indicators",
    "issuance_history",
    "verification_findings",
]


@pytest.fixture(scope="module")
def good_report() -> QualityReport:
    return check_tables(good_tables(), project(), PERIOD_START, PERIOD_END)


@pytest.fixture(scope="module")
def bad_report() -> QualityReport:
    return check_tables(bad_tables(), project(), PERIOD_START, PERIOD_END)


def _key(f):  # what a finding says, without the message
    return (
        f.file.rsplit("/", 1)[-1].removesuffix(".csv"),
        f.row,
        f.record,
        f.column,
        f.value,
        f.expectation,
        f.severity,
    )


# ------------------------------------------------------------------------------------ suites


def test_every_table_has_a_suite():
    names = {p.stem for p in SUITES}
    assert {*TABLES, "deforestation_annual"} <= names


@pytest.mark.parametrize("path", SUITES, ids=lambda p: p.stem)
def test_suite_loads_and_is_tagged(path: Path):
    import great_expectations as gx

    spec = json.loads(path.read_text(encoding="utf-8"))
    assert spec["name"] == path.stem
    suite = gx.ExpectationSuite(**spec)
    assert len(suite.expectations) == len(spec["expectations"]) > 0
    for expectation in spec["expectations"]:
        meta = expectation["meta"]
        assert meta["severity"] in {"error", "warning"}, expectation
        assert meta["rule"].strip(), expectation
        assert meta["description"].strip(), expectation
        # pandas-3 pitfalls of GX 1.24 (ecosystem.md 2.8)
        assert "type" not in expectation["type"].removeprefix("expect_"), expectation["type"]
        assert "quantile" not in expectation["type"]


def test_required_columns_and_ids_are_covered():
    from redd_audit.tables.schemas import SCHEMAS

    for name, schema in SCHEMAS.items():
        spec = json.loads((gx_checks.SUITES_DIR / f"{name}.json").read_text(encoding="utf-8"))
        exists = {
            e["kwargs"]["column"]
            for e in spec["expectations"]
            if e["type"] == "expect_column_to_exist"
        }
        assert exists == set(schema.columns), name
        unique = [e for e in spec["expectations"] if "unique" in e["type"]]
        assert unique and all(e["meta"]["severity"] == "error" for e in unique), name


# ------------------------------------------------------------------------------------ good data


def test_good_fixture_passes(good_report: QualityReport):
    assert good_report.findings == []
    assert good_report.errors == good_report.warnings == 0
    assert good_report.passed
    suites = {v["suite"] for v in good_report.validations}
    assert {p.stem for p in SUITES} <= suites
    assert all(v["success"] for v in good_report.validations)
    events = next(v for v in good_report.validations if v["suite"] == "deforestation_events")
    assert events["file"] == "data/raw/TEST-1/deforestation_events.csv"
    assert events["evaluated"] == events["statistics"]["evaluated_expectations"] == 22
    assert len(good_report.gx_results) == len(
        [v for v in good_report.validations if v["engine"] == "great_expectations"]
    )


# ------------------------------------------------------------------------------------ bad data

#: Every finding the bad fixture must give, and nothing else:
#: (file, row, record, column, value, expectation, severity).
EXPECTED_BAD = {
    # baseline_exante
    (
        "baseline_exante",
        2,
        "zone=project_area, stratum_id=TF, year=2015",
        "area_ha",
        "-5.0",
        "expect_column_values_to_be_between",
        "error",
    ),
    (
        "baseline_exante",
        3,
        "zone=project_area, stratum_id=TF, year=2017",
        "zone,stratum_id,year",
        "zone=project_area, stratum_id=TF, year=2017",
        "expect_compound_columns_to_be_unique",
        "error",
    ),
    (
        "baseline_exante",
        4,
        "zone=project_area, stratum_id=TF, year=2017",
        "zone,stratum_id,year",
        "zone=project_area, stratum_id=TF, year=2017",
        "expect_compound_columns_to_be_unique",
        "error",
    ),
    (
        "baseline_exante",
        34,
        "zone=leakage_belt, stratum_id=AL, year=2041",
        "year",
        "2041",
        "expect_column_values_to_be_between",
        "error",
    ),
    (
        "baseline_exante",
        None,
        "zone=leakage_belt, stratum_id=TF, year=2020",
        "year",
        None,
        "expect_baseline_to_cover_period",
        "error",
    ),
    # deforestation_events
    (
        "deforestation_events",
        3,
        "event_id=E-001",
        "area_ha",
        "0.0",
        "expect_column_values_to_be_between",
        "error",
    ),
    (
        "deforestation_events",
        4,
        "event_id=E-002",
        "detected_on",
        "2041-05-01",
        "expect_column_values_to_be_between",
        "error",
    ),
    (
        "deforestation_events",
        5,
        "event_id=E-003",
        "source",
        "null",
        "expect_column_values_to_not_be_null",
        "error",
    ),
    (
        "deforestation_events",
        6,
        "event_id=E-004",
        "driver",
        "cattle",
        "expect_column_values_to_be_in_set",
        "warning",
    ),
    (
        "deforestation_events",
        7,
        "event_id=E-005",
        "zone",
        "buffer",
        "expect_column_values_to_be_in_set",
        "error",
    ),
    (
        "deforestation_events",
        8,
        "event_id=E-006",
        "confidence_fraction",
        "95.0",
        "expect_column_values_to_be_between",
        "error",
    ),
    (
        "deforestation_events",
        9,
        "event_id=E-007",
        "stratum_id",
        "XX",
        "expect_column_values_to_be_in_set",
        "error",
    ),
    (
        "deforestation_events",
        10,
        "event_id=E-008",
        "area_ha",
        "600.0",
        "expect_column_values_to_be_between",
        "warning",
    ),
    (
        "deforestation_events",
        11,
        "event_id=E-009",
        "confidence_fraction",
        "high",
        "expect_column_values_to_be_between",
        "error",
    ),
    (
        "deforestation_events",
        12,
        "event_id=E-011",
        "event_id",
        "E-011",
        "expect_column_values_to_be_unique",
        "error",
    ),
    (
        "deforestation_events",
        13,
        "event_id=E-011",
        "event_id",
        "E-011",
        "expect_column_values_to_be_unique",
        "error",
    ),
    # deforestation_annual (derived; reported on the events file, no spreadsheet row)
    (
        "deforestation_events",
        None,
        "stratum_id=AL, year=2019",
        "area_ha",
        "area_ha=450.0, forest_area_ha=400.0",
        "expect_column_pair_values_a_to_be_greater_than_b",
        "error",
    ),
    (
        "deforestation_events",
        None,
        "stratum_id=AL, year=2019",
        "share_fraction",
        "share_fraction=1.125, area_ha=450.0, forest_area_ha=400.0",
        "expect_column_values_to_be_between",
        "warning",
    ),
    (
        "deforestation_events",
        None,
        "stratum_id=AL, year=2020",
        "share_fraction",
        "share_fraction=0.075, area_ha=30.0, forest_area_ha=400.0",
        "expect_column_values_to_be_between",
        "warning",
    ),
    # fire_events
    (
        "fire_events",
        3,
        "event_id=F-2",
        "land_cover",
        "grassland",
        "expect_column_values_to_be_in_set",
        "error",
    ),
    (
        "fire_events",
        4,
        "event_id=F-3",
        "stratum_id",
        "AL",
        "expect_column_values_to_be_in_set",
        "error",
    ),
    # inventory_plots
    (
        "inventory_plots",
        2,
        "plot_id=P-1",
        "latitude",
        "12.6",
        "expect_column_values_to_be_between",
        "warning",
    ),
    (
        "inventory_plots",
        3,
        "plot_id=P-2",
        "plot_area_m2",
        "300.0",
        "expect_column_values_to_be_in_set",
        "warning",
    ),
    (
        "inventory_plots",
        5,
        "plot_id=P-4",
        "measured_on",
        "2021-03-01",
        "expect_column_values_to_be_between",
        "warning",
    ),
    (
        "inventory_plots",
        6,
        "plot_id=P-5",
        "tree_count",
        "0",
        "expect_column_values_to_be_between",
        "warning",
    ),
    # inventory_trees
    (
        "inventory_trees",
        2,
        "plot_id=P-1, tree_id=T-1",
        "dbh_cm",
        "0.5",
        "expect_column_values_to_be_between",
        "error",
    ),
    (
        "inventory_trees",
        3,
        "plot_id=P-1, tree_id=T-2",
        "dbh_cm",
        "250.0",
        "expect_column_values_to_be_between",
        "warning",
    ),
    (
        "inventory_trees",
        4,
        "plot_id=P-1, tree_id=T-3",
        "height_m",
        "70.0",
        "expect_column_values_to_be_between",
        "warning",
    ),
    (
        "inventory_trees",
        5,
        "plot_id=P-2, tree_id=T-1",
        "wood_density_g_cm3",
        "1.3",
        "expect_column_values_to_be_between",
        "warning",
    ),
    (
        "inventory_trees",
        7,
        "plot_id=P-2, tree_id=T-3",
        "status",
        "stump",
        "expect_column_values_to_be_in_set",
        "error",
    ),
    (
        "inventory_trees",
        8,
        "plot_id=P-9, tree_id=T-1",
        "plot_id",
        "P-9",
        "expect_column_values_to_be_in_set",
        "error",
    ),
    (
        "inventory_trees",
        9,
        "plot_id=P-3, tree_id=T-2",
        "height_m,dbh_cm",
        "height_m=40.0, dbh_cm=20.0",
        "expect_column_pair_values_a_to_be_greater_than_b",
        "warning",
    ),
    (
        "inventory_trees",
        11,
        "plot_id=P-4, tree_id=T-2",
        "plot_id,tree_id",
        "plot_id=P-4, tree_id=T-2",
        "expect_compound_columns_to_be_unique",
        "error",
    ),
    (
        "inventory_trees",
        12,
        "plot_id=P-4, tree_id=T-2",
        "plot_id,tree_id",
        "plot_id=P-4, tree_id=T-2",
        "expect_compound_columns_to_be_unique",
        "error",
    ),
    # accuracy_samples and accuracy_classes (derived)
    (
        "accuracy_samples",
        4,
        "sample_id=S-forest-2",
        "reference_class",
        "water",
        "expect_column_values_to_be_in_set",
        "warning",
    ),
    (
        "accuracy_samples",
        None,
        "map_class=non_forest",
        "stratum_weight",
        "stratum_weight_min=0.25, stratum_weight_max=0.3",
        "expect_column_values_to_be_between",
        "error",
    ),
    (
        "accuracy_samples",
        None,
        "map_class=deforestation",
        "samples",
        "4",
        "expect_column_values_to_be_between",
        "warning",
    ),
    # claimed_vintages, exante_estimates, ccb_indicators
    (
        "claimed_vintages",
        3,
        "vintage=2020",
        "buffer_tco2e",
        "-1.0",
        "expect_column_values_to_be_between",
        "error",
    ),
    (
        "exante_estimates",
        3,
        "year=2041",
        "year",
        "2041",
        "expect_column_values_to_be_between",
        "error",
    ),
    (
        "ccb_indicators",
        3,
        "indicator_id=CM-1",
        "unit",
        "null",
        "expect_column_values_to_not_be_null",
        "error",
    ),
    (
        "ccb_indicators",
        4,
        "indicator_id=B-1",
        "period_start,period_end",
        "period_start=2019-06-30, period_end=2018-07-01",
        "expect_column_pair_values_a_to_be_greater_than_b",
        "error",
    ),
}


def test_bad_fixture_gives_exactly_the_intended_findings(bad_report: QualityReport):
    got = [_key(f) for f in bad_report.findings]
    assert len(got) == len(set(got))
    assert set(got) - EXPECTED_BAD == set(), "unexpected findings"
    assert EXPECTED_BAD - set(got) == set(), "missing findings"
    assert bad_report.errors == sum(1 for k in EXPECTED_BAD if k[-1] == "error")
    assert bad_report.warnings == sum(1 for k in EXPECTED_BAD if k[-1] == "warning")
    assert not bad_report.passed


@pytest.mark.parametrize(
    ("file", "row", "expectation", "column", "severity"),
    [(k[0], k[1], k[5], k[3], k[6]) for k in sorted(EXPECTED_BAD, key=str) if k[1] is not None],
    ids=lambda v: str(v),
)
def test_each_bad_row_fails_only_its_expectation(
    bad_report, file, row, expectation, column, severity
):
    on_row = [_key(f) for f in bad_report.findings if _key(f)[:2] == (file, row)]
    intended = [k for k in EXPECTED_BAD if k[:2] == (file, row)]
    assert sorted(on_row, key=str) == sorted(intended, key=str)
    assert any(k[5] == expectation and k[3] == column and k[6] == severity for k in on_row)


def test_findings_carry_rule_message_and_are_sorted(bad_report: QualityReport):
    assert bad_report.findings == sort_findings(list(bad_report.findings))
    assert bad_report.findings[0].severity == "error"
    for finding in bad_report.findings:
        assert finding.rule and finding.message
    fire = next(f for f in bad_report.findings if f.record == "event_id=F-3")
    assert fire.rule.startswith("VM0007 E-BB")
    assert "fire parameters" in fire.message
    coverage = next(
        f for f in bad_report.findings if f.expectation == "expect_baseline_to_cover_period"
    )
    assert coverage.rule == gx_checks.RULE_BASELINE_COVERAGE
    annual = next(f for f in bad_report.findings if f.record == "stratum_id=AL, year=2019")
    assert annual.file.endswith("deforestation_events.csv")


def test_complete_results_name_records_and_rows(bad_report: QualityReport):
    """Failing expectations under the cap are re-run in COMPLETE with id columns and _row."""
    events = next(r for r in bad_report.gx_results if r.suite_name == "deforestation_events")
    zone = next(
        r
        for r in events.results
        if not r.success and r.expectation_config.kwargs.get("column") == "zone"
    )
    assert zone.result["unexpected_index_list"] == [
        {"zone": "buffer", "event_id": "E-005", "_row": 7}
    ]
    assert zone.result["unexpected_index_column_names"] == ["event_id", "_row"]


# ------------------------------------------------------------------------------------ derived


def test_deforestation_annual_frame():
    records = good_records()["deforestation_events"]
    frame = deforestation_annual(table("deforestation_events", records).frame, project())
    assert list(frame.columns) == [
        "stratum_id",
        "year",
        "area_ha",
        "forest_area_ha",
        "share_fraction",
    ]
    project_area = [r for r in records if r["zone"] == "project_area"]
    assert frame["area_ha"].sum() == pytest.approx(sum(r["area_ha"] for r in project_area))
    row = frame[(frame["stratum_id"] == "AL")].iloc[0]
    assert row["share_fraction"] == pytest.approx(row["area_ha"] / 400)


def test_baseline_coverage_needs_every_year_and_the_project_area():
    records = [
        {"zone": "leakage_belt", "stratum_id": "TF", "year": y, "area_ha": 1.0}
        for y in (2019, 2021)
    ]
    findings, checks = baseline_coverage(
        table("baseline_exante", records), dt.date(2019, 1, 1), dt.date(2021, 6, 30)
    )
    assert checks == 4
    assert [(f.record, f.severity) for f in findings] == [
        ("zone=leakage_belt, stratum_id=TF, year=2020", "error"),
        ("zone=project_area", "error"),
    ]


def test_overall_accuracy_is_area_weighted():
    records = [
        {"sample_id": f"S{i}", "map_class": m, "reference_class": r, "stratum_weight": w}
        for i, (m, r, w) in enumerate(
            [("forest", "forest", 0.8)] * 3
            + [("forest", "defor", 0.8)]
            + [("defor", "defor", 0.2)]
            + [("defor", "forest", 0.2)]
        )
    ]
    classes = accuracy_classes(table("accuracy_samples", records).frame)
    assert classes["samples"].tolist() == [2, 4]  # sorted: defor, forest
    assert classes["overall_accuracy_fraction"].iloc[0] == pytest.approx(0.8 * 0.75 + 0.2 * 0.5)


@pytest.mark.parametrize("severity", ["error", "warning"])
def test_accuracy_threshold_breach(severity):
    records = [
        {
            "sample_id": f"S-{cls}-{k}",
            "map_class": cls,
            "reference_class": cls if k < 8 else "other",
            "stratum_weight": weight,
        }
        for cls, weight in (("forest", 0.6), ("other", 0.4))
        for k in range(10)
    ]
    tables = {"accuracy_samples": table("accuracy_samples", records)}
    map_accuracy = {
        "min_overall_accuracy_fraction": 0.9,
        "severity": severity,
        "min_samples_per_class": 5,
    }
    report = check_tables(tables, project(map_accuracy=map_accuracy), PERIOD_START, PERIOD_END)
    accuracy = [f for f in report.findings if f.file.endswith("accuracy_samples.csv")]
    # forest: 8/10 correct; other: 10/10 (the two "other" references of forest are not errors)
    assert [(f.severity, f.expectation, f.column, f.value, f.record) for f in accuracy] == [
        (
            severity,
            "expect_column_min_to_be_between",
            "overall_accuracy_fraction",
            str(0.6 * 0.8 + 0.4 * 1.0),
            "all map classes",
        ),
    ]
    # the required tables are missing here: reported, not a crash
    assert {f.file for f in report.findings if f.expectation == "expect_table_to_exist"} == {
        "baseline_exante",
        "deforestation_events",
    }


def test_class_weights_must_sum_to_one():
    records = [
        {
            "sample_id": f"S-{cls}-{k}",
            "map_class": cls,
            "reference_class": cls,
            "stratum_weight": weight,
        }
        for cls, weight in (("forest", 0.6), ("other", 0.3))
        for k in range(5)
    ]
    tables = {"accuracy_samples": table("accuracy_samples", records)}
    report = check_tables(tables, project(), PERIOD_START, PERIOD_END)
    found = [
        (f.severity, f.expectation, f.column, f.value)
        for f in report.findings
        if f.file.endswith("accuracy_samples.csv")
    ]
    assert found == [("error", "expect_column_sum_to_be_between", "stratum_weight", "0.9")]


# ------------------------------------------------------------------------------------ robustness


def test_missing_column_and_missing_plots_do_not_crash():
    tables = with_frame(good_tables(), "deforestation_events", lambda f: f.drop(columns=["driver"]))
    tables = without(tables, ["inventory_plots"])
    report = check_tables(tables, project(), PERIOD_START, PERIOD_END)
    events = [f for f in report.findings if f.file.endswith("deforestation_events.csv")]
    assert {(f.expectation, f.column, f.severity, f.row) for f in events} == {
        ("expect_column_to_exist", "driver", "error", None),
        ("expect_column_values_to_not_be_null", "driver", "error", None),
        ("expect_column_values_to_be_in_set", "driver", "error", None),
    }
    evaluated = [f for f in events if f.expectation != "expect_column_to_exist"]
    assert all("could not be evaluated" in f.message and "driver" in f.message for f in evaluated)
    trees = [f for f in report.findings if f.file.endswith("inventory_trees.csv")]
    assert [(f.expectation, f.column, f.severity) for f in trees] == [
        ("expect_column_values_to_be_in_set", "plot_id", "error")
    ]
    assert "inventory_plots" in trees[0].message
    # the other suites still ran and passed
    assert next(v for v in report.validations if v["suite"] == "fire_events")["success"]


def test_row_findings_are_capped(monkeypatch):
    monkeypatch.setattr(gx_checks, "ROW_FINDINGS_CAP", 5)
    records = [dict(r) for r in good_records()["deforestation_events"] * 4]
    for i, record in enumerate(records):
        record["event_id"] = f"E-{i:03d}"
    frame = table("deforestation_events", records).frame
    frame.loc[frame.index[:12], "area_ha"] = -1.0  # 12 bad rows > cap: SUMMARY path
    frame.loc[frame.index[20:23], "driver"] = "cattle"  # 3 bad rows <= cap: COMPLETE path
    tables = {"deforestation_events": FakeTable("deforestation_events", "ev.csv", frame)}
    report = check_tables(tables, project(), PERIOD_START, PERIOD_END)
    area = [
        f
        for f in report.findings
        if f.column == "area_ha"
        and f.file == "ev.csv"
        and f.expectation == "expect_column_values_to_be_between"
        and f.severity == "error"
    ]
    assert [f.row for f in area] == [None, 2, 3, 4, 5, 6]
    assert area[0].value == "7 more rows"
    assert "7 more rows (12 in all" in area[0].message
    driver = [f for f in report.findings if f.column == "driver"]
    assert [(f.row, f.record, f.value) for f in driver] == [
        (22, "event_id=E-020", "cattle"),
        (23, "event_id=E-021", "cattle"),
        (24, "event_id=E-022", "cattle"),
    ]


def test_fraction_columns_are_checked_as_numbers():
    tables = with_frame(
        good_tables(),
        "ccb_indicators",
        lambda f: f.assign(women_fraction=pd.array(["0.4", "45", None], dtype="string")),
    )
    tables = {"ccb_indicators": tables["ccb_indicators"]}
    report = check_tables(tables, project(), PERIOD_START, PERIOD_END)
    found = [
        (f.row, f.column, f.value, f.severity)
        for f in report.findings
        if f.file.endswith("ccb_indicators.csv")
    ]
    assert found == [(3, "women_fraction", "45.0", "error")]


def test_frames_with_other_index_and_without_row_column():
    records = good_records()["claimed_vintages"]
    frame = table("claimed_vintages", records).frame.drop(columns=["_row"])
    frame.index = [10, 20]
    frame.loc[20, "vcus"] = -5.0
    report = check_tables(
        {"claimed_vintages": FakeTable("claimed_vintages", "c.csv", frame)},
        project(),
        PERIOD_START,
        PERIOD_END,
    )
    found = [(f.row, f.record, f.value) for f in report.findings if f.file == "c.csv"]
    assert found == [(3, "vintage=2020", "-5.0")]


def test_module_imports_neither_prefect_nor_gx_eagerly():
    code = (
        "import sys, tasks.gx_checks; "
        "print('prefect' in sys.modules, 'great_expectations' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


# ------------------------------------------------------------------------------------ data docs


def test_data_docs_are_built(bad_report: QualityReport, tmp_path: Path):
    index = build_data_docs(bad_report, tmp_path / "data_docs")
    assert index == tmp_path / "data_docs" / "index.html"
    assert index.is_file()
    pages = {p.stem for p in (tmp_path / "data_docs" / "validations").rglob("*.html")}
    assert pages == {r.suite_name for r in bad_report.gx_results}
    events = next((tmp_path / "data_docs" / "validations").rglob("deforestation_events.html"))
    assert "E-011" in events.read_text(encoding="utf-8")
    run_dirs = {
        p.parent.parent.name for p in (tmp_path / "data_docs" / "validations").rglob("*.html")
    }
    assert run_dirs == {"TEST-1_2019-01-01_2020-12-31"}


def test_tables_are_not_modified():
    tables = good_tables()
    before = {name: t.frame.copy() for name, t in tables.items()}
    check_tables(tables, project(), PERIOD_START, PERIOD_END)
    for name, t in tables.items():
        pd.testing.assert_frame_equal(t.frame, before[name])


# ------------------------------------------------------------------------------------ hostile text

HOSTILE = {
    "event_id": "<script>alert(1)</script>",
    "driver": "<img src=x onerror=alert(2)>",
    "source": '"><svg onload=alert(3)>',
}
RAW_TAGS = ("<script>alert", "<img src=x", "<svg onload", "onerror=alert(2)>")


def _hostile_tables():
    records = good_records()
    events = records["deforestation_events"]
    events[0].update(HOSTILE)
    events[1]["driver"] = HOSTILE["driver"]  # an unknown driver: a warning naming the value
    tables = tables_from(records)
    # a column named with markup gets a run-time range check, so the name reaches the pages
    return with_frame(tables, "fire_events", lambda f: f.assign(**{"<b>x</b>_fraction": 0.5}))


def test_input_text_is_escaped_in_the_data_docs(tmp_path: Path):
    """Issue 14: every value from the inputs is HTML-escaped in every page GX writes."""
    report = check_tables(_hostile_tables(), project(), PERIOD_START, PERIOD_END)
    drivers = [f for f in report.findings if f.column == "driver"]
    assert {f.value for f in drivers} == {HOSTILE["driver"]}  # the report keeps raw values
    assert any(f.record == f"event_id={HOSTILE['event_id']}" for f in drivers)
    index = build_data_docs(report, tmp_path / "docs")
    pages = [p for p in index.parent.rglob("*") if p.suffix in {".html", ".js", ".json"}]
    assert len(pages) > 3
    escaped = 0
    for page in pages:
        text = page.read_text(encoding="utf-8", errors="replace")
        for tag in RAW_TAGS:
            assert tag not in text, f"raw {tag!r} in {page.relative_to(tmp_path)}"
        escaped += text.count("&lt;img src=x onerror=alert(2)&gt;")
    assert escaped >= 1  # the value is shown, as text
    events = next(r for r in report.gx_results if r.suite_name == "deforestation_events")
    raw = json.dumps(events.to_json_dict())
    assert HOSTILE["driver"] in raw  # the escaping worked on a copy


def test_escaping_leaves_plain_values_alone():
    from tasks.gx_docs import escape_markup

    value = {"a<": ["x & y", 1, None, ("<i>",)], "n": 2.5}
    assert escape_markup(value) == {"a&lt;": ["x &amp; y", 1, None, ("&lt;i&gt;",)], "n": 2.5}


# ------------------------------------------------------------------------------------ overflow


def test_numbers_beyond_any_bound_are_range_findings_not_overflows():
    """Issue 14: 1e308 hectares or inf is an error naming file, row, record and column."""
    tables = with_frame(
        good_tables(),
        "deforestation_events",
        lambda f: f.assign(canopy_height_m=1.0),
    )
    frame = tables["deforestation_events"].frame
    frame.loc[frame.index[0], "area_ha"] = 1e308
    frame.loc[frame.index[1], "area_ha"] = float("inf")
    frame.loc[frame.index[2], "canopy_height_m"] = 1e300  # an extra column: bounded by its unit
    claimed = tables["claimed_vintages"].frame
    claimed.loc[claimed.index[0], "vcus"] = 1e308
    report = check_tables(tables, project(), PERIOD_START, PERIOD_END)
    errors = {
        (_key(f)[0], f.row, f.record, f.column, f.value)
        for f in report.findings
        if f.severity == "error" and f.expectation == "expect_column_values_to_be_between"
    }
    assert {
        ("deforestation_events", 2, "event_id=E-000", "area_ha", "1e+308"),
        ("deforestation_events", 3, "event_id=E-001", "area_ha", "inf"),
        ("deforestation_events", 4, "event_id=E-002", "canopy_height_m", "1e+300"),
        ("claimed_vintages", 2, "vintage=2019", "vcus", "1e+308"),
    } <= errors


def test_every_numeric_schema_column_has_an_error_upper_bound():
    from redd_audit.tables.schemas import SCHEMAS

    for name, schema in SCHEMAS.items():
        spec = json.loads((gx_checks.SUITES_DIR / f"{name}.json").read_text(encoding="utf-8"))
        frame = table(name, []).frame
        spec_copy = {"expectations": list(spec["expectations"])}
        gx_suites.add_bound_checks(frame, spec_copy)
        for column, kind in schema.columns.items():
            if kind not in {"float", "int"}:
                continue
            bounded = [
                e
                for e in spec_copy["expectations"]
                if e["type"] == "expect_column_values_to_be_between"
                and e["kwargs"].get("column") == column
                and e["kwargs"].get("max_value") is not None
                and e["meta"]["severity"] == "error"
            ]
            assert bounded, f"{name}.{column} has no error upper bound"

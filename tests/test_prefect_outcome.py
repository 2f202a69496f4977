"""Fast checks of the operations layer (no server): outcomes, periods, names, artifact keys,
terminal safety, ``--out`` checks, the watcher's fingerprints and the automations file."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redd_audit.conclusion import conclusion, first_findings, misstatement_text
from redd_audit.errors import InputError, QualityGateFailed
from redd_audit.periods import (
    Period,
    add_calendar_years,
    latest_ended_period,
    periods_from_rule,
    resolve_period,
)

D = dt.date


def _summary(status="passed", errors=0, materiality=None, verification=None, vcus=1000.4):
    findings = [
        {"severity": "error", "file": "deforestation_events.csv", "row": 5 + i,
         "record": f"event_id=E-{i}", "column": "area_ha", "message": "must be positive"}
        for i in range(errors)
    ]  # fmt: skip
    summary = {
        "project_id": "VCS-868",
        "period": {"start": "2021-01-01", "end": "2022-12-31"},
        "status": status,
        "totals": None if errors else {"vcus": vcus},
        "quality": {"errors": errors, "warnings": 2, "findings": findings},
    }
    if materiality is not None:
        summary["materiality"] = materiality
    if verification is not None:
        summary["verification"] = verification
    return summary


MATERIAL = [{"quantity": "vcus", "claimed": 1034067, "recomputed": 1000000,
             "misstatement": 34067, "misstatement_fraction": 0.034067,
             "direction": "overstated", "material": True}]  # fmt: skip


# ------------------------------------------------------------------------ conclusion, states


def test_conclusion_outcomes():
    assert conclusion(_summary())["outcome"] == "passed"
    assert conclusion(_summary(materiality=MATERIAL))["outcome"] == "material-misstatement"
    flagged = _summary(verification={"material_misstatement": True, "findings_open": 3})
    assert conclusion(flagged)["outcome"] == "material-misstatement"
    assert conclusion(flagged)["findings_open"] == 3
    failed = conclusion(_summary("failed_quality_gate", errors=4, materiality=MATERIAL))
    assert failed["outcome"] == "failed" and failed["material"] is False
    assert conclusion(_summary())["vcus"] == 1000  # whole VCUs


def test_misstatement_text_names_direction_size_and_materiality():
    assert misstatement_text(MATERIAL[0]) == "VCUs overstated by 34,067 (3.41 %), material"
    assert misstatement_text(None) == "no claim to compare"


def test_first_findings_name_file_row_record_column():
    lines = first_findings(_summary("failed_quality_gate", errors=5))
    assert len(lines) == 3
    assert lines[0] == (
        "deforestation_events.csv, row 5, event_id=E-0, column 'area_ha': must be positive"
    )


def test_final_states():
    from flows.outcome import MATERIAL_STATE_NAME, final_state

    passed = final_state(_summary(), "run", "/out")
    assert passed.is_completed() and passed.name == "Completed"
    material = final_state(_summary(materiality=MATERIAL), "run", "/out")
    assert material.is_completed() and material.name == MATERIAL_STATE_NAME
    assert "VCUs overstated by 34,067" in material.message
    failed = final_state(_summary("failed_quality_gate", errors=4), "run", "/out")
    assert failed.is_failed()
    assert failed.message.startswith("data-quality gate failed with 4 blocking finding(s)")
    assert "event_id=E-0" in failed.message and "event_id=E-3" not in failed.message
    with pytest.raises(QualityGateFailed):
        failed.result()


def test_event_payload_and_resource():
    from flows.outcome import event_payload, project_resource

    payload = event_payload(_summary(materiality=MATERIAL), "run", "/out")
    assert payload["outcome"] == "material-misstatement"
    assert payload["period"] == {"start": "2021-01-01", "end": "2022-12-31"}
    assert payload["vcus"] == 1000 and payload["misstatement"]["misstatement"] == 34067
    assert payload["material"] is True and payload["status"] == "passed"
    assert project_resource("VCS-868")["prefect.resource.id"] == "redd-audit.project.VCS-868"


def test_gate_task_state():
    from tasks.gate import decide

    finding = SimpleNamespace(severity="error", render=lambda: "a.csv, row 2: bad")
    quality = SimpleNamespace(errors=1, warnings=0, findings=[finding])
    state = decide(quality)
    assert state.is_failed() and state.name == "Gate failed"
    assert (
        state.message
        == "data-quality gate failed with 1 blocking finding(s). First: a.csv, row 2: bad"
    )
    assert decide(SimpleNamespace(errors=0, warnings=2, findings=[])).name == "Gate passed"


# ------------------------------------------------------------------------------- periods


def _project(**fields):
    """A validated project (crediting period 2010-01-01..2040-12-31) with ``fields`` set."""
    from redd_audit.project import Project
    from tests.workbook.case import project_dict

    data = {**project_dict(), "id": "P-1", **fields}
    return Project.model_validate(data)


def test_rule_periods_are_two_calendar_years_from_the_crediting_start():
    periods = periods_from_rule(D(2010, 1, 1), D(2040, 12, 31), 2)
    assert periods[:2] == [
        Period(D(2010, 1, 1), D(2011, 12, 31)),
        Period(D(2012, 1, 1), D(2013, 12, 31)),
    ]
    assert periods[-1] == Period(D(2040, 1, 1), D(2040, 12, 31))


@given(
    st.dates(D(1990, 1, 1), D(2030, 12, 31)),
    st.integers(1, 5),
    st.integers(0, 40 * 366),
)
def test_rule_periods_tile_the_crediting_period(start, years, length):
    end = start + dt.timedelta(days=length)
    periods = periods_from_rule(start, end, years)
    assert periods[0].start == start and periods[-1].end == end
    for a, b in itertools.pairwise(periods):
        assert b.start == a.end + dt.timedelta(days=1)
    assert all(p.end <= add_calendar_years(p.start, years) for p in periods)


def test_latest_ended_period_follows_the_calendar():
    project = _project(monitoring_period_years=2)
    assert latest_ended_period(project, D(2026, 11, 28)) == Period(D(2024, 1, 1), D(2025, 12, 31))
    assert latest_ended_period(project, D(2025, 12, 31)) == Period(D(2022, 1, 1), D(2023, 12, 31))
    assert latest_ended_period(project, D(2026, 1, 1)) == Period(D(2024, 1, 1), D(2025, 12, 31))


def test_explicit_periods_win_over_the_rule():
    listed = [
        {"start": D(2019, 1, 1), "end": D(2020, 12, 31)},
        {"start": "2021-01-01", "end": "2022-12-31"},
    ]
    project = _project(monitoring_periods=listed, monitoring_period_years=5)
    assert latest_ended_period(project, D(2030, 1, 1)) == Period(D(2021, 1, 1), D(2022, 12, 31))
    assert resolve_period(project, D(2019, 1, 1), None, D(2030, 1, 1)).end == D(2020, 12, 31)
    assert resolve_period(project, None, D(2022, 12, 31), D(2030, 1, 1)).start == D(2021, 1, 1)


def test_period_errors_are_input_errors():
    with pytest.raises(InputError, match="no monitoring_periods"):
        latest_ended_period(_project(), D(2026, 1, 1))
    with pytest.raises(InputError, match="has ended by 2011-06-01"):
        latest_ended_period(_project(monitoring_period_years=2), D(2011, 6, 1))
    with pytest.raises(InputError, match="has start 2011-02-03"):
        resolve_period(_project(monitoring_period_years=2), D(2011, 2, 3), None, D(2030, 1, 1))
    assert resolve_period(_project(), D(2021, 1, 1), D(2021, 3, 1), D(2000, 1, 1)).end == D(
        2021, 3, 1
    )


# --------------------------------------------------------------------------------- names, keys


def test_run_names_keep_typed_names_and_name_the_project_period_and_kind(tmp_path):
    from flows.naming import audit_run_name, is_generated_name
    from tests.conftest import SAMPLE

    assert is_generated_name("marvellous-grebe") and is_generated_name(None)
    assert not is_generated_name("rerun after the fix") and not is_generated_name("VCS-868 run")
    name = audit_run_name(str(SAMPLE), "2021-01-01", D(2022, 12, 31), "run", D(2026, 1, 1))
    assert name == "VCS-868 2021-01-01..2022-12-31 run"
    missing = audit_run_name(str(tmp_path / "nope"), None, None, "validate", D(2026, 1, 1))
    assert missing == "nope latest period validate"


def test_artifact_keys_name_project_period_and_kind():
    from prefect.client.schemas.actions import ArtifactCreate

    from tasks.artifacts import period_key

    summary = {
        "project_id": "My_Project 2/x",
        "period": {"start": "2021-01-01", "end": "2022-12-31"},
    }
    run_key = period_key(summary, "run", "summary")
    assert run_key == "my-project-2-x-2021-01-01-2022-12-31-run-summary"
    assert period_key(summary, "validate", "summary") != run_key
    ArtifactCreate(key=run_key, type="markdown", data="x")


def test_outputs_are_links_only_with_a_base_url(tmp_path, monkeypatch):
    from tasks.artifacts import OUTPUTS_BASE_URL_ENV, output_location

    folder = tmp_path / "VCS-868" / "2021-01-01_2022-12-31"
    outputs = SimpleNamespace(output_dir=folder, workbook=folder / "a b.xlsx")
    monkeypatch.delenv(OUTPUTS_BASE_URL_ENV, raising=False)
    assert output_location(outputs, outputs.workbook) == (str(outputs.workbook), None)
    monkeypatch.setenv(OUTPUTS_BASE_URL_ENV, "https://share.example/reports/")
    _, url = output_location(outputs, outputs.workbook)
    assert url == "https://share.example/reports/VCS-868/2021-01-01_2022-12-31/a%20b.xlsx"


def test_vintage_rows_are_whole_tonnes():
    from tasks.artifacts import vintage_rows

    summary = {
        "vintages": [{"vintage": 2021, "baseline_tco2e": 1234.6, "project_tco2e": 1.2,
                      "leakage_tco2e": 0, "buffer_tco2e": 10.5, "vcus": 1000}],
        "reconciliation": [{"vintage": 2021, "quantity": "vcus", "claimed": 1026,
                            "difference_fraction": 0.026}],
    }  # fmt: skip
    (row,) = vintage_rows(summary)
    assert row["baseline_tco2e"] == "1,235" and row["claimed_vcus"] == "1,026"
    assert row["difference"] == "+2.60 %" and len(row) <= 8


# ----------------------------------------------------------------------------- terminal, --out


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("E-1\x1b]0;owned\x07", "E-1\\x1b]0;owned\\x07"),
        ("\x1b[2J", "\\x1b[2J"),
        ("a\rb", "a\\x0db"),
        ("x\u202ey\u200b", "x\\u202ey\\u200b"),
        ("\x9b31m", "\\x9b31m"),
        ("tête\nline", "tête\nline"),
    ],
)
def test_visible_shows_control_characters(raw, shown):
    from flows.terminal import visible

    assert visible(raw) == shown


@given(st.text())
def test_visible_output_holds_no_control_characters(text):
    import unicodedata

    from flows.terminal import visible

    assert all(c == "\n" or unicodedata.category(c) not in ("Cc", "Cf") for c in visible(text))


def test_out_that_is_a_file_or_read_only_is_refused(tmp_path):
    from flows.terminal import check_out_dir

    check_out_dir(tmp_path / "new" / "deeper")  # created later by the run
    file = tmp_path / "file.txt"
    file.write_text("x")
    with pytest.raises(InputError, match="is a file, not a folder"):
        check_out_dir(file)
    with pytest.raises(InputError, match="is a file, not a folder"):
        check_out_dir(file / "below")
    locked = tmp_path / "locked"
    locked.mkdir()
    os.chmod(locked, 0o555)
    try:
        with pytest.raises(InputError, match="cannot be written: read-only"):
            check_out_dir(locked)
        with pytest.raises(InputError, match="its folder"):
            check_out_dir(locked / "sub")
    finally:
        os.chmod(locked, 0o755)
    assert not list(tmp_path.glob("**/.redd-audit-probe-*"))


# ----------------------------------------------------------------------------- watcher, file


def test_fingerprints_change_with_bytes_and_names_not_with_hidden_files(tmp_path):
    from flows.watch import changes, file_hashes, fingerprint, variable_name

    (tmp_path / "a.csv").write_text("x\n")
    first = file_hashes(tmp_path)
    (tmp_path / ".lock").write_text("y")
    assert file_hashes(tmp_path) == first
    (tmp_path / "a.csv").write_text("x\n1\n")
    (tmp_path / "b.csv").write_text("z")
    second = file_hashes(tmp_path)
    assert fingerprint(second) != fingerprint(first)
    assert changes(first, second) == {"added": ["b.csv"], "removed": [], "changed": ["a.csv"]}
    assert re.fullmatch(r"[a-z0-9_-]+", variable_name("VCS 868/ü"))


def test_automations_file_builds_valid_automations():
    import uuid

    from flows.automations import DEFAULT_FILE, build_automation, load_spec

    spec = load_spec(DEFAULT_FILE)
    block = uuid.uuid4()
    built = [build_automation(entry, block) for entry in spec["automations"]]
    expects = set().union(*(a.trigger.expect for a in built))
    assert {"prefect.flow-run.Failed", "redd-audit.audit.material-misstatement"} <= expects
    for automation in built:
        (action,) = automation.actions
        assert action.type == "send-notification" and action.block_document_id == block


def test_missing_automations_file_is_an_input_error(tmp_path):
    from flows.automations import load_spec

    with pytest.raises(InputError, match="cannot read"):
        load_spec(tmp_path / "none.yaml")
    (tmp_path / "x.yaml").write_text("automations: 3\n")
    with pytest.raises(InputError, match="list 'automations'"):
        load_spec(tmp_path / "x.yaml")


def test_every_flow_parameter_has_a_description():
    from flows.audit import quality_check, verification_audit
    from flows.watch import watch_monitoring_data

    for flow in (verification_audit, quality_check, watch_monitoring_data):
        properties = flow.parameters.properties
        for name, schema in properties.items():
            assert schema.get("description"), (flow.name, name)

"""Unit tests of the verification-cycle core (contract 5.1–5.4) with hand-checkable numbers."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from redd_audit.cycle.cumulative import (
    cumulative_position,
    gap_days,
    history_periods,
    issuance_findings,
    shares_a_day,
)
from redd_audit.cycle.findings_register import (
    draft_findings,
    register_counts,
    verification_summary,
)
from redd_audit.cycle.materiality import (
    line_text,
    misstatement_direction,
    period_conclusion,
    period_line,
    period_materiality,
    unclaimed_vintages,
)
from redd_audit.cycle.record_diff import diff_records, record_keys
from redd_audit.cycle.revisions import (
    carry_revisions,
    figure_changes,
    input_changes,
    next_revision_number,
)
from redd_audit.cycle.snapshot import snapshot_path
from redd_audit.errors import InputError

D = dt.date


# --- materiality (5.2) ----------------------------------------------------------------------
def test_period_line_overstated_material():
    line = period_line("vcus", 2_558_067, 2_524_000, 0.01)
    assert line["misstatement"] == 34_067
    assert line["misstatement_fraction"] == pytest.approx(34_067 / 2_524_000)
    assert line["direction"] == "overstated" and line["material"] is True
    assert line_text(line) == "VCUs overstated by 34,067 (1.35 %): material"


def test_period_line_understated_within_threshold():
    line = period_line("baseline_tco2e", 990, 1000, 0.01)
    assert line["misstatement"] == -10 and line["misstatement_fraction"] == pytest.approx(-0.01)
    assert line["direction"] == "understated" and line["material"] is False


def test_period_line_recomputed_zero():
    assert period_line("leakage_tco2e", 0, 0, 0.01)["misstatement_fraction"] == 0
    assert period_line("leakage_tco2e", 0, 0, 0.01)["material"] is False
    line = period_line("leakage_tco2e", 5, 0, 0.01)
    assert line["misstatement_fraction"] is None and line["material"] is True


def test_direction():
    assert [misstatement_direction(x) for x in (1, -1, 0)] == ["overstated", "understated", "none"]


QUANTITIES = ("baseline_tco2e", "project_tco2e", "leakage_tco2e", "buffer_tco2e", "vcus")


def _vintage(v, b, p, lk, buf, vcus):
    return dict(zip(("vintage", *QUANTITIES), (v, b, p, lk, buf, vcus), strict=True))


def test_period_materiality_sums_over_vintages():
    recomputed = [_vintage(2019, 100, 10, 0, 9, 81), _vintage(2020, 200, 20, 0, 18, 162)]
    claims = {2019: _vintage(2019, 100, 10, 0, 9, 90), 2020: _vintage(2020, 200, 20, 0, 18, 162)}
    lines = {m["quantity"]: m for m in period_materiality(recomputed, claims, 0.01)}
    assert list(lines) == list(QUANTITIES)
    assert lines["vcus"]["claimed"] == 252 and lines["vcus"]["recomputed"] == 243
    assert lines["vcus"]["misstatement"] == 9
    assert lines["vcus"]["misstatement_fraction"] == pytest.approx(9 / 243)
    assert lines["vcus"]["material"] is True
    assert lines["baseline_tco2e"]["direction"] == "none"
    assert lines["leakage_tco2e"]["misstatement_fraction"] == 0


def test_period_materiality_needs_every_vintage():
    recomputed = [_vintage(2019, 100, 10, 0, 9, 81), _vintage(2020, 200, 20, 0, 18, 162)]
    claims = {2019: _vintage(2019, 100, 10, 0, 9, 90)}
    assert period_materiality(recomputed, claims, 0.01) == []
    assert unclaimed_vintages([2019, 2020], claims) == [2020]
    partial = {2019: {**claims[2019], "vcus": float("nan")}}
    assert unclaimed_vintages([2019], partial) == [2019]


def test_period_conclusion_lines():
    material = period_line("vcus", 2_558_067, 2_524_000, 0.01)
    summary = {"status": "passed", "totals": {}, "materiality": [material]}
    assert period_conclusion(summary) == "VCUs overstated by 34,067 (1.35 %): material"
    clean = period_line("vcus", 5294, 5294, 0.01)
    assert period_conclusion({**summary, "materiality": [clean]}) == (
        "VCUs as claimed (5,294): not material"
    )
    project = period_line("project_tco2e", 100, 50, 0.01)
    text = period_conclusion({**summary, "materiality": [clean, project]})
    assert text.endswith("; also Project emissions overstated by 50 tCO2e (100.00 %): material")
    assert period_conclusion({**summary, "materiality": []}).startswith("No conclusion")
    assert "gate failed" in period_conclusion({"status": "failed_quality_gate", "totals": None})


# --- cumulative position (5.3) ---------------------------------------------------------------
def _history():
    return pd.DataFrame(
        {
            "period_start": pd.to_datetime(["2016-01-01", "2017-01-01", "2017-01-01"]),
            "period_end": pd.to_datetime(["2016-12-31", "2018-12-31", "2018-12-31"]),
            "vintage": [2016, 2017, 2018],
            "vcus_issued": [1000.0, 1200.0, 1300.0],
            "buffer_tco2e": [100.0, 120.0, 130.0],
            "_row": [2, 3, 4],
        }
    )


def test_cumulative_position_hand_sums():
    c = cumulative_position(_history(), 5294, 600.5)
    assert c == {
        "periods": 2,
        "vcus_issued_before": 3500,
        "buffer_before": 350,
        "vcus_to_date": 8794,
        "buffer_to_date": 950.5,
    }
    assert cumulative_position(_history(), None, None)["vcus_to_date"] is None
    assert history_periods(_history()) == [
        (D(2016, 1, 1), D(2016, 12, 31)),
        (D(2017, 1, 1), D(2018, 12, 31)),
    ]


def test_overlap_and_gap_rules():
    assert shares_a_day(D(2017, 1, 1), D(2019, 1, 1), D(2019, 1, 1), D(2020, 12, 31))
    assert not shares_a_day(D(2017, 1, 1), D(2018, 12, 31), D(2019, 1, 1), D(2020, 12, 31))
    assert gap_days(D(2018, 12, 31), D(2019, 1, 1)) == 0
    assert gap_days(D(2018, 12, 30), D(2019, 1, 1)) == 1


def test_issuance_findings_contiguous_history_is_clean():
    start, end = D(2019, 1, 1), D(2020, 12, 31)
    assert issuance_findings(_history(), "issuance_history.csv", start, end) == []


def test_double_issuance_is_an_error_naming_the_row():
    findings = issuance_findings(_history(), "issuance_history.csv", D(2018, 7, 1), D(2020, 12, 31))
    errors = [f for f in findings if f.severity == "error"]
    assert [f.row for f in errors] == [3, 4]
    assert errors[0].file == "issuance_history.csv" and errors[0].column == "period_start"
    assert errors[0].record == "period_start=2017-01-01, period_end=2018-12-31, vintage=2017"
    assert "double issuance" in errors[0].message


def test_gap_is_a_warning():
    findings = issuance_findings(_history(), "h.csv", D(2019, 3, 1), D(2020, 12, 31))
    assert [(f.severity, f.row, f.column) for f in findings] == [("warning", 3, "period_end")]
    assert "59 day(s)" in findings[0].message


# --- findings register (5.4) -----------------------------------------------------------------
def _register(rows):
    return pd.DataFrame(rows, columns=["finding_id", "type", "status"])


def test_register_counts():
    reg = _register([("F1", "NCR", "closed"), ("F2", "CL", "open"), ("F3", "CL", "open")])
    opened, closed, by_type = register_counts(reg)
    assert (opened, closed) == (2, 1)
    assert by_type == {"NCR": 0, "NIR": 0, "OFI": 0, "CAR": 0, "CL": 2, "FAR": 0}


def test_ready_for_opinion():
    clean = [period_line("vcus", 100, 100, 0.01)]
    reg = _register([("F1", "NCR", "closed"), ("F2", "OFI", "open")])
    assert verification_summary(reg, clean, None, figures=True)["ready_for_opinion"] is True
    car = _register([("F1", "CAR", "open")])
    assert verification_summary(car, clean, None, figures=True)["ready_for_opinion"] is False
    material = [period_line("vcus", 110, 100, 0.01)]
    v = verification_summary(None, material, None, figures=True)
    assert v["material_misstatement"] is True and v["ready_for_opinion"] is False
    assert v["draft_findings"][0]["type"] == "NCR"
    assert v["draft_findings"][0]["reference"] == "materiality:vcus"
    gate = verification_summary(reg, [], None, figures=False)
    assert gate["material_misstatement"] is None and gate["ready_for_opinion"] is False
    assert gate["findings_open"] == 1


def test_biased_map_without_a_size_is_a_draft_nir():
    """Without accuracy.bias (no T to compare with) the draft stays an NIR; sized drafts (NCR
    or CL, contract 5.9) are tested in tests/cycle/test_map_bias.py."""
    accuracy = {
        "change_class_biased": True,
        "classes": [{"class": "deforestation", "mapped_proportion": 0.02,
                     "adjusted_proportion": 0.05, "adjusted_ci95": 0.01}],
    }  # fmt: skip
    drafts = draft_findings([], accuracy)
    assert [d["type"] for d in drafts] == ["NIR"]
    assert "2.0 % against an area-adjusted 5.0 % ± 1.0 %" in drafts[0]["description"]
    assert draft_findings([], {"change_class_biased": False}) == []


# --- revisions (5.1) -------------------------------------------------------------------------
def test_input_changes():
    before = [{"file": "a.csv", "sha256": "1"}, {"file": "b.csv", "sha256": "2"}]
    after = [{"file": "a.csv", "sha256": "1"}, {"file": "b.csv", "sha256": "3"},
             {"file": "c.csv", "sha256": "4"}]  # fmt: skip
    assert input_changes(before, after) == [
        {"file": "b.csv", "previous_sha256": "2", "sha256": "3"},
        {"file": "c.csv", "previous_sha256": None, "sha256": "4"},
    ]
    assert input_changes(after, before)[-1] == {
        "file": "c.csv", "previous_sha256": "4", "sha256": None,
    }  # fmt: skip


def test_figure_changes_difference_per_vintage():
    prev = [_vintage(2019, 100, 10, 0, 9, 81)]
    cur = [_vintage(2019, 110, 10, 0, 10, 90), _vintage(2020, 50, 5, 0, 4, 41)]
    changes = {(c["vintage"], c["quantity"]): c for c in figure_changes(prev, cur)}
    assert len(changes) == 10
    assert changes[(2019, "vcus")] == {
        "vintage": 2019, "quantity": "vcus", "previous": 81, "current": 90, "difference": 9,
    }  # fmt: skip
    assert changes[(2020, "baseline_tco2e")]["previous"] == 0
    assert changes[(2020, "baseline_tco2e")]["difference"] == 50
    assert changes[(2019, "project_tco2e")]["difference"] == 0
    assert figure_changes(prev, [])[0]["difference"] is None


def test_record_diff_added_removed_changed():
    prev = pd.DataFrame(
        {"event_id": ["E1", "E2", "E3"], "area_ha": [1.0, 2.0, 3.0], "driver": ["a", "b", "c"],
         "_row": [2, 3, 4]}
    )  # fmt: skip
    cur = pd.DataFrame(
        {"event_id": ["E1", "E2", "E4"], "area_ha": [1.0, 2.5, 4.0], "driver": ["a", "b", "d"],
         "_row": [2, 3, 4]}
    )  # fmt: skip
    entries = diff_records("deforestation_events", prev, cur)
    assert [(e["record"], e["change"]) for e in entries] == [
        ("event_id=E2", "changed"),
        ("event_id=E4", "added"),
        ("event_id=E3", "removed"),
    ]
    assert [e["row"] for e in entries] == [3, 4, 4]  # removed: its row in the previous file
    changed = entries[0]
    assert changed["columns"] == ["area_ha"]
    assert changed["old"] == {"area_ha": 2.0} and changed["new"] == {"area_ha": 2.5}
    assert entries[1]["new"]["driver"] == "d" and entries[2]["old"]["area_ha"] == 3.0


def test_record_diff_by_compound_id_and_dates():
    def frame(area, day):
        return pd.DataFrame(
            {"zone": ["project_area"], "stratum_id": ["S1"], "year": [2019], "area_ha": [area],
             "noted_on": pd.to_datetime([day])}
        )  # fmt: skip

    entries = diff_records("baseline_exante", frame(10.0, "2020-01-01"), frame(10.0, "2020-01-02"))
    assert entries[0]["record"] == "zone=project_area, stratum_id=S1, year=2019"
    assert entries[0]["old"] == {"noted_on": "2020-01-01"}
    same = frame(10.0, "2020-01-01")
    assert diff_records("baseline_exante", same, frame(10.0, "2020-01-01")) == []


def test_record_keys_tell_duplicates_apart():
    frame = pd.DataFrame({"event_id": ["E1", "E1", "E2"]})
    assert record_keys(frame, ("event_id",)) == [
        "event_id=E1", "event_id=E1 #2", "event_id=E2",
    ]  # fmt: skip


def test_snapshot_path_stays_inside():
    assert snapshot_path("data/events.csv") == "inputs/data/events.csv"
    for bad in ("../x.csv", "/etc/passwd"):
        with pytest.raises(InputError):
            snapshot_path(bad)


def test_carry_revisions_keeps_outputs_and_numbers(tmp_path):
    final, staging = tmp_path / "period", tmp_path / "staging"
    staging.mkdir()
    assert carry_revisions(final, staging, "summary.json") is None
    final.mkdir()
    (final / "summary.json").write_text(json.dumps({"revision": {"number": 2}}))
    (final / "book.xlsx").write_bytes(b"xlsx")
    (final / "revisions" / "001").mkdir(parents=True)
    (final / "revisions" / "001" / "summary.json").write_text("{}")
    archived = carry_revisions(final, staging, "summary.json")
    assert archived is not None and archived.number == 2
    assert (staging / "revisions" / "002" / "book.xlsx").read_bytes() == b"xlsx"
    assert (staging / "revisions" / "001" / "summary.json").read_text() == "{}"
    assert not (staging / "revisions" / "002" / "revisions").exists()
    assert next_revision_number(final, archived) == 3
    assert (final / "book.xlsx").exists()  # untouched until the staging folder is published


def test_record_diff_of_a_new_or_dropped_table():
    cur = pd.DataFrame({"finding_id": ["F1"], "status": ["open"], "_row": [2]})
    added = diff_records("verification_findings", pd.DataFrame(), cur)
    assert [(e["record"], e["change"]) for e in added] == [("finding_id=F1", "added")]
    assert added[0]["new"] == {"finding_id": "F1", "status": "open"}
    removed = diff_records("verification_findings", cur, pd.DataFrame())
    assert [(e["record"], e["change"]) for e in removed] == [("finding_id=F1", "removed")]


def test_record_diff_limit_keeps_the_first_entries():
    prev = pd.DataFrame({"event_id": ["E1", "E2"], "area_ha": [1.0, 2.0]})
    cur = pd.DataFrame({"event_id": ["E1", "E3"], "area_ha": [5.0, 3.0]})
    assert [e["record"] for e in diff_records("deforestation_events", prev, cur, limit=2)] == [
        "event_id=E1",
        "event_id=E3",
    ]


def test_record_diff_with_missing_values_of_every_kind():
    prev = pd.DataFrame(
        {"finding_id": pd.array(["F1", "F2"], dtype="string"),
         "response": pd.array([pd.NA, "done"], dtype="string"),
         "count": pd.array([pd.NA, 2], dtype="Int64")}
    )  # fmt: skip
    cur = prev.copy()
    cur.loc[1, "response"] = pd.NA
    entries = diff_records("verification_findings", prev, cur)
    assert [(e["record"], e["columns"], e["old"], e["new"]) for e in entries] == [
        ("finding_id=F2", ["response"], {"response": "done"}, {"response": None})
    ]

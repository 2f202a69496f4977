"""Notifications an on-call person can act on (issue 24 item 8): the outcome event carries the
figures as a person reads them and the run's address; the notification templates use them."""

from __future__ import annotations

from pathlib import Path

import jinja2
import yaml

from flows.outcome import event_payload
from tests.test_prefect_outcome import MATERIAL, _summary

AUTOMATIONS = Path(__file__).resolve().parents[2] / "automations" / "redd-audit.yaml"


def _body(name: str) -> str:
    spec = yaml.safe_load(AUTOMATIONS.read_text("utf-8"))
    (entry,) = [a for a in spec["automations"] if a["name"] == name]
    return str(entry["actions"][0]["body"])


def test_the_event_carries_rounded_figures_and_run_links():
    payload = event_payload(_summary(materiality=MATERIAL, vcus=75738.0), "run", "/out")
    assert payload["vcus_text"] == "75,738"  # not "75738.0"
    assert payload["misstatement_text"].startswith("VCUs overstated by 34,067")
    assert {"flow_run_url", "flow_run_name", "deployment"} <= set(payload)
    assert payload["flow_run_url"] is None  # outside a run: no address to give


def test_the_misstatement_notification_reads_rounded_and_links_the_run():
    payload = event_payload(_summary(materiality=MATERIAL, vcus=75738.0), "run", "/out")
    payload.update(flow_run_url="http://prefect:4200/runs/flow-run/abc", deployment="adhoc")
    event = {"resource": {"name": "VCS-868"}, "payload": payload}
    text = jinja2.Environment().from_string(_body("redd-audit material misstatement"))
    body = text.render(event=event)
    assert "VCUs 75,738;" in body and "75738.0" not in body
    assert "VCUs overstated by 34,067" in body
    assert "Run: http://prefect:4200/runs/flow-run/abc (adhoc)" in body


def test_the_failure_notification_links_the_run_and_explains_a_crash():
    from types import SimpleNamespace as NS

    from prefect.states import Crashed

    env = jinja2.Environment()
    env.filters["ui_url"] = lambda obj: f"http://prefect:4200/runs/flow-run/{obj.id}"
    state = Crashed(message="Execution was cancelled by the runtime environment.")
    flow_run = NS(id="abc", name="VCS-868 run", deployment_id="d", state=state)
    body = env.from_string(_body("redd-audit run failed")).render(
        flow_run=flow_run, flow=NS(name="verification-audit"), deployment=NS(name="adhoc")
    )
    assert "(verification-audit, deployment adhoc) ended Crashed" in body
    assert "the process was killed" in body
    assert "Run: http://prefect:4200/runs/flow-run/abc" in body

"""Fast checks of the Prefect wiring: prefect.yaml, cache keys, artifact keys, progress wrapper.

No server and no flow run here; the engine tests are in test_prefect_server.py,
test_prefect_deploy.py and test_prefect_portfolio.py (marked slow).
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import re
from types import SimpleNamespace

import pytest
import yaml

from tests.conftest import ROOT, SAMPLE

PREFECT_YAML = ROOT / "prefect.yaml"
KEY = re.compile(r"^[a-z0-9-]+$")


def _config() -> dict:
    return yaml.safe_load(PREFECT_YAML.read_text("utf-8"))


def _flow_of(entrypoint: str):
    path, name = entrypoint.split(":")
    assert (ROOT / path).is_file(), f"entrypoint file missing: {path}"
    module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
    return getattr(module, name)


def test_every_entrypoint_imports_and_is_a_flow():
    from prefect import Flow

    deployments = _config()["deployments"]
    assert {d["name"] for d in deployments} >= {"adhoc", "pre-verification", "validate"}
    for deployment in deployments:
        flow = _flow_of(deployment["entrypoint"])
        assert isinstance(flow, Flow), deployment["entrypoint"]


def test_deployment_parameters_match_the_flow_signatures():
    for deployment in _config()["deployments"]:
        flow = _flow_of(deployment["entrypoint"])
        signature = inspect.signature(flow.fn)
        given = set(deployment.get("parameters") or {})
        required = {
            n for n, p in signature.parameters.items() if p.default is inspect.Parameter.empty
        }
        assert given <= set(signature.parameters), deployment["name"]
        assert required <= given, f"{deployment['name']} lacks {required - given}"
        # the parameters validate against the flow's schema (dates as ISO strings)
        flow.validate_parameters(deployment["parameters"])


def test_audit_deployments_take_project_period_and_output():
    by_name = {d["name"]: d for d in _config()["deployments"]}
    for name in ("adhoc", "validate"):
        assert set(by_name[name]["parameters"]) == {"project_dir", "start", "end", "out_dir"}
    for name in ("pre-verification", "on-new-data"):  # the period comes from project.yaml
        assert set(by_name[name]["parameters"]) == {"project_dir", "out_dir"}


def test_the_schedule_audits_the_latest_ended_period_after_calendar_year_ends():
    import asyncio
    from zoneinfo import ZoneInfo

    from prefect.server.schemas.schedules import CronSchedule

    from redd_audit.periods import latest_ended_period

    by_name = {d["name"]: d for d in _config()["deployments"]}
    (entry,) = by_name["pre-verification"]["schedules"]
    assert entry["active"] is False
    schedule = CronSchedule(cron=entry["cron"], timezone=entry["timezone"])
    start = dt.datetime(2025, 1, 1, tzinfo=ZoneInfo(entry["timezone"]))
    (fire,) = asyncio.run(schedule.get_dates(n=1, start=start))
    assert fire.date() == dt.date(2025, 1, 15)
    from redd_audit.project import Project
    from tests.workbook.case import project_dict

    project = Project.model_validate(
        {**project_dict(), "monitoring_periods": [{"start": "2023-01-01", "end": "2024-12-31"}]}
    )
    assert latest_ended_period(project, fire.date()).end == dt.date(2024, 12, 31)


def test_the_trigger_starts_the_audit_of_the_changed_project():
    by_name = {d["name"]: d for d in _config()["deployments"]}
    (trigger,) = by_name["on-new-data"]["triggers"]
    assert trigger["expect"] == ["redd-audit.monitoring-data.updated"]
    assert trigger["match"] == {"prefect.resource.id": "redd-audit.project.*"}
    assert trigger["parameters"]["project_dir"] == "{{ event.payload.project_dir }}"
    from prefect.events.schemas.deployment_triggers import DeploymentEventTrigger

    DeploymentEventTrigger.model_validate(trigger)


def test_work_pool_and_pull_step():
    config = _config()
    pool = config["definitions"]["work_pools"]["process"]
    for deployment in config["deployments"]:
        assert deployment["work_pool"] == pool
    (step,) = config["pull"]
    assert step["prefect.deployments.steps.set_working_directory"]["directory"] == "{{ $PWD }}"


def _strings(node: object) -> list[str]:
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in (str(k), *_strings(v))]
    if isinstance(node, list):
        return [s for item in node for s in _strings(item)]
    return [str(node)]


def test_prefect_yaml_holds_no_secrets_or_server_address():
    values = " ".join(_strings(_config())).lower()
    for word in ("password", "token", "secret", "api_key", "api_url", "http://", "https://"):
        assert word not in values, word


def test_artifact_keys_are_valid_prefect_keys():
    from prefect.client.schemas.actions import ArtifactCreate

    from tasks.artifacts import artifact_key

    for parts in [("VCS-868", "2021-01-01", "2022-12-31", "run", "summary"),
                  ("My_Project 2", "findings"), ("GS/1234.5", "validate", "vintages")]:  # fmt: skip
        key = artifact_key(*parts)
        assert KEY.match(key), key
        ArtifactCreate(key=key, type="markdown", data="x")  # Prefect's own validation


def test_portfolio_markdown_has_one_row_per_project():
    from tasks.artifacts import portfolio_markdown

    outcomes = [
        {"project_dir": "a", "project_id": "A-1", "status": "passed", "exit_code": 0,
         "output_dir": "reports/A-1/x", "message": "passed", "errors": 0, "warnings": 2,
         "ner_tco2e": 1234.5, "vcus": 1000},
        {"project_dir": "b|c", "project_id": None, "status": "input_error", "exit_code": 2,
         "output_dir": None, "message": "b/project.yaml: missing", "errors": None,
         "warnings": None, "ner_tco2e": None, "vcus": None},
    ]  # fmt: skip
    text = portfolio_markdown(outcomes, "2021-01-01", "2022-12-31")
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == 3  # header + 2 projects
    assert "worst exit code 2" in text
    assert "b\\|c" in text  # a pipe in a cell does not break the table


# ------------------------------------------------------------------------------- cache keys


def test_period_keys_change_with_the_code_version(monkeypatch):
    import redd_audit
    from tasks import cache_keys

    start, end = dt.date(2021, 1, 1), dt.date(2022, 12, 31)
    first = cache_keys.period_key("compute", _collected(), start, end)
    cache_keys.code_fingerprint.cache_clear()
    monkeypatch.setattr(redd_audit, "__version__", "999.0")
    try:
        assert cache_keys.period_key("compute", _collected(), start, end) != first
    finally:
        monkeypatch.undo()
        cache_keys.code_fingerprint.cache_clear()


def _collected(sha: str = "a" * 64) -> SimpleNamespace:
    table = SimpleNamespace(file="deforestation_events.csv", sha256=sha)
    return SimpleNamespace(
        project_dir=SAMPLE,
        project_sha256="b" * 64,
        tables={"deforestation_events": table},
        missing_tables=["fire_events"],
    )


def test_period_keys_follow_inputs_period_and_step():
    from tasks.cache_keys import period_key

    start, end = dt.date(2021, 1, 1), dt.date(2022, 12, 31)
    key = period_key("check", _collected(), start, end)
    assert key == period_key("check", _collected(), start, end)
    assert key != period_key("compute", _collected(), start, end)
    assert key != period_key("check", _collected(), start, dt.date(2022, 12, 30))
    assert key != period_key("check", _collected("c" * 64), start, end)
    assert re.fullmatch(r"check-[0-9a-f]{64}", key)


def test_progress_wrapper_outside_a_run_calls_the_plain_function():
    from redd_audit import progress
    from tasks.progress_artifact import with_progress_artifact

    seen = []

    @with_progress_artifact("collect", "test")
    def step(x: int) -> int:
        progress.report("collect", 0.5, "half")
        return x + 1

    with progress.listen(lambda *a: seen.append(a)):
        assert step(1) == 2
    assert seen == [("collect", 0.5, "half")]
    assert inspect.signature(step) == inspect.signature(step.__wrapped__)


@pytest.mark.parametrize(
    "name", ["collect_inputs", "check_quality", "recompute_period", "assemble_outputs"]
)
def test_task_options(name):
    module = {
        "collect_inputs": "tasks.collect",
        "check_quality": "tasks.quality",
        "recompute_period": "tasks.compute",
        "assemble_outputs": "tasks.assemble",
    }[name]
    task = getattr(importlib.import_module(module), name)
    if name == "assemble_outputs":
        assert task.cache_key_fn is None and task.persist_result is False
        assert task.retries == 2 and task.retry_condition_fn is not None
    elif name == "collect_inputs":
        assert task.cache_key_fn is None and task.persist_result is False
    else:
        assert task.cache_key_fn is not None and task.persist_result is True
    if name == "collect_inputs":
        assert task.retries == 2 and task.retry_condition_fn is not None
    if name in ("check_quality", "recompute_period"):
        assert task.retries == 0  # computation: a retry would fail the same way

"""Artifacts shown in the Prefect UI: a markdown summary, vintages and findings tables, a link;
and, for portfolio runs, one markdown table of every project.

Keys are keyed per project (``vcs-868-audit``, ``vcs-868-vintages``, ``vcs-868-findings``,
``vcs-868-workbook``; ``portfolio-audit``) so that the Artifacts page of the UI keeps each
project's history across runs; Prefect allows lowercase letters, digits and dashes only.
"""

from __future__ import annotations

import re

from prefect import task
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from tasks.assemble import AssembledOutputs

_MAX_FINDING_ROWS = 500


def artifact_key(*parts: str) -> str:
    """Prefect artifact keys allow lowercase letters, digits and dashes only."""
    return re.sub(r"[^a-z0-9-]+", "-", "-".join(parts).lower()).strip("-")


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def summary_markdown(summary: dict, outputs: AssembledOutputs) -> str:
    period = summary["period"]
    lines = [
        f"# {summary['project_id']}: {period['start']} to {period['end']}",
        "",
        f"**Gate:** `{summary['status']}`, {summary['quality']['errors']} errors, "
        f"{summary['quality']['warnings']} warnings",
        "",
    ]
    totals = summary.get("totals")
    if totals:
        lines += ["| quantity | value |", "|---|---:|"]
        lines += [f"| {k} | {_fmt(v)} |" for k, v in totals.items()]
        material = [r for r in summary.get("reconciliation", []) if r["material"]]
        lines += ["", f"**Reconciliation:** {len(material)} material difference(s)"]
        lines += [
            f"- vintage {r['vintage']} {r['quantity']}: claimed {_fmt(r['claimed'])}, "
            f"recomputed {_fmt(r['recomputed'])}"
            for r in material
        ]
    else:
        lines.append("No emission figures: the data-quality gate failed.")
    lines += ["", f"**Workbook:** `{outputs.workbook}`", f"**Outputs:** `{outputs.output_dir}`"]
    return "\n".join(lines)


def publish(summary: dict, outputs: AssembledOutputs) -> None:
    key = artifact_key(summary["project_id"], "audit")
    create_markdown_artifact(
        key=key, markdown=summary_markdown(summary, outputs), description="audit summary"
    )
    if summary.get("vintages"):
        create_table_artifact(
            key=artifact_key(summary["project_id"], "vintages"),
            table=summary["vintages"],
            description="recomputed figures per vintage",
        )
    findings = summary["quality"]["findings"][:_MAX_FINDING_ROWS]
    create_table_artifact(
        key=artifact_key(summary["project_id"], "findings"),
        table=findings or [{"result": "no findings"}],
        description=f"data-quality findings (first {_MAX_FINDING_ROWS})",
    )
    create_link_artifact(
        key=artifact_key(summary["project_id"], "workbook"),
        link=outputs.workbook.resolve().as_uri(),
        link_text=outputs.workbook.name,
        description="verifier workbook",
    )


def _api_hiccup(task, task_run, state) -> bool:
    """Retry when the Prefect API could not be reached; never retry a bug."""
    import httpx

    try:
        state.result()
    except (OSError, httpx.TransportError):
        return True
    except httpx.HTTPStatusError as exc:
        return exc.response.status_code >= 500
    except Exception:
        return False
    return False


_API_RETRIES = {
    "retries": 2,
    "retry_delay_seconds": [1, 4],
    "retry_jitter_factor": 0.5,
    "retry_condition_fn": _api_hiccup,
    "cache_policy": NO_CACHE,
    "persist_result": False,
}

publish_artifacts = task(
    publish, name="publish-artifacts", task_run_name="publish-artifacts", **_API_RETRIES
)


_STATUS_MARK = {0: "passed", 1: "gate failed", 2: "input error", 3: "internal error"}


def portfolio_markdown(outcomes: list[dict], start: str, end: str) -> str:
    """One markdown table of all projects of a portfolio run."""
    worst = max((o["exit_code"] for o in outcomes), default=0)
    passed = sum(o["exit_code"] == 0 for o in outcomes)
    header = ["project", "folder", "outcome", "exit code", "NER tCO2e", "VCUs", "errors",
              "warnings", "outputs or message"]  # fmt: skip
    lines = [
        f"# Portfolio audit: {start} to {end}",
        "",
        f"**{len(outcomes)} project(s)**, {passed} passed; worst exit code {worst}",
        "",
        "| " + " | ".join(header) + " |",
        "|---|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for o in outcomes:
        cells = [
            o.get("project_id") or "?",
            f"`{o['project_dir']}`",
            _STATUS_MARK.get(o["exit_code"], o["status"]),
            str(o["exit_code"]),
            "" if o.get("ner_tco2e") is None else _fmt(o["ner_tco2e"]),
            "" if o.get("vcus") is None else _fmt(o["vcus"]),
            "" if o.get("errors") is None else str(o["errors"]),
            "" if o.get("warnings") is None else str(o["warnings"]),
            f"`{o['output_dir']}`" if o.get("output_dir") else o.get("message", ""),
        ]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def publish_portfolio(outcomes: list[dict], start: str, end: str) -> None:
    create_markdown_artifact(
        key="portfolio-audit",
        markdown=portfolio_markdown(outcomes, start, end),
        description="portfolio audit: one line per project",
    )


publish_portfolio_artifact = task(
    publish_portfolio,
    name="publish-portfolio-artifact",
    task_run_name="publish-portfolio-artifact",
    **_API_RETRIES,
)

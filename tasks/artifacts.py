"""Artifacts shown in the Prefect UI: a markdown summary, vintages and findings tables, a link."""

from __future__ import annotations

import re

from prefect import task
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact

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


publish_artifacts = task(publish, name="publish-artifacts", task_run_name="publish artifacts")

"""Artifacts shown in the Prefect UI: a markdown summary, vintages and findings tables, a link;
and, for portfolio runs, one markdown table of every project.

Keys name the project, the period and the kind of run (``run`` or ``validate``), e.g.
``vcs-868-2021-01-01-2022-12-31-run-summary`` (``-vintages``, ``-findings``, ``-workbook``;
``portfolio-audit``), so that periods and validate-only runs never overwrite each other's latest
artifact (contract.md section 6); Prefect allows lowercase letters, digits and dashes only.
The summary starts with the period conclusion; figures are in whole tonnes. Outputs are links
when ``REDD_AUDIT_OUTPUTS_BASE_URL`` is set (e.g. a shared drive or bucket served over HTTP),
otherwise paths to copy.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypedDict
from urllib.parse import quote

from prefect import Task, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE, CachePolicy
from prefect.client.schemas.objects import State, TaskRun

from redd_audit.conclusion import conclusion, first_findings, misstatement_text
from redd_audit.outputs import VALIDATION_DIR
from tasks.assemble import AssembledOutputs

_MAX_FINDING_ROWS = 500
OUTPUTS_BASE_URL_ENV = "REDD_AUDIT_OUTPUTS_BASE_URL"
KINDS = ("run", "validate")


def artifact_key(*parts: object) -> str:
    """Prefect artifact keys allow lowercase letters, digits and dashes only: slugify."""
    text = "-".join(str(p) for p in parts).lower()
    return re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9-]+", "-", text)).strip("-")


def period_key(summary: dict[str, Any], kind: str, what: str) -> str:
    """``<project>-<start>-<end>-<kind>-<what>``.

    E.g. ``vcs-868-2021-01-01-2022-12-31-run-summary``.
    """
    period = summary["period"]
    return artifact_key(summary["project_id"], period["start"], period["end"], kind, what)


def tonnes(value: object) -> str:
    """Whole tonnes with thousands separators (``1,234,567``); empty for no value."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return f"{round(value):,}"
    return str(value)


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


#: Markdown and HTML that input text must not start in an artifact: tags, links, code spans,
#: table cells and lines.
_INERT = str.maketrans(
    {"<": "&lt;", ">": "&gt;", "[": "\\[", "]": "\\]", "`": "\\`", "|": "\\|", "\n": " ", "\r": " "}
)


def _cell(text: object) -> str:
    """Text (ids, values, messages from the inputs) inert in a markdown artifact: no tag, link,
    code span or table break; control and format characters (bidi overrides) as escapes."""
    shown = "".join(
        f"\\u{ord(c):04x}" if c not in "\n\r" and unicodedata.category(c) in ("Cc", "Cf") else c
        for c in str(text)
    )
    return shown.translate(_INERT)


def output_location(outputs: AssembledOutputs, file: Path | None = None) -> tuple[str, str | None]:
    """(path to show, URL or None): a URL under ``REDD_AUDIT_OUTPUTS_BASE_URL`` when it is set.

    The URL is the base followed by ``<project-id>/<start>_<end>/[validation/][file]``, each
    part quoted; without a base URL the UI shows the path to copy (a ``file://`` link does not
    open from a browser).
    """
    target = file or outputs.output_dir
    base = os.environ.get(OUTPUTS_BASE_URL_ENV, "").strip()
    if not base:
        return str(target), None
    folder = outputs.output_dir  # <out>/<project-id>/<start>_<end>[/validation]
    root = folder.parents[2] if folder.name == VALIDATION_DIR else folder.parents[1]
    relative = target.relative_to(root).parts
    return str(target), base.rstrip("/") + "/" + "/".join(quote(p) for p in relative)


def conclusion_lines(summary: dict[str, Any], kind: str) -> list[str]:
    """The period conclusion, first in the summary artifact."""
    c = conclusion(summary, kind)
    verdict = {
        "passed": "passed",
        "material-misstatement": "**material misstatement**",
        "failed": "**failed**: data-quality gate",
    }[c["outcome"]]
    rows = [("outcome", verdict), ("status", f"`{c['status']}`")]
    if kind == "run" and c["outcome"] != "failed":
        rows.append(("VCUs (recomputed)", tonnes(c["vcus"])))
        rows.append(("VCU misstatement", misstatement_text(c["misstatement"])))
    rows.append(("open findings", "not recorded" if c["findings_open"] is None
                 else str(c["findings_open"])))  # fmt: skip
    rows.append(("blocking data-quality findings", str(c["errors"])))
    rows.append(("warnings", str(c["warnings"])))
    lines = ["| conclusion | |", "|---|---|"]
    lines += [f"| {k} | {_cell(v)} |" for k, v in rows]
    if c["line"]:
        lines = [f"**{_cell(c['line'])}**", "", *lines]
    return lines


def summary_markdown(summary: dict[str, Any], outputs: AssembledOutputs, kind: str = "run") -> str:
    period = summary["period"]
    title = "audit" if kind == "run" else "data-quality check"
    lines = [f"# {summary['project_id']}: {period['start']} to {period['end']} ({title})", ""]
    lines += conclusion_lines(summary, kind)
    totals = summary.get("totals")
    if totals:
        lines += ["", "| total | tCO2e or VCUs |", "|---|---:|"]
        for k, v in totals.items():
            shown = f"{100 * v:.2f} %" if k.endswith("_fraction") else (
                _fmt(v) if k == "deduction_factor" else tonnes(v))  # fmt: skip
            lines.append(f"| {k} | {shown} |")
    first = first_findings(summary)
    if first:
        lines += ["", "**First blocking findings:**", *[f"- {_cell(f)}" for f in first]]
    lines += ["", "**Outputs:**"]
    for label, file in (("workbook", outputs.workbook), ("folder", None)):
        path, url = output_location(outputs, file)
        lines.append(f"- {label}: [{_cell(path)}]({url})" if url else f"- {label}: `{path}`")
    bundle = summary.get("bundle")
    if isinstance(bundle, dict):  # contract 9.2: signed or not, by which key id
        signer = f"signed, key id `{bundle.get('keyid')}`" if bundle.get("signed") else "unsigned"
        digest = getattr(outputs, "statement_sha256", None)
        lines.append(f"- evidence bundle: {signer}; statement sha256 `{digest}`")
    return "\n".join(lines)


def vintage_rows(summary: dict[str, Any]) -> list[dict[str, object]]:
    """One narrow row per vintage: whole tonnes, claimed VCUs and the difference."""
    claimed = {
        r["vintage"]: r for r in summary.get("reconciliation", []) if r.get("quantity") == "vcus"
    }
    rows = []
    for v in summary.get("vintages", []):
        claim = claimed.get(v["vintage"], {})
        difference = claim.get("difference_fraction")
        rows.append({
            "vintage": v["vintage"],
            "baseline_tco2e": tonnes(v.get("baseline_tco2e")),
            "project_tco2e": tonnes(v.get("project_tco2e")),
            "leakage_tco2e": tonnes(v.get("leakage_tco2e")),
            "buffer_tco2e": tonnes(v.get("buffer_tco2e")),
            "vcus": tonnes(v.get("vcus")),
            "claimed_vcus": tonnes(claim.get("claimed")),
            "difference": "" if difference is None else f"{100 * difference:+.2f} %",
        })  # fmt: skip
    return rows


def publish(summary: dict[str, Any], outputs: AssembledOutputs, kind: str = "run") -> None:
    """Publish the artifacts of one run under keys naming project, period and kind."""
    create_markdown_artifact(
        key=period_key(summary, kind, "summary"),
        markdown=summary_markdown(summary, outputs, kind),
        description=f"period conclusion ({kind})",
    )
    if summary.get("vintages"):
        create_table_artifact(
            key=period_key(summary, kind, "vintages"),
            table=vintage_rows(summary),
            description="recomputed figures per vintage (whole tonnes)",
        )
    findings = summary["quality"]["findings"][:_MAX_FINDING_ROWS]
    create_table_artifact(
        key=period_key(summary, kind, "findings"),
        table=findings or [{"result": "no findings"}],
        description=f"data-quality findings (first {_MAX_FINDING_ROWS})",
    )
    path, url = output_location(outputs, outputs.workbook)
    if url:
        create_link_artifact(
            key=period_key(summary, kind, "workbook"),
            link=url,
            link_text=outputs.workbook.name,
            description="verifier workbook",
        )
    else:
        create_markdown_artifact(
            key=period_key(summary, kind, "workbook"),
            markdown=f"Workbook (copy the path; set {OUTPUTS_BASE_URL_ENV} for a link):\n\n"
            f"```\n{path}\n```",
            description="verifier workbook",
        )


def _api_hiccup(task: Task[..., Any], task_run: TaskRun, state: State[Any]) -> bool:
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


class _ApiRetries(TypedDict):
    retries: int
    retry_delay_seconds: list[float]
    retry_jitter_factor: float
    retry_condition_fn: Callable[[Task[..., Any], TaskRun, State[Any]], bool]
    cache_policy: CachePolicy
    persist_result: bool


_API_RETRIES: _ApiRetries = {
    "retries": 2,
    "retry_delay_seconds": [1, 4],
    "retry_jitter_factor": 0.5,
    "retry_condition_fn": _api_hiccup,
    "cache_policy": NO_CACHE,
    "persist_result": False,
}

publish_artifacts = task(
    name="publish-artifacts", task_run_name="publish-artifacts", **_API_RETRIES
)(publish)


_STATUS_MARK = {0: "gate passed", 1: "gate failed", 2: "input error", 3: "internal error"}


def portfolio_markdown(outcomes: list[dict[str, Any]], start: str, end: str) -> str:
    """One markdown table of all projects of a portfolio run."""
    worst = max((o["exit_code"] for o in outcomes), default=0)
    passed = sum(o["exit_code"] == 0 for o in outcomes)
    header = ["project", "folder", "outcome", "conclusion", "misstatement", "exit code",
              "NER tCO2e", "VCUs", "errors", "warnings", "outputs or message"]  # fmt: skip
    lines = [
        f"# Portfolio audit: {start} to {end}",
        "",
        f"**{len(outcomes)} project(s)**, {passed} passed; worst exit code {worst}",
        "",
        "| " + " | ".join(header) + " |",
        "|---|---|---|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for o in outcomes:
        cells = [
            o.get("project_id") or "?",
            f"`{o['project_dir']}`",
            _STATUS_MARK.get(o["exit_code"], o["status"]),
            o.get("outcome") or "",
            o.get("misstatement") or "",
            str(o["exit_code"]),
            "" if o.get("ner_tco2e") is None else _fmt(o["ner_tco2e"]),
            "" if o.get("vcus") is None else _fmt(o["vcus"]),
            "" if o.get("errors") is None else str(o["errors"]),
            "" if o.get("warnings") is None else str(o["warnings"]),
            f"`{o['output_dir']}`" if o.get("output_dir") else o.get("message", ""),
        ]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def publish_portfolio(outcomes: list[dict[str, Any]], start: str, end: str) -> None:
    create_markdown_artifact(
        key="portfolio-audit",
        markdown=portfolio_markdown(outcomes, start, end),
        description="portfolio audit: one line per project",
    )


publish_portfolio_artifact = task(
    name="publish-portfolio-artifact",
    task_run_name="publish-portfolio-artifact",
    **_API_RETRIES,
)(publish_portfolio)

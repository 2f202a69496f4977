"""The GX Data Docs site of a quality report, with every input value HTML-escaped.

GX's site builder writes values into the pages as they are: an event id or a driver holding
``<script>`` or ``<img onerror=...>`` would run in the auditor's browser. So every text that
can come from the inputs (the results' observed and unexpected values and record ids, the
expectations' arguments, such as column names and value sets, and their descriptions) is
escaped with :func:`html.escape` on copies of the results and suites before GX renders them;
the report itself keeps the raw values.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from tasks.gx_validate import gx_context

#: Name of the Data Docs site added to the ephemeral context.
DOCS_SITE = "redd_audit"


class ReportLike(Protocol):
    """What the Data Docs need of a quality report (``tasks.gx_checks.QualityReport``)."""

    gx_results: list[Any]
    suites: list[dict[str, Any]]
    run_name: str
    run_time: dt.datetime


def escape_markup(value: Any) -> Any:
    """``value`` with every string (and every string key) HTML-escaped, recursively."""
    if isinstance(value, str):
        return html.escape(value, quote=True)
    if isinstance(value, Mapping):
        return {escape_markup(k): escape_markup(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(escape_markup(v) for v in value)
    if isinstance(value, set | frozenset):
        return [escape_markup(v) for v in sorted(value, key=str)]
    return value


def _escaped_spec(spec: Mapping[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(dict(spec))
    out["expectations"] = [
        {
            **e,
            "kwargs": escape_markup(e.get("kwargs", {})),
            "meta": escape_markup(e.get("meta") or {}),
        }
        for e in out.get("expectations", [])
    ]
    return out


def _escaped_result(result: Any) -> Any:
    """A copy of a suite validation result whose input-derived text is escaped."""
    out = copy.deepcopy(result)
    for r in out.results:
        r.result = escape_markup(r.result or {})
        config = r.expectation_config
        config.kwargs = escape_markup(config.kwargs)
        config.meta = escape_markup(config.meta or {})
    return out


def build_data_docs(report: ReportLike, out_dir: Path) -> Path:
    """Build the GX Data Docs site of ``report`` into ``out_dir``; returns its ``index.html``.

    Uses a fresh ephemeral context: the report's suites go into its suite store and its
    validation results into its validation-results store under a run id derived from the
    project and period (so paths repeat between runs), then GX's SiteBuilder renders them.
    Nothing is fetched at build time; the pages reference CSS/JS on CDNs, so offline viewers
    see them unstyled but complete.
    """
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    context = gx_context()
    context.add_data_docs_site(
        site_name=DOCS_SITE,
        site_config={
            "class_name": "SiteBuilder",
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(out_dir.resolve()),
            },
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        },
    )
    for spec in report.suites:
        context.suites.add(gx.ExpectationSuite(**_escaped_spec(spec)))
    run_id = RunIdentifier(run_name=report.run_name, run_time=report.run_time)
    for raw in report.gx_results:
        result = _escaped_result(raw)
        result.meta["run_id"] = run_id
        markers = result.meta.get("batch_markers")
        if isinstance(markers, dict) and "ge_load_time" in markers:  # wall clock: pin it
            markers["ge_load_time"] = report.run_time.strftime("%Y%m%dT%H%M%S.%fZ")
        key = ValidationResultIdentifier(
            expectation_suite_identifier=ExpectationSuiteIdentifier(name=result.suite_name),
            run_id=run_id,
            batch_identifier=result.suite_name,
        )
        context.validation_results_store.store_validation_results(result, key)
    context.build_data_docs(site_names=[DOCS_SITE])
    return out_dir / "index.html"

"""Validate one suite on one frame with Great Expectations, in two passes.

Speed and the row cap (measured on 2 cores, 1,000,000 deforestation events, 22 expectations):
GX builds ``unexpected_index_list`` (and, in SUMMARY, the *partial* index list as well) with
one ``DataFrame.at`` lookup per failing row and index column: with 1 % bad rows COMPLETE costs
~1 s, but when a whole column fails (1,000,000 unexpected rows) the same validation takes
~60 s, even in SUMMARY, once ``unexpected_index_column_names`` is set. So each suite is
validated in two passes on one batch:

1. SUMMARY without index columns and ``partial_unexpected_count = cap`` (1,000): GX then
   returns the first ``cap`` failing *positions* cheaply whatever the failure count.
2. The failing row-level expectations with at most ``cap`` unexpected rows are validated again
   in COMPLETE with ``unexpected_index_column_names = [<id columns>, "_row"]`` and their
   results replace the SUMMARY ones (so Data Docs show record ids and rows for them).

``import great_expectations`` costs ~3.5 s: it happens inside the functions that need it.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from redd_audit.tables.schemas import ROW_COLUMN

#: ``partial_unexpected_count`` of the COMPLETE pass (what Data Docs show as samples).
PARTIAL_UNEXPECTED_COUNT = 20
#: Key of a row-level result (table-level expectations do not have it).
ROW_LEVEL_KEY = "unexpected_count"


@dataclass
class Job:
    """One suite to validate on one frame."""

    suite: str
    file: str
    frame: pd.DataFrame
    spec: dict[str, Any]
    id_columns: tuple[str, ...]
    #: Whether the frame's ``_row`` are spreadsheet rows (input tables) or synthetic (derived).
    rows_are_records: bool

    @cached_property
    def position_of_row(self) -> pd.Series:
        """Position in ``frame`` of each ``_row`` value (first occurrence)."""
        rows = self.frame[ROW_COLUMN].to_numpy()
        positions = pd.Series(np.arange(len(rows)), index=rows)
        return positions[~positions.index.duplicated()]


def gx_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame GX sees: positional RangeIndex (so GX's indices are positions) and a _row."""
    index = frame.index
    if not (isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1):
        frame = frame.reset_index(drop=True)
    if ROW_COLUMN not in frame.columns:
        frame = frame.assign(**{ROW_COLUMN: np.arange(2, len(frame) + 2, dtype="int64")})
    return frame


def gx_context() -> Any:
    """A fresh ephemeral GX context without progress bars."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


def exception_messages(info: Any) -> list[str]:
    """Exception messages of a GX result's ``exception_info`` (flat or keyed by metric)."""
    if not isinstance(info, Mapping):
        return []
    if "raised_exception" in info:
        if info.get("raised_exception"):
            return [str(info.get("exception_message") or "unknown error")]
        return []
    messages: list[str] = []
    for nested in info.values():
        for message in exception_messages(nested):
            if message not in messages:
                messages.append(message)
    return messages


def validate(datasource: Any, context: Any, job: Job, params: dict[str, Any], cap: int) -> Any:
    """Validate one suite in the two passes described in the module docstring."""
    import great_expectations as gx

    suite = context.suites.add(gx.ExpectationSuite(**copy.deepcopy(job.spec)))
    batch = (
        datasource.add_dataframe_asset(job.suite)
        .add_batch_definition_whole_dataframe("all")
        .get_batch(batch_parameters={"dataframe": job.frame})
    )
    result = batch.validate(
        suite,
        result_format={"result_format": "SUMMARY", "partial_unexpected_count": cap},
        expectation_parameters=params,
    )
    by_id = {e.id: e for e in suite.expectations}
    again = [
        r.expectation_config.id
        for r in result.results
        if not r.success
        and not exception_messages(r.exception_info)
        and 0 < int((r.result or {}).get(ROW_LEVEL_KEY) or 0) <= cap
    ]
    if again:
        index_columns = [c for c in job.id_columns if c in job.frame.columns]
        sub = gx.ExpectationSuite(
            name=f"{job.suite}__complete",
            expectations=[by_id[i].configuration.to_json_dict() for i in again],
        )
        complete = batch.validate(
            sub,
            result_format={
                "result_format": "COMPLETE",
                "unexpected_index_column_names": [*index_columns, ROW_COLUMN],
                "partial_unexpected_count": PARTIAL_UNEXPECTED_COUNT,
            },
            expectation_parameters=params,
        )
        replacement = {r.expectation_config.id: r for r in complete.results}
        result.results = [replacement.get(r.expectation_config.id, r) for r in result.results]
    return result

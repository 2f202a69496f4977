"""Identifiers: one spelling per record (issue 14, "ids that differ only by invisible characters").

Every identifier column (a ``str`` column named ``*_id``: ``event_id``, ``stratum_id``,
``plot_id``, ``tree_id``, ``sample_id``, ``indicator_id``, ``finding_id`` ...) is

- normalised to Unicode NFC, so that ``é`` typed as one code point or as ``e`` + combining
  accent is the same id (two records whose ids are equal after normalisation are then
  duplicates for the data-quality gate);
- refused when it holds a control or format character (Unicode categories Cc, Cf: zero-width
  space, bidirectional controls, terminal escapes), naming the row, column and character;
- refused, where the table's key must be unique (:attr:`TableSchema.unique`), when two keys
  differ only in letter case: spreadsheet lookups (SUMIFS, COUNTIFS, VLOOKUP) do not tell them
  apart, so the workbook and the engine would disagree.
"""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd

from redd_audit.tables.raw import Problem, Problems, invisible_characters, visible
from redd_audit.tables.schemas import ROW_COLUMN, TableSchema

_SUSPECT = r"[^\x20-\x7e]"  # anything but printable ASCII may need a closer look


def _normalise_column(frame: pd.DataFrame, column: str, file: str, problems: Problems) -> None:
    series = frame[column]
    suspect = series.str.contains(_SUSPECT, regex=True).fillna(False).to_numpy(dtype=bool)
    if not suspect.any():
        return
    values = series.to_numpy(dtype=object, copy=True)
    rows = frame[ROW_COLUMN].to_numpy()
    changed = False
    for index in np.flatnonzero(suspect):
        value = values[index]
        invisible = invisible_characters(value)
        if invisible:
            problems.add(
                Problem(
                    int(rows[index]),
                    column,
                    f"the id {visible(value)} holds an invisible character "
                    f"{', '.join(invisible)}; delete it (ids must be plain text)",
                    f"{column}={visible(value)[1:-1]}",
                )
            )
            continue
        normal = unicodedata.normalize("NFC", value)
        if normal != value:
            values[index] = normal
            changed = True
    if changed:
        frame[column] = pd.Series(values, index=frame.index, dtype=series.dtype)


def _key(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.Series:
    parts = [frame[c].astype("string") for c in columns]
    key = parts[0]
    for part in parts[1:]:
        key = key.str.cat(part, sep="\x1f")
    return key


def _case_conflicts(frame: pd.DataFrame, schema: TableSchema, problems: Problems) -> None:
    columns = schema.unique
    if not columns or not all(c in frame for c in columns) or len(frame) < 2:
        return
    exact = _key(frame, columns)
    present = exact.notna().to_numpy(dtype=bool)
    folded = exact.str.lower()
    clash = folded.duplicated(keep=False).fillna(False).to_numpy(dtype=bool) & present
    if not clash.any():
        return
    sub = pd.DataFrame(
        {"folded": folded[clash].astype(object), "exact": exact[clash].astype(object)}
    )
    sub["row"] = frame[ROW_COLUMN].to_numpy()[clash]
    spellings = sub.groupby("folded")["exact"].nunique()
    names = " + ".join(columns)
    for group in spellings[spellings > 1].index:
        members = sub[sub["folded"] == group].drop_duplicates("exact")
        listed = " and ".join(
            f"{visible(e.replace(chr(31), ' / '))} (row {r})"
            for e, r in zip(members["exact"], members["row"], strict=True)
        )
        first = members.iloc[0]
        problems.add(
            Problem(
                int(first["row"]),
                columns[-1],
                f"{names} {listed} differ only in letter case; spreadsheet lookups do not "
                "tell them apart: use one spelling for the same record, or distinct ids",
            )
        )


def check_ids(frame: pd.DataFrame, schema: TableSchema, file: str) -> None:
    """Normalise the id columns of ``frame`` in place; refuse invisible or case-only variants.

    Raises
    ------
    InputError
        Listing every offending id (up to a cap) with its row and column.
    """
    problems = Problems(file, "identifier(s) cannot be used")
    for column in schema.text_ids:
        if column in frame and len(frame):
            _normalise_column(frame, column, file, problems)
    problems.raise_if_any()
    _case_conflicts(frame, schema, problems)
    problems.raise_if_any()

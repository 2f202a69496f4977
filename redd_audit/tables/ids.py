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

from redd_audit.tables.raw import Problem, Problems, invisible_characters, shown, visible
from redd_audit.tables.schemas import ROW_COLUMN, TableSchema

#: Longest id accepted: spreadsheet criteria (SUMIFS, COUNTIFS) compare at most 255 characters.
MAX_ID_CHARACTERS = 255
_SUSPECT = r"[^\x20-\x7e]"  # anything but printable ASCII may need a closer look


#: Cyrillic and Greek letters drawn like Latin ones (the common homoglyphs of ids).
_LATIN_LOOKALIKES = str.maketrans(
    "АВЕКМНОРСТХУаеорсхуіјѕԁһӏІЈЅԌΑΒΕΖΗΙΚΜΝΟΡΤΥΧονρτ",
    "ABEKMHOPCTXYaeopcxyijsdhlIJSGABEZHIKMNOPTYXovpt",
)
_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")


def _script(char: str) -> str | None:
    if not char.isalpha():
        return None
    word = unicodedata.name(char, "").split(" ", 1)[0]
    return word if word in _SCRIPTS else "OTHER"


def look_alike(value: str) -> str | None:
    """Why an id could pass for another (homoglyphs), with the characters as code points; None
    for an honest id. Three cases: compatibility characters that read as plain ASCII (full-width
    letters and digits, ligatures, super- and subscripts: ``ＴＦ`` for ``TF``), Latin mixed with
    Cyrillic or Greek letters in one id, and an id written wholly in Cyrillic/Greek letters that
    look like a plain ASCII id."""
    compatible = unicodedata.normalize("NFKC", value)
    if compatible != value and compatible.isascii():
        odd = [c for c in value if unicodedata.normalize("NFKC", c) != c]
        listed = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '')}" for c in dict.fromkeys(odd))
        return f"reads as {visible(compatible)} but is written with {listed}"
    scripts = {s for s in map(_script, value) if s is not None}
    foreign = [c for c in value if _script(c) in ("CYRILLIC", "GREEK")]
    if not foreign:
        return None
    listed = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '')}" for c in dict.fromkeys(foreign))
    if "LATIN" in scripts:
        return f"mixes Latin with {' and '.join(sorted(scripts - {'LATIN'}))} letters ({listed})"
    ascii_twin = value.translate(_LATIN_LOOKALIKES)
    if ascii_twin.isascii():
        return f"looks like {visible(ascii_twin)} but is written with {listed}"
    return None


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
        lookalike = look_alike(value)
        if lookalike:
            problems.add(
                Problem(
                    int(rows[index]),
                    column,
                    f"the id {visible(value)} {lookalike}; retype it in one script "
                    "(a look-alike id is a different id in every lookup)",
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


def _too_long(frame: pd.DataFrame, column: str, problems: Problems) -> None:
    lengths = frame[column].str.len().fillna(0).to_numpy()
    rows = frame[ROW_COLUMN].to_numpy()
    for index in np.flatnonzero(lengths > MAX_ID_CHARACTERS):
        problems.add(
            Problem(
                int(rows[index]),
                column,
                f"the id {shown(frame[column].iloc[index])} has {int(lengths[index]):,} "
                f"characters; at most {MAX_ID_CHARACTERS} (spreadsheet lookups compare no more)",
            )
        )


def _too_many_classes(frame: pd.DataFrame, schema: TableSchema, problems: Problems) -> None:
    for column, most in schema.max_distinct.items():
        if column not in frame:
            continue
        count = int(frame[column].nunique(dropna=True))
        if count > most:
            problems.add(
                Problem(
                    None,
                    column,
                    f"{count:,} distinct values; at most {most:,} classes are assessed "
                    "(is this the class column?)",
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
    _too_many_classes(frame, schema, problems)
    problems.raise_if_any()
    for column in schema.text_ids:
        if column in frame and len(frame):
            _too_long(frame, column, problems)
    problems.raise_if_any()
    for column in schema.text_ids:
        if column in frame and len(frame):
            _normalise_column(frame, column, file, problems)
    problems.raise_if_any()
    _case_conflicts(frame, schema, problems)
    problems.raise_if_any()

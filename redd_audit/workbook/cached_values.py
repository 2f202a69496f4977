"""Cached values for formula cells (contract 5.7): the workbook reads without recalculation.

openpyxl stores formulas without results, so readers that do not recalculate (file previews,
protected view, pandas, ``openpyxl.load_workbook(data_only=True)``) would see blanks. After the
writer has saved the file, this module

1. evaluates the saved workbook with IronCalc (a maintained spreadsheet engine written in Rust,
   Python package ``ironcalc``; measured on the bundled sample: 61,493 formula cells in about
   4 s, every value equal to a LibreOffice recalculation up to floating-point rounding), and
2. writes each result into the sheet XML as the cell's ``<v>`` element, with the OOXML type
   (``t="str"`` text, ``t="b"`` boolean, ``t="e"`` error, number otherwise).

Soundness rules (a wrong cached value is worse than none):

* Only formulas whose functions are on :data:`VERIFIED_FUNCTIONS` (each checked against
  LibreOffice in ``tests/test_cached_values.py``; less :data:`CRITERIA_FUNCTIONS` when a text
  cell holds ``~``, an escape IronCalc reads wrongly) get a value. A cell calling any other function
  is left without a value, and so is every cell whose result changes when such cells are
  replaced by an error (its dependents), found by a second evaluation.
* ``#NAME?`` and engine-specific errors (e.g. IronCalc's ``#N/IMPL!``) are never cached; the
  standard errors (``#DIV/0!``, ``#N/A``, ``#NUM!``, ``#VALUE!``, ``#REF!``, ``#NULL!``) are.
* ``engine_values`` (defined name -> the value the Python engine computed, e.g. the contract
  section 4 totals): when the spreadsheet result agrees with the engine to 1e-9 (relative) the
  engine's exact value is cached, so the cached figure equals ``summary.json`` bit for bit; when
  they disagree the cell is left without a value and the disagreement is reported.
* If the engine cannot load or evaluate the file at all, the workbook is left as openpyxl wrote
  it (no values) and :attr:`CacheReport.error` says why.

The post-processing is deterministic: same workbook bytes in, same bytes out.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import ironcalc

#: Functions whose IronCalc results were checked against LibreOffice (tests/test_cached_values).
VERIFIED_FUNCTIONS = frozenset(
    {
        "ABS", "AND", "AVERAGE", "AVERAGEIFS", "COLUMNS", "COUNT", "COUNTA", "COUNTIF",
        "COUNTIFS", "DATE", "EXACT", "EXP", "HYPERLINK", "IF", "IFERROR", "INDEX", "INT",
        "ISBLANK", "ISERROR", "ISNUMBER", "LARGE", "LEN", "LN", "MATCH", "MAX", "MID", "MIN",
        "MOD", "NOT", "OR", "POWER", "ROUND", "ROUNDDOWN", "ROUNDUP", "ROWS", "SQRT",
        "SUBSTITUTE", "SUM", "SUMIF", "SUMIFS", "SUMPRODUCT", "SUMSQ", "TEXT", "TINV", "YEAR",
        "MEDIAN", "PERCENTILE", "PERCENTILE.INC", "STDEV",  # draws statistics (7.5.3)
    }
)  # fmt: skip
#: Functions that read criteria with wildcards. IronCalc 0.9 does not read ``~~`` as an escaped
#: tilde (LibreOffice and Excel do), so when any text cell holds a ``~`` these are unverified.
CRITERIA_FUNCTIONS = frozenset({"AVERAGEIFS", "COUNTIF", "COUNTIFS", "MATCH", "SUMIF", "SUMIFS"})
#: Functions whose arguments may be ranges (they aggregate or look up). Any other function given
#: a range is evaluated element by element (array context), which IronCalc 0.9 does not do like
#: LibreOffice (``SUMPRODUCT(EXACT(A1:A3,"b")*B1:B3)`` gives #VALUE!): such formulas are
#: unverified.
RANGE_FUNCTIONS = frozenset(
    {
        "AVERAGE", "AVERAGEIFS", "COLUMNS", "COUNT", "COUNTA", "COUNTIF", "COUNTIFS", "INDEX",
        "LARGE", "MATCH", "MAX", "MIN", "ROWS", "SUM", "SUMIF", "SUMIFS", "SUMPRODUCT", "SUMSQ",
        "MEDIAN", "PERCENTILE", "PERCENTILE.INC", "STDEV",
    }
)  # fmt: skip
STANDARD_ERRORS = frozenset({"#DIV/0!", "#N/A", "#NUM!", "#VALUE!", "#REF!", "#NULL!"})
ENGINE_TOLERANCE = 1e-9
EVALUATOR = f"ironcalc {ironcalc.__version__}"

_FORMULA_CELL = re.compile(
    rb'<c r="([A-Z]+)([0-9]+)"((?: s="[0-9]+")?)><f>([^<]*)</f>(?:<v></v>|<v/>|<v>[^<]*</v>)?</c>'
)
_STRING = re.compile(r'"(?:[^"]|"")*"')
_FUNCTION = re.compile(r"([A-Za-z_][A-Za-z0-9_.]*)\(")
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHEET_ENTRY = re.compile(r'<sheet [^>]*name="([^"]*)"[^>]*r:id="([^"]+)"')
_REL = re.compile(r'<Relationship [^>]*Id="([^"]+)"[^>]*Target="([^"]+)"')
_REL_ALT = re.compile(r'<Relationship [^>]*Target="([^"]+)"[^>]*Id="([^"]+)"')


@dataclass
class CacheReport:
    """What was cached: formula cells seen, values written, cells left without a value (by
    reason), engine values that disagreed with the spreadsheet result."""

    evaluator: str = EVALUATOR
    formulas: int = 0
    cached: int = 0
    left_empty: dict[str, int] = field(default_factory=dict)
    disagreements: list[str] = field(default_factory=list)
    error: str | None = None
    #: sheet name -> (column, text shown) of every number, date and boolean cell, formatted by
    #: the engine with the cell's number format: what the column widths must make room for
    shown: dict[str, list[tuple[int, str]]] = field(default_factory=dict, repr=False)

    def skip(self, reason: str) -> None:
        self.left_empty[reason] = self.left_empty.get(reason, 0) + 1


def column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def functions_in(formula: str) -> set[str]:
    """Upper-case names of the functions a formula calls (string literals ignored)."""
    text = _STRING.sub('""', html.unescape(formula))
    return {m.group(1).upper().removeprefix("_XLFN.") for m in _FUNCTION.finditer(text)}


_CALL = re.compile(r"([A-Za-z_][A-Za-z0-9_.]*)\(")


def _arguments(text: str, start: int) -> tuple[list[str], int]:
    """Top-level arguments of the call whose "(" is at ``start``; and the index after ")"."""
    depth, args, current = 0, [], []
    i = start
    while i < len(text):
        ch = text[i]
        if ch == "(":
            depth += 1
            if depth > 1:
                current.append(ch)
        elif ch == ")":
            depth -= 1
            if depth == 0:
                args.append("".join(current))
                return args, i + 1
            current.append(ch)
        elif ch == "," and depth == 1:
            args.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    args.append("".join(current))
    return args, i


def _has_range(arg: str, range_names: frozenset[str]) -> bool:
    """Whether an argument is (or holds, outside range-taking calls) a multi-cell range."""
    m = _CALL.search(arg)
    while m is not None:  # drop nested range-taking calls: they give one value
        _, end = _arguments(arg, m.end() - 1)
        if m.group(1).upper() in RANGE_FUNCTIONS:
            arg = arg[: m.start()] + "0" + arg[end:]
            m = _CALL.search(arg, m.start() + 1)
        else:
            m = _CALL.search(arg, m.end())
    if ":" in arg or "{" in arg:
        return True
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_.]*", arg))
    return bool(words & range_names)


def array_context(formula: str, range_names: frozenset[str] = frozenset()) -> bool:
    """True when a function other than :data:`RANGE_FUNCTIONS` receives a range (or an array
    constant): the formula would be evaluated element by element."""
    text = _STRING.sub('""', html.unescape(formula))
    for m in _CALL.finditer(text):
        name = m.group(1).upper().removeprefix("_XLFN.")
        if name in RANGE_FUNCTIONS:
            continue
        args, _ = _arguments(text, m.end() - 1)
        if any(_has_range(a, range_names) for a in args):
            return True
    return False


def value_xml(value: object, error: bool) -> tuple[str, str] | None:
    """The ``t`` attribute (``""`` for numbers) and ``<v>`` text for a value, or None when the
    value must not be cached."""
    if error:
        return ("e", str(value)) if value in STANDARD_ERRORS else None
    if isinstance(value, bool):
        return "b", "1" if value else "0"
    if isinstance(value, int | float):
        x = float(value)
        if not math.isfinite(x):
            return None
        if x.is_integer() and abs(x) < 1e15:
            return "", str(int(x))
        return "", repr(x)
    if isinstance(value, str):
        if _XML_ILLEGAL.search(value):
            return None
        return "str", html.escape(value, quote=False)
    return None


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= max(ENGINE_TOLERANCE * max(abs(a), abs(b)), ENGINE_TOLERANCE)


def sheet_parts(workbook_xml: str, rels_xml: str) -> dict[str, str]:
    """Sheet name -> zip entry of its XML (from ``xl/workbook.xml`` and its relationships)."""
    targets = {i: t for i, t in _REL.findall(rels_xml)}
    targets.update({i: t for t, i in _REL_ALT.findall(rels_xml)})
    parts = {}
    for name, rid in _SHEET_ENTRY.findall(workbook_xml):
        target = targets[rid].lstrip("/")
        parts[html.unescape(name)] = target if target.startswith("xl/") else f"xl/{target}"
    return parts


class CachedValues:
    """Evaluates a saved workbook once and rewrites its sheet XML with cached values."""

    def __init__(self, path: Path, engine_values: Mapping[tuple[int, int, int], object]) -> None:
        self.report = CacheReport()
        #: (sheet index, row, column) -> the engine's value for that cell.
        self.engine_values = engine_values
        self.model: ironcalc.Model | None = None
        self.index: dict[str, int] = {}
        self.tainted: set[tuple[int, int, int]] = set()
        try:
            model = ironcalc.load_from_xlsx(str(path), "en", "UTC", "en")
            model.evaluate()
            self.index = {p["name"]: i for i, p in enumerate(model.get_worksheets_properties())}
            self.model = model
        except BaseException as exc:  # pyo3 panics derive from BaseException
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            self.report.error = f"{type(exc).__name__}: {exc}"

    def shown_numbers(self) -> dict[str, list[tuple[int, str]]]:
        """:attr:`CacheReport.shown` from the evaluated model (before any cell is tainted, so
        that every formula's value counts). A long number in the General format counts by its
        integer part: the spreadsheet shows fewer decimals where the column is narrow."""
        model = self.model
        out: dict[str, list[tuple[int, str]]] = {}
        if model is None:
            return out
        names = {i: name for name, i in self.index.items()}
        for s, r, c in model.get_all_cells():
            if not str(model.get_cell_type(s, r, c)).endswith(("Number", "LogicalValue")):
                continue
            text = model.get_formatted_cell_value(s, r, c)
            if len(text) > 11 and str(model.get_cell_style(s, r, c).get("num_fmt")).lower() in (
                "general",
                "none",
            ):
                text = text.split(".")[0] + ".0"
            if text:
                out.setdefault(names[s], []).append((c, text))
        return out

    def taint_unverified(self, unverified: list[tuple[int, int, int]]) -> None:
        """Cells calling unverified functions, and every cell whose value changes when those
        cells become ``#N/A``, get no cached value."""
        if not unverified or self.model is None:
            return
        model = self.model
        before = {c: model.get_cell_value(*c) for c in model.get_all_cells()}
        for s, r, c in unverified:
            model.set_user_input(s, r, c, "=NA()")
        model.evaluate()
        self.tainted = set(unverified)
        for cell, value in before.items():
            after = model.get_cell_value(*cell)
            if after != value or (isinstance(after, float) and after != after):
                self.tainted.add(cell)

    def cell_xml(
        self,
        model: ironcalc.Model,
        sheet: int,
        col: bytes,
        row: bytes,
        style: bytes,
        formula: bytes,
    ) -> bytes:
        report = self.report
        report.formulas += 1
        r, c = int(row), column_number(col.decode())
        key = (sheet, r, c)
        head = b'<c r="' + col + row + b'"' + style
        tail = b"><f>" + formula + b"</f>"
        if key in self.tainted:
            report.skip("unverified function")
            return head + tail + b"</c>"
        value = model.get_cell_value(sheet, r, c)
        is_error = str(model.get_cell_type(sheet, r, c)).endswith("ErrorValue")
        if key in self.engine_values and not is_error:
            expected = self.engine_values[key]
            if isinstance(expected, int | float) and isinstance(value, int | float):
                if _close(float(value), float(expected)):
                    value = expected
                else:
                    report.disagreements.append(
                        f"{key}: spreadsheet {value!r}, engine {expected!r}"
                    )
                    report.skip("engine disagreement")
                    return head + tail + b"</c>"
        xml = value_xml(value, is_error)
        if xml is None:
            report.skip(f"not cacheable: {value!r}"[:60])
            return head + tail + b"</c>"
        kind, text = xml
        report.cached += 1
        t = b' t="' + kind.encode() + b'"' if kind else b""
        return head + t + tail + b"<v>" + text.encode("utf-8") + b"</v></c>"

    def rewrite(self, sheet_name: str, data: bytes) -> bytes:
        model = self.model
        if model is None or sheet_name not in self.index:
            return data
        sheet = self.index[sheet_name]
        return _FORMULA_CELL.sub(
            lambda m: self.cell_xml(model, sheet, m.group(1), m.group(2), m.group(3), m.group(4)),
            data,
        )


_DIGITS = bytes.maketrans(b"123456789", b"000000000")
_TILDE_TEXT = re.compile(rb"<t(?: [^>]*)?>[^<]*~")


def verified_functions(parts: Mapping[str, bytes]) -> frozenset[str]:
    """:data:`VERIFIED_FUNCTIONS`, less the criteria functions when a text cell holds ``~``."""
    if any(_TILDE_TEXT.search(data) for data in parts.values()):
        return VERIFIED_FUNCTIONS - CRITERIA_FUNCTIONS
    return VERIFIED_FUNCTIONS


def unverified_cells(
    index: Mapping[str, int],
    parts: Mapping[str, bytes],
    range_names: frozenset[str] = frozenset(),
) -> list[tuple[int, int, int]]:
    """Formula cells that call a function outside :data:`VERIFIED_FUNCTIONS` (formulas that
    differ only in row or column numbers are looked at once)."""
    found: list[tuple[int, int, int]] = []
    verified = verified_functions(parts)
    seen: dict[bytes, bool] = {}
    for name, data in parts.items():
        sheet = index.get(name)
        if sheet is None:
            continue
        for m in _FORMULA_CELL.finditer(data):
            shape = m.group(4).translate(_DIGITS)
            bad = seen.get(shape)
            if bad is None:
                formula = m.group(4).decode("utf-8")
                bad = bool(functions_in(formula) - verified) or array_context(formula, range_names)
                seen[shape] = bad
            if bad:
                found.append((sheet, int(m.group(2)), column_number(m.group(1).decode())))
    return found


def add_cached_values(
    path: Path,
    entries: dict[str, bytes],
    engine_values: Mapping[tuple[str, str], object] | None = None,
) -> CacheReport:
    """Rewrite the sheet XML in ``entries`` (zip entry name -> bytes, from the saved workbook
    at ``path``) in place with cached values; returns what was done.

    ``engine_values`` maps (sheet name, cell such as ``"B4"``) to the engine's value for that
    cell (see the module notes).
    """
    parts = sheet_parts(
        entries["xl/workbook.xml"].decode("utf-8"),
        entries["xl/_rels/workbook.xml.rels"].decode("utf-8"),
    )
    probe = CachedValues(path, {})
    if probe.model is None:
        return probe.report
    keyed: dict[tuple[int, int, int], object] = {}
    for (sheet, cell), value in (engine_values or {}).items():
        m = re.fullmatch(r"\$?([A-Z]+)\$?([0-9]+)", cell)
        if m and sheet in probe.index:
            keyed[(probe.index[sheet], int(m.group(2)), column_number(m.group(1)))] = value
    probe.engine_values = keyed
    sheet_xml = {name: entries[part] for name, part in parts.items() if part in entries}
    range_names = frozenset(
        d["name"] for d in probe.model.get_defined_name_list() if ":" in d["formula"]
    )
    probe.report.shown = probe.shown_numbers()
    probe.taint_unverified(unverified_cells(probe.index, sheet_xml, range_names))
    for name, part in parts.items():
        if part in entries:
            entries[part] = probe.rewrite(name, entries[part])
    return probe.report


__all__ = [
    "RANGE_FUNCTIONS",
    "VERIFIED_FUNCTIONS",
    "CacheReport",
    "add_cached_values",
    "array_context",
    "functions_in",
    "value_xml",
]

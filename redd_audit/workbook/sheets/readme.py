"""README: the outcome of the period first (links to the names that conclude it), project and
run, key results (the contract names), legend, conventions, a guide to every sheet and the rule
set in force."""

from __future__ import annotations

from collections.abc import Mapping

from redd_audit.cycle.materiality import period_conclusion
from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import SheetBuilder, inp, plain
from redd_audit.workbook.model import COUNT, DATE, Cell, Formula
from redd_audit.workbook.presentation import LINE_HEIGHT_PT, text_lines
from redd_audit.workbook.sheets.formats import WHOLE_TCO2E
from redd_audit.workbook.sheets.readme_text import (
    CONTRACT_NAMES,
    CONVENTIONS,
    SHEET_GUIDE,
    contract_format,
)

NAME = "README"


def _pair(sh: SheetBuilder, row: int, text: str, value: object, fmt: str | None = None) -> None:
    sh.put(row, 1, text, "key")
    if isinstance(value, Cell):
        sh.cells[(row, 2)] = value
    else:
        sh.put(row, 2, plain(value), "label", fmt)


def _run_rows(book: Book, kind: str) -> list[tuple[str, object, str | None]]:
    ctx, p = book.ctx, book.ctx.project
    gate = "passed" if kind == "verification" else "FAILED: no emission figures are produced"
    rows: list[tuple[str, object, str | None]] = [
        ("Project id", p.id, None),
        ("Project name", p.name, None),
        ("Proponent", p.proponent, None),
        ("Verifier", p.verifier, None),
        ("Standards", ", ".join(p.standards), None),
        ("Monitoring period start", ctx.start, DATE),
        ("Monitoring period end", ctx.end, DATE),
        ("Crediting period", f"{p.crediting_period.start} to {p.crediting_period.end}", None),
        ("Methodology", f"{p.methodology.id} version {p.methodology.version}", None),
    ]
    rows += [
        (f"Module {m}", f"version {v}", None) for m, v in sorted(p.methodology.modules.items())
    ]
    return [
        *rows,
        ("Quality gate", gate, None),
        ("Rule set", str(ctx.rule_set.get("id", p.accounting.rules.id)), None),
        ("Run id", ctx.run_id, None),
        ("Code version (redd-audit)", ctx.software.get("redd-audit", "unknown"), None),
        ("Parameters version", ctx.parameters_version, None),
        ("Evidence bundle", _signature_text(ctx.bundle), None),
    ]


def _signature_text(bundle: Mapping[str, object] | None) -> str:
    """Whether bundle.intoto.jsonl is signed, and by which key id (contract 9.2)."""
    if bundle and bundle.get("signed"):
        return f"signed (Ed25519), key id {bundle.get('keyid')}"
    return "unsigned (integrity only: redd-audit verify --allow-unsigned)"


def _project(book: Book, sh: SheetBuilder, kind: str, r: int) -> int:
    sh.put(r - 1, 1, "Project and run", "subtitle")
    for text, value, fmt in _run_rows(book, kind):
        if kind == "quality" and text.startswith("Monitoring period"):
            _pair(sh, r, text, inp(value, fmt))
            sh.define("Period_Start" if text.endswith("start") else "Period_End", r, 2)
        else:
            _pair(sh, r, text, value, fmt)
        r += 1
    return r + 1


def _results(sh: SheetBuilder, kind: str, r: int) -> int:
    if kind == "verification":
        sh.put(
            r,
            1,
            "Key results (contract names; formulas on the Vintages and Uncertainty "
            "sheets; tonnes shown whole)",
            "subtitle",
        )
        r += 1
        for name in CONTRACT_NAMES:
            sh.put(r, 1, name, "key")
            sh.put(r, 2, Formula(f"={name}"), "link", contract_format(name))
            r += 1
        return r + 1
    sh.put(r, 1, "The data-quality gate failed", "subtitle")
    sh.put(
        r + 1,
        1,
        "Error findings block the recomputation: this workbook lists every finding (Data "
        "quality sheet) and the provenance of the inputs, and contains no emission figures.",
        "note",
    )
    return r + 3


#: The outcome on the first page: (label, workbook name, number format), each shown when the
#: workbook defines the name (a link to it, so it follows every edit after recalculation).
OUTCOME = (
    ("Period conclusion", "Period_Conclusion", None),
    ("Ready for opinion (no material misstatement, no open NCR/CAR)", "Ready_For_Opinion", None),
    ("Open non-conformities (NCR)", "Open_NCR_Count", COUNT),
    ("VCUs of this period", "Total_VCUs", COUNT),
    ("VCUs to date (cumulative position)", "Cumulative_VCUs_To_Date", COUNT),
    ("Buffer to date (tCO2e)", "Cumulative_Buffer_To_Date", WHOLE_TCO2E),
    ("Evidence sample supports the VCUs (blank: unchecked)", "Sample_Supports_VCUs", None),
    (
        "Sample: upper limit of VCU overstatement (tCO2e)",
        "Upper_Limit_VCU_Overstatement_tCO2e",
        WHOLE_TCO2E,
    ),
    ("Map bias: implied unrecorded emissions (tCO2e)", "Map_Bias_Implied_tCO2e", WHOLE_TCO2E),
)
#: width of README's column A (the labels)
LABEL_WIDTH = 60
#: width of README's column B (the values and texts)
VALUE_WIDTH = 100


def _outcome(book: Book, sh: SheetBuilder, r: int) -> int:
    """The outcome of the period, first on the page: links to the names that conclude it."""
    defined = {n.name for n in book.names.names}
    shown = [row for row in OUTCOME if row[1] in defined]
    if not shown:
        return r
    sh.put(r, 1, "Outcome of the period (links to the sheets that conclude it)", "subtitle")
    r += 1
    for text, name, fmt in shown:
        sh.put(r, 1, text, "key")
        sh.cells[(r, 2)] = Cell(Formula(f"={name}"), "link", fmt, wrap=name == "Period_Conclusion")
        if name == "Period_Conclusion":  # a text formula: its height from the engine's text
            line = period_conclusion(
                {"status": "passed", "totals": book.rc.totals, "materiality": book.ctx.materiality}
            )
            lines = text_lines(line, VALUE_WIDTH, "link")
            sh.row_heights[r] = float(lines * LINE_HEIGHT_PT + 3)
        r += 1
    return r + 1


def _legend(sh: SheetBuilder, r: int) -> int:
    sh.put(r, 1, "Colour legend", "subtitle")
    r += 1
    legend = [
        (inp("Input"), "from the input files or project.yaml: blue on light yellow; unlocked"),
        (Cell(Formula('="Formula"'), "formula"), "derived by a formula: black"),
        (Cell(Formula('="Link"'), "link"), "a formula that only refers to another cell: green"),
        (Cell("Header", "header"), "column headers"),
    ]
    for cell, text in legend:
        sh.cells[(r, 1)] = cell
        sh.put(r, 2, text)
        r += 1
    sh.put(
        r,
        1,
        "Calculation sheets are protected to avoid accidental edits; Review > Unprotect Sheet, no "
        "password. Input cells stay editable so that a verifier can test a change.",
        "note",
    )
    return r + 2


def _lists(book: Book, sh: SheetBuilder, kind: str, r: int) -> int:
    if kind == "verification":
        sh.put(r, 1, "Conventions (vintages and partial years)", "subtitle")
        r += 1
        for text in CONVENTIONS:
            sh.put(r, 1, "•")
            sh.put(r, 2, text)
            r += 1
        r += 1
    sh.put(r, 1, "How to navigate", "subtitle")
    r += 1
    for name in _navigation(book):
        target = f"#'{name}'!A1".replace('"', '""')
        sh.put(r, 1, Formula(f'=HYPERLINK("{target}","{name}")'), "link")
        sh.put(r, 2, SHEET_GUIDE.get(name, ""))
        r += 1
    r += 1
    sh.put(r, 1, "Rule set in force", "subtitle")
    r += 1
    for key, value in _flatten(book.ctx.rule_set):
        sh.put(r, 1, key)
        sh.put(r, 2, "" if value is None else str(value))
        r += 1
    if book.ctx.missing_tables:
        sh.put(r + 1, 1, "Optional tables not provided", "subtitle")
        r += 2
        for t in book.ctx.missing_tables:
            sh.put(r, 1, t)
            r += 1
    return r


def _flatten(data: Mapping[str, object], prefix: str = "") -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for key in data:
        value = data[key]
        full = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out += _flatten(value, full + ".")
        else:
            out.append((full, value))
    return out


def build(book: Book, kind: str) -> None:
    p = book.ctx.project
    sh = book.sheet(
        NAME,
        f"{'Verification' if kind == 'verification' else 'Data-quality'} workbook — {p.id} "
        f"{p.name}",
        "Generated by redd-audit from the project folder; every number below the inputs is a "
        "live formula that also carries the value the recomputation found, so the file reads "
        "without recalculation; edit an input cell and the spreadsheet recomputes.",
    )
    sh.protected = False
    r = _outcome(book, sh, 4) + 1 if kind == "verification" else 4
    r = _project(book, sh, kind, r)
    r = _results(sh, kind, r)
    r = _legend(sh, r)
    _lists(book, sh, kind, r)
    sh.widths_from(1, [LABEL_WIDTH, VALUE_WIDTH])


def _navigation(book: Book) -> list[str]:
    """The sheets in workbook order, the Monte Carlo sheets (added after the build, contract
    7.5.3) right after Uncertainty."""
    order = list(book.sheet_order)
    mc = book.ctx.monte_carlo
    if mc is None or "Uncertainty" not in order:
        return order
    at = order.index("Uncertainty") + 1
    return [*order[:at], *mc.sheet_names(), *order[at:]]

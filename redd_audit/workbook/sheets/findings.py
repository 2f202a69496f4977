"""The "Findings" sheet (contract 5.4, 5.8): the verifier's findings register and the tool's
draft findings, with type, status and response columns the verifier keeps working in (input
cells; type and status validated by a list) and the columns an engagement keeps (requirement,
response round, evidence reference, prepared by, reviewed by, closing date: optional columns of
verification_findings), and the counts and opinion readiness as formulas of those columns and
of the period's materiality, so that a status changed or a claim corrected in the workbook
reaches ``Ready_For_Opinion`` after recalculation. The sheet is protected without a password:
the formulas are guarded, the input cells stay unlocked."""

from __future__ import annotations

import contextlib
import datetime as dt

from redd_audit.cycle.findings_register import BLOCKING_TYPES, FINDING_TYPES, STATUSES
from redd_audit.cycle.json_values import mappings
from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import FIRST_ROW, HEADER_ROW, column_values, fx, inp, label
from redd_audit.workbook.model import COUNT, DATE, Cell, Scalar, column_letter
from redd_audit.workbook.sheets.materiality import MaterialityCells

SHEET = "Findings"
#: Optional columns of verification_findings the register keeps (read when present, written
#: back by carry-forward: each header reads as its column name in snake case).
ENGAGEMENT_COLUMNS = (
    ("requirement", "Requirement", 16, None),
    ("response_round", "Response round", 9, COUNT),
    ("evidence_ref", "Evidence ref", 16, None),
    ("prepared_by", "Prepared by", 12, None),
    ("reviewed_by", "Reviewed by", 12, None),
    ("closed_on", "Closed on", 12, DATE),
)
HEADERS = [
    "Finding",
    "Type",
    "Status",
    "Raised on",
    "Reference",
    "Description",
    "Response",
    *(header for _, header, _, _ in ENGAGEMENT_COLUMNS),
    "Origin",
]
WIDTHS = [12, 8, 10, 12, 20, 48, 36, *(width for _, _, width, _ in ENGAGEMENT_COLUMNS), 22]
DRAFT_STATUS = "draft"
#: the counts and readiness below the register: labels over columns A-D, values in E
COUNT_COL = 5
UNKNOWN_CODES = "Rows whose type or status is not one of the codes (Ready for opinion: #N/A)"


def _choice(value: object, allowed: tuple[str, ...]) -> Cell:
    """An input cell that accepts one of ``allowed`` (a list validation in the sheet)."""
    return Cell(inp(value).value, "input", allowed=allowed)


def _engagement(values: dict[str, list[Scalar]], i: int | None) -> list[Cell]:
    """The engagement columns of register row ``i`` (blank input cells for a draft)."""
    cells = []
    for key, _, _, fmt in ENGAGEMENT_COLUMNS:
        value = values[key][i] if i is not None else None
        if fmt == DATE and isinstance(value, str):  # a date typed as text in a CSV file
            with contextlib.suppress(ValueError):
                value = dt.date.fromisoformat(value.strip()[:10])
        cells.append(inp(value, fmt, minimum=1 if fmt == COUNT else None))
    return cells


def build(book: Book, materiality: MaterialityCells) -> None:
    """Register rows (inputs from verification_findings), then the tool's draft findings
    (status ``draft`` until the verifier raises them), then the counts."""
    ctx = book.ctx
    verification = ctx.verification or {}
    sh = book.sheet(
        SHEET,
        "Findings register: the verifier's findings, the tool's draft findings, readiness",
        "Types: NCR non-conformity, NIR new information request, OFI opportunity for "
        "improvement, CAR corrective action request, CL clarification, FAR forward action "
        "request. Status and response are input cells: keep the register up to date here.",
    )
    sh.widths_from(1, WIDTHS)
    sh.headers(HEADER_ROW, 1, HEADERS)
    r = FIRST_ROW
    register = ctx.frames.get("verification_findings")
    if register is not None:
        columns = ["finding_id", "type", "status", "raised_on", "reference", "description"]
        extra = [key for key, _, _, _ in ENGAGEMENT_COLUMNS]
        values = {c: column_values(register, c) for c in [*columns, "response", *extra, "_row"]}
        for i in range(len(register)):
            sh.put_row(
                r,
                1,
                [
                    inp(values["finding_id"][i]),
                    _choice(values["type"][i], FINDING_TYPES),
                    _choice(values["status"][i], STATUSES),
                    inp(values["raised_on"][i], DATE),
                    inp(values["reference"][i]),
                    inp(values["description"][i]),
                    inp(values["response"][i]),
                    *_engagement(values, i),
                    label(f"verification_findings row {values['_row'][i]}"),
                ],
            )
            r += 1
    drafts = mappings(verification.get("draft_findings"))
    for k, draft in enumerate(drafts, start=1):
        sh.put_row(
            r,
            1,
            [
                label(f"DRAFT-{k:02d}"),
                _choice(draft["type"], FINDING_TYPES),
                _choice(DRAFT_STATUS, (DRAFT_STATUS, *STATUSES)),
                label(None),
                label(draft["reference"]),
                label(draft["description"]),
                inp(None),
                *_engagement({}, None),
                label("proposed by redd-audit"),
            ],
        )
        r += 1
    listed = r > FIRST_ROW  # register or draft rows (not the note below)
    if not listed:
        sh.put(r, 1, "No finding raised and none proposed.", "note")
        r += 1
    last = max(r - 1, FIRST_ROW)
    types = f"$B${FIRST_ROW}:$B${last}"
    status = f"$C${FIRST_ROW}:$C${last}"
    r += 1
    sh.put(r, 1, "Register", "subtitle")
    r += 1
    summary: list[tuple[str, str, tuple[str, ...]]] = [
        ("Open findings", f'=COUNTIF({status},"open")', ("Findings_Open", "Open_Findings_Count")),
        ("Closed findings", f'=COUNTIF({status},"closed")', ("Findings_Closed",)),
        ("Draft findings (proposed, not yet raised)", f'=COUNTIF({status},"{DRAFT_STATUS}")', ()),
    ]
    summary += [
        (
            f"Open {t}",
            f'=COUNTIFS({types},"{t}",{status},"open")',
            ("Open_NCR_Count",) if t == "NCR" else (),
        )
        for t in FINDING_TYPES
    ]
    if listed:  # rows whose type or status is none of the codes (typed past the list)
        ids = f"$A${FIRST_ROW}:$A${last}"
        known_types = "".join(f'-COUNTIF({types},"{t}")' for t in FINDING_TYPES)
        known_status = "".join(f'-COUNTIF({status},"{code}")' for code in (*STATUSES, DRAFT_STATUS))
        unknown = f"=COUNTA({ids}){known_types}+COUNTA({ids}){known_status}"
    else:
        unknown = "=0"
    summary.append((UNKNOWN_CODES, unknown, ()))
    letter = column_letter(COUNT_COL)
    rows: dict[str, int] = {}
    for text, formula, names in summary:
        sh.put(r, 1, text, "key" if names else "label")
        sh.put_row(r, COUNT_COL, [fx(formula, COUNT)])
        for name in names:
            sh.define(name, r, COUNT_COL, text)
        rows[text] = r
        r += 1
    sh.put(r, 1, "Material misstatement over the period (Period materiality)", "key")
    if materiality.material is not None:
        sh.put_row(r, COUNT_COL, [fx(f"={materiality.material}")])
    else:  # claims incomplete: materiality not assessed, nothing found material (contract 5.2)
        sh.put_row(r, COUNT_COL, [fx("=0=1")])
        sh.put(
            r, COUNT_COL + 1, "not assessed: claimed_vintages does not cover every vintage", "note"
        )
    material_row = r
    r += 1
    blocking = "+".join(f"{letter}{rows[f'Open {t}']}" for t in BLOCKING_TYPES)
    sh.put(r, 1, "Ready for opinion (no material misstatement, no open NCR or CAR)", "key")
    ready = f"AND(NOT({letter}{material_row}),{blocking}=0)"
    # an unknown type or status could hide an open NCR: no answer (#N/A) rather than a wrong one
    sh.put_row(r, COUNT_COL, [fx(f"=IF({letter}{rows[UNKNOWN_CODES]}>0,#N/A,{ready})")])
    sh.define("Ready_For_Opinion", r, COUNT_COL, "no material misstatement and no open NCR or CAR")
    sh.freeze = f"A{FIRST_ROW}"
    sh.protected = True  # no password: the formulas are guarded, the input cells unlocked

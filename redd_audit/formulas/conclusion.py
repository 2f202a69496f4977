"""Formula builders of the period conclusion (:mod:`redd_audit.cycle.materiality`).

The conclusion the terminal prints (``"VCUs overstated by 34,067 (1.35 %): material"``) is a
text formula in the workbook over the cells it concludes from (contract 5.8), so that an
auditor's edit of a claim reaches it after recalculation. Amounts are rounded with ``ROUND``
(half away from zero) before ``TEXT``, as :func:`redd_audit.rounding.round_half_away` does on the
Python side, so that IronCalc (half to even in ``TEXT``), LibreOffice and the terminal agree.
The only numerals in these formulas are 0 and 1 (the workbook's rule).
"""

from __future__ import annotations

from collections.abc import Sequence

from redd_audit.formulas.expression import operand


def _text_literal(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def amount_text(value: str, unit: str) -> str:
    """``TEXT(ROUND(ABS(v),0),"#,##0")`` followed by the unit (``&" tCO2e"``)."""
    body = f'TEXT(ROUND(ABS({operand(value)}),0),"#,##0")'
    return body if not unit else f"{body}&{_text_literal(' ' + unit)}"


def percent_text(fraction: str) -> str:
    """``"1.35 %"`` for a fraction of 0.0135; ``"n/a %"`` when the fraction is not a number.

    The ``%`` of the number format multiplies by 100 (no numeral in the formula)."""
    f = operand(fraction)
    return f'IF(ISNUMBER({f}),TEXT(ABS({f}),"0.00 %"),"n/a %")'


def line_text(
    name: str,
    unit: str,
    recomputed: str,
    misstatement: str,
    fraction: str,
    direction: str,
    material: str,
) -> str:
    """Text expression (no leading ``=``) of one materiality line, as
    :func:`redd_audit.cycle.materiality.line_text` writes it."""
    verdict = f'IF({operand(material)},"material","not material")'
    as_claimed = (
        f'{_text_literal(name + " as claimed (")}&{amount_text(recomputed, unit)}&"): "&{verdict}'
    )
    d = operand(direction)
    moved = (
        f'{_text_literal(name + " ")}&{d}&" by "&{amount_text(misstatement, unit)}'
        f'&" ("&{percent_text(fraction)}&"): "&{verdict}'
    )
    return f'IF({d}="none",{as_claimed},{moved})'


def period_conclusion(head: str, others: Sequence[tuple[str, str]]) -> str:
    """``=head & "; also " & the other material lines joined by "; "`` (contract 5.8).

    ``head`` is the VCU line's text expression; ``others`` pairs each other quantity's
    ``material`` cell with its line's text expression.
    """
    if not others:
        return f"={head}"
    parts = "&".join(f'IF({operand(m)},"; "&{line},"")' for m, line in others)
    any_material = "OR(" + ",".join(operand(m) for m, _ in others) + ")"
    joined = f"({parts})"
    tail = f'MID({joined},LEN("; ")+1,LEN({joined}))'
    return f'={head}&IF({any_material},"; also "&{tail},"")'

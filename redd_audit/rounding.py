"""Rounding as spreadsheets round: half away from zero.

Excel's and LibreOffice's ``ROUND`` (and the figures monitoring reports print) round a half
away from zero, while Python's ``round`` and ``format`` round a half to even. Wherever a figure
the tool prints must equal the text a workbook formula shows, the Python side rounds with
:func:`round_half_away`, and the formula rounds with ``ROUND`` before ``TEXT``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def round_half_away(value: float, decimals: int = 0) -> float:
    """``value`` rounded to ``decimals`` places, a half away from zero (``ROUND(x, n)``).

    The float is read through its shortest decimal representation (``repr``), as a spreadsheet
    reads the number it displays, so ``round_half_away(2.675, 2)`` is 2.68 (``round`` gives
    2.67 because the binary value lies just below 2.675).
    """
    if value != value or value in (float("inf"), float("-inf")):
        return value
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))

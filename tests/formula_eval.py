"""A tiny evaluator of the builders' formula text, for the per-module formula tests.

Not a spreadsheet: the formula is translated token by token (openpyxl's tokenizer) into a
Python expression over the given cell values and a handful of functions. Enough to check one
case of a builder against its Python function without LibreOffice (the full parity run is
tests/test_equation_parity.py). Unary minus binds like Python's, not like Excel's.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from openpyxl.formula.tokenizer import Token, Tokenizer
from scipy import stats

NA = "#N/A"


def _flat(args: tuple[object, ...]) -> list[float]:
    out: list[float] = []
    for a in args:
        if isinstance(a, (list, tuple)):
            out.extend(_flat(tuple(a)))
        elif isinstance(a, (int, float)) and not isinstance(a, bool):
            out.append(float(a))
    return out


def _round(x: float, digits: float = 0) -> float:
    q = Decimal(1).scaleb(-int(digits))
    return float(Decimal(repr(float(x))).quantize(q, rounding=ROUND_HALF_UP))


def _round_down(x: float, digits: float = 0) -> float:
    f = 10.0 ** int(digits)
    return math.trunc(x * f) / f


def _round_up(x: float, digits: float = 0) -> float:
    f = 10.0 ** int(digits)
    y = abs(x) * f
    return math.copysign(math.ceil(y) / f, x) if y else 0.0


def _text(x: float, fmt: str) -> str:
    """TEXT for the two formats the builders use."""
    if fmt == "#,##0":
        return f"{_round(x):,.0f}"
    if fmt == "0.00 %":
        return f"{_round(x * 100, 2):.2f} %"
    raise ValueError(f"TEXT format not supported here: {fmt!r}")


FUNCTIONS = {
    "IF": lambda c, a, b=lambda: False: a() if c() else b(),  # lazy: arguments are thunks
    "MAX": lambda *a: max(_flat(a)),
    "MIN": lambda *a: min(_flat(a)),
    "SUM": lambda *a: math.fsum(_flat(a)),
    "ABS": abs,
    "SQRT": math.sqrt,
    "EXP": math.exp,
    "LN": math.log,
    "ROUND": _round,
    "ROUNDDOWN": _round_down,
    "ROUNDUP": _round_up,
    "INT": math.floor,
    "ISNUMBER": lambda x: isinstance(x, (int, float)) and not isinstance(x, bool),
    "ISBLANK": lambda x: x is None,
    "AND": lambda *a: all(a),
    "OR": lambda *a: any(a),
    "NOT": lambda a: not a,
    "SUMPRODUCT": lambda *a: math.fsum(
        math.prod(t) for t in zip(*(_flat((x,)) for x in a), strict=True)
    ),
    "SUMSQ": lambda *a: math.fsum(x * x for x in _flat(a)),
    "INDEX": lambda r, i: _flat((r,))[int(i) - 1],
    "COLUMNS": lambda r: len(_flat((r,))),
    "TINV": lambda alpha, df: float(stats.t.ppf(1 - alpha / 2, df)),
    "MID": lambda s, start, n: s[int(start) - 1 : int(start) - 1 + int(n)],
    "LEN": len,
    "TEXT": _text,
    "COUNT": lambda *a: len(_flat(a)),
    "POWER": lambda a, b: a**b,
}

_INFIX = {"=": "==", "<>": "!=", "^": "**", "&": "+"}


def to_python(formula: str) -> str:
    """The Python expression of ``formula`` (``_v`` looks operands up, ``_f`` calls functions)."""
    parts: list[str] = []
    stack: list[str] = []  # the open functions and brackets, innermost last
    for token in Tokenizer(formula).items:
        kind, sub, text = token.type, token.subtype, token.value
        if kind == Token.OPERAND:
            if sub == Token.NUMBER:
                parts.append(text)
            elif sub == Token.TEXT:
                parts.append(repr(text[1:-1].replace('""', '"')))
            elif sub == Token.LOGICAL:
                parts.append("True" if text.upper() == "TRUE" else "False")
            elif sub == Token.ERROR:
                parts.append(repr(text))
            else:
                parts.append(f"_v({text!r})")
        elif kind == Token.FUNC:
            if sub == Token.OPEN:
                name = text[:-1].upper()
                stack.append(name)
                parts.append(f"_f[{name!r}](" + ("lambda: " if name == "IF" else ""))
            else:
                stack.pop()
                parts.append(")")
        elif kind == Token.SEP:
            parts.append(", lambda: " if stack and stack[-1] == "IF" else ",")
        elif kind == Token.OP_IN:
            parts.append(_INFIX.get(text, text))
        elif kind == Token.OP_PRE:
            parts.append(text)
        elif kind == Token.OP_POST:
            parts.append("/100")
        elif kind == Token.PAREN:
            if sub == Token.OPEN:
                stack.append("(")
            else:
                stack.pop()
            parts.append(text)
    return " ".join(parts)


def evaluate(formula: str, values: Mapping[str, object]) -> object:
    """The value of ``formula`` with every reference or defined name taken from ``values``."""

    def lookup(name: str) -> object:
        if name in values:
            return values[name]
        raise KeyError(f"no value for {name!r} in {formula!r}")

    return eval(to_python(formula), {"_v": lookup, "_f": FUNCTIONS})


def defined_names() -> dict[str, object]:
    """The workbook's defined names of constants, with the values the Python side uses."""
    from redd_audit import parameters
    from redd_audit.methodology.net_reductions import ROUNDING_GUARD_DECIMALS
    from redd_audit.sampling import monetary_unit, recheck

    return {
        **{key: rec.value for key, rec in parameters.records().items()},
        "CO2_per_C": parameters.CO2_PER_C,
        "VCU_Rounding_Guard_Decimals": ROUNDING_GUARD_DECIMALS,
        "Recheck_Fraction": recheck.RECHECK_FRACTION,
        "MUS_Confidence": monetary_unit.CONFIDENCE,
        "MUS_Comparison_Tolerance_tCO2e": monetary_unit.COMPARISON_TOLERANCE_TCO2E,
        "Remeasure_Minimum_Plots": recheck.REMEASURE_MINIMUM_PLOTS,
        "Reinterpret_Minimum_Samples": recheck.REINTERPRET_MINIMUM_SAMPLES,
    }


def evaluate_with_names(formula: str, values: Mapping[str, object]) -> object:
    """:func:`evaluate` with the defined names of constants available too."""
    return evaluate(formula, {**defined_names(), **values})

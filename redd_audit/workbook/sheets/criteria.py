"""Conditional sums and counts that match ids exactly, whatever text the id holds.

``SUMIFS``/``COUNTIFS`` read a criterion as a pattern: ``*`` and ``?`` are wildcards, ``~``
escapes, a leading ``=``, ``<`` or ``>`` is a comparison, and letters match ignoring case. An id
such as ``TF*`` would then also match ``TF`` and ``TF2``. Two mechanisms keep every match
exact:

* :func:`exact_criterion` turns a cell holding an id into the criterion ``"="&id`` with ``~``,
  ``*`` and ``?`` escaped (fast; keeps ``SUMIFS``);
* when ids differ only in case (``TF`` and ``tf``) or hold a ``~`` (LibreOffice does not read
  ``~~`` as an escaped tilde), :func:`sum_where` and :func:`count_where` switch to
  ``SUMPRODUCT`` with ``EXACT``, which compares exactly (:func:`needs_exact`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


def needs_exact(ids: Iterable[str]) -> bool:
    """True when criteria cannot tell these ids apart exactly: two differ only in letter case,
    or one holds a tilde."""
    seen = list(ids)
    return len({i.casefold() for i in seen}) < len(seen) or any("~" in i for i in seen)


def exact_criterion(cell: str) -> str:
    """A criterion that matches exactly the text of ``cell`` (a reference or a name)."""
    escaped = f'SUBSTITUTE(SUBSTITUTE(SUBSTITUTE({cell},"~","~~"),"*","~*"),"?","~?")'
    return f'"="&{escaped}'


@dataclass(frozen=True)
class Condition:
    """``range`` must equal ``criterion``; ``is_id``: the criterion is a cell holding id text
    (matched exactly), otherwise a number, a code or a cell compared as a value."""

    range: str
    criterion: str
    is_id: bool = False

    def sumifs_pair(self) -> str:
        criterion = exact_criterion(self.criterion) if self.is_id else self.criterion
        return f"{self.range},{criterion}"

    def factor(self) -> str:
        if self.is_id:
            return f"EXACT({self.range},{self.criterion})"
        return f"({self.range}={self.criterion})"


def sum_where(values: str, conditions: Sequence[Condition], case_sensitive: bool) -> str:
    """Expression (no leading ``=``) summing ``values`` over the rows meeting every condition."""
    if case_sensitive:
        return "SUMPRODUCT(" + "*".join([values, *(c.factor() for c in conditions)]) + ")"
    return "SUMIFS(" + ",".join([values, *(c.sumifs_pair() for c in conditions)]) + ")"


def count_where(conditions: Sequence[Condition], case_sensitive: bool) -> str:
    """Expression (no leading ``=``) counting the rows meeting every condition."""
    if case_sensitive:
        factors = [c.factor() for c in conditions]
        if len(factors) == 1:
            factors.insert(0, "1")  # a lone comparison gives booleans, which SUMPRODUCT skips
        return "SUMPRODUCT(" + "*".join(factors) + ")"
    return "COUNTIFS(" + ",".join(c.sumifs_pair() for c in conditions) + ")"


def average_where(
    values: str, conditions: Sequence[Condition], case_sensitive: bool, empty: str = "0"
) -> str:
    """Mean of ``values`` over the rows meeting every condition (``empty`` when none)."""
    n = count_where(conditions, case_sensitive)
    total = sum_where(values, conditions, case_sensitive)
    return f"IF({n}>0,{total}/{n},{empty})"

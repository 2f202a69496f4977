"""Property: for any set of distinct ids (wildcards, tilde, comparison operators, letters that
differ only in case), the conditional sums the workbook writes give each id exactly its own
rows. Evaluated in-process with IronCalc (the spreadsheet engine of the cached values); the
LibreOffice recalculation of whole workbooks is in test_exact_ids.py."""

from __future__ import annotations

import ironcalc
from hypothesis import given, settings
from hypothesis import strategies as st

from redd_audit.workbook.sheets.criteria import Condition, count_where, needs_exact, sum_where

ALPHABET = "AaBbXx*?~=<> -1"
ids_strategy = st.lists(
    st.text(alphabet=ALPHABET, min_size=1, max_size=4).filter(lambda t: t.strip() == t),
    min_size=1,
    max_size=6,
    unique=True,
)


@settings(max_examples=60, deadline=None)
@given(ids=ids_strategy, repeats=st.lists(st.integers(1, 3), min_size=6, max_size=6))
def test_sums_and_counts_match_each_id_exactly(ids: list[str], repeats: list[int]) -> None:
    model = ironcalc.create("t", "en", "UTC", "en")
    rows: list[tuple[str, int]] = []
    for k, text in enumerate(ids):
        rows += [(text, 10**k)] * repeats[k]
    for r, (text, value) in enumerate(rows, start=1):
        model.set_user_input(0, r, 1, "'" + text)
        model.set_user_input(0, r, 2, str(value))
    n = len(rows)
    exact = needs_exact(ids)
    for k, text in enumerate(ids, start=1):
        model.set_user_input(0, k, 4, "'" + text)
        where = [Condition(f"$A$1:$A${n}", f"D{k}", is_id=True)]
        model.set_user_input(0, k, 5, "=" + sum_where(f"$B$1:$B${n}", where, exact))
        model.set_user_input(0, k, 6, "=" + count_where(where, exact))
    model.evaluate()
    for k, text in enumerate(ids, start=1):
        expected_sum = sum(v for t, v in rows if t == text)
        expected_count = sum(1 for t, _ in rows if t == text)
        got_sum = model.get_cell_content(0, k, 5), model.get_formatted_cell_value(0, k, 5)
        assert float(model.get_formatted_cell_value(0, k, 5)) == expected_sum, (text, got_sum)
        assert float(model.get_formatted_cell_value(0, k, 6)) == expected_count, text

"""redd_audit.workbook.sheets.criteria: exact id criteria, SUMIFS vs SUMPRODUCT/EXACT."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from redd_audit.workbook.sheets.criteria import (
    Condition,
    average_where,
    count_where,
    exact_criterion,
    needs_exact,
    sum_where,
)

ESCAPED = 'SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(B4,"~","~~"),"*","~*"),"?","~?")'


def test_needs_exact() -> None:
    assert not needs_exact(["TF", "VF", "TF*"])
    assert needs_exact(["TF", "tf"])
    assert needs_exact(["A~1"])
    assert not needs_exact([])


@given(st.lists(st.text(alphabet="abAB~", max_size=3), max_size=4))
def test_needs_exact_property(ids: list[str]) -> None:
    case_clash = len({i.casefold() for i in ids}) < len(ids)
    assert needs_exact(ids) == (case_clash or any("~" in i for i in ids))


def test_exact_criterion_escapes_wildcards() -> None:
    assert exact_criterion("B4") == f'"="&{ESCAPED}'


def test_condition_pairs_and_factors() -> None:
    by_id = Condition("Ev_Stratum", "B4", is_id=True)
    by_value = Condition("Ev_Year", "2020")
    assert by_id.sumifs_pair() == f'Ev_Stratum,"="&{ESCAPED}'
    assert by_value.sumifs_pair() == "Ev_Year,2020"
    assert by_id.factor() == "EXACT(Ev_Stratum,B4)"
    assert by_value.factor() == "(Ev_Year=2020)"


def test_sum_count_average() -> None:
    conds = [Condition("S", "B4", True), Condition("Y", "2020")]
    assert sum_where("A", conds, True) == "SUMPRODUCT(A*EXACT(S,B4)*(Y=2020))"
    assert sum_where("A", conds[1:], False) == "SUMIFS(A,Y,2020)"
    assert count_where(conds[1:], True) == "SUMPRODUCT(1*(Y=2020))"
    assert count_where(conds, True) == "SUMPRODUCT(EXACT(S,B4)*(Y=2020))"
    assert count_where(conds[1:], False) == "COUNTIFS(Y,2020)"
    assert average_where("A", conds[1:], False, '""') == (
        'IF(COUNTIFS(Y,2020)>0,SUMIFS(A,Y,2020)/COUNTIFS(Y,2020),"")'
    )

"""redd_audit.workbook.book: the shared build state (sheets, names, strata, vintage years)."""

from __future__ import annotations

import dataclasses

import pytest

from redd_audit.workbook.book import VINTAGES, Book, StratumRef
from tests.workbook.spec_helpers import main_context


@pytest.fixture(scope="module")
def ctx():  # type: ignore[no-untyped-def]
    return main_context()


def test_stratum_ref_names() -> None:
    assert StratumRef("A-1 b", "A_1_b").n("AG") == "AG_A_1_b"


def test_sheet_registers_builder_with_shared_names(ctx) -> None:  # type: ignore[no-untyped-def]
    book = Book(ctx=ctx, row_limit=100)
    sh = book.sheet("Strata", "Strata title", "desc")
    assert book.sheets == {"Strata": sh}
    sh.define("X_1", 5, 2)
    assert [n.name for n in book.names.names] == ["X_1"]
    assert sh.cells[(1, 1)].value == "Strata title"


def test_rc_vintages_and_cohort_years(ctx) -> None:  # type: ignore[no-untyped-def]
    book = Book(ctx=ctx, row_limit=100)
    assert book.rc is ctx.recomputation
    assert [v.vintage for v in book.vintages] == [2019, 2020]
    # crediting period starts 2010-01-01, the period ends 2020-12-31 (calendar project years)
    assert book.cohort_years == list(range(2010, 2021))
    assert VINTAGES == "Vintages"


def test_rc_refused_without_recomputation(ctx) -> None:  # type: ignore[no-untyped-def]
    book = Book(ctx=dataclasses.replace(ctx, recomputation=None), row_limit=100)
    with pytest.raises(ValueError, match="quality gate"):
        _ = book.rc


def test_stratum_lookup_and_exact_ids(ctx) -> None:  # type: ignore[no-untyped-def]
    book = Book(ctx=ctx, row_limit=100, strata=[StratumRef("TF", "TF"), StratumRef("VF", "VF")])
    assert book.stratum("VF").suffix == "VF"
    with pytest.raises(KeyError):
        book.stratum("XX")
    assert not book.ids_need_exact
    book.strata = [StratumRef("tf", "tf"), StratumRef("TF", "TF_2")]
    assert book.ids_need_exact
    book.strata = [StratumRef("A~1", "A_1")]
    assert book.ids_need_exact

"""redd_audit.deduct.table: the draws table (edges beyond tests/deduct/test_command.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from redd_audit.deduct.table import read_draws
from redd_audit.errors import InputError
from tests.deduct.tables import write_rows, write_xlsx


def test_text_columns_are_ignored_and_rows_follow_the_draw_ids(tmp_path: Path) -> None:
    path = write_rows(
        tmp_path / "d.csv",
        ["draw", "label", "x", ""],
        [[3, "c", 30.0, ""], [1, "a", 10.0, ""], [2, "b", 20.0, ""]],
    )
    table = read_draws(path)
    assert table.ignored_columns == ("label",)
    assert table.draws.tolist() == [1, 2, 3]
    assert table.series["x"].tolist() == [10.0, 20.0, 30.0]
    assert table.columns == ["draw", "x"] and table.rows == 3
    assert table.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert table.bom is False


def test_bom_and_another_draw_column(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_bytes(b"\xef\xbb\xbfiteration,x\n1,1.5\n2,2.5\n")
    table = read_draws(path, "iteration")
    assert table.bom is True and table.draw_column == "iteration"
    assert table.size_bytes == len(path.read_bytes())


def test_xlsx_reads_the_first_sheet(tmp_path: Path) -> None:
    table = read_draws(write_xlsx(tmp_path / "d.xlsx", {"x": np.array([1.0, 2.0])}))
    assert table.series["x"].tolist() == [1.0, 2.0]


@pytest.mark.parametrize(
    ("header", "rows", "message"),
    [
        (["draw", "x", "x"], [[1, 1, 1], [2, 2, 2]], "repeated column names: x"),
        (["draw", "label"], [[1, "a"], [2, "b"]], "no numeric column besides the draw column"),
    ],
)
def test_table_refusals(tmp_path: Path, header: list, rows: list, message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        read_draws(write_rows(tmp_path / "d.csv", header, rows))
    assert info.value.file == "d.csv"


def test_unknown_type_and_missing_file(tmp_path: Path) -> None:
    (tmp_path / "d.json").write_text("{}")
    with pytest.raises(InputError, match="unknown file type"):
        read_draws(tmp_path / "d.json")
    with pytest.raises(InputError, match="no such file"):
        read_draws(tmp_path / "absent.csv")

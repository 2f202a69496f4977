"""(b) The same inputs give the same bytes; (c) input text never becomes a formula."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from redd_audit.workbook.context import WorkbookContext
from redd_audit.workbook.model import Formula
from redd_audit.workbook.writer import write_workbook
from tests.workbook.case_frames import INJECTIONS
from tests.workbook.readback import write


def test_two_writes_are_byte_identical(
    main_ctx: WorkbookContext, main_file: Path, tmp_path: Path
) -> None:
    again = write(main_ctx, tmp_path / main_file.name)
    assert (
        hashlib.sha256(again.read_bytes()).digest()
        == hashlib.sha256(main_file.read_bytes()).digest()
    )


@pytest.mark.slow
def test_bytes_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    script = (
        "import sys; sys.path.insert(0, sys.argv[2]);"
        "from pathlib import Path; from tests.workbook.case import make_context;"
        "from tests.workbook.readback import write; write(make_context(), Path(sys.argv[1]))"
    )
    digests = set()
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}.xlsx"
        subprocess.run(
            [sys.executable, "-c", script, str(out), str(Path(__file__).parents[2])],
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
            timeout=300,
        )
        digests.add(hashlib.sha256(out.read_bytes()).hexdigest())
    assert len(digests) == 1


def test_document_properties_come_from_the_run(main_file: Path) -> None:
    wb = load_workbook(main_file)
    assert wb.properties.creator == "redd-audit"
    assert wb.properties.created == dt.datetime(2020, 12, 31)
    assert wb.properties.modified == dt.datetime(2020, 12, 31)
    custom = {p.name: p.value for p in wb.custom_doc_props.props}
    assert custom["RunId"] == "run-0123456789abcdef"
    assert custom["ProjectId"] == "TEST-1"
    assert (custom["PeriodStart"], custom["PeriodEnd"]) == ("2019-07-01", "2020-12-31")


# --------------------------------------------------------------------------------------------
# (c) injection


def test_input_text_is_stored_as_text_never_as_formula(main_file: Path) -> None:
    wb = load_workbook(main_file)
    found: dict[str, int] = dict.fromkeys(INJECTIONS, 0)
    for sheet in ("Events", "CCB indicators"):
        for row in wb[sheet].iter_rows():
            for cell in row:
                if cell.value in found:
                    assert cell.data_type == "s", (sheet, cell.coordinate, cell.data_type)
                    assert cell.quotePrefix, (sheet, cell.coordinate)
                    found[cell.value] += 1  # type: ignore[index]
    assert all(n >= 2 for n in found.values()), found  # each in Events and in CCB indicators


def test_writer_never_turns_a_str_into_a_formula(tmp_path: Path) -> None:
    from redd_audit.workbook.model import Cell, DocProperties, SheetSpec, WorkbookSpec

    texts = [*INJECTIONS, "\tx", "\r=1", "=1+1", "bad\x01char"]
    spec = WorkbookSpec(
        kind="quality",
        sheets=[
            SheetSpec(
                "S", rows=[[Cell(t, "input") for t in texts], [Cell(Formula("=1+1"), "formula")]]
            )
        ],
        names=[],
        properties=DocProperties("t", "s", dt.datetime(2020, 1, 1)),
    )
    write_workbook(spec, tmp_path / "s.xlsx")
    ws = load_workbook(tmp_path / "s.xlsx")["S"]
    row = [c for c in ws[1]]
    assert [c.data_type for c in row] == ["s"] * len(texts)
    assert [c.value for c in row[:-1]] == texts[:-1]
    assert row[-1].value == "bad\\x01char"
    assert ws["A2"].data_type == "f"

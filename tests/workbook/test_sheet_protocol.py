"""redd_audit.workbook.sheet_protocol: members openpyxl's write-only sheet has."""

from __future__ import annotations

import typing

from openpyxl import Workbook

from redd_audit.workbook import sheet_protocol
from redd_audit.workbook.sheet_protocol import WriteOnlySheet


def _members(protocol: type) -> set[str]:
    names = set(typing.get_type_hints(protocol, vars(sheet_protocol)))
    names |= {n for n, v in vars(protocol).items() if callable(v) and not n.startswith("__")}
    return names


def test_write_only_sheet_has_every_protocol_member() -> None:
    ws = Workbook(write_only=True).create_sheet("S")
    members = _members(WriteOnlySheet)
    assert {"page_setup", "print_area", "merged_cells", "append", "_tables"} <= members
    missing = [m for m in members if not hasattr(ws, m)]
    assert not missing


def test_nested_protocol_members_exist() -> None:
    ws = Workbook(write_only=True).create_sheet("S")
    for attr in ("top", "bottom", "header", "footer", "left", "right"):
        assert isinstance(getattr(ws.page_margins, attr), float)
    for attr in ("orientation", "paperSize", "fitToWidth", "fitToHeight"):
        assert hasattr(ws.page_setup, attr)
    assert hasattr(ws.oddHeader.left, "text") and hasattr(ws.oddFooter.right, "text")
    assert hasattr(ws.row_dimensions[3], "height")
    assert sheet_protocol.__all__ == ["WriteOnlySheet"]

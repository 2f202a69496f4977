"""redd_audit.tables.text_files: size, encoding and line endings of text inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from redd_audit.errors import InputError
from redd_audit.tables.text_files import (
    UTF8_BOM,
    bare_cr_line,
    check_encoding,
    check_line_endings,
    check_size,
    strip_bom,
)


def test_strip_bom() -> None:
    assert strip_bom(UTF8_BOM + b"a,b\n") == (b"a,b\n", True)
    assert strip_bom(b"a,b\n") == (b"a,b\n", False)


def test_size_limit_names_both_sizes(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"x" * 2001)
    assert check_size(path, "x.csv", 2001, "CSV") == 2001
    with pytest.raises(
        InputError, match=r"the file is 2,001 bytes; the limit for CSV files is 2,000"
    ):
        check_size(path, "x.csv", 2000, "CSV")


@pytest.mark.parametrize(
    ("data", "hint"),
    [
        ("a,b\n".encode("utf-16"), "looks like UTF-16"),
        (b"PK\x03\x04rest", "zip archive"),
        (b"\xd0\xcf\x11\xe0rest", "legacy .xls workbook"),
        (b"a,b\n" * 50 + b"c\x00d\n", "NUL byte at line 51"),
        ("caf\u00e9,1\n".encode("cp1252"), "Latin-1/Windows-1252 (byte 0xe9 at line 1)"),
        (b"ok\n\x81\n", "not UTF-8 (byte 0x81 at line 2)"),
    ],
)
def test_encoding_refusals_give_a_hint(data: bytes, hint: str) -> None:
    with pytest.raises(InputError, match=hint.replace("(", r"\(").replace(")", r"\)")) as info:
        check_encoding(data, "t.csv")
    assert info.value.file == "t.csv"


def test_utf8_passes() -> None:
    check_encoding("zone,área\n".encode(), "t.csv")


def test_cr_only_line_endings_are_refused() -> None:
    with pytest.raises(InputError, match="CR-only"):
        check_line_endings(b"a,b\r1,2\r", "t.csv")
    check_line_endings(b"a,b\r\n1,2\r\n", "t.csv")
    check_line_endings(b"a,b\n1,2\r", "t.csv")


def test_bare_cr_line() -> None:
    assert bare_cr_line(b"a\r\nb\r\nc\rd\n") == 3
    assert bare_cr_line(b"a\r\nb\n") is None

"""Text files (CSV, GeoJSON): size limit, encoding and line endings.

Text must be UTF-8, with or without a byte-order mark (what Excel's "CSV UTF-8" writes); the
mark is removed and noted in the provenance. Anything else is refused with a hint about what
the file looks like (UTF-16, Latin-1, a zip archive, a legacy .xls workbook, NUL bytes).
"""

from __future__ import annotations

from pathlib import Path

from redd_audit.errors import InputError

UTF8_BOM = b"\xef\xbb\xbf"


def check_size(path: Path, file: str, limit: int, what: str) -> int:
    size = path.stat().st_size
    if size > limit:
        raise InputError(
            f"the file is {size:,} bytes; the limit for {what} files is {limit:,} bytes", file=file
        )
    return size


def strip_bom(data: bytes) -> tuple[bytes, bool]:
    """The bytes without a leading UTF-8 byte-order mark, and whether there was one."""
    if data.startswith(UTF8_BOM):
        return data[len(UTF8_BOM) :], True
    return data, False


def check_encoding(data: bytes, file: str) -> None:
    """Refuse anything but UTF-8 (the BOM already removed), with a hint about the file."""
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head.count(b"\x00") > len(head) // 10:
        raise InputError("the file looks like UTF-16; save it as UTF-8", file=file)
    if head.startswith(b"PK\x03\x04"):
        raise InputError(
            "the file looks like a zip archive (an .xlsx workbook?), not text", file=file
        )
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            "the file looks like a legacy .xls workbook, not text; save it as .xlsx or CSV",
            file=file,
        )
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise InputError(
            f"the file contains a NUL byte at line {line}; it is not a text file", file=file
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = f"byte 0x{data[exc.start]:02x} at line {line}"
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            raise InputError(f"not UTF-8 ({byte}); save it as UTF-8", file=file) from None
        raise InputError(
            f"not UTF-8; it looks like Latin-1/Windows-1252 ({byte}); save it as UTF-8",
            file=file,
        ) from None


def check_line_endings(data: bytes, file: str) -> None:
    """Refuse CR-only (classic Mac) line endings, which CSV readers cannot split reliably."""
    body = data.rstrip(b"\r")
    if b"\n" not in body and b"\r" in body:
        raise InputError(
            "the file uses CR-only (classic Mac) line endings; save it with LF or CRLF "
            "line endings (in Excel: 'CSV UTF-8'; in a text editor: Unix or Windows)",
            file=file,
        )


def bare_cr_line(data: bytes) -> int | None:
    """Line number of the first carriage return not followed by a line feed, if any."""
    position = 0
    while (position := data.find(b"\r", position)) >= 0:
        if data[position + 1 : position + 2] != b"\n":
            return data.count(b"\n", 0, position) + 1
        position += 1
    return None

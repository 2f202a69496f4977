"""Finishing the saved .xlsx package (pure: zip and XML bytes, no openpyxl): cached formula
values (:mod:`.cached_values`), fixed zip entry times and ``dcterms:modified``, so that the same
description always gives the same bytes."""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from redd_audit.workbook.cached_values import CacheReport, add_cached_values
from redd_audit.workbook.model import CompanionFile

_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def finish_package(
    path: Path, stamp: str, engine_values: Mapping[tuple[str, str], object] | None = None
) -> CacheReport:
    """Rewrite ``path`` in place: cached values in every formula cell, entries in their
    original order with a fixed time, ``dcterms:modified`` set to ``stamp``."""
    with zipfile.ZipFile(path) as z:
        names = [i.filename for i in z.infolist()]
        entries = {name: z.read(name) for name in names}
    report = add_cached_values(path, entries, engine_values)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name in names:
            data = entries[name]
            if name == "docProps/core.xml":
                data = _MODIFIED.sub(rb"\g<1>" + stamp.encode() + rb"\g<2>", data)
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            out.writestr(info, data, compresslevel=6)
    path.write_bytes(buffer.getvalue())
    return report


def atomic_write_bytes(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` through a temporary file and a rename."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(content)
    os.replace(tmp, path)


def write_companions(companions: Sequence[CompanionFile], folder: Path) -> list[Path]:
    """Write the companion CSV files into ``folder``; returns their paths."""
    written: list[Path] = []
    if companions:
        Path(folder).mkdir(parents=True, exist_ok=True)
    for c in companions:
        target = Path(folder) / c.name
        atomic_write_bytes(target, c.content)
        written.append(target)
    return written


__all__ = ["atomic_write_bytes", "finish_package", "write_companions"]

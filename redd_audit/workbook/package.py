"""Finishing the saved .xlsx package (pure: zip and XML bytes, no openpyxl): cached formula
values (:mod:`.cached_values`), column widths that make room for every value shown
(:func:`fit_columns`: no ``###``), fixed zip entry times and ``dcterms:modified``, so that the
same description always gives the same bytes."""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from redd_audit.workbook.cached_values import CacheReport, add_cached_values, sheet_parts
from redd_audit.workbook.model import CompanionFile
from redd_audit.workbook.own_process import in_own_process
from redd_audit.workbook.presentation import DEFAULT_WIDTH, fitted_widths

_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def finish_package(
    path: Path,
    stamp: str,
    engine_values: Mapping[tuple[str, str], object] | None = None,
    *,
    own_process: bool = True,
) -> CacheReport:
    """Rewrite ``path`` in place: cached values in every formula cell, entries in their
    original order with a fixed time, ``dcterms:modified`` set to ``stamp``. ``own_process``:
    the cached-value pass runs in a child process (:mod:`.own_process`), else here."""
    with zipfile.ZipFile(path) as z:
        names = [i.filename for i in z.infolist()]
        entries = {name: z.read(name) for name in names}
    if own_process:  # the GIL stays free for the calling process's other threads
        report = in_own_process(add_cached_values, path, entries, engine_values)
    else:
        report = add_cached_values(path, entries, engine_values)
    parts = sheet_parts(
        entries["xl/workbook.xml"].decode("utf-8"),
        entries["xl/_rels/workbook.xml.rels"].decode("utf-8"),
    )
    boolean_words(entries, [p for p in parts.values() if p in entries])
    for sheet, part in parts.items():
        if part in entries and sheet in report.shown:
            entries[part] = fit_columns(entries[part], report.shown[sheet])
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


_BOOLEAN_CELL = re.compile(rb'(<c r="[A-Z]+[0-9]+")(?: s="([0-9]+)")?( t="b">)')
_NUM_FMT_ID = re.compile(rb'numFmtId="([0-9]+)"')
_CELL_XFS = re.compile(rb'<cellXfs count="([0-9]+)">(.*?)</cellXfs>', re.S)
_XF = re.compile(rb"<xf [^>]*?/>|<xf [^>]*?[^/]>.*?</xf>", re.S)


def boolean_words(entries: dict[str, bytes], sheet_parts: Sequence[str]) -> None:
    """Every cell holding a boolean (a value or a formula's cached result, ``t="b"``) gets the
    General number format on top of its style (``entries`` rewritten in place).

    A boolean styled with a number format (``#,##0`` of a count column, say) prints as 1/0 in
    LibreOffice and is saved back as a number after a recalculation; under General it prints
    TRUE/FALSE and stays a boolean (checked with LibreOffice 7: PDF text and re-saved xlsx).
    Excel shows a boolean as TRUE/FALSE whatever the format.
    """
    styles_part = "xl/styles.xml"
    used = {
        int(m.group(2) or 0) for part in sheet_parts for m in _BOOLEAN_CELL.finditer(entries[part])
    }
    styles = entries.get(styles_part)
    xfs = _CELL_XFS.search(styles) if styles is not None else None
    if not used or styles is None or xfs is None:
        return
    xf_list = _XF.findall(xfs.group(2))
    remap: dict[int, int] = {}
    for index in sorted(used):
        if not _NUM_FMT_ID.search(xf_list[index]) or b'numFmtId="0"' in xf_list[index]:
            remap[index] = index  # already General
            continue
        xf = _NUM_FMT_ID.sub(b'numFmtId="0"', xf_list[index], count=1)
        remap[index] = len(xf_list)
        xf_list.append(xf)
    new_xfs = b'<cellXfs count="%d">' % len(xf_list) + b"".join(xf_list) + b"</cellXfs>"
    entries[styles_part] = styles[: xfs.start()] + new_xfs + styles[xfs.end() :]
    for part in sheet_parts:
        entries[part] = _BOOLEAN_CELL.sub(
            lambda m: m.group(1) + b' s="%d"' % remap[int(m.group(2) or 0)] + m.group(3),
            entries[part],
        )


_COLS = re.compile(rb"<cols>.*?</cols>", re.S)
_COL = re.compile(rb"<col ([^>]*?)/?>")
_ATTR = re.compile(rb'([A-Za-z]+)="([^"]*)"')


def fit_columns(sheet_xml: bytes, shown: Sequence[tuple[int, str]]) -> bytes:
    """The sheet XML with its ``<cols>`` widened where a shown value needs more room
    (:func:`~redd_audit.workbook.presentation.fitted_widths`); other column attributes kept."""
    found = _COLS.search(sheet_xml)
    cols: list[dict[bytes, bytes]] = []
    if found is not None:
        cols = [dict(_ATTR.findall(m.group(1))) for m in _COL.finditer(found.group(0))]
    widths: dict[int, float] = {}
    for col in cols:
        for c in range(int(col[b"min"]), int(col[b"max"]) + 1):
            widths[c] = float(col[b"width"]) if b"width" in col else DEFAULT_WIDTH
    fitted = fitted_widths(widths, shown)
    if fitted == widths:
        return sheet_xml
    for col in cols:
        span = range(int(col[b"min"]), int(col[b"max"]) + 1)
        width = max(fitted[c] for c in span)
        if width != max(widths[c] for c in span):
            col[b"width"], col[b"customWidth"] = f"{width:g}".encode(), b"1"
    for c in sorted(set(fitted) - set(widths)):
        text = f"{fitted[c]:g}".encode()
        cols.append({b"width": text, b"customWidth": b"1", b"min": b"%d" % c, b"max": b"%d" % c})
    cols.sort(key=lambda col: int(col[b"min"]))
    xml = (
        b"<cols>"
        + b"".join(
            b"<col " + b" ".join(k + b'="' + v + b'"' for k, v in col.items()) + b"/>"
            for col in cols
        )
        + b"</cols>"
    )
    if found is not None:
        return sheet_xml[: found.start()] + xml + sheet_xml[found.end() :]
    at = sheet_xml.find(b"<sheetData")
    return sheet_xml[:at] + xml + sheet_xml[at:]


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


__all__ = [
    "atomic_write_bytes",
    "boolean_words",
    "finish_package",
    "fit_columns",
    "write_companions",
]

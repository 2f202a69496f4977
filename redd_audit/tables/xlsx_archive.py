"""The ``.xlsx`` package, checked from its zip directory before a spreadsheet library opens it.

- Size: :data:`MAX_XLSX_UNCOMPRESSED_BYTES` for the sum of the uncompressed members and
  :data:`MAX_XLSX_COMPRESSION_RATIO` for any member (zip bombs).
- Hostile XML: every XML member is checked with defusedxml (DTDs, entity declarations and
  external references are refused).
- Sheets: the workbook's worksheets in order (name and zip member), the first one required.
- Formulas: cells of the first sheet holding a formula without a cached value (a file written
  by a program that does not calculate, never opened and saved in a spreadsheet) and the count
  of formula cells that have one.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError, iterparse

from redd_audit.errors import InputError
from redd_audit.tables.raw import visible

#: Largest total of the uncompressed sizes of an ``.xlsx`` file's zip members: 1 GiB.
MAX_XLSX_UNCOMPRESSED_BYTES = 1024**3
#: Largest uncompressed/compressed size ratio of any ``.xlsx`` zip member (zip-bomb guard).
MAX_XLSX_COMPRESSION_RATIO = 200
#: XML members up to this size are parsed whole with defusedxml; larger ones (big sheets) only
#: up to their root element, which is where a DTD or entity declaration would have to be.
XML_FULL_PARSE_MAX_BYTES = 8 * 1024**2
_CHUNK_BYTES = 1024**2
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")


@dataclass(frozen=True)
class Sheets:
    """Worksheets of a workbook in order: ``names[i]`` is stored in zip member ``members[i]``."""

    names: list[str]
    members: list[str]


class _RootReached(Exception):
    """Raised by the prolog check once the root element starts: no DTD can follow."""


class _StopAtRoot:
    def start(self, tag: str, attrib: dict[str, str]) -> None:
        raise _RootReached

    def end(self, tag: str) -> None:
        """Nothing to do."""

    def data(self, data: str) -> None:
        """Nothing to do."""

    def close(self) -> None:
        """Nothing to do."""


def _check_xml_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    import defusedxml.ElementTree as safe_xml

    flags = {"forbid_dtd": True, "forbid_entities": True, "forbid_external": True}
    if info.file_size <= XML_FULL_PARSE_MAX_BYTES:
        safe_xml.fromstring(archive.read(info), **flags)
        return
    parser = safe_xml.DefusedXMLParser(target=_StopAtRoot(), **flags)
    with archive.open(info) as stream:
        try:
            while chunk := stream.read(_CHUNK_BYTES):
                parser.feed(chunk)
            parser.close()
        except _RootReached:
            return


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attribute(element: Any, name: str) -> str | None:
    for key, value in element.attrib.items():
        if _local(key) == name:
            return str(value)
    return None


def _part_path(base: str, target: str) -> str:
    """Zip member named by a relationship target, relative to the part ``base``."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, member) of a package part (an empty dict when it has none)."""
    import defusedxml.ElementTree as safe_xml

    rels = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    if rels not in archive.namelist():
        return {}
    root = safe_xml.fromstring(archive.read(rels), forbid_dtd=True)
    found: dict[str, tuple[str, str]] = {}
    for element in root:
        target = element.get("Target")
        if _local(element.tag) == "Relationship" and target is not None:
            found[element.get("Id", "")] = (element.get("Type", ""), _part_path(part, target))
    return found


def _refuse_hidden(first: Any, sheets: list[Any], file: str) -> None:
    """A first sheet the spreadsheet does not show (``hidden`` or ``veryHidden``) is refused: the
    table read would not be the one its author sees."""
    state = first.get("state") or "visible"
    if state == "visible":
        return
    shown = next(
        (s.get("name") for s in sheets if (s.get("state") or "visible") == "visible"), None
    )
    what = (
        "very hidden (it cannot be unhidden from the spreadsheet's menus)"
        if state == "veryHidden"
        else "hidden"
    )
    seen = f"; the first visible sheet is {visible(shown)}" if shown else ""
    raise InputError(
        f"the first sheet {visible(first.get('name') or '')} is {what}{seen}. The table is read "
        "from the first sheet: delete the hidden sheet or move the table's sheet to the front",
        file=file,
    )


def _sheets(archive: zipfile.ZipFile, file: str) -> Sheets:
    """The workbook's worksheets, refusing a workbook whose first sheet is missing."""
    import defusedxml.ElementTree as safe_xml

    workbook_part = "xl/workbook.xml"
    for kind, member in _relationships(archive, "").values():
        if kind.endswith("/officeDocument"):
            workbook_part = member
    names = set(archive.namelist())
    if workbook_part not in names:
        raise InputError(f"not a valid .xlsx file: {workbook_part} is missing", file=file)
    root = safe_xml.fromstring(archive.read(workbook_part), forbid_dtd=True)
    sheets = [e for e in root.iter() if _local(e.tag) == "sheet"]
    if not sheets:
        raise InputError(
            "the workbook has no sheet; the table must be on the first sheet", file=file
        )
    relationships = _relationships(archive, workbook_part)
    found = Sheets([], [])
    for position, sheet in enumerate(sheets):
        name = sheet.get("name") or ""
        kind, member = relationships.get(_attribute(sheet, "id") or "", ("", ""))
        if position == 0:
            if not member or member not in names:
                raise InputError(
                    f"the first sheet {name!r} is missing from the file "
                    f"({member or 'no part'}); the table must be on the first sheet",
                    file=file,
                )
            if not kind.endswith("/worksheet"):
                raise InputError(
                    f"the first sheet {name!r} is not a worksheet (a chart sheet?); "
                    "the table must be on the first sheet",
                    file=file,
                )
            _refuse_hidden(sheet, sheets, file)
        if kind.endswith("/worksheet") and member in names:
            found.names.append(name)
            found.members.append(member)
    return found


def _has_formula_tag(archive: zipfile.ZipFile, member: str) -> bool:
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK_BYTES):
            if _FORMULA_TAG.search(tail + chunk):
                return True
            tail = chunk[-32:]
    return False


def formula_cells(archive: zipfile.ZipFile, member: str) -> tuple[list[str], int]:
    """Cells (``A1`` references) of a sheet holding a formula without a cached value, and the
    number of formula cells with one. The member has already passed the hostile-XML check."""
    if not _has_formula_tag(archive, member):
        return [], 0
    uncached: list[str] = []
    cached = 0
    with archive.open(member) as stream:
        for _, element in iterparse(stream, events=("end",)):
            if _local(element.tag) != "c":
                continue
            children = {_local(child.tag): child for child in element}
            if "f" in children:
                value = children.get("v")
                # an empty <v/> is a cached empty text only for a text-typed formula (t="str")
                if value is not None and (value.text or element.get("t") == "str"):
                    cached += 1
                else:
                    uncached.append(element.get("r") or "?")
            element.clear()
    return uncached, cached


def check_archive(path: Path, file: str) -> tuple[Sheets, list[str], int]:
    """Zip-bomb and hostile-XML checks, then the worksheets and the first sheet's formulas.

    Returns
    -------
    (Sheets, uncached formula cells of the first sheet, cached formula cells of it)
    """
    from defusedxml import DefusedXmlException

    with path.open("rb") as handle:
        magic = handle.read(8)
    if not magic.startswith(b"PK"):
        hint = ""
        if magic.startswith(b"\xd0\xcf\x11\xe0"):
            hint = "; it looks like a legacy .xls workbook: save it as .xlsx"
        raise InputError(f"not a valid .xlsx (zip) file{hint}", file=file)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            total = sum(info.file_size for info in infos)
            if total > MAX_XLSX_UNCOMPRESSED_BYTES:
                raise InputError(
                    f"refused: the spreadsheet expands to {total:,} bytes when uncompressed; "
                    f"the limit is {MAX_XLSX_UNCOMPRESSED_BYTES:,} (possible zip bomb)",
                    file=file,
                )
            for info in infos:
                if info.file_size and (
                    info.compress_size == 0
                    or info.file_size / info.compress_size > MAX_XLSX_COMPRESSION_RATIO
                ):
                    ratio = info.file_size / max(info.compress_size, 1)
                    raise InputError(
                        f"refused: member {info.filename} has a compression ratio of "
                        f"{ratio:,.0f}; the limit is {MAX_XLSX_COMPRESSION_RATIO} "
                        "(possible zip bomb)",
                        file=file,
                    )
            for info in infos:
                if not info.filename.endswith((".xml", ".rels")):
                    continue
                try:
                    _check_xml_member(archive, info)
                except DefusedXmlException:
                    raise InputError(
                        "refused: the spreadsheet contains an XML DTD or entity declaration "
                        f"(possible entity-expansion attack) in {info.filename}",
                        file=file,
                    ) from None
                except ParseError as exc:
                    raise InputError(
                        f"not a valid .xlsx file: malformed XML in {info.filename} ({exc})",
                        file=file,
                    ) from None
            sheets = _sheets(archive, file)
            uncached, cached = formula_cells(archive, sheets.members[0])
            return sheets, uncached, cached
    except InputError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError) as exc:
        raise InputError(f"not a valid .xlsx (zip) file ({exc})", file=file) from None
    except (RuntimeError, NotImplementedError) as exc:  # encrypted or unsupported members
        raise InputError(f"cannot read the .xlsx archive ({exc})", file=file) from None
    except (ParseError, ValueError) as exc:
        raise InputError(f"not a valid .xlsx file: {exc}", file=file) from None

"""Readers of the project folder's tables (contract.md section 2): the public entry points.

A table ``<name>`` is read from ``<name>.csv``, ``<name>.xlsx`` or, where the schema allows it,
``<name>.geojson`` in the project folder (:mod:`~redd_audit.tables.locate`); each format has
its reader (:mod:`~redd_audit.tables.csv_reader`, :mod:`~redd_audit.tables.xlsx_reader`,
:mod:`~redd_audit.tables.geojson_reader`) and all share the coercion of
:mod:`~redd_audit.tables.frame`. Each returns a :class:`LoadedTable` whose frame holds:

- the schema's columns, coerced: ``str`` -> pandas ``"string"`` (stripped, empty -> ``<NA>``;
  id columns NFC-normalised), ``float`` -> ``float64`` (empty -> NaN), ``int`` -> ``Int64``,
  ``date`` -> ``datetime64[ns]`` at midnight (ISO ``YYYY-MM-DD`` text, or real spreadsheet
  dates);
- the file's other columns as read (CSV: stripped text; XLSX/GeoJSON: cell/property values);
- for GeoJSON, ``area_source`` (``"attribute"`` or ``"geometry"``);
- :data:`~redd_audit.tables.schemas.ROW_COLUMN`, the record's row number as a spreadsheet shows
  it (header = row 1, first record = row 2; GeoJSON: feature index + 2).

Records whose every cell is empty (blank lines, rows of bare commas, empty spreadsheet rows) are
dropped (never GeoJSON features); the other records keep their row numbers. Anything that
cannot be read as specified raises :class:`~redd_audit.errors.InputError` naming the file, row,
record id and column, listing every unreadable value up to a cap (exit code 2); value rules
(ranges, sets, uniqueness) are left to the data-quality suites.

Size limits (module constants, checked before parsing): :data:`MAX_FILE_BYTES` (2 GiB) for CSV
and GeoJSON files; :data:`~redd_audit.tables.xlsx_reader.MAX_XLSX_BYTES` (200 MiB) for an
``.xlsx`` file, plus the zip-bomb and hostile-XML guards of
:mod:`~redd_audit.tables.xlsx_archive`.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pandas as pd

from redd_audit import progress
from redd_audit.errors import InputError
from redd_audit.project import Project
from redd_audit.tables import xlsx_reader
from redd_audit.tables.csv_reader import read_csv
from redd_audit.tables.frame import AREA_SOURCE_COLUMN, build_frame
from redd_audit.tables.geojson_reader import read_geojson
from redd_audit.tables.locate import check_overrides, locate, resolve_table_path
from redd_audit.tables.schemas import SCHEMAS, TableSchema
from redd_audit.tables.text_files import check_size

__all__ = [
    "AREA_SOURCE_COLUMN",
    "MAX_FILE_BYTES",
    "LoadedTable",
    "load_tables",
    "read_table",
    "resolve_table_path",
    "sha256_file",
]

logger = logging.getLogger(__name__)

#: Largest CSV or GeoJSON file read, in bytes (2 GiB).
MAX_FILE_BYTES = 2 * 1024**3
_CHUNK_BYTES = 1024**2


@dataclass(frozen=True)
class LoadedTable:
    """One table of the project folder, read and coerced to its schema.

    Attributes
    ----------
    name : str
        Table name, e.g. ``"deforestation_events"``.
    file : str
        Path relative to the project folder, POSIX style, e.g. ``"deforestation_events.csv"``.
    path : Path
        Absolute, resolved path of the file read.
    sha256 : str
        SHA-256 (hex) of the file's bytes.
    size_bytes : int
        Size of the file in bytes.
    rows : int
        Number of records read (fully empty records excluded).
    frame : pandas.DataFrame
        Schema columns (coerced), other columns, and ``_row`` (see the module docstring).
    bom : bool
        The (CSV/GeoJSON) file started with a UTF-8 byte-order mark, removed before reading.
    formula_cells : int
        XLSX: formula cells read as the value the spreadsheet cached (0 for other formats).
    """

    name: str
    file: str
    path: Path
    sha256: str
    size_bytes: int
    rows: int
    frame: pd.DataFrame
    bom: bool = False
    formula_cells: int = 0


def sha256_file(path: Path) -> str:
    """SHA-256 (hex) of a file's bytes, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def read_table(project_dir: Path, project: Project, schema: TableSchema) -> LoadedTable | None:
    """Read one table of the project folder and coerce it to its schema.

    Parameters
    ----------
    project_dir : Path
        The project folder.
    project : Project
        The project definition (``project.tables`` may override the file name).
    schema : TableSchema
        The table's schema.

    Returns
    -------
    LoadedTable or None
        None when an optional table has no file.

    Raises
    ------
    InputError
        The file cannot be located, read or coerced (see the module docstring).
    """
    located = locate(project_dir, project, schema.name)
    if located is None:
        return None
    path, file = located
    started = time.perf_counter()
    suffix = PurePosixPath(file).suffix.lower()
    try:
        if suffix == ".xlsx":
            size = check_size(path, file, xlsx_reader.MAX_XLSX_BYTES, ".xlsx")
            digest = sha256_file(path)
            raw = xlsx_reader.read_xlsx(path, schema, file)
        elif suffix in (".csv", ".geojson"):
            check_size(path, file, MAX_FILE_BYTES, suffix)
            data = path.read_bytes()
            size = len(data)
            digest = hashlib.sha256(data).hexdigest()
            reader = read_csv if suffix == ".csv" else read_geojson
            raw = reader(data, schema, file)
            del data
        else:
            raise InputError(f"unsupported file type {suffix!r}", file=file)
    except (IsADirectoryError, PermissionError) as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", file=file) from None
    frame = build_frame(schema, raw, file)
    logger.debug("read %s: %d rows in %.2f s", file, len(frame), time.perf_counter() - started)
    return LoadedTable(
        name=schema.name,
        file=file,
        path=path,
        sha256=digest,
        size_bytes=size,
        rows=len(frame),
        frame=frame,
        bom=bool(raw.notes.get("bom", False)),
        formula_cells=int(raw.notes.get("formula_cells", 0)),
    )


def load_tables(project_dir: Path, project: Project) -> dict[str, LoadedTable]:
    """Read every table of :data:`~redd_audit.tables.schemas.SCHEMAS` that is present.

    Required tables must be present; optional ones are left out when absent. The result keeps
    the order of ``SCHEMAS``.

    Raises
    ------
    InputError
        A ``tables`` setting names an unknown table, or a table cannot be read.
    """
    check_overrides(project)
    tables: dict[str, LoadedTable] = {}
    for index, schema in enumerate(SCHEMAS.values()):
        progress.report("collect", index / len(SCHEMAS), schema.name)
        loaded = read_table(project_dir, project, schema)
        if loaded is not None:
            tables[schema.name] = loaded
    return tables

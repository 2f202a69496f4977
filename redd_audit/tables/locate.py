"""Locating a table's file in the project folder (contract.md section 2).

A table ``<name>`` is ``<name>.csv``, ``<name>.xlsx`` or, where the schema allows it,
``<name>.geojson`` in the project folder; the ``tables`` setting of ``project.yaml`` may name
another file inside the folder. Paths that leave the folder (``..``, absolute paths, symbolic
links leading outside) and symbolic links that loop are refused (exit code 2).
"""

from __future__ import annotations

import posixpath
from pathlib import Path, PurePosixPath, PureWindowsPath

from redd_audit.errors import InputError
from redd_audit.project import Project
from redd_audit.tables.schemas import SCHEMAS, TableSchema


def suffixes(schema: TableSchema) -> tuple[str, ...]:
    return (".csv", ".xlsx", ".geojson") if schema.geojson_allowed else (".csv", ".xlsx")


def check_overrides(project: Project) -> None:
    for key in project.tables:
        if key not in SCHEMAS:
            raise InputError(
                f"setting 'tables.{key}': unknown table; known tables: {', '.join(SCHEMAS)}",
                file="project.yaml",
            )


def _inside(path: Path, root: Path) -> bool:
    return path == root or path.is_relative_to(root)


def _resolve(path: Path, file: str, setting: str | None = None) -> Path:
    """``path.resolve()``, refusing a symbolic link that loops (exit 2, not an internal error)."""
    try:
        return path.resolve(strict=False)
    except (RuntimeError, OSError) as exc:  # Python < 3.13 raises RuntimeError on a loop
        what = f"{setting}: the file" if setting else "the file"
        raise InputError(
            f"{what} is a symbolic link that loops (it leads back to itself) or cannot be "
            f"followed ({type(exc).__name__}); replace the link with the file",
            file="project.yaml" if setting else file,
        ) from None


def _regular(resolved: Path, file: str, what: str, *, setting_file: bool) -> None:
    try:
        regular = resolved.is_file()
    except OSError:
        regular = False
    if not regular:
        raise InputError(
            f"{what}: not a regular file (a folder, a broken or looping symbolic link?)",
            file="project.yaml" if setting_file else file,
        )


def _override(root: Path, schema: TableSchema, given: str) -> tuple[Path, str]:
    setting = f"setting 'tables.{schema.name}' = {given!r}"
    text = given.strip().replace("\\", "/")
    if not text:
        raise InputError(f"{setting}: expected a file path", file="project.yaml")
    windows = PureWindowsPath(given)
    if PurePosixPath(text).is_absolute() or windows.is_absolute() or windows.drive:
        raise InputError(
            f"{setting}: must be a path relative to the project folder, not an absolute path",
            file="project.yaml",
        )
    relative = posixpath.normpath(text)
    resolved = _resolve(root / text, relative, setting)
    if not _inside(resolved, root):
        raise InputError(
            f"{setting}: resolves outside the project folder ({resolved}); refused",
            file="project.yaml",
        )
    suffix = PurePosixPath(relative).suffix.lower()
    allowed = suffixes(schema)
    if suffix not in allowed:
        raise InputError(
            f"{setting}: unsupported file type {suffix or '(none)'!r}; "
            f"use one of {', '.join(allowed)}",
            file="project.yaml",
        )
    if not (root / text).is_symlink() and not resolved.exists():
        raise InputError(f"{setting}: file not found in the project folder", file="project.yaml")
    _regular(resolved, relative, setting, setting_file=True)
    return resolved, relative


def locate(project_dir: Path, project: Project, table: str) -> tuple[Path, str] | None:
    """Resolved path and relative POSIX name of a table's file, or None when absent."""
    schema = SCHEMAS.get(table)
    if schema is None:
        raise InputError(f"unknown table {table!r}; known tables: {', '.join(SCHEMAS)}")
    check_overrides(project)
    root = project_dir.resolve()
    if table in project.tables:
        return _override(root, schema, project.tables[table])
    candidates = [f"{table}{suffix}" for suffix in suffixes(schema)]
    present = [name for name in candidates if (root / name).is_symlink() or (root / name).exists()]
    if len(present) > 1:
        raise InputError(
            f"table '{table}' is given by more than one file: {' and '.join(present)}; "
            f"keep one, or choose one with the setting 'tables.{table}' in project.yaml"
        )
    if not present:
        fixed = table == "baseline_exante" and project.accounting.baseline.source == "fixed_table"
        if schema.optional or fixed:  # fixed from the PD: the ex-ante table is optional (8.4)
            return None
        raise InputError(
            f"required table '{table}' is missing; expected one of {', '.join(candidates)} "
            f"in the project folder {project_dir}"
        )
    name = present[0]
    resolved = _resolve(root / name, name)
    if not _inside(resolved, root):
        raise InputError(
            f"the file is a symbolic link that resolves outside the project folder "
            f"({resolved}); refused",
            file=name,
        )
    _regular(resolved, name, "the table's file", setting_file=False)
    return resolved, name


def resolve_table_path(project_dir: Path, project: Project, table: str) -> Path | None:
    """Absolute resolved path of a table's file, or None when an optional table is absent.

    Parameters
    ----------
    project_dir : Path
        The project folder.
    project : Project
        The project definition; ``project.tables`` overrides the default file names.
    table : str
        A table name from :data:`~redd_audit.tables.schemas.SCHEMAS`.

    Raises
    ------
    InputError
        Unknown table; two candidate files; a required table missing; an override that is
        absolute, resolves outside the folder, has an unsupported suffix or does not exist; a
        default file that is a symbolic link leading outside the folder or looping.
    """
    located = locate(project_dir, project, table)
    return None if located is None else located[0]

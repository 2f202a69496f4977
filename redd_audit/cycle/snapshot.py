"""A lossless snapshot of the inputs a run used (contract 5.1): byte copies of every input file
and of ``project.yaml`` under ``inputs/`` in the output folder, listed with their SHA-256.

Later revisions re-read these copies to compare the tables record by record.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from redd_audit.errors import InputError

SNAPSHOT_DIR = "inputs"
PROJECT_FILE = "project.yaml"


@dataclass(frozen=True)
class SnapshotSource:
    """One input file to keep: its table (``None`` for project.yaml), its path relative to the
    project folder (POSIX) and the SHA-256 it had when it was read."""

    table: str | None
    file: str
    sha256: str


def snapshot_path(file: str) -> str:
    """Where ``file`` (relative to the project folder) is kept inside the output folder.

    Refuses absolute paths and ``..`` so that a snapshot never writes outside the folder.
    """
    parts = PurePosixPath(file).parts
    if not parts or PurePosixPath(file).is_absolute() or ".." in parts:
        raise InputError(f"input file {file!r} lies outside the project folder", file=file)
    return PurePosixPath(SNAPSHOT_DIR, *parts).as_posix()


def write_snapshot(
    project_dir: Path, sources: Iterable[SnapshotSource], output_dir: Path
) -> list[dict[str, object]]:
    """Copy every source byte for byte into ``output_dir/inputs/`` and list the copies.

    Returns ``[{"table", "file", "snapshot", "sha256", "size_bytes"}]`` in the given order.

    Raises
    ------
    InputError
        A file changed between reading and copying (its SHA-256 no longer matches).
    """
    listed: list[dict[str, object]] = []
    for source in sources:
        data = (Path(project_dir) / source.file).read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest != source.sha256:
            raise InputError(
                "the file changed while the run was using it; run again", file=source.file
            )
        rel = snapshot_path(source.file)
        target = Path(output_dir) / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        listed.append(
            {
                "table": source.table,
                "file": source.file,
                "snapshot": rel,
                "sha256": digest,
                "size_bytes": len(data),
            }
        )
    return listed

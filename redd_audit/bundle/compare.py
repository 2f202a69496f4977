"""The comparison of ``verify --recompute`` (contract 9.3, check 6): the outputs of a re-run from
the ``inputs/`` snapshot against the folder's, byte for byte.

Every file of the original manifest (and ``manifest.json`` itself) must exist in the re-run
with the same bytes, and the re-run may write no file the original lacks. Two exceptions:

* ``bundle.intoto.jsonl`` is compared by its payload (the statement); signatures are not
  compared, since the verifier re-running the audit does not hold the signer's key.
* Files that embed the time of the run (:data:`TIMED_FILES`, ``fnmatch`` patterns) are listed
  as excepted, not compared. The run pins every time it would otherwise write (Data Docs build
  times and UUIDs, workbook dates), so the list is empty today; it exists so that an exception,
  if one is ever needed, is named and reported instead of silently skipped.
"""

from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass, field
from pathlib import Path

from redd_audit.bundle.dsse import EnvelopeError
from redd_audit.bundle.statement import BUNDLE_FILE, MANIFEST_FILE, manifest_files, read_envelope
from redd_audit.cycle.revisions import REVISIONS_DIR

#: ``fnmatch`` patterns of files (relative to the period folder) that embed the run's time.
TIMED_FILES: tuple[str, ...] = ()


@dataclass
class Comparison:
    differing: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    excepted: list[str] = field(default_factory=list)
    compared: int = 0

    @property
    def equal(self) -> bool:
        return not (self.differing or self.missing or self.extra)


def _files(folder: Path) -> set[str]:
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and not p.relative_to(folder).as_posix().startswith(REVISIONS_DIR + "/")
    }


def _payload(folder: Path) -> bytes | None:
    try:
        return read_envelope(folder).payload
    except (OSError, UnicodeDecodeError, EnvelopeError):
        return None


def compare_outputs(
    original: Path, recomputed: Path, timed: tuple[str, ...] = TIMED_FILES
) -> Comparison:
    """Compare the run in ``recomputed`` with the one in ``original`` (both period folders)."""
    original, recomputed = Path(original), Path(recomputed)
    result = Comparison()
    listed = set(manifest_files(json.loads((original / MANIFEST_FILE).read_text("utf-8"))))
    listed.add(MANIFEST_FILE)
    for name in sorted(listed):
        if any(fnmatch.fnmatchcase(name, pattern) for pattern in timed):
            result.excepted.append(name)
            continue
        theirs = recomputed / name
        if not theirs.is_file():
            result.missing.append(name)
        elif theirs.read_bytes() != (original / name).read_bytes():
            result.differing.append(name)
        result.compared += 1
    mine = _payload(original)
    if mine is None or _payload(recomputed) != mine:
        result.differing.append(BUNDLE_FILE)
    result.compared += 1
    result.extra = sorted(_files(recomputed) - listed - {BUNDLE_FILE})
    return result

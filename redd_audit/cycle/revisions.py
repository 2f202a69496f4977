"""Revisions of one period's outputs (contract 5.1): nothing is ever overwritten or lost.

A run whose output folder already holds outputs keeps them, unchanged, in
``revisions/<NNN>/`` of the new folder (``001`` the first run, ``002`` the second ...). The new
run's ``summary.json`` carries ``revision``: its number, the reason given, the previous revision
(number and SHA-256 of its summary.json) and the changes against it: changed input files,
figures per vintage and quantity, and changed records (:mod:`redd_audit.cycle.record_diff`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from redd_audit.errors import InputError

REVISIONS_DIR = "revisions"
#: A validate run's own folder inside the period folder (its own revisions there): never an
#: audit's output, never moved by an audit (contract 5.1).
VALIDATION_DIR = "validation"
#: What a period folder holds besides the current outputs: carried over as it is.
_KEPT_AS_IS = (REVISIONS_DIR, VALIDATION_DIR)
#: The quantities whose change per vintage a revision reports (contract 5.1).
FIGURE_QUANTITIES = ("baseline_tco2e", "project_tco2e", "leakage_tco2e", "buffer_tco2e", "vcus")
_NUMBER = re.compile(r"^\d{3,}$")


@dataclass(frozen=True)
class ArchivedRevision:
    """The outputs of the previous run, as kept in ``revisions/<NNN>/`` of the new folder."""

    number: int
    folder: Path
    summary: dict[str, object] | None
    summary_sha256: str | None


def revision_folder_name(number: int) -> str:
    """``1`` -> ``"001"``."""
    return f"{number:03d}"


def existing_numbers(folder: Path) -> list[int]:
    """Numbers of the revisions already kept in ``folder/revisions/``."""
    root = Path(folder) / REVISIONS_DIR
    if not root.is_dir():
        return []
    return sorted(int(p.name) for p in root.iterdir() if p.is_dir() and _NUMBER.match(p.name))


def _is_output(path: Path) -> bool:
    """Not ``revisions/``, ``validation/`` or a hidden staging folder of a validate run."""
    return path.name not in _KEPT_AS_IS and not path.name.startswith(".")


def holds_outputs(folder: Path) -> bool:
    """True when ``folder`` holds outputs besides its ``revisions/`` and ``validation/``."""
    folder = Path(folder)
    return folder.is_dir() and any(_is_output(p) for p in folder.iterdir())


def _read_summary(path: Path) -> tuple[dict[str, object] | None, str | None]:
    if not path.is_file():
        return None, None
    data = path.read_bytes()
    try:
        parsed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        parsed = None
    return (parsed if isinstance(parsed, dict) else None), hashlib.sha256(data).hexdigest()


def _link_or_copy(src: str, dst: str) -> None:
    """Hard-link (same bytes, no copy) when the file system allows it, else copy."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _refuse_impostor(path: Path) -> None:
    """``revisions/`` or ``validation/`` that is a file or a symbolic link would be dropped or
    followed out of the output folder when the period folder is replaced: refused (exit 2)."""
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        what = "a symbolic link" if path.is_symlink() else "a file"
        raise InputError(
            f"{path} is {what}, not a folder of this tool; move it out of the period folder "
            "(nothing was changed)"
        )


def carry_revisions(
    final_dir: Path, staging_dir: Path, summary_file: str
) -> ArchivedRevision | None:
    """Put the earlier revisions and the current outputs of ``final_dir`` into ``staging_dir``.

    ``final_dir/revisions/*`` and ``final_dir/validation/`` (a validate run's own folder) are
    carried over as they are; every other visible entry of ``final_dir`` goes,
    unchanged, to ``staging_dir/revisions/<NNN>/`` where ``NNN`` is one more than the highest
    kept revision (what a run records in its summary.json; a tampered or missing number there
    does not break the contiguous numbering).
    ``final_dir`` itself is not touched: it is replaced when the staging folder is published.

    Returns the archived revision, or None when ``final_dir`` holds no outputs.
    """
    final_dir, staging_dir = Path(final_dir), Path(staging_dir)
    if not final_dir.is_dir():
        return None
    for name in _KEPT_AS_IS:
        _refuse_impostor(final_dir / name)
    for name in _KEPT_AS_IS:
        kept = final_dir / name
        if kept.is_dir():
            shutil.copytree(kept, staging_dir / name, symlinks=True, copy_function=_link_or_copy)
    if not holds_outputs(final_dir):
        return None
    summary, digest = _read_summary(final_dir / summary_file)
    taken = existing_numbers(final_dir)
    # the current outputs follow the kept revisions: a recorded number that does not (edited,
    # or a revisions/ folder removed by hand) would break the contiguous numbering
    number = max(taken, default=0) + 1
    target = staging_dir / REVISIONS_DIR / revision_folder_name(number)
    target.mkdir(parents=True)
    for item in sorted(final_dir.iterdir()):
        if not _is_output(item):
            continue
        if item.is_symlink():  # kept as a link, never followed out of the folder
            os.symlink(os.readlink(item), target / item.name)
        elif item.is_dir():
            shutil.copytree(item, target / item.name, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(str(item), str(target / item.name))
    return ArchivedRevision(number, target, summary, digest)


def next_revision_number(final_dir: Path, archived: ArchivedRevision | None) -> int:
    """The number of the run being written: one more than the highest kept revision."""
    numbers = existing_numbers(final_dir)
    if archived is not None:
        numbers.append(archived.number)
    return max(numbers, default=0) + 1


def input_changes(
    previous: list[dict[str, object]], current: list[dict[str, object]]
) -> list[dict[str, object]]:
    """Input files whose SHA-256 differs: ``[{"file", "previous_sha256", "sha256"}]``.

    A file only on one side has ``None`` on the other. Order: current files, then removed ones.
    """
    before = {str(i["file"]): i.get("sha256") for i in previous}
    after = {str(i["file"]): i.get("sha256") for i in current}
    changes = [
        {"file": f, "previous_sha256": before.get(f), "sha256": sha}
        for f, sha in after.items()
        if before.get(f) != sha
    ]
    changes += [
        {"file": f, "previous_sha256": sha, "sha256": None}
        for f, sha in before.items()
        if f not in after
    ]
    return changes


def _number(value: object) -> float | int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def figure_difference(previous: float | None, current: float | None) -> float | None:
    """``current − previous``; None when either figure is missing (gate failed)."""
    if previous is None or current is None:
        return None
    return current - previous


def figure_changes(
    previous_vintages: Sequence[Mapping[str, object]],
    current_vintages: Sequence[Mapping[str, object]],
) -> list[dict[str, object]]:
    """Per vintage and quantity: ``{"vintage", "quantity", "previous", "current", "difference"}``.

    Every vintage of either revision is listed with every quantity of
    :data:`FIGURE_QUANTITIES` (unchanged ones with difference 0), so that the differences of a
    quantity sum to the difference of its period totals.
    """

    def by_vintage(rows: Sequence[Mapping[str, object]]) -> dict[int, Mapping[str, object]]:
        out: dict[int, Mapping[str, object]] = {}
        for row in rows or []:
            vintage = row.get("vintage") if isinstance(row, dict) else None
            if isinstance(vintage, int):
                out[int(vintage)] = row
        return out

    before, after = by_vintage(previous_vintages), by_vintage(current_vintages)
    changes = []
    for vintage in sorted(set(before) | set(after)):
        for quantity in FIGURE_QUANTITIES:
            old = _number(before.get(vintage, {}).get(quantity))
            new = _number(after.get(vintage, {}).get(quantity))
            if vintage in before and vintage not in after and new is None and after:
                new = 0
            if vintage in after and vintage not in before and old is None and before:
                old = 0
            changes.append(
                {
                    "vintage": vintage,
                    "quantity": quantity,
                    "previous": old,
                    "current": new,
                    "difference": figure_difference(old, new),
                }
            )
    return changes


def revision_record(
    *,
    number: int,
    reason: str | None,
    archived: ArchivedRevision | None,
    inputs: list[dict[str, object]],
    figures: list[dict[str, object]],
    records: list[dict[str, object]],
) -> dict[str, object]:
    """summary.json ``revision`` (contract 5.1). The first revision has no previous one and
    empty changes."""
    previous = (
        {"number": archived.number, "summary_sha256": archived.summary_sha256}
        if archived is not None
        else None
    )
    return {
        "number": number,
        "reason": reason,
        "previous": previous,
        "changes": {"inputs": inputs, "figures": figures, "records": records},
    }

"""A sample plan fixed across the revisions of one period (contract 5.9).

The evidence sample's seed is chosen in this order:

* ``cli``: ``--sample-seed N`` was given;
* ``previous_revision``: the period folder holds earlier outputs; the seed of the first
  revision that drew a sample is reused, so that correcting a few event rows does not redraw
  the sample;
* ``events_sha256``: otherwise ``int(sha256(deforestation events file)[:8], 16)``
  (``0`` without an events file).

``sampling.changes`` compares the selection with the previous revision's: the event ids kept,
dropped (selected before, not now) and added (selected now, not before).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from redd_audit.cycle.revisions import REVISIONS_DIR, existing_numbers, revision_folder_name
from redd_audit.sampling.monetary_unit import default_seed

SUMMARY_FILE = "summary.json"
#: seed_source -> what it means (shown on the Evidence sample sheet).
SEED_SOURCES = {
    "cli": "--sample-seed given on the command line",
    "previous_revision": "reused from the period's first revision (a fixed sample plan)",
    "events_sha256": "first 8 hex digits of the deforestation events file's SHA-256",
}


@dataclass(frozen=True)
class PreviousPlan:
    """The sample plan of the period's earlier outputs: the first revision's seed and the
    selection of the latest one (the revision the new run compares with)."""

    seed: int | None
    seed_revision: int | None
    selected: list[str] | None
    selected_revision: int | None


@dataclass(frozen=True)
class SeedChoice:
    seed: int
    source: str
    revision: int | None = None


def _read(path: Path) -> dict[str, object] | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _sampling(summary: dict[str, object] | None) -> dict[str, object] | None:
    entry = summary.get("sampling") if summary else None
    return entry if isinstance(entry, dict) else None


def _revision_number(summary: dict[str, object] | None) -> int | None:
    revision = summary.get("revision") if summary else None
    number = revision.get("number") if isinstance(revision, dict) else None
    return number if isinstance(number, int) and not isinstance(number, bool) else None


def previous_plan(period_folder: Path) -> PreviousPlan:
    """Read the sample plan of the earlier outputs in ``period_folder``.

    The summaries considered, oldest first: ``revisions/<NNN>/summary.json`` in number order,
    then the folder's own ``summary.json`` (the current revision, about to be kept). The seed is
    the first one that carries ``sampling.seed``; the selection is the last one's.
    """
    folder = Path(period_folder)
    summaries = [
        _read(folder / REVISIONS_DIR / revision_folder_name(n) / SUMMARY_FILE)
        for n in existing_numbers(folder)
    ]
    summaries.append(_read(folder / SUMMARY_FILE))
    present = [s for s in summaries if s is not None]
    seed: int | None = None
    seed_revision: int | None = None
    for summary in present:
        value = (_sampling(summary) or {}).get("seed")
        if isinstance(value, int) and not isinstance(value, bool):
            seed, seed_revision = value, _revision_number(summary)
            break
    last = present[-1] if present else None
    last_sampling = _sampling(last)
    selected = last_sampling.get("selected") if last_sampling else None
    return PreviousPlan(
        seed=seed,
        seed_revision=seed_revision,
        selected=[str(e) for e in selected] if isinstance(selected, list) else None,
        selected_revision=_revision_number(last) if last_sampling else None,
    )


def choose_seed(
    sample_seed: int | None, previous: PreviousPlan | None, events_sha256: str | None
) -> SeedChoice:
    """The seed and its ``seed_source`` (module docstring)."""
    if sample_seed is not None:
        return SeedChoice(int(sample_seed), "cli")
    if previous is not None and previous.seed is not None:
        return SeedChoice(previous.seed, "previous_revision", previous.seed_revision)
    return SeedChoice(default_seed(events_sha256) if events_sha256 else 0, "events_sha256")


def selection_changes(
    previous: Sequence[str] | None, current: Sequence[str], previous_revision: int | None = None
) -> dict[str, object] | None:
    """``{"previous_revision", "kept", "dropped", "added"}`` (ids in their sampling order:
    kept and added as now, dropped as before); None without a previous selection."""
    if previous is None:
        return None
    before, now = set(previous), set(current)
    return {
        "previous_revision": previous_revision,
        "kept": [e for e in current if e in before],
        "dropped": [e for e in previous if e not in now],
        "added": [e for e in current if e not in before],
    }

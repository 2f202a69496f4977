"""The sample plan fixed at the first revision (contract 5.9): seed source and changes."""

from __future__ import annotations

import json
from pathlib import Path

from redd_audit.sampling.plan import choose_seed, previous_plan, selection_changes

DIGEST = "00000abc" + "f" * 56


def _summary(folder: Path, number: int, seed: int | None, selected: list[str] | None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data: dict[str, object] = {"revision": {"number": number}, "status": "passed"}
    if seed is not None:
        data["sampling"] = {"seed": seed, "selected": selected}
    (folder / "summary.json").write_text(json.dumps(data), "utf-8")


def test_first_revision_fixes_the_seed_and_the_last_one_is_compared(tmp_path):
    period = tmp_path / "VCS-1" / "2021-01-01_2022-12-31"
    _summary(period / "revisions" / "001", 1, None, None)  # gate failed: no sample
    _summary(period / "revisions" / "002", 2, 111, ["E1", "E2", "E3"])
    _summary(period, 3, 111, ["E1", "E3", "E4"])  # the current revision, about to be kept
    plan = previous_plan(period)
    assert (plan.seed, plan.seed_revision) == (111, 2)
    assert (plan.selected, plan.selected_revision) == (["E1", "E3", "E4"], 3)
    choice = choose_seed(None, plan, DIGEST)
    assert (choice.seed, choice.source, choice.revision) == (111, "previous_revision", 2)
    assert choose_seed(42, plan, DIGEST).source == "cli"
    assert choose_seed(42, plan, DIGEST).seed == 42


def test_no_earlier_outputs_seed_from_the_events_file(tmp_path):
    plan = previous_plan(tmp_path / "nothing-here")
    assert plan.seed is None and plan.selected is None
    choice = choose_seed(None, plan, DIGEST)
    assert (choice.seed, choice.source) == (0xABC, "events_sha256")
    assert choose_seed(None, None, None).seed == 0


def test_unreadable_summary_is_skipped(tmp_path):
    (tmp_path / "summary.json").write_text("{not json", "utf-8")
    assert previous_plan(tmp_path).seed is None


def test_selection_changes_kept_dropped_added():
    changes = selection_changes(["E1", "E2", "E3"], ["E1", "E3", "E4", "E5"], 1)
    assert changes == {
        "previous_revision": 1,
        "kept": ["E1", "E3"],
        "dropped": ["E2"],
        "added": ["E4", "E5"],
    }
    assert selection_changes(None, ["E1"]) is None

"""The watcher (issue 24 item 6) against the session's Prefect server: fingerprints are kept
per folder (two folders of one project id do not trigger each other), and a folder still
being delivered (a file modified within the settle time) is not announced yet."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

import pytest

from flows.watch import check_folder, variable_name

pytestmark = pytest.mark.slow


def _project(folder: Path, project_id: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "project.yaml").write_text(f"id: {project_id}\n", "utf-8")
    (folder / "events.csv").write_text("event_id,area_ha\nE1,1.0\n", "utf-8")
    return folder


def _age(folder: Path, seconds: float) -> None:
    """Make every file of ``folder`` look modified ``seconds`` ago."""
    then = time.time() - seconds
    for path in folder.rglob("*"):
        os.utime(path, (then, then))


def test_two_folders_of_one_project_id_keep_their_own_fingerprints(prefect_api, tmp_path):
    project_id = f"W-{uuid.uuid4().hex[:8]}"
    a = _project(tmp_path / "a", project_id)
    b = _project(tmp_path / "b", project_id)
    (b / "events.csv").write_text("event_id,area_ha\nE1,2.0\n", "utf-8")  # other data
    assert variable_name(project_id, a) != variable_name(project_id, b)
    for folder in (a, b):
        assert check_folder(folder, "out", announce_new=False)["previous"] is None  # first seen
    for folder in (a, b):  # looking again: nothing changed in either (no cross-trigger)
        again = check_folder(folder, "out", announce_new=False)
        assert again["event"] is None and again["previous"] == again["fingerprint"]


def test_a_folder_still_being_delivered_is_announced_after_it_settles(prefect_api, tmp_path):
    folder = _project(tmp_path / "p", f"W-{uuid.uuid4().hex[:8]}")
    _age(folder, 600)
    assert check_folder(folder, "out", announce_new=False, settle_seconds=120)["event"] is None
    (folder / "events.csv").write_text("event_id,area_ha\nE1,1.0\nE2,", "utf-8")  # half copied
    half = check_folder(folder, "out", announce_new=False, settle_seconds=120)
    assert half["settling"] is True and half["event"] is None
    (folder / "events.csv").write_text("event_id,area_ha\nE1,1.0\nE2,3.0\n", "utf-8")
    _age(folder, 300)  # the delivery has settled
    done = check_folder(folder, "out", announce_new=False, settle_seconds=120)
    assert done["settling"] is False and done["event"] is not None

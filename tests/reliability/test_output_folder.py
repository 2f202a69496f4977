"""Class 1 of issue 21 (part): the period folder as history. A ``revisions`` or ``validation``
entry that is a file or a symbolic link is refused (it would be dropped or followed out of
--out when the folder is replaced); a symbolic link planted among the outputs is kept as a link
in the revision, never followed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from redd_audit.cycle.revisions import carry_revisions
from redd_audit.errors import InputError


@pytest.fixture
def period(tmp_path: Path) -> Path:
    folder = tmp_path / "out" / "P-1" / "2021-01-01_2021-12-31"
    folder.mkdir(parents=True)
    (folder / "summary.json").write_text(json.dumps({"revision": {"number": 1}}), "utf-8")
    (folder / "book.xlsx").write_bytes(b"x")
    return folder


@pytest.mark.parametrize("name", ["revisions", "validation"])
def test_a_file_in_place_of_a_kept_folder_is_refused_and_kept(
    period: Path, tmp_path: Path, name: str
) -> None:
    (period / name).write_text("mine", "utf-8")
    staging = tmp_path / "staging"
    staging.mkdir()
    with pytest.raises(InputError) as caught:
        carry_revisions(period, staging, "summary.json")
    assert name in str(caught.value) and "a file" in str(caught.value)
    assert (period / name).read_text("utf-8") == "mine"
    assert list(staging.iterdir()) == []


def test_a_symbolic_link_in_place_of_revisions_is_refused(period: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("s", "utf-8")
    (period / "revisions").symlink_to(outside)
    staging = tmp_path / "staging"
    staging.mkdir()
    with pytest.raises(InputError) as caught:
        carry_revisions(period, staging, "summary.json")
    assert "symbolic link" in str(caught.value)
    assert list(staging.iterdir()) == [] and (outside / "secret.txt").read_text("utf-8") == "s"


def test_a_planted_link_is_archived_as_a_link(period: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("outside", "utf-8")
    (period / "planted").symlink_to(outside)
    staging = tmp_path / "staging"
    staging.mkdir()
    archived = carry_revisions(period, staging, "summary.json")
    assert archived is not None
    kept = archived.folder / "planted"
    assert kept.is_symlink() and os.readlink(kept) == str(outside)
    assert (archived.folder / "book.xlsx").read_bytes() == b"x"
    assert outside.read_text("utf-8") == "outside"


@pytest.mark.parametrize("recorded", [999, 1, 0, -3, "2", None])
def test_a_tampered_revision_number_keeps_the_numbering_contiguous(
    period: Path, tmp_path: Path, recorded: object
) -> None:
    (period / "revisions" / "001").mkdir(parents=True)
    (period / "revisions" / "001" / "summary.json").write_text("{}", "utf-8")
    (period / "summary.json").write_text(json.dumps({"revision": {"number": recorded}}), "utf-8")
    staging = tmp_path / "staging"
    staging.mkdir()
    archived = carry_revisions(period, staging, "summary.json")
    assert archived is not None and archived.number == 2
    assert sorted(p.name for p in (staging / "revisions").iterdir()) == ["001", "002"]

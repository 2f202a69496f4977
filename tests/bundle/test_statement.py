"""redd_audit.bundle.statement: the in-toto statement of a run and its envelope."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from redd_audit.bundle.merkle import merkle_root
from redd_audit.bundle.statement import (
    BUNDLE_FILE,
    PREDICATE_TYPE,
    STATEMENT_TYPE,
    RunRecord,
    build_statement,
    bundle_record,
    canonical_json,
    envelope_of,
    manifest_files,
    previous_statement_sha256,
    read_envelope,
    sha256_hex,
    subjects,
)
from tests.bundle.synthetic import make_run, next_revision

RECORD = RunRecord("P-1", "2021-01-01", "2021-12-31", "r1", 2, "fix", {"id": "x"}, 7, {"a": "1"})


def test_canonical_json_is_compact_sorted_utf8() -> None:
    assert canonical_json({"b": 1, "a": "é"}) == '{"a":"é","b":1}'.encode()


def test_manifest_files_and_refusals() -> None:
    assert manifest_files({"outputs": [{"file": "a", "sha256": "1"}]}) == {"a": "1"}
    for bad, message in [
        ({}, "no outputs list"),
        ({"outputs": ["a"]}, "non-object"),
        ({"outputs": [{"file": "a"}]}, "without file or sha256"),
    ]:
        with pytest.raises(ValueError, match=message):
            manifest_files(bad)


def test_statement_of_a_run() -> None:
    files = {"b.csv": "22", "a.csv": "11"}
    statement = build_statement(files, RECORD, "prev")
    assert statement["_type"] == STATEMENT_TYPE and statement["predicateType"] == PREDICATE_TYPE
    assert (
        statement["subject"]
        == subjects(files)
        == [
            {"name": "a.csv", "digest": {"sha256": "11"}},
            {"name": "b.csv", "digest": {"sha256": "22"}},
        ]
    )
    predicate = statement["predicate"]
    assert predicate["period"] == {"start": "2021-01-01", "end": "2021-12-31"}
    assert predicate["seeds"] == {"evidence_sample": 7, "simulation": None}
    assert predicate["merkle_root"] == merkle_root(files.items())
    assert predicate["previous_statement_sha256"] == "prev"


def test_unsigned_envelope_and_record() -> None:
    envelope = envelope_of(b"{}", None)
    assert envelope.signatures == () and envelope.payload == b"{}"
    assert bundle_record(None) == {"signed": False, "keyid": None, "statement_sha256": None}


def test_written_bundle_covers_the_manifest_and_chains_revisions(tmp_path: Path) -> None:
    folder = make_run(tmp_path / "period")
    first = read_envelope(folder)
    statement = json.loads(first.payload)
    names = [s["name"] for s in statement["subject"]]
    assert "manifest.json" in names and BUNDLE_FILE not in names
    assert previous_statement_sha256(folder) is None
    next_revision(folder)
    assert previous_statement_sha256(folder) == sha256_hex(first.payload)
    second = json.loads(read_envelope(folder).payload)
    assert second["predicate"]["previous_statement_sha256"] == sha256_hex(first.payload)

"""verify checks 1-5 (contract 9.3) on synthetic period folders (tests/bundle/synthetic.py)."""

from __future__ import annotations

import base64
import json
import os
import shutil
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from redd_audit.bundle.compare import compare_outputs
from redd_audit.bundle.keys import SigningKey
from redd_audit.bundle.statement import BUNDLE_FILE, canonical_json, read_envelope, sha256_hex
from redd_audit.bundle.verify import verify_folder
from redd_audit.bundle.workbook_values import cached_name_values
from tests.bundle.synthetic import WORKBOOK, make_run, next_revision, sha, write_manifest

SIGNER = SigningKey(Ed25519PrivateKey.generate())
OTHER = SigningKey(Ed25519PrivateKey.generate())


def _failures(report) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in report.failures:
        out.setdefault(f.file, []).append(f.message)
    return out


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_run(tmp_path / "out" / "P-1" / "2021-01-01_2022-12-31")


@pytest.fixture
def signed(tmp_path: Path) -> Path:
    return make_run(tmp_path / "signed", signer=SIGNER)


def test_untouched_unsigned_folder_verifies_with_allow_unsigned(folder):
    report = verify_folder(folder, allow_unsigned=True)
    assert report.ok, report.failures
    assert report.statement_sha256 == sha256_hex(read_envelope(folder).payload)
    assert any("unsigned" in n for n in report.notes)


def test_without_a_key_unsigned_is_reported_and_fails(folder):
    report = verify_folder(folder)
    assert list(_failures(report)) == [BUNDLE_FILE]
    assert "unsigned" in report.failures[0].message


def test_statement_covers_manifest_files_and_manifest(folder):
    statement = json.loads(read_envelope(folder).payload)
    names = {s["name"]: s["digest"]["sha256"] for s in statement["subject"]}
    manifest = json.loads((folder / "manifest.json").read_text())
    assert names == {
        **{o["file"]: o["sha256"] for o in manifest["outputs"]},
        "manifest.json": sha(folder / "manifest.json"),
    }
    assert "inputs/events.csv" in names and BUNDLE_FILE not in names
    assert statement["predicate"]["previous_statement_sha256"] is None
    assert statement["predicate"]["seeds"] == {"evidence_sample": 7, "simulation": None}
    assert json.loads((folder / "summary.json").read_text())["bundle"] == {
        "signed": False,
        "keyid": None,
        "statement_sha256": None,
    }


def test_signed_folder_verifies_with_its_key_only(signed):
    good = verify_folder(signed, [SIGNER.public])
    assert good.ok, good.failures
    assert good.signed_by == [SIGNER.keyid]
    assert verify_folder(signed, [OTHER.public, SIGNER.public]).ok  # trusted keys
    wrong = verify_folder(signed, [OTHER.public])
    assert list(_failures(wrong)) == [BUNDLE_FILE]
    assert "no signature verifies" in wrong.failures[0].message
    assert json.loads((signed / "summary.json").read_text())["bundle"]["keyid"] == SIGNER.keyid


def test_unsigned_folder_fails_when_a_key_is_given(folder):
    assert list(_failures(verify_folder(folder, [SIGNER.public]))) == [BUNDLE_FILE]


def test_one_byte_of_summary_changed(folder):
    path = folder / "summary.json"
    path.write_text(path.read_text().replace('"vcus": 726', '"vcus": 727'))
    failures = _failures(verify_folder(folder, allow_unsigned=True))
    assert "SHA-256 differs from manifest.json" in failures["summary.json"]


def test_one_byte_of_an_input_snapshot_changed(folder):
    (folder / "inputs" / "events.csv").write_text("event_id,area_ha\nE1,3\n")
    assert "inputs/events.csv" in _failures(verify_folder(folder, allow_unsigned=True))


def test_swapped_workbook_with_a_rewritten_manifest(signed):
    # another workbook (VCUs 9999), summary.json and manifest.json rewritten to match it
    make_run(signed.parent / "forged", cached={"Total_VCUs": 9999})
    shutil.copy(signed.parent / "forged" / WORKBOOK, signed / WORKBOOK)
    summary = json.loads((signed / "summary.json").read_text())
    summary["workbook"]["sha256"] = sha(signed / WORKBOOK)
    (signed / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    write_manifest(signed)
    failures = _failures(verify_folder(signed, [SIGNER.public]))
    assert "SHA-256 differs from the statement's subject" in failures[WORKBOOK]
    assert "manifest.json" in failures and "summary.json" in failures
    assert any("Total_VCUs" in m for m in failures["summary.json"])


def test_statement_rewritten_without_the_key_fails_the_signature(signed):
    envelope = json.loads((signed / BUNDLE_FILE).read_text())
    statement = json.loads(base64.b64decode(envelope["payload"]))
    statement["predicate"]["reason"] = "forged"
    envelope["payload"] = base64.b64encode(canonical_json(statement)).decode()
    (signed / BUNDLE_FILE).write_text(json.dumps(envelope) + "\n")
    failures = _failures(verify_folder(signed, [SIGNER.public]))
    assert "no signature verifies" in failures[BUNDLE_FILE][0]
    assert "reason differs from the statement's predicate" in failures["summary.json"]


def test_merkle_root_must_recompute(folder):
    envelope = json.loads((folder / BUNDLE_FILE).read_text())
    statement = json.loads(base64.b64decode(envelope["payload"]))
    statement["predicate"]["merkle_root"] = "00" * 32
    envelope["payload"] = base64.b64encode(canonical_json(statement)).decode()
    (folder / BUNDLE_FILE).write_text(json.dumps(envelope) + "\n")
    failures = _failures(verify_folder(folder, allow_unsigned=True))
    assert failures == {BUNDLE_FILE: ["merkle_root does not recompute from the subjects"]}


def test_manifest_content_beyond_the_files_is_covered(folder):
    path = folder / "manifest.json"
    path.write_text(path.read_text().replace('"redd-audit": "0.1.0"', '"redd-audit": "9.9.9"'))
    failures = _failures(verify_folder(folder, allow_unsigned=True))
    assert failures == {"manifest.json": ["SHA-256 differs from the statement's subject"]}


def test_deleted_and_added_files(folder):
    (folder / "inputs" / "project.yaml").unlink()
    (folder / "extra.txt").write_text("x")
    failures = _failures(verify_folder(folder, allow_unsigned=True))
    assert failures["inputs/project.yaml"] == ["listed in manifest.json but missing"]
    assert failures["extra.txt"] == ["not listed in manifest.json"]


def test_missing_or_broken_bundle(folder):
    (folder / BUNDLE_FILE).write_text("{not json\n")
    assert "cannot be read" in _failures(verify_folder(folder))[BUNDLE_FILE][0]
    (folder / BUNDLE_FILE).unlink()
    assert _failures(verify_folder(folder))[BUNDLE_FILE] == ["missing"]


def test_summary_totals_must_equal_the_workbooks_cached_values(tmp_path):
    folder = make_run(tmp_path / "f", cached={"Total_Buffer_tCO2e": 81.0})
    failures = _failures(verify_folder(folder, allow_unsigned=True))
    assert failures == {
        "summary.json": ["totals.buffer_tco2e = 80.75 but the workbook's Total_Buffer_tCO2e = 81"]
    }


def test_a_name_without_cached_value(tmp_path):
    folder = make_run(tmp_path / "f", cached={"Total_VCUs": None})
    failures = _failures(verify_folder(folder, allow_unsigned=True))
    assert failures == {WORKBOOK: ["Total_VCUs has no cached value"]}


def test_workbook_values_reads_defined_names(folder):
    values = cached_name_values(folder / WORKBOOK, ["Total_VCUs", "Not_Defined"])
    assert values == {"Total_VCUs": 726}


def test_revision_chain_verifies(folder):
    first = sha256_hex(read_envelope(folder).payload)
    next_revision(folder, reason="corrected E1", events="event_id,area_ha\nE1,2.5\n")
    next_revision(folder, reason="third", signer=SIGNER)
    statement = json.loads(read_envelope(folder / "revisions" / "002").payload)
    assert statement["predicate"]["previous_statement_sha256"] == first
    report = verify_folder(folder, [SIGNER.public], allow_unsigned=True)
    assert report.ok, report.failures


def test_swapped_revisions_break_the_chain(folder):
    next_revision(folder, reason="second")
    next_revision(folder, reason="third")
    revisions = folder / "revisions"
    os.rename(revisions / "001", revisions / "tmp")
    os.rename(revisions / "002", revisions / "001")
    os.rename(revisions / "tmp", revisions / "002")
    failures = _failures(verify_folder(folder, allow_unsigned=True))
    assert any("lies in revisions/001" in m for m in failures["revisions/001/" + BUNDLE_FILE])
    assert any("chain broken" in m for m in failures["revisions/002/" + BUNDLE_FILE])
    assert any("chain broken" in m for m in failures[BUNDLE_FILE])


def test_a_tampered_revision_is_named(folder):
    next_revision(folder, reason="second")
    (folder / "revisions" / "001" / "summary.json").write_text("{}\n")
    failures = _failures(verify_folder(folder, allow_unsigned=True))
    assert list(failures) == ["revisions/001/summary.json"]


def test_a_revision_signed_by_another_key_fails_with_the_current_key(folder):
    shutil.rmtree(folder)
    make_run(folder, signer=OTHER)
    next_revision(folder, signer=SIGNER)
    failures = _failures(verify_folder(folder, [SIGNER.public]))
    assert list(failures) == ["revisions/001/" + BUNDLE_FILE]
    assert verify_folder(folder, [SIGNER.public, OTHER.public]).ok


def test_compare_outputs(tmp_path, signed):
    copy = tmp_path / "copy"
    shutil.copytree(signed, copy)
    assert compare_outputs(signed, copy).equal
    # a re-run cannot sign: an unsigned envelope with the same statement still compares equal
    envelope = json.loads((copy / BUNDLE_FILE).read_text())
    envelope["signatures"] = []
    (copy / BUNDLE_FILE).write_text(json.dumps(envelope) + "\n")
    assert compare_outputs(signed, copy).equal
    (copy / "inputs" / "events.csv").write_text("changed")
    (copy / "new.txt").write_text("x")
    result = compare_outputs(signed, copy)
    assert result.differing == ["inputs/events.csv"] and result.extra == ["new.txt"]
    excepted = compare_outputs(signed, copy, timed=("inputs/*",))
    assert excepted.excepted == ["inputs/events.csv", "inputs/project.yaml"]
    assert excepted.differing == []


def test_a_validation_folder_with_its_own_manifest_is_left_to_itself(folder):
    (folder / "validation").mkdir()
    (folder / "validation" / "summary.json").write_text("{}")
    failures = _failures(verify_folder(folder, allow_unsigned=True))
    assert failures == {"validation/summary.json": ["not listed in manifest.json"]}
    (folder / "validation" / "manifest.json").write_text("{}")
    report = verify_folder(folder, allow_unsigned=True)
    assert report.ok, report.failures
    assert any(note.startswith("validation: a validate run's own folder") for note in report.notes)

"""The evidence bundle end to end (contract 9) on the bundled sample, through the CLI: a signed
first run, a second signed revision, then verify on the untouched folder, on tampered copies,
with the wrong key, and with ``--recompute``. Two audit runs and one re-run in all
(~1.5-2.5 min)."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.bundle.synthetic import sha
from tests.conftest import SAMPLE_END, SAMPLE_START, copy_project


@pytest.fixture(scope="module")
def bundle_runs(tmp_path_factory):
    """``(invoke, revision 1's folder (a copy), the folder after revision 2, keys folder)``."""
    from prefect.testing.utilities import prefect_test_harness

    from flows.cli import app

    runner = CliRunner()

    def invoke(*args: object):
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)

    base = tmp_path_factory.mktemp("bundle-e2e")
    keys = base / "keys"
    keys.mkdir()
    assert invoke("keygen", "--out", keys / "signer").exit_code == 0
    assert invoke("keygen", "--out", keys / "other").exit_code == 0
    project, out = copy_project(base, "project"), base / "out"
    common = ["--project", project, "--start", SAMPLE_START, "--end", SAMPLE_END, "--out", out]
    with prefect_test_harness(server_startup_timeout=120):
        first = invoke("run", *common, "--signing-key", keys / "signer")
        assert first.exit_code == 0, first.output
        folder = out / "VCS-868" / f"{SAMPLE_START}_{SAMPLE_END}"
        first_copy = base / "first"
        shutil.copytree(folder, first_copy)
        second = invoke("run", *common, "--signing-key", keys / "signer", "--reason", "again")
        assert second.exit_code == 0, second.output
    return invoke, first_copy, folder, keys


def _tampered(source: Path, name: str) -> Path:
    target = source.parent / name
    shutil.copytree(source, target)
    return target


@pytest.mark.slow
def test_signed_run_verifies_and_names_its_key(bundle_runs):
    invoke, first, _, keys = bundle_runs
    summary = json.loads((first / "summary.json").read_text("utf-8"))
    assert summary["bundle"]["signed"] is True
    result = invoke("verify", first, "--public-key", keys / "signer.pub")
    assert result.exit_code == 0, result.output
    assert summary["bundle"]["keyid"] in result.output
    wrong = invoke("verify", first, "--public-key", keys / "other.pub")
    assert wrong.exit_code == 1
    assert "bundle.intoto.jsonl: no signature verifies" in wrong.output
    book = load_workbook(next(first.glob("*.xlsx")), read_only=True)
    readme = [row for row in book["README"].iter_rows(values_only=True) if row and row[0]]
    book.close()
    assert ("Evidence bundle", f"signed (Ed25519), key id {summary['bundle']['keyid']}") in [
        row[:2] for row in readme
    ]
    private = (keys / "signer").read_text().splitlines()[1]
    assert not any(private in p.read_text("utf-8", "replace") for p in first.rglob("*.json*"))


@pytest.mark.slow
def test_tampered_summary_fails_naming_it(bundle_runs):
    invoke, first, _, keys = bundle_runs
    folder = _tampered(first, "tampered-summary")
    path = folder / "summary.json"
    path.write_text(path.read_text("utf-8").replace('"status": "passed"', '"status": "Passed"'))
    result = invoke("verify", folder, "--public-key", keys / "signer.pub")
    assert result.exit_code == 1
    assert "FAIL summary.json: SHA-256 differs from manifest.json" in result.output


@pytest.mark.slow
def test_swapped_workbook_with_rewritten_manifest_fails(bundle_runs):
    invoke, first, _, keys = bundle_runs
    folder = _tampered(first, "swapped-workbook")
    book = next(folder.glob("*.xlsx"))
    # another workbook: the same parts with one more entry, so the bytes differ
    forged = folder / "forged.xlsx"
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(forged, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("docProps/forged.xml", "<x/>")
    forged.replace(book)
    manifest_path = folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text("utf-8"))
    for entry in manifest["outputs"]:
        if entry["file"] == book.name:
            entry["sha256"], entry["size_bytes"] = sha(book), book.stat().st_size
    manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", "utf-8")
    result = invoke("verify", folder, "--public-key", keys / "signer.pub")
    assert result.exit_code == 1
    assert f"FAIL {book.name}: SHA-256 differs from the statement's subject" in result.output
    assert "FAIL manifest.json: SHA-256 differs from the statement's subject" in result.output


@pytest.mark.slow
def test_second_revision_chains_and_recomputes(bundle_runs):
    invoke, first, folder, keys = bundle_runs
    statement = (folder / "revisions" / "001" / "bundle.intoto.jsonl").read_bytes()
    assert statement == (first / "bundle.intoto.jsonl").read_bytes()
    result = invoke("verify", folder, "--public-key", keys / "signer.pub", "--recompute")
    assert result.exit_code == 0, result.output
    assert "file(s) compared with a re-run" in result.output
    swapped = _tampered(folder, "broken-chain")
    (swapped / "revisions" / "001" / "bundle.intoto.jsonl").write_bytes(
        (folder / "bundle.intoto.jsonl").read_bytes()
    )
    broken = invoke("verify", swapped, "--public-key", keys / "signer.pub")
    assert broken.exit_code == 1
    assert "revisions/001/bundle.intoto.jsonl" in broken.output
    assert "FAIL bundle.intoto.jsonl: previous_statement_sha256" in broken.output


@pytest.mark.slow
def test_recompute_fails_when_an_input_snapshot_was_edited(bundle_runs):
    invoke, first, _, keys = bundle_runs
    folder = _tampered(first, "edited-input")
    events = folder / "inputs" / "deforestation_events.csv"
    lines = events.read_text("utf-8").splitlines(keepends=True)
    events.write_text("".join(lines[:-1]), "utf-8")  # one event fewer
    result = invoke("verify", folder, "--public-key", keys / "signer.pub", "--recompute")
    assert result.exit_code == 1
    assert "FAIL inputs/deforestation_events.csv: size differs from manifest.json" in result.output
    assert "summary.json: differs from the re-run from inputs/ (--recompute)" in result.output

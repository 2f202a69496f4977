"""``redd-audit keygen`` and ``redd-audit verify`` exit codes and messages, on synthetic folders
(no audit run)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from flows.cli import app
from redd_audit.bundle.keys import load_signing_key
from tests.bundle.synthetic import make_run


@pytest.fixture
def invoke():
    runner = CliRunner()
    return lambda *args: runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def test_keygen_then_verify_signed_folder(invoke, tmp_path):
    result = invoke("keygen", "--out", tmp_path / "signer")
    assert result.exit_code == 0, result.output
    key = load_signing_key(tmp_path / "signer")
    assert key.keyid in result.output
    secret = [line for line in (tmp_path / "signer").read_text().splitlines() if "---" not in line]
    assert not any(line in result.output for line in secret)
    folder = make_run(tmp_path / "run", signer=key)
    ok = invoke("verify", folder, "--public-key", tmp_path / "signer.pub")
    assert ok.exit_code == 0, ok.output
    assert f"signature by key id {key.keyid} verified" in ok.output
    invoke("keygen", "--out", tmp_path / "other")
    wrong = invoke("verify", folder, "--public-key", tmp_path / "other.pub")
    assert wrong.exit_code == 1
    assert "FAIL bundle.intoto.jsonl: no signature verifies" in wrong.output


def test_keygen_refusals_exit_2(invoke, tmp_path):
    assert invoke("keygen", "--out", tmp_path / "k").exit_code == 0
    again = invoke("keygen", "--out", tmp_path / "k")
    assert again.exit_code == 2 and "already exists" in again.output
    folder = make_run(tmp_path / "out" / "P-1" / "2021-01-01_2022-12-31")
    inside = invoke("keygen", "--out", folder / "k")
    assert inside.exit_code == 2 and "output folder" in inside.output
    assert not (folder / "k").exists()


def test_verify_exit_codes(invoke, tmp_path):
    folder = make_run(tmp_path / "run")
    assert invoke("verify", folder, "--allow-unsigned").exit_code == 0
    unsigned = invoke("verify", folder)
    assert unsigned.exit_code == 1 and "unsigned" in unsigned.output
    (folder / "summary.json").write_text("{}\n")
    tampered = invoke("verify", folder, "--allow-unsigned")
    assert tampered.exit_code == 1
    assert "FAIL summary.json: size differs from manifest.json" in tampered.output


@pytest.mark.parametrize(
    "args",
    [
        ["missing-folder"],
        ["{run}", "--public-key", "{tmp}/no-such-key.pub"],
        ["{run}", "--public-key", "{run}/summary.json"],
        ["{run}", "--public-key", "{tmp}/k", "--trusted-keys", "{tmp}/k.pub"],
    ],
)
def test_verify_bad_invocation_exits_2(invoke, tmp_path, args):
    run = make_run(tmp_path / "run")
    invoke("keygen", "--out", tmp_path / "k")
    filled = [a.format(run=run, tmp=tmp_path) for a in args]
    result = invoke("verify", *filled)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_private_key_given_as_public_key_is_refused_without_quoting_it(invoke, tmp_path):
    run = make_run(tmp_path / "run")
    invoke("keygen", "--out", tmp_path / "k")
    result = invoke("verify", run, "--public-key", tmp_path / "k")
    assert result.exit_code == 2 and "holds a private key" in result.output
    secret = [line for line in (tmp_path / "k").read_text().splitlines() if "---" not in line]
    assert not any(line in result.output for line in secret)

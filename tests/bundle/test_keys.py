"""Key files (contract 9.1): modes, refusals, key ids, and no key material in messages."""

from __future__ import annotations

import hashlib
import stat

import pytest
from cryptography.hazmat.primitives import serialization

from redd_audit.bundle.keys import (
    Attribution,
    KeyFileError,
    generate_key_pair,
    load_public_key,
    load_signing_key,
    load_trusted_keys,
    output_folder_around,
)


def test_keygen_writes_pkcs8_0600_and_spki(tmp_path):
    out = tmp_path / "keys" / "signer"
    out.parent.mkdir()
    keyid = generate_key_pair(out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")  # PKCS#8
    pub = tmp_path / "keys" / "signer.pub"
    assert pub.read_bytes().startswith(b"-----BEGIN PUBLIC KEY-----")  # SubjectPublicKeyInfo
    raw = load_public_key(pub)._key.public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    assert len(raw) == 32
    assert keyid == hashlib.sha256(raw).hexdigest() == load_signing_key(out).keyid
    assert keyid == keyid.lower() and len(keyid) == 64


def test_keygen_never_overwrites(tmp_path):
    out = tmp_path / "k"
    generate_key_pair(out)
    before = out.read_bytes()
    with pytest.raises(KeyFileError, match="already exists"):
        generate_key_pair(out)
    assert out.read_bytes() == before
    (tmp_path / "k.pub").unlink()
    with pytest.raises(KeyFileError, match="already exists"):
        generate_key_pair(out)
    other = tmp_path / "other"
    (tmp_path / "other.pub").write_text("x")
    with pytest.raises(KeyFileError):
        generate_key_pair(other)
    assert not other.exists()


@pytest.mark.parametrize(
    "layout",
    [
        "out/P-1/2021-01-01_2022-12-31/manifest.json",  # inside a period folder
        "out/P-1/2021-01-01_2022-12-31/revisions/001/manifest.json",
    ],
)
def test_keygen_refuses_output_folders(tmp_path, layout):
    marker = tmp_path / layout
    marker.parent.mkdir(parents=True)
    marker.write_text("{}")
    (tmp_path / "out/P-1/2021-01-01_2022-12-31/manifest.json").write_text("{}")
    for where in (
        marker.parent,
        tmp_path / "out" / "P-1" / "2021-01-01_2022-12-31",
        tmp_path / "out" / "P-1",  # the project folder of an output root
        tmp_path / "out",  # the output root
    ):
        assert output_folder_around(where / "key") is not None
        with pytest.raises(KeyFileError, match="output folder"):
            generate_key_pair(where / "key")
    assert output_folder_around(tmp_path / "key") is None
    generate_key_pair(tmp_path / "key")


def test_keygen_refuses_a_folder_holding_a_summary(tmp_path):
    (tmp_path / "summary.json").write_text("{}")
    with pytest.raises(KeyFileError):
        generate_key_pair(tmp_path / "sub" / "key")


def test_messages_never_quote_key_material(tmp_path):
    out = tmp_path / "k"
    generate_key_pair(out)
    pem = out.read_text()
    secret_lines = [line for line in pem.splitlines() if "-----" not in line]
    with pytest.raises(KeyFileError) as exc:
        load_public_key(out)  # a private key given as the public key
    assert "private key" in str(exc.value)
    broken = tmp_path / "broken"
    broken.write_text(pem.replace("A", "B", 3))
    for loader in (load_signing_key, load_public_key, load_trusted_keys):
        with pytest.raises(KeyFileError) as exc:
            loader(broken)
        assert not any(line in str(exc.value) for line in secret_lines)
    key = load_signing_key(out)
    assert repr(key) == f"SigningKey(keyid={key.keyid!r})"


def test_unreadable_or_wrong_keys(tmp_path):
    with pytest.raises(KeyFileError, match="cannot read"):
        load_signing_key(tmp_path / "missing")
    rsa_like = tmp_path / "not-a-key"
    rsa_like.write_text("hello")
    with pytest.raises(KeyFileError, match="PKCS#8"):
        load_signing_key(rsa_like)
    with pytest.raises(KeyFileError, match="no PEM public key"):
        load_trusted_keys(rsa_like)


def test_trusted_keys_file_holds_several_keys(tmp_path):
    ids = [generate_key_pair(tmp_path / name) for name in ("a", "b")]
    bundle = tmp_path / "trusted"
    bundle.write_text(
        "# proponent\n"
        + (tmp_path / "a.pub").read_text()
        + "verifier:\n"
        + (tmp_path / "b.pub").read_text()
    )
    assert [k.keyid for k in load_trusted_keys(bundle)] == ids


def test_attribution_names_a_key_but_never_signs():
    assert Attribution("ab").sign(b"x") is None

"""Ed25519 key files and key ids (contract 9.1).

* Private key: PKCS#8 PEM, unencrypted, file mode 0600; public key: SubjectPublicKeyInfo PEM in
  ``FILE.pub``. Neither file is ever overwritten.
* Key id: the lowercase hex SHA-256 of the raw 32-byte public key.
* A key file may not lie inside an output folder of this tool (:func:`output_folder_around`).
* Messages name files and key ids only: no key material reaches an error, a log or an output.
  Loaded keys show only their key id in ``repr``.

Trusted-keys file (``verify --trusted-keys``): one or more SubjectPublicKeyInfo PEM blocks, one
after the other; text outside the blocks (comments, names) is ignored.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from redd_audit.errors import InputError

PUBLIC_SUFFIX = ".pub"
#: Files that mark a period folder of this tool (contract 4 and 9.2).
OUTPUT_MARKERS = ("manifest.json", "summary.json", "bundle.intoto.jsonl")
#: ``<start>_<end>``, the name of a period folder (contract 4).
_PERIOD = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]_[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
_PERIOD_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}$")
_PEM_PUBLIC = re.compile(rb"-----BEGIN PUBLIC KEY-----\r?\n.*?-----END PUBLIC KEY-----", re.DOTALL)


class KeyFileError(InputError):
    """A key file cannot be written or read (exit 2); the message never quotes the file."""


def key_id(public_key: Ed25519PublicKey) -> str:
    """Lowercase hex SHA-256 of the raw 32-byte public key."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


class Signer(Protocol):
    """What the statement writer needs: the key id, and a signature (None: record only)."""

    @property
    def keyid(self) -> str: ...

    def sign(self, message: bytes) -> bytes | None: ...


class SigningKey:
    """A loaded Ed25519 private key; its ``repr`` shows the key id only."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._key = private_key
        self.public = VerifyingKey(private_key.public_key())

    @property
    def keyid(self) -> str:
        return self.public.keyid

    def sign(self, message: bytes) -> bytes:
        return self._key.sign(message)

    def __repr__(self) -> str:
        return f"SigningKey(keyid={self.keyid!r})"


@dataclass(frozen=True)
class Attribution:
    """A signer's key id recorded without the key: the outputs name the key id as a signed run's
    would, but no signature is made. Only ``verify --recompute`` uses it, to rebuild a signed
    run's workbook and summary.json byte for byte; never reachable from ``run``."""

    keyid: str

    def sign(self, message: bytes) -> None:
        return None


class VerifyingKey:
    """A loaded Ed25519 public key and its key id."""

    def __init__(self, public_key: Ed25519PublicKey) -> None:
        self._key = public_key
        self.keyid = key_id(public_key)

    def verifies(self, message: bytes, signature: bytes) -> bool:
        try:
            self._key.verify(signature, message)
        except InvalidSignature:
            return False
        return True

    def __repr__(self) -> str:
        return f"VerifyingKey(keyid={self.keyid!r})"


def output_folder_around(path: Path) -> Path | None:
    """The output folder of this tool that ``path`` would lie in, or None.

    A folder counts as one when it, or any folder above it, is a period folder (holds
    ``manifest.json``, ``summary.json`` or ``bundle.intoto.jsonl``, or is named
    ``<YYYY-MM-DD>_<YYYY-MM-DD>``), a project folder of an output root (holds
    ``<period>/manifest.json``) or an output root (holds ``<project-id>/<period>/manifest.json``).
    """
    folder = Path(os.path.abspath(path)).parent
    for candidate in (folder, *folder.parents):
        if not candidate.is_dir():
            continue
        if _PERIOD_NAME.match(candidate.name) or any(
            (candidate / marker).is_file() for marker in OUTPUT_MARKERS
        ):
            return candidate
        for pattern in (f"{_PERIOD}/manifest.json", f"*/{_PERIOD}/manifest.json"):
            if next(candidate.glob(pattern), None) is not None:
                return candidate
    return None


def _write_new(path: Path, data: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        os.fchmod(fd, mode)
        os.write(fd, data)
    finally:
        os.close(fd)


def generate_key_pair(out: Path) -> str:
    """Write a new private key to ``out`` (mode 0600) and its public key to ``out.pub``; a
    missing folder is made (mode 0700).

    Returns the key id.

    Raises
    ------
    KeyFileError
        ``out`` or ``out.pub`` exists, ``out`` lies inside an output folder, or a file cannot
        be written.
    """
    out = Path(out)
    public_path = out.with_name(out.name + PUBLIC_SUFFIX)
    for target in (out, public_path):
        if target.exists() or target.is_symlink():
            raise KeyFileError("already exists; keygen never overwrites a key", file=str(target))
    inside = output_folder_around(out)
    if inside is not None:
        raise KeyFileError(
            f"lies inside the output folder {inside}; keep keys out of audit outputs",
            file=str(out),
        )
    try:
        out.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise KeyFileError(f"cannot create its folder: {exc.strerror}", file=str(out)) from None
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    try:
        _write_new(out, private_pem, 0o600)
    except OSError as exc:
        raise KeyFileError(f"cannot write: {exc.strerror}", file=str(out)) from None
    try:
        _write_new(public_path, public_pem, 0o644)
    except OSError as exc:
        out.unlink()
        raise KeyFileError(f"cannot write: {exc.strerror}", file=str(public_path)) from None
    return key_id(key.public_key())


def _read(path: Path, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise KeyFileError(f"cannot read the {what}: {exc.strerror}", file=str(path)) from None


def load_signing_key(path: Path) -> SigningKey:
    """The Ed25519 private key of a PKCS#8 PEM file (unencrypted)."""
    data = _read(path, "signing key")
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise KeyFileError(
            "not an unencrypted PKCS#8 PEM private key (make one with redd-audit keygen)",
            file=str(path),
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError("not an Ed25519 key (make one with redd-audit keygen)", file=str(path))
    return SigningKey(key)


def _public_key(pem: bytes, path: Path) -> VerifyingKey:
    try:
        key = serialization.load_pem_public_key(pem)
    except (ValueError, TypeError):
        raise KeyFileError("not a SubjectPublicKeyInfo PEM public key", file=str(path)) from None
    if not isinstance(key, Ed25519PublicKey):
        raise KeyFileError("not an Ed25519 public key", file=str(path))
    return VerifyingKey(key)


def _refuse_private(data: bytes, path: Path) -> None:
    if b"PRIVATE KEY-----" in data:
        raise KeyFileError(
            f"holds a private key; give the public key ({PUBLIC_SUFFIX} file)", file=str(path)
        )


def load_public_key(path: Path) -> VerifyingKey:
    """The Ed25519 public key of a SubjectPublicKeyInfo PEM file."""
    data = _read(path, "public key")
    _refuse_private(data, path)
    return _public_key(data, path)


def load_trusted_keys(path: Path) -> list[VerifyingKey]:
    """Every public key of a trusted-keys file (see the module docstring)."""
    data = _read(path, "trusted keys")
    _refuse_private(data, path)
    blocks = _PEM_PUBLIC.findall(data)
    if not blocks:
        raise KeyFileError("holds no PEM public key", file=str(path))
    return [_public_key(block + b"\n", path) for block in blocks]

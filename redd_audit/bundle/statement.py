"""The statement of a run (contract 9.2): an in-toto Statement v1 over every file of the
manifest and ``manifest.json`` itself, in a DSSE envelope written to ``bundle.intoto.jsonl``.

Conventions (docs/conventions.md, "Evidence bundle"):

* Subjects: every entry of ``manifest.json`` ``outputs`` (which include the ``inputs/``
  snapshot), plus ``manifest.json`` itself, so that the manifest's own content (software, rule
  set, row ledger) is covered too. ``bundle.intoto.jsonl`` is never a subject nor listed in the
  manifest; ``revisions/`` are covered by their own statements.
* The payload is the statement as compact JSON with sorted keys (UTF-8); its SHA-256 is the
  statement digest that the next revision's ``previous_statement_sha256`` names.
* ``summary.json`` ``bundle`` = ``{"signed", "keyid", "statement_sha256": null}``: summary.json
  is a subject, so it cannot hold the digest of the statement that holds its own digest. The
  digest is the SHA-256 of the envelope's payload beside it; ``verify`` prints it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from redd_audit.bundle.dsse import IN_TOTO_PAYLOAD_TYPE, Envelope, Signature, pae, parse_envelope
from redd_audit.bundle.keys import Signer
from redd_audit.bundle.merkle import merkle_root
from redd_audit.cycle.revisions import REVISIONS_DIR, existing_numbers, revision_folder_name

BUNDLE_FILE = "bundle.intoto.jsonl"
MANIFEST_FILE = "manifest.json"
STATEMENT_TYPE = "https://in-toto.io/Statement/v1"
PREDICATE_TYPE = "urn:redd-audit:verification-run:v1"


@dataclass(frozen=True)
class RunRecord:
    """What the predicate records of a run besides the files."""

    project_id: str
    start: str
    end: str
    run_id: str
    revision: int
    reason: str | None
    rule_set: Mapping[str, object]
    evidence_sample_seed: int | None
    software: Mapping[str, str]
    #: the uncertainty simulation's seed; None while the simulation takes none
    simulation_seed: int | None = None


def canonical_json(data: object) -> bytes:
    """Compact JSON with sorted keys, UTF-8: the bytes that are hashed and signed."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_files(manifest: Mapping[str, object]) -> dict[str, str]:
    """``{file: sha256}`` of the manifest's ``outputs`` (the files a statement covers)."""
    outputs = manifest.get("outputs")
    if not isinstance(outputs, list):
        raise ValueError("manifest.json has no outputs list")
    files: dict[str, str] = {}
    for entry in outputs:
        if not isinstance(entry, dict):
            raise ValueError("manifest.json outputs holds a non-object")
        name, digest = entry.get("file"), entry.get("sha256")
        if not isinstance(name, str) or not isinstance(digest, str):
            raise ValueError("manifest.json outputs entry without file or sha256")
        files[name] = digest
    return files


def subjects(files: Mapping[str, str]) -> list[dict[str, object]]:
    """in-toto subjects ``{"name", "digest": {"sha256"}}`` sorted by name."""
    return [{"name": n, "digest": {"sha256": d}} for n, d in sorted(files.items())]


def build_statement(
    files: Mapping[str, str], record: RunRecord, previous_statement_sha256: str | None
) -> dict[str, object]:
    """The in-toto Statement v1 of a run whose subjects are ``files`` (``{path: sha256}``)."""
    return {
        "_type": STATEMENT_TYPE,
        "subject": subjects(files),
        "predicateType": PREDICATE_TYPE,
        "predicate": {
            "project_id": record.project_id,
            "period": {"start": record.start, "end": record.end},
            "run_id": record.run_id,
            "revision": record.revision,
            "reason": record.reason,
            "rule_set": dict(record.rule_set),
            "seeds": {
                "evidence_sample": record.evidence_sample_seed,
                "simulation": record.simulation_seed,
            },
            "software": dict(record.software),
            "merkle_root": merkle_root(files.items()),
            "previous_statement_sha256": previous_statement_sha256,
        },
    }


def bundle_record(signer: Signer | None) -> dict[str, object]:
    """summary.json ``bundle`` (see the module docstring for ``statement_sha256``)."""
    return {
        "signed": signer is not None,
        "keyid": signer.keyid if signer is not None else None,
        "statement_sha256": None,
    }


def envelope_of(payload: bytes, signer: Signer | None) -> Envelope:
    """The DSSE envelope of ``payload``, signed when ``signer`` makes a signature."""
    signature = signer.sign(pae(IN_TOTO_PAYLOAD_TYPE, payload)) if signer is not None else None
    signatures = (Signature(signer.keyid, signature),) if signer and signature else ()
    return Envelope(IN_TOTO_PAYLOAD_TYPE, payload, signatures)


def read_envelope(folder: Path) -> Envelope:
    """The envelope of ``folder/bundle.intoto.jsonl`` (EnvelopeError, OSError when unreadable)."""
    return parse_envelope((Path(folder) / BUNDLE_FILE).read_text("utf-8"))


def previous_statement_sha256(folder: Path) -> str | None:
    """SHA-256 of the payload of the latest revision in ``folder/revisions/``; None when there
    is no revision, or it has no readable bundle (written before bundles existed)."""
    numbers = existing_numbers(folder)
    if not numbers:
        return None
    latest = Path(folder) / REVISIONS_DIR / revision_folder_name(numbers[-1])
    try:
        return sha256_hex(read_envelope(latest).payload)
    except (OSError, UnicodeDecodeError, ValueError):
        return None


def write_bundle(folder: Path, record: RunRecord, signer: Signer | None) -> str:
    """Write ``folder/bundle.intoto.jsonl`` for the manifest already in ``folder``.

    Returns the statement digest (SHA-256 of the payload).
    """
    folder = Path(folder)
    manifest_bytes = (folder / MANIFEST_FILE).read_bytes()
    files = manifest_files(json.loads(manifest_bytes))
    files[MANIFEST_FILE] = sha256_hex(manifest_bytes)
    statement = build_statement(files, record, previous_statement_sha256(folder))
    payload = canonical_json(statement)
    envelope = envelope_of(payload, signer)
    (folder / BUNDLE_FILE).write_text(envelope.to_json() + "\n", encoding="utf-8")
    return sha256_hex(payload)

"""``redd-audit verify DIR``: checks 1-5 of contract 9.3 on a period folder. Check 4 is in
:mod:`redd_audit.bundle.summary_check`; check 6 (``--recompute``) runs the audit and lives in
``flows/recompute.py``, its comparison in :mod:`redd_audit.bundle.compare`.

Every failure names the file it concerns, relative to ``DIR``. The checks never stop at the
first failure: a verifier sees everything that is wrong at once.
"""

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from redd_audit.bundle.dsse import IN_TOTO_PAYLOAD_TYPE, Envelope, EnvelopeError, pae
from redd_audit.bundle.keys import VerifyingKey
from redd_audit.bundle.merkle import merkle_root
from redd_audit.bundle.report import Attested, Report, is_safe_name, join_label
from redd_audit.bundle.statement import (
    BUNDLE_FILE,
    MANIFEST_FILE,
    PREDICATE_TYPE,
    STATEMENT_TYPE,
    manifest_files,
    read_envelope,
)
from redd_audit.bundle.summary_check import NameReader, check_summary
from redd_audit.bundle.workbook_values import cached_name_values
from redd_audit.cycle.revisions import REVISIONS_DIR, existing_numbers, revision_folder_name

#: ``validate`` writes into this folder of the period folder, with its own manifest (contract
#: 5.1); like ``revisions/`` it is not part of the audit run's manifest.
VALIDATION_DIR = "validation"


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_manifest(folder: Path, label: str, report: Report) -> dict[str, object] | None:
    """Check 1: manifest.json parses; every listed file exists with its size and SHA-256; no
    unlisted file besides ``revisions/`` and ``bundle.intoto.jsonl``."""
    where = join_label(label, MANIFEST_FILE)
    try:
        manifest = json.loads((folder / MANIFEST_FILE).read_text("utf-8"))
        if not isinstance(manifest, dict):
            raise ValueError("not a JSON object")
        outputs = manifest.get("outputs")
        listed = manifest_files(manifest)
    except FileNotFoundError:
        report.fail(where, "missing")
        return None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        report.fail(where, f"cannot be read: {exc}")
        return None
    sizes = {str(e.get("file")): e.get("size_bytes") for e in outputs or [] if isinstance(e, dict)}
    for name, digest in sorted(listed.items()):
        path = folder / name
        if not is_safe_name(name) or name == MANIFEST_FILE:
            report.fail(where, f"lists an invalid file name {name!r}")
        elif not path.is_file():
            report.fail(join_label(label, name), "listed in manifest.json but missing")
        elif sizes.get(name) is not None and path.stat().st_size != sizes[name]:
            report.fail(join_label(label, name), "size differs from manifest.json")
        elif _digest(path) != digest:
            report.fail(join_label(label, name), "SHA-256 differs from manifest.json")
    own = [REVISIONS_DIR + "/"]
    if (folder / VALIDATION_DIR / MANIFEST_FILE).is_file():
        own.append(VALIDATION_DIR + "/")
        report.notes.append(
            f"{join_label(label, VALIDATION_DIR)}: a validate run's own folder (contract 5.1), "
            "not covered here; verify it as a folder of its own"
        )
    for path in sorted(p for p in folder.rglob("*") if p.is_file() or p.is_symlink()):
        rel = path.relative_to(folder).as_posix()
        if rel in (MANIFEST_FILE, BUNDLE_FILE) or rel.startswith(tuple(own)):
            continue
        if rel not in listed:
            report.fail(join_label(label, rel), "not listed in manifest.json")
    return manifest


def _statement(envelope: Envelope) -> dict[str, object]:
    if envelope.payload_type != IN_TOTO_PAYLOAD_TYPE:
        raise ValueError(f"payloadType is {envelope.payload_type!r}")
    statement = json.loads(envelope.payload.decode("utf-8"))
    if not isinstance(statement, dict):
        raise ValueError("the payload is not a JSON object")
    if statement.get("_type") != STATEMENT_TYPE:
        raise ValueError("the payload is not an in-toto Statement v1")
    if statement.get("predicateType") != PREDICATE_TYPE:
        raise ValueError(f"predicateType is not {PREDICATE_TYPE}")
    return statement


def _subject_files(statement: Mapping[str, object]) -> dict[str, str]:
    files: dict[str, str] = {}
    listed = statement.get("subject")
    if not isinstance(listed, list):
        raise ValueError("the statement has no subject list")
    for entry in listed:
        digest = entry.get("digest") if isinstance(entry, dict) else None
        sha = digest.get("sha256") if isinstance(digest, dict) else None
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not isinstance(sha, str) or name in files:
            raise ValueError("a subject without a unique name or a sha256 digest")
        files[name] = sha
    return files


def check_statement(
    folder: Path, label: str, manifest: dict[str, object] | None, report: Report
) -> Attested | None:
    """Check 2: the statement's subjects equal the manifest's files and manifest.json itself;
    ``merkle_root`` recomputes."""
    where = join_label(label, BUNDLE_FILE)
    try:
        envelope = read_envelope(folder)
        statement = _statement(envelope)
        subjects = _subject_files(statement)
    except FileNotFoundError:
        report.fail(where, "missing")
        return None
    except (OSError, UnicodeDecodeError, EnvelopeError, ValueError) as exc:
        report.fail(where, f"cannot be read: {exc}")
        return None
    attested = Attested(label, manifest or {}, envelope, statement)
    predicate = attested.predicate
    if predicate.get("merkle_root") != merkle_root(subjects.items()):
        report.fail(where, "merkle_root does not recompute from the subjects")
    if manifest is None:
        return attested
    expected = manifest_files(manifest)
    expected[MANIFEST_FILE] = _digest(folder / MANIFEST_FILE)  # check 1 read it
    for name in sorted(set(expected) | set(subjects)):
        where = join_label(label, name)
        if name not in subjects:
            report.fail(where, "not a subject of the statement")
        elif name not in expected:
            report.fail(where, "a subject of the statement but not in the manifest")
        elif subjects[name] != expected[name]:
            report.fail(where, "SHA-256 differs from the statement's subject")
    return attested


def check_signature(
    attested: Attested,
    keys: Sequence[VerifyingKey] | None,
    allow_unsigned: bool,
    report: Report,
    *,
    required: bool = True,
) -> None:
    """Check 3: a signature by the given key (or one of the trusted keys) verifies.

    ``required=False`` (revisions): an unsigned folder passes; a signed one must verify when
    keys are given.
    """
    where = join_label(attested.label, BUNDLE_FILE)
    signatures = attested.envelope.signatures
    signer_ids = sorted({s.keyid for s in signatures})
    if keys is None:
        state = f"signed by key id {', '.join(signer_ids)}" if signatures else "unsigned"
        if required and not allow_unsigned:
            report.fail(
                where,
                f"{state}; no key given, so no signature is checked (give --public-key or "
                "--trusted-keys, or --allow-unsigned to accept integrity checks only)",
            )
        elif required:
            report.notes.append(f"{where}: {state}; signature not checked (--allow-unsigned)")
        return
    if not signatures:
        if required and not allow_unsigned:
            report.fail(where, "unsigned (no signature to check against the given key)")
        elif required:
            report.notes.append(f"{where}: unsigned; accepted (--allow-unsigned)")
        return
    message = pae(attested.envelope.payload_type, attested.envelope.payload)
    good = sorted({k.keyid for k in keys for s in signatures if k.verifies(message, s.sig)})
    if not good:
        report.fail(
            where,
            f"no signature verifies with the given key(s) (signed by key id "
            f"{', '.join(signer_ids)})",
        )
    elif required:
        report.signed_by = good


def check_chain(chain: Sequence[tuple[int | None, Attested | None]], report: Report) -> None:
    """Check 5: each statement names its predecessor's payload digest; revision folders carry
    their own revision number. ``chain``: ``(folder number or None for the current folder,
    statement)`` in order, oldest first."""
    previous: Attested | None = None
    first = True
    for number, attested in chain:
        if attested is None:  # unreadable: reported by check 2; its successor is not judged
            previous, first = None, False
            continue
        where = join_label(attested.label, BUNDLE_FILE)
        recorded = attested.predicate.get("revision")
        if number is not None and recorded != number:
            report.fail(where, f"records revision {recorded!r} but lies in revisions/"
                        f"{revision_folder_name(number)}")  # fmt: skip
        claimed = attested.predicate.get("previous_statement_sha256")
        if first and claimed is not None:
            report.fail(where, "names a previous statement but no revision precedes it")
        elif previous is not None and claimed != previous.statement_sha256:
            report.fail(
                where,
                "previous_statement_sha256 is not the digest of "
                f"{join_label(previous.label, BUNDLE_FILE)} (chain broken or reordered)",
            )
        previous, first = attested, False


def verify_folder(
    folder: Path,
    keys: Sequence[VerifyingKey] | None = None,
    *,
    allow_unsigned: bool = False,
    read_names: NameReader = cached_name_values,
) -> Report:
    """Checks 1-5 of contract 9.3 on the period folder ``folder``."""
    folder = Path(folder)
    report = Report()
    chain: list[tuple[int | None, Attested | None]] = []
    for number in existing_numbers(folder):
        label = f"{REVISIONS_DIR}/{revision_folder_name(number)}"
        sub = folder / label
        attested = check_statement(sub, label, check_manifest(sub, label, report), report)
        if attested is not None:
            check_signature(attested, keys, allow_unsigned, report, required=False)
        chain.append((number, attested))
    manifest = check_manifest(folder, "", report)
    attested = check_statement(folder, "", manifest, report)
    if attested is not None:
        report.statement_sha256 = attested.statement_sha256
        check_signature(attested, keys, allow_unsigned, report)
        check_summary(folder, attested, read_names, report)
    chain.append((None, attested))
    check_chain(chain, report)
    return report

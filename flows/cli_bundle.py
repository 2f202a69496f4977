"""Evidence-bundle commands of the ``redd-audit`` CLI (contract.md section 9): ``keygen`` and
``verify``.

Exit codes: ``keygen`` 0 written, 2 refused (file exists, inside an output folder, unwritable);
``verify`` 0 every check holds, 1 any check fails (each failure listed with its file), 2 bad
invocation (no such folder, unreadable key, both key options), 3 an internal error. No key
material is ever printed: messages name files and key ids only.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from flows.terminal import visible
from redd_audit.errors import InputError

if TYPE_CHECKING:
    from redd_audit.bundle.keys import VerifyingKey
    from redd_audit.bundle.report import Report

EXIT_OK, EXIT_FAILED, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


def _err(message: str) -> None:
    typer.echo(f"redd-audit: {visible(message)}", err=True)


def keygen(
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            help="Private key file to write (mode 0600); the public key goes to FILE.pub.",
        ),
    ],
) -> None:
    """Make an Ed25519 signing key pair for `run --signing-key` (never overwrites a file)."""
    from redd_audit.bundle.keys import PUBLIC_SUFFIX, generate_key_pair

    try:
        keyid = generate_key_pair(out)
    except InputError as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_INPUT) from None
    typer.echo(f"private key: {visible(out)} (mode 0600; keep it secret, never share it)")
    typer.echo(f"public key:  {visible(out)}{PUBLIC_SUFFIX} (give this to verifiers)")
    typer.echo(f"key id:      {keyid}")


def _keys(public_key: Path | None, trusted_keys: Path | None) -> list[VerifyingKey] | None:
    from redd_audit.bundle.keys import load_public_key, load_trusted_keys

    if public_key is not None and trusted_keys is not None:
        raise InputError("give either --public-key or --trusted-keys, not both")
    if public_key is not None:
        return [load_public_key(public_key)]
    if trusted_keys is not None:
        return load_trusted_keys(trusted_keys)
    return None


def _recompute(folder: Path, report: Report) -> None:
    """Check 6: re-run into a temporary folder and compare; failures go into ``report``."""
    from flows.recompute import recompute_folder
    from redd_audit.bundle.compare import compare_outputs

    # GX logs each ephemeral Data Docs site at INFO (and pins that logger's level at import):
    # a filter keeps the verify report free of it
    for name in ("great_expectations", "great_expectations.data_context.types.base"):
        logging.getLogger(name).addFilter(lambda record: record.levelno >= logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="redd-audit-recompute-") as work:
        try:
            rerun = recompute_folder(folder, Path(work))
        except InputError as exc:
            report.fail(exc.file or "inputs/", f"the re-run refused the snapshot: {exc.detail}")
            return
        result = compare_outputs(folder, rerun)
    for name in result.differing:
        report.fail(name, "differs from the re-run from inputs/ (--recompute)")
    for name in result.missing:
        report.fail(name, "not written by the re-run from inputs/ (--recompute)")
    for name in result.extra:
        report.fail(name, "written by the re-run from inputs/ but not in the folder (--recompute)")
    for name in result.excepted:
        report.notes.append(f"{name}: not compared (embeds the time of the run)")
    report.notes.append(f"--recompute: {result.compared} file(s) compared with a re-run")
    if not result.equal:
        report.notes.append(_software_note(folder))


def _software_note(folder: Path) -> str:
    """Which recorded software versions differ from the installed ones (a likely cause)."""
    import json

    from tasks.assemble import software_versions

    try:
        recorded = json.loads((folder / "manifest.json").read_text("utf-8")).get("software", {})
    except (OSError, ValueError, AttributeError):
        recorded = {}
    installed = software_versions()
    changed = [
        f"{name} {recorded.get(name)} (folder) vs {version} (installed)"
        for name, version in installed.items()
        if recorded.get(name) != version
    ]
    if changed:
        return "--recompute: software differs: " + "; ".join(changed)
    return (
        "--recompute: the recorded software versions equal the installed ones; a difference "
        "means changed inputs or changed code under the same version number"
    )


def verify(
    folder: Annotated[
        Path, typer.Argument(help="A period folder <out>/<project-id>/<start>_<end>.")
    ],
    public_key: Annotated[
        Path | None,
        typer.Option("--public-key", help="The signer's public key (FILE.pub of keygen)."),
    ] = None,
    trusted_keys: Annotated[
        Path | None,
        typer.Option(
            "--trusted-keys", help="A file of PEM public keys; a signature by any of them counts."
        ),
    ] = None,
    allow_unsigned: Annotated[
        bool,
        typer.Option(
            "--allow-unsigned", help="Accept a folder whose signature is not checked (no key)."
        ),
    ] = False,
    recompute: Annotated[
        bool,
        typer.Option(
            "--recompute", help="Also re-run the audit from inputs/ and compare byte for byte."
        ),
    ] = False,
) -> None:
    """Check a period folder: manifest, statement, signature, summary, revision chain."""
    from redd_audit.bundle.verify import verify_folder

    try:
        if not folder.is_dir():
            raise InputError(f"not a folder: {visible(folder)}")
        keys = _keys(public_key, trusted_keys)
        report = verify_folder(folder, keys, allow_unsigned=allow_unsigned)
        if recompute:
            _recompute(folder, report)
    except InputError as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_INPUT) from None
    except Exception as exc:  # a bug: one line, no traceback
        if os.environ.get("REDD_AUDIT_DEBUG"):
            raise
        _err(f"internal error: {type(exc).__name__}: {exc} (set REDD_AUDIT_DEBUG=1 for details)")
        raise typer.Exit(EXIT_INTERNAL) from None
    for failure in report.failures:
        typer.echo(f"FAIL {visible(failure.render())}")
    for note in report.notes:
        typer.echo(f"note {visible(note)}")
    digest = report.statement_sha256 or "unreadable"
    if report.signed_by:
        signed = f"signature by key id {', '.join(report.signed_by)} verified"
    else:
        signed = "no signature checked"
    if report.ok:
        typer.echo(f"verified: {visible(folder)} (statement sha256 {digest}; {signed})")
        raise typer.Exit(EXIT_OK)
    typer.echo(f"NOT verified: {visible(folder)}: {len(report.failures)} failure(s)")
    raise typer.Exit(EXIT_FAILED)


def register(app: typer.Typer) -> None:
    app.command("keygen")(keygen)
    app.command("verify")(verify)

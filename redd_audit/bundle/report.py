"""What the checks of ``redd-audit verify`` report: failures naming their file, notes, and
the attested folders (a manifest and its statement) they work on."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from redd_audit.bundle.dsse import Envelope
from redd_audit.bundle.statement import sha256_hex


@dataclass(frozen=True)
class Failure:
    file: str
    message: str

    def render(self) -> str:
        return f"{self.file}: {self.message}"


@dataclass
class Report:
    """The outcome of the checks: failures (exit 1 when any), and notes for the reader."""

    failures: list[Failure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    statement_sha256: str | None = None
    signed_by: list[str] = field(default_factory=list)

    def fail(self, file: str, message: str) -> None:
        self.failures.append(Failure(file, message))

    @property
    def ok(self) -> bool:
        return not self.failures


@dataclass(frozen=True)
class Attested:
    """A folder whose manifest and statement were read (checks 1-2)."""

    label: str
    manifest: dict[str, object]
    envelope: Envelope
    statement: dict[str, object]

    @property
    def predicate(self) -> dict[str, object]:
        value = self.statement.get("predicate")
        return value if isinstance(value, dict) else {}

    @property
    def statement_sha256(self) -> str:
        return sha256_hex(self.envelope.payload)


def join_label(label: str, name: str) -> str:
    """``name`` inside the folder ``label`` (relative to the folder verified)."""
    return name if not label else f"{label}/{name}"


def is_safe_name(name: str) -> bool:
    """A relative POSIX path that stays inside its folder."""
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts

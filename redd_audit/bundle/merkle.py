"""The Merkle root of a run's subjects (contract 9.2), in the style of RFC 6962 section 2.1.

Leaves are ``SHA-256(0x00 || path || 0x00 || sha256-hex)`` (path and digest as UTF-8 text) over
the subjects sorted by path; an interior node is ``SHA-256(0x01 || left || right)``; a level
with an odd number of nodes promotes its last node unchanged to the next level. This pairing is
the same tree as RFC 6962's split at the largest power of two below ``n`` (tests/bundle checks
both). The root of no subjects is ``SHA-256("")``, as in RFC 6962.

References
----------
B. Laurie, A. Langley, E. Kasper (2013), Certificate Transparency, RFC 6962, section 2.1.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"


def leaf_hash(path: str, sha256_hex: str) -> bytes:
    """``SHA-256(0x00 || path || 0x00 || sha256-hex)`` of one subject."""
    data = LEAF_PREFIX + path.encode("utf-8") + b"\x00" + sha256_hex.encode("ascii")
    return hashlib.sha256(data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """``SHA-256(0x01 || left || right)``."""
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def merkle_root(subjects: Iterable[tuple[str, str]]) -> str:
    """The hex Merkle root of ``(path, sha256-hex)`` pairs, sorted by path here.

    Raises
    ------
    ValueError
        Two subjects share a path.
    """
    ordered = sorted(subjects)
    paths = [path for path, _ in ordered]
    if len(set(paths)) != len(paths):
        raise ValueError("two subjects share a path")
    if not ordered:
        return hashlib.sha256(b"").hexdigest()
    level = [leaf_hash(path, digest) for path, digest in ordered]
    while len(level) > 1:
        paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0].hex()

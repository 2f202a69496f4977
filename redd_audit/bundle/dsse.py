"""DSSE envelopes (Dead Simple Signing Envelope, secure-systems-lab/dsse, protocol v1.0).

An envelope is one JSON object: ``{"payloadType", "payload": base64(body), "signatures":
[{"keyid", "sig": base64}]}``. A signature is made over the pre-authentication encoding
``"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body`` (LEN: the byte length in ASCII
decimal), never over the JSON, so that the JSON's formatting does not matter.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field

#: The payload type of an in-toto statement.
IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json"


class EnvelopeError(ValueError):
    """The envelope cannot be read (the message says why; it never quotes key material)."""


@dataclass(frozen=True)
class Signature:
    keyid: str
    sig: bytes


@dataclass(frozen=True)
class Envelope:
    payload_type: str
    payload: bytes
    signatures: tuple[Signature, ...] = field(default=())

    def to_json(self) -> str:
        """The envelope as one line of JSON (no newline)."""
        return json.dumps(
            {
                "payloadType": self.payload_type,
                "payload": base64.b64encode(self.payload).decode("ascii"),
                "signatures": [
                    {"keyid": s.keyid, "sig": base64.b64encode(s.sig).decode("ascii")}
                    for s in self.signatures
                ],
            },
            separators=(",", ":"),
        )


def pae(payload_type: str, body: bytes) -> bytes:
    """DSSE's pre-authentication encoding of ``body`` of type ``payload_type``."""
    kind = payload_type.encode("utf-8")
    return b"DSSEv1 %d %b %d %b" % (len(kind), kind, len(body), body)


def _b64(value: object, what: str) -> bytes:
    if not isinstance(value, str):
        raise EnvelopeError(f"{what} is not a base64 string")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise EnvelopeError(f"{what} is not valid base64") from None


def parse_envelope(text: str) -> Envelope:
    """Read the one envelope of a ``.intoto.jsonl`` file (exactly one non-empty line).

    Raises
    ------
    EnvelopeError
        Not one line of JSON, or a member missing or of the wrong type.
    """
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) != 1:
        raise EnvelopeError(f"expected one envelope line, found {len(lines)}")
    try:
        data = json.loads(lines[0])
    except json.JSONDecodeError as exc:
        raise EnvelopeError(f"not JSON ({exc.msg})") from None
    if not isinstance(data, dict):
        raise EnvelopeError("the envelope is not a JSON object")
    payload_type = data.get("payloadType")
    if not isinstance(payload_type, str):
        raise EnvelopeError("payloadType is missing")
    signatures = data.get("signatures")
    if not isinstance(signatures, list):
        raise EnvelopeError("signatures is not a list")
    parsed = []
    for i, entry in enumerate(signatures):
        if not isinstance(entry, dict):
            raise EnvelopeError(f"signature {i + 1} is not an object")
        keyid = entry.get("keyid", "")
        if not isinstance(keyid, str):
            raise EnvelopeError(f"signature {i + 1}: keyid is not a string")
        parsed.append(Signature(keyid, _b64(entry.get("sig"), f"signature {i + 1}")))
    return Envelope(payload_type, _b64(data.get("payload"), "payload"), tuple(parsed))

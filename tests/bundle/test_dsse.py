"""DSSE envelopes: the pre-authentication encoding, round trips, signatures over PAE."""

from __future__ import annotations

import base64
import json

import pytest

from redd_audit.bundle.dsse import (
    IN_TOTO_PAYLOAD_TYPE,
    Envelope,
    EnvelopeError,
    Signature,
    pae,
    parse_envelope,
)
from redd_audit.bundle.keys import SigningKey
from redd_audit.bundle.statement import envelope_of


def test_pae_of_the_dsse_specification_example():
    # the worked example of protocol.md in secure-systems-lab/dsse
    assert pae("http://example.com/HelloWorld", b"hello world") == (
        b"DSSEv1 29 http://example.com/HelloWorld 11 hello world"
    )


def test_pae_counts_bytes_not_characters():
    assert pae("t", "é".encode()) == b"DSSEv1 1 t 2 \xc3\xa9"
    assert pae("t", b"") == b"DSSEv1 1 t 0 "


def test_round_trip_is_one_line():
    env = Envelope(IN_TOTO_PAYLOAD_TYPE, b'{"a":1}', (Signature("k1", b"\x01\x02"),))
    line = env.to_json()
    assert "\n" not in line
    data = json.loads(line)
    assert data["payload"] == base64.b64encode(b'{"a":1}').decode()
    assert data["signatures"] == [{"keyid": "k1", "sig": base64.b64encode(b"\x01\x02").decode()}]
    assert parse_envelope(line + "\n") == env


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not json",
        "[]",
        '{"payloadType": "x", "payload": "!!", "signatures": []}',
        '{"payloadType": "x", "payload": "", "signatures": {}}',
        '{"payload": "", "signatures": []}',
        '{"payloadType": "x", "payload": "", "signatures": []}\n{"payloadType": "x"}',
    ],
)
def test_unreadable_envelopes_raise(text):
    with pytest.raises(EnvelopeError):
        parse_envelope(text)


def test_signature_is_over_pae_and_verifies():
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = SigningKey(Ed25519PrivateKey.generate())
    env = envelope_of(b'{"statement":1}', key)
    (sig,) = env.signatures
    assert sig.keyid == key.keyid
    assert key.public.verifies(pae(IN_TOTO_PAYLOAD_TYPE, env.payload), sig.sig)
    assert not key.public.verifies(env.payload, sig.sig)  # not over the bare payload
    assert not key.public.verifies(pae(IN_TOTO_PAYLOAD_TYPE, b'{"statement":2}'), sig.sig)


def test_unsigned_envelope_has_no_signatures():
    assert envelope_of(b"{}", None).signatures == ()

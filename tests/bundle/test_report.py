"""redd_audit.bundle.report: failures, notes and the attested folders."""

from __future__ import annotations

import hashlib

import pytest

from redd_audit.bundle.dsse import IN_TOTO_PAYLOAD_TYPE, Envelope
from redd_audit.bundle.report import Attested, Failure, Report, is_safe_name, join_label


def test_report_is_ok_until_a_failure() -> None:
    report = Report()
    assert report.ok
    report.fail("summary.json", "totals.vcus differs")
    assert not report.ok
    assert report.failures == [Failure("summary.json", "totals.vcus differs")]
    assert report.failures[0].render() == "summary.json: totals.vcus differs"


def test_attested_predicate_and_digest() -> None:
    payload = b'{"predicate":{"run_id":"r1"}}'
    envelope = Envelope(IN_TOTO_PAYLOAD_TYPE, payload, ())
    attested = Attested("revisions/001", {}, envelope, {"predicate": {"run_id": "r1"}})
    assert attested.predicate == {"run_id": "r1"}
    assert attested.statement_sha256 == hashlib.sha256(payload).hexdigest()
    assert Attested("", {}, envelope, {"predicate": "x"}).predicate == {}


def test_labels() -> None:
    assert join_label("", "summary.json") == "summary.json"
    assert join_label("revisions/001", "summary.json") == "revisions/001/summary.json"


@pytest.mark.parametrize(
    ("name", "safe"),
    [("a/b.csv", True), ("", False), ("/etc/passwd", False), ("a/../../b", False), ("..", False)],
)
def test_safe_names(name: str, safe: bool) -> None:
    assert is_safe_name(name) is safe

"""The Merkle root of contract 9.2: hand-checkable cases and RFC 6962's recursive definition."""

from __future__ import annotations

import hashlib

import pytest

from redd_audit.bundle.merkle import leaf_hash, merkle_root, node_hash


def _h(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _rfc6962(leaves: list[bytes]) -> bytes:
    """MTH of RFC 6962 section 2.1: split at the largest power of two below n."""
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return _h(b"\x01" + _rfc6962(leaves[:k]) + _rfc6962(leaves[k:]))


A, B, C = ("a.txt", "aa" * 32), ("b.txt", "bb" * 32), ("c.txt", "cc" * 32)


def test_leaf_is_prefixed_path_and_digest():
    assert leaf_hash("a.txt", "aa" * 32) == _h(b"\x00a.txt\x00" + b"aa" * 32)


def test_node_is_prefixed_pair():
    assert node_hash(b"L", b"R") == _h(b"\x01LR")


def test_no_subjects_is_hash_of_empty_string():
    assert merkle_root([]) == hashlib.sha256(b"").hexdigest()


def test_one_subject_is_its_leaf():
    assert merkle_root([A]) == leaf_hash(*A).hex()


def test_two_subjects_sorted_by_path():
    expected = node_hash(leaf_hash(*A), leaf_hash(*B)).hex()
    assert merkle_root([B, A]) == expected == merkle_root([A, B])


def test_three_subjects_promote_the_odd_node():
    # level 1: [H(a,b), c]  -> root H(H(a,b), c); c is promoted unchanged, never duplicated
    ab = node_hash(leaf_hash(*A), leaf_hash(*B))
    assert merkle_root([C, A, B]) == node_hash(ab, leaf_hash(*C)).hex()


@pytest.mark.parametrize("n", range(1, 18))
def test_pairing_equals_rfc6962_split(n):
    subjects = [(f"f{i:02d}", f"{i:064x}") for i in range(n)]
    assert merkle_root(subjects) == _rfc6962([leaf_hash(*s) for s in subjects]).hex()


def test_any_change_changes_the_root():
    base = merkle_root([A, B, C])
    assert merkle_root([A, B, ("c.txt", "cd" * 32)]) != base
    assert merkle_root([A, B, ("d.txt", "cc" * 32)]) != base
    assert merkle_root([A, B]) != base


def test_duplicate_paths_are_refused():
    with pytest.raises(ValueError):
        merkle_root([A, ("a.txt", "bb" * 32)])

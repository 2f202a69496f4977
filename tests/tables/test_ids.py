"""redd_audit.tables.ids: one spelling per identifier."""

from __future__ import annotations

import pandas as pd
import pytest

from redd_audit.errors import InputError
from redd_audit.tables.ids import MAX_ID_CHARACTERS, check_ids, look_alike
from redd_audit.tables.schemas import SCHEMAS

EVENTS = SCHEMAS["deforestation_events"]


def _frame(ids: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {"event_id": pd.Series(ids, dtype="string"), "_row": range(2, len(ids) + 2)}
    )


def test_ids_are_normalised_to_nfc_in_place() -> None:
    frame = _frame(["Cafe\u0301", "E-2"])
    check_ids(frame, EVENTS, "deforestation_events.csv")
    assert frame["event_id"].tolist() == ["Caf\u00e9", "E-2"]


def test_case_only_variants_are_refused_naming_both_rows() -> None:
    with pytest.raises(InputError, match="differ only in letter case") as info:
        check_ids(_frame(["E-1", "E-2", "e-1"]), EVENTS, "deforestation_events.csv")
    assert "'E-1' (row 2) and 'e-1' (row 4)" in str(info.value)
    assert (info.value.row, info.value.column) == (2, "event_id")


def test_exact_duplicates_are_left_to_the_gate() -> None:
    check_ids(_frame(["E-1", "E-1"]), EVENTS, "deforestation_events.csv")


def test_too_long_id() -> None:
    with pytest.raises(InputError, match=f"has 256 characters; at most {MAX_ID_CHARACTERS}"):
        check_ids(_frame(["x" * 256]), EVENTS, "deforestation_events.csv")


def test_invisible_character_is_refused_naming_it() -> None:
    with pytest.raises(InputError, match="U\\+200B") as info:
        check_ids(_frame(["E-1\u200b"]), EVENTS, "deforestation_events.csv")
    assert info.value.row == 2


def test_look_alikes() -> None:
    assert look_alike("E-1") is None
    assert look_alike("Ñandú-1") is None
    mixed = look_alike("PL\u041e\u0422-1")  # Latin P, L with Cyrillic О, Т
    assert mixed is not None and mixed.startswith("mixes Latin with CYRILLIC letters")
    twin = look_alike("\u0415-1")  # Cyrillic Е
    assert twin is not None and twin.startswith("looks like 'E-1' but is written with U+0415")
    assert look_alike("Ж-1") is None  # no Latin twin

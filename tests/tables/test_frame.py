"""Reading codes of a closed list (contract 5.8): trimmed, compared ignoring case, written in
the code's own spelling; anything else kept as read for the data-quality suite to report."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from redd_audit.tables.frame import canonical_codes
from redd_audit.tables.schemas import FINDING_STATUSES, FINDING_TYPES, SCHEMAS


def test_known_codes_in_any_case_and_spacing_read_as_the_code() -> None:
    values = pd.Series([" Closed ", "OPEN", "open", "pending", None, "op en"], dtype="string")
    got = canonical_codes(values, FINDING_STATUSES)
    assert got.dtype == values.dtype
    assert got.tolist() == ["closed", "open", "open", "pending", pd.NA, "op en"]


def test_findings_schema_declares_its_vocabularies() -> None:
    schema = SCHEMAS["verification_findings"]
    assert schema.vocabularies == {"type": FINDING_TYPES, "status": FINDING_STATUSES}


@given(
    code=st.sampled_from(FINDING_TYPES),
    pad=st.tuples(st.sampled_from(["", " ", "\t", "  "]), st.sampled_from(["", " ", "\t"])),
    flips=st.lists(st.booleans(), min_size=3, max_size=3),
)
def test_any_casing_and_padding_of_a_type_reads_back(code, pad, flips) -> None:  # type: ignore[no-untyped-def]
    cased = "".join(c.lower() if f else c for c, f in zip(code, flips + [False] * 3, strict=False))
    raw = pad[0] + cased + pad[1]
    assert canonical_codes(pd.Series([raw], dtype="string"), FINDING_TYPES).tolist() == [code]

"""redd_audit.cycle.findings_register: the verifier's register and the draft findings."""

from __future__ import annotations

import pandas as pd

from redd_audit.cycle.findings_register import (
    FINDING_TYPES,
    draft_findings,
    register_counts,
    verification_summary,
)

LINE = {
    "quantity": "vcus",
    "claimed": 1540.0,
    "recomputed": 1500.0,
    "misstatement": 40.0,
    "misstatement_fraction": 40 / 1500,
    "direction": "overstated",
    "material": True,
}


def _register(rows: list[tuple[object, object]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["type", "status"])


def test_counts_normalise_case_and_blanks() -> None:
    opened, closed, by_type = register_counts(
        _register([(" car ", "Open"), ("OFI", "open"), ("NCR", " closed "), (None, None)])
    )
    assert (opened, closed) == (2, 1)
    assert by_type["CAR"] == 1 and by_type["OFI"] == 1 and by_type["NCR"] == 0
    assert register_counts(None) == (0, 0, dict.fromkeys(FINDING_TYPES, 0))


def test_drafts_for_material_lines() -> None:
    understated = {**LINE, "quantity": "vcus", "direction": "understated", "misstatement": -40.0}
    drafts = draft_findings([LINE, understated, {**LINE, "material": False}], None)
    assert [d["type"] for d in drafts] == ["NCR", "NCR"]  # contract 5.4: every material line
    assert drafts[0]["reference"] == "materiality:vcus"
    assert drafts[0]["description"] == (
        "Over the period, VCUs overstated by 40 (2.67 %): material (claimed 1,540, "
        "recomputed 1,500)"
    )
    assert "(conservative: it cannot overstate VCUs)" in drafts[1]["description"]


def test_biased_map_without_size_is_an_nir() -> None:
    drafts = draft_findings([], {"change_class_biased": True, "classes": []})
    assert [(d["type"], d["reference"]) for d in drafts] == [("NIR", "accuracy:deforestation")]


def test_summary_ready_only_without_misstatement_or_blocking_findings() -> None:
    clean = {**LINE, "material": False}
    ready = verification_summary(_register([("OFI", "open")]), [clean], None, figures=True)
    assert ready["ready_for_opinion"] is True and ready["material_misstatement"] is False
    blocked = verification_summary(_register([("CAR", "open")]), [clean], None, figures=True)
    assert blocked["ready_for_opinion"] is False
    material = verification_summary(None, [LINE], None, figures=True)
    assert material["material_misstatement"] is True and not material["ready_for_opinion"]
    unknown = verification_summary(None, [LINE], None, figures=False)
    assert unknown["material_misstatement"] is None and unknown["draft_findings"] == []

"""The buffer basis the claims follow, against the stated rule (contract 7.4).

For every claimed vintage of the period with a ``buffer_tco2e``, the candidate buffers are
computed **from the claim's own columns** with the registered equations of
:mod:`redd_audit.methodology.buffer`: ``before_leakage`` on ``claimed baseline − claimed
project``, ``after_leakage`` on ``… − claimed leakage`` (the claim's NER) and ``net`` on that NER ×
the recomputed deduction factor, each × the project's ``risk_rating_fraction`` (nil when the
claim's NER ≤ 0). A claim follows a basis when ``|claimed − candidate| ≤ max(1 tCO2e, 1e-6 ×
|candidate|)`` (whole-tonne rounding). ``claims_follow`` is the set of bases every claimed vintage
follows. When it is not empty and lacks the stated basis the period gets a draft finding (``NCR``
when the VCU overstatement, Σ (stated-rule buffer − claimed buffer), is material under section
5.2, else ``NIR``); when it is empty, a warning with the implied ratings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from redd_audit.findings import Finding
from redd_audit.methodology.buffer import buffer_base_tco2e, buffer_withholding_tco2e
from redd_audit.methodology.net_reductions import (
    adjusted_net_emission_reductions_tco2e,
    net_emission_reductions_tco2e,
)
from redd_audit.methodology.reconciliation import is_material

RULE = "contract 7.4: the buffer basis of the claims against accounting.rules.buffer_base"
REFERENCE = "accounting.rules.buffer_base; claimed_vintages.buffer_tco2e"
#: The bases a claim is tested against (summary key -> rule value), in the contract's order.
CANDIDATES = {
    "before_leakage_tco2e": "stock_change",
    "after_leakage_tco2e": "after_leakage",
    "net_tco2e": "net",
}
#: Absolute and relative tolerance of "follows" (reports print whole tonnes).
TOLERANCE_TCO2E = 1.0
RELATIVE_TOLERANCE = 1e-6
_CLAIMED = ("baseline_tco2e", "project_tco2e", "leakage_tco2e", "buffer_tco2e")


def follows_basis(claimed_tco2e: float, candidate_tco2e: float) -> bool:
    """``|claimed − candidate| ≤ max(1 tCO2e, 1e-6 × |candidate|)``."""
    tolerance = max(TOLERANCE_TCO2E, RELATIVE_TOLERANCE * abs(candidate_tco2e))
    return abs(claimed_tco2e - candidate_tco2e) <= tolerance


def candidate_buffers_tco2e(
    claim: Mapping[str, float], deduction_factor: float, risk_rating_fraction: float
) -> dict[str, float]:
    """The buffer under every rule of 7.4 from the claim's own columns [tCO2e]."""
    baseline, project, leakage = (claim[k] for k in _CLAIMED[:3])
    ner = net_emission_reductions_tco2e(baseline, project, leakage)
    adjusted = adjusted_net_emission_reductions_tco2e(ner, deduction_factor, False)
    rules = (*CANDIDATES.values(), "adjusted_stock_change")
    return {
        rule: buffer_withholding_tco2e(
            risk_rating_fraction,
            buffer_base_tco2e(baseline, project, deduction_factor, rule, ner, adjusted),
            ner,
        )
        for rule in rules
    }


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return None if value != value else float(value)


def _claim(record: Mapping[str, object]) -> dict[str, float] | None:
    values = {k: _number(record.get(k)) for k in _CLAIMED}
    if any(v is None for v in values.values()):
        return None
    return {k: v for k, v in values.items() if v is not None}


def _tested(stated: str) -> tuple[str, ...]:
    """The rules a claim is tested against: the three of 7.4, and the stated one."""
    rules = tuple(CANDIDATES.values())
    return rules if stated in rules else (*rules, stated)


def buffer_basis(
    claims: Mapping[int, Mapping[str, object]],
    vintages: Sequence[int],
    *,
    stated: str,
    deduction_factor: float,
    risk_rating_fraction: float,
) -> dict[str, object]:
    """summary.json ``buffer_basis`` (contract 7.5.1) over the claimed vintages of the period.

    ``consistent`` is None when no vintage of the period has a complete claim with a buffer.
    The vintages' figures are buffers (rating × base). Beyond the contract's keys each vintage
    carries ``stated_tco2e`` (the stated rule's buffer from the claim's columns), and the period
    the rating and ``difference_tco2e``, Σ (stated − claimed), the VCU overstatement of the claims.
    """
    rows: list[dict[str, object]] = []
    common: list[str] | None = None
    difference = 0.0
    tested = _tested(stated)
    for vintage in vintages:
        claim = _claim(claims.get(vintage, {}))
        if claim is None:
            continue
        buffers = candidate_buffers_tco2e(claim, deduction_factor, risk_rating_fraction)
        claimed = claim["buffer_tco2e"]
        follows = [rule for rule in tested if follows_basis(claimed, buffers[rule])]
        common = follows if common is None else [r for r in common if r in follows]
        difference += buffers[stated] - claimed
        rows.append(
            {
                "vintage": vintage,
                **{key: buffers[rule] for key, rule in CANDIDATES.items()},
                "stated_tco2e": buffers[stated],
                "claimed_tco2e": claimed,
                "follows": follows,
            }
        )
    claims_follow = common or []
    return {
        "stated": stated,
        "claims_follow": claims_follow,
        "consistent": None if not rows else stated in claims_follow,
        "vintages": rows,
        "risk_rating_fraction": risk_rating_fraction,
        "difference_tco2e": difference,
    }


def _whole(x: float) -> str:
    return f"{x:,.0f}"


def buffer_basis_draft(
    basis: Mapping[str, object], recomputed_vcus: float, materiality_fraction: float
) -> dict[str, str] | None:
    """The draft finding (contract 5.4) when the claims follow a basis other than the stated
    one: ``NCR`` when the VCU overstatement is material (section 5.2), else ``NIR``."""
    follows = [str(b) for b in _list(basis.get("claims_follow"))]
    stated = str(basis.get("stated"))
    if not follows or stated in follows:
        return None
    rows = [r for r in _list(basis.get("vintages")) if isinstance(r, Mapping)]
    difference = float(_number(basis.get("difference_tco2e")) or 0.0)
    fraction = difference / abs(recomputed_vcus) if recomputed_vcus else None
    material = difference > 0 and is_material(fraction, materiality_fraction)
    share = "" if fraction is None else f" ({fraction * 100:.2f} % of the recomputed VCUs)"
    years = ", ".join(str(r.get("vintage")) for r in rows)
    stated_buffers = "; ".join(
        f"{r.get('vintage')}: {_whole(float(_number(r.get('stated_tco2e')) or 0.0))}" for r in rows
    )
    return {
        "type": "NCR" if material else "NIR",
        "reference": REFERENCE,
        "description": (
            f"the claimed buffer of vintage(s) {years} follows {' / '.join(follows)}, not the "
            f"stated rule {stated}: the stated rule's buffers from the claimed figures are "
            f"{stated_buffers} tCO2e; the claims withhold {_whole(difference)} tCO2e less"
            f"{share}, by which the VCUs are overstated"
        ),
    }


def _list(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else []


def buffer_basis_warning(basis: Mapping[str, object], file: str) -> Finding | None:
    """The warning when the claimed buffers follow none of the bases, with the implied
    ratings ``claimed / base`` per vintage and basis."""
    rows = [r for r in _list(basis.get("vintages")) if isinstance(r, Mapping)]
    if not rows or _list(basis.get("claims_follow")):
        return None
    parts = []
    for r in rows:
        claimed = float(_number(r.get("claimed_tco2e")) or 0.0)
        ratios = []
        for key, rule in CANDIDATES.items():
            buffer = float(_number(r.get(key)) or 0.0)
            # candidate = rating × base, so the implied rating is claimed / base
            ratios.append(f"{rule} {_implied(claimed, buffer, basis)}")
        parts.append(f"{r.get('vintage')}: " + ", ".join(ratios))
    return Finding(
        severity="warning",
        file=file,
        row=None,
        record=None,
        column="buffer_tco2e",
        value=None,
        expectation="buffer_basis",
        rule=RULE,
        message="claimed buffer follows none of the three bases; implied risk ratings (claimed / "
        "base): " + "; ".join(parts),
    )


def _implied(claimed: float, buffer: float, basis: Mapping[str, object]) -> str:
    rating = _number(basis.get("risk_rating_fraction"))
    if not rating or not buffer:
        return "n/a"
    return f"{claimed / (buffer / rating):.4f}"


def assess_buffer_basis(
    claims: Mapping[int, Mapping[str, object]],
    *,
    vintages: Sequence[int],
    stated: str,
    deduction_factor: float,
    risk_rating_fraction: float,
    recomputed_vcus: float,
    materiality_fraction: float,
    file: str,
) -> tuple[dict[str, object], list[dict[str, str]], list[Finding]]:
    """summary.json ``buffer_basis``, its draft finding and its warning (each list empty or
    of one)."""
    basis = buffer_basis(
        claims,
        vintages,
        stated=stated,
        deduction_factor=deduction_factor,
        risk_rating_fraction=risk_rating_fraction,
    )
    draft = buffer_basis_draft(basis, recomputed_vcus, materiality_fraction)
    warning = buffer_basis_warning(basis, file)
    return basis, [draft] if draft else [], [warning] if warning else []

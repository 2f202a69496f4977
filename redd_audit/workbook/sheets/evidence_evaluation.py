"""The evaluation block of the "Evidence sample" sheet (contract 5.5 amended): the verifier's
observations projected to the population and bounded on both sides, signed in VCU terms
(positive = VCUs overstated, as on Period materiality and in summary.json).

Per selected event (columns after the tainting): the positive taintings of the ``v < J`` events
(VCU overstatement), their rank (largest first) and incremental allowance ``(ΔF_k − 1)·t·J``;
the same for the magnitudes of the negative taintings (VCU understatement). The two upper
limits are the steps of ``upper_limit_vcu_overstatement_tco2e`` and
``upper_limit_vcu_understatement_tco2e`` (:mod:`redd_audit.sampling.monetary_unit`) in
functions the cached-value engine verifies (contract 5.7).
"""

from __future__ import annotations

from collections.abc import Mapping

from redd_audit.formulas.monetary_unit import (
    maximum_sample_size,
    projected_misstatement_tco2e,
    sample_supports_vcus,
)
from redd_audit.sampling.monetary_unit import COMPARISON_TOLERANCE_TCO2E
from redd_audit.workbook.layout import SheetBuilder, fx, inp
from redd_audit.workbook.model import COUNT, DATE, FRACTION, TCO2E, Cell

PARAM_COL = 3  # values of the parameter and evaluation blocks in column C

#: The Source column of the parameter and evaluation blocks, by row label.
SOURCES = {
    "Materiality fraction": "Parameters (project.yaml materiality_fraction)",
    "Net emission reductions NER (tCO2e)": "Vintages (Total_NER_tCO2e)",
    "Confidence": "contract 5.5",
    "Reliability factor R (no error expected)": "contract 5.5 (Poisson factor for 0 errors)",
    "Seed": "run option --sample-seed, the first revision's seed, or the events file's SHA-256",
    "Start fraction": "numpy.random.default_rng(seed).random()",
    "Population (tCO2e)": "population per stratum (above): Strata, Events",
    "Sample size (selected events)": "selected events (below)",
    "Events checked (observed area entered)": "selected events (below)",
    "Projected misstatement": "selected events (below)",
    "Incremental allowance": "selected events (below), factor table (bottom)",
    "Upper limit": "selected events (below), factor table (bottom)",
    "Comparison tolerance": "rounding of R × (T / R) (redd_audit.sampling.monetary_unit)",
    "Sample supports the VCUs": "limit of VCU overstatement against T",
}

#: (key, header, number format) of the ranking columns, after the projection column.
RANK_COLUMNS = [
    ("over_t", "Positive tainting of v < J (VCU overstatement)", FRACTION),
    ("over_rank", "Rank k of the positive tainting (largest first)", COUNT),
    ("over_allowance", "Overstatement allowance (ΔF_k − 1)·t·J (tCO2e)", TCO2E),
    ("under_t", "|Negative tainting| of v < J (VCU understatement)", FRACTION),
    ("under_rank", "Rank k of the |negative tainting| (largest first)", COUNT),
    ("under_allowance", "Understatement allowance (ΔF_k − 1)·|t|·J (tCO2e)", TCO2E),
]

#: (key, header, number format) of the verifier's notes beside the observed area; the headers
#: name the sample_observations columns that carry-forward writes them to.
DETAIL_COLUMNS = [
    ("obs_on", "observed_on: VERIFIER INPUT", DATE),
    ("obs_by", "observer: VERIFIER INPUT", None),
    ("obs_ref", "evidence_ref: VERIFIER INPUT", None),
    ("obs_note", "note: VERIFIER INPUT", None),
]


def detail_cells(details: Mapping[str, object]) -> list[Cell]:
    """Input cells for observed_on, observer, evidence_ref, note (pre-filled when given)."""
    names = ("observed_on", "observer", "evidence_ref", "note")
    return [
        inp(details.get(name), fmt) for name, (_, _, fmt) in zip(names, DETAIL_COLUMNS, strict=True)
    ]


COMPLETENESS = (
    "Completeness: a sample of recorded events cannot find deforestation that was never "
    "recorded. That side is tested by the map bias (Accuracy by class: Map_Bias_Implied_tCO2e) "
    "and the accuracy re-check (sheet Accuracy re-check)."
)
SIGN = (
    "Sign: m = v_obs − v; positive = deforestation under-recorded, emissions too low, VCUs "
    "overstated (the same sign as Period materiality and summary.json)."
)


def parameter_row(sh: SheetBuilder, r: int, text: str, cell: Cell, name: str | None = None) -> str:
    """A labelled value in column C with its source in D; defines ``name`` when given."""
    sh.put(r, 1, text, "key" if name else "label")
    sh.cells[(r, PARAM_COL)] = cell
    source = next((v for k, v in SOURCES.items() if text.startswith(k)), "this sheet")
    sh.put(r, PARAM_COL + 1, source)
    if name:
        sh.define(name, r, PARAM_COL)
        return name
    return sh.ref(r, PARAM_COL, local=True)


def _rank(column: str, first: int, last: int, r: int) -> Cell:
    """Rank of the row's tainting in its column (largest first, ties by row order); 0 for 0."""
    own = f"{column}{r}"
    whole = f"${column}${first}:${column}${last}"
    return fx(
        f"=IF({own}>0,SUMPRODUCT(({whole}>{own})*1)+SUMPRODUCT(("
        f"${column}${first}:{own}={own})*1),0)",
        COUNT,
    )


def _allowance(rank: str, tainting: str) -> Cell:
    return fx(
        f"=IF({rank}>0,(INDEX(MUS_Incremental_Factors,{rank})-1)*{tainting}*MUS_Interval_tCO2e,0)",
        TCO2E,
    )


def rank_cells(c: Mapping[str, str], L: Mapping[str, str], first: int, last: int) -> list[Cell]:
    """The six ranking cells of one event row (``c``: the row's cell addresses by key)."""
    r = int(c["top"][len(L["top"]) :])
    return [
        fx(f"=IF(AND({c['top']}=0,{c['tainting']}>0),{c['tainting']},0)", FRACTION),
        _rank(L["over_t"], first, last, r),
        _allowance(c["over_rank"], c["over_t"]),
        fx(f"=IF(AND({c['top']}=0,{c['tainting']}<0),-{c['tainting']},0)", FRACTION),
        _rank(L["under_t"], first, last, r),
        _allowance(c["under_rank"], c["under_t"]),
    ]


#: Rows from the evaluation header to the events table's header (rows + notes + spacing).
SUMMARY_HEIGHT = 19


def evaluation_block(
    sh: SheetBuilder,
    top: int,
    strata_first_row: int,
    strata_last: int,
    rng: Mapping[str, str],
    n_rows: int,
    sampling: Mapping[str, object],
) -> None:
    """The evaluation rows from ``top`` (header) down; ``rng``: the events' column ranges."""
    basic = "MUS_Reliability_Factor*MUS_Interval_tCO2e"
    rows: list[tuple[str, Cell, str | None]] = [
        (
            "Population (tCO2e)",
            fx(f"=SUM(D{strata_first_row + 1}:D{strata_last})", TCO2E),
            "MUS_Population_tCO2e",
        ),
        (
            "Maximum sample size ceil(population / J)",
            fx(maximum_sample_size("MUS_Population_tCO2e", "MUS_Interval_tCO2e"), COUNT),
            None,
        ),
        (
            "Sample size (selected events)",
            fx(f"=COUNTA({rng['event_id']})", COUNT) if n_rows else inp(0, COUNT),
            "MUS_Sample_Size",
        ),
        (
            "Events checked (observed area entered)",
            fx(f"=COUNT({rng['observed']})", COUNT),
            "MUS_Events_Checked",
        ),
        (
            "Projected misstatement Σ(t·J for v < J) + Σ(m for v ≥ J) (tCO2e; + = VCUs overstated)",
            fx(
                projected_misstatement_tco2e(rng["value"], rng["tainting"], "MUS_Interval_tCO2e"),
                TCO2E,
            ),
            "Projected_Misstatement_tCO2e",
        ),
        ("Basic precision R × J (tCO2e)", fx(f"={basic}", TCO2E), None),
        (
            "Incremental allowance, overstatement Σ (ΔF_k − 1) t_(k) J (tCO2e)",
            fx(f"=SUM({rng['over_allowance']})", TCO2E),
            "MUS_Overstatement_Allowance_tCO2e",
        ),
        (
            "Upper limit of VCU overstatement: R·J + Σ t_(k)·J + allowance + positive m of "
            "v ≥ J (tCO2e)",
            fx(
                f"={basic}+SUMIF({rng['top']},0,{rng['over_t']})*MUS_Interval_tCO2e"
                "+MUS_Overstatement_Allowance_tCO2e"
                f'+SUMIFS({rng["misstatement"]},{rng["top"]},1,{rng["misstatement"]},">0")',
                TCO2E,
            ),
            "Upper_Limit_VCU_Overstatement_tCO2e",
        ),
        (
            "Incremental allowance, understatement Σ (ΔF_k − 1) |t|_(k) J (tCO2e)",
            fx(f"=SUM({rng['under_allowance']})", TCO2E),
            "MUS_Understatement_Allowance_tCO2e",
        ),
        (
            "Upper limit of VCU understatement: R·J + Σ |t|_(k)·J + allowance + |negative m| "
            "of v ≥ J (tCO2e)",
            fx(
                f"={basic}+SUMIF({rng['top']},0,{rng['under_t']})*MUS_Interval_tCO2e"
                "+MUS_Understatement_Allowance_tCO2e"
                f'-SUMIFS({rng["misstatement"]},{rng["top"]},1,{rng["misstatement"]},"<0")',
                TCO2E,
            ),
            "Upper_Limit_VCU_Understatement_tCO2e",
        ),
        (
            "Comparison tolerance (tCO2e): a limit exceeds T only by more than this",
            inp(COMPARISON_TOLERANCE_TCO2E, TCO2E),
            "MUS_Comparison_Tolerance_tCO2e",
        ),
        (
            "Sample supports the VCUs (FALSE: overstatement limit > T; blank: events unchecked)",
            fx(
                sample_supports_vcus(
                    "Upper_Limit_VCU_Overstatement_tCO2e",
                    "MUS_Tolerable_Misstatement_tCO2e",
                    "MUS_Events_Checked",
                    "MUS_Sample_Size",
                )
            ),
            "Sample_Supports_VCUs",
        ),
    ]
    sh.headers(top, 1, ["Evaluation", "", "Value", "Source"])
    for i, (text, cell, name) in enumerate(rows, start=1):
        parameter_row(sh, top + i, text, cell, name)
    r = top + len(rows) + 1
    notes = [SIGN, COMPLETENESS]
    if sampling.get("warning"):
        notes.append(str(sampling["warning"]))
    for i, text in enumerate(notes):
        sh.put(r + i, 1, text, "note")

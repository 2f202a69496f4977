"""The tool's figures presented as verified reports present them (contract.md section 8.8).

Reports print every figure in whole tonnes rounded half away from zero and derive the rest from
the rounded columns: ``NER = BL − PE − LK``, ``buffer = ROUND(rating × base)``, ``VCUs = NER −
buffer − uncertainty deduction``. :func:`reported_figures` applies that to one vintage, beside
the exact figures; issued VCUs stay those of section 2.1.
"""

from __future__ import annotations

from redd_audit.methodology.figures import ReportedFigures, VintageFigures
from redd_audit.methodology.net_reductions import net_emission_reductions_tco2e
from redd_audit.rounding import round_half_away


def reported_whole_tonnes(value_tco2e: float) -> float:
    """A figure as reports print it: whole tonnes, a half rounded away from zero [tCO2e].

    Notes
    -----
    ``ROUND(x, 0)`` (spreadsheet rounding; contract.md section 8.8). Hand test: 1,000,000.4 →
    1,000,000; 9,999.6 → 10,000; 50,000.5 → 50,001.
    """
    return round_half_away(value_tco2e, 0)


def reported_buffer_tco2e(risk_rating_fraction: float, buffer_base_tco2e: float) -> float:
    """The buffer as reports derive it from their rounded columns [tCO2e].

    Parameters
    ----------
    risk_rating_fraction : float
        The non-permanence risk rating [-].
    buffer_base_tco2e : float
        The base of the buffer rule computed from the rounded columns [tCO2e].

    Notes
    -----
    ``ROUND(rating × base, 0)``, 0 when the base is not positive (contract.md section 8.8;
    NPRT). Hand test: 0.12 × 939,999 = 112,799.88 → 112,800.
    """
    if buffer_base_tco2e <= 0:
        return 0.0
    return round_half_away(risk_rating_fraction * buffer_base_tco2e, 0)


def reported_vcus(
    ner_tco2e: float, buffer_tco2e: float, uncertainty_deduction_tco2e: float
) -> float:
    """VCUs as reports derive them: ``NER − buffer − uncertainty deduction`` [tCO2e].

    Notes
    -----
    Contract.md section 8.8 (VCS monitoring report template, table of estimated net
    reductions). Hand test: 939,999 − 112,800 − 0 = 827,199.
    """
    return ner_tco2e - buffer_tco2e - uncertainty_deduction_tco2e


def reported_figures(
    figure: VintageFigures, risk_rating_fraction: float, buffer_base: str, deduction_factor: float
) -> ReportedFigures:
    """The vintage's figures as a report presents them (ROUND per column, then arithmetic).

    ``buffer_base`` is ``accounting.rules.buffer_base``: ``stock_change`` (``before_leakage``)
    takes ``BL − PE,stock``, ``after_leakage`` the NER, ``net`` the NER less the uncertainty
    deduction, ``adjusted_stock_change`` ``(BL − PE,stock) × factor`` (contract 7.4), each from
    the rounded columns.
    """
    baseline = reported_whole_tonnes(figure.baseline_tco2e)
    project = reported_whole_tonnes(figure.project_tco2e)
    stock = reported_whole_tonnes(figure.project_stock_tco2e)
    leakage = reported_whole_tonnes(figure.leakage_tco2e)
    ner = net_emission_reductions_tco2e(baseline, project, leakage)
    deduction = reported_whole_tonnes(figure.ner_tco2e - figure.adjusted_ner_tco2e)
    bases = {
        "stock_change": baseline - stock,
        "before_leakage": baseline - stock,
        "after_leakage": ner,
        "net": ner - deduction,
        "adjusted_stock_change": (baseline - stock) * deduction_factor,
    }
    base = bases.get(buffer_base, baseline - stock)
    buffer = reported_buffer_tco2e(risk_rating_fraction, base) if ner > 0 else 0.0
    return ReportedFigures(
        baseline_tco2e=baseline,
        project_tco2e=project,
        leakage_tco2e=leakage,
        ner_tco2e=ner,
        buffer_tco2e=buffer,
        uncertainty_deduction_tco2e=deduction,
        vcus=reported_vcus(ner, buffer, deduction),
    )

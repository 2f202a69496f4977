"""Activity-shifting leakage, LK-ASU (VMD0010): leakage-belt emissions above its baseline, and
the leakage of immigrant agents outside the belt (contract.md section 8.6).

The netting rule (``accounting.rules.leakage_netting``) lives here: ``per_vintage`` nets each
vintage on its own (contract.md §2.1); ``per_period`` nets once over the monitoring period and
allocates the result to the vintages by days (domain.md §1.6, the version point marked [U]).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, overload

import numpy as np

from redd_audit.methodology.figures import ImmigrantLeakage, Note, VintageFigures
from redd_audit.parameters import CO2_PER_C

if TYPE_CHECKING:
    from redd_audit.project_settings import ImmigrantLeakageSettings

#: The values of ``accounting.rules.leakage_netting``.
LEAKAGE_NETTING_RULES = ("per_vintage", "per_period")


def leakage_emissions_tco2e(
    leakage_belt_emissions_tco2e: np.ndarray | float,
    leakage_belt_baseline_emissions_tco2e: np.ndarray | float,
) -> np.ndarray | float:
    """ΔC_LK-AS: leakage of a year, never negative [tCO2e].

    Notes
    -----
    ``max(0, ΔC_P,LB − ΔC_BSL,LB)`` with both terms summed over all strata for the year, each
    with tails (contract.md §2.1; domain.md §1.6). Negative leakage is set to zero.
    """
    leakage: np.ndarray = np.maximum(
        0.0,
        np.asarray(leakage_belt_emissions_tco2e, dtype=float)
        - np.asarray(leakage_belt_baseline_emissions_tco2e, dtype=float),
    )
    return leakage


def _plain(value: np.ndarray | float) -> float | np.ndarray:
    """A float for a scalar (the deterministic engine), an array for draws."""
    return float(value) if np.ndim(value) == 0 else np.asarray(value, dtype=float)


@overload
def vintage_leakage_tco2e(
    leakage_belt_emissions_tco2e: float,
    leakage_belt_baseline_emissions_tco2e: float,
    days: float,
    period_leakage_belt_emissions_tco2e: float,
    period_leakage_belt_baseline_emissions_tco2e: float,
    period_days: float,
    leakage_netting: str,
) -> float: ...


@overload
def vintage_leakage_tco2e(
    leakage_belt_emissions_tco2e: np.ndarray,
    leakage_belt_baseline_emissions_tco2e: np.ndarray,
    days: float,
    period_leakage_belt_emissions_tco2e: np.ndarray,
    period_leakage_belt_baseline_emissions_tco2e: np.ndarray,
    period_days: float,
    leakage_netting: str,
) -> np.ndarray: ...


def vintage_leakage_tco2e(
    leakage_belt_emissions_tco2e: float | np.ndarray,
    leakage_belt_baseline_emissions_tco2e: float | np.ndarray,
    days: float,
    period_leakage_belt_emissions_tco2e: float | np.ndarray,
    period_leakage_belt_baseline_emissions_tco2e: float | np.ndarray,
    period_days: float,
    leakage_netting: str,
) -> float | np.ndarray:
    """ΔC_LK,v: leakage of one vintage under the netting rule [tCO2e].

    Parameters
    ----------
    leakage_belt_emissions_tco2e, leakage_belt_baseline_emissions_tco2e : float
        ΔC_P,LB,v and ΔC_BSL,LB,v of the vintage [tCO2e].
    days : float
        Days of the vintage [d].
    period_leakage_belt_emissions_tco2e, period_leakage_belt_baseline_emissions_tco2e : float
        The same two terms summed over the monitoring period's vintages [tCO2e].
    period_days : float
        Days of the monitoring period [d].
    leakage_netting : {"per_vintage", "per_period"}
        ``accounting.rules.leakage_netting``.

    Notes
    -----
    ``per_vintage``: ``max(0, ΔC_P,LB,v − ΔC_BSL,LB,v)``; ``per_period``:
    ``max(0, Σ ΔC_P,LB − Σ ΔC_BSL,LB) · days_v / Σ days`` (VMD0010 LK-ASU; domain.md §1.6).
    Terms drawn per Monte Carlo draw (arrays) give an array (contract 7.2.4).
    """
    if leakage_netting == "per_vintage":
        return _plain(
            leakage_emissions_tco2e(
                leakage_belt_emissions_tco2e, leakage_belt_baseline_emissions_tco2e
            )
        )
    if leakage_netting == "per_period":
        period = _plain(
            leakage_emissions_tco2e(
                period_leakage_belt_emissions_tco2e, period_leakage_belt_baseline_emissions_tco2e
            )
        )
        return period * days / period_days
    raise ValueError(f"leakage_netting must be one of {LEAKAGE_NETTING_RULES}: {leakage_netting!r}")


# --------------------------------------------------------------------------- immigrants (8.6)

#: The values of ``accounting.leakage.immigrants.actual_area``.
ACTUAL_AREA_RULES = ("project_and_belt", "belt_only")


def immigrant_deforestation_ha(prop_imm_fraction: float, baseline_area_ha: float) -> float:
    """A_LK-IMM,v: baseline deforestation of recent immigrants the project displaces [ha].

    Parameters
    ----------
    prop_imm_fraction : float
        PROP_IMM, share of the baseline deforestation caused by agents who recently
        immigrated from outside the leakage belt [-].
    baseline_area_ha : float
        A_BSL,PA,v, baseline deforestation of the project area in the vintage [ha].

    Notes
    -----
    ``A_LK-IMM,v = PROP_IMM × A_BSL,PA,v`` (LK-ASU VMD0010, Eq. 7 as verified reports number
    it; contract.md section 8.6). Hand test: 0.20 × 1,000 ha = 200 ha.
    """
    return prop_imm_fraction * baseline_area_ha


def captured_immigrant_deforestation_ha(
    prop_imm_fraction: float,
    project_deforestation_ha: float,
    belt_deforestation_ha: float,
    actual_area: str,
) -> float:
    """A_LK-ACT-IMM,v: immigrant deforestation seen in the project area and the belt [ha].

    Parameters
    ----------
    prop_imm_fraction : float
        PROP_IMM [-].
    project_deforestation_ha, belt_deforestation_ha : float
        A_DefPA,v and A_DefLB,v, monitored (annualised) deforestation of the vintage in the
        project area and in the leakage belt, disturbance excluded [ha].
    actual_area : {"project_and_belt", "belt_only"}
        ``accounting.leakage.immigrants.actual_area`` (the module text is [unconfirmed]).

    Notes
    -----
    ``PROP_IMM × (A_DefPA,v + A_DefLB,v)`` (``project_and_belt``, what verified reports
    apply) or ``PROP_IMM × A_DefLB,v`` (``belt_only``) (LK-ASU VMD0010, Eq. 8 as reports
    number it). Hand test: 0.20 × (10 + 500) = 102 ha; ``belt_only`` 100 ha.
    """
    if actual_area == "project_and_belt":
        return prop_imm_fraction * (project_deforestation_ha + belt_deforestation_ha)
    if actual_area == "belt_only":
        return prop_imm_fraction * belt_deforestation_ha
    raise ValueError(f"actual_area must be one of {ACTUAL_AREA_RULES}: {actual_area!r}")


def outside_belt_deforestation_ha(
    immigrant_deforestation_ha: float,
    captured_immigrant_deforestation_ha: float,
    floor_at_zero: bool,
) -> float:
    """A_LK-OLB,v: displaced immigrant deforestation outside the leakage belt [ha].

    Parameters
    ----------
    immigrant_deforestation_ha : float
        A_LK-IMM,v [ha].
    captured_immigrant_deforestation_ha : float
        A_LK-ACT-IMM,v [ha].
    floor_at_zero : bool
        ``accounting.leakage.immigrants.floor_at_zero``: ``max(0, ·)``; ``False`` keeps a
        negative value (a leakage credit).

    Notes
    -----
    ``A_LK-OLB,v = max(0, A_LK-IMM,v − A_LK-ACT-IMM,v)`` (LK-ASU VMD0010, Eq. 9 as reports
    number it). Hand tests: 200 − 102 = 98 ha; 200 − 242 → 0 ha (−42 without the floor).
    """
    difference = immigrant_deforestation_ha - captured_immigrant_deforestation_ha
    return max(0.0, difference) if floor_at_zero else difference


def outside_belt_emission_factor_tco2e_per_ha(
    outside_belt_emission_tc_per_ha: float, *, co2_per_c: float = CO2_PER_C
) -> float:
    """C_OLB in tCO2e ha⁻¹ from a figure given in tC ha⁻¹.

    Notes
    -----
    ``C_OLB [tCO2e ha⁻¹] = 44/12 × C_OLB [tC ha⁻¹]`` (LK-ASU VMD0010; contract.md section
    8.6). Hand test: 81.8182 tC ha⁻¹ → 300.00007 tCO2e ha⁻¹ (contract 8.6 prints 300.0007).
    """
    return co2_per_c * outside_belt_emission_tc_per_ha


def outside_belt_leakage_tco2e(
    outside_belt_deforestation_ha: float, outside_belt_emission_tco2e_per_ha: float
) -> float:
    """ΔC_LK-ASU-OLB,v: leakage of immigrant agents outside the leakage belt [tCO2e].

    Parameters
    ----------
    outside_belt_deforestation_ha : float
        A_LK-OLB,v [ha].
    outside_belt_emission_tco2e_per_ha : float
        C_OLB, the PD's per-hectare figure for forest available outside the belt, applied as
        the emission of a hectare (no post-deforestation stock subtracted) [tCO2e ha⁻¹].

    Notes
    -----
    ``ΔC_LK-ASU-OLB,v = A_LK-OLB,v × C_OLB`` (LK-ASU VMD0010, Eq. 11 as reports number it).
    Hand test: 98 ha × 300 = 29,400 tCO2e.
    """
    return outside_belt_deforestation_ha * outside_belt_emission_tco2e_per_ha


def total_leakage_tco2e(leakage_belt_tco2e: float, immigrant_leakage_tco2e: float) -> float:
    """ΔC_LK,v: leakage of the vintage, in the belt and outside it [tCO2e].

    Notes
    -----
    ``ΔC_LK,v = ΔC_LK-ASU-LB,v + ΔC_LK-ASU-OLB,v`` (LK-ASU VMD0010; contract.md section 8.6);
    a negative belt difference is already floored and never offsets immigrant leakage.
    """
    return leakage_belt_tco2e + immigrant_leakage_tco2e


def immigrant_leakage_terms(
    settings: ImmigrantLeakageSettings,
    baseline_area_ha: float,
    project_deforestation_ha: float,
    belt_deforestation_ha: float,
) -> ImmigrantLeakage | None:
    """The LK-ASU terms of immigrant leakage outside the belt in one vintage.

    Applies :func:`immigrant_deforestation_ha`, :func:`captured_immigrant_deforestation_ha`,
    :func:`outside_belt_deforestation_ha` and :func:`outside_belt_leakage_tco2e` under the
    settings ``accounting.leakage.immigrants`` (None when disabled).
    """
    if not settings.enabled or settings.prop_imm_fraction is None:
        return None
    prop = settings.prop_imm_fraction
    if settings.outside_belt_emission_tco2e_per_ha is not None:
        factor = settings.outside_belt_emission_tco2e_per_ha
    else:
        factor = outside_belt_emission_factor_tco2e_per_ha(
            float(settings.outside_belt_emission_tc_per_ha or 0.0)
        )
    baseline_area, project_area, belt_area = (
        baseline_area_ha,
        project_deforestation_ha,
        belt_deforestation_ha,
    )
    immigrants = immigrant_deforestation_ha(prop, baseline_area)
    captured = captured_immigrant_deforestation_ha(
        prop, project_area, belt_area, settings.actual_area
    )
    outside = outside_belt_deforestation_ha(immigrants, captured, settings.floor_at_zero)
    return ImmigrantLeakage(
        prop_imm_fraction=prop,
        baseline_area_ha=baseline_area,
        immigrant_area_ha=immigrants,
        project_deforestation_ha=project_area,
        belt_deforestation_ha=belt_area,
        captured_immigrant_area_ha=captured,
        outside_belt_area_ha=outside,
        emission_tco2e_per_ha=factor,
        leakage_tco2e=outside_belt_leakage_tco2e(outside, factor),
    )


def immigrant_leakage_notes(figures: list[VintageFigures]) -> list[Note]:
    """``info`` where A_LK-OLB was floored at 0; ``warning`` where a negative value is kept."""
    notes = []
    for f in figures:
        terms = f.immigrant_leakage
        if terms is None:
            continue
        raw = terms.immigrant_area_ha - terms.captured_immigrant_area_ha
        if raw < 0 and terms.outside_belt_area_ha == 0.0:
            notes.append(
                Note(
                    "info",
                    f"vintage {f.vintage}: A_LK-OLB floored at 0 (the project area and belt "
                    f"captured {terms.captured_immigrant_area_ha:,.2f} ha of "
                    f"{terms.immigrant_area_ha:,.2f} ha displaced immigrant deforestation)",
                    "project.yaml",
                    "accounting.leakage.immigrants.floor_at_zero",
                )
            )
        elif terms.outside_belt_area_ha < 0:
            notes.append(
                Note(
                    "warning",
                    f"vintage {f.vintage}: immigrant leakage outside the belt is negative "
                    f"({terms.leakage_tco2e:,.2f} tCO2e, a leakage credit) because "
                    "floor_at_zero is false",
                    "project.yaml",
                    "accounting.leakage.immigrants.floor_at_zero",
                )
            )
    return notes

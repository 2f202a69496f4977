"""Plausible upper bounds of every number the tool reads (physical or practical limits).

A number beyond its bound is an ``error`` finding (a range finding naming file, row, record and
column), never an arithmetic overflow later on: ``1e308`` hectares or ``inf`` stop at the gate.
The bounds are generous (they refuse the impossible, not the unusual); the unusual is left to
the suites' ``warning`` expectations.

Input tables: the suites in ``expectations/`` state an ``error`` upper bound for each numeric
column; :func:`upper_bound` is the safety net for numeric columns a suite does not bound (extra
columns, new tables), chosen by the column's unit suffix (contract: units are part of names).
"""

from __future__ import annotations

#: Largest plausible area of anything the tool reads [ha] (1,000,000 km², far above any
#: stratum or jurisdiction; a deforestation or fire event is bounded by its suite).
AREA_MAX_HA = 1e8
#: Largest plausible carbon stock of one pool or of the post-deforestation land use [tC/ha]
#: (the tallest forests on record hold about 2,000 tC/ha in all pools).
CARBON_MAX_TC_PER_HA = 2_000.0
#: Largest plausible fuel load [t dry matter/ha] (above any forest's biomass).
FUEL_MAX_T_DM_PER_HA = 5_000.0
#: Largest plausible quantity of one vintage or period [tCO2e] (1 Gt).
TCO2E_MAX = 1e9
#: Fallback bound of a number without a known unit (finite, and below any overflow).
GENERIC_MAX = 1e12

#: Upper bounds by unit suffix (longest suffix first).
SUFFIX_MAX: tuple[tuple[str, float], ...] = (
    ("_tc_per_ha", CARBON_MAX_TC_PER_HA),
    ("_t_dm_per_ha", FUEL_MAX_T_DM_PER_HA),
    ("_fraction", 1.0),
    ("_tco2e", TCO2E_MAX),
    ("_vcus", TCO2E_MAX),
    ("vcus_issued", TCO2E_MAX),
    ("_m2", 1e10),
    ("_ha", AREA_MAX_HA),
    ("_cm", 1e4),
    ("_m", 1e4),
)

#: Bounds of project.yaml settings, by dotted key (without list positions).
SETTING_MAX: dict[str, float] = {
    "strata.area_ha": AREA_MAX_HA,
    "strata.post_deforestation_tc_per_ha": CARBON_MAX_TC_PER_HA,
    "strata.carbon_tc_per_ha.above_ground": CARBON_MAX_TC_PER_HA,
    "strata.carbon_tc_per_ha.below_ground": CARBON_MAX_TC_PER_HA,
    "strata.carbon_tc_per_ha.dead_wood": CARBON_MAX_TC_PER_HA,
    "strata.carbon_tc_per_ha.litter": CARBON_MAX_TC_PER_HA,
    "strata.fire.fuel_t_dm_per_ha": FUEL_MAX_T_DM_PER_HA,
    # IPCC AR2-AR6 100-year values: CH4 21-30, N2O 265-310
    "accounting.gwp.ch4": 100.0,
    "accounting.gwp.n2o": 1_000.0,
    # grams of gas per kilogram of dry matter: a mass ratio, at most 1,000 g/kg
    "accounting.fire_emission_factors_g_per_kg.ch4": 1_000.0,
    "accounting.fire_emission_factors_g_per_kg.n2o": 1_000.0,
    "inventory.root_to_shoot_ratio": 10.0,
    "inventory.environmental_stress_e": 10.0,
}
#: Lower bounds of settings that may be negative (the others are validated non-negative).
SETTING_MIN: dict[str, float] = {"inventory.environmental_stress_e": -10.0}


def upper_bound(column: str) -> float:
    """The error upper bound of a numeric column, from its unit suffix (else GENERIC_MAX)."""
    for suffix, bound in SUFFIX_MAX:
        if column.endswith(suffix):
            return bound
    return GENERIC_MAX


def setting_bounds(key: str) -> tuple[float, float]:
    """``(minimum, maximum)`` of a numeric project.yaml setting given by its dotted key."""
    last = key.rsplit(".", 1)[-1]
    maximum = SETTING_MAX.get(key, upper_bound(last) if "_" in last else GENERIC_MAX)
    return SETTING_MIN.get(key, -GENERIC_MAX), maximum

"""Per-stratum inputs of the accounting: carbon stocks (validated or from the inventory) and
the per-hectare emission schedules (CP-AB VMD0001, BL-UP VMD0007 step 5)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from redd_audit.errors import InputError
from redd_audit.methodology.carbon_stocks import inventory_carbon_stocks
from redd_audit.methodology.emission_schedule import POOLS, emission_schedule_tco2e_per_ha
from redd_audit.methodology.figures import InventoryResult
from redd_audit.project import Project


def inventory_result(project: Project, frames: dict[str, pd.DataFrame]) -> InventoryResult | None:
    """Plot and stratum results of the forest inventory, or None without inventory tables."""
    plots, trees = frames.get("inventory_plots"), frames.get("inventory_trees")
    if plots is None or trees is None:
        return None
    inv = project.inventory
    _, plot_table, strata = inventory_carbon_stocks(
        plots,
        trees,
        carbon_fraction=inv.carbon_fraction,
        below_ground_method=inv.below_ground_method,
        root_to_shoot_ratio=inv.root_to_shoot_ratio,
        environmental_stress_e=inv.environmental_stress_e,
        target_precision=inv.target_precision_fraction,
    )
    return InventoryResult(plot_table, strata)


def stratum_stocks(project: Project, inventory: InventoryResult | None) -> pd.DataFrame:
    """Carbon stocks that drive the accounting, per stratum, with their uncertainty.

    The validated stocks of ``project.yaml`` unless ``accounting.carbon_stock_source`` is
    ``inventory``: then above- and below-ground carbon and the uncertainty come from the
    inventory (dead wood, litter and the post-deforestation stock stay validated).
    """
    use_inventory = project.accounting.carbon_stock_source == "inventory"
    inv = inventory.strata.set_index("stratum_id").to_dict("index") if inventory is not None else {}
    rows = []
    for s in project.strata:
        pools = s.carbon_tc_per_ha.model_dump()
        uncertainty = s.carbon_uncertainty_fraction
        source = "validated"
        if use_inventory:
            if s.id not in inv:
                raise InputError(
                    f"accounting.carbon_stock_source is 'inventory' but stratum '{s.id}' has no "
                    "inventory plots",
                    file="project.yaml",
                    column="accounting.carbon_stock_source",
                )
            pools["above_ground"] = float(inv[s.id]["above_ground_tc_per_ha"])
            pools["below_ground"] = float(inv[s.id]["below_ground_tc_per_ha"])
            uncertainty = float(inv[s.id]["uncertainty_fraction"])
            source = "inventory"
        rows.append(
            {
                "stratum_id": s.id,
                "name": s.name,
                "area_ha": s.area_ha,
                **{f"{p}_tc_per_ha": pools[p] for p in POOLS},
                "post_deforestation_tc_per_ha": s.post_deforestation_tc_per_ha,
                "uncertainty_fraction": uncertainty,
                "stock_source": source,
                "fuel_t_dm_per_ha": s.fire.fuel_t_dm_per_ha if s.fire else math.nan,
                "combustion_factor": s.fire.combustion_factor if s.fire else math.nan,
            }
        )
    return pd.DataFrame(rows)


def stratum_schedules(project: Project, stocks: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per-hectare emission schedule of every stratum, all of one length (the longest N)."""
    years = project.accounting.emission_schedule_years.model_dump()
    n_ages = max(years.values())
    return {
        str(row["stratum_id"]): emission_schedule_tco2e_per_ha(
            {p: float(row[f"{p}_tc_per_ha"]) for p in POOLS},
            float(row["post_deforestation_tc_per_ha"]),
            years,
            n_ages,
        )
        for row in stocks.to_dict("records")
    }

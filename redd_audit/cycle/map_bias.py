"""summary.json ``accuracy.bias`` and the sized draft finding of a biased map (contract 5.9).

The equations are in :mod:`redd_audit.methodology.map_bias`. ``A_map`` is
``map_accuracy.mapped_area_ha`` of project.yaml when given, else the total area of the
project-area strata (the area the accuracy weights are shares of, for a map of the project
area). The draft finding is an ``NCR`` when even the low end of the implied emissions exceeds
the tolerable misstatement ``T``, else a ``CL``; its text rounds for people (whole hectares and
tonnes, percent with one decimal).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from redd_audit.cycle.json_values import as_float, mappings
from redd_audit.methodology.engine import Recomputation
from redd_audit.methodology.map_bias import (
    area_weighted_emission_factor_tco2e_per_ha,
    implied_emissions_tco2e,
    implied_unrecorded_area_ha,
)
from redd_audit.project import Project
from redd_audit.sampling.monetary_unit import (
    stratum_net_stock_tc_per_ha,
    tolerable_misstatement_tco2e,
)


def map_bias_finding_type(implied_low_tco2e: float, tolerable_misstatement: float) -> str:
    """``NCR`` when the low end of the implied emissions exceeds ``T``, else ``CL``."""
    return "NCR" if implied_low_tco2e > tolerable_misstatement else "CL"


def mapped_area_source(setting: float | None) -> str:
    return (
        "project.yaml map_accuracy.mapped_area_ha"
        if setting is not None
        else "total area of the project-area strata (project.yaml strata area_ha)"
    )


def map_bias(
    accuracy: Mapping[str, object],
    *,
    strata_areas_ha: Sequence[float],
    net_stocks_tc_per_ha: Sequence[float],
    tolerable_misstatement: float,
    mapped_area_ha: float | None = None,
) -> dict[str, object] | None:
    """``accuracy.bias``: the implied unrecorded area with its 95 % interval [ha], the
    emission factor, the implied emissions [tCO2e], their ratio to ``T`` and the draft finding's
    type; None when the change class has no figures."""
    change_class = accuracy.get("change_class")
    row = next(
        (c for c in mappings(accuracy.get("classes")) if c.get("class") == change_class), None
    )
    if row is None or row.get("adjusted_ci95") is None or row.get("mapped_proportion") is None:
        return None
    mapped = as_float(row["mapped_proportion"])
    adjusted, ci = as_float(row["adjusted_proportion"]), as_float(row["adjusted_ci95"])
    area_map = float(mapped_area_ha) if mapped_area_ha is not None else float(sum(strata_areas_ha))
    ef = area_weighted_emission_factor_tco2e_per_ha(
        np.asarray(strata_areas_ha, float), np.asarray(net_stocks_tc_per_ha, float)
    )
    area = implied_unrecorded_area_ha(adjusted, mapped, area_map)
    low = implied_unrecorded_area_ha(adjusted - ci, mapped, area_map)
    high = implied_unrecorded_area_ha(adjusted + ci, mapped, area_map)
    emissions = implied_emissions_tco2e(area, ef)
    emissions_low = implied_emissions_tco2e(low, ef)
    return {
        "change_class": change_class,
        "biased": accuracy.get("change_class_biased"),
        "mapped_area_ha": area_map,
        "mapped_area_source": mapped_area_source(mapped_area_ha),
        "implied_area_ha": area,
        "implied_area_low_ha": low,
        "implied_area_high_ha": high,
        "emission_factor_tco2e_per_ha": ef,
        "implied_tco2e": emissions,
        "implied_low_tco2e": emissions_low,
        "implied_high_tco2e": implied_emissions_tco2e(high, ef),
        "tolerable_misstatement_tco2e": tolerable_misstatement,
        "ratio_to_tolerable": emissions / tolerable_misstatement
        if tolerable_misstatement > 0
        else None,
        "finding_type": map_bias_finding_type(emissions_low, tolerable_misstatement),
        "sign": "positive = deforestation left out of the map, VCUs overstated",
    }


def _percent(fraction: float) -> str:
    return f"{fraction * 100:.1f} %"


def _whole(x: float) -> str:
    return f"{x:,.0f}"


def map_bias_draft(accuracy: Mapping[str, object], change_class: str) -> dict[str, str]:
    """The draft finding of a biased change class: sized (NCR or CL) when ``accuracy.bias``
    is known, else an NIR with the proportions; figures rounded for people."""
    row = next((c for c in mappings(accuracy.get("classes")) if c.get("class") == change_class), {})
    detail = ""
    if row.get("mapped_proportion") is not None and row.get("adjusted_ci95") is not None:
        detail = (
            f": mapped {_percent(as_float(row['mapped_proportion']))} against an area-adjusted "
            f"{_percent(as_float(row['adjusted_proportion']))} ± "
            f"{_percent(as_float(row['adjusted_ci95']))} (95 % interval)"
        )
    bias = accuracy.get("bias")
    reference = f"accuracy:{change_class}"
    if not isinstance(bias, Mapping) or bias.get("ratio_to_tolerable") is None:
        return {
            "type": "NIR",
            "reference": reference,
            "description": f"the {change_class} map is biased{detail}; request the corrected "
            "activity data",
        }
    area, low, high = (
        as_float(bias[k])
        for k in ("implied_area_ha", "implied_area_low_ha", "implied_area_high_ha")
    )
    side = "leaves out" if area >= 0 else "over-maps"
    ratio = as_float(bias["ratio_to_tolerable"])
    return {
        "type": str(bias["finding_type"]),
        "reference": reference,
        "description": (
            f"the {change_class} map is biased{detail}. Over the mapped area of "
            f"{_whole(as_float(bias['mapped_area_ha']))} ha it {side} {_whole(abs(area))} ha "
            f"(95 % interval {_whole(low)} to {_whole(high)} ha), implying "
            f"{_whole(as_float(bias['implied_tco2e']))} tCO2e (from "
            f"{_whole(as_float(bias['implied_low_tco2e']))} to "
            f"{_whole(as_float(bias['implied_high_tco2e']))} tCO2e), {ratio:,.1f} times the "
            f"tolerable misstatement of {_whole(as_float(bias['tolerable_misstatement_tco2e']))} "
            "tCO2e; request the corrected activity data"
        ),
    }


def with_map_bias(
    accuracy: dict[str, object] | None, project: Project, recomputation: Recomputation | None
) -> dict[str, object] | None:
    """``accuracy`` with its ``bias`` entry (None when no figures were computed)."""
    if accuracy is None or recomputation is None:
        return accuracy
    net = stratum_net_stock_tc_per_ha(recomputation.stocks)
    tolerable = tolerable_misstatement_tco2e(
        project.materiality_fraction, float(recomputation.totals["ner_tco2e"])
    )
    bias = map_bias(
        accuracy,
        strata_areas_ha=[float(s.area_ha) for s in project.strata],
        net_stocks_tc_per_ha=[net.get(s.id, 0.0) for s in project.strata],
        tolerable_misstatement=tolerable,
        mapped_area_ha=project.map_accuracy.mapped_area_ha,
    )
    return {**accuracy, "bias": bias}

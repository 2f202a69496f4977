"""The proponent's claimed vintages: the core's recomputation of both monitoring periods, with
one planted, realistic discrepancy recomputed with the core's buffer and VCU equations."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from redd_audit.methodology.buffer import buffer_base_tco2e, buffer_withholding_tco2e
from redd_audit.methodology.engine import recompute
from redd_audit.methodology.net_reductions import (
    adjusted_net_emission_reductions_tco2e,
    net_emission_reductions_tco2e,
    verified_carbon_units,
)
from redd_audit.project import load_project
from redd_audit.tables.read import load_tables
from samplegen.spec import MONITORING_PERIODS

#: The planted discrepancy: vintage 2021 project emissions understated (late-2021 gold-mining
#: events left out of the draft monitoring report); buffer and VCUs follow.
DISCREPANCY_VINTAGE = 2021
DISCREPANCY_PROJECT_FRACTION = 0.041


def read_frames(folder: Path) -> dict[str, pd.DataFrame]:
    """The folder's tables as the core's readers give them to the engine."""
    project = load_project(Path(folder))
    return {name: table.frame for name, table in load_tables(Path(folder), project).items()}


def _whole_tco2e(quantity: float) -> int:
    """A claimed quantity as the draft report writes it: whole tCO2e, halves rounded up."""
    return math.floor(quantity + 0.5)


def claimed_vintages(folder: Path) -> pd.DataFrame:
    """The proponent's claims: the engine's recomputation of both monitoring periods, rounded to
    whole tCO2e, except vintage 2021 whose project emissions are understated by ~4 % (late-year
    gold-mining events left out), with the buffer and VCUs that follow from it."""
    project = load_project(folder)
    frames = read_frames(folder)
    risk = project.accounting.buffer.risk_rating_fraction
    rule = project.accounting.rules.buffer_base
    rows = []
    for start, end in MONITORING_PERIODS:
        result = recompute(project, frames, start, end)
        factor = float(result.totals["deduction_factor"])
        for v in result.vintages:
            baseline = v.baseline_tco2e
            project_e = v.project_tco2e
            leakage = v.leakage_tco2e
            buffer = v.buffer_tco2e
            vcus = int(v.vcus)
            if v.vintage == DISCREPANCY_VINTAGE:
                omitted = DISCREPANCY_PROJECT_FRACTION * v.project_stock_tco2e
                project_e = project_e - omitted
                ner = net_emission_reductions_tco2e(baseline, project_e, leakage)
                adjusted = adjusted_net_emission_reductions_tco2e(ner, factor)
                stock = v.project_stock_tco2e - omitted
                base = buffer_base_tco2e(baseline, stock, factor, rule, ner, adjusted)
                buffer = buffer_withholding_tco2e(risk, base, ner)
                vcus = verified_carbon_units(adjusted, buffer, ner)
            rows.append(
                {
                    "vintage": v.vintage,
                    "baseline_tco2e": _whole_tco2e(baseline),
                    "project_tco2e": _whole_tco2e(project_e),
                    "leakage_tco2e": _whole_tco2e(leakage),
                    "buffer_tco2e": _whole_tco2e(buffer),
                    "vcus": vcus,
                }
            )
    return pd.DataFrame(rows).sort_values("vintage").reset_index(drop=True)

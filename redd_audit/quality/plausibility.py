"""Physically impossible project settings: blocking (``error``) findings on ``project.yaml``.

Three checks, each naming the file ``project.yaml``, the record (``stratum_id=TF``) and the
setting's key:

* :func:`setting_range_findings` – every number of project.yaml is finite and within its
  plausible bounds (:mod:`redd_audit.quality.bounds`), so that no arithmetic downstream can
  overflow (``1e308`` hectares, ``.inf``);
* :func:`stock_findings` – a stratum's ``post_deforestation_tc_per_ha`` cannot exceed its forest
  stock (the sum of its pools): clearing would then *remove* CO2 (negative emissions);
* :func:`baseline_area_findings` – the ex-ante baseline cannot clear more forest than the
  stratum holds.

Convention for the baseline check: ``strata[].area_ha`` is the stratum's forest area **in the
project area** at the start of the crediting period (contract 2.1; the deforestation_annual
suite reads it the same way). The project-area ex-ante baseline of a stratum, summed over the
years of the crediting period (rows before it are historical reference data and are not
counted), clears at most that area: more is an ``error``. The leakage belt's forest area is
not a setting, so a leakage-belt baseline summing to more than the project-area stratum is only
a ``warning`` (it may be right for a belt larger than the project area).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Mapping
from typing import Any

import pandas as pd

from redd_audit.findings import Finding
from redd_audit.project import Project
from redd_audit.quality.bounds import setting_bounds
from redd_audit.quality.formatting import format_value

PROJECT_FILE = "project.yaml"
RULE_RANGE = "plausibility: a number beyond any physical or practical bound (contract 2.1)"
RULE_STOCK = (
    "VM0007 BL-UP: the post-deforestation carbon stock is below the forest stock "
    "(emissions of a cleared hectare are 44/12 × (Σ pools − post-deforestation stock) ≥ 0)"
)
RULE_BASELINE_AREA = (
    "VM0007 BL-UP: the ex-ante baseline cannot clear more forest than the stratum holds"
)


def _numbers(value: Any, key: str, record: str | None) -> Iterator[tuple[str, str | None, float]]:
    """Every numeric leaf of a dumped settings tree as ``(dotted key, record, value)``."""
    if isinstance(value, bool):
        return
    if isinstance(value, int | float):
        yield key, record, float(value)
    elif isinstance(value, Mapping):
        for name, item in value.items():
            yield from _numbers(item, f"{key}.{name}" if key else str(name), record)
    elif isinstance(value, list | tuple):
        for item in value:
            label = record
            if isinstance(item, Mapping) and "id" in item and key == "strata":
                label = f"stratum_id={item['id']}"
            yield from _numbers(item, key, label)


def setting_range_findings(project: Project) -> list[Finding]:
    """An ``error`` for each numeric setting that is not finite or lies beyond its bounds."""
    findings = []
    settings = project.model_dump(exclude={"tables"})
    for key, record, number in _numbers(settings, "", None):
        low, high = setting_bounds(key)
        if math.isfinite(number) and low <= number <= high:
            continue
        column = key.removeprefix("strata.") if record else key
        if not math.isfinite(number):
            problem = "is not a finite number"
        elif number > high:
            problem = f"is above the plausible maximum {format_value(high)}"
        else:
            problem = f"is below the plausible minimum {format_value(low)}"
        findings.append(
            Finding(
                severity="error",
                file=PROJECT_FILE,
                row=None,
                record=record,
                column=column,
                value=format_value(number),
                expectation="expect_setting_to_be_between",
                rule=RULE_RANGE,
                message=f"'{key}' = {format_value(number)} {problem}",
            )
        )
    return findings


def stock_findings(project: Project) -> list[Finding]:
    """An ``error`` for each stratum whose post-deforestation stock exceeds its forest stock."""
    findings = []
    for stratum in project.strata:
        stock = stratum.carbon_tc_per_ha.total
        post = stratum.post_deforestation_tc_per_ha
        if not (math.isfinite(stock) and math.isfinite(post)) or post <= stock:
            continue
        findings.append(
            Finding(
                severity="error",
                file=PROJECT_FILE,
                row=None,
                record=f"stratum_id={stratum.id}",
                column="post_deforestation_tc_per_ha",
                value=(
                    f"post_deforestation_tc_per_ha={format_value(post)}, "
                    f"carbon_tc_per_ha total={format_value(stock)}"
                ),
                expectation="expect_post_deforestation_stock_below_forest_stock",
                rule=RULE_STOCK,
                message=(
                    f"stratum {stratum.id}: the post-deforestation stock "
                    f"{format_value(post)} tC/ha is above the forest stock "
                    f"{format_value(stock)} tC/ha (sum of carbon_tc_per_ha): clearing would "
                    "give negative emissions"
                ),
            )
        )
    return findings


def cumulative_baseline_ha(baseline: pd.DataFrame, first_year: int, last_year: int) -> pd.DataFrame:
    """Ex-ante baseline area per zone and stratum, summed over ``first_year..last_year``.

    Columns ``zone, stratum_id, area_ha, first_year, last_year`` (the years found); rows
    without a zone, stratum, year or numeric area are left out (their suite reports them).
    """
    columns = ["zone", "stratum_id", "area_ha", "first_year", "last_year"]
    if not {"zone", "stratum_id", "year", "area_ha"} <= set(baseline.columns):
        return pd.DataFrame({c: [] for c in columns})
    frame = pd.DataFrame(
        {
            "zone": baseline["zone"].astype("string"),
            "stratum_id": baseline["stratum_id"].astype("string"),
            "year": pd.to_numeric(baseline["year"], errors="coerce"),
            "area_ha": pd.to_numeric(baseline["area_ha"], errors="coerce").astype("float64"),
        }
    ).dropna()
    frame = frame[(frame["year"] >= first_year) & (frame["year"] <= last_year)]
    grouped = frame.groupby(["zone", "stratum_id"], sort=True).agg(
        area_ha=("area_ha", "sum"), first_year=("year", "min"), last_year=("year", "max")
    )
    return grouped.reset_index()[columns]


def baseline_area_findings(
    project: Project, baseline: pd.DataFrame, file: str, crediting_end: dt.date | None = None
) -> list[Finding]:
    """Findings for ex-ante baselines that clear more than the stratum's area (see the module
    docstring for the convention): ``error`` in the project area, ``warning`` in the belt."""
    area = {s.id: float(s.area_ha) for s in project.strata}
    start = project.crediting_period.start.year
    end = (crediting_end or project.crediting_period.end).year
    findings = []
    totals = cumulative_baseline_ha(baseline, start, end)
    for zone, stratum, cleared, first, last in totals.itertuples(index=False):
        stratum_area = area.get(str(stratum))
        if stratum_area is None or not cleared > stratum_area:
            continue
        in_project = zone == "project_area"
        years = f"{int(first)}-{int(last)}"
        findings.append(
            Finding(
                severity="error" if in_project else "warning",
                file=file,
                row=None,
                record=f"zone={zone}, stratum_id={stratum}",
                column="area_ha",
                value=(
                    f"cumulative area_ha={format_value(cleared)} ({years}), "
                    f"stratum area_ha={format_value(stratum_area)}"
                ),
                expectation="expect_cumulative_baseline_within_stratum_area",
                rule=RULE_BASELINE_AREA,
                message=(
                    f"the ex-ante baseline of {zone}, stratum {stratum} clears "
                    f"{format_value(cleared)} ha over {years}, more than the stratum's "
                    f"{format_value(stratum_area)} ha (project.yaml strata[].area_ha)"
                    + (
                        ""
                        if in_project
                        else "; the leakage belt's own forest area is not a setting, so "
                        "check that the belt is larger than the project area"
                    )
                ),
            )
        )
    return findings


def project_findings(project: Project) -> list[Finding]:
    """Every finding on project.yaml's own settings (ranges first, then stocks)."""
    ranges = setting_range_findings(project)
    out_of_range = {(f.record, f.column) for f in ranges}
    stocks = [
        f
        for f in stock_findings(project)
        if (f.record, "post_deforestation_tc_per_ha") not in out_of_range
    ]
    return ranges + stocks

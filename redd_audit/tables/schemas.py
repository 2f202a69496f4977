"""Typed schemas of the project folder's tables (contract.md section 2.2).

Each table names its required columns with a kind (``str``, ``float``, ``int``, ``date``), the
columns that identify a record in findings, and whether the table is optional. Readers coerce
to these kinds and refuse what cannot be coerced (exit code 2); value rules (ranges, sets,
uniqueness) belong to the Great Expectations suites in ``expectations/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ColumnKind = Literal["str", "float", "int", "date"]

#: Finding types and statuses of ``verification_findings`` (contract 5.4).
FINDING_TYPES = ("NCR", "NIR", "OFI", "CAR", "CL", "FAR")
FINDING_STATUSES = ("open", "closed")
#: Values of ``zone`` that belong to the accounting; other recognised zones are excluded by rule.
ACCOUNTING_ZONES = ("project_area", "leakage_belt")
#: Zones recognised in monitoring data but outside the accounting (excluded with a reason).
OTHER_ZONES = ("reference_region", "outside")
#: Closed lists read like the finding codes (trimmed, letter case ignored): zones, a fire's
#: land cover (contract 2.2) and a tree's status (``expectations/inventory_trees.json``).
ZONE_CODES: dict[str, tuple[str, ...]] = {"zone": (*ACCOUNTING_ZONES, *OTHER_ZONES)}
LAND_COVERS = ("forest", "non_forest")
TREE_STATUSES = ("alive", "dead", "dead_standing", "dead_fallen")

#: ``uncertainty_inputs`` codes (contract 7.1.2; the engine's lists are
#: :mod:`redd_audit.methodology.simulation_inputs` and ``simulation_sampling``).
SIMULATED_QUANTITIES = (
    "carbon_stock",
    "post_deforestation_stock",
    "monitored_area",
    "baseline_area",
    "burned_area",
    "fire_fuel",
    "combustion_factor",
    "gas_factor",
)
DISTRIBUTIONS = (
    "normal",
    "truncated_normal",
    "censored_normal",
    "lognormal",
    "triangular",
    "uniform",
    "beta",
    "empirical",
    "fixed",
)

#: Most distinct map classes of ``accuracy_samples`` (the confusion matrix is classes²).
MAX_CLASSES = 100

#: Name of the column every reader adds: the record's row number as a spreadsheet shows it
#: (header = row 1, first record = row 2; for GeoJSON the feature index + 2).
ROW_COLUMN = "_row"


@dataclass(frozen=True)
class TableSchema:
    name: str
    columns: dict[str, ColumnKind]
    id_columns: tuple[str, ...]
    optional: bool
    description: str
    geojson_allowed: bool = False
    #: Columns whose values together must be unique per record; the reader refuses keys that
    #: differ only in letter case (spreadsheet lookups ignore case). Exact duplicates are left
    #: to the data-quality gate.
    unique: tuple[str, ...] = ()
    #: Text columns holding codes of a closed list (e.g. a finding's ``type`` and ``status``):
    #: the reader trims each value and, when it equals a code ignoring case, writes the code's
    #: own spelling (``" Closed "`` -> ``closed``). Values matching no code are kept as written
    #: for the data-quality suite to report (an ``error`` naming the row).
    vocabularies: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Text columns naming classes (e.g. map classes): the most distinct values the reader
    #: accepts, so that per-class tables (a confusion matrix) stay bounded in time and memory.
    max_distinct: dict[str, int] = field(default_factory=dict)

    @property
    def required_columns(self) -> list[str]:
        return list(self.columns)

    @property
    def text_ids(self) -> list[str]:
        """Identifier columns: text columns named ``*_id`` (NFC-normalised, no invisibles)."""
        return [c for c, kind in self.columns.items() if kind == "str" and c.endswith("_id")]


SCHEMAS: dict[str, TableSchema] = {
    s.name: s
    for s in [
        TableSchema(
            "baseline_exante",
            {"zone": "str", "stratum_id": "str", "year": "int", "area_ha": "float"},
            ("zone", "stratum_id", "year"),
            optional=False,
            description="validated ex-ante baseline deforestation per zone, stratum and year",
            vocabularies=ZONE_CODES,
        ),
        TableSchema(
            "deforestation_events",
            {
                "event_id": "str",
                "zone": "str",
                "stratum_id": "str",
                "detected_on": "date",
                "area_ha": "float",
                "driver": "str",
                "source": "str",
            },
            ("event_id",),
            unique=("event_id",),
            optional=False,
            description="monitored deforestation since the crediting period began",
            geojson_allowed=True,
            vocabularies=ZONE_CODES,
        ),
        TableSchema(
            "fire_events",
            {
                "event_id": "str",
                "zone": "str",
                "stratum_id": "str",
                "burned_on": "date",
                "area_ha": "float",
                "land_cover": "str",
            },
            ("event_id",),
            unique=("event_id",),
            optional=True,
            description="burned area; only forest fires in the project area count in E-BB",
            geojson_allowed=True,
            vocabularies={**ZONE_CODES, "land_cover": LAND_COVERS},
        ),
        TableSchema(
            "baseline_emissions",
            {"zone": "str", "vintage": "int", "baseline_tco2e": "float"},
            ("zone", "vintage"),
            optional=True,
            description="the validated PD's baseline emissions per zone and project year "
            "(contract 8.4; baseline.source: fixed_table); optional columns baseline_area_ha, "
            "stratum_id, source",
            vocabularies=ZONE_CODES,
        ),
        TableSchema(
            "disturbance_events",
            {
                "event_id": "str",
                "zone": "str",
                "stratum_id": "str",
                "detected_on": "date",
                "area_ha": "float",
                "cause": "str",
                "source": "str",
            },
            ("event_id",),
            unique=("event_id",),
            optional=True,
            description="natural disturbance overlapping baseline deforestation in the project "
            "area (contract 8.5); optional columns delineated_area_ha, interval_start, "
            "interval_end",
            geojson_allowed=True,
            vocabularies=ZONE_CODES,
        ),
        TableSchema(
            "inventory_plots",
            {
                "plot_id": "str",
                "stratum_id": "str",
                "latitude": "float",
                "longitude": "float",
                "plot_area_m2": "float",
                "measured_on": "date",
            },
            ("plot_id",),
            unique=("plot_id",),
            optional=True,
            description="forest inventory plots",
        ),
        TableSchema(
            "inventory_trees",
            {
                "plot_id": "str",
                "tree_id": "str",
                "dbh_cm": "float",
                "height_m": "float",
                "wood_density_g_cm3": "float",
                "species": "str",
                "status": "str",
            },
            ("plot_id", "tree_id"),
            unique=("plot_id", "tree_id"),
            optional=True,
            description="inventory trees (Chave et al. 2014 allometry)",
            vocabularies={"status": TREE_STATUSES},
        ),
        TableSchema(
            "accuracy_samples",
            {
                "sample_id": "str",
                "map_class": "str",
                "reference_class": "str",
                "stratum_weight": "float",
            },
            ("sample_id",),
            unique=("sample_id",),
            optional=True,
            description="map accuracy assessment sample (Olofsson et al. 2014)",
            max_distinct={"map_class": MAX_CLASSES, "reference_class": MAX_CLASSES},
        ),
        TableSchema(
            "claimed_vintages",
            {
                "vintage": "int",
                "baseline_tco2e": "float",
                "project_tco2e": "float",
                "leakage_tco2e": "float",
                "buffer_tco2e": "float",
                "vcus": "float",
            },
            ("vintage",),
            optional=True,
            description="the proponent's claimed figures per vintage (draft monitoring report)",
        ),
        TableSchema(
            "exante_estimates",
            {
                "year": "int",
                "baseline_tco2e": "float",
                "project_tco2e": "float",
                "leakage_tco2e": "float",
                "net_tco2e": "float",
            },
            ("year",),
            optional=True,
            description="the validated project description's ex-ante estimates per year",
        ),
        TableSchema(
            "ccb_indicators",
            {
                "indicator_id": "str",
                "sdg": "str",
                "description": "str",
                "period_start": "date",
                "period_end": "date",
                "value": "float",
                "unit": "str",
                "source": "str",
            },
            ("indicator_id",),
            optional=True,
            description="community and biodiversity co-benefit indicators",
        ),
        TableSchema(
            "issuance_history",
            {
                "period_start": "date",
                "period_end": "date",
                "vintage": "int",
                "vcus_issued": "float",
                "buffer_tco2e": "float",
            },
            ("period_start", "period_end", "vintage"),
            optional=True,
            description="earlier monitoring periods as issued on the registry (contract 5.3)",
        ),
        TableSchema(
            "verification_findings",
            {
                "finding_id": "str",
                "type": "str",
                "status": "str",
                "raised_on": "date",
                "reference": "str",
                "description": "str",
                "response": "str",
            },
            ("finding_id",),
            optional=True,
            description="the verifier's findings and the proponent's responses (contract 5.4); "
            "optional columns requirement, response_round, evidence_ref, prepared_by, "
            "reviewed_by, closed_on (kept as extra columns, shown on the Findings sheet)",
            unique=("finding_id",),
            vocabularies={"type": FINDING_TYPES, "status": FINDING_STATUSES},
        ),
        TableSchema(
            "uncertainty_inputs",
            {"input_id": "str", "quantity": "str", "scale": "str", "distribution": "str"},
            ("input_id",),
            optional=True,
            description="what is uncertain and how, one random variable per row (contract "
            "7.1.2); optional columns zone, stratum_id, pool, year, gas (selector, * = all), "
            "mean, sd, half_width_95_fraction, lower, mode, upper, alpha, beta, draws_column, "
            "shared_draw_group, source",
            unique=("input_id",),
            vocabularies={
                "quantity": SIMULATED_QUANTITIES,
                "scale": ("relative", "absolute"),
                "distribution": DISTRIBUTIONS,
            },
        ),
        TableSchema(
            "input_draws",
            {"draw": "int"},
            ("draw",),
            optional=True,
            description="draws of the empirical inputs (contract 7.1.3): draw 1..M and one "
            "numeric column per empirical input",
            unique=("draw",),
        ),
        TableSchema(
            "simulation_draws",
            {"draw": "int"},
            ("draw",),
            optional=True,
            description="the proponent's own draws (contract 7.1.4): draw and one column per "
            "<quantity>_<vintage> (gross_er_tco2e_2019, …), optionally <quantity>_period",
            unique=("draw",),
        ),
        TableSchema(
            "sample_observations",
            {"event_id": "str", "observed_area_ha": "float"},
            ("event_id",),
            optional=True,
            description="the verifier's observed areas of the evidence sample's events "
            "(contract 5.9); optional columns observed_on, observer, evidence_ref, note",
            unique=("event_id",),
        ),
    ]
}

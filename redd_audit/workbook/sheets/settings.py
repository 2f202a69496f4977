"""The project settings shown on the Parameters sheet, one named cell each.

Each setting is one row of :data:`SETTINGS`: the defined name, the dotted path of the
``project.yaml`` field it reads (the value is taken from the typed project, so the sheet can
never disagree with the model), its unit, number format and meaning.
"""

from __future__ import annotations

from dataclasses import dataclass

from redd_audit.formulas.fire import fire_emission_factor_tco2e_per_t_dm
from redd_audit.methodology.net_reductions import VCU_ROUNDING_GUARD_DECIMALS
from redd_audit.methodology.vintages import project_years
from redd_audit.project import Project
from redd_audit.workbook.model import COUNT, DATE, FRACTION, NUMBER

#: (defined name, project.yaml path, unit, number format, description)
SETTINGS: tuple[tuple[str, str, str, str | None, str], ...] = (
    ("Crediting_Start", "crediting_period.start", "date", DATE, "crediting period start"),
    ("Crediting_End", "crediting_period.end", "date", DATE, "crediting period end"),
    (
        "N_AG",
        "accounting.emission_schedule_years.above_ground",
        "years",
        COUNT,
        "above-ground stock emitted over N years",
    ),
    (
        "N_BG",
        "accounting.emission_schedule_years.below_ground",
        "years",
        COUNT,
        "below-ground stock emitted over N years",
    ),
    (
        "N_DW",
        "accounting.emission_schedule_years.dead_wood",
        "years",
        COUNT,
        "dead wood emitted over N years",
    ),
    (
        "N_LI",
        "accounting.emission_schedule_years.litter",
        "years",
        COUNT,
        "litter emitted over N years",
    ),
    ("GWP_CH4", "accounting.gwp.ch4", "tCO2e / t CH4", NUMBER, "global warming potential of CH4"),
    ("GWP_N2O", "accounting.gwp.n2o", "tCO2e / t N2O", NUMBER, "global warming potential of N2O"),
    ("GWP_Set", "accounting.rules.gwp_set", "-", None, "label of the GWP set"),
    (
        "G_CH4_g_per_kg",
        "accounting.fire_emission_factors_g_per_kg.ch4",
        "g CH4 / kg d.m.",
        NUMBER,
        "CH4 emission factor of biomass burning (IPCC 2006 Table 2.5)",
    ),
    (
        "G_N2O_g_per_kg",
        "accounting.fire_emission_factors_g_per_kg.n2o",
        "g N2O / kg d.m.",
        NUMBER,
        "N2O emission factor of biomass burning (IPCC 2006 Table 2.5)",
    ),
)

SETTINGS_AFTER_FIRE: tuple[tuple[str, str, str, str | None, str], ...] = (
    (
        "Allowable_Uncertainty_Fraction",
        "accounting.uncertainty.allowable_fraction",
        "fraction",
        FRACTION,
        "X-UNC free band",
    ),
    (
        "Given_Baseline_Uncertainty_Fraction",
        "accounting.uncertainty.baseline_fraction",
        "fraction",
        FRACTION,
        "given U_BSL (empty: propagated from the strata)",
    ),
    (
        "Given_Project_Uncertainty_Fraction",
        "accounting.uncertainty.project_fraction",
        "fraction",
        FRACTION,
        "given U_WPS (empty: propagated from the strata)",
    ),
    (
        "Risk_Rating_Fraction",
        "accounting.buffer.risk_rating_fraction",
        "fraction",
        FRACTION,
        "non-permanence risk rating (NPRT)",
    ),
    (
        "Materiality_Fraction",
        "materiality_fraction",
        "fraction",
        FRACTION,
        "materiality threshold of the reconciliation",
    ),
)

RULES: tuple[tuple[str, str, str, str | None, str], ...] = (
    ("Rule_Set_Id", "accounting.rules.id", "-", None, "rule set identifier"),
    (
        "Leakage_Netting",
        "accounting.rules.leakage_netting",
        "-",
        None,
        "MAX(0, ·) per_vintage or per_period",
    ),
    (
        "Buffer_Base",
        "accounting.rules.buffer_base",
        "-",
        None,
        "stock_change or adjusted_stock_change",
    ),
    (
        "Uncertainty_Project_Weights",
        "accounting.rules.uncertainty_project_weights",
        "-",
        None,
        "total_emissions or stock_emissions",
    ),
    (
        "Reversal_Deduction",
        "accounting.rules.reversal_deduction",
        "-",
        None,
        "none or apply_factor",
    ),
    (
        "Carbon_Stock_Source",
        "accounting.carbon_stock_source",
        "-",
        None,
        "validated or inventory",
    ),
    (
        "Vintage_Allocation",
        "accounting.vintage_allocation",
        "-",
        None,
        "calendar_year or project_year",
    ),
    (
        "Carbon_Fraction",
        "inventory.carbon_fraction",
        "tC / t d.m.",
        NUMBER,
        "carbon fraction of dry biomass",
    ),
    (
        "Below_Ground_Method",
        "inventory.below_ground_method",
        "-",
        None,
        "root_to_shoot or mokany_2006",
    ),
    (
        "Root_to_Shoot_Ratio",
        "inventory.root_to_shoot_ratio",
        "-",
        NUMBER,
        "R, below- to above-ground biomass",
    ),
    (
        "Environmental_Stress_E",
        "inventory.environmental_stress_e",
        "-",
        NUMBER,
        "Chave et al. 2014 covariate E",
    ),
    (
        "Target_Precision_Fraction",
        "inventory.target_precision_fraction",
        "fraction",
        FRACTION,
        "target precision of the stratum mean",
    ),
    (
        "Min_Overall_Accuracy_Fraction",
        "map_accuracy.min_overall_accuracy_fraction",
        "fraction",
        FRACTION,
        "minimum overall map accuracy",
    ),
    (
        "Min_Samples_Per_Class",
        "map_accuracy.min_samples_per_class",
        "samples",
        COUNT,
        "minimum accuracy samples per class",
    ),
)


@dataclass(frozen=True)
class Setting:
    name: str
    value: object
    unit: str
    setting: str
    description: str
    fmt: str | None = None
    formula: bool = False


def field_value(project: Project, path: str) -> object:
    """The value of a dotted ``project.yaml`` path on the typed project."""
    value: object = project
    for part in path.split("."):
        value = getattr(value, part)
    return value


def _rows(
    project: Project, table: tuple[tuple[str, str, str, str | None, str], ...]
) -> list[Setting]:
    return [
        Setting(name, field_value(project, path), unit, path, text, fmt)
        for name, path, unit, fmt, text in table
    ]


def project_settings(project: Project, start: object, end: object) -> list[Setting]:
    """Every setting of the Parameters sheet, in the order shown."""
    period = [
        Setting(
            "Period_Start", start, "date", "--start", "first day of the monitoring period", DATE
        ),
        Setting("Period_End", end, "date", "--end", "last day of the monitoring period", DATE),
    ]
    fire_factor = Setting(
        "Fire_EF_tCO2e_per_t_dm",
        fire_emission_factor_tco2e_per_t_dm(
            "G_CH4_g_per_kg", "G_N2O_g_per_kg", "GWP_CH4", "GWP_N2O"
        ),
        "tCO2e / t d.m.",
        "(derived)",
        "(G_CH4·GWP_CH4 + G_N2O·GWP_N2O)·10⁻³ (VMD0013 E-BB; IPCC 2006 Eq. 2.27)",
        "0.000000",
        True,
    )
    guard = Setting(
        "VCU_Rounding_Guard_Decimals",
        VCU_ROUNDING_GUARD_DECIMALS,
        "decimals",
        "(rule)",
        "decimals kept before VCUs are rounded down (floating-point guard)",
        COUNT,
    )
    return [
        *period,
        *_rows(project, SETTINGS),
        fire_factor,
        *_rows(project, SETTINGS_AFTER_FIRE),
        guard,
        *_rows(project, RULES),
        *convention_settings(project),
    ]


def convention_settings(project: Project) -> list[Setting]:
    """The settings of contract section 8: project years (with the month, day and label offset
    the calendar formulas read), annualisation and the baseline's source."""
    acc = project.accounting
    years = project_years(acc)
    start = f"{years.month:02d}-{years.day:02d}"
    path = "accounting.project_year_start"
    return [
        Setting("Project_Year_Start", start, "MM-DD", path, "first day of every project year"),
        Setting(
            "Project_Year_Label",
            acc.project_year_label,
            "-",
            "accounting.project_year_label",
            "a project year is named by the calendar year in which it ends (or starts)",
        ),
        Setting("Project_Year_Start_Month", years.month, "month", path, "its month", COUNT),
        Setting("Project_Year_Start_Day", years.day, "day", path, "its day", COUNT),
        Setting(
            "Project_Year_Label_Offset",
            years.label_offset,
            "years",
            "(derived)",
            "label minus the calendar year in which the project year starts",
            COUNT,
        ),
        Setting(
            "Annualize_Rule",
            acc.monitoring.annualize,
            "-",
            "accounting.monitoring.annualize",
            "dated (events count at their date) or even (spread over the interval)",
        ),
        Setting(
            "Baseline_Source",
            acc.baseline.source,
            "-",
            "accounting.baseline.source",
            "exante_cohorts or fixed_table (the PD's baseline_emissions)",
        ),
    ]

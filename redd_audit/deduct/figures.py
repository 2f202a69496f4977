"""The rule applied to every series of a draws table, and ``deduction.json`` (contract 7.6)."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from redd_audit.deduct.table import DrawsTable
from redd_audit.methodology.deductions import (
    RULE_VERSIONS,
    RuleSettings,
    SeriesDeduction,
    art_trees_deduction,
    art_trees_true_up_tco2e,
    fcpf_deduction,
    vcs_xunc_deduction,
)
from redd_audit.methodology.draw_statistics import (
    Convergence,
    SeriesStatistics,
    convergence,
    series_statistics,
)

#: TREES 2.0: "a simulation n of 10,000"; fewer rows than this is a warning for every rule.
RECOMMENDED_DRAWS = 10_000
#: Draw cells that go into ``deduction.xlsx`` (contract 7.5.3, ``draws_in_workbook: auto``).
MAX_DRAW_CELLS = 1_000_000


@dataclass(frozen=True)
class SeriesFigures:
    statistics: SeriesStatistics
    convergence: Convergence
    deduction: SeriesDeduction
    is_period: bool
    true_up_tco2e: float | None = None


@dataclass(frozen=True)
class DeductFigures:
    table: DrawsTable
    settings: RuleSettings
    deterministic: dict[str, float]
    period_column: str | None
    series: tuple[SeriesFigures, ...]
    warnings: tuple[str, ...]
    infos: tuple[str, ...]


def _rule_function(settings: RuleSettings):  # type: ignore[no-untyped-def]
    return {
        "vcs-xunc": vcs_xunc_deduction,
        "art-trees": art_trees_deduction,
        "fcpf": fcpf_deduction,
    }[settings.rule]


def compute(
    table: DrawsTable,
    settings: RuleSettings,
    deterministic: dict[str, float],
    period_column: str | None,
) -> DeductFigures:
    """Statistics, convergence and the rule for every series; the ART period true-up."""
    from redd_audit.errors import InputError

    if period_column is not None and period_column not in table.series:
        raise InputError(
            f"--period-column {period_column!r} is not a series of the table "
            f"({', '.join(table.series)})",
            file=table.file,
            row=1,
        )
    if settings.center == "deterministic":
        missing = [s for s in table.series if s not in deterministic]
        if missing:
            raise InputError(
                f"--center deterministic needs --deterministic-value for {', '.join(missing)}"
            )
    method = settings.percentile_method
    warnings: list[str] = []
    infos: list[str] = []
    if table.rows < RECOMMENDED_DRAWS:
        warnings.append(f"{table.rows} draws: fewer than {RECOMMENDED_DRAWS:,}")
    if table.rows * len(table.series) > MAX_DRAW_CELLS:
        infos.append(
            f"{table.rows * len(table.series):,} draw cells: more than {MAX_DRAW_CELLS:,}, so "
            "deduction.xlsx holds the statistics as values, not the draws"
        )
    if settings.rule == "art-trees" and table.rows != RECOMMENDED_DRAWS:
        warnings.append("TREES 2.0 requires a simulation n of 10,000")
    period_ua = None
    if settings.rule == "art-trees" and period_column is not None:
        period_ua = art_trees_deduction(
            period_column,
            table.series[period_column],
            settings,
            deterministic.get(period_column),
        ).adjustment_fraction
    rule = _rule_function(settings)
    figures: list[SeriesFigures] = []
    for name, draws in table.series.items():
        stats = series_statistics(name, draws, method)
        conv = convergence(
            name,
            draws,
            confidence=settings.confidence,
            reference=settings.half_width_reference,
            method=method,
        )
        if (
            settings.rule == "art-trees"
            and settings.ua_source == "period"
            and name != period_column
        ):
            deduction = art_trees_deduction(
                name, draws, settings, deterministic.get(name), period_ua
            )
        else:
            deduction = rule(name, draws, settings, deterministic.get(name))
        if conv.converged is False:
            warnings.append(
                f"{name}: not converged (running mean deviation "
                f"{conv.running_mean_max_deviation_fraction:.4g}, half-width change "
                f"{conv.half_width_change_fraction:.4g}): increase the number of draws"
            )
        warnings.extend(deduction.warnings)
        infos.extend(deduction.infos)
        if stats.negative_draws:
            infos.append(f"{name}: {stats.negative_draws} negative draws kept")
        figures.append(SeriesFigures(stats, conv, deduction, name == period_column))
    if settings.rule == "art-trees" and period_column is not None and period_ua is not None:
        years = [f.deduction for f in figures if not f.is_period]
        true_up = art_trees_true_up_tco2e(
            [d.uncertainty_deduction_tco2e for d in years],
            [d.center_tco2e for d in years],
            period_ua,
        )
        figures = [
            SeriesFigures(f.statistics, f.convergence, f.deduction, True, true_up)
            if f.is_period
            else f
            for f in figures
        ]
    return DeductFigures(
        table,
        settings,
        deterministic,
        period_column,
        tuple(figures),
        tuple(warnings),
        tuple(infos),
    )


def _number(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) else None


def constants(settings: RuleSettings) -> dict[str, object]:
    """The rule's constants (contract 7.5.1 ``constants``)."""
    if settings.rule == "art-trees":
        return {"ua_scale": settings.ua_scale, "t90": settings.t90}
    if settings.rule == "fcpf":
        return {"bounds": list(settings.bounds), "factors": list(settings.factors)}
    return {"allowable_fraction": settings.allowable_fraction}


def series_json(f: SeriesFigures) -> dict[str, object]:
    s, d = f.statistics, f.deduction
    entry: dict[str, object] = {
        "name": s.name,
        "n": s.n,
        "mean_tco2e": s.mean_tco2e,
        "sd_tco2e": _number(s.sd_tco2e),
        "median_tco2e": s.median_tco2e,
        "p05_tco2e": s.percentile(5.0),
        "p95_tco2e": s.percentile(95.0),
        "p025_tco2e": s.percentile(2.5),
        "p975_tco2e": s.percentile(97.5),
        "half_width_fraction": _number(d.half_width_fraction),
        "adjustment_fraction": _number(d.adjustment_fraction),
        "uncertainty_deduction_tco2e": d.uncertainty_deduction_tco2e,
        "buffer_tco2e": d.buffer_tco2e,
        "leakage_tco2e": d.leakage_tco2e,
        "credited_tco2e": d.credited_tco2e,
        "negative_draws": s.negative_draws,
        "convergence": f.convergence.as_json(),
        # beyond contract 7.6: the rest of 7.3.4 and 7.2.5
        "center_tco2e": d.center_tco2e,
        "reference_tco2e": d.reference_tco2e,
        "p_lower_tco2e": d.p_lower_tco2e,
        "p_upper_tco2e": d.p_upper_tco2e,
        "adjusted_ner_tco2e": d.adjusted_ner_tco2e,
        "min_tco2e": s.min_tco2e,
        "max_tco2e": s.max_tco2e,
        "skewness": _number(s.skewness),
        "percentiles_tco2e": [{"percent": q, "value": v} for q, v in s.percentiles_tco2e],
        "is_period": f.is_period,
    }
    if f.true_up_tco2e is not None:
        entry["true_up_tco2e"] = f.true_up_tco2e
    return entry


def deduction_json(figures: DeductFigures) -> dict[str, object]:
    """``deduction.json``: the keys of contract 7.6, then warnings and infos."""
    t, settings = figures.table, figures.settings
    settings_json = asdict(settings)
    settings_json["bounds"], settings_json["factors"] = (
        list(settings.bounds),
        list(settings.factors),
    )
    settings_json.update(
        {"period_column": figures.period_column, "deterministic_values": figures.deterministic}
    )
    conv = figures.series[0].convergence if figures.series else None
    if conv is not None:
        settings_json["convergence"] = {
            "window": conv.window,
            "running_mean_band_fraction": conv.running_mean_band_fraction,
            "half_width_band_fraction": conv.half_width_band_fraction,
        }
    return {
        "rule": settings.rule,
        "rule_version": RULE_VERSIONS[settings.rule],
        "draws": {"file": t.file, "sha256": t.sha256, "rows": t.rows, "columns": t.columns},
        "settings": settings_json,
        "constants": constants(settings),
        "series": [series_json(f) for f in figures.series],
        "warnings": list(figures.warnings),
        "infos": list(figures.infos),
        "ignored_columns": list(t.ignored_columns),
    }

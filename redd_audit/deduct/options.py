"""The options of ``redd-audit deduct`` (contract 7.6) as checked rule settings."""

from __future__ import annotations

import math
from dataclasses import dataclass

from redd_audit.errors import InputError
from redd_audit.methodology.deductions import (
    RULE_DEFAULTS,
    RULES,
    VCS_ALLOWABLE_FRACTION,
    RuleSettings,
    rule_settings_problems,
)


@dataclass(frozen=True)
class DeductOptions:
    """What the command line gave; ``None`` means the rule's default."""

    rule: str
    draw_column: str = "draw"
    center: str | None = None
    deterministic_values: str | None = None
    half_width_reference: str | None = None
    confidence: float | None = None
    buffer_fraction: float = 0.0
    leakage_fraction: float = 0.0
    period_column: str | None = None
    ua_source: str = "vintage"
    half_width_decimals: int | None = None
    ua_decimals: int | None = None
    ci_bound_decimals: int | None = None
    relative_margin_decimals: int | None = None
    allowable_fraction: float | None = None
    percentile_method: str = "linear"


def _option(setting: str) -> str:
    return "--" + setting.replace("_", "-").split("[")[0]


def rule_settings(options: DeductOptions) -> RuleSettings:
    """The rule's settings, defaults filled per rule; exit 2 for anything out of its domain."""
    if options.rule not in RULES:
        raise InputError(f"unknown rule {options.rule!r}: use one of {', '.join(RULES)}")
    defaults = RULE_DEFAULTS[options.rule]
    settings = RuleSettings(
        rule=options.rule,
        center=options.center or str(defaults["center"]),
        half_width_reference=options.half_width_reference or str(defaults["half_width_reference"]),
        confidence=(
            float(str(defaults["confidence"])) if options.confidence is None else options.confidence
        ),
        allowable_fraction=(
            VCS_ALLOWABLE_FRACTION
            if options.allowable_fraction is None
            else options.allowable_fraction
        ),
        percentile_method=options.percentile_method,
        leakage_fraction=options.leakage_fraction,
        buffer_fraction=options.buffer_fraction,
        ua_source=options.ua_source,
        ci_bound_decimals=options.ci_bound_decimals,
        half_width_decimals=options.half_width_decimals,
        ua_decimals=options.ua_decimals,
        relative_margin_decimals=options.relative_margin_decimals,
    )
    problems = rule_settings_problems(settings)
    if problems:
        setting, message = problems[0]
        raise InputError(f"{_option(setting)}: {message}")
    if settings.ua_source == "period" and options.period_column is None:
        raise InputError("--ua-source period needs --period-column (the period series)")
    return settings


def deterministic_values(text: str | None, series: list[str]) -> dict[str, float]:
    """``SERIES=V[,SERIES=V…]`` as a mapping; every name must be a series of the table."""
    values: dict[str, float] = {}
    for item in (text or "").split(","):
        if not item.strip():
            continue
        name, sep, number = item.partition("=")
        name = name.strip()
        try:
            value = float(number)
        except ValueError:
            value = math.nan
        if not sep or not math.isfinite(value):
            raise InputError(f"--deterministic-value: {item.strip()!r} is not SERIES=NUMBER")
        if name not in series:
            raise InputError(
                f"--deterministic-value: {name!r} is not a series of the table "
                f"({', '.join(series)})"
            )
        values[name] = value
    return values

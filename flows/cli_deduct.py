"""``redd-audit deduct``: a deduction rule re-performed on a draws table (contract 7.6).

No project and no Prefect: the command reads the table, applies the rule to every series
(:mod:`redd_audit.deduct`) and prints one line per series. Exit codes: 0 success; 2 bad
invocation or input (one message naming file, row and column); 3 an internal error.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from flows.terminal import visible
from redd_audit.errors import InputError

EXIT_OK, EXIT_INPUT, EXIT_INTERNAL = 0, 2, 3


def _err(message: str) -> None:
    typer.echo(f"redd-audit: {visible(message)}", err=True)


def _line(entry: dict[str, object]) -> str:
    def num(key: str, fmt: str) -> str:
        value = entry.get(key)
        return "n/a" if value is None else format(value, fmt)

    return (
        f"{entry['name']}: n={entry['n']} center={num('center_tco2e', ',.3f')} "
        f"HW={num('half_width_fraction', '.4%')} adjustment={num('adjustment_fraction', '.6f')} "
        f"deduction={num('uncertainty_deduction_tco2e', ',.3f')} tCO2e "
        f"credited={num('credited_tco2e', ',.3f')} tCO2e"
    )


def deduct(
    draws: Annotated[Path, typer.Option("--draws", help="Draws table: .csv, .xlsx or .parquet.")],
    rule: Annotated[str, typer.Option("--rule", help="vcs-xunc | art-trees | fcpf")],
    draw_column: Annotated[str, typer.Option("--draw-column", help="Draw id column.")] = "draw",
    center: Annotated[
        str | None, typer.Option("--center", help="mean | median | deterministic")
    ] = None,
    deterministic_value: Annotated[
        str | None,
        typer.Option("--deterministic-value", help="SERIES=V[,SERIES=V…] (--center deterministic)"),
    ] = None,
    half_width_reference: Annotated[
        str | None, typer.Option("--half-width-reference", help="mean | median")
    ] = None,
    confidence: Annotated[float | None, typer.Option("--confidence", help="In (0, 1).")] = None,
    buffer_fraction: Annotated[float, typer.Option("--buffer-fraction")] = 0.0,
    leakage_fraction: Annotated[float, typer.Option("--leakage-fraction")] = 0.0,
    period_column: Annotated[
        str | None, typer.Option("--period-column", help="The period series (true-up, UA).")
    ] = None,
    ua_source: Annotated[str, typer.Option("--ua-source", help="vintage | period")] = "vintage",
    half_width_decimals: Annotated[int | None, typer.Option("--half-width-decimals")] = None,
    ua_decimals: Annotated[int | None, typer.Option("--ua-decimals")] = None,
    ci_bound_decimals: Annotated[int | None, typer.Option("--ci-bound-decimals")] = None,
    relative_margin_decimals: Annotated[
        int | None, typer.Option("--relative-margin-decimals")
    ] = None,
    allowable_fraction: Annotated[float | None, typer.Option("--allowable-fraction")] = None,
    percentile_method: Annotated[
        str, typer.Option("--percentile-method", help="linear | weibull")
    ] = "linear",
    out: Annotated[Path, typer.Option("--out", help="Output root folder.")] = Path("reports"),
) -> None:
    """Apply a deduction rule to every series of a proponent's draws table (no project).

    Writes deduction.json, deduction.xlsx (formula-live) and manifest.json to
    <out>/deduct/<sha256(FILE)[:12]>/.
    """
    from redd_audit.deduct.options import DeductOptions
    from redd_audit.deduct.outputs import run_deduct

    options = DeductOptions(
        rule=rule,
        draw_column=draw_column,
        center=center,
        deterministic_values=deterministic_value,
        half_width_reference=half_width_reference,
        confidence=confidence,
        buffer_fraction=buffer_fraction,
        leakage_fraction=leakage_fraction,
        period_column=period_column,
        ua_source=ua_source,
        half_width_decimals=half_width_decimals,
        ua_decimals=ua_decimals,
        ci_bound_decimals=ci_bound_decimals,
        relative_margin_decimals=relative_margin_decimals,
        allowable_fraction=allowable_fraction,
        percentile_method=percentile_method,
    )
    try:
        result = run_deduct(draws, options, out)
    except InputError as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_INPUT) from None
    except OSError as exc:
        _err(f"{exc.filename or out}: {exc.strerror or exc}")
        raise typer.Exit(EXIT_INPUT) from None
    except Exception as exc:  # a bug: one line, no traceback
        if os.environ.get("REDD_AUDIT_DEBUG"):
            raise
        _err(f"{type(exc).__name__}: {exc} (set REDD_AUDIT_DEBUG=1 for details)")
        raise typer.Exit(EXIT_INTERNAL) from None
    summary = result.summary
    for warning in summary["warnings"]:  # type: ignore[attr-defined]
        typer.echo(visible(f"warning: {warning}"), err=True)
    for info in summary["infos"]:  # type: ignore[attr-defined]
        typer.echo(visible(f"info: {info}"), err=True)
    for problem in result.cache_problems:
        typer.echo(visible(f"warning: {problem}"), err=True)
    for entry in summary["series"]:  # type: ignore[attr-defined]
        typer.echo(visible(_line(entry)))
    typer.echo(f"deduction: {visible(str(result.folder / 'deduction.json'))}")
    typer.echo(f"workbook:  {visible(str(result.folder / 'deduction.xlsx'))}")
    raise typer.Exit(EXIT_OK)


def register(app: typer.Typer) -> None:
    """Add the ``deduct`` command to the ``redd-audit`` CLI."""
    app.command("deduct")(deduct)

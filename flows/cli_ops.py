"""Operations commands of the ``redd-audit`` CLI: ``automations apply`` and ``watch``.

Both talk to a Prefect server (``PREFECT_API_URL`` or a profile); Prefect is imported inside
the commands so that ``--help`` stays fast. Exit codes as for the other commands: 0 success,
2 bad invocation or input (one clear line), 3 an internal error.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from flows.terminal import quiet_prefect_console, visible
from redd_audit.errors import InputError

automations_app = typer.Typer(
    no_args_is_help=True, help="Prefect automations of redd-audit (automations/redd-audit.yaml)."
)


def _err(message: str) -> None:
    typer.echo(f"redd-audit: {visible(message)}", err=True)


def _need_server() -> None:
    from flows.embedded_server import api_configured

    if not api_configured():
        raise InputError(
            "this command needs a Prefect server: set PREFECT_API_URL "
            "(e.g. http://127.0.0.1:4200/api) or use a profile that does"
        )


def _server_unreachable(exc: BaseException) -> bool:
    """A connection to the Prefect server failed (refused, timed out, no such host, an HTTP
    error status): a problem of the environment, not of the program."""
    import httpx

    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, httpx.HTTPError | ConnectionError | TimeoutError):
            return True
        current = current.__cause__ or current.__context__
    return False


def _guarded(action: Callable[[], None]) -> int:
    try:
        action()
    except InputError as exc:
        _err(str(exc))
        return 2
    except Exception as exc:  # an unreachable server (exit 2) or a bug: one line, no traceback
        if os.environ.get("REDD_AUDIT_DEBUG"):
            raise
        if _server_unreachable(exc):
            from prefect.settings import PREFECT_API_URL

            _err(f"cannot reach the Prefect server at {PREFECT_API_URL.value()}: {exc}")
            return 2
        _err(f"{type(exc).__name__}: {exc} (set REDD_AUDIT_DEBUG=1 for details)")
        return 3
    return 0


@automations_app.command("apply")
def apply(
    file: Annotated[
        Path | None, typer.Option("--file", help="Automations file (default: the repo's).")
    ] = None,
    webhook_url: Annotated[
        str | None,
        typer.Option(
            "--webhook-url",
            help="Save the notification block to POST to this URL (else use the block "
            "already on the server).",
        ),
    ] = None,
    block: Annotated[
        str | None,
        typer.Option(
            "--block",
            help="Notification block: <type-slug>/<name> (e.g. slack-webhook/team), or the name "
            "of a Custom Webhook block (default: the file's).",
        ),
    ] = None,
    webhook_url_env: Annotated[
        str | None,
        typer.Option(
            "--webhook-url-env",
            help="Name of an environment variable holding the webhook URL (keeps the URL, "
            "which often carries a token, off the command line).",
        ),
    ] = None,
) -> None:
    """Create (or replace) the automations on the configured Prefect server."""

    def action() -> None:
        from flows.automations import DEFAULT_FILE, apply_automations, check_webhook_url

        url = webhook_url
        if webhook_url_env is not None:
            url = os.environ.get(webhook_url_env)
            if not url:
                raise InputError(f"--webhook-url-env: ${webhook_url_env} is not set")
        if url is not None:
            check_webhook_url(url)
        _need_server()
        for automation in apply_automations(file or DEFAULT_FILE, url, block):
            typer.echo(f"automation '{automation.name}': {automation.id}")

    raise typer.Exit(_guarded(action))


def watch(
    project: Annotated[
        list[Path] | None,
        typer.Option("--project", help="Project folder to watch; repeat for more."),
    ] = None,
    root: Annotated[
        Path, typer.Option("--root", help="Watch every project folder under this folder.")
    ] = Path("data/raw"),
    out: Annotated[Path, typer.Option("--out", help="Output root of the triggered audits.")] = Path(
        "reports"
    ),
    announce_new: Annotated[
        bool, typer.Option("--announce-new", help="Also announce folders seen the first time.")
    ] = False,
    settle_seconds: Annotated[
        float,
        typer.Option(
            "--settle-seconds",
            min=0,
            help="A folder with a file modified less than this long ago is still being "
            "delivered: not announced yet.",
        ),
    ] = 120.0,
) -> None:
    """Look once for changed project folders; emit redd-audit.monitoring-data.updated for each."""

    def action() -> None:
        for folder in project or [root]:
            if not folder.is_dir():
                option = "--project" if project else "--root"
                raise InputError(f"{option} {visible(folder)} is not a folder")
        _need_server()
        from flows.watch import watch_monitoring_data

        quiet_prefect_console()

        results = watch_monitoring_data(
            [str(p) for p in project] if project else None, str(root), str(out), announce_new,
            settle_seconds,
        )  # fmt: skip
        for r in results:
            state = "changed: event emitted" if r["event"] else "unchanged or first seen"
            if r.get("settling"):
                state = "still changing: not announced yet (see --settle-seconds)"
            typer.echo(f"{r['project_id']} ({r['project_dir']}): {state}")

    raise typer.Exit(_guarded(action))


def register(app: typer.Typer) -> None:
    app.add_typer(automations_app, name="automations")
    app.command("watch")(watch)

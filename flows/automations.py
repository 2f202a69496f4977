"""Automations as code: ``automations/redd-audit.yaml`` applied to a Prefect server.

:func:`apply_automations` saves the notification block when a webhook URL is given (a Custom
Webhook block that POSTs ``{"subject", "body", "name"}`` as JSON; the URL, which often carries
a token, is kept in the block's secret values, masked in the UI and the API), then creates each
automation of the file, replacing an existing automation of the same name, with every
``send-notification`` action pointed at that block. ``redd-audit automations apply`` calls it.
Any notification block already on the server will do: ``slack-webhook/team`` (its type's slug,
a slash, its name); a bare name is a Custom Webhook block's.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import yaml

from redd_audit.errors import InputError

DEFAULT_FILE = Path(__file__).resolve().parents[1] / "automations" / "redd-audit.yaml"


def load_spec(path: Path) -> dict[str, Any]:
    try:
        spec = yaml.safe_load(path.read_text("utf-8"))
    except OSError as exc:
        raise InputError(
            f"cannot read the automations file: {exc.strerror}", file=str(path)
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"malformed YAML: {exc}", file=str(path)) from None
    if not isinstance(spec, dict) or not isinstance(spec.get("automations"), list):
        raise InputError("expected a mapping with a list 'automations'", file=str(path))
    return spec


def _url_refusal(reason: str) -> InputError:
    # the URL itself is not echoed: it may carry a secret (a token, user:password)
    return InputError(f"--webhook-url {reason}; give an http:// or https:// address")


def check_webhook_url(url: str) -> str:
    """The webhook address trimmed; :class:`InputError` unless it is an absolute ``http(s)`` URL
    with a host, a valid port and no spaces or control/format characters (``javascript:``,
    ``file:`` and other schemes are refused)."""
    from urllib.parse import urlsplit

    text = url.strip()
    if any(c.isspace() or unicodedata.category(c) in ("Cc", "Cf") for c in text):
        raise _url_refusal("holds a space or an invisible character")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise _url_refusal("is not a valid URL (port or brackets)") from None
    if parts.scheme.lower() not in ("http", "https"):
        shown = f"'{parts.scheme}:'" if parts.scheme.isascii() and parts.scheme else "none"
        raise _url_refusal(f"has the scheme {shown}, not http or https")
    if not parts.hostname:
        raise _url_refusal("has no host name")
    del port
    return text


def save_webhook_block(name: str, url: str) -> Any:
    """Create or replace the Custom Webhook notification block ``name`` posting to ``url``."""
    from prefect.blocks.notifications import CustomWebhookNotificationBlock

    url = check_webhook_url(url)
    block = CustomWebhookNotificationBlock(
        name="redd-audit",
        url="{{webhook_url}}",
        secrets={"webhook_url": url},
        method="POST",
        json_data={"subject": "{{subject}}", "body": "{{body}}", "name": "{{name}}"},
    )
    block.save(name, overwrite=True)
    return block


def _block_document_id(name: str) -> Any:
    """The id of the notification block ``name`` (``<type-slug>/<name>``, or a Custom Webhook
    block's bare name)."""
    from prefect.blocks.abstract import NotificationBlock
    from prefect.blocks.core import Block
    from prefect.blocks.notifications import CustomWebhookNotificationBlock

    try:
        # async_dispatch types load() as Self | Coroutine: called from sync code it is the block
        block = Block.load(name) if "/" in name else CustomWebhookNotificationBlock.load(name)
    except ValueError:
        raise InputError(
            f"no notification block '{name}' on the server: give --webhook-url, or create a "
            "notification block in the UI and give --block <type-slug>/<name>"
        ) from None
    if not isinstance(block, NotificationBlock):
        raise InputError(f"block '{name}' cannot send notifications ({type(block).__name__})")
    return block._block_document_id


def build_automation(entry: dict[str, Any], block_id: Any) -> Any:
    """One automation of the file, its notification actions pointed at ``block_id``."""
    from prefect.automations import Automation

    actions = []
    for action in entry.get("actions", []):
        action = dict(action)
        if action.get("type") == "send-notification":
            action["block_document_id"] = block_id
        actions.append(action)
    return Automation.model_validate(
        {
            "name": entry["name"],
            "description": entry.get("description", ""),
            "enabled": entry.get("enabled", True),
            "trigger": entry["trigger"],
            "actions": actions,
        }
    )


def apply_automations(
    path: Path = DEFAULT_FILE, webhook_url: str | None = None, block: str | None = None
) -> list[Any]:
    """Create the automations of ``path`` on the configured server; return them."""
    from pydantic import ValidationError

    spec = load_spec(path)
    block_name = block or spec.get("notification_block") or "redd-audit-notify"
    if webhook_url:
        save_webhook_block(block_name, webhook_url)
    block_id = _block_document_id(block_name)
    created = []
    for entry in spec["automations"]:
        try:
            automation = build_automation(entry, block_id)
        except (KeyError, ValidationError) as exc:
            name = entry.get("name", "?") if isinstance(entry, dict) else "?"
            raise InputError(f"automation '{name}' is invalid: {exc}", file=str(path)) from None
        _delete_existing(automation.name)
        created.append(automation.create())
    return created


def _delete_existing(name: str) -> int:
    """Delete every automation called ``name``; return how many."""
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        found = client.read_automations_by_name(name=name)
        for automation in found:
            client.delete_automation(automation.id)
    return len(found)

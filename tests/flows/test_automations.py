"""Notification secrets (issue 24 item 5): the webhook URL is kept in the block's secret values
(masked by the API), may come from an environment variable instead of the command line, and
any notification block on the server (e.g. a Slack webhook) can carry the automations."""

from __future__ import annotations

import uuid

import pytest
from typer.testing import CliRunner

from flows.automations import _block_document_id, save_webhook_block
from flows.cli import app


@pytest.mark.slow
def test_the_webhook_url_is_a_secret_of_the_block(prefect_api):
    from prefect.client.orchestration import get_client

    name = f"t-{uuid.uuid4().hex[:8]}"
    save_webhook_block(name, "https://hooks.example.org/services/secret-token")
    with get_client(sync_client=True) as client:
        document = client.read_block_document_by_name(
            name, block_type_slug="custom-webhook", include_secrets=False
        )
    assert document.data["url"] == "{{webhook_url}}"
    assert "secret-token" not in str(document.data)  # masked: only the block can read it


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:'imghdr' is deprecated:DeprecationWarning")  # apprise
def test_any_notification_block_can_carry_the_automations(prefect_api):
    from prefect.blocks.notifications import SlackWebhook

    name = f"t-slack-{uuid.uuid4().hex[:8]}"
    SlackWebhook(url="https://hooks.slack.com/services/T/B/X").save(name)
    assert _block_document_id(f"slack-webhook/{name}") is not None


def test_a_webhook_url_variable_that_is_not_set_is_exit_2(monkeypatch):
    monkeypatch.delenv("REDD_AUDIT_TEST_NO_SUCH_URL", raising=False)
    result = CliRunner().invoke(
        app, ["automations", "apply", "--webhook-url-env", "REDD_AUDIT_TEST_NO_SUCH_URL"]
    )
    assert result.exit_code == 2, result.output
    assert "REDD_AUDIT_TEST_NO_SUCH_URL is not set" in result.output

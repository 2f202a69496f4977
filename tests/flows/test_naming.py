"""Run names (issue 24 item 4): the UI's custom run form pre-fills a random title-case name
(``Handmade-Thrush``), which is replaced like Prefect's own slugs; typed names are kept."""

from __future__ import annotations

import pytest

from flows.naming import is_generated_name


@pytest.mark.parametrize("name", [None, "", "marvellous-grebe", "Handmade-Thrush"])
def test_random_names_are_replaced(name):
    assert is_generated_name(name)


@pytest.mark.parametrize(
    "name", ["rerun after the proponent's fix", "VCS-868 2021 rerun", "Q1-2021", "audit-2"]
)
def test_typed_names_are_kept(name):
    assert not is_generated_name(name)

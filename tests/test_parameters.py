"""redd_audit.parameters: cited constants from redd_audit/data/parameters.yaml."""

from __future__ import annotations

import pytest

from redd_audit import parameters


def test_co2_per_c_is_44_over_12() -> None:
    assert pytest.approx(44 / 12) == parameters.CO2_PER_C
    assert parameters.value("co2_per_c") == parameters.CO2_PER_C


def test_every_record_is_cited_with_unit_and_source() -> None:
    records = parameters.records()
    assert records, "no parameters loaded"
    for key, record in records.items():
        assert record.key == key
        assert isinstance(record.value, float)
        assert record.unit and record.source and record.locator and record.description


def test_records_is_a_copy_and_unknown_keys_raise() -> None:
    records = parameters.records()
    records.clear()
    assert parameters.records()
    with pytest.raises(KeyError):
        parameters.value("no_such_constant")


def test_version_is_text() -> None:
    assert isinstance(parameters.version(), str) and parameters.version()


@pytest.mark.parametrize(
    ("key", "expected"),
    [("z_95", 1.96), ("t_gas_per_g_per_kg", 1e-3), ("ci_two_sided_alpha", 0.05)],
)
def test_known_constants(key: str, expected: float) -> None:
    assert parameters.value(key) == pytest.approx(expected, rel=1e-3)

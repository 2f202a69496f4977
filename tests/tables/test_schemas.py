"""redd_audit.tables.schemas: the table schemas are consistent with themselves."""

from __future__ import annotations

import pytest

from redd_audit.tables.schemas import SCHEMAS, TableSchema


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schema_is_self_consistent(name: str) -> None:
    schema = SCHEMAS[name]
    assert schema.name == name
    assert set(schema.id_columns) <= set(schema.columns)
    assert set(schema.unique) <= set(schema.columns)
    assert set(schema.vocabularies) <= set(schema.columns)
    assert set(schema.max_distinct) <= set(schema.columns)
    assert set(schema.columns.values()) <= {"str", "int", "float", "date"}
    assert schema.required_columns == list(schema.columns)
    for codes in schema.vocabularies.values():
        assert len(set(c.lower() for c in codes)) == len(codes)


def test_text_ids_are_text_columns_named_id() -> None:
    schema = TableSchema(
        "t", {"event_id": "str", "plot_id": "int", "zone": "str"}, ("event_id",), True, "test"
    )
    assert schema.text_ids == ["event_id"]


def test_required_tables() -> None:
    assert not SCHEMAS["baseline_exante"].optional
    assert not SCHEMAS["deforestation_events"].optional
    assert SCHEMAS["fire_events"].optional
    assert SCHEMAS["deforestation_events"].geojson_allowed

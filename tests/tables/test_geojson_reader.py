"""redd_audit.tables.geojson_reader: features → raw table, with areas from the geometry."""

from __future__ import annotations

import json

import pytest

from redd_audit.errors import InputError
from redd_audit.tables.geojson_reader import read_geojson
from redd_audit.tables.schemas import SCHEMAS
from redd_audit.tables.text_files import UTF8_BOM

EVENTS = SCHEMAS["deforestation_events"]
SQUARE = [[[0.0, 0.0], [0.01, 0.0], [0.01, 0.01], [0.0, 0.01], [0.0, 0.0]]]


def _feature(properties: object, coordinates: object = SQUARE, kind: str = "Polygon") -> dict:
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": kind, "coordinates": coordinates},
    }


def _document(*features: dict, crs: str | None = None) -> bytes:
    document: dict = {"type": "FeatureCollection", "features": list(features)}
    if crs:
        document["crs"] = {"type": "name", "properties": {"name": crs}}
    return json.dumps(document).encode()


def test_area_from_attribute_or_geodesic_geometry() -> None:
    data = _document(
        _feature({"event_id": "E-1", "area_ha": 2.5}),
        _feature({"event_id": "E-2"}),
    )
    raw = read_geojson(UTF8_BOM + data, EVENTS, "events.geojson")
    assert raw.notes["bom"] is True and raw.header_row is None and not raw.drop_empty
    areas = raw.columns[raw.names.index("area_ha")]
    assert areas[0] == 2.5
    # 0.01° × 0.01° at the equator: 1,113.2 m × 1,105.7 m ≈ 123.09 ha
    assert areas[1] == pytest.approx(123.09, rel=1e-3)
    assert list(raw.extra["area_source"]) == ["attribute", "geometry"]
    assert list(raw.rows) == [2, 3]


def test_projected_crs_cannot_give_an_area() -> None:
    data = _document(
        _feature({"event_id": "E-1"}, [[[0, 0], [500, 0], [500, 500], [0, 0]]]), crs="EPSG:32719"
    )
    with pytest.raises(InputError, match="the file declares CRS 'EPSG:32719'") as info:
        read_geojson(data, EVENTS, "events.geojson")
    assert (info.value.row, info.value.column) == (2, "area_ha")


def test_unusable_features_are_listed_together() -> None:
    bowtie = [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]
    data = _document(
        _feature({"event_id": "E-1"}, [[[0, 0], [1, 0], [1, 1], [0, 1]]]),  # not closed
        _feature({"event_id": "E-2"}, bowtie),  # self-intersecting
        _feature({"event_id": "E-3"}, [[[0, 0], [200, 0], [200, 1], [0, 0]]]),  # not degrees
        _feature(None),
    )
    with pytest.raises(InputError, match="4 feature\\(s\\) cannot be used") as info:
        read_geojson(data, EVENTS, "events.geojson")
    details = info.value.details
    assert details[0].startswith("row 2, feature 0, event_id=E-1, column 'geometry': malformed")
    assert "invalid Polygon geometry" in details[1]
    assert "are not WGS84 longitude/latitude degrees" in details[2]
    assert details[3] == "row 5, feature 3: 'properties' is null; the record's columns are missing"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{", "malformed JSON at line 1, column 2"),
        (b'{"type": "Feature"}', "expected a GeoJSON FeatureCollection, got 'Feature'"),
        (b"[]", "expected a GeoJSON FeatureCollection, got 'list'"),
        (b'{"type": "FeatureCollection"}', "needs a 'features' list"),
        (b"   ", "the file is empty"),
    ],
)
def test_document_refusals(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_geojson(data, EVENTS, "events.geojson")


def test_duplicated_property_name_after_trimming() -> None:
    data = _document(_feature({"event_id": "E-1", " zone": "a", "zone": "b"}))
    with pytest.raises(InputError, match="duplicated property name 'zone'") as info:
        read_geojson(data, EVENTS, "events.geojson")
    assert (info.value.row, info.value.column) == (2, "zone")


def test_empty_collection_of_an_optional_table() -> None:
    raw = read_geojson(_document(), SCHEMAS["fire_events"], "fires.geojson")
    assert len(raw.rows) == 0 and raw.names == list(SCHEMAS["fire_events"].columns)

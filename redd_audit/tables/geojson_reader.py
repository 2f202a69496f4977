"""GeoJSON tables: a FeatureCollection whose features carry the table's columns as properties.

Every feature is a record (row = feature index + 2, as if the header were row 1): none is
dropped. A feature without properties, without geometry, or with a malformed or invalid
geometry (self-intersecting, bow-tie, unclosed ring, coordinates out of range) is refused, and
every such feature is listed (up to a cap) with its index and id, so that the file's features
and the rows of the ledger add up.

Where a feature's ``area_ha`` is absent or null, the area is the geodesic area of its
Polygon/MultiPolygon on the WGS84 ellipsoid (exterior rings minus holes), in hectares, and
``area_source`` is ``"geometry"`` (else ``"attribute"``).
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pandas as pd

from redd_audit.errors import InputError
from redd_audit.tables.frame import AREA_SOURCE_COLUMN
from redd_audit.tables.raw import Problem, Problems, Raw, empty_raw, native_is_empty, shown
from redd_audit.tables.schemas import TableSchema
from redd_audit.tables.text_files import check_encoding, strip_bom

_WGS84_CRS_NAMES = {
    "urn:ogc:def:crs:ogc:1.3:crs84",
    "urn:ogc:def:crs:ogc::crs84",
    "urn:ogc:def:crs:epsg::4326",
    "epsg:4326",
    "crs84",
}


class _Bad(Exception):
    """A feature's geometry cannot be used; the message says why."""


def _position(position: object, wgs84: bool) -> tuple[float, float]:
    if (
        not isinstance(position, list | tuple)
        or len(position) < 2
        or not all(
            isinstance(c, int | float) and not isinstance(c, bool) and math.isfinite(c)
            for c in position[:2]
        )
    ):
        raise _Bad(f"malformed geometry: invalid position {shown(position)}")
    lon, lat = float(position[0]), float(position[1])
    if wgs84 and not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
        raise _Bad(
            f"coordinates ({lon}, {lat}) are not WGS84 longitude/latitude degrees; "
            "GeoJSON must use EPSG:4326 (RFC 7946)"
        )
    return lon, lat


def _check_ring(ring: object, wgs84: bool) -> None:
    if not isinstance(ring, list) or len(ring) < 4:
        raise _Bad("malformed geometry: a linear ring needs at least 4 positions")
    points = [_position(p, wgs84) for p in ring]
    if points[0] != points[-1]:
        raise _Bad("malformed geometry: a linear ring is not closed (first and last differ)")


def _check_polygon(rings: object, wgs84: bool) -> None:
    if not isinstance(rings, list) or not rings:
        raise _Bad("malformed geometry: a Polygon needs a list of linear rings")
    for ring in rings:
        _check_ring(ring, wgs84)


def _check_geometry(geometry: object, wgs84: bool) -> None:
    """Refuse (``_Bad``) a missing, malformed or invalid (e.g. self-intersecting) geometry."""
    import shapely
    from shapely.geometry import shape
    from shapely.validation import explain_validity

    if geometry is None:
        raise _Bad("the feature has no geometry (null); every feature needs its polygon")
    if not isinstance(geometry, dict) or not isinstance(geometry.get("type"), str):
        raise _Bad("malformed geometry: expected an object with a 'type'")
    kind, coordinates = geometry["type"], geometry.get("coordinates")
    if kind == "Polygon":
        _check_polygon(coordinates, wgs84)
    elif kind == "MultiPolygon":
        if not isinstance(coordinates, list):
            raise _Bad("malformed geometry: a MultiPolygon needs a list of polygons")
        for polygon in coordinates:
            _check_polygon(polygon, wgs84)
    try:
        parsed = shape(geometry)
    except Exception as exc:  # shapely raises several kinds on malformed input
        raise _Bad(f"malformed {kind} geometry ({exc})") from None
    if parsed.is_empty:
        raise _Bad(f"the {kind} geometry is empty")
    if not shapely.is_valid(parsed):
        raise _Bad(
            f"invalid {kind} geometry ({explain_validity(parsed)}); its area would be "
            "meaningless: repair it in a GIS (e.g. 'Fix geometries', make_valid) and export again"
        )


def _crs_name(document: dict[str, Any]) -> str | None:
    crs = document.get("crs")
    if not isinstance(crs, dict):
        return None
    properties = crs.get("properties")
    name = properties.get("name") if isinstance(properties, dict) else None
    return str(name) if name is not None else json.dumps(crs)


def _label(feature: dict[str, Any], index: int, schema: TableSchema) -> str:
    properties = feature.get("properties")
    ids = []
    if isinstance(properties, dict):
        ids = [
            f"{c}={shown(properties[c])[1:-1]}"
            for c in schema.id_columns
            if properties.get(c) not in (None, "")
        ]
    if not ids and feature.get("id") is not None:
        ids = [f"id={shown(feature['id'])[1:-1]}"]
    return ", ".join([f"feature {index}", *ids])


def _geodesic_area_ha(geometry: dict[str, Any], geod: Any) -> float | None:
    """Geodesic area (WGS84 ellipsoid) of a valid (Multi)Polygon in hectares; None for others."""

    def polygon(rings: list[Any]) -> float:
        areas = []
        for ring in rings:
            lons, lats = zip(*((float(p[0]), float(p[1])) for p in ring), strict=True)
            areas.append(abs(float(geod.polygon_area_perimeter(lons, lats)[0])))
        return areas[0] - sum(areas[1:])

    if geometry["type"] == "Polygon":
        return polygon(geometry["coordinates"]) / 1e4
    if geometry["type"] == "MultiPolygon":
        return sum(polygon(p) for p in geometry["coordinates"]) / 1e4
    return None


def _properties(
    features: list[Any], schema: TableSchema, file: str, wgs84: bool
) -> dict[str, np.ndarray]:
    """Property columns of the features; every unusable feature is listed in one refusal."""
    n = len(features)
    columns: dict[str, np.ndarray] = {}
    problems = Problems(file, "feature(s) cannot be used")
    for index, feature in enumerate(features):
        row = index + 2
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            label = f"feature {index}"
            problems.add(Problem(row, None, "expected a GeoJSON Feature object", label))
            continue
        label = _label(feature, index, schema)
        properties = feature.get("properties")
        if not isinstance(properties, dict) or all(v in (None, "") for v in properties.values()):
            what = "not an object" if properties is not None else "null"
            if isinstance(properties, dict):
                what = "empty"
            message = f"'properties' is {what}; the record's columns are missing"
            problems.add(Problem(row, None, message, label))
            continue
        try:
            _check_geometry(feature.get("geometry"), wgs84)
        except _Bad as exc:
            problems.add(Problem(row, "geometry", str(exc), label))
        seen: set[str] = set()
        for key, value in properties.items():
            name = str(key).strip()
            if name in seen and name:
                raise InputError(
                    f"duplicated property name {name!r}", file=file, row=row, column=name
                )
            seen.add(name)
            columns.setdefault(name, np.full(n, None, dtype=object))[index] = value
    problems.raise_if_any()
    return columns


def read_geojson(data: bytes, schema: TableSchema, file: str) -> Raw:
    """The features as a raw table (native property values), with ``area_source``."""
    data, bom = strip_bom(data)
    check_encoding(data, file)
    if not data.strip():
        if schema.optional:
            return empty_raw(list(schema.columns), header_row=None)
        raise InputError("the file is empty", file=file)
    try:
        document = json.loads(data)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", file=file
        ) from None
    except RecursionError:
        raise InputError("malformed JSON: nested too deeply", file=file) from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        got = document.get("type") if isinstance(document, dict) else type(document).__name__
        raise InputError(f"expected a GeoJSON FeatureCollection, got {shown(got)}", file=file)
    features = document.get("features")
    if not isinstance(features, list):
        raise InputError("a FeatureCollection needs a 'features' list", file=file)
    crs = _crs_name(document)
    wgs84 = crs is None or crs.lower() in _WGS84_CRS_NAMES
    columns = _properties(features, schema, file, wgs84)
    n = len(features)
    extra: dict[str, pd.Series | np.ndarray] | None = None
    if "area_ha" in schema.columns:
        area, source = _derive_areas(features, columns.get("area_ha"), crs, wgs84, file)
        columns["area_ha"] = area
        extra = {AREA_SOURCE_COLUMN: source}
    if n == 0:
        raw = empty_raw(list(schema.columns), header_row=None)
        raw.extra = extra
        raw.notes["bom"] = bom
        return raw
    names = list(columns)
    rows = np.arange(2, n + 2, dtype="int64")
    return Raw(names, [columns[k] for k in names], rows, True, None, extra, False, {"bom": bom})


def _derive_areas(
    features: list[Any], given: np.ndarray | None, crs: str | None, wgs84: bool, file: str
) -> tuple[np.ndarray, np.ndarray]:
    """area_ha per feature (attribute, else geometry) and where each value came from."""
    n = len(features)
    area = np.full(n, None, dtype=object) if given is None else given.copy()
    source = np.full(n, None, dtype=object)
    missing = native_is_empty(area)
    source[~missing] = "attribute"
    if not missing.any():
        return area, source
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    for index in np.flatnonzero(missing):
        area[index] = None
        if not wgs84:
            raise InputError(
                f"area_ha cannot be derived from the geometry: the file declares CRS {crs!r}; "
                "GeoJSON coordinates must be WGS84 longitude/latitude (EPSG:4326)",
                file=file,
                row=int(index) + 2,
                column="area_ha",
            )
        hectares = _geodesic_area_ha(features[index]["geometry"], geod)
        if hectares is not None:
            area[index] = hectares
            source[index] = "geometry"
    return area, source

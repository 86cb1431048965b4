"""Boundary checks and normalisation: every stored boundary is a valid WGS84 MultiPolygon."""

import json
from dataclasses import dataclass
from typing import Any

import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.validation import explain_validity


class GeometryError(ValueError):
    """A boundary that cannot be stored; the message says what is wrong and where."""


@dataclass(frozen=True)
class Boundary:
    geojson: dict[str, Any]
    repaired: str | None  # what was wrong before repair, if it was repaired


def _polygonal(geom: Any) -> MultiPolygon:
    if isinstance(geom, MultiPolygon):
        return geom
    if isinstance(geom, Polygon):
        return MultiPolygon([geom])
    parts = [
        part
        for sub in getattr(geom, "geoms", [])
        for part in (sub.geoms if isinstance(sub, MultiPolygon) else [sub])
        if isinstance(part, Polygon) and not part.is_empty
    ]
    return MultiPolygon(parts)


def normalise_boundary(geojson: Any, *, repair: bool = False) -> Boundary:
    """Check a GeoJSON geometry and return it as a MultiPolygon with plain lists.

    Raises GeometryError for anything but a valid (Multi)Polygon in longitude/latitude;
    with `repair`, invalid polygons are mended with shapely's make_valid instead.
    """
    if not isinstance(geojson, dict) or geojson.get("type") not in {"Polygon", "MultiPolygon"}:
        found = geojson.get("type") if isinstance(geojson, dict) else type(geojson).__name__
        raise GeometryError(f"expected a Polygon or MultiPolygon geometry, found {found}")
    try:
        geom = shape(geojson)
    except (ValueError, TypeError, AttributeError, IndexError, shapely.errors.ShapelyError) as e:
        raise GeometryError(f"the coordinates do not form polygons ({e})") from None
    if geom.is_empty:
        raise GeometryError("the geometry is empty")
    min_x, min_y, max_x, max_y = geom.bounds
    if min_x < -180 or max_x > 180 or min_y < -90 or max_y > 90:
        raise GeometryError(
            f"coordinates ({min_x:.0f}, {min_y:.0f}) ... ({max_x:.0f}, {max_y:.0f}) are not "
            "longitude/latitude; expected WGS84 (EPSG:4326), reproject the file first"
        )
    problem = None
    if not geom.is_valid:
        problem = explain_validity(geom)
        if not repair:
            raise GeometryError(f"invalid geometry: {problem}")
        geom = shapely.make_valid(geom)
    multi = _polygonal(geom)
    if multi.is_empty:
        raise GeometryError(f"invalid geometry with no area left after repair: {problem}")
    # A JSON round trip turns shapely's tuples into lists, so stored and new values compare.
    return Boundary(json.loads(json.dumps(mapping(multi))), problem)

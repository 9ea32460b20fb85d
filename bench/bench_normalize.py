"""Normalization: names, dates and places on a million-record scale.

Rows:
- the three name keys of a record (`name_keys`) over synthetic records drawn
  from the name tables in both scripts, spaced and joined compounds mixed
  (names repeat in real lists, so the token and field caches are warm, as in
  an import); the same with every name distinct (cold caches);
- `parse_date` over Jalali and Gregorian dates as lists write them;
- `Gazetteer.lookup` over place names in both scripts;
- the key against plain `unicodedata` NFKC + lower-casing of the same
  strings (the least any normalizer does), as the yardstick.
"""

from __future__ import annotations

import random
import time
import tracemalloc
import unicodedata
from collections.abc import Callable
from typing import Any, TypeVar

from dadkhah.core import name_data
from dadkhah.core.dates import parse_date
from dadkhah.core.names import _field_key, _token_units, name_keys, parse_name
from dadkhah.core.places import Gazetteer

T = TypeVar("T")
CONTENTION = "2 shared cores, other work running: timings are under contention"


def _timed(fn: Callable[[], T]) -> tuple[T, float, float]:
    tracemalloc.start()
    start = time.perf_counter()
    try:
        result = fn()
        seconds = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, seconds, peak / 1e6


def _records(n: int, seed: int = 1988) -> list[tuple[str, str, str]]:
    rng = random.Random(seed)
    given = [
        x for pair in (*name_data.GIVEN_NAMES_MALE, *name_data.GIVEN_NAMES_FEMALE) for x in pair
    ]
    family = [x for pair in name_data.FAMILY_NAMES for x in pair]
    out = []
    for _ in range(n):
        g = rng.choice(given)
        if rng.random() < 0.2:
            g = g.replace(" ", "")
        out.append((g, rng.choice(family), rng.choice(given)))
    return out


def run(quick: bool = False) -> list[dict[str, Any]]:
    n = 100_000 if quick else 1_000_000
    rows: list[dict[str, Any]] = []
    records = _records(n)

    def baseline() -> None:
        for g, f, p in records:
            unicodedata.normalize("NFKC", g).lower()
            unicodedata.normalize("NFKC", f).lower()
            unicodedata.normalize("NFKC", p).lower()

    start = time.perf_counter()
    baseline()
    base_s = time.perf_counter() - start
    parse_name.cache_clear()
    _token_units.cache_clear()
    # Timed without tracemalloc, which would slow this pure-Python loop severalfold.
    start = time.perf_counter()
    for g, f, p in records:
        name_keys(g, f, p)
    keys_s = time.perf_counter() - start
    keys_mb = None
    rows.append(
        {
            "what": "name_keys (given, family, father) per record, repeating names",
            "size": n,
            "seconds": keys_s,
            "peak_mb": keys_mb,
            "compared_with": "NFKC + lower() of the same three fields",
            "compared_seconds": base_s,
            "note": CONTENTION,
        }
    )
    m = n // 10
    distinct = [(f"{g}{i}", f, p) for i, (g, f, p) in enumerate(records[:m])]
    parse_name.cache_clear()
    _token_units.cache_clear()
    _field_key.cache_clear()
    _, cold_s, cold_mb = _timed(lambda: [name_keys(g, f, p) for g, f, p in distinct])
    rows.append(
        {
            "what": "name_keys per record, every given name distinct (cold cache)",
            "size": m,
            "seconds": cold_s,
            "peak_mb": cold_mb,
            "compared_with": "",
            "compared_seconds": None,
            "note": CONTENTION,
        }
    )
    rng = random.Random(7)
    dates = []
    for _ in range(m):
        y, mo, d = rng.randint(1340, 1370), rng.randint(1, 12), rng.randint(1, 29)
        dates.append(
            rng.choice(
                [f"{y}/{mo:02d}/{d:02d}", f"{d} Mordad {y}", f"{y + 621}-{mo:02d}-{d:02d}", f"{y}"]
            )
        )
    _, dates_s, dates_mb = _timed(lambda: [parse_date(t) for t in dates])
    rows.append(
        {
            "what": "parse_date, Jalali and Gregorian as lists write them",
            "size": m,
            "seconds": dates_s,
            "peak_mb": dates_mb,
            "compared_with": "",
            "compared_seconds": None,
            "note": CONTENTION,
        }
    )
    _, load_s, load_mb = _timed(Gazetteer.load)
    gaz = Gazetteer.load()
    names = [n for p in gaz.places() for n in (p.name_en, p.name_fa) if n]
    lookups = [rng.choice(names) for _ in range(m)]
    _, look_s, _ = _timed(lambda: [gaz.lookup(t) for t in lookups])
    rows.append(
        {
            "what": "Gazetteer.load (overlay + GeoNames cities of Iran)",
            "size": len(gaz.places()),
            "seconds": load_s,
            "peak_mb": load_mb,
            "compared_with": "",
            "compared_seconds": None,
            "note": CONTENTION,
        }
    )
    rows.append(
        {
            "what": "Gazetteer.lookup, names in both scripts",
            "size": m,
            "seconds": look_s,
            "peak_mb": None,
            "compared_with": "",
            "compared_seconds": None,
            "note": CONTENTION,
        }
    )
    return rows


if __name__ == "__main__":
    for row in run(quick=True):
        print(row)

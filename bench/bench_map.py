"""The places map's data (`/places/map.json`): p50 and p95 latency on a large case.

A fresh case gets ``persons`` person rows (the map's query never reads them: the
rows are there to show it), ``places`` places of the map's kinds with five dated
observations each, and the view is called as a request would call it, unfiltered
and with each kind of filter. The target (issue 13) is p95 ≤ 200 ms on a
100,000-person case.

Run alone: `python -m bench.bench_map [--persons 100000] [--places 2000] [--quick]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

REQUESTS = 40
KINDS = ("grave_site", "prison", "cemetery", "court")
STATUSES = ("intact", "damaged", "bulldozed", "covered", "built_over", "inaccessible")


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def map_latency(persons: int, places: int) -> list[dict[str, Any]]:
    from dadkhah.cli.context import setup_django
    from dadkhah.core.case import init_case

    work = Path(tempfile.mkdtemp(prefix="bench-map-"))
    case = init_case(work / "case", name="bench map", synthetic=True)
    setup_django(case)
    from django.test import RequestFactory

    from dadkhah.web.accounts.services import user_create
    from dadkhah.web.people.models import Person
    from dadkhah.web.places.models import Place, SiteObservation
    from dadkhah.web.places.views import map_data

    Person.objects.bulk_create(
        (Person(public_id=f"P-{i:07d}", display_name=f"Fictional {i}") for i in range(persons)),
        batch_size=5_000,
    )
    made = Place.objects.bulk_create(
        Place(key=f"{KINDS[i % 4]}:b{i}", kind=KINDS[i % 4], name=f"Fictional site {i}",
              latitude=25 + (i % 140) / 10, longitude=44 + (i // 140) / 7)
        for i in range(places)
    )  # fmt: skip
    SiteObservation.objects.bulk_create(
        (
            SiteObservation(
                place=p,
                status=STATUSES[(p.pk + j) % len(STATUSES)],
                date_text=str(1988 + 7 * j),
                date_earliest=dt.date(1988 + 7 * j, 1, 1),
                date_latest=dt.date(1988 + 7 * j, 12, 31),
                date_precision="year",
                date_calendar="gregorian",
            )
            for p in made
            for j in range(5)
        ),
        batch_size=5_000,
    )
    user = user_create(
        username="bench",
        password="a long enough passphrase 42",  # noqa: S106 (a throwaway bench case)
        clearance="strictly_confidential",
    )
    factory = RequestFactory()
    rows = []
    for query in ("", "state=bulldozed", "kind=prison&kind=grave_site"):
        times = []
        for _ in range(REQUESTS):
            request = factory.get(f"/places/map.json?{query}")
            request.user = user
            t = time.perf_counter()
            response = map_data(request)
            times.append(time.perf_counter() - t)
            assert response.status_code == 200
        shown = response.content.count(b'"key":')
        rows.append(
            {
                "what": f"map data {query or '(all)'} p50 / p95",
                "size": f"{persons:,} persons, {places:,} places, {shown:,} marked",
                "seconds": statistics.median(times),
                "compared_with": "p95",
                "compared_seconds": _pct(times, 0.95),
                "target": "p95 ≤ 0.2 s",
            }
        )
    return rows


def run(quick: bool = False) -> list[dict[str, Any]]:
    return map_latency(10_000, 500) if quick else map_latency(100_000, 2_000)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--places", type=int, default=2_000)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    from bench.run import print_table

    print_table(map_latency(10_000, 500) if args.quick else map_latency(args.persons, args.places))

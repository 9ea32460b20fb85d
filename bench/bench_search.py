"""Search: the people list and the search page over the search index, p50 and p95 latency.

On the synthetic case (`dadkhah synth`, imported and linked as an investigator
would), the same queries go to the people list (`person_search`, its first page
of 50) and to the search page (`dadkhah.web.search.selectors.search`, persons
only, then every kind: the same full-text match, plus kind and facet counts).
Both ask the index with one rule, so they must find the same persons. The
queries are names from the case's records in both scripts: a family name, a
given and a family name, and a given name alone (the broadest).

Run alone: `python -m bench.bench_search [--persons 10000] [--quick]`.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

QUERIES = 60


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _queries(seed: int) -> list[str]:
    from dadkhah.web.sources.models import Record

    rng = random.Random(seed)
    rows = list(Record.objects.values_list("normalized", flat=True).order_by("id")[:20_000])
    rng.shuffle(rows)
    out: list[str] = []
    for n in rows:
        given, family = n.get("given_name") or "", n.get("family_name") or ""
        if not (given and family):
            continue
        out.append([family, f"{given} {family}", given][len(out) % 3])
        if len(out) == QUERIES:
            break
    return out


def search_latency(
    persons: int, seed: int = 1988, existing: Path | None = None
) -> list[dict[str, Any]]:
    """Rows for a new synthetic case of ``persons``, or for the ``existing`` case folder
    a former run left (its path is printed), which saves the import and the linkage."""
    from dadkhah.cli.context import setup_django
    from dadkhah.core.case import init_case, open_case
    from dadkhah.core.synth import SynthParams, generate_case

    if existing is not None:
        case = open_case(existing)
        setup_django(case)
    else:
        work = Path(tempfile.mkdtemp(prefix="bench-search-"))
        print(f"case: {work / 'case'}", file=sys.stderr)
        case = init_case(work / "case", name="bench search", synthetic=True)
        setup_django(case)
    from django.contrib.auth import get_user_model

    from dadkhah.web.accounts.services import user_create
    from dadkhah.web.linkage.services import link_run
    from dadkhah.web.people.models import Person
    from dadkhah.web.people.selectors import person_search
    from dadkhah.web.search.models import SearchEntry
    from dadkhah.web.search.selectors import SearchParams, search
    from dadkhah.web.search.services import search_rebuild
    from dadkhah.web.sources.services import import_synthetic_lists

    if existing is None:
        folder = work / "synthetic"
        generate_case(folder, SynthParams(persons=persons, seed=seed))
        for _report in import_synthetic_lists(case=case, synth_dir=folder):
            pass
        link_run(started_by="bench")
    persons = Person.objects.count()
    t = time.perf_counter()
    search_rebuild()
    rebuild = time.perf_counter() - t
    entries = SearchEntry.objects.count()
    user = get_user_model().objects.filter(username="bench").first() or user_create(
        username="bench",
        password="a long enough passphrase 42",  # noqa: S106 (a throwaway bench case)
        clearance="strictly_confidential",
    )
    queries = _queries(seed)
    old: list[float] = []
    new: list[float] = []
    new_all: list[float] = []
    differ = 0
    for text in queries:
        t = time.perf_counter()
        found_old = person_search(user=user, text=text, loose=True)
        found_old[0:50]  # the first page, as the people list reads it
        old.append(time.perf_counter() - t)
        t = time.perf_counter()
        result = search(user=user, params=SearchParams(text=text, kind="person"))
        result.ids[0:50]  # the first page, as the search page reads it
        new.append(time.perf_counter() - t)
        t = time.perf_counter()
        search(user=user, params=SearchParams(text=text)).ids[0:50]
        new_all.append(time.perf_counter() - t)
        refs = set(
            SearchEntry.objects.filter(pk__in=result.ids).values_list("object_id", flat=True)
        )
        differ += refs != set(found_old)
    size = f"{persons:,} person rows, {entries:,} entries"
    note = (
        f"{len(queries)} name queries; p95 search page {_pct(new, 0.95):.3f} s vs people "
        f"list {_pct(old, 0.95):.3f} s; same persons found for "
        f"{len(queries) - differ}/{len(queries)}"
    )
    return [
        {
            "what": "search persons p50 (index + facets)",
            "size": size,
            "seconds": statistics.median(new),
            "compared_with": "people list p50 (first page)",
            "compared_seconds": statistics.median(old),
            "target": "< 0.5 s",
            "note": note,
        },
        {
            "what": "search every kind p50 / p95",
            "size": size,
            "seconds": statistics.median(new_all),
            "compared_with": "p95",
            "compared_seconds": _pct(new_all, 0.95),
            "note": f"rebuild of the whole index {rebuild:.1f} s",
        },
    ]


def run(quick: bool = False) -> list[dict[str, Any]]:
    return search_latency(1_000 if quick else 10_000)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--case", type=Path, help="measure this case folder of a former run")
    args = parser.parse_args()
    from bench.run import print_table

    print_table(search_latency(1_000 if args.quick else args.persons, existing=args.case))

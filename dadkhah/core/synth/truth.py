"""The ground truth of a synthetic case: who every record is, and how many victims there were.

truth/records.csv maps each record to its true person; truth/persons.csv holds
every true person (documented or not) with canonical fields; truth/summary.json
holds the true total, the number documented, totals by stratum and the capture
histories that multiple systems estimation works from.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from dadkhah.core import csvsafe
from dadkhah.core.synth.catalogue import catalogue, family_stock
from dadkhah.core.synth.population import NO_DATE, Population, person_key
from dadkhah.core.synth.tables import AFFILIATIONS, CITIES, FATES, GRAVE_SITES, PRISONS

PERSON_COLUMNS = (
    "person_key",
    "sex",
    "honorific",
    "given_name_fa",
    "given_name_latin",
    "family_name_fa",
    "family_name_latin",
    "father_name_fa",
    "father_name_latin",
    "birth_date",
    "birth_year",
    "arrest_date",
    "death_date",
    "notification_date",
    "fate",
    "wave",
    "city",
    "prison",
    "affiliation",
    "affiliation_group",
    "burial_site",
    "sibling_group",
    "namesake_of",
    "on_any_list",
    "n_lists",
    "n_records",
    "lists",
)


@dataclass
class ListTruth:
    """What one generated list holds: its name, record ids and the person index of each."""

    name: str
    record_ids: list[str]
    persons: np.ndarray


def _iso(ordinals: np.ndarray) -> np.ndarray:
    epoch = dt.date(1970, 1, 1).toordinal()
    days = (ordinals - epoch).astype("datetime64[D]").astype(str)
    return np.where(ordinals == NO_DATE, "", days)


def _lookup(table: Sequence[str], idx: np.ndarray, missing: str = "") -> np.ndarray:
    arr = np.array([*table, missing], dtype=object)
    return arr[np.where(idx < 0, len(table), idx)]


def write_records(path: Path, lists: Sequence[ListTruth]) -> None:
    """truth/records.csv: list, record_id, person_key — one row per record."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csvsafe.writer(fh)
        w.writerow(("list", "record_id", "person_key"))
        for lt in lists:
            keys = [person_key(i) for i in lt.persons.tolist()]
            w.writerows(zip([lt.name] * len(keys), lt.record_ids, keys, strict=True))


def capture_matrix(pop: Population, lists: Sequence[ListTruth]) -> np.ndarray:
    """Records per person and list: an (n persons, n lists) array of counts."""
    m = np.zeros((pop.n, len(lists)), dtype=np.int64)
    for j, lt in enumerate(lists):
        m[:, j] = np.bincount(lt.persons, minlength=pop.n)
    return m


def write_persons(
    path: Path, pop: Population, lists: Sequence[ListTruth], counts: np.ndarray
) -> None:
    """truth/persons.csv: every true person with canonical fields and where they are listed.

    Written a slice at a time so that a million persons do not hold a million
    Python objects per column at once.
    """
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csvsafe.writer(fh)
        w.writerow(PERSON_COLUMNS)
        for start in range(0, pop.n, PERSON_CHUNK):
            part = slice(start, min(start + PERSON_CHUNK, pop.n))
            w.writerows(zip(*_person_columns(pop, lists, counts, part), strict=True))


PERSON_CHUNK = 100_000


def _person_columns(
    pop: Population, lists: Sequence[ListTruth], counts: np.ndarray, part: slice
) -> list[list[Any]]:
    cat = catalogue()
    given_fa = np.array([g.fa[0] for g in cat.given], dtype=object)
    given_la = np.array([g.latin[0] for g in cat.given], dtype=object)
    families, _ = family_stock(pop.params.name_stock)
    fam_fa = np.array([f.fa[0] for f in families], dtype=object)
    fam_la = np.array([f.latin[0] for f in families], dtype=object)
    on = counts[part] > 0
    # Each person's lists as text: one joined string per capture pattern, looked up by its code.
    codes = on.astype(np.int64) @ (1 << np.arange(len(lists), dtype=np.int64))
    patterns = np.array(
        [
            ";".join(lt.name for j, lt in enumerate(lists) if code >> j & 1)
            for code in range(1 << len(lists))
        ],
        dtype=object,
    )
    list_col = patterns[codes]
    birth = pop.birth[part]
    epoch = dt.date(1970, 1, 1).toordinal()
    birth_year = (birth - epoch).astype("datetime64[D]").astype("datetime64[Y]").astype(int) + 1970
    female, given, father, family = (
        pop.female[part],
        pop.given[part],
        pop.father[part],
        pop.family[part],
    )
    aff = pop.affiliation[part]
    cols: list[Any] = [
        [person_key(i) for i in range(part.start, part.stop)],
        np.where(female, "F", "M"),
        np.where(pop.seyed[part], np.where(female, "Sadat", "Seyed"), ""),
        given_fa[given],
        given_la[given],
        fam_fa[family],
        fam_la[family],
        given_fa[father],
        given_la[father],
        _iso(birth),
        birth_year,
        _iso(pop.arrest[part]),
        _iso(pop.death[part]),
        _iso(pop.notified[part]),
        _lookup([k for k, _ in FATES], pop.fate[part]),
        pop.wave[part],
        _lookup([c.key for c in CITIES], pop.city[part]),
        _lookup([p.key for p in PRISONS], pop.prison[part]),
        _lookup([a.key for a in AFFILIATIONS], aff),
        _lookup([a.group for a in AFFILIATIONS], aff),
        _lookup([s.key for s in GRAVE_SITES], pop.burial[part]),
        [person_key(g) if g >= 0 else "" for g in pop.sibling_group[part].tolist()],
        [person_key(g) if g >= 0 else "" for g in pop.namesake_of[part].tolist()],
        np.where(on.any(axis=1), "true", "false"),
        on.sum(axis=1),
        counts[part].sum(axis=1),
        list_col,
    ]
    return [c.tolist() if isinstance(c, np.ndarray) else c for c in cols]


def _by(
    labels: Sequence[str], idx: np.ndarray, documented: np.ndarray
) -> dict[str, dict[str, int]]:
    total = np.bincount(np.where(idx < 0, len(labels), idx), minlength=len(labels) + 1)
    doc = np.bincount(
        np.where(idx < 0, len(labels), idx), weights=documented, minlength=len(labels) + 1
    )
    out: dict[str, dict[str, int]] = {}
    for k, label in enumerate([*labels, "unknown"]):
        if total[k] > 0:
            out[label] = {"true_total": int(total[k]), "documented": int(doc[k])}
    return out


def summary(
    pop: Population, lists: Sequence[ListTruth], counts: np.ndarray, parameters: dict[str, Any]
) -> dict[str, Any]:
    """The numbers an estimate is checked against: true total, documented, strata, histories."""
    on = counts > 0
    documented = np.asarray(on.any(axis=1))
    histories: dict[str, int] = {}
    if lists:
        bits = on.astype(np.int64) @ (1 << np.arange(len(lists) - 1, -1, -1))
        hist = np.bincount(bits, minlength=1 << len(lists))
        for code in np.flatnonzero(hist).tolist():
            histories[format(code, f"0{len(lists)}b")] = int(hist[code])
    group_labels = sorted({a.group for a in AFFILIATIONS})
    group_idx = np.array([group_labels.index(a.group) for a in AFFILIATIONS])[pop.affiliation]
    per_list = {}
    for j, lt in enumerate(lists):
        per_list[lt.name] = {
            "records": len(lt.record_ids),
            "persons": int(on[:, j].sum()),
            "duplicate_records": int(len(lt.record_ids) - on[:, j].sum()),
        }
    return {
        "synthetic": True,
        "true_total": pop.n,
        "documented": int(documented.sum()),
        "undocumented": int(pop.n - documented.sum()),
        "share_undocumented": round(float(1 - documented.mean()), 4) if pop.n else 0.0,
        "records": int(counts.sum()),
        "lists": per_list,
        "list_order": [lt.name for lt in lists],
        "capture_histories": histories,
        "by_city": _by([c.key for c in CITIES], pop.city, documented),
        "by_prison": _by([p.key for p in PRISONS], pop.prison, documented),
        "by_affiliation": _by([a.key for a in AFFILIATIONS], pop.affiliation, documented),
        "by_affiliation_group": _by(group_labels, group_idx, documented),
        "by_wave": _by(["first", "second"], pop.wave - 1, documented),
        "by_fate": _by([k for k, _ in FATES], pop.fate, documented),
        "by_sex": _by(["M", "F"], pop.female.astype(np.int64), documented),
        "hard_negatives": {
            "sibling_groups": int(np.unique(pop.sibling_group[pop.sibling_group >= 0]).shape[0]),
            "persons_in_sibling_groups": int((pop.sibling_group >= 0).sum()),
            "namesake_pairs": int((pop.namesake_of >= 0).sum()),
        },
        "parameters": parameters,
    }


def write_summary(path: Path, data: dict[str, Any]) -> None:
    """truth/summary.json, keys sorted, UTF-8."""
    path.write_text(
        json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )

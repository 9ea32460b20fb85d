"""Match a family's submission against the registry, for the liaison's eyes only.

Where the case has a linkage model, the submission becomes one linkage row, normalized
as an imported record would be, and is scored against the registry's records with
that model (`dadkhah.pipelines.linkage.link_new`): the same calibrated probabilities
the review queue shows. Without a model, persons whose names agree (the cross-script
name keys of the people search) are offered, with no probability.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from dadkhah.web.families.models import Candidate, Submission

# A submission's row id in the linkage table: far above any record's primary key.
_ROW_ID = 10**15
MAX_CANDIDATES = 10


def _row(submission: Submission) -> dict[str, Any]:
    from dadkhah.core.linkage.schema import linkage_row
    from dadkhah.pipelines.importing.normalize import parse_date_text, place_match

    calendar = submission.calendar or None

    def date(text: str) -> Any:
        return parse_date_text(text, calendar).value if text.strip() else None

    def place(text: str, kind: str) -> str | None:
        match = place_match(text, kind) if text.strip() else None
        return match[0] if match is not None else None

    return linkage_row(
        _ROW_ID,
        "families",
        given=submission.given_name or None,
        family=submission.family_name or None,
        father=submission.father_name or None,
        birth=date(submission.born),
        death=date(submission.died),
        arrest=date(submission.arrested),
        city=place(submission.city, "city"),
        prison=place(submission.prison, "prison"),
    )


def _by_model(submission: Submission) -> dict[int, float] | None:
    """Person pk → best calibrated probability, or None when there is no model."""
    from dadkhah.core.linkage.schema import rows_to_table
    from dadkhah.pipelines.linkage import link_new
    from dadkhah.web.linkage.selectors import latest_run, linkage_input
    from dadkhah.web.sources.models import Record

    run = latest_run(with_model=True)
    if run is None:
        return None
    data = linkage_input()
    if data.table.num_rows == 0:
        return None
    result = link_new(data.table, rows_to_table([_row(submission)]), model=run.model)
    best: dict[int, float] = {}
    pairs = result.pairs.to_pylist()
    records = {
        p["a"] if p["b"] == _ROW_ID else p["b"] for p in pairs if _ROW_ID in (p["a"], p["b"])
    }
    person_of = dict(
        Record.objects.filter(pk__in=records, person__isnull=False).values_list("pk", "person")
    )
    for p in pairs:
        if _ROW_ID not in (p["a"], p["b"]):
            continue
        other = p["a"] if p["b"] == _ROW_ID else p["b"]
        person = person_of.get(other)
        if person is not None:
            best[person] = max(best.get(person, 0.0), float(p["probability"]))
    return best


def _by_names(submission: Submission) -> dict[int, float | None]:
    """Persons whose names cover every word the family gave (no probability).

    The registry's one name matching (`people.selectors.persons_named`, through the
    search index), over every live person and the names of every level: the
    families' page is not a user's search, and a submission must be compared with
    the whole registry. Strict agreement only; a public id the family typed finds
    no one, nor does an empty name.
    """
    from dadkhah.web.modelutils import Confidentiality
    from dadkhah.web.people.models import Person
    from dadkhah.web.people.selectors import persons_named
    from dadkhah.web.search.names import query_read

    text = f"{submission.given_name} {submission.family_name}"
    query = query_read(text)
    if query.public_id is not None or query.empty:
        return {}
    live = Person.objects.filter(merged_into__isnull=True)
    found = persons_named(live, text, levels=tuple(Confidentiality.values))
    return dict.fromkeys(found[:MAX_CANDIDATES], None)


def submission_match(submission: Submission) -> list[Candidate]:
    """Find and store the persons the submission may be about (replacing earlier ones)."""
    scored = _by_model(submission)
    method = Candidate.Method.LINKAGE
    found: dict[int, float | None]
    if scored is None:
        found, method = _by_names(submission), Candidate.Method.NAMES
    else:
        found = dict(scored)
    ranked = sorted(found.items(), key=lambda kv: -(kv[1] or 0.0))[:MAX_CANDIDATES]
    with transaction.atomic():
        Candidate.objects.filter(submission=submission).delete()
        return [
            Candidate.objects.create(
                submission=submission, person_id=pk, probability=p, method=method
            )
            for pk, p in ranked
        ]

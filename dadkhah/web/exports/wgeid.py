"""Gather a WGEID submission from the case as a user may see it, then write it, audited.

The elements and the files are :mod:`dadkhah.pipelines.wgeid`'s; this module only reads
the case through the access rules every page uses, and the consent rules every export
uses (issue 12):

* the person through :func:`~dadkhah.web.people.access.access_person` (a witness is
  never a person here; "no such person" and "not allowed" read the same);
* identity details from the records the user's clearance reaches
  (:func:`~dadkhah.web.sources.access.visible_records`), testimonies left out;
* arrest or last sighting: the events the person was the victim of, of the kinds that
  place them in someone's hands (arrest, detention, transfer, hearing, disappearance);
  a place the user may not see is left blank;
* the forces believed responsible: the perpetrators of the person's events whom the
  user may see, and the bodies those perpetrators sat on;
* the steps taken by the family: the case has no field for them; the nearest it
  records is an event of kind ``official_communication`` involving the person (an
  inquiry, a letter, a complaint to the authorities), and the check says so when
  there is none;
* witness statements only where the witness consented to sharing with a UN mechanism
  and, at high risk, a do-no-harm check cleared it
  (:func:`~dadkhah.web.witnesses.selectors.disclosure_allowed`), by pseudonym, and only
  for a user who may read the testimony.

Submitting needs the ``export`` capability, and is one audit entry (outcome ``export``)
written before the folder takes its name, as :mod:`dadkhah.web.exports.services` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.http import Http404
from django.utils import translation

from dadkhah.core.case import Case
from dadkhah.core.record import read_birth_years, read_record
from dadkhah.pipelines.wgeid import (
    FamilyStep,
    Identity,
    Responsible,
    Sighting,
    Statement,
    SubmissionError,
    Submitter,
    WgeidSubmission,
    check_out,
    date_span,
    write_submissions,
)
from dadkhah.web.accounts.clearance import is_protected, level_rank
from dadkhah.web.accounts.roles import EXPORT, User, user_can
from dadkhah.web.audit.services import DENIED, audit_record
from dadkhah.web.audit.services import EXPORT as EXPORTED
from dadkhah.web.claims.access import visible_claims
from dadkhah.web.exports.services import ExportRefused
from dadkhah.web.people.access import access_person, visible_persons
from dadkhah.web.places.access import visible_places
from dadkhah.web.sources.access import visible_records
from dadkhah.web.witnesses.access import visible_testimonies
from dadkhah.web.witnesses.models import Use
from dadkhah.web.witnesses.selectors import disclosure_allowed

#: Event kinds that place a person in the hands of those who disappeared them.
SIGHTING_KINDS = ("arrest", "detention", "transfer", "hearing", "disappearance")
#: The event kind that records a step taken towards the authorities.
FAMILY_STEP_KIND = "official_communication"
NO_FAMILY_STEPS = (
    "not recorded in the case: the case has no field for the family's steps, and no "
    f"event of kind '{FAMILY_STEP_KIND}' (an inquiry, a letter or a complaint to the "
    "authorities) involves the person"
)


def _label(choice: Any) -> str:
    with translation.override("en"):
        return str(choice.label)


def _identity(person: Any, user: User) -> Identity:
    fathers: dict[str, None] = {}
    years: dict[str, None] = {}
    records = (
        visible_records(user)
        .filter(person=person)
        .exclude(source__kind="testimony")
        .order_by("source__name", "row_number", "id")
    )
    for normalized in records.values_list("normalized", flat=True):
        data = read_record(normalized)
        father = data.get("father_name")
        if isinstance(father, str) and father.strip():
            fathers[father.strip()] = None
        year = read_birth_years(data)
        if year is not None:
            years[f"{year[0]}–{year[1]}" if year[0] != year[1] else str(year[0])] = None
    return Identity(
        person_id=person.public_id,
        name=person.display_name,
        name_fa=person.display_name_fa,
        sex=person.sex,
        father_names=tuple(fathers),
        birth_years=tuple(years),
    )


def _responsible(events: list[Any], user: User) -> list[Responsible]:
    from dadkhah.web.bodies.models import Membership
    from dadkhah.web.events.models import Involvement

    seen = visible_persons(user)
    out: dict[tuple[str, str, str], Responsible] = {}
    perpetrators = (
        Involvement.objects.filter(event__in=[e.pk for e in events], role="perpetrator")
        .filter(person__in=seen.values("pk"))
        .select_related("person", "event")
        .order_by("event__date_earliest", "event_id", "person__public_id")
    )
    for inv in perpetrators:
        e = inv.event
        when = date_span(e.date_earliest, e.date_latest, e.date_text)
        event = f"{_label(e.Kind(e.kind))} of {when}".strip()
        mode = _label(inv.Mode(inv.mode)) if inv.mode else "involved"
        name = inv.person.display_name or inv.person.public_id
        out.setdefault((name, "person", event), Responsible(name, "person", mode, event))
        for m in Membership.objects.filter(person=inv.person).select_related("body"):
            body = m.body.name
            role = f"member ({m.role}): {name}" if m.role else f"member: {name}"
            out.setdefault((body, "body", event), Responsible(body, "body", role, event))
    return list(out.values())


def _statements(person: Any, user: User) -> list[Statement]:
    from dadkhah.web.witnesses.models import Segment

    claims = visible_claims(user).filter(person=person).values("pk")
    segments = (
        Segment.objects.filter(claims__in=claims, testimony__in=visible_testimonies(user))
        .select_related("testimony__witness")
        .distinct()
        .order_by("testimony_id", "order")
    )
    out = []
    for segment in segments:
        witness = segment.testimony.witness
        if disclosure_allowed(witness, Use.UN_MECHANISM).allowed:
            out.append(Statement(witness.pseudonym, segment.locator, segment.text))
    return out


def wgeid_submission(
    *, case: Case, user: User, public_id: str, confidential: bool
) -> tuple[WgeidSubmission, list[tuple[str, str]]]:
    """The submission for ``public_id`` as ``user`` may see it, and its (reference, level)s.

    Raises:
        SubmissionError: no such person, or one ``user`` may not see (the same message).
    """
    from dadkhah.web.events.models import Event

    try:
        person = access_person(user=user, public_id=public_id)
    except Http404:
        raise SubmissionError(f"no person {public_id} that this user may see.") from None
    places = set(visible_places(user).values_list("pk", flat=True))
    events = list(
        Event.objects.filter(involvements__person=person, involvements__role="victim")
        .select_related("place")
        .distinct()
        .order_by("date_earliest", "id")
    )
    sightings = tuple(
        Sighting(
            kind=_label(Event.Kind(e.kind)),
            date_text=e.date_text,
            earliest=e.date_earliest,
            latest=e.date_latest,
            place=e.place.name if e.place is not None and e.place.pk in places else "",
        )
        for e in events
        if e.kind in SIGHTING_KINDS
    )
    steps = tuple(
        FamilyStep(e.date_text, e.description or e.title)
        for e in Event.objects.filter(involvements__person=person, kind=FAMILY_STEP_KIND)
        .distinct()
        .order_by("date_earliest", "id")
    )
    statements = _statements(person, user)
    synthetic = case.config.synthetic or (
        visible_records(user).filter(person=person, source__synthetic=True).exists()
    )
    sub = WgeidSubmission(
        identity=_identity(person, user),
        sightings=sightings,
        responsible=tuple(_responsible(events, user)),
        family_steps=steps,
        submitter=Submitter(case.config.name, user.get_username(), confidential),
        statements=tuple(statements),
        synthetic=synthetic,
        not_recorded={"family_steps": NO_FAMILY_STEPS},
    )
    return sub, [(f"person:{person.public_id}", person.confidentiality)]


def wgeid_submit(
    *,
    case: Case,
    user: User,
    persons: Sequence[str],
    out: Path,
    confidential: bool = False,
    force: bool = False,
) -> list[Path]:
    """Write one WGEID submission per person into the folder ``out``; audited, all or nothing.

    Raises:
        ExportRefused: the user's roles do not grant exports.
        SubmissionError: an unknown or hidden person, a missing element (each listed),
            or an existing ``out`` without ``force``.
    """
    out = Path(out)
    check_out(out, force=force)
    if not user_can(user, EXPORT):
        audit_record(user=user, outcome=DENIED, objects=[f"capability:{EXPORT}", "submit:wgeid"])
        raise ExportRefused(
            "this user may not submit: no role of theirs grants exports (see "
            "docs/security.md, Roles and permissions). Give --as a user with a role that exports."
        )
    subs, refs = [], []
    for public_id in dict.fromkeys(persons):
        sub, sub_refs = wgeid_submission(
            case=case, user=user, public_id=public_id, confidential=confidential
        )
        subs.append(sub)
        refs += sub_refs

    def audit() -> None:
        protected = [(ref, lvl) for ref, lvl in refs if is_protected(lvl)]
        top = max((lvl for _r, lvl in protected), key=level_rank, default="")
        audit_record(
            user=user,
            outcome=EXPORTED,
            objects=[
                f"submit:wgeid:{len(subs)} person(s)",
                *(f"person:{s.identity.person_id}" for s in subs),
            ],
            level=top,
        )

    return write_submissions(subs, out=out, force=force, before_rename=audit)

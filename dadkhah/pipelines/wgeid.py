"""A submission to the UN Working Group on Enforced or Involuntary Disappearances: elements, check, files.

Issue 14, "Exchange". The Working Group's form for a new case (OHCHR, "Enforced or
involuntary disappearances — questionnaire", Fact Sheet No. 6/Rev.3 and the Working
Group's methods of work, A/HRC/WGEID/102/2, §§ 12–13) asks, at the least, for:

1. the identity of the disappeared person;
2. the date and place of the arrest or abduction, or of the last sighting;
3. the forces (State agents or others acting with its support) believed responsible;
4. the steps taken by the family or others to find the person;
5. the submitter, whose identity the Working Group keeps confidential on request.

The Working Group transmits only cases that hold these elements, so :func:`missing_elements`
lists every one that is absent and nothing is written until none is. The submission is
written in English, the Working Group's working language, as a filled form in Markdown
beside the same content as JSON. What goes in has already been filtered by the user's
access and the witnesses' consent (:mod:`dadkhah.web.exports.wgeid`); this module does no
reading of the case. Django-free.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from dadkhah.core.errors import InputError

#: The form's elements, in its order (keys of the JSON, headings of the document).
ELEMENTS: dict[str, str] = {
    "identity": "identity of the disappeared person",
    "arrest_or_last_sighting": "date and place of arrest or last sighting",
    "forces_responsible": "the forces believed responsible",
    "family_steps": "the steps taken by the family",
    "submitter": "the submitter",
}

#: Version of the JSON layout; bump when a key changes meaning.
FORMAT_VERSION = 1


class SubmissionError(InputError):
    """A submission that cannot be written: elements missing, or the output exists."""


@dataclass(frozen=True)
class Identity:
    person_id: str
    name: str
    name_fa: str = ""
    sex: str = ""
    father_names: tuple[str, ...] = ()
    birth_years: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sighting:
    """An arrest, detention, transfer, hearing or disappearance the person was the victim of."""

    kind: str
    date_text: str
    earliest: dt.date | None
    latest: dt.date | None
    place: str


@dataclass(frozen=True)
class Responsible:
    """A person or body believed responsible, with the event that links them."""

    name: str
    kind: str  # "person" or "body"
    involvement: str  # e.g. "sat on the commission", "member (religious judge)"
    event: str


@dataclass(frozen=True)
class FamilyStep:
    date_text: str
    description: str


@dataclass(frozen=True)
class Statement:
    """A witness statement the witness consented to share with a UN mechanism (pseudonym only)."""

    pseudonym: str
    locator: str
    text: str


@dataclass(frozen=True)
class Submitter:
    organisation: str
    user: str
    confidential: bool


@dataclass(frozen=True)
class WgeidSubmission:
    identity: Identity
    sightings: tuple[Sighting, ...]
    responsible: tuple[Responsible, ...]
    family_steps: tuple[FamilyStep, ...]
    submitter: Submitter
    statements: tuple[Statement, ...] = ()
    synthetic: bool = False
    #: Why an element is absent where the case has no place for it at all.
    not_recorded: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Missing:
    element: str
    reason: str

    def __str__(self) -> str:
        return f"missing: {ELEMENTS[self.element]} — {self.reason}"


def _dated(s: Sighting) -> bool:
    return s.earliest is not None and s.latest is not None


def missing_elements(sub: WgeidSubmission) -> list[Missing]:
    """Every element the form needs that ``sub`` lacks, in the form's order (empty: complete)."""
    out: list[Missing] = []
    if not sub.identity.name.strip():
        out.append(Missing("identity", "no name in Latin script recorded for the person"))
    if not sub.sightings:
        out.append(
            Missing(
                "arrest_or_last_sighting",
                "no arrest, detention, transfer, hearing or disappearance of the person "
                "is recorded in the case",
            )
        )
    elif not any(_dated(s) and s.place for s in sub.sightings):
        lacks = "a date" if not any(_dated(s) for s in sub.sightings) else "a place"
        if not any(_dated(s) for s in sub.sightings) and not any(s.place for s in sub.sightings):
            lacks = "a date or a place"
        out.append(Missing("arrest_or_last_sighting", f"no recorded event gives {lacks}"))
    if not sub.responsible:
        out.append(
            Missing(
                "forces_responsible",
                "no perpetrator or body is linked to an event the person was the victim of",
            )
        )
    if not sub.family_steps:
        out.append(
            Missing(
                "family_steps",
                sub.not_recorded.get("family_steps", "not recorded in the case"),
            )
        )
    if not sub.submitter.organisation.strip():
        out.append(Missing("submitter", "the case has no name to submit under"))
    return out


def last_sighting(sub: WgeidSubmission) -> Sighting | None:
    """The latest dated sighting that has a place: the last time the person was seen."""
    usable = [s for s in sub.sightings if _dated(s) and s.place]
    return max(usable, key=lambda s: (s.latest, s.earliest)) if usable else None


def date_span(earliest: dt.date | None, latest: dt.date | None, text: str) -> str:
    """An uncertain date as an ISO 8601 day or interval of days; as written when unknown."""
    if earliest is None or latest is None:
        return text
    if earliest == latest:
        return earliest.isoformat()
    return f"{earliest.isoformat()}/{latest.isoformat()}"


def _span(s: Sighting) -> str:
    return date_span(s.earliest, s.latest, s.date_text)


def submission_json(sub: WgeidSubmission) -> dict[str, Any]:
    """The submission as the machine-readable JSON (dates as ISO 8601 intervals)."""
    last = last_sighting(sub)
    submitter: dict[str, Any] = {
        "confidential": sub.submitter.confidential,
        "organisation": None if sub.submitter.confidential else sub.submitter.organisation,
        "prepared_by": None if sub.submitter.confidential else sub.submitter.user,
    }
    return {
        "format": "dadkhah-wgeid",
        "version": FORMAT_VERSION,
        "synthetic": sub.synthetic,
        "identity": {
            **asdict(sub.identity),
            "father_names": list(sub.identity.father_names),
            "birth_years": list(sub.identity.birth_years),
        },
        "arrest_or_last_sighting": {
            "last": None if last is None else {**_sighting_json(last)},
            "events": [_sighting_json(s) for s in sub.sightings],
        },
        "forces_responsible": [asdict(r) for r in sub.responsible],
        "family_steps": [asdict(s) for s in sub.family_steps],
        "witness_statements": [asdict(s) for s in sub.statements],
        "submitter": submitter,
    }


def _sighting_json(s: Sighting) -> dict[str, Any]:
    return {"kind": s.kind, "date": _span(s), "date_text": s.date_text, "place": s.place}


def _cell(text: str) -> str:
    """Text on one Markdown line: no line breaks, no table or heading syntax from the data."""
    return " ".join(text.replace("|", "/").split()).lstrip("#> ")


def submission_markdown(sub: WgeidSubmission) -> str:
    """The filled form, in English."""
    i = sub.identity
    lines = []
    if sub.synthetic:
        lines += ["> **SYNTHETIC DATA — not a real case. Do not submit.**", ""]
    lines += [
        "# Communication to the Working Group on Enforced or Involuntary Disappearances",
        "",
        f"Case file: {_cell(i.person_id)}",
        "",
        "## 1. Identity of the disappeared person",
        "",
        f"- Name: {_cell(i.name)}",
    ]
    if i.name_fa:
        lines.append(f"- Name in Persian: {_cell(i.name_fa)}")
    sex = {"m": "male", "f": "female"}.get(i.sex, "not recorded")
    lines.append(f"- Sex: {sex}")
    lines.append(f"- Father's name: {_cell('; '.join(i.father_names)) or 'not recorded'}")
    lines.append(f"- Year of birth: {_cell('; '.join(i.birth_years)) or 'not recorded'}")
    lines += ["", "## 2. Date and place of arrest or last sighting", ""]
    last = last_sighting(sub)
    if last is not None:
        lines.append(
            f"- Last seen: {_span(last)} ({_cell(last.date_text)}), at {_cell(last.place)}, "
            f"in the course of: {_cell(last.kind)}"
        )
    for s in sub.sightings:
        place = _cell(s.place) or "place not recorded"
        lines.append(f"- {_cell(s.kind)}: {_span(s)} ({_cell(s.date_text)}), {place}")
    lines += ["", "## 3. Forces believed responsible", ""]
    for r in sub.responsible:
        lines.append(f"- {_cell(r.name)} ({r.kind}): {_cell(r.involvement)}; {_cell(r.event)}")
    lines += ["", "## 4. Steps taken by the family", ""]
    for step in sub.family_steps:
        lines.append(f"- {_cell(step.date_text)}: {_cell(step.description)}")
    if sub.statements:
        lines += ["", "## Witness statements (shared with the witness's consent)", ""]
        for st in sub.statements:
            lines.append(f"- {_cell(st.pseudonym)} [{_cell(st.locator)}]: {_cell(st.text)}")
    lines += ["", "## 5. Submitter", ""]
    if sub.submitter.confidential:
        lines.append("- The submitter asks the Working Group to keep its identity confidential.")
    else:
        lines.append(f"- Organisation: {_cell(sub.submitter.organisation)}")
        lines.append(f"- Prepared by: {_cell(sub.submitter.user)}")
        lines.append("- The submitter does not ask for its identity to be kept confidential.")
    return "\n".join(lines) + "\n"


def check_out(out: Path, *, force: bool) -> None:
    """Refuse an existing output folder without ``force``, or a missing parent folder.

    Raises:
        SubmissionError: naming what is wrong.
    """
    if out.exists() and not out.is_dir():
        raise SubmissionError(f"{out} is a file; give a folder name.")
    if out.exists() and not force:
        raise SubmissionError(f"{out} exists already; choose a new name or pass --force.")
    if not out.parent.is_dir():
        raise SubmissionError(f"the folder {out.parent} does not exist.")


def check_complete(subs: Sequence[WgeidSubmission]) -> None:
    """Raise with every missing element of every submission; nothing is written then.

    Raises:
        SubmissionError: one line per missing element, per person.
    """
    lines = [f"{s.identity.person_id}: {m}" for s in subs for m in missing_elements(s)]
    if lines:
        raise SubmissionError(
            "the Working Group's form cannot be filled; nothing was written:\n  "
            + "\n  ".join(lines)
        )


def write_submissions(
    subs: Sequence[WgeidSubmission],
    *,
    out: Path,
    force: bool = False,
    before_rename: Any = None,
) -> list[Path]:
    """Write ``PERSON.md`` and ``PERSON.json`` for each submission into the folder ``out``.

    All or nothing: the files are written in a temporary folder beside ``out`` that takes
    its name only when every file is complete (and ``before_rename``, e.g. the audit
    entry, has run); an existing ``out`` is replaced only with ``force``.

    Raises:
        SubmissionError: ``out`` exists without ``force``, or an element is missing.
    """
    out = Path(out)
    check_out(out, force=force)
    check_complete(subs)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent))
    old: Path | None = None
    try:
        written = []
        for sub in subs:
            stem = sub.identity.person_id
            (tmp / f"{stem}.md").write_text(submission_markdown(sub), encoding="utf-8")
            data = json.dumps(submission_json(sub), ensure_ascii=False, indent=2, sort_keys=True)
            (tmp / f"{stem}.json").write_text(data + "\n", encoding="utf-8")
            written += [out / f"{stem}.md", out / f"{stem}.json"]
        for path in tmp.iterdir():
            os.chmod(path, 0o600)
        if before_rename is not None:
            before_rename()
        if out.exists():
            check_out(out, force=force)
            old = out.with_name(f".{out.name}.{os.getpid()}.old")
            out.rename(old)
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and not out.exists():
            old.rename(out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return written

"""Writes for the families' page: take a submission, match it, let a liaison follow it up.

The public side asks for no account and stores nothing about the sender's connection:
no IP address is read, so none can be logged or leak (issue 12, "The page for
families"). Abuse is held back without one:

- every form carries a signed, single-use *ticket* (Django's signing, HMAC-SHA256) that
  must be at least ``MIN_FILL_SECONDS`` old and at most ``TICKET_MAX_AGE`` when sent, so
  a script must fetch and wait for each form;
- the page as a whole accepts at most ``FAMILIES_RATE`` submissions per window: a rate
  limit keyed on the site, not on an address (when it bites, everyone waits a few
  minutes; a family is told so plainly).

The submitter's identity is sealed in the vault (``witnesses.Identity``, kind
``submitter``); what they tell of their relative stays on the submission, strictly
confidential, until a liaison follows up. Files go to the case's ``quarantine/`` folder,
never to the evidence store, until a liaison accepts them.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dadkhah.core.case import Case
from dadkhah.core.errors import DadkhahError, InputError
from dadkhah.core.vault import Keyring
from dadkhah.web.accounts.roles import REVEAL_WITNESS, User, user_can
from dadkhah.web.custody.services import custody_record
from dadkhah.web.families.models import QuarantinedFile, Submission, UsedTicket
from dadkhah.web.witnesses.models import Identity
from dadkhah.web.witnesses.services import identity_open, identity_seal

MIN_FILL_SECONDS = 3
TICKET_MAX_AGE = 6 * 3600
_SALT = "dadkhah.families.ticket"
# 16 symbols of a 31-letter alphabet without 0/O, 1/I/L: about 79 bits, read aloud or
# copied by hand without confusion, and far beyond guessing.
_RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_RECEIPT_LENGTH = 16
TEXT_LIMIT = 5_000
MAX_FILES = 5
_TOO_LARGE = (
    "A file is larger than %(mb)d MB. Send a smaller one, or tell us in the text how we "
    "can reach it."
)


class FamiliesError(DadkhahError):
    """A submission the page cannot take, with what the family can do about it."""


class Busy(FamiliesError):
    """The page has taken all the submissions it takes in this window."""


@dataclass(frozen=True)
class Received:
    """What the family is told after sending: the receipt code is shown once."""

    submission: Submission
    receipt: str


def _now_s() -> int:
    return int(timezone.now().timestamp())


def ticket_issue() -> str:
    """A fresh form ticket: a random nonce and the time, signed with the web secret."""
    return signing.dumps({"n": secrets.token_hex(16), "t": _now_s()}, salt=_SALT)


def _ticket_spend(ticket: str) -> None:
    """Check and spend a ticket (raises FamiliesError when it may not be used)."""
    try:
        data = signing.loads(ticket, salt=_SALT, max_age=TICKET_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise FamiliesError(
            _("This form was opened too long ago. Open the page again and send it anew.")
        ) from exc
    except signing.BadSignature as exc:
        raise FamiliesError(_("This form cannot be sent. Open the page again.")) from exc
    if _now_s() - int(data["t"]) < getattr(settings, "FAMILIES_MIN_FILL_SECONDS", MIN_FILL_SECONDS):
        raise FamiliesError(_("The form was sent too quickly. Wait a moment and send it again."))
    digest = hashlib.sha256(str(data["n"]).encode()).hexdigest()
    try:
        with transaction.atomic():
            UsedTicket.objects.create(digest=digest)
    except IntegrityError as exc:
        raise FamiliesError(
            _("This form was already sent. Open the page again to send more.")
        ) from exc


def _rate_check() -> None:
    limit, window = getattr(settings, "FAMILIES_RATE", (30, 600))
    since = timezone.now() - timedelta(seconds=window)
    if Submission.objects.filter(created_at__gte=since).count() >= limit:
        raise Busy(
            _(
                "The page is receiving many messages right now. Please try again in a few "
                "minutes; nothing you typed was kept."
            )
        )


def receipt_new() -> str:
    """A new receipt code, e.g. ``K7QM-2XHD-PW9A-TN4C``."""
    raw = "".join(secrets.choice(_RECEIPT_ALPHABET) for _ in range(_RECEIPT_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, _RECEIPT_LENGTH, 4))


def receipt_digest(code: str) -> str:
    """The stored form of a receipt code (case, spaces and dashes do not matter)."""
    clean = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(clean.encode()).hexdigest()


def quarantine_dir(case: Case | None) -> Path:
    """Where files from families wait (``quarantine/`` of the case, mode 0700)."""
    root = case.root if case is not None else Path(settings.MEDIA_ROOT or ".")
    path = root / "quarantine"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def _quarantine(case: Case | None, upload: Any) -> tuple[str, int, str]:
    """Copy an upload into quarantine; (sha256, size, safe name)."""
    limit = getattr(settings, "FAMILIES_UPLOAD_MAX", 20 * 1024 * 1024)
    folder = quarantine_dir(case)
    tmp = folder / f".incoming-{uuid.uuid4().hex}"
    digest = hashlib.sha256()
    size = 0
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in upload.chunks():
                size += len(chunk)
                if size > limit:
                    raise FamiliesError(_(_TOO_LARGE) % {"mb": limit // (1024 * 1024)})
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise FamiliesError(_("A file you chose is empty. Choose it again, or leave it out."))
        sha = digest.hexdigest()
        os.replace(tmp, folder / sha)
    finally:
        tmp.unlink(missing_ok=True)
    # Only the base name, without control or path characters, is kept.
    name = "".join(ch for ch in Path(str(upload.name)).name if ch.isprintable() and ch not in "/\\")
    return sha, size, name[:200] or "file"


def _clip(fields: dict[str, str]) -> dict[str, str]:
    out = {}
    for key, value in fields.items():
        value = (value or "").replace("\x00", "").strip()
        if len(value) > TEXT_LIMIT:
            raise FamiliesError(
                _("A field is longer than %(n)d characters. Shorten it.") % {"n": TEXT_LIMIT}
            )
        out[key] = value
    return out


def submission_receive(
    *,
    case: Case | None,
    keyring: Keyring,
    ticket: str,
    relative: dict[str, str],
    submitter: dict[str, str],
    files: Iterable[Any] = (),
    receipt: str | None = None,
) -> Received:
    """Take one submission from the public page, all or nothing.

    Args:
        case: The case (its custody log notes that a submission came, never who sent it).
        keyring: The vault keyring; the submitter's identity is sealed with it.
        ticket: The form's ticket (`ticket_issue`), spent here.
        relative: What the family tells of the relative (the model's fields).
        submitter: ``name``, ``contact``, ``relation`` and ``since`` (what has happened
            to the family since); all optional, all sealed.
        files: Uploaded files, quarantined.
        receipt: The receipt code of an earlier submission, to add to it.

    Raises:
        FamiliesError: A spent, forged or hurried ticket; the page is busy; an unknown
            receipt code; a file too large or empty; nothing told at all.
    """
    files = list(files)
    if len(files) > MAX_FILES:
        raise FamiliesError(_("Send at most %(n)d files at a time.") % {"n": MAX_FILES})
    relative = _clip(relative)
    who = _clip(submitter)
    follows = None
    if receipt is not None:
        follows = Submission.objects.filter(receipt_hash=receipt_digest(receipt)).first()
        if follows is None:
            raise FamiliesError(_("We do not know this receipt code. Check it and try again."))
    limit = getattr(settings, "FAMILIES_UPLOAD_MAX", 20 * 1024 * 1024)
    for upload in files:
        if getattr(upload, "size", 0) > limit:
            raise FamiliesError(_(_TOO_LARGE) % {"mb": limit // (1024 * 1024)})
        if getattr(upload, "size", 1) == 0:
            raise FamiliesError(_("A file you chose is empty. Choose it again, or leave it out."))
    told = any(v for k, v in relative.items() if k != "calendar")
    if not told and not any(who.values()) and not files:
        raise FamiliesError(_("The form is empty. Tell us at least your relative's name."))
    _ticket_spend(ticket)
    _rate_check()
    with transaction.atomic():
        identity = None
        if any(who.values()):
            identity = identity_seal(
                keyring=keyring,
                kind=Identity.Kind.SUBMITTER,
                # A family may stay anonymous; the vault still needs a name field.
                name=who.get("name") or "(anonymous)",
                contact=who.get("contact", ""),
                relations=who.get("relation", ""),
                details=who.get("since", ""),
            )
        new_code = receipt_new() if follows is None else None
        code = new_code if new_code is not None else receipt
        submission = Submission.objects.create(
            receipt_hash=receipt_digest(new_code) if new_code is not None else None,
            follows=follows,
            submitter=identity,
            **relative,
        )
        for upload in files:
            sha, size, name = _quarantine(case, upload)
            QuarantinedFile.objects.create(submission=submission, name=name, size=size, sha256=sha)
        if case is not None:
            custody_record(
                case=case,
                actor="families-page",
                action="family",
                details={
                    "event": "submission",
                    "submission": str(submission.pk),
                    "files": len(files),
                },
            )
    assert code is not None
    return Received(submission, code)


def submitter_reveal(
    *, case: Case, keyring: Keyring, submission: Submission, user: User, actor: str
) -> dict[str, str]:
    """Open who sent a submission, for a liaison; logged before decryption.

    Raises:
        FamiliesError: The user may not reveal identities, or nobody was named.
    """
    if not user_can(user, REVEAL_WITNESS) or submission.submitter is None:
        raise FamiliesError(_("There is no sender's identity you may see here."))
    custody_record(
        case=case,
        actor=actor[:200],
        action="read_protected",
        details={"outcome": "read", "objects": [f"submission:{submission.pk}"], "reveal": True},
    )
    return identity_open(keyring=keyring, identity=submission.submitter)


def submission_follow_up(
    *, case: Case, submission: Submission, user: User, actor: str, status: str, note: str = ""
) -> Submission:
    """Mark a submission followed up or closed, with a custody entry naming who and why."""
    if status not in Submission.Status.values:
        raise InputError(f"unknown status {status!r}.")
    if not user_can(user, REVEAL_WITNESS):
        raise FamiliesError("Only a witness liaison or an admin follows up submissions.")
    with transaction.atomic():
        Submission.objects.filter(pk=submission.pk).update(status=status)
        custody_record(
            case=case,
            actor=actor[:200],
            action="family",
            details={
                "event": "follow_up",
                "submission": str(submission.pk),
                "status": status,
                "note": note[:2000],
            },
        )
    submission.refresh_from_db()
    return submission


def file_accept(*, case: Case, file: QuarantinedFile, user: User, actor: str) -> QuarantinedFile:
    """Move a quarantined file into the evidence store (hashed and logged there)."""
    from dadkhah.web.evidence.services import Collection, evidence_add_stream

    if not user_can(user, REVEAL_WITNESS):
        raise FamiliesError("Only a witness liaison or an admin accepts files.")
    if file.accepted_item_id is not None:
        return file
    path = quarantine_dir(case) / file.sha256
    with path.open("rb") as stream:
        report = evidence_add_stream(
            case=case,
            stream=stream,
            name=file.name,
            actor=actor,
            collection=Collection(method="submitted through the families' page", source="families"),
            user=user,
        )
    from dadkhah.web.evidence.models import EvidenceItem

    item = EvidenceItem.objects.filter(sha256=file.sha256).first()
    if item is None:
        raise FamiliesError(f"the file {file.name} could not be added: {report}")
    QuarantinedFile.objects.filter(pk=file.pk).update(accepted_item=item)
    file.refresh_from_db()
    return file

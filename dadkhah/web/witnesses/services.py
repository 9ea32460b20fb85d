"""Writes about witnesses: add one (identity sealed), reveal it, consent, harm checks, rotation.

Identity fields go through the vault (`dadkhah.core.vault`); nothing here writes a
name, contact or location anywhere but a sealed column. A reveal is allowed to the
roles that hold ``reveal_witness`` (admin, witness liaison) and is logged in the custody
log before the identity is decrypted, so no reveal happens unlogged; a refused reveal
is logged too (OWASP ASVS 5.0 V16.3.2).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from dadkhah.core.case import Case
from dadkhah.core.errors import DadkhahError, InputError
from dadkhah.core.vault import (
    Keyring,
    KeyringSource,
    load_keyring,
    open_record,
    rewrap_key,
    save_keyring,
    seal_record,
)
from dadkhah.core.vault.cipher import blind_index
from dadkhah.web.accounts.roles import REVEAL_WITNESS, User, user_can
from dadkhah.web.claims.models import Claim
from dadkhah.web.custody.services import custody_record
from dadkhah.web.evidence.models import EvidenceItem
from dadkhah.web.modelutils import Confidentiality
from dadkhah.web.people.models import Person, PersonRole
from dadkhah.web.witnesses.models import (
    ConsentEntry,
    HarmCheck,
    Identity,
    Segment,
    Testimony,
    Use,
    Witness,
)

PSEUDONYM = re.compile(r"W-(\d{4,})")
MAX_FIELD = 10_000
_ADD_RETRIES = 5


class WitnessNotFound(DadkhahError):
    """No such witness, or not one the user may reveal: the same answer for both."""


@dataclass(frozen=True)
class RevealedIdentity:
    """A witness's identity, opened for one cleared user (never stored, never logged)."""

    pseudonym: str
    fields: dict[str, str]


def case_keyring(case: Case, ask_passphrase: Callable[[], str] | None = None) -> KeyringSource:
    """The case's vault keyring (keys/vault.key, or the environment; made on first use)."""
    return load_keyring(case.keys_dir, ask_passphrase=ask_passphrase)


def _next_pseudonym() -> str:
    numbers = [
        int(m.group(1))
        for p in Witness.objects.filter(pseudonym__startswith="W-").values_list(
            "pseudonym", flat=True
        )
        if (m := PSEUDONYM.fullmatch(p)) is not None
    ]
    return f"W-{max(numbers, default=0) + 1:04d}"


def _identity_fields(**fields: str) -> dict[str, str]:
    out = {}
    for name in Identity.FIELDS:
        value = (fields.get(name) or "").strip()
        if len(value) > MAX_FIELD:
            raise InputError(f"the witness's {name} is longer than {MAX_FIELD} characters.")
        out[name] = value
    if not out["name"]:
        raise InputError("a witness needs a name (it is sealed in the vault, never shown).")
    return out


def identity_seal(
    *, keyring: Keyring, kind: str = Identity.Kind.WITNESS, **fields: str
) -> Identity:
    """Seal identity fields into a new, saved `Identity` row.

    Args:
        keyring: The case keyring.
        kind: ``witness`` or ``submitter`` (a family member who wrote in).
        **fields: ``name`` (required), ``contact``, ``location``, ``relations``, ``details``.
    """
    values = _identity_fields(**fields)
    identity = Identity(id=uuid.uuid4(), kind=kind)
    sealed = seal_record(
        keyring, table=Identity._meta.db_table, row_id=str(identity.id), fields=values
    )
    identity.key_version = sealed.key_version
    identity.wrapped_key = sealed.wrapped_key
    identity.name_index = sealed.name_index
    for name, blob in sealed.fields.items():
        setattr(identity, name, blob)
    identity.save(force_insert=True)
    return identity


def identity_open(*, keyring: Keyring, identity: Identity) -> dict[str, str]:
    """Decrypt an `Identity` row (callers check clearance and log first)."""
    return open_record(
        keyring,
        table=Identity._meta.db_table,
        row_id=str(identity.id),
        key_version=identity.key_version,
        wrapped_key=bytes(identity.wrapped_key),
        fields={name: bytes(getattr(identity, name)) for name in Identity.FIELDS},
    )


def witness_add(
    *,
    keyring: Keyring,
    name: str,
    contact: str = "",
    location: str = "",
    relations: str = "",
    details: str = "",
    risk: str = Witness.Risk.HIGH,
    pseudonym: str | None = None,
) -> Witness:
    """Add a witness: the identity sealed in the vault, a new pseudonym everywhere else.

    Args:
        keyring: The case keyring (`case_keyring`).
        name, contact, location, relations, details: Identity fields (name required).
        risk: ``low``, ``medium``, ``high`` (default: when unsure, assume high) or ``severe``.
        pseudonym: A given pseudonym (the demo loader's); default the next ``W-NNNN``.

    Raises:
        InputError: No name, a field too long, an unknown risk level, or a pseudonym taken.
    """
    if risk not in Witness.Risk.values:
        raise InputError(
            f"unknown risk level {risk!r}; use one of {', '.join(Witness.Risk.values)}."
        )
    values = _identity_fields(
        name=name, contact=contact, location=location, relations=relations, details=details
    )
    for _attempt in range(_ADD_RETRIES):
        try:
            with transaction.atomic():
                identity = identity_seal(keyring=keyring, **values)
                chosen = pseudonym or _next_pseudonym()
                return Witness.objects.create(pseudonym=chosen, risk_level=risk, identity=identity)
        except IntegrityError as exc:
            if pseudonym is not None:
                raise InputError(f"the pseudonym {pseudonym} is taken; choose another.") from exc
    raise InputError("could not give the witness a free pseudonym; try again.")


def witness_reveal(
    *, case: Case, keyring: Keyring, pseudonym: str, user: User, actor: str
) -> RevealedIdentity:
    """Open a witness's identity for a cleared user; log the reveal (or the refusal).

    Args:
        case: The case (its custody log records the reveal).
        keyring: The case keyring.
        pseudonym: ``W-0042``.
        user: Who asks; only roles with ``reveal_witness`` (admin, witness liaison) may.
        actor: How the custody log names them (``web:NAME``, ``cli:NAME``).

    Raises:
        WitnessNotFound: No such witness, no identity sealed for it, or the user is not
            cleared: one answer for all, so pseudonyms cannot be probed.
    """
    witness = (
        Witness.objects.select_related("identity").filter(pseudonym=pseudonym).first()
        if PSEUDONYM.fullmatch(pseudonym)
        else None
    )
    allowed = user_can(user, REVEAL_WITNESS)
    if witness is not None and witness.identity is not None and allowed:
        # Logged before decryption: a reveal cannot happen without its entry.
        custody_record(
            case=case,
            actor=actor[:200],
            action="read_protected",
            details={"outcome": "read", "objects": [f"witness:{pseudonym}"], "reveal": True},
        )
        fields = identity_open(keyring=keyring, identity=witness.identity)
        return RevealedIdentity(pseudonym, fields)
    if witness is not None:
        custody_record(
            case=case,
            actor=actor[:200],
            action="read_protected",
            details={"outcome": "denied", "objects": [f"witness:{pseudonym}"], "reveal": True},
        )
    raise WitnessNotFound(
        f"no witness {pseudonym} whose identity you may reveal (only an admin or a witness "
        "liaison may; ask one)."
    )


def _when(value: datetime | None, what: str) -> datetime:
    now = timezone.now()
    if value is None:
        return now
    if value.tzinfo is None:
        raise InputError(f"{what} needs a time zone (e.g. 2026-05-01T10:00:00+00:00).")
    if value > now:
        raise InputError(f"{what} {value.isoformat()} is in the future.")
    return value


def _use(use: str) -> str:
    if use not in Use.values:
        raise InputError(f"unknown use {use!r}; use one of {', '.join(Use.values)}.")
    return use


def consent_record(
    *,
    witness: Witness,
    use: str,
    grant: bool,
    obtained_by: str,
    actor: str,
    obtained_at: datetime | None = None,
    note: str = "",
) -> ConsentEntry:
    """Append a grant or a withdrawal of consent for one use (history is never edited).

    Raises:
        InputError: Unknown use, no ``obtained_by``, or a time without zone or in the future.
    """
    if not obtained_by.strip():
        raise InputError("say who obtained the consent (--by USER).")
    return ConsentEntry.objects.create(
        witness=witness,
        use=_use(use),
        decision=ConsentEntry.Decision.GRANT if grant else ConsentEntry.Decision.WITHDRAW,
        obtained_by=obtained_by.strip()[:200],
        obtained_at=_when(obtained_at, "the consent time"),
        note=note,
        recorded_by=actor[:200],
    )


def harm_check_record(
    *,
    witness: Witness,
    use: str,
    cleared: bool,
    checked_by: str,
    checked_at: datetime | None = None,
    note: str = "",
) -> HarmCheck:
    """Record a do-no-harm check of a disclosure for one use (needed at high risk)."""
    if not checked_by.strip():
        raise InputError("say who made the do-no-harm check (--by USER).")
    return HarmCheck.objects.create(
        witness=witness,
        use=_use(use),
        outcome=HarmCheck.Outcome.CLEARED if cleared else HarmCheck.Outcome.NOT_CLEARED,
        checked_by=checked_by.strip()[:200],
        checked_at=_when(checked_at, "the check time"),
        note=note,
    )


def witness_get(pseudonym: str) -> Witness:
    """The witness of a pseudonym (a pseudonym is not protected: it is what others see)."""
    witness = Witness.objects.filter(pseudonym=pseudonym).first()
    if witness is None:
        raise WitnessNotFound(f"no witness {pseudonym}; `dadkhah witness list` shows them.")
    return witness


@dataclass(frozen=True)
class RotateResult:
    """What a rotation did."""

    rewrapped: int
    old_versions: tuple[int, ...]
    new_version: int


def keys_rotate(*, source: KeyringSource) -> RotateResult:
    """Re-wrap every data key under a new master key version, then retire the old ones.

    Steps, each leaving a usable vault if the process dies after it: (1) the key file
    gains the new version beside the old; (2) one transaction re-wraps every data key
    and recomputes every blind index under the new version; (3) the key file keeps the
    new version only. The sealed fields themselves do not change.

    Raises:
        VaultError: The key comes from the environment (cannot be rewritten), or a
            data key does not unwrap (the keyring lacks its version, or a row was altered).
    """
    old = source.keyring
    new = old.with_new_version()
    save_keyring(source, new)
    table = Identity._meta.db_table
    count = 0
    with transaction.atomic():
        for identity in Identity.objects.select_for_update().exclude(Q(key_version=new.current)):
            version, wrapped = rewrap_key(
                new,
                table=table,
                row_id=str(identity.id),
                key_version=identity.key_version,
                wrapped_key=bytes(identity.wrapped_key),
            )
            identity.key_version, identity.wrapped_key = version, wrapped
            name = identity_open(keyring=new, identity=identity)["name"]
            identity.name_index = blind_index(new, name)
            identity.save(update_fields=["key_version", "wrapped_key", "name_index"])
            count += 1
    save_keyring(source, new.only_current())
    return RotateResult(count, tuple(sorted(old.keys)), new.current)


def witness_person_create(*, witness: Witness, relative: bool = True) -> Person:
    """Make a witness a person of the case, known by the pseudonym only.

    A witness who is a relative of a victim appears in the family's relations: the
    person row carries the pseudonym as its only name (the identity stays in the vault,
    docs/decisions/0004) and the roles ``witness`` (and ``relative``).

    Raises:
        InputError: An unsaved witness, or one who is a person of the case already.
    """
    from dadkhah.web.people.services import person_create

    if witness.pk is None:
        raise InputError("make a saved witness a person.")
    if witness.person_id is not None:
        raise InputError(f"the witness {witness.pseudonym} is a person of the case already.")
    roles = [PersonRole.Role.RELATIVE.value] if relative else []
    with transaction.atomic():
        person = person_create(display_name=witness.pseudonym, roles=roles)
        PersonRole.objects.create(person=person, role=PersonRole.Role.WITNESS)
        witness.person = person
        witness.save(update_fields=["person"])
    return person


def testimony_create(
    *,
    witness: Witness,
    source_name: str,
    title: str,
    language: str,
    reliability: str = "F",
    taken_on: date | None = None,
    evidence: EvidenceItem | None = None,
    synthetic: bool = False,
) -> Testimony:
    """Record a testimony a witness gave, and the source the claims it supports will cite.

    Testimonies are the most exposing data the case holds: the testimony and its source
    are strictly confidential, and the source is in the witness's independence group
    (``witness:W-0001``), so two testimonies of one witness never count as independent
    corroboration. The title names the witness by pseudonym only; the witness's identity
    stays in the vault.

    Args:
        witness: Who gave it (saved).
        source_name: The new source's short name (``testimony-w-0001``).
        title: The source's title (``Testimony of W-0001``).
        language: The language it was given in (``fa``, ``en`` …).
        reliability: Admiralty reliability of the witness as a source, A–F.
        taken_on: When it was taken.
        evidence: The recording or transcript in the evidence store.
        synthetic: Made up for a demo or a test.

    Raises:
        InputError: An unsaved witness, no language, a date in the future, or what
            :func:`dadkhah.web.sources.services.source_create` refuses.
    """
    from dadkhah.web.sources.services import source_create

    if witness.pk is None:
        raise InputError("a testimony is given by a saved witness.")
    language = language.strip()
    if not language or len(language) > 10:
        raise InputError("say which language the testimony was given in (at most 10 characters).")
    if taken_on is not None and taken_on > timezone.now().date():
        raise InputError(f"the testimony's date {taken_on.isoformat()} is in the future.")
    with transaction.atomic():
        source = source_create(
            name=source_name,
            kind="testimony",
            title=title,
            language=language,
            reliability=reliability,
            confidentiality=Confidentiality.STRICTLY_CONFIDENTIAL,
            synthetic=synthetic,
            independence_group=f"witness:{witness.pseudonym}",
            evidence=evidence,
        )
        return Testimony.objects.create(
            witness=witness,
            source=source,
            language=language,
            taken_on=taken_on,
            evidence=evidence,
            confidentiality=Confidentiality.STRICTLY_CONFIDENTIAL,
        )


def segment_add(
    *,
    testimony: Testimony,
    text: str,
    locator: str = "",
    order: int | None = None,
    claims: Iterable[Claim] = (),
) -> Segment:
    """Add a passage to a testimony, with the claims it supports.

    Args:
        testimony: The testimony (saved).
        text: What the witness said.
        locator: A time code or page (at most 100 characters).
        order: Its place in the testimony (from 1); default after the last one.
        claims: Claims the passage supports (more with :func:`segment_claims_add`).

    Raises:
        InputError: An unsaved testimony, no text, a locator too long, an order below 1
            or one the testimony holds already.
    """
    if testimony.pk is None:
        raise InputError("a segment belongs to a saved testimony.")
    text = text.strip()
    if not text:
        raise InputError("a segment needs the words of the testimony.")
    if len(locator) > 100:
        raise InputError("a locator is at most 100 characters.")
    if order is not None and order < 1:
        raise InputError(f"segments are numbered from 1, not {order}.")
    with transaction.atomic():
        if order is None:
            last = testimony.segments.order_by("-order").values_list("order", flat=True).first()
            order = (last or 0) + 1
        try:
            with transaction.atomic():
                segment = Segment.objects.create(
                    testimony=testimony, order=order, locator=locator, text=text
                )
        except IntegrityError:
            raise InputError(f"the testimony holds a segment {order} already.") from None
        segment_claims_add(segment=segment, claims=claims)
    return segment


def segment_claims_add(*, segment: Segment, claims: Iterable[Claim]) -> None:
    """Record that a passage of a testimony supports these claims (saved)."""
    found = list(claims)
    if any(c.pk is None for c in found):
        raise InputError("a segment supports saved claims.")
    if found:
        segment.claims.add(*found)

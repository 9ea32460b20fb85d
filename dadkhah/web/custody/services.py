"""Writes to the custody log: append events under a new signed tree head; timestamp a head.

Every write goes through :func:`custody_append`, which numbers the entries, stores them,
extends the Merkle frontier and signs the new head, all in one transaction: a process
killed at any point leaves either all of it or none of it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from dadkhah.core.case import Case
from dadkhah.core.custody.keys import load_case_signer
from dadkhah.core.custody.log import build_entries, sign_head, to_millis
from dadkhah.core.custody.merkle import Frontier
from dadkhah.core.custody.timestamp import request_timestamp, verify_timestamp
from dadkhah.core.errors import DadkhahError
from dadkhah.web.custody.models import CustodyEntry, CustodyEntryItem, CustodyHead, CustodyTimestamp

APPEND_RETRIES = 5


class CustodyError(DadkhahError):
    """The custody log refuses a write (its state needs `dadkhah verify` first)."""


@dataclass(frozen=True)
class AppendResult:
    """What an append wrote."""

    entries: list[CustodyEntry]
    head: CustodyHead


def custody_append(
    *, case: Case, events: Sequence[Mapping[str, Any]], now: datetime | None = None
) -> AppendResult:
    """Append custody events and sign a new tree head, in one transaction.

    Args:
        case: The case (its keys/ folder holds the signing key, made on first use).
        events: Mappings with ``actor``, ``action`` and optional ``items`` (SHA-256 hex
            list), ``details`` (canonical-JSON-safe object), ``time``.
        now: The time for events that give none (default: now, UTC).

    Raises:
        CustodyError: Entries exist that no signed head covers (written around this
            service): appending would sign them, so it is refused.
    """
    if not events:
        raise CustodyError("nothing to append: no custody events given.")
    signer = load_case_signer(case.keys_dir)
    moment = to_millis(now if now is not None else timezone.now())
    for attempt in range(APPEND_RETRIES):
        try:
            with transaction.atomic():
                return _append(signer=signer, events=events, now=moment)
        except IntegrityError:
            # Another process appended the same seq first; read its head and try again.
            if attempt == APPEND_RETRIES - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _append(*, signer: Any, events: Sequence[Mapping[str, Any]], now: datetime) -> AppendResult:
    head = CustodyHead.objects.order_by("-id").first()
    top = CustodyEntry.objects.aggregate(m=Max("seq"))["m"]
    size = 0 if top is None else top + 1
    if head is None:
        frontier = Frontier()
    else:
        frontier = Frontier(head.size, [bytes.fromhex(h) for h in head.frontier])
    if frontier.size != size:
        raise CustodyError(
            f"the custody log has {size} entries but its last signed head covers {frontier.size}: "
            "entries were written around the custody service. Run `dadkhah verify`."
        )
    built = build_entries(start=size, events=events, now=now)
    rows = [
        CustodyEntry(
            seq=entry.seq,
            data=data.decode("utf-8"),
            leaf_hash=leaf.hex(),
            time=entry.time,
            actor=entry.actor,
            action=entry.action,
            items=list(entry.items),
        )
        for entry, data, leaf in built
    ]
    CustodyEntry.objects.bulk_create(rows)
    CustodyEntryItem.objects.bulk_create(
        [CustodyEntryItem(entry_id=row.seq, sha256=sha) for row in rows for sha in row.items]
    )
    for _, _, leaf in built:
        frontier.append(leaf)
    signed = sign_head(signer, frontier)
    new_head = CustodyHead.objects.create(
        size=signed.size,
        root=signed.root.hex(),
        note=signed.note,
        signed_at=now,
        frontier=[h.hex() for h in frontier.hashes],
    )
    return AppendResult(entries=rows, head=new_head)


def custody_record(
    *,
    case: Case,
    actor: str,
    action: str,
    items: Sequence[str] = (),
    details: Mapping[str, Any] | None = None,
) -> AppendResult:
    """Append one event (a view, a download, a read of protected data…)."""
    return custody_append(
        case=case,
        events=[
            {"actor": actor, "action": action, "items": list(items), "details": dict(details or {})}
        ],
    )


def tsa_settings(case: Case) -> dict[str, Any]:
    """The ``[custody]`` table of case.toml (``tsa_url``, ``tsa_chain``); empty when absent."""
    table = case.config.extra.get("custody", {})
    return dict(table) if isinstance(table, dict) else {}


def custody_timestamp_head(*, case: Case, url: str | None = None) -> CustodyTimestamp:
    """Ask the configured TSA for an RFC 3161 timestamp of the latest signed head.

    Off by default (air-gapped): needs ``tsa_url`` under ``[custody]`` in case.toml, or
    ``url``. When ``tsa_chain`` (PEM/DER files of the TSA chain, leaf first) is set the
    token is verified before it is stored.

    Raises:
        CustodyError: No TSA configured, or no signed head yet.
        TimestampError: The TSA cannot be reached or its answer does not verify.
    """
    conf = tsa_settings(case)
    url = url or conf.get("tsa_url")
    if not url:
        raise CustodyError(
            "no timestamping authority configured: set tsa_url under [custody] in case.toml."
        )
    head = CustodyHead.objects.order_by("-id").first()
    if head is None:
        raise CustodyError("the custody log has no signed head yet: add evidence first.")
    message = head.note.encode("utf-8")
    token = request_timestamp(str(url), message)
    from rfc3161_client import decode_timestamp_response

    gen_time = decode_timestamp_response(token).tst_info.gen_time
    chain = load_tsa_chain(case)
    if chain:
        gen_time = verify_timestamp(token, message, chain_der=chain)
    return CustodyTimestamp.objects.create(
        head=head, tsa_url=str(url), token=token, gen_time=gen_time, received_at=timezone.now()
    )


def load_tsa_chain(case: Case) -> list[bytes]:
    """DER certificates of the TSA chain named by ``tsa_chain`` in case.toml (leaf first)."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    paths = tsa_settings(case).get("tsa_chain") or []
    out: list[bytes] = []
    for p in paths if isinstance(paths, list) else [paths]:
        path = case.root / str(p)
        raw = path.read_bytes()
        if b"-----BEGIN" in raw:
            out.extend(c.public_bytes(Encoding.DER) for c in x509.load_pem_x509_certificates(raw))
        else:
            out.append(raw)
    return out

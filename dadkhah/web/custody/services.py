"""Writes to the custody log: append events under a new signed tree head; timestamp a head.

Every write goes through :func:`custody_append`, which numbers the entries, stores them,
extends the Merkle frontier and signs the new head, all in one transaction: a process
killed at any point leaves either all of it or none of it.

Reads (views, downloads, reads of protected data) are logged one entry each but signed
in batches: a new head when ``head_every`` entries wait unsigned, when the last head is
older than ``head_seconds`` (``[custody]`` in case.toml), at the next write that is not
a read, and at the end of the CLI commands that write (:func:`custody_sign_pending`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from dadkhah.core.case import Case
from dadkhah.core.custody.keys import load_case_signer
from dadkhah.core.custody.log import build_entries, check_entry_row, sign_head, to_millis
from dadkhah.core.custody.merkle import Frontier
from dadkhah.core.custody.timestamp import request_timestamp, verify_timestamp
from dadkhah.core.errors import DadkhahError
from dadkhah.web.custody.models import CustodyEntry, CustodyEntryItem, CustodyHead, CustodyTimestamp

APPEND_RETRIES = 5
#: The PostgreSQL advisory lock that lets one append at a time number the next entries
#: (an arbitrary constant: "custody" in ASCII).
APPEND_LOCK = 0x637573746F6479
HEAD_EVERY = 100  # unsigned read entries that make a new head (default of head_every)
HEAD_SECONDS = 60  # age of the last head that makes a new one (default of head_seconds)
# Entries that may wait for the next head: reads, logged for audit and not evidence
# themselves. Everything else (ingest, correction, export…) is signed at once.
BATCHED_ACTIONS = frozenset({"view", "download", "read_protected"})


class CustodyError(DadkhahError):
    """The custody log refuses a write (its state needs `dadkhah verify` first)."""


@dataclass(frozen=True)
class AppendResult:
    """What an append wrote."""

    entries: list[CustodyEntry]
    head: CustodyHead | None  # None: batched, the entries wait for the next head


@dataclass(frozen=True)
class HeadPolicy:
    """When batched entries get a new signed head."""

    every: int = HEAD_EVERY
    seconds: int = HEAD_SECONDS


def head_policy(case: Case) -> HeadPolicy:
    """``head_every`` and ``head_seconds`` under ``[custody]`` in case.toml, else defaults."""
    conf = tsa_settings(case)
    try:
        policy = HeadPolicy(
            every=int(conf.get("head_every", HEAD_EVERY)),
            seconds=int(conf.get("head_seconds", HEAD_SECONDS)),
        )
    except (TypeError, ValueError) as exc:
        raise CustodyError(
            f"case.toml [custody] head_every/head_seconds must be whole numbers: {exc}"
        ) from exc
    if policy.every < 1 or policy.seconds < 0:
        raise CustodyError("case.toml [custody] head_every must be ≥ 1 and head_seconds ≥ 0.")
    return policy


def custody_append(
    *,
    case: Case,
    events: Sequence[Mapping[str, Any]],
    now: datetime | None = None,
    batched: bool = False,
) -> AppendResult:
    """Append custody events and sign a new tree head, in one transaction.

    Args:
        case: The case (its keys/ folder holds the signing key, made on first use).
        events: Mappings with ``actor``, ``action`` and optional ``items`` (SHA-256 hex
            list), ``details`` (canonical-JSON-safe object), ``time``.
        now: The time for events that give none (default: now, UTC).
        batched: Reads only (:data:`BATCHED_ACTIONS`): sign a head only when the
            :class:`HeadPolicy` says so; the entries are stored either way.

    Raises:
        CustodyError: Entries exist that no signed head covers and that are not
            well-formed batched reads (written around this service): appending would
            sign them, so it is refused.
    """
    if not events:
        raise CustodyError("nothing to append: no custody events given.")
    if batched and any(str(e.get("action")) not in BATCHED_ACTIONS for e in events):
        raise CustodyError(f"only {', '.join(sorted(BATCHED_ACTIONS))} entries are batched.")
    signer = load_case_signer(case.keys_dir)
    policy = head_policy(case) if batched else None
    moment = to_millis(now if now is not None else timezone.now())
    for attempt in range(APPEND_RETRIES):
        try:
            with transaction.atomic():
                _lock_appends()
                return _append(signer=signer, events=events, now=moment, policy=policy)
        except IntegrityError:
            # Another process appended the same seq first; read its head and try again.
            if attempt == APPEND_RETRIES - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _lock_appends() -> None:
    """On PostgreSQL, wait for any other append to commit before reading the log's top.

    Each page that shows protected data appends a read entry; without the lock, 16 pages
    served at once read the same top, all but one fail on the entry's primary key, and
    the retries ran out under load (500s). The lock is released at the transaction's end.
    SQLite needs none: it lets one writer at a time in, and the retries cover the rest.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [APPEND_LOCK])


def _frontier_to_top(head: CustodyHead | None) -> tuple[Frontier, int]:
    """The frontier over every stored entry: the last head's, extended by the entries
    after it, each checked to be a well-formed batched read stored by this service."""
    top = CustodyEntry.objects.aggregate(m=Max("seq"))["m"]
    size = 0 if top is None else top + 1
    if head is None:
        frontier = Frontier()
    else:
        frontier = Frontier(head.size, [bytes.fromhex(h) for h in head.frontier])
    pending = CustodyEntry.objects.filter(seq__gte=frontier.size).order_by("seq")
    for seq, data, leaf_hex in pending.values_list("seq", "data", "leaf_hash"):
        entry, leaf, problems = check_entry_row(
            seq=frontier.size, data=data.encode("utf-8"), stored_leaf_hash=bytes.fromhex(leaf_hex)
        )
        if seq != frontier.size or problems or entry is None or entry.action not in BATCHED_ACTIONS:
            raise CustodyError(
                f"the custody log has {size} entries but its last signed head covers "
                f"{0 if head is None else head.size}, and entry {seq} is not a batched read: "
                "entries were written around the custody service. Run `dadkhah verify`."
            )
        frontier.append(leaf)
    return frontier, size


def _append(
    *,
    signer: Any,
    events: Sequence[Mapping[str, Any]],
    now: datetime,
    policy: HeadPolicy | None = None,
) -> AppendResult:
    head = CustodyHead.objects.order_by("-id").first()
    frontier, size = _frontier_to_top(head)
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
    if policy is not None and head is not None:
        waiting = frontier.size - head.size
        age = (now - head.signed_at).total_seconds()
        if waiting < policy.every and age < policy.seconds:
            return AppendResult(entries=rows, head=None)
    return AppendResult(entries=rows, head=_sign(signer, frontier, now))


def _sign(signer: Any, frontier: Frontier, now: datetime) -> CustodyHead:
    signed = sign_head(signer, frontier)
    return CustodyHead.objects.create(
        size=signed.size,
        root=signed.root.hex(),
        note=signed.note,
        signed_at=now,
        frontier=[h.hex() for h in frontier.hashes],
    )


def custody_sign_pending(*, case: Case) -> CustodyHead | None:
    """Sign a head over the batched entries that wait for one; None when none wait.

    Called at the end of the CLI commands that log reads, by `custody publish`, and by
    `verify` before it checks, so that a finished command leaves every entry signed.
    """
    signer = load_case_signer(case.keys_dir)
    with transaction.atomic():
        head = CustodyHead.objects.select_for_update().order_by("-id").first()
        frontier, size = _frontier_to_top(head)
        if size == 0 or (head is not None and head.size == size):
            return None
        return _sign(signer, frontier, to_millis(timezone.now()))


def custody_publish(*, case: Case) -> CustodyHead:
    """The latest signed head, after signing any batched entries that wait for one.

    Its ``note`` is what an organisation publishes (docs/methodology/custody.md,
    "Publishing heads"); `verify --since` checks a later log against it.

    Raises:
        CustodyError: The log is empty: there is no head to publish.
    """
    custody_sign_pending(case=case)
    head = CustodyHead.objects.order_by("-id").first()
    if head is None:
        raise CustodyError("the custody log is empty: there is no signed head to publish yet.")
    return head


def custody_record(
    *,
    case: Case,
    actor: str,
    action: str,
    items: Sequence[str] = (),
    details: Mapping[str, Any] | None = None,
    batched: bool = False,
) -> AppendResult:
    """Append one event (a view, a download, a read of protected data…).

    ``batched=True`` for reads: signed with the next batch (see :func:`custody_append`).
    """
    return custody_append(
        case=case,
        events=[
            {"actor": actor, "action": action, "items": list(items), "details": dict(details or {})}
        ],
        batched=batched,
    )


def load_record(*, case: Case, actor: str, loader: str, created: Mapping[str, int]) -> AppendResult:
    """Log a bulk load's initial versions in one ``load`` entry (docs/decisions/0008).

    A loader (the demo's) writes rows through the same services and writers as an edit,
    but as version 0 with no change-log row each: the provenance of the whole load is this
    one entry, naming the loader and how many rows of each kind it created, never a value.

    Args:
        case: The case whose custody log gets the entry.
        actor: Who ran the load (``demo``, ``cli:NAME``).
        loader: Which loader (``entities``, ``minimal``).
        created: How many rows of each kind (``{"claim": 117, "event": 8693}``).

    Raises:
        InputError: No actor or loader, or a count that is not a whole number ≥ 0.
    """
    from dadkhah.core.errors import InputError

    if not actor.strip() or not loader.strip():
        raise InputError("a load names who ran it and which loader.")
    counts = dict(sorted(created.items()))
    if any(not isinstance(n, int) or isinstance(n, bool) or n < 0 for n in counts.values()):
        raise InputError("a load counts the rows it created in whole numbers.")
    return custody_record(
        case=case,
        actor=actor.strip()[:200],
        action="load",
        details={"loader": loader.strip(), "version": 0, "created": counts},
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

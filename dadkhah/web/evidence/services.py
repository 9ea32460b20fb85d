"""Writes about evidence: ingest files (CLI and upload), make working copies, log views.

Ingest follows the Berkeley Protocol: the file is hashed on arrival, kept byte for byte,
and the custody log records who collected it, when (UTC), how and from where, with the
original name and file times. Metadata is extracted into the item row, never into the
file. A working copy (redacted, converted, stripped) is a new item linked to its original
by a ``derivative`` entry; the original never changes.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from django.db import transaction
from django.utils import timezone

from dadkhah.core.case import Case
from dadkhah.core.custody.log import format_time, to_millis
from dadkhah.core.errors import InputError
from dadkhah.core.evidence_metadata import SNIFF_BYTES, extract_metadata, sniff_media_type
from dadkhah.core.evidence_store import (
    EvidenceError,
    EvidenceStore,
    StoredObject,
    StoreLimits,
    check_hash,
)
from dadkhah.web.custody.services import custody_append
from dadkhah.web.evidence.models import EvidenceItem

BATCH = int(os.environ.get("DADKHAH_INGEST_BATCH", "200"))
PARTIAL_AGE_S = 3600


@dataclass(frozen=True)
class Collection:
    """How an item was collected (Berkeley Protocol §§ on collection)."""

    collected_by: str = ""
    collected_at: datetime | None = None
    method: str = ""
    source: str = ""
    title: str = ""


@dataclass
class AddReport:
    """What an add did."""

    added: list[EvidenceItem] = field(default_factory=list)
    duplicates: list[tuple[str, EvidenceItem]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def store_limits(case: Case) -> StoreLimits:
    """Limits from ``[evidence]`` in case.toml, else the defaults."""
    conf = case.config.extra.get("evidence", {})
    base = StoreLimits()
    if not isinstance(conf, dict):
        return base
    return StoreLimits(
        max_file_bytes=int(conf.get("max_file_bytes", base.max_file_bytes)),
        max_files_per_add=int(conf.get("max_files_per_add", base.max_files_per_add)),
    )


def case_store(case: Case) -> EvidenceStore:
    """The case's evidence store with its limits."""
    return EvidenceStore(case.evidence_dir, limits=store_limits(case))


def _file_times(st: os.stat_result) -> dict[str, str]:
    out = {"modified": format_time(datetime.fromtimestamp(st.st_mtime, UTC))}
    birth = getattr(st, "st_birthtime", None)
    if birth is not None:
        out["created"] = format_time(datetime.fromtimestamp(birth, UTC))
    return out


def iter_files(paths: Iterable[Path], *, limit: int) -> Iterator[tuple[Path, str | None]]:
    """Regular files under ``paths`` (folders walked, links never followed).

    Yields (path, None) for files and (path, reason) for what is skipped.

    Raises:
        InputError: A path does not exist, or there are more than ``limit`` files.
    """
    count = 0

    def emit(p: Path) -> Iterator[tuple[Path, str | None]]:
        nonlocal count
        count += 1
        if count > limit:
            raise InputError(
                f"more than {limit} files to add; add fewer at a time or raise "
                "[evidence] max_files_per_add in case.toml."
            )
        yield p, None

    for root in paths:
        try:
            st = os.lstat(root)
        except FileNotFoundError as exc:
            raise InputError(f"{root}: no such file or folder.") from exc
        if stat.S_ISLNK(st.st_mode):
            yield root, "symbolic link (not followed)"
        elif stat.S_ISREG(st.st_mode):
            yield from emit(root)
        elif stat.S_ISDIR(st.st_mode):
            stack = [root]
            while stack:
                folder = stack.pop()
                with os.scandir(folder) as it:
                    entries = sorted(it, key=lambda e: e.name)
                subdirs = []
                for e in entries:
                    p = Path(e.path)
                    if e.is_symlink():
                        yield p, "symbolic link (not followed)"
                    elif e.is_dir(follow_symlinks=False):
                        subdirs.append(p)
                    elif e.is_file(follow_symlinks=False):
                        yield from emit(p)
                    else:
                        yield p, "not a regular file"
                stack.extend(reversed(subdirs))
        else:
            yield root, "not a regular file"


@dataclass
class _Pending:
    stored: StoredObject
    name: str
    media_type: str
    metadata: dict[str, Any]
    file_times: dict[str, str]


def _prepare(
    store: EvidenceStore, stored: StoredObject, name: str, file_times: dict[str, str]
) -> _Pending:
    with open(stored.path, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
    sniff = sniff_media_type(head, name=name)
    meta = extract_metadata(stored.path, media_type=sniff["media_type"], name=name)
    meta["sniff"] = sniff
    return _Pending(stored, name, sniff["media_type"], meta, file_times)


def _ingest_details(
    p: _Pending, c: Collection, collected_at: datetime, **extra: Any
) -> dict[str, Any]:
    details: dict[str, Any] = {
        "original_name": p.name[:500],
        "size": p.stored.size,
        "media_type": p.media_type,
        "collected_by": c.collected_by[:200],
        "collected_at": format_time(collected_at),
        "method": c.method[:200],
        "source": c.source[:500],
        "title": c.title[:300],
        "file_times": p.file_times,
    }
    details.update(extra)
    return details


def _commit(
    *,
    case: Case,
    pending: Sequence[_Pending],
    actor: str,
    collection: Collection,
    user: Any,
    report: AddReport,
) -> None:
    collected_at = to_millis(collection.collected_at or timezone.now())
    with transaction.atomic():
        events = []
        existing = {
            i.sha256: i
            for i in EvidenceItem.objects.filter(sha256__in=[p.stored.sha256 for p in pending])
        }
        for p in pending:
            sha = p.stored.sha256
            if sha in existing:
                events.append(
                    {
                        "actor": actor,
                        "action": "ingest",
                        "items": [sha],
                        "details": _ingest_details(p, collection, collected_at, duplicate=True),
                    }
                )
                report.duplicates.append((p.name, existing[sha]))
                continue
            item = EvidenceItem.objects.create(
                sha256=sha,
                size=p.stored.size,
                media_type=p.media_type[:100],
                original_name=p.name[:500],
                title=collection.title[:300],
                collected_by=collection.collected_by[:200],
                collected_by_user=user,
                collected_at=collected_at,
                collection_method=collection.method[:200],
                collected_from=collection.source[:500],
                file_times=p.file_times,
                metadata=p.metadata,
                synthetic=case.config.synthetic,
            )
            existing[sha] = item
            report.added.append(item)
            events.append(
                {
                    "actor": actor,
                    "action": "ingest",
                    "items": [sha],
                    "details": _ingest_details(p, collection, collected_at),
                }
            )
        custody_append(case=case, events=events)


def evidence_add_paths(
    *,
    case: Case,
    paths: Sequence[Path],
    actor: str,
    collection: Collection = Collection(),
    user: Any = None,
    on_file: Callable[[Path], None] | None = None,
    on_bytes: Callable[[int], None] | None = None,
) -> AddReport:
    """Add files and folders to the case: store, describe, log. Safe to re-run.

    Files are stored first (atomically, outside any transaction), then entered in the
    database and the custody log in batches of ``DADKHAH_INGEST_BATCH`` (200), each
    one transaction with one signed head.

    Raises:
        InputError: A path is missing, too many files, or a file over the size limit.
    """
    store = case_store(case)
    store.clear_partial(older_than_s=PARTIAL_AGE_S)
    report = AddReport()
    pending: list[_Pending] = []
    for path, skip in iter_files(paths, limit=store.limits.max_files_per_add):
        if skip is not None:
            report.skipped.append(f"{path}: {skip}")
            continue
        try:
            st = os.lstat(path)
            stored = store.put_file(path, progress=on_bytes)
        except EvidenceError as exc:
            if "limit" in str(exc):
                raise
            report.skipped.append(str(exc))
            continue
        pending.append(_prepare(store, stored, path.name, _file_times(st)))
        if on_file is not None:
            on_file(path)
        if len(pending) >= BATCH:
            _commit(
                case=case,
                pending=pending,
                actor=actor,
                collection=collection,
                user=user,
                report=report,
            )
            pending = []
    if pending:
        _commit(
            case=case, pending=pending, actor=actor, collection=collection, user=user, report=report
        )
    return report


def evidence_add_stream(
    *,
    case: Case,
    stream: BinaryIO,
    name: str,
    actor: str,
    collection: Collection = Collection(),
    user: Any = None,
) -> AddReport:
    """Add one file from a stream (a web upload)."""
    store = case_store(case)
    stored = store.put_stream(stream, name=name)
    report = AddReport()
    pending = [_prepare(store, stored, Path(name).name, {})]
    _commit(
        case=case, pending=pending, actor=actor, collection=collection, user=user, report=report
    )
    return report


def evidence_derive(
    *,
    case: Case,
    original: EvidenceItem,
    path: Path,
    transformation: str,
    actor: str,
    user: Any = None,
) -> EvidenceItem:
    """Add a working copy (redacted, converted, metadata-stripped) of ``original``.

    The copy is a new item; a ``derivative`` entry names [copy, original] and the
    transformation. The original is not touched.

    Raises:
        InputError: No transformation given, or the copy is identical to an existing item.
    """
    if not transformation.strip():
        raise InputError("say how the working copy was made (--transformation).")
    store = case_store(case)
    stored = store.put_file(path)
    if EvidenceItem.objects.filter(sha256=stored.sha256).exists():
        raise InputError(
            f"{path}: these bytes are already item {stored.sha256}; a working copy must differ."
        )
    p = _prepare(store, stored, path.name, _file_times(os.lstat(path)))
    now = to_millis(timezone.now())
    with transaction.atomic():
        item = EvidenceItem.objects.create(
            sha256=stored.sha256,
            size=stored.size,
            media_type=p.media_type[:100],
            original_name=p.name[:500],
            title=original.title,
            collected_by=original.collected_by,
            collected_by_user=user,
            collected_at=now,
            collection_method="derivative",
            collected_from=original.sha256,
            file_times=p.file_times,
            metadata=p.metadata,
            derived_from=original,
            transformation=transformation[:200],
            synthetic=original.synthetic,
        )
        details = {
            "derived_from": original.sha256,
            "transformation": transformation[:200],
            "original_name": p.name[:500],
            "size": stored.size,
            "media_type": p.media_type,
            "collected_by": original.collected_by,
            "collected_at": format_time(now),
            "method": "derivative",
            "source": original.sha256,
            "title": original.title,
        }
        custody_append(
            case=case,
            events=[
                {
                    "actor": actor,
                    "action": "derivative",
                    "items": [stored.sha256, original.sha256],
                    "details": details,
                }
            ],
            now=now,
        )
    return item


# Columns a correction may change, with their key in ingest/derivative details. The size,
# media type and hash follow from the bytes; ``derived_from`` from the derivative entry:
# a different original is a new working copy, not a correction.
CORRECTABLE = {
    "original_name": "original_name",
    "title": "title",
    "collected_by": "collected_by",
    "collected_at": "collected_at",
    "collection_method": "method",
    "collected_from": "source",
    "transformation": "transformation",
}


def evidence_correct(
    *, case: Case, item_id: int, field: str, new_value: str, by: str, reason: str
) -> EvidenceItem:
    """Correct one custody field of an item, logging field, old and new value, who and why.

    The item's row changes and a ``correction`` entry is appended in the same
    transaction; `dadkhah verify` replays the corrections over the ingest entry, so
    the item still verifies and the log keeps both values (Berkeley Protocol: the
    chain of custody records every change, never overwrites one).

    Args:
        case: The case.
        item_id: The item's database id.
        field: One of :data:`CORRECTABLE`.
        new_value: The corrected value (``collected_at``: ISO 8601 with a time zone).
        by: Who corrects, for the custody log.
        reason: Why; required.

    Raises:
        InputError: Unknown item or field, no reason, an unchanged or invalid value.
    """
    if field not in CORRECTABLE:
        raise InputError(
            f"{field!r} cannot be corrected; correctable fields: {', '.join(CORRECTABLE)}."
        )
    if not reason.strip():
        raise InputError("say why the field is corrected (--reason).")
    if not by.strip():
        raise InputError("say who corrects the field (--actor).")
    with transaction.atomic():
        item = EvidenceItem.objects.select_for_update().filter(pk=item_id).first()
        if item is None:
            raise InputError(f"no evidence item has id {item_id}.")
        value: Any = new_value
        if field == "collected_at":
            value = to_millis(_parse_collected_at(new_value))
            old, new = format_time(item.collected_at), format_time(value)
        else:
            limit = EvidenceItem._meta.get_field(field).max_length  # type: ignore[union-attr]
            if limit is not None and len(new_value) > limit:
                raise InputError(f"{field} is at most {limit} characters; got {len(new_value)}.")
            if field == "transformation" and item.derived_from_id is None:
                raise InputError("only a working copy has a transformation.")
            if field == "transformation" and not new_value.strip():
                raise InputError("a working copy must say how it was made; give a transformation.")
            old, new = getattr(item, field), new_value
        if old == new:
            raise InputError(f"{field} is already {new!r}; nothing to correct.")
        EvidenceItem.objects.filter(pk=item.pk).update(**{field: value})
        custody_append(
            case=case,
            events=[
                {
                    "actor": by,
                    "action": "correction",
                    "items": [item.sha256],
                    "details": {"field": field, "old": old, "new": new, "reason": reason},
                }
            ],
        )
        item.refresh_from_db()
    return item


def _parse_collected_at(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise InputError(
            f"collected_at {text!r} is not an ISO 8601 time, e.g. 2024-05-01T12:00:00Z."
        ) from exc
    if moment.tzinfo is None:
        raise InputError(f"collected_at {text!r} has no time zone; add Z for UTC.")
    return moment.astimezone(UTC)


def evidence_record_access(
    *, case: Case, item: EvidenceItem, actor: str, action: str = "view"
) -> None:
    """Log that ``actor`` viewed or downloaded ``item`` (signed with the next batch)."""
    if action not in ("view", "download"):
        raise InputError(f"access action {action!r} is not view or download.")
    custody_append(
        case=case,
        events=[{"actor": actor, "action": action, "items": [item.sha256], "details": {}}],
        batched=True,  # every read is an entry; heads are signed in batches
    )


def evidence_by_hash(sha256: str) -> EvidenceItem:
    """The item with this hash (or unique prefix of at least 8 hex digits)."""
    if len(sha256) == 64:
        check_hash(sha256)
        found = list(EvidenceItem.objects.filter(sha256=sha256)[:1])
    else:
        if len(sha256) < 8 or not all(c in "0123456789abcdef" for c in sha256):
            raise InputError(
                f"{sha256!r}: give an item's SHA-256 (at least 8 lowercase hex digits)."
            )
        found = list(EvidenceItem.objects.filter(sha256__startswith=sha256)[:2])
    if len(found) != 1:
        raise InputError(
            f"{sha256!r} names {'no' if not found else 'more than one'} evidence item."
        )
    return found[0]


def evidence_mark_synthetic(*, item: EvidenceItem) -> EvidenceItem:
    """Flag an item as made up (a demo's or a test's file), so every page and export says so.

    Only ever set, never cleared: a synthetic file does not become real evidence.
    """
    if not item.synthetic:
        EvidenceItem.objects.filter(pk=item.pk).update(synthetic=True)
        item.synthetic = True
    return item

"""Custody log entries and the checks that make the log tamper-evident, independent of storage.

An entry is one RFC 8785 canonical JSON object (format version 1)::

    {"action": "ingest", "actor": "...", "details": {...}, "items": ["<sha256 hex>", ...],
     "seq": 0, "time": "2024-05-01T12:00:00.000000Z", "v": 1}

Its bytes are the leaf of the Merkle tree (leaf hash = SHA-256(0x00 || bytes)). Entries
are numbered from 0 without gaps; ``seq`` equals the leaf index. Storage (the database)
keeps the bytes as written plus columns for querying; :func:`check_entry_row` checks that
the columns say what the bytes say. Signed tree heads are C2SP checkpoints (see
:mod:`dadkhah.core.custody.note`); :func:`verify_log` recomputes the tree from the entries
and checks every head and the consistency between successive heads.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from dadkhah.core.custody.canonical import CanonicalError, canonical_dumps, canonical_loads
from dadkhah.core.custody.merkle import (
    Frontier,
    MerkleTree,
    ProofError,
    leaf_hash,
    verify_consistency,
)
from dadkhah.core.custody.note import (
    Checkpoint,
    NoteError,
    Signer,
    Verifier,
    open_note,
    parse_checkpoint,
    sign_note,
)

FORMAT_VERSION = 1

# What can happen to evidence (issue 6; Berkeley Protocol chain of custody). "read_protected"
# records a read of protected data (witness vault, roles) by a later part of the platform;
# "correction" changes one custody field of an item (field, old, new, reason); "records"
# commits the content of a source's records at import (a Merkle root over record hashes).
ACTIONS = (
    "ingest",
    "view",
    "download",
    "derivative",
    "transfer",
    "export",
    "verification",
    "backup",
    "restore",
    "timestamp",
    "read_protected",
    "correction",
    "records",
    # A change to a user's access (password, second factor, lockout), never the secret.
    "account",
    # The families' page: a submission came in, or a liaison followed one up (never who sent it).
    "family",
    # An edit of a person, claim or event from the web app (its change id, never its values).
    "edit",
    # A bulk load (the demo loader) wrote initial versions: how many rows of each kind.
    "load",
)
SHA256_HEX = re.compile(r"[0-9a-f]{64}")
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
TIME_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z")
ENTRY_KEYS = {"v", "seq", "time", "actor", "action", "items", "details"}
MAX_ENTRY_BYTES = 64 * 1024


class EntryError(CanonicalError):
    """A custody entry is malformed: wrong keys, values or types."""


def format_time(moment: datetime) -> str:
    """A UTC time as RFC 3339 with microseconds and 'Z' (the only form entries use)."""
    if moment.tzinfo is None:
        raise EntryError("custody times must be timezone-aware; pass a UTC datetime.")
    return moment.astimezone(UTC).strftime(TIME_FORMAT)


def to_millis(moment: datetime) -> datetime:
    """``moment`` cut to whole milliseconds.

    Times are kept at millisecond precision so that every copy of a custody entry's time
    (the signed bytes, the database column, a JSON dump of the database) is the same.
    """
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def parse_time(text: str) -> datetime:
    """Parse the entry time form back into an aware UTC datetime."""
    if not TIME_PATTERN.fullmatch(text):
        raise EntryError(f"time {text!r} is not YYYY-MM-DDTHH:MM:SS.ffffffZ")
    try:
        return datetime.fromisoformat(text[:-1]).replace(tzinfo=UTC)
    except ValueError as exc:
        raise EntryError(f"time {text!r} is not a real date and time") from exc


@dataclass(frozen=True)
class Entry:
    """One custody event."""

    seq: int
    time: datetime
    actor: str
    action: str
    items: tuple[str, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The JSON object of this entry (before canonicalization)."""
        return {
            "v": FORMAT_VERSION,
            "seq": self.seq,
            "time": format_time(self.time),
            "actor": self.actor,
            "action": self.action,
            "items": list(self.items),
            "details": dict(self.details),
        }

    def to_bytes(self) -> bytes:
        """The canonical bytes: the Merkle leaf."""
        _validate(self.to_json())
        data = canonical_dumps(self.to_json())
        if len(data) > MAX_ENTRY_BYTES:
            raise EntryError(
                f"custody entry {self.seq} is {len(data)} bytes; the limit is {MAX_ENTRY_BYTES}. "
                "Put large details in a file and log its hash."
            )
        return data

    @classmethod
    def from_bytes(cls, data: bytes) -> Entry:
        """Parse canonical entry bytes, checking form and fields.

        Raises:
            EntryError: Not canonical JSON, or fields missing, extra or of the wrong type.
        """
        try:
            obj = canonical_loads(data)
        except CanonicalError as exc:
            raise EntryError(str(exc)) from exc
        _validate(obj)
        return cls(
            seq=obj["seq"],
            time=parse_time(obj["time"]),
            actor=obj["actor"],
            action=obj["action"],
            items=tuple(obj["items"]),
            details=obj["details"],
        )


def _validate(obj: Any) -> None:
    if not isinstance(obj, dict):
        raise EntryError("a custody entry must be a JSON object")
    keys = set(obj)
    if keys != ENTRY_KEYS:
        missing, extra = sorted(ENTRY_KEYS - keys), sorted(keys - ENTRY_KEYS)
        raise EntryError(f"custody entry keys wrong (missing {missing}, unexpected {extra})")
    if obj["v"] != FORMAT_VERSION:
        raise EntryError(f"custody entry format version {obj['v']!r} is not {FORMAT_VERSION}")
    if not isinstance(obj["seq"], int) or isinstance(obj["seq"], bool) or obj["seq"] < 0:
        raise EntryError("custody entry seq must be a non-negative integer")
    if not isinstance(obj["time"], str):
        raise EntryError("custody entry time must be a string")
    parse_time(obj["time"])
    if not isinstance(obj["actor"], str) or not obj["actor"].strip():
        raise EntryError("custody entry actor must be a non-empty string")
    if obj["action"] not in ACTIONS:
        raise EntryError(f"custody action {obj['action']!r} is not one of {', '.join(ACTIONS)}")
    items = obj["items"]
    if not isinstance(items, list) or not all(
        isinstance(x, str) and SHA256_HEX.fullmatch(x) for x in items
    ):
        raise EntryError("custody entry items must be lowercase SHA-256 hex strings")
    if len(set(items)) != len(items):
        raise EntryError("custody entry lists an item twice")
    if not isinstance(obj["details"], dict):
        raise EntryError("custody entry details must be an object")


def check_entry_row(
    *,
    seq: int,
    data: bytes,
    stored_leaf_hash: bytes | None,
    columns: Mapping[str, Any] | None = None,
) -> tuple[Entry | None, bytes, list[str]]:
    """Check one stored entry; return (entry or None, recomputed leaf hash, problems).

    Args:
        seq: The row's position (must equal the entry's own seq).
        data: The stored canonical bytes.
        stored_leaf_hash: The leaf hash the row keeps, if any.
        columns: Query columns of the row (``time``, ``actor``, ``action``, ``items``), which
            must agree with the bytes.
    """
    problems: list[str] = []
    leaf = leaf_hash(data)
    if stored_leaf_hash is not None and bytes(stored_leaf_hash) != leaf:
        problems.append(
            f"stored leaf hash {bytes(stored_leaf_hash).hex()} is not SHA-256(0x00 || entry) = {leaf.hex()}"
        )
    try:
        entry = Entry.from_bytes(data)
    except EntryError as exc:
        problems.append(f"entry bytes are invalid: {exc}")
        return None, leaf, problems
    if entry.seq != seq:
        problems.append(f"entry says seq {entry.seq} but is stored at position {seq}")
    if columns is not None:
        expected: dict[str, Any] = {
            "time": entry.time,
            "actor": entry.actor,
            "action": entry.action,
            "items": list(entry.items),
        }
        for key, value in columns.items():
            if key in expected and value != expected[key]:
                problems.append(
                    f"column {key} = {value!r} differs from the signed entry ({expected[key]!r})"
                )
    return entry, leaf, problems


# --- appending ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SignedHead:
    """A checkpoint as stored: its size, root and the signed note."""

    size: int
    root: bytes
    note: str


def sign_head(signer: Signer, frontier: Frontier) -> SignedHead:
    """Sign the current tree head as a C2SP checkpoint; the origin is the key name."""
    root = frontier.root()
    text = Checkpoint(origin=signer.name, size=frontier.size, root=root).text()
    return SignedHead(size=frontier.size, root=root, note=sign_note(text, [signer]))


def build_entries(
    *,
    start: int,
    events: Sequence[Mapping[str, Any]],
    now: datetime | None = None,
) -> list[tuple[Entry, bytes, bytes]]:
    """Number events from ``start`` and return (entry, canonical bytes, leaf hash) for each.

    Each event is a mapping with ``actor``, ``action`` and optional ``items``, ``details``,
    ``time`` (default: ``now`` or the current UTC time).
    """
    moment = to_millis(now if now is not None else datetime.now(UTC))
    out = []
    for i, ev in enumerate(events):
        entry = Entry(
            seq=start + i,
            time=to_millis(ev.get("time", moment)),
            actor=str(ev["actor"]),
            action=str(ev["action"]),
            items=tuple(ev.get("items", ())),
            details=dict(ev.get("details", {})),
        )
        data = entry.to_bytes()
        out.append((entry, data, leaf_hash(data)))
    return out


# --- verifying ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """Something wrong found by verification: where and what."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class LogReport:
    """What :func:`verify_log` found."""

    tree: MerkleTree
    entries: list[Entry | None]
    problems: list[Problem]
    heads_checked: int = 0
    pending: int = 0  # batched entries after the last head, waiting for the next one

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems


@dataclass(frozen=True)
class EntryRow:
    """One stored entry as the verifier reads it."""

    seq: int
    data: bytes
    leaf_hash: bytes | None = None
    columns: Mapping[str, Any] | None = None


def verify_log(
    rows: Iterable[EntryRow],
    heads: Sequence[SignedHead],
    *,
    verifiers: Sequence[Verifier],
    origin: str,
    progress: Callable[[int], None] | None = None,
    batched_actions: frozenset[str] = frozenset(),
) -> LogReport:
    """Recompute the tree from the entries and check every signed head against it.

    Checks, in order: entries are numbered 0..n-1 without gaps; each entry's bytes are
    canonical and well-formed, match its stored leaf hash and its query columns; every
    head's note is signed by a known key, names the case's origin, and its size and root
    are the ones stored and the ones recomputed; heads never shrink and each is
    consistent with the one before (RFC 9162 §2.1.4 proof, generated and verified); the
    last head covers every entry.

    Args:
        rows: Entries in seq order.
        heads: Signed heads in the order they were made.
        verifiers: Keys whose signatures count (the case key).
        origin: The checkpoint origin line the case uses.
        progress: Called with the number of entries done since the last call.
        batched_actions: Actions whose entries may follow the last head unsigned (reads
            signed in batches); such a tail is counted in ``pending``, not a problem.
    """
    tree = MerkleTree()
    problems: list[Problem] = []
    entries: list[Entry | None] = []
    pending = 0
    for row in rows:
        expected = tree.size
        if row.seq != expected:
            problems.append(
                Problem(f"entry {expected}", f"missing: the next stored entry is {row.seq}")
            )
        entry, leaf, found = check_entry_row(
            seq=tree.size, data=row.data, stored_leaf_hash=row.leaf_hash, columns=row.columns
        )
        problems.extend(Problem(f"entry {row.seq}", msg) for msg in found)
        tree.append(leaf)
        entries.append(entry)
        pending += 1
        if progress is not None and pending >= 1000:
            progress(pending)
            pending = 0
    if progress is not None and pending:
        progress(pending)
    report = LogReport(tree=tree, entries=entries, problems=problems)
    _verify_heads(report, heads, verifiers=verifiers, origin=origin, batched=batched_actions)
    return report


def _verify_heads(
    report: LogReport,
    heads: Sequence[SignedHead],
    *,
    verifiers: Sequence[Verifier],
    origin: str,
    batched: frozenset[str] = frozenset(),
) -> None:
    tree, problems = report.tree, report.problems
    previous: SignedHead | None = None
    for i, head in enumerate(heads):
        where = f"signed tree head {i} (size {head.size})"
        try:
            note = open_note(head.note, verifiers)
            cp = parse_checkpoint(note.text, origin=origin)
        except NoteError as exc:
            problems.append(Problem(where, f"signature or format invalid: {exc}"))
            continue
        if cp.size != head.size or cp.root != bytes(head.root):
            problems.append(Problem(where, "the stored size/root differ from the signed note"))
        if cp.size > tree.size:
            problems.append(
                Problem(where, f"signs {cp.size} entries but only {tree.size} are stored")
            )
            continue
        actual = tree.root(cp.size)
        if actual != cp.root:
            problems.append(
                Problem(
                    where,
                    f"signed root {cp.root.hex()} differs from the root of the stored entries "
                    f"0..{cp.size - 1} ({actual.hex()}): an entry before {cp.size} was changed",
                )
            )
            continue
        report.heads_checked += 1
        if previous is not None:
            if cp.size < previous.size:
                problems.append(Problem(where, f"shrinks the log from {previous.size}"))
            elif previous.size > 0:
                try:
                    verify_consistency(
                        size1=previous.size,
                        size2=cp.size,
                        root1=previous.root,
                        root2=cp.root,
                        proof=tree.consistency_proof(previous.size, cp.size),
                    )
                except ProofError as exc:
                    problems.append(Problem(where, f"not consistent with the head before: {exc}"))
        previous = SignedHead(size=cp.size, root=cp.root, note=head.note)
    if tree.size and (previous is None or previous.size != tree.size):
        covered = 0 if previous is None else previous.size
        tail = report.entries[covered:]
        if covered and all(e is not None and e.action in batched for e in tail):
            report.pending = len(tail)
            return
        problems.append(
            Problem(
                f"entries {covered}..{tree.size - 1}",
                "not covered by any signed tree head (appended outside the custody service?)",
            )
        )

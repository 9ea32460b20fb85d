"""`dadkhah verify`: re-hash every item, recompute the tree, check every signed head and item row.

What is checked (docs/methodology/custody.md, "Verification"):

1. The log (core :func:`~dadkhah.core.custody.log.verify_log`): entries 0..n-1 without
   gaps, canonical and well-formed, matching their stored leaf hash and query columns;
   every signed head valid, consistent with the one before, the last covering all.
2. The item index (``CustodyEntryItem``) says what the signed entries say.
3. Every evidence item: its file re-hashes to its name and is read-only; it entered the
   log by an ingest (or derivative) entry, and its row says what that entry says
   (size, name, collector, time, method, source, original, transformation) after the
   item's ``correction`` entries are replayed in log order.
4. No ingested item is missing from the database.
5. Every record re-hashes to the digest its import's ``records`` entry committed, none
   is missing, and each import's digests give the root that entry signed
   (:mod:`dadkhah.web.custody.records`).
6. RFC 3161 timestamps verify (when the TSA chain is configured).
7. With ``since``: the log extends a head kept outside the case and still stores it,
   and the head carries a valid cosignature by each witness key given
   (:mod:`dadkhah.core.custody.witness`).

Files in the store that no item names are reported as warnings (an add interrupted after
the file was written and before the database committed; a later add adopts them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from dadkhah.core.case import Case
from dadkhah.core.custody.keys import load_case_verifier
from dadkhah.core.custody.log import (
    Entry,
    EntryRow,
    Problem,
    SignedHead,
    format_time,
    parse_time,
    verify_log,
)
from dadkhah.core.custody.timestamp import TimestampError, verify_timestamp
from dadkhah.core.custody.witness import WitnessVerifier, check_since
from dadkhah.core.evidence_store import EvidenceStore
from dadkhah.web.custody.models import CustodyEntry, CustodyEntryItem, CustodyHead, CustodyTimestamp
from dadkhah.web.custody.records import check_records
from dadkhah.web.custody.services import BATCHED_ACTIONS, load_tsa_chain
from dadkhah.web.evidence.models import EvidenceItem
from dadkhah.web.evidence.services import CORRECTABLE


@dataclass
class CaseReport:
    """The outcome of verifying a case."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    entries: int = 0
    heads: int = 0
    items: int = 0
    bytes: int = 0
    tree_size: int = 0
    root: str = ""
    head_note: str = ""
    pending: int = 0
    records: int = 0
    cosignatures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems


@dataclass
class Progress:
    """Callbacks for progress bars: entries done, item bytes done."""

    entries: Callable[[int], None] | None = None
    item_bytes: Callable[[int], None] | None = None


def _rows(report: CaseReport) -> Iterator[EntryRow]:
    qs = CustodyEntry.objects.order_by("seq").values_list(
        "seq", "data", "leaf_hash", "time", "actor", "action", "items"
    )
    for seq, data, leaf_hex, time, actor, action, items in qs.iterator(chunk_size=5000):
        try:
            leaf = bytes.fromhex(leaf_hex)
        except ValueError:
            report.problems.append(
                Problem(f"entry {seq}", f"stored leaf hash {leaf_hex!r} is not hex")
            )
            leaf = None
        yield EntryRow(
            seq=seq,
            data=data.encode("utf-8"),
            leaf_hash=leaf,
            columns={"time": time, "actor": actor, "action": action, "items": items},
        )


def _check_index(report: CaseReport, entries: list[Entry | None]) -> None:
    stored: dict[int, set[str]] = {}
    for seq, sha in CustodyEntryItem.objects.values_list("entry_id", "sha256").iterator(
        chunk_size=10000
    ):
        stored.setdefault(seq, set()).add(sha)
    for entry in entries:
        if entry is None:
            continue
        have = stored.pop(entry.seq, set())
        if have != set(entry.items):
            report.problems.append(
                Problem(
                    f"entry {entry.seq}",
                    f"item index rows {sorted(have)} differ from the entry's items",
                )
            )
    for seq in sorted(stored):
        report.problems.append(
            Problem(f"entry {seq}", "item index rows exist for an entry that does not")
        )


_FIELDS = (
    ("size", "size"),
    ("original_name", "original_name"),
    ("media_type", "media_type"),
    ("collected_by", "collected_by"),
    ("collection_method", "method"),
    ("collected_from", "source"),
    ("title", "title"),
    ("transformation", "transformation"),
)


def _expected_items(
    report: CaseReport, entries: list[Entry | None]
) -> tuple[dict[str, Entry], dict[str, dict[str, Any]], dict[str, list[int]]]:
    """Per item: its first ingest/derivative entry, the details after every correction
    replayed in log order, and the seqs of those corrections."""
    first: dict[str, Entry] = {}
    expected: dict[str, dict[str, Any]] = {}
    corrected: dict[str, list[int]] = {}
    for entry in entries:
        if entry is None or not entry.items:
            continue
        sha = entry.items[0]
        if entry.action in ("ingest", "derivative") and sha not in first:
            if entry.action == "ingest" and entry.details.get("duplicate"):
                continue
            first[sha] = entry
            expected[sha] = dict(entry.details)
        elif entry.action == "correction":
            _replay_correction(report, entry, expected.get(sha))
            corrected.setdefault(sha, []).append(entry.seq)
    return first, expected, corrected


def _replay_correction(report: CaseReport, entry: Entry, details: dict[str, Any] | None) -> None:
    where = f"entry {entry.seq}"
    d = entry.details
    key = CORRECTABLE.get(str(d.get("field")))
    if details is None or key is None or "new" not in d:
        report.problems.append(
            Problem(where, "a correction of an item or field that no earlier entry logged")
        )
        return
    if details.get(key, "") != d.get("old"):
        report.problems.append(
            Problem(
                where,
                f"corrects {d['field']} from {d.get('old')!r} but the log had "
                f"{details.get(key, '')!r} there",
            )
        )
    details[key] = d["new"]


def _check_items(
    report: CaseReport, case: Case, entries: list[Entry | None], progress: Progress
) -> None:
    store = EvidenceStore(case.evidence_dir)
    first, expected, corrected = _expected_items(report, entries)
    seen: set[str] = set()
    columns = ["pk", "sha256", "derived_from__sha256", "collected_at"] + [c for c, _ in _FIELDS]
    qs = EvidenceItem.objects.order_by("id").values(*columns)
    for row in qs.iterator(chunk_size=5000):
        report.items += 1
        sha = row["sha256"]
        where = f"item {sha} (id {row['pk']}, {row['original_name']!r})"
        seen.add(sha)
        problem = store.rehash(sha)
        if problem is not None:
            report.problems.append(Problem(where, problem))
        else:
            report.bytes += row["size"]
        if progress.item_bytes is not None:
            progress.item_bytes(row["size"])
        entry = first.get(sha)
        if entry is None:
            report.problems.append(
                Problem(where, "no ingest or derivative entry in the custody log")
            )
            continue
        logged = f"its {entry.action} entry {entry.seq}"
        if sha in corrected:
            logged += f" with correction(s) {', '.join(map(str, corrected[sha]))}"
        _compare_item(report, where, row, expected[sha], logged)
    for sha in sorted(set(first) - seen):
        report.problems.append(
            Problem(
                f"item {sha}", f"logged by entry {first[sha].seq} but missing from the database"
            )
        )
    for sha in store.iter_hashes():
        if sha not in seen:
            report.warnings.append(
                f"evidence/{store.relative_path(sha)}: in the store but not an item "
                "(an interrupted add; `dadkhah evidence add` of the file adopts it)"
            )


def _compare_item(
    report: CaseReport, where: str, row: dict[str, Any], d: dict[str, Any], logged: str
) -> None:
    for column, key in _FIELDS:
        if key in d and row[column] != d[key]:
            report.problems.append(
                Problem(where, f"{column} = {row[column]!r} differs from {logged} ({d[key]!r})")
            )
    if "collected_at" in d and row["collected_at"] != parse_time(d["collected_at"]):
        report.problems.append(
            Problem(
                where,
                f"collected_at = {format_time(row['collected_at'])} differs from {logged} "
                f"({d['collected_at']})",
            )
        )
    if d.get("derived_from") != row["derived_from__sha256"]:
        report.problems.append(Problem(where, f"derived_from differs from {logged}"))


def _check_timestamps(report: CaseReport, case: Case) -> None:
    stamps = list(CustodyTimestamp.objects.select_related("head").order_by("id"))
    if not stamps:
        return
    chain = load_tsa_chain(case)
    if not chain:
        report.warnings.append(
            f"{len(stamps)} RFC 3161 timestamp(s) not checked: set tsa_chain under [custody] in case.toml"
        )
        return
    for ts in stamps:
        try:
            verify_timestamp(bytes(ts.token), ts.head.note.encode("utf-8"), chain_der=chain)
        except TimestampError as exc:
            report.problems.append(Problem(f"timestamp {ts.pk} of head {ts.head.size}", str(exc)))


def case_verify(
    *,
    case: Case,
    progress: Progress | None = None,
    check_items: bool = True,
    since: str | None = None,
    witnesses: Sequence[WitnessVerifier] = (),
) -> CaseReport:
    """Verify the whole case; the report lists every problem with where it is.

    Args:
        case: The case.
        progress: Progress callbacks (entries, item bytes).
        check_items: Re-hash the evidence files and check item rows (default).
        since: A signed head kept outside the case (`custody publish`): the log must
            extend it (RFC 9162 consistency) and still store it.
        witnesses: Cosigner keys whose cosignatures ``since`` must carry.
    """
    progress = progress or Progress()
    report = CaseReport()
    verifier = load_case_verifier(case.keys_dir)
    heads = [
        SignedHead(
            size=h.size, root=bytes.fromhex(h.root) if len(h.root) == 64 else b"", note=h.note
        )
        for h in CustodyHead.objects.order_by("id")
    ]
    log = verify_log(
        _rows(report),
        heads,
        verifiers=[verifier],
        origin=verifier.name,
        progress=progress.entries,
        batched_actions=BATCHED_ACTIONS,
    )
    report.problems.extend(log.problems)
    report.pending = log.pending
    if log.pending:
        report.warnings.append(
            f"the last {log.pending} entries (reads) wait for the next signed head; "
            "`dadkhah custody publish` or any write signs them"
        )
    report.entries = log.tree.size
    report.heads = len(heads)
    report.tree_size = log.tree.size
    report.root = log.tree.root().hex()
    report.head_note = heads[-1].note if heads else ""
    if since is not None:
        since_problems, cosigs = check_since(
            tree=log.tree,
            stored=heads,
            note=since,
            verifiers=[verifier],
            origin=verifier.name,
            witnesses=witnesses,
        )
        report.problems.extend(since_problems)
        report.cosignatures = [c.name for c in cosigs]
    _check_index(report, log.entries)
    record_problems, report.records = check_records(log.entries)
    report.problems.extend(record_problems)
    if check_items:
        _check_items(report, case, log.entries, progress)
    _check_timestamps(report, case)
    return report

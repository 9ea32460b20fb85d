"""Export and check court bundles (format in dadkhah.core.bundle.writer and the custody docs).

Export logs itself: the ``export`` custody entry names the exported items and the SHA-256
of the bundle's manifest, a new head is signed over it, and the bundle carries that head
and inclusion proofs of every entry that names an exported item. Before it is handed
over, the written file is checked with the same verify.py it contains, and that
verify.py is also written beside the zip, so a court can hash the verifier itself
(docs/cli.md publishes its SHA-256) before running it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils import timezone

from dadkhah.core.bundle import verify as standalone
from dadkhah.core.bundle.writer import (
    BundleEntry,
    BundleError,
    BundleItem,
    BundlePlan,
    plan_bundle,
    write_bundle,
    write_verifier,
)
from dadkhah.core.case import Case
from dadkhah.core.custody.keys import key_fingerprint, load_case_signer
from dadkhah.core.custody.log import format_time
from dadkhah.core.custody.merkle import MerkleTree
from dadkhah.core.evidence_store import EvidenceStore
from dadkhah.web.custody.models import CustodyEntry, CustodyEntryItem
from dadkhah.web.custody.services import custody_append
from dadkhah.web.evidence.selectors import evidence_select
from dadkhah.web.witnesses.selectors import evidence_withheld


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    path: Path
    items: int
    entries: int
    tree_size: int
    fingerprint: str
    withheld: dict[str, str]  # original name → why it was left out (consent, harm check)
    verifier: Path  # verify.py written beside the zip
    verifier_sha256: str


def bundle_export(
    *,
    case: Case,
    out: Path,
    query: str = "",
    actor: str,
    use: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> ExportResult:
    """Export the items ``query`` selects (default: all) to the zip ``out``.

    Items linked to a witness's testimony go in only when the witness consented to
    ``use`` (``icc``, ``un_mechanism`` …) and, at high risk, a do-no-harm check cleared
    it (`dadkhah.web.witnesses.selectors.evidence_withheld`); with no ``use`` they are
    all left out. The result lists what was left out, by file name and reason.

    Raises:
        InputError: Bad query, no items, too large, or an item's bytes changed.
    """
    out = Path(out)
    if out.exists():
        raise BundleError(f"{out} exists already; choose a new file name.")
    selected = list(evidence_select(query))
    held = evidence_withheld(use)
    items = [i for i in selected if i.pk not in held]
    withheld = {i.original_name: held[i.pk] for i in selected if i.pk in held}
    if selected and not items:
        raise BundleError(
            f"every item selected is withheld for lack of consent ({'; '.join(withheld.values())})."
        )
    store = EvidenceStore(case.evidence_dir)
    signer = load_case_signer(case.keys_dir)
    now = format_time(timezone.now())
    plan = plan_bundle(
        case_name=case.config.name,
        synthetic=case.config.synthetic,
        created=now,
        exported_by=actor,
        query=query or "all",
        verifier_key=signer.verifier().to_vkey(),
        items=[
            BundleItem(
                sha256=i.sha256,
                size=i.size,
                media_type=i.media_type,
                original_name=i.original_name,
                source=store.path_for(i.sha256),
                metadata=i.metadata,
            )
            for i in items
        ],
    )
    shas = sorted(i.sha256 for i in items)
    written = bundle_write_signed(
        case=case,
        out=out,
        plan=plan,
        actor=actor,
        items=shas,
        details={
            "manifest_sha256": plan.manifest_sha256,
            "file": out.name[:200],
            "query": (query or "all")[:500],
            "use": use or "",
        },
        progress=progress,
    )
    return ExportResult(
        verifier=written.verifier,
        verifier_sha256=written.verifier_sha256,
        path=out,
        items=len(items),
        entries=written.entries,
        tree_size=written.tree_size,
        fingerprint=written.fingerprint,
        withheld=withheld,
    )


@dataclass(frozen=True)
class Written:
    """A bundle written under its signed export entry, and checked."""

    export_seq: int
    entries: int
    tree_size: int
    fingerprint: str
    verifier: Path
    verifier_sha256: str


def bundle_write_signed(
    *,
    case: Case,
    out: Path,
    plan: BundlePlan,
    actor: str,
    items: Sequence[str],
    details: Mapping[str, Any],
    progress: Callable[[int], None] | None = None,
    before_write: Callable[[int], None] | None = None,
    mode: int = 0o644,
) -> Written:
    """Log the export, sign a head over it, write the zip with proofs, check it, add verify.py.

    The export entry names ``items`` and ``details`` (which must hold the plan's
    ``manifest_sha256``); the bundle proves that entry and every entry naming an item.

    Args:
        before_write: Called with the export entry's seq once it is signed, before the
            zip is written; an exception from it stops the export (the archive refuses
            a case that changed while it was read).
        mode: The zip's file mode (:func:`~dadkhah.core.bundle.writer.write_bundle`).

    Raises:
        BundleError: The written bundle did not verify (it is deleted).
    """
    shas = sorted(items)
    appended = custody_append(
        case=case,
        events=[{"actor": actor, "action": "export", "items": shas, "details": dict(details)}],
    )
    export_seq = appended.entries[0].seq
    head = appended.head
    assert head is not None  # an unbatched append always signs a head
    if before_write is not None:
        before_write(export_seq)
    tree = MerkleTree(
        bytes.fromhex(h)
        for h in CustodyEntry.objects.filter(seq__lt=head.size)
        .order_by("seq")
        .values_list("leaf_hash", flat=True)
        .iterator(chunk_size=10000)
    )
    seqs = set(
        CustodyEntryItem.objects.filter(sha256__in=shas).values_list("entry_id", flat=True)
    ) | {export_seq}
    rows = CustodyEntry.objects.filter(seq__in=seqs).order_by("seq")
    entries = [
        BundleEntry(
            seq=r.seq, data=r.data.encode("utf-8"), proof=tree.inclusion_proof(r.seq, head.size)
        )
        for r in rows
    ]
    signer = load_case_signer(case.keys_dir)
    fingerprint = key_fingerprint(signer.public_key)
    write_bundle(
        out,
        plan,
        checkpoint=head.note,
        tree_size=head.size,
        export_seq=export_seq,
        entries=entries,
        fingerprint=fingerprint,
        progress=progress,
        mode=mode,
    )
    problems, _facts = standalone.verify_bundle(str(out), pin=fingerprint)
    if problems:
        out.unlink()
        raise BundleError(
            "the bundle did not verify after writing, so it was deleted: "
            + "; ".join(problems[:5])
            + ". Run `dadkhah verify` to find what is damaged."
        )
    verifier, verifier_sha256 = write_verifier(out.parent)
    return Written(
        export_seq=export_seq,
        entries=len(entries),
        tree_size=head.size,
        fingerprint=fingerprint,
        verifier=verifier,
        verifier_sha256=verifier_sha256,
    )

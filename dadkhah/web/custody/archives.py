"""The end-of-mandate archive: the whole case in one court bundle, and the way back from it.

An archive is a court bundle (``dadkhah-bundle/1``, :mod:`dadkhah.core.bundle.writer`)
whose manifest also lists, under ``archive/``, what a new case needs besides the
evidence (format ``dadkhah-archive/1``, docs/methodology/custody.md)::

    archive/case.toml        the case's settings
    archive/database.json    the database as a Django dump (loads into SQLite or PostgreSQL)
    archive/custody.jsonl    every custody entry before the archive's own, one a line
    archive/consent.json     each witness's consent and do-no-harm history, by pseudonym
    archive/keys/*.pub       the case's public keys
    archive/sealed.bin       sealed (AES-256-GCM, to a passphrase or a key): the evidence
                             of testimonies and its copies, and the private keys if asked
    items/<sha256>           every other evidence item, byte for byte as stored

So the ``verify.py`` of any bundle checks an archive: every file's SHA-256 is in the
manifest, whose SHA-256 the signed ``export`` entry names. What never goes in the clear:
private keys (signing, vault, web secret: only sealed, with ``include_keys``), and
what may name a witness: the evidence of a testimony and its copies (a voice, a face)
are sealed, as a court bundle leaves them out without consent
(:func:`~dadkhah.web.witnesses.selectors.evidence_withheld`). Witness identities stay
as the vault sealed them, ciphertext in the database, opened only with the vault key.
What never goes in at all: users' password hashes (replaced by an unusable one),
second factors and sessions.

The archive is made by a user whose role administers the case (it holds everything,
above any clearance); a refusal is audited as a refused page is.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from dadkhah.core.bundle.writer import BundleItem, plan_bundle
from dadkhah.core.case import CASE_FILE, Case
from dadkhah.core.custody.keys import load_case_signer
from dadkhah.core.custody.log import format_time
from dadkhah.core.custody.merkle import MerkleTree, leaf_hash
from dadkhah.core.evidence_store import EvidenceStore
from dadkhah.pipelines.archive import FORMAT, SEALED, ArchiveError, write_sealed
from dadkhah.web.accounts.roles import ADMINISTER, User, user_can
from dadkhah.web.audit.services import DENIED, actor_of, audit_record
from dadkhah.web.custody.backups import DUMP_EXCLUDE, database_dump
from dadkhah.web.custody.bundles import bundle_write_signed
from dadkhah.web.custody.models import CustodyEntry
from dadkhah.web.evidence.models import EvidenceItem
from dadkhah.web.witnesses.models import ConsentEntry, HarmCheck, Witness
from dadkhah.web.witnesses.selectors import evidence_withheld

CASE_TOML = "archive/case.toml"
DATABASE = "archive/database.json"
CUSTODY = "archive/custody.jsonl"
CONSENT = "archive/consent.json"
KEYS = "archive/keys/"
#: Besides what a backup leaves out: second factors, recovery codes, login throttling.
ARCHIVE_EXCLUDE = [
    *DUMP_EXCLUDE,
    "otp_totp",
    "otp_static",
    "axes",
    "accounts.recoverycodedevice",
    "accounts.recoverycode",
]
#: Every archived account's password: no hash leaves the case ("!" marks it unusable).
NO_PASSWORD = "!archived"  # noqa: S105 (an unusable marker, not a password)


@dataclass(frozen=True)
class ArchiveResult:
    """What an archive holds."""

    path: Path
    items: int  # in the clear
    sealed_items: int
    sealed_keys: int
    entries: int
    tree_size: int
    fingerprint: str
    verifier: Path
    verifier_sha256: str


def _consent_document() -> dict[str, Any]:
    """Consent and do-no-harm history per witness pseudonym (notes stay in the database)."""

    def when(value: Any) -> str:
        return "" if value is None else format_time(value)

    witnesses = []
    for w in Witness.objects.order_by("pseudonym"):
        consents = ConsentEntry.objects.filter(witness=w).order_by("obtained_at", "id")
        checks = HarmCheck.objects.filter(witness=w).order_by("checked_at", "id")
        witnesses.append(
            {
                "pseudonym": w.pseudonym,
                "risk_level": w.risk_level,
                "consent": [
                    {
                        "use": c.use,
                        "decision": c.decision,
                        "obtained_by": c.obtained_by,
                        "obtained_at": when(c.obtained_at),
                        "recorded_by": c.recorded_by,
                        "recorded_at": when(c.recorded_at),
                    }
                    for c in consents
                ],
                "harm_checks": [
                    {
                        "use": h.use,
                        "outcome": h.outcome,
                        "checked_by": h.checked_by,
                        "checked_at": when(h.checked_at),
                    }
                    for h in checks
                ],
            }
        )
    return {"format": FORMAT, "witnesses": witnesses}


def _scrub_accounts(path: Path) -> int:
    """Replace every account's password hash with an unusable one; return how many."""
    with open(path, encoding="utf-8") as fh:
        objects = json.load(fh)
    n = 0
    for obj in objects:
        if obj.get("model") == "auth.user":
            obj["fields"]["password"] = NO_PASSWORD
            n += 1
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(objects, fh, ensure_ascii=False, indent=1)
    return n


def _custody_lines() -> Iterator[str]:
    for data in (
        CustodyEntry.objects.order_by("seq")
        .values_list("data", flat=True)
        .iterator(chunk_size=10_000)
    ):
        yield data + "\n"


def case_archive(
    *,
    case: Case,
    out: Path,
    user: User,
    force: bool = False,
    seal: Callable[[], tuple[bytes, bytes]] | None = None,
    include_keys: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ArchiveResult:
    """Write the whole case to the archive ``out``, logged as an export by ``user``.

    Args:
        seal: Gives (header, key) of :mod:`dadkhah.core.backup_crypto` (a passphrase or
            a recipient's key); called only when something must be sealed.
        include_keys: Put the private keys of keys/ in the sealed part too.

    Raises:
        ArchiveError: ``out`` exists (without ``force``) or its folder does not; the user
            may not administer the case; the case changed while it was read.
        BundleError: the archive is too large for a classic zip, or an item's bytes changed.
    """
    out = Path(out)
    if out.is_dir():
        raise ArchiveError(f"{out} is a folder; give a file name for the archive.")
    if out.exists() and not force:
        raise ArchiveError(f"{out} exists already; choose a new name or pass --force.")
    if not out.parent.is_dir():
        raise ArchiveError(f"the folder {out.parent} does not exist.")
    if not user_can(user, ADMINISTER):
        audit_record(user=user, outcome=DENIED, objects=[f"capability:{ADMINISTER}", "archive"])
        raise ArchiveError(
            "this user may not archive the case: the archive holds everything, so only a "
            "role that administers the case (admin) may make it. Give --as an admin."
        )
    store = EvidenceStore(case.evidence_dir)
    signer = load_case_signer(case.keys_dir)
    with tempfile.TemporaryDirectory(prefix="dadkhah-archive-") as tmp:
        folder = Path(tmp)
        # One read transaction: the dump, the log and the consent file see one state.
        with transaction.atomic():
            database_dump(folder / "database.json", exclude=ARCHIVE_EXCLUDE)
            with open(folder / "custody.jsonl", "w", encoding="utf-8") as fh:
                fh.writelines(_custody_lines())
            logged = CustodyEntry.objects.count()
            consent = _consent_document()
            everything = list(EvidenceItem.objects.order_by("id"))
            withheld = evidence_withheld(None)
        items = [i for i in everything if i.pk not in withheld]
        hidden = sorted(i.sha256 for i in everything if i.pk in withheld)
        private = sorted(
            p for p in case.keys_dir.iterdir()
            if p.is_file() and not p.is_symlink() and p.suffix != ".pub"
        ) if include_keys else []  # fmt: skip
        accounts = _scrub_accounts(folder / "database.json")
        (folder / "consent.json").write_text(
            json.dumps(consent, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8"
        )
        extra: list[tuple[str, Path]] = [
            (CASE_TOML, case.root / CASE_FILE),
            (DATABASE, folder / "database.json"),
            (CUSTODY, folder / "custody.jsonl"),
            (CONSENT, folder / "consent.json"),
        ]
        keys = sorted(p for p in case.keys_dir.glob("*.pub") if p.is_file())
        extra += [(f"{KEYS}{p.name}", p) for p in keys]
        if hidden or private:
            if seal is None:
                raise ArchiveError(
                    f"{len(hidden)} testimony item(s) and {len(private)} key file(s) go in "
                    "the archive sealed: give a passphrase or --recipient to seal them to."
                )
            write_sealed(
                folder / "sealed.bin",
                members=[
                    *((f"evidence/{h[:2]}/{h[2:4]}/{h}", store.path_for(h)) for h in hidden),
                    *((f"keys/{p.name}", p) for p in private),
                ],
                seal=seal(),
            )
            extra.append((SEALED, folder / "sealed.bin"))
        plan = plan_bundle(
            case_name=case.config.name,
            synthetic=case.config.synthetic,
            created=format_time(timezone.now()),
            exported_by=actor_of(user),
            query="archive",
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
            extra=extra,
            annex={
                "format": FORMAT,
                "case": CASE_TOML,
                "database": DATABASE,
                "custody": CUSTODY,
                "custody_entries": logged,
                "consent": CONSENT,
                "keys": [f"{KEYS}{p.name}" for p in keys],
                "accounts": accounts,
                "passwords": "removed",
                "sealed_items": hidden,
                "sealed_keys": [p.name for p in private],
            },
        )

        def unchanged(seq: int) -> None:
            if seq != logged:
                raise ArchiveError(
                    f"the custody log grew while the case was read (entry {seq}, not "
                    f"{logged}); stop `dadkhah serve` and other commands, then archive again."
                )

        partial = out.with_name(f".{out.name}.partial")
        written = bundle_write_signed(
            case=case,
            out=partial,
            plan=plan,
            actor=actor_of(user),
            items=[i.sha256 for i in everything],
            details={
                "manifest_sha256": plan.manifest_sha256,
                "file": out.name[:200],
                "query": "archive",
                "use": "",
                "archive": FORMAT,
            },
            progress=progress,
            before_write=unchanged,
            mode=0o600,
        )
    if out.exists() and not force:
        partial.unlink()
        raise ArchiveError(f"{out} exists already; choose a new name or pass --force.")
    partial.replace(out)
    return ArchiveResult(
        path=out,
        items=len(items),
        sealed_items=len(hidden),
        sealed_keys=len(private),
        entries=written.entries,
        tree_size=written.tree_size,
        fingerprint=written.fingerprint,
        verifier=written.verifier,
        verifier_sha256=written.verifier_sha256,
    )


@dataclass(frozen=True)
class RestoreCheck:
    """How the restored case compares with the archive."""

    problems: list[str]
    entries: int


def archive_check_restored(
    *, custody: Path, checkpoint_root: str, export_entry: str
) -> RestoreCheck:
    """Compare the restored log with the archive's: same entries, same signed root.

    The restored database must hold exactly the entries of ``archive/custody.jsonl``,
    and those entries followed by the archive's own export entry must hash to the root
    of the signed head the archive carries (RFC 9162 §2.1.1): the restored log is the
    archived one, not merely a log that verifies.
    """
    problems: list[str] = []
    lines = custody.read_text(encoding="utf-8").splitlines()
    stored = list(CustodyEntry.objects.order_by("seq").values_list("seq", "data"))
    if len(stored) != len(lines):
        problems.append(
            f"the restored log has {len(stored)} entries, the archive's custody.jsonl {len(lines)}"
        )
    for (seq, data), line in zip(stored, lines, strict=False):
        if data != line:
            problems.append(f"custody entry {seq} differs from the archive's custody.jsonl")
            break
    leaves = [leaf_hash(line.encode("utf-8")) for line in [*lines, export_entry]]
    root = MerkleTree(leaves).root().hex()
    if root != checkpoint_root:
        problems.append(
            "custody.jsonl and the archive's export entry do not hash to the signed tree head "
            f"(root {root}, signed {checkpoint_root})"
        )
    return RestoreCheck(problems=problems, entries=len(stored))

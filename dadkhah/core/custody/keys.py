"""The case signing key for tree heads: kept in the case's keys/ folder, private file mode 0600.

``keys/custody.key`` holds the signed-note signer key (``PRIVATE+KEY+<name>+<hash>+<seed>``)
and ``keys/custody.pub`` the verifier key (``<name>+<hash>+<key>``) that a court is given.
The key name is also the checkpoint origin: ``dadkhah-<first 16 hex of SHA-256(public key)>``,
unique per case and free of spaces and '+' as C2SP signed-note requires.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from dadkhah.core.custody.note import Ed25519Verifier, NoteError, Signer
from dadkhah.core.errors import CaseError

SIGNER_FILE = "custody.key"
VERIFIER_FILE = "custody.pub"


def key_fingerprint(public_key: bytes) -> str:
    """SHA-256 of the raw public key, hex: what to publish out of band and compare."""
    return hashlib.sha256(public_key).hexdigest()


def _write_new(path: Path, text: str, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(path, mode)


def create_case_signer(keys_dir: Path) -> Signer:
    """Make the case key (once). Raises CaseError if one exists already."""
    keys_dir = Path(keys_dir)
    keys_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(keys_dir, 0o700)
    path = keys_dir / SIGNER_FILE
    if path.exists():
        raise CaseError(f"{path} exists already; the case has a signing key.")
    seed_signer = Signer.generate("tmp")
    name = "dadkhah-" + key_fingerprint(seed_signer.public_key)[:16]
    signer = Signer(name=name, seed=seed_signer.seed)
    _write_new(path, signer.to_skey() + "\n", 0o600)
    pub = keys_dir / VERIFIER_FILE
    if pub.exists():
        pub.unlink()
    _write_new(pub, signer.verifier().to_vkey() + "\n", 0o644)
    return signer


def load_case_signer(keys_dir: Path, *, create: bool = True) -> Signer:
    """The case signer from ``keys_dir``, created on first use when ``create`` is true.

    Raises:
        CaseError: The key is missing (and not created), unreadable, malformed, or readable
            by other users.
    """
    path = Path(keys_dir) / SIGNER_FILE
    if not path.exists():
        if (Path(keys_dir) / VERIFIER_FILE).exists():
            # The case had a key and lost it (a backup restored without --include-keys):
            # a new key would sign heads that the published public key cannot check.
            raise CaseError(
                f"{path} is missing but {VERIFIER_FILE} is there: the case has lost its "
                "signing key (restored from a backup made without --include-keys?); put "
                "the key back from where you keep it before adding to the case."
            )
        if create:
            return create_case_signer(Path(keys_dir))
        raise CaseError(f"{path} is missing: the case has no custody signing key.")
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise CaseError(
            f"{path} is readable by other users (mode {mode:o}); run `chmod 600 {path}`."
        )
    try:
        return Signer.from_skey(path.read_text(encoding="utf-8"))
    except NoteError as exc:
        raise CaseError(f"{path} is not a valid signing key: {exc}") from exc


def load_case_verifier(keys_dir: Path) -> Ed25519Verifier:
    """The verifier key from ``keys/custody.pub``.

    Raises:
        CaseError: The file is missing or malformed.
    """
    path = Path(keys_dir) / VERIFIER_FILE
    if not path.exists():
        raise CaseError(f"{path} is missing: the case has no custody public key.")
    try:
        return Ed25519Verifier.from_vkey(path.read_text(encoding="utf-8").strip())
    except NoteError as exc:
        raise CaseError(f"{path} is not a valid public key: {exc}") from exc

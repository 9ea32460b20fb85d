"""Signed notes and checkpoints (C2SP signed-note and tlog-checkpoint) for the custody log's tree heads.

A signed note is UTF-8 text ending in a newline, a blank line, then signature lines
``— <key name> <base64(key hash || signature)>``. The signature covers the text exactly
(everything up to and including the newline before the blank line).

Key hashes (the 4-byte hint that picks the verifier):

* Ed25519 (C2SP signed-note): ``SHA-256(name || 0x0A || 0x01 || public key)[:4]``.
* ECDSA, as Rekor and other Sigstore logs use it: ``SHA-256(DER SubjectPublicKeyInfo)[:4]``;
  the signature is DER ECDSA over SHA-256 of the text.

A checkpoint (C2SP tlog-checkpoint) is a note whose text is::

    <origin>
    <tree size, decimal>
    <root hash, base64>
    [extension lines]

Parsing is strict, following golang.org/x/mod/sumdb/note and sumdb/tlog: canonical
base64 only, decimal sizes without sign or leading zeros, valid key names.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ALG_ED25519 = 0x01
SIG_PREFIX = "\u2014 "  # EM DASH, space
MAX_SIGNATURES = 100


class NoteError(ValueError):
    """A signed note, key or checkpoint is malformed or does not verify."""


def _b64decode_strict(text: str) -> bytes:
    """Standard base64 with padding, refusing any non-canonical encoding."""
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise NoteError(f"not valid base64: {text[:40]!r}") from exc
    if base64.b64encode(data).decode("ascii") != text:
        raise NoteError(f"base64 is not in canonical form: {text[:40]!r}")
    return data


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def is_valid_name(name: str) -> bool:
    """A key name: non-empty, no Unicode space, no '+' (C2SP signed-note)."""
    return bool(name) and not any(ch.isspace() for ch in name) and "+" not in name


def ed25519_key_hash(name: str, public_key: bytes) -> bytes:
    """The 4-byte key hash of an Ed25519 signed-note key."""
    return hashlib.sha256(
        name.encode("utf-8") + b"\n" + bytes([ALG_ED25519]) + public_key
    ).digest()[:4]


class Verifier(Protocol):
    """Something that checks signatures of one named key."""

    @property
    def name(self) -> str: ...

    @property
    def key_hash(self) -> bytes: ...

    def verify(self, message: bytes, signature: bytes) -> bool: ...


@dataclass(frozen=True)
class Ed25519Verifier:
    """An Ed25519 signed-note verifier key."""

    name: str
    public_key: bytes

    @property
    def key_hash(self) -> bytes:
        """The 4-byte hint in signature lines."""
        return ed25519_key_hash(self.name, self.public_key)

    def verify(self, message: bytes, signature: bytes) -> bool:
        """True when ``signature`` is this key's Ed25519 signature of ``message``."""
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(signature, message)
        except (InvalidSignature, ValueError):
            return False
        return True

    def to_vkey(self) -> str:
        """The verifier key string ``<name>+<hash hex>+<base64(0x01 || key)>``."""
        return f"{self.name}+{self.key_hash.hex()}+{_b64(bytes([ALG_ED25519]) + self.public_key)}"

    @classmethod
    def from_vkey(cls, vkey: str) -> Ed25519Verifier:
        """Parse a verifier key string, checking name, hash, algorithm and length.

        Raises:
            NoteError: The string is not a valid Ed25519 verifier key.
        """
        parts = vkey.split("+", 2)
        if len(parts) != 3:
            raise NoteError("verifier key must be <name>+<hash>+<key>")
        name, hash16, key64 = parts
        if not is_valid_name(name):
            raise NoteError(f"verifier key name {name!r} is empty or has a space or '+'")
        if not re.fullmatch(r"[0-9a-f]{8}", hash16):
            raise NoteError(f"verifier key hash {hash16!r} is not 8 lowercase hex digits")
        key = _b64decode_strict(key64)
        if len(key) != 33 or key[0] != ALG_ED25519:
            raise NoteError("verifier key is not an Ed25519 key (0x01 followed by 32 bytes)")
        if ed25519_key_hash(name, key[1:]).hex() != hash16:
            raise NoteError("verifier key hash does not match its name and key")
        return cls(name=name, public_key=key[1:])


@dataclass(frozen=True)
class EcdsaVerifier:
    """An ECDSA (P-256, SHA-256) note verifier, as used by Sigstore Rekor checkpoints."""

    name: str
    spki_der: bytes

    @property
    def key_hash(self) -> bytes:
        """SHA-256 of the DER SubjectPublicKeyInfo, first 4 bytes."""
        return hashlib.sha256(self.spki_der).digest()[:4]

    def verify(self, message: bytes, signature: bytes) -> bool:
        """True when ``signature`` (DER) is a valid ECDSA-SHA256 signature of ``message``."""
        key = serialization.load_der_public_key(self.spki_der)
        if not isinstance(key, ec.EllipticCurvePublicKey):
            return False
        try:
            key.verify(signature, message, ec.ECDSA(hashes.SHA256()))
        except (InvalidSignature, ValueError):
            return False
        return True


@dataclass(frozen=True)
class Signer:
    """An Ed25519 signed-note signing key."""

    name: str
    seed: bytes = field(repr=False)

    @classmethod
    def generate(cls, name: str) -> Signer:
        """A new random key."""
        if not is_valid_name(name):
            raise NoteError(f"key name {name!r} is empty or has a space or '+'")
        private = Ed25519PrivateKey.generate()
        seed = private.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        return cls(name=name, seed=seed)

    @property
    def public_key(self) -> bytes:
        """The 32-byte Ed25519 public key."""
        return (
            Ed25519PrivateKey.from_private_bytes(self.seed)
            .public_key()
            .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        )

    def verifier(self) -> Ed25519Verifier:
        """The matching verifier."""
        return Ed25519Verifier(name=self.name, public_key=self.public_key)

    def sign(self, message: bytes) -> bytes:
        """Ed25519 signature (64 bytes) of ``message``."""
        return Ed25519PrivateKey.from_private_bytes(self.seed).sign(message)

    def to_skey(self) -> str:
        """``PRIVATE+KEY+<name>+<hash hex>+<base64(0x01 || seed)>``."""
        key_hash = ed25519_key_hash(self.name, self.public_key).hex()
        return f"PRIVATE+KEY+{self.name}+{key_hash}+{_b64(bytes([ALG_ED25519]) + self.seed)}"

    @classmethod
    def from_skey(cls, skey: str) -> Signer:
        """Parse a signer key string.

        Raises:
            NoteError: The string is not a valid Ed25519 signer key.
        """
        parts = skey.strip().split("+", 4)
        if len(parts) != 5 or parts[0] != "PRIVATE" or parts[1] != "KEY":
            raise NoteError("signer key must be PRIVATE+KEY+<name>+<hash>+<key>")
        name, hash16, key64 = parts[2:]
        if not is_valid_name(name) or not re.fullmatch(r"[0-9a-f]{8}", hash16):
            raise NoteError("signer key has a bad name or hash")
        key = _b64decode_strict(key64)
        if len(key) != 33 or key[0] != ALG_ED25519:
            raise NoteError("signer key is not an Ed25519 key")
        signer = cls(name=name, seed=key[1:])
        if ed25519_key_hash(name, signer.public_key).hex() != hash16:
            raise NoteError("signer key hash does not match its name and key")
        return signer


def _check_text(text: str) -> None:
    if not text.endswith("\n"):
        raise NoteError("note text must end with a newline")
    for ch in text:
        if ord(ch) < 0x20 and ch != "\n":
            raise NoteError("note text has a control character other than newline")
    if "\n\n" in text:
        raise NoteError("note text must not contain a blank line")


def sign_note(text: str, signers: Sequence[Signer]) -> str:
    """The signed note: ``text``, a blank line, one signature line per signer.

    Args:
        text: UTF-8 text ending in a newline, with no blank line and no control characters.
        signers: At least one signer.
    """
    _check_text(text)
    if not signers:
        raise NoteError("a signed note needs at least one signer")
    lines = []
    for s in signers:
        sig = ed25519_key_hash(s.name, s.public_key) + s.sign(text.encode("utf-8"))
        lines.append(f"{SIG_PREFIX}{s.name} {_b64(sig)}\n")
    return text + "\n" + "".join(lines)


@dataclass(frozen=True)
class NoteSignature:
    """One signature line of a note."""

    name: str
    key_hash: bytes
    signature: bytes


@dataclass(frozen=True)
class Note:
    """An opened note: its text, the signatures that verified, and those from unknown keys."""

    text: str
    verified: tuple[NoteSignature, ...]
    unverified: tuple[NoteSignature, ...]


def parse_note(message: str) -> tuple[str, list[NoteSignature]]:
    """Split a signed note into its text and signature lines, without verifying.

    Raises:
        NoteError: The note is malformed (control characters, no blank line, bad lines).
    """
    for ch in message:
        if ord(ch) < 0x20 and ch != "\n":
            raise NoteError("note has a control character other than newline")
    split = message.rfind("\n\n")
    if split < 0:
        raise NoteError("note has no blank line before its signatures")
    text, block = message[: split + 1], message[split + 2 :]
    if not block or not block.endswith("\n"):
        raise NoteError("note signature block is empty or does not end with a newline")
    sigs: list[NoteSignature] = []
    for line in block[:-1].split("\n"):
        if not line.startswith(SIG_PREFIX):
            raise NoteError(f"note signature line does not start with '— ': {line[:40]!r}")
        name, sep, b64 = line[len(SIG_PREFIX) :].partition(" ")
        if not sep or not is_valid_name(name) or not b64:
            raise NoteError(f"note signature line is malformed: {line[:60]!r}")
        raw = _b64decode_strict(b64)
        if len(raw) < 5:
            raise NoteError("note signature is too short")
        sigs.append(NoteSignature(name=name, key_hash=raw[:4], signature=raw[4:]))
        if len(sigs) > MAX_SIGNATURES:
            raise NoteError(f"note has more than {MAX_SIGNATURES} signatures")
    return text, sigs


def open_note(message: str, verifiers: Iterable[Verifier]) -> Note:
    """Parse a signed note and verify it against known keys.

    Signatures by unknown keys are kept aside (not trusted); a signature by a known key
    that does not verify, or two signatures by the same known key, reject the note.

    Raises:
        NoteError: Malformed, a bad signature, or no signature by a known key.
    """
    text, sigs = parse_note(message)
    known = {(v.name, bytes(v.key_hash)): v for v in verifiers}
    verified: list[NoteSignature] = []
    unverified: list[NoteSignature] = []
    seen: set[tuple[str, bytes]] = set()
    for sig in sigs:
        key = (sig.name, sig.key_hash)
        v = known.get(key)
        if v is None:
            if sig not in unverified:
                unverified.append(sig)
            continue
        if key in seen:
            raise NoteError(f"note has two signatures by key {sig.name}")
        seen.add(key)
        if not v.verify(text.encode("utf-8"), sig.signature):
            raise NoteError(f"note signature by {sig.name} does not verify")
        verified.append(sig)
    if not verified:
        raise NoteError("note has no signature by a known key")
    return Note(text=text, verified=tuple(verified), unverified=tuple(unverified))


@dataclass(frozen=True)
class Checkpoint:
    """A tree head: origin, size, root hash and optional extension lines."""

    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    def text(self) -> str:
        """The checkpoint body (note text)."""
        if not self.origin or "\n" in self.origin:
            raise NoteError("checkpoint origin is empty or has a newline")
        if self.size < 0 or len(self.root) != 32:
            raise NoteError("checkpoint size is negative or root is not 32 bytes")
        for ext in self.extensions:
            if not ext or "\n" in ext:
                raise NoteError("checkpoint extension lines must be non-empty single lines")
        lines = [self.origin, str(self.size), _b64(self.root), *self.extensions]
        return "\n".join(lines) + "\n"


def parse_checkpoint(text: str, *, origin: str | None = None) -> Checkpoint:
    """Parse a checkpoint body (the note text), strictly.

    Args:
        text: The note text, ending in a newline.
        origin: When given, the origin line must equal it.

    Raises:
        NoteError: Wrong origin, bad size, bad root hash.
    """
    if not text.endswith("\n"):
        raise NoteError("checkpoint must end with a newline")
    lines = text[:-1].split("\n")
    if len(lines) < 3:
        raise NoteError("checkpoint needs origin, size and root hash lines")
    got_origin, size_text, root_text, *extensions = lines
    if not got_origin:
        raise NoteError("checkpoint origin line is empty")
    if origin is not None and got_origin != origin:
        raise NoteError(f"checkpoint origin {got_origin!r} is not {origin!r}")
    if not re.fullmatch(r"0|[1-9][0-9]{0,19}", size_text) or int(size_text) >= 2**64:
        raise NoteError(f"checkpoint tree size {size_text!r} is not a decimal number")
    root = _b64decode_strict(root_text)
    if len(root) != 32:
        raise NoteError(f"checkpoint root hash is {len(root)} bytes, not 32")
    if any(not ext for ext in extensions):
        raise NoteError("checkpoint has an empty extension line")
    return Checkpoint(
        origin=got_origin, size=int(size_text), root=root, extensions=tuple(extensions)
    )

"""Rollback detection against a kept tree head, and witness cosignatures (C2SP).

A signed tree head that has left the machine (published, mailed to a partner, printed in
a report) pins the log: any later log must contain it. :func:`check_since` checks the
current entries against such a head with an RFC 9162 §2.1.4 consistency proof, and
checks that the case still stores that head, so a log cut below it, rewritten under it,
or stripped of one of its heads is found.

Independent offices counter-sign heads offline in the C2SP tlog-cosignature v1 format
(https://c2sp.org/tlog-cosignature): an Ed25519 note signature whose key id is
``SHA-256(name || 0x0A || 0x04 || public key)[:4]``, whose signature bytes are a
big-endian u64 POSIX timestamp followed by the Ed25519 signature, over the message
``cosignature/v1\\ntime <timestamp>\\n`` + the checkpoint text.
"""

from __future__ import annotations

import base64
import hashlib
import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from dadkhah.core.custody.log import Problem, SignedHead
from dadkhah.core.custody.merkle import MerkleTree, ProofError, verify_consistency
from dadkhah.core.custody.note import (
    SIG_PREFIX,
    NoteError,
    Verifier,
    _b64decode_strict,
    is_valid_name,
    open_note,
    parse_checkpoint,
    parse_note,
)

ALG_COSIGNATURE_V1 = 0x04
MAX_TIMESTAMP = 2**63 - 1


def cosigner_key_id(name: str, public_key: bytes) -> bytes:
    """The 4-byte key id of an Ed25519 cosigner (C2SP tlog-cosignature, "Format")."""
    return hashlib.sha256(
        name.encode("utf-8") + b"\n" + bytes([ALG_COSIGNATURE_V1]) + public_key
    ).digest()[:4]


def cosigned_message(checkpoint_text: str, timestamp: int) -> bytes:
    """What a v1 cosignature signs: header line, time line, the checkpoint text."""
    return f"cosignature/v1\ntime {timestamp}\n{checkpoint_text}".encode()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@dataclass(frozen=True)
class WitnessVerifier:
    """A cosigner's public key: ``<name>+<key id hex>+<base64(0x04 || key)>`` (a vkey)."""

    name: str
    public_key: bytes

    @property
    def key_id(self) -> bytes:
        """The 4-byte key id in its signature lines."""
        return cosigner_key_id(self.name, self.public_key)

    def to_vkey(self) -> str:
        """The verifier key string."""
        return (
            f"{self.name}+{self.key_id.hex()}+{_b64(bytes([ALG_COSIGNATURE_V1]) + self.public_key)}"
        )

    @classmethod
    def from_vkey(cls, vkey: str) -> WitnessVerifier:
        """Parse a cosigner verifier key.

        Raises:
            NoteError: Not ``name+hash+key`` with signature type 0x04 and a matching id.
        """
        parts = vkey.strip().split("+", 2)
        if len(parts) != 3 or not is_valid_name(parts[0]):
            raise NoteError("witness key must be <name>+<key id>+<key> (a C2SP vkey)")
        name, id_hex, key64 = parts
        key = _b64decode_strict(key64)
        if len(key) != 33 or key[0] != ALG_COSIGNATURE_V1:
            raise NoteError(
                "witness key is not an Ed25519 cosigner key (type 0x04 and 32 bytes); "
                "make one with `dadkhah custody witness-key`"
            )
        if (
            not re.fullmatch(r"[0-9a-f]{8}", id_hex)
            or cosigner_key_id(name, key[1:]).hex() != id_hex
        ):
            raise NoteError("witness key id does not match its name and key")
        return cls(name=name, public_key=key[1:])


@dataclass(frozen=True)
class WitnessSigner:
    """A cosigner's private key: ``PRIVATE+KEY+<name>+<key id hex>+<base64(0x04 || seed)>``."""

    name: str
    seed: bytes = field(repr=False)

    @classmethod
    def generate(cls, name: str) -> WitnessSigner:
        """A new random cosigner key."""
        if not is_valid_name(name):
            raise NoteError(f"witness name {name!r} is empty or has a space or '+'")
        seed = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        return cls(name=name, seed=seed)

    def verifier(self) -> WitnessVerifier:
        """The matching public key."""
        public = (
            Ed25519PrivateKey.from_private_bytes(self.seed)
            .public_key()
            .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        )
        return WitnessVerifier(name=self.name, public_key=public)

    def to_skey(self) -> str:
        """The private key string."""
        key_id = self.verifier().key_id.hex()
        return f"PRIVATE+KEY+{self.name}+{key_id}+{_b64(bytes([ALG_COSIGNATURE_V1]) + self.seed)}"

    @classmethod
    def from_skey(cls, skey: str) -> WitnessSigner:
        """Parse a cosigner private key.

        Raises:
            NoteError: Not a cosigner key, or its id does not match.
        """
        parts = skey.strip().split("+", 4)
        if len(parts) != 5 or parts[:2] != ["PRIVATE", "KEY"] or not is_valid_name(parts[2]):
            raise NoteError("witness private key must be PRIVATE+KEY+<name>+<key id>+<key>")
        key = _b64decode_strict(parts[4])
        if len(key) != 33 or key[0] != ALG_COSIGNATURE_V1:
            raise NoteError("witness private key is not an Ed25519 cosigner key (type 0x04)")
        signer = cls(name=parts[2], seed=key[1:])
        if signer.verifier().key_id.hex() != parts[3]:
            raise NoteError("witness private key id does not match its name and key")
        return signer

    def cosign(self, note: str, *, timestamp: int) -> str:
        """The cosignature line (``— <name> <base64>``) for the signed head ``note``."""
        if not 0 <= timestamp <= MAX_TIMESTAMP:
            raise NoteError(f"cosignature time {timestamp} is outside 0..2^63-1")
        text, _ = parse_note(note)
        parse_checkpoint(text)
        signature = Ed25519PrivateKey.from_private_bytes(self.seed).sign(
            cosigned_message(text, timestamp)
        )
        raw = self.verifier().key_id + struct.pack(">Q", timestamp) + signature
        return f"{SIG_PREFIX}{self.name} {_b64(raw)}\n"


@dataclass(frozen=True)
class Cosignature:
    """A cosignature that verified: by whom and when (POSIX seconds)."""

    name: str
    timestamp: int


def verify_cosignatures(note: str, witnesses: Sequence[WitnessVerifier]) -> list[Cosignature]:
    """The cosignatures on ``note`` by each of ``witnesses``, each checked.

    Raises:
        NoteError: A witness has no cosignature on the note, or one that does not verify.
    """
    text, sigs = parse_note(note)
    out: list[Cosignature] = []
    for w in witnesses:
        mine = [s for s in sigs if s.name == w.name and s.key_hash == w.key_id]
        if not mine:
            raise NoteError(f"no cosignature by witness {w.name} on the head")
        sig = mine[0]
        if len(sig.signature) != 8 + 64:
            raise NoteError(f"cosignature by {w.name} is not timestamp + Ed25519 signature")
        (timestamp,) = struct.unpack(">Q", sig.signature[:8])
        try:
            Ed25519PublicKey.from_public_bytes(w.public_key).verify(
                sig.signature[8:], cosigned_message(text, timestamp)
            )
        except InvalidSignature as exc:
            raise NoteError(f"cosignature by witness {w.name} does not verify") from exc
        if timestamp > MAX_TIMESTAMP:
            raise NoteError(f"cosignature by witness {w.name} has a time beyond 2^63-1")
        out.append(Cosignature(name=w.name, timestamp=timestamp))
    return out


def check_since(
    *,
    tree: MerkleTree,
    stored: Sequence[SignedHead],
    note: str,
    verifiers: Sequence[Verifier],
    origin: str,
    witnesses: Sequence[WitnessVerifier] = (),
) -> tuple[list[Problem], list[Cosignature]]:
    """Check the current log against a head kept outside the case.

    Args:
        tree: The tree recomputed from the stored entries.
        stored: The signed heads the case stores.
        note: The kept head (a signed note, with any cosignature lines).
        verifiers: The case key.
        origin: The case's checkpoint origin.
        witnesses: Cosigner keys whose cosignature the head must carry.

    Returns:
        The problems (empty when the log extends the kept head) and the cosignatures checked.
    """
    where = "kept head"
    try:
        opened = open_note(note, verifiers)
        cp = parse_checkpoint(opened.text, origin=origin)
    except NoteError as exc:
        return [Problem(where, f"not a head signed by this case's key: {exc}")], []
    where = f"kept head (size {cp.size})"
    problems: list[Problem] = []
    cosigs: list[Cosignature] = []
    try:
        cosigs = verify_cosignatures(note, witnesses)
    except NoteError as exc:
        problems.append(Problem(where, str(exc)))
    if cp.size > tree.size:
        problems.append(
            Problem(
                where,
                f"signs {cp.size} entries but the log now has {tree.size}: "
                f"entries {tree.size}..{cp.size - 1} were removed (the log was rolled back)",
            )
        )
        return problems, cosigs
    if cp.size > 0:
        # RFC 9162 §2.1.4: PROOF(m, D[n]) from the stored entries, verified against the kept
        # root, proves the entries the head signed are still the first m of the log.
        try:
            verify_consistency(
                size1=cp.size,
                size2=tree.size,
                root1=cp.root,
                root2=tree.root(),
                proof=tree.consistency_proof(cp.size, tree.size),
            )
        except ProofError as exc:
            problems.append(
                Problem(
                    where,
                    f"the log is not consistent with it: an entry before "
                    f"{cp.size} was changed or removed ({exc})",
                )
            )
    if not any(h.size == cp.size and bytes(h.root) == cp.root for h in stored):
        problems.append(
            Problem(where, "is not among the case's stored signed heads: a head was deleted")
        )
    return problems, cosigs

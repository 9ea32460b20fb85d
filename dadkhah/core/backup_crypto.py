"""The sealed stream that wraps a backup: AES-256-GCM in chunks, to a passphrase or an X25519 key.

A backup holds every record, the evidence and, when asked, the private keys, so it is
never written in the clear. The format (``dadkhah-sealed/1``) is streamed: a backup of
hundreds of gigabytes is sealed as it is written and opened as it is read, with memory
for one chunk.

Layout (all integers big-endian)::

    header   "DKSEALED" | version 1 (1 byte) | kind (1) | log2 chunk size (1)
             | nonce prefix (7) | kind parameters | key check (16)
      kind 1, passphrase:  salt (16) | log2 N (1) | r (1) | p (1)      scrypt, RFC 7914
      kind 2, X25519:      ephemeral public key (32)                   RFC 7748
    chunks   AES-256-GCM(key, nonce = prefix | counter (4) | last (1), chunk,
                         associated data = the header without its key check)

Decisions:

* The chunking is the STREAM construction (Hoang, Reyhanitabar, Rogaway, Vizár,
  "Online Authenticated-Encryption and its Nonce-Reuse Misuse-Resistance", CRYPTO 2015),
  as age and Tink use it: the counter in the nonce stops chunks being reordered, and the
  "last" flag stops a truncated file passing as a whole one. Every byte of the header is
  associated data of every chunk, so a changed parameter fails as a changed chunk does.
* A passphrase is normalized to NFC before use (RFC 8265 §4.2, OpaqueString), so that
  the same Persian passphrase typed on two keyboards gives the same key. scrypt with
  N = 2^17, r = 8, p = 1 is OWASP's recommendation (Password Storage Cheat Sheet).
* To a recipient: an ephemeral X25519 key agreement (RFC 7748), the shared secret
  through HKDF-SHA-256 (RFC 5869) with both public keys as salt. Keys are PEM files
  that OpenSSL makes: ``openssl genpkey -algorithm X25519 -out backup-identity.pem`` and
  ``openssl pkey -in backup-identity.pem -pubout -out backup-recipient.pem``.
* The key check (a GCM tag over nothing, under a nonce no chunk uses) tells a wrong
  passphrase or identity apart from a damaged or altered file, so each gets its own message.
"""

from __future__ import annotations

import os
import struct
import unicodedata
from dataclasses import dataclass
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from dadkhah.core.errors import InputError

MAGIC = b"DKSEALED"
VERSION = 1
KIND_PASSPHRASE = 1
KIND_RECIPIENT = 2
CHUNK_LOG2 = 20  # 1 MiB of plaintext per chunk
TAG = 16
SCRYPT_N_LOG2, SCRYPT_R, SCRYPT_P = 17, 8, 1
_MAX_N_LOG2 = 22  # a hostile header must not make us spend gigabytes of memory
_CHECK_COUNTER = 0xFFFFFFFF
_HKDF_INFO = b"dadkhah-sealed/1 x25519"


class SealError(InputError):
    """A sealed file cannot be written or opened (the message says why and what to do)."""


@dataclass(frozen=True)
class Header:
    """The parsed header of a sealed file."""

    kind: int
    chunk_log2: int
    nonce_prefix: bytes
    salt: bytes = b""
    n_log2: int = 0
    r: int = 0
    p: int = 0
    ephemeral: bytes = b""
    body: bytes = b""  # the header bytes before the key check: associated data of every chunk
    check: bytes = b""

    @property
    def kind_name(self) -> str:
        return "passphrase" if self.kind == KIND_PASSPHRASE else "recipient key"


def is_sealed(first_bytes: bytes) -> bool:
    """Whether a file starting with these bytes is a sealed file."""
    return first_bytes.startswith(MAGIC)


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", counter, 1 if last else 0)


def _key_check(key: bytes, header_body: bytes, prefix: bytes) -> bytes:
    return AESGCM(key).encrypt(_nonce(prefix, _CHECK_COUNTER, True), b"", header_body)


def _scrypt(passphrase: str, salt: bytes, n_log2: int, r: int, p: int) -> bytes:
    if passphrase == "":
        raise SealError(
            "the passphrase is empty; give one (DADKHAH_BACKUP_PASSPHRASE or the prompt)."
        )
    data = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return Scrypt(salt=salt, length=32, n=1 << n_log2, r=r, p=p).derive(data)


def _hkdf(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    kdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient, info=_HKDF_INFO)
    return kdf.derive(shared)


def load_recipient(pem: bytes, *, where: str) -> X25519PublicKey:
    """An X25519 public key from PEM, or a SealError naming ``where``."""
    try:
        key = serialization.load_pem_public_key(pem)
    except ValueError as exc:
        raise SealError(
            f"{where}: not a PEM public key; make one with "
            "`openssl pkey -in IDENTITY.pem -pubout -out RECIPIENT.pem`."
        ) from exc
    if not isinstance(key, X25519PublicKey):
        raise SealError(
            f"{where}: the key is not an X25519 key; backups are sealed to X25519 keys."
        )
    return key


def load_identity(pem: bytes, *, where: str) -> X25519PrivateKey:
    """An X25519 private key from unencrypted PEM, or a SealError naming ``where``."""
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as exc:
        raise SealError(
            f"{where}: not an unencrypted PEM private key; make one with "
            "`openssl genpkey -algorithm X25519 -out IDENTITY.pem`."
        ) from exc
    if not isinstance(key, X25519PrivateKey):
        raise SealError(
            f"{where}: the key is not an X25519 key; backups are sealed to X25519 keys."
        )
    return key


def _raw(key: X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def seal_to_passphrase(
    passphrase: str, *, n_log2: int = SCRYPT_N_LOG2, chunk_log2: int = CHUNK_LOG2
) -> tuple[bytes, bytes]:
    """A new header and key for a file sealed to ``passphrase``: (header bytes, key).

    Args:
        passphrase: Any text; normalized to NFC.
        n_log2: scrypt's cost, log2 N (lower only in tests: every restore pays it).
        chunk_log2: log2 of the plaintext bytes per chunk (12 to 26).
    """
    prefix, salt = os.urandom(7), os.urandom(16)
    body = MAGIC + bytes([VERSION, KIND_PASSPHRASE, chunk_log2]) + prefix
    body += salt + bytes([n_log2, SCRYPT_R, SCRYPT_P])
    key = _scrypt(passphrase, salt, n_log2, SCRYPT_R, SCRYPT_P)
    return body + _key_check(key, body, prefix), key


def seal_to_recipient(
    recipient: X25519PublicKey, *, chunk_log2: int = CHUNK_LOG2
) -> tuple[bytes, bytes]:
    """A new header and key for a file that only ``recipient``'s private key opens."""
    prefix = os.urandom(7)
    ephemeral = X25519PrivateKey.generate()
    eph_raw = _raw(ephemeral.public_key())
    body = MAGIC + bytes([VERSION, KIND_RECIPIENT, chunk_log2]) + prefix + eph_raw
    key = _hkdf(ephemeral.exchange(recipient), eph_raw, _raw(recipient))
    return body + _key_check(key, body, prefix), key


def read_header(fh: BinaryIO, *, where: str) -> Header:
    """Read and parse a sealed file's header from ``fh``.

    Raises:
        SealError: The file is not a sealed file, or of an unknown version or kind.
    """
    fixed = fh.read(len(MAGIC) + 10)
    if not fixed.startswith(MAGIC):
        raise SealError(f"{where}: not a sealed dadkhah backup (it does not start with {MAGIC!r}).")
    if len(fixed) < len(MAGIC) + 10:
        raise SealError(f"{where}: the file ends inside its header (damaged or cut short).")
    version, kind, chunk_log2 = fixed[8], fixed[9], fixed[10]
    prefix = fixed[11:18]
    if version != VERSION:
        raise SealError(
            f"{where}: sealed format version {version}; this dadkhah reads version {VERSION}."
        )
    if not 12 <= chunk_log2 <= 26:
        raise SealError(f"{where}: implausible chunk size 2^{chunk_log2} (damaged header).")
    if kind == KIND_PASSPHRASE:
        params = fh.read(19)
        if len(params) < 19:
            raise SealError(f"{where}: the file ends inside its header (damaged or cut short).")
        n_log2, r, p = params[16], params[17], params[18]
        if not 10 <= n_log2 <= _MAX_N_LOG2 or not 1 <= r <= 32 or not 1 <= p <= 16:
            raise SealError(f"{where}: implausible scrypt parameters (damaged or hostile header).")
        extra = {"salt": params[:16], "n_log2": n_log2, "r": r, "p": p}
    elif kind == KIND_RECIPIENT:
        params = fh.read(32)
        if len(params) < 32:
            raise SealError(f"{where}: the file ends inside its header (damaged or cut short).")
        extra = {"ephemeral": params}
    else:
        raise SealError(
            f"{where}: unknown kind of seal {kind} (damaged header, or a newer dadkhah)."
        )
    check = fh.read(TAG)
    if len(check) < TAG:
        raise SealError(f"{where}: the file ends inside its header (damaged or cut short).")
    return Header(
        kind=kind,
        chunk_log2=chunk_log2,
        nonce_prefix=prefix,
        body=fixed + params,
        check=check,
        **extra,  # type: ignore[arg-type]
    )


def _checked(header: Header, key: bytes, *, where: str, what: str) -> bytes:
    try:
        AESGCM(key).decrypt(
            _nonce(header.nonce_prefix, _CHECK_COUNTER, True), header.check, header.body
        )
    except InvalidTag:
        raise SealError(f"{where}: {what}") from None
    return key


def key_from_passphrase(header: Header, passphrase: str, *, where: str) -> bytes:
    """The file key from ``passphrase``; SealError if it is not the passphrase used."""
    if header.kind != KIND_PASSPHRASE:
        raise SealError(
            f"{where}: the backup is sealed to a recipient key, not a passphrase; "
            "give the private key with --identity FILE."
        )
    key = _scrypt(passphrase, header.salt, header.n_log2, header.r, header.p)
    return _checked(
        header,
        key,
        where=where,
        what="wrong passphrase (or the header was altered); check DADKHAH_BACKUP_PASSPHRASE "
        "or type the passphrase used for this backup.",
    )


def key_from_identity(header: Header, identity: X25519PrivateKey, *, where: str) -> bytes:
    """The file key from the recipient's private key; SealError if it is not the right key."""
    if header.kind != KIND_RECIPIENT:
        raise SealError(
            f"{where}: the backup is sealed with a passphrase, not to a key; "
            "leave out --identity and give the passphrase."
        )
    try:
        shared = identity.exchange(X25519PublicKey.from_public_bytes(header.ephemeral))
    except ValueError as exc:  # an all-zero shared secret: a low-order point (RFC 7748 §6.1)
        raise SealError(f"{where}: the header's key is invalid (damaged or hostile file).") from exc
    key = _hkdf(shared, header.ephemeral, _raw(identity.public_key()))
    return _checked(
        header,
        key,
        where=where,
        what="this identity key does not open the backup; give the private key "
        "matching the --recipient key the backup was made for.",
    )


class SealingWriter:
    """A write-only binary stream that seals what is written to it into ``out``.

    It has no ``tell`` or ``seek``, so ``zipfile`` writes a streamed zip into it.
    ``close`` writes the last chunk; a file without it is refused as cut short.
    """

    def __init__(self, out: BinaryIO, header: bytes, key: bytes) -> None:
        self._out = out
        self._aead = AESGCM(key)
        self._prefix = header[11:18]
        self._aad = header[:-TAG]
        self._chunk = 1 << header[10]
        self._buf = bytearray()
        self._counter = 0
        self.closed = False
        out.write(header)

    def _emit(self, data: bytes, *, last: bool) -> None:
        if self._counter >= _CHECK_COUNTER:
            raise SealError("the backup is too large for one sealed file (2^32 chunks).")
        nonce = _nonce(self._prefix, self._counter, last)
        self._out.write(self._aead.encrypt(nonce, data, self._aad))
        self._counter += 1

    def write(self, data: bytes) -> int:
        """Take ``data``; seal and write every full chunk but the last."""
        self._buf += data
        # Keep at least one byte back so that close() always has a final chunk to mark.
        while len(self._buf) > self._chunk:
            self._emit(bytes(self._buf[: self._chunk]), last=False)
            del self._buf[: self._chunk]
        return len(data)

    def flush(self) -> None:
        self._out.flush()

    def close(self) -> None:
        """Seal the final chunk (possibly empty) and flush."""
        if not self.closed:
            self._emit(bytes(self._buf), last=True)
            self._buf.clear()
            self._out.flush()
            self.closed = True


def unseal(src: BinaryIO, header: Header, key: bytes, out: BinaryIO, *, where: str) -> int:
    """Open the chunks after ``header`` into ``out``; return the plaintext size.

    Raises:
        SealError: A chunk was altered, reordered or removed, or the file was cut short or
            has bytes after its last chunk.
    """
    aead = AESGCM(key)
    size = (1 << header.chunk_log2) + TAG
    counter, total = 0, 0
    chunk = src.read(size)
    while True:
        following = src.read(size) if len(chunk) == size else b""
        last = following == b""
        if len(chunk) < TAG:
            raise SealError(
                f"{where}: the file is cut short (a chunk is missing); use another copy."
            )
        try:
            plain = aead.decrypt(_nonce(header.nonce_prefix, counter, last), chunk, header.body)
        except InvalidTag:
            raise SealError(
                f"{where}: chunk {counter} was altered, or the file was cut short; "
                "the backup cannot be trusted, restore from another copy."
            ) from None
        out.write(plain)
        total += len(plain)
        if last:
            return total
        counter += 1
        chunk = following

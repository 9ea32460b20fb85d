"""Seal and open vault records: AES-256-GCM per field under a data key per record.

Each record gets a fresh random 256-bit data key (DEK). Every identity field is
encrypted with it under AES-256-GCM (NIST SP 800-38D) with a random 96-bit nonce,
and the DEK is wrapped (AES-256-GCM again) by a key derived from the case master
key. Associated data binds each ciphertext to where it belongs, so a ciphertext
copied to another row or field, or a wrapped key copied to another row or
labelled with another master key version, fails authentication instead of
decrypting. The byte formats and the reasoning are in docs/vault.md.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import struct
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from dadkhah.core.names import normalize_name
from dadkhah.core.vault.errors import DecryptionError, VaultError
from dadkhah.core.vault.keyring import Keyring

FORMAT_VERSION = 1
NONCE_BYTES = 12  # SP 800-38D §8.2: 96-bit IVs are the recommended length.
TAG_BYTES = 16  # SP 800-38D §5.2.1.2: the full 128-bit tag, never truncated.
DEK_BYTES = 32  # AES-256.
_FIELD_LABEL = b"dadkhah-vault-field"
_DEK_LABEL = b"dadkhah-vault-dek"
_INDEX_LABEL = b"dadkhah-vault-index"

__all__ = [
    "FORMAT_VERSION",
    "DecryptionError",
    "SealedRecord",
    "VaultError",
    "blind_index",
    "open_record",
    "rewrap_key",
    "seal_record",
]


@dataclass(frozen=True)
class SealedRecord:
    """What the database stores for one record: no plaintext, no key in the clear.

    Attributes:
        key_version: The master key version that wrapped ``wrapped_key``.
        wrapped_key: The record's data key, wrapped (see docs/vault.md).
        fields: Field name → ciphertext.
        name_index: Keyed blind index of the normalized name (hex), or "" when the
            record has no name field.
    """

    key_version: int
    wrapped_key: bytes
    fields: dict[str, bytes]
    name_index: str


def _parts(*parts: str | bytes | int) -> bytes:
    """Length-prefixed concatenation: no two different tuples encode alike."""
    out = bytearray()
    for part in parts:
        if isinstance(part, int):
            raw = struct.pack(">Q", part)
        elif isinstance(part, str):
            raw = part.encode("utf-8")
        else:
            raw = part
        out += struct.pack(">I", len(raw)) + raw
    return bytes(out)


def _field_aad(table: str, row_id: str, field: str) -> bytes:
    return _parts(_FIELD_LABEL, FORMAT_VERSION, table, row_id, field)


def _dek_aad(table: str, row_id: str, key_version: int) -> bytes:
    return _parts(_DEK_LABEL, FORMAT_VERSION, table, row_id, key_version)


def _check_place(table: str, row_id: str) -> None:
    if not table or not row_id:
        raise VaultError("a vault record needs a table name and a row id to bind its fields to.")


def _seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    # A fresh random nonce per encryption. Under one key the number of random-nonce
    # encryptions must stay below 2^32 (SP 800-38D §8.3); a data key encrypts a
    # record's few fields, and a master key wraps one data key per record, far below.
    nonce = os.urandom(NONCE_BYTES)
    return bytes([FORMAT_VERSION]) + nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def _open(key: bytes, blob: bytes, aad: bytes, what: str) -> bytes:
    if len(blob) < 1 + NONCE_BYTES + TAG_BYTES or blob[0] != FORMAT_VERSION:
        raise DecryptionError(
            f"{what} is not a vault ciphertext of format {FORMAT_VERSION} "
            "(truncated, altered, or written by a newer version)."
        )
    nonce = blob[1 : 1 + NONCE_BYTES]
    try:
        return AESGCM(key).decrypt(nonce, blob[1 + NONCE_BYTES :], aad)
    except InvalidTag as exc:
        raise DecryptionError(
            f"{what} does not decrypt: the key is not the one that sealed it, or the "
            "ciphertext was altered or moved from another row or field."
        ) from exc


def blind_index(keyring: Keyring, name: str, *, version: int | None = None) -> str:
    """The keyed blind index of a name: HMAC-SHA256 over its normalized form.

    Persian and Arabic letter variants, diacritics, case and spacing fold alike
    (`dadkhah.core.names.normalize_name`, the project's one home for that), so
    "علي" and "علی" give the same index. Without the key the index reveals
    nothing about the name; it does reveal that two records share a name.

    Args:
        keyring: The case keyring.
        name: The name, any script.
        version: The master key version whose index key to use (default: current).

    Returns:
        64 hex digits, or "" for a name that normalizes to nothing.
    """
    folded = normalize_name(name)
    if not folded:
        return ""
    key = keyring.index_key(keyring.current if version is None else version)
    return hmac.new(key, _parts(_INDEX_LABEL, folded), hashlib.sha256).hexdigest()


def seal_record(
    keyring: Keyring,
    *,
    table: str,
    row_id: str,
    fields: Mapping[str, str],
    name_field: str = "name",
) -> SealedRecord:
    """Encrypt a record's fields under a new data key wrapped by the current master key.

    Args:
        keyring: The case keyring.
        table: The table the record lives in (bound as associated data).
        row_id: The record's id, known before it is stored (bound as associated data).
        fields: Field name → plaintext; empty strings are encrypted too, so the
            stored row does not tell which fields were given.
        name_field: The field whose blind index is computed.

    Raises:
        VaultError: No table or row id.
    """
    _check_place(table, row_id)
    dek = AESGCM.generate_key(bit_length=256)
    version = keyring.current
    wrapped = _seal(keyring.wrap_key(version), dek, _dek_aad(table, row_id, version))
    sealed = {
        name: _seal(dek, value.encode("utf-8"), _field_aad(table, row_id, name))
        for name, value in fields.items()
    }
    index = (
        blind_index(keyring, fields[name_field], version=version) if name_field in fields else ""
    )
    return SealedRecord(version, wrapped, sealed, index)


def _unwrap(keyring: Keyring, table: str, row_id: str, key_version: int, wrapped: bytes) -> bytes:
    _check_place(table, row_id)
    return _open(
        keyring.wrap_key(key_version),
        wrapped,
        _dek_aad(table, row_id, key_version),
        f"the data key of {table} {row_id}",
    )


def open_record(
    keyring: Keyring,
    *,
    table: str,
    row_id: str,
    key_version: int,
    wrapped_key: bytes,
    fields: Mapping[str, bytes],
) -> dict[str, str]:
    """Decrypt a record's fields.

    Raises:
        DecryptionError: The wrapped key or a field does not authenticate here.
        VaultError: The keyring lacks ``key_version``.
    """
    dek = _unwrap(keyring, table, row_id, key_version, wrapped_key)
    return {
        name: _open(dek, blob, _field_aad(table, row_id, name), f"field {name!r}").decode("utf-8")
        for name, blob in fields.items()
    }


def rewrap_key(
    keyring: Keyring, *, table: str, row_id: str, key_version: int, wrapped_key: bytes
) -> tuple[int, bytes]:
    """Unwrap a record's data key and wrap it again under the current master key.

    The fields stay as they are: only the data key's wrapping changes.

    Returns:
        (the current key version, the new wrapped key).
    """
    dek = _unwrap(keyring, table, row_id, key_version, wrapped_key)
    version = keyring.current
    return version, _seal(keyring.wrap_key(version), dek, _dek_aad(table, row_id, version))

"""The witness vault: identity fields encrypted field by field under a per-record data key.

`cipher` seals and opens records (AES-256-GCM, associated data, blind index);
`keyring` keeps the case master key outside the database. The format is in
docs/vault.md; the decision in docs/decisions/0004-the-witness-vault.md.
"""

from __future__ import annotations

from dadkhah.core.vault.cipher import (
    FORMAT_VERSION,
    DecryptionError,
    SealedRecord,
    VaultError,
    blind_index,
    open_record,
    rewrap_key,
    seal_record,
)
from dadkhah.core.vault.keyring import (
    Keyring,
    KeyringSource,
    create_keyring_file,
    load_keyring,
    protect_keyring,
    save_keyring,
)

__all__ = [
    "FORMAT_VERSION",
    "DecryptionError",
    "Keyring",
    "KeyringSource",
    "SealedRecord",
    "VaultError",
    "blind_index",
    "create_keyring_file",
    "load_keyring",
    "open_record",
    "protect_keyring",
    "rewrap_key",
    "save_keyring",
    "seal_record",
]

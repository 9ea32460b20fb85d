"""The case master key, kept outside the database: a key file in keys/, or the environment.

Where the key comes from, first match wins:

1. ``DADKHAH_VAULT_KEY``: base64 of a 32-byte key (version 1), or ``VERSION:BASE64``,
   several separated by commas, the first the current one (for deployments whose
   secrets arrive in the environment);
2. ``DADKHAH_VAULT_KEY_FILE``: the path of a key file (a mounted secret);
3. ``keys/vault.key`` in the case folder, made (mode 0600) on first use.

A key file is JSON: either the keyring itself, or the keyring sealed under a key
derived from a passphrase with scrypt (RFC 7914), for laptops that may be lost;
the passphrase comes from ``DADKHAH_VAULT_PASSPHRASE`` or a prompt. The keyring
holds every master key version still in use; rotation adds one, re-wraps the
data keys, then drops the old ones.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from dadkhah.core.vault.errors import DecryptionError, VaultError

KEY_FILE = "vault.key"
KEY_ENV = "DADKHAH_VAULT_KEY"
KEY_FILE_ENV = "DADKHAH_VAULT_KEY_FILE"
PASSPHRASE_ENV = "DADKHAH_VAULT_PASSPHRASE"  # noqa: S105 (a variable name, not a secret)
PLAIN_FORMAT = "dadkhah-vault-keyring/1"
SEALED_FORMAT = "dadkhah-vault-keyring-scrypt/1"
MASTER_BYTES = 32
# scrypt cost: N=2^17, r=8, p=1 (OWASP Password Storage Cheat Sheet; RFC 7914 §2
# leaves the choice to the application): about 128 MiB and a fraction of a second.
SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1


@dataclass
class Keyring:
    """Master keys by version, and which one is current.

    Each master key is never used directly: HKDF (RFC 5869) derives one key to
    wrap data keys and another for the blind index, so the two uses never share
    a key (NIST SP 800-108 key separation).
    """

    keys: dict[int, bytes]
    current: int
    _derived: dict[tuple[int, bytes], bytes] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.current not in self.keys:
            raise VaultError(f"the keyring has no key of its current version {self.current}.")
        for version, key in self.keys.items():
            if version < 1 or len(key) != MASTER_BYTES:
                raise VaultError(
                    f"master key version {version} is not a positive version with a "
                    f"{MASTER_BYTES}-byte key."
                )

    @classmethod
    def generate(cls) -> Keyring:
        """A new keyring with one random key, version 1."""
        return cls({1: os.urandom(MASTER_BYTES)}, 1)

    def _derive(self, version: int, purpose: bytes) -> bytes:
        if version not in self.keys:
            raise VaultError(
                f"the vault key of version {version} is not in the keyring; "
                "restore the key file that holds it."
            )
        cached = self._derived.get((version, purpose))
        if cached is None:
            hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose)
            cached = hkdf.derive(self.keys[version])
            self._derived[(version, purpose)] = cached
        return cached

    def wrap_key(self, version: int) -> bytes:
        """The key that wraps data keys, for master key ``version``."""
        return self._derive(version, b"dadkhah-vault/1 wrap")

    def index_key(self, version: int) -> bytes:
        """The blind-index HMAC key, for master key ``version``."""
        return self._derive(version, b"dadkhah-vault/1 blind-index")

    def with_new_version(self) -> Keyring:
        """This keyring plus a new random key, which becomes current."""
        version = max(self.keys) + 1
        return Keyring({**self.keys, version: os.urandom(MASTER_BYTES)}, version)

    def only_current(self) -> Keyring:
        """This keyring without its retired versions."""
        return Keyring({self.current: self.keys[self.current]}, self.current)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": PLAIN_FORMAT,
            "current": self.current,
            "keys": {str(v): base64.b64encode(k).decode("ascii") for v, k in self.keys.items()},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], where: str) -> Keyring:
        try:
            keys = {int(v): base64.b64decode(k, validate=True) for v, k in data["keys"].items()}
            return cls(keys, int(data["current"]))
        except (KeyError, TypeError, ValueError, AttributeError, binascii.Error) as exc:
            raise VaultError(f"{where} is not a valid vault keyring ({exc}).") from exc


@dataclass
class KeyringSource:
    """A loaded keyring and where it came from, so rotation can write it back."""

    keyring: Keyring
    origin: str  # "env", "file"
    path: Path | None = None
    passphrase: str | None = None

    def describe(self) -> str:
        return f"${KEY_ENV}" if self.path is None else str(self.path)


def _scrypt(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _seal_with_passphrase(keyring: Keyring, passphrase: str, n: int) -> dict[str, Any]:
    salt, nonce = os.urandom(16), os.urandom(12)
    head = {"format": SEALED_FORMAT, "kdf": "scrypt", "n": n, "r": SCRYPT_R, "p": SCRYPT_P}
    key = _scrypt(passphrase, salt, n, SCRYPT_R, SCRYPT_P)
    # The header is associated data: a changed cost parameter or format fails the tag.
    aad = json.dumps(head, sort_keys=True).encode("utf-8")
    plain = json.dumps(keyring.to_json(), sort_keys=True).encode("utf-8")
    sealed = AESGCM(key).encrypt(nonce, plain, aad)
    return {**head, "salt": _b64(salt), "nonce": _b64(nonce), "ciphertext": _b64(sealed)}


def _open_with_passphrase(data: Mapping[str, Any], passphrase: str, where: str) -> Keyring:
    try:
        head = {k: data[k] for k in ("format", "kdf", "n", "r", "p")}
        salt = base64.b64decode(data["salt"], validate=True)
        nonce = base64.b64decode(data["nonce"], validate=True)
        sealed = base64.b64decode(data["ciphertext"], validate=True)
        key = _scrypt(passphrase, salt, int(head["n"]), int(head["r"]), int(head["p"]))
    except (KeyError, TypeError, ValueError, binascii.Error) as exc:
        raise VaultError(f"{where} is not a valid passphrase-protected key file ({exc}).") from exc
    aad = json.dumps(head, sort_keys=True).encode("utf-8")
    try:
        plain = AESGCM(key).decrypt(nonce, sealed, aad)
    except InvalidTag as exc:
        raise DecryptionError(
            f"the passphrase does not open {where} (or the file was altered); "
            f"check {PASSPHRASE_ENV} or type it again."
        ) from exc
    return Keyring.from_json(json.loads(plain), where)


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, mode 0600 from the start."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    if tmp.exists():
        tmp.unlink()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _file_text(keyring: Keyring, passphrase: str | None, scrypt_n: int) -> str:
    data = (
        keyring.to_json()
        if passphrase is None
        else _seal_with_passphrase(keyring, passphrase, scrypt_n)
    )
    return json.dumps(data, indent=1, sort_keys=True) + "\n"


def create_keyring_file(
    path: Path, *, passphrase: str | None = None, scrypt_n: int = SCRYPT_N
) -> Keyring:
    """Make a new key file with one random master key (refuses to overwrite one).

    Args:
        path: Where to write it (mode 0600).
        passphrase: Seal the keyring under this passphrase (scrypt), or store it plain.
        scrypt_n: scrypt's cost parameter N (a power of two; lower only in tests).
    """
    path = Path(path)
    if path.exists():
        raise VaultError(f"{path} exists already; the case has a vault key.")
    keyring = Keyring.generate()
    _write_private(path, _file_text(keyring, passphrase, scrypt_n))
    return keyring


def save_keyring(source: KeyringSource, keyring: Keyring, *, scrypt_n: int = SCRYPT_N) -> None:
    """Write ``keyring`` back where ``source`` came from, sealed as it was.

    Raises:
        VaultError: The keyring came from the environment, which cannot be written.
    """
    if source.path is None:
        raise VaultError(
            f"the vault key comes from ${KEY_ENV}, which dadkhah cannot rewrite: use a key "
            f"file (${KEY_FILE_ENV} or keys/{KEY_FILE}) to rotate."
        )
    _write_private(source.path, _file_text(keyring, source.passphrase, scrypt_n))
    source.keyring = keyring


def protect_keyring(source: KeyringSource, passphrase: str, *, scrypt_n: int = SCRYPT_N) -> None:
    """Seal the key file of ``source`` under ``passphrase`` (or a new one), same keys.

    Raises:
        VaultError: An empty passphrase, or a key from the environment (no file to seal).
    """
    if not passphrase:
        raise VaultError("the passphrase is empty; choose a long phrase of unrelated words.")
    source.passphrase = passphrase
    save_keyring(source, source.keyring, scrypt_n=scrypt_n)


def _from_env(value: str) -> Keyring:
    keys: dict[int, bytes] = {}
    current = 0
    for i, item in enumerate(part.strip() for part in value.split(",")):
        version_text, _, b64 = item.rpartition(":")
        try:
            version = int(version_text) if version_text else 1
            keys[version] = base64.b64decode(b64, validate=True)
        except (ValueError, binascii.Error) as exc:
            raise VaultError(
                f"${KEY_ENV} must be base64 of a 32-byte key, or VERSION:BASE64 items "
                f"separated by commas; item {i + 1} is not ({exc})."
            ) from exc
        if i == 0:
            current = version
    try:
        return Keyring(keys, current)
    except VaultError as exc:
        raise VaultError(f"${KEY_ENV}: {exc}") from exc


def _read_file(
    path: Path, environ: Mapping[str, str], ask_passphrase: Callable[[], str] | None
) -> KeyringSource:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise VaultError(
            f"{path} is readable by other users (mode {mode:o}); run `chmod 600 {path}`."
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise VaultError(f"{path} cannot be read as a vault key file ({exc}).") from exc
    if not isinstance(data, dict):
        raise VaultError(f"{path} is not a vault key file.")
    if data.get("format") == PLAIN_FORMAT:
        return KeyringSource(Keyring.from_json(data, str(path)), "file", path)
    if data.get("format") == SEALED_FORMAT:
        passphrase = environ.get(PASSPHRASE_ENV)
        if passphrase is None and ask_passphrase is not None:
            passphrase = ask_passphrase()
        if not passphrase:
            raise VaultError(
                f"{path} is protected by a passphrase: set {PASSPHRASE_ENV} or run the "
                "command in a terminal to be asked for it."
            )
        keyring = _open_with_passphrase(data, passphrase, str(path))
        return KeyringSource(keyring, "file", path, passphrase)
    raise VaultError(f"{path} is not a vault key file (unknown format {data.get('format')!r}).")


def load_keyring(
    keys_dir: Path,
    *,
    environ: Mapping[str, str] | None = None,
    ask_passphrase: Callable[[], str] | None = None,
    create: bool = True,
) -> KeyringSource:
    """Load the case master keyring (see the module docstring for where it is looked for).

    Args:
        keys_dir: The case's keys/ folder.
        environ: The environment to read (default: os.environ).
        ask_passphrase: Called for the passphrase of a protected key file when
            ``DADKHAH_VAULT_PASSPHRASE`` is not set.
        create: Make ``keys/vault.key`` when no key exists anywhere.

    Raises:
        VaultError: No key (and ``create`` is false), a malformed key, a key file
            readable by others, or a wrong passphrase.
    """
    env = os.environ if environ is None else environ
    if env.get(KEY_ENV):
        return KeyringSource(_from_env(env[KEY_ENV]), "env")
    if env.get(KEY_FILE_ENV):
        path = Path(env[KEY_FILE_ENV])
        if not path.exists():
            raise VaultError(f"${KEY_FILE_ENV} names {path}, which does not exist.")
        return _read_file(path, env, ask_passphrase)
    path = Path(keys_dir) / KEY_FILE
    if not path.exists():
        if not create:
            raise VaultError(
                f"{path} is missing and neither ${KEY_ENV} nor ${KEY_FILE_ENV} is set: "
                "the vault cannot be opened without its key."
            )
        Path(keys_dir).mkdir(mode=0o700, parents=True, exist_ok=True)
        create_keyring_file(path)
    return _read_file(path, env, ask_passphrase)

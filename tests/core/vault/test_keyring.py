"""Where the vault master key lives: keys/vault.key, the environment, a passphrase file."""

from __future__ import annotations

import base64
import json
import os
import stat
from pathlib import Path

import pytest

from dadkhah.core.vault import (
    DecryptionError,
    Keyring,
    VaultError,
    create_keyring_file,
    load_keyring,
    save_keyring,
)

FAST_N = 2**10  # tests only: the default cost is 2^17


def test_first_use_makes_a_private_key_file_outside_the_database(tmp_path: Path) -> None:
    source = load_keyring(tmp_path / "keys", environ={})
    path = tmp_path / "keys" / "vault.key"
    assert source.path == path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = load_keyring(tmp_path / "keys", environ={})
    assert again.keyring.keys == source.keyring.keys


def test_a_missing_key_is_an_error_when_not_created(tmp_path: Path) -> None:
    with pytest.raises(VaultError, match="cannot be opened without its key"):
        load_keyring(tmp_path, environ={}, create=False)


def test_a_key_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    load_keyring(tmp_path, environ={})
    os.chmod(tmp_path / "vault.key", 0o644)
    with pytest.raises(VaultError, match="chmod 600"):
        load_keyring(tmp_path, environ={})


def test_the_environment_key_wins_and_cannot_be_rewritten(tmp_path: Path) -> None:
    key = os.urandom(32)
    older = os.urandom(32)
    value = f"2:{base64.b64encode(key).decode()},1:{base64.b64encode(older).decode()}"
    source = load_keyring(tmp_path, environ={"DADKHAH_VAULT_KEY": value})
    assert source.keyring.current == 2
    assert source.keyring.keys == {2: key, 1: older}
    assert not (tmp_path / "vault.key").exists()
    with pytest.raises(VaultError, match="cannot rewrite"):
        save_keyring(source, source.keyring.with_new_version())


def test_a_plain_base64_environment_key_is_version_one(tmp_path: Path) -> None:
    key = os.urandom(32)
    source = load_keyring(tmp_path, environ={"DADKHAH_VAULT_KEY": base64.b64encode(key).decode()})
    assert source.keyring.keys == {1: key}


@pytest.mark.parametrize("value", ["not base64!", base64.b64encode(b"short").decode()])
def test_a_bad_environment_key_says_what_is_expected(tmp_path: Path, value: str) -> None:
    with pytest.raises(VaultError, match="DADKHAH_VAULT_KEY"):
        load_keyring(tmp_path, environ={"DADKHAH_VAULT_KEY": value})


def test_a_key_file_named_in_the_environment_is_used(tmp_path: Path) -> None:
    path = tmp_path / "secret" / "vault.key"
    made = create_keyring_file(path)
    source = load_keyring(tmp_path / "keys", environ={"DADKHAH_VAULT_KEY_FILE": str(path)})
    assert source.keyring.keys == made.keys
    assert not (tmp_path / "keys" / "vault.key").exists()


def test_a_passphrase_file_opens_only_with_its_passphrase(tmp_path: Path) -> None:
    path = tmp_path / "vault.key"
    made = create_keyring_file(path, passphrase="correct horse battery", scrypt_n=FAST_N)
    text = path.read_text()
    assert base64.b64encode(made.keys[1]).decode() not in text
    assert json.loads(text)["kdf"] == "scrypt"
    env = {"DADKHAH_VAULT_PASSPHRASE": "correct horse battery"}
    assert load_keyring(tmp_path, environ=env).keyring.keys == made.keys
    asked = load_keyring(tmp_path, environ={}, ask_passphrase=lambda: "correct horse battery")
    assert asked.keyring.keys == made.keys
    with pytest.raises(DecryptionError, match="passphrase does not open"):
        load_keyring(tmp_path, environ={"DADKHAH_VAULT_PASSPHRASE": "wrong"})
    with pytest.raises(VaultError, match="protected by a passphrase"):
        load_keyring(tmp_path, environ={})


def test_a_lowered_scrypt_cost_in_the_file_fails_the_tag(tmp_path: Path) -> None:
    path = tmp_path / "vault.key"
    create_keyring_file(path, passphrase="pass phrase", scrypt_n=FAST_N)
    data = json.loads(path.read_text())
    data["n"] = FAST_N // 2
    path.write_text(json.dumps(data))
    with pytest.raises(DecryptionError):
        load_keyring(tmp_path, environ={"DADKHAH_VAULT_PASSPHRASE": "pass phrase"})


def test_saving_keeps_the_passphrase_protection(tmp_path: Path) -> None:
    path = tmp_path / "vault.key"
    create_keyring_file(path, passphrase="pass phrase", scrypt_n=FAST_N)
    env = {"DADKHAH_VAULT_PASSPHRASE": "pass phrase"}
    source = load_keyring(tmp_path, environ=env)
    save_keyring(source, source.keyring.with_new_version(), scrypt_n=FAST_N)
    again = load_keyring(tmp_path, environ=env)
    assert again.keyring.current == 2 and set(again.keyring.keys) == {1, 2}
    assert json.loads(path.read_text())["format"].startswith("dadkhah-vault-keyring-scrypt")


def test_create_refuses_to_overwrite_a_key(tmp_path: Path) -> None:
    create_keyring_file(tmp_path / "vault.key")
    with pytest.raises(VaultError, match="exists already"):
        create_keyring_file(tmp_path / "vault.key")


def test_a_keyring_must_hold_its_current_version() -> None:
    with pytest.raises(VaultError, match="current version"):
        Keyring({1: os.urandom(32)}, 2)


def test_protect_seals_an_existing_key_file_with_the_same_keys(tmp_path: Path) -> None:
    from dadkhah.core.vault import protect_keyring

    source = load_keyring(tmp_path, environ={})
    protect_keyring(source, "a new pass phrase", scrypt_n=FAST_N)
    assert json.loads((tmp_path / "vault.key").read_text())["kdf"] == "scrypt"
    env = {"DADKHAH_VAULT_PASSPHRASE": "a new pass phrase"}
    assert load_keyring(tmp_path, environ=env).keyring.keys == source.keyring.keys
    with pytest.raises(VaultError, match="empty"):
        protect_keyring(source, "")

"""The vault's field encryption: round trips, bound places, every flipped bit refused."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadkhah.core.vault import (
    DecryptionError,
    Keyring,
    VaultError,
    blind_index,
    open_record,
    rewrap_key,
    seal_record,
)

KEYRING = Keyring.generate()
FIELDS = {"name": "مریم رضایی", "contact": "+00 555 0101", "location": "Hamburg"}


def _open(keyring: Keyring, sealed, *, table="witnesses_identity", row_id="r1", **fields):
    return open_record(
        keyring,
        table=table,
        row_id=row_id,
        key_version=sealed.key_version,
        wrapped_key=sealed.wrapped_key,
        fields=fields or sealed.fields,
    )


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(["name", "contact", "details"]), st.text(), min_size=1))
def test_any_text_fields_round_trip(fields: dict[str, str]) -> None:
    sealed = seal_record(KEYRING, table="witnesses_identity", row_id="r1", fields=fields)
    assert _open(KEYRING, sealed) == fields
    for value in fields.values():
        if len(value) > 3:
            assert value.encode("utf-8") not in b"".join(sealed.fields.values())


def test_the_same_plaintext_seals_differently_each_time() -> None:
    a = seal_record(KEYRING, table="t", row_id="r1", fields=FIELDS)
    b = seal_record(KEYRING, table="t", row_id="r1", fields=FIELDS)
    assert a.wrapped_key != b.wrapped_key
    assert a.fields["name"] != b.fields["name"]


def _flips(blob: bytes):
    for i in range(len(blob) * 8):
        out = bytearray(blob)
        out[i // 8] ^= 1 << (i % 8)
        yield bytes(out)


def test_every_flipped_bit_of_a_field_fails_to_decrypt() -> None:
    sealed = seal_record(KEYRING, table="t", row_id="r1", fields={"name": "Ali"})
    for bad in _flips(sealed.fields["name"]):
        with pytest.raises(DecryptionError):
            _open(KEYRING, sealed, table="t", name=bad)


def test_every_flipped_bit_of_a_wrapped_key_fails_to_decrypt() -> None:
    sealed = seal_record(KEYRING, table="t", row_id="r1", fields={"name": "Ali"})
    for bad in _flips(sealed.wrapped_key):
        with pytest.raises(DecryptionError):
            open_record(KEYRING, table="t", row_id="r1", key_version=1, wrapped_key=bad, fields={})


def test_a_field_moved_to_another_field_fails_to_decrypt() -> None:
    sealed = seal_record(KEYRING, table="t", row_id="r1", fields=FIELDS)
    with pytest.raises(DecryptionError, match="moved"):
        _open(KEYRING, sealed, table="t", contact=sealed.fields["name"])


def test_ciphertexts_swapped_between_rows_fail_to_decrypt() -> None:
    one = seal_record(KEYRING, table="t", row_id="r1", fields=FIELDS)
    two = seal_record(KEYRING, table="t", row_id="r2", fields=FIELDS)
    # a field of row 2 under row 1's key
    with pytest.raises(DecryptionError):
        _open(KEYRING, one, table="t", name=two.fields["name"])
    # both the key and the fields of row 2 copied into row 1
    with pytest.raises(DecryptionError):
        _open(KEYRING, two, table="t", row_id="r1")
    # the same row id in another table
    with pytest.raises(DecryptionError):
        _open(KEYRING, one, table="other", row_id="r1")


def test_a_wrapped_key_labelled_with_another_version_fails() -> None:
    keyring = KEYRING.with_new_version()
    sealed = seal_record(keyring, table="t", row_id="r1", fields=FIELDS)
    with pytest.raises(DecryptionError):
        open_record(
            keyring,
            table="t",
            row_id="r1",
            key_version=1,
            wrapped_key=sealed.wrapped_key,
            fields=sealed.fields,
        )


def test_another_master_key_cannot_open_a_record() -> None:
    sealed = seal_record(KEYRING, table="t", row_id="r1", fields=FIELDS)
    with pytest.raises(DecryptionError, match="not the one that sealed it"):
        _open(Keyring.generate(), sealed, table="t")


def test_rewrap_moves_the_data_key_to_the_new_version_and_drops_the_old() -> None:
    old = Keyring.generate()
    sealed = seal_record(old, table="t", row_id="r1", fields=FIELDS)
    both = old.with_new_version()
    version, wrapped = rewrap_key(
        both, table="t", row_id="r1", key_version=1, wrapped_key=sealed.wrapped_key
    )
    assert version == 2
    new_only = both.only_current()
    assert 1 not in new_only.keys
    assert (
        open_record(
            new_only,
            table="t",
            row_id="r1",
            key_version=2,
            wrapped_key=wrapped,
            fields=sealed.fields,
        )
        == FIELDS
    )
    with pytest.raises(VaultError, match="version 1 is not in the keyring"):
        _open(new_only, sealed, table="t")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("علي رضايي", "علی رضایی"),  # Arabic yeh, Persian yeh
        ("كاظم", "کاظم"),  # Arabic kaf, Persian keheh
        ("Maryam  Rezaei", "maryam rezaei"),
        ("Ja'far", "Jafar"),
    ],
)
def test_blind_index_matches_letter_variants_of_one_name(a: str, b: str) -> None:
    assert blind_index(KEYRING, a) == blind_index(KEYRING, b) != ""


def test_blind_index_differs_between_names_and_between_keys() -> None:
    assert blind_index(KEYRING, "Ali") != blind_index(KEYRING, "Reza")
    assert blind_index(KEYRING, "Ali") != blind_index(Keyring.generate(), "Ali")
    assert blind_index(KEYRING, " ") == ""


def test_a_record_needs_a_place_to_be_bound_to() -> None:
    with pytest.raises(VaultError, match="row id"):
        seal_record(KEYRING, table="t", row_id="", fields=FIELDS)

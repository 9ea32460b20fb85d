"""The sealed stream: round trips, and every alteration, truncation or wrong key refused."""

from __future__ import annotations

import io

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from dadkhah.core.backup_crypto import (
    SealError,
    SealingWriter,
    key_from_identity,
    key_from_passphrase,
    load_identity,
    load_recipient,
    read_header,
    seal_to_passphrase,
    seal_to_recipient,
    unseal,
)

CHUNK = 12  # 4 KiB chunks, so that a few kilobytes cross chunk boundaries
WORK = 10  # scrypt N = 2^10 here; backups use 2^17


def sealed(data: bytes, passphrase: str = "correct horse", *, writes: int = 3) -> bytes:
    header, key = seal_to_passphrase(passphrase, n_log2=WORK, chunk_log2=CHUNK)
    out = io.BytesIO()
    w = SealingWriter(out, header, key)
    step = max(1, len(data) // writes)
    for i in range(0, len(data), step):
        w.write(data[i : i + step])
    w.close()
    return out.getvalue()


def opened(blob: bytes, passphrase: str = "correct horse") -> bytes:
    src = io.BytesIO(blob)
    header = read_header(src, where="b")
    out = io.BytesIO()
    unseal(src, header, key_from_passphrase(header, passphrase, where="b"), out, where="b")
    return out.getvalue()


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, 4097, 3 * 4096, 3 * 4096 + 5])
def test_sealed_data_opens_to_the_same_bytes_at_chunk_boundaries(size: int) -> None:
    data = bytes(range(256)) * (size // 256 + 1)
    data = data[:size]
    blob = sealed(data)
    assert opened(blob) == data
    assert data[:64] not in blob or size < 64


@settings(max_examples=25, deadline=None)
@given(st.binary(max_size=20_000), st.integers(min_value=1, max_value=7))
def test_any_bytes_written_in_any_pieces_round_trip(data: bytes, writes: int) -> None:
    assert opened(sealed(data, writes=writes)) == data


def test_a_persian_passphrase_opens_whichever_way_it_was_typed() -> None:
    composed = "رمز\u0622"  # ALEF WITH MADDA ABOVE, one code point
    decomposed = "رمز\u0627\u0653"  # ALEF + MADDA: the same text in NFD
    assert opened(sealed(b"secret", composed), decomposed) == b"secret"


def test_a_wrong_passphrase_is_named_as_such() -> None:
    blob = sealed(b"secret")
    with pytest.raises(SealError, match="wrong passphrase"):
        opened(blob, "incorrect horse")


@pytest.mark.parametrize("where", ["header", "first chunk", "last chunk", "tag"])
def test_a_flipped_bit_anywhere_is_refused(where: str) -> None:
    blob = bytearray(sealed(bytes(10_000)))
    index = {"header": 12, "first chunk": 100, "last chunk": len(blob) - 40, "tag": -1}[where]
    blob[index] ^= 0x01
    with pytest.raises(SealError):
        opened(bytes(blob))


@pytest.mark.parametrize("cut", ["last chunk", "one byte", "a whole chunk at a boundary"])
def test_a_cut_short_file_is_refused(cut: str) -> None:
    blob = sealed(bytes(3 * 4096))  # three chunks: two full, the last full too
    header_len = 8 + 10 + 19 + 16
    full = 4096 + 16
    end = {
        "last chunk": header_len + 2 * full,
        "one byte": len(blob) - 1,
        "a whole chunk at a boundary": header_len + full,
    }[cut]
    with pytest.raises(SealError, match=r"altered|cut short"):
        opened(blob[:end])


def test_bytes_after_the_last_chunk_are_refused() -> None:
    with pytest.raises(SealError):
        opened(sealed(b"data" * 100) + b"trailing")


def test_chunks_cannot_be_swapped() -> None:
    blob = sealed(bytes(range(256)) * 48)  # 12288 bytes: three chunks of 4 KiB
    header_len, full = 8 + 10 + 19 + 16, 4096 + 16
    chunks = [blob[header_len + i * full : header_len + (i + 1) * full] for i in range(3)]
    swapped = blob[:header_len] + chunks[1] + chunks[0] + chunks[2]
    with pytest.raises(SealError, match="altered"):
        opened(swapped)


def test_a_file_sealed_to_a_recipient_opens_only_with_its_identity() -> None:
    identity = X25519PrivateKey.generate()
    pub_pem = identity.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    priv_pem = identity.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    header, key = seal_to_recipient(load_recipient(pub_pem, where="r"), chunk_log2=CHUNK)
    out = io.BytesIO()
    w = SealingWriter(out, header, key)
    w.write(b"for the court only")
    w.close()
    src = io.BytesIO(out.getvalue())
    parsed = read_header(src, where="b")
    plain = io.BytesIO()
    right = key_from_identity(parsed, load_identity(priv_pem, where="i"), where="b")
    unseal(src, parsed, right, plain, where="b")
    assert plain.getvalue() == b"for the court only"
    with pytest.raises(SealError, match="does not open"):
        key_from_identity(parsed, X25519PrivateKey.generate(), where="b")
    with pytest.raises(SealError, match="sealed to a recipient key"):
        key_from_passphrase(parsed, "any", where="b")


@pytest.mark.parametrize(
    "blob",
    [b"PK\x03\x04 a zip", b"DKSEALED", b"DKSEALED\x02\x01\x14" + bytes(40)],
    ids=["zip", "short", "version 2"],
)
def test_what_is_not_a_whole_sealed_file_is_refused_at_the_header(blob: bytes) -> None:
    with pytest.raises(SealError):
        read_header(io.BytesIO(blob), where="b")


def test_a_hostile_scrypt_cost_is_refused_before_any_work() -> None:
    header, _ = seal_to_passphrase("p", n_log2=WORK, chunk_log2=CHUNK)
    hostile = bytearray(header)
    hostile[18 + 16] = 40  # N = 2^40
    with pytest.raises(SealError, match="scrypt"):
        read_header(io.BytesIO(bytes(hostile)), where="b")


def test_keys_that_are_not_x25519_pem_are_refused_with_the_command_to_make_one() -> None:
    with pytest.raises(SealError, match="openssl"):
        load_recipient(b"not a key", where="r.pem")
    with pytest.raises(SealError, match="openssl"):
        load_identity(b"not a key", where="i.pem")

"""RFC 3161 timestamp verification against the Sigstore test-TSA vector."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest
from rfc3161_client import decode_timestamp_response

from dadkhah.core.custody.timestamp import TimestampError, build_request, verify_timestamp
from tests.core.custody.custody_vectors import MISSING, RFC3161, load

TSA = load(RFC3161 / "sigstore_test_tsa_vector.json")
needs_data = pytest.mark.skipif(TSA is None, reason=MISSING)


def _parts() -> tuple[bytes, bytes, list[bytes]]:
    return (
        base64.b64decode(TSA["timestamp_response_der_base64"]),
        base64.b64decode(TSA["message_base64"]),
        [base64.b64decode(c) for c in TSA["tsa_cert_chain_der_base64"]],
    )


@needs_data
def test_vector_timestamp_verifies_with_its_chain() -> None:
    response, message, chain = _parts()
    got = verify_timestamp(response, message, chain_der=chain)
    want = datetime.fromisoformat(TSA["expected_gen_time"].replace("Z", "+00:00"))
    assert got.astimezone(UTC) == want


@needs_data
def test_vector_timestamp_fails_when_message_last_bit_is_flipped() -> None:
    response, message, chain = _parts()
    with pytest.raises(TimestampError):
        verify_timestamp(response, message[:-1] + bytes([message[-1] ^ 1]), chain_der=chain)


@needs_data
def test_vector_timestamp_fails_without_its_intermediate() -> None:
    response, message, chain = _parts()
    with pytest.raises(TimestampError):
        verify_timestamp(response, message, chain_der=[chain[0], chain[0]])


@needs_data
def test_vector_timestamp_fails_when_a_response_byte_is_changed() -> None:
    response, message, chain = _parts()
    bad = bytearray(response)
    bad[len(bad) // 2] ^= 0x01
    with pytest.raises(TimestampError):
        verify_timestamp(bytes(bad), message, chain_der=chain)


def test_request_is_der_over_sha256_of_the_message_with_a_nonce() -> None:
    import hashlib

    from rfc3161_client import TimestampRequestBuilder  # noqa: F401 - same library parses it

    req = build_request(b"checkpoint text\n")
    assert req.der[0] == 0x30  # DER SEQUENCE
    assert hashlib.sha256(b"checkpoint text\n").digest() in req.der
    assert req.nonce is not None
    with pytest.raises(ValueError):
        decode_timestamp_response(req.der)  # a request is not a response

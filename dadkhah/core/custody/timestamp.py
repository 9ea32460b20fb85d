"""RFC 3161 timestamps of signed tree heads, from a configured timestamping authority (TSA).

Off by default: the platform runs air-gapped. When a case names a TSA (``[custody]
tsa_url`` in case.toml) each new signed tree head can be sent as a TimeStampReq over
SHA-256 of the note; the TimeStampResp (DER) is stored beside the head. Verification
needs the TSA's certificate chain (leaf, intermediates, root), configured once per case.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from rfc3161_client import (
    HashAlgorithm,
    TimestampRequestBuilder,
    VerificationError,
    VerifierBuilder,
    decode_timestamp_response,
)

from dadkhah.core.errors import InputError

MAX_RESPONSE_BYTES = 1 << 20


class TimestampError(InputError):
    """A timestamp could not be obtained, or does not verify."""


@dataclass(frozen=True)
class TimestampRequest:
    """A DER TimeStampReq and the nonce to check in the answer."""

    der: bytes
    nonce: int | None


def build_request(message: bytes) -> TimestampRequest:
    """A TimeStampReq over SHA-256(message), with a nonce and certReq set (RFC 3161 §2.4.1)."""
    req = (
        TimestampRequestBuilder()
        .data(message)
        .hash_algorithm(HashAlgorithm.SHA256)
        .nonce(nonce=True)
        .cert_request(cert_request=True)
        .build()
    )
    return TimestampRequest(der=req.as_bytes(), nonce=req.nonce)


def request_timestamp(url: str, message: bytes, *, timeout: float = 30.0) -> bytes:
    """Ask the TSA at ``url`` for a timestamp of ``message``; return the DER TimeStampResp.

    Uses the RFC 3161 §3.4 HTTP transport (``application/timestamp-query``).

    Raises:
        TimestampError: The TSA cannot be reached or answers with something unusable.
    """
    if not url.startswith(("https://", "http://")):
        raise TimestampError(f"TSA URL {url!r} must start with https:// or http://")
    req = build_request(message)
    http = urllib.request.Request(  # noqa: S310 - scheme checked above
        url,
        data=req.der,
        headers={"Content-Type": "application/timestamp-query"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(http, timeout=timeout) as resp:  # noqa: S310
            body: bytes = resp.read(MAX_RESPONSE_BYTES + 1)
    except OSError as exc:
        raise TimestampError(f"the timestamping authority at {url} did not answer: {exc}") from exc
    if len(body) > MAX_RESPONSE_BYTES:
        raise TimestampError(f"the timestamping authority at {url} sent more than 1 MiB")
    try:
        parsed = decode_timestamp_response(body)
    except ValueError as exc:
        raise TimestampError(f"the answer from {url} is not a TimeStampResp: {exc}") from exc
    if req.nonce is not None and parsed.tst_info.nonce != req.nonce:
        raise TimestampError(f"the answer from {url} carries the wrong nonce")
    return body


def verify_timestamp(
    response_der: bytes,
    message: bytes,
    *,
    chain_der: Sequence[bytes],
) -> datetime:
    """Verify a TimeStampResp over ``message`` against a TSA chain; return its genTime (UTC).

    Args:
        response_der: The DER TimeStampResp.
        message: The timestamped bytes (the signed note).
        chain_der: DER certificates: the TSA's own first, then intermediates, the root last.

    Raises:
        TimestampError: The response is malformed or does not verify.
    """
    if len(chain_der) < 2:
        raise TimestampError("a TSA chain needs at least the TSA certificate and a root")
    try:
        certs = [x509.load_der_x509_certificate(c) for c in chain_der]
        builder = VerifierBuilder().tsa_certificate(certs[0]).add_root_certificate(certs[-1])
        for mid in certs[1:-1]:
            builder = builder.add_intermediate_certificate(mid)
        response = decode_timestamp_response(response_der)
        builder.build().verify_message(response, message)
    except (VerificationError, ValueError) as exc:
        raise TimestampError(f"the RFC 3161 timestamp does not verify: {exc}") from exc
    gen_time: datetime = response.tst_info.gen_time
    return gen_time

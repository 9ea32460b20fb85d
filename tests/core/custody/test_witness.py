"""C2SP tlog-cosignature v1: key ids, the signed message, keys and cosignature lines."""

from __future__ import annotations

import base64
import hashlib
import struct

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from hypothesis import given, settings
from hypothesis import strategies as st

from dadkhah.core.custody.log import Problem, SignedHead
from dadkhah.core.custody.merkle import MerkleTree, leaf_hash
from dadkhah.core.custody.note import Checkpoint, NoteError, Signer, sign_note
from dadkhah.core.custody.witness import (
    WitnessSigner,
    WitnessVerifier,
    check_since,
    cosigned_message,
    verify_cosignatures,
)

LOG = Signer.generate("dadkhah-test")


def _tree(n: int) -> MerkleTree:
    tree = MerkleTree()
    for i in range(n):
        tree.append(leaf_hash(f"entry {i}".encode()))
    return tree


def _head(tree: MerkleTree, size: int) -> str:
    return sign_note(Checkpoint(origin=LOG.name, size=size, root=tree.root(size)).text(), [LOG])


def test_the_cosignature_line_has_the_c2sp_layout() -> None:
    witness = WitnessSigner.generate("witness.example.com/w1")
    note = _head(_tree(3), 3)
    line = witness.cosign(note, timestamp=1679315147)
    name, b64 = line.removeprefix("\u2014 ").rstrip("\n").split(" ")
    raw = base64.b64decode(b64)
    pub = witness.verifier().public_key
    assert name == "witness.example.com/w1" and len(raw) == 4 + 8 + 64
    assert raw[:4] == hashlib.sha256(name.encode() + b"\n\x04" + pub).digest()[:4]
    assert struct.unpack(">Q", raw[4:12]) == (1679315147,)
    text = note.split("\n\n")[0] + "\n"
    message = b"cosignature/v1\ntime 1679315147\n" + text.encode()
    assert cosigned_message(text, 1679315147) == message
    Ed25519PublicKey.from_public_bytes(pub).verify(raw[12:], message)  # raises if wrong


def test_keys_round_trip_through_their_strings() -> None:
    witness = WitnessSigner.generate("ngo.example/w")
    again = WitnessSigner.from_skey(witness.to_skey())
    assert again.verifier() == witness.verifier()
    assert WitnessVerifier.from_vkey(witness.verifier().to_vkey()) == witness.verifier()


def test_a_case_signing_key_is_not_a_witness_key() -> None:
    with pytest.raises(NoteError, match="not an Ed25519 cosigner key"):
        WitnessVerifier.from_vkey(LOG.verifier().to_vkey())


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=4 + 8 + 64 - 1), st.integers(0, 7))
def test_every_flipped_bit_of_a_cosignature_fails(byte: int, bit: int) -> None:
    witness = WitnessSigner.generate("w")
    note = _head(_tree(5), 5)
    line = witness.cosign(note, timestamp=1_700_000_000)
    name, b64 = line.removeprefix("\u2014 ").rstrip("\n").split(" ")
    raw = bytearray(base64.b64decode(b64))
    raw[byte] ^= 1 << bit
    flipped = f"\u2014 {name} {base64.b64encode(bytes(raw)).decode()}\n"
    with pytest.raises(NoteError):
        verify_cosignatures(note + flipped, [witness.verifier()])


@pytest.mark.parametrize("kept", [1, 7, 8, 13, 20])
def test_check_since_accepts_every_earlier_head_of_a_grown_log(kept: int) -> None:
    tree = _tree(20)
    stored = [SignedHead(size=kept, root=tree.root(kept), note="")]
    problems, _ = check_since(
        tree=tree, stored=stored, note=_head(tree, kept), verifiers=[LOG.verifier()],
        origin=LOG.name,
    )  # fmt: skip
    assert problems == []


def test_check_since_names_a_changed_entry_below_the_kept_head() -> None:
    tree = _tree(20)
    note = _head(tree, 12)
    other = MerkleTree()
    for i in range(20):
        other.append(leaf_hash(f"entry {i}".encode() if i != 4 else b"changed"))
    problems, _ = check_since(
        tree=other, stored=[], note=note, verifiers=[LOG.verifier()], origin=LOG.name
    )
    assert isinstance(problems[0], Problem) and "not consistent with it" in str(problems[0])

"""Signed notes and checkpoints against the golang.org/x/mod vectors and real Rekor checkpoints."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadkhah.core.custody.merkle import leaf_hash, verify_inclusion
from dadkhah.core.custody.note import (
    Checkpoint,
    EcdsaVerifier,
    Ed25519Verifier,
    NoteError,
    Signer,
    open_note,
    parse_checkpoint,
    sign_note,
)
from tests.core.custody.custody_vectors import MERKLE, MISSING, load

NOTES = load(MERKLE / "signed_note_vectors.json")
REKOR = load(MERKLE / "sigstore-rekor" / "rekor_production_entries.json")
needs_data = pytest.mark.skipif(NOTES is None, reason=MISSING)


@needs_data
def test_signer_key_reproduces_vector_signature_byte_for_byte() -> None:
    v = NOTES["ed25519_note"]
    signer = Signer.from_skey(v["signer_key"])
    assert signer.to_skey() == v["signer_key"]
    assert signer.verifier().to_vkey() == v["verifier_key"]
    assert sign_note(v["text"], [signer]) == v["signed_note"]


@needs_data
def test_vector_note_opens_with_its_verifier_key() -> None:
    v = NOTES["ed25519_note"]
    note = open_note(v["signed_note"], [Ed25519Verifier.from_vkey(v["verifier_key"])])
    assert note.text == v["text"]
    assert (
        base64.b64encode(note.verified[0].key_hash + note.verified[0].signature).decode()
        == v["signature_base64"]
    )


@needs_data
def test_vector_note_with_changed_text_is_rejected() -> None:
    v = NOTES["ed25519_note"]
    verifier = Ed25519Verifier.from_vkey(v["verifier_key"])
    with pytest.raises(NoteError, match="does not verify"):
        open_note(v["signed_note"].replace("answer", "Answer"), [verifier])


@needs_data
def test_note_signed_by_an_unknown_key_is_rejected() -> None:
    v = NOTES["ed25519_note"]
    other = Signer.generate("Other").verifier()
    with pytest.raises(NoteError, match="no signature by a known key"):
        open_note(v["signed_note"], [other])


def _bad_vkeys() -> list[str]:
    if NOTES is None:
        return []
    vkey = NOTES["ed25519_note"]["verifier_key"]
    bad = list(NOTES["bad_verifier_keys"]["must_reject"])
    bad += [
        vkey[i:j]
        for i in range(len(vkey))
        for j in range(i, len(vkey) + 1)
        if (i, j) != (0, len(vkey))
    ]
    bad += [vkey[:i] + chr(ord(vkey[i]) + 1) + vkey[i + 1 :] for i in range(len(vkey))]
    return sorted(set(bad))


@needs_data
def test_every_bad_verifier_key_is_rejected() -> None:
    bad = _bad_vkeys()
    assert len(bad) > 1000
    accepted = []
    for key in bad:
        try:
            Ed25519Verifier.from_vkey(key)
        except NoteError:
            continue
        accepted.append(key)
    assert accepted == []


@needs_data
def test_tree_note_formats_like_go_sumdb() -> None:
    t = NOTES["tree_note"]
    root = leaf_hash(t["record"].encode())
    assert base64.b64encode(root).decode() == t["record_hash_base64"]
    cp = Checkpoint(origin="go.sum database tree", size=t["tree_size"], root=root)
    assert cp.text() == t["formatted"]
    assert parse_checkpoint(t["formatted"], origin="go.sum database tree") == cp


@needs_data
@pytest.mark.parametrize("text", NOTES["tree_note"]["must_reject"] if NOTES else [])
def test_malformed_tree_note_is_rejected(text: str) -> None:
    with pytest.raises(NoteError):
        parse_checkpoint(text, origin="go.sum database tree")


@pytest.mark.parametrize(
    "text",
    [
        "o\n01\n" + base64.b64encode(bytes(32)).decode() + "\n",  # leading zero
        "o\n-1\n" + base64.b64encode(bytes(32)).decode() + "\n",
        "o\n1\n" + base64.b64encode(bytes(31)).decode() + "\n",  # short root
        "o\n1\n" + base64.b64encode(bytes(32)).decode(),  # no final newline
        "o\n1\n",
        "\n1\n" + base64.b64encode(bytes(32)).decode() + "\n",
        "o\n1\n" + base64.b64encode(bytes(32)).decode() + "\n\n",  # empty extension
    ],
)
def test_malformed_checkpoint_is_rejected(text: str) -> None:
    with pytest.raises(NoteError):
        parse_checkpoint(text)


def test_checkpoint_with_extension_round_trips_through_a_signed_note() -> None:
    signer = Signer.generate("dadkhah-test")
    cp = Checkpoint(
        origin="dadkhah-test",
        size=7,
        root=bytes(range(32)),
        extensions=("time 2024-01-01T00:00:00Z",),
    )
    note = sign_note(cp.text(), [signer])
    opened = open_note(note, [signer.verifier()])
    assert parse_checkpoint(opened.text, origin="dadkhah-test") == cp


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_any_flipped_byte_of_a_signed_checkpoint_is_rejected(data: st.DataObject) -> None:
    signer = Signer.generate("case-key")
    cp = Checkpoint(origin="case-key", size=1234, root=leaf_hash(b"x"))
    note = sign_note(cp.text(), [signer]).encode("utf-8")
    i = data.draw(st.integers(0, len(note) - 1))
    bit = data.draw(st.integers(0, 7))
    changed = bytearray(note)
    changed[i] ^= 1 << bit
    try:
        text = bytes(changed).decode("utf-8")
        opened = open_note(text, [signer.verifier()])
        parse_checkpoint(opened.text, origin="case-key")
    except (NoteError, UnicodeDecodeError):
        return
    pytest.fail(f"flipping bit {bit} of byte {i} was not noticed")


@needs_data
@pytest.mark.parametrize("i", range(len(REKOR["entries"]) if REKOR else 0))
def test_rekor_checkpoint_ecdsa_signature_verifies_and_matches_proof(i: int) -> None:
    key = base64.b64decode(REKOR["rekor_public_key"]["rawBytes_der_spki_base64"])
    verifier = EcdsaVerifier(name="rekor.sigstore.dev", spki_der=key)
    tlog = REKOR["entries"][i]["tlogEntry"]
    proof = tlog["inclusionProof"]
    note = open_note(proof["checkpoint"]["envelope"], [verifier])
    cp = parse_checkpoint(note.text)
    assert cp.origin.startswith("rekor.sigstore.dev - ")
    assert cp.size == int(proof["treeSize"])
    assert cp.root == base64.b64decode(proof["rootHash"])
    verify_inclusion(
        leaf_hash=leaf_hash(base64.b64decode(tlog["canonicalizedBody"])),
        index=int(proof["logIndex"]),
        size=cp.size,
        proof=[base64.b64decode(h) for h in proof["hashes"]],
        root=cp.root,
    )
    with pytest.raises(NoteError):
        open_note(proof["checkpoint"]["envelope"].replace("\n", "\n ", 1), [verifier])


def test_signer_key_string_round_trips() -> None:
    signer = Signer.generate("round-trip")
    assert Signer.from_skey(signer.to_skey()) == signer
    assert Ed25519Verifier.from_vkey(signer.verifier().to_vkey()) == signer.verifier()


@pytest.mark.parametrize("name", ["", "has space", "has+plus", "tab\tname"])
def test_invalid_key_names_are_refused(name: str) -> None:
    with pytest.raises(NoteError):
        Signer.generate(name)

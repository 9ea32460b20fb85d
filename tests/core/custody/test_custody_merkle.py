"""The Merkle tree and proof verifiers against RFC 6962 vectors, transparency-dev probes and real logs."""

from __future__ import annotations

import base64
import csv
import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadkhah.core.custody.merkle import (
    EMPTY_ROOT,
    Frontier,
    MerkleTree,
    ProofError,
    leaf_hash,
    node_hash,
    root_from_inclusion_proof,
    verify_consistency,
    verify_inclusion,
)
from tests.core.custody.custody_vectors import MERKLE, MISSING, load

CORE = load(MERKLE / "rfc6962_core_vectors.json")
INCLUSION = load(MERKLE / "transparency-dev" / "inclusion.json")
CONSISTENCY = load(MERKLE / "transparency-dev" / "consistency.json")
needs_data = pytest.mark.skipif(CORE is None, reason=MISSING)


def _b64(value: str | None) -> bytes:
    return b"" if value is None else base64.b64decode(value)


def _hex_list(values: list[str]) -> list[bytes]:
    return [bytes.fromhex(v) for v in values]


def _tree(n: int) -> MerkleTree:
    return MerkleTree(leaf_hash(i.to_bytes(8, "big")) for i in range(n))


def _reference_root(leaves: list[bytes]) -> bytes:
    """MTH straight from the recursive definition of RFC 9162 §2.1.1."""
    if not leaves:
        return EMPTY_ROOT
    if len(leaves) == 1:
        return leaves[0]
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    return node_hash(_reference_root(leaves[:k]), _reference_root(leaves[k:]))


# --- RFC 6962 core vectors -----------------------------------------------------------------


@needs_data
@pytest.mark.parametrize("case", CORE["hasher_vectors"] if CORE else [], ids=lambda c: c["desc"])
def test_hasher_matches_rfc6962_vector(case: dict) -> None:
    if case["kind"] == "empty_root":
        got = EMPTY_ROOT
    elif case["kind"] == "leaf":
        got = leaf_hash(bytes.fromhex(case["input_hex"]))
    else:
        got = node_hash(bytes.fromhex(case["left_hex"]), bytes.fromhex(case["right_hex"]))
    assert got.hex() == case["want"]


@needs_data
@pytest.mark.parametrize("size", range(9))
def test_root_of_first_n_leaves_matches_vector(size: int) -> None:
    leaves = [leaf_hash(bytes.fromhex(x)) for x in CORE["leaf_inputs"][:size]]
    tree = MerkleTree(leaves)
    assert tree.root().hex() == CORE["root_hashes"]["values"][size]
    frontier = Frontier()
    for h in leaves:
        frontier.append(h)
    assert frontier.root().hex() == CORE["root_hashes"]["values"][size]


@needs_data
def test_stored_levels_match_vector_node_hashes() -> None:
    tree = MerkleTree(leaf_hash(bytes.fromhex(x)) for x in CORE["leaf_inputs"])
    for level, hashes in enumerate(CORE["node_hashes"]["levels"]):
        assert [tree._perfect(level, i).hex() for i in range(len(hashes))] == hashes


@needs_data
@pytest.mark.parametrize(
    "case",
    CORE["inclusion_proofs"]["cases"] if CORE else [],
    ids=lambda c: f"{c['leaf_index']}-{c['tree_size']}",
)
def test_inclusion_vector_is_generated_and_verified(case: dict) -> None:
    tree = MerkleTree(leaf_hash(bytes.fromhex(x)) for x in CORE["leaf_inputs"])
    proof = _hex_list(case["proof"])
    assert tree.inclusion_proof(case["leaf_index"], case["tree_size"]) == proof
    verify_inclusion(
        leaf_hash=bytes.fromhex(case["leaf_hash"]),
        index=case["leaf_index"],
        size=case["tree_size"],
        proof=proof,
        root=bytes.fromhex(case["root"]),
    )


@needs_data
@pytest.mark.parametrize(
    "case",
    CORE["consistency_proofs"]["cases"] if CORE else [],
    ids=lambda c: f"{c['size1']}-{c['size2']}",
)
def test_consistency_vector_is_generated_and_verified(case: dict) -> None:
    tree = MerkleTree(leaf_hash(bytes.fromhex(x)) for x in CORE["leaf_inputs"])
    proof = _hex_list(case["proof"])
    assert tree.consistency_proof(case["size1"], case["size2"]) == proof
    verify_consistency(
        size1=case["size1"],
        size2=case["size2"],
        root1=bytes.fromhex(case["root1"]),
        root2=bytes.fromhex(case["root2"]),
        proof=proof,
    )


def _derived_rows() -> list[dict[str, str]]:
    path = MERKLE / "derived_all_proofs_8_leaves.csv"
    if not path.exists():
        return []
    with path.open(newline="") as fh:
        return list(csv.DictReader(fh))


@needs_data
@pytest.mark.parametrize("row", _derived_rows(), ids=lambda r: f"{r['kind']}-{r['a']}-{r['b']}")
def test_every_proof_over_eight_leaves_matches_derived_table(row: dict[str, str]) -> None:
    tree = MerkleTree(leaf_hash(bytes.fromhex(x)) for x in CORE["leaf_inputs"])
    proof = _hex_list([p for p in row["proof_hex_colon_separated"].split(":") if p])
    a, b = int(row["a"]), int(row["b"])
    first, root = bytes.fromhex(row["leaf_hash_or_root1"]), bytes.fromhex(row["root"])
    if row["kind"] == "inclusion":
        assert tree.inclusion_proof(a, b) == proof
        verify_inclusion(leaf_hash=first, index=a, size=b, proof=proof, root=root)
    else:
        assert tree.consistency_proof(a, b) == proof
        verify_consistency(size1=a, size2=b, root1=first, root2=root, proof=proof)


# --- transparency-dev probes (every one a case) ---------------------------------------------


def _probe_id(v: dict) -> str:
    return v["file"].removeprefix("testdata/")


@needs_data
@pytest.mark.parametrize("probe", INCLUSION["vectors"] if INCLUSION else [], ids=_probe_id)
def test_inclusion_probe_agrees_with_want_err(probe: dict) -> None:
    def check() -> None:
        verify_inclusion(
            leaf_hash=_b64(probe["leafHash"]),
            index=probe["leafIdx"],
            size=probe["treeSize"],
            proof=[_b64(p) for p in probe["proof"] or []],
            root=_b64(probe["root"]),
        )

    if probe["wantErr"]:
        with pytest.raises(ProofError):
            check()
    else:
        check()


@needs_data
@pytest.mark.parametrize("probe", CONSISTENCY["vectors"] if CONSISTENCY else [], ids=_probe_id)
def test_consistency_probe_agrees_with_want_err(probe: dict) -> None:
    def check() -> None:
        verify_consistency(
            size1=probe["size1"],
            size2=probe["size2"],
            root1=_b64(probe["root1"]),
            root2=_b64(probe["root2"]),
            proof=[_b64(p) for p in probe["proof"] or []],
        )

    if probe["wantErr"]:
        with pytest.raises(ProofError):
            check()
    else:
        check()


@needs_data
def test_probe_files_hold_196_probes() -> None:
    assert len(INCLUSION["vectors"]) + len(CONSISTENCY["vectors"]) == 196


# --- real logs: Certificate Transparency (Argon2020) and Rekor ------------------------------


@needs_data
def test_ct_argon2020_inclusion_of_leaf_10000_verifies() -> None:
    sth = load(MERKLE / "ct-argon2020" / "sth.json")
    proof = load(MERKLE / "ct-argon2020" / "proof.json")
    entry = load(MERKLE / "ct-argon2020" / "entries.json")["entries"][0]
    verify_inclusion(
        leaf_hash=leaf_hash(base64.b64decode(entry["leaf_input"])),
        index=proof["leaf_index"],
        size=sth["tree_size"],
        proof=[base64.b64decode(p) for p in proof["audit_path"]],
        root=base64.b64decode(sth["sha256_root_hash"]),
    )


@needs_data
def test_ct_argon2020_consistency_from_old_tree_verifies_and_fails_when_flipped() -> None:
    sth = load(MERKLE / "ct-argon2020" / "sth.json")
    params = load(MERKLE / "ct-argon2020" / "log_key_and_params.json")
    proof = [
        base64.b64decode(p)
        for p in load(MERKLE / "ct-argon2020" / "consistency.json")["consistency"]
    ]
    old = params["consistency_old_tree"]
    kwargs = dict(
        size1=old["tree_size"],
        size2=sth["tree_size"],
        root1=base64.b64decode(old["sha256_root_hash"]),
        root2=base64.b64decode(sth["sha256_root_hash"]),
    )
    verify_consistency(proof=proof, **kwargs)
    bad = list(proof)
    bad[7] = bytes([bad[7][0] ^ 1]) + bad[7][1:]
    with pytest.raises(ProofError):
        verify_consistency(proof=bad, **kwargs)


@needs_data
def test_ct_argon2020_sth_ecdsa_signature_verifies() -> None:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    sth = load(MERKLE / "ct-argon2020" / "sth.json")
    params = load(MERKLE / "ct-argon2020" / "log_key_and_params.json")
    spki = base64.b64decode(params["public_key_der_spki_base64"])
    assert base64.b64encode(hashlib.sha256(spki).digest()).decode() == params["log_id_base64"]
    key = serialization.load_der_public_key(spki)
    assert isinstance(key, ec.EllipticCurvePublicKey)
    # RFC 6962 §3.5 TreeHeadSignature, signed as a TLS DigitallySigned struct (RFC 5246 §4.7).
    signed = (
        b"\x00\x01"
        + sth["timestamp"].to_bytes(8, "big")
        + sth["tree_size"].to_bytes(8, "big")
        + base64.b64decode(sth["sha256_root_hash"])
    )
    blob = base64.b64decode(sth["tree_head_signature"])
    assert blob[0] == 4 and blob[1] == 3  # sha256, ecdsa
    length = int.from_bytes(blob[2:4], "big")
    signature = blob[4 : 4 + length]
    assert len(blob) == 4 + length
    key.verify(signature, signed, ec.ECDSA(hashes.SHA256()))
    with pytest.raises(InvalidSignature):
        key.verify(signature, signed[:-1] + bytes([signed[-1] ^ 1]), ec.ECDSA(hashes.SHA256()))


REKOR = load(MERKLE / "sigstore-rekor" / "rekor_production_entries.json")


@needs_data
@pytest.mark.parametrize("i", range(len(REKOR["entries"]) if REKOR else 0))
def test_rekor_inclusion_proof_verifies_with_shard_relative_index(i: int) -> None:
    tlog = REKOR["entries"][i]["tlogEntry"]
    p = tlog["inclusionProof"]
    verify_inclusion(
        leaf_hash=leaf_hash(base64.b64decode(tlog["canonicalizedBody"])),
        index=int(p["logIndex"]),
        size=int(p["treeSize"]),
        proof=[base64.b64decode(h) for h in p["hashes"]],
        root=base64.b64decode(p["rootHash"]),
    )
    with pytest.raises(ProofError):  # the global logIndex is the wrong convention
        verify_inclusion(
            leaf_hash=leaf_hash(base64.b64decode(tlog["canonicalizedBody"])),
            index=int(tlog["logIndex"]),
            size=int(p["treeSize"]),
            proof=[base64.b64decode(h) for h in p["hashes"]],
            root=base64.b64decode(p["rootHash"]),
        )


# --- invariants over random trees -----------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.lists(st.binary(max_size=8), min_size=0, max_size=70))
def test_tree_root_equals_recursive_definition_and_frontier(leaves: list[bytes]) -> None:
    hashes = [leaf_hash(x) for x in leaves]
    tree = MerkleTree(hashes)
    frontier = Frontier()
    for n, h in enumerate(hashes):
        assert tree.root(n) == _reference_root(hashes[:n]) == frontier.root()
        assert tree.frontier(n).hashes == frontier.hashes
        frontier.append(h)
    assert tree.root() == _reference_root(hashes) == frontier.root()


@settings(max_examples=80, deadline=None)
@given(
    st.integers(1, 300).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n - 1))), st.data()
)
def test_inclusion_proof_verifies_and_every_flipped_bit_fails(
    nm: tuple[int, int], data: st.DataObject
) -> None:
    n, m = nm
    tree = _tree(n)
    proof = tree.inclusion_proof(m)
    root = tree.root()
    verify_inclusion(leaf_hash=tree.leaf(m), index=m, size=n, proof=proof, root=root)
    blobs = [tree.leaf(m), *proof, root]
    which = data.draw(st.integers(0, len(blobs) - 1))
    bit = data.draw(st.integers(0, 255))
    flipped = bytearray(blobs[which])
    flipped[bit // 8] ^= 1 << (bit % 8)
    blobs[which] = bytes(flipped)
    with pytest.raises(ProofError):
        verify_inclusion(leaf_hash=blobs[0], index=m, size=n, proof=blobs[1:-1], root=blobs[-1])
    if n > 1:
        with pytest.raises(ProofError):
            other = data.draw(st.integers(0, n - 1).filter(lambda x: x != m))
            verify_inclusion(leaf_hash=tree.leaf(m), index=other, size=n, proof=proof, root=root)


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 300).flatmap(lambda n: st.tuples(st.integers(1, n), st.just(n))), st.data())
def test_consistency_proof_verifies_and_every_flipped_bit_fails(
    sizes: tuple[int, int], data: st.DataObject
) -> None:
    m, n = sizes
    tree = _tree(n)
    proof = tree.consistency_proof(m, n)
    verify_consistency(size1=m, size2=n, root1=tree.root(m), root2=tree.root(), proof=proof)
    blobs = [tree.root(m), *proof, tree.root()]
    which = data.draw(st.integers(0, len(blobs) - 1))
    bit = data.draw(st.integers(0, 255))
    flipped = bytearray(blobs[which])
    flipped[bit // 8] ^= 1 << (bit % 8)
    blobs[which] = bytes(flipped)
    with pytest.raises(ProofError):
        verify_consistency(size1=m, size2=n, root1=blobs[0], root2=blobs[-1], proof=blobs[1:-1])


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 13, 64, 100, 1000])
def test_every_leaf_of_a_tree_has_a_verifying_proof(n: int) -> None:
    tree = _tree(n)
    root = tree.root()
    for m in range(n):
        root_from = root_from_inclusion_proof(
            leaf_hash=tree.leaf(m), index=m, size=n, proof=tree.inclusion_proof(m)
        )
        assert root_from == root


def test_proof_length_is_logarithmic_at_a_million_leaves() -> None:
    tree = MerkleTree()
    h = leaf_hash(b"x")
    # Same leaf hash everywhere: cheap to build, and the shape is what is tested.
    for _ in range(1 << 14):
        tree.append(h)
    proof = tree.inclusion_proof(12345)
    assert len(proof) == 14
    verify_inclusion(leaf_hash=h, index=12345, size=tree.size, proof=proof, root=tree.root())


def test_frontier_rejects_wrong_number_of_hashes() -> None:
    with pytest.raises(ValueError):
        Frontier(3, [leaf_hash(b"a")])

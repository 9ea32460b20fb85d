"""The Merkle tree of the custody log, exactly as RFC 9162 §2.1 defines it (RFC 6962 hashing).

Hashing (RFC 6962 §2.1, unchanged in RFC 9162 §2.1.1)::

    MTH({})  = SHA-256()
    leaf     = SHA-256(0x00 || entry)
    node     = SHA-256(0x01 || left || right)

Two tree shapes are provided:

* :class:`Frontier` keeps only the roots of the perfect subtrees on the right edge
  (at most 64 hashes): O(log n) per append and per root, for writers that do not hold
  the whole log.
* :class:`MerkleTree` keeps every perfect subtree hash, level by level, in flat
  ``bytearray`` buffers (2n hashes in all): appends are amortized O(1) and inclusion and
  consistency proofs cost O(log n) look-ups plus O(log n) hashes for the right edge.

The verifiers follow RFC 9162 §2.1.3.2 and §2.1.4.2 and add the checks that the
transparency-dev test probes expect: every hash is 32 bytes, the proof has exactly the
length the sizes imply, ``size1 == 0`` is refused, and equal sizes need an empty proof.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

HASH_SIZE = 32
LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
EMPTY_ROOT = hashlib.sha256(b"").digest()


class ProofError(ValueError):
    """A Merkle proof (inclusion or consistency) does not verify; the message says why."""


def leaf_hash(data: bytes) -> bytes:
    """RFC 6962 §2.1 leaf hash: SHA-256(0x00 || data)."""
    return hashlib.sha256(LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """RFC 6962 §2.1 interior node hash: SHA-256(0x01 || left || right)."""
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def _largest_power_of_two_below(n: int) -> int:
    """The k of RFC 9162 §2.1.1: the largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


# --- verification -------------------------------------------------------------------------


def _check_hash(value: bytes, what: str) -> None:
    if not isinstance(value, bytes | bytearray) or len(value) != HASH_SIZE:
        length = len(value) if isinstance(value, bytes | bytearray) else type(value).__name__
        raise ProofError(f"{what} is {length} bytes, not {HASH_SIZE}")


def _inclusion_shape(index: int, size: int) -> tuple[int, int]:
    """(inner, border): how many proof hashes sit below and on the right border.

    The inner part is the path while the leaf's and the last leaf's paths differ; the
    border part is the hashes of the left siblings where they coincide.
    """
    inner = (index ^ (size - 1)).bit_length()
    border = bin(index >> inner).count("1")
    return inner, border


def root_from_inclusion_proof(
    *, leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes]
) -> bytes:
    """The root implied by an inclusion proof (RFC 9162 §2.1.3.2 steps 1-4).

    Args:
        leaf_hash: The 32-byte leaf hash.
        index: 0-based leaf index.
        size: Tree size the proof is for.
        proof: The audit path, bottom up.

    Raises:
        ProofError: Index out of range, wrong lengths, or wrong proof length.
    """
    if index < 0 or size < 0:
        raise ProofError(f"negative index {index} or size {size}")
    if index >= size:
        raise ProofError(f"leaf index {index} is not below tree size {size}")
    _check_hash(leaf_hash, "leaf hash")
    inner, border = _inclusion_shape(index, size)
    if len(proof) != inner + border:
        raise ProofError(
            f"inclusion proof has {len(proof)} hashes; index {index} in size {size} needs {inner + border}"
        )
    for i, p in enumerate(proof):
        _check_hash(p, f"proof hash {i}")
    # RFC 9162 §2.1.3.2 step 2-4.
    fn, sn = index, size - 1
    r = bytes(leaf_hash)
    for p in proof:
        if sn == 0:
            raise ProofError("inclusion proof is longer than the path to the root")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("inclusion proof is shorter than the path to the root")
    return r


def verify_inclusion(
    *, leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> None:
    """Check that ``leaf_hash`` is leaf ``index`` of the tree of ``size`` with ``root``.

    Raises:
        ProofError: The proof does not verify; the message says how.
    """
    _check_hash(root, "root hash")
    got = root_from_inclusion_proof(leaf_hash=leaf_hash, index=index, size=size, proof=proof)
    if got != root:
        raise ProofError(
            f"inclusion proof for leaf {index} of {size} gives root {got.hex()}, expected {bytes(root).hex()}"
        )


def _consistency_length(size1: int, size2: int) -> int:
    """Number of hashes in SUBPROOF(size1, D[size2], true) (RFC 9162 §2.1.4.1)."""
    n = 0
    m, size, start = size1, size2, True
    while m != size:
        k = _largest_power_of_two_below(size)
        n += 1
        if m <= k:
            size = k
        else:
            m -= k
            size -= k
            start = False
    return n + (0 if start else 1)


def verify_consistency(
    *, size1: int, size2: int, root1: bytes, root2: bytes, proof: Sequence[bytes]
) -> None:
    """Check that the tree of ``size2`` with ``root2`` extends the tree of ``size1`` with ``root1``.

    Follows RFC 9162 §2.1.4.2. ``size1 == 0`` is refused: "the log was empty" must be
    handled by the caller, never accepted by the verifier.

    Raises:
        ProofError: The proof does not verify; the message says how.
    """
    if size1 <= 0:
        raise ProofError(f"old tree size {size1}: a consistency proof needs size1 >= 1")
    if size2 < size1:
        raise ProofError(f"new tree size {size2} is smaller than old size {size1}")
    if size1 == size2:
        # Nothing to compute: the two heads must simply be the same (as transparency-dev
        # verifies it, the probe "sizes-are-equal-one-and-proof-is-empty" compares bytes only).
        if len(proof) != 0:
            raise ProofError("sizes are equal but the consistency proof is not empty")
        if bytes(root1) != bytes(root2):
            raise ProofError("sizes are equal but the roots differ")
        return
    _check_hash(root1, "old root hash")
    _check_hash(root2, "new root hash")
    for i, p in enumerate(proof):
        _check_hash(p, f"proof hash {i}")
    want = _consistency_length(size1, size2)
    if len(proof) != want:
        raise ProofError(
            f"consistency proof has {len(proof)} hashes; sizes {size1} -> {size2} need {want}"
        )
    path = list(proof)
    # Step 2: when size1 is a power of two the old root is implied, not sent.
    if size1 & (size1 - 1) == 0:
        path.insert(0, bytes(root1))
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:  # step 4
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("consistency proof is longer than the path to the root")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("consistency proof is shorter than the path to the root")
    if fr != bytes(root1):
        raise ProofError(
            f"consistency proof gives old root {fr.hex()}, expected {bytes(root1).hex()}"
        )
    if sr != bytes(root2):
        raise ProofError(
            f"consistency proof gives new root {sr.hex()}, expected {bytes(root2).hex()}"
        )


# --- building -----------------------------------------------------------------------------


class Frontier:
    """The compact right edge of a tree: one hash per set bit of its size.

    ``hashes[i]`` is the root of a perfect subtree; they are ordered left to right, so the
    first covers the most leaves. Appending merges equal-sized subtrees (like binary
    addition); the root folds them right to left (RFC 9162 §2.1.1 MTH on the right edge).
    """

    __slots__ = ("hashes", "size")

    def __init__(self, size: int = 0, hashes: Iterable[bytes] = ()) -> None:
        self.size = size
        self.hashes = [bytes(h) for h in hashes]
        if len(self.hashes) != bin(size).count("1"):
            raise ValueError(
                f"frontier of size {size} needs {bin(size).count('1')} hashes, got {len(self.hashes)}"
            )
        for h in self.hashes:
            _check_hash(h, "frontier hash")

    def append(self, leaf: bytes) -> None:
        """Add one leaf hash (O(log n))."""
        h = bytes(leaf)
        n = self.size
        while n & 1:
            h = node_hash(self.hashes.pop(), h)
            n >>= 1
        self.hashes.append(h)
        self.size += 1

    def root(self) -> bytes:
        """The Merkle tree hash of the leaves appended so far."""
        if self.size == 0:
            return EMPTY_ROOT
        r = self.hashes[-1]
        for h in reversed(self.hashes[:-1]):
            r = node_hash(h, r)
        return r

    def copy(self) -> Frontier:
        """An independent copy."""
        return Frontier(self.size, self.hashes)


class MerkleTree:
    """A log tree that stores every perfect subtree hash, for fast proofs at any past size.

    ``levels[j]`` holds, 32 bytes each, the hashes of the complete subtrees of ``2**j``
    leaves aligned at multiples of ``2**j``; ``levels[0]`` is the leaf hashes.
    """

    def __init__(self, leaf_hashes: Iterable[bytes] = ()) -> None:
        self.levels: list[bytearray] = [bytearray()]
        self.extend(leaf_hashes)

    @property
    def size(self) -> int:
        """Number of leaves."""
        return len(self.levels[0]) // HASH_SIZE

    def append(self, leaf: bytes) -> int:
        """Append one leaf hash; returns its index. Amortized O(1) hashes."""
        if len(leaf) != HASH_SIZE:
            raise ValueError(f"leaf hash is {len(leaf)} bytes, not {HASH_SIZE}")
        index = self.size
        self.levels[0] += leaf
        i, level = index, 0
        h = bytes(leaf)
        while i & 1:
            buf = self.levels[level]
            left = bytes(buf[(i - 1) * HASH_SIZE : i * HASH_SIZE])
            h = node_hash(left, h)
            level += 1
            i >>= 1
            if level == len(self.levels):
                self.levels.append(bytearray())
            self.levels[level] += h
        return index

    def extend(self, leaf_hashes: Iterable[bytes]) -> None:
        """Append several leaf hashes."""
        for h in leaf_hashes:
            self.append(h)

    def leaf(self, index: int) -> bytes:
        """The leaf hash at ``index``."""
        if not 0 <= index < self.size:
            raise IndexError(f"leaf {index} is outside a tree of {self.size}")
        return bytes(self.levels[0][index * HASH_SIZE : (index + 1) * HASH_SIZE])

    def _perfect(self, level: int, index: int) -> bytes:
        buf = self.levels[level]
        return bytes(buf[index * HASH_SIZE : (index + 1) * HASH_SIZE])

    def _range_hash(self, start: int, end: int) -> bytes:
        """MTH(D[start:end]) where start is aligned to the largest power of two <= end-start.

        Every range an RFC 9162 proof asks for has that shape. A perfect aligned range is a
        stored hash; otherwise it splits at the largest power of two (RFC 9162 §2.1.1).
        """
        n = end - start
        if n & (n - 1) == 0:
            level = n.bit_length() - 1
            return self._perfect(level, start >> level)
        k = _largest_power_of_two_below(n)
        return node_hash(self._range_hash(start, start + k), self._range_hash(start + k, end))

    def root(self, size: int | None = None) -> bytes:
        """MTH of the first ``size`` leaves (default: all)."""
        n = self.size if size is None else size
        if not 0 <= n <= self.size:
            raise ValueError(f"size {n} is outside 0..{self.size}")
        if n == 0:
            return EMPTY_ROOT
        return self._range_hash(0, n)

    def frontier(self, size: int | None = None) -> Frontier:
        """The compact frontier of the first ``size`` leaves."""
        n = self.size if size is None else size
        hashes: list[bytes] = []
        start = 0
        for bit in reversed(range(n.bit_length())):
            if n >> bit & 1:
                hashes.append(self._perfect(bit, start >> bit))
                start += 1 << bit
        return Frontier(n, hashes)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """PATH(index, D[0:size]) of RFC 9162 §2.1.3.1, bottom up."""
        n = self.size if size is None else size
        if not 0 <= index < n <= self.size:
            raise ValueError(
                f"no inclusion proof for leaf {index} in a tree of {n} ({self.size} stored)"
            )
        path: list[bytes] = []
        start, end, m = 0, n, index
        while end - start > 1:
            k = _largest_power_of_two_below(end - start)
            if m < k:
                path.append(self._range_hash(start + k, end))
                end = start + k
            else:
                path.append(self._range_hash(start, start + k))
                start += k
                m -= k
        path.reverse()
        return path

    def consistency_proof(self, size1: int, size2: int | None = None) -> list[bytes]:
        """PROOF(size1, D[0:size2]) of RFC 9162 §2.1.4.1 (empty when the sizes are equal)."""
        n = self.size if size2 is None else size2
        if not 0 < size1 <= n <= self.size:
            raise ValueError(f"no consistency proof from {size1} to {n} ({self.size} stored)")
        path: list[bytes] = []
        start, end, m, whole = 0, n, size1, True
        while m != end - start:
            k = _largest_power_of_two_below(end - start)
            if m <= k:
                path.append(self._range_hash(start + k, end))
                end = start + k
            else:
                path.append(self._range_hash(start, start + k))
                start += k
                m -= k
                whole = False
        if not whole:
            path.append(self._range_hash(start, end))
        path.reverse()
        return path

"""Court bundles: written by the core writer, verified by the standalone verify.py; every byte counts."""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from dadkhah.core.bundle import verify as standalone
from dadkhah.core.bundle.writer import BundleEntry, BundleItem, plan_bundle, write_bundle
from dadkhah.core.custody.keys import key_fingerprint
from dadkhah.core.custody.log import build_entries, sign_head
from dadkhah.core.custody.merkle import MerkleTree
from dadkhah.core.custody.note import Signer
from dadkhah.core.evidence_store import EvidenceStore
from tests.core.custody.custody_vectors import MERKLE, load

T0 = datetime(2024, 5, 1, tzinfo=UTC)


def make_bundle(
    tmp: Path, n_items: int = 2, *, signer: Signer | None = None
) -> tuple[Path, Signer]:
    """A small case in memory: items ingested, one viewed, then exported."""
    signer = signer or Signer.generate("dadkhah-bundletest")
    store = EvidenceStore(tmp / "evidence")
    items = []
    for i in range(n_items):
        obj = store.put_bytes(f"fictional evidence file {i}\n".encode() * (i + 1))
        items.append(
            BundleItem(
                sha256=obj.sha256,
                size=obj.size,
                media_type="text/plain",
                original_name=f"file-{i}.txt",
                source=obj.path,
                metadata={"media_type": "text/plain", "gps": {"latitude": 35.7}},
            )
        )
    events = [
        {
            "actor": "investigator",
            "action": "ingest",
            "items": [it.sha256],
            "details": {"name": it.original_name},
            "time": T0,
        }
        for it in items
    ]
    events.append({"actor": "someone", "action": "view", "items": [], "details": {}, "time": T0})
    events.append(
        {
            "actor": "analyst",
            "action": "view",
            "items": [items[0].sha256],
            "details": {},
            "time": T0,
        }
    )
    tree = MerkleTree()
    rows = []
    for entry, data, leaf in build_entries(start=0, events=events):
        tree.append(leaf)
        rows.append((entry, data))
    plan = plan_bundle(
        case_name="Test case",
        synthetic=True,
        created="2024-05-02T00:00:00.000000Z",
        exported_by="legal-officer",
        query="all",
        verifier_key=signer.verifier().to_vkey(),
        items=items,
    )
    export = build_entries(
        start=tree.size,
        events=[
            {
                "actor": "legal-officer",
                "action": "export",
                "items": sorted(it.sha256 for it in items),
                "details": {"manifest_sha256": plan.manifest_sha256},
                "time": T0,
            }
        ],
    )[0]
    tree.append(export[2])
    rows.append((export[0], export[1]))
    head = sign_head(signer, tree.frontier())
    wanted = {it.sha256 for it in items}
    included = [
        BundleEntry(seq=e.seq, data=d, proof=tree.inclusion_proof(e.seq))
        for e, d in rows
        if wanted & set(e.items)
    ]
    out = tmp / "bundle.zip"
    write_bundle(
        out,
        plan,
        checkpoint=head.note,
        tree_size=head.size,
        export_seq=export[0].seq,
        entries=included,
        fingerprint=key_fingerprint(signer.public_key),
    )
    return out, signer


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> tuple[Path, Signer]:
    return make_bundle(tmp_path_factory.mktemp("bundle"))


def test_honest_bundle_verifies(bundle) -> None:
    path, signer = bundle
    problems, facts = standalone.verify_bundle(str(path), pin=key_fingerprint(signer.public_key))
    assert problems == []
    assert facts["items"] == 2 and facts["entries"] == 4  # 2 ingests, 1 view, the export


def test_bundle_is_a_plain_zip_anyone_can_open(bundle) -> None:
    path, _ = bundle
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        assert z.testzip() is None
    assert names[:5] == ["README.html", "manifest.json", "proofs.json", "verify.py", "key.pub"]
    assert sum(n.startswith("items/") for n in names) == 2


def test_verify_py_runs_alone_with_only_the_standard_library(bundle, tmp_path) -> None:
    path, _ = bundle
    with zipfile.ZipFile(path) as z:
        script = z.read("verify.py")
    (tmp_path / "verify.py").write_bytes(script)
    # -I: isolated mode (no site-packages, no user paths), -S: no site module at all.
    run = subprocess.run(
        [sys.executable, "-I", "-S", str(tmp_path / "verify.py"), str(path)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "VERIFIED" in run.stdout


def test_wrong_key_pin_fails(bundle) -> None:
    path, _ = bundle
    problems, _ = standalone.verify_bundle(str(path), pin="00" * 32)
    assert problems and "fingerprint" in problems[0]


def _flip(path: Path, pos: int, out: Path, bit: int = 0) -> Path:
    data = bytearray(path.read_bytes())
    data[pos] ^= 1 << bit
    out.write_bytes(bytes(data))
    return out


def _regions(path: Path) -> dict[str, tuple[int, int]]:
    """Byte ranges of each member's data, header, and the central directory."""
    regions = {}
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
        for info in infos:
            start = info.header_offset + 30 + len(info.filename.encode())
            regions[info.filename] = (start, start + info.file_size)
            regions[f"header:{info.filename}"] = (info.header_offset, start)
        cd = max(r[1] for r in regions.values())
    regions["central directory"] = (cd, path.stat().st_size)
    return regions


def test_a_changed_byte_in_every_region_fails_and_says_where(bundle, tmp_path) -> None:
    path, _ = bundle
    rng = random.Random(6)
    for name, (a, b) in _regions(path).items():
        if b <= a:
            continue
        for pos in {a, b - 1, rng.randrange(a, b)}:
            problems, _ = standalone.verify_bundle(str(_flip(path, pos, tmp_path / "t.zip")))
            assert problems, f"flip at {pos} in {name} not detected"
            label = name.removeprefix("header:")
            if (
                name.startswith("items/")
                or name.startswith("metadata/")
                or name in ("verify.py", "key.pub", "manifest.json", "README.html")
            ):
                assert any(label in p for p in problems), (name, problems)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_any_flipped_bit_anywhere_fails(bundle, tmp_path_factory, data: st.DataObject) -> None:
    path, _ = bundle
    size = path.stat().st_size
    pos = data.draw(st.integers(0, size - 1))
    bit = data.draw(st.integers(0, 7))
    out = tmp_path_factory.mktemp("flip") / "t.zip"
    problems, _ = standalone.verify_bundle(str(_flip(path, pos, out, bit)))
    assert problems, f"bit {bit} of byte {pos} not detected"


def test_appended_or_truncated_bytes_fail(bundle, tmp_path) -> None:
    path, _ = bundle
    raw = path.read_bytes()
    for variant in (raw + b"\0", raw[:-1], raw[:100], b""):
        (tmp_path / "t.zip").write_bytes(variant)
        problems, _ = standalone.verify_bundle(str(tmp_path / "t.zip"))
        assert problems


def test_bundle_resigned_by_another_key_fails_with_the_pin(bundle, tmp_path) -> None:
    _, signer = bundle
    forged, _ = make_bundle(tmp_path, signer=Signer.generate("dadkhah-forger"))
    assert standalone.verify_bundle(str(forged))[0] == []  # verifies under its own key…
    problems, _ = standalone.verify_bundle(str(forged), pin=key_fingerprint(signer.public_key))
    assert problems  # …but not under the case's published fingerprint


def test_command_line_exit_status(bundle, tmp_path, capsys) -> None:
    path, _ = bundle
    assert standalone.main([str(path)]) == 0
    bad = _flip(path, path.stat().st_size // 2, tmp_path / "bad.zip")
    assert standalone.main([str(bad)]) == 1
    assert "NOT VERIFIED" in capsys.readouterr().out
    assert standalone.main([]) == 2


# --- the pure-Python Ed25519 against RFC 8032 and `cryptography` ------------------------------

RFC8032_TEST1 = (
    "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
    "",
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
)


def test_ed25519_accepts_rfc8032_test_1() -> None:
    pub, msg, sig = (bytes.fromhex(x) for x in RFC8032_TEST1)
    assert standalone.ed25519_verify(pub, msg, sig)
    assert not standalone.ed25519_verify(pub, b"x", sig)


def test_ed25519_accepts_the_signed_note_vector() -> None:
    notes = load(MERKLE / "signed_note_vectors.json")
    if notes is None:
        pytest.skip("shared vectors absent")
    v = notes["ed25519_note"]
    signer = Signer.from_skey(v["signer_key"])
    import base64

    raw = base64.b64decode(v["signature_base64"])
    assert standalone.ed25519_verify(signer.public_key, v["text"].encode(), raw[4:])


@settings(max_examples=25, deadline=None)
@given(st.binary(max_size=200), st.integers(0, 63 * 8 + 7))
def test_ed25519_agrees_with_cryptography(message: bytes, flip: int) -> None:
    key = Ed25519PrivateKey.generate()
    from cryptography.hazmat.primitives import serialization

    pub = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    sig = key.sign(message)
    assert standalone.ed25519_verify(pub, message, sig)
    bad = bytearray(sig)
    bad[flip // 8] ^= 1 << (flip % 8)
    assert not standalone.ed25519_verify(pub, message, bytes(bad))


def test_ed25519_rejects_non_canonical_s() -> None:
    pub, msg, sig = (bytes.fromhex(x) for x in RFC8032_TEST1)
    s = int.from_bytes(sig[32:], "little") + standalone.L
    assert not standalone.ed25519_verify(pub, msg, sig[:32] + s.to_bytes(32, "little"))


def test_standalone_canonical_json_agrees_with_rfc8785() -> None:
    from dadkhah.core.custody.canonical import canonical_dumps

    value = {"b": [1, "é", None, True], "a": {"\u20ac": 1, "\U0001f600": 2, "z": "\n\t\u0001"}}
    assert standalone.canonical(value) == canonical_dumps(value)


def test_standalone_inclusion_agrees_with_core() -> None:
    tree = MerkleTree(hashlib.sha256(bytes([i])).digest() for i in range(37))
    for m in range(37):
        assert (
            standalone.root_from_inclusion(tree.leaf(m), m, 37, tree.inclusion_proof(m))
            == tree.root()
        )


def test_verify_py_is_self_contained() -> None:
    source = Path(standalone.__file__).read_text()
    imports = {
        line.split()[1].split(".")[0]
        for line in source.splitlines()
        if line.startswith(("import ", "from "))
    }
    assert imports <= {
        "__future__",
        "base64",
        "binascii",
        "hashlib",
        "html",
        "json",
        "re",
        "struct",
        "sys",
        "typing",
        "zlib",
    }
    assert os.path.getsize(standalone.__file__) < 40_000


def test_every_single_byte_change_anywhere_fails(bundle, tmp_path) -> None:
    """Every byte of the zip structure and of key.pub and proofs.json; every 5th byte of the
    other members (every 37th of verify.py and README.html, long texts)."""
    path, _ = bundle
    raw = bytearray(path.read_bytes())
    positions: set[int] = set()
    for name, (a, b) in _regions(path).items():
        step = (
            1
            if name.startswith("header:") or name in ("central directory", "key.pub", "proofs.json")
            else 5
        )
        step = 37 if name in ("verify.py", "README.html") else step
        positions.update(range(a, b, step))
    target = tmp_path / "t.zip"
    for pos in sorted(positions):
        raw[pos] ^= 0x20
        target.write_bytes(raw)
        raw[pos] ^= 0x20
        problems, _ = standalone.verify_bundle(str(target))
        assert problems, f"byte {pos} changed and not detected"


def _rezip(
    path: Path, out: Path, change: dict[str, bytes | None], add: dict[str, bytes] | None = None
) -> Path:
    """Rewrite the bundle in the exporter's exact layout with members changed (CRCs fixed):
    what a deliberate forger would do."""
    with zipfile.ZipFile(path) as z:
        members = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    members = [(n, change.get(n, d)) for n, d in members if not (n in change and change[n] is None)]
    members += list((add or {}).items())
    import zlib

    layout = [(n, len(d), zlib.crc32(d)) for n, d in members]
    headers, tail = standalone.zip_layout(layout)
    out.write_bytes(b"".join(h + d for h, (_, d) in zip(headers, members, strict=True)) + tail)
    return out


def _member(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(name)


def _item_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return [n for n in z.namelist() if n.startswith("items/")]


@pytest.mark.parametrize(
    "what, expect",
    [
        ("item", "differs from manifest.json"),
        ("metadata", "differs from manifest.json"),
        ("verify.py", "verify.py: SHA-256"),
        ("key.pub", "key.pub"),
        ("manifest", "manifest.json"),
        ("manifest-whitespace", "manifest.json: not in canonical form"),
        ("proof-hash", "inclusion proof does not reach the signed root"),
        ("entry", "proofs.json entry"),
        ("checkpoint", "checkpoint"),
        ("readme", "README.html: differs"),
        ("extra-member", "not listed in manifest.json"),
        ("missing-item", "missing from the zip"),
    ],
)
def test_deliberate_forgery_with_valid_zip_is_caught_and_named(
    bundle, tmp_path, what: str, expect: str
) -> None:
    path, _ = bundle
    item = _item_names(path)[0]
    sha = item.removeprefix("items/")
    proofs = _member(path, "proofs.json")
    changes: dict[str, bytes | None] = {}
    add: dict[str, bytes] = {}
    if what == "item":
        changes[item] = _member(path, item).replace(b"fictional", b"Fictional")
    elif what == "metadata":
        changes[f"metadata/{sha}.json"] = _member(path, f"metadata/{sha}.json").replace(
            b"35.7", b"35.8"
        )
    elif what == "verify.py":
        changes["verify.py"] = _member(path, "verify.py").replace(
            b"return problems, facts", b"return [], facts", 1
        )
    elif what == "key.pub":
        changes["key.pub"] = (
            Signer.generate("dadkhah-bundletest").verifier().to_vkey().encode() + b"\n"
        )
    elif what == "manifest":
        changes["manifest.json"] = _member(path, "manifest.json").replace(
            b"Test case", b"Test cose"
        )
    elif what == "manifest-whitespace":
        changes["manifest.json"] = _member(path, "manifest.json").replace(b",", b", ", 1)
    elif what == "proof-hash":
        i = proofs.index(b'"proof":["') + 10
        changes["proofs.json"] = (
            proofs[:i] + (b"0" if proofs[i : i + 1] != b"0" else b"1") + proofs[i + 1 :]
        )
    elif what == "entry":
        changes["proofs.json"] = proofs.replace(b"investigator", b"investigatoR", 1)
    elif what == "checkpoint":
        changes["proofs.json"] = proofs.replace(
            b"dadkhah-bundletest\\n", b"dadkhah-bundletesT\\n", 1
        )
    elif what == "readme":
        changes["README.html"] = _member(path, "README.html").replace(
            b"Evidence bundle", b"Evidence bundIe", 1
        )
    elif what == "extra-member":
        add["items/extra"] = b"planted"
    elif what == "missing-item":
        changes[item] = None
    forged = _rezip(path, tmp_path / "forged.zip", changes, add)
    problems, _ = standalone.verify_bundle(str(forged))
    assert problems, what
    assert any(expect in p for p in problems), problems

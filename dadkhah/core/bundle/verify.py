#!/usr/bin/env python3
"""Verify a dadkhah court bundle offline: `python3 verify.py BUNDLE.zip [--key FINGERPRINT]`.

Needs nothing but the Python standard library (3.9+). It checks every byte of the bundle:

* the zip itself is in the one layout the exporter writes (stored, fixed headers, no gaps,
  no trailing bytes), so no byte of it can change unnoticed;
* the tree head (a C2SP signed note) carries a valid Ed25519 signature by the case key in
  ``key.pub`` (RFC 8032 §5.1.7, implemented below);
* every custody entry in ``proofs.json`` is canonical JSON and is in the signed tree by its
  RFC 9162 §2.1.3 inclusion proof;
* the export entry names the SHA-256 of ``manifest.json``, which gives the SHA-256 of every
  other file; each item's bytes hash to its name and each item has its ingest entry;
* ``README.html`` is exactly what the verified data renders to.

Each problem names the member and, for an item or its metadata, the item's original
name, and says which check failed (``check 'item SHA-256' failed: …``).

Compare the printed key fingerprint with the one the case owner published (or pass it
with ``--key``): anyone can make a bundle that verifies under their own key.
Exit status 0: everything verified; 1: something is wrong (each problem is printed).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import html
import json
import re
import struct
import sys
import zlib
from typing import Any

FORMAT = "dadkhah-bundle/1"
MAX_MEMBERS = 200_000
MAX_SMALL = 64 * 1024 * 1024  # JSON, key, script and page are read into memory up to this
CHUNK = 1 << 20

# --- Ed25519 verification (RFC 8032 §5.1) ---------------------------------------------------

P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)
_GY = 4 * pow(5, P - 2, P) % P
_GX_SIGN = 0


def _recover_x(y: int, sign: int) -> int | None:
    """RFC 8032 §5.1.3 steps 2-4: x from y and its sign bit, or None."""
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P != 0:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P != 0:
        return None
    if (x & 1) != sign:
        x = P - x
    return x


Point = tuple[int, int, int, int]  # extended coordinates (X, Y, Z, T), x = X/Z, y = Y/Z


def _add(p: Point, q: Point) -> Point:
    """RFC 8032 §5.1.4 point addition (extended coordinates)."""
    a = (p[1] - p[0]) * (q[1] - q[0]) % P
    b = (p[1] + p[0]) * (q[1] + q[0]) % P
    c = 2 * p[3] * q[3] * D % P
    d = 2 * p[2] * q[2] % P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _mul(s: int, p: Point) -> Point:
    q: Point = (0, 1, 1, 0)
    while s > 0:
        if s & 1:
            q = _add(q, p)
        p = _add(p, p)
        s >>= 1
    return q


def _equal(p: Point, q: Point) -> bool:
    return (p[0] * q[2] - q[0] * p[2]) % P == 0 and (p[1] * q[2] - q[1] * p[2]) % P == 0


def _decode_point(s: bytes) -> Point | None:
    if len(s) != 32:
        return None
    y = int.from_bytes(s, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = _recover_x(y, sign)
    if x is None:
        return None
    return (x, y, 1, x * y % P)


_GX = _recover_x(_GY, _GX_SIGN)
assert _GX is not None
G: Point = (_GX, _GY, 1, _GX * _GY % P)


def ed25519_verify(public: bytes, message: bytes, signature: bytes) -> bool:
    """RFC 8032 §5.1.7: check [8][S]B = [8]R + [8][k]A'."""
    if len(public) != 32 or len(signature) != 64:
        return False
    a = _decode_point(public)
    r = _decode_point(signature[:32])
    if a is None or r is None:
        return False
    s = int.from_bytes(signature[32:], "little")
    if s >= L:
        return False
    k = int.from_bytes(hashlib.sha512(signature[:32] + public + message).digest(), "little") % L
    left = _mul(8, _mul(s, G))
    right = _mul(8, _add(r, _mul(k, a)))
    return _equal(left, right)


# --- Merkle tree (RFC 9162 §2.1, RFC 6962 hashing) ------------------------------------------


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_from_inclusion(leaf: bytes, index: int, size: int, proof: list[bytes]) -> bytes:
    """RFC 9162 §2.1.3.2; raises ValueError when the proof cannot be for (index, size)."""
    if not 0 <= index < size:
        raise ValueError(f"index {index} is not below tree size {size}")
    if len(leaf) != 32 or any(len(p) != 32 for p in proof):
        raise ValueError("a hash is not 32 bytes")
    inner = (index ^ (size - 1)).bit_length()
    if len(proof) != inner + bin(index >> inner).count("1"):
        raise ValueError(f"proof has {len(proof)} hashes, not the number index/size imply")
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise ValueError("proof is too long")
        if fn & 1 or fn == sn:
            r = _node(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = _node(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ValueError("proof is too short")
    return r


# --- canonical JSON (RFC 8785 for strings, safe integers, no floats) ------------------------


def canonical(value: Any) -> bytes:
    """RFC 8785 output for the JSON subset custody data uses (no floats)."""

    def order(v: Any) -> Any:
        if isinstance(v, dict):
            return {k: order(v[k]) for k in sorted(v, key=lambda k: k.encode("utf-16-be"))}
        if isinstance(v, list):
            return [order(x) for x in v]
        if isinstance(v, float) or (isinstance(v, int) and abs(v) > 2**53 - 1):
            raise ValueError("a number outside the canonical subset")
        return v

    text = json.dumps(order(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.encode("utf-8")


def load_canonical(data: bytes, what: str) -> Any:
    def no_float(text: str) -> Any:
        raise ValueError(f"{what}: float {text} is not allowed")

    try:
        value = json.loads(data.decode("utf-8"), parse_float=no_float, parse_constant=no_float)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:  # RecursionError: too deep
        raise ValueError(f"{what}: not valid JSON ({exc})") from exc
    if canonical(value) != data:
        raise ValueError(f"{what}: not in canonical form (a byte was changed or added)")
    return value


def unhex(text: Any, what: str) -> bytes:
    if not isinstance(text, str) or not re.fullmatch(r"(?:[0-9a-f]{2})*", text):
        raise ValueError(f"{what}: not lowercase hex")
    return bytes.fromhex(text)


def b64_strict(text: str, what: str) -> bytes:
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError(f"{what}: not valid base64") from exc
    if base64.b64encode(raw).decode("ascii") != text:
        raise ValueError(f"{what}: base64 not in canonical form")
    return raw


# --- signed note and checkpoint (C2SP signed-note, tlog-checkpoint) -------------------------


def parse_vkey(vkey: str) -> tuple[str, bytes]:
    """``<name>+<hash>+<base64(0x01 || key)>`` -> (name, 32-byte key), checking the hash."""
    parts = vkey.split("+", 2)
    if len(parts) != 3 or not parts[0] or re.search(r"\s", parts[0]):
        raise ValueError("key.pub: not <name>+<hash>+<key>")
    name, hash16, key64 = parts
    key = b64_strict(key64, "key.pub")
    if len(key) != 33 or key[0] != 1 or not re.fullmatch(r"[0-9a-f]{8}", hash16):
        raise ValueError("key.pub: not an Ed25519 signed-note key")
    if hashlib.sha256(name.encode() + b"\n" + key).digest()[:4].hex() != hash16:
        raise ValueError("key.pub: key hash does not match")
    return name, key[1:]


def open_checkpoint(note: str, name: str, public: bytes) -> tuple[int, bytes]:
    """Verify a signed checkpoint by (name, key); return (tree size, root hash)."""
    if any(ord(c) < 0x20 and c != "\n" for c in note):
        raise ValueError("checkpoint: control character")
    split = note.rfind("\n\n")
    if split < 0:
        raise ValueError("checkpoint: no signature block")
    text, block = note[: split + 1], note[split + 2 :]
    if not block.endswith("\n"):
        raise ValueError("checkpoint: signature block does not end with a newline")
    key_hash = hashlib.sha256(name.encode() + b"\n\x01" + public).digest()[:4]
    good = 0
    for line in block[:-1].split("\n"):
        if not line.startswith("\u2014 "):
            raise ValueError("checkpoint: malformed signature line")
        signer, _, b64 = line[2:].partition(" ")
        raw = b64_strict(b64, "checkpoint signature")
        if signer != name or raw[:4] != key_hash:
            raise ValueError(f"checkpoint: signature by another key ({signer})")
        if len(raw) != 68 or not ed25519_verify(public, text.encode("utf-8"), raw[4:]):
            raise ValueError("checkpoint: Ed25519 signature does not verify")
        good += 1
    if good != 1:
        raise ValueError("checkpoint: needs exactly one signature by the case key")
    lines = text[:-1].split("\n")
    if len(lines) != 3 or lines[0] != name:
        raise ValueError("checkpoint: body is not <origin>\\n<size>\\n<root>")
    if not re.fullmatch(r"0|[1-9][0-9]{0,19}", lines[1]):
        raise ValueError("checkpoint: bad tree size")
    root = b64_strict(lines[2], "checkpoint root")
    if len(root) != 32:
        raise ValueError("checkpoint: root is not 32 bytes")
    return int(lines[1]), root


# --- the zip, read strictly ------------------------------------------------------------------

LOCAL = struct.Struct("<IHHHHHIIIHH")
CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
END = struct.Struct("<IHHHHIIH")
VERSION = 20
MADE_BY = (3 << 8) | VERSION
FLAGS = 0x0800  # names are UTF-8
DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01
EXTERNAL = 0o100444 << 16


def zip_layout(members: list[tuple[str, int, int]]) -> tuple[list[bytes], bytes]:
    """The exact local headers and the central directory + end record for (name, size, crc)."""
    headers, central, offset = [], b"", 0
    for name, size, crc in members:
        raw = name.encode("utf-8")
        head = LOCAL.pack(0x04034B50, VERSION, FLAGS, 0, 0, DOS_DATE, crc, size, size, len(raw), 0)
        headers.append(head + raw)
        central += (
            CENTRAL.pack(
                0x02014B50,
                MADE_BY,
                VERSION,
                FLAGS,
                0,
                0,
                DOS_DATE,
                crc,
                size,
                size,
                len(raw),
                0,
                0,
                0,
                0,
                EXTERNAL,
                offset,
            )
            + raw
        )
        offset += len(head) + len(raw) + size
    end = END.pack(0x06054B50, 0, 0, len(members), len(members), len(central), offset, 0)
    return headers, central + end


def _valid_name(name: str) -> bool:
    return (
        bool(name)
        and len(name) <= 512
        and not name.startswith("/")
        and "\\" not in name
        and all(part not in ("", ".", "..") for part in name.split("/"))
    )


def read_zip(
    path: str, changed: list[str] | None = None
) -> tuple[dict[str, bytes], dict[str, str], list[str]]:
    """Read every member; return (small contents, sha256 of every member, names in order).

    A member whose bytes do not match the CRC-32 its header gives raises ValueError, unless
    ``changed`` is a list: then its name is appended there and the reading goes on, so
    that the caller can name the item and check everything else too.
    """
    small: dict[str, bytes] = {}
    digests: dict[str, str] = {}
    order: list[tuple[str, int, int]] = []
    with open(path, "rb") as fh:
        while True:
            start = fh.tell()
            head = fh.read(LOCAL.size)
            if head[:4] != b"PK\x03\x04":
                fh.seek(start)
                break
            if len(head) != LOCAL.size:
                raise ValueError(f"zip: truncated header at byte {start}")
            f = LOCAL.unpack(head)
            size, name_len = f[7], f[9]
            raw_name = fh.read(name_len)
            try:
                name = raw_name.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ValueError(f"zip: member name at byte {start} is not UTF-8") from exc
            if not _valid_name(name) or name in digests:
                raise ValueError(f"zip: member name {name!r} is unsafe or repeated")
            if len(digests) >= MAX_MEMBERS:
                raise ValueError("zip: too many members")
            sha, crc, left, keep = hashlib.sha256(), 0, size, b""
            want_small = not name.startswith("items/") and size <= MAX_SMALL
            while left:
                chunk = fh.read(min(CHUNK, left))
                if not chunk:
                    raise ValueError(f"zip: {name} is truncated")
                sha.update(chunk)
                crc = zlib.crc32(chunk, crc)
                left -= len(chunk)
                if want_small:
                    keep += chunk
            if f[6] != crc:
                if changed is None:
                    raise ValueError(
                        f"{name}: its bytes were changed (CRC-32 in the zip does not match)"
                    )
                changed.append(name)
                crc = f[6]  # the header as written; the SHA-256 checks judge the bytes
            expected = zip_layout([(name, size, crc)])[0][0]
            if head + raw_name != expected:
                raise ValueError(f"zip: local header of {name} differs from the exporter's layout")
            digests[name] = sha.hexdigest()
            order.append((name, size, crc))
            if want_small:
                small[name] = keep
        if not order:
            raise ValueError("zip: no members (not a dadkhah bundle)")
        tail = fh.read()
    _headers, expected_tail = zip_layout(order)
    if tail != expected_tail:
        at = next((i for i, (a, b) in enumerate(zip(tail, expected_tail)) if a != b), None)  # noqa: B905 (3.9)
        where = f"byte {at} of the central directory" if at is not None else "its length"
        raise ValueError(f"zip: central directory or end record differs from the layout ({where})")
    return small, digests, [n for n, _, _ in order]


# --- the human-readable page, rendered from verified data -----------------------------------


def render_readme(manifest: dict[str, Any], proofs: dict[str, Any], fingerprint: str) -> bytes:
    """README.html: deterministic, so the verifier can re-render and compare it."""
    e = html.escape
    rows = []
    for item in manifest["items"]:
        rows.append(
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>".format(
                e(item["sha256"]), e(item["original_name"]), e(item["media_type"]), item["size"]
            )
        )
    entries = []
    for ent in proofs["entries"]:
        obj = json.loads(ent["entry"])
        entries.append(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>".format(
                obj["seq"],
                e(obj["time"]),
                e(obj["actor"]),
                e(obj["action"]),
                e(", ".join(h[:12] for h in obj["items"])),
            )
        )
    synthetic = "<p><strong>SYNTHETIC DEMO DATA: every person in it is fictional.</strong></p>"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><title>Evidence bundle</title></head><body>',
        f"<h1>Evidence bundle: {e(manifest['case'])}</h1>",
        synthetic if manifest.get("synthetic") else "",
        f"<p>Exported {e(manifest['created'])} by {e(manifest['exported_by'])}; selection: "
        f"<code>{e(manifest['query'])}</code>.</p>",
        "<h2>How to verify</h2><p>Run <code>python3 verify.py THIS.zip</code> (Python 3.9+, "
        "nothing else). It checks every byte of this file. Then compare the key fingerprint "
        f"below with the one the case owner published.</p><p>Case key: <code>{e(manifest['key'])}</code>"
        f"<br>Fingerprint (SHA-256 of the key): <code>{e(fingerprint)}</code></p>",
        f"<h2>Signed tree head</h2><pre>{e(proofs['checkpoint'])}</pre>",
        f"<h2>Items ({len(rows)})</h2><table><tr><th>SHA-256</th><th>original name</th>"
        "<th>media type</th><th>bytes</th></tr>",
        *rows,
        "</table>",
        f"<h2>Custody entries ({len(entries)})</h2><table><tr><th>seq</th><th>time (UTC)</th>"
        "<th>actor</th><th>action</th><th>items</th></tr>",
        *entries,
        "</table></body></html>",
    ]
    return ("\n".join(p for p in parts if p) + "\n").encode("utf-8")


# --- the whole bundle ------------------------------------------------------------------------


PROOFS_KEYS = {"checkpoint", "entries", "export_seq", "format", "tree_size"}
ENTRY_KEYS = {"entry", "proof", "seq"}


def check_shapes(manifest: Any, proofs: Any) -> None:
    """Raise ValueError unless manifest.json and proofs.json have the shapes read below.

    Both are signed data, but they are read before their signatures are checked: a
    damaged or forged file must give a problem, not a crash.
    """
    for what, doc in (("manifest.json", manifest), ("proofs.json", proofs)):
        if not isinstance(doc, dict):
            raise ValueError(f"{what}: not a JSON object")
    for key in ("files", "items"):
        rows = manifest.get(key, [])
        field = "path" if key == "files" else "sha256"
        if not isinstance(rows, list) or not all(
            isinstance(r, dict) and isinstance(r.get(field), str) for r in rows
        ):
            raise ValueError(f"manifest.json: {key} is not a list of objects with a {field} text")
    # proofs.json is not hashed as a whole: each part is checked on its own, so a key the
    # exporter does not write would be bytes nobody checked.
    if set(proofs) != PROOFS_KEYS:
        raise ValueError(f"proofs.json: its keys are not {', '.join(sorted(PROOFS_KEYS))}")
    if not isinstance(proofs["checkpoint"], str):
        raise ValueError("proofs.json: checkpoint is not text")
    if type(proofs["export_seq"]) is not int or type(proofs["tree_size"]) is not int:
        raise ValueError("proofs.json: export_seq or tree_size is not a number")  # true is no 1
    if not isinstance(proofs["entries"], list):
        raise ValueError("proofs.json: entries is not a list")
    for i, ent in enumerate(proofs["entries"]):
        if not isinstance(ent, dict) or set(ent) != ENTRY_KEYS:
            raise ValueError(f"proofs.json entry #{i}: its keys are not entry, proof, seq")


def _labeller(manifest: dict[str, Any]) -> Any:
    """How a problem names a member: an item and its metadata by the item's original name."""
    names = {}
    for item in manifest.get("items", []):
        sha = item.get("sha256", "")
        name = item.get("original_name")
        if isinstance(name, str) and name:
            names[f"items/{sha}"] = names[f"metadata/{sha}.json"] = name

    def label(member: str) -> str:
        name = names.get(member)
        if name is None:
            return member
        what = "item" if member.startswith("items/") else "metadata of item"
        return f"{member} ({what} {json.dumps(name, ensure_ascii=False)})"

    return label


def verify_bundle(path: str, *, pin: str | None = None) -> tuple[list[str], dict[str, Any]]:
    """Check a bundle; return (problems, facts). No problems means it verified."""
    problems: list[str] = []
    facts: dict[str, Any] = {}
    changed: list[str] = []
    try:
        small, digests, names = read_zip(path, changed)
    except (OSError, ValueError) as exc:
        return [str(exc)], facts
    for member in changed:
        if not member.startswith(("items/", "metadata/")):
            return [f"{member}: its bytes were changed (CRC-32 in the zip does not match)"], facts
    for need in ("manifest.json", "proofs.json", "key.pub", "README.html", "verify.py"):
        if need not in small:
            problems.append(f"{need}: missing from the bundle")
    if problems:
        return problems, facts
    try:
        manifest = load_canonical(small["manifest.json"], "manifest.json")
        proofs = load_canonical(small["proofs.json"], "proofs.json")
        check_shapes(manifest, proofs)
        if manifest.get("format") != FORMAT or proofs.get("format") != FORMAT:
            raise ValueError(f"manifest.json/proofs.json: format is not {FORMAT}")
        vkey = small["key.pub"].decode("utf-8")
        if (
            not vkey.endswith("\n")
            or vkey != vkey.strip() + "\n"
            or vkey.strip() != manifest["key"]
        ):
            raise ValueError("key.pub: differs from the key named in manifest.json")
        name, public = parse_vkey(vkey.strip())
        size, root = open_checkpoint(proofs["checkpoint"], name, public)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        return [str(exc)], facts
    fingerprint = hashlib.sha256(public).hexdigest()
    facts.update(fingerprint=fingerprint, key=name, tree_size=size, root=root.hex())
    if pin is not None and pin.lower() != fingerprint:
        problems.append(f"key.pub: fingerprint {fingerprint} is not the expected {pin}")
    if proofs.get("tree_size") != size:
        problems.append("proofs.json: tree_size differs from the signed checkpoint")
    # Custody entries: each proven in the signed tree.
    entries: dict[int, dict[str, Any]] = {}
    last = -1
    for i, ent in enumerate(proofs.get("entries", [])):
        where = f"proofs.json entry #{i}"
        try:
            data = ent["entry"].encode("utf-8")
            obj = load_canonical(data, where)
            if not (
                isinstance(obj, dict)
                and isinstance(obj.get("action"), str)
                and isinstance(obj.get("details"), dict)
                and isinstance(obj.get("items"), list)
                and all(isinstance(h, str) for h in obj["items"])
            ):
                raise ValueError(f"{where}: not a custody entry")
            seq = ent["seq"]
            # JSON true is a Python int equal to 1: only a real number is a seq.
            if obj.get("seq") != seq or type(seq) is not int or seq <= last:
                raise ValueError(f"{where}: seq {seq!r} wrong or out of order")
            last = seq
            proof = [unhex(h, where) for h in ent["proof"]]
            if root_from_inclusion(leaf_hash(data), seq, size, proof) != root:
                raise ValueError(
                    f"{where} (seq {seq}): inclusion proof does not reach the signed root"
                )
            entries[seq] = obj
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            problems.append(str(exc))
    facts["entries"] = len(entries)
    export = entries.get(proofs.get("export_seq", -1))
    manifest_sha = digests["manifest.json"]
    if export is None or export.get("action") != "export":
        problems.append("proofs.json: the export entry is missing or is not an export")
    elif export.get("details", {}).get("manifest_sha256") != manifest_sha:
        problems.append(
            f"manifest.json: its SHA-256 {manifest_sha} is not the one the signed export entry names"
        )
    label = _labeller(manifest)
    for member in changed:
        problems.append(
            f"{label(member)}: check 'zip CRC-32' failed: its bytes were changed after "
            f"export (they now hash to SHA-256 {digests[member]})"
        )
    # Every other file: listed in the manifest with its hash.
    listed = {f["path"]: f for f in manifest.get("files", [])}
    covered = {"manifest.json", "proofs.json", "README.html"}
    for member in names:
        if member in covered:
            continue
        f = listed.get(member)
        if f is None:
            problems.append(
                f"{label(member)}: check 'listed' failed: in the zip but not listed in "
                "manifest.json"
            )
        elif f.get("sha256") != digests[member]:
            problems.append(
                f"{label(member)}: SHA-256 {digests[member]} differs from manifest.json "
                f"(check 'manifest SHA-256' failed: it lists {f.get('sha256')})"
            )
    for member in sorted(set(listed) - set(names)):
        problems.append(
            f"{label(member)}: check 'present' failed: listed in manifest.json but missing "
            "from the zip"
        )
    # The exporter writes the members in one order; another order is other bytes.
    if names != ["README.html", "manifest.json", "proofs.json", *listed]:
        problems.append("zip: the members are not in the exporter's order (manifest.json's)")
    # An item enters the log by an ingest entry naming it, or as the first item of a
    # derivative entry (the new working copy; the second is its original).
    ingested = {h for o in entries.values() if o.get("action") == "ingest" for h in o["items"]}
    ingested |= {o["items"][0] for o in entries.values() if o.get("action") == "derivative"}
    for item in manifest.get("items", []):
        sha = item.get("sha256", "")
        member = f"items/{sha}"
        if digests.get(member) != sha:
            problems.append(
                f"{label(member)}: check 'item SHA-256' failed: its bytes do not hash to "
                "the item's name"
            )
        if sha not in ingested:
            problems.append(
                f"{label(member)}: check 'ingest entry' failed: no ingest entry for this "
                "item among the proven entries"
            )
        if export is not None and sha not in export.get("items", []):
            problems.append(
                f"{label(member)}: check 'export entry' failed: not named by the signed "
                "export entry"
            )
    facts["items"] = len(manifest.get("items", []))
    if not problems:
        try:
            expected = render_readme(manifest, proofs, fingerprint)
        except (KeyError, TypeError, ValueError) as exc:
            expected = f"unrenderable: {exc}".encode()
        if small["README.html"] != expected:
            problems.append("README.html: differs from the page the verified data renders to")
    return problems, facts


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    pin = None
    if "--key" in args:
        i = args.index("--key")
        if i + 1 >= len(args):
            print("usage: python3 verify.py BUNDLE.zip [--key FINGERPRINT]", file=sys.stderr)
            return 2
        pin = args[i + 1]
        del args[i : i + 2]
    if len(args) != 1:
        print("usage: python3 verify.py BUNDLE.zip [--key FINGERPRINT]", file=sys.stderr)
        return 2
    problems, facts = verify_bundle(args[0], pin=pin)
    if facts.get("fingerprint"):
        print(f"case key {facts['key']}  fingerprint {facts['fingerprint']}")
        print(f"signed tree head: size {facts['tree_size']}, root {facts['root']}")
    if problems:
        for p in problems:
            print(f"FAIL {p}")
        print(f"NOT VERIFIED: {len(problems)} problem(s).")
        return 1
    print(
        f"VERIFIED: {facts['items']} item(s), {facts['entries']} custody entr(y/ies), every byte checked."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

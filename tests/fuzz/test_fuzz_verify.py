"""The court bundle verifier, fed mutated bundles, reports problems and never crashes.

A real small bundle comes from the project's own writer (the fixture of
tests/core/custody/test_custody_bundle.py). Three kinds of damage: bytes edited
anywhere in the file; one member's bytes edited and the zip re-packed in the
exporter's exact layout, so the damage reaches the checks past the zip's CRC-32;
and manifest.json or proofs.json changed as JSON and re-written canonically, so it
reaches the checks past the canonical-form test. Property: `verify_bundle` returns
(problems, facts), with at least one problem whenever the bytes differ from the
honest bundle — never an exception, never a hang (the profile's deadline).
"""

from __future__ import annotations

import json
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from dadkhah.core.bundle import verify as standalone
from tests.core.custody.test_custody_bundle import make_bundle
from tests.fuzz import fuzz_settings
from tests.fuzz.mutate import mutated, mutated_json


class Honest(tuple[bytes, list[tuple[str, bytes]]]):
    """The honest bundle's bytes and its members in order (short repr for failure reports)."""

    def __repr__(self) -> str:
        return f"<honest bundle, {len(self[0])} bytes>"


@pytest.fixture(scope="module")
def honest(tmp_path_factory: pytest.TempPathFactory) -> Honest:
    path, _signer = make_bundle(tmp_path_factory.mktemp("fuzzbundle"))
    problems, _facts = standalone.verify_bundle(str(path))
    assert problems == []
    with zipfile.ZipFile(path) as zf:
        members = [(info.filename, zf.read(info)) for info in zf.infolist()]
    return Honest((path.read_bytes(), members))


def pack(members: list[tuple[str, bytes]]) -> bytes:
    """Members in the exporter's zip layout (stored, fixed headers), as verify.py expects."""
    layout = [(name, len(body), zlib.crc32(body)) for name, body in members]
    headers, tail = standalone.zip_layout(layout)
    return b"".join(h + body for h, (_n, body) in zip(headers, members, strict=True)) + tail


def check(data: bytes, honest: Honest, tmp: Path) -> list[str]:
    """Verify ``data``; a bundle with other bytes than the honest one must have a problem."""
    path = tmp / "bundle.zip"
    path.write_bytes(data)
    problems, facts = standalone.verify_bundle(str(path))
    assert isinstance(facts, dict)
    assert all(isinstance(p, str) and p for p in problems)
    if data != honest[0]:
        assert problems, "a changed bundle verified"
    return problems


def test_repacking_the_honest_members_gives_the_honest_bytes(honest) -> None:
    assert pack(honest[1]) == honest[0]


@fuzz_settings()
@given(edit=st.data())
def test_edited_bundle_bytes_are_reported(honest, tmp_path_factory, edit: st.DataObject) -> None:
    check(edit.draw(mutated(honest[0])), honest, tmp_path_factory.mktemp("v"))


def test_same_members_in_another_order_are_reported(honest, tmp_path) -> None:
    members = list(honest[1])
    members[0], members[1] = members[1], members[0]
    problems = check(pack(members), honest, tmp_path)
    assert any("order" in p for p in problems)


@fuzz_settings()
@given(edit=st.data())
def test_edited_member_repacked_is_reported(honest, tmp_path_factory, edit: st.DataObject) -> None:
    members = list(honest[1])
    op = edit.draw(st.sampled_from(["edit", "edit", "drop", "rename", "add", "swap"]))
    at = edit.draw(st.integers(0, len(members) - 1))
    name, body = members[at]
    if op == "edit":
        members[at] = (name, edit.draw(mutated(body)))
    elif op == "drop":
        del members[at]
    elif op == "rename":
        members[at] = (edit.draw(st.text(min_size=1, max_size=20)), body)
    elif op == "add":
        members.insert(at, (edit.draw(st.text(min_size=1, max_size=20)), b"extra"))
    else:
        other = edit.draw(st.integers(0, len(members) - 1))
        members[at], members[other] = members[other], members[at]
    try:
        data = pack(members)
    except (UnicodeEncodeError, struct_error()):
        return  # a name the zip format cannot hold (a lone surrogate)
    check(data, honest, tmp_path_factory.mktemp("v"))


def struct_error() -> type[Exception]:
    import struct

    return struct.error


DEEP = "[" * 100_000 + "]" * 100_000


@fuzz_settings()
@given(member=st.sampled_from(["manifest.json", "proofs.json"]), edit=st.data())
@example(member="manifest.json", edit=None).via("a manifest that is a list")
@example(member="proofs.json", edit=None).via("proofs nested past the recursion limit")
def test_changed_json_rewritten_canonically_is_reported(
    honest, tmp_path_factory, member: str, edit: st.DataObject | None
) -> None:
    members = honest[1]
    at = next(i for i, (name, _) in enumerate(members) if name == member)
    value = json.loads(members[at][1])
    if edit is None:  # the explicit examples: the shapes that crashed the verifier
        body = DEEP.encode() if member == "proofs.json" else standalone.canonical([value])
    else:
        changed = edit.draw(mutated_json(value))
        body = standalone.canonical(changed)
    members = list(members)
    members[at] = (member, body)
    check(pack(members), honest, tmp_path_factory.mktemp("v"))


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (["items", 0], "not an item"),
        (["items", 0, "sha256"], ["a list"]),
        (["files", 0], 7),
        (["files"], {"key.pub": {"sha256": "x"}}),
        (["items"], "abc"),
    ],
)
def test_manifest_with_wrong_shapes_is_reported_not_crashed(
    honest, tmp_path, path: list[object], value: object
) -> None:
    members = honest[1]
    at = next(i for i, (name, _) in enumerate(members) if name == "manifest.json")
    manifest = json.loads(members[at][1])
    node = manifest
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    members = list(members)
    members[at] = ("manifest.json", standalone.canonical(manifest))
    assert check(pack(members), honest, tmp_path)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (["entries", 1, "seq"], True),  # JSON true equals 1 in Python: found by make fuzz
        (["tree_size"], True),
        (["export_seq"], [4]),
        (["checkpoint"], ["a list"]),
        (["entries", 0], "not an entry"),
        (["unsigned"], "bytes nobody checks"),
    ],
)
def test_proofs_with_wrong_shapes_are_reported_not_crashed(
    honest, tmp_path, path: list[object], value: object
) -> None:
    members = list(honest[1])
    at = next(i for i, (name, _) in enumerate(members) if name == "proofs.json")
    proofs = json.loads(members[at][1])
    node = proofs
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    members[at] = ("proofs.json", standalone.canonical(proofs))
    assert check(pack(members), honest, tmp_path)

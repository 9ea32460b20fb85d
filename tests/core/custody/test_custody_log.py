"""Custody entries, signed heads and log verification: every tamper is reported where it is."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadkhah.core.custody.canonical import CanonicalError, canonical_dumps, canonical_loads
from dadkhah.core.custody.keys import load_case_signer, load_case_verifier
from dadkhah.core.custody.log import (
    Entry,
    EntryError,
    EntryRow,
    SignedHead,
    build_entries,
    sign_head,
    verify_log,
)
from dadkhah.core.custody.merkle import Frontier
from dadkhah.core.custody.note import Signer
from dadkhah.core.errors import CaseError

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
H1 = "a" * 64
H2 = "b" * 64


def _log(n: int, signer: Signer, batch: int = 3) -> tuple[list[EntryRow], list[SignedHead]]:
    rows: list[EntryRow] = []
    heads: list[SignedHead] = []
    frontier = Frontier()
    events = [
        {
            "actor": "investigator-1",
            "action": "ingest",
            "items": [f"{i:064x}"],
            "details": {"name": f"f{i}.jpg"},
            "time": T0 + timedelta(seconds=i),
        }
        for i in range(n)
    ]
    for start in range(0, n, batch):
        for entry, data, leaf in build_entries(start=start, events=events[start : start + batch]):
            rows.append(EntryRow(seq=entry.seq, data=data, leaf_hash=leaf))
            frontier.append(leaf)
        heads.append(sign_head(signer, frontier))
    return rows, heads


def _verify(rows, heads, signer):
    return verify_log(rows, heads, verifiers=[signer.verifier()], origin=signer.name)


@pytest.fixture
def signer() -> Signer:
    return Signer.generate("dadkhah-test")


def test_entry_round_trips_through_canonical_bytes() -> None:
    e = Entry(
        seq=3,
        time=T0,
        actor="inv",
        action="ingest",
        items=(H1,),
        details={"url": "https://x.example/a", "n": 2},
    )
    data = e.to_bytes()
    assert data == canonical_dumps(e.to_json())
    assert data.startswith(b'{"action":"ingest","actor":"inv","details":{"n":2,"url"')
    assert Entry.from_bytes(data) == e


@pytest.mark.parametrize(
    "change, match",
    [
        (lambda o: o.pop("actor"), "keys wrong"),
        (lambda o: o.update(extra=1), "keys wrong"),
        (lambda o: o.update(action="delete"), "not one of"),
        (lambda o: o.update(items=["ABC"]), "SHA-256"),
        (lambda o: o.update(items=[H1, H1]), "twice"),
        (lambda o: o.update(time="2024-05-01 12:00:00"), "time"),
        (lambda o: o.update(seq=-1), "seq"),
        (lambda o: o.update(v=2), "version"),
        (lambda o: o.update(details=[]), "details"),
    ],
)
def test_malformed_entries_are_refused(change, match: str) -> None:
    obj = Entry(seq=0, time=T0, actor="inv", action="ingest", items=(H1,)).to_json()
    change(obj)
    with pytest.raises(EntryError, match=match):
        Entry.from_bytes(canonical_dumps(obj))


def test_non_canonical_bytes_are_refused() -> None:
    data = Entry(seq=0, time=T0, actor="inv", action="view").to_bytes()
    with pytest.raises(EntryError, match="canonical"):
        Entry.from_bytes(data.replace(b",", b", ", 1))


@pytest.mark.parametrize("value", [1.5, 2**53, float("nan"), {"a": object()}, "\ud800"])
def test_values_outside_the_canonical_subset_are_refused(value) -> None:
    with pytest.raises(CanonicalError):
        canonical_dumps({"x": value})


def test_naive_times_are_refused() -> None:
    with pytest.raises(EntryError, match="timezone"):
        Entry(seq=0, time=datetime(2024, 1, 1), actor="a", action="view").to_bytes()


def test_times_are_stored_in_utc() -> None:
    tehran = timezone(timedelta(hours=3, minutes=30))
    e = Entry(seq=0, time=datetime(2024, 1, 1, 3, 30, tzinfo=tehran), actor="a", action="view")
    assert b'"time":"2024-01-01T00:00:00.000000Z"' in e.to_bytes()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_rfc8785_matches_the_stdlib_form_the_bundle_verifier_uses(value) -> None:
    import json

    def utf16_sorted(o):
        if isinstance(o, dict):
            return {k: utf16_sorted(o[k]) for k in sorted(o, key=lambda k: k.encode("utf-16-be"))}
        if isinstance(o, list):
            return [utf16_sorted(x) for x in o]
        return o

    try:
        data = canonical_dumps(value)
    except CanonicalError:
        return  # lone surrogates
    stdlib = json.dumps(utf16_sorted(value), ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )
    assert data == stdlib
    assert canonical_loads(data) == value


def test_an_honest_log_verifies(signer: Signer) -> None:
    rows, heads = _log(10, signer)
    report = _verify(rows, heads, signer)
    assert report.ok, report.problems
    assert report.heads_checked == len(heads) == 4
    assert report.tree.size == 10


def test_an_empty_log_verifies(signer: Signer) -> None:
    assert _verify([], [], signer).ok


def test_changed_entry_is_reported_with_its_seq(signer: Signer) -> None:
    rows, heads = _log(10, signer)
    bad = rows[4].data.replace(b"f4.jpg", b"f5.jpg")
    rows[4] = EntryRow(seq=4, data=bad, leaf_hash=rows[4].leaf_hash)
    problems = [str(p) for p in _verify(rows, heads, signer).problems]
    assert any(p.startswith("entry 4: stored leaf hash") for p in problems)
    assert any("signed tree head 2 (size 9)" in p and "entry before 9" in p for p in problems)


def test_changed_entry_with_rehashed_leaf_is_still_caught_by_the_signed_heads(
    signer: Signer,
) -> None:
    from dadkhah.core.custody.merkle import leaf_hash

    rows, heads = _log(6, signer)
    bad = rows[1].data.replace(b"investigator-1", b"investigator-2")
    rows[1] = EntryRow(seq=1, data=bad, leaf_hash=leaf_hash(bad))
    problems = [str(p) for p in _verify(rows, heads, signer).problems]
    assert problems and all("signed tree head" in p for p in problems)


def test_deleted_entry_is_reported(signer: Signer) -> None:
    rows, heads = _log(6, signer)
    del rows[2]
    problems = [str(p) for p in _verify(rows, heads, signer).problems]
    assert any(p.startswith("entry 2: missing") for p in problems)


def test_entries_without_a_signed_head_are_reported(signer: Signer) -> None:
    rows, heads = _log(6, signer)
    extra = build_entries(start=6, events=[{"actor": "x", "action": "view"}])[0]
    rows.append(EntryRow(seq=6, data=extra[1], leaf_hash=extra[2]))
    problems = [str(p) for p in _verify(rows, heads, signer).problems]
    assert problems == [
        "entries 6..6: not covered by any signed tree head (appended outside the custody service?)"
    ]


def test_head_signed_by_another_key_is_reported(signer: Signer) -> None:
    rows, heads = _log(6, signer)
    other = Signer(name=signer.name, seed=Signer.generate("x").seed)
    f = Frontier()
    for r in rows:
        f.append(r.leaf_hash)
    heads[-1] = sign_head(other, f)
    problems = [str(p) for p in _verify(rows, heads, signer).problems]
    assert any("signed tree head 1 (size 6): signature or format invalid" in p for p in problems)


def test_head_with_a_changed_stored_root_is_reported(signer: Signer) -> None:
    rows, heads = _log(6, signer)
    heads[0] = SignedHead(size=heads[0].size, root=bytes(32), note=heads[0].note)
    problems = [str(p) for p in _verify(rows, heads, signer).problems]
    assert problems == [
        "signed tree head 0 (size 3): the stored size/root differ from the signed note"
    ]


def test_column_that_disagrees_with_the_signed_entry_is_reported(signer: Signer) -> None:
    rows, heads = _log(3, signer)
    rows[0] = EntryRow(
        seq=0, data=rows[0].data, leaf_hash=rows[0].leaf_hash, columns={"actor": "someone-else"}
    )
    problems = [str(p) for p in _verify(rows, heads, signer).problems]
    assert len(problems) == 1 and problems[0].startswith("entry 0: column actor")


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 20), st.data())
def test_any_flipped_bit_in_any_entry_is_caught(n: int, data: st.DataObject) -> None:
    signer = Signer(name="dadkhah-h", seed=bytes(32))
    rows, heads = _log(n, signer, batch=4)
    i = data.draw(st.integers(0, n - 1))
    raw = bytearray(rows[i].data)
    pos = data.draw(st.integers(0, len(raw) - 1))
    raw[pos] ^= 1 << data.draw(st.integers(0, 7))
    rows[i] = EntryRow(seq=i, data=bytes(raw), leaf_hash=None)
    assert not _verify(rows, heads, signer).ok


def test_case_key_is_created_private_and_reloads(tmp_path) -> None:
    keys = tmp_path / "keys"
    signer = load_case_signer(keys)
    assert stat.S_IMODE(os.stat(keys).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(keys / "custody.key").st_mode) == 0o600
    assert load_case_signer(keys, create=False) == signer
    assert load_case_verifier(keys) == signer.verifier()
    assert signer.name.startswith("dadkhah-")


def test_case_key_readable_by_others_is_refused(tmp_path) -> None:
    keys = tmp_path / "keys"
    load_case_signer(keys)
    os.chmod(keys / "custody.key", 0o644)
    with pytest.raises(CaseError, match="chmod 600"):
        load_case_signer(keys)


def test_missing_case_key_is_an_error_when_not_creating(tmp_path) -> None:
    with pytest.raises(CaseError, match="missing"):
        load_case_signer(tmp_path / "keys", create=False)

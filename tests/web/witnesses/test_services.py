"""Witness services: sealed identities, reveal only to cleared roles (audited), rotation."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection

from dadkhah.core.case import Case
from dadkhah.core.errors import InputError
from dadkhah.core.vault import DecryptionError, KeyringSource, load_keyring
from dadkhah.web.accounts import roles
from dadkhah.web.custody.models import CustodyEntry
from dadkhah.web.witnesses.models import Identity, Witness
from dadkhah.web.witnesses.selectors import witness_find_by_name
from dadkhah.web.witnesses.services import (
    WitnessNotFound,
    identity_open,
    keys_rotate,
    witness_add,
    witness_reveal,
)

pytestmark = pytest.mark.django_db

NAME = "Maryam Rezaei-MARKER1"


def _add(source: KeyringSource, **kw) -> Witness:
    return witness_add(
        keyring=source.keyring,
        name=kw.pop("name", NAME),
        contact=kw.pop("contact", "+00 555 MARKER2"),
        location=kw.pop("location", "Hamburg MARKER3"),
        **kw,
    )


def test_add_gives_the_next_pseudonym_and_stores_no_plaintext(source: KeyringSource) -> None:
    first = _add(source)
    second = _add(source, name="Other person")
    assert (first.pseudonym, second.pseudonym) == ("W-0001", "W-0002")
    assert first.risk_level == Witness.Risk.HIGH
    with connection.cursor() as cur:
        cur.execute("SELECT * FROM witnesses_identity")
        rows = cur.fetchall()
    dump = repr(rows).encode() + b"".join(
        bytes(v) for r in rows for v in r if isinstance(v, (bytes, memoryview))
    )
    for marker in (b"MARKER1", b"MARKER2", b"MARKER3", b"Maryam"):
        assert marker not in dump


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"name": "  "}, "needs a name"),
        ({"risk": "extreme"}, "unknown risk level"),
        ({"details": "x" * 10_001}, "longer than"),
    ],
)
def test_add_refuses_bad_input_with_a_clear_message(source, kw, message) -> None:
    with pytest.raises(InputError, match=message):
        _add(source, **kw)


def test_a_taken_pseudonym_is_refused(source: KeyringSource) -> None:
    _add(source, pseudonym="W-0042")
    with pytest.raises(InputError, match="W-0042 is taken"):
        _add(source, pseudonym="W-0042")
    assert _add(source).pseudonym == "W-0043"


@pytest.mark.parametrize("role", [roles.ADMIN, roles.WITNESS_LIAISON])
def test_cleared_roles_reveal_and_each_reveal_is_logged(case, source, user_in, role) -> None:
    witness = _add(source)
    user = user_in(role)
    shown = witness_reveal(
        case=case, keyring=source.keyring, pseudonym=witness.pseudonym, user=user, actor="web:u"
    )
    assert shown.fields["name"] == NAME
    assert shown.fields["contact"] == "+00 555 MARKER2"
    entry = CustodyEntry.objects.order_by("-seq").first()
    assert entry.action == "read_protected"
    assert '"witness:W-0001"' in entry.data and '"read"' in entry.data
    assert "MARKER" not in entry.data


@pytest.mark.parametrize(
    "role", [roles.INVESTIGATOR, roles.ANALYST, roles.LEGAL_OFFICER, roles.READ_ONLY, "nobody"]
)
def test_other_roles_are_refused_and_the_refusal_is_logged(case, source, user_in, role) -> None:
    witness = _add(source)
    with pytest.raises(WitnessNotFound, match="only an admin or a witness liaison"):
        witness_reveal(
            case=case, keyring=source.keyring, pseudonym=witness.pseudonym,
            user=user_in(role), actor="web:u",
        )  # fmt: skip
    entry = CustodyEntry.objects.order_by("-seq").first()
    assert '"denied"' in entry.data and '"witness:W-0001"' in entry.data


def test_a_missing_witness_answers_like_a_forbidden_one(case, source, user_in) -> None:
    with pytest.raises(WitnessNotFound) as missing:
        witness_reveal(
            case=case, keyring=source.keyring, pseudonym="W-9999", user=user_in(roles.ADMIN),
            actor="web:u",
        )  # fmt: skip
    assert "no witness W-9999 whose identity you may reveal" in str(missing.value)


def test_blind_index_finds_a_witness_by_a_variant_spelling(source: KeyringSource) -> None:
    witness = _add(source, name="علي كاظمي")
    assert witness_find_by_name(source.keyring, "علی کاظمی") == [witness]
    assert witness_find_by_name(source.keyring, "علی") == []


def test_rotation_rewraps_every_key_and_the_old_key_is_no_longer_needed(
    case: Case, source: KeyringSource, tmp_path: Path
) -> None:
    witnesses = [_add(source, name=f"Person {i}") for i in range(3)]
    before = {w.pk: identity_open(keyring=source.keyring, identity=w.identity) for w in witnesses}
    old_ciphertexts = {i.pk: bytes(i.name) for i in Identity.objects.all()}
    old_keyring = source.keyring

    result = keys_rotate(source=source)

    assert (result.rewrapped, result.old_versions, result.new_version) == (3, (1,), 2)
    fresh = load_keyring(case.keys_dir)  # from the file: only version 2 is left
    assert set(fresh.keyring.keys) == {2}
    for w in witnesses:
        identity = Identity.objects.get(pk=w.identity_id)
        assert identity.key_version == 2
        assert bytes(identity.name) == old_ciphertexts[identity.pk]  # fields untouched
        assert identity_open(keyring=fresh.keyring, identity=identity) == before[w.pk]
        with pytest.raises(DecryptionError):
            identity_open(keyring=type(old_keyring)({2: old_keyring.keys[1]}, 2), identity=identity)
    assert witness_find_by_name(fresh.keyring, "Person 1") == [witnesses[1]]

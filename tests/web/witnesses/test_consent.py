"""Consent per use, kept as a history, and enforced by the court bundle export."""

from __future__ import annotations

import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from dadkhah.core.bundle.writer import BundleError
from dadkhah.core.case import Case
from dadkhah.core.consent import RISKS, USES
from dadkhah.core.errors import InputError
from dadkhah.core.vault import KeyringSource
from dadkhah.web.custody.bundles import bundle_export
from dadkhah.web.evidence.models import EvidenceItem
from dadkhah.web.evidence.services import Collection, evidence_add_paths
from dadkhah.web.sources.models import Source
from dadkhah.web.witnesses import models as witness_models
from dadkhah.web.witnesses.models import ConsentEntry, Use, Witness
from dadkhah.web.witnesses.selectors import consent_allows, consent_history, disclosure_allowed
from dadkhah.web.witnesses.services import consent_record, harm_check_record, witness_add

pytestmark = pytest.mark.django_db


def test_the_core_lists_agree_with_the_model_choices() -> None:
    assert tuple(Use.values) == USES
    assert tuple(Witness.Risk.values) == RISKS


@pytest.fixture
def witness(source: KeyringSource) -> Witness:
    return witness_add(keyring=source.keyring, name="Fictional Witness", risk="low")


def _consent(witness: Witness, use: str, grant: bool, minutes_ago: int) -> ConsentEntry:
    return consent_record(
        witness=witness, use=use, grant=grant, obtained_by="liaison", actor="test",
        obtained_at=timezone.now() - timedelta(minutes=minutes_ago),
    )  # fmt: skip


def test_no_entry_means_no_consent(witness: Witness) -> None:
    assert not consent_allows(witness, "public_report")


def test_a_withdrawal_ends_a_grant_and_the_history_keeps_both(witness: Witness) -> None:
    _consent(witness, "public_report", True, 60)
    assert consent_allows(witness, "public_report")
    assert not consent_allows(witness, "icc")  # consent is per use
    _consent(witness, "public_report", False, 10)
    assert not consent_allows(witness, "public_report")
    # asked about a moment between the two, the grant was in force
    assert consent_allows(witness, "public_report", at=timezone.now() - timedelta(minutes=30))
    assert [e.decision for e in consent_history(witness)] == ["grant", "withdraw"]


def test_an_unknown_use_is_an_error_not_a_silent_no(witness: Witness) -> None:
    with pytest.raises(ValueError, match="unknown consent use"):
        consent_allows(witness, "publc_report")
    with pytest.raises(InputError, match="unknown use"):
        _consent(witness, "publc_report", True, 1)


def test_a_consent_in_the_future_or_without_a_recorder_is_refused(witness: Witness) -> None:
    with pytest.raises(InputError, match="in the future"):
        _consent(witness, "icc", True, -60)
    with pytest.raises(InputError, match="who obtained"):
        consent_record(witness=witness, use="icc", grant=True, obtained_by=" ", actor="t")


def test_a_high_risk_witness_needs_a_cleared_harm_check(source: KeyringSource) -> None:
    witness = witness_add(keyring=source.keyring, name="At risk", risk="high")
    _consent(witness, "ngo", True, 5)
    verdict = disclosure_allowed(witness, "ngo")
    assert not verdict.allowed and "do-no-harm" in verdict.reason
    harm_check_record(witness=witness, use="ngo", cleared=False, checked_by="liaison")
    assert not disclosure_allowed(witness, "ngo").allowed
    harm_check_record(witness=witness, use="ngo", cleared=True, checked_by="liaison")
    assert disclosure_allowed(witness, "ngo").allowed


@pytest.fixture
def testimony_case(case: Case, witness: Witness, tmp_path: Path) -> Case:
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "testimony-audio.txt").write_text("fictional testimony transcript\n")
    (folder / "list.csv").write_text("name\nFictional A\n")
    evidence_add_paths(case=case, paths=[folder], actor="inv", collection=Collection())
    source = Source.objects.create(
        name="testimony-w-0001", kind="testimony", title="Testimony", language="en",
        reliability="B", confidentiality="strictly_confidential",
    )  # fmt: skip
    witness_models.Testimony.objects.create(
        witness=witness,
        source=source,
        language="en",
        evidence=EvidenceItem.objects.get(original_name="testimony-audio.txt"),
    )
    return case


def _bundle_names(case: Case, out: Path, use: str | None) -> tuple[set[str], dict[str, str]]:
    """The original names of the items a bundle carries (as items/<sha256>), and withheld."""
    result = bundle_export(case=case, out=out, actor="inv", use=use)
    with zipfile.ZipFile(out) as zf:
        members = set(zf.namelist())
    names = {i.original_name for i in EvidenceItem.objects.all() if f"items/{i.sha256}" in members}
    return names, result.withheld


def test_bundle_leaves_out_testimonies_without_consent_and_after_withdrawal(
    testimony_case: Case, witness: Witness, tmp_path: Path
) -> None:
    names, withheld = _bundle_names(testimony_case, tmp_path / "a.zip", "icc")
    assert names == {"list.csv"}
    assert "has not consented to icc" in withheld["testimony-audio.txt"]

    _consent(witness, "icc", True, 5)
    _consent(witness, "identity_disclosure", True, 5)
    names, withheld = _bundle_names(testimony_case, tmp_path / "b.zip", "icc")
    assert names == {"list.csv", "testimony-audio.txt"} and withheld == {}

    # a bundle that names no use carries no testimony
    names, _ = _bundle_names(testimony_case, tmp_path / "c.zip", None)
    assert names == {"list.csv"}

    _consent(witness, "icc", False, 1)
    names, withheld = _bundle_names(testimony_case, tmp_path / "d.zip", "icc")
    assert names == {"list.csv"} and "testimony-audio.txt" in withheld


def test_a_bundle_of_withheld_items_only_is_refused(testimony_case: Case, tmp_path: Path) -> None:
    with pytest.raises(BundleError, match="withheld for lack of consent"):
        bundle_export(
            case=testimony_case, out=tmp_path / "x.zip", query="name:testimony-*", actor="inv",
            use="ngo",
        )  # fmt: skip


def test_without_identity_consent_the_redacted_copy_goes_instead_of_the_original(
    testimony_case: Case, witness: Witness, tmp_path: Path
) -> None:
    from dadkhah.core.redaction import Span
    from dadkhah.web.evidence.redaction import evidence_redact
    from dadkhah.web.evidence.services import evidence_derive

    _consent(witness, "icc", True, 5)
    original = EvidenceItem.objects.get(original_name="testimony-audio.txt")
    names, withheld = _bundle_names(testimony_case, tmp_path / "a.zip", "icc")
    assert names == {"list.csv"}
    assert "not consented to disclose identity" in withheld["testimony-audio.txt"]

    evidence_redact(
        case=testimony_case, original=original, spans=[Span(0, 10)], reason="voice", actor="t"
    )
    (tmp_path / "copy.txt").write_text("an unredacted conversion\n")
    evidence_derive(
        case=testimony_case, original=original, path=tmp_path / "copy.txt",
        transformation="converted", actor="t",
    )  # fmt: skip
    names, withheld = _bundle_names(testimony_case, tmp_path / "b.zip", "icc")
    assert names == {"list.csv", "testimony-audio.redacted.txt"}
    assert "unredacted copy" in withheld["copy.txt"]

"""A case whose signing key is gone refuses to make another one over its public key."""

from __future__ import annotations

from pathlib import Path

import pytest

from dadkhah.core.custody.keys import load_case_signer
from dadkhah.core.errors import CaseError


@pytest.mark.parametrize("create", [True, False])
def test_a_lost_signing_key_is_not_silently_replaced(tmp_path: Path, create: bool) -> None:
    keys = tmp_path / "keys"
    load_case_signer(keys)
    published = (keys / "custody.pub").read_bytes()
    (keys / "custody.key").unlink()  # a backup restored without --include-keys
    with pytest.raises(CaseError, match="lost its signing key"):
        load_case_signer(keys, create=create)
    assert not (keys / "custody.key").exists()
    assert (keys / "custody.pub").read_bytes() == published

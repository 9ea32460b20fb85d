"""`bundle export` leaves verify.py beside the zip with its hash; failures name item and check."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from dadkhah.core.bundle import verify as standalone
from dadkhah.core.bundle.writer import verifier_sha256
from tests.cli.dadkhah_process import run_cli

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    tmp = tmp_path_factory.mktemp("bundle")
    case = tmp / "case"
    assert run_cli("init", str(case), "--name", "Bundle test").returncode == 0
    files = tmp / "files"
    files.mkdir()
    (files / "scan.txt").write_text("fictional scan\n", encoding="utf-8")
    (files / "نامه.txt").write_text("نامهٔ ساختگی\n", encoding="utf-8")
    added = run_cli("--case", str(case), "evidence", "add", str(files), "--collected-by", "A")
    assert added.returncode == 0, added.stderr
    out = tmp / "court" / "b.zip"
    out.parent.mkdir()
    result = run_cli("--case", str(case), "bundle", "export", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out, result.stdout


def test_verify_py_is_written_beside_the_zip_and_its_hash_printed(
    exported: tuple[Path, str],
) -> None:
    out, stdout = exported
    beside = out.parent / "verify.py"
    with zipfile.ZipFile(out) as z:
        assert beside.read_bytes() == z.read("verify.py")
    digest = hashlib.sha256(beside.read_bytes()).hexdigest()
    assert f"verifier: {beside} SHA-256 {digest}" in stdout
    assert not list(out.parent.glob("*.partial"))


def test_the_docs_publish_the_verifiers_hash() -> None:
    text = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    published = re.findall(r"verify\.py SHA-256: ([0-9a-f]{64})", text)
    assert published == [verifier_sha256()], (
        "docs/cli.md must publish the SHA-256 of dadkhah/core/bundle/verify.py; "
        f"it is now {verifier_sha256()}"
    )


def _members(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as z:
        return [(i.filename, z.read(i.filename)) for i in z.infolist()]


def _item_of(path: Path, name: str) -> str:
    """The zip member of the item whose original name is ``name``."""
    with zipfile.ZipFile(path) as z:
        manifest = json.loads(z.read("manifest.json"))
    sha = next(i["sha256"] for i in manifest["items"] if i["original_name"] == name)
    return f"items/{sha}"


def test_a_changed_item_is_named_with_the_check_that_failed(
    exported: tuple[Path, str], tmp_path: Path
) -> None:
    out, _ = exported
    member = _item_of(out, "نامه.txt")
    raw = bytearray(out.read_bytes())
    content = dict(_members(out))[member]
    at = raw.index(content)
    raw[at] ^= 0x01  # the bytes change, the CRC-32 in the headers stays
    bad = tmp_path / "bad.zip"
    bad.write_bytes(bytes(raw))
    result = run_cli("bundle", "verify", str(bad))
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    assert any(
        member in line and '"نامه.txt"' in line and "check 'zip CRC-32' failed" in line
        for line in lines
    ), result.stdout
    assert any("check 'item SHA-256' failed" in line for line in lines), result.stdout
    # The standalone script says the same (it is the same code).
    script = subprocess_verify(out.parent / "verify.py", bad)
    assert "check 'zip CRC-32' failed" in script


def subprocess_verify(script: Path, bundle: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-I", "-S", str(script), str(bundle)], capture_output=True, text=True
    )
    assert done.returncode == 1
    return done.stdout


def test_a_forged_item_with_fixed_crcs_is_named_too(
    exported: tuple[Path, str], tmp_path: Path
) -> None:
    """A forger who rewrites the zip's CRCs still meets the manifest's SHA-256."""
    out, _ = exported
    member = _item_of(out, "scan.txt")
    members = [(n, b"forged\n" if n == member else d) for n, d in _members(out)]
    headers, tail = standalone.zip_layout([(n, len(d), zlib.crc32(d)) for n, d in members])
    forged = tmp_path / "forged.zip"
    forged.write_bytes(b"".join(h + d for h, (_, d) in zip(headers, members, strict=True)) + tail)
    problems, _facts = standalone.verify_bundle(str(forged))
    named = [p for p in problems if p.startswith(f'{member} (item "scan.txt")')]
    assert any("check 'manifest SHA-256' failed" in p for p in named), problems
    assert any("check 'item SHA-256' failed" in p for p in named), problems

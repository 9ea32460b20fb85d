"""Check a court bundle with two independent implementations (no database needed).

The standalone ``verify.py`` logic (pure Python, stdlib only) checks every byte; then the
signature is checked again with `cryptography` (OpenSSL) and the inclusion proofs with the
core Merkle verifier. Both must pass.
"""

from __future__ import annotations

import base64
import json
import zipfile
from pathlib import Path

from dadkhah.core.bundle import verify as standalone
from dadkhah.core.custody.merkle import ProofError, leaf_hash, root_from_inclusion_proof
from dadkhah.core.custody.note import Ed25519Verifier, NoteError, open_note, parse_checkpoint


def bundle_check(path: Path, *, pin: str | None = None) -> tuple[list[str], dict[str, object]]:
    """Check a bundle twice: with the standalone verify.py logic, and with the core code.

    The second pass re-checks the signature with `cryptography` (OpenSSL) and the
    inclusion proofs with the core Merkle verifier: two independent implementations
    must agree. Returns (problems, facts); no problems means the bundle verified.
    """
    problems, facts = standalone.verify_bundle(str(path), pin=pin)
    if problems:
        return problems, facts
    with zipfile.ZipFile(path) as z:
        proofs = json.loads(z.read("proofs.json"))
        vkey = z.read("key.pub").decode("utf-8").strip()
    try:
        verifier = Ed25519Verifier.from_vkey(vkey)
        note = open_note(proofs["checkpoint"], [verifier])
        cp = parse_checkpoint(note.text, origin=verifier.name)
        for ent in proofs["entries"]:
            got = root_from_inclusion_proof(
                leaf_hash=leaf_hash(ent["entry"].encode("utf-8")),
                index=ent["seq"],
                size=cp.size,
                proof=[bytes.fromhex(p) for p in ent["proof"]],
            )
            if got != cp.root:
                raise ProofError(f"entry {ent['seq']}: proof does not reach the signed root")
    except (NoteError, ProofError, KeyError, ValueError) as exc:
        problems.append(f"second check (core, cryptography): {exc}")
    facts["root_b64"] = base64.b64encode(bytes.fromhex(str(facts.get("root", "")))).decode()
    return problems, facts

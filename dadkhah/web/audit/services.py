"""The one way an access is audited: reads of protected data, exports and refusals.

Each audited event is an entry of the case's custody log, appended through the
custody service's public :func:`~dadkhah.web.custody.services.custody_record` (the log
is append-only, hash-chained in a Merkle tree and signed: an insider cannot erase a
read). An entry says who (``actor``: ``web:USERNAME``), what (``details.object``:
``person:P-000123``, ``source:list-a v2``, …), when (the entry's time) and how it went
(``details.outcome``: ``read``, ``denied`` or ``export``). Reads and refusals use the
custody action ``read_protected``; exports use ``export`` (OWASP ASVS 5.0 V16.3.1,
V16.3.2: log authorization decisions and access to sensitive data).

Nothing a user typed (a search, a name) is written: only object references, so the
log itself never becomes a store of names (issue 12, the plaintext scan).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings

from dadkhah.web.accounts.roles import User
from dadkhah.web.custody.services import custody_record

READ, DENIED, EXPORT = "read", "denied", "export"
OUTCOMES = (READ, DENIED, EXPORT)
#: Most object references one entry lists (a page of search results is 50).
MAX_OBJECTS = 200


def actor_of(user: User) -> str:
    """How the log names a web user: ``web:USERNAME`` (``web:anonymous`` before login)."""
    if not user.is_authenticated:
        return "web:anonymous"
    return f"web:{user.get_username()}"


def audit_record(
    *,
    user: User,
    outcome: str,
    objects: Sequence[str],
    items: Sequence[str] = (),
    path: str = "",
    level: str = "",
) -> bool:
    """Write one audit entry; return False when no case is open (nothing to write to).

    Args:
        user: Who read, exported or was refused.
        outcome: ``read``, ``denied`` or ``export``.
        objects: References of what was touched (``person:P-000123``); at most
            ``MAX_OBJECTS`` are kept, and the entry says how many there were.
        items: SHA-256 of evidence items touched (indexed for the court bundle).
        path: The URL path asked for (never its query string, which may hold names).
        level: The highest confidentiality level among the objects, if known.

    The web app always runs on a case (``dadkhah serve`` needs ``--case``); without one,
    as in unit tests of pages, there is no log and nothing is written.
    """
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown audit outcome {outcome!r}; use one of {', '.join(OUTCOMES)}")
    case = getattr(settings, "CASE", None)
    if case is None:
        return False
    details: dict[str, object] = {
        "outcome": outcome,
        "objects": list(objects)[:MAX_OBJECTS],
        "count": len(objects),
    }
    if path:
        details["path"] = path[:300]
    if level:
        details["level"] = level
    custody_record(
        case=case,
        actor=actor_of(user)[:200],
        action="export" if outcome == EXPORT else "read_protected",
        items=sorted(set(items)),
        details=details,
    )
    return True

"""Reads about evidence: choose items by a small query language (bundle export, lists).

A query is whitespace-separated terms. Terms with the same key are alternatives (OR);
different keys must all hold (AND). Empty or ``all`` selects every item.

=====================  ===================================================
``3fa9c01b…``          SHA-256 or a prefix of at least 8 hex digits
``id:12`` ``id:10-20``  item id or inclusive id range
``media:image/*``      media type (shell glob)
``name:*.pdf``         original file name (shell glob, any case)
``by:NAME``            collected by (exact)
``since:2024-01-31``   collected on or after this UTC date
``until:2024-12-31``   collected on or before this UTC date
``derived:yes|no``     working copies only / originals only
=====================  ===================================================
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Q, QuerySet, Sum

from dadkhah.core.errors import InputError
from dadkhah.web.accounts.roles import User
from dadkhah.web.evidence.models import EvidenceItem

KEYS = ("sha", "id", "media", "name", "by", "since", "until", "derived")


def _glob(value: str) -> str:
    """A shell glob (``*``, ``?``) as an anchored regex both SQLite and PostgreSQL accept."""
    parts = [".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in value]
    return "^" + "".join(parts) + "$"


def _day(value: str, term: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"{term}: give the date as YYYY-MM-DD.") from exc


def _term(term: str) -> tuple[str, Q]:
    key, sep, value = term.partition(":")
    if not sep:
        if re.fullmatch(r"[0-9a-f]{8,64}", term):
            return "sha", Q(sha256__startswith=term)
        raise InputError(
            f"{term!r}: not a query term. Use a SHA-256 prefix (8+ hex digits) or one of "
            + ", ".join(f"{k}:" for k in KEYS[1:])
            + " (see `dadkhah bundle export --help`)."
        )
    if key == "id":
        m = re.fullmatch(r"(\d+)(?:-(\d+))?", value)
        if m is None:
            raise InputError(f"{term}: give id:N or id:N-M.")
        lo, hi = int(m[1]), int(m[2] or m[1])
        return key, Q(pk__gte=lo, pk__lte=hi)
    if key == "media":
        return key, Q(media_type__regex=_glob(value))
    if key == "name":
        return key, Q(original_name__iregex=_glob(value))
    if key == "by":
        return key, Q(collected_by=value)
    if key == "since":
        start = datetime.combine(_day(value, term), time.min, tzinfo=UTC)
        return key, Q(collected_at__gte=start)
    if key == "until":
        end = datetime.combine(_day(value, term) + timedelta(days=1), time.min, tzinfo=UTC)
        return key, Q(collected_at__lt=end)
    if key == "derived":
        if value not in ("yes", "no"):
            raise InputError(f"{term}: give derived:yes or derived:no.")
        return key, Q(derived_from__isnull=value == "no")
    raise InputError(f"{term!r}: unknown key {key!r}; use one of {', '.join(KEYS[1:])}.")


def evidence_total_size() -> int:
    """Bytes of all evidence items together (what `verify` will re-hash)."""
    return int(EvidenceItem.objects.aggregate(total=Sum("size"))["total"] or 0)


def evidence_select(query: str) -> QuerySet[EvidenceItem]:
    """The items a query selects, in id order.

    Raises:
        InputError: A term is not understood (the message says which and why).
    """
    terms = query.split()
    qs = EvidenceItem.objects.order_by("id")
    if not terms or terms == ["all"]:
        return qs
    groups: dict[str, Q] = {}
    for term in terms:
        key, q = _term(term)
        groups[key] = groups[key] | q if key in groups else q
    for q in groups.values():
        qs = qs.filter(q)
    return qs


# --- the evidence list: search and filters --------------------------------------------------

#: The kinds the list can be narrowed to: the top-level media type (RFC 6838 §4.2).
EVIDENCE_KINDS: tuple[str, ...] = ("image", "video", "audio", "application", "text")
#: A hash prefix the search box takes as one (shorter hex words are searched as text).
HASH_PREFIX = re.compile(r"^[0-9a-f]{6,64}$")


def evidence_search(
    *,
    visible: QuerySet[EvidenceItem],
    text: str = "",
    kind: str = "",
    source: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[EvidenceItem]:
    """Those of ``visible`` whose title or file name holds ``text`` or whose hash starts with it.

    Args:
        visible: The items the reader may see (`visible_evidence`): the role and
            clearance rules stay there.
        text: Words of a title or a file name (any case), or a SHA-256 prefix.
        kind: One of `EVIDENCE_KINDS` (anything else: every kind).
        source: The name of a source whose file the item is, or a copy of it.
        since: Collected on or after this UTC day; until: on or before this UTC day.

    Returns:
        The items, newest first.
    """
    items = visible
    text = " ".join(text.split())[:200]
    if text:
        match = Q(title__icontains=text) | Q(original_name__icontains=text)
        if HASH_PREFIX.match(text.lower()):
            match |= Q(sha256__startswith=text.lower())
        items = items.filter(match)
    if kind in EVIDENCE_KINDS:
        items = items.filter(media_type__startswith=f"{kind}/")
    if source:
        of_source = Q(sources__name=source) | Q(derived_from__sources__name=source)
        items = items.filter(pk__in=EvidenceItem.objects.filter(of_source).values("pk"))
    if since is not None:
        items = items.filter(collected_at__gte=datetime.combine(since, time.min, tzinfo=UTC))
    if until is not None:
        end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=UTC)
        items = items.filter(collected_at__lt=end)
    return items.order_by("-id")


def evidence_source_names(*, user: User) -> list[str]:
    """Names of the sources ``user`` may read that have a file among the evidence, A–Z."""
    from dadkhah.web.sources.access import visible_sources

    names = visible_sources(user).filter(evidence__isnull=False).values_list("name", flat=True)
    return sorted(set(names))

"""Which lists an estimate counts, and why: the analyst's description of each list applied.

Multiple systems estimation counts lists that tried to record everyone in
their scope (systematic lists), each as one "system". Two rules follow from
what the analyst said at import (docs/cli.md, `import`):

- Lists that share an independence group are one source of information
  written twice (a reprint, one compiler's two lists). Counting both would
  read their overlap as evidence of near-complete coverage and pull the
  estimate down (the positive-dependence bias of Bird and King, Annu. Rev.
  Stat. Appl. 5 (2018), section 3.2). By default the largest list of a group
  is counted and the others are left out, each with that reason.
- A duplicate-free list names each person at most once. If linkage put two
  of its records in one person, either linkage merged two people (one victim
  lost from the count) or the list does have duplicates, and then the
  one-record-per-person constraint has kept true duplicates apart elsewhere
  (false extra persons, seen by one list only: an inflated estimate). Both
  change the published number silently, so the estimate is refused, naming
  the persons and records, until a reviewer splits them or the analyst
  changes the flag (`import --has-duplicates`) or leaves the list out
  (`estimate --lists`). A warning would be printed and then the number quoted
  without it; a refusal costs one command to resolve.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from dadkhah.core.errors import InputError
from dadkhah.web.sources.models import Source
from dadkhah.web.sources.selectors import DuplicateFreeBreach, duplicate_free_breaches

SHOWN_BREACHES = 10  # persons named in the refusal; the rest are counted


@dataclass
class ListChoice:
    """The lists an estimate counts and, for every list source, why it is in or out."""

    used: list[Source]
    rows: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> list[dict[str, Any]]:
        """One object per list source: name, used, reason and what the analyst said of it."""
        return self.rows

    def lines(self) -> list[str]:
        """The explanation as text, one line per list source."""
        out = ["Lists:"]
        for r in self.rows:
            mark = "counted" if r["used"] else "left out"
            out.append(f"  {r['name']:<16} {mark:<9} {r['reason']}")
        return out


def _row(source: Source, used: bool, reason: str) -> dict[str, Any]:
    return {
        "name": source.name,
        "used": used,
        "reason": reason,
        "records": getattr(source, "n_records", None),
        "systematic": source.systematic,
        "reliability": source.reliability,
        "duplicate_free": source.duplicate_free,
        "independence_group": source.independence_group or None,
    }


def _describe(source: Source) -> str:
    said = [f"reliability {source.reliability}"]
    if source.duplicate_free:
        said.append("duplicate-free")
    return ", ".join(said)


def choose_lists(names: Iterable[str] | None = None) -> ListChoice:
    """The lists to count (the named ones, or the systematic ones) with the reasons.

    Args:
        names: Source names given with ``--lists``; None chooses by what the
            analyst said (systematic lists, one per independence group).

    Raises:
        InputError: A named list does not exist, or a counted duplicate-free
            list has two records in one person (the refusal names them).
    """
    latest = list(
        Source.objects.filter(kind=Source.Kind.LIST, next_version__isnull=True)
        .annotate(n_records=Count("records"))
        .order_by("name")
    )
    by_name = {s.name: s for s in latest}
    chosen: list[Source]
    reasons: dict[str, tuple[bool, str]] = {}
    if names is not None:
        wanted = list(dict.fromkeys(names))
        missing = [n for n in wanted if n not in by_name]
        if missing:
            known = ", ".join(sorted(by_name)) or "(none)"
            raise InputError(
                f"no list source named {', '.join(missing)}; the case's lists are: {known}."
            )
        chosen = [by_name[n] for n in wanted]
        groups: dict[str, list[str]] = defaultdict(list)
        for s in chosen:
            if s.independence_group:
                groups[s.independence_group].append(s.name)
        for s in chosen:
            reason = f"named with --lists ({_describe(s)})"
            shared = [n for n in groups.get(s.independence_group, []) if n != s.name]
            if shared:
                reason += (
                    f"; shares independence group {s.independence_group!r} with "
                    f"{', '.join(shared)}: their dependence inflates coverage"
                )
            reasons[s.name] = (True, reason)
        for s in latest:
            reasons.setdefault(s.name, (False, "not named with --lists"))
    else:
        chosen = []
        kept: dict[str, Source] = {}
        systematic = [s for s in latest if s.systematic]
        # The largest list of each independence group stands for the group.
        for s in sorted(systematic, key=lambda s: (-s.n_records, s.name)):
            group = s.independence_group
            if group and group in kept:
                reasons[s.name] = (
                    False,
                    f"shares independence group {group!r} with {kept[group].name}, "
                    "which is counted for the group (the larger list)",
                )
                continue
            if group:
                kept[group] = s
            chosen.append(s)
        chosen.sort(key=lambda s: s.name)
        for s in chosen:
            group_note = (
                f", the largest of independence group {s.independence_group!r}"
                if s.independence_group
                else ""
            )
            reasons[s.name] = (True, f"systematic ({_describe(s)}){group_note}")
        for s in latest:
            reasons.setdefault(
                s.name,
                (False, "not marked systematic (mark it with `import ... --systematic`)"),
            )
    breaches = duplicate_free_breaches(sources=[s for s in chosen if s.duplicate_free])
    if breaches:
        raise InputError(_refusal(breaches))
    rows = [_row(s, *reasons[s.name]) for s in latest]
    return ListChoice(used=chosen, rows=rows)


def _refusal(breaches: list[DuplicateFreeBreach]) -> str:
    lists = sorted({b.source for b in breaches})
    shown = [f"  {b}" for b in breaches[:SHOWN_BREACHES]]
    more = len(breaches) - len(shown)
    if more > 0:
        shown.append(f"  … and {more} more person{'s' if more != 1 else ''}.")
    return "\n".join(
        [
            f"not estimated: {', '.join(lists)} {'is' if len(lists) == 1 else 'are'} marked "
            "duplicate-free, but linkage put two or more of its records in one person:",
            *shown,
            "Review these persons (split the records that are different people: "
            "`dadkhah split PERSON RECORD... --reason ...`), or, if the list does repeat "
            "people, re-import it with `--has-duplicates`, or leave it out with `--lists`.",
        ]
    )

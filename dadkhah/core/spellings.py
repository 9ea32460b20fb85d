"""A person's display names: the best attested spelling in each script, from their records.

A machine romanization (`dadkhah.core.names.romanize`) writes no short vowels
("Amrhsin Jhani"), so it is shown only where no record spells the name in
Latin script. Otherwise each script shows the spelling most of the person's
records in that script give (issue 13, "Names and roles"); a tie goes to the
spelling of the most reliable source on the Admiralty scale (A before F, the
grade "cannot be judged" last), then to the fuller name (a fellow prisoner who
recalls only "Ali" does not rename Ali Ahmadi), then to the first in
alphabetical order, so that the same records always give the same names.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from dadkhah.core.record import read_record
from dadkhah.core.script import script_of

__all__ = ["best_attested", "display_names", "record_spelling"]

#: The longest display name a person keeps (the model's column).
MAX_LENGTH = 300


def record_spelling(normalized: Mapping[str, Any]) -> str:
    """The name one record gives (`dadkhah.core.record`): given and family name, else the full name."""
    n = read_record(normalized)
    parts = [n.get("given_name"), n.get("family_name")]
    full = " ".join(p.strip() for p in parts if isinstance(p, str) and p.strip())
    if not full:
        value = n.get("full_name")
        full = value.strip() if isinstance(value, str) else ""
    return " ".join(full.split())


def best_attested(spellings: Iterable[tuple[str, str]]) -> str:
    """The most frequent of ``spellings``; ties to the most reliable source, the fuller name, A–Z.

    Args:
        spellings: (spelling, the reliability grade A–F of the source that gives it).

    Returns:
        The chosen spelling, or "" when there is none.
    """
    count: Counter[str] = Counter()
    grade: dict[str, str] = {}
    for spelling, reliability in spellings:
        if not spelling:
            continue
        count[spelling] += 1
        grade[spelling] = min(grade.get(spelling, "Z"), (reliability or "F").upper())
    if not count:
        return ""
    return min(count, key=lambda s: (-count[s], grade[s], -len(s.split()), s))


def display_names(records: Iterable[tuple[Mapping[str, Any], str]]) -> tuple[str, str]:
    """(Latin, Persian) display names of one person from their records.

    Args:
        records: (normalized fields, the reliability of the record's source) per record.

    Returns:
        The best attested spelling in Latin and in Persian script; the Latin one
        falls back to the machine romanization (the importer's ``display``) when
        no record spells the name in Latin script. "" where nothing gives one.
    """
    latin: list[tuple[str, str]] = []
    persian: list[tuple[str, str]] = []
    romanized: list[tuple[str, str]] = []
    for normalized, reliability in records:
        if not isinstance(normalized, Mapping):
            continue
        n = read_record(normalized)
        spelling = record_spelling(n)
        script = script_of(spelling) if spelling else "empty"
        if script == "latin":
            latin.append((spelling, reliability))
        elif script == "fa":
            persian.append((spelling, reliability))
        display = n.get("display")
        if isinstance(display, str) and display.strip():
            romanized.append((" ".join(display.split()), reliability))
    chosen_latin = best_attested(latin) or best_attested(romanized)
    return chosen_latin[:MAX_LENGTH], best_attested(persian)[:MAX_LENGTH]

"""The mapping assistant: how the import reads each column, how sure it is, and what to ask.

Each column is scored against every field by its header (`lexicon.read_header`)
and its first values (`value_fit`: dates for a date field, small numbers for
an age, 13xx/19xx for a birth year …). The best field of each column is
chosen, each field at most once. A column is *sure* at `SURE` or more, *ask*
between `ASK` and `SURE` (or when another column is as good for its field),
*unused* below `ASK`. The import stops (`columns_unsure`, `columns_ambiguous`)
only when a name column is in doubt or two columns could hold one name, date,
place or id field; any other doubtful column is kept in raw only, with a
`column_unsure` warning that asks the question. A mapping file's ``[columns]`` always win.

`read_columns` gives the reading of a file (the web import form and
``import --dry-run`` show it); `assess` is the same on headers and values
already read (`prepare` calls it with its lookahead rows).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Final

from dadkhah.core.dates import Era
from dadkhah.core.script import normalize_digits, script_of
from dadkhah.core.unknown import says_unknown
from dadkhah.pipelines.importing import normalize
from dadkhah.pipelines.importing.header_words import words
from dadkhah.pipelines.importing.headers import (
    DATE_FIELDS,
    FIELDS,
    NAME_FIELDS,
    Mapping,
    header_key,
)
from dadkhah.pipelines.importing.heads import HEADS
from dadkhah.pipelines.importing.lexicon import read_header
from dadkhah.pipelines.importing.readers import (
    DEFAULT_LIMITS,
    Limits,
    SourceRow,
    Table,
    open_table,
    value_text,
)
from dadkhah.pipelines.importing.validate import ImportFileError, fail

SURE: Final = 0.75  # at or above: the column is read without asking
ASK: Final = 0.45  # at or above (and below SURE): the user is asked
CLOSE: Final = 0.1  # two columns this close for one field compete for it
LOOKAHEAD_ROWS: Final = 500  # rows read before the columns are decided
EVIDENCE_VALUES: Final = 100  # non-empty values per column weighed
SAMPLES: Final = 5  # values shown per column
MIN_CONTRADICTION: Final = 5  # values needed before they may contradict a header
# A column of one of these fields in doubt stops the import: a wrong reading
# would make wrong persons (names, ids), wrong events (dates) or wrong places.
KEY_FIELDS: Final = (
    "record_id",
    *NAME_FIELDS,
    "father_name",
    *DATE_FIELDS,
    "birth_year",
    "city",
    "prison",
    "burial_place",
)


@dataclass(frozen=True)
class ColumnReading:
    """How one column is read."""

    header: str
    field: str | None  # the chosen field, None = kept in raw only
    confidence: float  # 0..1
    status: str  # "sure" | "ask" | "unused" | "mapped" (mapping file said so)
    alternatives: tuple[tuple[str, float], ...]  # other plausible fields, best first
    samples: tuple[str, ...]  # up to 5 non-empty sample values, as text
    reason: str  # one plain-English sentence
    calendar: str | None  # a calendar hint from the header ("jalali"/"gregorian") or None
    # What an unused column holds where it is known but not dadkhah's ("a mother's name").
    unheld: str | None = None
    # Why an unused column is kept in raw although it reads as a field: another column
    # holds the same values in another script or calendar (`_same_values`).
    kept: str | None = None

    @property
    def stops(self) -> bool:
        """Whether this column's doubt stops an import (a name, date, place or id in doubt).

        A column with no value in the first rows cannot mislead, and does not stop it.
        """
        if self.status != "ask" or not self.samples:
            return False
        fields = [self.field] if self.field is not None else []
        fields += [name for name, _ in self.alternatives[:1]]
        return any(name in KEY_FIELDS for name in fields)


@dataclass(frozen=True)
class Reading:
    """How a file's columns are read, and what the user must decide."""

    file: str
    columns: tuple[ColumnReading, ...]
    questions: tuple[str, ...]  # one plain sentence per decision; empty when confident
    base: Mapping = field(default_factory=Mapping, compare=False, repr=False)
    competing: tuple[tuple[str, tuple[str, ...], bool], ...] = ()  # (field, headers, all exact)

    @property
    def confident(self) -> bool:
        return not self.questions

    @property
    def has_name(self) -> bool:
        return any(c.field in NAME_FIELDS for c in self.columns)

    def chosen(self) -> dict[str, str]:
        """Header -> field for the columns the import uses (sure or mapped)."""
        return {
            c.header: c.field
            for c in self.columns
            if c.field is not None and c.status in ("sure", "mapped")
        }

    def stopping(self) -> list[ColumnReading]:
        """The doubtful columns that stop an import: a name in doubt, or a contested field.

        A wrong name makes wrong persons, and two columns that could each hold one
        field cannot both be right; the user must say. Any other doubtful column is
        kept in raw only (`doubtful`), and the import goes on with a warning that
        asks the question: a date or place left out can be added by mapping it in
        the next version, a wrong one would mislead.
        """
        contested = {h for _f, headers, _e in self.competing for h in headers}
        return [c for c in self.columns if c.stops and (c.header in contested or _names(c))]

    def doubtful(self) -> list[tuple[ColumnReading, str]]:
        """The doubtful columns kept in raw only (not stopping), each with its question."""
        stopping = {c.header for c in self.stopping()}
        return [(c, _question(c)) for c in self.columns if c.stops and c.header not in stopping]

    def error(self) -> ImportFileError | None:
        """The problem that stops an import of this reading, or None.

        Two columns that both name one field exactly are `columns_ambiguous`;
        a name column in doubt, or two columns that could hold one name, date,
        place or id field, is `columns_unsure` (`stopping`).
        """
        suggestion = " Suggested [columns]: " + ", ".join(
            f"{name} = {_toml_string(header)}" for name, header in self.mapping().columns.items()
        )
        for name, headers, exact in self.competing:
            if exact:
                return fail(
                    "columns_ambiguous",
                    self.file,
                    column=headers[-1],
                    detail=f"{name} ({' and '.join(repr(h) for h in headers)}).{suggestion}",
                )
        stopping = self.stopping()
        if not stopping:
            return None
        asked = " ".join(self.questions)
        return fail(
            "columns_unsure",
            self.file,
            column=stopping[0].header if len(stopping) == 1 else None,
            detail=f"{asked}{suggestion}",
        )

    def mapping(self) -> Mapping:
        """The reading as a mapping: each column's field (the guess where in doubt)."""
        columns = {
            c.field: c.header
            for c in self.columns
            if c.field is not None and c.status in ("sure", "ask", "mapped")
        }
        calendars = dict(self.base.calendars)
        for c in self.columns:
            if c.calendar is not None and c.field in (*DATE_FIELDS, "birth_year"):
                calendars.setdefault(c.field, c.calendar)
        return replace(self.base, columns=columns, calendars=calendars, path=None)

    def mapping_toml(self) -> str:
        """The mapping as a TOML mapping file, with a comment per column."""
        mapping = self.mapping()
        out = [
            f"# Mapping of {_comment(self.file)} written by the dadkhah import assistant.",
            "# Check each line. To keep a column in raw only, delete its line under [columns]"
            " and put its header in raw_only.",
        ]
        for key in ("encoding", "delimiter", "sheet", "calendar"):
            value = getattr(mapping, key)
            if value is not None:
                out.append(f"{key} = {_toml_string(value)}")
        for key, value in mapping.source_attributes().items():
            shown = ("true" if value else "false") if isinstance(value, bool) else value
            out.append(f"{key} = {shown if isinstance(value, bool) else _toml_string(value)}")
        if mapping.raw_only:
            shown_raw = ", ".join(_toml_string(h) for h in mapping.raw_only)
            out.append(f"raw_only = [{shown_raw}]")
        for question in self.questions:
            out.append(f"# QUESTION: {_comment(question)}")
        out += ["", "[columns]"]
        for c in self.columns:
            shown = ", ".join(repr(s) for s in c.samples[:3]) or "none"
            out.append(
                f"# {_comment(repr(c.header))}: {c.status}, {c.confidence:.0%}; "
                f"{_comment(c.reason)} Samples: {_comment(shown)}"
            )
            if c.field is not None and mapping.columns.get(c.field) == c.header:
                out.append(f"{c.field} = {_toml_string(c.header)}")
        if mapping.calendars:
            out += ["", "[calendars]"]
            out += [f"{name} = {_toml_string(cal)}" for name, cal in mapping.calendars.items()]
        return "\n".join(out) + "\n"

    def lines(self) -> list[str]:
        """The reading as lines of text for a terminal (`import --dry-run`)."""
        out = [f"Reading of the columns of {self.file}:"]
        for c in self.columns:
            target = c.field or "(kept in raw only)"
            calendar = f", calendar {c.calendar}" if c.calendar else ""
            out.append(f"  {c.header!r} -> {target} [{c.status}, {c.confidence:.0%}{calendar}]")
            out.append(f"      {c.reason}")
            if c.samples:
                out.append("      samples: " + ", ".join(repr(s) for s in c.samples))
        for question in self.questions:
            out.append(f"Question: {question}")
        return out


def _toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str) -> str:
    """Text safe inside a one-line TOML comment."""
    return " ".join(text.replace("\x7f", " ").split()).translate(_CONTROLS)


_CONTROLS: Final = {c: "?" for c in range(32)}


# --- values -------------------------------------------------------------------------------

_YEAR = re.compile(r"^\D{0,6}(1[23]\d\d|19\d\d)\D{0,6}$")
_AGE = re.compile(r"^\D{0,8}(\d{1,3})\D{0,12}$")
_ID_LIKE = re.compile(r"^\S{1,30}$")
EVENT_YEARS: Final = (1978, 1995)  # the events a list records: arrests and executions
LATEST_BIRTH: Final = 1980


def _dates(values: list[str], keep: Callable[[int, int], bool], era: Era) -> tuple[float, str]:
    """(share of values that are dates ``keep`` accepts, what was seen)."""
    read = kept = 0
    for text in values:
        value = normalize.parse_date_text(text, None, era=era).value
        if value.earliest is None or value.latest is None:
            continue
        read += 1
        if keep(value.earliest.year, value.latest.year):
            kept += 1
    return kept / len(values), f"{read} of {len(values)} values read as dates"


def value_fit(name: str, values: list[str]) -> tuple[float, str] | None:
    """How well a column's values fit a field (0..1) and what was seen, or None (no test).

    The tests are plain on purpose, so that a reason can say them: dates for a
    date field (of the events' era for arrests and deaths, before 1980 for a
    birth), a 13xx or 19xx year for a birth year, a number from 1 to 110 for an
    age, unique short tokens for an id, letters without digits for a name, a
    known word for the sex, a gazetteer place for a place, a known group for an
    affiliation.
    """
    if not values:
        return None
    n = len(values)
    if name in ("arrest_date", "death_date"):
        share, said = _dates(
            values, lambda lo, hi: EVENT_YEARS[0] <= lo and hi <= EVENT_YEARS[1], "event"
        )
        return share, f"{said}, {share:.0%} in {EVENT_YEARS[0]}–{EVENT_YEARS[1]}"
    if name == "birth_date":
        share, said = _dates(values, lambda lo, hi: hi <= LATEST_BIRTH, "birth")
        return share, f"{said}, {share:.0%} before {LATEST_BIRTH}"
    if name == "birth_year":
        hits = sum(1 for v in values if _YEAR.match(normalize_digits(v)))
        return hits / n, f"{hits} of {n} values are years 13xx or 19xx"
    if name == "age":
        hits = 0
        for v in values:
            m = _AGE.match(normalize_digits(v))
            hits += m is not None and 1 <= int(m.group(1)) <= 110
        return hits / n, f"{hits} of {n} values are ages from 1 to 110"
    if name == "record_id":
        distinct = len(set(values))
        short = sum(1 for v in values if _ID_LIKE.match(v) and any(ch.isdigit() for ch in v))
        share = (distinct / n) * (short / n)
        return share, f"{distinct} of {n} values distinct, {short} short codes with digits"
    if name in (*NAME_FIELDS, "father_name"):
        hits = sum(
            1
            for v in values
            if any(ch.isalpha() for ch in v) and not any(ch.isdigit() for ch in v) and len(v) <= 80
        )
        return hits / n, f"{hits} of {n} values are words without digits"
    if name == "sex":
        hits = sum(1 for v in values if v.lower().rstrip(".") in normalize._SEX)
        return hits / n, f"{hits} of {n} values are a sex (m, f, مرد, زن …)"
    if name in ("city", "prison", "burial_place"):
        hits = sum(
            1
            for v in values
            if normalize.place_match(v, None) is not None
            or (name == "prison" and normalize.prison_and_ward(v) is not None)  # "اوین / ۲۰۹"
        )
        return hits / n, f"{hits} of {n} values are places the gazetteer knows"
    if name == "affiliation":
        hits = sum(1 for v in values if normalize.affiliation_code(v) is not None)
        return hits / n, f"{hits} of {n} values are known groups"
    return None


# How much a column's values may move its header's score: names and ids are
# weak evidence (many columns hold words or unique codes), the others strong.
_STRENGTH: Final = {name: 0.5 for name in ("record_id", *NAME_FIELDS, "father_name")}
BOOST: Final = 0.6  # values that fit fully move a score this share of the way to 1
CONTRADICTED: Final = 0.7  # a score × this when the values do not fit at all (≤ 20%)


def _weigh(score: float, fit: tuple[float, str, int] | None, name: str) -> tuple[float, str]:
    """A header's score moved by its values, and the sentence that says so."""
    if fit is None:
        return score, ""
    share, said, count = fit
    strength = _STRENGTH.get(name, 1.0)
    if share >= 0.8:
        return score + (1 - score) * BOOST * share * strength, f"the values fit ({said})"
    if share <= 0.2 and count >= MIN_CONTRADICTION:
        return score * (1 - (1 - CONTRADICTED) * strength), f"the values do not fit ({said})"
    return score, f"the values fit partly ({said})"


# --- the reading ------------------------------------------------------------------------------


def _samples(headers: list[str], rows: Iterable[SourceRow]) -> dict[str, list[str]]:
    """The first values of each column that say something, as text (not "?", "unknown" …)."""
    out: dict[str, list[str]] = {h: [] for h in headers}
    for row in rows:
        for header, value in row.values.items():
            bucket = out.get(header)
            if bucket is None or len(bucket) >= EVIDENCE_VALUES:
                continue
            text = value_text(value)
            if text and not says_unknown(text):  # "?", "نامعلوم": no evidence either way
                bucket.append(text)
    return out


@dataclass
class _Candidate:
    header: str
    scores: dict[str, float]
    reasons: dict[str, str]
    calendar: str | None
    samples: list[str]
    best: str | None = None
    exact: dict[str, bool] = field(default_factory=dict)
    unheld: str | None = None  # what the column holds, where dadkhah keeps no field for it


def assess(
    headers: list[str],
    rows: Iterable[SourceRow] = (),
    *,
    mapping: Mapping | None = None,
    file: str,
) -> Reading:
    """Read the columns of a file from its headers and its first rows.

    Raises:
        ImportFileError: mapping_invalid, when the mapping names a column the
            file lacks.
    """
    base = mapping or Mapping()
    rows = list(rows)
    values = _samples(headers, rows)
    wanted = {header_key(h): f for f, h in base.columns.items()}
    exact_wanted = {h: f for f, h in base.columns.items()}
    mapped: dict[str, str] = {}
    for header in headers:
        name = exact_wanted.get(header) or wanted.get(header_key(header))
        if name is not None and name not in mapped.values():
            mapped[header] = name
    missing = [h for f, h in base.columns.items() if f not in mapped.values()]
    raw_only = {header_key(h) for h in base.raw_only}
    present = {header_key(h) for h in headers}
    missing += [h for h in base.raw_only if header_key(h) not in present]
    if missing:
        mapping_name = base.path.name if base.path else file
        shown = ", ".join(repr(h) for h in headers[:20])
        raise fail(
            "mapping_invalid",
            mapping_name,
            detail=f"the file has no column {missing[0]!r} (its columns: {shown})",
        )
    taken = set(mapped.values())
    candidates: list[_Candidate] = []
    for header in headers:
        if header in mapped or header_key(header) in raw_only:
            continue
        read = read_header(header)
        scores: dict[str, float] = {}
        reasons: dict[str, str] = {}
        exact: dict[str, bool] = {}
        for name, score in read.scores.items():
            if name in taken:
                continue
            fit = value_fit(name, values[header])
            weighed, said = _weigh(
                score, None if fit is None else (*fit, len(values[header])), name
            )
            scores[name] = round(min(weighed, 1.0), 3)
            reasons[name] = read.how[name] + (f"; {said}" if said else "")
            exact[name] = score >= 1.0
        candidates.append(
            _Candidate(
                header,
                scores,
                reasons,
                read.calendar,
                values[header],
                exact=exact,
                unheld=read.unheld,
            )
        )
    _bare_name_beside_a_part(candidates, mapped, values)
    _dates_under_an_unread_header(candidates, mapped)
    chosen, competing, kept = _assign(
        candidates, lambda name, a, b: _same_values(name, a, b, rows, headers)
    )
    columns = []
    questions: list[str] = []
    contested = {h for _f, hs, _e in competing for h in hs}
    for name, headers_of, _exact in competing:
        shown = " or ".join(repr(h) for h in headers_of)
        questions.append(f"Which column holds {name}: {shown}? Both read as {name}.")
    for header in headers:
        samples = tuple(values[header][:SAMPLES])
        if header in mapped:
            columns.append(
                ColumnReading(
                    header, mapped[header], 1.0, "mapped", (), samples,
                    f"The mapping file maps it to {mapped[header]}.",
                    read_header(header).calendar,
                )
            )  # fmt: skip
            continue
        if header_key(header) in raw_only:
            columns.append(
                ColumnReading(
                    header, None, 1.0, "mapped", (), samples,
                    "The mapping file keeps it in raw only.", None,
                )
            )  # fmt: skip
            continue
        cand = next(c for c in candidates if c.header == header)
        if header in kept:
            columns.append(_kept(cand, samples, kept[header]))
            continue
        name = chosen.get(header)
        others = set(chosen.values()) - {name}
        columns.append(_column(cand, name, samples, header in contested, others))
        reading = columns[-1]
        if reading.status == "ask" and header not in contested:
            questions.append(_question(reading))
    if not any(c.field in NAME_FIELDS for c in columns):
        questions.append(
            "Which column holds the names (full_name, or given_name and family_name)? "
            "None was recognized."
        )
    return Reading(
        file=file,
        columns=tuple(columns),
        questions=tuple(questions),
        base=base,
        competing=tuple(competing),
    )


UNREAD_DATES: Final = 0.8  # share of an unread column's values that are event dates
MIN_UNREAD_DATES: Final = 5  # values needed before an unread column is asked about


def _dates_under_an_unread_header(candidates: list[_Candidate], mapped: dict[str, str]) -> None:
    """An unread column of dates of the events' era is asked about as the death date.

    A header the lexicon cannot read ("Datum 2", a typo, a language it lacks)
    would lose its dates. Where `UNREAD_DATES` of its values (at least
    `MIN_UNREAD_DATES`) are dates of 1978–1995 and no other column holds
    death_date, it reads as death_date at `ASK`: a question, kept in raw
    with a `column_unsure` warning, never a guess.
    """
    if "death_date" in mapped.values() or any(
        c.scores.get("death_date", 0.0) >= ASK for c in candidates
    ):
        return
    for cand in candidates:
        if cand.scores or cand.unheld is not None or len(cand.samples) < MIN_UNREAD_DATES:
            continue
        fit = value_fit("death_date", cand.samples)
        if fit is None or fit[0] < UNREAD_DATES:
            continue
        cand.scores["death_date"] = ASK
        cand.exact["death_date"] = False
        cand.reasons["death_date"] = (
            f"the header names no known field, but its values are dates ({fit[1]})"
        )
        return


# One-word headers that say "name" and no more ("Name", "Naam", "Nombre", "الاسم").
_BARE_NAMES: Final = frozenset(words(form) for form in HEADS["name"] if len(words(form)) == 1)
_PARTS: Final = ("given_name", "family_name")


def _bare_name_beside_a_part(
    candidates: list[_Candidate], mapped: dict[str, str], values: dict[str, list[str]]
) -> None:
    """A bare "Name" beside a column of one part of a name holds the other part.

    German, Dutch and Swedish lists write "Name, Vorname" ("Naam, Voornaam",
    "Namn, Förnamn"): the name is the family name. Arabic, Spanish and English
    lists write "الاسم، اللقب", "Nombre, Apellidos", "Name, Surname": it is the
    given name. Read as a full name, the other part would be lost. Only where
    exactly one of the two parts has a column of its own (or a mapping), and
    where the name's values do not hold that part's ("Ali Tabesh" beside
    "Tabesh" is a full name).
    """
    by_header = {c.header: c for c in candidates}
    best = {c.header: max(c.scores, key=lambda f: c.scores[f]) for c in candidates if c.scores}
    held = dict(mapped)
    for header, name in best.items():
        if by_header[header].scores[name] >= ASK:
            held.setdefault(header, name)
    parts = {name: header for header, name in held.items() if name in _PARTS}
    if len(parts) != 1:
        return
    ((part, part_header),) = parts.items()
    to = next(name for name in _PARTS if name != part)
    for cand in candidates:
        if best.get(cand.header) != "full_name" or words(cand.header) not in _BARE_NAMES:
            continue
        found = values[cand.header]
        if _holds_the_part(found, values[part_header]):
            return
        score = read_header(cand.header).scores["full_name"]
        fit = value_fit(to, found)
        weighed, said = _weigh(score, None if fit is None else (*fit, len(found)), to)
        del cand.scores["full_name"]
        cand.exact.pop("full_name", None)
        cand.scores[to] = round(min(weighed, 1.0), 3)
        cand.exact[to] = score >= 1.0
        cand.reasons[to] = (
            f'the header says only "name", and another column holds the {_WORDS[part]}: '
            f'this one holds the {_WORDS[to]} ("Name, Vorname"; "Nombre, Apellidos")'
            + (f"; {said}" if said else "")
        )
        return


def _holds_the_part(names: list[str], parts: list[str]) -> bool:
    """Whether half the names or more are longer names that hold one of the parts."""
    known = {tuple(p.casefold().split()) for p in parts} - {()}
    longest = max((len(k) for k in known), default=0)

    def holds(name: str) -> bool:
        got = tuple(name.casefold().split())
        return any(
            got[i : i + n] in known
            for n in range(1, min(longest, len(got) - 1) + 1)
            for i in range(len(got) - n + 1)
        )

    return bool(names) and sum(holds(n) for n in names) * 2 >= len(names)


_WORDS: Final = {"given_name": "given name", "family_name": "family name"}


Settle = Callable[[str, "_Candidate", "_Candidate"], tuple[str, str] | None]


def _assign(
    candidates: list[_Candidate], settle: Settle | None = None
) -> tuple[dict[str, str], list[tuple[str, tuple[str, ...], bool]], dict[str, str]]:
    """The best field of each column, each field once, the fields two columns compete for,
    and the columns kept in raw because another holds the same values (header -> why).

    ``settle(field, first, second)`` may end a competition: it gives the header that
    holds the field and why the other is kept in raw (`_same_values`), or None.
    """
    ranked = sorted(
        ((score, -i, c.header, name) for i, c in enumerate(candidates) for name, score in c.scores.items()),
        reverse=True,
    )  # fmt: skip
    by_header = {c.header: c for c in candidates}
    chosen: dict[str, str] = {}
    holder: dict[str, str] = {}
    competing: dict[str, list[str]] = {}
    kept: dict[str, str] = {}
    for score, _order, header, name in ranked:
        if score < ASK or header in chosen or header in kept:
            continue
        other = holder.get(name)
        if other is not None:
            first = by_header[other]
            best_here = max(by_header[header].scores.values())
            if first.scores[name] - score <= CLOSE and score >= best_here:
                settled = None
                if settle is not None and name not in competing:
                    settled = settle(name, first, by_header[header])
                if settled is None:
                    competing.setdefault(name, [other]).append(header)
                    continue
                winner, why = settled
                kept[other if winner == header else header] = why
                if winner == header:
                    del chosen[other]
                    chosen[header] = name
                    holder[name] = header
            continue
        chosen[header] = name
        holder[name] = header
    out = []
    for name, headers in competing.items():
        exact = all(by_header[h].exact.get(name, False) for h in headers)
        out.append((name, tuple(headers), exact))
    return chosen, out, kept


SAME_SCRIPT: Final = 0.8  # a column is in one script when this share of its values is
SAME_DATES: Final = 0.9  # two date columns hold the same dates when this share overlaps
_DATED: Final = (*DATE_FIELDS, "birth_year")


def _same_values(
    name: str, a: _Candidate, b: _Candidate, rows: list[SourceRow], headers: list[str]
) -> tuple[str, str] | None:
    """Which of two columns competing for ``name`` holds it, and why the other is kept in raw.

    Bilingual lists write one name twice, in Latin and in Persian script
    ("surname_latin", "surname_fa"): when the two columns' values are mostly
    in different scripts, the Arabic-script column holds the name (the
    cross-script keys link it from either) and the other is kept in raw.
    Lists also write one date in two calendars ("dod_greg", "dod_jalali"):
    when, on the rows where both parse, their intervals overlap in
    `SAME_DATES` of them or more, the column of narrower intervals holds the
    date (the first when equal). Otherwise it stays a question (None).
    """
    if name in (*NAME_FIELDS, "father_name"):
        scripts = {_script(a.samples): a.header, _script(b.samples): b.header}
        if set(scripts) == {"fa", "latin"}:
            return scripts["fa"], "the same names in Latin script; kept in raw"
        return None
    if name not in _DATED:
        return None
    era: Era = "birth" if name in ("birth_date", "birth_year") else "event"
    both = overlap = 0
    width = {a.header: 0, b.header: 0}
    for row in rows[:EVIDENCE_VALUES]:
        found = []
        for cand in (a, b):
            text = value_text(row.values.get(cand.header))
            value = normalize.parse_date_text(text, cand.calendar, era=era).value if text else None
            if value is None or value.earliest is None or value.latest is None:
                break
            found.append((value.earliest, value.latest))
        else:
            (lo_a, hi_a), (lo_b, hi_b) = found
            both += 1
            overlap += lo_a <= hi_b and lo_b <= hi_a
            width[a.header] += (hi_a - lo_a).days
            width[b.header] += (hi_b - lo_b).days
    if not both or overlap < SAME_DATES * both:
        return None
    first, second = sorted((a, b), key=lambda c: headers.index(c.header))
    narrow = second if width[second.header] < width[first.header] else first
    for cand in (a, b):
        if cand.calendar is None:
            cand.calendar = normalize.infer_column_calendar(cand.samples)
    return narrow.header, "the same dates in the other calendar"


def _script(values: list[str]) -> str | None:
    """The script ("fa" or "latin") of `SAME_SCRIPT` or more of the values with letters."""
    found = [script_of(v) for v in values]
    lettered = [s for s in found if s != "empty"]
    for script in ("fa", "latin"):
        if lettered and lettered.count(script) >= SAME_SCRIPT * len(lettered):
            return script
    return None


def _kept(cand: _Candidate, samples: tuple[str, ...], why: str) -> ColumnReading:
    ranked = sorted(cand.scores.items(), key=lambda item: -item[1])
    return ColumnReading(
        cand.header, None, ranked[0][1] if ranked else 0.0, "unused", tuple(ranked), samples,
        f"Kept in raw only: {why}.", cand.calendar, kept=why,
    )  # fmt: skip


def _column(
    cand: _Candidate,
    name: str | None,
    samples: tuple[str, ...],
    contested: bool,
    others: set[str],
) -> ColumnReading:
    ranked = sorted(cand.scores.items(), key=lambda item: -item[1])
    if contested:
        contested_field = ranked[0][0] if ranked else None
        score = ranked[0][1] if ranked else 0.0
        alternatives = tuple((f, s) for f, s in ranked if f != name)
        return ColumnReading(
            cand.header, name, score, "ask", alternatives, samples,
            f"Another column reads as {contested_field} as well: "
            f"{cand.reasons.get(contested_field or '', '')}.",
            cand.calendar,
        )  # fmt: skip
    alternatives = tuple((f, s) for f, s in ranked if f != name and s >= 0.3)
    if name is None:
        if ranked:
            best, score = ranked[0]
            why = f"Kept in raw only: {cand.reasons[best]}, which is not enough for {best}."
        elif cand.unheld is not None:  # "Mother's name", "Occupation": known, never asked
            score = 0.0
            why = (
                f"Kept in raw only: the header names {cand.unheld}; dadkhah holds no field for it."
            )
        else:
            score, why = 0.0, "Kept in raw only: the header names no known field."
        return ColumnReading(
            cand.header, None, score, "unused", alternatives, samples, why, cand.calendar,
            None if ranked else cand.unheld,
        )  # fmt: skip
    score = cand.scores[name]
    # A birth year and a birth date give the same birth years: no need to ask which.
    # A field another column holds is no rival either.
    runner = next(
        (s for f, s in ranked if f != name and {f, name} != _BIRTH and f not in others), 0.0
    )
    status = "sure" if score >= SURE and score - runner > CLOSE / 2 else "ask"
    why = cand.reasons[name][0].upper() + cand.reasons[name][1:] + "."
    if status == "ask" and score >= SURE:
        rival = next(f for f, s in ranked if f != name and s == runner)
        why += f" {rival} fits almost as well."
    return ColumnReading(
        cand.header, name, score, status, alternatives, samples, why, cand.calendar
    )


_BIRTH: Final = {"birth_year", "birth_date"}


def _names(reading: ColumnReading) -> bool:
    """Whether a doubtful column's reading is about a name (its field or first alternative)."""
    fields = [reading.field] if reading.field is not None else []
    fields += [name for name, _ in reading.alternatives[:1]]
    return any(name in NAME_FIELDS for name in fields)


def _question(reading: ColumnReading) -> str:
    shown = ", ".join(repr(s) for s in reading.samples[:3]) or "no values"
    others = ", ".join(f for f, _ in reading.alternatives[:2])
    also = f" (or {others}, or none)" if others else " (or none)"
    return (
        f"Does column {reading.header!r} hold {reading.field}{also}? "
        f"Read at {reading.confidence:.0%}; values {shown}."
    )


def first_rows(table: Table, limit: int = LOOKAHEAD_ROWS) -> list[SourceRow]:
    """The first rows of a table (the caller chains them back before the rest)."""
    return list(islice(table.rows, limit))


def read_columns(
    path: Path, *, mapping: Mapping | None = None, limits: Limits = DEFAULT_LIMITS
) -> Reading:
    """The assistant's reading of a list file's columns (nothing is imported).

    Raises:
        ImportFileError: The file cannot be read at all (its encoding, its
            format, a limit), or the mapping names a column the file lacks.
    """
    path = Path(path)
    options = mapping.read_options() if mapping is not None else None
    table = open_table(path, options=options, limits=limits)
    from dadkhah.pipelines.importing.exported import as_original_list, maps_export_columns

    if not maps_export_columns(mapping):
        table = as_original_list(
            table, reopen=lambda: open_table(path, options=options, limits=limits)
        )
    try:
        rows = first_rows(table)
        return assess(list(table.headers), rows, mapping=mapping, file=path.name)
    finally:
        table.close()


__all__ = [
    "ASK",
    "FIELDS",
    "SURE",
    "ColumnReading",
    "Reading",
    "assess",
    "read_columns",
    "value_fit",
]

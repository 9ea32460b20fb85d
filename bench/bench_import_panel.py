"""Import panel: hand-made lists in many conventions, read with no mapping, scored against truth.

Issue 16 ("Lists as other people write them"). Each fixture in
tests/data/import_panel/ is a list written by hand the way an NGO, a family,
an archive or a survivor writes one; beside it, NAME.truth.toml says which
field a person would give each column and which date values a person could
not read either. The importer reads each file as an outside user would: with
no mapping (`dadkhah.pipelines.importing.prepare.prepare(path, mapping=None)`).

Scores, per fixture and pooled over the panel:

- key columns: the share of the name, date, place and id columns (by the
  truth's field, `KEY_FIELDS`) that the importer gave the truth's field;
- all columns: the same over every column ("unused" is right when the
  importer keeps the column in raw only);
- dates: the share of the human-readable values of the date, birth-year and
  age columns that came out parsed under a field the truth accepts (a date
  with precision other than "unknown" and, where the truth names the
  calendar, read in that calendar; a birth year taken from that column; an
  age). Blank cells do not count; the values the truth lists as unreadable
  do not count either. A value in a column given the wrong field is not parsed.
- problems by code, and the seconds the reading took.

Targets (issue 16): key columns ≥ 95 %, dates ≥ 98 %. A fixture whose truth
says `held_out = true` was written after the header lexicon was tuned on the
conventions the issue names; it gets its own row as well. A fixture whose
truth names a `set` (for instance "blind-2" and "blind-3": lists written
blind, by someone who had not read the importer) belongs to that set only:
the set gets its own row, and the set is left out of the held-out row, the
total row and the targets, so that those keep measuring the panel they
always measured.

`python bench/bench_import_panel.py` prints the rows and what each fixture
missed; `make bench` prints the rows (and the misses before the table).
The test tests/pipelines/importing/test_import_panel.py imports this module.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

PANEL = REPO / "tests" / "data" / "import_panel"
TRUTH_SUFFIX = ".truth.toml"

TARGET_KEY = 0.95
TARGET_DATES = 0.98

NAME_FIELDS = ("record_id", "full_name", "given_name", "family_name", "father_name")
DATE_FIELDS = ("birth_date", "birth_year", "arrest_date", "death_date")
PLACE_FIELDS = ("city", "prison", "burial_place", "ward")
# The columns issue 16 names: id, name, date and place. Age is scored with the
# dates (its values) but is not a key column.
KEY_FIELDS = frozenset(NAME_FIELDS + DATE_FIELDS + PLACE_FIELDS)
DATED = frozenset({"birth_date", "arrest_date", "death_date"})
VALUE_FIELDS = frozenset(DATED | {"birth_year", "age"})
UNUSED = "unused"
TRUTH_FIELDS = frozenset(
    {
        "record_id", "full_name", "given_name", "family_name", "father_name", "sex",
        "birth_year", "birth_date", "age", "arrest_date", "death_date", "city", "prison",
        "affiliation", "burial_place", "notes", "ward", UNUSED,
    }
)  # fmt: skip
SHOWN = 5  # misses listed per fixture and kind


@dataclass(frozen=True)
class Truth:
    """What a person reading the fixture would say about it."""

    name: str
    path: Path  # the list file
    convention: str
    columns: dict[str, tuple[str, ...]]  # header -> accepted fields, the first the main one
    unreadable: dict[str, frozenset[str]]  # header -> values no person could read as a date
    calendar: dict[str, str]  # header -> the calendar a person would assume
    encoding: str
    delimiter: str | None
    held_out: bool  # written after column recognition was tuned on the others, unseen by it
    panel_set: str | None = None  # a set of its own ("blind-2"), kept out of the targets

    def main_field(self, header: str) -> str:
        return self.columns[header][0]


def load_truth(truth_path: Path) -> Truth:
    """Read NAME.truth.toml and find its list file (NAME.<ext> beside it)."""
    data = tomllib.loads(truth_path.read_text(encoding="utf-8"))
    name = truth_path.name.removesuffix(TRUTH_SUFFIX)
    found = [
        p
        for p in truth_path.parent.glob(f"{name}.*")
        if not p.name.endswith(TRUTH_SUFFIX) and p.suffix != ".py"
    ]
    if len(found) != 1:
        raise ValueError(f"{truth_path.name}: expected one list file {name}.*, found {found}")
    columns: dict[str, tuple[str, ...]] = {}
    for header, value in data["columns"].items():
        fields = (value,) if isinstance(value, str) else tuple(value)
        unknown = [f for f in fields if f not in TRUTH_FIELDS]
        if unknown or not fields:
            raise ValueError(f"{truth_path.name}: {header!r} has unknown field(s) {unknown}")
        columns[header] = fields
    unreadable = {h: frozenset(v) for h, v in data.get("unreadable", {}).items()}
    calendar = dict(data.get("calendar", {}))
    for header in (*unreadable, *calendar):
        if header not in columns:
            raise ValueError(f"{truth_path.name}: {header!r} is not one of its [columns]")
    return Truth(
        name=name,
        path=found[0],
        convention=str(data["convention"]),
        columns=columns,
        unreadable=unreadable,
        calendar=calendar,
        encoding=str(data.get("encoding", "utf-8")),
        delimiter=data.get("delimiter"),
        held_out=bool(data.get("held_out", False)),
        panel_set=None if data.get("set") is None else str(data["set"]),
    )


def load_truths(folder: Path = PANEL) -> list[Truth]:
    return [load_truth(p) for p in sorted(folder.glob(f"*{TRUTH_SUFFIX}"))]


@dataclass
class Score:
    """How the importer did on one fixture."""

    name: str
    convention: str
    held_out: bool = False
    panel_set: str | None = None
    rows: int = 0
    refused: str | None = None  # the refusal's message when the file was refused
    got: dict[str, str] = field(default_factory=dict)  # truth header -> field given ("unused")
    key_right: int = 0
    key_total: int = 0
    all_right: int = 0
    all_total: int = 0
    dates_readable: int = 0
    dates_parsed: int = 0
    dates_in_right_columns: int = 0  # readable values in columns given an accepted field
    dates_unreadable: int = 0
    column_misses: list[tuple[str, str, str]] = field(default_factory=list)  # header, got, truth
    date_misses: list[tuple[str, str, str]] = field(default_factory=list)  # header, value, why
    problems: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0


def _cell(value: Any) -> str:
    """A raw value as text, as the importer hands it to the normalizers."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):  # a date cell read by openpyxl (the importer: ISO text)
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _value_parsed(
    field_name: str, normalized: dict[str, Any], calendar: str | None
) -> tuple[bool, str]:
    """Whether the row's normalized form holds this field's value parsed, and if not why."""
    if field_name in DATED:
        date = normalized.get(field_name)
        if not isinstance(date, dict) or date.get("precision", "unknown") == "unknown":
            return False, "not parsed"
        read_as = date.get("calendar")
        if calendar is not None and read_as is not None and read_as != calendar:
            return False, f"read as {read_as}"
        return True, ""
    if field_name == "birth_year":
        ok = "birth_year" in normalized and normalized.get("birth_from") == "birth_year"
        return ok, "" if ok else "not parsed"
    if field_name == "age":
        return "age" in normalized, "" if "age" in normalized else "not parsed"
    return False, f"given {field_name}"


def score(truth: Truth) -> Score:
    """Read the fixture with no mapping and score it against its truth."""
    from dadkhah.pipelines.importing.prepare import prepare
    from dadkhah.pipelines.importing.validate import ImportFileError

    result = Score(
        name=truth.name,
        convention=truth.convention,
        held_out=truth.held_out,
        panel_set=truth.panel_set,
    )
    rows: list[Any] = []
    start = time.perf_counter()
    try:
        prep = prepare(truth.path, mapping=None)
    except ImportFileError as exc:
        result.seconds = time.perf_counter() - start
        result.refused = str(exc)
        result.problems[exc.problem.code] += 1
        prep = None
    if prep is not None:
        try:
            rows = list(prep.rows())
        except ImportFileError as exc:  # refused while reading: score what was read
            result.refused = str(exc)
            result.problems[exc.problem.code] += 1
        result.seconds = time.perf_counter() - start
        # Read after the rows: a JSON file's later keys are assigned as they appear.
        for item in prep.file_problems():
            result.problems[item.code] += 1
        by_header = {h: f for f, h in prep.columns.by_field.items()}
        unused = set(prep.columns.unused)
    else:
        by_header, unused = {}, set()
    result.rows = len(rows)

    for header, accepted in truth.columns.items():
        if header in by_header:
            got = by_header[header]
        elif header in unused:
            got = UNUSED
        else:
            got = "(not read)"
        result.got[header] = got
        right = got in accepted
        result.all_total += 1
        result.all_right += right
        if accepted[0] in KEY_FIELDS:
            result.key_total += 1
            result.key_right += right
        if not right:
            result.column_misses.append((header, got, " or ".join(accepted)))

    dated = [h for h, accepted in truth.columns.items() if accepted[0] in VALUE_FIELDS]
    for row in rows:
        for item in row.problems:
            result.problems[item.code] += 1
        normalized = row.normalized
        for header in dated:
            text = _cell(row.raw.get(header))
            if text == "":
                continue
            if text in truth.unreadable.get(header, ()):
                result.dates_unreadable += 1
                continue
            result.dates_readable += 1
            got = result.got[header]
            if got not in truth.columns[header]:
                result.date_misses.append((header, text, f"column given {got}"))
                continue
            result.dates_in_right_columns += 1
            ok, why = _value_parsed(got, normalized, truth.calendar.get(header))
            if ok:
                result.dates_parsed += 1
            else:
                result.date_misses.append((header, text, why))
    if prep is None:  # refused: every readable value is missed; count them from the file
        for header, text in _plain_values(truth, dated):
            if text in truth.unreadable.get(header, ()):
                result.dates_unreadable += 1
            else:
                result.dates_readable += 1
                result.date_misses.append((header, text, "file refused"))
    return result


def plain_read(truth: Truth) -> tuple[list[str], list[dict[str, Any]]]:
    """The header and rows as a person's tool reads them (stdlib, the truth's encoding).

    Independent of the importer: the panel test checks the truth against this.
    """
    import csv

    if truth.path.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(truth.path, read_only=True, data_only=True)
        try:
            head, *body = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
        finally:
            book.close()
        headers = [str(h) for h in head]
        return headers, [dict(zip(headers, r, strict=False)) for r in body if any(r)]
    text = truth.path.read_text(encoding=truth.encoding)
    if truth.path.suffix in (".json", ".jsonl"):
        if truth.path.suffix == ".json":  # one array of objects
            records = list(json.loads(text))
        else:
            records = [json.loads(line) for line in text.splitlines() if line.strip()]
        headers = list(dict.fromkeys(k for r in records for k in r))
        return headers, records
    reader = csv.reader(text.splitlines(), delimiter=truth.delimiter or ",")
    headers, *body = list(reader)
    return headers, [dict(zip(headers, r, strict=False)) for r in body if any(r)]


def _plain_values(truth: Truth, headers: list[str]) -> list[tuple[str, str]]:
    _, records = plain_read(truth)
    out = []
    for record in records:
        for header in headers:
            text = _cell(record.get(header))
            if text != "":
                out.append((header, text))
    return out


def score_panel(folder: Path = PANEL) -> list[Score]:
    return [score(t) for t in load_truths(folder)]


def in_targets(scores: list[Score]) -> list[Score]:
    """The fixtures the targets hold to: those in no set of their own."""
    return [s for s in scores if s.panel_set is None]


def sets_of(scores: list[Score]) -> dict[str, list[Score]]:
    """The fixtures of each named set, sets in order of name."""
    out: dict[str, list[Score]] = {}
    for s in sorted(scores, key=lambda s: str(s.panel_set)):
        if s.panel_set is not None:
            out.setdefault(s.panel_set, []).append(s)
    return out


@dataclass(frozen=True)
class Totals:
    key_right: int
    key_total: int
    all_right: int
    all_total: int
    dates_parsed: int
    dates_readable: int
    problems: int

    @property
    def key_share(self) -> float:
        return self.key_right / self.key_total if self.key_total else 1.0

    @property
    def date_share(self) -> float:
        return self.dates_parsed / self.dates_readable if self.dates_readable else 1.0

    @property
    def met(self) -> bool:
        return self.key_share >= TARGET_KEY and self.date_share >= TARGET_DATES


def totals(scores: list[Score]) -> Totals:
    """The panel pooled: every column and every value counts once, whatever its fixture."""
    return Totals(
        key_right=sum(s.key_right for s in scores),
        key_total=sum(s.key_total for s in scores),
        all_right=sum(s.all_right for s in scores),
        all_total=sum(s.all_total for s in scores),
        dates_parsed=sum(s.dates_parsed for s in scores),
        dates_readable=sum(s.dates_readable for s in scores),
        problems=sum(sum(s.problems.values()) for s in scores),
    )


def _share(right: int, total: int) -> str:
    return f"{right}/{total} ({100 * right / total:.0f}%)" if total else "-"


def misses_report(scores: list[Score]) -> str:
    """What each fixture missed: columns (got vs truth), unparsed readable dates (first 5)."""
    lines = ["Import panel: what was missed"]
    for s in scores:
        lines.append(f"- {s.name} ({s.convention})")
        if s.refused is not None:
            lines.append(f"    refused: {s.refused}")
        for header, got, want in s.column_misses:
            lines.append(f"    column {header!r}: got {got}, truth {want}")
        for header, text, why in s.date_misses[:SHOWN]:
            lines.append(f"    value {header!r} = {text!r}: {why}")
        if len(s.date_misses) > SHOWN:
            lines.append(f"    … and {len(s.date_misses) - SHOWN} more unparsed values")
        if s.refused is None and not s.column_misses and not s.date_misses:
            lines.append("    nothing")
    return "\n".join(lines)


def _note(s: Score) -> str:
    problems = ", ".join(f"{c} {n}" for c, n in s.problems.most_common()) or "none"
    return (
        f"key cols {_share(s.key_right, s.key_total)}; "
        f"all cols {_share(s.all_right, s.all_total)}; "
        f"dates {_share(s.dates_parsed, s.dates_readable)} "
        f"(in right cols {_share(s.dates_parsed, s.dates_in_right_columns)}); "
        f"problems {sum(s.problems.values())}: {problems}"
        + ("; REFUSED" if s.refused is not None else "")
    )


def _tags(s: Score) -> str:
    tags = (["held out"] if s.held_out else []) + ([s.panel_set] if s.panel_set else [])
    return f" ({', '.join(tags)})" if tags else ""


def rows_of(scores: list[Score]) -> list[dict[str, object]]:
    out: list[dict[str, object]] = [
        {
            "what": f"import panel: {s.name}" + _tags(s),
            "size": s.rows,
            "seconds": s.seconds,
            "note": _note(s),
        }
        for s in scores
    ]
    panel = in_targets(scores)
    held_out = [s for s in panel if s.held_out]
    if held_out:
        h = totals(held_out)
        out.append(
            {
                "what": f"import panel: held out ({len(held_out)})",
                "size": sum(s.rows for s in held_out),
                "note": (
                    f"key cols {_share(h.key_right, h.key_total)}; "
                    f"dates {_share(h.dates_parsed, h.dates_readable)}"
                ),
            }
        )
    for name, members in sets_of(scores).items():
        b = totals(members)
        out.append(
            {
                "what": f"import panel: {name} ({len(members)})",
                "size": sum(s.rows for s in members),
                "seconds": sum(s.seconds for s in members),
                "note": (
                    f"key cols {_share(b.key_right, b.key_total)}; "
                    f"all cols {_share(b.all_right, b.all_total)}; "
                    f"dates {_share(b.dates_parsed, b.dates_readable)}; "
                    f"problems {b.problems}; not in the targets"
                ),
            }
        )
    t = totals(panel)
    out.append(
        {
            "what": f"import panel: total ({len(panel)} conventions)",
            "size": sum(s.rows for s in panel),
            "seconds": sum(s.seconds for s in panel),
            "target": f"key cols ≥ {TARGET_KEY:.0%}, dates ≥ {TARGET_DATES:.0%}",
            "note": (
                f"key cols {_share(t.key_right, t.key_total)}; "
                f"all cols {_share(t.all_right, t.all_total)}; "
                f"dates {_share(t.dates_parsed, t.dates_readable)}; "
                f"problems {t.problems}; " + ("met" if t.met else "NOT met")
            ),
        }
    )
    return out


def run(quick: bool = False) -> list[dict[str, object]]:
    """The bench rows (the panel is small: quick reads it all too)."""
    scores = score_panel()
    print(misses_report(scores), flush=True)
    return rows_of(scores)


if __name__ == "__main__":
    from bench.run import print_table

    print_table(run())

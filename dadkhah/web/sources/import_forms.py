"""The forms of the web import: the upload, and the mapping assistant's reading as a form.

The second form has one field choice (and one calendar choice) per column of the file,
prefilled with the assistant's reading (dadkhah/pipelines/importing/assistant.py), and
the source's description. What it says becomes a ``headers.Mapping``, the same object a
TOML mapping file becomes, so the web and the CLI import alike.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dadkhah.pipelines.importing.assistant import Reading
from dadkhah.pipelines.importing.headers import (
    CALENDAR_FIELDS,
    FIELDS,
    INDEPENDENCE_GROUP,
    NAME_FIELDS,
    RELIABILITY_GRADES,
    Mapping,
)

RAW_ONLY = ""
RESERVED_NAME = "import"  # /sources/import/ is this page, not a source's
FIELD_LABELS = {
    "record_id": _("record id"),
    "full_name": _("full name"),
    "given_name": _("given name"),
    "family_name": _("family name"),
    "father_name": _("father's name"),
    "sex": _("sex"),
    "birth_year": _("year of birth"),
    "birth_date": _("date of birth"),
    "age": _("age"),
    "arrest_date": _("date of arrest"),
    "death_date": _("date of death"),
    "city": _("city"),
    "prison": _("prison"),
    "ward": _("ward"),
    "affiliation": _("affiliation"),
    "burial_place": _("burial place"),
    "notes": _("notes"),
}
CALENDARS = (
    ("", _("as each date says")),
    ("jalali", _("Jalali (solar hijri)")),
    ("gregorian", _("Gregorian")),
)
SOURCE_FIELDS = (
    "name",
    "title",
    "reliability",
    "systematic",
    "duplicate_free",
    "independence_group",
)
TRISTATE = (("", _("not said")), ("yes", _("yes")), ("no", _("no")))


def _tristate(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class UploadForm(forms.Form):
    """Step 1: the list file."""

    file = forms.FileField(
        label=_("List file"),
        help_text=_("CSV, TSV, XLSX, ODS, JSON or JSON Lines, with a header row."),
    )


def default_source_name(file_name: str) -> str:
    """A source name made from a file name: ``Lista 2019 (final).csv`` → ``lista-2019-final``."""
    stem = re.sub(r"[^-a-zA-Z0-9_]+", "-", Path(file_name).stem).strip("-_").lower()
    return stem[:100] or "list"


class ColumnsForm(forms.Form):
    """Step 2: a field and a calendar for each column, and what the source is."""

    name = forms.SlugField(
        label=_("Source name"),
        max_length=100,
        help_text=_("Letters, digits, - and _. An existing name adds a new version of it."),
    )
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    reliability = forms.ChoiceField(
        label=_("Reliability"),
        required=False,
        choices=[("", _("not said")), *((g, g) for g in RELIABILITY_GRADES)],
        help_text=_("A completely reliable … E unreliable, F cannot be judged."),
    )
    systematic = forms.ChoiceField(label=_("Systematic list"), choices=TRISTATE, required=False)
    duplicate_free = forms.ChoiceField(label=_("Duplicate-free"), choices=TRISTATE, required=False)
    independence_group = forms.CharField(
        label=_("Independence group"),
        max_length=100,
        required=False,
        validators=[
            RegexValidator(
                INDEPENDENCE_GROUP, _("Use letters, digits, - and _ only (at most 100).")
            )
        ],
    )

    def __init__(self, *args: Any, reading: Reading, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reading = reading
        choices: list[tuple[str, str | Promise]] = [(RAW_ONLY, _("keep in raw only"))]
        choices += [(f, f"{FIELD_LABELS.get(f, f)} ({f})") for f in FIELDS]
        for i, column in enumerate(reading.columns):
            self.fields[f"field_{i}"] = forms.ChoiceField(
                label=column.header, choices=choices, required=False
            )
            self.fields[f"calendar_{i}"] = forms.ChoiceField(
                label=_("Calendar"), choices=CALENDARS, required=False
            )
            self.initial.setdefault(f"field_{i}", column.field or RAW_ONLY)
            self.initial.setdefault(f"calendar_{i}", column.calendar or "")

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        if name == RESERVED_NAME:
            raise forms.ValidationError(
                gettext("“import” names the import page; choose another source name.")
            )
        return name

    def source_fields(self) -> list[forms.BoundField]:
        """The bound fields that describe the source (the column fields aside)."""
        return [self[name] for name in SOURCE_FIELDS]

    def rows(self) -> list[dict[str, Any]]:
        """One entry per column for the template: the reading and its two fields."""
        out = []
        for i, column in enumerate(self.reading.columns):
            field = self[f"field_{i}"]
            chosen = field.value() if self.is_bound else self.initial.get(f"field_{i}")
            out.append(
                {
                    "column": column,
                    "field": field,
                    "calendar": self[f"calendar_{i}"],
                    "dated": chosen in CALENDAR_FIELDS,
                }
            )
        return out

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        chosen: dict[str, list[int]] = {}
        for i in range(len(self.reading.columns)):
            field = data.get(f"field_{i}") or RAW_ONLY
            if field != RAW_ONLY:
                chosen.setdefault(field, []).append(i)
        for field, columns in chosen.items():
            if len(columns) > 1:
                headers = ", ".join(f"«{self.reading.columns[i].header}»" for i in columns)
                for i in columns:
                    self.add_error(
                        f"field_{i}",
                        gettext("%(n)d columns are set to %(field)s (%(headers)s). Keep one.")
                        % {"n": len(columns), "field": field, "headers": headers},
                    )
        if not any(f in chosen for f in NAME_FIELDS):
            self.add_error(
                None,
                gettext(
                    "No column is set to a name. Set the column of the names to full name, "
                    "or the name parts to given name and family name."
                ),
            )
        return data

    def mapping(self) -> Mapping:
        """The choices as a Mapping, the source's description included (after ``is_valid``)."""
        data = self.cleaned_data
        columns: dict[str, str] = {}
        calendars: dict[str, str] = {}
        raw_only: list[str] = []
        for i, column in enumerate(self.reading.columns):
            field = data.get(f"field_{i}") or RAW_ONLY
            if field == RAW_ONLY:
                raw_only.append(column.header)
                continue
            columns[field] = column.header
            calendar = data.get(f"calendar_{i}") or ""
            if calendar and field in CALENDAR_FIELDS:
                calendars[field] = calendar
        described = self.source_attributes()
        mapping = Mapping(
            columns=columns,
            calendars=calendars,
            raw_only=raw_only,
            reliability=described["reliability"],
            systematic=described["systematic"],
            duplicate_free=described["duplicate_free"],
            independence_group=described["independence_group"],
        )
        return mapping

    def source_attributes(self) -> dict[str, Any]:
        """The source's description as ``source_import`` takes it (None: not said)."""
        data = self.cleaned_data
        return {
            "title": data.get("title") or None,
            "reliability": data.get("reliability") or None,
            "systematic": _tristate(data.get("systematic") or ""),
            "duplicate_free": _tristate(data.get("duplicate_free") or ""),
            "independence_group": data.get("independence_group") or None,
        }

"""Legal frameworks as data: the elements a finding is checked against, and what supports each.

The report's elements-of-crimes matrix (issue 14) sets each element of a framework
against the case's claims. The default framework is the Rome Statute's article 7
(``dadkhah/core/data/framework-rome-article7.json``: the acts the 1988 killings are
alleged to amount to, and the contextual elements of ICC Elements of Crimes, art. 7,
Introduction, para. 2). National courts try these acts under their own law, so a
framework is a JSON file a user can replace (``dadkhah report --framework FILE``);
docs/report.md gives its format.

An element is supported by the claims whose kind is one of its ``claim_kinds``, and by
the claims about events of one of its ``event_kinds``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from dadkhah.core.errors import InputError

DEFAULT_FRAMEWORK = "framework-rome-article7.json"
GROUPS = ("contextual", "act")
LANGUAGES = ("en", "fa")


class FrameworkError(InputError):
    """A framework file cannot be used as given."""


@dataclass(frozen=True)
class Element:
    """One element of a framework: an act, or a contextual element."""

    key: str
    group: str
    label: dict[str, str]
    claim_kinds: tuple[str, ...]
    event_kinds: tuple[str, ...]
    article: str = ""

    def label_in(self, language: str) -> str:
        """The label in ``language``, else in English."""
        return self.label.get(language) or self.label["en"]


@dataclass(frozen=True)
class Framework:
    """A framework: its title, its reference and its elements in order."""

    key: str
    title: dict[str, str]
    reference: str
    elements: tuple[Element, ...]

    def title_in(self, language: str) -> str:
        """The title in ``language``, else in English."""
        return self.title.get(language) or self.title["en"]


def _texts(value: Any, where: str, name: str) -> dict[str, str]:
    if not isinstance(value, dict) or not isinstance(value.get("en"), str) or not value["en"]:
        raise FrameworkError(
            f"{where}: '{name}' must be an object with at least an English text, "
            f'e.g. {{"en": "Murder", "fa": "قتل"}}.'
        )
    bad = [k for k, v in value.items() if k not in LANGUAGES or not isinstance(v, str)]
    if bad:
        raise FrameworkError(
            f"{where}: '{name}' has {', '.join(map(str, bad))}: give texts for "
            f"{' and '.join(LANGUAGES)} only."
        )
    return {str(k): str(v) for k, v in value.items()}


def _kinds(value: Any, where: str, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise FrameworkError(f"{where}: '{name}' must be a list of kinds (strings).")
    return tuple(value)


def parse_framework(data: Any, *, origin: str) -> Framework:
    """Check and read a framework from its JSON value.

    Raises:
        FrameworkError: naming the element and the field that is wrong, and what to write.
    """
    if not isinstance(data, dict):
        raise FrameworkError(f"{origin}: a framework is a JSON object (see docs/report.md).")
    for name in ("key", "reference"):
        if not isinstance(data.get(name), str) or not data[name]:
            raise FrameworkError(f"{origin}: '{name}' must be a non-empty string.")
    title = _texts(data.get("title"), origin, "title")
    raw_elements = data.get("elements")
    if not isinstance(raw_elements, list) or not raw_elements:
        raise FrameworkError(f"{origin}: 'elements' must be a non-empty list of elements.")
    elements: list[Element] = []
    seen: set[str] = set()
    for n, raw in enumerate(raw_elements, start=1):
        where = f"{origin}, element {n}"
        if not isinstance(raw, dict):
            raise FrameworkError(f"{where}: an element is a JSON object.")
        key = raw.get("key")
        if not isinstance(key, str) or not key:
            raise FrameworkError(f"{where}: 'key' must be a non-empty string.")
        if key in seen:
            raise FrameworkError(f"{where}: key {key!r} is used twice; keys are unique.")
        seen.add(key)
        group = raw.get("group")
        if group not in GROUPS:
            raise FrameworkError(
                f"{where} ({key}): 'group' is {group!r}; use one of {', '.join(GROUPS)}."
            )
        claim_kinds = _kinds(raw.get("claim_kinds"), where, "claim_kinds")
        event_kinds = _kinds(raw.get("event_kinds"), where, "event_kinds")
        if not claim_kinds and not event_kinds:
            raise FrameworkError(
                f"{where} ({key}): give 'claim_kinds' or 'event_kinds', or nothing could "
                "ever support the element."
            )
        article = raw.get("article", "")
        if not isinstance(article, str):
            raise FrameworkError(f"{where} ({key}): 'article' must be a string.")
        elements.append(
            Element(
                key=key,
                group=str(group),
                label=_texts(raw.get("label"), f"{where} ({key})", "label"),
                claim_kinds=claim_kinds,
                event_kinds=event_kinds,
                article=article,
            )
        )
    return Framework(
        key=str(data["key"]),
        title=title,
        reference=str(data["reference"]),
        elements=tuple(elements),
    )


def load_framework(path: Path | None = None) -> Framework:
    """The framework in ``path``, or the Rome Statute's article 7 when ``path`` is None.

    Raises:
        FrameworkError: an unreadable file, invalid JSON (with line and column), or a
            framework whose elements are not as docs/report.md describes.
    """
    if path is None:
        raw = resources.files("dadkhah.core.data").joinpath(DEFAULT_FRAMEWORK).read_text("utf-8")
        origin = DEFAULT_FRAMEWORK
    else:
        origin = str(path)
        try:
            raw = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise FrameworkError(f"{origin}: cannot read the framework file ({exc}).") from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise FrameworkError(
            f"{origin}, line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})."
        ) from exc
    return parse_framework(data, origin=origin)

"""A stored code in words on a page: its vocabulary term in the reader's language.

The pages show codes the imports, the demo and the edits store (an event's kind
``execution``, a claim's kind ``buried_at``, a fate, an affiliation, a place's kind).
An admin keeps each vocabulary's labels in both languages (``edits.Term``); the pages
read them here, through one function (:func:`term_label`) and its template filter
(``{{ event.kind|term:"violation_type" }}``, ``dadkhah.web.templatetags.dadkhah``), so
a label an admin changes shows everywhere at once. A code no term names falls back to
the label the code had before the vocabularies (its model choice, or the caller's own).

Each vocabulary is read once per request and language: :class:`TermLabelsMiddleware`
opens a cache for the request; outside a request (a command, a test) each call reads
the vocabulary again, which is correct, only slower.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import get_language

from dadkhah.web.edits.models import Vocabulary
from dadkhah.web.edits.selectors import term_labels

__all__ = ["TermLabelsMiddleware", "term_label"]

Fallback = Callable[[str], "str | Promise | None"]

#: (vocabulary, language) → key → label, for the request being answered (None: none open).
_CACHE: ContextVar[dict[tuple[str, str], dict[str, str]] | None] = ContextVar(
    "term_labels", default=None
)


def _labels(vocabulary: str) -> dict[str, str]:
    language = "fa" if (get_language() or "").startswith("fa") else "en"
    cache = _CACHE.get()
    if cache is not None and (vocabulary, language) in cache:
        return cache[(vocabulary, language)]
    labels = term_labels(vocabulary)
    if cache is not None:
        cache[(vocabulary, language)] = labels
    return labels


def _choice(choices: Any) -> Fallback:
    def label(key: str) -> str | Promise | None:
        return choices(key).label if key in choices.values else None

    return label


def _default(vocabulary: str) -> Fallback | None:
    """The label a code had before the vocabularies (imported here: models of other apps)."""
    if vocabulary == Vocabulary.VIOLATION_TYPE:
        from dadkhah.web.events.models import Event

        return _choice(Event.Kind)
    if vocabulary == Vocabulary.PLACE_KIND:
        from dadkhah.web.places.models import Place

        return _choice(Place.Kind)
    if vocabulary == Vocabulary.AFFILIATION:
        from dadkhah.core.affiliations import AFFILIATIONS

        def affiliation(key: str) -> str | None:
            a = AFFILIATIONS.get(key)
            if a is None:
                return None
            persian = (get_language() or "").startswith("fa")
            return a.label_fa if persian and a.label_fa else a.label_en

        return affiliation
    return None


def term_label(vocabulary: str, key: str, *, fallback: Fallback | None = None) -> str:
    """``key`` of ``vocabulary`` in the reader's language.

    Args:
        vocabulary: A :class:`~dadkhah.web.edits.models.Vocabulary` value.
        key: The stored code.
        fallback: The label where no term names ``key`` (else the code's model choice,
            else the code with its underscores as spaces).
    """
    if not key:
        return ""
    label = _labels(vocabulary).get(key)
    if label:
        return label
    for guess in (fallback, _default(vocabulary)):
        if guess is not None:
            shown = guess(key)
            if shown:
                return str(shown)
    return key.replace("_", " ")


class TermLabelsMiddleware:
    """Read each vocabulary once per request (the cache :func:`term_label` uses)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _CACHE.set({})
        try:
            return self.get_response(request)
        finally:
            _CACHE.reset(token)

"""The search index: one row per searchable object, its name keys and its facet values.

The index is a copy, kept up to date by the services that write the objects
(`dadkhah.web.search.services`); it finds candidates, and the entity's own
``visible_*`` selector decides what a reader is shown. A testimony is indexed
by its witness's pseudonym only: a sealed identity never reaches this table.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower


class Kind(models.TextChoices):
    # Labels are given by the search page (selectors.KIND_LABELS), not here: the
    # index is not a page of its own.
    PERSON = "person"
    RECORD = "record"
    SOURCE = "source"
    CLAIM = "claim"
    EVENT = "event"
    PLACE = "place"
    BODY = "body"
    TESTIMONY = "testimony"


class SearchEntry(models.Model):
    """One searchable object: what a query is matched against and what a hit shows.

    ``keys`` holds the tokens of the cross-script name keys of the object's
    names (``s…`` strict, ``l…`` loose; `dadkhah.web.search.tokens`), space
    separated: the full-text index (FTS5 on SQLite, a GIN index of a tsvector on
    PostgreSQL, `backends.py`) is built over this one column.
    """

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.BigIntegerField()
    #: How pages and the audit name the object (P-000123, prison:evin, claim:12).
    ref = models.CharField(max_length=200, db_index=True)
    label = models.CharField(max_length=300, blank=True)
    label_fa = models.CharField(max_length=300, blank=True)
    keys = models.TextField(blank=True)
    #: The object's own level, for the audit of a page that shows it (not for visibility).
    level = models.CharField(max_length=30, blank=True)
    date_earliest = models.DateField(null=True, blank=True)
    date_latest = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_once")
        ]
        indexes = [
            models.Index(fields=["kind", "label"]),
            # The search box looks an id up as typed, in any case (search.selectors).
            models.Index(Lower("ref"), name="search_entry_ref_lower"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.ref}"


class SearchFacet(models.Model):
    """One facet value of an entry (a person may have several prisons, lists, years).

    ``level`` is the confidentiality of what gave the value (a list's level for
    the list a person is on): a reader not cleared for it neither sees nor counts
    the value, as the person page hides that list's name.
    """

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="facets")
    facet = models.CharField(max_length=30)
    value = models.CharField(max_length=200)
    level = models.CharField(max_length=30)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "facet", "value", "level"], name="search_facet_once"
            )
        ]
        indexes = [models.Index(fields=["facet", "value"])]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.facet}={self.value}"

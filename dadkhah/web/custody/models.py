"""Tables of the custody log. All four are append-only: triggers refuse UPDATE and DELETE.

The authoritative content of an entry is ``data``, its RFC 8785 canonical JSON exactly as
hashed into the Merkle tree; the other columns repeat parts of it for querying and are
checked against it by verification.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dadkhah.core.custody.log import ACTIONS


class CustodyEntry(models.Model):
    """One event of the log: leaf ``seq`` of the Merkle tree."""

    seq = models.PositiveBigIntegerField(primary_key=True)
    data = models.TextField(_("canonical entry (RFC 8785)"))
    leaf_hash = models.CharField(max_length=64)
    time = models.DateTimeField(_("time (UTC)"), db_index=True)
    actor = models.CharField(max_length=200, db_index=True)
    action = models.CharField(max_length=30, choices=[(a, a) for a in ACTIONS], db_index=True)
    items = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("custody entry")
        verbose_name_plural = _("custody entries")
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"{self.seq} {self.action} by {self.actor}"


class CustodyEntryItem(models.Model):
    """Which entries name which evidence item (by SHA-256): the index for bundles."""

    entry = models.ForeignKey(CustodyEntry, on_delete=models.PROTECT, related_name="item_links")
    sha256 = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "sha256"], name="custody_entry_item_once")
        ]


class CustodyHead(models.Model):
    """A signed tree head (C2SP checkpoint) and the compact frontier at its size."""

    size = models.PositiveBigIntegerField(db_index=True)
    root = models.CharField(max_length=64)
    note = models.TextField(_("signed note"))
    signed_at = models.DateTimeField()
    frontier = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("signed tree head")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"head {self.size} {self.root[:12]}"


class CustodyTimestamp(models.Model):
    """An RFC 3161 timestamp of a signed tree head from a timestamping authority."""

    head = models.ForeignKey(CustodyHead, on_delete=models.PROTECT, related_name="timestamps")
    tsa_url = models.CharField(max_length=500)
    token = models.BinaryField()
    gen_time = models.DateTimeField()
    received_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]


class RecordDigest(models.Model):
    """The hash of one record's content as imported, under its import's ``records`` entry.

    Keyed by the record's id without a foreign key, so that a deleted record leaves its
    digest behind and `verify` names it. The digests of one import hash to the Merkle root
    the entry signed, so an edit of this table is found too.
    """

    record_id = models.BigIntegerField(primary_key=True)
    source_id = models.BigIntegerField(db_index=True)
    source_record_id = models.CharField(max_length=100)
    leaf_hash = models.CharField(max_length=64)
    entry_seq = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["record_id"]

    def __str__(self) -> str:
        return f"record {self.record_id} {self.leaf_hash[:12]}"

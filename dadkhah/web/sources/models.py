"""A source is where information comes from; a record is one of its entries."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dadkhah.web.modelutils import Confidentiality, Reliability


class Source(models.Model):
    class Kind(models.TextChoices):
        LIST = "list", _("list")
        DOCUMENT = "document", _("document")
        TESTIMONY = "testimony", _("testimony")
        IMAGE = "image", _("image")
        VIDEO = "video", _("video")
        AUDIO = "audio", _("audio")
        WEB_CAPTURE = "web_capture", _("web capture")
        REPORT = "report", _("report")

    name = models.SlugField(
        _("name"), max_length=100, help_text=_("Short name used on the command line.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.LIST)
    title = models.CharField(_("title"), max_length=300)
    origin = models.CharField(
        _("origin"), max_length=300, blank=True, help_text=_("Who produced it, how it reached us.")
    )
    obtained_on = models.DateField(_("date obtained"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    reliability = models.CharField(
        _("reliability"), max_length=1, choices=Reliability.choices, default=Reliability.F
    )
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=30,
        choices=Confidentiality.choices,
        default=Confidentiality.RESTRICTED,
    )
    systematic = models.BooleanField(
        _("systematic list"),
        default=False,
        help_text=_("Counts as a list for multiple systems estimation."),
    )
    duplicate_free = models.BooleanField(
        _("duplicate-free"),
        default=False,
        help_text=_("Known to name each person at most once."),
    )
    independence_group = models.CharField(
        _("independence group"),
        max_length=100,
        blank=True,
        help_text=_(
            "Sources that share a group are not independent of each other "
            "(a reprint of the same list); empty means independent."
        ),
    )
    synthetic = models.BooleanField(_("synthetic"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    evidence = models.ForeignKey(
        "evidence.EvidenceItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sources",
        help_text=_("The original file, kept byte-for-byte."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["name", "version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="source_name_version"),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class Record(models.Model):
    """One entry of a source about one person, exactly as given plus its normalized form.

    Never edited: a correction is a new version that points at the one it replaces.
    """

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="records")
    source_record_id = models.CharField(_("id in the source"), max_length=100)
    row_number = models.PositiveIntegerField(_("row in the file"), null=True, blank=True)
    raw = models.JSONField(_("fields as given"))
    normalized = models.JSONField(_("normalized fields"), default=dict)
    version = models.PositiveIntegerField(default=1)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="records",
        help_text=_("The person linkage assigned this record to."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("record")
        verbose_name_plural = _("records")
        ordering = ["source", "row_number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_record_id", "version"], name="record_source_id_version"
            ),
        ]
        indexes = [models.Index(fields=["source", "source_record_id"])]

    def __str__(self) -> str:
        return f"{self.source.name}:{self.source_record_id}"

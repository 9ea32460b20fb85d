"""The upload form: one file and how it was collected (Berkeley Protocol)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"))
    collected_by = forms.CharField(label=_("Collected by"), max_length=200, required=False)
    collected_at = forms.DateTimeField(
        label=_("Collected at (UTC)"),
        required=False,
        help_text=_("Leave empty for now."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    method = forms.CharField(label=_("How collected"), max_length=200, required=False)
    source = forms.CharField(
        label=_("From where"),
        max_length=500,
        required=False,
        help_text=_("URL, device, account used"),
    )
    title = forms.CharField(label=_("Title"), max_length=300, required=False)

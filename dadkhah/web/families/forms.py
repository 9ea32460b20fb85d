"""The families' form: what a relative can tell, every field optional but one."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dadkhah.web.families.models import Submission
from dadkhah.web.families.services import TEXT_LIMIT

RELATIVE_FIELDS = (
    "given_name", "family_name", "father_name", "city", "prison", "calendar",
    "born", "arrested", "died", "told", "burial",
)  # fmt: skip
SUBMITTER_FIELDS = ("name", "contact", "relation", "since")
FILE_FIELDS = ("file1", "file2", "file3")


class FamilyForm(forms.ModelForm):  # type: ignore[type-arg]
    """The relative's fields (a model form) plus the sender's, which go to the vault."""

    ticket = forms.CharField(widget=forms.HiddenInput)
    # A field people never see (hidden by the stylesheet, labelled for screen readers
    # to leave empty): forms that fill it in are from scripts.
    website = forms.CharField(required=False, label=_("Leave this empty"))
    name = forms.CharField(label=_("Your name"), required=False, max_length=200)
    contact = forms.CharField(
        label=_("How we can reach you safely"),
        required=False,
        max_length=500,
        help_text=_("Only if you wish. It is encrypted; only a witness liaison can read it."),
    )
    relation = forms.CharField(label=_("Your relation to them"), required=False, max_length=200)
    since = forms.CharField(
        label=_("What has happened to your family since"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    file1 = forms.FileField(label=_("A document or photograph"), required=False)
    file2 = forms.FileField(label=_("Another file"), required=False)
    file3 = forms.FileField(label=_("Another file"), required=False)

    class Meta:
        model = Submission
        fields = RELATIVE_FIELDS
        widgets = {
            "told": forms.Textarea(attrs={"rows": 4}),
            "burial": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["calendar"].required = False

    def clean_calendar(self) -> str:
        return str(self.cleaned_data.get("calendar") or Submission.Calendar.JALALI)

    def clean_website(self) -> str:
        value: str = self.cleaned_data.get("website") or ""
        if value:
            raise forms.ValidationError(_("This form cannot be sent."))
        return value

    def relative(self) -> dict[str, str]:
        return {f: self.cleaned_data.get(f) or "" for f in RELATIVE_FIELDS}

    def submitter(self) -> dict[str, str]:
        return {f: self.cleaned_data.get(f) or "" for f in SUBMITTER_FIELDS}

    def uploads(self) -> list[object]:
        return [u for f in FILE_FIELDS if (u := self.cleaned_data.get(f)) is not None]


class AdditionForm(FamilyForm):
    """Adding to an earlier submission: the receipt code first."""

    receipt = forms.CharField(label=_("Your receipt code"), max_length=40)

    field_order = ("receipt",)


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Submission.Status.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

"""Forms for service notes: quick to fill in on a phone between visits. The rules live in people/services/notes.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import NoteKind, NoteLocation, NoteMode


class ServiceNoteForm(forms.Form):
    """One contact: what kind, where, how, how long, and what happened."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(
        label=_("Kind of contact"), choices=NoteKind.choices, initial=NoteKind.MEETING_JOB_SEEKER
    )
    location = forms.ChoiceField(
        label=_("Place"),
        choices=NoteLocation.choices,
        initial=NoteLocation.COMMUNITY,
        widget=forms.RadioSelect,
    )
    mode = forms.ChoiceField(
        label=_("How"), choices=NoteMode.choices, initial=NoteMode.IN_PERSON, widget=forms.RadioSelect
    )
    minutes = forms.IntegerField(
        label=_("Minutes"),
        min_value=1,
        max_value=720,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "pattern": "[0-9]*", "min": 1, "max": 720}),
    )
    text = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 8, "autofocus": True}),
    )
    contains_part2 = forms.BooleanField(
        label=_("Contains substance-use-disorder information (42 CFR Part 2)"),
        required=False,
        help_text=_("Shown to a partner only under a consent that covers Part 2."),
    )

    def __init__(self, *args, with_version: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_version:
            del self.fields["version"]
        else:
            self.fields["version"].required = True


class NoteAddendumForm(forms.Form):
    """Something to add to a note: a correction or a later fact. It is never edited."""

    text = forms.CharField(label=_("Addendum"), widget=forms.Textarea(attrs={"rows": 4}))
    contains_part2 = forms.BooleanField(
        label=_("Contains substance-use-disorder information (42 CFR Part 2)"), required=False
    )


class ServiceNoteSearchForm(forms.Form):
    """Search within this person's notes."""

    q = forms.CharField(
        label=_("Search the notes"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *NoteKind.choices], required=False
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the range cannot be before its start."))
        return data

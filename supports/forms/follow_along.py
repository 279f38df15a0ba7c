"""Forms of the follow-along page: the support plan, and a support contact. Rules live in supports/services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from people.models import NoteLocation, NoteMode

from ..models import Frequency, SupportLevel


def _date_widget():
    return forms.DateInput(attrs={"type": "date"})


class FollowAlongPlanForm(forms.Form):
    """How often support is planned, at what level (the worker's choice), and whether the ES may talk with the employer."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    planned_frequency = forms.ChoiceField(label=_("Planned support"), choices=Frequency.choices)
    level = forms.ChoiceField(
        label=_("Level of support"),
        choices=SupportLevel.choices,
        widget=forms.RadioSelect,
        help_text=_("Support changes level only when the worker chooses it."),
    )
    stepped_down_on = forms.DateField(
        label=_("Day the worker chose this"),
        required=False,
        widget=_date_widget(),
        help_text=_("Needed when support is stepped down or moves to the treatment team."),
    )
    worker_choice_note = forms.CharField(
        label=_("In the worker's words"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    employer_contact_allowed = forms.BooleanField(
        label=_("The worker agreed the ES may talk with the employer"),
        required=False,
        help_text=_("Needs an employer (disclosure) consent in force."),
    )


class SupportContactForm(forms.Form):
    """A support contact with the worker: saved as a follow-along service note about this job."""

    date = forms.DateField(label=_("Date"), widget=_date_widget())
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
        label=_("How the job is going, what support was given"), widget=forms.Textarea(attrs={"rows": 5})
    )
    contains_part2 = forms.BooleanField(
        label=_("Contains substance-use-disorder information (42 CFR Part 2)"), required=False
    )

"""Forms for openings and matches. The rules live in employers/services/openings.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from people.models import Shift

from ..models import MatchStatus, OpeningStatus
from ..selectors.openings import ALL_STATUSES


def _date_widget():
    return forms.DateInput(attrs={"type": "date"})


def _number_widget(step: str):
    return forms.NumberInput(attrs={"inputmode": "decimal", "step": step})


def _hours_field(label) -> forms.DecimalField:
    """Hours a week, to the half hour; may be left out."""
    return forms.DecimalField(
        label=label, required=False, max_digits=4, decimal_places=1, widget=_number_widget("0.5")
    )


def _wage_field(label) -> forms.DecimalField:
    """Dollars an hour, to the cent; may be left out."""
    return forms.DecimalField(
        label=label, required=False, max_digits=9, decimal_places=2, widget=_number_widget("0.01")
    )


class OpeningForm(forms.Form):
    """An opening: what the job is, its hours, pay, shifts and place, and where it stands."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    job_type = forms.CharField(
        label=_("Kind of work"),
        max_length=100,
        required=False,
        help_text=_("The words job seekers use, such as “line cook” or “stocking”."),
    )
    hours_min = _hours_field(_("Fewest hours a week"))
    hours_max = _hours_field(_("Most hours a week"))
    hourly_wage_min = _wage_field(_("Lowest hourly wage ($)"))
    hourly_wage_max = _wage_field(_("Highest hourly wage ($)"))
    shifts = forms.MultipleChoiceField(
        label=_("Shifts"), choices=Shift.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    location = forms.ModelChoiceField(
        label=_("Place"), queryset=None, required=False, empty_label=_("Not said / the main address")
    )
    requirements = forms.CharField(
        label=_("Requirements"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    learned_on = forms.DateField(label=_("Learned of it on"), widget=_date_widget())
    closes_on = forms.DateField(label=_("Closes on"), required=False, widget=_date_widget())
    status = forms.ChoiceField(
        label=_("Status"), choices=OpeningStatus.choices, initial=OpeningStatus.OPEN, required=False
    )

    def __init__(self, *args, locations, with_version: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations
        if not with_version:
            del self.fields["version"]
        else:
            self.fields["version"].required = True

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["job_type"] = data.get("job_type") or ""
        return data


class OpeningFilterForm(forms.Form):
    """Search and filter the openings; open ones by default."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[*OpeningStatus.choices, (ALL_STATUSES, _("All"))],
    )

    def __init__(self, data=None, **kwargs):
        data = data.copy() if data is not None else {}
        if not data.get("status"):
            data["status"] = OpeningStatus.OPEN
        super().__init__(data, **kwargs)


class MatchForm(forms.Form):
    """Where a job seeker stands with this opening."""

    job_seeker = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=MatchStatus.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.TextInput)

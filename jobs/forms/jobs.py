"""Forms for job starts, job endings and the minimum-wage table: quick to fill in on a phone.

The rules live in jobs/services/; these forms only turn answers into values ("Don't know" = None).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Disclosure, EndReason, HowFound, Jurisdiction

YES, NO, UNKNOWN = "yes", "no", "unknown"
YES_NO = [(YES, _("Yes")), (NO, _("No"))]
YES_NO_UNKNOWN = [*YES_NO, (UNKNOWN, _("Don't know"))]


def answer_of(value: bool | None) -> str:
    """The radio answer for a stored yes / no / unknown."""
    return UNKNOWN if value is None else (YES if value else NO)


def _bool_of(answer: str) -> bool | None:
    return {YES: True, NO: False}.get(answer)


class JobForm(forms.Form):
    """A job start, or a change to it: employer, title, dates, pay and the competitive questions."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    employer = forms.ModelChoiceField(
        label=_("Employer"),
        queryset=None,
        required=False,
        empty_label=_("— not in the list: type its name below —"),
    )
    employer_name = forms.CharField(
        label=_("Or the employer's name"),
        max_length=200,
        required=False,
        help_text=_("For a business the program has no record of, or the person's own business."),
    )
    opening = forms.ModelChoiceField(
        label=_("Opening it filled"), queryset=None, required=False, empty_label=_("— none —")
    )
    title = forms.CharField(label=_("Job title"), max_length=200)
    start_date = forms.DateField(
        label=_("Start date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Up to 60 days ahead for a planned start."),
    )
    hours_per_week = forms.DecimalField(
        label=_("Hours a week"),
        max_digits=4,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5", "min": "0.5", "max": "80"}),
    )
    hourly_wage = forms.DecimalField(
        label=_("Hourly wage ($)"),
        max_digits=9,
        decimal_places=2,
        help_text=_("For the person's own business: net earnings divided by hours worked."),
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01", "min": "0", "max": "500"}),
    )
    pays_same_as_coworkers = forms.ChoiceField(
        label=_("Does it pay the same as coworkers doing similar work?"),
        choices=YES_NO_UNKNOWN,
        widget=forms.RadioSelect,
    )
    open_to_anyone = forms.ChoiceField(
        label=_("Could any member of the public apply (not set aside for people with disabilities)?"),
        choices=YES_NO_UNKNOWN,
        widget=forms.RadioSelect,
    )
    agency_time_limit = forms.ChoiceField(
        label=_("Did a social-service agency set an end date for this job?"),
        choices=YES_NO_UNKNOWN,
        widget=forms.RadioSelect,
    )
    self_employment = forms.ChoiceField(
        label=_("Does the person own the business (self-employment)?"),
        choices=YES_NO,
        initial=NO,
        widget=forms.RadioSelect,
    )
    found_with_ips = forms.ChoiceField(
        label=_("Found with IPS?"),
        choices=YES_NO,
        initial=YES,
        widget=forms.RadioSelect,
        help_text=_("“No” when the person already had this job when they enrolled."),
    )
    disclosure_to_employer = forms.ChoiceField(
        label=_("Disclosure to the employer"), choices=Disclosure.choices, widget=forms.RadioSelect
    )
    how_found = forms.ChoiceField(label=_("How the job was found"), choices=HowFound.choices)

    def __init__(self, *args, employers, openings, with_version: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers
        self.fields["opening"].queryset = openings
        if with_version:
            self.fields["version"].required = True
        else:
            del self.fields["version"]

    def clean(self):
        data = super().clean()
        for name in ("pays_same_as_coworkers", "open_to_anyone", "agency_time_limit"):
            if name in data:
                data[name] = _bool_of(data[name])
        for name in ("self_employment", "found_with_ips"):
            if name in data:
                data[name] = data[name] == YES
        return data

    @staticmethod
    def initial_from(job) -> dict:
        return {
            "version": job.version,
            "employer": job.employer_id,
            "employer_name": job.employer_name,
            "opening": job.opening_id,
            "title": job.title,
            "start_date": job.start_date,
            "hours_per_week": job.hours_per_week,
            "hourly_wage": job.hourly_wage,
            "pays_same_as_coworkers": answer_of(job.pays_same_as_coworkers),
            "open_to_anyone": answer_of(job.open_to_anyone),
            "agency_time_limit": answer_of(job.agency_time_limit),
            "self_employment": answer_of(job.self_employment),
            "found_with_ips": answer_of(job.found_with_ips),
            "disclosure_to_employer": job.disclosure_to_employer,
            "how_found": job.how_found,
        }


class JobEndForm(forms.Form):
    """The end of a job: when, why, and what the person learned."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    end_date = forms.DateField(label=_("Last day of the job"), widget=forms.DateInput(attrs={"type": "date"}))
    end_reason = forms.ChoiceField(
        label=_("Why it ended"), choices=EndReason.choices, widget=forms.RadioSelect
    )
    end_note = forms.CharField(
        label=_("What the person learned, what they want next"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class MinimumWageForm(forms.Form):
    """A rate of the minimum-wage table: where, from when, how much, and the law that sets it."""

    jurisdiction = forms.ChoiceField(label=_("Set by"), choices=Jurisdiction.choices)
    state = forms.CharField(
        label=_("State (two letters)"),
        max_length=2,
        required=False,
        help_text=_("Empty for the federal minimum."),
    )
    locality = forms.CharField(
        label=_("City or county"),
        max_length=100,
        required=False,
        help_text=_(
            "Only for a city or county minimum; the same name as the program's minimum-wage locality."
        ),
    )
    effective_from = forms.DateField(label=_("In force from"), widget=forms.DateInput(attrs={"type": "date"}))
    hourly_rate = forms.DecimalField(
        label=_("Hourly rate ($)"),
        max_digits=9,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01", "min": "0.01"}),
    )
    source = forms.CharField(label=_("Source (law or notice)"), max_length=300)

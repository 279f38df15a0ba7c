"""Forms for the career profile and its work-history and education entries.

They read what was typed; the rules (ranges, dates, known options) live in people/services/profile.py.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import DisclosurePreference, EducationLevel, ProfileSource, Shift, SupportWanted, Transport


def _date_widget():
    return forms.DateInput(attrs={"type": "date"})


def _number_widget(**attrs):
    return forms.NumberInput(attrs={"inputmode": "numeric", **attrs})


def _whole_number(label, low, high, help_text):
    """An optional whole number from `low` to `high`, typed on a phone's number pad."""
    return forms.IntegerField(
        label=label, required=False, widget=_number_widget(min=low, max=high), help_text=help_text
    )


def _text_area(rows=3):
    return forms.Textarea(attrs={"rows": rows})


class JobTypesField(forms.CharField):
    """Kinds of work typed one per line, or separated by commas; read as a list."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        items = (part.strip() for line in text.splitlines() for part in line.split(","))
        return [item for item in items if item]

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return "\n".join(str(v) for v in value)
        return value


def _checkboxes(choices, label, help_text=""):
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


class CareerProfileForm(forms.Form):
    """The whole career profile on one form, in the order the conversation usually goes."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    work_goal_own_words = forms.CharField(
        label=_("Their work goal, in their own words"),
        required=False,
        widget=_text_area(4),
        help_text=_("Write it the way the person said it. It is shown as a quote."),
    )
    sources = _checkboxes(
        ProfileSource.choices,
        _("Where this information came from"),
        _("Mostly the person; others only as the person agreed."),
    )
    job_types_wanted = JobTypesField(
        label=_("Kinds of work wanted"),
        required=False,
        help_text=_("One per line, or separated by commas — for example: line cook, stocking shelves."),
    )
    job_types_avoided = JobTypesField(
        label=_("Kinds of work to avoid"),
        required=False,
        help_text=_("One per line, or separated by commas."),
    )
    hours_min = _whole_number(_("Fewest hours a week"), 1, 80, _("From 1 to 80."))
    hours_max = _whole_number(
        _("Most hours a week"), 1, 80, _("From 1 to 80, and not fewer than the fewest hours.")
    )
    shifts = _checkboxes(Shift.choices, _("Shifts they can work"))
    locations = forms.CharField(
        label=_("Places they want to work"),
        required=False,
        max_length=300,
        help_text=_("Towns, neighborhoods or bus routes."),
    )
    max_travel_minutes = _whole_number(
        _("Longest trip to work, in minutes"), 0, 240, _("From 0 to 240 minutes, one way.")
    )
    transport = _checkboxes(Transport.choices, _("How they can get to work"))
    wage_wanted = forms.DecimalField(
        label=_("Wage wanted, dollars an hour"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01", "min": 0, "max": 500}),
        help_text=_("From $0 to $500 an hour."),
    )
    work_setting = forms.CharField(
        label=_("Work setting"),
        required=False,
        widget=_text_area(),
        help_text=_("Indoors or out, alone or with people, the pace, and what to avoid."),
    )
    strengths = forms.CharField(label=_("Strengths"), required=False, widget=_text_area())
    skills = forms.CharField(label=_("Skills"), required=False, widget=_text_area())
    interests = forms.CharField(label=_("Interests"), required=False, widget=_text_area())
    supports_wanted = _checkboxes(SupportWanted.choices, _("Supports they want"))
    disclosure_preference = forms.ChoiceField(
        label=_("Disclosure preference"),
        choices=DisclosurePreference.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("What the person wants employers to know. “Not decided yet” is fine."),
    )
    disclosure_notes = forms.CharField(
        label=_("Disclosure notes"),
        required=False,
        widget=_text_area(),
        help_text=_("What may be shared, with whom, and how — as agreed with the person."),
    )
    legal_history = forms.CharField(
        label=_("Relevant legal history (optional)"),
        required=False,
        widget=_text_area(),
        help_text=_(
            "Only what the person chooses to share for the job search. Never shown to partners, "
            "even with a consent."
        ),
    )
    benefits_summary = forms.CharField(
        label=_("Benefits summary"),
        required=False,
        max_length=500,
        help_text=_("One line, for example “SSDI and Medicaid”. Details belong in the benefits profile."),
    )
    first_completed_on = forms.DateField(
        label=_("First completed on"),
        required=False,
        widget=_date_widget(),
        help_text=_("The day the first full profile was done; not before enrollment."),
    )
    last_reviewed_on = forms.DateField(
        label=_("Last reviewed with the person on"), required=False, widget=_date_widget()
    )
    change_summary = forms.CharField(
        label=_("What changed (optional)"),
        required=False,
        max_length=500,
        help_text=_("A few words for the version history. Left empty, the changed parts are listed."),
    )

    SECTIONS = (
        (_("Work goal"), ("work_goal_own_words", "sources")),
        (
            _("Job preferences"),
            (
                "job_types_wanted",
                "job_types_avoided",
                "hours_min",
                "hours_max",
                "shifts",
                "locations",
                "max_travel_minutes",
                "transport",
                "wage_wanted",
                "work_setting",
            ),
        ),
        (_("Strengths and skills"), ("strengths", "skills", "interests")),
        (_("Supports wanted"), ("supports_wanted",)),
        (_("Disclosure"), ("disclosure_preference", "disclosure_notes")),
        (_("Legal history"), ("legal_history",)),
        (_("Benefits"), ("benefits_summary",)),
        (_("Dates"), ("first_completed_on", "last_reviewed_on", "change_summary")),
    )

    def sections(self):
        """(heading, bound fields) for each part of the form, so the page can group them."""
        return [(heading, [self[name] for name in names]) for heading, names in self.SECTIONS]

    def profile_data(self) -> dict:
        """The values for career_profile_save's `data`."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ("version", "change_summary")
        }


class EntryForm(forms.Form):
    """A work-history or education entry; it carries the profile's version."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def entry_data(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class WorkHistoryForm(EntryForm):
    """A job the person held before."""

    employer_name = forms.CharField(
        label=_("Employer"),
        max_length=200,
        error_messages={"required": _("Enter the employer's name.")},
    )
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    started_on = forms.DateField(
        label=_("Started"),
        required=False,
        widget=_date_widget(),
        input_formats=["%Y-%m-%d", "%Y-%m", "%m/%d/%Y", "%m/%Y"],
        help_text=_("If only the month is known, pick the 1st."),
    )
    ended_on = forms.DateField(
        label=_("Ended"),
        required=False,
        widget=_date_widget(),
        input_formats=["%Y-%m-%d", "%Y-%m", "%m/%d/%Y", "%m/%Y"],
        help_text=_("If only the month is known, pick the 1st."),
    )
    hours_per_week = forms.DecimalField(
        label=_("Hours a week"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5", "min": 0, "max": 80}),
    )
    liked = forms.CharField(label=_("What they liked"), required=False, widget=_text_area(2))
    disliked = forms.CharField(label=_("What they did not like"), required=False, widget=_text_area(2))
    reason_left = forms.CharField(label=_("Why it ended"), max_length=300, required=False)


class EducationHistoryForm(EntryForm):
    """Schooling or training the person has had."""

    level = forms.ChoiceField(
        label=_("Level"),
        choices=[("", _("Choose…")), *EducationLevel.choices],
        error_messages={"required": _("Choose the level of schooling or training.")},
    )
    institution = forms.CharField(label=_("School or institution"), max_length=200, required=False)
    field = forms.CharField(label=_("Field of study"), max_length=200, required=False)
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        widget=_number_widget(min=1930),
        help_text=_("The year it was completed or left."),
    )
    completed = forms.BooleanField(label=_("Completed"), required=False)

"""Forms for referring, reaching, enrolling and transferring a person. The rules live in people/services.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..languages import LANGUAGE_CHOICES, MAX_TAG_LENGTH, is_language_tag
from ..models import ClosureReason, ContactMethod, ContactOutcome, ReferralSource

OTHER_LANGUAGE = "other"  # the picker's choice for a tag typed in


def _date_widget():
    return forms.DateInput(attrs={"type": "date"})


class ReferralForm(forms.Form):
    """Who wants to work, and how we heard. Deliberately no eligibility or readiness question."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=_date_widget())
    phone = forms.CharField(
        label=_("Phone"), max_length=30, required=False, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=[*LANGUAGE_CHOICES, (OTHER_LANGUAGE, _("Another language"))],
        initial="en",
    )
    preferred_language_other = forms.CharField(
        label=_("Another language"),
        max_length=MAX_TAG_LENGTH,
        required=False,
        help_text=_("When it is another language: its code, such as vi (Vietnamese) or zh-Hant."),
    )
    referral_source = forms.ChoiceField(
        label=_("Who referred the person"),
        choices=[("", _("Not known")), *ReferralSource.choices],
        required=False,
    )
    referral_source_other = forms.CharField(
        label=_("Other referral source"),
        max_length=200,
        required=False,
        help_text=_("Needed when the source is “Other”."),
    )
    referral_date = forms.DateField(
        label=_("Referral date"), required=False, widget=_date_widget(), help_text=_("Leave empty for today.")
    )
    interest_date = forms.DateField(
        label=_("Date they said they want to work"),
        required=False,
        widget=_date_widget(),
        help_text=_("Leave empty for the referral date."),
    )
    referral_note = forms.CharField(
        label=_("Referral note"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, confirm_duplicate: bool = False, confirm_under_14: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if confirm_under_14:
            self.fields["confirm_under_14"] = forms.BooleanField(
                label=_("The date of birth is right — refer the person anyway"), required=False
            )
        if confirm_duplicate:
            self.fields["allow_duplicate"] = forms.BooleanField(
                label=_("This is a different person — create a new record"), required=False
            )

    def clean(self):
        data = super().clean()
        other = (data.pop("preferred_language_other", "") or "").strip()
        if data.get("preferred_language") == OTHER_LANGUAGE:
            if not other:
                self.add_error("preferred_language_other", _("Enter the language's code."))
            elif not is_language_tag(other):
                self.add_error(
                    "preferred_language_other",
                    _("Enter a language code such as vi, so or zh-Hant (letters, digits and hyphens)."),
                )
            else:
                data["preferred_language"] = other
        return data

    def service_arguments(self) -> dict:
        """The cleaned data as job_seeker_refer takes it (the confirmations as booleans)."""
        data = dict(self.cleaned_data)
        data["allow_duplicate"] = bool(data.get("allow_duplicate"))
        data["confirm_under_14"] = bool(data.get("confirm_under_14"))
        return data


class ContactAttemptForm(forms.Form):
    """One attempt to reach the person: when, how, and what happened."""

    attempted_at = forms.DateTimeField(
        label=_("When"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    method = forms.ChoiceField(label=_("How"), choices=ContactMethod.choices)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ContactOutcome.choices)
    note = forms.CharField(
        label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SpecialistChoiceField(forms.ModelChoiceField):
    """An employment specialist with their caseload against the fidelity limit."""

    def label_from_instance(self, obj):
        from ..selectors import CASELOAD_LIMIT

        name = obj.user.get_full_name() or obj.user.email
        return _("%(name)s — %(count)s of %(limit)s") % {
            "name": name,
            "count": obj.caseload_count,
            "limit": CASELOAD_LIMIT,
        }


class EnrollmentForm(forms.Form):
    """The first meeting with an employment specialist."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    enrollment_date = forms.DateField(label=_("Enrollment date"), widget=_date_widget())
    employment_specialist = SpecialistChoiceField(
        label=_("Employment specialist"), queryset=None, empty_label=None
    )

    def __init__(self, *args, specialists, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employment_specialist"].queryset = specialists


class TransferForm(forms.Form):
    """Move the person to another employment specialist's caseload."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    employment_specialist = SpecialistChoiceField(
        label=_("New employment specialist"), queryset=None, empty_label=None
    )
    on_date = forms.DateField(label=_("Transfer date"), widget=_date_widget())
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def __init__(self, *args, specialists, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employment_specialist"].queryset = specialists


class ClosureForm(forms.Form):
    """Closing a person's record: the date and the reason, from the person's own choice."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    closed_date = forms.DateField(label=_("Closed on"), widget=_date_widget())
    closure_reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", _("Choose a reason")), *ClosureReason.choices]
    )
    closure_note = forms.CharField(
        label=_("Closure note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when the reason is “Other”."),
    )


class ReopenForm(forms.Form):
    """Re-opening a closed record: the closure is kept in the record's history."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    reopen_note = forms.CharField(
        label=_("Why it is re-opened"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

"""Forms for referring a person. The rules live in people/services.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ReferralSource

LANGUAGE_CHOICES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("hmn", _("Hmong")),
    ("so", _("Somali")),
    ("ar", _("Arabic")),
]


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
        label=_("Preferred language"), choices=LANGUAGE_CHOICES, initial="en"
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

    def __init__(self, *args, confirm_duplicate: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if confirm_duplicate:
            self.fields["allow_duplicate"] = forms.BooleanField(
                label=_("This is a different person — create a new record"), required=False
            )

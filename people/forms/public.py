"""Forms of the "I want to work" page and of the referral inbox. The rules live in people/services/public.py."""

from __future__ import annotations

import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from ..models import ContactPreference, FilterReason
from . import LANGUAGE_CHOICES

# The page's check code: signed, so it cannot be forged, and dated, so a form sent within seconds
# of opening the page (a script) or more than a day later is told apart from a person's.
TOKEN_SALT = "openips.people.public_referral.form"
MIN_SECONDS = 3
MAX_AGE_SECONDS = 24 * 60 * 60

OTHER_LANGUAGE = "other"
UNNAMED_LANGUAGE = "und"  # BCP 47 "undetermined": another language, not named
PUBLIC_LANGUAGE_CHOICES = [*LANGUAGE_CHOICES, (OTHER_LANGUAGE, _("Another language"))]


def form_token(program, issued_at: float | None = None) -> str:
    """The signed, dated check code the page's form carries."""
    issued = int(time.time() if issued_at is None else issued_at)
    return signing.dumps({"p": program.pk, "t": issued}, salt=TOKEN_SALT)


def token_problem(token: str, program, now: float | None = None) -> str:
    """Why the check code looks like a script's (a FilterReason), or "" when it looks like a person's."""
    try:
        data = signing.loads(token or "", salt=TOKEN_SALT)
    except signing.BadSignature:
        return FilterReason.NO_TOKEN
    issued = data.get("t") if isinstance(data, dict) else None
    if not isinstance(issued, int) or data.get("p") != program.pk:
        return FilterReason.NO_TOKEN
    age = (time.time() if now is None else now) - issued
    if age < MIN_SECONDS:
        return FilterReason.TOO_FAST
    if age > MAX_AGE_SECONDS:
        return FilterReason.STALE
    return ""


def language_label(code: str) -> str:
    """A preferred language as people read it: the picker's name, or the words the person wrote."""
    if code == UNNAMED_LANGUAGE:
        return str(_("Another language (not named)"))
    return str(dict(LANGUAGE_CHOICES).get(code, code))


class PublicReferralForm(forms.Form):
    """What a person tells the program when they want to work. No eligibility question, ever."""

    first_name = forms.CharField(
        label=_("First name"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}),
        help_text=_("If you want to give it. It helps us find out if we already know you."),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    contact_preference = forms.ChoiceField(
        label=_("How should we reach you?"),
        choices=[("", _("Any way is fine")), *ContactPreference.choices],
        required=False,
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=PUBLIC_LANGUAGE_CHOICES, initial="en"
    )
    language_other = forms.CharField(
        label=_("Which language?"),
        max_length=35,
        required=False,
        help_text=_("If you chose another language."),
    )
    message = forms.CharField(
        label=_("Anything you want to tell us"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example the kind of work you would like, or the best time to call."),
    )
    # The honeypot: hidden from people (and from screen readers); a script fills it in.
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    token = forms.CharField(required=False, widget=forms.HiddenInput)

    VISIBLE_FIELDS = (
        "first_name",
        "last_name",
        "date_of_birth",
        "phone",
        "email",
        "contact_preference",
        "preferred_language",
        "language_other",
        "message",
    )

    def submission_data(self) -> dict:
        """The cleaned fields as the receiving service takes them."""
        data = {name: self.cleaned_data[name] for name in self.VISIBLE_FIELDS}
        other = data.pop("language_other").strip()
        if data["preferred_language"] == OTHER_LANGUAGE:
            data["preferred_language"] = other or UNNAMED_LANGUAGE
        return data


class MakeReferralForm(forms.Form):
    """Make a referral from a submission; when a possible duplicate exists, staff confirm it is someone else."""

    def __init__(self, *args, confirm_duplicate: bool = False, confirm_under_14: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if confirm_under_14:
            self.fields["confirm_under_14"] = forms.BooleanField(
                label=_("The date of birth is right — refer them anyway"), required=False
            )
        if confirm_duplicate:
            self.fields["allow_duplicate"] = forms.BooleanField(
                label=_("This is a different person — create a new record"), required=False
            )


class LinkSubmissionForm(forms.Form):
    """This submission is from a person the program already has a record for."""

    job_seeker = forms.ModelChoiceField(
        label=_("Record"),
        queryset=None,
        error_messages={"invalid_choice": _("Choose a record of this program.")},
    )

    def __init__(self, *args, job_seekers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["job_seeker"].queryset = job_seekers


class NotAPersonForm(forms.Form):
    """Set a spam or test entry aside, after saying so on purpose."""

    confirm = forms.BooleanField(
        label=_("I checked: this is spam or a test entry, not a person who wants to work"),
        error_messages={"required": _("Tick the box to confirm that this is not a person.")},
    )

"""Forms for signing in, MFA, invitations, programs and users. Rules live in services."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from . import roles
from .models import Agency, Language, Program, ProgramStatus, ServiceArea, slug_validator


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    error_messages = {
        "invalid_login": _(
            "That e-mail and password do not match an account. Check both and try again; "
            "after several failed tries the account is locked for a while."
        ),
        "inactive": _("This account is deactivated. Ask your program manager or the state team."),
    }


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )

    def clean_token(self):
        return self.cleaned_data["token"].replace(" ", "").strip()


class SetupTokenForm(forms.Form):
    token = forms.RegexField(
        label=_("6-digit code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the 6 digits your app shows, without spaces.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class SetPasswordForm(forms.Form):
    password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters; not a common password and not only digits."),
    )
    password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords are not the same."))
        return data


class ProfileForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)


class ProgramForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    slug = forms.CharField(
        label=_("Short name"),
        max_length=50,
        validators=[slug_validator],
        help_text=_("Lower-case letters, digits and hyphens; used in links and files."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.all())
    state = forms.CharField(
        label=_("State"), max_length=2, min_length=2, help_text=_("Two-letter postal code, like WI.")
    )
    primary_area = forms.ModelChoiceField(
        label=_("Primary county or tribal nation"), queryset=ServiceArea.objects.all(), required=False
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Other counties or tribal nations served"),
        queryset=ServiceArea.objects.all(),
        required=False,
    )
    status = forms.ChoiceField(label=_("Status"), choices=ProgramStatus.choices)
    start_date = forms.DateField(
        label=_("Start date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The first day the program offered IPS."),
    )
    closed_date = forms.DateField(
        label=_("Closed on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    meeting_gap_days = forms.IntegerField(
        label=_("Days without a meeting before the worklist flags a person"),
        min_value=1,
        max_value=90,
        initial=14,
    )
    listed_publicly = forms.BooleanField(label=_("List in the public directory"), required=False)
    self_referral_open = forms.BooleanField(label=_("Open the “I want to work” page"), required=False)

    def clean_state(self):
        return self.cleaned_data["state"].upper()

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        taken = Program.objects.filter(slug=slug)
        if self.initial.get("pk"):
            taken = taken.exclude(pk=self.initial["pk"])
        if taken.exists():
            raise forms.ValidationError(_("Another program already uses this short name."))
        return slug


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"))
    fte = forms.DecimalField(
        label=_("FTE"),
        required=False,
        min_value=0.01,
        max_value=1,
        decimal_places=2,
        help_text=_("Share of a full-time post spent on IPS — staff roles only (for example 0.5)."),
    )

    def __init__(self, *args, role_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices

    def clean(self):
        data = super().clean()
        if data.get("role") in roles.STAFF_ROLES and data.get("fte") is None:
            self.add_error("fte", _("Enter the share of a full-time post spent on IPS (0.01 to 1)."))
        return data


class AuditFilterForm(forms.Form):
    user = forms.CharField(label=_("User e-mail"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.CharField(label=_("Record type"), required=False)
    person = forms.IntegerField(
        label=_("Person (record id)"),
        required=False,
        min_value=1,
        error_messages={"invalid": _("Enter the person's record number (digits only).")},
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        from core.models import AuditAction

        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Any"))] + list(AuditAction.choices)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

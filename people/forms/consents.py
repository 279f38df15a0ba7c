"""Forms for consents and the person's treatment team. The rules live in people/services/consents.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import ConsentScopeItem, PartnerKind


def _date_widget():
    return forms.DateInput(attrs={"type": "date"})


PART2_HELP = _(
    "42 CFR Part 2 is the federal rule that protects substance-use-disorder information. Check this "
    "only when the signed form meets Part 2 and names that information. Without it, anything marked "
    "as Part 2 (in notes and addenda) is never shown or sent to this partner."
)


class ConsentForm(forms.Form):
    """A release of information as the person signed it."""

    partner_kind = forms.ChoiceField(label=_("Who may receive the information"), choices=PartnerKind.choices)
    partner_name = forms.CharField(
        label=_("Named recipient"),
        max_length=200,
        help_text=_("The person or organization, as written on the signed form."),
    )
    scope = forms.MultipleChoiceField(
        label=_("What information the form releases"),
        choices=ConsentScopeItem.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    scope_note = forms.CharField(
        label=_("Limits written on the form"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Any narrower limit the person wrote, for example “only my work schedule”."),
    )
    covers_part2 = forms.BooleanField(
        label=_("Covers substance-use-disorder information (42 CFR Part 2)"),
        required=False,
        help_text=PART2_HELP,
    )
    signed_on = forms.DateField(label=_("Signed on"), widget=_date_widget())
    start_date = forms.DateField(label=_("Start date"), widget=_date_widget())
    expiry_date = forms.DateField(
        label=_("Expiry date"),
        widget=_date_widget(),
        help_text=_("Every release needs an end date (HIPAA and Part 2 require one)."),
    )


class ConsentRevokeForm(forms.Form):
    """The person takes the consent back."""

    revoked_at = forms.DateTimeField(
        label=_("When the person revoked it"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Leave empty for now."),
    )
    revocation_note = forms.CharField(
        label=_("Note"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("How the person said so, for example “by phone to their employment specialist”."),
    )


class SharingCheckForm(forms.Form):
    """Before sharing: does a consent in force allow it today?"""

    partner_kind = forms.ChoiceField(label=_("Share with"), choices=PartnerKind.choices)
    scope_item = forms.ChoiceField(label=_("What information"), choices=ConsentScopeItem.choices)
    part2 = forms.BooleanField(
        label=_("It includes substance-use-disorder information (42 CFR Part 2)"), required=False
    )


class TreatmentTeamForm(forms.Form):
    """The person's treatment team: its members may see the record under a treatment-team consent."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    treatment_team = forms.ModelChoiceField(label=_("Treatment team"), queryset=None)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["treatment_team"].queryset = teams

"""The form for school or training. The rules live in jobs/services/education.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import EducationKind


def _date_widget():
    return forms.DateInput(attrs={"type": "date"})


class EducationForm(forms.Form):
    """School or training: what, where, when, and whether it was completed."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=EducationKind.choices)
    name = forms.CharField(label=_("School or program"), max_length=200)
    start_date = forms.DateField(label=_("Start date"), widget=_date_widget())
    end_date = forms.DateField(
        label=_("End date"),
        required=False,
        widget=_date_widget(),
        help_text=_("Leave empty while the person is still in school or training."),
    )
    completed = forms.BooleanField(
        label=_("Completed"), required=False, help_text=_("Only once it has ended.")
    )
    credential = forms.CharField(
        label=_("Credential earned"),
        max_length=200,
        required=False,
        help_text=_("For example: GED, certified nursing assistant, forklift certificate."),
    )

    def __init__(self, *args, with_version: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_version:
            del self.fields["version"]
        else:
            self.fields["version"].required = True

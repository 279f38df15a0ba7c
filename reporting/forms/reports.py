"""Forms of the quarterly report pages. The rules live in reporting/services/reports.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Benchmark, EnteredItem


def measure_choices():
    from reporting import measures

    labels = dict(measures.LABELS)
    return [("", _("— not an override —"))] + [(key, labels.get(key, key)) for key in measures.KEYS]


class ReportEntryForm(forms.Form):
    """An item the records cannot give, with the comment that says where it comes from."""

    item = forms.ChoiceField(label=_("Item"), choices=EnteredItem.choices)
    measure = forms.ChoiceField(
        label=_("Computed figure overridden"),
        required=False,
        help_text=_("Only for an override: the computed figure it stands beside. Both stay visible."),
    )
    value = forms.CharField(label=_("Value"), max_length=500)
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required: where the value comes from, or why the computed figure is not right."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = measure_choices()

    def clean(self):
        data = super().clean()
        item, measure = data.get("item"), data.get("measure")
        if item == EnteredItem.OVERRIDE and not measure:
            self.add_error("measure", _("An override must name the computed figure it stands beside."))
        elif item and item != EnteredItem.OVERRIDE and measure:
            self.add_error("measure", _("Only an override names a computed figure; leave this empty."))
        return data


class VersionForm(forms.Form):
    """A change to the report as the user saw it (a stale version is refused)."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class SubmitForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason for the amendment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for an amendment: what was wrong in the report sent before."),
    )


class QuarterForm(forms.Form):
    quarter = forms.CharField(label=_("Quarter"), max_length=10, help_text=_("For example 2026Q2."))


class DeadlineForm(forms.Form):
    quarter = forms.CharField(widget=forms.HiddenInput)
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))


class BenchmarkForm(forms.ModelForm):
    updated_at = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = Benchmark
        fields = ["label", "value", "source"]

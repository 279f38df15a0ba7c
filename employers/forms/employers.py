"""Forms for businesses, their locations and the people met there. The rules live in services/employers.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Employer, EmployerLocation, EmployerPerson, PersonRole, Relationship


class EmployerForm(forms.ModelForm):
    """What the program knows about a business."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Employer
        fields = [
            "name",
            "industry",
            "relationship",
            "address",
            "city",
            "state",
            "phone",
            "website",
            "business_needs",
            "hiring_preferences",
        ]
        labels = {
            "name": _("Business name"),
            "industry": _("Industry"),
            "relationship": _("Relationship"),
            "address": _("Address"),
            "city": _("City"),
            "state": _("State"),
            "phone": _("Phone"),
            "website": _("Website"),
            "business_needs": _("What the business needs"),
            "hiring_preferences": _("Hiring preferences"),
        }
        help_texts = {
            "industry": _("In your words, or a NAICS code."),
            "address": _("Of the main location."),
            "state": _("Two letters, such as WI."),
            "website": _("The whole address, such as https://example.com."),
            "business_needs": _(
                "What you learned at visits: busy times, hard-to-fill jobs, problems to solve."
            ),
            "hiring_preferences": _("How and whom they like to hire: applications, interviews, schedules."),
        }
        widgets = {
            "business_needs": forms.Textarea(attrs={"rows": 4}),
            "hiring_preferences": forms.Textarea(attrs={"rows": 4}),
            "state": forms.TextInput(attrs={"size": 2, "autocomplete": "address-level1"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "website": forms.URLInput(attrs={"placeholder": "https://"}),
        }

    def __init__(self, *args, confirm_duplicate: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # The state is checked by the service, so its message is the same in the page and the API.
        self.fields["state"].max_length = None
        self.fields["state"].validators = []
        if confirm_duplicate:
            self.fields["allow_duplicate"] = forms.BooleanField(
                label=_("This is a different business — save it anyway"), required=False
            )

    def _post_clean(self):
        """The service validates and saves; the form only reads what was typed."""

    def service_arguments(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["allow_duplicate"] = bool(self.cleaned_data.get("allow_duplicate"))
        return data


class EmployerFilterForm(forms.Form):
    """Search and filters of the employer list: a plain GET form, so every choice is a link."""

    q = forms.CharField(
        label=_("Name, city or industry"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    relationship = forms.ChoiceField(
        label=_("Relationship"), required=False, choices=[("", _("Any")), *Relationship.choices]
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name, A to Z")),
            ("-name", _("Name, Z to A")),
            ("last_contact", _("Longest since last contact")),
            ("-last_contact", _("Most recent contact")),
            ("-contacts", _("Most contacts")),
            ("contacts", _("Fewest contacts")),
        ],
    )


class MergeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        place = f", {obj.city}" if obj.city else ""
        return f"{obj.name}{place} ({obj.ref})"


class MergeForm(forms.Form):
    """Which duplicate to merge into this business; the second step asks to confirm."""

    source = MergeChoiceField(label=_("The duplicate to merge into this business"), queryset=None)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = candidates


class EmployerLocationForm(forms.ModelForm):
    """One of the business's places of work."""

    class Meta:
        model = EmployerLocation
        fields = ["label", "address", "city", "state", "postal_code"]
        labels = {
            "label": _("Name of the place"),
            "address": _("Address"),
            "city": _("City"),
            "state": _("State"),
            "postal_code": _("ZIP code"),
        }
        help_texts = {
            "label": _("Such as “Downtown store” or “Warehouse”."),
            "state": _("Two letters, such as WI."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].max_length = None
        self.fields["state"].validators = []

    def _post_clean(self):
        """The service validates and saves."""


class EmployerPersonForm(forms.ModelForm):
    """A hiring manager, or anyone met at the business."""

    class Meta:
        model = EmployerPerson
        fields = ["name", "job_title", "role", "phone", "email", "notes"]
        labels = {
            "name": _("Name"),
            "job_title": _("Job title"),
            "role": _("Role"),
            "phone": _("Phone"),
            "email": _("E-mail"),
            "notes": _("Notes"),
        }
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = PersonRole.choices

    def _post_clean(self):
        """The service validates and saves."""

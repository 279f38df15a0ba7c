"""Forms for employer contacts: logged in seconds on a phone. The rules live in employers/services/contacts.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import ContactPurpose


class EmployerContactForm(forms.Form):
    """One contact with a business: when, where, who, why, for whom, and what came of it.

    The pickers are filled by the view: `employers` (most recently contacted first), `people_met`,
    and `job_seekers` (people the contact may name; each has `mine`, on the user's caseload).
    The user's own people are checkboxes; anyone else in the program is picked from a list.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    employer = forms.TypedChoiceField(label=_("Business"), coerce=int, required=False, empty_value=None)
    new_employer_name = forms.CharField(
        label=_("Or a new business: its name"), required=False, max_length=200
    )
    new_employer_city = forms.CharField(label=_("City of the new business"), required=False, max_length=100)
    person_met = forms.TypedChoiceField(label=_("Person met"), coerce=int, required=False, empty_value=None)
    person_met_name = forms.CharField(label=_("Or someone new: their name"), required=False, max_length=200)
    face_to_face = forms.BooleanField(
        label=_("Face to face (met someone from the business in person)"), required=False, initial=True
    )
    purpose = forms.ChoiceField(
        label=_("What it was for"),
        choices=ContactPurpose.choices,
        widget=forms.RadioSelect,
        initial=ContactPurpose.LEARN_BUSINESS,
    )
    job_seekers = forms.TypedMultipleChoiceField(
        label=_("For whom (your caseload)"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_job_seekers = forms.TypedMultipleChoiceField(
        label=_("Other job seekers of the program"),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        help_text=_("Hold Ctrl (or Cmd) to choose more than one."),
    )
    present = forms.TypedMultipleChoiceField(
        label=_("Who was there"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    outcome = forms.CharField(
        label=_("What came of it"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_step = forms.CharField(label=_("Next step"), required=False, max_length=500)
    next_step_on = forms.DateField(
        label=_("Next step on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, employers, people_met, job_seekers, with_version: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_version:
            del self.fields["version"]
        else:
            self.fields["version"].required = True
        self.employers = {e.pk: e for e in employers}
        self.people_met = {p.pk: p for p in people_met}
        self.people = {p.pk: p for p in job_seekers}
        self.fields["employer"].choices = [
            ("", _("Choose a business")),
            *((pk, str(e)) for pk, e in self.employers.items()),
        ]
        self.fields["person_met"].choices = [("", _("Not recorded")), *self._people_met_groups()]
        mine = [(pk, p.display_name) for pk, p in self.people.items() if getattr(p, "mine", False)]
        others = [
            (pk, f"{p.display_name} ({p.ref})")
            for pk, p in self.people.items()
            if not getattr(p, "mine", False)
        ]
        self.fields["job_seekers"].choices = mine
        self.fields["other_job_seekers"].choices = others
        self.fields["present"].choices = [*mine, *others]
        if not mine:
            self.fields["job_seekers"].help_text = _("No one on your caseload can be named on this date.")
        if not others:
            del self.fields["other_job_seekers"]

    def _people_met_groups(self):
        groups: dict[str, list] = {}
        for pk, person in self.people_met.items():
            label = f"{person.name} — {person.job_title}" if person.job_title else person.name
            groups.setdefault(str(person.employer), []).append((pk, label))
        return list(groups.items())

    def my_people(self):
        """The user's own people, with their two boxes ("for whom", "was there"), for the template."""
        chosen = {str(v) for v in (self["job_seekers"].value() or [])}
        present = {str(v) for v in (self["present"].value() or [])}
        return [
            {"pk": pk, "name": name, "checked": str(pk) in chosen, "present": str(pk) in present}
            for pk, name in self.fields["job_seekers"].choices
        ]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        chosen = [*data.get("job_seekers", []), *data.get("other_job_seekers", [])]
        present = set(data.get("present", []))
        return {
            "date": data["date"],
            "employer": self.employers.get(data["employer"]) if data.get("employer") else None,
            "new_employer_name": data["new_employer_name"],
            "new_employer_city": data["new_employer_city"],
            "person_met": self.people_met.get(data["person_met"]) if data.get("person_met") else None,
            "person_met_name": data["person_met_name"],
            "face_to_face": data["face_to_face"],
            "purpose": data["purpose"],
            "job_seekers": [(self.people[pk], pk in present) for pk in dict.fromkeys(chosen)],
            "outcome": data["outcome"],
            "next_step": data["next_step"],
            "next_step_on": data.get("next_step_on"),
            **({"version": data["version"]} if "version" in self.fields else {}),
        }


class EmployerContactFilterForm(forms.Form):
    """Narrow the program's contact log."""

    staff = forms.TypedChoiceField(label=_("Staff member"), coerce=int, required=False, empty_value=None)
    employer = forms.TypedChoiceField(label=_("Business"), coerce=int, required=False, empty_value=None)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    face_to_face = forms.TypedChoiceField(
        label=_("Face to face"),
        required=False,
        choices=[("", _("All contacts")), ("yes", _("Face to face only")), ("no", _("Not face to face"))],
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
    )

    def __init__(self, *args, staff, employers, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = {m.pk: m for m in staff}
        self.employers = {e.pk: e for e in employers}
        self.fields["staff"].choices = [
            ("", _("Everyone")),
            *((pk, m.user.get_full_name() or m.user.email) for pk, m in self.staff.items()),
        ]
        self.fields["employer"].choices = [
            ("", _("All businesses")),
            *((pk, str(e)) for pk, e in self.employers.items()),
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the range cannot be before its start."))
        return data

    def selector_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "staff": self.staff.get(data["staff"]) if data.get("staff") else None,
            "employer": self.employers.get(data["employer"]) if data.get("employer") else None,
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "face_to_face": data.get("face_to_face"),
        }

"""The filters of the caseload and the worklist: plain GET forms, so every choice is a link."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import access, roles

from ..selectors.caseload import ALL_PHASES, CaseloadSort, ClockFilter, Phase

MINE = "mine"
EVERYONE = "all"


def _specialist_name(membership) -> str:
    user = membership.user
    return user.get_full_name() or user.email


class SpecialistFilterForm(forms.Form):
    """Whose caseload: "mine" (an employment specialist's default), everyone, or one ES."""

    es = forms.ChoiceField(label=_("Caseload of"), required=False)

    def __init__(self, data=None, *, user, program, specialists, **kwargs):
        self.is_specialist = roles.ES in access.roles_of(user, program)
        self.default_es = MINE if self.is_specialist else EVERYONE
        data = data.copy() if data is not None else {}
        if not data.get("es"):
            data["es"] = self.default_es
        super().__init__(data, **kwargs)
        self.user = user
        choices = [(MINE, _("My caseload"))] if self.is_specialist else []
        choices.append((EVERYONE, _("Everyone in the program")))
        choices += [(str(m.pk), _specialist_name(m)) for m in specialists]
        self.fields["es"].choices = choices

    def specialist(self):
        """What `caseload.filter_specialist` takes: the user for "mine", a membership id, or None."""
        value = self.cleaned_data.get("es") if self.is_valid() else self.default_es
        if value == MINE:
            return self.user
        if value in ("", EVERYONE, None):
            return None
        return int(value)


class CaseloadFilterForm(SpecialistFilterForm):
    q = forms.CharField(
        label=_("Name or reference"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    phase = forms.ChoiceField(
        label=_("Phase"),
        required=False,
        choices=[("", _("All but closed")), *Phase.choices, (ALL_PHASES, _("Everyone, closed too"))],
    )
    clock = forms.ChoiceField(
        label=_("Rapid-search clock"), required=False, choices=[("", _("Any")), *ClockFilter.choices]
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            (CaseloadSort.NAME, _("Name, A to Z")),
            (f"-{CaseloadSort.NAME}", _("Name, Z to A")),
            (CaseloadSort.CONTACT, _("Longest since last contact")),
            (f"-{CaseloadSort.CONTACT}", _("Most recent contact")),
            (CaseloadSort.CLOCK, _("Longest rapid-search clock")),
            (f"-{CaseloadSort.CLOCK}", _("Shortest rapid-search clock")),
        ],
    )

    field_order = ["q", "es", "phase", "clock", "sort"]

"""Small forms for the employment plan, each one screenful on a phone. Rules live in people/services/plans.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import GoalKind, GoalStatus, StepResponsible, StepStatus


def _date_widget():
    return forms.DateInput(attrs={"type": "date"})


class VersionForm(forms.Form):
    """Only the version of the plan the page showed: a stale click is told, not applied."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class PlanCreateForm(forms.Form):
    copy_active = forms.BooleanField(label=_("Start from the active plan's goals and steps"), required=False)


class MoveForm(VersionForm):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))], widget=forms.HiddenInput)


class GoalForm(VersionForm):
    """A goal, written the way the person says it."""

    text = forms.CharField(
        label=_("Goal, in the person's own words"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the goal, in the person's own words.")},
    )
    kind = forms.ChoiceField(label=_("Kind of goal"), choices=GoalKind.choices, initial=GoalKind.JOB)
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices, initial=GoalStatus.OPEN)


class ResponsibleUserField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.email


class StepForm(VersionForm):
    """A step toward a goal: what, who does it, by when, and how far it is."""

    text = forms.CharField(
        label=_("Step"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the step.")},
    )
    responsible = forms.ChoiceField(
        label=_("Who does it"), choices=StepResponsible.choices, initial=StepResponsible.JOB_SEEKER
    )
    responsible_user = ResponsibleUserField(
        label=_("Named colleague (optional)"),
        queryset=None,
        required=False,
        empty_label=_("No one named"),
        help_text=_("A current member of this program who takes this step."),
    )
    target_date = forms.DateField(label=_("Target date (optional)"), required=False, widget=_date_widget())
    status = forms.ChoiceField(label=_("Status"), choices=StepStatus.choices, initial=StepStatus.TO_DO)
    done_on = forms.DateField(
        label=_("Done on"),
        required=False,
        widget=_date_widget(),
        help_text=_("Only for a done step; leave empty for today."),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_user"].queryset = members

    def clean(self):
        data = super().clean()
        # The date done belongs to a done step only; a step moved back to "To do" drops it.
        if data.get("status") and data["status"] != StepStatus.DONE:
            data["done_on"] = None
        return data


class ActivateForm(VersionForm):
    """The day the person agreed to the plan, and when it is due for review."""

    agreed_on = forms.DateField(
        label=_("Date the person agreed to the plan"),
        widget=_date_widget(),
        error_messages={"required": _("Enter the date the person agreed to the plan.")},
    )
    review_due_on = forms.DateField(
        label=_("Review due on"),
        widget=_date_widget(),
        error_messages={"required": _("Enter the date the plan is due for review.")},
    )


class ReviewForm(VersionForm):
    """A review of the active plan with the person, and the next review date."""

    reviewed_on = forms.DateField(
        label=_("Reviewed on"),
        widget=_date_widget(),
        error_messages={"required": _("Enter the date of the review.")},
    )
    review_due_on = forms.DateField(
        label=_("Next review due on"),
        widget=_date_widget(),
        error_messages={"required": _("Enter the date the next review is due.")},
    )

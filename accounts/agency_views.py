"""Agencies: the organizations that run IPS programs (state administrators keep the list)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import apply_errors

from . import access, roles, services
from .models import Agency, AgencyKind


class AgencyForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=AgencyKind.choices)
    state = forms.CharField(
        label=gettext_lazy("State"),
        max_length=2,
        min_length=2,
        help_text=gettext_lazy("Two-letter postal code, like WI."),
    )
    address = forms.CharField(label=gettext_lazy("Address"), max_length=300, required=False)
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=40, required=False)
    website = forms.URLField(label=gettext_lazy("Website"), required=False, assume_scheme="https")

    def clean_state(self):
        return self.cleaned_data["state"].upper()


@login_required
def agency_list(request):
    """Every agency with its number of programs, and a form to add one."""
    access.require(request.user, roles.Action.PROGRAM_CREATE)
    form = AgencyForm(request.POST or None, initial={"state": "WI"})
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.agency_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Agency %(name)s added.") % {"name": agency.name})
            return redirect("accounts:agency_list")
    agencies = Agency.objects.annotate(program_count=Count("programs")).order_by("name")
    page = Paginator(agencies, 50).get_page(request.GET.get("page"))
    return render(
        request, "accounts/agency_list.html", {"form": form, "page": page}, status=400 if form.errors else 200
    )

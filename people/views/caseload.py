"""The caseload and Today (the worklist): the two pages an employment specialist starts the day on."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from accounts import access, roles
from accounts.models import Program
from core.dates import today_in

from ..forms.caseload import CaseloadFilterForm, SpecialistFilterForm
from ..selectors import employment_specialist_choices
from ..selectors.caseload import RAPID_SEARCH_DAYS, Phase, caseload_list
from ..selectors.worklist import worklist as worklist_sections

PER_PAGE = 25


def _program(request, slug):
    """The program through the gate (404 if hidden), then the right to see its people (403)."""
    program = access.get_for(request.user, Program, slug, roles.Action.PROGRAM_VIEW, lookup="slug")
    access.require(request.user, roles.Action.JOB_SEEKER_VIEW, program)
    return program


@login_required
def caseload(request, slug):
    program = _program(request, slug)
    user = request.user
    today = today_in(program.time_zone)
    form = CaseloadFilterForm(
        request.GET, user=user, program=program, specialists=employment_specialist_choices(program=program)
    )
    if form.is_valid():
        filters = form.cleaned_data
        people = caseload_list(
            user=user,
            program=program,
            d=today,
            specialist=form.specialist(),
            phase=filters["phase"] or None,
            q=filters["q"],
            clock=filters["clock"] or None,
            sort=filters["sort"] or None,
        )
    else:
        people = caseload_list(user=user, program=program, d=today).none()
    page = Paginator(people, PER_PAGE).get_page(request.GET.get("page"))
    for person in page:
        person.phase_label = Phase(person.phase).label
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "program": program,
        "form": form,
        "page": page,
        "query": query.urlencode(),
        # The filters other than the search stay folded away (a phone's first screen shows people)
        # unless one of them is in use.
        "filtered": any(request.GET.get(name) for name in ("es", "phase", "clock", "sort")),
        "here": request.get_full_path(),
        "today": today,
        "rapid_search_days": RAPID_SEARCH_DAYS,
        "can_write_notes": access.can(user, roles.Action.JOB_SEEKER_EDIT, program),
    }
    template = "people/caseload.html#results" if getattr(request, "htmx", False) else "people/caseload.html"
    response = render(request, template, context, status=400 if form.errors else 200)
    # The same address answers the whole page or only the results: caches must keep them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
def worklist(request, slug):
    program = _program(request, slug)
    user = request.user
    today = today_in(program.time_zone)
    form = SpecialistFilterForm(
        request.GET, user=user, program=program, specialists=employment_specialist_choices(program=program)
    )
    sections = (
        worklist_sections(user=user, program=program, today=today, specialist=form.specialist())
        if form.is_valid()
        else []
    )
    return render(
        request,
        "people/worklist.html",
        {
            "program": program,
            "form": form,
            "sections": sections,
            "today": today,
            "here": request.get_full_path(),
            "can_write_notes": access.can(user, roles.Action.JOB_SEEKER_EDIT, program),
        },
        status=400 if form.errors else 200,
    )

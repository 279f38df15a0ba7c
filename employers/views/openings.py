"""Pages for openings and matching: the list, an opening with its suggested job seekers and
matches, the opening form, and a person's ranked openings.

Suggestions are computed for the page and never stored; nothing is sent to an employer.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access, roles
from accounts.models import Program
from core import audit
from core.models import AuditAction
from people.models import JobSeeker, Shift
from people.selectors.profile import career_profile_get

from ..forms.openings import MatchForm, OpeningFilterForm, OpeningForm
from ..models import Employer, MatchStatus
from ..selectors import openings as selectors
from ..services import openings as services

VIEW = roles.Action.EMPLOYER_VIEW
EDIT = roles.Action.EMPLOYER_EDIT
PER_PAGE = 25
SUGGESTIONS_SHOWN = 20
BACK_TO_PERSON = "job_seeker"


def _program(request, slug, action=VIEW) -> Program:
    """The program through the gate (404 if hidden), then the right to act on its openings (403)."""
    program = access.get_for(request.user, Program, slug, roles.Action.PROGRAM_VIEW, lookup="slug")
    access.require(request.user, action, program)
    return program


def _can_match(user, program) -> bool:
    """Putting a person forward is work with the person and with the business."""
    return access.can(user, EDIT, program) and access.can(user, roles.Action.JOB_SEEKER_EDIT, program)


def _show_errors(form, exc: ValidationError) -> None:
    from people.views import _show_errors as show

    show(form, exc)


@login_required
def opening_list(request, slug):
    program = _program(request, slug)
    form = OpeningFilterForm(request.GET)
    if form.is_valid():
        openings = selectors.opening_list(
            user=request.user, program=program, status=form.cleaned_data["status"], q=form.cleaned_data["q"]
        )
    else:
        openings = selectors.opening_list(user=request.user, program=program).none()
    page = Paginator(openings, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "program": program,
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "can_edit": access.can(request.user, EDIT, program),
    }
    template = (
        "employers/opening_list.html#results"
        if getattr(request, "htmx", False)
        else "employers/opening_list.html"
    )
    response = render(request, template, context, status=400 if form.errors else 200)
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
def opening_create(request, slug, employer_pk):
    program = _program(request, slug, EDIT)
    employer = access.get_for(request.user, Employer, employer_pk, EDIT)
    if employer.program_id != program.pk:
        raise Http404
    form = OpeningForm(request.POST or None, locations=selectors.location_choices(employer))
    if request.method == "POST" and form.is_valid():
        try:
            opening = services.opening_create(
                actor=request.user, employer=employer, **form.service_arguments()
            )
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("The opening was saved."))
            return redirect("employers:opening_detail", slug=slug, pk=opening.pk)
    return render(
        request,
        "employers/opening_form.html",
        {"program": program, "employer": employer, "form": form, "opening": None},
        status=400 if form.errors else 200,
    )


@login_required
def opening_edit(request, slug, pk):
    program = _program(request, slug, EDIT)
    opening = selectors.opening_get(user=request.user, program=program, pk=pk, action=EDIT)
    initial = {name: getattr(opening, name) for name in services.OPENING_FIELDS}
    initial["version"] = opening.version
    form = OpeningForm(
        request.POST or None,
        initial=initial,
        locations=selectors.location_choices(opening.employer, opening.location_id),
        with_version=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.opening_update(
                actor=request.user,
                opening=opening,
                version=form.cleaned_data["version"],
                **form.service_arguments(),
            )
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("The opening was saved."))
            return redirect("employers:opening_detail", slug=slug, pk=opening.pk)
    return render(
        request,
        "employers/opening_form.html",
        {"program": program, "employer": opening.employer, "form": form, "opening": opening},
        status=400 if form.errors else 200,
    )


def _render_detail(request, program, opening, *, errors=None, status=200):
    """The opening, the people put forward, and the suggestions with their reasons."""
    user = request.user
    matches = list(selectors.opening_matches(user=user, opening=opening))
    suggestions = selectors.suggested_job_seekers(user=user, opening=opening, limit=SUGGESTIONS_SHOWN)
    shown = [m.job_seeker_id for m in matches] + [s.subject.pk for s in suggestions]
    if shown:
        # The reasons come from career profiles: who saw whose is kept, in one row.
        audit.record(
            actor=user, action=AuditAction.READ, obj=opening, changes={"job_seekers_shown": [None, shown]}
        )
    return render(
        request,
        "employers/opening_detail.html",
        {
            "program": program,
            "opening": opening,
            "matches": matches,
            "suggestions": suggestions,
            "shift_labels": [Shift(s).label for s in opening.shifts if s in Shift.values],
            "statuses": MatchStatus.choices,
            "can_edit": access.can(user, EDIT, program),
            "can_match": _can_match(user, program),
            "errors": errors or [],
        },
        status=status,
    )


@login_required
def opening_detail(request, slug, pk):
    program = _program(request, slug)
    opening = selectors.opening_get(user=request.user, program=program, pk=pk)
    return _render_detail(request, program, opening)


@login_required
@require_POST
def opening_match_set(request, slug, pk):
    program = _program(request, slug, EDIT)
    opening = selectors.opening_get(user=request.user, program=program, pk=pk, action=EDIT)
    form = MatchForm(request.POST)
    back = request.POST.get("back")
    if not form.is_valid():
        errors = [
            f"{form.fields[f].label}: {e}" if f in form.fields else str(e)
            for f, es in form.errors.items()
            for e in es
        ]
        return _render_detail(request, program, opening, errors=errors, status=400)
    job_seeker = access.get_for(
        request.user,
        JobSeeker.objects.select_related("program"),
        form.cleaned_data["job_seeker"],
        roles.Action.JOB_SEEKER_EDIT,
    )
    try:
        services.opening_match_set(
            actor=request.user,
            opening=opening,
            job_seeker=job_seeker,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as exc:
        errors = [str(m) for m in exc.messages]
        if back == BACK_TO_PERSON and job_seeker.program_id == program.pk:
            return _render_person_openings(request, job_seeker, errors=errors, status=400)
        return _render_detail(request, program, opening, errors=errors, status=400)
    messages.success(
        request,
        _("%(name)s — %(opening)s: %(status)s.")
        % {
            "name": job_seeker,
            "opening": opening.title,
            "status": MatchStatus(form.cleaned_data["status"]).label,
        },
    )
    if back == BACK_TO_PERSON:
        return redirect(
            reverse("employers:job_seeker_openings", args=[slug, job_seeker.pk]) + f"#opening-{opening.pk}"
        )
    return redirect(reverse("employers:opening_detail", args=[slug, opening.pk]) + "#matches")


def _render_person_openings(request, job_seeker, *, errors=None, status=200):
    user = request.user
    program = job_seeker.program
    audit.record(actor=user, action=AuditAction.READ, obj=job_seeker, job_seeker_id=job_seeker.pk)
    profile = career_profile_get(user=user, job_seeker=job_seeker)
    suggestions = selectors.suggested_openings(user=user, job_seeker=job_seeker, profile=profile)
    matches = selectors.job_seeker_matches(user=user, job_seeker=job_seeker)
    for suggestion in suggestions:
        suggestion.match = matches.get(suggestion.subject.pk)
    open_record = job_seeker.enrollment_date is not None and job_seeker.closed_date is None
    return render(
        request,
        "employers/opening_job_seeker.html",
        {
            "program": program,
            "job_seeker": job_seeker,
            "profile": profile,
            "suggestions": suggestions,
            "statuses": MatchStatus.choices,
            "can_match": _can_match(user, program) and open_record,
            "back": BACK_TO_PERSON,
            "errors": errors or [],
        },
        status=status,
    )


@login_required
def job_seeker_openings(request, slug, pk):
    from people.views import _job_seeker

    job_seeker = _job_seeker(request, slug, pk, roles.Action.JOB_SEEKER_VIEW)
    access.require(request.user, VIEW, job_seeker.program)
    return _render_person_openings(request, job_seeker)

"""Pages for employer contacts and job development: log a contact, the contact log, a correction,
and the week-by-week job development view."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts import access, roles
from accounts.models import Membership, Program
from core.dates import today_in
from core.forms import apply_errors

from ..forms.contacts import EmployerContactFilterForm, EmployerContactForm
from ..selectors import contacts as selectors
from ..services import contacts as services

PER_PAGE = 25


def _program(request, slug, action):
    """The program through the gate (404 if hidden), then the right to take `action` there (403)."""
    program = access.get_for(request.user, Program, slug, roles.Action.PROGRAM_VIEW, lookup="slug")
    access.require(request.user, action, program)
    return program


def _safe_next(request) -> str | None:
    """The `next` address, only if it is a path on this site (never another host or scheme)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        target.startswith("/")
        and not target.startswith("//")
        and url_has_allowed_host_and_scheme(target, allowed_hosts=None, require_https=False)
    ):
        return target
    return None


def _list_url(program) -> str:
    return reverse("employers:contact_list", args=[program.slug])


def _show_errors(form, exc: ValidationError) -> None:
    """A service's errors on the form; a stale version is told above the form."""
    if hasattr(exc, "error_dict"):
        errors = dict(exc.error_dict)
        if "version" in errors:
            form.add_error(None, errors.pop("version"))
        # The new business's name belongs with the business picker when the picker is the problem.
        for field, messages_ in errors.items():
            form.add_error(field if field in form.fields else None, messages_)
        return
    apply_errors(form, exc)


def _form(request, program, *, staff, initial, include=(), with_version=False):
    today = today_in(program.time_zone)
    return EmployerContactForm(
        request.POST or None,
        initial=initial,
        with_version=with_version,
        employers=selectors.employer_choices(program=program),
        people_met=selectors.person_met_choices(program=program),
        job_seekers=selectors.nameable_job_seekers(
            user=request.user, program=program, d=today, staff=staff, include=include
        ),
    )


def _render_form(request, program, form, *, contact=None, refusal="", status=None):
    return render(
        request,
        "employers/contact_form.html",
        {
            "program": program,
            "form": form,
            "contact": contact,
            "refusal": refusal,
            "next": _safe_next(request) or "",
            "back_url": _safe_next(request) or _list_url(program),
        },
        status=status or (400 if form is not None and form.errors else 200),
    )


@login_required
def contact_create(request, slug):
    program = _program(request, slug, roles.Action.EMPLOYER_EDIT)
    staff = access.staff_membership(request.user, program)
    initial = {"date": today_in(program.time_zone), "face_to_face": True}
    form = _form(request, program, staff=staff, initial=initial)
    preselect = request.GET.get("job_seeker", "")
    if request.method == "GET" and preselect.isdigit() and int(preselect) in form.people:
        person = form.people[int(preselect)]
        initial["job_seekers" if getattr(person, "mine", False) else "other_job_seekers"] = [person.pk]
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.employer_contact_log(
                actor=request.user, program=program, **form.service_arguments()
            )
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(
                request, _("The contact with %(business)s was logged.") % {"business": contact.employer}
            )
            return redirect(_safe_next(request) or _list_url(program))
    return _render_form(request, program, form)


@login_required
def contact_edit(request, slug, pk):
    program = _program(request, slug, roles.Action.EMPLOYER_EDIT)
    contact = selectors.employer_contact_for(user=request.user, pk=pk, action=roles.Action.EMPLOYER_EDIT)
    if contact.program_id != program.pk:
        raise Http404
    if not services.is_writer(request.user, contact):
        return _render_form(
            request,
            program,
            None,
            contact=contact,
            refusal=services.not_writer_message(),
            status=403 if request.method == "POST" else 200,
        )
    named = list(contact.for_job_seekers.all())
    initial = {
        "version": contact.version,
        "date": contact.date,
        "employer": contact.employer_id,
        "person_met": contact.person_met_id,
        "face_to_face": contact.face_to_face,
        "purpose": contact.purpose,
        "outcome": contact.outcome,
        "next_step": contact.next_step,
        "next_step_on": contact.next_step_on,
        "present": [row.job_seeker_id for row in named if row.present],
    }
    form = _form(
        request,
        program,
        staff=contact.staff,
        initial=initial,
        include=[row.job_seeker_id for row in named],
        with_version=True,
    )
    initial["job_seekers"] = [
        row.job_seeker_id for row in named if getattr(form.people.get(row.job_seeker_id), "mine", False)
    ]
    initial["other_job_seekers"] = [
        row.job_seeker_id for row in named if not getattr(form.people.get(row.job_seeker_id), "mine", False)
    ]
    if request.method == "POST" and form.is_valid():
        try:
            services.employer_contact_update(actor=request.user, contact=contact, **form.service_arguments())
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("The contact was changed."))
            return redirect(_safe_next(request) or _list_url(program))
    return _render_form(request, program, form, contact=contact)


@login_required
def contact_list(request, slug):
    program = _program(request, slug, roles.Action.EMPLOYER_VIEW)
    staff = (
        Membership.objects.filter(program=program, role__in=roles.STAFF_ROLES)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "id")
    )
    search = EmployerContactFilterForm(
        request.GET or None, staff=staff, employers=selectors.employer_choices(program=program)
    )
    filters = search.selector_arguments() if search.is_valid() else {}
    contacts = selectors.employer_contact_list(user=request.user, program=program, **filters)
    page = Paginator(contacts, PER_PAGE).get_page(request.GET.get("page"))
    for contact in page.object_list:
        contact.can_change = services.is_writer(request.user, contact)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "employers/contact_list.html",
        {
            "program": program,
            "search": search,
            "page": page,
            "query": query.urlencode(),
            "here": request.get_full_path(),
            "can_edit": access.can(request.user, roles.Action.EMPLOYER_EDIT, program),
        },
        status=400 if search.errors else 200,
    )


@login_required
def job_development(request, slug):
    program = _program(request, slug, roles.Action.EMPLOYER_VIEW)
    today = today_in(program.time_zone)
    view = selectors.job_development(program=program, today=today)
    waiting = selectors.job_search_without_contact(user=request.user, program=program, today=today)
    waiting_rows = list(waiting[: selectors.NO_CONTACT_ROWS])
    waiting_count = len(waiting_rows) if len(waiting_rows) < selectors.NO_CONTACT_ROWS else waiting.count()
    return render(
        request,
        "employers/job_development.html",
        {
            "program": program,
            **view,
            "target": selectors.CONTACTS_PER_WEEK_TARGET,
            "no_contact_days": selectors.NO_CONTACT_DAYS,
            "waiting": waiting_rows,
            "waiting_count": waiting_count,
            "here": request.get_full_path(),
            "can_edit": access.can(request.user, roles.Action.EMPLOYER_EDIT, program),
        },
    )

"""Pages for businesses: the list, a business's page, adding and changing one, merging a duplicate,
its locations and the people met there."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access, roles
from accounts.models import Program
from core.forms import apply_errors

from ..forms.employers import (
    EmployerFilterForm,
    EmployerForm,
    EmployerLocationForm,
    EmployerPersonForm,
    MergeForm,
)
from ..models import Employer, EmployerContact, EmployerLocation, EmployerPerson, Opening
from ..selectors import employers as selectors
from ..services import employers as services

VIEW = roles.Action.EMPLOYER_VIEW
EDIT = roles.Action.EMPLOYER_EDIT
PER_PAGE = 25
CONTACTS_PER_PAGE = 20


def _program(request, slug, action=VIEW):
    """The program through the gate (404 if hidden), then the right to its employers (403)."""
    program = access.get_for(request.user, Program, slug, roles.Action.PROGRAM_VIEW, lookup="slug")
    access.require(request.user, action, program)
    return program


def _employer(request, slug, pk, action):
    """The business through the gate, only under its own program's address."""
    employer = access.get_for(
        request.user, Employer.objects.select_related("program", "merged_into"), pk, action
    )
    if employer.program.slug != slug:
        raise Http404
    return employer


def _kept(employer: Employer) -> Employer:
    """Where a merged business lives on (following merges of merges)."""
    seen = set()
    while employer.merged_into_id is not None and employer.pk not in seen:
        seen.add(employer.pk)
        employer = Employer.objects.select_related("merged_into").get(pk=employer.merged_into_id)
    return employer


def _to_kept(request, employer: Employer):
    """A merged business's old address leads to the business it was merged into, with a word why."""
    kept = _kept(employer)
    messages.info(
        request,
        _("%(old)s was merged into %(new)s; you are on %(new)s's page now.")
        % {"old": employer.name, "new": kept.name},
    )
    return redirect("employers:employer_detail", slug=employer.program.slug, pk=kept.pk)


def _show_errors(form, exc: ValidationError) -> None:
    """A service's errors on the form; a stale version is told above the form."""
    if hasattr(exc, "error_dict") and "version" in exc.error_dict:
        errors = dict(exc.error_dict)
        form.add_error(None, errors.pop("version"))
        if not errors:
            return
        exc = ValidationError(errors)
    apply_errors(form, exc)


def _optional_url(name: str, *args) -> str | None:
    """A page another part of job development provides, if it is there."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


@login_required
def employer_list(request, slug):
    program = _program(request, slug)
    form = EmployerFilterForm(request.GET)
    if form.is_valid():
        employers = selectors.employer_list(
            user=request.user,
            program=program,
            q=form.cleaned_data["q"],
            relationship=form.cleaned_data["relationship"],
            sort=form.cleaned_data["sort"],
        )
    else:
        employers = selectors.employer_list(user=request.user, program=program).none()
    page = Paginator(employers, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "program": program,
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "filtered": any(request.GET.get(name) for name in ("relationship", "sort")),
        "can_edit": access.can(request.user, EDIT, program),
    }
    template = (
        "employers/employer_list.html#results"
        if getattr(request, "htmx", False)
        else "employers/employer_list.html"
    )
    response = render(request, template, context, status=400 if form.errors else 200)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _duplicate_asked(form_kwargs: dict, exc: ValidationError) -> bool:
    if getattr(exc, "code", None) == "duplicate":
        form_kwargs["confirm_duplicate"] = True
        return True
    return False


def _save_employer(request, *, program, employer=None):
    """The create and edit pages: one form, a duplicate check that asks before saving."""
    form_kwargs = {"confirm_duplicate": "allow_duplicate" in request.POST}
    initial = {"version": employer.version} if employer else {}
    form = EmployerForm(request.POST or None, instance=employer, initial=initial, **form_kwargs)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        try:
            if employer is None:
                saved = services.employer_create(actor=request.user, program=program, **arguments)
            else:
                saved = services.employer_update(
                    actor=request.user, employer=employer, version=form.cleaned_data["version"], **arguments
                )
        except ValidationError as exc:
            if _duplicate_asked(form_kwargs, exc):
                form = EmployerForm(request.POST, instance=employer, **form_kwargs)
                form.is_valid()
                duplicates = exc.params["duplicates"]
                form.add_error(None, exc.message % {"refs": exc.params["refs"]})
            else:
                _show_errors(form, exc)
        else:
            if employer is None:
                messages.success(
                    request, _("%(name)s was added (%(ref)s).") % {"name": saved.name, "ref": saved.ref}
                )
            else:
                messages.success(request, _("The changes to %(name)s were saved.") % {"name": saved.name})
            return redirect("employers:employer_detail", slug=program.slug, pk=saved.pk)
    return render(
        request,
        "employers/employer_form.html",
        {"form": form, "program": program, "employer": employer, "duplicates": duplicates},
        status=400 if form.errors else 200,
    )


@login_required
def employer_create(request, slug):
    program = _program(request, slug, EDIT)
    return _save_employer(request, program=program)


@login_required
def employer_edit(request, slug, pk):
    employer = _employer(request, slug, pk, EDIT)
    if employer.merged_into_id:
        return _to_kept(request, employer)
    return _save_employer(request, program=employer.program, employer=employer)


@login_required
def employer_detail(request, slug, pk):
    employer = _employer(request, slug, pk, VIEW)
    if employer.merged_into_id:
        return _to_kept(request, employer)
    user = request.user
    program = employer.program
    summary = selectors.employer_summary(employer)
    contacts = Paginator(
        selectors.employer_contacts(user=user, employer=employer), CONTACTS_PER_PAGE
    ).get_page(request.GET.get("page"))
    openings = list(selectors.employer_openings(user=user, employer=employer))
    for opening in openings:
        opening.url = _optional_url("employers:opening_detail", program.slug, opening.pk)
    context = {
        "program": program,
        "employer": employer,
        "last_contact_on": summary.last_contact_on,
        "contact_count": summary.contact_count,
        "locations": selectors.employer_locations(employer),
        "people": selectors.employer_people(employer),
        "openings": openings,
        "hires": selectors.employer_hires(user=user, employer=employer),
        "contacts": contacts,
        "can_edit": access.can(user, EDIT, program),
        "contact_create_url": _optional_url("employers:contact_create", program.slug),
        "opening_create_url": _optional_url("employers:opening_create", program.slug, employer.pk),
    }
    return render(request, "employers/employer_detail.html", context)


def _merge_summary(source: Employer) -> dict:
    """What the merge would move, counted in SQL (shown on the confirmation page)."""
    from jobs.models import Job

    return {
        "contacts": EmployerContact.objects.filter(employer=source).count(),
        "people": EmployerPerson.objects.filter(employer=source).count(),
        "locations": EmployerLocation.objects.filter(employer=source).count(),
        "openings": Opening.objects.filter(employer=source).count(),
        "jobs": Job.objects.filter(employer=source).count(),
    }


@login_required
def employer_merge(request, slug, pk):
    """Merge a duplicate into this business: choose it, see what moves, confirm."""
    target = _employer(request, slug, pk, EDIT)
    if target.merged_into_id:
        return _to_kept(request, target)
    candidates = selectors.merge_candidates(user=request.user, employer=target)
    duplicates = selectors.possible_duplicates(
        program=target.program, name=target.name, city=target.city, exclude_pk=target.pk
    )
    initial = {"source": duplicates[0].pk} if duplicates else {}
    form = MergeForm(request.POST or None, candidates=candidates, initial=initial)
    context = {"program": target.program, "employer": target, "form": form, "duplicates": duplicates}
    if request.method == "POST" and form.is_valid():
        source = form.cleaned_data["source"]
        if not form.cleaned_data["confirm"]:
            context.update({"source": source, "moves": _merge_summary(source)})
            return render(request, "employers/employer_merge.html", context)
        try:
            services.employer_merge(actor=request.user, source=source, target=target)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "%(old)s was merged into %(new)s: its contacts, people, locations, openings and jobs are here now."
                )
                % {"old": source.name, "new": target.name},
            )
            return redirect("employers:employer_detail", slug=slug, pk=target.pk)
    return render(request, "employers/employer_merge.html", context, status=400 if form.errors else 200)


# --- Locations and people met ----------------------------------------------------------------


def _part(request, slug, pk, part_pk, model):
    """The business (open, not merged) and one of its locations or people, through the gate."""
    employer = _employer(request, slug, pk, EDIT)
    if employer.merged_into_id:
        raise Http404
    if part_pk is None:
        return employer, None
    part = access.get_for(
        request.user, model.objects.filter(employer=employer, archived_at__isnull=True), part_pk, EDIT
    )
    part.employer = employer
    return employer, part


def _edit_part(request, slug, pk, part_pk, *, model, form_class, add, update, template, saved_message):
    """Add or change a location or a person met; `update` takes the row as `location` or `person`."""
    employer, part = _part(request, slug, pk, part_pk, model)
    form = form_class(request.POST or None, instance=part)
    if request.method == "POST" and form.is_valid():
        try:
            if part is None:
                add(actor=request.user, employer=employer, **form.cleaned_data)
            else:
                part_name = "location" if model is EmployerLocation else "person"
                update(actor=request.user, **{part_name: part}, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, saved_message)
            return redirect("employers:employer_detail", slug=slug, pk=employer.pk)
    return render(
        request,
        template,
        {"form": form, "program": employer.program, "employer": employer, "part": part},
        status=400 if form.errors else 200,
    )


_LOCATION = {
    "model": EmployerLocation,
    "form_class": EmployerLocationForm,
    "add": services.employer_location_add,
    "update": services.employer_location_update,
    "template": "employers/employer_location_form.html",
}
_PERSON = {
    "model": EmployerPerson,
    "form_class": EmployerPersonForm,
    "add": services.employer_person_add,
    "update": services.employer_person_update,
    "template": "employers/employer_person_form.html",
}


@login_required
def employer_location_create(request, slug, pk):
    return _edit_part(request, slug, pk, None, **_LOCATION, saved_message=_("The location was added."))


@login_required
def employer_location_edit(request, slug, pk, location_pk):
    return _edit_part(request, slug, pk, location_pk, **_LOCATION, saved_message=_("The location was saved."))


@login_required
@require_POST
def employer_location_archive(request, slug, pk, location_pk):
    employer, location = _part(request, slug, pk, location_pk, EmployerLocation)
    services.employer_location_archive(actor=request.user, location=location)
    messages.success(request, _("%(label)s was taken off the list of locations.") % {"label": location.label})
    return redirect("employers:employer_detail", slug=slug, pk=employer.pk)


@login_required
def employer_person_create(request, slug, pk):
    return _edit_part(request, slug, pk, None, **_PERSON, saved_message=_("The person was added."))


@login_required
def employer_person_edit(request, slug, pk, person_pk):
    return _edit_part(request, slug, pk, person_pk, **_PERSON, saved_message=_("The person was saved."))


@login_required
@require_POST
def employer_person_archive(request, slug, pk, person_pk):
    employer, person = _part(request, slug, pk, person_pk, EmployerPerson)
    services.employer_person_archive(actor=request.user, person=person)
    messages.success(request, _("%(name)s was taken off the list of people met.") % {"name": person.name})
    return redirect("employers:employer_detail", slug=slug, pk=employer.pk)

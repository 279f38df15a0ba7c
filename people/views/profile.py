"""Pages of a person's career profile: read it, edit it, its work history and education, its versions."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import access, roles

from ..forms.profile import CareerProfileForm, EducationHistoryForm, WorkHistoryForm
from ..models import EducationHistoryEntry, WorkHistoryEntry
from ..selectors import profile as selectors
from ..services import profile as services
from .common import job_seeker_for as _person
from .common import record_read, show_errors

VIEW = roles.Action.JOB_SEEKER_VIEW
EDIT = roles.Action.JOB_SEEKER_EDIT


def _profile_url(name, job_seeker, **kwargs) -> str:
    return reverse(name, kwargs={"slug": job_seeker.program.slug, "pk": job_seeker.pk, **kwargs})


def _multi(profile) -> dict:
    return {name: selectors.multi_labels(name, getattr(profile, name)) for name in services.MULTI_CHOICES}


# --- The record page's card ------------------------------------------------------------------


def record_section(request, job_seeker) -> dict:
    """What the record page shows of this part: context for templates/people/_record_profile.html.

    A partner whose consent does not cover the career profile gets nothing (not even "none yet").
    """
    user = request.user
    profile = selectors.career_profile_get(user=user, job_seeker=job_seeker)
    if profile is None and selectors.partner_only(user, job_seeker.program):
        return {}
    summary = {"profile": profile}
    if profile is not None:
        summary.update(
            work_goal=profile.work_goal_own_words,
            job_types=profile.job_types_wanted,
            hours=selectors.hours_text(profile.hours_min, profile.hours_max),
            disclosure=profile.get_disclosure_preference_display(),
        )
    return {"profile_summary": summary}


# --- Reading the profile ---------------------------------------------------------------------


@login_required
def career_profile(request, slug, pk):
    job_seeker = _person(request, slug, pk, VIEW)
    user, program = request.user, job_seeker.program
    profile = selectors.career_profile_get(user=user, job_seeker=job_seeker)
    if profile is None and selectors.partner_only(user, program):
        raise Http404
    record_read(request, job_seeker, profile)
    context = {
        "job_seeker": job_seeker,
        "program": program,
        "profile": profile,
        "can_edit": access.can(user, EDIT, program),
        "shows_legal_history": selectors.sees_legal_history(user, program),
    }
    if profile is not None:
        context.update(
            work_history=selectors.work_history_list(user=user, profile=profile),
            education_history=selectors.education_history_list(user=user, profile=profile),
            latest=selectors.career_profile_version_list(user=user, profile=profile).first(),
            multi=_multi(profile),
            hours=selectors.hours_text(profile.hours_min, profile.hours_max),
        )
    return render(request, "people/career_profile.html", context)


@login_required
def career_profile_versions(request, slug, pk):
    job_seeker = _person(request, slug, pk, VIEW)
    profile = selectors.career_profile_get(user=request.user, job_seeker=job_seeker)
    if profile is None:
        raise Http404
    record_read(request, job_seeker, profile)
    versions = selectors.career_profile_version_list(user=request.user, profile=profile)
    page = Paginator(versions, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "people/career_profile_versions.html",
        {"job_seeker": job_seeker, "program": job_seeker.program, "profile": profile, "page": page},
    )


@login_required
def career_profile_version(request, slug, pk, number):
    job_seeker = _person(request, slug, pk, VIEW)
    user, program = request.user, job_seeker.program
    profile = selectors.career_profile_get(user=user, job_seeker=job_seeker)
    if profile is None:
        raise Http404
    version = selectors.career_profile_version_get(user=user, profile=profile, number=number)
    previous = selectors.previous_version(user=user, version=version)
    record_read(request, job_seeker, version)
    fields = selectors.visible_fields(user, program)
    return render(
        request,
        "people/career_profile_version.html",
        {
            "job_seeker": job_seeker,
            "program": program,
            "profile": profile,
            "version": version,
            "previous": previous,
            "changes": selectors.version_changes(
                previous.snapshot if previous else None, version.snapshot, fields
            ),
            "saved": selectors.snapshot_view(version.snapshot, fields),
        },
    )


# --- Editing ---------------------------------------------------------------------------------


def _render_edit(request, job_seeker, profile, *, form=None, entry_forms=None, error=None, status=200):
    user = request.user
    version = profile.version if profile else 0
    if form is None:
        initial = {"version": version}
        if profile is not None:
            initial.update({name: getattr(profile, name) for name in services.PROFILE_FIELDS})
        form = CareerProfileForm(initial=initial)
    entry_forms = entry_forms or {}
    context = {
        "job_seeker": job_seeker,
        "program": job_seeker.program,
        "profile": profile,
        "form": form,
        "error": error,
        "closed": job_seeker.closed_date is not None,
    }
    if profile is not None:
        context.update(
            work_history=selectors.work_history_list(user=user, profile=profile),
            education_history=selectors.education_history_list(user=user, profile=profile),
            work_form=entry_forms.get("work") or WorkHistoryForm(initial={"version": version}, prefix="work"),
            education_form=entry_forms.get("education")
            or EducationHistoryForm(initial={"version": version}, prefix="education"),
        )
    record_read(request, job_seeker, profile)
    return render(request, "people/career_profile_form.html", context, status=status)


@login_required
def career_profile_edit(request, slug, pk):
    job_seeker = _person(request, slug, pk, EDIT)
    profile = selectors.career_profile_get(user=request.user, job_seeker=job_seeker)
    if request.method != "POST":
        return _render_edit(request, job_seeker, profile)
    form = CareerProfileForm(request.POST)
    if form.is_valid():
        try:
            saved = services.career_profile_save(
                actor=request.user,
                job_seeker=job_seeker,
                data=form.profile_data(),
                version=form.cleaned_data["version"],
                change_summary=form.cleaned_data["change_summary"],
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            if profile is not None and saved.version == profile.version:
                messages.info(request, _("Nothing was changed, so no new version was saved."))
            else:
                messages.success(
                    request,
                    _("The career profile was saved as version %(number)s.") % {"number": saved.version},
                )
            return redirect(_profile_url("people:career_profile", job_seeker))
    return _render_edit(request, job_seeker, profile, form=form, status=400)


# --- Work history and education entries ------------------------------------------------------

ENTRY_KINDS = {
    "work": {
        "model": WorkHistoryEntry,
        "form": WorkHistoryForm,
        "add": services.work_history_entry_add,
        "update": services.work_history_entry_update,
        "remove": services.work_history_entry_remove,
        "anchor": "work-history",
        "add_title": gettext_lazy("Add a job to the work history"),
        "edit_title": gettext_lazy("Change a job in the work history"),
        "added": gettext_lazy("The job was added to the work history."),
        "changed": gettext_lazy("The job was changed."),
        "removed": gettext_lazy("The job was taken out of the work history. Earlier versions keep it."),
    },
    "education": {
        "model": EducationHistoryEntry,
        "form": EducationHistoryForm,
        "add": services.education_history_entry_add,
        "update": services.education_history_entry_update,
        "remove": services.education_history_entry_remove,
        "anchor": "education",
        "add_title": gettext_lazy("Add schooling or training"),
        "edit_title": gettext_lazy("Change schooling or training"),
        "added": gettext_lazy("The schooling or training was added."),
        "changed": gettext_lazy("The schooling or training was changed."),
        "removed": gettext_lazy("The schooling or training was taken out. Earlier versions keep it."),
    },
}


def _edit_url(job_seeker, kind) -> str:
    return f"{_profile_url('people:career_profile_edit', job_seeker)}#{ENTRY_KINDS[kind]['anchor']}"


def _entry(request, job_seeker, kind, entry_pk):
    model = ENTRY_KINDS[kind]["model"]
    return access.get_for(
        request.user,
        model.objects.filter(profile__job_seeker=job_seeker).select_related("profile__job_seeker__program"),
        entry_pk,
        EDIT,
    )


def _entry_page(request, job_seeker, kind, form, *, entry=None, status=200):
    record_read(request, job_seeker, entry)
    config = ENTRY_KINDS[kind]
    return render(
        request,
        "people/career_profile_entry_form.html",
        {
            "job_seeker": job_seeker,
            "program": job_seeker.program,
            "form": form,
            "entry": entry,
            "title": config["edit_title"] if entry else config["add_title"],
            "back_url": _edit_url(job_seeker, kind),
        },
        status=status,
    )


def _entry_add(request, slug, pk, kind):
    job_seeker = _person(request, slug, pk, EDIT)
    config = ENTRY_KINDS[kind]
    profile = selectors.career_profile_get(user=request.user, job_seeker=job_seeker)
    if request.method != "POST":
        if profile is None:
            messages.info(request, _("Save the career profile first, then add work history and education."))
            return redirect(_profile_url("people:career_profile_edit", job_seeker))
        form = config["form"](initial={"version": profile.version}, prefix=kind)
        return _entry_page(request, job_seeker, kind, form)
    form = config["form"](request.POST, prefix=kind)
    if form.is_valid():
        try:
            config["add"](
                actor=request.user,
                job_seeker=job_seeker,
                data=form.entry_data(),
                version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, config["added"])
            return redirect(_edit_url(job_seeker, kind))
    return _entry_page(request, job_seeker, kind, form, status=400)


def _entry_edit(request, slug, pk, entry_pk, kind):
    job_seeker = _person(request, slug, pk, EDIT)
    config = ENTRY_KINDS[kind]
    entry = _entry(request, job_seeker, kind, entry_pk)
    if request.method != "POST":
        initial = {name: getattr(entry, name) for name in config["form"].base_fields if name != "version"}
        initial["version"] = entry.profile.version
        return _entry_page(request, job_seeker, kind, config["form"](initial=initial), entry=entry)
    form = config["form"](request.POST)
    if form.is_valid():
        try:
            config["update"](
                actor=request.user, entry=entry, data=form.entry_data(), version=form.cleaned_data["version"]
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, config["changed"])
            return redirect(_edit_url(job_seeker, kind))
    return _entry_page(request, job_seeker, kind, form, entry=entry, status=400)


def _entry_remove(request, slug, pk, entry_pk, kind):
    job_seeker = _person(request, slug, pk, EDIT)
    config = ENTRY_KINDS[kind]
    entry = _entry(request, job_seeker, kind, entry_pk)
    version = request.POST.get("version", "")
    try:
        if not version.isdigit():
            raise ValidationError(_("The page was out of date. Reload it and try again."))
        config["remove"](actor=request.user, entry=entry, version=int(version))
    except ValidationError as exc:
        return _render_edit(request, job_seeker, entry.profile, error=" ".join(exc.messages), status=400)
    messages.success(request, config["removed"])
    return redirect(_edit_url(job_seeker, kind))


# The same three pages for each kind of entry; the address names the entry, the kind is fixed here.
work_history_add = login_required(partial(_entry_add, kind="work"))
work_history_edit = login_required(partial(_entry_edit, kind="work"))
work_history_remove = login_required(require_POST(partial(_entry_remove, kind="work")))
education_history_add = login_required(partial(_entry_add, kind="education"))
education_history_edit = login_required(partial(_entry_edit, kind="education"))
education_history_remove = login_required(require_POST(partial(_entry_remove, kind="education")))

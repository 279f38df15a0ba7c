"""Pages for a person's service notes: the list with search, a new note, an edit within 24 hours, an addendum."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts import access, roles
from core.dates import today_in
from core.forms import apply_errors

from ..forms.notes import NoteAddendumForm, ServiceNoteForm, ServiceNoteSearchForm
from ..models import NoteKind, NoteMode
from ..selectors import notes as note_selectors
from ..services import notes as note_services
from .common import form_page, record_read, save_posted, show_errors
from .common import job_seeker_for as _job_seeker

NOTES_PER_PAGE = 20


def _mark_editable(notes, user, now=None) -> None:
    """Set `can_change` on each note: the user wrote it and it is not locked yet."""
    now = now or timezone.now()
    for note in notes:
        note.can_change = note_services.is_writer(user, note) and not note.is_locked(now)


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


def _notes_url(job_seeker) -> str:
    return reverse("people:service_notes", args=[job_seeker.program.slug, job_seeker.pk])


def record_section(request, job_seeker) -> dict:
    """What the record page shows of this part: context for templates/people/_record_notes.html."""
    notes = list(
        note_selectors.service_note_list(user=request.user, job_seeker=job_seeker)[
            : note_selectors.RECENT_NOTES
        ]
    )
    _mark_editable(notes, request.user)
    return {
        "recent_notes": notes,
        "notes_url": _notes_url(job_seeker),
        "note_create_url": reverse(
            "people:service_note_create", args=[job_seeker.program.slug, job_seeker.pk]
        ),
    }


@login_required
def service_note_list(request, slug, pk):
    job_seeker = _job_seeker(request, slug, pk, roles.Action.JOB_SEEKER_VIEW)
    search = ServiceNoteSearchForm(request.GET or None)
    filters = search.cleaned_data if search.is_valid() else {}
    notes = note_selectors.service_note_list(
        user=request.user,
        job_seeker=job_seeker,
        q=filters.get("q", ""),
        kind=filters.get("kind", ""),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page = Paginator(notes, NOTES_PER_PAGE).get_page(request.GET.get("page"))
    _mark_editable(page.object_list, request.user)
    query = request.GET.copy()
    query.pop("page", None)
    record_read(request, job_seeker)
    return render(
        request,
        "people/service_note_list.html",
        {
            "job_seeker": job_seeker,
            "program": job_seeker.program,
            "search": search,
            "searching": bool(filters and any(filters.values())),
            "page": page,
            "query": query.urlencode(),
            "can_edit": access.can(request.user, roles.Action.JOB_SEEKER_EDIT, job_seeker.program),
        },
        status=400 if search.errors else 200,
    )


def _after_save(request, job_seeker) -> str:
    return _safe_next(request) or _notes_url(job_seeker)


def _back_links(request, job_seeker) -> dict:
    """Where the note's pages go back to: the page that sent the user here, or the notes list."""
    return {"next": _safe_next(request) or "", "back_url": _after_save(request, job_seeker)}


@login_required
def service_note_create(request, slug, pk):
    job_seeker = _job_seeker(request, slug, pk, roles.Action.JOB_SEEKER_EDIT)
    form = ServiceNoteForm(
        request.POST or None,
        initial={
            "date": today_in(job_seeker.program.time_zone),
            "kind": NoteKind.MEETING_JOB_SEEKER,
            "mode": NoteMode.IN_PERSON,
        },
    )
    if save_posted(
        request, form, note_services.service_note_create, on_error=apply_errors, job_seeker=job_seeker
    ):
        messages.success(request, _("The note about %(name)s was saved.") % {"name": job_seeker})
        return redirect(_after_save(request, job_seeker))
    return form_page(
        request, job_seeker, "people/service_note_form.html", form, **_back_links(request, job_seeker)
    )


def _note_page(request, job_seeker, note, *, form=None, addendum_form=None, refusal="", status=200):
    record_read(request, job_seeker)  # the page shows the note
    return render(
        request,
        "people/service_note_edit.html",
        {
            "job_seeker": job_seeker,
            "program": job_seeker.program,
            "note": note,
            "form": form,
            "addendum_form": addendum_form or NoteAddendumForm(),
            "refusal": refusal,
            **_back_links(request, job_seeker),
        },
        status=status,
    )


@login_required
def service_note_edit(request, slug, pk, note_pk):
    job_seeker = _job_seeker(request, slug, pk, roles.Action.JOB_SEEKER_EDIT)
    note = note_selectors.service_note_for(user=request.user, job_seeker=job_seeker, note_pk=note_pk)
    if not note_services.is_writer(request.user, note):
        return _note_page(
            request,
            job_seeker,
            note,
            refusal=note_services.not_writer_message(),
            status=403 if request.method == "POST" else 200,
        )
    if note.is_locked():
        return _note_page(
            request,
            job_seeker,
            note,
            refusal=note_services.locked_message(),
            status=400 if request.method == "POST" else 200,
        )
    form = ServiceNoteForm(
        request.POST or None,
        with_version=True,
        initial={
            "version": note.version,
            "date": note.date,
            "kind": note.kind,
            "location": note.location,
            "mode": note.mode,
            "minutes": note.minutes,
            "text": note.text,
            "contains_part2": note.contains_part2,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            note_services.service_note_update(actor=request.user, note=note, **form.cleaned_data)
        except ValidationError as exc:
            if getattr(exc, "code", None) == "locked":
                return _note_page(request, job_seeker, note, refusal=exc.message, status=400)
            show_errors(form, exc)
        else:
            messages.success(request, _("The note was changed."))
            return redirect(_after_save(request, job_seeker))
    return _note_page(request, job_seeker, note, form=form, status=400 if form.errors else 200)


@login_required
def note_addendum_create(request, slug, pk, note_pk):
    job_seeker = _job_seeker(request, slug, pk, roles.Action.JOB_SEEKER_EDIT)
    note = note_selectors.service_note_for(user=request.user, job_seeker=job_seeker, note_pk=note_pk)
    form = NoteAddendumForm(request.POST or None)
    if save_posted(request, form, note_services.note_addendum_add, on_error=apply_errors, note=note):
        messages.success(request, _("The addendum was added to the note."))
        return redirect(_after_save(request, job_seeker))
    record_read(request, job_seeker)  # the page shows the note
    return form_page(
        request,
        job_seeker,
        "people/service_note_addendum.html",
        form,
        note=note,
        **_back_links(request, job_seeker),
    )

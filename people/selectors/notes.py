"""Reads about service notes: a person's notes through the gate, and dates other pages annotate.

The three `*_annotation()` functions return a Subquery for a JobSeeker queryset (they match on
OuterRef("pk")), so a list of 10 or 10,000 people costs one query. They read only dates, never a
note's text, and are meant for querysets that already went through `accounts.access.restrict`.
"""

from __future__ import annotations

import datetime

from django.db.models import DateField, OuterRef, Prefetch, Q, QuerySet, Subquery

from accounts import access, roles

from ..models import JobSeeker, NoteAddendum, NoteKind, NoteMode, ServiceNote

# How many notes the record page shows before "All notes".
RECENT_NOTES = 5


def _notes_of_person():
    return ServiceNote.objects.filter(job_seeker=OuterRef("pk"), archived_at__isnull=True)


def _latest_date(notes: QuerySet) -> Subquery:
    return Subquery(notes.order_by("-date").values("date")[:1], output_field=DateField())


def last_contact_annotation() -> Subquery:
    """The date of the person's latest meeting or follow-along note (any mode): "days since last contact"."""
    return _latest_date(
        _notes_of_person().filter(kind__in=[NoteKind.MEETING_JOB_SEEKER, NoteKind.FOLLOW_ALONG])
    )


def last_meeting_annotation() -> Subquery:
    """The date of the person's latest meeting seen face to face (in person or by video)."""
    return _latest_date(
        _notes_of_person().filter(
            kind=NoteKind.MEETING_JOB_SEEKER, mode__in=[NoteMode.IN_PERSON, NoteMode.VIDEO]
        )
    )


def first_employer_contact_annotation() -> Subquery:
    """The date of the first job-development employer contact naming the person, on or after enrollment.

    This is the rapid-job-search clock (records.md, EmployerContact; fidelity.md SE4): a contact
    that is face to face and not support on the job, with the person among the job seekers it
    was for. Contacts live in the employers app; people does not import it (imports flow one
    way), so the model is looked up by name.
    """
    from django.apps import apps

    named = (
        apps.get_model("employers", "EmployerContactJobSeeker")
        .objects.filter(
            job_seeker=OuterRef("pk"),
            contact__face_to_face=True,
            contact__archived_at__isnull=True,
            contact__date__gte=OuterRef(
                "enrollment_date"
            ),  # nothing before enrollment (or when not enrolled)
        )
        .exclude(contact__purpose="support_on_job")
    )
    return Subquery(named.order_by("contact__date").values("contact__date")[:1], output_field=DateField())


def _visible_addenda(user) -> QuerySet:
    return access.restrict(
        NoteAddendum.objects.select_related("author"), user, roles.Action.JOB_SEEKER_VIEW
    ).order_by("created_at", "id")


def note_queryset(user) -> QuerySet:
    """Notes with their writer and the addenda `user` may see; NOT gated: pass it to access.get_for/restrict."""
    return (
        ServiceNote.objects.filter(archived_at__isnull=True)
        .select_related("staff__user", "program", "job_seeker__program")
        .prefetch_related(Prefetch("addenda", queryset=_visible_addenda(user), to_attr="visible_addenda"))
    )


def visible_notes(user) -> QuerySet:
    """The notes the user may see (consent scope and Part 2 for partners), with writer and visible addenda."""
    return access.restrict(note_queryset(user), user, roles.Action.JOB_SEEKER_VIEW)


def service_note_list(
    *,
    user,
    job_seeker: JobSeeker,
    q: str = "",
    kind: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet:
    """The person's notes the user may see, newest first, in a fixed number of queries.

    Each note comes with its writer and the addenda the user may see (`visible_addenda`).
    `q` searches the text of the notes and of their visible addenda.
    """
    notes = visible_notes(user).filter(job_seeker=job_seeker)
    q = (q or "").strip()
    if q:
        matching_addenda = _visible_addenda(user).filter(text__icontains=q).values("note_id")
        notes = notes.filter(Q(text__icontains=q) | Q(pk__in=matching_addenda))
    if kind:
        notes = notes.filter(kind=kind)
    if date_from:
        notes = notes.filter(date__gte=date_from)
    if date_to:
        notes = notes.filter(date__lte=date_to)
    return notes


def service_note_for(*, user, job_seeker: JobSeeker, note_pk, action: str = roles.Action.JOB_SEEKER_VIEW):
    """One of the person's notes through the gate (404 if the user may not see it)."""
    return access.get_for(user, note_queryset(user).filter(job_seeker=job_seeker), note_pk, action)

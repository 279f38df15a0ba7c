"""Reads about follow-along supports: when each working person was last supported, and whether
planned support is overdue, computed in SQL so 10 or 10,000 jobs cost the same queries.

Support contacts for a job (records.md, FollowAlongSupport):
- service notes of kind `follow_along` with `job` set to the job, and follow-along notes about
  the person with no job set dated on or after the job's start (written from the notes page,
  which has no job choice);
- employer contacts of purpose `support_on_job` naming the worker, dated on or after the start,
  with the job's business when the job has an employer row.

Overdue: today is more than 7 / 14 / 31 / 92 days (weekly / every two weeks / monthly / every
three months) after the last such contact, or after the start date when there is none. Never for
`when_asked`; only for jobs not ended, of people whose record is open. A job without a
FollowAlongSupport row is weekly, regular support.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Case, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest

from accounts import access, roles
from employers.models import ContactPurpose, EmployerContact
from jobs.models import Job
from people.models import ConsentScopeItem, JobSeeker, NoteKind, ServiceNote
from people.selectors.caseload import DaysBetween, shared_with_partner

from ..models import OVERDUE_AFTER_DAYS, Frequency, SupportLevel

VIEW = roles.Action.JOB_SEEKER_VIEW


def _date(d: datetime.date) -> Value:
    return Value(d, output_field=models.DateField())


def _latest(qs: QuerySet) -> Subquery:
    return Subquery(qs.order_by("-date").values("date")[:1], output_field=models.DateField())


def last_note_annotation() -> Subquery:
    """For a Job queryset: the date of the latest follow-along note about the job."""
    return _latest(
        ServiceNote.objects.filter(
            job_seeker=OuterRef("job_seeker"), kind=NoteKind.FOLLOW_ALONG, archived_at__isnull=True
        ).filter(Q(job=OuterRef("pk")) | Q(job__isnull=True, date__gte=OuterRef("start_date")))
    )


def last_employer_support_annotation() -> Case:
    """For a Job queryset: the date of the latest on-the-job support contact with the employer naming the worker."""
    contacts = EmployerContact.objects.filter(
        purpose=ContactPurpose.SUPPORT_ON_JOB,
        for_job_seekers__job_seeker=OuterRef("job_seeker"),
        date__gte=OuterRef("start_date"),
        archived_at__isnull=True,
    )
    return Case(
        When(employer__isnull=True, then=_latest(contacts)),
        default=_latest(contacts.filter(employer=OuterRef("employer"))),
        output_field=models.DateField(),
    )


def annotate_follow_along(qs: QuerySet, *, user, program, today: datetime.date) -> QuerySet:
    """Add to a Job queryset, for `today`:

    - `frequency`, `support_level`: the plan's (weekly, active when the job has no plan row);
    - `last_note`, `last_employer_support`, `last_contact`: dates of the latest support contacts;
    - `days_since`: days from the last contact (or the start date) to today;
    - `overdue_after`: the days planned support may wait (NULL for `when_asked`);
    - `overdue`: planned support is overdue (never for an ended job or a closed record).

    A partner sees the contact dates only where the person's consent releases service notes
    (the overdue flag is about the plan and shows either way).
    """
    date_field = models.DateField()
    frequency = Coalesce(F("follow_along__planned_frequency"), Value(Frequency.WEEKLY.value))
    qs = qs.annotate(
        frequency=frequency,
        support_level=Coalesce(F("follow_along__level"), Value(SupportLevel.ACTIVE.value)),
        last_note=last_note_annotation(),
        last_employer_support=last_employer_support_annotation(),
    )
    qs = qs.annotate(
        last_contact_any=Case(
            When(last_note__isnull=True, then=F("last_employer_support")),
            When(last_employer_support__isnull=True, then=F("last_note")),
            default=Greatest(F("last_note"), F("last_employer_support")),
            output_field=date_field,
        ),
        since=Greatest(
            Coalesce(F("last_note"), F("start_date")),
            Coalesce(F("last_employer_support"), F("start_date")),
            output_field=date_field,
        ),
        overdue_after=Case(
            *(When(frequency=key, then=Value(days)) for key, days in OVERDUE_AFTER_DAYS.items()),
            default=Value(None),
            output_field=models.IntegerField(),
        ),
    )
    notes_shared = shared_with_partner(user, program, ConsentScopeItem.SERVICE_NOTES)
    if notes_shared is None:
        last_contact = F("last_contact_any")
    else:
        last_contact = Case(
            When(
                job_seeker__in=JobSeeker.objects.filter(notes_shared).values("pk"), then=F("last_contact_any")
            ),
            default=Value(None),
            output_field=date_field,
        )
    qs = qs.annotate(last_contact=last_contact, days_since=DaysBetween(_date(today), F("since")))
    going_on = (Q(end_date__isnull=True) | Q(end_date__gt=today)) & (
        Q(job_seeker__closed_date__isnull=True) | Q(job_seeker__closed_date__gt=today)
    )
    return qs.annotate(
        overdue=Case(
            When(
                going_on & Q(overdue_after__isnull=False, days_since__gt=F("overdue_after")),
                then=Value(True),
            ),
            default=Value(False),
            output_field=models.BooleanField(),
        )
    )


def held_jobs(qs: QuerySet, today: datetime.date) -> QuerySet:
    """Jobs held today (started, not ended before today) by people whose record is open."""
    return qs.filter(
        start_date__lte=today, archived_at__isnull=True, job_seeker__archived_at__isnull=True
    ).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today),
        Q(job_seeker__closed_date__isnull=True) | Q(job_seeker__closed_date__gt=today),
    )


def follow_along_list(*, user, program, today: datetime.date, overdue_only: bool = False) -> QuerySet:
    """Every job held today in the program with its support plan, last contact and overdue flag.

    Through the gate (a partner: only people whose consent releases job details). Overdue first,
    then the longest since support, then by name; one query whatever the number of jobs.
    """
    jobs = access.restrict(Job.objects.filter(program=program), user, VIEW)
    qs = annotate_follow_along(held_jobs(jobs, today), user=user, program=program, today=today)
    if overdue_only:
        qs = qs.filter(overdue=True)
    return qs.select_related("job_seeker__employment_specialist__user", "employer", "follow_along").order_by(
        "-overdue",
        F("days_since").desc(nulls_last=True),
        "job_seeker__last_name",
        "job_seeker__first_name",
        "id",
    )


def job_follow_along(*, user, job: Job, today: datetime.date) -> Job:
    """One job (already fetched through the gate) with the columns of `annotate_follow_along`."""
    return annotate_follow_along(
        Job.objects.filter(pk=job.pk), user=user, program=job.program, today=today
    ).get()


def support_notes(*, user, job: Job) -> QuerySet:
    """The follow-along notes about the job the user may see, newest first."""
    from people.selectors.notes import visible_notes

    return (
        visible_notes(user)
        .filter(job_seeker_id=job.job_seeker_id, kind=NoteKind.FOLLOW_ALONG)
        .filter(Q(job=job) | Q(job__isnull=True, date__gte=job.start_date))
        .order_by("-date", "-created_at", "-id")
    )


def employer_support_contacts(*, user, job: Job) -> QuerySet:
    """On-the-job support contacts with the employer naming the worker (staff and state roles only)."""
    if not access.can(user, roles.Action.EMPLOYER_VIEW, job.program):
        return EmployerContact.objects.none()
    contacts = EmployerContact.objects.filter(
        program_id=job.program_id,
        purpose=ContactPurpose.SUPPORT_ON_JOB,
        for_job_seekers__job_seeker_id=job.job_seeker_id,
        date__gte=job.start_date,
        archived_at__isnull=True,
    )
    if job.employer_id:
        contacts = contacts.filter(employer_id=job.employer_id)
    return (
        access.restrict(contacts, user, roles.Action.EMPLOYER_VIEW)
        .select_related("employer", "person_met", "staff__user")
        .order_by("-date", "-id")
    )

"""Reads about jobs through the one gate, and the `working` phase condition the caseload uses."""

from __future__ import annotations

import datetime

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from accounts import access, roles

from ..models import Job, MinimumWage

VIEW = roles.Action.JOB_SEEKER_VIEW


def holds_competitive_job_on(d: datetime.date) -> Q:
    """Over JobSeeker: the person holds a competitive integrated job on day `d` (the `working` phase)."""
    jobs = Job.objects.filter(
        job_seeker=OuterRef("pk"),
        archived_at__isnull=True,
        competitive_integrated=True,
        start_date__lte=d,
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=d))
    return Q(Exists(jobs))


def job_queryset() -> QuerySet:
    """Jobs not archived, with what their pages show; pass it through the gate before use."""
    return Job.objects.filter(archived_at__isnull=True).select_related(
        "employer", "opening", "job_seeker__program", "program"
    )


def visible_jobs(user) -> QuerySet:
    """Every job the user may see (partners: under a consent releasing job details)."""
    return access.restrict(job_queryset(), user, VIEW)


def job_list(*, user, job_seeker) -> QuerySet:
    """A person's jobs the user may see, current ones first, newest start first (one query)."""
    return (
        visible_jobs(user)
        .filter(job_seeker=job_seeker)
        .order_by(F("end_date").desc(nulls_first=True), "-start_date", "-id")
    )


def current_jobs(jobs, on: datetime.date) -> list[Job]:
    """Of a list of jobs, those held on `on` (a planned start counts too)."""
    return [job for job in jobs if job.end_date is None or job.end_date >= on]


def job_for(*, user, job_seeker, job_pk: int, action: str = VIEW) -> Job:
    """One of the person's jobs through the gate (404 outside the user's reach)."""
    return access.get_for(user, job_queryset().filter(job_seeker=job_seeker), job_pk, action)


def minimum_wage_list() -> QuerySet:
    """The minimum-wage table: state-wide reference, read by every signed-in user."""
    return MinimumWage.objects.order_by("jurisdiction", "state", "locality", "-effective_from", "-id")

"""The phase conditions this app gives the caseload (people.selectors.caseload.register_phase_condition).

Each takes a date d and returns a Q over JobSeeker. Registered once, in SupportsConfig.ready().
"""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q

from jobs.models import EducationEnrollment, Job

from ..models import SupportLevel


def competitive_jobs_held(d: datetime.date):
    """The person's competitive integrated jobs held on d (started, not ended before d)."""
    return Job.objects.filter(
        job_seeker=OuterRef("pk"), competitive_integrated=True, start_date__lte=d, archived_at__isnull=True
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=d))


def follow_along_condition(d: datetime.date) -> Q:
    """Holds a competitive job on d, and the worker had stepped down support on every such job by d.

    A job with no FollowAlongSupport row counts as regular (active) support.
    """
    held = competitive_jobs_held(d)
    still_active = held.filter(
        Q(follow_along__isnull=True)
        | Q(follow_along__level=SupportLevel.ACTIVE)
        | Q(follow_along__stepped_down_on__gt=d)
    )
    return Q(Exists(held)) & ~Q(Exists(still_active))


def education_condition(d: datetime.date) -> Q:
    """An EducationEnrollment is open on d (started, not ended before d)."""
    open_on_d = EducationEnrollment.objects.filter(
        job_seeker=OuterRef("pk"), start_date__lte=d, archived_at__isnull=True
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=d))
    return Q(Exists(open_on_d))

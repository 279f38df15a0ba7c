"""The worklist rules this app fills in (people.selectors.worklist.register_worklist_rule).

Rows are jobs; each rule's `describe` names the worker and says why the job is on the list.
Both rules cost two queries (a count and one page), whatever the size of the program.
"""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts import access, roles
from jobs.models import Job
from people.models import ConsentScopeItem, NoteKind, ServiceNote
from people.selectors.caseload import DaysBetween, shared_with_partner
from people.selectors.worklist import WorklistContext, WorklistRow

from .follow_along import annotate_follow_along, held_jobs

# A new job start: the first follow-along contact is due within 7 days; it stays on the list up to day 30.
FIRST_CONTACT_DAYS = 7
NEW_START_DAYS = 30

FOLLOW_ALONG_OVERDUE = "follow_along_overdue"
FOLLOW_ALONG_OVERDUE_LABEL = gettext_lazy("Follow-along support overdue")
FOLLOW_ALONG_OVERDUE_EXPLANATION = gettext_lazy(
    "Working people whose planned support is overdue: no support contact within the planned time "
    "(7 days weekly, 14 every two weeks, 31 monthly, 92 every three months)."
)


def _jobs(ctx: WorklistContext) -> QuerySet:
    """The jobs of the people in view, through the gate; for a partner, only under a job-details consent."""
    people = ctx.people.filter(Q(closed_date__isnull=True) | Q(closed_date__gt=ctx.today))
    shared = shared_with_partner(ctx.user, ctx.program, ConsentScopeItem.JOB_DETAILS)
    if shared is not None:
        people = people.filter(shared)
    jobs = Job.objects.filter(
        program=ctx.program, archived_at__isnull=True, job_seeker__in=people.values("pk")
    )
    return access.restrict(jobs, ctx.user, roles.Action.JOB_SEEKER_VIEW)


def _where(job) -> str:
    return job.employer.name if job.employer_id else job.employer_name


def job_start_follow_along_rows(ctx: WorklistContext) -> QuerySet:
    """Job starts 7 to 30 days ago, not ended in the first 7 days, with no follow-along note in days 0–7.

    A follow-along note counts when it is about the job, or about the person with no job set.
    Oldest start first.
    """
    first_week_notes = (
        ServiceNote.objects.filter(
            job_seeker=OuterRef("job_seeker"), kind=NoteKind.FOLLOW_ALONG, archived_at__isnull=True
        )
        .filter(Q(job=OuterRef("pk")) | Q(job__isnull=True))
        .annotate(day=DaysBetween(F("date"), OuterRef("start_date")))
        .filter(day__gte=0, day__lte=FIRST_CONTACT_DAYS)
    )
    return (
        _jobs(ctx)
        .annotate(days_since_start=DaysBetween(ctx.today, F("start_date")))
        .filter(days_since_start__gte=FIRST_CONTACT_DAYS, days_since_start__lte=NEW_START_DAYS)
        .annotate(days_held=DaysBetween(F("end_date"), F("start_date")))
        .filter(Q(end_date__isnull=True) | Q(days_held__gte=FIRST_CONTACT_DAYS))
        .exclude(Exists(first_week_notes))
        .select_related("job_seeker", "employer")
        .order_by("start_date", "job_seeker__last_name", "job_seeker__first_name", "id")
    )


def describe_job_start(job, ctx: WorklistContext) -> WorklistRow:
    return WorklistRow(
        job.job_seeker,
        _("Started %(title)s at %(employer)s on %(date)s; no follow-along contact in the first 7 days")
        % {"title": job.title, "employer": _where(job), "date": date_format(job.start_date)},
    )


def follow_along_overdue_rows(ctx: WorklistContext) -> QuerySet:
    """Jobs held today whose planned support is overdue; the longest since support first."""
    return (
        annotate_follow_along(
            held_jobs(_jobs(ctx), ctx.today), user=ctx.user, program=ctx.program, today=ctx.today
        )
        .filter(overdue=True)
        .select_related("job_seeker", "employer", "follow_along")
        .order_by(F("days_since").desc(), "job_seeker__last_name", "job_seeker__first_name", "id")
    )


def describe_overdue(job, ctx: WorklistContext) -> WorklistRow:
    late = job.days_since - job.overdue_after
    return WorklistRow(
        job.job_seeker,
        ngettext(
            "%(title)s at %(employer)s: support planned %(frequency)s, %(late)d day overdue",
            "%(title)s at %(employer)s: support planned %(frequency)s, %(late)d days overdue",
            late,
        )
        % {
            "title": job.title,
            "employer": _where(job),
            "frequency": frequency_words(job.frequency),
            "late": late,
        },
    )


def frequency_words(frequency: str) -> str:
    """The planned frequency as it reads in a sentence ("weekly", "every two weeks")."""
    from ..models import Frequency

    return {
        Frequency.WEEKLY: _("weekly"),
        Frequency.EVERY_2_WEEKS: _("every two weeks"),
        Frequency.MONTHLY: _("monthly"),
        Frequency.EVERY_3_MONTHS: _("every three months"),
        Frequency.WHEN_ASKED: _("when the worker asks"),
    }.get(frequency, frequency)

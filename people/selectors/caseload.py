"""The caseload: a program's job seekers with their phase, last contact, rapid-job-search clock
and next planned step, computed in SQL so a list of 10 or 10,000 people costs the same queries.

Phase is derived, never stored (records.md, "Phase"): `phase_annotation(d)` is the one place
that says which phase a person is in on a date.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Case, F, Func, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from accounts import access, roles
from core.dates import today_in

from ..gate import partner_condition
from ..models import ConsentScopeItem, JobSeeker
from .notes import first_employer_contact_annotation, last_contact_annotation
from .plans import next_step_annotations


class Phase(models.TextChoices):
    """Where a person is in IPS on a date, in the order the phase rules are tried."""

    CLOSED = "closed", _("Closed")
    REFERRED = "referred", _("Referred")
    FOLLOW_ALONG = "follow_along", _("Follow-along")
    WORKING = "working", _("Working")
    EDUCATION = "education", _("In education")
    JOB_SEARCH = "job_search", _("Job search")
    ENGAGED = "engaged", _("Engaged")


# The rapid-job-search rule: the first face-to-face employer contact within 30 days of enrollment.
RAPID_SEARCH_DAYS = 30

# --- Phases that other apps supply ---------------------------------------------------------------

# The phases whose facts live in other apps (jobs, follow-along supports, education). The app
# that owns the facts registers a condition; with none registered, the phase never matches.
REGISTERED_PHASES = (Phase.FOLLOW_ALONG, Phase.WORKING, Phase.EDUCATION)
_phase_conditions: dict[str, list[Callable[[datetime.date], Q]]] = {}


def register_phase_condition(phase: str, condition: Callable[[datetime.date], Q]) -> None:
    """Let another app say when a person is in `phase` on a date.

    `condition(d)` returns a Q over JobSeeker (it may use Exists/OuterRef("pk")). The jobs app
    registers, in its AppConfig.ready():

        register_phase_condition("follow_along", lambda d: <holds a competitive job on d, and
                                 every such job's FollowAlongSupport level is not "active">)
        register_phase_condition("working", lambda d: <holds a competitive job on d>)
        register_phase_condition("education", lambda d: <an EducationEnrollment is open on d>)

    Registering the same condition twice is harmless (it is kept once).
    """
    if phase not in REGISTERED_PHASES:
        raise ValueError(f"Phase {phase!r} is derived here; only {list(REGISTERED_PHASES)} are registered.")
    conditions = _phase_conditions.setdefault(phase, [])
    if condition not in conditions:
        conditions.append(condition)


def unregister_phase_condition(phase: str, condition: Callable[[datetime.date], Q]) -> None:
    """Take a registered condition away again (for tests)."""
    if condition in _phase_conditions.get(phase, []):
        _phase_conditions[phase].remove(condition)


def phase_annotation(d: datetime.date) -> Case:
    """The person's phase on date `d`, as a SQL CASE: the first rule that matches wins.

    In the order of records.md:
      closed        closed_date ≤ d
      referred      no enrollment_date, or enrollment_date > d (an enrollment in the future)
      follow_along  } conditions registered by the apps that own jobs, follow-along supports
      working       } and education (`register_phase_condition`); while none is registered
      education     } these phases never match and the person falls through to the next rule
      job_search    job_search_started_on ≤ d
      engaged       enrolled, none of the above
    """
    whens = [
        When(closed_date__lte=d, then=Value(Phase.CLOSED.value)),
        When(Q(enrollment_date__isnull=True) | Q(enrollment_date__gt=d), then=Value(Phase.REFERRED.value)),
    ]
    for phase in REGISTERED_PHASES:
        conditions = _phase_conditions.get(phase)
        if conditions:
            whens.append(When(reduce(or_, (c(d) for c in conditions)), then=Value(phase.value)))
    whens.append(When(job_search_started_on__lte=d, then=Value(Phase.JOB_SEARCH.value)))
    return Case(*whens, default=Value(Phase.ENGAGED.value), output_field=models.CharField())


# --- Date arithmetic in SQL -----------------------------------------------------------------------


class DaysBetween(Func):
    """Whole days from `start` to `end` (both dates) as an integer, on SQLite and PostgreSQL."""

    arity = 2
    output_field = IntegerField()

    def __init__(self, end, start, **extra):
        super().__init__(*(_date(x) if isinstance(x, datetime.date) else x for x in (end, start)), **extra)

    def as_sql(self, compiler, connection, **extra_context):
        end, start = self.get_source_expressions()
        end_sql, end_params = compiler.compile(end)
        start_sql, start_params = compiler.compile(start)
        if connection.vendor == "sqlite":
            sql = f"CAST(julianday({end_sql}) - julianday({start_sql}) AS INTEGER)"
        else:  # PostgreSQL: date - date is a whole number of days
            sql = f"(CAST({end_sql} AS date) - CAST({start_sql} AS date))"
        return sql, (*end_params, *start_params)


def _date(d: datetime.date) -> Value:
    return Value(d, output_field=models.DateField())


# --- What a partner may see of each column ------------------------------------------------------


class _ScopedRows:
    """What the consent rule reads of a model: rows of a person that need one consent scope."""

    job_seeker_path = ""

    def __init__(self, scope_item: str):
        self.consent_scope = scope_item


def partner_roles_in(user, program) -> list[str]:
    """The partner roles through which the user sees this program's people (none for staff)."""
    scope = access.scope(user, roles.Action.JOB_SEEKER_VIEW)
    if scope.everywhere:
        return []
    return [role for role, ids in scope.partner_ids if program.pk in ids]


def shared_with_partner(user, program, scope_item: str) -> Q | None:
    """For a partner: the people whose consent releases `scope_item` to them. None for staff.

    The gate lets a partner see a person under any active consent of their kind; the columns
    built from notes or the plan also need that scope, as the notes and the plan themselves do.
    """
    partner_roles = partner_roles_in(user, program)
    if not partner_roles:
        return None
    rows = _ScopedRows(scope_item)
    return reduce(or_, (partner_condition(rows, user, role) for role in partner_roles))


def _only_if(condition: Q | None, expression, output_field):
    """`expression` where the condition holds, else NULL (no condition: always the expression)."""
    if condition is None:
        return expression
    return Case(When(condition, then=expression), default=Value(None), output_field=output_field)


# --- The list ---------------------------------------------------------------------------------------


class ClockFilter(models.TextChoices):
    OVERDUE = "overdue", _("Past 30 days with no employer contact")
    RUNNING = "running", _("No employer contact yet")
    MET = "met", _("Employer contact made")


class CaseloadSort(models.TextChoices):
    NAME = "name", _("Name")
    CONTACT = "contact", _("Longest since last contact")
    CLOCK = "clock", _("Longest rapid-search clock")


ALL_PHASES = "all"  # the phase filter's "everyone, closed too"


def annotate_caseload(qs: QuerySet, *, user, program, d: datetime.date) -> QuerySet:
    """Add the caseload's columns to a JobSeeker queryset, for date `d`.

    - `phase`: see `phase_annotation`.
    - `last_contact`, `days_since_contact`: the latest meeting or follow-along note and the days
      from it to d (NULL when there is none).
    - `first_employer_contact`: the first face-to-face employer contact on or after enrollment.
    - `clock_days`: the rapid-job-search clock, for people enrolled on d only: days from
      enrollment_date to the first employer contact, or, while there is none, to d (to the
      closing date for a closed person, whose clock stopped then). It stops at the contact.
    - `clock_overdue`: open, enrolled, no employer contact yet, the clock past 30 days, and not
      working (someone who found a job without an employer contact needs no reminder).
    - `next_step_text`, `next_step_due`: the next open step of the active plan.

    For a partner, the columns built from notes need the `service_notes` scope and the next
    step the `employment_progress` scope on the person's consent; without it they are NULL.
    """
    notes_shared = shared_with_partner(user, program, ConsentScopeItem.SERVICE_NOTES)
    plan_shared = shared_with_partner(user, program, ConsentScopeItem.EMPLOYMENT_PROGRESS)
    date_field, int_field, text_field = models.DateField(), IntegerField(), models.TextField()

    enrolled = Q(enrollment_date__isnull=False, enrollment_date__lte=d)
    open_on_d = Q(closed_date__isnull=True) | Q(closed_date__gt=d)
    qs = qs.annotate(
        phase=phase_annotation(d),
        last_contact=_only_if(notes_shared, last_contact_annotation(), date_field),
        first_employer_contact=_only_if(notes_shared, first_employer_contact_annotation(), date_field),
    )
    clock_end = Coalesce(
        "first_employer_contact",
        Case(When(closed_date__lte=d, then=F("closed_date")), default=_date(d), output_field=date_field),
        output_field=date_field,
    )
    clock_visible = enrolled if notes_shared is None else enrolled & notes_shared
    steps = next_step_annotations(d)
    qs = qs.annotate(
        days_since_contact=DaysBetween(_date(d), F("last_contact")),
        clock_days=Case(
            When(clock_visible, then=DaysBetween(clock_end, F("enrollment_date"))),
            default=Value(None),
            output_field=int_field,
        ),
        next_step_text=_only_if(plan_shared, steps["next_step_text"], text_field),
        next_step_due=_only_if(plan_shared, steps["next_step_due"], date_field),
    )
    return qs.annotate(
        clock_overdue=Case(
            When(
                clock_visible
                & open_on_d
                & Q(first_employer_contact__isnull=True, clock_days__gt=RAPID_SEARCH_DAYS)
                & ~Q(phase__in=[Phase.WORKING, Phase.FOLLOW_ALONG]),
                then=Value(True),
            ),
            default=Value(False),
            output_field=models.BooleanField(),
        )
    )


def program_people(*, user, program) -> QuerySet:
    """The program's job seekers the user may see (partners: under consent), not archived."""
    return access.restrict(
        JobSeeker.objects.filter(program=program, archived_at__isnull=True),
        user,
        roles.Action.JOB_SEEKER_VIEW,
    )


def filter_specialist(qs: QuerySet, specialist) -> QuerySet:
    """Narrow to one employment specialist's caseload.

    `specialist` is a Membership or its id, a User (every membership of theirs: "mine"), or
    None for everyone.
    """
    from accounts.models import Membership, User

    if specialist is None:
        return qs
    if isinstance(specialist, User):
        return qs.filter(employment_specialist__user=specialist)
    if isinstance(specialist, Membership):
        specialist = specialist.pk
    return qs.filter(employment_specialist_id=specialist)


def caseload_list(
    *,
    user,
    program,
    d: datetime.date | None = None,
    specialist=None,
    phase: str | None = None,
    q: str | None = None,
    clock: str | None = None,
    sort: str | None = None,
) -> QuerySet:
    """A program's job seekers as the caseload shows them, through the gate, for date `d`.

    - `d`: the day the phases and counts are for; today in the program's time zone by default.
    - `specialist`: see `filter_specialist` (the view passes the user for "mine").
    - `phase`: one Phase key; None shows everyone but closed people; "all" shows everyone.
    - `q`: part of a name (first, last or preferred) or of the reference.
    - `clock`: a ClockFilter value.
    - `sort`: "name" (default), "contact" (longest since last contact first, never contacted
      at the top), "clock" (longest clock first); a leading "-" reverses.

    Each row has the columns of `annotate_caseload` and its employment specialist's user
    (select_related), in one query whatever the number of rows.
    """
    d = d or today_in(program.time_zone)
    qs = filter_specialist(program_people(user=user, program=program), specialist)
    q = (q or "").strip()
    if q:
        for word in q.split():
            qs = qs.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(preferred_name__icontains=word)
                | Q(ref__icontains=word)
            )
    qs = annotate_caseload(qs, user=user, program=program, d=d)
    if phase == ALL_PHASES:
        pass
    elif phase:
        qs = qs.filter(phase=phase)
    else:
        qs = qs.exclude(phase=Phase.CLOSED)
    if clock == ClockFilter.OVERDUE:
        qs = qs.filter(clock_overdue=True)
    elif clock == ClockFilter.RUNNING:
        qs = qs.filter(clock_days__isnull=False, first_employer_contact__isnull=True).filter(
            Q(closed_date__isnull=True) | Q(closed_date__gt=d)
        )
    elif clock == ClockFilter.MET:
        qs = qs.filter(clock_days__isnull=False, first_employer_contact__isnull=False)
    return qs.select_related("employment_specialist__user").order_by(*_ordering(sort))


def _ordering(sort: str | None) -> list:
    sort = sort or CaseloadSort.NAME
    reverse = sort.startswith("-")
    key = sort.lstrip("-")
    tie = ["last_name", "first_name", "id"]
    if key == CaseloadSort.CONTACT:
        # Most days since contact first; never contacted counts as the longest of all.
        days = F("days_since_contact")
        first = days.asc(nulls_last=True) if reverse else days.desc(nulls_first=True)
        return [first, *tie]
    if key == CaseloadSort.CLOCK:
        days = F("clock_days")
        first = days.asc(nulls_last=True) if reverse else days.desc(nulls_last=True)
        return [first, *tie]
    if reverse:
        return ["-last_name", "-first_name", "-id"]
    return tie

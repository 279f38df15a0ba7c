"""Today / worklist: what needs doing in a program, as a list of rules.

Each rule is a `WorklistRule`: a label, a sentence saying what it means, and `rows(ctx)`, a
queryset already ordered by urgency (most urgent first), plus `describe(row, ctx)`, which says
for one row who it is about and why it is on the list. `worklist()` runs every rule in a fixed
number of queries (a count and one page of rows per rule), whatever the size of the program.

Rules that read facts other apps own are filled in by those apps with `register_worklist_rule`;
until then they show nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.dates import today_in

from ..models import ConsentScopeItem, EmploymentPlan, JobSeeker, PlanStatus
from .caseload import (
    DaysBetween,
    Phase,
    filter_specialist,
    phase_annotation,
    program_people,
    shared_with_partner,
)
from .consents import expiring_consents
from .notes import first_employer_contact_annotation, last_meeting_annotation
from .plans import plan_review_due_on_annotation, plans_due_for_review

# The rapid-job-search clock shows on the worklist from this day on, before it runs out at 30.
CLOCK_WARNING_DAY = 21
# An active plan shows this many days before its review is due (and every day after).
PLAN_REVIEW_WITHIN_DAYS = 14
# An enrolled person with no active plan shows once enrolled more than this many days.
PLAN_MISSING_AFTER_DAYS = 30
# Consents show this many days before they expire.
CONSENT_EXPIRING_WITHIN_DAYS = 30
# How many rows of a rule the page lists; the count is always the full number.
ROWS_PER_RULE = 50


@dataclass(frozen=True)
class WorklistContext:
    """What every rule gets: who is asking, for which program and day, and the people in view.

    `people` is the program's job seekers through the gate (a partner: under consent), already
    narrowed to the chosen employment specialist.
    """

    user: Any
    program: Any
    today: datetime.date
    people: QuerySet


@dataclass(frozen=True)
class WorklistRow:
    """One thing to do: about whom, and why (one short sentence)."""

    job_seeker: JobSeeker
    detail: str


@dataclass(frozen=True)
class WorklistRule:
    """One kind of thing that needs doing. `rows` is None while the rule cannot be computed yet.

    `label` and `explanation` are (lazy) text; `explanation` may also be a function of the
    WorklistContext when it names a program setting.
    """

    key: str
    label: Any
    explanation: Any
    rows: Callable[[WorklistContext], QuerySet] | None = None
    describe: Callable[[Any, WorklistContext], WorklistRow] | None = None


@dataclass
class WorklistSection:
    """A rule's result for the page: the full count and the most urgent rows."""

    rule: WorklistRule
    explanation: str
    count: int
    rows: list[WorklistRow] = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.count - len(self.rows)


# --- Helpers the rules share -------------------------------------------------------------------


def _open_enrolled(qs: QuerySet, today: datetime.date) -> QuerySet:
    """People enrolled on or before today and not closed by today."""
    return qs.filter(enrollment_date__isnull=False, enrollment_date__lte=today).filter(
        Q(closed_date__isnull=True) | Q(closed_date__gt=today)
    )


def _shared(ctx: WorklistContext, qs: QuerySet, scope_item: str) -> QuerySet:
    """For a partner, only people whose consent releases what the rule reads."""
    condition = shared_with_partner(ctx.user, ctx.program, scope_item)
    return qs if condition is None else qs.filter(condition)


_NAMES = ("last_name", "first_name", "id")


# --- (a) No meeting for N days --------------------------------------------------------------------


def no_meeting_rows(ctx: WorklistContext) -> QuerySet:
    """Open, enrolled people not met face to face for `program.meeting_gap_days` days or more.

    The gap runs from the last meeting with the person (in person or by video); someone never
    met since enrollment counts from the enrollment date. Longest gap first.
    """
    people = _shared(ctx, _open_enrolled(ctx.people, ctx.today), ConsentScopeItem.SERVICE_NOTES)
    return (
        people.annotate(last_meeting=last_meeting_annotation())
        .annotate(meeting_gap=DaysBetween(ctx.today, Coalesce(F("last_meeting"), F("enrollment_date"))))
        .filter(meeting_gap__gte=ctx.program.meeting_gap_days)
        .order_by("-meeting_gap", *_NAMES)
    )


def _describe_no_meeting(js, ctx) -> WorklistRow:
    if js.last_meeting is None:
        detail = ngettext(
            "Not met since enrollment, %(days)d day ago",
            "Not met since enrollment, %(days)d days ago",
            js.meeting_gap,
        ) % {"days": js.meeting_gap}
    else:
        detail = ngettext(
            "No meeting for %(days)d day (last met %(date)s)",
            "No meeting for %(days)d days (last met %(date)s)",
            js.meeting_gap,
        ) % {"days": js.meeting_gap, "date": js.last_meeting.isoformat()}
    return WorklistRow(js, detail)


# --- (b) The rapid-job-search clock -------------------------------------------------------------


def rapid_search_rows(ctx: WorklistContext) -> QuerySet:
    """Open, enrolled people at day 21 or later of the clock with no employer contact yet.

    The clock is the days since enrollment; it stops at the first face-to-face employer
    contact. People already working (or in follow-along) are left out: their job came first.
    Longest clock first.
    """
    people = _shared(ctx, _open_enrolled(ctx.people, ctx.today), ConsentScopeItem.SERVICE_NOTES)
    return (
        people.annotate(
            phase=phase_annotation(ctx.today), first_employer_contact=first_employer_contact_annotation()
        )
        .exclude(phase__in=[Phase.WORKING, Phase.FOLLOW_ALONG])
        .filter(first_employer_contact__isnull=True)
        .annotate(clock_days=DaysBetween(ctx.today, F("enrollment_date")))
        .filter(clock_days__gte=CLOCK_WARNING_DAY)
        .order_by("-clock_days", *_NAMES)
    )


def _describe_rapid_search(js, ctx) -> WorklistRow:
    if js.clock_days > 30:
        detail = _("Day %(day)d — past 30 days with no employer contact") % {"day": js.clock_days}
    else:
        detail = _("Day %(day)d of 30 — no employer contact yet") % {"day": js.clock_days}
    return WorklistRow(js, detail)


# --- (c) Employment plans -----------------------------------------------------------------------


def plan_review_rows(ctx: WorklistContext) -> QuerySet:
    """Open records whose active plan's review is due within 14 days or overdue; soonest first."""
    people = _shared(ctx, ctx.people, ConsentScopeItem.EMPLOYMENT_PROGRESS).filter(
        Q(closed_date__isnull=True) | Q(closed_date__gt=ctx.today)
    )
    return (
        plans_due_for_review(people, ctx.today, PLAN_REVIEW_WITHIN_DAYS)
        .annotate(review_due_on=plan_review_due_on_annotation())
        .order_by(F("review_due_on").asc(nulls_last=True), *_NAMES)
    )


def _describe_plan_review(js, ctx) -> WorklistRow:
    due = js.review_due_on
    days = (due - ctx.today).days
    if days < 0:
        detail = ngettext(
            "Plan review overdue by %(days)d day (due %(date)s)",
            "Plan review overdue by %(days)d days (due %(date)s)",
            -days,
        ) % {"days": -days, "date": due.isoformat()}
    elif days == 0:
        detail = _("Plan review due today")
    else:
        detail = ngettext(
            "Plan review due in %(days)d day (%(date)s)",
            "Plan review due in %(days)d days (%(date)s)",
            days,
        ) % {"days": days, "date": due.isoformat()}
    return WorklistRow(js, detail)


def plan_missing_rows(ctx: WorklistContext) -> QuerySet:
    """Open people enrolled more than 30 days ago with no active employment plan; longest first."""
    active_plan = EmploymentPlan.objects.filter(
        job_seeker=OuterRef("pk"), status=PlanStatus.ACTIVE, archived_at__isnull=True
    )
    people = _shared(ctx, _open_enrolled(ctx.people, ctx.today), ConsentScopeItem.EMPLOYMENT_PROGRESS)
    return (
        people.filter(enrollment_date__lt=ctx.today - datetime.timedelta(days=PLAN_MISSING_AFTER_DAYS))
        .exclude(Exists(active_plan))
        .annotate(days_enrolled=DaysBetween(ctx.today, F("enrollment_date")))
        .order_by("enrollment_date", *_NAMES)
    )


def _describe_plan_missing(js, ctx) -> WorklistRow:
    return WorklistRow(
        js,
        ngettext(
            "Enrolled %(days)d day ago; no plan agreed yet",
            "Enrolled %(days)d days ago; no plan agreed yet",
            js.days_enrolled,
        )
        % {"days": js.days_enrolled},
    )


# --- (d) Consents expiring -----------------------------------------------------------------------


def consent_expiring_rows(ctx: WorklistContext) -> QuerySet:
    """Active consents of open records that expire within 30 days (not yet renewed); soonest first.

    The rows are consents, not people: a person with two expiring releases shows twice.
    """
    return expiring_consents(
        user=ctx.user, program=ctx.program, today=ctx.today, within_days=CONSENT_EXPIRING_WITHIN_DAYS
    ).filter(job_seeker__in=ctx.people.values("pk"))


def _describe_consent(consent, ctx) -> WorklistRow:
    days = (consent.expiry_date - ctx.today).days
    partner = f"{consent.get_partner_kind_display()}: {consent.partner_name}"
    if days == 0:
        detail = _("Release to %(partner)s expires today") % {"partner": partner}
    else:
        detail = ngettext(
            "Release to %(partner)s expires in %(days)d day (%(date)s)",
            "Release to %(partner)s expires in %(days)d days (%(date)s)",
            days,
        ) % {"partner": partner, "days": days, "date": consent.expiry_date.isoformat()}
    return WorklistRow(consent.job_seeker, detail)


# --- (e) New job starts without follow-along: filled in by the jobs app ----------------------------

JOB_START_FOLLOW_ALONG = "job_start_follow_along"
"""The key the jobs app registers its rule under.

Definition (for the jobs app to implement with `register_worklist_rule(JOB_START_FOLLOW_ALONG,
rows=..., describe=...)`): a Job of an open person in `ctx.people` whose start_date is at least
7 days before today and at most 30 days before today (a new job start), that has not ended
before start_date + 7, and for which there is no ServiceNote of kind `follow_along` (with
`job` set to that job, or about the person with no job set) dated from start_date to
start_date + 7. Oldest start first. Rows are jobs; `describe` returns WorklistRow(job.job_seeker,
"Started <title> at <employer> on <date>; no follow-along contact in the first 7 days"). For a
partner, only people whose consent has the `job_details` scope.
"""


# --- The list of rules ------------------------------------------------------------------------------

_rules: list[WorklistRule] = [
    WorklistRule(
        key="no_meeting",
        label=gettext_lazy("No meeting lately"),
        explanation=lambda ctx: (
            ngettext(
                "Enrolled people not met in person or by video for %(days)d day or more.",
                "Enrolled people not met in person or by video for %(days)d days or more.",
                ctx.program.meeting_gap_days,
            )
            % {"days": ctx.program.meeting_gap_days}
        ),
        rows=no_meeting_rows,
        describe=_describe_no_meeting,
    ),
    WorklistRule(
        key="rapid_search",
        label=gettext_lazy("Rapid job search"),
        explanation=gettext_lazy(
            "Day 21 or later since enrollment, and no face-to-face contact with an employer yet."
        ),
        rows=rapid_search_rows,
        describe=_describe_rapid_search,
    ),
    WorklistRule(
        key="plan_review",
        label=gettext_lazy("Plans due for review"),
        explanation=gettext_lazy(
            "Active employment plans whose review is due in the next 14 days or overdue."
        ),
        rows=plan_review_rows,
        describe=_describe_plan_review,
    ),
    WorklistRule(
        key="plan_missing",
        label=gettext_lazy("No employment plan yet"),
        explanation=gettext_lazy("People enrolled more than 30 days ago with no active employment plan."),
        rows=plan_missing_rows,
        describe=_describe_plan_missing,
    ),
    WorklistRule(
        key="consent_expiring",
        label=gettext_lazy("Consents expiring"),
        explanation=gettext_lazy(
            "Releases of information that expire in the next 30 days and have not been renewed."
        ),
        rows=consent_expiring_rows,
        describe=_describe_consent,
    ),
    WorklistRule(
        key=JOB_START_FOLLOW_ALONG,
        label=gettext_lazy("New job starts without follow-along"),
        explanation=gettext_lazy("Job starts with no follow-along contact in the first 7 days."),
    ),
]


def worklist_rules() -> list[WorklistRule]:
    """The rules in the order the page shows them."""
    return list(_rules)


def register_worklist_rule(
    key: str,
    *,
    rows: Callable[[WorklistContext], QuerySet],
    describe: Callable[[Any, WorklistContext], WorklistRow],
    label=None,
    explanation=None,
) -> None:
    """Fill in a rule that needs another app's facts, or add a new one at the end.

    The jobs app calls `register_worklist_rule(JOB_START_FOLLOW_ALONG, rows=..., describe=...)`
    in its AppConfig.ready(); the label and explanation written here are kept unless given.
    """
    for i, rule in enumerate(_rules):
        if rule.key == key:
            _rules[i] = replace(
                rule,
                rows=rows,
                describe=describe,
                label=label if label is not None else rule.label,
                explanation=explanation if explanation is not None else rule.explanation,
            )
            return
    if label is None or explanation is None:
        raise ValueError(f"A new worklist rule {key!r} needs a label and an explanation.")
    _rules.append(WorklistRule(key=key, label=label, explanation=explanation, rows=rows, describe=describe))


def unregister_worklist_rule(key: str) -> None:
    """Empty a rule again, or drop one that was added (for tests)."""
    for i, rule in enumerate(_rules):
        if rule.key == key:
            if key == JOB_START_FOLLOW_ALONG:
                _rules[i] = replace(rule, rows=None, describe=None)
            else:
                del _rules[i]
            return


def worklist(
    *,
    user,
    program,
    today: datetime.date | None = None,
    specialist=None,
    limit: int = ROWS_PER_RULE,
) -> list[WorklistSection]:
    """Every rule that can be computed, with its count and its `limit` most urgent rows.

    `specialist` narrows to one caseload as in `caseload.filter_specialist` (the user for "mine").
    Two queries per rule, whatever the number of people.
    """
    today = today or today_in(program.time_zone)
    people = filter_specialist(program_people(user=user, program=program), specialist)
    ctx = WorklistContext(user=user, program=program, today=today, people=people)
    sections = []
    for rule in _rules:
        if rule.rows is None:
            continue
        qs = rule.rows(ctx)
        count = qs.count()
        rows = [rule.describe(row, ctx) for row in qs[:limit]] if count else []
        explanation = rule.explanation(ctx) if callable(rule.explanation) else str(rule.explanation)
        sections.append(WorklistSection(rule=rule, explanation=explanation, count=count, rows=rows))
    return sections

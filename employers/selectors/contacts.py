"""Reads about employer contacts: the program's contact log, the pickers of the logging form, and
the job development view (face-to-face contacts per ES and week against the fidelity target).

Every list here costs a fixed number of queries, whatever the number of rows: the weekly counts
are conditional aggregates computed in SQL, one query for the ESs and one for the team.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from accounts import access, roles
from accounts.models import Membership
from core.dates import IsoWeek, today_in
from people.selectors.caseload import Phase, phase_annotation, program_people

from ..models import ContactPurpose, Employer, EmployerContact, EmployerContactJobSeeker, EmployerPerson

# SE6: each full-time ES makes at least 6 face-to-face employer contacts a week (fidelity.md).
CONTACTS_PER_WEEK_TARGET = 6
WEEKS_SHOWN = 8
# A job seeker in job search with no employer contact naming them for this many days is listed.
NO_CONTACT_DAYS = 14
# How many of those people the page lists (the count is always the full number).
NO_CONTACT_ROWS = 200


def job_development_q(prefix: str = "") -> Q:
    """Face to face, purpose not support on the job (fidelity.md, "Job-development contact")."""
    return Q(**{f"{prefix}face_to_face": True}) & ~Q(**{f"{prefix}purpose": ContactPurpose.SUPPORT_ON_JOB})


# --- The contact log ------------------------------------------------------------------------------


def contact_queryset() -> QuerySet:
    """Contacts with their business, person met, writer and named people; NOT gated."""
    return (
        EmployerContact.objects.filter(archived_at__isnull=True)
        .select_related("employer", "person_met", "staff__user", "program")
        .prefetch_related(
            Prefetch(
                "for_job_seekers",
                queryset=EmployerContactJobSeeker.objects.select_related("job_seeker").order_by(
                    "job_seeker__last_name", "job_seeker__first_name", "id"
                ),
            )
        )
    )


def visible_contacts(user) -> QuerySet:
    return access.restrict(contact_queryset(), user, roles.Action.EMPLOYER_VIEW)


def employer_contact_list(
    *,
    user,
    program=None,
    staff=None,
    employer=None,
    job_seeker=None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    face_to_face: bool | None = None,
) -> QuerySet:
    """The contacts the user may see, newest first, narrowed by the filters given."""
    qs = visible_contacts(user)
    if program is not None:
        qs = qs.filter(program=program)
    if staff is not None:
        qs = qs.filter(staff=staff)
    if employer is not None:
        qs = qs.filter(employer=employer)
    if job_seeker is not None:
        qs = qs.filter(for_job_seekers__job_seeker=job_seeker)
    if date_from:
        qs = qs.filter(date__gte=date_from)
    if date_to:
        qs = qs.filter(date__lte=date_to)
    if face_to_face is not None:
        qs = qs.filter(face_to_face=face_to_face)
    return qs.order_by("-date", "-id")


def employer_contact_for(*, user, pk, action: str = roles.Action.EMPLOYER_VIEW) -> EmployerContact:
    return access.get_for(user, contact_queryset(), pk, action)


# --- The pickers of the logging form ---------------------------------------------------------------


def employer_choices(*, program) -> QuerySet:
    """The program's businesses, the most recently contacted first, then by name."""
    return (
        Employer.objects.filter(program=program, archived_at__isnull=True, merged_into__isnull=True)
        .annotate(last_contact=Max("contacts__date"))
        .order_by(F("last_contact").desc(nulls_last=True), "name", "id")
    )


def person_met_choices(*, program) -> QuerySet:
    """The people met at the program's businesses (not archived), by business."""
    return (
        EmployerPerson.objects.filter(
            employer__program=program,
            employer__archived_at__isnull=True,
            employer__merged_into__isnull=True,
            archived_at__isnull=True,
        )
        .select_related("employer")
        .order_by("employer__name", "employer_id", "name", "id")
    )


def nameable_job_seekers(
    *, user, program, d: datetime.date, staff: Membership | None, include=()
) -> QuerySet:
    """People a contact may name: enrolled and open on `d` (and those in `include`, the people a
    contact being corrected already names); the staff member's own caseload first.

    Each row has `mine` (on `staff`'s caseload).
    """
    mine = Q(employment_specialist=staff) if staff is not None else Q(pk__in=[])
    open_on_d = Q(enrollment_date__lte=d) & (Q(closed_date__isnull=True) | Q(closed_date__gt=d))
    return (
        program_people(user=user, program=program)
        .filter(open_on_d | Q(pk__in=list(include)))
        .annotate(mine=Case(When(mine, then=Value(True)), default=Value(False), output_field=BooleanField()))
        .order_by("-mine", "last_name", "first_name", "id")
    )


# --- The job development view ----------------------------------------------------------------------


def _round1(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class WeekCell:
    """One ES (or the team) in one week: contacts against the target."""

    week: IsoWeek
    contacts: int = 0
    for_job_seekers: int = 0
    businesses: int = 0
    target: Decimal | None = None  # None: not in post that week
    in_progress: bool = False  # the current week, still running

    @property
    def in_post(self) -> bool:
        return self.target is not None

    @property
    def met(self) -> bool | None:
        """Was the target met? None while the week runs or when not in post."""
        if self.target is None or self.in_progress:
            return None
        return self.contacts >= self.target


@dataclass
class SpecialistRow:
    membership: Membership | None  # None: the team
    fte: Decimal
    weekly_target: Decimal
    cells: list[WeekCell] = field(default_factory=list)

    @property
    def html_id(self) -> str:
        return "team-heading" if self.membership is None else f"es-{self.membership.pk}"

    @property
    def name(self) -> str:
        if self.membership is None:
            return ""
        user = self.membership.user
        return user.get_full_name() or user.email


def weeks_ending(today: datetime.date, count: int = WEEKS_SHOWN) -> list[IsoWeek]:
    """The `count` ISO weeks up to and including the one holding `today`, oldest first."""
    weeks = [IsoWeek.containing(today)]
    while len(weeks) < count:
        weeks.append(weeks[-1].previous())
    return list(reversed(weeks))


def _days_in_post(membership: Membership, week: IsoWeek) -> int:
    start = max(week.start, membership.start_date)
    end = min(week.end, membership.end_date) if membership.end_date else week.end
    return max((end - start).days + 1, 0)


def _week_aggregates(weeks: list[IsoWeek]) -> dict:
    """Conditional aggregates: per week, job-development contacts, those naming someone, businesses."""
    out = {}
    for i, week in enumerate(weeks):
        in_week = Q(date__gte=week.start, date__lte=week.end)
        out[f"c{i}"] = Count("pk", filter=in_week, distinct=True)
        out[f"n{i}"] = Count("pk", filter=in_week & Q(for_job_seekers__isnull=False), distinct=True)
        out[f"b{i}"] = Count("employer", filter=in_week, distinct=True)
    return out


def _cells(weeks, values: dict, targets: list[Decimal | None], today) -> list[WeekCell]:
    return [
        WeekCell(
            week=week,
            contacts=values.get(f"c{i}") or 0,
            for_job_seekers=values.get(f"n{i}") or 0,
            businesses=values.get(f"b{i}") or 0,
            target=targets[i],
            in_progress=week.end >= today,
        )
        for i, week in enumerate(weeks)
    ]


def current_specialists(*, program, on: datetime.date) -> QuerySet:
    return (
        Membership.objects.current(on)
        .filter(program=program, role=roles.ES)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "id")
    )


def job_development(*, program, today: datetime.date | None = None, weeks: int = WEEKS_SHOWN) -> dict:
    """Each current ES and the team, week by week: job-development contacts against the SE6 target.

    The target is 6 a week per full-time ES, times the ES's FTE, pro-rated by the days of the
    week the ES was in post (fidelity.md, "Per-week rates are per ES, per FTE"). Three queries.
    """
    today = today or today_in(program.time_zone)
    week_list = weeks_ending(today, weeks)
    first, last = week_list[0].start, week_list[-1].end
    specialists = list(current_specialists(program=program, on=today))
    contacts = EmployerContact.objects.filter(
        job_development_q(),
        program=program,
        archived_at__isnull=True,
        date__gte=first,
        date__lte=last,
        staff__in=[m.pk for m in specialists],
    )
    aggregates = _week_aggregates(week_list)
    by_staff = {row["staff"]: row for row in contacts.values("staff").annotate(**aggregates)}
    team_values = contacts.aggregate(**aggregates) if specialists else {}

    rows = []
    team_targets: list[Decimal | None] = [None] * len(week_list)
    for m in specialists:
        fte = m.fte or Decimal("1")
        targets: list[Decimal | None] = []
        for i, week in enumerate(week_list):
            days = _days_in_post(m, week)
            if days == 0:
                targets.append(None)
                continue
            target = Decimal(CONTACTS_PER_WEEK_TARGET) * fte * days / 7
            targets.append(_round1(target))
            team_targets[i] = (team_targets[i] or Decimal(0)) + target
        rows.append(
            SpecialistRow(
                membership=m,
                fte=fte,
                weekly_target=_round1(CONTACTS_PER_WEEK_TARGET * fte),
                cells=_cells(week_list, by_staff.get(m.pk, {}), targets, today),
            )
        )
    team_fte = sum((m.fte or Decimal("1") for m in specialists), Decimal(0))
    team = SpecialistRow(
        membership=None,
        fte=team_fte,
        weekly_target=_round1(CONTACTS_PER_WEEK_TARGET * team_fte),
        cells=_cells(
            week_list, team_values, [None if t is None else _round1(t) for t in team_targets], today
        ),
    )
    return {"weeks": week_list, "specialists": rows, "team": team, "today": today}


def last_employer_contact_annotation() -> Subquery:
    """The date of the latest employer contact (any kind) naming the person."""
    named = EmployerContactJobSeeker.objects.filter(
        job_seeker=OuterRef("pk"), contact__archived_at__isnull=True
    ).order_by("-contact__date")
    return Subquery(named.values("contact__date")[:1], output_field=DateField())


def job_search_without_contact(*, user, program, today: datetime.date | None = None) -> QuerySet:
    """People in job search with no employer contact naming them in the last 14 days (today included).

    Each row has `last_employer_contact` (None: never); never-contacted people come first, then the
    longest since. One query.
    """
    today = today or today_in(program.time_zone)
    since = today - datetime.timedelta(days=NO_CONTACT_DAYS - 1)
    recent = EmployerContactJobSeeker.objects.filter(
        job_seeker=OuterRef("pk"),
        contact__archived_at__isnull=True,
        contact__date__gte=since,
        contact__date__lte=today,
    )
    return (
        program_people(user=user, program=program)
        .annotate(phase=phase_annotation(today))
        .filter(phase=Phase.JOB_SEARCH)
        .filter(~Exists(recent))
        .annotate(last_employer_contact=last_employer_contact_annotation())
        .select_related("employment_specialist__user")
        .order_by(F("last_employer_contact").asc(nulls_first=True), "last_name", "first_name", "id")
    )

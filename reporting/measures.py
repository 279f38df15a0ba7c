"""Every outcome measure of `outcomes.md`, computed in SQL from the records.

One module feeds the report pages, the dashboards, the exports, the API and the command line,
so the numbers can never disagree. Each figure is a count (or a sum) over one query per kind of
row — people, jobs, staff — grouped by program, by employment specialist or over a whole set of
programs; no per-person Python loops. The conditions that define who is counted are Q objects
over one annotated queryset of people, so the drill-down list behind a figure is that same
queryset filtered by the same condition and can never disagree with the count either.

Dates are compared as whole day numbers (days since 1970-01-01, `DayNumber`), the one date
arithmetic SQLite and PostgreSQL both do exactly.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, Greatest, Least, RowNumber
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, Program
from accounts.roles import Role
from core.dates import Quarter
from employers.models import EmployerContactJobSeeker
from jobs.models import EducationEnrollment, Job
from people.models import JobSeeker

EPOCH = datetime.date(1970, 1, 1)
FAR = 2_932_896  # 9999-12-31 as a day number: "no end date"
RAPID_JOB_SEARCH_DAYS = 30
STEADY_WINDOW_DAYS = 365
STEADY_MIN_ENROLLED_DAYS = 90


class DayNumber(Func):
    """A date as a whole number of days since 1970-01-01 (NULL stays NULL)."""

    output_field = IntegerField()
    arity = 1

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="CAST(julianday(%(expressions)s) - 2440587.5 AS INTEGER)"
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="(CAST(%(expressions)s AS date) - DATE '1970-01-01')"
        )


def day(d: datetime.date) -> int:
    return (d - EPOCH).days


def _n(value: int) -> Value:
    return Value(value, output_field=IntegerField())


# --- The keys, in the order of the Learning Community form (quarterly-report.md §6) ------------

LABELS: dict[str, str] = {
    "caseload_served": _("People served"),
    "worked_competitive": _("People who worked in a competitive job"),
    "employment_rate": _("Employment rate (%)"),
    "in_education": _("People in education or training"),
    "worked_or_education": _("People working or in education"),
    "new_job_starts": _("New competitive job starts"),
    "people_with_new_job": _("People with a new job start"),
    "employment_specialists": _("Employment specialists"),
    "es_fte": _("Employment specialist FTE"),
    "active_at_end": _("Caseload at the end of the quarter"),
    "caseload_per_es_fte": _("Caseload per full-time employment specialist"),
    "rapid_job_search.cohort": _("People whose 30th day after enrollment fell in the quarter"),
    "rapid_job_search.met": _("… of them with a face-to-face employer contact within 30 days"),
    "rapid_job_search.rate": _("Rapid job search rate (%)"),
    "days_interest_to_first_job.n": _("People whose first job in the program started"),
    "days_interest_to_first_job.median": _("Median days from wanting to work to the first job"),
    "average_hours_per_week": _("Average hours a week in competitive jobs"),
    "average_hourly_wage": _("Average hourly wage in competitive jobs ($)"),
    "steady_workers": _("Steady workers"),
    "estimated_treatment_savings": _("Estimated treatment savings this quarter ($, estimate)"),
}
KEYS: list[str] = list(LABELS)

# Figures that count people: each has a drill-down list. `new_job_starts` counts jobs; its list
# is the people behind them.
DRILLDOWN_KEYS: tuple[str, ...] = (
    "caseload_served",
    "active_at_end",
    "worked_competitive",
    "in_education",
    "worked_or_education",
    "new_job_starts",
    "people_with_new_job",
    "rapid_job_search.cohort",
    "rapid_job_search.met",
    "days_interest_to_first_job.n",
    "steady_workers",
)
STAFF_KEYS = ("employment_specialists", "es_fte", "caseload_per_es_fte")

SAVINGS_SOURCE = _(
    "Estimate: about $16,000 a year lower treatment cost per steady worker, from the 10-year "
    "follow-up study of IPS workers; the program may set its own yearly figure."
)


# --- Rounding (outcomes.md: half away from zero) ------------------------------------------------


def _round(value: Decimal, places: str) -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _rate(part: int, whole: int) -> Decimal | None:
    return None if not whole else _round(Decimal(part) * 100 / Decimal(whole), "0.1")


def _mean(total, n: int) -> Decimal | None:
    return None if not n else _round(Decimal(str(total)) / Decimal(n), "0.01")


# --- The people of a quarter, with every per-person condition ----------------------------------


class _Period:
    """A quarter as day numbers, and the windows the measures look back over."""

    def __init__(self, quarter: Quarter):
        self.quarter = quarter
        self.start, self.end = day(quarter.start), day(quarter.end)
        self.steady_start = self.end - STEADY_WINDOW_DAYS + 1


def _people(programs: QuerySet, p: _Period) -> QuerySet:
    """Enrolled people of these programs, annotated with their service interval in the quarter."""
    return (
        JobSeeker.objects.filter(
            program__in=programs, enrollment_date__isnull=False, archived_at__isnull=True
        )
        .annotate(
            _en=DayNumber("enrollment_date"),
            _cl=Coalesce(DayNumber("closed_date"), _n(FAR)),
        )
        .annotate(
            _s_start=Greatest(_n(p.start), F("_en")),
            _s_end=Least(_n(p.end), F("_cl")),
            _w_start=Greatest(_n(p.steady_start), F("_en")),
        )
    )


def _competitive_jobs():
    return Job.objects.filter(
        job_seeker=OuterRef("pk"), competitive_integrated=True, archived_at__isnull=True
    )


def _job_days():
    return {"_st": DayNumber("start_date"), "_ed": Coalesce(DayNumber("end_date"), _n(FAR))}


def _held(start_ref: str, end_ref: str):
    """A competitive job of the person overlapping [start_ref, end_ref] (annotations of the person) by a day."""
    return (
        _competitive_jobs()
        .annotate(**_job_days())
        .filter(_st__lte=OuterRef(end_ref), _ed__gte=OuterRef(start_ref))
    )


def _steady_worked_days() -> Subquery:
    """Days in the steady-worker window on which the person held a competitive job, each day once.

    A sweep over the person's jobs in start order: each job adds the days of its clipped
    interval that no earlier-starting job already covered. Earlier jobs start no later, so
    what they cover of this one is a prefix, up to the latest end among them.
    """
    earlier_end = (
        Job.objects.filter(
            job_seeker=OuterRef("job_seeker"), competitive_integrated=True, archived_at__isnull=True
        )
        .filter(
            Q(start_date__lt=OuterRef("start_date"))
            | Q(start_date=OuterRef("start_date"), pk__lt=OuterRef("pk"))
        )
        .annotate(_ed=Coalesce(DayNumber("end_date"), _n(FAR)))
        .values("job_seeker")
        .annotate(latest=Max("_ed"))
        .values("latest")
    )
    jobs = (
        _competitive_jobs()
        .annotate(**_job_days())
        .annotate(
            _from=Greatest(F("_st"), OuterRef("_w_start"), Coalesce(Subquery(earlier_end) + 1, _n(0))),
            _to=Least(F("_ed"), OuterRef("_s_end")),
        )
        .annotate(_days=Greatest(F("_to") - F("_from") + 1, _n(0)))
        .values("job_seeker")
        .annotate(total=Sum("_days"))
        .values("total")
    )
    return Coalesce(Subquery(jobs, output_field=IntegerField()), _n(0))


def _first_job_day() -> Subquery:
    """The start of the person's first job in the program: earliest competitive job from enrollment to closure."""
    first = (
        _competitive_jobs()
        .annotate(_st=DayNumber("start_date"))
        .filter(_st__gte=OuterRef("_en"), _st__lte=OuterRef("_cl"))
        .values("job_seeker")
        .annotate(first=Min("_st"))
        .values("first")
    )
    return Subquery(first, output_field=IntegerField())


def _conditions(p: _Period) -> dict[str, Q]:
    """Who each person-count counts, as conditions over `_people()` annotated by `_annotate()`."""
    served = Q(_s_start__lte=F("_s_end"))
    cohort_from, cohort_to = p.start - RAPID_JOB_SEARCH_DAYS, p.end - RAPID_JOB_SEARCH_DAYS
    cohort = Q(_en__gte=cohort_from, _en__lte=cohort_to)
    worked = served & Q(_worked=True)
    in_education = served & Q(_in_education=True)
    new_job = served & Q(_new_job=True)
    return {
        "caseload_served": served,
        "active_at_end": Q(_en__lte=p.end, _cl__gt=p.end),
        "worked_competitive": worked,
        "in_education": in_education,
        "worked_or_education": worked | in_education,
        "new_job_starts": new_job,
        "people_with_new_job": new_job,
        "rapid_job_search.cohort": cohort,
        "rapid_job_search.met": cohort & Q(_met=True),
        "days_interest_to_first_job.n": Q(_first_job__gte=p.start, _first_job__lte=p.end),
        # At least half of the days enrolled in the 365 ending on the quarter's last day.
        "steady_workers": served
        & Q(_w_days__gte=STEADY_MIN_ENROLLED_DAYS)
        & Q(_steady_worked_twice__gte=F("_w_days")),
    }


def _annotate(people: QuerySet, p: _Period) -> QuerySet:
    contact_in_30_days = (
        EmployerContactJobSeeker.objects.filter(
            job_seeker=OuterRef("pk"), contact__face_to_face=True, contact__archived_at__isnull=True
        )
        .exclude(contact__purpose="support_on_job")
        .annotate(_d=DayNumber("contact__date"))
        .filter(_d__gte=OuterRef("_en"), _d__lte=OuterRef("_en") + RAPID_JOB_SEARCH_DAYS)
    )
    education = (
        EducationEnrollment.objects.filter(job_seeker=OuterRef("pk"), archived_at__isnull=True)
        .annotate(**_job_days())
        .filter(_st__lte=OuterRef("_s_end"), _ed__gte=OuterRef("_s_start"))
    )
    new_job = _held("_s_start", "_s_end").filter(_st__gte=OuterRef("_s_start"))
    return people.annotate(
        _worked=Exists(_held("_s_start", "_s_end")),
        _in_education=Exists(education),
        _new_job=Exists(new_job),
        _met=Exists(contact_in_30_days),
        _first_job=_first_job_day(),
        _w_days=Greatest(F("_s_end") - F("_w_start") + 1, _n(0)),
        _steady_worked_twice=_steady_worked_days() * 2,
    )


def _annotated_people(programs: QuerySet, p: _Period) -> QuerySet:
    return _annotate(_people(programs, p), p)


# --- Aggregation ---------------------------------------------------------------------------------

_GROUPS = {"program": "program_id", "specialist": "employment_specialist_id", None: None}


def _grouped(qs: QuerySet, group: str | None, **aggregates) -> dict:
    """{group value: {aggregate: value}}; one row keyed None when not grouped."""
    field = _GROUPS[group]
    if field is None:
        return {None: qs.aggregate(**aggregates)}
    return {row.pop(field): row for row in qs.values(field).order_by().annotate(**aggregates)}


def _person_counts(programs, p, group) -> dict:
    conditions = _conditions(p)
    aggregates = {
        f"n:{key}": Count("pk", filter=cond) for key, cond in conditions.items() if key != "new_job_starts"
    }
    aggregates["savings_per_year"] = Sum(
        "program__treatment_savings_per_year",
        filter=conditions["steady_workers"],
        output_field=DecimalField(max_digits=20, decimal_places=2),
    )
    return _grouped(_annotated_people(programs, p), group, **aggregates)


def _job_figures(programs, p, group) -> dict:
    """New job starts (jobs), and mean hours and wages over competitive jobs held in a service interval."""
    jobs = (
        Job.objects.filter(
            job_seeker__program__in=programs,
            job_seeker__enrollment_date__isnull=False,
            job_seeker__archived_at__isnull=True,
            competitive_integrated=True,
            archived_at__isnull=True,
        )
        .annotate(**_job_days())
        .annotate(
            _s_start=Greatest(_n(p.start), DayNumber("job_seeker__enrollment_date")),
            _s_end=Least(_n(p.end), Coalesce(DayNumber("job_seeker__closed_date"), _n(FAR))),
        )
        .filter(_st__lte=F("_s_end"), _ed__gte=F("_s_start"))
    )
    if group == "specialist":
        jobs = jobs.annotate(employment_specialist_id=F("job_seeker__employment_specialist_id"))
    money = DecimalField(max_digits=20, decimal_places=2)
    return _grouped(
        jobs,
        group,
        new_job_starts=Count("pk", filter=Q(_st__gte=F("_s_start"))),
        hours_total=Sum("hours_per_week", output_field=money),
        hours_n=Count("hours_per_week"),
        wage_total=Sum("hourly_wage", output_field=money),
        wage_n=Count("hourly_wage"),
    )


def _staff_figures(programs, p, group) -> dict:
    in_post = Membership.objects.filter(
        program__in=programs, role=Role.EMPLOYMENT_SPECIALIST, start_date__lte=p.quarter.end
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=p.quarter.start))
    fte = DecimalField(max_digits=12, decimal_places=2)
    on_last_day = Q(end_date__isnull=True) | Q(end_date__gte=p.quarter.end)
    return _grouped(
        in_post,
        "program" if group == "program" else None,
        specialists=Count("user", distinct=True),
        fte_total=Coalesce(Sum("fte", output_field=fte), Value(Decimal(0), output_field=fte)),
        fte_at_end=Coalesce(
            Sum("fte", filter=on_last_day, output_field=fte), Value(Decimal(0), output_field=fte)
        ),
    )


def _medians(programs, p, group) -> dict:
    """Median days from interest to first job per group, from the middle one or two rows in SQL."""
    field = _GROUPS[group]
    partition = [F(field)] if field else []
    people = (
        _people(programs, p)
        .annotate(_first_job=_first_job_day())
        .filter(_first_job__gte=p.start, _first_job__lte=p.end)
        .annotate(_days=F("_first_job") - DayNumber("interest_date"))
        .annotate(
            _rank=Window(RowNumber(), partition_by=partition, order_by=[F("_days").asc(), F("pk").asc()]),
            _n=Window(Count("pk"), partition_by=partition),
        )
    )
    middle = people.filter(Q(_rank=(F("_n") + 1) / 2) | Q(_rank=(F("_n") + 2) / 2))
    found: dict = {}
    for row in middle.values(field or "pk", "_days"):
        found.setdefault(row[field] if field else None, []).append(row["_days"])
    return {key: _round(Decimal(sum(values)) / len(values), "0.1") for key, values in found.items()}


def _empty_people() -> dict:
    return {f"n:{key}": 0 for key in DRILLDOWN_KEYS} | {"savings_per_year": None}


def _assemble(people: dict, jobs: dict, staff: dict | None, median, savings_fallback=None) -> dict:
    def n(key):
        return people.get(f"n:{key}") or 0

    served, worked = n("caseload_served"), n("worked_competitive")
    cohort, met = n("rapid_job_search.cohort"), n("rapid_job_search.met")
    savings = people.get("savings_per_year")
    figures = {
        "caseload_served": served,
        "active_at_end": n("active_at_end"),
        "worked_competitive": worked,
        "employment_rate": _rate(worked, served),
        "new_job_starts": jobs.get("new_job_starts") or 0,
        "people_with_new_job": n("people_with_new_job"),
        "in_education": n("in_education"),
        "worked_or_education": n("worked_or_education"),
        "rapid_job_search": {"cohort": cohort, "met": met, "rate": _rate(met, cohort)},
        "days_interest_to_first_job": {"n": n("days_interest_to_first_job.n"), "median": median},
        "average_hours_per_week": _mean(jobs.get("hours_total"), jobs.get("hours_n") or 0),
        "average_hourly_wage": _mean(jobs.get("wage_total"), jobs.get("wage_n") or 0),
        "employment_specialists": None,
        "es_fte": None,
        "caseload_per_es_fte": None,
        "steady_workers": n("steady_workers"),
        "estimated_treatment_savings": _round(Decimal(str(savings or 0)) / 4, "0.01"),
    }
    if staff is not None:
        fte, fte_at_end = Decimal(str(staff.get("fte_total") or 0)), Decimal(str(staff.get("fte_at_end") or 0))
        figures["employment_specialists"] = staff.get("specialists") or 0
        figures["es_fte"] = _round(fte, "0.01")
        figures["caseload_per_es_fte"] = (
            None if not fte_at_end else _round(Decimal(figures["active_at_end"]) / fte_at_end, "0.1")
        )
    return figures


def _header(program: Program | None, quarter: Quarter) -> dict:
    return {
        "program": program.slug if program else None,
        "quarter": str(quarter),
        "period_start": quarter.start,
        "period_end": quarter.end,
    }


def _compute(programs: QuerySet, quarter: Quarter, group: str | None) -> dict:
    p = _Period(quarter)
    people = _person_counts(programs, p, group)
    jobs = _job_figures(programs, p, group)
    staff = _staff_figures(programs, p, group) if group != "specialist" else None
    medians = _medians(programs, p, group)
    keys = set(people) | set(jobs) | set(medians)
    if group is None:
        keys.add(None)
    return {
        key: _assemble(
            people.get(key, _empty_people()),
            jobs.get(key, {}),
            None if staff is None else staff.get(key, {}),
            medians.get(key),
        )
        for key in keys
    }


def _as_programs(programs) -> QuerySet:
    if isinstance(programs, Program):
        return Program.objects.filter(pk=programs.pk)
    return programs


# --- The public interface ------------------------------------------------------------------------


def for_programs(programs: QuerySet, quarter: Quarter) -> dict[int, dict]:
    """Each program's report for the quarter: {program id: figures}, in a fixed number of queries."""
    programs = _as_programs(programs)
    listed = list(programs.order_by("pk"))
    computed = _compute(Program.objects.filter(pk__in=[pr.pk for pr in listed]), quarter, "program")
    empty = _assemble(_empty_people(), {}, {}, None)
    return {pr.pk: _header(pr, quarter) | computed.get(pr.pk, empty) for pr in listed}


def report(program: Program, quarter: Quarter) -> dict:
    """One program's quarterly report, in the shape `quarterly_report --format json` prints."""
    return for_programs(Program.objects.filter(pk=program.pk), quarter)[program.pk]


def pooled(programs: QuerySet, quarter: Quarter) -> dict:
    """The figures of all people of these programs together (the state's "all people pooled")."""
    computed = _compute(_as_programs(programs), quarter, None)
    return _header(None, quarter) | computed[None]


def by_specialist(program: Program, quarter: Quarter) -> dict[int | None, dict]:
    """Person figures per employment specialist (the one each person is assigned to); staff figures are None."""
    computed = _compute(Program.objects.filter(pk=program.pk), quarter, "specialist")
    return {key: _header(program, quarter) | figures for key, figures in computed.items()}


def people_behind(program: Program, quarter: Quarter, key: str) -> QuerySet:
    """The people a figure counts: the same condition as the count, as a list."""
    if key not in DRILLDOWN_KEYS:
        raise ValueError(f"{key!r} is not a figure with a list of people behind it.")
    p = _Period(quarter)
    return (
        _annotate(_people(Program.objects.filter(pk=program.pk), p), p)
        .filter(_conditions(p)[key])
        .order_by("last_name", "first_name", "pk")
    )


def value(figures: dict, key: str):
    """A figure by its flat key ("rapid_job_search.rate")."""
    head, _, tail = key.partition(".")
    found = figures.get(head)
    return found.get(tail) if tail and isinstance(found, dict) else found


def rows(figures: dict) -> list[tuple[str, str, object]]:
    """(key, label, value) in the form's order."""
    return [(key, LABELS[key], value(figures, key)) for key in KEYS]


def as_json(figures: dict) -> dict:
    """The figures with Decimals as numbers and dates as ISO text, for JSON, the API and snapshots."""

    def plain(v):
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()}
        if isinstance(v, Decimal):
            return float(v)
        if isinstance(v, datetime.date):
            return v.isoformat()
        return v

    return plain(figures)

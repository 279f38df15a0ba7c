"""A plain-Python reference for every measure of shared/domain/outcomes.md (an independent check).

Written from outcomes.md alone, day by day and person by person, with no database in the
calculation: `report()` answers the same dict shape as `reporting.measures.report()` for the data
of one program, `pooled()` for several pooled, `by_specialist()` per employment specialist and
`people_behind()` the ids of the people behind a figure. `load_program()` reads a program's rows
from the database into the dataclasses below (only the loader uses the ORM).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from core.dates import Quarter

ONE_DAY = datetime.timedelta(days=1)
SUPPORT_ON_JOB = "support_on_job"
ES_ROLE = "employment_specialist"
STAFF_KEYS = ("employment_specialists", "es_fte", "caseload_per_es_fte")


@dataclass(frozen=True)
class Person:
    id: int
    enrollment_date: datetime.date | None
    closed_date: datetime.date | None = None
    interest_date: datetime.date | None = None
    specialist: int | None = None  # employment_specialist_id (the ES's membership)


@dataclass(frozen=True)
class Job:
    person: int
    start_date: datetime.date
    end_date: datetime.date | None
    competitive: bool
    hours_per_week: Decimal | None = None
    hourly_wage: Decimal | None = None


@dataclass(frozen=True)
class Education:
    person: int
    start_date: datetime.date
    end_date: datetime.date | None


@dataclass(frozen=True)
class Contact:
    person: int  # the job seeker the contact was for (with_job_seeker)
    date: datetime.date
    face_to_face: bool
    purpose: str


@dataclass(frozen=True)
class Staff:
    user: int
    role: str
    fte: Decimal
    start_date: datetime.date
    end_date: datetime.date | None


@dataclass
class ProgramData:
    slug: str | None
    savings_per_year: Decimal = Decimal("16000")
    people: list[Person] = field(default_factory=list)
    jobs: list[Job] = field(default_factory=list)
    education: list[Education] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    staff: list[Staff] = field(default_factory=list)


# --- Small helpers --------------------------------------------------------------------------------


def rounded(value: Decimal, places: int) -> Decimal:
    """Half away from zero (all our values are >= 0, so half up)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def percent(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return rounded(Decimal(part) * 100 / Decimal(whole), 1)


def mean(values: list[Decimal], places: int) -> Decimal | None:
    if not values:
        return None
    return rounded(sum(values, Decimal(0)) / len(values), places)


def median(values: list[int]) -> Decimal | None:
    if not values:
        return None
    ordered = sorted(values)
    n = len(ordered)
    if n % 2:
        middle = Decimal(ordered[n // 2])
    else:
        middle = Decimal(ordered[n // 2 - 1] + ordered[n // 2]) / 2
    return rounded(middle, 1)


def overlaps(a_start, a_end, b_start, b_end) -> bool:
    """Do two inclusive intervals share a day? An end of None is open (still going)."""
    far = datetime.date.max
    return a_start <= (b_end or far) and b_start <= (a_end or far)


def service_interval(person: Person, q: Quarter):
    """(start, end) of the person's service interval in Q, or None when empty."""
    if person.enrollment_date is None:
        return None
    start = max(q.start, person.enrollment_date)
    end = q.end if person.closed_date is None else min(q.end, person.closed_date)
    return (start, end) if start <= end else None


def counts_at_all(person: Person, job: Job) -> bool:
    """A job of a never-enrolled person or one that starts after closure counts nowhere."""
    if person.enrollment_date is None:
        return False
    return person.closed_date is None or job.start_date <= person.closed_date


# --- The measures ---------------------------------------------------------------------------------


def _person_sets(data: ProgramData, q: Quarter) -> dict:
    """Every per-person figure of outcomes.md as sets of person ids (and the job-level lists)."""
    people = {p.id: p for p in data.people}
    jobs_of: dict[int, list[Job]] = {}
    for job in data.jobs:
        person = people.get(job.person)
        if person is not None and counts_at_all(person, job):
            jobs_of.setdefault(job.person, []).append(job)
    edu_of: dict[int, list[Education]] = {}
    for row in data.education:
        edu_of.setdefault(row.person, []).append(row)
    contacts_of: dict[int, list[Contact]] = {}
    for row in data.contacts:
        contacts_of.setdefault(row.person, []).append(row)

    caseload, active, worked, new_people, educ, cohort, met, first_n, steady = (set() for _ in range(9))
    new_job_starts = 0
    first_days: list[int] = []
    hours: list[Decimal] = []
    wages: list[Decimal] = []
    window_start = q.end - datetime.timedelta(days=364)

    for person in data.people:
        if person.enrollment_date is None:
            continue  # referred, never enrolled: in no outcome measure
        pid = person.id
        interval = service_interval(person, q)
        competitive = [j for j in jobs_of.get(pid, []) if j.competitive]

        if person.enrollment_date <= q.end and (person.closed_date is None or person.closed_date > q.end):
            active.add(pid)

        day30 = person.enrollment_date + datetime.timedelta(days=30)
        if q.start <= day30 <= q.end:
            cohort.add(pid)
            for c in contacts_of.get(pid, []):
                if (
                    c.face_to_face
                    and c.purpose != SUPPORT_ON_JOB
                    and person.enrollment_date <= c.date <= day30
                ):
                    met.add(pid)

        # First job in the program: earliest competitive job from enrollment (to closure).
        in_program = [j for j in competitive if j.start_date >= person.enrollment_date]
        if in_program:
            first = min(j.start_date for j in in_program)
            if q.start <= first <= q.end:
                first_n.add(pid)
                first_days.append((first - person.interest_date).days)

        if interval is None:
            continue
        caseload.add(pid)
        s, e = interval
        held = [j for j in competitive if overlaps(j.start_date, j.end_date, s, e)]
        if held:
            worked.add(pid)
        for j in held:
            if j.hours_per_week is not None:
                hours.append(Decimal(j.hours_per_week))
            if j.hourly_wage is not None:
                wages.append(Decimal(j.hourly_wage))
        starts = [j for j in competitive if s <= j.start_date <= e]
        new_job_starts += len(starts)
        if starts:
            new_people.add(pid)
        if any(overlaps(r.start_date, r.end_date, s, e) for r in edu_of.get(pid, [])):
            educ.add(pid)

        # Steady worker: day by day over the 365 days ending on Q end.
        enrolled_days = worked_days = 0
        day = window_start
        while day <= q.end:
            if person.enrollment_date <= day and (person.closed_date is None or day <= person.closed_date):
                enrolled_days += 1
                if any(overlaps(j.start_date, j.end_date, day, day) for j in competitive):
                    worked_days += 1
            day += ONE_DAY
        if enrolled_days >= 90 and 2 * worked_days >= enrolled_days:
            steady.add(pid)

    return {
        "caseload_served": caseload,
        "active_at_end": active,
        "worked_competitive": worked,
        "new_job_starts": new_job_starts,
        "people_with_new_job": new_people,
        "in_education": educ,
        "worked_or_education": worked | educ,
        "rapid_job_search.cohort": cohort,
        "rapid_job_search.met": met,
        "days_interest_to_first_job.n": first_n,
        "first_days": first_days,
        "hours": hours,
        "wages": wages,
        "steady_workers": steady,
    }


def _staff(staff: Iterable[Staff], q: Quarter) -> tuple[int, Decimal, Decimal]:
    """(number of ES in post during Q, their FTE, FTE of ES in post on Q end)."""
    count, fte, fte_at_end = 0, Decimal(0), Decimal(0)
    for s in staff:
        if s.role != ES_ROLE:
            continue
        if s.start_date <= q.end and (s.end_date is None or s.end_date >= q.start):
            count += 1
            fte += s.fte
        if s.start_date <= q.end and (s.end_date is None or s.end_date >= q.end):
            fte_at_end += s.fte
    return count, fte, fte_at_end


def _figures(sets: dict, savings: Decimal, staff: tuple | None, q: Quarter, slug) -> dict:
    caseload = len(sets["caseload_served"])
    worked = len(sets["worked_competitive"])
    cohort = len(sets["rapid_job_search.cohort"])
    met = len(sets["rapid_job_search.met"])
    active = len(sets["active_at_end"])
    out = {
        "program": slug,
        "quarter": str(q),
        "period_start": q.start,
        "period_end": q.end,
        "caseload_served": caseload,
        "active_at_end": active,
        "worked_competitive": worked,
        "employment_rate": percent(worked, caseload),
        "new_job_starts": sets["new_job_starts"],
        "people_with_new_job": len(sets["people_with_new_job"]),
        "in_education": len(sets["in_education"]),
        "worked_or_education": len(sets["worked_or_education"]),
        "rapid_job_search": {"cohort": cohort, "met": met, "rate": percent(met, cohort)},
        "days_interest_to_first_job": {
            "n": len(sets["days_interest_to_first_job.n"]),
            "median": median(sets["first_days"]),
        },
        "average_hours_per_week": mean(sets["hours"], 2),
        "average_hourly_wage": mean(sets["wages"], 2),
        "steady_workers": len(sets["steady_workers"]),
        "estimated_treatment_savings": rounded(savings, 2),
    }
    if staff is None:
        out.update(employment_specialists=None, es_fte=None, caseload_per_es_fte=None)
    else:
        count, fte, fte_at_end = staff
        out["employment_specialists"] = count
        out["es_fte"] = rounded(fte, 2)
        out["caseload_per_es_fte"] = None if fte_at_end == 0 else rounded(Decimal(active) / fte_at_end, 1)
    return out


def report(data: ProgramData, q: Quarter) -> dict:
    sets = _person_sets(data, q)
    savings = Decimal(len(sets["steady_workers"])) * Decimal(data.savings_per_year) / 4
    return _figures(sets, savings, _staff(data.staff, q), q, data.slug)


def pooled(programs: list[ProgramData], q: Quarter) -> dict:
    """All people of the programs pooled; staff summed; savings at each program's own yearly figure."""
    merged: dict = {}
    savings = Decimal(0)
    count, fte, fte_at_end = 0, Decimal(0), Decimal(0)
    for data in programs:
        sets = _person_sets(data, q)
        savings += Decimal(len(sets["steady_workers"])) * Decimal(data.savings_per_year) / 4
        for key, value in sets.items():
            if isinstance(value, set):
                merged[key] = merged.get(key, set()) | value
            elif isinstance(value, list):
                merged[key] = merged.get(key, []) + value
            else:
                merged[key] = merged.get(key, 0) + value
        c, f, fe = _staff(data.staff, q)
        count, fte, fte_at_end = count + c, fte + f, fte_at_end + fe
    if not programs:
        merged = _person_sets(ProgramData(slug=None), q)
    return _figures(merged, savings, (count, fte, fte_at_end), q, None)


def by_specialist(data: ProgramData, q: Quarter) -> dict:
    """employment_specialist_id (None: no ES) -> the person measures of their job seekers."""
    out = {}
    for specialist in {p.specialist for p in data.people if p.enrollment_date is not None}:
        people = [p for p in data.people if p.specialist == specialist]
        ids = {p.id for p in people}
        subset = ProgramData(
            slug=data.slug,
            savings_per_year=data.savings_per_year,
            people=people,
            jobs=[j for j in data.jobs if j.person in ids],
            education=[r for r in data.education if r.person in ids],
            contacts=[c for c in data.contacts if c.person in ids],
        )
        sets = _person_sets(subset, q)
        savings = Decimal(len(sets["steady_workers"])) * Decimal(data.savings_per_year) / 4
        out[specialist] = _figures(sets, savings, None, q, data.slug)
    return out


def people_behind(data: ProgramData, q: Quarter, key: str) -> set[int]:
    """The ids of the people behind a figure (new_job_starts: the people with a new job)."""
    sets = _person_sets(data, q)
    if key == "new_job_starts":
        key = "people_with_new_job"
    if key == "days_interest_to_first_job.median":
        key = "days_interest_to_first_job.n"
    value = sets.get(key)
    if not isinstance(value, set):
        raise ValueError(f"No people behind {key!r}.")
    return value


def flat(figures: dict) -> dict:
    """{"rapid_job_search.rate": ..., ...}: nested dicts flattened with dotted keys."""
    out = {}
    for key, value in figures.items():
        if isinstance(value, dict):
            for sub, inner in value.items():
                out[f"{key}.{sub}"] = inner
        else:
            out[key] = value
    return out


# --- Loading a program's rows (the only part that reads the database) ----------------------------


def load_program(program) -> ProgramData:
    from accounts.models import Membership
    from employers.models import EmployerContactJobSeeker
    from jobs.models import EducationEnrollment
    from jobs.models import Job as JobRow
    from people.models import JobSeeker

    return ProgramData(
        slug=program.slug,
        savings_per_year=Decimal(program.treatment_savings_per_year),
        people=[
            Person(p.pk, p.enrollment_date, p.closed_date, p.interest_date, p.employment_specialist_id)
            for p in JobSeeker.objects.filter(program=program)
        ],
        jobs=[
            Job(
                j.job_seeker_id,
                j.start_date,
                j.end_date,
                j.competitive_integrated,
                j.hours_per_week,
                j.hourly_wage,
            )
            for j in JobRow.objects.filter(job_seeker__program=program)
        ],
        education=[
            Education(e.job_seeker_id, e.start_date, e.end_date)
            for e in EducationEnrollment.objects.filter(job_seeker__program=program)
        ],
        contacts=[
            Contact(c.job_seeker_id, c.contact.date, c.contact.face_to_face, c.contact.purpose)
            for c in EmployerContactJobSeeker.objects.filter(job_seeker__program=program).select_related(
                "contact"
            )
        ],
        staff=[
            Staff(m.user_id, m.role, Decimal(m.fte or 0), m.start_date, m.end_date)
            for m in Membership.objects.filter(program=program, role=ES_ROLE)
        ],
    )

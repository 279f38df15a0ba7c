"""Synthetic job development for the demo: employers, face-to-face contacts, openings, jobs with
endings, education and follow-along, spread over the last three years (only the last weeks at the state and nation scales, so
benchmarks stay quick to build).

Registered with `accounts.demo.register_builder` after the people builder, so the job seekers
exist. A program that already has employers is left alone: a second run writes nothing.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from accounts.demo import SeedResult
from accounts.models import Membership
from accounts.roles import Role
from employers.models import (
    ContactPurpose,
    Employer,
    EmployerContact,
    EmployerContactJobSeeker,
    EmployerLocation,
    EmployerPerson,
    Opening,
    OpeningStatus,
    Relationship,
)
from jobs.models import EducationEnrollment, EndReason, Job, MinimumWage
from jobs.rules import applicable_minimum_wage, competitive_integrated
from people.models import JobSeeker, NoteKind, NoteLocation, NoteMode, ServiceNote

from .models import FollowAlongSupport, Frequency, SupportLevel

BUSINESSES = [
    ("Synthetic Diner", "Restaurants", ["Line cook", "Dishwasher"]),
    ("Example Grocery", "Grocery stores", ["Stocker", "Cashier"]),
    ("Sample Garden Center", "Garden centers", ["Garden center associate"]),
    ("Placeholder Animal Shelter", "Animal care", ["Kennel assistant"]),
    ("Demo Warehouse Co", "Warehousing", ["Warehouse associate", "Forklift operator"]),
    ("Fictional Print Shop", "Printing", ["Production helper"]),
    ("Test Town Library", "Libraries", ["Library aide"]),
    ("Imaginary Bike Repair", "Repair shops", ["Bike mechanic"]),
    ("Mock Hotel", "Hotels", ["Housekeeper", "Front desk clerk"]),
    ("Invented Bakery", "Bakeries", ["Baker's helper"]),
    ("Sample Auto Wash", "Car washes", ["Car wash attendant"]),
    ("Example Office Supply", "Retail", ["Sales associate"]),
]
CITIES = ["Rhinelander", "Eagle River", "Tomahawk", "Minocqua", "Merrill", "Antigo"]
WEEKS = {"demo": 156, "state": 8, "nation": 2}
EMPLOYERS = {"demo": 12, "state": 6, "nation": 2}


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _aware(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


class _Rows:
    ORDER = [
        "employers",
        "locations",
        "people",
        "openings",
        "contacts",
        "named",
        "jobs",
        "supports",
        "notes",
        "education",
    ]

    def __init__(self):
        self.rows = {name: [] for name in self.ORDER}

    def add(self, name, obj):
        self.rows[name].append(obj)
        return obj

    def write(self):
        for name in self.ORDER:
            if self.rows[name]:
                type(self.rows[name][0]).objects.bulk_create(self.rows[name])


def build_job_development(
    result: SeedResult, *, rng: random.Random, scale: str, today: datetime.date
) -> None:
    """Employers, contacts, openings, jobs, education and follow-along for programs that have none."""
    done = set(Employer.objects.filter(program__in=result.programs).values_list("program_id", flat=True))
    programs = [p for p in result.programs if p.pk not in done]
    if not programs:
        return
    specialists: dict[int, list[Membership]] = {}
    for m in (
        Membership.objects.current(today)
        .filter(program__in=programs, role=Role.EMPLOYMENT_SPECIALIST)
        .order_by("pk")
    ):
        specialists.setdefault(m.program_id, []).append(m)
    people: dict[int, list[JobSeeker]] = {}
    for person in JobSeeker.objects.filter(program__in=programs, enrollment_date__isnull=False).order_by(
        "pk"
    ):
        people.setdefault(person.program_id, []).append(person)
    rates = list(MinimumWage.objects.all())
    rows = _Rows()
    for program in programs:
        _program(
            rows,
            program,
            specialists.get(program.pk, []),
            people.get(program.pk, []),
            rates,
            rng,
            today,
            scale,
        )
    rows.write()
    result.add("employers", len(rows.rows["employers"]))
    result.add("employer contacts", len(rows.rows["contacts"]))
    result.add("openings", len(rows.rows["openings"]))
    result.add("jobs", len(rows.rows["jobs"]))
    result.add("education enrollments", len(rows.rows["education"]))


def _program(rows, program, specialists, people, rates, rng, today, scale) -> None:
    employers = []
    for n, (name, industry, titles) in enumerate(BUSINESSES[: EMPLOYERS[scale]], start=1):
        city = rng.choice(CITIES)
        employer = rows.add(
            "employers",
            Employer(
                program=program,
                ref=f"EMP-{n:06d}",
                name=name,
                industry=industry,
                city=city,
                state="WI",
                relationship=rng.choice(list(Relationship.values[:3])),
                business_needs="Reliable people for steady shifts; training on the job.",
                hiring_preferences="Applies in person; the manager likes to meet candidates first.",
            ),
        )
        rows.add("locations", EmployerLocation(employer=employer, label="Main", city=city, state="WI"))
        met = rows.add(
            "people",
            EmployerPerson(employer=employer, name=f"{rng.choice(['Pat', 'Chris', 'Jo', 'Lee'])} Manager"),
        )
        employers.append((employer, met, titles))
        if rng.random() < 0.5:
            learned = today - _days(rng.randint(3, 60))
            rows.add(
                "openings",
                Opening(
                    employer=employer,
                    program=program,
                    title=titles[0],
                    job_type=titles[0].lower(),
                    hours_min=Decimal("15"),
                    hours_max=Decimal("30"),
                    hourly_wage_min=Decimal("12.00"),
                    hourly_wage_max=Decimal("15.00"),
                    shifts=["day", "weekend"],
                    learned_on=learned,
                    status=rng.choice([OpeningStatus.OPEN, OpeningStatus.OPEN, OpeningStatus.FILLED]),
                ),
            )
    by_es: dict[int, list[JobSeeker]] = {}
    for person in people:
        if person.employment_specialist_id:
            by_es.setdefault(person.employment_specialist_id, []).append(person)

    for es in specialists:
        first_day = max(es.start_date, today - _days(7 * WEEKS[scale]))
        day = first_day
        while day <= today:
            if day.weekday() < 5 and rng.random() < 0.9:
                _contact(rows, program, es, employers, day, rng, [])
            day += _days(1 if rng.random() < 0.75 else 2)
        # The first face-to-face contact for each person in job search stops their clock in time
        # (the person left in the late list of the worklist keeps none).
        for person in by_es.get(es.pk, []):
            start = person.job_search_started_on
            if start and (person.closed_date is None or start <= person.closed_date) and start <= today:
                _contact(
                    rows,
                    program,
                    es,
                    employers,
                    start,
                    rng,
                    [person],
                    purpose=ContactPurpose.JOB_SEEKER_INTRODUCTION,
                )

    refs = 0
    searching = [p for p in people if p.job_search_started_on and p.closed_date is None]
    for k, person in enumerate(searching):
        if k % 5 not in (0, 2):  # two people in five have worked since their search began
            continue
        es = next((m for m in specialists if m.pk == person.employment_specialist_id), None)
        start = person.job_search_started_on + _days(rng.randint(20, 60))
        if start > today - _days(3) or es is None:
            continue
        employer, _met, titles = rng.choice(employers)
        ended = rng.random() < 0.4 and start + _days(40) < today
        refs += 1
        job = _job(rows, program, person, employer, titles, start, refs, rates, rng, sheltered=(k == 2))
        if ended:
            job.end_date = min(today, start + _days(rng.randint(30, 120)))
            job.end_reason = rng.choice(EndReason.values[:5])
            job.end_note = "Learned they prefer mornings; wants the next job closer to the bus line."
        else:
            stepped = rng.random() < 0.25 and start + _days(90) <= today
            rows.add(
                "supports",
                FollowAlongSupport(
                    job=job,
                    planned_frequency=Frequency.MONTHLY if stepped else Frequency.WEEKLY,
                    level=SupportLevel.STEPPED_DOWN if stepped else SupportLevel.ACTIVE,
                    stepped_down_on=start + _days(90) if stepped else None,
                    worker_choice_note="I'm doing fine; call me once a month." if stepped else "",
                ),
            )
            contact_day = start + _days(2)
            while contact_day <= today and contact_day <= start + _days(60):
                rows.add(
                    "notes",
                    ServiceNote(
                        job_seeker=person,
                        program=program,
                        date=contact_day,
                        staff=es,
                        kind=NoteKind.FOLLOW_ALONG,
                        location=NoteLocation.COMMUNITY,
                        mode=NoteMode.IN_PERSON,
                        minutes=30,
                        text="Checked in after the shift; the schedule works and the team is friendly.",
                        job=job,
                        locked_at=_aware(contact_day, 17) + datetime.timedelta(hours=24),
                    ),
                )
                contact_day += _days(7)
    engaged = [p for p in people if not p.job_search_started_on and p.closed_date is None]
    if engaged:
        person = engaged[0]
        rows.add(
            "education",
            EducationEnrollment(
                job_seeker=person,
                program=program,
                kind="vocational_training",
                name="Food handler certificate course",
                start_date=max(person.enrollment_date, today - _days(10)),
            ),
        )


def _contact(rows, program, es, employers, day, rng, named, purpose=None):
    employer, met, _titles = rng.choice(employers)
    face_to_face = purpose is not None or rng.random() < 0.85
    contact = rows.add(
        "contacts",
        EmployerContact(
            program=program,
            date=day,
            staff=es,
            employer=employer,
            person_met=met if face_to_face else None,
            face_to_face=face_to_face,
            purpose=purpose
            or rng.choice(
                [ContactPurpose.LEARN_BUSINESS] * 3 + [ContactPurpose.FOLLOW_UP, ContactPurpose.OTHER]
            ),
            outcome="Talked about what the business needs in new hires.",
        ),
    )
    for person in named:
        rows.add("named", EmployerContactJobSeeker(contact=contact, job_seeker=person, present=True))
    return contact


def _job(rows, program, person, employer, titles, start, number, rates, rng, *, sheltered):
    job = Job(
        job_seeker=person,
        program=program,
        ref=f"JOB-{number:06d}",
        employer=employer,
        title=rng.choice(titles),
        start_date=start,
        hours_per_week=Decimal(rng.choice(["12.0", "20.0", "25.0", "32.0"])),
        hourly_wage=Decimal(rng.choice(["11.50", "13.00", "15.25", "17.00"])),
        pays_same_as_coworkers=True,
        open_to_anyone=True,
        # One job per program was arranged by an agency for a set time: recorded, never counted.
        agency_time_limit=sheltered,
        disclosure_to_employer=rng.choice(["disclosed_by_worker", "not_disclosed"]),
        how_found=rng.choice(["es_employer_contact", "es_job_lead", "own_search"]),
    )
    minimum = applicable_minimum_wage(program.state, program.wage_locality, start, rates)
    job.applicable_minimum_wage = minimum
    job.competitive_integrated, job.not_competitive_because = competitive_integrated(job, minimum)
    return rows.add("jobs", job)

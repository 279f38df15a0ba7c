"""Three years of past caseloads: people who enrolled, looked for work, worked and moved on, so
outcomes by quarter (dashboards, past quarterly reports) have a history behind them and, at the
state scale, `make bench` reads the volume of records a state has after three years, not only
today's caseloads.

Every employment specialist takes on a few new people each quarter of the last twelve. Most have
a face-to-face employer contact naming them soon after enrollment (some too late for the
30-day rapid-job-search mark), a little over half start a competitive job, some of those jobs end
and some people start another, a few enroll in education, and most leave the program after a
while. Everyone is invented.

Registered with `accounts.demo.register_builder` after the job development builder (it needs the
programs' employers). A program that already has this history is left alone: a second run
writes nothing. Rows go in with one bulk insert per table.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from accounts.demo import FIRST_NAMES, LAST_NAMES, SeedResult
from accounts.models import Membership
from accounts.roles import Role
from employers.models import ContactPurpose, Employer, EmployerContact, EmployerContactJobSeeker
from jobs.models import EducationEnrollment, EndReason, Job, MinimumWage
from jobs.rules import applicable_minimum_wage, competitive_integrated
from people.models import CaseloadAssignment, ClosureReason, JobSeeker, ReferralChannel, ReferralSource

# New people per employment specialist per quarter, over the last twelve quarters. At the demo
# scale they have all moved on by now (today's caseloads stay the hand-made ones the pages show);
# they give the dashboards and past quarterly reports three years of outcomes.
NEW_PER_QUARTER = {"demo": 2, "state": 3, "nation": 0}
ALL_CLOSED = {"demo": True, "state": False}
QUARTERS = 12
REF_PREFIX = "JS-H"  # history people's refs, which also mark a program as done


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def build_history(result: SeedResult, *, rng: random.Random, scale: str, today: datetime.date) -> None:
    per_quarter = NEW_PER_QUARTER.get(scale, 0)
    if not per_quarter:
        return
    done = set(
        JobSeeker.objects.filter(program__in=result.programs, ref__startswith=REF_PREFIX)
        .values_list("program_id", flat=True)
        .distinct()
    )
    programs = [p for p in result.programs if p.pk not in done]
    if not programs:
        return
    specialists: dict[int, list[Membership]] = {}
    for m in Membership.objects.filter(program__in=programs, role=Role.EMPLOYMENT_SPECIALIST).order_by("pk"):
        specialists.setdefault(m.program_id, []).append(m)
    employers: dict[int, list[Employer]] = {}
    for employer in Employer.objects.filter(program__in=programs).order_by("pk"):
        employers.setdefault(employer.program_id, []).append(employer)
    history = _History(rng, today, list(MinimumWage.objects.all()), all_closed=ALL_CLOSED.get(scale, False))
    for program in programs:
        if employers.get(program.pk):
            history.program(program, specialists.get(program.pk, []), employers[program.pk], per_quarter)
    history.write()
    result.add("past job seekers", len(history.rows["people"]))
    result.add("past jobs", len(history.rows["jobs"]))


class _History:
    ORDER = ["people", "assignments", "contacts", "named", "jobs", "education"]

    def __init__(
        self, rng: random.Random, today: datetime.date, rates: list[MinimumWage], *, all_closed: bool
    ):
        self.rng, self.today, self.rates, self.all_closed = rng, today, rates, all_closed
        self.rows: dict[str, list] = {name: [] for name in self.ORDER}

    def write(self) -> None:
        for name in self.ORDER:
            if self.rows[name]:
                type(self.rows[name][0]).objects.bulk_create(self.rows[name], batch_size=2000)

    def program(self, program, specialists, employers, per_quarter: int) -> None:
        self.numbers = {"person": 0, "job": 0}
        first_day = self.today - _days(91 * QUARTERS)
        for es in specialists:
            es_from = max(first_day, es.start_date)
            es_to = min(self.today, es.end_date or self.today)
            day = es_from
            while day <= es_to - _days(7):
                for _ in range(per_quarter):
                    enrolled = day + _days(self.rng.randint(0, 90))
                    if enrolled <= es_to - _days(7):
                        self.person(program, es, employers, enrolled, es_to)
                day += _days(91)

    def person(self, program, es, employers, enrolled: datetime.date, es_to: datetime.date) -> None:
        rng, today = self.rng, self.today
        self.numbers["person"] += 1
        referral = enrolled - _days(rng.randint(3, 21))
        closed = None
        if rng.random() < 0.9:
            closed = enrolled + _days(rng.randint(60, 540))
            closed = closed if closed < today else None
        if closed is None and es_to < today:  # their specialist left: the person moved on too
            closed = es_to
        if closed is None and self.all_closed:
            closed = max(enrolled + _days(30), today - _days(rng.randint(7, 60)))
            closed = min(closed, today - _days(1))
        person = self.add(
            "people",
            JobSeeker(
                program=program,
                ref=f"{REF_PREFIX}{self.numbers['person']:06d}",
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                date_of_birth=enrolled - _days(365 * rng.randint(19, 62) + rng.randint(0, 364)),
                referral_date=referral,
                interest_date=referral,
                referral_source=rng.choice(ReferralSource.values[:5]),
                referral_channel=ReferralChannel.STAFF,
                enrollment_date=enrolled,
                employment_specialist=es,
                job_search_started_on=min(enrolled + _days(rng.randint(2, 10)), closed or today),
                closed_date=closed,
                closure_reason=rng.choice([ClosureReason.CHOSE_TO_STOP, ClosureReason.MOVED_AWAY])
                if closed
                else "",
            ),
        )
        end = closed or today
        self.add(
            "assignments",
            CaseloadAssignment(
                job_seeker=person,
                employment_specialist=es,
                from_date=enrolled,
                to_date=closed,
                reason="Enrollment",
            ),
        )
        met = enrolled + _days(rng.randint(3, 45))  # about two in three meet an employer within 30 days
        if met <= end:
            contact = self.add(
                "contacts",
                EmployerContact(
                    program=program,
                    date=met,
                    staff=es,
                    employer=rng.choice(employers),
                    face_to_face=True,
                    purpose=ContactPurpose.JOB_SEEKER_INTRODUCTION,
                    outcome="Introduced them to the manager; they set up an interview.",
                ),
            )
            self.add("named", EmployerContactJobSeeker(contact=contact, job_seeker=person, present=True))
        start = enrolled + _days(rng.randint(14, 200))
        if rng.random() < 0.55 and start < end:
            self.job(program, person, rng.choice(employers), start, end)
        if rng.random() < 0.05:
            self.add(
                "education",
                EducationEnrollment(
                    job_seeker=person,
                    program=program,
                    kind="vocational_training",
                    name="Certified nursing assistant course",
                    start_date=enrolled + _days(rng.randint(10, 60)),
                    end_date=enrolled + _days(rng.randint(90, 200)),
                ),
            )

    def job(self, program, person, employer, start: datetime.date, end: datetime.date) -> None:
        rng = self.rng
        self.numbers["job"] += 1
        job = Job(
            job_seeker=person,
            program=program,
            ref=f"JOB-H{self.numbers['job']:06d}",
            employer=employer,
            title="Associate",
            start_date=start,
            hours_per_week=Decimal(rng.choice(["10.0", "16.0", "20.0", "24.0", "32.0", "40.0"])),
            hourly_wage=Decimal(rng.choice(["12.50", "14.00", "15.75", "17.25", "19.00"])),
            pays_same_as_coworkers=True,
            open_to_anyone=True,
            agency_time_limit=False,
            how_found=rng.choice(["es_employer_contact", "es_job_lead", "own_search"]),
        )
        job.applicable_minimum_wage = applicable_minimum_wage(
            program.state, program.wage_locality, start, self.rates
        )
        job.competitive_integrated, job.not_competitive_because = competitive_integrated(
            job, job.applicable_minimum_wage
        )
        ended = start + _days(rng.randint(30, 500))
        if rng.random() < 0.45 and ended < end:
            job.end_date = ended
            job.end_reason = rng.choice(EndReason.values[:5])
            job.end_note = "Wants more hours in the next job."
            again = ended + _days(rng.randint(14, 120))
            if rng.random() < 0.5 and again < end:
                self.job(program, person, employer, again, end)
        elif person.closed_date is not None:
            job.end_date = person.closed_date  # still working when they left the program
            job.end_reason = EndReason.values[0]
        self.add("jobs", job)

    def add(self, name: str, obj):
        self.rows[name].append(obj)
        return obj

"""Synthetic caseloads for the demo: every program gets people in every phase the records support.

Registered with `accounts.demo.register_builder`, so `seed_demo` writes them after the programs and
staff. A program that already has job seekers is left alone, so a second run writes nothing.
Everyone here is invented; dates are relative to today so the worklist always has something on it.
Phases that need jobs or education (working, follow-along, in education) arrive with those records.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from accounts.demo import FIRST_NAMES, LAST_NAMES, SeedResult
from accounts.models import Membership, User
from accounts.roles import Role

from .models import (
    CareerProfile,
    CareerProfileVersion,
    CaseloadAssignment,
    ClosureHistory,
    ClosureReason,
    Consent,
    ConsentScope,
    EmploymentGoal,
    EmploymentPlan,
    JobSeeker,
    NoteKind,
    NoteLocation,
    NoteMode,
    PlanStatus,
    PlanStep,
    PublicReferralSubmission,
    ReferralChannel,
    ReferralContactAttempt,
    ReferralSource,
    ServiceNote,
    TreatmentTeam,
    WorkHistoryEntry,
)

# People per employment specialist at each scale (a fidelity caseload is at most 20).
PEOPLE_PER_SPECIALIST = {"demo": 14, "state": 8, "nation": 3}

GOALS = [
    ("I want to work in a kitchen, maybe as a line cook.", ["line cook", "prep cook"]),
    ("Something outdoors, landscaping or a garden center.", ["landscaping", "garden center associate"]),
    ("I'd like to stock shelves at night when it's quiet.", ["stocker", "overnight retail"]),
    ("Working with animals. A shelter or a pet store.", ["kennel assistant", "pet store associate"]),
    ("I used to drive forklifts and I was good at it.", ["forklift operator", "warehouse associate"]),
    ("Office work, answering phones, helping people.", ["receptionist", "office assistant"]),
    ("Fixing bikes or small engines.", ["bike mechanic", "small engine repair"]),
    ("Part-time at the library or a bookstore.", ["library aide", "bookstore clerk"]),
]
NOTE_TEXTS = {
    NoteKind.MEETING_JOB_SEEKER: [
        "Met at the coffee shop near their apartment. Talked about the kinds of work they enjoyed before.",
        "Updated the career profile together; they want day shifts only.",
        "Practiced answers for interviews; they felt more confident by the end.",
        "Went over two openings they found online and planned to visit in person.",
    ],
    NoteKind.EMPLOYER_CONTACT: [
        "Visited the hiring manager with the job seeker; left a résumé and set a follow-up.",
        "Met the store manager to learn what they look for in new hires.",
    ],
    NoteKind.TREATMENT_TEAM: ["Shared job-search progress at the team meeting (consent on file)."],
    NoteKind.BENEFITS: ["Referred to the benefits counselor to talk about earnings and SSDI."],
}


class _Batch:
    """Rows collected for every program, then written with one bulk insert per table."""

    ORDER = [
        "teams",
        "team_members",
        "people",
        "assignments",
        "attempts",
        "notes",
        "profiles",
        "work",
        "versions",
        "plans",
        "goals",
        "steps",
        "consents",
        "scopes",
        "closures",
        "submissions",
    ]

    def __init__(self):
        self.rows = {name: [] for name in self.ORDER}

    def add(self, name, obj):
        self.rows[name].append(obj)
        return obj

    def write(self):
        for name in self.ORDER:
            rows = self.rows[name]
            if rows:
                type(rows[0]).objects.bulk_create(rows)


def _name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _aware(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def build_people(result: SeedResult, *, rng: random.Random, scale: str, today: datetime.date) -> None:
    """Job seekers, notes, plans, profiles, consents and inbox entries for programs that have none."""
    peopled = set(
        JobSeeker.objects.filter(program__in=result.programs).values_list("program_id", flat=True).distinct()
    )
    programs = [p for p in result.programs if p.pk not in peopled]
    if not programs:
        return
    specialists: dict[int, list[Membership]] = {}
    for m in (
        Membership.objects.current(today)
        .filter(program__in=programs, role=Role.EMPLOYMENT_SPECIALIST)
        .select_related("user")
        .order_by("pk")
    ):
        specialists.setdefault(m.program_id, []).append(m)
    clinicians = {
        m.program_id: m.user
        for m in Membership.objects.current(today).filter(
            program__in=programs, role=Role.TREATMENT_TEAM_MEMBER
        )
    }
    system_writer = {
        m.program_id: m
        for m in Membership.objects.current(today).filter(program__in=programs, role=Role.IPS_SUPERVISOR)
    }
    per_specialist = PEOPLE_PER_SPECIALIST[scale]
    counts = dict.fromkeys(
        ["job seekers", "service notes", "employment plans", "career profiles", "consents", "inbox entries"],
        0,
    )
    batch = _Batch()
    for program in programs:
        _build_program(
            batch,
            program,
            specialists.get(program.pk, []),
            clinicians.get(program.pk),
            system_writer.get(program.pk),
            rng,
            today,
            per_specialist,
            counts,
            scale,
        )
    batch.write()
    for kind, n in counts.items():
        result.add(kind, n)


def _build_program(
    batch, program, specialists, clinician: User | None, supervisor, rng, today, per_specialist, counts, scale
) -> None:
    team = batch.add("teams", TreatmentTeam(program=program, name=f"{program.name} clinic team"))
    if clinician is not None:
        batch.add("team_members", TreatmentTeam.members.through(treatmentteam=team, user=clinician))
    people: list[tuple[JobSeeker, str, Membership | None]] = []
    number = 0

    def new_person(phase: str, es: Membership | None) -> JobSeeker:
        nonlocal number
        number += 1
        first, last = _name(rng)
        referral = today - _days(rng.randint(3, 20) if phase == "referred" else rng.randint(40, 420))
        person = JobSeeker(
            program=program,
            ref=f"JS-{number:06d}",
            first_name=first,
            last_name=last,
            date_of_birth=today - _days(365 * rng.randint(19, 62) + rng.randint(0, 364)),
            phone=f"608-555-{rng.randint(100, 999):04d}",
            preferred_language=rng.choice(["en"] * 6 + ["es", "hmn"]),
            referral_date=referral,
            interest_date=referral,
            referral_source=rng.choice(ReferralSource.values[:5]),
            referral_channel=ReferralChannel.STAFF,
            treatment_team=team if rng.random() < 0.6 else None,
        )
        if phase != "referred" and es is not None:
            if phase == "engaged":
                enrolled = today - _days(rng.randint(2, 28))
                person.referral_date = person.interest_date = min(person.referral_date, enrolled - _days(5))
            elif phase == "late_search":  # past the 30-day clock with no employer contact
                enrolled = today - _days(rng.randint(33, 45))
                person.referral_date = person.interest_date = enrolled - _days(7)
            else:
                enrolled = person.referral_date + _days(rng.randint(3, 14))
            person.enrollment_date = enrolled
            person.employment_specialist = es
            if phase in ("job_search", "closed") and enrolled + _days(10) <= today:
                person.job_search_started_on = enrolled + _days(rng.randint(3, 10))
            if phase == "closed":
                person.closed_date = min(today, enrolled + _days(rng.randint(30, 90)))
                person.closure_reason = rng.choice([ClosureReason.CHOSE_TO_STOP, ClosureReason.MOVED_AWAY])
        batch.add("people", person)
        people.append((person, phase, es))
        return person

    for es in specialists:
        plan = ["engaged"] * 3 + ["late_search"] + ["job_search"] * (per_specialist - 6) + ["closed"] * 2
        for phase in plan[:per_specialist]:
            new_person(phase, es)
    for _ in range(max(2, per_specialist // 3)):
        new_person("referred", None)

    notes: list[ServiceNote] = []
    for person, phase, es in people:
        counts["job seekers"] += 1
        if phase == "referred":
            for k in range(rng.randint(1, 3)):
                batch.add(
                    "attempts",
                    ReferralContactAttempt(
                        job_seeker=person,
                        attempted_at=_aware(min(today, person.referral_date + _days(k * 2)), 10 + k),
                        staff=supervisor,
                        method=rng.choice(["phone", "text_message", "through_treatment_team"]),
                        outcome=rng.choice(["left_message", "no_answer", "reached"]),
                    ),
                )
            continue
        assignment_end = person.closed_date
        batch.add(
            "assignments",
            CaseloadAssignment(
                job_seeker=person,
                employment_specialist=es,
                from_date=person.enrollment_date,
                to_date=assignment_end,
                reason="Enrollment",
            ),
        )
        notes += _notes_for(person, phase, es, rng, today, scale)
        words = None
        if phase != "engaged" or rng.random() < 0.5:
            words = _profile_for(batch, person, rng, es.user)
            counts["career profiles"] += 1
        if phase == "job_search" and rng.random() < 0.7:
            _plan_for(batch, person, words, rng, today)
            counts["employment plans"] += 1
        if person.closed_date is None and rng.random() < 0.6:
            counts["consents"] += _consents_for(batch, person, rng, today)
    batch.rows["notes"] += notes
    counts["service notes"] += len(notes)

    reopened = next((p for p, phase, _ in people if phase == "job_search"), None)
    if reopened is not None:  # a closure made in error and undone: the history keeps it
        batch.add(
            "closures",
            ClosureHistory(
                job_seeker=reopened,
                closed_date=reopened.enrollment_date + _days(1),
                closure_reason=ClosureReason.LOST_CONTACT,
                closure_note="Closed by mistake; they had only changed phone numbers.",
                reopened_on=reopened.enrollment_date + _days(2),
            ),
        )
    if program.self_referral_open:
        for k in range(2):
            first, last = _name(rng)
            batch.add(
                "submissions",
                PublicReferralSubmission(
                    program=program,
                    received_at=_aware(today - _days(k), 9 + k),
                    first_name=first,
                    last_name=last,
                    phone=f"715-555-{rng.randint(100, 999):04d}",
                    preferred_language="es" if k else "en",
                    message="Quiero trabajar otra vez."
                    if k
                    else "I'd like help finding a job close to home.",
                ),
            )
            counts["inbox entries"] += 1


def _notes_for(person, phase, es, rng, today, scale) -> list[ServiceNote]:
    notes = []
    end = person.closed_date or today
    # The last meeting is recent for most people, and more than two weeks ago for some.
    gap = rng.choice([2, 4, 6, 9, 16, 25]) if phase != "closed" else 0
    day = end - _days(gap)
    limit = {"demo": 8, "state": 5, "nation": 2}[scale]
    while day >= person.enrollment_date and len(notes) < limit:
        notes.append(_note(person, es, day, NoteKind.MEETING_JOB_SEEKER, rng))
        day -= _days(rng.randint(5, 15))
    if phase in ("job_search", "closed") and person.job_search_started_on:
        contact = person.job_search_started_on + _days(rng.randint(0, 12))
        if contact <= end:
            notes.append(_note(person, es, contact, NoteKind.EMPLOYER_CONTACT, rng))
    if notes and rng.random() < 0.3:
        notes.append(_note(person, es, notes[0].date, NoteKind.TREATMENT_TEAM, rng, mode=NoteMode.PHONE))
    return notes


def _note(person, es, day, kind, rng, mode=NoteMode.IN_PERSON) -> ServiceNote:
    written = _aware(day, 16)
    return ServiceNote(
        job_seeker=person,
        program_id=person.program_id,
        date=day,
        staff=es,
        kind=kind,
        location=NoteLocation.COMMUNITY if kind != NoteKind.TREATMENT_TEAM else NoteLocation.OFFICE,
        mode=mode,
        minutes=rng.choice([15, 30, 45, 60, 90]),
        text=rng.choice(NOTE_TEXTS[kind]),
        locked_at=written + datetime.timedelta(hours=24),
    )


def _profile_for(batch, person, rng, user) -> str:
    words, types = rng.choice(GOALS)
    profile = batch.add(
        "profiles",
        CareerProfile(
            job_seeker=person,
            first_completed_on=person.enrollment_date + _days(7),
            work_goal_own_words=words,
            sources=["job_seeker"],
            job_types_wanted=types,
            hours_min=rng.choice([10, 15, 20]),
            hours_max=rng.choice([25, 30, 40]),
            shifts=rng.sample(["day", "evening", "weekend"], 2),
            transport=rng.sample(["walk", "public_transit", "own_vehicle", "ride"], 2),
            wage_wanted=Decimal(rng.choice(["12.00", "14.50", "16.00", "18.00"])),
            strengths="Reliable, good with people, keeps things tidy.",
            supports_wanted=["job_search", "interviews", "on_the_job"],
            disclosure_preference=rng.choice(
                ["es_contact_with_disclosure", "es_contact_without_disclosure", "undecided"]
            ),
        ),
    )
    batch.add(
        "work",
        WorkHistoryEntry(
            profile=profile,
            employer_name=rng.choice(["Synthetic Foods", "Example Hardware", "Sample Cleaners"]),
            job_title=types[0].title(),
            started_on=person.date_of_birth + _days(365 * 19),
            ended_on=person.date_of_birth + _days(365 * 21),
            liked="The people I worked with.",
            reason_left="Moved to a new town.",
        ),
    )
    batch.add(
        "versions",
        CareerProfileVersion(
            profile=profile,
            number=1,
            saved_by=user,
            snapshot={"work_goal_own_words": words, "job_types_wanted": types},
            change_summary="First conversation about work",
        ),
    )
    return words


def _plan_for(batch, person, words, rng, today) -> None:
    agreed = min(today, person.enrollment_date + _days(14))
    plan = batch.add(
        "plans",
        EmploymentPlan(
            job_seeker=person,
            status=PlanStatus.ACTIVE,
            agreed_on=agreed,
            review_due_on=max(agreed, today + _days(rng.choice([-3, 5, 12, 40, 80]))),
        ),
    )
    goal = batch.add(
        "goals", EmploymentGoal(plan=plan, position=1, text=words or "Find a part-time job close to home.")
    )
    steps = [
        ("Update the résumé together", "employment_specialist", rng.randint(-5, 10), "in_progress"),
        ("Visit three employers on the list", "job_seeker", rng.randint(7, 21), "to_do"),
    ]
    for position, (text, responsible, days, status) in enumerate(steps, start=1):
        batch.add(
            "steps",
            PlanStep(
                goal=goal,
                position=position,
                text=text,
                responsible=responsible,
                target_date=today + _days(days),
                status=status,
            ),
        )


def _consents_for(batch, person, rng, today) -> int:
    kinds = ["vocational_rehabilitation"]
    if person.treatment_team is not None:
        kinds.append("treatment_team")
    for kind in kinds:
        start = max(person.referral_date, today - _days(rng.randint(30, 330)))
        consent = batch.add(
            "consents",
            Consent(
                job_seeker=person,
                partner_kind=kind,
                partner_name="DVR Madison office" if kind == "vocational_rehabilitation" else "Clinic team",
                signed_on=start,
                start_date=start,
                # Some expire within the month, so the worklist shows them.
                expiry_date=today + _days(rng.choice([12, 25, 120, 300])),
            ),
        )
        for item in ("employment_progress", "career_profile", "service_notes"):
            batch.add("scopes", ConsentScope(consent=consent, item=item))
    return len(kinds)

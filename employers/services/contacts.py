"""Writes about employer contacts: a visit or call to a business, logged in seconds from a phone.

A job-development contact (face to face, purpose other than support on the job) that names a
person starts their job search (records.md, JobSeeker.job_search_started_on) when it has not
started yet, and stops their rapid-job-search clock (people.selectors.notes).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts import access, roles
from accounts.models import Program
from core import audit
from core.dates import today_in
from core.models import AuditAction
from core.services import check_version, validated_save
from people.models import CareerProfile, DisclosurePreference, JobSeeker

from ..models import (
    ContactPurpose,
    Employer,
    EmployerContact,
    EmployerContactJobSeeker,
    EmployerPerson,
    Relationship,
)
from .employers import next_employer_ref

# What the writer may change (records.md, EmployerContact), and what the audit row shows.
EDITABLE_FIELDS = [
    "date",
    "employer",
    "person_met",
    "face_to_face",
    "purpose",
    "outcome",
    "next_step",
    "next_step_on",
]


def not_writer_message() -> str:
    return _("Only the person who logged this contact can change it.")


def is_job_development(*, face_to_face: bool, purpose: str) -> bool:
    """Face to face and not support on the job: what fidelity (SE6) and the rapid-search clock count."""
    return bool(face_to_face) and purpose != ContactPurpose.SUPPORT_ON_JOB


def _new_employer(*, actor, program: Program, name: str, city: str, met: bool) -> Employer:
    """A business the ES met for the first time, created as the contact is logged (audited)."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    employer = Employer(
        program=program,
        ref=next_employer_ref(program),
        name=name,
        city=city,
        relationship=Relationship.GETTING_TO_KNOW if met else Relationship.PROSPECT,
    )
    validated_save(employer)
    audit.record_change(actor=actor, obj=employer, before=None)
    return employer


def _normalized_job_seekers(job_seekers: Iterable) -> list[tuple[JobSeeker, bool]]:
    """(person, was there) pairs, one per person; a bare JobSeeker means "not there"."""
    seen: dict[int, tuple[JobSeeker, bool]] = {}
    for item in job_seekers or ():
        person, present = item if isinstance(item, tuple) else (item, False)
        if person.pk in seen:
            present = present or seen[person.pk][1]
        seen[person.pk] = (person, bool(present))
    return list(seen.values())


def _check_contact(
    *,
    program: Program,
    date: datetime.date | None,
    employer: Employer | None,
    new_employer_name: str,
    person_met: EmployerPerson | None,
    purpose: str,
    people: list[tuple[JobSeeker, bool]],
    next_step_on: datetime.date | None,
) -> None:
    """Every rule of records.md's EmployerContact; each broken rule is told on its field."""
    errors: dict[str, str] = {}
    today = today_in(program.time_zone)
    if date is None:
        errors["date"] = _("Enter the date of the contact.")
    elif date > today:
        errors["date"] = _("A contact cannot be dated in the future.")
    elif program.start_date is not None and date < program.start_date:
        errors["date"] = _("A contact cannot be dated before the program started (%(date)s).") % {
            "date": date_format(program.start_date)
        }

    if employer is None and not new_employer_name:
        errors["employer"] = _("Choose the business, or write the name of a new one.")
    elif employer is not None and new_employer_name:
        errors["new_employer_name"] = _("Choose a business from the list or name a new one, not both.")
    elif employer is not None:
        if employer.program_id != program.pk:
            errors["employer"] = _("This business is not one of this program's businesses.")
        elif employer.merged_into_id is not None:
            errors["employer"] = _("This business was merged into %(name)s: choose that one.") % {
                "name": employer.merged_into
            }
        elif employer.archived_at is not None:
            errors["employer"] = _("This business is archived: restore it before logging a contact.")

    if person_met is not None and (employer is None or person_met.employer_id != employer.pk):
        errors["person_met"] = _("The person met must work at the business of this contact.")

    if purpose not in ContactPurpose.values:
        errors["purpose"] = _("Choose what the contact was for.")
    elif purpose == ContactPurpose.JOB_SEEKER_INTRODUCTION and not people:
        errors["job_seekers"] = _("Name the job seeker you introduced.")

    if not errors.get("date") and date is not None:
        problems = _job_seeker_problems(program, date, [p for p, _present in people])
        if problems:
            errors["job_seekers"] = " ".join(problems)
    if next_step_on is not None and date is not None and next_step_on < date:
        errors["next_step_on"] = _("The next step cannot come before the contact.")
    if errors:
        raise ValidationError(errors)


def _job_seeker_problems(program: Program, date: datetime.date, people: list[JobSeeker]) -> list[str]:
    """Why any named person cannot be named: another program, not enrolled or closed on the date, or no ES contact."""
    problems = []
    no_contact = set(
        CareerProfile.objects.filter(
            job_seeker__in=[p.pk for p in people], disclosure_preference=DisclosurePreference.NO_ES_CONTACT
        ).values_list("job_seeker_id", flat=True)
    )
    for person in people:
        name = person.display_name
        if person.program_id != program.pk:
            problems.append(_("%(name)s is not a job seeker of this program.") % {"name": name})
        elif person.enrollment_date is None or person.enrollment_date > date:
            problems.append(
                _("%(name)s was not enrolled on %(date)s.") % {"name": name, "date": date_format(date)}
            )
        elif person.closed_date is not None and person.closed_date <= date:
            problems.append(
                _("%(name)s's record was closed on %(closed)s.")
                % {"name": name, "closed": date_format(person.closed_date)}
            )
        elif person.pk in no_contact:
            problems.append(
                _("%(name)s asked that the ES not contact employers about them.") % {"name": name}
            )
    return problems


def _start_job_search(*, actor, contact: EmployerContact, people: list[JobSeeker]) -> None:
    """A job-development contact starts the job search of each named person whose search has no date yet."""
    if not contact.is_job_development or not people:
        return
    waiting = JobSeeker.objects.select_for_update(of=("self",)).filter(
        pk__in=[p.pk for p in people], job_search_started_on__isnull=True
    )
    for person in waiting:
        before = audit.snapshot(person, ["job_search_started_on"])
        person.job_search_started_on = contact.date
        validated_save(person, bump_version=True)
        audit.record_change(actor=actor, obj=person, before=before, job_seeker_id=person.pk)


def _person_met(
    *, actor, employer: Employer, person_met: EmployerPerson | None, person_met_name: str
) -> EmployerPerson | None:
    """The person met: chosen from the business's people, or new (a name the ES wrote down)."""
    if person_met is not None or not person_met_name:
        return person_met
    person = EmployerPerson(employer=employer, name=person_met_name)
    validated_save(person)
    audit.record_change(actor=actor, obj=person, before=None)
    return person


def _contact_snapshot(contact: EmployerContact, people: dict[int, bool]) -> dict:
    out = audit.snapshot(contact, EDITABLE_FIELDS)
    out["job_seekers"] = [[pk, present] for pk, present in sorted(people.items())]
    return out


def _set_job_seekers(*, actor, contact: EmployerContact, people: list[tuple[JobSeeker, bool]]) -> None:
    """Make the contact name exactly these people; each person added or removed is audited on their record."""
    current = {row.job_seeker_id: row for row in contact.for_job_seekers.all()}
    wanted = {person.pk: present for person, present in people}
    for pk, row in current.items():
        if pk not in wanted:
            audit.record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=row,
                job_seeker_id=pk,
                changes={"job_seeker": [pk, None]},
            )
            row.delete()
        elif row.present != wanted[pk]:
            before = audit.snapshot(row, ["present"])
            row.present = wanted[pk]
            validated_save(row)
            audit.record_change(actor=actor, obj=row, before=before, job_seeker_id=pk)
    for person, present in people:
        if person.pk not in current:
            row = EmployerContactJobSeeker(contact=contact, job_seeker=person, present=present)
            validated_save(row)
            audit.record_change(actor=actor, obj=row, before=None, job_seeker_id=person.pk)


@transaction.atomic
def employer_contact_log(
    *,
    actor,
    program: Program,
    date: datetime.date | None,
    purpose: str,
    employer: Employer | None = None,
    new_employer_name: str = "",
    new_employer_city: str = "",
    person_met: EmployerPerson | None = None,
    person_met_name: str = "",
    face_to_face: bool = True,
    job_seekers: Iterable = (),
    outcome: str = "",
    next_step: str = "",
    next_step_on: datetime.date | None = None,
) -> EmployerContact:
    """Log a contact with a business: which one, who was met, what for, for whom, what came of it.

    `employer` is one of the program's businesses; or `new_employer_name` (and city) creates the
    business on the spot. `job_seekers` lists (job seeker, was there) pairs.
    """
    access.require(actor, roles.Action.EMPLOYER_EDIT, program)
    staff = access.staff_membership(actor, program)
    if staff is None:  # the gate lets only the program's staff through; this is a safeguard
        raise PermissionDenied
    new_employer_name = (new_employer_name or "").strip()
    person_met_name = (person_met_name or "").strip()
    people = _normalized_job_seekers(job_seekers)
    _check_contact(
        program=program,
        date=date,
        employer=employer,
        new_employer_name=new_employer_name,
        person_met=person_met,
        purpose=purpose,
        people=people,
        next_step_on=next_step_on,
    )
    if employer is None:
        employer = _new_employer(
            actor=actor,
            program=program,
            name=new_employer_name,
            city=(new_employer_city or "").strip(),
            met=bool(face_to_face),
        )
    contact = EmployerContact(
        program=program,
        date=date,
        staff=staff,
        employer=employer,
        person_met=_person_met(
            actor=actor, employer=employer, person_met=person_met, person_met_name=person_met_name
        ),
        face_to_face=bool(face_to_face),
        purpose=purpose,
        outcome=(outcome or "").strip(),
        next_step=(next_step or "").strip(),
        next_step_on=next_step_on,
    )
    validated_save(contact)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=contact,
        changes=audit.diff({}, _contact_snapshot(contact, {p.pk: present for p, present in people})),
    )
    _set_job_seekers(actor=actor, contact=contact, people=people)
    _start_job_search(actor=actor, contact=contact, people=[p for p, _present in people])
    return contact


def is_writer(user, contact: EmployerContact) -> bool:
    """Did this user log the contact?"""
    return user is not None and user.is_authenticated and contact.staff.user_id == user.pk


@transaction.atomic
def employer_contact_update(
    *,
    actor,
    contact: EmployerContact,
    version: int | None,
    date: datetime.date | None,
    purpose: str,
    employer: Employer | None = None,
    new_employer_name: str = "",
    new_employer_city: str = "",
    person_met: EmployerPerson | None = None,
    person_met_name: str = "",
    face_to_face: bool = True,
    job_seekers: Iterable = (),
    outcome: str = "",
    next_step: str = "",
    next_step_on: datetime.date | None = None,
) -> EmployerContact:
    """Correct a contact: only the person who logged it; a stale version is refused."""
    access.require(actor, roles.Action.EMPLOYER_EDIT, contact.program)
    contact = (
        EmployerContact.objects.select_for_update(of=("self",))
        .select_related("staff", "program", "employer")
        .get(pk=contact.pk)
    )
    if not is_writer(actor, contact):
        raise PermissionDenied(not_writer_message())
    check_version(contact, version)
    program = contact.program
    new_employer_name = (new_employer_name or "").strip()
    person_met_name = (person_met_name or "").strip()
    people = _normalized_job_seekers(job_seekers)
    _check_contact(
        program=program,
        date=date,
        employer=employer,
        new_employer_name=new_employer_name,
        person_met=person_met,
        purpose=purpose,
        people=people,
        next_step_on=next_step_on,
    )
    before = _contact_snapshot(contact, dict(contact.for_job_seekers.values_list("job_seeker_id", "present")))
    if employer is None:
        employer = _new_employer(
            actor=actor,
            program=program,
            name=new_employer_name,
            city=(new_employer_city or "").strip(),
            met=bool(face_to_face),
        )
    contact.date = date
    contact.employer = employer
    contact.person_met = _person_met(
        actor=actor, employer=employer, person_met=person_met, person_met_name=person_met_name
    )
    contact.face_to_face = bool(face_to_face)
    contact.purpose = purpose
    contact.outcome = (outcome or "").strip()
    contact.next_step = (next_step or "").strip()
    contact.next_step_on = next_step_on
    validated_save(contact, bump_version=True)
    _set_job_seekers(actor=actor, contact=contact, people=people)
    after = _contact_snapshot(contact, {p.pk: present for p, present in people})
    changes = audit.diff(before, after)
    if changes:
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=contact, changes=changes)
    _start_job_search(actor=actor, contact=contact, people=[p for p, _present in people])
    return contact

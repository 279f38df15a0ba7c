"""Export a program's records in the interchange format: the same files `import_program` reads.

Deterministic: columns in the order of the format, rows sorted by ref (by all their columns in the
files without one), `\\n` line ends, UTF-8 without a byte-order mark. Archived rows are left out
(the format cannot say "archived"); a business an exported row names is always written.
A staff membership without a ref is written as `staff-<id>`, which stays stable round after round.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import defaultdict

from django.db import transaction

from accounts import access, roles
from accounts.models import Membership, Program
from core import audit
from core.models import AuditAction
from employers.models import Employer, EmployerContact, EmployerContactJobSeeker
from jobs.models import EducationEnrollment, Job
from people.models import JobSeeker, ServiceNote

from .rules import FILE_ORDER, FILES, ROLE_TO_FILE, format_cell


def _csv(name: str, rows: list[dict]) -> bytes:
    spec = FILES[name]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(spec.column_names)
    lines = [[format_cell(spec.column(c), row.get(c)) for c in spec.column_names] for row in rows]
    if spec.key:
        position = spec.column_names.index(spec.key)
        lines.sort(key=lambda cells: (cells[position], cells))
    else:
        lines.sort()
    writer.writerows(lines)
    return out.getvalue().encode("utf-8")


def _staff_ref(membership: Membership) -> str:
    return membership.ref or f"staff-{membership.pk}"


def export_files(program: Program) -> dict[str, bytes]:
    """The program's files by name; reads only, a fixed number of queries whatever the size."""
    area = program.primary_area if hasattr(program, "programarea_set") else None
    files: dict[str, bytes] = {}
    files["program.csv"] = _csv(
        "program.csv",
        [
            {
                "slug": program.slug,
                "name": program.name,
                "agency": program.agency.name,
                "county": area.name if area else None,
                "state": program.state,
                "start_date": program.start_date,
            }
        ],
    )

    memberships = list(
        Membership.objects.filter(program=program, role__in=list(ROLE_TO_FILE)).select_related("user")
    )
    staff_ref = {m.pk: _staff_ref(m) for m in memberships}
    files["staff.csv"] = _csv(
        "staff.csv",
        [
            {
                "ref": staff_ref[m.pk],
                "first_name": m.user.first_name,
                "last_name": m.user.last_name,
                "email": m.user.email.lower(),
                "role": ROLE_TO_FILE[m.role],
                "fte": m.fte,
                "start_date": m.start_date,
                "end_date": m.end_date,
            }
            for m in memberships
        ],
    )

    people = list(JobSeeker.objects.filter(program=program, archived_at__isnull=True))
    person_ref = {p.pk: p.ref for p in people}
    files["job_seekers.csv"] = _csv(
        "job_seekers.csv",
        [
            {
                "ref": p.ref,
                "first_name": p.first_name,
                "last_name": p.last_name,
                "date_of_birth": p.date_of_birth,
                "referral_date": p.referral_date,
                "interest_date": p.interest_date,
                "enrollment_date": p.enrollment_date,
                "employment_specialist": staff_ref.get(p.employment_specialist_id),
                "closed_date": p.closed_date,
                "closure_reason": p.closure_reason,
            }
            for p in people
        ],
    )

    jobs = list(
        Job.objects.filter(program=program, archived_at__isnull=True, job_seeker_id__in=list(person_ref))
    )
    contacts = list(EmployerContact.objects.filter(program=program, archived_at__isnull=True))
    named = {j.employer_id for j in jobs} | {c.employer_id for c in contacts}
    employers = [
        e for e in Employer.objects.filter(program=program) if e.archived_at is None or e.pk in named
    ]
    employer_ref = {e.pk: e.ref for e in employers}
    files["employers.csv"] = _csv(
        "employers.csv",
        [
            {"ref": e.ref, "name": e.name, "industry": e.industry, "city": e.city, "state": e.state}
            for e in employers
        ],
    )

    with_people = defaultdict(list)
    for contact_id, person_id in EmployerContactJobSeeker.objects.filter(
        contact__program=program
    ).values_list("contact_id", "job_seeker_id"):
        if person_id in person_ref:
            with_people[contact_id].append(person_ref[person_id])
    files["employer_contacts.csv"] = _csv(
        "employer_contacts.csv",
        [
            {
                "date": c.date,
                "staff": staff_ref.get(c.staff_id),
                "employer": employer_ref[c.employer_id],
                "face_to_face": c.face_to_face,
                "with_job_seeker": sorted(with_people[c.pk]),
                "purpose": c.purpose,
            }
            for c in contacts
            if c.staff_id in staff_ref
        ],
    )

    files["jobs.csv"] = _csv(
        "jobs.csv",
        [
            {
                "ref": j.ref,
                "job_seeker": person_ref[j.job_seeker_id],
                "employer": employer_ref.get(j.employer_id),
                "employer_name": j.employer_name,
                "title": j.title,
                "start_date": j.start_date,
                "end_date": j.end_date,
                "end_reason": j.end_reason,
                "hours_per_week": j.hours_per_week,
                "hourly_wage": j.hourly_wage,
                "pays_same_as_coworkers": j.pays_same_as_coworkers,
                "open_to_anyone": j.open_to_anyone,
                "agency_time_limit": j.agency_time_limit,
                "self_employment": j.self_employment,
                "found_with_ips": j.found_with_ips,
            }
            for j in jobs
        ],
    )

    files["education.csv"] = _csv(
        "education.csv",
        [
            {
                "job_seeker": person_ref[e.job_seeker_id],
                "kind": e.kind,
                "name": e.name,
                "start_date": e.start_date,
                "end_date": e.end_date,
                "completed": e.completed,
            }
            for e in EducationEnrollment.objects.filter(program=program, archived_at__isnull=True)
            if e.job_seeker_id in person_ref
        ],
    )

    files["service_notes.csv"] = _csv(
        "service_notes.csv",
        [
            {
                "job_seeker": person_ref[n.job_seeker_id],
                "date": n.date,
                "staff": staff_ref.get(n.staff_id),
                "kind": n.kind,
                "location": n.location,
                "minutes": n.minutes,
                "text": n.text,
            }
            for n in ServiceNote.objects.filter(program=program, archived_at__isnull=True)
            if n.job_seeker_id in person_ref
        ],
    )
    return {name: files[name] for name in FILE_ORDER}


def as_zip(files: dict[str, bytes], folder: str) -> bytes:
    """The files in one zip, inside a folder named after the program (fixed times: same bytes each run)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return out.getvalue()


@transaction.atomic
def program_export(*, actor, program: Program, actor_email: str = "export_program") -> dict[str, bytes]:
    """All of a program's records as interchange files; personal data leaves, so it is audited."""
    if actor is not None:
        access.require(actor, roles.Action.PROGRAM_EXPORT, program)
    files = export_files(program)
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=program,
        program=program,
        changes={"files": {name: data.count(b"\n") - 1 for name, data in files.items()}},
        actor_email=None if actor is not None else actor_email,
    )
    return files

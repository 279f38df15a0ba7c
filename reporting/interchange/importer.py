"""Import a program's records from the interchange folder: check every row, then write them all
in one transaction (or nothing at all).

Rows are matched by `ref` (by all their columns in the files without one), so importing the same
folder twice changes nothing the second time. Choices the format leaves open:

- a new job seeker's referral source is left empty and its referral channel is "Imported";
- an empty `interest_date` is the referral date; an empty `self_employment` is "no" and an empty
  `found_with_ips` is "yes" (the app's own defaults); an empty `completed` is "no";
- a service note is written "in person" (the format has no mode) and is locked at once: an
  imported note is a finished legal record, corrected only by an addendum;
- an existing user (matched by e-mail, ignoring case) keeps their name; a new one has no usable
  password until they accept an invitation;
- the job seeker's employment specialist also opens a caseload assignment from enrollment, as
  enrolling does in the app; a job's competitive-integrated answer is computed by jobs/rules.py
  through the jobs service's own `apply_competitive_check`.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access, roles
from accounts.models import (
    Agency,
    AgencyKind,
    AreaKind,
    Membership,
    Program,
    ProgramArea,
    ProgramStatus,
    ServiceArea,
    User,
)
from core import audit
from core.dates import today_in
from core.models import AuditAction
from employers.models import Employer, EmployerContact, EmployerContactJobSeeker
from jobs.models import EducationEnrollment, Job
from jobs.services.jobs import all_rates, apply_competitive_check
from people.models import CaseloadAssignment, JobSeeker, NoteMode, ReferralChannel, ServiceNote

from .rules import FILE_ORDER, FILES, STAFF_ROLES, CellError, Problem, Row, parse_cell
from .source import Table

Progress = Callable[[str, int, int], None]  # (phase "check" or "write", rows done, rows in all)
PROGRESS_EVERY = 250


@dataclass
class Result:
    """What an import did (or, for a dry run, would do), or every problem that stopped it."""

    dry_run: bool
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    program: Program | None = None
    program_slug: str = ""
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary_lines(self) -> list[str]:
        return [
            _("%(file)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged")
            % {"file": name, **counts}
            for name, counts in self.counts.items()
        ]


class _Stop(Exception):
    """The database refused a row: the transaction is spoiled, so the import stops there."""


# --- Checking: structure, cells, and the rules across rows -------------------------------------


def _check_structure(tables: dict[str, Table], problems: list[Problem]) -> None:
    for name, spec in FILES.items():
        if spec.required and name not in tables:
            problems.append(Problem(name, None, None, _("this file is required and is missing")))
    for name, table in tables.items():
        spec = FILES[name]
        seen: set[str] = set()
        for column in table.header:
            if column in seen:
                problems.append(Problem(name, table.header_line, column, _("this column appears twice")))
            seen.add(column)
            if column not in spec.column_names:
                problems.append(
                    Problem(
                        name,
                        table.header_line,
                        column or "?",
                        _("unknown column; the columns of %(file)s are: %(columns)s")
                        % {"file": name, "columns": ", ".join(spec.column_names)},
                    )
                )
        for column in spec.columns:
            if column.required and column.name not in seen:
                problems.append(
                    Problem(name, table.header_line, column.name, _("this required column is missing"))
                )


def _parse_rows(tables: dict[str, Table], problems: list[Problem], tick) -> dict[str, list[Row]]:
    parsed: dict[str, list[Row]] = {}
    for name in FILE_ORDER:
        table = tables.get(name)
        if table is None:
            continue
        spec = FILES[name]
        index = {column: i for i, column in enumerate(table.header)}
        rows = []
        for line, cells in table.rows:
            tick()
            if len(cells) > len(table.header):
                problems.append(
                    Problem(
                        name,
                        line,
                        None,
                        _("this row has %(n)s cells but the header has %(m)s columns")
                        % {"n": len(cells), "m": len(table.header)},
                    )
                )
                continue
            row = Row(name, line)
            for column in spec.columns:
                i = index.get(column.name)
                text = cells[i] if i is not None and i < len(cells) else ""
                row.text[column.name] = text
                try:
                    row.values[column.name] = parse_cell(column, text)
                except CellError as exc:
                    problems.append(Problem(name, line, column.name, str(exc)))
                    row.values[column.name] = None
            rows.append(row)
        parsed[name] = rows
    return parsed


def _by_ref(rows: list[Row], problems: list[Problem], key: str = "ref") -> dict[str, Row]:
    found: dict[str, Row] = {}
    for row in rows:
        ref = row[key]
        if ref is None:
            continue
        if ref in found:
            problems.append(
                Problem(
                    row.file,
                    row.line,
                    key,
                    _("%(ref)s is already used on line %(line)s; a ref must be unique within the file")
                    % {"ref": ref, "line": found[ref].line},
                )
            )
            continue
        found[ref] = row
    return found


def _unknown(row: Row, column: str, ref: str, target: str) -> Problem:
    return Problem(
        row.file, row.line, column, _("%(ref)s is not a ref in %(file)s") % {"ref": ref, "file": target}
    )


def _date_problem(row: Row, column: str, message: str) -> Problem:
    return Problem(row.file, row.line, column, message)


def _check_across(parsed: dict[str, list[Row]], problems: list[Problem], program: Program | None) -> None:
    program_rows = parsed.get("program.csv", [])
    if len(program_rows) != 1 and "program.csv" in parsed:
        problems.append(
            Problem(
                "program.csv",
                program_rows[1].line if len(program_rows) > 1 else None,
                None,
                _("program.csv must have exactly one row (it has %(n)s)") % {"n": len(program_rows)},
            )
        )
    if program is not None and program_rows and program_rows[0]["slug"] not in (None, program.slug):
        problems.append(
            Problem(
                "program.csv",
                program_rows[0].line,
                "slug",
                _(
                    "%(slug)s is not this program (%(expected)s); import a program's files into that program only"
                )
                % {"slug": program_rows[0]["slug"], "expected": program.slug},
            )
        )

    staff = _by_ref(parsed.get("staff.csv", []), problems)
    for row in staff.values():
        if row["start_date"] and row["end_date"] and row["end_date"] < row["start_date"]:
            problems.append(_date_problem(row, "end_date", _("the end date is before the start date")))

    people = _by_ref(parsed.get("job_seekers.csv", []), problems)
    for row in people.values():
        referral, interest = row["referral_date"], row["interest_date"]
        enrollment, closed = row["enrollment_date"], row["closed_date"]
        dob = row["date_of_birth"]
        specialist = row["employment_specialist"]
        if specialist is not None:
            if specialist not in staff:
                problems.append(_unknown(row, "employment_specialist", specialist, "staff.csv"))
            elif staff[specialist]["role"] not in (None, "employment_specialist"):
                problems.append(
                    Problem(
                        row.file,
                        row.line,
                        "employment_specialist",
                        _("%(ref)s is not an employment specialist in staff.csv") % {"ref": specialist},
                    )
                )
        if referral and dob and referral <= dob:
            problems.append(
                _date_problem(row, "referral_date", _("the referral date is not after the date of birth"))
            )
        if enrollment and referral and enrollment < referral:
            problems.append(
                _date_problem(row, "enrollment_date", _("enrollment is before the referral date"))
            )
        elif enrollment and interest and enrollment < interest:
            problems.append(
                _date_problem(
                    row, "enrollment_date", _("enrollment is before the date they said they want to work")
                )
            )
        if closed is not None and not row["closure_reason"]:
            problems.append(
                _date_problem(row, "closure_reason", _("a closed record needs its closure reason"))
            )
        if closed is None and row["closure_reason"] and row.text.get("closed_date", "").strip() == "":
            problems.append(_date_problem(row, "closed_date", _("a closure reason needs its closed date")))
        if closed is not None:
            start = enrollment or referral
            if start and closed < start:
                problems.append(
                    _date_problem(row, "closed_date", _("the closed date is before enrollment (or referral)"))
                )

    employers = _by_ref(parsed.get("employers.csv", []), problems)

    for row in parsed.get("employer_contacts.csv", []):
        if row["staff"] is not None and row["staff"] not in staff:
            problems.append(_unknown(row, "staff", row["staff"], "staff.csv"))
        if row["employer"] is not None and row["employer"] not in employers:
            problems.append(_unknown(row, "employer", row["employer"], "employers.csv"))
        for ref in row["with_job_seeker"] or []:
            if ref not in people:
                problems.append(_unknown(row, "with_job_seeker", ref, "job_seekers.csv"))

    _by_ref(parsed.get("jobs.csv", []), problems)
    for row in parsed.get("jobs.csv", []):
        person = people.get(row["job_seeker"]) if row["job_seeker"] else None
        if row["job_seeker"] is not None and person is None:
            problems.append(_unknown(row, "job_seeker", row["job_seeker"], "job_seekers.csv"))
        if row["employer"] is not None and row["employer"] not in employers:
            problems.append(_unknown(row, "employer", row["employer"], "employers.csv"))
        if row["employer"] and row["employer_name"]:
            problems.append(
                Problem(
                    row.file,
                    row.line,
                    "employer_name",
                    _("give the employer ref or the employer name, not both"),
                )
            )
        elif not row["employer"] and not row["employer_name"] and not row.text.get("employer", "").strip():
            problems.append(
                Problem(row.file, row.line, "employer", _("give the employer ref or the employer name"))
            )
        start, end = row["start_date"], row["end_date"]
        if start and end and end < start:
            problems.append(_date_problem(row, "end_date", _("the end date is before the start date")))
        if end is not None and not row["end_reason"] and not row.text.get("end_reason", "").strip():
            problems.append(
                Problem(row.file, row.line, "end_reason", _("a job that ended needs its end reason"))
            )
        if end is None and row["end_reason"] and not row.text.get("end_date", "").strip():
            problems.append(Problem(row.file, row.line, "end_date", _("an end reason needs the end date")))
        if person is not None and start is not None:
            dob, enrollment = person["date_of_birth"], person["enrollment_date"]
            found_with_ips = row["found_with_ips"] is not False
            if dob is not None and start <= dob:
                problems.append(
                    _date_problem(
                        row,
                        "start_date",
                        _(
                            "the job starts on or before the person's date of birth (%(dob)s, job_seekers.csv line %(line)s)"
                        )
                        % {"dob": dob.isoformat(), "line": person.line},
                    )
                )
            elif enrollment is None and person.text.get("enrollment_date", "").strip() == "":
                problems.append(
                    _date_problem(
                        row,
                        "job_seeker",
                        _("%(ref)s is not enrolled; a job can be recorded only for an enrolled person")
                        % {"ref": row["job_seeker"]},
                    )
                )
            elif enrollment is not None and found_with_ips and start < enrollment:
                problems.append(
                    _date_problem(
                        row,
                        "start_date",
                        _(
                            "a job found with IPS starts on or after enrollment (%(day)s); if the person already had it, write found_with_ips = no"
                        )
                        % {"day": enrollment.isoformat()},
                    )
                )

    for row in parsed.get("education.csv", []):
        if row["job_seeker"] is not None and row["job_seeker"] not in people:
            problems.append(_unknown(row, "job_seeker", row["job_seeker"], "job_seekers.csv"))
        if row["start_date"] and row["end_date"] and row["end_date"] < row["start_date"]:
            problems.append(_date_problem(row, "end_date", _("the end date is before the start date")))
        if row["completed"] and row["end_date"] is None and not row.text.get("end_date", "").strip():
            problems.append(
                Problem(row.file, row.line, "end_date", _("a completed enrollment needs its end date"))
            )

    for row in parsed.get("service_notes.csv", []):
        if row["job_seeker"] is not None and row["job_seeker"] not in people:
            problems.append(_unknown(row, "job_seeker", row["job_seeker"], "job_seekers.csv"))
        if row["staff"] is not None and row["staff"] not in staff:
            problems.append(_unknown(row, "staff", row["staff"], "staff.csv"))


# --- Writing ---------------------------------------------------------------------------------------


def _fk_names(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if f.is_relation]


class _Writer:
    """Writes the checked rows; counts what it created, updated or left unchanged per file."""

    def __init__(
        self, *, actor, actor_email: str, parsed: dict[str, list[Row]], program: Program | None, tick
    ):
        self.actor = actor
        self.actor_email = actor_email
        self.parsed = parsed
        self.program = program
        self.tick = tick
        self.problems: list[Problem] = []
        self.counts: dict[str, dict[str, int]] = {}
        self.staff: dict[str, Membership] = {}
        self.people: dict[str, JobSeeker] = {}
        self.employers: dict[str, Employer] = {}
        self.now = timezone.now()

    # helpers

    def _count(self, name: str, what: str) -> None:
        self.counts.setdefault(name, {"created": 0, "updated": 0, "unchanged": 0})[what] += 1

    def _audit(self, obj, action, changes, job_seeker_id=None) -> None:
        audit.record(
            actor=self.actor,
            action=action,
            obj=obj,
            program=self.program,
            job_seeker_id=job_seeker_id,
            changes=changes,
            actor_email=self.actor_email if self.actor is None else None,
        )

    def _save(self, row: Row, obj, *, creating: bool, before: dict | None, job_seeker_id=None) -> None:
        try:
            obj.full_clean(exclude=_fk_names(type(obj)), validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            spec = FILES[row.file]
            for name, messages in exc.message_dict.items():
                column = name if name in spec.column_names else None
                self.problems.append(Problem(row.file, row.line, column, " ".join(messages)))
            return
        if not creating and hasattr(obj, "version"):
            obj.version += 1
        try:
            with transaction.atomic():
                obj.save()
        except IntegrityError as exc:
            self.problems.append(
                Problem(
                    row.file, row.line, None, _("the database refused this row: %(error)s") % {"error": exc}
                )
            )
            raise _Stop from exc
        if job_seeker_id is None and isinstance(obj, JobSeeker):
            job_seeker_id = obj.pk
        if creating:
            self._audit(obj, AuditAction.CREATE, audit.diff({}, audit.snapshot(obj)), job_seeker_id)
        else:
            self._audit(
                obj, AuditAction.UPDATE, audit.diff(before, audit.snapshot(obj, list(before))), job_seeker_id
            )

    def _apply(
        self, row: Row, obj, values: dict, *, job_seeker_id=None, creating=False, extra_changed=False
    ) -> bool:
        """Set `values` on obj and save it if anything changed; count it. True if written."""
        if creating:
            for name, value in values.items():
                setattr(obj, name, value)
            self._save(row, obj, creating=True, before=None, job_seeker_id=job_seeker_id)
            self._count(row.file, "created")
            return True
        fields = list(values)
        before = audit.snapshot(obj, fields)
        changed = extra_changed
        for name, value in values.items():
            current = getattr(
                obj, obj._meta.get_field(name).attname if obj._meta.get_field(name).is_relation else name
            )
            new = value.pk if hasattr(value, "pk") else value
            if current != new:
                changed = True
            setattr(obj, name, value)
        if not changed:
            self._count(row.file, "unchanged")
            return False
        self._save(row, obj, creating=False, before=before, job_seeker_id=job_seeker_id)
        self._count(row.file, "updated")
        return True

    # files

    def program_csv(self) -> None:
        row = self.parsed["program.csv"][0]
        self.tick()
        agency = Agency.objects.filter(name=row["agency"], state=row["state"]).first()
        if agency is None:
            agency = Agency(name=row["agency"], state=row["state"], kind=AgencyKind.OTHER)
            agency.full_clean()
            agency.save()
            self._audit(agency, AuditAction.CREATE, audit.diff({}, audit.snapshot(agency)))
        program = self.program or Program.objects.select_for_update().filter(slug=row["slug"]).first()
        values = {
            "name": row["name"],
            "agency": agency,
            "state": row["state"],
            "start_date": row["start_date"],
        }
        if program is None:
            program = Program(
                slug=row["slug"], status=ProgramStatus.ACTIVE if row["start_date"] else ProgramStatus.PLANNING
            )
            self.program = program
            self._apply(row, program, values, creating=True)
            self._county(row, program)
            return
        self.program = program
        if row["start_date"] is None and program.status != ProgramStatus.PLANNING:
            self.problems.append(
                Problem(row.file, row.line, "start_date", _("an active program needs its start date"))
            )
            return
        area_changed = self._county(row, program)
        self._apply(row, program, values, extra_changed=area_changed)

    def _county(self, row: Row, program: Program) -> bool:
        """Make the file's county the program's primary area; True if that changed anything."""
        name = row["county"]
        if not name:
            return False
        area = ServiceArea.objects.filter(state=row["state"], name__iexact=name).order_by("kind").first()
        if area is None:
            area = ServiceArea(kind=AreaKind.COUNTY, name=name, state=row["state"])
            area.full_clean()
            area.save()
        links = list(ProgramArea.objects.filter(program=program))
        primary = next((link for link in links if link.is_primary), None)
        if primary is not None and primary.area_id == area.pk:
            return False
        if primary is not None:
            primary.is_primary = False
            primary.save(update_fields=["is_primary"])
        link = next((link for link in links if link.area_id == area.pk), None)
        if link is None:
            ProgramArea.objects.create(program=program, area=area, is_primary=True)
        else:
            link.is_primary = True
            link.save(update_fields=["is_primary"])
        return True

    def staff_csv(self) -> None:
        rows = self.parsed["staff.csv"]
        emails = {row["email"] for row in rows}
        users = {
            user.email_lower: user
            for user in User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
        }
        memberships = list(Membership.objects.filter(program=self.program).select_related("user"))
        by_ref = {m.ref: m for m in memberships if m.ref}
        for row in rows:
            self.tick()
            user = users.get(row["email"])
            if user is None:
                user = User(email=row["email"], first_name=row["first_name"], last_name=row["last_name"])
                user.set_unusable_password()
                user.full_clean(exclude=["password"], validate_unique=False, validate_constraints=False)
                user.save()
                user.email_lower = row["email"]
                users[row["email"]] = user
                self._audit(user, AuditAction.CREATE, audit.diff({}, audit.snapshot(user)))
            role = STAFF_ROLES[row["role"]]
            membership = by_ref.get(row["ref"])
            if membership is not None and membership.user_id != user.pk:
                self.problems.append(
                    Problem(
                        row.file,
                        row.line,
                        "email",
                        _(
                            "staff ref %(ref)s is %(email)s in this program; a ref cannot move to another person"
                        )
                        % {"ref": row["ref"], "email": membership.user.email},
                    )
                )
                continue
            if membership is None:
                membership = next(
                    (m for m in memberships if m.user_id == user.pk and m.role == role and not m.ref), None
                )
            values = {
                "ref": row["ref"],
                "role": role,
                "fte": row["fte"],
                "start_date": row["start_date"],
                "end_date": row["end_date"],
            }
            if membership is None:
                membership = Membership(user=user, program=self.program)
                self._apply(row, membership, values, creating=True)
                memberships.append(membership)
            else:
                self._apply(row, membership, values)
            self.staff[row["ref"]] = membership

    def job_seekers_csv(self) -> None:
        existing = {p.ref: p for p in JobSeeker.objects.filter(program=self.program)}
        open_assignments = {
            a.job_seeker_id: a
            for a in CaseloadAssignment.objects.filter(job_seeker__program=self.program, to_date__isnull=True)
        }
        today = today_in(self.program.time_zone)
        for row in self.parsed["job_seekers.csv"]:
            self.tick()
            specialist = (
                self.staff.get(row["employment_specialist"]) if row["employment_specialist"] else None
            )
            values = {
                "first_name": row["first_name"],
                "last_name": row["last_name"],
                "date_of_birth": row["date_of_birth"],
                "referral_date": row["referral_date"],
                "interest_date": row["interest_date"] or row["referral_date"],
                "enrollment_date": row["enrollment_date"],
                "employment_specialist": specialist,
                "closed_date": row["closed_date"],
                "closure_reason": row["closure_reason"] or "",
            }
            person = existing.get(row["ref"])
            creating = person is None
            if creating:
                person = JobSeeker(
                    program=self.program, ref=row["ref"], referral_channel=ReferralChannel.IMPORT
                )
            old_specialist = None if creating else person.employment_specialist_id
            was_closed = None if creating else person.closed_date
            self._apply(row, person, values, creating=creating)
            self.people[row["ref"]] = person
            if not self.problems:
                self._assignment(
                    person, open_assignments.get(person.pk), creating, old_specialist, was_closed, today
                )

    def _assignment(self, person: JobSeeker, current, creating, old_specialist, was_closed, today) -> None:
        """Keep the caseload history in step with the file, as enrolling, transferring and closing do."""
        specialist_id = person.employment_specialist_id
        if creating:
            if specialist_id and person.enrollment_date:
                self._open(person, person.enrollment_date, person.closed_date)
            return
        if specialist_id != old_specialist:
            if current is not None:
                end = person.closed_date or today - datetime.timedelta(days=1)
                self._close(current, end)
            if specialist_id and person.enrollment_date and not person.closed_date:
                self._open(person, max(today, person.enrollment_date), None)
        elif person.closed_date and not was_closed and current is not None:
            self._close(current, person.closed_date)

    def _open(self, person, from_date, to_date) -> None:
        assignment = CaseloadAssignment(
            job_seeker=person,
            employment_specialist=person.employment_specialist,
            from_date=from_date,
            to_date=to_date,
            reason=_("Imported"),
        )
        assignment.save()
        self._audit(assignment, AuditAction.CREATE, audit.diff({}, audit.snapshot(assignment)), person.pk)

    def _close(self, assignment, end) -> None:
        before = audit.snapshot(assignment, ["to_date"])
        assignment.to_date = max(assignment.from_date, end)
        assignment.save(update_fields=["to_date", "updated_at"])
        self._audit(
            assignment,
            AuditAction.UPDATE,
            audit.diff(before, audit.snapshot(assignment, ["to_date"])),
            assignment.job_seeker_id,
        )

    def employers_csv(self) -> None:
        existing = {e.ref: e for e in Employer.objects.filter(program=self.program)}
        for row in self.parsed.get("employers.csv", []):
            self.tick()
            values = {
                "name": row["name"],
                "industry": row["industry"] or "",
                "city": row["city"] or "",
                "state": row["state"] or "",
            }
            employer = existing.get(row["ref"])
            if employer is None:
                employer = Employer(program=self.program, ref=row["ref"])
                self._apply(row, employer, values, creating=True)
            else:
                self._apply(row, employer, values)
            self.employers[row["ref"]] = employer

    def employer_contacts_csv(self) -> None:
        rows = self.parsed.get("employer_contacts.csv", [])
        if not rows:
            return
        links = defaultdict(list)
        for contact_id, person_id in EmployerContactJobSeeker.objects.filter(
            contact__program=self.program
        ).values_list("contact_id", "job_seeker_id"):
            links[contact_id].append(person_id)
        pool = defaultdict(list)
        for c in EmployerContact.objects.filter(program=self.program).order_by("id"):
            key = (c.date, c.staff_id, c.employer_id, c.face_to_face, tuple(sorted(links[c.pk])), c.purpose)
            pool[key].append(c)
        for row in rows:
            self.tick()
            staff = self.staff[row["staff"]]
            employer = self.employers[row["employer"]]
            people = [self.people[ref] for ref in row["with_job_seeker"] or []]
            key = (
                row["date"],
                staff.pk,
                employer.pk,
                row["face_to_face"],
                tuple(sorted({p.pk for p in people})),
                row["purpose"],
            )
            if pool[key]:
                pool[key].pop(0)
                self._count(row.file, "unchanged")
                continue
            contact = EmployerContact(program=self.program)
            self._apply(
                row,
                contact,
                {
                    "date": row["date"],
                    "staff": staff,
                    "employer": employer,
                    "face_to_face": row["face_to_face"],
                    "purpose": row["purpose"],
                },
                creating=True,
            )
            for person in {p.pk: p for p in people}.values():
                EmployerContactJobSeeker.objects.create(contact=contact, job_seeker=person)

    def jobs_csv(self) -> None:
        rows = self.parsed.get("jobs.csv", [])
        if not rows:
            return
        rates = all_rates()
        existing = {j.ref: j for j in Job.objects.filter(program=self.program)}
        for row in rows:
            self.tick()
            person = self.people[row["job_seeker"]]
            values = {
                "job_seeker": person,
                "employer": self.employers[row["employer"]] if row["employer"] else None,
                "employer_name": row["employer_name"] or "",
                "title": row["title"],
                "start_date": row["start_date"],
                "end_date": row["end_date"],
                "end_reason": row["end_reason"] or "",
                "hours_per_week": row["hours_per_week"],
                "hourly_wage": row["hourly_wage"],
                "pays_same_as_coworkers": row["pays_same_as_coworkers"],
                "open_to_anyone": row["open_to_anyone"],
                "agency_time_limit": row["agency_time_limit"],
                "self_employment": bool(row["self_employment"]),
                "found_with_ips": row["found_with_ips"] is not False,
            }
            job = existing.get(row["ref"])
            if job is None:
                job = Job(program=self.program, ref=row["ref"])
                for name, value in values.items():
                    setattr(job, name, value)
                apply_competitive_check(job, self.program, rates)
                self._apply(row, job, {}, creating=True, job_seeker_id=person.pk)
                continue
            probe = Job(
                **{name: value for name, value in values.items() if name not in ("job_seeker", "employer")}
            )
            probe.competitive_integrated = job.competitive_integrated
            probe.applicable_minimum_wage = job.applicable_minimum_wage
            probe.not_competitive_because = list(job.not_competitive_because or [])
            computed_changed = apply_competitive_check(probe, self.program, rates)
            values.update(
                competitive_integrated=probe.competitive_integrated,
                applicable_minimum_wage=probe.applicable_minimum_wage,
                not_competitive_because=probe.not_competitive_because,
            )
            self._apply(row, job, values, job_seeker_id=person.pk, extra_changed=computed_changed)

    def education_csv(self) -> None:
        rows = self.parsed.get("education.csv", [])
        if not rows:
            return
        pool = defaultdict(list)
        for e in EducationEnrollment.objects.filter(program=self.program).order_by("id"):
            pool[(e.job_seeker_id, e.kind, e.name, e.start_date, e.end_date, e.completed)].append(e)
        for row in rows:
            self.tick()
            person = self.people[row["job_seeker"]]
            values = {
                "job_seeker": person,
                "kind": row["kind"],
                "name": row["name"],
                "start_date": row["start_date"],
                "end_date": row["end_date"],
                "completed": bool(row["completed"]),
            }
            key = (
                person.pk,
                row["kind"],
                row["name"],
                row["start_date"],
                row["end_date"],
                bool(row["completed"]),
            )
            if pool[key]:
                pool[key].pop(0)
                self._count(row.file, "unchanged")
                continue
            self._apply(
                row, EducationEnrollment(program=self.program), values, creating=True, job_seeker_id=person.pk
            )

    def service_notes_csv(self) -> None:
        rows = self.parsed.get("service_notes.csv", [])
        if not rows:
            return
        pool = defaultdict(list)
        for n in ServiceNote.objects.filter(program=self.program).order_by("id"):
            pool[(n.job_seeker_id, n.date, n.staff_id, n.kind, n.location, n.minutes, n.text)].append(n)
        for row in rows:
            self.tick()
            person = self.people[row["job_seeker"]]
            staff = self.staff[row["staff"]] if row["staff"] else None
            key = (
                person.pk,
                row["date"],
                staff.pk if staff else None,
                row["kind"],
                row["location"],
                row["minutes"],
                row["text"],
            )
            if pool[key]:
                pool[key].pop(0)
                self._count(row.file, "unchanged")
                continue
            values = {
                "job_seeker": person,
                "date": row["date"],
                "staff": staff,
                "kind": row["kind"],
                "location": row["location"],
                "mode": NoteMode.IN_PERSON,
                "minutes": row["minutes"],
                "text": row["text"],
                "locked_at": self.now,
            }
            self._apply(
                row, ServiceNote(program=self.program), values, creating=True, job_seeker_id=person.pk
            )

    def run(self) -> None:
        steps = [
            self.program_csv,
            self.staff_csv,
            self.job_seekers_csv,
            self.employers_csv,
            self.employer_contacts_csv,
            self.jobs_csv,
            self.education_csv,
            self.service_notes_csv,
        ]
        for name in FILE_ORDER:
            if name in self.parsed:
                self.counts.setdefault(name, {"created": 0, "updated": 0, "unchanged": 0})
        for step in steps:
            step()
            # A problem in the program or staff leaves nothing sensible to attach the rest to.
            if self.problems:
                return


def program_import(
    *,
    actor,
    tables: dict[str, Table],
    source_problems: list[Problem] | None = None,
    dry_run: bool = False,
    program: Program | None = None,
    progress: Progress | None = None,
    actor_email: str = "import_program",
) -> Result:
    """Import a program's records from checked tables: all of them in one transaction, or nothing.

    With `program` (the web import) the files must be that program's; without it (the command
    line, `actor` None) the program is found by its slug, or created.
    """
    if actor is not None:
        access.require(actor, roles.Action.PROGRAM_IMPORT, program)
    result = Result(dry_run=dry_run, problems=list(source_problems or []))
    total = sum(len(t.rows) for t in tables.values())
    result.rows = total
    state = {"done": 0, "phase": "check"}

    def tick():
        state["done"] += 1
        if progress is not None and (state["done"] % PROGRESS_EVERY == 0 or state["done"] == total):
            progress(state["phase"], state["done"], total)

    _check_structure(tables, result.problems)
    parsed = _parse_rows(tables, result.problems, tick)
    if not result.problems:
        _check_across(parsed, result.problems, program)
    if result.problems:
        return result
    result.program_slug = parsed["program.csv"][0]["slug"]
    state.update(done=0, phase="write")
    if progress is not None:
        progress("write", 0, total)
    with transaction.atomic():
        writer = _Writer(actor=actor, actor_email=actor_email, parsed=parsed, program=program, tick=tick)
        try:
            writer.run()
        except _Stop:
            pass
        result.problems.extend(writer.problems)
        result.counts = writer.counts
        result.program = writer.program
        if result.problems or dry_run:
            transaction.set_rollback(True)
    if result.problems or dry_run:
        if program is None:
            result.program = Program.objects.filter(slug=result.program_slug).first()
    if progress is not None:
        progress("write", total, total)
    return result

"""Writes about jobs: a job start, a change to it, and its ending.

The competitive-integrated check (jobs/rules.py) is computed here on every save, never typed in.
In IPS a job ending is a step, not a failure: the person goes back to job search.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts import access, roles
from accounts.models import Program
from core import audit
from core.dates import today_in
from core.services import check_version, next_ref, validated_save
from people.models import JobSeeker, PartnerKind

from ..models import Disclosure, Job, MinimumWage
from ..rules import applicable_minimum_wage, competitive_integrated

MAX_HOURS = Decimal("80")
MAX_WAGE = Decimal("500")
PLANNED_START_DAYS = 60

# What a job start and a change to it may set (the rest is computed or belongs to the ending).
JOB_FIELDS = [
    "employer",
    "employer_name",
    "opening",
    "title",
    "start_date",
    "hours_per_week",
    "hourly_wage",
    "pays_same_as_coworkers",
    "open_to_anyone",
    "agency_time_limit",
    "self_employment",
    "found_with_ips",
    "disclosure_to_employer",
    "how_found",
]
COMPUTED_FIELDS = ["competitive_integrated", "applicable_minimum_wage", "not_competitive_because"]
END_FIELDS = ["end_date", "end_reason", "end_note"]


# --- The competitive-integrated check ------------------------------------------------------------


def all_rates() -> list[MinimumWage]:
    """The whole minimum-wage table (a few dozen rows at most)."""
    return list(MinimumWage.objects.all())


def apply_competitive_check(job: Job, program: Program, rates: list[MinimumWage] | None = None) -> bool:
    """Set the job's computed fields from its answers and the table; True if any of them changed."""
    rates = all_rates() if rates is None else rates
    minimum = applicable_minimum_wage(program.state, program.wage_locality, job.start_date, rates)
    is_competitive, reasons = competitive_integrated(job, minimum)
    before = (
        job.competitive_integrated,
        job.applicable_minimum_wage,
        list(job.not_competitive_because or []),
    )
    job.competitive_integrated = is_competitive
    job.applicable_minimum_wage = minimum
    job.not_competitive_because = reasons
    old_minimum = before[1]
    return (
        before[0] != is_competitive
        or old_minimum is None
        or Decimal(old_minimum) != minimum
        or before[2] != reasons
    )


# --- Checks --------------------------------------------------------------------------------------


def _check_person(job_seeker: JobSeeker) -> None:
    if job_seeker.enrollment_date is None:
        raise ValidationError(
            _("A job can be recorded only for an enrolled person. Enroll them first."), code="not_enrolled"
        )
    if job_seeker.closed_date is not None:
        raise ValidationError(_("This record is closed. Re-open it before recording a job."), code="closed")


def _check_job(job_seeker: JobSeeker, fields: dict, *, job: Job | None = None) -> None:
    """Every rule of a job start; each broken rule is told on its field."""
    errors: dict[str, str] = {}
    today = today_in(job_seeker.program.time_zone)
    employer, employer_name = fields["employer"], fields["employer_name"]
    opening = fields["opening"]
    if employer is not None and employer_name:
        errors["employer_name"] = _("Choose the employer from the list or type its name, not both.")
    elif employer is None and not employer_name:
        errors["employer"] = _("Choose the employer, or type its name if it is not in the list.")
    if employer is not None:
        if employer.program_id != job_seeker.program_id:
            errors["employer"] = _("This employer is not one of this program's employers.")
        elif job is not None and job.employer_id == employer.pk:
            pass  # the job's own employer stays valid even if it was archived or merged since
        elif employer.merged_into_id is not None:
            errors["employer"] = _("This employer was merged into another one: choose that one.")
        elif employer.archived_at is not None:
            errors["employer"] = _("This employer is archived: choose another one or restore it.")
    if opening is not None:
        if opening.program_id != job_seeker.program_id:
            errors["opening"] = _("This opening is not one of this program's openings.")
        elif employer is not None and opening.employer_id != employer.pk:
            errors["opening"] = _("This opening is at another employer.")
    if not fields["title"]:
        errors["title"] = _("Enter the job title.")

    start = fields["start_date"]
    if start is None:
        errors["start_date"] = _("Enter the start date.")
    else:
        latest = today + datetime.timedelta(days=PLANNED_START_DAYS)
        if start > latest:
            errors["start_date"] = _(
                "A start date can be at most %(days)s days ahead (a planned start), that is %(day)s."
            ) % {"days": PLANNED_START_DAYS, "day": date_format(latest)}
        elif job_seeker.date_of_birth is not None and start <= job_seeker.date_of_birth:
            errors["start_date"] = _("The start date must be after the date of birth.")
        elif fields["found_with_ips"] and start < job_seeker.enrollment_date:
            errors["start_date"] = _(
                "A job found with IPS starts on or after enrollment (%(day)s). If the person already "
                "had this job when they enrolled, answer “No” to “Found with IPS”."
            ) % {"day": date_format(job_seeker.enrollment_date)}
        elif job is not None and job.end_date is not None and start > job.end_date:
            errors["start_date"] = _("The start date cannot be after the job's end date (%(day)s).") % {
                "day": date_format(job.end_date)
            }

    hours = fields["hours_per_week"]
    if hours is not None and not (0 < Decimal(hours) <= MAX_HOURS):
        errors["hours_per_week"] = _("Hours a week must be more than 0 and at most 80.")
    wage = fields["hourly_wage"]
    if wage is not None and not (0 <= Decimal(wage) <= MAX_WAGE):
        errors["hourly_wage"] = _("The hourly wage must be between $0 and $500.")

    if fields["disclosure_to_employer"] == Disclosure.DISCLOSED_BY_ES and start is not None:
        from people.services.consents import consent_in_force

        try:
            consent_in_force(
                job_seeker, PartnerKind.EMPLOYER_DISCLOSURE, on=start, field="disclosure_to_employer"
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, messages in exc.message_dict.items():
                    errors.setdefault(field, " ".join(messages))
            else:
                errors.setdefault("disclosure_to_employer", " ".join(exc.messages))
    if errors:
        raise ValidationError(errors)
    _check_duplicate(job_seeker, fields, job=job)


def _check_duplicate(job_seeker: JobSeeker, fields: dict, *, job: Job | None) -> None:
    """The same person, employer and title with overlapping dates is the same job recorded twice."""
    start = fields["start_date"]
    end = job.end_date if job is not None else None
    same = Job.objects.filter(job_seeker=job_seeker, archived_at__isnull=True).annotate(
        title_lower=Lower("title")
    )
    same = same.filter(title_lower=fields["title"].lower())
    if fields["employer"] is not None:
        same = same.filter(employer=fields["employer"])
    else:
        same = same.annotate(name_lower=Lower("employer_name")).filter(
            employer__isnull=True, name_lower=fields["employer_name"].lower()
        )
    # Two periods overlap when each starts before the other ends (an open end never ends).
    same = same.filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
    if end is not None:
        same = same.filter(start_date__lte=end)
    if job is not None:
        same = same.exclude(pk=job.pk)
    duplicate = same.first()
    if duplicate is not None:
        raise ValidationError(
            {
                "title": _(
                    "This job is already recorded (%(ref)s, started %(day)s): the same employer and title "
                    "with overlapping dates. Open that job instead."
                )
                % {"ref": duplicate.ref, "day": date_format(duplicate.start_date)}
            },
            code="duplicate",
        )


def _clean_fields(
    *,
    employer,
    employer_name,
    opening,
    title,
    start_date,
    hours_per_week,
    hourly_wage,
    pays_same_as_coworkers,
    open_to_anyone,
    agency_time_limit,
    self_employment,
    found_with_ips,
    disclosure_to_employer,
    how_found,
) -> dict:
    return {
        "employer": employer,
        "employer_name": (employer_name or "").strip(),
        "opening": opening,
        "title": (title or "").strip(),
        "start_date": start_date,
        "hours_per_week": hours_per_week,
        "hourly_wage": hourly_wage,
        "pays_same_as_coworkers": pays_same_as_coworkers,
        "open_to_anyone": open_to_anyone,
        "agency_time_limit": agency_time_limit,
        "self_employment": bool(self_employment),
        "found_with_ips": bool(found_with_ips),
        "disclosure_to_employer": disclosure_to_employer or "",
        "how_found": how_found or "",
    }


# --- Services ------------------------------------------------------------------------------------


@transaction.atomic
def job_start(
    *,
    actor,
    job_seeker: JobSeeker,
    title: str,
    start_date: datetime.date,
    employer=None,
    employer_name: str = "",
    opening=None,
    hours_per_week: Decimal | None = None,
    hourly_wage: Decimal | None = None,
    pays_same_as_coworkers: bool | None = None,
    open_to_anyone: bool | None = None,
    agency_time_limit: bool | None = None,
    self_employment: bool = False,
    found_with_ips: bool = True,
    disclosure_to_employer: str = "",
    how_found: str = "",
) -> Job:
    """Record a job start; whether it is competitive integrated is computed, and why not is kept."""
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, job_seeker.program)
    # The program row is locked so two job starts in the program never take the same reference.
    program = Program.objects.select_for_update().get(pk=job_seeker.program_id)
    job_seeker = JobSeeker.objects.select_related("program").get(pk=job_seeker.pk)
    _check_person(job_seeker)
    fields = _clean_fields(
        employer=employer,
        employer_name=employer_name,
        opening=opening,
        title=title,
        start_date=start_date,
        hours_per_week=hours_per_week,
        hourly_wage=hourly_wage,
        pays_same_as_coworkers=pays_same_as_coworkers,
        open_to_anyone=open_to_anyone,
        agency_time_limit=agency_time_limit,
        self_employment=self_employment,
        found_with_ips=found_with_ips,
        disclosure_to_employer=disclosure_to_employer,
        how_found=how_found,
    )
    _check_job(job_seeker, fields)
    job = Job(
        job_seeker=job_seeker,
        program=program,
        ref=next_ref(Job.objects.filter(program=program), "JOB-"),
        **fields,
    )
    apply_competitive_check(job, program)
    validated_save(job)
    audit.record_change(actor=actor, obj=job, before=None, job_seeker_id=job_seeker.pk)
    return job


def _locked_job(job: Job, version: int | None) -> Job:
    locked = Job.objects.select_for_update(of=("self",)).select_related("job_seeker__program").get(pk=job.pk)
    check_version(locked, version)
    return locked


@transaction.atomic
def job_update(
    *,
    actor,
    job: Job,
    version: int | None,
    title: str,
    start_date: datetime.date,
    employer=None,
    employer_name: str = "",
    opening=None,
    hours_per_week: Decimal | None = None,
    hourly_wage: Decimal | None = None,
    pays_same_as_coworkers: bool | None = None,
    open_to_anyone: bool | None = None,
    agency_time_limit: bool | None = None,
    self_employment: bool = False,
    found_with_ips: bool = True,
    disclosure_to_employer: str = "",
    how_found: str = "",
) -> Job:
    """Correct or complete a job's details; the competitive-integrated check is made again."""
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, job.program)
    job = _locked_job(job, version)
    job_seeker = job.job_seeker
    if job_seeker.enrollment_date is None:
        raise ValidationError(_("A job can be recorded only for an enrolled person."), code="not_enrolled")
    fields = _clean_fields(
        employer=employer,
        employer_name=employer_name,
        opening=opening,
        title=title,
        start_date=start_date,
        hours_per_week=hours_per_week,
        hourly_wage=hourly_wage,
        pays_same_as_coworkers=pays_same_as_coworkers,
        open_to_anyone=open_to_anyone,
        agency_time_limit=agency_time_limit,
        self_employment=self_employment,
        found_with_ips=found_with_ips,
        disclosure_to_employer=disclosure_to_employer,
        how_found=how_found,
    )
    _check_job(job_seeker, fields, job=job)
    before = audit.snapshot(job, JOB_FIELDS + COMPUTED_FIELDS)
    for name, value in fields.items():
        setattr(job, name, value)
    apply_competitive_check(job, job_seeker.program)
    validated_save(job, bump_version=True)
    audit.record_change(actor=actor, obj=job, before=before, job_seeker_id=job_seeker.pk)
    return job


@transaction.atomic
def job_end(
    *,
    actor,
    job: Job,
    end_date: datetime.date,
    end_reason: str,
    end_note: str = "",
    version: int | None,
) -> Job:
    """Record that a job ended: a step, not a failure. The person goes back to job search."""
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, job.program)
    job = _locked_job(job, version)
    errors = {}
    today = today_in(job.job_seeker.program.time_zone)
    if end_date is None:
        errors["end_date"] = _("Enter the last day of the job.")
    elif end_date < job.start_date:
        errors["end_date"] = _("The end date cannot be before the start date (%(day)s).") % {
            "day": date_format(job.start_date)
        }
    elif end_date > today:
        errors["end_date"] = _("The end date cannot be in the future.")
    if not end_reason:
        errors["end_reason"] = _("Choose why the job ended.")
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(job, END_FIELDS)
    job.end_date = end_date
    job.end_reason = end_reason
    job.end_note = (end_note or "").strip()
    validated_save(job, bump_version=True)
    audit.record_change(actor=actor, obj=job, before=before, job_seeker_id=job.job_seeker_id)

    # Back to job search, unless they already were; the phase rule keeps someone who holds
    # another job "working". Closing the record is a separate, deliberate act.
    person = JobSeeker.objects.select_for_update(of=("self",)).get(pk=job.job_seeker_id)
    if person.job_search_started_on is None and person.closed_date is None and person.enrollment_date:
        before_person = audit.snapshot(person, ["job_search_started_on"])
        person.job_search_started_on = max(end_date, person.enrollment_date)
        validated_save(person, bump_version=True)
        audit.record_change(actor=actor, obj=person, before=before_person, job_seeker_id=person.pk)
    return job

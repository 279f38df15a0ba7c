"""Writes about openings (jobs a business has or expects) and what happened once the ES put a
job seeker forward for one.

Every write checks the rules first and changes nothing when one fails (a ValidationError naming
the field), writes one audit row in the same transaction, and an edit of an opening based on an
old copy is refused ("changed by someone else"). Nothing here contacts an employer.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import access, roles
from core import audit
from core.dates import today_in
from core.services import check_version, validated_save
from people.models import CareerProfile, DisclosurePreference, JobSeeker, Shift

from ..models import Employer, EmployerLocation, MatchStatus, Opening, OpeningMatch, OpeningStatus

OPENING_FIELDS = (
    "title",
    "job_type",
    "hours_min",
    "hours_max",
    "hourly_wage_min",
    "hourly_wage_max",
    "shifts",
    "location",
    "requirements",
    "learned_on",
    "closes_on",
    "status",
)
MATCH_FIELDS = ("status", "note")
HOURS_MAX = Decimal("80")
WAGE_MAX = Decimal("500")
# Statuses that mean the ES spoke with the employer about the person.
EMPLOYER_CONTACT_STATUSES = frozenset({MatchStatus.INTRODUCED})


def _decimal(value, field: str, errors: dict) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors[field] = _("Enter a number.")
        return None
    if not number.is_finite():
        errors[field] = _("Enter a number.")
        return None
    return number


def _clean_opening(
    values: dict, employer: Employer, today: datetime.date, current_location_id: int | None = None
) -> dict:
    """The opening's fields checked against the rules (records.md, Opening); all errors at once."""
    errors: dict[str, str] = {}
    title = (values.get("title") or "").strip()
    if not title:
        errors["title"] = _("Give the opening a title, such as “Line cook”.")
    values["title"] = title
    values["job_type"] = (values.get("job_type") or "").strip()
    values["requirements"] = (values.get("requirements") or "").strip()

    hours_min = _decimal(values.get("hours_min"), "hours_min", errors)
    hours_max = _decimal(values.get("hours_max"), "hours_max", errors)
    for field, hours in (("hours_min", hours_min), ("hours_max", hours_max)):
        if hours is not None and not (0 < hours <= HOURS_MAX):
            errors[field] = _("Hours a week must be more than 0 and at most 80.")
    if (
        hours_min is not None
        and hours_max is not None
        and hours_min > hours_max
        and not errors.keys()
        & {
            "hours_min",
            "hours_max",
        }
    ):
        errors["hours_max"] = _("The most hours a week cannot be fewer than the fewest hours.")
    values["hours_min"], values["hours_max"] = hours_min, hours_max

    wage_min = _decimal(values.get("hourly_wage_min"), "hourly_wage_min", errors)
    wage_max = _decimal(values.get("hourly_wage_max"), "hourly_wage_max", errors)
    for field, wage in (("hourly_wage_min", wage_min), ("hourly_wage_max", wage_max)):
        if wage is not None and not (0 <= wage <= WAGE_MAX):
            errors[field] = _("An hourly wage must be between $0 and $500.")
    if (
        wage_min is not None
        and wage_max is not None
        and wage_min > wage_max
        and not errors.keys()
        & {
            "hourly_wage_min",
            "hourly_wage_max",
        }
    ):
        errors["hourly_wage_max"] = _("The highest hourly wage cannot be lower than the lowest.")
    values["hourly_wage_min"], values["hourly_wage_max"] = wage_min, wage_max

    shifts = values.get("shifts") or []
    if isinstance(shifts, str) or not isinstance(shifts, (list, tuple)):
        errors["shifts"] = _("Give the shifts as a list.")
        shifts = []
    unknown = [s for s in shifts if s not in Shift.values]
    if unknown:
        errors["shifts"] = _("Choose shifts from: %(values)s.") % {"values": ", ".join(Shift.values)}
    values["shifts"] = list(dict.fromkeys(s for s in shifts if s in Shift.values))

    location = values.get("location")
    if location is not None and location.employer_id != employer.pk:
        errors["location"] = _("Choose one of this business's places.")
    elif location is not None and location.archived_at is not None and location.pk != current_location_id:
        errors["location"] = _("This place is archived: choose one in use.")

    learned_on, closes_on = values.get("learned_on"), values.get("closes_on")
    if learned_on is None:
        errors["learned_on"] = _("Give the date you learned of the opening.")
    elif learned_on > today:
        errors["learned_on"] = _("The date you learned of the opening cannot be in the future.")
    if closes_on is not None and learned_on is not None and closes_on < learned_on:
        errors["closes_on"] = _("The closing date cannot be before the date you learned of the opening.")

    status = values.get("status") or OpeningStatus.OPEN
    if status not in OpeningStatus.values:
        errors["status"] = _("Choose one of: %(values)s.") % {"values": ", ".join(OpeningStatus.values)}
    values["status"] = status
    if errors:
        raise ValidationError(errors)
    return values


def _check_employer(employer: Employer) -> None:
    if employer.archived_at is not None:
        raise ValidationError(
            _("This business is archived: restore it before adding openings."), code="archived"
        )
    if employer.merged_into_id is not None:
        raise ValidationError(
            _("This business was merged into %(other)s: add the opening there.")
            % {"other": employer.merged_into},
            code="merged",
        )


@transaction.atomic
def opening_create(
    *,
    actor,
    employer: Employer,
    title: str,
    learned_on: datetime.date | None,
    job_type: str = "",
    hours_min=None,
    hours_max=None,
    hourly_wage_min=None,
    hourly_wage_max=None,
    shifts: list[str] | None = None,
    location: EmployerLocation | None = None,
    requirements: str = "",
    closes_on: datetime.date | None = None,
    status: str = OpeningStatus.OPEN,
) -> Opening:
    """Note an opening a business has or expects."""
    access.require(actor, roles.Action.EMPLOYER_EDIT, employer.program)
    employer = Employer.objects.select_related("program", "merged_into").get(pk=employer.pk)
    _check_employer(employer)
    values = _clean_opening(
        {
            "title": title,
            "job_type": job_type,
            "hours_min": hours_min,
            "hours_max": hours_max,
            "hourly_wage_min": hourly_wage_min,
            "hourly_wage_max": hourly_wage_max,
            "shifts": shifts,
            "location": location,
            "requirements": requirements,
            "learned_on": learned_on,
            "closes_on": closes_on,
            "status": status,
        },
        employer,
        today_in(employer.program.time_zone),
    )
    opening = Opening(employer=employer, program=employer.program, **values)
    validated_save(opening)
    audit.record_change(actor=actor, obj=opening, before=None, program=employer.program)
    return opening


@transaction.atomic
def opening_update(*, actor, opening: Opening, version: int | None, **changes) -> Opening:
    """Change an opening's details or status; refused if someone else changed it meanwhile."""
    access.require(actor, roles.Action.EMPLOYER_EDIT, opening.program)
    unknown = set(changes) - set(OPENING_FIELDS)
    if unknown:
        raise TypeError(f"opening_update() got unknown fields: {sorted(unknown)}")
    locked = (
        Opening.objects.select_for_update(of=("self",))
        .select_related("employer__program", "program", "location")
        .get(pk=opening.pk)
    )
    check_version(locked, version)
    if locked.archived_at is not None:
        raise ValidationError(_("This opening is archived."), code="archived")
    before = audit.snapshot(locked, list(OPENING_FIELDS))
    values = {name: getattr(locked, name) for name in OPENING_FIELDS}
    values.update(changes)
    values = _clean_opening(
        values, locked.employer, today_in(locked.program.time_zone), current_location_id=locked.location_id
    )
    for name, value in values.items():
        setattr(locked, name, value)
    validated_save(locked, bump_version=True)
    audit.record_change(actor=actor, obj=locked, before=before, program=locked.program)
    return locked


def _disclosure_preference(job_seeker: JobSeeker) -> str:
    return (
        CareerProfile.objects.filter(job_seeker=job_seeker)
        .values_list("disclosure_preference", flat=True)
        .first()
        or ""
    )


@transaction.atomic
def opening_match_set(
    *, actor, opening: Opening, job_seeker: JobSeeker, status: str, note: str = ""
) -> OpeningMatch:
    """Record where a job seeker stands with an opening (discussed, introduced, hired…)."""
    access.require(actor, roles.Action.EMPLOYER_EDIT, opening.program)
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, opening.program)
    opening = Opening.objects.select_related("program", "employer").get(pk=opening.pk)
    job_seeker = (
        JobSeeker.objects.select_for_update(of=("self",)).select_related("program").get(pk=job_seeker.pk)
    )
    if job_seeker.program_id != opening.program_id or job_seeker.archived_at is not None:
        raise ValidationError({"job_seeker": _("Choose a job seeker of this program.")})
    if job_seeker.enrollment_date is None:
        raise ValidationError({"job_seeker": _("%(name)s is not enrolled yet.") % {"name": job_seeker}})
    if job_seeker.closed_date is not None:
        raise ValidationError({"job_seeker": _("%(name)s's record is closed.") % {"name": job_seeker}})
    if status not in MatchStatus.values:
        raise ValidationError(
            {"status": _("Choose one of: %(values)s.") % {"values": ", ".join(MatchStatus.values)}}
        )
    if (
        status in EMPLOYER_CONTACT_STATUSES
        and _disclosure_preference(job_seeker) == DisclosurePreference.NO_ES_CONTACT
    ):
        raise ValidationError(
            {
                "status": _(
                    "%(name)s asked that the ES not contact employers about them (career profile, "
                    "disclosure preference), so the ES cannot introduce them. Talk the opening over "
                    "with them: they can apply on their own, or change their choice."
                )
                % {"name": job_seeker}
            }
        )
    note = (note or "").strip()
    match = (
        OpeningMatch.objects.select_for_update(of=("self",))
        .filter(opening=opening, job_seeker=job_seeker)
        .first()
    )
    before = audit.snapshot(match, list(MATCH_FIELDS)) if match else None
    if match is None:
        match = OpeningMatch(opening=opening, job_seeker=job_seeker)
    match.status, match.note = status, note
    validated_save(match)
    audit.record_change(
        actor=actor, obj=match, before=before, program=opening.program, job_seeker_id=job_seeker.pk
    )
    return match

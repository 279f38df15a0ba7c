"""Writes to a person's career profile. Every save is kept as a version, with its audit row, in one transaction.

Who may have a career profile written: a person whose record is open, referred or enrolled. The
profile often starts in the first meetings, before or at enrollment; `first_completed_on` needs
an enrollment (it is ≥ the enrollment date). A closed (or archived) record is read-only: re-open
it first.

The profile's `version` is the concurrency token for the profile and for its work-history and
education entries alike: every save of either bumps it and writes a `CareerProfileVersion`. A
save that changes nothing writes no version.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from accounts import access, roles
from core import audit
from core.dates import today_in
from core.models import AuditAction
from core.services import check_version, validated_save

from ..models import (
    CareerProfile,
    CareerProfileVersion,
    EducationHistoryEntry,
    JobSeeker,
    ProfileSource,
    Shift,
    SupportWanted,
    Transport,
    WorkHistoryEntry,
)

# The fields a person's words and preferences go in (everything but the bookkeeping).
PROFILE_FIELDS = (
    "first_completed_on",
    "last_reviewed_on",
    "work_goal_own_words",
    "sources",
    "job_types_wanted",
    "job_types_avoided",
    "hours_min",
    "hours_max",
    "shifts",
    "locations",
    "max_travel_minutes",
    "transport",
    "wage_wanted",
    "work_setting",
    "strengths",
    "skills",
    "interests",
    "supports_wanted",
    "disclosure_preference",
    "disclosure_notes",
    "legal_history",
    "benefits_summary",
)
MULTI_CHOICES: dict[str, type[models.TextChoices]] = {
    "sources": ProfileSource,
    "shifts": Shift,
    "transport": Transport,
    "supports_wanted": SupportWanted,
}
JOB_TYPE_FIELDS = ("job_types_wanted", "job_types_avoided")
JOB_TYPE_MAX_LENGTH = 100
JOB_TYPES_MAX = 30
HOURS_MAX = 80
TRAVEL_MAX_MINUTES = 240
WAGE_MAX = Decimal("500")
EARLIEST_SCHOOL_YEAR = 1930

WORK_HISTORY_FIELDS = (
    "employer_name",
    "job_title",
    "started_on",
    "ended_on",
    "hours_per_week",
    "liked",
    "disliked",
    "reason_left",
)
EDUCATION_HISTORY_FIELDS = ("level", "institution", "field", "year", "completed")

# Bookkeeping left out of a version's snapshot: the version row itself says when it was saved.
_SNAPSHOT_SKIP = {"created_at", "updated_at"}
_ENTRY_SNAPSHOT_SKIP = {"created_at", "updated_at", "profile"}


# --- Snapshots -------------------------------------------------------------------------------


def _entry_snapshot(entry: models.Model) -> dict:
    names = [f.name for f in entry._meta.concrete_fields if f.name not in _ENTRY_SNAPSHOT_SKIP]
    return audit.snapshot(entry, names)


def profile_snapshot(profile: CareerProfile) -> dict:
    """Every field of the profile and every work-history and education row, JSON-safe."""
    names = [f.name for f in CareerProfile._meta.concrete_fields if f.name not in _SNAPSHOT_SKIP]
    data = audit.snapshot(profile, names)
    data["work_history"] = [
        _entry_snapshot(e) for e in WorkHistoryEntry.objects.filter(profile=profile).order_by("pk")
    ]
    data["education_history"] = [
        _entry_snapshot(e) for e in EducationHistoryEntry.objects.filter(profile=profile).order_by("pk")
    ]
    return data


def _write_version(*, actor, profile: CareerProfile, change_summary: str) -> CareerProfileVersion:
    version = CareerProfileVersion(
        profile=profile,
        number=profile.version,
        saved_by=actor if getattr(actor, "is_authenticated", False) else None,
        snapshot=profile_snapshot(profile),
        change_summary=(change_summary or "").strip()[:500],
    )
    validated_save(version)
    return version


# --- Shared checks ---------------------------------------------------------------------------


def _unknown_keys(data: dict, allowed) -> None:
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValidationError(
            _("These are not parts of the career profile: %(names)s.") % {"names": ", ".join(unknown)},
            code="unknown_field",
        )


def _coerce(model, data: dict) -> tuple[dict, dict]:
    """Each value in the field's own Python type; a value that cannot be read is a field error."""
    values, errors = {}, {}
    for name, value in data.items():
        field = model._meta.get_field(name)
        if isinstance(value, str) and not isinstance(field, (models.CharField, models.TextField)):
            value = value.strip()
            if value == "" and field.null:
                value = None
        try:
            values[name] = field.to_python(value)
        except ValidationError as exc:
            errors[name] = exc.messages
    return values, errors


def _locked_job_seeker(job_seeker: JobSeeker) -> JobSeeker:
    """The person's row, locked: every write to one person's profile waits for the one before."""
    locked = JobSeeker.objects.select_for_update(of=("self",)).select_related("program").get(pk=job_seeker.pk)
    if locked.closed_date is not None or locked.archived_at is not None:
        raise ValidationError(
            _("This record is closed. Re-open it before changing the career profile."), code="closed"
        )
    return locked


def _locked_profile(job_seeker: JobSeeker, version: int | None) -> CareerProfile:
    """The person's existing profile, locked, at the version the editor saw."""
    profile = CareerProfile.objects.select_for_update().filter(job_seeker=job_seeker).first()
    if profile is None:
        raise ValidationError(
            _("Save the career profile first, then add work history and education."), code="no_profile"
        )
    check_version(profile, version)
    return profile


def _merge_clean_errors(obj: models.Model, errors: dict, exclude=None) -> None:
    """The model's own checks (lengths, choices), added to the rules' errors field by field.

    The database constraints repeat rules already checked here; once a rule has failed, their
    generic "constraint violated" message would only repeat it less clearly.
    """
    try:
        obj.full_clean(exclude=exclude, validate_constraints=not errors)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, messages)


# --- The profile -----------------------------------------------------------------------------


def _check_multi(name: str, value, errors: dict) -> list:
    choices = MULTI_CHOICES[name]
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        errors[name] = _("Give a list of options.")
        return value
    labels = dict(choices.choices)
    seen = set()
    for item in value:
        if not isinstance(item, str) or item not in labels:
            errors[name] = _("“%(value)s” is not one of the options.") % {"value": item}
            return list(value)
        if item in seen:
            errors[name] = _("“%(label)s” is chosen twice.") % {"label": labels[item]}
            return list(value)
        seen.add(item)
    return list(value)


def _check_job_types(name: str, value, errors: dict) -> list:
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        errors[name] = _("Give a list of kinds of work.")
        return value
    cleaned, seen = [], set()
    for item in value:
        if not isinstance(item, str) or not item.strip():
            errors[name] = _("A kind of work cannot be blank.")
            return list(value)
        item = " ".join(item.split())
        if len(item) > JOB_TYPE_MAX_LENGTH:
            errors[name] = _("Keep each kind of work to %(max)s characters (“%(value)s…” is longer).") % {
                "max": JOB_TYPE_MAX_LENGTH,
                "value": item[:30],
            }
            return list(value)
        if item.casefold() in seen:
            errors[name] = _("“%(value)s” is listed twice.") % {"value": item}
            return list(value)
        seen.add(item.casefold())
        cleaned.append(item)
    if len(cleaned) > JOB_TYPES_MAX:
        errors[name] = _("List at most %(max)s kinds of work.") % {"max": JOB_TYPES_MAX}
    return cleaned


def _cents(amount: Decimal) -> Decimal:
    """$15 and $15.00 are the same wage (so saving one over the other is no change)."""
    cents = amount.quantize(Decimal("0.01"))
    return cents if cents == amount else amount


def _check_profile(profile: CareerProfile, job_seeker: JobSeeker, today: datetime.date, errors: dict) -> None:
    for name in MULTI_CHOICES:
        if name not in errors:
            setattr(profile, name, _check_multi(name, getattr(profile, name), errors))
    for name in JOB_TYPE_FIELDS:
        if name not in errors:
            setattr(profile, name, _check_job_types(name, getattr(profile, name), errors))

    hours_min, hours_max = profile.hours_min, profile.hours_max
    for name, value in (("hours_min", hours_min), ("hours_max", hours_max)):
        if name not in errors and value is not None and not 0 < value <= HOURS_MAX:
            errors[name] = _("Enter 1 to %(max)s hours a week.") % {"max": HOURS_MAX}
    if (
        "hours_min" not in errors
        and "hours_max" not in errors
        and hours_min is not None
        and hours_max is not None
        and hours_min > hours_max
    ):
        errors["hours_max"] = _("The most hours a week cannot be fewer than the fewest hours.")

    travel = profile.max_travel_minutes
    if "max_travel_minutes" not in errors and travel is not None and not 0 <= travel <= TRAVEL_MAX_MINUTES:
        errors["max_travel_minutes"] = _("Enter 0 to %(max)s minutes.") % {"max": TRAVEL_MAX_MINUTES}

    wage = profile.wage_wanted
    if "wage_wanted" not in errors and wage is not None:
        if not 0 <= wage <= WAGE_MAX:
            errors["wage_wanted"] = _("Enter a wage from $0 to $%(max)s an hour.") % {"max": WAGE_MAX}
        else:
            profile.wage_wanted = _cents(wage)

    completed = profile.first_completed_on
    if "first_completed_on" not in errors and completed is not None:
        if completed > today:
            errors["first_completed_on"] = _(
                "The date the profile was first completed cannot be in the future."
            )
        elif job_seeker.enrollment_date is None:
            errors["first_completed_on"] = _(
                "The profile can be marked as completed once the person is enrolled."
            )
        elif completed < job_seeker.enrollment_date:
            errors["first_completed_on"] = _(
                "The profile cannot have been completed before enrollment (%(date)s)."
            ) % {"date": job_seeker.enrollment_date.isoformat()}

    reviewed = profile.last_reviewed_on
    if "last_reviewed_on" not in errors and reviewed is not None and reviewed > today:
        errors["last_reviewed_on"] = _("The date of the last review cannot be in the future.")

    if "disclosure_preference" not in errors and not profile.disclosure_preference:
        errors["disclosure_preference"] = _(
            "Choose what the person wants about disclosure (“Not decided yet” is a choice)."
        )

    _merge_clean_errors(profile, errors, exclude=["job_seeker"])


def _label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _profile_summary(before: dict | None, after: dict) -> str:
    """A short line for the version history when the editor wrote none."""
    if before is None:
        return _("Started the career profile.")
    # Legal history is left out of the line: partners read the history too.
    changed = [
        _label(CareerProfile, name)
        for name in PROFILE_FIELDS
        if before.get(name) != after.get(name) and name != "legal_history"
    ]
    if not changed:
        return ""
    return _("Changed: %(parts)s.") % {"parts": ", ".join(changed)}


@transaction.atomic
def career_profile_save(
    *, actor, job_seeker: JobSeeker, data: dict, version: int | None, change_summary: str = ""
) -> CareerProfile:
    """Start or change a person's career profile; the saved state is kept as a new version.

    `data` holds the fields to set (the others keep their values). `version` is the number the
    editor saw: 0 when no profile exists yet; a stale number is refused.
    """
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, job_seeker.program)
    _unknown_keys(data, PROFILE_FIELDS)
    job_seeker = _locked_job_seeker(job_seeker)
    profile = CareerProfile.objects.select_for_update().filter(job_seeker=job_seeker).first()
    if profile is None:
        if version not in (None, 0, "0"):
            check_version(CareerProfile(version=0), version)
        profile = CareerProfile(job_seeker=job_seeker)
        before = None
    else:
        check_version(profile, version)
        before = audit.snapshot(profile, list(PROFILE_FIELDS))

    values, errors = _coerce(CareerProfile, data)
    for name, value in values.items():
        setattr(profile, name, value)
    for name in PROFILE_FIELDS:
        if isinstance(getattr(profile, name), str) and name != "disclosure_preference":
            setattr(profile, name, getattr(profile, name).strip())
    _check_profile(profile, job_seeker, today_in(job_seeker.program.time_zone), errors)
    if errors:
        raise ValidationError(errors)

    after = audit.snapshot(profile, list(PROFILE_FIELDS))
    if before is not None and before == after:
        return profile  # nothing changed: no new version
    validated_save(profile, bump_version=True)
    _write_version(
        actor=actor, profile=profile, change_summary=change_summary or _profile_summary(before, after)
    )
    audit.record_change(actor=actor, obj=profile, before=before, job_seeker_id=job_seeker.pk)
    return profile


# --- Work history and education --------------------------------------------------------------


def _check_work_history(entry: WorkHistoryEntry, today: datetime.date, errors: dict) -> None:
    entry.employer_name = (entry.employer_name or "").strip()
    for name in ("job_title", "liked", "disliked", "reason_left"):
        setattr(entry, name, (getattr(entry, name) or "").strip())
    if "employer_name" not in errors and not entry.employer_name:
        errors["employer_name"] = _("Enter the employer's name.")
    for name in ("started_on", "ended_on"):
        value = getattr(entry, name)
        if name not in errors and value is not None and value > today:
            errors[name] = _("Work history is about past jobs: this date cannot be in the future.")
    if (
        "started_on" not in errors
        and "ended_on" not in errors
        and entry.started_on
        and entry.ended_on
        and entry.ended_on < entry.started_on
    ):
        errors["ended_on"] = _("The job cannot end before it started.")
    hours = entry.hours_per_week
    if "hours_per_week" not in errors and hours is not None:
        if not 0 < hours <= HOURS_MAX:
            errors["hours_per_week"] = _("Enter more than 0 and at most %(max)s hours a week.") % {
                "max": HOURS_MAX
            }
        elif hours == hours.quantize(Decimal("0.1")):
            entry.hours_per_week = hours.quantize(Decimal("0.1"))
    _merge_clean_errors(entry, errors, exclude=["profile"])


def _check_education(entry: EducationHistoryEntry, today: datetime.date, errors: dict) -> None:
    entry.institution = (entry.institution or "").strip()
    entry.field = (entry.field or "").strip()
    if "level" not in errors and not entry.level:
        errors["level"] = _("Choose the level of schooling or training.")
    year = entry.year
    if "year" not in errors and year is not None and not EARLIEST_SCHOOL_YEAR <= year <= today.year:
        errors["year"] = _("Enter a year from %(first)s to %(last)s.") % {
            "first": EARLIEST_SCHOOL_YEAR,
            "last": today.year,
        }
    _merge_clean_errors(entry, errors, exclude=["profile"])


_ENTRY_KINDS = {
    WorkHistoryEntry: (WORK_HISTORY_FIELDS, _check_work_history),
    EducationHistoryEntry: (EDUCATION_HISTORY_FIELDS, _check_education),
}


def _entry_text(entry: models.Model) -> str:
    if isinstance(entry, WorkHistoryEntry):
        return ", ".join(p for p in (entry.job_title, entry.employer_name) if p)
    return ", ".join(p for p in (entry.get_level_display(), entry.institution) if p)


def _entry_summary(entry: models.Model, action: str) -> str:
    work = isinstance(entry, WorkHistoryEntry)
    texts = {
        ("add", True): _("Added to the work history: %(entry)s."),
        ("change", True): _("Changed in the work history: %(entry)s."),
        ("remove", True): _("Removed from the work history: %(entry)s."),
        ("add", False): _("Added to education: %(entry)s."),
        ("change", False): _("Changed in education: %(entry)s."),
        ("remove", False): _("Removed from education: %(entry)s."),
    }
    return texts[(action, work)] % {"entry": _entry_text(entry)}


def _bump(*, actor, profile: CareerProfile, change_summary: str) -> None:
    """A change to an entry is a change to the profile: its version goes up and is kept."""
    profile.version += 1
    profile.save(update_fields=["version", "updated_at"])
    _write_version(actor=actor, profile=profile, change_summary=change_summary)


def _entry_write(*, actor, job_seeker, entry, model, data: dict, version, change_summary: str):
    fields, check = _ENTRY_KINDS[model]
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, job_seeker.program)
    _unknown_keys(data, fields)
    job_seeker = _locked_job_seeker(job_seeker)
    profile = _locked_profile(job_seeker, version)
    if entry is None:
        entry, before = model(profile=profile), None
    else:
        entry = model.objects.select_for_update().get(pk=entry.pk, profile=profile)
        before = audit.snapshot(entry, list(fields))
    values, errors = _coerce(model, data)
    for name, value in values.items():
        setattr(entry, name, value)
    check(entry, today_in(job_seeker.program.time_zone), errors)
    if errors:
        raise ValidationError(errors)
    if before is not None and before == audit.snapshot(entry, list(fields)):
        return entry  # nothing changed: no new version
    validated_save(entry)
    action = "add" if before is None else "change"
    _bump(actor=actor, profile=profile, change_summary=change_summary or _entry_summary(entry, action))
    audit.record_change(actor=actor, obj=entry, before=before, job_seeker_id=job_seeker.pk)
    return entry


def _entry_remove(*, actor, entry, model, version, change_summary: str) -> None:
    job_seeker = entry.profile.job_seeker
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, job_seeker.program)
    job_seeker = _locked_job_seeker(job_seeker)
    profile = _locked_profile(job_seeker, version)
    entry = model.objects.select_for_update().get(pk=entry.pk, profile=profile)
    removed = _entry_snapshot(entry)
    summary = change_summary or _entry_summary(entry, "remove")
    # The row goes; the versions before this one keep it, so nothing is lost.
    entry.delete()
    _bump(actor=actor, profile=profile, change_summary=summary)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=profile,
        job_seeker_id=job_seeker.pk,
        changes={model._meta.get_field("profile").remote_field.related_name: [removed, None]},
    )


@transaction.atomic
def work_history_entry_add(
    *, actor, job_seeker: JobSeeker, data: dict, version: int | None, change_summary: str = ""
) -> WorkHistoryEntry:
    """Add a job the person held before to their career profile."""
    return _entry_write(
        actor=actor,
        job_seeker=job_seeker,
        entry=None,
        model=WorkHistoryEntry,
        data=data,
        version=version,
        change_summary=change_summary,
    )


@transaction.atomic
def work_history_entry_update(
    *, actor, entry: WorkHistoryEntry, data: dict, version: int | None, change_summary: str = ""
) -> WorkHistoryEntry:
    """Change a job in the person's work history."""
    return _entry_write(
        actor=actor,
        job_seeker=entry.profile.job_seeker,
        entry=entry,
        model=WorkHistoryEntry,
        data=data,
        version=version,
        change_summary=change_summary,
    )


@transaction.atomic
def work_history_entry_remove(
    *, actor, entry: WorkHistoryEntry, version: int | None, change_summary: str = ""
) -> None:
    """Take a job out of the work history (earlier versions of the profile keep it)."""
    _entry_remove(
        actor=actor, entry=entry, model=WorkHistoryEntry, version=version, change_summary=change_summary
    )


@transaction.atomic
def education_history_entry_add(
    *, actor, job_seeker: JobSeeker, data: dict, version: int | None, change_summary: str = ""
) -> EducationHistoryEntry:
    """Add schooling or training the person has had to their career profile."""
    return _entry_write(
        actor=actor,
        job_seeker=job_seeker,
        entry=None,
        model=EducationHistoryEntry,
        data=data,
        version=version,
        change_summary=change_summary,
    )


@transaction.atomic
def education_history_entry_update(
    *, actor, entry: EducationHistoryEntry, data: dict, version: int | None, change_summary: str = ""
) -> EducationHistoryEntry:
    """Change schooling or training in the person's career profile."""
    return _entry_write(
        actor=actor,
        job_seeker=entry.profile.job_seeker,
        entry=entry,
        model=EducationHistoryEntry,
        data=data,
        version=version,
        change_summary=change_summary,
    )


@transaction.atomic
def education_history_entry_remove(
    *, actor, entry: EducationHistoryEntry, version: int | None, change_summary: str = ""
) -> None:
    """Take schooling or training out of the profile (earlier versions keep it)."""
    _entry_remove(
        actor=actor, entry=entry, model=EducationHistoryEntry, version=version, change_summary=change_summary
    )


__all__ = [
    "career_profile_save",
    "education_history_entry_add",
    "education_history_entry_remove",
    "education_history_entry_update",
    "profile_snapshot",
    "work_history_entry_add",
    "work_history_entry_remove",
    "work_history_entry_update",
]

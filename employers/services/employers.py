"""Writes about businesses: create, update, merge duplicates; their locations and the people met there.

Each write checks the gate first, validates, saves and leaves an audit row in one transaction.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access, roles
from accounts.models import Program
from core import audit
from core.models import AuditAction
from core.services import check_version, next_ref, validated_save

from ..models import Employer, EmployerContact, EmployerLocation, EmployerPerson, Opening
from ..selectors.employers import possible_duplicates

EDIT = roles.Action.EMPLOYER_EDIT
_STATE_RE = re.compile(r"^[A-Z]{2}$")

# What a person types about a business; the service takes these and nothing else.
EMPLOYER_FIELDS = (
    "name",
    "industry",
    "address",
    "city",
    "state",
    "phone",
    "website",
    "business_needs",
    "hiring_preferences",
    "relationship",
)
LOCATION_FIELDS = ("label", "address", "city", "state", "postal_code")
PERSON_FIELDS = ("name", "job_title", "role", "phone", "email", "notes")
# Filled on the kept business from the merged one when the kept one has nothing there.
MERGE_FILL_FIELDS = (
    "industry",
    "address",
    "city",
    "state",
    "phone",
    "website",
    "business_needs",
    "hiring_preferences",
)


def next_employer_ref(program: Program) -> str:
    """The next `EMP-000123` reference in the program (the program row is locked by the caller)."""
    return next_ref(Employer.objects.filter(program=program), "EMP-")


def _clean_text(fields: dict, names) -> dict:
    """Strip what was typed; a state is written in capitals."""
    out = {}
    for name in names:
        if name in fields:
            value = fields[name]
            out[name] = value.strip() if isinstance(value, str) else value
    if out.get("state"):
        out["state"] = out["state"].upper()
    return out


def _check_state(fields: dict) -> None:
    state = fields.get("state") or ""
    if state and not _STATE_RE.match(state):
        raise ValidationError({"state": _("Enter the state's two-letter code, such as WI.")})


def _check_duplicates(*, program, name: str, city: str, exclude_pk=None) -> None:
    duplicates = possible_duplicates(program=program, name=name, city=city, exclude_pk=exclude_pk)
    if duplicates:
        raise ValidationError(
            _(
                "This program already knows a business with the same name and city: %(refs)s. "
                "Open it, or confirm that this is a different business."
            ),
            code="duplicate",
            params={
                "refs": ", ".join(f"{e.name} ({e.ref})" for e in duplicates),
                "duplicates": duplicates,
            },
        )


@transaction.atomic
def employer_create(
    *, actor, program: Program, name: str, ref: str = "", allow_duplicate: bool = False, **fields
) -> Employer:
    """Add a business the program knows. A possible duplicate (same name and city) is asked about first."""
    access.require(actor, EDIT, program)
    program = Program.objects.select_for_update().get(pk=program.pk)
    unknown = set(fields) - set(EMPLOYER_FIELDS)
    if unknown:
        raise TypeError(f"employer_create() got unexpected fields: {sorted(unknown)}")
    data = _clean_text({"name": name, **fields}, EMPLOYER_FIELDS)
    _check_state(data)
    ref = (ref or "").strip()
    if ref and Employer.objects.filter(program=program, ref=ref).exists():
        raise ValidationError({"ref": _("Another business of this program has this reference.")})
    if not allow_duplicate and data["name"]:
        _check_duplicates(program=program, name=data["name"], city=data.get("city", ""))
    employer = Employer(program=program, ref=ref or next_employer_ref(program), **data)
    validated_save(employer)
    audit.record_change(actor=actor, obj=employer, before=None)
    return employer


def _locked(employer: Employer, version: int | None = None) -> Employer:
    locked = Employer.objects.select_for_update(of=("self",)).select_related("program").get(pk=employer.pk)
    check_version(locked, version)
    return locked


def _refuse_merged(employer: Employer) -> None:
    if employer.merged_into_id is not None:
        raise ValidationError(
            _("This business was merged into another one; make changes there."), code="merged"
        )


@transaction.atomic
def employer_update(
    *, actor, employer: Employer, version: int | None, allow_duplicate: bool = False, **fields
) -> Employer:
    """Change what the program knows about a business (the version read guards against overwriting)."""
    access.require(actor, EDIT, employer.program)
    unknown = set(fields) - set(EMPLOYER_FIELDS)
    if unknown:
        raise TypeError(f"employer_update() got unexpected fields: {sorted(unknown)}")
    employer = _locked(employer, version)
    _refuse_merged(employer)
    data = _clean_text(fields, EMPLOYER_FIELDS)
    _check_state(data)
    before = audit.snapshot(employer, list(EMPLOYER_FIELDS))
    renamed = any(name in data and data[name] != getattr(employer, name) for name in ("name", "city"))
    for name, value in data.items():
        setattr(employer, name, value)
    if renamed and not allow_duplicate and employer.name:
        _check_duplicates(
            program=employer.program, name=employer.name, city=employer.city, exclude_pk=employer.pk
        )
    validated_save(employer, bump_version=True)
    audit.record_change(actor=actor, obj=employer, before=before)
    return employer


def _moved(queryset, target: Employer, *, versioned: bool) -> list[int]:
    """Point every row of `queryset` at the kept business; the ids moved, for the audit row."""
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    if ids:
        changes = {"employer": target}
        if versioned:
            # Someone editing one of these rows right now is told it changed, not overwritten.
            changes["version"] = F("version") + 1
        queryset.model.objects.filter(pk__in=ids).update(**changes)
    return ids


@transaction.atomic
def employer_merge(*, actor, source: Employer, target: Employer) -> Employer:
    """Merge a duplicate business (`source`) into the one kept (`target`): all its history moves there.

    Every contact, person met, location, opening and job moves to the target; the source keeps
    its row, archived and pointing at the target, so its old address still leads somewhere.
    """
    from jobs.models import Job

    access.require(actor, EDIT, source.program)
    access.require(actor, EDIT, target.program)
    if source.pk == target.pk:
        raise ValidationError({"into": _("A business cannot be merged into itself.")})
    # Lock both rows in one order so two merges of the same pair cannot deadlock.
    locked = {
        e.pk: e
        for e in Employer.objects.select_for_update(of=("self",))
        .select_related("program")
        .filter(pk__in=[source.pk, target.pk])
        .order_by("pk")
    }
    source, target = locked[source.pk], locked[target.pk]
    if source.program_id != target.program_id:
        raise ValidationError({"into": _("Only businesses of the same program can be merged.")})
    if source.merged_into_id is not None:
        raise ValidationError({"into": _("This business was already merged into another one.")})
    if target.merged_into_id is not None:
        raise ValidationError(
            {"into": _("The business to keep was itself merged into another one; merge into that one.")}
        )

    moved = {
        "contacts": _moved(EmployerContact.objects.filter(employer=source), target, versioned=True),
        "people": _moved(EmployerPerson.objects.filter(employer=source), target, versioned=False),
        "locations": _moved(EmployerLocation.objects.filter(employer=source), target, versioned=False),
        "openings": _moved(Opening.objects.filter(employer=source), target, versioned=True),
    }
    jobs = list(Job.objects.filter(employer=source).order_by("pk").values_list("pk", "job_seeker_id"))
    moved["jobs"] = _moved(Job.objects.filter(employer=source), target, versioned=True)
    # Businesses merged earlier into the source now lead straight to the target.
    moved["merged_from"] = list(
        Employer.objects.filter(merged_into=source).order_by("pk").values_list("pk", flat=True)
    )
    Employer.objects.filter(merged_into=source).update(merged_into=target, version=F("version") + 1)

    # What was learned about the business is kept: the target's empty fields take the source's.
    before_target = audit.snapshot(target, list(MERGE_FILL_FIELDS))
    for name in MERGE_FILL_FIELDS:
        if not getattr(target, name) and getattr(source, name):
            setattr(target, name, getattr(source, name))
    validated_save(target, bump_version=True)

    before_source = audit.snapshot(source, ["merged_into", "archived_at"])
    source.merged_into = target
    source.archived_at = timezone.now()
    validated_save(source, bump_version=True)

    source_changes = audit.diff(before_source, audit.snapshot(source, ["merged_into", "archived_at"]))
    source_changes.update({f"moved_{name}": [[], ids] for name, ids in moved.items() if ids})
    audit.record(actor=actor, action=AuditAction.MERGE, obj=source, changes=source_changes)
    target_changes = audit.diff(before_target, audit.snapshot(target, list(MERGE_FILL_FIELDS)))
    target_changes["merged_from"] = [None, source.pk]
    audit.record(actor=actor, action=AuditAction.MERGE, obj=target, changes=target_changes)
    # A job is part of a person's record: the change shows in that person's trail too.
    for job_id, job_seeker_id in jobs:
        audit.record(
            actor=actor,
            action=AuditAction.MERGE,
            object_type=Job._meta.label,
            object_id=job_id,
            program=target.program,
            job_seeker_id=job_seeker_id,
            changes={"employer": [source.pk, target.pk]},
        )
    return target


# --- Locations and people met ----------------------------------------------------------------


def _check_open(employer: Employer) -> None:
    _refuse_merged(employer)


def _add_part(*, actor, employer: Employer, model, names, fields: dict, check=None):
    """A new location or person met of an open business (`check` looks at the cleaned fields)."""
    access.require(actor, EDIT, employer.program)
    _check_open(employer)
    data = _clean_text(fields, names)
    if check is not None:
        check(data)
    part = model(employer=employer, **data)
    validated_save(part)
    audit.record_change(actor=actor, obj=part, before=None)
    return part


def _change_part(*, actor, part, names, fields: dict, check=None):
    """A location or person met, changed under a row lock (`check` looks at the cleaned fields)."""
    access.require(actor, EDIT, part.employer.program)
    part = type(part).objects.select_for_update(of=("self",)).get(pk=part.pk)
    _check_open(part.employer)
    data = _clean_text(fields, names)
    if check is not None:
        check(data)
    before = audit.snapshot(part, list(names))
    for name, value in data.items():
        setattr(part, name, value)
    validated_save(part)
    audit.record_change(actor=actor, obj=part, before=before)
    return part


def _archive_part(*, actor, part):
    """A location or person met taken off the lists, under a row lock (nothing happens twice)."""
    access.require(actor, EDIT, part.employer.program)
    part = type(part).objects.select_for_update(of=("self",)).get(pk=part.pk)
    if part.archived_at is None:
        part.archived_at = timezone.now()
        validated_save(part)
        audit.record(actor=actor, action=AuditAction.ARCHIVE, obj=part)
    return part


@transaction.atomic
def employer_location_add(*, actor, employer: Employer, **fields) -> EmployerLocation:
    """Add one of a business's places of work."""
    return _add_part(
        actor=actor,
        employer=employer,
        model=EmployerLocation,
        names=LOCATION_FIELDS,
        fields=fields,
        check=_check_state,
    )


@transaction.atomic
def employer_location_update(*, actor, location: EmployerLocation, **fields) -> EmployerLocation:
    """Change a place of work's label or address."""
    return _change_part(actor=actor, part=location, names=LOCATION_FIELDS, fields=fields, check=_check_state)


@transaction.atomic
def employer_location_archive(*, actor, location: EmployerLocation) -> EmployerLocation:
    """Take a place of work off the lists; openings there keep it."""
    return _archive_part(actor=actor, part=location)


@transaction.atomic
def employer_person_add(*, actor, employer: Employer, **fields) -> EmployerPerson:
    """Note a hiring manager, or anyone met at the business."""
    return _add_part(actor=actor, employer=employer, model=EmployerPerson, names=PERSON_FIELDS, fields=fields)


@transaction.atomic
def employer_person_update(*, actor, person: EmployerPerson, **fields) -> EmployerPerson:
    """Change what is known about a person met at the business."""
    return _change_part(actor=actor, part=person, names=PERSON_FIELDS, fields=fields)


@transaction.atomic
def employer_person_archive(*, actor, person: EmployerPerson) -> EmployerPerson:
    """Take a person off the list (they left the business); past contacts keep their name."""
    return _archive_part(actor=actor, part=person)

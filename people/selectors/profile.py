"""Reads of a person's career profile, through the one gate, and how its versions differ.

A partner (treatment team, DVR, benefits counselor) reaches the profile only under an active
consent of their kind that has the `career_profile` scope (the gate's rule for every model with
`consent_scope = "career_profile"`), and never sees `legal_history`, consent or not.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.http import Http404
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from accounts import access, roles

from ..models import (
    CareerProfile,
    CareerProfileVersion,
    DisclosurePreference,
    EducationHistoryEntry,
    EducationLevel,
    WorkHistoryEntry,
)
from ..services.profile import (
    EDUCATION_HISTORY_FIELDS,
    JOB_TYPE_FIELDS,
    MULTI_CHOICES,
    PROFILE_FIELDS,
    WORK_HISTORY_FIELDS,
)

VIEW = roles.Action.JOB_SEEKER_VIEW
# Never shown to a partner role, not even under a consent that covers the career profile.
PARTNER_HIDDEN_FIELDS = frozenset({"legal_history"})


def partner_only(user, program) -> bool:
    """Does the user see this program's people only as a partner (under the person's consent)?"""
    scope = access.scope(user, VIEW)
    return any(program.pk in ids for _role, ids in scope.partner_ids)


def sees_legal_history(user, program) -> bool:
    """Staff of the program and the state team see it; partner roles never do."""
    return not partner_only(user, program)


def visible_fields(user, program) -> tuple[str, ...]:
    hidden = PARTNER_HIDDEN_FIELDS if partner_only(user, program) else frozenset()
    return tuple(name for name in PROFILE_FIELDS if name not in hidden)


def career_profile_get(*, user, job_seeker) -> CareerProfile | None:
    """The person's profile if there is one the user may see (one query)."""
    profile = access.restrict(CareerProfile.objects.filter(job_seeker=job_seeker), user, VIEW).first()
    if profile is not None:
        profile.job_seeker = job_seeker  # already loaded, with its program
    return profile


def work_history_list(*, user, profile: CareerProfile):
    return access.restrict(WorkHistoryEntry.objects.filter(profile=profile), user, VIEW)


def education_history_list(*, user, profile: CareerProfile):
    return access.restrict(EducationHistoryEntry.objects.filter(profile=profile), user, VIEW)


def career_profile_version_list(*, user, profile: CareerProfile):
    """The profile's versions, newest first, with who saved each (one query per page)."""
    return access.restrict(
        CareerProfileVersion.objects.filter(profile=profile).select_related("saved_by"), user, VIEW
    ).order_by("-number")


def career_profile_version_get(*, user, profile: CareerProfile, number: int) -> CareerProfileVersion:
    version = career_profile_version_list(user=user, profile=profile).filter(number=number).first()
    if version is None:
        raise Http404
    version.profile = profile
    return version


def previous_version(*, user, version: CareerProfileVersion) -> CareerProfileVersion | None:
    """The version saved just before this one (None for the first)."""
    return (
        career_profile_version_list(user=user, profile=version.profile)
        .filter(number__lt=version.number)
        .first()
    )


# --- Showing values --------------------------------------------------------------------------


def label(model, name: str) -> str:
    return capfirst(str(model._meta.get_field(name).verbose_name))


def _date(value) -> str:
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return formats.date_format(value, "DATE_FORMAT")


def _money(value) -> str:
    try:
        return f"${Decimal(str(value)):,.2f}"
    except (InvalidOperation, ValueError):
        return str(value)


def multi_labels(name: str, keys) -> list[str]:
    """The labels of a multi field's keys, in the order of the list (an unknown key as it is)."""
    labels = dict(MULTI_CHOICES[name].choices)
    return [str(labels.get(key, key)) for key in keys or []]


def display(name: str, value) -> str:
    """A profile field's value as a person reads it ("" when empty)."""
    if value in (None, "", []):
        return ""
    if name in MULTI_CHOICES:
        return ", ".join(multi_labels(name, value))
    if name in JOB_TYPE_FIELDS:
        return ", ".join(str(v) for v in value)
    if name == "disclosure_preference":
        return str(dict(DisclosurePreference.choices).get(value, value))
    if name in ("first_completed_on", "last_reviewed_on"):
        return _date(value)
    if name == "wage_wanted":
        return _("%(amount)s an hour") % {"amount": _money(value)}
    if name in ("hours_min", "hours_max"):
        return _("%(hours)s hours a week") % {"hours": value}
    if name == "max_travel_minutes":
        return _("%(minutes)s minutes") % {"minutes": value}
    return str(value)


def hours_text(hours_min, hours_max) -> str:
    """ "20 to 30 hours a week", "at least 20 hours a week", "up to 30 hours a week", or ""."""
    if hours_min and hours_max:
        if hours_min == hours_max:
            return _("%(hours)s hours a week") % {"hours": hours_min}
        return _("%(low)s to %(high)s hours a week") % {"low": hours_min, "high": hours_max}
    if hours_min:
        return _("at least %(hours)s hours a week") % {"hours": hours_min}
    if hours_max:
        return _("up to %(hours)s hours a week") % {"hours": hours_max}
    return ""


def _entry_value(name: str, value) -> str:
    if value in (None, ""):
        return ""
    if name in ("started_on", "ended_on"):
        return _date(value)
    if name == "level":
        return str(dict(EducationLevel.choices).get(value, value))
    if name == "completed":
        return _("Yes") if value else _("No")
    return str(value)


def entry_title(kind: str, data: dict) -> str:
    """One line naming a work-history or education entry of a snapshot."""
    if kind == "work_history":
        parts = [data.get("job_title"), data.get("employer_name")]
    else:
        parts = [_entry_value("level", data.get("level")), data.get("institution"), data.get("year")]
    return ", ".join(str(p) for p in parts if p) or "—"


ENTRY_KINDS = {
    "work_history": (WorkHistoryEntry, WORK_HISTORY_FIELDS),
    "education_history": (EducationHistoryEntry, EDUCATION_HISTORY_FIELDS),
}


def entry_rows(kind: str, data: dict) -> list[dict]:
    model, fields = ENTRY_KINDS[kind]
    return [
        {"label": label(model, name), "value": _entry_value(name, data.get(name))}
        for name in fields
        if data.get(name) not in (None, "")
    ]


def snapshot_view(snapshot: dict, fields) -> dict:
    """A saved version laid out for reading: the profile's fields and its entries."""
    return {
        "fields": [
            {"label": label(CareerProfile, name), "value": display(name, snapshot.get(name))}
            for name in fields
        ],
        "entries": [
            {
                "kind": kind,
                "heading": _("Work history") if kind == "work_history" else _("Education"),
                "items": [
                    {"title": entry_title(kind, item), "rows": entry_rows(kind, item)}
                    for item in snapshot.get(kind, [])
                ],
            }
            for kind in ENTRY_KINDS
        ],
    }


def _empty(value) -> bool:
    return value in (None, "", [])


def _same(a, b) -> bool:
    return (_empty(a) and _empty(b)) or a == b


def version_changes(before: dict | None, after: dict, fields) -> dict:
    """What changed from one saved version to the next: fields, and entries added, removed or changed."""
    before = before or {}
    rows = [
        {
            "label": label(CareerProfile, name),
            "old": display(name, before.get(name)),
            "new": display(name, after.get(name)),
        }
        for name in fields
        if not _same(before.get(name), after.get(name))
    ]
    entries = []
    for kind, (model, entry_fields) in ENTRY_KINDS.items():
        old = {item.get("id"): item for item in before.get(kind, [])}
        new = {item.get("id"): item for item in after.get(kind, [])}
        changed = []
        for key in sorted(old.keys() & new.keys()):
            diffs = [
                {
                    "label": label(model, name),
                    "old": _entry_value(name, old[key].get(name)),
                    "new": _entry_value(name, new[key].get(name)),
                }
                for name in entry_fields
                if not _same(old[key].get(name), new[key].get(name))
            ]
            if diffs:
                changed.append({"title": entry_title(kind, new[key]), "rows": diffs})
        added = [entry_title(kind, new[key]) for key in new if key not in old]
        removed = [entry_title(kind, old[key]) for key in old if key not in new]
        if added or removed or changed:
            entries.append(
                {
                    "kind": kind,
                    "heading": _("Work history") if kind == "work_history" else _("Education"),
                    "added": added,
                    "removed": removed,
                    "changed": changed,
                }
            )
    return {"fields": rows, "entries": entries, "any": bool(rows or entries)}

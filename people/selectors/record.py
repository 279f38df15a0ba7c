"""Reads for a person's record page and its print view, all through the one gate."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch

from accounts import access, roles

from ..models import (
    CareerProfile,
    EmploymentGoal,
    EmploymentPlan,
    JobSeeker,
    NoteAddendum,
    PlanStatus,
    PlanStep,
    ServiceNote,
)
from .consents import consent_list

VIEW = roles.Action.JOB_SEEKER_VIEW


def job_seeker_phase(job_seeker: JobSeeker, on: datetime.date) -> tuple[str, str]:
    """(key, label) of the person's phase on a day, by the caseload's one phase rule (one query)."""
    from .caseload import Phase, phase_annotation

    key = (
        JobSeeker.objects.filter(pk=job_seeker.pk)
        .annotate(phase=phase_annotation(on))
        .values_list("phase", flat=True)
        .get()
    )
    return key, Phase(key).label


def acts_as_partner(user, program) -> bool:
    """Does the user see this program's people only as a partner (under the person's consent)?"""
    program_id = getattr(program, "pk", program)
    return any(program_id in ids for _role, ids in access.scope(user, VIEW).partner_ids)


def record_print(*, user, job_seeker: JobSeeker) -> dict:
    """Everything the print view shows: each part through the gate, one query per part.

    A partner sees only what the person's consent releases (the gate's consent rule), no
    42 CFR Part 2 note unless the consent covers it, and never the legal history.
    """
    profile = (
        access.restrict(CareerProfile.objects.filter(job_seeker=job_seeker), user, VIEW)
        .prefetch_related("work_history", "education_history")
        .first()
    )
    plan = (
        access.restrict(
            EmploymentPlan.objects.filter(job_seeker=job_seeker, status=PlanStatus.ACTIVE), user, VIEW
        )
        .prefetch_related(
            Prefetch(
                "goals",
                queryset=EmploymentGoal.objects.prefetch_related(
                    Prefetch("steps", queryset=PlanStep.objects.select_related("responsible_user"))
                ),
            )
        )
        .first()
    )
    consents = list(consent_list(user=user, job_seeker=job_seeker))
    notes = list(
        access.restrict(ServiceNote.objects.filter(job_seeker=job_seeker), user, VIEW)
        .select_related("staff__user")
        .prefetch_related(
            Prefetch(
                "addenda",
                queryset=access.restrict(NoteAddendum.objects.all(), user, VIEW).select_related("author"),
            )
        )
        .order_by("date", "created_at", "id")
    )
    return {
        "profile": profile,
        "show_legal_history": not acts_as_partner(user, job_seeker.program),
        "plan": plan,
        "consents": consents,
        "notes": notes,
    }

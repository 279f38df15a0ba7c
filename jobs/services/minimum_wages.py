"""Writes about the minimum-wage table: the state administrator adds or corrects a rate, and every
job the rate bears on is checked again in the same transaction, so stored = recomputed always.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access, roles
from accounts.models import Program
from core import audit
from core.services import validated_save

from ..models import Job, Jurisdiction, MinimumWage
from .jobs import COMPUTED_FIELDS, all_rates, apply_competitive_check

RATE_FIELDS = ["jurisdiction", "state", "locality", "effective_from", "hourly_rate", "source"]


def _clean(*, jurisdiction, state, locality, effective_from, hourly_rate, source) -> dict:
    state = (state or "").strip().upper()
    locality = (locality or "").strip()
    source = (source or "").strip()
    errors = {}
    if jurisdiction not in Jurisdiction.values:
        errors["jurisdiction"] = _("Choose federal, state, or city or county.")
    elif jurisdiction == Jurisdiction.FEDERAL:
        state, locality = "", ""
    else:
        if len(state) != 2 or not state.isalpha():
            errors["state"] = _("Enter the state's two-letter code (for example WI).")
        if jurisdiction == Jurisdiction.LOCALITY and not locality:
            errors["locality"] = _("Enter the city or county that sets this minimum.")
        if jurisdiction == Jurisdiction.STATE:
            locality = ""
    if effective_from is None:
        errors["effective_from"] = _("Enter the date the rate is in force from.")
    if hourly_rate is None or Decimal(hourly_rate) <= 0:
        errors["hourly_rate"] = _("The hourly rate must be more than $0.")
    elif Decimal(hourly_rate) > 500:
        errors["hourly_rate"] = _("The hourly rate must be at most $500.")
    if not source:
        errors["source"] = _("Name the law or notice that sets this rate.")
    if errors:
        raise ValidationError(errors)
    return {
        "jurisdiction": jurisdiction,
        "state": state,
        "locality": locality,
        "effective_from": effective_from,
        "hourly_rate": Decimal(hourly_rate),
        "source": source,
    }


def _check_unique(fields: dict, *, exclude_pk=None) -> None:
    same = MinimumWage.objects.filter(
        jurisdiction=fields["jurisdiction"],
        state=fields["state"],
        locality__iexact=fields["locality"],
        effective_from=fields["effective_from"],
    )
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    if same.exists():
        raise ValidationError(
            {"effective_from": _("This place already has a rate from that date. Change that rate instead.")}
        )


def _programs_bound_by(rate_keys: list[tuple[str, str, str]]) -> Q:
    """The programs a rate (before or after a change) applies to."""
    condition = Q(pk__in=[])
    for jurisdiction, state, locality in rate_keys:
        if jurisdiction == Jurisdiction.FEDERAL:
            return Q()
        if jurisdiction == Jurisdiction.STATE:
            condition |= Q(state__iexact=state)
        else:
            condition |= Q(state__iexact=state, wage_locality__iexact=locality)
    return condition


def recompute_jobs(*, actor, programs: Q | None = None, since: datetime.date | None = None) -> int:
    """Check again every job of these programs (started on or after `since`); audit each change.

    Returns how many jobs changed. Called inside the caller's transaction.
    """
    rates = all_rates()
    program_ids = list(Program.objects.filter(programs or Q()).values_list("pk", flat=True))
    jobs = Job.objects.filter(program_id__in=program_ids).select_related("program").order_by("pk")
    if since is not None:
        jobs = jobs.filter(start_date__gte=since)
    changed = []
    now = timezone.now()
    for job in jobs.select_for_update(of=("self",)).iterator(chunk_size=500):
        before = audit.snapshot(job, COMPUTED_FIELDS)
        if apply_competitive_check(job, job.program, rates):
            changed.append(job)
            job.version += 1
            job.updated_at = now
            audit.record_change(actor=actor, obj=job, before=before, job_seeker_id=job.job_seeker_id)
    Job.objects.bulk_update(changed, [*COMPUTED_FIELDS, "version", "updated_at"], batch_size=500)
    return len(changed)


@transaction.atomic
def minimum_wage_add(
    *,
    actor,
    jurisdiction: str,
    effective_from: datetime.date,
    hourly_rate: Decimal,
    source: str,
    state: str = "",
    locality: str = "",
) -> MinimumWage:
    """Add a rate to the table; the jobs it bears on are checked again at once."""
    access.require(actor, roles.Action.MINIMUM_WAGE_EDIT)
    fields = _clean(
        jurisdiction=jurisdiction,
        state=state,
        locality=locality,
        effective_from=effective_from,
        hourly_rate=hourly_rate,
        source=source,
    )
    _check_unique(fields)
    rate = MinimumWage(**fields)
    validated_save(rate)
    audit.record_change(actor=actor, obj=rate, before=None)
    key = (rate.jurisdiction, rate.state, rate.locality)
    recompute_jobs(actor=actor, programs=_programs_bound_by([key]), since=rate.effective_from)
    return rate


@transaction.atomic
def minimum_wage_update(
    *,
    actor,
    rate: MinimumWage,
    jurisdiction: str,
    effective_from: datetime.date,
    hourly_rate: Decimal,
    source: str,
    state: str = "",
    locality: str = "",
) -> MinimumWage:
    """Correct a rate of the table; the jobs it bore on and now bears on are checked again at once."""
    access.require(actor, roles.Action.MINIMUM_WAGE_EDIT)
    rate = MinimumWage.objects.select_for_update().get(pk=rate.pk)
    fields = _clean(
        jurisdiction=jurisdiction,
        state=state,
        locality=locality,
        effective_from=effective_from,
        hourly_rate=hourly_rate,
        source=source,
    )
    _check_unique(fields, exclude_pk=rate.pk)
    before = audit.snapshot(rate, RATE_FIELDS)
    old_key = (rate.jurisdiction, rate.state, rate.locality)
    old_from = rate.effective_from
    for name, value in fields.items():
        setattr(rate, name, value)
    validated_save(rate)
    audit.record_change(actor=actor, obj=rate, before=before)
    new_key = (rate.jurisdiction, rate.state, rate.locality)
    recompute_jobs(
        actor=actor,
        programs=_programs_bound_by([old_key, new_key]),
        since=min(old_from, rate.effective_from),
    )
    return rate

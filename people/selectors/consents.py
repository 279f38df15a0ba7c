"""Reads of consents (releases of information): a person's list, and the ones about to expire.

Every read goes through the one gate (`accounts.access.restrict`). A partner who may see the
person at all (under the person's active consent) sees only the consents of their own kind:
a DVR counselor sees the releases to DVR, not the ones to the family or the benefits counselor.
"""

from __future__ import annotations

import datetime
from functools import reduce
from operator import or_

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts import access, roles

from ..models import Consent, JobSeeker

# The worklist and the consents page flag a consent this many days before it expires.
EXPIRING_WITHIN_DAYS = 30


def active_q(on: datetime.date, prefix: str = "") -> Q:
    """Consents in force on a day, as a condition (the same rule as `Consent.objects.active`)."""
    return Q(**{f"{prefix}start_date__lte": on, f"{prefix}expiry_date__gte": on}) & (
        Q(**{f"{prefix}revoked_at__isnull": True}) | Q(**{f"{prefix}revoked_at__date__gt": on})
    )


def visible_consents(qs: QuerySet, user) -> QuerySet:
    """The consents of `qs` the user may see: through the gate, and a partner only their own kind."""
    qs = access.restrict(qs, user, roles.Action.JOB_SEEKER_VIEW)
    scope = access.scope(user, roles.Action.JOB_SEEKER_VIEW)
    if scope.everywhere or not scope.partner_ids:
        return qs
    partner_programs = frozenset().union(*(ids for _role, ids in scope.partner_ids))
    direct = scope.program_ids - partner_programs
    conditions = [Q(job_seeker__program_id__in=direct)] if direct else []
    conditions += [
        Q(job_seeker__program_id__in=ids, partner_kind=roles.PARTNER_CONSENT_KIND[role])
        for role, ids in scope.partner_ids
    ]
    return qs.filter(reduce(or_, conditions))


def consent_list(*, user, job_seeker: JobSeeker) -> QuerySet:
    """A person's consents the user may see, newest first, with their scope rows."""
    return visible_consents(Consent.objects.filter(job_seeker=job_seeker), user).prefetch_related("scopes")


def consents_expiring(
    qs: QuerySet, today: datetime.date, within_days: int = EXPIRING_WITHIN_DAYS
) -> QuerySet:
    """Active consents that expire between today and `within_days` from now.

    `qs` is a queryset of job seekers (their consents are looked at) or of consents. A consent
    already renewed — the person signed a newer one for the same kind of partner that is not
    revoked and runs past this one's expiry — needs nothing done and is left out.
    """
    if qs.model is JobSeeker:
        qs = Consent.objects.filter(job_seeker__in=qs)
    renewal = Consent.objects.filter(
        job_seeker=OuterRef("job_seeker"),
        partner_kind=OuterRef("partner_kind"),
        revoked_at__isnull=True,
        expiry_date__gt=OuterRef("expiry_date"),
    ).exclude(pk=OuterRef("pk"))
    return (
        qs.filter(active_q(today))
        .filter(expiry_date__lte=today + datetime.timedelta(days=within_days))
        .exclude(Exists(renewal))
    )


def expiring_consents(
    *, user, program, today: datetime.date, within_days: int = EXPIRING_WITHIN_DAYS
) -> QuerySet:
    """The program's consents that expire soon, for the worklist: open records only, soonest first.

    Through the gate (a partner sees only the consents of their own kind, of people they may see);
    the job seeker is selected with each row.
    """
    consents = Consent.objects.filter(
        job_seeker__program=program,
        job_seeker__closed_date__isnull=True,
        job_seeker__archived_at__isnull=True,
    )
    return (
        consents_expiring(visible_consents(consents, user), today, within_days)
        .select_related("job_seeker")
        .order_by("expiry_date", "job_seeker__last_name", "job_seeker__first_name", "pk")
    )

"""Reads about job seekers that more than one page needs."""

from __future__ import annotations

import datetime
import unicodedata

from ..models import JobSeeker


def _fold(name: str) -> str:
    """A name compared without case or accents ("José" and "jose" are the same)."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def possible_duplicates(
    *, program, first_name: str, last_name: str, date_of_birth: datetime.date | None
) -> list[JobSeeker]:
    """People of the program with the same names (ignoring case and accents) and date of birth.

    The date of birth narrows the rows in SQL; the names are compared in Python so that accents
    count as the same letter on SQLite and PostgreSQL alike. A person with no date of birth is
    compared with the people whose date of birth is also not known.
    """
    candidates = JobSeeker.objects.filter(program=program)
    if date_of_birth is None:
        candidates = candidates.filter(date_of_birth__isnull=True)
    else:
        candidates = candidates.filter(date_of_birth=date_of_birth)
    first, last = _fold(first_name), _fold(last_name)
    return [js for js in candidates if _fold(js.first_name) == first and _fold(js.last_name) == last]


# The IPS fidelity scale's limit for one employment specialist's caseload.
CASELOAD_LIMIT = 20


def employment_specialist_choices(*, program):
    """The program's current employment specialists, each with `caseload_count`, in one query.

    The caseload is the open, enrolled people whose employment specialist is that membership.
    """
    from django.db.models import Count, Q

    from accounts.models import Membership
    from accounts.roles import ES

    return (
        Membership.objects.current()
        .filter(program=program, role=ES)
        .select_related("user")
        .annotate(
            caseload_count=Count(
                "caseload",
                filter=Q(
                    caseload__enrollment_date__isnull=False,
                    caseload__closed_date__isnull=True,
                    caseload__archived_at__isnull=True,
                ),
            )
        )
        .order_by("user__last_name", "user__first_name", "pk")
    )

"""What the people API's viewsets share: the person a request names by id, and checked input."""

from __future__ import annotations

from rest_framework.exceptions import ValidationError as ApiValidationError

from accounts import access
from core.viewsets import validated  # noqa: F401 (the people API's viewsets import it from here)

from ..models import JobSeeker


def job_seeker_by_id(user, pk, action_name: str, *, not_an_id: str = "Give the id of a person.") -> JobSeeker:
    """The person whose id the request gives, through the gate (400 on `job_seeker` if it is no id)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise ApiValidationError({"job_seeker": [not_an_id]}) from None
    return access.get_for(user, JobSeeker.objects.select_related("program"), pk, action_name)

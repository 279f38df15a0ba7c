"""What the people API's viewsets share: the person a request names by id, and checked input."""

from __future__ import annotations

from rest_framework.exceptions import ValidationError as ApiValidationError

from accounts import access

from ..models import JobSeeker


def job_seeker_by_id(user, pk, action_name: str, *, not_an_id: str = "Give the id of a person.") -> JobSeeker:
    """The person whose id the request gives, through the gate (400 on `job_seeker` if it is no id)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise ApiValidationError({"job_seeker": [not_an_id]}) from None
    return access.get_for(user, JobSeeker.objects.select_related("program"), pk, action_name)


def validated(serializer_class, data, **kwargs) -> dict:
    """The request's input as the serializer checked it (a 400 with field errors when it is bad)."""
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)

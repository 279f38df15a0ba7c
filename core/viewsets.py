"""What the apps' API viewsets share: the viewset shape, the schemas of a change, checked input.

Kept apart from `core.api`, which the REST framework's settings import (for authentication), so
that this module may import the framework's viewsets.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, viewsets


class ListRetrieveCreateUpdateViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """A viewset that lists, reads, creates and changes rows, and never deletes them."""


def update_schemas(*, update: str, partial_update: str, request, responses) -> dict:
    """The schemas of a full and a partial change (for `extend_schema_view(**...)`): one input, one answer."""
    return {
        "update": extend_schema(summary=update, request=request, responses=responses),
        "partial_update": extend_schema(
            summary=partial_update, request=request(partial=True), responses=responses
        ),
    }


def validated(serializer_class, data, **kwargs) -> dict:
    """The request's input as the serializer checked it (a 400 with field errors when it is bad)."""
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def versioned(serializer_class, data, *, partial: bool, missing_version: str) -> dict:
    """A change's checked input, which must give the version the caller read (else a 400 on `version`).

    Lay it over the row's stored values (`{**stored, **versioned(...)}`) for a service that takes
    every field, or pass it as it is to one that takes only what changes.
    """
    fields = validated(serializer_class, data, partial=partial)
    if "version" not in fields:
        raise exceptions.ValidationError({"version": [missing_version]})
    return fields

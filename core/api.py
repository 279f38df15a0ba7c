"""API building blocks shared by every app: pagination, authentication, errors."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions, pagination
from rest_framework.authentication import SessionAuthentication


class Pagination(pagination.PageNumberPagination):
    """Every list answers {"count", "next", "previous", "results"}."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class VerifiedSessionAuthentication(SessionAuthentication):
    """A browser session counts for the API only once it has passed MFA where MFA is required."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        from accounts import mfa

        if not mfa.satisfied(request._request):
            raise exceptions.NotAuthenticated("Multi-factor authentication is required.")
        return result


def django_errors(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
    return {"non_field_errors": [str(m) for m in exc.messages]}


def exception_handler(exc, context):
    """Model and service validation errors become 400s with field errors, like serializer errors."""
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(django_errors(exc))
    return drf_exception_handler(exc, context)


def yes_no_param(value: str | None, name: str) -> bool | None:
    """A true/false query parameter (true, 1, yes / false, 0, no); None when absent or empty."""
    if value in (None, ""):
        return None
    if value.lower() in ("true", "1", "yes"):
        return True
    if value.lower() in ("false", "0", "no"):
        return False
    raise exceptions.ValidationError({name: [_("Use true or false.")]})

"""OpenAPI descriptions for our own API building blocks."""

from drf_spectacular.authentication import SessionScheme


class VerifiedSessionScheme(SessionScheme):
    """The browser session (after MFA) is the same cookie scheme as Django's session."""

    target_class = "core.api.VerifiedSessionAuthentication"
    name = "cookieAuth"

"""Per-user language, and the MFA check that stands before every page."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from . import mfa

# Paths a signed-in person may reach before passing MFA.
MFA_EXEMPT_PREFIXES = (
    "/static/",
    "/healthz",
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/mfa/",
    "/accounts/password-reset/",
    "/accounts/invitation/",
    "/i18n/",
    "/work/",  # the public "I want to work" pages: anyone may use them, signed in or not
    "/api/",  # the API answers 401/403 itself; see core.api.VerifiedSessionAuthentication
)


class UserLanguageMiddleware:
    """A signed-in person sees the language they chose on their account page.

    A choice made in this browser (the footer's language switcher sets the language cookie)
    wins over the account's, so the switcher works for signed-in people too; the account's
    language applies in a browser that has made no choice yet.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            language = chosen if chosen in dict(settings.LANGUAGES) else user.language
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)


class MFARequiredMiddleware:
    """Send a signed-in person who has not passed MFA to set it up or to enter a code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(MFA_EXEMPT_PREFIXES)
            and not mfa.satisfied(request)
        ):
            target = "accounts:mfa_verify" if mfa.confirmed_totp(user) else "accounts:mfa_setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

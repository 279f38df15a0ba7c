from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import DefaultRouter

from accounts import api as accounts_api
from core import views as core_views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("programs", accounts_api.ProgramViewSet, basename="program")
# --- api: job seekers and referrals ---
# --- api: consents ---
# --- api: career profiles ---
# --- api: employment plans ---
# --- api: service notes ---

api_v1 = [
    path("me/", accounts_api.me, name="me"),
    *router.urls,
]

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    # The schema and its documentation page are for signed-in users, like the rest of the API.
    path("api/schema/", SpectacularAPIView.as_view(permission_classes=[IsAuthenticated]), name="api_schema"),
    # The split view serves Swagger UI's start-up script from this URL (?script) instead of inline,
    # so the page runs under the Content-Security-Policy "script-src 'self' 'nonce-…'".
    path(
        "api/docs/",
        login_required(
            SpectacularSwaggerSplitView.as_view(url_name="api_schema", permission_classes=[IsAuthenticated])
        ),
        name="api_docs",
    ),
    path("", include("accounts.urls")),
    path("", include("people.urls")),
    path("", include("core.urls")),
]

handler400 = "core.views.error_400"
handler403 = "core.views.error_403"
handler404 = "core.views.error_404"
handler500 = "core.views.error_500"

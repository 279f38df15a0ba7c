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
from people.api import job_seekers as job_seekers_api  # noqa: E402 (each feature registers at its own anchor)

router.register("job-seekers", job_seekers_api.JobSeekerViewSet, basename="job-seeker")
# --- api: consents ---
from people.api import consents as consents_api  # noqa: E402 (each feature registers at its own anchor)

router.register("consents", consents_api.ConsentViewSet, basename="consent")
# --- api: career profiles ---
from people.api import profile as career_profile_api  # noqa: E402 (each feature registers at its own anchor)

# One profile per person, under the person's address: a router has no route for a singleton.
career_profile_urls = [
    path(
        "job-seekers/<int:pk>/career-profile/",
        career_profile_api.CareerProfileView.as_view(),
        name="career-profile",
    ),
]
# --- api: employment plans ---
from people.api import plans as plans_api  # noqa: E402 (each feature registers at its own anchor)

router.register("employment-plans", plans_api.EmploymentPlanViewSet, basename="employment-plan")
# --- api: service notes ---
# --- api: employers ---
from employers.api import employers as employers_api  # noqa: E402 (each feature registers at its own anchor)

router.register("employers", employers_api.EmployerViewSet, basename="employer")
# --- api: employer contacts ---
from employers.api import contacts as employer_contacts_api  # noqa: E402 (each feature registers at its own anchor)

router.register(
    "employer-contacts", employer_contacts_api.EmployerContactViewSet, basename="employer-contact"
)
# --- api: openings ---
from employers.api import openings as openings_api  # noqa: E402 (each feature registers at its own anchor)

router.register("openings", openings_api.OpeningViewSet, basename="opening")
# --- api: jobs ---
from jobs.api import jobs as jobs_api  # noqa: E402 (each feature registers at its own anchor)

router.register("jobs", jobs_api.JobViewSet, basename="job")
router.register("minimum-wages", jobs_api.MinimumWageViewSet, basename="minimum-wage")
# --- api: education and follow-along ---
from jobs.api import education as education_api  # noqa: E402 (each feature registers at its own anchor)
from supports.api import follow_along as follow_along_api  # noqa: E402

router.register("education", education_api.EducationEnrollmentViewSet, basename="education")
router.register("follow-along", follow_along_api.FollowAlongViewSet, basename="follow-along")
from people.api import notes as notes_api  # noqa: E402 (each feature registers at its own anchor)

router.register("service-notes", notes_api.ServiceNoteViewSet, basename="service-note")
# --- api: reports and measures ---
from reporting.api import reports as reports_api  # noqa: E402 (each feature registers at its own anchor)

router.register("reports", reports_api.QuarterlyReportViewSet, basename="report")
router.register("measures", reports_api.MeasuresViewSet, basename="measures")
router.register("report-entries", reports_api.ReportEntryViewSet, basename="report-entry")

api_v1 = [
    path("me/", accounts_api.me, name="me"),
    *router.urls,
    *career_profile_urls,
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
    path("", include("employers.urls")),
    path("", include("jobs.urls")),
    path("", include("supports.urls")),
    path("", include("reporting.urls")),
    path("", include("core.urls")),
]

handler400 = "core.views.error_400"
handler403 = "core.views.error_403"
handler404 = "core.views.error_404"
handler500 = "core.views.error_500"

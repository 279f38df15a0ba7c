from django.urls import include, path

from . import views

# Each feature's pages are listed in its own block below.

app_name = "people"
urlpatterns = [
    path("programs/<slug:slug>/referrals/new/", views.referral_create, name="referral_create"),
    path("programs/<slug:slug>/people/<int:pk>/", views.job_seeker_detail, name="job_seeker_detail"),
    path(
        "programs/<slug:slug>/people/<int:pk>/outreach/",
        views.contact_attempt_create,
        name="contact_attempt_create",
    ),
    path("programs/<slug:slug>/people/<int:pk>/enroll/", views.job_seeker_enroll, name="job_seeker_enroll"),
    path(
        "programs/<slug:slug>/people/<int:pk>/transfer/",
        views.job_seeker_transfer,
        name="job_seeker_transfer",
    ),
    # --- caseload and worklist ---
    path("programs/<slug:slug>/", include("people.urls_caseload")),
    # --- public page and referral inbox ---
    path("", include("people.urls_public")),
    # --- record page, timeline, print, closure ---
    path("programs/<slug:slug>/people/<int:pk>/", include("people.urls_record")),
    # --- consents ---
    path("programs/<slug:slug>/people/<int:pk>/", include("people.urls_consents")),
    # --- career profile ---
    path("programs/<slug:slug>/people/<int:pk>/profile/", include("people.urls_profile")),
    # --- employment plan ---
    path("programs/<slug:slug>/people/<int:pk>/plan/", include("people.urls_plans")),
    # --- service notes ---
    path("programs/<slug:slug>/people/<int:pk>/notes/", include("people.urls_notes")),
]

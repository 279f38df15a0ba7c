from django.urls import path

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
    # --- public page and referral inbox ---
    # --- record page, timeline, print, closure ---
    # --- consents ---
    # --- career profile ---
    # --- employment plan ---
    # --- service notes ---
]

from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("programs/<slug:slug>/referrals/new/", views.referral_create, name="referral_create"),
    path("programs/<slug:slug>/people/<int:pk>/", views.job_seeker_detail, name="job_seeker_detail"),
]

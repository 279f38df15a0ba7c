"""The "I want to work" page and the referral inbox, included from people/urls.py.

They live in their own module so people/urls.py needs no import of people.views.public (other
features add their lines to that file in parallel).
"""

from django.urls import path

from .views import public

urlpatterns = [
    # No log-in: anyone may tell a program they want to work.
    path("work/<slug:slug>/", public.public_referral, name="public_referral"),
    path("work/<slug:slug>/thanks/", public.public_referral_thanks, name="public_referral_thanks"),
    # The program staff's inbox of what the page received.
    path("programs/<slug:slug>/referrals/inbox/", public.referral_inbox, name="referral_inbox"),
    path(
        "programs/<slug:slug>/referrals/inbox/<int:submission_pk>/",
        public.public_submission_detail,
        name="public_submission_detail",
    ),
]

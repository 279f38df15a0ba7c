"""Career-profile pages of a person's record, included from people/urls.py under the person's address.

They live in their own module so people/urls.py needs no import of people.views.profile (other
features add their lines to that file in parallel).
"""

from django.urls import path

from .views import profile

urlpatterns = [
    path("", profile.career_profile, name="career_profile"),
    path("edit/", profile.career_profile_edit, name="career_profile_edit"),
    path("versions/", profile.career_profile_versions, name="career_profile_versions"),
    path("versions/<int:number>/", profile.career_profile_version, name="career_profile_version"),
    path("work-history/add/", profile.work_history_add, name="work_history_add"),
    path("work-history/<int:entry_pk>/edit/", profile.work_history_edit, name="work_history_edit"),
    path("work-history/<int:entry_pk>/remove/", profile.work_history_remove, name="work_history_remove"),
    path("education/add/", profile.education_history_add, name="education_history_add"),
    path("education/<int:entry_pk>/edit/", profile.education_history_edit, name="education_history_edit"),
    path(
        "education/<int:entry_pk>/remove/", profile.education_history_remove, name="education_history_remove"
    ),
]

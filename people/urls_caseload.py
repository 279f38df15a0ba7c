"""The caseload and Today pages of a program, included from people/urls.py under programs/<slug>/.

They live in their own module so people/urls.py needs no import of people.views.caseload (other
features add their lines to that file in parallel).
"""

from django.urls import path

from .views import caseload

urlpatterns = [
    path("caseload/", caseload.caseload, name="caseload"),
    path("today/", caseload.worklist, name="worklist"),
]

"""Follow-along supports."""

from django.urls import path

from .views import follow_along

app_name = "supports"
urlpatterns = [
    path(
        "programs/<slug:slug>/people/<int:pk>/jobs/<int:job_pk>/follow-along/",
        follow_along.follow_along,
        name="follow_along",
    ),
    path("programs/<slug:slug>/follow-along/", follow_along.follow_along_list, name="follow_along_list"),
]

"""URLs of the interchange pages: the web import (with its dry run and progress) and the export."""

from django.urls import path

from .views import interchange

urlpatterns = [
    path("programs/<slug:slug>/import/", interchange.import_start, name="program_import"),
    path("programs/<slug:slug>/import/<int:pk>/", interchange.import_run, name="program_import_run"),
    path(
        "programs/<slug:slug>/import/<int:pk>/confirm/",
        interchange.import_confirm,
        name="program_import_confirm",
    ),
    path("programs/<slug:slug>/export/", interchange.export_download, name="program_export"),
]

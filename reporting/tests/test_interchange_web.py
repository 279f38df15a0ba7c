"""The web import (dry run, confirm, background task with progress) and the "Download all records" zip."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from accounts.tests.factories import ProgramFactory
from core.models import AuditEvent
from jobs.models import Job
from people.models import JobSeeker
from reporting.models import ImportRun, ImportStatus

from .factories_interchange import as_xlsx, as_zip, valid_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(make_user, program, login):
    user = make_user("program_manager", program, fte="0.50")
    return login(user), user


@pytest.fixture
def immediate_tasks(settings):
    """Tasks run at once, in the request (Django's ImmediateBackend): for the tests about the result."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def work():
    """Run every queued task with the real database worker (`manage.py db_worker --batch`), then stop.

    The worker closes and reopens its connection between tasks, as it does in production, so the
    tests that use it commit for real (transaction=True).
    """
    call_command(
        "db_worker",
        "--batch",
        "--no-startup-delay",
        "--no-reload",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )


def upload(client, program, *files):
    url = reverse("reporting:program_import", args=[program.slug])
    return client.post(url, {"files": [SimpleUploadedFile(name, data) for name, data in files]})


def latest_run(program) -> ImportRun:
    return ImportRun.objects.filter(program=program).latest("id")


def test_upload_page(manager, program):
    client, _user = manager
    response = client.get(reverse("reporting:program_import", args=[program.slug]))
    assert response.status_code == 200
    assert b'type="file"' in response.content and b"multiple" in response.content
    assert "At most 100 MB in all." in response.content.decode()  # the default limit, in words


# On PostgreSQL the worker closes the connection between tasks, which a test transaction cannot
# survive: the test commits for real there. SQLite's in-memory test database keeps its connection
# (and its append-only audit trigger refuses the flush a transactional test ends with).
WORKER_DB = (
    pytest.mark.django_db(transaction=True, serialized_rollback=True)
    if os.environ.get("DATABASE_URL", "").startswith("postgres")
    else pytest.mark.django_db
)


@WORKER_DB
def test_zip_dry_run_then_confirm_runs_in_the_worker(manager, program):
    client, user = manager
    response = upload(client, program, ("records.zip", as_zip(valid_files(program.slug))))
    run = latest_run(program)
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:program_import_run", args=[program.slug, run.pk])
    assert run.status == ImportStatus.QUEUED and run.task_id and run.upload

    # Before the worker: a progress bar, refreshed by htmx and by a plain link.
    page = client.get(response["Location"])
    assert b"<progress" in page.content and b'hx-trigger="every 1s"' in page.content
    assert f'href="{response["Location"]}"'.encode() in page.content
    partial = client.get(response["Location"], headers={"HX-Request": "true"})
    assert partial.content.strip().startswith(b'<div id="import-progress"')

    work()
    run.refresh_from_db()
    assert run.status == ImportStatus.DONE and run.dry_run
    assert run.rows_done == run.rows_total == 28
    assert run.summary["job_seekers.csv"] == {"created": 5, "updated": 0, "unchanged": 0}
    assert run.upload is not None  # kept for "Confirm import"
    assert not JobSeeker.objects.filter(program=program).exists()
    page = client.get(response["Location"])
    assert b"Confirm import" in page.content and b"hx-trigger" not in page.content
    assert b"What the import would do" in page.content

    confirm = client.post(reverse("reporting:program_import_confirm", args=[program.slug, run.pk]))
    assert confirm.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportStatus.QUEUED and not run.dry_run
    work()
    run.refresh_from_db()
    assert run.status == ImportStatus.DONE and run.upload is None
    assert JobSeeker.objects.filter(program=program).count() == 5
    assert Job.objects.filter(program=program).count() == 4
    assert AuditEvent.objects.filter(program=program, action="create", actor=user).count() > 20
    page = client.get(response["Location"])
    assert b"The import is finished." in page.content and b"Confirm import" not in page.content

    # A second confirm does nothing; the same files again change nothing.
    client.post(reverse("reporting:program_import_confirm", args=[program.slug, run.pk]))
    upload(client, program, ("records.zip", as_zip(valid_files(program.slug))))
    work()
    again = latest_run(program)
    assert again.summary["jobs.csv"] == {"created": 0, "updated": 0, "unchanged": 4}


def test_csv_files_and_problems_table(manager, program, immediate_tasks):
    client, _user = manager
    files = valid_files(program.slug)
    files["jobs.csv"] = files["jobs.csv"].replace(b"Stocker,2024-02-12", b"Stocker,2026-13-01")
    upload(client, program, *files.items())
    run = latest_run(program)
    assert run.status == ImportStatus.FAILED and run.upload is None
    assert run.problems == [
        {
            "file": "jobs.csv",
            "line": 2,
            "column": "start_date",
            "message": "2026-13-01 is not a date (YYYY-MM-DD)",
        }
    ]
    page = client.get(reverse("reporting:program_import_run", args=[program.slug, run.pk]))
    assert b"1 problem was found. Nothing was written." in page.content
    assert b"<td>jobs.csv</td><td>2</td><td>start_date</td>" in page.content
    assert b"Confirm import" not in page.content
    assert not JobSeeker.objects.filter(program=program).exists()


def test_xlsx_workbook(manager, program, immediate_tasks):
    client, _user = manager
    upload(client, program, ("records.xlsx", as_xlsx(valid_files(program.slug))))
    run = latest_run(program)
    assert run.problems == [] and run.status == ImportStatus.DONE
    assert run.summary["service_notes.csv"]["created"] == 4


def test_files_of_another_program_are_refused(manager, program, immediate_tasks):
    client, _user = manager
    upload(client, program, ("records.zip", as_zip(valid_files("someone-else"))))
    run = latest_run(program)
    assert run.problems[0]["file"] == "program.csv" and run.problems[0]["column"] == "slug"
    assert "someone-else is not this program" in run.problems[0]["message"]


def test_non_utf8_upload(manager, program, immediate_tasks):
    client, _user = manager
    files = valid_files(program.slug)
    files["staff.csv"] = files["staff.csv"].replace(b"Pat,Manager", "Zoë,Manager".encode("latin-1"))
    upload(client, program, *files.items())
    run = latest_run(program)
    assert run.problems[0]["file"] == "staff.csv" and "not UTF-8" in run.problems[0]["message"]


def test_oversize_upload_is_refused_before_it_is_stored(manager, program, settings):
    client, _user = manager
    settings.OPENIPS_IMPORT_MAX_BYTES = 2000
    response = upload(client, program, ("records.zip", b"x" * 5000))
    assert response.status_code == 400
    assert "larger than 2 KB, the most an import may be" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_mix_of_zip_and_csv_is_refused(manager, program, immediate_tasks):
    client, _user = manager
    upload(client, program, ("records.zip", as_zip(valid_files(program.slug))), ("staff.csv", b"ref\n"))
    assert "not a mix" in latest_run(program).problems[0]["message"]


def test_runs_of_another_program_are_hidden(manager, program):
    client, _user = manager
    other = ProgramFactory()
    run = ImportRun.objects.create(program=other, uploaded_by=_user, file_names="x.zip")
    url = reverse("reporting:program_import_run", args=[program.slug, run.pk])
    assert client.get(url).status_code == 404


def test_download_all_records(manager, program):
    client, user = manager
    url = reverse("reporting:program_export", args=[program.slug])
    assert b"Download the zip" in client.get(url).content
    response = client.post(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = sorted(n.split("/")[-1] for n in archive.namelist())
        program_csv = archive.read(next(n for n in archive.namelist() if n.endswith("program.csv")))
    assert "job_seekers.csv" in names and "service_notes.csv" in names
    assert program.slug.encode() in program_csv
    assert AuditEvent.objects.filter(action="export", actor=user, program=program).count() == 1

"""import_program / export_program: the interchange folder in and out (shared/domain/interchange.md)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Membership, Program, ServiceArea, User
from core.models import AuditEvent
from employers.models import Employer, EmployerContact, EmployerContactJobSeeker
from jobs.models import EducationEnrollment, Job
from people.models import CaseloadAssignment, JobSeeker, ServiceNote

pytestmark = pytest.mark.django_db

VALID = Path(__file__).parent / "data" / "interchange" / "valid"


def run_import(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_program", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_valid_folder_creates_the_program():
    out, _err = run_import(VALID)
    assert "job_seekers.csv: 5 created, 0 updated, 0 unchanged" in out
    program = Program.objects.get(slug="north-woods-ips")
    assert program.agency.name == "North Woods Human Services"
    assert program.primary_area.name == "Oneida"
    assert JobSeeker.objects.filter(program=program).count() == 5
    assert Job.objects.filter(program=program).count() == 4
    assert ServiceNote.objects.filter(program=program).count() == 4
    assert EmployerContact.objects.filter(program=program).count() == 4
    assert EducationEnrollment.objects.filter(program=program).count() == 2
    j1, j2, j3, j4 = Job.objects.filter(program=program).order_by("ref")
    assert j1.competitive_integrated is True
    assert j2.competitive_integrated is False and j2.not_competitive_because == ["information_missing"]
    assert j3.competitive_integrated is True  # self-employment: the hourly figure does not count
    assert j4.not_competitive_because == ["not_open_to_anyone", "agency_time_limit"]
    sam = User.objects.get(email="sam.supervisor@example.test")
    assert not sam.has_usable_password()
    assert set(Membership.objects.filter(user=sam, program=program).values_list("role", flat=True)) == {
        "ips_supervisor",
        "employment_specialist",
    }
    pat = Membership.objects.get(program=program, ref="S1")
    assert pat.user.email == "pat.manager@example.test" and pat.role == "program_manager"
    assert str(pat.fte) == "0.50"
    maya = JobSeeker.objects.get(program=program, ref="JS-1")
    assert maya.employment_specialist.ref == "S3" and maya.referral_channel == "import"
    assert CaseloadAssignment.objects.get(job_seeker=maya).from_date.isoformat() == "2024-01-15"
    rosa = JobSeeker.objects.get(program=program, ref="JS-3")
    assert rosa.closure_reason == "moved_away" and rosa.interest_date == rosa.referral_date
    pair = EmployerContact.objects.filter(program=program, purpose="follow_up").first()
    assert {p.ref for p in pair.job_seekers.all()} == {"JS-1", "JS-5"}
    note = ServiceNote.objects.get(program=program, job_seeker__ref="JS-2")
    assert note.staff is None and "\n" in note.text and note.is_locked()
    assert AuditEvent.objects.filter(program=program, action="create").count() > 20


def _counts():
    return (
        Program.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        JobSeeker.objects.count(),
        Employer.objects.count(),
        EmployerContact.objects.count(),
        EmployerContactJobSeeker.objects.count(),
        Job.objects.count(),
        EducationEnrollment.objects.count(),
        ServiceNote.objects.count(),
        CaseloadAssignment.objects.count(),
        ServiceArea.objects.count(),
    )


def test_dry_run_writes_nothing_and_tells_what_would_change():
    before, audit_before = _counts(), AuditEvent.objects.count()
    out, _err = run_import(VALID, "--dry-run")
    assert "staff.csv: 5 created, 0 updated, 0 unchanged" in out
    assert "Dry run" in out
    assert _counts() == before
    assert AuditEvent.objects.count() == audit_before


def test_second_run_changes_nothing():
    run_import(VALID)
    before = _counts()
    versions = list(JobSeeker.objects.order_by("pk").values_list("version", flat=True))
    events = AuditEvent.objects.count()
    out, _err = run_import(VALID)
    for name in (
        "program.csv",
        "staff.csv",
        "job_seekers.csv",
        "employers.csv",
        "employer_contacts.csv",
        "jobs.csv",
        "education.csv",
        "service_notes.csv",
    ):
        assert f"{name}: 0 created, 0 updated" in out, out
    assert "service_notes.csv: 0 created, 0 updated, 4 unchanged" in out
    assert "employer_contacts.csv: 0 created, 0 updated, 4 unchanged" in out
    assert _counts() == before
    assert list(JobSeeker.objects.order_by("pk").values_list("version", flat=True)) == versions
    assert AuditEvent.objects.count() == events


def copy_valid(tmp_path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(VALID, folder)
    return folder


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_changed_row_is_updated_and_audited(tmp_path):
    run_import(VALID)
    folder = copy_valid(tmp_path)
    edit(
        folder,
        "jobs.csv",
        "J2,JS-2,,Corner Café,Barista,2024-03-01,2024-08-15,quit_with_plan,12.5,,,yes,",
        "J2,JS-2,,Corner Café,Barista,2024-03-01,2024-08-15,quit_with_plan,12.5,16.00,yes,yes,no",
    )
    edit(folder, "job_seekers.csv", "JS-5,Ann,Kowalski", "JS-5,Anne,Kowalski")
    out, _err = run_import(folder)
    assert "jobs.csv: 0 created, 1 updated, 3 unchanged" in out
    assert "job_seekers.csv: 0 created, 1 updated, 4 unchanged" in out
    j2 = Job.objects.get(ref="J2")
    assert j2.competitive_integrated is True and j2.not_competitive_because == [] and j2.version == 2
    event = AuditEvent.objects.filter(action="update", object_type="jobs.Job").get()
    assert event.changes["hourly_wage"] == [None, "16.00"]
    assert event.actor_email == "import_program"


def problems_of(folder) -> str:
    before = _counts()
    with pytest.raises(CommandError, match="nothing was written"):
        run_import(folder)
    assert _counts() == before
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_program", str(folder), stdout=io.StringIO(), stderr=err)
    return err.getvalue()


BAD = {
    "unknown column": (
        "jobs.csv",
        "found_with_ips\n",
        "found_with_ips,colour\n",
        "jobs.csv line 1, column colour: unknown column",
    ),
    "missing column": (
        "job_seekers.csv",
        "ref,first_name,",
        "ref,given_name,",
        "job_seekers.csv line 1, column first_name: this required column is missing",
    ),
    "bad date": (
        "jobs.csv",
        "Stocker,2024-02-12",
        "Stocker,2026-13-01",
        "jobs.csv line 2, column start_date: 2026-13-01 is not a date (YYYY-MM-DD)",
    ),
    "not iso date": (
        "job_seekers.csv",
        "2024-05-20",
        "5/20/2024",
        "job_seekers.csv line 5, column referral_date: 5/20/2024 is not a date (YYYY-MM-DD)",
    ),
    "unknown ref": (
        "jobs.csv",
        "J4,JS-5,",
        "J4,JS-9,",
        "jobs.csv line 5, column job_seeker: JS-9 is not a ref in job_seekers.csv",
    ),
    "unknown staff ref": (
        "service_notes.csv",
        "2024-04-03,S4",
        "2024-04-03,S9",
        "service_notes.csv line 6, column staff: S9 is not a ref in staff.csv",
    ),
    "duplicate ref": (
        "employers.csv",
        "E2,Lakeside",
        "E1,Lakeside",
        "employers.csv line 3, column ref: E1 is already used on line 2",
    ),
    "job before birth": (
        "job_seekers.csv",
        "JS-5,Ann,Kowalski,2000-01-01",
        "JS-5,Ann,Kowalski,2024-04-20",
        "jobs.csv line 5, column start_date: the job starts on or before the person's date of birth",
    ),
    "wrong enum": (
        "job_seekers.csv",
        "moved_away",
        "not_eligible",
        "job_seekers.csv line 4, column closure_reason: “not_eligible” is not one of: chose_to_stop",
    ),
    "yes/no": (
        "jobs.csv",
        "15.50,yes,yes,no,no,yes",
        "15.50,Y,yes,no,no,yes",
        "jobs.csv line 2, column pays_same_as_coworkers: “Y” is not yes or no",
    ),
    "money with dollar": (
        "jobs.csv",
        "15.50",
        "$15.50",
        "jobs.csv line 2, column hourly_wage: $15.50: write money as a plain number",
    ),
    "money decimals": (
        "jobs.csv",
        "15.50",
        "15.505",
        "jobs.csv line 2, column hourly_wage: 15.505 has more than two decimals",
    ),
    "fte zero": (
        "staff.csv",
        "program_manager,0.5",
        "program_manager,0",
        "staff.csv line 2, column fte: 0: fte must be more than 0",
    ),
    "fte over one": (
        "staff.csv",
        "employment_specialist,1,",
        "employment_specialist,1.5,",
        "staff.csv line 4, column fte: 1.5: fte must be more than 0 and at most 1",
    ),
    "wrong role": (
        "staff.csv",
        "program_manager,0.5",
        "director,0.5",
        "staff.csv line 2, column role: “director” is not one of",
    ),
    "bad email": (
        "staff.csv",
        "Pat.Manager@example.test",
        "pat at example",
        "staff.csv line 2, column email: “pat at example” is not an e-mail",
    ),
    "closed without reason": (
        "job_seekers.csv",
        ",moved_away",
        ",",
        "job_seekers.csv line 4, column closure_reason: a closed record needs",
    ),
    "employer and name": (
        "jobs.csv",
        "J1,JS-1,E1,,",
        "J1,JS-1,E1,Pine,",
        "jobs.csv line 2, column employer_name: give the employer ref or",
    ),
    "not enrolled": (
        "jobs.csv",
        "J4,JS-5,",
        "J4,JS-4,",
        "jobs.csv line 5, column job_seeker: JS-4 is not enrolled",
    ),
    "too many cells": (
        "employers.csv",
        "Hospitality,Minocqua,WI",
        "Hospitality,Minocqua,WI,extra",
        "employers.csv line 3: this row has 6 cells",
    ),
    "minutes": (
        "service_notes.csv",
        "community,45,",
        "community,0,",
        "service_notes.csv line 2, column minutes: “0”: minutes must be",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_named_by_file_line_and_column_and_nothing_is_written(tmp_path, case):
    name, old, new, expected = BAD[case]
    folder = copy_valid(tmp_path)
    edit(folder, name, old, new)
    err = problems_of(folder)
    assert expected in err, err


def test_missing_required_file(tmp_path):
    folder = copy_valid(tmp_path)
    (folder / "staff.csv").unlink()
    err = problems_of(folder)
    assert "staff.csv: this file is required and is missing" in err


def test_every_problem_is_told_at_once(tmp_path):
    folder = copy_valid(tmp_path)
    edit(folder, "jobs.csv", "Stocker,2024-02-12", "Stocker,2024-02-31")
    edit(folder, "jobs.csv", "12.5,,", "12.5,$9,")
    edit(folder, "staff.csv", "0.8", "2")
    err = problems_of(folder)
    assert "jobs.csv line 2, column start_date" in err
    assert "jobs.csv line 3, column hourly_wage" in err
    assert "staff.csv line 5, column fte" in err


def test_a_file_that_is_not_utf8(tmp_path):
    folder = copy_valid(tmp_path)
    edit(folder, "job_seekers.csv", "JS-1,Maya", "JS-1,José")
    path = folder / "job_seekers.csv"
    path.write_bytes(path.read_text(encoding="utf-8").replace("ễ", "e").encode("cp1252"))
    err = problems_of(folder)
    assert "job_seekers.csv line 2: the file is not UTF-8 text" in err


def test_a_folder_over_the_size_limit_is_refused_before_reading(tmp_path, settings):
    settings.OPENIPS_IMPORT_MAX_BYTES = 1000
    with pytest.raises(CommandError, match="more than the 1 KB an import may be"):
        run_import(VALID)
    assert not Program.objects.exists()


def test_the_default_limit_refuses_200_megabytes(settings):
    from reporting.interchange.source import SourceError, check_size

    if hasattr(settings, "OPENIPS_IMPORT_MAX_BYTES"):
        del settings.OPENIPS_IMPORT_MAX_BYTES
    with pytest.raises(SourceError):
        check_size(200 * 1024 * 1024, "upload.zip")
    check_size(5 * 1024 * 1024, "upload.zip")


def test_a_staff_ref_cannot_move_to_another_person(tmp_path):
    run_import(VALID)
    folder = copy_valid(tmp_path)
    edit(folder, "staff.csv", "alex.rivera@example.test", "someone.else@example.test")
    err = problems_of(folder)
    assert "staff.csv line 4, column email: staff ref S3 is alex.rivera@example.test in this program" in err


def test_an_existing_user_is_matched_by_email_ignoring_case(make_user, program):
    user = make_user(
        "employment_specialist", program, email="alex.rivera@example.test", first_name="Alexandra"
    )
    run_import(VALID)
    membership = Membership.objects.get(program__slug="north-woods-ips", ref="S3")
    assert membership.user == user
    user.refresh_from_db()
    assert user.first_name == "Alexandra" and user.has_usable_password()


# --- export -----------------------------------------------------------------------------------------


def run_export(slug, folder):
    call_command("export_program", slug, str(folder), stdout=io.StringIO())
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_export_writes_the_format_and_is_audited(tmp_path):
    run_import(VALID)
    files = run_export("north-woods-ips", tmp_path / "out")
    assert sorted(files) == sorted(p.name for p in VALID.iterdir())
    assert files["program.csv"] == (VALID / "program.csv").read_bytes()
    assert files["jobs.csv"].decode().splitlines()[0] == (
        "ref,job_seeker,employer,employer_name,title,start_date,end_date,end_reason,hours_per_week,"
        "hourly_wage,pays_same_as_coworkers,open_to_anyone,agency_time_limit,self_employment,found_with_ips"
    )
    assert (
        "J2,JS-2,,Corner Café,Barista,2024-03-01,2024-08-15,quit_with_plan,12.5,,,yes,,no,yes"
        in files["jobs.csv"].decode()
    )
    assert "JS-1;JS-5" in files["employer_contacts.csv"].decode()
    event = AuditEvent.objects.get(action="export")
    assert event.program.slug == "north-woods-ips" and event.changes["files"]["job_seekers.csv"] == 5


def _fresh_database_round_trip(tmp_path, files: dict[str, bytes]) -> dict[str, bytes]:
    """Import `files` into a new, empty SQLite database (migrated from scratch), export them back."""
    import os
    import subprocess
    import sys

    from django.conf import settings as django_settings

    source, target = tmp_path / "fresh-in", tmp_path / "fresh-out"
    source.mkdir()
    for name, data in files.items():
        (source / name).write_bytes(data)
    slug = files["program.csv"].decode().splitlines()[1].split(",")[0]
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    manage = [sys.executable, str(Path(django_settings.BASE_DIR) / "manage.py")]
    for command in (
        ["migrate", "-v0"],
        ["import_program", str(source)],
        ["export_program", slug, str(target)],
    ):
        done = subprocess.run(manage + command, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    return {p.name: p.read_bytes() for p in sorted(target.iterdir())}


def _renamed(
    files: dict[str, bytes], slug: str, new_slug: str, domain: str, new_domain: str
) -> dict[str, bytes]:
    """The same program under another slug and other e-mail addresses (so nothing is matched)."""
    out = dict(files)
    out["program.csv"] = files["program.csv"].replace(f"\n{slug},".encode(), f"\n{new_slug},".encode())
    out["staff.csv"] = files["staff.csv"].replace(f"@{domain},".encode(), f"@{new_domain},".encode())
    return out


def test_round_trip_of_the_hand_made_folder(tmp_path):
    run_import(VALID)
    first = run_export("north-woods-ips", tmp_path / "first")
    copy = _renamed(first, "north-woods-ips", "copy", "example.test", "copy.test")
    folder = tmp_path / "copy"
    folder.mkdir()
    for name, data in copy.items():
        (folder / name).write_bytes(data)
    run_import(folder)
    again = run_export("copy", tmp_path / "again")
    assert _renamed(again, "copy", "north-woods-ips", "copy.test", "example.test") == first


def test_round_trip_of_the_demo_program(tmp_path):
    """A varied program built by the demo: closed people, ended jobs, unknown answers, contacts."""
    call_command("seed_demo", stdout=io.StringIO())
    program = Program.objects.order_by("slug").first()
    first = run_export(program.slug, tmp_path / "first")
    assert first["jobs.csv"].count(b"\n") > 5 and first["employer_contacts.csv"].count(b"\n") > 20
    assert b"," in first["service_notes.csv"]
    copy = _renamed(first, program.slug, "copy-of-demo", "demo.openips.test", "copy.test")
    folder = tmp_path / "copy"
    folder.mkdir()
    for name, data in copy.items():
        (folder / name).write_bytes(data)
    out, _err = run_import(folder)
    assert "0 updated" in out
    again = run_export("copy-of-demo", tmp_path / "again")
    assert _renamed(again, "copy-of-demo", program.slug, "copy.test", "demo.openips.test") == first
    # export -> import into an empty database -> export: the same bytes
    assert _fresh_database_round_trip(tmp_path, first) == first
    # and the same counts in both programs
    for model in (JobSeeker, Job, EducationEnrollment, ServiceNote, EmployerContact):
        assert (
            model.objects.filter(program=program, archived_at__isnull=True).count()
            == model.objects.filter(program__slug="copy-of-demo").count()
        )

"""Service notes: written quickly, editable by their writer for 24 hours, then only added to; searchable."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.tests.helpers import signed_in_client
from core.models import AuditAction, AuditEvent
from people.models import JobSeeker, NoteAddendum, ServiceNote
from people.selectors.notes import (
    first_employer_contact_annotation,
    last_contact_annotation,
    last_meeting_annotation,
)
from people.services.notes import note_addendum_add, service_note_create, service_note_update
from people.tests.factories import ConsentFactory, JobSeekerFactory
from people.tests.factories_caseload import specialist
from people.tests.factories_notes import NoteAddendumFactory, ServiceNoteFactory
from people.views.notes import record_section

LOCKED = "This note is locked: it was written more than 24 hours ago. Add an addendum instead."


def _days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


@pytest.fixture
def ana(program):
    return specialist(program)


@pytest.fixture
def ben(program):
    return specialist(program, "Ben", "Brooks")


@pytest.fixture
def person(program):
    return JobSeekerFactory(
        program=program, first_name="Rosa", last_name="Testperson", referral_date=_days_ago(40)
    )


def _write(es, person, **overrides):
    fields = {
        "date": timezone.localdate(),
        "kind": "meeting_job_seeker",
        "location": "community",
        "mode": "in_person",
        "minutes": 40,
        "text": "Met at the coffee shop; talked about warehouse jobs near the bus line.",
        "contains_part2": False,
    }
    fields.update(overrides)
    return service_note_create(actor=es.user, job_seeker=person, **fields)


def _form_data(note=None, **overrides):
    data = {
        "date": timezone.localdate().isoformat(),
        "kind": "meeting_job_seeker",
        "location": "community",
        "mode": "in_person",
        "minutes": "30",
        "text": "Visited two bakeries with Rosa; she handed in her application.",
    }
    if note is not None:
        data["version"] = str(note.version)
    data.update(overrides)
    return data


def _lock(note):
    """Move the note's lock into the past, as if it had been written more than 24 hours ago."""
    ServiceNote.objects.filter(pk=note.pk).update(locked_at=timezone.now() - datetime.timedelta(minutes=1))
    note.refresh_from_db()
    return note


def _list_url(person):
    return reverse("people:service_notes", args=[person.program.slug, person.pk])


def _create_url(person):
    return reverse("people:service_note_create", args=[person.program.slug, person.pk])


def _edit_url(note):
    return reverse("people:service_note_edit", args=[note.program.slug, note.job_seeker_id, note.pk])


def _addendum_url(note):
    return reverse("people:note_addendum_create", args=[note.program.slug, note.job_seeker_id, note.pk])


# --- Writing a note --------------------------------------------------------------------------------


def test_writing_a_note_on_the_phone_form(ana, person):
    client = signed_in_client(ana.user)
    page = client.get(_create_url(person))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in html  # the date is today already
    assert 'type="date"' in html and 'inputmode="numeric"' in html and "autofocus" in html
    assert '<option value="meeting_job_seeker" selected>' in html

    response = client.post(_create_url(person), _form_data(), follow=True)
    assert response.redirect_chain[-1][0] == _list_url(person)
    assert "The note about Rosa Testperson was saved." in response.content.decode()
    note = ServiceNote.objects.get(job_seeker=person)
    assert note.program == person.program
    assert note.staff == ana
    assert note.minutes == 30 and note.location == "community" and not note.contains_part2
    assert (
        datetime.timedelta(hours=23, minutes=59)
        < note.locked_at - timezone.now()
        <= datetime.timedelta(hours=24)
    )
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=str(note.pk), job_seeker_id=person.pk
    ).exists()
    assert "Visited two bakeries" in response.content.decode()


def test_after_saving_the_page_goes_back_to_a_local_next_address(ana, person):
    client = signed_in_client(ana.user)
    caseload = f"/programs/{person.program.slug}/caseload/?sort=last_contact"
    response = client.post(f"{_create_url(person)}?next={caseload}", _form_data())
    assert response.status_code == 302 and response["Location"] == caseload
    # The form carries `next` through a failed attempt too.
    page = client.get(_create_url(person), {"next": caseload})
    assert f'name="next" value="{caseload.replace("&", "&amp;")}"' in page.content.decode()


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/path", "/\\evil.example", "javascript:alert(1)", "http:/x"],
)
def test_next_never_leads_off_the_site(ana, person, target):
    client = signed_in_client(ana.user)
    response = client.post(_create_url(person), {**_form_data(), "next": target})
    assert response.status_code == 302
    assert response["Location"] == _list_url(person)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("minutes", "0", "Ensure this value is greater than or equal to 1."),
        ("minutes", "721", "Ensure this value is less than or equal to 720."),
        ("text", "   ", "This field is required."),
        (
            "date",
            (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
            "A note cannot be dated in the future.",
        ),
        ("date", _days_ago(41).isoformat(), "A note cannot be dated before the referral"),
    ],
)
def test_bad_input_is_told_on_the_field_and_nothing_is_saved(ana, person, field, value, message):
    client = signed_in_client(ana.user)
    response = client.post(_create_url(person), _form_data(**{field: value}))
    assert response.status_code == 400
    assert message in str(response.context["form"].errors[field])
    assert not ServiceNote.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"minutes": 0}, "minutes"),
        ({"minutes": None}, "minutes"),
        ({"minutes": 721}, "minutes"),
        ({"text": "  "}, "text"),
        ({"date": None}, "date"),
        ({"kind": "gossip"}, "kind"),
        ({"location": "moon"}, "location"),
    ],
)
def test_the_service_refuses_bad_input(ana, person, overrides, field):
    with pytest.raises(ValidationError) as exc:
        _write(ana, person, **overrides)
    assert field in exc.value.message_dict
    assert not ServiceNote.objects.exists()


def test_a_note_can_be_written_from_the_referral_on_but_not_after_closure(ana, person):
    assert (
        _write(ana, person, date=person.referral_date).date == person.referral_date
    )  # before enrollment: fine
    JobSeeker.objects.filter(pk=person.pk).update(
        enrollment_date=_days_ago(30), closed_date=_days_ago(3), closure_reason="moved_away"
    )
    person.refresh_from_db()
    _write(ana, person, date=_days_ago(3))
    with pytest.raises(ValidationError) as exc:
        _write(ana, person, date=_days_ago(2))
    assert "closed" in exc.value.message_dict["date"][0]


def test_only_staff_write_notes(make_user, program, person):
    state = make_user("state_trainer")
    with pytest.raises(PermissionDenied):
        service_note_create(
            actor=state,
            job_seeker=person,
            date=timezone.localdate(),
            kind="other",
            location="office",
            mode="phone",
            minutes=5,
            text="x",
        )


# --- Editing within 24 hours, then addenda only ----------------------------------------------------


def test_the_writer_changes_a_note_within_24_hours_and_each_change_is_audited(ana, person):
    note = _write(ana, person)
    client = signed_in_client(ana.user)
    page = client.get(_edit_url(note))
    assert page.status_code == 200 and "You can change this note until" in page.content.decode()
    response = client.post(_edit_url(note), _form_data(note, minutes="55", mode="video"))
    assert response.status_code == 302
    note.refresh_from_db()
    assert (note.minutes, note.mode, note.version) == (55, "video", 2)
    update = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(note.pk))
    assert update.changes["minutes"] == [40, 55]
    assert update.changes["mode"] == ["in_person", "video"]
    assert update.job_seeker_id == person.pk


def test_a_locked_note_cannot_be_changed_only_added_to(ana, person):
    note = _lock(_write(ana, person))
    with pytest.raises(ValidationError) as exc:
        service_note_update(actor=ana.user, note=note, version=note.version, **_fields(note, minutes=90))
    assert exc.value.messages == [LOCKED]

    client = signed_in_client(ana.user)
    page = client.get(_edit_url(note))
    html = page.content.decode()
    assert page.status_code == 200
    assert LOCKED in html
    assert _addendum_url(note) in html  # the addendum form is offered instead
    assert 'name="minutes"' not in html

    response = client.post(_edit_url(note), _form_data(note, minutes="90"))
    assert response.status_code == 400
    note.refresh_from_db()
    assert note.minutes == 40 and note.version == 1

    response = client.post(_addendum_url(note), {"text": "She called: the bakery wants her Monday."})
    assert response.status_code == 302
    assert note.addenda.get().text == "She called: the bakery wants her Monday."
    listing = client.get(_list_url(person)).content.decode()
    assert "She called: the bakery wants her Monday." in listing
    assert "locked" in listing


def test_an_addendum_needs_text(ana, person):
    note = _write(ana, person)
    with pytest.raises(ValidationError) as exc:
        note_addendum_add(actor=ana.user, note=note, text="  ")
    assert "text" in exc.value.message_dict
    response = signed_in_client(ana.user).post(_addendum_url(note), {"text": ""})
    assert response.status_code == 400
    assert not NoteAddendum.objects.exists()


def _fields(note, **overrides):
    fields = {
        "date": note.date,
        "kind": note.kind,
        "location": note.location,
        "mode": note.mode,
        "minutes": note.minutes,
        "text": note.text,
        "contains_part2": note.contains_part2,
    }
    fields.update(overrides)
    return fields


def test_only_the_writer_changes_a_note(ana, ben, person):
    note = _write(ana, person)
    with pytest.raises(PermissionDenied):
        service_note_update(actor=ben.user, note=note, version=1, **_fields(note, text="Rewritten by Ben"))
    client = signed_in_client(ben.user)
    page = client.get(_edit_url(note))
    assert page.status_code == 200
    assert "Only the person who wrote this note can change it" in page.content.decode()
    response = client.post(_edit_url(note), _form_data(note, text="Rewritten by Ben"))
    assert response.status_code == 403
    note.refresh_from_db()
    assert note.text.startswith("Met at the coffee shop")
    # Ben may still add an addendum.
    assert client.post(_addendum_url(note), {"text": "Ben: I drove her there."}).status_code == 302
    assert note.addenda.get().author == ben.user


def test_a_stale_version_is_refused_and_the_second_editor_told(ana, person):
    note = _write(ana, person)
    client = signed_in_client(ana.user)
    stale = _form_data(note, minutes="10")
    assert client.post(_edit_url(note), _form_data(note, minutes="20")).status_code == 302
    response = client.post(_edit_url(note), stale)
    assert response.status_code == 400
    assert "Someone else changed this record" in response.content.decode()
    note.refresh_from_db()
    assert note.minutes == 20
    with pytest.raises(ValidationError) as exc:
        service_note_update(actor=ana.user, note=note, version=1, **_fields(note, minutes=30))
    assert "version" in exc.value.message_dict


def test_bad_input_on_edit_changes_nothing(ana, person):
    note = _write(ana, person)
    response = signed_in_client(ana.user).post(_edit_url(note), _form_data(note, text="", minutes="0"))
    assert response.status_code == 400
    assert set(response.context["form"].errors) >= {"text", "minutes"}
    note.refresh_from_db()
    assert note.version == 1 and note.minutes == 40


def test_edit_links_show_only_for_the_writer_while_unlocked(ana, ben, person):
    mine = _write(ana, person, text="Mine and fresh")
    locked = _lock(_write(ana, person, text="Mine and old"))
    html = signed_in_client(ana.user).get(_list_url(person)).content.decode()
    assert _edit_url(mine) in html and _edit_url(locked) not in html
    assert "editable until" in html
    html = signed_in_client(ben.user).get(_list_url(person)).content.decode()
    assert _edit_url(mine) not in html
    assert _addendum_url(mine) in html


# --- Who sees which notes: consent scope and 42 CFR Part 2 -----------------------------------------


@pytest.fixture
def notes_with_part2(ana, person):
    plain = _write(ana, person, text="Talked about the forklift course.")
    part2 = _write(ana, person, text="Talked about the recovery group schedule.", contains_part2=True)
    NoteAddendumFactory(
        note=plain, author=ana.user, text="Addendum about relapse prevention.", contains_part2=True
    )
    NoteAddendumFactory(note=plain, author=ana.user, text="Addendum about the course fee.")
    return plain, part2


def _partner(make_user, program):
    return make_user("vr_counselor", program)


def test_a_partner_without_part2_consent_sees_only_the_other_notes(
    make_user, program, person, notes_with_part2
):
    ConsentFactory(job_seeker=person, scopes=["employment_progress", "service_notes"], covers_part2=False)
    client = signed_in_client(_partner(make_user, program))
    response = client.get(_list_url(person))
    html = response.content.decode()
    assert response.status_code == 200
    assert "forklift course" in html and "course fee" in html
    assert "recovery group" not in html and "relapse prevention" not in html
    # Search cannot reveal hidden text either.
    assert "recovery group" not in client.get(_list_url(person), {"q": "recovery"}).content.decode()
    assert "forklift" not in client.get(_list_url(person), {"q": "relapse"}).content.decode()
    # A partner reads; only staff add to a note.
    assert client.get(_addendum_url(notes_with_part2[0])).status_code == 403


def test_a_partner_with_part2_consent_sees_everything(make_user, program, person, notes_with_part2):
    ConsentFactory(job_seeker=person, scopes=["service_notes"], covers_part2=True)
    html = signed_in_client(_partner(make_user, program)).get(_list_url(person)).content.decode()
    assert "forklift course" in html and "recovery group" in html and "relapse prevention" in html


def test_a_partner_whose_consent_leaves_out_notes_sees_none(make_user, program, person, notes_with_part2):
    ConsentFactory(job_seeker=person, scopes=["employment_progress"], covers_part2=True)
    response = signed_in_client(_partner(make_user, program)).get(_list_url(person))
    assert response.status_code == 200
    assert "forklift course" not in response.content.decode()
    assert "No notes yet." in response.content.decode()


def test_the_record_card_shows_the_five_latest_visible_notes(make_user, program, ana, person):
    for n in range(7):
        _write(ana, person, date=_days_ago(n), text=f"Contact number {n}")
    _write(ana, person, date=timezone.localdate(), text="Part 2 note", contains_part2=True)
    ConsentFactory(job_seeker=person, scopes=["service_notes"], covers_part2=False)
    request = RequestFactory().get("/")
    request.user = _partner(make_user, program)
    section = record_section(request, person)
    assert [n.text for n in section["recent_notes"]] == [f"Contact number {n}" for n in range(5)]
    assert section["notes_url"] == _list_url(person)
    request.user = ana.user
    assert record_section(request, person)["recent_notes"][0].text == "Part 2 note"


# --- The list: search, filters, read audit, query bound --------------------------------------------


def test_search_finds_text_only_in_this_persons_notes(ana, program, person):
    other = JobSeekerFactory(program=program, referral_date=_days_ago(40))
    _write(ana, person, text="Interview at the Greenhouse Nursery on Tuesday.")
    _write(ana, person, text="Talked about bus passes.")
    _write(ana, other, text="Other person: greenhouse tour.")
    note = _write(ana, person, text="Shift preferences.")
    NoteAddendumFactory(note=note, author=ana.user, text="She prefers the GREENHOUSE morning shift.")
    client = signed_in_client(ana.user)
    response = client.get(_list_url(person), {"q": "greenhouse"})
    html = response.content.decode()
    assert "Interview at the Greenhouse Nursery" in html
    assert "Shift preferences." in html  # found through its addendum
    assert "bus passes" not in html and "Other person" not in html
    assert response.context["page"].paginator.count == 2


def test_filter_by_kind_and_date_range(ana, person):
    _write(ana, person, date=_days_ago(20), kind="employer_contact", text="Old employer visit")
    _write(ana, person, date=_days_ago(2), kind="employer_contact", text="New employer visit")
    _write(ana, person, date=_days_ago(2), kind="benefits", text="Benefits talk")
    client = signed_in_client(ana.user)
    html = client.get(
        _list_url(person), {"kind": "employer_contact", "date_from": _days_ago(5).isoformat()}
    ).content.decode()
    assert "New employer visit" in html
    assert "Old employer visit" not in html and "Benefits talk" not in html
    bad = client.get(
        _list_url(person), {"date_from": _days_ago(1).isoformat(), "date_to": _days_ago(5).isoformat()}
    )
    assert bad.status_code == 400


def test_opening_the_notes_writes_a_read_audit_row(ana, person):
    signed_in_client(ana.user).get(_list_url(person))
    assert (
        AuditEvent.objects.filter(action=AuditAction.READ, job_seeker_id=person.pk, actor=ana.user).count()
        == 1
    )


def test_the_list_costs_the_same_queries_for_few_or_many_notes(
    ana, ben, person, django_assert_max_num_queries
):
    client = signed_in_client(ana.user)

    def add(count):
        for n in range(count):
            note = ServiceNoteFactory(job_seeker=person, staff=ana if n % 2 else ben)
            NoteAddendumFactory(note=note, author=ben.user)

    add(2)
    client.get(_list_url(person))  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(_list_url(person), {"q": "library"})
    add(25)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(_list_url(person), {"q": "library"})
    assert response.context["page"].paginator.count == 27
    assert len(response.context["page"].object_list) == 20


def test_a_person_of_another_program_is_not_found(ana, other_program):
    stranger = JobSeekerFactory(program=other_program)
    note = ServiceNoteFactory(job_seeker=stranger)
    client = signed_in_client(ana.user)
    assert client.get(_list_url(stranger)).status_code == 404
    assert client.get(_addendum_url(note)).status_code == 404
    # Nor under this program's address.
    assert client.get(f"/programs/{ana.program.slug}/people/{stranger.pk}/notes/").status_code == 404


# --- Dates other pages read: last contact, last meeting, the rapid-job-search clock ----------------


def test_last_contact_meeting_and_first_employer_contact_dates(ana, person):
    JobSeeker.objects.filter(pk=person.pk).update(enrollment_date=_days_ago(30))
    _write(ana, person, date=_days_ago(35), kind="employer_contact")  # before enrollment: not the clock
    _write(ana, person, date=_days_ago(20), kind="employer_contact", mode="phone")  # not face to face
    _write(ana, person, date=_days_ago(12), kind="employer_contact")
    _write(ana, person, date=_days_ago(5), kind="employer_contact")
    _write(ana, person, date=_days_ago(9), kind="meeting_job_seeker", mode="video")
    _write(ana, person, date=_days_ago(4), kind="meeting_job_seeker", mode="phone")
    _write(ana, person, date=_days_ago(1), kind="benefits")
    unseen = JobSeekerFactory(program=person.program)
    rows = {
        js.pk: js
        for js in JobSeeker.objects.annotate(
            last_contact=last_contact_annotation(),
            last_meeting=last_meeting_annotation(),
            first_employer_contact=first_employer_contact_annotation(),
        )
    }
    assert rows[person.pk].last_contact == _days_ago(4)
    assert rows[person.pk].last_meeting == _days_ago(9)
    # An "employer contact" note does not stop the clock: only a logged EmployerContact does (issue 6).
    assert rows[person.pk].first_employer_contact is None
    assert rows[unseen.pk].last_contact is None and rows[unseen.pk].first_employer_contact is None


def test_the_record_page_shows_recent_notes_and_a_write_link(ana, person):
    _write(ana, person, text="Practised the interview questions.")
    html = signed_in_client(ana.user).get(
        reverse("people:job_seeker_detail", args=[person.program.slug, person.pk])
    )
    assert html.status_code == 200
    page = html.content.decode()
    assert "Practised the interview questions." in page
    assert _create_url(person) in page and _list_url(person) in page

"""Consents and releases: recording, revoking, the check before sharing, and what partners see."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from accounts import access
from accounts.roles import Action
from core.models import AuditAction, AuditEvent
from people.models import Consent, ConsentScope, JobSeeker, NoteAddendum, ServiceNote
from people.selectors import consents as consent_selectors
from people.services import consents as consent_services
from people.tests.factories import JobSeekerFactory, TreatmentTeamFactory
from people.tests.factories_consents import consent, days, service_note
from people.views import consents as consent_views


@pytest.fixture
def es(make_user, program):
    return make_user("employment_specialist", program)


@pytest.fixture
def person(program):
    return JobSeekerFactory(program=program, first_name="Rosa", last_name="Testperson")


@pytest.fixture
def dvr(make_user, program):
    return make_user("vr_counselor", program)


def _url(name, person, *extra):
    return reverse(name, args=[person.program.slug, person.pk, *extra])


def _form(**overrides):
    data = {
        "partner_kind": "vocational_rehabilitation",
        "partner_name": "Synthetic DVR office",
        "scope": ["employment_progress", "job_details"],
        "scope_note": "",
        "signed_on": days(-1).isoformat(),
        "start_date": days(0).isoformat(),
        "expiry_date": days(364).isoformat(),
    }
    data.update(overrides)
    return data


def _record(actor, person, **overrides):
    fields = {
        "partner_kind": "vocational_rehabilitation",
        "partner_name": "Synthetic DVR office",
        "scope": ["employment_progress"],
        "scope_note": "",
        "covers_part2": False,
        "signed_on": days(-1),
        "start_date": days(0),
        "expiry_date": days(364),
    }
    fields.update(overrides)
    return consent_services.consent_record(actor=actor, job_seeker=person, **fields)


def _state():
    """Everything a bad request must leave as it was."""
    return (
        list(Consent.objects.order_by("pk").values()),
        list(ConsentScope.objects.order_by("pk").values()),
        AuditEvent.objects.exclude(action=AuditAction.READ).count(),
    )


# --- Recording a consent ---------------------------------------------------------------------------


def test_recording_a_consent_through_the_page(login, es, person):
    client = login(es)
    page = client.get(_url("people:consent_create", person))
    assert page.status_code == 200
    text = page.content.decode()
    assert "42 CFR Part 2" in text
    assert "substance-use-disorder information" in text
    assert 'type="checkbox"' in text

    response = client.post(
        _url("people:consent_create", person), _form(covers_part2="on", scope_note="Only my work schedule")
    )
    assert response.status_code == 302
    assert response["Location"] == _url("people:consent_list", person)
    saved = Consent.objects.get()
    assert (saved.job_seeker, saved.partner_kind, saved.partner_name) == (
        person,
        "vocational_rehabilitation",
        "Synthetic DVR office",
    )
    assert sorted(saved.scopes.values_list("item", flat=True)) == ["employment_progress", "job_details"]
    assert (saved.signed_on, saved.start_date, saved.expiry_date) == (days(-1), days(0), days(364))
    assert saved.covers_part2 is True
    assert saved.scope_note == "Only my work schedule"
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="people.Consent")
    assert event.job_seeker_id == person.pk
    assert event.changes["scope"] == [None, ["employment_progress", "job_details"]]
    assert event.changes["partner_name"] == [None, "Synthetic DVR office"]

    listing = client.get(_url("people:consent_list", person)).content.decode()
    assert "Synthetic DVR office" in listing
    assert "Employment goals and progress, Job details" in listing
    assert "Only my work schedule" in listing
    assert "record a new consent" in listing  # the page says a consent never changes


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"signed_on": days(1), "start_date": days(2)}, "signed_on", "cannot be in the future"),
        ({"signed_on": days(-1), "start_date": days(-2)}, "signed_on", "on or before the start date"),
        ({"start_date": days(10), "expiry_date": days(9)}, "expiry_date", "cannot be before the start date"),
    ],
)
def test_bad_consent_dates_change_nothing(login, es, person, overrides, field, message):
    client = login(es)
    before = _state()
    data = _form(**{k: v.isoformat() for k, v in overrides.items()})
    response = client.post(_url("people:consent_create", person), data)
    assert response.status_code == 400
    assert any(message in e for e in response.context["form"].errors[field])
    assert "Nothing was saved" in response.content.decode()
    assert _state() == before
    with pytest.raises(ValidationError) as info:
        _record(es, person, **overrides)
    assert field in info.value.message_dict
    assert _state() == before


@pytest.mark.parametrize(
    ("start", "expiry", "signed"),
    [
        (0, 0, 0),  # a one-day consent, signed and starting today
        (30, 400, 0),  # signed today, starts next month
        (-800, -400, -800),  # an old paper release, already expired, kept for the record
    ],
)
def test_dates_on_the_edge_of_the_rules_are_accepted(es, person, start, expiry, signed):
    saved = _record(es, person, signed_on=days(signed), start_date=days(start), expiry_date=days(expiry))
    assert (saved.signed_on, saved.start_date, saved.expiry_date) == (days(signed), days(start), days(expiry))


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"scope": []}, "scope", "at least one"),
        ({"scope": ["career_profile", "career_profile"]}, "scope", "only once"),
        ({"scope": ["diagnosis"]}, "scope", "not a kind of information"),
        ({"partner_name": "   "}, "partner_name", "named recipient"),
        ({"partner_kind": "landlord"}, "partner_kind", "Choose who"),
    ],
)
def test_a_consent_needs_a_recipient_and_a_scope(es, person, overrides, field, message):
    before = _state()
    with pytest.raises(ValidationError) as info:
        _record(es, person, **overrides)
    assert any(message in m for m in info.value.message_dict[field])
    assert _state() == before


def test_the_page_refuses_a_consent_without_scope(login, es, person):
    client = login(es)
    before = _state()
    data = _form()
    del data["scope"]
    response = client.post(_url("people:consent_create", person), data)
    assert response.status_code == 400
    assert response.context["form"].errors["scope"]
    assert _state() == before


@pytest.mark.parametrize("role", ["vr_counselor", "state_trainer", "analyst"])
def test_only_the_programs_staff_record_consents(make_user, program, person, role):
    before = _state()
    with pytest.raises((PermissionDenied, Http404)):  # a partner without consent: 404; the state: 403
        _record(make_user(role, None if role in ("state_trainer", "analyst") else program), person)
    assert _state() == before


# --- Revoking --------------------------------------------------------------------------------------


def test_revoking_ends_a_partners_access_at_once(login, es, dvr, person):
    granted = consent(person, kind="vocational_rehabilitation", scopes=["employment_progress"])
    partner = login(dvr)
    assert partner.get(_url("people:job_seeker_detail", person)).status_code == 200
    assert partner.get(_url("people:consent_list", person)).status_code == 200

    staff = login(es)
    confirm = staff.get(_url("people:consent_revoke", person, granted.pk))
    assert confirm.status_code == 200
    text = confirm.content.decode()
    assert "Synthetic DVR office" in text
    assert "takes effect at once" in text
    assert '<form method="post"' in text  # a plain form: no JavaScript needed
    assert not Consent.objects.get().revoked_at  # opening the page changes nothing

    response = staff.post(
        _url("people:consent_revoke", person, granted.pk), {"revocation_note": "Told her specialist by phone"}
    )
    assert response.status_code == 302
    granted.refresh_from_db()
    assert granted.revoked_at is not None
    assert timezone.now() - granted.revoked_at < datetime.timedelta(minutes=1)
    assert granted.revocation_note == "Told her specialist by phone"
    event = AuditEvent.objects.get(action=AuditAction.REVOKE)
    assert (event.object_type, event.object_id, event.job_seeker_id) == (
        "people.Consent",
        str(granted.pk),
        person.pk,
    )

    partner = login(dvr)
    assert partner.get(_url("people:job_seeker_detail", person)).status_code == 404
    assert partner.get(_url("people:consent_list", person)).status_code == 404

    listing = login(es).get(_url("people:consent_list", person))
    assert listing.context["revoked"] == [granted]
    assert listing.context["active"] == []
    assert "Told her specialist by phone" in listing.content.decode()


def test_a_consent_cannot_be_revoked_twice(es, person):
    granted = consent(person)
    consent_services.consent_revoke(actor=es, consent=granted, revocation_note="First")
    before = _state()
    with pytest.raises(ValidationError) as info:
        consent_services.consent_revoke(actor=es, consent=granted, revocation_note="Second")
    assert info.value.code == "revoked"
    assert "already revoked" in info.value.messages[0]
    assert _state() == before


@pytest.mark.parametrize(
    ("start", "expiry", "revoked_at", "message"),
    [
        (-10, 300, timezone.now() + datetime.timedelta(hours=2), "cannot be in the future"),
        (-10, 300, timezone.now() - datetime.timedelta(days=11), "before its start date"),
        (5, 300, None, "before its start date"),  # starts in five days: nothing to revoke yet
        (-400, -2, None, "already expired"),
    ],
)
def test_bad_revocations_change_nothing(es, person, start, expiry, revoked_at, message):
    granted = consent(person, start=start, expiry=expiry)
    before = _state()
    with pytest.raises(ValidationError) as info:
        consent_services.consent_revoke(actor=es, consent=granted, revoked_at=revoked_at, revocation_note="x")
    assert any(message in m for m in info.value.message_dict["revoked_at"])
    assert _state() == before


def test_a_revocation_dated_earlier_today_or_on_the_start_day_is_kept(es, person):
    granted = consent(person, start=-3)
    when = timezone.now() - datetime.timedelta(days=3) + datetime.timedelta(minutes=1)
    if timezone.localtime(when).date() < days(-3):  # just after midnight: keep it on the start day
        when += datetime.timedelta(hours=1)
    consent_services.consent_revoke(actor=es, consent=granted, revoked_at=when, revocation_note="")
    granted.refresh_from_db()
    assert granted.revoked_at == when
    assert not granted.is_active()


def test_the_revoke_page_shows_errors_on_the_field(login, es, person):
    granted = consent(person)
    future = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    client = login(es)
    before = _state()
    response = client.post(_url("people:consent_revoke", person, granted.pk), {"revoked_at": future})
    assert response.status_code == 400
    assert response.context["form"].errors["revoked_at"]
    assert _state() == before


def test_a_revoked_or_expired_consent_offers_no_revoke_button(login, es, person):
    revoked = consent(person, revoked_at=timezone.now())
    expired = consent(person, start=-400, expiry=-1)
    client = login(es)
    for item, words in ((revoked, "already revoked"), (expired, "has expired")):
        text = client.get(_url("people:consent_revoke", person, item.pk)).content.decode()
        assert words in text
        assert "Revoke the consent</button>" not in text


def test_a_consent_of_another_person_cannot_be_revoked_under_this_persons_address(login, es, person, program):
    other = consent(JobSeekerFactory(program=program))
    response = login(es).post(_url("people:consent_revoke", person, other.pk))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None


# --- Who sees what ----------------------------------------------------------------------------------


def test_an_expired_consent_gives_no_access(login, dvr, person):
    consent(person, start=-400, expiry=-1)
    client = login(dvr)
    assert client.get(_url("people:job_seeker_detail", person)).status_code == 404
    assert client.get(_url("people:consent_list", person)).status_code == 404
    assert not access.restrict(Consent.objects.all(), dvr, Action.JOB_SEEKER_VIEW).exists()


def test_a_partner_sees_only_the_consents_of_their_own_kind(login, es, dvr, person):
    own = consent(person, kind="vocational_rehabilitation")
    old_own = consent(person, kind="vocational_rehabilitation", start=-800, expiry=-400)
    family = consent(person, kind="family", partner_name="Her brother")
    benefits = consent(person, kind="benefits_counselor", partner_name="Benefits office")

    response = login(dvr).get(_url("people:consent_list", person))
    assert response.status_code == 200
    assert response.context["active"] == [own]
    assert response.context["expired"] == [old_own]
    text = response.content.decode()
    assert "Her brother" not in text and "Benefits office" not in text
    assert "Record a new consent" not in text
    assert "Before you share" not in text

    staff = login(es).get(_url("people:consent_list", person))
    assert set(staff.context["active"]) == {own, family, benefits}
    section = consent_views.record_section(type("R", (), {"user": dvr})(), person)
    assert section["consents_active"] == [own]
    assert section["consents_past_count"] == 1


def test_a_service_note_marked_part2_needs_a_consent_that_covers_part2(make_user, program, dvr):
    without_part2 = JobSeekerFactory(program=program)
    consent(without_part2, scopes=["service_notes"], covers_part2=False)
    plain = service_note(without_part2)
    hidden = service_note(without_part2, part2=True, text="Talked about her recovery meetings.")
    with_part2 = JobSeekerFactory(program=program)
    consent(with_part2, scopes=["service_notes"], covers_part2=True)
    plain_2 = service_note(with_part2)
    shown = service_note(with_part2, part2=True, text="Talked about his recovery meetings.")
    addendum = NoteAddendum.objects.create(
        note=plain, text="Part 2 detail added later.", author=dvr, contains_part2=True
    )
    no_scope = JobSeekerFactory(program=program)
    consent(no_scope, scopes=["employment_progress"], covers_part2=True)
    out_of_scope = service_note(no_scope)

    notes = set(access.restrict(ServiceNote.objects.all(), dvr, Action.JOB_SEEKER_VIEW))
    assert notes == {plain, plain_2, shown}
    assert hidden not in notes and out_of_scope not in notes
    assert addendum not in set(access.restrict(NoteAddendum.objects.all(), dvr, Action.JOB_SEEKER_VIEW))

    staff = make_user("employment_specialist", program)
    assert set(access.restrict(ServiceNote.objects.all(), staff, Action.JOB_SEEKER_VIEW)) == {
        plain,
        hidden,
        plain_2,
        shown,
        out_of_scope,
    }


def test_setting_the_treatment_team_lets_a_clinician_with_consent_in(login, es, make_user, program, person):
    clinician = make_user("treatment_team_member", program)
    team = TreatmentTeamFactory(program=program, name="Riverside clinic", members=[clinician])
    consent(person, kind="treatment_team", scopes=["employment_progress"])
    assert login(clinician).get(_url("people:job_seeker_detail", person)).status_code == 404

    staff = login(es)
    page = staff.get(_url("people:consent_list", person)).content.decode()
    assert "Riverside clinic" in page  # the form to set it is on the consents page
    assert _url("people:job_seeker_treatment_team", person) in page
    response = staff.post(
        _url("people:job_seeker_treatment_team", person),
        {"version": person.version, "treatment_team": team.pk},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.treatment_team == team
    assert person.version == 2
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_type="people.JobSeeker", job_seeker_id=person.pk
    ).exists()
    assert login(clinician).get(_url("people:job_seeker_detail", person)).status_code == 200


def test_bad_treatment_team_changes_nothing(login, es, program, other_program, person):
    elsewhere = TreatmentTeamFactory(program=other_program)
    ours = TreatmentTeamFactory(program=program)
    client = login(es)
    before = (AuditEvent.objects.exclude(action=AuditAction.READ).count(), person.version)
    response = client.post(
        _url("people:job_seeker_treatment_team", person),
        {"version": person.version, "treatment_team": elsewhere.pk},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["treatment_team"]
    stale = client.post(
        _url("people:job_seeker_treatment_team", person),
        {"version": person.version + 5, "treatment_team": ours.pk},
    )
    assert stale.status_code == 400
    assert "Someone else changed this record" in stale.content.decode()
    with pytest.raises(ValidationError) as info:
        consent_services.job_seeker_set_treatment_team(
            actor=es, job_seeker=person, treatment_team=elsewhere, version=person.version
        )
    assert "treatment_team" in info.value.message_dict
    person.refresh_from_db()
    assert person.treatment_team is None
    assert (AuditEvent.objects.exclude(action=AuditAction.READ).count(), person.version) == before


# --- The check before sharing --------------------------------------------------------------------------


def test_consent_in_force_finds_the_consent_that_allows_sharing(person):
    consent(person, start=-800, expiry=-400)
    current = consent(person, scopes=["employment_progress", "service_notes"], covers_part2=True)
    assert consent_services.consent_in_force(person, "vocational_rehabilitation") == current
    assert (
        consent_services.consent_in_force(person, "vocational_rehabilitation", "service_notes", part2=True)
        == current
    )
    assert consent_services.consent_in_force(person, "vocational_rehabilitation", on=days(300)) == current


@pytest.mark.parametrize(
    ("setup", "kwargs", "code", "words"),
    [
        ({}, {}, "consent_missing", "has not signed a consent"),
        ({"start": -400, "expiry": -1}, {}, "consent_expired", "expired on"),
        (
            {"revoked_at": timezone.now() - datetime.timedelta(days=1)},
            {},
            "consent_revoked",
            "was revoked on",
        ),
        ({"start": 3, "signed_on": days(0)}, {}, "consent_not_started", "starts on"),
        (
            {"scopes": ["employment_progress"]},
            {"scope_item": "career_profile"},
            "consent_scope",
            "Career profile",
        ),
        (
            {"scopes": ["service_notes"], "covers_part2": False},
            {"scope_item": "service_notes", "part2": True},
            "consent_part2",
            "42 CFR Part 2",
        ),
    ],
)
def test_consent_in_force_refuses_with_a_clear_message(person, setup, kwargs, code, words):
    if setup:
        consent(person, **setup)
    consent(person, kind="family")  # a consent of another kind never counts
    with pytest.raises(ValidationError) as info:
        consent_services.consent_in_force(person, "vocational_rehabilitation", **kwargs)
    assert info.value.code == code
    assert words in info.value.messages[0]
    with pytest.raises(ValidationError) as on_field:
        consent_services.consent_in_force(person, "vocational_rehabilitation", field="partner", **kwargs)
    assert words in on_field.value.message_dict["partner"][0]


def test_a_revocation_today_stops_sharing_today(es, person):
    granted = consent(person)
    consent_services.consent_revoke(actor=es, consent=granted, revocation_note="")
    with pytest.raises(ValidationError) as info:
        consent_services.consent_in_force(person, "vocational_rehabilitation")
    assert info.value.code == "consent_revoked"


def test_the_consents_page_checks_before_sharing(login, es, person):
    consent(person, scopes=["employment_progress"], scope_note="Only the work schedule")
    client = login(es)
    url = _url("people:consent_list", person)
    allowed = client.get(
        url, {"check": "1", "partner_kind": "vocational_rehabilitation", "scope_item": "employment_progress"}
    )
    assert allowed.status_code == 200
    assert "Allowed today under the consent for Synthetic DVR office" in allowed.content.decode()
    assert "Only the work schedule" in allowed.content.decode()
    refused = client.get(
        url,
        {
            "check": "1",
            "partner_kind": "vocational_rehabilitation",
            "scope_item": "employment_progress",
            "part2": "on",
        },
    )
    assert "Do not share." in refused.content.decode()
    assert "42 CFR Part 2" in refused.content.decode()
    missing = client.get(url, {"check": "1", "partner_kind": "family", "scope_item": "job_details"})
    assert "has not signed a consent" in missing.content.decode()
    bad = client.get(url, {"check": "1", "partner_kind": "landlord", "scope_item": "job_details"})
    assert bad.status_code == 400


# --- The consents page and the record card ----------------------------------------------------------------


def test_the_consents_page_keeps_every_consent_and_marks_those_expiring_soon(login, es, person):
    soon = consent(person, expiry=20, partner_name="DVR expiring")
    later = consent(person, kind="benefits_counselor", expiry=200, partner_name="Benefits office")
    upcoming = consent(person, kind="family", start=5, signed_on=days(0), partner_name="Her sister")
    expired = consent(person, start=-500, expiry=-100, partner_name="Old DVR office")
    revoked = consent(person, kind="treatment_team", revoked_at=timezone.now(), partner_name="Clinic")
    response = login(es).get(_url("people:consent_list", person))
    assert response.status_code == 200
    ctx = response.context
    assert set(ctx["active"]) == {soon, later}
    assert (ctx["upcoming"], ctx["expired"], ctx["revoked"]) == ([upcoming], [expired], [revoked])
    assert [c.expiring_soon for c in ctx["active"] if c == soon] == [True]
    assert [c.expiring_soon for c in ctx["active"] if c == later] == [False]
    assert response.content.decode().count("Expires soon</span>") == 1
    assert AuditEvent.objects.filter(action=AuditAction.READ, job_seeker_id=person.pk).count() == 1


def test_the_record_card_shows_consents_in_force_and_counts_the_rest(rf, login, es, dvr, person):
    consent(person, expiry=10, partner_name="DVR expiring")
    consent(person, start=-500, expiry=-100)
    consent(person, kind="family", revoked_at=timezone.now())
    consent(person, kind="benefits_counselor", partner_name="Benefits office")
    request = rf.get("/")
    request.user = es
    section = consent_views.record_section(request, person)
    assert sorted(c.partner_name for c in section["consents_active"]) == ["Benefits office", "DVR expiring"]
    assert section["consents_past_count"] == 2
    assert section["consents_expiring_count"] == 1

    html = login(es).get(_url("people:job_seeker_detail", person)).content.decode()
    assert "DVR expiring" in html and "Benefits office" in html
    assert "Expires soon" in html
    assert "2 expired or revoked consents stay on the record." in html
    assert _url("people:consent_create", person) in html

    partner = login(dvr).get(_url("people:job_seeker_detail", person)).content.decode()
    assert "DVR expiring" in partner
    assert "Benefits office" not in partner  # another partner's release
    assert "1 expired or revoked consent stays on the record." in partner
    assert _url("people:consent_create", person) not in partner


def test_the_consents_page_costs_the_same_for_few_or_many_consents(
    login, es, person, django_assert_max_num_queries
):
    client = login(es)
    consent(person)
    client.get(_url("people:consent_list", person))
    with django_assert_max_num_queries(30) as captured:
        assert client.get(_url("people:consent_list", person)).status_code == 200
    baseline = len(captured)
    for i in range(15):
        consent(
            person,
            kind=["family", "benefits_counselor", "other"][i % 3],
            scopes=["career_profile", "job_details"],
        )
    with django_assert_max_num_queries(baseline):
        assert client.get(_url("people:consent_list", person)).status_code == 200


# --- Consents about to expire, for the worklist -----------------------------------------------------------


def test_expiring_consents_for_the_worklist(
    es, make_user, program, other_program, django_assert_max_num_queries
):
    today = timezone.localdate()
    person = JobSeekerFactory(program=program)
    in_10 = consent(person, expiry=10)
    today_last = consent(JobSeekerFactory(program=program), kind="family", expiry=0)
    consent(person, kind="benefits_counselor", expiry=31)  # not yet
    consent(person, kind="family", start=-400, expiry=-1)  # already expired
    consent(person, kind="other", expiry=5, revoked_at=timezone.now())  # revoked
    renewed = JobSeekerFactory(program=program)
    consent(renewed, expiry=7)
    consent(renewed, start=8, signed_on=days(0), expiry=400)  # the new one is signed: nothing to do
    closed = JobSeekerFactory(
        program=program, enrollment_date=days(-50), closed_date=days(-1), closure_reason="moved_away"
    )
    consent(closed, expiry=3)
    consent(JobSeekerFactory(program=other_program), expiry=3)

    with django_assert_max_num_queries(3):
        rows = list(consent_selectors.expiring_consents(user=es, program=program, today=today))
        names = [row.job_seeker.display_name for row in rows]  # the person comes with the row
    assert rows == [today_last, in_10]
    assert len(names) == 2
    assert list(
        consent_selectors.expiring_consents(user=es, program=program, today=today, within_days=5)
    ) == [today_last]

    dvr = make_user("vr_counselor", program)
    assert list(consent_selectors.expiring_consents(user=dvr, program=program, today=today)) == [in_10]
    assert (
        list(consent_selectors.expiring_consents(user=make_user("analyst"), program=program, today=today))
        == []
    )

    by_people = consent_selectors.consents_expiring(JobSeeker.objects.filter(pk=person.pk), today)
    assert list(by_people) == [in_10]
    by_consents = consent_selectors.consents_expiring(Consent.objects.all(), today, within_days=3)
    assert set(by_consents) == {today_last, Consent.objects.get(job_seeker=closed)} | set(
        Consent.objects.filter(job_seeker__program=other_program)
    )

"""Referring a person who wants to work: through the service and through the pages."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.dates import today_in
from core.models import AuditAction, AuditEvent
from people import selectors, services
from people.models import JobSeeker, ReferralChannel
from people.tests.factories import JobSeekerFactory


@pytest.fixture
def specialist(make_user, program):
    return make_user("employment_specialist", program, first_name="Ana", last_name="Specialist")


def _form(**overrides):
    data = {
        "first_name": "Rosa",
        "last_name": "Testperson",
        "date_of_birth": "1988-03-14",
        "preferred_language": "es",
        "referral_source": "self",
        "phone": "555-0100",
    }
    data.update(overrides)
    return data


def _create_url(program):
    return reverse("people:referral_create", args=[program.slug])


def test_a_specialist_refers_someone(login, specialist, program):
    client = login(specialist)
    assert client.get(_create_url(program)).status_code == 200

    response = client.post(_create_url(program), _form())

    person = JobSeeker.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:job_seeker_detail", args=[program.slug, person.pk])
    assert re.fullmatch(r"JS-\d{6}", person.ref)
    assert person.program == program
    assert person.referred_by_user == specialist
    assert person.referral_channel == ReferralChannel.STAFF
    assert person.referral_date == today_in(program.time_zone)
    assert person.interest_date == person.referral_date
    assert person.date_of_birth == datetime.date(1988, 3, 14)
    created = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="people.JobSeeker")
    assert created.job_seeker_id == person.pk
    assert created.program == program
    assert created.actor == specialist

    page = client.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "Rosa Testperson" in text
    assert person.ref in text
    assert "Referred" in text
    reads = AuditEvent.objects.filter(action=AuditAction.READ)
    assert reads.count() == 1
    assert reads.get().job_seeker_id == person.pk


def test_refs_count_up_within_a_program(specialist, program, other_program, make_user):
    first = services.job_seeker_refer(actor=specialist, program=program, first_name="A", last_name="One")
    second = services.job_seeker_refer(actor=specialist, program=program, first_name="B", last_name="Two")
    assert first.ref == "JS-000001"
    assert second.ref == "JS-000002"
    elsewhere = make_user("employment_specialist", other_program)
    third = services.job_seeker_refer(
        actor=elsewhere, program=other_program, first_name="C", last_name="Three"
    )
    assert third.ref == "JS-000001"


def test_a_clinician_refers_through_the_treatment_team(login, make_user, program):
    clinician = make_user("treatment_team_member", program)
    response = login(clinician).post(_create_url(program), _form())
    assert response.status_code == 302
    person = JobSeeker.objects.get()
    assert person.referral_channel == ReferralChannel.TREATMENT_TEAM
    assert person.referred_by_user == clinician


def test_staff_who_is_also_a_clinician_refers_as_staff(make_user, program):
    from accounts.tests.factories import MembershipFactory

    person_of_both = make_user("program_manager", program)
    MembershipFactory(user=person_of_both, role="treatment_team_member", program=program)
    person = services.job_seeker_refer(
        actor=person_of_both, program=program, first_name="Lee", last_name="Both"
    )
    assert person.referral_channel == ReferralChannel.STAFF


def test_who_may_not_refer_is_refused(make_user, program, other_program):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    with pytest.raises(PermissionDenied):
        services.job_seeker_refer(
            actor=make_user("vr_counselor", program), program=program, first_name="A", last_name="B"
        )
    with pytest.raises(Http404):
        services.job_seeker_refer(
            actor=make_user("employment_specialist", other_program),
            program=program,
            first_name="A",
            last_name="B",
        )
    assert not JobSeeker.objects.exists()


def test_a_possible_duplicate_is_shown_then_created_on_confirmation(login, specialist, program):
    existing = JobSeekerFactory(
        program=program, first_name="José", last_name="Testperson", date_of_birth=datetime.date(1988, 3, 14)
    )
    client = login(specialist)

    response = client.post(_create_url(program), _form(first_name="jose", last_name="TESTPERSON"))

    assert response.status_code == 400
    text = response.content.decode()
    assert existing.ref in text
    assert reverse("people:job_seeker_detail", args=[program.slug, existing.pk]) in text
    assert 'name="allow_duplicate"' in text
    assert JobSeeker.objects.count() == 1

    response = client.post(
        _create_url(program), _form(first_name="jose", last_name="TESTPERSON", allow_duplicate="on")
    )
    assert response.status_code == 302
    assert JobSeeker.objects.count() == 2


def test_the_service_refuses_a_duplicate_unless_allowed(specialist, program):
    JobSeekerFactory(
        program=program, first_name="Sam", last_name="Doe", date_of_birth=datetime.date(1970, 1, 2)
    )
    with pytest.raises(ValidationError) as info:
        services.job_seeker_refer(
            actor=specialist,
            program=program,
            first_name="SAM",
            last_name="doe",
            date_of_birth=datetime.date(1970, 1, 2),
        )
    assert info.value.code == "duplicate"
    person = services.job_seeker_refer(
        actor=specialist,
        program=program,
        first_name="SAM",
        last_name="doe",
        date_of_birth=datetime.date(1970, 1, 2),
        allow_duplicate=True,
    )
    assert person.pk


def test_possible_duplicates_stay_in_the_program(program, other_program):
    dob = datetime.date(1980, 5, 5)
    JobSeekerFactory(program=other_program, first_name="Kim", last_name="Lo", date_of_birth=dob)
    assert (
        selectors.possible_duplicates(program=program, first_name="Kim", last_name="Lo", date_of_birth=dob)
        == []
    )


def _future(program, days=1):
    return (today_in(program.time_zone) + datetime.timedelta(days=days)).isoformat()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"date_of_birth": "FUTURE"}, "date_of_birth", "The date of birth cannot be in the future."),
        ({"date_of_birth": "1899-12-31"}, "date_of_birth", "from January 1, 1900 on"),
        ({"interest_date": "FUTURE"}, "interest_date", "cannot be in the future"),
        ({"referral_date": "FUTURE"}, "referral_date", "The referral date cannot be in the future."),
        ({"first_name": ""}, "first_name", "This field is required."),
        ({"last_name": "  "}, "last_name", "This field is required."),
        (
            {"referral_source": "other", "referral_source_other": ""},
            "referral_source_other",
            "Say who referred",
        ),
        ({"date_of_birth": "not a date"}, "date_of_birth", "Enter a valid date."),
    ],
)
def test_bad_input_changes_nothing(login, specialist, program, overrides, field, message):
    overrides = {k: _future(program) if v == "FUTURE" else v for k, v in overrides.items()}
    client = login(specialist)
    before = AuditEvent.objects.count()
    response = client.post(_create_url(program), _form(**overrides))
    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[field])
    assert not JobSeeker.objects.exists()
    assert AuditEvent.objects.count() == before


def test_birth_date_must_come_before_the_referral(specialist, program):
    with pytest.raises(ValidationError) as info:
        services.job_seeker_refer(
            actor=specialist,
            program=program,
            first_name="Ed",
            last_name="Early",
            date_of_birth=datetime.date(2020, 1, 1),
            referral_date=datetime.date(2019, 12, 31),
        )
    assert "date_of_birth" in info.value.message_dict
    assert not JobSeeker.objects.exists()


def test_the_form_has_no_eligibility_question(login, specialist, program):
    text = login(specialist).get(_create_url(program)).content.decode().lower()
    for word in ("eligib", "reject", "ready", "diagnos"):
        assert word not in text


def test_a_partner_without_consent_gets_404_on_the_record(login, make_user, program):
    person = JobSeekerFactory(program=program)
    url = reverse("people:job_seeker_detail", args=[program.slug, person.pk])
    for role in ("vr_counselor", "benefits_counselor", "treatment_team_member"):
        assert login(make_user(role, program)).get(url).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.READ).exists()


def test_the_record_is_only_reached_under_its_own_program(login, specialist, program, other_program):
    person = JobSeekerFactory(program=program)
    url = reverse("people:job_seeker_detail", args=[other_program.slug, person.pk])
    admin_client = login(specialist)
    assert admin_client.get(url).status_code == 404


def test_the_program_page_links_to_the_referral(login, specialist, make_user, program):
    link = _create_url(program)
    assert (
        link
        in login(specialist).get(reverse("accounts:program_detail", args=[program.slug])).content.decode()
    )
    counselor = make_user("vr_counselor", program)
    page = login(counselor).get(reverse("accounts:program_detail", args=[program.slug]))
    assert link not in page.content.decode()


# The record page's query bound is tested in test_record_page.py, with the parts of the record.


# --- Under 14 at referral: a warning the referrer confirms, never a block ---------------------------


def _years_ago(program, years):
    """The birth date of someone turning `years` today (on 29 February: the day before)."""
    today = today_in(program.time_zone)
    try:
        return today.replace(year=today.year - years).isoformat()
    except ValueError:
        return today.replace(year=today.year - years, day=28).isoformat()


def test_under_14_asks_for_confirmation_then_refers(login, specialist, program):
    client = login(specialist)
    young = _years_ago(program, 13)
    response = client.post(_create_url(program), _form(date_of_birth=young))
    assert response.status_code == 400
    errors = response.context["form"].errors["date_of_birth"]
    assert any("younger than 14" in e and "13" in e for e in errors)
    text = response.content.decode()
    assert 'name="confirm_under_14"' in text
    assert not JobSeeker.objects.exists()

    # Sent again without ticking the box: asked again, still nothing saved.
    response = client.post(_create_url(program), _form(date_of_birth=young))
    assert response.status_code == 400
    assert not JobSeeker.objects.exists()

    response = client.post(_create_url(program), _form(date_of_birth=young, confirm_under_14="on"))
    assert response.status_code == 302
    assert JobSeeker.objects.get().date_of_birth.isoformat() == young


def test_under_14_then_duplicate_are_each_confirmed(login, specialist, program):
    young = _years_ago(program, 10)
    JobSeekerFactory(
        program=program,
        first_name="Rosa",
        last_name="Testperson",
        date_of_birth=datetime.date.fromisoformat(young),
        referral_date=today_in(program.time_zone),
        interest_date=today_in(program.time_zone),
    )
    client = login(specialist)
    response = client.post(_create_url(program), _form(date_of_birth=young, confirm_under_14="on"))
    assert response.status_code == 400
    text = response.content.decode()
    assert 'name="allow_duplicate"' in text
    assert re.search(
        r'<input[^>]*name="confirm_under_14"[^>]*checked', text
    )  # the first confirmation is kept
    response = client.post(
        _create_url(program), _form(date_of_birth=young, confirm_under_14="on", allow_duplicate="on")
    )
    assert response.status_code == 302
    assert JobSeeker.objects.count() == 2


def test_14_on_the_referral_date_needs_no_confirmation(login, specialist, program):
    response = login(specialist).post(_create_url(program), _form(date_of_birth=_years_ago(program, 14)))
    assert response.status_code == 302


def test_the_service_raises_under_14_unless_confirmed(specialist, program):
    referral = datetime.date(2024, 6, 1)
    arguments = {
        "actor": specialist,
        "program": program,
        "first_name": "Kid",
        "last_name": "Young",
        "referral_date": referral,
        "date_of_birth": datetime.date(2010, 6, 2),  # 13 the day before the 14th birthday
    }
    with pytest.raises(ValidationError) as info:
        services.job_seeker_refer(**arguments)
    assert info.value.code == "under_14"
    assert info.value.params["age"] == 13
    assert not JobSeeker.objects.exists()
    assert services.job_seeker_refer(**arguments, confirm_under_14=True).pk
    assert services.age_on(datetime.date(2008, 2, 29), datetime.date(2022, 2, 28)) == 13
    assert services.age_on(datetime.date(2008, 2, 29), datetime.date(2022, 3, 1)) == 14


# --- Preferred language: five offered, any tag taken --------------------------------------------------


def test_the_language_picker_offers_five_and_another(login, specialist, program):
    text = login(specialist).get(_create_url(program)).content.decode()
    for tag, name in (
        ("en", "English"),
        ("es", "Spanish"),
        ("hmn", "Hmong"),
        ("so", "Somali"),
        ("ar", "Arabic"),
    ):
        assert f'<option value="{tag}"' in text and name in text
    assert '<option value="other"' in text
    assert 'name="preferred_language_other"' in text


def test_another_language_is_taken_as_its_tag(login, specialist, program):
    client = login(specialist)
    response = client.post(
        _create_url(program), _form(preferred_language="other", preferred_language_other="vi")
    )
    assert response.status_code == 302
    person = JobSeeker.objects.get()
    assert person.preferred_language == "vi"
    assert "Vietnamese" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("other", "message"), [("", "Enter the language's code."), ("Viet namese!", "language code")]
)
def test_another_language_needs_a_well_formed_tag(login, specialist, program, other, message):
    response = login(specialist).post(
        _create_url(program), _form(preferred_language="other", preferred_language_other=other)
    )
    assert response.status_code == 400
    assert any(message in e for e in response.context["form"].errors["preferred_language_other"])
    assert not JobSeeker.objects.exists()

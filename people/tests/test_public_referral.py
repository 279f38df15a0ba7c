"""The public "I want to work" page and the program's referral inbox."""

import datetime
import time
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.tests.factories import ProgramFactory
from core.dates import today_in
from core.models import AuditAction, AuditEvent
from people.forms.public import form_token
from people.models import (
    FilterReason,
    JobSeeker,
    PublicReferralSubmission,
    ReferralChannel,
    SubmissionStatus,
)
from people.services import public as services
from people.tests.factories import JobSeekerFactory


@pytest.fixture
def program(db):
    return ProgramFactory(
        name="Lakeside IPS",
        self_referral_open=True,
        public_phone="555-0199",
        public_email="ips@lakeside.example.test",
    )


@pytest.fixture
def specialist(make_user, program):
    return make_user("employment_specialist", program, first_name="Ana", last_name="Specialist")


def _page(program):
    return reverse("people:public_referral", args=[program.slug])


def _thanks(program):
    return reverse("people:public_referral_thanks", args=[program.slug])


def _inbox(program, which=None):
    url = reverse("people:referral_inbox", args=[program.slug])
    return f"{url}?show={which}" if which else url


def _detail(submission):
    return reverse("people:public_submission_detail", args=[submission.program.slug, submission.pk])


def _form(program, *, seconds_ago=60, **overrides):
    """What a person fills in; the page was opened `seconds_ago`."""
    data = {
        "first_name": "Rosa",
        "last_name": "Testperson",
        "date_of_birth": "1988-03-14",
        "phone": "555-0100",
        "email": "",
        "contact_preference": "text_message",
        "preferred_language": "en",
        "message": "I would like to work in a kitchen, mornings.",
        "website": "",
        "token": form_token(program, issued_at=time.time() - seconds_ago),
        "lang": "en",
    }
    data.update(overrides)
    return data


def _submission(program, **fields):
    values = {"first_name": "Rosa", "last_name": "Testperson", "phone": "555-0100"}
    values.update(fields)
    return PublicReferralSubmission.objects.create(program=program, **values)


# --- The public page -------------------------------------------------------------------------------


def test_a_person_says_they_want_to_work_in_english(client, program):
    page = client.get(_page(program))
    text = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="en"' in text
    assert "I want to work" in text
    assert 'name="token"' in text
    assert f'href="/work/{program.slug}/?lang=es"' in text  # the switch, no JavaScript needed
    assert "Sign out" not in text
    assert "eligib" not in text.lower()

    response = client.post(_page(program), _form(program))

    assert response.status_code == 302
    assert response["Location"] == f"{_thanks(program)}?lang=en"
    submission = PublicReferralSubmission.objects.get()
    assert submission.program == program
    assert (submission.first_name, submission.last_name) == ("Rosa", "Testperson")
    assert submission.date_of_birth == datetime.date(1988, 3, 14)
    assert submission.contact_preference == "text_message"
    assert submission.status == SubmissionStatus.NEW
    assert not submission.suspected_bot
    assert submission.client_hash and "127.0.0.1" not in submission.client_hash
    created = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="people.PublicReferralSubmission")
    assert created.actor is None
    assert created.actor_email == services.PUBLIC_ACTOR
    assert created.program == program
    assert "client_hash" not in (created.changes or {})

    thanks = client.get(response["Location"]).content.decode()
    assert "What happens next" in thanks
    assert "555-0199" in thanks
    assert "ips@lakeside.example.test" in thanks


def test_the_page_in_spanish_keeps_the_language_across_the_form(client, program):
    page = client.get(f"{_page(program)}?lang=es")
    text = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="es"' in text
    assert page["Content-Language"] == "es"
    for label in ("Nombre", "Apellido", "Fecha de nacimiento", "Teléfono", "Correo electrónico"):
        assert label in text
    assert '<input type="hidden" name="lang" value="es">' in text
    assert f'href="/work/{program.slug}/?lang=en"' in text
    assert '<option value="es" selected>' in text  # the preferred language follows the page's

    # A mistake is shown in Spanish too, and the page stays in Spanish.
    wrong = client.post(_page(program), _form(program, lang="es", phone="", email=""))
    assert wrong.status_code == 400
    assert '<html lang="es"' in wrong.content.decode()
    assert PublicReferralSubmission.objects.count() == 0

    response = client.post(_page(program), _form(program, lang="es", preferred_language="es"))
    assert response.status_code == 302
    assert response["Location"] == f"{_thanks(program)}?lang=es"
    assert PublicReferralSubmission.objects.get().preferred_language == "es"
    assert '<html lang="es"' in client.get(response["Location"]).content.decode()


def test_another_language_is_kept_in_the_persons_words(client, program):
    client.post(_page(program), _form(program, preferred_language="other", language_other="Vietnamese"))
    client.post(
        _page(program), _form(program, preferred_language="other", language_other="", first_name="Lan")
    )
    languages = set(PublicReferralSubmission.objects.values_list("preferred_language", flat=True))
    assert languages == {"Vietnamese", "und"}


@pytest.mark.parametrize(
    "change",
    [
        {"self_referral_open": False},
        {"status": "paused"},
        {"status": "planning"},
    ],
)
def test_a_program_not_taking_referrals_online_says_so(client, program, change):
    for name, value in change.items():
        setattr(program, name, value)
    program.save()

    page = client.get(_page(program))
    text = page.content.decode()
    assert page.status_code == 404
    assert "does not take referrals online" in text
    assert "555-0199" in text
    assert "Sign out" not in text

    response = client.post(_page(program), _form(program))
    assert response.status_code == 404
    assert PublicReferralSubmission.objects.count() == 0


def test_an_unknown_program_is_a_friendly_not_found(client, db):
    page = client.get(reverse("people:public_referral", args=["no-such-program"]))
    assert page.status_code == 404
    assert "find this program" in page.content.decode()


def test_a_closed_program_refuses_through_the_service(program):
    program.status = "closed"
    program.closed_date = timezone.localdate()
    program.self_referral_open = True
    program.save()
    with pytest.raises(ValidationError):
        services.public_submission_receive(
            program=program, client_ip="192.0.2.1", first_name="Rosa", last_name="Testperson", phone="1"
        )
    assert PublicReferralSubmission.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"date_of_birth": "2999-01-01"}, "date_of_birth", "cannot be in the future"),
        ({"date_of_birth": "1899-12-31"}, "date_of_birth", "from January 1, 1900"),
        ({"phone": "", "email": ""}, "phone", "phone number or an e-mail address"),
        ({"first_name": "   "}, "first_name", ""),
        ({"email": "not-an-address"}, "email", ""),
    ],
)
def test_bad_input_is_shown_on_the_field_and_stores_nothing(client, program, overrides, field, words):
    response = client.post(_page(program), _form(program, **overrides))

    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors
    assert words in " ".join(form.errors[field])
    assert PublicReferralSubmission.objects.count() == 0
    assert not AuditEvent.objects.filter(object_type="people.PublicReferralSubmission").exists()


def test_an_e_mail_alone_is_enough_to_be_reached(client, program):
    response = client.post(_page(program), _form(program, phone="", email="rosa@example.test"))
    assert response.status_code == 302
    assert PublicReferralSubmission.objects.get().email == "rosa@example.test"


# --- Bots and floods -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"website": "http://spam.example.test"}, FilterReason.HONEYPOT),
        ({"seconds_ago": 0}, FilterReason.TOO_FAST),
        ({"seconds_ago": 2 * 24 * 60 * 60}, FilterReason.STALE),
        ({"token": ""}, FilterReason.NO_TOKEN),
        ({"token": "forged:value"}, FilterReason.NO_TOKEN),
    ],
)
def test_a_suspected_bot_is_kept_in_the_filtered_list_and_sees_the_same_thanks(
    client, login, program, specialist, overrides, reason
):
    seconds_ago = overrides.pop("seconds_ago", 60)
    response = client.post(_page(program), _form(program, seconds_ago=seconds_ago, **overrides))

    assert response.status_code == 302
    assert response["Location"] == f"{_thanks(program)}?lang=en"
    submission = PublicReferralSubmission.objects.get()
    assert submission.suspected_bot
    assert submission.filter_reason == reason
    assert submission.status == SubmissionStatus.NEW

    staff = login(specialist)
    new_list = staff.get(_inbox(program)).content.decode()
    filtered = staff.get(_inbox(program, "filtered")).content.decode()
    assert _detail(submission) not in new_list
    assert _detail(submission) in filtered
    assert escape(submission.get_filter_reason_display()) in filtered


def test_a_token_of_another_program_counts_as_missing(client, program, other_program):
    other_program.self_referral_open = True
    other_program.save()
    client.post(_page(program), _form(program, token=form_token(other_program, issued_at=time.time() - 60)))
    assert PublicReferralSubmission.objects.get().filter_reason == FilterReason.NO_TOKEN


def test_a_flooding_client_is_told_to_call_and_nothing_is_stored(client, program):
    for n in range(services.PER_CLIENT_LIMIT):
        response = client.post(
            _page(program), _form(program, first_name=f"Rosa{n}"), REMOTE_ADDR="203.0.113.7"
        )
        assert response.status_code == 302

    response = client.post(_page(program), _form(program, first_name="Extra"), REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 429
    text = response.content.decode()
    assert "555-0199" in text
    assert "ips@lakeside.example.test" in text
    assert PublicReferralSubmission.objects.count() == services.PER_CLIENT_LIMIT
    assert not PublicReferralSubmission.objects.filter(first_name="Extra").exists()
    # Another client is not held back by the first one.
    other = client.post(_page(program), _form(program, first_name="Other"), REMOTE_ADDR="203.0.113.8")
    assert other.status_code == 302
    # An hour later the client may send again.
    PublicReferralSubmission.objects.update(received_at=timezone.now() - datetime.timedelta(minutes=61))
    later = client.post(_page(program), _form(program, first_name="Later"), REMOTE_ADDR="203.0.113.7")
    assert later.status_code == 302


def test_a_flood_to_one_program_is_refused(client, program):
    PublicReferralSubmission.objects.bulk_create(
        PublicReferralSubmission(
            program=program, first_name="Flood", last_name=str(n), phone="1", client_hash=f"hash-{n}"
        )
        for n in range(services.PER_PROGRAM_LIMIT)
    )
    response = client.post(_page(program), _form(program, first_name="Extra"))
    assert response.status_code == 429
    assert not PublicReferralSubmission.objects.filter(first_name="Extra").exists()


# --- The inbox -------------------------------------------------------------------------------------


def test_staff_make_a_referral_from_a_submission(login, specialist, program):
    program.time_zone = "Pacific/Honolulu"
    program.save()
    # Received late in the evening in Honolulu, three days ago: already the next day in UTC.
    tz = ZoneInfo(program.time_zone)
    local = datetime.datetime.combine(
        today_in(program.time_zone) - datetime.timedelta(days=3), datetime.time(22, 30), tzinfo=tz
    )
    submission = _submission(
        program,
        received_at=local,
        date_of_birth=datetime.date(1988, 3, 14),
        email="rosa@example.test",
        preferred_language="es",
        contact_preference="phone",
        message="Quiero trabajar.",
    )
    client = login(specialist)

    inbox = client.get(_inbox(program))
    assert inbox.status_code == 200
    assert _detail(submission) in inbox.content.decode()
    page = client.get(_detail(submission))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Quiero trabajar." in text
    assert "never a way to turn a person away" in text
    read = AuditEvent.objects.get(action=AuditAction.READ)
    assert read.object_type == "people.PublicReferralSubmission"
    assert read.actor == specialist

    response = client.post(_detail(submission), {"action": "refer"})

    person = JobSeeker.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:job_seeker_detail", args=[program.slug, person.pk])
    assert person.referral_channel == ReferralChannel.PUBLIC_FORM
    assert person.referral_source == "self"
    assert person.referral_date == local.date()
    assert person.interest_date == local.date()
    assert person.referral_note == "Quiero trabajar."
    assert person.preferred_language == "es"
    assert person.contact_preference == "phone"
    assert person.email == "rosa@example.test"
    assert person.referred_by_user == specialist
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.REFERRAL_MADE
    assert submission.job_seeker == person
    assert submission.handled_by == specialist
    update = AuditEvent.objects.get(action=AuditAction.UPDATE, object_type="people.PublicReferralSubmission")
    assert update.job_seeker_id == person.pk
    assert update.changes["status"] == ["new", "referral_made"]

    made = client.get(_inbox(program, "referral_made")).content.decode()
    assert person.ref in made
    assert _detail(submission) not in client.get(_inbox(program)).content.decode()

    # A second try (another tab, a colleague) is told, and makes no second record.
    again = client.post(_detail(submission), {"action": "refer"})
    assert again.status_code == 400
    assert f"A referral was already made from this submission ({person.ref})" in again.content.decode()
    assert JobSeeker.objects.count() == 1


def test_possible_duplicates_are_shown_before_a_new_record(login, specialist, program):
    existing = JobSeekerFactory(
        program=program, first_name="José", last_name="Núñez", date_of_birth=datetime.date(1980, 5, 1)
    )
    submission = _submission(
        program, first_name="jose", last_name="NUNEZ", date_of_birth=existing.date_of_birth
    )
    client = login(specialist)

    page = client.get(_detail(submission)).content.decode()
    assert "Possible duplicates" in page
    assert existing.ref in page

    refused = client.post(_detail(submission), {"action": "refer"})
    assert refused.status_code == 400
    assert existing.ref in refused.content.decode()
    assert JobSeeker.objects.count() == 1
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.NEW

    confirmed = client.post(_detail(submission), {"action": "refer", "allow_duplicate": "on"})
    assert confirmed.status_code == 302
    assert JobSeeker.objects.count() == 2
    submission.refresh_from_db()
    assert submission.job_seeker != existing


def test_a_submission_can_be_linked_to_the_persons_existing_record(login, specialist, program):
    existing = JobSeekerFactory(
        program=program, first_name="Rosa", last_name="Testperson", date_of_birth=None
    )
    submission = _submission(program)
    client = login(specialist)

    response = client.post(_detail(submission), {"action": "link", "job_seeker": existing.pk})

    assert response.status_code == 302
    assert response["Location"] == reverse("people:job_seeker_detail", args=[program.slug, existing.pk])
    assert JobSeeker.objects.count() == 1
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.REFERRAL_MADE
    assert submission.job_seeker == existing


def test_a_record_of_another_program_cannot_be_linked(login, specialist, program, other_program):
    stranger = JobSeekerFactory(program=other_program)
    submission = _submission(program)
    response = login(specialist).post(_detail(submission), {"action": "link", "job_seeker": stranger.pk})
    assert response.status_code == 400
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.NEW


def test_a_spam_entry_is_set_aside_only_on_purpose_and_is_never_lost(login, specialist, program):
    submission = _submission(program, first_name="Buy", last_name="Cheap pills", message="http://spam")
    client = login(specialist)

    unconfirmed = client.post(_detail(submission), {"action": "not_a_person"})
    assert unconfirmed.status_code == 400
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.NEW

    response = client.post(_detail(submission), {"action": "not_a_person", "confirm": "on"})
    assert response.status_code == 302
    assert response["Location"] == _inbox(program)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.NOT_A_PERSON
    assert submission.job_seeker is None
    assert _detail(submission) in client.get(_inbox(program, "not_a_person")).content.decode()
    assert PublicReferralSubmission.objects.count() == 1

    # A mistake is undone by making the referral after all.
    client.post(_detail(submission), {"action": "refer"})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.REFERRAL_MADE


def test_an_unknown_action_changes_nothing(login, specialist, program):
    submission = _submission(program)
    response = login(specialist).post(_detail(submission), {"action": "reject"})
    assert response.status_code == 400
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.NEW


@pytest.mark.parametrize(
    "role",
    [
        "treatment_team_member",
        "vr_counselor",
        "benefits_counselor",
        "state_trainer",
        "state_administrator",
        "analyst",
    ],
)
def test_partners_and_the_state_cannot_see_the_inbox(login, make_user, program, role):
    submission = _submission(program)
    client = login(make_user(role, program))
    assert client.get(_inbox(program)).status_code == 403
    assert client.get(_detail(submission)).status_code == 403
    assert client.post(_detail(submission), {"action": "refer"}).status_code == 403
    assert JobSeeker.objects.count() == 0
    assert (
        "Referral inbox"
        not in client.get(reverse("accounts:program_detail", args=[program.slug])).content.decode()
    )


def test_staff_of_another_program_get_not_found(login, make_user, program, other_program):
    submission = _submission(program)
    client = login(make_user("ips_supervisor", other_program))
    assert client.get(_inbox(program)).status_code == 404
    assert client.get(_detail(submission)).status_code == 404
    # The submission under another program's address is not found either.
    own = login(make_user("ips_supervisor", program))
    wrong = reverse("people:public_submission_detail", args=[other_program.slug, submission.pk])
    assert own.get(wrong).status_code == 404


def test_the_inbox_costs_the_same_queries_for_many_rows(
    login, specialist, program, django_assert_max_num_queries
):
    client = login(specialist)
    _submission(program)
    with django_assert_max_num_queries(12) as few:
        client.get(_inbox(program))
    for n in range(60):
        _submission(
            program,
            first_name=f"Person{n}",
            suspected_bot=n % 2 == 0,
            filter_reason="honeypot" if n % 2 == 0 else "",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(_inbox(program))
    assert page.status_code == 200
    assert "Page 1 of 2" in page.content.decode()


def test_the_program_page_links_to_the_inbox_with_the_new_count(login, specialist, program):
    _submission(program)
    _submission(program, first_name="Second")
    _submission(program, first_name="Bot", suspected_bot=True, filter_reason="too_fast")
    _submission(program, first_name="Done", status="not_a_person")

    text = login(specialist).get(reverse("accounts:program_detail", args=[program.slug])).content.decode()

    assert "Referral inbox (2 new)" in text
    assert "1 filtered" in text
    assert f"http://testserver/work/{program.slug}/" in text


def test_a_signed_in_visitor_sees_the_public_layout_only(login, specialist, program):
    text = login(specialist).get(_page(program)).content.decode()
    assert "Sign out" not in text
    assert "My account" not in text


def test_a_signed_in_person_who_has_not_passed_mfa_still_reaches_the_public_page(
    login, settings, specialist, program
):
    # Staff showing the page to someone at the front desk may be half-way through signing in.
    settings.OPENIPS_REQUIRE_MFA = True
    client = login(specialist, verified=False)
    assert client.get(_page(program)).status_code == 200
    # Their own pages still ask for the code first.
    assert "/accounts/mfa/" in client.get(_inbox(program))["Location"]


def test_a_submission_from_someone_under_14_is_referred_once_staff_confirm_the_date_of_birth(
    login, specialist, program
):
    young = today_in(program.time_zone) - datetime.timedelta(days=365 * 12)
    submission = _submission(program, date_of_birth=young, phone="555-0101")
    client = login(specialist)

    page = client.get(_detail(submission)).content.decode()
    assert "Check the date of birth." in page
    assert "refer them anyway" in page

    refused = client.post(_detail(submission), {"action": "refer"})
    assert refused.status_code == 400
    assert "younger than 14" in refused.content.decode()
    assert not JobSeeker.objects.exists()

    client.post(_detail(submission), {"action": "refer", "confirm_under_14": "on"})
    person = JobSeeker.objects.get()
    assert person.date_of_birth == young
    assert person.referral_channel == ReferralChannel.PUBLIC_FORM
    # One audit row for the new record: the channel is right from the start.
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="people.JobSeeker").count() == 1
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE, object_type="people.JobSeeker").exists()

"""The person's record page: header, section navigation, the parts other features build, cost."""

import datetime

import pytest
from django.db import connection
from django.template import Context, Engine
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import AuditAction, AuditEvent
from people.languages import LANGUAGE_CHOICES, is_language_tag, language_label
from people.models import CaseloadAssignment
from people.tests.factories import ConsentFactory, JobSeekerFactory
from people.tests.factories_record import ContactAttemptFactory, days_ago, enrolled, specialist


@pytest.fixture
def ana(program):
    return specialist(program)


@pytest.fixture
def es_user(ana):
    return ana.user


def _detail(person):
    return reverse("people:job_seeker_detail", args=[person.program.slug, person.pk])


def test_the_header_shows_who_the_person_is(login, es_user, ana, program):
    person = enrolled(
        program,
        ana,
        first_name="Rosalind",
        last_name="Testperson",
        preferred_name="Roz",
        pronouns="she/her",
        phone="555-0100",
        email="roz@example.test",
        ok_to_leave_message=True,
        city="Madison",
        state="WI",
        contact_preference="text_message",
        preferred_language="so",
        interpreter_needed=True,
    )
    response = login(es_user).get(_detail(person))
    assert response.status_code == 200
    text = response.content.decode()
    assert "<h1>Roz Testperson" in text
    assert "(she/her)" in text
    assert "Rosalind Testperson" in text  # the legal name, under the preferred one
    assert person.ref in text
    assert "Phase: Engaged" in text
    assert "Ana Alvarez" in text
    assert 'href="tel:555-0100"' in text
    assert "OK to leave a message" in text
    assert "roz@example.test" in text
    assert "Madison, WI" in text
    assert "Text message" in text
    assert "Somali" in text
    assert "interpreter needed" in text


@pytest.mark.parametrize(
    ("fields", "phase"),
    [
        ({}, "Referred"),
        ({"enrollment_date": days_ago(10)}, "Engaged"),
        ({"enrollment_date": days_ago(10), "job_search_started_on": days_ago(3)}, "Job search"),
        (
            {"enrollment_date": days_ago(10), "closed_date": days_ago(1), "closure_reason": "moved_away"},
            "Closed",
        ),
    ],
)
def test_the_phase_is_derived_from_the_record(login, es_user, program, fields, phase):
    person = JobSeekerFactory(program=program, referral_date=days_ago(20), **fields)
    assert f"Phase: {phase}" in login(es_user).get(_detail(person)).content.decode()


def test_any_language_tag_is_shown_without_an_error(login, es_user, program):
    person = JobSeekerFactory(program=program, preferred_language="tlh-Latn")
    response = login(es_user).get(_detail(person))
    assert response.status_code == 200
    assert "tlh-Latn" in response.content.decode()


def test_language_labels():
    assert [tag for tag, _name in LANGUAGE_CHOICES] == ["en", "es", "hmn", "so", "ar"]
    assert language_label("hmn") == "Hmong"
    assert language_label("AR") == "Arabic"
    assert language_label("es-MX") == "Spanish (es-MX)"
    assert language_label("vi") == "Vietnamese"
    assert language_label("xx-unknown") == "xx-unknown"
    assert language_label("") == ""
    assert is_language_tag("zh-Hant") and is_language_tag("es-419")
    assert not is_language_tag("Spanish please") and not is_language_tag("e") and not is_language_tag("")


def test_the_section_nav_leads_to_every_part(login, es_user, program):
    person = JobSeekerFactory(program=program)
    text = login(es_user).get(_detail(person)).content.decode()
    for anchor in ('href="#profile"', 'href="#plan"', 'href="#notes"', 'href="#consents"'):
        assert anchor in text
    for part in ("profile", "plan", "notes", "consents"):
        assert f'id="{part}"' in text
    assert reverse("people:job_seeker_timeline", args=[program.slug, person.pk]) in text
    assert reverse("people:job_seeker_print", args=[program.slug, person.pk]) in text


def test_a_part_sees_the_page_context_with_its_own_on_top():
    engine = Engine(
        loaders=[
            (
                "django.template.loaders.locmem.Loader",
                {"part.html": "[{{ job_seeker }}|{{ can_edit }}|{{ shown }}|{{ title }}]"},
            )
        ],
        libraries={"people_record": "people.templatetags.people_record"},
    )
    page = engine.from_string(
        "{% load people_record %}{% record_section part %}{{ shown|default:'gone' }}/{{ title }}"
    )
    html = page.render(
        Context(
            {
                "job_seeker": "Roz",
                "can_edit": True,
                "title": "page",
                "part": {"template": "part.html", "context": {"shown": "<b>x</b>", "title": "part"}},
            }
        )
    )
    assert html == "[Roz|True|&lt;b&gt;x&lt;/b&gt;|part]gone/page"


def test_opening_the_record_writes_one_read_row(login, es_user, program):
    person = JobSeekerFactory(program=program)
    login(es_user).get(_detail(person))
    reads = AuditEvent.objects.filter(action=AuditAction.READ, job_seeker_id=person.pk)
    assert reads.count() == 1
    assert reads.get().actor == es_user


def test_editing_links_only_for_staff(login, make_user, es_user, ana, program):
    person = enrolled(program, ana)
    enroll_close = reverse("people:job_seeker_close", args=[program.slug, person.pk])
    transfer = reverse("people:job_seeker_transfer", args=[program.slug, person.pk])
    staff_page = login(es_user).get(_detail(person)).content.decode()
    assert enroll_close in staff_page and transfer in staff_page
    trainer_page = login(make_user("state_trainer")).get(_detail(person)).content.decode()
    assert enroll_close not in trainer_page and transfer not in trainer_page
    assert 'name="method"' not in trainer_page  # no outreach form


def test_a_partner_sees_the_record_only_under_consent(login, make_user, program):
    counselor = make_user("vr_counselor", program)
    person = JobSeekerFactory(program=program)
    client = login(counselor)
    assert client.get(_detail(person)).status_code == 404
    ConsentFactory(job_seeker=person, partner_kind="vocational_rehabilitation")
    response = client.get(_detail(person))
    assert response.status_code == 200
    assert reverse("people:job_seeker_close", args=[program.slug, person.pk]) not in response.content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_for_a_short_or_long_history(login, es_user, ana, program):
    client = login(es_user)
    few = enrolled(program, ana)
    ContactAttemptFactory(job_seeker=few)
    many = enrolled(program, ana)
    for n in range(25):
        ContactAttemptFactory(job_seeker=many, attempted_at=timezone.now() - datetime.timedelta(hours=n + 1))
    others = [specialist(program, "Es", f"Number{n}") for n in range(6)]
    CaseloadAssignment.objects.filter(job_seeker=many).delete()
    for n, es in enumerate(others):
        CaseloadAssignment.objects.create(
            job_seeker=many,
            employment_specialist=es,
            from_date=days_ago(30 - n),
            to_date=None if n == len(others) - 1 else days_ago(30 - n),
        )
    client.get(_detail(few))  # warm the session and caches
    assert _queries(client, _detail(many)) == _queries(client, _detail(few))


def test_the_page_stays_within_a_query_bound(login, es_user, ana, program, django_assert_max_num_queries):
    person = enrolled(program, ana)
    client = login(es_user)
    client.get(_detail(person))
    # Session, user, memberships, MFA, the person, the read row (and savepoint), the phase, outreach,
    # assignments, and what the four parts of the record read (a few each).
    with django_assert_max_num_queries(40):
        assert client.get(_detail(person)).status_code == 200

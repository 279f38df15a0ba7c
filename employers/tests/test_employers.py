"""Businesses: adding one (duplicates asked about), changing one, merging duplicates, and their pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import AuditAction, AuditEvent
from employers.models import Employer, EmployerContact, EmployerLocation, EmployerPerson, Opening
from employers.selectors.employers import normalized_name
from employers.services import employers as services
from people.tests.factories import JobSeekerFactory

from .factories_employers import (
    EmployerContactRowFactory,
    EmployerFactory,
    EmployerLocationFactory,
    EmployerPersonFactory,
    OpeningRowFactory,
    make_job,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def es(make_user, program):
    return make_user("employment_specialist", program)


# --- Services ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Joe's Diner, L.L.C.", "joes diner"),
        ("Café Rouge Inc.", "CAFE ROUGE"),
        ("The Home Depot", "Home Depot, Inc"),
        ("Smith & Sons Co.", "smith and sons"),
    ],
)
def test_names_that_differ_only_in_case_accents_punctuation_and_suffix_are_the_same(a, b):
    assert normalized_name(a) == normalized_name(b)


def test_different_names_stay_different():
    assert normalized_name("Joe's Diner") != normalized_name("Joe's Grill")
    # A business called only "Company" keeps its one word.
    assert normalized_name("Company") == "company"


def test_references_are_numbered_per_program(es, program, other_program, make_user):
    first = services.employer_create(actor=es, program=program, name="Corner Grocery", city="Madison")
    second = services.employer_create(actor=es, program=program, name="Hardware Plus", city="Madison")
    elsewhere = services.employer_create(
        actor=make_user("employment_specialist", other_program), program=other_program, name="Bakery"
    )
    assert (first.ref, second.ref, elsewhere.ref) == ("EMP-000001", "EMP-000002", "EMP-000001")
    create_audit = AuditEvent.objects.get(object_type="employers.Employer", object_id=str(first.pk))
    assert create_audit.action == AuditAction.CREATE


def test_a_given_reference_must_be_unique_in_the_program(es, program):
    services.employer_create(actor=es, program=program, name="Corner Grocery", ref="B-1")
    with pytest.raises(ValidationError) as caught:
        services.employer_create(actor=es, program=program, name="Other", ref="B-1")
    assert "ref" in caught.value.message_dict


def test_a_possible_duplicate_is_asked_about_before_saving(es, program):
    kept = services.employer_create(actor=es, program=program, name="Joe's Diner LLC", city="Madison")
    with pytest.raises(ValidationError) as caught:
        services.employer_create(actor=es, program=program, name="joes diner", city="MADISON")
    assert caught.value.code == "duplicate"
    assert caught.value.params["duplicates"] == [kept]
    assert Employer.objects.filter(program=program).count() == 1
    # The same name in another city is another business; confirmed, a duplicate is saved.
    services.employer_create(actor=es, program=program, name="Joe's Diner", city="Verona")
    services.employer_create(
        actor=es, program=program, name="Joe's Diner", city="Madison", allow_duplicate=True
    )
    assert Employer.objects.filter(program=program).count() == 3


def test_a_merged_business_is_not_a_duplicate(es, program):
    source = EmployerFactory(program=program, name="Joe's Diner", city="Madison")
    target = EmployerFactory(program=program, name="Joe's Diner Inc", city="Madison")
    services.employer_merge(actor=es, source=source, target=target)
    with pytest.raises(ValidationError) as caught:
        services.employer_create(actor=es, program=program, name="Joes Diner", city="Madison")
    assert caught.value.params["duplicates"] == [target]


@pytest.mark.parametrize(
    ("field", "value"),
    [("website", "not a web address"), ("state", "Wis"), ("state", "W1"), ("name", "  ")],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_saved(es, program, field, value):
    fields = {"name": "Corner Grocery", "city": "Madison", field: value}
    with pytest.raises(ValidationError) as caught:
        services.employer_create(actor=es, program=program, **fields)
    assert field in caught.value.message_dict
    assert not Employer.objects.exists()


def test_a_state_is_written_in_capitals(es, program):
    employer = services.employer_create(actor=es, program=program, name="Corner Grocery", state="wi")
    assert employer.state == "WI"


def test_an_update_on_a_stale_version_is_refused(es, program):
    employer = EmployerFactory(program=program, name="Corner Grocery")
    services.employer_update(actor=es, employer=employer, version=1, business_needs="Weekend stockers")
    with pytest.raises(ValidationError) as caught:
        services.employer_update(actor=es, employer=employer, version=1, business_needs="Cashiers")
    assert "version" in caught.value.message_dict
    employer.refresh_from_db()
    assert (employer.business_needs, employer.version) == ("Weekend stockers", 2)


def test_an_update_is_audited_with_what_changed(es, program):
    employer = EmployerFactory(program=program, relationship="prospect")
    services.employer_update(actor=es, employer=employer, version=1, relationship="getting_to_know")
    event = AuditEvent.objects.get(object_id=str(employer.pk), action=AuditAction.UPDATE)
    assert event.changes == {"relationship": ["prospect", "getting_to_know"]}


def test_a_state_trainer_cannot_add_a_business(make_user, program):
    trainer = make_user("state_trainer")
    with pytest.raises(Exception) as caught:
        services.employer_create(actor=trainer, program=program, name="Corner Grocery")
    assert caught.type.__name__ == "PermissionDenied"


def _business_with_history(program):
    source = EmployerFactory(program=program, name="Joe's Diner", city="Madison", phone="608-555-0100")
    person = EmployerPersonFactory(employer=source)
    location = EmployerLocationFactory(employer=source)
    contact = EmployerContactRowFactory(employer=source, person_met=person)
    opening = OpeningRowFactory(employer=source, location=location)
    job = make_job(employer=source, job_seeker=JobSeekerFactory(program=program))
    return source, {
        "person": person,
        "location": location,
        "contact": contact,
        "opening": opening,
        "job": job,
    }


def test_merge_moves_everything_to_the_business_kept_and_is_audited(es, program):
    source, rows = _business_with_history(program)
    target = EmployerFactory(program=program, name="Joe's Diner LLC", city="Madison")
    services.employer_merge(actor=es, source=source, target=target)

    for row in rows.values():
        row.refresh_from_db()
        assert row.employer_id == target.pk, row
    # Rows people edit changed under a possible editor: their version went up.
    assert rows["contact"].version == rows["opening"].version == rows["job"].version == 2
    source.refresh_from_db()
    target.refresh_from_db()
    assert source.merged_into == target
    assert source.archived_at is not None
    assert target.phone == "608-555-0100"  # what the kept business lacked is taken from the duplicate

    merge_events = AuditEvent.objects.filter(action=AuditAction.MERGE)
    on_source = merge_events.get(object_type="employers.Employer", object_id=str(source.pk))
    assert on_source.changes["merged_into"] == [None, target.pk]
    assert on_source.changes["moved_jobs"] == [[], [rows["job"].pk]]
    assert on_source.changes["moved_contacts"] == [[], [rows["contact"].pk]]
    assert merge_events.filter(object_type="employers.Employer", object_id=str(target.pk)).exists()
    on_job = merge_events.get(object_type="jobs.Job")
    assert on_job.job_seeker_id == rows["job"].job_seeker_id


def test_merge_into_itself_is_refused_and_changes_nothing(es, program):
    source, rows = _business_with_history(program)
    with pytest.raises(ValidationError) as caught:
        services.employer_merge(actor=es, source=source, target=source)
    assert caught.value.message_dict["into"] == ["A business cannot be merged into itself."]
    source.refresh_from_db()
    assert source.merged_into is None and source.archived_at is None and source.version == 1
    for row in rows.values():
        row.refresh_from_db()
        assert row.employer_id == source.pk
    assert not AuditEvent.objects.filter(action=AuditAction.MERGE).exists()


def test_an_already_merged_business_cannot_be_merged_again(es, program):
    first = EmployerFactory(program=program)
    kept = EmployerFactory(program=program)
    services.employer_merge(actor=es, source=first, target=kept)
    with pytest.raises(ValidationError):
        services.employer_merge(actor=es, source=first, target=EmployerFactory(program=program))
    with pytest.raises(ValidationError):
        services.employer_merge(actor=es, source=EmployerFactory(program=program), target=first)


def test_merge_across_programs_is_refused(make_user, program, other_program):
    manager = make_user("program_manager", program)
    from accounts.tests.factories import MembershipFactory

    MembershipFactory(user=manager, role="program_manager", program=other_program)
    source = EmployerFactory(program=program)
    target = EmployerFactory(program=other_program)
    with pytest.raises(ValidationError):
        services.employer_merge(actor=manager, source=source, target=target)
    source.refresh_from_db()
    assert source.merged_into is None


def test_a_second_merge_leads_earlier_ones_to_the_last_business(es, program):
    a, b, c = (EmployerFactory(program=program) for _ in range(3))
    services.employer_merge(actor=es, source=a, target=b)
    services.employer_merge(actor=es, source=b, target=c)
    a.refresh_from_db()
    assert a.merged_into == c


def test_locations_and_people_are_added_changed_and_archived(es, program):
    employer = EmployerFactory(program=program)
    location = services.employer_location_add(actor=es, employer=employer, label="Downtown", state="wi")
    assert location.state == "WI"
    with pytest.raises(ValidationError) as caught:
        services.employer_location_add(actor=es, employer=employer, label="East", state="Wisc")
    assert "state" in caught.value.message_dict
    services.employer_location_update(actor=es, location=location, label="Downtown store")
    services.employer_location_archive(actor=es, location=location)
    location.refresh_from_db()
    assert location.label == "Downtown store" and location.archived_at is not None

    person = services.employer_person_add(actor=es, employer=employer, name="Pat Manager", role="owner")
    with pytest.raises(ValidationError) as caught:
        services.employer_person_add(actor=es, employer=employer, name="Sam", email="not-an-email")
    assert "email" in caught.value.message_dict
    services.employer_person_update(actor=es, person=person, job_title="Owner and manager")
    services.employer_person_archive(actor=es, person=person)
    person.refresh_from_db()
    assert person.job_title == "Owner and manager" and person.archived_at is not None
    assert AuditEvent.objects.filter(action=AuditAction.ARCHIVE).count() == 2


# --- Pages ---------------------------------------------------------------------------------------


def test_the_list_shows_last_contact_and_number_of_contacts_and_leaves_merged_out(es, program, login):
    grocery = EmployerFactory(program=program, name="Corner Grocery")
    EmployerContactRowFactory(employer=grocery, date=grocery.created_at.date().replace(day=1))
    latest = EmployerContactRowFactory(employer=grocery)
    gone = EmployerFactory(program=program, name="Gone Bakery")
    services.employer_merge(actor=es, source=gone, target=grocery)
    EmployerFactory(name="Other Program Diner")
    response = login(es).get(reverse("employers:employer_list", args=[program.slug]))
    assert response.status_code == 200
    page = list(response.context["page"])
    assert [e.name for e in page] == ["Corner Grocery"]
    assert page[0].contact_count == 2
    assert page[0].last_contact_on == latest.date
    assert "Gone Bakery" not in response.text


def test_the_list_searches_filters_and_sorts(es, program, login):
    EmployerFactory(program=program, name="Corner Grocery", city="Madison", relationship="hiring_partner")
    EmployerFactory(program=program, name="Hardware Plus", city="Verona", industry="Hardware")
    client = login(es)
    url = reverse("employers:employer_list", args=[program.slug])

    def names(**params):
        return [e.name for e in client.get(url, params).context["page"]]

    assert names(q="veron") == ["Hardware Plus"]
    assert names(q="hardware") == ["Hardware Plus"]
    assert names(relationship="hiring_partner") == ["Corner Grocery"]
    assert names(sort="-name") == ["Hardware Plus", "Corner Grocery"]
    assert client.get(url, {"sort": "nonsense"}).status_code == 400


def test_the_list_costs_the_same_queries_for_few_or_many(es, program, login, django_assert_max_num_queries):
    client = login(es)
    url = reverse("employers:employer_list", args=[program.slug])
    for i in range(3):
        EmployerContactRowFactory(employer=EmployerFactory(program=program, name=f"Few {i}"))
    client.get(url)  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(30):
        EmployerContactRowFactory(employer=EmployerFactory(program=program, name=f"Many {i}"))
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert len(response.context["page"]) == 25


def test_the_business_page_shows_what_was_learned_people_openings_hires_and_contacts(es, program, login):
    employer, rows = _business_with_history(program)
    employer.business_needs = "Weekend stockers"
    employer.save()
    response = login(es).get(reverse("employers:employer_detail", args=[program.slug, employer.pk]))
    assert response.status_code == 200
    text = response.text
    assert "Weekend stockers" in text
    assert rows["person"].name in text
    assert rows["location"].label in text
    assert rows["opening"].title in text
    assert rows["job"].job_seeker.display_name in text
    assert list(response.context["contacts"]) == [rows["contact"]]
    # The openings link to their pages; contacts and openings are added from here.
    assert reverse("employers:opening_detail", args=[program.slug, rows["opening"].pk]) in text
    assert reverse("employers:opening_create", args=[program.slug, employer.pk]) in text
    assert reverse("employers:contact_create", args=[program.slug]) in text


def test_contacts_are_newest_first_and_paginated(es, program, login):
    employer = EmployerFactory(program=program)
    contacts = [
        EmployerContactRowFactory(employer=employer, date=employer.created_at.date()) for _ in range(22)
    ]
    url = reverse("employers:employer_detail", args=[program.slug, employer.pk])
    client = login(es)
    first = client.get(url).context["contacts"]
    assert len(first) == 20 and first[0] == contacts[-1]
    assert len(client.get(url, {"page": 2}).context["contacts"]) == 2


def test_a_merged_business_address_leads_to_the_one_kept(es, program, login):
    source = EmployerFactory(program=program, name="Joe's Diner")
    target = EmployerFactory(program=program, name="Joe's Diner LLC")
    services.employer_merge(actor=es, source=source, target=target)
    response = login(es).get(
        reverse("employers:employer_detail", args=[program.slug, source.pk]), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse(
        "employers:employer_detail", args=[program.slug, target.pk]
    )
    assert "was merged into" in response.text


def test_adding_a_possible_duplicate_asks_then_saves_once_confirmed(es, program, login):
    existing = EmployerFactory(program=program, name="Joe's Diner", city="Madison")
    client = login(es)
    url = reverse("employers:employer_create", args=[program.slug])
    data = {"name": "Joes Diner Inc.", "city": "Madison", "relationship": "prospect"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "this is a different business" in response.text.lower()
    assert existing.ref in response.text
    response = client.post(url, {**data, "allow_duplicate": "on"})
    assert response.status_code == 302
    assert Employer.objects.filter(program=program).count() == 2


def test_bad_input_in_the_page_is_shown_on_the_field(es, program, login):
    client = login(es)
    url = reverse("employers:employer_create", args=[program.slug])
    response = client.post(url, {"name": "Corner Grocery", "website": "nope", "relationship": "prospect"})
    assert response.status_code == 400
    assert response.context["form"].errors["website"]
    response = client.post(url, {"name": "Corner Grocery", "state": "Wisc", "relationship": "prospect"})
    assert response.status_code == 400
    assert response.context["form"].errors["state"] == ["Enter the state's two-letter code, such as WI."]
    assert not Employer.objects.exists()


def test_editing_on_a_stale_page_tells_the_second_editor(es, program, login):
    employer = EmployerFactory(program=program, name="Corner Grocery")
    services.employer_update(actor=es, employer=employer, version=1, industry="Grocery")
    response = login(es).post(
        reverse("employers:employer_edit", args=[program.slug, employer.pk]),
        {"version": 1, "name": "Corner Grocery", "industry": "Food", "relationship": "prospect"},
    )
    assert response.status_code == 400
    assert "Someone else changed this record" in response.text
    employer.refresh_from_db()
    assert employer.industry == "Grocery"


def test_merge_page_asks_to_confirm_then_merges(es, program, login):
    target = EmployerFactory(program=program, name="Joe's Diner", city="Madison")
    source, rows = _business_with_history(program)
    client = login(es)
    url = reverse("employers:employer_merge", args=[program.slug, target.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["duplicates"] == [source]
    response = client.post(url, {"source": source.pk})
    assert response.status_code == 200
    assert response.context["moves"] == {"contacts": 1, "people": 1, "locations": 1, "openings": 1, "jobs": 1}
    source.refresh_from_db()
    assert source.merged_into is None  # nothing happens before the confirmation
    response = client.post(url, {"source": source.pk, "confirm": "True"})
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.merged_into == target
    assert EmployerContact.objects.get().employer == target
    assert EmployerPerson.objects.get().employer == target
    assert EmployerLocation.objects.get().employer == target
    assert Opening.objects.get().employer == target


def test_merge_page_does_not_offer_the_business_itself(es, program, login):
    target = EmployerFactory(program=program)
    response = login(es).post(
        reverse("employers:employer_merge", args=[program.slug, target.pk]),
        {"source": target.pk, "confirm": "True"},
    )
    assert response.status_code == 400
    target.refresh_from_db()
    assert target.merged_into is None


def test_location_and_person_pages(es, program, login):
    employer = EmployerFactory(program=program)
    client = login(es)
    base = [program.slug, employer.pk]
    response = client.post(reverse("employers:employer_location_create", args=base), {"label": "Downtown"})
    assert response.status_code == 302
    location = EmployerLocation.objects.get()
    response = client.post(
        reverse("employers:employer_location_edit", args=[*base, location.pk]),
        {"label": "East", "state": "Wisc"},
    )
    assert response.status_code == 400
    client.post(reverse("employers:employer_location_archive", args=[*base, location.pk]))
    location.refresh_from_db()
    assert location.archived_at is not None
    # An archived location is no longer on the page nor editable.
    assert (
        client.get(reverse("employers:employer_location_edit", args=[*base, location.pk])).status_code == 404
    )

    response = client.post(
        reverse("employers:employer_person_create", args=base),
        {"name": "Pat Manager", "role": "hiring_manager"},
    )
    assert response.status_code == 302
    person = EmployerPerson.objects.get()
    response = client.post(
        reverse("employers:employer_person_edit", args=[*base, person.pk]),
        {"name": "Pat Manager", "role": "owner", "email": "pat@example.test"},
    )
    assert response.status_code == 302
    client.post(reverse("employers:employer_person_archive", args=[*base, person.pk]))
    person.refresh_from_db()
    assert person.role == "owner" and person.archived_at is not None
    page = client.get(reverse("employers:employer_detail", args=base))
    assert list(page.context["people"]) == []
    assert list(page.context["locations"]) == []


def test_a_location_of_another_business_is_not_reached_through_this_one(es, program, login):
    employer = EmployerFactory(program=program)
    elsewhere = EmployerLocationFactory(employer=EmployerFactory(program=program))
    response = login(es).get(
        reverse("employers:employer_location_edit", args=[program.slug, employer.pk, elsewhere.pk])
    )
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["treatment_team_member", "vr_counselor", "benefits_counselor"])
def test_partners_cannot_see_employers(make_user, program, other_program, login, role):
    employer = EmployerFactory(program=program)
    client = login(make_user(role, program))
    assert client.get(reverse("employers:employer_list", args=[program.slug])).status_code == 403
    assert (
        client.get(reverse("employers:employer_detail", args=[program.slug, employer.pk])).status_code == 403
    )
    assert client.get(reverse("employers:employer_list", args=[other_program.slug])).status_code == 404
    other = EmployerFactory(program=other_program)
    assert (
        client.get(reverse("employers:employer_detail", args=[other_program.slug, other.pk])).status_code
        == 404
    )


def test_the_analyst_cannot_see_employers(make_user, program, login):
    employer = EmployerFactory(program=program)
    client = login(make_user("analyst"))
    assert client.get(reverse("employers:employer_list", args=[program.slug])).status_code == 403
    assert (
        client.get(reverse("employers:employer_detail", args=[program.slug, employer.pk])).status_code == 403
    )


def test_a_business_of_another_program_is_404_for_staff(es, other_program, login):
    other = EmployerFactory(program=other_program)
    client = login(es)
    assert (
        client.get(reverse("employers:employer_detail", args=[other_program.slug, other.pk])).status_code
        == 404
    )


def test_a_business_under_another_programs_address_is_404(es, program, other_program, login, make_user):
    employer = EmployerFactory(program=program)
    assert (
        login(es)
        .get(reverse("employers:employer_detail", args=[other_program.slug, employer.pk]))
        .status_code
        == 404
    )


def test_the_state_trainer_reads_but_does_not_change(make_user, program, login):
    employer = EmployerFactory(program=program)
    client = login(make_user("state_trainer"))
    response = client.get(reverse("employers:employer_detail", args=[program.slug, employer.pk]))
    assert response.status_code == 200
    assert "Change the details" not in response.text
    assert client.get(reverse("employers:employer_edit", args=[program.slug, employer.pk])).status_code == 403


def test_the_nav_links_to_employers_for_those_who_may_see_them(es, make_user, program, login):
    url = reverse("employers:employer_list", args=[program.slug])
    assert url in login(es).get(reverse("core:home")).text
    assert url not in login(make_user("vr_counselor", program)).get(reverse("core:home")).text

"""Programs through the pages: create, edit (and concurrent edits), list, search, switch."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Program, ServiceArea
from accounts.tests.factories import AgencyFactory, MembershipFactory, ProgramFactory, UserFactory
from accounts.tests.helpers import signed_in_client
from core.models import AuditEvent


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _page(response) -> str:
    return html.unescape(response.content.decode())


def _field_errors(response, field: str) -> list[str]:
    """The messages shown under one form field."""
    match = re.search(
        rf'<ul class="errorlist"[^>]*id="id_{field}_error"[^>]*>(.*?)</ul>', _page(response), re.S
    )
    return re.findall(r"<li>(.*?)</li>", match.group(1), re.S) if match else []


def _form_top_errors(response) -> list[str]:
    found = re.findall(r'<ul class="errorlist nonfield"[^>]*>(.*?)</ul>', _page(response), re.S)
    return [m for block in found for m in re.findall(r"<li>(.*?)</li>", block, re.S)]


def _listed_slugs(response) -> list[str]:
    """The programs in the list table, in order."""
    body = re.search(r"<tbody>(.*?)</tbody>", response.content.decode(), re.S).group(1)
    return re.findall(r'href="/programs/([a-z0-9-]+)/"', body)


def _area(name="Dane"):
    return ServiceArea.objects.get(state="WI", kind="county", name=name)


def _new_program(agency, **changes):
    data = {
        "slug": "lakeshore-ips",
        "name": "Lakeshore IPS",
        "agency": agency.pk,
        "state": "WI",
        "primary_area": _area("Manitowoc").pk,
        "areas": [_area("Sheboygan").pk],
        "status": "active",
        "start_date": "2024-03-01",
        "closed_date": "",
        "meeting_gap_days": 10,
    }
    data.update(changes)
    return data


# --- Creating a program -------------------------------------------------------------------------


def test_state_administrator_creates_a_program(make_user, login):
    admin = make_user("state_administrator")
    agency = AgencyFactory(name="Lakeshore Human Services")
    client = login(admin)

    response = client.post(reverse("accounts:program_create"), _new_program(agency))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:program_detail", args=["lakeshore-ips"])
    program = Program.objects.get(slug="lakeshore-ips")
    assert program.name == "Lakeshore IPS"
    assert program.agency == agency
    assert program.start_date == datetime.date(2024, 3, 1)
    assert program.meeting_gap_days == 10
    assert program.primary_area == _area("Manitowoc")
    assert set(program.areas.all()) == {_area("Manitowoc"), _area("Sheboygan")}
    event = AuditEvent.objects.get(object_type="accounts.Program", object_id=str(program.pk))
    assert event.action == "create"
    assert event.actor == admin
    assert event.program == program
    assert event.changes["slug"] == [None, "lakeshore-ips"]
    assert event.changes["status"] == [None, "active"]

    detail = client.get(response["Location"])
    assert "Program Lakeshore IPS created." in _page(detail)
    assert "Manitowoc (primary)" in _page(detail)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"slug": "Lakeshore-IPS"}, "slug", "Use only lower-case letters, digits and hyphens."),
        ({"slug": "lakeshore ips"}, "slug", "Use only lower-case letters, digits and hyphens."),
        ({"slug": "lakeshore_ips"}, "slug", "Use only lower-case letters, digits and hyphens."),
        ({"slug": "taken-site"}, "slug", "Another program already uses this short name."),
        (
            {"status": "active", "start_date": ""},
            "start_date",
            "Enter the first day the program offered IPS (needed unless it is still planning).",
        ),
        (
            {"status": "closed", "closed_date": ""},
            "closed_date",
            "A closed program needs the date it closed.",
        ),
        (
            {"status": "closed", "start_date": "2024-03-01", "closed_date": "2024-02-29"},
            "closed_date",
            "The closing date cannot be before the start date.",
        ),
        (
            {"status": "active", "closed_date": "2025-01-01"},
            "closed_date",
            "Only a closed program has a closing date.",
        ),
        ({"meeting_gap_days": "0"}, "meeting_gap_days", "Ensure this value is greater than or equal to 1."),
    ],
)
def test_bad_program_input_is_refused_on_its_field(make_user, login, changes, field, message):
    admin = make_user("state_administrator")
    ProgramFactory(slug="taken-site")
    before = set(Program.objects.values_list("pk", flat=True))
    agency = AgencyFactory()
    client = login(admin)
    events_before = AuditEvent.objects.count()

    response = client.post(reverse("accounts:program_create"), _new_program(agency, **changes))

    assert response.status_code == 400
    assert message in _field_errors(response, field)
    assert "Nothing was saved" in _page(response)
    assert set(Program.objects.values_list("pk", flat=True)) == before
    assert AuditEvent.objects.count() == events_before


def test_only_a_state_administrator_may_create_a_program(make_user, login, program):
    manager = make_user("program_manager", program)
    response = login(manager).post(reverse("accounts:program_create"), _new_program(AgencyFactory()))
    assert response.status_code == 403
    assert not Program.objects.filter(slug="lakeshore-ips").exists()


# --- Editing a program --------------------------------------------------------------------------


def _edit_data(program, **changes):
    link = program.programarea_set.get(is_primary=True)
    data = {
        "version": program.version,
        "slug": program.slug,
        "name": program.name,
        "agency": program.agency_id,
        "state": program.state,
        "primary_area": link.area_id,
        "status": program.status,
        "start_date": program.start_date.isoformat(),
        "closed_date": "",
        "meeting_gap_days": program.meeting_gap_days,
    }
    data.update(changes)
    return data


IDENTITY_FIELDS = ("slug", "agency", "state", "status", "start_date", "closed_date")


def test_program_manager_edits_settings_but_not_identity(make_user, login, program):
    manager = make_user("program_manager", program)
    client = login(manager)
    original_slug, original_status = program.slug, program.status

    form = _page(client.get(reverse("accounts:program_edit", args=[program.slug])))
    for name in IDENTITY_FIELDS:
        tag = re.search(rf'<(?:input|select)[^>]*name="{name}"[^>]*>', form).group(0)
        assert "disabled" in tag, f"{name} should be read-only for a program manager"
    tag = re.search(r'<input[^>]*name="meeting_gap_days"[^>]*>', form).group(0)
    assert "disabled" not in tag

    response = client.post(
        reverse("accounts:program_edit", args=[program.slug]),
        _edit_data(program, meeting_gap_days=21, slug="hijacked", status="closed", closed_date="2025-01-01"),
    )

    assert response.status_code == 302
    program.refresh_from_db()
    assert program.meeting_gap_days == 21
    assert program.slug == original_slug
    assert program.status == original_status
    assert program.closed_date is None
    assert program.version == 2
    event = AuditEvent.objects.get(object_type="accounts.Program", action="update")
    assert event.changes == {"meeting_gap_days": [14, 21]}


def test_state_administrator_may_change_identity_fields(make_user, login, program):
    admin = make_user("state_administrator")
    client = login(admin)
    form = _page(client.get(reverse("accounts:program_edit", args=[program.slug])))
    assert "disabled" not in re.search(r'<input[^>]*name="slug"[^>]*>', form).group(0)

    response = client.post(
        reverse("accounts:program_edit", args=[program.slug]), _edit_data(program, slug="renamed-site")
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:program_detail", args=["renamed-site"])
    program.refresh_from_db()
    assert program.slug == "renamed-site"


def test_a_program_keeps_its_own_short_name_when_edited(make_user, login, program):
    """Its own slug is not 'already used by another program'."""
    admin = make_user("state_administrator")
    response = login(admin).post(
        reverse("accounts:program_edit", args=[program.slug]), _edit_data(program, name="New name")
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.name == "New name"


def test_concurrent_edit_keeps_the_first_change_and_tells_the_second_editor(make_user, login, program):
    first = login(make_user("program_manager", program))
    second = signed_in_client(make_user("state_administrator"))
    url = reverse("accounts:program_edit", args=[program.slug])

    # Both open the form and see the same version.
    for client in (first, second):
        page = _page(client.get(url))
        assert re.search(r'<input[^>]*name="version"[^>]*value="1"', page)

    assert first.post(url, _edit_data(program, version=1, meeting_gap_days=30)).status_code == 302
    response = second.post(url, _edit_data(program, version=1, meeting_gap_days=7, name="Overwritten"))

    assert response.status_code == 400
    assert (
        "Someone else changed this record while you were editing it. "
        "Reload the page to see their changes, then make yours again."
    ) in _form_top_errors(response)
    assert "Hidden field" not in _page(response)
    program.refresh_from_db()
    assert program.meeting_gap_days == 30
    assert program.name != "Overwritten"
    assert program.version == 2

    # After reloading, the second editor can make their change.
    page = _page(second.get(url))
    assert re.search(r'<input[^>]*name="version"[^>]*value="2"', page)
    assert second.post(url, _edit_data(program, version=2, meeting_gap_days=7)).status_code == 302
    program.refresh_from_db()
    assert program.meeting_gap_days == 7
    assert program.version == 3


# --- The program list ---------------------------------------------------------------------------


def test_program_list_shows_only_the_users_programs(make_user, login, program, other_program):
    specialist = make_user("employment_specialist", program)
    response = login(specialist).get(reverse("accounts:program_list"))
    assert response.status_code == 200
    assert _listed_slugs(response) == [program.slug]
    assert other_program.name not in _page(response)
    assert "Create a program" not in _page(response)


def test_program_list_search_by_name_short_name_or_agency(make_user, login):
    admin = make_user("state_administrator")
    ProgramFactory(slug="north-woods", name="North Woods IPS")
    ProgramFactory(slug="river-valley", name="Valley Works", agency=AgencyFactory(name="Driftless Services"))
    ProgramFactory(slug="lake-country", name="Lake Country IPS")
    client = login(admin)
    url = reverse("accounts:program_list")

    assert _listed_slugs(client.get(url, {"q": "north"})) == ["north-woods"]
    assert _listed_slugs(client.get(url, {"q": "river-val"})) == ["river-valley"]
    assert _listed_slugs(client.get(url, {"q": "driftless"})) == ["river-valley"]
    response = client.get(url, {"q": "no such program"})
    assert _listed_slugs(response) == []
    assert "No program matches." in _page(response)


def test_program_list_pages_by_fifty_and_keeps_the_search(make_user, login):
    admin = make_user("state_administrator")
    for n in range(53):
        ProgramFactory(slug=f"county-site-{n:02}", name=f"County Site {n:02}")
    ProgramFactory(slug="elsewhere", name="Elsewhere IPS")
    client = login(admin)
    url = reverse("accounts:program_list")

    first = client.get(url, {"q": "county"})
    assert _listed_slugs(first) == [f"county-site-{n:02}" for n in range(50)]
    assert "Page 1 of 2" in _page(first)
    assert 'href="?q=county&page=2"' in _page(first)

    second = client.get(url, {"q": "county", "page": 2})
    assert _listed_slugs(second) == ["county-site-50", "county-site-51", "county-site-52"]
    assert "Page 2 of 2" in _page(second)

    # A page number past the end shows the last page rather than an error.
    assert _listed_slugs(client.get(url, {"q": "county", "page": 99})) == _listed_slugs(second)


def test_programs_with_the_same_name_are_each_listed_once_across_pages(make_user, login):
    admin = make_user("state_administrator")
    for n in range(60):
        ProgramFactory(slug=f"twin-{n:02}", name="Twin City IPS")
    client = login(admin)
    url = reverse("accounts:program_list")
    seen = _listed_slugs(client.get(url)) + _listed_slugs(client.get(url, {"page": 2}))
    assert sorted(seen) == [f"twin-{n:02}" for n in range(60)]


def test_staff_column_counts_people_holding_a_staff_role_today(make_user, login, program):
    admin = make_user("state_administrator")
    today = timezone.localdate()
    MembershipFactory(program=program, role="employment_specialist", fte="0.50")
    both = UserFactory()
    MembershipFactory(user=both, program=program, role="employment_specialist", fte="0.50")
    MembershipFactory(user=both, program=program, role="ips_supervisor", fte="0.50")
    MembershipFactory(program=program, role="program_manager", end_date=today + datetime.timedelta(days=30))
    # Not counted: ended, not started yet, deactivated, and a partner (not staff).
    MembershipFactory(
        program=program,
        role="employment_specialist",
        start_date=today - datetime.timedelta(days=90),
        end_date=today - datetime.timedelta(days=1),
    )
    MembershipFactory(
        program=program, role="employment_specialist", start_date=today + datetime.timedelta(days=7)
    )
    MembershipFactory(program=program, role="employment_specialist", user=UserFactory(is_active=False))
    MembershipFactory(program=program, role="vr_counselor")

    page = login(admin).get(reverse("accounts:program_list")).content.decode()
    row = re.search(rf'<tr><td><a href="/programs/{program.slug}/">.*?</tr>', page, re.S).group(0)
    cells = re.findall(r"<td>(.*?)</td>", row, re.S)
    assert cells[-1] == "3"


def test_program_list_query_count_does_not_grow_with_programs(
    make_user, login, django_assert_max_num_queries
):
    admin = make_user("state_administrator")
    client = login(admin)
    url = reverse("accounts:program_list")
    for _ in range(3):
        program = ProgramFactory()
        MembershipFactory(program=program, role="employment_specialist")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(47):
        program = ProgramFactory()
        MembershipFactory(program=program, role="employment_specialist")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(_listed_slugs(response)) == 50


# --- The program switcher -----------------------------------------------------------------------


def _main_nav(response) -> str:
    return re.search(r'<nav[^>]*aria-label="Main"[^>]*>(.*?)</nav>', _page(response), re.S).group(1)


def _selected_program(response) -> str | None:
    match = re.search(r'<option value="(\d+)" selected>', _page(response))
    return match.group(1) if match else None


def test_program_switcher_changes_the_current_program(make_user, login):
    alder = ProgramFactory(name="Alder County IPS")
    birch = ProgramFactory(name="Birch County IPS")
    specialist = make_user("employment_specialist", alder, fte="0.50")
    MembershipFactory(user=specialist, program=birch, role="employment_specialist", fte="0.50")
    client = login(specialist)

    home = client.get(reverse("core:home"))
    assert _selected_program(home) == str(alder.pk)
    assert "Alder County IPS" in _main_nav(home)
    assert "Birch County IPS" not in _main_nav(home)

    response = client.post(
        reverse("accounts:program_switch"), {"program": birch.pk, "next": reverse("accounts:program_list")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:program_list")

    home = client.get(reverse("core:home"))
    assert _selected_program(home) == str(birch.pk)
    assert "Birch County IPS" in _main_nav(home)
    assert "Alder County IPS" not in _main_nav(home)


def test_program_switcher_refuses_a_program_without_a_role(make_user, login, program, other_program):
    second = ProgramFactory()
    specialist = make_user("employment_specialist", program, fte="0.50")
    MembershipFactory(user=specialist, program=second, role="employment_specialist", fte="0.50")
    client = login(specialist)

    assert client.post(reverse("accounts:program_switch"), {"program": other_program.pk}).status_code == 404
    assert client.post(reverse("accounts:program_switch"), {"program": "not-a-number"}).status_code == 404
    assert client.post(reverse("accounts:program_switch"), {}).status_code == 404
    assert other_program.name not in _page(client.get(reverse("core:home")))
    assert "current_program" not in client.session


def test_program_switcher_ignores_an_outside_next_address(make_user, login, program):
    specialist = make_user("employment_specialist", program)
    response = login(specialist).post(
        reverse("accounts:program_switch"), {"program": program.pk, "next": "https://elsewhere.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


def test_the_service_refuses_a_program_manager_changing_the_programs_status(make_user, program):
    """The rule lives in the service, not only in the disabled form fields."""
    import pytest
    from django.core.exceptions import ValidationError

    from accounts import services

    manager = make_user("program_manager", program)
    with pytest.raises(ValidationError) as caught:
        services.program_update(actor=manager, program=program, version=program.version, status="paused")
    assert "status" in caught.value.message_dict
    program.refresh_from_db()
    assert program.status == "active"
    updated = services.program_update(
        actor=manager, program=program, version=program.version, meeting_gap_days=21, status="active"
    )
    assert updated.meeting_gap_days == 21

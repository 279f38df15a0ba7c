from django.urls import reverse

from accounts.models import Agency
from core.models import AuditEvent


def test_state_administrator_adds_an_agency_and_it_is_audited(make_user, login):
    admin = make_user("state_administrator")
    client = login(admin)
    response = client.post(
        reverse("accounts:agency_list"),
        {"name": "Lakeview Human Services (synthetic)", "kind": "county_agency", "state": "wi"},
    )
    assert response.status_code == 302
    agency = Agency.objects.get(name="Lakeview Human Services (synthetic)")
    assert agency.state == "WI"
    event = AuditEvent.objects.get(object_type="accounts.Agency", object_id=str(agency.pk))
    assert event.action == "create"
    assert event.actor == admin
    assert event.changes["name"] == [None, "Lakeview Human Services (synthetic)"]
    page = client.get(reverse("accounts:agency_list")).content.decode()
    assert "Lakeview Human Services (synthetic)" in page


def test_a_duplicate_agency_is_refused_with_a_message_and_nothing_saved(make_user, login):
    admin = make_user("state_administrator")
    Agency.objects.create(name="Riverbend Services (synthetic)", kind="other", state="WI")
    response = login(admin).post(
        reverse("accounts:agency_list"),
        {"name": "Riverbend Services (synthetic)", "kind": "other", "state": "WI"},
    )
    assert response.status_code == 400
    assert "already exists" in response.content.decode()
    assert Agency.objects.filter(name="Riverbend Services (synthetic)").count() == 1


def test_a_bad_state_code_is_refused_on_the_field(make_user, login):
    admin = make_user("state_administrator")
    response = login(admin).post(
        reverse("accounts:agency_list"), {"name": "Bad State Agency", "kind": "other", "state": "W"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["state"]
    assert not Agency.objects.filter(name="Bad State Agency").exists()


def test_only_the_state_administrator_keeps_the_agency_list(make_user, login, program):
    manager = make_user("program_manager", program)
    assert login(manager).get(reverse("accounts:agency_list")).status_code == 403

"""The employment specialist's day, on a phone: refer, enroll, career profile, an employer visit, the clock.

And the other side of the same record: a partner without the person's consent gets the 404 page.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import TEST_PASSWORD, ProgramFactory
from employers.models import EmployerContact
from people.models import JobSeeker

pytestmark = pytest.mark.browser


def _iso(days_ago: int) -> str:
    return (timezone.localdate() - datetime.timedelta(days=days_ago)).isoformat()


def test_refer_enroll_profile_employer_visit_and_the_clock_from_a_phone(phone_tab, make_user):
    program = ProgramFactory(name="Riverside IPS")
    specialist = make_user("employment_specialist", program, first_name="Ana", last_name="Alvarez")
    tab, page = phone_tab, phone_tab.page
    tab.sign_in(specialist, TEST_PASSWORD)

    # Refer: the person said six weeks ago that they want to work.
    tab.open(f"/programs/{program.slug}/")
    tab.follow(page.get_by_role("button", name="Refer someone"))
    page.get_by_label("First name").fill("Rosa")
    page.get_by_label("Last name").fill("Testperson")
    page.get_by_label("Date of birth").fill("1990-04-02")
    page.get_by_label("Referral date").fill(_iso(40))
    page.get_by_label("Date they said they want to work").fill(_iso(40))
    tab.submit("Refer")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rosa Testperson")
    person = JobSeeker.objects.get(last_name="Testperson")
    assert person.ref == "JS-000001"

    # Enroll with herself, 34 days ago: the rapid-job-search clock has been running since.
    tab.follow(page.get_by_role("link", name="Enroll", exact=True))
    page.get_by_label("Enrollment date").fill(_iso(34))
    page.get_by_label("Employment specialist").select_option(
        label=page.get_by_label("Employment specialist").locator("option").first.inner_text()
    )
    tab.submit("Enroll")
    expect(page.get_by_text("is enrolled")).to_be_visible()

    # The career profile, in the person's own words.
    tab.follow(page.get_by_role("link", name="Start the career profile"))
    page.get_by_label("Their work goal, in their own words").fill("I want to cook, maybe on a line.")
    page.get_by_label("Kinds of work wanted").fill("line cook")
    page.get_by_label("Not decided yet").check()
    tab.submit("Save the career profile")
    expect(page.get_by_text("I want to cook, maybe on a line.")).to_be_visible()

    # The caseload shows the clock past 30 days, in words and not only in red.
    tab.open(f"/programs/{program.slug}/caseload/")
    row = page.get_by_role("row").filter(has_text="Testperson")
    expect(row).to_contain_text("Day 34 — no employer contact")

    # From the caseload, her record; from there one tap starts logging a visit to a business for her.
    tab.follow(row.get_by_role("link", name="Rosa Testperson"))
    tab.follow(page.get_by_role("link", name="Log an employer visit"))
    expect(page.locator("#id_date")).to_have_value(_iso(0))  # today, already filled in
    page.get_by_label("Or a new business: its name").fill("Synthetic Diner")
    page.get_by_label("Or someone new: their name").fill("Kim Kitchenmanager")
    expect(page.get_by_label("Face to face")).to_be_checked()
    page.get_by_label("Introduce a job seeker").check()
    expect(page.get_by_label("Rosa Testperson", exact=True)).to_be_checked()
    page.get_by_label("What came of it").fill("Met the kitchen manager with Rosa; left a résumé.")
    tab.submit("Log the contact")
    expect(page.get_by_text("The contact with Synthetic Diner was logged.")).to_be_visible()

    # On the caseload, the clock has stopped at the first face-to-face employer contact.
    tab.open(f"/programs/{program.slug}/caseload/")
    row = page.get_by_role("row").filter(has_text="Testperson")
    expect(row).to_contain_text("Employer contact on day 34")
    contact = EmployerContact.objects.get(for_job_seekers__job_seeker=person)
    assert (contact.employer.name, contact.face_to_face, contact.purpose) == (
        "Synthetic Diner",
        True,
        "job_seeker_introduction",
    )
    person.refresh_from_db()
    assert person.job_search_started_on == timezone.localdate()


def test_a_partner_without_consent_gets_the_not_found_page(tab, make_user):
    from people.tests.factories import JobSeekerFactory

    program = ProgramFactory(name="Riverside IPS")
    person = JobSeekerFactory(program=program, first_name="Rosa", last_name="Testperson")
    counselor = make_user("vr_counselor", program)
    page = tab.page
    tab.sign_in(counselor, TEST_PASSWORD)

    tab.open(f"/programs/{program.slug}/people/{person.pk}/", status=404)
    expect(page.get_by_role("heading", level=1)).to_have_text("We can’t find that page")
    expect(page.get_by_text("Testperson")).to_have_count(0)
    tab.open(f"/programs/{program.slug}/people/{person.pk}/notes/", status=404)
    # Their caseload page lists nobody: the person is not theirs to see.
    tab.open(f"/programs/{program.slug}/caseload/")
    expect(page.get_by_text("Testperson")).to_have_count(0)

"""A job start that is not competitive says why; ending the job puts the person back in job search."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import TEST_PASSWORD, ProgramFactory
from jobs.models import Job, MinimumWage
from jobs.tests.factories_jobs import enrolled_person

pytestmark = pytest.mark.browser


def _iso(days_ago: int) -> str:
    return (timezone.localdate() - datetime.timedelta(days=days_ago)).isoformat()


def test_a_sheltered_job_is_recorded_not_counted_and_its_end_is_a_step(phone_tab, make_user):
    # The live server's tests start from an empty table: the federal minimum, as the migration seeds it.
    MinimumWage.objects.get_or_create(
        jurisdiction="federal",
        state="",
        locality="",
        effective_from=datetime.date(2009, 7, 24),
        defaults={"hourly_rate": Decimal("7.25"), "source": "Fair Labor Standards Act"},
    )
    program = ProgramFactory(name="Riverside IPS")
    specialist = make_user("employment_specialist", program)
    person = enrolled_person(program, first_name="Rosa", last_name="Testperson", enrolled_days_ago=60)
    tab, page = phone_tab, phone_tab.page
    tab.sign_in(specialist, TEST_PASSWORD)

    tab.open(f"/programs/{program.slug}/people/{person.pk}/")
    tab.follow(page.get_by_role("link", name="Record a job start"))
    page.get_by_label("Or the employer's name").fill("Synthetic Workshop")
    page.get_by_label("Job title").fill("Assembler")
    page.get_by_label("Start date").fill(_iso(30))
    page.get_by_label("Hours a week").fill("20")
    page.get_by_label("Hourly wage ($)").fill("6.00")
    page.get_by_role("group", name="Does it pay the same as coworkers").get_by_label(
        "Yes", exact=True
    ).check()
    page.get_by_role("group", name="Could any member of the public apply").get_by_label(
        "No", exact=True
    ).check()
    page.get_by_role("group", name="Did a social-service agency").get_by_label("No", exact=True).check()
    page.get_by_role("group", name="Disclosure to the employer").get_by_label("Not disclosed").check()
    page.get_by_label("How the job was found").select_option(label="Treatment team")
    tab.submit("Record the job start")

    # Recorded, and the page says in words why it is not a competitive integrated job.
    expect(page.get_by_role("heading", name="Not counted as a competitive job, because:")).to_be_visible()
    expect(page.get_by_text("Pays less than the minimum wage")).to_be_visible()
    expect(page.get_by_text("Not open to anyone")).to_be_visible()
    job = Job.objects.get(job_seeker=person)
    assert not job.competitive_integrated
    assert job.applicable_minimum_wage == Decimal("7.25")

    # The job ends: a step, not a failure. The person is back in job search, with a plan to make.
    tab.follow(page.get_by_role("link", name="The job ended"))
    page.get_by_label("Last day of the job").fill(_iso(2))
    page.get_by_label("Quit with a plan").check()
    page.get_by_label("What the person learned, what they want next").fill("Wants work in a kitchen.")
    tab.submit("Record the end of the job")
    expect(page.get_by_role("heading", name="What next? Plan the next job")).to_be_visible()
    tab.open(f"/programs/{program.slug}/people/{person.pk}/")
    expect(page.get_by_text("Phase: Job search")).to_be_visible()
    person.refresh_from_db()
    assert person.job_search_started_on is not None

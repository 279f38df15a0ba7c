"""Every page of a person's record, the caseload, Today, the inbox and the public page, filled with
the demo's synthetic caseload, on a phone and on a desktop: each passes the checks every browser
test makes (axe-core, no sideways scrolling, no CSP or script error, no missing file)."""

import importlib
import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts import demo
from accounts.models import ServiceArea, User
from employers.models import Employer, Opening
from jobs.models import Job
from people.models import (
    CareerProfileVersion,
    EmploymentPlan,
    JobSeeker,
    PublicReferralSubmission,
    ServiceNote,
)

pytestmark = pytest.mark.browser

SCREENS = ["phone", "desktop"]


@pytest.fixture
def seeded(db):
    # The live server's tests empty the database between tests, data migrations' rows included.
    from django.apps import apps as django_apps

    from accounts.wisconsin import COUNTY_FIPS

    wisconsin = importlib.import_module("accounts.migrations.0002_wisconsin_service_areas")
    if ServiceArea.objects.filter(state="WI").count() < len(COUNTY_FIPS):
        wisconsin.add_areas(django_apps, None)
    result = demo.build(scale="demo")
    return result.programs[0]


def _searching_person(program):
    """An enrolled person with a career profile, an active plan and notes."""
    plan = (
        EmploymentPlan.objects.filter(
            job_seeker__program=program, status="active", job_seeker__closed_date=None
        )
        .filter(job_seeker__career_profile__isnull=False)
        .select_related("job_seeker")
        .order_by("job_seeker__ref")
        .first()
    )
    return plan.job_seeker


@pytest.mark.parametrize("screen", SCREENS)
def test_an_employment_specialists_pages(screen, open_tab, seeded):
    program = seeded
    tab = open_tab(screen)
    page = tab.page
    tab.sign_in(User.objects.get(email=f"es.east@{demo.DEMO_DOMAIN}"), settings.OPENIPS_DEMO_PASSWORD)
    person = _searching_person(program)
    base = f"/programs/{program.slug}/people/{person.pk}"
    note = ServiceNote.objects.filter(job_seeker=person).first()
    version = CareerProfileVersion.objects.filter(profile__job_seeker=person).first()
    headings = {
        f"/programs/{program.slug}/caseload/": "Caseload",
        f"/programs/{program.slug}/today/": "Today",
        f"{base}/": person.display_name,
        f"{base}/profile/": "Career profile",
        f"{base}/profile/edit/": "career profile",
        f"{base}/profile/versions/": "Career profile versions",
        f"{base}/profile/versions/{version.number}/": f"version {version.number}",
        f"{base}/plan/": "Employment plan",
        f"{base}/notes/": "Notes",
        f"{base}/notes/new/": "note",
        f"{base}/notes/{note.pk}/addendum/": "ddendum",
        f"{base}/consents/": "Consents",
        f"{base}/consents/new/": "consent",
        f"{base}/timeline/": "Timeline",
        f"{base}/print/": person.display_name,
        f"{base}/close/": "Close",
        f"{base}/transfer/": "Transfer",
    }
    for path, heading in headings.items():
        tab.open(path)
        expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile(re.escape(heading), re.I))

    referred = JobSeeker.objects.filter(program=program, enrollment_date=None, closed_date=None).first()
    tab.open(f"/programs/{program.slug}/people/{referred.pk}/enroll/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Enroll")

    employer = Employer.objects.filter(program=program).first()
    opening = Opening.objects.filter(program=program).first()
    job = Job.objects.filter(program=program, end_date=None).select_related("job_seeker").first()
    worker = f"/programs/{program.slug}/people/{job.job_seeker_id}"
    job_pages = {
        f"/programs/{program.slug}/employers/": "Employers",
        f"/programs/{program.slug}/employers/{employer.pk}/": employer.name,
        f"/programs/{program.slug}/employer-contacts/": "contacts",
        f"/programs/{program.slug}/employer-contacts/new/": "contact",
        f"/programs/{program.slug}/job-development/": "Job development",
        f"/programs/{program.slug}/openings/": "Openings",
        f"/programs/{program.slug}/openings/{opening.pk}/": opening.title,
        f"{base}/openings/": "Openings",
        f"{worker}/jobs/": "Jobs",
        f"{worker}/jobs/{job.pk}/": job.title,
        f"{worker}/jobs/new/": "job",
        f"{worker}/jobs/{job.pk}/follow-along/": "Follow-along",
        f"{worker}/education/": "School and training",
        f"/programs/{program.slug}/follow-along/": "Follow-along",
        "/minimum-wages/": "Minimum",
    }
    for path, heading in job_pages.items():
        tab.open(path)
        expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile(re.escape(heading), re.I))

    submission = PublicReferralSubmission.objects.filter(program=program).first()
    tab.open(f"/programs/{program.slug}/referrals/inbox/")
    tab.open(f"/programs/{program.slug}/referrals/inbox/{submission.pk}/")
    expect(page.get_by_text(submission.last_name).first).to_be_visible()


@pytest.mark.parametrize("screen", SCREENS)
def test_the_public_page_in_english_and_spanish(screen, open_tab, seeded):
    program = seeded
    tab = open_tab(screen)
    page = tab.page
    tab.open(f"/work/{program.slug}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    tab.follow(page.get_by_role("link", name="Español"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("textbox", name="Nombre")).to_be_visible()


def test_a_vr_counselor_reads_what_the_consent_allows(open_tab, seeded):
    program = seeded
    tab = open_tab("phone")
    page = tab.page
    tab.sign_in(User.objects.get(email=f"vr.east@{demo.DEMO_DOMAIN}"), settings.OPENIPS_DEMO_PASSWORD)
    tab.open(f"/programs/{program.slug}/caseload/")
    consented = JobSeeker.objects.filter(
        program=program, consents__partner_kind="vocational_rehabilitation", closed_date=None
    ).first()
    not_consented = (
        JobSeeker.objects.filter(program=program)
        .exclude(consents__partner_kind="vocational_rehabilitation")
        .first()
    )
    expect(page.get_by_text(consented.display_name).first).to_be_visible()
    expect(page.get_by_role("link", name=not_consented.display_name)).to_have_count(0)
    tab.open(f"/programs/{program.slug}/people/{consented.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(consented.display_name)
    tab.open(f"/programs/{program.slug}/people/{not_consented.pk}/", status=404)

"""A program moves in from spreadsheets and sends its first quarterly report.

The program manager uploads the program's CSV files with a mistake in them, reads what is
wrong (file, line, column), fixes it, imports, submits a past quarter's Learning Community
report and downloads it as a PDF that names the program, the quarter and that it was submitted.
"""

import datetime
import io
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.models import ServiceArea
from accounts.tests.factories import TEST_PASSWORD, ProgramFactory
from jobs.models import MinimumWage
from people.models import JobSeeker
from reporting.models import ReportSubmission

pytestmark = pytest.mark.browser

FOLDER = Path(__file__).resolve().parents[2] / "reporting" / "tests" / "data" / "interchange" / "valid"


@pytest.fixture
def tasks_in_the_request(settings):
    """The import runs as a task; here it runs at once, so the journey needs no worker process."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def test_import_with_a_mistake_fix_it_submit_a_quarter_and_download_the_pdf(
    tab, make_user, tmp_path, tasks_in_the_request
):
    # The live server's tests start from empty tables: what the migrations seed.
    MinimumWage.objects.get_or_create(
        jurisdiction="federal",
        state="",
        locality="",
        effective_from=datetime.date(2009, 7, 24),
        defaults={"hourly_rate": Decimal("7.25"), "source": "Fair Labor Standards Act"},
    )
    ServiceArea.objects.get_or_create(state="WI", kind="county", name="Oneida")
    program = ProgramFactory(slug="north-woods-ips", name="North Woods IPS", state="WI")
    manager = make_user("program_manager", program, fte="0.50", email="pat.manager@example.test")
    page = tab.page
    tab.sign_in(manager, TEST_PASSWORD)

    # The spreadsheets, with a month 13 in one job's start date.
    folder = tmp_path / "north-woods"
    shutil.copytree(FOLDER, folder)
    jobs = folder / "jobs.csv"
    good_jobs = jobs.read_text(encoding="utf-8")
    jobs.write_text(
        good_jobs.replace("J1,JS-1,E1,,Stocker,2024-02-12", "J1,JS-1,E1,,Stocker,2024-13-12"), "utf-8"
    )
    files = sorted(str(path) for path in folder.iterdir())

    tab.open(f"/programs/{program.slug}/import/")
    page.get_by_label("Files").set_input_files(files)
    tab.submit("Check the files")
    expect(page.get_by_text("1 problem was found. Nothing was written.")).to_be_visible()
    problem = page.get_by_role("table", name="Problems").get_by_role("row").nth(1)
    expect(problem).to_contain_text("jobs.csv")
    expect(problem).to_contain_text("start_date")
    expect(problem).to_contain_text("2024-13-12")
    assert not JobSeeker.objects.filter(program=program).exists()

    # Fixed: the dry run shows what would be created; confirming imports it.
    jobs.write_text(good_jobs, "utf-8")
    tab.follow(page.get_by_role("link", name="Upload the files again"))
    page.get_by_label("Files").set_input_files(files)
    tab.submit("Check the files")
    expect(
        page.get_by_text("Every row was checked: no problems. Nothing has been written yet.")
    ).to_be_visible()
    assert not JobSeeker.objects.filter(program=program).exists()
    tab.submit("Confirm import")
    expect(page.get_by_text("The import is finished.")).to_be_visible()
    assert JobSeeker.objects.filter(program=program, ref="JS-1").exists()

    # The first quarter of 2024 from the imported records, reviewed and submitted.
    tab.open(f"/programs/{program.slug}/reports/2024Q1/")
    figures = page.get_by_role("table", name="Figures computed from the records")
    expect(figures.get_by_role("row", name="People served")).to_be_visible()
    tab.submit("Submit the report")
    expect(page.get_by_text("Submitted by")).to_be_visible()
    submission = ReportSubmission.objects.get(report__program=program, report__year=2024, report__quarter=1)
    assert submission.figures["caseload_served"] >= 1

    # The PDF names the program, the quarter and that it was submitted.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF").click()
    pdf = Path(download_info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "North Woods IPS" in text
    assert "2024Q1" in text
    assert "Submitted" in text
    tab.check()


def test_dashboards_read_well_on_a_phone(phone_tab, make_user):
    """The program's outcomes and the state's, on a phone: charts with their tables, nothing off-screen."""
    program = ProgramFactory(name="Riverside IPS")
    manager = make_user("program_manager", program, fte="0.50")
    tab, page = phone_tab, phone_tab.page
    tab.sign_in(manager, TEST_PASSWORD)
    tab.open(f"/programs/{program.slug}/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Riverside IPS")
    expect(page.locator("figure img").first).to_be_visible()
    expect(page.get_by_text("cumulative over 18–24 months, not quarterly")).to_be_visible()
    tab.check()


def test_the_analyst_reads_the_state_dashboard_on_a_phone(phone_tab, make_user):
    ProgramFactory(name="Riverside IPS")
    analyst = make_user("analyst")
    tab, page = phone_tab, phone_tab.page
    tab.sign_in(analyst, TEST_PASSWORD)
    tab.follow(page.get_by_role("link", name="State outcomes"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("figure img").first).to_be_visible()
    tab.check()

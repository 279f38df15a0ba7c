"""The state scale's three years of past caseloads: what statewide outcomes and `make bench` read."""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import Program
from core.dates import Quarter, today_in
from jobs.models import Job
from people.models import JobSeeker
from reporting import measures
from supports import demo_history

pytestmark = pytest.mark.django_db


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_state_scale_has_three_years_of_people_jobs_and_outcomes():
    seed("--scale", "state")
    past = JobSeeker.objects.filter(ref__startswith=demo_history.REF_PREFIX)
    this_quarter = Quarter.containing(today_in())
    quarters = {Quarter.containing(d) for d in past.values_list("enrollment_date", flat=True)}
    # People enrolled in each of the last twelve quarters, in every program.
    back = this_quarter
    for _ in range(demo_history.QUARTERS - 1):
        back = back.previous()
        assert back in quarters, back
    assert past.values("program").distinct().count() == Program.objects.count()
    # Most have moved on; a little over half of everyone worked; some jobs ended.
    assert past.filter(closed_date__isnull=False).count() > past.count() / 2
    jobs = Job.objects.filter(ref__startswith="JOB-H")
    assert jobs.values("job_seeker").distinct().count() > past.count() / 3
    assert jobs.filter(end_date__isnull=False).exists()
    assert not jobs.filter(competitive_integrated=False).exists()

    # Two years back, the statewide report has people served, workers and new jobs in it.
    two_years_back = this_quarter
    for _ in range(8):
        two_years_back = two_years_back.previous()
    per_program, state = measures.statewide(Program.objects.all(), two_years_back)
    assert state["caseload_served"] > 500
    assert 0 < state["worked_competitive"] < state["caseload_served"]
    assert state["new_job_starts"] > 0 and state["rapid_job_search"]["cohort"] > 0
    assert state["caseload_served"] == sum(f["caseload_served"] for f in per_program.values())

    # A second run writes nothing more.
    counts = (JobSeeker.objects.count(), Job.objects.count())
    assert "nothing written" in seed("--scale", "state")
    assert (JobSeeker.objects.count(), Job.objects.count()) == counts


def test_demo_scale_history_has_all_moved_on_and_fills_past_quarters():
    seed()
    past = JobSeeker.objects.filter(ref__startswith=demo_history.REF_PREFIX)
    assert past.exists()
    # Today's caseloads stay the hand-made ones: everyone from the history has moved on.
    assert not past.filter(closed_date__isnull=True).exists()
    a_year_back = Quarter.containing(today_in())
    for _ in range(4):
        a_year_back = a_year_back.previous()
    for program in Program.objects.all():
        figures = measures.report(program, a_year_back)
        assert figures["caseload_served"] >= 5, program
        assert figures["worked_competitive"] > 0, program

"""Reads of openings, their matches and the suggested matches, through the one gate.

Suggestions are computed here on each request (employers/matching.py scores them): the
candidates and their career profiles come in one query, whatever their number, and are scored
in Python. Nothing is stored or sent.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from accounts import access, roles
from core.dates import today_in
from people.models import CareerProfile, JobSeeker
from people.selectors.caseload import Phase, phase_annotation

from .. import matching
from ..models import EmployerLocation, Opening, OpeningMatch, OpeningStatus

VIEW = roles.Action.EMPLOYER_VIEW
# At most this many people or openings are scored for one page: an IPS program has a few
# hundred people in job search at the very most.
MAX_CANDIDATES = 500
# The phases in which a person is looking for work.
SEEKING_PHASES = (Phase.JOB_SEARCH, Phase.ENGAGED)
ALL_STATUSES = "all"


def opening_list(*, user, program, status: str | None = None, q: str | None = None) -> QuerySet:
    """A program's openings (not archived) with their business, place and number of matches."""
    qs = access.restrict(Opening.objects.filter(program=program, archived_at__isnull=True), user, VIEW)
    if status and status != ALL_STATUSES:
        qs = qs.filter(status=status)
    for word in (q or "").split():
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(job_type__icontains=word)
            | Q(employer__name__icontains=word)
            | Q(requirements__icontains=word)
        )
    return (
        qs.select_related("employer", "location")
        .annotate(match_count=Count("matches"))
        .order_by("-learned_on", "-id")
    )


def opening_get(*, user, program, pk, action: str = VIEW) -> Opening:
    """One opening of this program through the gate (404 if hidden or of another program)."""
    opening = access.get_for(
        user, Opening.objects.select_related("employer", "location", "program"), pk, action
    )
    if opening.program_id != program.pk:
        raise Http404
    return opening


def location_choices(employer, current=None) -> QuerySet:
    """The business's places to choose from: those in use, and the opening's own place."""
    condition = Q(archived_at__isnull=True)
    if current is not None:
        condition |= Q(pk=current)
    return EmployerLocation.objects.filter(employer=employer).filter(condition)


def opening_matches(*, user, opening) -> QuerySet:
    """The job seekers put forward for this opening that the user may see, latest change first."""
    qs = access.restrict(OpeningMatch.objects.filter(opening=opening), user, VIEW)
    qs = access.restrict(qs, user, roles.Action.JOB_SEEKER_VIEW)
    return qs.select_related("job_seeker")


def job_seeker_matches(*, user, job_seeker) -> dict[int, OpeningMatch]:
    """The person's matches, by opening id (one query)."""
    qs = access.restrict(OpeningMatch.objects.filter(job_seeker=job_seeker), user, VIEW)
    qs = access.restrict(qs, user, roles.Action.JOB_SEEKER_VIEW)
    return {m.opening_id: m for m in qs}


def _profile(job_seeker) -> CareerProfile | None:
    try:
        return job_seeker.career_profile
    except CareerProfile.DoesNotExist:
        return None


def seeking_people(*, user, program, d: datetime.date) -> QuerySet:
    """The program's people in job search or engaged on `d` whom the user may see, with profiles."""
    qs = access.restrict(
        JobSeeker.objects.filter(program=program, archived_at__isnull=True),
        user,
        roles.Action.JOB_SEEKER_VIEW,
    )
    return (
        qs.annotate(phase=phase_annotation(d))
        .filter(phase__in=SEEKING_PHASES)
        .select_related("career_profile", "employment_specialist__user")
        .order_by("last_name", "first_name", "id")
    )


def suggested_job_seekers(*, user, opening, limit: int | None = None) -> list[matching.Suggestion]:
    """People who might fit the opening, best first, each with the reasons (2 queries in all)."""
    program = opening.program
    d = today_in(program.time_zone)
    already = OpeningMatch.objects.filter(opening=opening).values("job_seeker_id")
    people = seeking_people(user=user, program=program, d=d).exclude(pk__in=already)[:MAX_CANDIDATES]
    suggestions = [matching.score(opening, _profile(p), subject=p) for p in people]
    ranked = matching.rank(
        suggestions, name=lambda s: (s.subject.last_name, s.subject.first_name, s.subject.pk)
    )
    return ranked[:limit] if limit else ranked


def open_openings(*, user, program, d: datetime.date) -> QuerySet:
    """Openings still open on `d` (not past their closing date)."""
    return (
        access.restrict(
            Opening.objects.filter(program=program, archived_at__isnull=True, status=OpeningStatus.OPEN),
            user,
            VIEW,
        )
        .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=d))
        .select_related("employer", "location")
        .order_by("-learned_on", "-id")
    )


def suggested_openings(*, user, job_seeker, profile, limit: int | None = None) -> list[matching.Suggestion]:
    """Open openings ranked for one person by their career profile (one query)."""
    program = job_seeker.program
    d = today_in(program.time_zone)
    openings = open_openings(user=user, program=program, d=d)[:MAX_CANDIDATES]
    suggestions = [matching.score(o, profile, subject=o) for o in openings]
    ranked = matching.rank(suggestions, name=lambda s: (s.subject.title.casefold(), s.subject.pk))
    return ranked[:limit] if limit else ranked

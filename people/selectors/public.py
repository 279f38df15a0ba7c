"""Reads for the "I want to work" page and the program's referral inbox."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from accounts import access, roles
from accounts.models import Program

from ..models import PublicReferralSubmission, SubmissionStatus

# The inbox's lists: what still waits (new, and new but filtered as a possible bot), and what
# staff handled. Nothing ever leaves the inbox; a handled submission moves to another list.
INBOX_LISTS: dict[str, Q] = {
    "new": Q(status=SubmissionStatus.NEW, suspected_bot=False),
    "filtered": Q(status=SubmissionStatus.NEW, suspected_bot=True),
    "referral_made": Q(status=SubmissionStatus.REFERRAL_MADE),
    "not_a_person": Q(status=SubmissionStatus.NOT_A_PERSON),
}
WAITING_LISTS = {"new", "filtered"}


def public_program(slug: str) -> Program | None:
    """The program behind a public page address. Public on purpose: anyone may open the page."""
    return Program.objects.filter(slug=slug).first()


def inbox_submissions(*, user, program) -> QuerySet[PublicReferralSubmission]:
    """The program's submissions the user may handle, through the gate."""
    return access.restrict(
        PublicReferralSubmission.objects.filter(program=program), user, roles.Action.REFERRAL_INBOX
    )


def inbox_counts(*, user, program) -> dict[str, int]:
    """How many submissions each inbox list holds, in one query."""
    return inbox_submissions(user=user, program=program).aggregate(
        **{name: Count("pk", filter=condition) for name, condition in INBOX_LISTS.items()}
    )


def inbox_list(*, user, program, which: str) -> QuerySet[PublicReferralSubmission]:
    """One inbox list. Waiting lists show the oldest first, so nobody waits longest."""
    rows = (
        inbox_submissions(user=user, program=program).filter(INBOX_LISTS[which]).select_related("job_seeker")
    )
    if which in WAITING_LISTS:
        return rows.order_by("received_at", "id")
    return rows.order_by("-received_at", "-id")

"""One timeline of everything that happened for a person, newest first.

`job_seeker_timeline` reads each kind of record once (one query per source, never one per row)
through the one gate, so a partner sees only what the person's consent releases and a
42 CFR Part 2 note only under a consent that covers Part 2. A page ends on a whole day: the
"older" link asks for the days before the last one shown.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts import access, roles

from ..models import (
    CareerProfileVersion,
    CaseloadAssignment,
    ClosureHistory,
    Consent,
    EmploymentPlan,
    JobSeeker,
    NoteAddendum,
    PlanStatus,
    ReferralContactAttempt,
    ServiceNote,
)
from .consents import visible_consents

VIEW = roles.Action.JOB_SEEKER_VIEW
PAGE_SIZE = 50


class Kind:
    """What an entry is about (also its CSS class on the page)."""

    REFERRAL = "referral"
    OUTREACH = "outreach"
    ENROLLMENT = "enrollment"
    ASSIGNMENT = "assignment"
    CONSENT_SIGNED = "consent_signed"
    CONSENT_REVOKED = "consent_revoked"
    PROFILE_VERSION = "profile_version"
    PLAN_CREATED = "plan_created"
    PLAN_ACTIVATED = "plan_activated"
    PLAN_REVIEWED = "plan_reviewed"
    NOTE = "note"
    ADDENDUM = "addendum"
    CLOSURE = "closure"
    REOPENING = "reopening"


# Entries of one day without a time of their own: a referral opens the day, a closure ends it.
_DAY_ORDER = {
    Kind.REFERRAL: 0,
    Kind.ENROLLMENT: 1,
    Kind.ASSIGNMENT: 2,
    Kind.CONSENT_SIGNED: 3,
    Kind.PLAN_ACTIVATED: 4,
    Kind.PLAN_REVIEWED: 5,
    Kind.NOTE: 50,
    Kind.CLOSURE: 90,
    Kind.REOPENING: 91,
}
_END_OF_DAY_KINDS = {Kind.NOTE, Kind.CLOSURE, Kind.REOPENING}


@dataclass(frozen=True)
class TimelineEntry:
    """One thing that happened: on a day, at a time when the record has one."""

    kind: str
    day: datetime.date
    title: str
    time: datetime.time | None = None
    detail: str = ""
    by: str = ""
    part2: bool = False

    @property
    def sort_key(self) -> tuple:
        if self.time is not None:
            moment = self.time
        else:
            moment = datetime.time.max if self.kind in _END_OF_DAY_KINDS else datetime.time.min
        return (self.day, moment, _DAY_ORDER.get(self.kind, 10))


@dataclass
class TimelinePage:
    """The entries of one page, newest first, and where the older ones start."""

    entries: list[TimelineEntry] = field(default_factory=list)
    until: datetime.date | None = None  # the newest day this page may show (None: today on)
    older_until: datetime.date | None = None  # the `until` of the next, older page


def _name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.email


def _membership_name(membership) -> str:
    return _name(membership.user) if membership is not None else ""


@dataclass(frozen=True)
class _Window:
    """Which days to read: up to `until`, at most `limit` + 1 rows per source; or one whole `day`."""

    tz: ZoneInfo
    until: datetime.date | None
    limit: int | None
    day: datetime.date | None = None

    def _start(self, day: datetime.date) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time.min, tzinfo=self.tz)

    def timed(self, qs, field_name: str, *order):
        if self.day is not None:
            qs = qs.filter(
                **{
                    f"{field_name}__gte": self._start(self.day),
                    f"{field_name}__lt": self._start(self.day + datetime.timedelta(days=1)),
                }
            )
        elif self.until is not None:
            qs = qs.filter(**{f"{field_name}__lt": self._start(self.until + datetime.timedelta(days=1))})
        qs = qs.order_by(f"-{field_name}", *order)
        return qs if self.limit is None or self.day is not None else qs[: self.limit + 1]

    def dated(self, qs, field_name: str, *order):
        if self.day is not None:
            qs = qs.filter(**{field_name: self.day})
        elif self.until is not None:
            qs = qs.filter(**{f"{field_name}__lte": self.until})
        qs = qs.order_by(f"-{field_name}", *order)
        return qs if self.limit is None or self.day is not None else qs[: self.limit + 1]

    def local(self, moment: datetime.datetime) -> tuple[datetime.date, datetime.time]:
        local = timezone.localtime(moment, self.tz)
        return local.date(), local.time().replace(microsecond=0)


# --- The sources that can grow long: read with a limit -------------------------------------------


def _outreach(job_seeker, user, window) -> list[TimelineEntry]:
    qs = access.restrict(
        ReferralContactAttempt.objects.filter(job_seeker=job_seeker).select_related("staff__user"), user, VIEW
    )
    entries = []
    for attempt in window.timed(qs, "attempted_at", "-id"):
        day, time = window.local(attempt.attempted_at)
        entries.append(
            TimelineEntry(
                kind=Kind.OUTREACH,
                day=day,
                time=time,
                title=_("Outreach attempt: %(method)s — %(outcome)s")
                % {"method": attempt.get_method_display(), "outcome": attempt.get_outcome_display()},
                detail=attempt.note,
                by=_membership_name(attempt.staff),
            )
        )
    return entries


def _profile_versions(job_seeker, user, window) -> list[TimelineEntry]:
    qs = access.restrict(
        CareerProfileVersion.objects.filter(profile__job_seeker=job_seeker).select_related("saved_by"),
        user,
        VIEW,
    ).defer("snapshot")
    entries = []
    for version in window.timed(qs, "saved_at", "-number"):
        day, time = window.local(version.saved_at)
        title = (
            _("Career profile started")
            if version.number == 1
            else _("Career profile updated (version %(number)s)") % {"number": version.number}
        )
        entries.append(
            TimelineEntry(
                kind=Kind.PROFILE_VERSION,
                day=day,
                time=time,
                title=title,
                detail=version.change_summary,
                by=_name(version.saved_by),
            )
        )
    return entries


def _visible_notes(job_seeker, user):
    return access.restrict(ServiceNote.objects.filter(job_seeker=job_seeker), user, VIEW)


def _notes(job_seeker, user, window) -> list[TimelineEntry]:
    qs = _visible_notes(job_seeker, user).select_related("staff__user")
    entries = []
    for note in window.dated(qs, "date", "-created_at", "-id"):
        facts = [note.get_location_display(), note.get_mode_display()]
        if note.minutes:
            facts.append(_("%(minutes)s minutes") % {"minutes": note.minutes})
        entries.append(
            TimelineEntry(
                kind=Kind.NOTE,
                day=note.date,
                title=_("Service note: %(kind)s (%(facts)s)")
                % {"kind": note.get_kind_display(), "facts": ", ".join(str(f) for f in facts)},
                detail=note.text,
                by=_membership_name(note.staff),
                part2=note.contains_part2,
            )
        )
    return entries


def _addenda(job_seeker, user, window) -> list[TimelineEntry]:
    # An addendum is shown only with a note the user may see, whatever the addendum's own flag.
    qs = access.restrict(
        NoteAddendum.objects.filter(note__in=_visible_notes(job_seeker, user)).select_related(
            "author", "note"
        ),
        user,
        VIEW,
    )
    entries = []
    for addendum in window.timed(qs, "created_at", "-id"):
        day, time = window.local(addendum.created_at)
        entries.append(
            TimelineEntry(
                kind=Kind.ADDENDUM,
                day=day,
                time=time,
                title=_("Addendum to the service note of %(date)s")
                % {"date": formats.date_format(addendum.note.date)},
                detail=addendum.text,
                by=_name(addendum.author),
                part2=addendum.contains_part2 or addendum.note.contains_part2,
            )
        )
    return entries


# --- The short sources: a person has a handful of each, read whole ------------------------------


def _record_itself(job_seeker: JobSeeker) -> list[TimelineEntry]:
    entries = []
    source = job_seeker.get_referral_source_display() if job_seeker.referral_source else ""
    if job_seeker.referral_source_other:
        source = f"{source}: {job_seeker.referral_source_other}"
    facts = [f for f in (source, job_seeker.get_referral_channel_display()) if f]
    referrer = _name(job_seeker.referred_by_user) or job_seeker.referred_by_name
    entries.append(
        TimelineEntry(
            kind=Kind.REFERRAL,
            day=job_seeker.referral_date,
            title=_("Referred (%(facts)s)") % {"facts": ", ".join(str(f) for f in facts)},
            detail=job_seeker.referral_note,
            by=referrer,
        )
    )
    if job_seeker.enrollment_date is not None:
        entries.append(
            TimelineEntry(kind=Kind.ENROLLMENT, day=job_seeker.enrollment_date, title=_("Enrolled"))
        )
    if job_seeker.closed_date is not None:
        entries.append(
            TimelineEntry(
                kind=Kind.CLOSURE,
                day=job_seeker.closed_date,
                title=_("Closed: %(reason)s") % {"reason": job_seeker.get_closure_reason_display()},
                detail=job_seeker.closure_note,
            )
        )
    return entries


def _assignments(job_seeker, user) -> list[TimelineEntry]:
    rows = list(
        access.restrict(
            CaseloadAssignment.objects.filter(job_seeker=job_seeker).select_related(
                "employment_specialist__user"
            ),
            user,
            VIEW,
        ).order_by("from_date", "id")
    )
    entries = []
    previous = None
    for assignment in rows:
        name = _membership_name(assignment.employment_specialist)
        moved = (
            previous is not None
            and previous.to_date is not None
            and previous.to_date >= assignment.from_date - datetime.timedelta(days=1)
        )
        if moved:
            title = _("Transferred from %(old)s to %(new)s") % {
                "old": _membership_name(previous.employment_specialist),
                "new": name,
            }
        else:
            title = _("On %(name)s's caseload") % {"name": name}
        entries.append(
            TimelineEntry(
                kind=Kind.ASSIGNMENT, day=assignment.from_date, title=title, detail=assignment.reason
            )
        )
        previous = assignment
    return entries


def _consents(job_seeker, user, tz) -> list[TimelineEntry]:
    # A partner sees only the consents of their own kind (the consents feature's rule).
    rows = visible_consents(Consent.objects.filter(job_seeker=job_seeker), user).prefetch_related("scopes")
    entries = []
    for consent in rows:
        scopes = ", ".join(str(s.get_item_display()) for s in consent.scopes.all())
        part2 = _("covers 42 CFR Part 2 information") if consent.covers_part2 else ""
        entries.append(
            TimelineEntry(
                kind=Kind.CONSENT_SIGNED,
                day=consent.signed_on,
                title=_("Consent signed: %(partner)s") % {"partner": consent},
                detail=_("%(scopes)s; from %(start)s to %(end)s%(part2)s")
                % {
                    "scopes": scopes,
                    "start": formats.date_format(consent.start_date),
                    "end": formats.date_format(consent.expiry_date),
                    "part2": f"; {part2}" if part2 else "",
                },
            )
        )
        if consent.revoked_at is not None:
            local = timezone.localtime(consent.revoked_at, tz)
            entries.append(
                TimelineEntry(
                    kind=Kind.CONSENT_REVOKED,
                    day=local.date(),
                    time=local.time().replace(microsecond=0),
                    title=_("Consent revoked: %(partner)s") % {"partner": consent},
                    detail=consent.revocation_note,
                )
            )
    return entries


def _plans(job_seeker, user, tz) -> list[TimelineEntry]:
    rows = access.restrict(EmploymentPlan.objects.filter(job_seeker=job_seeker), user, VIEW)
    entries = []
    for plan in rows:
        local = timezone.localtime(plan.created_at, tz)
        entries.append(
            TimelineEntry(
                kind=Kind.PLAN_CREATED,
                day=local.date(),
                time=local.time().replace(microsecond=0),
                title=_("Employment plan started"),
            )
        )
        if plan.agreed_on is not None and plan.status in (PlanStatus.ACTIVE, PlanStatus.REPLACED):
            detail = (
                _("Review due on %(date)s") % {"date": formats.date_format(plan.review_due_on)}
                if plan.review_due_on
                else ""
            )
            entries.append(
                TimelineEntry(
                    kind=Kind.PLAN_ACTIVATED,
                    day=plan.agreed_on,
                    title=_("Employment plan agreed with the job seeker"),
                    detail=detail,
                )
            )
        if plan.reviewed_on is not None:
            entries.append(
                TimelineEntry(
                    kind=Kind.PLAN_REVIEWED, day=plan.reviewed_on, title=_("Employment plan reviewed")
                )
            )
    return entries


def _closure_history(job_seeker, user) -> list[TimelineEntry]:
    rows = access.restrict(ClosureHistory.objects.filter(job_seeker=job_seeker), user, VIEW)
    entries = []
    for history in rows:
        entries.append(
            TimelineEntry(
                kind=Kind.CLOSURE,
                day=history.closed_date,
                title=_("Closed: %(reason)s") % {"reason": history.get_closure_reason_display()},
                detail=history.closure_note,
            )
        )
        entries.append(
            TimelineEntry(
                kind=Kind.REOPENING,
                day=history.reopened_on,
                title=_("Re-opened"),
                detail=history.reopen_note,
            )
        )
    return entries


def _read(job_seeker, user, window) -> list[TimelineEntry]:
    """Every entry the window covers, from every source (unsorted)."""
    entries = []
    for source in (_outreach, _profile_versions, _notes, _addenda):
        entries += source(job_seeker, user, window)
    if window.day is None:
        entries += _record_itself(job_seeker)
        entries += _assignments(job_seeker, user)
        entries += _consents(job_seeker, user, window.tz)
        entries += _plans(job_seeker, user, window.tz)
        entries += _closure_history(job_seeker, user)
        if window.until is not None:
            entries = [e for e in entries if e.day <= window.until]
    return entries


def job_seeker_timeline(
    *, user, job_seeker: JobSeeker, until: datetime.date | None = None, limit: int = PAGE_SIZE
) -> TimelinePage:
    """The person's timeline up to `until` (default: all of it), newest first, about `limit` entries.

    A page never splits a day: when the limit falls inside a day, that day moves to the next
    page, or (when the whole page is one busy day) the page shows all of that day.
    """
    tz = (
        ZoneInfo(job_seeker.program.time_zone)
        if job_seeker.program.time_zone
        else timezone.get_current_timezone()
    )
    entries = sorted(
        _read(job_seeker, user, _Window(tz=tz, until=until, limit=limit)),
        key=lambda e: e.sort_key,
        reverse=True,
    )
    if len(entries) <= limit:
        return TimelinePage(entries=entries, until=until)
    last_day = entries[limit - 1].day
    if entries[limit].day != last_day:
        return TimelinePage(
            entries=entries[:limit], until=until, older_until=last_day - datetime.timedelta(days=1)
        )
    if entries[0].day != last_day:
        # The limit falls inside a day: that whole day starts the next page.
        return TimelinePage(
            entries=[e for e in entries if e.day > last_day], until=until, older_until=last_day
        )
    # One day holds more than a page: show the whole day (its long sources read again, in full).
    same_day = [e for e in entries if e.day == last_day and e.kind not in _LONG_SOURCE_KINDS]
    same_day += _read(job_seeker, user, _Window(tz=tz, until=None, limit=None, day=last_day))
    same_day.sort(key=lambda e: e.sort_key, reverse=True)
    return TimelinePage(entries=same_day, until=until, older_until=last_day - datetime.timedelta(days=1))


_LONG_SOURCE_KINDS = {Kind.OUTREACH, Kind.PROFILE_VERSION, Kind.NOTE, Kind.ADDENDUM}

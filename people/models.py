"""Job seekers: referral, enrollment, caseload assignment, treatment teams and consent.

Field lists follow shared/domain/records.md. Career profile, plans and notes come next, on the
same pattern: each model names its `program_path`, its `job_seeker_path` and, where a partner
needs a particular consent scope to see it, its `consent_scope`.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel, VersionedModel


class TreatmentTeam(TimeStampedModel):
    """A person's mental-health and substance-use providers: prescriber, therapist, case manager."""

    program = models.ForeignKey("accounts.Program", on_delete=models.PROTECT, related_name="treatment_teams")
    name = models.CharField(_("name"), max_length=200)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="treatment_teams", verbose_name=_("members")
    )

    program_path = "program"

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["program", "name"], name="treatment_team_name_unique")]

    def __str__(self):
        return self.name


class ReferralSource(models.TextChoices):
    SELF = "self", _("Self")
    FAMILY = "family", _("Family or friend")
    TREATMENT_TEAM = "treatment_team", _("Treatment team")
    CASE_MANAGER = "case_manager", _("Case manager / care coordinator")
    VOCATIONAL_REHABILITATION = "vocational_rehabilitation", _("DVR (vocational rehabilitation)")
    OTHER = "other", _("Other")


class ReferralChannel(models.TextChoices):
    STAFF = "staff", _("Entered by staff")
    TREATMENT_TEAM = "treatment_team", _("Referred by a clinician")
    PUBLIC_FORM = "public_form", _("“I want to work” page")
    IMPORT = "import", _("Imported")


class ContactPreference(models.TextChoices):
    PHONE = "phone", _("Phone call")
    TEXT_MESSAGE = "text_message", _("Text message")
    EMAIL = "email", _("Email")
    MAIL = "mail", _("Mail")
    IN_PERSON = "in_person", _("In person")
    THROUGH_TREATMENT_TEAM = "through_treatment_team", _("Through my treatment team")


class ClosureReason(models.TextChoices):
    CHOSE_TO_STOP = "chose_to_stop", _("Chose to stop IPS services")
    MOVED_AWAY = "moved_away", _("Moved away")
    LOST_CONTACT = "lost_contact", _("Lost contact")
    DECEASED = "deceased", _("Died")
    INCARCERATED = "incarcerated", _("Incarcerated")
    TRANSFERRED = "transferred", _("Transferred to another program")
    OTHER = "other", _("Other")


class JobSeeker(VersionedModel):
    """A person referred because they want to work, from referral to closure. No eligibility field."""

    program = models.ForeignKey("accounts.Program", on_delete=models.PROTECT, related_name="job_seekers")
    ref = models.CharField(_("reference"), max_length=40)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    preferred_name = models.CharField(_("preferred name"), max_length=100, blank=True)
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    ok_to_leave_message = models.BooleanField(_("OK to leave a message"), null=True, blank=True)
    address_line1 = models.CharField(_("address"), max_length=200, blank=True)
    address_line2 = models.CharField(_("address, line 2"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=2, blank=True)
    postal_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    contact_preference = models.CharField(
        _("how to reach them"), max_length=30, choices=ContactPreference.choices, blank=True
    )
    preferred_language = models.CharField(_("preferred language"), max_length=35, default="en")
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    referral_date = models.DateField(_("referral date"))
    interest_date = models.DateField(_("date they said they want to work"))
    referral_source = models.CharField(
        _("referral source"), max_length=30, choices=ReferralSource.choices, blank=True
    )
    referral_source_other = models.CharField(_("other referral source"), max_length=200, blank=True)
    referred_by_name = models.CharField(_("referred by"), max_length=200, blank=True)
    referred_by_contact = models.CharField(_("referrer's phone or e-mail"), max_length=200, blank=True)
    referred_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referral_channel = models.CharField(
        _("how the referral came"),
        max_length=20,
        choices=ReferralChannel.choices,
        default=ReferralChannel.STAFF,
    )
    referral_note = models.TextField(_("referral note"), blank=True)
    enrollment_date = models.DateField(_("enrollment date"), null=True, blank=True)
    employment_specialist = models.ForeignKey(
        "accounts.Membership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="caseload",
        verbose_name=_("employment specialist"),
    )
    treatment_team = models.ForeignKey(
        TreatmentTeam,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="job_seekers",
        verbose_name=_("treatment team"),
    )
    job_search_started_on = models.DateField(_("job search started on"), null=True, blank=True)
    closed_date = models.DateField(_("closed on"), null=True, blank=True)
    closure_reason = models.CharField(
        _("closure reason"), max_length=20, choices=ClosureReason.choices, blank=True
    )
    closure_note = models.TextField(_("closure note"), blank=True)
    previous_record = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("earlier record"),
    )

    program_path = "program"
    job_seeker_path = ""

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "ref"], name="job_seeker_ref_per_program"),
            models.CheckConstraint(
                condition=Q(enrollment_date__isnull=True) | Q(enrollment_date__gte=F("referral_date")),
                name="job_seeker_enrolled_after_referral",
            ),
            models.CheckConstraint(
                condition=Q(job_search_started_on__isnull=True)
                | Q(job_search_started_on__gte=F("enrollment_date")),
                name="job_seeker_search_after_enrollment",
            ),
            models.CheckConstraint(
                condition=(Q(closed_date__isnull=True) & Q(closure_reason=""))
                | (Q(closed_date__isnull=False) & ~Q(closure_reason="")),
                name="job_seeker_closed_date_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(closed_date__isnull=True)
                | (Q(enrollment_date__isnull=True) & Q(closed_date__gte=F("referral_date")))
                | (Q(enrollment_date__isnull=False) & Q(closed_date__gte=F("enrollment_date"))),
                name="job_seeker_closed_after_start",
            ),
            models.CheckConstraint(condition=~Q(previous_record=F("pk")), name="job_seeker_not_own_previous"),
        ]
        indexes = [
            models.Index(fields=["program", "referral_date"], name="job_seeker_program_referral"),
            models.Index(fields=["program", "last_name", "first_name"], name="job_seeker_program_name"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.first_name
        return f"{first} {self.last_name}".strip()


class PartnerKind(models.TextChoices):
    TREATMENT_TEAM = "treatment_team", _("Treatment team")
    VOCATIONAL_REHABILITATION = "vocational_rehabilitation", _("DVR (vocational rehabilitation)")
    BENEFITS_COUNSELOR = "benefits_counselor", _("Benefits counselor")
    FAMILY = "family", _("Family member")
    EMPLOYER_DISCLOSURE = "employer_disclosure", _("Employer (disclosure)")
    OTHER = "other", _("Other")


class ConsentScopeItem(models.TextChoices):
    EMPLOYMENT_PROGRESS = "employment_progress", _("Employment goals and progress")
    CAREER_PROFILE = "career_profile", _("Career profile")
    SERVICE_NOTES = "service_notes", _("Service notes")
    JOB_DETAILS = "job_details", _("Job details")
    BENEFITS = "benefits", _("Benefits information")
    HEALTH_CONDITION = "health_condition", _("Mental-health condition (to disclose)")
    TREATMENT_INFORMATION = "treatment_information", _("Treatment information")


class ConsentQuerySet(models.QuerySet):
    def active(self, on: datetime.date | None = None):
        """Consents in force on a day: started, not expired, not revoked on or before it."""
        on = on or timezone.localdate()
        return self.filter(start_date__lte=on, expiry_date__gte=on).filter(
            Q(revoked_at__isnull=True) | Q(revoked_at__date__gt=on)
        )


class Consent(TimeStampedModel):
    """A release of information the person signed: who may receive what, until when."""

    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.PROTECT, related_name="consents")
    partner_kind = models.CharField(_("partner"), max_length=30, choices=PartnerKind.choices)
    partner_name = models.CharField(_("named recipient"), max_length=200)
    scope_note = models.CharField(_("limits written on the form"), max_length=500, blank=True)
    covers_part2 = models.BooleanField(
        _("covers substance-use-disorder information (42 CFR Part 2)"), default=False
    )
    signed_on = models.DateField(_("signed on"))
    start_date = models.DateField(_("start date"))
    expiry_date = models.DateField(_("expiry date"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_note = models.CharField(_("revocation note"), max_length=500, blank=True)

    objects = ConsentQuerySet.as_manager()
    program_path = "job_seeker__program"
    job_seeker_path = "job_seeker"

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expiry_date__gte=F("start_date")), name="consent_expiry_after_start"
            ),
            models.CheckConstraint(
                condition=Q(signed_on__lte=F("start_date")), name="consent_signed_before_start"
            ),
        ]

    def __str__(self):
        return f"{self.get_partner_kind_display()}: {self.partner_name}"

    def is_active(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        revoked = self.revoked_at is not None and timezone.localtime(self.revoked_at).date() <= on
        return self.start_date <= on <= self.expiry_date and not revoked


class ConsentScope(models.Model):
    """One kind of information a consent releases (a child table, so the gate can filter in SQL)."""

    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="scopes")
    item = models.CharField(max_length=30, choices=ConsentScopeItem.choices)

    program_path = "consent__job_seeker__program"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["consent", "item"], name="consent_scope_unique")]

    def __str__(self):
        return self.get_item_display()


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("Phone")
    TEXT_MESSAGE = "text_message", _("Text message")
    EMAIL = "email", _("Email")
    LETTER = "letter", _("Letter")
    HOME_VISIT = "home_visit", _("Home visit")
    THROUGH_TREATMENT_TEAM = "through_treatment_team", _("Through the treatment team")
    OTHER = "other", _("Other")


class ContactOutcome(models.TextChoices):
    REACHED = "reached", _("Reached")
    LEFT_MESSAGE = "left_message", _("Left a message")
    NO_ANSWER = "no_answer", _("No answer")
    WRONG_CONTACT = "wrong_contact", _("Wrong number or address")
    OTHER = "other", _("Other")


class ReferralContactAttempt(TimeStampedModel):
    """An attempt to reach a referred person, or someone out of touch. Never a rejection."""

    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.PROTECT, related_name="contact_attempts")
    attempted_at = models.DateTimeField(_("when"))
    staff = models.ForeignKey(
        "accounts.Membership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("staff member"),
    )
    method = models.CharField(_("how"), max_length=30, choices=ContactMethod.choices)
    outcome = models.CharField(_("outcome"), max_length=20, choices=ContactOutcome.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)

    program_path = "job_seeker__program"
    job_seeker_path = "job_seeker"

    class Meta:
        ordering = ["-attempted_at", "-id"]

    def __str__(self):
        return f"{self.get_method_display()}: {self.get_outcome_display()}"


class CaseloadAssignment(TimeStampedModel):
    """Which employment specialist a job seeker had, and when: a transfer keeps the history."""

    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.PROTECT, related_name="caseload_assignments")
    employment_specialist = models.ForeignKey(
        "accounts.Membership",
        on_delete=models.PROTECT,
        related_name="caseload_assignments",
        verbose_name=_("employment specialist"),
    )
    from_date = models.DateField(_("from"))
    to_date = models.DateField(_("to"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    program_path = "job_seeker__program"
    job_seeker_path = "job_seeker"

    class Meta:
        ordering = ["-from_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_date__isnull=True) | Q(to_date__gte=F("from_date")),
                name="caseload_assignment_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["job_seeker"],
                condition=Q(to_date__isnull=True),
                name="caseload_assignment_one_open",
            ),
        ]

    def __str__(self):
        return f"{self.job_seeker} — {self.employment_specialist.user}"

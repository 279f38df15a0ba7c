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


class ClosureHistory(TimeStampedModel):
    """A closure that was undone: re-opening clears the record's closure and keeps it here."""

    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.PROTECT, related_name="closure_history")
    closed_date = models.DateField(_("closed on"))
    closure_reason = models.CharField(_("closure reason"), max_length=20, choices=ClosureReason.choices)
    closure_note = models.TextField(_("closure note"), blank=True)
    reopened_on = models.DateField(_("re-opened on"))
    reopen_note = models.CharField(_("why it was re-opened"), max_length=500, blank=True)

    program_path = "job_seeker__program"
    job_seeker_path = "job_seeker"

    class Meta:
        ordering = ["-reopened_on", "-id"]
        verbose_name_plural = "closure history"
        constraints = [
            models.CheckConstraint(
                condition=Q(reopened_on__gte=F("closed_date")), name="closure_history_reopened_after_closure"
            )
        ]

    def __str__(self):
        return f"{self.closed_date}: {self.get_closure_reason_display()}"


# --- Career profile -------------------------------------------------------------------------


class ProfileSource(models.TextChoices):
    JOB_SEEKER = "job_seeker", _("The person")
    TREATMENT_TEAM = "treatment_team", _("Treatment team")
    FAMILY = "family", _("Family")
    PAST_EMPLOYERS = "past_employers", _("Past employers")
    RECORDS = "records", _("Records (with consent)")


class Shift(models.TextChoices):
    DAY = "day", _("Days")
    EVENING = "evening", _("Evenings")
    NIGHT = "night", _("Nights")
    WEEKEND = "weekend", _("Weekends")
    FLEXIBLE = "flexible", _("Flexible")


class Transport(models.TextChoices):
    WALK = "walk", _("Walk")
    BIKE = "bike", _("Bike")
    PUBLIC_TRANSIT = "public_transit", _("Bus or public transit")
    OWN_VEHICLE = "own_vehicle", _("Own vehicle")
    RIDE = "ride", _("Rides from family or friends")
    PARATRANSIT = "paratransit", _("Paratransit")
    OTHER = "other", _("Other")


class SupportWanted(models.TextChoices):
    JOB_SEARCH = "job_search", _("Finding openings")
    APPLICATIONS = "applications", _("Applications and résumé")
    INTERVIEWS = "interviews", _("Interview practice")
    ES_TALKS_TO_EMPLOYERS = "es_talks_to_employers", _("ES speaks with employers")
    ON_THE_JOB = "on_the_job", _("Support once working")
    TRANSPORT = "transport", _("Getting to work")
    BENEFITS = "benefits", _("Benefits questions")
    EDUCATION = "education", _("School or training")
    OTHER = "other", _("Other")


class DisclosurePreference(models.TextChoices):
    WITH_DISCLOSURE = (
        "es_contact_with_disclosure",
        _("ES may contact employers and share my condition as agreed"),
    )
    WITHOUT_DISCLOSURE = (
        "es_contact_without_disclosure",
        _("ES may contact employers but not share my condition"),
    )
    NO_ES_CONTACT = "no_es_contact", _("ES does not contact employers about me")
    UNDECIDED = "undecided", _("Not decided yet")


class CareerProfile(VersionedModel):
    """What the person wants from work and brings to it, in their own words; every save a version."""

    job_seeker = models.OneToOneField(JobSeeker, on_delete=models.PROTECT, related_name="career_profile")
    first_completed_on = models.DateField(_("first completed on"), null=True, blank=True)
    last_reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    work_goal_own_words = models.TextField(_("work goal, in their own words"), blank=True)
    sources = models.JSONField(_("where this came from"), default=list, blank=True)
    job_types_wanted = models.JSONField(_("kinds of work wanted"), default=list, blank=True)
    job_types_avoided = models.JSONField(_("kinds of work to avoid"), default=list, blank=True)
    hours_min = models.PositiveSmallIntegerField(_("fewest hours a week"), null=True, blank=True)
    hours_max = models.PositiveSmallIntegerField(_("most hours a week"), null=True, blank=True)
    shifts = models.JSONField(_("shifts"), default=list, blank=True)
    locations = models.CharField(_("places"), max_length=300, blank=True)
    max_travel_minutes = models.PositiveSmallIntegerField(
        _("longest trip to work (minutes)"), null=True, blank=True
    )
    transport = models.JSONField(_("getting to work"), default=list, blank=True)
    wage_wanted = models.DecimalField(
        _("wage wanted (per hour)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    work_setting = models.TextField(_("work setting"), blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    skills = models.TextField(_("skills"), blank=True)
    interests = models.TextField(_("interests"), blank=True)
    supports_wanted = models.JSONField(_("supports wanted"), default=list, blank=True)
    disclosure_preference = models.CharField(
        _("disclosure preference"), max_length=40, choices=DisclosurePreference.choices, blank=True
    )
    disclosure_notes = models.TextField(_("disclosure notes"), blank=True)
    legal_history = models.TextField(_("relevant legal history"), blank=True)
    benefits_summary = models.CharField(_("benefits summary"), max_length=500, blank=True)

    program_path = "job_seeker__program"
    job_seeker_path = "job_seeker"
    consent_scope = "career_profile"

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_min__isnull=True) | Q(hours_min__gt=0, hours_min__lte=80),
                name="career_profile_hours_min_range",
            ),
            models.CheckConstraint(
                condition=Q(hours_max__isnull=True) | Q(hours_max__gt=0, hours_max__lte=80),
                name="career_profile_hours_max_range",
            ),
            models.CheckConstraint(
                condition=Q(hours_min__isnull=True)
                | Q(hours_max__isnull=True)
                | Q(hours_min__lte=F("hours_max")),
                name="career_profile_hours_min_le_max",
            ),
            models.CheckConstraint(
                condition=Q(max_travel_minutes__isnull=True) | Q(max_travel_minutes__lte=240),
                name="career_profile_travel_range",
            ),
            models.CheckConstraint(
                condition=Q(wage_wanted__isnull=True) | Q(wage_wanted__gte=0, wage_wanted__lte=500),
                name="career_profile_wage_range",
            ),
        ]

    def __str__(self):
        return f"{self.job_seeker} — career profile"


class WorkHistoryEntry(TimeStampedModel):
    """A job the person held before: what they liked, what they didn't, why it ended."""

    profile = models.ForeignKey(CareerProfile, on_delete=models.CASCADE, related_name="work_history")
    employer_name = models.CharField(_("employer"), max_length=200)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    started_on = models.DateField(_("started"), null=True, blank=True)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    hours_per_week = models.DecimalField(
        _("hours a week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    liked = models.TextField(_("what they liked"), blank=True)
    disliked = models.TextField(_("what they did not like"), blank=True)
    reason_left = models.CharField(_("why it ended"), max_length=300, blank=True)

    program_path = "profile__job_seeker__program"
    job_seeker_path = "profile__job_seeker"
    consent_scope = "career_profile"

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="work_history_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__isnull=True) | Q(hours_per_week__gt=0, hours_per_week__lte=80),
                name="work_history_hours_range",
            ),
        ]

    def __str__(self):
        return f"{self.job_title or '—'}, {self.employer_name}"


class EducationLevel(models.TextChoices):
    SOME_HIGH_SCHOOL = "some_high_school", _("Some high school")
    HIGH_SCHOOL_DIPLOMA = "high_school_diploma", _("High-school diploma")
    HIGH_SCHOOL_EQUIVALENCY = "high_school_equivalency", _("GED / HSED")
    SOME_COLLEGE = "some_college", _("Some college")
    ASSOCIATE = "associate", _("Associate degree")
    BACHELOR = "bachelor", _("Bachelor's degree")
    GRADUATE = "graduate", _("Graduate degree")
    VOCATIONAL_CERTIFICATE = "vocational_certificate", _("Vocational certificate")
    OTHER = "other", _("Other")


class EducationHistoryEntry(TimeStampedModel):
    """Schooling or training the person has had."""

    profile = models.ForeignKey(CareerProfile, on_delete=models.CASCADE, related_name="education_history")
    level = models.CharField(_("level"), max_length=30, choices=EducationLevel.choices)
    institution = models.CharField(_("school or institution"), max_length=200, blank=True)
    field = models.CharField(_("field of study"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    completed = models.BooleanField(_("completed"), default=False)

    program_path = "profile__job_seeker__program"
    job_seeker_path = "profile__job_seeker"
    consent_scope = "career_profile"

    class Meta:
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1930), name="education_history_year_from_1930"
            )
        ]

    def __str__(self):
        return self.get_level_display()


class CareerProfileVersion(models.Model):
    """One saved state of a career profile, never changed: the history of what the person said."""

    profile = models.ForeignKey(CareerProfile, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    saved_at = models.DateTimeField(_("saved at"), default=timezone.now)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    snapshot = models.JSONField(_("snapshot"))
    change_summary = models.CharField(_("what changed"), max_length=500, blank=True)

    program_path = "profile__job_seeker__program"
    job_seeker_path = "profile__job_seeker"
    consent_scope = "career_profile"

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "number"], name="career_profile_version_unique")
        ]

    def __str__(self):
        return f"{self.profile.job_seeker} — v{self.number}"


# --- Employment plan ------------------------------------------------------------------------


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    REPLACED = "replaced", _("Replaced by a newer plan")


class GoalKind(models.TextChoices):
    JOB = "job", _("Job")
    EDUCATION = "education", _("School or training")
    OTHER = "other", _("Other")


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACHIEVED = "achieved", _("Achieved")
    CHANGED = "changed", _("Changed by the person")


class StepResponsible(models.TextChoices):
    JOB_SEEKER = "job_seeker", _("Job seeker")
    EMPLOYMENT_SPECIALIST = "employment_specialist", _("ES")
    TREATMENT_TEAM = "treatment_team", _("Treatment team")
    VOCATIONAL_REHABILITATION = "vocational_rehabilitation", _("DVR")
    BENEFITS_COUNSELOR = "benefits_counselor", _("Benefits counselor")
    FAMILY = "family", _("Family")
    OTHER = "other", _("Other")


class StepStatus(models.TextChoices):
    TO_DO = "to_do", _("To do")
    IN_PROGRESS = "in_progress", _("Doing")
    DONE = "done", _("Done")
    CHANGED = "changed", _("Changed")


class EmploymentPlan(VersionedModel):
    """The plan for a job or school goal that the person agrees to; one active at a time."""

    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.PROTECT, related_name="employment_plans")
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    review_due_on = models.DateField(_("review due on"), null=True, blank=True)
    reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)

    program_path = "job_seeker__program"
    job_seeker_path = "job_seeker"
    consent_scope = "employment_progress"

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["job_seeker"], condition=Q(status="active"), name="employment_plan_one_active"
            ),
            models.CheckConstraint(
                condition=Q(review_due_on__isnull=True)
                | Q(agreed_on__isnull=True)
                | Q(review_due_on__gte=F("agreed_on")),
                name="employment_plan_review_after_agreement",
            ),
            models.CheckConstraint(
                condition=~Q(status="active") | Q(agreed_on__isnull=False),
                name="employment_plan_active_needs_agreement",
            ),
        ]
        indexes = [models.Index(fields=["status", "review_due_on"], name="employment_plan_review_due")]

    def __str__(self):
        return f"{self.job_seeker} — {self.get_status_display()}"


class EmploymentGoal(TimeStampedModel):
    """A goal of the plan, in the person's own words."""

    plan = models.ForeignKey(EmploymentPlan, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("goal"))
    kind = models.CharField(_("kind"), max_length=20, choices=GoalKind.choices, default=GoalKind.JOB)
    status = models.CharField(_("status"), max_length=20, choices=GoalStatus.choices, default=GoalStatus.OPEN)

    program_path = "plan__job_seeker__program"
    job_seeker_path = "plan__job_seeker"
    consent_scope = "employment_progress"

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.text[:80]


class PlanStep(TimeStampedModel):
    """A step toward a goal: who does it, by when, and whether it is done."""

    goal = models.ForeignKey(EmploymentGoal, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("step"))
    responsible = models.CharField(
        _("who does it"), max_length=30, choices=StepResponsible.choices, default=StepResponsible.JOB_SEEKER
    )
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=StepStatus.choices, default=StepStatus.TO_DO
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)

    program_path = "goal__plan__job_seeker__program"
    job_seeker_path = "goal__plan__job_seeker"
    consent_scope = "employment_progress"

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="done") & Q(done_on__isnull=False))
                | (~Q(status="done") & Q(done_on__isnull=True)),
                name="plan_step_done_with_date",
            )
        ]
        indexes = [models.Index(fields=["status", "target_date"], name="plan_step_target")]

    def __str__(self):
        return self.text[:80]


# --- Service notes --------------------------------------------------------------------------


class NoteKind(models.TextChoices):
    MEETING_JOB_SEEKER = "meeting_job_seeker", _("Meeting with the job seeker")
    EMPLOYER_CONTACT = "employer_contact", _("Employer contact")
    TREATMENT_TEAM = "treatment_team", _("Treatment team")
    BENEFITS = "benefits", _("Benefits")
    FOLLOW_ALONG = "follow_along", _("Follow-along support")
    FAMILY = "family", _("Family")
    OTHER = "other", _("Other")


class NoteLocation(models.TextChoices):
    COMMUNITY = "community", _("In the community")
    OFFICE = "office", _("In the office")


class NoteMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")
    MESSAGE = "message", _("Text or e-mail")


# How long the writer may still change a note; after it, only an addendum.
NOTE_EDIT_WINDOW = datetime.timedelta(hours=24)


class ServiceNote(VersionedModel):
    """A contact with or about a job seeker. A legal record: editable for 24 hours, then addenda only."""

    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.PROTECT, related_name="service_notes")
    program = models.ForeignKey("accounts.Program", on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    staff = models.ForeignKey(
        "accounts.Membership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_notes",
        verbose_name=_("written by"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NoteKind.choices)
    location = models.CharField(_("place"), max_length=20, choices=NoteLocation.choices)
    mode = models.CharField(_("how"), max_length=20, choices=NoteMode.choices, default=NoteMode.IN_PERSON)
    minutes = models.PositiveSmallIntegerField(_("minutes"), null=True, blank=True)
    text = models.TextField(_("note"))
    # The job a follow-along note is about (the jobs app sits above people; the link is by name).
    job = models.ForeignKey(
        "jobs.Job",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_notes",
        verbose_name=_("job"),
    )
    contains_part2 = models.BooleanField(
        _("contains substance-use-disorder information (42 CFR Part 2)"), default=False
    )
    locked_at = models.DateTimeField(_("locked at"))

    program_path = "program"
    job_seeker_path = "job_seeker"
    consent_scope = "service_notes"
    part2_field = "contains_part2"

    class Meta:
        ordering = ["-date", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__isnull=True) | Q(minutes__gte=1, minutes__lte=720),
                name="service_note_minutes_range",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="service_note_text_not_blank"),
        ]
        indexes = [
            models.Index(fields=["program", "date"], name="service_note_program_date"),
            models.Index(fields=["job_seeker", "date"], name="service_note_person_date"),
        ]

    def __str__(self):
        return f"{self.date}: {self.get_kind_display()}"

    def is_locked(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.locked_at


class NoteAddendum(models.Model):
    """Something added to a locked note; never edited."""

    note = models.ForeignKey(ServiceNote, on_delete=models.PROTECT, related_name="addenda")
    text = models.TextField(_("addendum"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("added at"), default=timezone.now)
    contains_part2 = models.BooleanField(
        _("contains substance-use-disorder information (42 CFR Part 2)"), default=False
    )

    program_path = "note__program"
    job_seeker_path = "note__job_seeker"
    consent_scope = "service_notes"
    part2_field = "contains_part2"

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "addenda"
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="note_addendum_text_not_blank")]

    def __str__(self):
        return f"{self.note} — addendum"


# --- The public "I want to work" page -------------------------------------------------------


class SubmissionStatus(models.TextChoices):
    NEW = "new", _("New")
    REFERRAL_MADE = "referral_made", _("Referral made")
    NOT_A_PERSON = "not_a_person", _("Spam or test entry")


class FilterReason(models.TextChoices):
    """Why a submission went to the inbox's "filtered" list. It is kept there, never discarded."""

    HONEYPOT = "honeypot", _("A hidden field that people do not see was filled in")
    TOO_FAST = "too_fast", _("Sent within seconds of opening the page")
    STALE = "stale", _("Sent more than a day after opening the page")
    NO_TOKEN = "no_token", _("The page's check code was missing or altered")


class PublicReferralSubmission(TimeStampedModel):
    """What the "I want to work" page received, before staff see it. Never discarded automatically."""

    program = models.ForeignKey(
        "accounts.Program", on_delete=models.PROTECT, related_name="public_submissions"
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=35, default="en")
    contact_preference = models.CharField(
        _("how to reach them"), max_length=30, choices=ContactPreference.choices, blank=True
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.NEW
    )
    job_seeker = models.ForeignKey(
        JobSeeker, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("record")
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Flood and bot protection without a third party. The client's address is never stored: only
    # a keyed hash of it, enough to count one client's submissions in the last hour.
    client_hash = models.CharField(_("client fingerprint"), max_length=64, blank=True)
    suspected_bot = models.BooleanField(_("filtered as a possible bot"), default=False)
    filter_reason = models.CharField(
        _("why it was filtered"), max_length=20, choices=FilterReason.choices, blank=True
    )

    program_path = "program"

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="referral_made") & Q(job_seeker__isnull=False))
                | (~Q(status="referral_made") & Q(job_seeker__isnull=True)),
                name="public_submission_job_seeker_iff_referred",
            ),
            models.CheckConstraint(
                condition=(Q(suspected_bot=True) & ~Q(filter_reason=""))
                | (Q(suspected_bot=False) & Q(filter_reason="")),
                name="public_submission_filter_reason_iff_suspected",
            ),
        ]
        indexes = [
            models.Index(fields=["program", "status", "received_at"], name="public_submission_inbox"),
            models.Index(fields=["client_hash", "received_at"], name="public_submission_client"),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name} ({self.received_at:%Y-%m-%d})"

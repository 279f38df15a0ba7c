"""Businesses the program knows, the people met there, contacts, openings and matches.

Field lists follow shared/domain/records.md ("Employers and job development"). Employers are kept
per program, never shared between programs.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel, VersionedModel


class Relationship(models.TextChoices):
    PROSPECT = "prospect", _("Not yet met")
    GETTING_TO_KNOW = "getting_to_know", _("Getting to know")
    HIRING_PARTNER = "hiring_partner", _("Has hired or talks with us regularly")
    INACTIVE = "inactive", _("Inactive")


class Employer(VersionedModel):
    """A business the program knows; kept per program."""

    program = models.ForeignKey("accounts.Program", on_delete=models.PROTECT, related_name="employers")
    ref = models.CharField(_("reference"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    industry = models.CharField(_("industry"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=2, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    business_needs = models.TextField(_("business needs"), blank=True)
    hiring_preferences = models.TextField(_("hiring preferences"), blank=True)
    relationship = models.CharField(
        _("relationship"), max_length=20, choices=Relationship.choices, default=Relationship.PROSPECT
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
        verbose_name=_("merged into"),
    )

    program_path = "program"

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "ref"], name="employer_ref_per_program"),
            models.CheckConstraint(condition=~Q(merged_into=F("pk")), name="employer_not_merged_into_itself"),
        ]
        indexes = [models.Index(fields=["program", "name"], name="employer_program_name")]

    def __str__(self):
        return self.name


class EmployerLocation(TimeStampedModel):
    """One of a business's places of work."""

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="locations")
    label = models.CharField(_("label"), max_length=100)
    address = models.CharField(_("address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=2, blank=True)
    postal_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    program_path = "employer__program"

    class Meta:
        ordering = ["label", "id"]

    def __str__(self):
        return self.label


class PersonRole(models.TextChoices):
    HIRING_MANAGER = "hiring_manager", _("Hiring manager")
    OWNER = "owner", _("Owner")
    SUPERVISOR = "supervisor", _("Supervisor")
    HUMAN_RESOURCES = "human_resources", _("Human resources")
    OTHER = "other", _("Other")


class EmployerPerson(TimeStampedModel):
    """A hiring manager, or anyone met at a business."""

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="people")
    name = models.CharField(_("name"), max_length=200)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    role = models.CharField(
        _("role"), max_length=20, choices=PersonRole.choices, default=PersonRole.HIRING_MANAGER
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    program_path = "employer__program"

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class ContactPurpose(models.TextChoices):
    LEARN_BUSINESS = "learn_business", _("Learn about the business")
    JOB_SEEKER_INTRODUCTION = "job_seeker_introduction", _("Introduce a job seeker")
    FOLLOW_UP = "follow_up", _("Follow-up")
    SUPPORT_ON_JOB = "support_on_job", _("Support on the job")
    OTHER = "other", _("Other")


class EmployerContact(VersionedModel):
    """A contact between IPS staff and a business. Face-to-face job development is what fidelity counts."""

    program = models.ForeignKey(
        "accounts.Program", on_delete=models.PROTECT, related_name="employer_contacts"
    )
    date = models.DateField(_("date"))
    staff = models.ForeignKey(
        "accounts.Membership",
        on_delete=models.PROTECT,
        related_name="employer_contacts",
        verbose_name=_("staff member"),
    )
    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("business")
    )
    person_met = models.ForeignKey(
        EmployerPerson,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("person met"),
    )
    face_to_face = models.BooleanField(_("face to face"), default=True)
    purpose = models.CharField(_("purpose"), max_length=30, choices=ContactPurpose.choices)
    job_seekers = models.ManyToManyField(
        "people.JobSeeker", through="EmployerContactJobSeeker", blank=True, related_name="employer_contacts"
    )
    outcome = models.CharField(_("outcome"), max_length=500, blank=True)
    next_step = models.CharField(_("next step"), max_length=500, blank=True)
    next_step_on = models.DateField(_("next step on"), null=True, blank=True)

    program_path = "program"

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_step_on__isnull=True) | Q(next_step_on__gte=F("date")),
                name="employer_contact_next_step_after_date",
            )
        ]
        indexes = [
            models.Index(fields=["program", "date"], name="employer_contact_program_date"),
            models.Index(fields=["staff", "date"], name="employer_contact_staff_date"),
        ]

    def __str__(self):
        return f"{self.date}: {self.employer}"

    @property
    def is_job_development(self) -> bool:
        """Face-to-face and not on-the-job support: what fidelity and the rapid-search clock count."""
        return self.face_to_face and self.purpose != ContactPurpose.SUPPORT_ON_JOB


class EmployerContactJobSeeker(models.Model):
    """A job seeker a contact was for, and whether they were there."""

    contact = models.ForeignKey(EmployerContact, on_delete=models.CASCADE, related_name="for_job_seekers")
    job_seeker = models.ForeignKey("people.JobSeeker", on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField(_("was there"), default=False)

    program_path = "contact__program"
    job_seeker_path = "job_seeker"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "job_seeker"], name="employer_contact_job_seeker_unique"
            )
        ]

    def __str__(self):
        return f"{self.contact} — {self.job_seeker}"


class OpeningStatus(models.TextChoices):
    OPEN = "open", _("Open")
    FILLED = "filled", _("Filled")
    CLOSED = "closed", _("Closed")


class Opening(VersionedModel):
    """A job a business has or expects."""

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="openings")
    program = models.ForeignKey("accounts.Program", on_delete=models.PROTECT, related_name="openings")
    title = models.CharField(_("title"), max_length=200)
    job_type = models.CharField(_("kind of work"), max_length=100, blank=True)
    hours_min = models.DecimalField(
        _("fewest hours a week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    hours_max = models.DecimalField(
        _("most hours a week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    hourly_wage_min = models.DecimalField(
        _("lowest hourly wage"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    hourly_wage_max = models.DecimalField(
        _("highest hourly wage"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    shifts = models.JSONField(_("shifts"), default=list, blank=True)
    location = models.ForeignKey(
        EmployerLocation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="openings",
        verbose_name=_("place"),
    )
    requirements = models.TextField(_("requirements"), blank=True)
    learned_on = models.DateField(_("learned of it on"))
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=OpeningStatus.choices, default=OpeningStatus.OPEN
    )

    program_path = "program"

    class Meta:
        ordering = ["-learned_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_min__isnull=True) | Q(hours_min__gt=0, hours_min__lte=80),
                name="opening_hours_min_range",
            ),
            models.CheckConstraint(
                condition=Q(hours_max__isnull=True) | Q(hours_max__gt=0, hours_max__lte=80),
                name="opening_hours_max_range",
            ),
            models.CheckConstraint(
                condition=Q(hours_min__isnull=True)
                | Q(hours_max__isnull=True)
                | Q(hours_min__lte=F("hours_max")),
                name="opening_hours_min_le_max",
            ),
            models.CheckConstraint(
                condition=Q(hourly_wage_min__isnull=True)
                | Q(hourly_wage_min__gte=0, hourly_wage_min__lte=500),
                name="opening_wage_min_range",
            ),
            models.CheckConstraint(
                condition=Q(hourly_wage_max__isnull=True)
                | Q(hourly_wage_max__gte=0, hourly_wage_max__lte=500),
                name="opening_wage_max_range",
            ),
            models.CheckConstraint(
                condition=Q(hourly_wage_min__isnull=True)
                | Q(hourly_wage_max__isnull=True)
                | Q(hourly_wage_min__lte=F("hourly_wage_max")),
                name="opening_wage_min_le_max",
            ),
            models.CheckConstraint(
                condition=Q(closes_on__isnull=True) | Q(closes_on__gte=F("learned_on")),
                name="opening_closes_after_learned",
            ),
        ]
        indexes = [models.Index(fields=["program", "status"], name="opening_program_status")]

    def __str__(self):
        return f"{self.title} — {self.employer}"


class MatchStatus(models.TextChoices):
    DISCUSSED = "discussed", _("Discussed with the job seeker")
    INTRODUCED = "introduced", _("Introduced to the employer")
    INTERVIEWED = "interviewed", _("Interviewed")
    HIRED = "hired", _("Hired")
    NOT_HIRED = "not_hired", _("Not hired")
    NOT_PURSUED = "not_pursued", _("Job seeker chose not to apply")


class OpeningMatch(TimeStampedModel):
    """What happened once the ES put a job seeker forward for an opening."""

    opening = models.ForeignKey(Opening, on_delete=models.PROTECT, related_name="matches")
    job_seeker = models.ForeignKey(
        "people.JobSeeker", on_delete=models.PROTECT, related_name="opening_matches"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MatchStatus.choices, default=MatchStatus.DISCUSSED
    )
    note = models.TextField(_("note"), blank=True)

    program_path = "opening__program"
    job_seeker_path = "job_seeker"
    consent_scope = "employment_progress"

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["opening", "job_seeker"], name="opening_match_unique")]

    def __str__(self):
        return f"{self.opening} — {self.job_seeker}"

"""Jobs people hold (the job start and its ending), the minimum-wage table, and education.

Field lists and the competitive-integrated rule follow shared/domain/records.md ("Jobs, education,
follow-along") and interchange.md (jobs.csv).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel, VersionedModel


class Jurisdiction(models.TextChoices):
    FEDERAL = "federal", _("Federal")
    STATE = "state", _("State")
    LOCALITY = "locality", _("City or county")


class MinimumWage(TimeStampedModel):
    """The legal hourly minimum by jurisdiction and date (the regular, not the tipped, minimum)."""

    jurisdiction = models.CharField(_("jurisdiction"), max_length=20, choices=Jurisdiction.choices)
    state = models.CharField(_("state"), max_length=2, blank=True)
    locality = models.CharField(_("city or county"), max_length=100, blank=True)
    effective_from = models.DateField(_("in force from"))
    hourly_rate = models.DecimalField(_("hourly rate"), max_digits=9, decimal_places=2)
    source = models.CharField(_("source (law or notice)"), max_length=300)

    class Meta:
        ordering = ["jurisdiction", "state", "locality", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "state", "locality", "effective_from"], name="minimum_wage_unique"
            ),
            models.CheckConstraint(condition=Q(hourly_rate__gt=0), name="minimum_wage_positive"),
            models.CheckConstraint(
                condition=(Q(jurisdiction="federal") & Q(state=""))
                | (~Q(jurisdiction="federal") & ~Q(state="")),
                name="minimum_wage_state_iff_not_federal",
            ),
            models.CheckConstraint(
                condition=(Q(jurisdiction="locality") & ~Q(locality=""))
                | (~Q(jurisdiction="locality") & Q(locality="")),
                name="minimum_wage_locality_iff_locality",
            ),
        ]

    def __str__(self):
        where = self.locality or self.state or self.get_jurisdiction_display()
        return f"{where}: ${self.hourly_rate} from {self.effective_from}"


class Disclosure(models.TextChoices):
    DISCLOSED_BY_ES = "disclosed_by_es", _("ES told the employer")
    DISCLOSED_BY_WORKER = "disclosed_by_worker", _("Worker told the employer")
    NOT_DISCLOSED = "not_disclosed", _("Not disclosed")
    UNKNOWN = "unknown", _("Don't know")


class HowFound(models.TextChoices):
    ES_EMPLOYER_CONTACT = "es_employer_contact", _("Through the ES's relationship with the business")
    ES_JOB_LEAD = "es_job_lead", _("ES found the opening, person applied")
    OWN_SEARCH = "own_search", _("Person's own search")
    FAMILY_OR_FRIENDS = "family_or_friends", _("Family or friends")
    VOCATIONAL_REHABILITATION = "vocational_rehabilitation", _("DVR")
    TREATMENT_TEAM = "treatment_team", _("Treatment team")
    PREVIOUS_EMPLOYER = "previous_employer", _("Back to a previous employer")
    OWN_BUSINESS = "own_business", _("Started own business")
    OTHER = "other", _("Other")


class NotCompetitiveBecause(models.TextChoices):
    BELOW_MINIMUM_WAGE = "below_minimum_wage", _("Pays less than the minimum wage")
    PAYS_LESS_THAN_COWORKERS = "pays_less_than_coworkers", _("Pays less than coworkers doing similar work")
    NOT_OPEN_TO_ANYONE = (
        "not_open_to_anyone",
        _("Not open to anyone (set aside for people with disabilities)"),
    )
    AGENCY_TIME_LIMIT = "agency_time_limit", _("An agency set an end date")
    INFORMATION_MISSING = "information_missing", _("Information missing")


class EndReason(models.TextChoices):
    QUIT_WITH_PLAN = "quit_with_plan", _("Quit with a plan")
    QUIT_WITHOUT_PLAN = "quit_without_plan", _("Quit without a plan")
    FIRED = "fired", _("Fired")
    LAID_OFF = "laid_off", _("Laid off")
    TEMPORARY_JOB_ENDED = "temporary_job_ended", _("Temporary job ended")
    OTHER = "other", _("Other")


class Job(VersionedModel):
    """A job a person holds: the job start and, later, its ending."""

    job_seeker = models.ForeignKey("people.JobSeeker", on_delete=models.PROTECT, related_name="jobs")
    program = models.ForeignKey("accounts.Program", on_delete=models.PROTECT, related_name="+")
    ref = models.CharField(_("reference"), max_length=40)
    employer = models.ForeignKey(
        "employers.Employer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="jobs",
        verbose_name=_("employer"),
    )
    employer_name = models.CharField(_("employer name"), max_length=200, blank=True)
    opening = models.ForeignKey(
        "employers.Opening",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="jobs",
        verbose_name=_("opening"),
    )
    title = models.CharField(_("job title"), max_length=200)
    start_date = models.DateField(_("start date"))
    hours_per_week = models.DecimalField(
        _("hours a week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    hourly_wage = models.DecimalField(_("hourly wage"), max_digits=9, decimal_places=2, null=True, blank=True)
    pays_same_as_coworkers = models.BooleanField(_("pays the same as coworkers"), null=True, blank=True)
    open_to_anyone = models.BooleanField(_("open to anyone"), null=True, blank=True)
    agency_time_limit = models.BooleanField(_("an agency set an end date"), null=True, blank=True)
    self_employment = models.BooleanField(_("self-employment"), default=False)
    found_with_ips = models.BooleanField(_("found with IPS"), default=True)
    disclosure_to_employer = models.CharField(
        _("disclosure to the employer"), max_length=30, choices=Disclosure.choices, blank=True
    )
    how_found = models.CharField(
        _("how the job was found"), max_length=30, choices=HowFound.choices, blank=True
    )
    competitive_integrated = models.BooleanField(_("competitive integrated"), default=False)
    applicable_minimum_wage = models.DecimalField(
        _("applicable minimum wage"), max_digits=9, decimal_places=2
    )
    not_competitive_because = models.JSONField(_("not competitive because"), default=list, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=30, choices=EndReason.choices, blank=True)
    end_note = models.TextField(_("what they learned, what they want next"), blank=True)

    program_path = "program"
    job_seeker_path = "job_seeker"
    consent_scope = "job_details"

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "ref"], name="job_ref_per_program"),
            models.CheckConstraint(
                condition=(Q(employer__isnull=False) & Q(employer_name=""))
                | (Q(employer__isnull=True) & ~Q(employer_name="")),
                name="job_employer_xor_name",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__isnull=True) | Q(hours_per_week__gt=0, hours_per_week__lte=80),
                name="job_hours_range",
            ),
            models.CheckConstraint(
                condition=Q(hourly_wage__isnull=True) | Q(hourly_wage__gte=0, hourly_wage__lte=500),
                name="job_wage_range",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="job_ends_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(end_date__isnull=True) & Q(end_reason=""))
                | (Q(end_date__isnull=False) & ~Q(end_reason="")),
                name="job_end_date_with_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["program", "start_date"], name="job_program_start"),
            models.Index(fields=["job_seeker", "start_date"], name="job_person_start"),
        ]

    def __str__(self):
        return f"{self.title}, {self.employer or self.employer_name}"

    @property
    def employer_label(self) -> str:
        return self.employer.name if self.employer_id else self.employer_name


class EducationKind(models.TextChoices):
    HIGH_SCHOOL_EQUIVALENCY = "high_school_equivalency", _("High-school equivalency (GED / HSED)")
    COLLEGE = "college", _("College")
    VOCATIONAL_TRAINING = "vocational_training", _("Vocational training")
    OTHER = "other", _("Other")


class EducationEnrollment(VersionedModel):
    """School or training during IPS, counted in the person's phase and in outcomes."""

    job_seeker = models.ForeignKey(
        "people.JobSeeker", on_delete=models.PROTECT, related_name="education_enrollments"
    )
    program = models.ForeignKey("accounts.Program", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=30, choices=EducationKind.choices)
    name = models.CharField(_("school or program"), max_length=200)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    completed = models.BooleanField(_("completed"), default=False)
    credential = models.CharField(_("credential"), max_length=200, blank=True)

    program_path = "program"
    job_seeker_path = "job_seeker"
    consent_scope = "employment_progress"

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="education_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(completed=False) | Q(end_date__isnull=False), name="education_completed_needs_end"
            ),
        ]
        indexes = [models.Index(fields=["program", "start_date"], name="education_program_start")]

    def __str__(self):
        return self.name

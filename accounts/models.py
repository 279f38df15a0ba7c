"""Who works in IPS: users, agencies, programs (IPS sites) and the roles people hold in them."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length, Lower
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel, VersionedModel

from .roles import PROGRAM_ROLES, STAFF_ROLES, STATE_ROLES, Role


class Language(models.TextChoices):
    EN = "en", _("English")
    ES = "es", _("Spanish")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user


class User(AbstractBaseUser, PermissionsMixin, TimeStampedModel):
    """A person who signs in. No role lives on the user: roles are memberships."""

    email = models.EmailField(_("e-mail"), max_length=254, unique=True)
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, default=Language.EN)
    is_active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email

    @property
    def is_staff(self):
        # OpenIPS has no Django admin site: everything goes through its own pages and the gate.
        return False


class AgencyKind(models.TextChoices):
    COUNTY = "county_agency", _("County human or mental-health services")
    TRIBAL = "tribal_agency", _("Tribal health or social services")
    VOCATIONAL = "vocational_provider", _("Vocational services provider")
    OTHER = "other", _("Other")


state_code_validator = RegexValidator(r"^[A-Z]{2}$", _("Use the two-letter postal code, like WI."))


class Agency(TimeStampedModel):
    """An organization that runs IPS: a county or tribal agency, or a vocational provider."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=AgencyKind.choices)
    state = models.CharField(_("state"), max_length=2, validators=[state_code_validator])
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("agencies")
        constraints = [
            models.UniqueConstraint(fields=["name", "state"], name="agency_name_state_unique"),
            models.CheckConstraint(condition=Exact(Length("state"), 2), name="agency_state_len_2"),
        ]

    def __str__(self):
        return self.name


class AreaKind(models.TextChoices):
    COUNTY = "county", _("County")
    TRIBAL_NATION = "tribal_nation", _("Tribal nation")


class ServiceArea(models.Model):
    """A county or tribal nation: the unit the state counts when it says where IPS is offered."""

    kind = models.CharField(_("kind"), max_length=20, choices=AreaKind.choices)
    name = models.CharField(_("name"), max_length=100)
    state = models.CharField(_("state"), max_length=2, validators=[state_code_validator])
    fips_code = models.CharField(_("FIPS code"), max_length=5, blank=True)

    class Meta:
        ordering = ["state", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["state", "kind", "name"], name="service_area_unique"),
        ]

    def __str__(self):
        return self.name


class ProgramStatus(models.TextChoices):
    PLANNING = "planning", _("Planning (onboarding)")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")


slug_validator = RegexValidator(r"^[a-z0-9-]+$", _("Use only lower-case letters, digits and hyphens."))


class Program(VersionedModel):
    """An IPS site: one IPS unit, run by one agency, serving named counties or tribal nations."""

    slug = models.CharField(_("short name"), max_length=50, unique=True, validators=[slug_validator])
    name = models.CharField(_("name"), max_length=200)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="programs", verbose_name=_("agency")
    )
    state = models.CharField(_("state"), max_length=2, validators=[state_code_validator])
    areas = models.ManyToManyField(
        ServiceArea,
        through="ProgramArea",
        related_name="programs",
        blank=True,
        verbose_name=_("counties or tribal nations"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProgramStatus.choices, default=ProgramStatus.PLANNING
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    closed_date = models.DateField(_("closed on"), null=True, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=50, default=settings.TIME_ZONE)
    wage_locality = models.CharField(_("minimum-wage locality"), max_length=100, blank=True)
    meeting_gap_days = models.PositiveSmallIntegerField(
        _("days without a meeting before the worklist flags it"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    treatment_savings_per_year = models.DecimalField(
        _("treatment savings per steady worker per year"),
        max_digits=9,
        decimal_places=2,
        default=16000,
    )
    listed_publicly = models.BooleanField(_("listed in the public directory"), default=False)
    public_phone = models.CharField(_("public phone"), max_length=40, blank=True)
    public_email = models.EmailField(_("public e-mail"), blank=True)
    how_to_start = models.TextField(_("how to start"), blank=True)
    self_referral_open = models.BooleanField(_("self-referral page open"), default=False)

    program_path = ""

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="planning") | Q(start_date__isnull=False),
                name="program_start_date_unless_planning",
            ),
            models.CheckConstraint(
                condition=(Q(status="closed") & Q(closed_date__isnull=False))
                | (~Q(status="closed") & Q(closed_date__isnull=True)),
                name="program_closed_date_iff_closed",
            ),
            models.CheckConstraint(
                condition=Q(closed_date__isnull=True) | Q(closed_date__gte=models.F("start_date")),
                name="program_closed_after_start",
            ),
            models.CheckConstraint(
                condition=Q(meeting_gap_days__gte=1) & Q(meeting_gap_days__lte=90),
                name="program_meeting_gap_1_90",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def primary_area(self):
        link = next((a for a in self.programarea_set.all() if a.is_primary), None)
        return link.area if link else None


class ProgramArea(models.Model):
    """A county or tribal nation a program serves; exactly one is its primary area."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE)
    area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT)
    is_primary = models.BooleanField(default=False)

    program_path = "program"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "area"], name="program_area_unique"),
            models.UniqueConstraint(
                fields=["program"], condition=Q(is_primary=True), name="program_one_primary_area"
            ),
        ]

    def __str__(self):
        return f"{self.program} — {self.area}"


class MembershipQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(
            Q(start_date__lte=on),
            Q(end_date__isnull=True) | Q(end_date__gte=on),
            user__is_active=True,
        )


class Membership(TimeStampedModel):
    """A role a user holds in one program, or state-wide, for a period; for staff also their post."""

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("user")
    )
    program = models.ForeignKey(
        Program,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("program"),
    )
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    ref = models.CharField(_("staff ref"), max_length=40, blank=True)
    fte = models.DecimalField(
        _("FTE"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0.01), MaxValueValidator(1)],
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()
    program_path = "program"

    class Meta:
        ordering = ["program__name", "role", "start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "program", "role", "start_date"], name="membership_unique_period"
            ),
            models.UniqueConstraint(
                fields=["program", "ref"], condition=~Q(ref=""), name="membership_ref_per_program"
            ),
            models.CheckConstraint(
                condition=(Q(role__in=sorted(r.value for r in PROGRAM_ROLES)) & Q(program__isnull=False))
                | (Q(role__in=sorted(r.value for r in STATE_ROLES)) & Q(program__isnull=True)),
                name="membership_program_iff_program_role",
            ),
            models.CheckConstraint(
                condition=(Q(role__in=sorted(r.value for r in STAFF_ROLES)) & Q(fte__gt=0) & Q(fte__lte=1))
                | (~Q(role__in=sorted(r.value for r in STAFF_ROLES)) & Q(fte__isnull=True)),
                name="membership_fte_iff_staff",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["user", "start_date"], name="membership_user_start")]

    def __str__(self):
        where = self.program.name if self.program_id else _("state-wide")
        return f"{self.user} — {self.get_role_display()} ({where})"

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)


class Invitation(TimeStampedModel):
    """A single-use link that lets a person set a password and enroll MFA."""

    email = models.EmailField(_("e-mail"))
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    program = models.ForeignKey(
        Program,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invitations",
        verbose_name=_("program"),
    )
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    fte = models.DecimalField(_("FTE"), max_digits=3, decimal_places=2, null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="invitations_sent", null=True, blank=True
    )
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="invitations", null=True, blank=True
    )

    program_path = "program"

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} ({self.get_role_display()})"

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()

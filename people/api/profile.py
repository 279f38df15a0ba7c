"""API: a person's career profile, through the same gate and service as the pages.

One profile per job seeker, at `/api/v1/job-seekers/<id>/career-profile/`. GET reads it; PUT or
PATCH with the `version` the caller read saves it (version 0 starts it), and each save is kept as
a version. Work history and education come with the profile, read-only here. A partner with a
consent that covers the career profile reads it without `legal_history`.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import access, roles
from core import audit
from core.models import AuditAction

from ..models import (
    CareerProfile,
    DisclosurePreference,
    EducationHistoryEntry,
    JobSeeker,
    ProfileSource,
    Shift,
    SupportWanted,
    Transport,
    WorkHistoryEntry,
)
from ..selectors import profile as selectors
from ..services import profile as services

_FIELD_ERRORS = OpenApiResponse(
    description="Bad input or a stale version: {field: [messages]}; nothing was saved."
)
VIEW = roles.Action.JOB_SEEKER_VIEW
EDIT = roles.Action.JOB_SEEKER_EDIT


class WorkHistoryEntrySerializer(serializers.ModelSerializer):
    """A job the person held before."""

    class Meta:
        model = WorkHistoryEntry
        fields = ["id", *services.WORK_HISTORY_FIELDS]
        read_only_fields = fields


class EducationHistoryEntrySerializer(serializers.ModelSerializer):
    """Schooling or training the person has had."""

    class Meta:
        model = EducationHistoryEntry
        fields = ["id", *services.EDUCATION_HISTORY_FIELDS]
        read_only_fields = fields


def _choices(choices, help_text):
    return serializers.ListField(
        child=serializers.ChoiceField(choices=choices), required=False, help_text=help_text
    )


def _job_types(help_text):
    return serializers.ListField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=False),
        required=False,
        help_text=help_text,
    )


def _text(help_text=""):
    return serializers.CharField(required=False, allow_blank=True, trim_whitespace=False, help_text=help_text)


class CareerProfileSerializer(serializers.Serializer):
    """What the person wants from work and brings to it, in their own words."""

    job_seeker = serializers.IntegerField(source="job_seeker_id", read_only=True)
    version = serializers.IntegerField(
        min_value=0,
        help_text="The version the caller read; 0 to start a profile. A stale version is refused (400).",
    )
    saved_at = serializers.DateTimeField(source="updated_at", read_only=True)
    first_completed_on = serializers.DateField(
        required=False, allow_null=True, help_text="Not before enrollment, not in the future."
    )
    last_reviewed_on = serializers.DateField(required=False, allow_null=True, help_text="Not in the future.")
    work_goal_own_words = _text("The work goal as the person said it.")
    sources = _choices(ProfileSource.choices, "Where the information came from; no repeats.")
    job_types_wanted = _job_types("Kinds of work wanted, e.g. “line cook”; short, not blank, no repeats.")
    job_types_avoided = _job_types("Kinds of work to avoid; short, not blank, no repeats.")
    hours_min = serializers.IntegerField(
        required=False, allow_null=True, help_text="Fewest hours a week: 1 to 80, ≤ hours_max."
    )
    hours_max = serializers.IntegerField(
        required=False, allow_null=True, help_text="Most hours a week: 1 to 80."
    )
    shifts = _choices(Shift.choices, "Shifts they can work; no repeats.")
    locations = _text("Towns, neighborhoods, bus routes (up to 300 characters).")
    max_travel_minutes = serializers.IntegerField(
        required=False, allow_null=True, help_text="Longest trip to work, 0 to 240 minutes."
    )
    transport = _choices(Transport.choices, "How they can get to work; no repeats.")
    wage_wanted = serializers.DecimalField(
        max_digits=9,
        decimal_places=2,
        required=False,
        allow_null=True,
        help_text="US dollars an hour, 0 to 500.",
    )
    work_setting = _text()
    strengths = _text()
    skills = _text()
    interests = _text()
    supports_wanted = _choices(SupportWanted.choices, "Supports they want; no repeats.")
    disclosure_preference = serializers.ChoiceField(
        choices=DisclosurePreference.choices,
        required=False,
        allow_blank=True,
        help_text="Needed on every save (`undecided` is a choice).",
    )
    disclosure_notes = _text()
    legal_history = _text(
        "Only what the person chooses to share for the job search. Never sent to partner roles."
    )
    benefits_summary = _text("One line, up to 500 characters.")
    change_summary = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=500,
        help_text="A few words for the version history (optional).",
    )
    work_history = WorkHistoryEntrySerializer(many=True, read_only=True)
    education_history = EducationHistoryEntrySerializer(many=True, read_only=True)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context.get("shows_legal_history", False):
            data.pop("legal_history", None)
        return data


class CareerProfileView(APIView):
    """A job seeker's career profile: read it, start it or change it."""

    serializer_class = CareerProfileSerializer

    def _job_seeker(self, action) -> JobSeeker:
        return access.get_for(
            self.request.user, JobSeeker.objects.select_related("program"), self.kwargs["pk"], action
        )

    def _respond(self, job_seeker, profile, status_code=status.HTTP_200_OK) -> Response:
        profile = (
            CareerProfile.objects.filter(pk=profile.pk)
            .prefetch_related("work_history", "education_history")
            .get()
        )
        context = {"shows_legal_history": selectors.sees_legal_history(self.request.user, job_seeker.program)}
        return Response(CareerProfileSerializer(profile, context=context).data, status=status_code)

    @extend_schema(
        summary="A job seeker's career profile (writes a `read` row in the audit trail)",
        responses={200: CareerProfileSerializer},
    )
    def get(self, request, pk):
        job_seeker = self._job_seeker(VIEW)
        profile = selectors.career_profile_get(user=request.user, job_seeker=job_seeker)
        if profile is None:
            raise NotFound("This person has no career profile you may see.")
        audit.record(actor=request.user, action=AuditAction.READ, obj=profile, job_seeker_id=job_seeker.pk)
        return self._respond(job_seeker, profile)

    @extend_schema(
        summary="Start or save the whole career profile (a new version)",
        request=CareerProfileSerializer,
        responses={200: CareerProfileSerializer, 201: CareerProfileSerializer, 400: _FIELD_ERRORS},
    )
    def put(self, request, pk):
        return self._save(request, partial=False)

    @extend_schema(
        summary="Change some parts of the career profile (a new version)",
        request=CareerProfileSerializer(partial=True),
        responses={200: CareerProfileSerializer, 201: CareerProfileSerializer, 400: _FIELD_ERRORS},
    )
    def patch(self, request, pk):
        return self._save(request, partial=True)

    def _save(self, request, *, partial: bool) -> Response:
        job_seeker = self._job_seeker(EDIT)
        serializer = CareerProfileSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "version" not in data:
            raise ApiValidationError({"version": ["Send the version you read (0 to start the profile)."]})
        version = data.pop("version")
        change_summary = data.pop("change_summary", "")
        existed = CareerProfile.objects.filter(job_seeker=job_seeker).exists()
        profile = services.career_profile_save(
            actor=request.user,
            job_seeker=job_seeker,
            data=data,
            version=version,
            change_summary=change_summary,
        )
        return self._respond(job_seeker, profile, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

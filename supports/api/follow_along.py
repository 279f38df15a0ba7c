"""API: follow-along support for each job, through the same gate, selectors and services as the pages.

Addressed by the job's id (`/api/v1/follow-along/<job id>/`): every job has support, whether or not
its plan was ever edited (an unedited plan is weekly, regular support, version 1).
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from accounts import access, roles
from accounts.models import Program
from core import audit
from core.dates import today_in
from core.models import AuditAction
from core.viewsets import update_schemas, versioned
from jobs.models import Job

from ..models import Frequency, SupportLevel
from ..selectors import follow_along as selectors
from ..services import follow_along as services


class FollowAlongSerializer(serializers.Serializer):
    """A job's support plan and where support stands today."""

    job = serializers.IntegerField(source="pk")
    job_seeker = serializers.IntegerField(source="job_seeker_id")
    title = serializers.CharField()
    employer = serializers.CharField(source="employer_label")
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    planned_frequency = serializers.CharField(source="frequency")
    level = serializers.CharField(source="support_level")
    stepped_down_on = serializers.SerializerMethodField()
    worker_choice_note = serializers.SerializerMethodField()
    employer_contact_allowed = serializers.SerializerMethodField()
    version = serializers.SerializerMethodField()
    last_contact = serializers.DateField(allow_null=True)
    days_since = serializers.IntegerField(allow_null=True)
    overdue_after_days = serializers.IntegerField(source="overdue_after", allow_null=True)
    overdue = serializers.BooleanField()

    def _support(self, job):
        return services.support_for(job)

    def get_stepped_down_on(self, job) -> str | None:
        value = self._support(job).stepped_down_on
        return value.isoformat() if value else None

    def get_worker_choice_note(self, job) -> str:
        return self._support(job).worker_choice_note

    def get_employer_contact_allowed(self, job) -> bool:
        return self._support(job).employer_contact_allowed

    def get_version(self, job) -> int:
        return self._support(job).version


class FollowAlongUpdateSerializer(serializers.Serializer):
    """A change to the support plan; `version` is the version you read (1 for a plan never edited)."""

    version = serializers.IntegerField()
    planned_frequency = serializers.ChoiceField(choices=Frequency.choices)
    level = serializers.ChoiceField(choices=SupportLevel.choices)
    stepped_down_on = serializers.DateField(required=False, allow_null=True, default=None)
    worker_choice_note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    employer_contact_allowed = serializers.BooleanField(default=False)


@extend_schema_view(
    list=extend_schema(
        summary="Every job held today in a program, with its support plan; overdue first",
        parameters=[
            OpenApiParameter("program", OpenApiTypes.STR, required=True, description="The program's slug."),
            OpenApiParameter("overdue", OpenApiTypes.BOOL, description="Only jobs whose support is overdue."),
        ],
        responses=FollowAlongSerializer(many=True),
    ),
    retrieve=extend_schema(summary="One job's follow-along support", responses=FollowAlongSerializer),
    **update_schemas(
        update="Change a job's support plan (level only by the worker's choice)",
        partial_update="Change some fields of a job's support plan",
        request=FollowAlongUpdateSerializer,
        responses=FollowAlongSerializer,
    ),
)
class FollowAlongViewSet(viewsets.GenericViewSet):
    """Time-unlimited follow-along support, one plan per job."""

    serializer_class = FollowAlongSerializer

    def _jobs(self):
        """NOT gated: pass it to access.get_for (which tells a hidden job, 404, from a refused one, 403)."""
        return Job.objects.select_related("program", "job_seeker__program", "employer")

    def get_queryset(self):
        return access.restrict(self._jobs(), self.request.user, roles.Action.JOB_SEEKER_VIEW)

    def _job(self, action_name: str) -> Job:
        return access.get_for(self.request.user, self._jobs(), self.kwargs["pk"], action_name)

    def _answer(self, job: Job) -> Response:
        annotated = selectors.job_follow_along(
            user=self.request.user, job=job, today=today_in(job.program.time_zone)
        )
        return Response(FollowAlongSerializer(annotated).data)

    def list(self, request, *args, **kwargs):
        slug = request.query_params.get("program")
        if not slug:
            raise ApiValidationError({"program": ["Give the slug of a program."]})
        program = access.get_for(request.user, Program, slug, roles.Action.PROGRAM_VIEW, lookup="slug")
        access.require(request.user, roles.Action.JOB_SEEKER_VIEW, program)
        jobs = selectors.follow_along_list(
            user=request.user,
            program=program,
            today=today_in(program.time_zone),
            overdue_only=request.query_params.get("overdue") in ("1", "true", "True"),
        )
        page = self.paginate_queryset(jobs)
        return self.get_paginated_response(FollowAlongSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        job = self._job(roles.Action.JOB_SEEKER_VIEW)
        audit.record(
            actor=request.user, action=AuditAction.READ, obj=job.job_seeker, job_seeker_id=job.job_seeker_id
        )
        return self._answer(job)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        job = self._job(roles.Action.JOB_SEEKER_EDIT)
        support = services.support_for(job)
        fields = {name: getattr(support, name) for name in services.EDITABLE_FIELDS}
        fields.update(
            versioned(
                FollowAlongUpdateSerializer,
                request.data,
                partial=partial,
                missing_version="Give the version of the support plan you read.",
            )
        )
        services.followalong_update(actor=request.user, job=job, **fields)
        job = self.get_queryset().get(pk=job.pk)
        return self._answer(job)

    def partial_update(self, request, *args, **kwargs):
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

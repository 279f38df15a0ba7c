"""API: a person's jobs (start, change, end) and the minimum-wage table, through the same gate and
services as the pages.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from accounts import access, roles
from core import audit
from core.models import AuditAction
from core.viewsets import ListRetrieveCreateUpdateViewSet, update_schemas, versioned
from employers.models import Employer, Opening
from people.api.common import job_seeker_by_id
from people.models import JobSeeker

from ..models import Disclosure, EndReason, HowFound, Job, Jurisdiction, MinimumWage
from ..selectors import jobs as selectors
from ..services import jobs as services
from ..services import minimum_wages as wage_services


class JobSerializer(serializers.ModelSerializer):
    """A job as it stands, with the competitive-integrated result the service computed."""

    program = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    employer_label = serializers.CharField(read_only=True)

    class Meta:
        model = Job
        fields = [
            "id",
            "ref",
            "job_seeker",
            "program",
            "employer",
            "employer_name",
            "employer_label",
            "opening",
            "title",
            "start_date",
            "hours_per_week",
            "hourly_wage",
            "pays_same_as_coworkers",
            "open_to_anyone",
            "agency_time_limit",
            "self_employment",
            "found_with_ips",
            "disclosure_to_employer",
            "how_found",
            "competitive_integrated",
            "applicable_minimum_wage",
            "not_competitive_because",
            "end_date",
            "end_reason",
            "end_note",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class _JobFields(serializers.Serializer):
    employer = serializers.IntegerField(required=False, allow_null=True, default=None)
    employer_name = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    opening = serializers.IntegerField(required=False, allow_null=True, default=None)
    title = serializers.CharField(max_length=200)
    start_date = serializers.DateField()
    hours_per_week = serializers.DecimalField(
        max_digits=4, decimal_places=1, required=False, allow_null=True, default=None
    )
    hourly_wage = serializers.DecimalField(
        max_digits=9, decimal_places=2, required=False, allow_null=True, default=None
    )
    pays_same_as_coworkers = serializers.BooleanField(required=False, allow_null=True, default=None)
    open_to_anyone = serializers.BooleanField(required=False, allow_null=True, default=None)
    agency_time_limit = serializers.BooleanField(required=False, allow_null=True, default=None)
    self_employment = serializers.BooleanField(required=False, default=False)
    found_with_ips = serializers.BooleanField(required=False, default=True)
    disclosure_to_employer = serializers.ChoiceField(
        choices=Disclosure.choices, required=False, allow_blank=True, default=""
    )
    how_found = serializers.ChoiceField(
        choices=HowFound.choices, required=False, allow_blank=True, default=""
    )


class JobCreateSerializer(_JobFields):
    """A job start for a person (by the person's id); employer and opening by id."""

    job_seeker = serializers.IntegerField()


class JobUpdateSerializer(_JobFields):
    """A change to a job; `version` is the version you read."""

    version = serializers.IntegerField()


class JobEndSerializer(serializers.Serializer):
    """The end of a job; `version` is the version you read."""

    end_date = serializers.DateField()
    end_reason = serializers.ChoiceField(choices=EndReason.choices)
    end_note = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField()


class MinimumWageSerializer(serializers.ModelSerializer):
    class Meta:
        model = MinimumWage
        fields = ["id", "jurisdiction", "state", "locality", "effective_from", "hourly_rate", "source"]
        read_only_fields = ["id"]
        # Uniqueness is the service's rule, with its own message.
        validators = []

    jurisdiction = serializers.ChoiceField(choices=Jurisdiction.choices)
    state = serializers.CharField(max_length=2, required=False, allow_blank=True, default="")
    locality = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


def _row(user, model, pk, field: str, program_id: int):
    """An employer or opening by id, through the gate, of the person's program (else a field error)."""
    if pk is None:
        return None
    row = access.restrict(model.objects.filter(pk=pk), user, roles.Action.EMPLOYER_VIEW).first()
    if row is None or row.program_id != program_id:
        raise ApiValidationError({field: ["No such row in this person's program."]})
    return row


@extend_schema_view(
    list=extend_schema(
        summary="A person's jobs, current first",
        parameters=[
            OpenApiParameter("job_seeker", OpenApiTypes.INT, required=True, description="The person's id.")
        ],
    ),
    retrieve=extend_schema(summary="One job"),
    create=extend_schema(
        summary="Record a job start (competitive integrated is computed)",
        request=JobCreateSerializer,
        responses={201: JobSerializer},
    ),
    **update_schemas(
        update="Change a job's details (competitive integrated is computed again)",
        partial_update="Change some of a job's details",
        request=JobUpdateSerializer,
        responses=JobSerializer,
    ),
)
class JobViewSet(ListRetrieveCreateUpdateViewSet):
    """Jobs people hold: the job start, changes, and the ending."""

    serializer_class = JobSerializer

    def get_queryset(self):
        return selectors.visible_jobs(self.request.user)

    def _read(self, job_seeker_id: int, obj) -> None:
        audit.record(actor=self.request.user, action=AuditAction.READ, obj=obj, job_seeker_id=job_seeker_id)

    def _job_seeker(self, pk, action_name: str) -> JobSeeker:
        return job_seeker_by_id(self.request.user, pk, action_name)

    def _job(self, action_name: str = roles.Action.JOB_SEEKER_VIEW) -> Job:
        return access.get_for(self.request.user, selectors.job_queryset(), self.kwargs["pk"], action_name)

    def _fresh(self, pk) -> Job:
        return selectors.visible_jobs(self.request.user).get(pk=pk)

    def _references(self, fields: dict, program_id: int) -> dict:
        fields["employer"] = _row(self.request.user, Employer, fields.get("employer"), "employer", program_id)
        fields["opening"] = _row(self.request.user, Opening, fields.get("opening"), "opening", program_id)
        return fields

    def list(self, request, *args, **kwargs):
        job_seeker = self._job_seeker(request.query_params.get("job_seeker"), roles.Action.JOB_SEEKER_VIEW)
        jobs = selectors.job_list(user=request.user, job_seeker=job_seeker)
        page = self.paginate_queryset(jobs)
        self._read(job_seeker.pk, job_seeker)
        return self.get_paginated_response(JobSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        job = self._job()
        self._read(job.job_seeker_id, job)
        return Response(JobSerializer(job).data)

    def create(self, request, *args, **kwargs):
        data = JobCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        job_seeker = self._job_seeker(fields.pop("job_seeker"), roles.Action.JOB_SEEKER_EDIT)
        fields = self._references(fields, job_seeker.program_id)
        job = services.job_start(actor=request.user, job_seeker=job_seeker, **fields)
        return Response(JobSerializer(self._fresh(job.pk)).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        job = self._job(roles.Action.JOB_SEEKER_EDIT)
        fields = {name: getattr(job, name) for name in services.JOB_FIELDS}
        fields["employer"] = job.employer_id
        fields["opening"] = job.opening_id
        fields.update(
            versioned(
                JobUpdateSerializer,
                request.data,
                partial=partial,
                missing_version="Give the version of the job you read.",
            )
        )
        fields = self._references(fields, job.program_id)
        services.job_update(actor=request.user, job=job, **fields)
        return Response(JobSerializer(self._fresh(job.pk)).data)

    @extend_schema(summary="Record that a job ended", request=JobEndSerializer, responses=JobSerializer)
    @action(detail=True, methods=["post"], url_path="end", url_name="end")
    def end(self, request, pk=None):
        job = self._job(roles.Action.JOB_SEEKER_EDIT)
        data = JobEndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.job_end(actor=request.user, job=job, **data.validated_data)
        return Response(JobSerializer(self._fresh(job.pk)).data)


@extend_schema_view(
    list=extend_schema(summary="The minimum-wage table (state-wide reference)"),
    create=extend_schema(
        summary="Add a rate (state administrator); every job it applies to is checked again",
        request=MinimumWageSerializer,
        responses={201: MinimumWageSerializer},
    ),
)
class MinimumWageViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """The legal hourly minimum by jurisdiction and date; read by every signed-in user."""

    serializer_class = MinimumWageSerializer

    def get_queryset(self):
        return selectors.minimum_wage_list()

    def create(self, request, *args, **kwargs):
        if not access.can(request.user, roles.Action.MINIMUM_WAGE_EDIT):
            raise PermissionDenied
        data = MinimumWageSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rate = wage_services.minimum_wage_add(actor=request.user, **data.validated_data)
        return Response(MinimumWageSerializer(rate).data, status=status.HTTP_201_CREATED)

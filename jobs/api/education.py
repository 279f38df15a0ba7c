"""API: a person's school and training, through the same gate and services as the pages."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts import access, roles
from core import audit
from core.models import AuditAction
from core.viewsets import ListRetrieveCreateUpdateViewSet, update_schemas, versioned
from people.api.common import job_seeker_by_id
from people.models import JobSeeker

from ..models import EducationEnrollment, EducationKind
from ..services import education as education_services


class EducationEnrollmentSerializer(serializers.ModelSerializer):
    program = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = EducationEnrollment
        fields = [
            "id",
            "job_seeker",
            "program",
            "kind",
            "kind_label",
            "name",
            "start_date",
            "end_date",
            "completed",
            "credential",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class _EducationFields(serializers.Serializer):
    kind = serializers.ChoiceField(choices=EducationKind.choices)
    name = serializers.CharField(max_length=200, trim_whitespace=True)
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True, default=None)
    completed = serializers.BooleanField(default=False)
    credential = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class EducationCreateSerializer(_EducationFields):
    """New school or training for a person (by the person's id)."""

    job_seeker = serializers.IntegerField()


class EducationUpdateSerializer(_EducationFields):
    """A change; `version` is the version you read."""

    version = serializers.IntegerField()


class EducationEndSerializer(serializers.Serializer):
    """The end of school or training; `version` is the version you read."""

    version = serializers.IntegerField()
    end_date = serializers.DateField()
    completed = serializers.BooleanField(default=False)
    credential = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


@extend_schema_view(
    list=extend_schema(
        summary="A person's school and training, newest first",
        parameters=[
            OpenApiParameter("job_seeker", OpenApiTypes.INT, required=True, description="The person's id.")
        ],
    ),
    retrieve=extend_schema(summary="One enrollment in school or training"),
    create=extend_schema(
        summary="Record school or training for an enrolled person",
        request=EducationCreateSerializer,
        responses={201: EducationEnrollmentSerializer},
    ),
    **update_schemas(
        update="Change an enrollment (give the version you read)",
        partial_update="Change some fields of an enrollment (give the version you read)",
        request=EducationUpdateSerializer,
        responses=EducationEnrollmentSerializer,
    ),
)
class EducationEnrollmentViewSet(ListRetrieveCreateUpdateViewSet):
    """School and training during IPS; counted in the person's phase while open."""

    serializer_class = EducationEnrollmentSerializer

    def get_queryset(self):
        return access.restrict(
            EducationEnrollment.objects.filter(archived_at__isnull=True).select_related("program"),
            self.request.user,
            roles.Action.JOB_SEEKER_VIEW,
        ).order_by("-start_date", "-id")

    def _read(self, job_seeker_id: int, obj) -> None:
        audit.record(actor=self.request.user, action=AuditAction.READ, obj=obj, job_seeker_id=job_seeker_id)

    def _job_seeker(self, pk, action_name: str) -> JobSeeker:
        return job_seeker_by_id(self.request.user, pk, action_name)

    def _enrollment(self, action_name: str = roles.Action.JOB_SEEKER_VIEW) -> EducationEnrollment:
        return access.get_for(
            self.request.user,
            EducationEnrollment.objects.filter(archived_at__isnull=True).select_related(
                "program", "job_seeker"
            ),
            self.kwargs["pk"],
            action_name,
        )

    def list(self, request, *args, **kwargs):
        job_seeker = self._job_seeker(request.query_params.get("job_seeker"), roles.Action.JOB_SEEKER_VIEW)
        page = self.paginate_queryset(self.get_queryset().filter(job_seeker=job_seeker))
        self._read(job_seeker.pk, job_seeker)
        return self.get_paginated_response(EducationEnrollmentSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        enrollment = self._enrollment()
        self._read(enrollment.job_seeker_id, enrollment.job_seeker)
        return Response(EducationEnrollmentSerializer(enrollment).data)

    def create(self, request, *args, **kwargs):
        data = EducationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        job_seeker = self._job_seeker(fields.pop("job_seeker"), roles.Action.JOB_SEEKER_EDIT)
        enrollment = education_services.education_enroll(actor=request.user, job_seeker=job_seeker, **fields)
        return Response(EducationEnrollmentSerializer(enrollment).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        enrollment = self._enrollment(roles.Action.JOB_SEEKER_EDIT)
        fields = {name: getattr(enrollment, name) for name in education_services.EDITABLE_FIELDS}
        fields.update(
            versioned(
                EducationUpdateSerializer,
                request.data,
                partial=partial,
                missing_version="Give the version of the enrollment you read.",
            )
        )
        enrollment = education_services.education_update(actor=request.user, enrollment=enrollment, **fields)
        return Response(EducationEnrollmentSerializer(enrollment).data)

    @extend_schema(
        summary="Record that school or training ended (completed or not, and any credential)",
        request=EducationEndSerializer,
        responses=EducationEnrollmentSerializer,
    )
    @action(detail=True, methods=["post"], url_path="end", url_name="end")
    def end(self, request, pk=None):
        enrollment = self._enrollment(roles.Action.JOB_SEEKER_EDIT)
        data = EducationEndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        enrollment = education_services.education_end(
            actor=request.user, enrollment=enrollment, **data.validated_data
        )
        return Response(EducationEnrollmentSerializer(enrollment).data)

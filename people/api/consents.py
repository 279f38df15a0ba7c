"""API: a person's consents (releases of information), through the same gate and services as the pages.

A consent is never changed once saved, so there is no update: only a revocation. A partner sees
only the consents of their own kind, of people they may see.
"""

from __future__ import annotations

import datetime

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from accounts import access, roles
from core import audit
from core.dates import today_in
from core.models import AuditAction

from ..models import Consent, ConsentScopeItem, JobSeeker, PartnerKind
from ..selectors import consents as consent_selectors
from ..services import consents as consent_services
from .common import job_seeker_by_id, validated

STATUSES = [
    ("active", "In force"),
    ("upcoming", "Signed, not started yet"),
    ("expired", "Expired"),
    ("revoked", "Revoked"),
]


def consent_status(consent: Consent, today: datetime.date) -> str:
    if consent.revoked_at is not None:
        return "revoked"
    if consent.expiry_date < today:
        return "expired"
    if consent.start_date > today:
        return "upcoming"
    return "active"


class ConsentSerializer(serializers.ModelSerializer):
    """A consent as the person signed it, with its state today."""

    partner_kind_label = serializers.CharField(source="get_partner_kind_display", read_only=True)
    scope = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    in_force = serializers.SerializerMethodField()

    class Meta:
        model = Consent
        fields = [
            "id",
            "job_seeker",
            "partner_kind",
            "partner_kind_label",
            "partner_name",
            "scope",
            "scope_note",
            "covers_part2",
            "signed_on",
            "start_date",
            "expiry_date",
            "revoked_at",
            "revocation_note",
            "status",
            "in_force",
            "created_at",
        ]
        read_only_fields = fields

    def _today(self, consent) -> datetime.date:
        return self.context.get("today") or today_in(consent.job_seeker.program.time_zone)

    def get_scope(self, consent) -> list[str]:
        return sorted(scope.item for scope in consent.scopes.all())

    # Inlined rather than a named enum component: "status" is a name other components use too.
    @extend_schema_field(
        {
            "type": "string",
            "enum": [value for value, _label in STATUSES],
            "description": "active: in force today; upcoming: signed, not started; expired; revoked.",
        }
    )
    def get_status(self, consent) -> str:
        return consent_status(consent, self._today(consent))

    def get_in_force(self, consent) -> bool:
        return consent_status(consent, self._today(consent)) == "active"


class ConsentCreateSerializer(serializers.Serializer):
    """A new consent for a person (by the person's id): copy what the signed form says."""

    job_seeker = serializers.IntegerField()
    partner_kind = serializers.ChoiceField(choices=PartnerKind.choices)
    partner_name = serializers.CharField(max_length=200)
    scope = serializers.ListField(
        child=serializers.ChoiceField(choices=ConsentScopeItem.choices),
        allow_empty=True,
        help_text="At least one kind of information, each once.",
    )
    scope_note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    covers_part2 = serializers.BooleanField(
        default=False, help_text="The form meets 42 CFR Part 2 and covers substance-use-disorder information."
    )
    signed_on = serializers.DateField(help_text="On or before the start date; not in the future.")
    start_date = serializers.DateField()
    expiry_date = serializers.DateField(help_text="On or after the start date.")


class ConsentRevokeSerializer(serializers.Serializer):
    revoked_at = serializers.DateTimeField(
        required=False, allow_null=True, default=None, help_text="When the person revoked it; empty for now."
    )
    revocation_note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class SharingCheckSerializer(serializers.Serializer):
    job_seeker = serializers.IntegerField()
    partner_kind = serializers.ChoiceField(choices=PartnerKind.choices)
    scope = serializers.ChoiceField(
        choices=ConsentScopeItem.choices, required=False, allow_null=True, default=None
    )
    part2 = serializers.BooleanField(required=False, default=False)
    on = serializers.DateField(required=False, allow_null=True, default=None)


_JOB_SEEKER = OpenApiParameter("job_seeker", OpenApiTypes.INT, required=True, description="The person's id.")


@extend_schema_view(
    list=extend_schema(
        summary="A person's consents, newest first (expired and revoked ones included)",
        parameters=[
            _JOB_SEEKER,
            OpenApiParameter(
                "status", OpenApiTypes.STR, enum=[s for s, _label in STATUSES], description="Only this state."
            ),
        ],
    ),
    retrieve=extend_schema(summary="One consent"),
    create=extend_schema(
        summary="Record a consent the person signed (it never changes afterwards; only revocation)",
        request=ConsentCreateSerializer,
        responses={201: ConsentSerializer},
    ),
)
class ConsentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Consents: who may receive what information about a person, until when."""

    serializer_class = ConsentSerializer
    lookup_value_regex = r"[0-9]+"

    def _base(self):
        return Consent.objects.select_related("job_seeker__program").prefetch_related("scopes")

    def get_queryset(self):
        return consent_selectors.visible_consents(self._base(), self.request.user)

    def _read(self, job_seeker) -> None:
        audit.record(
            actor=self.request.user, action=AuditAction.READ, obj=job_seeker, job_seeker_id=job_seeker.pk
        )

    def _job_seeker(self, pk, action_name: str) -> JobSeeker:
        return job_seeker_by_id(self.request.user, pk, action_name)

    def _consent(self, action_name: str = roles.Action.JOB_SEEKER_VIEW) -> Consent:
        consent = access.get_for(
            self.request.user, self._base(), self.kwargs["pk"], roles.Action.JOB_SEEKER_VIEW
        )
        if not self.get_queryset().filter(pk=consent.pk).exists():
            raise Http404  # a partner sees only the consents of their own kind
        if action_name != roles.Action.JOB_SEEKER_VIEW:
            access.require(self.request.user, action_name, consent.job_seeker.program)
        return consent

    def _data(self, consent, job_seeker=None) -> dict:
        today = today_in((job_seeker or consent.job_seeker).program.time_zone)
        return ConsentSerializer(consent, context={"today": today}).data

    def list(self, request, *args, **kwargs):
        job_seeker = self._job_seeker(request.query_params.get("job_seeker"), roles.Action.JOB_SEEKER_VIEW)
        wanted = request.query_params.get("status") or ""
        if wanted and wanted not in dict(STATUSES):
            raise ApiValidationError({"status": [f"Choose one of: {', '.join(s for s, _l in STATUSES)}."]})
        today = today_in(job_seeker.program.time_zone)
        consents = consent_selectors.consent_list(user=request.user, job_seeker=job_seeker)
        if wanted == "active":
            consents = consents.filter(consent_selectors.active_q(today))
        elif wanted == "revoked":
            consents = consents.filter(revoked_at__isnull=False)
        elif wanted == "expired":
            consents = consents.filter(revoked_at__isnull=True, expiry_date__lt=today)
        elif wanted == "upcoming":
            consents = consents.filter(revoked_at__isnull=True, start_date__gt=today)
        page = self.paginate_queryset(consents)
        self._read(job_seeker)
        return self.get_paginated_response(ConsentSerializer(page, many=True, context={"today": today}).data)

    def retrieve(self, request, *args, **kwargs):
        consent = self._consent()
        self._read(consent.job_seeker)
        return Response(self._data(consent))

    def create(self, request, *args, **kwargs):
        fields = validated(ConsentCreateSerializer, request.data)
        job_seeker = self._job_seeker(fields.pop("job_seeker"), roles.Action.JOB_SEEKER_EDIT)
        consent = consent_services.consent_record(actor=request.user, job_seeker=job_seeker, **fields)
        consent = self.get_queryset().get(pk=consent.pk)
        return Response(self._data(consent, job_seeker), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Revoke a consent: it ends at once and stays on the record",
        request=ConsentRevokeSerializer,
        responses=ConsentSerializer,
    )
    @action(detail=True, methods=["post"], url_path="revoke", url_name="revoke")
    def revoke(self, request, pk=None):
        consent = self._consent(roles.Action.JOB_SEEKER_EDIT)
        data = validated(ConsentRevokeSerializer, request.data)
        consent_services.consent_revoke(actor=request.user, consent=consent, **data)
        return Response(self._data(self.get_queryset().get(pk=consent.pk)))

    @extend_schema(
        summary="Before sharing: the consent in force that allows it (400 saying why when none does)",
        parameters=[
            _JOB_SEEKER,
            OpenApiParameter(
                "partner_kind",
                OpenApiTypes.STR,
                required=True,
                enum=PartnerKind.values,
                description="Share with.",
            ),
            OpenApiParameter(
                "scope", OpenApiTypes.STR, enum=ConsentScopeItem.values, description="What information."
            ),
            OpenApiParameter(
                "part2",
                OpenApiTypes.BOOL,
                description="It includes 42 CFR Part 2 (substance-use-disorder) information.",
            ),
            OpenApiParameter("on", OpenApiTypes.DATE, description="The day of sharing; today when left out."),
        ],
        responses=ConsentSerializer,
    )
    @action(detail=False, methods=["get"], url_path="check", url_name="check")
    def check(self, request):
        fields = validated(SharingCheckSerializer, request.query_params)
        job_seeker = self._job_seeker(fields.pop("job_seeker"), roles.Action.JOB_SEEKER_EDIT)
        consent = consent_services.consent_in_force(
            job_seeker, fields["partner_kind"], fields["scope"], part2=fields["part2"], on=fields["on"]
        )
        return Response(self._data(self.get_queryset().get(pk=consent.pk), job_seeker))

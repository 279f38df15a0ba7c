"""API: openings, their suggested job seekers and matches, through the same gate and services as the pages.

Suggestions are computed on each request with their reasons and never stored or sent anywhere.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from accounts import access, roles
from core import audit
from core.models import AuditAction
from core.viewsets import ListRetrieveCreateUpdateViewSet, update_schemas, versioned
from people.models import JobSeeker, Shift

from .. import matching
from ..models import Employer, EmployerLocation, MatchStatus, Opening, OpeningMatch, OpeningStatus
from ..selectors import openings as selectors
from ..services import openings as services

# The two "status" fields are described by a pattern, not an enum: the schema would otherwise
# need a name for each of several choice sets called "status" (a drf-spectacular warning that
# fails the deployment check). To list them as enums instead, add "OpeningStatusEnum" and
# "OpeningMatchStatusEnum" to SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] in config/settings.py.


def _one_of(values) -> dict:
    return {
        "type": "string",
        "pattern": f"^({'|'.join(values)})$",
        "description": f"One of: {', '.join(values)}.",
    }


@extend_schema_field(_one_of(OpeningStatus.values))
class OpeningStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=OpeningStatus.choices, **kwargs)


@extend_schema_field(_one_of(MatchStatus.values))
class MatchStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=MatchStatus.choices, **kwargs)


REASON_KINDS = [matching.MATCH, matching.MISMATCH, matching.NOTE]


@extend_schema_field({"type": "string", "enum": REASON_KINDS})
class ReasonKindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=REASON_KINDS, **kwargs)


VIEW = roles.Action.EMPLOYER_VIEW
EDIT = roles.Action.EMPLOYER_EDIT
MAX_SUGGESTIONS = 200


class OpeningSerializer(serializers.ModelSerializer):
    program = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    status = OpeningStatusField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Opening
        fields = [
            "id",
            "program",
            "employer",
            "employer_name",
            "title",
            "job_type",
            "hours_min",
            "hours_max",
            "hourly_wage_min",
            "hourly_wage_max",
            "shifts",
            "location",
            "requirements",
            "learned_on",
            "closes_on",
            "status",
            "status_label",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class _OpeningFields(serializers.Serializer):
    title = serializers.CharField(max_length=200, allow_blank=True)
    job_type = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    hours_min = serializers.DecimalField(
        max_digits=4, decimal_places=1, required=False, allow_null=True, default=None
    )
    hours_max = serializers.DecimalField(
        max_digits=4, decimal_places=1, required=False, allow_null=True, default=None
    )
    hourly_wage_min = serializers.DecimalField(
        max_digits=9, decimal_places=2, required=False, allow_null=True, default=None
    )
    hourly_wage_max = serializers.DecimalField(
        max_digits=9, decimal_places=2, required=False, allow_null=True, default=None
    )
    shifts = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        default=list,
        help_text=f"Any of: {', '.join(Shift.values)}.",
    )
    location = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="The id of one of the business's places."
    )
    requirements = serializers.CharField(required=False, allow_blank=True, default="")
    learned_on = serializers.DateField(help_text="Not in the future.")
    closes_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="On or after learned_on."
    )
    status = OpeningStatusField(default=OpeningStatus.OPEN)


class OpeningCreateSerializer(_OpeningFields):
    employer = serializers.IntegerField(help_text="The business's id.")


class OpeningUpdateSerializer(_OpeningFields):
    version = serializers.IntegerField(help_text="The version you read; a stale one is refused with a 400.")


class ReasonSerializer(serializers.Serializer):
    text = serializers.CharField()
    kind = ReasonKindField()
    points = serializers.IntegerField()


class SuggestionSerializer(serializers.Serializer):
    job_seeker = serializers.IntegerField(source="subject.pk")
    name = serializers.CharField(source="subject.display_name")
    score = serializers.IntegerField()
    reasons = ReasonSerializer(many=True)


class MatchSerializer(serializers.ModelSerializer):
    status = MatchStatusField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = OpeningMatch
        fields = ["id", "opening", "job_seeker", "status", "status_label", "note", "created_at", "updated_at"]
        read_only_fields = fields


class MatchSetSerializer(serializers.Serializer):
    job_seeker = serializers.IntegerField(help_text="The person's id; enrolled, record open.")
    status = MatchStatusField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


_LIST_PARAMETERS = [
    OpenApiParameter("program", OpenApiTypes.STR, description="Only this program's openings (its slug)."),
    OpenApiParameter("status", OpenApiTypes.STR, enum=OpeningStatus.values, description="Only this status."),
    OpenApiParameter("employer", OpenApiTypes.INT, description="Only this business's openings."),
    OpenApiParameter("q", OpenApiTypes.STR, description="Words in the title, kind of work or business."),
]


@extend_schema_view(
    list=extend_schema(summary="Openings, newest first", parameters=_LIST_PARAMETERS),
    retrieve=extend_schema(summary="One opening"),
    create=extend_schema(
        summary="Note an opening a business has or expects",
        request=OpeningCreateSerializer,
        responses={201: OpeningSerializer},
    ),
    **update_schemas(
        update="Change an opening",
        partial_update="Change some fields of an opening",
        request=OpeningUpdateSerializer,
        responses=OpeningSerializer,
    ),
)
class OpeningViewSet(ListRetrieveCreateUpdateViewSet):
    """Openings: jobs a business has or expects, matched against job seekers' career profiles."""

    serializer_class = OpeningSerializer
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return access.restrict(
            Opening.objects.filter(archived_at__isnull=True).select_related("program", "employer"),
            self.request.user,
            VIEW,
        ).order_by("-learned_on", "-id")

    def _opening(self, action_name: str = VIEW) -> Opening:
        return access.get_for(
            self.request.user,
            Opening.objects.filter(archived_at__isnull=True).select_related(
                "program", "employer", "location"
            ),
            self.kwargs["pk"],
            action_name,
        )

    def list(self, request, *args, **kwargs):
        qs = self.get_queryset()
        params = request.query_params
        if params.get("program"):
            qs = qs.filter(program__slug=params["program"])
        wanted = params.get("status") or ""
        if wanted:
            if wanted not in OpeningStatus.values:
                raise ApiValidationError(
                    {
                        "status": [
                            _("Choose one of: %(values)s.") % {"values": ", ".join(OpeningStatus.values)}
                        ]
                    }
                )
            qs = qs.filter(status=wanted)
        if params.get("employer"):
            try:
                qs = qs.filter(employer_id=int(params["employer"]))
            except ValueError:
                raise ApiValidationError({"employer": [_("Give the id of a business.")]}) from None
        for word in (params.get("q") or "").split():
            qs = qs.filter(
                Q(title__icontains=word) | Q(job_type__icontains=word) | Q(employer__name__icontains=word)
            )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(OpeningSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(OpeningSerializer(self._opening()).data)

    def _location(self, employer, location_id):
        if location_id is None:
            return None
        location = EmployerLocation.objects.filter(pk=location_id, employer=employer).first()
        if location is None:
            raise ApiValidationError({"location": [_("Choose one of this business's places.")]})
        return location

    def create(self, request, *args, **kwargs):
        data = OpeningCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        employer = access.get_for(
            request.user, Employer.objects.select_related("program"), fields.pop("employer"), EDIT
        )
        fields["location"] = self._location(employer, fields["location"])
        opening = services.opening_create(actor=request.user, employer=employer, **fields)
        return Response(OpeningSerializer(opening).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        opening = self._opening(EDIT)
        partial = kwargs.get("partial", False)
        fields = versioned(
            OpeningUpdateSerializer,
            request.data,
            partial=partial,
            missing_version=_("Give the version you read."),
        )
        version = fields.pop("version")
        if "location" in fields:
            fields["location"] = self._location(opening.employer, fields["location"])
        updated = services.opening_update(actor=request.user, opening=opening, version=version, **fields)
        return Response(OpeningSerializer(updated).data)

    @extend_schema(
        summary="Job seekers who might fit this opening, best first, with the reasons (computed, never stored)",
        parameters=[
            OpenApiParameter(
                "limit", OpenApiTypes.INT, description=f"At most this many (up to {MAX_SUGGESTIONS})."
            )
        ],
        responses=SuggestionSerializer(many=True),
    )
    @action(detail=True, methods=["get"], url_path="suggestions", url_name="suggestions")
    def suggestions(self, request, pk=None):
        opening = self._opening()
        try:
            limit = min(int(request.query_params.get("limit") or 50), MAX_SUGGESTIONS)
        except ValueError:
            raise ApiValidationError({"limit": [_("Give a whole number.")]}) from None
        if limit < 1:
            raise ApiValidationError({"limit": [_("Give a whole number.")]})
        suggestions = selectors.suggested_job_seekers(user=request.user, opening=opening, limit=limit)
        shown = [s.subject.pk for s in suggestions]
        if shown:
            audit.record(
                actor=request.user,
                action=AuditAction.READ,
                obj=opening,
                changes={"job_seekers_shown": [None, shown]},
            )
        return Response(SuggestionSerializer(suggestions, many=True).data)

    @extend_schema(
        summary="Record where a job seeker stands with this opening (discussed, introduced, hired…)",
        request=MatchSetSerializer,
        responses=MatchSerializer,
    )
    @action(detail=True, methods=["post"], url_path="matches", url_name="matches")
    def matches(self, request, pk=None):
        opening = self._opening(EDIT)
        data = MatchSetSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        job_seeker = access.get_for(
            request.user,
            JobSeeker.objects.select_related("program"),
            fields.pop("job_seeker"),
            roles.Action.JOB_SEEKER_EDIT,
        )
        match = services.opening_match_set(
            actor=request.user, opening=opening, job_seeker=job_seeker, **fields
        )
        return Response(MatchSerializer(match).data)

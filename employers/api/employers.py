"""API: businesses a program knows, through the same gate and services as the pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from accounts import access, roles
from accounts.models import Program
from core.api import django_errors
from core.viewsets import ListRetrieveCreateUpdateViewSet, update_schemas, versioned

from ..models import Employer, Relationship
from ..selectors import employers as selectors
from ..services import employers as services

VIEW = roles.Action.EMPLOYER_VIEW
EDIT = roles.Action.EMPLOYER_EDIT


class EmployerSerializer(serializers.ModelSerializer):
    """A business as it stands; `last_contact_on` and `contact_count` sum its contact history."""

    program = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    relationship_label = serializers.CharField(source="get_relationship_display", read_only=True)
    last_contact_on = serializers.DateField(read_only=True, allow_null=True)
    contact_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Employer
        fields = [
            "id",
            "program",
            "ref",
            "name",
            "industry",
            "address",
            "city",
            "state",
            "phone",
            "website",
            "business_needs",
            "hiring_preferences",
            "relationship",
            "relationship_label",
            "merged_into",
            "archived_at",
            "last_contact_on",
            "contact_count",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class _EmployerFields(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    industry = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    city = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    state = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="The two-letter code, such as WI."
    )
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    website = serializers.URLField(required=False, allow_blank=True, default="")
    business_needs = serializers.CharField(required=False, allow_blank=True, default="")
    hiring_preferences = serializers.CharField(required=False, allow_blank=True, default="")
    relationship = serializers.ChoiceField(choices=Relationship.choices, default=Relationship.PROSPECT)
    allow_duplicate = serializers.BooleanField(
        default=False,
        help_text="Send true when the program already knows a business with the same name and city "
        "and this is a different one.",
    )


class EmployerCreateSerializer(_EmployerFields):
    """A new business of a program (by the program's slug); `ref` is made up when not given."""

    program = serializers.SlugField()
    ref = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class EmployerUpdateSerializer(_EmployerFields):
    """A change to a business; `version` is the version you read."""

    version = serializers.IntegerField()


class EmployerMergeSerializer(serializers.Serializer):
    into = serializers.IntegerField(help_text="The id of the business to keep; this one is merged into it.")


_BAD_INPUT = OpenApiResponse(
    description="Field errors; nothing changed. A stale `version` is an error on `version`; a "
    "possible duplicate lists their refs in `possible_duplicates` and asks for `allow_duplicate`."
)


def _error(exc: DjangoValidationError) -> ApiValidationError:
    """A service's refusal as field errors; a possible duplicate says what to send to go ahead."""
    if getattr(exc, "code", None) == "duplicate":
        return ApiValidationError(
            {
                "non_field_errors": [exc.message % {"refs": exc.params["refs"]}],
                "possible_duplicates": [e.ref for e in exc.params["duplicates"]],
                "allow_duplicate": [_("Send true if this is a different business.")],
            }
        )
    return ApiValidationError(django_errors(exc))


@extend_schema_view(
    list=extend_schema(
        summary="Businesses the user's programs know (merged ones left out)",
        parameters=[
            OpenApiParameter("program", OpenApiTypes.STR, description="Only this program's (its slug)."),
            OpenApiParameter("q", OpenApiTypes.STR, description="Words in the name, city or industry."),
            OpenApiParameter(
                "relationship",
                OpenApiTypes.STR,
                enum=Relationship.values,
                description="Only this relationship.",
            ),
        ],
    ),
    retrieve=extend_schema(summary="One business (a merged one shows where it went in `merged_into`)"),
    create=extend_schema(
        summary="Add a business",
        request=EmployerCreateSerializer,
        responses={201: EmployerSerializer, 400: _BAD_INPUT},
    ),
    **update_schemas(
        update="Change a business",
        partial_update="Change some fields of a business",
        request=EmployerUpdateSerializer,
        responses={200: EmployerSerializer, 400: _BAD_INPUT},
    ),
)
class EmployerViewSet(ListRetrieveCreateUpdateViewSet):
    """Businesses: relationships, what was learned, and merging duplicates."""

    serializer_class = EmployerSerializer
    lookup_value_regex = r"[0-9]+"

    def _base(self):
        return selectors.with_contact_summary(Employer.objects.select_related("program"))

    def get_queryset(self):
        return access.restrict(self._base(), self.request.user, VIEW).order_by("name", "id")

    def _employer(self, action_name: str) -> Employer:
        return access.get_for(self.request.user, self._base(), self.kwargs["pk"], action_name)

    def _fresh(self, employer: Employer) -> dict:
        return EmployerSerializer(self._base().get(pk=employer.pk)).data

    def list(self, request, *args, **kwargs):
        params = request.query_params
        relationship = params.get("relationship") or ""
        if relationship and relationship not in Relationship.values:
            raise ApiValidationError(
                {
                    "relationship": [
                        _("Choose one of: %(values)s.") % {"values": ", ".join(Relationship.values)}
                    ]
                }
            )
        if params.get("program"):
            program = access.get_for(
                request.user, Program, params["program"], roles.Action.PROGRAM_VIEW, lookup="slug"
            )
            access.require(request.user, VIEW, program)
            employers = selectors.employer_list(
                user=request.user, program=program, q=params.get("q", ""), relationship=relationship
            )
        else:
            access.require(request.user, VIEW)
            employers = self.get_queryset().filter(merged_into__isnull=True, archived_at__isnull=True)
            q = (params.get("q") or "").strip()
            if q:
                employers = employers.filter(
                    Q(name__icontains=q) | Q(city__icontains=q) | Q(industry__icontains=q) | Q(ref__iexact=q)
                )
            if relationship:
                employers = employers.filter(relationship=relationship)
        page = self.paginate_queryset(employers)
        return self.get_paginated_response(EmployerSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(EmployerSerializer(self._employer(VIEW)).data)

    def create(self, request, *args, **kwargs):
        data = EmployerCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        arguments = dict(data.validated_data)
        program = access.get_for(
            request.user, Program, arguments.pop("program"), roles.Action.PROGRAM_VIEW, lookup="slug"
        )
        try:
            employer = services.employer_create(actor=request.user, program=program, **arguments)
        except DjangoValidationError as exc:
            raise _error(exc) from None
        return Response(self._fresh(employer), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        employer = self._employer(EDIT)
        arguments = versioned(
            EmployerUpdateSerializer,
            request.data,
            partial=partial,
            missing_version=_("Give the version of the business you read."),
        )
        version = arguments.pop("version")
        try:
            employer = services.employer_update(
                actor=request.user, employer=employer, version=version, **arguments
            )
        except DjangoValidationError as exc:
            raise _error(exc) from None
        return Response(self._fresh(employer))

    @extend_schema(
        summary="Merge this business into another of the same program (audited)",
        description="Every contact, person met, location, opening and job moves to `into`; this "
        "business is archived and points there.",
        request=EmployerMergeSerializer,
        responses={200: EmployerSerializer, 400: _BAD_INPUT},
    )
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        source = self._employer(EDIT)
        data = EmployerMergeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        target = (
            access.restrict(Employer.objects.select_related("program"), request.user, EDIT)
            .filter(pk=data.validated_data["into"])
            .first()
        )
        if target is None:
            raise ApiValidationError({"into": [_("Choose a business of the same program.")]})
        try:
            target = services.employer_merge(actor=request.user, source=source, target=target)
        except DjangoValidationError as exc:
            raise _error(exc) from None
        return Response(self._fresh(target))

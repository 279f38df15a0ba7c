"""API: employer contacts, through the same gate and services as the pages."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from accounts import access, roles
from accounts.models import Membership, Program
from core.viewsets import ListRetrieveCreateUpdateViewSet, update_schemas, versioned
from people.selectors.caseload import program_people

from ..models import ContactPurpose, Employer, EmployerContact, EmployerPerson
from ..selectors import contacts as selectors
from ..services import contacts as services


class NamedJobSeekerSerializer(serializers.Serializer):
    job_seeker = serializers.IntegerField(source="job_seeker_id")
    name = serializers.CharField(source="job_seeker.display_name")
    present = serializers.BooleanField()


class EmployerContactSerializer(serializers.ModelSerializer):
    """A contact as it stands, with the people it was for."""

    program = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    person_met_name = serializers.SerializerMethodField()
    purpose_label = serializers.CharField(source="get_purpose_display", read_only=True)
    is_job_development = serializers.BooleanField(read_only=True)
    logged_by = serializers.SerializerMethodField()
    job_seekers = NamedJobSeekerSerializer(source="for_job_seekers", many=True, read_only=True)

    class Meta:
        model = EmployerContact
        fields = [
            "id",
            "program",
            "date",
            "staff",
            "logged_by",
            "employer",
            "employer_name",
            "person_met",
            "person_met_name",
            "face_to_face",
            "purpose",
            "purpose_label",
            "is_job_development",
            "job_seekers",
            "outcome",
            "next_step",
            "next_step_on",
            "version",
            "created_at",
        ]
        read_only_fields = fields

    def get_person_met_name(self, contact) -> str | None:
        return contact.person_met.name if contact.person_met else None

    def get_logged_by(self, contact) -> str:
        return contact.staff.user.get_full_name() or contact.staff.user.email


class _ContactFields(serializers.Serializer):
    date = serializers.DateField()
    employer = serializers.IntegerField(required=False, allow_null=True, default=None)
    new_employer_name = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    new_employer_city = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
    person_met = serializers.IntegerField(required=False, allow_null=True, default=None)
    person_met_name = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    face_to_face = serializers.BooleanField(default=True)
    purpose = serializers.ChoiceField(choices=ContactPurpose.choices)
    job_seekers = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text="Ids of the people it was for.",
    )
    present = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text="Ids, among job_seekers, of those who were there.",
    )
    outcome = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    next_step = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    next_step_on = serializers.DateField(required=False, allow_null=True, default=None)


class EmployerContactCreateSerializer(_ContactFields):
    """A new contact in a program (by the program's slug)."""

    program = serializers.SlugField()


class EmployerContactUpdateSerializer(_ContactFields):
    """A correction by the person who logged the contact; `version` is the version you read."""

    version = serializers.IntegerField()


class _ListFilters(serializers.Serializer):
    program = serializers.SlugField(required=False)
    staff = serializers.IntegerField(required=False)
    employer = serializers.IntegerField(required=False)
    job_seeker = serializers.IntegerField(required=False)
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    face_to_face = serializers.BooleanField(required=False, allow_null=True, default=None)


def _resolve(program: Program, fields: dict, user) -> dict:
    """Turn the ids of the request into the program's rows; an id outside the program is a field error."""
    errors = {}
    employer = person_met = None
    if fields.get("employer") is not None:
        employer = (
            Employer.objects.filter(program=program, pk=fields["employer"])
            .select_related("merged_into")
            .first()
        )
        if employer is None:
            errors["employer"] = ["No business with this id in this program."]
    if fields.get("person_met") is not None:
        person_met = EmployerPerson.objects.filter(employer__program=program, pk=fields["person_met"]).first()
        if person_met is None:
            errors["person_met"] = ["No person met with this id in this program's businesses."]
    ids = list(dict.fromkeys(fields.get("job_seekers") or []))
    people = {p.pk: p for p in program_people(user=user, program=program).filter(pk__in=ids)}
    missing = [pk for pk in ids if pk not in people]
    if missing:
        errors["job_seekers"] = [f"No job seeker with id {pk} in this program." for pk in missing]
    if errors:
        raise ApiValidationError(errors)
    present = set(fields.get("present") or [])
    return {
        "date": fields["date"],
        "employer": employer,
        "new_employer_name": fields.get("new_employer_name", ""),
        "new_employer_city": fields.get("new_employer_city", ""),
        "person_met": person_met,
        "person_met_name": fields.get("person_met_name", ""),
        "face_to_face": fields.get("face_to_face", True),
        "purpose": fields["purpose"],
        "job_seekers": [(people[pk], pk in present) for pk in ids],
        "outcome": fields.get("outcome", ""),
        "next_step": fields.get("next_step", ""),
        "next_step_on": fields.get("next_step_on"),
    }


_LIST_PARAMETERS = [
    OpenApiParameter("program", OpenApiTypes.STR, description="Only this program's contacts (its slug)."),
    OpenApiParameter("staff", OpenApiTypes.INT, description="Only contacts logged by this staff membership."),
    OpenApiParameter("employer", OpenApiTypes.INT, description="Only contacts with this business."),
    OpenApiParameter("job_seeker", OpenApiTypes.INT, description="Only contacts for this person."),
    OpenApiParameter("date_from", OpenApiTypes.DATE, description="Only contacts on or after this date."),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="Only contacts on or before this date."),
    OpenApiParameter(
        "face_to_face", OpenApiTypes.BOOL, description="Only face-to-face (true) or other (false)."
    ),
]


@extend_schema_view(
    list=extend_schema(summary="Employer contacts, newest first", parameters=_LIST_PARAMETERS),
    retrieve=extend_schema(summary="One employer contact"),
    create=extend_schema(
        summary="Log an employer contact (an existing business by id, or a new one by name)",
        request=EmployerContactCreateSerializer,
        responses={201: EmployerContactSerializer},
    ),
    **update_schemas(
        update="Correct a contact (only the person who logged it)",
        partial_update="Correct some fields of a contact (only the person who logged it)",
        request=EmployerContactUpdateSerializer,
        responses=EmployerContactSerializer,
    ),
)
class EmployerContactViewSet(ListRetrieveCreateUpdateViewSet):
    """Contacts between IPS staff and businesses: what job development is made of."""

    serializer_class = EmployerContactSerializer

    def get_queryset(self):
        return selectors.visible_contacts(self.request.user)

    def _program(self, slug, action: str) -> Program:
        program = access.get_for(self.request.user, Program, slug, roles.Action.PROGRAM_VIEW, lookup="slug")
        access.require(self.request.user, action, program)
        return program

    def list(self, request, *args, **kwargs):
        filters = _ListFilters(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = dict(filters.validated_data)
        program = None
        if data.get("program"):
            program = self._program(data.pop("program"), roles.Action.EMPLOYER_VIEW)
        elif not access.can(request.user, roles.Action.EMPLOYER_VIEW):
            raise ApiPermissionDenied
        staff = data.pop("staff", None)
        employer = data.pop("employer", None)
        contacts = selectors.employer_contact_list(
            user=request.user,
            program=program,
            staff=Membership(pk=staff) if staff else None,
            employer=Employer(pk=employer) if employer else None,
            job_seeker=data.pop("job_seeker", None),
            **data,
        )
        page = self.paginate_queryset(contacts)
        return self.get_paginated_response(EmployerContactSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        contact = selectors.employer_contact_for(user=request.user, pk=self.kwargs["pk"])
        return Response(EmployerContactSerializer(contact).data)

    def create(self, request, *args, **kwargs):
        data = EmployerContactCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        program = self._program(fields.pop("program"), roles.Action.EMPLOYER_EDIT)
        contact = services.employer_contact_log(
            actor=request.user, program=program, **_resolve(program, fields, request.user)
        )
        fresh = selectors.contact_queryset().get(pk=contact.pk)
        return Response(EmployerContactSerializer(fresh).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        contact = selectors.employer_contact_for(
            user=request.user, pk=self.kwargs["pk"], action=roles.Action.EMPLOYER_EDIT
        )
        given = versioned(
            EmployerContactUpdateSerializer,
            request.data,
            partial=partial,
            missing_version="Give the version of the contact you read.",
        )
        named = list(contact.for_job_seekers.all())
        fields = {
            "date": contact.date,
            "employer": contact.employer_id,
            "person_met": contact.person_met_id,
            "face_to_face": contact.face_to_face,
            "purpose": contact.purpose,
            "job_seekers": [row.job_seeker_id for row in named],
            "present": [row.job_seeker_id for row in named if row.present],
            "outcome": contact.outcome,
            "next_step": contact.next_step,
            "next_step_on": contact.next_step_on,
        }
        if partial:  # only what the caller sent replaces the stored values
            given = {k: v for k, v in given.items() if k in request.data}
        fields.update(given)
        version = fields.pop("version")
        services.employer_contact_update(
            actor=request.user,
            contact=contact,
            version=version,
            **_resolve(contact.program, fields, request.user),
        )
        return Response(EmployerContactSerializer(selectors.contact_queryset().get(pk=contact.pk)).data)

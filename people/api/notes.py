"""API: a person's service notes and their addenda, through the same gate and services as the pages."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts import access, roles
from core import audit
from core.models import AuditAction
from core.viewsets import ListRetrieveCreateUpdateViewSet, update_schemas, versioned

from ..models import JobSeeker, NoteAddendum, NoteKind, NoteLocation, NoteMode, ServiceNote
from ..selectors import notes as note_selectors
from ..services import notes as note_services
from .common import job_seeker_by_id, validated


class NoteAddendumSerializer(serializers.ModelSerializer):
    author_name = serializers.SerializerMethodField()

    class Meta:
        model = NoteAddendum
        fields = ["id", "text", "contains_part2", "author", "author_name", "created_at"]
        read_only_fields = fields

    def get_author_name(self, addendum) -> str:
        return addendum.author.get_full_name() or addendum.author.email


class ServiceNoteSerializer(serializers.ModelSerializer):
    """A note as it stands, with the addenda the caller may see."""

    program = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    written_by = serializers.SerializerMethodField()
    is_locked = serializers.SerializerMethodField()
    addenda = serializers.SerializerMethodField()

    class Meta:
        model = ServiceNote
        fields = [
            "id",
            "job_seeker",
            "program",
            "date",
            "kind",
            "kind_label",
            "location",
            "mode",
            "minutes",
            "text",
            "contains_part2",
            "staff",
            "written_by",
            "locked_at",
            "is_locked",
            "version",
            "created_at",
            "addenda",
        ]
        read_only_fields = fields

    def get_written_by(self, note) -> str | None:
        if note.staff is None:
            return None
        return note.staff.user.get_full_name() or note.staff.user.email

    def get_is_locked(self, note) -> bool:
        return note.is_locked()

    @extend_schema_field(NoteAddendumSerializer(many=True))
    def get_addenda(self, note) -> list[dict]:
        return NoteAddendumSerializer(getattr(note, "visible_addenda", []), many=True).data


class _NoteFields(serializers.Serializer):
    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=NoteKind.choices)
    location = serializers.ChoiceField(choices=NoteLocation.choices)
    mode = serializers.ChoiceField(choices=NoteMode.choices, default=NoteMode.IN_PERSON)
    minutes = serializers.IntegerField(min_value=1, max_value=note_services.MAX_MINUTES)
    text = serializers.CharField(trim_whitespace=True)
    contains_part2 = serializers.BooleanField(default=False)


class ServiceNoteCreateSerializer(_NoteFields):
    """A new note about a person (by the person's id)."""

    job_seeker = serializers.IntegerField()


class ServiceNoteUpdateSerializer(_NoteFields):
    """A change to a note within 24 hours of writing it; `version` is the version you read."""

    version = serializers.IntegerField()


class NoteAddendumCreateSerializer(serializers.Serializer):
    text = serializers.CharField(trim_whitespace=True)
    contains_part2 = serializers.BooleanField(default=False)


_LIST_PARAMETERS = [
    OpenApiParameter("job_seeker", OpenApiTypes.INT, required=True, description="The person's id."),
    OpenApiParameter("q", OpenApiTypes.STR, description="Words to find in the notes' text and addenda."),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=NoteKind.values, description="Only notes of this kind."),
    OpenApiParameter("date_from", OpenApiTypes.DATE, description="Only notes on or after this date."),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="Only notes on or before this date."),
]


@extend_schema_view(
    list=extend_schema(
        summary="A person's service notes, newest first, with their addenda", parameters=_LIST_PARAMETERS
    ),
    retrieve=extend_schema(summary="One service note with its addenda"),
    create=extend_schema(
        summary="Write a service note",
        request=ServiceNoteCreateSerializer,
        responses={201: ServiceNoteSerializer},
    ),
    **update_schemas(
        update="Change a note within 24 hours of writing it (its writer only; 400 once locked)",
        partial_update="Change some fields of a note within 24 hours of writing it (its writer only)",
        request=ServiceNoteUpdateSerializer,
        responses=ServiceNoteSerializer,
    ),
)
class ServiceNoteViewSet(ListRetrieveCreateUpdateViewSet):
    """Service notes: legal records, editable by their writer for 24 hours, then only added to."""

    serializer_class = ServiceNoteSerializer

    def get_queryset(self):
        return note_selectors.visible_notes(self.request.user)

    def _read(self, job_seeker_id: int, obj) -> None:
        audit.record(actor=self.request.user, action=AuditAction.READ, obj=obj, job_seeker_id=job_seeker_id)

    def _job_seeker(self, pk, action_name: str) -> JobSeeker:
        return job_seeker_by_id(self.request.user, pk, action_name)

    def _note(self, action_name: str = roles.Action.JOB_SEEKER_VIEW) -> ServiceNote:
        return access.get_for(
            self.request.user,
            note_selectors.note_queryset(self.request.user),
            self.kwargs["pk"],
            action_name,
        )

    def _fresh(self, note_pk) -> ServiceNote:
        return note_selectors.visible_notes(self.request.user).get(pk=note_pk)

    def list(self, request, *args, **kwargs):
        job_seeker = self._job_seeker(request.query_params.get("job_seeker"), roles.Action.JOB_SEEKER_VIEW)
        filters = validated(_ListFilters, request.query_params)
        notes = note_selectors.service_note_list(user=request.user, job_seeker=job_seeker, **filters)
        page = self.paginate_queryset(notes)
        self._read(job_seeker.pk, job_seeker)
        return self.get_paginated_response(ServiceNoteSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        note = self._note()
        self._read(note.job_seeker_id, note.job_seeker)
        return Response(ServiceNoteSerializer(note).data)

    def create(self, request, *args, **kwargs):
        fields = validated(ServiceNoteCreateSerializer, request.data)
        job_seeker = self._job_seeker(fields.pop("job_seeker"), roles.Action.JOB_SEEKER_EDIT)
        note = note_services.service_note_create(actor=request.user, job_seeker=job_seeker, **fields)
        return Response(ServiceNoteSerializer(self._fresh(note.pk)).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        note = self._note(roles.Action.JOB_SEEKER_EDIT)
        fields = {name: getattr(note, name) for name in note_services.EDITABLE_FIELDS}
        fields.update(
            versioned(
                ServiceNoteUpdateSerializer,
                request.data,
                partial=partial,
                missing_version="Give the version of the note you read.",
            )
        )
        note_services.service_note_update(actor=request.user, note=note, **fields)
        return Response(ServiceNoteSerializer(self._fresh(note.pk)).data)

    @extend_schema(
        summary="Add an addendum to a note (locked or not); an addendum is never edited",
        request=NoteAddendumCreateSerializer,
        responses={201: NoteAddendumSerializer},
    )
    @action(detail=True, methods=["post"], url_path="addenda", url_name="addenda")
    def addenda(self, request, pk=None):
        note = self._note(roles.Action.JOB_SEEKER_EDIT)
        data = validated(NoteAddendumCreateSerializer, request.data)
        addendum = note_services.note_addendum_add(actor=request.user, note=note, **data)
        return Response(NoteAddendumSerializer(addendum).data, status=status.HTTP_201_CREATED)


class _ListFilters(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    kind = serializers.ChoiceField(choices=NoteKind.choices, required=False, allow_blank=True, default="")
    date_from = serializers.DateField(required=False, default=None)
    date_to = serializers.DateField(required=False, default=None)

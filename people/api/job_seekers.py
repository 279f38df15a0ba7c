"""API: job seekers and referrals, through the same gate and services as the pages.

A new job seeker is a referral (`job_seeker_refer`: there is no eligibility question). Enrolling,
transferring, closing and re-opening are actions on a person, each through its service; every
write carries the `version` the caller read, and a stale one is refused.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from accounts import access, roles
from accounts.models import Membership, Program
from core import audit
from core.api import yes_no_param
from core.dates import today_in
from core.models import AuditAction

from .. import services
from ..languages import is_language_tag, language_label
from ..models import ClosureReason, JobSeeker, ReferralSource
from ..selectors.caseload import Phase, phase_annotation

VIEW = roles.Action.JOB_SEEKER_VIEW
EDIT = roles.Action.JOB_SEEKER_EDIT


class SpecialistSerializer(serializers.ModelSerializer):
    """An employment specialist: the membership's id (what enroll and transfer take) and name."""

    name = serializers.SerializerMethodField()

    class Meta:
        model = Membership
        fields = ["id", "name"]

    def get_name(self, membership) -> str:
        return membership.user.get_full_name() or membership.user.email


class JobSeekerSerializer(serializers.ModelSerializer):
    """A person referred because they want to work, with their phase today."""

    program = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    display_name = serializers.CharField(read_only=True)
    preferred_language_label = serializers.SerializerMethodField()
    employment_specialist = SpecialistSerializer(read_only=True, allow_null=True)
    phase = serializers.ChoiceField(choices=Phase.choices, read_only=True)

    class Meta:
        model = JobSeeker
        fields = [
            "id",
            "ref",
            "program",
            "display_name",
            "first_name",
            "last_name",
            "preferred_name",
            "pronouns",
            "date_of_birth",
            "phone",
            "email",
            "ok_to_leave_message",
            "address_line1",
            "address_line2",
            "city",
            "state",
            "postal_code",
            "contact_preference",
            "preferred_language",
            "preferred_language_label",
            "interpreter_needed",
            "referral_date",
            "interest_date",
            "referral_source",
            "referral_source_other",
            "referred_by_name",
            "referral_channel",
            "referral_note",
            "enrollment_date",
            "employment_specialist",
            "job_search_started_on",
            "closed_date",
            "closure_reason",
            "closure_note",
            "phase",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_preferred_language_label(self, job_seeker) -> str:
        return language_label(job_seeker.preferred_language)


class ReferralSerializer(serializers.Serializer):
    """A referral: who wants to work and how we heard. No eligibility or readiness question."""

    program = serializers.SlugField(help_text="The slug of the program the person is referred to.")
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    preferred_language = serializers.CharField(
        max_length=35,
        required=False,
        default="en",
        help_text="A BCP 47 tag: en, es, hmn, so, ar or any other.",
    )
    referral_source = serializers.ChoiceField(
        choices=ReferralSource.choices, required=False, allow_blank=True, default=""
    )
    referral_source_other = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    referral_date = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Empty for today."
    )
    interest_date = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The date they said they want to work; empty for the referral date.",
    )
    referral_note = serializers.CharField(required=False, allow_blank=True, default="")
    allow_duplicate = serializers.BooleanField(
        default=False,
        help_text="True when the program has a record with the same name and date of birth and this "
        "is a different person.",
    )
    confirm_under_14 = serializers.BooleanField(
        default=False,
        help_text="True to refer a person under 14 on the referral date (a warning, never a refusal).",
    )

    def validate_preferred_language(self, value: str) -> str:
        value = (value or "").strip()
        if not is_language_tag(value):
            raise serializers.ValidationError(_("Enter a language code such as en, es, hmn, so or ar."))
        return value


class _Versioned(serializers.Serializer):
    version = serializers.IntegerField(
        help_text="The person's version as you read it; if someone changed the record since, the "
        "change is refused with a message on `version`."
    )


class EnrollSerializer(_Versioned):
    enrollment_date = serializers.DateField(help_text="The first meeting with the employment specialist.")
    employment_specialist = serializers.PrimaryKeyRelatedField(
        queryset=Membership.objects.filter(role=roles.ES),
        help_text="The id of a current employment specialist's membership in the person's program.",
    )


class TransferSerializer(_Versioned):
    employment_specialist = serializers.PrimaryKeyRelatedField(
        queryset=Membership.objects.filter(role=roles.ES),
        help_text="The id of the new employment specialist's membership in the person's program.",
    )
    on_date = serializers.DateField()
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class CloseSerializer(_Versioned):
    closed_date = serializers.DateField(
        help_text="Not in the future; not before enrollment (or the referral)."
    )
    closure_reason = serializers.ChoiceField(choices=ClosureReason.choices)
    closure_note = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Needed when the reason is `other`."
    )


class ReopenSerializer(_Versioned):
    reopen_note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


_LIST_PARAMETERS = [
    OpenApiParameter("program", OpenApiTypes.STR, description="Only this program (its slug)."),
    OpenApiParameter(
        "phase", OpenApiTypes.STR, enum=Phase.values, description="Only people in this phase today."
    ),
    OpenApiParameter(
        "enrolled", OpenApiTypes.BOOL, description="Only people enrolled (true) or not yet (false)."
    ),
    OpenApiParameter("closed", OpenApiTypes.BOOL, description="Only closed (true) or open (false) records."),
    OpenApiParameter("q", OpenApiTypes.STR, description="Part of a name or the reference."),
]


_BAD_INPUT = OpenApiResponse(
    description="Bad input: {field: [message]} (`non_field_errors` for a rule about the whole record); "
    "nothing changed. A stale `version` is an error on `version`."
)


def _action_schema(summary: str, request):
    return extend_schema(
        summary=summary, request=request, responses={200: JobSeekerSerializer, 400: _BAD_INPUT}
    )


@extend_schema_view(
    list=extend_schema(summary="Job seekers the user may see, by last name", parameters=_LIST_PARAMETERS),
    retrieve=extend_schema(summary="One job seeker (writes a `read` row in the audit trail)"),
    create=extend_schema(
        summary="Refer a person who wants to work",
        description="A possible duplicate (same names and date of birth in the program) is a 400 "
        "listing `possible_duplicates`; send `allow_duplicate` to go ahead. A person under 14 on the "
        "referral date is a 400 on `date_of_birth`; send `confirm_under_14` to go ahead.",
        request=ReferralSerializer,
        responses={201: JobSeekerSerializer, 400: _BAD_INPUT},
    ),
    enroll=_action_schema("Enroll a referred person with an employment specialist", EnrollSerializer),
    transfer=_action_schema(
        "Move the person to another employment specialist's caseload", TransferSerializer
    ),
    close=_action_schema("Close the record (never automatic: support is time-unlimited)", CloseSerializer),
    reopen=_action_schema("Re-open a closed record; the closure is kept in its history", ReopenSerializer),
)
class JobSeekerViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Job seekers: referral, enrollment, transfer, closure and re-opening."""

    serializer_class = JobSeekerSerializer
    lookup_value_regex = r"[0-9]+"

    def _base(self):
        return JobSeeker.objects.select_related("program", "employment_specialist__user").annotate(
            phase=phase_annotation(timezone.localdate())
        )

    def get_queryset(self):
        return access.restrict(self._base(), self.request.user, VIEW).order_by(
            "last_name", "first_name", "id"
        )

    def _person(self, action_name: str) -> JobSeeker:
        return access.get_for(self.request.user, self._base(), self.kwargs["pk"], action_name)

    def _fresh(self, job_seeker: JobSeeker) -> dict:
        """The person as saved, with the phase on their program's today."""
        saved = (
            JobSeeker.objects.select_related("program", "employment_specialist__user")
            .annotate(phase=phase_annotation(today_in(job_seeker.program.time_zone)))
            .get(pk=job_seeker.pk)
        )
        return JobSeekerSerializer(saved).data

    def list(self, request, *args, **kwargs):
        params = request.query_params
        people = self.get_queryset()
        if params.get("program"):
            program = access.get_for(request.user, Program, params["program"], VIEW, lookup="slug")
            people = people.filter(program=program)
        else:
            access.require(request.user, VIEW)
        phase = params.get("phase")
        if phase:
            if phase not in Phase.values:
                raise ApiValidationError(
                    {"phase": [_("Choose one of: %(phases)s.") % {"phases": ", ".join(Phase.values)}]}
                )
            people = people.filter(phase=phase)
        enrolled = yes_no_param(params.get("enrolled"), "enrolled")
        if enrolled is not None:
            people = people.filter(enrollment_date__isnull=not enrolled)
        closed = yes_no_param(params.get("closed"), "closed")
        if closed is not None:
            people = people.filter(closed_date__isnull=not closed)
        q = (params.get("q") or "").strip()
        if q:
            people = people.filter(
                Q(first_name__icontains=q)
                | Q(last_name__icontains=q)
                | Q(preferred_name__icontains=q)
                | Q(ref__iexact=q)
            )
        page = self.paginate_queryset(people)
        return self.get_paginated_response(JobSeekerSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        job_seeker = self._person(VIEW)
        audit.record(actor=request.user, action=AuditAction.READ, obj=job_seeker, job_seeker_id=job_seeker.pk)
        return Response(JobSeekerSerializer(job_seeker).data)

    def create(self, request, *args, **kwargs):
        data = ReferralSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        arguments = dict(data.validated_data)
        program = access.get_for(
            request.user, Program, arguments.pop("program"), roles.Action.PROGRAM_VIEW, lookup="slug"
        )
        try:
            job_seeker = services.job_seeker_refer(actor=request.user, program=program, **arguments)
        except DjangoValidationError as exc:
            raise _referral_error(exc) from None
        return Response(self._fresh(job_seeker), status=status.HTTP_201_CREATED)

    def _act(self, request, serializer_class, service):
        job_seeker = self._person(EDIT)
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        job_seeker = service(actor=request.user, job_seeker=job_seeker, **data.validated_data)
        return Response(self._fresh(job_seeker))

    @action(detail=True, methods=["post"])
    def enroll(self, request, pk=None):
        return self._act(request, EnrollSerializer, services.job_seeker_enroll)

    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        return self._act(request, TransferSerializer, services.job_seeker_transfer)

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._act(request, CloseSerializer, services.job_seeker_close)

    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._act(request, ReopenSerializer, services.job_seeker_reopen)


def _referral_error(exc: DjangoValidationError) -> ApiValidationError:
    """A referral the service asks to confirm: the message, and what to send to go ahead."""
    code = getattr(exc, "code", None)
    if code == "duplicate":
        return ApiValidationError(
            {
                "non_field_errors": [exc.message % {"refs": exc.params["refs"]}],
                "possible_duplicates": [person.ref for person in exc.params["duplicates"]],
                "allow_duplicate": [_("Send true if this is a different person.")],
            }
        )
    if code == "under_14":
        return ApiValidationError(
            {
                "date_of_birth": [exc.message % exc.params],
                "confirm_under_14": [_("Send true if the date of birth is right.")],
            }
        )
    from core.api import django_errors

    return ApiValidationError(django_errors(exc))

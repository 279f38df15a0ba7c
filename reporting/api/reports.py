"""API: quarterly reports, their locked submissions, submit, amend and cancel an amendment, the
entered items of a report, and the live measures.

Through the same gate and services as the pages. A submitted report's figures are those of its
latest submission, never the live ones; `GET /measures/` gives the live figures. Every write
carries the report's `version` as the caller read it; a stale one is a 400 on `version`.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from accounts import access, roles
from accounts.models import Program
from core.api import yes_no_param
from core.dates import Quarter, QuarterError
from core.viewsets import ListRetrieveCreateUpdateViewSet, update_schemas, validated, versioned

from .. import measures
from ..models import EnteredItem, QuarterlyReport, ReportEntry, ReportStatus, ReportSubmission
from ..selectors.reports import check_not_future, program_today, submissions_prefetch
from ..services import reports as services

_VERSION_HELP = "The report's version your action is based on; a stale one is refused with a 400."


class ReportSubmissionSerializer(serializers.ModelSerializer):
    """A locked copy of a report as sent (number 1 is the original, later numbers amendments)."""

    submitted_by = serializers.CharField(read_only=True, help_text="Who submitted it (name).")
    is_amendment = serializers.BooleanField(read_only=True)
    on_time = serializers.BooleanField(read_only=True)
    figures = serializers.JSONField(read_only=True)
    entries = serializers.JSONField(read_only=True)

    class Meta:
        model = ReportSubmission
        fields = [
            "number",
            "is_amendment",
            "submitted_at",
            "submitted_by",
            "due_date",
            "on_time",
            "reason",
            "figures",
            "entries",
        ]
        read_only_fields = fields


class QuarterlyReportSerializer(serializers.ModelSerializer):
    program = serializers.CharField(source="program.slug", read_only=True)
    quarter = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=ReportStatus.choices, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    submissions = serializers.SerializerMethodField()
    latest_submission = serializers.SerializerMethodField()

    class Meta:
        model = QuarterlyReport
        fields = [
            "id",
            "program",
            "quarter",
            "status",
            "status_label",
            "version",
            "submissions",
            "latest_submission",
        ]
        read_only_fields = fields

    def get_quarter(self, report) -> str:
        return str(report.period)

    def get_submissions(self, report) -> int:
        return len(report.submissions.all())

    @extend_schema_field(ReportSubmissionSerializer(allow_null=True))
    def get_latest_submission(self, report):
        submissions = list(report.submissions.all())
        return ReportSubmissionSerializer(submissions[-1]).data if submissions else None


class ReportCreateSerializer(serializers.Serializer):
    program = serializers.CharField(help_text="The program's short name (slug).")
    quarter = serializers.CharField(help_text="A calendar quarter that has begun, like 2026Q2.")


class SubmitSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text=_VERSION_HELP)
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Required when an amendment is in progress: why the report is amended.",
    )


class AmendSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text=_VERSION_HELP)


_BAD_INPUT = OpenApiResponse(
    description="Bad input or a refusal: {field: [message]} (`non_field_errors` for a rule about the "
    "whole report, such as a submitted report being locked); nothing changed. A stale `version` is an "
    "error on `version`."
)


def _quarter(text, field: str = "quarter") -> Quarter:
    try:
        return Quarter.parse(text or "")
    except QuarterError as exc:
        raise ApiValidationError({field: [str(exc)]}) from None


_PROGRAM = OpenApiParameter("program", OpenApiTypes.STR, description="Only this program (its slug).")
_QUARTER = OpenApiParameter("quarter", OpenApiTypes.STR, description="Only this quarter, like 2026Q2.")


@extend_schema_view(
    list=extend_schema(
        summary="Quarterly reports of the programs you may read, newest first",
        parameters=[_PROGRAM, _QUARTER],
    ),
    retrieve=extend_schema(summary="One quarterly report, with its latest submission's locked figures"),
    create=extend_schema(
        summary="Open the draft report of a program and quarter (returns it if it exists)",
        request=ReportCreateSerializer,
        responses={201: QuarterlyReportSerializer, 200: QuarterlyReportSerializer},
    ),
)
class QuarterlyReportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Quarterly Learning Community reports: status, submissions and amendments."""

    serializer_class = QuarterlyReportSerializer
    lookup_value_regex = r"[0-9]+"

    def _base(self):
        return QuarterlyReport.objects.select_related("program").prefetch_related(submissions_prefetch())

    def get_queryset(self):
        return access.restrict(self._base(), self.request.user, roles.Action.REPORT_VIEW)

    def _report(self, action_name: str = roles.Action.REPORT_VIEW) -> QuarterlyReport:
        report = access.get_for(self.request.user, self._base(), self.kwargs["pk"], roles.Action.REPORT_VIEW)
        if action_name != roles.Action.REPORT_VIEW:
            access.require(self.request.user, action_name, report.program)
        return report

    def _fresh(self, pk) -> dict:
        return QuarterlyReportSerializer(self._base().get(pk=pk)).data

    def list(self, request, *args, **kwargs):
        reports = self.get_queryset().order_by("-year", "-quarter", "program__name", "pk")
        slug = request.query_params.get("program")
        if slug:
            reports = reports.filter(program__slug=slug)
        if request.query_params.get("quarter"):
            q = _quarter(request.query_params["quarter"])
            reports = reports.filter(year=q.year, quarter=q.number)
        page = self.paginate_queryset(reports)
        return self.get_paginated_response(QuarterlyReportSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(QuarterlyReportSerializer(self._report()).data)

    def create(self, request, *args, **kwargs):
        data = validated(ReportCreateSerializer, request.data)
        program = access.get_for(
            request.user, Program, data["program"], roles.Action.PROGRAM_VIEW, lookup="slug"
        )
        quarter = _quarter(data["quarter"])
        existed = QuarterlyReport.objects.filter(
            program=program, year=quarter.year, quarter=quarter.number
        ).exists()
        report = services.report_open(actor=request.user, program=program, quarter=quarter)
        return Response(
            self._fresh(report.pk), status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Every submission of the report: the original first, then the amendments",
        responses={200: ReportSubmissionSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], url_path="submissions", url_name="submissions")
    def submissions(self, request, pk=None):
        report = self._report()
        page = self.paginate_queryset(list(report.submissions.all()))
        return self.get_paginated_response(ReportSubmissionSerializer(page, many=True).data)

    @extend_schema(
        summary="Submit the report (or the amendment in progress): lock the live figures and entered items",
        request=SubmitSerializer,
        responses={200: QuarterlyReportSerializer},
    )
    @action(detail=True, methods=["post"], url_path="submit", url_name="submit")
    def submit(self, request, pk=None):
        return self._step(request, SubmitSerializer, services.report_submit)

    def _step(self, request, serializer, service):
        """Submit, amend or cancel: the validated fields (version, reason) go to the service."""
        report = self._report(roles.Action.REPORT_SUBMIT)
        data = validated(serializer, request.data)
        service(actor=request.user, program=report.program, quarter=report.period, **data)
        return Response(self._fresh(report.pk))

    @extend_schema(
        summary="Cancel the amendment in progress: back to the latest submission, entered items as it locked them",
        description="Items entered during the amendment are withdrawn, items changed or withdrawn are set "
        "back; the submissions and their figures do not change. A report with no amendment in progress "
        "is a 400 that says so, and nothing changes.",
        request=AmendSerializer,
        responses={200: QuarterlyReportSerializer, 400: _BAD_INPUT},
    )
    @action(detail=True, methods=["post"], url_path="cancel-amendment", url_name="cancel-amendment")
    def cancel_amendment(self, request, pk=None):
        return self._step(request, AmendSerializer, services.report_amend_cancel)

    @extend_schema(
        summary="Start an amendment of a submitted report (then change entered items and submit it)",
        request=AmendSerializer,
        responses={200: QuarterlyReportSerializer},
    )
    @action(detail=True, methods=["post"], url_path="amend", url_name="amend")
    def amend(self, request, pk=None):
        return self._step(request, AmendSerializer, services.report_amend_start)


class MeasuresViewSet(viewsets.ViewSet):
    """The live figures of one program and quarter, as outcomes.md defines them."""

    @extend_schema(
        summary="The live measures of a program for a quarter (outcomes.md JSON shape)",
        parameters=[
            OpenApiParameter("program", OpenApiTypes.STR, required=True, description="The program's slug."),
            OpenApiParameter("quarter", OpenApiTypes.STR, required=True, description="Like 2026Q2."),
        ],
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiResponse(description="A bad quarter or no program")},
    )
    def list(self, request):
        slug = request.query_params.get("program") or ""
        if not slug:
            raise ApiValidationError({"program": [_("Give the program's short name (slug).")]})
        quarter = _quarter(request.query_params.get("quarter"))
        program = access.get_for(request.user, Program, slug, roles.Action.PROGRAM_VIEW, lookup="slug")
        access.require(request.user, roles.Action.REPORT_VIEW, program)
        try:
            check_not_future(quarter, program_today(program))
        except QuarterError as exc:
            raise ApiValidationError({"quarter": [str(exc)]}) from None
        return Response(measures.as_json(measures.report(program, quarter)))


# --- Entered items ---------------------------------------------------------------------------------

_ENTRY_VERSION_HELP = (
    "The report's version as you read it (every change to the report or its entered items raises "
    "it); if it changed since, the change is refused with a 400 on `version`."
)


class ReportEntrySerializer(serializers.ModelSerializer):
    """An item the records cannot give, entered on a report with the comment that says where it comes from."""

    program = serializers.CharField(source="report.program.slug", read_only=True)
    quarter = serializers.SerializerMethodField()
    item_label = serializers.CharField(source="get_item_display", read_only=True)
    measure_label = serializers.SerializerMethodField()
    entered_by = serializers.CharField(read_only=True, help_text="Who entered it, or last changed it (name).")
    is_withdrawn = serializers.SerializerMethodField()
    report_status = serializers.CharField(
        source="report.status",
        read_only=True,
        help_text="The report's status: draft, submitted (locked) or amending.",
    )
    version = serializers.IntegerField(source="report.version", read_only=True, help_text=_ENTRY_VERSION_HELP)

    class Meta:
        model = ReportEntry
        fields = [
            "id",
            "report",
            "program",
            "quarter",
            "report_status",
            "item",
            "item_label",
            "measure",
            "measure_label",
            "value",
            "comment",
            "entered_by",
            "created_at",
            "updated_at",
            "withdrawn_at",
            "is_withdrawn",
            "version",
        ]
        read_only_fields = fields

    def get_quarter(self, entry) -> str:
        return str(entry.report.period)

    def get_measure_label(self, entry) -> str:
        return str(measures.LABELS.get(entry.measure, entry.measure)) if entry.measure else ""

    def get_is_withdrawn(self, entry) -> bool:
        return entry.withdrawn_at is not None


class _EntryFields(serializers.Serializer):
    """The fields of an entered item. Blank values reach the service, so its messages are the ones the
    pages give (one set of rules)."""

    item = serializers.ChoiceField(
        choices=EnteredItem.choices,
        error_messages={"invalid_choice": gettext_lazy("Choose one of the items listed.")},
    )
    measure = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Only for an override (item `override`): the key of the computed figure it stands "
        "beside, like `caseload_served` or `rapid_job_search.rate`; empty otherwise.",
    )
    value = serializers.CharField(max_length=500, allow_blank=True, help_text="The value (not blank).")
    comment = serializers.CharField(
        allow_blank=True, help_text="Where the value comes from, or why the figure is not right (not blank)."
    )


class ReportEntryCreateSerializer(_EntryFields):
    """A new entered item on a draft report or an amendment in progress (by the report's id)."""

    report = serializers.IntegerField(help_text="The report's id (open it first with POST /reports/).")
    version = serializers.IntegerField(help_text=_ENTRY_VERSION_HELP)


class ReportEntryUpdateSerializer(_EntryFields):
    """A change to an entered item of a draft or an amendment in progress."""

    version = serializers.IntegerField(help_text=_ENTRY_VERSION_HELP)


class EntryWithdrawSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text=_ENTRY_VERSION_HELP)


def _report_id(value, field: str = "report") -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ApiValidationError({field: [_("Give the id of a report.")]}) from None


_ENTRY_LIST_PARAMETERS = [
    OpenApiParameter("report", OpenApiTypes.INT, required=True, description="The report's id."),
    OpenApiParameter(
        "withdrawn",
        OpenApiTypes.BOOL,
        description="Only withdrawn items (true) or only the items on the report (false); both when absent.",
    ),
]


@extend_schema_view(
    list=extend_schema(
        summary="The entered items of a report, in the order they were entered",
        parameters=_ENTRY_LIST_PARAMETERS,
    ),
    retrieve=extend_schema(summary="One entered item"),
    create=extend_schema(
        summary="Enter an item on a draft report or an amendment in progress (a submitted report is a 400)",
        request=ReportEntryCreateSerializer,
        responses={201: ReportEntrySerializer, 400: _BAD_INPUT},
    ),
    **update_schemas(
        update="Change an entered item of a draft or an amendment in progress",
        partial_update="Change some fields of an entered item of a draft or an amendment in progress",
        request=ReportEntryUpdateSerializer,
        responses={200: ReportEntrySerializer, 400: _BAD_INPUT},
    ),
)
class ReportEntryViewSet(ListRetrieveCreateUpdateViewSet):
    """Entered items: what the Learning Community form asks that the records cannot give, each with a comment.

    Readers of a program's reports list and read them; the program manager (and the state
    administrator) enters, changes and withdraws them while the report is a draft or an amendment
    is in progress. An item is never deleted: a withdrawn one stays stored, marked withdrawn.
    """

    serializer_class = ReportEntrySerializer
    lookup_value_regex = r"[0-9]+"

    def _base(self):
        return ReportEntry.objects.select_related("report__program", "entered_by")

    def get_queryset(self):
        return access.restrict(self._base(), self.request.user, roles.Action.REPORT_VIEW)

    def _entry(self, action_name: str = roles.Action.REPORT_VIEW) -> ReportEntry:
        entry = access.get_for(self.request.user, self._base(), self.kwargs["pk"], roles.Action.REPORT_VIEW)
        if action_name != roles.Action.REPORT_VIEW:
            access.require(self.request.user, action_name, entry.report.program)
        return entry

    def _report(self, pk) -> QuarterlyReport:
        return access.get_for(
            self.request.user,
            QuarterlyReport.objects.select_related("program"),
            _report_id(pk),
            roles.Action.REPORT_VIEW,
        )

    def _fresh(self, pk) -> dict:
        return ReportEntrySerializer(self._base().get(pk=pk)).data

    def list(self, request, *args, **kwargs):
        report = self._report(request.query_params.get("report"))
        entries = self.get_queryset().filter(report=report).order_by("created_at", "id")
        withdrawn = yes_no_param(request.query_params.get("withdrawn"), "withdrawn")
        if withdrawn is not None:
            entries = entries.filter(withdrawn_at__isnull=not withdrawn)
        page = self.paginate_queryset(entries)
        return self.get_paginated_response(ReportEntrySerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(ReportEntrySerializer(self._entry()).data)

    def create(self, request, *args, **kwargs):
        report = self._report(request.data.get("report"))
        access.require(request.user, roles.Action.REPORT_SUBMIT, report.program)
        data = validated(ReportEntryCreateSerializer, request.data)
        data.pop("report")
        entry = services.report_entry_add(
            actor=request.user, program=report.program, quarter=report.period, **data
        )
        return Response(self._fresh(entry.pk), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        entry = self._entry(roles.Action.REPORT_SUBMIT)
        fields = {name: getattr(entry, name) for name in ("item", "measure", "value", "comment")}
        fields.update(
            versioned(
                ReportEntryUpdateSerializer,
                request.data,
                partial=partial,
                missing_version=_("Give the version of the report you read."),
            )
        )
        services.report_entry_update(actor=request.user, entry=entry, **fields)
        return Response(self._fresh(entry.pk))

    @extend_schema(
        summary="Withdraw an entered item from a draft or an amendment in progress (it stays stored)",
        request=EntryWithdrawSerializer,
        responses={200: ReportEntrySerializer, 400: _BAD_INPUT},
    )
    @action(detail=True, methods=["post"], url_path="withdraw", url_name="withdraw")
    def withdraw(self, request, pk=None):
        entry = self._entry(roles.Action.REPORT_SUBMIT)
        data = validated(EntryWithdrawSerializer, request.data)
        services.report_entry_withdraw(actor=request.user, entry=entry, version=data["version"])
        return Response(self._fresh(entry.pk))

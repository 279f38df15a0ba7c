"""API: a person's employment plans with goals and steps, through the same gate and services as the pages.

Every write names the plan's `version` it was based on (optional; when given, a stale one is a
400 saying someone else changed the plan). A partner sees plans only under a consent that
covers employment goals and progress.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from accounts import access, roles
from accounts.models import User
from core import audit
from core.models import AuditAction

from ..models import (
    EmploymentGoal,
    EmploymentPlan,
    GoalKind,
    GoalStatus,
    JobSeeker,
    PlanStatus,
    PlanStep,
    StepResponsible,
    StepStatus,
)
from ..selectors.plans import employment_plan_list, employment_plans_with_goals
from ..services import plans as plan_services
from .common import job_seeker_by_id, validated

_VERSION_HELP = "The plan's version your change is based on; a stale one is refused with a 400."


class PlanStepSerializer(serializers.ModelSerializer):
    responsible_label = serializers.CharField(source="get_responsible_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = PlanStep
        fields = [
            "id",
            "goal",
            "position",
            "text",
            "responsible",
            "responsible_label",
            "responsible_user",
            "target_date",
            "status",
            "status_label",
            "done_on",
        ]
        read_only_fields = fields


class EmploymentGoalSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    steps = PlanStepSerializer(many=True, read_only=True)

    class Meta:
        model = EmploymentGoal
        fields = ["id", "position", "text", "kind", "kind_label", "status", "status_label", "steps"]
        read_only_fields = fields


class EmploymentPlanSerializer(serializers.ModelSerializer):
    """A plan with its goals (in order) and each goal's steps (in order)."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)
    goals = EmploymentGoalSerializer(many=True, read_only=True)

    class Meta:
        model = EmploymentPlan
        fields = [
            "id",
            "job_seeker",
            "status",
            "status_label",
            "agreed_on",
            "review_due_on",
            "reviewed_on",
            "version",
            "created_at",
            "updated_at",
            "goals",
        ]
        read_only_fields = fields


class PlanCreateSerializer(serializers.Serializer):
    job_seeker = serializers.IntegerField(help_text="The person's id; they must be enrolled and not closed.")
    copy_active = serializers.BooleanField(
        default=False, help_text="Start from the active plan's goals and steps."
    )


class GoalCreateSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="The goal, in the person's own words.")
    kind = serializers.ChoiceField(choices=GoalKind.choices, default=GoalKind.JOB)
    status = serializers.ChoiceField(choices=GoalStatus.choices, default=GoalStatus.OPEN)
    version = serializers.IntegerField(required=False, allow_null=True, default=None, help_text=_VERSION_HELP)


class StepCreateSerializer(serializers.Serializer):
    goal = serializers.IntegerField(help_text="The id of a goal of this plan.")
    text = serializers.CharField()
    responsible = serializers.ChoiceField(choices=StepResponsible.choices, default=StepResponsible.JOB_SEEKER)
    responsible_user = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="A current member of the program (user id)."
    )
    target_date = serializers.DateField(required=False, allow_null=True, default=None)
    status = serializers.ChoiceField(choices=StepStatus.choices, default=StepStatus.TO_DO)
    done_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Only for a done step (not in the future); today when left out.",
    )
    version = serializers.IntegerField(required=False, allow_null=True, default=None, help_text=_VERSION_HELP)


class ActivateSerializer(serializers.Serializer):
    agreed_on = serializers.DateField(
        help_text="The day the person agreed: on or after enrollment, not in the future."
    )
    review_due_on = serializers.DateField(help_text="On or after agreed_on.")
    version = serializers.IntegerField(required=False, allow_null=True, default=None, help_text=_VERSION_HELP)


class ReviewSerializer(serializers.Serializer):
    reviewed_on = serializers.DateField(help_text="Not in the future, not before the agreement.")
    review_due_on = serializers.DateField(help_text="The next review: on or after reviewed_on.")
    version = serializers.IntegerField(required=False, allow_null=True, default=None, help_text=_VERSION_HELP)


_JOB_SEEKER = OpenApiParameter("job_seeker", OpenApiTypes.INT, required=True, description="The person's id.")


@extend_schema_view(
    list=extend_schema(
        summary="A person's employment plans, newest first, with goals and steps",
        parameters=[
            _JOB_SEEKER,
            OpenApiParameter(
                "status", OpenApiTypes.STR, enum=PlanStatus.values, description="Only this status."
            ),
        ],
    ),
    retrieve=extend_schema(summary="One employment plan with its goals and steps"),
    create=extend_schema(
        summary="Start a draft plan for an enrolled person",
        request=PlanCreateSerializer,
        responses={201: EmploymentPlanSerializer},
    ),
)
class EmploymentPlanViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Employment plans: goals in the person's words, steps, the agreement date and the review date."""

    serializer_class = EmploymentPlanSerializer
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return employment_plan_list(user=self.request.user)

    def _read(self, job_seeker_id: int) -> None:
        job_seeker = JobSeeker.objects.select_related("program").get(pk=job_seeker_id)
        audit.record(
            actor=self.request.user, action=AuditAction.READ, obj=job_seeker, job_seeker_id=job_seeker.pk
        )

    def _job_seeker(self, pk, action_name: str) -> JobSeeker:
        return job_seeker_by_id(self.request.user, pk, action_name, not_an_id=_("Give the id of a person."))

    def _plan(self, action_name: str = roles.Action.JOB_SEEKER_VIEW) -> EmploymentPlan:
        plan = access.get_for(
            self.request.user,
            # Not the restricted list: get_for tells a hidden plan (404) from a forbidden one (403).
            employment_plans_with_goals().select_related("job_seeker__program"),
            self.kwargs["pk"],
            roles.Action.JOB_SEEKER_VIEW,
        )
        if action_name != roles.Action.JOB_SEEKER_VIEW:
            access.require(self.request.user, action_name, plan.job_seeker.program)
        return plan

    def _fresh(self, plan_pk: int) -> dict:
        return EmploymentPlanSerializer(self.get_queryset().get(pk=plan_pk)).data

    def _act(self, request, serializer_class, service) -> EmploymentPlan:
        """A change to the plan: the request's input checked, then given to the service."""
        plan = self._plan(roles.Action.JOB_SEEKER_EDIT)
        service(actor=request.user, plan=plan, **validated(serializer_class, request.data))
        return plan

    def list(self, request, *args, **kwargs):
        job_seeker = self._job_seeker(request.query_params.get("job_seeker"), roles.Action.JOB_SEEKER_VIEW)
        plans = employment_plan_list(user=request.user, job_seeker=job_seeker)
        wanted = request.query_params.get("status") or ""
        if wanted:
            if wanted not in PlanStatus.values:
                raise ApiValidationError(
                    {"status": [_("Choose one of: %(values)s.") % {"values": ", ".join(PlanStatus.values)}]}
                )
            plans = plans.filter(status=wanted)
        page = self.paginate_queryset(plans)
        audit.record(actor=request.user, action=AuditAction.READ, obj=job_seeker, job_seeker_id=job_seeker.pk)
        return self.get_paginated_response(EmploymentPlanSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        plan = self._plan()
        self._read(plan.job_seeker_id)
        return Response(EmploymentPlanSerializer(plan).data)

    def create(self, request, *args, **kwargs):
        data = validated(PlanCreateSerializer, request.data)
        job_seeker = self._job_seeker(data["job_seeker"], roles.Action.JOB_SEEKER_EDIT)
        plan = plan_services.employment_plan_create(
            actor=request.user, job_seeker=job_seeker, copy_active=data["copy_active"]
        )
        return Response(self._fresh(plan.pk), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Add a goal, in the person's own words, at the end of the plan",
        request=GoalCreateSerializer,
        responses={201: EmploymentPlanSerializer},
    )
    @action(detail=True, methods=["post"], url_path="goals", url_name="goals")
    def goals(self, request, pk=None):
        plan = self._act(request, GoalCreateSerializer, plan_services.plan_goal_add)
        return Response(self._fresh(plan.pk), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Add a step toward one of the plan's goals",
        request=StepCreateSerializer,
        responses={201: EmploymentPlanSerializer},
    )
    @action(detail=True, methods=["post"], url_path="steps", url_name="steps")
    def steps(self, request, pk=None):
        plan = self._plan(roles.Action.JOB_SEEKER_EDIT)
        fields = validated(StepCreateSerializer, request.data)
        goal = EmploymentGoal.objects.filter(plan=plan, pk=fields.pop("goal")).first()
        if goal is None:
            raise ApiValidationError({"goal": [_("Choose a goal of this plan.")]})
        goal.plan = plan
        user_id = fields.pop("responsible_user")
        responsible_user = None
        if user_id is not None:
            responsible_user = User.objects.filter(pk=user_id).first()
            if responsible_user is None:
                raise ApiValidationError(
                    {"responsible_user": [_("Choose a current member of this program.")]}
                )
        plan_services.plan_step_add(
            actor=request.user, goal=goal, responsible_user=responsible_user, **fields
        )
        return Response(self._fresh(plan.pk), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="The person agreed: the draft becomes the active plan and replaces the one before",
        request=ActivateSerializer,
        responses=EmploymentPlanSerializer,
    )
    @action(detail=True, methods=["post"], url_path="activate", url_name="activate")
    def activate(self, request, pk=None):
        plan = self._act(request, ActivateSerializer, plan_services.employment_plan_activate)
        return Response(self._fresh(plan.pk))

    @extend_schema(
        summary="Record a review of the active plan and the next review date",
        request=ReviewSerializer,
        responses=EmploymentPlanSerializer,
    )
    @action(detail=True, methods=["post"], url_path="review", url_name="review")
    def review(self, request, pk=None):
        plan = self._act(request, ReviewSerializer, plan_services.employment_plan_review)
        return Response(self._fresh(plan.pk))

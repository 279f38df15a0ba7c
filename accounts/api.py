"""API: the current user, and programs through the same gate as the pages."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import api_view
from rest_framework.response import Response

from . import access, roles, selectors
from .models import Membership, Program, User


class MembershipSerializer(serializers.ModelSerializer):
    program = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    # Declared read-only so DRF does not copy the model's float validator bounds (a warning).
    fte = serializers.DecimalField(max_digits=3, decimal_places=2, read_only=True, allow_null=True)

    class Meta:
        model = Membership
        fields = ["id", "program", "role", "role_label", "fte", "start_date", "end_date"]


class MeSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()
    memberships = serializers.SerializerMethodField()
    programs = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "language", "roles", "memberships", "programs"]

    def get_roles(self, user) -> list[str]:
        return sorted(access.roles_of(user))

    def get_memberships(self, user) -> list[dict]:
        return MembershipSerializer(access.current_memberships(user), many=True).data

    def get_programs(self, user) -> list[str]:
        return list(access.visible_programs(user).order_by("slug").values_list("slug", flat=True)[:1000])


@extend_schema(responses=MeSerializer, summary="The signed-in user, their roles and programs")
@api_view(["GET"])
def me(request):
    return Response(MeSerializer(request.user).data)


class ProgramSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.name", read_only=True)
    primary_area = serializers.SerializerMethodField()

    class Meta:
        model = Program
        fields = [
            "id",
            "slug",
            "name",
            "agency",
            "state",
            "primary_area",
            "status",
            "start_date",
            "closed_date",
            "time_zone",
        ]

    def get_primary_area(self, program) -> str | None:
        area = program.primary_area
        return area.name if area else None


class ProgramViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """IPS programs the user can see."""

    serializer_class = ProgramSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.program_list(user=self.request.user).prefetch_related("programarea_set__area")

    def get_object(self):
        return access.get_for(
            self.request.user,
            self.get_queryset(),
            self.kwargs["slug"],
            roles.Action.PROGRAM_VIEW,
            lookup="slug",
        )

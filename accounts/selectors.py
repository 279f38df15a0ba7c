"""Reads that are reused or filtered by permission."""

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from core.models import AuditEvent

from . import access, roles
from .models import Membership, Program, User


def program_list(*, user, search: str = ""):
    """Programs the user can open, with their agency and staff counts, by name."""
    qs = access.restrict(Program.objects.all(), user, roles.Action.PROGRAM_VIEW).select_related("agency")
    if search:
        qs = qs.filter(
            Q(name__icontains=search) | Q(slug__icontains=search) | Q(agency__name__icontains=search)
        )
    today = timezone.localdate()
    # Staff are the people who hold a staff role today: started, not ended, account active.
    current_staff = (
        Q(memberships__role__in=list(roles.STAFF_ROLES))
        & Q(memberships__start_date__lte=today)
        & (Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=today))
        & Q(memberships__user__is_active=True)
    )
    qs = qs.annotate(staff_count=Count("memberships__user", filter=current_staff, distinct=True))
    # The pk breaks ties between equal names, so a page never repeats or skips a program.
    return qs.order_by("name", "pk")


def user_list(*, user, search: str = "", status: str = ""):
    """Every user with their memberships (state administrators)."""
    access.require(user, roles.Action.USER_MANAGE)
    qs = User.objects.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("program").order_by("start_date"))
    )
    if search:
        qs = qs.filter(
            Q(email__icontains=search) | Q(first_name__icontains=search) | Q(last_name__icontains=search)
        )
    if status == "active":
        qs = qs.filter(is_active=True)
    elif status == "inactive":
        qs = qs.filter(is_active=False)
    return qs.order_by("last_name", "first_name", "email")


def audit_event_list(
    *,
    user,
    program=None,
    actor_email="",
    action="",
    object_type="",
    person=None,
    date_from=None,
    date_to=None,
):
    """The audit trail the user may read: their programs' rows, or everything for the state."""
    qs = access.restrict(AuditEvent.objects.all(), user, roles.Action.AUDIT_VIEW)
    if not access.scope(user, roles.Action.AUDIT_VIEW).everywhere:
        qs = qs.filter(program__isnull=False)
    if program is not None:
        qs = qs.filter(program=program)
    if actor_email:
        qs = qs.filter(actor_email__icontains=actor_email)
    if action:
        qs = qs.filter(action=action)
    if object_type:
        qs = qs.filter(object_type__icontains=object_type)
    if person:
        qs = qs.filter(job_seeker_id=person)
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs.select_related("program").order_by("-at", "-id")

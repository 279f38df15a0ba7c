"""The home page, the health check and the error pages."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from accounts import access, roles


@login_required
def home(request):
    memberships = access.current_memberships(request.user)
    # Staff start their day on Today and the caseload of each program they work in.
    day_programs = {
        m.program_id: m.program for m in memberships if m.program_id and m.role in roles.STAFF_ROLES
    }
    return render(
        request,
        "core/home.html",
        {
            "memberships": memberships,
            "day_programs": sorted(day_programs.values(), key=lambda p: p.name),
            "state_wide": any(m.program_id is None for m in memberships),
            "program_count": access.visible_programs(request.user).count(),
            "can_create_program": access.can(request.user, roles.Action.PROGRAM_CREATE),
        },
    )


@never_cache
def healthz(request):
    """JSON with the database's state: 200 when it answers, 503 when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = {"status": "ok", "vendor": connection.vendor}
        status = 200
    except Exception as exc:  # any database failure means "unhealthy", never a crash
        database = {"status": "error", "vendor": connection.vendor, "error": exc.__class__.__name__}
        status = 503
    return JsonResponse({"status": "ok" if status == 200 else "error", "database": database}, status=status)


def error_400(request, exception=None):
    return render(request, "400.html", status=400)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    return render(request, "500.html", status=500)

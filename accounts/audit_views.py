"""The audit trail: program managers read their program's, state administrators everything."""

import csv
import json

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from core import audit
from core.models import AuditAction

from . import access, roles, selectors
from .forms import AuditFilterForm
from .models import Program


def _filtered(request):
    access.require(request.user, roles.Action.AUDIT_VIEW)
    form = AuditFilterForm(request.GET or None)
    program = None
    slug = request.GET.get("program")
    if slug:
        program = access.get_for(request.user, Program, slug, roles.Action.AUDIT_VIEW, lookup="slug")
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_event_list(
        user=request.user,
        program=program,
        actor_email=filters.get("user", ""),
        action=filters.get("action", ""),
        object_type=filters.get("object_type", ""),
        person=filters.get("person") or None,
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    if form.is_bound and not form.is_valid():
        events = events.none()
    return form, program, events


@login_required
def audit_list(request):
    form, program, events = _filtered(request)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    programs = access.restrict(Program.objects.all(), request.user, roles.Action.AUDIT_VIEW).only(
        "slug", "name"
    )
    return render(
        request,
        "accounts/audit_list.html",
        {
            "form": form,
            "page": page,
            "program": program,
            "programs": programs,
            "query": query.urlencode(),
        },
        status=400 if form.errors else 200,
    )


class _Echo:
    def write(self, value):
        return value


@login_required
def audit_export(request):
    """The filtered trail as CSV; the export itself is recorded."""
    form, program, events = _filtered(request)
    if form.errors:
        # Same rule as the page: a filter that cannot be read is an error, not an empty file.
        problems = "\n".join(f"{form[name].label}: {' '.join(errs)}" for name, errs in form.errors.items())
        return HttpResponseBadRequest(problems, content_type="text/plain; charset=utf-8")
    export = audit.record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="core.AuditEvent",
        object_id="",
        program=program,
        changes={"filters": [None, request.GET.urlencode()]},
    )
    # The file holds the trail as it was when asked for (not this export's own row).
    events = events.filter(pk__lt=export.pk)
    writer = csv.writer(_Echo())
    header = [
        "at",
        "actor_email",
        "ip",
        "program",
        "job_seeker_id",
        "object_type",
        "object_id",
        "object",
        "action",
        "changes",
        "request_id",
    ]

    def rows():
        yield writer.writerow(header)
        for e in events.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    timezone.localtime(e.at).isoformat(),
                    e.actor_email,
                    e.ip or "",
                    e.program.slug if e.program_id else "",
                    e.job_seeker_id or "",
                    e.object_type,
                    e.object_id,
                    e.object_repr,
                    e.action,
                    json.dumps(e.changes, ensure_ascii=False) if e.changes else "",
                    e.request_id,
                ]
            )

    name = f"audit-{program.slug if program else 'all'}-{timezone.localdate():%Y%m%d}.csv"
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

"""What the pages about one person share: the person through the gate, the read row, the form page.

Kept apart from people/views/__init__.py so that every page module can import it at the top
without a cycle (the record page imports the page modules for their cards).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render

from accounts import access
from core import audit
from core.forms import apply_errors
from core.models import AuditAction

from ..models import JobSeeker


def job_seeker_for(request, slug, pk, action):
    """The person through the gate, only under their own program's address."""
    job_seeker = access.get_for(
        request.user,
        JobSeeker.objects.select_related("program", "referred_by_user", "employment_specialist__user"),
        pk,
        action,
    )
    if job_seeker.program.slug != slug:
        raise Http404
    return job_seeker


def show_errors(form, exc: ValidationError) -> None:
    """A service's errors on the form; a stale version or a refusal is told above the form."""
    if hasattr(exc, "error_dict") and "version" in exc.error_dict:
        errors = dict(exc.error_dict)
        form.add_error(None, errors.pop("version"))
        if not errors:
            return
        exc = ValidationError(errors)
    apply_errors(form, exc)


def record_read(request, job_seeker, obj=None) -> None:
    """A page that shows the person's record (or `obj` of it) is a read in the audit trail."""
    audit.record(
        actor=request.user, action=AuditAction.READ, obj=obj or job_seeker, job_seeker_id=job_seeker.pk
    )


def save_posted(request, form, service, *, on_error=show_errors, **arguments):
    """On a POST with valid input, call the service with the form's data and return what it saved.

    None when the page is to be shown (again): a GET, bad input, or a refusal from the service,
    whose reasons `on_error` puts on the form.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return service(actor=request.user, **arguments, **form.cleaned_data)
    except ValidationError as exc:
        on_error(form, exc)
        return None


def form_page(request, job_seeker, template, form, **context):
    """A form page about the person: 400 while the form shows errors."""
    return render(
        request,
        template,
        {"job_seeker": job_seeker, "program": job_seeker.program, "form": form, **context},
        status=400 if form.errors else 200,
    )
